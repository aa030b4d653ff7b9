/* S5L8720 display pipe ("CLCD"): window 1 scan-out, timing generator and the
 * 60 Hz frame (VSYNC) interrupt.
 *
 * Base 0x38900000, window 0x10000, IRQ 0x0D (13, VIC0).  Sources:
 * s5l8720-storage-display-io sections 4.1 (N72 timing table), 4.2 (register
 * map), 4.3 (frame interrupt), 4.4 (openiBoot bring-up order) and 15
 * (latencies); details and choices in docs/devices/lcd.md.
 *
 * Modelled: CTRL enable/idle/soft-reset (bit 8 self-clears 2 us after the
 * write; bit 1 "stopped" rises at the first frame boundary after bit 0 is
 * cleared), the timing generator 0x1B10 with the same enable/idle protocol,
 * the timing registers 0x1B14-0x1B24 and 0x1B38 (stored; the frame length is
 * derived from 0x1B1C/0x1B20/0x1B24 at the 10.8 MHz N72 pixel clock once
 * 0x1B24 is programmed, else from the N72 table: 360 x 500 clocks = exactly
 * 1/60 s), window 1 (format 7 = XRGB8888, 4 = RGB565, base, stride in
 * pixels, size, position, enable bit 21), the gamma/colour LUT port (stored,
 * not applied), the frame interrupt: every frame boundary (EV_LCD) sets
 * status bit 0 of 0x0C; IRQ 13 = status bit 0 AND (0x08 bit 0 OR "armed"),
 * where a write of exactly 1 to 0x0C arms and 0xFF disarms ([Q]'s protocol,
 * which iPhone OS 2.x uses); writes to 0x0C clear the status bits they set
 * (write 1 to clear).  The timing generator free-runs from reset, so frame
 * boundaries exist whether or not the pipe scans out.
 *
 * Not modelled: windows other than 1, gamma application, dithering, the
 * FIMD legacy block at 0x200 (stored), colour keys/blending, the clock
 * source select (the pixel clock is the table's 10.8 MHz), brightness (PMU). */
#ifndef IPODSIM_DEV_LCD_H
#define IPODSIM_DEV_LCD_H

#include <stdbool.h>
#include <stdint.h>

#include "soc/device.h"

enum {
    LCD_CTRL = 0x000,
    LCD_CON = 0x004,
    LCD_INT_ENABLE = 0x008,
    LCD_INT_STATUS = 0x00C,
    LCD_UNK10 = 0x010,
    LCD_W1_CON = 0x020,
    LCD_W1_BASE = 0x024,
    LCD_W1_HSPAN = 0x028,
    LCD_W1_UNK2C = 0x02C,
    LCD_W1_SIZE = 0x030,
    LCD_W1_POS = 0x034,
    LCD_W1_UNK38 = 0x038,
    LCD_W1_UNK3C = 0x03C,
    LCD_FIMD_FIRST = 0x200, /* 0x200-0x218: VIDCON0/1, VIDTCON0-3 (stored) */
    LCD_FIMD_LAST = 0x218,
    LCD_OUTPUT = 0x300,
    LCD_LUT_ENABLE = 0x400,
    LCD_LUT_SELECT = 0x408,
    LCD_LUT_DATA = 0x40C,
    LCD_TG_CTRL = 0x1B10,
    LCD_TG_POLARITY = 0x1B14,
    LCD_TG_VTIMING = 0x1B1C,
    LCD_TG_HTIMING = 0x1B20,
    LCD_TG_SIZE = 0x1B24,
    LCD_TG_UNK38 = 0x1B38,
};

#define LCD_CTRL_ENABLE (1u << 0)
#define LCD_CTRL_IDLE (1u << 1)
#define LCD_CTRL_RESET (1u << 8)
#define LCD_TG_ENABLE (1u << 0)
#define LCD_TG_IDLE (1u << 1)
#define LCD_INT_VSYNC (1u << 0)
#define LCD_WCON_FMT_SHIFT 8
#define LCD_WCON_FMT_MASK 0xFu
#define LCD_WCON_ENABLE (1u << 21)
#define LCD_FMT_RGB565 4
#define LCD_FMT_XRGB8888 7
#define LCD_LUT_SEL_OPEN (1u << 16)
#define LCD_LUT_DATA_VALID (1u << 31)

#define LCD_WIDTH 320
#define LCD_HEIGHT 480
#define LCD_PIXEL_HZ 10800000ull
/* N72 table: (12+12+16+320) x (6+6+8+480) pixel clocks per frame. */
#define LCD_TABLE_FRAME_CLOCKS (360ull * 500ull)
#define LCD_RESET_NS 2000u
#define LCD_LUT_WINDOWS 4   /* LUT windows 4..7 */
#define LCD_LUT_ENTRIES 256

typedef struct LcdDev LcdDev;

extern const DeviceOps lcd_ops;

LcdDev *lcd_create(const DevEnv *env);
void lcd_connect_irq(LcdDev *l, IrqLine irq);

/* Convert window 1 of the current frame to width x height RGBA8888 (bytes
 * R, G, B, A; A = 255) from guest memory; pixels outside the window are
 * black.  False (and nothing written) when the pipe is not scanning out. */
bool lcd_render(LcdDev *l, uint32_t *rgba, unsigned width, unsigned height);
/* Frames scanned out so far (frame boundaries while enabled). */
uint64_t lcd_frames(const LcdDev *l);
/* Called at every frame boundary (enabled or not) with the frame count. */
void lcd_set_frame_hook(LcdDev *l, void (*fn)(void *opaque, uint64_t frame), void *opaque);
/* CPU cycles per frame with the current timing. */
uint64_t lcd_frame_cycles(const LcdDev *l);
/* Stored LUT entry (window 4..7, index), for tests. */
uint32_t lcd_lut_entry(const LcdDev *l, unsigned window, unsigned index);

#endif
