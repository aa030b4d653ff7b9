/* S5L8720 PKE (dev/pke.c): the Montgomery multiplier, driven only through
 * its registers, verifies an RSA-1024 PKCS#1 v1.5 SHA-1 signature made by
 * libtomcrypt (key from a fixed-seed PRNG): modulus load, conversion into
 * Montgomery form with a host-computed R^2 mod n, 16 squarings, one multiply
 * and the exit with B = 1 give s^65537 mod n, which must be the block
 * 00 01 FF..FF 00 || DigestInfo(SHA-1) || digest.  Also: KEY_LEN precision
 * formula, START reads the command while busy and 0 at the exact modelled
 * cycle with the SRAM unchanged before it, sign bits, even modulus refused,
 * SWRESET, reset values, SRAM byte access, save/load mid-command. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <tomcrypt.h>
#include <tommath.h>

#include "dev/pke.h"
#include "soc/clocks.h"
#include "soc/state.h"
#include "test/dev/devtest.h"

#define KEYLEN_1024 (1u | (15u << 3)) /* 2 * (16 * 32 + 16) = 1056 bits */
#define SEG128 (1u << PKE_SEG_SIZE_SHIFT)
#define SEGB 128u

static DevTestEnv T;
static PkeDev *p;

static void setup(void)
{
    devtest_init(&T);
    p = pke_create(&T.env);
    pke_ops.reset(p);
}

static void teardown(void)
{
    pke_ops.destroy(p);
    devtest_free(&T);
}

static void wr(uint32_t off, uint32_t v) { pke_ops.write(p, off, v, 4); }
static uint32_t rd(uint32_t off) { return pke_ops.read(p, off, 4); }

/* Big-endian bytes into segment `seg` (little-endian, zero-extended). */
static void seg_put(unsigned seg, const uint8_t *be, uint32_t len)
{
    uint8_t le[SEGB] = { 0 };
    for (uint32_t i = 0; i < len; i++) le[i] = be[len - 1 - i];
    for (uint32_t i = 0; i < SEGB; i += 4)
        wr(PKE_REG_SRAM + seg * SEGB + i,
           le[i] | (uint32_t)le[i + 1] << 8 | (uint32_t)le[i + 2] << 16 | (uint32_t)le[i + 3] << 24);
}

static void seg_get(unsigned seg, uint8_t be[SEGB])
{
    for (uint32_t i = 0; i < SEGB; i += 4) {
        uint32_t v = rd(PKE_REG_SRAM + seg * SEGB + i);
        for (unsigned b = 0; b < 4; b++) be[SEGB - 1 - (i + b)] = (uint8_t)(v >> (8 * b));
    }
}

static void mp_put(unsigned seg, const mp_int *a)
{
    uint8_t be[SEGB];
    size_t n = 0;
    ck_assert_int_eq(mp_to_ubin(a, be, sizeof be, &n), MP_OKAY);
    seg_put(seg, be, (uint32_t)n);
}

/* One START, checked: busy (START reads the command) until the exact cycle. */
static void run(uint32_t cmd)
{
    uint64_t due = sched_now(T.env.sched) + pke_op_cycles(rd(PKE_REG_KEY_LEN), cmd);
    wr(PKE_REG_START, cmd);
    ck_assert_uint_eq(sched_when(T.env.sched, EV_PKE), due);
    ck_assert_uint_eq(rd(PKE_REG_START), cmd);
    sched_advance_to(T.env.sched, due - 1);
    ck_assert_uint_eq(rd(PKE_REG_START), cmd);
    sched_advance_to(T.env.sched, due);
    ck_assert_uint_eq(rd(PKE_REG_START), 0);
}

static void mont(unsigned a, unsigned b, unsigned d, bool b_one)
{
    wr(PKE_REG_SEG_ID, a << PKE_SEG_ID_A_SHIFT | b << PKE_SEG_ID_B_SHIFT | 0u << PKE_SEG_ID_M_SHIFT | d);
    wr(PKE_REG_SEG_SIZE, SEG128 | (b_one ? PKE_SEG_SIZE_B_ONE : 0));
    run(PKE_START_MULTIPLY);
}

START_TEST(test_pke_reset_values_and_bits)
{
    for (uint32_t off = 0; off < 0x30; off += 4) ck_assert_uint_eq(rd(off), 0);
    for (uint32_t off = PKE_REG_SRAM; off < PKE_REG_SRAM + PKE_SRAM_BYTES; off += 4) ck_assert_uint_eq(rd(off), 0);
    ck_assert_uint_eq(pke_bits(0), 48);
    ck_assert_uint_eq(pke_bits(KEYLEN_1024), 1056);
    ck_assert_uint_eq(pke_bits(3u | (15u << 3)), 2112);
    /* 1056 bits = 33 words: 16 + 33*33 HCLK multiply, 16 + 33 load, 4 CPU cycles each. */
    ck_assert_uint_eq(pke_op_cycles(KEYLEN_1024, PKE_START_MULTIPLY), (16 + 1089) * 4);
    ck_assert_uint_eq(pke_op_cycles(KEYLEN_1024, PKE_START_LOAD_MOD), (16 + 33) * 4);
}
END_TEST

START_TEST(test_pke_sram_byte_access)
{
    pke_ops.write(p, PKE_REG_SRAM + 5, 0xAB, 1);
    pke_ops.write(p, PKE_REG_SRAM + 6, 0xCDEF, 2);
    ck_assert_uint_eq(rd(PKE_REG_SRAM + 4), 0xCDEFAB00u);
    ck_assert_uint_eq(pke_ops.read(p, PKE_REG_SRAM + 7, 1), 0xCD);
}
END_TEST

START_TEST(test_pke_rsa1024_pkcs1_signature)
{
    ltc_mp = ltm_desc;
    int prng_idx = register_prng(&yarrow_desc);
    int hash_idx = register_hash(&sha1_desc);
    ck_assert_int_ge(prng_idx, 0);
    ck_assert_int_ge(hash_idx, 0);
    prng_state prng;
    static const uint8_t seed[32] = "ipodsim pke test fixed seed 0001";
    ck_assert_int_eq(yarrow_start(&prng), CRYPT_OK);
    ck_assert_int_eq(yarrow_add_entropy(seed, sizeof seed, &prng), CRYPT_OK);
    ck_assert_int_eq(yarrow_ready(&prng), CRYPT_OK);
    rsa_key key;
    ck_assert_int_eq(rsa_make_key(&prng, prng_idx, 128, 65537, &key), CRYPT_OK);

    uint8_t digest[20], sig[128];
    hash_state md;
    sha1_init(&md);
    sha1_process(&md, (const uint8_t *)"Img3 signed area", 16);
    sha1_done(&md, digest);
    unsigned long siglen = sizeof sig;
    ck_assert_int_eq(rsa_sign_hash_ex(digest, 20, sig, &siglen, LTC_PKCS_1_V1_5, &prng, prng_idx, hash_idx, 0, &key),
                     CRYPT_OK);
    ck_assert_uint_eq(siglen, 128);

    /* Host side, as firmware precomputes: R^2 mod n with R = 2^1056. */
    mp_int *n = key.N;
    mp_int r2;
    ck_assert_int_eq(mp_init(&r2), MP_OKAY);
    ck_assert_int_eq(mp_2expt(&r2, 2 * 1056), MP_OKAY);
    ck_assert_int_eq(mp_mod(&r2, n, &r2), MP_OKAY);

    wr(PKE_REG_SWRESET, 1);
    wr(PKE_REG_KEY_LEN, KEYLEN_1024);
    wr(PKE_REG_SEG_SIZE, SEG128);
    wr(PKE_REG_SEG_SIGN, 0);
    mp_put(0, n);
    seg_put(1, sig, 128);
    mp_put(2, &r2);
    wr(PKE_REG_SEG_ID, 0u << PKE_SEG_ID_M_SHIFT);
    run(PKE_START_LOAD_MOD);
    mont(1, 2, 3, false);               /* seg3 = s R */
    mont(3, 3, 4, false);               /* seg4 = s^2 R */
    for (unsigned i = 1; i < 16; i++) mont(4, 4, 4, false); /* s^(2^16) R */
    mont(4, 3, 5, false);               /* s^65537 R */
    mont(5, 0, 1, true);                /* leave Montgomery form into seg1 */

    uint8_t out[SEGB];
    seg_get(1, out);
    static const uint8_t info[15] = { 0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2B, 0x0E,
                                      0x03, 0x02, 0x1A, 0x05, 0x00, 0x04, 0x14 };
    ck_assert_uint_eq(out[0], 0x00);
    ck_assert_uint_eq(out[1], 0x01);
    for (unsigned i = 2; i < 128 - 36; i++) ck_assert_uint_eq(out[i], 0xFF);
    ck_assert_uint_eq(out[128 - 36], 0x00);
    ck_assert_mem_eq(out + 128 - 35, info, 15);
    ck_assert_mem_eq(out + 128 - 20, digest, 20);

    mp_clear(&r2);
    rsa_free(&key);
    yarrow_done(&prng);
}
END_TEST

START_TEST(test_pke_sram_unchanged_until_done)
{
    /* M = 0xFFF1 (odd), A = 5, B = 7; dest seg2 holds a marker until the event. */
    wr(PKE_REG_KEY_LEN, 0); /* 48-bit precision */
    wr(PKE_REG_SEG_SIZE, 2u << PKE_SEG_SIZE_SHIFT); /* 64-byte segments */
    wr(PKE_REG_SRAM + 0, 0xFFF1);
    wr(PKE_REG_SRAM + 64, 5);
    wr(PKE_REG_SRAM + 128, 7);
    wr(PKE_REG_SRAM + 192, 0x12345678);
    wr(PKE_REG_SEG_ID, 1u << 24 | 2u << 16 | 0u << 8 | 3u);
    wr(PKE_REG_START, PKE_START_LOAD_MOD | PKE_START_MULTIPLY);
    uint64_t due = pke_op_cycles(0, PKE_START_LOAD_MOD | PKE_START_MULTIPLY);
    ck_assert_uint_eq(due, clk_cycles(16 + 2 + 4, HCLK_HZ));
    sched_advance_to(T.env.sched, due - 1);
    ck_assert_uint_eq(rd(PKE_REG_SRAM + 192), 0x12345678);
    ck_assert_uint_eq(rd(PKE_REG_START), PKE_START_LOAD_MOD | PKE_START_MULTIPLY);
    sched_advance_to(T.env.sched, due);
    /* 35 * 2^-48 mod 65521, computed independently with libtommath. */
    mp_int m, r, t;
    ck_assert_int_eq(mp_init_multi(&m, &r, &t, NULL), MP_OKAY);
    mp_set(&m, 0xFFF1);
    ck_assert_int_eq(mp_2expt(&r, 48), MP_OKAY);
    ck_assert_int_eq(mp_invmod(&r, &m, &r), MP_OKAY);
    mp_set(&t, 35);
    ck_assert_int_eq(mp_mulmod(&t, &r, &m, &t), MP_OKAY);
    uint32_t want = (uint32_t)mp_get_u32(&t);
    ck_assert_uint_eq(rd(PKE_REG_SRAM + 192), want);
    for (uint32_t i = 4; i < 64; i += 4) ck_assert_uint_eq(rd(PKE_REG_SRAM + 192 + i), 0);
    /* A negative A gives M - result. */
    wr(PKE_REG_SEG_SIGN, 1u << 1);
    wr(PKE_REG_START, PKE_START_MULTIPLY);
    sched_advance_to(T.env.sched, sched_now(T.env.sched) + pke_op_cycles(0, PKE_START_MULTIPLY));
    ck_assert_uint_eq(rd(PKE_REG_SRAM + 192), 0xFFF1 - want);
    mp_clear_multi(&m, &r, &t, NULL);
}
END_TEST

START_TEST(test_pke_even_modulus_and_swreset)
{
    wr(PKE_REG_SEG_SIZE, 2u << PKE_SEG_SIZE_SHIFT);
    wr(PKE_REG_SRAM + 0, 0x1000); /* even */
    wr(PKE_REG_SRAM + 64, 5);
    wr(PKE_REG_SRAM + 192, 0xAAAA);
    wr(PKE_REG_SEG_ID, 1u << 24 | 1u << 16 | 0u << 8 | 3u);
    wr(PKE_REG_START, PKE_START_LOAD_MOD | PKE_START_MULTIPLY);
    sched_advance_to(T.env.sched, 100000);
    ck_assert_uint_eq(rd(PKE_REG_SRAM + 192), 0xAAAA);
    ck_assert_uint_gt(log_count(T.env.log), 0);
    /* SWRESET cancels a running command and forgets the modulus and signs. */
    wr(PKE_REG_SRAM + 0, 0xFFF1);
    wr(PKE_REG_SEG_SIGN, 3);
    wr(PKE_REG_START, PKE_START_LOAD_MOD);
    wr(PKE_REG_SWRESET, 1);
    ck_assert_uint_eq(rd(PKE_REG_START), 0);
    ck_assert_uint_eq(rd(PKE_REG_SEG_SIGN), 0);
    ck_assert(!sched_pending(T.env.sched, EV_PKE));
    wr(PKE_REG_START, PKE_START_MULTIPLY); /* no modulus: refused */
    sched_advance_to(T.env.sched, 200000);
    ck_assert_uint_eq(rd(PKE_REG_SRAM + 192), 0xAAAA);
}
END_TEST

START_TEST(test_pke_state_round_trip)
{
    wr(PKE_REG_KEY_LEN, 0);
    wr(PKE_REG_SEG_SIZE, 2u << PKE_SEG_SIZE_SHIFT);
    wr(PKE_REG_SRAM + 0, 0xFFF1);
    wr(PKE_REG_SRAM + 64, 1234);
    wr(PKE_REG_SEG_ID, 1u << 24 | 1u << 16 | 0u << 8 | 2u);
    wr(PKE_REG_START, PKE_START_LOAD_MOD | PKE_START_MULTIPLY);
    uint64_t due = pke_op_cycles(0, PKE_START_LOAD_MOD | PKE_START_MULTIPLY);
    sched_advance_to(T.env.sched, due / 2);

    StateIO *io = state_create_save();
    sched_state(T.env.sched, io);
    pke_ops.state(p, io);
    ck_assert_ptr_null(state_error(io));
    size_t len;
    const void *data = state_data(io, &len);

    DevTestEnv T2;
    devtest_init(&T2);
    PkeDev *p2 = pke_create(&T2.env);
    pke_ops.reset(p2);
    StateIO *in = state_create_load(data, len);
    sched_state(T2.env.sched, in);
    pke_ops.state(p2, in);
    ck_assert_ptr_null(state_error(in));
    for (uint32_t off = 0; off < 0x1000; off += 4) ck_assert_uint_eq(pke_ops.read(p2, off, 4), rd(off));
    sched_advance_to(T.env.sched, due);
    sched_advance_to(T2.env.sched, due);
    ck_assert_uint_eq(rd(PKE_REG_START), 0);
    ck_assert_uint_ne(rd(PKE_REG_SRAM + 128), 0);
    for (uint32_t off = 0; off < 0x1000; off += 4) ck_assert_uint_eq(pke_ops.read(p2, off, 4), rd(off));

    state_destroy(in);
    state_destroy(io);
    pke_ops.destroy(p2);
    devtest_free(&T2);
}
END_TEST

Suite *pke_suite(void)
{
    Suite *s = suite_create("pke");
    TCase *t = tcase_create("pke");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_set_timeout(t, 120);
    tcase_add_test(t, test_pke_reset_values_and_bits);
    tcase_add_test(t, test_pke_sram_byte_access);
    tcase_add_test(t, test_pke_rsa1024_pkcs1_signature);
    tcase_add_test(t, test_pke_sram_unchanged_until_done);
    tcase_add_test(t, test_pke_even_modulus_and_swreset);
    tcase_add_test(t, test_pke_state_round_trip);
    suite_add_tcase(s, t);
    return s;
}
