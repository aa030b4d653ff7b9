/* S5L8720 SYSIC (power domains + GPIO interrupt controller): see
 * dev/sysic.h and docs/devices/sysic.md. */
#include "dev/sysic.h"

#include <stdlib.h>

#include "soc/clocks.h"
#include "soc/state.h"

static uint64_t settle_cycles(void) { return clk_cycles_from_us(SYSIC_POWER_SETTLE_US); }

static void schedule(SysicDev *s)
{
    uint64_t due = s->power_due < s->ready_due ? s->power_due : s->ready_due;
    if (due == SCHED_NEVER)
        sched_cancel(s->sched, EV_SYSIC_POWER);
    else
        sched_add_at(s->sched, EV_SYSIC_POWER, due, 0);
}

static void sysic_event(void *opaque, uint64_t param, uint64_t late)
{
    SysicDev *s = opaque;
    (void)param;
    (void)late;
    uint64_t now = sched_now(s->sched);
    if (s->power_due <= now) {
        s->power_state = s->power_req;
        s->power_due = SCHED_NEVER;
        if (log_enabled(s->log, LOG_DEV)) log_msg(s->log, LOG_DEV, "sysic", "power state 0x%08x", s->power_state);
    }
    if (s->ready_due <= now) {
        s->gpioic_ready = true;
        s->ready_due = SCHED_NEVER;
    }
    schedule(s);
}

static void power_request(SysicDev *s, uint32_t req)
{
    s->power_req = req;
    s->power_due = sched_now(s->sched) + settle_cycles();
    schedule(s);
}

/* GPIO-IC: level sources pend while active and enabled; drive the line. */
static void group_update(SysicDev *s, unsigned g)
{
    uint32_t active = ~(s->input[g] ^ s->level[g]);
    s->stat[g] |= active & s->type[g] & s->en[g];
    bool lvl = (s->stat[g] & s->en[g]) != 0;
    if (lvl == s->line_level[g]) return;
    s->line_level[g] = lvl;
    irq_set(s->line[g], lvl);
}

void sysic_gpio_input(void *sysic, unsigned irqno, bool level)
{
    SysicDev *s = sysic;
    if (irqno >= SYSIC_GPIO_IRQS) {
        log_unimp(s->log, "sysic", 0x10000u + irqno, true, 0, level); /* wiring error: logged once */
        return;
    }
    unsigned g = irqno / 32;
    uint32_t bit = 1u << (irqno % 32);
    uint32_t old = s->input[g];
    uint32_t now = level ? old | bit : old & ~bit;
    if (now == old) return;
    s->input[g] = now;
    bool was_active = ((old ^ ~s->level[g]) & bit) != 0;
    bool is_active = ((now ^ ~s->level[g]) & bit) != 0;
    if (!was_active && is_active && !(s->type[g] & bit)) s->stat[g] |= bit; /* edge latch */
    group_update(s, g);
}

void sysic_connect_group(SysicDev *s, unsigned group, IrqLine line)
{
    if (group >= SYSIC_GROUPS) return;
    s->line[group] = line;
    irq_set(line, s->line_level[group]);
}

static uint32_t sysic_read_word(SysicDev *s, uint32_t off)
{
    if (off >= SYSIC_INTLEVEL0 && off < SYSIC_INTTYPE0 + 0x20) {
        unsigned g = (off & 0x1F) / 4;
        if (g >= SYSIC_GROUPS) {
            log_unimp(s->log, "sysic", off, false, 4, 0);
            return 0;
        }
        switch (off & ~0x1Fu) {
        case SYSIC_INTLEVEL0: return s->level[g];
        case SYSIC_INTSTAT0: return s->stat[g];
        case SYSIC_INTEN0: return s->en[g];
        default: return s->type[g];
        }
    }
    switch (off) {
    case SYSIC_POWER_CONFIG0: return s->config0;
    case SYSIC_POWER_SETSTATE: return s->power_req;
    case SYSIC_POWER_STATE: return s->power_state;
    case SYSIC_POWER_CONFIG1: return s->config1;
    case SYSIC_POWER_ID: return s->power_id;
    case SYSIC_POWER_CONFIG2: return s->config2;
    case SYSIC_GPIOIC_SETUP: return s->gpioic_setup;
    case SYSIC_POWER_CONFIG3: return s->config3;
    case SYSIC_STATUS78: return s->gpioic_ready ? 1u << 16 : 0;
    case SYSIC_STATUS7C: return s->gpioic_ready ? 1u : 0;
    case SYSIC_POWER_ONCTRL:
    case SYSIC_POWER_OFFCTRL:
        log_guest_error(s->log, "sysic", off, "read of a write-only register");
        return 0;
    default:
        log_unimp(s->log, "sysic", off, false, 4, 0);
        return 0;
    }
}

static uint32_t sysic_read(void *opaque, uint32_t off, unsigned size)
{
    uint32_t word = sysic_read_word(opaque, off & ~3u);
    if (size == 4) return word;
    word >>= 8 * (off & 3);
    return size == 2 ? word & 0xFFFF : word & 0xFF;
}

static void sysic_write(void *opaque, uint32_t off, uint32_t val, unsigned size)
{
    SysicDev *s = opaque;
    if (size != 4) {
        log_unimp(s->log, "sysic", off, true, size, val);
        return;
    }
    if (off >= SYSIC_INTLEVEL0 && off < SYSIC_INTTYPE0 + 0x20) {
        unsigned g = (off & 0x1F) / 4;
        if (g >= SYSIC_GROUPS) {
            log_unimp(s->log, "sysic", off, true, size, val);
            return;
        }
        switch (off & ~0x1Fu) {
        case SYSIC_INTLEVEL0: s->level[g] = val; break;
        case SYSIC_INTSTAT0: s->stat[g] &= ~val; break;
        case SYSIC_INTEN0: s->en[g] = val; break;
        default: s->type[g] = val; break;
        }
        group_update(s, g);
        return;
    }
    switch (off) {
    case SYSIC_POWER_CONFIG0: s->config0 = val; break;
    case SYSIC_POWER_SETSTATE: power_request(s, val); break;
    case SYSIC_POWER_ONCTRL: power_request(s, s->power_req | val); break;
    case SYSIC_POWER_OFFCTRL: power_request(s, s->power_req & ~val); break;
    case SYSIC_POWER_CONFIG1: s->config1 = val; break;
    case SYSIC_POWER_ID: s->power_id = val; break;
    case SYSIC_POWER_CONFIG2:
        s->config2 = val;
        if ((val & 1) && !s->gpioic_ready && s->ready_due == SCHED_NEVER) {
            s->ready_due = sched_now(s->sched) + settle_cycles();
            schedule(s);
        }
        break;
    case SYSIC_GPIOIC_SETUP: s->gpioic_setup = val; break;
    case SYSIC_POWER_CONFIG3: s->config3 = val; break;
    case SYSIC_POWER_STATE:
    case SYSIC_STATUS78:
    case SYSIC_STATUS7C:
        log_guest_error(s->log, "sysic", off, "write to a read-only register");
        break;
    default: log_unimp(s->log, "sysic", off, true, size, val); break;
    }
}

static void sysic_reset(void *opaque)
{
    SysicDev *s = opaque;
    s->config0 = SYSIC_CONFIG0_RESET;
    s->config1 = s->config2 = s->gpioic_setup = s->config3 = 0;
    s->power_id = SYSIC_POWER_ID_RESET;
    s->power_req = s->power_state = 0;
    s->power_due = s->ready_due = SCHED_NEVER;
    s->gpioic_ready = false;
    sched_cancel(s->sched, EV_SYSIC_POWER);
    for (unsigned g = 0; g < SYSIC_GROUPS; g++) {
        s->level[g] = s->stat[g] = s->en[g] = s->type[g] = 0;
        group_update(s, g);
    }
}

static void sysic_state(void *opaque, StateIO *io)
{
    SysicDev *s = opaque;
    if (!state_begin(io, "SYIC", 1)) return;
    state_u32(io, &s->config0);
    state_u32(io, &s->config1);
    state_u32(io, &s->config2);
    state_u32(io, &s->gpioic_setup);
    state_u32(io, &s->config3);
    state_u32(io, &s->power_id);
    state_u32(io, &s->power_req);
    state_u32(io, &s->power_state);
    state_u64(io, &s->power_due);
    state_u64(io, &s->ready_due);
    state_bool(io, &s->gpioic_ready);
    for (unsigned g = 0; g < SYSIC_GROUPS; g++) {
        state_u32(io, &s->level[g]);
        state_u32(io, &s->stat[g]);
        state_u32(io, &s->en[g]);
        state_u32(io, &s->type[g]);
        state_u32(io, &s->input[g]);
        state_bool(io, &s->line_level[g]);
    }
    state_end(io);
    /* The pending EV_SYSIC_POWER itself is saved with the scheduler queue. */
}

static void sysic_destroy(void *opaque) { free(opaque); }

const DeviceOps sysic_ops = {
    .name = "sysic",
    .read = sysic_read,
    .write = sysic_write,
    .reset = sysic_reset,
    .state = sysic_state,
    .destroy = sysic_destroy,
};

SysicDev *sysic_create(const DevEnv *env)
{
    SysicDev *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->sched = env->sched;
    s->log = env->log;
    sched_register(s->sched, EV_SYSIC_POWER, sysic_event, s);
    sysic_reset(s);
    return s;
}
