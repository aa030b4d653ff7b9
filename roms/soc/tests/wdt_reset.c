/*
 * wdt_reset: the watchdog resets the SoC; the PMU (on its own battery
 * supply) keeps its GPMEM scratch registers, so the second boot can tell.
 *
 * Boot 1 (no marker in PMU GPMEM 4): checks the watchdog counts, leaves
 * some devices configured (UART IRQ enabled in VIC0, timer 5 running), saves
 * its pass/fail counts in GPMEM 5/6 and the marker in GPMEM 4, arms the
 * watchdog in reset mode with the shortest dividers (2^18 PCLK ticks =
 * 2^21 CPU cycles) and spins without kicking it.  If it is still running
 * after four timeouts it reports the failure itself.
 * Boot 2 (marker present): checks the marker, that the reset put the
 * watchdog, VIC0, UART0 and the timer back to their reset values (read
 * before this boot touches them), clears the marker and reports the
 * combined counts.
 */
#include "soc.h"

#define MARKER 0xB7
#define G_MARK PMU_GPMEM(4)
#define G_PASS PMU_GPMEM(5)
#define G_FAIL PMU_GPMEM(6)

int main(void)
{
    /* Reset state, before anything is programmed. */
    uint32_t wdt_ctrl = rd32(WDT_CTRL), wdt_cnt = rd32(WDT_CNT);
    uint32_t vic_en = rd32(VIC0_BASE + VIC_INTENABLE);
    uint32_t ucon = rd32(UART0_BASE + UCON);
    uint32_t t5 = rd32(TIMER_N(5) + TMR_STATE);

    soc_init("wdt_reset");
    uint8_t mark = 0, pass = 0, fail = 0;
    bool ok = pmu_read(G_MARK, &mark, 1);
    check(ok, "PMU GPMEM %u read (0x%02x)", 4, mark);

    if (mark != MARKER) {
        info("boot 1: arming the watchdog in reset mode");
        check(wdt_ctrl == 0 && vic_en == 0, "power-on: watchdog off, VIC0 sources disabled");
        /* PRE 15, CS 4: one count per 256 PCLK ticks = 2048 CPU cycles */
        wdt_arm(WDT_PRE(15) | WDT_CS(4));
        uint32_t a = rd32(WDT_CNT);
        delay_cycles(204800);
        uint32_t b = rd32(WDT_CNT);
        check(b > a && b - a >= 99 && b - a <= 101, "watchdog counts one per 256 PCLK ticks (%u in 204800 cycles)", b - a);
        timer_start_periodic(5, TMR_CFG_CLK_24MHZ, 1000); /* must be stopped by the reset */
        uint32_t p, f;
        report_counts(&p, &f);
        bool saved = pmu_write(G_PASS, (uint8_t)(p + 1)) && pmu_write(G_FAIL, (uint8_t)f) && pmu_write(G_MARK, MARKER);
        uint8_t back = 0;
        pmu_read(G_MARK, &back, 1);
        check(saved && back == MARKER, "marker 0x%02x stored in PMU GPMEM 4", back);
        info("boot 1: waiting for the reset");
        uart_flush();
        irq_disable();
        uint32_t t0 = ccnt();
        wdt_arm(WDT_PRE(0) | WDT_CS(0)); /* restart: 2^21 cycles from now */
        while (ccnt() - t0 < (4u << 21)) {}
        irq_enable();
        check(false, "the watchdog did not reset the machine within 4 timeouts (CNT %u)", rd32(WDT_CNT));
        pmu_write(G_MARK, 0);
        report_end();
    }

    info("boot 2: after the watchdog reset");
    ok = pmu_read(G_PASS, &pass, 1) && pmu_read(G_FAIL, &fail, 1);
    report_add(pass, fail);
    check(ok, "second boot found the marker in PMU GPMEM 4 (boot 1: %u passed, %u failed)", pass, fail);
    check(wdt_ctrl == 0 && wdt_cnt == 0, "the reset disabled the watchdog (CTRL 0x%08x, CNT %u)", wdt_ctrl, wdt_cnt);
    check(vic_en == 0, "the reset cleared VIC0 INTENABLE (0x%08x)", vic_en);
    check(ucon == 0, "the reset cleared UART0 UCON (0x%08x)", ucon);
    check(t5 == 0, "the reset stopped timer 5 (STATE 0x%x)", t5);
    uint8_t zero = 1;
    check(pmu_write(G_MARK, 0) && pmu_read(G_MARK, &zero, 1) && zero == 0, "marker cleared");
    report_end();
}
