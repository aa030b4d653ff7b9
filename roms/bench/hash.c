/*
 * hash.c - hashing benchmark for ipodsim.
 *
 * Generates 8 MiB of pseudo-random data, then per pass hashes all of it with
 *
 *   sha1   SHA-1 (FIPS 180) over the whole buffer: rotates, 32-bit adds,
 *          big-endian word loads, 80-round loop
 *   crc32  table-driven reflected CRC-32 (poly 0xEDB88320): byte loads,
 *          table lookups, shifts
 *   fnv1a  32-bit FNV-1a over the whole buffer: byte loads, multiplies
 *
 * and then perturbs a few words so every pass hashes different data.  The
 * three hashes are first run on their standard test vectors; a wrong answer
 * there is reported and makes the program exit with status 1.  Change the
 * amount of work with -DHASH_PASSES=N.
 */
#include <stdint.h>
#include <string.h>
#include "bench.h"

#ifndef HASH_PASSES
#define HASH_PASSES 1
#endif

#define NAME "hash"
#define DATA_BYTES (8u * 1024u * 1024u)

static uint32_t data_words[DATA_BYTES / 4];
static uint32_t crc_table[256];

/* ---- SHA-1 -------------------------------------------------------------- */

struct sha1 {
    uint32_t h[5];
};

static BENCH_NOINLINE void sha1_block(struct sha1 *st, const uint8_t *p)
{
    uint32_t w[80];
    for (int i = 0; i < 16; i++)
        w[i] = ((uint32_t)p[4 * i] << 24) | ((uint32_t)p[4 * i + 1] << 16) |
               ((uint32_t)p[4 * i + 2] << 8) | (uint32_t)p[4 * i + 3];
    for (int i = 16; i < 80; i++)
        w[i] = rotl32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);

    uint32_t a = st->h[0], b = st->h[1], c = st->h[2], d = st->h[3], e = st->h[4];
    for (int i = 0; i < 80; i++) {
        uint32_t f, k;
        if (i < 20) {
            f = (b & c) | (~b & d);
            k = 0x5a827999u;
        } else if (i < 40) {
            f = b ^ c ^ d;
            k = 0x6ed9eba1u;
        } else if (i < 60) {
            f = (b & c) | (b & d) | (c & d);
            k = 0x8f1bbcdcu;
        } else {
            f = b ^ c ^ d;
            k = 0xca62c1d6u;
        }
        uint32_t t = rotl32(a, 5) + f + e + k + w[i];
        e = d;
        d = c;
        c = rotl32(b, 30);
        b = a;
        a = t;
    }
    st->h[0] += a;
    st->h[1] += b;
    st->h[2] += c;
    st->h[3] += d;
    st->h[4] += e;
}

/* One-shot SHA-1 of p[0..n); writes the 5 state words to out. */
static void sha1(const uint8_t *p, uint32_t n, uint32_t out[5])
{
    struct sha1 st = { { 0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u, 0xc3d2e1f0u } };
    uint32_t left = n;
    while (left >= 64) {
        sha1_block(&st, p);
        p += 64;
        left -= 64;
    }
    uint8_t tail[128];
    memset(tail, 0, sizeof tail);
    memcpy(tail, p, left);
    tail[left] = 0x80;
    uint32_t tail_len = (left < 56) ? 64u : 128u;
    uint64_t bits = (uint64_t)n * 8u;
    for (int i = 0; i < 8; i++)
        tail[tail_len - 1 - (uint32_t)i] = (uint8_t)(bits >> (8 * i));
    sha1_block(&st, tail);
    if (tail_len == 128)
        sha1_block(&st, tail + 64);
    for (int i = 0; i < 5; i++)
        out[i] = st.h[i];
}

/* ---- CRC-32 ------------------------------------------------------------- */

static void crc32_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int b = 0; b < 8; b++)
            c = (c & 1u) ? (c >> 1) ^ 0xedb88320u : c >> 1;
        crc_table[i] = c;
    }
}

static BENCH_NOINLINE uint32_t crc32(const uint8_t *p, uint32_t n)
{
    uint32_t c = 0xffffffffu;
    while (n--)
        c = crc_table[(c ^ *p++) & 0xffu] ^ (c >> 8);
    return ~c;
}

/* ---- FNV-1a ------------------------------------------------------------- */

static BENCH_NOINLINE uint32_t fnv1a(const uint8_t *p, uint32_t n)
{
    uint32_t h = 0x811c9dc5u;
    while (n--) {
        h ^= *p++;
        h *= 0x01000193u;
    }
    return h;
}

/* ---- main --------------------------------------------------------------- */

static int self_test(void)
{
    static const uint8_t abc[3] = { 'a', 'b', 'c' };
    static const uint8_t digits[9] = { '1', '2', '3', '4', '5', '6', '7', '8', '9' };
    /* 56 bytes: forces the two-block padding path */
    static const char long_msg[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    static const uint32_t sha_abc[5] = { 0xa9993e36u, 0x4706816au, 0xba3e2571u,
                                         0x7850c26cu, 0x9cd0d89du };
    static const uint32_t sha_long[5] = { 0x84983e44u, 0x1c3bd26eu, 0xbaae4aa1u,
                                          0xf95129e5u, 0xe54670f1u };
    uint32_t h[5];
    int ok = 1;

    sha1(abc, 3, h);
    for (int i = 0; i < 5; i++)
        ok &= (h[i] == sha_abc[i]);
    sha1((const uint8_t *)long_msg, (uint32_t)strlen(long_msg), h);
    for (int i = 0; i < 5; i++)
        ok &= (h[i] == sha_long[i]);
    ok &= (crc32(digits, 9) == 0xcbf43926u);
    ok &= (fnv1a(abc, 1) == 0xe40c292cu);   /* "a" */
    ok &= (fnv1a(abc, 0) == 0x811c9dc5u);   /* "" */
    return ok;
}

int main(void)
{
    crc32_init();
    if (!self_test()) {
        bench_fail(NAME, "hash test vectors");
        return 1;
    }

    /* xorshift128-style generator filling the buffer */
    uint32_t x = 0x12345678u, y = 0x9abcdef0u, z = 0x0badf00du, w = 0xdeadbeefu;
    for (uint32_t i = 0; i < DATA_BYTES / 4; i++) {
        uint32_t t = x ^ (x << 11);
        x = y;
        y = z;
        z = w;
        w = w ^ (w >> 19) ^ t ^ (t >> 8);
        data_words[i] = w;
    }

    const uint8_t *data = (const uint8_t *)data_words;
    uint32_t acc_sha = 0, acc_crc = 0, acc_fnv = 0;
    uint32_t s = 0x2545f491u;
    for (uint32_t pass = 0; pass < HASH_PASSES; pass++) {
        uint32_t h[5];
        sha1(data, DATA_BYTES - 1u - pass, h);  /* odd length: two-block padding */
        for (int i = 0; i < 5; i++)
            acc_sha = fold32(acc_sha, h[i]);
        acc_crc = fold32(acc_crc, crc32(data + pass, DATA_BYTES - pass));
        acc_fnv = fold32(acc_fnv, fnv1a(data, DATA_BYTES));
        for (int i = 0; i < 64; i++)
            data_words[below(xs32(&s), DATA_BYTES / 4)] ^= s;
    }

    bench_part(NAME, "sha1", acc_sha);
    bench_part(NAME, "crc32", acc_crc);
    bench_part(NAME, "fnv1a", acc_fnv);

    uint32_t sum = 0;
    sum = fold32(sum, acc_sha);
    sum = fold32(sum, acc_crc);
    sum = fold32(sum, acc_fnv);
    bench_result(NAME, sum, "passes", HASH_PASSES);
    return 0;
}
