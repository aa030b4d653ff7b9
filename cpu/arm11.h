/* ARM1176JZF-S core: architectural state, the run loop and the interfaces the
 * rest of the machine uses (memory, coprocessors, service hooks).
 *
 * Execution model (docs/cpu-design.md has the long version):
 *  - Instructions are decoded once into ArmOp records kept per physical 4 KiB
 *    page (cpu/icache.c).  Executing an op is one indirect call; the handler
 *    returns the next op to run (usually op + 1, or op + k for a branch that
 *    stays inside the page) or NULL when control leaves the page, in which case
 *    it has stored the next instruction's address in r[15].
 *  - Inside the run loop r[15] is NOT kept up to date; an op's own address is
 *    cpu->cur_vbase + op->pcoff.  Ops that read the PC as an operand are wrapped
 *    by exec_pc_wrap, which stores the architectural value (pc + 8, or pc + 4 in
 *    Thumb) in r[15] before the real handler (op->inner) runs.
 *  - Time is cpu->cycles (emulated core cycles).  The loop charges one cycle
 *    per instruction; handlers add the extra cycles of their class from the
 *    table in cpu/timing.h.
 */
#ifndef IPODSIM_CPU_ARM11_H
#define IPODSIM_CPU_ARM11_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Arm11 Arm11;
typedef struct ArmOp ArmOp;
typedef const ArmOp *(*ArmHandler)(Arm11 *cpu, const ArmOp *op);

/* One decoded instruction (32 bytes).  Field meaning is up to the handler;
 * the conventions below are what the decoders follow. */
struct ArmOp {
    ArmHandler fn;      /* handler to run (may be a wrapper) */
    ArmHandler inner;   /* wrapped handler, for exec_pc_wrap and debug hooks */
    uint32_t raw;       /* the instruction word (Thumb: the halfword) */
    uint32_t imm;       /* pre-extracted immediate / offset / register list */
    uint16_t cmask;     /* condition: bit n set = passes when NZCV == n */
    uint16_t pcoff;     /* byte offset of the instruction inside its page */
    uint8_t rd, rn, rm, rs; /* register numbers; rs doubles as a shift amount */
};

/* CPSR bits */
#define PSR_N (1u << 31)
#define PSR_Z (1u << 30)
#define PSR_C (1u << 29)
#define PSR_V (1u << 28)
#define PSR_Q (1u << 27)
#define PSR_J (1u << 24)
#define PSR_GE_SHIFT 16
#define PSR_GE_MASK (0xFu << 16)
#define PSR_E (1u << 9)
#define PSR_A (1u << 8)
#define PSR_I (1u << 7)
#define PSR_F (1u << 6)
#define PSR_T (1u << 5)
#define PSR_MODE_MASK 0x1Fu

enum ArmMode {
    MODE_USR = 0x10, MODE_FIQ = 0x11, MODE_IRQ = 0x12, MODE_SVC = 0x13,
    MODE_MON = 0x16, MODE_ABT = 0x17, MODE_UND = 0x1B, MODE_SYS = 0x1F,
};

/* Register banks: index used for r13/r14/SPSR banking. */
enum ArmBank { BANK_USR = 0, BANK_FIQ, BANK_IRQ, BANK_SVC, BANK_ABT, BANK_UND, BANK_MON, BANK_COUNT };

enum ArmException {
    EXC_RESET, EXC_UNDEF, EXC_SVC, EXC_PABT, EXC_DABT, EXC_IRQ, EXC_FIQ,
    EXC_SMC, /* secure monitor call (TrustZone); not one of the seven classic vectors */
    EXC_COUNT
};

/* Kind of memory access, passed to the slow path. */
enum {
    ACC_READ = 0, ACC_WRITE = 1, ACC_FETCH = 2,
    ACC_USER = 1u << 4,   /* LDRT/STRT: check as an unprivileged access */
    ACC_EXCL = 1u << 5,
};

/* Fault codes left in cpu->fault by the memory slow path (0 = none).
 * Values are the ARMv6 FSR status encodings (DFSR[10,3:0]). */
enum {
    FAULT_NONE = 0,
    FAULT_ALIGNMENT = 0x01,
    FAULT_ACCESS_SECTION = 0x03,  /* access bit fault (SCTLR.FA), mmu/ */
    FAULT_ICACHE_MAINT = 0x04,    /* I-cache maintenance by MVA hit a translation fault */
    FAULT_TRANS_SECTION = 0x05,
    FAULT_ACCESS_PAGE = 0x06,
    FAULT_TRANS_PAGE = 0x07,
    FAULT_EXTERNAL = 0x08,   /* precise external abort (unmapped bus address) */
    FAULT_DOMAIN_SECTION = 0x09,
    FAULT_DOMAIN_PAGE = 0x0B,
    FAULT_WALK_L1 = 0x0C,    /* external abort on the first-level table walk */
    FAULT_PERM_SECTION = 0x0D,
    FAULT_WALK_L2 = 0x0E,
    FAULT_PERM_PAGE = 0x0F,
};
/* cpu->fault bits [4:0] are the status, bits [11:8] the domain when the
 * fault has one (the MMU fills them; data_abort copies them to DFSR[7:4]). */
#define FAULT_STATUS(f) ((f) & 0x1Fu)
#define FAULT_DOMAIN_SHIFT 8

/* The physical memory seen by the core.  RAM/ROM pages are reached through
 * host pointers; everything else goes through read/write callbacks. */
typedef struct ArmBusIf {
    void *opaque;
    /* Host pointer to the 4 KiB physical page holding pa, or NULL (MMIO or
     * unmapped).  writable tells whether stores may go straight to it. */
    uint8_t *(*host_page)(void *opaque, uint32_t pa, bool *writable);
    /* Slow accesses (MMIO / unmapped).  Return false for a bus error, which
     * the core turns into a precise external abort. */
    bool (*read)(void *opaque, uint32_t pa, unsigned size, uint32_t *val);
    bool (*write)(void *opaque, uint32_t pa, unsigned size, uint32_t val);
} ArmBusIf;

/* A coprocessor.  Each callback returns false for "undefined instruction".
 * Unset callbacks are undefined too. */
typedef struct ArmCoproc {
    void *opaque;
    bool (*mrc)(Arm11 *cpu, void *opaque, unsigned opc1, unsigned crn, unsigned crm, unsigned opc2,
                uint32_t *val);
    bool (*mcr)(Arm11 *cpu, void *opaque, unsigned opc1, unsigned crn, unsigned crm, unsigned opc2,
                uint32_t val);
    bool (*mrrc)(Arm11 *cpu, void *opaque, unsigned opc, unsigned crm, uint32_t *lo, uint32_t *hi);
    bool (*mcrr)(Arm11 *cpu, void *opaque, unsigned opc, unsigned crm, uint32_t lo, uint32_t hi);
    bool (*cdp)(Arm11 *cpu, void *opaque, uint32_t insn);
    /* LDC/STC: the core computes addresses; the coprocessor says how many words
     * it transfers (0 = undefined) and consumes/produces them one by one. */
    unsigned (*ldc_stc_count)(Arm11 *cpu, void *opaque, uint32_t insn);
    bool (*ldc_word)(Arm11 *cpu, void *opaque, uint32_t insn, unsigned index, uint32_t val);
    bool (*stc_word)(Arm11 *cpu, void *opaque, uint32_t insn, unsigned index, uint32_t *val);
} ArmCoproc;

/* Service hooks for the machine (semihosting, debugger).  Return true when
 * the hook handled the instruction (execution continues after it). */
typedef struct ArmHooks {
    void *opaque;
    bool (*svc)(Arm11 *cpu, void *opaque, uint32_t imm, bool thumb);
    bool (*bkpt)(Arm11 *cpu, void *opaque, uint32_t imm, bool thumb);
    /* An exception was just taken to a vector that holds no code (an
     * all-zero word, or no memory).  Called after entry: the CPU is already
     * in the exception mode, its SPSR holds the interrupted CPSR, and
     * last_exc / last_exc_pc / last_exc_fault_addr describe the cause.
     * Return true to stop the run. */
    bool (*empty_vector)(Arm11 *cpu, void *opaque, int exc, uint32_t vector);
} ArmHooks;

/* Debugger/tracer attachment.  While cpu->debug is set, arm_run executes one
 * instruction at a time through these callbacks (the fast loop is untouched
 * and costs nothing when no debugger is attached).  With a mem callback
 * every data access takes the slow path and is reported. */
typedef struct ArmDebug {
    void *opaque;
    /* Before the instruction at pc (fetch address; bit 0 clear; cpu->cpsr
     * says the state).  Return false to stop arm_run without executing it
     * (breakpoint); arm_run then returns with cpu->stop set and
     * stop_reason STOP_DEBUG. */
    bool (*before)(Arm11 *cpu, void *opaque, uint32_t pc);
    /* After it executed (or after an interrupt was taken: insn_pc is then
     * the interrupted address and was_interrupt true). */
    void (*after)(Arm11 *cpu, void *opaque, uint32_t insn_pc, bool was_interrupt);
    /* Each data access: virtual address, size in bytes, value (after
     * endianness), direction.  May set cpu->stop (watchpoint): the
     * instruction completes, then arm_run returns with STOP_DEBUG. */
    void (*mem)(Arm11 *cpu, void *opaque, uint32_t va, unsigned size, uint32_t val, bool write);
} ArmDebug;

/* Direct-mapped software TLB entry: hit when tag == (va & mask) where the
 * mask keeps the page number and the low alignment bits of the access, so a
 * misaligned access always misses and takes the slow path. */
typedef struct ArmTlbEntry {
    uint32_t tag;       /* virtual page base | tlb_user_bit, or 0xFFFFFFFF when invalid */
    uint32_t pad;
    uintptr_t addend;   /* host address = va + addend */
} ArmTlbEntry;

#define ARM_TLB_BITS 8
#define ARM_TLB_SIZE (1u << ARM_TLB_BITS)
#define ARM_FETCH_TLB_SIZE (2u * ARM_TLB_SIZE) /* indexed by page and instruction set */

typedef struct ArmFetchEntry {
    uint32_t tag;       /* virtual page base | tlb_user_bit | thumb, or 0xFFFFFFFF when invalid */
    uint32_t pa_page;
    struct DecodedPage *page;
} ArmFetchEntry;

typedef struct Cp15 {
    uint32_t sctlr;     /* c1 c0 0 control */
    uint32_t actlr;     /* c1 c0 1 auxiliary control */
    uint32_t cpacr;     /* c1 c0 2 coprocessor access control */
    uint32_t scr, sder, nsacr;
    uint32_t ttbr0, ttbr1, ttbcr, dacr;
    uint32_t dfsr, ifsr, far, wfar, ifar;
    uint32_t fcse_pid, context_id, tpidrurw, tpidruro, tpidrprw;
    uint32_t vbar, mvbar;
    uint32_t prrr, nmrr;      /* c10 c2 0/1 memory region remap (recorded; no cache model) */
    uint32_t par;             /* c7 c4 0 result of the VA->PA operations */
    uint32_t pmnc, ccnt, pmn0, pmn1;
    uint64_t ccnt_base;       /* cpu->cycles when CCNT was last written/enabled */
    uint64_t pmn0_base, pmn1_base;
    uint32_t c15_valid;       /* c15 c9 0: user access to performance monitor */
    uint32_t dcache_lock, icache_lock, tlb_lock;
    uint32_t dtcm_region, itcm_region;
    uint32_t c9_misc[4];
    uint32_t cache_dummy;
} Cp15;

/* VFP11 coprocessor state (CP10/CP11, cpu/vfp.c; accessors in cpu/vfp.h).
 * Double register Dn is s[2n] (low word) and s[2n+1] (high word). */
typedef struct ArmVfp {
    uint32_t s[32];
    uint32_t fpscr, fpexc, fpinst, fpinst2;
} ArmVfp;

/* SCTLR bits that change core behaviour */
#define SCTLR_M (1u << 0)
#define SCTLR_A (1u << 1)
#define SCTLR_C (1u << 2)
#define SCTLR_W (1u << 3)
#define SCTLR_B (1u << 7)
#define SCTLR_S (1u << 8)
#define SCTLR_R (1u << 9)
#define SCTLR_Z (1u << 11)
#define SCTLR_I (1u << 12)
#define SCTLR_V (1u << 13)
#define SCTLR_RR (1u << 14)
#define SCTLR_L4 (1u << 15)
#define SCTLR_FI (1u << 21)
#define SCTLR_U (1u << 22)
#define SCTLR_XP (1u << 23)
#define SCTLR_VE (1u << 24)
#define SCTLR_EE (1u << 25)
#define SCTLR_TR (1u << 28)
#define SCTLR_FA (1u << 29)

struct ICache;

#define ARM_BP_ENTRIES 128
#define ARM_RAS_ENTRIES 3

struct Arm11 {
    /* --- hot state first --- */
    uint32_t r[16];
    uint32_t cpsr;
    uint32_t spsr;                /* SPSR of the current mode (0 in USR/SYS) */
    uint64_t cycles;              /* emulated core cycles since reset */
    uint64_t deadline;            /* inner loop leaves when cycles >= deadline (0: leave now,
                                     e.g. to take an interrupt) */
    uint64_t run_until;           /* arm_run returns when cycles >= run_until; lowered by
                                     arm_request_exit when an earlier event is scheduled */
    uint64_t insns;               /* instructions retired (incl. condition-failed) */
    uint64_t live_delta;          /* instructions the inner loop has run but not yet added to
                                     cycles/insns (it keeps the count in a register); 0 outside
                                     arm_run.  Use arm_cycles()/arm_insns() for exact values. */
    uint32_t cur_vbase;           /* virtual base of the page being executed */
    uint32_t fault;               /* set by the memory slow path, FAULT_* */
    const ArmOp *slow_op;         /* the op whose access is in the memory slow path
                                     (arm_current_pc) */
    uint32_t fault_addr;
    uint32_t tlb_user_bit;        /* 4 in User mode, else 0: or-ed into software TLB tags so
                                     entries filled with privileged rights never serve User
                                     accesses (arm_switch_mode keeps it current) */
    ArmTlbEntry tlb_read[ARM_TLB_SIZE];
    ArmTlbEntry tlb_write[ARM_TLB_SIZE];
    ArmFetchEntry tlb_fetch[ARM_FETCH_TLB_SIZE];

    /* --- banked registers --- */
    uint32_t bank_r13[BANK_COUNT], bank_r14[BANK_COUNT], bank_spsr[BANK_COUNT];
    uint32_t usr_r8_12[5], fiq_r8_12[5];

    /* --- exclusive monitor --- */
    bool excl_valid;
    uint32_t excl_addr;

    /* --- interrupt inputs and low-power state --- */
    bool irq_line, fiq_line;
    bool halted;                  /* WFI: sleeping until an interrupt */
    bool event_reg;               /* WFE/SEV event register */
    bool stop;                    /* set by a hook to end arm_run early (also set deadline = 0) */
    int stop_reason;

    Cp15 cp15;
    ArmVfp vfp;
    ArmCoproc cp[16];
    ArmBusIf bus;
    ArmHooks hooks;
    const ArmDebug *debug;        /* NULL unless a debugger/tracer is attached */
    /* The VIC port (ARM1176 TRM 12.2): with SCTLR.VE set, an IRQ is taken
     * straight to the address the interrupt controller supplies; reading it
     * acknowledges the interrupt as a VICADDRESS read would.  NULL: no VIC,
     * IRQs use the 0x18 vector. */
    uint32_t (*vic_port)(void *opaque);
    void *vic_port_opaque;
    struct ICache *icache;
    struct Mmu *mmu;              /* emulated TLB and table walker (mmu/mmu.h) */

    /* Exception-vector watch for the "jumped to an empty vector" report. */
    uint32_t last_exc, last_exc_pc, last_exc_fault_addr;

    /* Branch prediction, for timing only (cpu/core.h, docs/timing.md): the
     * 128-entry dynamic predictor indexed by VA[9:3] (entry = branch
     * address | 2-bit counter; ARM branch addresses have bits 1:0 clear) and
     * the 3-entry return stack. */
    uint32_t bp[ARM_BP_ENTRIES];
    uint32_t ras[ARM_RAS_ENTRIES];
    uint8_t ras_top, ras_count;

    /* Performance-monitor interrupt output (nPMUIRQ, active high here):
     * called with the new level whenever it changes; NULL = not wired.
     * The line is high while an overflow flag of PMNC (bits 10:8) is set
     * together with its interrupt enable (bits 6:4).  pmu_deadline is the
     * cycle at which a counter whose interrupt is enabled may wrap next
     * (UINT64_MAX: none); the run loop stops there to raise the line on
     * time (cpu/cp15.c, docs/timing.md). */
    void (*pmu_irq)(void *opaque, bool level);
    void *pmu_irq_opaque;
    bool pmu_irq_level;
    uint64_t pmu_deadline;
};

/* Reasons arm_run returns before its time limit. */
enum { STOP_NONE = 0, STOP_HOOK, STOP_EMPTY_VECTOR, STOP_INSN_LIMIT, STOP_DEBUG };

/* Exact emulated time and instruction count, valid everywhere, including
 * inside instruction handlers and hooks called from the run loop. */
static inline uint64_t arm_cycles(const Arm11 *cpu) { return cpu->cycles + cpu->live_delta; }
static inline uint64_t arm_insns(const Arm11 *cpu) { return cpu->insns + cpu->live_delta; }

/* Lifecycle */
Arm11 *arm_create(const ArmBusIf *bus);
void arm_destroy(Arm11 *cpu);
void arm_reset(Arm11 *cpu);

/* Run until cpu->cycles >= until or a stop.  Exceptional stops set cpu->stop. */
void arm_run(Arm11 *cpu, uint64_t until);
/* Execute exactly one instruction (or take one pending interrupt). */
void arm_step(Arm11 *cpu);

/* Attach (or detach with NULL) a debugger/tracer.  Flushes the TLBs so a mem
 * callback sees every access. */
void arm_set_debug(Arm11 *cpu, const ArmDebug *debug);

/* Architectural helpers usable from outside the core (debugger, loaders) */
uint32_t arm_get_reg_mode(const Arm11 *cpu, unsigned mode, unsigned n);
/* SPSR of a mode, banked or current (0 for User/System, which have none). */
uint32_t arm_get_spsr_mode(const Arm11 *cpu, unsigned mode);
void arm_cpsr_write(Arm11 *cpu, uint32_t value, uint32_t mask);
void arm_set_irq(Arm11 *cpu, bool level);
/* Make the current arm_run return once cycles >= when (no effect if it
 * would stop earlier anyway).  Schedulers call it when an event is queued
 * that is due before the run's end. */
void arm_request_exit(Arm11 *cpu, uint64_t when);
void arm_set_fiq(Arm11 *cpu, bool level);
/* Tell the core that the guest's physical memory changed behind its back
 * (loader, DMA): drops decoded instructions for [pa, pa+len). */
void arm_invalidate_code(Arm11 *cpu, uint32_t pa, uint32_t len);
/* Drop all software TLB entries (after MMU/SCTLR changes). */
void arm_flush_tlb(Arm11 *cpu);
void arm_flush_data_tlb(Arm11 *cpu);
void arm_flush_write_tlb(Arm11 *cpu);

/* Debug/loader memory access by virtual address, no side effects on
 * timing.  Return false on a bus error. */
bool arm_debug_read(Arm11 *cpu, uint32_t va, void *buf, uint32_t len);
bool arm_debug_write(Arm11 *cpu, uint32_t va, const void *buf, uint32_t len);

/* Address of the instruction being executed, for logs written while it
 * runs (device accesses through the memory slow path); r[15] otherwise. */
uint32_t arm_current_pc(const Arm11 *cpu);

const char *arm_mode_name(unsigned mode);
const char *arm_exception_name(int exc);

#endif
