/* The machine log honours its category mask, reports an unimplemented
 * register or a guest error once per (device, offset), names the guest PC,
 * and parses -d lists with a clear error for unknown names. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "soc/log.h"

static uint32_t fake_pc(void *o)
{
    (void)o;
    return 0x1234;
}

static char *contents(FILE *f)
{
    static char buf[4096];
    fflush(f);
    rewind(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    return buf;
}

START_TEST(test_log_once_and_pc)
{
    FILE *f = tmpfile();
    Log *log = log_create(f, LOG_UNIMP | LOG_GUEST_ERR);
    log_set_pc_source(log, fake_pc, NULL);
    log_unimp(log, "timer", 0x40, false, 4, 0);
    log_unimp(log, "timer", 0x40, false, 4, 0);  /* same: silent */
    log_unimp(log, "timer", 0x40, true, 4, 5);   /* a write is another report */
    log_unimp(log, "uart0", 0x40, false, 4, 0);  /* another device */
    log_guest_error(log, "timer", 0x8, "write to read-only register");
    log_guest_error(log, "timer", 0x8, "write to read-only register");
    log_msg(log, LOG_INT, "vic0", "not shown: category off");
    ck_assert_uint_eq(log_count(log), 4);
    const char *text = contents(f);
    ck_assert_ptr_nonnull(strstr(text, "[unimp] timer: unimplemented register 0x040 read"));
    ck_assert_ptr_nonnull(strstr(text, "(pc=0x00001234)"));
    ck_assert_ptr_nonnull(strstr(text, "[guest_errors] timer: write to read-only register"));
    ck_assert_ptr_null(strstr(text, "not shown"));
    /* Many distinct offsets: the seen-set grows without losing entries. */
    for (uint32_t off = 0; off < 2000; off += 4) log_unimp(log, "big", off, false, 4, 0);
    for (uint32_t off = 0; off < 2000; off += 4) log_unimp(log, "big", off, false, 4, 0);
    ck_assert_uint_eq(log_count(log), 4 + 500);
    log_destroy(log);
    fclose(f);
    log_unimp(NULL, "x", 0, false, 4, 0); /* a NULL log discards */
}
END_TEST

START_TEST(test_log_parse_mask)
{
    unsigned m;
    char err[128];
    ck_assert(log_parse_mask("unimp,int", &m, err, sizeof err));
    ck_assert_uint_eq(m, LOG_UNIMP | LOG_INT);
    ck_assert(log_parse_mask("all", &m, err, sizeof err));
    ck_assert_uint_eq(m & (LOG_UNIMP | LOG_GUEST_ERR | LOG_INT | LOG_DEV | LOG_SCHED),
                      LOG_UNIMP | LOG_GUEST_ERR | LOG_INT | LOG_DEV | LOG_SCHED);
    ck_assert(!log_parse_mask("unimp,bogus", &m, err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "'bogus'"));
}
END_TEST

Suite *log_suite(void)
{
    Suite *s = suite_create("log");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_log_once_and_pc);
    tcase_add_test(tc, test_log_parse_mask);
    suite_add_tcase(s, tc);
    return s;
}
