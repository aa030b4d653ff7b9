/* Placeholder device (dev/stub.c): a ram_like stub returns what was written
 * at every width, a plain stub reads 0 and ignores writes; the first access to
 * each word is reported once through log_unimp under the block's own name
 * (read or write, not again for later accesses), out-of-window accesses never
 * crash; reset clears the storage; state round trips. */
#include <check.h>
#include <string.h>

#include "dev/stub.h"
#include "soc/state.h"
#include "test/dev/devtest.h"

static DevTestEnv T;

static void setup(void) { devtest_init(&T); }
static void teardown(void) { devtest_free(&T); }

/* The log file's contents so far. */
static void log_text(char *buf, size_t n)
{
    fflush(T.logf);
    rewind(T.logf);
    size_t got = fread(buf, 1, n - 1, T.logf);
    buf[got] = 0;
    fseek(T.logf, 0, SEEK_END);
}

START_TEST(test_stub_ram_like_storage)
{
    StubDev *s = stub_create(&T.env, "h264", true, 0x4000);
    stub_ops.reset(s);
    ck_assert_uint_eq(stub_ops.read(s, 0x100, 4), 0);
    stub_ops.write(s, 0x100, 0x11223344, 4);
    ck_assert_uint_eq(stub_ops.read(s, 0x100, 4), 0x11223344);
    ck_assert_uint_eq(stub_ops.read(s, 0x101, 1), 0x33);
    ck_assert_uint_eq(stub_ops.read(s, 0x102, 2), 0x1122);
    stub_ops.write(s, 0x103, 0xAB, 1);
    ck_assert_uint_eq(stub_ops.read(s, 0x100, 4), 0xAB223344);
    stub_ops.write(s, 0x3FFC, 0xCAFEF00D, 4); /* last word */
    ck_assert_uint_eq(stub_ops.read(s, 0x3FFC, 4), 0xCAFEF00D);
    ck_assert_uint_eq(stub_ops.read(s, 0x3FFE, 4), 0); /* runs past the end */
    ck_assert_uint_eq(stub_ops.read(s, 0x8000, 4), 0); /* outside */
    stub_ops.write(s, 0x8000, 1, 4);
    stub_ops.reset(s);
    ck_assert_uint_eq(stub_ops.read(s, 0x100, 4), 0);
    stub_ops.destroy(s);
}
END_TEST

START_TEST(test_stub_read_as_zero)
{
    StubDev *s = stub_create(&T.env, "mbx", false, 0x1000);
    stub_ops.write(s, 0x10, 0xFFFFFFFF, 4);
    ck_assert_uint_eq(stub_ops.read(s, 0x10, 4), 0);
    ck_assert_uint_eq(stub_ops.read(s, 0x11, 1), 0);
    stub_ops.destroy(s);
}
END_TEST

START_TEST(test_stub_logs_first_access_once)
{
    StubDev *s = stub_create(&T.env, "tvout", true, 0x1000);
    StubDev *o = stub_create(&T.env, "scaler", false, 0x1000);
    unsigned base = log_count(T.env.log);
    stub_ops.read(s, 0x20, 4);
    ck_assert_uint_eq(log_count(T.env.log), base + 1);
    stub_ops.read(s, 0x20, 4);
    stub_ops.write(s, 0x20, 5, 4);   /* same word, now a write: not again */
    stub_ops.read(s, 0x22, 2);       /* same word, other bytes */
    ck_assert_uint_eq(log_count(T.env.log), base + 1);
    stub_ops.write(s, 0x24, 5, 4);   /* next word */
    ck_assert_uint_eq(log_count(T.env.log), base + 2);
    stub_ops.read(o, 0x20, 4);       /* same offset, another block */
    ck_assert_uint_eq(log_count(T.env.log), base + 3);
    stub_ops.read(s, 0x5000, 4);     /* outside: reported, once */
    stub_ops.read(s, 0x5000, 4);
    ck_assert_uint_eq(log_count(T.env.log), base + 4);
    char text[2048];
    log_text(text, sizeof text);
    ck_assert_ptr_nonnull(strstr(text, "tvout"));
    ck_assert_ptr_nonnull(strstr(text, "scaler"));
    ck_assert_str_eq(stub_ops.name, "stub");
    stub_ops.destroy(s);
    stub_ops.destroy(o);
}
END_TEST

START_TEST(test_stub_odd_sizes)
{
    StubDev *s = stub_create(&T.env, "tiny", true, 6);
    stub_ops.write(s, 4, 0xBEEF, 2);
    ck_assert_uint_eq(stub_ops.read(s, 4, 2), 0xBEEF);
    ck_assert_uint_eq(stub_ops.read(s, 4, 4), 0); /* would run past the end */
    stub_ops.write(s, 0, 1, 3);                 /* a width the bus never uses */
    ck_assert_uint_eq(stub_ops.read(s, 0, 4), 0);
    stub_ops.destroy(s);
    StubDev *z = stub_create(&T.env, "empty", true, 0);
    ck_assert_ptr_nonnull(z);
    ck_assert_uint_eq(stub_ops.read(z, 0, 4), 0);
    stub_ops.destroy(z);
}
END_TEST

START_TEST(test_stub_state_round_trip)
{
    StubDev *s = stub_create(&T.env, "amc", true, 0x100);
    StubDev *p = stub_create(&T.env, "prng", false, 0x100);
    for (uint32_t off = 0; off < 0x100; off += 4) stub_ops.write(s, off, off * 0x01010101u, 4);
    StateIO *io = state_create_save();
    stub_ops.state(s, io);
    stub_ops.state(p, io);
    size_t len;
    const void *data = state_data(io, &len);
    StubDev *s2 = stub_create(&T.env, "amc", true, 0x100);
    StubDev *p2 = stub_create(&T.env, "prng", false, 0x100);
    StateIO *in = state_create_load(data, len);
    stub_ops.state(s2, in);
    stub_ops.state(p2, in);
    ck_assert_ptr_null(state_error(in));
    for (uint32_t off = 0; off < 0x100; off += 4)
        ck_assert_uint_eq(stub_ops.read(s2, off, 4), off * 0x01010101u);
    state_destroy(in);
    /* a state saved from a stub of another size does not load silently */
    StubDev *s3 = stub_create(&T.env, "amc", true, 0x200);
    in = state_create_load(data, len);
    stub_ops.state(s3, in);
    ck_assert_ptr_nonnull(state_error(in));
    state_destroy(in);
    state_destroy(io);
    stub_ops.destroy(s);
    stub_ops.destroy(p);
    stub_ops.destroy(s2);
    stub_ops.destroy(p2);
    stub_ops.destroy(s3);
}
END_TEST

Suite *stub_suite(void)
{
    Suite *s = suite_create("stub");
    TCase *tc = tcase_create("stub");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_stub_ram_like_storage);
    tcase_add_test(tc, test_stub_read_as_zero);
    tcase_add_test(tc, test_stub_logs_first_access_once);
    tcase_add_test(tc, test_stub_odd_sizes);
    tcase_add_test(tc, test_stub_state_round_trip);
    suite_add_tcase(s, tc);
    return s;
}
