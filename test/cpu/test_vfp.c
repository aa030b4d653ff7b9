/* VFP11 coprocessor (cpu/vfp.c): enable/access rules, system registers,
 * IEEE arithmetic in every rounding mode with the VFP's NaN, flush-to-zero
 * and underflow rules, conversions, compares and FMSTAT, short vectors,
 * register transfers, loads and stores.
 *
 * Expected values are worked out by hand from the ARM ARM (DDI 0100I part C)
 * and IEEE 754; the comment next to each says how.  The broad random
 * comparison with QEMU's implementation is test/vfp_oracle/; the cases here
 * pin the rules, including the places where ipodsim follows the ARM ARM and
 * the VFP11 TRM instead of QEMU (single-precision STRIDE = 2, monadic double
 * vectors, FPEXC.EX, User-mode MVFR reads). */
#include <check.h>
#include <fenv.h>
#include <string.h>

#include "cpu/core.h"
#include "cpu/vfp.h"
#include "test/harness.h"

static TestCpu *tc;
#define CPU (tc->cpu)
#define R (tc->cpu->r)
#define AL 0xE0000000u

static void setup(void)
{
    tc = tc_create(64 * 1024);
    CPU->cp15.cpacr = 0x00F00000u;              /* CP10, CP11: full access */
    vfp_set_sysreg(CPU, VFP_REG_FPEXC, FPEXC_EN);
}
static void teardown(void) { tc_destroy(tc); }

/* ---- encoders (operand order as in assembly; checked against GNU as) ------------------- */
/* data processing: opc = p:q:r:s; single registers are 0..31, doubles 0..15 */
static uint32_t vdp(bool dp, unsigned opc, unsigned d, unsigned n, unsigned m)
{
    uint32_t i = AL | 0x0E000A00u | (dp ? 0x100u : 0);
    i |= (opc & 8) << 20 | (opc & 4) << 19 | (opc & 2) << 19 | (opc & 1) << 6;
    if (dp) i |= d << 12 | n << 16 | m;
    else i |= (d >> 1) << 12 | (d & 1) << 22 | (n >> 1) << 16 | (n & 1) << 7 | (m >> 1) | (m & 1) << 5;
    return i;
}
/* extension opcodes (Fn:N = ext); sd/sm say whether Fd/Fm are single
 * registers (also in a CP11 instruction) */
static uint32_t vext(bool dp, unsigned ext, unsigned d, bool sd, unsigned m, bool sm)
{
    uint32_t i = AL | 0x0EB00A40u | (dp ? 0x100u : 0) | (ext >> 1) << 16 | (ext & 1) << 7;
    i |= sd ? (d >> 1) << 12 | (d & 1) << 22 : d << 12;
    i |= sm ? (m >> 1) | (m & 1) << 5 : m;
    return i;
}
#define FMACS(d, n, m) vdp(0, 0, d, n, m)
#define FNMACS(d, n, m) vdp(0, 1, d, n, m)
#define FMSCS(d, n, m) vdp(0, 2, d, n, m)
#define FNMSCS(d, n, m) vdp(0, 3, d, n, m)
#define FMULS(d, n, m) vdp(0, 4, d, n, m)
#define FNMULS(d, n, m) vdp(0, 5, d, n, m)
#define FADDS(d, n, m) vdp(0, 6, d, n, m)
#define FSUBS(d, n, m) vdp(0, 7, d, n, m)
#define FDIVS(d, n, m) vdp(0, 8, d, n, m)
#define FMACD(d, n, m) vdp(1, 0, d, n, m)
#define FMULD(d, n, m) vdp(1, 4, d, n, m)
#define FADDD(d, n, m) vdp(1, 6, d, n, m)
#define FDIVD(d, n, m) vdp(1, 8, d, n, m)
#define FCPYS(d, m) vext(0, 0, d, 1, m, 1)
#define FABSS(d, m) vext(0, 1, d, 1, m, 1)
#define FNEGS(d, m) vext(0, 2, d, 1, m, 1)
#define FSQRTS(d, m) vext(0, 3, d, 1, m, 1)
#define FCPYD(d, m) vext(1, 0, d, 0, m, 0)
#define FSQRTD(d, m) vext(1, 3, d, 0, m, 0)
#define FCMPS(d, m) vext(0, 8, d, 1, m, 1)
#define FCMPES(d, m) vext(0, 9, d, 1, m, 1)
#define FCMPZS(d) vext(0, 10, d, 1, 0, 1)
#define FCMPD(d, m) vext(1, 8, d, 0, m, 0)
#define FCMPEZD(d) vext(1, 11, d, 0, 0, 0)
#define FCVTDS(d, m) vext(0, 15, d, 0, m, 1)
#define FCVTSD(d, m) vext(1, 15, d, 1, m, 0)
#define FUITOS(d, m) vext(0, 16, d, 1, m, 1)
#define FSITOS(d, m) vext(0, 17, d, 1, m, 1)
#define FSITOD(d, m) vext(1, 17, d, 0, m, 1)
#define FTOUIS(d, m) vext(0, 24, d, 1, m, 1)
#define FTOUIZS(d, m) vext(0, 25, d, 1, m, 1)
#define FTOSIS(d, m) vext(0, 26, d, 1, m, 1)
#define FTOSIZS(d, m) vext(0, 27, d, 1, m, 1)
#define FTOSID(d, m) vext(1, 26, d, 1, m, 0)
#define FTOSIZD(d, m) vext(1, 27, d, 1, m, 0)
#define FMRX(rd, reg) (AL | 0x0EF00A10u | (reg) << 16 | (rd) << 12)
#define FMXR(reg, rd) (AL | 0x0EE00A10u | (reg) << 16 | (rd) << 12)
#define FMSTAT FMRX(15u, 1u)
#define FMSR(n, rd) (AL | 0x0E000A10u | ((n) >> 1) << 16 | ((n) & 1) << 7 | (rd) << 12)
#define FMRS(rd, n) (AL | 0x0E100A10u | ((n) >> 1) << 16 | ((n) & 1) << 7 | (rd) << 12)
#define FMDLR(n, rd) (AL | 0x0E000B10u | (n) << 16 | (rd) << 12)
#define FMDHR(n, rd) (AL | 0x0E200B10u | (n) << 16 | (rd) << 12)
#define FMRDL(rd, n) (AL | 0x0E100B10u | (n) << 16 | (rd) << 12)
#define FMRDH(rd, n) (AL | 0x0E300B10u | (n) << 16 | (rd) << 12)
#define FMDRR(m, rd, rn) (AL | 0x0C400B10u | (rn) << 16 | (rd) << 12 | (m))
#define FMRRD(rd, rn, m) (AL | 0x0C500B10u | (rn) << 16 | (rd) << 12 | (m))
#define FMSRR(m, rd, rn) (AL | 0x0C400A10u | (rn) << 16 | (rd) << 12 | ((m) >> 1) | ((m) & 1) << 5)
#define FMRRS(rd, rn, m) (AL | 0x0C500A10u | (rn) << 16 | (rd) << 12 | ((m) >> 1) | ((m) & 1) << 5)
/* loads/stores: u = add offset; imm in words */
#define FLDS(d, rn, u, imm) (AL | 0x0D100A00u | (u) << 23 | ((d) & 1) << 22 | (rn) << 16 | ((d) >> 1) << 12 | (imm))
#define FSTS(d, rn, u, imm) (AL | 0x0D000A00u | (u) << 23 | ((d) & 1) << 22 | (rn) << 16 | ((d) >> 1) << 12 | (imm))
#define FLDD(d, rn, u, imm) (AL | 0x0D100B00u | (u) << 23 | (rn) << 16 | (d) << 12 | (imm))
#define FSTD(d, rn, u, imm) (AL | 0x0D000B00u | (u) << 23 | (rn) << 16 | (d) << 12 | (imm))
#define FLDMIAS(rn, w, d, n) (AL | 0x0C900A00u | (w) << 21 | ((d) & 1) << 22 | (rn) << 16 | ((d) >> 1) << 12 | (n))
#define FSTMIAS(rn, w, d, n) (AL | 0x0C800A00u | (w) << 21 | ((d) & 1) << 22 | (rn) << 16 | ((d) >> 1) << 12 | (n))
#define FLDMDBS(rn, d, n) (AL | 0x0D300A00u | ((d) & 1) << 22 | (rn) << 16 | ((d) >> 1) << 12 | (n))
#define FSTMDBD(rn, d, n) (AL | 0x0D200B00u | (rn) << 16 | (d) << 12 | 2 * (n))
#define FLDMIAD(rn, w, d, n) (AL | 0x0C900B00u | (w) << 21 | (rn) << 16 | (d) << 12 | 2 * (n))
#define FSTMIAD(rn, w, d, n) (AL | 0x0C800B00u | (w) << 21 | (rn) << 16 | (d) << 12 | 2 * (n))
#define FSTMIAX(rn, w, d, n) (AL | 0x0C800B00u | (w) << 21 | (rn) << 16 | (d) << 12 | (2 * (n) + 1))
#define FLDMDBX(rn, d, n) (AL | 0x0D300B00u | (rn) << 16 | (d) << 12 | (2 * (n) + 1))

/* ---- helpers ------------------------------------------------------------------------- */
static uint32_t f2u(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static uint64_t d2u(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
#define S(n) (CPU->vfp.s[n])
static void setd(unsigned n, uint64_t v) { vfp_set_dreg(CPU, n, v); }
static uint64_t getd(unsigned n) { return vfp_get_dreg(CPU, n); }
static uint32_t fpscr(void) { return vfp_get_sysreg(CPU, VFP_REG_FPSCR); }
static void set_fpscr(uint32_t v) { vfp_set_sysreg(CPU, VFP_REG_FPSCR, v); }
#define RM(m) ((uint32_t)(m) << FPSCR_RMODE_SHIFT)
#define FLAGS(v) ((v) & 0x9Fu)

/* Run one instruction; it must complete (fall through to 0x1004). */
static void run(uint32_t insn)
{
    uint32_t pc = tc_exec_arm(tc, insn);
    ck_assert_msg(pc == 0x1004, "insn %08x: pc %08x (undefined?)", insn, pc);
}
/* Run one instruction that must be UNDEFINED; back to SVC afterwards. */
static void run_undef(uint32_t insn)
{
    uint32_t pc = tc_exec_arm(tc, insn);
    ck_assert_msg(pc == 0x4 && (CPU->cpsr & PSR_MODE_MASK) == MODE_UND, "insn %08x not undefined (pc %08x)",
                  insn, pc);
    arm_cpsr_write(CPU, CPU->spsr, 0xFFFFFFFFu);
}
/* Single-precision operation on s1, s2 -> s0 with FPSCR = ctl; returns s0 and
 * leaves the flags in *flags. */
static uint32_t op_s(uint32_t insn, uint32_t a, uint32_t b, uint32_t ctl, uint32_t *flags)
{
    set_fpscr(ctl);
    S(1) = a;
    S(2) = b;
    run(insn);
    *flags = FLAGS(fpscr());
    return S(0);
}
static uint64_t op_d(uint32_t insn, uint64_t a, uint64_t b, uint32_t ctl, uint32_t *flags)
{
    set_fpscr(ctl);
    setd(1, a);
    setd(2, b);
    run(insn);
    *flags = FLAGS(fpscr());
    return getd(0);
}

/* ---- enable, access rules, system registers --------------------------------------------- */
START_TEST(test_reset_and_id)
{
    arm_reset(CPU);
    ck_assert_uint_eq(vfp_get_sysreg(CPU, VFP_REG_FPEXC), 0);
    ck_assert_uint_eq(vfp_get_sysreg(CPU, VFP_REG_FPSCR), 0);
    ck_assert_uint_eq(vfp_get_sysreg(CPU, VFP_REG_FPINST), 0xEE000A00u);
    ck_assert(!vfp_enabled(CPU));
    CPU->cp15.cpacr = 0x00F00000u;
    /* disabled, privileged: FPSID, MVFR0/1 and FPEXC readable */
    run(FMRX(1u, 0u));
    ck_assert_uint_eq(R[1], 0x410120B5u);
    run(FMRX(2u, 7u));
    ck_assert_uint_eq(R[2], 0x11111111u);
    run(FMRX(3u, 6u));
    ck_assert_uint_eq(R[3], 0);
    run(FMRX(4u, 8u));
    ck_assert_uint_eq(R[4], 0);
    /* FPSID and MVFR0 ignore writes */
    R[5] = 0x12345678;
    run(FMXR(0u, 5u));
    run(FMXR(7u, 5u));
    ck_assert_uint_eq(vfp_get_sysreg(CPU, VFP_REG_FPSID), 0x410120B5u);
    ck_assert_uint_eq(vfp_get_sysreg(CPU, VFP_REG_MVFR0), 0x11111111u);
    /* unknown system registers are UNDEFINED */
    run_undef(FMRX(1u, 2u));
    run_undef(FMXR(11u, 1u));
}
END_TEST

START_TEST(test_disabled_is_undefined)
{
    vfp_set_sysreg(CPU, VFP_REG_FPEXC, 0);
    S(1) = f2u(1.0f);
    S(2) = f2u(2.0f);
    S(0) = 0xDEADBEEF;
    run_undef(FADDS(0, 1, 2));                   /* data processing */
    ck_assert_uint_eq(S(0), 0xDEADBEEF);
    run_undef(FADDD(0, 1, 2));
    run_undef(FMRX(1u, 1u));                     /* FPSCR: never while disabled */
    run_undef(FMXR(1u, 1u));
    run_undef(FMSR(3, 1u));                      /* transfers */
    run_undef(FMRS(1u, 3));
    run_undef(FMRDH(1u, 3));
    run_undef(FMDRR(3, 1u, 2u));
    R[4] = 0x2000;
    run_undef(FLDS(0, 4u, 1u, 0));               /* loads/stores */
    run_undef(FSTMIAD(4u, 1u, 0, 2));
    ck_assert_uint_eq(R[4], 0x2000);
    /* enabling through FMXR FPEXC makes them work */
    R[1] = FPEXC_EN;
    run(FMXR(8u, 1u));
    ck_assert(vfp_enabled(CPU));
    run(FADDS(0, 1, 2));
    ck_assert_uint_eq(S(0), f2u(3.0f));
}
END_TEST

START_TEST(test_user_mode_rules)
{
    arm_cpsr_write(CPU, (CPU->cpsr & ~PSR_MODE_MASK) | MODE_USR, 0xFFFFFFFFu);
    /* enabled: FPSCR, FPSID, MVFR0/1 in any mode; FPEXC privileged only */
    run(FMRX(1u, 1u));
    run(FMRX(2u, 0u));
    ck_assert_uint_eq(R[2], 0x410120B5u);
    run(FMRX(3u, 7u));                           /* VFP11 TRM table 20-4 (QEMU: UNDEFINED) */
    ck_assert_uint_eq(R[3], 0x11111111u);
    uint32_t pc = tc_exec_arm(tc, FMRX(4u, 8u));
    ck_assert_uint_eq(pc, 4);                    /* FPEXC: UNDEFINED in User mode */
    arm_cpsr_write(CPU, (CPU->cpsr & ~PSR_MODE_MASK) | MODE_USR, 0xFFFFFFFFu);
    /* disabled: FPSID is privileged-only too */
    vfp_set_sysreg(CPU, VFP_REG_FPEXC, 0);
    pc = tc_exec_arm(tc, FMRX(2u, 0u));
    ck_assert_uint_eq(pc, 4);
}
END_TEST

START_TEST(test_cpacr_gating)
{
    CPU->cp15.cpacr = 0;                         /* CP10/CP11 access denied */
    run_undef(FMRX(1u, 0u));
    run_undef(FADDS(0, 1, 2));
    CPU->cp15.cpacr = 0x00500000u;               /* privileged only */
    run(FMRX(1u, 0u));
    arm_cpsr_write(CPU, (CPU->cpsr & ~PSR_MODE_MASK) | MODE_USR, 0xFFFFFFFFu);
    ck_assert_uint_eq(tc_exec_arm(tc, FADDS(0, 1, 2)), 4);
}
END_TEST

START_TEST(test_fpexc_ex_bounces)
{
    /* EX set (pending exception for support code): every VFP instruction
     * bounces to the undefined vector, FMRX/FMXR still work. */
    R[1] = FPEXC_EN | FPEXC_EX;
    run(FMXR(8u, 1u));
    ck_assert_uint_eq(vfp_get_sysreg(CPU, VFP_REG_FPEXC), FPEXC_EN | FPEXC_EX);
    run_undef(FADDS(0, 1, 2));
    run_undef(FMSR(0, 1u));
    run(FMRX(2u, 1u));
    R[1] = FPEXC_EN;
    run(FMXR(8u, 1u));
    run(FADDS(0, 1, 2));
}
END_TEST

START_TEST(test_fpscr_fields)
{
    /* writable: NZCV DN FZ RMode Stride Len, cumulative flags; trap enables
     * and SBZ bits read as zero */
    R[1] = 0xFFFFFFFFu;
    run(FMXR(1u, 1u));
    run(FMRX(2u, 1u));
    ck_assert_uint_eq(R[2], 0xF3F7009Fu);
    /* FMSTAT copies NZCV to the CPSR and nothing else */
    R[1] = 0x60000000u;
    run(FMXR(1u, 1u));
    CPU->cpsr = (CPU->cpsr & 0x0FFFFFFFu) | 0x90000000u;
    uint32_t before = CPU->cpsr;
    run(FMSTAT);
    ck_assert_uint_eq(CPU->cpsr, (before & 0x0FFFFFFFu) | 0x60000000u);
}
END_TEST

/* ---- arithmetic and rounding ------------------------------------------------------------ */
START_TEST(test_basic_arith)
{
    uint32_t fl;
    ck_assert_uint_eq(op_s(FADDS(0, 1, 2), f2u(1.5f), f2u(2.25f), 0, &fl), f2u(3.75f));
    ck_assert_uint_eq(fl, 0);
    ck_assert_uint_eq(op_s(FSUBS(0, 1, 2), f2u(1.5f), f2u(2.25f), 0, &fl), f2u(-0.75f));
    ck_assert_uint_eq(op_s(FMULS(0, 1, 2), f2u(1.5f), f2u(-4.0f), 0, &fl), f2u(-6.0f));
    ck_assert_uint_eq(op_s(FNMULS(0, 1, 2), f2u(1.5f), f2u(-4.0f), 0, &fl), f2u(6.0f));
    ck_assert_uint_eq(op_s(FDIVS(0, 1, 2), f2u(1.0f), f2u(0.0f), 0, &fl), 0x7F800000u);
    ck_assert_uint_eq(fl, FPSCR_DZC);
    ck_assert_uint_eq(op_s(FDIVS(0, 1, 2), f2u(0.0f), f2u(0.0f), 0, &fl), 0x7FC00000u); /* default NaN */
    ck_assert_uint_eq(fl, FPSCR_IOC);
    ck_assert_uint_eq(op_d(FADDD(0, 1, 2), d2u(0.1), d2u(0.2), 0, &fl), 0x3FD3333333333334ull);
    ck_assert_uint_eq(fl, FPSCR_IXC);
    ck_assert_uint_eq(op_d(FMULD(0, 1, 2), d2u(3.0), d2u(-0.5), 0, &fl), d2u(-1.5));
    /* x - x = +0, but -0 when rounding towards minus infinity */
    ck_assert_uint_eq(op_s(FSUBS(0, 1, 2), f2u(5.0f), f2u(5.0f), 0, &fl), 0);
    ck_assert_uint_eq(op_s(FSUBS(0, 1, 2), f2u(5.0f), f2u(5.0f), RM(FPRM_RM), &fl), 0x80000000u);
    /* the host FPU is back in round-to-nearest after an RZ operation */
    op_s(FDIVS(0, 1, 2), f2u(1.0f), f2u(3.0f), RM(FPRM_RZ), &fl);
    ck_assert_int_eq(fegetround(), FE_TONEAREST);
}
END_TEST

START_TEST(test_rounding_modes)
{
    uint32_t fl;
    /* 1/3 = 0x3EAAAAAA|AB...: RN and RP round up, RM and RZ truncate */
    static const uint32_t third[4] = {0x3EAAAAABu, 0x3EAAAAABu, 0x3EAAAAAAu, 0x3EAAAAAAu};
    static const uint32_t mthird[4] = {0xBEAAAAABu, 0xBEAAAAAAu, 0xBEAAAAABu, 0xBEAAAAAAu};
    for (unsigned m = 0; m < 4; m++) {
        ck_assert_uint_eq(op_s(FDIVS(0, 1, 2), f2u(1.0f), f2u(3.0f), RM(m), &fl), third[m]);
        ck_assert_uint_eq(fl, FPSCR_IXC);
        ck_assert_uint_eq(op_s(FDIVS(0, 1, 2), f2u(-1.0f), f2u(3.0f), RM(m), &fl), mthird[m]);
    }
    /* double 2/3 = 0x3FE5555555555555|55..: RN truncates (below half), RP up */
    static const uint64_t twothirds[4] = {0x3FE5555555555555ull, 0x3FE5555555555556ull, 0x3FE5555555555555ull,
                                          0x3FE5555555555555ull};
    for (unsigned m = 0; m < 4; m++)
        ck_assert_uint_eq(op_d(FDIVD(0, 1, 2), d2u(2.0), d2u(3.0), RM(m), &fl), twothirds[m]);
    /* ties: 1 + 2^-24 is halfway between 1 and 1 + 2^-23: RN to even (1) */
    ck_assert_uint_eq(op_s(FADDS(0, 1, 2), f2u(1.0f), 0x33800000u, RM(FPRM_RN), &fl), 0x3F800000u);
    ck_assert_uint_eq(op_s(FADDS(0, 1, 2), 0x3F800001u, 0x33800000u, RM(FPRM_RN), &fl), 0x3F800002u);
    /* overflow: RN -> inf, RZ -> max normal; OFC and IXC */
    ck_assert_uint_eq(op_s(FMULS(0, 1, 2), 0x7F000000u, f2u(4.0f), RM(FPRM_RN), &fl), 0x7F800000u);
    ck_assert_uint_eq(fl, FPSCR_OFC | FPSCR_IXC);
    ck_assert_uint_eq(op_s(FMULS(0, 1, 2), 0x7F000000u, f2u(4.0f), RM(FPRM_RZ), &fl), 0x7F7FFFFFu);
    ck_assert_uint_eq(op_s(FMULS(0, 1, 2), 0x7F000000u, f2u(-4.0f), RM(FPRM_RP), &fl), 0xFF7FFFFFu);
    ck_assert_uint_eq(op_s(FMULS(0, 1, 2), 0x7F000000u, f2u(-4.0f), RM(FPRM_RM), &fl), 0xFF800000u);
}
END_TEST

START_TEST(test_cumulative_flags)
{
    uint32_t fl;
    /* flags accumulate: a preset DZC stays, an exact operation adds nothing */
    op_s(FADDS(0, 1, 2), f2u(1.0f), f2u(1.0f), FPSCR_DZC | FPSCR_N, &fl);
    ck_assert_uint_eq(fl, FPSCR_DZC);
    ck_assert_uint_eq(fpscr() & 0xF0000000u, FPSCR_N);
}
END_TEST

/* ---- NaNs ------------------------------------------------------------------------------ */
START_TEST(test_nan_propagation)
{
    uint32_t fl;
    const uint32_t qa = 0x7FC00011u, qb = 0xFFC00022u, sa = 0x7F800033u, sb = 0xFF800044u;
    /* first quiet NaN wins, no flags */
    ck_assert_uint_eq(op_s(FADDS(0, 1, 2), qa, qb, 0, &fl), qa);
    ck_assert_uint_eq(fl, 0);
    ck_assert_uint_eq(op_s(FADDS(0, 1, 2), f2u(1.0f), qb, 0, &fl), qb);
    /* a signalling NaN beats a quiet one even as the second operand; it is
     * quietened (bit 22) and raises IOC */
    ck_assert_uint_eq(op_s(FMULS(0, 1, 2), qa, sb, 0, &fl), 0xFFC00044u);
    ck_assert_uint_eq(fl, FPSCR_IOC);
    ck_assert_uint_eq(op_s(FSUBS(0, 1, 2), sa, sb, 0, &fl), 0x7FC00033u);
    /* default NaN mode */
    ck_assert_uint_eq(op_s(FADDS(0, 1, 2), qa, f2u(1.0f), FPSCR_DN, &fl), 0x7FC00000u);
    ck_assert_uint_eq(fl, 0);
    ck_assert_uint_eq(op_s(FADDS(0, 1, 2), f2u(1.0f), sb, FPSCR_DN, &fl), 0x7FC00000u);
    ck_assert_uint_eq(fl, FPSCR_IOC);
    /* generated NaNs are the default NaN (positive), e.g. inf - inf */
    ck_assert_uint_eq(op_s(FADDS(0, 1, 2), 0x7F800000u, 0xFF800000u, 0, &fl), 0x7FC00000u);
    ck_assert_uint_eq(fl, FPSCR_IOC);
    ck_assert_uint_eq(op_d(FMULD(0, 1, 2), d2u(0.0), 0xFFF0000000000000ull, 0, &fl), 0x7FF8000000000000ull);
    /* double payloads */
    ck_assert_uint_eq(op_d(FADDD(0, 1, 2), d2u(1.0), 0x7FF0000000000123ull, 0, &fl), 0x7FF8000000000123ull);
    ck_assert_uint_eq(fl, FPSCR_IOC);
    /* FNMUL negates the product after NaN selection, DN included */
    ck_assert_uint_eq(op_s(FNMULS(0, 1, 2), qa, f2u(1.0f), 0, &fl), 0xFFC00011u);
    ck_assert_uint_eq(op_s(FNMULS(0, 1, 2), qa, f2u(1.0f), FPSCR_DN, &fl), 0xFFC00000u);
    /* FABS/FNEG/FCPY are bit operations: a signalling NaN passes unchanged */
    ck_assert_uint_eq(op_s(FNEGS(0, 2), 0, sa, 0, &fl), 0xFF800033u);
    ck_assert_uint_eq(fl, 0);
    ck_assert_uint_eq(op_s(FABSS(0, 2), 0, sb, FPSCR_DN, &fl), 0x7F800044u);
    ck_assert_uint_eq(op_s(FCPYS(0, 2), 0, sb, 0, &fl), sb);
}
END_TEST

START_TEST(test_multiply_accumulate)
{
    uint32_t fl;
    /* FMAC d = d + n*m, FNMAC d = d - n*m, FMSC d = -d + n*m, FNMSC d = -d - n*m */
    const uint32_t insns[4] = {FMACS(0, 1, 2), FNMACS(0, 1, 2), FMSCS(0, 1, 2), FNMSCS(0, 1, 2)};
    const float res[4] = {10.0f + 6.0f, 10.0f - 6.0f, -10.0f + 6.0f, -10.0f - 6.0f};
    for (unsigned i = 0; i < 4; i++) {
        S(0) = f2u(10.0f);
        ck_assert_uint_eq(op_s(insns[i], f2u(2.0f), f2u(3.0f), 0, &fl), f2u(res[i]));
    }
    /* two roundings, not fused: (1 + 2^-23)^2 - 1 rounds the product first */
    S(0) = f2u(-1.0f);
    ck_assert_uint_eq(op_s(FMACS(0, 1, 2), 0x3F800001u, 0x3F800001u, 0, &fl), 0x34800000u); /* 2^-22 (fused: +2^-46) */
    ck_assert_uint_eq(fl, FPSCR_IXC);
    /* NaN in Fd wins over a NaN product; FNMAC negates a NaN product */
    S(0) = 0x7FC00001u;
    ck_assert_uint_eq(op_s(FMACS(0, 1, 2), 0x7FC00002u, f2u(1.0f), 0, &fl), 0x7FC00001u);
    S(0) = f2u(1.0f);
    ck_assert_uint_eq(op_s(FNMACS(0, 1, 2), 0x7FC00002u, f2u(1.0f), 0, &fl), 0xFFC00002u);
    /* FMSC negates Fd before the addition: a signalling NaN in Fd comes out
     * negated and quietened */
    S(0) = 0x7F800005u;
    ck_assert_uint_eq(op_s(FMSCS(0, 1, 2), f2u(1.0f), f2u(1.0f), 0, &fl), 0xFFC00005u);
    ck_assert_uint_eq(fl, FPSCR_IOC);
    /* double */
    setd(0, d2u(0.5));
    ck_assert_uint_eq(op_d(FMACD(0, 1, 2), d2u(1.5), d2u(2.0), 0, &fl), d2u(3.5));
}
END_TEST

/* ---- subnormals, flush-to-zero, underflow -------------------------------------------------- */
START_TEST(test_subnormals_ieee)
{
    uint32_t fl;
    /* subnormal operands and results are computed exactly (no bounce) */
    ck_assert_uint_eq(op_s(FADDS(0, 1, 2), 0x00000001u, 0x00000001u, 0, &fl), 0x00000002u);
    ck_assert_uint_eq(fl, 0);                    /* exact tiny result: no UFC */
    ck_assert_uint_eq(op_s(FMULS(0, 1, 2), 0x00800000u, f2u(0.5f), 0, &fl), 0x00400000u);
    ck_assert_uint_eq(fl, 0);
    /* inexact tiny result: UFC and IXC */
    ck_assert_uint_eq(op_s(FMULS(0, 1, 2), 0x00800001u, f2u(0.5f), 0, &fl), 0x00400000u); /* tie to even */
    ck_assert_uint_eq(fl, FPSCR_UFC | FPSCR_IXC);
    ck_assert_uint_eq(op_s(FDIVS(0, 1, 2), 0x00000001u, f2u(4.0f), 0, &fl), 0);
    ck_assert_uint_eq(fl, FPSCR_UFC | FPSCR_IXC);
    ck_assert_uint_eq(op_s(FDIVS(0, 1, 2), 0x00000001u, f2u(4.0f), RM(FPRM_RP), &fl), 1);
}
END_TEST

START_TEST(test_tiny_before_rounding)
{
    uint32_t fl;
    /* min normal * (1 - 2^-24) = 2^-126 - 2^-150: rounds (RN, tie to even) up
     * to the min normal 2^-126, but the exact value is below it: ARM detects
     * tininess before rounding, so UFC is set (x86 would not). */
    ck_assert_uint_eq(op_s(FMULS(0, 1, 2), 0x00800000u, 0x3F7FFFFFu, RM(FPRM_RN), &fl), 0x00800000u);
    ck_assert_uint_eq(fl, FPSCR_UFC | FPSCR_IXC);
    /* RZ gives the largest subnormal */
    ck_assert_uint_eq(op_s(FMULS(0, 1, 2), 0x00800000u, 0x3F7FFFFFu, RM(FPRM_RZ), &fl), 0x007FFFFFu);
    ck_assert_uint_eq(fl, FPSCR_UFC | FPSCR_IXC);
    /* flush-to-zero: the result is flushed to +0, UFC only */
    ck_assert_uint_eq(op_s(FMULS(0, 1, 2), 0x00800000u, 0x3F7FFFFFu, FPSCR_FZ, &fl), 0);
    ck_assert_uint_eq(fl, FPSCR_UFC);
    /* (min normal + ulp) * (1 - 2^-24) is above the min normal: no UFC */
    ck_assert_uint_eq(op_s(FMULS(0, 1, 2), 0x00800002u, 0x3F7FFFFFu, RM(FPRM_RN), &fl), 0x00800001u);
    ck_assert_uint_eq(fl, FPSCR_IXC);
    /* double: 2^-1022 * (1 - 2^-53) */
    ck_assert_uint_eq(op_d(FMULD(0, 1, 2), 0x0010000000000000ull, 0x3FEFFFFFFFFFFFFFull, 0, &fl),
                      0x0010000000000000ull);
    ck_assert_uint_eq(fl, FPSCR_UFC | FPSCR_IXC);
}
END_TEST

START_TEST(test_flush_to_zero)
{
    uint32_t fl;
    /* inputs: a subnormal becomes a signed zero and sets IDC */
    ck_assert_uint_eq(op_s(FADDS(0, 1, 2), 0x80000005u, 0x80000000u, FPSCR_FZ, &fl), 0x80000000u);
    ck_assert_uint_eq(fl, FPSCR_IDC);
    ck_assert_uint_eq(op_s(FMULS(0, 1, 2), 0x00400000u, f2u(2.0f), FPSCR_FZ, &fl), 0);
    ck_assert_uint_eq(fl, FPSCR_IDC);
    /* outputs: an exact subnormal result is flushed too, with UFC */
    ck_assert_uint_eq(op_s(FSUBS(0, 1, 2), 0x00800001u, 0x00800000u, FPSCR_FZ, &fl), 0);
    ck_assert_uint_eq(fl, FPSCR_UFC);
    ck_assert_uint_eq(op_s(FMULS(0, 1, 2), 0x80800000u, f2u(0.5f), FPSCR_FZ, &fl), 0x80000000u);
    ck_assert_uint_eq(fl, FPSCR_UFC);
    /* IDC even when the other operand is a NaN */
    ck_assert_uint_eq(op_s(FADDS(0, 1, 2), 0x00000001u, 0x7FC00000u, FPSCR_FZ, &fl), 0x7FC00000u);
    ck_assert_uint_eq(fl, FPSCR_IDC);
    /* FZ does not apply to FABS/FNEG/FCPY */
    ck_assert_uint_eq(op_s(FNEGS(0, 2), 0, 0x00000001u, FPSCR_FZ, &fl), 0x80000001u);
    ck_assert_uint_eq(fl, 0);
    /* compare with a flushed operand: 0 == -0 */
    set_fpscr(FPSCR_FZ);
    S(1) = 0x00000003u;
    S(2) = 0x80000000u;
    run(FCMPS(1, 2));
    ck_assert_uint_eq(fpscr(), FPSCR_FZ | FPSCR_Z | FPSCR_C | FPSCR_IDC);
}
END_TEST

START_TEST(test_sqrt)
{
    uint32_t fl;
    ck_assert_uint_eq(op_s(FSQRTS(0, 2), 0, f2u(2.25f), 0, &fl), f2u(1.5f));
    ck_assert_uint_eq(fl, 0);
    ck_assert_uint_eq(op_s(FSQRTS(0, 2), 0, f2u(2.0f), RM(FPRM_RN), &fl), 0x3FB504F3u);
    ck_assert_uint_eq(fl, FPSCR_IXC);
    ck_assert_uint_eq(op_s(FSQRTS(0, 2), 0, f2u(2.0f), RM(FPRM_RP), &fl), 0x3FB504F4u);
    ck_assert_uint_eq(op_s(FSQRTS(0, 2), 0, 0x80000000u, 0, &fl), 0x80000000u); /* sqrt(-0) = -0 */
    ck_assert_uint_eq(fl, 0);
    ck_assert_uint_eq(op_s(FSQRTS(0, 2), 0, f2u(-4.0f), 0, &fl), 0x7FC00000u);
    ck_assert_uint_eq(fl, FPSCR_IOC);
    ck_assert_uint_eq(op_s(FSQRTS(0, 2), 0, 0xFF800000u, 0, &fl), 0x7FC00000u); /* sqrt(-inf) */
    ck_assert_uint_eq(op_s(FSQRTS(0, 2), 0, 0xFF800001u, 0, &fl), 0xFFC00001u); /* NaN propagates */
    ck_assert_uint_eq(fl, FPSCR_IOC);
    ck_assert_uint_eq(op_d(FSQRTD(0, 2), 0, d2u(2.0), 0, &fl), 0x3FF6A09E667F3BCDull);
}
END_TEST

/* ---- compares ---------------------------------------------------------------------------- */
START_TEST(test_compare)
{
    static const struct { uint32_t a, b, nzcv; } t[] = {
        {0x3F800000u, 0x3F800000u, 0x6}, /* 1 == 1 */
        {0x00000000u, 0x80000000u, 0x6}, /* 0 == -0 */
        {0xBF800000u, 0x3F800000u, 0x8}, /* -1 < 1 */
        {0xC0000000u, 0xBF800000u, 0x8}, /* -2 < -1 */
        {0x7F800000u, 0x7F7FFFFFu, 0x2}, /* inf > max */
        {0x00000001u, 0x80000001u, 0x2}, /* subnormals */
        {0x7FC00000u, 0x3F800000u, 0x3}, /* unordered */
    };
    for (unsigned i = 0; i < sizeof t / sizeof t[0]; i++) {
        set_fpscr(0);
        S(1) = t[i].a;
        S(2) = t[i].b;
        run(FCMPS(1, 2));
        ck_assert_uint_eq(fpscr(), t[i].nzcv << 28);
    }
    /* quiet NaN: FCMP no IOC, FCMPE IOC; signalling NaN: IOC for both */
    set_fpscr(0);
    S(1) = 0x7FC00000u;
    run(FCMPES(1, 2));
    ck_assert_uint_eq(fpscr(), 0x30000000u | FPSCR_IOC);
    set_fpscr(0);
    S(1) = 0x7F800001u;
    run(FCMPS(1, 2));
    ck_assert_uint_eq(fpscr(), 0x30000000u | FPSCR_IOC);
    /* compare with zero, double; FMSTAT */
    set_fpscr(0);
    setd(3, d2u(-0.0));
    run(FCMPEZD(3));
    ck_assert_uint_eq(fpscr(), 0x60000000u);
    S(6) = f2u(-5.0f);
    run(FCMPZS(6));
    ck_assert_uint_eq(fpscr(), 0x80000000u);
    setd(4, d2u(1.0));
    setd(5, d2u(2.0));
    run(FCMPD(4, 5));
    run(FMSTAT);
    ck_assert_uint_eq(CPU->cpsr & 0xF0000000u, PSR_N);
    /* FCMPZ with a nonzero Fm field is UNDEFINED (as in QEMU) */
    run_undef(FCMPZS(1) | 1);
}
END_TEST

/* ---- conversions -------------------------------------------------------------------------- */
START_TEST(test_float_to_int)
{
    static const struct { uint32_t in; unsigned rm; uint32_t si, siz, ui, uiz, si_fl, ui_fl; } t[] = {
        /* value          mode    FTOSI       FTOSIZ      FTOUI       FTOUIZ      flags */
        {0x402CCCCDu, FPRM_RN, 3, 2, 3, 2, FPSCR_IXC, FPSCR_IXC},                      /* 2.7 */
        {0x402CCCCDu, FPRM_RM, 2, 2, 2, 2, FPSCR_IXC, FPSCR_IXC},
        {0xC02CCCCDu, FPRM_RP, 0xFFFFFFFEu, 0xFFFFFFFEu, 0, 0, FPSCR_IXC, FPSCR_IOC},    /* -2.7 */
        {0x40200000u, FPRM_RN, 2, 2, 2, 2, FPSCR_IXC, FPSCR_IXC},                      /* 2.5: even */
        {0x40600000u, FPRM_RN, 4, 3, 4, 3, FPSCR_IXC, FPSCR_IXC},                      /* 3.5 */
        {0xBF000000u, FPRM_RN, 0, 0, 0, 0, FPSCR_IXC, FPSCR_IXC},                      /* -0.5 -> -0 */
        {0xBF400000u, FPRM_RN, 0xFFFFFFFFu, 0, 0, 0, FPSCR_IXC, FPSCR_IOC},            /* -0.75 */
        {0x4F000000u, FPRM_RN, 0x7FFFFFFFu, 0x7FFFFFFFu, 0x80000000u, 0x80000000u, FPSCR_IOC, 0}, /* 2^31 */
        {0xCF000000u, FPRM_RN, 0x80000000u, 0x80000000u, 0, 0, 0, FPSCR_IOC},          /* -2^31 */
        {0x4F800000u, FPRM_RN, 0x7FFFFFFFu, 0x7FFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu, FPSCR_IOC, FPSCR_IOC},
        {0x7F800000u, FPRM_RN, 0x7FFFFFFFu, 0x7FFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu, FPSCR_IOC, FPSCR_IOC},
        {0xFF800000u, FPRM_RN, 0x80000000u, 0x80000000u, 0, 0, FPSCR_IOC, FPSCR_IOC},
        {0x7FC00000u, FPRM_RN, 0, 0, 0, 0, FPSCR_IOC, FPSCR_IOC},                      /* NaN -> 0 */
        {0xFF800001u, FPRM_RN, 0, 0, 0, 0, FPSCR_IOC, FPSCR_IOC},
        {0x00000001u, FPRM_RP, 1, 0, 1, 0, FPSCR_IXC, FPSCR_IXC},                      /* subnormal */
    };
    for (unsigned i = 0; i < sizeof t / sizeof t[0]; i++) {
        uint32_t fl;
        uint32_t si = op_s(FTOSIS(0, 2), 0, t[i].in, RM(t[i].rm), &fl);
        ck_assert_msg(si == t[i].si && fl == t[i].si_fl, "FTOSI %08x: %08x fl %x", t[i].in, si, fl);
        uint32_t siz = op_s(FTOSIZS(0, 2), 0, t[i].in, RM(t[i].rm), &fl);
        ck_assert_msg(siz == t[i].siz, "FTOSIZ %08x: %08x", t[i].in, siz);
        uint32_t ui = op_s(FTOUIS(0, 2), 0, t[i].in, RM(t[i].rm), &fl);
        ck_assert_msg(ui == t[i].ui && fl == t[i].ui_fl, "FTOUI %08x: %08x fl %x", t[i].in, ui, fl);
        uint32_t uiz = op_s(FTOUIZS(0, 2), 0, t[i].in, RM(t[i].rm), &fl);
        ck_assert_msg(uiz == t[i].uiz, "FTOUIZ %08x: %08x", t[i].in, uiz);
    }
    /* FZ: a subnormal input is flushed (IDC), giving an exact 0 */
    uint32_t fl;
    ck_assert_uint_eq(op_s(FTOSIS(0, 2), 0, 0x00000001u, FPSCR_FZ | RM(FPRM_RP), &fl), 0);
    ck_assert_uint_eq(fl, FPSCR_IDC);
    /* double source: 2^31 - 0.5 rounds to 2^31 (saturates) in RN, fits in RZ */
    set_fpscr(0);
    setd(3, d2u(2147483647.5));
    run(FTOSID(1, 3));
    ck_assert_uint_eq(S(1), 0x7FFFFFFFu);
    ck_assert_uint_eq(FLAGS(fpscr()), FPSCR_IOC);
    set_fpscr(0);
    run(FTOSIZD(1, 3));
    ck_assert_uint_eq(S(1), 0x7FFFFFFFu);
    ck_assert_uint_eq(FLAGS(fpscr()), FPSCR_IXC);
}
END_TEST

START_TEST(test_int_to_float)
{
    uint32_t fl;
    ck_assert_uint_eq(op_s(FSITOS(0, 2), 0, 0xFFFFFFFDu, 0, &fl), f2u(-3.0f));
    ck_assert_uint_eq(fl, 0);
    ck_assert_uint_eq(op_s(FUITOS(0, 2), 0, 0xFFFFFFFDu, 0, &fl), 0x4F800000u); /* 4294967293 -> 2^32 */
    ck_assert_uint_eq(fl, FPSCR_IXC);
    ck_assert_uint_eq(op_s(FUITOS(0, 2), 0, 0xFFFFFFFDu, RM(FPRM_RZ), &fl), 0x4F7FFFFFu);
    ck_assert_uint_eq(op_s(FSITOS(0, 2), 0, 0x7FFFFFFFu, RM(FPRM_RM), &fl), 0x4EFFFFFFu);
    ck_assert_uint_eq(op_s(FSITOS(0, 2), 0, 0x80000000u, 0, &fl), 0xCF000000u);
    ck_assert_uint_eq(fl, 0);
    /* to double: always exact */
    set_fpscr(RM(FPRM_RZ));
    S(5) = 0x80000001u;
    run(FSITOD(2, 5));
    ck_assert_uint_eq(getd(2), d2u(-2147483647.0));
    ck_assert_uint_eq(FLAGS(fpscr()), 0);
}
END_TEST

START_TEST(test_precision_conversions)
{
    /* FCVTDS: exact; NaN payload moves up, quietened */
    set_fpscr(0);
    S(3) = 0x00000001u;                          /* smallest subnormal = 2^-149 */
    run(FCVTDS(2, 3));
    ck_assert_uint_eq(getd(2), 0x36A0000000000000ull);
    S(3) = 0xFF800001u;
    run(FCVTDS(2, 3));
    ck_assert_uint_eq(getd(2), 0xFFF8000020000000ull);
    ck_assert_uint_eq(FLAGS(fpscr()), FPSCR_IOC);
    /* FCVTSD: rounds by FPSCR; overflow; NaN keeps the top of the payload */
    set_fpscr(0);
    setd(4, d2u(0.1));
    run(FCVTSD(1, 4));
    ck_assert_uint_eq(S(1), 0x3DCCCCCDu);
    ck_assert_uint_eq(FLAGS(fpscr()), FPSCR_IXC);
    set_fpscr(RM(FPRM_RZ));
    run(FCVTSD(1, 4));
    ck_assert_uint_eq(S(1), 0x3DCCCCCCu);
    set_fpscr(0);
    setd(4, d2u(1e300));
    run(FCVTSD(1, 4));
    ck_assert_uint_eq(S(1), 0x7F800000u);
    ck_assert_uint_eq(FLAGS(fpscr()), FPSCR_OFC | FPSCR_IXC);
    set_fpscr(0);
    setd(4, 0x7FF4000000000001ull);
    run(FCVTSD(1, 4));
    ck_assert_uint_eq(S(1), 0x7FE00000u);
    ck_assert_uint_eq(FLAGS(fpscr()), FPSCR_IOC);
    /* tiny: 1e-40 is a single subnormal (UFC IXC), flushed with FZ */
    set_fpscr(0);
    setd(4, d2u(1e-40));
    run(FCVTSD(1, 4));
    ck_assert_uint_eq(S(1), 0x000116C2u);
    ck_assert_uint_eq(FLAGS(fpscr()), FPSCR_UFC | FPSCR_IXC);
    set_fpscr(FPSCR_FZ);
    run(FCVTSD(1, 4));
    ck_assert_uint_eq(S(1), 0);
    ck_assert_uint_eq(FLAGS(fpscr()), FPSCR_UFC);
    /* the register fields of a CP11 instruction with single operands */
    S(31) = f2u(-1.5f);
    set_fpscr(0);
    run(FCVTDS(15, 31));
    ck_assert_uint_eq(getd(15), d2u(-1.5));
    /* VFPv2 has D0-D15: a set D bit on a double register is UNDEFINED */
    run_undef(FCVTDS(15, 31) | 1u << 22);
    run_undef(FADDD(0, 1, 2) | 1u << 7);
}
END_TEST

/* ---- short vectors ------------------------------------------------------------------------- */
static void fill_s(void)
{
    for (unsigned i = 0; i < 32; i++) S(i) = f2u((float)i);
}

/* Issue cycles per the VFP11 timings (cpu/timing.h): extra cycles over a
 * plain ALU instruction, scalar and per vector element. */
static uint64_t vfp_cycles(uint32_t insn)
{
    uint32_t mov_r12_0[2] = {0xE3A0C000, 0xE3A0C000}; /* no interlock with what follows */
    tc_put32(tc, 0x1004, mov_r12_0, 2);
    uint64_t c0 = CPU->cycles;
    run(insn);
    return CPU->cycles - c0 - 1;
}

START_TEST(test_issue_cycles)
{
    set_fpscr(0);
    ck_assert_uint_eq(vfp_cycles(FADDS(0, 1, 2)), 0);
    ck_assert_uint_eq(vfp_cycles(FADDD(0, 1, 2)), 0);
    ck_assert_uint_eq(vfp_cycles(FMULD(0, 1, 2)), T_VFP_MULD);
    ck_assert_uint_eq(vfp_cycles(FMACD(0, 1, 2)), T_VFP_MULD);
    ck_assert_uint_eq(vfp_cycles(FDIVS(0, 1, 2)), T_VFP_DIVS);
    ck_assert_uint_eq(vfp_cycles(FSQRTS(0, 1)), T_VFP_DIVS);
    ck_assert_uint_eq(vfp_cycles(FDIVD(0, 1, 2)), T_VFP_DIVD);
    ck_assert_uint_eq(vfp_cycles(FSQRTD(0, 1)), T_VFP_DIVD);
    ck_assert_uint_eq(vfp_cycles(FCMPS(0, 1)), 0);
    /* LEN = 4, destination in a vector bank: four elements */
    set_fpscr(3u << FPSCR_LEN_SHIFT);
    ck_assert_uint_eq(vfp_cycles(FADDS(8, 16, 24)), 3);
    ck_assert_uint_eq(vfp_cycles(FDIVS(8, 16, 24)), 4 * (1 + T_VFP_DIVS) - 1);
    set_fpscr(0);
}
END_TEST

START_TEST(test_vector_single)
{
    /* LEN = 4, stride 1: s13..s15 then wrap to s8 (bank of 8); Fn steps
     * too, Fm in bank 0 stays scalar */
    fill_s();
    set_fpscr(3u << FPSCR_LEN_SHIFT);
    run(FADDS(13, 21, 1));
    ck_assert_uint_eq(S(13), f2u(21.0f + 1.0f));
    ck_assert_uint_eq(S(14), f2u(22.0f + 1.0f));
    ck_assert_uint_eq(S(15), f2u(23.0f + 1.0f));
    ck_assert_uint_eq(S(8), f2u(16.0f + 1.0f));
    ck_assert_uint_eq(S(9), f2u(9.0f));
    /* Fm in a vector bank steps as well */
    fill_s();
    run(FMULS(24, 16, 8));
    for (unsigned i = 0; i < 4; i++) ck_assert_uint_eq(S(24 + i), f2u((float)((16 + i) * (8 + i))));
    ck_assert_uint_eq(S(28), f2u(28.0f));
    /* Fd in bank 0: scalar even with LEN set */
    fill_s();
    run(FADDS(2, 8, 16));
    ck_assert_uint_eq(S(2), f2u(24.0f));
    ck_assert_uint_eq(S(3), f2u(3.0f));
    /* STRIDE = 0b11 is stride 2 (ARM ARM; QEMU 5 steps single registers by 4):
     * LEN = 3: s8, s10, s12 */
    fill_s();
    set_fpscr(2u << FPSCR_LEN_SHIFT | 3u << FPSCR_STRIDE_SHIFT);
    run(FNEGS(8, 16));
    ck_assert_uint_eq(S(8), f2u(-16.0f));
    ck_assert_uint_eq(S(10), f2u(-18.0f));
    ck_assert_uint_eq(S(12), f2u(-20.0f));
    ck_assert_uint_eq(S(9), f2u(9.0f));
    ck_assert_uint_eq(S(14), f2u(14.0f));
    /* compares and conversions are always scalar */
    fill_s();
    set_fpscr(3u << FPSCR_LEN_SHIFT);
    run(FSITOS(8, 16));
    ck_assert_uint_eq(S(9), f2u(9.0f));
    /* flags accumulate over the elements */
    fill_s();
    S(25) = 0;
    set_fpscr(1u << FPSCR_LEN_SHIFT);
    S(16) = f2u(1.0f);
    S(24) = f2u(4.0f);
    S(17) = f2u(1.0f);
    run(FDIVS(8, 16, 24));                       /* 1/4 exact, 1/0 -> DZC */
    ck_assert_uint_eq(S(8), f2u(0.25f));
    ck_assert_uint_eq(S(9), 0x7F800000u);
    ck_assert_uint_eq(FLAGS(fpscr()), FPSCR_DZC);
}
END_TEST

START_TEST(test_vector_double)
{
    for (unsigned i = 0; i < 16; i++) setd(i, d2u((double)i));
    /* LEN = 3, STRIDE = 2: d5, d7, d5 (bank of 4: d4-d7); Fn d9, d11, d9 */
    set_fpscr(2u << FPSCR_LEN_SHIFT | 3u << FPSCR_STRIDE_SHIFT);
    run(FADDD(5, 9, 0));
    ck_assert_uint_eq(getd(5), d2u(9.0));        /* last: d5 = d9 + d0 again */
    ck_assert_uint_eq(getd(7), d2u(11.0));
    ck_assert_uint_eq(getd(4), d2u(4.0));
    /* monadic with a vector source (QEMU 5 gets this wrong): d13..d15, d12 <- d8.. */
    for (unsigned i = 0; i < 16; i++) setd(i, d2u((double)i));
    set_fpscr(3u << FPSCR_LEN_SHIFT);
    run(FCPYD(13, 8));
    ck_assert_uint_eq(getd(13), d2u(8.0));
    ck_assert_uint_eq(getd(14), d2u(9.0));
    ck_assert_uint_eq(getd(15), d2u(10.0));
    ck_assert_uint_eq(getd(12), d2u(11.0));
    /* scalar source: one value to every element */
    run(FSQRTD(8, 1));
    for (unsigned i = 8; i < 12; i++) ck_assert_uint_eq(getd(i), d2u(1.0));
}
END_TEST

/* ---- transfers ----------------------------------------------------------------------------- */
START_TEST(test_transfers)
{
    R[1] = 0x11111111u;
    R[2] = 0x22222222u;
    run(FMSR(31, 1u));
    ck_assert_uint_eq(S(31), 0x11111111u);
    run(FMRS(3u, 31));
    ck_assert_uint_eq(R[3], 0x11111111u);
    run(FMDLR(7, 1u));
    run(FMDHR(7, 2u));
    ck_assert_uint_eq(getd(7), 0x2222222211111111ull);
    run(FMRDH(4u, 7));
    run(FMRDL(5u, 7));
    ck_assert_uint_eq(R[4], 0x22222222u);
    ck_assert_uint_eq(R[5], 0x11111111u);
    run(FMDRR(15, 2u, 1u));                      /* D15 = r1:r2 */
    ck_assert_uint_eq(getd(15), 0x1111111122222222ull);
    run(FMRRD(6u, 7u, 7));
    ck_assert_uint_eq(R[6], 0x11111111u);
    ck_assert_uint_eq(R[7], 0x22222222u);
    run(FMSRR(29, 1u, 2u));                      /* S29 = r1, S30 = r2 */
    ck_assert_uint_eq(S(29), 0x11111111u);
    ck_assert_uint_eq(S(30), 0x22222222u);
    run(FMRRS(8u, 9u, 30));
    ck_assert_uint_eq(R[8], 0x22222222u);
    ck_assert_uint_eq(R[9], 0x11111111u);       /* S31 */
    run_undef(FMRRS(8u, 9u, 31));                /* S31, S32: UNPREDICTABLE -> UNDEFINED */
    run_undef(FMSR(3, 1u) | 1);                  /* SBZ CRm */
    run_undef(FMRDL(1u, 3) | 1u << 7);           /* D19 does not exist in VFPv2 */
    run_undef(FMDRR(3, 1u, 2u) | 1u << 5);
}
END_TEST

START_TEST(test_conditional)
{
    /* a VFP instruction whose condition fails does nothing */
    S(1) = f2u(1.0f);
    S(2) = f2u(2.0f);
    S(0) = 0;
    CPU->cpsr &= ~PSR_Z;
    run((FADDS(0, 1, 2) & 0x0FFFFFFFu) | 0x00000000u); /* EQ */
    ck_assert_uint_eq(S(0), 0);
    run((FADDS(0, 1, 2) & 0x0FFFFFFFu) | 0x10000000u); /* NE */
    ck_assert_uint_eq(S(0), f2u(3.0f));
}
END_TEST

/* ---- loads and stores --------------------------------------------------------------------- */
START_TEST(test_load_store)
{
    uint32_t words[8] = {0x3F800000u, 0x40000000u, 0x40400000u, 0x40800000u,
                         0x00000000u, 0x3FF00000u, 0x55555555u, 0x66666666u};
    tc_put32(tc, 0x2000, words, 8);
    R[4] = 0x2010;
    run(FLDS(3, 4u, 0u, 4));                     /* [r4, #-16] */
    ck_assert_uint_eq(S(3), 0x3F800000u);
    run(FLDD(2, 4u, 1u, 0));                     /* [r4]: low word first */
    ck_assert_uint_eq(getd(2), 0x3FF0000000000000ull);
    run(FSTS(3, 4u, 1u, 2));                     /* [r4, #8] */
    ck_assert_uint_eq(tc_get32(tc, 0x2018), 0x3F800000u);
    ck_assert_uint_eq(R[4], 0x2010);
    /* FLDMIAS with writeback: s5..s8 from 0x2000 */
    R[4] = 0x2000;
    run(FLDMIAS(4u, 1u, 5, 4));
    ck_assert_uint_eq(R[4], 0x2010);
    ck_assert_uint_eq(S(5), 0x3F800000u);
    ck_assert_uint_eq(S(8), 0x40800000u);
    /* FLDMDBS r4!, {s20-s21}: 0x2008, 0x200C */
    run(FLDMDBS(4u, 20, 2));
    ck_assert_uint_eq(R[4], 0x2008);
    ck_assert_uint_eq(S(20), 0x40400000u);
    ck_assert_uint_eq(S(21), 0x40800000u);
    /* FSTMIAD / FSTMDBD */
    setd(0, 0x0123456789ABCDEFull);
    setd(1, 0xFEDCBA9876543210ull);
    R[5] = 0x3000;
    run(FSTMIAD(5u, 1u, 0, 2));
    ck_assert_uint_eq(R[5], 0x3010);
    ck_assert_uint_eq(tc_get32(tc, 0x3000), 0x89ABCDEFu);
    ck_assert_uint_eq(tc_get32(tc, 0x3004), 0x01234567u);
    ck_assert_uint_eq(tc_get32(tc, 0x300C), 0xFEDCBA98u);
    run(FSTMDBD(5u, 1, 1));
    ck_assert_uint_eq(R[5], 0x3008);
    ck_assert_uint_eq(tc_get32(tc, 0x3008), 0x76543210u);
    /* FSTMX/FLDMX: 2n+1 words of address space, the extra (last) word is
     * neither read nor written; writeback covers all of it */
    uint32_t marker = 0xCAFEF00Du;
    tc_put32(tc, 0x4010, &marker, 1);
    R[6] = 0x4000;
    run(FSTMIAX(6u, 1u, 0, 2));
    ck_assert_uint_eq(R[6], 0x4014);
    ck_assert_uint_eq(tc_get32(tc, 0x4010), 0xCAFEF00Du);
    setd(0, 0);
    setd(1, 0);
    run(FLDMDBX(6u, 0, 2));
    ck_assert_uint_eq(R[6], 0x4000);
    ck_assert_uint_eq(getd(0), 0x0123456789ABCDEFull);
    ck_assert_uint_eq(getd(1), 0xFEDCBA9876543210ull);
    /* bad register counts and forms are UNDEFINED */
    run_undef(FLDMIAS(4u, 0u, 30, 3));           /* s30..s32 */
    run_undef(FLDMIAD(4u, 0u, 15, 2));           /* d15..d16 */
    run_undef(FLDMIAS(4u, 0u, 0, 0));            /* no registers */
    run_undef(FLDMIAS(4u, 0u, 0, 1) | 1u << 24 | 1u << 21); /* P=1 U=1 W=1 */
}
END_TEST

START_TEST(test_load_store_big_endian)
{
    /* with CPSR.E set a double is a big-endian 64-bit access: the word at the
     * lower address is the high half */
    uint8_t be[8] = {0x3F, 0xF0, 0, 0, 0, 0, 0, 0x01};
    memcpy(tc->ram + 0x2000, be, 8);
    CPU->cpsr |= PSR_E;
    arm_set_endian(CPU, true);
    R[4] = 0x2000;
    run(FLDD(1, 4u, 1u, 0));
    ck_assert_uint_eq(getd(1), 0x3FF0000000000001ull);
    run(FSTD(1, 4u, 1u, 2));
    ck_assert_int_eq(memcmp(tc->ram + 0x2008, be, 8), 0);
    arm_set_endian(CPU, false);
}
END_TEST

Suite *vfp_suite(void)
{
    Suite *s = suite_create("vfp");
    TCase *t = tcase_create("vfp");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_reset_and_id);
    tcase_add_test(t, test_disabled_is_undefined);
    tcase_add_test(t, test_user_mode_rules);
    tcase_add_test(t, test_cpacr_gating);
    tcase_add_test(t, test_fpexc_ex_bounces);
    tcase_add_test(t, test_fpscr_fields);
    tcase_add_test(t, test_basic_arith);
    tcase_add_test(t, test_rounding_modes);
    tcase_add_test(t, test_cumulative_flags);
    tcase_add_test(t, test_nan_propagation);
    tcase_add_test(t, test_multiply_accumulate);
    tcase_add_test(t, test_subnormals_ieee);
    tcase_add_test(t, test_tiny_before_rounding);
    tcase_add_test(t, test_flush_to_zero);
    tcase_add_test(t, test_sqrt);
    tcase_add_test(t, test_compare);
    tcase_add_test(t, test_float_to_int);
    tcase_add_test(t, test_int_to_float);
    tcase_add_test(t, test_precision_conversions);
    tcase_add_test(t, test_issue_cycles);
    tcase_add_test(t, test_vector_single);
    tcase_add_test(t, test_vector_double);
    tcase_add_test(t, test_transfers);
    tcase_add_test(t, test_conditional);
    tcase_add_test(t, test_load_store);
    tcase_add_test(t, test_load_store_big_endian);
    suite_add_tcase(s, t);
    return s;
}
