/* roms/timing/kernels.S - timing microbenchmark kernels (ARM state).
 *
 * Every kernel is "uint32_t k_NAME(uint32_t iters, void *buf)": it sets up
 * its registers, reads the CP15 cycle counter (CCNT), runs a loop of iters
 * iterations around an unrolled block (the "units" of the kernel), reads
 * CCNT again and returns the difference.  timing.c subtracts the same loop
 * with an empty block (k_empty) and divides by iters * units.
 *
 * Register use inside a block: r0 = buf (8-byte aligned, 256 bytes, word 0
 * holds its own address), r12 = loop counter, sp = stack; everything else
 * is free.  Blocks never write r0 or r12 (except the pointer chase, which
 * loads buf's own address back into r0).
 */
	.syntax unified
	.arm
	.fpu vfp
	.text

	.macro KBEGIN name
	.balign 64
	.global k_\name
	.type k_\name, %function
k_\name:
	push {r4-r11, lr}
	sub sp, sp, #12
	mov r12, r0
	mov r0, r1
	.endm

	/* after the kernel's own set-up */
	.macro KLOOP
	.balign 8
	mrc p15, 0, lr, c15, c12, 1
	str lr, [sp]
1000:
	.endm

	.macro KEND name
	subs r12, r12, #1
	bne 1000b
	mrc p15, 0, r0, c15, c12, 1
	ldr r1, [sp]
	sub r0, r0, r1
	add sp, sp, #12
	pop {r4-r11, pc}
	.ltorg
	.size k_\name, . - k_\name
	.endm

	/* common operand set-up: small or large multiplier operands */
	.macro SETUP_SMALL
	mov r1, #3
	mov r2, #5
	mov r3, #7
	mov r6, #9
	.endm
	.macro SETUP_LARGE
	ldr r1, =0x7ffffffd
	ldr r2, =0xdeadbeef
	ldr r3, =0x89abcdef
	ldr r6, =0xfedcba98
	.endm

	.macro K name, setup, n, body:vararg
	KBEGIN \name
	\setup
	KLOOP
	.rept \n
	\body
	.endr
	KEND \name
	.endm

	.macro NOSETUP
	.endm
	.macro SETUP_ALU
	mov r1, #1
	mov r2, #2
	mov r3, #3
	mov r4, #4
	mov r5, #5
	.endm

	/* multi-instruction blocks */
	.macro body_alu_indep
	add r1, r1, r5
	add r2, r2, r5
	add r3, r3, r5
	add r4, r4, r5
	.endm
	.macro body_ldr_indep
	ldr r1, [r0, #8]
	add r2, r2, r3
	.endm
	.macro body_load_use
	ldr r1, [r0, #8]
	add r2, r2, r1
	.endm
	.macro body_load_use_gap1
	ldr r1, [r0, #8]
	add r3, r3, r4
	add r2, r2, r1
	.endm
	.macro body_load_use_shift
	ldr r1, [r0, #8]
	add r2, r2, r1, lsl #2
	.endm
	.macro body_load_addr_gap1
	ldr r1, [r0]
	add r3, r3, r4
	ldr r5, [r1, #8]
	.endm
	.macro body_load_store_data
	ldr r1, [r0, #8]
	str r1, [r0, #12]
	.endm
	.macro body_ldrb_use
	ldrb r1, [r0, #8]
	add r2, r2, r1
	.endm
	.macro body_b_taken
	b .+8
	nop
	.endm
	.macro body_bcond_taken
	bne .+8
	nop
	.endm
	.macro body_b_not_taken
	beq .+8
	nop
	.endm
	.macro body_b_alternating
	eors r1, r1, #1
	beq .+4
	.endm
	.macro body_bl_bx_lr
	bl ret_bx
	nop
	.endm
	.macro body_bl_pop_pc
	bl ret_pop
	nop
	.endm
	.macro body_umull_dep_lo
	umull r4, r5, r2, r3
	add r6, r6, r4
	.endm
	.macro body_umull_dep_hi
	umull r4, r5, r2, r3
	add r6, r6, r5
	.endm
	.macro body_ldm_use
	ldmia r0, {r1, r2}
	add r3, r3, r2
	.endm
	.macro body_smlal
	smlal r4, r5, r2, r3
	smlal r7, r8, r2, r3
	smlal r9, r10, r2, r3
	smlal r11, lr, r2, r3
	.endm
	.macro body_umaal
	umaal r4, r5, r2, r3
	umaal r7, r8, r2, r3
	umaal r9, r10, r2, r3
	umaal r11, lr, r2, r3
	.endm
	.macro body_smlald
	smlald r4, r5, r2, r3
	smlald r7, r8, r2, r3
	smlald r9, r10, r2, r3
	smlald r11, lr, r2, r3
	.endm

	/* ---- calibration ---- */
	KBEGIN empty
	KLOOP
	KEND empty

	/* ---- ALU ---- */
	K alu_dep, SETUP_ALU, 16, add r1, r1, r2
	K alu_indep, SETUP_ALU, 4, body_alu_indep
	K alu_lsl_imm, SETUP_ALU, 16, add r1, r1, r2, lsl #3
	K alu_lsl_imm_dep_rm, SETUP_ALU, 16, add r1, r2, r1, lsl #1
	K alu_lsl_reg, SETUP_ALU, 16, add r1, r1, r2, lsl r3

	/* ---- single loads ---- */
	K ldr_indep, SETUP_ALU, 8, body_ldr_indep
	K load_use, SETUP_ALU, 8, body_load_use
	K load_use_gap1, SETUP_ALU, 8, body_load_use_gap1
	K load_use_shift, SETUP_ALU, 8, body_load_use_shift
	K load_addr, SETUP_ALU, 16, ldr r0, [r0]
	K load_addr_gap1, SETUP_ALU, 8, body_load_addr_gap1
	K load_store_data, SETUP_ALU, 8, body_load_store_data
	K ldrb_use, SETUP_ALU, 8, body_ldrb_use

	/* ---- multiplies (independent results; small and large operands) ---- */
	.macro MULS_FOR sfx, setup
	K mul_\sfx, \setup, 16, mul r4, r2, r3
	K muls_\sfx, \setup, 16, muls r4, r2, r3
	K mla_\sfx, \setup, 16, mla r4, r2, r3, r6
	K umull_\sfx, \setup, 16, umull r4, r5, r2, r3
	K umulls_\sfx, \setup, 16, umulls r4, r5, r2, r3
	K smlal_\sfx, \setup, 4, body_smlal
	K umaal_\sfx, \setup, 4, body_umaal
	K smulbb_\sfx, \setup, 16, smulbb r4, r2, r3
	K smlabb_\sfx, \setup, 16, smlabb r4, r2, r3, r6
	K smulwb_\sfx, \setup, 16, smulwb r4, r2, r3
	K smlad_\sfx, \setup, 16, smlad r4, r2, r3, r6
	K smlald_\sfx, \setup, 4, body_smlald
	K smmul_\sfx, \setup, 16, smmul r4, r2, r3
	K smmla_\sfx, \setup, 16, smmla r4, r2, r3, r6
	.endm
	MULS_FOR small, SETUP_SMALL
	MULS_FOR large, SETUP_LARGE
	K mul_dep, SETUP_SMALL, 16, mul r2, r2, r3
	/* result interlocks of the multiplies (docs/timing.md) */
	K mla_acc_dep, SETUP_SMALL, 16, mla r4, r2, r3, r4
	K umull_dep_lo, SETUP_SMALL, 8, body_umull_dep_lo
	K umull_dep_hi, SETUP_SMALL, 8, body_umull_dep_hi
	K smulbb_dep, SETUP_SMALL, 16, smulbb r4, r4, r3
	/* base write-back as the next address; a loaded LDM register */
	K ldr_post_addr, SETUP_ALU, 16, ldr r1, [r0], #0
	K ldm_use, SETUP_ALU, 8, body_ldm_use

	/* ---- LDM/STM of 1..12 registers, 64-bit aligned and not ---- */
	.macro SETUP_AL
	.endm
	.macro SETUP_UN
	add r0, r0, #4
	.endm
	.macro LSM n, list:vararg
	K ldm\n\()_aligned, SETUP_AL, 8, ldmia r0, {\list}
	K ldm\n\()_unaligned, SETUP_UN, 8, ldmia r0, {\list}
	K stm\n\()_aligned, SETUP_AL, 8, stmia r0, {\list}
	K stm\n\()_unaligned, SETUP_UN, 8, stmia r0, {\list}
	.endm
	LSM 1, r1
	LSM 2, r1-r2
	LSM 3, r1-r3
	LSM 4, r1-r4
	LSM 5, r1-r5
	LSM 6, r1-r6
	LSM 7, r1-r7
	LSM 8, r1-r8
	LSM 9, r1-r9
	LSM 10, r1-r10
	LSM 11, r1-r11
	LSM 12, r1-r11, lr

	/* ---- branches ---- */
	/* taken forward branch over a nop (8 bytes apart: one predictor entry each) */
	K b_taken, SETUP_ALU, 16, body_b_taken
	/* not-taken conditional branch (Z is clear: r12 != 0 in the loop) + a nop */
	.macro SETUP_NZ
	movs r12, r12
	.endm
	K bcond_taken, SETUP_NZ, 16, body_bcond_taken
	K b_not_taken, SETUP_NZ, 16, body_b_not_taken
	/* data-dependent: 15 (odd) flips per iteration, so every branch address
	 * alternates taken / not taken from one iteration to the next */
	.macro SETUP_ALT
	mov r1, #0
	.endm
	K b_alternating, SETUP_ALT, 15, body_b_alternating
	/* call + return */
	K bl_bx_lr, NOSETUP, 16, body_bl_bx_lr
	K bl_pop_pc, NOSETUP, 16, body_bl_pop_pc

	.balign 64
ret_bx:
	bx lr
	.balign 64
ret_pop:
	push {r4, lr}
	add r6, r6, #1
	pop {r4, pc}

	/* ---- VFP (timing.c enables CP10/CP11 and FPEXC.EN first) ---- */
	.macro SETUP_VFP
	mov r1, #0x3f800000
	fmsr s8, r1
	fmsr s9, r1
	fcvtds d1, s8
	fcvtds d2, s9
	.endm
	K fadds, SETUP_VFP, 16, fadds s0, s8, s9
	K fmuld, SETUP_VFP, 16, fmuld d0, d1, d2
	K fdivd, SETUP_VFP, 4, fdivd d0, d1, d2
	.ltorg
