/* --input-script: the parser accepts the documented format (comments, blank
 * lines, hex cycles, buttons, touches, drags), expands a drag into touch
 * events at exact cycles and positions, names file and line and the fault
 * for every malformed line, and replay applies each event exactly once when
 * its cycle is reached: buttons to the GPIO level they drive, touches into
 * the machine (seen through the `-d dev` touch log written as the fingers
 * are handed to soc_set_fingers). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
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
    ck_assert_int_eq(s.ev[0].kind, INPUT_BUTTON);
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
        { "-5 button home down\n", "t:1: bad cycle" },
        { "5 swipe 1,1\n", "t:1: expected '<CYCLE> button|touch|drag" },
        { "5\n", "t:1: expected '<CYCLE> button|touch|drag" },
        { "x touch 1,1\n", "t:1: bad cycle 'x'" },
        /* touch */
        { "5 touch\n", "t:1: touch needs X,Y positions or 'up'" },
        { "5 touch 10 20\n", "t:1: bad position (expected X,Y in panel pixels, e.g. 160,240.5), got '10'" },
        { "5 touch 10,\n", "t:1: bad position" },
        { "5 touch ,10\n", "t:1: bad position" },
        { "5 touch 10,-1\n", "t:1: bad position" },
        { "5 touch 1e2,3\n", "t:1: bad position" },
        { "5 touch 1.,3\n", "t:1: bad position" },
        { "5 touch 0x10,3\n", "t:1: bad position" },
        { "5 touch 1,2,3\n", "t:1: bad position" },
        { "5 touch nan,3\n", "t:1: bad position" },
        { "5 touch 320,10\n", "t:1: position off the panel (x 0..319, y 0..479): '320,10'" },
        { "5 touch 319.01,10\n", "t:1: position off the panel" },
        { "5 touch 10,480\n", "t:1: position off the panel (x 0..319, y 0..479): '10,480'" },
        { "5 touch 1,1 2,2 3,3 4,4 5,5 6,6\n", "t:1: too many fingers: 6 (at most 5)" },
        { "5 touch up 1,1\n", "t:1: nothing may follow 'touch up', got '1,1'" },
        { "5 touch 1,1 up\n", "t:1: bad position" },
        { "5 touch 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1\n",
          "t:1: too many words on the line" },
        /* drag */
        { "5 drag\n", "t:1: drag needs 'DURATION X,Y [X,Y ...] to X,Y [X,Y ...]'" },
        { "5 drag 100 1,1 2,2\n", "t:1: missing 'to' in drag" },
        { "5 drag 100 1,1 to 2,2 3,3\n", "t:1: drag has 1 finger before 'to' and 2 after (must be the same)" },
        { "5 drag 100 1,1 2,2 to 3,3\n", "t:1: drag has 2 fingers before 'to' and 1 after" },
        { "5 drag 100 to 2,2\n", "t:1: drag needs at least one X,Y before 'to'" },
        { "5 drag 100 1,1 to\n", "t:1: drag has 1 finger before 'to' and 0 after" },
        { "5 drag x 1,1 to 2,2\n", "t:1: bad drag duration 'x'" },
        { "5 drag 1,1 to 2,2\n", "t:1: bad drag duration '1,1'" },
        { "5 drag 0 1,1 to 2,2\n", "t:1: drag duration must be at least 1 cycle" },
        { "5 drag 100 1,1 to 2,500\n", "t:1: position off the panel (x 0..319, y 0..479): '2,500'" },
        { "5 drag 100 a,1 to 2,2\n", "t:1: bad position (expected X,Y in panel pixels, e.g. 160,240.5), got 'a,1'" },
        { "5 drag 9 1,1 1,1 1,1 1,1 1,1 1,1 to 2,2 2,2 2,2 2,2 2,2 2,2\n", "t:1: too many fingers: 6 (at most 5)" },
        { "10 drag 0xffffffffffffffff 1,1 to 2,2\n", "t:1: drag ends past the largest cycle" },
        { "0 drag 0xffffffffffff 1,1 to 2,2\n", "t:1: drag too long: a script holds at most 262144 touch events" },
        { "0 drag 100 1,1 to 2,2\n# gap\n99 button home down\n",
          "t:3: overlaps the drag on line 1, which lasts until cycle 100; this line is at '99'" },
        { "0 drag 100 1,1 to 2,2\n50 touch up\n", "t:2: overlaps the drag on line 1" },
        { "0 drag 100 1,1 to 2,2\n100 touch up\n50 touch up\n", "t:3: cycles must not decrease, at '50'" },
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

START_TEST(test_input_script_parses_touch)
{
    InputScript s;
    char err[256];
    ck_assert_msg(input_script_parse("t", "0x10 touch 10,20 319,479 0.5,0  # three\n"
                                          "20 touch up\n"
                                          "20 touch 1,2 3,4 5,6 7,8 9.25,10\n"
                                          "25\ttouch 160,240\n", &s, err, sizeof err), "%s", err);
    ck_assert_uint_eq(s.n, 4);
    ck_assert_uint_eq(s.ev[0].cycle, 0x10);
    ck_assert_int_eq(s.ev[0].kind, INPUT_TOUCH);
    ck_assert_uint_eq(s.ev[0].nfingers, 3);
    const float want0[3][2] = { { 10, 20 }, { 319, 479 }, { 0.5f, 0 } };
    for (unsigned i = 0; i < 3; i++) {
        ck_assert(s.ev[0].finger[i].down);
        ck_assert(s.ev[0].finger[i].x == want0[i][0]);
        ck_assert(s.ev[0].finger[i].y == want0[i][1]);
    }
    ck_assert_int_eq(s.ev[1].kind, INPUT_TOUCH);
    ck_assert_uint_eq(s.ev[1].cycle, 20);
    ck_assert_uint_eq(s.ev[1].nfingers, 0); /* touch up: every finger lifted */
    ck_assert_uint_eq(s.ev[2].nfingers, 5);
    ck_assert(s.ev[2].finger[4].x == 9.25f && s.ev[2].finger[4].y == 10.0f);
    ck_assert(s.ev[2].finger[0].x == 1.0f && s.ev[2].finger[0].y == 2.0f);
    ck_assert_uint_eq(s.ev[3].nfingers, 1);
    ck_assert(s.ev[3].finger[0].x == 160.0f && s.ev[3].finger[0].y == 240.0f);
    ck_assert(!s.ev[3].finger[1].down); /* slots past n are not down */
    input_script_free(&s);
}
END_TEST

/* DURATION a whole number of steps: positions every INPUT_DRAG_STEP cycles
 * from CYCLE at exact fractions of the way, the last exactly at the end, and
 * a line at the drag's last cycle is allowed and comes after it. */
START_TEST(test_input_script_drag_expands_exactly)
{
    InputScript s;
    char err[256];
    ck_assert_uint_eq(INPUT_DRAG_STEP, 4441667);
    char text[256];
    snprintf(text, sizeof text, "1000 drag %llu 0,0 100,200 to 100,400 0,0\n%llu touch up\n",
             4 * INPUT_DRAG_STEP, 1000 + 4 * INPUT_DRAG_STEP);
    ck_assert_msg(input_script_parse("t", text, &s, err, sizeof err), "%s", err);
    ck_assert_uint_eq(s.n, 6);
    for (unsigned k = 0; k <= 4; k++) {
        const InputEvent *e = &s.ev[k];
        ck_assert_int_eq(e->kind, INPUT_TOUCH);
        ck_assert_uint_eq(e->cycle, 1000 + k * INPUT_DRAG_STEP);
        ck_assert_uint_eq(e->nfingers, 2);
        ck_assert(e->finger[0].down && e->finger[1].down);
        ck_assert_msg(e->finger[0].x == 25.0f * k && e->finger[0].y == 100.0f * k, "k=%u: %f,%f", k,
                      (double)e->finger[0].x, (double)e->finger[0].y);
        ck_assert_msg(e->finger[1].x == 100.0f - 25.0f * k && e->finger[1].y == 200.0f - 50.0f * k, "k=%u", k);
    }
    ck_assert_uint_eq(s.ev[5].cycle, 1000 + 4 * INPUT_DRAG_STEP);
    ck_assert_uint_eq(s.ev[5].nfingers, 0);
    input_script_free(&s);
}
END_TEST

/* DURATION not a multiple of the step: positions at CYCLE, CYCLE + STEP,
 * CYCLE + 2 STEP, then the end position at exactly CYCLE + DURATION. */
START_TEST(test_input_script_drag_partial_step)
{
    InputScript s;
    char err[256];
    uint64_t dur = 2 * INPUT_DRAG_STEP + 5;
    char text[256];
    snprintf(text, sizeof text, "7 drag %llu 10,10 to 20.5,30\n", (unsigned long long)dur);
    ck_assert_msg(input_script_parse("t", text, &s, err, sizeof err), "%s", err);
    ck_assert_uint_eq(s.n, 4);
    ck_assert_uint_eq(s.ev[0].cycle, 7);
    ck_assert(s.ev[0].finger[0].x == 10.0f && s.ev[0].finger[0].y == 10.0f);
    for (unsigned k = 1; k <= 2; k++) {
        double t = (double)(k * INPUT_DRAG_STEP) / (double)dur;
        ck_assert_uint_eq(s.ev[k].cycle, 7 + k * INPUT_DRAG_STEP);
        ck_assert(s.ev[k].finger[0].x == (float)(10.0 + 10.5 * t));
        ck_assert(s.ev[k].finger[0].y == (float)(10.0 + 20.0 * t));
        ck_assert(s.ev[k].finger[0].x > s.ev[k - 1].finger[0].x);
    }
    ck_assert_uint_eq(s.ev[3].cycle, 7 + dur);
    ck_assert(s.ev[3].finger[0].x == 20.5f && s.ev[3].finger[0].y == 30.0f);
    ck_assert_uint_eq(s.ev[3].nfingers, 1);
    input_script_free(&s);
    /* shorter than one step: down at CYCLE, at the end position at CYCLE + DURATION */
    ck_assert(input_script_parse("t", "0 drag 100 1,1 to 2,2\n", &s, err, sizeof err));
    ck_assert_uint_eq(s.n, 2);
    ck_assert_uint_eq(s.ev[0].cycle, 0);
    ck_assert_uint_eq(s.ev[1].cycle, 100);
    ck_assert(s.ev[1].finger[0].x == 2.0f && s.ev[1].finger[0].y == 2.0f);
    input_script_free(&s);
}
END_TEST

static Soc *logged_soc(char **buf, size_t *len, FILE **log)
{
    *log = open_memstream(buf, len);
    ck_assert_ptr_nonnull(*log);
    SocConfig cfg = { .log_out = *log, .log_mask = LOG_DEV };
    char err[256];
    Soc *soc = soc_create(&cfg, err, sizeof err);
    ck_assert_msg(soc != NULL, "%s", err);
    fflush(*log);
    fseeko(*log, 0, SEEK_SET); /* forget what the machine logged while being built */
    return soc;
}

START_TEST(test_input_script_touches_reach_machine)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *log;
    Soc *soc = logged_soc(&buf, &len, &log);
    InputScript s;
    char err[256];
    ck_assert(input_script_parse("t", "100 touch 10,20 30.5,40\n100 button home down\n"
                                      "200 drag 10 5,6 to 7,8\n300 touch up\n", &s, err, sizeof err));
    ck_assert_uint_eq(input_script_apply_due(&s, soc, 99), 0);
    fflush(log);
    ck_assert_ptr_null(strstr(buf ? buf : "", "touch:"));
    ck_assert_uint_eq(input_script_apply_due(&s, soc, 100), 2);
    fflush(log);
    ck_assert_msg(strstr(buf, "[dev] touch: 2 fingers down at cycle 0: 1=10.00,20.00 2=30.50,40.00") != NULL,
                  "%s", buf);
    ck_assert_uint_eq(input_script_apply_due(&s, soc, 205), 1); /* the drag's first position only */
    fflush(log);
    ck_assert_msg(strstr(buf, "[dev] touch: 1 finger down at cycle 0: 1=5.00,6.00") != NULL, "%s", buf);
    ck_assert_ptr_null(strstr(buf, "7.00,8.00"));
    ck_assert_uint_eq(input_script_next_cycle(&s), 210);
    ck_assert_uint_eq(input_script_apply_due(&s, soc, 1000), 2);
    fflush(log);
    ck_assert_msg(strstr(buf, "1=7.00,8.00") != NULL, "%s", buf);
    ck_assert_msg(strstr(buf, "[dev] touch: 0 fingers down at cycle 0") != NULL, "%s", buf);
    ck_assert_uint_eq(input_script_next_cycle(&s), UINT64_MAX);
    input_script_free(&s);
    soc_destroy(soc);
    fclose(log);
    free(buf);
}
END_TEST

/* The window's path: fingers handed over directly, lifted slots not logged. */
START_TEST(test_input_script_touch_direct)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *log;
    Soc *soc = logged_soc(&buf, &len, &log);
    MtFinger f[2] = { { .down = false }, { .down = true, .x = 1.5f, .y = 479 } };
    input_script_touch(soc, f, 2);
    fflush(log);
    ck_assert_msg(strstr(buf, "[dev] touch: 1 finger down at cycle 0: 2=1.50,479.00") != NULL, "%s", buf);
    soc_destroy(soc);
    fclose(log);
    free(buf);
}
END_TEST

Suite *input_script_suite(void)
{
    Suite *s = suite_create("input_script");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_input_script_parses_format);
    tcase_add_test(tc, test_input_script_rejects_bad_lines);
    tcase_add_test(tc, test_input_script_replays_at_cycles);
    tcase_add_test(tc, test_input_script_parses_touch);
    tcase_add_test(tc, test_input_script_drag_expands_exactly);
    tcase_add_test(tc, test_input_script_drag_partial_step);
    tcase_add_test(tc, test_input_script_touches_reach_machine);
    tcase_add_test(tc, test_input_script_touch_direct);
    suite_add_tcase(s, tc);
    return s;
}
