/* Case generation: random encodings of a pattern-table line, random register,
 * flag and memory state.  Everything is a function of (seed, class name,
 * case index), so `--seed S --class NAME --case K` reproduces one case. */
#include <string.h>

#include "cpu/core.h"
#include "test/conformance/conf.h"

/* ---- random numbers: splitmix64 ------------------------------------------------ */
uint64_t rng_next(Rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void rng_seed(Rng *r, uint64_t seed, uint64_t stream, uint64_t index)
{
    r->s = seed * 0xD1B54A32D192ED03ull;
    r->s ^= rng_next(r) + stream * 0x8CB92BA72F3D8DD7ull;
    r->s ^= rng_next(r) + index * 0xAEF17502108EF2D9ull;
    rng_next(r);
}

/* ---- pattern letters ------------------------------------------------------------- */
bool pat_field(const char *pattern, char letter, unsigned *lsb, unsigned *width)
{
    size_t len = strlen(pattern);
    const char *first = strchr(pattern, letter);
    if (!first) return false;
    size_t i = (size_t)(first - pattern), j = i;
    while (j < len && pattern[j] == letter) j++;
    *lsb = (unsigned)(len - j);
    *width = (unsigned)(j - i);
    return true;
}

static unsigned field(uint32_t insn, unsigned lsb, unsigned width) { return (insn >> lsb) & ((1u << width) - 1); }

/* ---- values ------------------------------------------------------------------------ */
static const uint32_t special_values[] = {
    0, 1, 2, 0x7FFFFFFF, 0x80000000, 0x80000001, 0xFFFFFFFF, 0xFFFFFFFE, 0x7FFF, 0x8000, 0xFFFF, 0x10000,
    0x7F, 0x80, 0xFF, 0x100, 0x7FFF8000, 0x80007FFF, 0x7F7F7F7F, 0x80808080, 0xFF00FF00, 0x00FF00FF,
    0x0000FFFF, 0xFFFF0000, 0x8000FFFF, 31, 32, 33, 0xFFFFFFE0, 64, 255, 256,
};

static uint32_t gen_lanes(Rng *r)
{
    /* Each byte or halfword from the edges of the SIMD ranges. */
    static const uint8_t bytes[] = {0x00, 0x01, 0x7F, 0x80, 0x81, 0xFE, 0xFF};
    static const uint16_t halves[] = {0x0000, 0x0001, 0x7FFF, 0x8000, 0x8001, 0xFFFE, 0xFFFF};
    uint32_t v = 0;
    if (rng_chance(r, 50)) {
        for (int i = 0; i < 4; i++)
            v |= (uint32_t)(rng_chance(r, 60) ? bytes[rng_below(r, sizeof bytes)] : rng_below(r, 256)) << (8 * i);
    } else {
        for (int i = 0; i < 2; i++)
            v |= (uint32_t)(rng_chance(r, 60) ? halves[rng_below(r, 7)] : rng_below(r, 65536)) << (16 * i);
    }
    return v;
}

static uint32_t gen_pointer(Rng *r)
{
    uint32_t p = DATA_BASE + 0x1000 + rng_below(r, DATA_SIZE - 0x2000);
    return rng_chance(r, 75) ? p & ~3u : p;
}

uint32_t gen_pointer_aligned(Rng *r, unsigned align)
{
    return (DATA_BASE + 0x1000 + rng_below(r, DATA_SIZE - 0x2000)) & ~(align - 1);
}

static uint32_t gen_bad_pointer(Rng *r)
{
    uint32_t p = BAD_BASE + 0x1000 + rng_below(r, 0x1000000);
    return rng_chance(r, 75) ? p & ~3u : p;
}

static uint32_t gen_value(Rng *r)
{
    unsigned k = rng_below(r, 100);
    if (k < 30) return rng32(r);
    if (k < 45) return rng_below(r, 40) - 8;                  /* small, some negative */
    if (k < 60) return special_values[rng_below(r, sizeof special_values / sizeof special_values[0])];
    if (k < 78) return gen_lanes(r);
    if (k < 95) return gen_pointer(r);
    return CODE_ADDR + 4 * rng_below(r, 64) + rng_below(r, 2); /* a code address, maybe Thumb */
}

/* ---- PSRs ---------------------------------------------------------------------------- */
static const unsigned start_modes[] = {0x10, 0x10, 0x13, 0x13, 0x1F, 0x11, 0x12, 0x17, 0x1B, 0x16};

static uint32_t gen_psr_flags(Rng *r)
{
    uint32_t v = rng32(r) & 0xF80F0000u;                     /* NZCVQ, GE[3:0] */
    if (rng_chance(r, 10)) v |= PSR_E;
    v |= rng32(r) & (PSR_A | PSR_I | PSR_F);
    return v;
}

static uint32_t gen_spsr(Rng *r)
{
    /* SPSRs hold a valid mode. */
    uint32_t v = gen_psr_flags(r) | start_modes[rng_below(r, sizeof start_modes / sizeof start_modes[0])];
    if (rng_chance(r, 30)) v |= PSR_T;
    return v;
}

void gen_state(Rng *r, CState *s, bool thumb, const Class *cls, const uint32_t *insns, unsigned n, bool force_bad)
{
    memset(s, 0, sizeof *s);
    for (int i = 0; i < 8; i++) s->r[i] = gen_value(r);
    for (int i = 0; i < 5; i++) {
        s->usr_hi[i] = gen_value(r);
        s->fiq_hi[i] = gen_value(r);
    }
    for (int cb = 0; cb < CB_COUNT; cb++) {
        s->r13[cb] = rng_chance(r, 80) ? gen_pointer(r) : gen_value(r);
        s->r14[cb] = gen_value(r);
        s->spsr[cb] = cb == CB_USR ? 0 : gen_spsr(r);
    }
    for (int i = 0; i < 3; i++) s->tpid[i] = gen_value(r);
    unsigned mode = start_modes[rng_below(r, sizeof start_modes / sizeof start_modes[0])];
    s->cpsr = gen_psr_flags(r) | mode | (thumb ? PSR_T : 0);
    cs_sync_view(s);
    if (cls && cls->kind == CK_SEQ) {
        for (int i = 0; i < 13; i++)
            if (rng_chance(r, thumb ? 60 : 45)) s->r[i] = gen_pointer(r);
    }
    /* Loads and stores: base registers mostly point into the data region
     * (some at unmapped memory), offset registers are mostly small. */
    if (cls && cls->memory && n == 1 && cls->pattern) {
        unsigned lsb, w;
        unsigned base = 99, off = 99;
        if (pat_field(cls->pattern, 'm', &lsb, &w) && w >= 3) off = field(insns[0], lsb, w);
        if (pat_field(cls->pattern, 'n', &lsb, &w) && w >= 3) base = field(insns[0], lsb, w);
        if (off < 15 && rng_chance(r, 70)) s->r[off] = rng_below(r, 64) * (rng_chance(r, 70) ? 4 : 1);
        if (base < 15) {
            unsigned k = rng_below(r, 100);
            if (force_bad || k < 7) s->r[base] = gen_bad_pointer(r);
            else if (k < 92) s->r[base] = gen_pointer(r);
        }
        if (force_bad) {
            /* SP-based forms (PUSH/POP, LDR sp-relative, SRS) */
            for (int cb = 0; cb < CB_COUNT; cb++) s->r13[cb] = gen_bad_pointer(r);
            s->r[13] = gen_bad_pointer(r);
        }
    }
    cs_sync_banks(s, cs_spsr(s));
    s->r[15] = CODE_ADDR;
}

/* ---- encodings ----------------------------------------------------------------------- */
/* Ignored (SBZ/SBO) bits, marked 'x' or '-' in the tables: each run gets
 * all zeros or all ones most of the time, so the encodings the manual
 * defines are common; the rest stay random. */
static uint32_t sbz_sbo_bias(Rng *r, const char *pattern, uint32_t w)
{
    size_t len = strlen(pattern);
    for (size_t i = 0; i < len;) {
        if (pattern[i] != 'x' && pattern[i] != '-') {
            i++;
            continue;
        }
        size_t j = i;
        while (j < len && (pattern[j] == 'x' || pattern[j] == '-')) j++;
        unsigned lsb = (unsigned)(len - j), width = (unsigned)(j - i);
        uint32_t m = (width >= 32 ? 0xFFFFFFFFu : ((1u << width) - 1)) << lsb;
        unsigned k = rng_below(r, 100);
        if (k < 45) w &= ~m;
        else if (k < 90) w |= m;
        i = j;
    }
    return w;
}

bool gen_encoding(Rng *r, const Class *cls, uint32_t *insn, bool force_al)
{
    bool cond_free = !cls->thumb && (cls->mask >> 28) != 0xF;
    const char *line;
    for (unsigned attempt = 0; attempt < 20000; attempt++) {
        uint32_t w = rng32(r);
        if (cls->thumb) w &= 0xFFFF;
        if (cls->pattern) w = sbz_sbo_bias(r, cls->pattern, w);
        if (cls->decoder && rng_chance(r, 90)) w = excl_sbz_canonical(cls->thumb, cls->decoder, w);
        w = (w & ~cls->mask) | cls->value;
        if (cond_free) {
            unsigned cond = (force_al || rng_chance(r, 50)) ? 0xE : rng_below(r, 15);
            w = (w & 0x0FFFFFFFu) | (cond << 28);
        }
        if (cls->kind == CK_UNDEF_SPACE) {
            if (!cls->thumb && rng_chance(r, 3)) w |= 0xF0000000u; /* the unconditional space */
            if (decode_name(w, cls->thumb) != NULL) continue;
            *insn = w;
            return true;
        }
        line = decode_name(w, cls->thumb);
        if (line && strcmp(line, strchr(cls->name, ':') + 1) == 0) {
            *insn = w;
            return true;
        }
    }
    return false;
}

/* ---- memory ------------------------------------------------------------------------------ */
void gen_memory(uint8_t *ram, uint64_t seed)
{
    Rng r;
    rng_seed(&r, seed, 0x6D656D, 0);
    for (uint32_t a = 0; a < RAM_SIZE; a += 4) {
        uint32_t v = rng_chance(&r, 80) ? rng32(&r) : gen_value(&r);
        if (a >= DATA_BASE && rng_chance(&r, 8)) v = gen_spsr(&r);   /* for RFE */
        memcpy(ram + a, &v, 4);
    }
    const uint32_t clrex = 0xF57FF01Fu;
    memcpy(ram + CLREX_STUB, &clrex, 4);
    mmu_layout_write(ram);
}
