/*
 * intmix-soc: the integer-mix CPU benchmark (roms/bench/intmix.c) as a SoC
 * boot ROM for `ipodsim boot`, to measure what the machine's scheduler and
 * interrupt path cost against the bare `ipodsim run` mode (test/bench_soc.sh,
 * docs/firmware.md "SoC benchmark").
 *
 * The kernel is roms/bench/intmix.c itself, compiled with the benchmark's own
 * flags; the build renames its main() to intmix_main() in the object file
 * (objcopy --redefine-sym), so the code is the bare benchmark's.  Its output
 * (bench.h writes each line with write(1, ...)) is caught by the write()
 * below and printed on UART0 after the timed phase.
 *
 * Phase "bare":  the kernel with no interrupt source enabled.
 * Phase "timer": the kernel again while timer 4 interrupts at 1 kHz of
 *                emulated time (24000 ticks of the 24 MHz crystal); the
 *                library's IRQ 7 handler acknowledges the lane in IRQSTAT
 *                and on_tick() counts.
 * For each phase one line
 *   bench-soc: phase=<p> checksum=0x... cycles=<CCNT> ticks=<n> irqs=<n>
 * then a check that both checksums agree and that the tick count matches
 * the phase's CCNT cycles (533000 per tick, +-1), and power-off via the PMU.
 */
#include <sys/types.h>

#include "soc.h"

#define TICK_XTAL 24000u                 /* 1 ms at 24 MHz */
#define TICK_CYCLES (CPU_HZ / 1000u)     /* 533000 CPU cycles per tick */

int intmix_main(void);
ssize_t write(int fd, const void *buf, size_t len);

/* The kernel's output of the current phase. */
static char out_buf[1024];
static size_t out_len;

ssize_t write(int fd, const void *buf, size_t len)
{
    (void)fd;
    const char *p = buf;
    for (size_t i = 0; i < len && out_len < sizeof out_buf - 1; i++) out_buf[out_len++] = p[i];
    out_buf[out_len] = '\0';
    return (ssize_t)len;
}

static volatile uint32_t ticks;
static void on_tick(void) { ticks++; }

/* The value after "checksum=0x" in the captured output, 0 if none. */
static uint32_t captured_checksum(bool *found)
{
    static const char key[] = "checksum=0x";
    *found = false;
    for (size_t i = 0; i + sizeof key - 1 <= out_len; i++) {
        if (memcmp(out_buf + i, key, sizeof key - 1) != 0) continue;
        uint32_t v = 0;
        for (size_t j = i + sizeof key - 1; j < out_len; j++) {
            char c = out_buf[j];
            unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
                         : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10) : 16u;
            if (d > 15) break;
            v = v << 4 | d;
        }
        *found = true;
        return v;
    }
    return 0;
}

typedef struct Phase {
    uint32_t checksum, cycles, ticks, irqs;
    int rc;
    bool found;
} Phase;

static void run_phase(const char *name, bool with_timer, Phase *ph)
{
    uart_flush();                        /* no UART TX interrupt inside the phase */
    out_len = 0;
    ticks = 0;
    uint32_t irq0 = irq_entries;
    if (with_timer) {
        timer_set_callback(4, on_tick);
        timer_start_periodic(4, TMR_CFG_CLK_24MHZ, TICK_XTAL);
    }
    uint32_t c0 = ccnt();
    ph->rc = intmix_main();
    uint32_t c1 = ccnt();
    if (with_timer) timer_stop(4);
    ph->cycles = c1 - c0;
    ph->ticks = ticks;
    ph->irqs = irq_entries - irq0;
    ph->checksum = captured_checksum(&ph->found);
    uart_puts(out_buf);
    kprintf("bench-soc: phase=%s checksum=0x%08x cycles=%u ticks=%u irqs=%u\n", name,
            ph->checksum, ph->cycles, ph->ticks, ph->irqs);
}

int main(void)
{
    soc_init("bench-soc");
    Phase bare, timed;
    run_phase("bare", false, &bare);
    run_phase("timer", true, &timed);

    check(bare.rc == 0 && bare.found, "phase bare: kernel self-check and checksum line");
    check(timed.rc == 0 && timed.found, "phase timer: kernel self-check and checksum line");
    check(bare.checksum == timed.checksum, "same checksum with and without timer IRQs (0x%08x)",
          timed.checksum);
    check(bare.irqs == 0, "no interrupt during phase bare (%u)", bare.irqs);
    uint32_t expect = timed.cycles / TICK_CYCLES;
    check(timed.ticks + 1 >= expect && timed.ticks <= expect + 1,
          "1 kHz ticks during phase timer: %u for %u cycles (expected %u +-1)", timed.ticks,
          timed.cycles, expect);
    report_end();
}
