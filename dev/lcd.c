/* S5L8720 display pipe: registers, frame timing and scan-out conversion
 * (dev/lcd.h; docs/devices/lcd.md).
 *
 * Frame boundaries sit on an exact grid: boundary k after `origin` is at
 * origin + clk_cycles(k * frame_clocks, 10.8 MHz), so 60 Hz never drifts
 * although 533 MHz / 60 is not a whole number of cycles.  A timing change
 * restarts the grid at the last boundary.  The soft-reset bit is a deadline
 * applied lazily on the next access (it has no interrupt). */
#include "dev/lcd.h"

#include <stdlib.h>
#include <string.h>

#include "soc/bus.h"
#include "soc/clocks.h"
#include "soc/state.h"

#define LCD_MAX_LINE 4096u
#define LCD_MIN_FRAME_CLOCKS 1000u

struct LcdDev {
    Scheduler *sched;
    Bus *bus;
    Log *log;
    IrqLine irq;
    bool irq_level;
    void (*hook)(void *opaque, uint64_t frame);
    void *hook_opaque;

    uint32_t ctrl, con, int_enable, int_status, unk10;
    uint32_t w1[8]; /* 0x20-0x3C */
    uint32_t fimd[7];
    uint32_t output, lut_enable, lut_select, lut_index;
    uint32_t lut[LCD_LUT_WINDOWS][LCD_LUT_ENTRIES];
    uint32_t tg_ctrl, tg_polarity, tg_vtiming, tg_htiming, tg_size, tg_unk38;
    bool armed;             /* [Q] protocol: 1 written to 0x0C */
    bool ctrl_running, tg_running;
    uint64_t reset_until;   /* SCHED_NEVER when no soft reset is in progress */

    uint64_t origin, k, frame_clocks;
    uint64_t frames, boundaries;

    uint8_t line[LCD_MAX_LINE * 4];
};

static uint32_t w1(const LcdDev *l, uint32_t off) { return l->w1[(off - LCD_W1_CON) / 4]; }

static void update_irq(LcdDev *l)
{
    bool en = (l->int_enable & LCD_INT_VSYNC) || l->armed;
    bool level = (l->int_status & LCD_INT_VSYNC) && en;
    if (level != l->irq_level) {
        l->irq_level = level;
        irq_set(l->irq, level);
    }
}

/* ---- timing ---- */

static uint64_t regs_frame_clocks(const LcdDev *l)
{
    if (!l->tg_size) return LCD_TABLE_FRAME_CLOCKS;
    uint64_t v = ((l->tg_vtiming >> 16) & 0xFF) + ((l->tg_vtiming >> 8) & 0xFF) + (l->tg_vtiming & 0xFF) + 3 +
                 (l->tg_size & 0x3FF) + 1;
    uint64_t h = ((l->tg_htiming >> 16) & 0xFF) + ((l->tg_htiming >> 8) & 0xFF) + (l->tg_htiming & 0xFF) + 3 +
                 ((l->tg_size >> 16) & 0x3FF) + 1;
    uint64_t c = v * h;
    return c < LCD_MIN_FRAME_CLOCKS ? LCD_MIN_FRAME_CLOCKS : c;
}

static uint64_t boundary(const LcdDev *l, uint64_t k) { return l->origin + clk_cycles(k * l->frame_clocks, LCD_PIXEL_HZ); }

static void schedule_next(LcdDev *l) { sched_add_at(l->sched, EV_LCD, boundary(l, l->k + 1), 0); }

static void retime(LcdDev *l)
{
    uint64_t fc = regs_frame_clocks(l);
    if (fc == l->frame_clocks) return;
    l->origin = boundary(l, l->k);
    l->k = 0;
    l->frame_clocks = fc;
    schedule_next(l);
}

uint64_t lcd_frame_cycles(const LcdDev *l) { return clk_cycles(l->frame_clocks, LCD_PIXEL_HZ); }

static bool scanning(const LcdDev *l) { return l->ctrl_running || l->tg_running; }

static void lcd_sync(LcdDev *l)
{
    if (l->reset_until != SCHED_NEVER && sched_now(l->sched) >= l->reset_until) {
        /* Soft reset done: scan-out stopped, status cleared, bit 8 reads 0. */
        l->reset_until = SCHED_NEVER;
        l->ctrl = 0;
        l->ctrl_running = false;
        l->int_status = 0;
        update_irq(l);
    }
}

static void lcd_frame(void *opaque, uint64_t param, uint64_t late)
{
    (void)param;
    (void)late;
    LcdDev *l = opaque;
    lcd_sync(l);
    l->k++;
    l->boundaries++;
    if (scanning(l)) l->frames++;
    /* A disable takes effect at the end of the frame being scanned. */
    if (!(l->ctrl & LCD_CTRL_ENABLE)) l->ctrl_running = false;
    if (!(l->tg_ctrl & LCD_TG_ENABLE)) l->tg_running = false;
    l->int_status |= LCD_INT_VSYNC;
    update_irq(l);
    schedule_next(l);
    if (l->hook) l->hook(l->hook_opaque, l->boundaries);
}

/* ---- registers ---- */

static uint32_t reg_read(LcdDev *l, uint32_t off)
{
    switch (off) {
    case LCD_CTRL:
        return (l->ctrl & ~(LCD_CTRL_IDLE | LCD_CTRL_RESET)) | (l->ctrl_running ? 0 : LCD_CTRL_IDLE) |
               (l->reset_until != SCHED_NEVER ? LCD_CTRL_RESET : 0);
    case LCD_CON: return l->con;
    case LCD_INT_ENABLE: return l->int_enable;
    case LCD_INT_STATUS: return l->int_status;
    case LCD_UNK10: return l->unk10;
    case LCD_OUTPUT: return l->output;
    case LCD_LUT_ENABLE: return l->lut_enable;
    case LCD_LUT_SELECT: return l->lut_select;
    case LCD_LUT_DATA:
        log_guest_error(l->log, "lcd", off, "read of the write-only LUT data port");
        return 0;
    case LCD_TG_CTRL: return (l->tg_ctrl & ~LCD_TG_IDLE) | (l->tg_running ? 0 : LCD_TG_IDLE);
    case LCD_TG_POLARITY: return l->tg_polarity;
    case LCD_TG_VTIMING: return l->tg_vtiming;
    case LCD_TG_HTIMING: return l->tg_htiming;
    case LCD_TG_SIZE: return l->tg_size;
    case LCD_TG_UNK38: return l->tg_unk38;
    default:
        if (off >= LCD_W1_CON && off <= LCD_W1_UNK3C) return w1(l, off);
        if (off >= LCD_FIMD_FIRST && off <= LCD_FIMD_LAST) return l->fimd[(off - LCD_FIMD_FIRST) / 4];
        log_unimp(l->log, "lcd", off, false, 4, 0);
        return 0;
    }
}

static uint32_t lcd_read(void *opaque, uint32_t off, unsigned size)
{
    LcdDev *l = opaque;
    if (size != 4 && size != 2 && size != 1) {
        log_unimp(l->log, "lcd", off, false, size, 0);
        return 0;
    }
    lcd_sync(l);
    uint32_t v = reg_read(l, off & ~3u) >> (8 * (off & 3));
    return size == 4 ? v : v & ((1u << (8 * size)) - 1);
}

static void lut_write(LcdDev *l, uint32_t val)
{
    if (!(l->lut_select & LCD_LUT_SEL_OPEN)) {
        log_guest_error(l->log, "lcd", LCD_LUT_DATA, "LUT data written with no LUT open");
        return;
    }
    unsigned win = (l->lut_select >> 12) & 0xF;
    if (win < 4 || win > 7) {
        log_guest_error(l->log, "lcd", LCD_LUT_SELECT, "LUT window %u does not exist", win);
        return;
    }
    if (l->lut_index >= LCD_LUT_ENTRIES) {
        log_guest_error(l->log, "lcd", LCD_LUT_DATA, "LUT written past its last entry");
        return;
    }
    l->lut[win - 4][l->lut_index++] = val;
}

static void reg_write(LcdDev *l, uint32_t off, uint32_t val)
{
    uint64_t now = sched_now(l->sched);
    switch (off) {
    case LCD_CTRL:
        l->ctrl = val & ~(LCD_CTRL_IDLE | LCD_CTRL_RESET);
        if (val & LCD_CTRL_RESET) {
            l->reset_until = now + clk_cycles_from_ns(LCD_RESET_NS);
            l->ctrl_running = false;
        } else if (val & LCD_CTRL_ENABLE) {
            l->ctrl_running = true;
        }
        break;
    case LCD_CON: l->con = val; break;
    case LCD_INT_ENABLE: l->int_enable = val; break;
    case LCD_INT_STATUS:
        l->int_status &= ~val;
        if (val == 1) l->armed = true;
        else if (val == 0xFF) l->armed = false;
        break;
    case LCD_UNK10: l->unk10 = val; break;
    case LCD_OUTPUT: l->output = val; break;
    case LCD_LUT_ENABLE: l->lut_enable = val; break;
    case LCD_LUT_SELECT:
        l->lut_select = val;
        l->lut_index = 0;
        break;
    case LCD_LUT_DATA: lut_write(l, val); break;
    case LCD_TG_CTRL:
        l->tg_ctrl = val & ~LCD_TG_IDLE;
        if (val & LCD_TG_ENABLE) l->tg_running = true;
        break;
    case LCD_TG_POLARITY: l->tg_polarity = val; break;
    case LCD_TG_VTIMING: l->tg_vtiming = val; retime(l); break;
    case LCD_TG_HTIMING: l->tg_htiming = val; retime(l); break;
    case LCD_TG_SIZE: l->tg_size = val; retime(l); break;
    case LCD_TG_UNK38: l->tg_unk38 = val; break;
    default:
        if (off >= LCD_W1_CON && off <= LCD_W1_UNK3C) {
            l->w1[(off - LCD_W1_CON) / 4] = val;
            break;
        }
        if (off >= LCD_FIMD_FIRST && off <= LCD_FIMD_LAST) {
            l->fimd[(off - LCD_FIMD_FIRST) / 4] = val;
            break;
        }
        log_unimp(l->log, "lcd", off, true, 4, val);
        break;
    }
    update_irq(l);
}

static void lcd_write(void *opaque, uint32_t off, uint32_t val, unsigned size)
{
    LcdDev *l = opaque;
    if (size != 4 || (off & 3)) {
        log_guest_error(l->log, "lcd", off, "%u-byte write ignored (registers are 32-bit)", size);
        return;
    }
    lcd_sync(l);
    reg_write(l, off, val);
}

/* ---- scan-out ---- */

static void put_px(uint32_t *dst, uint8_t r, uint8_t g, uint8_t b)
{
    uint8_t *p = (uint8_t *)dst;
    p[0] = r;
    p[1] = g;
    p[2] = b;
    p[3] = 0xFF;
}

bool lcd_render(LcdDev *l, uint32_t *rgba, unsigned width, unsigned height)
{
    lcd_sync(l);
    if (!scanning(l) || !rgba) return false;
    for (size_t i = 0; i < (size_t)width * height; i++) put_px(&rgba[i], 0, 0, 0);
    uint32_t con = w1(l, LCD_W1_CON);
    if (!(con & LCD_WCON_ENABLE)) return true;
    unsigned fmt = (con >> LCD_WCON_FMT_SHIFT) & LCD_WCON_FMT_MASK;
    unsigned bpp;
    if (fmt == LCD_FMT_XRGB8888) bpp = 4;
    else if (fmt == LCD_FMT_RGB565) bpp = 2;
    else {
        log_guest_error(l->log, "lcd", LCD_W1_CON, "window pixel format %u not modelled (shown black)", fmt);
        return true;
    }
    uint32_t size = w1(l, LCD_W1_SIZE), pos = w1(l, LCD_W1_POS);
    unsigned ww = (size >> 16) & 0xFFFF, wh = size & 0xFFFF;
    unsigned px = (pos >> 16) & 0xFFFF, py = pos & 0xFFFF;
    uint32_t stride = w1(l, LCD_W1_HSPAN) ? w1(l, LCD_W1_HSPAN) : ww;
    uint32_t base = w1(l, LCD_W1_BASE);
    if (px >= width || py >= height) return true;
    unsigned vis_w = ww < width - px ? ww : width - px;
    unsigned vis_h = wh < height - py ? wh : height - py;
    if (vis_w > LCD_MAX_LINE) vis_w = LCD_MAX_LINE;
    for (unsigned y = 0; y < vis_h; y++) {
        uint32_t addr = base + (uint32_t)((uint64_t)y * stride * bpp);
        uint32_t len = vis_w * bpp;
        const uint8_t *src = l->bus ? bus_host_ptr(l->bus, addr, len, false) : NULL;
        if (!src) {
            memset(l->line, 0, len);
            if (l->bus && !bus_dma_read(l->bus, addr, l->line, len))
                log_guest_error(l->log, "lcd", LCD_W1_BASE, "framebuffer line at 0x%08x not in memory", addr);
            src = l->line;
        }
        uint32_t *dst = rgba + (size_t)(py + y) * width + px;
        if (bpp == 4) {
            for (unsigned x = 0; x < vis_w; x++) put_px(&dst[x], src[4 * x + 2], src[4 * x + 1], src[4 * x]);
        } else {
            for (unsigned x = 0; x < vis_w; x++) {
                unsigned v = src[2 * x] | (unsigned)src[2 * x + 1] << 8;
                unsigned r = v >> 11, g = (v >> 5) & 0x3F, b = v & 0x1F;
                put_px(&dst[x], (uint8_t)(r << 3 | r >> 2), (uint8_t)(g << 2 | g >> 4), (uint8_t)(b << 3 | b >> 2));
            }
        }
    }
    return true;
}

uint64_t lcd_frames(const LcdDev *l) { return l->frames; }

void lcd_set_frame_hook(LcdDev *l, void (*fn)(void *opaque, uint64_t frame), void *opaque)
{
    l->hook = fn;
    l->hook_opaque = opaque;
}

uint32_t lcd_lut_entry(const LcdDev *l, unsigned window, unsigned index)
{
    if (window < 4 || window > 7 || index >= LCD_LUT_ENTRIES) return 0;
    return l->lut[window - 4][index];
}

/* ---- lifecycle ---- */

static void lcd_reset(void *opaque)
{
    LcdDev *l = opaque;
    l->ctrl = l->con = l->int_enable = l->int_status = l->unk10 = 0;
    memset(l->w1, 0, sizeof l->w1);
    memset(l->fimd, 0, sizeof l->fimd);
    l->output = l->lut_enable = l->lut_select = l->lut_index = 0;
    memset(l->lut, 0, sizeof l->lut);
    l->tg_ctrl = l->tg_polarity = l->tg_vtiming = l->tg_htiming = l->tg_size = l->tg_unk38 = 0;
    l->armed = l->ctrl_running = l->tg_running = false;
    l->reset_until = SCHED_NEVER;
    l->origin = sched_now(l->sched);
    l->k = 0;
    l->frame_clocks = LCD_TABLE_FRAME_CLOCKS;
    l->frames = l->boundaries = 0;
    schedule_next(l);
    l->irq_level = false;
    irq_set(l->irq, false);
}

static void lcd_state(void *opaque, StateIO *io)
{
    LcdDev *l = opaque;
    if (!state_begin(io, "LCD ", 1)) return;
    state_u32(io, &l->ctrl);
    state_u32(io, &l->con);
    state_u32(io, &l->int_enable);
    state_u32(io, &l->int_status);
    state_u32(io, &l->unk10);
    for (unsigned i = 0; i < 8; i++) state_u32(io, &l->w1[i]);
    for (unsigned i = 0; i < 7; i++) state_u32(io, &l->fimd[i]);
    state_u32(io, &l->output);
    state_u32(io, &l->lut_enable);
    state_u32(io, &l->lut_select);
    state_u32(io, &l->lut_index);
    for (unsigned w = 0; w < LCD_LUT_WINDOWS; w++)
        for (unsigned i = 0; i < LCD_LUT_ENTRIES; i++) state_u32(io, &l->lut[w][i]);
    state_u32(io, &l->tg_ctrl);
    state_u32(io, &l->tg_polarity);
    state_u32(io, &l->tg_vtiming);
    state_u32(io, &l->tg_htiming);
    state_u32(io, &l->tg_size);
    state_u32(io, &l->tg_unk38);
    state_bool(io, &l->armed);
    state_bool(io, &l->ctrl_running);
    state_bool(io, &l->tg_running);
    state_bool(io, &l->irq_level);
    state_u64(io, &l->reset_until);
    state_u64(io, &l->origin);
    state_u64(io, &l->k);
    state_u64(io, &l->frame_clocks);
    state_u64(io, &l->frames);
    state_u64(io, &l->boundaries);
    state_end(io);
    if (state_is_loading(io)) {
        if (l->frame_clocks < LCD_MIN_FRAME_CLOCKS) l->frame_clocks = LCD_MIN_FRAME_CLOCKS;
        if (l->lut_index > LCD_LUT_ENTRIES) l->lut_index = LCD_LUT_ENTRIES;
        irq_set(l->irq, l->irq_level);
    }
}

static void lcd_destroy(void *opaque) { free(opaque); }

const DeviceOps lcd_ops = {
    .name = "lcd",
    .read = lcd_read,
    .write = lcd_write,
    .reset = lcd_reset,
    .state = lcd_state,
    .destroy = lcd_destroy,
};

LcdDev *lcd_create(const DevEnv *env)
{
    LcdDev *l = calloc(1, sizeof *l);
    if (!l) return NULL;
    l->sched = env->sched;
    l->bus = env->bus;
    l->log = env->log;
    sched_register(l->sched, EV_LCD, lcd_frame, l);
    lcd_reset(l);
    return l;
}

void lcd_connect_irq(LcdDev *l, IrqLine irq)
{
    l->irq = irq;
    irq_set(irq, l->irq_level);
}
