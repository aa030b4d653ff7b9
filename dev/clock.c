/* S5L8720 clock/power manager blocks 0 and 1 (dev/clock.h;
 * docs/devices/clock.md). */
#include "dev/clock.h"

#include <stdlib.h>
#include <string.h>

#include "soc/clocks.h"
#include "soc/state.h"

#define PLL_STATIC_HZ 27000000ull /* the alternative PLL input (4.3) */

static const char *block_name(const ClockDev *c) { return c->block ? "clock1" : "clock0"; }

static bool known_block0(uint32_t off)
{
    switch (off) {
    case CLOCK_REG_CONFIG0: case CLOCK_REG_CONFIG1: case CLOCK_REG_CONFIG2:
    case CLOCK_REG_CONFIG3: case CLOCK_REG_CONFIG4: case CLOCK_REG_CONFIG5:
    case 0x20: case 0x24: case 0x28: case 0x2C:
    case 0x30: case 0x34: case 0x38: case 0x3C:
    case CLOCK_REG_PLLLOCK: case CLOCK_REG_PLLMODE:
    case CLOCK_REG_GATES0: case CLOCK_REG_GATES1: case CLOCK_REG_GATES2:
    case CLOCK_REG_GATES3: case CLOCK_REG_GATES4:
        return true;
    default:
        return false;
    }
}

/* ---- frequencies (4.2) ---- */

static unsigned cpu_pll(const ClockDev *c)
{
    return (c->regs[CLOCK_REG_CONFIG0 / 4] >> CLOCK_CONFIG0_PLLSEL_SHIFT) & 3u; /* PLL + 1, 0 = none */
}

static uint64_t pll_in_hz(const ClockDev *c, unsigned n)
{
    return n < 3 && (c->regs[CLOCK_REG_PLLMODE / 4] & CLOCK_PLLMODE_EXT(n)) ? PLL_STATIC_HZ : CRYSTAL_HZ;
}

uint64_t clock_pll_hz(const ClockDev *c, unsigned n)
{
    if (c->block != 0 || n >= CLOCK_NUM_PLL) return 0;
    uint32_t con = c->regs[CLOCK_REG_PLL0CON / 4 + n];
    uint64_t m = (con >> 8) & 0xFFu, p = (con >> 24) & 0x3Fu, s = con & 7u;
    if (p == 0) return 0;
    uint64_t f = pll_in_hz(c, n) * m / p;
    if (cpu_pll(c) != n + 1) f >>= s + 1; /* SDIV applies to every PLL but the CPU's */
    return f;
}

/* The clock the CPU, bus and peripheral dividers divide. */
static uint64_t source_hz(const ClockDev *c)
{
    unsigned sel = cpu_pll(c);
    return sel ? clock_pll_hz(c, sel - 1) : CRYSTAL_HZ; /* "none": the crystal (choice) */
}

static uint64_t divided(const ClockDev *c, uint32_t en, unsigned shift)
{
    uint32_t cfg1 = c->regs[CLOCK_REG_CONFIG1 / 4];
    uint64_t div = (cfg1 & en) ? (((cfg1 >> shift) & 0x1Fu) + 1) * 2 : 1;
    return source_hz(c) / div;
}

uint64_t clock_cpu_hz(const ClockDev *c)
{
    return c->block ? 0 : divided(c, CLOCK_CONFIG1_CPU_EN, CLOCK_CONFIG1_CPU_SHIFT);
}

uint64_t clock_bus_hz(const ClockDev *c)
{
    return c->block ? 0 : divided(c, CLOCK_CONFIG1_BUS_EN, CLOCK_CONFIG1_BUS_SHIFT);
}

uint64_t clock_periph_hz(const ClockDev *c)
{
    return c->block ? 0 : divided(c, CLOCK_CONFIG1_PERI_EN, CLOCK_CONFIG1_PERI_SHIFT);
}

/* ---- PLL lock ---- */

static uint32_t pll_lock_bits(const ClockDev *c)
{
    uint64_t now = sched_now(c->sched);
    uint32_t bits = 0;
    for (unsigned n = 0; n < CLOCK_NUM_PLL; n++)
        if (!(c->lock_pending & (1u << n)) || now >= c->lock_at[n]) bits |= 1u << n;
    return bits;
}

static void pll_schedule(ClockDev *c)
{
    uint64_t next = SCHED_NEVER;
    for (unsigned n = 0; n < CLOCK_NUM_PLL; n++)
        if ((c->lock_pending & (1u << n)) && c->lock_at[n] < next) next = c->lock_at[n];
    if (next == SCHED_NEVER)
        sched_cancel(c->sched, EV_CLOCK_PLL);
    else
        sched_add_at(c->sched, EV_CLOCK_PLL, next, 0);
}

static void pll_relock(ClockDev *c, unsigned n)
{
    uint32_t lcnt = c->regs[CLOCK_REG_PLL0LCNT / 4 + n] & 0xFFFFu;
    c->lock_pending |= (uint8_t)(1u << n);
    c->lock_at[n] = sched_now(c->sched) + clk_cycles(lcnt, pll_in_hz(c, n));
    pll_schedule(c);
}

static void pll_event(void *opaque, uint64_t param, uint64_t late)
{
    (void)param;
    (void)late;
    ClockDev *c = opaque;
    /* The event is due at the earliest pending lock: that one is done even
     * if the clock source lags the due time. */
    uint64_t now = sched_now(c->sched), earliest = SCHED_NEVER;
    for (unsigned n = 0; n < CLOCK_NUM_PLL; n++)
        if ((c->lock_pending & (1u << n)) && c->lock_at[n] < earliest) earliest = c->lock_at[n];
    if (earliest != SCHED_NEVER && earliest > now) now = earliest;
    for (unsigned n = 0; n < CLOCK_NUM_PLL; n++)
        if ((c->lock_pending & (1u << n)) && now >= c->lock_at[n]) {
            c->lock_pending &= (uint8_t)~(1u << n);
            log_msg(c->log, LOG_DEV, "clock0", "PLL%u locked at %llu Hz", n,
                    (unsigned long long)clock_pll_hz(c, n));
        }
    pll_schedule(c);
}

/* ---- registers ---- */

static uint32_t read32(ClockDev *c, uint32_t off)
{
    if (off >= CLOCK_WINDOW) {
        log_unimp(c->log, block_name(c), off, false, 4, 0);
        return 0;
    }
    if (c->block == 0) {
        if (off == CLOCK_REG_PLLLOCK) return pll_lock_bits(c);
        if (!known_block0(off)) log_unimp(c->log, "clock0", off, false, 4, 0);
    } else if (off != CLOCK1_REG_REMAP) {
        log_unimp(c->log, "clock1", off, false, 4, 0);
    }
    return c->regs[off / 4];
}

static uint32_t clock_read(void *opaque, uint32_t off, unsigned size)
{
    ClockDev *c = opaque;
    uint32_t v = read32(c, off & ~3u);
    if (size == 4 && !(off & 3)) return v;
    if (size != 1 && size != 2) {
        log_unimp(c->log, block_name(c), off, false, size, 0);
        return 0;
    }
    v >>= 8 * (off & 3);
    return size == 1 ? (v & 0xFFu) : (v & 0xFFFFu);
}

static void write_block0(ClockDev *c, uint32_t off, uint32_t val)
{
    if (off == CLOCK_REG_PLLLOCK) {
        log_guest_error(c->log, "clock0", off, "write of 0x%08x to read-only PLLLOCK", val);
        return;
    }
    if (!known_block0(off)) log_unimp(c->log, "clock0", off, true, 4, val);
    uint32_t old = c->regs[off / 4];
    c->regs[off / 4] = val;
    if (off >= CLOCK_REG_PLL0CON && off < CLOCK_REG_PLL0CON + 4 * CLOCK_NUM_PLL) {
        pll_relock(c, (off - CLOCK_REG_PLL0CON) / 4);
    } else if (off == CLOCK_REG_PLLMODE) {
        for (unsigned n = 0; n < 3; n++) {
            bool enabled = val & (1u << n);
            bool turned_on = enabled && !(old & (1u << n));
            bool new_input = enabled && ((old ^ val) & CLOCK_PLLMODE_EXT(n));
            if (turned_on || new_input) pll_relock(c, n);
        }
    }
}

static void set_remap(ClockDev *c)
{
    bool level = (c->regs[CLOCK1_REG_REMAP / 4] & CLOCK1_REMAP_MASK) == CLOCK1_REMAP_DRAM;
    if (level == c->remap_level) return;
    c->remap_level = level;
    log_msg(c->log, LOG_DEV, "clock1", "remap: %s at 0", level ? "DRAM" : "ROM");
    irq_set(c->remap, level);
}

static void write_block1(ClockDev *c, uint32_t off, uint32_t val)
{
    c->regs[off / 4] = val;
    if (off == CLOCK1_REG_REMAP) {
        uint32_t sel = val & CLOCK1_REMAP_MASK;
        if (sel > CLOCK1_REMAP_DRAM)
            log_guest_error(c->log, "clock1", off, "unknown remap selector %u (treated as ROM at 0)", sel);
        set_remap(c);
    } else {
        log_unimp(c->log, "clock1", off, true, 4, val);
    }
}

static void clock_write(void *opaque, uint32_t off, uint32_t val, unsigned size)
{
    ClockDev *c = opaque;
    if (size != 4 || (off & 3)) {
        log_guest_error(c->log, block_name(c), off, "%u-byte write ignored (registers are 32-bit)", size);
        return;
    }
    if (off >= CLOCK_WINDOW) {
        log_unimp(c->log, block_name(c), off, true, size, val);
        return;
    }
    if (c->block == 0)
        write_block0(c, off, val);
    else
        write_block1(c, off, val);
}

static void clock_reset(void *opaque)
{
    ClockDev *c = opaque;
    memset(c->regs, 0, sizeof c->regs);
    c->lock_pending = 0;
    for (unsigned n = 0; n < CLOCK_NUM_PLL; n++) c->lock_at[n] = 0;
    if (c->block == 0) {
        c->regs[CLOCK_REG_CONFIG0 / 4] = CLOCK_RESET_CONFIG0;
        c->regs[CLOCK_REG_CONFIG1 / 4] = CLOCK_RESET_CONFIG1;
        c->regs[CLOCK_REG_PLL0CON / 4] = CLOCK_RESET_PLL0CON;
        for (unsigned n = 0; n < CLOCK_NUM_PLL; n++) c->regs[CLOCK_REG_PLL0LCNT / 4 + n] = CLOCK_RESET_LCNT;
        c->regs[CLOCK_REG_PLLMODE / 4] = CLOCK_RESET_PLLMODE;
        sched_cancel(c->sched, EV_CLOCK_PLL);
    } else {
        set_remap(c);
    }
}

static void clock_state(void *opaque, StateIO *io)
{
    ClockDev *c = opaque;
    if (!state_begin(io, c->block ? "CLK1" : "CLK0", 1)) return;
    for (unsigned i = 0; i < CLOCK_WINDOW / 4; i++) state_u32(io, &c->regs[i]);
    state_u8(io, &c->lock_pending);
    for (unsigned n = 0; n < CLOCK_NUM_PLL; n++) state_u64(io, &c->lock_at[n]);
    state_bool(io, &c->remap_level);
    state_end(io);
    if (state_is_loading(io) && !state_error(io) && c->block == 1) irq_set(c->remap, c->remap_level);
}

static void clock_destroy(void *opaque) { free(opaque); }

const DeviceOps clock_ops = {
    .name = "clock",
    .read = clock_read,
    .write = clock_write,
    .reset = clock_reset,
    .state = clock_state,
    .destroy = clock_destroy,
};

ClockDev *clock_create(const DevEnv *env, unsigned block)
{
    ClockDev *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->sched = env->sched;
    c->log = env->log;
    c->block = block ? 1 : 0;
    if (c->block == 0) sched_register(c->sched, EV_CLOCK_PLL, pll_event, c);
    return c;
}

void clock_connect_remap(ClockDev *c, IrqLine remap) { c->remap = remap; }
