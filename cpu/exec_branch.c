/* ARM branches: B, BL, BLX (immediate and register), BX and BXJ
 * (ARMv6 ARM A3.3, A4.1.5-11).  A branch whose target lies in the same
 * 4 KiB page returns the target op directly, so loops never leave the
 * decoded page. */
#include "cpu/decoders.h"

static const ArmOp *b_local(Arm11 *cpu, const ArmOp *op)
{
    cpu->cycles += T_BRANCH_TAKEN;
    return op + (int32_t)op->imm;
}

static const ArmOp *bl_local(Arm11 *cpu, const ArmOp *op)
{
    cpu->r[14] = op_addr(cpu, op) + 4;
    cpu->cycles += T_BRANCH_TAKEN;
    return op + (int32_t)op->imm;
}

static const ArmOp *b_far(Arm11 *cpu, const ArmOp *op)
{
    cpu->cycles += T_BRANCH_TAKEN;
    cpu->r[15] = op_addr(cpu, op) + 8 + op->imm;
    return NULL;
}

static const ArmOp *bl_far(Arm11 *cpu, const ArmOp *op)
{
    uint32_t pc = op_addr(cpu, op);
    cpu->r[14] = pc + 4;
    cpu->cycles += T_BRANCH_TAKEN;
    cpu->r[15] = pc + 8 + op->imm;
    return NULL;
}

unsigned dec_b(ArmOp *op, uint32_t insn)
{
    bool link = (insn >> 24) & 1;
    int32_t off = (int32_t)(insn << 8) >> 6; /* sign-extended imm24 * 4 */
    int32_t target = (int32_t)op->pcoff + 8 + off;
    if (target >= 0 && target < 4096) {
        op->imm = (uint32_t)((target - (int32_t)op->pcoff) / 4);
        op->fn = link ? bl_local : b_local;
    } else {
        op->imm = (uint32_t)off;
        op->fn = link ? bl_far : b_far;
    }
    return 0;
}

/* BLX <imm>: always to Thumb; H supplies bit 1 of the target. */
static const ArmOp *exec_blx_imm(Arm11 *cpu, const ArmOp *op)
{
    uint32_t pc = op_addr(cpu, op);
    cpu->r[14] = pc + 4;
    cpu->cycles += T_BRANCH_TAKEN;
    cpu->cpsr |= PSR_T;
    cpu->r[15] = pc + 8 + op->imm;
    return NULL;
}

unsigned dec_blx_imm(ArmOp *op, uint32_t insn)
{
    op->imm = (uint32_t)(((int32_t)(insn << 8) >> 6) | (int32_t)((insn >> 23) & 2));
    op->fn = exec_blx_imm;
    return 0;
}

static const ArmOp *exec_bx(Arm11 *cpu, const ArmOp *op)
{
    cpu->cycles += T_BX;
    return branch_exchange(cpu, cpu->r[op->rm]);
}

unsigned dec_bx(ArmOp *op, uint32_t insn)
{
    /* BXJ: Jazelle is not enabled (JE = 0 in the JMCR), so BXJ is BX. */
    op->rm = insn & 0xF;
    op->fn = exec_bx;
    return op->rm == 15 ? DEC_READS_PC : 0;
}

static const ArmOp *exec_blx_reg(Arm11 *cpu, const ArmOp *op)
{
    uint32_t target = cpu->r[op->rm];
    cpu->r[14] = op_addr(cpu, op) + 4;
    cpu->cycles += T_BX;
    return branch_exchange(cpu, target);
}

unsigned dec_blx_reg(ArmOp *op, uint32_t insn)
{
    op->rm = insn & 0xF;
    if (op->rm == 15) return dec_undefined(op, insn); /* UNPREDICTABLE */
    op->fn = exec_blx_reg;
    return 0;
}
