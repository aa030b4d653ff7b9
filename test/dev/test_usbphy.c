/* S5L8720 USB PHY (dev/usbphy.c): the section-19 registers reset to the
 * documented choices and store what is written; the cable status is
 * read-only and follows usbphy_set_cable; the openiBoot init sequence leaves
 * the values it writes; unknown offsets read 0 once-logged; state round trips. */
#include <check.h>

#include "dev/usbphy.h"
#include "soc/state.h"
#include "test/dev/devtest.h"

static DevTestEnv T;
static UsbPhyDev *u;

static void setup(void)
{
    devtest_init(&T);
    u = usbphy_create(&T.env);
    usbphy_ops.reset(u);
}

static void teardown(void)
{
    usbphy_ops.destroy(u);
    devtest_free(&T);
}

static uint32_t rd(uint32_t off) { return usbphy_ops.read(u, off, 4); }
static void wr(uint32_t off, uint32_t v) { usbphy_ops.write(u, off, v, 4); }

START_TEST(test_usbphy_reset_values)
{
    ck_assert_uint_eq(rd(USBPHY_REG_OPHYPWR), 0x1F);
    ck_assert_uint_eq(rd(USBPHY_REG_OPHYCLK), 0);
    ck_assert_uint_eq(rd(USBPHY_REG_ORSTCON), 1);
    ck_assert_uint_eq(rd(USBPHY_REG_OPHYUNK1), 0);
    ck_assert_uint_eq(rd(USBPHY_REG_OPHYTUNE), 0);
    ck_assert_uint_eq(rd(USBPHY_REG_CABLE), 0);
    ck_assert_uint_eq(rd(USBPHY_REG_OPHYUNK2), 0);
    ck_assert_uint_eq(rd(USBPHY_REG_OPHYCHARGER), 0);
}
END_TEST

START_TEST(test_usbphy_openiboot_init_sequence)
{
    wr(USBPHY_REG_OPHYPWR, 0);
    wr(USBPHY_REG_OPHYUNK1, 6);
    wr(USBPHY_REG_OPHYUNK2, 0xE3F);
    wr(USBPHY_REG_OPHYCLK, (rd(USBPHY_REG_OPHYCLK) & ~3u) | 1);
    wr(USBPHY_REG_ORSTCON, rd(USBPHY_REG_ORSTCON) | 1);
    wr(USBPHY_REG_ORSTCON, rd(USBPHY_REG_ORSTCON) & ~1u);
    wr(USBPHY_REG_OPHYTUNE, 0x12345);
    ck_assert_uint_eq(rd(USBPHY_REG_OPHYPWR), 0);
    ck_assert_uint_eq(rd(USBPHY_REG_OPHYUNK1), 6);
    ck_assert_uint_eq(rd(USBPHY_REG_OPHYUNK2), 0xE3F);
    ck_assert_uint_eq(rd(USBPHY_REG_OPHYCLK), 1);
    ck_assert_uint_eq(rd(USBPHY_REG_ORSTCON), 0);
    ck_assert_uint_eq(rd(USBPHY_REG_OPHYTUNE), 0x12345);
    ck_assert_uint_eq(usbphy_ops.read(u, USBPHY_REG_OPHYUNK2 + 1, 1), 0x0E);
    usbphy_ops.reset(u);
    ck_assert_uint_eq(rd(USBPHY_REG_OPHYPWR), 0x1F);
    ck_assert_uint_eq(rd(USBPHY_REG_OPHYUNK2), 0);
}
END_TEST

START_TEST(test_usbphy_cable_read_only)
{
    unsigned logged = log_count(T.env.log);
    wr(USBPHY_REG_CABLE, 1);
    ck_assert_uint_eq(rd(USBPHY_REG_CABLE), 0);
    ck_assert_uint_eq(log_count(T.env.log), logged + 1);
    usbphy_set_cable(u, true);
    ck_assert_uint_eq(rd(USBPHY_REG_CABLE), 1);
    usbphy_ops.reset(u); /* the cable stays plugged across a reset */
    ck_assert_uint_eq(rd(USBPHY_REG_CABLE), 1);
    usbphy_set_cable(u, false);
    ck_assert_uint_eq(rd(USBPHY_REG_CABLE), 0);
}
END_TEST

START_TEST(test_usbphy_unknown_offsets)
{
    unsigned logged = log_count(T.env.log);
    wr(0x10, 0x55);
    ck_assert_uint_eq(rd(0x10), 0);
    ck_assert_uint_eq(rd(0x10), 0);
    ck_assert_uint_eq(rd(0xFFC), 0);
    ck_assert_uint_eq(log_count(T.env.log), logged + 3);
    usbphy_ops.write(u, USBPHY_REG_OPHYTUNE, 0x7, 1); /* narrow write ignored */
    ck_assert_uint_eq(rd(USBPHY_REG_OPHYTUNE), 0);
}
END_TEST

START_TEST(test_usbphy_state_round_trip)
{
    wr(USBPHY_REG_OPHYPWR, 0);
    wr(USBPHY_REG_OPHYCHARGER, 0x4);
    usbphy_set_cable(u, true);
    StateIO *io = state_create_save();
    usbphy_ops.state(u, io);
    size_t len;
    const void *data = state_data(io, &len);
    UsbPhyDev *u2 = usbphy_create(&T.env);
    usbphy_ops.reset(u2);
    StateIO *in = state_create_load(data, len);
    usbphy_ops.state(u2, in);
    ck_assert_ptr_null(state_error(in));
    for (uint32_t off = 0; off < USBPHY_REG_END; off += 4)
        ck_assert_uint_eq(usbphy_ops.read(u2, off, 4), rd(off));
    ck_assert_uint_eq(usbphy_ops.read(u2, USBPHY_REG_CABLE, 4), 1);
    state_destroy(in);
    state_destroy(io);
    usbphy_ops.destroy(u2);
}
END_TEST

Suite *usbphy_suite(void)
{
    Suite *s = suite_create("usbphy");
    TCase *tc = tcase_create("usbphy");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_usbphy_reset_values);
    tcase_add_test(tc, test_usbphy_openiboot_init_sequence);
    tcase_add_test(tc, test_usbphy_cable_read_only);
    tcase_add_test(tc, test_usbphy_unknown_offsets);
    tcase_add_test(tc, test_usbphy_state_round_trip);
    suite_add_tcase(s, tc);
    return s;
}
