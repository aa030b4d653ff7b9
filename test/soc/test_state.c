/* Save states round-trip every field type, and a stream that does not match
 * (wrong magic, other chunk, other version, truncated, a chunk whose reader
 * consumes a different size) is refused with a reason instead of loading
 * garbage. */
#include <check.h>
#include <string.h>

#include "soc/state.h"

typedef struct Thing {
    uint8_t a;
    uint16_t b;
    uint32_t c;
    uint64_t d;
    bool e;
    char name[6];
} Thing;

static void thing_state(Thing *t, StateIO *io, uint32_t version)
{
    if (!state_begin(io, "THNG", version)) return;
    state_u8(io, &t->a);
    state_u16(io, &t->b);
    state_u32(io, &t->c);
    state_u64(io, &t->d);
    state_bool(io, &t->e);
    state_bytes(io, t->name, sizeof t->name);
    state_end(io);
}

static StateIO *saved(const Thing *t)
{
    Thing copy = *t;
    StateIO *io = state_create_save();
    thing_state(&copy, io, 2);
    ck_assert_ptr_null(state_error(io));
    return io;
}

START_TEST(test_state_round_trip)
{
    Thing t = { 0xAB, 0xBEEF, 0xDEADBEEF, 0x0123456789ABCDEFull, true, "hello" };
    StateIO *io = saved(&t);
    size_t len;
    const void *data = state_data(io, &len);
    ck_assert_uint_eq(len, 8 + 12 + 1 + 2 + 4 + 8 + 1 + 6);
    StateIO *in = state_create_load(data, len);
    ck_assert(state_is_loading(in));
    Thing u;
    memset(&u, 0, sizeof u);
    thing_state(&u, in, 2);
    ck_assert_ptr_null(state_error(in));
    ck_assert_uint_eq(u.a, t.a);
    ck_assert_uint_eq(u.b, t.b);
    ck_assert_uint_eq(u.c, t.c);
    ck_assert_uint_eq(u.d, t.d);
    ck_assert(u.e);
    ck_assert_str_eq(u.name, "hello");
    state_destroy(in);
    state_destroy(io);
}
END_TEST

START_TEST(test_state_refuses_mismatches)
{
    Thing t = { 1, 2, 3, 4, false, "x" };
    StateIO *io = saved(&t);
    size_t len;
    const uint8_t *data = state_data(io, &len);
    Thing u;

    StateIO *in = state_create_load(data, len);
    thing_state(&u, in, 3); /* other version */
    ck_assert_ptr_nonnull(state_error(in));
    ck_assert_ptr_nonnull(strstr(state_error(in), "version"));
    state_destroy(in);

    in = state_create_load(data, len - 1); /* truncated */
    thing_state(&u, in, 2);
    ck_assert_ptr_nonnull(state_error(in));
    state_destroy(in);

    uint8_t bad[256];
    memcpy(bad, data, len);
    bad[0] = 'X'; /* magic */
    in = state_create_load(bad, len);
    ck_assert_ptr_nonnull(state_error(in));
    ck_assert(!state_begin(in, "THNG", 2));
    state_destroy(in);

    memcpy(bad, data, len);
    bad[8] = 'Z'; /* chunk tag */
    in = state_create_load(bad, len);
    thing_state(&u, in, 2);
    ck_assert_ptr_nonnull(strstr(state_error(in), "unexpected"));
    state_destroy(in);

    /* A reader that consumes less than the chunk holds. */
    in = state_create_load(data, len);
    ck_assert(state_begin(in, "THNG", 2));
    uint8_t a;
    state_u8(in, &a);
    state_end(in);
    ck_assert_ptr_nonnull(strstr(state_error(in), "size"));
    state_destroy(in);
    state_destroy(io);
}
END_TEST

Suite *state_suite(void)
{
    Suite *s = suite_create("state");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_state_round_trip);
    tcase_add_test(tc, test_state_refuses_mismatches);
    suite_add_tcase(s, tc);
    return s;
}
