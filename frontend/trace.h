/* Instruction trace for `ipodsim run --trace` and the shared debugger
 * attachment of the single-step prompt (frontend/stepper.c).
 *
 * One line per executed instruction (docs/debugging.md has the reference):
 *   0000000012 000000000014 0x00008004 e3a00005 svc A "mov r0, #5" r0=0x00000005
 * Outside the instruction window (--trace-from / --trace-count) the core
 * runs its fast loop with no debugger attached; trace_slice() stops the
 * fast loop exactly at the window's edges and attaches the tracer there. */
#ifndef IPODSIM_FRONTEND_TRACE_H
#define IPODSIM_FRONTEND_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cpu/arm11.h"

#define TRACE_MAX_RANGES 16
#define TRACE_MAX_MEM 24          /* memory accesses listed per line */

typedef struct TraceRange { uint32_t lo, hi; } TraceRange; /* [lo, hi] inclusive */

typedef struct TraceOptions {
    bool trace;                   /* --trace / --trace=FILE / --trace-mem ... */
    const char *file;             /* NULL: stderr; "-": stdout */
    bool mem;                     /* list data accesses */
    TraceRange ranges[TRACE_MAX_RANGES];
    unsigned nranges;             /* 0: every address */
    uint64_t from, count;         /* window [from, from + count); count 0 = to the end */
    bool step;                    /* --step: interactive prompt */
    FILE *step_in, *step_out;     /* the prompt's streams (NULL: stdin, stdout) */
} TraceOptions;

/* Parse argv[*i] if it is one of the trace options: returns 1 when it was
 * (*i is left on its last word), 0 when it is not a trace option, -1 on a
 * bad value (message in err). */
int trace_parse_option(TraceOptions *o, int argc, char **argv, int *i, char *err, size_t errlen);
/* The option lines of `ipodsim run --help`. */
void trace_help(FILE *out);

/* Register state compared before/after an instruction. */
typedef struct TraceRegs { uint32_t r[16], cpsr, spsr; } TraceRegs;

typedef struct TraceMem { uint32_t addr, val; uint8_t size; bool write; } TraceMem;

/* Everything one trace line shows. */
typedef struct TraceRecord {
    uint64_t insn_no;             /* instructions retired before this one */
    uint64_t cycle;               /* emulated cycle at its start */
    uint32_t pc, raw;             /* raw: word, or halfword in Thumb state */
    bool thumb;
    bool irq, fiq;                /* an interrupt was taken instead (raw unused) */
    const char *disasm;
    TraceRegs before, after;
    const char *exception;        /* short name of an exception the instruction took, or NULL */
    bool cond_failed;             /* ARM condition failed: not executed */
    unsigned nmem;
    bool mem_truncated;
    TraceMem mem[TRACE_MAX_MEM];
} TraceRecord;

/* Format one line (with '\n') into buf; returns its length (as snprintf). */
size_t trace_format(char *buf, size_t len, const TraceRecord *rec);
/* Three-letter lower-case mode name ("svc"). */
const char *trace_mode_name(uint32_t cpsr);

typedef struct Tracer Tracer;
struct Stepper;

/* Open the trace destination and prepare the attachment; NULL on error
 * (message in err).  Nothing is attached until trace_slice(). */
Tracer *trace_create(const TraceOptions *o, Arm11 *cpu, char *err, size_t errlen);
void trace_destroy(Tracer *t);
/* Call before every arm_run slice: attaches or detaches the tracer at the
 * edges of the instruction window and returns the slice (a cycle budget)
 * shortened so that the run stops at the next edge. */
uint64_t trace_slice(Tracer *t, uint64_t slice);
/* Flush the trace (before ipodsim prints its own final messages). */
void trace_flush(Tracer *t);
/* The user quit the step prompt (the run stopped with STOP_DEBUG). */
bool trace_quit_requested(const Tracer *t);

/* Disassemble the instruction at va in the given state; returns its length. */
int trace_disasm_at(Arm11 *cpu, uint32_t va, bool thumb, uint32_t *raw, char *buf, size_t len);

#endif
