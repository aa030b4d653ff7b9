/*
 * arm_mul: ARM-state multiplies (table from gen_tables.py).
 * MUL MLA (S forms: N Z set, C V kept), UMULL UMLAL SMULL SMLAL (S forms:
 * N Z from the 64-bit result), UMAAL, SMULxy SMLAxy SMLALxy SMULWy SMLAWy,
 * SMUAD(X) SMUSD(X) SMLAD(X) SMLSD(X) SMLALD(X) SMLSLD(X), SMMUL(R)
 * SMMLA(R) SMMLS(R); the Q flag (set on overflow, sticky when already set).
 * Hand part: a few results computed by hand.
 */
#include "test.h"
#include "arm_mul-tab.h"

ARMFN static void hand_checks(void)
{
    uint32_t lo, hi, psr, r;
    __asm__ volatile("msr cpsr_f, #0\n"
                     "mvn r2, #0\n"              /* 0xffffffff */
                     "mvn r3, #0\n"
                     "umulls %0, %1, r2, r3\n"
                     "mrs %2, cpsr\n"
                     : "=&r"(lo), "=&r"(hi), "=&r"(psr) :: "r2", "r3", "cc");
    t_eq("umulls ffffffff^2 lo", lo, 0x00000001);
    t_eq("umulls ffffffff^2 hi", hi, 0xfffffffe);
    t_eq("umulls ffffffff^2 flags", psr >> 27, 0x10);   /* N */
    __asm__ volatile("msr cpsr_f, #0\n"
                     "mvn r2, #0\n"              /* -1 */
                     "mvn r3, #0\n"
                     "smulls %0, %1, r2, r3\n"
                     "mrs %2, cpsr\n"
                     : "=&r"(lo), "=&r"(hi), "=&r"(psr) :: "r2", "r3", "cc");
    t_eq("smulls -1*-1 lo", lo, 1);
    t_eq("smulls -1*-1 hi", hi, 0);
    t_eq("smulls -1*-1 flags", psr >> 27, 0);
    __asm__ volatile("msr cpsr_f, #0\n"
                     "ldr r2, =0x7fff8000\n"
                     "ldr r3, =0x7fff8000\n"
                     "mov %0, #0x80000000\n"
                     "smlabb %0, r2, r3, %0\n"   /* -32768*-32768 + INT_MIN */
                     "mrs %1, cpsr\n"
                     : "=&r"(r), "=&r"(psr) :: "r2", "r3", "cc");
    t_eq("smlabb result", r, 0xc0000000);
    t_eq("smlabb no Q", psr & PSR_Q, 0);
    __asm__ volatile("msr cpsr_f, #0\n"
                     "ldr r2, =0x80008000\n"
                     "smuad %0, r2, r2\n"        /* 2 * 0x40000000 overflows */
                     "mrs %1, cpsr\n"
                     : "=&r"(r), "=&r"(psr) :: "r2", "cc");
    t_eq("smuad overflow result", r, 0x80000000);
    t_eq("smuad overflow sets Q", psr & PSR_Q, PSR_Q);
    __asm__ volatile("msr cpsr_f, #0\n"
                     "mov r2, #0x80000000\n"
                     "mov r3, #0x80000000\n"
                     "smmulr %0, r2, r3\n"       /* 2^62 >> 32 */
                     "mrs %1, cpsr\n"
                     : "=&r"(r), "=&r"(psr) :: "r2", "r3", "cc");
    t_eq("smmulr", r, 0x40000000);
    __asm__ volatile("mov r2, #3\n"
                     "mov r3, #0\n"
                     "mov %0, #7\n"
                     "mov %1, #9\n"
                     "umaal %0, %1, r2, r3\n"    /* 0 + 7 + 9 */
                     : "=&r"(lo), "=&r"(hi) :: "r2", "r3");
    t_eq("umaal lo", lo, 16);
    t_eq("umaal hi", hi, 0);
}

int main(void)
{
    t_begin("arm_mul");
    t_run_table("arm_mul", arm_mul_stubs, arm_mul_cases,
                ARRAY_LEN(arm_mul_cases), TAB_PSR_MASK);
    hand_checks();
    return t_done();
}
