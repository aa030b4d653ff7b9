/* --input-script: the parser accepts the documented format (comments, blank
 * lines, hex cycles) and names file and line for every malformed line, and
 * replay applies each event exactly once when its cycle is reached, to the
 * GPIO level the button drives. */
#include <check.h>
#include <string.h>

#include "frontend/input_script.h"
#include "soc/bus.h"

START_TEST(test_input_script_parses_format)
{
    InputScript s;
    char err[256];
    ck_assert(input_script_parse("t", "# taps\n\n100 button home down\n0x200 button home up  # ok\n"
                                      "0x300 button volup down\n", &s, err, sizeof err));
    ck_assert_uint_eq(s.n, 3);
    ck_assert_uint_eq(s.ev[0].cycle, 100);
    ck_assert_int_eq(s.ev[0].button, BUTTON_HOME);
    ck_assert(s.ev[0].pressed);
    ck_assert_uint_eq(s.ev[1].cycle, 0x200);
    ck_assert(!s.ev[1].pressed);
    ck_assert_int_eq(s.ev[2].button, BUTTON_VOLUME_UP);
    ck_assert_uint_eq(input_script_next_cycle(&s), 100);
    input_script_free(&s);
}
END_TEST

START_TEST(test_input_script_rejects_bad_lines)
{
    static const struct { const char *text, *want; } bad[] = {
        { "100 button home\n", "t:1: expected" },
        { "1 button home down\nx button home up\n", "t:2: bad cycle 'x'" },
        { "5 button home down\n4 button home up\n", "t:2: cycles must not decrease" },
        { "5 button menu down\n", "t:1: unknown button" },
        { "5 button home sideways\n", "t:1: expected down or up" },
        { "5 touch 10 20\n", "t:1: expected" },
        { "-5 button home down\n", "t:1: bad cycle" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        InputScript s;
        char err[256] = "";
        ck_assert_msg(!input_script_parse("t", bad[i].text, &s, err, sizeof err), "accepted: %s", bad[i].text);
        ck_assert_msg(strstr(err, bad[i].want) != NULL, "'%s' -> '%s'", bad[i].text, err);
        ck_assert_ptr_null(s.ev);
    }
}
END_TEST

START_TEST(test_input_script_replays_at_cycles)
{
    static FILE *devnull;
    if (!devnull) devnull = fopen("/dev/null", "w");
    SocConfig cfg = { .log_out = devnull };
    char err[256];
    Soc *soc = soc_create(&cfg, err, sizeof err);
    ck_assert_ptr_nonnull(soc);
    InputScript s;
    ck_assert(input_script_parse("t", "10 button home down\n10 button volup down\n30 button home up\n", &s, err,
                                 sizeof err));
    /* GPIO pad 0xC data register: home is pin 1 (reads 1 pressed); volume
     * up is pad 9 pin 2 (reads 0 pressed). */
    uint32_t padc, pad9;
    ck_assert_uint_eq(input_script_apply_due(&s, soc, 9), 0);
    ck_assert_uint_eq(input_script_apply_due(&s, soc, 10), 2);
    bus_read(soc_bus(soc), 0x3CF00000 + 0x20 * 0xC + 4, 4, &padc);
    bus_read(soc_bus(soc), 0x3CF00000 + 0x20 * 0x9 + 4, 4, &pad9);
    ck_assert_uint_eq((padc >> 1) & 1, 1);
    ck_assert_uint_eq((pad9 >> 2) & 1, 0);
    ck_assert_uint_eq(input_script_next_cycle(&s), 30);
    ck_assert_uint_eq(input_script_apply_due(&s, soc, 10), 0); /* nothing twice */
    ck_assert_uint_eq(input_script_apply_due(&s, soc, 100), 1);
    bus_read(soc_bus(soc), 0x3CF00000 + 0x20 * 0xC + 4, 4, &padc);
    ck_assert_uint_eq((padc >> 1) & 1, 0);
    ck_assert_uint_eq(input_script_next_cycle(&s), UINT64_MAX);
    input_script_free(&s);
    soc_destroy(soc);
}
END_TEST

Suite *input_script_suite(void)
{
    Suite *s = suite_create("input_script");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_input_script_parses_format);
    tcase_add_test(tc, test_input_script_rejects_bad_lines);
    tcase_add_test(tc, test_input_script_replays_at_cycles);
    suite_add_tcase(s, tc);
    return s;
}
