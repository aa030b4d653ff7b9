/*
 * Start-up code of the ipodsim SoC ROMs (linked at physical address 0).
 *
 * Vectors: eight "ldr pc, [pc, #24]" entries plus their targets, at 0.
 * Reset: mask IRQ/FIQ, one stack per mode (top of SRAM, see soc.ld), copy
 * .data from ROM to SRAM, zero .bss, call main() in SVC mode.
 *
 * IRQ (non-vectored, SCTLR.VE = 0): the entry saves LR_irq/SPSR_irq on the
 * SYS-mode stack (SRS), switches to SYS mode and calls irq_dispatch() (vic.c)
 * with interrupts still masked.  Running the handler in SYS mode keeps LR_irq
 * and SPSR_irq free, so a handler may re-enable IRQs and be preempted by a
 * higher-priority one (the VIC masks the lower levels until the EOI write).
 * Returns with RFE.  The SYS stack is realigned to 8 bytes for the C call.
 *
 * IRQ (vectored, SCTLR.VE = 1): the core jumps to the address the VIC puts
 * on its port (VICVECTADDR of the winning source, acknowledged by the port).
 * ve_stub0..3 are such entries: the same frame as above, then
 * ve_dispatch(index) and the EOI write to VIC0 VICADDRESS.
 *
 * FIQ: on the FIQ stack, fiq_dispatch(), return with LDM ^.
 * Undefined / SVC / prefetch abort / data abort: abort_dispatch(kind, lr,
 * spsr) returns the address to resume at (it powers off for unexpected ones).
 */
        .syntax unified
        .arm

#define MODE_FIQ 0x11
#define MODE_IRQ 0x12
#define MODE_SVC 0x13
#define MODE_ABT 0x17
#define MODE_UND 0x1B
#define MODE_SYS 0x1F
#define NOINT    0xC0
#define VIC0_ADDRESS 0x38E00F00

        .section .vectors, "ax"
        .global _vectors
_vectors:
        ldr     pc, [pc, #24]
        ldr     pc, [pc, #24]
        ldr     pc, [pc, #24]
        ldr     pc, [pc, #24]
        ldr     pc, [pc, #24]
        ldr     pc, [pc, #24]
        ldr     pc, [pc, #24]
        ldr     pc, [pc, #24]
        .word   reset_entry
        .word   und_entry
        .word   svc_entry
        .word   pabt_entry
        .word   dabt_entry
        .word   reserved_entry
        .word   irq_entry
        .word   fiq_entry

        .text
        .global reset_entry
reset_entry:
        cpsid   if, #MODE_FIQ
        ldr     sp, =_stack_fiq
        cps     #MODE_IRQ
        ldr     sp, =_stack_irq
        cps     #MODE_ABT
        ldr     sp, =_stack_abt
        cps     #MODE_UND
        ldr     sp, =_stack_und
        cps     #MODE_SYS
        ldr     sp, =_stack_sys
        cps     #MODE_SVC
        ldr     sp, =_stack_svc

        @ .data: ROM image -> SRAM
        ldr     r0, =_sidata
        ldr     r1, =_sdata
        ldr     r2, =_edata
1:      cmp     r1, r2
        ldrlo   r3, [r0], #4
        strlo   r3, [r1], #4
        blo     1b
        @ .bss
        ldr     r1, =_sbss
        ldr     r2, =_ebss
        mov     r3, #0
2:      cmp     r1, r2
        strlo   r3, [r1], #4
        blo     2b

        mov     fp, #0
        bl      main
        b       soc_halt

        .global soc_halt
soc_halt:
        cpsid   if
3:      mcr     p15, 0, r0, c7, c0, 4   @ WFI
        b       3b

/* ---- IRQ, non-vectored ---------------------------------------------------- */
        .global irq_entry
irq_entry:
        sub     lr, lr, #4
        srsdb   sp!, #MODE_SYS
        cps     #MODE_SYS
        push    {r0-r4, r12, lr}
        mov     r4, sp
        bic     sp, sp, #7
        ldr     r0, =irq_entries
        ldr     r1, [r0]
        add     r1, r1, #1
        str     r1, [r0]
        bl      irq_dispatch
        mov     sp, r4
        pop     {r0-r4, r12, lr}
        rfeia   sp!

/* ---- IRQ, vectored (VIC port, SCTLR.VE) ------------------------------------ */
        .macro  VE_STUB n
        .global ve_stub\n
ve_stub\n:
        sub     lr, lr, #4
        srsdb   sp!, #MODE_SYS
        cps     #MODE_SYS
        push    {r0-r4, r12, lr}
        mov     r0, #\n
        b       ve_common
        .endm

        VE_STUB 0
        VE_STUB 1
        VE_STUB 2
        VE_STUB 3

ve_common:
        mov     r4, sp
        bic     sp, sp, #7
        bl      ve_dispatch
        cpsid   i
        ldr     r0, =VIC0_ADDRESS
        str     r0, [r0]                @ end of interrupt
        mov     sp, r4
        pop     {r0-r4, r12, lr}
        rfeia   sp!

/* ---- FIQ ----------------------------------------------------------------------- */
fiq_entry:
        sub     lr, lr, #4
        push    {r0-r3, r12, lr}
        ldr     r0, =fiq_entries
        ldr     r1, [r0]
        add     r1, r1, #1
        str     r1, [r0]
        bl      fiq_dispatch
        ldmfd   sp!, {r0-r3, r12, pc}^

/* ---- synchronous exceptions ----------------------------------------------- */
        .macro  EXC_ENTRY name, kind
\name:
        push    {r0-r3, r12, lr}
        mov     r0, #\kind
        mov     r1, lr
        mrs     r2, spsr
        bl      abort_dispatch
        str     r0, [sp, #20]           @ resume address replaces the saved lr
        ldmfd   sp!, {r0-r3, r12, pc}^
        .endm

        EXC_ENTRY und_entry, 1
        EXC_ENTRY svc_entry, 2
        EXC_ENTRY pabt_entry, 3
        EXC_ENTRY dabt_entry, 4
        EXC_ENTRY reserved_entry, 5

        .bss
        .balign 4
        .global irq_entries
irq_entries:    .word 0
        .global fiq_entries
fiq_entries:    .word 0
