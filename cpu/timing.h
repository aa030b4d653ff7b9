/* ARM1176JZF-S issue-cycle costs, a documented first approximation of the
 * TRM's chapter 16 tables (../shared/docs/arm1176-timing.md).  The run loop
 * charges 1 cycle per instruction; the numbers here are the EXTRA cycles an
 * instruction class costs on top of that.  The result interlocks of ARM
 * code are charged from the T_LAT_* latencies below; see docs/timing.md. */
#ifndef IPODSIM_CPU_TIMING_H
#define IPODSIM_CPU_TIMING_H

enum {
    T_DP_REG_SHIFT = 1,      /* data processing with a register-specified shift: 2 cycles */
    T_PC_WRITE = 4,          /* ALU op / load writing the PC: unpredicted branch, 5 cycles */
    T_BRANCH_TAKEN = 0,      /* B/BL dynamically predicted taken: 1 cycle (folding not modelled) */
    T_BRANCH_STATIC_TAKEN = 3, /* unknown backward branch, static predictor right: 4 cycles */
    /* Mispredicted branch: 7 cycles when the flags were set by the
     * instruction right before it, 6 by the one before that, else 5 (TRM
     * max(7 - flag distance, 5)); 6 when the decoder cannot tell. */
    T_BRANCH_MISPREDICT = 5,
    T_BRANCH_MISPREDICT_MAX = 6,
    T_BRANCH_MISPREDICT_MIN = 4,
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
    /* VFP11 data processing, per vector element (VFP11 issue timings):
     * 1 cycle, except double-precision multiplies (FMULD, FNMULD, FMACD,
     * FNMACD, FMSCD, FNMSCD) 2, FDIVS/FSQRTS 15, FDIVD/FSQRTD 29.  The
     * divider blocks the issue for the whole operation (approximation: on
     * the real part only the next VFP instruction waits). */
    T_VFP_MULD = 1,
    T_VFP_DIVS = 14,
    T_VFP_DIVD = 28,
    /* Result interlocks (docs/timing.md).  An instruction reads each
     * register operand as Late (store data, accumulator), normal, or Early
     * (address base/offset, shifted Rm, Rs, multiplier operands: needed a
     * cycle sooner).  A result with latency L from an instruction of C issue
     * cycles makes the next instruction stall L - C cycles for a normal
     * operand, one more for an Early and one less for a Late one; the
     * instruction after that one cycle less again.  T_LAT_* is L - C. */
    T_LAT_ALU = 0,           /* ALU op, CLZ: latency 1 (register shift: 2 in 2 cycles) */
    T_LAT_WB = 0,            /* base write-back of a load/store: latency 1 */
    T_LAT_LOAD = 2,          /* LDR/LDRB/LDRH/LDRSB/LDRSH/LDRD/LDREX: latency 3 */
    T_LAT_MUL = 2,           /* MUL/MLA: latency 4 in 2 cycles (with S: 5 cycles, no stall) */
    T_LAT_MULL_LO = 1,       /* UMULL/SMULL/UMLAL/SMLAL/UMAAL RdLo: 4 in 3 cycles */
    T_LAT_MULL_HI = 2,       /* ...RdHi: 5 in 3 cycles */
    T_LAT_MUL16 = 2,         /* SMULxy SMLAxy SMULWy SMLAWy SMUAD SMLAD SMUSD SMLSD: 3 in 1 */
    T_LAT_MUL16L_LO = 1,     /* SMLALxy SMLALD SMLSLD RdLo: 3 in 2 cycles */
    T_LAT_MUL16L_HI = 2,     /* ...RdHi: 4 in 2 cycles */
    T_LAT_SMMUL = 2,         /* SMMUL SMMLA SMMLS: 4 in 2 cycles */
    /* LDM: the i-th loaded register (from 1) has latency 3 + (i - 1) / 2,
     * counted against the ceil(n/2) cycles charged for the transfer. */
    T_LAT_LDM = 3,
    /* The load-use stalls that follow from T_LAT_LOAD: the next instruction
     * waits 2 cycles for a normal operand, 3 for an Early, 1 for a Late one;
     * the instruction after that one cycle less. */
    T_LOAD_USE = T_LAT_LOAD,
    T_LOAD_USE_EARLY = T_LAT_LOAD + 1,
    T_LOAD_USE_LATE = T_LAT_LOAD - 1,
};

#endif
