/* The oracle: Unicorn 2 (QEMU's ARM translator), CPU model ARM1176, on its
 * own copy of the RAM (mapped with uc_mem_map_ptr so the harness compares
 * and restores it directly).
 *
 * Unicorn does not vector ARM exceptions: it reports them and stops.
 *   - undefined instruction: uc_emu_start returns UC_ERR_INSN_INVALID, PC at
 *     the instruction;
 *   - SVC / BKPT / SMC / data abort raised by the translator (alignment):
 *     the UC_HOOK_INTR callback gets QEMU's exception number (2, 7, 13, 4);
 *   - access to an unmapped address: the UC_HOOK_MEM_UNMAPPED callback gets
 *     the address and direction, then uc_emu_start returns
 *     UC_ERR_{READ,WRITE,FETCH}_UNMAPPED with the state of the instruction's
 *     start;
 *   - YIELD and WFE leave QEMU's loop with EXCP_YIELD, which Unicorn also
 *     reports as UC_ERR_INSN_INVALID, but with the PC already past the
 *     instruction: that is a completed hint, not an undefined instruction.
 *
 * Exactly one instruction: Unicorn's own instruction count stops only
 * between instructions it has started, and after a branch into an already
 * translated block (or onto a condition-failed instruction) it lets the next
 * instruction run, exceptions included.  So a UC_HOOK_CODE callback counts
 * instructions itself: at the start of the second one it saves the CPU
 * context and asks Unicorn to stop; whatever that second instruction then
 * does is ignored (its exceptions and unmapped accesses) or undone (its
 * memory writes, logged by a UC_HOOK_MEM_WRITE callback), and the saved
 * context is restored.  docs/conformance.md says how outcomes are compared. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicorn/unicorn.h>

#include "test/conformance/conf.h"

/* QEMU's exception numbers (target/arm/cpu.h) as passed to UC_HOOK_INTR. */
enum { QEMU_EXCP_UDEF = 1, QEMU_EXCP_SWI = 2, QEMU_EXCP_PREFETCH_ABORT = 3, QEMU_EXCP_DATA_ABORT = 4, QEMU_EXCP_BKPT = 7, QEMU_EXCP_SMC = 13 };

#define UNDO_MAX 64

static uc_engine *uc;
static uc_context *after_first, *before;
static uint8_t *uc_ram;
static struct {
    unsigned insns;            /* UC_HOOK_CODE calls in this run */
    bool intr;
    uint32_t intno;
    bool unmapped;
    uint32_t addr;
    int type;
    unsigned nundo;            /* memory writes of the second instruction */
    struct { uint32_t addr; unsigned size; uint8_t old[8]; } undo[UNDO_MAX];
} ev;

static void die(const char *what, uc_err e)
{
    fprintf(stderr, "conformance: unicorn: %s: %s\n", what, uc_strerror(e));
    exit(2);
}

static uint32_t rd(int reg)
{
    uint32_t v = 0;
    uc_reg_read(uc, reg, &v);
    return v;
}

static void wr(int reg, uint32_t v) { uc_reg_write(uc, reg, &v); }

static void on_code(uc_engine *u, uint64_t address, uint32_t size, void *user)
{
    (void)address; (void)size; (void)user;
    if (++ev.insns == 2) {
        uc_context_save(u, after_first);
        uc_emu_stop(u);
    }
}

static void on_intr(uc_engine *u, uint32_t intno, void *user)
{
    (void)user;
    if (ev.insns <= 1 && !ev.intr) {
        ev.intr = true;
        ev.intno = intno;
    }
    uc_emu_stop(u);
}

static bool on_unmapped(uc_engine *u, uc_mem_type type, uint64_t addr, int size, int64_t value, void *user)
{
    (void)u; (void)size; (void)value; (void)user;
    if (ev.insns <= 1 && !ev.unmapped) {
        ev.unmapped = true;
        ev.addr = (uint32_t)addr;
        ev.type = type;
    }
    return false;
}

static void on_write(uc_engine *u, uc_mem_type type, uint64_t addr, int size, int64_t value, void *user)
{
    (void)u; (void)type; (void)value; (void)user;
    if (ev.insns < 2) return;
    if (conf_mmu) {
        /* the hook reports virtual addresses */
        uint32_t pa;
        if (!mmu_layout_pa(uc_ram, (uint32_t)addr, &pa)) return;
        if ((pa & 0xFFFu) + (unsigned)size > 0x1000u) size = (int)(0x1000u - (pa & 0xFFFu));
        addr = pa;
    }
    if (addr >= RAM_SIZE || size > 8) return;
    if (ev.nundo == UNDO_MAX) {
        fprintf(stderr, "conformance: oracle: too many writes to undo\n");
        exit(2);
    }
    unsigned n = (unsigned)size;
    if (addr + n > RAM_SIZE) n = (unsigned)(RAM_SIZE - addr);
    ev.undo[ev.nundo].addr = (uint32_t)addr;
    ev.undo[ev.nundo].size = n;
    memcpy(ev.undo[ev.nundo].old, uc_ram + addr, n);
    ev.nundo++;
}

/* Unicorn 2.0.1's translation-block invalidation (page_collection_lock)
 * eventually crashes after very many uc_emu_start/remove_cache rounds on one
 * engine (upstream issue #1946), so the harness starts a fresh engine every
 * few thousand cases (oracle_reset, about 1.5 ms). */
void oracle_reset(void)
{
    if (!uc) return;
    uc_context_free(after_first);
    uc_context_free(before);
    uc_close(uc);
    uc = NULL;
    oracle_init(uc_ram);
}

static void cp15_write(unsigned crn, unsigned crm, unsigned opc1, unsigned opc2, uint32_t v)
{
    uc_arm_cp_reg r = {.cp = 15, .crn = crn, .crm = crm, .opc1 = opc1, .opc2 = opc2, .sec = 1, .val = v};
    uc_err e = uc_reg_write(uc, UC_ARM_REG_CP_REG, &r);
    if (e) die("CP15 write", e);
}

static uint32_t cp15_read(unsigned crn, unsigned crm, unsigned opc1, unsigned opc2)
{
    uc_arm_cp_reg r = {.cp = 15, .crn = crn, .crm = crm, .opc1 = opc1, .opc2 = opc2, .sec = 1};
    uc_err e = uc_reg_read(uc, UC_ARM_REG_CP_REG, &r);
    if (e) die("CP15 read", e);
    return (uint32_t)r.val;
}

/* ---- the MMU on (mmu:* classes) -------------------------------------------------
 * Unicorn 2.0.1 looks a guest's virtual address up in its own (physical)
 * memory map before the QEMU TLB translates it: an access to a VA that is
 * not also a mapped physical address is reported as unmapped, whatever the
 * page tables say.  The remapped window is therefore backed by a "shadow"
 * mapping at the same addresses that is never accessed itself (the TLB
 * translates to the real RAM below 0x20000).
 *
 * A guest MMU fault reaches the UC_HOOK_INTR callback as EXCP_DATA_ABORT, but
 * Unicorn does not take the exception (QEMU's do_interrupt, which copies the
 * fault into DFSR/DFAR, is not called), so CP15 DFSR/FAR read back 0.  The
 * fault QEMU computed is in its CPU state (env->exception.fsr/.vaddress),
 * which uc_context_save copies verbatim: its offset in the context is found
 * once by provoking two faults at known addresses (calibrate_fault). */
static long fault_off = -1;   /* offset of exception.vaddress (u64) in a saved context; fsr is the u32 before */

static void mmu_setup(void)
{
    /* Shadows: the whole coarse-table MB and two fault sections (they
     * translate only into RAM, or fault), the first RAM_SIZE bytes of the
     * other sections (beyond, their PAs are not RAM: QEMU would read zeros
     * from unassigned memory where the core takes an external abort; left
     * unmapped, Unicorn reports the access, see the exclusion
     * mmu-pa-outside-ram). */
    static const uint32_t shadow[][2] = {
        {0x00100000u, 0x00100000u}, {0x00200000u, RAM_SIZE}, {0x00300000u, 0x00100000u},
        {0x00400000u, RAM_SIZE}, {0x00500000u, RAM_SIZE},
        {0xFFF00000u, 0x00100000u},   /* a fault section: LDM/STM wrapping around to 0 fault there */
    };
    for (unsigned i = 0; i < sizeof shadow / sizeof shadow[0]; i++) {
        uc_err e = uc_mem_map(uc, shadow[i][0], shadow[i][1], UC_PROT_ALL);
        if (e) die("shadow map", e);
    }
    cp15_write(2, 0, 0, 0, MMU_L1);     /* TTBR0 */
    cp15_write(2, 0, 0, 2, 0);          /* TTBCR */
    cp15_write(3, 0, 0, 0, MMU_DACR);   /* DACR */
    cp15_write(1, 0, 0, 0, cp15_read(1, 0, 0, 0) | 1u | 1u << 23);   /* SCTLR.M, XP */
    if (getenv("CONF_DEBUG"))
        fprintf(stderr, "oracle: MMU on, SCTLR %08x TTBR0 %08x DACR %08x\n", cp15_read(1, 0, 0, 0),
                cp15_read(2, 0, 0, 0), cp15_read(3, 0, 0, 0));
}

static void run_once(uint32_t pc, bool thumb, Outcome *out);
static void rebuild_flags(void);

static bool calibrate_fault(void)
{
    static const uint32_t vas[2] = {0x00312344u, 0x003A5678u};   /* section translation faults */
    const uint32_t at = CLREX_STUB + 4, ldr = 0xE5901000u;        /* ldr r1, [r0] */
    uint8_t saved[4];
    memcpy(saved, uc_ram + at, 4);
    memcpy(uc_ram + at, &ldr, 4);
    oracle_code_changed(at, 4);
    size_t size = uc_context_size(uc);
    long cand = -1;
    int found = 0;
    uint8_t *snap0 = malloc(size);
    if (!snap0) abort();
    for (int t = 0; t < 2; t++) {
        wr(UC_ARM_REG_CPSR, 0x1D3);
        wr(UC_ARM_REG_R0, vas[t]);
        wr(UC_ARM_REG_R1, 0xFFFFFFFFu);   /* so that r0:r1 does not look like a u64 VA */
        rebuild_flags();
        Outcome o;
        run_once(at, false, &o);
        if (!ev.intr || ev.intno != QEMU_EXCP_DATA_ABORT) break;
        uc_context_save(uc, before);
        const uint8_t *p = (const uint8_t *)before;
        if (t == 0) {
            memcpy(snap0, p, size);
            continue;
        }
        for (size_t off = 8; off + 8 <= size; off += 4) {
            uint64_t a, b;
            memcpy(&a, snap0 + off, 8);
            memcpy(&b, p + off, 8);
            uint32_t f0, f1;   /* the fsr before it: the same status in both, not 0 */
            memcpy(&f0, snap0 + off - 4, 4);
            memcpy(&f1, p + off - 4, 4);
            if (a == vas[0] && b == vas[1] && f0 == f1 && f0 != 0) {
                cand = (long)off;
                found++;
            }
        }
    }
    if (getenv("CONF_DEBUG")) fprintf(stderr, "oracle: fault calibration: context %zu bytes, %d candidates\n", size, found);
    free(snap0);
    memcpy(uc_ram + at, saved, 4);
    oracle_code_changed(at, 4);
    if (found != 1) return false;
    fault_off = cand;
    return true;
}

void oracle_init(uint8_t *ram)
{
    uc_ram = ram;
    uc_err e = uc_open(UC_ARCH_ARM, UC_MODE_ARM, &uc);
    if (e) die("uc_open", e);
    e = uc_ctl_set_cpu_model(uc, UC_CPU_ARM_1176);
    if (e) die("cpu model arm1176", e);
    e = uc_mem_map_ptr(uc, 0, RAM_SIZE, UC_PROT_ALL, ram);
    if (e) die("uc_mem_map_ptr", e);
    /* Unicorn starts in the Non-secure state (SCR.NS = 1), where the A bit
     * cannot be changed and Monitor mode cannot be entered.  The ARM1176 and
     * our core reset into the Secure state: SCR = 0. */
    uc_arm_cp_reg scr = {.cp = 15, .crn = 1, .crm = 1, .opc1 = 0, .opc2 = 0, .val = 0};
    e = uc_reg_write(uc, UC_ARM_REG_CP_REG, &scr);
    if (e) die("SCR", e);
    uc_hook h;
    if ((e = uc_hook_add(uc, &h, UC_HOOK_CODE, (void *)on_code, NULL, 1, 0))) die("hook code", e);
    if ((e = uc_hook_add(uc, &h, UC_HOOK_INTR, (void *)on_intr, NULL, 1, 0))) die("hook intr", e);
    if ((e = uc_hook_add(uc, &h, UC_HOOK_MEM_UNMAPPED, (void *)on_unmapped, NULL, 1, 0))) die("hook unmapped", e);
    if ((e = uc_hook_add(uc, &h, UC_HOOK_MEM_WRITE, (void *)on_write, NULL, 1, 0))) die("hook write", e);
    if ((e = uc_context_alloc(uc, &after_first))) die("context", e);
    if ((e = uc_context_alloc(uc, &before))) die("context", e);
    if (conf_mmu) {
        mmu_setup();
        if (fault_off < 0 && !calibrate_fault()) {
            fprintf(stderr, "conformance: cannot find the fault status in Unicorn's saved context\n");
            exit(2);
        }
    }
}

/* A raw CPSR write does not refresh QEMU's cached translation flags (mode,
 * privilege, endianness); a system-register write does. */
static void rebuild_flags(void)
{
    uc_arm_cp_reg scr = {.cp = 15, .crn = 1, .crm = 1, .opc1 = 0, .opc2 = 0, .val = 0};
    uc_err e = uc_reg_write(uc, UC_ARM_REG_CP_REG, &scr);
    if (e) die("SCR", e);
}

/* The Secure bank (sec = 1) of the thread ID registers: both engines run
 * in the Secure state. */
static void tpid_access(uint32_t *v, bool write)
{
    for (unsigned i = 0; i < 3; i++) {
        uc_arm_cp_reg t = {.cp = 15, .crn = 13, .crm = 0, .opc1 = 0, .opc2 = 2 + i, .sec = 1, .val = v[i]};
        uc_err e = write ? uc_reg_write(uc, UC_ARM_REG_CP_REG, &t) : uc_reg_read(uc, UC_ARM_REG_CP_REG, &t);
        if (e) die("thread ID register", e);
        v[i] = (uint32_t)t.val;
    }
}

static const int hi_regs[5] = {UC_ARM_REG_R8, UC_ARM_REG_R9, UC_ARM_REG_R10, UC_ARM_REG_R11, UC_ARM_REG_R12};

void oracle_load(const CState *s)
{
    /* A raw CPSR write with new mode bits switches the register bank. */
    for (int cb = 0; cb < CB_COUNT; cb++) {
        wr(UC_ARM_REG_CPSR, mode_of_cb(cb) | 0xC0);
        wr(UC_ARM_REG_SP, s->r13[cb]);
        wr(UC_ARM_REG_LR, s->r14[cb]);
        wr(UC_ARM_REG_SPSR, cb == CB_USR ? 0 : s->spsr[cb]);
        const uint32_t *hi = cb == CB_FIQ ? s->fiq_hi : cb == CB_USR ? s->usr_hi : NULL;
        if (hi)
            for (int i = 0; i < 5; i++) wr(hi_regs[i], hi[i]);
    }
    wr(UC_ARM_REG_CPSR, s->cpsr);
    for (int i = 0; i < 13; i++) wr(UC_ARM_REG_R0 + i, s->r[i]);
    wr(UC_ARM_REG_SP, s->r[13]);
    wr(UC_ARM_REG_LR, s->r[14]);
    uint32_t tpid[3] = {s->tpid[0], s->tpid[1], s->tpid[2]};
    tpid_access(tpid, true);
    rebuild_flags();
}

void oracle_read(CState *s)
{
    uint32_t cpsr = rd(UC_ARM_REG_CPSR);
    for (int i = 0; i < 13; i++) s->r[i] = rd(UC_ARM_REG_R0 + i);
    s->r[13] = rd(UC_ARM_REG_SP);
    s->r[14] = rd(UC_ARM_REG_LR);
    s->r[15] = rd(UC_ARM_REG_PC);
    uint32_t spsr = rd(UC_ARM_REG_SPSR);
    s->cpsr = cpsr;
    tpid_access(s->tpid, false);
    int cur = cb_of_mode(cpsr);
    if (cur < 0) return;   /* an invalid mode: the comparison shows it */
    for (int cb = 0; cb < CB_COUNT; cb++) {
        if (cb == cur) continue;
        wr(UC_ARM_REG_CPSR, mode_of_cb(cb) | (cpsr & ~0x1Fu));
        s->r13[cb] = rd(UC_ARM_REG_SP);
        s->r14[cb] = rd(UC_ARM_REG_LR);
        s->spsr[cb] = cb == CB_USR ? 0 : rd(UC_ARM_REG_SPSR);
        if (cb == CB_FIQ)
            for (int i = 0; i < 5; i++) s->fiq_hi[i] = rd(hi_regs[i]);
        else if (cb == CB_USR)
            for (int i = 0; i < 5; i++) s->usr_hi[i] = rd(hi_regs[i]);
    }
    wr(UC_ARM_REG_CPSR, cpsr);
    cs_sync_banks(s, spsr);
    if (cur == CB_USR) s->spsr[CB_USR] = 0;
}

void oracle_code_changed(uint32_t addr, uint32_t len)
{
    uc_err e = uc_ctl_remove_cache(uc, addr, addr + len);
    if (e) die("remove cache", e);
}

static void run_once(uint32_t pc, bool thumb, Outcome *out);

void oracle_run(uint32_t pc, bool thumb, Outcome *out)
{
    uc_context_save(uc, before);
    run_once(pc, thumb, out);
    if (out->kind == OUT_UNDEF) {
        /* An instruction stopped in flight by the previous run can leave
         * Unicorn reporting "invalid instruction" on the next start without
         * running anything: an UNDEFINED answer is only taken when a second
         * run from the same state agrees. */
        uc_context_restore(uc, before);
        run_once(pc, thumb, out);
    }
}

static void run_once(uint32_t pc, bool thumb, Outcome *out)
{
    memset(&ev, 0, offsetof(__typeof__(ev), undo));
    out->kind = OUT_NONE;
    out->addr = 0;
    out->write = false;
    out->uc_err = 0;
    out->has_fsr = false;
    out->fsr = 0;
    uc_err e = uc_emu_start(uc, pc | (thumb ? 1u : 0u), 0, 0, 0);
    if (getenv("CONF_DEBUG"))
        fprintf(stderr, "oracle: pc %08x -> err %d insns %u intr %d/%u unmapped %d/%08x undo %u\n", pc, e, ev.insns,
                ev.intr, ev.intno, ev.unmapped, ev.addr, ev.nundo);
    if (ev.insns >= 2) {
        /* The instruction completed; undo the second one. */
        uc_context_restore(uc, after_first);
        while (ev.nundo) {
            ev.nundo--;
            memcpy(uc_ram + ev.undo[ev.nundo].addr, ev.undo[ev.nundo].old, ev.undo[ev.nundo].size);
        }
        if (!ev.intr && !ev.unmapped) return;
    }
    uint32_t end_pc = rd(UC_ARM_REG_PC);
    /* MMU on: a fetch from an untranslatable address is a guest prefetch
     * abort; at another address than the instruction's, it is the fetch of
     * the next instruction (a branch completed). */
    if (conf_mmu && ev.intr && ev.intno == QEMU_EXCP_PREFETCH_ABORT && !ev.unmapped && end_pc != pc) return;
    if (ev.unmapped) {
        if (ev.type == UC_MEM_FETCH_UNMAPPED) {
            if (ev.addr != pc) return;        /* the branch completed, the next fetch failed */
            out->kind = OUT_PABT;
        } else {
            out->kind = OUT_DABT;
        }
        out->addr = ev.addr;
        out->write = ev.type == UC_MEM_WRITE_UNMAPPED;
        out->uc_err = (int)e;
        if (conf_mmu && out->kind == OUT_DABT) {
            /* A VA outside Unicorn's map is reported before translation
             * (see mmu_setup): the fault the tables give is derived from
             * the harness's walk: a fault entry (section translation fault,
             * domain 0), or the identity section beyond the RAM (external
             * abort, domain 0, no permission can fail). */
            uint32_t pa;
            if (!mmu_layout_pa(uc_ram, ev.addr, &pa)) {
                out->has_fsr = true;   /* a fault entry: section translation fault */
                out->fsr = 0x5u | (out->write ? 0x800u : 0);
            } else if (ev.addr < 0x00100000u) {
                out->has_fsr = true;   /* the identity section (domain 0, AP 011) beyond RAM */
                out->fsr = 0x8u | (out->write ? 0x800u : 0);
            }   /* else: excluded (mmu-pa-outside-ram) */
        }
    } else if (ev.intr) {
        switch (ev.intno) {
        case QEMU_EXCP_SWI: out->kind = OUT_SVC; break;
        case QEMU_EXCP_SMC: out->kind = OUT_SMC; break;
        case QEMU_EXCP_BKPT: out->kind = OUT_BKPT; break;
        case QEMU_EXCP_DATA_ABORT:
            out->kind = OUT_DABT_ALIGN;
            if (conf_mmu && fault_off >= 0) {
                /* the fault QEMU computed (see calibrate_fault) */
                uc_context_save(uc, before);
                const uint8_t *p = (const uint8_t *)before;
                uint64_t va;
                uint32_t fsr;
                memcpy(&va, p + fault_off, 8);
                memcpy(&fsr, p + fault_off - 4, 4);
                out->has_fsr = true;
                out->fsr = fsr;
                out->addr = (uint32_t)va;
                out->write = (fsr >> 11) & 1;
                if ((fsr & 0x40Fu) != 0x1u) out->kind = OUT_DABT;
            }
            break;
        case QEMU_EXCP_UDEF: out->kind = OUT_UNDEF; break;
        default: out->kind = OUT_OTHER; out->uc_err = 1000 + (int)ev.intno; break;
        }
    } else if (e == UC_ERR_INSN_INVALID) {
        /* EXCP_YIELD (YIELD, WFE) also comes back as "invalid instruction",
         * with the PC already past the hint: then the hint completed. */
        if (end_pc == pc) out->kind = OUT_UNDEF;
    } else if (e != UC_ERR_OK) {
        out->kind = OUT_OTHER;
        out->uc_err = (int)e;
    }
}

void oracle_clear_monitor(void)
{
    uint32_t cpsr = rd(UC_ARM_REG_CPSR);
    wr(UC_ARM_REG_CPSR, 0x1D3);
    Outcome o;
    run_once(CLREX_STUB, false, &o);
    wr(UC_ARM_REG_CPSR, cpsr);
}
