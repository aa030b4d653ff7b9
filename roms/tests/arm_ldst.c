/*
 * arm_ldst: ARM-state loads and stores.
 *  - LDR/STR/LDRB/STRB: immediate, register and scaled-register offsets
 *    (LSL LSR ASR ROR RRX), pre-indexed with and without writeback,
 *    post-indexed, up and down
 *  - LDRT/STRT/LDRBT/STRBT (privileged, MMU off: behave like LDR/STR)
 *  - LDRH/STRH/LDRSB/LDRSH, LDRD/STRD: immediate and register offsets,
 *    pre/post, writeback, up/down
 *  - LDM/STM IA IB DA DB with and without writeback, base in the list
 *    (STM stores the original base when it is the lowest register; LDM
 *    without writeback loads it), LDM with PC, STM of PC (stores insn + 8
 *    on the ARM1176), STM/LDM of the User registers (^)
 *  - SWP/SWPB
 *  - LDREX/STREX, LDREXB/STREXB, LDREXH/STREXH, LDREXD/STREXD, CLREX:
 *    STREX returns 0 after LDREX, 1 after CLREX or a completed STREX
 *  - unaligned LDR/STR/LDRH/STRH/LDRSH and word-aligned LDRD/STRD with
 *    SCTLR.U = 1 (ARMv6 unaligned support, behaves like byte accesses)
 *  - PC-relative loads (literal pool)
 *
 * The buffer holds byte i = 0x10 + i (i even) or 0x90 + i (i odd), so every
 * expected value below is a compile-time constant built from B(i).
 */
#include <string.h>
#include "test.h"

#define NBUF 96
static uint8_t buf[NBUF] __attribute__((aligned(8)));
#define B(i)  ((uint32_t)((((i) & 1) ? 0x90 + (i) : 0x10 + (i)) & 0xff))
#define H(i)  (B(i) | B((i) + 1) << 8)
#define W(i)  (B(i) | B((i) + 1) << 8 | B((i) + 2) << 16 | B((i) + 3) << 24)
#define SB(i) ((uint32_t)(int32_t)(int8_t)B(i))
#define SH(i) ((uint32_t)(int32_t)(int16_t)H(i))
#define BASE  32                       /* offset of the base register in buf */
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

/*
 * RUN: r0 = in, r1 = base (buf + BASE), r2 = idx, then the instruction(s);
 * afterwards res = r0, nb = r1 (possibly written back), res2 = r3.
 */
static uint32_t res, nb, res2;
#define RUN(insn, in, idx)                                                   \
    do {                                                                     \
        uint32_t r0_ = (in), r1_ = A(BASE), r2_ = (idx), r3_ = 0x3333;       \
        __asm__ volatile("mov r0, %0\n mov r1, %1\n mov r2, %3\n mov r3, %2\n" \
                         insn "\n"                                           \
                         "mov %0, r0\n mov %1, r1\n mov %2, r3\n"            \
                         : "+r"(r0_), "+r"(r1_), "+r"(r3_)                   \
                         : "r"(r2_)                                          \
                         : "r0", "r1", "r2", "r3", "memory");                \
        res = r0_; nb = r1_; res2 = r3_;                                     \
    } while (0)

ARMFN static void test_ldr_str(void)
{
    fill();
    RUN("ldr r0, [r1]", 0, 0);
    t_eq("ldr [r1]", res, W(BASE));
    RUN("ldr r0, [r1, #8]", 0, 0);
    t_eq("ldr [r1,#8]", res, W(BASE + 8));
    t_eq("ldr [r1,#8] no writeback", nb, A(BASE));
    RUN("ldr r0, [r1, #-12]", 0, 0);
    t_eq("ldr [r1,#-12]", res, W(BASE - 12));
    RUN("ldr r0, [r1, #4]!", 0, 0);
    t_eq("ldr [r1,#4]!", res, W(BASE + 4));
    t_eq("ldr [r1,#4]! writeback", nb, A(BASE + 4));
    RUN("ldr r0, [r1, #-4]!", 0, 0);
    t_eq("ldr [r1,#-4]!", res, W(BASE - 4));
    t_eq("ldr [r1,#-4]! writeback", nb, A(BASE - 4));
    RUN("ldr r0, [r1], #8", 0, 0);
    t_eq("ldr [r1],#8", res, W(BASE));
    t_eq("ldr [r1],#8 writeback", nb, A(BASE + 8));
    RUN("ldr r0, [r1], #-8", 0, 0);
    t_eq("ldr [r1],#-8", res, W(BASE));
    t_eq("ldr [r1],#-8 writeback", nb, A(BASE - 8));
    RUN("ldr r0, [r1, r2]", 0, 12);
    t_eq("ldr [r1,r2]", res, W(BASE + 12));
    RUN("ldr r0, [r1, -r2]", 0, 16);
    t_eq("ldr [r1,-r2]", res, W(BASE - 16));
    RUN("ldr r0, [r1, r2, lsl #2]", 0, 3);
    t_eq("ldr [r1,r2,lsl #2]", res, W(BASE + 12));
    RUN("ldr r0, [r1, -r2, lsl #3]", 0, 2);
    t_eq("ldr [r1,-r2,lsl #3]", res, W(BASE - 16));
    RUN("ldr r0, [r1, r2, lsr #4]", 0, 0x80);
    t_eq("ldr [r1,r2,lsr #4]", res, W(BASE + 8));
    RUN("ldr r0, [r1, r2, asr #2]", 0, (uint32_t)-32);
    t_eq("ldr [r1,r2,asr #2] (negative index)", res, W(BASE - 8));
    RUN("ldr r0, [r1, r2, ror #4]", 0, 0xFFFFFF8F);  /* ror 4 -> -8 */
    t_eq("ldr [r1,r2,ror #4]", res, W(BASE - 8));
    RUN("msr cpsr_f, #0\n ldr r0, [r1, r2, rrx]", 0, 8);   /* C=0: 8 -> 4 */
    t_eq("ldr [r1,r2,rrx] C=0", res, W(BASE + 4));
    RUN("ldr r0, [r1, r2, lsl #2]!", 0, 1);
    t_eq("ldr [r1,r2,lsl #2]!", res, W(BASE + 4));
    t_eq("ldr [r1,r2,lsl #2]! writeback", nb, A(BASE + 4));
    RUN("ldr r0, [r1], r2, lsl #1", 0, 6);
    t_eq("ldr [r1],r2,lsl #1", res, W(BASE));
    t_eq("ldr [r1],r2,lsl #1 writeback", nb, A(BASE + 12));
    RUN("ldr r0, [r1], -r2", 0, 20);
    t_eq("ldr [r1],-r2 writeback", nb, A(BASE - 20));

    /* bytes */
    RUN("ldrb r0, [r1, #1]", 0xffffffff, 0);
    t_eq("ldrb [r1,#1] zero-extends", res, B(BASE + 1));
    RUN("ldrb r0, [r1, #-3]!", 0, 0);
    t_eq("ldrb [r1,#-3]!", res, B(BASE - 3));
    t_eq("ldrb [r1,#-3]! writeback", nb, A(BASE - 3));
    RUN("ldrb r0, [r1], #5", 0, 0);
    t_eq("ldrb [r1],#5", res, B(BASE));
    t_eq("ldrb [r1],#5 writeback", nb, A(BASE + 5));
    RUN("ldrb r0, [r1, r2, lsl #1]", 0, 3);
    t_eq("ldrb [r1,r2,lsl #1]", res, B(BASE + 6));
    RUN("ldrb r0, [r1, -r2]", 0, 7);
    t_eq("ldrb [r1,-r2]", res, B(BASE - 7));

    /* stores */
    fill();
    RUN("str r0, [r1, #4]", 0xA1B2C3D4, 0);
    t_eq("str [r1,#4]", rd32(BASE + 4), 0xA1B2C3D4);
    t_eq("str [r1,#4] neighbours", rd32(BASE) ^ rd32(BASE + 8), W(BASE) ^ W(BASE + 8));
    RUN("str r0, [r1, #-8]!", 0x01020304, 0);
    t_eq("str [r1,#-8]!", rd32(BASE - 8), 0x01020304);
    t_eq("str [r1,#-8]! writeback", nb, A(BASE - 8));
    RUN("str r0, [r1], #12", 0x11223344, 0);
    t_eq("str [r1],#12", rd32(BASE), 0x11223344);
    t_eq("str [r1],#12 writeback", nb, A(BASE + 12));
    RUN("str r0, [r1, r2, lsl #2]", 0x55667788, 4);
    t_eq("str [r1,r2,lsl #2]", rd32(BASE + 16), 0x55667788);
    RUN("str r0, [r1, -r2]!", 0x99AABBCC, 12);
    t_eq("str [r1,-r2]!", rd32(BASE - 12), 0x99AABBCC);
    t_eq("str [r1,-r2]! writeback", nb, A(BASE - 12));
    RUN("str r0, [r1], -r2, asr #1", 0xDDEEFF00, 8);
    t_eq("str [r1],-r2,asr #1", rd32(BASE), 0xDDEEFF00);
    t_eq("str [r1],-r2,asr #1 writeback", nb, A(BASE - 4));
    fill();
    RUN("strb r0, [r1, #2]", 0x123456AB, 0);
    t_eq("strb [r1,#2]", rd32(BASE), (W(BASE) & 0xff00ffff) | 0x00AB0000);
    RUN("strb r0, [r1, #-1]!", 0xCD, 0);
    t_eq("strb [r1,#-1]!", buf[BASE - 1], 0xCD);
    t_eq("strb [r1,#-1]! writeback", nb, A(BASE - 1));
    RUN("strb r0, [r1], r2", 0xEF, 3);
    t_eq("strb [r1],r2", buf[BASE], 0xEF);
    t_eq("strb [r1],r2 writeback", nb, A(BASE + 3));
    t_eq("strb left the rest", rd32(BASE + 4), W(BASE + 4));

    /* translated forms (privileged, MMU off: same as the plain ones) */
    fill();
    RUN("ldrt r0, [r1], #4", 0, 0);
    t_eq("ldrt [r1],#4", res, W(BASE));
    t_eq("ldrt writeback", nb, A(BASE + 4));
    RUN("ldrbt r0, [r1], #-1", 0, 0);
    t_eq("ldrbt [r1],#-1", res, B(BASE));
    t_eq("ldrbt writeback", nb, A(BASE - 1));
    RUN("strt r0, [r1], r2", 0xCAFEBABE, 8);
    t_eq("strt [r1],r2", rd32(BASE), 0xCAFEBABE);
    t_eq("strt writeback", nb, A(BASE + 8));
    RUN("strbt r0, [r1], #1", 0x77, 0);
    t_eq("strbt", buf[BASE], 0x77);
}

ARMFN static void test_half_double(void)
{
    fill();
    RUN("ldrh r0, [r1, #2]", 0xffffffff, 0);
    t_eq("ldrh [r1,#2]", res, H(BASE + 2));
    RUN("ldrh r0, [r1, #-6]!", 0, 0);
    t_eq("ldrh [r1,#-6]!", res, H(BASE - 6));
    t_eq("ldrh [r1,#-6]! writeback", nb, A(BASE - 6));
    RUN("ldrh r0, [r1], #10", 0, 0);
    t_eq("ldrh [r1],#10", res, H(BASE));
    t_eq("ldrh [r1],#10 writeback", nb, A(BASE + 10));
    RUN("ldrh r0, [r1, r2]", 0, 8);
    t_eq("ldrh [r1,r2]", res, H(BASE + 8));
    RUN("ldrh r0, [r1, -r2]!", 0, 4);
    t_eq("ldrh [r1,-r2]!", res, H(BASE - 4));
    t_eq("ldrh [r1,-r2]! writeback", nb, A(BASE - 4));
    RUN("ldrh r0, [r1], -r2", 0, 2);
    t_eq("ldrh [r1],-r2 writeback", nb, A(BASE - 2));
    RUN("ldrsh r0, [r1, #2]", 0, 0);
    t_eq("ldrsh [r1,#2] (negative)", res, SH(BASE + 2));
    RUN("ldrsh r0, [r1, r2]!", 0, 0xfffffffc);
    t_eq("ldrsh [r1,r2]! (r2=-4)", res, SH(BASE - 4));
    t_eq("ldrsh writeback", nb, A(BASE - 4));
    RUN("ldrsb r0, [r1, #3]", 0, 0);
    t_eq("ldrsb [r1,#3] (negative)", res, SB(BASE + 3));
    RUN("ldrsb r0, [r1, #4]", 0xffffffff, 0);
    t_eq("ldrsb [r1,#4] (positive)", res, SB(BASE + 4));
    RUN("ldrsb r0, [r1], -r2", 0, 5);
    t_eq("ldrsb [r1],-r2", res, SB(BASE));
    t_eq("ldrsb [r1],-r2 writeback", nb, A(BASE - 5));
    RUN("ldrsb r0, [r1, #-1]!", 0, 0);
    t_eq("ldrsb [r1,#-1]!", res, SB(BASE - 1));
    t_eq("ldrsb [r1,#-1]! writeback", nb, A(BASE - 1));
    RUN("strh r0, [r1, #6]", 0xABCD1234, 0);
    t_eq("strh [r1,#6]", rd32(BASE + 4), (W(BASE + 4) & 0xffff) | 0x12340000);
    RUN("strh r0, [r1, -r2]!", 0x5678, 10);
    t_eq("strh [r1,-r2]!", rd32(BASE - 12), (W(BASE - 12) & 0xffff) | 0x56780000);
    t_eq("strh [r1,-r2]! writeback", nb, A(BASE - 10));
    RUN("strh r0, [r1], #-2", 0x9abc, 0);
    t_eq("strh [r1],#-2", rd32(BASE) & 0xffff, 0x9abc);
    t_eq("strh [r1],#-2 writeback", nb, A(BASE - 2));

    /* doublewords: r2/r3 pair; RUN puts idx in r2, so load the index into r0 */
    fill();
    RUN("ldrd r2, r3, [r1, #8]\n mov r0, r2", 0, 0);
    t_eq("ldrd [r1,#8] lo", res, W(BASE + 8));
    t_eq("ldrd [r1,#8] hi", res2, W(BASE + 12));
    RUN("ldrd r2, r3, [r1, #-16]!\n mov r0, r2", 0, 0);
    t_eq("ldrd [r1,#-16]! lo", res, W(BASE - 16));
    t_eq("ldrd [r1,#-16]! hi", res2, W(BASE - 12));
    t_eq("ldrd [r1,#-16]! writeback", nb, A(BASE - 16));
    RUN("ldrd r2, r3, [r1], #24\n mov r0, r2", 0, 0);
    t_eq("ldrd [r1],#24 lo", res, W(BASE));
    t_eq("ldrd [r1],#24 writeback", nb, A(BASE + 24));
    RUN("mov r0, #16\n ldrd r2, r3, [r1, r0]\n mov r0, r2", 0, 0);
    t_eq("ldrd [r1,r0] lo", res, W(BASE + 16));
    t_eq("ldrd [r1,r0] hi", res2, W(BASE + 20));
    RUN("mov r0, #8\n ldrd r2, r3, [r1, -r0]!\n mov r0, r2", 0, 0);
    t_eq("ldrd [r1,-r0]! lo", res, W(BASE - 8));
    t_eq("ldrd [r1,-r0]! writeback", nb, A(BASE - 8));
    RUN("ldr r2, =0x01234567\n ldr r3, =0x89abcdef\n strd r2, r3, [r1, #-8]", 0, 0);
    t_eq("strd [r1,#-8] lo", rd32(BASE - 8), 0x01234567);
    t_eq("strd [r1,#-8] hi", rd32(BASE - 4), 0x89abcdef);
    RUN("ldr r2, =0x0badf00d\n ldr r3, =0xfeedface\n mov r0, #8\n strd r2, r3, [r1], r0",
        0, 0);
    t_eq("strd [r1],r0 lo", rd32(BASE), 0x0badf00d);
    t_eq("strd [r1],r0 hi", rd32(BASE + 4), 0xfeedface);
    t_eq("strd [r1],r0 writeback", nb, A(BASE + 8));
    RUN("mov r2, #1\n mov r3, #2\n strd r2, r3, [r1, #16]!", 0, 0);
    t_eq("strd [r1,#16]! lo", rd32(BASE + 16), 1);
    t_eq("strd [r1,#16]! hi", rd32(BASE + 20), 2);
    t_eq("strd [r1,#16]! writeback", nb, A(BASE + 16));
}

/* LDM/STM: r1 = base; loads r4-r7 / stores r4-r7 = 0x44.., 0x55.., ... */
static uint32_t m[4];
#define LDM(insn)                                                            \
    do {                                                                     \
        uint32_t b_ = A(BASE);                                               \
        __asm__ volatile("mov r1, %0\n mov r4, #0\n mov r5, #0\n"             \
                         "mov r6, #0\n mov r7, #0\n"                         \
                         insn "\n"                                           \
                         "mov %0, r1\n stm %1, {r4-r7}\n"                    \
                         : "+r"(b_) : "r"(m)                                 \
                         : "r1", "r4", "r5", "r6", "r7", "memory");          \
        nb = b_;                                                             \
    } while (0)
#define STM(insn)                                                            \
    do {                                                                     \
        uint32_t b_ = A(BASE);                                               \
        __asm__ volatile("mov r1, %0\n ldr r4, =0x44444444\n"                \
                         "ldr r5, =0x55555555\n ldr r6, =0x66666666\n"       \
                         "ldr r7, =0x77777777\n"                             \
                         insn "\n"                                           \
                         "mov %0, r1\n"                                      \
                         : "+r"(b_) :                                        \
                         : "r1", "r4", "r5", "r6", "r7", "memory");          \
        nb = b_;                                                             \
    } while (0)

ARMFN static void test_ldm_stm(void)
{
    int i;
    fill();
    LDM("ldmia r1, {r4-r7}");
    for (i = 0; i < 4; i++)
        t_eqf(m[i], W(BASE + 4 * i), "ldmia r%d", 4 + i);
    t_eq("ldmia no writeback", nb, A(BASE));
    LDM("ldmia r1!, {r4, r6}");
    t_eq("ldmia! r4", m[0], W(BASE));
    t_eq("ldmia! r6", m[2], W(BASE + 4));
    t_eq("ldmia! r5 untouched", m[1], 0);
    t_eq("ldmia! writeback", nb, A(BASE + 8));
    LDM("ldmib r1!, {r4-r7}");
    for (i = 0; i < 4; i++)
        t_eqf(m[i], W(BASE + 4 + 4 * i), "ldmib r%d", 4 + i);
    t_eq("ldmib! writeback", nb, A(BASE + 16));
    LDM("ldmda r1!, {r4-r7}");
    for (i = 0; i < 4; i++)
        t_eqf(m[i], W(BASE - 12 + 4 * i), "ldmda r%d", 4 + i);
    t_eq("ldmda! writeback", nb, A(BASE - 16));
    LDM("ldmdb r1, {r4-r7}");
    for (i = 0; i < 4; i++)
        t_eqf(m[i], W(BASE - 16 + 4 * i), "ldmdb r%d", 4 + i);
    t_eq("ldmdb no writeback", nb, A(BASE));
    LDM("ldmdb r1!, {r5}");
    t_eq("ldmdb! single", m[1], W(BASE - 4));
    t_eq("ldmdb! single writeback", nb, A(BASE - 4));
    LDM("ldmia r1, {r1, r4}");
    t_eq("ldmia base in list (no wb) loads base", nb, W(BASE));
    t_eq("ldmia base in list r4", m[0], W(BASE + 4));

    fill();
    STM("stmia r1!, {r4-r7}");
    for (i = 0; i < 4; i++)
        t_eqf(rd32(BASE + 4 * i), 0x44444444u + 0x11111111u * i, "stmia r%d", 4 + i);
    t_eq("stmia! writeback", nb, A(BASE + 16));
    t_eq("stmia! next word untouched", rd32(BASE + 16), W(BASE + 16));
    fill();
    STM("stmib r1, {r4, r7}");
    t_eq("stmib r4", rd32(BASE + 4), 0x44444444);
    t_eq("stmib r7", rd32(BASE + 8), 0x77777777);
    t_eq("stmib base word untouched", rd32(BASE), W(BASE));
    t_eq("stmib no writeback", nb, A(BASE));
    fill();
    STM("stmda r1!, {r4-r6}");
    t_eq("stmda r4", rd32(BASE - 8), 0x44444444);
    t_eq("stmda r6", rd32(BASE), 0x66666666);
    t_eq("stmda! writeback", nb, A(BASE - 12));
    fill();
    STM("stmdb r1!, {r5-r7}");
    t_eq("stmdb r5", rd32(BASE - 12), 0x55555555);
    t_eq("stmdb r7", rd32(BASE - 4), 0x77777777);
    t_eq("stmdb base word untouched", rd32(BASE), W(BASE));
    t_eq("stmdb! writeback", nb, A(BASE - 12));
    fill();
    STM("stmia r1!, {r1, r4}");
    t_eq("stmia! base lowest in list stores original base", rd32(BASE), A(BASE));
    t_eq("stmia! base in list r4", rd32(BASE + 4), 0x44444444);
    t_eq("stmia! base in list writeback", nb, A(BASE + 8));
    fill();
    STM("stmdb r1, {r1, r7}");
    t_eq("stmdb base in list (no wb)", rd32(BASE - 8), A(BASE));
}

/* LDM with PC, STM of PC, User-bank transfers */
ARMFN static void test_ldm_pc(void)
{
    uint32_t got, here, ublk[2], sysr[2], r4v;
    static uint32_t blk[4];
    __asm__ volatile(
        "adr   r2, 1f\n"
        "ldr   r3, =0x4444abcd\n"
        "stmia %2, {r3}\n"
        "str   r2, [%2, #4]\n"
        "mov   r4, #0\n"
        "ldmia %2, {r4, pc}\n"          /* jumps to 1: with r4 loaded */
        "mov   r4, #1\n"                /* skipped */
        "1:\n"
        "mov   %0, r4\n"
        : "=r"(r4v) : "0"(0), "r"(blk) : "r2", "r3", "r4", "memory");
    t_eq("ldmia {r4, pc} loads r4 and branches", r4v, 0x4444abcd);
    __asm__ volatile(
        "2: stmia %1, {pc}\n"
        "adr   %0, 2b\n"
        : "=r"(here) : "r"(blk) : "memory");
    got = blk[0];
    t_eq("stm {pc} stores insn+8", got, here + 8);
    __asm__ volatile(
        "3: str   pc, [%1]\n"
        "adr   %0, 3b\n"
        : "=r"(here) : "r"(blk) : "memory");
    t_eq("str pc stores insn+8", blk[0], here + 8);
    /* stm {sp, lr}^ from SVC stores the User/System sp and lr */
    __asm__ volatile(
        "stmia %0, {sp, lr}^\n"
        "cps   #0x1f\n"
        "str   sp, [%1]\n"
        "str   lr, [%1, #4]\n"
        "cps   #0x13\n"
        :: "r"(ublk), "r"(sysr) : "memory", "lr");
    t_eq("stm {sp}^ stores User sp", ublk[0], sysr[0]);
    t_eq("stm {lr}^ stores User lr", ublk[1], sysr[1]);
    /* ldm {lr}^ (no pc) loads the User lr, SVC lr is kept */
    blk[0] = 0x12345678;
    __asm__ volatile(
        "cps   #0x1f\n"
        "mov   r2, lr\n"                /* save User lr */
        "cps   #0x13\n"
        "mov   r3, lr\n"
        "ldmia %1, {lr}^\n"
        "nop\n"                         /* no banked access right after ldm^ */
        "mov   %0, lr\n"                /* SVC lr must be unchanged */
        "cps   #0x1f\n"
        "str   lr, [%1, #4]\n"
        "mov   lr, r2\n"
        "cps   #0x13\n"
        "sub   %0, %0, r3\n"
        : "=&r"(got) : "r"(blk) : "r2", "r3", "memory", "lr");
    t_eq("ldm {lr}^ leaves SVC lr", got, 0);
    t_eq("ldm {lr}^ loads User lr", blk[1], 0x12345678);
}

ARMFN static void test_swp(void)
{
    uint32_t old;
    fill();
    /* swp r0, r1, [r2] / swpb r0, r1, [r2] (encoded directly: the assembler
     * warns that SWP is deprecated on ARMv6, but the ARM1176 implements it) */
    __asm__ volatile("mov r1, %1\n mov r2, %2\n .inst 0xe1020091\n mov %0, r0\n"
                     : "=r"(old) : "r"(0xA5A5A5A5), "r"(A(BASE))
                     : "r0", "r1", "r2", "memory");
    t_eq("swp returns old word", old, W(BASE));
    t_eq("swp stores new word", rd32(BASE), 0xA5A5A5A5);
    __asm__ volatile("mov r1, %1\n mov r2, %2\n .inst 0xe1420091\n mov %0, r0\n"
                     : "=r"(old) : "r"(0x123456C3), "r"(A(BASE + 5))
                     : "r0", "r1", "r2", "memory");
    t_eq("swpb returns old byte", old, B(BASE + 5));
    t_eq("swpb stores low byte", rd32(BASE + 4), (W(BASE + 4) & 0xffff00ff) | 0xC300);
}

ARMFN static void test_exclusive(void)
{
    uint32_t v, st, st2, hi;
    static uint64_t dw __attribute__((aligned(8)));
    fill();
    __asm__ volatile("ldrex %0, [%3]\n"
                     "strex %1, %4, [%3]\n"
                     "strex %2, %5, [%3]\n"     /* monitor now open: fails */
                     : "=&r"(v), "=&r"(st), "=&r"(st2)
                     : "r"(A(BASE)), "r"(0x11112222), "r"(0x33334444) : "memory");
    t_eq("ldrex value", v, W(BASE));
    t_eq("strex after ldrex succeeds (0)", st, 0);
    t_eq("second strex fails (1)", st2, 1);
    t_eq("memory holds the first strex value", rd32(BASE), 0x11112222);
    __asm__ volatile("ldrex %0, [%2]\n"
                     "clrex\n"
                     "strex %1, %3, [%2]\n"
                     : "=&r"(v), "=&r"(st) : "r"(A(BASE)), "r"(0x55556666) : "memory");
    t_eq("strex after clrex fails (1)", st, 1);
    t_eq("strex after clrex leaves memory", rd32(BASE), 0x11112222);
    __asm__ volatile("ldrexb %0, [%2]\n"
                     "strexb %1, %3, [%2]\n"
                     : "=&r"(v), "=&r"(st) : "r"(A(BASE + 5)), "r"(0xABCDEF77) : "memory");
    t_eq("ldrexb value", v, B(BASE + 5));
    t_eq("strexb status", st, 0);
    t_eq("strexb stored byte", buf[BASE + 5], 0x77);
    t_eq("strexb neighbours", buf[BASE + 4] | buf[BASE + 6] << 8, B(BASE + 4) | B(BASE + 6) << 8);
    __asm__ volatile("ldrexh %0, [%2]\n"
                     "strexh %1, %3, [%2]\n"
                     : "=&r"(v), "=&r"(st) : "r"(A(BASE + 10)), "r"(0xABCD8421) : "memory");
    t_eq("ldrexh value", v, H(BASE + 10));
    t_eq("strexh status", st, 0);
    t_eq("strexh stored half", rd32(BASE + 8), (W(BASE + 8) & 0xffff) | 0x84210000);
    __asm__ volatile("ldrexb %0, [%2]\n"
                     "clrex\n"
                     "strexb %1, %3, [%2]\n"
                     : "=&r"(v), "=&r"(st) : "r"(A(BASE + 16)), "r"(0) : "memory");
    t_eq("strexb after clrex fails", st, 1);
    t_eq("strexb after clrex leaves memory", buf[BASE + 16], B(BASE + 16));
    __asm__ volatile("ldrexh %0, [%2]\n"
                     "clrex\n"
                     "strexh %1, %3, [%2]\n"
                     : "=&r"(v), "=&r"(st) : "r"(A(BASE + 18)), "r"(0) : "memory");
    t_eq("strexh after clrex fails", st, 1);
    dw = 0x0123456789abcdefull;
    __asm__ volatile("ldrexd r2, r3, [%3]\n"
                     "mov %0, r2\n mov %1, r3\n"
                     "ldr r2, =0xdeadbeef\n ldr r3, =0xfeedf00d\n"
                     "strexd %2, r2, r3, [%3]\n"
                     : "=&r"(v), "=&r"(hi), "=&r"(st) : "r"(&dw) : "r2", "r3", "memory");
    t_eq("ldrexd lo", v, 0x89abcdef);
    t_eq("ldrexd hi", hi, 0x01234567);
    t_eq("strexd status", st, 0);
    t_eq64("strexd stored", dw, 0xfeedf00ddeadbeefull);
    __asm__ volatile("ldrexd r2, r3, [%1]\n"
                     "clrex\n"
                     "strexd %0, r2, r3, [%1]\n"
                     : "=&r"(st) : "r"(&dw) : "r2", "r3", "memory");
    t_eq("strexd after clrex fails", st, 1);
    __asm__ volatile("strex %0, %2, [%1]\n"          /* no ldrex at all */
                     : "=&r"(st) : "r"(A(BASE)), "r"(0) : "memory");
    t_eq("strex without ldrex fails", st, 1);
}

ARMFN static uint32_t set_sctlr(uint32_t v)
{
    uint32_t old;
    __asm__ volatile("mrc p15, 0, %0, c1, c0, 0\n"
                     "mcr p15, 0, %1, c1, c0, 0\n"
                     "mcr p15, 0, %2, c7, c5, 4\n"   /* flush prefetch buffer */
                     : "=&r"(old) : "r"(v), "r"(0));
    return old;
}

ARMFN static uint32_t get_sctlr(void)
{
    uint32_t v;
    __asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(v));
    return v;
}

ARMFN static void test_unaligned(void)
{
    uint32_t old = get_sctlr();
    set_sctlr((old | (1u << 22)) & ~2u);            /* U = 1, A = 0 */
    t_eq("SCTLR.U set", (get_sctlr() >> 22) & 1, 1);
    fill();
    RUN("ldr r0, [r1, #1]", 0, 0);
    t_eq("unaligned ldr +1", res, B(BASE + 1) | B(BASE + 2) << 8 | B(BASE + 3) << 16 | B(BASE + 4) << 24);
    RUN("ldr r0, [r1, #-2]", 0, 0);
    t_eq("unaligned ldr -2", res, H(BASE - 2) | H(BASE) << 16);
    RUN("ldr r0, [r1, #7]!", 0, 0);
    t_eq("unaligned ldr +7!", res, B(BASE + 7) | B(BASE + 8) << 8 | B(BASE + 9) << 16 | B(BASE + 10) << 24);
    t_eq("unaligned ldr +7! writeback", nb, A(BASE + 7));
    RUN("ldrh r0, [r1, #3]", 0, 0);
    t_eq("unaligned ldrh +3", res, B(BASE + 3) | B(BASE + 4) << 8);
    RUN("ldrsh r0, [r1, #-3]", 0, 0);
    t_eq("unaligned ldrsh -3", res, (uint32_t)(int32_t)(int16_t)(B(BASE - 3) | B(BASE - 2) << 8));
    RUN("str r0, [r1, #1]", 0xA1B2C3D4, 0);
    t_eq("unaligned str +1 (word 0)", rd32(BASE), (W(BASE) & 0xff) | 0xB2C3D400);
    t_eq("unaligned str +1 (word 1)", rd32(BASE + 4), (W(BASE + 4) & 0xffffff00) | 0xA1);
    fill();
    RUN("strh r0, [r1, #3]", 0x5566, 0);
    t_eq("unaligned strh +3 (word 0)", rd32(BASE), (W(BASE) & 0x00ffffff) | 0x66000000);
    t_eq("unaligned strh +3 (word 1)", rd32(BASE + 4), (W(BASE + 4) & 0xffffff00) | 0x55);
    fill();
    /* LDRD/STRD need only word alignment when U = 1 */
    RUN("ldrd r2, r3, [r1, #4]\n mov r0, r2", 0, 0);
    t_eq("ldrd at 4 mod 8 lo", res, W(BASE + 4));
    t_eq("ldrd at 4 mod 8 hi", res2, W(BASE + 8));
    RUN("ldr r2, =0x13579bdf\n ldr r3, =0x2468ace0\n strd r2, r3, [r1, #-4]", 0, 0);
    t_eq("strd at 4 mod 8 lo", rd32(BASE - 4), 0x13579bdf);
    t_eq("strd at 4 mod 8 hi", rd32(BASE), 0x2468ace0);
    set_sctlr(old);
}

ARMFN static void test_literal(void)
{
    uint32_t v, v2;
    __asm__ volatile("ldr %0, =0x8badf00d\n"
                     "ldr %1, 1f\n"
                     "b 2f\n"
                     "1: .word 0x600dcafe\n"
                     "2:\n" : "=r"(v), "=r"(v2));
    t_eq("ldr =literal", v, 0x8badf00d);
    t_eq("ldr label (pc-relative)", v2, 0x600dcafe);
    __asm__ volatile("ldr %0, [pc, #-4]\n"      /* loads itself: pc = insn+8 */
                     "mov %1, #0\n"
                     : "=r"(v), "=r"(v2));
    t_eq("ldr [pc,#-4] reads the next instruction", v, 0xe3a00000u | (v & 0xf000));
}

int main(void)
{
    t_begin("arm_ldst");
    test_ldr_str();
    test_half_double();
    test_ldm_stm();
    test_ldm_pc();
    test_swp();
    test_exclusive();
    test_unaligned();
    test_literal();
    return t_done();
}
