/* ARM single loads and stores: word/byte (A3.11), halfword/signed/double
 * (A3.13), SWP/SWPB and the ARMv6K exclusives (A3.14).
 *
 * Aborts follow the ARM1176 "base restored" model: a faulting access leaves
 * every register as it was.  A load into the PC interworks (ARMv5+). */
#include "cpu/decoders.h"

/* Result interlocks: the stall a load causes in the two instructions after
 * it (its loaded register, and its write-back base) is computed once, when
 * the load is decoded inside a page (exec_decode_lazy ->
 * arm_interlock_stall), and kept in bits 7:5 of op->rs (bits 4:0 are the
 * shift amount of the register-offset forms).  Other ops get a stall
 * wrapper instead (cpu/decode.c). */
#define LS_SHIFT(op) ((op)->rs & 31u)
#define LOAD_USE(op, r)                                   \
    do {                                                  \
        (void)(r);                                        \
        if ((op)->rs >> 5) cpu->cycles += (op)->rs >> 5;  \
    } while (0)

/* ---- fast word/byte forms: immediate offset, no PC involvement ---------- */
static const ArmOp *ldr_imm_pre(Arm11 *cpu, const ArmOp *op)
{
    uint32_t v = rd32(cpu, cpu->r[op->rn] + op->imm);
    if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
    cpu->r[op->rd] = v;
    LOAD_USE(op, op->rd);
    return op + 1;
}
static const ArmOp *str_imm_pre(Arm11 *cpu, const ArmOp *op)
{
    wr32(cpu, cpu->r[op->rn] + op->imm, cpu->r[op->rd]);
    if (unlikely(cpu->fault)) return data_abort(cpu, op, true);
    return op + 1;
}
static const ArmOp *ldrb_imm_pre(Arm11 *cpu, const ArmOp *op)
{
    uint32_t v = rd8(cpu, cpu->r[op->rn] + op->imm);
    if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
    cpu->r[op->rd] = v;
    LOAD_USE(op, op->rd);
    return op + 1;
}
static const ArmOp *strb_imm_pre(Arm11 *cpu, const ArmOp *op)
{
    wr8(cpu, cpu->r[op->rn] + op->imm, cpu->r[op->rd]);
    if (unlikely(cpu->fault)) return data_abort(cpu, op, true);
    return op + 1;
}
/* Register offset, LSL #imm (the LSL #0 / #2 cases are single-cycle). */
static const ArmOp *ldr_reg_pre(Arm11 *cpu, const ArmOp *op)
{
    uint32_t v = rd32(cpu, cpu->r[op->rn] + (cpu->r[op->rm] << LS_SHIFT(op)));
    if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
    cpu->r[op->rd] = v;
    LOAD_USE(op, op->rd);
    return op + 1;
}
static const ArmOp *str_reg_pre(Arm11 *cpu, const ArmOp *op)
{
    wr32(cpu, cpu->r[op->rn] + (cpu->r[op->rm] << LS_SHIFT(op)), cpu->r[op->rd]);
    if (unlikely(cpu->fault)) return data_abort(cpu, op, true);
    return op + 1;
}
static const ArmOp *ldrb_reg_pre(Arm11 *cpu, const ArmOp *op)
{
    uint32_t v = rd8(cpu, cpu->r[op->rn] + (cpu->r[op->rm] << LS_SHIFT(op)));
    if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
    cpu->r[op->rd] = v;
    LOAD_USE(op, op->rd);
    return op + 1;
}
static const ArmOp *strb_reg_pre(Arm11 *cpu, const ArmOp *op)
{
    wr8(cpu, cpu->r[op->rn] + (cpu->r[op->rm] << LS_SHIFT(op)), cpu->r[op->rd]);
    if (unlikely(cpu->fault)) return data_abort(cpu, op, true);
    return op + 1;
}
/* Post-indexed immediate (LDR r0, [r1], #4): the pointer-walk idiom. */
static const ArmOp *ldr_imm_post(Arm11 *cpu, const ArmOp *op)
{
    uint32_t base = cpu->r[op->rn];
    uint32_t v = rd32(cpu, base);
    if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
    cpu->r[op->rn] = base + op->imm;
    cpu->r[op->rd] = v;
    LOAD_USE(op, op->rd);
    return op + 1;
}
static const ArmOp *str_imm_post(Arm11 *cpu, const ArmOp *op)
{
    uint32_t base = cpu->r[op->rn];
    wr32(cpu, base, cpu->r[op->rd]);
    if (unlikely(cpu->fault)) return data_abort(cpu, op, true);
    cpu->r[op->rn] = base + op->imm;
    return op + 1;
}
static const ArmOp *ldrb_imm_post(Arm11 *cpu, const ArmOp *op)
{
    uint32_t base = cpu->r[op->rn];
    uint32_t v = rd8(cpu, base);
    if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
    cpu->r[op->rn] = base + op->imm;
    cpu->r[op->rd] = v;
    LOAD_USE(op, op->rd);
    return op + 1;
}
static const ArmOp *strb_imm_post(Arm11 *cpu, const ArmOp *op)
{
    uint32_t base = cpu->r[op->rn];
    wr8(cpu, base, cpu->r[op->rd]);
    if (unlikely(cpu->fault)) return data_abort(cpu, op, true);
    cpu->r[op->rn] = base + op->imm;
    return op + 1;
}
/* Pre-indexed with write-back (STR r0, [sp, #-4]!). */
static const ArmOp *ldr_imm_prewb(Arm11 *cpu, const ArmOp *op)
{
    uint32_t addr = cpu->r[op->rn] + op->imm;
    uint32_t v = rd32(cpu, addr);
    if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
    cpu->r[op->rn] = addr;
    cpu->r[op->rd] = v;
    LOAD_USE(op, op->rd);
    return op + 1;
}
static const ArmOp *str_imm_prewb(Arm11 *cpu, const ArmOp *op)
{
    uint32_t addr = cpu->r[op->rn] + op->imm;
    wr32(cpu, addr, cpu->r[op->rd]);
    if (unlikely(cpu->fault)) return data_abort(cpu, op, true);
    cpu->r[op->rn] = addr;
    return op + 1;
}

/* ---- the general word/byte handler ---------------------------------------- */
/* op->imm: immediate offset (already signed by U) for the immediate form;
 * register form: rm/rs = shift amount, imm = shift type, sign from raw. */
static const ArmOp *ls_generic(Arm11 *cpu, const ArmOp *op)
{
    uint32_t insn = op->raw;
    bool p = (insn >> 24) & 1, u = (insn >> 23) & 1, byte = (insn >> 22) & 1, w = (insn >> 21) & 1,
         load = (insn >> 20) & 1;
    uint32_t offset;
    if (insn & (1u << 25)) {
        uint32_t sc;
        offset = shift_imm(cpu, cpu->r[op->rm], (insn >> 5) & 3, (insn >> 7) & 31, &sc);
        if (!u) offset = 0u - offset;
        if (!(u && ((insn >> 5) & 3) == 0 && (((insn >> 7) & 31) == 0 || ((insn >> 7) & 31) == 2)))
            cpu->cycles += T_LS_REG_SCALED;
    } else {
        offset = op->imm;
    }
    uint32_t base = cpu->r[op->rn];
    uint32_t addr = p ? base + offset : base;
    bool user = !p && w; /* LDRT/STRT: post-indexed with W set */
    unsigned acc = user ? ACC_USER : 0;
    bool wb = !p || w;
    if (load) {
        /* LDRT/STRT always take the slow path: their permission check differs. */
        if (user) cpu->slow_op = op;
        uint32_t v = user ? mem_read_slow(cpu, addr, byte ? 1 : 4, ACC_READ | acc)
                          : byte ? rd8(cpu, addr) : rd32(cpu, addr);
        if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
        if (wb) cpu->r[op->rn] = base + offset; /* a load into the base wins below */
        if (op->rd == 15) {
            /* LDR pc, [sp], #4 is a one-register POP: a predicted return */
            cpu->cycles += op->rn == 13 ? ras_return(cpu, v) : T_PC_WRITE;
            return branch_exchange(cpu, v);
        }
        cpu->r[op->rd] = v;
        LOAD_USE(op, op->rd);
        return op + 1;
    }
    uint32_t v = cpu->r[op->rd]; /* STR pc stores pc + 8 on the ARM1176 (via the wrapper) */
    if (user) cpu->slow_op = op;
    if (user) mem_write_slow(cpu, addr, byte ? 1 : 4, v, ACC_WRITE | acc);
    else if (byte) wr8(cpu, addr, v);
    else wr32(cpu, addr, v);
    if (unlikely(cpu->fault)) return data_abort(cpu, op, true);
    if (wb) {
        cpu->r[op->rn] = base + offset;
        if (op->rn == 15) return branch_to(cpu, base + offset); /* UNPREDICTABLE; keep it a branch */
    }
    return op + 1;
}

unsigned dec_ls_imm(ArmOp *op, uint32_t insn)
{
    bool p = (insn >> 24) & 1, u = (insn >> 23) & 1, byte = (insn >> 22) & 1, w = (insn >> 21) & 1,
         load = (insn >> 20) & 1;
    op->rn = (insn >> 16) & 0xF;
    op->rd = (insn >> 12) & 0xF;
    op->imm = u ? (insn & 0xFFF) : 0u - (insn & 0xFFF);
    bool reads_pc = op->rn == 15 || (!load && op->rd == 15);
    if (reads_pc || op->rd == 15 || (!p && w)) {
        op->fn = ls_generic;
        return reads_pc ? DEC_READS_PC : 0;
    }
    if (p && !w) op->fn = load ? (byte ? ldrb_imm_pre : ldr_imm_pre) : (byte ? strb_imm_pre : str_imm_pre);
    else if (!p) op->fn = load ? (byte ? ldrb_imm_post : ldr_imm_post) : (byte ? strb_imm_post : str_imm_post);
    else if (!byte && op->rn != op->rd) op->fn = load ? ldr_imm_prewb : str_imm_prewb;
    else op->fn = ls_generic;
    if ((op->fn == ldr_imm_post || op->fn == ldrb_imm_post) && op->rn == op->rd) op->fn = ls_generic;
    return 0;
}

unsigned dec_ls_reg(ArmOp *op, uint32_t insn)
{
    bool p = (insn >> 24) & 1, u = (insn >> 23) & 1, byte = (insn >> 22) & 1, w = (insn >> 21) & 1,
         load = (insn >> 20) & 1;
    unsigned type = (insn >> 5) & 3, amt = (insn >> 7) & 31;
    op->rn = (insn >> 16) & 0xF;
    op->rd = (insn >> 12) & 0xF;
    op->rm = insn & 0xF;
    op->rs = (uint8_t)amt;
    bool reads_pc = op->rn == 15 || op->rm == 15 || (!load && op->rd == 15);
    if (!reads_pc && op->rd != 15 && p && !w && u && type == 0) {
        op->fn = load ? (byte ? ldrb_reg_pre : ldr_reg_pre) : (byte ? strb_reg_pre : str_reg_pre);
        if (amt != 0 && amt != 2) op->fn = ls_generic; /* keep timing of scaled forms in one place */
        return 0;
    }
    op->fn = ls_generic;
    return reads_pc ? DEC_READS_PC : 0;
}

/* ---- halfword, signed and doubleword ------------------------------------------ */
static const ArmOp *lsx_generic(Arm11 *cpu, const ArmOp *op)
{
    uint32_t insn = op->raw;
    bool p = (insn >> 24) & 1, u = (insn >> 23) & 1, w = (insn >> 21) & 1, load = (insn >> 20) & 1;
    unsigned sh = (insn >> 5) & 3;
    uint32_t offset = (insn & (1u << 22)) ? op->imm : cpu->r[op->rm];
    if (!u) offset = 0u - offset;
    uint32_t base = cpu->r[op->rn];
    uint32_t addr = p ? base + offset : base;
    bool wb = !p || w;
    unsigned rd = op->rd;
    if (load) { /* LDRH (sh=1), LDRSB (2), LDRSH (3) */
        uint32_t v;
        if (sh == 1) v = mem_read(cpu, addr, 2, ACC_READ);
        else if (sh == 2) v = (uint32_t)(int32_t)(int8_t)mem_read(cpu, addr, 1, ACC_READ);
        else v = (uint32_t)(int32_t)(int16_t)mem_read(cpu, addr, 2, ACC_READ);
        if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
        if (wb) cpu->r[op->rn] = base + offset;
        if (rd == 15) {
            cpu->cycles += T_PC_WRITE;
            return branch_exchange(cpu, v); /* UNPREDICTABLE; treat like LDR pc */
        }
        cpu->r[rd] = v;
        LOAD_USE(op, rd);
        return op + 1;
    }
    if (sh == 1) { /* STRH */
        mem_write(cpu, addr, 2, cpu->r[rd], ACC_WRITE);
        if (unlikely(cpu->fault)) return data_abort(cpu, op, true);
        if (wb) cpu->r[op->rn] = base + offset;
        return op + 1;
    }
    /* LDRD (sh=2) / STRD (sh=3): Rd must be even; Rd = 14 is UNPREDICTABLE
     * (we use r14 and r15, never crashing). */
    unsigned r2 = (rd + 1) & 15;
    cpu->cycles += 1;
    if (sh == 2) {
        uint32_t lo = mem_read(cpu, addr, 4, ACC_READ | ACC_STRICT);
        if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
        uint32_t hi = mem_read(cpu, addr + 4, 4, ACC_READ | ACC_STRICT);
        if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
        if (wb) cpu->r[op->rn] = base + offset;
        cpu->r[rd] = lo;
        if (r2 == 15) return branch_exchange(cpu, hi);
        cpu->r[r2] = hi;
        return op + 1;
    }
    uint32_t lo = cpu->r[rd], hi = r2 == 15 ? cpu->r[15] : cpu->r[r2];
    mem_write(cpu, addr, 4, lo, ACC_WRITE | ACC_STRICT);
    if (unlikely(cpu->fault)) return data_abort(cpu, op, true);
    mem_write(cpu, addr + 4, 4, hi, ACC_WRITE | ACC_STRICT);
    if (unlikely(cpu->fault)) return data_abort(cpu, op, true);
    if (wb) cpu->r[op->rn] = base + offset;
    return op + 1;
}

static const ArmOp *ldrh_imm_pre(Arm11 *cpu, const ArmOp *op)
{
    uint32_t v = rd16(cpu, cpu->r[op->rn] + op->imm);
    if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
    cpu->r[op->rd] = v;
    LOAD_USE(op, op->rd);
    return op + 1;
}
static const ArmOp *strh_imm_pre(Arm11 *cpu, const ArmOp *op)
{
    wr16(cpu, cpu->r[op->rn] + op->imm, cpu->r[op->rd]);
    if (unlikely(cpu->fault)) return data_abort(cpu, op, true);
    return op + 1;
}

unsigned dec_lsx(ArmOp *op, uint32_t insn)
{
    bool p = (insn >> 24) & 1, u = (insn >> 23) & 1, w = (insn >> 21) & 1, load = (insn >> 20) & 1;
    unsigned sh = (insn >> 5) & 3;
    if (sh == 0) return dec_undefined(op, insn); /* multiply/SWP space leftovers */
    op->rn = (insn >> 16) & 0xF;
    op->rd = (insn >> 12) & 0xF;
    op->rm = insn & 0xF;
    bool imm_form = (insn >> 22) & 1;
    op->imm = ((insn >> 4) & 0xF0) | (insn & 0xF);
    bool is_store = !load && sh == 1;
    bool is_strd = !load && sh == 3;
    if (!load && sh == 2 && (op->rd & 1)) return dec_undefined(op, insn); /* LDRD odd Rd: UNDEFINED-ish (UNPREDICTABLE) */
    bool reads_pc = op->rn == 15 || (!imm_form && op->rm == 15) || (is_store && op->rd == 15) ||
                    (is_strd && op->rd >= 14);
    if (!reads_pc && op->rd != 15 && imm_form && p && !w && sh == 1) {
        if (!u) op->imm = 0u - op->imm;
        op->fn = load ? ldrh_imm_pre : strh_imm_pre;
        return 0;
    }
    op->fn = lsx_generic;
    return reads_pc ? DEC_READS_PC : 0;
}

/* ---- SWP / SWPB ---------------------------------------------------------------- */
static const ArmOp *exec_swp(Arm11 *cpu, const ArmOp *op)
{
    bool byte = (op->raw >> 22) & 1;
    uint32_t addr = cpu->r[op->rn];
    unsigned size = byte ? 1 : 4;
    uint32_t old = mem_read(cpu, addr, size, ACC_READ | (byte ? 0 : ACC_STRICT));
    if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
    mem_write(cpu, addr, size, cpu->r[op->rm], ACC_WRITE | (byte ? 0 : ACC_STRICT));
    if (unlikely(cpu->fault)) return data_abort(cpu, op, true);
    cpu->cycles += T_SWP;
    if (op->rd == 15) return branch_to(cpu, old); /* UNPREDICTABLE */
    cpu->r[op->rd] = old;
    return op + 1;
}

unsigned dec_swp(ArmOp *op, uint32_t insn)
{
    op->rn = (insn >> 16) & 0xF;
    op->rd = (insn >> 12) & 0xF;
    op->rm = insn & 0xF;
    op->fn = exec_swp;
    return (op->rn == 15 || op->rm == 15) ? DEC_READS_PC : 0;
}

/* ---- LDREX/STREX family ----------------------------------------------------------
 * One local monitor, tagging the exact address (the ARM1176 tags a granule;
 * software must not depend on the size).  STREX succeeds if the monitor is
 * open for that address, then always clears it.
 * Alignment (ARM1176 TRM table 4-3, the HWSync/WSync/DWSync rows): with
 * SCTLR.A or SCTLR.U set an exclusive access must be naturally aligned --
 * halfword for LDREXH/STREXH, word for LDREX/STREX, doubleword for
 * LDREXD/STREXD; bytes never fault.  The check comes before the monitor
 * test, so a misaligned STREX faults even when it would fail. */
static bool excl_misaligned(Arm11 *cpu, uint32_t addr, unsigned size)
{
    if (!(addr & (size - 1)) || !(cpu->cp15.sctlr & (SCTLR_A | SCTLR_U))) return false;
    cpu->fault = FAULT_ALIGNMENT;
    cpu->fault_addr = addr;
    return true;
}

static const ArmOp *exec_ldrex(Arm11 *cpu, const ArmOp *op)
{
    unsigned size = op->imm;
    uint32_t addr = cpu->r[op->rn];
    if (excl_misaligned(cpu, addr, size)) return data_abort(cpu, op, false);
    if (size == 8) {
        uint32_t lo = mem_read(cpu, addr, 4, ACC_READ | ACC_STRICT | ACC_EXCL);
        if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
        uint32_t hi = mem_read(cpu, addr + 4, 4, ACC_READ | ACC_STRICT | ACC_EXCL);
        if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
        cpu->r[op->rd] = lo;
        cpu->r[(op->rd + 1) & 15] = hi;
    } else {
        uint32_t v = mem_read(cpu, addr, size, ACC_READ | ACC_EXCL | (size == 4 ? ACC_STRICT : 0));
        if (unlikely(cpu->fault)) return data_abort(cpu, op, false);
        cpu->r[op->rd] = v;
    }
    cpu->excl_valid = true;
    cpu->excl_addr = addr;
    return op + 1;
}

static const ArmOp *exec_strex(Arm11 *cpu, const ArmOp *op)
{
    unsigned size = op->imm;
    uint32_t addr = cpu->r[op->rn];
    if (excl_misaligned(cpu, addr, size)) return data_abort(cpu, op, true);
    if (!cpu->excl_valid || cpu->excl_addr != addr) {
        cpu->r[op->rd] = 1;
        return op + 1;
    }
    if (size == 8) {
        mem_write(cpu, addr, 4, cpu->r[op->rm], ACC_WRITE | ACC_STRICT | ACC_EXCL);
        if (unlikely(cpu->fault)) return data_abort(cpu, op, true);
        mem_write(cpu, addr + 4, 4, cpu->r[(op->rm + 1) & 15], ACC_WRITE | ACC_STRICT | ACC_EXCL);
    } else {
        mem_write(cpu, addr, size, cpu->r[op->rm], ACC_WRITE | ACC_EXCL | (size == 4 ? ACC_STRICT : 0));
    }
    if (unlikely(cpu->fault)) return data_abort(cpu, op, true);
    cpu->excl_valid = false;
    cpu->r[op->rd] = 0;
    return op + 1;
}

unsigned dec_excl(ArmOp *op, uint32_t insn)
{
    static const uint8_t sizes[4] = {4, 8, 1, 2};
    bool load = (insn >> 20) & 1;
    op->imm = sizes[(insn >> 21) & 3];
    op->rn = (insn >> 16) & 0xF;
    op->rd = (insn >> 12) & 0xF;
    op->rm = insn & 0xF;
    /* PC operands and odd/r14 pairs are UNPREDICTABLE: refuse them outright. */
    if (op->rn == 15 || op->rd == 15 || (!load && op->rm == 15) ||
        (op->imm == 8 && ((load ? op->rd : op->rm) & 1 || (load ? op->rd : op->rm) == 14)) ||
        (!load && (op->rd == op->rn || op->rd == op->rm)))
        return dec_undefined(op, insn);
    op->fn = load ? exec_ldrex : exec_strex;
    return 0;
}

static const ArmOp *exec_clrex(Arm11 *cpu, const ArmOp *op)
{
    cpu->excl_valid = false;
    return op + 1;
}

unsigned dec_clrex(ArmOp *op, uint32_t insn)
{
    (void)insn;
    op->fn = exec_clrex;
    return 0;
}

/* The destination register + 1 if op is an ARM single load whose handler
 * charges the load-use stall kept in op->rs (LOAD_USE), else 0. */
unsigned ls_load_dest(const ArmOp *op)
{
    ArmHandler h = op->fn == exec_pc_wrap ? op->inner : op->fn;
    if (h == ldr_imm_pre || h == ldrb_imm_pre || h == ldr_reg_pre || h == ldrb_reg_pre ||
        h == ldr_imm_post || h == ldrb_imm_post || h == ldr_imm_prewb || h == ldrh_imm_pre)
        return op->rd + 1u;
    if ((h == ls_generic || h == lsx_generic) && ((op->raw >> 20) & 1) && op->rd != 15) {
        /* lsx: LDRH/LDRSB/LDRSH (sh != 2); LDRD's two results are not tracked */
        if (h == lsx_generic && ((op->raw >> 5) & 3) == 2) return 0;
        return op->rd + 1u;
    }
    return 0;
}
