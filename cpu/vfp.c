/* VFP11 (VFPv2) floating-point coprocessor: CP10 (single precision) and CP11
 * (double precision) of the ARM1176JZF-S.
 *
 * Written from the ARM Architecture Reference Manual (DDI 0100I, part C,
 * "Vector Floating-point Architecture") and the ARM1176JZF-S TRM (DDI 0301H,
 * chapters 20-22).  docs/vfp.md has the overview; in short:
 *
 *  - Arithmetic is IEEE 754 arithmetic done by the host FPU under the FPSCR
 *    rounding mode.  Everything the host does differently from the VFP is
 *    handled here before or after the host operation: NaN operands never
 *    reach the host (ARM NaN propagation and default-NaN mode are applied
 *    here), a NaN the host generates becomes the ARM default NaN, flush-to-
 *    zero of inputs and results is done here (the host never runs with
 *    FTZ/DAZ), and underflow uses ARM's "tiny before rounding" rule (the
 *    host's underflow flag is ignored; a result rounded to exactly the
 *    smallest normal is checked by recomputing it rounded towards zero).
 *  - Subnormal operands and results are computed in full IEEE precision, as
 *    QEMU does.  The real VFP11 hands them to support code (bounce), which
 *    computes the same IEEE results; we never bounce.
 *  - Exception trap enables (FPSCR[15:8]) read as zero and ignore writes, as
 *    in QEMU; exceptions only set the cumulative flags.
 *  - Each host operation runs between host_begin and host_end, which set
 *    the rounding mode and collect the flags, then put the host's own
 *    floating-point environment back (on x86-64 all of MXCSR; with the
 *    portable <fenv.h> code the host is assumed to round to nearest).
 *
 * Data-processing instructions arrive through the generic CDP dispatch and
 * are decoded from the instruction word with two small tables (the
 * p:q:r:s opcode and, for the extension opcodes, Fn:N). */
#include "cpu/vfp.h"

#include <fenv.h>
#include <math.h>
#include <string.h>

#include "cpu/core.h"

#ifdef __clang__
#pragma STDC FENV_ACCESS ON
#endif

/* ---- number formats --------------------------------------------------------------------- */
/* Values are handled as raw bits in a uint64_t (single precision in the low
 * 32 bits); the format says where the fields are. */
typedef struct FpFmt {
    bool dp;
    uint64_t sign, exp, frac, qbit, dnan, minnorm;
} FpFmt;

static const FpFmt F32 = {false, 0x80000000u, 0x7F800000u, 0x007FFFFFu, 0x00400000u, 0x7FC00000u, 0x00800000u};
static const FpFmt F64 = {true, 1ull << 63, 0x7FF0000000000000ull, 0x000FFFFFFFFFFFFFull, 1ull << 51,
                          0x7FF8000000000000ull, 0x0010000000000000ull};

static inline bool is_nan(const FpFmt *f, uint64_t x) { return (x & ~f->sign) > f->exp; }
static inline bool is_snan(const FpFmt *f, uint64_t x) { return is_nan(f, x) && !(x & f->qbit); }
static inline bool is_denormal(const FpFmt *f, uint64_t x) { return !(x & f->exp) && (x & f->frac); }

static inline float f32_of(uint64_t b) { uint32_t w = (uint32_t)b; float x; memcpy(&x, &w, 4); return x; }
static inline double f64_of(uint64_t b) { double x; memcpy(&x, &b, 8); return x; }
static inline uint64_t bits_f32(float x) { uint32_t w; memcpy(&w, &x, 4); return w; }
static inline uint64_t bits_f64(double x) { uint64_t w; memcpy(&w, &x, 8); return w; }

/* The state an operation runs under: the FPSCR controls, and the cumulative
 * exception bits it raises (FPSCR[7:0] layout). */
typedef struct FpCtx {
    uint32_t fpscr;
    uint32_t exc;
} FpCtx;

static inline unsigned ctx_rmode(const FpCtx *c) { return (c->fpscr >> FPSCR_RMODE_SHIFT) & 3; }
static inline bool ctx_fz(const FpCtx *c) { return (c->fpscr & FPSCR_FZ) != 0; }
static inline bool ctx_dn(const FpCtx *c) { return (c->fpscr & FPSCR_DN) != 0; }

/* ---- the host FPU --------------------------------------------------------------------- */
enum HostOp {
    HOP_ADD, HOP_SUB, HOP_MUL, HOP_DIV, HOP_SQRT,
    HOP_NARROW,   /* double a -> single */
    HOP_SITO,     /* int32 a -> format */
    HOP_UITO,     /* uint32 a -> format */
};

/* Host floating-point environment around one operation: host_begin selects
 * the rounding mode with no flags raised, host_end returns the FE_* flags
 * the operation raised and puts the host's environment back.  On x86-64 the
 * arithmetic is SSE and MXCSR is the whole environment: loading and storing
 * it is far cheaper than fesetround/feclearexcept/fetestexcept (glibc's
 * feclearexcept rewrites the x87 environment too).  Elsewhere <fenv.h>. */
#if defined(__x86_64__) && !defined(VFP_PORTABLE_FENV)
typedef uint32_t HostEnv;
static inline uint32_t mxcsr_get(void)
{
    uint32_t v;
    __asm__ volatile("stmxcsr %0" : "=m"(v) : : "memory");
    return v;
}
static inline void mxcsr_set(uint32_t v) { __asm__ volatile("ldmxcsr %0" : : "m"(v) : "memory"); }
/* RC (bits 14:13) = RN 00, RP 10, RM 01, RZ 11; exceptions masked
 * (bits 12:7); FTZ, DAZ and the flags (bits 5:0) clear */
static const uint32_t mx_mode[4] = {0x1F80, 0x5F80, 0x3F80, 0x7F80};
static inline HostEnv host_begin(unsigned rm)
{
    HostEnv saved = mxcsr_get();
    mxcsr_set(mx_mode[rm]);
    return saved;
}
static inline int host_end(HostEnv saved)
{
    uint32_t m = mxcsr_get();
    mxcsr_set(saved);
    return (m & 0x01 ? FE_INVALID : 0) | (m & 0x04 ? FE_DIVBYZERO : 0) | (m & 0x08 ? FE_OVERFLOW : 0) |
           (m & 0x20 ? FE_INEXACT : 0);
}
#else
typedef int HostEnv;
static const int host_rmode[4] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
static inline HostEnv host_begin(unsigned rm)
{
    int mode = host_rmode[rm];
    if (mode != FE_TONEAREST) fesetround(mode);
    feclearexcept(FE_ALL_EXCEPT);
    return mode;
}
static inline int host_end(HostEnv mode)
{
    int fl = fetestexcept(FE_ALL_EXCEPT);
    if (mode != FE_TONEAREST) fesetround(FE_TONEAREST);
    return fl;
}
#endif

/* Evaluate op with the result in format dp (HOP_NARROW: single) under
 * rounding mode rm; returns the host's FE_* flags.  Operands and results go
 * through volatile objects, which keeps the compiler from moving the
 * operation out from between host_begin and host_end. */
static int host_eval(unsigned op, bool dp, uint64_t a, uint64_t b, unsigned rm, uint64_t *res)
{
    volatile float fa = f32_of(a), fb = f32_of(b), fr = 0;
    volatile double da = f64_of(a), db = f64_of(b), dr = 0;
    volatile uint32_t ia = (uint32_t)a;
    HostEnv env = host_begin(rm);
    switch (op) {
    case HOP_ADD: if (dp) dr = da + db; else fr = fa + fb; break;
    case HOP_SUB: if (dp) dr = da - db; else fr = fa - fb; break;
    case HOP_MUL: if (dp) dr = da * db; else fr = fa * fb; break;
    case HOP_DIV: if (dp) dr = da / db; else fr = fa / fb; break;
    case HOP_SQRT: if (dp) dr = sqrt(da); else fr = sqrtf(fa); break;
    case HOP_NARROW: fr = (float)da; dp = false; break;
    case HOP_SITO: if (dp) dr = (double)(int32_t)ia; else fr = (float)(int32_t)ia; break;
    default: if (dp) dr = (double)ia; else fr = (float)ia; break;     /* HOP_UITO */
    }
    int fl = host_end(env);
    *res = dp ? bits_f64(dr) : bits_f32(fr);
    return fl;
}

/* ---- IEEE operations with the VFP's rules ----------------------------------------------- */
/* Flush-to-zero of an input: a subnormal becomes a zero of the same sign and
 * sets IDC. */
static inline uint64_t flush_in(FpCtx *c, const FpFmt *f, uint64_t x)
{
    if (ctx_fz(c) && is_denormal(f, x)) {
        c->exc |= FPSCR_IDC;
        return x & f->sign;
    }
    return x;
}

static inline uint64_t nan_result(const FpCtx *c, const FpFmt *f, uint64_t x)
{
    return ctx_dn(c) ? f->dnan : (x | f->qbit);
}

/* NaN operands: the first signalling NaN wins (IOC, quietened), else the
 * first quiet NaN; in default-NaN mode the result is the default NaN. */
static bool nan_operands(FpCtx *c, const FpFmt *f, uint64_t a, uint64_t b, bool two, uint64_t *r)
{
    bool an = is_nan(f, a), bn = two && is_nan(f, b);
    if (!an && !bn) return false;
    bool as = an && !(a & f->qbit), bs = bn && !(b & f->qbit);
    if (as || bs) c->exc |= FPSCR_IOC;
    *r = nan_result(c, f, as ? a : bs ? b : an ? a : b);
    return true;
}

/* Flags and flush-to-zero of a rounded result r (format f) of host operation
 * op on operands a, b.  No NaN operand ever gets here, so a host "invalid"
 * means the operation generated a NaN: ARM's default NaN. */
static uint64_t finish(FpCtx *c, const FpFmt *f, unsigned op, uint64_t a, uint64_t b, uint64_t r, int fl)
{
    if (fl & FE_INVALID) {
        c->exc |= FPSCR_IOC;
        return f->dnan;
    }
    if (fl & FE_DIVBYZERO) c->exc |= FPSCR_DZC;
    if (fl & FE_OVERFLOW) c->exc |= FPSCR_OFC;
    bool inexact = (fl & FE_INEXACT) != 0;
    uint64_t mag = r & ~f->sign;
    /* Tiny = the exact result is nonzero and below the smallest normal.
     * Rounding is monotonic, so only a result at or below the smallest
     * normal can come from a tiny value; at exactly the smallest normal the
     * exact value was tiny iff rounding it towards zero gives less. */
    bool tiny = false;
    if (mag < f->minnorm) {
        tiny = mag != 0 || inexact;
    } else if (mag == f->minnorm && inexact) {
        uint64_t rz;
        host_eval(op, f->dp, a, b, FPRM_RZ, &rz);
        tiny = (rz & ~f->sign) < f->minnorm;
    }
    if (tiny && ctx_fz(c)) {
        c->exc |= FPSCR_UFC;          /* flushed: underflow, not inexact */
        return r & f->sign;
    }
    if (inexact) c->exc |= tiny ? FPSCR_UFC | FPSCR_IXC : FPSCR_IXC;
    return r;
}

static uint64_t fp_arith(FpCtx *c, const FpFmt *f, unsigned op, uint64_t a, uint64_t b)
{
    bool two = op != HOP_SQRT;
    uint64_t r;
    a = flush_in(c, f, a);
    if (two) b = flush_in(c, f, b);
    if (nan_operands(c, f, a, b, two, &r)) return r;
    int fl = host_eval(op, f->dp, a, b, ctx_rmode(c), &r);
    return finish(c, f, op, a, b, r, fl);
}

static inline uint64_t fp_neg(const FpFmt *f, uint64_t x) { return x ^ f->sign; }

/* FCMP(E)(Z): NZCV = 0110 equal, 1000 less, 0010 greater, 0011 unordered.
 * A signalling NaN always raises IOC; the E forms raise it for quiet NaNs too. */
static uint32_t fp_compare(FpCtx *c, const FpFmt *f, uint64_t a, uint64_t b, bool e)
{
    a = flush_in(c, f, a);
    b = flush_in(c, f, b);
    if (is_nan(f, a) || is_nan(f, b)) {
        if (e || is_snan(f, a) || is_snan(f, b)) c->exc |= FPSCR_IOC;
        return 0x3;
    }
    uint64_t ma = a & ~f->sign, mb = b & ~f->sign;
    bool sa = (a & f->sign) != 0, sb = (b & f->sign) != 0;
    if (ma == 0 && mb == 0) return 0x6;          /* +0 == -0 */
    if (a == b) return 0x6;
    bool less;
    if (sa != sb) less = sa;
    else less = sa ? ma > mb : ma < mb;
    return less ? 0x8 : 0x2;
}

/* FTOSI/FTOUI: round to an integer in rm, saturate out-of-range values (IOC,
 * no IXC); a NaN gives 0 and IOC. */
static uint32_t fp_to_int(FpCtx *c, const FpFmt *f, uint64_t a, bool is_signed, unsigned rm)
{
    a = flush_in(c, f, a);
    if (is_nan(f, a)) {
        c->exc |= FPSCR_IOC;
        return 0;
    }
    double v = f->dp ? f64_of(a) : (double)f32_of(a);   /* exact */
    double r;
    switch (rm) {
    case FPRM_RN:                                        /* ties to even */
        r = floor(v);
        if (v - r > 0.5 || (v - r == 0.5 && fmod(r, 2.0) != 0.0)) r += 1.0;
        break;
    case FPRM_RP: r = ceil(v); break;
    case FPRM_RM: r = floor(v); break;
    default: r = trunc(v); break;
    }
    uint32_t res;
    if (is_signed) {
        if (r < -2147483648.0) { c->exc |= FPSCR_IOC; return 0x80000000u; }
        if (r > 2147483647.0) { c->exc |= FPSCR_IOC; return 0x7FFFFFFFu; }
        res = (uint32_t)(int32_t)r;
    } else {
        if (r < 0.0) { c->exc |= FPSCR_IOC; return 0; }
        if (r > 4294967295.0) { c->exc |= FPSCR_IOC; return 0xFFFFFFFFu; }
        res = (uint32_t)r;
    }
    if (r != v) c->exc |= FPSCR_IXC;
    return res;
}

static uint64_t int_to_fp(FpCtx *c, const FpFmt *f, uint32_t v, bool is_signed)
{
    uint64_t r;
    int fl = host_eval(is_signed ? HOP_SITO : HOP_UITO, f->dp, v, 0, ctx_rmode(c), &r);
    if (fl & FE_INEXACT) c->exc |= FPSCR_IXC;
    return r;
}

/* FCVTDS: exact; NaNs keep sign and payload (quietened). */
static uint64_t cvt_s_to_d(FpCtx *c, uint32_t a)
{
    a = (uint32_t)flush_in(c, &F32, a);
    if (is_nan(&F32, a)) {
        if (is_snan(&F32, a)) c->exc |= FPSCR_IOC;
        uint64_t n = ((uint64_t)(a & 0x80000000u) << 32) | F64.exp | ((uint64_t)(a & 0x007FFFFFu) << 29);
        return nan_result(c, &F64, n);
    }
    return bits_f64((double)f32_of(a));
}

/* FCVTSD: rounds; NaNs keep sign and the top of the payload. */
static uint32_t cvt_d_to_s(FpCtx *c, uint64_t a)
{
    a = flush_in(c, &F64, a);
    if (is_nan(&F64, a)) {
        if (is_snan(&F64, a)) c->exc |= FPSCR_IOC;
        uint64_t n = ((a >> 32) & 0x80000000u) | F32.exp | ((a >> 29) & 0x007FFFFFu);
        return (uint32_t)nan_result(c, &F32, n);
    }
    uint64_t r;
    int fl = host_eval(HOP_NARROW, false, a, 0, ctx_rmode(c), &r);
    return (uint32_t)finish(c, &F32, HOP_NARROW, a, 0, r, fl);
}

/* ---- register file --------------------------------------------------------------------- */
static inline uint64_t dreg(const ArmVfp *v, unsigned n) { return v->s[2 * n] | (uint64_t)v->s[2 * n + 1] << 32; }
static inline void set_dreg(ArmVfp *v, unsigned n, uint64_t x)
{
    v->s[2 * n] = (uint32_t)x;
    v->s[2 * n + 1] = (uint32_t)(x >> 32);
}
static inline uint64_t rd_reg(const ArmVfp *v, bool dp, unsigned n) { return dp ? dreg(v, n) : v->s[n]; }
static inline void wr_reg(ArmVfp *v, bool dp, unsigned n, uint64_t x)
{
    if (dp) set_dreg(v, n, x);
    else v->s[n] = (uint32_t)x;
}

uint32_t vfp_get_sreg(const Arm11 *cpu, unsigned n) { return cpu->vfp.s[n & 31]; }
void vfp_set_sreg(Arm11 *cpu, unsigned n, uint32_t v) { cpu->vfp.s[n & 31] = v; }
uint64_t vfp_get_dreg(const Arm11 *cpu, unsigned n) { return dreg(&cpu->vfp, n & 15); }
void vfp_set_dreg(Arm11 *cpu, unsigned n, uint64_t v) { set_dreg(&cpu->vfp, n & 15, v); }

bool vfp_enabled(const Arm11 *cpu) { return (cpu->vfp.fpexc & FPEXC_EN) != 0; }

/* VFP instructions other than system-register transfers execute only with
 * EN set and EX clear (EX set means a pending exception for support code:
 * the VFP11 bounces every instruction until the handler clears it). */
static inline bool vfp_usable(const Arm11 *cpu) { return (cpu->vfp.fpexc & (FPEXC_EN | FPEXC_EX)) == FPEXC_EN; }

uint32_t vfp_get_sysreg(const Arm11 *cpu, unsigned reg)
{
    switch (reg) {
    case VFP_REG_FPSID: return VFP11_FPSID;
    case VFP_REG_FPSCR: return cpu->vfp.fpscr;
    case VFP_REG_MVFR1: return VFP11_MVFR1;
    case VFP_REG_MVFR0: return VFP11_MVFR0;
    case VFP_REG_FPEXC: return cpu->vfp.fpexc;
    case VFP_REG_FPINST: return cpu->vfp.fpinst;
    case VFP_REG_FPINST2: return cpu->vfp.fpinst2;
    default: return 0;
    }
}

void vfp_set_sysreg(Arm11 *cpu, unsigned reg, uint32_t v)
{
    switch (reg) {
    case VFP_REG_FPSCR: cpu->vfp.fpscr = v & FPSCR_WRITABLE; break;
    case VFP_REG_FPEXC: cpu->vfp.fpexc = v & FPEXC_WRITABLE; break;
    case VFP_REG_FPINST: cpu->vfp.fpinst = v; break;
    case VFP_REG_FPINST2: cpu->vfp.fpinst2 = v; break;
    default: break;                   /* FPSID, MVFR0/1: read-only */
    }
}

void vfp_reset(Arm11 *cpu)
{
    memset(&cpu->vfp, 0, sizeof cpu->vfp);
    cpu->vfp.fpinst = VFP11_FPINST_RESET;
}

/* ---- data processing (CDP) ------------------------------------------------------------- */
enum {
    K_UNDEF = 0,
    /* three operands, vector-capable */
    K_MAC, K_NMAC, K_MSC, K_NMSC, K_MUL, K_NMUL, K_ADD, K_SUB, K_DIV,
    /* two operands, vector-capable */
    K_CPY, K_ABS, K_NEG, K_SQRT,
    /* scalar only */
    K_CMP, K_CMPE, K_CMPZ, K_CMPEZ, K_CVT, K_UITO, K_SITO, K_TOUI, K_TOUIZ, K_TOSI, K_TOSIZ,
};

/* p:q:r:s = insn bits 23, 21, 20, 6 */
static const uint8_t dp_kind[16] = {
    K_MAC, K_NMAC, K_MSC, K_NMSC, K_MUL, K_NMUL, K_ADD, K_SUB,
    K_DIV, K_UNDEF, K_UNDEF, K_UNDEF, K_UNDEF, K_UNDEF, K_UNDEF, K_UNDEF /* 15: extension */,
};
/* extension opcodes: Fn:N (insn bits 19:16, 7) */
static const uint8_t ext_kind[32] = {
    [0] = K_CPY, [1] = K_ABS, [2] = K_NEG, [3] = K_SQRT,
    [8] = K_CMP, [9] = K_CMPE, [10] = K_CMPZ, [11] = K_CMPEZ,
    [15] = K_CVT, [16] = K_UITO, [17] = K_SITO,
    [24] = K_TOUI, [25] = K_TOUIZ, [26] = K_TOSI, [27] = K_TOSIZ,
};

/* One element of a vector-capable operation; d, n, m are register numbers in
 * the precision of the instruction. */
static void dp_element(ArmVfp *v, FpCtx *c, const FpFmt *f, unsigned kind, unsigned d, unsigned n, unsigned m)
{
    bool dp = f->dp;
    uint64_t a = rd_reg(v, dp, n), b = rd_reg(v, dp, m), r;
    switch (kind) {
    case K_MAC: case K_NMAC: case K_MSC: case K_NMSC: {
        uint64_t p = fp_arith(c, f, HOP_MUL, a, b);
        uint64_t acc = rd_reg(v, dp, d);
        if (kind == K_NMAC || kind == K_NMSC) p = fp_neg(f, p);
        if (kind == K_MSC || kind == K_NMSC) acc = fp_neg(f, acc);
        r = fp_arith(c, f, HOP_ADD, acc, p);
        break;
    }
    case K_MUL: r = fp_arith(c, f, HOP_MUL, a, b); break;
    case K_NMUL: r = fp_neg(f, fp_arith(c, f, HOP_MUL, a, b)); break;
    case K_ADD: r = fp_arith(c, f, HOP_ADD, a, b); break;
    case K_SUB: r = fp_arith(c, f, HOP_SUB, a, b); break;
    case K_DIV: r = fp_arith(c, f, HOP_DIV, a, b); break;
    case K_CPY: r = b; break;
    case K_ABS: r = b & ~f->sign; break;
    case K_NEG: r = fp_neg(f, b); break;
    default: r = fp_arith(c, f, HOP_SQRT, b, 0); break;
    }
    wr_reg(v, dp, d, r);
}

static inline unsigned sreg_num(uint32_t insn, unsigned field_lsb, unsigned bit)
{
    return ((insn >> field_lsb) & 0xF) << 1 | ((insn >> bit) & 1);
}

/* Data processing; dp = CP11 (double precision) */
static bool vfp_cdp_common(Arm11 *cpu, uint32_t insn, bool dp)
{
    if (!vfp_usable(cpu)) return false;
    ArmVfp *v = &cpu->vfp;
    const FpFmt *f = dp ? &F64 : &F32;
    unsigned opc = ((insn >> 20) & 8) | ((insn >> 19) & 4) | ((insn >> 19) & 2) | ((insn >> 6) & 1);
    unsigned kind = opc == 15 ? ext_kind[((insn >> 15) & 0x1E) | ((insn >> 7) & 1)] : dp_kind[opc];
    if (kind == K_UNDEF) return false;
    /* register numbers: single = Fx:bit, double = Fx with the extra bit zero
     * (VFPv2 has 16 double registers; a set bit is UNDEFINED, as in QEMU) */
    unsigned sd = sreg_num(insn, 12, 22), sn = sreg_num(insn, 16, 7), sm = sreg_num(insn, 0, 5);
    unsigned dd = (insn >> 12) & 0xF, dn = (insn >> 16) & 0xF, dm = insn & 0xF;
    bool dbit = (insn >> 22) & 1, nbit = (insn >> 7) & 1, mbit = (insn >> 5) & 1;
    FpCtx c = {v->fpscr, 0};

    if (kind <= K_SQRT) {
        bool monadic = kind >= K_CPY;
        if (dp && (dbit || mbit || (!monadic && nbit))) return false;
        unsigned d = dp ? dd : sd, n = dp ? dn : sn, m = dp ? dm : sm;
        unsigned bank = dp ? 4 : 8;
        unsigned len = ((v->fpscr >> FPSCR_LEN_SHIFT) & 7) + 1;
        if (d < bank) len = 1;                      /* destination in bank 0: scalar */
        unsigned stride = ((v->fpscr >> FPSCR_STRIDE_SHIFT) & 3) == 3 ? 2 : 1;
        bool m_vec = m >= bank;
        /* issue cycles: one per element plus the class's extra (cpu/timing.h);
         * the run loop has charged one already */
        unsigned extra = kind == K_DIV || kind == K_SQRT ? (dp ? T_VFP_DIVD : T_VFP_DIVS)
                         : dp && kind <= K_NMUL         ? T_VFP_MULD
                                                        : 0;
        cpu->cycles += len * (1 + extra) - 1;
        for (unsigned i = 0; i < len; i++) {
            dp_element(v, &c, f, kind, d, n, m);
            d = (d & ~(bank - 1)) | ((d + stride) & (bank - 1));
            n = (n & ~(bank - 1)) | ((n + stride) & (bank - 1));
            if (m_vec) m = (m & ~(bank - 1)) | ((m + stride) & (bank - 1));
        }
        v->fpscr |= c.exc;
        return true;
    }

    switch (kind) {
    case K_CMP: case K_CMPE: case K_CMPZ: case K_CMPEZ: {
        bool z = kind == K_CMPZ || kind == K_CMPEZ;
        if (dp && (dbit || (!z && mbit))) return false;
        if (z && (insn & 0x2F)) return false;       /* Fm and M should be zero */
        uint64_t a = rd_reg(v, dp, dp ? dd : sd);
        uint64_t b = z ? 0 : rd_reg(v, dp, dp ? dm : sm);
        uint32_t nzcv = fp_compare(&c, f, a, b, kind == K_CMPE || kind == K_CMPEZ);
        v->fpscr = (v->fpscr & 0x0FFFFFFFu) | nzcv << 28 | c.exc;
        return true;
    }
    case K_CVT:
        if (dp) {                                   /* FCVTSD Sd, Dm */
            if (mbit) return false;
            v->s[sd] = cvt_d_to_s(&c, dreg(v, dm));
        } else {                                    /* FCVTDS Dd, Sm */
            if (dbit) return false;
            set_dreg(v, dd, cvt_s_to_d(&c, v->s[sm]));
        }
        break;
    case K_UITO: case K_SITO:                       /* Fd = float(Sm) */
        if (dp && dbit) return false;
        wr_reg(v, dp, dp ? dd : sd, int_to_fp(&c, f, v->s[sm], kind == K_SITO));
        break;
    default: {                                      /* Sd = int(Fm) */
        if (dp && mbit) return false;
        bool z = kind == K_TOUIZ || kind == K_TOSIZ;
        bool sgn = kind == K_TOSI || kind == K_TOSIZ;
        v->s[sd] = fp_to_int(&c, f, rd_reg(v, dp, dp ? dm : sm), sgn, z ? FPRM_RZ : ctx_rmode(&c));
        break;
    }
    }
    v->fpscr |= c.exc;
    return true;
}

static bool vfp10_cdp(Arm11 *cpu, void *opaque, uint32_t insn)
{
    (void)opaque;
    return vfp_cdp_common(cpu, insn, false);
}

static bool vfp11_cdp(Arm11 *cpu, void *opaque, uint32_t insn)
{
    (void)opaque;
    return vfp_cdp_common(cpu, insn, true);
}

/* ---- register transfers (MCR/MRC, MCRR/MRRC) -------------------------------------------- */
/* FMRX/FMXR access rules of the VFP11 (ARM DDI 0301H table 20-4): with the
 * VFP enabled FPSCR, FPSID and MVFR0/1 are open to User mode and FPEXC,
 * FPINST, FPINST2 need a privileged mode; with it disabled FPSCR is
 * inaccessible and the others need a privileged mode. */
static bool sysreg_access(const Arm11 *cpu, unsigned reg)
{
    bool en = vfp_enabled(cpu), priv = arm_privileged(cpu);
    switch (reg) {
    case VFP_REG_FPSCR: return en;
    case VFP_REG_FPSID: case VFP_REG_MVFR0: case VFP_REG_MVFR1: return en || priv;
    case VFP_REG_FPEXC: case VFP_REG_FPINST: case VFP_REG_FPINST2: return priv;
    default: return false;
    }
}

/* opc2 holds insn bits 7:5 (bit 7 = N); crm must be 0. */
static bool vfp10_mrc(Arm11 *cpu, void *opaque, unsigned opc1, unsigned crn, unsigned crm, unsigned opc2,
                      uint32_t *val)
{
    (void)opaque;
    if (crm != 0) return false;
    if (opc1 == 7) {                                /* FMRX (FMSTAT when Rd = 15) */
        if (opc2 != 0 || !sysreg_access(cpu, crn)) return false;
        *val = vfp_get_sysreg(cpu, crn);
        return true;
    }
    if (opc1 != 0 || (opc2 & 3) || !vfp_usable(cpu)) return false;
    *val = cpu->vfp.s[crn << 1 | opc2 >> 2];        /* FMRS */
    return true;
}

static bool vfp10_mcr(Arm11 *cpu, void *opaque, unsigned opc1, unsigned crn, unsigned crm, unsigned opc2,
                      uint32_t val)
{
    (void)opaque;
    if (crm != 0) return false;
    if (opc1 == 7) {                                /* FMXR */
        if (opc2 != 0 || !sysreg_access(cpu, crn)) return false;
        vfp_set_sysreg(cpu, crn, val);
        return true;
    }
    if (opc1 != 0 || (opc2 & 3) || !vfp_usable(cpu)) return false;
    cpu->vfp.s[crn << 1 | opc2 >> 2] = val;         /* FMSR */
    return true;
}

/* FMRDL/FMRDH (opc1 0/1): low/high half of Dn */
static bool vfp11_mrc(Arm11 *cpu, void *opaque, unsigned opc1, unsigned crn, unsigned crm, unsigned opc2,
                      uint32_t *val)
{
    (void)opaque;
    if (crm != 0 || opc1 > 1 || opc2 != 0 || !vfp_usable(cpu)) return false;
    *val = cpu->vfp.s[crn << 1 | opc1];
    return true;
}

static bool vfp11_mcr(Arm11 *cpu, void *opaque, unsigned opc1, unsigned crn, unsigned crm, unsigned opc2,
                      uint32_t val)
{
    (void)opaque;
    if (crm != 0 || opc1 > 1 || opc2 != 0 || !vfp_usable(cpu)) return false;
    cpu->vfp.s[crn << 1 | opc1] = val;
    return true;
}

/* FMRRS/FMSRR: opc = insn bits 7:4 = 0 0 M 1, registers Sm, Sm+1 (Sm = 31 is
 * UNPREDICTABLE: UNDEFINED here, as in QEMU). */
static int sreg_pair(unsigned opc, unsigned crm)
{
    if ((opc & 0xD) != 1) return -1;
    unsigned m = crm << 1 | ((opc >> 1) & 1);
    return m == 31 ? -1 : (int)m;
}

static bool vfp10_mrrc(Arm11 *cpu, void *opaque, unsigned opc, unsigned crm, uint32_t *lo, uint32_t *hi)
{
    (void)opaque;
    int m = sreg_pair(opc, crm);
    if (m < 0 || !vfp_usable(cpu)) return false;
    *lo = cpu->vfp.s[m];
    *hi = cpu->vfp.s[m + 1];
    return true;
}

static bool vfp10_mcrr(Arm11 *cpu, void *opaque, unsigned opc, unsigned crm, uint32_t lo, uint32_t hi)
{
    (void)opaque;
    int m = sreg_pair(opc, crm);
    if (m < 0 || !vfp_usable(cpu)) return false;
    cpu->vfp.s[m] = lo;
    cpu->vfp.s[m + 1] = hi;
    return true;
}

/* FMRRD/FMDRR: opc = 0001, Dm = crm */
static bool vfp11_mrrc(Arm11 *cpu, void *opaque, unsigned opc, unsigned crm, uint32_t *lo, uint32_t *hi)
{
    (void)opaque;
    if (opc != 1 || !vfp_usable(cpu)) return false;
    *lo = cpu->vfp.s[2 * crm];
    *hi = cpu->vfp.s[2 * crm + 1];
    return true;
}

static bool vfp11_mcrr(Arm11 *cpu, void *opaque, unsigned opc, unsigned crm, uint32_t lo, uint32_t hi)
{
    (void)opaque;
    if (opc != 1 || !vfp_usable(cpu)) return false;
    cpu->vfp.s[2 * crm] = lo;
    cpu->vfp.s[2 * crm + 1] = hi;
    return true;
}

/* ---- loads and stores (LDC/STC) --------------------------------------------------------- */
/* FLDS/FSTS, FLDD/FSTD (P=1 W=0) and FLDM/FSTM (P=0 U=1: increment after,
 * optional writeback; P=1 U=0 W=1: decrement before).  The core computes the
 * addresses and writeback (imm8 words); we say how many words move: for
 * FLDMX/FSTMX (CP11, odd imm8) that is imm8 - 1, the extra word of the
 * format-1 block is skipped (not read or written), as in QEMU. */
static unsigned ldst_count(const Arm11 *cpu, uint32_t insn, bool dp)
{
    if (!vfp_usable(cpu)) return 0;
    bool p = (insn >> 24) & 1, u = (insn >> 23) & 1, w = (insn >> 21) & 1, dbit = (insn >> 22) & 1;
    unsigned imm = insn & 0xFF;
    if (dp && dbit) return 0;
    unsigned first = dp ? (insn >> 12) & 0xF : sreg_num(insn, 12, 22);
    if (p && !w) return dp ? 2 : 1;                 /* single register */
    if (!((!p && u) || (p && !u && w))) return 0;   /* UNDEFINED addressing forms */
    unsigned n = dp ? imm >> 1 : imm;               /* registers */
    if (n == 0 || first + n > (dp ? 16u : 32u)) return 0;
    return dp ? 2 * n : n;
}

/* Word index -> S register: a double's two words are in memory order, which
 * is low word first for little-endian data and high word first for
 * big-endian data (CPSR.E), like a 64-bit access. */
static unsigned ldst_sreg(const Arm11 *cpu, uint32_t insn, bool dp, unsigned index)
{
    if (!dp) return sreg_num(insn, 12, 22) + index;
    unsigned half = (index & 1) ^ ((cpu->cpsr & PSR_E) ? 1 : 0);
    return 2 * (((insn >> 12) & 0xF) + index / 2) + half;
}

static unsigned vfp10_ldc_stc_count(Arm11 *cpu, void *opaque, uint32_t insn)
{
    (void)opaque;
    return ldst_count(cpu, insn, false);
}
static unsigned vfp11_ldc_stc_count(Arm11 *cpu, void *opaque, uint32_t insn)
{
    (void)opaque;
    return ldst_count(cpu, insn, true);
}
static bool vfp10_ldc_word(Arm11 *cpu, void *opaque, uint32_t insn, unsigned index, uint32_t val)
{
    (void)opaque;
    cpu->vfp.s[ldst_sreg(cpu, insn, false, index)] = val;
    return true;
}
static bool vfp11_ldc_word(Arm11 *cpu, void *opaque, uint32_t insn, unsigned index, uint32_t val)
{
    (void)opaque;
    cpu->vfp.s[ldst_sreg(cpu, insn, true, index)] = val;
    return true;
}
static bool vfp10_stc_word(Arm11 *cpu, void *opaque, uint32_t insn, unsigned index, uint32_t *val)
{
    (void)opaque;
    *val = cpu->vfp.s[ldst_sreg(cpu, insn, false, index)];
    return true;
}
static bool vfp11_stc_word(Arm11 *cpu, void *opaque, uint32_t insn, unsigned index, uint32_t *val)
{
    (void)opaque;
    *val = cpu->vfp.s[ldst_sreg(cpu, insn, true, index)];
    return true;
}

void vfp_install(Arm11 *cpu)
{
    cpu->cp[10] = (ArmCoproc){
        .mrc = vfp10_mrc, .mcr = vfp10_mcr, .mrrc = vfp10_mrrc, .mcrr = vfp10_mcrr, .cdp = vfp10_cdp,
        .ldc_stc_count = vfp10_ldc_stc_count, .ldc_word = vfp10_ldc_word, .stc_word = vfp10_stc_word,
    };
    cpu->cp[11] = (ArmCoproc){
        .mrc = vfp11_mrc, .mcr = vfp11_mcr, .mrrc = vfp11_mrrc, .mcrr = vfp11_mcrr, .cdp = vfp11_cdp,
        .ldc_stc_count = vfp11_ldc_stc_count, .ldc_word = vfp11_ldc_word, .stc_word = vfp11_stc_word,
    };
    vfp_reset(cpu);
}
