/*
 * arm_media: ARMv6 media and saturating instructions (table from
 * gen_tables.py): parallel add/subtract in all six flavours (S Q SH U UQ UH
 * x ADD16 SUB16 ADD8 SUB8 ASX/ADDSUBX SAX/SUBADDX) with the GE bits checked
 * both in the CPSR and through a following SEL; SEL for every GE value;
 * PKHBT/PKHTB with every shift; SSAT/USAT with shifts, SSAT16/USAT16 and the
 * Q flag; SXTB SXTH UXTB UXTH SXTB16 UXTB16 and the accumulating forms with
 * every rotation; REV REV16 REVSH; USAD8 USADA8; QADD QSUB QDADD QDSUB; CLZ.
 * Hand part: a few results computed by hand.
 */
#include "test.h"
#include "arm_media-tab.h"

ARMFN static void hand_checks(void)
{
    uint32_t r, psr, s;
    __asm__ volatile("msr cpsr_fs, #0\n"
                     "ldr r2, =0x7fff0001\n"
                     "ldr r3, =0x00018000\n"
                     "sadd16 %0, r2, r3\n"     /* hi 0x7fff+1, lo 1-32768 */
                     "mrs %1, cpsr\n"
                     "ldr r2, =0x44332211\n"
                     "ldr r3, =0x88776655\n"
                     "sel %2, r2, r3\n"
                     : "=&r"(r), "=&r"(psr), "=&r"(s) :: "r2", "r3", "cc");
    /* GE follows the unwrapped sums: hi 32767+1 = +32768 >= 0, lo 1-32768 < 0 */
    t_eq("sadd16 result", r, 0x80008001);
    t_eq("sadd16 GE", (psr >> 16) & 0xf, 0xc);
    t_eq("sel after sadd16", s, 0x44336655);
    __asm__ volatile("msr cpsr_fs, #0\n"
                     "ldr r2, =0xff010203\n"
                     "ldr r3, =0x01010101\n"
                     "uadd8 %0, r2, r3\n"
                     "mrs %1, cpsr\n"
                     "ldr r2, =0x44332211\n"
                     "ldr r3, =0x88776655\n"
                     "sel %2, r2, r3\n"
                     : "=&r"(r), "=&r"(psr), "=&r"(s) :: "r2", "r3", "cc");
    t_eq("uadd8 result", r, 0x00020304);
    t_eq("uadd8 GE", (psr >> 16) & 0xf, 0x8);       /* carry from byte 3 */
    t_eq("sel after uadd8", s, 0x44776655);
    __asm__ volatile("msr cpsr_fs, #0\n"
                     "ldr r2, =0x00012345\n"
                     "ssat %0, #16, r2\n"
                     "mrs %1, cpsr\n"
                     : "=&r"(r), "=&r"(psr) :: "r2", "cc");
    t_eq("ssat #16 saturates", r, 0x7fff);
    t_eq("ssat #16 sets Q", psr & PSR_Q, PSR_Q);
    __asm__ volatile("msr cpsr_fs, #0\n"
                     "mov r2, #0x80000000\n"
                     "qdsub %0, r2, r2\n"      /* INT_MIN - sat(2*INT_MIN) */
                     "mrs %1, cpsr\n"
                     : "=&r"(r), "=&r"(psr) :: "r2", "cc");
    t_eq("qdsub result", r, 0);
    t_eq("qdsub sets Q (doubling saturated)", psr & PSR_Q, PSR_Q);
    __asm__ volatile("ldr r2, =0x00800000\n"
                     "clz %0, r2\n" : "=&r"(r) :: "r2");
    t_eq("clz 0x00800000", r, 8);
    __asm__ volatile("ldr r2, =0x12345678\n"
                     "rev %0, r2\n" : "=&r"(r) :: "r2");
    t_eq("rev", r, 0x78563412);
    __asm__ volatile("ldr r2, =0x11ff2280\n"
                     "sxtb16 %0, r2, ror #8\n" : "=&r"(r) :: "r2");
    t_eq("sxtb16 ror #8", r, 0x00110022);
    __asm__ volatile("ldr r2, =0x01020304\n"
                     "ldr r3, =0x04030201\n"
                     "usad8 %0, r2, r3\n" : "=&r"(r) :: "r2", "r3");
    t_eq("usad8", r, 8);
}

int main(void)
{
    t_begin("arm_media");
    t_run_table("arm_media", arm_media_stubs, arm_media_cases,
                ARRAY_LEN(arm_media_cases), TAB_PSR_MASK);
    hand_checks();
    return t_done();
}
