/* S5L8720 I2C controller: the master protocol of openiBoot's driver with
 * byte-accurate SCL timing.  Protocol model and choices: dev/i2c.h and
 * docs/devices/i2c.md. */
#include "dev/i2c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "soc/clocks.h"
#include "soc/state.h"

/* Where the bus is. */
enum I2cPhase {
    PH_IDLE,  /* bus free */
    PH_XFER,  /* an operation (op) is on the wire, EV_I2C due */
    PH_HELD,  /* byte done, SCL held, IICCON pending reads 1 */
    PH_OWNED, /* released for a repeated START, bus still ours */
};

/* What is on the wire during PH_XFER. */
enum I2cOp { OP_ADDR, OP_TX, OP_RX, OP_STOP, OP_RESTART };

#define NO_TARGET 0xFFu

typedef struct I2cSlot {
    uint8_t addr;
    I2cTarget t;
} I2cSlot;

struct I2cDev {
    Scheduler *sched;
    Log *log;
    unsigned index;
    char name[8];
    IrqLine irq;
    bool irq_level;
    I2cSlot targets[I2C_MAX_TARGETS];
    unsigned ntargets;

    uint32_t con, stat, add, ds, lc, reg14, reg18, reg1c, reg20;
    uint32_t phase, op;
    bool lrb;          /* IICSTAT bit 0 */
    bool stop_req;     /* STOP asked for while held */
    bool restart_req;  /* repeated-START release asked for while held */
    bool rx_ack;       /* ACK the master gives the byte being received */
    uint8_t shift;     /* byte being sent (address or data) */
    uint8_t cur;       /* index of the addressed target, NO_TARGET when none */
};

static void update_irq(I2cDev *i)
{
    bool level = (i->con & I2C_CON_IRQ_EN) && (i->reg20 & (I2C_REG20_BYTE_DONE | I2C_REG20_COND_DONE));
    if (level != i->irq_level) {
        i->irq_level = level;
        irq_set(i->irq, level);
    }
}

/* SCL periods in CPU cycles for the current IICCON clock settings. */
static uint64_t periods(const I2cDev *i, unsigned n)
{
    uint64_t div = (i->con & I2C_CON_CLK512) ? 512 : 16;
    uint64_t pre = (i->con & I2C_CON_PRESCALER_MASK) + 1;
    return clk_cycles(n * div * pre, PCLK_HZ);
}

static void begin(I2cDev *i, enum I2cOp op, unsigned n_periods)
{
    i->phase = PH_XFER;
    i->op = op;
    sched_add(i->sched, EV_I2C(i->index), periods(i, n_periods), 0);
}

static void end_target(I2cDev *i)
{
    if (i->cur != NO_TARGET && i->targets[i->cur].t.stop)
        i->targets[i->cur].t.stop(i->targets[i->cur].t.opaque);
    i->cur = NO_TARGET;
}

static void i2c_op_done(void *opaque, uint64_t param, uint64_t late)
{
    I2cDev *i = opaque;
    (void)param;
    (void)late;
    if (i->phase != PH_XFER) return;
    switch (i->op) {
    case OP_ADDR: {
        uint8_t addr7 = i->shift >> 1;
        unsigned found = NO_TARGET;
        for (unsigned k = 0; k < i->ntargets; k++)
            if (i->targets[k].addr == addr7) found = k;
        if (i->cur != found) end_target(i);
        bool ack = false;
        if (found != NO_TARGET) {
            const I2cTarget *t = &i->targets[found].t;
            ack = t->start ? t->start(t->opaque, i->shift & 1) : true;
        }
        i->cur = ack ? (uint8_t)found : NO_TARGET;
        i->lrb = !ack;
        break;
    }
    case OP_TX: {
        bool ack = false;
        if (i->cur != NO_TARGET && i->targets[i->cur].t.write_byte)
            ack = i->targets[i->cur].t.write_byte(i->targets[i->cur].t.opaque, i->shift);
        i->lrb = !ack;
        break;
    }
    case OP_RX: {
        uint8_t b = 0xFF; /* nobody drives SDA: pulled-up ones */
        if (i->cur != NO_TARGET && i->targets[i->cur].t.read_byte)
            b = i->targets[i->cur].t.read_byte(i->targets[i->cur].t.opaque, i->rx_ack);
        i->ds = b;
        i->lrb = !i->rx_ack;
        break;
    }
    case OP_STOP:
        end_target(i);
        i->phase = PH_IDLE;
        i->reg20 |= I2C_REG20_COND_DONE;
        update_irq(i);
        return;
    case OP_RESTART:
        i->phase = PH_OWNED;
        i->reg20 |= I2C_REG20_COND_DONE;
        update_irq(i);
        return;
    }
    i->phase = PH_HELD;
    i->stop_req = i->restart_req = false;
    i->reg20 |= I2C_REG20_BYTE_DONE;
    update_irq(i);
}

static void write_stat(I2cDev *i, uint32_t v)
{
    i->stat = v & (I2C_STAT_MODE_MASK | I2C_STAT_START | I2C_STAT_OUT_EN);
    uint32_t mode = (v & I2C_STAT_MODE_MASK) >> I2C_STAT_MODE_SHIFT;
    bool master = mode == I2C_MODE_MASTER_RX || mode == I2C_MODE_MASTER_TX;
    bool start = (v & I2C_STAT_START) && (v & I2C_STAT_OUT_EN);
    bool stop = !(v & I2C_STAT_START);

    if (i->phase == PH_XFER) {
        if (start || stop)
            log_guest_error(i->log, i->name, I2C_IICSTAT, "START/STOP written during a transfer");
        if (stop) i->stop_req = true;
        return;
    }
    if (start) {
        if (!master) {
            log_unimp(i->log, i->name, I2C_IICSTAT, true, 4, v);
            return;
        }
        /* START (or repeated START) and the address byte from IICDS. */
        i->shift = (uint8_t)i->ds;
        i->lrb = false;
        i->stop_req = i->restart_req = false;
        begin(i, OP_ADDR, 1 + 9);
        return;
    }
    if (stop) {
        if (i->phase == PH_HELD) i->stop_req = true; /* goes out on resume */
        else if (i->phase == PH_OWNED) begin(i, OP_STOP, 1);
        return;
    }
    /* Bit 5 set, output disabled: prepare a repeated START. */
    if (i->phase == PH_HELD) i->restart_req = true;
}

static void write_con(I2cDev *i, uint32_t v)
{
    i->con = v & ~I2C_CON_PENDING;
    if ((v & I2C_CON_PENDING) && i->phase == PH_HELD) {
        uint32_t mode = (i->stat & I2C_STAT_MODE_MASK) >> I2C_STAT_MODE_SHIFT;
        if (i->stop_req) {
            begin(i, OP_STOP, 1);
        } else if (i->restart_req) {
            begin(i, OP_RESTART, 1);
        } else if (mode == I2C_MODE_MASTER_TX) {
            i->shift = (uint8_t)i->ds;
            begin(i, OP_TX, 9);
        } else if (mode == I2C_MODE_MASTER_RX) {
            i->rx_ack = (i->con & I2C_CON_ACK_EN) != 0;
            begin(i, OP_RX, 9);
        } else {
            log_guest_error(i->log, i->name, I2C_IICCON, "resume in a slave mode");
        }
    }
    update_irq(i);
}

static uint32_t reg_read(I2cDev *i, uint32_t off)
{
    switch (off) {
    case I2C_IICCON: return i->con | (i->phase == PH_HELD ? I2C_CON_PENDING : 0);
    case I2C_IICSTAT:
        return (i->stat & (I2C_STAT_MODE_MASK | I2C_STAT_OUT_EN)) |
               (i->phase != PH_IDLE ? I2C_STAT_START : 0) |
               (i->lrb ? I2C_STAT_LRB : 0);
    case I2C_IICADD: return i->add;
    case I2C_IICDS: return i->ds;
    case I2C_IICLC: return i->lc;
    case I2C_REG14: return i->reg14;
    case I2C_REG18: return i->reg18;
    case I2C_REG1C: return i->reg1c;
    case I2C_REG20: return i->reg20;
    default:
        log_unimp(i->log, i->name, off, false, 4, 0);
        return 0;
    }
}

static uint32_t i2c_read(void *opaque, uint32_t off, unsigned size)
{
    I2cDev *i = opaque;
    if (size != 4 && size != 2 && size != 1) {
        log_unimp(i->log, i->name, off, false, size, 0);
        return 0;
    }
    uint32_t v = reg_read(i, off & ~3u) >> (8 * (off & 3));
    return size == 4 ? v : v & ((1u << (8 * size)) - 1);
}

static void reg_write(I2cDev *i, uint32_t off, uint32_t v)
{
    switch (off) {
    case I2C_IICCON: write_con(i, v); break;
    case I2C_IICSTAT: write_stat(i, v); break;
    case I2C_IICADD: i->add = v & 0xFF; break;
    case I2C_IICDS:
        if (i->phase == PH_XFER) log_guest_error(i->log, i->name, off, "IICDS written during a transfer");
        i->ds = v & 0xFF;
        break;
    case I2C_IICLC: i->lc = v; break;
    case I2C_REG14: i->reg14 = v; break;
    case I2C_REG18: i->reg18 = v; break;
    case I2C_REG1C: i->reg1c = v; break;
    case I2C_REG20:
        i->reg20 &= ~v;
        update_irq(i);
        break;
    default: log_unimp(i->log, i->name, off, true, 4, v); break;
    }
}

static void i2c_write(void *opaque, uint32_t off, uint32_t val, unsigned size)
{
    I2cDev *i = opaque;
    if (size != 4 && size != 2 && size != 1) {
        log_unimp(i->log, i->name, off, true, size, val);
        return;
    }
    if (size != 4) {
        /* Narrow stores merge into the register (a control register is
         * still written as a whole, so its side effects run once). */
        uint32_t shift = 8 * (off & 3);
        if ((off & ~3u) == I2C_IICSTAT && shift) return; /* nothing above bit 7 */
        uint32_t mask = ((1u << (8 * size)) - 1) << shift;
        uint32_t old = reg_read(i, off & ~3u);
        if ((off & ~3u) == I2C_REG20) old = 0; /* W1C: only the written bits */
        val = (old & ~mask) | ((val << shift) & mask);
        if ((off & ~3u) == I2C_IICCON && !((mask >> 4) & 1)) val &= ~I2C_CON_PENDING;
    }
    reg_write(i, off & ~3u, val);
}

static void i2c_reset(void *opaque)
{
    I2cDev *i = opaque;
    sched_cancel(i->sched, EV_I2C(i->index));
    end_target(i);
    i->con = i->stat = i->add = i->ds = i->lc = 0;
    i->reg14 = i->reg18 = i->reg1c = i->reg20 = 0;
    i->phase = PH_IDLE;
    i->op = OP_ADDR;
    i->lrb = i->stop_req = i->restart_req = i->rx_ack = false;
    i->shift = 0;
    i->irq_level = false;
    irq_set(i->irq, false);
}

static void i2c_state(void *opaque, StateIO *io)
{
    I2cDev *i = opaque;
    if (!state_begin(io, "I2C ", 1)) return;
    state_u32(io, &i->con);
    state_u32(io, &i->stat);
    state_u32(io, &i->add);
    state_u32(io, &i->ds);
    state_u32(io, &i->lc);
    state_u32(io, &i->reg14);
    state_u32(io, &i->reg18);
    state_u32(io, &i->reg1c);
    state_u32(io, &i->reg20);
    state_u32(io, &i->phase);
    state_u32(io, &i->op);
    state_bool(io, &i->lrb);
    state_bool(io, &i->stop_req);
    state_bool(io, &i->restart_req);
    state_bool(io, &i->rx_ack);
    state_u8(io, &i->shift);
    state_u8(io, &i->cur);
    state_bool(io, &i->irq_level);
    state_end(io);
    if (state_is_loading(io)) {
        if (i->phase > PH_OWNED) i->phase = PH_IDLE;
        if (i->op > OP_RESTART) i->op = OP_STOP;
        if (i->cur != NO_TARGET && i->cur >= i->ntargets) i->cur = NO_TARGET;
        irq_set(i->irq, i->irq_level);
    }
}

static void i2c_destroy(void *opaque) { free(opaque); }

const DeviceOps i2c_ops = {
    .name = "i2c",
    .read = i2c_read,
    .write = i2c_write,
    .reset = i2c_reset,
    .state = i2c_state,
    .destroy = i2c_destroy,
};

I2cDev *i2c_create(const DevEnv *env, unsigned index)
{
    if (index >= I2C_COUNT) return NULL;
    I2cDev *i = calloc(1, sizeof *i);
    if (!i) return NULL;
    i->sched = env->sched;
    i->log = env->log;
    i->index = index;
    i->cur = NO_TARGET;
    snprintf(i->name, sizeof i->name, "i2c%u", index);
    sched_register(i->sched, EV_I2C(index), i2c_op_done, i);
    i2c_reset(i);
    return i;
}

void i2c_connect_irq(I2cDev *i, IrqLine irq)
{
    i->irq = irq;
    irq_set(irq, i->irq_level);
}

bool i2c_attach(I2cDev *i, uint8_t addr7, const I2cTarget *t)
{
    if (i->ntargets >= I2C_MAX_TARGETS || addr7 > 0x7F || !t) return false;
    for (unsigned k = 0; k < i->ntargets; k++)
        if (i->targets[k].addr == addr7) return false;
    i->targets[i->ntargets].addr = addr7;
    i->targets[i->ntargets].t = *t;
    i->ntargets++;
    return true;
}
