/*
 * display: the whole display path, brought up the way openiBoot does it
 * (fact sheet s5l8720-storage-display-io.md 4.4, 5.4, 5.5), leaving a known
 * picture on the screen for the headless-screenshot test.
 *  1. display pipe (0x38900000): soft reset (CTRL bit 8 self-clears), N72
 *     timing, window 1 = 320x480 RGB565 framebuffer at 0x0FC00000;
 *  2. MIPI-DSIM (0x3D800000) in the driver's order, polling every STATUS
 *     bit the driver polls: PLL stable (lock time = PLLTMR crystal ticks),
 *     SW reset done, clock + data lanes STOP, ULPS entry, ULPS exit, STOP;
 *  3. Pinot panel: NOP, HS clock (STATUS bit 10), ID read over DSI
 *     (generic read 0xB1: long response 0x1A, 3 bytes 3C D1 A1), a read the
 *     panel does not answer (INTSRC bit 21), sleep out + display on with the
 *     7 / 4 frame waits on the timer, power mode read back (DCS 0x0A);
 *  4. pipe enable, then VSYNC through VIC IRQ 13: 6 frame intervals
 *     (0.1 s) measured with CCNT and the 24 MHz tick counter: 60 Hz +- 1 %.
 * Every poll has a timeout that reports FAIL instead of hanging.  The
 * display is left on, so the screen shows the pattern (test/display_pattern.py
 * makes the reference image) when the ROM powers the machine off.
 */
#include "soc.h"

/* ---- display pipe, sheet 4.2 ---- */
#define LCD_BASE 0x38900000u
#define LCD_CTRL 0x000
#define LCD_CON 0x004
#define LCD_INT_ENABLE 0x008
#define LCD_INT_STATUS 0x00C
#define LCD_REG10 0x010
#define LCD_W1_CON 0x020
#define LCD_W1_BASE 0x024
#define LCD_W1_HSPAN 0x028
#define LCD_W1_UNK2C 0x02C
#define LCD_W1_SIZE 0x030
#define LCD_W1_POS 0x034
#define LCD_W1_UNK38 0x038
#define LCD_W1_UNK3C 0x03C
#define LCD_OUTPUT 0x300
#define LCD_LUT_EN 0x400
#define LCD_LUT_SEL 0x408
#define LCD_LUT_DATA 0x40C
#define LCD_TG_CTRL 0x1B10
#define LCD_TG_POL 0x1B14
#define LCD_TG_VTIM 0x1B1C
#define LCD_TG_HTIM 0x1B20
#define LCD_TG_SIZE 0x1B24
#define LCD_TG_UNK38 0x1B38
#define IRQ_LCD 13

/* ---- MIPI-DSIM, sheet 5.1 ---- */
#define DSIM_BASE 0x3D800000u
#define DSIM_STATUS 0x00
#define DSIM_SWRST 0x04
#define DSIM_CLKCTRL 0x08
#define DSIM_CONFIG 0x10
#define DSIM_ESCMODE 0x14
#define DSIM_MDRESOL 0x18
#define DSIM_MVPORCH 0x1C
#define DSIM_MHPORCH 0x20
#define DSIM_MSYNC 0x24
#define DSIM_SDRESOL 0x28
#define DSIM_INTSRC 0x2C
#define DSIM_PKTHDR 0x34
#define DSIM_RXFIFO 0x3C
#define DSIM_FIFOTHLD 0x40
#define DSIM_FIFOCTRL 0x44
#define DSIM_PLLCTRL 0x4C
#define DSIM_PLLTMR 0x50
#define ST_STOP_103 0x103u            /* clock lane + data lanes 0,1 in STOP */
#define ST_ULPS_230 0x230u            /* clock lane + data lanes 0,1 in ULPS */
#define ST_ULPS_ALL 0x2F0u
#define ST_HSCLK (1u << 10)
#define ST_SWRST_DONE (1u << 20)
#define ST_PLL_STABLE (1u << 31)
#define CLK_HSCLK_REQ (1u << 31)
#define ESC_ULPS_CLK_EXIT (1u << 0)
#define ESC_ULPS_CLK (1u << 1)
#define ESC_ULPS_DAT_EXIT (1u << 2)
#define ESC_ULPS_DAT (1u << 3)
#define ESC_CMD_LP (1u << 7)
#define ESC_FORCE_STOP (1u << 20)
#define FIFO_SFR_EMPTY (1u << 22)
#define FIFO_RX_EMPTY (1u << 24)
#define INT_RX_DONE (1u << 18)
#define INT_RX_ERR ((1u << 16) | (1u << 21))

#define FB_ADDR 0x0FC00000u
#define FB_W 320u
#define FB_H 480u
#define FRAME_CYCLES (CPU_HZ / 60u)   /* 8 883 333 */
#define MS(n) ((uint32_t)(CPU_HZ / 1000u) * (n))
#define US(n) ((uint32_t)(CPU_HZ / 1000000u) * (n))

static inline uint32_t lcd_rd(uint32_t off) { return rd32(LCD_BASE + off); }
static inline void lcd_wr(uint32_t off, uint32_t v) { wr32(LCD_BASE + off, v); }
static inline uint32_t dsim_rd(uint32_t off) { return rd32(DSIM_BASE + off); }
static inline void dsim_wr(uint32_t off, uint32_t v) { wr32(DSIM_BASE + off, v); }

/* Spin until (reg & mask) == want or max_cycles pass; *took = cycles spent.
 * Returns the last value read. */
static bool poll_reg(uint32_t addr, uint32_t mask, uint32_t want, uint32_t max_cycles, uint32_t *took,
                     uint32_t *last)
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

/* A poll of one register reported as one check line. */
static bool wait_bits(const char *what, uint32_t addr, uint32_t mask, uint32_t want, uint32_t max_cycles)
{
    uint32_t took, v;
    bool ok = poll_reg(addr, mask, want, max_cycles, &took, &v);
    return check(ok, "%s: (0x%08x & 0x%08x) == 0x%08x after %u cycles (last 0x%08x)", what, addr, mask, want,
                 took, v);
}

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

/* ---- 1. display pipe set-up (sheet 4.4 steps 1-4) ---- */
static void pipe_setup(void)
{
    /* clock gate 0x2 on (storage only in the model) */
    wr32(CLK0_BASE + CLK_GATES0, rd32(CLK0_BASE + CLK_GATES0) & ~0x4000u);
    wr32(CLK0_BASE + CLK_GATES3, rd32(CLK0_BASE + CLK_GATES3) & ~0x4E00u);
    check((lcd_rd(LCD_CTRL) & 3u) == 2u, "pipe idle after reset: CTRL = 0x%08x (bit 1 idle, bit 0 off)",
          lcd_rd(LCD_CTRL));
    lcd_wr(LCD_CTRL, 0x100);
    uint32_t after = lcd_rd(LCD_CTRL);
    bool ok = wait_bits("pipe soft reset: CTRL bit 8 self-clears", LCD_BASE + LCD_CTRL, 0x100, 0, US(100));
    check(ok && (after & 0x100), "CTRL bit 8 read 1 right after the write (0x%08x)", after);
    delay_cycles(US(1));
    lcd_wr(LCD_CTRL, 0x20084);
    lcd_wr(LCD_OUTPUT, 0x80000001u);
    lcd_wr(LCD_TG_CTRL, 0);
    lcd_wr(LCD_TG_POL, 0);
    lcd_wr(LCD_TG_VTIM, (5u << 16) | (5u << 8) | 7u);   /* VBP 6, VFP 6, VSPW 8 */
    lcd_wr(LCD_TG_HTIM, (11u << 16) | (11u << 8) | 15u); /* HBP 12, HFP 12, HSPW 16 */
    lcd_wr(LCD_TG_SIZE, ((FB_W - 1) << 16) | (FB_H - 1));
    check(lcd_rd(LCD_TG_VTIM) == 0x00050507u && lcd_rd(LCD_TG_HTIM) == 0x000B0B0Fu &&
              lcd_rd(LCD_TG_SIZE) == 0x013F01DFu,
          "N72 timing stored: V 0x%08x H 0x%08x size 0x%08x", lcd_rd(LCD_TG_VTIM), lcd_rd(LCD_TG_HTIM),
          lcd_rd(LCD_TG_SIZE));
    /* window 1: RGB565 (format 4), enabled */
    lcd_wr(LCD_W1_CON, (4u << 8) | 0x200000u);
    lcd_wr(LCD_W1_BASE, FB_ADDR);
    lcd_wr(LCD_W1_HSPAN, FB_W);
    lcd_wr(LCD_W1_UNK2C, 0);
    lcd_wr(LCD_W1_SIZE, (FB_W << 16) | FB_H);
    lcd_wr(LCD_W1_UNK38, 0);
    lcd_wr(LCD_W1_UNK3C, 0);
    lcd_wr(LCD_W1_POS, 0);
    lcd_wr(LCD_CON, lcd_rd(LCD_CON) | 0x10);
    lcd_wr(LCD_REG10, lcd_rd(LCD_REG10) | 0x80);
    check(lcd_rd(LCD_W1_CON) == 0x200400u && lcd_rd(LCD_W1_BASE) == FB_ADDR && lcd_rd(LCD_W1_SIZE) == 0x014001E0u,
          "window 1: control 0x%08x base 0x%08x size 0x%08x", lcd_rd(LCD_W1_CON), lcd_rd(LCD_W1_BASE),
          lcd_rd(LCD_W1_SIZE));
}

/* ---- 2. DSIM init (sheet 5.5) ---- */
static void dsim_init(void)
{
    /* clock gate 0xA on */
    wr32(CLK0_BASE + CLK_GATES1, rd32(CLK0_BASE + CLK_GATES1) & ~0x80000u);
    /* N72's config 0x222 bypasses the PLL; lock it anyway to exercise the
     * driver's PLL-stable poll: 300000 ticks of the 24 MHz crystal = 12.5 ms. */
    dsim_wr(DSIM_CLKCTRL, 2u | (1u << 28) | (1u << 27) | (1u << 25));
    dsim_wr(DSIM_PLLTMR, 300000);
    dsim_wr(DSIM_PLLCTRL, 0x02000000u);
    check(!(dsim_rd(DSIM_STATUS) & ST_PLL_STABLE), "PLL not stable while disabled (STATUS 0x%08x)",
          dsim_rd(DSIM_STATUS));
    uint32_t took, v;
    dsim_wr(DSIM_PLLCTRL, 0x02000000u | (1u << 23));
    bool ok = poll_reg(DSIM_BASE + DSIM_STATUS, ST_PLL_STABLE, ST_PLL_STABLE, MS(50), &took, &v);
    check(ok && within_ppm(took, MS(25) / 2, 10000),
          "STATUS bit 31 (PLL stable) after %u cycles = PLLTMR 300000 / 24 MHz (expected %u, 1 %%)", took,
          MS(25) / 2);
    dsim_wr(DSIM_SWRST, 1);
    uint32_t v0 = dsim_rd(DSIM_STATUS);
    ok = poll_reg(DSIM_BASE + DSIM_STATUS, ST_SWRST_DONE, ST_SWRST_DONE, MS(1), &took, &v);
    check(!(v0 & ST_SWRST_DONE), "STATUS bit 20 clears on SWRST (0x%08x)", v0);
    check(ok, "STATUS bit 20 (reset done) set again after %u cycles (last 0x%08x)", took, v);

    dsim_wr(DSIM_MDRESOL, (FB_H << 16) | FB_W | (1u << 31));
    dsim_wr(DSIM_MVPORCH, (6u << 16) | 6u | (0xDu << 28));
    dsim_wr(DSIM_MHPORCH, (12u << 16) | 12u);
    dsim_wr(DSIM_MSYNC, 16u | (8u << 22));
    dsim_wr(DSIM_SDRESOL, 10);
    dsim_wr(DSIM_CONFIG, 0x07807027u);
    dsim_wr(DSIM_CLKCTRL, dsim_rd(DSIM_CLKCTRL) | (1u << 24) | (1u << 19) | (3u << 20));
    dsim_wr(DSIM_FIFOCTRL, 0x1F);
    dsim_wr(DSIM_FIFOTHLD, 0x1FF);

    dsim_wr(DSIM_ESCMODE, ESC_FORCE_STOP | ESC_CMD_LP);
    sleep_cycles(MS(1));
    dsim_wr(DSIM_ESCMODE, ESC_CMD_LP);
    wait_bits("STATUS 0x103 (clock + lanes 0,1 STOP)", DSIM_BASE + DSIM_STATUS, ST_STOP_103, ST_STOP_103, MS(1));

    dsim_wr(DSIM_ESCMODE, ESC_CMD_LP | ESC_ULPS_DAT | ESC_ULPS_CLK);
    wait_bits("STATUS 0x230 (ULPS entered)", DSIM_BASE + DSIM_STATUS, ST_ULPS_230, ST_ULPS_230, MS(1));

    dsim_wr(DSIM_CONFIG, (dsim_rd(DSIM_CONFIG) & ~0x7Fu) | 0x7u | (1u << 5)); /* clock + 2 data lanes */
    dsim_wr(DSIM_CLKCTRL, (dsim_rd(DSIM_CLKCTRL) & ~(0xFu << 20)) | (3u << 20));

    dsim_wr(DSIM_ESCMODE, dsim_rd(DSIM_ESCMODE) | ESC_ULPS_DAT_EXIT | ESC_ULPS_CLK_EXIT);
    wait_bits("STATUS ULPS bits clear (ULPS exit)", DSIM_BASE + DSIM_STATUS, ST_ULPS_ALL, 0, MS(1));
    dsim_wr(DSIM_ESCMODE, dsim_rd(DSIM_ESCMODE) & ~(ESC_ULPS_DAT_EXIT | ESC_ULPS_CLK_EXIT));
    sleep_cycles(MS(1));
    dsim_wr(DSIM_ESCMODE, dsim_rd(DSIM_ESCMODE) & ~(ESC_ULPS_DAT | ESC_ULPS_CLK));
    wait_bits("STATUS 0x103 again (lanes back in STOP)", DSIM_BASE + DSIM_STATUS, ST_STOP_103 | ST_ULPS_ALL,
              ST_STOP_103, MS(1));
}

/* ---- DSI packets (sheet 5.3, 5.5) ---- */
static bool dsim_send(uint8_t type, uint8_t d0, uint8_t d1)
{
    dsim_wr(DSIM_PKTHDR, type | (uint32_t)d0 << 8 | (uint32_t)d1 << 16);
    return poll_reg(DSIM_BASE + DSIM_FIFOCTRL, FIFO_SFR_EMPTY, FIFO_SFR_EMPTY, MS(1), NULL, NULL);
}

/* Read: returns the byte count (0 on timeout / error), *hdr = first RX word. */
static unsigned dsim_read(uint8_t type, uint8_t reg, uint32_t *hdr, uint8_t *buf, unsigned max, uint32_t *intsrc)
{
    dsim_wr(DSIM_INTSRC, 0xFFFFFFFFu);
    *hdr = 0;
    if (!dsim_send(type, reg, 0)) return 0;
    /* the driver polls 5 times, 50 ms apart */
    uint32_t s = 0;
    for (unsigned i = 0; i < 5; i++) {
        s = dsim_rd(DSIM_INTSRC);
        if (s & (INT_RX_DONE | INT_RX_ERR)) break;
        sleep_cycles(MS(50));
    }
    *intsrc = s;
    if (!(s & INT_RX_DONE) || (s & INT_RX_ERR)) return 0;
    if (!poll_reg(DSIM_BASE + DSIM_FIFOCTRL, FIFO_RX_EMPTY, 0, MS(1), NULL, NULL)) return 0;
    uint32_t h = dsim_rd(DSIM_RXFIFO);
    *hdr = h;
    unsigned type_rx = h & 0x3F, n;
    if (type_rx == 0x1A || type_rx == 0x1C) { /* long response */
        n = (h >> 8) & 0xFFFF;
        for (unsigned i = 0; i < n; i += 4) {
            uint32_t w = dsim_rd(DSIM_RXFIFO);
            for (unsigned b = 0; b < 4 && i + b < n; b++)
                if (i + b < max) buf[i + b] = (uint8_t)(w >> (8 * b));
        }
    } else { /* short response: data in the header */
        n = (type_rx == 0x12 || type_rx == 0x22) ? 2 : 1;
        for (unsigned b = 0; b < n && b < max; b++) buf[b] = (uint8_t)(h >> (8 + 8 * b));
    }
    dsim_wr(DSIM_INTSRC, 0xFFFFFFFFu);
    return n;
}

/* ---- 3. Pinot power-on (sheet 5.4) ---- */
static void panel_power_on(void)
{
    /* steps 1/3 (GPIO 0x107 panel reset) are not wired in the machine */
    sleep_cycles(MS(6));
    check(dsim_send(0x05, 0x00, 0), "DCS NOP sent: FIFOCTRL bit 22 (header FIFO empty) set again");
    sleep_cycles(US(10));
    dsim_wr(DSIM_CLKCTRL, dsim_rd(DSIM_CLKCTRL) | CLK_HSCLK_REQ);
    wait_bits("STATUS bit 10 (HS clock ready)", DSIM_BASE + DSIM_STATUS, ST_HSCLK, ST_HSCLK, MS(1));
    sleep_cycles(MS(25));

    uint8_t id[8] = { 0 };
    uint32_t hdr, is;
    unsigned n = dsim_read(0x14, 0xB1, &hdr, id, sizeof id, &is);
    info("panel ID read: INTSRC 0x%08x, header 0x%08x, %u bytes %02x %02x %02x", is, hdr, n, id[0], id[1], id[2]);
    check(n == 3 && hdr == 0x0000031Au && id[0] == 0x3C && id[1] == 0xD1 && id[2] == 0xA1,
          "panel ID (generic read 0xB1): long response 0x%08x, bytes %02x %02x %02x (expected 3c d1 a1)", hdr, id[0],
          id[1], id[2]);
    n = dsim_read(0x14, 0xC7, &hdr, id, sizeof id, &is);
    check(n == 0 && (is & (1u << 21)) && (dsim_rd(DSIM_FIFOCTRL) & FIFO_RX_EMPTY),
          "unanswered read (0xC7): INTSRC 0x%08x has bit 21, RX FIFO empty", is);
    /* byte 1 (0xD1) is not in {3,4,7,8}: video start waits for step 11 */

    /* step 8: display pipe on with the framebuffer already drawn */
    uint32_t fnv = fill_framebuffer();
    check(fnv == FB_FNV1A, "framebuffer pattern FNV-1a 0x%08x (display_pattern.py: 0x%08x)", fnv, FB_FNV1A);
    lcd_wr(LCD_CTRL, lcd_rd(LCD_CTRL) | 1u);
    lcd_wr(LCD_TG_CTRL, lcd_rd(LCD_TG_CTRL) | 1u);
    check((lcd_rd(LCD_CTRL) & 3u) == 1u && (lcd_rd(LCD_TG_CTRL) & 3u) == 1u,
          "pipe scanning: CTRL 0x%08x, TG 0x%08x (bit 1 idle clear)", lcd_rd(LCD_CTRL), lcd_rd(LCD_TG_CTRL));
    sleep_cycles(US(100));

    check(dsim_send(0x05, 0x11, 0), "DCS 0x11 exit sleep sent");
    sleep_cycles(7 * FRAME_CYCLES);
    check(dsim_send(0x05, 0x29, 0), "DCS 0x29 display on sent");
    sleep_cycles(4 * FRAME_CYCLES);
    dsim_wr(DSIM_MDRESOL, dsim_rd(DSIM_MDRESOL) | (1u << 31));

    n = dsim_read(0x06, 0x0A, &hdr, id, sizeof id, &is);
    check(n == 1 && (hdr & 0x3F) == 0x21 && id[0] == 0x9C,
          "DCS 0x0A power mode: response 0x%08x = 0x%02x (expected 0x9c: booster, sleep out, normal, display on)",
          hdr, id[0]);

    /* sheet 4.4 step 7: identity gamma LUTs (windows 4-6), LUT on, 0x1B38 */
    for (unsigned w = 4; w <= 6; w++) {
        lcd_wr(LCD_LUT_SEL, (w << 12) | 0x10000u);
        for (unsigned i = 0; i < 256; i++) {
            uint32_t cur = i * 4, next = (i < 255 ? i + 1 : 255) * 4;
            lcd_wr(LCD_LUT_DATA, (1u << 31) | (next & 0x3FF) | ((cur << 10) & 0xFFC00));
        }
    }
    lcd_wr(LCD_LUT_SEL, 0);
    lcd_wr(LCD_LUT_EN, 1);
    lcd_wr(LCD_TG_UNK38, 128);
}

/* ---- 4. VSYNC rate ---- */
#define NV 7u /* 7 interrupts = 6 frame intervals = 0.1 s */
static volatile uint32_t vsyncs, vstamp[NV];
static volatile uint64_t vtick[NV];

static void lcd_irq(void)
{
    uint32_t now = ccnt();
    uint32_t st = lcd_rd(LCD_INT_STATUS);
    if (vsyncs < NV) {
        vstamp[vsyncs] = now;
        vtick[vsyncs] = ticks64();
    }
    if (st & 1u) vsyncs++;
    lcd_wr(LCD_INT_STATUS, st & 1u); /* W1C */
}

static void test_vsync(void)
{
    uint32_t took, v;
    lcd_wr(LCD_INT_STATUS, 0xFF); /* clear, not armed */
    bool ok = poll_reg(LCD_BASE + LCD_INT_STATUS, 1, 1, 2 * FRAME_CYCLES, &took, &v);
    check(ok && took <= FRAME_CYCLES + 1000, "INT_STATUS bit 0 set at a frame boundary (polled, %u cycles)", took);
    lcd_wr(LCD_INT_STATUS, 0xFF);

    vsyncs = 0;
    vic_set_handler(IRQ_LCD, lcd_irq, 6);
    vic_enable(IRQ_LCD);
    lcd_wr(LCD_INT_ENABLE, 1);
    bool got = wait_count(&vsyncs, NV, (NV + 2) * FRAME_CYCLES);
    lcd_wr(LCD_INT_ENABLE, 0);
    lcd_wr(LCD_INT_STATUS, 0xFF);
    vic_disable(IRQ_LCD);
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
    pipe_setup();
    dsim_init();
    panel_power_on();
    test_vsync();
    report_end();
}
