/*
 * Exception vectors for the guest tests.
 *
 * vec_install() copies an 8-entry "ldr pc, [pc, #24]" table plus the handler
 * addresses to address 0 (RAM in both QEMU versatilepb and `ipodsim run`),
 * clears SCTLR.V (low vectors) and synchronises the instruction stream.
 *
 * Every handler runs in ARM state on its own mode's stack (newlib's crt0
 * _stack_init gives FIQ/IRQ/ABT/UND/SVC/SYS separate stacks), records what
 * it saw in exc_log and resumes at the instruction after the one that caused
 * the exception:
 *   UND, SVC     resume at LR                  (LR = next instruction)
 *   prefetch ab. resume at LR (ARM) / LR-2 (Thumb)   (LR = insn + 4)
 *   data abort   resume at LR-4 (ARM) / LR-6 (Thumb) (LR = insn + 8)
 * An SVC with immediate SVC_TO_SVC_ARM (ARM) or SVC_TO_SVC_THUMB (Thumb)
 * additionally returns in SVC mode: that is how the user-mode tests get
 * their privilege back.
 *
 * Semihosting: QEMU (and ipodsim) intercept SVC 0x123456 (ARM) and SVC 0xAB
 * (Thumb) before any exception is taken, so this SVC handler never sees them
 * and has nothing to chain to.
 *
 * A jump to the reset vector (or the reserved one) exits the program through
 * semihosting SYS_EXIT_EXTENDED with status 99.
 */
        .syntax unified
        .arm
        .text

#define EXC_UND   1
#define EXC_SVC   2
#define EXC_PABT  3
#define EXC_DABT  4
#define EXC_IRQ   6
#define EXC_FIQ   7

#define LOG_COUNT 0
#define LOG_TYPE  4
#define LOG_CPSR  8
#define LOG_LR    12
#define LOG_SPSR  16
#define LOG_INSN  20
#define LOG_FSR   24
#define LOG_FAR   28
#define LOG_RET   32
#define LOG_SP    36

        .balign 4
vec_template:
        ldr     pc, [pc, #24]           @ 0x00 reset
        ldr     pc, [pc, #24]           @ 0x04 undefined instruction
        ldr     pc, [pc, #24]           @ 0x08 SVC
        ldr     pc, [pc, #24]           @ 0x0c prefetch abort
        ldr     pc, [pc, #24]           @ 0x10 data abort
        ldr     pc, [pc, #24]           @ 0x14 reserved
        ldr     pc, [pc, #24]           @ 0x18 IRQ
        ldr     pc, [pc, #24]           @ 0x1c FIQ
        .word   reset_h, und_h, svc_h, pabt_h, dabt_h, reset_h, irq_h, fiq_h

        .global vec_install
        .type   vec_install, %function
vec_install:
        push    {r4, lr}
        adr     r0, vec_template
        mov     r1, #0
        mov     r2, #16
1:      ldr     r3, [r0], #4
        str     r3, [r1], #4
        subs    r2, r2, #1
        bne     1b
        mrc     p15, 0, r0, c1, c0, 0   @ SCTLR
        bic     r0, r0, #0x2000         @ V = 0: vectors at 0
        mcr     p15, 0, r0, c1, c0, 0
        mov     r0, #0
        mcr     p15, 0, r0, c7, c10, 4  @ data synchronisation barrier
        mcr     p15, 0, r0, c7, c5, 0   @ invalidate the whole I-cache
        mcr     p15, 0, r0, c7, c5, 4   @ flush prefetch buffer
        bl      exc_reset_log
        pop     {r4, lr}
        bx      lr
        .size   vec_install, . - vec_install

        .global exc_reset_log
        .type   exc_reset_log, %function
exc_reset_log:
        ldr     r0, =exc_log
        mov     r1, #0
        mov     r2, #10
1:      str     r1, [r0], #4
        subs    r2, r2, #1
        bne     1b
        bx      lr
        .size   exc_reset_log, . - exc_reset_log

reset_h:
        @ Something branched to address 0: give up with status 99.
        mov     r0, #0x20               @ SYS_EXIT_EXTENDED
        adr     r1, exit_block
        svc     0x123456
        b       .
        .balign 4
exit_block:
        .word   0x20026, 99             @ ADP_Stopped_ApplicationExit, code

und_h:  push    {r0-r3, r12, lr}
        mov     r0, #EXC_UND
        b       exc_common
svc_h:  push    {r0-r3, r12, lr}
        mov     r0, #EXC_SVC
        b       exc_common
pabt_h: push    {r0-r3, r12, lr}
        mov     r0, #EXC_PABT
        b       exc_common
dabt_h: push    {r0-r3, r12, lr}
        mov     r0, #EXC_DABT
        b       exc_common
irq_h:  push    {r0-r3, r12, lr}
        mov     r0, #EXC_IRQ
        b       exc_common
fiq_h:  push    {r0-r3, r12, lr}
        mov     r0, #EXC_FIQ
        b       exc_common

exc_common:
        ldr     r1, =exc_log
        ldr     r2, [r1, #LOG_COUNT]
        add     r2, r2, #1
        str     r2, [r1, #LOG_COUNT]
        str     r0, [r1, #LOG_TYPE]
        mrs     r2, cpsr
        str     r2, [r1, #LOG_CPSR]
        ldr     r3, [sp, #20]           @ LR on entry
        str     r3, [r1, #LOG_LR]
        mrs     r2, spsr
        str     r2, [r1, #LOG_SPSR]
        add     r12, sp, #24
        str     r12, [r1, #LOG_SP]
        mov     r12, #0
        str     r12, [r1, #LOG_FSR]
        str     r12, [r1, #LOG_FAR]
        @ r0 = type, r1 = log, r2 = SPSR, r3 = LR; r12 = instruction
        cmp     r0, #EXC_UND
        cmpne   r0, #EXC_SVC
        beq     1f
        cmp     r0, #EXC_PABT
        beq     2f
        cmp     r0, #EXC_DABT
        beq     3f
        sub     r3, r3, #4              @ IRQ / FIQ
        b       9f

1:      tst     r2, #0x20               @ UND / SVC: came from Thumb?
        ldreq   r12, [r3, #-4]
        ldrhne  r12, [r3, #-2]
        cmp     r0, #EXC_SVC
        bne     9f
        tst     r2, #0x20
        bic     r0, r12, #0xff000000    @ ARM: 24-bit immediate
        ldr     lr, =0xF0F0F0           @ (lr is saved on the stack)
        andne   r0, r12, #0xff          @ Thumb: 8-bit immediate
        movne   lr, #0xF0
        cmp     r0, lr
        bne     9f
        bic     r2, r2, #0x1f           @ return to the caller in SVC mode
        orr     r2, r2, #0x13
        msr     spsr_c, r2
        b       9f

2:      tst     r2, #0x20               @ prefetch abort (BKPT)
        ldreq   r12, [r3, #-4]
        ldrhne  r12, [r3, #-4]
        subne   r3, r3, #2
        mrc     p15, 0, r0, c5, c0, 1   @ IFSR
        str     r0, [r1, #LOG_FSR]
        b       9f

3:      tst     r2, #0x20               @ data abort
        ldreq   r12, [r3, #-8]
        ldrhne  r12, [r3, #-8]
        subeq   r3, r3, #4
        subne   r3, r3, #6
        mrc     p15, 0, r0, c5, c0, 0   @ DFSR
        str     r0, [r1, #LOG_FSR]
        mrc     p15, 0, r0, c6, c0, 0   @ DFAR
        str     r0, [r1, #LOG_FAR]

9:      str     r12, [r1, #LOG_INSN]
        str     r3, [r1, #LOG_RET]
        str     r3, [sp, #20]
        pop     {r0-r3, r12, lr}
        movs    pc, lr
        .ltorg

        .data
        .balign 4
        .global exc_log
exc_log:
        .space  40
