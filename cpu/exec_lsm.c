/* LDM/STM (ARMv6 ARM A3.12, A4.1.20-22, A4.1.97-98) including the User-bank
 * (S bit, no PC) and exception-return (S bit with PC) forms.
 *
 * Choices where the architecture is UNPREDICTABLE, matching QEMU so the
 * differential tests agree: STM stores the original base even when it is in
 * the list and write-back is on; LDM with the base in the list leaves the
 * loaded value in the base (write-back is overridden).  A data abort leaves
 * the base and the PC untouched (ARM1176 base-restored model); registers
 * loaded before the faulting word keep their new values. */
#include "cpu/decoders.h"

static inline unsigned lsm_start(uint32_t insn, uint32_t base, unsigned n)
{
    bool p = (insn >> 24) & 1, u = (insn >> 23) & 1;
    if (u) return p ? base + 4 : base;
    return p ? base - 4 * n : base - 4 * n + 4;
}

/* Extra cycles of an n-register transfer starting at addr: the 64-bit data
 * path moves two registers per memory cycle, the first of which overlaps
 * the issue cycle; a start that is not 64-bit aligned moves one register
 * alone first (one more cycle when n is even). */
static inline unsigned lsm_extra(unsigned n, uint32_t addr)
{
    return (n - 1 + ((addr >> 2) & 1)) / 2 * T_LSM_PER_PAIR;
}

static inline uint32_t lsm_wb(uint32_t insn, uint32_t base, unsigned n)
{
    return ((insn >> 23) & 1) ? base + 4 * n : base - 4 * n;
}

static const ArmOp *exec_ldm(Arm11 *cpu, const ArmOp *op)
{
    uint32_t insn = op->raw, list = op->imm;
    unsigned n = __builtin_popcount(list);
    uint32_t base = cpu->r[op->rn];
    uint32_t addr = lsm_start(insn, base, n);
    bool w = (insn >> 21) & 1;
    bool base_loaded = false;
    uint32_t base_val = 0;
    cpu->cycles += lsm_extra(n, addr);
    for (uint32_t l = list & 0x7FFF; l; l &= l - 1) {
        unsigned r = __builtin_ctz(l);
        uint32_t v = mem_read(cpu, addr, 4, ACC_READ | ACC_STRICT);
        if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
        if (r == op->rn) {
            base_loaded = true;
            base_val = v;
        } else {
            cpu->r[r] = v;
        }
        addr += 4;
    }
    uint32_t pc = 0;
    if (list & 0x8000) {
        pc = mem_read(cpu, addr, 4, ACC_READ | ACC_STRICT);
        if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
    }
    if (w) cpu->r[op->rn] = lsm_wb(insn, base, n);
    if (base_loaded) cpu->r[op->rn] = base_val;
    if (list & 0x8000) {
        cpu->cycles += ras_return(cpu, pc); /* POP {..., pc}: a predicted return */
        return branch_exchange(cpu, pc);
    }
    return op + 1;
}

/* LDM with S: with the PC in the list an exception return, otherwise a load
 * of the User-mode registers (no write-back allowed: UNPREDICTABLE, we honour
 * it on the current-mode base). */
static const ArmOp *exec_ldm_s(Arm11 *cpu, const ArmOp *op)
{
    uint32_t insn = op->raw, list = op->imm;
    unsigned n = __builtin_popcount(list);
    uint32_t base = cpu->r[op->rn];
    uint32_t addr = lsm_start(insn, base, n);
    bool w = (insn >> 21) & 1;
    bool ret = (list & 0x8000) != 0;
    uint32_t vals[16];
    cpu->cycles += lsm_extra(n, addr);
    for (uint32_t l = list; l; l &= l - 1) {
        unsigned r = __builtin_ctz(l);
        vals[r] = mem_read(cpu, addr, 4, ACC_READ | ACC_STRICT);
        if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
        addr += 4;
    }
    if (w) cpu->r[op->rn] = lsm_wb(insn, base, n);
    for (uint32_t l = list & 0x7FFF; l; l &= l - 1) {
        unsigned r = __builtin_ctz(l);
        if (ret) cpu->r[r] = vals[r];
        else arm_set_user_reg(cpu, r, vals[r]);
    }
    if (!ret) return op + 1;
    cpu->cycles += T_PC_WRITE;
    if (mode_has_spsr(cpu->cpsr & PSR_MODE_MASK)) arm_restore_cpsr(cpu, cpu->spsr);
    return branch_to(cpu, vals[15]);
}

static const ArmOp *exec_stm(Arm11 *cpu, const ArmOp *op)
{
    uint32_t insn = op->raw, list = op->imm;
    unsigned n = __builtin_popcount(list);
    uint32_t base = cpu->r[op->rn];
    uint32_t addr = lsm_start(insn, base, n);
    bool user = (insn >> 22) & 1;
    cpu->cycles += lsm_extra(n, addr);
    for (uint32_t l = list; l; l &= l - 1) {
        unsigned r = __builtin_ctz(l);
        /* r15 is only read through the wrapper (pc + 8) when in the list. */
        uint32_t v = user ? arm_user_reg(cpu, r) : cpu->r[r];
        mem_write(cpu, addr, 4, v, ACC_WRITE | ACC_STRICT);
        if (unlikely(cpu->fault)) return data_abort(cpu, op, true);
        addr += 4;
    }
    if ((insn >> 21) & 1) cpu->r[op->rn] = lsm_wb(insn, base, n);
    return op + 1;
}

/* PUSH: STMDB sp!, {list without pc} -- the function-prologue idiom. */
static const ArmOp *exec_push(Arm11 *cpu, const ArmOp *op)
{
    uint32_t list = op->imm;
    unsigned n = __builtin_popcount(list);
    uint32_t base = cpu->r[op->rn], addr = base - 4 * n;
    cpu->cycles += lsm_extra(n, addr);
    for (uint32_t l = list; l; l &= l - 1) {
        mem_write(cpu, addr, 4, cpu->r[__builtin_ctz(l)], ACC_WRITE | ACC_STRICT);
        if (unlikely(cpu->fault)) return data_abort(cpu, op, true);
        addr += 4;
    }
    cpu->r[op->rn] = base - 4 * n;
    return op + 1;
}

unsigned dec_lsm(ArmOp *op, uint32_t insn)
{
    bool s = (insn >> 22) & 1, load = (insn >> 20) & 1, w = (insn >> 21) & 1;
    op->rn = (insn >> 16) & 0xF;
    op->imm = insn & 0xFFFF;
    if (op->imm == 0) return dec_undefined(op, insn); /* empty list: UNPREDICTABLE */
    if (op->rn == 15) return dec_undefined(op, insn); /* base PC: UNPREDICTABLE */
    if (load) {
        op->fn = s ? exec_ldm_s : exec_ldm;
        return 0;
    }
    bool reads_pc = (op->imm & 0x8000) != 0;
    if (!s && !reads_pc && w && ((insn >> 23) & 3) == 2 && !(op->imm & (1u << op->rn))) op->fn = exec_push;
    else op->fn = exec_stm;
    return reads_pc ? DEC_READS_PC : 0;
}
