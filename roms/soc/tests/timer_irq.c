/*
 * timer_irq: timer 4 through VIC0 (IRQ 7), timed by the guest with the CP15
 * cycle counter (CCNT, 533 MHz).
 *  - for every clock select (24 MHz / 2, 4, 16, 64, 1) the period between
 *    interrupts in CPU cycles equals COUNT_BUFFER * 533 MHz / f_timer
 *    (tolerance 0.1 %);
 *  - the interrupt latency (match -> the timer-4 callback: vector, SYS-mode
 *    entry, VICADDRESS read, IRQSTAT demultiplexing; for FIQ the handler)
 *    from WFI and from a busy loop, through IRQ and through FIQ
 *    (INTSELECT bit 7), lies within sane bounds;
 *  - IRQSTAT lanes of timers 4/5/7, W1C acknowledge drops the VIC input;
 *  - COUNT counts up below COUNT_BUFFER.
 */
#include "soc.h"

#define N 8u
static volatile uint32_t irqs, stamp[N + 1];

static void tmr_irq(void) /* timer 4 callback: the library's IRQ 7 handler acknowledged it */
{
    uint32_t now = ccnt();
    if (irqs <= N) stamp[irqs] = now;
    irqs++;
}

static void tmr_fiq(void)
{
    uint32_t now = ccnt();
    if (irqs <= N) stamp[irqs] = now;
    irqs++;
    timer_ack(4);
}

static const struct { uint32_t sel, hz, ticks; } clocks[] = {
    { 0, 12000000, 6000 }, { 1, 6000000, 3000 }, { 2, 1500000, 750 },
    { 3, 375000, 200 },    { 4, 24000000, 12000 },
};

static void test_periods(void)
{
    timer_set_callback(4, tmr_irq);
    for (unsigned k = 0; k < sizeof clocks / sizeof clocks[0]; k++) {
        uint32_t expect = (uint32_t)((uint64_t)clocks[k].ticks * CPU_HZ / clocks[k].hz);
        irqs = 0;
        timer_start_periodic(4, clocks[k].sel << 8, clocks[k].ticks);
        bool got = wait_count(&irqs, N + 1, (N + 4) * expect);
        timer_stop(4);
        uint32_t per = (stamp[N] - stamp[0]) / N;
        check(got && within_ppm(stamp[N] - stamp[0], N * expect, 1000),
              "timer 4 clock select %u (%u Hz): %u ticks = %u cycles per period (expected %u)", clocks[k].sel,
              clocks[k].hz, clocks[k].ticks, got ? per : 0, expect);
    }
}

/* One-shot latency: start, wait (WFI or spin), take the first interrupt. */
static uint32_t latency(bool use_wfi, bool fiq)
{
    const uint32_t ticks = 24000; /* 1 ms at 24 MHz */
    const uint32_t period = (uint32_t)((uint64_t)ticks * CPU_HZ / XTAL_HZ);
    uint32_t b = TIMER_N(4);
    wr32(b + TMR_STATE, 0);
    wr32(b + TMR_CONFIG, TMR_CFG_CLK_24MHZ | TMR_CFG_IE0);
    wr32(b + TMR_COUNT_BUFFER, ticks);
    wr32(TIMER_IRQSTAT, 7u << 24);
    vic_select_fiq(IRQ_TIMER, fiq);
    vic_enable(IRQ_TIMER);
    irqs = 0;
    uint32_t t0 = ccnt();
    wr32(b + TMR_STATE, TMR_STATE_UPDATE | TMR_STATE_START);
    if (use_wfi) {
        while (!irqs) {
            uint32_t s = irq_save();
            if (!irqs) wfi();
            irq_restore(s);
        }
    } else {
        while (!irqs) {}
    }
    timer_stop(4);
    vic_select_fiq(IRQ_TIMER, false);
    return stamp[0] - t0 - period;
}

static void test_latency(void)
{
    timer_set_callback(4, tmr_irq);
    fiq_set_handler(tmr_fiq);
    fiq_enable();
    static const char *const how[4] = { "IRQ from a busy loop", "IRQ from WFI", "FIQ from a busy loop", "FIQ from WFI" };
    uint32_t lat[4];
    for (unsigned k = 0; k < 4; k++) {
        lat[k] = latency(k & 1, k >= 2);
        check(lat[k] >= 7 && lat[k] <= 600, "interrupt latency, %s: %u cycles (sane: 7..600)", how[k], lat[k]);
    }
    check(lat[3] < lat[1], "FIQ entry is quicker than the VIC-address IRQ path (%u < %u cycles)", lat[3], lat[1]);
    /* Same situation twice: the emulated latency is deterministic. */
    uint32_t again = latency(true, false);
    check(again == lat[1], "IRQ latency from WFI is reproducible (%u, %u)", lat[1], again);
}

static void test_lanes(void)
{
    static const unsigned which[3] = { 4, 5, 7 };
    vic_disable(IRQ_TIMER); /* polled: the library handler would acknowledge the lanes */
    for (unsigned k = 0; k < 3; k++) {
        unsigned n = which[k];
        uint32_t bit = TIMER_IRQSTAT_BIT(n);
        timer_start_periodic(n, TMR_CFG_CLK_24MHZ, 100);
        uint32_t t0 = ccnt();
        while (!(rd32(TIMER_IRQSTAT) & bit) && ccnt() - t0 < 100000) {}
        uint32_t st = rd32(TIMER_IRQSTAT);
        bool raw = rd32(VIC0_BASE + VIC_RAWINTR) & (1u << IRQ_TIMER);
        wr32(TIMER_N(n) + TMR_STATE, 0);
        wr32(TIMER_IRQSTAT, bit);
        bool after = rd32(VIC0_BASE + VIC_RAWINTR) & (1u << IRQ_TIMER);
        check((st & 0x07070707u) == bit && raw && !after && !(rd32(TIMER_IRQSTAT) & bit),
              "timer %u match sets IRQSTAT 0x%08x only, VIC raw input %u -> %u after W1C", n, st, raw, after);
    }
    /* COUNT counts up from 0 towards COUNT_BUFFER */
    timer_start_periodic(6, TMR_CFG_CLK_24MHZ, 1000000);
    uint32_t c1 = rd32(TIMER_N(6) + TMR_COUNT);
    delay_cycles(10000);
    uint32_t c2 = rd32(TIMER_N(6) + TMR_COUNT);
    timer_stop(6);
    check(c2 > c1 && c2 < 1000000 && within_ppm(c2 - c1, 10000u * 24 / 533, 50000),
          "timer 6 COUNT counts up (%u -> %u over 10000 cycles)", c1, c2);
}

int main(void)
{
    soc_init("timer_irq");
    test_periods();
    test_latency();
    test_lanes();
    report_end();
}
