/* Pattern-table decoder.
 *
 * Every encoding the core knows is one line in cpu/insn_*.def:
 *     INSN(name, "pattern", decoder, "disassembly template")
 * The pattern lists the 32 (ARM) or 16 (Thumb) bits from most to least
 * significant; '0'/'1' are fixed bits and any other character is an operand
 * field.  At start-up each table is turned into {mask, value} pairs and
 * spread over buckets indexed by a few fixed-position bits (ARM: 27:20 and
 * 7:4, Thumb: 15:6); a bucket lists its candidates most-specific first, so an
 * encoding that carves a special case out of a broader one (MUL inside the
 * data-processing space) wins.  ARM patterns whose first four characters are
 * not "1111" only match condition codes 0-14; the 1111 space is matched only
 * by patterns that spell it out, as the ARMv6 ARM requires.  No match =
 * undefined instruction.  The same lookup serves the disassembler
 * (cpu/disasm.c), which reads the operand fields named by the pattern's
 * letters and renders the line's template.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cpu/core.h"
#include "cpu/decoders.h"

typedef struct Pattern {
    const char *name;
    const char *bits;
    ArmDecoder decode;
    const char *format;   /* disassembly template (cpu/disasm.c) */
    uint32_t mask, value;
    int fixed;            /* popcount(mask): specificity */
    bool uncond_space;    /* ARM: pattern spells out cond = 1111 */
} Pattern;

#define INSN(n, p, d, f) {#n, p, d, f, 0, 0, 0, false},
static Pattern arm_patterns[] = {
#include "cpu/insn_arm.def"
#include "cpu/insn_arm_media.def"
};
static Pattern thumb_patterns[] = {
#include "cpu/insn_thumb.def"
};
#undef INSN

#define NARM (sizeof arm_patterns / sizeof arm_patterns[0])
#define NTHUMB (sizeof thumb_patterns / sizeof thumb_patterns[0])

/* Bucket candidate lists: index ranges into a flat array of pattern pointers. */
typedef struct Bucket { uint32_t start, count; } Bucket;
static Bucket arm_buckets[4096], thumb_buckets[1024];
static const Pattern **arm_cands, **thumb_cands;
static bool decode_ready;

static void parse(Pattern *p, unsigned width)
{
    size_t len = strlen(p->bits);
    if (len != width) {
        fprintf(stderr, "ipodsim: internal error: pattern %s has %zu bits, want %u\n", p->name, len, width);
        abort();
    }
    p->mask = p->value = 0;
    for (unsigned i = 0; i < width; i++) {
        uint32_t bit = 1u << (width - 1 - i);
        if (p->bits[i] == '0' || p->bits[i] == '1') {
            p->mask |= bit;
            if (p->bits[i] == '1') p->value |= bit;
        }
    }
    p->fixed = __builtin_popcount(p->mask);
    p->uncond_space = width == 32 && (p->mask >> 28) == 0xF && (p->value >> 28) == 0xF;
}

static int by_specificity(const void *a, const void *b)
{
    const Pattern *pa = *(const Pattern *const *)a, *pb = *(const Pattern *const *)b;
    if (pa->fixed != pb->fixed) return pb->fixed - pa->fixed;
    return pa < pb ? -1 : pa > pb; /* table order breaks ties: deterministic */
}

static uint32_t arm_bucket_bits(uint32_t insn) { return ((insn >> 16) & 0xFF0) | ((insn >> 4) & 0xF); }

static const Pattern **build(Pattern *pats, size_t n, unsigned width, Bucket *buckets, unsigned nbuckets)
{
    for (size_t i = 0; i < n; i++) parse(&pats[i], width);
    const Pattern **tmp = malloc(n * sizeof *tmp);
    size_t total = 0, cap = 1024;
    const Pattern **out = malloc(cap * sizeof *out);
    if (!tmp || !out) abort();
    for (unsigned b = 0; b < nbuckets; b++) {
        /* Representative bits of this bucket placed at their positions */
        uint32_t bmask, bval;
        if (width == 32) {
            bmask = 0x0FF000F0u;
            bval = ((uint32_t)(b >> 4) << 20) | ((uint32_t)(b & 0xF) << 4);
        } else {
            bmask = 0xFFC0u;
            bval = (uint32_t)b << 6;
        }
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            uint32_t common = pats[i].mask & bmask;
            if ((pats[i].value & common) == (bval & common)) tmp[k++] = &pats[i];
        }
        qsort(tmp, k, sizeof *tmp, by_specificity);
        if (total + k > cap) {
            while (total + k > cap) cap *= 2;
            out = realloc(out, cap * sizeof *out);
            if (!out) abort();
        }
        memcpy(out + total, tmp, k * sizeof *tmp);
        buckets[b].start = (uint32_t)total;
        buckets[b].count = (uint32_t)k;
        total += k;
    }
    free(tmp);
    return out;
}

void decode_init(void)
{
    if (decode_ready) return;
    arm_cands = build(arm_patterns, NARM, 32, arm_buckets, 4096);
    thumb_cands = build(thumb_patterns, NTHUMB, 16, thumb_buckets, 1024);
    decode_ready = true;
}

static const Pattern *lookup(uint32_t insn, bool thumb)
{
    if (thumb) {
        unsigned b = (insn >> 6) & 0x3FF;
        const Pattern **c = thumb_cands + thumb_buckets[b].start;
        for (unsigned i = 0; i < thumb_buckets[b].count; i++)
            if ((insn & c[i]->mask) == c[i]->value) return c[i];
        return NULL;
    }
    bool uncond = (insn >> 28) == 0xF;
    unsigned b = arm_bucket_bits(insn);
    const Pattern **c = arm_cands + arm_buckets[b].start;
    for (unsigned i = 0; i < arm_buckets[b].count; i++) {
        if (c[i]->uncond_space != uncond) continue;
        if ((insn & c[i]->mask) == c[i]->value) return c[i];
    }
    return NULL;
}

unsigned decode_pattern_count(bool thumb)
{
    decode_init();
    return thumb ? (unsigned)NTHUMB : (unsigned)NARM;
}

bool decode_pattern_info(bool thumb, unsigned i, const char **name, uint32_t *mask, uint32_t *value)
{
    decode_init();
    if (i >= decode_pattern_count(thumb)) return false;
    const Pattern *p = thumb ? &thumb_patterns[i] : &arm_patterns[i];
    *name = p->name;
    *mask = p->mask;
    *value = p->value;
    return true;
}

const char *decode_name(uint32_t insn, bool thumb)
{
    decode_init();
    const Pattern *p = lookup(insn, thumb);
    return p ? p->name : NULL;
}

bool decode_line(uint32_t insn, bool thumb, const char **name, const char **bits, const char **format)
{
    decode_init();
    const Pattern *p = lookup(insn, thumb);
    if (!p) return false;
    *name = p->name;
    *bits = p->bits;
    *format = p->format;
    return true;
}

bool decode_pattern_text(bool thumb, unsigned i, const char **bits, const char **format)
{
    decode_init();
    if (i >= decode_pattern_count(thumb)) return false;
    const Pattern *p = thumb ? &thumb_patterns[i] : &arm_patterns[i];
    *bits = p->bits;
    *format = p->format;
    return true;
}

const uint16_t arm_cond_mask[16] = {
    /* index = NZCV as a 4-bit number; bit set = condition passes */
    0xF0F0, /* EQ: Z */
    0x0F0F, /* NE */
    0xCCCC, /* CS: C */
    0x3333, /* CC */
    0xFF00, /* MI: N */
    0x00FF, /* PL */
    0xAAAA, /* VS: V */
    0x5555, /* VC */
    0x0C0C, /* HI: C && !Z */
    0xF3F3, /* LS: !C || Z */
    0xAA55, /* GE: N == V */
    0x55AA, /* LT: N != V */
    0x0A05, /* GT: !Z && N == V */
    0xF5FA, /* LE: Z || N != V */
    0xFFFF, /* AL */
    0xFFFF, /* 1111: unconditional space (only its own patterns decode there) */
};

void decode_op(ArmOp *op, uint32_t insn, bool thumb)
{
    decode_init();
    uint16_t pcoff = op->pcoff;
    memset(op, 0, sizeof *op);
    op->pcoff = pcoff;
    op->raw = insn;
    op->cmask = thumb ? 0xFFFF : arm_cond_mask[insn >> 28];
    const Pattern *p = lookup(insn, thumb);
    if (!p) {
        /* A conditional undefined encoding that fails its condition is a NOP,
         * as on QEMU/Unicorn (the ARM ARM leaves it implementation defined). */
        op->fn = exec_undefined;
        return;
    }
    unsigned flags = p->decode(op, insn);
    if (flags & DEC_READS_PC) {
        op->inner = op->fn;
        op->fn = exec_pc_wrap;
    }
}

const ArmOp *exec_pc_wrap(Arm11 *cpu, const ArmOp *op)
{
    cpu->r[15] = op_addr(cpu, op) + (in_thumb(cpu) ? 4 : 8);
    return op->inner(cpu, op);
}

/* Wrappers charging a decode-time interlock stall (cpu/interlock.c) for
 * ops whose handler does not.  They charge before running the op so that
 * the call is a tail call (one extra indirect jump); an op that ends in an
 * exception is charged too, a harmless over-estimate. */
#define STALL_WRAPPERS(n)                                                     \
    static const ArmOp *exec_stall##n(Arm11 *cpu, const ArmOp *op)            \
    {                                                                         \
        cpu->cycles += n;                                                     \
        return op->inner(cpu, op);                                            \
    }                                                                         \
    static const ArmOp *exec_pc_wrap_stall##n(Arm11 *cpu, const ArmOp *op)    \
    {                                                                         \
        cpu->cycles += n;                                                     \
        return exec_pc_wrap(cpu, op);                                         \
    }
STALL_WRAPPERS(1)
STALL_WRAPPERS(2)
STALL_WRAPPERS(3)

static void add_stall(ArmOp *op, unsigned stall)
{
    static const ArmHandler plain[3] = {exec_stall1, exec_stall2, exec_stall3};
    static const ArmHandler pc[3] = {exec_pc_wrap_stall1, exec_pc_wrap_stall2, exec_pc_wrap_stall3};
    if (stall > 3) stall = 3;
    if (stall == 1 && dp_use_stall1(op)) return; /* ALU ops: no wrapper needed */
    if (op->fn == exec_pc_wrap) {
        op->fn = pc[stall - 1];
    } else {
        op->inner = op->fn;
        op->fn = plain[stall - 1];
    }
}

/* Does the instruction (ARM word or Thumb halfword) set the NZCV flags? */
static bool sets_flags(uint32_t w, bool thumb)
{
    if (thumb) {
        return (w >> 13) == 0 ||        /* shifts by immediate, ADD/SUB 3-operand */
               (w >> 13) == 1 ||        /* MOV/CMP/ADD/SUB immediate */
               (w >> 10) == 0x10 ||     /* ALU operations */
               (w >> 8) == 0x45;        /* CMP high registers */
    }
    if ((w >> 28) == 15) return false;
    if ((w & 0x0FFFFFFFu) == 0x0EF1FA10u) return true;                     /* FMSTAT */
    if ((w & 0x0DB0F000u) == 0x0120F000u && ((w >> 19) & 1)) return true; /* MSR CPSR_f */
    switch ((w >> 25) & 7) {
    case 0:
        if ((w & 0x90) == 0x90) return (w & 0x0F0000F0u) == 0x00000090u && ((w >> 20) & 1); /* MULS.. */
        return (w >> 20) & 1;
    case 1:
        return (w >> 20) & 1;
    default:
        return false;
    }
}

/* Mispredict cost of the conditional branch at pcoff: the TRM's
 * max(7 - flag distance, 5) cycles, the flag distance being the cycles
 * between the last flag-setting instruction and the branch.  Looks back
 * at the two words before it in the page, assuming they ran straight into
 * the branch at one cycle each; anything else (page start, a branch in
 * between) gives the middle value. */
static unsigned flag_distance_cost(const DecodedPage *page, unsigned pcoff, bool thumb)
{
    unsigned size = thumb ? 2 : 4;
    for (unsigned d = 0; d < 2; d++) {
        if (pcoff < size * (d + 1)) return T_BRANCH_MISPREDICT;
        uint32_t w = 0;
        memcpy(&w, page->host + pcoff - size * (d + 1), size);
        if (sets_flags(w, thumb)) return T_BRANCH_MISPREDICT_MAX - d;
        bool branch = thumb ? (w >> 12) == 0xD || (w >> 11) == 0x1C || (w >> 11) >= 0x1D || (w & 0xFF00) == 0x4700
                            : ((w >> 25) & 7) == 5 || (w & 0x0FFFFFF0u) == 0x012FFF10u;
        if (branch) return T_BRANCH_MISPREDICT;
    }
    return T_BRANCH_MISPREDICT_MIN;
}

/* First execution of an op slot: decode it in place, then run it. */
const ArmOp *exec_decode_lazy(Arm11 *cpu, const ArmOp *op)
{
    bool thumb = in_thumb(cpu);
    DecodedPage *page = op_page(op, thumb);
    ArmOp *w = (ArmOp *)op; /* the page's op array is ours to rewrite */
    uint32_t insn;
    if (thumb) {
        uint16_t h;
        memcpy(&h, page->host + op->pcoff, 2);
        insn = h;
    } else {
        memcpy(&insn, page->host + op->pcoff, 4);
    }
    decode_op(w, insn, thumb);
    if (w->fn == exec_bc_local || w->fn == exec_bc_far)
        w->rn = (uint8_t)flag_distance_cost(page, op->pcoff, thumb);
    if (thumb && op->pcoff + 2u < 4096u) {
        /* the same for Thumb, against the next two halfwords */
        uint16_t h1, h2 = 0;
        bool h2_valid = op->pcoff + 4u < 4096u;
        memcpy(&h1, page->host + op->pcoff + 2, 2);
        if (h2_valid) memcpy(&h2, page->host + op->pcoff + 4, 2);
        unsigned stall = thumb_interlock_stall(insn, h1, h2, h2_valid);
        if (stall) {
            if (thumb_load_charges_rs(w))
                w->rs = (uint8_t)stall;
            else
                add_stall(w, stall);
        }
    }
    if (!thumb && op->pcoff + 4u < 4096u) {
        /* Result interlocks against the next two words of the page, fixed
         * at decode time (cpu/interlock.c; docs/timing.md: later changes of
         * those words are not seen until this slot is decoded again). */
        uint32_t w1, w2 = 0;
        bool w2_valid = op->pcoff + 8u < 4096u;
        memcpy(&w1, page->host + op->pcoff + 4, 4);
        if (w2_valid) memcpy(&w2, page->host + op->pcoff + 8, 4);
        unsigned stall = arm_interlock_stall(insn, w1, w2, w2_valid);
        if (stall) {
            if (ls_load_dest(w))
                w->rs = (uint8_t)(w->rs | stall << 5); /* the load handler charges it */
            else
                add_stall(w, stall);
        }
    }
    if (!((w->cmask >> (cpu->cpsr >> 28)) & 1)) {
        arm_bcond_not_taken(cpu, w);
        return op + 1;
    }
    return w->fn(cpu, w);
}

/* The slot after the last op of a page: sequential execution ran off the end. */
const ArmOp *exec_page_end(Arm11 *cpu, const ArmOp *op)
{
    cpu->r[15] = cpu->cur_vbase + op->pcoff; /* pcoff == 4096 here */
    cpu->insns--;                            /* the loop counted this slot as an instruction */
    cpu->cycles--;
    return NULL;
}
