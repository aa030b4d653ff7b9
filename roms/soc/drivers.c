/* Timer block, watchdog, PL080 DMAC0, clock gates and string helpers. */
#include "soc.h"

/* ---- timers (section 5) ---- */
void timer_start_periodic(unsigned n, uint32_t config_clk, uint32_t ticks)
{
    uint32_t b = TIMER_N(n);
    wr32(b + TMR_STATE, 0);
    wr32(b + TMR_CONFIG, config_clk | TMR_CFG_IE0);
    wr32(b + TMR_COUNT_BUFFER, ticks);
    wr32(b + TMR_COUNT_BUFFER2, 0);
    wr32(b + TMR_PRESCALER, 0);
    if (n >= 4) wr32(TIMER_IRQSTAT, 7u << (8 * (7 - n)));
    wr32(b + TMR_STATE, TMR_STATE_UPDATE | TMR_STATE_START);
}

void timer_stop(unsigned n)
{
    wr32(TIMER_N(n) + TMR_STATE, 0);
    if (n >= 4) wr32(TIMER_IRQSTAT, 7u << (8 * (7 - n)));
}

void timer_ack(unsigned n) { wr32(TIMER_IRQSTAT, TIMER_IRQSTAT_BIT(n)); }

/* IRQ 7 is shared by timers 4-7: acknowledge each lane, then its callback. */
static TimerCallback timer_cb[8];
static void timer_irq(void)
{
    uint32_t st = rd32(TIMER_IRQSTAT);
    for (unsigned n = 4; n < 8; n++) {
        if (!(st & TIMER_IRQSTAT_BIT(n))) continue;
        timer_ack(n);
        if (timer_cb[n]) timer_cb[n]();
    }
}

void timer_set_callback(unsigned n, TimerCallback cb)
{
    if (n < 4 || n > 7) return;
    timer_cb[n] = cb;
    vic_set_handler(IRQ_TIMER, timer_irq, 4);
    vic_enable(IRQ_TIMER);
}

/* Timer 6 as the wake-up of sleep_cycles() and the timeout of wait_count(). */
static volatile bool timed_out;
static void on_timeout(void)
{
    timed_out = true;
    wr32(TIMER_N(6) + TMR_STATE, 0);
}

static void timeout_start(uint32_t cycles)
{
    timed_out = false;
    timer_set_callback(6, on_timeout);
    uint32_t ticks = (uint32_t)((uint64_t)cycles * (XTAL_HZ / 1000u) / (CPU_HZ / 1000u));
    timer_start_periodic(6, TMR_CFG_CLK_24MHZ, ticks ? ticks : 1);
}

uint64_t ticks64(void)
{
    uint32_t hi = rd32(TIMER_TICKSHIGH);
    uint32_t lo = rd32(TIMER_TICKSLOW);
    return (uint64_t)hi << 32 | lo;
}

/* Absolute emulated cycle = CCNT + cycle_offset.  The tick counter holds
 * floor(cycle * 24 / 533) since power-on, so right after it steps to T the
 * cycle is ceil(T * 533 / 24): wait for a step with interrupts masked, read
 * CCNT beside it.  TICKSHIGH is read just after the step (it only moves
 * every ~179 s; the 32-bit absolute cycle wraps after ~8 s anyway). */
static uint32_t cycle_offset;

void cycle_clock_sync(void)
{
    uint32_t s = irq_save();
    uint32_t lo0 = rd32(TIMER_TICKSLOW), lo, c;
    do {
        lo = rd32(TIMER_TICKSLOW);
        c = ccnt();
    } while (lo == lo0);
    uint64_t t = ((uint64_t)rd32(TIMER_TICKSHIGH) << 32) | lo;
    uint32_t cyc = (uint32_t)((t * CPU_HZ + XTAL_HZ - 1) / XTAL_HZ);
    cycle_offset = cyc - c;
    irq_restore(s);
}

uint32_t cycle_now(void) { return ccnt() + cycle_offset; }

bool poll_reg(uint32_t addr, uint32_t mask, uint32_t want, uint32_t max_cycles, uint32_t *took, uint32_t *last)
{
    uint32_t t0 = ccnt(), v;
    for (;;) {
        v = rd32(addr);
        uint32_t dt = ccnt() - t0;
        if ((v & mask) == want || dt >= max_cycles) {
            if (took) *took = dt;
            if (last) *last = v;
            return (v & mask) == want;
        }
    }
}

void delay_cycles(uint32_t cycles)
{
    uint32_t t0 = ccnt();
    while (ccnt() - t0 < cycles) {}
}

bool wait_count(volatile uint32_t *v, uint32_t target, uint32_t max_cycles)
{
    uint32_t t0 = ccnt();
    if (cpsr_read() & 0x80) {
        /* IRQs masked: spin */
        while (*v < target)
            if (ccnt() - t0 >= max_cycles) return *v >= target;
        return true;
    }
    timeout_start(max_cycles);
    for (;;) {
        uint32_t s = irq_save();
        bool done = *v >= target || timed_out;
        if (!done) wfi();
        irq_restore(s);
        if (done) break;
    }
    timer_stop(6);
    return *v >= target;
}

void sleep_cycles(uint32_t cycles)
{
    if (cpsr_read() & 0x80) {
        delay_cycles(cycles);
        return;
    }
    timeout_start(cycles);
    for (;;) {
        uint32_t s = irq_save();
        bool done = timed_out;
        if (!done) wfi();
        irq_restore(s);
        if (done) break;
    }
}

bool within_ppm(uint32_t a, uint32_t b, uint32_t ppm)
{
    uint64_t d = a > b ? a - b : b - a;
    return d * 1000000ull <= (uint64_t)b * ppm;
}

/* ---- watchdog (section 6) ---- */
void wdt_arm(uint32_t ctrl) { wr32(WDT_CTRL, (ctrl & ~0xFFFu) | WDT_ENABLE | WDT_KICK); }
void wdt_kick(void) { wr32(WDT_CTRL, (rd32(WDT_CTRL) & ~0xFFFu) | WDT_KICK); }
void wdt_off(void) { wr32(WDT_CTRL, WDT_DISABLE); }

/* ---- DMAC0 (section 17) ---- */
volatile uint32_t dma_tc_irqs, dma_tc_mask, dma_tc_ccnt, dma_err_mask;

static void dma_irq(void)
{
    uint32_t now = ccnt();
    uint32_t tc = rd32(DMAC0_BASE + DMAC_INTTCSTATUS);
    uint32_t err = rd32(DMAC0_BASE + DMAC_INTERRSTATUS);
    if (tc) {
        dma_tc_ccnt = now;
        dma_tc_irqs++;
        dma_tc_mask |= tc;
        wr32(DMAC0_BASE + DMAC_INTTCCLEAR, tc);
    }
    if (err) {
        dma_err_mask |= err;
        wr32(DMAC0_BASE + DMAC_INTERRCLR, err);
    }
}

void dma_init(void)
{
    wr32(DMAC0_BASE + DMAC_CONFIGURATION, 1);
    wr32(DMAC0_BASE + DMAC_INTTCCLEAR, 0xFF);
    wr32(DMAC0_BASE + DMAC_INTERRCLR, 0xFF);
    dma_tc_irqs = dma_tc_mask = dma_err_mask = 0;
    vic_set_handler(IRQ_DMAC0, dma_irq, 0x8);
    vic_enable(IRQ_DMAC0);
}

void dma_start(unsigned ch, const DmaLli *first, bool irq)
{
    uint32_t b = DMAC0_BASE + DMAC_CH(ch);
    wr32(b + DMAC_CH_CONFIG, 0);
    wr32(b + DMAC_CH_SRC, first->src);
    wr32(b + DMAC_CH_DST, first->dst);
    wr32(b + DMAC_CH_LLI, first->next);
    wr32(b + DMAC_CH_CONTROL, first->control);
    wr32(b + DMAC_CH_CONFIG, DMA_CFG_E | (irq ? DMA_CFG_ITC | DMA_CFG_IE : 0)); /* flow 0: M2M */
}

/* ---- clocks (section 4.4): open the gates of the blocks we use ---- */
void clocks_init(void)
{
    /* gate 0x07 I2C0, 0x13 timer, 0x19 DMAC0 (1 = stopped) */
    wr32(CLK0_BASE + CLK_GATES1, rd32(CLK0_BASE + CLK_GATES1) & ~(0x10u | 0x1F800020u | 0x8u));
    wr32(CLK0_BASE + CLK_GATES2, rd32(CLK0_BASE + CLK_GATES2) & ~0x60u);
    wr32(CLK0_BASE + CLK_GATES4, rd32(CLK0_BASE + CLK_GATES4) & ~(0x800u | 0x00C0007Fu));
}

/* ---- libc bits the compiler may call ---- */
void *memcpy(void *d, const void *s, size_t n)
{
    uint8_t *dp = d;
    const uint8_t *sp = s;
    while (n--) *dp++ = *sp++;
    return d;
}

void *memset(void *d, int c, size_t n)
{
    uint8_t *dp = d;
    while (n--) *dp++ = (uint8_t)c;
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y) return *x - *y;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n]) n++;
    return n;
}
