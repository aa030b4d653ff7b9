/* S5L8720 timer block (dev/timer.h; docs/devices/timer.md).
 *
 * A running timer is described by the scheduler cycle `origin` at which its
 * tick clock was (re)started and two tick numbers counted from there: `base`,
 * where COUNT was 0, and `target`, where the next match happens.  COUNT is
 * clk_ticks(now - origin) - base; the match event is due at
 * origin + clk_cycles(target).  A match sets base = target and
 * target += period, so periods sit on an exact grid and never drift,
 * whatever the event's lateness (this is the "(now - late)" rule with the
 * rounding of each period removed as well).  Every register access first
 * applies a match that is already due but whose event has not fired yet
 * (timer_sync), so reads are exact at any cycle. */
#include "dev/timer.h"

#include <stdlib.h>

#include "soc/clocks.h"
#include "soc/state.h"

static uint64_t chan_hz(const TimerChan *c)
{
    switch ((c->config >> TIMER_CONFIG_CLK_SHIFT) & TIMER_CONFIG_CLK_MASK) {
    case 0: return CRYSTAL_HZ / 2;
    case 1: return CRYSTAL_HZ / 4;
    case 2: return CRYSTAL_HZ / 16;
    case 3: return CRYSTAL_HZ / 64;
    default: return CRYSTAL_HZ; /* 4 = /1; 5-7 unknown (6 = external?): run at 24 MHz */
    }
}

uint64_t timer_hz(const TimerDev *t, unsigned n) { return n < TIMER_COUNT_TIMERS ? chan_hz(&t->ch[n]) : 0; }

static bool chan_running(const TimerChan *c) { return c->state & TIMER_STATE_START; }

/* Ticks per match: COUNT_BUFFER, with 0 treated as 1 (see dev/timer.h). */
static uint64_t chan_period(const TimerChan *c) { return c->count_buffer ? c->count_buffer : 1; }

static uint64_t chan_elapsed(const TimerDev *t, const TimerChan *c)
{
    uint64_t now = sched_now(t->sched);
    return now > c->origin ? clk_ticks(now - c->origin, chan_hz(c)) : 0;
}

/* COUNT of a running timer that is in sync (no due match pending). */
static uint32_t chan_count(const TimerDev *t, const TimerChan *c)
{
    if (!chan_running(c)) return c->count;
    return (uint32_t)(chan_elapsed(t, c) - c->base);
}

static void update_irq(TimerDev *t)
{
    bool level = false;
    for (unsigned n = 4; n < TIMER_COUNT_TIMERS; n++) {
        uint32_t en = (t->ch[n].config >> TIMER_CONFIG_IE_SHIFT) & TIMER_CONFIG_IE_MASK;
        if ((t->irqstat >> TIMER_IRQSTAT_SHIFT(n)) & en) level = true;
    }
    if (level != t->irq_level) {
        t->irq_level = level;
        irq_set(t->irq, level);
    }
}

static void chan_schedule(TimerDev *t, unsigned n)
{
    TimerChan *c = &t->ch[n];
    if (!chan_running(c)) {
        sched_cancel(t->sched, EV_TIMER(n));
        return;
    }
    unsigned __int128 due = (unsigned __int128)c->origin + clk_cycles(c->target, chan_hz(c));
    sched_add_at(t->sched, EV_TIMER(n), due > SCHED_NEVER ? SCHED_NEVER : (uint64_t)due, n);
}

/* Recompute the next match from the current count (after COUNT_BUFFER, a
 * start or a clock change). */
static void chan_retarget(TimerDev *t, unsigned n)
{
    TimerChan *c = &t->ch[n];
    if (chan_running(c)) {
        uint64_t e = chan_elapsed(t, c);
        uint32_t count = (uint32_t)(e - c->base);
        c->target = count >= chan_period(c) ? e : c->base + chan_period(c);
    }
    chan_schedule(t, n);
}

/* The match at `target` happens: status, reload, next match. */
static void chan_match(TimerDev *t, unsigned n)
{
    TimerChan *c = &t->ch[n];
    uint64_t e = chan_elapsed(t, c);
    uint64_t period = chan_period(c);
    c->base = c->target;
    /* Matches missed entirely (never with the machine's exact scheduler)
     * collapse into one: the status bit is sticky anyway. */
    if (e > c->base && e - c->base >= period) c->base += (e - c->base) / period * period;
    c->target = c->base + period;
    if (n >= 4) {
        t->irqstat |= TIMER_IRQSTAT_REACHED << TIMER_IRQSTAT_SHIFT(n);
        update_irq(t);
    }
    chan_schedule(t, n);
}

/* Apply a match whose time has come but whose event has not fired yet (an
 * access in the same instruction that overshot it). */
static void chan_sync(TimerDev *t, unsigned n)
{
    TimerChan *c = &t->ch[n];
    if (chan_running(c) && chan_elapsed(t, c) >= c->target) chan_match(t, n);
}

static void sync_all(TimerDev *t)
{
    for (unsigned n = 0; n < TIMER_COUNT_TIMERS; n++) chan_sync(t, n);
}

/* All eight events share this callback; param is the timer number.  Every
 * change of a match time moves the event, so a firing event is always the
 * current match (even if a test scheduler's clock lags its due time). */
static void timer_event(void *opaque, uint64_t param, uint64_t late)
{
    (void)late;
    TimerDev *t = opaque;
    unsigned n = (unsigned)(param % TIMER_COUNT_TIMERS);
    if (chan_running(&t->ch[n])) chan_match(t, n);
}

/* ---- 64-bit counter ---- */

uint64_t timer_ticks(const TimerDev *t)
{
    if (t->ticks_cfg & TIMER_TICKS_CFG_STOP) return t->ticks_base;
    uint64_t now = sched_now(t->sched);
    uint64_t div = ((t->ticks_cfg >> TIMER_TICKS_CFG_DIV_SHIFT) & TIMER_TICKS_CFG_DIV_MASK) + 1;
    uint64_t xtal = now > t->ticks_origin ? clk_ticks(now - t->ticks_origin, CRYSTAL_HZ) : 0;
    return t->ticks_base + xtal / div;
}

static void ticks_set_cfg(TimerDev *t, uint32_t cfg)
{
    t->ticks_base = timer_ticks(t);
    t->ticks_origin = sched_now(t->sched);
    t->ticks_cfg = cfg;
}

/* ---- registers ---- */

static uint32_t chan_read(TimerDev *t, unsigned n, uint32_t reg)
{
    TimerChan *c = &t->ch[n];
    chan_sync(t, n);
    switch (reg) {
    case TIMER_REG_CONFIG: return c->config;
    case TIMER_REG_STATE: return c->state;
    case TIMER_REG_COUNT_BUFFER: return c->count_buffer;
    case TIMER_REG_COUNT_BUFFER2: return c->count_buffer2;
    case TIMER_REG_PRESCALER: return c->prescaler;
    case TIMER_REG_COUNT: return chan_count(t, c);
    default:
        log_unimp(t->log, "timer", timer_base(n) + reg, false, 4, 0);
        return 0;
    }
}

static void chan_write(TimerDev *t, unsigned n, uint32_t reg, uint32_t val)
{
    TimerChan *c = &t->ch[n];
    uint64_t now = sched_now(t->sched);
    chan_sync(t, n);
    switch (reg) {
    case TIMER_REG_CONFIG: {
        uint64_t old_hz = chan_hz(c);
        if (chan_running(c) && chan_hz(&(TimerChan){ .config = val }) != old_hz) {
            /* New tick clock: restart the tick grid at now, keeping COUNT. */
            uint32_t count = chan_count(t, c);
            c->config = val;
            c->origin = now;
            c->base = 0 - (uint64_t)count;
            chan_retarget(t, n);
        } else {
            c->config = val;
        }
        update_irq(t);
        break;
    }
    case TIMER_REG_STATE: {
        bool was_running = chan_running(c);
        uint32_t count = chan_count(t, c);
        c->state = val;
        if (val & TIMER_STATE_MANUALUPDATE) count = 0;
        if (!chan_running(c)) {
            c->count = count;
            sched_cancel(t->sched, EV_TIMER(n));
        } else if (!was_running || (val & TIMER_STATE_MANUALUPDATE)) {
            c->origin = now;
            c->base = 0 - (uint64_t)count;
            chan_retarget(t, n);
        }
        break;
    }
    case TIMER_REG_COUNT_BUFFER:
        c->count_buffer = val;
        chan_retarget(t, n);
        break;
    case TIMER_REG_COUNT_BUFFER2: c->count_buffer2 = val; break;
    case TIMER_REG_PRESCALER: c->prescaler = val; break;
    case TIMER_REG_COUNT:
        log_guest_error(t->log, "timer", timer_base(n) + reg, "write of 0x%08x to read-only COUNT", val);
        break;
    default: log_unimp(t->log, "timer", timer_base(n) + reg, true, 4, val); break;
    }
}

/* Which timer owns offset off (-1: none); *reg = offset inside its set. */
static int decode_chan(uint32_t off, uint32_t *reg)
{
    for (unsigned n = 0; n < TIMER_COUNT_TIMERS; n++) {
        if (off >= timer_base(n) && off < timer_base(n) + TIMER_REG_STRIDE) {
            *reg = off - timer_base(n);
            return (int)n;
        }
    }
    return -1;
}

static uint32_t read32(TimerDev *t, uint32_t off)
{
    uint32_t reg;
    switch (off) {
    case TIMER_REG_TICKSHIGH: {
        uint64_t v = timer_ticks(t);
        t->ticks_latch = (uint32_t)v;
        t->ticks_latched = true;
        return (uint32_t)(v >> 32);
    }
    case TIMER_REG_TICKSLOW:
        /* The low word latched by the last HIGH read (read once); a LOW read
         * without a HIGH read before it sees the live value. */
        if (t->ticks_latched) {
            t->ticks_latched = false;
            return t->ticks_latch;
        }
        return (uint32_t)timer_ticks(t);
    case TIMER_REG_TICKS_CFG: return t->ticks_cfg;
    case TIMER_REG_UNKREG1:
    case TIMER_REG_UNKREG1 + 4:
    case TIMER_REG_UNKREG1 + 8:
    case TIMER_REG_UNKREG1 + 12: return t->unkreg[(off - TIMER_REG_UNKREG1) / 4];
    case TIMER_REG_IRQSTAT:
    case TIMER_REG_IRQSTAT_ALIAS: sync_all(t); return t->irqstat;
    }
    int n = decode_chan(off, &reg);
    if (n >= 0) return chan_read(t, (unsigned)n, reg);
    log_unimp(t->log, "timer", off, false, 4, 0);
    return 0;
}

static uint32_t timer_read(void *opaque, uint32_t off, unsigned size)
{
    TimerDev *t = opaque;
    uint32_t v = read32(t, off & ~3u);
    if (size == 4 && !(off & 3)) return v;
    if (size != 1 && size != 2) {
        log_unimp(t->log, "timer", off, false, size, 0);
        return 0;
    }
    v >>= 8 * (off & 3);
    return size == 1 ? (v & 0xFFu) : (v & 0xFFFFu);
}

static void timer_write(void *opaque, uint32_t off, uint32_t val, unsigned size)
{
    TimerDev *t = opaque;
    uint32_t reg;
    if (size != 4 || (off & 3)) {
        log_guest_error(t->log, "timer", off, "%u-byte write ignored (registers are 32-bit)", size);
        return;
    }
    switch (off) {
    case TIMER_REG_TICKSHIGH:
    case TIMER_REG_TICKSLOW:
        log_guest_error(t->log, "timer", off, "write of 0x%08x to the read-only counter", val);
        return;
    case TIMER_REG_TICKS_CFG: ticks_set_cfg(t, val); return;
    case TIMER_REG_UNKREG1:
    case TIMER_REG_UNKREG1 + 4:
    case TIMER_REG_UNKREG1 + 8:
    case TIMER_REG_UNKREG1 + 12: t->unkreg[(off - TIMER_REG_UNKREG1) / 4] = val; return;
    case TIMER_REG_IRQSTAT:
        sync_all(t);
        t->irqstat &= ~val;
        update_irq(t);
        return;
    case TIMER_REG_IRQSTAT_ALIAS:
        log_guest_error(t->log, "timer", off, "write of 0x%08x to the read-only IRQSTAT mirror", val);
        return;
    }
    int n = decode_chan(off, &reg);
    if (n >= 0) {
        chan_write(t, (unsigned)n, reg, val);
        return;
    }
    log_unimp(t->log, "timer", off, true, 4, val);
}

static void timer_reset(void *opaque)
{
    TimerDev *t = opaque;
    for (unsigned n = 0; n < TIMER_COUNT_TIMERS; n++) {
        t->ch[n] = (TimerChan){ 0 };
        sched_cancel(t->sched, EV_TIMER(n));
    }
    t->irqstat = 0;
    t->ticks_cfg = 0;
    for (unsigned i = 0; i < 4; i++) t->unkreg[i] = 0;
    t->ticks_base = 0;
    t->ticks_origin = sched_now(t->sched);
    t->ticks_latch = 0;
    t->ticks_latched = false;
    update_irq(t);
}

static void timer_state(void *opaque, StateIO *io)
{
    TimerDev *t = opaque;
    if (!state_begin(io, "TIMR", 1)) return;
    for (unsigned n = 0; n < TIMER_COUNT_TIMERS; n++) {
        TimerChan *c = &t->ch[n];
        state_u32(io, &c->config);
        state_u32(io, &c->state);
        state_u32(io, &c->count_buffer);
        state_u32(io, &c->count_buffer2);
        state_u32(io, &c->prescaler);
        state_u32(io, &c->count);
        state_u64(io, &c->origin);
        state_u64(io, &c->base);
        state_u64(io, &c->target);
    }
    state_u32(io, &t->irqstat);
    state_u32(io, &t->ticks_cfg);
    for (unsigned i = 0; i < 4; i++) state_u32(io, &t->unkreg[i]);
    state_u64(io, &t->ticks_base);
    state_u64(io, &t->ticks_origin);
    state_u32(io, &t->ticks_latch);
    state_bool(io, &t->ticks_latched);
    state_bool(io, &t->irq_level);
    state_end(io);
    if (state_is_loading(io) && !state_error(io)) irq_set(t->irq, t->irq_level);
}

static void timer_destroy(void *opaque) { free(opaque); }

const DeviceOps timer_ops = {
    .name = "timer",
    .read = timer_read,
    .write = timer_write,
    .reset = timer_reset,
    .state = timer_state,
    .destroy = timer_destroy,
};

TimerDev *timer_dev_create(const DevEnv *env)
{
    TimerDev *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->sched = env->sched;
    t->log = env->log;
    for (unsigned n = 0; n < TIMER_COUNT_TIMERS; n++) sched_register(t->sched, EV_TIMER(n), timer_event, t);
    return t;
}

void timer_connect_irq(TimerDev *t, IrqLine irq) { t->irq = irq; }
