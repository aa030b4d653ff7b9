/* Internals shared by the instruction handler files (cpu/exec_*.c) and the
 * decoder.  Not for use outside cpu/. */
#ifndef IPODSIM_CPU_CORE_H
#define IPODSIM_CPU_CORE_H

#include <string.h>

#include "cpu/arm11.h"
#include "cpu/timing.h"

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* ---- decoded pages (cpu/icache.c) ---------------------------------------- */
#define ARM_OPS_PER_PAGE 1024
#define THUMB_OPS_PER_PAGE 2048

typedef struct DecodedPage {
    uint32_t pa_page;              /* physical page base */
    bool thumb;
    const uint8_t *host;           /* host copy of the page (RAM/ROM) */
    struct DecodedPage *hash_next;
    ArmOp ops[];                   /* ARM: 1024 + sentinel, Thumb: 2048 + sentinel */
} DecodedPage;

typedef struct ICache ICache;
ICache *icache_create(void);
void icache_destroy(ICache *ic);
/* Find or create the decoded page for (pa_page, thumb).  *created tells the
 * caller that the page just became a code page. */
DecodedPage *icache_get(ICache *ic, uint32_t pa_page, bool thumb, const uint8_t *host, bool *created);
bool icache_is_code_page(const ICache *ic, uint32_t pa);
/* Forget decoded instructions overlapping [pa, pa+len) (ops return to lazy decode). */
void icache_invalidate_range(ICache *ic, uint32_t pa, uint32_t len);
void icache_invalidate_all(ICache *ic);
static inline DecodedPage *op_page(const ArmOp *op, bool thumb)
{
    const ArmOp *first = op - (op->pcoff >> (thumb ? 1 : 2));
    return (DecodedPage *)((char *)first - offsetof(DecodedPage, ops));
}

/* ---- decoder (cpu/decode.c) ---------------------------------------------- */
/* A decoder fills op->fn and operand fields from the instruction word and
 * returns flags. */
enum { DEC_READS_PC = 1u << 0 };
typedef unsigned (*ArmDecoder)(ArmOp *op, uint32_t insn);
void decode_init(void);
/* Decode into op (keeps op->pcoff).  thumb selects the instruction set. */
void decode_op(ArmOp *op, uint32_t insn, bool thumb);
const ArmOp *exec_decode_lazy(Arm11 *cpu, const ArmOp *op);
const ArmOp *exec_page_end(Arm11 *cpu, const ArmOp *op);
const ArmOp *exec_pc_wrap(Arm11 *cpu, const ArmOp *op);
const ArmOp *exec_undefined(Arm11 *cpu, const ArmOp *op);
/* Name of the pattern-table entry that decodes insn (NULL = undefined). */
const char *decode_name(uint32_t insn, bool thumb);
/* The table line that decodes insn: its name, bit pattern and disassembly
 * template (cpu/disasm.c).  false = no line (undefined). */
bool decode_line(uint32_t insn, bool thumb, const char **name, const char **bits, const char **format);
/* The pattern table itself, for table-consistency tests. */
unsigned decode_pattern_count(bool thumb);
bool decode_pattern_info(bool thumb, unsigned i, const char **name, uint32_t *mask, uint32_t *value);
bool decode_pattern_text(bool thumb, unsigned i, const char **bits, const char **format);

/* ---- condition codes ----------------------------------------------------- */
extern const uint16_t arm_cond_mask[16];
static inline bool cond_pass(uint32_t cpsr, unsigned cond)
{
    return (arm_cond_mask[cond] >> (cpsr >> 28)) & 1;
}

/* ---- PC ------------------------------------------------------------------ */
static inline uint32_t op_addr(const Arm11 *cpu, const ArmOp *op) { return cpu->cur_vbase + op->pcoff; }
static inline bool in_thumb(const Arm11 *cpu) { return (cpu->cpsr & PSR_T) != 0; }
/* Continue at target in the current instruction set. */
static inline const ArmOp *branch_to(Arm11 *cpu, uint32_t target)
{
    cpu->r[15] = target & (in_thumb(cpu) ? ~1u : ~3u);
    return NULL;
}
/* BX-style interworking branch (bit 0 selects Thumb). */
static inline const ArmOp *branch_exchange(Arm11 *cpu, uint32_t target)
{
    if (target & 1) {
        cpu->cpsr |= PSR_T;
        cpu->r[15] = target & ~1u;
    } else {
        cpu->cpsr &= ~PSR_T;
        cpu->r[15] = target & ~3u;   /* bit 1 set in ARM state is UNPREDICTABLE; we clear it */
    }
    return NULL;
}
/* Leave the page after a sequential instruction (state changed: re-check IRQs). */
static inline const ArmOp *next_and_exit(Arm11 *cpu, const ArmOp *op)
{
    cpu->r[15] = op_addr(cpu, op) + (in_thumb(cpu) ? 2 : 4);
    return NULL;
}

/* ---- flags ----------------------------------------------------------------- */
static inline void set_nz(Arm11 *cpu, uint32_t res)
{
    cpu->cpsr = (cpu->cpsr & ~(PSR_N | PSR_Z)) | (res & PSR_N) | (res == 0 ? PSR_Z : 0);
}
static inline void set_nzc(Arm11 *cpu, uint32_t res, uint32_t carry)
{
    cpu->cpsr = (cpu->cpsr & ~(PSR_N | PSR_Z | PSR_C)) | (res & PSR_N) | (res == 0 ? PSR_Z : 0) |
                (carry ? PSR_C : 0);
}
static inline uint32_t add_flags(Arm11 *cpu, uint32_t a, uint32_t b, uint32_t carry_in)
{
    uint64_t wide = (uint64_t)a + b + carry_in;
    uint32_t res = (uint32_t)wide;
    uint32_t v = (~(a ^ b) & (a ^ res)) >> 31;
    cpu->cpsr = (cpu->cpsr & 0x0FFFFFFFu) | (res & PSR_N) | (res == 0 ? PSR_Z : 0) |
                ((uint32_t)(wide >> 32) << 29) | (v << 28);
    return res;
}
/* a - b - !carry_in with ARM borrow semantics (C = NOT borrow). */
static inline uint32_t sub_flags(Arm11 *cpu, uint32_t a, uint32_t b, uint32_t carry_in)
{
    return add_flags(cpu, a, ~b, carry_in);
}
static inline uint32_t carry_bit(const Arm11 *cpu) { return (cpu->cpsr >> 29) & 1; }

/* Shift by an immediate as encoded (type 0..3, amount 0..31; LSR/ASR #0 mean
 * 32, ROR #0 means RRX).  *carry gets the shifter carry-out. */
static inline uint32_t shift_imm(const Arm11 *cpu, uint32_t v, unsigned type, unsigned amt, uint32_t *carry)
{
    switch (type) {
    case 0:
        if (amt == 0) { *carry = carry_bit(cpu); return v; }
        *carry = (v >> (32 - amt)) & 1;
        return v << amt;
    case 1:
        if (amt == 0) { *carry = v >> 31; return 0; }
        *carry = (v >> (amt - 1)) & 1;
        return v >> amt;
    case 2:
        if (amt == 0) { *carry = v >> 31; return (uint32_t)((int32_t)v >> 31); }
        *carry = (v >> (amt - 1)) & 1;
        return (uint32_t)((int32_t)v >> amt);
    default:
        if (amt == 0) { *carry = v & 1; return (carry_bit(cpu) << 31) | (v >> 1); }
        *carry = (v >> (amt - 1)) & 1;
        return (v >> amt) | (v << (32 - amt));
    }
}
/* Shift by a register amount (bottom byte of Rs). */
static inline uint32_t shift_reg(const Arm11 *cpu, uint32_t v, unsigned type, uint32_t amt, uint32_t *carry)
{
    amt &= 0xFF;
    if (amt == 0) { *carry = carry_bit(cpu); return v; }
    switch (type) {
    case 0:
        if (amt < 32) { *carry = (v >> (32 - amt)) & 1; return v << amt; }
        *carry = amt == 32 ? (v & 1) : 0;
        return 0;
    case 1:
        if (amt < 32) { *carry = (v >> (amt - 1)) & 1; return v >> amt; }
        *carry = amt == 32 ? (v >> 31) : 0;
        return 0;
    case 2:
        if (amt < 32) { *carry = (v >> (amt - 1)) & 1; return (uint32_t)((int32_t)v >> amt); }
        *carry = v >> 31;
        return (uint32_t)((int32_t)v >> 31);
    default:
        amt &= 31;
        if (amt == 0) { *carry = v >> 31; return v; }
        *carry = (v >> (amt - 1)) & 1;
        return (v >> amt) | (v << (32 - amt));
    }
}

/* ---- memory ---------------------------------------------------------------- */
/* Slow paths (cpu/mem.c).  On a fault they set cpu->fault/fault_addr and
 * return 0 / do nothing.  acc: ACC_* plus the strictness flag below. */
#define ACC_STRICT (1u << 6) /* multi-word/exclusive forms: must be word aligned */
uint32_t mem_read_slow(Arm11 *cpu, uint32_t va, unsigned size, unsigned acc);
void mem_write_slow(Arm11 *cpu, uint32_t va, unsigned size, uint32_t val, unsigned acc);

static inline const ArmTlbEntry *tlb_slot(const ArmTlbEntry *t, uint32_t va)
{
    return &t[(va >> 12) & (ARM_TLB_SIZE - 1)];
}
/* Fast paths: an aligned access to a page in the TLB is one compare and one
 * host load/store.  The TLB is only filled while CPSR.E = 0, so big-endian
 * data accesses always take the slow path (which byte-swaps).  Tag bit 2
 * (never set in an aligned va's masked bits) is the privilege the entry was
 * filled with, see Arm11.tlb_user_bit. */
/* The slow paths record the op doing the access (cpu->slow_op) so device
 * logs and bus errors can name the guest PC; the fast path stores nothing.
 * Every caller is an instruction handler with its `op` in scope. */
#define mem_read(cpu, va, size, acc) mem_read_op((cpu), op, (va), (size), (acc))
#define mem_write(cpu, va, size, val, acc) mem_write_op((cpu), op, (va), (size), (val), (acc))
static inline uint32_t mem_read_op(Arm11 *cpu, const ArmOp *op, uint32_t va, unsigned size, unsigned acc)
{
    const ArmTlbEntry *e = tlb_slot(cpu->tlb_read, va);
    if (likely(e->tag == ((va & (0xFFFFF000u | (size - 1))) | cpu->tlb_user_bit))) {
        const void *p = (const void *)(e->addend + va);
        if (size == 4) { uint32_t v; memcpy(&v, p, 4); return v; }
        if (size == 2) { uint16_t v; memcpy(&v, p, 2); return v; }
        return *(const uint8_t *)p;
    }
    cpu->slow_op = op;
    return mem_read_slow(cpu, va, size, acc);
}
static inline void mem_write_op(Arm11 *cpu, const ArmOp *op, uint32_t va, unsigned size, uint32_t val,
                                unsigned acc)
{
    const ArmTlbEntry *e = tlb_slot(cpu->tlb_write, va);
    if (likely(e->tag == ((va & (0xFFFFF000u | (size - 1))) | cpu->tlb_user_bit))) {
        void *p = (void *)(e->addend + va);
        if (size == 4) { memcpy(p, &val, 4); return; }
        if (size == 2) { uint16_t v = (uint16_t)val; memcpy(p, &v, 2); return; }
        *(uint8_t *)p = (uint8_t)val;
        return;
    }
    cpu->slow_op = op;
    mem_write_slow(cpu, va, size, val, acc);
}
#define rd32(cpu, va) mem_read((cpu), (va), 4, ACC_READ)
#define rd16(cpu, va) mem_read((cpu), (va), 2, ACC_READ)
#define rd8(cpu, va) mem_read((cpu), (va), 1, ACC_READ)
#define wr32(cpu, va, v) mem_write((cpu), (va), 4, (v), ACC_WRITE)
#define wr16(cpu, va, v) mem_write((cpu), (va), 2, (v), ACC_WRITE)
#define wr8(cpu, va, v) mem_write((cpu), (va), 1, (v), ACC_WRITE)

/* ---- branch prediction (timing only) ------------------------------------------ */
/* Extra cycles of a branch at pc with a constant offset, taken or not;
 * backward selects the static prediction used when the dynamic predictor
 * has no entry for pc; miss is the cost of a misprediction.  Entries are
 * allocated by taken branches, with the counter at weakly taken.  Thumb
 * branches are tagged with their word address (two conditional branches in
 * one word share an entry). */
static inline unsigned bp_branch(Arm11 *cpu, uint32_t pc, bool taken, bool backward, unsigned miss)
{
    pc &= ~3u;
    /* next counter value by [taken][counter]: 2-bit saturating */
    static const uint8_t next_ctr[2][4] = {{0, 0, 1, 2}, {1, 2, 3, 3}};
    unsigned i = (pc >> 3) & (ARM_BP_ENTRIES - 1);
    uint32_t e = cpu->bp[i];
    if (likely(e == (pc | 3u)) && taken) return T_BRANCH_TAKEN; /* strongly taken, stays so */
    if (likely((e & ~3u) == pc)) {
        unsigned c = e & 3;
        cpu->bp[i] = pc | next_ctr[taken][c];
        return ((c >> 1) ^ (unsigned)taken) * miss;
    }
    if (taken) cpu->bp[i] = pc | 2;
    if (backward != taken) return miss;
    return taken ? T_BRANCH_STATIC_TAKEN : 0;
}
/* Conditional B handlers, ARM and Thumb (op->imm: local: distance in ops;
 * far: target - (address + 8); op->rd: backward; op->rn: mispredict
 * cost); the run loop calls arm_bcond_not_taken for them when their
 * condition fails (cpu/exec_branch.c). */
/* (hidden: the run loop compares against their addresses without a GOT load) */
__attribute__((visibility("hidden"))) const ArmOp *exec_bc_local(Arm11 *cpu, const ArmOp *op);
__attribute__((visibility("hidden"))) const ArmOp *exec_bc_far(Arm11 *cpu, const ArmOp *op);
void arm_bcond_train_not_taken(Arm11 *cpu, const ArmOp *op);
static inline void arm_bcond_not_taken(Arm11 *cpu, const ArmOp *op)
{
    if (op->fn == exec_bc_local || op->fn == exec_bc_far) arm_bcond_train_not_taken(cpu, op);
}
/* Procedure call: push the return address (as written to lr). */
static inline void ras_push(Arm11 *cpu, uint32_t ret)
{
    unsigned t = cpu->ras_top + 1u == ARM_RAS_ENTRIES ? 0 : cpu->ras_top + 1u;
    cpu->ras_top = (uint8_t)t;
    cpu->ras[t] = ret;
    if (cpu->ras_count < ARM_RAS_ENTRIES) cpu->ras_count++;
}
/* Procedure return to target (the value loaded into the PC, Thumb bit
 * included): extra cycles for a hit, miss or empty stack. */
static inline unsigned ras_return(Arm11 *cpu, uint32_t target)
{
    if (!cpu->ras_count) return T_RETURN_EMPTY;
    unsigned t = cpu->ras_top;
    cpu->ras_top = (uint8_t)(t ? t - 1u : ARM_RAS_ENTRIES - 1u);
    cpu->ras_count--;
    return cpu->ras[t] == target ? T_BX : T_RETURN_MISS;
}

/* ---- result interlocks (cpu/interlock.c, decode time only) -------------------- */
/* How the ARM instruction word w reads register r: 0 not at all, or
 * USE_LATE / USE_NORMAL / USE_EARLY (the TRM's operand classes). */
enum { USE_NONE = 0, USE_LATE = 1, USE_NORMAL = 2, USE_EARLY = 3 };
unsigned arm_reg_use(uint32_t w, unsigned r);
/* Stall cycles the ARM instruction w causes in the two words after it, w1
 * and w2 (w2_valid = false past the page end), waiting for w's results
 * (T_LAT_*).  Assumes straight-line execution, w1 taking one cycle, and
 * that w's condition passes (the stall is charged by w itself).  0 when w
 * writes the PC. */
unsigned arm_interlock_stall(uint32_t w, uint32_t w1, uint32_t w2, bool w2_valid);
/* The same for Thumb halfwords (h1/h2: the next two halfwords). */
unsigned thumb_reg_use(uint32_t h, unsigned r);
unsigned thumb_interlock_stall(uint32_t h, uint32_t h1, uint32_t h2, bool h2_valid);
/* cpu/exec_thumb.c: does op's handler charge the stall kept in op->rs? */
bool thumb_load_charges_rs(const ArmOp *op);
/* cpu/exec_dp.c: switch a data-processing op to its handler variant that
 * charges a 1-cycle stall; false if it has none. */
bool dp_use_stall1(ArmOp *op);
/* exec_ls.c: destination + 1 of an ARM load that charges LOAD_USE, else 0. */
unsigned ls_load_dest(const ArmOp *op);

/* ---- exceptions and state changes (cpu/arm11.c) ------------------------------ */
/* Take exception exc for the instruction op (return address computed per the
 * ARM ARM table).  Returns NULL so handlers can `return take_exception(...)`. */
const ArmOp *take_exception(Arm11 *cpu, int exc, const ArmOp *op);
/* Data abort for the access that left cpu->fault set: fills DFSR/FAR. */
const ArmOp *data_abort(Arm11 *cpu, const ArmOp *op, bool is_write);
const ArmOp *prefetch_abort(Arm11 *cpu, const ArmOp *op, uint32_t ifsr, uint32_t ifar);
/* Virtual -> physical for an instruction fetch of the page at va (MMU off:
 * identity).  Sets cpu->fault on a translation/permission fault. */
uint32_t mem_translate_fetch(Arm11 *cpu, uint32_t va);
/* Switch the register bank to a new mode (CPSR mode bits updated too). */
void arm_switch_mode(Arm11 *cpu, unsigned new_mode);
bool arm_mode_valid(unsigned mode);
static inline bool arm_privileged(const Arm11 *cpu) { return (cpu->cpsr & PSR_MODE_MASK) != MODE_USR; }
static inline bool mode_has_spsr(unsigned mode) { return mode != MODE_USR && mode != MODE_SYS; }
/* SPSR -> CPSR copy of exception returns (MOVS pc / LDM ^ / RFE). */
void arm_restore_cpsr(Arm11 *cpu, uint32_t value);
/* Register read/write of the User bank regardless of the current mode (LDM/STM ^). */
uint32_t arm_user_reg(const Arm11 *cpu, unsigned n);
void arm_set_user_reg(Arm11 *cpu, unsigned n, uint32_t v);
/* Endianness change (SETEND / exception entry): drops the data TLB. */
void arm_set_endian(Arm11 *cpu, bool big);
/* SVC / BKPT in either state (cpu/exec_misc.c): offered to the machine's
 * hook first (semihosting, debugger), otherwise the exception is taken. */
const ArmOp *arm_exec_svc(Arm11 *cpu, const ArmOp *op, bool thumb);
const ArmOp *arm_exec_bkpt(Arm11 *cpu, const ArmOp *op, bool thumb);
/* Coprocessor access (cpu/exec_misc.c), after CPACR checks. */
const ArmCoproc *arm_coproc(Arm11 *cpu, unsigned num);

/* Saturation helpers (media / DSP instructions) */
static inline int32_t sat_s32(Arm11 *cpu, int64_t v)
{
    if (v > INT32_MAX) { cpu->cpsr |= PSR_Q; return INT32_MAX; }
    if (v < INT32_MIN) { cpu->cpsr |= PSR_Q; return INT32_MIN; }
    return (int32_t)v;
}

#endif
