/* Result interlocks of ARM code, worked out when an instruction is decoded
 * (docs/timing.md, "Result interlocks").
 *
 * The ARM1176 issues one instruction per cycle; an instruction that needs a
 * register whose producer has not delivered it yet waits.  Each producer
 * class has a result latency (cpu/timing.h, T_LAT_* = latency minus issue
 * cycles), each consumer operand a class: Early operands are needed one
 * cycle sooner (address base/offset, shifted Rm, Rs, multiplier operands),
 * Late ones one cycle later (store data, accumulators).  Instead of
 * tracking pending results at run time, the decoder looks at the two words
 * after a producer and charges the stall to the producer: ops that stall
 * nobody cost nothing extra when they run. */
#include "cpu/core.h"

static inline bool bit(uint32_t w, unsigned n) { return (w >> n) & 1; }

/* The larger of the classes c and, when the register field f names r, k. */
static inline unsigned use_if(unsigned c, unsigned f, unsigned r, unsigned k)
{
    return f == r && k > c ? k : c;
}

unsigned arm_reg_use(uint32_t w, unsigned r)
{
    unsigned rn = (w >> 16) & 15, rdf = (w >> 12) & 15, rs = (w >> 8) & 15, rm = w & 15;
    unsigned c = USE_NONE;
    if ((w >> 28) == 15) {
        /* unconditional space: of the reads only PLD's address matters */
        if ((w & 0x0D700000u) == 0x05500000u) {
            c = use_if(c, rn, r, USE_EARLY);
            if (bit(w, 25)) c = use_if(c, rm, r, USE_EARLY);
        }
        return c;
    }
    switch ((w >> 25) & 7) {
    case 0:
        if ((w & 0x90) == 0x90 && (w & 0x60) == 0) {
            if (bit(w, 24)) { /* SWP, LDREX, STREX: address Early, store data Late */
                c = use_if(c, rn, r, USE_EARLY);
                return (w & 0x00F00000u) == 0x00900000u ? c : use_if(c, rm, r, USE_LATE);
            }
            /* multiplies: Rm, Rs Early; MLA's Rn and the RdLo of the long
             * accumulating forms Late; their RdHi normal */
            c = use_if(use_if(c, rm, r, USE_EARLY), rs, r, USE_EARLY);
            unsigned opc = (w >> 21) & 7;
            if (opc == 1) return use_if(c, rdf, r, USE_LATE);
            if (opc == 2 || opc == 5 || opc == 7) return use_if(use_if(c, rdf, r, USE_LATE), rn, r, USE_NORMAL);
            return c;
        }
        if ((w & 0x90) == 0x90) { /* extra loads/stores: base and register offset Early */
            c = use_if(c, rn, r, USE_EARLY);
            if (!bit(w, 22)) c = use_if(c, rm, r, USE_EARLY);
            if (!bit(w, 20)) {
                unsigned sh = (w >> 5) & 3;
                if (sh == 1) c = use_if(c, rdf, r, USE_LATE);                 /* STRH */
                if (sh == 3) c = use_if(use_if(c, rdf, r, USE_LATE), (rdf + 1) & 15, r, USE_LATE); /* STRD */
            }
            return c;
        }
        if ((w & 0x01900000u) == 0x01000000u) { /* miscellaneous space */
            if (bit(w, 7)) { /* SMLAxy, SMLAWy/SMULWy, SMLALxy, SMULxy */
                c = use_if(use_if(c, rm, r, USE_EARLY), rs, r, USE_EARLY);
                unsigned opc = (w >> 21) & 3;
                if (opc == 0 || (opc == 1 && !bit(w, 5))) c = use_if(c, rdf, r, USE_LATE);
                if (opc == 2) c = use_if(use_if(c, rdf, r, USE_LATE), rn, r, USE_NORMAL);
                return c;
            }
            unsigned op2 = (w >> 4) & 7;
            if (op2 == 0 && !bit(w, 21)) return c;                          /* MRS */
            if (op2 == 5) c = use_if(c, rn, r, USE_NORMAL);                 /* QADD.. */
            if (op2 == 7) return c;                                         /* BKPT */
            return use_if(c, rm, r, USE_NORMAL);                            /* MSR, BX, CLZ, Q* */
        }
        if (bit(w, 4)) { /* register-specified shift: Rs Early, Rm normal, Rn Late */
            c = use_if(use_if(c, rs, r, USE_EARLY), rm, r, USE_NORMAL);
            return ((w >> 21) & 13) == 13 ? c : use_if(c, rn, r, USE_LATE); /* MOV/MVN: no Rn */
        }
        /* immediate shift: a shifted Rm is Early; plain Rm (LSL #0) and RRX
         * (ROR #0) normal */
        c = use_if(c, rm, r, (w & 0xFE0) != 0 && (w & 0xFE0) != 0x60 ? USE_EARLY : USE_NORMAL);
        return ((w >> 21) & 13) == 13 ? c : use_if(c, rn, r, USE_NORMAL);
    case 1:
        if ((w & 0x01900000u) == 0x01000000u) return c; /* MSR immediate */
        return ((w >> 21) & 13) == 13 ? c : use_if(c, rn, r, USE_NORMAL);
    case 3:
        if (bit(w, 4)) { /* media */
            if ((w & 0x0F800010u) == 0x07000010u) { /* dual and most-significant-word multiplies */
                c = use_if(use_if(c, rm, r, USE_EARLY), rs, r, USE_EARLY);
                if (rdf == 15) return c; /* no accumulator: the Ra field (15:12) holds 1111 */
                c = use_if(c, rdf, r, USE_LATE);
                return ((w >> 20) & 7) == 4 ? use_if(c, rn, r, USE_NORMAL) : c; /* SMLALD: RdHi */
            }
            c = use_if(use_if(c, rm, r, USE_NORMAL), (w >> 16) & 15, r, USE_NORMAL);
            if ((w & 0x0FF000F0u) == 0x07800010u) c = use_if(use_if(c, rs, r, USE_NORMAL), rdf, r, USE_NORMAL); /* USAD(A)8 */
            return c;
        }
        c = use_if(c, rm, r, USE_EARLY);
        __attribute__((fallthrough));
    case 2: /* LDR/STR: base and offset Early, store data Late */
        c = use_if(c, (w >> 16) & 15, r, USE_EARLY);
        return bit(w, 20) ? c : use_if(c, rdf, r, USE_LATE);
    case 4: /* LDM/STM: base Early; STM needs its registers at the start */
        c = use_if(c, (w >> 16) & 15, r, USE_EARLY);
        return !bit(w, 20) && bit(w, r) ? (c > USE_NORMAL ? c : USE_NORMAL) : c;
    case 6:
        if ((w & 0x0FE00000u) == 0x0C400000u) /* MCRR: both registers */
            return use_if(use_if(c, rdf, r, USE_NORMAL), (w >> 16) & 15, r, USE_NORMAL);
        return use_if(c, (w >> 16) & 15, r, USE_EARLY); /* LDC/STC base */
    case 7:
        if (!bit(w, 24) && !bit(w, 20) && bit(w, 4)) return use_if(c, rdf, r, USE_NORMAL); /* MCR */
        return c;
    default: /* B, BL */
        return c;
    }
}

/* Stall for one result r of latency x (T_LAT_*) against w1 and w2. */
static int result_stall(uint32_t w1, uint32_t w2, bool w2_valid, unsigned r, int x)
{
    int s = 0;
    if (r == 15) return 0;
    unsigned c = arm_reg_use(w1, r);
    if (c) s = x + (int)c - USE_NORMAL;
    if (w2_valid && (c = arm_reg_use(w2, r)) != 0 && x + (int)c - USE_NORMAL - 1 > s)
        s = x + (int)c - USE_NORMAL - 1;
    return s;
}

unsigned arm_interlock_stall(uint32_t w, uint32_t w1, uint32_t w2, bool w2_valid)
{
    if ((w >> 28) == 15) return 0;
    if (((w1 >> 25) & 7) == 5) w2_valid = false; /* w1 is B/BL: w2 does not come next */
    unsigned rn = (w >> 16) & 15, rd = (w >> 12) & 15;
    int s = 0, t;
#define RESULT(r, x)                                          \
    do {                                                      \
        t = result_stall(w1, w2, w2_valid, (r), (x));         \
        if (t > s) s = t;                                     \
    } while (0)
    switch ((w >> 25) & 7) {
    case 0:
        if ((w & 0x0F0000F0u) == 0x00000090u) { /* MUL, MLA, long multiplies, UMAAL */
            if (bit(w, 20)) return 0; /* the S forms issue for as long as the result takes */
            unsigned opc = (w >> 21) & 7;
            if (opc <= 1) {
                RESULT(rn, T_LAT_MUL);
            } else if (opc != 3) {
                RESULT(rd, T_LAT_MULL_LO);
                RESULT(rn, T_LAT_MULL_HI);
            }
            break;
        }
        if ((w & 0x0F900090u) == 0x01000080u) { /* 16-bit multiplies */
            if (((w >> 21) & 3) == 2) {
                RESULT(rd, T_LAT_MUL16L_LO);
                RESULT(rn, T_LAT_MUL16L_HI);
            } else {
                RESULT(rn, T_LAT_MUL16);
            }
            break;
        }
        if ((w & 0x0FFF0FF0u) == 0x016F0F10u) { /* CLZ */
            RESULT(rd, T_LAT_ALU);
            break;
        }
        if ((w & 0x0FB00FF0u) == 0x01900F90u) { /* LDREX */
            RESULT(rd, T_LAT_LOAD);
            break;
        }
        if ((w & 0x90) == 0x90) {
            if ((w & 0x60) == 0) break; /* SWP, STREX: not modelled */
            bool load = bit(w, 20), ldrd = !load && ((w >> 5) & 3) == 2;
            if ((load || ldrd) && rd == 15) return 0;
            if (load) RESULT(rd, T_LAT_LOAD);
            if (ldrd) {
                RESULT(rd, T_LAT_LOAD);
                RESULT(rd + 1, T_LAT_LOAD);
            }
            if (!bit(w, 24) || bit(w, 21)) RESULT(rn, T_LAT_WB);
            break;
        }
        if ((w & 0x01900000u) == 0x01000000u) break; /* MRS, MSR, BX, Q*, ... */
        __attribute__((fallthrough));
    case 1:
        if ((w & 0x01900000u) == 0x01000000u) break; /* MSR immediate */
        if (((w >> 21) & 12) == 8) break;             /* TST/TEQ/CMP/CMN: flags only */
        if (rd == 15) return 0;
        RESULT(rd, T_LAT_ALU);
        break;
    case 3:
        if (bit(w, 4)) {
            if ((w & 0x0F800010u) == 0x07000010u) { /* dual / most-significant-word multiplies */
                unsigned opc = (w >> 20) & 7;
                if (opc == 0) RESULT(rn, T_LAT_MUL16);
                if (opc == 5) RESULT(rn, T_LAT_SMMUL);
                if (opc == 4) {
                    RESULT(rd, T_LAT_MUL16L_LO);
                    RESULT(rn, T_LAT_MUL16L_HI);
                }
            }
            break; /* other media instructions: not modelled */
        }
        __attribute__((fallthrough));
    case 2:
        if (bit(w, 20)) {
            if (rd == 15) return 0;
            RESULT(rd, T_LAT_LOAD);
        }
        if (!bit(w, 24) || bit(w, 21)) RESULT(rn, T_LAT_WB);
        break;
    case 4: {
        uint32_t list = w & 0xFFFF;
        if (!bit(w, 20)) {
            if (bit(w, 21)) RESULT(rn, T_LAT_WB);
            break;
        }
        if (list & 0x8000) return 0;
        unsigned n = (unsigned)__builtin_popcount(list), i = 0;
        int issue = (int)(n + 1) / 2; /* the cycles charged for the transfer (aligned start) */
        for (uint32_t l = list; l; l &= l - 1, i++)
            RESULT((unsigned)__builtin_ctz(l), T_LAT_LDM + (int)(i / 2) - issue);
        if (bit(w, 21) && !bit(list, rn)) RESULT(rn, T_LAT_WB);
        break;
    }
    default:
        break;
    }
#undef RESULT
    return s > 0 ? (unsigned)s : 0;
}
