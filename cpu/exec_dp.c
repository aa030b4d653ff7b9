/* ARM data-processing instructions (ARMv6 ARM A3.4, A5.1).
 *
 * The decoder picks one of 16 opcodes x S x 7 operand forms of specialised
 * handlers generated below, so the common case is a handful of host
 * instructions with no field extraction.  Instructions that write the PC
 * (exception returns with S included) or use a register-specified shift on
 * the PC go through dp_generic. */
#include "cpu/decoders.h"

enum {
    OP_AND, OP_EOR, OP_SUB, OP_RSB, OP_ADD, OP_ADC, OP_SBC, OP_RSC,
    OP_TST, OP_TEQ, OP_CMP, OP_CMN, OP_ORR, OP_MOV, OP_BIC, OP_MVN,
};
enum { FORM_IMM, FORM_REG, FORM_LSL, FORM_LSR, FORM_ASR, FORM_ROR, FORM_REGSHIFT, FORM_COUNT };

static inline bool is_test(unsigned opc) { return opc >= OP_TST && opc <= OP_CMN; }
static inline bool is_logical(unsigned opc)
{
    return opc == OP_AND || opc == OP_EOR || opc == OP_TST || opc == OP_TEQ || opc == OP_ORR ||
           opc == OP_MOV || opc == OP_BIC || opc == OP_MVN;
}

/* Compute opcode opc on a and shifter operand b (carry-out sc); sets flags
 * when s.  Returns the result (meaningless for the test opcodes). */
static inline __attribute__((always_inline)) uint32_t dp_alu(Arm11 *cpu, unsigned opc, bool s, uint32_t a,
                                                             uint32_t b, uint32_t sc)
{
    uint32_t res = 0, c;
    switch (opc) {
    case OP_AND: res = a & b; break;
    case OP_EOR: res = a ^ b; break;
    case OP_SUB: return s ? sub_flags(cpu, a, b, 1) : a - b;
    case OP_RSB: return s ? sub_flags(cpu, b, a, 1) : b - a;
    case OP_ADD: return s ? add_flags(cpu, a, b, 0) : a + b;
    case OP_ADC: c = carry_bit(cpu); return s ? add_flags(cpu, a, b, c) : a + b + c;
    case OP_SBC: c = carry_bit(cpu); return s ? sub_flags(cpu, a, b, c) : a - b - (1 - c);
    case OP_RSC: c = carry_bit(cpu); return s ? sub_flags(cpu, b, a, c) : b - a - (1 - c);
    case OP_TST: res = a & b; break;
    case OP_TEQ: res = a ^ b; break;
    case OP_CMP: sub_flags(cpu, a, b, 1); return 0;
    case OP_CMN: add_flags(cpu, a, b, 0); return 0;
    case OP_ORR: res = a | b; break;
    case OP_MOV: res = b; break;
    case OP_BIC: res = a & ~b; break;
    default: res = ~b; break; /* MVN */
    }
    if (s) set_nzc(cpu, res, sc);
    return res;
}

/* st: the result-interlock stall this op causes in the next instruction
 * (cpu/interlock.c: an ALU result only ever stalls an Early operand, by 1),
 * a constant of the handler variant so that ops without it pay nothing. */
static inline __attribute__((always_inline)) const ArmOp *dp_fast(Arm11 *cpu, const ArmOp *op, unsigned opc,
                                                                  bool s, uint32_t b, uint32_t sc, unsigned st)
{
    if (st) cpu->cycles += st;
    uint32_t a = (opc == OP_MOV || opc == OP_MVN) ? 0 : cpu->r[op->rn];
    uint32_t res = dp_alu(cpu, opc, s, a, b, sc);
    if (!is_test(opc)) cpu->r[op->rd] = res;
    return op + 1;
}

#define DP_HANDLERS(OPC, S, ST)                                                                         \
    static const ArmOp *dp_##OPC##_##S##_##ST##_imm(Arm11 *cpu, const ArmOp *op)                          \
    {                                                                                                     \
        uint32_t sc = (S && is_logical(OPC)) ? (op->rs == 2 ? carry_bit(cpu) : op->rs) : 0;               \
        return dp_fast(cpu, op, OPC, S, op->imm, sc, ST);                                                 \
    }                                                                                                     \
    static const ArmOp *dp_##OPC##_##S##_##ST##_reg(Arm11 *cpu, const ArmOp *op)                          \
    {                                                                                                     \
        return dp_fast(cpu, op, OPC, S, cpu->r[op->rm], (S && is_logical(OPC)) ? carry_bit(cpu) : 0, ST); \
    }                                                                                                     \
    DP_SHIFT_HANDLER(OPC, S, ST, lsl, 0)                                                                  \
    DP_SHIFT_HANDLER(OPC, S, ST, lsr, 1)                                                                  \
    DP_SHIFT_HANDLER(OPC, S, ST, asr, 2)                                                                  \
    DP_SHIFT_HANDLER(OPC, S, ST, ror, 3)                                                                  \
    static const ArmOp *dp_##OPC##_##S##_##ST##_regshift(Arm11 *cpu, const ArmOp *op)                     \
    {                                                                                                     \
        uint32_t sc, b = shift_reg(cpu, cpu->r[op->rm], op->imm, cpu->r[op->rs], &sc);                    \
        cpu->cycles += T_DP_REG_SHIFT;                                                                    \
        return dp_fast(cpu, op, OPC, S, b, sc, ST);                                                       \
    }

#define DP_SHIFT_HANDLER(OPC, S, ST, NAME, TYPE)                                      \
    static const ArmOp *dp_##OPC##_##S##_##ST##_##NAME(Arm11 *cpu, const ArmOp *op)   \
    {                                                                                 \
        uint32_t sc, b = shift_imm(cpu, cpu->r[op->rm], TYPE, op->rs, &sc);           \
        return dp_fast(cpu, op, OPC, S, b, sc, ST);                                   \
    }

/* Stall variants only for the opcodes with a result (not TST/TEQ/CMP/CMN). */
#define DP_BOTH(OPC) DP_HANDLERS(OPC, 0, 0) DP_HANDLERS(OPC, 1, 0)
#define DP_BOTH_ST(OPC) DP_BOTH(OPC) DP_HANDLERS(OPC, 0, 1) DP_HANDLERS(OPC, 1, 1)
DP_BOTH_ST(0) DP_BOTH_ST(1) DP_BOTH_ST(2) DP_BOTH_ST(3) DP_BOTH_ST(4) DP_BOTH_ST(5) DP_BOTH_ST(6) DP_BOTH_ST(7)
DP_BOTH(8) DP_BOTH(9) DP_BOTH(10) DP_BOTH(11) DP_BOTH_ST(12) DP_BOTH_ST(13) DP_BOTH_ST(14) DP_BOTH_ST(15)

#define DP_ROW(OPC, S, ST)                                                                           \
    {dp_##OPC##_##S##_##ST##_imm, dp_##OPC##_##S##_##ST##_reg, dp_##OPC##_##S##_##ST##_lsl,          \
     dp_##OPC##_##S##_##ST##_lsr, dp_##OPC##_##S##_##ST##_asr, dp_##OPC##_##S##_##ST##_ror,          \
     dp_##OPC##_##S##_##ST##_regshift}
#define DP_PAIR(OPC) {DP_ROW(OPC, 0, 0), DP_ROW(OPC, 1, 0)}
static const ArmHandler dp_table[16][2][FORM_COUNT] = {
    DP_PAIR(0), DP_PAIR(1), DP_PAIR(2), DP_PAIR(3), DP_PAIR(4), DP_PAIR(5), DP_PAIR(6), DP_PAIR(7),
    DP_PAIR(8), DP_PAIR(9), DP_PAIR(10), DP_PAIR(11), DP_PAIR(12), DP_PAIR(13), DP_PAIR(14), DP_PAIR(15),
};
#define DP_PAIR_ST(OPC) {DP_ROW(OPC, 0, 1), DP_ROW(OPC, 1, 1)}
#define DP_PAIR_NONE {{NULL}, {NULL}}
static const ArmHandler dp_stall_table[16][2][FORM_COUNT] = {
    DP_PAIR_ST(0), DP_PAIR_ST(1), DP_PAIR_ST(2), DP_PAIR_ST(3), DP_PAIR_ST(4), DP_PAIR_ST(5), DP_PAIR_ST(6),
    DP_PAIR_ST(7), DP_PAIR_NONE, DP_PAIR_NONE, DP_PAIR_NONE, DP_PAIR_NONE, DP_PAIR_ST(12), DP_PAIR_ST(13),
    DP_PAIR_ST(14), DP_PAIR_ST(15),
};

/* Switch a decoded data-processing op to the variant of its handler that
 * also charges a one-cycle interlock stall.  false when op has no such
 * variant (dp_generic, PC-reading forms): the caller wraps it instead. */
bool dp_use_stall1(ArmOp *op)
{
    unsigned opc = (op->raw >> 21) & 0xF, s = (op->raw >> 20) & 1;
    for (unsigned f = 0; f < FORM_COUNT; f++) {
        if (op->fn == dp_table[opc][s][f] && dp_stall_table[opc][s][f]) {
            op->fn = dp_stall_table[opc][s][f];
            return true;
        }
    }
    return false;
}

/* Every form, every register including the PC (r[15] = pc + 8 set by the
 * wrapper).  Writing the PC is a branch; with S it is an exception return
 * (CPSR <- SPSR), UNPREDICTABLE in User/System mode where we just branch. */
static const ArmOp *dp_generic(Arm11 *cpu, const ArmOp *op)
{
    uint32_t insn = op->raw;
    unsigned opc = (insn >> 21) & 0xF;
    bool s = (insn >> 20) & 1;
    uint32_t b, sc;
    if (insn & (1u << 25)) {
        b = op->imm;
        sc = op->rs == 2 ? carry_bit(cpu) : op->rs;
    } else if (insn & (1u << 4)) {
        /* Register-specified shift reads the PC as pc + 12 (one cycle later). */
        uint32_t rmv = op->rm == 15 ? cpu->r[15] + 4 : cpu->r[op->rm];
        b = shift_reg(cpu, rmv, (insn >> 5) & 3, cpu->r[op->rs], &sc);
        cpu->cycles += T_DP_REG_SHIFT;
    } else {
        b = shift_imm(cpu, cpu->r[op->rm], (insn >> 5) & 3, (insn >> 7) & 31, &sc);
    }
    uint32_t a = cpu->r[op->rn];
    if ((insn & (1u << 25)) == 0 && (insn & (1u << 4)) && op->rn == 15) a += 4;
    bool write_flags = s && op->rd != 15;
    uint32_t res;
    switch (opc) { /* a runtime opcode: dp_alu inlined per case keeps it branch-light */
#define CASE(O) case O: res = write_flags ? dp_alu(cpu, O, true, a, b, sc) : dp_alu(cpu, O, false, a, b, sc); break;
    CASE(0) CASE(1) CASE(2) CASE(3) CASE(4) CASE(5) CASE(6) CASE(7)
    CASE(8) CASE(9) CASE(10) CASE(11) CASE(12) CASE(13) CASE(14) CASE(15)
#undef CASE
    default: res = 0; break;
    }
    if (is_test(opc)) return op->rd == 15 ? next_and_exit(cpu, op) : op + 1;
    if (op->rd != 15) {
        cpu->r[op->rd] = res;
        return op + 1;
    }
    /* MOV pc, lr is a return (return stack); other PC writes are unpredicted */
    cpu->cycles += (insn & 0x0FFFFFFFu) == 0x01A0F00Eu ? ras_return(cpu, res) : T_PC_WRITE;
    if (s && mode_has_spsr(cpu->cpsr & PSR_MODE_MASK)) {
        arm_restore_cpsr(cpu, cpu->spsr);
        return branch_to(cpu, res);
    }
    return branch_to(cpu, res);
}

static unsigned dp_finish(ArmOp *op, uint32_t insn, unsigned form, bool reads_pc)
{
    unsigned opc = (insn >> 21) & 0xF;
    bool s = (insn >> 20) & 1;
    op->rd = (insn >> 12) & 0xF;
    op->rn = (insn >> 16) & 0xF;
    if (opc == OP_MOV || opc == OP_MVN) {
        if (op->rn == 15) op->rn = 0; /* Rn is SBZ for moves: never read it */
    } else if (op->rn == 15) {
        reads_pc = true;
    }
    bool pc_dest = op->rd == 15 && !is_test(opc);
    if (reads_pc || pc_dest || (is_test(opc) && op->rd == 15)) {
        op->fn = dp_generic;
        return reads_pc ? DEC_READS_PC : 0;
    }
    op->fn = dp_table[opc][s][form];
    return 0;
}

unsigned dec_dp_imm(ArmOp *op, uint32_t insn)
{
    unsigned rot = ((insn >> 8) & 0xF) * 2;
    uint32_t imm = insn & 0xFF;
    if (rot) imm = (imm >> rot) | (imm << (32 - rot));
    op->imm = imm;
    op->rs = rot ? (uint8_t)(imm >> 31) : 2; /* shifter carry-out: C unchanged when not rotated */
    return dp_finish(op, insn, FORM_IMM, false);
}

unsigned dec_dp_reg_imm(ArmOp *op, uint32_t insn)
{
    unsigned type = (insn >> 5) & 3, amt = (insn >> 7) & 31;
    op->rm = insn & 0xF;
    op->rs = (uint8_t)amt;
    unsigned form = type == 0 ? (amt == 0 ? FORM_REG : FORM_LSL) : FORM_LSL + type;
    return dp_finish(op, insn, form, op->rm == 15);
}

unsigned dec_dp_reg_reg(ArmOp *op, uint32_t insn)
{
    op->rm = insn & 0xF;
    op->rs = (insn >> 8) & 0xF;
    op->imm = (insn >> 5) & 3;
    return dp_finish(op, insn, FORM_REGSHIFT, op->rm == 15 || op->rs == 15);
}

unsigned dec_undefined(ArmOp *op, uint32_t insn)
{
    (void)insn;
    op->fn = exec_undefined;
    return 0;
}

static const ArmOp *exec_nop(Arm11 *cpu, const ArmOp *op)
{
    (void)cpu;
    return op + 1;
}

unsigned dec_nop(ArmOp *op, uint32_t insn)
{
    (void)insn;
    op->fn = exec_nop;
    return 0;
}
