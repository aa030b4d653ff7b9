/*
 * hello-soc: ipodsim's default firmware for `ipodsim boot`.
 *
 * A tour of the S5L8720 core devices, each reported on UART0 as
 * "ok - <what>" or "FAIL - <what>", then "hello-soc: N passed, M failed" and
 * power-off through the PMU (OOCSHDWN.GOSTBY), so the run ends with status 0.
 * The console itself is interrupt driven (TX FIFO refilled from the UART
 * IRQ).  Checks: PL192 IDs, PLL lock, timer 4 periodic IRQ and its period in
 * CPU cycles (CP15 CCNT), the 64-bit tick counter, the watchdog counting /
 * kick / interrupt expiry (VIC1 through the daisy chain), a PL080
 * memory-to-memory copy SRAM -> DRAM with its TC interrupt, and the PMU over
 * I2C0 (RTC, battery voltage, a GPMEM scratch byte).
 */
#include "soc.h"

#define TIMER_TICKS 2400u                               /* 100 us at 24 MHz */
#define TIMER_CYCLES (TIMER_TICKS * (CPU_HZ / 1000u) / (XTAL_HZ / 1000u)) /* 53300 */
#define NPERIODS 10u

static volatile uint32_t timer_irqs;
static volatile uint32_t timer_stamp[NPERIODS + 1];

static void timer_irq(void)
{
    uint32_t now = ccnt();
    if (timer_irqs <= NPERIODS) timer_stamp[timer_irqs] = now;
    timer_irqs++;
}

static volatile uint32_t wdt_irqs, wdt_irq_ccnt;
static void wdt_irq(void)
{
    wdt_irq_ccnt = ccnt();
    wdt_irqs++;
    wdt_off(); /* any CTRL write lowers the line */
}

#define DMA_WORDS 1024u
static uint32_t dma_src[DMA_WORDS];
static uint32_t dma_dst[DMA_WORDS] __attribute__((section(".dram")));

static void test_ids(void)
{
    check((vic_periph_id(0) & 0xFFF) == 0x192, "VIC0 PL192 peripheral ID (0x%08x)", vic_periph_id(0));
    check((vic_periph_id(1) & 0xFFF) == 0x192, "VIC1 PL192 peripheral ID (0x%08x)", vic_periph_id(1));
    uint32_t lock = rd32(CLK0_BASE + CLK_PLLLOCK);
    check((lock & 7) == 7, "clock manager PLLLOCK reports the PLLs locked (0x%x)", lock);
}

static void test_timer(void)
{
    timer_set_callback(4, timer_irq);
    timer_irqs = 0;
    timer_start_periodic(4, TMR_CFG_CLK_24MHZ, TIMER_TICKS);
    bool got = wait_count(&timer_irqs, NPERIODS + 1, (NPERIODS + 3) * TIMER_CYCLES);
    timer_stop(4);
    check(got, "timer 4 periodic interrupt (%u IRQs)", timer_irqs);
    uint32_t span = timer_stamp[NPERIODS] - timer_stamp[0];
    check(got && within_ppm(span, NPERIODS * TIMER_CYCLES, 2000),
          "timer 4 period = %u cycles per %u ticks at 24 MHz (expected %u)", span / NPERIODS,
          TIMER_TICKS, TIMER_CYCLES);
}

static void test_ticks(void)
{
    uint32_t c0 = ccnt();
    uint64_t t0 = ticks64();
    sleep_cycles(1000000);
    uint64_t t1 = ticks64();
    uint32_t c1 = ccnt();
    uint32_t dt = (uint32_t)(t1 - t0);
    uint32_t expect = (uint32_t)((uint64_t)(c1 - c0) * (XTAL_HZ / 1000u) / (CPU_HZ / 1000u));
    check(t1 > t0 && within_ppm(dt, expect, 10000), "64-bit tick counter runs at 24 MHz (%u ticks in %u cycles)",
          dt, c1 - c0);
}

static void test_watchdog(void)
{
    /* PRE 15, CS 4: one count per 256 PCLK = 2048 CPU cycles; expiry after 2^18 counts */
    wdt_arm(WDT_PRE(15) | WDT_CS(4));
    uint32_t a = rd32(WDT_CNT);
    sleep_cycles(200000);
    uint32_t b = rd32(WDT_CNT);
    check(b > a && b - a >= 90 && b - a <= 100, "watchdog counts (%u -> %u in 200000 cycles)", a, b);
    wdt_kick();
    uint32_t c = rd32(WDT_CNT);
    check(c < b && c <= 2, "watchdog kick restarts the count (%u after kick)", c);
    wdt_off();
    check(!(rd32(WDT_CTRL) & WDT_ENABLE), "watchdog disabled");

    /* Interrupt mode, shortest dividers: 2^18 PCLK ticks = 2^21 CPU cycles. */
    vic_set_handler(IRQ_WDT, wdt_irq, 0x6);
    vic_enable(IRQ_WDT);
    wdt_irqs = 0;
    uint32_t t0 = ccnt();
    wdt_arm(WDT_INT_EN);
    bool got = wait_count(&wdt_irqs, 1, 4u << 20);
    vic_disable(IRQ_WDT);
    uint32_t dt = wdt_irq_ccnt - t0;
    check(got, "watchdog expiry with INT_EN raises IRQ 51 (VIC1, daisy chain)");
    check(got && within_ppm(dt, 1u << 21, 2000), "watchdog expiry after %u cycles (expected ~%u)", dt, 1u << 21);
}

static void test_dma(void)
{
    for (unsigned i = 0; i < DMA_WORDS; i++) {
        dma_src[i] = 0x9E3779B9u * (i + 1);
        dma_dst[i] = 0;
    }
    dma_init();
    DmaLli item = { (uint32_t)(uintptr_t)dma_src, (uint32_t)(uintptr_t)dma_dst, 0,
                    DMA_WORDS | DMA_CTL_SB(3) | DMA_CTL_DB(3) | DMA_CTL_SW_WORD | DMA_CTL_DW_WORD |
                        DMA_CTL_SI | DMA_CTL_DI | DMA_CTL_I };
    uint32_t t0 = ccnt();
    dma_start(0, &item, true);
    bool got = wait_count(&dma_tc_irqs, 1, 10000000);
    uint32_t dt = dma_tc_ccnt - t0;
    check(got && dma_tc_mask == 1 && !dma_err_mask, "PL080 channel 0 terminal-count interrupt (mask 0x%x, %u cycles)",
          dma_tc_mask, dt);
    check(memcmp(dma_src, dma_dst, sizeof dma_src) == 0, "PL080 memory-to-memory copy of %u bytes SRAM -> DRAM",
          (unsigned)sizeof dma_src);
    check(!(rd32(DMAC0_BASE + DMAC_ENBLDCHNS) & 1), "PL080 channel 0 disabled itself at the end");
    vic_disable(IRQ_DMAC0);
}

static void test_pmu(void)
{
    uint8_t rtc[4] = { 0 };
    bool ok = pmu_read(PMU_RTC0, rtc, 4);
    uint32_t secs = rtc[0] | rtc[1] << 8 | rtc[2] << 16 | (uint32_t)rtc[3] << 24;
    check(ok, "PMU RTC read over I2C0 (%u s)", secs);
    uint8_t v[2] = { 0 };
    ok = pmu_read(PMU_VOLTAGE_LO, v, 2);
    uint32_t mv = v[0] | v[1] << 8;
    check(ok && mv >= 3000 && mv <= 4500, "PMU battery voltage plausible (%u mV)", mv);
    uint8_t back = 0;
    ok = pmu_write(PMU_GPMEM(12), 0x5A) && pmu_read(PMU_GPMEM(12), &back, 1);
    check(ok && back == 0x5A, "PMU GPMEM scratch write/read back (0x%02x)", back);
    pmu_write(PMU_GPMEM(12), 0);
    uint8_t none;
    check(!i2c0_read(0x10, 0, &none, 1), "I2C0: an absent address NACKs");
}

int main(void)
{
    soc_init("hello-soc");
    kprintf("hello-soc: ipodsim bare-metal firmware for the S5L8720 (ARM1176JZF-S)\n");
    test_ids();
    test_timer();
    test_ticks();
    test_watchdog();
    test_dma();
    test_pmu();
    uart_flush();
    check(uart_tx_irqs > 0 && uart_tx_irq_bytes > 0, "UART0 interrupt-driven transmit (%u TX IRQs refilled %u bytes)",
          uart_tx_irqs, uart_tx_irq_bytes);
    report_end();
}
