/* The display pipe behaves as dev/lcd.h documents: register reset values,
 * the idle/soft-reset status protocol drivers poll, frame boundaries on an
 * exact 60 Hz grid (10.8 MHz x 180000 clocks) with the VSYNC status and IRQ
 * 13 raise/ack (0x08 enable and [Q]'s 1/0xFF protocol), openiBoot's bring-up
 * order, LUT storage, RGB565 and XRGB8888 scan-out honouring window size,
 * position and stride, and a save/load round trip. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "dev/lcd.h"
#include "soc/clocks.h"
#include "soc/state.h"
#include "test/dev/devtest.h"

enum { PIRQ = 13 };
#define FB_BASE 0x0FC00000u
#define FB_SIZE 0x96000u /* 320 x 480 x 4 */

typedef struct LcdFix {
    DevTestEnv t;
    LcdDev *l;
    uint8_t *fb;
    uint32_t *out;
} LcdFix;

static void fix_init(LcdFix *f)
{
    devtest_init(&f->t);
    f->fb = calloc(1, FB_SIZE);
    f->out = calloc(LCD_WIDTH * LCD_HEIGHT, 4);
    bus_map_ram(f->t.env.bus, FB_BASE, FB_SIZE, f->fb, "fb");
    f->l = lcd_create(&f->t.env);
    lcd_ops.reset(f->l);
    lcd_connect_irq(f->l, irq_probe_line(&f->t.probe, PIRQ));
}

static void fix_free(LcdFix *f)
{
    lcd_ops.destroy(f->l);
    devtest_free(&f->t);
    free(f->fb);
    free(f->out);
}

static uint32_t rd(LcdDev *l, uint32_t off) { return lcd_ops.read(l, off, 4); }
static void wr(LcdDev *l, uint32_t off, uint32_t v) { lcd_ops.write(l, off, v, 4); }
static void advance(LcdFix *f, uint64_t t) { sched_advance_to(f->t.env.sched, t); }
/* Boundary k from reset at 0: ceil(k * 180000 * 533e6 / 10.8e6). */
static uint64_t bnd(uint64_t k) { return clk_cycles(k * 180000u, 10800000u); }

static const uint8_t *px(const LcdFix *f, unsigned x, unsigned y)
{
    return (const uint8_t *)&f->out[y * LCD_WIDTH + x];
}

static void ck_px(const LcdFix *f, unsigned x, unsigned y, uint8_t r, uint8_t g, uint8_t b)
{
    const uint8_t *p = px(f, x, y);
    ck_assert_msg(p[0] == r && p[1] == g && p[2] == b && p[3] == 0xFF, "pixel (%u,%u) = %02x %02x %02x %02x", x, y,
                  p[0], p[1], p[2], p[3]);
}

/* openiBoot's bring-up order (sheet 4.4), window 1 at FB_BASE. */
static void bringup(LcdFix *f, unsigned fmt)
{
    wr(f->l, LCD_CTRL, LCD_CTRL_RESET);
    advance(f, sched_now(f->t.env.sched) + clk_cycles_from_ns(LCD_RESET_NS));
    ck_assert(!(rd(f->l, LCD_CTRL) & LCD_CTRL_RESET));
    wr(f->l, LCD_CTRL, 0x20084);
    wr(f->l, LCD_OUTPUT, 0x80000001);
    wr(f->l, LCD_TG_CTRL, 0);
    wr(f->l, LCD_TG_POLARITY, 0);
    wr(f->l, LCD_TG_VTIMING, 0x00050507);
    wr(f->l, LCD_TG_HTIMING, 0x000B0B0F);
    wr(f->l, LCD_TG_SIZE, 0x013F01DF);
    wr(f->l, LCD_W1_CON, fmt << 8 | LCD_WCON_ENABLE);
    wr(f->l, LCD_W1_BASE, FB_BASE);
    wr(f->l, LCD_W1_HSPAN, 320);
    wr(f->l, LCD_W1_UNK2C, 0);
    wr(f->l, LCD_W1_SIZE, 0x014001E0);
    wr(f->l, LCD_W1_UNK38, 0);
    wr(f->l, LCD_W1_UNK3C, 0);
    wr(f->l, LCD_W1_POS, 0);
    wr(f->l, LCD_CON, rd(f->l, LCD_CON) | 0x10);
    wr(f->l, LCD_UNK10, rd(f->l, LCD_UNK10) | 0x80);
    wr(f->l, LCD_CTRL, rd(f->l, LCD_CTRL) | LCD_CTRL_ENABLE);
    wr(f->l, LCD_TG_CTRL, rd(f->l, LCD_TG_CTRL) | LCD_TG_ENABLE);
}

START_TEST(test_lcd_reset_values)
{
    LcdFix f;
    fix_init(&f);
    ck_assert_uint_eq(rd(f.l, LCD_CTRL), LCD_CTRL_IDLE);
    ck_assert_uint_eq(rd(f.l, LCD_TG_CTRL), LCD_TG_IDLE);
    static const uint32_t zero[] = { LCD_CON, LCD_INT_ENABLE, LCD_INT_STATUS, LCD_UNK10, LCD_W1_CON, LCD_W1_BASE,
                                     LCD_W1_HSPAN, LCD_W1_SIZE, LCD_W1_POS, 0x200, LCD_OUTPUT, LCD_LUT_ENABLE,
                                     LCD_LUT_SELECT, LCD_TG_POLARITY, LCD_TG_VTIMING, LCD_TG_HTIMING,
                                     LCD_TG_SIZE, LCD_TG_UNK38 };
    for (unsigned i = 0; i < sizeof zero / sizeof zero[0]; i++) ck_assert_uint_eq(rd(f.l, zero[i]), 0);
    ck_assert(!f.t.probe.level[PIRQ]);
    ck_assert(!lcd_render(f.l, f.out, LCD_WIDTH, LCD_HEIGHT));
    ck_assert_uint_eq(lcd_frames(f.l), 0);
    /* The timing generator free-runs: the first boundary is queued. */
    ck_assert_uint_eq(sched_when(f.t.env.sched, EV_LCD), bnd(1));
    unsigned before = log_count(f.t.env.log);
    ck_assert_uint_eq(rd(f.l, 0x800), 0);
    ck_assert_uint_gt(log_count(f.t.env.log), before);
    /* Sub-word reads see the right bytes. */
    wr(f.l, LCD_W1_BASE, 0x0FC01234);
    ck_assert_uint_eq(lcd_ops.read(f.l, LCD_W1_BASE + 2, 2), 0x0FC0);
    ck_assert_uint_eq(lcd_ops.read(f.l, LCD_W1_BASE + 1, 1), 0x12);
    fix_free(&f);
}
END_TEST

START_TEST(test_lcd_vsync_period_and_irq)
{
    LcdFix f;
    fix_init(&f);
    ck_assert_uint_eq(lcd_frame_cycles(f.l), 8883334u); /* 533e6 / 60 rounded up */
    ck_assert_uint_eq(bnd(3), 26650000u);               /* exactly 3/60 s: no drift */
    advance(&f, bnd(1) - 1);
    ck_assert_uint_eq(rd(f.l, LCD_INT_STATUS), 0);
    advance(&f, bnd(1));
    ck_assert_uint_eq(rd(f.l, LCD_INT_STATUS), LCD_INT_VSYNC);
    ck_assert(!f.t.probe.level[PIRQ]); /* not enabled */
    wr(f.l, LCD_INT_ENABLE, 1);
    ck_assert(f.t.probe.level[PIRQ]);
    wr(f.l, LCD_INT_STATUS, LCD_INT_VSYNC); /* ack */
    ck_assert(!f.t.probe.level[PIRQ]);
    ck_assert_uint_eq(rd(f.l, LCD_INT_STATUS), 0);
    advance(&f, bnd(2) - 1);
    ck_assert(!f.t.probe.level[PIRQ]);
    advance(&f, bnd(2));
    ck_assert(f.t.probe.level[PIRQ]);
    ck_assert_uint_eq(f.t.probe.last_change[PIRQ], 17766667u);
    wr(f.l, LCD_INT_STATUS, LCD_INT_VSYNC);
    advance(&f, bnd(3));
    ck_assert_uint_eq(f.t.probe.last_change[PIRQ], 26650000u);
    ck_assert_uint_eq(f.t.probe.rises[PIRQ], 3);
    /* [Q]'s protocol: writing 1 (the ack above) also armed the interrupt,
     * so it stays on without the enable bit until 0xFF is written. */
    wr(f.l, LCD_INT_ENABLE, 0);
    ck_assert(f.t.probe.level[PIRQ]);
    wr(f.l, LCD_INT_STATUS, 0xFF);
    ck_assert(!f.t.probe.level[PIRQ]);
    advance(&f, bnd(3) + 10);
    ck_assert(!f.t.probe.level[PIRQ]);
    wr(f.l, LCD_INT_STATUS, 1);
    advance(&f, bnd(4));
    ck_assert(f.t.probe.level[PIRQ]);
    wr(f.l, LCD_INT_STATUS, 0xFF);
    ck_assert(!f.t.probe.level[PIRQ]);
    advance(&f, bnd(5));
    ck_assert(!f.t.probe.level[PIRQ]);
    ck_assert_uint_eq(rd(f.l, LCD_INT_STATUS), LCD_INT_VSYNC);
    ck_assert_uint_eq(f.t.probe.rises[PIRQ], 4);
    ck_assert_uint_eq(f.t.probe.last_change[PIRQ], bnd(4));
    fix_free(&f);
}
END_TEST

typedef struct HookRec { uint64_t n, last, when; Scheduler *s; } HookRec;
static void hook(void *opaque, uint64_t frame)
{
    HookRec *h = opaque;
    h->n++;
    h->last = frame;
    h->when = sched_now(h->s);
}

START_TEST(test_lcd_enable_disable_protocol)
{
    LcdFix f;
    fix_init(&f);
    HookRec h = { .s = f.t.env.sched };
    lcd_set_frame_hook(f.l, hook, &h);
    advance(&f, 1000);
    wr(f.l, LCD_CTRL, LCD_CTRL_RESET);
    ck_assert_uint_eq(rd(f.l, LCD_CTRL) & LCD_CTRL_RESET, LCD_CTRL_RESET);
    advance(&f, 1000 + clk_cycles_from_ns(LCD_RESET_NS) - 1);
    ck_assert_uint_eq(rd(f.l, LCD_CTRL) & LCD_CTRL_RESET, LCD_CTRL_RESET);
    advance(&f, 1000 + clk_cycles_from_ns(LCD_RESET_NS));
    ck_assert_uint_eq(rd(f.l, LCD_CTRL), LCD_CTRL_IDLE);
    wr(f.l, LCD_CTRL, LCD_CTRL_ENABLE);
    ck_assert_uint_eq(rd(f.l, LCD_CTRL), LCD_CTRL_ENABLE); /* running: idle bit clear */
    ck_assert(lcd_render(f.l, f.out, LCD_WIDTH, LCD_HEIGHT));
    advance(&f, bnd(2));
    ck_assert_uint_eq(lcd_frames(f.l), 2);
    ck_assert_uint_eq(h.n, 2);
    ck_assert_uint_eq(h.when, bnd(2));
    uint64_t t = bnd(2) + 5000;
    advance(&f, t);
    wr(f.l, LCD_CTRL, 0);
    ck_assert_uint_eq(rd(f.l, LCD_CTRL) & LCD_CTRL_IDLE, 0); /* stops at the end of the frame */
    advance(&f, bnd(3) - 1);
    ck_assert_uint_eq(rd(f.l, LCD_CTRL) & LCD_CTRL_IDLE, 0);
    advance(&f, bnd(3));
    ck_assert_uint_eq(rd(f.l, LCD_CTRL) & LCD_CTRL_IDLE, LCD_CTRL_IDLE);
    ck_assert_uint_eq(lcd_frames(f.l), 3);
    ck_assert(!lcd_render(f.l, f.out, LCD_WIDTH, LCD_HEIGHT));
    advance(&f, bnd(4));
    ck_assert_uint_eq(lcd_frames(f.l), 3); /* not scanning */
    ck_assert_uint_eq(h.n, 4);            /* the hook sees every boundary */
    /* Timing generator: same protocol. */
    wr(f.l, LCD_TG_CTRL, LCD_TG_ENABLE);
    ck_assert_uint_eq(rd(f.l, LCD_TG_CTRL), LCD_TG_ENABLE);
    wr(f.l, LCD_TG_CTRL, 0);
    ck_assert_uint_eq(rd(f.l, LCD_TG_CTRL), 0);
    advance(&f, bnd(5));
    ck_assert_uint_eq(rd(f.l, LCD_TG_CTRL), LCD_TG_IDLE);
    fix_free(&f);
}
END_TEST

START_TEST(test_lcd_timing_from_registers)
{
    LcdFix f;
    fix_init(&f);
    bringup(&f, LCD_FMT_XRGB8888);
    /* openiBoot programs the N72 table: the period is unchanged. */
    ck_assert_uint_eq(lcd_frame_cycles(f.l), 8883334u);
    uint64_t now = sched_now(f.t.env.sched);
    ck_assert_uint_eq(sched_when(f.t.env.sched, EV_LCD), bnd(1));
    /* 160 x 240 visible, same porches: (40+160) x (20+240) = 52000 clocks. */
    advance(&f, bnd(1));
    wr(f.l, LCD_TG_SIZE, (159u << 16) | 239u);
    ck_assert_uint_eq(lcd_frame_cycles(f.l), clk_cycles(52000, 10800000));
    ck_assert_uint_eq(sched_when(f.t.env.sched, EV_LCD), bnd(1) + clk_cycles(52000, 10800000));
    (void)now;
    fix_free(&f);
}
END_TEST

START_TEST(test_lcd_lut_stored)
{
    LcdFix f;
    fix_init(&f);
    for (unsigned w = 4; w <= 6; w++) {
        wr(f.l, LCD_LUT_SELECT, w << 12 | LCD_LUT_SEL_OPEN);
        for (unsigned i = 0; i < 256; i++) wr(f.l, LCD_LUT_DATA, LCD_LUT_DATA_VALID | (w * 1000 + i));
    }
    wr(f.l, LCD_LUT_SELECT, 0);
    wr(f.l, LCD_LUT_ENABLE, 1);
    wr(f.l, LCD_TG_UNK38, 128);
    ck_assert_uint_eq(lcd_lut_entry(f.l, 4, 0), LCD_LUT_DATA_VALID | 4000);
    ck_assert_uint_eq(lcd_lut_entry(f.l, 5, 255), LCD_LUT_DATA_VALID | 5255);
    ck_assert_uint_eq(lcd_lut_entry(f.l, 6, 17), LCD_LUT_DATA_VALID | 6017);
    ck_assert_uint_eq(rd(f.l, LCD_LUT_ENABLE), 1);
    ck_assert_uint_eq(rd(f.l, LCD_TG_UNK38), 128);
    /* Data with no LUT open is a guest error, not stored. */
    unsigned before = log_count(f.t.env.log);
    wr(f.l, LCD_LUT_DATA, 0x12345);
    ck_assert_uint_gt(log_count(f.t.env.log), before);
    fix_free(&f);
}
END_TEST

START_TEST(test_lcd_render_rgb565)
{
    LcdFix f;
    fix_init(&f);
    bringup(&f, LCD_FMT_RGB565);
    for (unsigned y = 0; y < 480; y++)
        for (unsigned x = 0; x < 320; x++) {
            uint16_t v = (uint16_t)((x & 0x1F) << 11 | (y & 0x3F) << 5 | ((x + y) & 0x1F));
            f.fb[2 * (y * 320 + x)] = (uint8_t)v;
            f.fb[2 * (y * 320 + x) + 1] = (uint8_t)(v >> 8);
        }
    /* Exact expansion corners: pure red/green/blue and mid grey. */
    uint16_t corner[4] = { 0xF800, 0x07E0, 0x001F, 0x8410 };
    unsigned cx[4] = { 0, 319, 0, 319 }, cy[4] = { 0, 0, 479, 479 };
    for (unsigned i = 0; i < 4; i++) {
        f.fb[2 * (cy[i] * 320 + cx[i])] = (uint8_t)corner[i];
        f.fb[2 * (cy[i] * 320 + cx[i]) + 1] = (uint8_t)(corner[i] >> 8);
    }
    ck_assert(lcd_render(f.l, f.out, LCD_WIDTH, LCD_HEIGHT));
    ck_px(&f, 0, 0, 0xFF, 0, 0);
    ck_px(&f, 319, 0, 0, 0xFF, 0);
    ck_px(&f, 0, 479, 0, 0, 0xFF);
    ck_px(&f, 319, 479, 0x84, 0x82, 0x84);
    for (unsigned y = 1; y < 479; y += 37)
        for (unsigned x = 1; x < 319; x += 13) {
            unsigned r = x & 0x1F, g = y & 0x3F, b = (x + y) & 0x1F;
            ck_px(&f, x, y, (uint8_t)(r << 3 | r >> 2), (uint8_t)(g << 2 | g >> 4), (uint8_t)(b << 3 | b >> 2));
        }
    fix_free(&f);
}
END_TEST

START_TEST(test_lcd_render_xrgb8888_window_stride)
{
    LcdFix f;
    fix_init(&f);
    bringup(&f, LCD_FMT_XRGB8888);
    /* Full screen: bytes B, G, R, X in memory. */
    for (unsigned i = 0; i < 320 * 480; i++) {
        f.fb[4 * i] = (uint8_t)i;
        f.fb[4 * i + 1] = (uint8_t)(i >> 8);
        f.fb[4 * i + 2] = (uint8_t)(i >> 16 | 0x40);
        f.fb[4 * i + 3] = 0x99; /* ignored */
    }
    ck_assert(lcd_render(f.l, f.out, LCD_WIDTH, LCD_HEIGHT));
    unsigned i = 123 * 320 + 45;
    ck_px(&f, 45, 123, (uint8_t)(i >> 16 | 0x40), (uint8_t)(i >> 8), (uint8_t)i);
    /* A 100 x 50 window at (10, 20) whose lines are 128 pixels apart. */
    wr(f.l, LCD_W1_SIZE, 100u << 16 | 50u);
    wr(f.l, LCD_W1_POS, 10u << 16 | 20u);
    wr(f.l, LCD_W1_HSPAN, 128);
    ck_assert(lcd_render(f.l, f.out, LCD_WIDTH, LCD_HEIGHT));
    ck_px(&f, 9, 20, 0, 0, 0);
    ck_px(&f, 10, 19, 0, 0, 0);
    ck_px(&f, 110, 20, 0, 0, 0);
    ck_px(&f, 10, 70, 0, 0, 0);
    for (unsigned y = 0; y < 50; y += 7)
        for (unsigned x = 0; x < 100; x += 9) {
            unsigned s = y * 128 + x;
            ck_px(&f, 10 + x, 20 + y, (uint8_t)(s >> 16 | 0x40), (uint8_t)(s >> 8), (uint8_t)s);
        }
    ck_px(&f, 109, 69, (uint8_t)((49 * 128 + 99) >> 16 | 0x40), (uint8_t)((49 * 128 + 99) >> 8),
          (uint8_t)(49 * 128 + 99));
    /* Window disabled: black but on. */
    wr(f.l, LCD_W1_CON, LCD_FMT_XRGB8888 << 8);
    ck_assert(lcd_render(f.l, f.out, LCD_WIDTH, LCD_HEIGHT));
    ck_px(&f, 50, 50, 0, 0, 0);
    fix_free(&f);
}
END_TEST

START_TEST(test_lcd_state_round_trip)
{
    LcdFix f;
    fix_init(&f);
    bringup(&f, LCD_FMT_RGB565);
    wr(f.l, LCD_INT_ENABLE, 1);
    advance(&f, bnd(1) + 77);
    ck_assert(f.t.probe.level[PIRQ]);
    StateIO *io = state_create_save();
    lcd_ops.state(f.l, io);
    sched_state(f.t.env.sched, io);
    size_t len;
    const void *data = state_data(io, &len);
    void *copy = malloc(len);
    memcpy(copy, data, len);
    state_destroy(io);

    LcdFix g;
    fix_init(&g);
    StateIO *ld = state_create_load(copy, len);
    lcd_ops.state(g.l, ld);
    sched_state(g.t.env.sched, ld);
    ck_assert_ptr_null(state_error(ld));
    state_destroy(ld);
    free(copy);
    ck_assert(g.t.probe.level[PIRQ]);
    static const uint32_t regs[] = { LCD_CTRL, LCD_CON, LCD_INT_ENABLE, LCD_INT_STATUS, LCD_W1_CON, LCD_W1_BASE,
                                     LCD_W1_SIZE, LCD_TG_CTRL, LCD_TG_SIZE, LCD_OUTPUT };
    for (unsigned i = 0; i < sizeof regs / sizeof regs[0]; i++) ck_assert_uint_eq(rd(g.l, regs[i]), rd(f.l, regs[i]));
    ck_assert_uint_eq(lcd_frames(g.l), lcd_frames(f.l));
    ck_assert_uint_eq(sched_when(g.t.env.sched, EV_LCD), bnd(2));
    wr(g.l, LCD_INT_STATUS, 1);
    sched_advance_to(g.t.env.sched, bnd(2));
    ck_assert_uint_eq(g.t.probe.last_change[PIRQ], bnd(2));
    ck_assert_uint_eq(lcd_frames(g.l), 2);
    fix_free(&g);
    fix_free(&f);
}
END_TEST

Suite *lcd_suite(void)
{
    Suite *s = suite_create("lcd");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_lcd_reset_values);
    tcase_add_test(tc, test_lcd_vsync_period_and_irq);
    tcase_add_test(tc, test_lcd_enable_disable_protocol);
    tcase_add_test(tc, test_lcd_timing_from_registers);
    tcase_add_test(tc, test_lcd_lut_stored);
    tcase_add_test(tc, test_lcd_render_rgb565);
    tcase_add_test(tc, test_lcd_render_xrgb8888_window_stride);
    tcase_add_test(tc, test_lcd_state_round_trip);
    suite_add_tcase(s, tc);
    return s;
}
