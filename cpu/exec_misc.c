/* ARM status-register access, hints, exception-generating instructions,
 * CPS/SETEND/SRS/RFE and coprocessor transfers (ARMv6 ARM A3.10, A3.15-17,
 * A4.1). */
#include "cpu/decoders.h"

const ArmOp *exec_undefined(Arm11 *cpu, const ArmOp *op) { return take_exception(cpu, EXC_UNDEF, op); }

/* ---- MRS / MSR --------------------------------------------------------------- */
static const ArmOp *exec_mrs(Arm11 *cpu, const ArmOp *op)
{
    /* MRS of the SPSR in User/System mode is UNPREDICTABLE; we read 0. */
    cpu->r[op->rd] = op->imm ? cpu->spsr : cpu->cpsr;
    return op + 1;
}

unsigned dec_mrs(ArmOp *op, uint32_t insn)
{
    op->rd = (insn >> 12) & 0xF;
    op->imm = (insn >> 22) & 1;
    if (op->rd == 15) return dec_undefined(op, insn); /* UNPREDICTABLE */
    op->fn = exec_mrs;
    return 0;
}

static uint32_t field_mask(uint32_t insn)
{
    uint32_t m = 0;
    for (int i = 0; i < 4; i++)
        if (insn & (1u << (16 + i))) m |= 0xFFu << (8 * i);
    return m;
}

static const ArmOp *msr_common(Arm11 *cpu, const ArmOp *op, uint32_t val)
{
    uint32_t mask = field_mask(op->raw);
    if (op->raw & (1u << 22)) {
        /* SPSR: everything but the reserved bits, privileged modes only. */
        if (mode_has_spsr(cpu->cpsr & PSR_MODE_MASK)) {
            mask &= 0xF90F03FFu;
            cpu->spsr = (cpu->spsr & ~mask) | (val & mask);
        }
        return op + 1;
    }
    uint32_t before = cpu->cpsr;
    arm_cpsr_write(cpu, val, mask);
    /* Mode or interrupt-mask changes: leave the loop so pending IRQs are seen. */
    if ((before ^ cpu->cpsr) & (PSR_MODE_MASK | PSR_I | PSR_F | PSR_A)) return next_and_exit(cpu, op);
    return op + 1;
}

static const ArmOp *exec_msr_reg(Arm11 *cpu, const ArmOp *op) { return msr_common(cpu, op, cpu->r[op->rm]); }
static const ArmOp *exec_msr_imm(Arm11 *cpu, const ArmOp *op) { return msr_common(cpu, op, op->imm); }

unsigned dec_msr_reg(ArmOp *op, uint32_t insn)
{
    op->rm = insn & 0xF;
    op->fn = exec_msr_reg;
    return op->rm == 15 ? DEC_READS_PC : 0;
}

unsigned dec_msr_imm(ArmOp *op, uint32_t insn)
{
    unsigned rot = ((insn >> 8) & 0xF) * 2;
    uint32_t imm = insn & 0xFF;
    op->imm = rot ? (imm >> rot) | (imm << (32 - rot)) : imm;
    op->fn = exec_msr_imm;
    return 0;
}

/* ---- hints (ARMv6K: MSR-immediate space with an empty mask) ----------------- */
static const ArmOp *exec_hint_nop(Arm11 *cpu, const ArmOp *op)
{
    (void)cpu;
    return op + 1;
}

/* WFE: with a single core and no other event sources we never sleep: the
 * event register is consumed if set, otherwise WFE completes at once (allowed
 * by the architecture: an event may arrive at any time). */
static const ArmOp *exec_wfe(Arm11 *cpu, const ArmOp *op)
{
    cpu->event_reg = false;
    return op + 1;
}

static const ArmOp *exec_sev(Arm11 *cpu, const ArmOp *op)
{
    cpu->event_reg = true;
    return op + 1;
}

static const ArmOp *exec_wfi(Arm11 *cpu, const ArmOp *op)
{
    cpu->halted = true;
    return next_and_exit(cpu, op);
}

unsigned dec_hint(ArmOp *op, uint32_t insn)
{
    switch (insn & 0xFF) {
    case 2: op->fn = exec_wfe; break;
    case 3: op->fn = exec_wfi; break;
    case 4: op->fn = exec_sev; break;
    default: op->fn = exec_hint_nop; break; /* NOP, YIELD and unallocated hints */
    }
    return 0;
}

/* ---- SVC / BKPT / SMC ------------------------------------------------------------ */
const ArmOp *arm_exec_svc(Arm11 *cpu, const ArmOp *op, bool thumb)
{
    if (cpu->hooks.svc && cpu->hooks.svc(cpu, cpu->hooks.opaque, op->imm, thumb)) {
        if (cpu->stop) return next_and_exit(cpu, op);
        return op + 1;
    }
    return take_exception(cpu, EXC_SVC, op);
}

static const ArmOp *exec_svc(Arm11 *cpu, const ArmOp *op) { return arm_exec_svc(cpu, op, false); }

unsigned dec_svc(ArmOp *op, uint32_t insn)
{
    op->imm = insn & 0xFFFFFF;
    op->fn = exec_svc;
    return 0;
}

const ArmOp *arm_exec_bkpt(Arm11 *cpu, const ArmOp *op, bool thumb)
{
    if (cpu->hooks.bkpt && cpu->hooks.bkpt(cpu, cpu->hooks.opaque, op->imm, thumb)) {
        if (cpu->stop) return next_and_exit(cpu, op);
        return op + 1;
    }
    /* BKPT is a prefetch abort with IFSR = debug event (ARM1176 TRM 3.2.24). */
    return prefetch_abort(cpu, op, 0x2, op_addr(cpu, op));
}

static const ArmOp *exec_bkpt(Arm11 *cpu, const ArmOp *op) { return arm_exec_bkpt(cpu, op, false); }

unsigned dec_bkpt(ArmOp *op, uint32_t insn)
{
    op->imm = ((insn >> 4) & 0xFFF0) | (insn & 0xF);
    op->fn = exec_bkpt;
    /* A conditional BKPT is UNPREDICTABLE; the ARM1176 executes it unconditionally. */
    op->cmask = 0xFFFF;
    return 0;
}

static const ArmOp *exec_smc(Arm11 *cpu, const ArmOp *op)
{
    if (!arm_privileged(cpu)) return take_exception(cpu, EXC_UNDEF, op);
    return take_exception(cpu, EXC_SMC, op);
}

unsigned dec_smc(ArmOp *op, uint32_t insn)
{
    op->imm = insn & 0xF;
    op->fn = exec_smc;
    return 0;
}

/* ---- CPS / SETEND ------------------------------------------------------------------ */
static const ArmOp *exec_cps(Arm11 *cpu, const ArmOp *op)
{
    if (!arm_privileged(cpu)) return op + 1; /* CPS is a NOP in User mode */
    uint32_t insn = op->raw;
    unsigned imod = (insn >> 18) & 3;
    uint32_t bits = ((insn >> 8) & 1 ? PSR_A : 0) | ((insn >> 7) & 1 ? PSR_I : 0) | ((insn >> 6) & 1 ? PSR_F : 0);
    uint32_t v = cpu->cpsr;
    if (imod == 2) v &= ~bits;
    else if (imod == 3) v |= bits;
    uint32_t mask = PSR_A | PSR_I | PSR_F;
    if ((insn >> 17) & 1) {
        v = (v & ~PSR_MODE_MASK) | (insn & 0x1F);
        mask |= PSR_MODE_MASK;
    }
    arm_cpsr_write(cpu, v, mask);
    return next_and_exit(cpu, op);
}

unsigned dec_cps(ArmOp *op, uint32_t insn)
{
    unsigned imod = (insn >> 18) & 3;
    if (imod == 1) return dec_undefined(op, insn); /* reserved imod */
    op->fn = exec_cps;
    return 0;
}

static const ArmOp *exec_setend(Arm11 *cpu, const ArmOp *op)
{
    arm_set_endian(cpu, op->imm != 0);
    return op + 1;
}

unsigned dec_setend(ArmOp *op, uint32_t insn)
{
    op->imm = (insn >> 9) & 1;
    op->fn = exec_setend;
    return 0;
}

/* ---- SRS / RFE ------------------------------------------------------------------------ */
static uint32_t block_start(uint32_t insn, uint32_t base)
{
    bool p = (insn >> 24) & 1, u = (insn >> 23) & 1;
    if (u) return p ? base + 4 : base;
    return p ? base - 8 : base - 4;
}

static const ArmOp *exec_srs(Arm11 *cpu, const ArmOp *op)
{
    uint32_t insn = op->raw;
    unsigned mode = insn & 0x1F;
    if (!arm_privileged(cpu) || !arm_mode_valid(mode) || mode == MODE_USR)
        return op + 1; /* UNPREDICTABLE: ignore */
    unsigned cur = cpu->cpsr & PSR_MODE_MASK;
    uint32_t lr = cpu->r[14], spsr = cpu->spsr;
    uint32_t base = arm_get_reg_mode(cpu, mode, 13);
    uint32_t addr = block_start(insn, base);
    mem_write(cpu, addr, 4, lr, ACC_WRITE | ACC_STRICT);
    if (unlikely(cpu->fault)) return data_abort(cpu, op, true);
    mem_write(cpu, addr + 4, 4, spsr, ACC_WRITE | ACC_STRICT);
    if (unlikely(cpu->fault)) return data_abort(cpu, op, true);
    if ((insn >> 21) & 1) {
        uint32_t nb = ((insn >> 23) & 1) ? base + 8 : base - 8;
        if (mode == cur || (mode == MODE_SYS && cur == MODE_USR)) {
            cpu->r[13] = nb;
        } else {
            /* write the other mode's banked SP by switching briefly */
            uint32_t saved = cpu->cpsr;
            arm_switch_mode(cpu, mode);
            cpu->r[13] = nb;
            arm_switch_mode(cpu, cur);
            cpu->cpsr = saved;
            cpu->spsr = spsr;
        }
    }
    return op + 1;
}

unsigned dec_srs(ArmOp *op, uint32_t insn)
{
    (void)insn;
    op->fn = exec_srs;
    return 0;
}

static const ArmOp *exec_rfe(Arm11 *cpu, const ArmOp *op)
{
    uint32_t insn = op->raw;
    if (!arm_privileged(cpu)) return op + 1; /* UNPREDICTABLE in User mode */
    uint32_t base = cpu->r[op->rn];
    uint32_t addr = block_start(insn, base);
    uint32_t pc = mem_read(cpu, addr, 4, ACC_READ | ACC_STRICT);
    if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
    uint32_t psr = mem_read(cpu, addr + 4, 4, ACC_READ | ACC_STRICT);
    if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
    if ((insn >> 21) & 1) cpu->r[op->rn] = ((insn >> 23) & 1) ? base + 8 : base - 8;
    cpu->cycles += T_PC_WRITE;
    arm_restore_cpsr(cpu, psr);
    return branch_to(cpu, pc);
}

unsigned dec_rfe(ArmOp *op, uint32_t insn)
{
    op->rn = (insn >> 16) & 0xF;
    if (op->rn == 15) return dec_undefined(op, insn);
    op->fn = exec_rfe;
    return 0;
}

/* ---- coprocessors ------------------------------------------------------------------------ */
/* CPACR gates CP0-CP13 (00 denied, 01 privileged, 11 full); CP14/CP15 check
 * their own User-mode rules. */
const ArmCoproc *arm_coproc(Arm11 *cpu, unsigned num)
{
    if (num < 14) {
        unsigned a = (cpu->cp15.cpacr >> (2 * num)) & 3;
        if (a == 0 || a == 2 || (a == 1 && !arm_privileged(cpu))) return NULL;
    }
    return &cpu->cp[num];
}

static const ArmOp *exec_mcr_mrc(Arm11 *cpu, const ArmOp *op)
{
    uint32_t insn = op->raw;
    const ArmCoproc *cp = arm_coproc(cpu, (insn >> 8) & 0xF);
    unsigned opc1 = (insn >> 21) & 7, crn = (insn >> 16) & 0xF, crm = insn & 0xF, opc2 = (insn >> 5) & 7;
    cpu->cycles += T_COPROC;
    if ((insn >> 20) & 1) {
        uint32_t v;
        if (!cp || !cp->mrc || !cp->mrc(cpu, cp->opaque, opc1, crn, crm, opc2, &v))
            return take_exception(cpu, EXC_UNDEF, op);
        if (op->rd == 15) cpu->cpsr = (cpu->cpsr & 0x0FFFFFFFu) | (v & 0xF0000000u);
        else cpu->r[op->rd] = v;
        return op + 1;
    }
    if (!cp || !cp->mcr || !cp->mcr(cpu, cp->opaque, opc1, crn, crm, opc2, cpu->r[op->rd]))
        return take_exception(cpu, EXC_UNDEF, op);
    /* CP15 maintenance by MVA / VA->PA walks can abort (mmu/); WnR reads 1 */
    if (unlikely(cpu->fault)) return data_abort(cpu, op, true);
    /* A coprocessor write may change core state (SCTLR, WFI, TLB): re-enter
     * the loop at the next instruction so nothing stale is used. */
    if (cpu->deadline == 0 || cpu->halted || cpu->stop) return next_and_exit(cpu, op);
    return op + 1;
}

unsigned dec_mcr_mrc(ArmOp *op, uint32_t insn)
{
    op->rd = (insn >> 12) & 0xF;
    op->fn = exec_mcr_mrc;
    bool load = (insn >> 20) & 1;
    return (!load && op->rd == 15) ? DEC_READS_PC : 0;
}

static const ArmOp *exec_mcrr(Arm11 *cpu, const ArmOp *op)
{
    uint32_t insn = op->raw;
    const ArmCoproc *cp = arm_coproc(cpu, (insn >> 8) & 0xF);
    unsigned opc = (insn >> 4) & 0xF, crm = insn & 0xF;
    if ((insn >> 20) & 1) {
        uint32_t lo, hi;
        if (!cp || !cp->mrrc || !cp->mrrc(cpu, cp->opaque, opc, crm, &lo, &hi))
            return take_exception(cpu, EXC_UNDEF, op);
        cpu->r[op->rd] = lo;
        cpu->r[op->rn] = hi;
        return op + 1;
    }
    if (!cp || !cp->mcrr || !cp->mcrr(cpu, cp->opaque, opc, crm, cpu->r[op->rd], cpu->r[op->rn]))
        return take_exception(cpu, EXC_UNDEF, op);
    return next_and_exit(cpu, op);
}

unsigned dec_mcrr(ArmOp *op, uint32_t insn)
{
    op->rd = (insn >> 12) & 0xF; /* Rt (low word) */
    op->rn = (insn >> 16) & 0xF; /* Rt2 (high word) */
    if (op->rd == 15 || op->rn == 15) return dec_undefined(op, insn);
    op->fn = exec_mcrr;
    return 0;
}

static const ArmOp *exec_cdp(Arm11 *cpu, const ArmOp *op)
{
    const ArmCoproc *cp = arm_coproc(cpu, (op->raw >> 8) & 0xF);
    if (!cp || !cp->cdp || !cp->cdp(cpu, cp->opaque, op->raw)) return take_exception(cpu, EXC_UNDEF, op);
    return op + 1;
}

unsigned dec_cdp(ArmOp *op, uint32_t insn)
{
    (void)insn;
    op->fn = exec_cdp;
    return 0;
}

static const ArmOp *exec_ldc_stc(Arm11 *cpu, const ArmOp *op)
{
    uint32_t insn = op->raw;
    const ArmCoproc *cp = arm_coproc(cpu, (insn >> 8) & 0xF);
    unsigned count = (cp && cp->ldc_stc_count) ? cp->ldc_stc_count(cpu, cp->opaque, insn) : 0;
    if (!count) return take_exception(cpu, EXC_UNDEF, op);
    bool p = (insn >> 24) & 1, u = (insn >> 23) & 1, w = (insn >> 21) & 1, load = (insn >> 20) & 1;
    uint32_t off = (insn & 0xFF) * 4, base = cpu->r[op->rn];
    uint32_t addr = p ? (u ? base + off : base - off) : base;
    for (unsigned i = 0; i < count; i++, addr += 4) {
        if (load) {
            uint32_t v = mem_read(cpu, addr, 4, ACC_READ | ACC_STRICT);
            if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
            if (!cp->ldc_word(cpu, cp->opaque, insn, i, v)) return take_exception(cpu, EXC_UNDEF, op);
        } else {
            uint32_t v;
            if (!cp->stc_word(cpu, cp->opaque, insn, i, &v)) return take_exception(cpu, EXC_UNDEF, op);
            mem_write(cpu, addr, 4, v, ACC_WRITE | ACC_STRICT);
            if (unlikely(cpu->fault)) return data_abort(cpu, op, true);
        }
    }
    cpu->cycles += count / 2;
    if (w) cpu->r[op->rn] = u ? base + off : base - off;
    return op + 1;
}

unsigned dec_ldc_stc(ArmOp *op, uint32_t insn)
{
    op->rn = (insn >> 16) & 0xF;
    op->fn = exec_ldc_stc;
    bool w = (insn >> 21) & 1;
    if (op->rn == 15 && w) return dec_undefined(op, insn);
    return op->rn == 15 ? DEC_READS_PC : 0;
}
