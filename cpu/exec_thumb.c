/* ARMv6 Thumb instruction set: decoders and handlers for every line of
 * cpu/insn_thumb.def.
 *
 * The decoders do all the field extraction and pick a handler specialised
 * for the operand shape (shift amount 0 vs 1..31 vs 32, destination PC or
 * not, branch target inside or outside the page, register list with or
 * without PC, ...), so the handlers themselves are a few loads, one ALU
 * operation and a store to the register file.
 *
 * Operand conventions in the ArmOp:
 *   rd, rn, rm   register numbers (rm is Rs for shifts by register)
 *   rs           shift amount (immediate shifts) / register count (lists)
 *   imm          immediate, byte offset, register list, or a branch target
 *                pre-computed relative to the page base (cur_vbase)
 *
 * PC-relative values are pre-computed from op->pcoff, which the core sets
 * before calling a decoder, so ADR, LDR literal, B, B<cond> and the BL
 * prefix never need the PC wrapper.  The high-register operations and
 * BX/BLX read the PC through cpu->r[15] (DEC_READS_PC) only when one of
 * their operands is r15.
 */
#include "cpu/core.h"
#include "cpu/decoders.h"

#define R (cpu->r)

static inline uint32_t field(uint32_t insn, unsigned lo, unsigned width)
{
    return (insn >> lo) & ((1u << width) - 1);
}

/* Address of the instruction after this one, with the Thumb bit set (the
 * link value of BL/BLX). */
static inline uint32_t thumb_link(const Arm11 *cpu, const ArmOp *op)
{
    return (op_addr(cpu, op) + 2) | 1;
}

/* Continue at a Thumb target: stay in the decoded page when possible. */
static inline const ArmOp *thumb_jump(Arm11 *cpu, const ArmOp *op, uint32_t target)
{
    uint32_t off = (target & ~1u) - cpu->cur_vbase;
    if (likely(off < 4096)) return op + (((int32_t)off - (int32_t)op->pcoff) >> 1);
    cpu->r[15] = target & ~1u;
    return NULL;
}

static const ArmOp *exec_t_nop(Arm11 *cpu, const ArmOp *op)
{
    (void)cpu;
    return op + 1;
}

/* ======================================================================
 * Shift by immediate (LSL/LSR/ASR Rd, Rm, #imm5)
 * ====================================================================== */

/* LSL #0: the flag-setting register move (C, V unchanged). */
static const ArmOp *exec_t_movs(Arm11 *cpu, const ArmOp *op)
{
    uint32_t v = R[op->rm];
    R[op->rd] = v;
    set_nz(cpu, v);
    return op + 1;
}

static const ArmOp *exec_t_lsl_imm(Arm11 *cpu, const ArmOp *op)
{
    uint32_t v = R[op->rm], amt = op->rs;
    uint32_t res = v << amt;
    set_nzc(cpu, res, (v >> (32 - amt)) & 1);
    R[op->rd] = res;
    return op + 1;
}

static const ArmOp *exec_t_lsr_imm(Arm11 *cpu, const ArmOp *op)
{
    uint32_t v = R[op->rm], amt = op->rs;
    uint32_t res = v >> amt;
    set_nzc(cpu, res, (v >> (amt - 1)) & 1);
    R[op->rd] = res;
    return op + 1;
}

static const ArmOp *exec_t_lsr32(Arm11 *cpu, const ArmOp *op)
{
    uint32_t v = R[op->rm];
    set_nzc(cpu, 0, v >> 31);
    R[op->rd] = 0;
    return op + 1;
}

static const ArmOp *exec_t_asr_imm(Arm11 *cpu, const ArmOp *op)
{
    uint32_t v = R[op->rm], amt = op->rs;
    uint32_t res = (uint32_t)((int32_t)v >> amt);
    set_nzc(cpu, res, (v >> (amt - 1)) & 1);
    R[op->rd] = res;
    return op + 1;
}

static const ArmOp *exec_t_asr32(Arm11 *cpu, const ArmOp *op)
{
    uint32_t v = R[op->rm];
    uint32_t res = (uint32_t)((int32_t)v >> 31);
    set_nzc(cpu, res, v >> 31);
    R[op->rd] = res;
    return op + 1;
}

unsigned dec_t_shift_imm(ArmOp *op, uint32_t insn)
{
    unsigned type = field(insn, 11, 2), amt = field(insn, 6, 5);
    op->rd = (uint8_t)field(insn, 0, 3);
    op->rm = (uint8_t)field(insn, 3, 3);
    op->rs = (uint8_t)amt;
    if (type == 0) op->fn = amt ? exec_t_lsl_imm : exec_t_movs;
    else if (type == 1) op->fn = amt ? exec_t_lsr_imm : exec_t_lsr32;
    else op->fn = amt ? exec_t_asr_imm : exec_t_asr32;
    return 0;
}

/* ======================================================================
 * ADD/SUB register and 3-bit immediate; MOV/CMP/ADD/SUB 8-bit immediate
 * ====================================================================== */

static const ArmOp *exec_t_add_rr(Arm11 *cpu, const ArmOp *op)
{
    R[op->rd] = add_flags(cpu, R[op->rn], R[op->rm], 0);
    return op + 1;
}

static const ArmOp *exec_t_sub_rr(Arm11 *cpu, const ArmOp *op)
{
    R[op->rd] = sub_flags(cpu, R[op->rn], R[op->rm], 1);
    return op + 1;
}

static const ArmOp *exec_t_add_ri(Arm11 *cpu, const ArmOp *op)
{
    R[op->rd] = add_flags(cpu, R[op->rn], op->imm, 0);
    return op + 1;
}

static const ArmOp *exec_t_sub_ri(Arm11 *cpu, const ArmOp *op)
{
    R[op->rd] = sub_flags(cpu, R[op->rn], op->imm, 1);
    return op + 1;
}

static const ArmOp *exec_t_cmp_ri(Arm11 *cpu, const ArmOp *op)
{
    sub_flags(cpu, R[op->rn], op->imm, 1);
    return op + 1;
}

static const ArmOp *exec_t_mov_ri(Arm11 *cpu, const ArmOp *op)
{
    uint32_t v = op->imm;
    R[op->rd] = v;
    set_nz(cpu, v);
    return op + 1;
}

unsigned dec_t_addsub_reg(ArmOp *op, uint32_t insn)
{
    op->rd = (uint8_t)field(insn, 0, 3);
    op->rn = (uint8_t)field(insn, 3, 3);
    op->rm = (uint8_t)field(insn, 6, 3);
    op->fn = (insn & (1u << 9)) ? exec_t_sub_rr : exec_t_add_rr;
    return 0;
}

unsigned dec_t_addsub_imm3(ArmOp *op, uint32_t insn)
{
    op->rd = (uint8_t)field(insn, 0, 3);
    op->rn = (uint8_t)field(insn, 3, 3);
    op->imm = field(insn, 6, 3);
    op->fn = (insn & (1u << 9)) ? exec_t_sub_ri : exec_t_add_ri;
    return 0;
}

unsigned dec_t_imm8(ArmOp *op, uint32_t insn)
{
    static const ArmHandler fns[4] = {exec_t_mov_ri, exec_t_cmp_ri, exec_t_add_ri, exec_t_sub_ri};
    op->rd = op->rn = (uint8_t)field(insn, 8, 3);
    op->imm = field(insn, 0, 8);
    op->fn = fns[field(insn, 11, 2)];
    return 0;
}

/* ======================================================================
 * Data processing, register: Rd = Rd op Rm
 * ====================================================================== */

static const ArmOp *exec_t_and(Arm11 *cpu, const ArmOp *op)
{
    uint32_t res = R[op->rd] & R[op->rm];
    R[op->rd] = res;
    set_nz(cpu, res);
    return op + 1;
}

static const ArmOp *exec_t_eor(Arm11 *cpu, const ArmOp *op)
{
    uint32_t res = R[op->rd] ^ R[op->rm];
    R[op->rd] = res;
    set_nz(cpu, res);
    return op + 1;
}

/* LSL/LSR/ASR/ROR Rd, Rs: shift by the bottom byte of a register. */
#define T_SHIFT_REG(NAME, TYPE)                                            \
    static const ArmOp *exec_t_##NAME##_reg(Arm11 *cpu, const ArmOp *op)   \
    {                                                                      \
        uint32_t c, res = shift_reg(cpu, R[op->rd], TYPE, R[op->rm], &c);  \
        R[op->rd] = res;                                                   \
        set_nzc(cpu, res, c);                                              \
        cpu->cycles += T_DP_REG_SHIFT;                                     \
        return op + 1;                                                     \
    }
T_SHIFT_REG(lsl, 0)
T_SHIFT_REG(lsr, 1)
T_SHIFT_REG(asr, 2)
T_SHIFT_REG(ror, 3)
#undef T_SHIFT_REG

static const ArmOp *exec_t_adc(Arm11 *cpu, const ArmOp *op)
{
    R[op->rd] = add_flags(cpu, R[op->rd], R[op->rm], carry_bit(cpu));
    return op + 1;
}

static const ArmOp *exec_t_sbc(Arm11 *cpu, const ArmOp *op)
{
    R[op->rd] = sub_flags(cpu, R[op->rd], R[op->rm], carry_bit(cpu));
    return op + 1;
}

static const ArmOp *exec_t_tst(Arm11 *cpu, const ArmOp *op)
{
    set_nz(cpu, R[op->rd] & R[op->rm]);
    return op + 1;
}

static const ArmOp *exec_t_neg(Arm11 *cpu, const ArmOp *op)
{
    R[op->rd] = sub_flags(cpu, 0, R[op->rm], 1);
    return op + 1;
}

/* Also CMP (3) with the high-register encoding: rd holds Rn there. */
static const ArmOp *exec_t_cmp_rr(Arm11 *cpu, const ArmOp *op)
{
    sub_flags(cpu, R[op->rd], R[op->rm], 1);
    return op + 1;
}

static const ArmOp *exec_t_cmn(Arm11 *cpu, const ArmOp *op)
{
    add_flags(cpu, R[op->rd], R[op->rm], 0);
    return op + 1;
}

static const ArmOp *exec_t_orr(Arm11 *cpu, const ArmOp *op)
{
    uint32_t res = R[op->rd] | R[op->rm];
    R[op->rd] = res;
    set_nz(cpu, res);
    return op + 1;
}

/* MULS: N and Z from the result; C is unchanged on ARMv5 and later. */
static const ArmOp *exec_t_mul(Arm11 *cpu, const ArmOp *op)
{
    uint32_t res = R[op->rd] * R[op->rm];
    R[op->rd] = res;
    set_nz(cpu, res);
    cpu->cycles += T_MUL_S;
    return op + 1;
}

static const ArmOp *exec_t_bic(Arm11 *cpu, const ArmOp *op)
{
    uint32_t res = R[op->rd] & ~R[op->rm];
    R[op->rd] = res;
    set_nz(cpu, res);
    return op + 1;
}

static const ArmOp *exec_t_mvn(Arm11 *cpu, const ArmOp *op)
{
    uint32_t res = ~R[op->rm];
    R[op->rd] = res;
    set_nz(cpu, res);
    return op + 1;
}

unsigned dec_t_alu(ArmOp *op, uint32_t insn)
{
    static const ArmHandler fns[16] = {
        exec_t_and, exec_t_eor, exec_t_lsl_reg, exec_t_lsr_reg,
        exec_t_asr_reg, exec_t_adc, exec_t_sbc, exec_t_ror_reg,
        exec_t_tst, exec_t_neg, exec_t_cmp_rr, exec_t_cmn,
        exec_t_orr, exec_t_mul, exec_t_bic, exec_t_mvn,
    };
    op->rd = (uint8_t)field(insn, 0, 3);
    op->rm = (uint8_t)field(insn, 3, 3);
    op->fn = fns[field(insn, 6, 4)];
    return 0;
}

/* ======================================================================
 * High-register ADD/CMP/MOV, BX/BLX
 * ====================================================================== */

static const ArmOp *exec_t_add_hi(Arm11 *cpu, const ArmOp *op)
{
    R[op->rd] += R[op->rm];
    return op + 1;
}

/* ADD PC, Rm: a branch without interworking (bit 0 ignored). */
static const ArmOp *exec_t_add_pc(Arm11 *cpu, const ArmOp *op)
{
    uint32_t target = R[15] + R[op->rm];
    cpu->cycles += T_PC_WRITE;
    return branch_to(cpu, target);
}

static const ArmOp *exec_t_mov_hi(Arm11 *cpu, const ArmOp *op)
{
    R[op->rd] = R[op->rm];
    return op + 1;
}

/* MOV PC, Rm: a branch without interworking (bit 0 ignored). */
static const ArmOp *exec_t_mov_pc(Arm11 *cpu, const ArmOp *op)
{
    uint32_t target = R[op->rm];
    cpu->cycles += T_PC_WRITE;
    return branch_to(cpu, target);
}

static const ArmOp *exec_t_bx(Arm11 *cpu, const ArmOp *op)
{
    uint32_t target = R[op->rm];
    cpu->cycles += op->rm == 14 ? ras_return(cpu, target) : T_BX_REG;
    if (target & 1) return thumb_jump(cpu, op, target);
    return branch_exchange(cpu, target);
}

static const ArmOp *exec_t_blx_reg(Arm11 *cpu, const ArmOp *op)
{
    uint32_t target = R[op->rm];
    R[14] = thumb_link(cpu, op);
    ras_push(cpu, R[14]);
    cpu->cycles += T_BX_REG;
    if (target & 1) return thumb_jump(cpu, op, target);
    return branch_exchange(cpu, target);
}

/* Fields of the high-register format: Rd/Rn = H1:bits[2:0], Rm = H2:bits[5:3]. */
static void dec_hi_regs(ArmOp *op, uint32_t insn)
{
    op->rd = (uint8_t)(field(insn, 0, 3) | (field(insn, 7, 1) << 3));
    op->rm = (uint8_t)field(insn, 3, 4);
}

unsigned dec_t_add_hi(ArmOp *op, uint32_t insn)
{
    dec_hi_regs(op, insn);
    op->fn = op->rd == 15 ? exec_t_add_pc : exec_t_add_hi;
    return (op->rd == 15 || op->rm == 15) ? DEC_READS_PC : 0;
}

unsigned dec_t_cmp_hi(ArmOp *op, uint32_t insn)
{
    dec_hi_regs(op, insn);
    op->fn = exec_t_cmp_rr;
    return (op->rd == 15 || op->rm == 15) ? DEC_READS_PC : 0;
}

unsigned dec_t_mov_hi(ArmOp *op, uint32_t insn)
{
    dec_hi_regs(op, insn);
    op->fn = op->rd == 15 ? exec_t_mov_pc : exec_t_mov_hi;
    return op->rm == 15 ? DEC_READS_PC : 0;
}

unsigned dec_t_bx(ArmOp *op, uint32_t insn)
{
    op->rm = (uint8_t)field(insn, 3, 4);
    op->fn = (insn & (1u << 7)) ? exec_t_blx_reg : exec_t_bx;
    return op->rm == 15 ? DEC_READS_PC : 0;
}

/* ======================================================================
 * Loads and stores
 * ====================================================================== */

/* Result interlocks of loads: the stall the loaded register causes in the
 * next two instructions, worked out at decode time (thumb_interlock_stall)
 * and kept in op->rs, which the load handlers do not use otherwise. */
#define LOAD_USE(op)                                  \
    do {                                              \
        if ((op)->rs) cpu->cycles += (op)->rs;        \
    } while (0)

/* One handler per (size, direction) for an address computed as base + x,
 * where x is either the register Rm or the immediate.  Loads check the
 * fault before writing Rd. */
#define LS_HANDLERS(suffix, OFFSET)                                                   \
    static const ArmOp *exec_t_ldr_##suffix(Arm11 *cpu, const ArmOp *op)              \
    {                                                                                 \
        uint32_t v = rd32(cpu, R[op->rn] + (OFFSET));                                 \
        if (unlikely(cpu->fault)) return data_abort(cpu, op, false);                  \
        R[op->rd] = v;                                                                \
        LOAD_USE(op);                                                                 \
        return op + 1;                                                                \
    }                                                                                 \
    static const ArmOp *exec_t_ldrh_##suffix(Arm11 *cpu, const ArmOp *op)             \
    {                                                                                 \
        uint32_t v = rd16(cpu, R[op->rn] + (OFFSET));                                 \
        if (unlikely(cpu->fault)) return data_abort(cpu, op, false);                  \
        R[op->rd] = v;                                                                \
        LOAD_USE(op);                                                                 \
        return op + 1;                                                                \
    }                                                                                 \
    static const ArmOp *exec_t_ldrb_##suffix(Arm11 *cpu, const ArmOp *op)             \
    {                                                                                 \
        uint32_t v = rd8(cpu, R[op->rn] + (OFFSET));                                  \
        if (unlikely(cpu->fault)) return data_abort(cpu, op, false);                  \
        R[op->rd] = v;                                                                \
        LOAD_USE(op);                                                                 \
        return op + 1;                                                                \
    }                                                                                 \
    static const ArmOp *exec_t_str_##suffix(Arm11 *cpu, const ArmOp *op)              \
    {                                                                                 \
        wr32(cpu, R[op->rn] + (OFFSET), R[op->rd]);                                   \
        if (unlikely(cpu->fault)) return data_abort(cpu, op, true);                   \
        return op + 1;                                                                \
    }                                                                                 \
    static const ArmOp *exec_t_strh_##suffix(Arm11 *cpu, const ArmOp *op)             \
    {                                                                                 \
        wr16(cpu, R[op->rn] + (OFFSET), R[op->rd]);                                   \
        if (unlikely(cpu->fault)) return data_abort(cpu, op, true);                   \
        return op + 1;                                                                \
    }                                                                                 \
    static const ArmOp *exec_t_strb_##suffix(Arm11 *cpu, const ArmOp *op)             \
    {                                                                                 \
        wr8(cpu, R[op->rn] + (OFFSET), R[op->rd]);                                    \
        if (unlikely(cpu->fault)) return data_abort(cpu, op, true);                   \
        return op + 1;                                                                \
    }

LS_HANDLERS(reg, R[op->rm])
LS_HANDLERS(imm, op->imm)
#undef LS_HANDLERS

static const ArmOp *exec_t_ldrsb_reg(Arm11 *cpu, const ArmOp *op)
{
    uint32_t v = rd8(cpu, R[op->rn] + R[op->rm]);
    if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
    R[op->rd] = (uint32_t)(int32_t)(int8_t)v;
    LOAD_USE(op);
    return op + 1;
}

static const ArmOp *exec_t_ldrsh_reg(Arm11 *cpu, const ArmOp *op)
{
    uint32_t v = rd16(cpu, R[op->rn] + R[op->rm]);
    if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
    R[op->rd] = (uint32_t)(int32_t)(int16_t)v;
    LOAD_USE(op);
    return op + 1;
}

/* LDR Rd, [PC, #imm]: op->imm is Align(PC, 4) + imm relative to the page base. */
static const ArmOp *exec_t_ldr_lit(Arm11 *cpu, const ArmOp *op)
{
    uint32_t v = rd32(cpu, cpu->cur_vbase + op->imm);
    if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
    R[op->rd] = v;
    LOAD_USE(op);
    return op + 1;
}

bool thumb_load_charges_rs(const ArmOp *op)
{
    ArmHandler h = op->fn;
    return h == exec_t_ldr_reg || h == exec_t_ldrh_reg || h == exec_t_ldrb_reg || h == exec_t_ldrsb_reg ||
           h == exec_t_ldrsh_reg || h == exec_t_ldr_imm || h == exec_t_ldrh_imm || h == exec_t_ldrb_imm ||
           h == exec_t_ldr_lit;
}

unsigned dec_t_ls_reg(ArmOp *op, uint32_t insn)
{
    static const ArmHandler fns[8] = {
        exec_t_str_reg, exec_t_strh_reg, exec_t_strb_reg, exec_t_ldrsb_reg,
        exec_t_ldr_reg, exec_t_ldrh_reg, exec_t_ldrb_reg, exec_t_ldrsh_reg,
    };
    op->rd = (uint8_t)field(insn, 0, 3);
    op->rn = (uint8_t)field(insn, 3, 3);
    op->rm = (uint8_t)field(insn, 6, 3);
    op->fn = fns[field(insn, 9, 3)];
    return 0;
}

unsigned dec_t_ls_imm(ArmOp *op, uint32_t insn)
{
    unsigned imm5 = field(insn, 6, 5);
    op->rd = (uint8_t)field(insn, 0, 3);
    op->rn = (uint8_t)field(insn, 3, 3);
    switch (field(insn, 11, 5)) {
    case 0x0C: op->fn = exec_t_str_imm; op->imm = imm5 * 4; break;
    case 0x0D: op->fn = exec_t_ldr_imm; op->imm = imm5 * 4; break;
    case 0x0E: op->fn = exec_t_strb_imm; op->imm = imm5; break;
    case 0x0F: op->fn = exec_t_ldrb_imm; op->imm = imm5; break;
    case 0x10: op->fn = exec_t_strh_imm; op->imm = imm5 * 2; break;
    default: op->fn = exec_t_ldrh_imm; op->imm = imm5 * 2; break;
    }
    return 0;
}

unsigned dec_t_ls_sp(ArmOp *op, uint32_t insn)
{
    op->rd = (uint8_t)field(insn, 8, 3);
    op->rn = 13;
    op->imm = field(insn, 0, 8) * 4;
    op->fn = (insn & (1u << 11)) ? exec_t_ldr_imm : exec_t_str_imm;
    return 0;
}

unsigned dec_t_ldr_lit(ArmOp *op, uint32_t insn)
{
    op->rd = (uint8_t)field(insn, 8, 3);
    op->imm = ((op->pcoff + 4u) & ~3u) + field(insn, 0, 8) * 4;
    op->fn = exec_t_ldr_lit;
    return 0;
}

/* ======================================================================
 * ADR, ADD Rd, SP, #imm, ADD/SUB SP, #imm
 * ====================================================================== */

/* ADR: op->imm is Align(PC, 4) + imm relative to the page base. */
static const ArmOp *exec_t_adr(Arm11 *cpu, const ArmOp *op)
{
    R[op->rd] = cpu->cur_vbase + op->imm;
    return op + 1;
}

/* Rd = Rn + imm without flags (SUB SP uses the negated immediate). */
static const ArmOp *exec_t_add_nf(Arm11 *cpu, const ArmOp *op)
{
    R[op->rd] = R[op->rn] + op->imm;
    return op + 1;
}

unsigned dec_t_adr(ArmOp *op, uint32_t insn)
{
    op->rd = (uint8_t)field(insn, 8, 3);
    op->imm = ((op->pcoff + 4u) & ~3u) + field(insn, 0, 8) * 4;
    op->fn = exec_t_adr;
    return 0;
}

unsigned dec_t_add_sp_imm(ArmOp *op, uint32_t insn)
{
    op->rd = (uint8_t)field(insn, 8, 3);
    op->rn = 13;
    op->imm = field(insn, 0, 8) * 4;
    op->fn = exec_t_add_nf;
    return 0;
}

unsigned dec_t_adjust_sp(ArmOp *op, uint32_t insn)
{
    uint32_t imm = field(insn, 0, 7) * 4;
    op->rd = op->rn = 13;
    op->imm = (insn & (1u << 7)) ? 0u - imm : imm;
    op->fn = exec_t_add_nf;
    return 0;
}

/* ======================================================================
 * ARMv6 SXTH/SXTB/UXTH/UXTB, REV/REV16/REVSH
 * ====================================================================== */

static const ArmOp *exec_t_sxth(Arm11 *cpu, const ArmOp *op)
{
    R[op->rd] = (uint32_t)(int32_t)(int16_t)R[op->rm];
    return op + 1;
}

static const ArmOp *exec_t_sxtb(Arm11 *cpu, const ArmOp *op)
{
    R[op->rd] = (uint32_t)(int32_t)(int8_t)R[op->rm];
    return op + 1;
}

static const ArmOp *exec_t_uxth(Arm11 *cpu, const ArmOp *op)
{
    R[op->rd] = R[op->rm] & 0xFFFFu;
    return op + 1;
}

static const ArmOp *exec_t_uxtb(Arm11 *cpu, const ArmOp *op)
{
    R[op->rd] = R[op->rm] & 0xFFu;
    return op + 1;
}

static const ArmOp *exec_t_rev(Arm11 *cpu, const ArmOp *op)
{
    R[op->rd] = __builtin_bswap32(R[op->rm]);
    return op + 1;
}

static const ArmOp *exec_t_rev16(Arm11 *cpu, const ArmOp *op)
{
    uint32_t v = R[op->rm];
    R[op->rd] = ((v >> 8) & 0x00FF00FFu) | ((v << 8) & 0xFF00FF00u);
    return op + 1;
}

static const ArmOp *exec_t_revsh(Arm11 *cpu, const ArmOp *op)
{
    uint32_t v = R[op->rm];
    R[op->rd] = (uint32_t)(int32_t)(int16_t)(uint16_t)(((v & 0xFFu) << 8) | ((v >> 8) & 0xFFu));
    return op + 1;
}

unsigned dec_t_extend(ArmOp *op, uint32_t insn)
{
    static const ArmHandler fns[4] = {exec_t_sxth, exec_t_sxtb, exec_t_uxth, exec_t_uxtb};
    op->rd = (uint8_t)field(insn, 0, 3);
    op->rm = (uint8_t)field(insn, 3, 3);
    op->fn = fns[field(insn, 6, 2)];
    return 0;
}

unsigned dec_t_rev(ArmOp *op, uint32_t insn)
{
    /* op 10 has no pattern (UNDEFINED on ARMv6) */
    static const ArmHandler fns[4] = {exec_t_rev, exec_t_rev16, exec_undefined, exec_t_revsh};
    op->rd = (uint8_t)field(insn, 0, 3);
    op->rm = (uint8_t)field(insn, 3, 3);
    op->fn = fns[field(insn, 6, 2)];
    return 0;
}

/* ======================================================================
 * SETEND, CPS
 * ====================================================================== */

static const ArmOp *exec_t_setend(Arm11 *cpu, const ArmOp *op)
{
    arm_set_endian(cpu, op->imm != 0);
    return op + 1;
}

/* CPSIE/CPSID: op->imm = the A/I/F bits to change, op->rs = 1 to set
 * (disable).  A NOP in User mode.  Leaves the page so that the run loop
 * takes a now-unmasked interrupt before the next instruction. */
static const ArmOp *exec_t_cps(Arm11 *cpu, const ArmOp *op)
{
    if (!arm_privileged(cpu)) return op + 1;
    if (op->rs) cpu->cpsr |= op->imm;
    else cpu->cpsr &= ~op->imm;
    return next_and_exit(cpu, op);
}

unsigned dec_t_setend(ArmOp *op, uint32_t insn)
{
    op->imm = field(insn, 3, 1);
    op->fn = exec_t_setend;
    return 0;
}

unsigned dec_t_cps(ArmOp *op, uint32_t insn)
{
    op->imm = (insn & 4 ? PSR_A : 0) | (insn & 2 ? PSR_I : 0) | (insn & 1 ? PSR_F : 0);
    op->rs = (uint8_t)field(insn, 4, 1);
    op->fn = exec_t_cps;
    return 0;
}

/* ======================================================================
 * PUSH/POP, STMIA/LDMIA
 * ====================================================================== */

/* Register lists live in op->imm (bit n = register n), the count in op->rs
 * and the extra cycles in op->rm. */

static const ArmOp *exec_t_push(Arm11 *cpu, const ArmOp *op)
{
    uint32_t list = op->imm;
    uint32_t base = R[13] - 4u * op->rs, a = base;
    do {
        unsigned i = (unsigned)__builtin_ctz(list);
        mem_write(cpu, a, 4, R[i], ACC_WRITE | ACC_STRICT);
        if (unlikely(cpu->fault)) return data_abort(cpu, op, true);
        a += 4;
        list &= list - 1;
    } while (list);
    R[13] = base;
    cpu->cycles += op->rm;
    return op + 1;
}

/* POP without PC.  SP is never in the list, so registers are written as
 * they are loaded; SP is updated only after the last access succeeded. */
static const ArmOp *exec_t_pop(Arm11 *cpu, const ArmOp *op)
{
    uint32_t list = op->imm, a = R[13];
    do {
        unsigned i = (unsigned)__builtin_ctz(list);
        uint32_t v = mem_read(cpu, a, 4, ACC_READ | ACC_STRICT);
        if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
        R[i] = v;
        a += 4;
        list &= list - 1;
    } while (list);
    R[13] = a;
    cpu->cycles += op->rm;
    return op + 1;
}

/* POP {..., PC}: the loaded PC interworks (ARMv5 and later). */
static const ArmOp *exec_t_pop_pc(Arm11 *cpu, const ArmOp *op)
{
    uint32_t list = op->imm, a = R[13];
    while (list) {
        unsigned i = (unsigned)__builtin_ctz(list);
        uint32_t v = mem_read(cpu, a, 4, ACC_READ | ACC_STRICT);
        if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
        R[i] = v;
        a += 4;
        list &= list - 1;
    }
    uint32_t target = mem_read(cpu, a, 4, ACC_READ | ACC_STRICT);
    if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
    R[13] = a + 4;
    cpu->cycles += op->rm + ras_return(cpu, target); /* POP {..., pc}: a predicted return */
    if (target & 1) return thumb_jump(cpu, op, target);
    return branch_exchange(cpu, target);
}

/* STMIA Rn!, {list}.  With Rn in the list the original value is stored
 * (UNPREDICTABLE unless Rn is the lowest register, where this is what the
 * ARM ARM specifies). */
static const ArmOp *exec_t_stmia(Arm11 *cpu, const ArmOp *op)
{
    uint32_t list = op->imm, a = R[op->rn];
    do {
        unsigned i = (unsigned)__builtin_ctz(list);
        mem_write(cpu, a, 4, R[i], ACC_WRITE | ACC_STRICT);
        if (unlikely(cpu->fault)) return data_abort(cpu, op, true);
        a += 4;
        list &= list - 1;
    } while (list);
    R[op->rn] = a;
    cpu->cycles += op->rm;
    return op + 1;
}

/* LDMIA Rn!, {list} with Rn not in the list: write back. */
static const ArmOp *exec_t_ldmia_wb(Arm11 *cpu, const ArmOp *op)
{
    uint32_t list = op->imm, a = R[op->rn];
    do {
        unsigned i = (unsigned)__builtin_ctz(list);
        uint32_t v = mem_read(cpu, a, 4, ACC_READ | ACC_STRICT);
        if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
        R[i] = v;
        a += 4;
        list &= list - 1;
    } while (list);
    R[op->rn] = a;
    cpu->cycles += op->rm;
    return op + 1;
}

/* LDMIA Rn, {list} with Rn in the list: Rn gets the loaded value, no
 * write-back; Rn keeps its old value until every access has succeeded. */
static const ArmOp *exec_t_ldmia_nowb(Arm11 *cpu, const ArmOp *op)
{
    uint32_t list = op->imm, a = R[op->rn], base_val = 0;
    unsigned rn = op->rn;
    do {
        unsigned i = (unsigned)__builtin_ctz(list);
        uint32_t v = mem_read(cpu, a, 4, ACC_READ | ACC_STRICT);
        if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
        if (i == rn) base_val = v;
        else R[i] = v;
        a += 4;
        list &= list - 1;
    } while (list);
    R[rn] = base_val;
    cpu->cycles += op->rm;
    return op + 1;
}

static void dec_list(ArmOp *op, uint32_t list)
{
    unsigned n = (unsigned)__builtin_popcount(list);
    op->imm = list;
    op->rs = (uint8_t)n;
    op->rm = (uint8_t)(n ? (n - 1) / 2 * T_LSM_PER_PAIR : 0);
}

/* An empty register list is UNPREDICTABLE; it is executed as a NOP. */
unsigned dec_t_push(ArmOp *op, uint32_t insn)
{
    dec_list(op, field(insn, 0, 8) | (insn & (1u << 8) ? 1u << 14 : 0));
    op->fn = op->imm ? exec_t_push : exec_t_nop;
    return 0;
}

unsigned dec_t_pop(ArmOp *op, uint32_t insn)
{
    bool pc = (insn & (1u << 8)) != 0;
    dec_list(op, field(insn, 0, 8) | (pc ? 1u << 15 : 0));
    op->imm &= 0xFFu; /* the handlers walk the low registers; PC is separate */
    op->fn = pc ? exec_t_pop_pc : op->imm ? exec_t_pop : exec_t_nop;
    return 0;
}

unsigned dec_t_ldstm(ArmOp *op, uint32_t insn)
{
    uint32_t list = field(insn, 0, 8);
    op->rn = (uint8_t)field(insn, 8, 3);
    dec_list(op, list);
    if (!list) op->fn = exec_t_nop;
    else if (!(insn & (1u << 11))) op->fn = exec_t_stmia;
    else op->fn = (list >> op->rn) & 1 ? exec_t_ldmia_nowb : exec_t_ldmia_wb;
    return 0;
}

/* ======================================================================
 * BKPT, SVC
 * ====================================================================== */

static const ArmOp *exec_t_bkpt(Arm11 *cpu, const ArmOp *op) { return arm_exec_bkpt(cpu, op, true); }

static const ArmOp *exec_t_svc(Arm11 *cpu, const ArmOp *op) { return arm_exec_svc(cpu, op, true); }

unsigned dec_t_bkpt(ArmOp *op, uint32_t insn)
{
    op->imm = field(insn, 0, 8);
    op->fn = exec_t_bkpt;
    return 0;
}

unsigned dec_t_svc(ArmOp *op, uint32_t insn)
{
    op->imm = field(insn, 0, 8);
    op->fn = exec_t_svc;
    return 0;
}

/* ======================================================================
 * Branches
 * ====================================================================== */

/* Target inside the page: op->imm is the signed distance in ops. */
static const ArmOp *exec_t_b_local(Arm11 *cpu, const ArmOp *op)
{
    cpu->cycles += T_BRANCH_TAKEN;
    return op + (int32_t)op->imm;
}

/* Target outside the page: op->imm is the target relative to the page base. */
static const ArmOp *exec_t_b_far(Arm11 *cpu, const ArmOp *op)
{
    cpu->cycles += T_BRANCH_TAKEN;
    cpu->r[15] = cpu->cur_vbase + op->imm;
    return NULL;
}

static void dec_branch(ArmOp *op, int32_t offset)
{
    int32_t target = (int32_t)op->pcoff + 4 + offset;
    if (target >= 0 && target < 4096) {
        op->fn = exec_t_b_local;
        op->imm = (uint32_t)((target - (int32_t)op->pcoff) / 2);
    } else {
        op->fn = exec_t_b_far;
        op->imm = (uint32_t)target;
    }
}

/* B<cond> uses the ARM conditional-branch handlers, so it is predicted the
 * same way (exec_bc_*, cpu/exec_branch.c): far form's imm relative to the
 * address + 8. */
unsigned dec_t_b_cond(ArmOp *op, uint32_t insn)
{
    int32_t offset = (int32_t)(int8_t)field(insn, 0, 8) * 2;
    op->cmask = arm_cond_mask[field(insn, 8, 4)];
    dec_branch(op, offset);
    op->rd = offset <= -4; /* backward (target <= address): statically predicted taken */
    op->rn = T_BRANCH_MISPREDICT;
    if (op->fn == exec_t_b_local) {
        op->fn = exec_bc_local;
    } else {
        op->fn = exec_bc_far;
        op->imm = (uint32_t)(offset - 4);
    }
    return 0;
}

unsigned dec_t_b(ArmOp *op, uint32_t insn)
{
    dec_branch(op, ((int32_t)(field(insn, 0, 11) << 21)) >> 20);
    return 0;
}

/* BL/BLX prefix: LR = PC + (SignExtend(imm11) << 12); op->imm holds that
 * relative to the page base. */
static const ArmOp *exec_t_bl_prefix(Arm11 *cpu, const ArmOp *op)
{
    R[14] = cpu->cur_vbase + op->imm;
    return op + 1;
}

/* BL suffix: branch to LR + (imm11 << 1), LR = next instruction | 1. */
static const ArmOp *exec_t_bl_suffix(Arm11 *cpu, const ArmOp *op)
{
    uint32_t target = R[14] + op->imm;
    R[14] = thumb_link(cpu, op);
    ras_push(cpu, R[14]);
    cpu->cycles += T_BRANCH_TAKEN; /* BL pair: treated as predicted */
    return thumb_jump(cpu, op, target);
}

/* BLX suffix: as BL, but to ARM state at a word-aligned target. */
static const ArmOp *exec_t_blx_suffix(Arm11 *cpu, const ArmOp *op)
{
    uint32_t target = (R[14] + op->imm) & ~3u;
    R[14] = thumb_link(cpu, op);
    ras_push(cpu, R[14]);
    cpu->cycles += T_BRANCH_TAKEN; /* BL pair: treated as predicted */
    return branch_exchange(cpu, target);
}

unsigned dec_t_bl_prefix(ArmOp *op, uint32_t insn)
{
    int32_t hi = ((int32_t)(field(insn, 0, 11) << 21)) >> 9;
    op->imm = (uint32_t)((int32_t)op->pcoff + 4 + hi);
    op->fn = exec_t_bl_prefix;
    return 0;
}

unsigned dec_t_bl_suffix(ArmOp *op, uint32_t insn)
{
    op->imm = field(insn, 0, 11) << 1;
    op->fn = (insn & (1u << 12)) ? exec_t_bl_suffix : exec_t_blx_suffix;
    return 0;
}
