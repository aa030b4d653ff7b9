/*
 * branch: B, BL, BX, BLX (immediate and register), loads to the PC, in ARM
 * and Thumb state, and every way of changing state between them.
 *
 * Every routine is called from C (ARM or Thumb caller, through BL/BLX) with
 * out = r0 and fills out[] with values the C side compares against
 * constants, or against addresses recorded here with ADR (independent of the
 * branch under test).  A Thumb routine proves it ran in Thumb state by
 * computing a value with a short sequence of Thumb instructions: executed as
 * ARM code the same halfwords would do something else entirely.
 */
        .syntax unified
        .text

/* ------------------------------------------------------------ ARM side */
        .arm

/* void br_arm(uint32_t out[16]) */
        .global br_arm
        .type br_arm, %function
br_arm:
        push    {r4-r8, lr}
        mov     r4, r0
        @ [0] B forward / backward
        mov     r0, #0
        b       2f
1:      add     r0, r0, #0x10
        b       3f
2:      add     r0, r0, #1
        b       1b
        add     r0, r0, #0x100          @ never
3:      str     r0, [r4, #0]            @ 0x11
        @ [1] BL: LR = address of the next instruction
        bl      4f
5:      b       6f
4:      adr     r1, 5b
        sub     r0, lr, r1
        str     r0, [r4, #4]            @ 0
        mov     pc, lr                  @ ARM return through MOV pc
6:
        @ [2] BX to Thumb, Thumb BX back (LR = ARM address)
        ldr     r0, =th_7123
        adr     lr, 7f
        bx      r0
7:      str     r0, [r4, #8]            @ 0x7123
        @ [3] BLX immediate to a word-aligned Thumb routine
        blx     th_lr_word
8:      str     r0, [r4, #12]           @ 0x3C0
        adr     r1, 8b
        sub     r2, r2, r1
        str     r2, [r4, #16]           @ [4] 0
        @ [5] BLX immediate to a Thumb routine at 2 mod 4 (H bit)
        blx     th_lr_half
9:      adr     r1, 9b
        sub     r2, r2, r1
        str     r2, [r4, #20]           @ 0
        str     r0, [r4, #24]           @ [6] 0x5A5A
        @ [7] BLX register to Thumb, [8] BLX register to ARM
        ldr     r3, =th_7123
        blx     r3
        str     r0, [r4, #28]           @ 0x7123
        adr     r3, arm_leaf
        blx     r3
10:     adr     r1, 10b
        sub     r0, r0, r1
        str     r0, [r4, #32]           @ 0 (arm_leaf returns its LR)
        @ [9] LDR pc with bit 0 set: interworking to Thumb (ARMv5+)
        ldr     r0, =th_7123
        str     r0, [r4, #36]
        adr     lr, 11f
        ldr     pc, [r4, #36]
11:     str     r0, [r4, #36]           @ 0x7123
        @ [10] LDM with pc, bit 0 set
        ldr     r0, =th_7123
        str     r0, [r4, #40]
        adr     lr, 12f
        add     r1, r4, #40
        ldmia   r1, {pc}
12:     str     r0, [r4, #40]           @ 0x7123
        @ [11] POP {r5, pc} (LDMIA sp!) to Thumb, sp restored
        mov     r6, sp
        ldr     r2, =th_7123
        mov     r1, #0x55
        push    {r1, r2}                @ r1 at [sp], r2 above it
        mov     r5, #0
        adr     lr, 13f
        pop     {r5, pc}
13:     sub     r1, sp, r6
        add     r0, r0, r1              @ 0x7123 if sp is back where it was
        add     r0, r0, r5, lsl #16     @ + 0x550000
        str     r0, [r4, #44]           @ 0x557123
        @ [12] LDR pc with bit 0 clear stays ARM
        adr     r0, 14f
        str     r0, [r4, #48]
        ldr     pc, [r4, #48]
        mov     r0, #1                  @ skipped
14:     mov     r0, #0xA0
        orr     r0, r0, #0x0B00
        str     r0, [r4, #48]           @ 0xBA0
        @ [13] BX to ARM code (bit 0 clear)
        adr     r0, 15f
        bx      r0
        mov     r0, #1                  @ skipped
15:     mov     r0, #0x3C
        str     r0, [r4, #52]           @ 0x3C
        @ [14] conditional BL / BLX register not taken
        mov     r0, #0
        cmp     r0, #1
        bleq    16f
        ldr     r3, =th_7123
        blxeq   r3
        str     r0, [r4, #56]           @ 0 (neither executed)
        b       17f
16:     mov     r0, #0xEE
        bx      lr
17:
        @ [31] computed jump: ADD pc, pc, r1, lsl #2 (jump table)
        mov     r1, #2
        add     pc, pc, r1, lsl #2      @ PC = this + 8, + 8
        mov     r0, #1                  @ this + 4: skipped
        mov     r0, #2                  @ this + 8: index 0
        mov     r0, #3                  @ index 1
        mov     r0, #4                  @ index 2
        str     r0, [r4, #124]          @ 4
        @ [15] the Thumb side: its own results go to out[16..]
        add     r0, r4, #64
        blx     th_side
        str     r0, [r4, #60]           @ 0x600D
        pop     {r4-r8, lr}
        bx      lr
        .ltorg
        .size br_arm, . - br_arm

/* ARM leaf: returns its LR (and keeps state) */
        .type arm_leaf, %function
arm_leaf:
        mov     r0, lr
        bx      lr
        .size arm_leaf, . - arm_leaf

/* ARM leaf called from Thumb: r0 = LR (Thumb return address | 1) */
        .global arm_leaf2
        .type arm_leaf2, %function
arm_leaf2:
        mov     r0, lr
        mov     r1, #0xA5
        bx      lr
        .size arm_leaf2, . - arm_leaf2

/* ARM code reached from Thumb through BX / POP {pc}: returns via r7 */
        .type arm_from_thumb, %function
        .balign 4
arm_from_thumb:
        mov     r0, #0xA000
        orr     r0, r0, #0x00A0
        bx      r7
        .size arm_from_thumb, . - arm_from_thumb

/* ------------------------------------------------------------ Thumb side */
        .thumb

        .balign 4
        .thumb_func
        .type th_7123, %function
th_7123:
        movs    r0, #0x71
        lsls    r0, r0, #8
        adds    r0, #0x23
        bx      lr
        .size th_7123, . - th_7123

        .balign 4
        .thumb_func
        .type th_lr_word, %function
th_lr_word:                             @ r2 = LR seen, r0 = 0x3C0
        mov     r2, lr
        movs    r0, #0x3C
        lsls    r0, r0, #4
        bx      lr
        .size th_lr_word, . - th_lr_word

        .balign 4
        nop
        .thumb_func
        .type th_lr_half, %function
th_lr_half:                             @ at 2 mod 4
        mov     r2, lr
        movs    r0, #0x5A
        lsls    r1, r0, #8
        orrs    r0, r1
        bx      lr
        .size th_lr_half, . - th_lr_half

        .thumb_func
        .type th_leaf, %function
th_leaf:                                @ returns its LR
        mov     r0, lr
        bx      lr
        .size th_leaf, . - th_leaf

/*
 * th_side(out): Thumb-state branches.  out[]:
 *   0  B forward/backward              0x11
 *   1  BL: LR - (next insn | 1)        0
 *   2  BLX imm to ARM: LR seen by ARM - (next | 1)   0,  3  ARM r1 0xA5
 *   4  BLX reg to ARM                  0 (same measure)
 *   5  BLX reg to Thumb (bit 0 set)    0
 *   6  BX reg to ARM, back with BX     0xA0A0
 *   7  POP {pc} to ARM (bit 0 clear)   0xA0A0
 *   8  POP {pc} to Thumb               0x7123
 *   9  MOV pc, reg (stays Thumb)       0x77
 *   10 MOV r, pc: PC = insn + 4        0
 *   11 ADD r, pc: PC = insn + 4        0
 *   12 ADD pc, reg                     0x99
 *   13 LDR r, [pc, #imm] (word-aligned PC)   0xC0DEC0DE
 *   14 B forward and backward over 300 bytes  3
 * returns 0x600D
 */
        .balign 4
        .thumb_func
        .global th_side
        .type th_side, %function
th_side:
        push    {r4-r7, lr}
        mov     r4, r0
        @ 0: B
        movs    r0, #0
        b       2f
1:      adds    r0, #0x10
        b       3f
2:      adds    r0, #1
        b       1b
        adds    r0, #0x80               @ never
3:      str     r0, [r4, #0]
        @ 1: BL to a Thumb routine
        bl      th_leaf
4:      ldr     r1, =4b
        adds    r1, #1
        subs    r0, r0, r1
        str     r0, [r4, #4]
        @ 2, 3: BLX immediate to ARM
        movs    r1, #0
        blx     arm_leaf2
5:      ldr     r2, =5b
        adds    r2, #1
        subs    r0, r0, r2
        str     r0, [r4, #8]
        str     r1, [r4, #12]           @ 0xA5 set by the ARM routine
        @ 4: BLX register to ARM
        ldr     r3, =arm_leaf2
        blx     r3
6:      ldr     r1, =6b
        adds    r1, #1
        subs    r0, r0, r1
        str     r0, [r4, #16]
        @ 5: BLX register to Thumb
        ldr     r3, =th_leaf
        blx     r3
7:      ldr     r1, =7b
        adds    r1, #1
        subs    r0, r0, r1
        str     r0, [r4, #20]
        @ 6: BX to ARM; ARM returns with BX r7 (bit 0 set)
        ldr     r3, =arm_from_thumb
        ldr     r7, =8f
        adds    r7, #1
        bx      r3
8:      str     r0, [r4, #24]
        @ 7: POP {pc} to ARM
        ldr     r3, =arm_from_thumb
        ldr     r7, =9f
        adds    r7, #1
        movs    r0, #0
        push    {r3}
        pop     {pc}
9:      str     r0, [r4, #28]
        @ 8: POP {pc} to Thumb
        ldr     r3, =th_7123
        ldr     r0, =10f
        adds    r0, #1
        mov     lr, r0
        push    {r3}
        pop     {pc}
10:     str     r0, [r4, #32]
        @ 9: MOV pc, reg (hi-register op: a plain branch, no state change)
        ldr     r3, =11f
        mov     pc, r3
        movs    r0, #0x11               @ skipped
        .balign 4
11:     movs    r0, #0x77
        str     r0, [r4, #36]
        @ 10: MOV r, pc reads insn + 4
12:     mov     r0, pc
        ldr     r1, =12b
        adds    r1, #4
        subs    r0, r0, r1
        str     r0, [r4, #40]
        @ 11: ADD r, pc (hi-register add) reads insn + 4 (no word alignment)
        movs    r0, #0
        .balign 4
        nop
13:     add     r0, pc                  @ at 2 mod 4
        ldr     r1, =13b
        adds    r1, #4
        subs    r0, r0, r1
        str     r0, [r4, #44]
        @ 12: ADD pc, reg
        movs    r0, #0
        movs    r2, #4                  @ skip two halfwords
        .balign 4
        add     pc, r2                  @ PC (insn + 4) + 4
        movs    r0, #0x11               @ insn + 2: skipped
        movs    r0, #0x22               @ insn + 4: skipped
        movs    r0, #0x33               @ insn + 6: skipped
        movs    r0, #0x99               @ insn + 8
        str     r0, [r4, #48]
        @ 13: PC-relative load
        ldr     r0, 15f
        str     r0, [r4, #52]
        @ 14: B (unconditional, 11-bit) over more than 256 bytes each way
        movs    r0, #0
        b       17f
16:     adds    r0, #2
        b       18f
        .space  300
17:     adds    r0, #1
        b       16b
18:     str     r0, [r4, #56]           @ 3
        ldr     r0, =0x600D
        pop     {r4-r7}
        pop     {r1}
        bx      r1
        .balign 4
15:     .word   0xC0DEC0DE
        .ltorg
        .size th_side, . - th_side
