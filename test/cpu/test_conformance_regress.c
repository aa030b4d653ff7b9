/* Regression tests for core bugs found by the differential conformance run
 * against Unicorn (build/conformance, docs/conformance.md).  Each test pins
 * the behaviour the ARM1176 TRM / ARMv6 ARM require, independently of the
 * oracle. */
#include "cpu/core.h"
#include "test/harness.h"

static TestCpu *tc;
static void setup(void) { tc = tc_create(1u << 20); }
static void teardown(void) { tc_destroy(tc); }

/* LDREXB never faults on alignment, LDREXH needs only halfword alignment
 * (TRM table 4-3, BSync/HWSync rows).  The core used to demand word
 * alignment for every exclusive access. */
START_TEST(test_ldrexb_ldrexh_alignment)
{
    Arm11 *c = tc->cpu;
    uint32_t w = 0x44332211;
    tc_put32(tc, 0x3000, &w, 1);
    c->r[1] = 0x3001;
    uint32_t pc = tc_exec_arm(tc, 0xE1D10F9F); /* LDREXB r0, [r1] */
    ck_assert_uint_eq(pc, 0x1004);
    ck_assert_uint_eq(c->r[0], 0x22);
    ck_assert_uint_eq(c->cpsr & PSR_MODE_MASK, MODE_SVC);
    c->r[1] = 0x3002;
    pc = tc_exec_arm(tc, 0xE1F10F9F);          /* LDREXH r0, [r1] */
    ck_assert_uint_eq(pc, 0x1004);
    ck_assert_uint_eq(c->r[0], 0x4433);
    /* STREXH to the monitored halfword succeeds */
    c->r[2] = 0xBEEF;
    pc = tc_exec_arm(tc, 0xE1E13F92);          /* STREXH r3, r2, [r1] */
    ck_assert_uint_eq(pc, 0x1004);
    ck_assert_uint_eq(c->r[3], 0);
    ck_assert_uint_eq(tc_get32(tc, 0x3000), 0xBEEF2211);
    /* STREXB at an odd address: no fault, fails (monitor closed) */
    c->r[1] = 0x3003;
    pc = tc_exec_arm(tc, 0xE1C13F92);          /* STREXB r3, r2, [r1] */
    ck_assert_uint_eq(pc, 0x1004);
    ck_assert_uint_eq(c->r[3], 1);
    /* LDREXH at an odd address still faults */
    c->r[1] = 0x3001;
    pc = tc_exec_arm(tc, 0xE1F10F9F);
    ck_assert_uint_eq(pc, 0x10);
    ck_assert_uint_eq(c->cp15.dfsr & 0x40F, FAULT_ALIGNMENT);
}
END_TEST

/* LDREXD/STREXD need doubleword alignment (TRM table 4-3, DWSync rows):
 * a word-aligned address that is not 8-byte aligned faults.  The core used
 * to accept any word-aligned address. */
START_TEST(test_ldrexd_strexd_doubleword_alignment)
{
    Arm11 *c = tc->cpu;
    c->r[1] = 0x3004;
    uint32_t pc = tc_exec_arm(tc, 0xE1B12F9F); /* LDREXD r2, r3, [r1] */
    ck_assert_uint_eq(pc, 0x10);
    ck_assert_uint_eq(c->cpsr & PSR_MODE_MASK, MODE_ABT);
    ck_assert_uint_eq(c->cp15.dfsr & 0x40F, FAULT_ALIGNMENT);
    ck_assert_uint_eq(c->cp15.far, 0x3004);
    arm_cpsr_write(c, MODE_SVC, PSR_MODE_MASK);
    c->r[1] = 0x3004;
    pc = tc_exec_arm(tc, 0xE1A10F92);          /* STREXD r0, r2, r3, [r1] */
    ck_assert_uint_eq(pc, 0x10);
    ck_assert_uint_eq(c->cp15.dfsr & 0xC0F, 0x800u | FAULT_ALIGNMENT);
    /* 8-byte aligned: works */
    arm_cpsr_write(c, MODE_SVC, PSR_MODE_MASK);
    uint32_t d[2] = {0x11111111, 0x22222222};
    tc_put32(tc, 0x3008, d, 2);
    c->r[1] = 0x3008;
    pc = tc_exec_arm(tc, 0xE1B12F9F);
    ck_assert_uint_eq(pc, 0x1004);
    ck_assert_uint_eq(c->r[2], 0x11111111);
    ck_assert_uint_eq(c->r[3], 0x22222222);
}
END_TEST

/* SMC enters Monitor mode with I, F and A all set (TRM 2.12.13 pseudo-code:
 * CPSR[8:6] = 0b111).  The core used to leave F and A alone, like SVC. */
START_TEST(test_smc_masks_fiq_and_aborts)
{
    Arm11 *c = tc->cpu;
    arm_cpsr_write(c, MODE_SVC, PSR_MODE_MASK | PSR_A | PSR_I | PSR_F);
    uint32_t before = c->cpsr;
    ck_assert_uint_eq(before & (PSR_A | PSR_I | PSR_F), 0);
    uint32_t pc = tc_exec_arm(tc, 0xE1600070); /* SMC #0 */
    ck_assert_uint_eq(pc, 0x08);
    ck_assert_uint_eq(c->cpsr & PSR_MODE_MASK, MODE_MON);
    ck_assert_uint_eq(c->cpsr & (PSR_A | PSR_I | PSR_F), PSR_A | PSR_I | PSR_F);
    ck_assert_uint_eq(c->spsr, before);
    ck_assert_uint_eq(c->r[14], 0x1004);
}
END_TEST

Suite *conformance_regress_suite(void)
{
    Suite *s = suite_create("conformance_regress");
    TCase *t = tcase_create("regress");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_ldrexb_ldrexh_alignment);
    tcase_add_test(t, test_ldrexd_strexd_doubleword_alignment);
    tcase_add_test(t, test_smc_masks_fiq_and_aborts);
    suite_add_tcase(s, t);
    return s;
}
