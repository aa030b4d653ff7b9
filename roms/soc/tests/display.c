/*
 * display: the whole display path, brought up by the library (roms/soc/display.c,
 * the way openiBoot does it: fact sheet s5l8720-storage-display-io.md 4.4,
 * 5.4, 5.5) with every step reported as a check, leaving a known picture on
 * the screen for the headless-screenshot test.
 *  1. display pipe (0x38900000): soft reset (CTRL bit 8 self-clears), N72
 *     timing, window 1 = 320x480 RGB565 framebuffer at 0x0FC00000;
 *  2. MIPI-DSIM (0x3D800000) in the driver's order, polling every STATUS
 *     bit the driver polls: PLL stable (lock time = PLLTMR crystal ticks),
 *     SW reset done, clock + data lanes STOP, ULPS entry, ULPS exit, STOP;
 *  3. Pinot panel: NOP, HS clock (STATUS bit 10), ID read over DSI
 *     (generic read 0xB1: long response 0x1A, 3 bytes 3C D1 A1), sleep out +
 *     display on with the 7 / 4 frame waits on the timer, power mode read
 *     back (DCS 0x0A); then (this ROM only) a read the panel does not
 *     answer (INTSRC bit 21);
 *  4. the PMU backlight on at full (0xF6): the emulator scales the picture
 *     by the backlight level, black when it is off;
 *  5. VSYNC through VIC IRQ 13: 6 frame intervals (0.1 s) measured with CCNT
 *     and the 24 MHz tick counter: 60 Hz +- 1 %.
 * The pattern is drawn before the bring-up, so the pipe scans it out from
 * its first frame.  Every poll has a timeout that reports FAIL instead of
 * hanging.  The display is left on, so the screen shows the pattern
 * (test/display_pattern.py makes the reference image) when the ROM powers
 * the machine off.
 */
#include "display.h"
#include "soc.h"

#define FB_ADDR DISPLAY_FB_DEFAULT
#define FB_W 320u
#define FB_H 480u
#define FRAME_CYCLES DISPLAY_FRAME_CYCLES


/* ---- framebuffer pattern (test/display_pattern.py draws the same) ---- */
static const uint16_t bars[8] = {
    0x0000, /* black */
    0xF800, /* red */
    0x07E0, /* green */
    0x001F, /* blue */
    0xFFE0, /* yellow */
    0x07FF, /* cyan */
    0xF81F, /* magenta */
    0x8410, /* grey: 84 82 84 after expansion */
};
#define BORDER 2u
#define WHITE 0xFFFFu
#define LINE 0xFD20u /* orange: FF A6 00 */

static uint16_t pattern_px(unsigned x, unsigned y)
{
    if (x == y * 2 / 3) return LINE; /* diagonal (0,0)..(319,479), one pixel per line */
    if (x < BORDER || y < BORDER || x >= FB_W - BORDER || y >= FB_H - BORDER) return WHITE;
    return bars[x / (FB_W / 8)];
}

static uint32_t fill_framebuffer(void)
{
    volatile uint16_t *fb = (volatile uint16_t *)(uintptr_t)FB_ADDR;
    uint32_t h = 2166136261u; /* FNV-1a over the little-endian bytes */
    for (unsigned y = 0; y < FB_H; y++)
        for (unsigned x = 0; x < FB_W; x++) {
            uint16_t p = pattern_px(x, y);
            fb[y * FB_W + x] = p;
            h = (h ^ (p & 0xFF)) * 16777619u;
            h = (h ^ (p >> 8)) * 16777619u;
        }
    return h;
}
/* test/display_pattern.py --hash prints this */
#define FB_FNV1A 0x7df5be5du

/* ---- 3b. a read the panel does not answer ---- */
static void unanswered_read(void)
{
    uint8_t id[8] = { 0 };
    uint32_t hdr, is;
    unsigned n = display_dsi_read(0x14, 0xC7, &hdr, id, sizeof id, &is);
    check(n == 0 && (is & (1u << 21)) && (rd32(DSIM_BASE + DSIM_FIFOCTRL) & DSIM_FIFO_RX_EMPTY),
          "unanswered read (0xC7): INTSRC 0x%08x has bit 21, RX FIFO empty", is);
}

/* ---- 4. backlight (PMU registers 0x30 level, 0x31 bit 0 on) ---- */
static void backlight_full(void)
{
    bool ok = display_backlight(true, DISPLAY_BL_FULL);
    uint8_t lvl = 0, ctl = 0;
    ok = ok && pmu_read(PMU_BACKLIGHT_LEVEL, &lvl, 1) && pmu_read(PMU_BACKLIGHT_CTRL, &ctl, 1);
    check(ok && lvl == DISPLAY_BL_FULL && (ctl & 1u),
          "backlight on at full: PMU 0x30 = 0x%02x (expected 0xf6), 0x31 = 0x%02x (bit 0 set)", lvl, ctl);
}

/* ---- 5. VSYNC rate ---- */
#define NV 7u /* 7 interrupts = 6 frame intervals = 0.1 s */
static volatile uint32_t vsyncs, vstamp[NV];
static volatile uint64_t vtick[NV];

/* called by the library's LCD interrupt handler, once per frame */
static void on_vsync(void)
{
    if (vsyncs < NV) {
        vstamp[vsyncs] = ccnt();
        vtick[vsyncs] = ticks64();
    }
    vsyncs++;
}

static void test_vsync(void)
{
    uint32_t took, v;
    wr32(LCD_BASE + LCD_INT_STATUS, 0xFF); /* clear, not armed */
    bool ok = poll_reg(LCD_BASE + LCD_INT_STATUS, 1, 1, 2 * FRAME_CYCLES, &took, &v);
    check(ok && took <= FRAME_CYCLES + 1000, "INT_STATUS bit 0 set at a frame boundary (polled, %u cycles)", took);
    wr32(LCD_BASE + LCD_INT_STATUS, 0xFF);

    vsyncs = 0;
    display_on_vsync(on_vsync);
    bool got = wait_count(&vsyncs, NV, (NV + 2) * FRAME_CYCLES);
    display_on_vsync(NULL);
    uint32_t cyc = vstamp[NV - 1] - vstamp[0];
    uint32_t tck = (uint32_t)(vtick[NV - 1] - vtick[0]);
    uint32_t mhz_x1000 = got ? (uint32_t)((uint64_t)(NV - 1) * CPU_HZ * 1000u / cyc) : 0;
    check(got && within_ppm(cyc, (NV - 1) * FRAME_CYCLES, 10000),
          "VSYNC IRQ 13: %u interrupts, %u cycles for %u frames = %u.%03u Hz (60 Hz +- 1 %%)", vsyncs, cyc, NV - 1,
          mhz_x1000 / 1000, mhz_x1000 % 1000);
    check(got && within_ppm(tck, (NV - 1) * (XTAL_HZ / 60u), 10000),
          "VSYNC by the 24 MHz tick counter: %u ticks for %u frames (expected %u, 1 %%)", tck, NV - 1,
          (NV - 1) * (XTAL_HZ / 60u));
    uint32_t min = 0xFFFFFFFFu, max = 0;
    for (unsigned i = 1; got && i < NV; i++) {
        uint32_t d = vstamp[i] - vstamp[i - 1];
        if (d < min) min = d;
        if (d > max) max = d;
    }
    check(got && max - min <= 2000, "frame-to-frame intervals steady: %u..%u cycles", min, max);
}

int main(void)
{
    soc_init("display");
    uint32_t fnv = fill_framebuffer();
    check(fnv == FB_FNV1A, "framebuffer pattern FNV-1a 0x%08x (display_pattern.py: 0x%08x)", fnv, FB_FNV1A);
    display_set_reporter(check, info);
    bool up = display_init(FB_ADDR, DISPLAY_RGB565);
    display_set_reporter(NULL, NULL);
    const DisplayInfo *di = display_info();
    check(up && di->failures == 0 && di->fb == FB_ADDR && di->panel_id[0] == 0x3C && di->power_mode == 0x9C,
          "display_init: %s (%u failed steps), PLL lock %u cycles, panel %02x %02x %02x, power mode 0x%02x",
          up ? "up" : "FAILED", di->failures, di->pll_lock_cycles, di->panel_id[0], di->panel_id[1], di->panel_id[2],
          di->power_mode);
    unanswered_read();
    backlight_full();
    test_vsync();
    report_end();
}
