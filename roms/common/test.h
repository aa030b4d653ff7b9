/*
 * ipodsim guest test harness: shared declarations.
 *
 * Every test program links test.c (checking/reporting), stub.S (the
 * call_stub trampoline used by the table-driven tests) and vectors.S
 * (exception vectors at address 0 plus logging handlers).
 *
 * Conventions:
 *   - t_eq()/t_eq64() compare a value against its expected value; a mismatch
 *     prints one line "FAIL <name>: expected 0x... got 0x..." and is counted.
 *   - main() ends with "return t_done();", which prints the summary line
 *     "<prog>: N checks, M failed -> PASS|FAIL" and returns 0 only if
 *     nothing failed.  On failure t_done() does not rely on newlib's exit
 *     path alone (newlib passes the status on only if the semihosting host
 *     advertises SYS_EXIT_EXTENDED in ":semihosting-features"): it exits
 *     itself, first with SYS_EXIT_EXTENDED (status 1), then, should that
 *     call return, with SYS_EXIT and reason ADP_Stopped_RunTimeErrorUnknown,
 *     which QEMU (and ipodsim) turn into a non-zero exit status.
 *   - Functions containing inline assembly for a specific instruction set are
 *     marked ARMFN or THUMBFN so the same source builds with -marm or -mthumb
 *     (the C "host" code then interworks with them).
 */
#ifndef IPODSIM_TEST_H
#define IPODSIM_TEST_H

#include <stdint.h>

#define ARMFN   __attribute__((target("arm"), noinline, noclone))
#define THUMBFN __attribute__((target("thumb"), noinline, noclone))
#define NOINLINE __attribute__((noinline, noclone))

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* CPSR bits */
#define PSR_N   0x80000000u
#define PSR_Z   0x40000000u
#define PSR_C   0x20000000u
#define PSR_V   0x10000000u
#define PSR_Q   0x08000000u
#define PSR_GE_SHIFT 16
#define PSR_GE  0x000f0000u
#define PSR_E   0x00000200u
#define PSR_A   0x00000100u
#define PSR_I   0x00000080u
#define PSR_F   0x00000040u
#define PSR_T   0x00000020u
#define PSR_MODE 0x1fu

#define MODE_USR 0x10u
#define MODE_FIQ 0x11u
#define MODE_IRQ 0x12u
#define MODE_SVC 0x13u
#define MODE_ABT 0x17u
#define MODE_UND 0x1bu
#define MODE_SYS 0x1fu

extern unsigned t_checks, t_failures;

void t_eq(const char *name, uint32_t got, uint32_t expected);
void t_eq64(const char *name, uint64_t got, uint64_t expected);
/* Like t_eq but the name is built printf-style (only formatted on failure). */
void t_eqf(uint32_t got, uint32_t expected, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Unconditional failure with a message. */
void t_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int t_done(void);
void t_begin(const char *progname);

/* ---- stub.S ---- */
/*
 * call_stub(fn, in, psr, out): load r0-r3 from in[0..3], write psr to
 * CPSR fields f and s (NZCVQ and GE[3:0]), call fn with BLX (so fn may be
 * ARM or Thumb; a Thumb fn must have bit 0 set, which the linker does for
 * Thumb function symbols), then store r0-r3 to out[0..3] and the CPSR read
 * right after fn returned to out[4].  fn may change r0-r12 but must keep sp
 * and return with "bx lr".
 */
void call_stub(const void *fn, const uint32_t in[4], uint32_t psr,
               uint32_t out[5]);
uint32_t get_cpsr(void);

/*
 * Table-driven instruction tests (tables made by tests/gen_tables.py).
 * A stub is a tiny routine (the instruction under test, then "bx lr");
 * a case gives r0-r3 and the NZCVQ/GE flags before, and r0-r3 and those
 * flags expected after.  t_run_table() checks all four registers and the
 * CPSR bits in psr_mask, and prints each mismatch with the stub's text.
 */
struct tstub {
    const char *text;
    const void *fn;
};
struct tcase {
    uint32_t stub;
    uint32_t in[4];
    uint32_t psr;
    uint32_t exp[4];
    uint32_t exp_psr;
};
#define TAB_PSR_MASK 0xf80f0000u   /* N Z C V Q GE[3:0] */
void t_run_table(const char *table, const struct tstub *stubs,
                 const struct tcase *cases, unsigned ncases,
                 uint32_t psr_mask);
uint32_t get_spsr(void);
uint32_t semihost(uint32_t op, const void *arg);

/* ---- vectors.S ---- */
struct exc_log {
    uint32_t count;   /* number of exceptions taken since last reset      */
    uint32_t type;    /* EXC_* of the last one                            */
    uint32_t cpsr;    /* CPSR inside the handler                          */
    uint32_t lr;      /* banked LR on entry                               */
    uint32_t spsr;    /* SPSR on entry                                    */
    uint32_t insn;    /* the instruction that caused it (word or halfword)*/
    uint32_t fsr;     /* IFSR (prefetch abort) / DFSR (data abort)        */
    uint32_t far;     /* DFAR (data abort)                                */
    uint32_t ret;     /* address the handler resumed at                   */
    uint32_t sp;      /* banked SP inside the handler (before pushes)     */
};
#define EXC_RESET 0
#define EXC_UND   1
#define EXC_SVC   2
#define EXC_PABT  3
#define EXC_DABT  4
#define EXC_IRQ   6
#define EXC_FIQ   7

/* SVC immediates the SVC handler gives a special meaning to */
#define SVC_TO_SVC_ARM   0xF0F0F0  /* return to the caller in SVC mode */
#define SVC_TO_SVC_THUMB 0xF0

extern volatile struct exc_log exc_log;
void vec_install(void);
void exc_reset_log(void);

#endif
