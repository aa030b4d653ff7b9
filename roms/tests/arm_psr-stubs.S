/*
 * arm_psr helpers: mode switching and register banking (ARM state).
 * All routines are called from SVC mode and return to it.  While another
 * mode is active the banked sp is not usable, so nothing here touches the
 * stack between the mode switches; r0-r7 (never banked) carry pointers.
 */
        .syntax unified
        .arm
        .text

#define I_F 0xc0

/*
 * void bank_write(uint32_t save[32], uint32_t shared[10]);
 * Saves the original r13/r14 (and r8-r12 of FIQ, SPSR of each exception
 * mode) into save[], then writes recognisable values:
 *   FIQ: r8..r12 = 0xF1000008..0xF100000C, r13 = 0xF100000D, r14 = 0xF100000E,
 *        SPSR = 0x80000010
 *   IRQ: r13 = 0x1200000D, r14 = 0x1200000E, SPSR = 0x40000011
 *   ABT: r13 = 0x1700000D, r14 = 0x1700000E, SPSR = 0x20000017
 *   UND: r13 = 0x1B00000D, r14 = 0x1B00000E, SPSR = 0x1000001B
 *   SYS: r13 = 0x1F00000D, r14 = 0x1F00000E (the User registers)
 * and r8..r12 of the other modes (shared with SVC) = 0x5C000008..0x5C00000C.
 * shared[0..4] = r8-r12 as IRQ mode sees them (after FIQ wrote its own),
 * shared[5..9] = r8-r12 back in SVC mode; both must be the 0x5C values.
 * The caller's r8-r12 are restored on return (they are callee-saved).
 */
        .global bank_write
        .type bank_write, %function
bank_write:
        push    {r4-r12, lr}
        mrs     r7, cpsr                @ SVC CPSR, restored at the end
        mov     r3, r1
        mov     r1, r0
        @ shared r8-r12 (SVC view)
        stmia   r1!, {r8-r12}           @ save[0..4]
        ldr     r8, =0x5C000008
        add     r9, r8, #1
        add     r10, r8, #2
        add     r11, r8, #3
        add     r12, r8, #4
        @ FIQ
        msr     cpsr_c, #(0x11 | I_F)
        stmia   r1!, {r8-r14}           @ save[5..11]
        mrs     r2, spsr
        str     r2, [r1], #4            @ save[12]
        ldr     r8, =0xF1000008
        add     r9, r8, #1
        add     r10, r8, #2
        add     r11, r8, #3
        add     r12, r8, #4
        add     r13, r8, #5
        add     r14, r8, #6
        mov     r2, #0x80000010
        msr     spsr_fsxc, r2
        @ IRQ
        msr     cpsr_c, #(0x12 | I_F)
        stmia   r3!, {r8-r12}           @ shared[0..4]
        stmia   r1!, {r13, r14}         @ save[13, 14]
        mrs     r2, spsr
        str     r2, [r1], #4            @ save[15]
        ldr     r13, =0x1200000D
        ldr     r14, =0x1200000E
        ldr     r2, =0x40000011
        msr     spsr_fsxc, r2
        @ ABT
        msr     cpsr_c, #(0x17 | I_F)
        stmia   r1!, {r13, r14}         @ save[16, 17]
        mrs     r2, spsr
        str     r2, [r1], #4            @ save[18]
        ldr     r13, =0x1700000D
        ldr     r14, =0x1700000E
        ldr     r2, =0x20000017
        msr     spsr_fsxc, r2
        @ UND
        msr     cpsr_c, #(0x1b | I_F)
        stmia   r1!, {r13, r14}         @ save[19, 20]
        mrs     r2, spsr
        str     r2, [r1], #4            @ save[21]
        ldr     r13, =0x1B00000D
        ldr     r14, =0x1B00000E
        ldr     r2, =0x1000001B
        msr     spsr_fsxc, r2
        @ SYS (User registers)
        msr     cpsr_c, #(0x1f | I_F)
        stmia   r1!, {r13, r14}         @ save[22, 23]
        ldr     r13, =0x1F00000D
        ldr     r14, =0x1F00000E
        @ back to SVC
        msr     cpsr_c, r7
        stmia   r3!, {r8-r12}           @ shared[5..9]
        pop     {r4-r12, lr}
        bx      lr
        .size bank_write, . - bank_write

/*
 * void bank_read(uint32_t out[32], const uint32_t save[32]);
 * Reads back what bank_write left, mode by mode, and restores the
 * original values from save[].  out[]:
 *   0..4   unused, 5 SVC sp on entry, 6 mode bits (0x13)
 *   7..13  FIQ r8-r14, 14 FIQ SPSR
 *   15,16  IRQ r13,r14  17 IRQ SPSR  18..22 unused
 *   23,24  ABT r13,r14  25 ABT SPSR
 *   26,27  UND r13,r14  28 UND SPSR
 *   29,30  SYS r13,r14
 *   31     mode bits read in each mode, one nibble each (F I A U S = 1 2 7 B F)
 */
        .global bank_read
        .type bank_read, %function
bank_read:
        push    {r4-r12, lr}
        mrs     r7, cpsr
        mov     r6, sp
        mov     r2, r0
        mov     r3, #0                  @ mode nibbles
        add     r2, r2, #20
        add     r4, r6, #40
        str     r4, [r2], #4            @ out[5]: SVC sp on entry
        and     r4, r7, #0x1f
        str     r4, [r2], #4            @ out[6]: SVC mode bits
        @ FIQ
        msr     cpsr_c, #(0x11 | I_F)
        mrs     r4, cpsr
        and     r4, r4, #0xf
        orr     r3, r4, r3, lsl #4
        stmia   r2!, {r8-r14}           @ out[7..13]
        mrs     r4, spsr
        str     r4, [r2], #4            @ out[14]
        add     r4, r1, #20             @ restore FIQ r8-r14, SPSR from save[5..12]
        ldmia   r4, {r8-r14}
        ldr     r4, [r1, #48]
        msr     spsr_fsxc, r4
        @ IRQ
        msr     cpsr_c, #(0x12 | I_F)
        mrs     r4, cpsr
        and     r4, r4, #0xf
        orr     r3, r4, r3, lsl #4
        stmia   r2!, {r13, r14}         @ out[15, 16]
        mrs     r4, spsr
        str     r4, [r2], #4            @ out[17]
        add     r2, r2, #20
        ldr     r13, [r1, #52]
        ldr     r14, [r1, #56]
        ldr     r4, [r1, #60]
        msr     spsr_fsxc, r4
        @ ABT
        msr     cpsr_c, #(0x17 | I_F)
        mrs     r4, cpsr
        and     r4, r4, #0xf
        orr     r3, r4, r3, lsl #4
        stmia   r2!, {r13, r14}         @ out[23, 24]
        mrs     r4, spsr
        str     r4, [r2], #4            @ out[25]
        ldr     r13, [r1, #64]
        ldr     r14, [r1, #68]
        ldr     r4, [r1, #72]
        msr     spsr_fsxc, r4
        @ UND
        msr     cpsr_c, #(0x1b | I_F)
        mrs     r4, cpsr
        and     r4, r4, #0xf
        orr     r3, r4, r3, lsl #4
        stmia   r2!, {r13, r14}         @ out[26, 27]
        mrs     r4, spsr
        str     r4, [r2], #4            @ out[28]
        ldr     r13, [r1, #76]
        ldr     r14, [r1, #80]
        ldr     r4, [r1, #84]
        msr     spsr_fsxc, r4
        @ SYS
        msr     cpsr_c, #(0x1f | I_F)
        mrs     r4, cpsr
        and     r4, r4, #0xf
        orr     r3, r4, r3, lsl #4
        stmia   r2!, {r13, r14}         @ out[29, 30]
        ldr     r13, [r1, #88]
        ldr     r14, [r1, #92]
        str     r3, [r2], #4            @ out[31]
        msr     cpsr_c, r7              @ back to SVC
        pop     {r4-r12, lr}
        bx      lr
        .size bank_read, . - bank_read

/*
 * uint32_t spsr_fields(uint32_t out[8]);
 * SPSR field-mask writes, done in UND mode (SPSR_und saved and restored).
 */
        .global spsr_fields
        .type spsr_fields, %function
spsr_fields:
        push    {r4-r7, lr}
        mrs     r7, cpsr
        msr     cpsr_c, #(0x1b | I_F)
        mrs     r6, spsr                @ original SPSR_und
        mov     r1, #0
        msr     spsr_fsxc, r1
        mrs     r2, spsr
        str     r2, [r0, #0]            @ 0
        @ (only defined bits: writing the reserved ones is UNPREDICTABLE)
        ldr     r1, =0xA8050397
        msr     spsr_f, r1
        mrs     r2, spsr
        str     r2, [r0, #4]            @ 0xA8000000
        msr     spsr_c, r1
        mrs     r2, spsr
        str     r2, [r0, #8]            @ 0xA8000097
        msr     spsr_x, r1
        mrs     r2, spsr
        str     r2, [r0, #12]           @ 0xA8000397
        msr     spsr_s, r1
        mrs     r2, spsr
        str     r2, [r0, #16]           @ 0xA8050397
        msr     spsr_fc, #0x000000D3    @ immediate form, f and c fields
        mrs     r2, spsr
        str     r2, [r0, #20]           @ 0x000503D3
        msr     spsr_fsxc, r6
        msr     cpsr_c, r7
        pop     {r4-r7, lr}
        bx      lr
        .size spsr_fields, . - spsr_fields

/*
 * void user_mode(uint32_t out[8]);
 * Drops to User mode (I and F masked) with MSR, checks what User mode may
 * and may not change, and comes back through SVC SVC_TO_SVC_ARM, which the
 * common SVC handler returns from in SVC mode.
 *   out[0] CPSR in User mode
 *   out[1] CPSR after "msr cpsr_c, #0xd3" (ignored: still User)
 *   out[2] CPSR after "msr cpsr_c, #0x10" (I/F unmask ignored)
 *   out[3] CPSR after "msr cpsr_fs" with NZCVQ=10101, GE=0101 (allowed)
 *   out[4] CPSR after "cpsie if" and "cps #0x13" (both ignored in User)
 *   out[5] CPSR after coming back through SVC (SVC mode, flags kept)
 *   out[6] User-mode sp as seen in User mode (= the SYS/User sp)
 */
        .global user_mode
        .type user_mode, %function
user_mode:
        push    {r4-r11, lr}
        mrs     r7, cpsr
        mov     r8, r0
        msr     cpsr_c, #0xd0           @ User, I and F masked
        mrs     r1, cpsr
        str     r1, [r8, #0]
        msr     cpsr_c, #0xd3
        mrs     r1, cpsr
        str     r1, [r8, #4]
        msr     cpsr_c, #0x10
        mrs     r1, cpsr
        str     r1, [r8, #8]
        ldr     r1, =0xA8050000
        msr     cpsr_fs, r1
        mrs     r1, cpsr
        str     r1, [r8, #12]
        cpsie   if
        cps     #0x13
        mrs     r1, cpsr
        str     r1, [r8, #16]
        str     sp, [r8, #24]
        svc     #0xF0F0F0               @ back to SVC mode
        mrs     r1, cpsr
        str     r1, [r8, #20]
        msr     cpsr_fsxc, r7
        pop     {r4-r11, lr}
        bx      lr
        .size user_mode, . - user_mode

/*
 * void exc_return(uint32_t out[4]);
 * Data-processing exception returns: from UND mode, "movs pc, lr" with
 * SPSR = SVC | NZCV=1001 and "subs pc, lr, #4" with SPSR = SVC | NZCV=0110
 * both land in SVC mode with the flags from the SPSR.
 * out[0], out[1]: CPSR after each return; out[2]: CPSR at entry.
 */
        .global exc_return
        .type exc_return, %function
exc_return:
        push    {r4-r7, lr}
        mrs     r7, cpsr
        msr     cpsr_c, #(0x1b | I_F)
        mrs     r6, spsr
        mov     r5, lr
        bic     r1, r7, #0xf0000000
        orr     r1, r1, #0x90000000
        msr     spsr_fsxc, r1
        adr     lr, 1f
        msr     cpsr_f, #0              @ flags differ from the SPSR's
        movs    pc, lr
        mov     r2, #0xba               @ skipped
1:      mrs     r1, cpsr
        str     r1, [r0, #0]
        msr     cpsr_c, #(0x1b | I_F)
        bic     r1, r7, #0xf0000000
        orr     r1, r1, #0x60000000
        msr     spsr_fsxc, r1
        adr     lr, 2f + 4
        subs    pc, lr, #4
        mov     r2, #0xba               @ skipped
2:      mrs     r1, cpsr
        str     r1, [r0, #4]
        str     r7, [r0, #8]            @ the CPSR the test started with
        msr     cpsr_c, #(0x1b | I_F)   @ restore SPSR_und, lr_und
        msr     spsr_fsxc, r6
        mov     lr, r5
        msr     cpsr_fsxc, r7
        pop     {r4-r7, lr}
        bx      lr
        .size exc_return, . - exc_return
        .ltorg
