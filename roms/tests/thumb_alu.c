/*
 * thumb_alu: Thumb-state data processing (table from gen_tables.py).
 * Format 1 shifts by immediate (LSL #0..31, LSR/ASR #1..32), format 2
 * ADD/SUB register and 3-bit immediate, format 3 MOV/CMP/ADD/SUB 8-bit
 * immediate, format 4 ALU ops (AND EOR ORR BIC MVN TST CMP CMN ADC SBC NEG
 * MUL and LSL/LSR/ASR/ROR by register with amounts 0, 1..31, 32, >32, 255,
 * 256), format 5 high-register ADD/CMP/MOV, MOV lo-lo (flags kept), CPY,
 * MOVS lo-lo, v6 SXTB SXTH UXTB UXTH REV REV16 REVSH, and B<cond> for all
 * 14 conditions against all 16 NZCV values.  The flags are set and read by
 * the ARM-state call_stub around each Thumb stub (Thumb-1 has no MRS/MSR).
 * Hand part: a few Thumb results computed by hand.
 */
#include "test.h"
#include "thumb_alu-tab.h"

THUMBFN static uint32_t th_neg(uint32_t a)
{
    uint32_t r;
    __asm__ volatile("negs %0, %1" : "=l"(r) : "l"(a) : "cc");
    return r;
}

THUMBFN static uint32_t th_ror(uint32_t a, uint32_t n)
{
    __asm__ volatile("rors %0, %1" : "+l"(a) : "l"(n) : "cc");
    return a;
}

THUMBFN static uint32_t th_mul(uint32_t a, uint32_t b)
{
    __asm__ volatile("muls %0, %1, %0" : "+l"(a) : "l"(b) : "cc");
    return a;
}

THUMBFN static uint32_t th_addhi(uint32_t a, uint32_t b)
{
    __asm__ volatile("mov r8, %1\n add %0, r8" : "+l"(a) : "l"(b) : "r8");
    return a;
}

int main(void)
{
    t_begin("thumb_alu");
    t_run_table("thumb_alu", thumb_alu_stubs, thumb_alu_cases,
                ARRAY_LEN(thumb_alu_cases), TAB_PSR_MASK);
    t_eq("thumb negs 5", th_neg(5), 0xfffffffb);
    t_eq("thumb rors 0x12345678 by 8", th_ror(0x12345678, 8), 0x78123456);
    t_eq("thumb rors by 0x120 (=32 -> unchanged)", th_ror(0x12345678, 0x120), 0x12345678);
    t_eq("thumb muls", th_mul(0x10001, 0x10001), 0x00020001);
    t_eq("thumb add r, r8", th_addhi(0xfffffff0, 0x20), 0x10);
    return t_done();
}
