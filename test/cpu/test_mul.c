/* ARM-state multiplies (cpu/exec_mul.c): every form computes the result the
 * ARMv6 ARM defines, sets exactly the flags it should (N/Z for the S forms,
 * sticky Q for the DSP accumulations, nothing else), costs the ARM1176 issue
 * cycles, is skipped when its condition fails, and the ARMv6T2/v7 encodings
 * that share the space (MLS, SDIV, UDIV) stay UNDEFINED.
 *
 * Expected values are worked out by hand from the ARM ARM definitions; the
 * comment next to each says how.  Encodings were checked against the GNU
 * assembler's output for the same mnemonics. */
#include <check.h>

#include "cpu/core.h"
#include "test/harness.h"

static TestCpu *tc;
static void setup(void) { tc = tc_create(64 * 1024); }
static void teardown(void) { tc_destroy(tc); }

#define R (tc->cpu->r)
#define FLAGS (PSR_N | PSR_Z | PSR_C | PSR_V | PSR_Q | PSR_GE_MASK)
#define AL 0xE0000000u

static void set_flags(uint32_t f) { tc->cpu->cpsr = (tc->cpu->cpsr & ~FLAGS) | f; }
static uint32_t flags(void) { return tc->cpu->cpsr & FLAGS; }

/* Run one instruction at 0x1000; it must fall through to 0x1004. */
static void run(uint32_t insn)
{
    uint32_t pc = tc_exec_arm(tc, insn);
    ck_assert_uint_eq(pc, 0x1004);
}

static uint64_t cycles_of(uint32_t insn)
{
    /* followed by words that read no register, so that no result
     * interlock (docs/timing.md) is charged */
    uint32_t mov_r12_0[2] = {0xE3A0C000, 0xE3A0C000};
    tc_put32(tc, 0x1004, mov_r12_0, 2);
    uint64_t c0 = tc->cpu->cycles;
    run(insn);
    return tc->cpu->cycles - c0;
}

/* ---- encoders (operand order as in assembly) ------------------------------- */
static uint32_t mul4(uint32_t base, unsigned f19, unsigned f15, unsigned f11, unsigned f3)
{
    return base | f19 << 16 | f15 << 12 | f11 << 8 | f3;
}
#define MUL(d, m, s) mul4(AL | 0x00000090, d, 0, s, m)
#define MULS(d, m, s) mul4(AL | 0x00100090, d, 0, s, m)
#define MLA(d, m, s, n) mul4(AL | 0x00200090, d, n, s, m)
#define MLAS(d, m, s, n) mul4(AL | 0x00300090, d, n, s, m)
#define UMAAL(lo, hi, m, s) mul4(AL | 0x00400090, hi, lo, s, m)
#define UMULL(lo, hi, m, s) mul4(AL | 0x00800090, hi, lo, s, m)
#define UMULLS(lo, hi, m, s) mul4(AL | 0x00900090, hi, lo, s, m)
#define UMLAL(lo, hi, m, s) mul4(AL | 0x00A00090, hi, lo, s, m)
#define UMLALS(lo, hi, m, s) mul4(AL | 0x00B00090, hi, lo, s, m)
#define SMULL(lo, hi, m, s) mul4(AL | 0x00C00090, hi, lo, s, m)
#define SMULLS(lo, hi, m, s) mul4(AL | 0x00D00090, hi, lo, s, m)
#define SMLAL(lo, hi, m, s) mul4(AL | 0x00E00090, hi, lo, s, m)
#define SMLALS(lo, hi, m, s) mul4(AL | 0x00F00090, hi, lo, s, m)
/* x, y: 0 = bottom half, 1 = top half (x for Rm, y for Rs) */
#define SMLAXY(x, y, d, m, s, n) mul4(AL | 0x01000080 | (y) << 6 | (x) << 5, d, n, s, m)
#define SMULXY(x, y, d, m, s) mul4(AL | 0x01600080 | (y) << 6 | (x) << 5, d, 0, s, m)
#define SMLALXY(x, y, lo, hi, m, s) mul4(AL | 0x01400080 | (y) << 6 | (x) << 5, hi, lo, s, m)
#define SMLAWY(y, d, m, s, n) mul4(AL | 0x01200080 | (y) << 6, d, n, s, m)
#define SMULWY(y, d, m, s) mul4(AL | 0x012000A0 | (y) << 6, d, 0, s, m)
/* X: swap the halves of Rs; the Rn = 15 forms are SMUAD/SMUSD */
#define SMLAD(X, d, m, s, n) mul4(AL | 0x07000010 | (X) << 5, d, n, s, m)
#define SMLSD(X, d, m, s, n) mul4(AL | 0x07000050 | (X) << 5, d, n, s, m)
#define SMUAD(X, d, m, s) SMLAD(X, d, m, s, 15)
#define SMUSD(X, d, m, s) SMLSD(X, d, m, s, 15)
#define SMLALD(X, lo, hi, m, s) mul4(AL | 0x07400010 | (X) << 5, hi, lo, s, m)
#define SMLSLD(X, lo, hi, m, s) mul4(AL | 0x07400050 | (X) << 5, hi, lo, s, m)
/* Rr: round */
#define SMMLA(Rr, d, m, s, n) mul4(AL | 0x07500010 | (Rr) << 5, d, n, s, m)
#define SMMUL(Rr, d, m, s) SMMLA(Rr, d, m, s, 15)
#define SMMLS(Rr, d, m, s, n) mul4(AL | 0x075000D0 | (Rr) << 5, d, n, s, m)

/* ---- MUL / MLA ------------------------------------------------------------- */

START_TEST(test_mul_basic)
{
    R[1] = 7; R[2] = 6; R[3] = 0x55;
    run(MUL(0, 1, 2));
    ck_assert_uint_eq(R[0], 42);
    ck_assert_uint_eq(R[3], 0x55);
    /* low 32 bits only: 0x80000000 * 2 = 2^32 -> 0 */
    R[1] = 0x80000000; R[2] = 2;
    run(MUL(0, 1, 2));
    ck_assert_uint_eq(R[0], 0);
    /* (2^32-1)^2 = 2^64 - 2^33 + 1 -> low word 1 */
    R[1] = 0xFFFFFFFF; R[2] = 0xFFFFFFFF;
    run(MUL(0, 1, 2));
    ck_assert_uint_eq(R[0], 1);
    /* signed and unsigned low words agree: -3 * 5 = -15 */
    R[4] = 0xFFFFFFFD; R[5] = 5;
    run(MUL(6, 4, 5));
    ck_assert_uint_eq(R[6], 0xFFFFFFF1);
    /* Rd may equal Rm (only Rd == Rm was UNPREDICTABLE before ARMv6) */
    R[7] = 3;
    run(MUL(7, 7, 7));
    ck_assert_uint_eq(R[7], 9);
}
END_TEST

START_TEST(test_mul_no_flags_without_s)
{
    set_flags(PSR_C | PSR_V);
    R[1] = 0; R[2] = 5;
    run(MUL(0, 1, 2));
    ck_assert_uint_eq(R[0], 0);
    ck_assert_uint_eq(flags(), PSR_C | PSR_V);
}
END_TEST

START_TEST(test_muls_flags)
{
    /* N from bit 31; C and V are left alone on ARMv6 */
    set_flags(PSR_C | PSR_V | PSR_Z);
    R[1] = 0x40000000; R[2] = 3;           /* 0xC0000000 */
    run(MULS(0, 1, 2));
    ck_assert_uint_eq(R[0], 0xC0000000);
    ck_assert_uint_eq(flags(), PSR_N | PSR_C | PSR_V);
    /* Z: 0x10000 * 0x10000 = 2^32 -> 0 */
    set_flags(PSR_N);
    R[1] = 0x10000; R[2] = 0x10000;
    run(MULS(0, 1, 2));
    ck_assert_uint_eq(R[0], 0);
    ck_assert_uint_eq(flags(), PSR_Z);
    /* positive non-zero clears N and Z, Q untouched */
    set_flags(PSR_N | PSR_Z | PSR_Q);
    R[1] = 2; R[2] = 3;
    run(MULS(0, 1, 2));
    ck_assert_uint_eq(R[0], 6);
    ck_assert_uint_eq(flags(), PSR_Q);
}
END_TEST

START_TEST(test_mla)
{
    R[1] = 6; R[2] = 7; R[3] = 100;
    run(MLA(0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 142);
    /* accumulate wraps: 0xFFFFFFFF * 1 + 2 = 1 */
    R[1] = 0xFFFFFFFF; R[2] = 1; R[3] = 2;
    run(MLA(0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 1);
    /* MLAS: 5 * 5 + (-25) = 0 -> Z, C/V kept */
    set_flags(PSR_C | PSR_V | PSR_N);
    R[1] = 5; R[2] = 5; R[3] = (uint32_t)-25;
    run(MLAS(4, 1, 2, 3));
    ck_assert_uint_eq(R[4], 0);
    ck_assert_uint_eq(flags(), PSR_Z | PSR_C | PSR_V);
    /* 0x7FFFFFFF + 1*1 = 0x80000000: N, no V (multiplies never touch V) */
    set_flags(0);
    R[1] = 1; R[2] = 1; R[3] = 0x7FFFFFFF;
    run(MLAS(4, 1, 2, 3));
    ck_assert_uint_eq(R[4], 0x80000000);
    ck_assert_uint_eq(flags(), PSR_N);
}
END_TEST

/* ---- 64-bit multiplies ------------------------------------------------------ */

START_TEST(test_umull)
{
    /* (2^32-1)^2 = 0xFFFFFFFE_00000001 */
    R[2] = 0xFFFFFFFF; R[3] = 0xFFFFFFFF;
    run(UMULL(0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0x00000001);
    ck_assert_uint_eq(R[1], 0xFFFFFFFE);
    /* 0x80000000 * 2 = 0x1_00000000 (unsigned: no sign extension) */
    R[2] = 0x80000000; R[3] = 2;
    run(UMULL(0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0);
    ck_assert_uint_eq(R[1], 1);
    /* 0x12345678 * 0x9ABCDEF0 = 0x0B00EA4E_242D2080 */
    R[2] = 0x12345678; R[3] = 0x9ABCDEF0;
    run(UMULL(4, 5, 2, 3));
    ck_assert_uint_eq(R[4], 0x242D2080);
    ck_assert_uint_eq(R[5], 0x0B00EA4E);
}
END_TEST

START_TEST(test_umulls_flags)
{
    /* Z needs all 64 bits zero: 2^16 * 2^16 = 2^32 has a zero low word */
    set_flags(PSR_Z | PSR_C | PSR_V);
    R[2] = 0x10000; R[3] = 0x10000;
    run(UMULLS(0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0);
    ck_assert_uint_eq(R[1], 1);
    ck_assert_uint_eq(flags(), PSR_C | PSR_V);
    /* N is bit 63 */
    set_flags(0);
    R[2] = 0xFFFFFFFF; R[3] = 0xFFFFFFFF;
    run(UMULLS(0, 1, 2, 3));
    ck_assert_uint_eq(flags(), PSR_N);
    /* zero product */
    set_flags(PSR_N);
    R[2] = 0; R[3] = 0xFFFFFFFF;
    run(UMULLS(0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0);
    ck_assert_uint_eq(R[1], 0);
    ck_assert_uint_eq(flags(), PSR_Z);
}
END_TEST

START_TEST(test_umlal)
{
    /* carry from the low word: 0x00000000_FFFFFFFF + 1 = 0x1_00000000 */
    R[0] = 0xFFFFFFFF; R[1] = 0; R[2] = 1; R[3] = 1;
    run(UMLAL(0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0);
    ck_assert_uint_eq(R[1], 1);
    /* 64-bit wrap: 0xFFFFFFFF_FFFFFFFF + 1 = 0, with S: Z */
    set_flags(PSR_N);
    R[0] = 0xFFFFFFFF; R[1] = 0xFFFFFFFF; R[2] = 1; R[3] = 1;
    run(UMLALS(0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0);
    ck_assert_uint_eq(R[1], 0);
    ck_assert_uint_eq(flags(), PSR_Z);
    /* (2^32-1)^2 + 0x00000000_FFFFFFFF = 0xFFFFFFFE_00000001 + 0xFFFFFFFF
     * = 0xFFFFFFFF_00000000 */
    set_flags(0);
    R[0] = 0xFFFFFFFF; R[1] = 0; R[2] = 0xFFFFFFFF; R[3] = 0xFFFFFFFF;
    run(UMLALS(0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0);
    ck_assert_uint_eq(R[1], 0xFFFFFFFF);
    ck_assert_uint_eq(flags(), PSR_N);
}
END_TEST

START_TEST(test_smull)
{
    /* -1 * -1 = 1 */
    R[2] = 0xFFFFFFFF; R[3] = 0xFFFFFFFF;
    run(SMULL(0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 1);
    ck_assert_uint_eq(R[1], 0);
    /* (-2^31)^2 = 2^62 = 0x40000000_00000000 */
    R[2] = 0x80000000; R[3] = 0x80000000;
    run(SMULL(0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0);
    ck_assert_uint_eq(R[1], 0x40000000);
    /* -2^31 * (2^31-1) = -(2^62 - 2^31) = 0xC0000000_80000000 */
    R[2] = 0x80000000; R[3] = 0x7FFFFFFF;
    run(SMULL(0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0x80000000);
    ck_assert_uint_eq(R[1], 0xC0000000);
    /* -3 * 5 = -15 = 0xFFFFFFFF_FFFFFFF1, S: N */
    set_flags(PSR_Z | PSR_C);
    R[2] = 0xFFFFFFFD; R[3] = 5;
    run(SMULLS(0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0xFFFFFFF1);
    ck_assert_uint_eq(R[1], 0xFFFFFFFF);
    ck_assert_uint_eq(flags(), PSR_N | PSR_C);
}
END_TEST

START_TEST(test_smlal)
{
    /* acc 0x00000000_00000005 + (-3 * 2) = -1 */
    R[0] = 5; R[1] = 0; R[2] = 0xFFFFFFFD; R[3] = 2;
    run(SMLAL(0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0xFFFFFFFF);
    ck_assert_uint_eq(R[1], 0xFFFFFFFF);
    /* borrow across the words: 0x1_00000000 + (-1 * 1) = 0x00000000_FFFFFFFF */
    R[0] = 0; R[1] = 1; R[2] = 0xFFFFFFFF; R[3] = 1;
    run(SMLAL(0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0xFFFFFFFF);
    ck_assert_uint_eq(R[1], 0);
    /* 64-bit wrap: 0x7FFFFFFF_FFFFFFFF + 2^62 = 0xBFFFFFFF_FFFFFFFF; S: N */
    set_flags(PSR_V);
    R[0] = 0xFFFFFFFF; R[1] = 0x7FFFFFFF; R[2] = 0x80000000; R[3] = 0x80000000;
    run(SMLALS(0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0xFFFFFFFF);
    ck_assert_uint_eq(R[1], 0xBFFFFFFF);
    ck_assert_uint_eq(flags(), PSR_N | PSR_V);
    /* -1 * 1 + 1 = 0: Z */
    set_flags(PSR_N);
    R[0] = 1; R[1] = 0; R[2] = 0xFFFFFFFF; R[3] = 1;
    run(SMLALS(0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0);
    ck_assert_uint_eq(R[1], 0);
    ck_assert_uint_eq(flags(), PSR_Z);
}
END_TEST

START_TEST(test_umaal)
{
    /* max operands: (2^32-1)^2 + 2*(2^32-1) = 2^64 - 1, the largest value;
     * flags untouched (no S form) */
    set_flags(PSR_Z);
    R[0] = 0xFFFFFFFF; R[1] = 0xFFFFFFFF; R[2] = 0xFFFFFFFF; R[3] = 0xFFFFFFFF;
    run(UMAAL(0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0xFFFFFFFF);
    ck_assert_uint_eq(R[1], 0xFFFFFFFF);
    ck_assert_uint_eq(flags(), PSR_Z);
    /* both accumulators are added (not a 64-bit accumulate):
     * 3 * 4 + 0x10 + 0x100 = 0x11C */
    R[0] = 0x10; R[1] = 0x100; R[2] = 3; R[3] = 4;
    run(UMAAL(0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0x11C);
    ck_assert_uint_eq(R[1], 0);
    /* carry into the high word: 0xFFFFFFFF + 0xFFFFFFFF + 1*1 = 0x1_FFFFFFFF */
    R[0] = 0xFFFFFFFF; R[1] = 0xFFFFFFFF; R[2] = 1; R[3] = 1;
    run(UMAAL(0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0xFFFFFFFF);
    ck_assert_uint_eq(R[1], 1);
}
END_TEST

/* ---- 16-bit DSP multiplies --------------------------------------------------- */

START_TEST(test_smulxy)
{
    /* Rm = (top 0xFFFE = -2, bottom 0x0003), Rs = (top 0x8000, bottom 0x7FFF) */
    R[1] = 0xFFFE0003; R[2] = 0x80007FFF;
    run(SMULXY(0, 0, 0, 1, 2));                 /* 3 * 32767 = 98301 */
    ck_assert_uint_eq(R[0], 98301);
    run(SMULXY(1, 0, 0, 1, 2));                 /* -2 * 32767 = -65534 */
    ck_assert_uint_eq(R[0], (uint32_t)-65534);
    run(SMULXY(0, 1, 0, 1, 2));                 /* 3 * -32768 = -98304 */
    ck_assert_uint_eq(R[0], (uint32_t)-98304);
    run(SMULXY(1, 1, 0, 1, 2));                 /* -2 * -32768 = 65536 */
    ck_assert_uint_eq(R[0], 65536);
    /* largest product 0x8000 * 0x8000 = 0x40000000, no Q */
    set_flags(0);
    R[1] = 0x8000; R[2] = 0x8000;
    run(SMULXY(0, 0, 0, 1, 2));
    ck_assert_uint_eq(R[0], 0x40000000);
    ck_assert_uint_eq(flags(), 0);
}
END_TEST

START_TEST(test_smlaxy_q)
{
    /* 0x8000 * 0x8000 + 0x40000000 = 0x80000000: signed overflow -> wraps, Q */
    set_flags(0);
    R[1] = 0x8000; R[2] = 0x8000; R[3] = 0x40000000;
    run(SMLAXY(0, 0, 0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0x80000000);
    ck_assert_uint_eq(flags(), PSR_Q);
    /* no overflow: Q stays clear; top halves: 0x0002 * 0xFFFF(-1) + 10 = 8 */
    set_flags(PSR_N | PSR_Z);
    R[1] = 0x00020000; R[2] = 0xFFFF0000; R[3] = 10;
    run(SMLAXY(1, 1, 0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 8);
    ck_assert_uint_eq(flags(), PSR_N | PSR_Z);
    /* negative overflow: 0x80000000 + (-1 * 1) -> 0x7FFFFFFF, Q */
    set_flags(0);
    R[1] = 0x0000FFFF; R[2] = 0x00010000; R[3] = 0x80000000;
    run(SMLAXY(0, 1, 0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0x7FFFFFFF);
    ck_assert_uint_eq(flags(), PSR_Q);
    /* Q is sticky: a non-overflowing SMLA leaves it set */
    R[1] = 1; R[2] = 1; R[3] = 1;
    run(SMLAXY(0, 0, 0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 2);
    ck_assert_uint_eq(flags(), PSR_Q);
    /* x selects Rm's half, y Rs's half: SMLATB = Rm.top * Rs.bottom */
    set_flags(0);
    R[1] = 0x00050007; R[2] = 0x000B000D; R[3] = 0;
    run(SMLAXY(1, 0, 0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 5 * 13);
    run(SMLAXY(0, 1, 0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 7 * 11);
}
END_TEST

START_TEST(test_smulwy)
{
    /* (Rm * Rs.y)[47:16]: 0x80000000 * -0x8000 = 2^46 -> 2^30 */
    R[1] = 0x80000000; R[2] = 0x12348000;
    run(SMULWY(0, 0, 1, 2));
    ck_assert_uint_eq(R[0], 0x40000000);
    /* top half: -1 * 1 = -1 -> bits 47:16 all ones (floor, not toward 0) */
    R[1] = 0xFFFFFFFF; R[2] = 0x00010000;
    run(SMULWY(1, 0, 1, 2));
    ck_assert_uint_eq(R[0], 0xFFFFFFFF);
    /* 0x12345678 * 0x0100 = 0x12_34567800 -> bits 47:16 = 0x00123456 */
    R[1] = 0x12345678; R[2] = 0x00000100;
    run(SMULWY(0, 0, 1, 2));
    ck_assert_uint_eq(R[0], 0x00123456);
    /* 0x7FFFFFFF * 0x7FFF = 0x3FFF_7FFF8001 -> 0x3FFF7FFF */
    R[1] = 0x7FFFFFFF; R[2] = 0x7FFF0000;
    run(SMULWY(1, 0, 1, 2));
    ck_assert_uint_eq(R[0], 0x3FFF7FFF);
}
END_TEST

START_TEST(test_smlawy)
{
    /* 0x7FFFFFFF * 0x7FFF -> 0x3FFF7FFF, + 0x40008001 = 0x80000000: Q */
    set_flags(0);
    R[1] = 0x7FFFFFFF; R[2] = 0x7FFF; R[3] = 0x40008001;
    run(SMLAWY(0, 0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0x80000000);
    ck_assert_uint_eq(flags(), PSR_Q);
    /* no overflow: 0x00010000 * 3 -> 3, + 4 = 7 */
    set_flags(0);
    R[1] = 0x00010000; R[2] = 0x00030000; R[3] = 4;
    run(SMLAWY(1, 0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 7);
    ck_assert_uint_eq(flags(), 0);
}
END_TEST

START_TEST(test_smlalxy)
{
    /* acc 0x00000000_FFFFFFFF + 1*1 = 0x1_00000000 */
    R[0] = 0xFFFFFFFF; R[1] = 0; R[2] = 1; R[3] = 1;
    run(SMLALXY(0, 0, 0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0);
    ck_assert_uint_eq(R[1], 1);
    /* negative product sign-extends to 64 bits: 0 + (-1 * 1) */
    R[0] = 0; R[1] = 0; R[2] = 0xFFFF0000; R[3] = 0x00000001;
    run(SMLALXY(1, 0, 0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0xFFFFFFFF);
    ck_assert_uint_eq(R[1], 0xFFFFFFFF);
    /* 64-bit wrap, no flags and no Q: 0x7FFFFFFF_FFFFFFFF + 0x40000000 */
    set_flags(0);
    R[0] = 0xFFFFFFFF; R[1] = 0x7FFFFFFF; R[2] = 0x80000000; R[3] = 0x80000000;
    run(SMLALXY(1, 1, 0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0x3FFFFFFF);
    ck_assert_uint_eq(R[1], 0x80000000);
    ck_assert_uint_eq(flags(), 0);
}
END_TEST

/* ---- dual 16-bit multiplies ------------------------------------------------- */

START_TEST(test_smuad_smusd)
{
    /* Rm = (top 3, bottom -2), Rs = (top 5, bottom 7) */
    R[1] = 0x0003FFFE; R[2] = 0x00050007;
    set_flags(0);
    run(SMUAD(0, 0, 1, 2));              /* -2*7 + 3*5 = 1 */
    ck_assert_uint_eq(R[0], 1);
    run(SMUAD(1, 0, 1, 2));              /* X: -2*5 + 3*7 = 11 */
    ck_assert_uint_eq(R[0], 11);
    run(SMUSD(0, 0, 1, 2));              /* -2*7 - 3*5 = -29 */
    ck_assert_uint_eq(R[0], (uint32_t)-29);
    run(SMUSD(1, 0, 1, 2));              /* X: -2*5 - 3*7 = -31 */
    ck_assert_uint_eq(R[0], (uint32_t)-31);
    ck_assert_uint_eq(flags(), 0);
    /* the only overflowing sum: 2 * 0x40000000 = 0x80000000 -> Q */
    R[1] = 0x80008000; R[2] = 0x80008000;
    run(SMUAD(0, 0, 1, 2));
    ck_assert_uint_eq(R[0], 0x80000000);
    ck_assert_uint_eq(flags(), PSR_Q);
    /* SMUSD cannot overflow: 0x40000000 - 0x40000000 = 0 */
    set_flags(0);
    run(SMUSD(0, 0, 1, 2));
    ck_assert_uint_eq(R[0], 0);
    ck_assert_uint_eq(flags(), 0);
    /* extreme SMUSD: 0x8000*0x8000 - 0x8000*0x7FFF = 0x40000000 - (-0x3FFF8000)
     * = 0x7FFF8000, still no Q */
    R[1] = 0x80008000; R[2] = 0x7FFF8000;
    run(SMUSD(0, 0, 1, 2));
    ck_assert_uint_eq(R[0], 0x7FFF8000);
    ck_assert_uint_eq(flags(), 0);
}
END_TEST

START_TEST(test_smlad_smlsd)
{
    /* 1*2 + 3*4 + 100 = 114 */
    set_flags(0);
    R[1] = 0x00030001; R[2] = 0x00040002; R[3] = 100;
    run(SMLAD(0, 0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 114);
    /* X: 1*4 + 3*2 + 100 = 110 */
    run(SMLAD(1, 0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 110);
    /* SMLSD: 1*2 - 3*4 + 100 = 90; X: 1*4 - 3*2 + 100 = 98 */
    run(SMLSD(0, 0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 90);
    run(SMLSD(1, 0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 98);
    ck_assert_uint_eq(flags(), 0);
    /* accumulate overflow: 0x7FFFFFFF + 1*1 + 0 -> 0x80000000, Q */
    R[1] = 0x00000001; R[2] = 0x00000001; R[3] = 0x7FFFFFFF;
    run(SMLAD(0, 0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0x80000000);
    ck_assert_uint_eq(flags(), PSR_Q);
    /* SMLSD overflow downwards: 0x80000000 + (0 - 1*1) -> 0x7FFFFFFF, Q */
    set_flags(0);
    R[1] = 0x00010000; R[2] = 0x00010000; R[3] = 0x80000000;
    run(SMLSD(0, 0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0x7FFFFFFF);
    ck_assert_uint_eq(flags(), PSR_Q);
    /* Q follows the exact sum Rn + p1 + p2: 0x40000000 + 0x40000000 + (-1)
     * = 0x7FFFFFFF fits, so no Q even though p1 + p2 alone would not
     * (ARM ARM: OverflowFrom(Rn + product1 + product2)). */
    set_flags(0);
    R[1] = 0x80008000; R[2] = 0x80008000; R[3] = 0xFFFFFFFF;
    run(SMLAD(0, 0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0x7FFFFFFF);
    ck_assert_uint_eq(flags(), 0);
}
END_TEST

START_TEST(test_smlald_smlsld)
{
    /* 64-bit accumulate: 0x00000000_FFFFFFFF + (1*2 + 3*4) = 0x1_0000000D */
    set_flags(0);
    R[0] = 0xFFFFFFFF; R[1] = 0; R[2] = 0x00030001; R[3] = 0x00040002;
    run(SMLALD(0, 0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0x0000000D);
    ck_assert_uint_eq(R[1], 1);
    /* X: 0 + (1*4 + 3*2) = 10 */
    R[0] = 0; R[1] = 0;
    run(SMLALD(1, 0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 10);
    ck_assert_uint_eq(R[1], 0);
    /* SMLSLD: 0 + (1*2 - 3*4) = -10 (sign-extended to 64 bits) */
    R[0] = 0; R[1] = 0;
    run(SMLSLD(0, 0, 1, 2, 3));
    ck_assert_uint_eq(R[0], (uint32_t)-10);
    ck_assert_uint_eq(R[1], 0xFFFFFFFF);
    /* SMLSLDX: 5 + (1*4 - 3*2) = 3 */
    R[0] = 5; R[1] = 0;
    run(SMLSLD(1, 0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 3);
    ck_assert_uint_eq(R[1], 0);
    /* the products' sum 0x80000000 is exact in 64 bits, no Q */
    R[0] = 0; R[1] = 0; R[2] = 0x80008000; R[3] = 0x80008000;
    run(SMLALD(0, 0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0x80000000);
    ck_assert_uint_eq(R[1], 0);
    ck_assert_uint_eq(flags(), 0);
}
END_TEST

/* ---- most-significant-word multiplies -------------------------------------- */

START_TEST(test_smmul)
{
    /* 0x40000000 * 2 = 0x00000000_80000000: truncating -> 0, rounding -> 1 */
    R[1] = 0x40000000; R[2] = 2;
    run(SMMUL(0, 0, 1, 2));
    ck_assert_uint_eq(R[0], 0);
    run(SMMUL(1, 0, 1, 2));
    ck_assert_uint_eq(R[0], 1);
    /* just below half: 0x7FFFFFFF * 1 -> rounds down either way */
    R[1] = 0x7FFFFFFF; R[2] = 1;
    run(SMMUL(1, 0, 1, 2));
    ck_assert_uint_eq(R[0], 0);
    /* -1 * 1 = 0xFFFFFFFF_FFFFFFFF: truncation floors to -1, rounding gives 0 */
    R[1] = 0xFFFFFFFF; R[2] = 1;
    run(SMMUL(0, 0, 1, 2));
    ck_assert_uint_eq(R[0], 0xFFFFFFFF);
    run(SMMUL(1, 0, 1, 2));
    ck_assert_uint_eq(R[0], 0);
    /* (-2^31)^2 = 2^62 -> 0x40000000 */
    R[1] = 0x80000000; R[2] = 0x80000000;
    run(SMMUL(1, 0, 1, 2));
    ck_assert_uint_eq(R[0], 0x40000000);
}
END_TEST

START_TEST(test_smmla_smmls)
{
    /* SMMLA: (Rn:0 + 0x40000000 * 2)[63:32] = Rn, rounded Rn + 1 */
    set_flags(0);
    R[1] = 0x40000000; R[2] = 2; R[3] = 7;
    run(SMMLA(0, 0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 7);
    run(SMMLA(1, 0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 8);
    /* accumulate wraps without Q: 0x7FFFFFFF:0 + 2^62 -> 0xBFFFFFFF */
    R[1] = 0x80000000; R[2] = 0x80000000; R[3] = 0x7FFFFFFF;
    run(SMMLA(0, 0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0xBFFFFFFF);
    ck_assert_uint_eq(flags(), 0);
    /* SMMLS: (7:0 - 0x00000000_80000000)[63:32] = 6 (borrow), rounded:
     * 7:0 - 0:80000000 + 0:80000000 = 7 */
    R[1] = 0x40000000; R[2] = 2; R[3] = 7;
    run(SMMLS(0, 0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 6);
    run(SMMLS(1, 0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 7);
    /* SMMLS with a negative product: 0:0 - (-1) = 0:1 -> 0; rounded 0 */
    R[1] = 0xFFFFFFFF; R[2] = 1; R[3] = 0;
    run(SMMLS(0, 0, 1, 2, 3));
    ck_assert_uint_eq(R[0], 0);
    /* SMMLS with Rn = 15 is still SMMLS (no SMMUL-like special case): the
     * ARM ARM makes it UNPREDICTABLE; we read the PC (0x1008).
     * 0x1008:0 - 3*2 = 0x1007:FFFFFFFA */
    R[1] = 3; R[2] = 2;
    run(SMMLS(0, 0, 1, 2, 15));
    ck_assert_uint_eq(R[0], 0x1007);
}
END_TEST

/* ---- execution control ---------------------------------------------------- */

START_TEST(test_mul_cond_fail)
{
    /* MULNE / UMLALNE / SMLADNE / SMMULNE with Z set: nothing changes */
    static const uint32_t insns[] = {
        0x10000291, /* mulne r0, r1, r2 */
        0x10B10392, /* umlalsne r0, r1, r2, r3 */
        0x17003211, /* smladne r0, r1, r2, r3 */
        0x1750F211, /* smmulne r0, r1, r2 */
        0x11003281, /* smlabbne r0, r1, r2, r3 */
    };
    for (unsigned i = 0; i < sizeof insns / sizeof insns[0]; i++) {
        set_flags(PSR_Z);
        R[0] = 0xAAAA5555; R[1] = 0x80008000; R[2] = 0x80008000; R[3] = 0x7FFFFFFF;
        run(insns[i]);
        ck_assert_uint_eq(R[0], 0xAAAA5555);
        ck_assert_uint_eq(R[1], 0x80008000);
        ck_assert_uint_eq(flags(), PSR_Z);
    }
    /* ... and runs when the condition passes (EQ with Z set) */
    set_flags(PSR_Z);
    R[1] = 3; R[2] = 4;
    run(0x00000291); /* muleq r0, r1, r2 */
    ck_assert_uint_eq(R[0], 12);
}
END_TEST

START_TEST(test_mul_cycles)
{
    /* Extra cycles over a plain ALU instruction, per the ARM1176 table */
    uint64_t base;
    R[0] = R[1] = R[2] = R[3] = 1;
    base = cycles_of(0xE1A00000); /* mov r0, r0 */
    ck_assert_uint_eq(cycles_of(MUL(0, 1, 2)) - base, T_MUL);
    ck_assert_uint_eq(cycles_of(MLA(0, 1, 2, 3)) - base, T_MUL);
    ck_assert_uint_eq(cycles_of(MULS(0, 1, 2)) - base, T_MUL_S);
    ck_assert_uint_eq(cycles_of(MLAS(0, 1, 2, 3)) - base, T_MUL_S);
    ck_assert_uint_eq(cycles_of(UMULL(4, 5, 1, 2)) - base, T_MULL);
    ck_assert_uint_eq(cycles_of(SMLAL(4, 5, 1, 2)) - base, T_MULL);
    ck_assert_uint_eq(cycles_of(UMAAL(4, 5, 1, 2)) - base, T_MULL);
    ck_assert_uint_eq(cycles_of(UMULLS(4, 5, 1, 2)) - base, T_MULL_S);
    ck_assert_uint_eq(cycles_of(SMLALS(4, 5, 1, 2)) - base, T_MULL_S);
    ck_assert_uint_eq(cycles_of(SMULXY(0, 0, 0, 1, 2)) - base, 0);
    ck_assert_uint_eq(cycles_of(SMLAXY(1, 1, 0, 1, 2, 3)) - base, 0);
    ck_assert_uint_eq(cycles_of(SMULWY(0, 0, 1, 2)) - base, 0);
    ck_assert_uint_eq(cycles_of(SMLAD(0, 0, 1, 2, 3)) - base, 0);
    ck_assert_uint_eq(cycles_of(SMUSD(1, 0, 1, 2)) - base, 0);
    ck_assert_uint_eq(cycles_of(SMLALXY(0, 0, 4, 5, 1, 2)) - base, T_MUL_HALF_LONG);
    ck_assert_uint_eq(cycles_of(SMLALD(0, 4, 5, 1, 2)) - base, T_MUL_HALF_LONG);
    ck_assert_uint_eq(cycles_of(SMLSLD(1, 4, 5, 1, 2)) - base, T_MUL_HALF_LONG);
    ck_assert_uint_eq(cycles_of(SMMUL(0, 0, 1, 2)) - base, T_MUL_HALF_LONG);
    ck_assert_uint_eq(cycles_of(SMMLA(1, 0, 1, 2, 3)) - base, T_MUL_HALF_LONG);
    ck_assert_uint_eq(cycles_of(SMMLS(0, 0, 1, 2, 3)) - base, T_MUL_HALF_LONG);
}
END_TEST

START_TEST(test_mul_pc_operands)
{
    /* UNPREDICTABLE forms behave in a defined, harmless way here:
     * r15 as an operand reads as the instruction address + 8 ... */
    R[1] = 2;
    run(MUL(0, 15, 1));
    ck_assert_uint_eq(R[0], 0x2010);
    /* ... and r15 as a destination discards the result: execution falls
     * through to the next instruction (run() checks the PC is 0x1004). */
    R[1] = 3; R[2] = 5;
    run(MUL(15, 1, 2));
    run(UMULL(15, 0, 1, 2));
    ck_assert_uint_eq(R[0], 0);
    /* an accumulator in r15 reads address + 8 as well:
     * UMAAL r0, pc, r1, r2 = 3*5 + 7 + 0x1008, all in the low word */
    R[0] = 7;
    run(UMAAL(0, 15, 1, 2));
    ck_assert_uint_eq(R[0], 0x1008 + 7 + 15);
    /* SMLAL r0, pc, r1, r2: 0x1008:7 + 15 -> low word 22 */
    R[0] = 7;
    run(SMLAL(0, 15, 1, 2));
    ck_assert_uint_eq(R[0], 22);
}
END_TEST

/* MLS (v6T2), SDIV/UDIV (v7), the unallocated multiply opcodes and the
 * unused SMMLA-space combinations take the undefined instruction trap. */
START_TEST(test_mul_v6t2_undefined)
{
    static const uint32_t insns[] = {
        0xE0603291, /* mls r0, r1, r2, r3 */
        0xE0703291, /* mls with bit 20 set: still unallocated */
        0xE0500291, /* 0000 0101: unallocated */
        0xE710F211, /* sdiv r0, r1, r2 */
        0xE730F211, /* udiv r0, r1, r2 */
        0xE7503251, /* 0111 0101 ... 0101: unallocated */
        0xE7503291, /* 0111 0101 ... 1001: unallocated */
        0xE7003291, /* 0111 0000 ... 1001: unallocated */
        0xE7410392, /* 0111 0100 ... 1001: unallocated */
    };
    for (unsigned i = 0; i < sizeof insns / sizeof insns[0]; i++) {
        tc_destroy(tc);
        tc = tc_create(64 * 1024);
        R[0] = 0x11111111;
        uint32_t pc = tc_exec_arm(tc, insns[i]);
        ck_assert_msg((tc->cpu->cpsr & PSR_MODE_MASK) == MODE_UND, "insn %08x: mode %02x", insns[i],
                      tc->cpu->cpsr & PSR_MODE_MASK);
        ck_assert_msg(R[14] == 0x1004, "insn %08x: lr %08x", insns[i], R[14]);
        ck_assert_uint_eq(pc, 0x00000004);
        ck_assert_uint_eq(R[0], 0x11111111);
    }
}
END_TEST

Suite *mul_suite(void)
{
    Suite *s = suite_create("mul");
    TCase *t = tcase_create("arm");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_mul_basic);
    tcase_add_test(t, test_mul_no_flags_without_s);
    tcase_add_test(t, test_muls_flags);
    tcase_add_test(t, test_mla);
    tcase_add_test(t, test_umull);
    tcase_add_test(t, test_umulls_flags);
    tcase_add_test(t, test_umlal);
    tcase_add_test(t, test_smull);
    tcase_add_test(t, test_smlal);
    tcase_add_test(t, test_umaal);
    tcase_add_test(t, test_smulxy);
    tcase_add_test(t, test_smlaxy_q);
    tcase_add_test(t, test_smulwy);
    tcase_add_test(t, test_smlawy);
    tcase_add_test(t, test_smlalxy);
    tcase_add_test(t, test_smuad_smusd);
    tcase_add_test(t, test_smlad_smlsd);
    tcase_add_test(t, test_smlald_smlsld);
    tcase_add_test(t, test_smmul);
    tcase_add_test(t, test_smmla_smmls);
    tcase_add_test(t, test_mul_cond_fail);
    tcase_add_test(t, test_mul_cycles);
    tcase_add_test(t, test_mul_pc_operands);
    tcase_add_test(t, test_mul_v6t2_undefined);
    suite_add_tcase(s, t);
    return s;
}
