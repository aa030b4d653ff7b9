/* ARM semihosting (ARM DUI 0471 "Semihosting for AArch32 and AArch64",
 * version 2.0): the guest asks the host for console and file I/O, time, its
 * command line and memory layout, and to exit.  A call is SVC 0x123456 in ARM
 * state, SVC 0xAB in Thumb state, or BKPT 0xAB in either state, with the
 * operation number in r0, a parameter (usually a pointer to a parameter block
 * of 32-bit words) in r1 and the result returned in r0.
 *
 * The guest is trusted no more than any other input: every pointer and length
 * it passes is checked through arm_debug_read/arm_debug_write, host commands
 * are never run, and time comes from the emulated cycle counter (SYS_TIME, the
 * host's wall clock, is the only non-deterministic answer; SYS_TMPNAM names
 * contain the host process id). */
#ifndef IPODSIM_SOC_SEMIHOST_H
#define IPODSIM_SOC_SEMIHOST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cpu/arm11.h"

/* Operation numbers */
enum {
    SYS_OPEN = 0x01, SYS_CLOSE = 0x02, SYS_WRITEC = 0x03, SYS_WRITE0 = 0x04, SYS_WRITE = 0x05,
    SYS_READ = 0x06, SYS_READC = 0x07, SYS_ISERROR = 0x08, SYS_ISTTY = 0x09, SYS_SEEK = 0x0A,
    SYS_FLEN = 0x0C, SYS_TMPNAM = 0x0D, SYS_REMOVE = 0x0E, SYS_RENAME = 0x0F, SYS_CLOCK = 0x10,
    SYS_TIME = 0x11, SYS_SYSTEM = 0x12, SYS_ERRNO = 0x13, SYS_GET_CMDLINE = 0x15,
    SYS_HEAPINFO = 0x16, SYS_EXIT = 0x18, SYS_EXIT_EXTENDED = 0x20, SYS_ELAPSED = 0x30,
    SYS_TICKFREQ = 0x31,
};

/* SYS_EXIT reason codes (ADP_Stopped_*) */
#define ADP_STOPPED_RUNTIME_ERROR_UNKNOWN 0x20023u
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

/* Emulated core clock: SYS_CLOCK, SYS_ELAPSED and SYS_TICKFREQ derive from
 * cpu->cycles at this rate. */
#define SEMIHOST_TICK_HZ 533000000u

/* Bytes of the ":semihosting-features" file: magic "SHFB" then feature byte 0
 * with SH_EXT_EXIT_EXTENDED (bit 0) and SH_EXT_STDOUT_STDERR (bit 1). */
#define SEMIHOST_FEATURES_LEN 5

typedef struct SemihostConfig {
    const char *cmdline;     /* SYS_GET_CMDLINE answer (see semihost_make_cmdline) */
    uint32_t heap_base, heap_limit, stack_base, stack_limit;  /* SYS_HEAPINFO */
    FILE *con_in, *con_out, *con_err;  /* ":tt" streams; NULL = stdin/stdout/stderr */
    FILE *log;                          /* warnings; NULL = stderr */
} SemihostConfig;

typedef struct Semihost Semihost;

Semihost *semihost_create(const SemihostConfig *cfg);
/* Closes every host file the guest left open. */
void semihost_destroy(Semihost *sh);

/* Hook bodies: if imm is the semihosting immediate for the state (SVC) or
 * 0xAB (BKPT), perform the call and return true; otherwise return false and
 * let the core take the exception. */
bool semihost_svc(Semihost *sh, Arm11 *cpu, uint32_t imm, bool thumb);
bool semihost_bkpt(Semihost *sh, Arm11 *cpu, uint32_t imm, bool thumb);

/* Perform the operation in r0 with the parameter in r1; result into r0.
 * SYS_EXIT / SYS_EXIT_EXTENDED set cpu->stop (STOP_HOOK) and record the
 * status for semihost_exited. */
void semihost_call(Semihost *sh, Arm11 *cpu);

/* After a stop: did the guest exit, and with which host exit status (0-255)? */
bool semihost_exited(const Semihost *sh, int *status);

/* Build the SYS_GET_CMDLINE string "PROG ARG1 ARG2 ..." so newlib's crt0
 * splits it back into the same argv: arguments that are empty, contain a
 * space or start with a quote are wrapped in "..." (or '...' when they
 * contain a double quote).  crt0 has no escape character, so an argument
 * needing quotes that holds both kinds of quote cannot be passed intact:
 * *exact (if not NULL) is then set to false.  Returns a malloc'd string, NULL
 * if out of memory. */
char *semihost_make_cmdline(const char *prog, int argc, char *const argv[], bool *exact);

#endif
