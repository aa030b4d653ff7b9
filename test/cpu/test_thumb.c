/* Unit tests for the ARMv6 Thumb instruction set (cpu/exec_thumb.c) and its
 * pattern table (cpu/insn_thumb.def).  Expected values are worked out by
 * hand from the ARMv6 ARM pseudo-code. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/core.h"
#include "test/harness.h"

#define RAM_SIZE 0x20000u
#define UNMAPPED 0x40000000u

/* NZCV as a 4-bit number */
enum { FN = 8, FZ = 4, FC = 2, FV = 1 };

static TestCpu *tc;
#define CPU (tc->cpu)

static void setup(void) { tc = tc_create(RAM_SIZE); }
static void teardown(void) { tc_destroy(tc); }

static void set_nzcv(unsigned f) { CPU->cpsr = (CPU->cpsr & 0x0FFFFFFFu) | ((uint32_t)f << 28); }
static unsigned nzcv(void) { return CPU->cpsr >> 28; }
static unsigned mode(void) { return CPU->cpsr & PSR_MODE_MASK; }
static bool thumb(void) { return (CPU->cpsr & PSR_T) != 0; }

#define ck_reg(n, v)                                                                        \
    do {                                                                                    \
        uint32_t got_ = CPU->r[n], want_ = (uint32_t)(v);                                   \
        ck_assert_msg(got_ == want_, "r%d = 0x%08x, want 0x%08x", (int)(n), got_, want_);   \
    } while (0)
#define ck_flags(f)                                                                         \
    do {                                                                                    \
        unsigned got_ = nzcv(), want_ = (unsigned)(f);                                      \
        ck_assert_msg(got_ == want_, "NZCV = %x, want %x", got_, want_);                    \
    } while (0)
#define ck_u32(got, want)                                                                   \
    do {                                                                                    \
        uint32_t g_ = (uint32_t)(got), w_ = (uint32_t)(want);                               \
        ck_assert_msg(g_ == w_, "%s = 0x%08x, want 0x%08x", #got, g_, w_);                  \
    } while (0)

static uint32_t exec(uint16_t insn) { return tc_exec_thumb(tc, insn); }
static uint32_t run_at(uint32_t addr, const uint16_t *code, unsigned n, unsigned steps)
{
    tc_put16(tc, addr, code, n);
    return tc_run(tc, addr | 1, steps);
}
static void put32(uint32_t addr, uint32_t v) { tc_put32(tc, addr, &v, 1); }
static uint32_t get16(uint32_t addr) { return (uint32_t)tc->ram[addr] | ((uint32_t)tc->ram[addr + 1] << 8); }
static uint32_t get8(uint32_t addr) { return tc->ram[addr]; }

/* Undefined-instruction entry from Thumb code at addr. */
static void ck_undef_taken(uint32_t pc, uint32_t addr)
{
    ck_assert_msg(mode() == MODE_UND, "mode %02x, want UND", mode());
    ck_u32(pc, 0x4);
    ck_reg(14, addr + 2);
    ck_assert(!thumb());
    ck_assert(CPU->spsr & PSR_T);
}

/* ===================================================================== */
/* Decode table                                                          */
/* ===================================================================== */

typedef struct TPat {
    const char *name, *bits;
    uint32_t mask, value;
    int fixed;
} TPat;

#define INSN(n, p, d, f) {#n, p, 0, 0, 0},
static TPat tpats[] = {
#include "cpu/insn_thumb.def"
};
#undef INSN
#define NPATS (sizeof tpats / sizeof tpats[0])

static void parse_pats(void)
{
    for (size_t i = 0; i < NPATS; i++) {
        TPat *p = &tpats[i];
        ck_assert_msg(strlen(p->bits) == 16, "%s: pattern length", p->name);
        p->mask = p->value = 0;
        for (unsigned b = 0; b < 16; b++) {
            uint32_t bit = 1u << (15 - b);
            if (p->bits[b] == '0' || p->bits[b] == '1') {
                p->mask |= bit;
                if (p->bits[b] == '1') p->value |= bit;
            }
        }
        p->fixed = __builtin_popcount(p->mask);
    }
}

/* The most specific pattern matching insn per the table, or NULL. */
static const TPat *expected_pat(uint32_t insn)
{
    const TPat *best = NULL;
    for (size_t i = 0; i < NPATS; i++)
        if ((insn & tpats[i].mask) == tpats[i].value && (!best || tpats[i].fixed > best->fixed)) best = &tpats[i];
    return best;
}

START_TEST(test_decode_self)
{
    parse_pats();
    uint32_t seed = 12345;
    for (size_t i = 0; i < NPATS; i++) {
        const TPat *p = &tpats[i];
        unsigned hits = 0;
        for (unsigned k = 0; k < 40; k++) {
            uint32_t fill;
            if (k == 0) fill = 0;
            else if (k == 1) fill = 0xFFFF;
            else if (k == 2) fill = 0x5555;
            else if (k == 3) fill = 0xAAAA;
            else {
                seed = seed * 1103515245u + 12345u;
                fill = seed >> 16;
            }
            uint32_t insn = p->value | (fill & ~p->mask & 0xFFFF);
            if (expected_pat(insn) != p) continue; /* carved out by a more specific line */
            const char *got = decode_name(insn, true);
            ck_assert_msg(got && strcmp(got, p->name) == 0, "%04x: decodes as %s, want %s", insn,
                          got ? got : "(undefined)", p->name);
            hits++;
        }
        ck_assert_msg(hits > 0, "pattern %s is unreachable", p->name);
    }
}
END_TEST

START_TEST(test_decode_no_overlap)
{
    parse_pats();
    for (size_t i = 0; i < NPATS; i++)
        for (size_t j = i + 1; j < NPATS; j++) {
            const TPat *a = &tpats[i], *b = &tpats[j];
            if (a->fixed != b->fixed) continue;
            uint32_t common = a->mask & b->mask;
            ck_assert_msg((a->value & common) != (b->value & common), "%s and %s overlap", a->name,
                          b->name);
        }
}
END_TEST

START_TEST(test_decode_exhaustive)
{
    parse_pats();
    for (uint32_t insn = 0; insn < 0x10000; insn++) {
        const TPat *p = expected_pat(insn);
        const char *got = decode_name(insn, true);
        if (!p) ck_assert_msg(got == NULL, "%04x: decodes as %s, want undefined", insn, got);
        else
            ck_assert_msg(got && strcmp(got, p->name) == 0, "%04x: decodes as %s, want %s", insn,
                          got ? got : "(undefined)", p->name);
    }
}
END_TEST

START_TEST(test_decode_undefined_spaces)
{
    static const struct { uint32_t lo, hi; } undef[] = {
        {0xDE00, 0xDEFF}, /* B<cond> with cond 1110 */
        {0xB100, 0xB1FF}, {0xB300, 0xB3FF}, {0xB900, 0xB9FF}, {0xBB00, 0xBBFF}, /* CBZ/CBNZ (v7) */
        {0xBF00, 0xBFFF}, /* IT and hints (v6T2/v7) */
        {0xB600, 0xB64F}, {0xB668, 0xB66F}, {0xB678, 0xB6FF}, {0xB700, 0xB7FF}, /* around SETEND/CPS */
        {0xB800, 0xB8FF}, {0xBA80, 0xBABF}, {0xBB00, 0xBBFF},
    };
    for (size_t i = 0; i < sizeof undef / sizeof undef[0]; i++)
        for (uint32_t insn = undef[i].lo; insn <= undef[i].hi; insn++)
            ck_assert_msg(decode_name(insn, true) == NULL, "%04x should be undefined, decodes as %s",
                          insn, decode_name(insn, true));
    /* BLX suffix with bit 0 set */
    for (uint32_t insn = 0xE801; insn < 0xF000; insn += 2)
        ck_assert_msg(decode_name(insn, true) == NULL, "%04x should be undefined", insn);
    /* 32-bit Thumb-2 first halves other than the BL/BLX pair are the BL
     * halves on ARMv6; spot-check a few well-known names. */
    ck_assert_str_eq(decode_name(0xF000, true), "bl_prefix");
    ck_assert_str_eq(decode_name(0xF800, true), "bl_suffix");
    ck_assert_str_eq(decode_name(0xE800, true), "blx_suffix");
    ck_assert_str_eq(decode_name(0xDF00, true), "svc");
    ck_assert_str_eq(decode_name(0xBE00, true), "bkpt");
    ck_assert_str_eq(decode_name(0x4608, true), "mov_hi");
    ck_assert_str_eq(decode_name(0xB650, true), "setend");
    ck_assert_str_eq(decode_name(0xB672, true), "cps");
}
END_TEST

/* ===================================================================== */
/* Shift by immediate, ADD/SUB                                            */
/* ===================================================================== */

START_TEST(test_lsl_imm)
{
    CPU->r[1] = 0x18000001;
    set_nzcv(FV);
    ck_u32(exec(0x0108), 0x1002); /* LSL r0, r1, #4 */
    ck_reg(0, 0x80000010);
    ck_flags(FN | FC | FV);
    CPU->r[1] = 0x00000001;
    exec(0x07C8); /* LSL r0, r1, #31 */
    ck_reg(0, 0x80000000);
    ck_flags(FN | FV);
    CPU->r[1] = 0x3;
    exec(0x07C8);
    ck_reg(0, 0x80000000);
    ck_flags(FN | FC | FV);
}
END_TEST

START_TEST(test_movs_lsl0)
{
    CPU->r[3] = 0;
    CPU->r[2] = 0x1234;
    set_nzcv(FN | FC | FV);
    exec(0x001A); /* LSL r2, r3, #0 (MOVS r2, r3) */
    ck_reg(2, 0);
    ck_flags(FZ | FC | FV);
    CPU->r[3] = 0x80000000;
    set_nzcv(0);
    exec(0x001A);
    ck_reg(2, 0x80000000);
    ck_flags(FN);
}
END_TEST

START_TEST(test_lsr_asr_imm)
{
    CPU->r[1] = 3;
    set_nzcv(FZ);
    exec(0x0848); /* LSR r0, r1, #1 */
    ck_reg(0, 1);
    ck_flags(FC);
    CPU->r[1] = 0x80000000;
    exec(0x0808); /* LSR r0, r1, #32 */
    ck_reg(0, 0);
    ck_flags(FZ | FC);
    CPU->r[1] = 0x7FFFFFFF;
    exec(0x0808);
    ck_reg(0, 0);
    ck_flags(FZ);
    CPU->r[1] = 0x80000000;
    exec(0x17C8); /* ASR r0, r1, #31 */
    ck_reg(0, 0xFFFFFFFF);
    ck_flags(FN);
    CPU->r[1] = 0x80000000;
    exec(0x1008); /* ASR r0, r1, #32 */
    ck_reg(0, 0xFFFFFFFF);
    ck_flags(FN | FC);
    CPU->r[1] = 0x7FFFFFFF;
    exec(0x1008);
    ck_reg(0, 0);
    ck_flags(FZ);
    CPU->r[1] = 0xF0000010;
    exec(0x1148); /* ASR r0, r1, #5 */
    ck_reg(0, 0xFF800000);
    ck_flags(FN | FC);
}
END_TEST

START_TEST(test_add_sub_reg)
{
    CPU->r[1] = 0x7FFFFFFF;
    CPU->r[2] = 1;
    set_nzcv(0);
    exec(0x1888); /* ADD r0, r1, r2 */
    ck_reg(0, 0x80000000);
    ck_flags(FN | FV);
    CPU->r[1] = 0xFFFFFFFF;
    exec(0x1888);
    ck_reg(0, 0);
    ck_flags(FZ | FC);
    CPU->r[1] = 5;
    CPU->r[2] = 5;
    exec(0x1A88); /* SUB r0, r1, r2 */
    ck_reg(0, 0);
    ck_flags(FZ | FC);
    CPU->r[1] = 0;
    CPU->r[2] = 1;
    exec(0x1A88);
    ck_reg(0, 0xFFFFFFFF);
    ck_flags(FN);
    CPU->r[1] = 0x80000000;
    exec(0x1A88);
    ck_reg(0, 0x7FFFFFFF);
    ck_flags(FC | FV);
}
END_TEST

START_TEST(test_add_sub_imm3)
{
    CPU->r[4] = 0xFFFFFFF9;
    set_nzcv(FN | FV);
    exec(0x1DE3); /* ADD r3, r4, #7 */
    ck_reg(3, 0);
    ck_flags(FZ | FC);
    CPU->r[4] = 0x80000000;
    exec(0x1E63); /* SUB r3, r4, #1 */
    ck_reg(3, 0x7FFFFFFF);
    ck_flags(FC | FV);
    CPU->r[1] = 0x80000000;
    set_nzcv(FC | FV | FZ);
    exec(0x1C08); /* ADD r0, r1, #0 (MOV r0, r1 in v6: C and V cleared) */
    ck_reg(0, 0x80000000);
    ck_flags(FN);
}
END_TEST

START_TEST(test_imm8)
{
    set_nzcv(FC | FV | FZ);
    exec(0x2580); /* MOV r5, #0x80 */
    ck_reg(5, 0x80);
    ck_flags(FC | FV);
    exec(0x2500); /* MOV r5, #0 */
    ck_reg(5, 0);
    ck_flags(FZ | FC | FV);
    CPU->r[5] = 0x10;
    set_nzcv(0);
    exec(0x2D10); /* CMP r5, #0x10 */
    ck_flags(FZ | FC);
    ck_reg(5, 0x10);
    CPU->r[5] = 0x0F;
    exec(0x2D10);
    ck_flags(FN);
    CPU->r[5] = 0x80000000;
    exec(0x2D01); /* CMP r5, #1 */
    ck_flags(FC | FV);
    CPU->r[6] = 1;
    exec(0x36FF); /* ADD r6, #0xFF */
    ck_reg(6, 0x100);
    ck_flags(0);
    CPU->r[6] = 0xFFFFFF01;
    exec(0x36FF);
    ck_reg(6, 0);
    ck_flags(FZ | FC);
    CPU->r[7] = 0;
    exec(0x3F01); /* SUB r7, #1 */
    ck_reg(7, 0xFFFFFFFF);
    ck_flags(FN);
}
END_TEST

/* ===================================================================== */
/* Data processing, register                                              */
/* ===================================================================== */

START_TEST(test_logical)
{
    CPU->r[0] = 0xF0F0F0F0;
    CPU->r[1] = 0xFF00FF00;
    set_nzcv(FC | FV);
    exec(0x4008); /* AND r0, r1 */
    ck_reg(0, 0xF000F000);
    ck_flags(FN | FC | FV);
    CPU->r[0] = 0xF0F0F0F0;
    exec(0x4048); /* EOR r0, r1 */
    ck_reg(0, 0x0FF00FF0);
    ck_flags(FC | FV);
    CPU->r[0] = 0x0000F0F0;
    exec(0x4308); /* ORR r0, r1 */
    ck_reg(0, 0xFF00FFF0);
    ck_flags(FN | FC | FV);
    CPU->r[0] = 0xFF00FF00;
    exec(0x4388); /* BIC r0, r1 */
    ck_reg(0, 0);
    ck_flags(FZ | FC | FV);
    CPU->r[1] = 0;
    set_nzcv(0);
    exec(0x43C8); /* MVN r0, r1 */
    ck_reg(0, 0xFFFFFFFF);
    ck_flags(FN);
    CPU->r[0] = 0x0F;
    CPU->r[1] = 0xF0;
    set_nzcv(FN | FC);
    exec(0x4208); /* TST r0, r1 */
    ck_reg(0, 0x0F);
    ck_flags(FZ | FC);
}
END_TEST

START_TEST(test_shift_reg)
{
    /* LSL r0, r1 (Rs = r1) */
    static const struct { uint16_t insn; uint32_t v, amt, c_in, res, f; } cases[] = {
        {0x4088, 0x80000001, 0, 1, 0x80000001, FN | FC},   /* amount 0: C unchanged */
        {0x4088, 0x80000001, 0, 0, 0x80000001, FN},
        {0x4088, 0x80000001, 1, 0, 0x00000002, FC},
        {0x4088, 0x00000003, 31, 0, 0x80000000, FN | FC},
        {0x4088, 0x00000001, 32, 0, 0, FZ | FC},         /* 32: C = bit 0 */
        {0x4088, 0x00000001, 33, 1, 0, FZ},              /* >32: C = 0 */
        {0x4088, 0x00000001, 0x100, 0, 1, 0},            /* only the bottom byte counts */
        {0x4088, 0xFFFFFFFF, 0xFF, 1, 0, FZ},
        /* LSR r0, r1 */
        {0x40C8, 0x80000001, 0, 0, 0x80000001, FN},
        {0x40C8, 0x80000003, 1, 0, 0x40000001, FC},
        {0x40C8, 0x80000000, 31, 0, 1, 0},
        {0x40C8, 0x80000000, 32, 0, 0, FZ | FC},
        {0x40C8, 0x80000000, 33, 1, 0, FZ},
        {0x40C8, 0x80000000, 0x120, 0, 0, FZ | FC},     /* bottom byte 0x20 = 32 */
        /* ASR r0, r1 */
        {0x4108, 0x80000000, 0, 1, 0x80000000, FN | FC},
        {0x4108, 0x80000000, 4, 0, 0xF8000000, FN},
        {0x4108, 0x80000008, 4, 0, 0xF8000000, FN | FC},
        {0x4108, 0x80000000, 32, 0, 0xFFFFFFFF, FN | FC},
        {0x4108, 0x80000000, 200, 0, 0xFFFFFFFF, FN | FC},
        {0x4108, 0x7FFFFFFF, 32, 1, 0, FZ},
        {0x4108, 0x7FFFFFFF, 255, 1, 0, FZ},
        /* ROR r0, r1 */
        {0x41C8, 0x1234567F, 4, 0, 0xF1234567, FN | FC},
        {0x41C8, 0x1234567F, 36, 0, 0xF1234567, FN | FC}, /* 36 & 31 = 4 */
        {0x41C8, 0x80000000, 32, 0, 0x80000000, FN | FC}, /* 32: value kept, C = bit 31 */
        {0x41C8, 0x7FFFFFFF, 64, 1, 0x7FFFFFFF, 0},
        {0x41C8, 0x00000001, 0, 1, 0x00000001, FC},      /* 0: C unchanged */
        {0x41C8, 0x00000001, 1, 0, 0x80000000, FN | FC},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        CPU->r[0] = cases[i].v;
        CPU->r[1] = cases[i].amt;
        set_nzcv((cases[i].c_in ? FC : 0) | FV);
        exec(cases[i].insn);
        ck_assert_msg(CPU->r[0] == cases[i].res, "case %zu: %04x 0x%08x by %u = 0x%08x, want 0x%08x", i,
                      cases[i].insn, cases[i].v, cases[i].amt, CPU->r[0], cases[i].res);
        ck_assert_msg(nzcv() == (cases[i].f | FV), "case %zu: flags %x, want %x", i, nzcv(),
                      cases[i].f | FV);
        ck_reg(1, cases[i].amt);
    }
}
END_TEST

START_TEST(test_adc_sbc)
{
    CPU->r[0] = 0xFFFFFFFF;
    CPU->r[1] = 0;
    set_nzcv(FC);
    exec(0x4148); /* ADC r0, r1 */
    ck_reg(0, 0);
    ck_flags(FZ | FC);
    CPU->r[0] = 0x7FFFFFFF;
    CPU->r[1] = 0;
    set_nzcv(FC);
    exec(0x4148);
    ck_reg(0, 0x80000000);
    ck_flags(FN | FV);
    CPU->r[0] = 1;
    CPU->r[1] = 2;
    set_nzcv(0);
    exec(0x4148);
    ck_reg(0, 3);
    ck_flags(0);
    CPU->r[0] = 5;
    CPU->r[1] = 3;
    set_nzcv(0);
    exec(0x4188); /* SBC r0, r1: 5 - 3 - 1 */
    ck_reg(0, 1);
    ck_flags(FC);
    CPU->r[0] = 5;
    set_nzcv(FC);
    exec(0x4188); /* 5 - 3 */
    ck_reg(0, 2);
    ck_flags(FC);
    CPU->r[0] = 3;
    set_nzcv(0);
    exec(0x4188); /* 3 - 3 - 1 = -1 */
    ck_reg(0, 0xFFFFFFFF);
    ck_flags(FN);
    CPU->r[0] = 0x80000000;
    CPU->r[1] = 0;
    set_nzcv(0);
    exec(0x4188); /* 0x80000000 - 0 - 1: signed overflow */
    ck_reg(0, 0x7FFFFFFF);
    ck_flags(FC | FV);
}
END_TEST

START_TEST(test_neg_cmp_cmn)
{
    CPU->r[1] = 0;
    set_nzcv(0);
    exec(0x4248); /* NEG r0, r1 */
    ck_reg(0, 0);
    ck_flags(FZ | FC);
    CPU->r[1] = 0x80000000;
    exec(0x4248);
    ck_reg(0, 0x80000000);
    ck_flags(FN | FV);
    CPU->r[1] = 1;
    exec(0x4248);
    ck_reg(0, 0xFFFFFFFF);
    ck_flags(FN);
    CPU->r[0] = 3;
    CPU->r[1] = 7;
    exec(0x4288); /* CMP r0, r1 */
    ck_flags(FN);
    ck_reg(0, 3);
    CPU->r[0] = 7;
    CPU->r[1] = 3;
    exec(0x4288);
    ck_flags(FC);
    CPU->r[0] = 1;
    CPU->r[1] = 0xFFFFFFFF;
    exec(0x42C8); /* CMN r0, r1 */
    ck_flags(FZ | FC);
    ck_reg(0, 1);
    CPU->r[0] = 0x7FFFFFFF;
    CPU->r[1] = 1;
    exec(0x42C8);
    ck_flags(FN | FV);
}
END_TEST

START_TEST(test_mul)
{
    CPU->r[0] = 3;
    CPU->r[1] = 0xFFFFFFFF;
    set_nzcv(FC | FV);
    uint64_t c0 = CPU->cycles;
    exec(0x4348); /* MUL r0, r1 */
    ck_reg(0, 0xFFFFFFFD);
    ck_flags(FN | FC | FV); /* C and V unchanged on ARMv6 */
    ck_assert_uint_eq(CPU->cycles - c0, 1 + T_MUL_S);
    CPU->r[0] = 0x10000;
    CPU->r[1] = 0x10000;
    set_nzcv(0);
    exec(0x4348);
    ck_reg(0, 0);
    ck_flags(FZ);
    CPU->r[0] = 0x12345678;
    CPU->r[1] = 0x9ABCDEF0;
    exec(0x4348);
    ck_reg(0, 0x12345678u * 0x9ABCDEF0u);
}
END_TEST

START_TEST(test_shift_reg_cycles)
{
    CPU->r[0] = 1;
    CPU->r[1] = 1;
    uint64_t c0 = CPU->cycles;
    exec(0x4088);
    ck_assert_uint_eq(CPU->cycles - c0, 1 + T_DP_REG_SHIFT);
    c0 = CPU->cycles;
    exec(0x4008);
    ck_assert_uint_eq(CPU->cycles - c0, 1);
}
END_TEST

/* ===================================================================== */
/* High registers, BX/BLX                                                  */
/* ===================================================================== */

START_TEST(test_add_hi)
{
    CPU->r[8] = 0x100;
    CPU->r[1] = 0xFFFFFFFF;
    set_nzcv(FZ);
    exec(0x4488); /* ADD r8, r1 */
    ck_reg(8, 0xFF);
    ck_flags(FZ); /* flags untouched */
    CPU->r[0] = 1;
    exec(0x4478); /* ADD r0, pc */
    ck_reg(0, 0x1005);
    CPU->r[13] = 0x2000;
    CPU->r[2] = 0x10;
    exec(0x446A); /* ADD r2, sp */
    ck_reg(2, 0x2010);
    CPU->r[0] = 3;
    CPU->r[1] = 4;
    exec(0x4408); /* ADD r0, r1 (both low: natural operation) */
    ck_reg(0, 7);
    ck_flags(FZ);
    /* ADD r0, pc at a non-word-aligned address: PC is not aligned */
    static const uint16_t code[] = {0x46C0, 0x4478};
    CPU->r[0] = 0;
    run_at(0x1000, code, 2, 2);
    ck_reg(0, 0x1006);
}
END_TEST

START_TEST(test_add_pc)
{
    CPU->r[1] = 0x10;
    uint64_t c0 = CPU->cycles;
    ck_u32(exec(0x448F), 0x1014); /* ADD pc, r1 */
    ck_assert(thumb());
    ck_assert_uint_eq(CPU->cycles - c0, 1 + T_PC_WRITE);
    CPU->r[1] = 0x11; /* bit 0 ignored, no interworking */
    ck_u32(exec(0x448F), 0x1014);
    ck_assert(thumb());
}
END_TEST

START_TEST(test_cmp_hi)
{
    CPU->r[8] = 5;
    CPU->r[0] = 6;
    set_nzcv(FV);
    exec(0x4580); /* CMP r8, r0 */
    ck_flags(FN);
    CPU->r[0] = 5;
    exec(0x4580);
    ck_flags(FZ | FC);
    CPU->r[9] = 0x80000000;
    CPU->r[10] = 1;
    exec(0x45D1); /* CMP r9, r10 */
    ck_flags(FC | FV);
    CPU->r[0] = 0x1004;
    exec(0x4578); /* CMP r0, pc */
    ck_flags(FZ | FC);
}
END_TEST

START_TEST(test_mov_hi)
{
    CPU->r[2] = 0xCAFEF00D;
    set_nzcv(FZ | FC);
    exec(0x4691); /* MOV r9, r2 */
    ck_reg(9, 0xCAFEF00D);
    ck_flags(FZ | FC);
    CPU->r[1] = 0x80000000;
    exec(0x4608); /* CPY r0, r1: no flags */
    ck_reg(0, 0x80000000);
    ck_flags(FZ | FC);
    exec(0x4678); /* MOV r0, pc */
    ck_reg(0, 0x1004);
    CPU->r[12] = 0x55;
    exec(0x4665); /* MOV r5, r12 */
    ck_reg(5, 0x55);
    CPU->r[14] = 0x2001;
    uint64_t c0 = CPU->cycles;
    ck_u32(exec(0x46F7), 0x2000); /* MOV pc, lr: no interworking */
    ck_assert(thumb());
    ck_assert_uint_eq(CPU->cycles - c0, 1 + T_PC_WRITE);
    CPU->r[14] = 0x2000;
    ck_u32(exec(0x46F7), 0x2000);
    ck_assert(thumb());
}
END_TEST

START_TEST(test_bx)
{
    CPU->r[0] = 0x2001;
    ck_u32(exec(0x4700), 0x2000); /* BX r0 */
    ck_assert(thumb());
    CPU->r[0] = 0x2000;
    ck_u32(exec(0x4700), 0x2000);
    ck_assert(!thumb());
    CPU->r[14] = 0x3000;
    uint64_t c0 = CPU->cycles;
    ck_u32(exec(0x4770), 0x3000); /* BX lr */
    ck_assert(!thumb());
    ck_assert_uint_eq(CPU->cycles - c0, 1 + T_RETURN_EMPTY); /* nothing on the return stack */
    CPU->r[9] = 0x1011;
    c0 = CPU->cycles;
    ck_u32(exec(0x4748), 0x1010); /* BX r9 (in page) */
    ck_assert_uint_eq(CPU->cycles - c0, 1 + T_BX_REG); /* not a return: unpredicted */
    ck_assert(thumb());
    ck_u32(exec(0x4778), 0x1004); /* BX pc: ARM at Align(PC, 4) */
    ck_assert(!thumb());
    ck_reg(14, 0x3000);
}
END_TEST

START_TEST(test_blx_reg)
{
    CPU->r[2] = 0x3000;
    ck_u32(exec(0x4790), 0x3000); /* BLX r2 */
    ck_assert(!thumb());
    ck_reg(14, 0x1003);
    CPU->r[2] = 0x1101;
    ck_u32(exec(0x4790), 0x1100);
    ck_assert(thumb());
    ck_reg(14, 0x1003);
    CPU->r[14] = 0x2001;
    ck_u32(exec(0x47F0), 0x2000); /* BLX lr: target read before LR is written */
    ck_assert(thumb());
    ck_reg(14, 0x1003);
}
END_TEST

START_TEST(test_hi_sp)
{
    CPU->r[13] = 0x3000;
    CPU->r[0] = 0xFFFFFFF0;
    exec(0x4485); /* ADD sp, r0 */
    ck_reg(13, 0x2FF0);
    CPU->r[1] = 0x2800;
    exec(0x468D); /* MOV sp, r1 */
    ck_reg(13, 0x2800);
    exec(0x466A); /* MOV r2, sp */
    ck_reg(2, 0x2800);
}
END_TEST

START_TEST(test_bx_sbz_ignored)
{
    CPU->r[0] = 0x2001;
    ck_u32(exec(0x4707), 0x2000); /* BX r0 with bits 2:0 = 111 */
    ck_assert(thumb());
    ck_assert_str_eq(decode_name(0x4707, true), "bx");
    ck_assert_str_eq(decode_name(0xB65F, true), "setend");
}
END_TEST

START_TEST(test_empty_lists)
{
    /* UNPREDICTABLE empty register lists execute as NOPs */
    static const uint16_t insns[] = {0xB400, 0xBC00, 0xC000, 0xC800};
    for (size_t i = 0; i < sizeof insns / sizeof insns[0]; i++) {
        CPU->r[0] = 0x2000;
        CPU->r[13] = 0x3000;
        ck_u32(exec(insns[i]), 0x1002);
        ck_reg(0, 0x2000);
        ck_reg(13, 0x3000);
        ck_assert(mode() == MODE_SVC);
    }
}
END_TEST

/* ===================================================================== */
/* Loads and stores                                                        */
/* ===================================================================== */

START_TEST(test_ldr_literal)
{
    put32(0x1008, 0xDEADBEEF);
    put32(0x100C, 0x01234567);
    CPU->r[0] = 0;
    exec(0x4801); /* LDR r0, [pc, #4] at 0x1000: Align(0x1004) + 4 */
    ck_reg(0, 0xDEADBEEF);
    /* at 0x1002: Align(0x1006, 4) + 4 = 0x1008 as well */
    static const uint16_t code[] = {0x46C0, 0x4901, 0x4A01};
    tc_put16(tc, 0x1000, code, 3);
    put32(0x1008, 0xDEADBEEF);
    put32(0x100C, 0x01234567);
    tc_run(tc, 0x1001, 3);
    ck_reg(1, 0xDEADBEEF);
    ck_reg(2, 0x01234567); /* at 0x1004: Align(0x1008, 4) + 4 */
    /* maximum offset */
    put32(0x1004 + 0x3FC, 0x89ABCDEF);
    exec(0x4BFF); /* LDR r3, [pc, #1020] */
    ck_reg(3, 0x89ABCDEF);
}
END_TEST

START_TEST(test_ldr_literal_page_end)
{
    /* LDR at the last halfword of a page reads from the next page */
    static const uint16_t code[] = {0x4800};
    put32(0x2000, 0x11223344);
    tc_put16(tc, 0x1FFE, code, 1);
    tc_run(tc, 0x1FFF, 1);
    ck_reg(0, 0x11223344);
}
END_TEST

START_TEST(test_ls_reg)
{
    CPU->r[1] = 0x2000;
    CPU->r[2] = 0x10;
    CPU->r[0] = 0x89ABCDEF;
    exec(0x5088); /* STR r0, [r1, r2] */
    ck_u32(tc_get32(tc, 0x2010), 0x89ABCDEF);
    CPU->r[2] = 0x20;
    exec(0x5288); /* STRH */
    ck_u32(get16(0x2020), 0xCDEF);
    ck_u32(get16(0x2022), 0);
    CPU->r[2] = 0x30;
    exec(0x5488); /* STRB */
    ck_u32(get8(0x2030), 0xEF);
    ck_u32(get8(0x2031), 0);

    put32(0x2040, 0x80F08182);
    CPU->r[2] = 0x40;
    exec(0x5888); /* LDR */
    ck_reg(0, 0x80F08182);
    exec(0x5A88); /* LDRH */
    ck_reg(0, 0x8182);
    exec(0x5C88); /* LDRB */
    ck_reg(0, 0x82);
    exec(0x5688); /* LDRSB */
    ck_reg(0, 0xFFFFFF82);
    exec(0x5E88); /* LDRSH */
    ck_reg(0, 0xFFFF8182);
    CPU->r[2] = 0x42;
    exec(0x5E88);
    ck_reg(0, 0xFFFF80F0);
    CPU->r[2] = 0x43;
    exec(0x5688);
    ck_reg(0, 0xFFFFFF80);
    CPU->r[2] = 0x42;
    exec(0x5688);
    ck_reg(0, 0xFFFFFFF0);
    put32(0x2044, 0x7F7F7F7F);
    CPU->r[2] = 0x44;
    exec(0x5688);
    ck_reg(0, 0x7F);
    exec(0x5E88);
    ck_reg(0, 0x7F7F);
    /* negative register offset wraps */
    CPU->r[1] = 0x2050;
    CPU->r[2] = 0xFFFFFFF0;
    exec(0x5888);
    ck_reg(0, 0x80F08182);
}
END_TEST

START_TEST(test_ls_imm)
{
    CPU->r[1] = 0x2000;
    CPU->r[0] = 0xA1B2C3D4;
    exec(0x6048); /* STR r0, [r1, #4] */
    ck_u32(tc_get32(tc, 0x2004), 0xA1B2C3D4);
    exec(0x7148); /* STRB r0, [r1, #5] */
    ck_u32(tc_get32(tc, 0x2004), 0xA1B2D4D4);
    exec(0x80C8); /* STRH r0, [r1, #6] */
    ck_u32(tc_get32(tc, 0x2004), 0xC3D4D4D4);
    CPU->r[0] = 0;
    exec(0x6848); /* LDR r0, [r1, #4] */
    ck_reg(0, 0xC3D4D4D4);
    exec(0x7948); /* LDRB r0, [r1, #5] */
    ck_reg(0, 0xD4);
    exec(0x88C8); /* LDRH r0, [r1, #6] */
    ck_reg(0, 0xC3D4);
    /* maximum offsets: word 124, byte 31, halfword 62 */
    put32(0x2000 + 124, 0x0BADF00D);
    exec(0x6FC8); /* LDR r0, [r1, #124] */
    ck_reg(0, 0x0BADF00D);
    put32(0x201C, 0x77000000);
    exec(0x7FC8); /* LDRB r0, [r1, #31] */
    ck_reg(0, 0x77);
    put32(0x203C, 0x55660000);
    exec(0x8FC8); /* LDRH r0, [r1, #62] */
    ck_reg(0, 0x5566);
}
END_TEST

START_TEST(test_ls_sp)
{
    CPU->r[13] = 0x3000;
    CPU->r[2] = 0x12345678;
    exec(0x9202); /* STR r2, [sp, #8] */
    ck_u32(tc_get32(tc, 0x3008), 0x12345678);
    put32(0x3000 + 0x3FC, 0xFEEDFACE);
    exec(0x9BFF); /* LDR r3, [sp, #1020] */
    ck_reg(3, 0xFEEDFACE);
    ck_reg(13, 0x3000);
}
END_TEST

START_TEST(test_unaligned_ldr)
{
    /* SCTLR.U is set by the harness: ARMv6 unaligned word/halfword loads */
    put32(0x2000, 0x33221100);
    put32(0x2004, 0x77665544);
    CPU->r[1] = 0x2001;
    exec(0x6808); /* LDR r0, [r1] */
    ck_reg(0, 0x44332211);
    exec(0x8808); /* LDRH r0, [r1] */
    ck_reg(0, 0x2211);
    CPU->r[1] = 0x2003;
    CPU->r[0] = 0xAABBCCDD;
    exec(0x6008); /* STR r0, [r1] */
    ck_u32(tc_get32(tc, 0x2000), 0xDD221100);
    ck_u32(tc_get32(tc, 0x2004), 0x77AABBCC);
}
END_TEST

START_TEST(test_load_abort)
{
    CPU->r[0] = 0x5555;
    CPU->r[1] = UNMAPPED;
    ck_u32(exec(0x6808), 0x10); /* LDR r0, [r1] */
    ck_assert(mode() == MODE_ABT);
    ck_reg(14, 0x1008);
    ck_assert(!thumb());
    ck_assert(CPU->spsr & PSR_T);
    ck_reg(0, 0x5555);
    ck_u32(CPU->cp15.far, UNMAPPED);
    ck_u32(CPU->cp15.dfsr & 0x40F, FAULT_EXTERNAL);
    ck_assert(!(CPU->cp15.dfsr & (1u << 11)));
}
END_TEST

START_TEST(test_store_abort)
{
    CPU->r[0] = 0x5555;
    CPU->r[1] = UNMAPPED;
    ck_u32(exec(0x7048), 0x10); /* STRB r0, [r1, #1] */
    ck_assert(mode() == MODE_ABT);
    ck_reg(14, 0x1008);
    ck_u32(CPU->cp15.far, UNMAPPED + 1);
    ck_assert(CPU->cp15.dfsr & (1u << 11)); /* WnR */
}
END_TEST

/* ===================================================================== */
/* ADR, SP arithmetic                                                      */
/* ===================================================================== */

START_TEST(test_adr_sp_arith)
{
    exec(0xA002); /* ADD r0, pc, #8 */
    ck_reg(0, 0x100C);
    static const uint16_t code[] = {0x46C0, 0xA102};
    run_at(0x1000, code, 2, 2); /* at 0x1002: Align(0x1006) + 8 */
    ck_reg(1, 0x100C);
    CPU->r[13] = 0x3000;
    set_nzcv(FZ);
    exec(0xA904); /* ADD r1, sp, #16 */
    ck_reg(1, 0x3010);
    exec(0xB07F); /* ADD sp, #508 */
    ck_reg(13, 0x31FC);
    exec(0xB081); /* SUB sp, #4 */
    ck_reg(13, 0x31F8);
    exec(0xB0FF); /* SUB sp, #508 */
    ck_reg(13, 0x2FFC);
    ck_flags(FZ);
}
END_TEST

/* ===================================================================== */
/* ARMv6 additions                                                         */
/* ===================================================================== */

START_TEST(test_extend_rev)
{
    CPU->r[1] = 0x12348680;
    exec(0xB208); /* SXTH r0, r1 */
    ck_reg(0, 0xFFFF8680);
    exec(0xB248); /* SXTB */
    ck_reg(0, 0xFFFFFF80);
    exec(0xB288); /* UXTH */
    ck_reg(0, 0x8680);
    exec(0xB2C8); /* UXTB */
    ck_reg(0, 0x80);
    exec(0xBA08); /* REV */
    ck_reg(0, 0x80863412);
    exec(0xBA48); /* REV16 */
    ck_reg(0, 0x34128086);
    exec(0xBAC8); /* REVSH */
    ck_reg(0, 0xFFFF8086);
    CPU->r[1] = 0x00007F12;
    exec(0xB208);
    ck_reg(0, 0x7F12);
    exec(0xB248);
    ck_reg(0, 0x12);
    exec(0xBAC8);
    ck_reg(0, 0x127F);
    CPU->r[3] = 0xAABBCCDD;
    exec(0xBA1B); /* REV r3, r3 */
    ck_reg(3, 0xDDCCBBAA);
}
END_TEST

START_TEST(test_setend)
{
    exec(0xB658); /* SETEND BE */
    ck_assert(CPU->cpsr & PSR_E);
    exec(0xB650); /* SETEND LE */
    ck_assert(!(CPU->cpsr & PSR_E));
    /* a big-endian load after SETEND BE */
    static const uint16_t code[] = {
        0xB658, /* SETEND BE */
        0x6808, /* LDR r0, [r1] */
        0x884A, /* LDRH r2, [r1, #2] */
        0xB650, /* SETEND LE */
        0x884B, /* LDRH r3, [r1, #2] */
    };
    put32(0x2000, 0x44332211);
    CPU->r[1] = 0x2000;
    run_at(0x1000, code, 5, 5);
    ck_reg(0, 0x11223344);
    ck_reg(2, 0x3344);
    ck_reg(3, 0x4433);
    ck_assert(!(CPU->cpsr & PSR_E));
}
END_TEST

START_TEST(test_cps)
{
    CPU->cpsr &= ~(PSR_A | PSR_I | PSR_F);
    exec(0xB672); /* CPSID i */
    ck_u32(CPU->cpsr & (PSR_A | PSR_I | PSR_F), PSR_I);
    exec(0xB675); /* CPSID af */
    ck_u32(CPU->cpsr & (PSR_A | PSR_I | PSR_F), PSR_A | PSR_I | PSR_F);
    exec(0xB663); /* CPSIE if */
    ck_u32(CPU->cpsr & (PSR_A | PSR_I | PSR_F), PSR_A);
    ck_u32(exec(0xB664), 0x1002); /* CPSIE a */
    ck_u32(CPU->cpsr & (PSR_A | PSR_I | PSR_F), 0);
    ck_assert(mode() == MODE_SVC);
    ck_assert(thumb());
}
END_TEST

START_TEST(test_cps_user_nop)
{
    arm_switch_mode(CPU, MODE_USR);
    CPU->cpsr |= PSR_I;
    exec(0xB662); /* CPSIE i: ignored in User mode */
    ck_assert(CPU->cpsr & PSR_I);
    CPU->cpsr &= ~PSR_F;
    exec(0xB671); /* CPSID f */
    ck_assert(!(CPU->cpsr & PSR_F));
    ck_assert(mode() == MODE_USR);
}
END_TEST

START_TEST(test_cps_unmask_takes_irq)
{
    static const uint16_t code[] = {0xB662, 0x2001}; /* CPSIE i; MOV r0, #1 */
    CPU->cpsr |= PSR_I;
    CPU->r[0] = 0;
    arm_set_irq(CPU, true);
    uint32_t pc = run_at(0x1000, code, 2, 2);
    ck_assert(mode() == MODE_IRQ);
    ck_u32(pc, 0x18);
    ck_reg(14, 0x1002 + 4);
    ck_reg(0, 0);
    ck_assert(CPU->spsr & PSR_T);
}
END_TEST

/* ===================================================================== */
/* PUSH/POP, LDMIA/STMIA                                                   */
/* ===================================================================== */

START_TEST(test_push)
{
    CPU->r[13] = 0x3000;
    CPU->r[0] = 0xA0;
    CPU->r[1] = 0xA1;
    CPU->r[14] = 0xA14;
    uint64_t c0 = CPU->cycles;
    exec(0xB503); /* PUSH {r0, r1, lr} */
    ck_reg(13, 0x2FF4);
    ck_u32(tc_get32(tc, 0x2FF4), 0xA0);
    ck_u32(tc_get32(tc, 0x2FF8), 0xA1);
    ck_u32(tc_get32(tc, 0x2FFC), 0xA14);
    ck_assert_uint_eq(CPU->cycles - c0, 1 + 1 * T_LSM_PER_PAIR);
    for (int i = 0; i < 8; i++) CPU->r[i] = 0x100 + i;
    c0 = CPU->cycles;
    exec(0xB4FF); /* PUSH {r0-r7} */
    ck_reg(13, 0x2FD4);
    for (int i = 0; i < 8; i++) ck_u32(tc_get32(tc, 0x2FD4 + 4 * i), 0x100 + i);
    ck_assert_uint_eq(CPU->cycles - c0, 1 + 3 * T_LSM_PER_PAIR);
    exec(0xB500); /* PUSH {lr} */
    ck_reg(13, 0x2FD0);
    ck_u32(tc_get32(tc, 0x2FD0), 0xA14);
}
END_TEST

START_TEST(test_pop)
{
    CPU->r[13] = 0x3000;
    put32(0x3000, 0x11);
    put32(0x3004, 0x22);
    put32(0x3008, 0x33);
    exec(0xBC1C); /* POP {r2-r4} */
    ck_reg(2, 0x11);
    ck_reg(3, 0x22);
    ck_reg(4, 0x33);
    ck_reg(13, 0x300C);
}
END_TEST

START_TEST(test_pop_pc)
{
    CPU->r[13] = 0x3000;
    put32(0x3000, 0x11);
    put32(0x3004, 0x22);
    put32(0x3008, 0x2001);
    ck_u32(exec(0xBD03), 0x2000); /* POP {r0, r1, pc} */
    ck_reg(0, 0x11);
    ck_reg(1, 0x22);
    ck_reg(13, 0x300C);
    ck_assert(thumb());

    CPU->r[13] = 0x3000;
    put32(0x3000, 0x4000); /* bit 0 clear: interworks to ARM */
    uint64_t c0 = CPU->cycles;
    ck_u32(exec(0xBD00), 0x4000); /* POP {pc} */
    ck_assert(!thumb());
    ck_reg(13, 0x3004);
    ck_assert_uint_eq(CPU->cycles - c0, 1 + T_PC_WRITE);
}
END_TEST

START_TEST(test_pop_pc_in_page)
{
    /* return to a Thumb address in the same page (local jump path) */
    static const uint16_t code[] = {0xBD00};
    static const uint16_t target[] = {0x2007}; /* MOV r0, #7 */
    tc_put16(tc, 0x1000, code, 1);
    tc_put16(tc, 0x1020, target, 1);
    CPU->r[13] = 0x3000;
    put32(0x3000, 0x1021);
    CPU->r[0] = 0;
    uint32_t pc = tc_run(tc, 0x1001, 2);
    ck_reg(0, 7);
    ck_u32(pc, 0x1022);
    ck_assert(thumb());
}
END_TEST

START_TEST(test_push_pop_roundtrip)
{
    static const uint16_t code[] = {
        0xB5F0, /* PUSH {r4-r7, lr} */
        0x2400, /* MOV r4, #0 */
        0x2500, /* MOV r5, #0 */
        0x2600, /* MOV r6, #0 */
        0x2700, /* MOV r7, #0 */
        0xBCF0, /* POP {r4-r7} */
        0xBC01, /* POP {r0} */
    };
    CPU->r[13] = 0x3000;
    for (int i = 4; i < 8; i++) CPU->r[i] = 0x40 + i;
    CPU->r[14] = 0xABCD;
    run_at(0x1000, code, 7, 7);
    for (int i = 4; i < 8; i++) ck_reg(i, 0x40 + i);
    ck_reg(0, 0xABCD);
    ck_reg(13, 0x3000);
}
END_TEST

START_TEST(test_push_abort)
{
    CPU->r[13] = UNMAPPED + 0x100;
    ck_u32(exec(0xB503), 0x10);
    ck_assert(mode() == MODE_ABT);
    ck_assert_uint_eq(arm_get_reg_mode(CPU, MODE_SVC, 13), UNMAPPED + 0x100); /* SP not updated */
}
END_TEST

START_TEST(test_pop_abort)
{
    CPU->r[13] = 0x1FFF8; /* last two words of RAM, then unmapped */
    CPU->r[0] = 0x77;
    put32(0x1FFF8, 1);
    put32(0x1FFFC, 2);
    ck_u32(exec(0xBD07), 0x10); /* POP {r0-r2, pc}: third word faults */
    ck_assert(mode() == MODE_ABT);
    ck_assert_uint_eq(arm_get_reg_mode(CPU, MODE_SVC, 13), 0x1FFF8);
    ck_u32(CPU->cp15.far, 0x20000);
}
END_TEST

START_TEST(test_stmia_ldmia)
{
    CPU->r[0] = 0x2000;
    CPU->r[1] = 0x111;
    CPU->r[2] = 0x222;
    exec(0xC006); /* STMIA r0!, {r1, r2} */
    ck_reg(0, 0x2008);
    ck_u32(tc_get32(tc, 0x2000), 0x111);
    ck_u32(tc_get32(tc, 0x2004), 0x222);
    CPU->r[0] = 0x2000;
    CPU->r[1] = CPU->r[2] = 0;
    exec(0xC806); /* LDMIA r0!, {r1, r2} */
    ck_reg(0, 0x2008);
    ck_reg(1, 0x111);
    ck_reg(2, 0x222);
    /* r7 base, single register */
    CPU->r[7] = 0x2100;
    CPU->r[3] = 0x333;
    exec(0xC708); /* STMIA r7!, {r3} */
    ck_reg(7, 0x2104);
    ck_u32(tc_get32(tc, 0x2100), 0x333);
    /* all eight */
    for (int i = 0; i < 7; i++) CPU->r[i] = 0x500 + i;
    CPU->r[7] = 0x2200;
    exec(0xC77F); /* STMIA r7!, {r0-r6} */
    ck_reg(7, 0x221C);
    for (int i = 0; i < 7; i++) ck_u32(tc_get32(tc, 0x2200 + 4 * i), 0x500 + i);
    for (int i = 0; i < 7; i++) CPU->r[i] = 0;
    CPU->r[7] = 0x2200;
    uint64_t c0 = CPU->cycles;
    exec(0xCF7F); /* LDMIA r7!, {r0-r6} */
    ck_assert_uint_eq(CPU->cycles - c0, 1 + 3 * T_LSM_PER_PAIR);
    ck_reg(7, 0x221C);
    for (int i = 0; i < 7; i++) ck_reg(i, 0x500 + i);
}
END_TEST

START_TEST(test_ldmia_base_in_list)
{
    put32(0x2000, 0xAAAA);
    put32(0x2004, 0xBBBB);
    CPU->r[0] = 0x2000;
    exec(0xC803); /* LDMIA r0, {r0, r1}: loaded value wins, no write-back */
    ck_reg(0, 0xAAAA);
    ck_reg(1, 0xBBBB);
    CPU->r[1] = 0x2000;
    exec(0xC903); /* LDMIA r1, {r0, r1} */
    ck_reg(0, 0xAAAA);
    ck_reg(1, 0xBBBB);
}
END_TEST

START_TEST(test_stmia_base_in_list)
{
    CPU->r[1] = 0x2000;
    CPU->r[2] = 0x22;
    exec(0xC106); /* STMIA r1!, {r1, r2}: base is lowest, stores the original value */
    ck_u32(tc_get32(tc, 0x2000), 0x2000);
    ck_u32(tc_get32(tc, 0x2004), 0x22);
    ck_reg(1, 0x2008);
}
END_TEST

START_TEST(test_ldmia_abort)
{
    /* unaligned base: LDM must be word aligned -> alignment fault */
    CPU->r[0] = 0x2002;
    ck_u32(exec(0xC806), 0x10);
    ck_assert(mode() == MODE_ABT);
    ck_reg(0, 0x2002);
    ck_u32(CPU->cp15.dfsr & 0x40F, FAULT_ALIGNMENT);
}
END_TEST

START_TEST(test_ldmia_base_restored_on_abort)
{
    CPU->r[1] = 0x1FFFC; /* second word unmapped */
    put32(0x1FFFC, 0x1234);
    ck_u32(exec(0xC903), 0x10); /* LDMIA r1, {r0, r1} */
    ck_reg(1, 0x1FFFC);
    CPU->r[2] = 0x1FFFC;
    arm_switch_mode(CPU, MODE_SVC);
    CPU->cpsr |= PSR_T;
    ck_u32(exec(0xCA03), 0x10); /* LDMIA r2!, {r0, r1} */
    ck_reg(2, 0x1FFFC);
}
END_TEST

/* ===================================================================== */
/* SVC, BKPT, undefined                                                    */
/* ===================================================================== */

START_TEST(test_svc_hook)
{
    tc->catch_svc = true;
    ck_u32(exec(0xDF42), 0x1002); /* SVC #0x42 */
    ck_assert_uint_eq(tc->svc_count, 1);
    ck_u32(tc->last_svc_imm, 0x42);
    ck_assert(thumb());
}
END_TEST

START_TEST(test_svc_exception)
{
    tc->catch_svc = false;
    arm_switch_mode(CPU, MODE_USR);
    CPU->cpsr &= ~(PSR_I);
    ck_u32(exec(0xDFAB), 0x8);
    ck_assert(mode() == MODE_SVC);
    ck_reg(14, 0x1002);
    ck_assert(!thumb());
    ck_assert(CPU->cpsr & PSR_I);
    ck_u32(CPU->spsr & (PSR_T | PSR_MODE_MASK), PSR_T | MODE_USR);
}
END_TEST

START_TEST(test_bkpt)
{
    ck_u32(exec(0xBE01), 0xC);
    ck_assert(mode() == MODE_ABT);
    ck_reg(14, 0x1004);
    ck_assert(!thumb());
    ck_u32(CPU->cp15.ifsr & 0x40F, 0x2); /* debug event */
}
END_TEST

START_TEST(test_undefined)
{
    static const uint16_t undef[] = {
        0xDE00, 0xDEFF, /* cond 1110 */
        0xB100, 0xB9FF, /* CBZ/CBNZ */
        0xBF00, 0xBF10, 0xBF08, /* NOP/YIELD hints, IT */
        0xBA80, /* 1011 1010 10xx */
        0xB640, 0xB678, 0xB700, 0xB800,
        0xE801, 0xEFFF, /* BLX suffix with bit 0 set */
    };
    for (size_t i = 0; i < sizeof undef / sizeof undef[0]; i++) {
        tc_destroy(tc);
        tc = tc_create(RAM_SIZE);
        uint32_t pc = exec(undef[i]);
        ck_assert_msg(mode() == MODE_UND, "%04x: mode %02x", undef[i], mode());
        ck_undef_taken(pc, 0x1000);
    }
}
END_TEST

/* ===================================================================== */
/* Branches                                                                */
/* ===================================================================== */

static bool cond_ref(unsigned cond, unsigned f)
{
    bool n = f & FN, z = f & FZ, c = f & FC, v = f & FV;
    switch (cond) {
    case 0: return z;
    case 1: return !z;
    case 2: return c;
    case 3: return !c;
    case 4: return n;
    case 5: return !n;
    case 6: return v;
    case 7: return !v;
    case 8: return c && !z;
    case 9: return !c || z;
    case 10: return n == v;
    case 11: return n != v;
    case 12: return !z && n == v;
    default: return z || n != v;
    }
}

START_TEST(test_bcond_all)
{
    for (unsigned cond = 0; cond < 14; cond++)
        for (unsigned f = 0; f < 16; f++) {
            set_nzcv(f);
            uint32_t pc = exec((uint16_t)(0xD004 | cond << 8)); /* B<cond> +8 */
            uint32_t want = cond_ref(cond, f) ? 0x100C : 0x1002;
            ck_assert_msg(pc == want, "cond %u flags %x: pc %08x want %08x", cond, f, pc, want);
            ck_assert(nzcv() == f);
        }
}
END_TEST

START_TEST(test_bcond_backward_and_limits)
{
    set_nzcv(0);
    ck_u32(exec(0xD1FE), 0x1000); /* BNE . (offset -4) */
    ck_u32(exec(0xD17F), 0x1004 + 254); /* max forward */
    ck_u32(exec(0xD180), 0x1004 - 256); /* max backward */
    /* conditional branch across a page boundary, both directions */
    static const uint16_t fwd[] = {0xD002}; /* BEQ +4 at 0x1FFE -> 0x2006 */
    set_nzcv(FZ);
    ck_u32(run_at(0x1FFE, fwd, 1, 1), 0x2006);
    static const uint16_t back[] = {0xD0FC}; /* BEQ -8 at 0x2000 -> 0x1FFC */
    set_nzcv(FZ);
    ck_u32(run_at(0x2000, back, 1, 1), 0x1FFC);
    set_nzcv(0);
    ck_u32(run_at(0x2000, back, 1, 1), 0x2002);
}
END_TEST

START_TEST(test_b_uncond)
{
    ck_u32(exec(0xE3FF), 0x1004 + 0x7FE); /* B max forward */
    ck_u32(exec(0xE400), 0x1004 - 0x800); /* B max backward */
    ck_u32(exec(0xE7FE), 0x1000);         /* B . */
    ck_u32(exec(0xE000), 0x1004);
    static const uint16_t fwd[] = {0xE002};
    ck_u32(run_at(0x1FFE, fwd, 1, 1), 0x2006);
    static const uint16_t back[] = {0xE7FC};
    ck_u32(run_at(0x2000, back, 1, 1), 0x1FFC);
    ck_assert(thumb());
}
END_TEST

START_TEST(test_bl_pair)
{
    static const uint16_t code[] = {0xF000, 0xF87E}; /* BL 0x1100 */
    uint32_t pc = run_at(0x1000, code, 2, 1);
    ck_u32(pc, 0x1002);
    ck_reg(14, 0x1004); /* after the prefix: PC + (0 << 12) */
    pc = tc_run(tc, 0x1003, 1);
    ck_u32(pc, 0x1100);
    ck_reg(14, 0x1005);
    ck_assert(thumb());
}
END_TEST

START_TEST(test_bl_far)
{
    static const uint16_t back[] = {0xF7FF, 0xFBFE}; /* BL 0x0800 */
    ck_u32(run_at(0x1000, back, 2, 2), 0x0800);
    ck_reg(14, 0x1005);
    static const uint16_t fwd[] = {0xF00E, 0xFFFE}; /* BL 0x10000 */
    ck_u32(run_at(0x1000, fwd, 2, 2), 0x10000);
    ck_reg(14, 0x1005);
    /* pair split across a page boundary */
    static const uint16_t split[] = {0xF000, 0xF800}; /* BL to 0x2002 from 0x1FFE */
    ck_u32(run_at(0x1FFE, split, 2, 2), 0x2002);
    ck_reg(14, 0x2003);
    ck_assert(thumb());
}
END_TEST

START_TEST(test_bl_suffix_alone)
{
    CPU->r[14] = 0x2000;
    ck_u32(exec(0xF801), 0x2002);
    ck_reg(14, 0x1003);
    CPU->r[14] = 0x1000;
    ck_u32(exec(0xF808), 0x1010); /* in-page target */
    ck_reg(14, 0x1003);
    ck_assert(thumb());
}
END_TEST

START_TEST(test_blx_pair)
{
    static const uint16_t code[] = {0xF000, 0xE87E}; /* BLX 0x1100 (ARM) */
    ck_u32(run_at(0x1000, code, 2, 2), 0x1100);
    ck_reg(14, 0x1005);
    ck_assert(!thumb());
    /* at a non-word-aligned address the target is word aligned */
    static const uint16_t code2[] = {0x46C0, 0xF000, 0xE87E};
    ck_u32(run_at(0x1000, code2, 3, 3), 0x1100);
    ck_reg(14, 0x1007);
    ck_assert(!thumb());
}
END_TEST

START_TEST(test_blx_into_arm_code)
{
    static const uint16_t code[] = {0xF000, 0xE87E};
    static const uint32_t arm[] = {0xE3A00005, 0xE12FFF1E}; /* MOV r0, #5; BX lr */
    tc_put16(tc, 0x1000, code, 2);
    tc_put32(tc, 0x1100, arm, 2);
    CPU->r[0] = 0;
    uint32_t pc = tc_run(tc, 0x1001, 4);
    ck_reg(0, 5);
    ck_u32(pc, 0x1004);
    ck_assert(thumb());
}
END_TEST

START_TEST(test_branch_cycles)
{
    /* B<cond> goes through the branch predictor like ARM B<cond>; first in
     * its page, so the flag distance is unknown (middle mispredict cost) */
    set_nzcv(FZ);
    uint64_t c0 = CPU->cycles;
    exec(0xD004); /* taken, forward and unknown: statically mispredicted */
    ck_assert_uint_eq(CPU->cycles - c0, 1 + T_BRANCH_MISPREDICT);
    c0 = CPU->cycles;
    exec(0xD004); /* taken again: the predictor knows it now */
    ck_assert_uint_eq(CPU->cycles - c0, 1 + T_BRANCH_TAKEN);
    c0 = CPU->cycles;
    set_nzcv(0);
    exec(0xD004); /* not taken: predicted taken */
    ck_assert_uint_eq(CPU->cycles - c0, 1 + T_BRANCH_MISPREDICT);
}
END_TEST

/* ===================================================================== */
/* Whole programs through the fast loop                                    */
/* ===================================================================== */

START_TEST(test_loop_fast)
{
    /* r0 = 100; r1 = 0; loop: r1 += r0; r0 -= 1; bne loop; svc 0 */
    static const uint16_t code[] = {
        0x2064, /* MOV r0, #100 */
        0x2100, /* MOV r1, #0 */
        0x1809, /* ADD r1, r1, r0 */
        0x3801, /* SUB r0, #1 */
        0xD1FC, /* BNE -8 (to ADD) */
        0xDF00, /* SVC 0 */
    };
    tc_put16(tc, 0x1000, code, 6);
    ck_assert(tc_run_to_svc(tc, 0x1001, 100000));
    ck_reg(0, 0);
    ck_reg(1, 5050);
}
END_TEST

START_TEST(test_call_return_fast)
{
    /* main: bl f; bl f; svc 0      f: push {lr}; add r0, #3; pop {pc} */
    static const uint16_t code[] = {
        0x2000,         /* 0x1000 MOV r0, #0 */
        0xF000, 0xF804, /* 0x1002 BL 0x100E */
        0xF000, 0xF802, /* 0x1006 BL 0x100E */
        0xDF00,         /* 0x100A SVC 0 */
        0x46C0,         /* 0x100C NOP */
        0xB500,         /* 0x100E PUSH {lr} */
        0x3003,         /* 0x1010 ADD r0, #3 */
        0xBD00,         /* 0x1012 POP {pc} */
    };
    tc_put16(tc, 0x1000, code, sizeof code / 2);
    CPU->r[13] = 0x3000;
    ck_assert(tc_run_to_svc(tc, 0x1001, 100000));
    ck_reg(0, 6);
    ck_reg(13, 0x3000);
}
END_TEST

START_TEST(test_memcpy_fast)
{
    /* copy 16 words with LDMIA/STMIA in a loop across a page */
    static const uint16_t code[] = {
        0x4805, /* LDR r0, [pc, #20] -> src */
        0x4906, /* LDR r1, [pc, #24] -> dst */
        0x2204, /* MOV r2, #4 */
        0xC878, /* loop: LDMIA r0!, {r3-r6} */
        0xC178, /* STMIA r1!, {r3-r6} */
        0x3A01, /* SUB r2, #1 */
        0xD1FB, /* BNE loop */
        0xDF00, /* SVC 0 */
        0x46C0, 0x46C0, 0x46C0, 0x46C0,
    };
    tc_put16(tc, 0x1000, code, sizeof code / 2);
    /* literal pool: LDR at 0x1000 reads 0x1004+20 = 0x1018; at 0x1002 reads 0x1004+24 = 0x101C */
    put32(0x1018, 0x2FF0);
    put32(0x101C, 0x5000);
    for (uint32_t i = 0; i < 16; i++) put32(0x2FF0 + 4 * i, 0x1000 + i * 7);
    ck_assert(tc_run_to_svc(tc, 0x1001, 100000));
    for (uint32_t i = 0; i < 16; i++) ck_u32(tc_get32(tc, 0x5000 + 4 * i), 0x1000 + i * 7);
    ck_reg(0, 0x3030);
    ck_reg(1, 0x5040);
}
END_TEST

Suite *thumb_suite(void)
{
    Suite *s = suite_create("thumb");
    TCase *tc_dec = tcase_create("decode");
    tcase_add_test(tc_dec, test_decode_self);
    tcase_add_test(tc_dec, test_decode_no_overlap);
    tcase_add_test(tc_dec, test_decode_exhaustive);
    tcase_add_test(tc_dec, test_decode_undefined_spaces);
    suite_add_tcase(s, tc_dec);

    TCase *t = tcase_create("exec");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_lsl_imm);
    tcase_add_test(t, test_movs_lsl0);
    tcase_add_test(t, test_lsr_asr_imm);
    tcase_add_test(t, test_add_sub_reg);
    tcase_add_test(t, test_add_sub_imm3);
    tcase_add_test(t, test_imm8);
    tcase_add_test(t, test_logical);
    tcase_add_test(t, test_shift_reg);
    tcase_add_test(t, test_adc_sbc);
    tcase_add_test(t, test_neg_cmp_cmn);
    tcase_add_test(t, test_mul);
    tcase_add_test(t, test_shift_reg_cycles);
    tcase_add_test(t, test_add_hi);
    tcase_add_test(t, test_add_pc);
    tcase_add_test(t, test_cmp_hi);
    tcase_add_test(t, test_mov_hi);
    tcase_add_test(t, test_bx);
    tcase_add_test(t, test_blx_reg);
    tcase_add_test(t, test_hi_sp);
    tcase_add_test(t, test_bx_sbz_ignored);
    tcase_add_test(t, test_ldr_literal);
    tcase_add_test(t, test_ldr_literal_page_end);
    tcase_add_test(t, test_ls_reg);
    tcase_add_test(t, test_ls_imm);
    tcase_add_test(t, test_ls_sp);
    tcase_add_test(t, test_unaligned_ldr);
    tcase_add_test(t, test_load_abort);
    tcase_add_test(t, test_store_abort);
    tcase_add_test(t, test_adr_sp_arith);
    tcase_add_test(t, test_extend_rev);
    tcase_add_test(t, test_setend);
    tcase_add_test(t, test_cps);
    tcase_add_test(t, test_cps_user_nop);
    tcase_add_test(t, test_cps_unmask_takes_irq);
    tcase_add_test(t, test_push);
    tcase_add_test(t, test_pop);
    tcase_add_test(t, test_pop_pc);
    tcase_add_test(t, test_pop_pc_in_page);
    tcase_add_test(t, test_push_pop_roundtrip);
    tcase_add_test(t, test_empty_lists);
    tcase_add_test(t, test_push_abort);
    tcase_add_test(t, test_pop_abort);
    tcase_add_test(t, test_stmia_ldmia);
    tcase_add_test(t, test_ldmia_base_in_list);
    tcase_add_test(t, test_stmia_base_in_list);
    tcase_add_test(t, test_ldmia_abort);
    tcase_add_test(t, test_ldmia_base_restored_on_abort);
    tcase_add_test(t, test_svc_hook);
    tcase_add_test(t, test_svc_exception);
    tcase_add_test(t, test_bkpt);
    tcase_add_test(t, test_undefined);
    tcase_add_test(t, test_bcond_all);
    tcase_add_test(t, test_bcond_backward_and_limits);
    tcase_add_test(t, test_b_uncond);
    tcase_add_test(t, test_bl_pair);
    tcase_add_test(t, test_bl_far);
    tcase_add_test(t, test_bl_suffix_alone);
    tcase_add_test(t, test_blx_pair);
    tcase_add_test(t, test_blx_into_arm_code);
    tcase_add_test(t, test_branch_cycles);
    tcase_add_test(t, test_loop_fast);
    tcase_add_test(t, test_call_return_fast);
    tcase_add_test(t, test_memcpy_fast);
    suite_add_tcase(s, t);
    return s;
}
