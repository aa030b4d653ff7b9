/* build/conformance: differential conformance of the ipodsim ARM1176 core
 * against Unicorn.  docs/conformance.md describes the method, the options and
 * how to read a failure. */
#include <errno.h>
#include <execinfo.h>
#include <fnmatch.h>
#include <signal.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cpu/core.h"
#include "test/conformance/conf.h"

/* ---- the pattern tables, for the field letters and decoder of each line ------------------------ */
typedef struct PatLine { const char *name, *bits, *decoder; } PatLine;
#define LINE(n, p, d, ...) {#n, p, #d},
#define INSN(...) LINE(__VA_ARGS__, 0)
static const PatLine arm_lines[] = {
#include "cpu/insn_arm.def"
#include "cpu/insn_arm_media.def"
};
static const PatLine thumb_lines[] = {
#include "cpu/insn_thumb.def"
};
#undef INSN
#undef LINE

/* Lines are classified by their decoder, which is more stable than names. */
static const char *const memory_decoders =
    " dec_ls_imm dec_ls_reg dec_lsx dec_lsm dec_swp dec_excl dec_rfe dec_srs dec_ldc_stc"
    " dec_t_ldr_lit dec_t_ls_reg dec_t_ls_imm dec_t_ls_sp dec_t_push dec_t_pop dec_t_ldstm ";
/* Kept out of random sequences: control flow, exception generation, WFI
 * (which would stop our core's stepping), coprocessors, UNDEFINED lines. */
static const char *const no_seq_decoders =
    " dec_b dec_blx_imm dec_bx dec_blx_reg dec_svc dec_bkpt dec_smc dec_srs dec_rfe dec_hint dec_mcrr"
    " dec_ldc_stc dec_cdp dec_mcr_mrc dec_undefined dec_t_bx dec_t_bkpt dec_t_svc dec_t_b_cond dec_t_b"
    " dec_t_bl_prefix dec_t_bl_suffix ";

static bool in_list(const char *list, const char *name)
{
    char key[80];
    snprintf(key, sizeof key, " %s ", name);
    return strstr(list, key) != NULL;
}

/* ---- classes ---------------------------------------------------------------------------------- */
static uint8_t *pristine, *dut_ram, *uc_ram;   /* the initial memory image and the two engines' RAM */
bool conf_mmu;                                  /* the running class is an mmu:* class */
static Class *classes;
static unsigned nclasses;

static Class *add_class(const char *name, ClassKind kind, bool thumb)
{
    classes = realloc(classes, (nclasses + 1) * sizeof *classes);
    if (!classes) abort();
    Class *c = &classes[nclasses++];
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", name);
    c->kind = kind;
    c->thumb = thumb;
    c->pat = -1;
    return c;
}

static void build_classes(void)
{
    for (int t = 0; t < 2; t++) {
        bool thumb = t == 1;
        unsigned n = decode_pattern_count(thumb);
        const PatLine *lines = thumb ? thumb_lines : arm_lines;
        unsigned nlines = thumb ? sizeof thumb_lines / sizeof thumb_lines[0] : sizeof arm_lines / sizeof arm_lines[0];
        if (n != nlines) {
            fprintf(stderr, "conformance: pattern table has %u lines, the .def files %u\n", n, nlines);
            exit(2);
        }
        for (unsigned i = 0; i < n; i++) {
            const char *name;
            uint32_t mask, value;
            decode_pattern_info(thumb, i, &name, &mask, &value);
            if (strcmp(name, lines[i].name) != 0) {
                fprintf(stderr, "conformance: pattern %u is %s, the .def file says %s\n", i, name, lines[i].name);
                exit(2);
            }
            char full[64];
            snprintf(full, sizeof full, "%s:%s", thumb ? "thumb" : "arm", name);
            Class *c = add_class(full, CK_INSN, thumb);
            c->pat = (int)i;
            c->pattern = lines[i].bits;
            c->mask = mask;
            c->value = value;
            c->memory = in_list(memory_decoders, lines[i].decoder);
            c->seq_ok = !in_list(no_seq_decoders, lines[i].decoder);
            c->decoder = lines[i].decoder;
            c->line_name = name;
        }
        add_class(thumb ? "thumb:(undefined)" : "arm:(undefined)", CK_UNDEF_SPACE, thumb);
    }
    static const char *const exc_names[] = {"undef", "svc", "dabt", "bkpt"};
    for (int t = 0; t < 2; t++)
        for (int k = 0; k < 4; k++) {
            char full[64];
            snprintf(full, sizeof full, "exc:%s-%s", t ? "thumb" : "arm", exc_names[k]);
            Class *c = add_class(full, CK_EXC, t == 1);
            c->exc = (ExcKind)k;
        }
    /* mmu:LINE: every load/store line with the MMU on (mmu_layout.c).
     * LDC/STC are left out: CP14/CP15 transfers are implementation defined. */
    unsigned ninsn = nclasses;
    for (unsigned i = 0; i < ninsn; i++) {
        if (classes[i].kind != CK_INSN || !classes[i].memory || !strcmp(classes[i].decoder, "dec_ldc_stc")) continue;
        char full[64];
        snprintf(full, sizeof full, "mmu:%s", classes[i].name);
        Class *c = add_class(full, CK_MMU, classes[i].thumb);
        const Class *b = &classes[i];   /* add_class may have moved the array */
        c->base = (int)i;
        c->memory = true;
        c->decoder = b->decoder;
        c->pattern = b->pattern;
    }
    add_class("seq:arm", CK_SEQ, false);
    add_class("seq:thumb", CK_SEQ, true);
    add_class("seq:arm-exclusive", CK_SEQ_EXCL, false);
}

static Class *find_class(const char *name)
{
    for (unsigned i = 0; i < nclasses; i++)
        if (strcmp(classes[i].name, name) == 0) return &classes[i];
    return NULL;
}

static uint64_t name_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (uint8_t)*s) * 1099511628211ull;
    return h;
}

/* ---- case generation ------------------------------------------------------------------------- */
static bool seq_writes_pc(const Class *c, uint32_t insn)
{
    unsigned lsb, w;
    static const char letters[] = "dhl";
    if (!c->thumb) {
        for (const char *p = letters; *p; p++)
            if (pat_field(c->pattern, *p, &lsb, &w) && w == 4 && ((insn >> lsb) & 15) == 15) return true;
        if (c->memory && ((insn >> 16) & 15) == 15) return true;   /* PC-relative: may hit the sequence */
        if (!strcmp(c->decoder, "dec_lsm") && (insn & (1u << 20)) && (insn & 0x8000)) return true;
        return false;
    }
    if (!strcmp(c->decoder, "dec_t_add_hi") || !strcmp(c->decoder, "dec_t_mov_hi"))
        return (((insn >> 4) & 8) | (insn & 7)) == 15;
    if (!strcmp(c->decoder, "dec_t_pop")) return (insn >> 8) & 1;
    return false;
}

static const Class *line_class(const char *line, bool thumb)
{
    if (!line) return NULL;
    for (unsigned i = 0; i < nclasses; i++)   /* decode_name() returns the table's own name pointer */
        if (classes[i].line_name == line && classes[i].thumb == thumb) return &classes[i];
    for (unsigned i = 0; i < nclasses; i++) {
        const Class *c = &classes[i];
        if (c->kind == CK_INSN && c->thumb == thumb && !strcmp(c->name + (thumb ? 6 : 4), line)) return c;
    }
    return NULL;
}

static ExclCtx make_ctx(const Class *cls, uint32_t insn, bool thumb, uint32_t addr, const CState *pre)
{
    const char *line = decode_name(insn, thumb);
    const Class *lc = line_class(line, thumb);
    return (ExclCtx){.cls = cls->name, .line = line, .decoder = lc ? lc->decoder : NULL,
                     .pattern = lc ? lc->pattern : NULL, .thumb = thumb, .insn = insn, .addr = addr, .pre = pre,
                     .ram = dut_ram};
}

static bool gen_once(Rng *rp, Case *k, Class *cls)
{
    Rng r = *rp;
    memset(k, 0, sizeof *k);
    k->cls = cls;
    k->thumb = cls->thumb;
    k->addr = CODE_ADDR;
    k->n = 1;
    const Class *shape = cls;   /* the class whose fields guide the state */
    bool bad = false;
    switch (cls->kind) {
    case CK_INSN:
    case CK_UNDEF_SPACE:
        if (!gen_encoding(&r, cls, &k->insn[0], false)) return false;
        if (cls->decoder && !strcmp(cls->decoder, "dec_t_bl_prefix")) {
            /* QEMU runs a BL/BLX prefix and its suffix as one instruction:
             * the case is the pair (our core steps twice). */
            k->n = 2;
            k->insn[1] = rng_chance(&r, 50) ? 0xF800u | (rng32(&r) & 0x7FFu) : 0xE800u | (rng32(&r) & 0x7FEu);
        }
        break;
    case CK_MMU:
        shape = &classes[cls->base];
        if (!gen_encoding(&r, shape, &k->insn[0], false)) return false;
        break;
    case CK_EXC: {
        const char *isa = cls->thumb ? "thumb" : "arm";
        char name[64];
        if (cls->exc == EX_UNDEF) {
            snprintf(name, sizeof name, "%s:(undefined)", isa);
        } else if (cls->exc == EX_SVC || cls->exc == EX_BKPT) {
            snprintf(name, sizeof name, "%s:%s", isa, cls->exc == EX_SVC ? "svc" : "bkpt");
        } else {
            /* a random load/store line */
            unsigned cand[64], nc = 0;
            for (unsigned i = 0; i < nclasses && nc < 64; i++)
                if (classes[i].kind == CK_INSN && classes[i].thumb == cls->thumb && classes[i].memory &&
                    strcmp(classes[i].decoder, "dec_ldc_stc") != 0)
                    cand[nc++] = i;
            snprintf(name, sizeof name, "%s", classes[cand[rng_below(&r, nc)]].name);
            bad = true;
        }
        shape = find_class(name);
        if (!shape || !gen_encoding(&r, shape, &k->insn[0], true)) return false;
        break;
    }
    case CK_SEQ_EXCL: {
        /* LDREX{,D,B,H} Rt, [Rb]; 1-6 ALU instructions; STREX of the same
         * size to [Rb]: the store-exclusive success path, which single
         * instructions (monitor always clear) never reach. */
        static const uint32_t ld[4] = {0x01900F9Fu, 0x01B00F9Fu, 0x01D00F9Fu, 0x01F00F9Fu};
        static const uint32_t st[4] = {0x01800F90u, 0x01A00F90u, 0x01C00F90u, 0x01E00F90u};
        static const unsigned sizes[4] = {4, 8, 1, 2};
        gen_state(&r, &k->pre, false, cls, k->insn, 0, false);
        unsigned sz = rng_below(&r, 4), rb, rt, rd, rs;
        bool dual = sz == 1;
        do {
            rb = rng_below(&r, 13);
            rt = dual ? 2 * rng_below(&r, 6) : rng_below(&r, 13);
        } while (rt == rb || (dual && rt + 1 == rb));
        do {
            rd = rng_below(&r, 13);
            rs = dual ? 2 * rng_below(&r, 6) : rng_below(&r, 13);
        } while (rd == rb || rd == rs || (dual && rd == rs + 1));
        uint32_t p = gen_pointer_aligned(&r, rng_chance(&r, 90) ? sizes[sz] : 1);
        k->pre.r[rb] = p;
        cs_sync_banks(&k->pre, cs_spsr(&k->pre));
        unsigned alu[512], na = 0;
        for (unsigned i = 0; i < nclasses; i++) {
            const Class *c = &classes[i];
            if (c->kind == CK_INSN && !c->thumb && c->seq_ok && !c->memory && na < 512) alu[na++] = i;
        }
        k->n = 2 + 1 + rng_below(&r, 6);
        k->insn[0] = 0xE0000000u | ld[sz] | (rb << 16) | (rt << 12);
        for (unsigned j = 1; j + 1 < k->n; j++) {
            for (int tries = 0;; tries++) {
                if (tries > 1000) return false;
                const Class *c = &classes[alu[rng_below(&r, na)]];
                uint32_t w;
                if (!gen_encoding(&r, c, &w, false) || seq_writes_pc(c, w)) continue;
                ExclCtx ctx = make_ctx(cls, w, false, k->addr + j * 4, &k->pre);
                Ignore ign = {0};
                excl_check(&ctx, true, false, &ign);
                if (ign.skip) continue;
                k->insn[j] = w;
                break;
            }
        }
        k->insn[k->n - 1] = 0xE0000000u | st[sz] | (rb << 16) | (rd << 12) | rs;
        *rp = r;
        return true;
    }
    case CK_SEQ: {
        /* The state first, so that instructions a listed exclusion would
         * skip in it are regenerated (state-dependent ones may still end a
         * sequence early). */
        gen_state(&r, &k->pre, cls->thumb, cls, k->insn, 0, false);
        if (cls->thumb && rng_chance(&r, 50)) k->addr += 2;
        k->pre.r[15] = k->addr;
        /* Loads and stores are one pick in five (a random base register is
         * mostly unmapped, and the abort ends the sequence). */
        unsigned alu[512], mem[512], na = 0, nm = 0;
        for (unsigned i = 0; i < nclasses; i++) {
            const Class *c = &classes[i];
            if (c->kind != CK_INSN || c->thumb != cls->thumb || !c->seq_ok) continue;
            if (c->memory && nm < 512) mem[nm++] = i;
            else if (!c->memory && na < 512) alu[na++] = i;
        }
        k->n = 8 + rng_below(&r, SEQ_MAX - 8 + 1);
        unsigned size = cls->thumb ? 2 : 4;
        for (unsigned j = 0; j < k->n; j++) {
            for (int tries = 0;; tries++) {
                if (tries > 1000) return false;
                bool pick_mem = nm && rng_chance(&r, 20);
                const Class *c = &classes[pick_mem ? mem[rng_below(&r, nm)] : alu[rng_below(&r, na)]];
                uint32_t w;
                if (!gen_encoding(&r, c, &w, false) || seq_writes_pc(c, w)) continue;
                ExclCtx ctx = make_ctx(cls, w, cls->thumb, k->addr + j * size, &k->pre);
                Ignore ign = {0};
                excl_check(&ctx, true, false, &ign);
                if (ign.skip) continue;
                k->insn[j] = w;
                break;
            }
        }
        *rp = r;
        return true;
    }
    }
    gen_state(&r, &k->pre, cls->thumb, shape, k->insn, k->n, bad);
    if (cls->kind == CK_MMU) {
        /* Pointers into the data region mostly become virtual addresses of
         * the remapped window or of a faulting region; unmapped ones become
         * section translation faults (Unicorn cannot report a fault for a
         * VA outside its map, see oracle.c). */
        CState *s = &k->pre;
        uint32_t *regs[] = {&s->r[0], &s->r[1], &s->r[2], &s->r[3], &s->r[4], &s->r[5], &s->r[6], &s->r[7]};
        for (unsigned i = 0; i < 8 + 10 + 2 * CB_COUNT; i++) {
            uint32_t *v = i < 8 ? regs[i] : i < 13 ? &s->usr_hi[i - 8] : i < 18 ? &s->fiq_hi[i - 13]
                        : i < 18 + CB_COUNT ? &s->r13[i - 18] : &s->r14[i - 18 - CB_COUNT];
            if (*v - BAD_BASE < 0x2000000u) *v = 0x00300000u + (*v & 0xFFFFFu);
            else if (*v - DATA_BASE < DATA_SIZE && rng_chance(&r, 85)) *v = mmu_gen_pointer(&r, *v);
        }
        cs_sync_view(s);
    }
    if (cls->thumb && rng_chance(&r, 50)) k->addr += 2;  /* both word alignments of a Thumb PC */
    k->pre.r[15] = k->addr;
    *rp = r;
    return true;
}

/* A case that a listed exclusion would skip is kept only for one case in
 * ten (so the exclusions stay exercised and counted); otherwise it is
 * regenerated, so the cases go where the comparison means something. */
static bool gen_case(Case *k, Class *cls, uint64_t seed, unsigned long index)
{
    Rng r;
    rng_seed(&r, seed, name_hash(cls->name), index);
    bool keep_excluded = rng_chance(&r, 10);
    for (int attempt = 0; attempt < 200; attempt++) {
        if (!gen_once(&r, k, cls)) return false;
        k->cls = cls;
        k->index = index;
        if (k->n > 1 || keep_excluded) return true;
        ExclCtx ctx = make_ctx(cls, k->insn[0], k->thumb, k->addr, &k->pre);
        Ignore ign = {0};
        excl_check(&ctx, true, false, &ign);
        if (!ign.skip) return true;
    }
    return true;
}

/* ---- memory --------------------------------------------------------------------------------- */

static void put_code(const Case *k)
{
    unsigned size = k->thumb ? 2 : 4;
    for (unsigned i = 0; i < k->n; i++) {
        memcpy(dut_ram + k->addr + i * size, &k->insn[i], size);
        memcpy(uc_ram + k->addr + i * size, &k->insn[i], size);
    }
    dut_code_changed(k->addr, k->n * size);
    oracle_code_changed(k->addr, k->n * size);
}

/* Back to the initial image.  When the case ended with both RAMs verified
 * equal, only the core's needs comparing with the image. */
static void restore_memory(bool verified_equal)
{
    for (uint32_t p = 0; p < RAM_SIZE; p += 0x1000) {
        bool dut_dirty = memcmp(dut_ram + p, pristine + p, 0x1000) != 0;
        if (dut_dirty) {
            memcpy(dut_ram + p, pristine + p, 0x1000);
            dut_code_changed(p, 0x1000);
        }
        if (verified_equal ? dut_dirty : memcmp(uc_ram + p, pristine + p, 0x1000) != 0) {
            memcpy(uc_ram + p, pristine + p, 0x1000);
            oracle_code_changed(p, 0x1000);
        }
    }
}

/* ---- the exception model ------------------------------------------------------------------------
 * Unicorn stops at an exception instead of taking it.  The expected state is
 * the oracle's state at that point with the ARM ARM's exception entry (A2.6)
 * applied: new mode, LR and SPSR of that mode, CPSR.I (and A for aborts),
 * T/J/E cleared (SCTLR.EE = 0), PC = vector (SCTLR.V = 0, VBAR = 0). */
static void apply_exception(CState *s, OutKind k, uint32_t addr, bool thumb)
{
    unsigned mode;
    uint32_t vec, lr;
    bool set_a = true, set_f = false;
    switch (k) {
    case OUT_UNDEF: mode = 0x1B; vec = 0x04; lr = addr + (thumb ? 2 : 4); set_a = false; break;
    case OUT_SVC: mode = 0x13; vec = 0x08; lr = addr + (thumb ? 2 : 4); set_a = false; break;
    case OUT_SMC: mode = 0x16; vec = 0x08; lr = addr + 4; set_f = true; break;
    case OUT_BKPT: case OUT_PABT: mode = 0x17; vec = 0x0C; lr = addr + 4; break;
    case OUT_DABT: case OUT_DABT_ALIGN: mode = 0x17; vec = 0x10; lr = addr + 8; break;
    default: return;
    }
    uint32_t old = s->cpsr;
    int cb = cb_of_mode(mode);
    s->spsr[cb] = old;
    s->r14[cb] = lr;
    uint32_t c = (old & ~(0x1Fu | PSR_T | PSR_J | PSR_E)) | mode | PSR_I;
    if (set_a) c |= PSR_A;
    if (set_f) c |= PSR_F;
    s->cpsr = c;
    cs_sync_view(s);
    s->r[15] = vec;
}

/* ---- comparison ----------------------------------------------------------------------------------- */
typedef struct Item { char name[16]; uint32_t before, ours, want; bool ignored; } Item;

static const char *const cb_names[CB_COUNT] = {"usr", "fiq", "irq", "svc", "abt", "und", "mon"};

/* ign->regs names registers of the mode the instruction ran in (the mode of
 * `before`); after an exception the current view is another mode's. */
static unsigned list_items(const CState *before, const CState *ours, const CState *want, const Ignore *ign,
                           Item *it)
{
    unsigned n = 0;
    int pre_cb = cb_of_mode(before->cpsr), cur_ours = cb_of_mode(ours->cpsr), cur_want = cb_of_mode(want->cpsr);
    bool pre_fiq = pre_cb == CB_FIQ;
    for (int i = 0; i < 16; i++) {
        bool ign_i = (ign->regs >> i) & 1;
        if (i >= 8 && i <= 12) ign_i = ign_i && (cur_want == CB_FIQ) == pre_fiq && (cur_ours == CB_FIQ) == pre_fiq;
        if (i == 13 || i == 14) ign_i = ign_i && cur_want == pre_cb && cur_ours == pre_cb;
        it[n] = (Item){.before = before->r[i], .ours = ours->r[i], .want = want->r[i], .ignored = ign_i};
        snprintf(it[n].name, sizeof it[n].name, "r%d", i);
        n++;
    }
    it[n] = (Item){.before = before->cpsr, .ours = ours->cpsr & ~ign->cpsr_bits, .want = want->cpsr & ~ign->cpsr_bits};
    snprintf(it[n++].name, sizeof it[0].name, "cpsr");
    /* Banked copies; those of the current mode repeat r8-r14 above. */
    for (int cb = 0; cb < CB_COUNT; cb++) {
        bool ran_here = cb == pre_cb;
        it[n] = (Item){.before = before->r13[cb], .ours = ours->r13[cb], .want = want->r13[cb],
                       .ignored = ran_here && ((ign->regs >> 13) & 1)};
        snprintf(it[n++].name, sizeof it[0].name, "r13_%s", cb_names[cb]);
        it[n] = (Item){.before = before->r14[cb], .ours = ours->r14[cb], .want = want->r14[cb],
                       .ignored = ran_here && ((ign->regs >> 14) & 1)};
        snprintf(it[n++].name, sizeof it[0].name, "r14_%s", cb_names[cb]);
        if (cb != CB_USR) {
            it[n] = (Item){.before = before->spsr[cb], .ours = ours->spsr[cb], .want = want->spsr[cb]};
            snprintf(it[n++].name, sizeof it[0].name, "spsr_%s", cb_names[cb]);
        }
    }
    static const char *const tpid_names[3] = {"tpidrurw", "tpidruro", "tpidrprw"};
    for (int i = 0; i < 3; i++) {
        it[n] = (Item){.before = before->tpid[i], .ours = ours->tpid[i], .want = want->tpid[i]};
        snprintf(it[n++].name, sizeof it[0].name, "%s", tpid_names[i]);
    }
    for (int i = 0; i < 5; i++) {
        bool ign_i = (ign->regs >> (8 + i)) & 1;
        it[n] = (Item){.before = before->usr_hi[i], .ours = ours->usr_hi[i], .want = want->usr_hi[i],
                       .ignored = ign_i && !pre_fiq};
        snprintf(it[n++].name, sizeof it[0].name, "r%d_usr", 8 + i);
        it[n] = (Item){.before = before->fiq_hi[i], .ours = ours->fiq_hi[i], .want = want->fiq_hi[i],
                       .ignored = ign_i && pre_fiq};
        snprintf(it[n++].name, sizeof it[0].name, "r%d_fiq", 8 + i);
    }
    return n;
}

static bool states_equal(const CState *before, const CState *ours, const CState *want, const Ignore *ign)
{
    Item it[80];
    unsigned n = list_items(before, ours, want, ign, it);
    for (unsigned i = 0; i < n; i++)
        if (!it[i].ignored && it[i].ours != it[i].want) return false;
    return true;
}

static void psr_text(uint32_t v, char *buf, size_t n)
{
    snprintf(buf, n, "%c%c%c%c%c GE=%u%u%u%u %s%s%s%s%s %s", v & PSR_N ? 'N' : 'n', v & PSR_Z ? 'Z' : 'z',
             v & PSR_C ? 'C' : 'c', v & PSR_V ? 'V' : 'v', v & PSR_Q ? 'Q' : 'q', (v >> 19) & 1, (v >> 18) & 1,
             (v >> 17) & 1, (v >> 16) & 1, v & PSR_E ? "E" : "-", v & PSR_A ? "A" : "-", v & PSR_I ? "I" : "-",
             v & PSR_F ? "F" : "-", v & PSR_T ? "T" : "-", arm_mode_name(v & 0x1F));
}

/* ---- options and output ------------------------------------------------------------------------------ */
static struct {
    uint64_t seed;
    unsigned long n;          /* cases per instruction class */
    const char *class_glob;
    long single_case;         /* -1: all */
    unsigned long first;      /* first case index (debugging) */
    bool verbose, list;
    unsigned max_print;       /* failure reports printed per class */
    unsigned jobs;
    const char *argv0;
} opt = {.seed = 1, .n = 0, .single_case = -1, .max_print = 3, .jobs = 1};

static FILE *out;

static void print_case_header(const Case *k, unsigned fail_step, const char *what)
{
    fprintf(out, "%s %s case %lu (seed %" PRIu64 ")\n", what, k->cls->name, k->index, opt.seed);
    unsigned size = k->thumb ? 2 : 4;
    for (unsigned i = 0; i < k->n; i++) {
        char dis[256];
        disasm(k->insn[i], k->thumb, k->addr + i * size, dis, sizeof dis);
        const char *line = decode_name(k->insn[i], k->thumb);
        fprintf(out, "  %s %08x: %0*x  %-32s [%s:%s]\n", k->n > 1 && i == fail_step ? "=>" : "  ",
                k->addr + i * size, k->thumb ? 4 : 8, k->insn[i], dis, k->thumb ? "thumb" : "arm",
                line ? line : "(undefined)");
        uint32_t now = 0;
        memcpy(&now, dut_ram + k->addr + i * size, size);
        if (now != k->insn[i] && i <= fail_step) {
            disasm(now, k->thumb, k->addr + i * size, dis, sizeof dis);
            line = decode_name(now, k->thumb);
            fprintf(out, "     (overwritten by the sequence: %0*x  %-32s [%s])\n", k->thumb ? 4 : 8, now, dis,
                    line ? line : "(undefined)");
        }
    }
}

static void print_states(const CState *before, const CState *ours, const CState *want, const Ignore *ign,
                         OutKind dut_out, const Outcome *uc_out)
{
    fprintf(out, "  oracle: %s", out_name(uc_out->kind));
    if (uc_out->kind == OUT_DABT || uc_out->kind == OUT_PABT)
        fprintf(out, " at %08x (%s)", uc_out->addr, uc_out->write ? "write" : "read");
    if (uc_out->kind == OUT_OTHER) fprintf(out, " (unicorn code %d)", uc_out->uc_err);
    if (uc_out->has_fsr) fprintf(out, " (MMU on: DFSR %03x)", uc_out->fsr);
    fprintf(out, "; ours: %s\n", out_name(dut_out));
    if (ign->why)
        fprintf(out, "  exclusion %s applied (regs %04x, cpsr bits %08x%s)\n", ign->why, ign->regs, ign->cpsr_bits,
                ign->memory ? ", memory" : "");
    Item it[80];
    unsigned n = list_items(before, ours, want, ign, it);
    fprintf(out, "    %-9s %-10s %-10s %-10s\n", "reg", "before", "ours", "expected");
    for (unsigned i = 0; i < n; i++) {
        bool differs = it[i].ours != it[i].want && !it[i].ignored;
        bool banked = strchr(it[i].name, '_') != NULL || !strncmp(it[i].name, "tpidr", 5);
        if (banked && !differs && !opt.verbose) continue;
        fprintf(out, "  %s %-9s %08x   %08x   %08x%s%s\n", differs ? "**" : "  ", it[i].name, it[i].before,
                it[i].ours, it[i].want, differs ? "   <-- differs" : "", it[i].ignored ? "   (not compared)" : "");
    }
    char a[64], b[64], c[64];
    psr_text(before->cpsr, a, sizeof a);
    psr_text(ours->cpsr, b, sizeof b);
    psr_text(want->cpsr, c, sizeof c);
    fprintf(out, "     cpsr before: %s\n     cpsr ours:   %s\n     cpsr expect: %s\n", a, b, c);
}

static bool memory_equal(bool report)
{
    if (!memcmp(dut_ram, uc_ram, RAM_SIZE)) return true;
    if (report) {
        unsigned shown = 0;
        fprintf(out, "  memory differs:\n");
        for (uint32_t a = 0; a < RAM_SIZE && shown < 16; a++)
            if (dut_ram[a] != uc_ram[a]) {
                fprintf(out, "  ** [%08x] ours %02x  expected %02x  (before %02x)\n", a, dut_ram[a], uc_ram[a],
                        pristine[a]);
                shown++;
            }
    }
    return false;
}

/* ---- running one case ------------------------------------------------------------------------------------ */
enum { R_PASS, R_FAIL, R_EXCLUDED };
static bool monitor_dirty;
static unsigned steps_done;   /* instructions compared by the last run_case */

static int run_case(Class *cls, unsigned long index, bool *masked, bool print_failure)
{
    Case k;
    *masked = false;
    if (!gen_case(&k, cls, opt.seed, index)) return -1;
    if (monitor_dirty) {
        oracle_clear_monitor();
        monitor_dirty = false;
    }
    put_code(&k);
    CState cur = k.pre;
    dut_load(&cur);
    oracle_load(&cur);
    unsigned size = k.thumb ? 2 : 4;
    int result = R_PASS;
    bool mem_verified = false, check_at_end = false;
    unsigned last_step = 0;
    steps_done = 0;
    Monitor mon = {0};
    for (unsigned step = 0; step < k.n; step++) {
        uint32_t pc = cur.r[15];
        bool thumb = (cur.cpsr & PSR_T) != 0;
        if (pc != k.addr + step * size || thumb != k.thumb) break; /* left the sequence */
        uint32_t insn = 0;   /* what memory holds now: a sequence may have overwritten it */
        memcpy(&insn, dut_ram + pc, size);
        ExclCtx ctx = make_ctx(cls, insn, thumb, pc, &cur);
        ctx.mon = &mon;
        bool excl = !thumb && ctx.decoder && !strcmp(ctx.decoder, "dec_excl") && cond_pass(cur.cpsr, insn >> 28);
        if (excl && (insn & (1u << 20))) monitor_dirty = true;
        Ignore ign = {0};
        excl_check(&ctx, true, true, &ign);
        if (ign.skip) {
            if (step == 0) result = R_EXCLUDED;
            break;
        }
        /* A Thumb BL/BLX prefix followed by its suffix is one instruction
         * for QEMU: our core executes both halves in this step. */
        uint16_t next_half = 0;
        if (thumb) memcpy(&next_half, dut_ram + pc + 2, 2);
        bool pair = thumb && ctx.decoder && !strcmp(ctx.decoder, "dec_t_bl_prefix") && step + 1 < k.n &&
                    ((next_half & 0xF800u) == 0xF800u || (next_half & 0xF801u) == 0xE800u);
        Outcome uo;
        oracle_run(pc, thumb, &uo);
        OutKind dk = dut_step();
        if (pair && dk == OUT_NONE) dk = dut_step();
        CState ours, want = cur;
        dut_read(&ours);
        /* Completed: the oracle's state is the expectation.  Exception: the
         * manual's entry sequence applied to the state before the
         * instruction (base-restored aborts: Unicorn may have finished the
         * instruction after an unmapped access, so its registers are not
         * used). */
        if (uo.kind == OUT_NONE || uo.kind == OUT_OTHER) oracle_read(&want);
        else apply_exception(&want, uo.kind, pc, thumb);
        ctx.out = &uo;
        ctx.uc_post = &want;
        excl_check(&ctx, false, true, &ign);
        if (ign.skip) {
            if (step == 0) result = R_EXCLUDED;
            check_at_end = false;   /* its stores, if any, are not comparable */
            break;
        }
        bool ok = uo.kind != OUT_OTHER && states_equal(&cur, &ours, &want, &ign);
        /* Fault registers of the exception model */
        if (ok && uo.kind == OUT_DABT && uo.has_fsr)   /* MMU on: the oracle's own DFSR */
            ok = dut_far() == uo.addr && (dut_dfsr() & 0x1DFF) == (uo.fsr & 0x1DFF);
        else if (ok && uo.kind == OUT_DABT)
            ok = dut_far() == uo.addr && (dut_dfsr() & 0xC0F) == (0x8u | (uo.write ? 0x800u : 0));
        if (ok && uo.kind == OUT_DABT_ALIGN) ok = (dut_dfsr() & 0x40F) == 0x1;
        if (ok && uo.kind == OUT_BKPT) ok = (dut_ifsr() & 0x40F) == 0x2;
        bool last = step + (pair ? 2 : 1) >= k.n || uo.kind != OUT_NONE;
        bool mem_checked = !ign.memory && (last || opt.verbose);
        bool mem_ok = !mem_checked || memory_equal(false);
        mem_verified = mem_checked && mem_ok;
        if (ign.regs || ign.cpsr_bits || ign.memory) *masked = true;
        if (!ok || !mem_ok) {
            result = R_FAIL;
            if (print_failure) {
                print_case_header(&k, step, "FAIL");
                if (k.n > 1) fprintf(out, "  (sequence step %u of %u; 'before' is the state before it)\n", step + 1, k.n);
                print_states(&cur, &ours, &want, &ign, dk, &uo);
                if (uo.kind == OUT_DABT)
                    fprintf(out, "     FAR ours %08x expected %08x; DFSR ours %03x expected %03x\n", dut_far(),
                            uo.addr, dut_dfsr(), uo.has_fsr ? uo.fsr : 0x8u | (uo.write ? 0x800u : 0));
                if (uo.kind == OUT_DABT_ALIGN) fprintf(out, "     DFSR ours %03x expected 001\n", dut_dfsr());
                if (uo.kind == OUT_BKPT) fprintf(out, "     IFSR ours %03x expected 002\n", dut_ifsr());
                if (!ign.memory) memory_equal(true);
                fprintf(out, "  reproduce: %s --seed %" PRIu64 " --class '%s' --case %lu\n\n", opt.argv0, opt.seed,
                        cls->name, index);
            }
            break;
        }
        if (opt.single_case >= 0) {
            print_case_header(&k, step, "PASS");
            print_states(&cur, &ours, &want, &ign, dk, &uo);
        }
        steps_done += pair ? 2 : 1;
        last_step = step;
        check_at_end = !mem_checked && !ign.memory;
        if (uo.kind != OUT_NONE) break;
        if (excl && (insn & (1u << 20))) {
            static const unsigned sizes[4] = {4, 8, 1, 2};
            mon.open = true;
            mon.addr = cur.r[(insn >> 16) & 15];
            mon.size = sizes[(insn >> 21) & 3];
            mon.big = (cur.cpsr & PSR_E) != 0;
            if (mon.addr < RAM_SIZE && mon.addr + mon.size <= RAM_SIZE) memcpy(mon.val, dut_ram + mon.addr, mon.size);
        } else if (excl || (ctx.decoder && !strcmp(ctx.decoder, "dec_clrex"))) {
            mon.open = false;
        }
        if (pair) step++;
        if (ign.regs || ign.cpsr_bits) oracle_load(&ours);                 /* resync on the manual's values */
        if (ign.memory) memcpy(uc_ram, dut_ram, RAM_SIZE);
        cur = ours;
    }
    /* A sequence that ended early (an excluded or out-of-sequence next
     * instruction) still has its memory compared. */
    if (result == R_PASS && check_at_end) {
        mem_verified = memory_equal(false);
        if (!mem_verified) {
            result = R_FAIL;
            if (print_failure) {
                print_case_header(&k, last_step, "FAIL");
                fprintf(out, "  memory differs after sequence step %u (the last one run)\n", last_step + 1);
                memory_equal(true);
                fprintf(out, "  reproduce: %s --seed %" PRIu64 " --class '%s' --case %lu\n\n", opt.argv0, opt.seed,
                        cls->name, index);
            }
        }
    }
    restore_memory(mem_verified && result == R_PASS);
    return result;
}

/* mmu:* classes run N / MMU_DIVISOR cases (they repeat the plain classes'
 * encodings; what is new is the translation). */
#define MMU_DIVISOR 2

/* Cases per Unicorn engine (a fresh one at every multiple, see oracle_reset). */
#define ORACLE_RENEW 2000

/* A crash names the case, so that it can be rerun alone. */
static const char *volatile crash_class;
static volatile unsigned long crash_case;

static void on_crash(int sig)
{
    char msg[256];
    int len = snprintf(msg, sizeof msg, "conformance: signal %d in class %s case %lu (seed %" PRIu64 ")\n", sig,
                       crash_class ? crash_class : "-", crash_case, opt.seed);
    if (len > 0) (void)!write(2, msg, (size_t)len);
    void *frames[32];
    int n = backtrace(frames, 32);
    backtrace_symbols_fd(frames, n, 2);
    _exit(3);
}

static void run_class(Class *c, unsigned long n)
{
    crash_class = c->name;
    unsigned printed = 0;
    unsigned long first = opt.first, last = n;
    if (opt.single_case >= 0) {
        first = (unsigned long)opt.single_case;
        last = first + 1;
    }
    const char *only = getenv("CONF_ONLY");   /* debugging: comma-separated case list */
    for (unsigned long i = first; i < last; i++) {
        if (only) {
            char key[32];
            snprintf(key, sizeof key, ",%lu,", i);
            char buf[4096];
            snprintf(buf, sizeof buf, ",%s,", only);
            if (!strstr(buf, key)) continue;
        }
        bool masked;
        crash_case = i;
        conf_mmu = c->kind == CK_MMU;
        if (i % ORACLE_RENEW == 0 || i == first) {
            oracle_reset();
            monitor_dirty = false;
        }
        int r = run_case(c, i, &masked, printed < opt.max_print || opt.single_case >= 0);
        if (r < 0) {
            c->gen_fail++;
            continue;
        }
        c->run++;
        c->steps += steps_done;
        if (r == R_PASS) c->passed++;
        else if (r == R_FAIL) {
            c->failed++;
            printed++;
        } else c->excluded++;
        if (masked && r != R_EXCLUDED) c->masked++;
    }
    if (printed < c->failed && opt.single_case < 0)
        fprintf(out, "(%lu more failures of %s not printed)\n\n", c->failed - printed, c->name);
}

static unsigned long cases_for(const Class *c)
{
    switch (c->kind) {
    case CK_SEQ: return opt.n;
    case CK_SEQ_EXCL: return opt.n / 4 + 1;
    case CK_EXC: return opt.n;
    case CK_MMU: return opt.n / MMU_DIVISOR + 1;
    case CK_UNDEF_SPACE: return opt.n * 2;
    default: return opt.n;
    }
}

/* ---- worker processes ----------------------------------------------------------------------------------
 * --jobs J forks J workers that take classes one at a time from a shared
 * counter; each writes its failure reports to a temporary file (copied to
 * stdout afterwards, worker by worker) and its counters to shared memory. */
typedef struct Shared {
    unsigned next_class;
    unsigned long hits[];     /* per worker: excl_count() exclusion hit counts */
} Shared;

static int run_jobs(void)
{
    unsigned nex = excl_count();
    size_t sh_size = sizeof(Shared) + (size_t)opt.jobs * nex * sizeof(unsigned long);
    Shared *sh = mmap(NULL, sh_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    Class *shared_classes = mmap(NULL, nclasses * sizeof(Class), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                                 -1, 0);
    if (sh == MAP_FAILED || shared_classes == MAP_FAILED) return -1;
    memset(sh, 0, sh_size);
    memcpy(shared_classes, classes, nclasses * sizeof(Class));
    FILE **outs = calloc(opt.jobs, sizeof *outs);
    pid_t *pids = calloc(opt.jobs, sizeof *pids);
    if (!outs || !pids) return -1;
    for (unsigned w = 0; w < opt.jobs; w++) {
        outs[w] = tmpfile();
        if (!outs[w]) return -1;
        fflush(stdout);
        pids[w] = fork();
        if (pids[w] < 0) return -1;
        if (pids[w] == 0) {
            out = outs[w];
            dut_init(dut_ram);
            oracle_init(uc_ram);
            for (;;) {
                unsigned i = __atomic_fetch_add(&sh->next_class, 1, __ATOMIC_SEQ_CST);
                if (i >= nclasses) break;
                Class *c = &classes[i];
                if (opt.class_glob && fnmatch(opt.class_glob, c->name, 0) != 0) continue;
                run_class(c, cases_for(c));
                shared_classes[i] = *c;
            }
            excl_hits_get(sh->hits + (size_t)w * nex);
            fflush(out);
            _exit(0);
        }
    }
    int bad = 0;
    for (unsigned w = 0; w < opt.jobs; w++) {
        int st;
        if (waitpid(pids[w], &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
            fprintf(stderr, "conformance: worker %u failed (%s %d)\n", w, WIFSIGNALED(st) ? "signal" : "exit status",
                    WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
            bad = 1;
        }
        rewind(outs[w]);
        char buf[8192];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, outs[w])) > 0) fwrite(buf, 1, n, stdout);
        fclose(outs[w]);
        excl_hits_add(sh->hits + (size_t)w * nex);
    }
    memcpy(classes, shared_classes, nclasses * sizeof(Class));
    munmap(sh, sh_size);
    munmap(shared_classes, nclasses * sizeof(Class));
    free(outs);
    free(pids);
    return bad ? -1 : 0;
}

/* ---- main ------------------------------------------------------------------------------------------------------ */
static void usage(void)
{
    printf("usage: conformance [--seed S] [-n N] [--class GLOB] [--case K] [--first K] [--jobs J]\n"
           "                   [--max-print K] [--verbose] [--list]\n"
           "  --seed S       seed of every random choice (default 1)\n"
           "  -n N           cases per class (default: $CONFORMANCE_N, else 1000)\n"
           "  --class GLOB   only the classes matching GLOB (e.g. 'arm:add_*', 'thumb:*', 'seq:*')\n"
           "  --case K       only case K of the selected classes, printed in full\n"
           "  --first K      start at case K (with -n: cases K..N-1)\n"
           "  --jobs J       run the classes in J processes\n"
           "  --max-print K  failure reports printed per class (default 3)\n"
           "  --verbose      with --case: every step and every banked register\n"
           "  --list         list the classes\n"
           "Debugging: CONF_DEBUG=1 traces every Unicorn run; CONF_ONLY=a,b,c runs only those case indices.\n");
}

int main(int argc, char **argv)
{
    opt.argv0 = argv[0];
    const char *env_n = getenv("CONFORMANCE_N");
    if (env_n && *env_n) opt.n = strtoul(env_n, NULL, 0);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--seed") && v) opt.seed = strtoull(v, NULL, 0), i++;
        else if (!strcmp(a, "-n") && v) opt.n = strtoul(v, NULL, 0), i++;
        else if (!strcmp(a, "--class") && v) opt.class_glob = v, i++;
        else if (!strcmp(a, "--case") && v) opt.single_case = strtol(v, NULL, 0), i++;
        else if (!strcmp(a, "--first") && v) opt.first = strtoul(v, NULL, 0), i++;
        else if (!strcmp(a, "--jobs") && v) opt.jobs = (unsigned)strtoul(v, NULL, 0), i++;
        else if (!strcmp(a, "--max-print") && v) opt.max_print = (unsigned)strtoul(v, NULL, 0), i++;
        else if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) opt.verbose = true;
        else if (!strcmp(a, "--list")) opt.list = true;
        else {
            usage();
            return !strcmp(a, "--help") || !strcmp(a, "-h") ? 0 : 2;
        }
    }
    if (!opt.n) opt.n = 1000;
    if (opt.jobs < 1) opt.jobs = 1;
    out = stdout;
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGSEGV, on_crash);
    signal(SIGBUS, on_crash);
    signal(SIGABRT, on_crash);
    build_classes();
    if (opt.list) {
        for (unsigned i = 0; i < nclasses; i++) printf("%s\n", classes[i].name);
        return 0;
    }
    disasm_init();
    pristine = malloc(RAM_SIZE);
    dut_ram = malloc(RAM_SIZE);
    uc_ram = aligned_alloc(4096, RAM_SIZE);
    if (!pristine || !dut_ram || !uc_ram) return 2;
    gen_memory(pristine, opt.seed);
    memcpy(dut_ram, pristine, RAM_SIZE);
    memcpy(uc_ram, pristine, RAM_SIZE);

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    printf("conformance: ipodsim core vs Unicorn (arm1176), seed %" PRIu64 ", %lu cases per class, %u job%s\n",
           opt.seed, opt.n, opt.jobs, opt.jobs > 1 ? "s" : "");
    if (opt.jobs == 1 || opt.single_case >= 0) {
        dut_init(dut_ram);
        oracle_init(uc_ram);
        for (unsigned i = 0; i < nclasses; i++) {
            Class *c = &classes[i];
            if (opt.class_glob && fnmatch(opt.class_glob, c->name, 0) != 0) continue;
            run_class(c, cases_for(c));
        }
    } else if (run_jobs() != 0) {
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);

    unsigned long tot_run = 0, tot_pass = 0, tot_fail = 0, tot_excl = 0, tot_masked = 0;
    printf("\n%-26s %9s %9s %7s %9s %8s\n", "class", "cases", "passed", "failed", "excluded", "masked");
    for (unsigned i = 0; i < nclasses; i++) {
        Class *c = &classes[i];
        if (opt.class_glob && fnmatch(opt.class_glob, c->name, 0) != 0) continue;
        printf("%-26s %9lu %9lu %7lu %9lu %8lu", c->name, c->run, c->passed, c->failed, c->excluded, c->masked);
        if ((c->kind == CK_SEQ || c->kind == CK_SEQ_EXCL) && c->run)
            printf("  (%.1f instructions compared per sequence)", (double)c->steps / (double)c->run);
        printf("%s\n", c->gen_fail ? "  (generation failed for some cases)" : "");
        tot_run += c->run;
        tot_pass += c->passed;
        tot_fail += c->failed;
        tot_excl += c->excluded;
        tot_masked += c->masked;
    }
    printf("%-26s %9lu %9lu %7lu %9lu %8lu\n\n", "total", tot_run, tot_pass, tot_fail, tot_excl, tot_masked);
    excl_report(stdout);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("conformance: %.1f s\n", secs);
    printf("%lu passed, %lu failed\n", tot_pass, tot_fail);
    return tot_fail ? 1 : 0;
}
