/* THE reviewed list of conformance exclusions.
 *
 * Every entry is a case where Unicorn (the oracle) and the ARM Architecture
 * Reference Manual disagree, or where the manual leaves the result
 * UNPREDICTABLE so that no answer is wrong.  References: "ARM ARM" is the
 * ARMv6 manual (DDI 0100I; A4.1.x are its ARM instruction pages, A7.1.x the
 * Thumb pages, A5.x the addressing modes); "TRM" is the ARM1176JZF-S TRM
 * (DDI 0301H).  The core follows the manual; an entry removes exactly the
 * cases its predicate describes, nothing broader:
 *   - `decoders` the pattern-table lines it may apply to, by their decoder
 *                (stabler than line names; "(undefined)" = no line);
 *   - `match`    a predicate on the encoding and the state before the
 *                instruction (post-run entries also see the oracle's outcome
 *                and final state) that says what is not compared: the whole
 *                case (skip), some registers, some CPSR bits or memory.
 * Real bugs of the core are fixed in cpu/, never listed here.  Adding an
 * entry needs the manual's rule (or the oracle bug) in its reason; the policy
 * is in docs/conformance.md. */
#include <stdio.h>
#include <string.h>

#include "test/conformance/conf.h"

typedef struct Exclusion {
    const char *id;
    bool thumb;               /* instruction set it applies to */
    const char *decoders;     /* space-separated decoder names */
    bool post;                /* needs the oracle's outcome and final state */
    bool (*match)(const ExclCtx *c, Ignore *ign);
    const char *reason;
    unsigned long hits;
} Exclusion;

/* ---- helpers ------------------------------------------------------------------- */
static unsigned bits(uint32_t v, unsigned hi, unsigned lo) { return (v >> lo) & ((1u << (hi - lo + 1)) - 1); }
static unsigned bit(uint32_t v, unsigned n) { return (v >> n) & 1; }
/* A register as an operand (the PC reads as the instruction address + 8 / + 4). */
static uint32_t reg(const ExclCtx *c, unsigned n)
{
    if (n == 15) return c->addr + (c->thumb ? 4 : 8);
    return c->pre->r[n];
}
static unsigned cur_mode(const ExclCtx *c) { return c->pre->cpsr & 0x1F; }
static bool has_spsr(unsigned mode) { return mode != 0x10 && mode != 0x1F; }
static bool valid_mode(unsigned m) { return cb_of_mode(m) >= 0; }
/* Physical address of a data address: with the MMU on (mmu:* classes), by
 * the harness's own walk of the tables (no permission check); the page
 * offset is kept, so an access of up to 8 bytes that stays in its page maps
 * to contiguous RAM. */
static uint32_t phys(uint32_t addr)
{
    uint32_t pa;
    if (!conf_mmu) return addr;
    return mmu_layout_pa_ram(addr, &pa) ? pa : 0xFFFFFFF0u;
}
static bool in_ram(uint32_t addr, unsigned size)
{
    if (conf_mmu && ((addr & 0xFFFu) + size > 0x1000u)) return false;
    addr = phys(addr);
    return addr < RAM_SIZE && addr + size <= RAM_SIZE;
}
static bool skip(Ignore *ign) { return ign->skip = true; }

/* Value of a 4-bit register field named by a pattern letter. */
static bool reg_field(const ExclCtx *c, char letter, unsigned *r)
{
    unsigned lsb, w;
    if (!c->pattern || !pat_field(c->pattern, letter, &lsb, &w) || w != 4) return false;
    *r = bits(c->insn, lsb + 3, lsb);
    return true;
}

/* ARM addressing mode 3 (LDRD/STRD/LDRH...): the address of the access. */
static uint32_t mode3_address(const ExclCtx *c)
{
    uint32_t i = c->insn, base = reg(c, bits(i, 19, 16));
    uint32_t off = bit(i, 22) ? ((bits(i, 11, 8) << 4) | bits(i, 3, 0)) : reg(c, bits(i, 3, 0));
    if (!bit(i, 24)) return base;
    return bit(i, 23) ? base + off : base - off;
}

/* ---- SBZ / SBO fields ---------------------------------------------------------------
 * The manual's glossary: a Should-Be-Zero (Should-Be-One) field holding other
 * values gives UNPREDICTABLE results.  The core ignores these fields; QEMU
 * decodes many of them strictly and calls the encoding UNDEFINED.  One row per
 * encoding: bits in req_mask must equal req_value. */
typedef struct SbzRow {
    bool thumb;
    const char *decoder;
    uint32_t id_mask, id_value;     /* further selects the encoding within the decoder's lines */
    uint32_t req_mask, req_value;
} SbzRow;

static const SbzRow sbz_rows[] = {
    {false, "dec_mrs", 0, 0, 0x000F0F0F, 0x000F0000},          /* A4.1.38 MRS: SBO 19:16, SBZ 11:0 */
    {false, "dec_msr_reg", 0, 0, 0x0000FF00, 0x0000F000},      /* A4.1.39 MSR: SBO 15:12, SBZ 11:8 */
    {false, "dec_msr_imm", 0, 0, 0x0000F000, 0x0000F000},      /* A4.1.39 MSR immediate: SBO 15:12 */
    {false, "dec_hint", 0, 0, 0x0000FF00, 0x0000F000},         /* ARMv6K hints (NOP, YIELD, WFE, WFI, SEV) */
    {false, "dec_bx", 0, 0, 0x000FFF00, 0x000FFF00},           /* A4.1.10 BX, A4.1.11 BXJ: SBO 19:8 */
    {false, "dec_blx_reg", 0, 0, 0x000FFF00, 0x000FFF00},      /* A4.1.9 BLX (2): SBO 19:8 */
    {false, "dec_nop", 0xFD700000, 0xF5500000, 0x0000F000, 0x0000F000}, /* A4.1.45 PLD: SBO 15:12 */
    {false, "dec_excl", 0x00100000, 0x00100000, 0x00000F0F, 0x00000F0F}, /* A4.1.27 LDREX: SBO 11:8, 3:0 */
    {false, "dec_clrex", 0, 0, 0x000FFF0F, 0x000FF00F},        /* CLREX (ARMv6K): SBO 19:12, 3:0; SBZ 11:8 */
    {false, "dec_smc", 0, 0, 0x000FFF00, 0x00000000},          /* SMC (TRM 2.12.13): SBZ 19:8 */
    {false, "dec_cps", 0, 0, 0x0000FE00, 0x00000000},          /* A4.1.16 CPS: SBZ 15:9 */
    {false, "dec_setend", 0, 0, 0x0000FDF0, 0x00000000},       /* A4.1.93 SETEND: SBZ 15:10, 8:4 */
    {false, "dec_srs", 0, 0, 0x000FFFE0, 0x000D0500},          /* A4.1.90 SRS: 19:5 = 1101 0000 0101 000 */
    {false, "dec_rfe", 0, 0, 0x0000FFFF, 0x00000A00},          /* A4.1.59 RFE: 15:0 = 0000 1010 0000 0000 */
    {false, "dec_mul", 0, 0, 0x0000F000, 0x00000000},          /* A4.1.40 MUL: SBZ 15:12 */
    {false, "dec_smulw_y", 0, 0, 0x0000F000, 0x00000000},      /* A4.1.88 SMULW<y>: SBZ 15:12 */
    {false, "dec_smul_xy", 0, 0, 0x0000F000, 0x00000000},      /* A4.1.86 SMUL<x><y>: SBZ 15:12 */
    {false, "dec_qaddsub", 0, 0, 0x00000F00, 0x00000000},      /* A4.1.46-50 QADD...: SBZ 11:8 */
    {false, "dec_clz", 0, 0, 0x000F0F00, 0x000F0F00},          /* A4.1.13 CLZ: SBO 19:16, 11:8 */
    {false, "dec_parallel", 0, 0, 0x00000F00, 0x00000F00},     /* parallel add/subtract: SBO 11:8 */
    {false, "dec_sel", 0, 0, 0x00000F00, 0x00000F00},          /* A4.1.63 SEL: SBO 11:8 */
    {false, "dec_sat16", 0, 0, 0x00000F00, 0x00000F00},        /* A4.1.94/A4.1.137 SSAT16/USAT16: SBO 11:8 */
    {false, "dec_rev", 0, 0, 0x000F0F00, 0x000F0F00},          /* A4.1.56-58 REV...: SBO 19:16, 11:8 */
    {false, "dec_extend", 0, 0, 0x00000300, 0x00000000},       /* SXT/UXT...: SBZ 9:8 */
    {true, "dec_t_bx", 0, 0, 0x0007, 0x0000},                  /* A7.1.20 BX / A7.1.19 BLX (2): SBZ 2:0 */
    {true, "dec_t_setend", 0, 0, 0x0007, 0x0000},              /* A7.1.64 SETEND: SBZ 2:0 */
};

static bool sbz_sbo(const ExclCtx *c, Ignore *ign)
{
    if (!c->decoder) return false;
    for (size_t i = 0; i < sizeof sbz_rows / sizeof sbz_rows[0]; i++) {
        const SbzRow *r = &sbz_rows[i];
        if (r->thumb != c->thumb || strcmp(r->decoder, c->decoder) != 0) continue;
        if ((c->insn & r->id_mask) != r->id_value) continue;
        if ((c->insn & r->req_mask) != r->req_value) return skip(ign);
    }
    return false;
}

uint32_t excl_sbz_canonical(bool thumb, const char *decoder, uint32_t insn)
{
    if (!decoder) return insn;
    for (size_t i = 0; i < sizeof sbz_rows / sizeof sbz_rows[0]; i++) {
        const SbzRow *r = &sbz_rows[i];
        if (r->thumb == thumb && !strcmp(r->decoder, decoder) && (insn & r->id_mask) == r->id_value)
            insn = (insn & ~r->req_mask) | r->req_value;
    }
    if (!thumb && (!strcmp(decoder, "dec_dp_imm") || !strcmp(decoder, "dec_dp_reg_imm") ||
                   !strcmp(decoder, "dec_dp_reg_reg"))) {
        unsigned op = bits(insn, 24, 21);
        if (op == 0xD || op == 0xF) insn &= ~0x000F0000u;
        else if ((op & 0xC) == 0x8) insn &= ~0x0000F000u;
    }
    return insn;
}

/* Data processing: MOV/MVN bits[19:16] and TST/TEQ/CMP/CMN bits[15:12] are SBZ. */
static bool dp_sbz(const ExclCtx *c, Ignore *ign)
{
    unsigned op = bits(c->insn, 24, 21);
    if ((op == 0xD || op == 0xF) && bits(c->insn, 19, 16) != 0) return skip(ign);
    if ((op & 0xC) == 0x8 && bits(c->insn, 15, 12) != 0) return skip(ign);
    return false;
}

/* ---- data processing ------------------------------------------------------------------ */
static bool dp_s_pc(const ExclCtx *c)
{
    unsigned op = bits(c->insn, 24, 21);
    return bit(c->insn, 20) && bits(c->insn, 15, 12) == 15 && (op & 0xC) != 0x8;
}

static bool dp_s_pc_no_spsr(const ExclCtx *c, Ignore *ign)
{
    return dp_s_pc(c) && !has_spsr(cur_mode(c)) && skip(ign);
}

static bool dp_s_pc_qemu(const ExclCtx *c, Ignore *ign)
{
    unsigned op = bits(c->insn, 24, 21);
    return dp_s_pc(c) && op != 0x2 && op != 0xD && has_spsr(cur_mode(c)) && skip(ign);
}

static bool dp_rsr_pc(const ExclCtx *c, Ignore *ign)
{
    return (bits(c->insn, 19, 16) == 15 || bits(c->insn, 15, 12) == 15 || bits(c->insn, 11, 8) == 15 ||
            bits(c->insn, 3, 0) == 15) && skip(ign);
}

/* An exception return (SPSR -> CPSR) to an SPSR whose mode field is invalid. */
static bool eret_bad_mode(const ExclCtx *c, Ignore *ign)
{
    if (!dp_s_pc(c) || !has_spsr(cur_mode(c))) return false;
    return !valid_mode(cs_spsr(c->pre) & 0x1F) && skip(ign);
}

/* ---- multiplies and media ------------------------------------------------------------------- */
static bool media_pc_operand(const ExclCtx *c, Ignore *ign)
{
    static const char letters[] = "dnmsahl";
    for (const char *p = letters; *p; p++) {
        unsigned r;
        if (reg_field(c, *p, &r) && r == 15) return skip(ign);
    }
    return false;
}

static bool long_mul_same_dest(const ExclCtx *c, Ignore *ign)
{
    unsigned hi, lo;
    return reg_field(c, 'h', &hi) && reg_field(c, 'l', &lo) && hi == lo && skip(ign);
}

/* SMLAD/SMLSD: Q set by the oracle when p1 + p2 overflows although the sum
 * with the accumulator fits. */
static bool smlad_q(const ExclCtx *c, Ignore *ign)
{
    uint32_t a = reg(c, bits(c->insn, 3, 0)), b = reg(c, bits(c->insn, 11, 8));
    if (bit(c->insn, 5)) b = (b >> 16) | (b << 16);
    int64_t p1 = (int64_t)(int16_t)a * (int16_t)b;
    int64_t p2 = (int64_t)(int16_t)(a >> 16) * (int16_t)(b >> 16);
    int64_t sum = bit(c->insn, 6) ? p1 - p2 : p1 + p2;
    if (sum == (int32_t)sum) return false;
    ign->cpsr_bits |= 1u << 27;
    return true;
}

/* ---- status registers, hints, system ------------------------------------------------------------ */
static bool psr_pc_or_user_spsr(const ExclCtx *c, Ignore *ign)
{
    bool r = bit(c->insn, 22);
    bool mrs = !bit(c->insn, 21);
    if (r && !has_spsr(cur_mode(c))) return skip(ign);           /* A4.1.38/39: SPSR in User/System */
    if (mrs && bits(c->insn, 15, 12) == 15) return skip(ign);      /* A4.1.38: Rd = R15 */
    if (!mrs && !bit(c->insn, 25) && bits(c->insn, 3, 0) == 15) return skip(ign); /* A4.1.39: Rm = R15 */
    return false;
}

static uint32_t msr_value(const ExclCtx *c)
{
    if (!bit(c->insn, 25)) return reg(c, bits(c->insn, 3, 0));
    unsigned rot = 2 * bits(c->insn, 11, 8);
    uint32_t v = bits(c->insn, 7, 0);
    return rot ? (v >> rot) | (v << (32 - rot)) : v;
}

/* MSR writing the CPSR mode field with a privileged mode: an invalid mode
 * value is UNPREDICTABLE. */
static bool msr_bad_mode(const ExclCtx *c, Ignore *ign)
{
    if (bit(c->insn, 22) || !bit(c->insn, 16) || cur_mode(c) == 0x10) return false;
    return !valid_mode(msr_value(c) & 0x1F) && skip(ign);
}

/* MSR setting reserved PSR bits (26:20 incl. J, 15:10), or changing the CPSR
 * T bit. */
static bool msr_reserved(const ExclCtx *c, Ignore *ign)
{
    uint32_t fm = 0, v = msr_value(c);
    for (unsigned f = 0; f < 4; f++)
        if (bit(c->insn, 16 + f)) fm |= 0xFFu << (8 * f);
    if (v & fm & 0x07F0FC00u) return skip(ign);
    bool spsr = bit(c->insn, 22);
    if (!spsr && cur_mode(c) != 0x10 && (fm & 0x20) && ((v ^ c->pre->cpsr) & 0x20)) return skip(ign);
    return false;
}

/* User-mode MSR CPSR_x changing E. */
static bool msr_user_e(const ExclCtx *c, Ignore *ign)
{
    if (bit(c->insn, 22) || !bit(c->insn, 17) || cur_mode(c) != 0x10) return false;
    if (!((msr_value(c) ^ c->pre->cpsr) & (1u << 9))) return false;
    ign->cpsr_bits |= 1u << 9;
    return true;
}

static bool bkpt_cond(const ExclCtx *c, Ignore *ign)
{
    return bits(c->insn, 31, 28) != 0xE && skip(ign);     /* A4.1.7: BKPT must be unconditional */
}

static bool cps_unpredictable(const ExclCtx *c, Ignore *ign)
{
    unsigned imod = bits(c->insn, 19, 18), mmod = bit(c->insn, 17), mode = bits(c->insn, 4, 0);
    if (imod == 1) return skip(ign);                                   /* reserved */
    if (imod == 0 && !mmod) return skip(ign);                          /* no effect requested */
    if (imod < 2 && bits(c->insn, 8, 6)) return skip(ign);             /* A/I/F given without imod */
    if (!mmod && mode) return skip(ign);                               /* mode SBZ */
    if (mmod && !valid_mode(mode) && has_spsr(cur_mode(c))) return skip(ign);
    if (mmod && !valid_mode(mode) && cur_mode(c) == 0x1F) return skip(ign);
    return false;
}

static bool srs_unpredictable(const ExclCtx *c, Ignore *ign)
{
    unsigned mode = bits(c->insn, 4, 0);
    /* A4.1.90: in User/System mode (no SPSR) or with an invalid or User mode field */
    if (!has_spsr(cur_mode(c)) || !valid_mode(mode) || mode == 0x10) return skip(ign);
    return false;
}

static bool rfe_unpredictable(const ExclCtx *c, Ignore *ign)
{
    uint32_t i = c->insn;
    unsigned rn = bits(i, 19, 16);
    if (cur_mode(c) == 0x10 || rn == 15) return skip(ign);           /* A4.1.59: User mode, Rn = R15 */
    uint32_t base = reg(c, rn);
    uint32_t addr = bit(i, 23) ? base + (bit(i, 24) ? 4 : 0) : base - (bit(i, 24) ? 8 : 4);
    uint32_t psr, psr_addr = addr + 4;
    if (!in_ram(psr_addr, 4)) return false;
    memcpy(&psr, c->ram + phys(psr_addr), 4);
    if (c->pre->cpsr & (1u << 9)) psr = __builtin_bswap32(psr);     /* CPSR.E: big-endian data */
    /* the loaded CPSR: reserved bits, J, or an invalid mode */
    return ((psr & 0x07F0FC00u) || !valid_mode(psr & 0x1F)) && skip(ign);
}

/* Coprocessors 14 (debug) and 15 (system control): their registers are
 * IMPLEMENTATION DEFINED (TRM chapter 3) and Unicorn's generic arm1176 model
 * differs from the ARM1176 in many of them (CPACR reads, the c15 extras,
 * cache/TLB maintenance, the MMU).  Compared: the thread-ID registers (c13 c0
 * 2-4) and the barrier operations (c7 c10 4/5, c7 c5 4). */
static bool cp15_impl_defined(const ExclCtx *c, Ignore *ign)
{
    uint32_t i = c->insn;
    unsigned cp = bits(i, 11, 8);
    if (cp != 14 && cp != 15) return false;
    if (c->decoder && !strcmp(c->decoder, "dec_mcr_mrc") && cp == 15 && bits(i, 23, 21) == 0) {
        unsigned crn = bits(i, 19, 16), crm = bits(i, 3, 0), opc2 = bits(i, 7, 5), rd = bits(i, 15, 12);
        bool load = bit(i, 20);
        if (rd != 15 && crn == 13 && crm == 0 && opc2 >= 2 && opc2 <= 4) return false;
        if (!load && rd != 15 && crn == 7 && ((crm == 10 && (opc2 == 4 || opc2 == 5)) || (crm == 5 && opc2 == 4)))
            return false;
    }
    return skip(ign);
}

/* cccc 1100 000x with coprocessor 14/15: QEMU decodes it as MCRR/MRRC. */
static bool undef_coproc_cp15(const ExclCtx *c, Ignore *ign)
{
    uint32_t i = c->insn;
    unsigned cp = bits(i, 11, 8);
    return (i & 0x0E000000u) == 0x0C000000u && bits(i, 31, 28) != 0xF && (cp == 14 || cp == 15) && skip(ign);
}

static bool mcrr_pc(const ExclCtx *c, Ignore *ign)
{
    unsigned rd = bits(c->insn, 15, 12), rn = bits(c->insn, 19, 16);
    return (rd == 15 || rn == 15 || (bit(c->insn, 20) && rd == rn)) && skip(ign); /* A4.1.33/A4.1.42 */
}

/* ---- branches ------------------------------------------------------------------------ */
/* The oracle ended in ARM state at a PC with bit 1 set: an interworking branch
 * (BX, BLX, LDR/LDM/POP of the PC, RFE) to an ARM address with bits[1:0] ==
 * 0b10 is UNPREDICTABLE (A4.1.10 BX "if Rm[1:0] == 0b10"; A2.4.4). */
static bool arm_target_bit1(const ExclCtx *c, Ignore *ign)
{
    if (!c->out || c->out->kind != OUT_NONE || !c->uc_post) return false;
    return !(c->uc_post->cpsr & (1u << 5)) && (c->uc_post->r[15] & 2) && skip(ign);
}

static bool bx_target_bit1(const ExclCtx *c, Ignore *ign)
{
    unsigned rm = c->thumb ? bits(c->insn, 6, 3) : bits(c->insn, 3, 0);
    return (reg(c, rm) & 3) == 2 && skip(ign);
}

static bool blx_pc(const ExclCtx *c, Ignore *ign)
{
    return bits(c->insn, 3, 0) == 15 && skip(ign);                 /* A4.1.9 BLX (2): Rm = R15 */
}

/* ---- loads and stores ------------------------------------------------------------------- */
/* Addressing mode 2 (LDR/STR/LDRB/STRB, LDRT...): A5.2 */
static bool mode2_unpredictable(const ExclCtx *c, Ignore *ign)
{
    uint32_t i = c->insn;
    unsigned rn = bits(i, 19, 16), rd = bits(i, 15, 12), rm = bits(i, 3, 0);
    bool reg_form = bit(i, 25), p = bit(i, 24), b = bit(i, 22), w = bit(i, 21), load = bit(i, 20);
    bool wb = !p || w;
    if (wb && rn == 15) return skip(ign);                              /* base write-back to the PC */
    if (wb && rn == rd) return skip(ign);                              /* Rn == Rd with write-back */
    if (reg_form && rm == 15) return skip(ign);                        /* Rm = R15 */
    if (reg_form && wb && rm == rn) return skip(ign);                  /* Rm == Rn with write-back */
    if (rd == 15 && (b || (!p && w))) return skip(ign);                /* LDRB/STRB/LDRT/STRT of the PC */
    (void)load;
    return false;
}

/* Addressing mode 3 (LDRH/STRH/LDRSB/LDRSH/LDRD/STRD): A5.3, A4.1.26/A4.1.102 */
static bool mode3_unpredictable(const ExclCtx *c, Ignore *ign)
{
    uint32_t i = c->insn;
    unsigned rn = bits(i, 19, 16), rd = bits(i, 15, 12), rm = bits(i, 3, 0), sh = bits(i, 6, 5);
    bool imm = bit(i, 22), p = bit(i, 24), w = bit(i, 21), load = bit(i, 20);
    bool wb = !p || w;
    bool dual = !load && sh >= 2;                                      /* LDRD (L=0,sh=2) / STRD (sh=3) */
    if (!p && w) return skip(ign);                                     /* P = 0, W = 1 */
    if (wb && rn == 15) return skip(ign);
    if (!imm && rm == 15) return skip(ign);
    if (!imm && wb && rm == rn) return skip(ign);
    if (!dual) {
        if (rd == 15) return skip(ign);                                /* halfword/signed to/from the PC */
        if (wb && rn == rd) return skip(ign);
        return false;
    }
    if ((rd & 1) || rd == 14) return skip(ign);                        /* odd or r14 pair */
    if (wb && (rn == rd || rn == rd + 1)) return skip(ign);
    if (sh == 2 && !imm && (rm == rd || rm == rd + 1)) return skip(ign); /* LDRD offset register loaded */
    return false;
}

/* LDRD/STRD, LDM/STM, RFE/SRS, Thumb LDMIA/STMIA/PUSH/POP at an address that
 * is not word aligned: with SCTLR.U = 1 the TRM (table 4-3, Two-word and
 * Multi-word rows) requires an alignment fault; QEMU 5.0 performs the access
 * (it never checks alignment for these). */
static bool multiword_unaligned(const ExclCtx *c, Ignore *ign)
{
    uint32_t i = c->insn, addr;
    const char *d = c->decoder;
    if (!strcmp(d, "dec_lsx")) {
        if (bit(i, 20) || bits(i, 6, 5) < 2) return false;
        addr = mode3_address(c);
    } else if (!strcmp(d, "dec_lsm") || !strcmp(d, "dec_rfe")) {
        addr = reg(c, bits(i, 19, 16));
    } else if (!strcmp(d, "dec_srs")) {
        int cb = cb_of_mode(bits(i, 4, 0));
        if (cb < 0) return false;
        addr = cb == cb_of_mode(cur_mode(c)) ? c->pre->r[13] : c->pre->r13[cb];
    } else if (!strcmp(d, "dec_t_ldstm")) {
        addr = reg(c, bits(i, 10, 8));
    } else {
        addr = c->pre->r[13];                                          /* PUSH/POP */
    }
    return (addr & 3) && skip(ign);
}

static bool lsm_unpredictable(const ExclCtx *c, Ignore *ign)
{
    uint32_t i = c->insn, list = bits(i, 15, 0);
    unsigned rn = bits(i, 19, 16);
    bool s = bit(i, 22), w = bit(i, 21), load = bit(i, 20);
    if (!list || rn == 15) return skip(ign);                            /* A4.1.20/A4.1.97 */
    if (s && (!load || !(list & 0x8000)) && w) return skip(ign);        /* user-bank forms with write-back */
    if (s && !has_spsr(cur_mode(c))) return skip(ign);                  /* ^ in User/System mode */
    if (load && w && ((list >> rn) & 1)) return skip(ign);              /* LDM write-back, base in list */
    if (!load && w && ((list >> rn) & 1) && (list & ((1u << rn) - 1))) return skip(ign); /* STM: not lowest */
    if (s && load && (list & 0x8000) && !valid_mode(cs_spsr(c->pre) & 0x1F)) return skip(ign);
    return false;
}

static bool swp_unpredictable(const ExclCtx *c, Ignore *ign)
{
    unsigned rn = bits(c->insn, 19, 16), rd = bits(c->insn, 15, 12), rm = bits(c->insn, 3, 0);
    return (rn == 15 || rd == 15 || rm == 15 || rn == rd || rn == rm) && skip(ign); /* A4.1.108 */
}

static bool excl_unpredictable(const ExclCtx *c, Ignore *ign)
{
    uint32_t i = c->insn;
    unsigned rn = bits(i, 19, 16), rd = bits(i, 15, 12), rm = bits(i, 3, 0);
    bool load = bit(i, 20), dual = bits(i, 22, 21) == 1;
    if (rn == 15 || rd == 15) return skip(ign);
    if (load) return dual && ((rd & 1) || rd == 14) && skip(ign);
    if (rm == 15 || rd == rn || rd == rm) return skip(ign);
    if (dual && ((rm & 1) || rm == 14 || rd == rm + 1)) return skip(ign);
    return false;
}

static unsigned excl_size(uint32_t insn)
{
    static const unsigned sizes[4] = {4, 8, 1, 2};
    return sizes[bits(insn, 22, 21)];
}

/* A STREX* to a misaligned address: the TRM (table 4-3, xSync rows) requires
 * an alignment fault; QEMU fails the store without an access when its monitor
 * does not match (it always does not: a misaligned LDREX faults). */
static bool strex_unaligned(const ExclCtx *c, Ignore *ign)
{
    uint32_t addr = reg(c, bits(c->insn, 19, 16));
    return !bit(c->insn, 20) && (addr & (excl_size(c->insn) - 1)) && skip(ign);
}

/* A STREX* while the monitor is open, for another address or size, or after
 * the monitored memory changed. */
static bool strex_monitor_mismatch(const ExclCtx *c, Ignore *ign)
{
    if (bit(c->insn, 20) || !c->mon || !c->mon->open) return false;
    uint32_t addr = reg(c, bits(c->insn, 19, 16));
    unsigned size = excl_size(c->insn);
    if (addr != c->mon->addr || size != c->mon->size) return skip(ign);
    if (in_ram(addr, size) && memcmp(c->ram + phys(addr), c->mon->val, size) != 0) return skip(ign);
    return false;
}

/* A STREX* for the open monitor after the endianness changed. */
static bool strex_endian_changed(const ExclCtx *c, Ignore *ign)
{
    if (bit(c->insn, 20) || !c->mon || !c->mon->open) return false;
    return c->mon->big != ((c->pre->cpsr >> 9) & 1) && skip(ign);
}

/* A misaligned SWP/LDREX/STREX to unmapped memory: the alignment fault comes
 * first on the ARM1176 (alignment is checked before the access is made);
 * Unicorn reports the unmapped access instead. */
static bool strict_unaligned_unmapped(const ExclCtx *c, Ignore *ign)
{
    uint32_t addr = reg(c, bits(c->insn, 19, 16));
    unsigned size = !strcmp(c->decoder, "dec_swp") ? (bit(c->insn, 22) ? 1 : 4) : excl_size(c->insn);
    return (addr & (size - 1)) && !in_ram(addr & ~(size - 1), size) && skip(ign);
}

/* MMU on: an access Unicorn reported as unmapped at a VA whose section
 * maps it outside the RAM (oracle.c, mmu_setup): no fault status to compare. */
static bool mmu_pa_outside_ram(const ExclCtx *c, Ignore *ign)
{
    return conf_mmu && c->out && c->out->kind == OUT_DABT && !c->out->has_fsr && skip(ign);
}

/* A store that took a data abort at the start of a page: an access
 * spanning two pages (unaligned word/halfword, STM, STRD, PUSH, SRS) whose
 * second page faults (the first one being RAM).  The bytes it stored to
 * the first page are not compared. */
static bool store_abort_partial(const ExclCtx *c, Ignore *ign)
{
    if (!c->out || c->out->kind != OUT_DABT || !c->out->write || (c->out->addr & 0xFFFu)) return false;
    if (!in_ram(c->out->addr - 1, 1)) return false;   /* nothing before it could have been written */
    ign->memory = true;
    return true;
}

/* A load of several registers that took a data abort: the destinations
 * other than the PC and the base are not compared. */
static bool multi_load_abort(const ExclCtx *c, Ignore *ign)
{
    if (!c->out || c->out->kind != OUT_DABT) return false;
    uint32_t i = c->insn, list = 0;
    unsigned base = 16;
    const char *d = c->decoder;
    if (c->thumb) {
        if (!strcmp(d, "dec_t_pop")) {
            list = bits(i, 7, 0) | (bit(i, 8) << 15);
            base = 13;
        } else if (bit(i, 11)) {                                 /* LDMIA */
            list = bits(i, 7, 0);
            base = bits(i, 10, 8);
        }
    } else if (!strcmp(d, "dec_lsm")) {
        if (bit(i, 20)) list = bits(i, 15, 0);
        base = bits(i, 19, 16);
    } else if (!strcmp(d, "dec_lsx")) {
        if (!bit(i, 20) && bits(i, 6, 5) == 2) list = 3u << bits(i, 15, 12);  /* LDRD */
        base = bits(i, 19, 16);
    } else if (!strcmp(d, "dec_excl")) {
        if (bit(i, 20) && bits(i, 22, 21) == 1) list = 3u << bits(i, 15, 12); /* LDREXD */
    }
    if (__builtin_popcount(list) < 2) return false;   /* rule 4: a single register is unchanged */
    uint32_t regs = list & ~(1u << 15);
    if (base < 16) regs &= ~(1u << base);
    if (!regs) return false;
    ign->regs |= (uint16_t)regs;
    return true;
}

static bool ldc_pc_wb(const ExclCtx *c, Ignore *ign)
{
    return bits(c->insn, 19, 16) == 15 && bit(c->insn, 21) && skip(ign); /* A4.1.19: Rn = R15 with W */
}

/* ---- Thumb ------------------------------------------------------------------------------- */
static bool t_hi_both_low(const ExclCtx *c, Ignore *ign)
{
    /* A7.1.6 ADD (4), A7.1.23 CMP (3): H1 = H2 = 0 is UNPREDICTABLE (ARMv6
     * defines it for MOV (3), A7.1.41, which is compared) */
    if (!bit(c->insn, 7) && !bit(c->insn, 6)) return skip(ign);
    return false;
}

static bool t_cmp_hi_pc(const ExclCtx *c, Ignore *ign)
{
    unsigned rn = (bit(c->insn, 7) << 3) | bits(c->insn, 2, 0), rm = bits(c->insn, 6, 3);
    return (rn == 15 || rm == 15) && skip(ign);                         /* A7.1.23: R15 operand */
}

static bool t_bx_unpredictable(const ExclCtx *c, Ignore *ign)
{
    unsigned rm = bits(c->insn, 6, 3);
    if (bit(c->insn, 7) && rm == 15) return skip(ign);                  /* A7.1.19 BLX (2) r15 */
    if (rm == 15 && (c->addr & 2)) return skip(ign);                    /* A7.1.20 BX pc, not word aligned */
    return false;
}

static bool t_empty_list(const ExclCtx *c, Ignore *ign)
{
    return bits(c->insn, 8, 0) == 0 && skip(ign);                       /* A7.1.49/A7.1.50 PUSH/POP */
}

static bool t_ldstm_unpredictable(const ExclCtx *c, Ignore *ign)
{
    unsigned rn = bits(c->insn, 10, 8), list = bits(c->insn, 7, 0);
    if (!list) return skip(ign);                                        /* A7.1.27/A7.1.57 */
    if (!bit(c->insn, 11) && ((list >> rn) & 1) && (list & ((1u << rn) - 1))) return skip(ign); /* STMIA */
    return false;
}

/* A BL/BLX prefix whose next halfword is not a BL/BLX suffix. */
static bool t_bl_prefix_unpaired(const ExclCtx *c, Ignore *ign)
{
    uint32_t next = c->addr + 2;
    uint16_t h;
    if (!in_ram(next, 2)) return skip(ign);
    memcpy(&h, c->ram + next, 2);
    return !((h & 0xF800u) == 0xF800u || (h & 0xF801u) == 0xE800u) && skip(ign);
}

/* A BL/BLX suffix executed with LR[0] = 1 (no prefix before it). */
static bool t_bl_suffix_odd_lr(const ExclCtx *c, Ignore *ign)
{
    return (c->pre->r[14] & 1) && skip(ign);
}

/* 16-bit ARMv6T2 encodings: CBZ/CBNZ (1011 x0x1) and IT/hints (1011 1111). */
static bool t_v6t2_16bit(const ExclCtx *c, Ignore *ign)
{
    uint32_t h = c->insn;
    return ((h & 0xF500u) == 0xB100u || (h & 0xFF00u) == 0xBF00u) && skip(ign);
}

/* BLX suffix with bit 0 set (11101 xxxxxxxxxx1). */
static bool t_blx_suffix_odd(const ExclCtx *c, Ignore *ign)
{
    return (c->insn & 0xF801u) == 0xE801u && skip(ign);
}

/* ---- the list ---------------------------------------------------------------------------- */
static Exclusion table[] = {
    {"sbz-sbo-field", false,
     "dec_mrs dec_msr_reg dec_msr_imm dec_hint dec_bx dec_blx_reg dec_nop dec_excl dec_clrex dec_smc dec_cps "
     "dec_setend dec_srs dec_rfe dec_mul dec_smulw_y dec_smul_xy dec_qaddsub dec_clz dec_parallel dec_sel "
     "dec_sat16 dec_rev dec_extend", false, sbz_sbo,
     "Glossary, 'Should-Be-Zero'/'Should-Be-One': SBZ/SBO fields with other values are UNPREDICTABLE "
     "(field per encoding in sbz_rows[] with its page). QEMU decodes most of them as UNDEFINED; the core ignores them.",
     0},
    {"sbz-sbo-field-thumb", true, "dec_t_bx dec_t_setend", false, sbz_sbo,
     "As sbz-sbo-field, Thumb encodings (A7.1.19/A7.1.20 BX/BLX bits 2:0, A7.1.64 SETEND bits 2:0).", 0},
    {"dp-sbz-field", false, "dec_dp_imm dec_dp_reg_imm dec_dp_reg_reg", false, dp_sbz,
     "A5.1 addressing mode 1: Rn of MOV/MVN and Rd of TST/TEQ/CMP/CMN are SBZ; other values are "
     "UNPREDICTABLE. QEMU treats them as UNDEFINED, the core ignores them.",
     0},
    {"dp-s-pc-user-system", false, "dec_dp_imm dec_dp_reg_imm dec_dp_reg_reg", false, dp_s_pc_no_spsr,
     "A4.1.x data-processing pages: S = 1 with Rd = R15 copies the SPSR to the CPSR 'if CurrentModeHasSPSR(), "
     "else UNPREDICTABLE': in User and System mode the result is UNPREDICTABLE.",
     0},
    {"dp-s-pc-qemu-no-eret", false, "dec_dp_imm dec_dp_reg_imm dec_dp_reg_reg", false, dp_s_pc_qemu,
     "Oracle bug: QEMU 5.0 (Unicorn 2.0.1) does the exception return (CPSR = SPSR) only for SUBS/MOVS pc; "
     "AND/EOR/RSB/ADD/ADC/SBC/RSC/ORR/BIC/MVN with S = 1 and Rd = R15 set the flags and branch instead. "
     "The manual (e.g. A4.1.2 ADC: 'if S == 1 and d == R15 then CPSR = SPSR') applies to all of them.",
     0},
    {"eret-invalid-mode", false, "dec_dp_imm dec_dp_reg_imm dec_dp_reg_reg", false, eret_bad_mode,
     "A2.5.6: an SPSR -> CPSR copy with a reserved mode field is UNPREDICTABLE.", 0},
    {"dp-rsr-pc", false, "dec_dp_reg_reg", false, dp_rsr_pc,
     "A5.1.4-A5.1.12 (register shifts): R15 as Rd, Rm, Rn or Rs of a register-shifted data-processing "
     "instruction is UNPREDICTABLE.",
     0},
    {"mul-media-pc-operand", false,
     "dec_mul dec_mla dec_mul_long dec_smla_xy dec_smlaw_y dec_smulw_y dec_smlal_xy dec_smul_xy dec_qaddsub "
     "dec_clz dec_parallel dec_pkh dec_sel dec_sat dec_sat16 dec_rev dec_extend dec_smlad dec_smlald "
     "dec_smmla dec_usad8", false, media_pc_operand,
     "A4.1.x multiply, DSP and media pages ('Specifying R15 for <Rd>, <Rm>, <Rs> or <Rn> has UNPREDICTABLE "
     "results'): any register operand or destination = R15.",
     0},
    {"long-mul-same-dest", false, "dec_mul_long dec_smlal_xy dec_smlald", false, long_mul_same_dest,
     "A4.1.x long multiplies (UMULL, UMLAL, UMAAL, SMULL, SMLAL, SMLAL<x><y>, SMLALD, SMLSLD): RdHi == RdLo "
     "is UNPREDICTABLE.",
     0},
    {"smlad-q-intermediate", false, "dec_smlad", false, smlad_q,
     "Oracle bug: Unicorn 2.0.1 (QEMU) sets Q when the intermediate p1+p2 overflows although the final "
     "sum fits; A4.1.83 SMLAD / A4.1.89 SMLSD set Q only on overflow of the final addition. Q is not "
     "compared when the intermediate overflows.",
     0},
    {"psr-pc-or-user-spsr", false, "dec_mrs dec_msr_reg dec_msr_imm", false, psr_pc_or_user_spsr,
     "A4.1.38 MRS / A4.1.39 MSR: accessing the SPSR in User or System mode, Rd = R15 (MRS) and Rm = R15 "
     "(MSR) are UNPREDICTABLE.",
     0},
    {"msr-reserved-bits", false, "dec_msr_reg dec_msr_imm", false, msr_reserved,
     "A4.1.39 MSR: an operand with UnallocMask bits (26:25, 23:20, 15:10) set, or a privileged CPSR write "
     "with StateMask bits (J, T) set, is UNPREDICTABLE (predicate limited to the fields written).",
     0},
    {"msr-user-e-bit", false, "dec_msr_reg dec_msr_imm", false, msr_user_e,
     "Oracle bug: QEMU 5.0's User-mode MSR mask (CPSR_USER) lacks the E bit; ARMv6's UserMask (A4.1.39, "
     "0xF80F0200) includes it. The E bit is not compared when a User-mode MSR would change it.",
     0},
    {"msr-invalid-mode", false, "dec_msr_reg dec_msr_imm", false, msr_bad_mode,
     "A2.5.6 / A4.1.39: writing a reserved value to the CPSR mode field is UNPREDICTABLE.", 0},
    {"bkpt-conditional", false, "dec_bkpt", false, bkpt_cond,
     "A4.1.7 BKPT: a condition field other than 0b1110 is UNPREDICTABLE (the ARM1176 executes it "
     "unconditionally, QEMU treats the condition).",
     0},
    {"cps-unpredictable", false, "dec_cps", false, cps_unpredictable,
     "A4.1.16 CPS: imod = 0b01, imod = 0b00 with M = 0, A/I/F set when imod < 2, a mode field with M = 0, "
     "and an invalid mode are UNPREDICTABLE.",
     0},
    {"srs-unpredictable", false, "dec_srs", false, srs_unpredictable,
     "A4.1.90 SRS: in User or System mode, or with a mode field that is invalid or User, the result is "
     "UNPREDICTABLE.",
     0},
    {"rfe-unpredictable", false, "dec_rfe", false, rfe_unpredictable,
     "A4.1.59 RFE: UNPREDICTABLE in User mode and with Rn = R15; A2.5: loading a CPSR with reserved bits "
     "(26:20 incl. J, 15:10) set or a reserved mode is UNPREDICTABLE.",
     0},
    {"cp14-cp15-impl-defined", false, "dec_mcr_mrc dec_mcrr dec_ldc_stc dec_cdp", false, cp15_impl_defined,
     "CP14/CP15 registers are IMPLEMENTATION DEFINED (TRM chapter 3); Unicorn's generic arm1176 model differs "
     "from the ARM1176 in many (CPACR, c15 extras, maintenance operations, MMU). Only the thread-ID registers "
     "and barrier operations are compared.",
     0},
    {"undef-ldcstc-cp15-qemu", false, "dec_undefined (undefined)", false, undef_coproc_cp15,
     "Oracle bug: QEMU 5.0 decodes every cccc 1100 0x0x encoding for CP14/CP15 as MCRR/MRRC without checking "
     "bits 24:21; in ARMv6 (A3.17, addressing mode 5) cccc 1100 000x is UNDEFINED.",
     0},
    {"mcrr-pc", false, "dec_mcrr", false, mcrr_pc,
     "A4.1.33 MCRR / A4.1.42 MRRC: R15 as Rd or Rn, and Rd == Rn for MRRC, are UNPREDICTABLE.", 0},
    {"bx-target-bit1", false, "dec_bx dec_blx_reg", false, bx_target_bit1,
     "A4.1.10 BX / A4.1.9 BLX (2): a target with bits[1:0] == 0b10 (ARM state, not word aligned) is "
     "UNPREDICTABLE (QEMU keeps bit 1 in the PC, the core clears it).",
     0},
    {"bx-target-bit1-thumb", true, "dec_t_bx", false, bx_target_bit1,
     "As bx-target-bit1, Thumb BX/BLX (A7.1.19, A7.1.20).", 0},
    {"arm-target-bit1", false, "dec_ls_imm dec_ls_reg dec_lsm dec_lsx dec_rfe", true, arm_target_bit1,
     "A2.4.4 and A4.1.23 LDR / A4.1.20 LDM / A4.1.59 RFE (interworking loads): loading the PC for ARM "
     "state with bits[1:0] == 0b10 is UNPREDICTABLE (QEMU keeps bit 1 in the PC, the core clears it).",
     0},
    {"arm-target-bit1-thumb", true, "dec_t_pop", true, arm_target_bit1,
     "As arm-target-bit1, Thumb POP {pc} to ARM state (A7.1.49).", 0},
    {"blx-pc", false, "dec_blx_reg", false, blx_pc, "A4.1.9 BLX (2): Rm = R15 is UNPREDICTABLE.", 0},
    {"mode2-unpredictable", false, "dec_ls_imm dec_ls_reg", false, mode2_unpredictable,
     "A5.2.x addressing mode 2: write-back with Rn = R15 or Rn == Rd, Rm = R15, Rm == Rn with write-back, "
     "and R15 as Rd of LDRB/STRB/LDRT/STRT/LDRBT/STRBT are UNPREDICTABLE.",
     0},
    {"mode3-unpredictable", false, "dec_lsx", false, mode3_unpredictable,
     "A5.3.x addressing mode 3, A4.1.26 LDRD / A4.1.102 STRD: P = 0 with W = 1, write-back with Rn = R15 or Rn "
     "a destination, Rm = R15, Rm == Rn with write-back, Rd = R15 of halfword/signed forms, an odd or r14 "
     "Rd of LDRD/STRD, and LDRD's offset register among its destinations are UNPREDICTABLE.",
     0},
    {"multiword-unaligned", false, "dec_lsx dec_lsm dec_rfe dec_srs", false, multiword_unaligned,
     "Oracle limitation: with SCTLR.U = 1 a Two-word/Multi-word access (LDRD, STRD, LDM, STM, RFE, SRS) at "
     "an address that is not word aligned takes an alignment fault (TRM 4.2.5 and table 4-3); QEMU 5.0 "
     "does the access.",
     0},
    {"multiword-unaligned-thumb", true, "dec_t_ldstm dec_t_push dec_t_pop", false, multiword_unaligned,
     "As multiword-unaligned, Thumb LDMIA/STMIA/PUSH/POP.", 0},
    {"lsm-unpredictable", false, "dec_lsm", false, lsm_unpredictable,
     "A4.1.20-22 LDM / A4.1.97-98 STM: an empty list, Rn = R15, write-back with the User-bank forms, the ^ "
     "forms in User/System mode, LDM write-back with the base in the list, STM write-back with the base in "
     "the list but not lowest, and an exception return to a reserved SPSR mode are UNPREDICTABLE.",
     0},
    {"swp-unpredictable", false, "dec_swp", false, swp_unpredictable,
     "A4.1.108 SWP / A4.1.109 SWPB: R15 as any register, or Rn equal to Rd or Rm, is UNPREDICTABLE.", 0},
    {"excl-unpredictable", false, "dec_excl", false, excl_unpredictable,
     "A4.1.27 LDREX / A4.1.103 STREX and the ARMv6K B/H/D forms: R15 as any register, STREX Rd equal to Rn "
     "or Rt, and an odd or r14 first register of LDREXD/STREXD are UNPREDICTABLE.",
     0},
    {"strex-unaligned", false, "dec_excl", false, strex_unaligned,
     "Oracle limitation: a misaligned STREX/STREXH/STREXD takes an alignment fault (TRM table 4-3, xSync "
     "rows, U = 1); QEMU checks alignment only when its monitor matches and otherwise fails the store.",
     0},
    {"strex-monitor-mismatch", false, "dec_excl", false, strex_monitor_mismatch,
     "A2.9 (ARMv6K exclusives): a STREX to another address or with another size than the open LDREX is "
     "UNPREDICTABLE, and whether an ordinary store to the monitored location clears the local monitor is "
     "IMPLEMENTATION DEFINED (QEMU compares the memory value, the core keeps the monitor).",
     0},
    {"strex-endian-changed", false, "dec_excl", false, strex_endian_changed,
     "Oracle limitation: QEMU's monitor compares the value its LDREX read with memory read again at the "
     "STREX, in the current endianness; after a SETEND in between it fails the store. The ARM monitor "
     "tracks the address (A2.9), so the core's store succeeds.",
     0},
    {"strict-unaligned-unmapped", false, "dec_excl dec_swp", false, strict_unaligned_unmapped,
     "Oracle limitation: a misaligned SWP/exclusive access to unmapped memory takes the alignment fault "
     "(checked before the access); Unicorn reports the unmapped access first.",
     0},
    {"mmu-pa-outside-ram", false, "dec_ls_imm dec_ls_reg dec_lsx dec_lsm dec_swp dec_excl dec_rfe dec_srs", true, mmu_pa_outside_ram,
     "Oracle limitation (mmu:* classes): Unicorn 2.0.1 looks a virtual address up in its physical map before "
     "translating it, so the translated windows are backed by shadow mappings of the RAM-sized part only; "
     "an access beyond them, whose PA the tables put outside the RAM, is reported as unmapped without the "
     "fault the MMU raises (B4.6: an external abort on the access, in that section's domain), and inside a "
     "shadow QEMU would read zeros from unassigned memory instead.",
     0},
    {"mmu-pa-outside-ram-thumb", true, "dec_t_ldr_lit dec_t_ls_reg dec_t_ls_imm dec_t_ls_sp dec_t_push dec_t_pop dec_t_ldstm", true, mmu_pa_outside_ram,
     "As mmu-pa-outside-ram, Thumb.", 0},
    {"store-abort-partial", false, "dec_ls_imm dec_ls_reg dec_lsx dec_lsm dec_swp dec_excl dec_srs", true, store_abort_partial,
     "A2.6.5 (effects of data-aborted instructions), rule 1: a location a data-aborted store writes to is "
     "unchanged only if the memory system does not permit the write, UNPREDICTABLE otherwise. A store whose "
     "access spans two pages and faults on the second (FAR at the page start) may or may not have written "
     "the first page: memory is not compared (the core has written it, QEMU checks both pages first).",
     0},
    {"store-abort-partial-thumb", true, "dec_t_ls_reg dec_t_ls_imm dec_t_ls_sp dec_t_push dec_t_ldstm", true, store_abort_partial,
     "As store-abort-partial, Thumb.", 0},
    {"multi-load-abort", false, "dec_lsm dec_lsx dec_excl", true, multi_load_abort,
     "A2.6.5 (effects of data-aborted instructions), rule 5: when an instruction that loads more than one "
     "general-purpose register takes a data abort, UNPREDICTABLE values are left in the destination "
     "registers other than the PC and the base. Those registers are not compared (the core keeps the "
     "words loaded before the faulting one, QEMU restores them).",
     0},
    {"multi-load-abort-thumb", true, "dec_t_ldstm dec_t_pop", true, multi_load_abort,
     "As multi-load-abort, Thumb LDMIA/POP.", 0},
    {"ldc-pc-writeback", false, "dec_ldc_stc", false, ldc_pc_wb,
     "A4.1.19 LDC / A4.1.96 STC: Rn = R15 with write-back is UNPREDICTABLE.", 0},
    {"thumb-bl-prefix-unpaired", true, "dec_t_bl_prefix", false, t_bl_prefix_unpaired,
     "Oracle limitation: QEMU decodes a Thumb-1 BL/BLX prefix together with the next halfword as one 32-bit "
     "instruction and calls the pair UNDEFINED when that halfword is not a BL/BLX suffix; ARMv6 (A7.1.17) "
     "defines the prefix on its own (LR = PC + offset << 12). Prefixes followed by a suffix are compared "
     "as a pair.",
     0},
    {"thumb-bl-suffix-odd-lr", true, "dec_t_bl_suffix", false, t_bl_suffix_odd_lr,
     "A7.1.17: the suffix branches to LR + (offset << 1); with LR[0] = 1 (possible only without the prefix) "
     "that is not a halfword address, which is UNPREDICTABLE; QEMU adds (offset << 1) | 1 assuming LR[0] = 0.",
     0},
    {"thumb-v6t2-encodings", true, "(undefined)", false, t_v6t2_16bit,
     "Oracle bug: QEMU 5.0 executes the 16-bit ARMv6T2 encodings CBZ/CBNZ and IT/hints on the ARMv6 "
     "ARM1176; the ARMv6 manual (A6.2.1 Thumb instruction set encoding) leaves them UNDEFINED.",
     0},
    {"thumb-blx-suffix-bit0", true, "(undefined)", false, t_blx_suffix_odd,
     "Oracle bug: A7.1.18 BLX (1): the suffix with offset bit 0 set is UNDEFINED; QEMU executes it.", 0},
    {"thumb-hi-both-low", true, "dec_t_add_hi dec_t_cmp_hi", false, t_hi_both_low,
     "A7.1.6 ADD (4), A7.1.23 CMP (3): both registers in r0-r7 (H1 = H2 = 0) is UNPREDICTABLE (ARMv6 "
     "defines the low-register form only for MOV (3)).",
     0},
    {"thumb-cmp-hi-pc", true, "dec_t_cmp_hi", false, t_cmp_hi_pc,
     "A7.1.23 CMP (3): R15 as either operand is UNPREDICTABLE.", 0},
    {"thumb-bx-unpredictable", true, "dec_t_bx", false, t_bx_unpredictable,
     "A7.1.19 BLX (2) with Rm = R15, and A7.1.20 BX R15 from a halfword-aligned (not word-aligned) "
     "address, are UNPREDICTABLE.",
     0},
    {"thumb-push-pop-empty", true, "dec_t_push dec_t_pop", false, t_empty_list,
     "A7.1.49 POP / A7.1.50 PUSH: an empty register list is UNPREDICTABLE.", 0},
    {"thumb-ldstm-unpredictable", true, "dec_t_ldstm", false, t_ldstm_unpredictable,
     "A7.1.27 LDMIA / A7.1.57 STMIA: an empty list, and STMIA with the base in the list but not lowest, "
     "are UNPREDICTABLE.",
     0},
};

#define NEXCL (sizeof table / sizeof table[0])

static bool listed(const char *list, const char *decoder)
{
    if (!decoder) decoder = "(undefined)";
    size_t n = strlen(decoder);
    for (const char *p = list; (p = strstr(p, decoder)) != NULL; p += n) {
        bool start = p == list || p[-1] == ' ';
        bool end = p[n] == '\0' || p[n] == ' ';
        if (start && end) return true;
    }
    return false;
}

void excl_check(const ExclCtx *ctx, bool pre, bool count, Ignore *ign)
{
    for (unsigned i = 0; i < NEXCL; i++) {
        Exclusion *e = &table[i];
        if (e->post == pre || e->thumb != ctx->thumb) continue;
        if (!listed(e->decoders, ctx->decoder)) continue;
        Ignore local = {0};
        if (!e->match(ctx, &local)) continue;
        if (count) e->hits++;
        if (!ign->why) ign->why = e->id;
        ign->skip |= local.skip;
        ign->regs |= local.regs;
        ign->cpsr_bits |= local.cpsr_bits;
        ign->memory |= local.memory;
    }
}

unsigned excl_count(void) { return NEXCL; }

void excl_hits_get(unsigned long *out)
{
    for (unsigned i = 0; i < NEXCL; i++) out[i] = table[i].hits;
}

void excl_hits_add(const unsigned long *in)
{
    for (unsigned i = 0; i < NEXCL; i++) table[i].hits += in[i];
}

void excl_report(FILE *f)
{
    fprintf(f, "exclusions (test/conformance/exclusions.c), cases each applied to:\n");
    for (unsigned i = 0; i < NEXCL; i++)
        fprintf(f, "  %-28s %10lu  %s\n", table[i].id, table[i].hits, table[i].thumb ? "thumb" : "arm");
}
