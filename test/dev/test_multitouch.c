/* Zephyr2 multitouch controller (dev/multitouch.c): answers only inside a
 * chip-select frame and restarts its packet parser at each one; the
 * bootloader handshake as openiBoot drives it (register read, long ACK with
 * the middle-endian value, masked write acknowledged 4A D1, calibration),
 * with ATN going low exactly MT_ATN_US / MT_CALIBRATE_MS after the
 * transaction and high again on the ACK; 30 01 uploads accepted with good
 * checksums and refused (NAK) with a bad payload or header checksum, also
 * inside a multi-packet stream; after execute, E2/E3/E6/E7 return the
 * documented values with correct checksums; a tap and a two-finger pinch
 * give frames at the 60 Hz scan with the expected positions, events,
 * velocities, counters and checksums, then "ended" and the "full end" frame
 * 100 ms later; no frames before the driver's E2; unread frames are not
 * overwritten; any change on the reset line returns the controller to its
 * bootloader (frames stop, ATN released, a fresh bootload works) while the
 * level seen at connect is no change; a save/load round trip continues in
 * step. */
#include <check.h>
#include <math.h>
#include <string.h>

#include "dev/multitouch.h"
#include "soc/clocks.h"
#include "soc/state.h"
#include "test/dev/devtest.h"

static DevTestEnv T;
static MtDev *m;
#define ATN (T.probe.level[0]) /* true = idle (active low) */

static void setup(void)
{
    devtest_init(&T);
    m = mt_create(&T.env);
    ck_assert_ptr_nonnull(m);
    mt_connect_atn(m, irq_probe_line(&T.probe, 0));
}

static void teardown(void)
{
    mt_destroy(m);
    devtest_free(&T);
}

static uint64_t now(void) { return sched_now(T.env.sched); }
static void advance(uint64_t cycles) { sched_advance_to(T.env.sched, now() + cycles); }
static uint64_t period(void) { return clk_cycles(1, 60); }

static void xfer_on(MtDev *d, const uint8_t *out, uint8_t *in, size_t len)
{
    const SpiTarget *t = mt_spi_target(d);
    mt_chip_select(d, 0, false);
    for (size_t i = 0; i < len; i++) {
        uint8_t v = (uint8_t)t->exchange(t->opaque, out[i], 8);
        if (in) in[i] = v;
    }
    mt_chip_select(d, 0, true);
}

static void xfer(const uint8_t *out, uint8_t *in, size_t len) { xfer_on(m, out, in, len); }

static unsigned sum(const uint8_t *p, size_t n)
{
    unsigned s = 0;
    for (size_t i = 0; i < n; i++) s += p[i];
    return s;
}

static uint16_t ack(void)
{
    uint8_t o[2] = { 0x1A, 0xA1 }, i[2];
    xfer(o, i, 2);
    return (uint16_t)(i[0] << 8 | i[1]);
}

static uint32_t long_ack(void)
{
    uint8_t o[8] = { 0x1A, 0xA1, 0x18, 0xE1, 0x18, 0xE1, 0x18, 0xE1 }, i[8];
    xfer(o, i, 8);
    ck_assert_uint_eq(i[0] << 8 | i[1], MT_ACK_OK);
    return (uint32_t)i[2] << 8 | i[3] | (uint32_t)i[4] << 24 | (uint32_t)i[5] << 16;
}

static void put_mid(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
    p[2] = (uint8_t)(v >> 24);
    p[3] = (uint8_t)(v >> 16);
}

static void read_reg_cmd(uint32_t addr)
{
    uint8_t o[8] = { 0x1C, 0x73 }, i[8];
    put_mid(o + 2, addr);
    unsigned ck = sum(o + 2, 4);
    o[6] = (uint8_t)(ck >> 8);
    o[7] = (uint8_t)ck;
    xfer(o, i, 8);
    for (int k = 0; k < 8; k++) ck_assert_uint_eq(i[k], 0);
}

static void write_reg_cmd(uint32_t addr, uint32_t val, uint32_t mask, bool corrupt)
{
    uint8_t o[16] = { 0x1E, 0x33 };
    put_mid(o + 2, addr);
    put_mid(o + 6, mask);
    put_mid(o + 10, val);
    unsigned ck = sum(o + 2, 12) + (corrupt ? 1 : 0);
    o[14] = (uint8_t)(ck >> 8);
    o[15] = (uint8_t)ck;
    xfer(o, NULL, 16);
}

/* openiBoot's data packet layout (sheet 7.3), written from the description. */
static size_t data_packet(uint8_t *p, uint32_t addr, const uint8_t *data, size_t len)
{
    p[0] = 0x30;
    p[1] = 0x01;
    p[2] = (uint8_t)((len >> 2) >> 10);
    p[3] = (uint8_t)(len >> 2);
    put_mid(p + 4, addr);
    unsigned ck = sum(p + 2, 6);
    p[8] = (uint8_t)(ck >> 8);
    p[9] = (uint8_t)ck;
    for (size_t k = 0; k < len; k += 2) {
        p[10 + k] = data[k + 1];
        p[11 + k] = data[k];
    }
    put_mid(p + 10 + len, sum(p + 10, len));
    return len + 14;
}

static void execute_cmd(void)
{
    uint8_t o[12] = { 0x1D, 0x53, 0x18, 0x00, 0x10, 0x00, 0x00, 0x01, 0x00, 0x00 };
    unsigned ck = sum(o + 2, 8);
    o[10] = (uint8_t)(ck >> 8);
    o[11] = (uint8_t)ck;
    xfer(o, NULL, 12);
}

static void app16(uint8_t cmd, uint8_t b1, uint8_t b2, uint8_t *rx)
{
    uint8_t o[16] = { cmd, b1, b2 };
    unsigned ck = sum(o, 14);
    o[14] = (uint8_t)ck;
    o[15] = (uint8_t)(ck >> 8);
    xfer(o, rx, 16);
}

static void check16(const uint8_t *rx, uint8_t cmd)
{
    ck_assert_uint_eq(rx[0], cmd);
    ck_assert_uint_eq(rx[14] | rx[15] << 8, sum(rx, 14));
}

static void to_app(void)
{
    execute_cmd();
    uint8_t rx[16];
    app16(MT_CMD_IFACE_VERSION, 0, 0, rx);
    check16(rx, MT_CMD_IFACE_VERSION);
}

/* Reads the frame as openiBoot does; returns L (0 = none); data copied to buf. */
static unsigned read_frame(uint8_t *buf)
{
    uint8_t rx[16];
    app16(MT_CMD_FRAME_READ_FLIP, 1, 0, rx);
    ck_assert_uint_eq(rx[0], 0xEA);
    ck_assert_uint_eq(rx[14] | rx[15] << 8, sum(rx, 14));
    unsigned l = rx[1] | rx[2] << 8;
    if (!l) return 0;
    uint8_t o[256] = { 0xEB, 1, 1 }, in[256];
    xfer(o, in, l + 5);
    ck_assert_uint_eq(in[0], 0xEA);
    ck_assert_uint_eq(sum(in, 5) & 0xFF, 0);
    ck_assert_uint_eq(in[2] | in[3] << 8, l);
    ck_assert_uint_eq(in[l + 3] | in[l + 4] << 8, sum(in + 5, l - 2));
    memcpy(buf, in + 5, l - 2);
    return l;
}

static int16_t s16(const uint8_t *p) { return (int16_t)(p[0] | p[1] << 8); }

/* Independent statement of the documented mapping (doc: Coordinates). */
static int sx(double px) { return (int)lround(-75 + (px + 0.5) / 320.0 * 4732.0); }
static int sy(double py) { return (int)lround(-75 + (1 - (py + 0.5) / 480.0) * 7350.0 - 123.5); }
static int vel(int d) { return (int)lround(d * 533e6 * 8 / (100.0 * (double)clk_cycles(1, 60))); }

START_TEST(test_mt_cs_framing)
{
    const SpiTarget *t = mt_spi_target(m);
    ck_assert_uint_eq(t->exchange(t->opaque, 0x1A, 8), 0xFF); /* not selected */
    ck_assert_uint_eq(t->exchange(t->opaque, 0x1A1A, 16), 0xFFFF);
    /* A frame cut after one byte: the next frame starts a new packet. */
    uint8_t o1[1] = { 0x1C };
    xfer(o1, NULL, 1);
    uint8_t o[4] = { 0x18, 0xE1, 0x1A, 0xA1 }, i[4];
    xfer(o, i, 4); /* filler then ACK in one frame */
    ck_assert_uint_eq(i[0], 0x18);
    ck_assert_uint_eq(i[1], 0xE1);
    ck_assert_uint_eq(i[2], 0x4B);
    ck_assert_uint_eq(i[3], 0xC1);
    /* 16-bit words are exchanged as two bytes, most significant first. */
    mt_chip_select(m, 0, false);
    ck_assert_uint_eq(t->exchange(t->opaque, 0x1AA1, 16), 0x4BC1);
    mt_chip_select(m, 0, true);
    ck_assert(ATN);
}
END_TEST

START_TEST(test_mt_boot_handshake_atn_timing)
{
    ck_assert(ATN); /* idle high */
    read_reg_cmd(MT_VERSION_REG);
    uint64_t t0 = now(), d = clk_cycles_from_us(MT_ATN_US);
    ck_assert_uint_eq(d, 53300);
    sched_advance_to(T.env.sched, t0 + d - 1);
    ck_assert(ATN);
    sched_advance_to(T.env.sched, t0 + d);
    ck_assert(!ATN);
    ck_assert_uint_eq(T.probe.last_change[0], t0 + d);
    ck_assert_uint_eq(long_ack(), MT_VERSION_VALUE);
    ck_assert(ATN);
    /* Masked register write: ACK 4A D1, value merged under the mask. */
    write_reg_cmd(0x10001C04, 0x16E4, 0x1FFF, false);
    advance(d);
    ck_assert(!ATN);
    ck_assert_uint_eq(ack(), MT_ACK_REG_WRITTEN);
    write_reg_cmd(0x10001C04, 0xFFFFFFFF, 0xF0000000, false);
    advance(d);
    ck_assert_uint_eq(ack(), MT_ACK_REG_WRITTEN);
    read_reg_cmd(0x10001C04);
    advance(d);
    ck_assert_uint_eq(long_ack(), 0xF00016E4u);
    write_reg_cmd(0x1000300C, 5, 0x85, true);
    advance(d);
    ck_assert_uint_eq(ack(), MT_ACK_NAK);
    /* Calibration: ATN after exactly 65 ms. */
    uint8_t c[2] = { 0x1F, 0x01 }, ci[2];
    xfer(c, ci, 2);
    ck_assert_uint_eq(ci[0], 0x1F);
    t0 = now();
    uint64_t dc = clk_cycles_from_us(MT_CALIBRATE_MS * 1000);
    sched_advance_to(T.env.sched, t0 + dc - 1);
    ck_assert(ATN);
    sched_advance_to(T.env.sched, t0 + dc);
    ck_assert(!ATN);
    ck_assert_uint_eq(ack(), MT_ACK_OK);
    ck_assert(ATN);
}
END_TEST

START_TEST(test_mt_upload_checksums)
{
    uint8_t data[0x3F0], pkt[2 + 0x3F0 + 14 + 64];
    for (unsigned k = 0; k < sizeof data; k++) data[k] = (uint8_t)(k * 7 + 3);
    uint64_t d = clk_cycles_from_us(MT_ATN_US);
    /* Good: 18 E1 + packet, as openiBoot sends calibration chunks. */
    pkt[0] = 0x18;
    pkt[1] = 0xE1;
    size_t n = 2 + data_packet(pkt + 2, 0x400200, data, sizeof data);
    ck_assert_uint_eq(n, sizeof data + 0x10);
    uint8_t rx[sizeof pkt];
    xfer(pkt, rx, n);
    ck_assert_uint_eq(rx[0], 0x18);
    ck_assert_uint_eq(rx[1], 0xE1);
    for (size_t k = 2; k < n; k++) ck_assert_uint_eq(rx[k], 0);
    advance(d - 1);
    ck_assert(ATN);
    advance(1);
    ck_assert(!ATN);
    ck_assert_uint_eq(ack(), MT_ACK_OK);
    /* Bad payload checksum: NAK, and ATN all the same. */
    pkt[2 + 10 + 5] ^= 0x40;
    xfer(pkt, NULL, n);
    advance(d);
    ck_assert(!ATN);
    ck_assert_uint_eq(ack(), MT_ACK_NAK);
    /* The driver retries: good again. */
    pkt[2 + 10 + 5] ^= 0x40;
    xfer(pkt, NULL, n);
    advance(d);
    ck_assert_uint_eq(ack(), MT_ACK_OK);
    /* Bad header checksum. */
    pkt[2 + 9] ^= 1;
    xfer(pkt, NULL, n);
    advance(d);
    ck_assert(!ATN);
    ck_assert_uint_eq(ack(), MT_ACK_NAK);
    pkt[2 + 9] ^= 1;
    /* A stream of two packets: OK only if both are good. */
    uint8_t stream[2 * (64 + 14)];
    size_t a = data_packet(stream, 0x1000, data, 64);
    size_t b = data_packet(stream + a, 0x1040, data + 64, 64);
    xfer(stream, NULL, a + b);
    advance(d);
    ck_assert_uint_eq(ack(), MT_ACK_OK);
    stream[a - 1] ^= 1; /* first packet's trailer */
    xfer(stream, NULL, a + b);
    advance(d);
    ck_assert_uint_eq(ack(), MT_ACK_NAK);
    /* A packet cut short by chip select: NAK. */
    xfer(pkt, NULL, n - 3);
    advance(d);
    ck_assert_uint_eq(ack(), MT_ACK_NAK);
}
END_TEST

START_TEST(test_mt_info_queries)
{
    uint8_t rx[16];
    app16(MT_CMD_IFACE_VERSION, 0, 0, rx); /* before execute: not understood */
    ck_assert_uint_eq(rx[0], 0);
    to_app();
    app16(MT_CMD_IFACE_VERSION, 0, 0, rx);
    check16(rx, 0xE2);
    ck_assert_uint_eq(rx[2], 1);
    ck_assert_uint_eq(rx[3] | rx[4] << 8, 660);
    app16(MT_CMD_STATUS, 0, 0, rx);
    check16(rx, 0xE1);
    static const struct { uint8_t id, len; } rep[] = {
        { 0x70, 1 }, { 0xD1, 1 }, { 0xD3, 5 }, { 0xD0, 1 }, { 0xA1, 1 }, { 0xD9, 8 },
    };
    for (unsigned k = 0; k < 6; k++) {
        app16(MT_CMD_REPORT_INFO, rep[k].id, 0, rx);
        check16(rx, 0xE3);
        ck_assert_uint_eq(rx[2], 0);
        ck_assert_uint_eq(rx[3] | rx[4] << 8, rep[k].len);
    }
    app16(MT_CMD_SHORT_READ, 0xD1, 1, rx);
    check16(rx, 0xE6);
    ck_assert_uint_eq(rx[3], 81);
    app16(MT_CMD_SHORT_READ, 0xD3, 1, rx);
    check16(rx, 0xE6);
    ck_assert_uint_eq(rx[3], 1);
    ck_assert_uint_eq(rx[4], 15);
    ck_assert_uint_eq(rx[5], 10);
    ck_assert_uint_eq(rx[6] | rx[7] << 8, 51);
    app16(MT_CMD_SHORT_READ, 0xD9, 1, rx);
    check16(rx, 0xE6);
    ck_assert_uint_eq(rx[3] | rx[4] << 8 | rx[5] << 16 | (uint32_t)rx[6] << 24, 5000);
    ck_assert_uint_eq(rx[7] | rx[8] << 8 | rx[9] << 16 | (uint32_t)rx[10] << 24, 7500);
    /* Long control read: data at 3, LE sum of bytes 0..size+2 after it. */
    uint8_t o[13] = { MT_CMD_LONG_READ, 0xD9, 1, 8, 0 }, in[13];
    xfer(o, in, 13);
    ck_assert_uint_eq(in[0], 0xE7);
    ck_assert_uint_eq(in[3] | in[4] << 8, 5000);
    ck_assert_uint_eq(in[11] | in[12] << 8, sum(in, 11));
    /* No frame: length 0, ATN untouched. */
    uint8_t buf[200];
    ck_assert_uint_eq(read_frame(buf), 0);
    ck_assert(ATN);
    /* A 1A ACK means the driver bootloads again: E2 is not understood. */
    ack();
    app16(MT_CMD_IFACE_VERSION, 0, 0, rx);
    ck_assert_uint_eq(rx[0], 0);
}
END_TEST

START_TEST(test_mt_tap_frames)
{
    to_app();
    MtFinger f = { true, 100, 200 };
    uint64_t t0 = now(), p = period();
    mt_set_fingers(m, &f, 1);
    sched_advance_to(T.env.sched, t0 + p - 1);
    ck_assert(ATN);
    sched_advance_to(T.env.sched, t0 + p);
    ck_assert(!ATN);
    uint8_t d[200];
    ck_assert_uint_eq(read_frame(d), 24 + 28 + 2);
    ck_assert(ATN);
    ck_assert_uint_eq(d[0], 0x44);
    ck_assert_uint_eq(d[1], 0); /* frame number */
    ck_assert_uint_eq(d[2], 24);
    ck_assert_uint_eq(d[4] | d[5] << 8 | d[6] << 16 | (uint32_t)d[7] << 24, clk_ticks(t0 + p, 1000));
    ck_assert_uint_eq(d[16], 1);
    ck_assert_uint_eq(d[17], 28);
    const uint8_t *r = d + 24;
    ck_assert_uint_eq(r[0], 1);
    ck_assert_uint_eq(r[1], MT_EV_START);
    ck_assert_int_eq(s16(r + 4), 1411);
    ck_assert_int_eq(s16(r + 6), 4081);
    ck_assert_int_eq(sx(100), 1411);
    ck_assert_int_eq(sy(200), 4081);
    ck_assert_int_eq(s16(r + 8), 0);
    ck_assert_int_eq(s16(r + 12), 660);
    ck_assert_int_eq(s16(r + 14), 580);
    ck_assert_int_eq(s16(r + 16), 19317);
    ck_assert_int_eq(s16(r + 18), 100);
    ck_assert_int_eq(s16(r + 20), 150);
    /* Up: one "ended" frame at the next scan, zero ellipse. */
    f.down = false;
    mt_set_fingers(m, &f, 1);
    sched_advance_to(T.env.sched, t0 + 2 * p);
    ck_assert(!ATN);
    ck_assert_uint_eq(read_frame(d), 54);
    ck_assert_uint_eq(d[1], 1);
    ck_assert_uint_eq(r[1], MT_EV_ENDED);
    ck_assert_int_eq(s16(r + 4), 1411);
    ck_assert_int_eq(s16(r + 12), 0);
    ck_assert_int_eq(s16(r + 20), 0);
    /* Full end 100 ms later, then silence. */
    uint64_t fe = t0 + 2 * p + clk_cycles_from_us(100000);
    sched_advance_to(T.env.sched, fe - 1);
    ck_assert(ATN);
    sched_advance_to(T.env.sched, fe);
    ck_assert(!ATN);
    ck_assert_uint_eq(read_frame(d), 54);
    ck_assert_uint_eq(d[1], 2);
    ck_assert_uint_eq(r[1], MT_EV_FULL_END);
    ck_assert(!sched_pending(T.env.sched, EV_MULTITOUCH));
    advance(10 * p);
    ck_assert(ATN);
    ck_assert_uint_eq(read_frame(d), 0);
}
END_TEST

START_TEST(test_mt_quick_tap_latched)
{
    to_app();
    MtFinger f = { true, 10, 10 };
    mt_set_fingers(m, &f, 1);
    f.down = false;
    mt_set_fingers(m, &f, 1);
    advance(period());
    uint8_t d[200];
    ck_assert_uint_eq(read_frame(d), 54);
    ck_assert_uint_eq(d[24 + 1], MT_EV_START);
    advance(period());
    ck_assert_uint_eq(read_frame(d), 54);
    ck_assert_uint_eq(d[24 + 1], MT_EV_ENDED);
}
END_TEST

START_TEST(test_mt_pinch_two_fingers)
{
    to_app();
    uint64_t p = period();
    MtFinger f[2] = { { true, 120, 200 }, { true, 200, 280 } };
    mt_set_fingers(m, f, 2);
    advance(p);
    uint8_t d[300];
    ck_assert_uint_eq(read_frame(d), 24 + 2 * 28 + 2);
    ck_assert_uint_eq(d[16], 2);
    ck_assert_uint_eq(d[24 + 0], 1);
    ck_assert_uint_eq(d[24 + 28 + 0], 2);
    ck_assert_uint_eq(d[24 + 28 + 1], MT_EV_START);
    ck_assert_int_eq(s16(d + 24 + 28 + 4), sx(200));
    ck_assert_int_eq(s16(d + 24 + 28 + 6), sy(280));
    /* Spread: finger 1 moves up-left, finger 2 down-right, one frame apart. */
    for (int step = 1; step <= 3; step++) {
        f[0].x = 120.0f - 10 * step;
        f[0].y = 200.0f - 10 * step;
        f[1].x = 200.0f + 10 * step;
        f[1].y = 280.0f + 10 * step;
        mt_set_fingers(m, f, 2);
        advance(p);
        ck_assert(!ATN);
        ck_assert_uint_eq(read_frame(d), 24 + 2 * 28 + 2);
        ck_assert_uint_eq(d[1], step);
        const uint8_t *a = d + 24, *b = d + 52;
        ck_assert_uint_eq(a[1], MT_EV_MOVED);
        ck_assert_uint_eq(b[1], MT_EV_MOVED);
        int ax = sx(f[0].x), ay = sy(f[0].y), pax = sx(f[0].x + 10), pay = sy(f[0].y + 10);
        int bx = sx(f[1].x), by = sy(f[1].y), pbx = sx(f[1].x - 10), pby = sy(f[1].y - 10);
        ck_assert_int_eq(s16(a + 4), ax);
        ck_assert_int_eq(s16(a + 6), ay);
        ck_assert_int_eq(s16(b + 4), bx);
        ck_assert_int_eq(s16(b + 6), by);
        ck_assert_int_eq(s16(a + 8), vel(ax - pax));
        ck_assert_int_eq(s16(a + 10), vel(ay - pay));
        ck_assert_int_eq(s16(b + 8), vel(bx - pbx));
        ck_assert_int_eq(s16(b + 10), vel(by - pby));
        ck_assert_int_lt(s16(a + 8), -700); /* 10 px = 1.48 mm in 16.7 ms: ~ -710 */
        ck_assert_int_gt(s16(b + 8), 700);
        ck_assert_int_gt(s16(a + 10), 0); /* up on screen = +y on the sensor */
    }
    /* Both lift: one frame with two "ended" records. */
    f[0].down = f[1].down = false;
    mt_set_fingers(m, f, 2);
    advance(p);
    ck_assert_uint_eq(read_frame(d), 24 + 2 * 28 + 2);
    ck_assert_uint_eq(d[24 + 1], MT_EV_ENDED);
    ck_assert_uint_eq(d[52 + 1], MT_EV_ENDED);
}
END_TEST

START_TEST(test_mt_no_frames_before_e2_and_unread_kept)
{
    MtFinger f = { true, 50, 50 };
    mt_set_fingers(m, &f, 1);
    advance(5 * period());
    ck_assert(ATN); /* bootloader: no frames */
    to_app();       /* E2: the finger already down is reported */
    advance(period());
    ck_assert(!ATN);
    /* Not read: later scans do not overwrite the start frame. */
    f.x = 60;
    mt_set_fingers(m, &f, 1);
    advance(3 * period());
    uint8_t d[200];
    ck_assert_uint_eq(read_frame(d), 54);
    ck_assert_uint_eq(d[1], 0);
    ck_assert_uint_eq(d[24 + 1], MT_EV_START);
    ck_assert_int_eq(s16(d + 24 + 4), sx(50));
    advance(period());
    ck_assert_uint_eq(read_frame(d), 54);
    ck_assert_uint_eq(d[24 + 1], MT_EV_MOVED);
    ck_assert_int_eq(s16(d + 24 + 4), sx(60));
}
END_TEST

/* An unread frame: ATN is pulsed (high, then low again) every 100 ms, so
 * an edge-triggered driver that missed the first edge still gets one. */
START_TEST(test_mt_unread_frame_repulses_atn)
{
    to_app();
    MtFinger f = { true, 10, 10 };
    mt_set_fingers(m, &f, 1);
    advance(period());
    ck_assert(!ATN);
    unsigned rises = T.probe.rises[0];
    advance(clk_cycles_from_us(100000) - 2);
    ck_assert_uint_eq(T.probe.rises[0], rises);
    advance(4);
    ck_assert(!ATN);                              /* low again after the pulse */
    ck_assert_uint_eq(T.probe.rises[0], rises + 1);
    advance(clk_cycles_from_us(100000));
    ck_assert_uint_eq(T.probe.rises[0], rises + 2);
    /* Read it: no more pulses for that frame. */
    uint8_t d[200];
    ck_assert_uint_eq(read_frame(d), 54);
    ck_assert(ATN);
    f.down = false;
    mt_set_fingers(m, &f, 1);
    advance(period());
    ck_assert(!ATN); /* the ended frame */
    ck_assert_uint_eq(read_frame(d), 54);
    unsigned after = T.probe.rises[0];
    advance(clk_cycles_from_us(99000));
    ck_assert_uint_eq(T.probe.rises[0], after); /* read in time: no pulse */
}
END_TEST

START_TEST(test_mt_reset_line_back_to_bootloader)
{
    mt_reset_line(m, 0, true); /* level at connect: not a reset */
    mt_reset(m);               /* a machine reset keeps the wire's level */
    to_app();
    MtFinger f = { true, 100, 200 };
    mt_set_fingers(m, &f, 1);
    advance(period());
    ck_assert(!ATN); /* a start frame waits */
    mt_reset_line(m, 0, false);
    ck_assert(ATN); /* the pending frame is gone with the firmware */
    advance(5 * period());
    ck_assert(ATN); /* bootloader again: no frames while the finger stays down */
    mt_reset_line(m, 0, true);
    ck_assert_uint_eq(ack(), MT_ACK_OK);
    ck_assert_uint_eq(long_ack(), 0);
    /* The driver bootloads again; the finger still down is reported. */
    to_app();
    advance(period());
    ck_assert(!ATN);
    uint8_t d[200];
    ck_assert_uint_eq(read_frame(d), 54);
    ck_assert_uint_eq(d[1], 0); /* frame counter restarted */
    ck_assert_uint_eq(d[24 + 1], MT_EV_START);
    ck_assert_int_eq(s16(d + 24 + 4), sx(100));
    /* The same level again is no change. */
    mt_reset_line(m, 0, true);
    f.x = 120;
    mt_set_fingers(m, &f, 1);
    advance(period());
    ck_assert_uint_eq(read_frame(d), 54);
    ck_assert_uint_eq(d[24 + 1], MT_EV_MOVED);
}
END_TEST

START_TEST(test_mt_state_round_trip)
{
    /* Saved in the middle of a transaction with an ATN pending. */
    write_reg_cmd(0x10001C08, 0x840000, 0xFF0000, false);
    advance(clk_cycles_from_us(10));
    uint8_t data[64], pkt[64 + 14];
    for (unsigned k = 0; k < sizeof data; k++) data[k] = (uint8_t)(k ^ 0x5A);
    size_t n = data_packet(pkt, 0x400180, data, sizeof data);
    const SpiTarget *t = mt_spi_target(m);
    mt_chip_select(m, 0, false);
    for (size_t k = 0; k < 30; k++) t->exchange(t->opaque, pkt[k], 8);

    StateIO *sv = state_create_save();
    sched_state(T.env.sched, sv);
    mt_state(m, sv);
    ck_assert_ptr_null(state_error(sv));
    size_t len;
    const void *st = state_data(sv, &len);
    DevTestEnv T2;
    devtest_init(&T2);
    MtDev *m2 = mt_create(&T2.env);
    mt_connect_atn(m2, irq_probe_line(&T2.probe, 0));
    StateIO *ld = state_create_load(st, len);
    sched_state(T2.env.sched, ld);
    mt_state(m2, ld);
    ck_assert_ptr_null(state_error(ld));
    ck_assert_uint_eq(sched_now(T2.env.sched), now());
    ck_assert(T2.probe.level[0]);

    /* The ATN of the register write fires at the same cycle in both. */
    uint64_t t1 = now() + clk_cycles_from_us(MT_ATN_US);
    sched_advance_to(T.env.sched, t1);
    sched_advance_to(T2.env.sched, t1);
    ck_assert(!T.probe.level[0]);
    ck_assert(!T2.probe.level[0]);
    ck_assert_uint_eq(T.probe.last_change[0], T2.probe.last_change[0]);
    /* The rest of the packet completes the upload in both. */
    const SpiTarget *t2 = mt_spi_target(m2);
    for (size_t k = 30; k < n; k++) {
        uint32_t a = t->exchange(t->opaque, pkt[k], 8), b = t2->exchange(t2->opaque, pkt[k], 8);
        ck_assert_uint_eq(a, b);
    }
    mt_chip_select(m, 0, true);
    mt_chip_select(m2, 0, true);
    uint64_t t2t = now() + clk_cycles_from_us(MT_ATN_US);
    sched_advance_to(T.env.sched, t2t);
    sched_advance_to(T2.env.sched, t2t);
    ck_assert_uint_eq(ack(), MT_ACK_OK);
    uint8_t o[2] = { 0x1A, 0xA1 }, i2[2];
    xfer_on(m2, o, i2, 2);
    ck_assert_uint_eq(i2[0] << 8 | i2[1], MT_ACK_OK);
    /* The written register survived. */
    read_reg_cmd(0x10001C08);
    advance(clk_cycles_from_us(MT_ATN_US));
    ck_assert_uint_eq(long_ack(), 0x840000u);
    MtDev *save = m;
    m = m2;
    read_reg_cmd(0x10001C08);
    m = save;
    sched_advance_to(T2.env.sched, now());
    uint8_t lo[8] = { 0x1A, 0xA1, 0x18, 0xE1, 0x18, 0xE1, 0x18, 0xE1 }, li[8];
    xfer_on(m2, lo, li, 8);
    ck_assert_uint_eq((uint32_t)li[2] << 8 | li[3] | (uint32_t)li[4] << 24 | (uint32_t)li[5] << 16, 0x840000u);
    state_destroy(sv);
    state_destroy(ld);
    mt_destroy(m2);
    devtest_free(&T2);
}
END_TEST

START_TEST(test_mt_state_round_trip_frames)
{
    to_app();
    MtFinger f = { true, 30, 40 };
    mt_set_fingers(m, &f, 1);
    advance(period());
    f.x = 35;
    mt_set_fingers(m, &f, 1);
    StateIO *sv = state_create_save();
    sched_state(T.env.sched, sv);
    mt_state(m, sv);
    size_t len;
    const void *data = state_data(sv, &len);
    DevTestEnv T2;
    devtest_init(&T2);
    MtDev *m2 = mt_create(&T2.env);
    mt_connect_atn(m2, irq_probe_line(&T2.probe, 0));
    StateIO *ld = state_create_load(data, len);
    sched_state(T2.env.sched, ld);
    mt_state(m2, ld);
    ck_assert_ptr_null(state_error(ld));
    ck_assert(!T2.probe.level[0]); /* the pending frame's ATN is restored */

    uint8_t d1[200], d2[200];
    for (int k = 0; k < 3; k++) {
        MtDev *save = m;
        ck_assert_uint_eq(read_frame(d1), 54);
        m = m2;
        ck_assert_uint_eq(read_frame(d2), 54);
        m = save;
        ck_assert_mem_eq(d1, d2, 52);
        uint64_t t = now() + period();
        sched_advance_to(T.env.sched, t);
        sched_advance_to(T2.env.sched, t);
        ck_assert_int_eq(T.probe.level[0], T2.probe.level[0]);
    }
    state_destroy(sv);
    state_destroy(ld);
    mt_destroy(m2);
    devtest_free(&T2);
}
END_TEST

Suite *multitouch_suite(void)
{
    Suite *s = suite_create("multitouch");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_mt_cs_framing);
    tcase_add_test(tc, test_mt_boot_handshake_atn_timing);
    tcase_add_test(tc, test_mt_upload_checksums);
    tcase_add_test(tc, test_mt_info_queries);
    tcase_add_test(tc, test_mt_tap_frames);
    tcase_add_test(tc, test_mt_quick_tap_latched);
    tcase_add_test(tc, test_mt_pinch_two_fingers);
    tcase_add_test(tc, test_mt_no_frames_before_e2_and_unread_kept);
    tcase_add_test(tc, test_mt_unread_frame_repulses_atn);
    tcase_add_test(tc, test_mt_reset_line_back_to_bootloader);
    tcase_add_test(tc, test_mt_state_round_trip);
    tcase_add_test(tc, test_mt_state_round_trip_frames);
    suite_add_tcase(s, tc);
    return s;
}
