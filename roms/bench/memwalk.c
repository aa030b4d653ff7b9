/*
 * memwalk.c - memory access benchmark for ipodsim.
 *
 * Works on two 8 MiB word buffers and a 4 MiB linked list (20 MiB of .bss
 * in total) and runs, per pass:
 *
 *   fill     word stores of a running pattern over buffer A (memset-like)
 *   copy     word copy A -> B with a twist (memcpy-like, 4x unrolled)
 *   bytes    byte-wise copy of 1 MiB inside B (LDRB/STRB)
 *   libc     newlib memcpy + memset on 2 MiB (LDM/STM-heavy library code)
 *   seq      sequential read-sum of B, words and halfwords (LDRH)
 *   stride   reads with a 64-byte and a 4100-byte stride (cache line /
 *            page crossing patterns), strided read-modify-write of A
 *   chase    pointer chasing through a linked list whose order is a random
 *            single cycle over 512 Ki nodes (Sattolo shuffle), updating
 *            each visited node
 *
 * Self-checks: the copy is verified, and a full walk of the list must come
 * back to its start after exactly LIST_N steps.  Change the amount of work
 * with -DMEMWALK_PASSES=N.
 */
#include <stdint.h>
#include <string.h>
#include "bench.h"

#ifndef MEMWALK_PASSES
#define MEMWALK_PASSES 3
#endif

#define NAME "memwalk"
#define BUF_WORDS (2u * 1024u * 1024u)   /* 8 MiB each */
#define LIST_N (512u * 1024u)            /* 8-byte nodes: 4 MiB */

struct node {
    struct node *next;
    uint32_t val;
};

static uint32_t buf_a[BUF_WORDS];
static uint32_t buf_b[BUF_WORDS];
static struct node nodes[LIST_N];

static BENCH_NOINLINE void fill_words(uint32_t *p, uint32_t n, uint32_t v, uint32_t step)
{
    for (uint32_t i = 0; i < n; i++) {
        p[i] = v;
        v += step;
    }
}

/* n must be a multiple of 4 */
static BENCH_NOINLINE void copy_words(uint32_t *restrict d, const uint32_t *restrict s,
                                      uint32_t n, uint32_t twist)
{
    for (uint32_t i = 0; i < n; i += 4) {
        uint32_t a = s[i], b = s[i + 1], c = s[i + 2], e = s[i + 3];
        d[i] = a ^ twist;
        d[i + 1] = b ^ twist;
        d[i + 2] = c ^ twist;
        d[i + 3] = e ^ twist;
    }
}

/* Byte copy; volatile-free but kept as a byte loop by the odd increment. */
static BENCH_NOINLINE void copy_bytes(uint8_t *d, const uint8_t *s, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        d[i] = (uint8_t)(s[i] + (uint8_t)i);
}

static BENCH_NOINLINE uint32_t sum_words(const uint32_t *p, uint32_t n)
{
    uint32_t s0 = 0, s1 = 0;
    for (uint32_t i = 0; i + 2 <= n; i += 2) {
        s0 += p[i];
        s1 ^= p[i + 1];
    }
    return s0 + rotl32(s1, 11);
}

static BENCH_NOINLINE uint32_t sum_halves(const uint16_t *p, uint32_t n)
{
    uint32_t s = 0;
    for (uint32_t i = 0; i < n; i++)
        s = s * 3u + p[i];
    return s;
}

/* Read every word at 'stride' bytes, for each word offset inside one stride. */
static BENCH_NOINLINE uint32_t stride_read(const uint32_t *p, uint32_t words,
                                           uint32_t stride_words, uint32_t offsets)
{
    uint32_t s = 0;
    for (uint32_t o = 0; o < offsets; o++)
        for (uint32_t i = o; i < words; i += stride_words)
            s += p[i] ^ i;
    return s;
}

static BENCH_NOINLINE void stride_rmw(uint32_t *p, uint32_t words, uint32_t stride_words,
                                      uint32_t add)
{
    for (uint32_t i = 0; i < words; i += stride_words)
        p[i] = (p[i] + add) ^ (i >> 3);
}

/* Link nodes[] into one random cycle (Sattolo's variant of Fisher-Yates). */
static void build_list(uint32_t seed)
{
    uint32_t *perm = buf_a;              /* scratch: LIST_N words */
    for (uint32_t i = 0; i < LIST_N; i++)
        perm[i] = i;
    uint32_t s = seed;
    for (uint32_t i = LIST_N - 1; i > 0; i--) {
        uint32_t j = below(xs32(&s), i); /* j in [0, i) */
        uint32_t t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    /* perm as a function i -> perm[i] is a single cycle of length LIST_N */
    for (uint32_t i = 0; i < LIST_N; i++) {
        nodes[i].next = &nodes[perm[i]];
        nodes[i].val = i * 2654435761u;
    }
}

static BENCH_NOINLINE uint32_t chase(struct node *start, uint32_t steps, uint32_t k)
{
    struct node *p = start;
    uint32_t s = 0;
    while (steps--) {
        s += p->val;
        p->val = rotl32(p->val, 1) ^ k;
        p = p->next;
    }
    return s ^ (uint32_t)(p - nodes);
}

int main(void)
{
    uint32_t acc_fill = 0, acc_copy = 0, acc_bytes = 0, acc_libc = 0;
    uint32_t acc_seq = 0, acc_stride = 0, acc_chase = 0;
    int ok = 1;

    build_list(0x9e3779b9u);
    /* one full lap must return to the start */
    {
        struct node *p = &nodes[0];
        for (uint32_t i = 0; i < LIST_N; i++) {
            p = p->next;
            if (p == &nodes[0] && i != LIST_N - 1) {
                ok = 0;
                break;
            }
        }
        if (p != &nodes[0])
            ok = 0;
    }

    for (uint32_t pass = 0; pass < MEMWALK_PASSES; pass++) {
        uint32_t k = 0x01000193u * (pass + 1u);

        fill_words(buf_a, BUF_WORDS, k, 0x9e3779b9u + pass);
        acc_fill = fold32(acc_fill, buf_a[BUF_WORDS - 1] ^ buf_a[12345]);

        copy_words(buf_b, buf_a, BUF_WORDS, k);
        for (uint32_t i = 0; i < BUF_WORDS; i += 4099u)
            if ((buf_b[i] ^ k) != buf_a[i])
                ok = 0;
        acc_copy = fold32(acc_copy, buf_b[pass * 977u] + buf_b[BUF_WORDS / 2]);

        copy_bytes((uint8_t *)buf_b + 3u, (const uint8_t *)buf_a + 1u, 1u << 20);
        acc_bytes = fold32(acc_bytes, sum_words(buf_b, (1u << 20) / 4u));

        memcpy(buf_a + BUF_WORDS / 2, buf_b, 2u << 20);
        memset(buf_b + BUF_WORDS / 4, (int)(pass * 37u + 1u), 2u << 20);
        acc_libc = fold32(acc_libc, buf_a[BUF_WORDS / 2 + 777u] ^ buf_b[BUF_WORDS / 4 + 999u]);

        acc_seq = fold32(acc_seq, sum_words(buf_b, BUF_WORDS));
        acc_seq = fold32(acc_seq, sum_halves((const uint16_t *)buf_a, 2u << 20));

        acc_stride = fold32(acc_stride, stride_read(buf_a, BUF_WORDS, 16u, 4u));
        acc_stride = fold32(acc_stride, stride_read(buf_b, BUF_WORDS, 1025u, 64u));
        stride_rmw(buf_a, BUF_WORDS, 8u, k);
        acc_stride = fold32(acc_stride, stride_read(buf_a, BUF_WORDS, 8u, 1u));

        acc_chase = fold32(acc_chase, chase(&nodes[pass * 1021u], LIST_N * 2u, k));
    }

    bench_part(NAME, "fill", acc_fill);
    bench_part(NAME, "copy", acc_copy);
    bench_part(NAME, "bytes", acc_bytes);
    bench_part(NAME, "libc", acc_libc);
    bench_part(NAME, "seq", acc_seq);
    bench_part(NAME, "stride", acc_stride);
    bench_part(NAME, "chase", acc_chase);

    if (!ok) {
        bench_fail(NAME, "copy or list walk mismatch");
        return 1;
    }

    uint32_t sum = 0;
    sum = fold32(sum, acc_fill);
    sum = fold32(sum, acc_copy);
    sum = fold32(sum, acc_bytes);
    sum = fold32(sum, acc_libc);
    sum = fold32(sum, acc_seq);
    sum = fold32(sum, acc_stride);
    sum = fold32(sum, acc_chase);
    bench_result(NAME, sum, "passes", MEMWALK_PASSES);
    return 0;
}
