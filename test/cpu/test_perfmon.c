/* test_pmu.c - CP15 c15 performance monitor: counter overflow flags in PMNC
 * (bits 10:8, write 1 to clear) and the overflow interrupt output
 * (Arm11.pmu_irq, enabled by PMNC bits 6:4), which must be raised right
 * after the instruction during which the counter wrapped although the
 * counters are computed lazily from cpu->cycles. */
#include <check.h>

#include "cpu/core.h"
#include "cpu/cp15.h"
#include "test/harness.h"

static TestCpu *tc;
static void setup(void) { tc = tc_create(64 * 1024); }
static void teardown(void) { tc_destroy(tc); }

#define CPU (tc->cpu)
enum { PMNC = 0, CCNT = 1, PMN0 = 2, PMN1 = 3 };
enum {
    E = 1u << 0, P = 1u << 1, C = 1u << 2, D = 1u << 3,
    EC0 = 1u << 4, EC1 = 1u << 5, ECC = 1u << 6,
    CR0 = 1u << 8, CR1 = 1u << 9, CCR = 1u << 10,
};

/* MCR / MRC p15, 0, r0, c15, c12, reg through the core */
static void pm_write(unsigned reg, uint32_t v)
{
    CPU->r[0] = v;
    ck_assert_uint_eq(tc_exec_arm(tc, 0xEE0F0F1Cu | reg << 5), 0x1004);
}
static uint32_t pm_read(unsigned reg)
{
    ck_assert_uint_eq(tc_exec_arm(tc, 0xEE1F0F1Cu | reg << 5), 0x1004);
    return CPU->r[0];
}

/* r1 = n; loop: SUBS r1, r1, #1; BNE loop; SVC -- two instructions per turn */
static void run_loop(uint32_t n)
{
    static const uint32_t prog[3] = {0xE2511001, 0x1AFFFFFD, 0xEF000000};
    tc_put32(tc, 0x3000, prog, 3);
    CPU->r[1] = n;
    ck_assert(tc_run_to_svc(tc, 0x3000, 1000000));
}

/* The interrupt output: every change, with the counters at that moment. */
static struct {
    unsigned calls;
    bool level;
    uint32_t ccnt_at;
    uint64_t insns_at, cycles_at;
} irq;
static void on_pmu_irq(void *opaque, bool level)
{
    Arm11 *cpu = opaque;
    irq.calls++;
    irq.level = level;
    irq.ccnt_at = cp15_ccnt(cpu);
    irq.insns_at = arm_insns(cpu);
    irq.cycles_at = arm_cycles(cpu);
}
static void wire(void)
{
    irq.calls = 0;
    irq.level = false;
    CPU->pmu_irq = on_pmu_irq;
    CPU->pmu_irq_opaque = CPU;
}

START_TEST(test_ccnt_overflow_flag_w1c)
{
    pm_write(PMNC, E | C | P);
    pm_write(CCNT, 0xFFFFFFF0u);
    ck_assert_uint_eq(pm_read(PMNC) & (CR0 | CR1 | CCR), 0);
    run_loop(50); /* about 100 cycles: CCNT wraps */
    uint32_t v = pm_read(PMNC);
    ck_assert_uint_eq(v & (CR0 | CR1 | CCR), CCR);
    ck_assert_uint_lt(pm_read(CCNT), 0x100); /* wrapped to a small value */
    /* the flag stays until written with 1; writing 0 leaves it */
    pm_write(PMNC, E);
    ck_assert_uint_eq(pm_read(PMNC) & CCR, CCR);
    pm_write(PMNC, E | CCR);
    ck_assert_uint_eq(pm_read(PMNC) & CCR, 0);
    run_loop(50); /* no second wrap: stays clear */
    ck_assert_uint_eq(pm_read(PMNC) & CCR, 0);
    /* not wired: no overflow watch stops the run loop */
    ck_assert_uint_eq(CPU->pmu_deadline, UINT64_MAX);
}
END_TEST

START_TEST(test_pmn_overflow_flags)
{
    /* PMN0 counts instructions (0x07), PMN1 cycles (0xFF) */
    pm_write(PMNC, E | P | C | 0x07u << 20 | 0xFFu << 12);
    pm_write(PMN0, 0xFFFFFFFFu - 10);
    pm_write(PMN1, 0xFFFFFFFFu - 1000);
    run_loop(20); /* 40+ instructions, under 1000 cycles */
    ck_assert_uint_eq(pm_read(PMNC) & (CR0 | CR1 | CCR), CR0);
    run_loop(600);
    ck_assert_uint_eq(pm_read(PMNC) & (CR0 | CR1 | CCR), CR0 | CR1);
    pm_write(PMNC, E | 0x07u << 20 | 0xFFu << 12 | CR0 | CR1);
    ck_assert_uint_eq(pm_read(PMNC) & (CR0 | CR1 | CCR), 0);
}
END_TEST

START_TEST(test_ccnt_irq_on_time)
{
    wire();
    pm_write(PMNC, E | C | P | ECC);
    ck_assert_uint_eq(irq.calls, 0);
    pm_write(CCNT, 0xFFFFFFFFu - 99); /* wraps 100 cycles later */
    uint64_t c0 = CPU->cycles - 1;    /* the MCR's own cycle counts (test_core: CCNT) */
    run_loop(1000);
    ck_assert_uint_eq(irq.calls, 1);
    ck_assert(irq.level);
    /* raised right after the instruction during which CCNT wrapped */
    ck_assert_uint_le(irq.ccnt_at, 1);
    ck_assert_uint_ge(irq.cycles_at - c0, 100);
    ck_assert_uint_le(irq.cycles_at - c0, 102);
    ck_assert(CPU->pmu_irq_level);
    /* stays high while flagged; W1C lowers it */
    run_loop(10);
    ck_assert_uint_eq(irq.calls, 1);
    pm_write(PMNC, E | ECC | CCR);
    ck_assert_uint_eq(irq.calls, 2);
    ck_assert(!irq.level);
    /* a flag with its interrupt disabled keeps the line low; enabling it raises the line */
    pm_write(PMNC, E);
    pm_write(CCNT, 0xFFFFFFFFu - 9);
    run_loop(20);
    ck_assert_uint_eq(irq.calls, 2);
    pm_write(PMNC, E | ECC);
    ck_assert_uint_eq(irq.calls, 3);
    ck_assert(irq.level);
    /* reset lowers it */
    arm_reset(CPU);
    ck_assert_uint_eq(irq.calls, 4);
    ck_assert(!irq.level);
}
END_TEST

START_TEST(test_ccnt_divider_irq)
{
    /* D: CCNT counts every 64th cycle; from 0xFFFFFFFF it wraps after 64 */
    wire();
    pm_write(PMNC, E | C | D | ECC);
    pm_write(CCNT, 0xFFFFFFFFu);
    uint64_t c0 = CPU->cycles - 1;
    run_loop(1000);
    ck_assert_uint_eq(irq.calls, 1);
    ck_assert_uint_ge(irq.cycles_at - c0, 64);
    ck_assert_uint_le(irq.cycles_at - c0, 66);
    ck_assert_uint_eq(irq.ccnt_at, 0);
}
END_TEST

START_TEST(test_pmn_instruction_irq_exact)
{
    /* PMN0 counting instructions: the interrupt comes right after the
     * instruction that made it wrap, although instructions take a
     * variable number of cycles (the loop's mispredicted first branch) */
    wire();
    pm_write(PMNC, E | P | 0x07u << 20 | EC0);
    pm_write(PMN0, 0xFFFFFFFFu - 29);
    uint64_t i0 = arm_insns(CPU) - 1; /* the MCR itself counts */
    run_loop(1000);
    ck_assert_uint_eq(irq.calls, 1);
    ck_assert_uint_eq(irq.insns_at - i0, 30);
    ck_assert_uint_eq(pm_read(PMNC) & (CR0 | CR1 | CCR), CR0);
}
END_TEST

START_TEST(test_irq_wakes_wfi)
{
    /* asleep in WFI with no interrupt pending: time jumps, but not past
     * the overflow, whose interrupt output must still come on time */
    wire();
    pm_write(PMNC, E | C | ECC);
    pm_write(CCNT, 0xFFFFFFFFu - 499);
    uint64_t c0 = CPU->cycles - 1;
    CPU->r[15] = 0x1000;
    CPU->halted = true;
    arm_run(CPU, c0 + 1 + 10000);
    ck_assert_uint_eq(irq.calls, 1);
    ck_assert_uint_eq(irq.cycles_at - c0, 500);
    ck_assert_uint_eq(CPU->cycles, c0 + 1 + 10000);
}
END_TEST

Suite *perfmon_suite(void)
{
    Suite *s = suite_create("perfmon");
    TCase *t = tcase_create("overflow");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_ccnt_overflow_flag_w1c);
    tcase_add_test(t, test_pmn_overflow_flags);
    tcase_add_test(t, test_ccnt_irq_on_time);
    tcase_add_test(t, test_ccnt_divider_irq);
    tcase_add_test(t, test_pmn_instruction_irq_exact);
    tcase_add_test(t, test_irq_wakes_wfi);
    suite_add_tcase(s, t);
    return s;
}
