/* ARM-state DSP and ARMv6 media instructions other than multiplies:
 * QADD/QSUB/QDADD/QDSUB, CLZ, the parallel add/subtract family, PKHBT/PKHTB,
 * SEL, SSAT/USAT/SSAT16/USAT16, the sign/zero extends (with rotation and
 * accumulate), REV/REV16/REVSH and USAD8/USADA8.
 *
 * Semantics follow the ARMv6 ARM (DDI 0100I) instruction pages.  All of these
 * issue in one cycle on the ARM1176 (ALU pipe), so handlers add no cycles.
 * Choices where the ARM ARM says UNPREDICTABLE:
 *  - a source register of 15 reads as pc + 8 (DEC_READS_PC);
 *  - a destination of 15 is written to r[15], which the run loop ignores:
 *    execution continues with the next instruction;
 *  - SBZ/SBO bits are ignored.
 */
#include "cpu/core.h"
#include "cpu/decoders.h"

#define R(n) (cpu->r[op->n])
#define INLINE static inline __attribute__((always_inline))

static inline uint32_t field(uint32_t insn, unsigned lsb, unsigned width)
{
    return (insn >> lsb) & ((1u << width) - 1);
}

/* Media register layout: Rn 19:16, Rd 15:12, Rm 3:0. */
static unsigned media_regs(ArmOp *op, uint32_t insn, bool reads_rn)
{
    op->rn = (uint8_t)field(insn, 16, 4);
    op->rd = (uint8_t)field(insn, 12, 4);
    op->rm = (uint8_t)field(insn, 0, 4);
    return (op->rm == 15 || (reads_rn && op->rn == 15)) ? DEC_READS_PC : 0;
}

static inline uint32_t ror32(uint32_t v, unsigned r) { return (v >> r) | (v << ((32 - r) & 31)); }

static inline void set_ge(Arm11 *cpu, uint32_t ge)
{
    cpu->cpsr = (cpu->cpsr & ~PSR_GE_MASK) | (ge << PSR_GE_SHIFT);
}

/* ---- QADD / QSUB / QDADD / QDSUB, CLZ ------------------------------------- */

static const ArmOp *exec_qadd(Arm11 *cpu, const ArmOp *op)
{
    R(rd) = (uint32_t)sat_s32(cpu, (int64_t)(int32_t)R(rm) + (int32_t)R(rn));
    return op + 1;
}

static const ArmOp *exec_qsub(Arm11 *cpu, const ArmOp *op)
{
    R(rd) = (uint32_t)sat_s32(cpu, (int64_t)(int32_t)R(rm) - (int32_t)R(rn));
    return op + 1;
}

static const ArmOp *exec_qdadd(Arm11 *cpu, const ArmOp *op)
{
    int32_t dbl = sat_s32(cpu, (int64_t)(int32_t)R(rn) * 2);
    R(rd) = (uint32_t)sat_s32(cpu, (int64_t)(int32_t)R(rm) + dbl);
    return op + 1;
}

static const ArmOp *exec_qdsub(Arm11 *cpu, const ArmOp *op)
{
    int32_t dbl = sat_s32(cpu, (int64_t)(int32_t)R(rn) * 2);
    R(rd) = (uint32_t)sat_s32(cpu, (int64_t)(int32_t)R(rm) - dbl);
    return op + 1;
}

unsigned dec_qaddsub(ArmOp *op, uint32_t insn)
{
    static const ArmHandler ops[4] = { exec_qadd, exec_qsub, exec_qdadd, exec_qdsub };
    op->fn = ops[field(insn, 21, 2)];
    return media_regs(op, insn, true);
}

static const ArmOp *exec_clz(Arm11 *cpu, const ArmOp *op)
{
    uint32_t v = R(rm);
    R(rd) = v ? (uint32_t)__builtin_clz(v) : 32;
    return op + 1;
}

unsigned dec_clz(ArmOp *op, uint32_t insn)
{
    op->fn = exec_clz;
    return media_regs(op, insn, false);
}

/* ---- Parallel add/subtract -------------------------------------------------
 * Each lane is computed exactly in an int32 from the lane operands (sign- or
 * zero-extended per flavour), then the flavour decides what is kept:
 *  S  : low bits, GE = result >= 0
 *  U  : low bits, GE = carry out (add) / no borrow (subtract)
 *  Q  : signed saturation to the lane width       UQ: unsigned saturation
 *  SH : arithmetic halving (result >> 1)           UH: unsigned halving
 * Only S and U write the GE bits; a 16-bit lane sets two GE bits. */

enum { FL_S, FL_Q, FL_SH, FL_U, FL_UQ, FL_UH };
enum { K_ADD16, K_ASX, K_SAX, K_SUB16, K_ADD8, K_SUB8 };

INLINE uint32_t lane(int fl, unsigned w, bool add, uint32_t a, uint32_t b, uint32_t *ge)
{
    uint32_t mask = (1u << w) - 1;
    bool sgn = fl == FL_S || fl == FL_Q || fl == FL_SH;
    int32_t x = (int32_t)(a & mask), y = (int32_t)(b & mask);
    if (sgn) {
        int32_t half = (int32_t)1 << (w - 1);
        x = (x ^ half) - half;
        y = (y ^ half) - half;
    }
    int32_t r = add ? x + y : x - y;
    switch (fl) {
    case FL_S:
        *ge = r >= 0;
        break;
    case FL_U:
        *ge = add ? r > (int32_t)mask : r >= 0;
        break;
    case FL_Q: {
        int32_t hi = (int32_t)(mask >> 1), lo = -hi - 1;
        r = r > hi ? hi : r < lo ? lo : r;
        break;
    }
    case FL_UQ:
        r = r > (int32_t)mask ? (int32_t)mask : r < 0 ? 0 : r;
        break;
    default: /* SH, UH: the exact sum fits, so halve it with sign */
        r >>= 1;
        break;
    }
    return (uint32_t)r & mask;
}

INLINE void par_op(Arm11 *cpu, const ArmOp *op, int fl, int kind)
{
    uint32_t n = R(rn), m = R(rm), res, ge = 0, g0 = 0, g1 = 0, g2 = 0, g3 = 0;
    switch (kind) {
    case K_ADD16:
    case K_SUB16:
        res = lane(fl, 16, kind == K_ADD16, n, m, &g0) |
              lane(fl, 16, kind == K_ADD16, n >> 16, m >> 16, &g1) << 16;
        ge = g0 * 3 | g1 * 12;
        break;
    case K_ASX:   /* high: Rn.hi + Rm.lo, low: Rn.lo - Rm.hi */
        res = lane(fl, 16, false, n, m >> 16, &g0) | lane(fl, 16, true, n >> 16, m, &g1) << 16;
        ge = g0 * 3 | g1 * 12;
        break;
    case K_SAX:   /* high: Rn.hi - Rm.lo, low: Rn.lo + Rm.hi */
        res = lane(fl, 16, true, n, m >> 16, &g0) | lane(fl, 16, false, n >> 16, m, &g1) << 16;
        ge = g0 * 3 | g1 * 12;
        break;
    default: {
        bool add = kind == K_ADD8;
        res = lane(fl, 8, add, n, m, &g0) | lane(fl, 8, add, n >> 8, m >> 8, &g1) << 8 |
              lane(fl, 8, add, n >> 16, m >> 16, &g2) << 16 | lane(fl, 8, add, n >> 24, m >> 24, &g3) << 24;
        ge = g0 | g1 << 1 | g2 << 2 | g3 << 3;
        break;
    }
    }
    R(rd) = res;
    if (fl == FL_S || fl == FL_U) set_ge(cpu, ge);
}

#define DEF_PAR(PFX, FL)                                                                         \
    static const ArmOp *exec_##PFX##add16(Arm11 *cpu, const ArmOp *op) { par_op(cpu, op, FL, K_ADD16); return op + 1; } \
    static const ArmOp *exec_##PFX##asx(Arm11 *cpu, const ArmOp *op) { par_op(cpu, op, FL, K_ASX); return op + 1; }     \
    static const ArmOp *exec_##PFX##sax(Arm11 *cpu, const ArmOp *op) { par_op(cpu, op, FL, K_SAX); return op + 1; }     \
    static const ArmOp *exec_##PFX##sub16(Arm11 *cpu, const ArmOp *op) { par_op(cpu, op, FL, K_SUB16); return op + 1; } \
    static const ArmOp *exec_##PFX##add8(Arm11 *cpu, const ArmOp *op) { par_op(cpu, op, FL, K_ADD8); return op + 1; }   \
    static const ArmOp *exec_##PFX##sub8(Arm11 *cpu, const ArmOp *op) { par_op(cpu, op, FL, K_SUB8); return op + 1; }
DEF_PAR(s, FL_S)
DEF_PAR(q, FL_Q)
DEF_PAR(sh, FL_SH)
DEF_PAR(u, FL_U)
DEF_PAR(uq, FL_UQ)
DEF_PAR(uh, FL_UH)

/* Row: bits 22:20 (flavour), column: bits 7:5 (operation). */
#define PAR_ROW(PFX)                                                                             \
    { [0] = exec_##PFX##add16, [1] = exec_##PFX##asx, [2] = exec_##PFX##sax,                   \
      [3] = exec_##PFX##sub16, [4] = exec_##PFX##add8, [7] = exec_##PFX##sub8 }
static const ArmHandler par_ops[8][8] = {
    [1] = PAR_ROW(s), [2] = PAR_ROW(q), [3] = PAR_ROW(sh),
    [5] = PAR_ROW(u), [6] = PAR_ROW(uq), [7] = PAR_ROW(uh),
};

unsigned dec_parallel(ArmOp *op, uint32_t insn)
{
    ArmHandler fn = par_ops[field(insn, 20, 3)][field(insn, 5, 3)];
    op->fn = fn ? fn : exec_undefined;   /* never reached: the patterns only name valid pairs */
    return media_regs(op, insn, true);
}

/* ---- PKHBT / PKHTB, SEL ------------------------------------------------------ */

static const ArmOp *exec_pkhbt(Arm11 *cpu, const ArmOp *op)
{
    R(rd) = (R(rn) & 0xFFFFu) | ((R(rm) << op->imm) & 0xFFFF0000u);
    return op + 1;
}

static const ArmOp *exec_pkhtb(Arm11 *cpu, const ArmOp *op)
{
    R(rd) = (R(rn) & 0xFFFF0000u) | ((uint32_t)((int32_t)R(rm) >> op->imm) & 0xFFFFu);
    return op + 1;
}

unsigned dec_pkh(ArmOp *op, uint32_t insn)
{
    unsigned sh = field(insn, 7, 5);
    if (insn & (1u << 6)) {
        op->fn = exec_pkhtb;
        op->imm = sh ? sh : 31;   /* ASR #32: the low half is all sign bits, as with ASR #31 */
    } else {
        op->fn = exec_pkhbt;
        op->imm = sh;
    }
    return media_regs(op, insn, true);
}

static const ArmOp *exec_sel(Arm11 *cpu, const ArmOp *op)
{
    static const uint32_t byte_mask[16] = {
        0x00000000, 0x000000FF, 0x0000FF00, 0x0000FFFF, 0x00FF0000, 0x00FF00FF, 0x00FFFF00, 0x00FFFFFF,
        0xFF000000, 0xFF0000FF, 0xFF00FF00, 0xFF00FFFF, 0xFFFF0000, 0xFFFF00FF, 0xFFFFFF00, 0xFFFFFFFF,
    };
    uint32_t m = byte_mask[(cpu->cpsr & PSR_GE_MASK) >> PSR_GE_SHIFT];
    R(rd) = (R(rn) & m) | (R(rm) & ~m);
    return op + 1;
}

unsigned dec_sel(ArmOp *op, uint32_t insn)
{
    op->fn = exec_sel;
    return media_regs(op, insn, true);
}

/* ---- SSAT / USAT / SSAT16 / USAT16 -------------------------------------------
 * op->rs = saturation width (SSAT 1..32, USAT 0..31, SSAT16 1..16, USAT16
 * 0..15), op->imm = shift amount (ASR #32 stored as 31: same result). */

static inline int32_t ssat(Arm11 *cpu, int32_t v, unsigned bits)
{
    int32_t hi = (int32_t)((1u << (bits - 1)) - 1), lo = -hi - 1;
    if (v > hi) { cpu->cpsr |= PSR_Q; return hi; }
    if (v < lo) { cpu->cpsr |= PSR_Q; return lo; }
    return v;
}

static inline uint32_t usat(Arm11 *cpu, int32_t v, unsigned bits)
{
    uint32_t hi = (1u << bits) - 1;
    if (v < 0) { cpu->cpsr |= PSR_Q; return 0; }
    if ((uint32_t)v > hi) { cpu->cpsr |= PSR_Q; return hi; }
    return (uint32_t)v;
}

static const ArmOp *exec_ssat_lsl(Arm11 *cpu, const ArmOp *op)
{
    R(rd) = (uint32_t)ssat(cpu, (int32_t)(R(rm) << op->imm), op->rs);
    return op + 1;
}

static const ArmOp *exec_ssat_asr(Arm11 *cpu, const ArmOp *op)
{
    R(rd) = (uint32_t)ssat(cpu, (int32_t)R(rm) >> op->imm, op->rs);
    return op + 1;
}

static const ArmOp *exec_usat_lsl(Arm11 *cpu, const ArmOp *op)
{
    R(rd) = usat(cpu, (int32_t)(R(rm) << op->imm), op->rs);
    return op + 1;
}

static const ArmOp *exec_usat_asr(Arm11 *cpu, const ArmOp *op)
{
    R(rd) = usat(cpu, (int32_t)R(rm) >> op->imm, op->rs);
    return op + 1;
}

unsigned dec_sat(ArmOp *op, uint32_t insn)
{
    bool u = insn & (1u << 22), asr = insn & (1u << 6);
    unsigned sh = field(insn, 7, 5);
    op->rs = (uint8_t)(field(insn, 16, 5) + (u ? 0 : 1));
    op->imm = asr && sh == 0 ? 31 : sh;
    if (u)
        op->fn = asr ? exec_usat_asr : exec_usat_lsl;
    else
        op->fn = asr ? exec_ssat_asr : exec_ssat_lsl;
    return media_regs(op, insn, false);
}

static const ArmOp *exec_ssat16(Arm11 *cpu, const ArmOp *op)
{
    uint32_t v = R(rm);
    uint32_t lo = (uint32_t)ssat(cpu, (int16_t)(uint16_t)v, op->rs) & 0xFFFFu;
    uint32_t hi = (uint32_t)ssat(cpu, (int16_t)(uint16_t)(v >> 16), op->rs);
    R(rd) = lo | hi << 16;
    return op + 1;
}

static const ArmOp *exec_usat16(Arm11 *cpu, const ArmOp *op)
{
    uint32_t v = R(rm);
    uint32_t lo = usat(cpu, (int16_t)(uint16_t)v, op->rs);
    uint32_t hi = usat(cpu, (int16_t)(uint16_t)(v >> 16), op->rs);
    R(rd) = lo | hi << 16;
    return op + 1;
}

unsigned dec_sat16(ArmOp *op, uint32_t insn)
{
    bool u = insn & (1u << 22);
    op->rs = (uint8_t)(field(insn, 16, 4) + (u ? 0 : 1));
    op->fn = u ? exec_usat16 : exec_ssat16;
    return media_regs(op, insn, false);
}

/* ---- REV / REV16 / REVSH ---------------------------------------------------- */

static const ArmOp *exec_rev(Arm11 *cpu, const ArmOp *op)
{
    R(rd) = __builtin_bswap32(R(rm));
    return op + 1;
}

static const ArmOp *exec_rev16(Arm11 *cpu, const ArmOp *op)
{
    uint32_t v = R(rm);
    R(rd) = ((v >> 8) & 0x00FF00FFu) | ((v << 8) & 0xFF00FF00u);
    return op + 1;
}

static const ArmOp *exec_revsh(Arm11 *cpu, const ArmOp *op)
{
    uint32_t v = R(rm);
    R(rd) = (uint32_t)(int32_t)(int16_t)(uint16_t)(((v & 0xFFu) << 8) | ((v >> 8) & 0xFFu));
    return op + 1;
}

unsigned dec_rev(ArmOp *op, uint32_t insn)
{
    if (!(insn & (1u << 7)))
        op->fn = exec_rev;
    else
        op->fn = (insn & (1u << 22)) ? exec_revsh : exec_rev16;
    return media_regs(op, insn, false);
}

/* ---- Sign/zero extend with rotation, optionally accumulating ------------------
 * op->imm = rotation (0, 8, 16, 24).  The 16-bit-pair forms add lane-wise. */

static inline uint32_t xtb16(uint32_t v, bool sgn)
{
    if (sgn)
        return ((uint32_t)(int32_t)(int8_t)(uint8_t)v & 0xFFFFu) |
               ((uint32_t)(int32_t)(int8_t)(uint8_t)(v >> 16) << 16);
    return v & 0x00FF00FFu;
}

static inline uint32_t add16x2(uint32_t a, uint32_t b)
{
    return ((a + b) & 0xFFFFu) | (((a >> 16) + (b >> 16)) << 16);
}

#define EXT_SB(v) ((uint32_t)(int32_t)(int8_t)(uint8_t)(v))
#define EXT_SH(v) ((uint32_t)(int32_t)(int16_t)(uint16_t)(v))
#define EXT_UB(v) ((v) & 0xFFu)
#define EXT_UH(v) ((v) & 0xFFFFu)
#define EXT_SB16(v) xtb16((v), true)
#define EXT_UB16(v) xtb16((v), false)
#define ACC_ADD(a, b) ((a) + (b))

#define DEF_EXT(NAME, ANAME, EXT, ADD)                                                 \
    static const ArmOp *exec_##NAME(Arm11 *cpu, const ArmOp *op)                       \
    {                                                                                  \
        R(rd) = EXT(ror32(R(rm), op->imm));                                            \
        return op + 1;                                                                 \
    }                                                                                  \
    static const ArmOp *exec_##ANAME(Arm11 *cpu, const ArmOp *op)                      \
    {                                                                                  \
        R(rd) = ADD(R(rn), EXT(ror32(R(rm), op->imm)));                                \
        return op + 1;                                                                 \
    }
DEF_EXT(sxtb16, sxtab16, EXT_SB16, add16x2)
DEF_EXT(sxtb, sxtab, EXT_SB, ACC_ADD)
DEF_EXT(sxth, sxtah, EXT_SH, ACC_ADD)
DEF_EXT(uxtb16, uxtab16, EXT_UB16, add16x2)
DEF_EXT(uxtb, uxtab, EXT_UB, ACC_ADD)
DEF_EXT(uxth, uxtah, EXT_UH, ACC_ADD)

unsigned dec_extend(ArmOp *op, uint32_t insn)
{
    /* index: bits 22:20 (U, op); 1 is unallocated here (SSAT space) */
    static const ArmHandler plain[8] = { exec_sxtb16, NULL, exec_sxtb, exec_sxth,
                                         exec_uxtb16, NULL, exec_uxtb, exec_uxth };
    static const ArmHandler accum[8] = { exec_sxtab16, NULL, exec_sxtab, exec_sxtah,
                                         exec_uxtab16, NULL, exec_uxtab, exec_uxtah };
    unsigned k = field(insn, 20, 3);
    bool acc = field(insn, 16, 4) != 15;
    op->fn = (acc ? accum : plain)[k];
    if (!op->fn) op->fn = exec_undefined;   /* not reachable from the patterns */
    op->imm = field(insn, 10, 2) * 8;
    return media_regs(op, insn, acc);
}

/* ---- USAD8 / USADA8: Rd 19:16, Ra 15:12, Rs 11:8, Rm 3:0 --------------------- */

static inline uint32_t sad8(uint32_t a, uint32_t b)
{
    uint32_t sum = 0;
    for (unsigned i = 0; i < 32; i += 8) {
        int32_t d = (int32_t)((a >> i) & 0xFFu) - (int32_t)((b >> i) & 0xFFu);
        sum += (uint32_t)(d < 0 ? -d : d);
    }
    return sum;
}

static const ArmOp *exec_usad8(Arm11 *cpu, const ArmOp *op)
{
    R(rd) = sad8(R(rm), R(rs));
    return op + 1;
}

static const ArmOp *exec_usada8(Arm11 *cpu, const ArmOp *op)
{
    R(rd) = R(rn) + sad8(R(rm), R(rs));
    return op + 1;
}

unsigned dec_usad8(ArmOp *op, uint32_t insn)
{
    op->rd = (uint8_t)field(insn, 16, 4);
    op->rn = (uint8_t)field(insn, 12, 4);
    op->rs = (uint8_t)field(insn, 8, 4);
    op->rm = (uint8_t)field(insn, 0, 4);
    bool acc = op->rn != 15;
    op->fn = acc ? exec_usada8 : exec_usad8;
    return (op->rm == 15 || op->rs == 15) ? DEC_READS_PC : 0;
}
