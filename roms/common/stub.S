/*
 * call_stub: trampoline for the table-driven instruction tests (ARM state).
 *
 *   void call_stub(const void *fn, const uint32_t in[4], uint32_t psr,
 *                  uint32_t out[5]);
 *
 * Loads r0-r3 from in[], sets the CPSR flag (f) and status (s) fields from
 * psr, calls fn through BLX (fn may be an ARM or a Thumb routine), then
 * stores r0-r3 and the CPSR as it was right after the return into out[].
 * The routine may use r0-r12 freely but must keep sp and return to lr.
 * BX/BLX and LDM do not touch the flags, so out[4] holds exactly the flags
 * produced by the instruction under test.
 */
        .syntax unified
        .arm
        .text

        .global call_stub
        .type   call_stub, %function
call_stub:
        push    {r3-r11, lr}            @ r3 = out, kept at [sp]
        mov     r12, r0                 @ fn
        msr     cpsr_fs, r2
        ldm     r1, {r0-r3}
        blx     r12
        mrs     r12, cpsr
        ldr     lr, [sp]
        stm     lr, {r0-r3, r12}
        pop     {r3-r11, lr}
        bx      lr
        .size   call_stub, . - call_stub

        .global get_cpsr
        .type   get_cpsr, %function
get_cpsr:
        mrs     r0, cpsr
        bx      lr
        .size   get_cpsr, . - get_cpsr

        .global get_spsr
        .type   get_spsr, %function
get_spsr:
        mrs     r0, spsr
        bx      lr
        .size   get_spsr, . - get_spsr

/*
 * uint32_t semihost(uint32_t op, const void *arg): a raw semihosting call
 * (ARM state: SVC 0x123456), used by t_done() to make sure a failing test
 * exits with a non-zero status.
 */
        .global semihost
        .type   semihost, %function
semihost:
        svc     0x123456
        bx      lr
        .size   semihost, . - semihost
