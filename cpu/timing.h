/* ARM1176JZF-S issue-cycle costs, a documented first approximation of the
 * TRM's chapter 16 tables (../shared/docs/arm1176-timing.md).  The run loop
 * charges 1 cycle per instruction; the numbers here are the EXTRA cycles an
 * instruction class costs on top of that.  Interlocks (load-use stalls) are
 * not modelled yet; see docs/timing.md. */
#ifndef IPODSIM_CPU_TIMING_H
#define IPODSIM_CPU_TIMING_H

enum {
    T_DP_REG_SHIFT = 1,      /* data processing with a register-specified shift: 2 cycles */
    T_PC_WRITE = 4,          /* ALU op / load writing the PC: unpredicted branch, 5 cycles */
    T_BRANCH_TAKEN = 0,      /* B/BL predicted taken (dynamic predictor warm): 1 cycle */
    T_BRANCH_MISPREDICT = 4, /* mispredicted branch: 5 cycles (TRM range 5-7) */
    T_BX = 3,                /* BX/BLX register taken: return stack hit, 4 cycles */
    T_MUL = 1,               /* MUL/MLA: 2 cycles */
    T_MUL_S = 4,             /* MULS/MLAS: 5 cycles */
    T_MULL = 2,              /* SMULL/UMULL/SMLAL/UMLAL/UMAAL: 3 cycles */
    T_MULL_S = 5,            /* ...with S: 6 cycles */
    T_MUL_HALF_LONG = 1,     /* SMLALxy, SMLALD, SMLSLD, SMMUL, SMMLA, SMMLS: 2 cycles */
    T_LS_REG_SCALED = 1,     /* load/store with negative or non-LSL#2 shifted register offset */
    T_LS_UNALIGNED = 1,      /* unaligned access with SCTLR.U: one more LSU cycle */
    T_LSM_PER_PAIR = 1,      /* LDM/STM: one memory cycle per two registers (first one overlaps issue) */
    T_SWP = 1,               /* SWP/SWPB: read + write */
    T_EXCEPTION = 7,         /* exception entry: pipeline refill */
    T_COPROC = 0,            /* MCR/MRC */
};

#endif
