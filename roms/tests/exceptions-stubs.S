/*
 * exceptions helpers: SRS and RFE (ARM state, called from SVC mode).
 */
        .syntax unified
        .arm
        .text

/*
 * void srs_rfe(uint32_t out[12]);
 *   out[0]  sp decrement done by "srsdb sp!, #0x13"         (8)
 *   out[1]  word stored at [sp]   = LR_svc                    (label 1 address)
 *   out[2]  word stored at [sp+4] = SPSR_svc
 *   out[3]  address of label 1 (for out[1])
 *   out[4]  SPSR_svc value that was set
 *   out[5]  CPSR after "rfeia sp!" (the stored SPSR)
 *   out[6]  sp after rfeia minus sp before srsdb               (0)
 *   out[7]  "srsia #0x1b" (no writeback) stored LR at sp_und   (label 1)
 *   out[8]  ... and SPSR_svc at sp_und + 4
 *   out[9]  sp_und unchanged                                   (0)
 *   out[10] RFEDA: CPSR loaded, into Thumb state (T set), result of the
 *           Thumb code that ran                                (0x7E57)
 *   out[11] RFEDB (no writeback) / sp unchanged                 (0)
 */
        .global srs_rfe
        .type srs_rfe, %function
srs_rfe:
        push    {r4-r11, lr}
        mov     r11, r0
        mrs     r7, cpsr
        mrs     r6, spsr                @ SPSR_svc, restored at the end
        bic     r1, r7, #0xf0000000
        orr     r1, r1, #0x50000000     @ flags Z V, otherwise this CPSR
        msr     spsr_fsxc, r1
        str     r1, [r11, #16]
        adr     lr, 1f
        adr     r2, 1f
        str     r2, [r11, #12]
        mov     r5, sp
        msr     cpsr_f, #0              @ flags differ from the stored SPSR
        srsdb   sp!, #0x13
        sub     r2, r5, sp
        str     r2, [r11, #0]
        ldr     r3, [sp]
        str     r3, [r11, #4]
        ldr     r4, [sp, #4]
        str     r4, [r11, #8]
        rfeia   sp!
        mov     r0, #0                  @ never
        b       9f
1:      mrs     r0, cpsr
        str     r0, [r11, #20]
        sub     r2, sp, r5
        str     r2, [r11, #24]

        @ SRS to the UND stack without writeback
        cps     #0x1b
        mov     r4, sp                  @ sp_und
        cps     #0x13
        srsia   sp, #0x1b
        cps     #0x1b
        ldr     r2, [sp]
        ldr     r3, [sp, #4]
        sub     r8, sp, r4
        cps     #0x13
        str     r2, [r11, #28]
        str     r3, [r11, #32]
        str     r8, [r11, #36]

        @ RFEDA into Thumb state: frame {pc, cpsr} at sp-4 .. sp (DA: the
        @ highest address is sp, the lowest sp-4)
        ldr     r2, =th_rfe             @ has bit 0 set (Thumb function)
        bic     r2, r2, #1
        orr     r3, r7, #0x20           @ this CPSR with T set
        sub     sp, sp, #8
        str     r2, [sp]                @ pc at sp
        str     r3, [sp, #4]            @ cpsr at sp + 4
        add     r10, sp, #4
        mov     r5, sp
        adr     r9, 2f
        rfeda   r10!                    @ loads [r10-4], [r10]; r10 -= 8
2:      add     sp, sp, #8
        str     r0, [r11, #40]
        sub     r8, r10, r5
        add     r8, r8, #4              @ r10 = sp + 4 - 8 -> 0
        @ RFEDB without writeback: frame at sp-8 .. sp-4
        sub     sp, sp, #8
        adr     r2, 3f
        str     r2, [sp]
        str     r7, [sp, #4]
        add     r10, sp, #8
        rfedb   r10
3:      add     sp, sp, #8
        sub     r10, r10, sp            @ no writeback: still the old sp + 8
        orr     r8, r8, r10
        str     r8, [r11, #44]
        msr     spsr_fsxc, r6
        msr     cpsr_fsxc, r7
9:      pop     {r4-r11, lr}
        bx      lr
        .ltorg
        .size srs_rfe, . - srs_rfe

        .thumb
        .thumb_func
        .type th_rfe, %function
th_rfe:                                 @ runs in Thumb state, back via BX r9
        movs    r0, #0x7E
        lsls    r0, r0, #8
        adds    r0, #0x57
        bx      r9
        .size th_rfe, . - th_rfe
