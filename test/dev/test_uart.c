/* S5L8720 UART (dev/uart.c): registers reset to their documented values; a
 * byte reaches the host backend exactly one frame time after the transmitter
 * takes it (frame time from the divisor formula baud = clk / ((div+1) *
 * sample)), FIFO levels and UTRSTAT/UFSTAT follow the line over time; bytes
 * from a backend enter the RX FIFO one per frame; the threshold, timeout and
 * error interrupts and the DMA request lines follow their conditions; loopback
 * feeds TX into RX; a save/load round trip continues the transfer in step. */
#include <check.h>
#include <string.h>

#include "dev/uart.h"
#include "soc/clocks.h"
#include "soc/state.h"
#include "test/dev/devtest.h"

#define IRQ_LINE 0
#define TXREQ_LINE 1
#define RXREQ_LINE 2

/* Fake host: records what it receives (with the time), serves queued input. */
typedef struct FakeHost {
    Scheduler *sched;
    uint8_t out[64];
    uint64_t out_time[64];
    unsigned nout;
    const char *in;
    unsigned in_pos, in_len;
    unsigned polls;
} FakeHost;

static void host_write(void *opaque, uint8_t b)
{
    FakeHost *h = opaque;
    if (h->nout < sizeof h->out) {
        h->out[h->nout] = b;
        h->out_time[h->nout] = sched_now(h->sched);
        h->nout++;
    }
}

static int host_read(void *opaque)
{
    FakeHost *h = opaque;
    h->polls++;
    return h->in_pos < h->in_len ? (uint8_t)h->in[h->in_pos++] : -1;
}

static DevTestEnv T;
static UartDev *u;
static FakeHost host;

static void setup(void)
{
    devtest_init(&T);
    u = uart_create(&T.env, 0);
    uart_ops.reset(u);
    uart_connect_irq(u, irq_probe_line(&T.probe, IRQ_LINE));
    uart_connect_dma(u, irq_probe_line(&T.probe, TXREQ_LINE), irq_probe_line(&T.probe, RXREQ_LINE));
    memset(&host, 0, sizeof host);
    host.sched = T.env.sched;
    UartBackend b = { .opaque = &host, .write = host_write, .read = host_read };
    uart_set_backend(u, &b);
}

static void teardown(void)
{
    uart_ops.destroy(u);
    devtest_free(&T);
}

static uint32_t rd(uint32_t off) { return uart_ops.read(u, off, 4); }
static void wr(uint32_t off, uint32_t v) { uart_ops.write(u, off, v, 4); }
static void advance(uint64_t to) { sched_advance_to(T.env.sched, to); }
static uint64_t now(void) { return sched_now(T.env.sched); }

/* 115200 baud from the 24 MHz UCLK0 with x16 sampling, as openiBoot sets it:
 * div = 24e6 / (115200 * 16) - 1 = 12. */
#define DIV_115200 (CRYSTAL_HZ / (115200 * 16) - 1)
#define UCON_UCLK0 (1u << UCON_CLKSEL_SHIFT)
#define UCON_POLL (1u | (1u << UCON_TXMODE_SHIFT))

static uint64_t frame_8n1_115200(void)
{
    /* 10 bits per frame (start, 8 data, stop), each (div + 1) * 16 UCLK periods. */
    return clk_cycles((DIV_115200 + 1) * 16 * 10, CRYSTAL_HZ);
}

static void setup_8n1_115200(bool fifo)
{
    wr(UART_ULCON, 3);
    wr(UART_UBAUD, DIV_115200);
    wr(UART_UFCON, UFCON_TX_RESET | UFCON_RX_RESET);
    wr(UART_UFCON, fifo ? UFCON_FIFO_EN : 0);
}

START_TEST(test_uart_reset_values)
{
    ck_assert_uint_eq(rd(UART_ULCON), 0);
    ck_assert_uint_eq(rd(UART_UCON), 0);
    ck_assert_uint_eq(rd(UART_UFCON), 0);
    ck_assert_uint_eq(rd(UART_UMCON), 0);
    ck_assert_uint_eq(rd(UART_UTRSTAT), UTRSTAT_TXBE | UTRSTAT_TXE);
    ck_assert_uint_eq(rd(UART_UERSTAT), 0);
    ck_assert_uint_eq(rd(UART_UFSTAT), 0);
    ck_assert_uint_eq(rd(UART_UMSTAT), UMSTAT_CTS);
    ck_assert_uint_eq(rd(UART_URXH), 0);
    ck_assert_uint_eq(rd(UART_UBAUD), 0);
    ck_assert_uint_eq(rd(UART_UDIVSLOT), 0);
    ck_assert(!T.probe.level[IRQ_LINE]);
    /* Register values survive until reset, then go back. */
    wr(UART_UBAUD, 0x1000C);
    wr(UART_UCON, UCON_POLL | UCON_UCLK0);
    ck_assert_uint_eq(rd(UART_UBAUD), 0x1000C);
    uart_ops.reset(u);
    ck_assert_uint_eq(rd(UART_UBAUD), 0);
    ck_assert_uint_eq(rd(UART_UCON), 0);
    /* An unknown offset reads 0 and is reported once. */
    unsigned before = log_count(T.env.log);
    ck_assert_uint_eq(rd(0x40), 0);
    ck_assert_uint_eq(rd(0x40), 0);
    ck_assert_uint_eq(log_count(T.env.log), before + 1);
}
END_TEST

START_TEST(test_uart_subword_access)
{
    wr(UART_UBAUD, 0x2ABCD);
    ck_assert_uint_eq(uart_ops.read(u, UART_UBAUD + 2, 1), 0x02);
    ck_assert_uint_eq(uart_ops.read(u, UART_UBAUD, 2), 0xABCD);
    uart_ops.write(u, UART_UBAUD + 1, 0x12, 1);
    ck_assert_uint_eq(rd(UART_UBAUD), 0x212CD);
    /* strb to UTXH queues one byte. */
    setup_8n1_115200(true);
    uart_ops.write(u, UART_UTXH, 'q', 1);
    uart_ops.write(u, UART_UTXH, 'r', 1);
    ck_assert_uint_eq((rd(UART_UFSTAT) >> 4) & 0xF, 2);
}
END_TEST

START_TEST(test_uart_frame_time_formula)
{
    setup_8n1_115200(true);
    wr(UART_UCON, UCON_POLL | UCON_UCLK0);
    ck_assert_uint_eq(uart_frame_cycles(u), frame_8n1_115200());
    /* 7 data bits, parity, 2 stop bits = 11 bits; PCLK, x8 sampling, div 35. */
    wr(UART_ULCON, 2 | ULCON_STOP2 | (4u << 3));
    wr(UART_UCON, UCON_POLL);
    wr(UART_UBAUD, 35 | (1u << UBAUD_SAMPLE_SHIFT));
    ck_assert_uint_eq(uart_frame_cycles(u), clk_cycles(36ull * 8 * 11, PCLK_HZ));
    /* x4 sampling, UCLK1 is the crystal too. */
    wr(UART_UCON, UCON_POLL | (3u << UCON_CLKSEL_SHIFT));
    wr(UART_UBAUD, 35 | (2u << UBAUD_SAMPLE_SHIFT));
    ck_assert_uint_eq(uart_frame_cycles(u), clk_cycles(36ull * 4 * 11, CRYSTAL_HZ));
}
END_TEST

START_TEST(test_uart_tx_byte_after_frame)
{
    setup_8n1_115200(true);
    wr(UART_UCON, UCON_POLL | UCON_UCLK0);
    advance(1000);
    wr(UART_UTXH, 'A');
    uint64_t f = frame_8n1_115200();
    ck_assert_uint_eq(f, 46194); /* 2080 UCLK periods at 24 MHz, rounded up to CPU cycles */
    advance(1000 + f - 1);
    ck_assert_uint_eq(host.nout, 0);
    ck_assert_uint_eq(rd(UART_UTRSTAT) & UTRSTAT_TXE, 0);
    advance(1000 + f);
    ck_assert_uint_eq(host.nout, 1);
    ck_assert_uint_eq(host.out[0], 'A');
    ck_assert_uint_eq(host.out_time[0], 1000 + f);
    ck_assert_uint_eq(rd(UART_UTRSTAT) & UTRSTAT_TXE, UTRSTAT_TXE);
}
END_TEST

START_TEST(test_uart_fifo_levels_over_time)
{
    setup_8n1_115200(true);
    wr(UART_UCON, UCON_POLL | UCON_UCLK0);
    uint64_t f = frame_8n1_115200();
    advance(500);
    for (int i = 0; i < 5; i++) wr(UART_UTXH, 'a' + i);
    /* One byte went straight to the shifter, four wait. */
    ck_assert_uint_eq(rd(UART_UFSTAT), 4u << 4);
    ck_assert_uint_eq(rd(UART_UTRSTAT) & (UTRSTAT_TXBE | UTRSTAT_TXE), 0);
    for (unsigned k = 1; k <= 4; k++) {
        advance(500 + k * f);
        ck_assert_uint_eq(host.nout, k);
        ck_assert_uint_eq(host.out_time[k - 1], 500 + k * f);
        ck_assert_uint_eq((rd(UART_UFSTAT) >> 4) & 0xF, 4 - k);
    }
    /* FIFO empty but the last frame is still on the line. */
    ck_assert_uint_eq(rd(UART_UTRSTAT) & (UTRSTAT_TXBE | UTRSTAT_TXE), UTRSTAT_TXBE);
    advance(500 + 5 * f);
    ck_assert_uint_eq(host.nout, 5);
    ck_assert_mem_eq(host.out, "abcde", 5);
    ck_assert_uint_eq(rd(UART_UTRSTAT) & (UTRSTAT_TXBE | UTRSTAT_TXE), UTRSTAT_TXBE | UTRSTAT_TXE);

    /* 1 on the line + 16 in the FIFO fill it; the 18th byte is lost. */
    for (int i = 0; i < 17; i++) wr(UART_UTXH, 'A' + i);
    ck_assert_uint_eq(rd(UART_UFSTAT), UFSTAT_TXFULL | (0u << 4));
    unsigned before = log_count(T.env.log);
    wr(UART_UTXH, '!');
    ck_assert_uint_eq(log_count(T.env.log), before + 1);
    advance(now() + 17 * f);
    ck_assert_uint_eq(host.nout, 5 + 17);
    ck_assert_uint_eq(host.out[5 + 16], 'A' + 16);
}
END_TEST

START_TEST(test_uart_non_fifo_holding_register)
{
    setup_8n1_115200(false);
    wr(UART_UCON, UCON_POLL | UCON_UCLK0);
    wr(UART_UTXH, 'x');
    ck_assert_uint_eq(rd(UART_UTRSTAT) & UTRSTAT_TXBE, UTRSTAT_TXBE); /* went to the shifter */
    wr(UART_UTXH, 'y');
    ck_assert_uint_eq(rd(UART_UTRSTAT) & UTRSTAT_TXBE, 0);
    ck_assert_uint_eq(rd(UART_UFSTAT) & UFSTAT_TXFULL, UFSTAT_TXFULL);
    advance(2 * frame_8n1_115200());
    ck_assert_uint_eq(host.nout, 2);
}
END_TEST

START_TEST(test_uart_tx_disabled_holds_bytes)
{
    setup_8n1_115200(true);
    wr(UART_UCON, UCON_UCLK0 | 1u); /* RX on, TX off */
    wr(UART_UTXH, 'k');
    advance(10 * frame_8n1_115200());
    ck_assert_uint_eq(host.nout, 0);
    ck_assert_uint_eq((rd(UART_UFSTAT) >> 4) & 0xF, 1);
    uint64_t t = now();
    wr(UART_UCON, UCON_POLL | UCON_UCLK0);
    advance(t + frame_8n1_115200());
    ck_assert_uint_eq(host.nout, 1);
    ck_assert_uint_eq(host.out_time[0], t + frame_8n1_115200());
}
END_TEST

START_TEST(test_uart_rx_from_backend)
{
    host.in = "hi";
    host.in_len = 2;
    setup_8n1_115200(true);
    uint64_t f = frame_8n1_115200();
    advance(100);
    wr(UART_UCON, UCON_POLL | UCON_UCLK0);
    advance(100 + f - 1);
    ck_assert_uint_eq(rd(UART_UFSTAT) & 0xF, 0);
    ck_assert_uint_eq(rd(UART_UTRSTAT) & UTRSTAT_RXDR, 0);
    advance(100 + f);
    ck_assert_uint_eq(rd(UART_UFSTAT) & 0xF, 1);
    ck_assert_uint_eq(rd(UART_UTRSTAT) & UTRSTAT_RXDR, UTRSTAT_RXDR);
    advance(100 + 2 * f);
    ck_assert_uint_eq(rd(UART_UFSTAT) & 0xF, 2);
    ck_assert_uint_eq(rd(UART_URXH), 'h');
    ck_assert_uint_eq(rd(UART_URXH), 'i');
    ck_assert_uint_eq(rd(UART_UTRSTAT) & UTRSTAT_RXDR, 0);
    /* The receiver keeps polling once per frame while enabled, and stops
     * when it is switched off. */
    advance(100 + 10 * f);
    ck_assert_uint_eq(host.polls, 10);
    wr(UART_UCON, UCON_UCLK0);
    ck_assert(!sched_pending(T.env.sched, EV_UART_RX(0)));
}
END_TEST

START_TEST(test_uart_rx_without_backend_is_idle)
{
    uart_set_backend(u, NULL);
    setup_8n1_115200(true);
    wr(UART_UCON, UCON_POLL | UCON_UCLK0);
    ck_assert(!sched_pending(T.env.sched, EV_UART_RX(0)));
    wr(UART_UTXH, 'z'); /* output is discarded, the line still takes the frame time */
    ck_assert_uint_eq(rd(UART_UTRSTAT) & UTRSTAT_TXE, 0);
    advance(frame_8n1_115200());
    ck_assert_uint_eq(rd(UART_UTRSTAT) & UTRSTAT_TXE, UTRSTAT_TXE);
    ck_assert_uint_eq(sched_next(T.env.sched), SCHED_NEVER);
}
END_TEST

START_TEST(test_uart_irq_tx_threshold)
{
    setup_8n1_115200(true); /* TX trigger 0: interrupt when the FIFO is empty */
    uint64_t f = frame_8n1_115200();
    wr(UART_UCON, UCON_POLL | UCON_UCLK0);
    advance(10);
    wr(UART_UTXH, '1');
    wr(UART_UTXH, '2');
    wr(UART_UTXH, '3');
    wr(UART_UCON, UCON_POLL | UCON_UCLK0 | UCON_TXTH_EN);
    ck_assert(!T.probe.level[IRQ_LINE]);
    ck_assert_uint_eq(rd(UART_UTRSTAT) & UTRSTAT_TXTH, 0);
    advance(10 + 2 * f);
    ck_assert(T.probe.level[IRQ_LINE]);
    ck_assert_uint_eq(T.probe.last_change[IRQ_LINE], 10 + 2 * f);
    ck_assert_uint_eq(rd(UART_UTRSTAT) & UTRSTAT_TXTH, UTRSTAT_TXTH);
    /* Refill, then clear: the condition no longer holds, the line drops. */
    wr(UART_UTXH, '4');
    wr(UART_UTRSTAT, UTRSTAT_TXTH);
    ck_assert(!T.probe.level[IRQ_LINE]);
    /* Clearing while the FIFO is still empty re-latches (level condition). */
    advance(10 + 3 * f);
    ck_assert(T.probe.level[IRQ_LINE]);
    wr(UART_UTRSTAT, UTRSTAT_TXTH);
    ck_assert(T.probe.level[IRQ_LINE]);
    /* Masking the source lowers the line. */
    wr(UART_UCON, UCON_POLL | UCON_UCLK0);
    ck_assert(!T.probe.level[IRQ_LINE]);
}
END_TEST

START_TEST(test_uart_irq_rx_threshold_and_timeout)
{
    host.in = "ab";
    host.in_len = 2;
    setup_8n1_115200(true);
    wr(UART_UFCON, UFCON_FIFO_EN); /* RX trigger 4 bytes */
    uint64_t f = frame_8n1_115200();
    wr(UART_UCON, UCON_POLL | UCON_UCLK0 | UCON_RXTH_EN | UCON_RXTO_EN);
    advance(2 * f);
    ck_assert_uint_eq(rd(UART_UFSTAT) & 0xF, 2);
    ck_assert(!T.probe.level[IRQ_LINE]); /* below the threshold */
    advance(2 * f + UART_RX_TIMEOUT_FRAMES * f - 1);
    ck_assert(!T.probe.level[IRQ_LINE]);
    advance(2 * f + UART_RX_TIMEOUT_FRAMES * f);
    ck_assert(T.probe.level[IRQ_LINE]);
    ck_assert_uint_eq(rd(UART_UTRSTAT) & UTRSTAT_PENDING, UTRSTAT_RXTO);
    rd(UART_URXH);
    rd(UART_URXH);
    wr(UART_UTRSTAT, UTRSTAT_RXTO);
    ck_assert(!T.probe.level[IRQ_LINE]);

    /* Four bytes reach the threshold. */
    host.in = "wxyz";
    host.in_len = 4;
    host.in_pos = 0;
    uint64_t t = sched_when(T.env.sched, EV_UART_RX(0));
    advance(t + 2 * f);
    ck_assert(!T.probe.level[IRQ_LINE]);
    advance(t + 3 * f);
    ck_assert(T.probe.level[IRQ_LINE]);
    ck_assert_uint_eq(rd(UART_UTRSTAT) & UTRSTAT_RXTH, UTRSTAT_RXTH);
}
END_TEST

START_TEST(test_uart_overrun_error_irq)
{
    host.in = "12";
    host.in_len = 2;
    setup_8n1_115200(false); /* 1-byte holding register */
    wr(UART_UCON, UCON_POLL | UCON_UCLK0 | UCON_ERRINT_EN);
    advance(2 * frame_8n1_115200());
    ck_assert(T.probe.level[IRQ_LINE]);
    ck_assert_uint_eq(rd(UART_UERSTAT), UERSTAT_OVERRUN);
    ck_assert(!T.probe.level[IRQ_LINE]); /* read clears */
    ck_assert_uint_eq(rd(UART_UERSTAT), 0);
    ck_assert_uint_eq(rd(UART_URXH), '1');
}
END_TEST

START_TEST(test_uart_loopback)
{
    setup_8n1_115200(true);
    wr(UART_UCON, UCON_POLL | UCON_UCLK0 | UCON_LOOPBACK);
    wr(UART_UTXH, 'Z');
    advance(frame_8n1_115200() - 1);
    ck_assert_uint_eq(rd(UART_UTRSTAT) & UTRSTAT_RXDR, 0);
    advance(frame_8n1_115200());
    ck_assert_uint_eq(host.nout, 0);     /* nothing leaves the chip */
    ck_assert_uint_eq(host.polls, 0);    /* and the outside is not listened to */
    ck_assert_uint_eq(rd(UART_UTRSTAT) & UTRSTAT_RXDR, UTRSTAT_RXDR);
    ck_assert_uint_eq(rd(UART_URXH), 'Z');
}
END_TEST

START_TEST(test_uart_dma_request_lines)
{
    setup_8n1_115200(true);
    uint64_t f = frame_8n1_115200();
    ck_assert(!T.probe.level[TXREQ_LINE]);
    wr(UART_UCON, UCON_UCLK0 | (2u << UCON_TXMODE_SHIFT)); /* TX DMA */
    ck_assert(T.probe.level[TXREQ_LINE]);
    wr(UART_UTXH, 'd');
    ck_assert(T.probe.level[TXREQ_LINE]); /* went to the shifter */
    wr(UART_UTXH, 'm');
    ck_assert(!T.probe.level[TXREQ_LINE]);
    advance(f);
    ck_assert(T.probe.level[TXREQ_LINE]);
    ck_assert_uint_eq(T.probe.last_change[TXREQ_LINE], f);
    ck_assert(!T.probe.level[IRQ_LINE]);

    host.in = "0123";
    host.in_len = 4;
    uint64_t t = now();
    wr(UART_UCON, UCON_UCLK0 | 2u); /* RX DMA, trigger 4 */
    advance(t + 3 * f);
    ck_assert(!T.probe.level[RXREQ_LINE]);
    advance(t + 4 * f);
    ck_assert(T.probe.level[RXREQ_LINE]);
    rd(UART_URXH);
    ck_assert(!T.probe.level[RXREQ_LINE]);
}
END_TEST

START_TEST(test_uart_state_round_trip)
{
    host.in = "rx";
    host.in_len = 2;
    setup_8n1_115200(true);
    uint64_t f = frame_8n1_115200();
    wr(UART_UCON, UCON_POLL | UCON_UCLK0 | UCON_TXTH_EN);
    wr(UART_UDIVSLOT, 0x5555);
    for (int i = 0; i < 4; i++) wr(UART_UTXH, 'S' + i);
    advance(f + f / 2); /* mid-frame of the second byte, one RX byte in */

    StateIO *io = state_create_save();
    sched_state(T.env.sched, io);
    uart_ops.state(u, io);
    ck_assert_ptr_null(state_error(io));
    size_t len;
    const void *data = state_data(io, &len);

    DevTestEnv T2;
    devtest_init(&T2);
    UartDev *u2 = uart_create(&T2.env, 0);
    uart_ops.reset(u2);
    FakeHost host2;
    memset(&host2, 0, sizeof host2);
    host2.sched = T2.env.sched;
    host2.in = "x";
    host2.in_len = 1;
    UartBackend b2 = { .opaque = &host2, .write = host_write, .read = host_read };
    uart_set_backend(u2, &b2);
    StateIO *in = state_create_load(data, len);
    sched_state(T2.env.sched, in);
    uart_ops.state(u2, in);
    ck_assert_ptr_null(state_error(in));

    for (uint32_t off = 0; off < 0x30; off += 4) {
        if (off == UART_URXH || off == UART_UERSTAT) continue; /* read side effects */
        ck_assert_uint_eq(uart_ops.read(u2, off, 4), rd(off));
    }
    ck_assert_uint_eq(sched_now(T2.env.sched), now());
    /* Both continue identically: the rest of the bytes at the same times. */
    advance(5 * f);
    sched_advance_to(T2.env.sched, 5 * f);
    ck_assert_uint_eq(host2.nout, host.nout - 1);
    for (unsigned i = 0; i < host2.nout; i++) {
        ck_assert_uint_eq(host2.out[i], host.out[i + 1]);
        ck_assert_uint_eq(host2.out_time[i], host.out_time[i + 1]);
    }
    ck_assert_uint_eq(uart_ops.read(u2, UART_URXH, 4), 'r');
    ck_assert_uint_eq(uart_ops.read(u2, UART_URXH, 4), 'x');

    /* A truncated stream is refused. */
    StateIO *bad = state_create_load(data, len - 5);
    sched_state(T2.env.sched, bad);
    uart_ops.state(u2, bad);
    ck_assert_ptr_nonnull(state_error(bad));
    state_destroy(bad);

    state_destroy(in);
    state_destroy(io);
    uart_ops.destroy(u2);
    devtest_free(&T2);
}
END_TEST

Suite *uart_suite(void)
{
    Suite *s = suite_create("uart");
    TCase *t = tcase_create("uart");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_uart_reset_values);
    tcase_add_test(t, test_uart_subword_access);
    tcase_add_test(t, test_uart_frame_time_formula);
    tcase_add_test(t, test_uart_tx_byte_after_frame);
    tcase_add_test(t, test_uart_fifo_levels_over_time);
    tcase_add_test(t, test_uart_non_fifo_holding_register);
    tcase_add_test(t, test_uart_tx_disabled_holds_bytes);
    tcase_add_test(t, test_uart_rx_from_backend);
    tcase_add_test(t, test_uart_rx_without_backend_is_idle);
    tcase_add_test(t, test_uart_irq_tx_threshold);
    tcase_add_test(t, test_uart_irq_rx_threshold_and_timeout);
    tcase_add_test(t, test_uart_overrun_error_irq);
    tcase_add_test(t, test_uart_loopback);
    tcase_add_test(t, test_uart_dma_request_lines);
    tcase_add_test(t, test_uart_state_round_trip);
    suite_add_tcase(s, t);
    return s;
}
