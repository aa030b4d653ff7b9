/* The DSIM state machine of dev/mipi_dsi.h: reset values; openiBoot's init
 * order (sheet 5.5) completes with each polled STATUS bit appearing only
 * after its latency (reset done, PLL lock after PLLTMR, lane STOP/ULPS, HS
 * clock ready); packets reach the peripheral when sent, with FIFOCTRL's
 * header-empty bit following; the panel-ID read-back (sheet 5.3) through
 * PKTHDR/INTSRC/FIFOCTRL/RXFIFO; a read with no peripheral times out; and a
 * save/load round trip in the middle of a read. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "dev/mipi_dsi.h"
#include "dev/panel.h"
#include "soc/clocks.h"
#include "soc/state.h"
#include "test/dev/devtest.h"

typedef struct DsiFix {
    DevTestEnv t;
    MipiDsiDev *m;
    PanelDev *p;
} DsiFix;

static void fix_init(DsiFix *f, bool panel)
{
    devtest_init(&f->t);
    f->m = mipi_dsi_create(&f->t.env);
    mipi_dsi_ops.reset(f->m);
    f->p = panel_create(&f->t.env);
    if (panel) mipi_dsi_attach(f->m, panel_dsi(f->p));
}

static void fix_free(DsiFix *f)
{
    mipi_dsi_ops.destroy(f->m);
    panel_destroy(f->p);
    devtest_free(&f->t);
}

static uint32_t rd(MipiDsiDev *m, uint32_t off) { return mipi_dsi_ops.read(m, off, 4); }
static void wr(MipiDsiDev *m, uint32_t off, uint32_t v) { mipi_dsi_ops.write(m, off, v, 4); }
static uint64_t now(DsiFix *f) { return sched_now(f->t.env.sched); }
static void advance(DsiFix *f, uint64_t t) { sched_advance_to(f->t.env.sched, t); }

/* Poll like a driver: advance in small steps until (reg & mask) == want;
 * return the time it became true. */
static uint64_t wait_for(DsiFix *f, uint32_t reg, uint32_t mask, uint32_t want, uint64_t limit)
{
    uint64_t t0 = now(f);
    while ((rd(f->m, reg) & mask) != want) {
        ck_assert_msg(now(f) - t0 < limit, "reg 0x%x never reached 0x%x (is 0x%x)", reg, want, rd(f->m, reg));
        advance(f, now(f) + 1);
    }
    return now(f);
}

START_TEST(test_mipi_dsi_reset_values)
{
    DsiFix f;
    fix_init(&f, true);
    ck_assert_uint_eq(rd(f.m, DSIM_STATUS), DSIM_STATUS_SWRST_DONE | DSIM_STATUS_HSCLK_READY);
    ck_assert_uint_eq(rd(f.m, DSIM_CLKCTRL), DSIM_CLKCTRL_HSCLK_REQ);
    ck_assert_uint_eq(rd(f.m, DSIM_FIFOCTRL), DSIM_FIFOCTRL_SFR_EMPTY | DSIM_FIFOCTRL_RX_EMPTY);
    ck_assert_uint_eq(rd(f.m, DSIM_INTSRC), 0);
    ck_assert_uint_eq(rd(f.m, DSIM_INTMSK), 0xFFFFFFFFu);
    static const uint32_t zero[] = { DSIM_CONFIG, DSIM_ESCMODE, DSIM_MDRESOL, DSIM_MVPORCH, DSIM_MHPORCH,
                                     DSIM_MSYNC, DSIM_SDRESOL, DSIM_FIFOTHLD, DSIM_PLLCTRL, DSIM_PLLTMR,
                                     DSIM_PHYACCHR, DSIM_PHYACCHR1, DSIM_TIMEOUT, DSIM_MEMACCHR };
    for (unsigned i = 0; i < sizeof zero / sizeof zero[0]; i++) ck_assert_uint_eq(rd(f.m, zero[i]), 0);
    ck_assert(!sched_pending(f.t.env.sched, EV_MIPI));
    unsigned before = log_count(f.t.env.log);
    ck_assert_uint_eq(rd(f.m, 0x100), 0);
    ck_assert_uint_gt(log_count(f.t.env.log), before);
    ck_assert_uint_eq(mipi_dsi_ops.read(f.m, DSIM_STATUS + 2, 2), DSIM_STATUS_SWRST_DONE >> 16);
    fix_free(&f);
}
END_TEST

/* Sheet 5.5, with the PLL path (PLLTMR 300000) to exercise the lock bit. */
START_TEST(test_mipi_dsi_openiboot_init_order)
{
    DsiFix f;
    fix_init(&f, true);
    advance(&f, 100);
    wr(f.m, DSIM_CLKCTRL, 2 | 1u << 28 | 1u << 25);
    ck_assert(rd(f.m, DSIM_STATUS) & DSIM_STATUS_HSCLK_READY); /* drops after its latency */
    wr(f.m, DSIM_PLLTMR, 300000);
    wr(f.m, DSIM_PLLCTRL, 0x02000000 | DSIM_PLLCTRL_ENABLE);
    uint64_t t_pll = now(&f);
    ck_assert(!(rd(f.m, DSIM_STATUS) & DSIM_STATUS_PLL_STABLE));
    ck_assert_uint_eq(sched_when(f.t.env.sched, EV_MIPI), t_pll + clk_cycles_from_ns(DSIM_HSCLK_NS));
    advance(&f, t_pll + clk_cycles_from_ns(DSIM_HSCLK_NS));
    ck_assert(!(rd(f.m, DSIM_STATUS) & DSIM_STATUS_HSCLK_READY));
    advance(&f, t_pll + clk_cycles(300000, CRYSTAL_HZ) - 1);
    ck_assert(!(rd(f.m, DSIM_STATUS) & DSIM_STATUS_PLL_STABLE));
    advance(&f, t_pll + clk_cycles(300000, CRYSTAL_HZ)); /* 12.5 ms */
    ck_assert(rd(f.m, DSIM_STATUS) & DSIM_STATUS_PLL_STABLE);

    wr(f.m, DSIM_SWRST, 1);
    uint64_t t = now(&f);
    ck_assert(!(rd(f.m, DSIM_STATUS) & DSIM_STATUS_SWRST_DONE));
    ck_assert_uint_eq(wait_for(&f, DSIM_STATUS, DSIM_STATUS_SWRST_DONE, DSIM_STATUS_SWRST_DONE, 100000),
                      t + clk_cycles_from_ns(DSIM_SWRST_NS));

    wr(f.m, DSIM_MDRESOL, 480u << 16 | 320 | 1u << 31);
    wr(f.m, DSIM_MVPORCH, 6u << 16 | 6 | 0xDu << 28);
    wr(f.m, DSIM_MHPORCH, 12u << 16 | 12);
    wr(f.m, DSIM_MSYNC, 16 | 8u << 22);
    wr(f.m, DSIM_SDRESOL, 10);
    wr(f.m, DSIM_CONFIG, 0x07807027);
    t = now(&f);
    wr(f.m, DSIM_CLKCTRL, rd(f.m, DSIM_CLKCTRL) | 1u << 24 | 1u << 19 | 3u << 20);
    wr(f.m, DSIM_FIFOCTRL, 0x1F);
    wr(f.m, DSIM_FIFOTHLD, 0x1FF);
    ck_assert_uint_eq(rd(f.m, DSIM_STATUS) & DSIM_STATUS_LANES, 0);
    wr(f.m, DSIM_ESCMODE, DSIM_ESC_FORCE_STOP | DSIM_ESC_CMD_LP);
    advance(&f, now(&f) + clk_cycles_from_us(1000));
    wr(f.m, DSIM_ESCMODE, DSIM_ESC_CMD_LP);
    ck_assert_uint_eq(rd(f.m, DSIM_STATUS) & DSIM_STATUS_LANES, 0x103);
    ck_assert_uint_eq(rd(f.m, DSIM_ESCMODE), DSIM_ESC_CMD_LP);
    (void)t;

    /* Enter ULPS: bits 9, 4, 5 after the ULPS latency, not before. */
    wr(f.m, DSIM_ESCMODE, DSIM_ESC_CMD_LP | DSIM_ESC_ULPS_DAT | DSIM_ESC_ULPS_CLK);
    t = now(&f);
    ck_assert_uint_eq(rd(f.m, DSIM_STATUS) & DSIM_STATUS_LANES, 0x103);
    ck_assert_uint_eq(wait_for(&f, DSIM_STATUS, DSIM_STATUS_LANES, 0x230, 100000), t + clk_cycles_from_ns(DSIM_ULPS_NS));

    /* Lane rewrite, then exit ULPS. */
    wr(f.m, DSIM_CONFIG, (rd(f.m, DSIM_CONFIG) & ~0x7Fu) | 0x27);
    ck_assert_uint_eq(rd(f.m, DSIM_STATUS) & DSIM_STATUS_LANES, 0x230);
    wr(f.m, DSIM_ESCMODE, rd(f.m, DSIM_ESCMODE) | DSIM_ESC_ULPS_DAT_EXIT | DSIM_ESC_ULPS_CLK_EXIT);
    t = now(&f);
    ck_assert(rd(f.m, DSIM_STATUS) & 0x230);
    ck_assert_uint_eq(wait_for(&f, DSIM_STATUS, 0x2F0, 0, 100000), t + clk_cycles_from_ns(DSIM_ULPS_NS));
    wr(f.m, DSIM_ESCMODE, rd(f.m, DSIM_ESCMODE) & ~(DSIM_ESC_ULPS_DAT_EXIT | DSIM_ESC_ULPS_CLK_EXIT));
    advance(&f, now(&f) + clk_cycles_from_us(1000));
    ck_assert_uint_eq(rd(f.m, DSIM_STATUS) & DSIM_STATUS_LANES, 0x103); /* no re-entry */
    wr(f.m, DSIM_ESCMODE, rd(f.m, DSIM_ESCMODE) & ~(DSIM_ESC_ULPS_DAT | DSIM_ESC_ULPS_CLK));
    ck_assert_uint_eq(rd(f.m, DSIM_STATUS) & DSIM_STATUS_LANES, 0x103);

    /* HS clock request: bit 10 follows after its latency, and back. */
    wr(f.m, DSIM_CLKCTRL, rd(f.m, DSIM_CLKCTRL) | DSIM_CLKCTRL_HSCLK_REQ);
    t = now(&f);
    ck_assert_uint_eq(wait_for(&f, DSIM_STATUS, DSIM_STATUS_HSCLK_READY, DSIM_STATUS_HSCLK_READY, 100000),
                      t + clk_cycles_from_ns(DSIM_HSCLK_NS));
    wr(f.m, DSIM_CLKCTRL, rd(f.m, DSIM_CLKCTRL) & ~DSIM_CLKCTRL_HSCLK_REQ);
    t = now(&f);
    ck_assert_uint_eq(wait_for(&f, DSIM_STATUS, DSIM_STATUS_HSCLK_READY, 0, 100000),
                      t + clk_cycles_from_ns(DSIM_HSCLK_NS));
    fix_free(&f);
}
END_TEST

/* A recording peripheral. */
typedef struct Rec {
    uint8_t type[16];
    uint8_t data[16][8];
    unsigned len[16];
    uint64_t when[16];
    unsigned n;
    Scheduler *s;
} Rec;
static void rec_write(void *opaque, uint8_t type, const uint8_t *data, unsigned len)
{
    Rec *r = opaque;
    if (r->n >= 16) return;
    r->type[r->n] = type;
    r->len[r->n] = len;
    memcpy(r->data[r->n], data, len < 8 ? len : 8);
    r->when[r->n] = sched_now(r->s);
    r->n++;
}

START_TEST(test_mipi_dsi_packets_forwarded)
{
    DsiFix f;
    fix_init(&f, false);
    Rec r = { .s = f.t.env.sched };
    DsiPeripheral p = { .opaque = &r, .write = rec_write };
    mipi_dsi_attach(f.m, &p);
    wr(f.m, DSIM_ESCMODE, DSIM_ESC_CMD_LP);
    advance(&f, 1000);
    wr(f.m, DSIM_PKTHDR, 0x05 | 0x11u << 8); /* DCS exit sleep */
    ck_assert_uint_eq(rd(f.m, DSIM_FIFOCTRL) & DSIM_FIFOCTRL_SFR_EMPTY, 0);
    wr(f.m, DSIM_PAYLOAD, 0x0403020Bu);
    wr(f.m, DSIM_PAYLOAD, 0x00000005u);
    wr(f.m, DSIM_PKTHDR, 0x39 | 5u << 8); /* DCS long write of 5 bytes */
    uint64_t t1 = 1000 + clk_cycles_from_ns(DSIM_PKT_NS + 4 * DSIM_LP_BYTE_NS);
    uint64_t t2 = t1 + clk_cycles_from_ns(DSIM_PKT_NS + 11 * DSIM_LP_BYTE_NS);
    advance(&f, t1 - 1);
    ck_assert_uint_eq(r.n, 0);
    advance(&f, t1);
    ck_assert_uint_eq(r.n, 1);
    ck_assert_uint_eq(r.type[0], 0x05);
    ck_assert_uint_eq(r.len[0], 2);
    ck_assert_uint_eq(r.data[0][0], 0x11);
    ck_assert_uint_eq(rd(f.m, DSIM_FIFOCTRL) & DSIM_FIFOCTRL_SFR_EMPTY, 0);
    advance(&f, t2 - 1);
    ck_assert_uint_eq(r.n, 1);
    ck_assert_uint_eq(wait_for(&f, DSIM_FIFOCTRL, DSIM_FIFOCTRL_SFR_EMPTY, DSIM_FIFOCTRL_SFR_EMPTY, 100), t2);
    ck_assert_uint_eq(r.n, 2);
    ck_assert_uint_eq(r.type[1], 0x39);
    ck_assert_uint_eq(r.len[1], 5);
    static const uint8_t want[5] = { 0x0B, 0x02, 0x03, 0x04, 0x05 };
    ck_assert_mem_eq(r.data[1], want, 5);
    ck_assert_uint_eq(r.when[1], t2);
    fix_free(&f);
}
END_TEST

/* Sheet 5.3: clear INTSRC, PKTHDR 0x14/0xB1, poll INTSRC bit 18, wait for
 * FIFOCTRL bit 24 to clear, read the header word and the data. */
static void read_panel_id(DsiFix *f, uint8_t out[4], uint32_t *hdr)
{
    wr(f->m, DSIM_INTSRC, 0xFFFFFFFFu);
    wr(f->m, DSIM_PKTHDR, 0x14 | 0xB1u << 8);
    uint64_t t = now(f);
    ck_assert_uint_eq(rd(f->m, DSIM_INTSRC), 0);
    wait_for(f, DSIM_INTSRC, DSIM_INT_RX_DATA_DONE, DSIM_INT_RX_DATA_DONE, clk_cycles_from_us(50000));
    ck_assert_uint_gt(now(f), t + clk_cycles_from_ns(DSIM_TURNAROUND_NS));
    ck_assert(!(rd(f->m, DSIM_INTSRC) & (DSIM_INT_RX_ERR16 | DSIM_INT_RX_TIMEOUT)));
    ck_assert_uint_eq(rd(f->m, DSIM_FIFOCTRL) & DSIM_FIFOCTRL_RX_EMPTY, 0);
    *hdr = rd(f->m, DSIM_RXFIFO);
    uint32_t w = rd(f->m, DSIM_RXFIFO);
    for (unsigned i = 0; i < 4; i++) out[i] = (uint8_t)(w >> (8 * i));
}

START_TEST(test_mipi_dsi_panel_id_readback)
{
    DsiFix f;
    fix_init(&f, true);
    wr(f.m, DSIM_ESCMODE, DSIM_ESC_CMD_LP);
    uint8_t id[4];
    uint32_t hdr;
    read_panel_id(&f, id, &hdr);
    ck_assert_uint_eq(hdr & 0x3F, 0x1A);
    ck_assert_uint_eq((hdr >> 8) & 0xFFFF, 3);
    ck_assert_uint_eq(id[0], 0x3C);
    ck_assert_uint_eq(id[1], 0xD1);
    ck_assert_uint_eq(id[2], 0xA1);
    ck_assert_uint_eq(id[3], 0x00);
    ck_assert_uint_eq(rd(f.m, DSIM_FIFOCTRL) & DSIM_FIFOCTRL_RX_EMPTY, DSIM_FIFOCTRL_RX_EMPTY);
    /* Interrupt output: INTSRC & ~INTMSK. */
    IrqProbe *pr = &f.t.probe;
    mipi_dsi_connect_irq(f.m, irq_probe_line(pr, 1));
    ck_assert(!pr->level[1]);
    wr(f.m, DSIM_INTMSK, ~DSIM_INT_RX_DATA_DONE);
    ck_assert(pr->level[1]);
    wr(f.m, DSIM_INTSRC, 0xFFFFFFFFu);
    ck_assert(!pr->level[1]);
    /* DCS get_power_mode: a one-byte DCS short response. */
    wr(f.m, DSIM_PKTHDR, 0x06 | 0x0Au << 8);
    wait_for(&f, DSIM_INTSRC, DSIM_INT_RX_DATA_DONE, DSIM_INT_RX_DATA_DONE, 1000000);
    ck_assert_uint_eq(rd(f.m, DSIM_RXFIFO), DSI_RSP_DCS_SHORT1 | (uint32_t)PANEL_PM_NORMAL << 8);
    fix_free(&f);
}
END_TEST

START_TEST(test_mipi_dsi_read_without_peripheral_times_out)
{
    DsiFix f;
    fix_init(&f, false);
    wr(f.m, DSIM_PKTHDR, 0x14 | 0xB1u << 8);
    wait_for(&f, DSIM_INTSRC, DSIM_INT_RX_TIMEOUT, DSIM_INT_RX_TIMEOUT, 1000000);
    ck_assert_uint_eq(rd(f.m, DSIM_INTSRC) & DSIM_INT_RX_DATA_DONE, 0);
    ck_assert_uint_eq(rd(f.m, DSIM_FIFOCTRL) & DSIM_FIFOCTRL_RX_EMPTY, DSIM_FIFOCTRL_RX_EMPTY);
    unsigned before = log_count(f.t.env.log);
    ck_assert_uint_eq(rd(f.m, DSIM_RXFIFO), 0);
    ck_assert_uint_gt(log_count(f.t.env.log), before);
    fix_free(&f);
}
END_TEST

START_TEST(test_mipi_dsi_state_round_trip)
{
    DsiFix f;
    fix_init(&f, true);
    wr(f.m, DSIM_CONFIG, 0x27);
    wr(f.m, DSIM_PKTHDR, 0x14 | 0xB1u << 8);
    advance(&f, clk_cycles_from_ns(DSIM_PKT_NS + 4 * DSIM_HS_BYTE_NS) + 10); /* sent, answer on its way */
    ck_assert_uint_eq(rd(f.m, DSIM_INTSRC), 0);
    StateIO *io = state_create_save();
    mipi_dsi_ops.state(f.m, io);
    sched_state(f.t.env.sched, io);
    size_t len;
    const void *data = state_data(io, &len);
    void *copy = malloc(len);
    memcpy(copy, data, len);
    state_destroy(io);

    DsiFix g;
    fix_init(&g, true);
    StateIO *ld = state_create_load(copy, len);
    mipi_dsi_ops.state(g.m, ld);
    sched_state(g.t.env.sched, ld);
    ck_assert_ptr_null(state_error(ld));
    state_destroy(ld);
    free(copy);
    ck_assert_uint_eq(sched_when(g.t.env.sched, EV_MIPI), sched_when(f.t.env.sched, EV_MIPI));
    uint64_t due = sched_when(f.t.env.sched, EV_MIPI);
    advance(&f, due);
    sched_advance_to(g.t.env.sched, due);
    for (uint32_t off = 0; off <= DSIM_PHYACCHR1; off += 4) {
        if (off == DSIM_RXFIFO) continue;
        ck_assert_uint_eq(rd(g.m, off), rd(f.m, off));
    }
    ck_assert(rd(g.m, DSIM_INTSRC) & DSIM_INT_RX_DATA_DONE);
    ck_assert_uint_eq(rd(g.m, DSIM_RXFIFO), 0x1A | 3u << 8);
    ck_assert_uint_eq(rd(g.m, DSIM_RXFIFO), 0x00A1D13Cu);
    fix_free(&g);
    fix_free(&f);
}
END_TEST

Suite *mipi_dsi_suite(void)
{
    Suite *s = suite_create("mipi_dsi");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_mipi_dsi_reset_values);
    tcase_add_test(tc, test_mipi_dsi_openiboot_init_order);
    tcase_add_test(tc, test_mipi_dsi_packets_forwarded);
    tcase_add_test(tc, test_mipi_dsi_panel_id_readback);
    tcase_add_test(tc, test_mipi_dsi_read_without_peripheral_times_out);
    tcase_add_test(tc, test_mipi_dsi_state_round_trip);
    suite_add_tcase(s, tc);
    return s;
}
