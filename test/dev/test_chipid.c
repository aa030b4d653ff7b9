/* S5L8720 chip ID / fuses (dev/chipid.c): the defaults read CHIPINFO
 * 0x87200005 and fuse word 0x20 (production, secure, 24 MHz epoch) as the
 * sheet gives them; the production and secure fuses and the ECID follow the
 * configuration; narrow reads return the right bytes; writes change nothing
 * and are reported as guest errors; unknown offsets read 0; state round
 * trips. */
#include <check.h>

#include "dev/chipid.h"
#include "soc/state.h"
#include "test/dev/devtest.h"

static DevTestEnv T;

static void setup(void) { devtest_init(&T); }
static void teardown(void) { devtest_free(&T); }

static uint32_t rd(ChipIdDev *d, uint32_t off) { return chipid_ops.read(d, off, 4); }

START_TEST(test_chipid_default_values)
{
    ChipIdDev *d = chipid_create(&T.env, NULL);
    chipid_ops.reset(d);
    ck_assert_uint_eq(rd(d, CHIPID_REG_UNK0), 0);
    ck_assert_uint_eq(rd(d, CHIPID_REG_FUSE), 0x20);
    ck_assert_uint_eq(rd(d, CHIPID_REG_CHIPINFO), 0x87200005);
    ck_assert_uint_eq(rd(d, CHIPID_REG_ECID_LO), 0);
    ck_assert_uint_eq(rd(d, CHIPID_REG_ECID_HI), 0);
    chipid_ops.destroy(d);
    ChipIdConfig retail = { .production = true, .secure = true, .ecid = 0 };
    d = chipid_create(&T.env, &retail);
    ck_assert_uint_eq(rd(d, CHIPID_REG_CHIPINFO), 0x87200005);
    chipid_ops.destroy(d);
}
END_TEST

START_TEST(test_chipid_config_fuses_and_ecid)
{
    ChipIdConfig dev = { .production = false, .secure = false, .ecid = 0x000012345678ABCDull };
    ChipIdDev *d = chipid_create(&T.env, &dev);
    chipid_ops.reset(d);
    ck_assert_uint_eq(rd(d, CHIPID_REG_FUSE), 0);
    ck_assert_uint_eq(rd(d, CHIPID_REG_CHIPINFO), 0x87200001); /* epoch 1 stays: 24 MHz */
    ck_assert_uint_eq(rd(d, CHIPID_REG_ECID_LO), 0x5678ABCD);
    ck_assert_uint_eq(rd(d, CHIPID_REG_ECID_HI), 0x00001234);
    chipid_ops.destroy(d);
    ChipIdConfig sdev = { .production = false, .secure = true, .ecid = 0 };
    d = chipid_create(&T.env, &sdev);
    ck_assert_uint_eq(rd(d, CHIPID_REG_FUSE), 0);
    ck_assert_uint_eq(rd(d, CHIPID_REG_CHIPINFO), 0x87200005);
    chipid_ops.destroy(d);
}
END_TEST

START_TEST(test_chipid_narrow_reads_and_unknown)
{
    ChipIdDev *d = chipid_create(&T.env, NULL);
    ck_assert_uint_eq(chipid_ops.read(d, CHIPID_REG_CHIPINFO + 2, 2), 0x8720);
    ck_assert_uint_eq(chipid_ops.read(d, CHIPID_REG_CHIPINFO + 3, 1), 0x87);
    ck_assert_uint_eq(chipid_ops.read(d, CHIPID_REG_CHIPINFO, 1), 0x05);
    unsigned logged = log_count(T.env.log);
    ck_assert_uint_eq(rd(d, 0x14), 0);
    ck_assert_uint_eq(rd(d, 0x800), 0);
    ck_assert_uint_eq(rd(d, 0x800), 0);
    ck_assert_uint_eq(log_count(T.env.log), logged + 2);
    chipid_ops.destroy(d);
}
END_TEST

START_TEST(test_chipid_writes_ignored)
{
    ChipIdDev *d = chipid_create(&T.env, NULL);
    unsigned logged = log_count(T.env.log);
    chipid_ops.write(d, CHIPID_REG_CHIPINFO, 0, 4);
    chipid_ops.write(d, CHIPID_REG_FUSE, 0, 4);
    chipid_ops.write(d, CHIPID_REG_FUSE, 0, 4); /* same offset: reported once */
    ck_assert_uint_eq(rd(d, CHIPID_REG_CHIPINFO), 0x87200005);
    ck_assert_uint_eq(rd(d, CHIPID_REG_FUSE), 0x20);
    ck_assert_uint_eq(log_count(T.env.log), logged + 2);
    chipid_ops.destroy(d);
}
END_TEST

START_TEST(test_chipid_state_round_trip)
{
    ChipIdConfig cfg = { .production = true, .secure = false, .ecid = 0xDEADBEEF00C0FFEEull };
    ChipIdDev *d = chipid_create(&T.env, &cfg);
    StateIO *io = state_create_save();
    chipid_ops.state(d, io);
    size_t len;
    const void *data = state_data(io, &len);
    ChipIdDev *d2 = chipid_create(&T.env, NULL);
    StateIO *in = state_create_load(data, len);
    chipid_ops.state(d2, in);
    ck_assert_ptr_null(state_error(in));
    for (uint32_t off = 0; off < 0x14; off += 4) ck_assert_uint_eq(rd(d2, off), rd(d, off));
    state_destroy(in);
    state_destroy(io);
    chipid_ops.destroy(d);
    chipid_ops.destroy(d2);
}
END_TEST

Suite *chipid_suite(void)
{
    Suite *s = suite_create("chipid");
    TCase *tc = tcase_create("chipid");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_chipid_default_values);
    tcase_add_test(tc, test_chipid_config_fuses_and_ecid);
    tcase_add_test(tc, test_chipid_narrow_reads_and_unknown);
    tcase_add_test(tc, test_chipid_writes_ignored);
    tcase_add_test(tc, test_chipid_state_round_trip);
    suite_add_tcase(s, tc);
    return s;
}
