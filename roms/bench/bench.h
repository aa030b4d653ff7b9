/*
 * bench.h - shared helpers for the ipodsim CPU benchmarks.
 *
 * The benchmarks are plain bare-metal C programs linked against newlib's
 * semihosting runtime (rdimon).  They deliberately avoid stdio and malloc:
 * output goes through write(1, ...) (semihosting SYS_WRITE) and all buffers
 * are static, so the only semihosting services needed are the ones the
 * rdimon start-up code itself uses plus SYS_WRITE and SYS_EXIT.
 *
 * Every benchmark prints a few "part" lines and one final line of the form
 *     <name>: checksum=0x<8 hex digits> <param>=<n>
 * which test/bench.sh compares between ipodsim and QEMU.
 */
#ifndef IPODSIM_BENCH_H
#define IPODSIM_BENCH_H

#include <stdint.h>
#include <string.h>
#include <unistd.h>

#define BENCH_NOINLINE __attribute__((noinline))

#ifdef MMU_ON
#include "mmu_on.h"   /* the <bench>_mmu variants: MMU and caches on before main() */
#endif

/* Small line buffer; a line is always emitted with a single write(). */
struct bench_line {
    char buf[128];
    unsigned len;
};

static inline void bl_str(struct bench_line *l, const char *s)
{
    while (*s && l->len < sizeof l->buf - 1)
        l->buf[l->len++] = *s++;
}

static inline void bl_hex(struct bench_line *l, uint32_t v)
{
    static const char digits[] = "0123456789abcdef";
    bl_str(l, "0x");
    for (int sh = 28; sh >= 0; sh -= 4)
        if (l->len < sizeof l->buf - 1)
            l->buf[l->len++] = digits[(v >> sh) & 15u];
}

static inline void bl_dec(struct bench_line *l, uint32_t v)
{
    char tmp[12];
    int n = 0;
    do {
        /* v % 10 and v / 10 via the library division helpers is fine here. */
        tmp[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0);
    while (n > 0 && l->len < sizeof l->buf - 1)
        l->buf[l->len++] = tmp[--n];
}

static inline void bl_flush(struct bench_line *l)
{
    l->buf[l->len++] = '\n';
    (void)write(1, l->buf, l->len);
    l->len = 0;
}

/* "<bench>: <label>=0x........" */
static inline void bench_part(const char *bench, const char *label, uint32_t v)
{
    struct bench_line l = { .len = 0 };
    bl_str(&l, bench);
    bl_str(&l, ": ");
    bl_str(&l, label);
    bl_str(&l, "=");
    bl_hex(&l, v);
    bl_flush(&l);
}

/* Final line: "<bench>: checksum=0x........ <pname>=<pval>" */
static inline void bench_result(const char *bench, uint32_t sum,
                                const char *pname, uint32_t pval)
{
    struct bench_line l = { .len = 0 };
    bl_str(&l, bench);
    bl_str(&l, ": checksum=");
    bl_hex(&l, sum);
    bl_str(&l, " ");
    bl_str(&l, pname);
    bl_str(&l, "=");
    bl_dec(&l, pval);
    bl_flush(&l);
}

static inline void bench_fail(const char *bench, const char *what)
{
    struct bench_line l = { .len = 0 };
    bl_str(&l, bench);
    bl_str(&l, ": SELF-CHECK FAILED: ");
    bl_str(&l, what);
    bl_flush(&l);
}

static inline uint32_t rotl32(uint32_t x, unsigned r)
{
    r &= 31u;
    return r ? (x << r) | (x >> (32u - r)) : x;
}

/* Order-dependent 32-bit accumulator used to fold results together. */
static inline uint32_t fold32(uint32_t acc, uint32_t v)
{
    acc ^= v;
    acc *= 0x9e3779b1u;
    return rotl32(acc, 13) + 0x7f4a7c15u;
}

/* Marsaglia-style xorshift32; state must be non-zero. */
static inline uint32_t xs32(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *s = x;
    return x;
}

/* Uniform-ish value in [0, n) without a division (multiply-high). */
static inline uint32_t below(uint32_t r, uint32_t n)
{
    return (uint32_t)(((uint64_t)r * n) >> 32);
}

#endif /* IPODSIM_BENCH_H */
