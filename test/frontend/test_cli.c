/* Command-line numbers (frontend/cli.c): decimal and 0x hex in a range;
 * refused are an empty string, a sign or space in front (strtoull would take
 * "-1" as 2^64-1), trailing text, a value out of range or overflowing 64
 * bits (strtoull clamps it to 2^64-1 and only errno tells), and the output is
 * untouched on failure. */
#include <check.h>
#include <stdint.h>

#include "frontend/cli.h"

START_TEST(test_cli_parse_u64)
{
    uint64_t v = 7;
    ck_assert(cli_parse_u64("0", 0, 10, &v) && v == 0);
    ck_assert(cli_parse_u64("10", 0, 10, &v) && v == 10);
    ck_assert(cli_parse_u64("0x1F", 0, 100, &v) && v == 31);
    ck_assert(cli_parse_u64("18446744073709551615", 0, UINT64_MAX, &v) && v == UINT64_MAX);
    v = 7;
    const char *bad[] = { "", " 5", "-1", "+1", "5 ", "5x", "0x", "11", "18446744073709551616",
                          "99999999999999999999999" };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_msg(!cli_parse_u64(bad[i], 0, i == 8 || i == 9 ? UINT64_MAX : 10, &v), "accepted '%s'", bad[i]);
        ck_assert_uint_eq(v, 7);
    }
    ck_assert(!cli_parse_u64(NULL, 0, 10, &v));
    ck_assert(!cli_parse_u64("0", 1, 10, &v)); /* below min */
    ck_assert(cli_parse_u64("1", 1, 10, &v) && v == 1);
}
END_TEST

Suite *cli_suite(void)
{
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("cli");
    tcase_add_test(tc, test_cli_parse_u64);
    suite_add_tcase(s, tc);
    return s;
}
