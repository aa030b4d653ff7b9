/*
 * Display path bring-up and a small renderer (roms/soc/display.h).
 *
 * The bring-up is the sequence of the shared sheet
 * s5l8720-storage-display-io.md: display pipe set-up (4.4 steps 1-4), DSIM
 * initialisation (5.5), Pinot power-on (5.4: NOP, HS clock, ID read, pipe on,
 * sleep out + 7 frames, display on + 4 frames, power mode read), identity
 * gamma LUTs and register 0x1B38 (4.4 step 7).  Each step reports through
 * rep() (display_set_reporter); a step that fails is counted and the rest is
 * still tried, so a test sees every failure in one run.
 *
 * The font is ipodsim's own 5x7 design (ASCII 0x20-0x7E): capitals and
 * digits 7 rows high, lower case 5 rows with descenders (g j p q y) in an
 * eighth row; one byte per row, bit 4 = leftmost column.
 */
#include "display.h"

#include "soc.h"

#define PANEL_RESET_GPIO 0x107u /* active low (sheet 5.4, 9.4) */

/* ---- more registers (sheet 4.2, 5.1) ---- */
#define LCD_W1_UNK2C 0x02C
#define LCD_W1_POS 0x034
#define LCD_W1_UNK38 0x038
#define LCD_W1_UNK3C 0x03C
#define LCD_OUTPUT 0x300
#define LCD_LUT_EN 0x400
#define LCD_LUT_SEL 0x408
#define LCD_LUT_DATA 0x40C
#define LCD_TG_POL 0x1B14
#define LCD_TG_VTIM 0x1B1C
#define LCD_TG_HTIM 0x1B20
#define LCD_TG_SIZE 0x1B24
#define LCD_TG_UNK38 0x1B38

#define DSIM_SWRST 0x04
#define DSIM_CLKCTRL 0x08
#define DSIM_CONFIG 0x10
#define DSIM_ESCMODE 0x14
#define DSIM_MDRESOL 0x18
#define DSIM_MVPORCH 0x1C
#define DSIM_MHPORCH 0x20
#define DSIM_MSYNC 0x24
#define DSIM_SDRESOL 0x28
#define DSIM_PKTHDR 0x34
#define DSIM_RXFIFO 0x3C
#define DSIM_FIFOTHLD 0x40
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
#define INT_RX_DONE (1u << 18)
#define INT_RX_ERR ((1u << 16) | (1u << 21))

#define MS(n) ((uint32_t)(CPU_HZ / 1000u) * (n))
#define US(n) ((uint32_t)(CPU_HZ / 1000000u) * (n))

static inline uint32_t lcd_rd(uint32_t off) { return rd32(LCD_BASE + off); }
static inline void lcd_wr(uint32_t off, uint32_t v) { wr32(LCD_BASE + off, v); }
static inline uint32_t dsim_rd(uint32_t off) { return rd32(DSIM_BASE + off); }
static inline void dsim_wr(uint32_t off, uint32_t v) { wr32(DSIM_BASE + off, v); }

static DisplayInfo dinfo;
static DisplayCheckFn rep_check;
static DisplayNoteFn rep_note;

void kvprintf(const char *fmt, va_list ap);

void display_set_reporter(DisplayCheckFn check, DisplayNoteFn note)
{
    rep_check = check;
    rep_note = note;
}

const DisplayInfo *display_info(void) { return &dinfo; }

/* One step's result: to the reporter, or "display: FAIL - ..." when none. */
static bool rep(bool ok, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (rep_check) {
        char line[200];
        display_vsnprintf(line, sizeof line, fmt, ap);
        rep_check(ok, "%s", line);
    } else if (!ok) {
        uart_puts("display: FAIL - ");
        kvprintf(fmt, ap);
        uart_putc('\n');
    }
    va_end(ap);
    if (!ok) dinfo.failures++;
    return ok;
}

static void note(const char *fmt, ...)
{
    if (!rep_note) return;
    va_list ap;
    va_start(ap, fmt);
    char line[200];
    display_vsnprintf(line, sizeof line, fmt, ap);
    rep_note("%s", line);
    va_end(ap);
}


/* A poll of one register reported as one step. */
static bool wait_bits(const char *what, uint32_t addr, uint32_t mask, uint32_t want, uint32_t max_cycles)
{
    uint32_t took, v;
    bool ok = poll_reg(addr, mask, want, max_cycles, &took, &v);
    return rep(ok, "%s: (0x%08x & 0x%08x) == 0x%08x after %u cycles (last 0x%08x)", what, addr, mask, want, took,
               v);
}

/* ---- 1. display pipe set-up (sheet 4.4 steps 1-4) ---- */
static void pipe_setup(uint32_t fb, DisplayFormat fmt)
{
    /* clock gate 0x2 on (storage only in the model) */
    wr32(CLK0_BASE + CLK_GATES0, rd32(CLK0_BASE + CLK_GATES0) & ~0x4000u);
    wr32(CLK0_BASE + CLK_GATES3, rd32(CLK0_BASE + CLK_GATES3) & ~0x4E00u);
    rep((lcd_rd(LCD_CTRL) & 3u) == 2u, "pipe idle after reset: CTRL = 0x%08x (bit 1 idle, bit 0 off)",
        lcd_rd(LCD_CTRL));
    lcd_wr(LCD_CTRL, 0x100);
    uint32_t after = lcd_rd(LCD_CTRL);
    bool ok = wait_bits("pipe soft reset: CTRL bit 8 self-clears", LCD_BASE + LCD_CTRL, 0x100, 0, US(100));
    rep(ok && (after & 0x100), "CTRL bit 8 read 1 right after the write (0x%08x)", after);
    delay_cycles(US(1));
    lcd_wr(LCD_CTRL, 0x20084);
    lcd_wr(LCD_OUTPUT, 0x80000001u);
    lcd_wr(LCD_TG_CTRL, 0);
    lcd_wr(LCD_TG_POL, 0);
    lcd_wr(LCD_TG_VTIM, (5u << 16) | (5u << 8) | 7u);   /* VBP 6, VFP 6, VSPW 8 */
    lcd_wr(LCD_TG_HTIM, (11u << 16) | (11u << 8) | 15u); /* HBP 12, HFP 12, HSPW 16 */
    lcd_wr(LCD_TG_SIZE, ((DISPLAY_W - 1u) << 16) | (DISPLAY_H - 1u));
    rep(lcd_rd(LCD_TG_VTIM) == 0x00050507u && lcd_rd(LCD_TG_HTIM) == 0x000B0B0Fu &&
            lcd_rd(LCD_TG_SIZE) == 0x013F01DFu,
        "N72 timing stored: V 0x%08x H 0x%08x size 0x%08x", lcd_rd(LCD_TG_VTIM), lcd_rd(LCD_TG_HTIM),
        lcd_rd(LCD_TG_SIZE));
    /* window 1: the framebuffer, enabled (bit 21) */
    uint32_t con = ((uint32_t)fmt << 8) | 0x200000u;
    lcd_wr(LCD_W1_CON, con);
    lcd_wr(LCD_W1_BASE, fb);
    lcd_wr(LCD_W1_HSPAN, DISPLAY_W);
    lcd_wr(LCD_W1_UNK2C, 0);
    lcd_wr(LCD_W1_SIZE, ((uint32_t)DISPLAY_W << 16) | DISPLAY_H);
    lcd_wr(LCD_W1_UNK38, 0);
    lcd_wr(LCD_W1_UNK3C, 0);
    lcd_wr(LCD_W1_POS, 0);
    lcd_wr(LCD_CON, lcd_rd(LCD_CON) | 0x10);
    lcd_wr(LCD_REG10, lcd_rd(LCD_REG10) | 0x80);
    rep(lcd_rd(LCD_W1_CON) == con && lcd_rd(LCD_W1_BASE) == fb && lcd_rd(LCD_W1_SIZE) == 0x014001E0u,
        "window 1: control 0x%08x base 0x%08x size 0x%08x", lcd_rd(LCD_W1_CON), lcd_rd(LCD_W1_BASE),
        lcd_rd(LCD_W1_SIZE));
}

/* ---- 2. DSIM init (sheet 5.5) ---- */
static void dsim_init(void)
{
    /* clock gate 0xA on */
    wr32(CLK0_BASE + CLK_GATES1, rd32(CLK0_BASE + CLK_GATES1) & ~0x80000u);
    /* N72's config 0x222 bypasses the PLL; it is locked anyway, as the
     * driver does: 300000 ticks of the 24 MHz crystal = 12.5 ms. */
    dsim_wr(DSIM_CLKCTRL, 2u | (1u << 28) | (1u << 27) | (1u << 25));
    dsim_wr(DSIM_PLLTMR, 300000);
    dsim_wr(DSIM_PLLCTRL, 0x02000000u);
    rep(!(dsim_rd(DSIM_STATUS) & ST_PLL_STABLE), "PLL not stable while disabled (STATUS 0x%08x)",
        dsim_rd(DSIM_STATUS));
    uint32_t took, v;
    dsim_wr(DSIM_PLLCTRL, 0x02000000u | (1u << 23));
    bool ok = poll_reg(DSIM_BASE + DSIM_STATUS, ST_PLL_STABLE, ST_PLL_STABLE, MS(50), &took, &v);
    dinfo.pll_lock_cycles = took;
    rep(ok && within_ppm(took, MS(25) / 2, 10000),
        "STATUS bit 31 (PLL stable) after %u cycles = PLLTMR 300000 / 24 MHz (expected %u, 1 %%)", took, MS(25) / 2);
    dsim_wr(DSIM_SWRST, 1);
    uint32_t v0 = dsim_rd(DSIM_STATUS);
    ok = poll_reg(DSIM_BASE + DSIM_STATUS, ST_SWRST_DONE, ST_SWRST_DONE, MS(1), &took, &v);
    rep(!(v0 & ST_SWRST_DONE), "STATUS bit 20 clears on SWRST (0x%08x)", v0);
    rep(ok, "STATUS bit 20 (reset done) set again after %u cycles (last 0x%08x)", took, v);

    dsim_wr(DSIM_MDRESOL, ((uint32_t)DISPLAY_H << 16) | DISPLAY_W | (1u << 31));
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
bool display_dsi_send(uint8_t type, uint8_t d0, uint8_t d1)
{
    dsim_wr(DSIM_PKTHDR, type | (uint32_t)d0 << 8 | (uint32_t)d1 << 16);
    return poll_reg(DSIM_BASE + DSIM_FIFOCTRL, FIFO_SFR_EMPTY, FIFO_SFR_EMPTY, MS(1), NULL, NULL);
}

unsigned display_dsi_read(uint8_t type, uint8_t reg, uint32_t *hdr, uint8_t *buf, unsigned max, uint32_t *intsrc)
{
    dsim_wr(DSIM_INTSRC, 0xFFFFFFFFu);
    *hdr = 0;
    *intsrc = 0;
    if (!display_dsi_send(type, reg, 0)) return 0;
    /* the driver polls 5 times, 50 ms apart */
    uint32_t s = 0;
    for (unsigned i = 0; i < 5; i++) {
        s = dsim_rd(DSIM_INTSRC);
        if (s & (INT_RX_DONE | INT_RX_ERR)) break;
        sleep_cycles(MS(50));
    }
    *intsrc = s;
    if (!(s & INT_RX_DONE) || (s & INT_RX_ERR)) return 0;
    if (!poll_reg(DSIM_BASE + DSIM_FIFOCTRL, DSIM_FIFO_RX_EMPTY, 0, MS(1), NULL, NULL)) return 0;
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
    /* step 3: out of reset */
    gpio_set_function(PANEL_RESET_GPIO, GPIO_FN_HIGH);
    sleep_cycles(MS(6));
    rep(display_dsi_send(0x05, 0x00, 0), "DCS NOP sent: FIFOCTRL bit 22 (header FIFO empty) set again");
    sleep_cycles(US(10));
    dsim_wr(DSIM_CLKCTRL, dsim_rd(DSIM_CLKCTRL) | CLK_HSCLK_REQ);
    wait_bits("STATUS bit 10 (HS clock ready)", DSIM_BASE + DSIM_STATUS, ST_HSCLK, ST_HSCLK, MS(1));
    sleep_cycles(MS(25));

    uint8_t id[8] = { 0 };
    uint32_t hdr, is;
    unsigned n = display_dsi_read(0x14, 0xB1, &hdr, id, sizeof id, &is);
    note("panel ID read: INTSRC 0x%08x, header 0x%08x, %u bytes %02x %02x %02x", is, hdr, n, id[0], id[1], id[2]);
    for (unsigned i = 0; i < 3; i++) dinfo.panel_id[i] = id[i];
    rep(n == 3 && hdr == 0x0000031Au && id[0] == 0x3C && id[1] == 0xD1 && id[2] == 0xA1,
        "panel ID (generic read 0xB1): long response 0x%08x, bytes %02x %02x %02x (expected 3c d1 a1)", hdr, id[0],
        id[1], id[2]);
    /* byte 1 (0xD1) is not in {3,4,7,8}: video start waits for step 11 */

    /* step 8: display pipe on; the framebuffer is already drawn */
    lcd_wr(LCD_CTRL, lcd_rd(LCD_CTRL) | 1u);
    lcd_wr(LCD_TG_CTRL, lcd_rd(LCD_TG_CTRL) | 1u);
    rep((lcd_rd(LCD_CTRL) & 3u) == 1u && (lcd_rd(LCD_TG_CTRL) & 3u) == 1u,
        "pipe scanning: CTRL 0x%08x, TG 0x%08x (bit 1 idle clear)", lcd_rd(LCD_CTRL), lcd_rd(LCD_TG_CTRL));
    sleep_cycles(US(100));

    rep(display_dsi_send(0x05, 0x11, 0), "DCS 0x11 exit sleep sent");
    sleep_cycles(7 * DISPLAY_FRAME_CYCLES);
    rep(display_dsi_send(0x05, 0x29, 0), "DCS 0x29 display on sent");
    sleep_cycles(4 * DISPLAY_FRAME_CYCLES);
    dsim_wr(DSIM_MDRESOL, dsim_rd(DSIM_MDRESOL) | (1u << 31));

    n = display_dsi_read(0x06, 0x0A, &hdr, id, sizeof id, &is);
    dinfo.power_mode = n == 1 ? id[0] : 0;
    rep(n == 1 && (hdr & 0x3F) == 0x21 && id[0] == 0x9C,
        "DCS 0x0A power mode: response 0x%08x = 0x%02x (expected 0x9c: booster, sleep out, normal, display on)", hdr,
        id[0]);

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

bool display_init(uint32_t fb, DisplayFormat fmt)
{
    display_set_framebuffer(fb, fmt);
    dinfo.failures = 0;
    pipe_setup(fb, fmt);
    /* sheet 5.4 step 1: the panel held in reset while the DSIM comes up */
    gpio_set_function(PANEL_RESET_GPIO, GPIO_FN_LOW);
    sleep_cycles(MS(10));
    dsim_init();
    panel_power_on();
    return dinfo.failures == 0;
}

bool display_backlight(bool on, uint8_t level)
{
    if (level > DISPLAY_BL_FULL) level = DISPLAY_BL_FULL;
    if (on && level == 0) on = false;
    bool ok = true;
    if (on) ok &= pmu_write(PMU_BACKLIGHT_LEVEL, level);
    ok &= pmu_write(PMU_BACKLIGHT_CTRL, on ? 1 : 0);
    return ok;
}

/* ---- VSYNC ---- */
static void (*vsync_fn)(void);

static void lcd_irq(void)
{
    uint32_t st = lcd_rd(LCD_INT_STATUS);
    lcd_wr(LCD_INT_STATUS, st & 1u); /* W1C */
    if ((st & 1u) && vsync_fn) vsync_fn();
}

void display_on_vsync(void (*fn)(void))
{
    if (!fn) {
        lcd_wr(LCD_INT_ENABLE, 0);
        vic_disable(IRQ_LCD);
        lcd_wr(LCD_INT_STATUS, 0xFF);
        vsync_fn = NULL;
        return;
    }
    vsync_fn = fn;
    lcd_wr(LCD_INT_STATUS, 0xFF);
    vic_set_handler(IRQ_LCD, lcd_irq, 6);
    vic_enable(IRQ_LCD);
    lcd_wr(LCD_INT_ENABLE, 1);
}

/* ---- framebuffer access ---- */
static uint32_t fb_base = DISPLAY_FB_DEFAULT;
static DisplayFormat fb_fmt = DISPLAY_RGB565;

void display_set_framebuffer(uint32_t fb, DisplayFormat fmt)
{
    fb_base = fb;
    fb_fmt = fmt;
    dinfo.fb = fb;
    dinfo.format = fmt;
}

uint32_t display_rgb(uint8_t r, uint8_t g, uint8_t b) { return (uint32_t)r << 16 | (uint32_t)g << 8 | b; }

/* 0xRRGGBB -> the value stored in the framebuffer */
static uint32_t to_raw(uint32_t rgb)
{
    if (fb_fmt == DISPLAY_XRGB8888) return rgb & 0xFFFFFFu;
    return ((rgb >> 8) & 0xF800u) | ((rgb >> 5) & 0x07E0u) | ((rgb >> 3) & 0x001Fu);
}

static inline void put_raw(int x, int y, uint32_t raw)
{
    uint32_t i = (uint32_t)y * DISPLAY_W + (uint32_t)x;
    if (fb_fmt == DISPLAY_XRGB8888) ((volatile uint32_t *)(uintptr_t)fb_base)[i] = raw;
    else ((volatile uint16_t *)(uintptr_t)fb_base)[i] = (uint16_t)raw;
}

static inline bool on_screen(int x, int y) { return x >= 0 && y >= 0 && x < DISPLAY_W && y < DISPLAY_H; }

uint32_t display_raw_get(int x, int y)
{
    if (!on_screen(x, y)) return 0;
    uint32_t i = (uint32_t)y * DISPLAY_W + (uint32_t)x;
    if (fb_fmt == DISPLAY_XRGB8888) return ((volatile uint32_t *)(uintptr_t)fb_base)[i];
    return ((volatile uint16_t *)(uintptr_t)fb_base)[i];
}

void display_raw_put(int x, int y, uint32_t raw)
{
    if (on_screen(x, y)) put_raw(x, y, raw);
}

void display_pixel(int x, int y, uint32_t rgb)
{
    if (on_screen(x, y)) put_raw(x, y, to_raw(rgb));
}

void display_fill_rect(int x, int y, int w, int h, uint32_t rgb)
{
    int x1 = x + w, y1 = y + h;
    if (x < 0) x = 0;
    if (y < 0) y = 0;
    if (x1 > DISPLAY_W) x1 = DISPLAY_W;
    if (y1 > DISPLAY_H) y1 = DISPLAY_H;
    if (x >= x1 || y >= y1) return;
    uint32_t raw = to_raw(rgb);
    if (fb_fmt == DISPLAY_XRGB8888) {
        for (int j = y; j < y1; j++) {
            volatile uint32_t *row = (volatile uint32_t *)(uintptr_t)fb_base + (uint32_t)j * DISPLAY_W;
            for (int i = x; i < x1; i++) row[i] = raw;
        }
    } else {
        for (int j = y; j < y1; j++) {
            volatile uint16_t *row = (volatile uint16_t *)(uintptr_t)fb_base + (uint32_t)j * DISPLAY_W;
            for (int i = x; i < x1; i++) row[i] = (uint16_t)raw;
        }
    }
}

void display_fill(uint32_t rgb) { display_fill_rect(0, 0, DISPLAY_W, DISPLAY_H, rgb); }
void display_hline(int x, int y, int w, uint32_t rgb) { display_fill_rect(x, y, w, 1, rgb); }
void display_vline(int x, int y, int h, uint32_t rgb) { display_fill_rect(x, y, 1, h, rgb); }

void display_frame_rect(int x, int y, int w, int h, int t, uint32_t rgb)
{
    display_fill_rect(x, y, w, t, rgb);
    display_fill_rect(x, y + h - t, w, t, rgb);
    display_fill_rect(x, y + t, t, h - 2 * t, rgb);
    display_fill_rect(x + w - t, y + t, t, h - 2 * t, rgb);
}

/* Half-width of a disc of radius r at row offset dy: largest dx with
 * dx^2 + dy^2 <= r^2 + r (the "+ r" rounds the outline like a drawn circle). */
static int disc_half(int r, int dy)
{
    int lim = r * r + r - dy * dy, dx = 0;
    if (lim < 0) return -1;
    while ((dx + 1) * (dx + 1) <= lim) dx++;
    return dx;
}

void display_fill_circle(int cx, int cy, int r, uint32_t rgb)
{
    for (int dy = -r; dy <= r; dy++) {
        int h = disc_half(r, dy);
        if (h >= 0) display_hline(cx - h, cy + dy, 2 * h + 1, rgb);
    }
}

void display_ring(int cx, int cy, int ro, int ri, uint32_t rgb)
{
    for (int dy = -ro; dy <= ro; dy++) {
        int ho = disc_half(ro, dy);
        if (ho < 0) continue;
        int hi = (dy >= -ri && dy <= ri) ? disc_half(ri, dy) : -1;
        if (hi < 0) {
            display_hline(cx - ho, cy + dy, 2 * ho + 1, rgb);
        } else {
            display_hline(cx - ho, cy + dy, ho - hi, rgb);
            display_hline(cx + hi + 1, cy + dy, ho - hi, rgb);
        }
    }
}

void display_fill_round_rect(int x, int y, int w, int h, int r, uint32_t rgb)
{
    if (2 * r > w) r = w / 2;
    if (2 * r > h) r = h / 2;
    display_fill_rect(x, y + r, w, h - 2 * r, rgb);
    for (int j = 0; j < r; j++) {
        int in = r - disc_half(r, r - j);   /* inset of row j from the corner */
        display_hline(x + in, y + j, w - 2 * in, rgb);
        display_hline(x + in, y + h - 1 - j, w - 2 * in, rgb);
    }
}

/* ---- text ---- */
static const uint8_t font[95][8] = {
    { 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 }, /*   */
    { 0x04, 0x04, 0x04, 0x04, 0x04, 0x00, 0x04, 0x00 }, /* ! */
    { 0x0A, 0x0A, 0x0A, 0x00, 0x00, 0x00, 0x00, 0x00 }, /* " */
    { 0x0A, 0x0A, 0x1F, 0x0A, 0x1F, 0x0A, 0x0A, 0x00 }, /* # */
    { 0x04, 0x0F, 0x14, 0x0E, 0x05, 0x1E, 0x04, 0x00 }, /* $ */
    { 0x18, 0x19, 0x02, 0x04, 0x08, 0x13, 0x03, 0x00 }, /* % */
    { 0x0C, 0x12, 0x14, 0x08, 0x15, 0x12, 0x0D, 0x00 }, /* & */
    { 0x04, 0x04, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00 }, /* ' */
    { 0x02, 0x04, 0x08, 0x08, 0x08, 0x04, 0x02, 0x00 }, /* ( */
    { 0x08, 0x04, 0x02, 0x02, 0x02, 0x04, 0x08, 0x00 }, /* ) */
    { 0x00, 0x04, 0x15, 0x0E, 0x15, 0x04, 0x00, 0x00 }, /* asterisk */
    { 0x00, 0x04, 0x04, 0x1F, 0x04, 0x04, 0x00, 0x00 }, /* + */
    { 0x00, 0x00, 0x00, 0x00, 0x0C, 0x04, 0x08, 0x00 }, /* , */
    { 0x00, 0x00, 0x00, 0x1F, 0x00, 0x00, 0x00, 0x00 }, /* - */
    { 0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x0C, 0x00 }, /* . */
    { 0x00, 0x01, 0x02, 0x04, 0x08, 0x10, 0x00, 0x00 }, /* slash */
    { 0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E, 0x00 }, /* 0 */
    { 0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E, 0x00 }, /* 1 */
    { 0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F, 0x00 }, /* 2 */
    { 0x1E, 0x01, 0x01, 0x0E, 0x01, 0x01, 0x1E, 0x00 }, /* 3 */
    { 0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02, 0x00 }, /* 4 */
    { 0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E, 0x00 }, /* 5 */
    { 0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E, 0x00 }, /* 6 */
    { 0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08, 0x00 }, /* 7 */
    { 0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E, 0x00 }, /* 8 */
    { 0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C, 0x00 }, /* 9 */
    { 0x00, 0x0C, 0x0C, 0x00, 0x0C, 0x0C, 0x00, 0x00 }, /* : */
    { 0x00, 0x0C, 0x0C, 0x00, 0x0C, 0x04, 0x08, 0x00 }, /* ; */
    { 0x01, 0x02, 0x04, 0x08, 0x04, 0x02, 0x01, 0x00 }, /* < */
    { 0x00, 0x00, 0x1F, 0x00, 0x1F, 0x00, 0x00, 0x00 }, /* = */
    { 0x10, 0x08, 0x04, 0x02, 0x04, 0x08, 0x10, 0x00 }, /* > */
    { 0x0E, 0x11, 0x01, 0x02, 0x04, 0x00, 0x04, 0x00 }, /* ? */
    { 0x0E, 0x11, 0x17, 0x15, 0x17, 0x10, 0x0F, 0x00 }, /* @ */
    { 0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11, 0x00 }, /* A */
    { 0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E, 0x00 }, /* B */
    { 0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E, 0x00 }, /* C */
    { 0x1C, 0x12, 0x11, 0x11, 0x11, 0x12, 0x1C, 0x00 }, /* D */
    { 0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F, 0x00 }, /* E */
    { 0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10, 0x00 }, /* F */
    { 0x0E, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0F, 0x00 }, /* G */
    { 0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11, 0x00 }, /* H */
    { 0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E, 0x00 }, /* I */
    { 0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0C, 0x00 }, /* J */
    { 0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11, 0x00 }, /* K */
    { 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F, 0x00 }, /* L */
    { 0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11, 0x00 }, /* M */
    { 0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11, 0x00 }, /* N */
    { 0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E, 0x00 }, /* O */
    { 0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10, 0x00 }, /* P */
    { 0x0E, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0D, 0x00 }, /* Q */
    { 0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11, 0x00 }, /* R */
    { 0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E, 0x00 }, /* S */
    { 0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x00 }, /* T */
    { 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E, 0x00 }, /* U */
    { 0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04, 0x00 }, /* V */
    { 0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A, 0x00 }, /* W */
    { 0x11, 0x11, 0x0A, 0x04, 0x0A, 0x11, 0x11, 0x00 }, /* X */
    { 0x11, 0x11, 0x0A, 0x04, 0x04, 0x04, 0x04, 0x00 }, /* Y */
    { 0x1F, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1F, 0x00 }, /* Z */
    { 0x0E, 0x08, 0x08, 0x08, 0x08, 0x08, 0x0E, 0x00 }, /* [ */
    { 0x00, 0x10, 0x08, 0x04, 0x02, 0x01, 0x00, 0x00 }, /* backslash */
    { 0x0E, 0x02, 0x02, 0x02, 0x02, 0x02, 0x0E, 0x00 }, /* ] */
    { 0x04, 0x0A, 0x11, 0x00, 0x00, 0x00, 0x00, 0x00 }, /* ^ */
    { 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x1F, 0x00 }, /* _ */
    { 0x08, 0x04, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00 }, /* ` */
    { 0x00, 0x00, 0x0E, 0x01, 0x0F, 0x11, 0x0F, 0x00 }, /* a */
    { 0x10, 0x10, 0x16, 0x19, 0x11, 0x11, 0x1E, 0x00 }, /* b */
    { 0x00, 0x00, 0x0E, 0x10, 0x10, 0x11, 0x0E, 0x00 }, /* c */
    { 0x01, 0x01, 0x0D, 0x13, 0x11, 0x11, 0x0F, 0x00 }, /* d */
    { 0x00, 0x00, 0x0E, 0x11, 0x1F, 0x10, 0x0E, 0x00 }, /* e */
    { 0x06, 0x09, 0x08, 0x1C, 0x08, 0x08, 0x08, 0x00 }, /* f */
    { 0x00, 0x00, 0x0F, 0x11, 0x11, 0x0F, 0x01, 0x0E }, /* g */
    { 0x10, 0x10, 0x16, 0x19, 0x11, 0x11, 0x11, 0x00 }, /* h */
    { 0x04, 0x00, 0x0C, 0x04, 0x04, 0x04, 0x0E, 0x00 }, /* i */
    { 0x02, 0x00, 0x06, 0x02, 0x02, 0x02, 0x12, 0x0C }, /* j */
    { 0x10, 0x10, 0x12, 0x14, 0x18, 0x14, 0x12, 0x00 }, /* k */
    { 0x0C, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E, 0x00 }, /* l */
    { 0x00, 0x00, 0x1A, 0x15, 0x15, 0x11, 0x11, 0x00 }, /* m */
    { 0x00, 0x00, 0x16, 0x19, 0x11, 0x11, 0x11, 0x00 }, /* n */
    { 0x00, 0x00, 0x0E, 0x11, 0x11, 0x11, 0x0E, 0x00 }, /* o */
    { 0x00, 0x00, 0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10 }, /* p */
    { 0x00, 0x00, 0x0F, 0x11, 0x11, 0x0F, 0x01, 0x01 }, /* q */
    { 0x00, 0x00, 0x16, 0x19, 0x10, 0x10, 0x10, 0x00 }, /* r */
    { 0x00, 0x00, 0x0F, 0x10, 0x0E, 0x01, 0x1E, 0x00 }, /* s */
    { 0x08, 0x08, 0x1C, 0x08, 0x08, 0x09, 0x06, 0x00 }, /* t */
    { 0x00, 0x00, 0x11, 0x11, 0x11, 0x13, 0x0D, 0x00 }, /* u */
    { 0x00, 0x00, 0x11, 0x11, 0x11, 0x0A, 0x04, 0x00 }, /* v */
    { 0x00, 0x00, 0x11, 0x11, 0x15, 0x15, 0x0A, 0x00 }, /* w */
    { 0x00, 0x00, 0x11, 0x0A, 0x04, 0x0A, 0x11, 0x00 }, /* x */
    { 0x00, 0x00, 0x11, 0x11, 0x11, 0x0F, 0x01, 0x0E }, /* y */
    { 0x00, 0x00, 0x1F, 0x02, 0x04, 0x08, 0x1F, 0x00 }, /* z */
    { 0x03, 0x04, 0x04, 0x08, 0x04, 0x04, 0x03, 0x00 }, /* { */
    { 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x00 }, /* | */
    { 0x18, 0x04, 0x04, 0x02, 0x04, 0x04, 0x18, 0x00 }, /* } */
    { 0x00, 0x00, 0x08, 0x15, 0x02, 0x00, 0x00, 0x00 }, /* ~ */
};

static int draw_char(int x, int y, char c, uint32_t fg, uint32_t bg, int s)
{
    unsigned ch = (unsigned char)c;
    if (ch < 0x20 || ch > 0x7E) ch = '?';
    const uint8_t *g = font[ch - 0x20];
    if (bg != DISPLAY_TRANSPARENT) display_fill_rect(x, y, DISPLAY_CELL_W * s, DISPLAY_CELL_H * s, bg);
    for (int row = 0; row < 8; row++)
        for (int col = 0; col < 5; col++)
            if (g[row] & (0x10 >> col)) display_fill_rect(x + col * s, y + row * s, s, s, fg);
    return x + DISPLAY_CELL_W * s;
}

int display_text(int x, int y, const char *s, uint32_t fg, uint32_t bg, int scale)
{
    if (scale < 1) scale = 1;
    int x0 = x;
    for (; *s; s++) {
        if (*s == '\n') {
            x = x0;
            y += DISPLAY_CELL_H * scale;
            continue;
        }
        x = draw_char(x, y, *s, fg, bg, scale);
    }
    return x;
}

int display_text_width(const char *s, int scale)
{
    int n = 0, best = 0;
    for (; *s; s++) {
        if (*s == '\n') n = 0;
        else if (++n > best) best = n;
    }
    return best * DISPLAY_CELL_W * (scale < 1 ? 1 : scale);
}

int display_textf(int x, int y, uint32_t fg, uint32_t bg, int scale, const char *fmt, ...)
{
    char buf[160];
    va_list ap;
    va_start(ap, fmt);
    display_vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return display_text(x, y, buf, fg, bg, scale);
}

/* ---- formatting ---- */
typedef struct Out {
    char *buf;
    unsigned size, n;
} Out;

static void out_c(Out *o, char c)
{
    if (o->n + 1 < o->size) o->buf[o->n] = c;
    o->n++;
}

static void out_field(Out *o, const char *s, unsigned len, int width, bool left, char pad)
{
    int fill = width > (int)len ? width - (int)len : 0;
    if (!left && pad == '0' && len && (*s == '-')) { /* sign before the zeros */
        out_c(o, *s++);
        len--;
    }
    if (!left)
        for (int i = 0; i < fill; i++) out_c(o, pad);
    for (unsigned i = 0; i < len; i++) out_c(o, s[i]);
    if (left)
        for (int i = 0; i < fill; i++) out_c(o, ' ');
}

int display_vsnprintf(char *buf, unsigned size, const char *fmt, va_list ap)
{
    Out o = { buf, size, 0 };
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            out_c(&o, *fmt);
            continue;
        }
        fmt++;
        bool left = false;
        char pad = ' ';
        for (;; fmt++) {
            if (*fmt == '-') left = true;
            else if (*fmt == '0') pad = '0';
            else break;
        }
        int width = 0;
        while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l') fmt++;
        char num[12];
        unsigned len = 0;
        switch (*fmt) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s) s = "(null)";
            out_field(&o, s, (unsigned)strlen(s), width, left, ' ');
            continue;
        }
        case 'c': num[0] = (char)va_arg(ap, int); len = 1; break;
        case 'd':
        case 'u':
        case 'x':
        case 'X': {
            uint32_t v;
            bool neg = false;
            if (*fmt == 'd') {
                int d = va_arg(ap, int);
                neg = d < 0;
                v = neg ? 0u - (uint32_t)d : (uint32_t)d;
            } else {
                v = va_arg(ap, uint32_t);
            }
            unsigned base = (*fmt == 'x' || *fmt == 'X') ? 16 : 10;
            const char *dig = *fmt == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
            char tmp[11];
            unsigned k = 0;
            do {
                tmp[k++] = dig[v % base];
                v /= base;
            } while (v);
            if (neg) num[len++] = '-';
            while (k) num[len++] = tmp[--k];
            break;
        }
        case '%': num[0] = '%'; len = 1; break;
        case 0: fmt--; continue;
        default: num[0] = '%'; num[1] = *fmt; len = 2; break;
        }
        out_field(&o, num, len, width, left, pad);
    }
    if (size) buf[o.n < size ? o.n : size - 1] = 0;
    return (int)(o.n < size ? o.n : (size ? size - 1 : 0));
}

int display_snprintf(char *buf, unsigned size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = display_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

/* ---- the logo ---- */
static uint32_t mix(uint32_t a, uint32_t b, int num, int den)
{
    uint32_t out = 0;
    for (int sh = 0; sh <= 16; sh += 8) {
        int ca = (int)((a >> sh) & 0xFF), cb = (int)((b >> sh) & 0xFF);
        out |= (uint32_t)(ca + (cb - ca) * num / den) << sh;
    }
    return out;
}

int display_logo(int cx, int y)
{
    /* the handheld: metal frame, dark glass, speaker slot, home button */
    const int bw = 96, bh = 150, bx = cx - bw / 2;
    display_fill_round_rect(bx, y, bw, bh, 18, DISPLAY_LOGO_BODY);
    display_fill_round_rect(bx + 3, y + 3, bw - 6, bh - 6, 15, 0x23262Cu);
    display_fill_round_rect(cx - 12, y + 10, 24, 4, 2, 0x5A5E66u);
    display_ring(cx, y + 135, 9, 6, 0x8A8E96u);

    /* its screen: a dusk sky fading from deep blue to rose, the sun going
     * down behind a dark horizon */
    const int sx = bx + 10, sy = y + 20, sw = bw - 20, sh = 100, ground = 24;
    const int sky = sh - ground;
    for (int j = 0; j < sky; j++) display_hline(sx, sy + j, sw, mix(0x102466u, 0xE8708Au, j, sky - 1));
    display_fill_circle(cx, sy + sky, 17, DISPLAY_LOGO_ACCENT);
    display_fill_rect(sx, sy + sky, sw, ground, 0x14202Cu);
    display_hline(sx, sy + sky, sw, 0xFFC070u);

    /* the wordmark "ipod" + "sim", and what it is */
    const int s = 5, cell = DISPLAY_CELL_W * s;
    int wx = cx - (7 * cell - s) / 2, wy = y + 164;
    wx = display_text(wx, wy, "ipod", DISPLAY_LOGO_TEXT, DISPLAY_TRANSPARENT, s);
    display_text(wx, wy, "sim", DISPLAY_LOGO_ACCENT, DISPLAY_TRANSPARENT, s);
    const char *tag = "iPod touch 2G emulator";
    display_text(cx - (display_text_width(tag, 2) - 2) / 2, y + 212, tag, 0x9AA0AAu, DISPLAY_TRANSPARENT, 2);
    return DISPLAY_LOGO_H;
}
