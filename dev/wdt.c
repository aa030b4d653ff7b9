/* S5L8720 watchdog (dev/wdt.h; docs/devices/wdt.md).  The count is
 * cnt_base + (PCLK ticks since start) / divisor; the expiry event is due at
 * the PCLK tick where it reaches 2^18. */
#include "dev/wdt.h"

#include <stdlib.h>

#include "soc/clocks.h"
#include "soc/state.h"

static bool wdt_enabled(const WdtDev *w) { return w->ctrl & WDT_CTRL_ENABLE; }

static uint32_t wdt_count(const WdtDev *w)
{
    if (!wdt_enabled(w)) return 0;
    if (w->expired) return WDT_COUNT_MAX;
    uint64_t now = sched_now(w->sched);
    uint64_t ticks = now > w->start ? clk_ticks(now - w->start, PCLK_HZ) / wdt_divisor(w->ctrl) : 0;
    uint64_t c = w->cnt_base + ticks;
    return c > WDT_COUNT_MAX ? WDT_COUNT_MAX : (uint32_t)c;
}

static void set_irq(WdtDev *w, bool level)
{
    if (level == w->irq_level) return;
    w->irq_level = level;
    irq_set(w->irq, level);
}

static void wdt_schedule(WdtDev *w)
{
    if (!wdt_enabled(w) || w->expired) {
        sched_cancel(w->sched, EV_WDT);
        return;
    }
    uint64_t left = (uint64_t)(WDT_COUNT_MAX - w->cnt_base) * wdt_divisor(w->ctrl);
    sched_add_at(w->sched, EV_WDT, w->start + clk_cycles(left, PCLK_HZ), 0);
}

static void wdt_event(void *opaque, uint64_t param, uint64_t late)
{
    (void)param;
    (void)late;
    WdtDev *w = opaque;
    if (!wdt_enabled(w)) return;
    if (w->ctrl & WDT_CTRL_INT_EN) {
        w->expired = true;
        log_msg(w->log, LOG_DEV, "wdt", "expired (ctrl 0x%08x): interrupt", w->ctrl);
        set_irq(w, true);
        return;
    }
    log_msg(w->log, LOG_DEV, "wdt", "expired (ctrl 0x%08x): system reset", w->ctrl);
    w->ctrl = 0;
    w->cnt_base = 0;
    /* Last: the machine may reset every device (this one too) right here. */
    irq_pulse(w->reset);
}

static void wdt_write_ctrl(WdtDev *w, uint32_t val)
{
    uint64_t now = sched_now(w->sched);
    uint32_t cmd = val & WDT_CTRL_CMD_MASK;
    bool was_enabled = wdt_enabled(w);
    uint32_t count = wdt_count(w);
    /* openiBoot disables with 0xA00 | 0xA5: the kick and disable codes combine. */
    bool kick = (cmd & 0xF00u) == WDT_CMD_KICK;
    bool known = !(cmd & 0xF00u) || kick;
    if (!known || ((cmd & 0xFFu) && (cmd & 0xFFu) != WDT_CMD_DISABLE))
        log_unimp(w->log, "wdt", WDT_REG_CTRL, true, 4, val);
    w->ctrl = val & ~WDT_CTRL_CMD_MASK;
    if (!wdt_enabled(w)) {
        w->cnt_base = 0;
        w->expired = false;
    } else if (!was_enabled || kick) {
        w->cnt_base = 0;
        w->expired = false;
    } else {
        /* Same run, maybe new dividers: keep the count. */
        w->cnt_base = count;
    }
    w->start = now;
    set_irq(w, false);
    wdt_schedule(w);
}

static uint32_t wdt_read(void *opaque, uint32_t off, unsigned size)
{
    WdtDev *w = opaque;
    uint32_t v;
    switch (off & ~3u) {
    case WDT_REG_CTRL: v = w->ctrl; break;
    case WDT_REG_CNT: v = wdt_count(w); break;
    default: log_unimp(w->log, "wdt", off, false, size, 0); return 0;
    }
    if (size == 4 && !(off & 3)) return v;
    if (size != 1 && size != 2) {
        log_unimp(w->log, "wdt", off, false, size, 0);
        return 0;
    }
    v >>= 8 * (off & 3);
    return size == 1 ? (v & 0xFFu) : (v & 0xFFFFu);
}

static void wdt_write(void *opaque, uint32_t off, uint32_t val, unsigned size)
{
    WdtDev *w = opaque;
    if (size != 4 || (off & 3)) {
        log_guest_error(w->log, "wdt", off, "%u-byte write ignored (registers are 32-bit)", size);
        return;
    }
    switch (off) {
    case WDT_REG_CTRL: wdt_write_ctrl(w, val); break;
    case WDT_REG_CNT: log_guest_error(w->log, "wdt", off, "write of 0x%08x to read-only CNT", val); break;
    default: log_unimp(w->log, "wdt", off, true, size, val); break;
    }
}

static void wdt_reset(void *opaque)
{
    WdtDev *w = opaque;
    w->ctrl = 0;
    w->cnt_base = 0;
    w->start = sched_now(w->sched);
    w->expired = false;
    sched_cancel(w->sched, EV_WDT);
    set_irq(w, false);
}

static void wdt_state(void *opaque, StateIO *io)
{
    WdtDev *w = opaque;
    if (!state_begin(io, "WDT ", 1)) return;
    state_u32(io, &w->ctrl);
    state_u32(io, &w->cnt_base);
    state_u64(io, &w->start);
    state_bool(io, &w->expired);
    state_bool(io, &w->irq_level);
    state_end(io);
    if (state_is_loading(io) && !state_error(io)) irq_set(w->irq, w->irq_level);
}

static void wdt_destroy(void *opaque) { free(opaque); }

const DeviceOps wdt_ops = {
    .name = "wdt",
    .read = wdt_read,
    .write = wdt_write,
    .reset = wdt_reset,
    .state = wdt_state,
    .destroy = wdt_destroy,
};

WdtDev *wdt_create(const DevEnv *env)
{
    WdtDev *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->sched = env->sched;
    w->log = env->log;
    sched_register(w->sched, EV_WDT, wdt_event, w);
    return w;
}

void wdt_connect(WdtDev *w, IrqLine irq, IrqLine reset)
{
    w->irq = irq;
    w->reset = reset;
}
