/* S5L8720 AES engine (dev/aes.c): driven only through its registers on a
 * test bus with RAM, it reproduces the NIST SP 800-38A CBC vectors for
 * 128/192/256-bit keys in both directions with the key in the LAST key words
 * and CIPHER_ADDR/PLAIN_ADDR in the [Q] roles; TYPE 1/2 select the GID
 * (AES-256) and UID (AES-128) keys given at creation whatever MODE's key
 * size; key and IV registers are cleared after an operation; a trailing
 * partial block is untouched in place and copied otherwise; completion comes
 * at the exact modelled cycle with nothing written before it and STATUS 0
 * until then; a bus error completes with the error bit; registers reset to
 * 0; a save/load mid-operation finishes identically. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "dev/aes.h"
#include "soc/bus.h"
#include "soc/state.h"
#include "test/dev/devtest.h"

#define RAM_BASE 0x08000000u
#define RAM_SIZE 0x00500000u /* 5 MiB: room for a 4 MiB operation */
#define PLAIN (RAM_BASE + 0x1000u)
#define CIPHER (RAM_BASE + 0x2000u)

static const uint8_t iv_nist[16] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                                     0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f };
static const uint8_t pt_nist[64] = {
    0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96, 0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a,
    0xae, 0x2d, 0x8a, 0x57, 0x1e, 0x03, 0xac, 0x9c, 0x9e, 0xb7, 0x6f, 0xac, 0x45, 0xaf, 0x8e, 0x51,
    0x30, 0xc8, 0x1c, 0x46, 0xa3, 0x5c, 0xe4, 0x11, 0xe5, 0xfb, 0xc1, 0x19, 0x1a, 0x0a, 0x52, 0xef,
    0xf6, 0x9f, 0x24, 0x45, 0xdf, 0x4f, 0x9b, 0x17, 0xad, 0x2b, 0x41, 0x7b, 0xe6, 0x6c, 0x37, 0x10,
};
static const uint8_t key128[16] = { 0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                    0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c };
static const uint8_t key192[24] = { 0x8e, 0x73, 0xb0, 0xf7, 0xda, 0x0e, 0x64, 0x52, 0xc8, 0x10, 0xf3, 0x2b,
                                    0x80, 0x90, 0x79, 0xe5, 0x62, 0xf8, 0xea, 0xd2, 0x52, 0x2c, 0x6b, 0x7b };
static const uint8_t key256[32] = { 0x60, 0x3d, 0xeb, 0x10, 0x15, 0xca, 0x71, 0xbe, 0x2b, 0x73, 0xae,
                                    0xf0, 0x85, 0x7d, 0x77, 0x81, 0x1f, 0x35, 0x2c, 0x07, 0x3b, 0x61,
                                    0x08, 0xd7, 0x2d, 0x98, 0x10, 0xa3, 0x09, 0x14, 0xdf, 0xf4 };
static const uint8_t ct128[64] = {
    0x76, 0x49, 0xab, 0xac, 0x81, 0x19, 0xb2, 0x46, 0xce, 0xe9, 0x8e, 0x9b, 0x12, 0xe9, 0x19, 0x7d,
    0x50, 0x86, 0xcb, 0x9b, 0x50, 0x72, 0x19, 0xee, 0x95, 0xdb, 0x11, 0x3a, 0x91, 0x76, 0x78, 0xb2,
    0x73, 0xbe, 0xd6, 0xb8, 0xe3, 0xc1, 0x74, 0x3b, 0x71, 0x16, 0xe6, 0x9e, 0x22, 0x22, 0x95, 0x16,
    0x3f, 0xf1, 0xca, 0xa1, 0x68, 0x1f, 0xac, 0x09, 0x12, 0x0e, 0xca, 0x30, 0x75, 0x86, 0xe1, 0xa7,
};
static const uint8_t ct192[64] = {
    0x4f, 0x02, 0x1d, 0xb2, 0x43, 0xbc, 0x63, 0x3d, 0x71, 0x78, 0x18, 0x3a, 0x9f, 0xa0, 0x71, 0xe8,
    0xb4, 0xd9, 0xad, 0xa9, 0xad, 0x7d, 0xed, 0xf4, 0xe5, 0xe7, 0x38, 0x76, 0x3f, 0x69, 0x14, 0x5a,
    0x57, 0x1b, 0x24, 0x20, 0x12, 0xfb, 0x7a, 0xe0, 0x7f, 0xa9, 0xba, 0xac, 0x3d, 0xf1, 0x02, 0xe0,
    0x08, 0xb0, 0xe2, 0x79, 0x88, 0x59, 0x88, 0x81, 0xd9, 0x20, 0xa9, 0xe6, 0x4f, 0x56, 0x15, 0xcd,
};
static const uint8_t ct256[64] = {
    0xf5, 0x8c, 0x4c, 0x04, 0xd6, 0xe5, 0xf1, 0xba, 0x77, 0x9e, 0xab, 0xfb, 0x5f, 0x7b, 0xfb, 0xd6,
    0x9c, 0xfc, 0x4e, 0x96, 0x7e, 0xdb, 0x80, 0x8d, 0x67, 0x9f, 0x77, 0x7b, 0xc6, 0x70, 0x2c, 0x7d,
    0x39, 0xf2, 0x33, 0x69, 0xa9, 0xd9, 0xba, 0xcf, 0xa5, 0x30, 0xe2, 0x63, 0x04, 0x23, 0x14, 0x61,
    0xb2, 0xeb, 0x05, 0xe2, 0xc3, 0x9b, 0xe9, 0xfc, 0xda, 0x6c, 0x19, 0x07, 0x8c, 0x6a, 0x9d, 0x1b,
};

static DevTestEnv T;
static AesDev *a;
static uint8_t *ram;
static AesKeys keys;

static void setup(void)
{
    devtest_init(&T);
    ram = calloc(1, RAM_SIZE);
    bus_map_ram(T.env.bus, RAM_BASE, RAM_SIZE, ram, "dram");
    memcpy(keys.gid, key256, 32);
    memset(keys.uid, 0xEE, 32); /* bytes 16-31 must not matter */
    memcpy(keys.uid, key128, 16);
    a = aes_create(&T.env, &keys);
    ck_assert_ptr_nonnull(a);
    aes_ops.reset(a);
}

static void teardown(void)
{
    aes_ops.destroy(a);
    devtest_free(&T);
    free(ram);
}

static uint8_t *at(uint32_t pa) { return ram + (pa - RAM_BASE); }
static void wr(uint32_t off, uint32_t v) { aes_ops.write(a, off, v, 4); }
static uint32_t rd(uint32_t off) { return aes_ops.read(a, off, 4); }
static uint32_t le32(const uint8_t *p) { return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }

/* Key of `len` bytes into the last len/4 key words, in memory byte order. */
static void set_key(const uint8_t *key, unsigned len)
{
    unsigned first = AES_KEY_WORDS - len / 4;
    for (unsigned i = 0; i < len / 4; i++) wr(AES_REG_KEY + 4 * (first + i), le32(key + 4 * i));
}

static void set_iv(const uint8_t *iv)
{
    for (unsigned i = 0; i < 4; i++) wr(AES_REG_IV + 4 * i, le32(iv + 4 * i));
}

/* The [O] sequence: MODE = 6 | option bit 3 | key size | direction. */
static void go(bool encrypt, unsigned keysize, uint32_t type, uint32_t size)
{
    wr(AES_REG_TYPE, type);
    wr(AES_REG_MODE, 0x6u | 0x8u | (keysize << AES_MODE_KEYSIZE_SHIFT) | (encrypt ? AES_MODE_ENCRYPT : 0));
    wr(AES_REG_SIZE, size);
    wr(AES_REG_CIPHER_ADDR, CIPHER);
    wr(AES_REG_PLAIN_ADDR, PLAIN);
    wr(AES_REG_GO, 1);
}

/* Let the pending operation finish. */
static void finish(void) { sched_advance_to(T.env.sched, sched_now(T.env.sched) + aes_op_cycles(0x01000000u)); }

START_TEST(test_aes_reset_values)
{
    for (uint32_t off = 0; off < 0x84; off += 4) ck_assert_uint_eq(rd(off), 0);
    ck_assert(!sched_pending(T.env.sched, EV_AES));
}
END_TEST

static void check_vector(const uint8_t *key, unsigned keylen, unsigned keysize, const uint8_t *ct)
{
    /* Encrypt. */
    memcpy(at(PLAIN), pt_nist, 64);
    memset(at(CIPHER), 0, 64);
    set_key(key, keylen);
    set_iv(iv_nist);
    go(true, keysize, AES_TYPE_CUSTOM, 64);
    finish();
    ck_assert_uint_eq(rd(AES_REG_STATUS) & 0xF, 0xF);
    ck_assert_mem_eq(at(CIPHER), ct, 64);
    ck_assert_mem_eq(at(PLAIN), pt_nist, 64);
    /* Decrypt. */
    memset(at(PLAIN), 0, 64);
    set_key(key, keylen);
    set_iv(iv_nist);
    go(false, keysize, AES_TYPE_CUSTOM, 64);
    finish();
    ck_assert_mem_eq(at(PLAIN), pt_nist, 64);
    ck_assert_mem_eq(at(CIPHER), ct, 64);
}

START_TEST(test_aes_cbc_nist_128) { check_vector(key128, 16, 0, ct128); }
END_TEST

START_TEST(test_aes_cbc_nist_192) { check_vector(key192, 24, 1, ct192); }
END_TEST

START_TEST(test_aes_cbc_nist_256) { check_vector(key256, 32, 2, ct256); }
END_TEST

START_TEST(test_aes_key_bytes_written_one_by_one)
{
    /* iBoot-style narrow writes merge into the key words. */
    memcpy(at(CIPHER), ct128, 64);
    for (unsigned i = 0; i < 16; i++) aes_ops.write(a, AES_REG_KEY + 16 + i, key128[i], 1);
    for (unsigned i = 0; i < 16; i += 2) aes_ops.write(a, AES_REG_IV + i, iv_nist[i] | iv_nist[i + 1] << 8, 2);
    go(false, 0, AES_TYPE_CUSTOM, 64);
    finish();
    ck_assert_mem_eq(at(PLAIN), pt_nist, 64);
}
END_TEST

START_TEST(test_aes_gid_is_aes256_uid_is_aes128)
{
    /* GID: the 256-bit vector although MODE says 128 bits; KEY registers unused. */
    memcpy(at(CIPHER), ct256, 64);
    set_key(key128, 16);
    set_iv(iv_nist);
    go(false, 0, AES_TYPE_GID, 64);
    finish();
    ck_assert_mem_eq(at(PLAIN), pt_nist, 64);
    /* UID: the 128-bit vector although MODE says 256 bits. */
    memcpy(at(PLAIN), pt_nist, 64);
    set_key(key256, 32);
    set_iv(iv_nist);
    go(true, 2, AES_TYPE_UID, 64);
    finish();
    ck_assert_mem_eq(at(CIPHER), ct128, 64);
}
END_TEST

START_TEST(test_aes_key_and_iv_cleared_after_op)
{
    memcpy(at(PLAIN), pt_nist, 64);
    set_key(key128, 16);
    set_iv(iv_nist);
    go(true, 0, AES_TYPE_CUSTOM, 64);
    finish();
    for (unsigned i = 0; i < AES_KEY_WORDS; i++) ck_assert_uint_eq(a->key[i], 0);
    for (unsigned i = 0; i < AES_IV_WORDS; i++) ck_assert_uint_eq(a->iv[i], 0);
    /* A second operation without new key/IV uses zeros: FIPS-197 C.1-style
     * known answer AES-128(0, 0) = 66e94bd4ef8a2c3b884cfa59ca342b2e. */
    static const uint8_t zero_ct[16] = { 0x66, 0xe9, 0x4b, 0xd4, 0xef, 0x8a, 0x2c, 0x3b,
                                         0x88, 0x4c, 0xfa, 0x59, 0xca, 0x34, 0x2b, 0x2e };
    memset(at(PLAIN), 0, 16);
    go(true, 0, AES_TYPE_CUSTOM, 16);
    finish();
    ck_assert_mem_eq(at(CIPHER), zero_ct, 16);
}
END_TEST

START_TEST(test_aes_partial_tail_untouched)
{
    /* In place: 36 bytes = 2 blocks + 4 tail bytes that stay as they are. */
    memcpy(at(CIPHER), ct128, 64);
    set_key(key128, 16);
    set_iv(iv_nist);
    wr(AES_REG_TYPE, AES_TYPE_CUSTOM);
    wr(AES_REG_MODE, 0xE);
    wr(AES_REG_SIZE, 36);
    wr(AES_REG_CIPHER_ADDR, CIPHER);
    wr(AES_REG_PLAIN_ADDR, CIPHER);
    wr(AES_REG_GO, 1);
    finish();
    ck_assert_mem_eq(at(CIPHER), pt_nist, 32);
    ck_assert_mem_eq(at(CIPHER) + 32, ct128 + 32, 32);
    /* Separate buffers: the tail is copied unchanged, nothing beyond SIZE. */
    memcpy(at(CIPHER), ct128, 64);
    memset(at(PLAIN), 0xAA, 64);
    set_key(key128, 16);
    set_iv(iv_nist);
    go(false, 0, AES_TYPE_CUSTOM, 36);
    finish();
    ck_assert_mem_eq(at(PLAIN), pt_nist, 32);
    ck_assert_mem_eq(at(PLAIN) + 32, ct128 + 32, 4);
    for (unsigned i = 36; i < 64; i++) ck_assert_uint_eq(at(PLAIN)[i], 0xAA);
}
END_TEST

START_TEST(test_aes_completion_exact_cycle)
{
    /* 64 bytes: 64 setup + 4 * 16 HCLK = 128 HCLK = 512 CPU cycles. */
    ck_assert_uint_eq(aes_op_cycles(64), 512);
    sched_advance_to(T.env.sched, 1000);
    memcpy(at(CIPHER), ct128, 64);
    set_key(key128, 16);
    set_iv(iv_nist);
    go(false, 0, AES_TYPE_CUSTOM, 64);
    ck_assert_uint_eq(sched_when(T.env.sched, EV_AES), 1512);
    ck_assert_uint_eq(rd(AES_REG_STATUS), 0);
    sched_advance_to(T.env.sched, 1511);
    ck_assert_uint_eq(rd(AES_REG_STATUS), 0);
    for (unsigned i = 0; i < 64; i++) ck_assert_uint_eq(at(PLAIN)[i], 0);
    sched_advance_to(T.env.sched, 1512);
    ck_assert_uint_eq(rd(AES_REG_STATUS), AES_STATUS_DONE);
    ck_assert_mem_eq(at(PLAIN), pt_nist, 64);
    /* A new GO clears STATUS again. */
    go(false, 0, AES_TYPE_CUSTOM, 16);
    ck_assert_uint_eq(rd(AES_REG_STATUS), 0);
}
END_TEST

START_TEST(test_aes_4mib_takes_millions_of_cycles)
{
    const uint32_t n = 4u << 20;
    /* 262144 blocks * 16 + 64 HCLK, 4 CPU cycles each. */
    ck_assert_uint_eq(aes_op_cycles(n), (262144ull * 16 + 64) * 4);
    ck_assert_uint_ge(aes_op_cycles(n), 10000000ull);
    uint8_t *buf = at(CIPHER);
    for (uint32_t i = 0; i < n; i++) buf[i] = (uint8_t)(i * 7 + (i >> 12));
    uint8_t *copy = malloc(n);
    memcpy(copy, buf, n);
    /* Encrypt in place then decrypt in place: the data comes back. */
    set_key(key256, 32);
    set_iv(iv_nist);
    wr(AES_REG_TYPE, 0);
    wr(AES_REG_MODE, 0xF | (2u << AES_MODE_KEYSIZE_SHIFT));
    wr(AES_REG_SIZE, n);
    wr(AES_REG_CIPHER_ADDR, CIPHER);
    wr(AES_REG_PLAIN_ADDR, CIPHER);
    wr(AES_REG_GO, 1);
    sched_advance_to(T.env.sched, aes_op_cycles(n) - 1);
    ck_assert_uint_eq(rd(AES_REG_STATUS), 0);
    ck_assert_mem_eq(buf, copy, n);
    sched_advance_to(T.env.sched, aes_op_cycles(n));
    ck_assert_uint_eq(rd(AES_REG_STATUS), 0xF);
    ck_assert(memcmp(buf, copy, n) != 0);
    set_key(key256, 32);
    set_iv(iv_nist);
    wr(AES_REG_MODE, 0xE | (2u << AES_MODE_KEYSIZE_SHIFT));
    wr(AES_REG_GO, 1);
    finish();
    ck_assert_mem_eq(buf, copy, n);
    free(copy);
}
END_TEST

START_TEST(test_aes_bus_error_status)
{
    set_key(key128, 16);
    wr(AES_REG_MODE, 0xE);
    wr(AES_REG_SIZE, 64);
    wr(AES_REG_CIPHER_ADDR, 0x70000000u); /* nothing mapped */
    wr(AES_REG_PLAIN_ADDR, PLAIN);
    wr(AES_REG_GO, 1);
    ck_assert_uint_eq(rd(AES_REG_STATUS), 0);
    finish();
    ck_assert_uint_eq(rd(AES_REG_STATUS), AES_STATUS_DONE | AES_STATUS_BUSERR);
    ck_assert_uint_eq(rd(AES_REG_STATUS) & 0xF, 0xF);
    for (unsigned i = 0; i < 64; i++) ck_assert_uint_eq(at(PLAIN)[i], 0);
    ck_assert_uint_gt(log_count(T.env.log), 0);
}
END_TEST

START_TEST(test_aes_mode_reads_back_key_regs_do_not)
{
    wr(AES_REG_MODE, 0x2F);
    ck_assert_uint_eq(rd(AES_REG_MODE), 0x2F);
    ck_assert_uint_eq(aes_ops.read(a, AES_REG_MODE + 1, 1), 0);
    ck_assert_uint_eq(aes_ops.read(a, AES_REG_MODE, 1), 0x2F);
    set_key(key128, 16);
    ck_assert_uint_eq(rd(AES_REG_KEY + 16), 0);
    ck_assert_uint_eq(a->key[4], le32(key128));
}
END_TEST

START_TEST(test_aes_state_round_trip)
{
    sched_advance_to(T.env.sched, 100);
    memcpy(at(CIPHER), ct192, 64);
    set_key(key192, 24);
    set_iv(iv_nist);
    go(false, 1, AES_TYPE_CUSTOM, 64);
    sched_advance_to(T.env.sched, 300);

    StateIO *io = state_create_save();
    sched_state(T.env.sched, io);
    aes_ops.state(a, io);
    ck_assert_ptr_null(state_error(io));
    size_t len;
    const void *data = state_data(io, &len);

    DevTestEnv T2;
    devtest_init(&T2);
    uint8_t *ram2 = calloc(1, RAM_SIZE);
    memcpy(ram2, ram, 0x10000);
    bus_map_ram(T2.env.bus, RAM_BASE, RAM_SIZE, ram2, "dram");
    AesDev *a2 = aes_create(&T2.env, &keys);
    aes_ops.reset(a2);
    StateIO *in = state_create_load(data, len);
    sched_state(T2.env.sched, in);
    aes_ops.state(a2, in);
    ck_assert_ptr_null(state_error(in));
    for (uint32_t off = 0; off < 0x84; off += 4) ck_assert_uint_eq(aes_ops.read(a2, off, 4), rd(off));
    ck_assert_uint_eq(sched_when(T2.env.sched, EV_AES), 100 + aes_op_cycles(64));

    sched_advance_to(T2.env.sched, 100 + aes_op_cycles(64) - 1);
    ck_assert_uint_eq(aes_ops.read(a2, AES_REG_STATUS, 4), 0);
    sched_advance_to(T2.env.sched, 100 + aes_op_cycles(64));
    ck_assert_uint_eq(aes_ops.read(a2, AES_REG_STATUS, 4), 0xF);
    ck_assert_mem_eq(ram2 + (PLAIN - RAM_BASE), pt_nist, 64);

    state_destroy(in);
    state_destroy(io);
    aes_ops.destroy(a2);
    devtest_free(&T2);
    free(ram2);
}
END_TEST

Suite *aes_suite(void)
{
    Suite *s = suite_create("aes");
    TCase *t = tcase_create("aes");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_set_timeout(t, 60);
    tcase_add_test(t, test_aes_reset_values);
    tcase_add_test(t, test_aes_cbc_nist_128);
    tcase_add_test(t, test_aes_cbc_nist_192);
    tcase_add_test(t, test_aes_cbc_nist_256);
    tcase_add_test(t, test_aes_key_bytes_written_one_by_one);
    tcase_add_test(t, test_aes_gid_is_aes256_uid_is_aes128);
    tcase_add_test(t, test_aes_key_and_iv_cleared_after_op);
    tcase_add_test(t, test_aes_partial_tail_untouched);
    tcase_add_test(t, test_aes_completion_exact_cycle);
    tcase_add_test(t, test_aes_4mib_takes_millions_of_cycles);
    tcase_add_test(t, test_aes_bus_error_status);
    tcase_add_test(t, test_aes_mode_reads_back_key_regs_do_not);
    tcase_add_test(t, test_aes_state_round_trip);
    suite_add_tcase(s, t);
    return s;
}
