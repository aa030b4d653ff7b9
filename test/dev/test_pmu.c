/* The D1759 PMU model behind its I2C target interface: the register pointer
 * auto-increments (and wraps) across writes and reads, the RTC counts
 * scheduler seconds from the creation base and is latched at the START of a
 * read so a 4-byte burst is consistent, RTC writes move the counter, the ADC
 * done flag appears only after the conversion time and clears on read, the
 * result encoding of ADCOUT1/2, USB presence, GOSTBY pulsing the power-off
 * line, the backlight accessor, GPMEM defaults, and a state round trip.
 * Driven directly through the I2cTarget callbacks (the I2C controller
 * suite covers the bus itself). */
#include <check.h>
#include <stdlib.h>

#include "dev/pmu.h"
#include "soc/clocks.h"
#include "soc/state.h"
#include "test/dev/devtest.h"

enum { PPOWER = 7 };
#define BASE 1234567890ull

typedef struct PmuFix {
    DevTestEnv t;
    PmuDev *p;
    const I2cTarget *it;
} PmuFix;

static void fix_init(PmuFix *f, bool usb)
{
    devtest_init(&f->t);
    PmuConfig cfg = { .rtc_base = BASE, .usb_power = usb };
    f->p = pmu_create(&f->t.env, &cfg);
    pmu_connect_poweroff(f->p, irq_probe_line(&f->t.probe, PPOWER));
    f->it = pmu_i2c_target(f->p);
}

static void fix_free(PmuFix *f)
{
    pmu_destroy(f->p);
    devtest_free(&f->t);
}

/* One write transaction: pointer, then data bytes. */
static void pwrite(PmuFix *f, uint8_t reg, const uint8_t *d, unsigned n)
{
    ck_assert(f->it->start(f->it->opaque, false));
    ck_assert(f->it->write_byte(f->it->opaque, reg));
    for (unsigned k = 0; k < n; k++)
        ck_assert(f->it->write_byte(f->it->opaque, d[k]));
    f->it->stop(f->it->opaque);
}

/* Write the pointer, repeated START, read n bytes. */
static void pread(PmuFix *f, uint8_t reg, uint8_t *out, unsigned n)
{
    ck_assert(f->it->start(f->it->opaque, false));
    ck_assert(f->it->write_byte(f->it->opaque, reg));
    ck_assert(f->it->start(f->it->opaque, true));
    for (unsigned k = 0; k < n; k++)
        out[k] = f->it->read_byte(f->it->opaque, k + 1 < n);
    f->it->stop(f->it->opaque);
}

static uint8_t get(PmuFix *f, uint8_t reg)
{
    uint8_t v;
    pread(f, reg, &v, 1);
    return v;
}

static void put(PmuFix *f, uint8_t reg, uint8_t v) { pwrite(f, reg, &v, 1); }

static uint32_t rtc(PmuFix *f)
{
    uint8_t b[4];
    pread(f, PMU_RTC0, b, 4);
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

START_TEST(test_pmu_pointer_auto_increment)
{
    PmuFix f;
    fix_init(&f, false);
    static const uint8_t d[] = { 0x11, 0x22, 0x33, 0x44 };
    pwrite(&f, 0x70, d, 4);
    uint8_t out[6];
    pread(&f, 0x6F, out, 6);
    ck_assert_uint_eq(out[0], 0);
    ck_assert_uint_eq(out[1], 0x11);
    ck_assert_uint_eq(out[2], 0x22);
    ck_assert_uint_eq(out[3], 0x33);
    ck_assert_uint_eq(out[4], 0x44);
    ck_assert_uint_eq(out[5], 0);
    /* A read continues from where the previous one stopped. */
    ck_assert(f.it->start(f.it->opaque, true));
    ck_assert_uint_eq(f.it->read_byte(f.it->opaque, false), 0); /* 0x75 */
    f.it->stop(f.it->opaque);
    pread(&f, 0x71, out, 1);
    ck_assert_uint_eq(out[0], 0x22);
    /* The pointer wraps 0xFF -> 0x00. */
    static const uint8_t w[] = { 0xAA, 0xBB };
    pwrite(&f, 0xFF, w, 2);
    ck_assert_uint_eq(get(&f, 0xFF), 0xAA);
    ck_assert_uint_eq(get(&f, 0x00), 0xBB);
    fix_free(&f);
}
END_TEST

START_TEST(test_pmu_defaults_and_status)
{
    PmuFix f;
    fix_init(&f, false);
    uint8_t v[2];
    pread(&f, PMU_VOLTAGE_LO, v, 2);
    ck_assert_uint_eq(v[1] << 8 | v[0], PMU_BATTERY_MV);
    ck_assert_uint_eq(get(&f, PMU_BOOTFLAG), 0);
    ck_assert_uint_eq(get(&f, PMU_STATUS_A), 0);
    ck_assert_uint_eq(get(&f, PMU_STATUS_FW), 0);
    ck_assert_uint_eq(get(&f, PMU_MBCS1), 1);
    ck_assert_uint_eq(get(&f, PMU_ADCC1), 3);
    /* Fixed registers ignore writes; plugging USB shows in STATUS_A. */
    put(&f, PMU_MBCS1, 0x55);
    ck_assert_uint_eq(get(&f, PMU_MBCS1), 1);
    pmu_set_usb_power(f.p, true);
    ck_assert_uint_eq(get(&f, PMU_STATUS_A), PMU_STATUS_A_USB);
    fix_free(&f);
    fix_init(&f, true);
    ck_assert_uint_eq(get(&f, PMU_STATUS_A), PMU_STATUS_A_USB);
    fix_free(&f);
}
END_TEST

START_TEST(test_pmu_rtc_follows_scheduler_time)
{
    PmuFix f;
    fix_init(&f, false);
    Scheduler *s = f.t.env.sched;
    ck_assert_uint_eq(rtc(&f), (uint32_t)BASE);
    sched_advance_to(s, CPU_HZ - 1);
    ck_assert_uint_eq(rtc(&f), (uint32_t)BASE);
    sched_advance_to(s, CPU_HZ);
    ck_assert_uint_eq(rtc(&f), (uint32_t)BASE + 1);
    /* Latched at the read START: a second boundary crossed during the burst
     * does not tear the value.  BASE + 45 = 0x499602FF; one second later the
     * carry changes byte 1 too (0x49960300). */
    sched_advance_to(s, 46 * CPU_HZ - 1);
    ck_assert(f.it->start(f.it->opaque, false));
    f.it->write_byte(f.it->opaque, PMU_RTC0);
    ck_assert(f.it->start(f.it->opaque, true));
    uint8_t b0 = f.it->read_byte(f.it->opaque, true);
    sched_advance_to(s, 46 * CPU_HZ);
    uint8_t b1 = f.it->read_byte(f.it->opaque, true);
    uint8_t b2 = f.it->read_byte(f.it->opaque, true);
    uint8_t b3 = f.it->read_byte(f.it->opaque, false);
    f.it->stop(f.it->opaque);
    uint32_t v = (uint32_t)b0 | (uint32_t)b1 << 8 | (uint32_t)b2 << 16 | (uint32_t)b3 << 24;
    ck_assert_uint_eq(v, 0x499602FFu);
    ck_assert_uint_eq(rtc(&f), 0x49960300u);
    sched_advance_to(s, 100 * CPU_HZ + 5);
    ck_assert_uint_eq(rtc(&f), (uint32_t)BASE + 100);
    /* Writing the counter moves it; it keeps counting from there. */
    static const uint8_t set[] = { 0x00, 0x00, 0x00, 0x50 };
    pwrite(&f, PMU_RTC0, set, 4);
    ck_assert_uint_eq(rtc(&f), 0x50000000u);
    sched_advance_to(s, 102 * CPU_HZ);
    ck_assert_uint_eq(rtc(&f), 0x50000002u);
    fix_free(&f);
}
END_TEST

START_TEST(test_pmu_adc_done_after_conversion)
{
    PmuFix f;
    fix_init(&f, false);
    Scheduler *s = f.t.env.sched;
    uint64_t conv = clk_cycles_from_us(PMU_ADC_CONV_US);
    sched_advance_to(s, 1000);
    get(&f, PMU_ADCSTS); /* openiBoot clears the done bit first */
    put(&f, PMU_ADCCON, 0 | PMU_ADCCON_START);
    ck_assert_uint_eq(get(&f, PMU_ADCSTS) & PMU_ADCSTS_DONE, 0);
    sched_advance_to(s, 1000 + conv - 1);
    ck_assert_uint_eq(get(&f, PMU_ADCSTS) & PMU_ADCSTS_DONE, 0);
    sched_advance_to(s, 1000 + conv);
    ck_assert_uint_eq(get(&f, PMU_ADCSTS) & PMU_ADCSTS_DONE, PMU_ADCSTS_DONE);
    ck_assert_uint_eq(get(&f, PMU_ADCSTS) & PMU_ADCSTS_DONE, 0); /* cleared by the read */
    uint8_t out[2];
    pread(&f, PMU_ADCOUT1, out, 2);
    uint32_t code = (uint32_t)out[1] << 2 | (out[0] & 3);
    ck_assert_uint_eq(code, PMU_BATTERY_MV * 1023 / 7200); /* battery / 3 against 2.4 V */
    ck_assert_uint_eq(get(&f, PMU_ADCCON), 0); /* start bit self-clears */
    /* Mux 6 (USB D+/D-) reads below openiBoot's 0xCC charger threshold,
     * unless configured. */
    put(&f, PMU_ADCCON, 6 | PMU_ADCCON_START);
    sched_advance_to(s, 1000 + 3 * conv);
    ck_assert(get(&f, PMU_ADCSTS) & PMU_ADCSTS_DONE);
    pread(&f, PMU_ADCOUT1, out, 2);
    ck_assert_uint_lt((uint32_t)out[1] << 2 | (out[0] & 3), 0xCC);
    pmu_set_adc_input(f.p, 6, 0x2A7);
    put(&f, PMU_ADCCON, 6 | PMU_ADCCON_START);
    sched_advance_to(s, 1000 + 5 * conv);
    pread(&f, PMU_ADCOUT1, out, 2);
    ck_assert_uint_eq((uint32_t)out[1] << 2 | (out[0] & 3), 0x2A7);
    ck_assert_uint_eq(get(&f, PMU_ADCCON), 6);
    fix_free(&f);
}
END_TEST

START_TEST(test_pmu_gostby_power_off)
{
    PmuFix f;
    fix_init(&f, false);
    /* openiBoot's power-off: read 3 bytes from 1, write {7, D1, FF, F0}. */
    uint8_t d[3];
    pread(&f, 1, d, 3);
    static const uint8_t pre[] = { 0xD1, 0xFF, 0xF0 };
    pwrite(&f, 7, pre, 3);
    ck_assert_uint_eq(f.t.probe.rises[PPOWER], 0);
    put(&f, PMU_OOCSHDWN, 0x02);
    ck_assert_uint_eq(f.t.probe.rises[PPOWER], 0); /* other bits do nothing */
    put(&f, PMU_OOCSHDWN, PMU_OOCSHDWN_GOSTBY);
    ck_assert_uint_eq(f.t.probe.rises[PPOWER], 1);
    ck_assert(!f.t.probe.level[PPOWER]); /* a pulse */
    fix_free(&f);
}
END_TEST

START_TEST(test_pmu_scratch_and_backlight_persist)
{
    PmuFix f;
    fix_init(&f, false);
    /* GPMEM / RTC offset: plain RW, no reset op exists, so only the
     * values written are ever seen (pmu_create is the only initialiser). */
    static const uint8_t g[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19 };
    pwrite(&f, PMU_RTC_OFFSET, g, sizeof g);
    uint8_t out[sizeof g];
    pread(&f, PMU_RTC_OFFSET, out, sizeof g);
    for (unsigned k = 0; k < sizeof g; k++)
        ck_assert_uint_eq(out[k], g[k]);
    ck_assert_uint_eq(pmu_backlight_level(f.p), 0);
    put(&f, PMU_BACKLIGHT_LEVEL, 0x80);
    ck_assert_uint_eq(pmu_backlight_level(f.p), 0); /* control bit 0 off */
    put(&f, PMU_BACKLIGHT_CTRL, 0x05);
    ck_assert_uint_eq(pmu_backlight_level(f.p), 0x80);
    ck_assert_uint_eq(get(&f, PMU_BACKLIGHT_CTRL), 0x05);
    fix_free(&f);
}
END_TEST

START_TEST(test_pmu_state_round_trip)
{
    PmuFix a;
    fix_init(&a, true);
    sched_advance_to(a.t.env.sched, 7 * CPU_HZ);
    static const uint8_t g[] = { 0xC0, 0xFF, 0xEE };
    pwrite(&a, PMU_GPMEM0, g, 3);
    put(&a, PMU_BACKLIGHT_LEVEL, 0x40);
    put(&a, PMU_BACKLIGHT_CTRL, 1);
    pmu_set_adc_input(a.p, 7, 0x155);
    put(&a, PMU_ADCCON, 7 | PMU_ADCCON_START); /* conversion in flight */
    /* Leave the pointer at 0x68 for the loaded copy to continue from. */
    ck_assert(a.it->start(a.it->opaque, false));
    a.it->write_byte(a.it->opaque, 0x68);
    a.it->stop(a.it->opaque);

    StateIO *io = state_create_save();
    sched_state(a.t.env.sched, io);
    pmu_state(a.p, io);
    ck_assert_ptr_null(state_error(io));
    size_t len;
    const void *data = state_data(io, &len);
    PmuFix b;
    fix_init(&b, false);
    StateIO *ld = state_create_load(data, len);
    sched_state(b.t.env.sched, ld);
    pmu_state(b.p, ld);
    ck_assert_ptr_null(state_error(ld));
    state_destroy(ld);
    state_destroy(io);

    ck_assert_uint_eq(pmu_backlight_level(b.p), 0x40);
    ck_assert(b.it->start(b.it->opaque, true));
    ck_assert_uint_eq(b.it->read_byte(b.it->opaque, false), 0xFF); /* pointer kept */
    b.it->stop(b.it->opaque);
    ck_assert_uint_eq(get(&b, PMU_STATUS_A), PMU_STATUS_A_USB);
    ck_assert_uint_eq(rtc(&b), (uint32_t)BASE + 7);
    sched_advance_to(b.t.env.sched, 8 * CPU_HZ);
    ck_assert(get(&b, PMU_ADCSTS) & PMU_ADCSTS_DONE);
    uint8_t out[2];
    pread(&b, PMU_ADCOUT1, out, 2);
    ck_assert_uint_eq((uint32_t)out[1] << 2 | (out[0] & 3), 0x155);
    fix_free(&a);
    fix_free(&b);
}
END_TEST

Suite *pmu_suite(void)
{
    Suite *s = suite_create("pmu");
    TCase *tc = tcase_create("pmu");
    tcase_add_test(tc, test_pmu_pointer_auto_increment);
    tcase_add_test(tc, test_pmu_defaults_and_status);
    tcase_add_test(tc, test_pmu_rtc_follows_scheduler_time);
    tcase_add_test(tc, test_pmu_adc_done_after_conversion);
    tcase_add_test(tc, test_pmu_gostby_power_off);
    tcase_add_test(tc, test_pmu_scratch_and_backlight_persist);
    tcase_add_test(tc, test_pmu_state_round_trip);
    suite_add_tcase(s, tc);
    return s;
}
