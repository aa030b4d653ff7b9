/*
 * branch: B, BL, BX, BLX (immediate and register) in ARM and Thumb state
 * and every ARM <-> Thumb interworking path: ARM BX/BLX to Thumb (BLX
 * immediate to word- and halfword-aligned targets), LDR pc / LDM {pc} /
 * POP {pc} with bit 0 set, Thumb BL and BLX pairs, Thumb BLX/BX register
 * to ARM, Thumb POP {pc} to ARM and to Thumb, Thumb MOV pc / ADD pc (no
 * state change), reading the PC in Thumb (insn + 4), conditional BL/BLX
 * not taken, long Thumb B, an ARM jump table (ADD pc, pc, Rm, LSL #2).  Plus calls through C function pointers, which
 * in the Thumb build (_t) go through BLX to ARM and Thumb functions.
 */
#include "test.h"

void br_arm(uint32_t out[32]);

ARMFN static uint32_t arm_fn(uint32_t x) { return x * 3 + 1; }
THUMBFN static uint32_t thumb_fn(uint32_t x) { return x * 5 + 2; }

static uint32_t (*volatile fptr[2])(uint32_t) = { arm_fn, thumb_fn };

int main(void)
{
    uint32_t o[32] = {0};
    static const struct { int idx; uint32_t exp; const char *name; } chk[] = {
        { 0, 0x11, "ARM B forward/backward" },
        { 1, 0, "ARM BL sets LR to the next instruction" },
        { 2, 0x7123, "ARM BX to Thumb and Thumb BX back" },
        { 3, 0x3C0, "ARM BLX imm to Thumb (word aligned) result" },
        { 4, 0, "ARM BLX imm: LR seen in Thumb" },
        { 5, 0, "ARM BLX imm to Thumb at 2 mod 4: LR" },
        { 6, 0x5A5A, "ARM BLX imm to Thumb at 2 mod 4: result" },
        { 7, 0x7123, "ARM BLX reg to Thumb" },
        { 8, 0, "ARM BLX reg to ARM: LR" },
        { 9, 0x7123, "ARM LDR pc with bit 0 set goes to Thumb" },
        { 10, 0x7123, "ARM LDM {pc} with bit 0 set goes to Thumb" },
        { 11, 0x557123, "ARM POP {r5, pc} to Thumb" },
        { 12, 0xBA0, "ARM LDR pc with bit 0 clear stays ARM" },
        { 13, 0x3C, "ARM BX to ARM" },
        { 14, 0, "ARM BLEQ/BLXEQ not taken" },
        { 15, 0x600D, "ARM BLX imm to the Thumb tests" },
        { 16, 0x11, "Thumb B forward/backward" },
        { 17, 0, "Thumb BL: LR = next | 1" },
        { 18, 0, "Thumb BLX imm to ARM: LR = next | 1" },
        { 19, 0xA5, "Thumb BLX imm to ARM ran ARM code" },
        { 20, 0, "Thumb BLX reg to ARM: LR" },
        { 21, 0, "Thumb BLX reg to Thumb: LR" },
        { 22, 0xA0A0, "Thumb BX to ARM, ARM BX back" },
        { 23, 0xA0A0, "Thumb POP {pc} to ARM" },
        { 24, 0x7123, "Thumb POP {pc} to Thumb" },
        { 25, 0x77, "Thumb MOV pc, reg" },
        { 26, 0, "Thumb MOV r, pc reads insn+4" },
        { 27, 0, "Thumb ADD r, pc reads insn+4" },
        { 28, 0x99, "Thumb ADD pc, reg" },
        { 29, 0xC0DEC0DE, "Thumb LDR [pc, #imm]" },
        { 30, 3, "Thumb long B forward/backward" },
        { 31, 4, "ARM ADD pc, pc, r1, lsl #2 (jump table)" },
    };
    unsigned i;

    t_begin("branch");
    br_arm(o);
    for (i = 0; i < ARRAY_LEN(chk); i++)
        t_eq(chk[i].name, o[chk[i].idx], chk[i].exp);
    t_eq("call ARM function through pointer", fptr[0](7), 22);
    t_eq("call Thumb function through pointer", fptr[1](7), 37);
    t_eq("pointer to Thumb function has bit 0 set", (uint32_t)fptr[1] & 1, 1);
    t_eq("pointer to ARM function has bit 0 clear", (uint32_t)fptr[0] & 1, 0);
    return t_done();
}
