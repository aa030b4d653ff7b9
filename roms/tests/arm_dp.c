/*
 * arm_dp: ARM-state data processing.
 *
 * Table part (arm_dp-tab.h, from gen_tables.py): all 16 opcodes with S and
 * without, register / rotated-immediate / immediate-shift / register-shift
 * operands (LSL LSR ASR ROR by #0..#31, LSR/ASR #32, RRX, register amounts
 * 0, 1..31, 32, >32, 255, 256 and with bits above 7 set), N Z C V results
 * for arithmetic and logical ops (shifter carry out), Rd == Rn == Rm forms,
 * and conditional execution: MOV<cond>, ADDS<cond> and B<cond> for all 15
 * conditions against all 16 NZCV combinations.
 * Hand part: reading the PC as an operand (PC + 8).
 */
#include <stdio.h>
#include "test.h"
#include "arm_dp-tab.h"

/* Returns the address of the "add" instruction and stores what the
 * instruction read as PC. */
ARMFN static uint32_t pc_read(uint32_t *seen, uint32_t *seen2)
{
    uint32_t here, v, v2;
    __asm__ volatile(
        "1:  add   %0, pc, #0\n"
        "    mov   %1, pc\n"
        "    adr   %2, 1b\n"
        : "=&r"(v), "=&r"(v2), "=&r"(here));
    *seen = v;
    *seen2 = v2;
    return here;
}

/* pc used as Rm with a shift by immediate, and as Rn */
ARMFN static uint32_t pc_shift(uint32_t *seen)
{
    uint32_t here, v;
    __asm__ volatile(
        "1:  mov   %0, pc, lsl #0\n"
        "    adr   %1, 1b\n"
        : "=&r"(v), "=&r"(here));
    *seen = v;
    return here;
}

ARMFN static uint32_t pc_sub(void)
{
    uint32_t v;
    /* sub r, pc, pc: both operands read as the same value */
    __asm__ volatile("sub %0, pc, pc\n" : "=r"(v));
    return v;
}

/* a few hand-computed results, independent of the generator */
ARMFN static void hand_checks(void)
{
    uint32_t r, psr;
    __asm__ volatile("msr cpsr_f, #0\n"
                     "ldr %0, =0x7fffffff\n"
                     "adds %0, %0, #1\n"
                     "mrs %1, cpsr\n" : "=&r"(r), "=&r"(psr) :: "cc");
    t_eq("adds 0x7fffffff+1 result", r, 0x80000000u);
    t_eq("adds 0x7fffffff+1 NZCV", psr >> 28, 0x9);      /* N V */
    __asm__ volatile("msr cpsr_f, #0\n"
                     "mov %0, #0\n"
                     "subs %0, %0, #1\n"
                     "mrs %1, cpsr\n" : "=&r"(r), "=&r"(psr) :: "cc");
    t_eq("subs 0-1 result", r, 0xffffffffu);
    t_eq("subs 0-1 NZCV", psr >> 28, 0x8);               /* N, borrow */
    __asm__ volatile("msr cpsr_f, #0x20000000\n"         /* C = 1 */
                     "mov %0, #5\n"
                     "rscs %0, %0, #5\n"                 /* 5 - 5 - 0 */
                     "mrs %1, cpsr\n" : "=&r"(r), "=&r"(psr) :: "cc");
    t_eq("rscs 5-5 with C=1 result", r, 0);
    t_eq("rscs 5-5 with C=1 NZCV", psr >> 28, 0x6);      /* Z C */
    __asm__ volatile("msr cpsr_f, #0\n"
                     "mov %0, #0x80000001\n"
                     "movs %0, %0, rrx\n"
                     "mrs %1, cpsr\n" : "=&r"(r), "=&r"(psr) :: "cc");
    t_eq("movs rrx result", r, 0x40000000);
    t_eq("movs rrx NZCV", psr >> 28, 0x2);               /* C from bit 0 */
    __asm__ volatile("msr cpsr_f, #0xf0000000\n"
                     "mov %0, #3\n"
                     "mov r12, #33\n"
                     "movs %0, %0, lsl r12\n"
                     "mrs %1, cpsr\n" : "=&r"(r), "=&r"(psr) :: "cc", "r12");
    t_eq("movs lsl #33 (reg) result", r, 0);
    t_eq("movs lsl #33 (reg) NZCV", psr >> 28, 0x5);     /* Z, C=0, V kept */
}

int main(void)
{
    uint32_t seen, seen2, here;
    t_begin("arm_dp");
    t_run_table("arm_dp", arm_dp_stubs, arm_dp_cases, ARRAY_LEN(arm_dp_cases),
                TAB_PSR_MASK);

    here = pc_read(&seen, &seen2);
    t_eq("add r, pc, #0 reads insn+8", seen, here + 8);
    t_eq("mov r, pc reads insn+8", seen2, here + 12);
    here = pc_shift(&seen);
    t_eq("mov r, pc, lsl #0 reads insn+8", seen, here + 8);
    t_eq("sub r, pc, pc", pc_sub(), 0);
    hand_checks();
    return t_done();
}
