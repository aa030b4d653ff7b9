/* The SPI controller moves words in emulated time exactly as dev/spi.h
 * documents: reset values, a 16-word transmit that completes at
 * bits * divider (+ word delay) source ticks per word without rounding drift,
 * receive-only (AGD) transfers that clock all-ones dummies and wait for RX
 * room, FIFO levels mid-transfer, word sizes 8/16/32, the W1C status flags,
 * the IRQ formula of sheet 9.2, the AND-combined bus of several targets, and
 * a save/load round trip in the middle of a transfer. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "dev/spi.h"
#include "soc/clocks.h"
#include "soc/state.h"
#include "test/dev/devtest.h"

enum { PIRQ = 3 };

/* A target that records what it receives and answers from a script (or
 * echoes the complement of the word when the script runs out). */
typedef struct Echo {
    uint32_t got[64];
    unsigned bits[64];
    uint64_t when[64];
    unsigned n;
    uint32_t reply[64];
    unsigned nreply;
    bool selected;
    Scheduler *sched;
} Echo;

static uint32_t echo_exchange(void *opaque, uint32_t out, unsigned bits)
{
    Echo *e = opaque;
    if (!e->selected) return 0xFFFFFFFFu;
    if (e->n < 64) {
        e->got[e->n] = out;
        e->bits[e->n] = bits;
        e->when[e->n] = sched_now(e->sched);
    }
    uint32_t r = e->n < e->nreply ? e->reply[e->n] : ~out;
    e->n++;
    return r;
}

typedef struct SpiFix {
    DevTestEnv t;
    SpiDev *s;
    Echo echo;
} SpiFix;

static void fix_init(SpiFix *f)
{
    devtest_init(&f->t);
    f->s = spi_create(&f->t.env, 4);
    spi_ops.reset(f->s);
    spi_connect_irq(f->s, irq_probe_line(&f->t.probe, PIRQ));
    memset(&f->echo, 0, sizeof f->echo);
    f->echo.selected = true;
    f->echo.sched = f->t.env.sched;
    SpiTarget t = { .opaque = &f->echo, .exchange = echo_exchange };
    ck_assert(spi_attach(f->s, &t));
}

static void fix_free(SpiFix *f)
{
    spi_ops.destroy(f->s);
    devtest_free(&f->t);
}

static uint32_t rd(SpiDev *s, uint32_t off) { return spi_ops.read(s, off, 4); }
static void wr(SpiDev *s, uint32_t off, uint32_t v) { spi_ops.write(s, off, v, 4); }
static uint32_t txlevel(SpiDev *s) { return (rd(s, SPI_STATUS) >> SPI_STATUS_TXLEVEL_SHIFT) & 0x1F; }
static uint32_t rxlevel(SpiDev *s) { return (rd(s, SPI_STATUS) >> SPI_STATUS_RXLEVEL_SHIFT) & 0x1F; }
static void advance(SpiFix *f, uint64_t t) { sched_advance_to(f->t.env.sched, t); }

/* openiBoot's setup: master, PIO, PCLK, 8-bit, divider. */
static void setup8(SpiDev *s, uint32_t div)
{
    wr(s, SPI_CONTROL, 0);
    wr(s, SPI_CLKDIVIDER, div);
    wr(s, SPI_SETUP, 3u << 3 | 1u << 5);
}

START_TEST(test_spi_reset_values)
{
    SpiFix f;
    fix_init(&f);
    static const uint32_t regs[] = { SPI_CONTROL, SPI_SETUP, SPI_STATUS, SPI_PIN, SPI_RXDATA, SPI_CLKDIVIDER,
                                     SPI_RXCNT, SPI_WORD_DELAY, 0x3C, 0x40, 0x44, 0x48, SPI_TXCNT };
    for (unsigned i = 0; i < sizeof regs / sizeof regs[0]; i++)
        ck_assert_uint_eq(rd(f.s, regs[i]), 0);
    ck_assert(!f.t.probe.level[PIRQ]);
    /* Reset also empties FIFOs and stops a transfer in flight. */
    setup8(f.s, 4);
    wr(f.s, SPI_TXDATA, 0x11);
    wr(f.s, SPI_TXDATA, 0x22);
    wr(f.s, SPI_TXCNT, 2);
    wr(f.s, SPI_CONTROL, SPI_CONTROL_RUN);
    ck_assert(sched_pending(f.t.env.sched, EV_SPI4));
    spi_ops.reset(f.s);
    ck_assert(!sched_pending(f.t.env.sched, EV_SPI4));
    ck_assert_uint_eq(rd(f.s, SPI_STATUS), 0);
    ck_assert_uint_eq(rd(f.s, SPI_TXCNT), 0);
    /* Unknown offsets read 0 and are logged; RW unknowns keep their value. */
    unsigned before = log_count(f.t.env.log);
    ck_assert_uint_eq(rd(f.s, 0x80), 0);
    ck_assert_uint_gt(log_count(f.t.env.log), before);
    wr(f.s, 0x40, 0xDEADBEEF);
    ck_assert_uint_eq(rd(f.s, 0x40), 0xDEADBEEF);
    wr(f.s, SPI_CLKDIVIDER, 0xFFFFFFFF);
    ck_assert_uint_eq(rd(f.s, SPI_CLKDIVIDER), SPI_CLKDIV_MASK);
    fix_free(&f);
}
END_TEST

START_TEST(test_spi_tx16_exact_completion)
{
    SpiFix f;
    fix_init(&f);
    setup8(f.s, 4); /* 8 bits * 4 = 32 PCLK ticks = 256 CPU cycles per word */
    wr(f.s, SPI_CONTROL, SPI_CONTROL_TX_RESET);
    wr(f.s, SPI_CONTROL, SPI_CONTROL_RX_RESET);
    for (unsigned i = 0; i < 16; i++)
        wr(f.s, SPI_TXDATA, 0xA0 + i);
    ck_assert_uint_eq(txlevel(f.s), 16);
    wr(f.s, SPI_TXCNT, 16);
    wr(f.s, SPI_SETUP, rd(f.s, SPI_SETUP) | SPI_SETUP_IE_TXEMPTY | SPI_SETUP_IE_COMPLETE);
    advance(&f, 1000);
    ck_assert_uint_eq(f.echo.n, 0); /* nothing moves before RUN */
    wr(f.s, SPI_CONTROL, SPI_CONTROL_RUN);
    uint64_t t0 = 1000;
    advance(&f, t0 + 16 * 256 - 1);
    ck_assert_uint_eq(f.echo.n, 15);
    ck_assert(!(rd(f.s, SPI_STATUS) & SPI_STATUS_COMPLETE));
    ck_assert_uint_eq(rd(f.s, SPI_TXCNT), 1);
    advance(&f, t0 + 16 * 256);
    ck_assert_uint_eq(f.echo.n, 16);
    ck_assert(rd(f.s, SPI_STATUS) & SPI_STATUS_COMPLETE);
    ck_assert_uint_eq(rd(f.s, SPI_TXCNT), 0);
    ck_assert_uint_eq(txlevel(f.s), 0);
    ck_assert_uint_eq(rxlevel(f.s), 0); /* RXCNT = 0: nothing stored */
    for (unsigned i = 0; i < 16; i++) {
        ck_assert_uint_eq(f.echo.got[i], 0xA0 + i);
        ck_assert_uint_eq(f.echo.bits[i], 8);
        ck_assert_uint_eq(f.echo.when[i], t0 + (i + 1) * 256);
    }
    ck_assert(f.t.probe.level[PIRQ]);
    /* TX empty rose when the last word started and emptied the FIFO. */
    ck_assert_uint_eq(f.t.probe.last_change[PIRQ], t0 + 15 * 256);
    fix_free(&f);
}
END_TEST

START_TEST(test_spi_word_delay_and_crystal_timing)
{
    SpiFix f;
    fix_init(&f);
    setup8(f.s, 4);
    wr(f.s, SPI_WORD_DELAY, 3); /* 35 PCLK ticks = 280 cycles per word */
    for (unsigned i = 0; i < 3; i++)
        wr(f.s, SPI_TXDATA, i);
    wr(f.s, SPI_TXCNT, 3);
    wr(f.s, SPI_CONTROL, SPI_CONTROL_RUN);
    advance(&f, 3 * 280);
    ck_assert_uint_eq(f.echo.when[0], 280);
    ck_assert_uint_eq(f.echo.when[2], 840);
    ck_assert(rd(f.s, SPI_STATUS) & SPI_STATUS_COMPLETE);

    /* Crystal, divider 0 (= 1): 8 ticks of 24 MHz = 177.67 CPU cycles; word k
     * ends at ceil(k * 8 * 533 / 24) from the run start - no accumulated
     * rounding (three rounded-up words would end at 534). */
    wr(f.s, SPI_STATUS, SPI_STATUS_FLAGS);
    wr(f.s, SPI_WORD_DELAY, 0);
    wr(f.s, SPI_CLKDIVIDER, 0);
    wr(f.s, SPI_SETUP, rd(f.s, SPI_SETUP) | SPI_SETUP_CLKSRC_NCLK);
    f.echo.n = 0;
    uint64_t t0 = 2000;
    advance(&f, t0);
    for (unsigned i = 0; i < 3; i++)
        wr(f.s, SPI_TXDATA, i);
    wr(f.s, SPI_TXCNT, 3);
    advance(&f, t0 + 600);
    ck_assert_uint_eq(f.echo.n, 3);
    ck_assert_uint_eq(f.echo.when[0], t0 + 178);
    ck_assert_uint_eq(f.echo.when[1], t0 + 356);
    ck_assert_uint_eq(f.echo.when[2], t0 + 533);
    fix_free(&f);
}
END_TEST

START_TEST(test_spi_rx_agd_dummy_words)
{
    SpiFix f;
    fix_init(&f);
    setup8(f.s, 2); /* 16 PCLK = 128 cycles per word */
    for (unsigned i = 0; i < 20; i++)
        f.echo.reply[i] = 0x30 + i;
    f.echo.nreply = 20;
    /* openiBoot rx: reset FIFOs, RXCNT, RUN, then SETUP |= AGD | IEs. */
    wr(f.s, SPI_CONTROL, SPI_CONTROL_TX_RESET | SPI_CONTROL_RX_RESET);
    wr(f.s, SPI_RXCNT, 20);
    wr(f.s, SPI_CONTROL, SPI_CONTROL_RUN);
    advance(&f, 500);
    ck_assert_uint_eq(f.echo.n, 0); /* no AGD yet, nothing to send */
    wr(f.s, SPI_SETUP, rd(f.s, SPI_SETUP) | SPI_SETUP_AGD | SPI_SETUP_IE_RXREADY);
    advance(&f, 500 + 128 - 1);
    ck_assert_uint_eq(rxlevel(f.s), 0);
    ck_assert(!f.t.probe.level[PIRQ]);
    advance(&f, 500 + 128);
    ck_assert_uint_eq(rxlevel(f.s), 1);
    ck_assert(f.t.probe.level[PIRQ]);
    /* The FIFO fills to 16 and the run waits for room. */
    advance(&f, 500 + 100 * 128);
    ck_assert_uint_eq(rxlevel(f.s), 16);
    ck_assert_uint_eq(f.echo.n, 16);
    ck_assert_uint_eq(rd(f.s, SPI_RXCNT), 4);
    ck_assert(!(rd(f.s, SPI_STATUS) & (SPI_STATUS_RXOVERFLOW | SPI_STATUS_COMPLETE)));
    for (unsigned i = 0; i < 16; i++) {
        ck_assert_uint_eq(f.echo.got[i], 0xFF);
        ck_assert_uint_eq(rd(f.s, SPI_RXDATA), 0x30 + i);
    }
    uint64_t t1 = 500 + 100 * 128;
    advance(&f, t1 + 4 * 128);
    ck_assert_uint_eq(rxlevel(f.s), 4);
    ck_assert(rd(f.s, SPI_STATUS) & SPI_STATUS_COMPLETE);
    ck_assert_uint_eq(rd(f.s, SPI_TXCNT), 0);
    fix_free(&f);
}
END_TEST

START_TEST(test_spi_fifo_levels_mid_transfer)
{
    SpiFix f;
    fix_init(&f);
    setup8(f.s, 4);
    for (unsigned i = 0; i < 8; i++)
        wr(f.s, SPI_TXDATA, i);
    wr(f.s, SPI_TXCNT, 8);
    wr(f.s, SPI_RXCNT, 8);
    wr(f.s, SPI_CONTROL, SPI_CONTROL_RUN);
    ck_assert_uint_eq(txlevel(f.s), 7); /* word 0 is in the shift register */
    ck_assert_uint_eq(rxlevel(f.s), 0);
    advance(&f, 3 * 256);
    ck_assert_uint_eq(txlevel(f.s), 4);
    ck_assert_uint_eq(rxlevel(f.s), 3);
    ck_assert_uint_eq(rd(f.s, SPI_TXCNT), 5);
    ck_assert_uint_eq(rd(f.s, SPI_RXCNT), 5);
    ck_assert_uint_eq(rd(f.s, SPI_RXDATA), 0xFF); /* echo answers ~out */
    ck_assert_uint_eq(rd(f.s, SPI_RXDATA), 0xFE);
    ck_assert_uint_eq(rxlevel(f.s), 1);
    /* Refilling while running continues the same run. */
    wr(f.s, SPI_TXDATA, 0x55);
    advance(&f, 9 * 256);
    ck_assert_uint_eq(rxlevel(f.s), 6);
    ck_assert_uint_eq(txlevel(f.s), 1); /* TXCNT reached 0: the extra word stays */
    ck_assert(rd(f.s, SPI_STATUS) & SPI_STATUS_COMPLETE);
    /* TX FIFO reset drops it; 17 pushes overflow one. */
    wr(f.s, SPI_CONTROL, SPI_CONTROL_RUN | SPI_CONTROL_TX_RESET);
    ck_assert_uint_eq(txlevel(f.s), 0);
    ck_assert_uint_eq(rd(f.s, SPI_CONTROL), SPI_CONTROL_RUN);
    for (unsigned i = 0; i < 17; i++)
        wr(f.s, SPI_TXDATA, i);
    ck_assert_uint_eq(txlevel(f.s), 16);
    fix_free(&f);
}
END_TEST

START_TEST(test_spi_word_sizes)
{
    SpiFix f;
    fix_init(&f);
    static const struct { uint32_t ws; unsigned bits; uint32_t in, out; } c[] = {
        { 0, 8, 0x12345678, 0x78 }, { 1, 16, 0x12345678, 0x5678 }, { 2, 32, 0x12345678, 0x12345678 } };
    uint64_t t = 0;
    for (unsigned k = 0; k < 3; k++) {
        wr(f.s, SPI_CONTROL, SPI_CONTROL_TX_RESET | SPI_CONTROL_RX_RESET);
        wr(f.s, SPI_CLKDIVIDER, 2);
        wr(f.s, SPI_SETUP, 3u << 3 | 1u << 5 | c[k].ws << SPI_SETUP_WORD_SHIFT);
        f.echo.n = 0;
        f.echo.nreply = 1;
        f.echo.reply[0] = 0xCAFEF00D;
        wr(f.s, SPI_TXDATA, c[k].in);
        wr(f.s, SPI_TXCNT, 1);
        wr(f.s, SPI_RXCNT, 1);
        wr(f.s, SPI_CONTROL, SPI_CONTROL_RUN);
        uint64_t cyc = c[k].bits * 2 * 8; /* bits * div PCLK ticks, 8 CPU cycles each */
        advance(&f, t + cyc - 1);
        ck_assert_uint_eq(f.echo.n, 0);
        advance(&f, t + cyc);
        ck_assert_uint_eq(f.echo.n, 1);
        ck_assert_uint_eq(f.echo.bits[0], c[k].bits);
        ck_assert_uint_eq(f.echo.got[0], c[k].out);
        uint32_t m = c[k].bits == 32 ? 0xFFFFFFFFu : (1u << c[k].bits) - 1;
        ck_assert_uint_eq(rd(f.s, SPI_RXDATA), 0xCAFEF00D & m);
        t += cyc + 100;
        advance(&f, t);
    }
    fix_free(&f);
}
END_TEST

START_TEST(test_spi_status_w1c)
{
    SpiFix f;
    fix_init(&f);
    setup8(f.s, 1);
    wr(f.s, SPI_TXDATA, 1);
    wr(f.s, SPI_TXDATA, 2);
    wr(f.s, SPI_TXCNT, 2);
    wr(f.s, SPI_RXCNT, 2);
    wr(f.s, SPI_CONTROL, SPI_CONTROL_RUN);
    advance(&f, 1000);
    uint32_t st = rd(f.s, SPI_STATUS);
    ck_assert_uint_eq(st & SPI_STATUS_FLAGS, SPI_STATUS_RXREADY | SPI_STATUS_TXEMPTY | SPI_STATUS_COMPLETE);
    ck_assert_uint_eq((st >> SPI_STATUS_RXLEVEL_SHIFT) & 0x1F, 2);
    /* Writing 0 changes nothing; writing the complete bit clears only it. */
    wr(f.s, SPI_STATUS, 0);
    ck_assert_uint_eq(rd(f.s, SPI_STATUS) & SPI_STATUS_FLAGS, st & SPI_STATUS_FLAGS);
    wr(f.s, SPI_STATUS, SPI_STATUS_COMPLETE);
    ck_assert_uint_eq(rd(f.s, SPI_STATUS) & SPI_STATUS_FLAGS, SPI_STATUS_RXREADY | SPI_STATUS_TXEMPTY);
    /* RX ready stays while data is there; goes once drained and cleared. */
    wr(f.s, SPI_STATUS, SPI_STATUS_RXREADY);
    ck_assert(rd(f.s, SPI_STATUS) & SPI_STATUS_RXREADY);
    rd(f.s, SPI_RXDATA);
    rd(f.s, SPI_RXDATA);
    ck_assert(rd(f.s, SPI_STATUS) & SPI_STATUS_RXREADY); /* sticky until cleared */
    wr(f.s, SPI_STATUS, SPI_STATUS_RXREADY);
    ck_assert(!(rd(f.s, SPI_STATUS) & SPI_STATUS_RXREADY));
    /* TX empty comes back at once while the TX FIFO is empty. */
    wr(f.s, SPI_STATUS, SPI_STATUS_TXEMPTY);
    ck_assert(rd(f.s, SPI_STATUS) & SPI_STATUS_TXEMPTY);
    wr(f.s, SPI_CONTROL, 0);
    wr(f.s, SPI_TXDATA, 9);
    wr(f.s, SPI_STATUS, SPI_STATUS_TXEMPTY);
    ck_assert(!(rd(f.s, SPI_STATUS) & SPI_STATUS_TXEMPTY));
    /* RX overflow: 17 full-duplex words with nobody draining. */
    wr(f.s, SPI_CONTROL, SPI_CONTROL_TX_RESET | SPI_CONTROL_RX_RESET);
    wr(f.s, SPI_TXCNT, 17);
    wr(f.s, SPI_RXCNT, 17);
    for (unsigned i = 0; i < 16; i++)
        wr(f.s, SPI_TXDATA, i);
    wr(f.s, SPI_CONTROL, SPI_CONTROL_RUN);
    advance(&f, 1000 + 16 * 64 - 64 + 1);
    wr(f.s, SPI_TXDATA, 16);
    advance(&f, 10000);
    ck_assert(rd(f.s, SPI_STATUS) & SPI_STATUS_RXOVERFLOW);
    ck_assert_uint_eq(rxlevel(f.s), 16);
    wr(f.s, SPI_STATUS, SPI_STATUS_RXOVERFLOW);
    ck_assert(!(rd(f.s, SPI_STATUS) & SPI_STATUS_RXOVERFLOW));
    fix_free(&f);
}
END_TEST

START_TEST(test_spi_irq_formula)
{
    SpiFix f;
    fix_init(&f);
    setup8(f.s, 1);
    wr(f.s, SPI_TXDATA, 1);
    wr(f.s, SPI_TXCNT, 1);
    wr(f.s, SPI_RXCNT, 1);
    wr(f.s, SPI_CONTROL, SPI_CONTROL_RUN);
    advance(&f, 100); /* RX ready, TX empty, complete all set */
    ck_assert(!f.t.probe.level[PIRQ]); /* no enable, no IRQ */
    static const uint32_t ie[] = { SPI_SETUP_IE_RXREADY, SPI_SETUP_IE_TXEMPTY, SPI_SETUP_IE_COMPLETE };
    uint32_t base = rd(f.s, SPI_SETUP);
    for (unsigned k = 0; k < 3; k++) {
        wr(f.s, SPI_SETUP, base | ie[k]);
        ck_assert(f.t.probe.level[PIRQ]);
        wr(f.s, SPI_SETUP, base);
        ck_assert(!f.t.probe.level[PIRQ]);
    }
    /* The overflow flag raises nothing; clearing the enabled flag drops it. */
    wr(f.s, SPI_SETUP, base | SPI_SETUP_IE_COMPLETE);
    ck_assert(f.t.probe.level[PIRQ]);
    wr(f.s, SPI_STATUS, SPI_STATUS_COMPLETE);
    ck_assert(!f.t.probe.level[PIRQ]);
    /* Complete rises exactly when the last count reaches 0. */
    wr(f.s, SPI_TXDATA, 7);
    wr(f.s, SPI_TXCNT, 1);
    advance(&f, 100 + 64 - 1);
    ck_assert(!f.t.probe.level[PIRQ]);
    advance(&f, 100 + 64);
    ck_assert(f.t.probe.level[PIRQ]);
    ck_assert_uint_eq(f.t.probe.last_change[PIRQ], 164);
    fix_free(&f);
}
END_TEST

static uint32_t low_nibble_target(void *opaque, uint32_t out, unsigned bits)
{
    (void)opaque;
    (void)out;
    (void)bits;
    return 0xFFFFFFF0u | 0x5;
}

START_TEST(test_spi_bus_and_combination)
{
    DevTestEnv t;
    devtest_init(&t);
    SpiDev *s = spi_create(&t.env, 0);
    spi_ops.reset(s);
    ck_assert(spi_create(&t.env, 5) == NULL);
    /* Empty bus reads all ones. */
    wr(s, SPI_CLKDIVIDER, 1);
    wr(s, SPI_TXDATA, 0);
    wr(s, SPI_TXCNT, 1);
    wr(s, SPI_RXCNT, 1);
    wr(s, SPI_CONTROL, SPI_CONTROL_RUN);
    sched_advance_to(t.env.sched, 1000);
    ck_assert_uint_eq(rd(s, SPI_RXDATA), 0xFF);
    /* One unselected target + one driving: AND of both. */
    Echo idle;
    memset(&idle, 0, sizeof idle);
    idle.sched = t.env.sched;
    SpiTarget a = { .opaque = &idle, .exchange = echo_exchange };
    SpiTarget b = { .opaque = NULL, .exchange = low_nibble_target };
    ck_assert(spi_attach(s, &a));
    ck_assert(spi_attach(s, &b));
    ck_assert(spi_attach(s, &a));
    ck_assert(spi_attach(s, &a));
    ck_assert(!spi_attach(s, &a)); /* four is the limit */
    wr(s, SPI_TXDATA, 0);
    wr(s, SPI_TXCNT, 1);
    wr(s, SPI_RXCNT, 1);
    sched_advance_to(t.env.sched, 2000);
    ck_assert_uint_eq(rd(s, SPI_RXDATA), 0xF5);
    spi_ops.destroy(s);
    devtest_free(&t);
}
END_TEST

START_TEST(test_spi_state_round_trip)
{
    SpiFix a;
    fix_init(&a);
    setup8(a.s, 4);
    wr(a.s, SPI_SETUP, rd(a.s, SPI_SETUP) | SPI_SETUP_IE_COMPLETE);
    for (unsigned i = 0; i < 6; i++)
        wr(a.s, SPI_TXDATA, 0x40 + i);
    wr(a.s, SPI_TXCNT, 6);
    wr(a.s, SPI_RXCNT, 6);
    wr(a.s, SPI_PIN, 2);
    wr(a.s, SPI_CONTROL, SPI_CONTROL_RUN);
    advance(&a, 2 * 256 + 100);

    StateIO *io = state_create_save();
    sched_state(a.t.env.sched, io);
    spi_ops.state(a.s, io);
    ck_assert_ptr_null(state_error(io));
    size_t len;
    const void *data = state_data(io, &len);

    SpiFix b;
    fix_init(&b);
    StateIO *ld = state_create_load(data, len);
    sched_state(b.t.env.sched, ld);
    spi_ops.state(b.s, ld);
    ck_assert_ptr_null(state_error(ld));
    state_destroy(ld);
    state_destroy(io);

    uint32_t regs[] = { SPI_CONTROL, SPI_SETUP, SPI_STATUS, SPI_PIN, SPI_CLKDIVIDER, SPI_RXCNT, SPI_TXCNT };
    for (unsigned i = 0; i < sizeof regs / sizeof regs[0]; i++)
        ck_assert_uint_eq(rd(b.s, regs[i]), rd(a.s, regs[i]));
    ck_assert_uint_eq(sched_when(b.t.env.sched, EV_SPI4), 3 * 256);
    advance(&a, 6 * 256);
    advance(&b, 6 * 256);
    ck_assert_uint_eq(b.echo.n, 4); /* the loaded copy sent the remaining 4 */
    ck_assert_uint_eq(b.echo.got[0], 0x42);
    ck_assert_uint_eq(b.echo.when[3], 6 * 256);
    ck_assert(b.t.probe.level[PIRQ]);
    for (unsigned i = 0; i < 6; i++)
        ck_assert_uint_eq(rd(b.s, SPI_RXDATA), rd(a.s, SPI_RXDATA));
    fix_free(&a);
    fix_free(&b);
}
END_TEST

START_TEST(test_spi_narrow_access)
{
    SpiFix f;
    fix_init(&f);
    wr(f.s, SPI_SETUP, 0x00218000);
    ck_assert_uint_eq(spi_ops.read(f.s, SPI_SETUP + 1, 1), 0x80);
    ck_assert_uint_eq(spi_ops.read(f.s, SPI_SETUP + 2, 2), 0x21);
    spi_ops.write(f.s, SPI_SETUP + 2, 0x00, 1);
    ck_assert_uint_eq(rd(f.s, SPI_SETUP), 0x00008000);
    spi_ops.write(f.s, SPI_TXDATA, 0xAB, 1);
    ck_assert_uint_eq(txlevel(f.s), 1);
    ck_assert_uint_eq(spi_ops.read(f.s, SPI_STATUS, 2), 1u << SPI_STATUS_TXLEVEL_SHIFT);
    fix_free(&f);
}
END_TEST

Suite *spi_suite(void)
{
    Suite *s = suite_create("spi");
    TCase *tc = tcase_create("spi");
    tcase_add_test(tc, test_spi_reset_values);
    tcase_add_test(tc, test_spi_tx16_exact_completion);
    tcase_add_test(tc, test_spi_word_delay_and_crystal_timing);
    tcase_add_test(tc, test_spi_rx_agd_dummy_words);
    tcase_add_test(tc, test_spi_fifo_levels_mid_transfer);
    tcase_add_test(tc, test_spi_word_sizes);
    tcase_add_test(tc, test_spi_status_w1c);
    tcase_add_test(tc, test_spi_irq_formula);
    tcase_add_test(tc, test_spi_bus_and_combination);
    tcase_add_test(tc, test_spi_state_round_trip);
    tcase_add_test(tc, test_spi_narrow_access);
    suite_add_tcase(s, tc);
    return s;
}
