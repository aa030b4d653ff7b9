/* ARM1176JZF-S core: register banking, exceptions, interrupts and the run
 * loop over decoded ops.  The memory fast path and decoded pages are in
 * mem.c/icache.c, instruction semantics in exec_*.c, CP15 in cp15.c. */
#include <stdlib.h>

#include "cpu/core.h"
#include "cpu/cp15.h"
#include "cpu/vfp.h"
#include "mmu/mmu.h"

static int mode_bank(unsigned mode)
{
    switch (mode) {
    case MODE_FIQ: return BANK_FIQ;
    case MODE_IRQ: return BANK_IRQ;
    case MODE_SVC: return BANK_SVC;
    case MODE_ABT: return BANK_ABT;
    case MODE_UND: return BANK_UND;
    case MODE_MON: return BANK_MON;
    default: return BANK_USR;
    }
}

bool arm_mode_valid(unsigned mode)
{
    switch (mode) {
    case MODE_USR: case MODE_FIQ: case MODE_IRQ: case MODE_SVC:
    case MODE_ABT: case MODE_UND: case MODE_SYS: case MODE_MON:
        return true;
    default:
        return false;
    }
}

const char *arm_mode_name(unsigned mode)
{
    switch (mode & PSR_MODE_MASK) {
    case MODE_USR: return "USR";
    case MODE_FIQ: return "FIQ";
    case MODE_IRQ: return "IRQ";
    case MODE_SVC: return "SVC";
    case MODE_ABT: return "ABT";
    case MODE_UND: return "UND";
    case MODE_SYS: return "SYS";
    case MODE_MON: return "MON";
    default: return "???";
    }
}

const char *arm_exception_name(int exc)
{
    static const char *const names[EXC_COUNT] = {
        "reset", "undefined instruction", "supervisor call", "prefetch abort",
        "data abort", "IRQ", "FIQ", "secure monitor call",
    };
    return exc >= 0 && exc < EXC_COUNT ? names[exc] : "unknown";
}

void arm_switch_mode(Arm11 *cpu, unsigned new_mode)
{
    unsigned old_mode = cpu->cpsr & PSR_MODE_MASK;
    int ob = mode_bank(old_mode), nb = mode_bank(new_mode);
    if (ob != nb) {
        cpu->bank_r13[ob] = cpu->r[13];
        cpu->bank_r14[ob] = cpu->r[14];
        cpu->bank_spsr[ob] = cpu->spsr;
        if (ob == BANK_FIQ || nb == BANK_FIQ) {
            uint32_t *save = ob == BANK_FIQ ? cpu->fiq_r8_12 : cpu->usr_r8_12;
            const uint32_t *load = nb == BANK_FIQ ? cpu->fiq_r8_12 : cpu->usr_r8_12;
            for (int i = 0; i < 5; i++) {
                save[i] = cpu->r[8 + i];
                cpu->r[8 + i] = load[i];
            }
        }
        cpu->r[13] = cpu->bank_r13[nb];
        cpu->r[14] = cpu->bank_r14[nb];
        cpu->spsr = cpu->bank_spsr[nb];
    }
    cpu->cpsr = (cpu->cpsr & ~PSR_MODE_MASK) | new_mode;
    if (!mode_has_spsr(new_mode)) cpu->spsr = 0;
    cpu->tlb_user_bit = new_mode == MODE_USR ? 4 : 0;
}

uint32_t arm_get_reg_mode(const Arm11 *cpu, unsigned mode, unsigned n)
{
    unsigned cur = cpu->cpsr & PSR_MODE_MASK;
    int cb = mode_bank(cur), b = mode_bank(mode);
    if (n < 8 || n == 15) return cpu->r[n];
    if (n < 13) {
        bool want_fiq = b == BANK_FIQ, cur_fiq = cb == BANK_FIQ;
        if (want_fiq == cur_fiq) return cpu->r[n];
        return want_fiq ? cpu->fiq_r8_12[n - 8] : cpu->usr_r8_12[n - 8];
    }
    if (b == cb) return cpu->r[n];
    return n == 13 ? cpu->bank_r13[b] : cpu->bank_r14[b];
}

uint32_t arm_get_spsr_mode(const Arm11 *cpu, unsigned mode)
{
    if (!mode_has_spsr(mode)) return 0;
    int b = mode_bank(mode);
    return b == mode_bank(cpu->cpsr & PSR_MODE_MASK) ? cpu->spsr : cpu->bank_spsr[b];
}

uint32_t arm_user_reg(const Arm11 *cpu, unsigned n) { return arm_get_reg_mode(cpu, MODE_USR, n); }

void arm_set_user_reg(Arm11 *cpu, unsigned n, uint32_t v)
{
    int cb = mode_bank(cpu->cpsr & PSR_MODE_MASK);
    if (n < 8 || n == 15 || cb == BANK_USR || (n < 13 && cb != BANK_FIQ)) {
        cpu->r[n] = v;
    } else if (n < 13) {
        cpu->usr_r8_12[n - 8] = v;
    } else if (n == 13) {
        cpu->bank_r13[BANK_USR] = v;
    } else {
        cpu->bank_r14[BANK_USR] = v;
    }
}

void arm_set_endian(Arm11 *cpu, bool big)
{
    bool was = (cpu->cpsr & PSR_E) != 0;
    if (big) cpu->cpsr |= PSR_E;
    else cpu->cpsr &= ~PSR_E;
    if (was != big) arm_flush_data_tlb(cpu); /* the data fast path assumes little-endian */
}

/* MSR semantics (ARMv6 ARM A4.1.39): user code may write the flags, Q, GE and
 * E; privileged code also A, I, F and the mode.  T and J are never written by
 * MSR (a changed value would be UNPREDICTABLE; we keep the old ones). */
void arm_cpsr_write(Arm11 *cpu, uint32_t value, uint32_t mask)
{
    const uint32_t user_mask = 0xF80F0200u, priv_mask = 0x000001DFu;
    uint32_t allowed = user_mask | (arm_privileged(cpu) ? priv_mask : 0);
    mask &= allowed;
    uint32_t newv = (cpu->cpsr & ~mask) | (value & mask);
    unsigned new_mode = newv & PSR_MODE_MASK;
    if ((mask & PSR_MODE_MASK) && !arm_mode_valid(new_mode)) {
        newv = (newv & ~PSR_MODE_MASK) | (cpu->cpsr & PSR_MODE_MASK); /* reserved mode: ignore */
        new_mode = newv & PSR_MODE_MASK;
    }
    if (new_mode != (cpu->cpsr & PSR_MODE_MASK)) arm_switch_mode(cpu, new_mode);
    bool endian_change = ((newv ^ cpu->cpsr) & PSR_E) != 0;
    cpu->cpsr = newv;
    if (endian_change) arm_flush_data_tlb(cpu);
}

/* Exception return: the whole SPSR becomes the CPSR (incl. T). */
void arm_restore_cpsr(Arm11 *cpu, uint32_t value)
{
    unsigned new_mode = value & PSR_MODE_MASK;
    if (!arm_mode_valid(new_mode)) new_mode = cpu->cpsr & PSR_MODE_MASK;
    if (new_mode != (cpu->cpsr & PSR_MODE_MASK)) arm_switch_mode(cpu, new_mode);
    bool endian_change = ((value ^ cpu->cpsr) & PSR_E) != 0;
    cpu->cpsr = (value & ~PSR_MODE_MASK) | new_mode;
    if (endian_change) arm_flush_data_tlb(cpu);
}

static const struct {
    uint8_t mode, offset, lr_arm, lr_thumb;
} exc_info[EXC_COUNT] = {
    /* lr_* = return link relative to the address of the instruction that
     * caused it (ARMv6 ARM A2.6); for IRQ/FIQ relative to the next
     * instruction to execute (+4 there, handled in arm_take_interrupt). */
    [EXC_RESET] = {MODE_SVC, 0x00, 0, 0},
    [EXC_UNDEF] = {MODE_UND, 0x04, 4, 2},
    [EXC_SVC] = {MODE_SVC, 0x08, 4, 2},
    [EXC_PABT] = {MODE_ABT, 0x0C, 4, 4},
    [EXC_DABT] = {MODE_ABT, 0x10, 8, 8},
    [EXC_IRQ] = {MODE_IRQ, 0x18, 4, 4},
    [EXC_FIQ] = {MODE_FIQ, 0x1C, 4, 4},
    [EXC_SMC] = {MODE_MON, 0x08, 4, 4},
};

static uint32_t vector_base(const Arm11 *cpu, int exc)
{
    if (exc == EXC_SMC) return cpu->cp15.mvbar & ~0x1Fu;
    if (cpu->cp15.sctlr & SCTLR_V) return 0xFFFF0000u;
    return cpu->cp15.vbar & ~0x1Fu;
}

/* Enter exception exc; 'ret' is the value for the new mode's LR. */
static void enter_exception(Arm11 *cpu, int exc, uint32_t ret, uint32_t fault_pc)
{
    uint32_t old_cpsr = cpu->cpsr;
    unsigned mode = exc_info[exc].mode;
    arm_switch_mode(cpu, mode);
    cpu->spsr = old_cpsr;
    cpu->r[14] = ret;
    uint32_t c = cpu->cpsr & ~(PSR_T | PSR_J | PSR_E);
    c |= PSR_I;
    /* Monitor mode entry masks everything (ARM1176 TRM 2.12.13 pseudo-code:
     * CPSR[8:6] = 0b111 on an SMC). */
    if (exc == EXC_RESET || exc == EXC_FIQ || exc == EXC_SMC) c |= PSR_F;
    if (exc != EXC_UNDEF && exc != EXC_SVC) c |= PSR_A;
    if (cpu->cp15.sctlr & SCTLR_EE) c |= PSR_E;
    bool endian_change = ((c ^ old_cpsr) & PSR_E) != 0;
    cpu->cpsr = c;
    if (endian_change) arm_flush_data_tlb(cpu);
    cpu->excl_valid = false;  /* ARMv6K: exception entry clears the local monitor */
    uint32_t vec = vector_base(cpu, exc) + exc_info[exc].offset;
    if (exc == EXC_IRQ && (cpu->cp15.sctlr & SCTLR_VE) && cpu->vic_port)
        vec = cpu->vic_port(cpu->vic_port_opaque) & ~3u;
    cpu->r[15] = vec;
    cpu->cycles += T_EXCEPTION;
    cpu->last_exc = (uint32_t)exc;
    cpu->last_exc_pc = fault_pc;
    if (cpu->hooks.empty_vector) {
        uint32_t word = 1;
        if (!arm_debug_read(cpu, vec, &word, 4) || word == 0) {
            if (cpu->hooks.empty_vector(cpu, cpu->hooks.opaque, exc, vec)) {
                cpu->stop = true;
                cpu->stop_reason = STOP_EMPTY_VECTOR;
            }
        }
    }
}

const ArmOp *take_exception(Arm11 *cpu, int exc, const ArmOp *op)
{
    uint32_t addr = op_addr(cpu, op);
    uint32_t ret = addr + (in_thumb(cpu) ? exc_info[exc].lr_thumb : exc_info[exc].lr_arm);
    cpu->last_exc_fault_addr = exc == EXC_DABT ? cpu->fault_addr : 0;
    enter_exception(cpu, exc, ret, addr);
    return NULL;
}

const ArmOp *data_abort(Arm11 *cpu, const ArmOp *op, bool is_write)
{
    /* DFSR: status[3:0], domain[7:4], bit 10 = status[4], bit 11 = WnR (ARM1176 TRM 3.2.17). */
    uint32_t fs = cpu->fault;
    cpu->cp15.dfsr = (fs & 0xF) | ((fs & 0x10) << 6) | (((fs >> FAULT_DOMAIN_SHIFT) & 0xF) << 4) |
                     (is_write ? 1u << 11 : 0);
    cpu->cp15.far = cpu->fault_addr;
    cpu->fault = FAULT_NONE;
    return take_exception(cpu, EXC_DABT, op);
}

const ArmOp *prefetch_abort(Arm11 *cpu, const ArmOp *op, uint32_t ifsr, uint32_t ifar)
{
    cpu->cp15.ifsr = ifsr;
    cpu->cp15.ifar = ifar;
    return take_exception(cpu, EXC_PABT, op);
}

/* Prefetch abort for a fetch that failed before any op exists (r[15] holds
 * the faulting address). */
static void fetch_abort(Arm11 *cpu, uint32_t status)
{
    uint32_t pc = cpu->r[15];
    cpu->cp15.ifsr = status & 0xF; /* the ARM1176 IFSR has no domain field (TRM 3.2.18) */
    cpu->cp15.ifar = pc;
    cpu->last_exc_fault_addr = pc;
    enter_exception(cpu, EXC_PABT, pc + 4, pc);
}

static void take_interrupt(Arm11 *cpu, int exc)
{
    /* r[15] is the next instruction to execute; LR = that + 4 so that
     * SUBS pc, lr, #4 resumes it (both states). */
    uint32_t next = cpu->r[15];
    cpu->last_exc_fault_addr = 0;
    enter_exception(cpu, exc, next + 4, next);
}

void arm_set_irq(Arm11 *cpu, bool level)
{
    cpu->irq_line = level;
    if (level) cpu->deadline = 0; /* leave the inner loop to take it */
}

void arm_request_exit(Arm11 *cpu, uint64_t when)
{
    if (when < cpu->run_until) cpu->run_until = when;
    if (when < cpu->deadline) cpu->deadline = when;
}

void arm_set_fiq(Arm11 *cpu, bool level)
{
    cpu->fiq_line = level;
    if (level) cpu->deadline = 0;
}

/* Returns true if an interrupt was taken (or the core woke up). */
static bool check_interrupts(Arm11 *cpu)
{
    if (cpu->fiq_line && !(cpu->cpsr & PSR_F)) {
        cpu->halted = false;
        take_interrupt(cpu, EXC_FIQ);
        return true;
    }
    if (cpu->irq_line && !(cpu->cpsr & PSR_I)) {
        cpu->halted = false;
        take_interrupt(cpu, EXC_IRQ);
        return true;
    }
    /* WFI wakes on any pending interrupt even if masked (ARM1176 TRM 10.2.2). */
    if (cpu->halted && (cpu->irq_line || cpu->fiq_line)) cpu->halted = false;
    return false;
}

Arm11 *arm_create(const ArmBusIf *bus)
{
    decode_init();
    Arm11 *cpu = calloc(1, sizeof *cpu);
    if (!cpu) return NULL;
    cpu->bus = *bus;
    cpu->icache = icache_create();
    cpu->mmu = mmu_create();
    if (!cpu->icache || !cpu->mmu) {
        icache_destroy(cpu->icache);
        mmu_destroy(cpu->mmu);
        free(cpu);
        return NULL;
    }
    cp15_install(cpu);
    vfp_install(cpu);
    arm_reset(cpu);
    return cpu;
}

void arm_destroy(Arm11 *cpu)
{
    if (!cpu) return;
    icache_destroy(cpu->icache);
    mmu_destroy(cpu->mmu);
    free(cpu->cp[15].opaque); /* CP15's scratch registers */
    free(cpu);
}

void arm_reset(Arm11 *cpu)
{
    memset(cpu->r, 0, sizeof cpu->r);
    memset(cpu->bank_r13, 0, sizeof cpu->bank_r13);
    memset(cpu->bank_r14, 0, sizeof cpu->bank_r14);
    memset(cpu->bank_spsr, 0, sizeof cpu->bank_spsr);
    memset(cpu->bp, 0xFF, sizeof cpu->bp); /* address bits all ones: matches no ARM branch */
    cpu->ras_top = cpu->ras_count = 0;
    memset(cpu->usr_r8_12, 0, sizeof cpu->usr_r8_12);
    memset(cpu->fiq_r8_12, 0, sizeof cpu->fiq_r8_12);
    cpu->spsr = 0;
    cpu->cpsr = MODE_SVC | PSR_I | PSR_F | PSR_A;
    cpu->tlb_user_bit = 0;
    cpu->excl_valid = false;
    cpu->halted = false;
    cpu->event_reg = false;
    cpu->stop = false;
    cpu->stop_reason = STOP_NONE;
    cpu->fault = FAULT_NONE;
    cp15_reset(cpu);
    vfp_reset(cpu);
    if (cpu->cp15.sctlr & SCTLR_V) cpu->r[15] = 0xFFFF0000u;
    icache_invalidate_all(cpu->icache);
    arm_flush_tlb(cpu);
}

/* Find the op for the instruction at r[15]; NULL after taking a prefetch
 * abort (or when the fetch faulted and a hook stopped the run). */
static const ArmOp *fetch_op(Arm11 *cpu)
{
    uint32_t pc = cpu->r[15];
    bool thumb = in_thumb(cpu);
    uint32_t vbase = pc & ~0xFFFu;
    /* ARM and Thumb code of one page get separate slots: interworking code
     * would otherwise evict its own page on every BX. */
    ArmFetchEntry *e = &cpu->tlb_fetch[(((pc >> 12) << 1) | (uint32_t)thumb) & (ARM_FETCH_TLB_SIZE - 1)];
    uint32_t tag = vbase | cpu->tlb_user_bit | (uint32_t)thumb;
    if (unlikely(e->tag != tag)) {
        uint32_t pa = mem_translate_fetch(cpu, vbase);
        if (cpu->fault) {
            uint32_t status = cpu->fault;
            cpu->fault = FAULT_NONE;
            fetch_abort(cpu, status);
            return NULL;
        }
        bool writable;
        uint8_t *host = cpu->bus.host_page(cpu->bus.opaque, pa, &writable);
        if (!host) {
            fetch_abort(cpu, FAULT_EXTERNAL); /* no instruction memory at this address */
            return NULL;
        }
        bool created = false;
        DecodedPage *page = icache_get(cpu->icache, pa, thumb, host, &created);
        if (!page) abort(); /* out of host memory: nothing sensible to emulate */
        if (created) arm_flush_write_tlb(cpu); /* stores to this page must now see the slow path */
        e->tag = tag;
        e->pa_page = pa;
        e->page = page;
    }
    cpu->cur_vbase = vbase;
    return &e->page->ops[(pc & 0xFFFu) >> (thumb ? 1 : 2)];
}

void arm_set_debug(Arm11 *cpu, const ArmDebug *debug)
{
    cpu->debug = debug;
    arm_flush_tlb(cpu);
}

/* The debug loop: one instruction at a time, with the debugger's callbacks.
 * Same semantics as the fast loop (it is arm_step in a loop). */
static void run_debug(Arm11 *cpu, uint64_t until)
{
    const ArmDebug *d = cpu->debug;
    cpu->stop = false;
    cpu->run_until = until;
    while (cpu->cycles < cpu->run_until && !cpu->stop) {
        uint32_t pc = cpu->r[15];
        bool irq_pending = (cpu->fiq_line && !(cpu->cpsr & PSR_F)) || (cpu->irq_line && !(cpu->cpsr & PSR_I));
        if (!irq_pending && !cpu->halted && d->before && !d->before(cpu, d->opaque, pc)) {
            cpu->stop = true;
            cpu->stop_reason = STOP_DEBUG;
            return;
        }
        bool stop_before = cpu->stop;
        arm_step(cpu);
        if (d->after) d->after(cpu, d->opaque, pc, irq_pending);
        if (cpu->stop && !stop_before && cpu->stop_reason == STOP_NONE) cpu->stop_reason = STOP_DEBUG;
        if (cpu->halted && !cpu->irq_line && !cpu->fiq_line) {
            /* asleep until an event, or a counter overflow the PMU reports */
            if (cpu->pmu_deadline > cpu->cycles && cpu->pmu_deadline < cpu->run_until) {
                cpu->cycles = cpu->pmu_deadline;
                continue;
            }
            cpu->cycles = cpu->run_until;
            break;
        }
    }
}

void arm_run(Arm11 *cpu, uint64_t until)
{
    if (unlikely(cpu->debug != NULL)) {
        run_debug(cpu, until);
        return;
    }
    cpu->stop = false;
    cpu->run_until = until;
    cpu->tlb_user_bit = (cpu->cpsr & PSR_MODE_MASK) == MODE_USR ? 4 : 0;
    while (cpu->cycles < cpu->run_until && !cpu->stop) {
        /* a performance counter with its overflow interrupt enabled may
         * have wrapped (cp15_pmu_sync raises nPMUIRQ) */
        if (unlikely(cpu->cycles >= cpu->pmu_deadline)) cp15_pmu_sync(cpu);
        if (unlikely(cpu->irq_line || cpu->fiq_line || cpu->halted)) {
            if (!check_interrupts(cpu) && cpu->halted) {
                /* asleep: nothing happens until an event (or an overflow) */
                if (cpu->pmu_deadline < cpu->run_until) {
                    cpu->cycles = cpu->pmu_deadline;
                    continue;
                }
                cpu->cycles = cpu->run_until;
                break;
            }
            if (cpu->stop) break;
        }
        cpu->deadline = cpu->run_until < cpu->pmu_deadline ? cpu->run_until : cpu->pmu_deadline;
        const ArmOp *op = fetch_op(cpu);
        if (!op) continue;
        /* The inner loop: one indirect call per instruction, no PC bookkeeping
         * while execution stays inside the page.  The instruction count of
         * this run stays in a register (n) and is published with a plain
         * store: read-modify-writes of cpu->cycles/insns here would chain
         * every iteration through store-to-load forwarding. */
        uint64_t n = 0;
        for (;;) {
            cpu->live_delta = n;
            if (likely((op->cmask >> (cpu->cpsr >> 28)) & 1)) {
                op = op->fn(cpu, op);
            } else {
                arm_bcond_not_taken(cpu, op);
                op = op + 1;
            }
            n++;
            if (!op) break;
            if (unlikely(cpu->cycles + n >= cpu->deadline)) {
                cpu->r[15] = op_addr(cpu, op);
                break;
            }
        }
        cpu->live_delta = 0;
        cpu->cycles += n;
        cpu->insns += n;
    }
    cpu->slow_op = NULL;
}

uint32_t arm_current_pc(const Arm11 *cpu)
{
    return cpu->slow_op ? cpu->cur_vbase + cpu->slow_op->pcoff : cpu->r[15];
}

void arm_step(Arm11 *cpu)
{
    cpu->stop = false;
    cpu->stop_reason = STOP_NONE;
    cpu->slow_op = NULL;
    cpu->tlb_user_bit = (cpu->cpsr & PSR_MODE_MASK) == MODE_USR ? 4 : 0;
    if (cpu->irq_line || cpu->fiq_line || cpu->halted) {
        if (check_interrupts(cpu)) return;
        if (cpu->halted) {
            cpu->cycles++;
            return;
        }
    }
    cpu->deadline = UINT64_MAX;
    const ArmOp *op = fetch_op(cpu);
    if (!op) return;
    const ArmOp *next;
    if ((op->cmask >> (cpu->cpsr >> 28)) & 1) {
        next = op->fn(cpu, op);
    } else {
        arm_bcond_not_taken(cpu, op);
        next = op + 1;
    }
    cpu->cycles++;
    cpu->insns++;
    if (next) {
        /* Sequential or in-page branch: next's address is in the same page.
         * Running off the page end is the sentinel op, which sets r15 itself. */
        if (next->fn == exec_page_end) {
            next->fn(cpu, next);
            cpu->insns++;
            cpu->cycles++;
        } else {
            cpu->r[15] = op_addr(cpu, next);
        }
    }
    if (cpu->cycles >= cpu->pmu_deadline) cp15_pmu_sync(cpu);
}

void arm_invalidate_code(Arm11 *cpu, uint32_t pa, uint32_t len)
{
    icache_invalidate_range(cpu->icache, pa, len);
}
