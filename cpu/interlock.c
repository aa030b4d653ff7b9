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

/* ---- Thumb ---------------------------------------------------------------- */

/* How the Thumb instruction h reads register r (same classes as ARM). */
unsigned thumb_reg_use(uint32_t h, unsigned r)
{
    unsigned c = USE_NONE;
    unsigned lo0 = h & 7, lo3 = (h >> 3) & 7, lo6 = (h >> 6) & 7, hi8 = (h >> 8) & 7;
    switch (h >> 11) {
    case 0: case 1: case 2: /* LSL/LSR/ASR #imm: a real shift reads Rm Early */
        return use_if(c, lo3, r, (h >> 11) || ((h >> 6) & 31) ? USE_EARLY : USE_NORMAL);
    case 3: /* ADD/SUB register or imm3 */
        c = use_if(c, lo3, r, USE_NORMAL);
        return (h & (1u << 10)) ? c : use_if(c, lo6, r, USE_NORMAL);
    case 4: return c;                                   /* MOV imm8 */
    case 5: case 6: case 7: return use_if(c, hi8, r, USE_NORMAL); /* CMP/ADD/SUB imm8 */
    case 8:
        if (!(h & (1u << 10))) { /* ALU operations */
            unsigned op = (h >> 6) & 15;
            if (op == 2 || op == 3 || op == 4 || op == 7) /* shifts by register: Rs Early */
                return use_if(use_if(c, lo3, r, USE_EARLY), lo0, r, USE_NORMAL);
            if (op == 13) return use_if(use_if(c, lo3, r, USE_EARLY), lo0, r, USE_EARLY); /* MUL */
            c = use_if(c, lo3, r, USE_NORMAL);
            return op == 9 || op == 15 ? c : use_if(c, lo0, r, USE_NORMAL); /* NEG, MVN: Rm only */
        }
        { /* high-register ADD/CMP/MOV, BX/BLX */
            unsigned rd = ((h >> 4) & 8) | lo0, rm = (h >> 3) & 15, op = (h >> 8) & 3;
            c = use_if(c, rm, r, USE_NORMAL);
            return op < 2 ? use_if(c, rd, r, USE_NORMAL) : c;
        }
    case 9: return c; /* LDR literal */
    case 10: case 11: /* register offset: address registers Early, store data Late */
        c = use_if(use_if(c, lo3, r, USE_EARLY), lo6, r, USE_EARLY);
        return ((h >> 9) & 7) <= 2 ? use_if(c, lo0, r, USE_LATE) : c;
    case 12: case 14: case 16: /* STR/STRB/STRH imm */
        return use_if(use_if(c, lo3, r, USE_EARLY), lo0, r, USE_LATE);
    case 13: case 15: case 17: /* LDR/LDRB/LDRH imm */
        return use_if(c, lo3, r, USE_EARLY);
    case 18: return use_if(use_if(c, 13, r, USE_EARLY), hi8, r, USE_LATE); /* STR [sp] */
    case 19: return use_if(c, 13, r, USE_EARLY);                           /* LDR [sp] */
    case 20: return c;                                                     /* ADR */
    case 21: return use_if(c, 13, r, USE_NORMAL);                          /* ADD Rd, sp, #imm */
    case 22: case 23: /* miscellaneous */
        if ((h & 0xFF00) == 0xB000) return use_if(c, 13, r, USE_NORMAL);   /* ADD/SUB sp */
        if ((h & 0xFE00) == 0xB400) {                                      /* PUSH */
            c = use_if(c, 13, r, USE_EARLY);
            if ((r < 8 && ((h >> r) & 1)) || (r == 14 && (h & 0x100))) c = c > USE_NORMAL ? c : USE_NORMAL;
            return c;
        }
        if ((h & 0xFE00) == 0xBC00) return use_if(c, 13, r, USE_EARLY);    /* POP */
        if ((h & 0xFF00) == 0xB200 || (h & 0xFF00) == 0xBA00) return use_if(c, lo3, r, USE_NORMAL); /* extend, REV */
        return c;
    case 24: /* STMIA: base Early, the list needed at the start */
        c = use_if(c, hi8, r, USE_EARLY);
        return r < 8 && ((h >> r) & 1) ? (c > USE_NORMAL ? c : USE_NORMAL) : c;
    case 25: return use_if(c, hi8, r, USE_EARLY); /* LDMIA */
    default: return c; /* branches, SVC */
    }
}

static int thumb_result_stall(uint32_t h1, uint32_t h2, bool h2_valid, unsigned r, int x)
{
    int s = 0;
    unsigned c = thumb_reg_use(h1, r);
    if (c) s = x + (int)c - USE_NORMAL;
    if (h2_valid && (c = thumb_reg_use(h2, r)) != 0 && x + (int)c - USE_NORMAL - 1 > s)
        s = x + (int)c - USE_NORMAL - 1;
    return s;
}

/* Does Thumb h change the flow (so that the halfword after it is not next)? */
static bool thumb_is_branch(uint32_t h)
{
    return (h >> 12) == 0xD || (h >> 11) >= 0x1C || (h & 0xFF00) == 0x4700 ||
           (h & 0xFF87) == 0x4687 || (h & 0xFF00) == 0xBD00;
}

unsigned thumb_interlock_stall(uint32_t h, uint32_t h1, uint32_t h2, bool h2_valid)
{
    if (thumb_is_branch(h1)) h2_valid = false;
    int s = 0, t;
#define RESULT(r, x)                                                          \
    do {                                                                      \
        t = thumb_result_stall(h1, h2, h2_valid, (r), (x));                   \
        if (t > s) s = t;                                                     \
    } while (0)
    unsigned lo0 = h & 7, hi8 = (h >> 8) & 7;
    switch (h >> 11) {
    case 0: case 1: case 2: case 3: RESULT(lo0, T_LAT_ALU); break;
    case 4: case 6: case 7: RESULT(hi8, T_LAT_ALU); break;    /* MOV/ADD/SUB imm8 (not CMP) */
    case 8:
        if (!(h & (1u << 10))) {
            unsigned op = (h >> 6) & 15;
            if (op != 8 && op != 10 && op != 11 && op != 13) RESULT(lo0, T_LAT_ALU); /* not TST/CMP/CMN/MULS */
        } else if (((h >> 8) & 3) == 0 || ((h >> 8) & 3) == 2) { /* high ADD, MOV */
            unsigned rd = ((h >> 4) & 8) | lo0;
            if (rd == 15) return 0;
            RESULT(rd, T_LAT_ALU);
        }
        break;
    case 9: case 19: RESULT(hi8, T_LAT_LOAD); break;          /* LDR literal, LDR [sp] */
    case 10: case 11:
        if (((h >> 9) & 7) >= 3) RESULT(lo0, T_LAT_LOAD);      /* LDRSB/LDR/LDRH/LDRB/LDRSH */
        break;
    case 13: case 15: case 17: RESULT(lo0, T_LAT_LOAD); break; /* LDR/LDRB/LDRH imm */
    case 20: case 21: RESULT(hi8, T_LAT_ALU); break;          /* ADR, ADD Rd, sp */
    case 22: case 23:
        if ((h & 0xFF00) == 0xB000 || (h & 0xFE00) == 0xB400) RESULT(13, T_LAT_WB); /* ADD/SUB sp, PUSH */
        if ((h & 0xFE00) == 0xBC00) {                                                 /* POP */
            if (h & 0x100) return 0;
            unsigned n = (unsigned)__builtin_popcount(h & 0xFF), i = 0;
            int issue = (int)(n + 1) / 2;
            for (uint32_t l = h & 0xFF; l; l &= l - 1, i++)
                RESULT((unsigned)__builtin_ctz(l), T_LAT_LDM + (int)(i / 2) - issue);
            RESULT(13, T_LAT_WB);
        }
        break;
    case 25: { /* LDMIA */
        unsigned n = (unsigned)__builtin_popcount(h & 0xFF), i = 0;
        int issue = (int)(n + 1) / 2;
        for (uint32_t l = h & 0xFF; l; l &= l - 1, i++)
            RESULT((unsigned)__builtin_ctz(l), T_LAT_LDM + (int)(i / 2) - issue);
        if (!((h >> hi8) & 1)) RESULT(hi8, T_LAT_WB);
        break;
    }
    default: break;
    }
#undef RESULT
    return s > 0 ? (unsigned)s : 0;
}
