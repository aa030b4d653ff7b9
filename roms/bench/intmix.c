/*
 * intmix.c - integer workload benchmark for ipodsim.
 *
 * Each round derives a fresh seed and runs a handful of small kernels that
 * together exercise the usual integer instruction mix of ordinary code:
 *
 *   sort   recursive quicksort + insertion sort of 96 words (calls, compares,
 *          loads/stores, unpredictable branches)
 *   crc    bit-serial CRC-16/CCITT over the sorted array's bytes (shifts,
 *          conditional xor, byte loads)
 *   matrix 6x6 integer matrix product plus 64-bit multiply-accumulates
 *          (MUL/MLA/UMULL/SMLAL in ARM state, library helpers in Thumb)
 *   fsm    a switch-driven state machine that tokenises a generated string
 *          of numbers (byte loads, jump tables, data-dependent branches)
 *   bits   popcount, bit reverse, leading zeros, rotates (CLZ in ARM state)
 *   div    Euclid's gcd with remainders (run-time library division)
 *   calls  a small recursive function (deep call/return chains)
 *
 * Every kernel's result is folded into its own accumulator; the accumulators
 * are printed separately (to help locate a bug) and folded into the final
 * checksum line.  Change the amount of work with -DINTMIX_ROUNDS=N.
 */
#include <stdint.h>
#include "bench.h"

#ifndef INTMIX_ROUNDS
#define INTMIX_ROUNDS 8000
#endif

#define NAME "intmix"
#define SORT_N 96
#define MAT_N 6
#define TEXT_N 192

static uint32_t sort_buf[SORT_N];
static char text_buf[TEXT_N + 1];

/* ---- sort --------------------------------------------------------------- */

static BENCH_NOINLINE void insertion_sort(uint32_t *a, int n)
{
    for (int i = 1; i < n; i++) {
        uint32_t v = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static BENCH_NOINLINE void quick_sort(uint32_t *a, int n)
{
    while (n > 8) {
        /* median of three as pivot */
        uint32_t x = a[0], y = a[n / 2], z = a[n - 1];
        uint32_t p = (x < y) ? ((y < z) ? y : (x < z ? z : x))
                             : ((x < z) ? x : (y < z ? z : y));
        int i = 0, j = n - 1;
        for (;;) {
            while (a[i] < p)
                i++;
            while (a[j] > p)
                j--;
            if (i >= j)
                break;
            uint32_t t = a[i];
            a[i] = a[j];
            a[j] = t;
            i++;
            j--;
        }
        /* recurse into the smaller half, loop on the larger */
        int left = j + 1;
        if (left < n - left) {
            quick_sort(a, left);
            a += left;
            n -= left;
        } else {
            quick_sort(a + left, n - left);
            n = left;
        }
    }
    insertion_sort(a, n);
}

static uint32_t run_sort(uint32_t seed, int *ok)
{
    uint32_t s = seed | 1u;
    for (int i = 0; i < SORT_N; i++) {
        /* mix of wide values and many duplicates */
        uint32_t r = xs32(&s);
        sort_buf[i] = (i & 3) ? r : (r & 0xffu);
    }
    quick_sort(sort_buf, SORT_N);
    uint32_t h = 0;
    for (int i = 0; i < SORT_N; i++) {
        if (i > 0 && sort_buf[i - 1] > sort_buf[i])
            *ok = 0;
        h = h * 31u + sort_buf[i];
    }
    return h;
}

/* ---- crc ---------------------------------------------------------------- */

static BENCH_NOINLINE uint16_t crc16_ccitt(const uint8_t *p, unsigned n, uint16_t crc)
{
    while (n--) {
        crc ^= (uint16_t)(*p++ << 8);
        for (int b = 0; b < 8; b++) {
            if (crc & 0x8000u)
                crc = (uint16_t)((crc << 1) ^ 0x1021u);
            else
                crc = (uint16_t)(crc << 1);
        }
    }
    return crc;
}

/* ---- matrix ------------------------------------------------------------- */

static int32_t mat_a[MAT_N][MAT_N], mat_b[MAT_N][MAT_N], mat_c[MAT_N][MAT_N];

static BENCH_NOINLINE uint32_t run_matrix(uint32_t seed)
{
    uint32_t s = seed ^ 0x5bd1e995u;
    for (int i = 0; i < MAT_N; i++)
        for (int j = 0; j < MAT_N; j++) {
            mat_a[i][j] = (int32_t)(xs32(&s) & 0xffffu) - 0x8000;
            mat_b[i][j] = (int32_t)(xs32(&s) >> 20) - 0x800;
        }
    for (int i = 0; i < MAT_N; i++)
        for (int j = 0; j < MAT_N; j++) {
            int32_t acc = 0;
            for (int k = 0; k < MAT_N; k++)
                acc += mat_a[i][k] * mat_b[k][j];
            mat_c[i][j] = acc;
        }
    /* 64-bit accumulation: signed and unsigned long multiplies */
    int64_t sacc = 0;
    uint64_t uacc = 0;
    for (int i = 0; i < MAT_N; i++)
        for (int j = 0; j < MAT_N; j++) {
            sacc += (int64_t)mat_c[i][j] * mat_a[j][i];
            uacc += (uint64_t)(uint32_t)mat_c[i][j] * (uint32_t)(mat_b[i][j] | 1);
        }
    uint32_t h = (uint32_t)sacc ^ (uint32_t)((uint64_t)sacc >> 32);
    h = fold32(h, (uint32_t)uacc);
    h = fold32(h, (uint32_t)(uacc >> 32));
    return h;
}

/* ---- fsm ---------------------------------------------------------------- */

enum tok_state { ST_START, ST_SIGN, ST_INT, ST_ZERO, ST_HEX, ST_FRAC, ST_EXP, ST_EXPDIG, ST_BAD };

/*
 * Tokenise text separated by ',' or ' ' into decimal ints, hex ints, decimal
 * fractions and invalid tokens.  Returns a packed count/value summary.
 */
static BENCH_NOINLINE uint32_t tokenise(const char *p)
{
    enum tok_state st = ST_START;
    uint32_t n_int = 0, n_hex = 0, n_frac = 0, n_bad = 0, value = 0, vsum = 0;
    for (;; p++) {
        char c = *p;
        int end = (c == ',' || c == ' ' || c == '\0');
        if (end) {
            switch (st) {
            case ST_INT:
            case ST_ZERO:
                n_int++;
                vsum += value;
                break;
            case ST_HEX:
                n_hex++;
                vsum ^= value;
                break;
            case ST_FRAC:
            case ST_EXPDIG:
                n_frac++;
                vsum = rotl32(vsum, 3) + value;
                break;
            case ST_START:
                break;
            default:
                n_bad++;
                break;
            }
            st = ST_START;
            value = 0;
            if (c == '\0')
                break;
            continue;
        }
        switch (st) {
        case ST_START:
            if (c == '+' || c == '-')
                st = ST_SIGN;
            else if (c == '0')
                st = ST_ZERO;
            else if (c >= '1' && c <= '9') {
                st = ST_INT;
                value = (uint32_t)(c - '0');
            } else if (c == '.')
                st = ST_FRAC;
            else
                st = ST_BAD;
            break;
        case ST_SIGN:
            if (c >= '0' && c <= '9') {
                st = ST_INT;
                value = (uint32_t)(c - '0');
            } else
                st = ST_BAD;
            break;
        case ST_ZERO:
            if (c == 'x')
                st = ST_HEX;
            else if (c == '.')
                st = ST_FRAC;
            else if (c >= '0' && c <= '9')
                st = ST_INT;
            else
                st = ST_BAD;
            break;
        case ST_INT:
            if (c >= '0' && c <= '9')
                value = value * 10u + (uint32_t)(c - '0');
            else if (c == '.')
                st = ST_FRAC;
            else if (c == 'e')
                st = ST_EXP;
            else
                st = ST_BAD;
            break;
        case ST_HEX:
            if (c >= '0' && c <= '9')
                value = (value << 4) | (uint32_t)(c - '0');
            else if (c >= 'a' && c <= 'f')
                value = (value << 4) | (uint32_t)(c - 'a' + 10);
            else
                st = ST_BAD;
            break;
        case ST_FRAC:
            if (c >= '0' && c <= '9')
                value = value * 3u + (uint32_t)c;
            else if (c == 'e')
                st = ST_EXP;
            else
                st = ST_BAD;
            break;
        case ST_EXP:
            if (c >= '0' && c <= '9' ) {
                st = ST_EXPDIG;
                value += (uint32_t)c;
            } else if (c == '-' || c == '+')
                ;
            else
                st = ST_BAD;
            break;
        case ST_EXPDIG:
            if (c >= '0' && c <= '9')
                value += (uint32_t)c << 2;
            else
                st = ST_BAD;
            break;
        case ST_BAD:
            break;
        }
    }
    return (n_int << 24) ^ (n_hex << 16) ^ (n_frac << 8) ^ n_bad ^ rotl32(vsum, 7);
}

static uint32_t run_fsm(uint32_t seed)
{
    /* weighted alphabet: mostly digits and separators, a few odd characters */
    static const char alphabet[32] = "0123456789012345,  ,.e-+x0abf1q9";
    uint32_t s = seed ^ 0x27d4eb2fu;
    for (int i = 0; i < TEXT_N; i++)
        text_buf[i] = alphabet[xs32(&s) >> 27];
    text_buf[TEXT_N] = '\0';
    return tokenise(text_buf);
}

/* ---- bits --------------------------------------------------------------- */

static BENCH_NOINLINE unsigned popcount_loop(uint32_t x)
{
    unsigned n = 0;
    while (x) {
        x &= x - 1u;
        n++;
    }
    return n;
}

static BENCH_NOINLINE uint32_t bit_reverse(uint32_t x)
{
    x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
    x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
    x = ((x >> 4) & 0x0f0f0f0fu) | ((x & 0x0f0f0f0fu) << 4);
    x = ((x >> 8) & 0x00ff00ffu) | ((x & 0x00ff00ffu) << 8);
    return (x >> 16) | (x << 16);
}

static uint32_t run_bits(uint32_t seed)
{
    uint32_t s = seed ^ 0x165667b1u, h = 0;
    for (int i = 0; i < 48; i++) {
        uint32_t x = xs32(&s);
        uint32_t y = x >> (i & 15);          /* shift by register */
        unsigned lz = y ? (unsigned)__builtin_clz(y) : 32u;
        h += popcount_loop(x) + lz;
        h ^= bit_reverse(x) + rotl32(y, (unsigned)i);
        h = (h << 5) - h + (uint32_t)((int32_t)x >> 7); /* arithmetic shift */
        if ((int32_t)h < 0)
            h = ~h;
    }
    return h;
}

/* ---- div ---------------------------------------------------------------- */

static BENCH_NOINLINE uint32_t gcd(uint32_t a, uint32_t b)
{
    while (b) {
        uint32_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static uint32_t run_div(uint32_t seed)
{
    uint32_t s = seed ^ 0x85ebca6bu, h = 0;
    for (int i = 0; i < 12; i++) {
        uint32_t a = xs32(&s) >> (i & 7), b = (xs32(&s) >> 12) + 1u;
        int32_t sa = (int32_t)xs32(&s), sb = (int32_t)(xs32(&s) >> 20) - 2048;
        if (sb == 0)
            sb = 7;
        h = fold32(h, gcd(a, b));
        h += (uint32_t)(sa / sb) ^ (uint32_t)(sa % sb);
    }
    return h;
}

/* ---- calls -------------------------------------------------------------- */

static BENCH_NOINLINE uint32_t tribo(uint32_t n, uint32_t k)
{
    if (n < 3)
        return n + k;
    return tribo(n - 1, k) + tribo(n - 2, k ^ 1u) + (tribo(n - 3, k + 1u) >> 1);
}

static uint32_t run_calls(uint32_t seed)
{
    return tribo(9u + (seed & 1u), seed & 0xffu);
}

/* ---- main --------------------------------------------------------------- */

int main(void)
{
    uint32_t acc_sort = 0, acc_crc = 0, acc_mat = 0, acc_fsm = 0;
    uint32_t acc_bits = 0, acc_div = 0, acc_calls = 0;
    int sort_ok = 1;
    uint32_t seed = 0x1234567u;

    for (uint32_t r = 0; r < INTMIX_ROUNDS; r++) {
        seed = seed * 1664525u + 1013904223u;   /* LCG, full period mod 2^32 */
        acc_sort = fold32(acc_sort, run_sort(seed, &sort_ok));
        acc_crc = fold32(acc_crc, crc16_ccitt((const uint8_t *)sort_buf,
                                              sizeof sort_buf, (uint16_t)r));
        acc_mat = fold32(acc_mat, run_matrix(seed));
        acc_fsm = fold32(acc_fsm, run_fsm(seed));
        acc_bits = fold32(acc_bits, run_bits(seed));
        acc_div = fold32(acc_div, run_div(seed));
        acc_calls = fold32(acc_calls, run_calls(seed));
    }

    bench_part(NAME, "sort", acc_sort);
    bench_part(NAME, "crc", acc_crc);
    bench_part(NAME, "matrix", acc_mat);
    bench_part(NAME, "fsm", acc_fsm);
    bench_part(NAME, "bits", acc_bits);
    bench_part(NAME, "div", acc_div);
    bench_part(NAME, "calls", acc_calls);

    if (!sort_ok) {
        bench_fail(NAME, "array not sorted");
        return 1;
    }

    uint32_t sum = 0;
    sum = fold32(sum, acc_sort);
    sum = fold32(sum, acc_crc);
    sum = fold32(sum, acc_mat);
    sum = fold32(sum, acc_fsm);
    sum = fold32(sum, acc_bits);
    sum = fold32(sum, acc_div);
    sum = fold32(sum, acc_calls);
    bench_result(NAME, sum, "rounds", INTMIX_ROUNDS);
    return 0;
}
