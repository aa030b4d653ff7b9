/*
 * ipodsim "ibot" stand-in: the third stage of our secure boot chain
 * (docs/secure-boot.md), and the boot screen of `make boot`
 * (docs/firmware.md "Boot screen").  NOT iBoot.  Runs at DRAM 0x0FF00000
 * (ibot-stub.ld) after LLB verified, decrypted and started it.
 *
 * 1. prints "iboot-stub: reached" (test/secure_boot_test.sh looks for it);
 * 2. points VBAR at its own vector table (exceptions no longer go through
 *    the boot ROM's), brings the clocks, VIC, UART (IRQ-driven) and I2C0 up;
 * 3. draws the screen into the framebuffer at 0x0FC00000 (RGB565): the
 *    ipodsim logo, a top bar with the time since power-on, a status panel;
 *    then display_init (display pipe, MIPI-DSIM, Pinot panel) and the PMU
 *    backlight on at full;
 * 4. touch_init (roms/soc/touch.c) and the four buttons through the GPIO
 *    interrupt controller (group 3, VIC0 line 3, level-type with the
 *    polarity flipped after each edge, so press and release both interrupt);
 * 5. sleeps in WFI; what wakes it: the touch controller's ATN interrupt,
 *    a button, the 4 Hz timer (timer 5) that keeps the clock current.
 *
 * Reactions (each also a UART line, for tests):
 *  - a finger: a crosshair where it is, a trail where it went, its position
 *    in the status panel; "touch start/end finger N at X,Y";
 *  - Home: the marks are wiped (the screen is redrawn);
 *  - Volume up/down: backlight one step brighter/darker;
 *  - Power: "power button: powering off", backlight off, PMU power-off;
 *  - no input for IDLE_SLEEP_S seconds: the screen sleeps (backlight off,
 *    "screen off" on the UART) as an iPod's auto-lock does; the machine
 *    keeps running.  The next touch or button wakes it (backlight back on);
 *    the Power press that wakes it does not also power off.
 */
#include "display.h"
#include "soc.h"
#include "touch.h"

#define IBOT_BASE 0x0FF00000u
#define FB DISPLAY_FB_DEFAULT
#define IDLE_SLEEP_S 60u

/* ---- layout and colours ---- */
#define C_BG 0x0C1018u
#define C_BAR 0x1C2430u
#define C_PANEL 0x161C26u
#define C_TEXT 0xE8ECF2u
#define C_DIM 0x8A93A0u
#define C_OK 0x5CD65Cu
#define C_BAD 0xFF6050u
#define TOP_H 28
#define LOGO_Y 52
#define HINT_Y 312
#define PANEL_Y 388
#define LINE_Y(n) (PANEL_Y + 6 + 22 * (n))
#define TEXT_X 8

static const uint32_t finger_colour[TOUCH_MAX_FINGERS] = { 0x00E5FFu, 0xFF3DA8u, 0xFFE03Du, 0x5CFF5Cu, 0xB084FFu };

/* ---- buttons (GPIO interrupt controller, sheet s5l8720-core.md 7.2/7.3) ---- */
#define BTN_GROUP 3u   /* IRQ_GPIO_G3 (VIC0 line 3) */

enum { HOME, POWER, VOLUP, VOLDOWN, NBTN };
static const char *const btn_name[NBTN] = { "home", "power", "volume up", "volume down" };
static const uint16_t btn_gpio[NBTN] = { GPIO_BTN_HOME, GPIO_BTN_POWER, GPIO_BTN_VOLUP, GPIO_BTN_VOLDOWN };
static const uint8_t btn_pressed_level[NBTN] = { 1, 1, 0, 0 };

static uint32_t btn_bit(unsigned b) { return 1u << (GPIO_IRQ_OF(btn_gpio[b]) % 32u); }
static unsigned btn_level(unsigned b) { return gpio_read(btn_gpio[b]); }

/* Button edges, queued by the interrupt handler for the main loop. */
#define BTNQ 16u
static volatile struct { uint8_t btn, down; } btnq[BTNQ];
static volatile uint32_t btnq_head, btnq_tail;

static void gpio_g3_irq(void)
{
    uint32_t st;
    while ((st = rd32(GIC_INTSTAT(BTN_GROUP)) & rd32(GIC_INTEN(BTN_GROUP))) != 0) {
        for (unsigned b = 0; b < NBTN; b++) {
            uint32_t bit = btn_bit(b);
            if (!(st & bit)) continue;
            st &= ~bit;
            /* next interrupt on the opposite level, then acknowledge */
            wr32(GIC_INTLEVEL(BTN_GROUP), rd32(GIC_INTLEVEL(BTN_GROUP)) ^ bit);
            wr32(GIC_INTSTAT(BTN_GROUP), bit);
            if (btnq_tail - btnq_head < BTNQ) {
                btnq[btnq_tail % BTNQ].btn = (uint8_t)b;
                btnq[btnq_tail % BTNQ].down = btn_level(b) == btn_pressed_level[b];
                btnq_tail++;
            }
        }
        if (st) { /* a source nobody set up: keep it from holding the line */
            wr32(GIC_INTEN(BTN_GROUP), rd32(GIC_INTEN(BTN_GROUP)) & ~st);
            wr32(GIC_INTSTAT(BTN_GROUP), st);
        }
    }
}

static void buttons_init(void)
{
    gpioic_start(NULL); /* start-up handshake, unless already done (touch_init does it) */
    uint32_t mask = 0, lvl = rd32(GIC_INTLEVEL(BTN_GROUP));
    for (unsigned b = 0; b < NBTN; b++) {
        uint32_t bit = btn_bit(b);
        mask |= bit;
        if (btn_level(b)) lvl &= ~bit; /* interrupt when the pin leaves its present level */
        else lvl |= bit;
    }
    wr32(GIC_INTEN(BTN_GROUP), rd32(GIC_INTEN(BTN_GROUP)) & ~mask);
    wr32(GIC_INTTYPE(BTN_GROUP), rd32(GIC_INTTYPE(BTN_GROUP)) | mask); /* level */
    wr32(GIC_INTLEVEL(BTN_GROUP), lvl);
    wr32(GIC_INTSTAT(BTN_GROUP), mask);
    wr32(GIC_INTEN(BTN_GROUP), rd32(GIC_INTEN(BTN_GROUP)) | mask);
    vic_set_handler(IRQ_GPIO_G3, gpio_g3_irq, 8);
    vic_enable(IRQ_GPIO_G3);
}

/* ---- the clock: timer 5 at 4 Hz (24 MHz / 6 000 000); the screen's
 * clock is redrawn when the second since power-on changes ---- */
static volatile uint32_t ticks_4hz;
static void on_tick(void) { ticks_4hz++; }

static uint32_t seconds_since_power_on(void) { return (uint32_t)(ticks64() / XTAL_HZ); }

/* ---- finger marks ----
 * A crosshair shows where each finger is now.  The pixels under it are saved
 * before it is drawn and put back before anything else is drawn, so the
 * picture below (logo, trails, text) survives. */
#define CUR_R 18
#define CUR_N (2 * CUR_R + 1)

typedef struct Finger {
    bool down;
    uint8_t id;
    int x, y;
    bool cursor_shown;
    int cx, cy;
    uint16_t under[CUR_N * CUR_N];
} Finger;

static Finger fingers[TOUCH_MAX_FINGERS];
static int last_x = -1, last_y = -1;

static void cursor_hide(Finger *f)
{
    if (!f->cursor_shown) return;
    for (int j = 0; j < CUR_N; j++)
        for (int i = 0; i < CUR_N; i++) display_raw_put(f->cx - CUR_R + i, f->cy - CUR_R + j, f->under[j * CUR_N + i]);
    f->cursor_shown = false;
}

static void cursor_show(Finger *f, uint32_t colour)
{
    f->cx = f->x;
    f->cy = f->y;
    for (int j = 0; j < CUR_N; j++)
        for (int i = 0; i < CUR_N; i++)
            f->under[j * CUR_N + i] = (uint16_t)display_raw_get(f->cx - CUR_R + i, f->cy - CUR_R + j);
    display_ring(f->cx, f->cy, 12, 10, colour);
    display_hline(f->cx - CUR_R, f->cy, CUR_N, colour);
    display_vline(f->cx, f->cy - CUR_R, CUR_N, colour);
    display_fill_rect(f->cx - 1, f->cy - 1, 3, 3, colour);
    f->cursor_shown = true;
}

static void cursors_hide(void)
{
    for (int k = TOUCH_MAX_FINGERS - 1; k >= 0; k--) cursor_hide(&fingers[k]);
}

static void cursors_show(void)
{
    for (unsigned k = 0; k < TOUCH_MAX_FINGERS; k++)
        if (fingers[k].down) cursor_show(&fingers[k], finger_colour[k]);
}

/* A 3-pixel-wide trail from (x0,y0) to (x1,y1). */
static void trail(int x0, int y0, int x1, int y1, uint32_t colour)
{
    int dx = x1 > x0 ? x1 - x0 : x0 - x1, dy = y1 > y0 ? y0 - y1 : y1 - y0;
    int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, err = dx + dy;
    for (;;) {
        display_fill_rect(x0 - 1, y0 - 1, 3, 3, colour);
        if (x0 == x1 && y0 == y1) break;
        int e2 = 2 * err;
        if (e2 >= dy) {
            err += dy;
            x0 += sx;
        }
        if (e2 <= dx) {
            err += dx;
            y0 += sy;
        }
    }
}

/* ---- the screen ---- */
static bool display_ok, touch_ok;
static uint8_t backlight = DISPLAY_BL_FULL;
static char touch_line[40] = "no touch yet";
static char button_line[40] = "no button pressed yet";

static void status_line(int n, const char *s, uint32_t colour)
{
    display_fill_rect(0, LINE_Y(n), DISPLAY_W, 16, C_PANEL);
    display_text(TEXT_X, LINE_Y(n), s, colour, DISPLAY_TRANSPARENT, 2);
}

static void draw_clock(void)
{
    uint32_t s = seconds_since_power_on();
    char buf[16];
    display_snprintf(buf, sizeof buf, "up %u:%02u", s / 60, s % 60);
    int w = 12 * 9; /* room for "up 999:59" */
    display_fill_rect(DISPLAY_W - 8 - w, 6, w, 16, C_BAR);
    display_text(DISPLAY_W - 8 - display_text_width(buf, 2), 6, buf, C_TEXT, DISPLAY_TRANSPARENT, 2);
}

static void draw_status(void)
{
    display_fill_rect(0, LINE_Y(0), DISPLAY_W, 16, C_PANEL);
    int x = display_text(TEXT_X, LINE_Y(0), "display ", C_DIM, DISPLAY_TRANSPARENT, 2);
    x = display_text(x, LINE_Y(0), display_ok ? "ok" : "FAIL", display_ok ? C_OK : C_BAD, DISPLAY_TRANSPARENT, 2);
    x = display_text(x, LINE_Y(0), "  touch ", C_DIM, DISPLAY_TRANSPARENT, 2);
    display_text(x, LINE_Y(0), touch_ok ? "ok" : "FAIL", touch_ok ? C_OK : C_BAD, DISPLAY_TRANSPARENT, 2);
    status_line(1, touch_line, C_TEXT);
    status_line(2, button_line, C_TEXT);
}

/* Everything but the finger marks. */
static void draw_screen(void)
{
    display_fill(C_BG);
    display_fill_rect(0, 0, DISPLAY_W, TOP_H, C_BAR);
    display_text(TEXT_X, 6, "iBoot stub", C_TEXT, DISPLAY_TRANSPARENT, 2);
    draw_clock();
    display_logo(DISPLAY_W / 2, LOGO_Y);
    const char *hint = "touch the screen";
    display_text((DISPLAY_W - display_text_width(hint, 2)) / 2, HINT_Y, hint, C_DIM, DISPLAY_TRANSPARENT, 2);
    const char *keys = "Home: clear   Vol: light   Power: off";
    display_text((DISPLAY_W - display_text_width(keys, 1)) / 2, HINT_Y + 28, keys, C_DIM, DISPLAY_TRANSPARENT, 1);
    display_fill_rect(0, PANEL_Y, DISPLAY_W, DISPLAY_H - PANEL_Y, C_PANEL);
    display_hline(0, PANEL_Y, DISPLAY_W, 0x2C3644u);
    draw_status();
    status_line(3, "bootrom > LLB > ibot stub", C_DIM);
}

/* ---- touch frames ---- */
static Finger *finger_for(uint8_t id, bool alloc, unsigned *slot)
{
    for (unsigned k = 0; k < TOUCH_MAX_FINGERS; k++)
        if (fingers[k].down && fingers[k].id == id) {
            *slot = k;
            return &fingers[k];
        }
    if (!alloc) return NULL;
    for (unsigned k = 0; k < TOUCH_MAX_FINGERS; k++)
        if (!fingers[k].down) {
            fingers[k].down = true;
            fingers[k].id = id;
            fingers[k].cursor_shown = false;
            *slot = k;
            return &fingers[k];
        }
    return NULL;
}

static void update_touch_line(void)
{
    unsigned n = 0, first = TOUCH_MAX_FINGERS;
    for (unsigned k = 0; k < TOUCH_MAX_FINGERS; k++)
        if (fingers[k].down) {
            if (first == TOUCH_MAX_FINGERS) first = k;
            n++;
        }
    if (n == 0) {
        if (last_x >= 0) display_snprintf(touch_line, sizeof touch_line, "lifted at %d,%d", last_x, last_y);
    } else if (n == 1) {
        display_snprintf(touch_line, sizeof touch_line, "finger %u at %d,%d", fingers[first].id, fingers[first].x,
                         fingers[first].y);
    } else {
        display_snprintf(touch_line, sizeof touch_line, "%u fingers, %u at %d,%d", n, fingers[first].id,
                         fingers[first].x, fingers[first].y);
    }
}

static void handle_frame(const TouchFrame *fr)
{
    cursors_hide();
    for (unsigned i = 0; i < fr->nfingers; i++) {
        const TouchFinger *t = &fr->finger[i];
        int px, py;
        touch_to_pixels(t->x, t->y, &px, &py);
        unsigned slot = 0;
        Finger *f;
        switch (t->event) {
        case TOUCH_EV_START:
        case TOUCH_EV_MOVED:
            f = finger_for(t->id, false, &slot);
            if (!f) {
                f = finger_for(t->id, true, &slot);
                if (!f) break; /* more fingers than slots */
                f->x = px;
                f->y = py;
                display_fill_circle(px, py, 4, finger_colour[slot]);
                kprintf("iboot-stub: touch start finger %u at %d,%d\n", t->id, px, py);
            }
            trail(f->x, f->y, px, py, finger_colour[slot]);
            f->x = px;
            f->y = py;
            break;
        case TOUCH_EV_ENDED:
            f = finger_for(t->id, false, &slot);
            if (f) {
                trail(f->x, f->y, px, py, finger_colour[slot]);
                f->down = false;
            }
            display_fill_circle(px, py, 4, finger_colour[f ? slot : 0]);
            last_x = px;
            last_y = py;
            kprintf("iboot-stub: touch end finger %u at %d,%d\n", t->id, px, py);
            break;
        default: break;
        }
    }
    update_touch_line();
    status_line(1, touch_line, C_TEXT);
    cursors_show();
}

/* ---- buttons ---- */
static void power_off(const char *why)
{
    kprintf("%s\n", why);
    cursors_hide();
    status_line(2, "powering off", C_BAD);
    uart_flush();
    display_backlight(false, 0);
    pmu_poweroff();
}

static bool asleep;

/* Any input wakes a sleeping screen; true when it was asleep. */
static bool wake_up(void)
{
    if (!asleep) return false;
    asleep = false;
    display_backlight(true, backlight);
    kprintf("iboot-stub: screen on\n");
    return true;
}

static void handle_button(unsigned b, bool down)
{
    bool woke = down && wake_up();
    kprintf("iboot-stub: %s button %s", btn_name[b], down ? "pressed" : "released");
    if (!down) {
        kprintf("\n");
        return;
    }
    if (woke && b == POWER) {
        kprintf(": screen woken\n");
        return;
    }
    switch (b) {
    case HOME:
        kprintf(": marks cleared\n");
        for (unsigned k = 0; k < TOUCH_MAX_FINGERS; k++) fingers[k].cursor_shown = false;
        last_x = last_y = -1;
        display_snprintf(touch_line, sizeof touch_line, "no touch yet");
        display_snprintf(button_line, sizeof button_line, "Home: marks cleared");
        draw_screen();
        cursors_show(); /* fingers still down keep their crosshair */
        return;
    case POWER:
        kprintf("\n");
        power_off("power button: powering off");
        return;
    case VOLUP:
    case VOLDOWN:
        if (b == VOLUP) backlight = backlight > DISPLAY_BL_FULL - 0x20 ? DISPLAY_BL_FULL : backlight + 0x20;
        else backlight = backlight < 0x16 + 0x20 ? 0x16 : backlight - 0x20;
        display_backlight(true, backlight);
        kprintf(": backlight 0x%02x\n", backlight);
        display_snprintf(button_line, sizeof button_line, "%s: light %u/%u", b == VOLUP ? "Vol+" : "Vol-",
                         backlight, DISPLAY_BL_FULL);
        break;
    }
    cursors_hide();
    status_line(2, button_line, C_TEXT);
    cursors_show();
}

int main(void)
{
    uart_init();
    kprintf("iboot-stub: reached (stand-in for iBoot, running at 0x%08x)\n", IBOT_BASE);
    uart_flush();

    /* our own exception vectors (the image starts with them) */
    extern char _vectors[];
    __asm__ volatile("mcr p15, 0, %0, c12, c0, 0" ::"r"((uint32_t)(uintptr_t)_vectors) : "memory");
    soc_init("iboot-stub");

    /* first picture in place before the pipe starts scanning */
    display_set_framebuffer(FB, DISPLAY_RGB565);
    draw_screen();
    display_ok = display_init(FB, DISPLAY_RGB565);
    bool bl = display_backlight(true, backlight);
    const DisplayInfo *di = display_info();
    if (display_ok)
        kprintf("iboot-stub: display up (panel %02x %02x %02x, 320x480 RGB565 at 0x%08x, backlight 0x%02x%s)\n",
                di->panel_id[0], di->panel_id[1], di->panel_id[2], FB, backlight, bl ? "" : " NOT SET");
    else
        kprintf("iboot-stub: display FAILED (%u steps)\n", di->failures);

    TouchInfo ti;
    touch_ok = touch_init(&ti);
    if (touch_ok)
        kprintf("iboot-stub: touch controller up (family 0x%02x, %ux%u sensor, %u.%02u x %u.%02u mm)\n", ti.family_id,
                ti.columns, ti.rows, ti.width / 100, ti.width % 100, ti.height / 100, ti.height % 100);
    else
        kprintf("iboot-stub: touch controller FAILED (%s)\n", touch_boot.failed ? touch_boot.failed : "?");
    buttons_init();
    draw_status();

    timer_set_callback(5, on_tick);
    timer_start_periodic(5, TMR_CFG_CLK_24MHZ, XTAL_HZ / 4);
    kprintf("iboot-stub: ready: touch the screen; Home clears, volume sets the backlight, Power turns off\n");

    uint32_t seen_tick = ticks_4hz, shown_s = seconds_since_power_on(), last_input = shown_s;
    for (;;) {
        uint32_t atn = touch_atn_irqs;
        uint32_t s = irq_save();
        if (btnq_head == btnq_tail && ticks_4hz == seen_tick && atn == touch_atn_irqs &&
            !(touch_ok && touch_atn_asserted()))
            wfi();
        irq_restore(s);

        while (btnq_head != btnq_tail) {
            unsigned b = btnq[btnq_head % BTNQ].btn, down = btnq[btnq_head % BTNQ].down;
            btnq_head++;
            last_input = seconds_since_power_on();
            handle_button(b, down);
        }
        TouchFrame fr;
        while (touch_ok && touch_read(&fr)) {
            last_input = seconds_since_power_on();
            wake_up();
            handle_frame(&fr);
        }
        if (ticks_4hz != seen_tick) {
            seen_tick = ticks_4hz;
            uint32_t now = seconds_since_power_on();
            if (now == shown_s) continue;
            shown_s = now;
            cursors_hide();
            draw_clock();
            cursors_show();
            bool touching = false;
            for (unsigned k = 0; k < TOUCH_MAX_FINGERS; k++) touching |= fingers[k].down;
            if (touching) last_input = now;
            if (!asleep && now - last_input >= IDLE_SLEEP_S) {
                asleep = true;
                display_backlight(false, 0);
                kprintf("iboot-stub: no input for %u s: screen off (a touch or button wakes it)\n", IDLE_SLEEP_S);
            }
        }
    }
}
