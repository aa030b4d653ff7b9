/*
 * vfp: the VFP11 floating-point coprocessor (CP10/CP11, VFPv2).
 *
 * A constructor enables CP10/CP11 in the CPACR and sets FPEXC.EN before
 * main (the machine resets with the VFP off).  Then:
 *  - ID registers (FPSID, MVFR0/1), FPEXC, the FPSCR fields that hold
 *  - single and double arithmetic instruction by instruction (inline asm)
 *    in round-to-nearest and round-towards-zero (and RP/RM for a few),
 *    with the cumulative exception flags: NaN propagation and default NaN,
 *    overflow, division by zero, underflow detected before rounding,
 *    flush-to-zero, the multiply-accumulate family, square root
 *  - compares, with FMSTAT moving the result to the CPSR
 *  - conversions float <-> integer (saturation, NaN, round towards zero)
 *    and single <-> double
 *  - a short-vector FADDS (FPSCR.LEN)
 *  - FLDS/FSTS, FLDD/FSTD, FLDM/FSTM increment-after and decrement-before
 *    with writeback, FSTMX/FLDMX
 *  - the same arithmetic written in C: with the soft-float builds
 *    (vfp.elf, vfp_t.elf) libgcc computes it, with the hard-float build
 *    (vfp_hf.elf) the compiler's VFP code does, also under round towards
 *    zero
 *  - with FPEXC.EN = 0 a VFP instruction is UNDEFINED.
 * Expected values are the IEEE 754 results, worked out by hand (the
 * comments say how) and cross-checked on the host.
 */
#include <stdint.h>
#include <string.h>

#include "test.h"

/* In the hard-float build the compiler uses the VFP registers itself: tell
 * it which ones the snippets change. */
#ifdef __ARM_PCS_VFP
#define CLOB_S , "s12", "s13", "s14", "s15"
#define CLOB_D , "d5", "d6", "d7"
#define CLOB_V , "d0", "d4", "d5", "d6", "d7"
#define CLOB_S0 , "s0", "s1", "s2"
#else
#define CLOB_S
#define CLOB_D
#define CLOB_V
#define CLOB_S0
#endif

#define FPSCR_RN 0x00000000u
#define FPSCR_RP 0x00400000u
#define FPSCR_RM 0x00800000u
#define FPSCR_RZ 0x00C00000u
#define FPSCR_FZ 0x01000000u
#define FPSCR_DN 0x02000000u
#define IOC 0x01u
#define DZC 0x02u
#define OFC 0x04u
#define UFC 0x08u
#define IXC 0x10u
#define IDC 0x80u

/* ---- enable / system registers ------------------------------------------------------------ */
ARMFN static void vfp_enable(void)
{
    __asm__ volatile(
        "mrc   p15, 0, r0, c1, c0, 2\n"
        "orr   r0, r0, #0x00f00000\n"        /* CP10, CP11: full access */
        "mcr   p15, 0, r0, c1, c0, 2\n"
        "mov   r0, #0\n"
        "mcr   p15, 0, r0, c7, c5, 4\n"      /* flush prefetch buffer */
        "mov   r0, #0x40000000\n"            /* FPEXC.EN */
        ".fpu  vfp\n"
        "fmxr  fpexc, r0\n"
        "mov   r0, #0\n"
        "fmxr  fpscr, r0\n"
        ::: "r0", "memory");
}
/* Before main and before any compiler-generated VFP code. */
__attribute__((constructor)) static void vfp_init(void) { vfp_enable(); }

ARMFN static void sysregs(uint32_t o[4])
{
    __asm__ volatile(
        ".fpu  vfp\n"
        "fmrx  r2, fpsid\n"
        "fmrx  r3, mvfr0\n"
        "str   r2, [%0]\n"
        "str   r3, [%0, #4]\n"
        "fmrx  r2, mvfr1\n"
        "fmrx  r3, fpexc\n"
        "str   r2, [%0, #8]\n"
        "str   r3, [%0, #12]\n"
        :: "r"(o) : "r2", "r3", "memory");
}

ARMFN static uint32_t fpscr_roundtrip(uint32_t v)
{
    uint32_t r;
    __asm__ volatile(
        ".fpu  vfp\n"
        "fmxr  fpscr, %1\n"
        "fmrx  %0, fpscr\n"
        "mov   %1, #0\n"
        "fmxr  fpscr, %1\n"
        : "=&r"(r), "+r"(v) :: "memory");
    return r;
}


/* ---- one instruction at a time -------------------------------------------------------------- */
/* s13 = op(s14, s15) (s13 is also an input for the accumulating forms);
 * *fpscr: value to run under, then the FPSCR afterwards. */
#define SOP3(name, insn)                                                                         \
    ARMFN static uint32_t name(uint32_t d, uint32_t n, uint32_t m, uint32_t *fpscr)              \
    {                                                                                            \
        uint32_t r, f = *fpscr, z = 0;                                                           \
        __asm__ volatile(".fpu vfp\n"                                                            \
                         "fmxr  fpscr, %[f]\n"                                                   \
                         "fmsr  s13, %[d]\n"                                                     \
                         "fmsr  s14, %[n]\n"                                                     \
                         "fmsr  s15, %[m]\n"                                                     \
                         insn "\n"                                                               \
                         "fmrs  %[r], s13\n"                                                     \
                         "fmrx  %[f], fpscr\n"                                                   \
                         "fmxr  fpscr, %[z]\n"                                                   \
                         : [r] "=&r"(r), [f] "+&r"(f)                                            \
                         : [d] "r"(d), [n] "r"(n), [m] "r"(m), [z] "r"(z)                        \
                         : "memory" CLOB_S);                                                     \
        *fpscr = f;                                                                              \
        return r;                                                                                \
    }
SOP3(s_add, "fadds s13, s14, s15")
SOP3(s_sub, "fsubs s13, s14, s15")
SOP3(s_mul, "fmuls s13, s14, s15")
SOP3(s_nmul, "fnmuls s13, s14, s15")
SOP3(s_div, "fdivs s13, s14, s15")
SOP3(s_mac, "fmacs s13, s14, s15")
SOP3(s_nmac, "fnmacs s13, s14, s15")
SOP3(s_msc, "fmscs s13, s14, s15")
SOP3(s_nmsc, "fnmscs s13, s14, s15")
SOP3(s_sqrt, "fsqrts s13, s15")
SOP3(s_neg, "fnegs s13, s15")
SOP3(s_abs, "fabss s13, s15")
SOP3(s_tosi, "ftosis s13, s15")
SOP3(s_tosiz, "ftosizs s13, s15")
SOP3(s_toui, "ftouis s13, s15")
SOP3(s_touiz, "ftouizs s13, s15")
SOP3(s_sito, "fsitos s13, s15")
SOP3(s_uito, "fuitos s13, s15")

/* d5 = op(d6, d7) */
#define DOP3(name, insn)                                                                         \
    ARMFN static uint64_t name(uint64_t d, uint64_t n, uint64_t m, uint32_t *fpscr)              \
    {                                                                                            \
        uint64_t r;                                                                              \
        uint32_t f = *fpscr, z = 0;                                                              \
        __asm__ volatile(".fpu vfp\n"                                                            \
                         "fmxr  fpscr, %[f]\n"                                                   \
                         "fmdrr d5, %Q[d], %R[d]\n"                                              \
                         "fmdrr d6, %Q[n], %R[n]\n"                                              \
                         "fmdrr d7, %Q[m], %R[m]\n"                                              \
                         insn "\n"                                                               \
                         "fmrrd %Q[r], %R[r], d5\n"                                              \
                         "fmrx  %[f], fpscr\n"                                                   \
                         "fmxr  fpscr, %[z]\n"                                                   \
                         : [r] "=&r"(r), [f] "+&r"(f)                                            \
                         : [d] "r"(d), [n] "r"(n), [m] "r"(m), [z] "r"(z)                        \
                         : "memory" CLOB_D);                                                     \
        *fpscr = f;                                                                              \
        return r;                                                                                \
    }
DOP3(d_add, "faddd d5, d6, d7")
DOP3(d_mul, "fmuld d5, d6, d7")
DOP3(d_div, "fdivd d5, d6, d7")
DOP3(d_mac, "fmacd d5, d6, d7")
DOP3(d_sqrt, "fsqrtd d5, d7")
/* mixed precision: the operand is the low word of m (s14) or d7; the
 * result is d5 or, for a single result, s10 (the low word of d5) */
DOP3(d_cvtds, "fcvtds d5, s14")   /* s14 = low word of d7 */
DOP3(d_sitod, "fsitod d5, s14")
DOP3(d_cvtsd, "fmdrr d5, %[z], %[z]\n fcvtsd s10, d7")
DOP3(d_tosid, "fmdrr d5, %[z], %[z]\n ftosid s10, d7")
DOP3(d_tosizd, "fmdrr d5, %[z], %[z]\n ftosizd s10, d7")

/* FCMP(E) + FMSTAT: returns the CPSR's NZCV; *fpscr as above */
#define CMP(name, insn)                                                                          \
    ARMFN static uint32_t name(uint32_t n, uint32_t m, uint32_t *fpscr)                          \
    {                                                                                            \
        uint32_t r, f = *fpscr, z = 0;                                                           \
        __asm__ volatile(".fpu vfp\n"                                                            \
                         "msr   cpsr_f, #0\n"                                                    \
                         "fmxr  fpscr, %[f]\n"                                                   \
                         "fmsr  s14, %[n]\n"                                                     \
                         "fmsr  s15, %[m]\n"                                                     \
                         insn "\n"                                                               \
                         "fmstat\n"                                                              \
                         "mrs   %[r], cpsr\n"                                                    \
                         "fmrx  %[f], fpscr\n"                                                   \
                         "fmxr  fpscr, %[z]\n"                                                   \
                         : [r] "=&r"(r), [f] "+&r"(f)                                            \
                         : [n] "r"(n), [m] "r"(m), [z] "r"(z)                                    \
                         : "memory", "cc" CLOB_S);                                               \
        *fpscr = f;                                                                              \
        return r & 0xF0000000u;                                                                  \
    }
CMP(s_cmp, "fcmps s14, s15")
CMP(s_cmpe, "fcmpes s14, s15")
CMP(s_cmpz, "fcmpzs s14")
CMP(d_cmp, "fmdrr d6, %[n], %[n]\n fmdrr d7, %[m], %[m]\n fcmpd d6, d7") /* doubles from one word each */

/* ---- tables ------------------------------------------------------------------------------- */
typedef uint32_t (*sfn)(uint32_t, uint32_t, uint32_t, uint32_t *);
struct scase {
    const char *name;
    sfn fn;
    uint32_t d, n, m, fpscr, exp, flags;
};

/* 1.0 = 3f800000, 2.0 = 40000000, 3.0 = 40400000, 0.5 = 3f000000 */
static const struct scase scases[] = {
    {"fadds 1.5+2.25", s_add, 0, 0x3FC00000, 0x40100000, FPSCR_RN, 0x40700000, 0},
    {"fsubs 1.5-2.25", s_sub, 0, 0x3FC00000, 0x40100000, FPSCR_RN, 0xBF400000, 0},
    {"fsubs x-x RM", s_sub, 0, 0x40A00000, 0x40A00000, FPSCR_RM, 0x80000000, 0},  /* -0 in RM */
    {"fmuls 1.5*-4", s_mul, 0, 0x3FC00000, 0xC0800000, FPSCR_RN, 0xC0C00000, 0},
    {"fnmuls 1.5*-4", s_nmul, 0, 0x3FC00000, 0xC0800000, FPSCR_RN, 0x40C00000, 0},
    /* 1/3 = 0x3eaaaaaa.aa..: RN/RP round up, RZ/RM truncate */
    {"fdivs 1/3 RN", s_div, 0, 0x3F800000, 0x40400000, FPSCR_RN, 0x3EAAAAAB, IXC},
    {"fdivs 1/3 RZ", s_div, 0, 0x3F800000, 0x40400000, FPSCR_RZ, 0x3EAAAAAA, IXC},
    {"fdivs 1/3 RM", s_div, 0, 0x3F800000, 0x40400000, FPSCR_RM, 0x3EAAAAAA, IXC},
    {"fdivs -1/3 RP", s_div, 0, 0xBF800000, 0x40400000, FPSCR_RP, 0xBEAAAAAA, IXC},
    {"fdivs -1/3 RZ", s_div, 0, 0xBF800000, 0x40400000, FPSCR_RZ, 0xBEAAAAAA, IXC},
    {"fdivs -1/3 RN", s_div, 0, 0xBF800000, 0x40400000, FPSCR_RN, 0xBEAAAAAB, IXC},
    /* 1 + 2^-24 is a tie: RN keeps the even 1.0, RP goes up */
    {"fadds tie RN", s_add, 0, 0x3F800000, 0x33800000, FPSCR_RN, 0x3F800000, IXC},
    {"fadds tie RP", s_add, 0, 0x3F800000, 0x33800000, FPSCR_RP, 0x3F800001, IXC},
    {"fadds tie odd RN", s_add, 0, 0x3F800001, 0x33800000, FPSCR_RN, 0x3F800002, IXC},
    /* overflow: 2^127 * 4 */
    {"fmuls ovf RN", s_mul, 0, 0x7F000000, 0x40800000, FPSCR_RN, 0x7F800000, OFC | IXC},
    {"fmuls ovf RZ", s_mul, 0, 0x7F000000, 0x40800000, FPSCR_RZ, 0x7F7FFFFF, OFC | IXC},
    {"fdivs 1/0", s_div, 0, 0x3F800000, 0x00000000, FPSCR_RN, 0x7F800000, DZC},
    {"fdivs -1/0", s_div, 0, 0xBF800000, 0x00000000, FPSCR_RN, 0xFF800000, DZC},
    {"fdivs 0/0", s_div, 0, 0x00000000, 0x00000000, FPSCR_RN, 0x7FC00000, IOC},  /* default NaN */
    {"fadds inf-inf", s_add, 0, 0x7F800000, 0xFF800000, FPSCR_RN, 0x7FC00000, IOC},
    /* NaNs: first signalling NaN (quietened, IOC), else first quiet NaN */
    {"fadds qnan,qnan", s_add, 0, 0x7FC00011, 0xFFC00022, FPSCR_RN, 0x7FC00011, 0},
    {"fadds 1,qnan", s_add, 0, 0x3F800000, 0xFFC00022, FPSCR_RN, 0xFFC00022, 0},
    {"fmuls qnan,snan", s_mul, 0, 0x7FC00011, 0xFF800044, FPSCR_RN, 0xFFC00044, IOC},
    {"fsubs snan,snan", s_sub, 0, 0x7F800033, 0xFF800044, FPSCR_RN, 0x7FC00033, IOC},
    {"fadds qnan DN", s_add, 0, 0x7FC00011, 0x3F800000, FPSCR_DN, 0x7FC00000, 0},
    {"fadds snan DN", s_add, 0, 0x3F800000, 0xFF800044, FPSCR_DN, 0x7FC00000, IOC},
    {"fnegs snan", s_neg, 0, 0, 0x7F800033, FPSCR_RN, 0xFF800033, 0},            /* bit operation */
    {"fabss -0", s_abs, 0, 0, 0x80000000, FPSCR_RN, 0x00000000, 0},
    /* multiply-accumulate: d = 10, n*m = 6 */
    {"fmacs", s_mac, 0x41200000, 0x40000000, 0x40400000, FPSCR_RN, 0x41800000, 0},   /* 16 */
    {"fnmacs", s_nmac, 0x41200000, 0x40000000, 0x40400000, FPSCR_RN, 0x40800000, 0}, /* 4 */
    {"fmscs", s_msc, 0x41200000, 0x40000000, 0x40400000, FPSCR_RN, 0xC0800000, 0},   /* -4 */
    {"fnmscs", s_nmsc, 0x41200000, 0x40000000, 0x40400000, FPSCR_RN, 0xC1800000, 0}, /* -16 */
    /* not fused: (1 + 2^-23)^2 rounds to 1 + 2^-22 before the -1 */
    {"fmacs rounds twice", s_mac, 0xBF800000, 0x3F800001, 0x3F800001, FPSCR_RN, 0x34800000, IXC},
    /* subnormals: exact results raise nothing, inexact tiny ones UFC+IXC */
    {"fadds subnormals", s_add, 0, 0x00000001, 0x00000001, FPSCR_RN, 0x00000002, 0},
    {"fmuls tiny tie", s_mul, 0, 0x00800001, 0x3F000000, FPSCR_RN, 0x00400000, UFC | IXC},
    /* 2^-126 * (1 - 2^-24): rounds up to the smallest normal but was tiny
     * before rounding: UFC (ARM detects tininess before rounding) */
    {"fmuls tiny->min normal", s_mul, 0, 0x00800000, 0x3F7FFFFF, FPSCR_RN, 0x00800000, UFC | IXC},
    {"fmuls tiny RZ", s_mul, 0, 0x00800000, 0x3F7FFFFF, FPSCR_RZ, 0x007FFFFF, UFC | IXC},
    {"fmuls not tiny", s_mul, 0, 0x00800002, 0x3F7FFFFF, FPSCR_RN, 0x00800001, IXC},
    /* flush-to-zero: inputs (IDC) and results (UFC, no IXC) */
    {"fmuls FZ result", s_mul, 0, 0x00800000, 0x3F7FFFFF, FPSCR_FZ, 0x00000000, UFC},
    {"fsubs FZ exact", s_sub, 0, 0x00800001, 0x00800000, FPSCR_FZ, 0x00000000, UFC},
    {"fadds FZ input", s_add, 0, 0x80000005, 0x80000000, FPSCR_FZ, 0x80000000, IDC},
    {"fmuls FZ input", s_mul, 0, 0x00400000, 0x40000000, FPSCR_FZ, 0x00000000, IDC},
    /* square root */
    {"fsqrts 2.25", s_sqrt, 0, 0, 0x40100000, FPSCR_RN, 0x3FC00000, 0},
    {"fsqrts 2 RN", s_sqrt, 0, 0, 0x40000000, FPSCR_RN, 0x3FB504F3, IXC},
    {"fsqrts 2 RP", s_sqrt, 0, 0, 0x40000000, FPSCR_RP, 0x3FB504F4, IXC},
    {"fsqrts 2 RZ", s_sqrt, 0, 0, 0x40000000, FPSCR_RZ, 0x3FB504F3, IXC},
    {"fsqrts -0", s_sqrt, 0, 0, 0x80000000, FPSCR_RN, 0x80000000, 0},
    {"fsqrts -4", s_sqrt, 0, 0, 0xC0800000, FPSCR_RN, 0x7FC00000, IOC},
    /* float -> integer: FPSCR rounding or towards zero; saturation and NaN
     * give IOC without IXC */
    {"ftosis 2.7 RN", s_tosi, 0, 0, 0x402CCCCD, FPSCR_RN, 3, IXC},
    {"ftosis 2.5 RN", s_tosi, 0, 0, 0x40200000, FPSCR_RN, 2, IXC},          /* ties to even */
    {"ftosis 2.7 RM", s_tosi, 0, 0, 0x402CCCCD, FPSCR_RM, 2, IXC},
    {"ftosizs 2.7", s_tosiz, 0, 0, 0x402CCCCD, FPSCR_RN, 2, IXC},
    {"ftosizs -2.7", s_tosiz, 0, 0, 0xC02CCCCD, FPSCR_RN, 0xFFFFFFFE, IXC},
    {"ftosis 2^31", s_tosi, 0, 0, 0x4F000000, FPSCR_RN, 0x7FFFFFFF, IOC},
    {"ftosis -2^31", s_tosi, 0, 0, 0xCF000000, FPSCR_RN, 0x80000000, 0},
    {"ftosis -inf", s_tosi, 0, 0, 0xFF800000, FPSCR_RN, 0x80000000, IOC},
    {"ftosis nan", s_tosi, 0, 0, 0x7FC00000, FPSCR_RN, 0, IOC},
    {"ftouis -1", s_toui, 0, 0, 0xBF800000, FPSCR_RN, 0, IOC},
    {"ftouis -0.5 RN", s_toui, 0, 0, 0xBF000000, FPSCR_RN, 0, IXC},        /* rounds to -0 */
    {"ftouis 2^31", s_toui, 0, 0, 0x4F000000, FPSCR_RN, 0x80000000, 0},
    {"ftouizs 2^32", s_touiz, 0, 0, 0x4F800000, FPSCR_RN, 0xFFFFFFFF, IOC},
    {"ftouizs 3.99", s_touiz, 0, 0, 0x407F5C29, FPSCR_RP, 3, IXC},
    /* integer -> float */
    {"fsitos -3", s_sito, 0, 0, 0xFFFFFFFD, FPSCR_RN, 0xC0400000, 0},
    {"fsitos int max RN", s_sito, 0, 0, 0x7FFFFFFF, FPSCR_RN, 0x4F000000, IXC},
    {"fsitos int max RZ", s_sito, 0, 0, 0x7FFFFFFF, FPSCR_RZ, 0x4EFFFFFF, IXC},
    {"fuitos uint max RN", s_uito, 0, 0, 0xFFFFFFFF, FPSCR_RN, 0x4F800000, IXC},
    {"fuitos uint max RZ", s_uito, 0, 0, 0xFFFFFFFF, FPSCR_RZ, 0x4F7FFFFF, IXC},
};

typedef uint64_t (*dfn)(uint64_t, uint64_t, uint64_t, uint32_t *);
struct dcase {
    const char *name;
    dfn fn;
    uint64_t d, n, m;
    uint32_t fpscr;
    uint64_t exp;
    uint32_t flags;
};

static const struct dcase dcases[] = {
    /* 0.1 + 0.2 = 0.30000000000000004 */
    {"faddd 0.1+0.2", d_add, 0, 0x3FB999999999999Aull, 0x3FC999999999999Aull, FPSCR_RN, 0x3FD3333333333334ull, IXC},
    {"faddd 0.1+0.2 RZ", d_add, 0, 0x3FB999999999999Aull, 0x3FC999999999999Aull, FPSCR_RZ, 0x3FD3333333333333ull,
     IXC},
    /* 2/3 = 0x3fe5555555555555.55..: RN and RZ truncate, RP rounds up */
    {"fdivd 2/3 RN", d_div, 0, 0x4000000000000000ull, 0x4008000000000000ull, FPSCR_RN, 0x3FE5555555555555ull, IXC},
    {"fdivd 2/3 RP", d_div, 0, 0x4000000000000000ull, 0x4008000000000000ull, FPSCR_RP, 0x3FE5555555555556ull, IXC},
    {"fmuld 3*-0.5", d_mul, 0, 0x4008000000000000ull, 0xBFE0000000000000ull, FPSCR_RN, 0xBFF8000000000000ull, 0},
    {"fmuld ovf RZ", d_mul, 0, 0x7FE0000000000000ull, 0x4010000000000000ull, FPSCR_RZ, 0x7FEFFFFFFFFFFFFFull,
     OFC | IXC},
    {"fmuld 0*-inf", d_mul, 0, 0, 0xFFF0000000000000ull, FPSCR_RN, 0x7FF8000000000000ull, IOC},
    {"faddd snan", d_add, 0, 0x3FF0000000000000ull, 0x7FF0000000000123ull, FPSCR_RN, 0x7FF8000000000123ull, IOC},
    {"fmuld tiny->min normal", d_mul, 0, 0x0010000000000000ull, 0x3FEFFFFFFFFFFFFFull, FPSCR_RN,
     0x0010000000000000ull, UFC | IXC},
    {"fmacd 0.5+1.5*2", d_mac, 0x3FE0000000000000ull, 0x3FF8000000000000ull, 0x4000000000000000ull, FPSCR_RN,
     0x400C000000000000ull, 0},
    {"fsqrtd 2", d_sqrt, 0, 0, 0x4000000000000000ull, FPSCR_RN, 0x3FF6A09E667F3BCDull, IXC},
    {"fsqrtd 2 RZ", d_sqrt, 0, 0, 0x4000000000000000ull, FPSCR_RZ, 0x3FF6A09E667F3BCCull, IXC},
    /* precision conversions (operand in the low word of m / in d7) */
    {"fcvtds 2^-149", d_cvtds, 0, 0, 0x00000001ull, FPSCR_RN, 0x36A0000000000000ull, 0},
    {"fcvtds snan", d_cvtds, 0, 0, 0xFF800001ull, FPSCR_RN, 0xFFF8000020000000ull, IOC},
    {"fcvtds -1.5", d_cvtds, 0, 0, 0xBFC00000ull, FPSCR_RN, 0xBFF8000000000000ull, 0},
    {"fcvtsd 0.1 RN", d_cvtsd, 0, 0, 0x3FB999999999999Aull, FPSCR_RN, 0x3DCCCCCDull, IXC},
    {"fcvtsd 0.1 RZ", d_cvtsd, 0, 0, 0x3FB999999999999Aull, FPSCR_RZ, 0x3DCCCCCCull, IXC},
    {"fcvtsd 1e300", d_cvtsd, 0, 0, 0x7E37E43C8800759Cull, FPSCR_RN, 0x7F800000ull, OFC | IXC},
    {"fcvtsd nan", d_cvtsd, 0, 0, 0x7FF4000000000001ull, FPSCR_RN, 0x7FE00000ull, IOC},
    {"fcvtsd 1e-40", d_cvtsd, 0, 0, 0x37A16C262777579Cull, FPSCR_RN, 0x000116C2ull, UFC | IXC},
    {"fcvtsd 1e-40 FZ", d_cvtsd, 0, 0, 0x37A16C262777579Cull, FPSCR_FZ, 0, UFC},
    {"fsitod min int", d_sitod, 0, 0, 0x80000000ull, FPSCR_RZ, 0xC1E0000000000000ull, 0},
    /* 2^31 - 0.5: rounds to 2^31 (saturates) in RN, fits towards zero */
    {"ftosid 2^31-0.5", d_tosid, 0, 0, 0x41DFFFFFFFE00000ull, FPSCR_RN, 0x7FFFFFFFull, IOC},
    {"ftosizd 2^31-0.5", d_tosizd, 0, 0, 0x41DFFFFFFFE00000ull, FPSCR_RN, 0x7FFFFFFFull, IXC},
    {"ftosid -2.5", d_tosid, 0, 0, 0xC004000000000000ull, FPSCR_RN, 0xFFFFFFFEull, IXC},
};

typedef uint32_t (*cfn)(uint32_t, uint32_t, uint32_t *);
struct ccase {
    const char *name;
    cfn fn;
    uint32_t a, b, nzcv, flags;
};
static const struct ccase ccases[] = {
    {"fcmps 1,1", s_cmp, 0x3F800000, 0x3F800000, PSR_Z | PSR_C, 0},
    {"fcmps 0,-0", s_cmp, 0x00000000, 0x80000000, PSR_Z | PSR_C, 0},
    {"fcmps -1,1", s_cmp, 0xBF800000, 0x3F800000, PSR_N, 0},
    {"fcmps inf,max", s_cmp, 0x7F800000, 0x7F7FFFFF, PSR_C, 0},
    {"fcmps qnan", s_cmp, 0x7FC00000, 0x3F800000, PSR_C | PSR_V, 0},
    {"fcmps snan", s_cmp, 0x3F800000, 0x7F800001, PSR_C | PSR_V, IOC},
    {"fcmpes qnan", s_cmpe, 0x7FC00000, 0x3F800000, PSR_C | PSR_V, IOC},
    {"fcmpzs -5", s_cmpz, 0xC0A00000, 0, PSR_N, 0},
    {"fcmpzs -0", s_cmpz, 0x80000000, 0, PSR_Z | PSR_C, 0},
    /* doubles built from one word twice: 0x40000000_40000000 vs 0x3ff00000_3ff00000 */
    {"fcmpd 2.x,1.x", d_cmp, 0x40000000, 0x3FF00000, PSR_C, 0},
    {"fcmpd 1.x,2.x", d_cmp, 0x3FF00000, 0x40000000, PSR_N, 0},
};

/* ---- short vectors -------------------------------------------------------------------------- */
/* FPSCR.LEN = 4, stride 1: fadds s8, s16, s0 adds the scalar s0 (bank 0)
 * to the vector s16..s19 into s8..s11; fadds s14, s20, s24 adds two
 * vectors into s14, s15, then wraps around its bank to s8, s9. */
ARMFN static void vector_add(const uint32_t in[13], uint32_t out[8])
{
    __asm__ volatile(
        ".fpu  vfp\n"
        "fstmdbd sp!, {d8-d13}\n"        /* callee-saved in the hard-float ABI */
        "fldmias %0, {s16-s23}\n"
        "flds  s0, [%0, #32]\n"
        "add   r2, %0, #36\n"
        "fldmias r2, {s24-s27}\n"
        "mov   r2, #0x30000\n"           /* LEN = 4 */
        "fmxr  fpscr, r2\n"
        "fadds s8, s16, s0\n"
        "fstmias %1, {s8-s11}\n"
        "fadds s14, s20, s24\n"
        "mov   r2, #0\n"
        "fmxr  fpscr, r2\n"
        "add   r2, %1, #16\n"
        "fstmias r2, {s14-s15}\n"
        "fsts  s8, [%1, #24]\n"
        "fsts  s9, [%1, #28]\n"
        "fldmiad sp!, {d8-d13}\n"
        :: "r"(in), "r"(out) : "r2", "memory" CLOB_V);
}

/* ---- loads and stores ------------------------------------------------------------------------ */
static uint32_t mem_a[16] __attribute__((aligned(8)));
static uint32_t mem_b[16] __attribute__((aligned(8)));

/* FLDMIAD r0!, {d5-d7}; FSTMDBD r1!, {d5-d7}; FLDS/FSTS/FLDD/FSTD with
 * offsets; FSTMIAX/FLDMDBX.  Returns the final base registers. */
ARMFN static void load_store(uint32_t *a, uint32_t *b, uint32_t o[4])
{
    __asm__ volatile(
        ".fpu  vfp\n"
        "mov   r2, %0\n"
        "mov   r3, %1\n"
        "add   r3, r3, #24\n"
        "fldmiad r2!, {d5-d7}\n"         /* a[0..5] */
        "fstmdbd r3!, {d5-d7}\n"         /* b[0..5] */
        "str   r2, [%2]\n"
        "str   r3, [%2, #4]\n"
        "flds  s11, [%0, #28]\n"         /* a[7] */
        "fsts  s11, [%1, #24]\n"         /* b[6] */
        "fldd  d7, [%0, #32]\n"          /* a[8..9] */
        "fstd  d7, [%1, #28]\n"          /* b[7..8] (unaligned to 8: fine) */
        "add   r2, %1, #40\n"
        "fstmiax r2!, {d6-d7}\n"         /* b[10..13], b[14] untouched */
        "str   r2, [%2, #8]\n"
        "fldmdbx r2!, {d6-d7}\n"
        "str   r2, [%2, #12]\n"
        :: "r"(a), "r"(b), "r"(o) : "r2", "r3", "memory" CLOB_D);
}

/* ---- VFP disabled -------------------------------------------------------------------------- */
ARMFN static void disabled_fadds(void)
{
    __asm__ volatile(
        ".fpu  vfp\n"
        "mov   r0, #0\n"
        "fmxr  fpexc, r0\n"
        ".global vfp_undef_insn\n"
        "vfp_undef_insn:\n"
        "fadds s0, s1, s2\n"
        "mov   r0, #0x40000000\n"
        "fmxr  fpexc, r0\n"
        ::: "r0", "memory" CLOB_S0);
}
extern const uint32_t vfp_undef_insn[];

/* ---- the same arithmetic in C ------------------------------------------------------------- */
static uint32_t fbits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static uint64_t dbits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }

static void c_arith(const char *tag, int rz)
{
    volatile float one = 1.0f, three = 3.0f, two = 2.0f, big = 3.0e38f, tiny = 1.0e-45f;
    volatile double d1 = 0.1, d2 = 0.2, dtwo = 2.0, dthree = 3.0;
    volatile int ni = -7;
    volatile unsigned ui = 0xFFFFFFFFu;
    volatile float fx = 2.7f, fneg = -2.7f;
    float q = one / three;
    t_eqf(fbits(q), rz ? 0x3EAAAAAAu : 0x3EAAAAABu, "%s: 1.0f/3.0f", tag);
    t_eqf(fbits(two * big), rz ? 0x7F7FFFFFu : 0x7F800000u, "%s: 2*3e38f", tag);
    t_eqf(fbits(tiny * 0.5f), 0u, "%s: 2^-149 * 0.5", tag);              /* tie to even 0 */
    t_eqf(fbits(tiny * 1.5f), rz ? 1u : 2u, "%s: 2^-149 * 1.5", tag);     /* tie to even 2 */
    uint64_t s = dbits(d1 + d2);
    t_eqf((uint32_t)s, rz ? 0x33333333u : 0x33333334u, "%s: 0.1+0.2 low", tag);
    t_eqf((uint32_t)(s >> 32), 0x3FD33333u, "%s: 0.1+0.2 high", tag);
    uint64_t t = dbits(dtwo / dthree);
    t_eqf((uint32_t)t, 0x55555555u, "%s: 2.0/3.0 low", tag);
    /* conversions: C casts to integer always truncate */
    t_eqf((uint32_t)(int)fx, 2, "%s: (int)2.7f", tag);
    t_eqf((uint32_t)(int)fneg, (uint32_t)-2, "%s: (int)-2.7f", tag);
    t_eqf(fbits((float)ni), 0xC0E00000u, "%s: (float)-7", tag);
    t_eqf(fbits((float)ui), rz ? 0x4F7FFFFFu : 0x4F800000u, "%s: (float)0xffffffffu", tag);
    t_eqf(fbits((float)d1), rz ? 0x3DCCCCCCu : 0x3DCCCCCDu, "%s: (float)0.1", tag);
    uint64_t w = dbits((double)q);
    t_eqf((uint32_t)(w >> 32), 0x3FD55555u, "%s: (double)(1/3f) high", tag);
    t_eqf((uint32_t)w, rz ? 0x40000000u : 0x60000000u, "%s: (double)(1/3f) low", tag);
    /* compares */
    volatile float nan = 0.0f;
    nan = nan / nan;
    t_eqf((one < three) + 2 * (three < one) + 4 * (nan == nan) + 8 * (nan != nan) + 16 * (one <= one), 1 + 8 + 16,
          "%s: compares", tag);
    t_eqf(fbits(nan) & 0x7FC00000u, 0x7FC00000u, "%s: 0/0 is a NaN", tag);
}

#ifdef __ARM_PCS_VFP
ARMFN static void set_fpscr(uint32_t v)
{
    __asm__ volatile(".fpu vfp\n fmxr fpscr, %0" :: "r"(v) : "memory");
}

/* Hard-float only: the compiler's VFP code under FPSCR = RZ */
ARMFN static void c_arith_rz(void)
{
    set_fpscr(FPSCR_RZ);
    c_arith("C RZ", 1);
    set_fpscr(0);
}
#endif

int main(void)
{
    t_begin("vfp");

    uint32_t id[4];
    sysregs(id);
    t_eq("FPSID", id[0], 0x410120B5u);
    t_eq("MVFR0", id[1], 0x11111111u);
    t_eq("MVFR1", id[2], 0x00000000u);
    t_eq("FPEXC", id[3], 0x40000000u);
    /* FPSCR keeps NZCV, DN, FZ, RMode, Stride, Len and the cumulative flags */
    t_eq("FPSCR fields", fpscr_roundtrip(0xF3F7009Fu), 0xF3F7009Fu);
    t_eq("FPSCR zero", fpscr_roundtrip(0), 0);

    for (unsigned i = 0; i < ARRAY_LEN(scases); i++) {
        const struct scase *c = &scases[i];
        uint32_t f = c->fpscr;
        uint32_t r = c->fn(c->d, c->n, c->m, &f);
        t_eqf(r, c->exp, "%s", c->name);
        t_eqf(f, c->fpscr | c->flags, "%s FPSCR", c->name);
    }
    for (unsigned i = 0; i < ARRAY_LEN(dcases); i++) {
        const struct dcase *c = &dcases[i];
        uint32_t f = c->fpscr;
        uint64_t r = c->fn(c->d, c->n, c->m, &f);
        t_eqf((uint32_t)(r >> 32), (uint32_t)(c->exp >> 32), "%s (high)", c->name);
        t_eqf((uint32_t)r, (uint32_t)c->exp, "%s (low)", c->name);
        t_eqf(f, c->fpscr | c->flags, "%s FPSCR", c->name);
    }
    for (unsigned i = 0; i < ARRAY_LEN(ccases); i++) {
        const struct ccase *c = &ccases[i];
        uint32_t f = 0;
        uint32_t nzcv = c->fn(c->a, c->b, &f);
        t_eqf(nzcv, c->nzcv, "%s NZCV", c->name);
        t_eqf(f, (c->nzcv) | c->flags, "%s FPSCR", c->name);
    }

    /* short vectors: s16..s19 = 1..4, s20..s23 = 10..40, s0 = 0.5,
     * s24..s27 = 100..400 */
    static const uint32_t vin[13] = {
        0x3F800000, 0x40000000, 0x40400000, 0x40800000,     /* 1 2 3 4 */
        0x41200000, 0x41A00000, 0x41F00000, 0x42200000,     /* 10 20 30 40 */
        0x3F000000,                                         /* 0.5 */
        0x42C80000, 0x43480000, 0x43960000, 0x43C80000,     /* 100 200 300 400 */
    };
    uint32_t vout[8];
    vector_add(vin, vout);
    t_eq("vector s8 = 1+0.5", vout[0], 0x3FC00000u);
    t_eq("vector s9 = 2+0.5", vout[1], 0x40200000u);
    t_eq("vector s10 = 3+0.5", vout[2], 0x40600000u);
    t_eq("vector s11 = 4+0.5", vout[3], 0x40900000u);
    t_eq("vector s14 = 10+100", vout[4], 0x42DC0000u);
    t_eq("vector s15 = 20+200", vout[5], 0x435C0000u);
    t_eq("vector s8 = 30+300 (wrapped)", vout[6], 0x43A50000u);
    t_eq("vector s9 = 40+400 (wrapped)", vout[7], 0x43DC0000u);

    for (unsigned i = 0; i < 16; i++) {
        mem_a[i] = 0x11110000u + i;
        mem_b[i] = 0xEEEE0000u + i;
    }
    uint32_t bases[4];
    load_store(mem_a, mem_b, bases);
    t_eq("fldmiad writeback", bases[0], (uint32_t)(uintptr_t)&mem_a[6]);
    t_eq("fstmdbd writeback", bases[1], (uint32_t)(uintptr_t)&mem_b[0]);
    for (unsigned i = 0; i < 6; i++) t_eqf(mem_b[i], mem_a[i], "fldm/fstm word %u", i);
    t_eq("fsts", mem_b[6], mem_a[7]);
    t_eq("fstd low", mem_b[7], mem_a[8]);
    t_eq("fstd high", mem_b[8], mem_a[9]);
    t_eq("untouched", mem_b[9], 0xEEEE0009u);
    t_eq("fstmiax d6 low", mem_b[10], mem_a[2]);
    t_eq("fstmiax d6 high", mem_b[11], mem_a[3]);
    t_eq("fstmiax d7 low", mem_b[12], mem_a[8]);
    t_eq("fstmiax d7 high", mem_b[13], mem_a[9]);
    t_eq("fstmiax writeback", bases[2], (uint32_t)(uintptr_t)&mem_b[15]);
    t_eq("fldmdbx writeback", bases[3], (uint32_t)(uintptr_t)&mem_b[10]);

    /* VFP disabled: UNDEFINED */
    vec_install();
    exc_reset_log();
    disabled_fadds();
    t_eq("disabled: exceptions", exc_log.count, 1);
    t_eq("disabled: undefined", exc_log.type, EXC_UND);
    t_eq("disabled: insn", exc_log.insn, vfp_undef_insn[0]);
    t_eq("disabled: return", exc_log.ret, (uint32_t)(uintptr_t)vfp_undef_insn + 4);
    sysregs(id);
    t_eq("re-enabled FPEXC", id[3], 0x40000000u);

    c_arith("C RN", 0);
#ifdef __ARM_PCS_VFP
    c_arith_rz();
#endif
    return t_done();
}
