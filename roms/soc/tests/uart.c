/*
 * uart: UART0 transmit paths and status bits.
 *  - FIFO status (IRQs masked, polled): writing until UFSTAT.TXFULL takes
 *    17 bytes (one in the shifter, 16 in the FIFO); while full UTRSTAT says
 *    "TX buffer not empty" and "transmitter busy"; after the drain the TX
 *    count is 0 and UTRSTAT bits 1 and 2 are set;
 *  - line timing: N polled bytes take N frames of 10 bits at 115385 baud
 *    (16 x 13 crystal ticks per bit = 46193 CPU cycles a byte);
 *  - loopback (UCON bit 5): bytes come back through the RX FIFO (UFSTAT RX
 *    count, UTRSTAT bit 0, URXH) and never reach the console;
 *  - interrupt-driven transmit of a long text (2 KiB, far more than the
 *    16-byte FIFO): every byte refilled from the TX-threshold interrupt,
 *    the number of interrupts consistent with the 4-byte trigger, and the
 *    whole text on the wire in the time of its frames.
 */
#include "soc.h"

#define U(r) (UART0_BASE + (r))
#define FRAME_CYCLES 46193u  /* 10 * 16 * 13 / 24 MHz at 533 MHz */

static void test_fifo(void)
{
    uart_flush();
    uint32_t s = irq_save();
    const char *msg = "# fifo fill test: 0123456789abcdefghijklmnopqrstuvwxyz";
    unsigned n = 0;
    while (!(rd32(U(UFSTAT)) & UFSTAT_TXFULL) && msg[n]) wr32(U(UTXH), (uint8_t)msg[n++]);
    uint32_t fs = rd32(U(UFSTAT)), ts = rd32(U(UTRSTAT));
    while (msg[n]) uart_putc_poll(msg[n++]);
    uart_putc_poll('\n');
    while (!(rd32(U(UTRSTAT)) & UTRSTAT_TXE)) {}
    uint32_t fs2 = rd32(U(UFSTAT)), ts2 = rd32(U(UTRSTAT));
    irq_restore(s);
    check((fs & UFSTAT_TXFULL) && !(ts & (UTRSTAT_TXBE | UTRSTAT_TXE)),
          "TX FIFO full: UFSTAT 0x%03x, UTRSTAT 0x%02x (buffer and transmitter busy)", fs, ts);
    check(UFSTAT_TXCNT(fs2) == 0 && !(fs2 & UFSTAT_TXFULL) && (ts2 & (UTRSTAT_TXBE | UTRSTAT_TXE)) ==
                                                                 (UTRSTAT_TXBE | UTRSTAT_TXE),
          "TX drained: UFSTAT 0x%03x, UTRSTAT 0x%02x", fs2, ts2);
    /* 17 = 1 in the shift register + 16 in the FIFO, counted on a fresh pass */
    uart_flush();
    s = irq_save();
    n = 0;
    while (!(rd32(U(UFSTAT)) & UFSTAT_TXFULL)) {
        wr32(U(UTXH), n == 0 ? '#' : n == 1 ? ' ' : 'x');
        n++;
    }
    uart_putc_poll('\n');
    while (!(rd32(U(UTRSTAT)) & UTRSTAT_TXE)) {}
    irq_restore(s);
    check(n == 17, "the transmitter holds 17 bytes (1 shifting + 16-entry FIFO): %u", n);
}

static void test_timing(void)
{
    uart_flush();
    uint32_t s = irq_save();
    const char *msg = "# line timing: 32 bytes at 115k\n";
    uint32_t t0 = ccnt();
    for (const char *p = msg; *p; p++) uart_putc_poll(*p);
    while (!(rd32(U(UTRSTAT)) & UTRSTAT_TXE)) {}
    uint32_t dt = ccnt() - t0;
    irq_restore(s);
    uint32_t expect = 32 * FRAME_CYCLES;
    check(within_ppm(dt, expect, 5000), "32 bytes took %u cycles (expected ~%u: 115385 baud from the 24 MHz UCLK)", dt,
          expect);
}

static void test_loopback(void)
{
    uart_flush();
    uint32_t s = irq_save();
    uint32_t ucon = rd32(U(UCON));
    wr32(U(UFCON), UFCON_FIFO_EN | UFCON_RX_RESET | UFCON_TXTRIG_4);
    wr32(U(UCON), (ucon & ~UCON_TXTH_EN) | UCON_LOOPBACK);
    const char *probe = "LOOP5";
    for (unsigned i = 0; i < 5; i++) wr32(U(UTXH), (uint8_t)probe[i]);
    while (!(rd32(U(UTRSTAT)) & UTRSTAT_TXE)) {}
    uint32_t fs = rd32(U(UFSTAT)), ts = rd32(U(UTRSTAT));
    char got[6] = { 0 };
    for (unsigned i = 0; i < 5; i++) got[i] = (char)rd32(U(URXH));
    uint32_t fs2 = rd32(U(UFSTAT)), ts2 = rd32(U(UTRSTAT));
    wr32(U(UCON), ucon & ~UCON_TXTH_EN);
    wr32(U(UTRSTAT), 0x38);
    irq_restore(s);
    check(UFSTAT_RXCNT(fs) == 5 && (ts & UTRSTAT_RXDR), "loopback: 5 bytes in the RX FIFO (UFSTAT 0x%03x, UTRSTAT 0x%02x)",
          fs, ts);
    check(memcmp(got, probe, 5) == 0 && UFSTAT_RXCNT(fs2) == 0 && !(ts2 & UTRSTAT_RXDR),
          "loopback: URXH returns \"%s\", RX FIFO then empty", got);
}

static void test_irq_tx(void)
{
    uart_flush();
    uint32_t irqs0 = uart_tx_irqs, bytes0 = uart_tx_irq_bytes, q0 = uart_tx_queued;
    uint32_t t0 = ccnt();
    for (unsigned line = 0; line < 32; line++)
        kprintf("# long text %02u: the quick brown fox jumps over the lazy dog, twice!\n", line);
    uint32_t t_queued = ccnt() - t0;
    uint32_t total = uart_tx_queued - q0;
    uart_flush();
    uint32_t dt = ccnt() - t0;
    uint32_t irqs = uart_tx_irqs - irqs0, bytes = uart_tx_irq_bytes - bytes0;
    /* only the first 17 (shifter + FIFO) go out before the ring backs up */
    check(total == 32 * 68 && bytes >= total - 17 && bytes <= total,
          "long text: %u of %u bytes refilled from the TX interrupt", bytes, total);
    /* each interrupt tops the FIFO up from <= 4 to 16 entries: ~12 bytes each */
    check(irqs >= total / 16 && irqs <= total / 8, "long text: %u TX-threshold interrupts (%u..%u expected)", irqs,
          total / 16, total / 8);
    check(t_queued < dt / 4, "long text: the CPU queued it in %u of the %u cycles the line took", t_queued, dt);
    check(within_ppm(dt, total * FRAME_CYCLES, 10000), "long text: line time %u cycles for %u bytes (~%u)", dt, total,
          total * FRAME_CYCLES);
}

int main(void)
{
    soc_init("uart");
    info("UART0: 115200 8N1 from the 24 MHz crystal, 16-byte FIFOs");
    test_fifo();
    test_timing();
    test_loopback();
    test_irq_tx();
    report_end();
}
