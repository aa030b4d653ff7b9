/*
 * ipodsim SoC firmware library: the display path and a small 2D renderer
 * (roms/soc/display.c).
 *
 * display_init() brings the screen up the way openiBoot does it (shared sheet
 * s5l8720-storage-display-io.md 4.4, 5.4, 5.5): display pipe at 0x38900000
 * (soft reset, N72 timing, window 1 on the caller's framebuffer), MIPI-DSIM at
 * 0x3D800000 (PLL lock, software reset, STOP / ULPS entry / ULPS exit), the
 * Pinot panel over DSI (NOP, HS clock, ID read, pipe on, sleep out, display
 * on, power mode read back) and identity gamma LUTs.  Every poll has a
 * timeout.  Draw the first picture BEFORE display_init: the pipe starts
 * scanning it out when the panel wakes up.  Needs soc_init() (clocks, VIC,
 * UART, I2C0, IRQs enabled: the frame waits sleep in WFI on timer 6).
 *
 * The PMU backlight (register 0x30 level 1..0xF6, 0x31 bit 0 on) is separate:
 * with it off the screen stays black.  display_backlight(true, DISPLAY_BL_FULL)
 * shows the framebuffer's colours unchanged.
 *
 * Drawing works on the framebuffer given to display_init (or
 * display_set_framebuffer, to draw before the bring-up); colours are
 * 0xRRGGBB and are converted to the framebuffer's format.  Coordinates are
 * clipped to the 320x480 screen.  Text uses our own 5x7 font (ASCII
 * 0x20-0x7E, other bytes draw as '?'; descenders in the eighth row) in a
 * 6x8 cell, scaled by an integer.
 */
#ifndef IPODSIM_ROMS_DISPLAY_H
#define IPODSIM_ROMS_DISPLAY_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "soc.h"

#define DISPLAY_W 320
#define DISPLAY_H 480
#define DISPLAY_FB_DEFAULT 0x0FC00000u   /* 300 KiB (RGB565) / 600 KiB (XRGB8888) of DRAM */

/* Window pixel formats of the display pipe (W1 control bits 8..10). */
typedef enum DisplayFormat { DISPLAY_RGB565 = 4, DISPLAY_XRGB8888 = 7 } DisplayFormat;

/* ---- registers (sheet 4.2 and 5.1), for tests that look below the API ---- */
#define LCD_BASE 0x38900000u
#define LCD_CTRL 0x000
#define LCD_CON 0x004
#define LCD_INT_ENABLE 0x008
#define LCD_INT_STATUS 0x00C
#define LCD_REG10 0x010
#define LCD_W1_CON 0x020
#define LCD_W1_BASE 0x024
#define LCD_W1_HSPAN 0x028
#define LCD_W1_SIZE 0x030
#define LCD_TG_CTRL 0x1B10
#define IRQ_LCD 13
#define DSIM_BASE 0x3D800000u
#define DSIM_STATUS 0x00
#define DSIM_INTSRC 0x2C
#define DSIM_FIFOCTRL 0x44
#define DSIM_FIFO_RX_EMPTY (1u << 24)
#define DISPLAY_FRAME_CYCLES (CPU_HZ / 60u)   /* 8 883 333 */

/* PMU backlight (sheet section 12). */
#define PMU_BACKLIGHT_LEVEL 0x30
#define PMU_BACKLIGHT_CTRL 0x31
#define DISPLAY_BL_FULL 0xF6

/* What the bring-up found. */
typedef struct DisplayInfo {
    uint32_t fb;
    DisplayFormat format;
    uint8_t panel_id[3];      /* DSI generic read 0xB1: 3C D1 A1 on the N72 Pinot */
    uint8_t power_mode;       /* DCS 0x0A after display on: 0x9C */
    uint32_t pll_lock_cycles; /* CCNT cycles until DSIM STATUS bit 31 */
    unsigned failures;        /* steps that failed (0 = display up) */
} DisplayInfo;

/* Optional reporting of each bring-up step: check(ok, text) gets one line per
 * step (report.c's check() fits), note(text) information lines.  Without a
 * reporter (NULL) failed steps are printed as "display: FAIL - ..." on the
 * UART and the rest is quiet. */
typedef bool (*DisplayCheckFn)(bool ok, const char *fmt, ...);
typedef void (*DisplayNoteFn)(const char *fmt, ...);
void display_set_reporter(DisplayCheckFn check, DisplayNoteFn note);

/* Bring the display path up on framebuffer fb (DISPLAY_W x DISPLAY_H pixels
 * of format fmt, stride DISPLAY_W); true when every step succeeded. */
bool display_init(uint32_t fb, DisplayFormat fmt);
const DisplayInfo *display_info(void);
/* Backlight through the PMU: level 1..DISPLAY_BL_FULL (0 = off); true when
 * both PMU writes were acknowledged. */
bool display_backlight(bool on, uint8_t level);
/* VSYNC: fn is called from the LCD interrupt (VIC IRQ 13) once per frame;
 * NULL disables the interrupt. */
void display_on_vsync(void (*fn)(void));

/* DSI packets (sheet 5.3): send a short packet and wait for the header FIFO
 * to drain; read = send a read request, wait for the answer (polled 5 x
 * 50 ms as the driver does).  display_dsi_read returns the byte count (0:
 * no answer or an error; *intsrc = DSIM INTSRC seen, *hdr = the first RX
 * word). */
bool display_dsi_send(uint8_t type, uint8_t d0, uint8_t d1);
unsigned display_dsi_read(uint8_t type, uint8_t reg, uint32_t *hdr, uint8_t *buf, unsigned max, uint32_t *intsrc);

/* ---- drawing ---- */
void display_set_framebuffer(uint32_t fb, DisplayFormat fmt);
uint32_t display_rgb(uint8_t r, uint8_t g, uint8_t b);   /* -> 0xRRGGBB */
void display_pixel(int x, int y, uint32_t rgb);
/* Raw framebuffer values (RGB565 or XRGB8888 as stored), for save/restore. */
uint32_t display_raw_get(int x, int y);
void display_raw_put(int x, int y, uint32_t raw);
void display_fill_rect(int x, int y, int w, int h, uint32_t rgb);
void display_fill(uint32_t rgb);
void display_hline(int x, int y, int w, uint32_t rgb);
void display_vline(int x, int y, int h, uint32_t rgb);
void display_frame_rect(int x, int y, int w, int h, int thick, uint32_t rgb);
void display_fill_circle(int cx, int cy, int r, uint32_t rgb);
void display_ring(int cx, int cy, int r_out, int r_in, uint32_t rgb);
void display_fill_round_rect(int x, int y, int w, int h, int r, uint32_t rgb);
/* Text: one glyph cell is 6*scale x 8*scale pixels; bg = DISPLAY_TRANSPARENT
 * leaves the background.  Returns the x after the last character; '\n'
 * starts a new line at the first x. */
#define DISPLAY_TRANSPARENT 0xFF000000u
#define DISPLAY_CELL_W 6
#define DISPLAY_CELL_H 8
int display_text(int x, int y, const char *s, uint32_t fg, uint32_t bg, int scale);
int display_text_width(const char *s, int scale);
int display_textf(int x, int y, uint32_t fg, uint32_t bg, int scale, const char *fmt, ...);
/* The ipodsim logo (a handheld with a lit screen and a home button, the
 * "ipodsim" wordmark under it), centred on cx, top at y; returns its height. */
int display_logo(int cx, int y);
#define DISPLAY_LOGO_H 228
/* Colours of the logo, for tests that look for it on the screen. */
#define DISPLAY_LOGO_BODY 0xC8CCD4u    /* the handheld's frame */
#define DISPLAY_LOGO_ACCENT 0xFF8C1Au  /* "sim" of the wordmark, the sun */
#define DISPLAY_LOGO_TEXT 0xFFFFFFu    /* "ipod" of the wordmark */

/* printf into a buffer: %s %c %d %u %x %X, width, '0' pad, '-' left; always
 * terminated; returns the length written. */
int display_vsnprintf(char *buf, unsigned size, const char *fmt, va_list ap);
int display_snprintf(char *buf, unsigned size, const char *fmt, ...);

#endif
