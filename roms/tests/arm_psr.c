/*
 * arm_psr: program status registers and processor modes (ARM state).
 *  - the program starts in SVC mode (both QEMU and ipodsim enter the ELF
 *    in SVC; newlib's crt0 gives every mode a stack)
 *  - MRS/MSR CPSR: register and immediate forms, each field mask
 *    (f: NZCVQ, s: GE, x: A, c: I F mode), writes of fields not named
 *  - mode switches with MSR to FIQ IRQ ABT UND SYS and back: banked r8-r14
 *    of FIQ, banked r13/r14 of the others, SPSR per mode, shared r8-r12
 *  - SPSR field-mask writes (register and immediate forms)
 *  - CPS: cpsie/cpsid with i, f, a, if and with a mode, cps #mode
 *  - User mode: MSR cannot change the control field, CPS is ignored, flags
 *    and GE are writable; back to SVC through an SVC the handler returns
 *    from in SVC mode
 *  - exception-style returns: MOVS pc, lr and SUBS pc, lr, #4 copy SPSR
 */
#include "test.h"

void bank_write(uint32_t save[32], uint32_t shared[10]);
void bank_read(uint32_t out[32], const uint32_t save[32]);
void spsr_fields(uint32_t out[8]);
void user_mode(uint32_t out[8]);
void exc_return(uint32_t out[4]);

#define NOA(x) ((x) & ~PSR_A)   /* A is left as the machine reset it */

ARMFN static void cpsr_fields(uint32_t out[8])
{
    __asm__ volatile(
        "mrs   r4, cpsr\n"
        "msr   cpsr_f, #0xf0000000\n"
        "mrs   r1, cpsr\n"
        "str   r1, [%0, #0]\n"
        "msr   cpsr_f, #0x08000000\n"       /* only Q */
        "mrs   r1, cpsr\n"
        "str   r1, [%0, #4]\n"
        "ldr   r2, =0x500a00ff\n"
        "msr   cpsr_s, r2\n"                /* GE = 0xa, nothing else */
        "mrs   r1, cpsr\n"
        "str   r1, [%0, #8]\n"
        "msr   cpsr_fs, #0\n"
        "bic   r2, r4, #0x80\n"             /* unmask IRQ through the c field */
        "orr   r2, r2, #0x60000000\n"       /* (flags in r2 are not written) */
        "msr   cpsr_c, r2\n"
        "mrs   r1, cpsr\n"
        "str   r1, [%0, #12]\n"
        "msr   cpsr_c, r4\n"
        "mrs   r1, cpsr\n"
        "eor   r2, r1, #0x100\n"            /* flip A through the x field */
        "msr   cpsr_x, r2\n"
        "mrs   r1, cpsr\n"
        "str   r1, [%0, #16]\n"
        "msr   cpsr_fsxc, r4\n"
        "mrs   r1, cpsr\n"
        "str   r1, [%0, #20]\n"
        "str   r4, [%0, #24]\n"
        :: "r"(out) : "r1", "r2", "r4", "memory", "cc");
}

ARMFN static void cps_tests(uint32_t out[10])
{
    __asm__ volatile(
        "mrs   r4, cpsr\n"
        "cpsie i\n"
        "mrs   r1, cpsr\n"  "str r1, [%0, #0]\n"
        "cpsid i\n"
        "mrs   r1, cpsr\n"  "str r1, [%0, #4]\n"
        "cpsie f\n"
        "mrs   r1, cpsr\n"  "str r1, [%0, #8]\n"
        "cpsid f\n"
        "mrs   r1, cpsr\n"  "str r1, [%0, #12]\n"
        "cpsie if\n"
        "mrs   r1, cpsr\n"  "str r1, [%0, #16]\n"
        "cpsid if\n"
        "mrs   r1, cpsr\n"  "str r1, [%0, #20]\n"
        "cpsie a\n"
        "mrs   r1, cpsr\n"  "str r1, [%0, #24]\n"
        "cpsid a\n"
        "mrs   r1, cpsr\n"  "str r1, [%0, #28]\n"
        "cps   #0x1f\n"                     /* SYS: no stack use here */
        "mrs   r1, cpsr\n"  "str r1, [%0, #32]\n"
        "cpsie i, #0x1b\n"                  /* UND and unmask IRQ */
        "mrs   r1, cpsr\n"
        "cpsid i, #0x13\n"                  /* back to SVC */
        "str   r1, [%0, #36]\n"
        "msr   cpsr_fsxc, r4\n"
        /* lr is banked in SYS/UND: keep the operand out of it */
        :: "r"(out) : "r1", "r4", "memory", "cc", "lr");
}

int main(void)
{
    uint32_t cpsr0, save[32], out[32], o[10], sp_now, shared[10];
    unsigned i;

    t_begin("arm_psr");
    vec_install();
    cpsr0 = get_cpsr();
    t_eq("starts in SVC mode", cpsr0 & PSR_MODE, MODE_SVC);
    t_eq("starts in ARM state", cpsr0 & PSR_T, 0);
    t_eq("IRQ and FIQ masked at start", cpsr0 & (PSR_I | PSR_F), PSR_I | PSR_F);

    /* CPSR fields */
    cpsr_fields(o);
    {
        uint32_t base = o[6] & 0x0000ffff & ~PSR_GE;   /* control bits */
        t_eq("msr cpsr_f #0xf0000000", o[0] & 0xffff01ff, 0xf0000000 | (base & 0x1ff));
        t_eq("msr cpsr_f Q only", o[1] & 0xf80001ff, 0x08000000 | (base & 0x1ff));
        t_eq("msr cpsr_s GE", o[2] & 0xf80f01ff, 0x080a0000 | (base & 0x1ff));
        t_eq("msr cpsr_c unmask I (flags untouched)", o[3] & 0xf80f01ff,
             (base & 0x1ff & ~PSR_I));
        t_eq("msr cpsr_x flips A only", o[4] & 0xf80f01ff, (base ^ PSR_A) & 0x1ff);
        t_eq("msr cpsr_fsxc restores", o[5], o[6]);
    }

    /* banked registers and SPSRs */
    bank_write(save, shared);
    __asm__ volatile("mov %0, sp" : "=r"(sp_now));
    bank_read(out, save);
    for (i = 0; i < 5; i++)
        t_eqf(shared[5 + i], 0x5C000008 + i, "SVC r%u after other modes", 8 + i);
    t_eq("SVC sp unchanged by other modes", out[5], sp_now);
    t_eq("back in SVC mode", out[6], MODE_SVC);
    for (i = 0; i < 7; i++)
        t_eqf(out[7 + i], 0xF1000008 + i, "FIQ r%u banked", 8 + i);
    t_eq("FIQ SPSR", out[14], 0x80000010);
    t_eq("IRQ r13", out[15], 0x1200000D);
    t_eq("IRQ r14", out[16], 0x1200000E);
    t_eq("IRQ SPSR", out[17], 0x40000011);
    for (i = 0; i < 5; i++)
        t_eqf(shared[i], 0x5C000008 + i, "IRQ sees shared r%u", 8 + i);
    t_eq("ABT r13", out[23], 0x1700000D);
    t_eq("ABT r14", out[24], 0x1700000E);
    t_eq("ABT SPSR", out[25], 0x20000017);
    t_eq("UND r13", out[26], 0x1B00000D);
    t_eq("UND r14", out[27], 0x1B00000E);
    t_eq("UND SPSR", out[28], 0x1000001B);
    t_eq("SYS r13", out[29], 0x1F00000D);
    t_eq("SYS r14", out[30], 0x1F00000E);
    t_eq("modes visited (FIQ IRQ ABT UND SYS)", out[31], 0x127BF);

    /* SPSR field masks */
    spsr_fields(o);
    t_eq("msr spsr_fsxc 0", o[0], 0);
    t_eq("msr spsr_f", o[1], 0xA8000000);
    t_eq("msr spsr_c", o[2], 0xA8000097);
    t_eq("msr spsr_x", o[3], 0xA8000397);
    t_eq("msr spsr_s", o[4], 0xA8050397);
    t_eq("msr spsr_fc #imm", o[5], 0x000503D3);

    /* CPS */
    cps_tests(o);
    {
        uint32_t c = cpsr0 & 0x1ff;      /* I F set, SVC */
        t_eq("cpsie i", o[0] & 0x1ff, c & ~PSR_I);
        t_eq("cpsid i", o[1] & 0x1ff, c);
        t_eq("cpsie f", o[2] & 0x1ff, c & ~PSR_F);
        t_eq("cpsid f", o[3] & 0x1ff, c);
        t_eq("cpsie if", o[4] & 0x1ff, c & ~(PSR_I | PSR_F));
        t_eq("cpsid if", o[5] & 0x1ff, c);
        t_eq("cpsie a", o[6] & 0x1ff, c & ~PSR_A);
        t_eq("cpsid a", o[7] & 0x1ff, c | PSR_A);
        t_eq("cps #0x1f", o[8] & 0x1ff, PSR_A | PSR_I | PSR_F | MODE_SYS);
        t_eq("cpsie i, #0x1b", o[9] & 0x1ff, PSR_A | PSR_F | MODE_UND);
    }

    /* User mode */
    exc_reset_log();
    user_mode(o);
    t_eq("user: mode", NOA(o[0]) & 0xff, 0xd0);
    t_eq("user: msr cpsr_c #0xd3 ignored", NOA(o[1]) & 0xff, 0xd0);
    t_eq("user: msr cpsr_c #0x10 ignored", NOA(o[2]) & 0xff, 0xd0);
    t_eq("user: msr cpsr_fs writes NZCVQ and GE", NOA(o[3]), 0xA80500D0);
    t_eq("user: cpsie/cps ignored", NOA(o[4]), 0xA80500D0);
    t_eq("user: svc returned in SVC mode", NOA(o[5]), 0xA80500D3);
    t_eq("user: sp is the User/SYS sp", o[6], save[22]);
    t_eq("user: one SVC taken", exc_log.count, 1);
    t_eq("user: SVC handler mode", exc_log.cpsr & 0x1f, MODE_SVC);
    t_eq("user: SVC SPSR", NOA(exc_log.spsr), 0xA80500D0);
    t_eq("user: SVC instruction", exc_log.insn, 0xEFF0F0F0);

    /* data-processing exception returns */
    exc_return(o);
    t_eq("movs pc, lr copies SPSR", o[0], (o[2] & 0x0fffffff) | 0x90000000);
    t_eq("subs pc, lr, #4 copies SPSR", o[1], (o[2] & 0x0fffffff) | 0x60000000);

    t_eq("still in SVC mode at the end", get_cpsr() & PSR_MODE, MODE_SVC);
    return t_done();
}
