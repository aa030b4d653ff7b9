/*
 * arm_sys: ARM-state system instructions.
 *  - SETEND BE / LE: LDR, LDRH, LDRSH, LDRB, LDRD, LDM, STR, STRH, STRB
 *    under big-endian data access, the CPSR.E bit, then back to LE
 *  - hints NOP, YIELD, SEV, WFE (SEV first so WFE cannot sleep) and PLD:
 *    no effect on registers or flags (WFI is not tested: it would sleep)
 *  - CP15: main ID register (implementer 0x41, part number 0xB76), thread
 *    ID registers c13 c0 2/3/4 round trip, barrier operations (c7 c10 4/5,
 *    c7 c5 4) executing without effect
 */
#include "test.h"

static uint8_t be_src[16] __attribute__((aligned(8))) = {
    0x11, 0x22, 0x33, 0x44, 0x85, 0x66, 0x77, 0x88,
    0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xf0, 0x01 };
static uint8_t be_dst[16] __attribute__((aligned(8)));

/* Everything stored while E = 1 lands byte-reversed, including the
 * results written to o[]; literal-pool loads would be byte-reversed as
 * well, so all constants are loaded before the SETEND BE. */
ARMFN static void setend_test(uint32_t o[12])
{
    __asm__ volatile(
        "ldr   r8, =0xa1b2c3d4\n"
        "ldr   r9, =0x5678\n"
        "setend be\n"
        "mrs   r2, cpsr\n"
        "ldr   r3, [%1]\n"               /* 0x11223344 */
        "ldrh  r4, [%1, #2]\n"           /* 0x3344 */
        "ldrsh r5, [%1, #4]\n"           /* 0x8566 -> 0xffff8566 */
        "ldrb  r6, [%1, #1]\n"           /* 0x22 (bytes are bytes) */
        "stmia %0!, {r2-r6}\n"
        "ldrd  r2, r3, [%1, #8]\n"       /* 0x99aabbcc, 0xddeef001 */
        "ldmia %1, {r4, r5}\n"           /* 0x11223344, 0x85667788 */
        "stmia %0!, {r2-r5}\n"
        "str   r8, [%2]\n"
        "strh  r9, [%2, #4]\n"
        "mov   r2, #0x9f\n"
        "strb  r2, [%2, #7]\n"
        "setend le\n"
        "mrs   r2, cpsr\n"
        "str   r2, [%0]\n"
        : "+r"(o) : "r"(be_src), "r"(be_dst)
        : "r2", "r3", "r4", "r5", "r6", "r8", "r9", "memory");
}

ARMFN static void hints(uint32_t o[8])
{
    __asm__ volatile(
        "ldr   r2, =0x13579bdf\n"
        "mov   r3, r2\n"
        "msr   cpsr_f, #0xa0000000\n"
        "nop\n"
        "yield\n"
        "sev\n"
        "wfe\n"                          /* the event register is set: no wait */
        "pld   [%0]\n"
        "pld   [%0, #64]\n"
        "mrs   r4, cpsr\n"
        "str   r2, [%0]\n"
        "str   r3, [%0, #4]\n"
        "str   r4, [%0, #8]\n"
        :: "r"(o) : "r2", "r3", "r4", "memory", "cc");
}

ARMFN static uint32_t main_id(void)
{
    uint32_t v;
    __asm__ volatile("mrc p15, 0, %0, c0, c0, 0" : "=r"(v));
    return v;
}

ARMFN static void tls_regs(uint32_t o[6])
{
    __asm__ volatile(
        "mrc   p15, 0, r4, c13, c0, 2\n"     /* save */
        "mrc   p15, 0, r5, c13, c0, 3\n"
        "mrc   p15, 0, r6, c13, c0, 4\n"
        "ldr   r2, =0x12345678\n"
        "mcr   p15, 0, r2, c13, c0, 2\n"
        "ldr   r2, =0x9abcdef0\n"
        "mcr   p15, 0, r2, c13, c0, 3\n"
        "ldr   r2, =0x0badcafe\n"
        "mcr   p15, 0, r2, c13, c0, 4\n"
        "mrc   p15, 0, r2, c13, c0, 2\n"
        "str   r2, [%0]\n"
        "mrc   p15, 0, r2, c13, c0, 3\n"
        "str   r2, [%0, #4]\n"
        "mrc   p15, 0, r2, c13, c0, 4\n"
        "str   r2, [%0, #8]\n"
        "mov   r2, #0\n"
        "mcr   p15, 0, r2, c7, c10, 4\n"     /* data synchronisation barrier */
        "mcr   p15, 0, r2, c7, c10, 5\n"     /* data memory barrier */
        "mcr   p15, 0, r2, c7, c5, 4\n"      /* flush prefetch buffer */
        "mrc   p15, 0, r2, c13, c0, 2\n"
        "str   r2, [%0, #12]\n"
        "mcr   p15, 0, r4, c13, c0, 2\n"     /* restore */
        "mcr   p15, 0, r5, c13, c0, 3\n"
        "mcr   p15, 0, r6, c13, c0, 4\n"
        :: "r"(o) : "r2", "r4", "r5", "r6", "memory");
}

int main(void)
{
    uint32_t o[12], id;

    t_begin("arm_sys");
    setend_test(o);
    /* o[0..8] were stored with STM while still big-endian: byte-reversed */
    t_eq("setend be: CPSR.E set", __builtin_bswap32(o[0]) & PSR_E, PSR_E);
    t_eq("BE ldr", __builtin_bswap32(o[1]), 0x11223344);
    t_eq("BE ldrh", __builtin_bswap32(o[2]), 0x3344);
    t_eq("BE ldrsh", __builtin_bswap32(o[3]), 0xffff8566);
    t_eq("BE ldrb", __builtin_bswap32(o[4]), 0x22);
    t_eq("BE ldrd lo", __builtin_bswap32(o[5]), 0x99aabbcc);
    t_eq("BE ldrd hi", __builtin_bswap32(o[6]), 0xddeef001);
    t_eq("BE ldm r4", __builtin_bswap32(o[7]), 0x11223344);
    t_eq("BE ldm r5", __builtin_bswap32(o[8]), 0x85667788);
    t_eq("setend le: CPSR.E clear", o[9] & PSR_E, 0);
    t_eq("BE str bytes", be_dst[0] << 24 | be_dst[1] << 16 | be_dst[2] << 8 | be_dst[3],
         0xa1b2c3d4);
    t_eq("BE strh bytes", be_dst[4] << 8 | be_dst[5], 0x5678);
    t_eq("BE strh left byte 6", be_dst[6], 0);
    t_eq("BE strb byte 7", be_dst[7], 0x9f);

    hints(o);
    t_eq("hints keep r2", o[0], 0x13579bdf);
    t_eq("hints keep r3", o[1], 0x13579bdf);
    t_eq("hints keep flags", o[2] >> 28, 0xa);

    id = main_id();
    t_eq("MIDR implementer (ARM)", id >> 24, 0x41);
    t_eq("MIDR part number (ARM1176)", (id >> 4) & 0xfff, 0xb76);

    tls_regs(o);
    t_eq("TPIDRURW round trip", o[0], 0x12345678);
    t_eq("TPIDRURO round trip", o[1], 0x9abcdef0);
    t_eq("TPIDRPRW round trip", o[2], 0x0badcafe);
    t_eq("barriers keep TPIDRURW", o[3], 0x12345678);
    return t_done();
}
