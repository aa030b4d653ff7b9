/*
 * touch: the multitouch controller through the library driver (roms/soc/
 * touch.c) - SPI4, chip select and reset GPIOs, ATN through the SYSIC GPIO
 * interrupt controller and VIC0 line 2 - driven by roms/soc/tests/
 * touch.input (`ipodsim boot --input-script`).  docs/touch-firmware.md.
 *
 *  1. Bring-up (touch_init): every ACK of the bootloader, one ATN interrupt
 *     per bootloader answer, the version register, the calibration delay,
 *     the application-mode answers (interface version, max packet, family,
 *     sensor info, dimensions; the dimensions also through E7).
 *  2. Quiet: no ATN while nothing touches the screen.
 *  3. Scripted touches; every frame is printed ("# frame ..." lines, one per
 *     finger record, with the pixel touch_to_pixels gives back):
 *     a. tap: start at the documented sensor position of the pixel (+-1),
 *        ended there, full-end frame 95..110 ms after the ended one;
 *     b. drag: start, moved frames monotonic in the drag's direction with
 *        velocities of the right sign and magnitude (+-30 %), frames 16-17 ms
 *        apart and numbered consecutively, ended at the final position;
 *     c. pinch: fingers 1 and 2 moving apart symmetrically, their distance
 *        growing frame to frame, both ended, both in the full-end frame;
 *     d. reset: with a finger held and frames flowing, a reset pulse stops
 *        the frames (no ATN for 100 ms), the controller answers 1A A1 with
 *        4B C1 and ignores E2 (bootloader), and touch_init works again and
 *        reports the held finger.
 *  4. No checksum error in any frame (touch_errors 0), quiet at the end.
 *
 * Cycles are absolute emulated cycles, as in the script (CCNT plus an
 * offset calibrated against the 24 MHz tick counter: cycle_clock_sync).
 */
#include "soc.h"
#include "touch.h"

/* ---- the script: must match roms/soc/tests/touch.input line for line ---- */
#define T_TAP 200000000u           /* touch 100,200 */
#define T_TAP_UP 216000000u        /* touch up (30 ms later) */
#define TAP_PX 100
#define TAP_PY 200
#define T_DRAG_DOWN 400000000u     /* touch 60,400 */
#define T_DRAG 402000000u          /* drag 266500020 60,400 to 260,100 */
#define T_DRAG_UP 690000000u       /* touch up */
#define DRAG_DUR 266500020u        /* 60 steps of 4441667 = 30 scan periods */
#define DRAG_X0 60
#define DRAG_Y0 400
#define DRAG_X1 260
#define DRAG_Y1 100
#define T_PINCH_DOWN 900000000u    /* touch 140,220 180,260 */
#define T_PINCH 902000000u         /* drag 266500020 140,220 180,260 to 60,140 260,340 */
#define T_PINCH_UP 1190000000u     /* touch up */
#define PINCH_DUR 266500020u
static const int pinch_from[2][2] = { { 140, 220 }, { 180, 260 } };
static const int pinch_to[2][2] = { { 60, 140 }, { 260, 340 } };
#define T_HOLD 1400000000u         /* touch 200,300 (held across the reset) */
#define T_HOLD_UP 1750000000u      /* touch up */
#define HOLD_PX 200
#define HOLD_PY 300

#define MS_CYC (CPU_HZ / 1000u)
#define MAXF 48u

static void sleep_until(uint32_t cycle)
{
    int32_t d = (int32_t)(cycle - cycle_now());
    if (d > 0) sleep_cycles((uint32_t)d);
}

/* ---- expected positions: the model's documented mapping (multitouch.md "Coordinates") ---- */
static int32_t floordiv(int32_t a, int32_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
/* x = round(-75 + (px + 0.5) * 4732 / 320) */
static int sensor_x(int px) { return floordiv(-75 * 640 + (2 * px + 1) * 4732 + 320, 640); }
/* y = round(-75 + (1 - (py + 0.5) / 480) * 7350 - 123.5) */
static int sensor_y(int py) { return floordiv(6865440 - (2 * py + 1) * 7350 + 480, 960); }
static int iabs(int v) { return v < 0 ? -v : v; }
static bool near(int a, int b, int tol) { return iabs(a - b) <= tol; }

/* Velocity of a straight move of d pixels over `dur` cycles, in 1/8 mm/s:
 * pixels -> 1/100 mm (4732 / 320 or 7350 / 480 per pixel), per second, x 8 / 100. */
static int vel_x(int dpx, uint32_t dur)
{
    return (int)((int64_t)dpx * 4732 * 8 * CPU_HZ / ((int64_t)320 * 100 * dur));
}
static int vel_y(int dpy, uint32_t dur)
{
    return (int)(-(int64_t)dpy * 7350 * 8 * CPU_HZ / ((int64_t)480 * 100 * dur));
}
static bool within30(int v, int exp) { return iabs(v - exp) * 10 <= iabs(exp) * 3; }

/* ---- frames ---- */
static TouchFrame fr[MAXF];
static unsigned nfr;

static const char *ev_name(unsigned e)
{
    switch (e) {
    case TOUCH_EV_FULL_END: return "full-end";
    case TOUCH_EV_START: return "start";
    case TOUCH_EV_MOVED: return "moved";
    case TOUCH_EV_ENDED: return "ended";
    default: return "?";
    }
}

static void print_frame(const TouchFrame *f)
{
    for (unsigned i = 0; i < f->nfingers; i++) {
        const TouchFinger *t = &f->finger[i];
        int px, py;
        touch_to_pixels(t->x, t->y, &px, &py);
        info("frame %u t=%u ms: id %u %s x %d y %d vx %d vy %d -> pixel %d,%d", f->number, f->timestamp_ms, t->id,
             ev_name(t->event), t->x, t->y, t->vx, t->vy, px, py);
    }
}

/* Next frame before `deadline` (absolute cycle), sleeping on ATN interrupts. */
static bool next_frame(TouchFrame *f, uint32_t deadline)
{
    for (;;) {
        uint32_t n0 = touch_atn_irqs;
        if (touch_read(f)) return true;
        int32_t left = (int32_t)(deadline - cycle_now());
        if (left <= 0) return false;
        wait_count(&touch_atn_irqs, n0 + 1, (uint32_t)left);
    }
}

static bool has_event(const TouchFrame *f, unsigned ev)
{
    for (unsigned i = 0; i < f->nfingers; i++)
        if (f->finger[i].event == ev) return true;
    return false;
}

/* Frames until (and with) the full-end frame, or the deadline; all printed. */
static unsigned collect(uint32_t deadline, const char *what)
{
    nfr = 0;
    while (nfr < MAXF && next_frame(&fr[nfr], deadline)) {
        if (has_event(&fr[nfr++], TOUCH_EV_FULL_END)) break;
    }
    info("%s: %u frames", what, nfr);
    for (unsigned k = 0; k < nfr; k++) print_frame(&fr[k]);
    return nfr;
}

static const TouchFinger *finger(const TouchFrame *f, unsigned id)
{
    for (unsigned i = 0; i < f->nfingers; i++)
        if (f->finger[i].id == id) return &f->finger[i];
    return NULL;
}

/* Frame numbers consecutive and timestamps one scan period (16-17 ms) apart
 * over fr[a..b]. */
static void check_cadence(unsigned a, unsigned b, const char *what)
{
    bool num = true;
    uint32_t dmin = ~0u, dmax = 0;
    if (b >= nfr) b = nfr ? nfr - 1 : 0;
    for (unsigned k = a + 1; k <= b; k++) {
        if (fr[k].number != (uint8_t)(fr[k - 1].number + 1)) num = false;
        uint32_t d = fr[k].timestamp_ms - fr[k - 1].timestamp_ms;
        dmin = d < dmin ? d : dmin;
        dmax = d > dmax ? d : dmax;
    }
    check(nfr && num, "%s: frame numbers consecutive (%u .. %u)", what, fr[a].number, fr[b].number);
    check(nfr && b > a && dmin >= 16 && dmax <= 17, "%s: frames one scan apart: %u..%u ms (16..17)", what, dmin, dmax);
}

/* Index of the first frame with `ev` for finger id, or nfr. */
static unsigned find(unsigned id, unsigned ev)
{
    for (unsigned k = 0; k < nfr; k++) {
        const TouchFinger *t = finger(&fr[k], id);
        if (t && t->event == ev) return k;
    }
    return nfr;
}

static void check_full_end(unsigned ended, unsigned nids, const char *what)
{
    unsigned fe = nfr ? nfr - 1 : 0;
    bool ok = nfr > 0 && ended < nfr && fr[fe].nfingers == nids;
    for (unsigned id = 1; ok && id <= nids; id++) {
        const TouchFinger *t = finger(&fr[fe], id);
        ok = t && t->event == TOUCH_EV_FULL_END;
    }
    uint32_t gap = ok ? fr[fe].timestamp_ms - fr[ended].timestamp_ms : 0;
    check(ok && fe == ended + 1 && gap >= 95 && gap <= 110,
          "%s: full-end frame (event 0 for all %u fingers) next, %u ms after the ended frame (95..110)", what, nids,
          gap);
}

/* ---- 1. bring-up ---- */
static TouchInfo ti;

static void check_bringup(const char *when)
{
    uint32_t atn0 = touch_atn_irqs;
    bool ok = touch_init(&ti);
    const TouchBootLog *b = &touch_boot;
    check(ok, "%s: touch_init succeeded in %u us (failed step: %s)", when, b->cycles / (CPU_HZ / 1000000u),
          b->failed ? b->failed : "none");
    check(b->drained == 0 && b->hello_ack == 0x4BC1,
          "%s: bootloader after the reset: 1A A1 -> %04x (4bc1), %u ATNs drained", when, b->hello_ack, b->drained);
    check(b->fw_ack == 0x4BC1 && b->fw_tries == 1, "%s: firmware stream accepted: ACK %04x after %u tries", when,
          b->fw_ack, b->fw_tries);
    check(b->cal_ack[0] == 0x4BC1 && b->cal_ack[1] == 0x4BC1 && b->cal_chunks == 3,
          "%s: calibration chunks accepted: proximity ACK %04x, multitouch ACK %04x, %u chunks (3)", when,
          b->cal_ack[0], b->cal_ack[1], b->cal_chunks);
    check(b->version_ack == 0x4BC1 && ti.version_reg == 0x5A020028u,
          "%s: register 0x10008FFC = 0x%08x (0x5a020028), long ACK %04x", when, ti.version_reg, b->version_ack);
    uint32_t cal_us = b->calibrate_cycles / (CPU_HZ / 1000000u);
    check(b->calibrate_ack == 0x4BC1 && cal_us >= 65000 && cal_us <= 66000,
          "%s: 1F 01 calibration: ATN after %u us (65 ms), ACK %04x", when, cal_us, b->calibrate_ack);
    check(touch_atn_irqs - atn0 == 6,
          "%s: one ATN interrupt per bootloader answer: %u (firmware 1, calibration 3, 1C 1, 1F 1)", when,
          touch_atn_irqs - atn0);
    check(ti.iface_version == 1 && ti.max_packet == 660 && b->iface_tries == 1,
          "%s: E2: interface version %u (1), max packet %u (660), %u tries", when, ti.iface_version, ti.max_packet,
          b->iface_tries);
    check(b->report_len[0] == 1 && b->report_len[1] == 5 && b->report_len[2] == 8,
          "%s: E3 report lengths D1 %u, D3 %u, D9 %u (1, 5, 8)", when, b->report_len[0], b->report_len[1],
          b->report_len[2]);
    check(ti.family_id == 81, "%s: family ID %u (81)", when, ti.family_id);
    check(ti.rows == 15 && ti.columns == 10 && ti.bcd_version == 51 && b->flip_nop,
          "%s: sensor rows %u (15), columns %u (10), BCD version %u (51; > 0x23: EB frame reads)", when, ti.rows,
          ti.columns, ti.bcd_version);
    check(ti.width == 5000 && ti.height == 7500, "%s: surface %u x %u (5000 x 7500, 1/100 mm)", when, ti.width,
          ti.height);
    uint8_t d[8] = { 0 };
    int n = touch_report(0xD9, d, sizeof d, true);
    uint32_t w = d[0] | d[1] << 8 | (uint32_t)d[2] << 16 | (uint32_t)d[3] << 24;
    uint32_t h = d[4] | d[5] << 8 | (uint32_t)d[6] << 16 | (uint32_t)d[7] << 24;
    check(n == 8 && w == 5000 && h == 7500, "%s: D9 through E7 (long read, own checksum): %d bytes, %u x %u", when, n,
          w, h);
    check(touch_errors == 0, "%s: no checksum or echo error (%u)", when, touch_errors);
}

/* ---- 3a. tap ---- */
static void test_tap(void)
{
    collect(T_TAP_UP + 200 * MS_CYC, "tap at pixel 100,200");
    int ex = sensor_x(TAP_PX), ey = sensor_y(TAP_PY);
    const TouchFinger *s = nfr ? finger(&fr[0], 1) : NULL;
    check(s && fr[0].nfingers == 1 && s->event == TOUCH_EV_START && near(s->x, ex, 1) && near(s->y, ey, 1),
          "tap: first frame is finger 1 start at %d,%d (expected %d,%d +-1)", s ? s->x : 0, s ? s->y : 0, ex, ey);
    int px = -1, py = -1;
    if (s) touch_to_pixels(s->x, s->y, &px, &py);
    check(px == TAP_PX && py == TAP_PY, "tap: touch_to_pixels gives back pixel %d,%d (100,200)", px, py);
    uint32_t lat = nfr ? fr[0].timestamp_ms - T_TAP / MS_CYC : 0;
    check(nfr && lat >= 16 && lat <= 18, "tap: start frame %u ms after the touch (one 60 Hz scan: 16-18)", lat);
    unsigned e = find(1, TOUCH_EV_ENDED);
    bool still = e < nfr;
    for (unsigned k = 1; k < e && k < nfr; k++) {
        const TouchFinger *t = finger(&fr[k], 1);
        still &= t && t->event == TOUCH_EV_MOVED && t->x == s->x && t->y == s->y && t->vx == 0 && t->vy == 0;
    }
    const TouchFinger *t = e < nfr ? finger(&fr[e], 1) : NULL;
    check(still && t && s && t->x == s->x && t->y == s->y && fr[e].nfingers == 1,
          "tap: ended (frame index %u) at the start position, only resting moves in between", e);
    check_cadence(0, e, "tap");
    check_full_end(e, 1, "tap");
}

/* ---- 3b. drag ---- */
static void test_drag(void)
{
    collect(T_DRAG_UP + 200 * MS_CYC, "drag 60,400 -> 260,100");
    const TouchFinger *s = nfr ? finger(&fr[0], 1) : NULL;
    int px = -1, py = -1;
    if (s) touch_to_pixels(s->x, s->y, &px, &py);
    check(s && s->event == TOUCH_EV_START && near(px, DRAG_X0, 5) && near(py, DRAG_Y0, 8),
          "drag: starts with finger 1 near pixel 60,400 (at %d,%d)", px, py);
    uint32_t end_ms = (T_DRAG + DRAG_DUR) / MS_CYC;
    int vxe = vel_x(DRAG_X1 - DRAG_X0, DRAG_DUR), vye = vel_y(DRAG_Y1 - DRAG_Y0, DRAG_DUR);
    unsigned e = find(1, TOUCH_EV_ENDED), moving = 0, vbad = 0, mbad = 0;
    int vxmin = 1 << 30, vxmax = -(1 << 30), vymin = 1 << 30, vymax = -(1 << 30);
    for (unsigned k = 1; k < e && k < nfr; k++) {
        const TouchFinger *t = finger(&fr[k], 1), *p = finger(&fr[k - 1], 1);
        if (!t || !p || t->event != TOUCH_EV_MOVED) {
            mbad++;
            continue;
        }
        if (t->x < p->x || t->y < p->y) mbad++; /* right and up (sensor y grows upwards) */
        if (fr[k].timestamp_ms < end_ms) {      /* two 120 Hz steps behind this frame */
            moving++;
            if (t->x <= p->x || t->y <= p->y) mbad++;
            if (!within30(t->vx, vxe) || !within30(t->vy, vye)) vbad++;
            vxmin = t->vx < vxmin ? t->vx : vxmin;
            vxmax = t->vx > vxmax ? t->vx : vxmax;
            vymin = t->vy < vymin ? t->vy : vymin;
            vymax = t->vy > vymax ? t->vy : vymax;
        }
    }
    check(moving >= 25 && mbad == 0, "drag: %u moved frames while dragging, x and y strictly growing (%u bad)", moving,
          mbad);
    check(vbad == 0 && moving, "drag: velocities vx %d..%d, vy %d..%d within 30%% of %d, %d (1/8 mm/s)", vxmin, vxmax,
          vymin, vymax, vxe, vye);
    const TouchFinger *t = e < nfr ? finger(&fr[e], 1) : NULL;
    int ex = sensor_x(DRAG_X1), ey = sensor_y(DRAG_Y1);
    check(t && near(t->x, ex, 1) && near(t->y, ey, 1), "drag: ended at %d,%d (pixel 260,100 = %d,%d +-1)",
          t ? t->x : 0, t ? t->y : 0, ex, ey);
    check_cadence(0, e, "drag");
    check_full_end(e, 1, "drag");
}

/* ---- 3c. pinch ---- */
static uint32_t dist2(const TouchFrame *f)
{
    const TouchFinger *a = finger(f, 1), *b = finger(f, 2);
    if (!a || !b) return 0;
    int32_t dx = b->x - a->x, dy = b->y - a->y;
    return (uint32_t)(dx * dx + dy * dy);
}

static void test_pinch(void)
{
    collect(T_PINCH_UP + 200 * MS_CYC, "pinch");
    bool start = nfr && fr[0].nfingers == 2 && finger(&fr[0], 1) && finger(&fr[0], 2) &&
                 finger(&fr[0], 1)->event == TOUCH_EV_START && finger(&fr[0], 2)->event == TOUCH_EV_START;
    check(start, "pinch: first frame starts fingers 1 and 2");
    uint32_t end_ms = (T_PINCH + PINCH_DUR) / MS_CYC;
    int mx0 = (sensor_x(pinch_from[0][0]) + sensor_x(pinch_from[1][0])) / 2;
    int my0 = (sensor_y(pinch_from[0][1]) + sensor_y(pinch_from[1][1])) / 2;
    unsigned e = find(1, TOUCH_EV_ENDED), moving = 0, dbad = 0, sbad = 0, midbad = 0;
    for (unsigned k = 1; k < e && k < nfr; k++) {
        const TouchFinger *a = finger(&fr[k], 1), *b = finger(&fr[k], 2);
        if (!a || !b || a->event != TOUCH_EV_MOVED || b->event != TOUCH_EV_MOVED) {
            dbad++;
            continue;
        }
        if (!near((a->x + b->x) / 2, mx0, 2) || !near((a->y + b->y) / 2, my0, 2)) midbad++;
        if (dist2(&fr[k]) < dist2(&fr[k - 1])) dbad++;
        if (fr[k].timestamp_ms < end_ms) {
            moving++;
            if (dist2(&fr[k]) <= dist2(&fr[k - 1])) dbad++;
            /* finger 1 goes left and up, finger 2 right and down */
            if (!(a->vx < 0 && a->vy > 0 && b->vx > 0 && b->vy < 0)) sbad++;
        }
    }
    check(moving >= 25 && dbad == 0, "pinch: %u moving frames, distance growing frame to frame (%u bad)", moving,
          dbad);
    check(sbad == 0 && moving, "pinch: velocity signs: finger 1 (-,+), finger 2 (+,-) (%u bad)", sbad);
    check(midbad == 0, "pinch: symmetric: midpoint stays at %d,%d +-2 (%u off)", mx0, my0, midbad);
    bool ended = e < nfr && fr[e].nfingers == 2;
    for (unsigned id = 1; ended && id <= 2; id++) {
        const TouchFinger *t = finger(&fr[e], id);
        ended = t && t->event == TOUCH_EV_ENDED && near(t->x, sensor_x(pinch_to[id - 1][0]), 1) &&
                near(t->y, sensor_y(pinch_to[id - 1][1]), 1);
    }
    check(ended, "pinch: both fingers ended in one frame at their final positions (60,140 and 260,340)");
    check_cadence(0, e, "pinch");
    check_full_end(e, 2, "pinch");
}

/* ---- 3d. reset ---- */
static void test_reset(void)
{
    /* Frames flowing for the held finger: start + 3 moves. */
    unsigned got = 0;
    TouchFrame f;
    while (got < 4 && next_frame(&f, T_HOLD + 200 * MS_CYC)) {
        print_frame(&f);
        got++;
    }
    check(got == 4, "reset: finger held at 200,300 reported before the reset (%u of 4 frames)", got);

    touch_reset();
    uint32_t a0 = touch_atn_irqs;
    sleep_cycles(100 * MS_CYC);
    check(touch_atn_irqs == a0 && !touch_atn_asserted() && !touch_read(&f),
          "reset: no ATN and no frame for 100 ms with the finger still down (%u ATNs)", touch_atn_irqs - a0);
    static const uint8_t ack[2] = { 0x1A, 0xA1 };
    uint8_t rx[16] = { 0 };
    touch_xfer(ack, rx, 2);
    check(rx[0] == 0x4B && rx[1] == 0xC1, "reset: bootloader answers 1A A1 with %02x %02x (4b c1)", rx[0], rx[1]);
    uint8_t e2[16] = { 0xE2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xE2, 0 };
    touch_xfer(e2, rx, 16);
    check(rx[0] == 0 && rx[2] == 0, "reset: E2 not understood by the bootloader (reply %02x .. %02x)", rx[0], rx[2]);

    check_bringup("second bring-up");
    check(cycle_now() < T_HOLD_UP - 50 * MS_CYC, "reset: second bring-up done at cycle %u, before the lift (%u)",
          cycle_now(), T_HOLD_UP);
    collect(T_HOLD_UP + 200 * MS_CYC, "held finger after the second bring-up");
    const TouchFinger *s = nfr ? finger(&fr[0], 1) : NULL;
    int ex = sensor_x(HOLD_PX), ey = sensor_y(HOLD_PY);
    check(s && s->event == TOUCH_EV_START && near(s->x, ex, 1) && near(s->y, ey, 1),
          "reset: the running controller reports the held finger: start at %d,%d (%d,%d +-1)", s ? s->x : 0,
          s ? s->y : 0, ex, ey);
    unsigned e = find(1, TOUCH_EV_ENDED);
    check(e < nfr && e >= 2, "reset: finger moves reported, ended at frame index %u", e);
    check_cadence(0, e, "held");
    check_full_end(e, 1, "held");
}

int main(void)
{
    soc_init("touch");
    cycle_clock_sync();
    info("start at cycle %u", cycle_now());
    check_bringup("bring-up");
    info("bring-up done at cycle %u", cycle_now());

    uint32_t a0 = touch_atn_irqs;
    TouchFrame f;
    sleep_until(T_TAP - MS_CYC);
    check(touch_atn_irqs == a0 && !touch_read(&f), "quiet: no ATN while nothing touches (%u until cycle %u)",
          touch_atn_irqs - a0, cycle_now());

    test_tap();
    sleep_until(T_DRAG_DOWN - MS_CYC);
    test_drag();
    sleep_until(T_PINCH_DOWN - MS_CYC);
    test_pinch();
    sleep_until(T_HOLD - MS_CYC);
    test_reset();

    a0 = touch_atn_irqs;
    sleep_cycles(150 * MS_CYC);
    check(touch_atn_irqs == a0 && !touch_atn_asserted(), "quiet at the end: no ATN for 150 ms (%u)",
          touch_atn_irqs - a0);
    check(touch_errors == 0, "no frame or query failed its checksums or echo (touch_errors %u)", touch_errors);
    report_end();
}
