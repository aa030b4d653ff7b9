/* ARM branches: B, BL, BLX (immediate and register), BX and BXJ
 * (ARMv6 ARM A3.3, A4.1.5-11).  A branch whose target lies in the same
 * 4 KiB page returns the target op directly, so loops never leave the
 * decoded page.
 *
 * Timing: conditional B (ARM and Thumb) goes through the branch predictor
 * (bp_branch), a misprediction costing op->rn extra cycles by how close
 * before it the flags were set (decode_flag_distance in cpu/decode.c);
 * unconditional B/BL/BLX immediate are charged as dynamically predicted
 * (T_BRANCH_TAKEN: always taken, so a warm predictor always gets them
 * right; their first execution and aliasing are not modelled).  A
 * conditional B that fails its condition is skipped by the run loop, which
 * recognises exec_bc_local/exec_bc_far and trains the predictor with the
 * not-taken outcome (arm_bcond_not_taken), so handlers of other ops and
 * taken branches pay nothing extra.
 * BL/BLX push the return stack, BX lr pops it (ras_return). */
#include "cpu/decoders.h"

/* local forms: op->imm = distance in ops; far forms: byte offset */
static const ArmOp *b_local(Arm11 *cpu, const ArmOp *op)
{
    cpu->cycles += T_BRANCH_TAKEN;
    return op + (int32_t)op->imm;
}

/* Conditional B (taken: the run loop skips a failed condition and trains the
 * predictor with the not-taken outcome itself, see arm_bcond_not_taken).
 * op->rd = 1 for a backward branch (static prediction). */
const ArmOp *exec_bc_local(Arm11 *cpu, const ArmOp *op)
{
    cpu->cycles += bp_branch(cpu, op_addr(cpu, op), true, op->rd, op->rn);
    return op + (int32_t)op->imm;
}

/* A conditional B failed its condition (called by the run loops). */
void arm_bcond_train_not_taken(Arm11 *cpu, const ArmOp *op)
{
    cpu->cycles += bp_branch(cpu, op_addr(cpu, op), false, op->rd, op->rn);
}

static const ArmOp *bl_local(Arm11 *cpu, const ArmOp *op)
{
    uint32_t pc = op_addr(cpu, op);
    cpu->r[14] = pc + 4;
    ras_push(cpu, pc + 4);
    cpu->cycles += T_BRANCH_TAKEN;
    return op + (int32_t)op->imm;
}

static const ArmOp *b_far(Arm11 *cpu, const ArmOp *op)
{
    uint32_t pc = op_addr(cpu, op);
    cpu->cycles += T_BRANCH_TAKEN;
    cpu->r[15] = pc + 8 + op->imm;
    return NULL;
}

const ArmOp *exec_bc_far(Arm11 *cpu, const ArmOp *op)
{
    uint32_t pc = op_addr(cpu, op);
    cpu->cycles += bp_branch(cpu, pc, true, op->rd, op->rn);
    cpu->r[15] = pc + 8 + op->imm;
    return NULL;
}

static const ArmOp *bl_far(Arm11 *cpu, const ArmOp *op)
{
    uint32_t pc = op_addr(cpu, op);
    cpu->r[14] = pc + 4;
    ras_push(cpu, pc + 4);
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
    if (!link && (insn >> 28) < 14) { /* conditional B: see exec_bc_local */
        op->rd = op->fn == b_local ? (int32_t)op->imm <= 0 : (int32_t)op->imm < 0;
        op->rn = T_BRANCH_MISPREDICT; /* refined by exec_decode_lazy (flag distance) */
        op->fn = op->fn == b_local ? exec_bc_local : exec_bc_far;
    }
    return 0;
}

/* BLX <imm>: always to Thumb; H supplies bit 1 of the target. */
static const ArmOp *exec_blx_imm(Arm11 *cpu, const ArmOp *op)
{
    uint32_t pc = op_addr(cpu, op);
    cpu->r[14] = pc + 4;
    ras_push(cpu, pc + 4);
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
    uint32_t target = cpu->r[op->rm];
    cpu->cycles += op->rm == 14 ? ras_return(cpu, target) : T_BX_REG;
    return branch_exchange(cpu, target);
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
    ras_push(cpu, cpu->r[14]);
    cpu->cycles += T_BX_REG;
    return branch_exchange(cpu, target);
}

unsigned dec_blx_reg(ArmOp *op, uint32_t insn)
{
    op->rm = insn & 0xF;
    if (op->rm == 15) return dec_undefined(op, insn); /* UNPREDICTABLE */
    op->fn = exec_blx_reg;
    return 0;
}
