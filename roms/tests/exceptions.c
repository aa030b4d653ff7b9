/*
 * exceptions: exception entry and return, with vectors installed at 0.
 *  - undefined instruction in ARM (0xe7f000f0) and Thumb (0xde00) state
 *  - BKPT in ARM and Thumb state -> prefetch abort
 *  - SVC with a non-semihosting immediate in ARM and Thumb state
 *  - data abort: alignment faults with SCTLR.A = 1 (LDR, STR, Thumb LDRH),
 *    and LDREX / LDM at an unaligned address (fault even with A = 0)
 *  For each: the mode entered, CPSR bits set on entry (I always, A for
 *  aborts, T cleared, F kept), LR (return-address offsets per exception
 *  and state), SPSR = the CPSR before, DFSR status/WnR and DFAR, and that
 *  execution resumes after the faulting instruction with the flags back.
 *  - SRS (srsdb sp!, srsia to another mode's stack) and RFE (ia/da/db, with
 *    and without writeback, into Thumb state)
 * Not covered: IRQ/FIQ (neither QEMU's versatilepb nor `ipodsim run` give a
 * simple interrupt source here) and data aborts from unmapped memory
 * (versatilepb has no address that aborts without an MMU set up).
 */
#include <stdio.h>
#include "test.h"

void srs_rfe(uint32_t out[12]);

static volatile uint32_t word[4] __attribute__((aligned(8)));

struct snap { uint32_t addr, before, after; };

static void check_entry(const char *what, uint32_t type, uint32_t mode,
                        uint32_t lr_off, uint32_t ret_off, uint32_t insn,
                        const struct snap *s, int thumb)
{
    char n[96];
    uint32_t a_bit = (type == EXC_PABT || type == EXC_DABT) ? PSR_A : 0;
#define N(x) (snprintf(n, sizeof n, "%s: %s", what, x), n)
    t_eq(N("one exception"), exc_log.count, 1);
    t_eq(N("type"), exc_log.type, type);
    t_eq(N("mode"), exc_log.cpsr & PSR_MODE, mode);
    t_eq(N("T clear, I set in handler"), exc_log.cpsr & (PSR_T | PSR_I), PSR_I);
    if (a_bit)
        t_eq(N("A set in handler"), exc_log.cpsr & PSR_A, PSR_A);
    t_eq(N("F unchanged"), exc_log.cpsr & PSR_F, s->before & PSR_F);
    t_eq(N("LR"), exc_log.lr, s->addr + lr_off);
    t_eq(N("resumed at"), exc_log.ret, s->addr + ret_off);
    if (insn == 0)       /* register allocation decides: read it back */
        insn = thumb ? *(const uint16_t *)(uintptr_t)s->addr
                     : *(const uint32_t *)(uintptr_t)s->addr;
    t_eq(N("instruction"), exc_log.insn, insn);
    if (thumb) {
        t_eq(N("SPSR T and mode"), exc_log.spsr & 0x3f, PSR_T | MODE_SVC);
    } else {
        t_eq(N("SPSR = CPSR before"), exc_log.spsr, s->before);
        t_eq(N("CPSR after return = before"), s->after, s->before);
    }
#undef N
}

ARMFN static void und_arm(struct snap *s)
{
    /* F cleared first, so that "F unchanged by UND entry" means something */
    __asm__ volatile("cpsie f\n"
                     "msr  cpsr_f, #0x90000000\n"
                     "mrs  %1, cpsr\n"
                     "adr  %0, 1f\n"
                     "1: .word 0xe7f000f0\n"        /* permanently undefined */
                     "mrs  %2, cpsr\n"
                     "cpsid f\n"
                     : "=&r"(s->addr), "=&r"(s->before), "=&r"(s->after)
                     :: "cc", "memory");
}

ARMFN static void bkpt_arm(struct snap *s)
{
    /* A cleared first: abort entry must set it (and the return clear it) */
    __asm__ volatile("cpsie a\n"
                     "msr  cpsr_f, #0x60000000\n"
                     "mrs  %1, cpsr\n"
                     "adr  %0, 1f\n"
                     "1: bkpt #0x12\n"
                     "mrs  %2, cpsr\n"
                     "cpsid a\n"
                     : "=&r"(s->addr), "=&r"(s->before), "=&r"(s->after)
                     :: "cc", "memory");
}

ARMFN static void svc_arm(struct snap *s)
{
    __asm__ volatile("msr  cpsr_f, #0x30000000\n"
                     "mrs  %1, cpsr\n"
                     "adr  %0, 1f\n"
                     "1: svc #0x42\n"
                     "mrs  %2, cpsr\n"
                     : "=&r"(s->addr), "=&r"(s->before), "=&r"(s->after)
                     :: "cc", "memory", "lr");
}

THUMBFN static void und_thumb(struct snap *s)
{
    uint32_t a;
    s->before = get_cpsr();
    __asm__ volatile("ldr  %0, =1f\n"
                     "1: .short 0xde00\n"           /* undefined in Thumb */
                     : "=&l"(a) :: "cc", "memory");
    s->addr = a;
}

THUMBFN static void bkpt_thumb(struct snap *s)
{
    uint32_t a;
    s->before = get_cpsr();
    __asm__ volatile("ldr  %0, =1f\n"
                     "1: bkpt #0x34\n"
                     : "=&l"(a) :: "cc", "memory");
    s->addr = a;
}

THUMBFN static void svc_thumb(struct snap *s)
{
    uint32_t a;
    s->before = get_cpsr();
    __asm__ volatile("ldr  %0, =1f\n"
                     "1: svc #0x42\n"
                     : "=&l"(a) :: "cc", "memory", "lr");
    s->addr = a;
}

ARMFN static uint32_t sctlr_rw(uint32_t set, uint32_t clear)
{
    uint32_t old, v;
    __asm__ volatile("mrc p15, 0, %0, c1, c0, 0\n"
                     "bic %1, %0, %3\n"
                     "orr %1, %1, %2\n"
                     "mcr p15, 0, %1, c1, c0, 0\n"
                     "mcr p15, 0, %4, c7, c5, 4\n"
                     : "=&r"(old), "=&r"(v) : "r"(set), "r"(clear), "r"(0));
    return old;
}

ARMFN static void sctlr_set(uint32_t v)
{
    __asm__ volatile("mcr p15, 0, %0, c1, c0, 0\n"
                     "mcr p15, 0, %1, c7, c5, 4\n" :: "r"(v), "r"(0));
}

ARMFN static uint32_t dabt_ldr(struct snap *s, uint32_t addr)
{
    uint32_t v = 0x1234;
    __asm__ volatile("cpsie a\n"
                     "msr  cpsr_f, #0x80000000\n"
                     "mrs  %1, cpsr\n"
                     "adr  %0, 1f\n"
                     "1: ldr %3, [%4]\n"
                     "mrs  %2, cpsr\n"
                     "cpsid a\n"
                     : "=&r"(s->addr), "=&r"(s->before), "=&r"(s->after), "+r"(v)
                     : "r"(addr) : "cc", "memory");
    return v;
}

ARMFN static void dabt_str(struct snap *s, uint32_t addr)
{
    __asm__ volatile("msr  cpsr_f, #0x40000000\n"
                     "mrs  %1, cpsr\n"
                     "adr  %0, 1f\n"
                     "1: str %1, [%3]\n"
                     "mrs  %2, cpsr\n"
                     : "=&r"(s->addr), "=&r"(s->before), "=&r"(s->after)
                     : "r"(addr) : "cc", "memory");
}

ARMFN static void dabt_ldrex(struct snap *s, uint32_t addr)
{
    uint32_t v;
    __asm__ volatile("msr  cpsr_f, #0x20000000\n"
                     "mrs  %1, cpsr\n"
                     "adr  %0, 1f\n"
                     "1: ldrex %3, [%4]\n"
                     "mrs  %2, cpsr\n"
                     "clrex\n"
                     : "=&r"(s->addr), "=&r"(s->before), "=&r"(s->after), "=&r"(v)
                     : "r"(addr) : "cc", "memory");
}

ARMFN static void dabt_ldm(struct snap *s, uint32_t addr)
{
    __asm__ volatile("msr  cpsr_f, #0x10000000\n"
                     "mrs  %1, cpsr\n"
                     "adr  %0, 1f\n"
                     "1: ldmia %3, {r2, r3}\n"
                     "mrs  %2, cpsr\n"
                     : "=&r"(s->addr), "=&r"(s->before), "=&r"(s->after)
                     : "r"(addr) : "cc", "memory", "r2", "r3");
}

THUMBFN static void dabt_thumb(struct snap *s, uint32_t addr)
{
    uint32_t a, v;
    s->before = get_cpsr();
    __asm__ volatile("ldr  %0, =1f\n"
                     "1: ldrh %1, [%2]\n"
                     : "=&l"(a), "=&l"(v) : "l"(addr) : "cc", "memory");
    s->addr = a;
}

int main(void)
{
    struct snap s;
    uint32_t o[12], old, v;
    uint32_t base = (uint32_t)(uintptr_t)word;

    t_begin("exceptions");
    vec_install();

    exc_reset_log();
    und_arm(&s);
    check_entry("ARM UND", EXC_UND, MODE_UND, 4, 4, 0xe7f000f0, &s, 0);

    exc_reset_log();
    bkpt_arm(&s);
    check_entry("ARM BKPT", EXC_PABT, MODE_ABT, 4, 4, 0xe1200172, &s, 0);

    exc_reset_log();
    svc_arm(&s);
    check_entry("ARM SVC", EXC_SVC, MODE_SVC, 4, 4, 0xef000042, &s, 0);

    exc_reset_log();
    und_thumb(&s);
    check_entry("Thumb UND", EXC_UND, MODE_UND, 2, 2, 0xde00, &s, 1);

    exc_reset_log();
    bkpt_thumb(&s);
    check_entry("Thumb BKPT", EXC_PABT, MODE_ABT, 4, 2, 0xbe34, &s, 1);

    exc_reset_log();
    svc_thumb(&s);
    check_entry("Thumb SVC", EXC_SVC, MODE_SVC, 2, 2, 0xdf42, &s, 1);

    /* alignment faults (SCTLR.A = 1) */
    word[0] = 0x11223344;
    word[1] = 0x55667788;
    old = sctlr_rw(2, 0);
    exc_reset_log();
    v = dabt_ldr(&s, base + 1);
    sctlr_set(old);
    check_entry("ARM LDR align fault", EXC_DABT, MODE_ABT, 8, 4,
                0, &s, 0);
    t_eq("ARM LDR align fault: DFSR status (read, alignment)", exc_log.fsr & 0xc0f, 0x001);
    t_eq("ARM LDR align fault: DFAR", exc_log.far, base + 1);
    t_eq("ARM LDR align fault: destination not written", v, 0x1234);

    old = sctlr_rw(2, 0);
    exc_reset_log();
    dabt_str(&s, base + 2);
    sctlr_set(old);
    check_entry("ARM STR align fault", EXC_DABT, MODE_ABT, 8, 4, 0, &s, 0);
    t_eq("ARM STR align fault: DFSR status (write, alignment)", exc_log.fsr & 0xc0f, 0x801);
    t_eq("ARM STR align fault: DFAR", exc_log.far, base + 2);
    t_eq("ARM STR align fault: memory unchanged", word[0], 0x11223344);
    t_eq("ARM STR align fault: memory unchanged (2)", word[1], 0x55667788);

    old = sctlr_rw(2, 0);
    exc_reset_log();
    dabt_thumb(&s, base + 1);
    sctlr_set(old);
    check_entry("Thumb LDRH align fault", EXC_DABT, MODE_ABT, 8, 2, 0, &s, 1);
    t_eq("Thumb LDRH align fault: DFSR", exc_log.fsr & 0xc0f, 0x001);
    t_eq("Thumb LDRH align fault: DFAR", exc_log.far, base + 1);

    /* LDREX and LDM need alignment whatever SCTLR.A says (U = 1) */
    old = sctlr_rw(1u << 22, 2);
    exc_reset_log();
    dabt_ldrex(&s, base + 2);
    check_entry("LDREX unaligned", EXC_DABT, MODE_ABT, 8, 4, 0, &s, 0);
    t_eq("LDREX unaligned: DFSR", exc_log.fsr & 0xc0f, 0x001);
    t_eq("LDREX unaligned: DFAR", exc_log.far, base + 2);
    exc_reset_log();
    dabt_ldm(&s, base + 1);
    check_entry("LDM unaligned", EXC_DABT, MODE_ABT, 8, 4, 0, &s, 0);
    t_eq("LDM unaligned: DFSR", exc_log.fsr & 0xc0f, 0x001);
    sctlr_set(old);

    /* SRS / RFE */
    exc_reset_log();
    srs_rfe(o);
    t_eq("srsdb sp!: sp decremented by 8", o[0], 8);
    t_eq("srsdb: stored LR", o[1], o[3]);
    t_eq("srsdb: stored SPSR", o[2], o[4]);
    t_eq("rfeia sp!: CPSR loaded", o[5], o[4]);
    t_eq("rfeia sp!: sp restored", o[6], 0);
    t_eq("srsia #und: LR at sp_und", o[7], o[3]);
    t_eq("srsia #und: SPSR at sp_und+4", o[8], o[4]);
    t_eq("srsia #und: sp_und unchanged", o[9], 0);
    t_eq("rfeda into Thumb state ran Thumb code", o[10], 0x7E57);
    t_eq("rfeda writeback / rfedb no writeback", o[11], 0);
    t_eq("no stray exceptions", exc_log.count, 0);

    t_eq("back in SVC mode", get_cpsr() & PSR_MODE, MODE_SVC);
    return t_done();
}
