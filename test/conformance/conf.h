/* Differential conformance of the ipodsim core against Unicorn (see
 * docs/conformance.md).  Shared types of the test/conformance/ program. */
#ifndef IPODSIM_TEST_CONFORMANCE_CONF_H
#define IPODSIM_TEST_CONFORMANCE_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- memory map, identical in both engines ---------------------------------
 * [0, RAM_SIZE) is RAM; everything else is unmapped (our core: bus error ->
 * precise external abort; Unicorn: UC_ERR_*_UNMAPPED).  The code region holds
 * the vectors and the instruction(s) under test at CODE_ADDR; the data region
 * is where base registers mostly point.  BAD_BASE is far from any RAM. */
#define RAM_SIZE 0x20000u
#define CODE_ADDR 0x8000u
#define CLREX_STUB 0xF000u   /* an ARM CLREX used to clear Unicorn's monitor */
#define DATA_BASE 0x10000u
#define DATA_SIZE 0x10000u
#define BAD_BASE 0xA0000000u
#define SEQ_MAX 32

/* ---- the mmu:* classes (mmu_layout.c) -------------------------------------
 * Translation tables at MMU_L1 (16 KiB, TTBR0) and MMU_L2 (one coarse table)
 * in the code region, written into the initial image of every class; only
 * the mmu:* classes turn the MMU on (conf_mmu).  The oracle additionally maps
 * "shadows" of the translated windows (see oracle.c). */
#define MMU_L1 0x4000u
#define MMU_L2 0x3C00u
#define MMU_DACR 0xC5u           /* domain 0, 1 client; 2 no access; 3 manager */
extern bool conf_mmu;            /* the running class is an mmu:* class */
void mmu_layout_write(uint8_t *ram);
/* The harness's own walk of those tables (no permission check). */
bool mmu_layout_pa(const uint8_t *ram, uint32_t va, uint32_t *pa);
/* The same on the initial image (exclusions.c). */
bool mmu_layout_pa_ram(uint32_t va, uint32_t *pa);

/* ---- architectural state, in a canonical form ------------------------------
 * r[] is the view of the current mode; the bank arrays hold every mode's copy
 * (the current mode's included), so two states are equal iff every register
 * of every mode is equal.  Banks: 0 usr/sys, 1 fiq, 2 irq, 3 svc, 4 abt, 5 und,
 * 6 mon (both engines run in the Secure state). */
enum { CB_USR, CB_FIQ, CB_IRQ, CB_SVC, CB_ABT, CB_UND, CB_MON, CB_COUNT };
typedef struct CState {
    uint32_t r[16];
    uint32_t cpsr;
    uint32_t r13[CB_COUNT], r14[CB_COUNT], spsr[CB_COUNT];
    uint32_t usr_hi[5], fiq_hi[5];    /* r8-r12 of the User and FIQ banks */
    uint32_t tpid[3];                 /* CP15 thread ID registers c13 c0 2/3/4 (URW, URO, PRW) */
} CState;

int cb_of_mode(unsigned mode);       /* -1 for an invalid mode */
unsigned mode_of_cb(int cb);
/* Rebuild r[8..14] of the current mode from the banks (after editing them). */
void cs_sync_view(CState *s);
/* Copy r[8..14]/SPSR of the current mode into the bank arrays. */
void cs_sync_banks(CState *s, uint32_t cur_spsr);
uint32_t cs_spsr(const CState *s);   /* SPSR of the current mode (0 in usr/sys) */

/* ---- what the oracle saw ------------------------------------------------------ */
typedef enum {
    OUT_NONE,          /* the instruction(s) completed */
    OUT_UNDEF,         /* undefined instruction */
    OUT_SVC,
    OUT_BKPT,          /* prefetch abort, debug event */
    OUT_SMC,
    OUT_DABT,          /* data abort: unmapped address (external abort) */
    OUT_DABT_ALIGN,    /* data abort: alignment fault */
    OUT_PABT,          /* instruction fetch from unmapped memory */
    OUT_OTHER,         /* anything else the oracle reported */
} OutKind;
typedef struct Outcome {
    OutKind kind;
    uint32_t addr;     /* OUT_DABT/OUT_PABT: faulting address */
    bool write;        /* OUT_DABT: the access was a store */
    int uc_err;        /* raw Unicorn error / interrupt number for OUT_OTHER */
    bool has_fsr;      /* MMU on: the oracle's own fault status (QEMU's DFSR value) */
    uint32_t fsr;
} Outcome;
const char *out_name(OutKind k);

/* ---- the two engines ---------------------------------------------------------- */
/* Our core (dut.c): RAM is the given buffer; other addresses are bus errors. */
void dut_init(uint8_t *ram);
void dut_load(const CState *s);
/* Execute one instruction (arm_step); returns the exception the core took, as
 * an OutKind (OUT_NONE if none). */
OutKind dut_step(void);
void dut_read(CState *s);
void dut_code_changed(uint32_t addr, uint32_t len);
uint32_t dut_far(void), dut_dfsr(void), dut_ifsr(void);

/* Unicorn (oracle.c), mapped on its own RAM buffer. */
void oracle_init(uint8_t *ram);
void oracle_reset(void);   /* a fresh engine (same RAM), see oracle.c */
void oracle_load(const CState *s);
/* Run exactly one instruction at pc (sequences are stepped in lockstep). */
void oracle_run(uint32_t pc, bool thumb, Outcome *out);
void oracle_read(CState *s);
void oracle_code_changed(uint32_t addr, uint32_t len);
void oracle_clear_monitor(void);

/* ---- random numbers ------------------------------------------------------------- */
typedef struct Rng { uint64_t s; } Rng;
uint64_t rng_next(Rng *r);
static inline uint32_t rng32(Rng *r) { return (uint32_t)(rng_next(r) >> 32); }
static inline uint32_t rng_below(Rng *r, uint32_t n) { return (uint32_t)(((uint64_t)rng32(r) * n) >> 32); }
static inline bool rng_chance(Rng *r, unsigned percent) { return rng_below(r, 100) < percent; }
void rng_seed(Rng *r, uint64_t seed, uint64_t stream, uint64_t index);

/* ---- instruction classes ---------------------------------------------------------- */
typedef enum { CK_INSN, CK_UNDEF_SPACE, CK_SEQ, CK_SEQ_EXCL, CK_EXC, CK_MMU } ClassKind;
typedef enum { EX_UNDEF, EX_SVC, EX_DABT, EX_BKPT } ExcKind;
typedef struct Class {
    char name[48];            /* "arm:dp_imm", "thumb:push", "seq:arm", "exc:arm-svc" */
    ClassKind kind;
    bool thumb;
    int pat;                  /* pattern index (CK_INSN) */
    ExcKind exc;              /* CK_EXC */
    const char *pattern;      /* pattern string of the .def line (CK_INSN) */
    const char *decoder;      /* its decoder's name */
    const char *line_name;    /* the name pointer decode_name() returns for it */
    uint32_t mask, value;
    bool memory;              /* a load/store class: bias base/offset registers */
    bool seq_ok;              /* may appear in random sequences */
    int base;                 /* CK_MMU: index of the instruction class it runs with the MMU on */
    /* counters */
    unsigned long run, passed, failed, excluded, masked, gen_fail;
    unsigned long steps;      /* instructions compared (sequences: all steps) */
} Class;

/* A generated case: the instruction words, the pre-state. */
typedef struct Case {
    const Class *cls;
    unsigned long index;
    bool thumb;
    unsigned n;                /* instruction count (1, or 8-32 for sequences) */
    uint32_t insn[SEQ_MAX];
    uint32_t addr;             /* address of the first instruction */
    CState pre;
} Case;

/* gen.c */
void gen_memory(uint8_t *ram, uint64_t seed);
/* One encoding of an instruction class (false if random fill found none). */
bool gen_encoding(Rng *r, const Class *cls, uint32_t *insn, bool force_al);
void gen_state(Rng *r, CState *s, bool thumb, const Class *cls, const uint32_t *insns, unsigned n, bool force_bad);
uint32_t gen_pointer_aligned(Rng *r, unsigned align);   /* into the data region */
uint32_t mmu_gen_pointer(Rng *r, uint32_t v);            /* mmu_layout.c */
/* Bit field of a pattern letter: false if the letter is absent. */
bool pat_field(const char *pattern, char letter, unsigned *lsb, unsigned *width);

/* ---- exclusions (exclusions.c): THE reviewed list ------------------------------------ */
typedef struct Ignore {
    bool skip;            /* not compared at all (counted as excluded) */
    uint16_t regs;        /* r0-r15 of the current mode whose values are not compared */
    uint32_t cpsr_bits;   /* CPSR bits not compared */
    bool memory;          /* written memory not compared */
    const char *why;      /* id of the first exclusion that applied */
} Ignore;
/* The harness's model of the local exclusive monitor during a case. */
typedef struct Monitor {
    bool open;
    uint32_t addr;
    unsigned size;
    uint8_t val[8];       /* memory at addr when the LDREX* read it */
    bool big;             /* CPSR.E at the LDREX* */
} Monitor;

typedef struct ExclCtx {
    const char *cls;       /* class name, "arm:..." / "thumb:..." */
    const char *line;      /* pattern-table line the instruction decodes to (NULL = undefined) */
    const char *decoder;   /* that line's decoder (NULL = undefined) */
    bool thumb;
    uint32_t insn;
    uint32_t addr;
    const char *pattern;   /* that line's pattern string (NULL = undefined) */
    const CState *pre;     /* state before the instruction */
    const uint8_t *ram;    /* memory before the instruction, [0, RAM_SIZE) */
    const Monitor *mon;    /* exclusive monitor before the instruction */
    const Outcome *out;    /* NULL in the pre-run pass */
    const CState *uc_post; /* the oracle's state after it (NULL in the pre-run pass) */
} ExclCtx;
/* pre: true before running (only exclusions that need no outcome, whole-case
 * skips), false after running with ctx->out set.  count: add to the hit
 * counts (false when the generator only probes). */
void excl_check(const ExclCtx *ctx, bool pre, bool count, Ignore *ign);
void excl_report(FILE *f);
/* The encoding with its SBZ/SBO fields (as the list knows them) corrected:
 * the generator uses it so that most cases are comparable. */
uint32_t excl_sbz_canonical(bool thumb, const char *decoder, uint32_t insn);
unsigned excl_count(void);
/* Hit counts, for merging the counts of worker processes (--jobs). */
void excl_hits_get(unsigned long *out);
void excl_hits_add(const unsigned long *in);

/* ---- disassembly for failure reports ------------------------------------------------------ */
void disasm_init(void);
void disasm(uint32_t insn, bool thumb, uint32_t addr, char *buf, size_t n);

#endif
