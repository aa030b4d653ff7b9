/* The debugger attachment (ArmDebug): per-instruction callbacks, stopping
 * before a breakpointed instruction, reporting every data access, stopping
 * after a watched access, and identical architectural results to the fast
 * loop. */
#include "cpu/core.h"
#include "test/harness.h"

typedef struct Probe {
    unsigned before, after, reads, writes;
    uint32_t break_pc;       /* stop before this pc (0 = none) */
    uint32_t watch_addr;     /* stop after a write here (0 = none) */
    uint32_t last_pc, last_val;
} Probe;

static bool probe_before(Arm11 *cpu, void *opaque, uint32_t pc)
{
    (void)cpu;
    Probe *p = opaque;
    if (p->break_pc && pc == p->break_pc) return false;
    p->before++;
    return true;
}

static void probe_after(Arm11 *cpu, void *opaque, uint32_t pc, bool irq)
{
    (void)cpu; (void)irq;
    Probe *p = opaque;
    p->after++;
    p->last_pc = pc;
}

static void probe_mem(Arm11 *cpu, void *opaque, uint32_t va, unsigned size, uint32_t val, bool write)
{
    (void)size;
    Probe *p = opaque;
    if (write) p->writes++;
    else p->reads++;
    if (write && p->watch_addr && va == p->watch_addr) {
        p->last_val = val;
        cpu->stop = true;
        cpu->deadline = 0;
    }
}

/* r0 = 3; loop: STR r0, [r1], #4 ; LDR r2, [r1, #-4] ; SUBS r0, r0, #1 ; BNE loop ; SVC */
static const uint32_t prog[6] = {0xE3A00003, 0xE4810004, 0xE5112004, 0xE2500001, 0x1AFFFFFB, 0xEF000000};

START_TEST(test_debug_counts_every_insn_and_access)
{
    TestCpu *tc = tc_create(1u << 16);
    Probe p = {0};
    ArmDebug d = {.opaque = &p, .before = probe_before, .after = probe_after, .mem = probe_mem};
    tc_put32(tc, 0x1000, prog, 6);
    tc->cpu->r[1] = 0x2000;
    arm_set_debug(tc->cpu, &d);
    ck_assert(tc_run_to_svc(tc, 0x1000, 10000));
    ck_assert_uint_eq(p.before, 1 + 4 * 3 + 1);
    ck_assert_uint_eq(p.after, p.before);
    ck_assert_uint_eq(p.writes, 3);
    ck_assert_uint_eq(p.reads, 3);
    ck_assert_uint_eq(tc->cpu->insns, p.before);
    tc_destroy(tc);
}
END_TEST

START_TEST(test_debug_breakpoint_stops_before)
{
    TestCpu *tc = tc_create(1u << 16);
    Probe p = {.break_pc = 0x100C};
    ArmDebug d = {.opaque = &p, .before = probe_before, .after = probe_after};
    tc_put32(tc, 0x1000, prog, 6);
    tc->cpu->r[1] = 0x2000;
    arm_set_debug(tc->cpu, &d);
    tc->cpu->r[15] = 0x1000;
    arm_run(tc->cpu, 10000);
    ck_assert(tc->cpu->stop);
    ck_assert_int_eq(tc->cpu->stop_reason, STOP_DEBUG);
    ck_assert_uint_eq(tc->cpu->r[15], 0x100C);
    ck_assert_uint_eq(tc->cpu->r[0], 3); /* SUBS not executed yet */
    ck_assert_uint_eq(tc->cpu->r[2], 3);
    tc_destroy(tc);
}
END_TEST

START_TEST(test_debug_watchpoint_stops_after_access)
{
    TestCpu *tc = tc_create(1u << 16);
    Probe p = {.watch_addr = 0x2004};
    ArmDebug d = {.opaque = &p, .before = probe_before, .after = probe_after, .mem = probe_mem};
    tc_put32(tc, 0x1000, prog, 6);
    tc->cpu->r[1] = 0x2000;
    arm_set_debug(tc->cpu, &d);
    tc->cpu->r[15] = 0x1000;
    arm_run(tc->cpu, 10000);
    ck_assert_int_eq(tc->cpu->stop_reason, STOP_DEBUG);
    ck_assert_uint_eq(p.last_val, 2);            /* second iteration stores r0 = 2 */
    ck_assert_uint_eq(tc->cpu->r[15], 0x1008);   /* stopped after the STR */
    ck_assert_uint_eq(tc_get32(tc, 0x2004), 2);
    /* detach: the fast loop finishes the program with the same result */
    arm_set_debug(tc->cpu, NULL);
    ck_assert(tc_run_to_svc(tc, 0x1008, 10000));
    ck_assert_uint_eq(tc_get32(tc, 0x2008), 1);
    ck_assert_uint_eq(tc->cpu->r[0], 0);
    tc_destroy(tc);
}
END_TEST

START_TEST(test_debug_same_result_as_fast_loop)
{
    TestCpu *a = tc_create(1u << 16), *b = tc_create(1u << 16);
    Probe p = {0};
    ArmDebug d = {.opaque = &p, .before = probe_before, .after = probe_after, .mem = probe_mem};
    tc_put32(a, 0x1000, prog, 6);
    tc_put32(b, 0x1000, prog, 6);
    a->cpu->r[1] = b->cpu->r[1] = 0x2000;
    arm_set_debug(b->cpu, &d);
    ck_assert(tc_run_to_svc(a, 0x1000, 10000));
    ck_assert(tc_run_to_svc(b, 0x1000, 10000));
    for (int i = 0; i < 16; i++) ck_assert_uint_eq(a->cpu->r[i], b->cpu->r[i]);
    ck_assert_uint_eq(a->cpu->cpsr, b->cpu->cpsr);
    ck_assert_uint_eq(a->cpu->cycles, b->cpu->cycles);
    ck_assert_uint_eq(a->cpu->insns, b->cpu->insns);
    tc_destroy(a);
    tc_destroy(b);
}
END_TEST

Suite *debug_suite(void)
{
    Suite *s = suite_create("debug");
    TCase *t = tcase_create("attach");
    tcase_add_test(t, test_debug_counts_every_insn_and_access);
    tcase_add_test(t, test_debug_breakpoint_stops_before);
    tcase_add_test(t, test_debug_watchpoint_stops_after_access);
    tcase_add_test(t, test_debug_same_result_as_fast_loop);
    suite_add_tcase(s, t);
    return s;
}
