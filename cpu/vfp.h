/* VFP11 floating-point coprocessor of the ARM1176JZF-S (VFPv2, coprocessors
 * 10 and 11).  docs/vfp.md describes the model and where it follows QEMU
 * rather than the silicon.
 *
 * The architectural state lives in cpu->vfp (ArmVfp, cpu/arm11.h): 32 single
 * registers S0-S31, overlapping the 16 double registers (Dn = S2n+1:S2n), and
 * the system registers.  The accessors below are for the debugger and for
 * tests; they bypass every access check. */
#ifndef IPODSIM_CPU_VFP_H
#define IPODSIM_CPU_VFP_H

#include "cpu/arm11.h"

/* ID registers of the ARM1176JZF-S VFP11 (ARM DDI 0301H, 20.4). */
#define VFP11_FPSID 0x410120B5u   /* ARM, VFPv2, part 0x20, variant 0xB, rev 5 (r0p4 and later) */
#define VFP11_MVFR0 0x11111111u   /* 16 x 64-bit regs, SP, DP, traps, div, sqrt, short vectors, all rounding modes */
#define VFP11_MVFR1 0x00000000u
#define VFP11_FPINST_RESET 0xEE000A00u

/* System register numbers: the reg field of FMRX/FMXR. */
enum {
    VFP_REG_FPSID = 0,
    VFP_REG_FPSCR = 1,
    VFP_REG_MVFR1 = 6,
    VFP_REG_MVFR0 = 7,
    VFP_REG_FPEXC = 8,
    VFP_REG_FPINST = 9,
    VFP_REG_FPINST2 = 10,
};

/* FPSCR */
#define FPSCR_N (1u << 31)
#define FPSCR_Z (1u << 30)
#define FPSCR_C (1u << 29)
#define FPSCR_V (1u << 28)
#define FPSCR_DN (1u << 25)
#define FPSCR_FZ (1u << 24)
#define FPSCR_RMODE_SHIFT 22
#define FPSCR_STRIDE_SHIFT 20
#define FPSCR_LEN_SHIFT 16
#define FPSCR_IOC (1u << 0)
#define FPSCR_DZC (1u << 1)
#define FPSCR_OFC (1u << 2)
#define FPSCR_UFC (1u << 3)
#define FPSCR_IXC (1u << 4)
#define FPSCR_IDC (1u << 7)
/* Bits kept on writes: NZCV DN FZ RMode Stride Len and the cumulative flags.
 * The SBZ bits and the trap enables [15:8] read as zero (no trapping). */
#define FPSCR_WRITABLE 0xF3F7009Fu
enum { FPRM_RN = 0, FPRM_RP = 1, FPRM_RM = 2, FPRM_RZ = 3 };

/* FPEXC */
#define FPEXC_EX (1u << 31)
#define FPEXC_EN (1u << 30)
#define FPEXC_WRITABLE 0xD000078Du /* EX EN FP2V VECITR INV UFC OFC IOC */

/* Install the cp10/cp11 callbacks (arm_create) and reset the state (arm_reset:
 * registers 0, FPSCR 0, FPEXC 0 = disabled, FPINST 0xEE000A00). */
void vfp_install(Arm11 *cpu);
void vfp_reset(Arm11 *cpu);

/* Register access for the debugger and tests (no checks, no side effects). */
uint32_t vfp_get_sreg(const Arm11 *cpu, unsigned n);          /* n < 32 */
void vfp_set_sreg(Arm11 *cpu, unsigned n, uint32_t v);
uint64_t vfp_get_dreg(const Arm11 *cpu, unsigned n);          /* n < 16 */
void vfp_set_dreg(Arm11 *cpu, unsigned n, uint64_t v);
/* System registers by FMRX/FMXR number (VFP_REG_*); unknown numbers read 0.
 * Writes keep the implemented bits only; FPSID/MVFR0/MVFR1 ignore writes. */
uint32_t vfp_get_sysreg(const Arm11 *cpu, unsigned reg);
void vfp_set_sysreg(Arm11 *cpu, unsigned reg, uint32_t v);
/* True when FPEXC.EN is set (VFP instructions execute). */
bool vfp_enabled(const Arm11 *cpu);

#endif
