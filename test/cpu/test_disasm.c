/* The disassembler (cpu/disasm.c) against Capstone 4 (a test-only
 * dependency): for every line of the pattern tables, random encodings that
 * the line decodes must disassemble to the same text as Capstone prints,
 * after the normalisation below; plus fixed examples of the exact output.
 *
 * Normalisation (applied to both texts; the spellings differ, not the
 * instruction):
 *  - lower case, comments (from ';') dropped, no spaces except the one
 *    after the mnemonic;
 *  - numbers compared by value: '#' dropped, hex and decimal alike
 *    ("#0x10" = "#16" = "0x00000010"), so branch targets ("#0x8000" vs
 *    "0x00008000") compare too;
 *  - register names: sb/sl/fp/ip = r9-r12, r13-r15 = sp/lr/pc;
 *  - register-list ranges expanded ("{r4-r6}" = "{r4,r5,r6}");
 *  - condition spellings hs/lo = cs/cc;
 *  - Capstone's "apsr" in MRS/MSR is our "cpsr", apsr_nzcvq = cpsr_f,
 *    apsr_g = cpsr_s, apsr_nzcvqg = cpsr_fs (UAL alias names of the same
 *    CPSR fields);
 *  - Capstone prints single-register STMDB sp! / LDMIA sp! as stmdb/ldm;
 *    we print push/pop for every register count;
 *  - Capstone prints LDR rX, [sp], #4 as "pop {rX}"; we print the LDR;
 *  - Thumb ADR: Capstone prints the offset, we print the address;
 *  - a modified immediate whose encoding is not the canonical one for its
 *    value: Capstone prints "#imm8, #rot", we print the value.
 * Encodings the two disagree on for a known reason are excluded by the
 * known_difference() table, each entry with its reason.  Capstone refuses
 * encodings whose should-be-zero/one bits (which the core ignores) are not
 * canonical; those are retried with canonical values, and the rest are
 * counted as "capstone-invalid", not compared.  Set DISASM_REPORT=1
 * to print the agreement per table line. */
#include <capstone/capstone.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/core.h"
#include "cpu/disasm.h"
#include "test/harness.h"

#define PER_LINE 200
#define BASE_PC 0x00008000u

/* ---- normalisation ------------------------------------------------------- */

typedef struct { const char *from, *to; } Alias;

static const Alias reg_alias[] = {
    {"sb", "r9"}, {"sl", "r10"}, {"fp", "r11"}, {"ip", "r12"}, {"r13", "sp"}, {"r14", "lr"}, {"r15", "pc"},
    {"apsr", "cpsr"}, {"apsr_nzcvq", "cpsr_f"}, {"apsr_g", "cpsr_s"}, {"apsr_nzcvqg", "cpsr_fs"},
};

static const char *const reg_names[16] = {"r0", "r1", "r2",  "r3",  "r4",  "r5", "r6", "r7",
                                          "r8", "r9", "r10", "r11", "r12", "sp", "lr", "pc"};

static int reg_num(const char *s, size_t n)
{
    for (int i = 0; i < 16; i++)
        if (strlen(reg_names[i]) == n && memcmp(reg_names[i], s, n) == 0) return i;
    return -1;
}

/* Lower case, comment dropped, tokens canonical, no spaces but the first. */
static void normalise(const char *in, char *out, size_t cap)
{
    char tmp[256];
    size_t k = 0;
    for (const char *p = in; *p && *p != ';' && k + 1 < sizeof tmp; p++) tmp[k++] = (char)tolower((unsigned char)*p);
    while (k && tmp[k - 1] == ' ') k--;
    tmp[k] = '\0';

    size_t o = 0;
    bool mnemonic = true;
    const char *p = tmp;
    while (*p == ' ') p++;
#define EMIT(ch) do { if (o + 1 < cap) out[o++] = (ch); } while (0)
    while (*p) {
        if (*p == ' ') {
            if (mnemonic) EMIT(' ');
            mnemonic = false;
            while (*p == ' ') p++;
            continue;
        }
        if (isalpha((unsigned char)*p) || *p == '_') {
            const char *s = p;
            while (isalnum((unsigned char)*p) || *p == '_' || *p == '.') p++;
            size_t n = (size_t)(p - s);
            char word[32];
            if (n >= sizeof word) n = sizeof word - 1;
            memcpy(word, s, n);
            word[n] = '\0';
            if (mnemonic) {
                if (n > 2 && (!strcmp(word + n - 2, "hs") || !strcmp(word + n - 2, "lo")) && strcmp(word, "push"))
                    strcpy(word + n - 2, word[n - 2] == 'h' ? "cs" : "cc");
            } else {
                for (size_t i = 0; i < sizeof reg_alias / sizeof reg_alias[0]; i++)
                    if (!strcmp(word, reg_alias[i].from)) snprintf(word, sizeof word, "%s", reg_alias[i].to);
                /* register range rA-rB (only inside lists) */
                int a = reg_num(word, strlen(word));
                if (a >= 0 && *p == '-' && isalpha((unsigned char)p[1])) {
                    const char *s2 = p + 1, *e2 = s2;
                    while (isalnum((unsigned char)*e2)) e2++;
                    int b = reg_num(s2, (size_t)(e2 - s2));
                    if (b > a) {
                        for (int r = a; r <= b; r++) {
                            for (const char *q = reg_names[r]; *q; q++) EMIT(*q);
                            if (r < b) EMIT(',');
                        }
                        p = e2;
                        continue;
                    }
                }
            }
            for (const char *q = word; *q; q++) EMIT(*q);
            continue;
        }
        if (*p == '#' || isdigit((unsigned char)*p) || (*p == '-' && (p[1] == '#' || isdigit((unsigned char)p[1])))) {
            bool neg = false;
            if (*p == '#') p++;
            if (*p == '-') neg = true, p++;
            if (*p == '#') p++;
            char *end;
            unsigned long long v = strtoull(p, &end, 0);
            p = end;
            char num[32];
            snprintf(num, sizeof num, "%s%llu", neg ? "-" : "", v);
            for (const char *q = num; *q; q++) EMIT(*q);
            continue;
        }
        EMIT(*p);
        p++;
    }
    while (o && out[o - 1] == ' ') o--;
    out[o] = '\0';
#undef EMIT
}

/* ---- known differences -------------------------------------------------- */

typedef struct Known {
    const char *line;       /* table line name */
    bool (*applies)(uint32_t insn);
    const char *reason;
} Known;

static bool cp_is_vfp(uint32_t insn) { return ((insn >> 8) & 0xE) == 0xA; }
static bool always(uint32_t insn) { (void)insn; return true; }
static bool banked_bit(uint32_t insn) { return (insn >> 9) & 1; }
static bool post_writeback(uint32_t insn) { return !((insn >> 24) & 1) && ((insn >> 21) & 1); }
static bool rfe_sbz_set(uint32_t insn) { return (insn & 0xFFFF) != 0x0A00; }
static bool dbg_hint(uint32_t insn) { return (insn & 0xF0) == 0xF0; }

static const Known known[] = {
    {"mrs", banked_bit, "bit 9 set: ARMv6 ignores it (SBZ); Capstone decodes ARMv7VE MRS (banked register)"},
    {"msr_reg", banked_bit, "bit 9 set: ARMv6 ignores it (SBZ); Capstone decodes ARMv7VE MSR (banked register)"},
    {"strh_imm", post_writeback, "P = 0, W = 1: UNPREDICTABLE on ARMv6 (we run it post-indexed); ARMv6T2 STRHT"},
    {"ldrh_imm", post_writeback, "P = 0, W = 1: as strh_imm; ARMv6T2 LDRHT"},
    {"ldrsb_imm", post_writeback, "P = 0, W = 1: as strh_imm; ARMv6T2 LDRSBT"},
    {"ldrsh_imm", post_writeback, "P = 0, W = 1: as strh_imm; ARMv6T2 LDRSHT"},
    {"strh_reg", post_writeback, "P = 0, W = 1: as strh_imm; ARMv6T2 STRHT"},
    {"ldrh_reg", post_writeback, "P = 0, W = 1: as strh_imm; ARMv6T2 LDRHT"},
    {"ldrsb_reg", post_writeback, "P = 0, W = 1: as strh_imm; ARMv6T2 LDRSBT"},
    {"ldrsh_reg", post_writeback, "P = 0, W = 1: as strh_imm; ARMv6T2 LDRSHT"},
    {"hint", dbg_hint, "hints 0xf0-0xff are NOPs on ARMv6K; Capstone prints the ARMv7 DBG #n"},
    {"rfe", rfe_sbz_set, "SBZ/SBO bits 15:0 not 0x0a00: Capstone prints an immediate for the base register (bug)"},
    {"ldc_stc", cp_is_vfp, "coprocessors 10/11 are the VFP: Capstone prints VFP mnemonics (vldr ...)"},
    {"cdp", cp_is_vfp, "VFP data processing: Capstone prints VFP mnemonics"},
    {"mcr_mrc", cp_is_vfp, "VFP register transfers: Capstone prints vmov/vmrs"},
    {"mcrr", cp_is_vfp, "VFP register-pair transfers: Capstone prints vmov"},
    {"mrrc", cp_is_vfp, "VFP register-pair transfers: Capstone prints vmov"},
    {"bl_suffix", always, "a lone BL suffix is a 16-bit instruction only on ARMv6; Capstone (Thumb-2) needs the pair"},
    {"blx_suffix", always, "a lone BLX suffix: as bl_suffix"},
};

static const Known *known_difference(const char *line, uint32_t insn)
{
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (!strcmp(known[i].line, line) && known[i].applies(insn)) return &known[i];
    return NULL;
}

/* ---- the comparison ----------------------------------------------------- */

/* Canonical value of the ignored bits of lines where it mixes should-be-one
 * and should-be-zero bits (ARM ARM encodings), for the retry below. */
static const struct { const char *line; uint32_t ones; } canonical_fill[] = {
    {"mrs", 0x000F0000}, {"msr_reg", 0x0000F000}, {"msr_imm", 0x0000F000}, {"nop", 0x0000F000},
    {"yield", 0x0000F000}, {"wfe", 0x0000F000}, {"wfi", 0x0000F000}, {"sev", 0x0000F000},
    {"hint", 0x0000F000}, {"clrex", 0x000FF00F}, {"srs", 0x000D0500}, {"pld_imm", 0x0000F000},
    {"pld_reg", 0x0000F000},
};

typedef struct Stats {
    unsigned compared, agreed, excluded, cs_invalid, ours_undef;
} Stats;

static uint32_t rng_state = 0x12345678u;
static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

static bool capstone_text(csh h, uint32_t insn, unsigned size, uint32_t pc, char *out, size_t cap)
{
    uint8_t b[4] = {(uint8_t)insn, (uint8_t)(insn >> 8), (uint8_t)(insn >> 16), (uint8_t)(insn >> 24)};
    cs_insn *ci;
    size_t n = cs_disasm(h, b, size, pc, 1, &ci);
    if (n == 0) return false;
    bool whole = ci[0].size == size;
    snprintf(out, cap, "%s %s", ci[0].mnemonic, ci[0].op_str);
    cs_free(ci, n);
    return whole;
}

/* Capstone text rewritten to our spelling for the per-class aliases. */
static void capstone_aliases(const char *line, const char *fmt, uint32_t pc, bool thumb, char *cs)
{
    char tmp[256];
    if (strstr(fmt, "{imm}")) {
        /* A modified immediate whose encoding is not the canonical one for
         * its value: Capstone prints "#imm8, #rot"; we print the value. */
        char *last = strrchr(cs, '#'), *prev = last && last > cs + 2 ? last - 2 : NULL;
        while (prev && prev > cs && *prev != '#' && *prev != ' ') prev--;
        if (prev && *prev == '#' && last[-2] == ',') {
            unsigned long v = strtoul(prev + 1, NULL, 0), rot = strtoul(last + 1, NULL, 0) & 31;
            uint32_t val = rot ? (uint32_t)(v >> rot | v << (32 - rot)) : (uint32_t)v;
            snprintf(tmp, sizeof tmp, "%.*s#0x%x", (int)(prev - cs), cs, val);
            strcpy(cs, tmp);
        }
    }
    if (!strcmp(line, "ls_imm") && !strncmp(cs, "pop {", 5)) {
        /* LDR rX, [sp], #4 */
        snprintf(tmp, sizeof tmp, "ldr%s %.*s, [sp], #4", "", (int)(strchr(cs, '}') - cs - 5), cs + 5);
        strcpy(cs, tmp);
    }
    if ((!strcmp(line, "push") || !strcmp(line, "pop")) && (!strncmp(cs, "stmdb", 5) || !strncmp(cs, "ldm", 3))) {
        /* stmdb<c> sp!, {r} / ldm<c> sp!, {r} */
        const char *sp = strchr(cs, ' ');
        const char *list = strchr(cs, '{');
        bool st = cs[0] == 's';
        snprintf(tmp, sizeof tmp, "%s%.*s %s", st ? "push" : "pop", (int)(sp - cs - (st ? 5 : 3)),
                 cs + (st ? 5 : 3), list);
        strcpy(cs, tmp);
    }
    if (thumb && !strcmp(line, "adr")) {
        unsigned long imm = strtoul(strchr(cs, '#') + 1, NULL, 0);
        snprintf(tmp, sizeof tmp, "adr %.*s 0x%08lx", (int)(strchr(cs, ',') - strchr(cs, ' ')),
                 strchr(cs, ' ') + 1, ((pc + 4) & ~3ul) + imm);
        strcpy(cs, tmp);
    }
}

static bool is_undef_text(const char *s)
{
    return !strncmp(s, ".word", 5) || !strncmp(s, ".short", 6) || !strncmp(s, "udf", 3);
}

static unsigned total_mismatch;

static void compare_line(csh h, bool thumb, unsigned idx, Stats *st, bool report)
{
    const char *name, *bits, *fmt;
    uint32_t mask, value;
    ck_assert(decode_pattern_info(thumb, idx, &name, &mask, &value));
    ck_assert(decode_pattern_text(thumb, idx, &bits, &fmt));
    bool uncond = !thumb && (mask >> 28) == 0xF && (value >> 28) == 0xF;
    unsigned shown = 0, shown_invalid = 0;
    uint32_t ignored = 0;
    for (unsigned i = 0; bits[i]; i++)
        if (bits[i] == 'x' || bits[i] == '-') ignored |= 1u << (strlen(bits) - 1 - i);
    for (unsigned tries = 0; tries < PER_LINE * 20 && st->compared + st->excluded + st->cs_invalid +
                                                          st->ours_undef < PER_LINE; tries++) {
        uint32_t insn = (rnd() & ~mask) | value;
        if (thumb) insn &= 0xFFFF;
        else if (!uncond) {
            uint32_t cond = tries % 4 ? 14 : rnd() % 15;
            insn = (insn & 0x0FFFFFFFu) | (cond << 28);
        }
        const char *got = decode_name(insn, thumb);
        if (!got || strcmp(got, name) != 0) continue; /* carved out by a more specific line */
        uint32_t pc = BASE_PC + (rnd() & 0xFFC);
        uint32_t full = insn;
        unsigned size = thumb ? 2 : 4;
        if (thumb && !strcmp(name, "bl_prefix")) {
            /* joined with a random BL or BLX suffix */
            uint32_t suffix = (rnd() & 1) ? 0xF800 | (rnd() & 0x7FF) : 0xE800 | (rnd() & 0x7FE);
            full = insn | suffix << 16;
            size = 4;
        }
        char ours[160], cs[256], a[256], b[256];
        if (known_difference(name, insn)) {
            st->excluded++;
            continue;
        }
        /* Capstone refuses most encodings whose should-be-zero/one bits
         * (x and - in the patterns; the core ignores them) are not the
         * canonical value: retry with them all clear, then all set. */
        uint32_t canon = full & ~ignored;
        for (size_t c = 0; c < sizeof canonical_fill / sizeof canonical_fill[0]; c++)
            if (!strcmp(canonical_fill[c].line, name)) canon |= canonical_fill[c].ones & ignored;
        uint32_t variants[4] = {full, full & ~ignored, full | ignored, canon};
        bool cs_ok = false;
        for (int v = 0; v < 4 && !cs_ok; v++) {
            uint32_t lo = thumb ? variants[v] & 0xFFFF : variants[v];
            if (v && (decode_name(lo, thumb) == NULL || strcmp(decode_name(lo, thumb), name) != 0)) continue;
            full = variants[v];
            cs_ok = capstone_text(h, full, size, pc, cs, sizeof cs);
        }
        arm_disasm(full, pc, thumb, ours, sizeof ours);
        if (is_undef_text(ours)) {
            st->ours_undef++;
            continue;
        }
        if (!cs_ok) {
            st->cs_invalid++;
            if (report && shown_invalid++ < 2) printf("    capstone rejects %0*x (ours \"%s\")\n", thumb ? 4 : 8, full, ours);
            continue;
        }
        capstone_aliases(name, fmt, pc, thumb, cs);
        normalise(ours, a, sizeof a);
        normalise(cs, b, sizeof b);
        st->compared++;
        if (!strcmp(a, b)) {
            st->agreed++;
        } else {
            total_mismatch++;
            if (shown++ < 3)
                fprintf(stderr, "disasm %s %s %0*x: ours \"%s\" capstone \"%s\"\n", thumb ? "thumb" : "arm",
                        name, thumb ? 4 : 8, full, ours, cs);
        }
    }
    if (report)
        printf("  %-6s %-14s compared %3u agreed %3u excluded %3u capstone-invalid %3u undefined %3u\n",
               thumb ? "thumb" : "arm", name, st->compared, st->agreed, st->excluded, st->cs_invalid,
               st->ours_undef);
}

static void compare_table(bool thumb)
{
    csh h;
    ck_assert_int_eq(cs_open(CS_ARCH_ARM, thumb ? CS_MODE_THUMB : CS_MODE_ARM, &h), CS_ERR_OK);
    bool report = getenv("DISASM_REPORT") != NULL;
    unsigned n = decode_pattern_count(thumb);
    Stats sum = {0};
    total_mismatch = 0;
    for (unsigned i = 0; i < n; i++) {
        Stats st = {0};
        compare_line(h, thumb, i, &st, report);
        sum.compared += st.compared;
        sum.agreed += st.agreed;
        sum.excluded += st.excluded;
        sum.cs_invalid += st.cs_invalid;
        sum.ours_undef += st.ours_undef;
    }
    cs_close(&h);
    printf("disasm vs capstone (%s, %u lines): compared %u, agreed %u, known differences %u, "
           "capstone-invalid %u, undefined on ARM1176 %u\n",
           thumb ? "thumb" : "arm", n, sum.compared, sum.agreed, sum.excluded, sum.cs_invalid, sum.ours_undef);
    ck_assert_msg(total_mismatch == 0, "%u disagreements with capstone (see stderr)", total_mismatch);
}

START_TEST(test_disasm_arm_matches_capstone) { compare_table(false); }
END_TEST
START_TEST(test_disasm_thumb_matches_capstone) { compare_table(true); }
END_TEST

/* ---- exact output ------------------------------------------------------- */

static void expect(uint32_t insn, uint32_t pc, bool thumb, const char *want, int want_len)
{
    char buf[128];
    int n = arm_disasm(insn, pc, thumb, buf, sizeof buf);
    ck_assert_msg(!strcmp(buf, want), "%08x: got \"%s\", want \"%s\"", insn, buf, want);
    ck_assert_int_eq(n, want_len);
}

START_TEST(test_disasm_arm_examples)
{
    expect(0xE3A00005, 0x8000, false, "mov r0, #5", 4);
    expect(0xE1A00101, 0x8000, false, "lsl r0, r1, #2", 4);
    expect(0xE0810002, 0x8000, false, "add r0, r1, r2", 4);
    expect(0xE0900102, 0x8000, false, "adds r0, r0, r2, lsl #2", 4);
    expect(0x10810312, 0x8000, false, "addne r0, r1, r2, lsl r3", 4);
    expect(0xE2810C01, 0x8000, false, "add r0, r1, #0x100", 4);
    expect(0xE59F1010, 0x8000, false, "ldr r1, [pc, #0x10] ; 0x00008018", 4);
    expect(0xE5312004, 0x8000, false, "ldr r2, [r1, #-4]!", 4);
    expect(0xE4912004, 0x8000, false, "ldr r2, [r1], #4", 4);
    expect(0xE7912102, 0x8000, false, "ldr r2, [r1, r2, lsl #2]", 4);
    expect(0xE1C120D0, 0x8000, false, "ldrd r2, r3, [r1]", 4);
    expect(0xE92D4070, 0x8000, false, "push {r4-r6, lr}", 4);
    expect(0xE8BD8011, 0x8000, false, "pop {r0, r4, pc}", 4);
    expect(0xE8D00006, 0x8000, false, "ldm r0, {r1, r2}^", 4);
    expect(0xE9300006, 0x8000, false, "ldmdb r0!, {r1, r2}", 4);
    expect(0xEAFFFFFE, 0x8000, false, "b 0x00008000", 4);
    expect(0x0B000010, 0x8000, false, "bleq 0x00008048", 4);
    expect(0xFB000000, 0x8000, false, "blx 0x0000800a", 4);
    expect(0xE12FFF1E, 0x8000, false, "bx lr", 4);
    expect(0xEE110F10, 0x8000, false, "mrc p15, 0, r0, c1, c0, 0", 4);
    expect(0xEE01CF10, 0x8000, false, "mcr p15, 0, r12, c1, c0, 0", 4);
    expect(0xE10F0000, 0x8000, false, "mrs r0, cpsr", 4);
    expect(0xE129F000, 0x8000, false, "msr cpsr_fc, r0", 4);
    expect(0xF10C0080, 0x8000, false, "cpsid i", 4);
    expect(0xEF123456, 0x8000, false, "svc #0x123456", 4);
    expect(0xE1200070, 0x8000, false, "bkpt #0", 4);
    expect(0xE320F003, 0x8000, false, "wfi", 4);
    expect(0xE6BF0F31, 0x8000, false, "rev r0, r1", 4);
    expect(0xE6AF0871, 0x8000, false, "sxtb r0, r1, ror #16", 4);
    expect(0xE7F000F0, 0x8000, false, "udf #0", 4);
    expect(0xE3001234, 0x8000, false, ".word 0xe3001234", 4); /* MOVW: ARMv6T2 */
    expect(0xE1C130D0, 0x8000, false, ".word 0xe1c130d0", 4); /* LDRD with odd Rd */
}
END_TEST

START_TEST(test_disasm_thumb_examples)
{
    expect(0x2005, 0x8000, true, "movs r0, #5", 2);
    expect(0x0008, 0x8000, true, "movs r0, r1", 2);
    expect(0x1888, 0x8000, true, "adds r0, r1, r2", 2);
    expect(0x4804, 0x8002, true, "ldr r0, [pc, #0x10] ; 0x00008014", 2);
    expect(0xA001, 0x8002, true, "adr r0, 0x00008008", 2);
    expect(0xB570, 0x8000, true, "push {r4-r6, lr}", 2);
    expect(0xBD10, 0x8000, true, "pop {r4, pc}", 2);
    expect(0xC803, 0x8000, true, "ldm r0, {r0, r1}", 2);
    expect(0xC806, 0x8000, true, "ldm r0!, {r1, r2}", 2);
    expect(0xD0FE, 0x8000, true, "beq 0x00008000", 2);
    expect(0xE7FE, 0x8000, true, "b 0x00008000", 2);
    expect(0x4770, 0x8000, true, "bx lr", 2);
    expect(0x4485, 0x8000, true, "add sp, r0", 2);
    expect(0xDF05, 0x8000, true, "svc #5", 2);
    expect(0xDE05, 0x8000, true, "udf #5", 2);
    expect(0xB900, 0x8000, true, ".short 0xb900", 2); /* CBNZ: ARMv6T2 */
    expect(0xF800F000, 0x8000, true, "bl 0x00008004", 4);
    expect(0xE800F000, 0x8000, true, "blx 0x00008004", 4);
    expect(0xFFFEF7FF, 0x8000, true, "bl 0x00008000", 4);
    expect(0xF000, 0x8000, true, "bl.prefix 0x00008004", 2);
    expect(0x2000F000, 0x8000, true, "bl.prefix 0x00008004", 2); /* not followed by a suffix */
    expect(0xF802, 0x8000, true, "bl.suffix lr, #4", 2);
}
END_TEST

START_TEST(test_disasm_truncates_safely)
{
    char buf[8];
    memset(buf, 'x', sizeof buf);
    arm_disasm(0xE92D4070, 0x8000, false, buf, sizeof buf);
    ck_assert_str_eq(buf, "push {r");
    arm_disasm(0xE92D4070, 0x8000, false, buf, 1);
    ck_assert_int_eq(buf[0], '\0');
}
END_TEST

START_TEST(test_disasm_every_line_renders)
{
    /* Every template renders without an unknown directive or brace left. */
    for (int t = 0; t < 2; t++) {
        unsigned n = decode_pattern_count(t);
        for (unsigned i = 0; i < n; i++) {
            const char *bits, *fmt, *name;
            uint32_t mask, value;
            decode_pattern_info(t, i, &name, &mask, &value);
            decode_pattern_text(t, i, &bits, &fmt);
            char buf[160];
            arm_disasm_template(fmt, bits, value | (t ? 0 : 0xE0000000u), 0x8000, t, buf, sizeof buf);
            ck_assert_msg(!strchr(buf, '{') || strstr(fmt, "rlist") || strstr(fmt, "cpmem"), "%s: \"%s\"",
                          name, buf);
            ck_assert_msg(!strstr(buf, "{?}"), "%s: \"%s\"", name, buf);
        }
    }
}
END_TEST

START_TEST(test_disasm_total)
{
    /* Any word at all gives some text, never an unknown directive. */
    char buf[160];
    for (uint32_t h = 0; h < 0x10000; h++) {
        int n = arm_disasm(h, 0x8000, true, buf, sizeof buf);
        ck_assert_int_eq(n, 2);
        ck_assert_msg(buf[0] && !strstr(buf, "{?}"), "%04x: \"%s\"", h, buf);
    }
    for (int i = 0; i < 200000; i++) {
        uint32_t w = rnd();
        arm_disasm(w, 0x8000, false, buf, sizeof buf);
        ck_assert_msg(buf[0] && !strstr(buf, "{?}"), "%08x: \"%s\"", w, buf);
        arm_disasm(w, 0x8000, true, buf, sizeof buf);
        ck_assert_msg(buf[0] && !strstr(buf, "{?}"), "%08x: \"%s\"", w, buf);
    }
}
END_TEST

Suite *disasm_suite(void)
{
    Suite *s = suite_create("disasm");
    TCase *t = tcase_create("disasm");
    tcase_set_timeout(t, 60);
    tcase_add_test(t, test_disasm_arm_examples);
    tcase_add_test(t, test_disasm_thumb_examples);
    tcase_add_test(t, test_disasm_truncates_safely);
    tcase_add_test(t, test_disasm_every_line_renders);
    tcase_add_test(t, test_disasm_total);
    tcase_add_test(t, test_disasm_arm_matches_capstone);
    tcase_add_test(t, test_disasm_thumb_matches_capstone);
    suite_add_tcase(s, t);
    return s;
}
