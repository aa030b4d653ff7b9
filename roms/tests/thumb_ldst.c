/*
 * thumb_ldst: Thumb-state loads, stores and stack operations.
 *  - PC-relative LDR (from word-aligned and halfword-aligned instructions)
 *  - LDR/STR/LDRB/STRB/LDRH/STRH/LDRSB/LDRSH with register offset
 *    (including a negative index)
 *  - LDR/STR/LDRB/STRB/LDRH/STRH with 5-bit immediate offsets (up to the
 *    maximum 124 / 31 / 62)
 *  - SP-relative LDR/STR, ADD rd, SP/PC, #imm (ADR alignment), ADD/SUB SP
 *  - PUSH/POP with and without LR/PC, register order in memory
 *  - LDMIA/STMIA with writeback, LDMIA with the base in the list (no
 *    writeback), STMIA with the base as lowest register
 *  - unaligned LDR/STR/LDRH with SCTLR.U = 1
 *  - SETEND BE/LE in Thumb state with Thumb loads and stores
 *  - CPS in Thumb state (cpsie/cpsid i, f, a)
 * Same buffer pattern as arm_ldst: byte i = 0x10 + i (even i), 0x90 + i (odd).
 */
#include <string.h>
#include "test.h"

#define NBUF 160
static uint8_t buf[NBUF] __attribute__((aligned(8)));
#define B(i)  ((uint32_t)((((i) & 1) ? 0x90 + (i) : 0x10 + (i)) & 0xff))
#define H(i)  (B(i) | B((i) + 1) << 8)
#define W(i)  (B(i) | B((i) + 1) << 8 | B((i) + 2) << 16 | B((i) + 3) << 24)
#define SB(i) ((uint32_t)(int32_t)(int8_t)B(i))
#define SH(i) ((uint32_t)(int32_t)(int16_t)H(i))
#define BASE  16
#define A(i)  ((uint32_t)(uintptr_t)&buf[i])

static void fill(void)
{
    int i;
    for (i = 0; i < NBUF; i++)
        buf[i] = (uint8_t)B(i);
}

static uint32_t rd32(int i)
{
    uint32_t v;
    memcpy(&v, &buf[i], 4);
    return v;
}

/* r0-r3 come from io[0..3] and go back there afterwards. */
static uint32_t io[4];
#define TRUN(insn, r0v, r1v, r2v, r3v)                                       \
    do {                                                                     \
        uint32_t *p_ = io;                                                   \
        io[0] = (r0v); io[1] = (r1v); io[2] = (r2v); io[3] = (r3v);          \
        __asm__ volatile("push {%0}\n ldmia %0!, {r0-r3}\n"                  \
                         insn "\n"                                           \
                         "pop {%0}\n stmia %0!, {r0-r3}\n"                   \
                         : "+l"(p_) :: "r0", "r1", "r2", "r3", "r12",        \
                           "memory", "cc");                                  \
    } while (0)

THUMBFN static void reg_offsets(void)
{
    fill();
    TRUN("ldr r0, [r1, r2]", 0, A(BASE), 8, 0);
    t_eq("ldr [r1,r2]", io[0], W(BASE + 8));
    t_eq("ldr [r1,r2] keeps r1", io[1], A(BASE));
    TRUN("ldr r0, [r1, r2]", 0, A(BASE), (uint32_t)-12, 0);
    t_eq("ldr [r1,r2] r2=-12", io[0], W(BASE - 12));
    TRUN("ldrb r0, [r1, r2]", 0xffffffff, A(BASE), 3, 0);
    t_eq("ldrb [r1,r2]", io[0], B(BASE + 3));
    TRUN("ldrh r0, [r1, r2]", 0xffffffff, A(BASE), 6, 0);
    t_eq("ldrh [r1,r2]", io[0], H(BASE + 6));
    TRUN("ldrsb r0, [r1, r2]", 0, A(BASE), 5, 0);
    t_eq("ldrsb [r1,r2] negative", io[0], SB(BASE + 5));
    TRUN("ldrsb r0, [r1, r2]", 0xffffffff, A(BASE), 4, 0);
    t_eq("ldrsb [r1,r2] positive", io[0], SB(BASE + 4));
    TRUN("ldrsh r0, [r1, r2]", 0, A(BASE), (uint32_t)-2, 0);
    t_eq("ldrsh [r1,r2] negative", io[0], SH(BASE - 2));
    TRUN("str r0, [r1, r2]", 0xA1B2C3D4, A(BASE), 4, 0);
    t_eq("str [r1,r2]", rd32(BASE + 4), 0xA1B2C3D4);
    t_eq("str [r1,r2] neighbour", rd32(BASE), W(BASE));
    TRUN("strb r0, [r1, r2]", 0x1234, A(BASE), 9, 0);
    t_eq("strb [r1,r2]", rd32(BASE + 8), (W(BASE + 8) & 0xffff00ff) | 0x3400);
    TRUN("strh r0, [r1, r2]", 0xABCD9876, A(BASE), 14, 0);
    t_eq("strh [r1,r2]", rd32(BASE + 12), (W(BASE + 12) & 0xffff) | 0x98760000);
}

THUMBFN static void imm_offsets(void)
{
    fill();
    TRUN("ldr r0, [r1]", 0, A(BASE), 0, 0);
    t_eq("ldr [r1]", io[0], W(BASE));
    TRUN("ldr r0, [r1, #4]", 0, A(BASE), 0, 0);
    t_eq("ldr [r1,#4]", io[0], W(BASE + 4));
    TRUN("ldr r0, [r1, #124]", 0, A(BASE), 0, 0);
    t_eq("ldr [r1,#124]", io[0], W(BASE + 124));
    TRUN("ldrb r0, [r1, #31]", 0, A(BASE), 0, 0);
    t_eq("ldrb [r1,#31]", io[0], B(BASE + 31));
    TRUN("ldrb r0, [r1, #2]", 0xffffffff, A(BASE), 0, 0);
    t_eq("ldrb [r1,#2]", io[0], B(BASE + 2));
    TRUN("ldrh r0, [r1, #62]", 0, A(BASE), 0, 0);
    t_eq("ldrh [r1,#62]", io[0], H(BASE + 62));
    TRUN("ldrh r0, [r1, #2]", 0xffffffff, A(BASE), 0, 0);
    t_eq("ldrh [r1,#2]", io[0], H(BASE + 2));
    TRUN("str r0, [r1, #8]", 0x01020304, A(BASE), 0, 0);
    t_eq("str [r1,#8]", rd32(BASE + 8), 0x01020304);
    TRUN("str r0, [r1, #124]", 0x0a0b0c0d, A(BASE), 0, 0);
    t_eq("str [r1,#124]", rd32(BASE + 124), 0x0a0b0c0d);
    TRUN("strb r0, [r1, #5]", 0xEE, A(BASE), 0, 0);
    t_eq("strb [r1,#5]", rd32(BASE + 4), (W(BASE + 4) & 0xffff00ff) | 0xEE00);
    TRUN("strb r0, [r1, #31]", 0x5A, A(BASE), 0, 0);
    t_eq("strb [r1,#31]", buf[BASE + 31], 0x5A);
    TRUN("strh r0, [r1, #2]", 0x4321, A(BASE), 0, 0);
    t_eq("strh [r1,#2]", rd32(BASE), (W(BASE) & 0xffff) | 0x43210000);
    TRUN("strh r0, [r1, #62]", 0x8765, A(BASE), 0, 0);
    t_eq("strh [r1,#62]", buf[BASE + 62] | buf[BASE + 63] << 8, 0x8765);
}

THUMBFN static void pc_relative(void)
{
    /* LDR literal: address = Align(PC, 4) + imm, PC = insn + 4 */
    TRUN(".balign 4\n"
         "ldr r0, 1f\n"                 /* at 0 mod 4 */
         "ldr r1, 1f\n"                 /* at 2 mod 4 */
         "b 2f\n"
         ".balign 4\n"
         "1: .word 0x600DF00D\n"
         "2:\n", 0, 0, 0, 0);
    t_eq("ldr [pc] from 0 mod 4", io[0], 0x600DF00D);
    t_eq("ldr [pc] from 2 mod 4", io[1], 0x600DF00D);
    /* ADD rd, PC, #imm (ADR): Align(PC, 4) + imm */
    TRUN(".balign 4\n"
         "add r0, pc, #8\n"             /* X (0 mod 4): X + 4 + 8 */
         "add r1, pc, #4\n"             /* X + 2: ((X + 6) & ~3) + 4 = X + 8 */
         "ldr r2, =3f\n"
         "b 4f\n"
         ".balign 4\n"
         "3: .word 0\n"
         "4:\n", 0, 0, 0, 0);
    /* label 3 is at X + 8 */
    t_eq("add r0, pc, #8 at 0 mod 4", io[0], io[2] + 4);
    t_eq("add r1, pc, #4 at 2 mod 4", io[1], io[2]);
}

THUMBFN static void sp_ops(void)
{
    /* SP-relative STR/LDR, ADD rd, SP, #imm, SUB/ADD SP */
    TRUN("mov r3, sp\n"
         "sub sp, #16\n"
         "mov r2, sp\n"
         "subs r2, r3, r2\n"            /* 16 */
         "ldr r0, =0x5151A0A0\n"
         "str r0, [sp, #12]\n"
         "add r0, sp, #12\n"
         "ldr r1, [r0]\n"               /* stored through sp, read through r0 */
         "subs r0, r3, r0\n"            /* 4 */
         "add sp, #16\n"
         "mov r12, r0\n"
         "mov r0, sp\n"
         "subs r3, r3, r0\n"            /* 0: sp back */
         "mov r0, r12\n", 0, 0, 0, 0);
    t_eq("add r0, sp, #12", io[0], 4);
    t_eq("str/ldr [sp,#12]", io[1], 0x5151A0A0);
    t_eq("sub sp, #16", io[2], 16);
    t_eq("add sp, #16", io[3], 0);
    /* largest offsets: sub sp, #508 twice + 8, then [sp, #1020] */
    TRUN("mov r3, sp\n"
         "sub sp, #508\n"
         "sub sp, #508\n"
         "sub sp, #8\n"
         "ldr r0, =0x7E577E57\n"
         "str r0, [sp, #1020]\n"        /* = old sp - 4 */
         "ldr r1, [sp, #1020]\n"
         "subs r2, r3, #4\n"
         "ldr r2, [r2]\n"
         "add sp, #508\n"
         "add sp, #508\n"
         "add sp, #8\n"
         "mov r0, sp\n"
         "subs r3, r3, r0\n", 0, 0, 0, 0);
    t_eq("ldr [sp,#1020]", io[1], 0x7E577E57);
    t_eq("str [sp,#1020] lands at sp+1020", io[2], 0x7E577E57);
    t_eq("sub/add sp, #508", io[3], 0);
    /* PUSH/POP: lowest register at the lowest address */
    TRUN("mov r3, sp\n"
         "push {r0-r2}\n"
         "ldr r0, [sp]\n"
         "ldr r1, [sp, #8]\n"
         "lsls r1, r1, #4\n"
         "orrs r0, r1\n"                /* 0x31 */
         "mov r2, sp\n"
         "subs r2, r3, r2\n"            /* 12 */
         "pop {r1}\n"                   /* 1 */
         "add sp, #8\n"
         "mov r12, r0\n"
         "mov r0, sp\n"
         "subs r3, r3, r0\n"
         "mov r0, r12\n", 1, 2, 3, 0);
    t_eq("push {r0-r2}: order", io[0], 0x31);
    t_eq("pop {r1}", io[1], 1);
    t_eq("push {r0-r2}: sp - 12", io[2], 12);
    t_eq("push/pop: sp back", io[3], 0);
    TRUN("mov r2, lr\n"
         "ldr r0, =0xBEEF0001\n"
         "mov lr, r0\n"
         "push {r1, lr}\n"
         "pop {r0, r1}\n"
         "mov lr, r2\n"
         "movs r2, #0\n", 0, 0x1111, 0, 0);
    t_eq("push {r1, lr} / pop {r0, r1}: r0", io[0], 0x1111);
    t_eq("push {r1, lr} / pop {r0, r1}: r1 = lr", io[1], 0xBEEF0001);
}

THUMBFN static void ldm_stm(void)
{
    fill();
    TRUN("stmia r1!, {r0, r2, r3}", 0xA0, A(BASE), 0xA2, 0xA3);
    t_eq("stmia r1!: [0]", rd32(BASE), 0xA0);
    t_eq("stmia r1!: [4]", rd32(BASE + 4), 0xA2);
    t_eq("stmia r1!: [8]", rd32(BASE + 8), 0xA3);
    t_eq("stmia r1!: next untouched", rd32(BASE + 12), W(BASE + 12));
    t_eq("stmia r1!: writeback", io[1], A(BASE + 12));
    fill();
    TRUN("ldmia r1!, {r0, r2, r3}", 0, A(BASE), 0, 0);
    t_eq("ldmia r1!: r0", io[0], W(BASE));
    t_eq("ldmia r1!: r2", io[2], W(BASE + 4));
    t_eq("ldmia r1!: r3", io[3], W(BASE + 8));
    t_eq("ldmia r1!: writeback", io[1], A(BASE + 12));
    TRUN("ldmia r1, {r1, r2}", 0, A(BASE), 0, 0);
    t_eq("ldmia r1, {r1, r2}: r1 loaded, no writeback", io[1], W(BASE));
    t_eq("ldmia r1, {r1, r2}: r2", io[2], W(BASE + 4));
    TRUN("ldmia r1!, {r3}", 0, A(BASE + 20), 0, 0);
    t_eq("ldmia r1!, {r3}", io[3], W(BASE + 20));
    t_eq("ldmia r1!, {r3} writeback", io[1], A(BASE + 24));
    fill();
    TRUN("stmia r1!, {r1, r2}", 0, A(BASE), 0x2222, 0);
    t_eq("stmia r1!, base lowest: original base stored", rd32(BASE), A(BASE));
    t_eq("stmia r1!, base lowest: r2", rd32(BASE + 4), 0x2222);
    t_eq("stmia r1!, base lowest: writeback", io[1], A(BASE + 8));
}

ARMFN static uint32_t sctlr_swap(uint32_t v)
{
    uint32_t old;
    __asm__ volatile("mrc p15, 0, %0, c1, c0, 0\n"
                     "mcr p15, 0, %1, c1, c0, 0\n"
                     "mcr p15, 0, %2, c7, c5, 4\n"
                     : "=&r"(old) : "r"(v), "r"(0));
    return old;
}

ARMFN static uint32_t sctlr_get(void)
{
    uint32_t v;
    __asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(v));
    return v;
}

THUMBFN static void unaligned(void)
{
    uint32_t old = sctlr_get();
    sctlr_swap((old | (1u << 22)) & ~2u);           /* U = 1, A = 0 */
    fill();
    TRUN("ldr r0, [r1]", 0, A(BASE + 1), 0, 0);
    t_eq("unaligned ldr", io[0], B(BASE + 1) | B(BASE + 2) << 8 | B(BASE + 3) << 16 | B(BASE + 4) << 24);
    TRUN("ldr r0, [r1, #4]", 0, A(BASE + 2), 0, 0);
    t_eq("unaligned ldr #4", io[0], H(BASE + 6) | H(BASE + 8) << 16);
    TRUN("ldrh r0, [r1, #2]", 0, A(BASE + 3), 0, 0);
    t_eq("unaligned ldrh", io[0], B(BASE + 5) | B(BASE + 6) << 8);
    TRUN("str r0, [r1]", 0xA1B2C3D4, A(BASE + 3), 0, 0);
    t_eq("unaligned str (word 0)", rd32(BASE), (W(BASE) & 0xffffff) | 0xD4000000);
    t_eq("unaligned str (word 1)", rd32(BASE + 4), (W(BASE + 4) & 0xff000000) | 0xA1B2C3);
    sctlr_swap(old);
}

THUMBFN static void setend(void)
{
    fill();
    TRUN("setend be\n"
         "ldr r0, [r1]\n"
         "ldrh r2, [r1, #4]\n"
         "str r3, [r1, #8]\n"
         "setend le\n", 0, A(BASE), 0, 0xA1B2C3D4);
    t_eq("Thumb BE ldr", io[0], B(BASE) << 24 | B(BASE + 1) << 16 | B(BASE + 2) << 8 | B(BASE + 3));
    t_eq("Thumb BE ldrh", io[2], B(BASE + 4) << 8 | B(BASE + 5));
    t_eq("Thumb BE str", buf[BASE + 8] << 24 | buf[BASE + 9] << 16 | buf[BASE + 10] << 8 | buf[BASE + 11],
         0xA1B2C3D4);
    t_eq("back to LE", get_cpsr() & PSR_E, 0);
}

THUMBFN static void cps(void)
{
    uint32_t c0 = get_cpsr(), c;
    __asm__ volatile("cpsie i" ::: "memory");
    c = get_cpsr();
    __asm__ volatile("cpsid i" ::: "memory");
    t_eq("Thumb cpsie i", c & 0x1ff, c0 & 0x1ff & ~PSR_I);
    t_eq("Thumb cpsid i", get_cpsr() & 0x1ff, c0 & 0x1ff);
    __asm__ volatile("cpsie if" ::: "memory");
    c = get_cpsr();
    __asm__ volatile("cpsid f" ::: "memory");
    t_eq("Thumb cpsie if", c & 0x1ff, c0 & 0x1ff & ~(PSR_I | PSR_F));
    t_eq("Thumb cpsid f", get_cpsr() & 0x1ff, c0 & 0x1ff & ~PSR_I);
    __asm__ volatile("cpsid i\n cpsie a" ::: "memory");
    c = get_cpsr();
    __asm__ volatile("cpsid a" ::: "memory");
    t_eq("Thumb cpsie a", c & 0x1ff, c0 & 0x1ff & ~PSR_A);
    t_eq("Thumb cpsid a", get_cpsr() & 0x1ff, c0 & 0x1ff);
}

int main(void)
{
    t_begin("thumb_ldst");
    vec_install();               /* in case the CPS tests let an IRQ in */
    reg_offsets();
    imm_offsets();
    pc_relative();
    sp_ops();
    ldm_stm();
    unaligned();
    setend();
    cps();
    return t_done();
}
