/* ARM-state multiplies: MUL/MLA, the 64-bit multiplies and UMAAL, the
 * enhanced-DSP 16-bit multiplies (SMLAxy, SMULxy, SMLAWy, SMULWy, SMLALxy)
 * and the ARMv6 dual/most-significant-word multiplies (SMLAD ... SMMLS).
 *
 * Semantics follow the ARMv6 ARM (DDI 0100I) instruction pages; cycle costs
 * are the ARM1176 table in cpu/timing.h (multiplies section of the timing notes).
 * Notes on choices the ARM ARM leaves open:
 *  - MULS/MLAS and the long multiplies with S set only N and Z; C and V are
 *    unchanged (ARMv6 behaviour).
 *  - A register operand of 15 is UNPREDICTABLE; we read it as pc + 8 (the
 *    decoder asks the core for the PC wrapper).
 *  - A destination of 15 is UNPREDICTABLE; the result is simply stored in
 *    r[15], which the run loop ignores, so execution continues with the next
 *    instruction.  RdHi == RdLo is UNPREDICTABLE; RdHi is written last.
 *  - SMLAD/SMLSD set Q when the infinite-precision sum of the accumulator
 *    and both products does not fit in 32 signed bits (SMUAD: the sum of
 *    the products).  Results always wrap to 32 bits.
 */
#include "cpu/core.h"
#include "cpu/decoders.h"

#define R(n) (cpu->r[op->n])

static inline uint32_t field(uint32_t insn, unsigned lsb, unsigned width)
{
    return (insn >> lsb) & ((1u << width) - 1);
}

/* Register layout of the multiply spaces: Rd/RdHi 19:16, Rn/RdLo 15:12,
 * Rs 11:8, Rm 3:0.  Rm and Rs are always read; `reads` says which of the
 * other two are inputs too.  Returns DEC_READS_PC if any input is r15, so
 * that even these UNPREDICTABLE forms see a well-defined value (pc + 8)
 * rather than whatever r[15] happens to hold inside the run loop. */
enum { READ_RN = 1, READ_RD = 2, READ_ACC64 = READ_RN | READ_RD };
static unsigned mul_regs(ArmOp *op, uint32_t insn, unsigned reads)
{
    op->rd = (uint8_t)field(insn, 16, 4);
    op->rn = (uint8_t)field(insn, 12, 4);
    op->rs = (uint8_t)field(insn, 8, 4);
    op->rm = (uint8_t)field(insn, 0, 4);
    bool pc = op->rm == 15 || op->rs == 15 || ((reads & READ_RN) && op->rn == 15) ||
              ((reads & READ_RD) && op->rd == 15);
    return pc ? DEC_READS_PC : 0;
}

static inline void set_nz64(Arm11 *cpu, uint64_t v)
{
    cpu->cpsr = (cpu->cpsr & ~(PSR_N | PSR_Z)) | ((uint32_t)(v >> 32) & PSR_N) | (v == 0 ? PSR_Z : 0);
}

/* Signed 16-bit halves, sign-extended */
static inline int32_t lo16(uint32_t v) { return (int32_t)(int16_t)(uint16_t)v; }
static inline int32_t hi16(uint32_t v) { return (int32_t)(int16_t)(uint16_t)(v >> 16); }

/* a + b, setting Q on signed 32-bit overflow */
static inline uint32_t add_setq(Arm11 *cpu, uint32_t a, uint32_t b)
{
    uint32_t r = a + b;
    if ((~(a ^ b) & (a ^ r)) >> 31) cpu->cpsr |= PSR_Q;
    return r;
}

/* ---- MUL / MLA ------------------------------------------------------------ */

static const ArmOp *exec_mul(Arm11 *cpu, const ArmOp *op)
{
    R(rd) = R(rm) * R(rs);
    cpu->cycles += T_MUL;
    return op + 1;
}

static const ArmOp *exec_muls(Arm11 *cpu, const ArmOp *op)
{
    uint32_t r = R(rm) * R(rs);
    R(rd) = r;
    set_nz(cpu, r);
    cpu->cycles += T_MUL_S;
    return op + 1;
}

static const ArmOp *exec_mla(Arm11 *cpu, const ArmOp *op)
{
    R(rd) = R(rm) * R(rs) + R(rn);
    cpu->cycles += T_MUL;
    return op + 1;
}

static const ArmOp *exec_mlas(Arm11 *cpu, const ArmOp *op)
{
    uint32_t r = R(rm) * R(rs) + R(rn);
    R(rd) = r;
    set_nz(cpu, r);
    cpu->cycles += T_MUL_S;
    return op + 1;
}

unsigned dec_mul(ArmOp *op, uint32_t insn)
{
    op->fn = (insn & (1u << 20)) ? exec_muls : exec_mul;
    return mul_regs(op, insn, 0);
}

unsigned dec_mla(ArmOp *op, uint32_t insn)
{
    op->fn = (insn & (1u << 20)) ? exec_mlas : exec_mla;
    return mul_regs(op, insn, READ_RN);
}

/* ---- 64-bit multiplies (rd = RdHi, rn = RdLo) ----------------------------- */

static inline uint64_t acc64(const Arm11 *cpu, const ArmOp *op)
{
    return ((uint64_t)R(rd) << 32) | R(rn);
}

static inline void put64(Arm11 *cpu, const ArmOp *op, uint64_t v)
{
    R(rn) = (uint32_t)v;
    R(rd) = (uint32_t)(v >> 32);
}

static inline uint64_t smul64(uint32_t a, uint32_t b)
{
    return (uint64_t)((int64_t)(int32_t)a * (int32_t)b);
}

static const ArmOp *exec_umull(Arm11 *cpu, const ArmOp *op)
{
    put64(cpu, op, (uint64_t)R(rm) * R(rs));
    cpu->cycles += T_MULL;
    return op + 1;
}

static const ArmOp *exec_umulls(Arm11 *cpu, const ArmOp *op)
{
    uint64_t v = (uint64_t)R(rm) * R(rs);
    put64(cpu, op, v);
    set_nz64(cpu, v);
    cpu->cycles += T_MULL_S;
    return op + 1;
}

static const ArmOp *exec_umlal(Arm11 *cpu, const ArmOp *op)
{
    put64(cpu, op, (uint64_t)R(rm) * R(rs) + acc64(cpu, op));
    cpu->cycles += T_MULL;
    return op + 1;
}

static const ArmOp *exec_umlals(Arm11 *cpu, const ArmOp *op)
{
    uint64_t v = (uint64_t)R(rm) * R(rs) + acc64(cpu, op);
    put64(cpu, op, v);
    set_nz64(cpu, v);
    cpu->cycles += T_MULL_S;
    return op + 1;
}

static const ArmOp *exec_smull(Arm11 *cpu, const ArmOp *op)
{
    put64(cpu, op, smul64(R(rm), R(rs)));
    cpu->cycles += T_MULL;
    return op + 1;
}

static const ArmOp *exec_smulls(Arm11 *cpu, const ArmOp *op)
{
    uint64_t v = smul64(R(rm), R(rs));
    put64(cpu, op, v);
    set_nz64(cpu, v);
    cpu->cycles += T_MULL_S;
    return op + 1;
}

static const ArmOp *exec_smlal(Arm11 *cpu, const ArmOp *op)
{
    put64(cpu, op, smul64(R(rm), R(rs)) + acc64(cpu, op));
    cpu->cycles += T_MULL;
    return op + 1;
}

static const ArmOp *exec_smlals(Arm11 *cpu, const ArmOp *op)
{
    uint64_t v = smul64(R(rm), R(rs)) + acc64(cpu, op);
    put64(cpu, op, v);
    set_nz64(cpu, v);
    cpu->cycles += T_MULL_S;
    return op + 1;
}

/* UMAAL: RdHi:RdLo = Rm * Rs + RdLo + RdHi; cannot overflow 64 bits. */
static const ArmOp *exec_umaal(Arm11 *cpu, const ArmOp *op)
{
    put64(cpu, op, (uint64_t)R(rm) * R(rs) + R(rn) + R(rd));
    cpu->cycles += T_MULL;
    return op + 1;
}

unsigned dec_mul_long(ArmOp *op, uint32_t insn)
{
    /* index: bits 22:20 (U/S, accumulate, S); UMAAL is 0100 in 23:20 */
    static const ArmHandler long_ops[8] = {
        exec_umull, exec_umulls, exec_umlal, exec_umlals,
        exec_smull, exec_smulls, exec_smlal, exec_smlals,
    };
    bool acc = !(insn & (1u << 23)) || (insn & (1u << 21));  /* UMAAL, UMLAL, SMLAL */
    if (!(insn & (1u << 23)))
        op->fn = exec_umaal;
    else
        op->fn = long_ops[field(insn, 20, 3)];
    return mul_regs(op, insn, acc ? READ_ACC64 : 0);
}

/* ---- SMLAxy / SMULxy / SMLALxy / SMLAWy / SMULWy ---------------------------
 * x (bit 5) selects the half of Rm, y (bit 6) the half of Rs: 0 = bottom. */

#define HALF_B(v) lo16(v)
#define HALF_T(v) hi16(v)

#define DEF_XY(XY, HX, HY)                                                       \
    static const ArmOp *exec_smul_##XY(Arm11 *cpu, const ArmOp *op)             \
    {                                                                            \
        R(rd) = (uint32_t)(HX(R(rm)) * HY(R(rs)));                               \
        return op + 1;                                                           \
    }                                                                            \
    static const ArmOp *exec_smla_##XY(Arm11 *cpu, const ArmOp *op)             \
    {                                                                            \
        R(rd) = add_setq(cpu, (uint32_t)(HX(R(rm)) * HY(R(rs))), R(rn));         \
        return op + 1;                                                           \
    }                                                                            \
    static const ArmOp *exec_smlal_##XY(Arm11 *cpu, const ArmOp *op)            \
    {                                                                            \
        put64(cpu, op, (uint64_t)(int64_t)(HX(R(rm)) * HY(R(rs))) + acc64(cpu, op)); \
        cpu->cycles += T_MUL_HALF_LONG;                                          \
        return op + 1;                                                           \
    }
DEF_XY(bb, HALF_B, HALF_B)
DEF_XY(tb, HALF_T, HALF_B)
DEF_XY(bt, HALF_B, HALF_T)
DEF_XY(tt, HALF_T, HALF_T)

/* index: bit 5 (x) | bit 6 (y) << 1 */
static const ArmHandler smul_xy[4] = { exec_smul_bb, exec_smul_tb, exec_smul_bt, exec_smul_tt };
static const ArmHandler smla_xy[4] = { exec_smla_bb, exec_smla_tb, exec_smla_bt, exec_smla_tt };
static const ArmHandler smlal_xy[4] = { exec_smlal_bb, exec_smlal_tb, exec_smlal_bt, exec_smlal_tt };

unsigned dec_smul_xy(ArmOp *op, uint32_t insn)
{
    op->fn = smul_xy[field(insn, 5, 2)];
    return mul_regs(op, insn, 0);
}

unsigned dec_smla_xy(ArmOp *op, uint32_t insn)
{
    op->fn = smla_xy[field(insn, 5, 2)];
    return mul_regs(op, insn, READ_RN);
}

unsigned dec_smlal_xy(ArmOp *op, uint32_t insn)
{
    op->fn = smlal_xy[field(insn, 5, 2)];
    return mul_regs(op, insn, READ_ACC64);
}

/* (Rm * Rs.y)[47:16]: the 48-bit product shifted right by 16 always fits. */
static inline uint32_t mulw(uint32_t rm, int32_t half)
{
    return (uint32_t)(uint64_t)(((int64_t)(int32_t)rm * half) >> 16);
}

static const ArmOp *exec_smulwb(Arm11 *cpu, const ArmOp *op)
{
    R(rd) = mulw(R(rm), lo16(R(rs)));
    return op + 1;
}

static const ArmOp *exec_smulwt(Arm11 *cpu, const ArmOp *op)
{
    R(rd) = mulw(R(rm), hi16(R(rs)));
    return op + 1;
}

static const ArmOp *exec_smlawb(Arm11 *cpu, const ArmOp *op)
{
    R(rd) = add_setq(cpu, mulw(R(rm), lo16(R(rs))), R(rn));
    return op + 1;
}

static const ArmOp *exec_smlawt(Arm11 *cpu, const ArmOp *op)
{
    R(rd) = add_setq(cpu, mulw(R(rm), hi16(R(rs))), R(rn));
    return op + 1;
}

unsigned dec_smulw_y(ArmOp *op, uint32_t insn)
{
    op->fn = (insn & (1u << 6)) ? exec_smulwt : exec_smulwb;
    return mul_regs(op, insn, 0);
}

unsigned dec_smlaw_y(ArmOp *op, uint32_t insn)
{
    op->fn = (insn & (1u << 6)) ? exec_smlawt : exec_smlawb;
    return mul_regs(op, insn, READ_RN);
}

/* ---- SMUAD / SMLAD / SMUSD / SMLSD / SMLALD / SMLSLD -----------------------
 * Rd 19:16, accumulator (Rn or RdLo) 15:12, Rs 11:8, Rm 3:0; X (bit 5) swaps
 * the halves of Rs. */

static inline uint32_t swap_halves(uint32_t v) { return (v >> 16) | (v << 16); }

static inline int64_t dual_sum(uint32_t rm, uint32_t rs)
{
    return (int64_t)lo16(rm) * lo16(rs) + (int64_t)hi16(rm) * hi16(rs);
}

static inline int64_t dual_diff(uint32_t rm, uint32_t rs)
{
    return (int64_t)lo16(rm) * lo16(rs) - (int64_t)hi16(rm) * hi16(rs);
}

/* Store the low 32 bits; set Q if the exact value did not fit. */
static inline uint32_t wrap_setq(Arm11 *cpu, int64_t v)
{
    if (v != (int64_t)(int32_t)(uint32_t)(uint64_t)v) cpu->cpsr |= PSR_Q;
    return (uint32_t)(uint64_t)v;
}

#define DEF_DUAL(NAME, X, FN)                                                   \
    static const ArmOp *exec_smu##NAME(Arm11 *cpu, const ArmOp *op)             \
    {                                                                           \
        R(rd) = wrap_setq(cpu, FN(R(rm), X(R(rs))));                            \
        return op + 1;                                                          \
    }                                                                           \
    static const ArmOp *exec_sml##NAME(Arm11 *cpu, const ArmOp *op)             \
    {                                                                           \
        R(rd) = wrap_setq(cpu, FN(R(rm), X(R(rs))) + (int32_t)R(rn));           \
        return op + 1;                                                          \
    }                                                                           \
    static const ArmOp *exec_sml##NAME##_long(Arm11 *cpu, const ArmOp *op)      \
    {                                                                           \
        put64(cpu, op, (uint64_t)FN(R(rm), X(R(rs))) + acc64(cpu, op));         \
        cpu->cycles += T_MUL_HALF_LONG;                                         \
        return op + 1;                                                          \
    }
#define NOSWAP(v) (v)
DEF_DUAL(ad, NOSWAP, dual_sum)
DEF_DUAL(adx, swap_halves, dual_sum)
DEF_DUAL(sd, NOSWAP, dual_diff)
DEF_DUAL(sdx, swap_halves, dual_diff)

unsigned dec_smlad(ArmOp *op, uint32_t insn)
{
    /* index: bit 6 (subtract) << 1 | bit 5 (X) */
    static const ArmHandler mul_only[4] = { exec_smuad, exec_smuadx, exec_smusd, exec_smusdx };
    static const ArmHandler mul_acc[4] = { exec_smlad, exec_smladx, exec_smlsd, exec_smlsdx };
    unsigned k = field(insn, 5, 2);
    bool acc = field(insn, 12, 4) != 15;
    op->fn = acc ? mul_acc[k] : mul_only[k];
    return mul_regs(op, insn, acc ? READ_RN : 0);
}

unsigned dec_smlald(ArmOp *op, uint32_t insn)
{
    static const ArmHandler long_ops[4] = { exec_smlad_long, exec_smladx_long, exec_smlsd_long,
                                            exec_smlsdx_long };
    op->fn = long_ops[field(insn, 5, 2)];
    return mul_regs(op, insn, READ_ACC64);
}

/* ---- SMMUL / SMMLA / SMMLS: most significant word, R (bit 5) rounds ------- */

static inline uint32_t smm(uint64_t acc_hi, uint32_t rm, uint32_t rs, bool sub, bool round)
{
    uint64_t p = smul64(rm, rs);
    uint64_t v = (acc_hi << 32) + (sub ? (uint64_t)0 - p : p) + (round ? 0x80000000u : 0);
    return (uint32_t)(v >> 32);
}

#define DEF_SMM(NAME, ACC, SUB, ROUND)                                          \
    static const ArmOp *exec_##NAME(Arm11 *cpu, const ArmOp *op)                \
    {                                                                           \
        R(rd) = smm(ACC, R(rm), R(rs), SUB, ROUND);                             \
        cpu->cycles += T_MUL_HALF_LONG;                                         \
        return op + 1;                                                          \
    }
DEF_SMM(smmul, 0, false, false)
DEF_SMM(smmulr, 0, false, true)
DEF_SMM(smmla, R(rn), false, false)
DEF_SMM(smmlar, R(rn), false, true)
DEF_SMM(smmls, R(rn), true, false)
DEF_SMM(smmlsr, R(rn), true, true)

unsigned dec_smmla(ArmOp *op, uint32_t insn)
{
    bool round = (insn >> 5) & 1;
    bool acc = field(insn, 12, 4) != 15;
    if (insn & (1u << 6)) {     /* SMMLS (its Rn = 15 form is not SMMUL) */
        op->fn = round ? exec_smmlsr : exec_smmls;
        acc = true;
    } else if (acc)
        op->fn = round ? exec_smmlar : exec_smmla;
    else
        op->fn = round ? exec_smmulr : exec_smmul;
    return mul_regs(op, insn, acc ? READ_RN : 0);
}
