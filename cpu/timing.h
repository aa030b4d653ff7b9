/* ARM1176JZF-S issue-cycle costs, a documented first approximation of the
 * TRM's chapter 16 tables (../shared/docs/arm1176-timing.md).  The run loop
 * charges 1 cycle per instruction; the numbers here are the EXTRA cycles an
 * instruction class costs on top of that.  Of the interlocks only the
 * load-use stall of ARM single loads is modelled; see docs/timing.md. */
#ifndef IPODSIM_CPU_TIMING_H
#define IPODSIM_CPU_TIMING_H

enum {
    T_DP_REG_SHIFT = 1,      /* data processing with a register-specified shift: 2 cycles */
    T_PC_WRITE = 4,          /* ALU op / load writing the PC: unpredicted branch, 5 cycles */
    T_BRANCH_TAKEN = 0,      /* B/BL dynamically predicted taken: 1 cycle (folding not modelled) */
    T_BRANCH_STATIC_TAKEN = 3, /* unknown backward branch, static predictor right: 4 cycles */
    T_BRANCH_MISPREDICT = 5, /* mispredicted branch: 6 cycles (TRM 5-7 by flag distance; we take the middle) */
    T_BX = 3,                /* return (BX lr, MOV pc,lr, POP/LDM pc), return stack hit: 4 cycles */
    T_RETURN_MISS = 6,       /* ...return stack wrong: 7 cycles */
    T_RETURN_EMPTY = 4,      /* ...return stack empty: 5 cycles */
    T_BX_REG = 5,            /* BX/BLX to a register other than lr: unpredicted, 6 cycles (TRM 5-7) */
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
    /* Load-use interlock: a load's result latency is 3, so the next
     * instruction stalls 2 cycles when it reads the loaded register as a
     * normal operand, 3 as an Early operand (address base/offset, shifted
     * Rm, Rs, multiplier operands), 1 as a Late operand (store data); the
     * instruction after that stalls one cycle less. */
    T_LOAD_USE = 2,
    T_LOAD_USE_EARLY = 3,
    T_LOAD_USE_LATE = 1,
};

#endif
