/* Core ARM-state behaviour: the shifter and flags, loads/stores, LDM/STM,
 * branches, exceptions and banking, CP15, and the decoded-op cache staying
 * coherent with stores.  Expected values are worked out by hand from the
 * ARMv6 ARM (DDI 0100I). */
#include <stdlib.h>

#include "cpu/core.h"
#include "cpu/cp15.h"
#include "test/harness.h"

#define FLAGS(n, z, c, v) (((n) ? PSR_N : 0) | ((z) ? PSR_Z : 0) | ((c) ? PSR_C : 0) | ((v) ? PSR_V : 0))
#define NZCV(cpu) ((cpu)->cpsr & 0xF0000000u)

static TestCpu *tc;
static void setup(void) { tc = tc_create(1u << 20); }
static void teardown(void) { tc_destroy(tc); }

static void set_flags(uint32_t f) { tc->cpu->cpsr = (tc->cpu->cpsr & 0x0FFFFFFFu) | f; }

/* ---- data processing ------------------------------------------------------------ */
START_TEST(test_dp_adds_flags)
{
    Arm11 *c = tc->cpu;
    /* ADDS r0, r1, r2 */
    c->r[1] = 0x7FFFFFFF; c->r[2] = 1;
    tc_exec_arm(tc, 0xE0910002);
    ck_assert_uint_eq(c->r[0], 0x80000000);
    ck_assert_uint_eq(NZCV(c), FLAGS(1, 0, 0, 1));
    c->r[1] = 0xFFFFFFFF; c->r[2] = 1;
    tc_exec_arm(tc, 0xE0910002);
    ck_assert_uint_eq(c->r[0], 0);
    ck_assert_uint_eq(NZCV(c), FLAGS(0, 1, 1, 0));
}
END_TEST

START_TEST(test_dp_sub_borrow_and_sbc)
{
    Arm11 *c = tc->cpu;
    /* SUBS r0, r1, r2: 1 - 2 borrows -> C clear */
    c->r[1] = 1; c->r[2] = 2;
    tc_exec_arm(tc, 0xE0510002);
    ck_assert_uint_eq(c->r[0], 0xFFFFFFFF);
    ck_assert_uint_eq(NZCV(c), FLAGS(1, 0, 0, 0));
    /* SBC r0, r1, r2 with C clear: 10 - 3 - 1 = 6 */
    c->r[1] = 10; c->r[2] = 3;
    set_flags(0);
    tc_exec_arm(tc, 0xE0C10002);
    ck_assert_uint_eq(c->r[0], 6);
    /* RSCS r0, r1, r2 with C set: 3 - 10 = -7, borrow */
    set_flags(PSR_C);
    tc_exec_arm(tc, 0xE0F10002);
    ck_assert_uint_eq(c->r[0], (uint32_t)-7);
    ck_assert_uint_eq(NZCV(c), FLAGS(1, 0, 0, 0));
    /* CMP 0x80000000, 1: overflow */
    c->r[1] = 0x80000000; c->r[2] = 1;
    tc_exec_arm(tc, 0xE1510002);
    ck_assert_uint_eq(NZCV(c), FLAGS(0, 0, 1, 1));
}
END_TEST

START_TEST(test_dp_imm_rotation_carry)
{
    Arm11 *c = tc->cpu;
    /* MOVS r0, #0x80000000 (0xE3B00102: imm 1 ror 4): carry = bit 31 */
    set_flags(0);
    tc_exec_arm(tc, 0xE3B00102);
    ck_assert_uint_eq(c->r[0], 0x80000000);
    ck_assert_uint_eq(NZCV(c), FLAGS(1, 0, 1, 0));
    /* MOVS r0, #1 (no rotation): C unchanged (set stays set) */
    set_flags(PSR_C | PSR_V);
    tc_exec_arm(tc, 0xE3B00001);
    ck_assert_uint_eq(NZCV(c), FLAGS(0, 0, 1, 1));
}
END_TEST

START_TEST(test_shifter_immediate_forms)
{
    Arm11 *c = tc->cpu;
    c->r[1] = 0x80000001;
    /* MOVS r0, r1, LSR #32 (encoded #0) -> 0, C = bit 31 */
    set_flags(0);
    tc_exec_arm(tc, 0xE1B00021);
    ck_assert_uint_eq(c->r[0], 0);
    ck_assert_uint_eq(NZCV(c), FLAGS(0, 1, 1, 0));
    /* MOVS r0, r1, ASR #32 -> all ones */
    tc_exec_arm(tc, 0xE1B00041);
    ck_assert_uint_eq(c->r[0], 0xFFFFFFFF);
    /* MOVS r0, r1, RRX with C clear -> 0x40000000, C = 1 */
    set_flags(0);
    tc_exec_arm(tc, 0xE1B00061);
    ck_assert_uint_eq(c->r[0], 0x40000000);
    ck_assert_uint_eq(NZCV(c), FLAGS(0, 0, 1, 0));
    /* MOV r0, r1, ROR #4 */
    tc_exec_arm(tc, 0xE1A00261);
    ck_assert_uint_eq(c->r[0], 0x18000000);
    /* LSLS r0, r1, #1 -> 2, C = 1 */
    set_flags(0);
    tc_exec_arm(tc, 0xE1B00081);
    ck_assert_uint_eq(c->r[0], 2);
    ck_assert_uint_eq(NZCV(c), FLAGS(0, 0, 1, 0));
}
END_TEST

START_TEST(test_shifter_register_amounts)
{
    Arm11 *c = tc->cpu;
    static const struct { uint32_t amt; uint32_t lsl, lsl_c, lsr, lsr_c, asr, ror, ror_c; } t[] = {
        /* value 0x80000003, C in = 0 */
        {0, 0x80000003, 0, 0x80000003, 0, 0x80000003, 0x80000003, 0},
        {1, 0x00000006, 1, 0x40000001, 1, 0xC0000001, 0xC0000001, 1},
        {31, 0x80000000, 1, 0x00000001, 0, 0xFFFFFFFF, 0x00000007, 0},
        {32, 0x00000000, 1, 0x00000000, 1, 0xFFFFFFFF, 0x80000003, 1},
        {33, 0x00000000, 0, 0x00000000, 0, 0xFFFFFFFF, 0xC0000001, 1},
        {255, 0x00000000, 0, 0x00000000, 0, 0xFFFFFFFF, 0x00000007, 0},
        {256, 0x80000003, 0, 0x80000003, 0, 0x80000003, 0x80000003, 0},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        c->r[1] = 0x80000003;
        c->r[2] = t[i].amt;
        set_flags(0);
        tc_exec_arm(tc, 0xE1B00211); /* MOVS r0, r1, LSL r2 */
        ck_assert_uint_eq(c->r[0], t[i].lsl);
        ck_assert_uint_eq((c->cpsr >> 29) & 1, t[i].lsl_c);
        set_flags(0);
        tc_exec_arm(tc, 0xE1B00231); /* LSR */
        ck_assert_uint_eq(c->r[0], t[i].lsr);
        ck_assert_uint_eq((c->cpsr >> 29) & 1, t[i].lsr_c);
        tc_exec_arm(tc, 0xE1B00251); /* ASR */
        ck_assert_uint_eq(c->r[0], t[i].asr);
        set_flags(0);
        tc_exec_arm(tc, 0xE1B00271); /* ROR */
        ck_assert_uint_eq(c->r[0], t[i].ror);
        ck_assert_uint_eq((c->cpsr >> 29) & 1, t[i].ror_c);
    }
}
END_TEST

START_TEST(test_conditions)
{
    Arm11 *c = tc->cpu;
    /* MOV<cond> r0, #1 for every condition and every NZCV: compare with the table */
    for (unsigned cond = 0; cond < 15; cond++) {
        for (unsigned f = 0; f < 16; f++) {
            bool n = f & 8, z = f & 4, cc = f & 2, v = f & 1, exp;
            switch (cond) {
            case 0: exp = z; break;
            case 1: exp = !z; break;
            case 2: exp = cc; break;
            case 3: exp = !cc; break;
            case 4: exp = n; break;
            case 5: exp = !n; break;
            case 6: exp = v; break;
            case 7: exp = !v; break;
            case 8: exp = cc && !z; break;
            case 9: exp = !cc || z; break;
            case 10: exp = n == v; break;
            case 11: exp = n != v; break;
            case 12: exp = !z && n == v; break;
            case 13: exp = z || n != v; break;
            default: exp = true; break;
            }
            c->r[0] = 0;
            set_flags(f << 28);
            tc_exec_arm(tc, (cond << 28) | 0x03A00001);
            ck_assert_msg(c->r[0] == (exp ? 1u : 0u), "cond %u flags %x", cond, f);
        }
    }
}
END_TEST

START_TEST(test_pc_operand_reads_plus_8)
{
    Arm11 *c = tc->cpu;
    /* ADD r0, pc, #4 at 0x1000 -> 0x100C */
    tc_exec_arm(tc, 0xE28F0004);
    ck_assert_uint_eq(c->r[0], 0x100C);
    /* MOV r0, pc, LSL r1 (register shift) reads pc + 12 on the ARM1176 */
    c->r[1] = 0;
    tc_exec_arm(tc, 0xE1A0011F);
    ck_assert_uint_eq(c->r[0], 0x100C);
}
END_TEST

START_TEST(test_movs_pc_lr_returns_from_exception)
{
    Arm11 *c = tc->cpu;
    arm_switch_mode(c, MODE_IRQ);
    c->spsr = MODE_SVC | PSR_T | PSR_Z;
    c->r[14] = 0x2001;
    uint32_t pc = tc_exec_arm(tc, 0xE1B0F00E); /* MOVS pc, lr */
    ck_assert_uint_eq(c->cpsr & PSR_MODE_MASK, MODE_SVC);
    ck_assert(c->cpsr & PSR_T);
    ck_assert(c->cpsr & PSR_Z);
    ck_assert_uint_eq(pc, 0x2000);
}
END_TEST

START_TEST(test_reserved_test_forms_undefined)
{
    Arm11 *c = tc->cpu;
    /* 0xE3000000 is MOVW on v6T2: UNDEFINED on the ARM1176 */
    uint32_t pc = tc_exec_arm(tc, 0xE3001234);
    ck_assert_uint_eq(pc, 0x4);
    ck_assert_uint_eq(c->cpsr & PSR_MODE_MASK, MODE_UND);
    ck_assert_uint_eq(c->r[14], 0x1004);
}
END_TEST

/* ---- loads and stores ----------------------------------------------------------- */
START_TEST(test_ldr_str_addressing)
{
    Arm11 *c = tc->cpu;
    c->r[1] = 0x2000;
    c->r[0] = 0xCAFEBABE;
    tc_exec_arm(tc, 0xE5810008); /* STR r0, [r1, #8] */
    ck_assert_uint_eq(tc_get32(tc, 0x2008), 0xCAFEBABE);
    tc_exec_arm(tc, 0xE5212004); /* STR r2, [r1, #-4]! */
    ck_assert_uint_eq(c->r[1], 0x1FFC);
    c->r[1] = 0x2008;
    tc_exec_arm(tc, 0xE4913004); /* LDR r3, [r1], #4 */
    ck_assert_uint_eq(c->r[3], 0xCAFEBABE);
    ck_assert_uint_eq(c->r[1], 0x200C);
    c->r[1] = 0x2000; c->r[2] = 2;
    tc_exec_arm(tc, 0xE7914102); /* LDR r4, [r1, r2, LSL #2] */
    ck_assert_uint_eq(c->r[4], 0xCAFEBABE);
    c->r[2] = 8;
    tc_exec_arm(tc, 0xE7314002); /* LDR r4, [r1, -r2]! */
    ck_assert_uint_eq(c->r[1], 0x1FF8);
    c->r[1] = 0x2008;
    tc_exec_arm(tc, 0xE5D15003); /* LDRB r5, [r1, #3] */
    ck_assert_uint_eq(c->r[5], 0xCA);
}
END_TEST

START_TEST(test_halfword_signed_double)
{
    Arm11 *c = tc->cpu;
    uint32_t data[2] = {0x8081F0F1, 0x11223344};
    tc_put32(tc, 0x3000, data, 2);
    c->r[1] = 0x3000;
    tc_exec_arm(tc, 0xE1D100B0); /* LDRH r0, [r1] */
    ck_assert_uint_eq(c->r[0], 0xF0F1);
    tc_exec_arm(tc, 0xE1D100F2); /* LDRSH r0, [r1, #2] */
    ck_assert_uint_eq(c->r[0], 0xFFFF8081);
    tc_exec_arm(tc, 0xE1D100D3); /* LDRSB r0, [r1, #3] */
    ck_assert_uint_eq(c->r[0], 0xFFFFFF80);
    tc_exec_arm(tc, 0xE1C120D0); /* LDRD r2, r3, [r1] */
    ck_assert_uint_eq(c->r[2], 0x8081F0F1);
    ck_assert_uint_eq(c->r[3], 0x11223344);
    c->r[1] = 0x3100;
    tc_exec_arm(tc, 0xE1E120F8); /* STRD r2, r3, [r1, #8]! */
    ck_assert_uint_eq(c->r[1], 0x3108);
    ck_assert_uint_eq(tc_get32(tc, 0x310C), 0x11223344);
    c->r[0] = 0x12345678;
    tc_exec_arm(tc, 0xE0C100B2); /* STRH r0, [r1], #2 */
    ck_assert_uint_eq(tc_get32(tc, 0x3108) & 0xFFFF, 0x5678);
    ck_assert_uint_eq(c->r[1], 0x310A);
}
END_TEST

START_TEST(test_unaligned_and_alignment_fault)
{
    Arm11 *c = tc->cpu;
    uint32_t data[2] = {0x44332211, 0x88776655};
    tc_put32(tc, 0x3000, data, 2);
    c->r[1] = 0x3001;
    tc_exec_arm(tc, 0xE5910000); /* LDR r0, [r1]: U=1 -> bytes 1..4 */
    ck_assert_uint_eq(c->r[0], 0x55443322);
    /* Legacy mode (U=0, A=0): rotated aligned word */
    c->cp15.sctlr &= ~SCTLR_U;
    arm_flush_tlb(c);
    tc_exec_arm(tc, 0xE5910000);
    ck_assert_uint_eq(c->r[0], 0x11443322);
    /* A=1: alignment fault -> data abort, DFSR status 1, FAR */
    c->cp15.sctlr |= SCTLR_A;
    c->r[0] = 0xDEAD;
    uint32_t pc = tc_exec_arm(tc, 0xE5910000);
    ck_assert_uint_eq(pc, 0x10);
    ck_assert_uint_eq(c->cpsr & PSR_MODE_MASK, MODE_ABT);
    ck_assert_uint_eq(c->cp15.dfsr & 0xF, 1);
    ck_assert_uint_eq(c->cp15.far, 0x3001);
    ck_assert_uint_eq(c->r[14], 0x1008);
    ck_assert_uint_eq(c->r[0], 0xDEAD); /* destination untouched */
}
END_TEST

START_TEST(test_external_abort_base_restored)
{
    Arm11 *c = tc->cpu;
    c->r[1] = 0x00200000; /* past the 1 MiB of RAM */
    uint32_t pc = tc_exec_arm(tc, 0xE4B10004); /* LDRT-free post-index: LDR r0, [r1], #4 */
    ck_assert_uint_eq(pc, 0x10);
    ck_assert_uint_eq(c->cp15.dfsr & 0xF, FAULT_EXTERNAL);
    ck_assert_uint_eq(c->cp15.far, 0x00200000);
    arm_switch_mode(c, MODE_SVC);
    ck_assert_uint_eq(c->r[1], 0x00200000); /* base restored */
    /* STR: write bit in DFSR */
    tc_exec_arm(tc, 0xE5810000);
    ck_assert(c->cp15.dfsr & (1u << 11));
}
END_TEST

START_TEST(test_big_endian_setend)
{
    Arm11 *c = tc->cpu;
    uint32_t word = 0x44332211;
    tc_put32(tc, 0x3000, &word, 1);
    c->r[1] = 0x3000;
    tc_exec_arm(tc, 0xF1010200); /* SETEND BE */
    ck_assert(c->cpsr & PSR_E);
    tc_exec_arm(tc, 0xE5910000); /* LDR r0, [r1] */
    ck_assert_uint_eq(c->r[0], 0x11223344);
    tc_exec_arm(tc, 0xE1D100B2); /* LDRH r0, [r1, #2] */
    ck_assert_uint_eq(c->r[0], 0x3344);
    c->r[0] = 0xA1B2C3D4;
    tc_exec_arm(tc, 0xE5810004); /* STR r0, [r1, #4] */
    ck_assert_uint_eq(tc_get32(tc, 0x3004), 0xD4C3B2A1);
    tc_exec_arm(tc, 0xF1010000); /* SETEND LE */
    tc_exec_arm(tc, 0xE5910000);
    ck_assert_uint_eq(c->r[0], 0x44332211);
}
END_TEST

START_TEST(test_ldm_stm_forms)
{
    Arm11 *c = tc->cpu;
    for (int i = 0; i < 8; i++) c->r[i] = 0x100 + (uint32_t)i;
    c->r[13] = 0x4000;
    tc_exec_arm(tc, 0xE92D00FE); /* STMDB sp!, {r1-r7} */
    ck_assert_uint_eq(c->r[13], 0x4000 - 28);
    ck_assert_uint_eq(tc_get32(tc, 0x4000 - 28), 0x101);
    ck_assert_uint_eq(tc_get32(tc, 0x4000 - 4), 0x107);
    for (int i = 1; i < 8; i++) c->r[i] = 0;
    tc_exec_arm(tc, 0xE8BD00FE); /* LDMIA sp!, {r1-r7} */
    ck_assert_uint_eq(c->r[13], 0x4000);
    for (int i = 1; i < 8; i++) ck_assert_uint_eq(c->r[i], 0x100 + (uint32_t)i);
    /* STMIB / LDMDA */
    c->r[2] = 0x5000;
    tc_exec_arm(tc, 0xE9820003); /* STMIB r2, {r0, r1} */
    ck_assert_uint_eq(tc_get32(tc, 0x5004), 0x100);
    ck_assert_uint_eq(tc_get32(tc, 0x5008), 0x101);
    c->r[2] = 0x5008;
    c->r[0] = c->r[1] = 0;
    tc_exec_arm(tc, 0xE8320003); /* LDMDA r2!, {r0, r1} */
    ck_assert_uint_eq(c->r[0], 0x100);
    ck_assert_uint_eq(c->r[1], 0x101);
    ck_assert_uint_eq(c->r[2], 0x5000);
}
END_TEST

START_TEST(test_ldm_pc_interworks)
{
    Arm11 *c = tc->cpu;
    uint32_t ret[2] = {0xAA, 0x2001};
    tc_put32(tc, 0x4000, ret, 2);
    c->r[13] = 0x4000;
    uint32_t pc = tc_exec_arm(tc, 0xE8BD8001); /* POP {r0, pc} */
    ck_assert_uint_eq(pc, 0x2000);
    ck_assert(c->cpsr & PSR_T);
    ck_assert_uint_eq(c->r[0], 0xAA);
    ck_assert_uint_eq(c->r[13], 0x4008);
}
END_TEST

START_TEST(test_stm_user_bank)
{
    Arm11 *c = tc->cpu;
    arm_switch_mode(c, MODE_USR);
    c->r[13] = 0x1111;
    c->r[14] = 0x2222;
    arm_switch_mode(c, MODE_SVC);
    c->r[13] = 0x4000;
    c->r[14] = 0x3333;
    c->r[0] = 0x4100;
    tc_exec_arm(tc, 0xE8C06000); /* STMIA r0, {sp, lr}^ */
    ck_assert_uint_eq(tc_get32(tc, 0x4100), 0x1111);
    ck_assert_uint_eq(tc_get32(tc, 0x4104), 0x2222);
}
END_TEST

START_TEST(test_swp_and_exclusives)
{
    Arm11 *c = tc->cpu;
    uint32_t w = 5;
    tc_put32(tc, 0x3000, &w, 1);
    c->r[1] = 0x3000; c->r[2] = 9;
    tc_exec_arm(tc, 0xE1010092); /* SWP r0, r2, [r1] */
    ck_assert_uint_eq(c->r[0], 5);
    ck_assert_uint_eq(tc_get32(tc, 0x3000), 9);
    tc_exec_arm(tc, 0xE1913F9F); /* LDREX r3, [r1] */
    ck_assert_uint_eq(c->r[3], 9);
    c->r[4] = 77;
    tc_exec_arm(tc, 0xE1810F94); /* STREX r0, r4, [r1] */
    ck_assert_uint_eq(c->r[0], 0);
    ck_assert_uint_eq(tc_get32(tc, 0x3000), 77);
    tc_exec_arm(tc, 0xE1810F94); /* second STREX fails: monitor closed */
    ck_assert_uint_eq(c->r[0], 1);
    tc_exec_arm(tc, 0xE1913F9F);
    tc_exec_arm(tc, 0xF57FF01F); /* CLREX */
    tc_exec_arm(tc, 0xE1810F94);
    ck_assert_uint_eq(c->r[0], 1);
}
END_TEST

/* ---- branches ------------------------------------------------------------------------ */
START_TEST(test_branches)
{
    Arm11 *c = tc->cpu;
    uint32_t pc = tc_exec_arm(tc, 0xEA000002); /* B +8 -> 0x1010 */
    ck_assert_uint_eq(pc, 0x1010);
    pc = tc_exec_arm(tc, 0xEBFFFFFE); /* BL 0x1000 (to itself) */
    ck_assert_uint_eq(pc, 0x1000);
    ck_assert_uint_eq(c->r[14], 0x1004);
    pc = tc_exec_arm(tc, 0xEB000400); /* BL far: 0x1008 + 0x1000 */
    ck_assert_uint_eq(pc, 0x2008);
    pc = tc_exec_arm(tc, 0xFB000000); /* BLX +2 (H=1): Thumb at 0x100A */
    ck_assert_uint_eq(pc, 0x100A);
    ck_assert(c->cpsr & PSR_T);
    c->cpsr &= ~PSR_T;
    c->r[3] = 0x3001;
    pc = tc_exec_arm(tc, 0xE12FFF33); /* BLX r3 */
    ck_assert_uint_eq(pc, 0x3000);
    ck_assert(c->cpsr & PSR_T);
    ck_assert_uint_eq(c->r[14], 0x1004);
}
END_TEST

/* ---- status registers, modes, exceptions ------------------------------------------------ */
START_TEST(test_msr_mrs_and_banking)
{
    Arm11 *c = tc->cpu;
    c->r[8] = 8; c->r[13] = 0x13; c->r[14] = 0x14;
    tc_exec_arm(tc, 0xE321F0D1); /* MSR CPSR_c, #0xD1 -> FIQ */
    ck_assert_uint_eq(c->cpsr & PSR_MODE_MASK, MODE_FIQ);
    c->r[8] = 0xF8; c->r[13] = 0xF13;
    tc_exec_arm(tc, 0xE321F0D3); /* back to SVC */
    ck_assert_uint_eq(c->r[8], 8);
    ck_assert_uint_eq(c->r[13], 0x13);
    ck_assert_uint_eq(arm_get_reg_mode(c, MODE_FIQ, 8), 0xF8);
    /* SPSR write and read back through MRS */
    c->r[0] = 0xF80F0010;
    tc_exec_arm(tc, 0xE16FF000); /* MSR SPSR_fsxc, r0 */
    tc_exec_arm(tc, 0xE14F1000); /* MRS r1, SPSR */
    ck_assert_uint_eq(c->r[1], 0xF80F0010);
    /* User mode cannot change the mode or I bit */
    tc_exec_arm(tc, 0xE321F010); /* -> USR */
    ck_assert_uint_eq(c->cpsr & PSR_MODE_MASK, MODE_USR);
    tc_exec_arm(tc, 0xE321F013);
    ck_assert_uint_eq(c->cpsr & PSR_MODE_MASK, MODE_USR);
    c->r[0] = 0xF0000000;
    tc_exec_arm(tc, 0xE128F000); /* MSR CPSR_f, r0 */
    ck_assert_uint_eq(NZCV(c), 0xF0000000);
}
END_TEST

START_TEST(test_cps_and_svc_exception)
{
    Arm11 *c = tc->cpu;
    tc_exec_arm(tc, 0xF1080080); /* CPSIE i */
    ck_assert(!(c->cpsr & PSR_I));
    tc_exec_arm(tc, 0xF10E0080 | 0); /* CPSID i... (imod 11, I) */
    ck_assert(c->cpsr & PSR_I);
    tc_exec_arm(tc, 0xF1020017); /* CPS #ABT */
    ck_assert_uint_eq(c->cpsr & PSR_MODE_MASK, MODE_ABT);
    tc_exec_arm(tc, 0xF1020013);
    set_flags(PSR_Z);
    uint32_t pc = tc_exec_arm(tc, 0xEF000042); /* SVC #0x42, no hook -> vector 8 */
    ck_assert_uint_eq(pc, 0x8);
    ck_assert_uint_eq(c->r[14], 0x1004);
    ck_assert(c->spsr & PSR_Z);
    ck_assert(c->cpsr & PSR_I);
    /* High vectors */
    c->cp15.sctlr |= SCTLR_V;
    pc = tc_exec_arm(tc, 0xE7F000F0); /* UDF */
    ck_assert_uint_eq(pc, 0xFFFF0004);
}
END_TEST

START_TEST(test_bkpt_prefetch_abort)
{
    Arm11 *c = tc->cpu;
    uint32_t pc = tc_exec_arm(tc, 0xE1200070); /* BKPT #0 */
    ck_assert_uint_eq(pc, 0xC);
    ck_assert_uint_eq(c->cpsr & PSR_MODE_MASK, MODE_ABT);
    ck_assert_uint_eq(c->r[14], 0x1004);
    ck_assert_uint_eq(c->cp15.ifsr, 2);
}
END_TEST

START_TEST(test_irq_fiq_entry_and_priority)
{
    Arm11 *c = tc->cpu;
    uint32_t loop = 0xEAFFFFFE; /* B . */
    tc_put32(tc, 0x1000, &loop, 1);
    c->cpsr &= ~(PSR_I | PSR_F);
    c->r[15] = 0x1000;
    arm_set_irq(c, true);
    arm_set_fiq(c, true);
    arm_step(c);
    ck_assert_uint_eq(c->cpsr & PSR_MODE_MASK, MODE_FIQ); /* FIQ wins */
    ck_assert_uint_eq(c->r[15], 0x1C);
    ck_assert_uint_eq(c->r[14], 0x1004);
    ck_assert(c->cpsr & PSR_F);
    arm_set_fiq(c, false);
    /* FIQ entry masked IRQ too; returning re-enables */
    c->cpsr &= ~PSR_I;
    c->r[15] = 0x1000;
    arm_step(c);
    ck_assert_uint_eq(c->cpsr & PSR_MODE_MASK, MODE_IRQ);
    ck_assert_uint_eq(c->r[15], 0x18);
}
END_TEST

START_TEST(test_wfi_sleeps_until_irq)
{
    Arm11 *c = tc->cpu;
    uint32_t prog[2] = {0xE320F003, 0xEAFFFFFE}; /* WFI; B . */
    tc_put32(tc, 0x1000, prog, 2);
    c->r[15] = 0x1000;
    arm_run(c, 1000);
    ck_assert(c->halted);
    ck_assert_uint_eq(c->cycles, 1000);
    ck_assert_uint_eq(c->r[15], 0x1004);
    arm_set_irq(c, true); /* masked (I set): wakes but does not take it */
    arm_run(c, 1010);
    ck_assert(!c->halted);
    ck_assert_uint_eq(c->cpsr & PSR_MODE_MASK, MODE_SVC);
}
END_TEST

START_TEST(test_srs_rfe)
{
    Arm11 *c = tc->cpu;
    arm_switch_mode(c, MODE_IRQ);
    c->r[14] = 0x2004;
    c->spsr = MODE_SVC | PSR_C;
    arm_switch_mode(c, MODE_SVC);
    c->r[13] = 0x6000;
    arm_switch_mode(c, MODE_IRQ);
    tc_exec_arm(tc, 0xF96D0513); /* SRSDB sp!, #SVC */
    ck_assert_uint_eq(tc_get32(tc, 0x5FF8), 0x2004);
    ck_assert_uint_eq(tc_get32(tc, 0x5FFC), MODE_SVC | PSR_C);
    ck_assert_uint_eq(arm_get_reg_mode(c, MODE_SVC, 13), 0x5FF8);
    arm_switch_mode(c, MODE_SVC);
    uint32_t pc = tc_exec_arm(tc, 0xF8BD0A00); /* RFEIA sp! */
    ck_assert_uint_eq(pc, 0x2004);
    ck_assert_uint_eq(c->r[13], 0x6000);
    ck_assert(c->cpsr & PSR_C);
}
END_TEST

/* ---- CP15 ------------------------------------------------------------------------------- */
START_TEST(test_cp15_ids_and_counters)
{
    Arm11 *c = tc->cpu;
    tc_exec_arm(tc, 0xEE100F10); /* MRC p15, 0, r0, c0, c0, 0 */
    ck_assert_uint_eq(c->r[0], ARM1176_MIDR);
    tc_exec_arm(tc, 0xEE111F10); /* MRC p15, 0, r1, c1, c0, 0 */
    ck_assert_uint_eq(c->r[1] & ~SCTLR_U, ARM1176_SCTLR_RESET);
    /* Enable PMU: E | C | P, PMN0 = instructions */
    c->r[0] = 0x00700007 | (0xFFu << 12);
    tc_exec_arm(tc, 0xEE0F0F1C); /* MCR p15, 0, r0, c15, c12, 0 */
    uint64_t c0 = c->cycles;
    uint32_t prog[4] = {0xE1A00000, 0xE1A00000, 0xE1A00000, 0xEE1F2F3C}; /* 3 NOPs; MRC CCNT -> r2 */
    tc_put32(tc, 0x2000, prog, 4);
    tc_run(tc, 0x2000, 4);
    /* CCNT counts from the enabling MCR's own retiring cycle: 1 + 3 NOPs. */
    ck_assert_uint_eq(c->r[2], 4);
    ck_assert_uint_eq(c->r[2], (uint32_t)(c->cycles - c0));
    /* User mode: c13 c0 3 readable, c1 not */
    c->cp15.tpidruro = 0xBEEF;
    tc_exec_arm(tc, 0xE321F010);
    tc_exec_arm(tc, 0xEE1D3F70); /* MRC p15, 0, r3, c13, c0, 3 */
    ck_assert_uint_eq(c->r[3], 0xBEEF);
    uint32_t pc = tc_exec_arm(tc, 0xEE111F10);
    ck_assert_uint_eq(pc, 4); /* undefined */
}
END_TEST

START_TEST(test_ccnt_exact_inside_run_loop)
{
    /* The fast loop keeps its instruction count in a register; CP15 reads
     * inside it must still see exact time (regression guard). */
    Arm11 *c = tc->cpu;
    uint32_t prog[8] = {
        0xE3A00007,             /* MOV r0, #7 (E | P | C) */
        0xEE0F0F1C,             /* MCR p15, 0, r0, c15, c12, 0 */
        0xE1A00000, 0xE1A00000, /* NOP x3 */
        0xE1A00000,
        0xEE1F2F3C,             /* MRC p15, 0, r2, c15, c12, 1 (CCNT) */
        0xEF000000,             /* SVC: stop */
        0,
    };
    tc_put32(tc, 0x2000, prog, 8);
    ck_assert(tc_run_to_svc(tc, 0x2000, 1000));
    ck_assert_uint_eq(c->r[2], 4);
    ck_assert_uint_eq(c->live_delta, 0);
    ck_assert_uint_eq(c->insns, 7);
}
END_TEST

START_TEST(test_coproc_absent_undefined)
{
    Arm11 *c = tc->cpu;
    uint32_t pc = tc_exec_arm(tc, 0xEE100A10); /* MRC p10 (VFP not present yet / CPACR denies) */
    ck_assert_uint_eq(pc, 4);
    ck_assert_uint_eq(c->cpsr & PSR_MODE_MASK, MODE_UND);
}
END_TEST

/* ---- decoded-op cache ---------------------------------------------------------------------- */
START_TEST(test_self_modifying_code)
{
    Arm11 *c = tc->cpu;
    /* 0x1000: MOV r0, #1
     * 0x1004: STR r2, [r3]    (r3 = 0x100C: overwrites the next-next insn)
     * 0x1008: ADD r1, r1, #1
     * 0x100C: MOV r0, #2      (replaced by MOV r0, #3 before it runs)
     * 0x1010: SVC #1          (stops the run) */
    uint32_t prog[5] = {0xE3A00001, 0xE5832000, 0xE2811001, 0xE3A00002, 0xEF000001};
    tc_put32(tc, 0x1000, prog, 5);
    /* run once so everything is decoded and cached, with r2 = the same insn */
    c->r[2] = 0xE3A00002; c->r[3] = 0x100C;
    ck_assert(tc_run_to_svc(tc, 0x1000, 1000));
    ck_assert_uint_eq(c->r[0], 2);
    c->r[2] = 0xE3A00003;
    ck_assert(tc_run_to_svc(tc, 0x1000, 1000));
    ck_assert_uint_eq(c->r[0], 3);
    ck_assert_uint_eq(c->r[1], 2);
}
END_TEST

START_TEST(test_run_loop_local_loop_and_cycles)
{
    Arm11 *c = tc->cpu;
    /* r0 = 1000; loop: SUBS r0, r0, #1; BNE loop; SVC */
    uint32_t prog[4] = {0xE3A00FFA, 0xE2500001, 0x1AFFFFFD, 0xEF000000};
    tc_put32(tc, 0x1000, prog, 4);
    uint64_t i0 = c->insns;
    ck_assert(tc_run_to_svc(tc, 0x1000, 1000000));
    ck_assert_uint_eq(c->r[0], 0);
    ck_assert_uint_eq(c->insns - i0, 1 + 2 * 1000 + 1);
    /* page crossing: NOPs up to the page end, then an SVC in the next page */
    uint32_t nop = 0xE1A00000, svc = 0xEF000000;
    for (uint32_t a = 0x2FF0; a < 0x3000; a += 4) tc_put32(tc, a, &nop, 1);
    tc_put32(tc, 0x3000, &svc, 1);
    ck_assert(tc_run_to_svc(tc, 0x2FF0, 100));
    ck_assert_uint_eq(c->r[15], 0x3004);
}
END_TEST

/* Cycles of the program at addr up to its SVC. */
static uint64_t cycles_to_svc(uint32_t addr, const uint32_t *prog, unsigned n)
{
    tc_put32(tc, addr, prog, n);
    uint64_t c0 = tc->cpu->cycles;
    ck_assert(tc_run_to_svc(tc, addr, 100000));
    return tc->cpu->cycles - c0;
}

START_TEST(test_timing_load_use_and_prediction)
{
    Arm11 *c = tc->cpu;
    uint32_t word = 0x4000;
    tc_put32(tc, 0x4000, &word, 1);
    /* LDR r1, [r2]; ADD r3, r3, <r4 | r1 | r1 LSL #2>; SVC */
    c->r[2] = 0x4000;
    uint32_t indep[3] = {0xE5921000, 0xE0833004, 0xEF000000};
    uint32_t use[3] = {0xE5921000, 0xE0833001, 0xEF000000};
    uint32_t use_early[3] = {0xE5921000, 0xE0833101, 0xEF000000};
    /* LDR r1, [r2]; NOP; ADD r3, r3, r1; SVC: the one after next */
    uint32_t use_gap[4] = {0xE5921000, 0xE1A00000, 0xE0833001, 0xEF000000};
    uint32_t nop_indep[4] = {0xE5921000, 0xE1A00000, 0xE0833004, 0xEF000000};
    /* LDR r1, [r2]; LDR r5, [r1]: the loaded value as an address */
    uint32_t addr_use[3] = {0xE5921000, 0xE5915000, 0xEF000000};
    uint64_t base = cycles_to_svc(0x1000, indep, 3);
    ck_assert_uint_eq(cycles_to_svc(0x1100, use, 3), base + T_LOAD_USE);
    ck_assert_uint_eq(cycles_to_svc(0x1200, use_early, 3), base + T_LOAD_USE_EARLY);
    ck_assert_uint_eq(cycles_to_svc(0x1300, addr_use, 3), base + T_LOAD_USE_EARLY);
    uint64_t base4 = cycles_to_svc(0x1400, nop_indep, 4);
    ck_assert_uint_eq(cycles_to_svc(0x1500, use_gap, 4), base4 + T_LOAD_USE - 1);

    /* MOV r0, #n; loop: SUBS r0, r0, #1; BNE loop; SVC.  Both runs end with
     * a mispredicted exit (n = 1: unknown backward branch, statically
     * predicted taken; n = 1000: the trained counter says taken); n = 1000
     * also pays the statically predicted first iteration. */
    uint32_t once[4] = {0xE3A00001, 0xE2500001, 0x1AFFFFFD, 0xEF000000};
    uint32_t loop[4] = {0xE3A00FFA, 0xE2500001, 0x1AFFFFFD, 0xEF000000};
    uint64_t c1 = cycles_to_svc(0x2000, once, 4);
    uint64_t c1000 = cycles_to_svc(0x3000, loop, 4);
    ck_assert_uint_eq(c1000 - c1, 999 * 2 + T_BRANCH_STATIC_TAKEN);
    /* the same loop again: the predictor knows the branch now */
    ck_assert_uint_eq(cycles_to_svc(0x3000, loop, 4), c1000 - T_BRANCH_STATIC_TAKEN);
}
END_TEST

/* Result interlocks (cpu/interlock.c): extra cycles of prog over the same
 * program with the dependency removed (ref). */
static int64_t interlock(uint32_t addr, const uint32_t *prog, const uint32_t *ref, unsigned n)
{
    uint64_t a = cycles_to_svc(addr, prog, n);
    uint64_t b = cycles_to_svc(addr + 0x80, ref, n);
    return (int64_t)a - (int64_t)b;
}

START_TEST(test_timing_result_interlocks)
{
    Arm11 *c = tc->cpu;
    uint32_t svc = 0xEF000000, nop = 0xE1A00000;
    c->r[2] = c->r[3] = 0x4000;
    c->r[1] = 0x3FFC;
    /* ALU result as an address (Early): ADD r1, r1, #4; LDR r5, [r1 | r3] */
    uint32_t alu_addr[3] = {0xE2811004, 0xE5915000, svc}, alu_addr_ref[3] = {0xE2811004, 0xE5935000, svc};
    ck_assert_int_eq(interlock(0x1000, alu_addr, alu_addr_ref, 3), 1);
    c->r[1] = 0x3FFC;
    /* ... as a shifted operand (Early) and as a plain one (normal: forwarded) */
    uint32_t alu_shift[3] = {0xE2811004, 0xE0866101, svc}, alu_plain[3] = {0xE2811004, 0xE0866001, svc};
    uint32_t alu_ref[3] = {0xE2811004, 0xE0866104, svc};
    ck_assert_int_eq(interlock(0x1100, alu_shift, alu_ref, 3), 1);
    ck_assert_int_eq(interlock(0x1200, alu_plain, alu_ref, 3), 0);
    /* MUL r4, r1, r2; then r4 as a normal, Early (Rs of MUL), Late
     * (accumulator of MLA) operand; and one instruction later */
    uint32_t mul = 0xE0040291;
    uint32_t mul_normal[3] = {mul, 0xE0855004, svc}, mul_ref[3] = {mul, 0xE0855006, svc};
    uint32_t mul_early[3] = {mul, 0xE0060491, svc}, mul_late[3] = {mul, 0xE0264291, svc};
    uint32_t mul_gap[4] = {mul, nop, 0xE0855004, svc}, mul_gap_ref[4] = {mul, nop, 0xE0855006, svc};
    ck_assert_int_eq(interlock(0x1300, mul_normal, mul_ref, 3), T_LAT_MUL);
    uint32_t mul_early_ref[3] = {mul, 0xE0060391, svc}, mul_late_ref[3] = {mul, 0xE0267291, svc};
    ck_assert_int_eq(interlock(0x1400, mul_early, mul_early_ref, 3), T_LAT_MUL + 1);
    ck_assert_int_eq(interlock(0x1500, mul_late, mul_late_ref, 3), T_LAT_MUL - 1);
    ck_assert_int_eq(interlock(0x1600, mul_gap, mul_gap_ref, 4), T_LAT_MUL - 1);
    /* MULS takes as long as its result: no stall */
    uint32_t muls_use[3] = {0xE0140291, 0xE0855004, svc}, muls_ref[3] = {0xE0140291, 0xE0855006, svc};
    ck_assert_int_eq(interlock(0x1700, muls_use, muls_ref, 3), 0);
    /* UMULL r4 (lo), r5 (hi), r1, r2: the high half comes a cycle later */
    uint32_t umull = 0xE0854291;
    uint32_t umull_lo[3] = {umull, 0xE0866004, svc}, umull_hi[3] = {umull, 0xE0866005, svc};
    uint32_t umull_ref[3] = {umull, 0xE0866007, svc};
    ck_assert_int_eq(interlock(0x1800, umull_lo, umull_ref, 3), T_LAT_MULL_LO);
    ck_assert_int_eq(interlock(0x1900, umull_hi, umull_ref, 3), T_LAT_MULL_HI);
    /* SMULBB r4, r1, r2 then ADD r5, r5, r4 */
    uint32_t smulbb = 0xE1640281;
    uint32_t smul_use[3] = {smulbb, 0xE0855004, svc}, smul_ref[3] = {smulbb, 0xE0855006, svc};
    ck_assert_int_eq(interlock(0x1A00, smul_use, smul_ref, 3), T_LAT_MUL16);
    /* a condition-failed producer delivers nothing: MULNE with Z set */
    c->cpsr |= PSR_Z;
    uint32_t mulne_use[3] = {0x10040291, 0xE0855004, svc}, mulne_ref[3] = {0x10040291, 0xE0855006, svc};
    ck_assert_int_eq(interlock(0x1B00, mulne_use, mulne_ref, 3), 0);
    c->cpsr &= ~PSR_Z;
    /* B right after the producer: the word after the B is not next */
    uint32_t mul_b[4] = {mul, 0xEA000000, 0xE0855004, svc}, mul_b_ref[4] = {mul, 0xEA000000, 0xE0855006, svc};
    ck_assert_int_eq(interlock(0x1C00, mul_b, mul_b_ref, 4), 0);
    /* base write-back (latency 1) used as the next address (Early):
     * LDR r5, [r2], #4; LDR r6, [r2 | r3] */
    uint32_t wb_use[3] = {0xE4925004, 0xE5926000, svc}, wb_ref[3] = {0xE4925004, 0xE5936000, svc};
    c->r[2] = 0x4000;
    uint64_t a = cycles_to_svc(0x1D00, wb_use, 3);
    c->r[2] = 0x4000;
    ck_assert_int_eq((int64_t)a - (int64_t)cycles_to_svc(0x1D80, wb_ref, 3), T_LAT_WB + 1);
    /* LDMIA r3, {r4-r7}: r4/r5 arrive at 3, r6/r7 at 4, the transfer takes 2 */
    uint32_t ldm = 0xE89300F0;
    uint32_t ldm_r7[3] = {ldm, 0xE0888007, svc}, ldm_r4[3] = {ldm, 0xE0888004, svc};
    uint32_t ldm_ref[3] = {ldm, 0xE0888009, svc};
    ck_assert_int_eq(interlock(0x1E00, ldm_r7, ldm_ref, 3), T_LAT_LDM + 1 - 2);
    ck_assert_int_eq(interlock(0x1F00, ldm_r4, ldm_ref, 3), T_LAT_LDM - 2);
    /* loaded registers stored by STM are needed at its start (normal):
     * LDR r5, [r3]; STMIA r2, {r4, r5} -- was missed before */
    uint32_t ld_stm[3] = {0xE5935000, 0xE8820030, svc}, ld_stm_ref[3] = {0xE5936000, 0xE8820030, svc};
    ck_assert_int_eq(interlock(0x2000, ld_stm, ld_stm_ref, 3), T_LOAD_USE);
    /* MOV with a register shift has no Rn: LDR r0, [r3]; MOV r1, r2, LSL r6
     * (Rn field 0) does not wait -- was charged as a Late use before */
    c->r[6] = 0;
    uint32_t ld_mov[3] = {0xE5930000, 0xE1A01612, svc}, ld_mov_ref[3] = {0xE593A000, 0xE1A01612, svc};
    ck_assert_int_eq(interlock(0x2100, ld_mov, ld_mov_ref, 3), 0);
}
END_TEST

/* Cycles of the Thumb program at addr up to its SVC. */
static uint64_t thumb_cycles_to_svc(uint32_t addr, const uint16_t *prog, unsigned n)
{
    tc_put16(tc, addr, prog, n);
    uint64_t c0 = tc->cpu->cycles;
    ck_assert(tc_run_to_svc(tc, addr | 1, 100000));
    return tc->cpu->cycles - c0;
}

START_TEST(test_timing_thumb_branch_prediction)
{
    /* MOVS r0, #n; loop: SUBS r0, #1; BNE loop; SVC -- as the ARM case in
     * test_timing_load_use_and_prediction: Thumb B<cond> is predicted too */
    uint16_t once[4] = {0x2001, 0x3801, 0xD1FD, 0xDF00};
    uint16_t loop[4] = {0x20C8, 0x3801, 0xD1FD, 0xDF00};
    uint64_t c1 = thumb_cycles_to_svc(0x2000, once, 4);
    uint64_t c200 = thumb_cycles_to_svc(0x3000, loop, 4);
    ck_assert_uint_eq(c200 - c1, 199 * 2 + T_BRANCH_STATIC_TAKEN);
    ck_assert_uint_eq(thumb_cycles_to_svc(0x3000, loop, 4), c200 - T_BRANCH_STATIC_TAKEN);
}
END_TEST

START_TEST(test_timing_thumb_interlocks)
{
    /* Thumb has the same result interlocks as ARM (cpu/interlock.c) */
    Arm11 *c = tc->cpu;
    uint32_t word = 0x4000;
    tc_put32(tc, 0x4000, &word, 1);
    c->r[2] = 0x4000;
    /* LDR r1, [r2]; ADDS r3, r3, <r1 | r4>: normal operand, 2 cycles */
    uint16_t use[3] = {0x6811, 0x185B, 0xDF00}, use_ref[3] = {0x6811, 0x191B, 0xDF00};
    uint64_t a = thumb_cycles_to_svc(0x2000, use, 3);
    ck_assert_uint_eq(a - thumb_cycles_to_svc(0x2100, use_ref, 3), T_LOAD_USE);
    /* LDR r1, [r2]; LDR r5, [<r1 | r2>]: the loaded value as an address */
    uint16_t addr[3] = {0x6811, 0x680D, 0xDF00}, addr_ref[3] = {0x6811, 0x6815, 0xDF00};
    a = thumb_cycles_to_svc(0x2200, addr, 3);
    ck_assert_uint_eq(a - thumb_cycles_to_svc(0x2300, addr_ref, 3), T_LOAD_USE_EARLY);
    /* LDR r1, [r2]; NOP (MOV r8, r8); ADDS r3, r3, r1: one cycle less */
    uint16_t gap[4] = {0x6811, 0x46C0, 0x185B, 0xDF00}, gap_ref[4] = {0x6811, 0x46C0, 0x191B, 0xDF00};
    a = thumb_cycles_to_svc(0x2400, gap, 4);
    ck_assert_uint_eq(a - thumb_cycles_to_svc(0x2500, gap_ref, 4), T_LOAD_USE - 1);
    /* ADDS r1, #4; LDR r5, [<r1 | r2>]: ALU result as an address, 1 cycle */
    c->r[1] = 0x3FFC;
    uint16_t alu[3] = {0x3104, 0x680D, 0xDF00}, alu_ref[3] = {0x3104, 0x6815, 0xDF00};
    a = thumb_cycles_to_svc(0x2600, alu, 3);
    c->r[1] = 0x3FFC;
    ck_assert_uint_eq(a - thumb_cycles_to_svc(0x2700, alu_ref, 3), 1);
    ck_assert_uint_eq(thumb_reg_use(0x185B, 1), USE_NORMAL);
    ck_assert_uint_eq(thumb_reg_use(0x680D, 1), USE_EARLY);
    ck_assert_uint_eq(thumb_reg_use(0x6011, 1), USE_LATE);  /* STR r1, [r2]: data */
    ck_assert_uint_eq(thumb_reg_use(0x0089, 1), USE_EARLY); /* LSLS r1, r1, #2 */
    ck_assert_uint_eq(thumb_reg_use(0x0008, 1), USE_NORMAL); /* MOVS r0, r1 (LSL #0) */
    ck_assert_uint_eq(thumb_interlock_stall(0x2904, 0x680D, 0, false), 0); /* CMP r1, #4: no result */
    ck_assert_uint_eq(thumb_interlock_stall(0x6811, 0xE000, 0x185B, true), 0); /* B between */
}
END_TEST

START_TEST(test_timing_mispredict_flag_distance)
{
    /* MOVS r0, #1; d NOPs; B<cond> to the next word; SVC.  BNE is taken
     * (forward, unknown: mispredicted), BEQ not (predicted): the difference
     * is the mispredict cost, which falls with the distance from the flag
     * setter (TRM: max(7 - distance, 5) cycles). */
    static const unsigned want[3] = {T_BRANCH_MISPREDICT_MAX, T_BRANCH_MISPREDICT_MAX - 1,
                                     T_BRANCH_MISPREDICT_MIN};
    for (unsigned d = 0; d < 3; d++) {
        uint32_t taken[6], not_taken[6];
        unsigned n = 0;
        taken[n++] = 0xE3B00001;
        for (unsigned i = 0; i < d; i++) taken[n++] = 0xE1A00000;
        taken[n++] = 0x1AFFFFFF;
        taken[n++] = 0xEF000000;
        memcpy(not_taken, taken, sizeof taken);
        not_taken[n - 2] = 0x0AFFFFFF;
        uint32_t addr = 0x6000 + d * 0x100;
        uint64_t t = cycles_to_svc(addr, taken, n);
        uint64_t nt = cycles_to_svc(addr + 0x40, not_taken, n);
        ck_assert_uint_eq(t - nt, want[d]);
    }
    /* unknown distance (branch first in its page): the middle value */
    uint32_t first[2] = {0x1AFFFFFF, 0xEF000000}, first_nt[2] = {0x0AFFFFFF, 0xEF000000};
    tc->cpu->cpsr &= ~PSR_Z;
    uint64_t t = cycles_to_svc(0x7000, first, 2);
    ck_assert_uint_eq(t - cycles_to_svc(0x8000, first_nt, 2), T_BRANCH_MISPREDICT);
}
END_TEST

START_TEST(test_interlock_operand_classes)
{
    /* a few encodings against the TRM's operand classes */
    ck_assert_uint_eq(arm_reg_use(0xE0855004, 4), USE_NORMAL);    /* add r5, r5, r4 */
    ck_assert_uint_eq(arm_reg_use(0xE0855104, 4), USE_EARLY);     /* add r5, r5, r4, lsl #2 */
    ck_assert_uint_eq(arm_reg_use(0xE0855064, 4), USE_NORMAL);    /* add r5, r5, r4, rrx */
    ck_assert_uint_eq(arm_reg_use(0xE0855314, 3), USE_EARLY);     /* add r5, r5, r4, lsl r3: Rs */
    ck_assert_uint_eq(arm_reg_use(0xE0855314, 5), USE_LATE);      /* ... Rn */
    ck_assert_uint_eq(arm_reg_use(0xE5845000, 5), USE_LATE);      /* str r5, [r4]: data */
    ck_assert_uint_eq(arm_reg_use(0xE5845000, 4), USE_EARLY);     /* ... address */
    ck_assert_uint_eq(arm_reg_use(0xE0264291, 4), USE_LATE);      /* mla r6, r1, r2, r4: accumulator */
    ck_assert_uint_eq(arm_reg_use(0xE0264291, 2), USE_EARLY);     /* ... multiplier */
    ck_assert_uint_eq(arm_reg_use(0xE0A54291, 4), USE_LATE);      /* umlal r4, r5, r1, r2: RdLo */
    ck_assert_uint_eq(arm_reg_use(0xE0A54291, 5), USE_NORMAL);    /* ... RdHi */
    ck_assert_uint_eq(arm_reg_use(0xE7046211, 6), USE_LATE);      /* smlad r4, r1, r2, r6 */
    ck_assert_uint_eq(arm_reg_use(0xE754F211, 4), USE_NONE);      /* smmul r4, r1, r2: Rd not read */
    ck_assert_uint_eq(arm_reg_use(0xE3A04000, 4), USE_NONE);      /* mov r4, #0 */
    ck_assert_uint_eq(arm_reg_use(0xE8820030, 5), USE_NORMAL);    /* stmia r2, {r4, r5} */
    ck_assert_uint_eq(arm_reg_use(0xF5D4F000, 4), USE_EARLY);     /* pld [r4] */
    /* producers: a flags-only compare and a PC write stall nobody */
    ck_assert_uint_eq(arm_interlock_stall(0xE3540000, 0xE5945000, 0, false), 0); /* cmp r4; ldr [r4] */
    ck_assert_uint_eq(arm_interlock_stall(0xE2844004, 0xE5945000, 0, false), 1); /* add r4; ldr [r4] */
    ck_assert_uint_eq(arm_interlock_stall(0xE594F000, 0xE5945000, 0, false), 0); /* ldr pc, [r4] */
}
END_TEST

START_TEST(test_step_matches_run)
{
    /* The same program through arm_step and arm_run ends in the same state. */
    uint32_t prog[8] = {0xE3A00005, 0xE3A01000, 0xE0811000, 0xE2500001,
                        0x1AFFFFFC, 0xE1A02081, 0xEF000000, 0};
    TestCpu *a = tc_create(1u << 16), *b = tc_create(1u << 16);
    tc_put32(a, 0x100, prog, 8);
    tc_put32(b, 0x100, prog, 8);
    ck_assert(tc_run_to_svc(a, 0x100, 10000));
    b->catch_svc = true;
    tc_run(b, 0x100, (unsigned)a->cpu->insns);
    for (int i = 0; i < 16; i++) ck_assert_uint_eq(a->cpu->r[i], b->cpu->r[i]);
    ck_assert_uint_eq(a->cpu->cpsr, b->cpu->cpsr);
    ck_assert_uint_eq(a->cpu->cycles, b->cpu->cycles);
    tc_destroy(a);
    tc_destroy(b);
}
END_TEST

/* ---- the pattern table itself ---------------------------------------------------------------- */
static void check_table(bool thumb)
{
    unsigned n = decode_pattern_count(thumb);
    unsigned width = thumb ? 16 : 32;
    uint32_t full = thumb ? 0xFFFF : 0xFFFFFFFF;
    srand(1234);
    for (unsigned i = 0; i < n; i++) {
        const char *name;
        uint32_t mask, value;
        ck_assert(decode_pattern_info(thumb, i, &name, &mask, &value));
        /* Some random filling of the free bits must decode to this entry:
         * otherwise a more specific line shadows it completely. */
        bool hit = false;
        for (int k = 0; k < 4000 && !hit; k++) {
            uint32_t r = ((uint32_t)rand() << 16) ^ (uint32_t)rand();
            uint32_t insn = ((r & ~mask) | value) & full;
            if (!thumb && !((mask >> 28) == 0xF && (value >> 28) == 0xF)) insn = (insn & 0x0FFFFFFF) | 0xE0000000;
            const char *got = decode_name(insn, thumb);
            hit = got && !strcmp(got, name);
        }
        ck_assert_msg(hit, "pattern %s never decodes", name);
        /* No other entry of equal specificity may overlap it. */
        for (unsigned j = i + 1; j < n; j++) {
            const char *n2;
            uint32_t m2, v2;
            decode_pattern_info(thumb, j, &n2, &m2, &v2);
            if (__builtin_popcount(m2) != __builtin_popcount(mask)) continue;
            uint32_t common = mask & m2;
            ck_assert_msg((value & common) != (v2 & common), "patterns %s and %s overlap", name, n2);
        }
    }
    (void)width;
}

START_TEST(test_arm_table_consistent) { check_table(false); }
END_TEST
START_TEST(test_thumb_table_consistent) { check_table(true); }
END_TEST

Suite *core_suite(void)
{
    Suite *s = suite_create("core");
    TCase *t = tcase_create("arm");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_dp_adds_flags);
    tcase_add_test(t, test_dp_sub_borrow_and_sbc);
    tcase_add_test(t, test_dp_imm_rotation_carry);
    tcase_add_test(t, test_shifter_immediate_forms);
    tcase_add_test(t, test_shifter_register_amounts);
    tcase_add_test(t, test_conditions);
    tcase_add_test(t, test_pc_operand_reads_plus_8);
    tcase_add_test(t, test_movs_pc_lr_returns_from_exception);
    tcase_add_test(t, test_reserved_test_forms_undefined);
    tcase_add_test(t, test_ldr_str_addressing);
    tcase_add_test(t, test_halfword_signed_double);
    tcase_add_test(t, test_unaligned_and_alignment_fault);
    tcase_add_test(t, test_external_abort_base_restored);
    tcase_add_test(t, test_big_endian_setend);
    tcase_add_test(t, test_ldm_stm_forms);
    tcase_add_test(t, test_ldm_pc_interworks);
    tcase_add_test(t, test_stm_user_bank);
    tcase_add_test(t, test_swp_and_exclusives);
    tcase_add_test(t, test_branches);
    tcase_add_test(t, test_msr_mrs_and_banking);
    tcase_add_test(t, test_cps_and_svc_exception);
    tcase_add_test(t, test_bkpt_prefetch_abort);
    tcase_add_test(t, test_irq_fiq_entry_and_priority);
    tcase_add_test(t, test_wfi_sleeps_until_irq);
    tcase_add_test(t, test_srs_rfe);
    tcase_add_test(t, test_cp15_ids_and_counters);
    tcase_add_test(t, test_ccnt_exact_inside_run_loop);
    tcase_add_test(t, test_coproc_absent_undefined);
    tcase_add_test(t, test_self_modifying_code);
    tcase_add_test(t, test_run_loop_local_loop_and_cycles);
    tcase_add_test(t, test_timing_load_use_and_prediction);
    tcase_add_test(t, test_timing_result_interlocks);
    tcase_add_test(t, test_interlock_operand_classes);
    tcase_add_test(t, test_timing_thumb_branch_prediction);
    tcase_add_test(t, test_timing_mispredict_flag_distance);
    tcase_add_test(t, test_timing_thumb_interlocks);
    tcase_add_test(t, test_step_matches_run);
    tcase_add_test(t, test_arm_table_consistent);
    tcase_add_test(t, test_thumb_table_consistent);
    suite_add_tcase(s, t);
    return s;
}
