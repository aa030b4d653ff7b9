/* CP15 of the ARM1176JZF-S (ARM DDI 0301H chapter 3).
 *
 * Modelled: the ID registers of an r0p7 part, SCTLR with the bits that change
 * core behaviour (M, A, S, R, U, XP, FA, V, EE), CPACR, the MMU registers
 * (TTBR0/1, TTBCR, DACR, FCSE PID, CONTEXTIDR; translation in mmu/), fault
 * status/address, the c8 TLB operations and the c7 VA->PA operations with
 * the PA register (mmu/), TLB lockdown (c10 c0 0), the region remap
 * registers PRRR/NMRR (recorded), the TCM region registers (recorded: no
 * TCM memory behind them), VBAR/MVBAR, the thread-ID registers with their
 * User-mode rules, WFI (c7 c0 4), barriers, and the c15 performance monitor
 * (PMNC, CCNT, PMN0/1) counting emulated cycles and retired instructions.
 * Cache maintenance is accepted: the decoded-instruction cache is coherent
 * with every store already (docs/cpu-design.md), so invalidating the
 * I-cache has nothing to drop; maintenance by MVA does check the
 * translation and aborts on a translation fault as the ARM1176 does.
 * Any other encoding privileged code writes is recorded and read back (the
 * firmware's c15 extras, e.g. the peripheral port remap c15 c2 4).
 * Not modelled: PMU overflow interrupts, TCM memory, cache lockdown effects,
 * the Secure/Non-secure banking of TrustZone. */
#include "cpu/cp15.h"

#include <stdlib.h>

#include "cpu/core.h"
#include "mmu/mmu.h"

/* Something every translation depends on changed: drop the software TLBs
 * and leave the run loop so that the next fetch is translated again. */
static void translation_changed(Arm11 *cpu)
{
    arm_flush_tlb(cpu);
    cpu->deadline = 0;
}

/* TCM region registers (c9 c1 0/1): base [31:12] and enable [0] are
 * writable, the size field [6:2] reads the 16 KiB encoding. */
#define TCM_SIZE_16K (5u << 2)

#define KEY(opc1, crn, crm, opc2) (((opc1) << 12) | ((crn) << 8) | ((crm) << 4) | (opc2))

/* Registers privileged code may write that have no behaviour here. */
#define SCRATCH_MAX 64
typedef struct Cp15Scratch {
    uint16_t key[SCRATCH_MAX];
    uint32_t val[SCRATCH_MAX];
    unsigned n;
} Cp15Scratch;
static Cp15Scratch *scratch_of(Arm11 *cpu) { return (Cp15Scratch *)cpu->cp[15].opaque; }

static bool scratch_get(Cp15Scratch *s, unsigned key, uint32_t *v)
{
    for (unsigned i = 0; i < s->n; i++)
        if (s->key[i] == key) {
            *v = s->val[i];
            return true;
        }
    return false;
}

static void scratch_set(Cp15Scratch *s, unsigned key, uint32_t v)
{
    for (unsigned i = 0; i < s->n; i++)
        if (s->key[i] == key) {
            s->val[i] = v;
            return;
        }
    if (s->n < SCRATCH_MAX) {
        s->key[s->n] = (uint16_t)key;
        s->val[s->n++] = v;
    }
}

/* ---- performance monitor ---------------------------------------------------- */
#define PMNC_E (1u << 0)
#define PMNC_P (1u << 1)
#define PMNC_C (1u << 2)
#define PMNC_D (1u << 3)

static uint64_t event_count(const Arm11 *cpu, unsigned event)
{
    switch (event) {
    case 0x07: return arm_insns(cpu);   /* instructions executed */
    case 0xFF: return arm_cycles(cpu);  /* every cycle */
    default: return 0;              /* events we cannot observe count nothing */
    }
}

/* Counters are stored as (value at base) and derived on read while enabled. */
uint32_t cp15_ccnt(const Arm11 *cpu)
{
    const Cp15 *c = &cpu->cp15;
    if (!(c->pmnc & PMNC_E)) return c->ccnt;
    uint64_t d = arm_cycles(cpu) - c->ccnt_base;
    if (c->pmnc & PMNC_D) d >>= 6;
    return c->ccnt + (uint32_t)d;
}

static uint32_t pmn(const Arm11 *cpu, int i)
{
    const Cp15 *c = &cpu->cp15;
    uint32_t stored = i ? c->pmn1 : c->pmn0;
    if (!(c->pmnc & PMNC_E)) return stored;
    unsigned ev = (c->pmnc >> (i ? 12 : 20)) & 0xFF;
    return stored + (uint32_t)(event_count(cpu, ev) - (i ? c->pmn1_base : c->pmn0_base));
}

/* Overflow flags (PMNC bits 10:8) of the counters that wrapped since they
 * were last based: a counter's value is kept as stored + elapsed, so it
 * wrapped when that sum does not fit in 32 bits. */
#define PMNC_FLAGS 0x700u
static uint32_t pm_wrapped(const Arm11 *cpu)
{
    const Cp15 *c = &cpu->cp15;
    if (!(c->pmnc & PMNC_E)) return 0;
    uint64_t d = arm_cycles(cpu) - c->ccnt_base;
    if (c->pmnc & PMNC_D) d >>= 6;
    uint32_t f = (c->ccnt + d) >> 32 ? 1u << 10 : 0;
    if ((c->pmn0 + (event_count(cpu, (c->pmnc >> 20) & 0xFF) - c->pmn0_base)) >> 32) f |= 1u << 8;
    if ((c->pmn1 + (event_count(cpu, (c->pmnc >> 12) & 0xFF) - c->pmn1_base)) >> 32) f |= 1u << 9;
    return f;
}

/* Fix the counters' current values (latching any overflow first). */
static void pm_freeze(Arm11 *cpu)
{
    Cp15 *c = &cpu->cp15;
    c->pmnc |= pm_wrapped(cpu);
    c->ccnt = cp15_ccnt(cpu);
    c->pmn0 = pmn(cpu, 0);
    c->pmn1 = pmn(cpu, 1);
}

static void pm_rebase(Arm11 *cpu)
{
    Cp15 *c = &cpu->cp15;
    c->ccnt_base = arm_cycles(cpu);
    c->pmn0_base = event_count(cpu, (c->pmnc >> 20) & 0xFF);
    c->pmn1_base = event_count(cpu, (c->pmnc >> 12) & 0xFF);
}

/* Cycle at which counter value v + (events since base) wraps, for a counter
 * of event ev based at base; UINT64_MAX when it cannot be known in cycles.
 * Instructions take at least a cycle each, so for event 0x07 the answer is
 * a lower bound: the run loop comes back, finds no wrap yet and asks
 * again. */
static uint64_t pm_wrap_cycle(const Arm11 *cpu, unsigned ev, uint32_t v, uint64_t base)
{
    uint64_t left = (1ull << 32) - v;
    if (ev == 0xFF) return base + left;
    if (ev == 0x07) return arm_cycles(cpu) + (base + left - arm_insns(cpu));
    return UINT64_MAX;
}

void cp15_pmu_sync(Arm11 *cpu)
{
    Cp15 *c = &cpu->cp15;
    uint32_t wrapped = pm_wrapped(cpu);
    if (wrapped & ~c->pmnc) {
        /* latch, and restart the counters from their 32-bit values so the
         * flag can be cleared; CCNT keeps its divide-by-64 phase */
        uint64_t phase = (c->pmnc & PMNC_D) ? (arm_cycles(cpu) - c->ccnt_base) & 63 : 0;
        pm_freeze(cpu);
        pm_rebase(cpu);
        c->ccnt_base -= phase;
    }
    bool level = ((c->pmnc >> 4) & (c->pmnc >> 8) & 7) != 0;
    if (level != cpu->pmu_irq_level) {
        cpu->pmu_irq_level = level;
        if (cpu->pmu_irq) cpu->pmu_irq(cpu->pmu_irq_opaque, level);
    }
    uint64_t dl = UINT64_MAX;
    uint32_t watch = (c->pmnc >> 4) & ~(c->pmnc >> 8) & 7; /* enabled, not yet flagged */
    if (cpu->pmu_irq && (c->pmnc & PMNC_E) && watch) {
        if (watch & 4) {
            uint64_t left = (1ull << 32) - c->ccnt;
            dl = c->ccnt_base + ((c->pmnc & PMNC_D) ? left << 6 : left);
        }
        uint64_t t;
        if ((watch & 1) && (t = pm_wrap_cycle(cpu, (c->pmnc >> 20) & 0xFF, c->pmn0, c->pmn0_base)) < dl) dl = t;
        if ((watch & 2) && (t = pm_wrap_cycle(cpu, (c->pmnc >> 12) & 0xFF, c->pmn1, c->pmn1_base)) < dl) dl = t;
    }
    cpu->pmu_deadline = dl;
    if (dl < cpu->deadline) cpu->deadline = dl;
}

static void pmnc_write(Arm11 *cpu, uint32_t v)
{
    Cp15 *c = &cpu->cp15;
    pm_freeze(cpu);
    if (v & PMNC_P) c->pmn0 = c->pmn1 = 0;
    if (v & PMNC_C) c->ccnt = 0;
    uint32_t flags = c->pmnc & PMNC_FLAGS;
    flags &= ~(v & PMNC_FLAGS); /* overflow flags: write 1 to clear */
    c->pmnc = (v & 0x0FFFF0F9u & ~PMNC_FLAGS & ~(PMNC_P | PMNC_C)) | flags;
    pm_rebase(cpu);
    cp15_pmu_sync(cpu);
}

static bool user_pm_ok(const Arm11 *cpu) { return arm_privileged(cpu) || (cpu->cp15.c15_valid & 1); }

/* ---- MRC / MCR ------------------------------------------------------------------ */
static bool cp15_mrc(Arm11 *cpu, void *opaque, unsigned opc1, unsigned crn, unsigned crm, unsigned opc2,
                     uint32_t *val)
{
    (void)opaque;
    Cp15 *c = &cpu->cp15;
    bool priv = arm_privileged(cpu);
    unsigned key = KEY(opc1, crn, crm, opc2);
    /* User-mode readable: thread IDs and the PMU when validated. */
    if (!priv) {
        if (key == KEY(0, 13, 0, 2)) { *val = c->tpidrurw; return true; }
        if (key == KEY(0, 13, 0, 3)) { *val = c->tpidruro; return true; }
        if (crn == 15 && crm == 12 && opc1 == 0 && opc2 <= 3 && user_pm_ok(cpu)) goto pm_read;
        return false;
    }
    if (opc1 == 0 && crn == 0) {
        static const uint32_t id_c1[8] = {0x00000111, 0x00000011, 0x00000033, 0x00000000,
                                          0x01130003, 0x10030302, 0x01222100, 0x00000000};
        static const uint32_t id_c2[8] = {0x00140011, 0x12002111, 0x11231121, 0x01102131,
                                          0x00001141, 0x00000000, 0, 0};
        if (crm == 0) {
            switch (opc2) {
            case 1: *val = 0x1D152152u; return true; /* CTR: 16 KiB 4-way I and D, 32-byte lines */
            case 2: *val = 0x00010001u; return true; /* TCMTR: one ITCM, one DTCM */
            case 3: *val = 0x00000800u; return true; /* TLBTR: unified, 8 lockable entries */
            default: *val = ARM1176_MIDR; return true; /* MIDR (other opc2 alias it) */
            }
        }
        if (crm == 1) { *val = id_c1[opc2]; return true; }
        if (crm == 2) { *val = id_c2[opc2]; return true; }
        *val = 0;
        return true;
    }
    switch (key) {
    case KEY(0, 1, 0, 0): *val = c->sctlr; return true;
    case KEY(0, 1, 0, 1): *val = c->actlr; return true;
    case KEY(0, 1, 0, 2): *val = c->cpacr; return true;
    case KEY(0, 1, 1, 0): *val = c->scr; return true;
    case KEY(0, 1, 1, 1): *val = c->sder; return true;
    case KEY(0, 1, 1, 2): *val = c->nsacr; return true;
    case KEY(0, 2, 0, 0): *val = c->ttbr0; return true;
    case KEY(0, 2, 0, 1): *val = c->ttbr1; return true;
    case KEY(0, 2, 0, 2): *val = c->ttbcr; return true;
    case KEY(0, 3, 0, 0): *val = c->dacr; return true;
    case KEY(0, 7, 4, 0): *val = c->par; return true;
    case KEY(0, 9, 1, 0): *val = c->dtcm_region | TCM_SIZE_16K; return true;
    case KEY(0, 9, 1, 1): *val = c->itcm_region | TCM_SIZE_16K; return true;
    case KEY(0, 10, 0, 0): *val = c->tlb_lock; return true;
    case KEY(0, 10, 2, 0): *val = c->prrr; return true;
    case KEY(0, 10, 2, 1): *val = c->nmrr; return true;
    case KEY(0, 5, 0, 0): *val = c->dfsr; return true;
    case KEY(0, 5, 0, 1): *val = c->ifsr; return true;
    case KEY(0, 6, 0, 0): *val = c->far; return true;
    case KEY(0, 6, 0, 1): *val = c->wfar; return true;
    case KEY(0, 6, 0, 2): *val = c->ifar; return true;
    case KEY(0, 12, 0, 0): *val = c->vbar; return true;
    case KEY(0, 12, 0, 1): *val = c->mvbar; return true;
    case KEY(0, 12, 1, 0): /* ISR: pending interrupt lines */
        *val = (cpu->irq_line ? 1u << 7 : 0) | (cpu->fiq_line ? 1u << 6 : 0);
        return true;
    case KEY(0, 13, 0, 0): *val = c->fcse_pid; return true;
    case KEY(0, 13, 0, 1): *val = c->context_id; return true;
    case KEY(0, 13, 0, 2): *val = c->tpidrurw; return true;
    case KEY(0, 13, 0, 3): *val = c->tpidruro; return true;
    case KEY(0, 13, 0, 4): *val = c->tpidrprw; return true;
    case KEY(0, 15, 9, 0): *val = c->c15_valid; return true;
    default: break;
    }
    if (crn == 15 && crm == 12 && opc1 == 0 && opc2 <= 3) {
    pm_read:
        switch (opc2) {
        case 0: cp15_pmu_sync(cpu); *val = c->pmnc; return true;
        case 1: *val = cp15_ccnt(cpu); return true;
        case 2: *val = pmn(cpu, 0); return true;
        default: *val = pmn(cpu, 1); return true;
        }
    }
    if (crn == 7 || crn == 8) { /* operations, not registers: reads are UNPREDICTABLE, return 0 */
        *val = 0;
        return true;
    }
    if (!scratch_get(scratch_of(cpu), key, val)) *val = 0;
    return true;
}

static bool cp15_mcr(Arm11 *cpu, void *opaque, unsigned opc1, unsigned crn, unsigned crm, unsigned opc2,
                     uint32_t v)
{
    (void)opaque;
    Cp15 *c = &cpu->cp15;
    unsigned key = KEY(opc1, crn, crm, opc2);
    if (!arm_privileged(cpu)) {
        switch (key) {
        case KEY(0, 13, 0, 2): c->tpidrurw = v; return true;
        case KEY(0, 7, 10, 4): /* DSB */
        case KEY(0, 7, 10, 5): /* DMB */
        case KEY(0, 7, 5, 4):  /* ISB (flush prefetch buffer) */
            return true;
        default: break;
        }
        if (crn == 15 && crm == 12 && opc1 == 0 && opc2 <= 3 && user_pm_ok(cpu)) goto pm_write;
        return false;
    }
    switch (key) {
    case KEY(0, 1, 0, 0): {
        /* Bits 6:3, 16 and 18 read as one; 26 reads as zero. */
        uint32_t old = c->sctlr;
        c->sctlr = (v & ~((1u << 26) | (1u << 27))) | 0x00050078u | (old & (1u << 27));
        if ((old ^ c->sctlr) & (SCTLR_M | SCTLR_A | SCTLR_S | SCTLR_R | SCTLR_U | SCTLR_XP | SCTLR_FA))
            translation_changed(cpu);
        return true;
    }
    case KEY(0, 1, 0, 1): c->actlr = v & 0x7FF; return true;
    case KEY(0, 1, 0, 2): c->cpacr = v & 0x0FFFFFFFu; return true;
    case KEY(0, 1, 1, 0): c->scr = v & 0x7F; return true;
    case KEY(0, 1, 1, 1): c->sder = v & 3; return true;
    case KEY(0, 1, 1, 2): c->nsacr = v & 0x73FFF; return true;
    /* Rewriting the same value (an OS setting DACR around user copies) keeps the TLBs. */
    case KEY(0, 2, 0, 0): if (c->ttbr0 != v) translation_changed(cpu); c->ttbr0 = v; return true;
    case KEY(0, 2, 0, 1):
        if (c->ttbr1 != (v & 0xFFFFC01Fu)) translation_changed(cpu);
        c->ttbr1 = v & 0xFFFFC01Fu;
        return true;
    case KEY(0, 2, 0, 2):
        if (c->ttbcr != (v & 0x37)) translation_changed(cpu);
        c->ttbcr = v & 0x37;
        return true;
    case KEY(0, 3, 0, 0): if (c->dacr != v) translation_changed(cpu); c->dacr = v; return true;
    case KEY(0, 5, 0, 0): c->dfsr = v & 0x1CFF; return true;
    case KEY(0, 5, 0, 1): c->ifsr = v & 0x100F; return true;
    case KEY(0, 6, 0, 0): c->far = v; return true;
    case KEY(0, 6, 0, 1): c->wfar = v; return true;
    case KEY(0, 6, 0, 2): c->ifar = v; return true;
    case KEY(0, 7, 0, 4): /* wait for interrupt */
        cpu->halted = true;
        cpu->deadline = 0;
        return true;
    case KEY(0, 7, 4, 0): c->par = v; return true;
    case KEY(0, 7, 5, 4): /* flush prefetch buffer: next instruction re-fetched */
        cpu->deadline = 0;
        return true;
    case KEY(0, 7, 5, 1): /* invalidate I-cache line by MVA */
        mmu_cache_op_check(cpu, v, true);
        return true;
    case KEY(0, 7, 6, 1):  /* invalidate D-cache line by MVA */
    case KEY(0, 7, 10, 1): /* clean D-cache line by MVA */
    case KEY(0, 7, 14, 1): /* clean and invalidate D-cache line by MVA */
        mmu_cache_op_check(cpu, v, false);
        return true;
    case KEY(0, 9, 1, 0): c->dtcm_region = v & 0xFFFFF001u; return true;
    case KEY(0, 9, 1, 1): c->itcm_region = v & 0xFFFFF001u; return true;
    case KEY(0, 10, 0, 0): c->tlb_lock = v & 0x1C000001u; return true;
    case KEY(0, 10, 2, 0): c->prrr = v & 0x000FFFFFu; return true;
    case KEY(0, 10, 2, 1): c->nmrr = v; return true;
    case KEY(0, 12, 0, 0): c->vbar = v & ~0x1Fu; return true;
    case KEY(0, 12, 0, 1): c->mvbar = v & ~0x1Fu; return true;
    case KEY(0, 13, 0, 0):
        if (c->fcse_pid != (v & 0xFE000000u)) translation_changed(cpu);
        c->fcse_pid = v & 0xFE000000u;
        return true;
    case KEY(0, 13, 0, 1): /* CONTEXTIDR: the ASID in [7:0] selects the nG entries */
        if ((c->context_id ^ v) & 0xFF) translation_changed(cpu);
        c->context_id = v;
        return true;
    case KEY(0, 13, 0, 2): c->tpidrurw = v; return true;
    case KEY(0, 13, 0, 3): c->tpidruro = v; return true;
    case KEY(0, 13, 0, 4): c->tpidrprw = v; return true;
    case KEY(0, 15, 9, 0): c->c15_valid = v & 1; return true;
    default: break;
    }
    if (crn == 15 && crm == 12 && opc1 == 0 && opc2 <= 3) {
    pm_write:
        switch (opc2) {
        case 0: pmnc_write(cpu, v); return true;
        case 1: pm_freeze(cpu); c->ccnt = v; break;
        case 2: pm_freeze(cpu); c->pmn0 = v; break;
        default: pm_freeze(cpu); c->pmn1 = v; break;
        }
        pm_rebase(cpu);
        cp15_pmu_sync(cpu);
        return true;
    }
    if (crn == 0) return true; /* ID registers: writes ignored */
    if (crn == 7 && crm == 8 && opc1 == 0) {
        /* VA->PA: opc2 0-3 privileged read/write, User read/write; 4-7 are
         * the "other world" forms, the same here (one world). */
        c->par = mmu_va_to_pa(cpu, v, (opc2 & 2) != 0, (opc2 & 1) != 0);
        return true;
    }
    if (crn == 7) return true; /* other cache maintenance and barriers: decoded code is always coherent */
    if (crn == 8) {            /* TLB maintenance: c5 I, c6 D, c7 unified are one TLB on the ARM1176 */
        switch (opc2) {
        case 0: mmu_tlb_invalidate_all(cpu); break;
        case 1: mmu_tlb_invalidate_mva(cpu, v); break;
        case 2: mmu_tlb_invalidate_asid(cpu, v); break;
        default: arm_flush_tlb(cpu); break; /* UNPREDICTABLE encodings: no TLB change */
        }
        cpu->deadline = 0;
        return true;
    }
    scratch_set(scratch_of(cpu), key, v);
    return true;
}

static bool cp15_mcrr(Arm11 *cpu, void *opaque, unsigned opc, unsigned crm, uint32_t lo, uint32_t hi)
{
    /* ARM1176 block cache operations (MCRR p15, 0, Rend, Rstart, c5/c6/c12/c14): accepted. */
    (void)opaque; (void)lo; (void)hi;
    return arm_privileged(cpu) && opc == 0 && (crm == 5 || crm == 6 || crm == 12 || crm == 14);
}

void cp15_install(Arm11 *cpu)
{
    static const ArmCoproc ops = {.mrc = cp15_mrc, .mcr = cp15_mcr, .mcrr = cp15_mcrr};
    Cp15Scratch *s = calloc(1, sizeof *s);
    cpu->cp[15] = ops;
    cpu->cp[15].opaque = s;
}

void cp15_reset(Arm11 *cpu)
{
    Cp15 *c = &cpu->cp15;
    memset(c, 0, sizeof *c);
    c->sctlr = ARM1176_SCTLR_RESET;
    c->actlr = 0x7;
    c->prrr = 0x00098AA4u; /* reset values: no remapping (TRM "c10, Memory region remap registers") */
    c->nmrr = 0x44E048E0u;
    mmu_reset(cpu->mmu);
    if (scratch_of(cpu)) scratch_of(cpu)->n = 0;
    cp15_pmu_sync(cpu); /* PMNC = 0: the interrupt output goes low, no overflow watch */
}
