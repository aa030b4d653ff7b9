/*
 * Exception handlers of the mmu test (roms/tests/mmu.c).
 *
 * mmu_vec_install() copies an 8-entry "ldr pc, [pc, #24]" table plus the
 * handler addresses to address 0 (identity-mapped by the test's tables) and
 * selects low vectors.  The handlers record what they saw in mmu_log
 * (declared in mmu.c) and resume:
 *   data abort      at the instruction after the faulting one
 *                   (LR - 4 in ARM state, LR - 6 in Thumb state)
 *   prefetch abort  at the address in mmu_pabt_resume, in the state of the
 *                   faulting instruction (SPSR)
 *   SVC             at LR, in SVC mode: how User-mode snippets get back
 * Anything else (reset, undefined instruction, IRQ, FIQ) ends the program
 * with exit status 97 through semihosting.
 */
        .syntax unified
        .arm
        .text

#define LOG_COUNT 0
#define LOG_TYPE  4
#define LOG_FSR   8
#define LOG_FAR   12
#define LOG_LR    16
#define LOG_SPSR  20

        .balign 4
mmu_vec_table:
        ldr     pc, [pc, #24]
        ldr     pc, [pc, #24]
        ldr     pc, [pc, #24]
        ldr     pc, [pc, #24]
        ldr     pc, [pc, #24]
        ldr     pc, [pc, #24]
        ldr     pc, [pc, #24]
        ldr     pc, [pc, #24]
        .word   mmu_bad_h, mmu_bad_h, mmu_svc_h, mmu_pabt_h, mmu_dabt_h, mmu_bad_h, mmu_bad_h, mmu_bad_h

        .global mmu_vec_install
        .type   mmu_vec_install, %function
mmu_vec_install:
        adr     r0, mmu_vec_table
        mov     r1, #0
        mov     r2, #16
1:      ldr     r3, [r0], #4
        str     r3, [r1], #4
        subs    r2, r2, #1
        bne     1b
        mrc     p15, 0, r0, c1, c0, 0
        bic     r0, r0, #0x2000         @ V = 0: vectors at 0
        mcr     p15, 0, r0, c1, c0, 0
        mov     r0, #0
        mcr     p15, 0, r0, c7, c10, 4  @ DSB
        mcr     p15, 0, r0, c7, c5, 0   @ invalidate I-cache
        mcr     p15, 0, r0, c7, c5, 4   @ flush prefetch buffer
        bx      lr
        .size   mmu_vec_install, . - mmu_vec_install

mmu_bad_h:
        mov     r0, #0x20               @ SYS_EXIT_EXTENDED
        adr     r1, 1f
        svc     0x123456
        b       .
        .balign 4
1:      .word   0x20026, 97             @ ADP_Stopped_ApplicationExit, status

mmu_svc_h:
        push    {r0}
        mrs     r0, spsr
        bic     r0, r0, #0x1f
        orr     r0, r0, #0x13           @ return in SVC mode
        msr     spsr_cxsf, r0
        pop     {r0}
        movs    pc, lr

mmu_dabt_h:
        push    {r0, r1}
        ldr     r0, =mmu_log
        ldr     r1, [r0, #LOG_COUNT]
        add     r1, r1, #1
        str     r1, [r0, #LOG_COUNT]
        mov     r1, #4
        str     r1, [r0, #LOG_TYPE]
        mrc     p15, 0, r1, c5, c0, 0   @ DFSR
        str     r1, [r0, #LOG_FSR]
        mrc     p15, 0, r1, c6, c0, 0   @ FAR
        str     r1, [r0, #LOG_FAR]
        str     lr, [r0, #LOG_LR]
        mrs     r1, spsr
        str     r1, [r0, #LOG_SPSR]
        tst     r1, #0x20
        subeq   lr, lr, #4
        subne   lr, lr, #6
        pop     {r0, r1}
        movs    pc, lr

mmu_pabt_h:
        push    {r0, r1}
        ldr     r0, =mmu_log
        ldr     r1, [r0, #LOG_COUNT]
        add     r1, r1, #1
        str     r1, [r0, #LOG_COUNT]
        mov     r1, #3
        str     r1, [r0, #LOG_TYPE]
        mrc     p15, 0, r1, c5, c0, 1   @ IFSR
        str     r1, [r0, #LOG_FSR]
        mrc     p15, 0, r1, c6, c0, 2   @ IFAR
        str     r1, [r0, #LOG_FAR]
        str     lr, [r0, #LOG_LR]
        mrs     r1, spsr
        str     r1, [r0, #LOG_SPSR]
        ldr     lr, =mmu_pabt_resume
        ldr     lr, [lr]
        pop     {r0, r1}
        movs    pc, lr
        .ltorg
