/* S5L8720 SHA-1 engine (dev/sha1.c): with firmware-style padding done by the
 * test, the engine's compression-only operation gives the FIPS 180 digests of
 * "abc" (one block) and of the 56-byte two-block message, both through the
 * PIO DATA block (CONFIG 0x2 then 0xA) and through memory mode (one operation
 * or two); HASH reads the digest byte stream as little-endian words; 0x2
 * restarts from the SHA-1 initial value while 0xA continues; the result
 * appears at the exact modelled cycle (HASH unchanged and CONFIG reading the
 * trigger before); RESET clears; registers reset to 0; a save/load
 * mid-operation finishes identically. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "dev/sha1.h"
#include "soc/bus.h"
#include "soc/state.h"
#include "test/dev/devtest.h"

#define RAM_BASE 0x08000000u
#define RAM_SIZE 0x10000u
#define MSG (RAM_BASE + 0x100u)

static const uint8_t digest_abc[20] = { 0xa9, 0x99, 0x3e, 0x36, 0x47, 0x06, 0x81, 0x6a, 0xba, 0x3e,
                                        0x25, 0x71, 0x78, 0x50, 0xc2, 0x6c, 0x9c, 0xd0, 0xd8, 0x9d };
static const char msg56[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
static const uint8_t digest_56[20] = { 0x84, 0x98, 0x3e, 0x44, 0x1c, 0x3b, 0xd2, 0x6e, 0xba, 0xae,
                                       0x4a, 0xa1, 0xf9, 0x51, 0x29, 0xe5, 0xe5, 0x46, 0x70, 0xf1 };

static DevTestEnv T;
static Sha1Dev *s;
static uint8_t *ram;

static void setup(void)
{
    devtest_init(&T);
    ram = calloc(1, RAM_SIZE);
    bus_map_ram(T.env.bus, RAM_BASE, RAM_SIZE, ram, "dram");
    s = sha1_create(&T.env);
    sha1_ops.reset(s);
}

static void teardown(void)
{
    sha1_ops.destroy(s);
    devtest_free(&T);
    free(ram);
}

static void wr(uint32_t off, uint32_t v) { sha1_ops.write(s, off, v, 4); }
static uint32_t rd(uint32_t off) { return sha1_ops.read(s, off, 4); }
static void finish(void) { sched_advance_to(T.env.sched, sched_now(T.env.sched) + sha1_op_cycles(1000)); }

/* Firmware-style SHA-1 padding; returns the padded length (multiple of 64). */
static uint32_t pad(const void *msg, uint32_t len, uint8_t *out)
{
    uint32_t total = (len + 9 + 63) / 64 * 64;
    memset(out, 0, total);
    memcpy(out, msg, len);
    out[len] = 0x80;
    uint64_t bits = (uint64_t)len * 8;
    for (unsigned i = 0; i < 8; i++) out[total - 1 - i] = (uint8_t)(bits >> (8 * i));
    return total;
}

static void check_digest(const uint8_t *want)
{
    for (unsigned i = 0; i < 5; i++) {
        const uint8_t *p = want + 4 * i;
        uint32_t le = p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
        ck_assert_uint_eq(rd(SHA1_REG_HASH + 4 * i), le);
    }
}

/* PIO: each block through DATA, 0x2 for the first and 0xA for the rest. */
static void hash_pio(const uint8_t *padded, uint32_t len)
{
    for (uint32_t b = 0; b < len / 64; b++) {
        for (unsigned i = 0; i < 16; i++) {
            const uint8_t *p = padded + 64 * b + 4 * i;
            wr(SHA1_REG_DATA + 4 * i, p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
        }
        wr(SHA1_REG_CONFIG, b == 0 ? SHA1_CONFIG_FIRST : SHA1_CONFIG_CONTINUE);
        finish();
    }
}

START_TEST(test_sha1_reset_values)
{
    for (uint32_t off = 0; off < 0x90; off += 4) ck_assert_uint_eq(rd(off), 0);
    ck_assert(!sched_pending(T.env.sched, EV_SHA1));
}
END_TEST

START_TEST(test_sha1_abc_pio)
{
    uint8_t buf[64];
    ck_assert_uint_eq(pad("abc", 3, buf), 64);
    hash_pio(buf, 64);
    check_digest(digest_abc);
    ck_assert_uint_eq(rd(SHA1_REG_HASH), 0x363E99A9u);
}
END_TEST

START_TEST(test_sha1_two_blocks_pio)
{
    uint8_t buf[128];
    ck_assert_uint_eq(pad(msg56, 56, buf), 128);
    hash_pio(buf, 128);
    check_digest(digest_56);
}
END_TEST

START_TEST(test_sha1_abc_memory_mode)
{
    uint32_t n = pad("abc", 3, ram + (MSG - RAM_BASE));
    wr(SHA1_REG_MEMORY_MODE, 1);
    wr(SHA1_REG_MEMORY_START, MSG);
    wr(SHA1_REG_INSIZE, n);
    wr(SHA1_REG_CONFIG, SHA1_CONFIG_FIRST);
    finish();
    check_digest(digest_abc);
}
END_TEST

START_TEST(test_sha1_two_blocks_memory_mode)
{
    uint32_t n = pad(msg56, 56, ram + (MSG - RAM_BASE));
    wr(SHA1_REG_MEMORY_MODE, 1);
    /* One operation over both blocks. */
    wr(SHA1_REG_MEMORY_START, MSG);
    wr(SHA1_REG_INSIZE, n);
    wr(SHA1_REG_CONFIG, SHA1_CONFIG_FIRST);
    finish();
    check_digest(digest_56);
    /* Two operations: 0x2 restarts from the initial value, 0xA continues. */
    wr(SHA1_REG_INSIZE, 64);
    wr(SHA1_REG_CONFIG, SHA1_CONFIG_FIRST);
    finish();
    wr(SHA1_REG_MEMORY_START, MSG + 64);
    wr(SHA1_REG_CONFIG, SHA1_CONFIG_CONTINUE);
    finish();
    check_digest(digest_56);
}
END_TEST

START_TEST(test_sha1_first_restarts_continue_chains)
{
    uint8_t buf[64];
    pad("abc", 3, buf);
    hash_pio(buf, 64);
    wr(SHA1_REG_CONFIG, SHA1_CONFIG_FIRST); /* same DATA again, restarted */
    finish();
    check_digest(digest_abc);
    wr(SHA1_REG_CONFIG, SHA1_CONFIG_CONTINUE); /* chained: different */
    finish();
    ck_assert_uint_ne(rd(SHA1_REG_HASH), 0x363E99A9u);
}
END_TEST

START_TEST(test_sha1_exact_timing)
{
    /* One block: 16 + 80 HCLK = 96 HCLK = 384 CPU cycles; two: 176 HCLK. */
    ck_assert_uint_eq(sha1_op_cycles(1), 384);
    ck_assert_uint_eq(sha1_op_cycles(2), 704);
    uint32_t n = pad(msg56, 56, ram + (MSG - RAM_BASE));
    sched_advance_to(T.env.sched, 50);
    wr(SHA1_REG_CONFIG, 0x1234); /* plain configuration: stored */
    wr(SHA1_REG_MEMORY_MODE, 1);
    wr(SHA1_REG_MEMORY_START, MSG);
    wr(SHA1_REG_INSIZE, n);
    wr(SHA1_REG_CONFIG, SHA1_CONFIG_FIRST);
    ck_assert_uint_eq(sched_when(T.env.sched, EV_SHA1), 50 + 704);
    sched_advance_to(T.env.sched, 50 + 703);
    ck_assert_uint_eq(rd(SHA1_REG_CONFIG), SHA1_CONFIG_FIRST);
    for (unsigned i = 0; i < 5; i++) ck_assert_uint_eq(rd(SHA1_REG_HASH + 4 * i), 0);
    sched_advance_to(T.env.sched, 50 + 704);
    ck_assert_uint_eq(rd(SHA1_REG_CONFIG), 0x1234);
    check_digest(digest_56);
}
END_TEST

START_TEST(test_sha1_reset_register_clears)
{
    uint8_t buf[64];
    pad("abc", 3, buf);
    hash_pio(buf, 64);
    wr(SHA1_REG_MEMORY_MODE, 1);
    wr(SHA1_REG_INSIZE, 64);
    wr(SHA1_REG_CONFIG, SHA1_CONFIG_CONTINUE);
    wr(SHA1_REG_RESET, 1);
    ck_assert(!sched_pending(T.env.sched, EV_SHA1));
    for (uint32_t off = 0; off < 0x90; off += 4) ck_assert_uint_eq(rd(off), 0);
}
END_TEST

START_TEST(test_sha1_state_round_trip)
{
    uint32_t n = pad(msg56, 56, ram + (MSG - RAM_BASE));
    wr(SHA1_REG_MEMORY_MODE, 1);
    wr(SHA1_REG_MEMORY_START, MSG);
    wr(SHA1_REG_INSIZE, n);
    wr(SHA1_REG_CONFIG, SHA1_CONFIG_FIRST);
    sched_advance_to(T.env.sched, 300);

    StateIO *io = state_create_save();
    sched_state(T.env.sched, io);
    sha1_ops.state(s, io);
    ck_assert_ptr_null(state_error(io));
    size_t len;
    const void *data = state_data(io, &len);

    DevTestEnv T2;
    devtest_init(&T2);
    uint8_t *ram2 = malloc(RAM_SIZE);
    memcpy(ram2, ram, RAM_SIZE);
    bus_map_ram(T2.env.bus, RAM_BASE, RAM_SIZE, ram2, "dram");
    Sha1Dev *s2 = sha1_create(&T2.env);
    sha1_ops.reset(s2);
    StateIO *in = state_create_load(data, len);
    sched_state(T2.env.sched, in);
    sha1_ops.state(s2, in);
    ck_assert_ptr_null(state_error(in));
    for (uint32_t off = 0; off < 0x90; off += 4)
        if (off < SHA1_REG_HASH || off >= SHA1_REG_HASH + 20) ck_assert_uint_eq(sha1_ops.read(s2, off, 4), rd(off));
    sched_advance_to(T2.env.sched, 704);
    for (unsigned i = 0; i < 5; i++) {
        const uint8_t *p = digest_56 + 4 * i;
        ck_assert_uint_eq(sha1_ops.read(s2, SHA1_REG_HASH + 4 * i, 4),
                          p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
    }

    state_destroy(in);
    state_destroy(io);
    sha1_ops.destroy(s2);
    devtest_free(&T2);
    free(ram2);
}
END_TEST

Suite *sha1_suite(void)
{
    Suite *su = suite_create("sha1");
    TCase *t = tcase_create("sha1");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_sha1_reset_values);
    tcase_add_test(t, test_sha1_abc_pio);
    tcase_add_test(t, test_sha1_two_blocks_pio);
    tcase_add_test(t, test_sha1_abc_memory_mode);
    tcase_add_test(t, test_sha1_two_blocks_memory_mode);
    tcase_add_test(t, test_sha1_first_restarts_continue_chains);
    tcase_add_test(t, test_sha1_exact_timing);
    tcase_add_test(t, test_sha1_reset_register_clears);
    tcase_add_test(t, test_sha1_state_round_trip);
    suite_add_tcase(su, t);
    return su;
}
