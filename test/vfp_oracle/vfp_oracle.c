/* Differential test of ipodsim's VFP11 (cpu/vfp.c) against Unicorn's
 * ARM1176 model (QEMU's VFP): random VFP instructions on random operands,
 * one instruction at a time on both, comparing every VFP register, FPSCR,
 * the ARM registers, NZCV, the data memory and whether the instruction was
 * UNDEFINED.
 *
 *   vfp_oracle [-n CASES] [-s SEED] [-v] [-q]
 *   (-v: report every mismatch, not just the first 20; -q: none)
 *
 * Operands mix special values (signed zeros, infinities, quiet and
 * signalling NaNs with payloads, subnormals, the smallest/largest normals,
 * values around the integer conversion limits, values whose products and
 * sums land at the underflow threshold) with random bit patterns.  FPSCR
 * gets every rounding mode with FZ and DN on and off, sometimes short-vector
 * LEN/STRIDE settings and preset cumulative flags.  The run is deterministic
 * for a seed and ends with the line "N passed, M failed".
 *
 * Exclusions: the cases below are not generated (each is marked where the
 * generator avoids it); ipodsim follows the ARM ARM / the ARM1176 TRM there
 * and QEMU does not, or the architecture leaves the result open.  See
 * docs/vfp.md.
 *  - single-precision short vectors with FPSCR.STRIDE = 0b11: stride 2 by
 *    the ARM ARM, QEMU 5 steps single registers by 4;
 *  - FCPYD/FABSD/FNEGD/FSQRTD as vectors with a vector source: QEMU 5 runs
 *    one iteration or copies the first result;
 *  - FMSRR/FMRRS with Sm = S31 (UNPREDICTABLE; UNDEFINED here);
 *  - MVFR0/MVFR1 from User mode (the VFP11 allows reads, QEMU UNDEFs), FPSID
 *    from User mode while disabled (the VFP11 UNDEFs, QEMU allows);
 *  - FPSCR/FPEXC bits the VFP11 does not implement are never written (QEMU
 *    keeps FPSCR[27:26] and drops every FPEXC bit but EN), FPEXC.EX is never
 *    set (the VFP11 bounces instructions while it is set, QEMU ignores it),
 *    FPINST/FPINST2 are not accessed (QEMU reads 0, the VFP11 resets FPINST
 *    to 0xEE000A00).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicorn/unicorn.h>

#include "cpu/arm11.h"
#include "cpu/vfp.h"

#define RAM_SIZE 0x10000u
#define CODE_ADDR 0x1000u
#define DATA_ADDR 0x8000u
#define DATA_SIZE 0x1000u

/* ---- random numbers ------------------------------------------------------------------- */
static uint64_t rng_state;
static uint64_t rnd64(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static uint32_t rnd32(void) { return (uint32_t)rnd64(); }
static unsigned rnd(unsigned n) { return (unsigned)(rnd64() % n); }
static int chance(unsigned pct) { return rnd(100) < pct; }

/* A fraction with a random pattern in its low `bits` bits. */
static uint64_t rnd_frac(unsigned bits)
{
    uint64_t m = bits >= 64 ? ~0ull : (1ull << bits) - 1;
    switch (rnd(8)) {
    case 0: return 0;
    case 1: return m;
    case 2: return 1;
    case 3: return m - rnd(4);
    case 4: return (1ull << rnd(bits)) & m;
    case 5: return m >> rnd(bits);                /* leading zeros, trailing ones */
    default: return rnd64() & m;
    }
}

/* Special and random values of a format with ebits exponent and fbits
 * fraction bits (single 8/23, double 11/52). */
static uint64_t rnd_float(unsigned ebits, unsigned fbits)
{
    uint64_t emax = (1ull << ebits) - 1, bias = emax >> 1;
    uint64_t sign = (uint64_t)rnd(2) << (ebits + fbits);
    uint64_t e;
    uint64_t f = rnd_frac(fbits);
    uint64_t qbit = 1ull << (fbits - 1);
    switch (rnd(24)) {
    case 0: return sign;                                          /* zero */
    case 1: return sign | emax << fbits;                          /* infinity */
    case 2: return sign | emax << fbits | qbit | (f & (qbit - 1)); /* quiet NaN */
    case 3: {                                                     /* signalling NaN */
        uint64_t p = f & (qbit - 1);
        return sign | emax << fbits | (p ? p : 1);
    }
    case 4: return sign | emax << fbits | qbit;                   /* default NaN (and its negation) */
    case 5: case 6: return sign | (f ? f : 1);                    /* subnormal */
    case 7: return sign | 1ull << fbits | (rnd(2) ? 0 : f);       /* smallest normals */
    case 8: return sign | (emax - 1) << fbits | f;                /* largest normals */
    case 9: e = bias + rnd(3) - 1; break;                         /* around 1 */
    case 10: e = bias + 30 + rnd(4); break;                       /* around 2^31..2^32 */
    case 11: e = bias + 20 + rnd(10); break;                      /* integers with fractions */
    case 12: e = bias - (bias >> 1) + rnd(4) - 1; break;          /* sqrt(min normal): products underflow */
    case 13: e = bias + (bias >> 1) + rnd(4) - 1; break;          /* products overflow */
    case 14: e = 1 + rnd(3); break;                               /* just above the underflow threshold */
    case 15: e = bias + fbits + rnd(3) - 1; break;                /* ulp around 1 */
    case 16: e = bias - rnd(3); f = rnd_frac(fbits) & ~(((1ull << (fbits / 2)) - 1)); break; /* short mantissas */
    case 17: e = bias + rnd(32); f &= ~((1ull << (fbits > 32 ? fbits - 32 : 0)) - 1); break; /* exact ints-ish */
    case 18: return sign | 1ull << fbits;                         /* smallest normal exactly */
    case 19: return sign | (rnd(2) ? (bias - 1) << fbits | (rnd(2) ? qbit * 2 - 1 : qbit * 2 - 2)
                                   : bias << fbits | (1 + rnd(2)));    /* 1 -/+ an ulp or two */
    default: return rnd64() & ((1ull << (ebits + fbits + 1)) - 1); /* any bit pattern */
    }
    return sign | e << fbits | f;
}
static uint32_t rnd_f32(void) { return (uint32_t)rnd_float(8, 23); }
static uint64_t rnd_f64(void) { return rnd_float(11, 52); }
static uint32_t rnd_int(void)
{
    switch (rnd(6)) {
    case 0: return 0x80000000u + rnd(3) - 1;
    case 1: return 0x7FFFFFFFu - rnd(3);
    case 2: return rnd(2) ? 0u : 0xFFFFFFFFu - rnd(2);
    case 3: return (uint32_t)(1u << rnd(32)) + rnd(3) - 1;
    default: return rnd32();
    }
}

/* ---- the two machines ------------------------------------------------------------------- */
typedef struct State {
    uint32_t r[16];
    uint32_t cpsr;
    uint64_t d[16];
    uint32_t fpscr, fpexc;
    uint8_t data[DATA_SIZE];
    bool undef;
} State;

static uint8_t ram[RAM_SIZE];
static Arm11 *cpu;
static uc_engine *uc;
static bool uc_undef;

static uint8_t *bus_page(void *o, uint32_t pa, bool *writable)
{
    (void)o;
    if (pa >= RAM_SIZE) return NULL;
    *writable = true;
    return ram + (pa & ~0xFFFu);
}
static bool bus_read(void *o, uint32_t pa, unsigned size, uint32_t *val)
{
    (void)o;
    if (pa + size > RAM_SIZE) return false;
    uint32_t v = 0;
    for (unsigned i = 0; i < size; i++) v |= (uint32_t)ram[pa + i] << (8 * i);
    *val = v;
    return true;
}
static bool bus_write(void *o, uint32_t pa, unsigned size, uint32_t val)
{
    (void)o;
    if (pa + size > RAM_SIZE) return false;
    for (unsigned i = 0; i < size; i++) ram[pa + i] = (uint8_t)(val >> (8 * i));
    return true;
}

static void uc_check(uc_err e, const char *what)
{
    if (e != UC_ERR_OK) {
        fprintf(stderr, "vfp_oracle: unicorn %s: %s\n", what, uc_strerror(e));
        exit(2);
    }
}

static void hook_intr(uc_engine *u, uint32_t intno, void *user)
{
    (void)user;
    uc_undef = intno == 1;   /* EXCP_UDEF */
    if (!uc_undef) fprintf(stderr, "vfp_oracle: unicorn exception %u\n", intno);
    uc_emu_stop(u);
}

static void machines_create(void)
{
    ArmBusIf bus = {.opaque = NULL, .host_page = bus_page, .read = bus_read, .write = bus_write};
    cpu = arm_create(&bus);
    if (!cpu) exit(2);
    uc_check(uc_open(UC_ARCH_ARM, UC_MODE_ARM, &uc), "open");
    uc_check(uc_ctl_set_cpu_model(uc, UC_CPU_ARM_1176), "cpu model");
    uc_check(uc_mem_map(uc, 0, RAM_SIZE, UC_PROT_ALL), "map");
    uc_hook h;
    uc_check(uc_hook_add(uc, &h, UC_HOOK_INTR, (void *)hook_intr, NULL, 1, 0), "hook");
    uint32_t cpacr = 0x00F00000u;
    uc_check(uc_reg_write(uc, UC_ARM_REG_C1_C0_2, &cpacr), "cpacr");
}

static void load_state(const State *s, uint32_t insn)
{
    /* ipodsim */
    arm_reset(cpu);
    cpu->cp15.cpacr = 0x00F00000u;
    memcpy(ram + DATA_ADDR, s->data, DATA_SIZE);
    memcpy(ram + CODE_ADDR, &insn, 4);
    arm_invalidate_code(cpu, CODE_ADDR, 4);
    arm_cpsr_write(cpu, s->cpsr, 0xFFFFFFFFu);
    for (unsigned i = 0; i < 15; i++) cpu->r[i] = s->r[i];
    cpu->r[15] = CODE_ADDR;
    for (unsigned i = 0; i < 16; i++) vfp_set_dreg(cpu, i, s->d[i]);
    vfp_set_sysreg(cpu, VFP_REG_FPEXC, s->fpexc);
    vfp_set_sysreg(cpu, VFP_REG_FPSCR, s->fpscr);

    /* unicorn */
    uc_check(uc_mem_write(uc, DATA_ADDR, s->data, DATA_SIZE), "mem");
    uc_check(uc_mem_write(uc, CODE_ADDR, &insn, 4), "code");
    uint32_t cpsr = s->cpsr;
    uc_check(uc_reg_write(uc, UC_ARM_REG_CPSR, &cpsr), "cpsr");
    for (unsigned i = 0; i < 13; i++) uc_check(uc_reg_write(uc, UC_ARM_REG_R0 + (int)i, &s->r[i]), "r");
    uc_check(uc_reg_write(uc, UC_ARM_REG_SP, &s->r[13]), "sp");
    uc_check(uc_reg_write(uc, UC_ARM_REG_LR, &s->r[14]), "lr");
    for (unsigned i = 0; i < 16; i++) uc_check(uc_reg_write(uc, UC_ARM_REG_D0 + (int)i, &s->d[i]), "d");
    uint32_t fpexc = s->fpexc, fpscr = s->fpscr;
    uc_check(uc_reg_write(uc, UC_ARM_REG_FPEXC, &fpexc), "fpexc");
    uc_check(uc_reg_write(uc, UC_ARM_REG_FPSCR, &fpscr), "fpscr");
}

static void run_ipodsim(State *o)
{
    arm_step(cpu);
    unsigned mode = cpu->cpsr & 0x1F;
    o->undef = mode == 0x1B && cpu->r[15] == 4;
    if (o->undef) arm_cpsr_write(cpu, cpu->spsr, 0xFFFFFFFFu);  /* report the pre-exception CPSR */
    o->cpsr = cpu->cpsr;
    for (unsigned i = 0; i < 15; i++) o->r[i] = cpu->r[i];
    o->r[15] = o->undef ? CODE_ADDR : cpu->r[15];
    for (unsigned i = 0; i < 16; i++) o->d[i] = vfp_get_dreg(cpu, i);
    o->fpscr = vfp_get_sysreg(cpu, VFP_REG_FPSCR);
    o->fpexc = vfp_get_sysreg(cpu, VFP_REG_FPEXC);
    memcpy(o->data, ram + DATA_ADDR, DATA_SIZE);
}

static void run_unicorn(State *o)
{
    uc_undef = false;
    uc_err e = uc_emu_start(uc, CODE_ADDR, CODE_ADDR + 4, 0, 1);
    if (e != UC_ERR_OK && !uc_undef) {
        /* Unicorn reports some undefined encodings as an error instead */
        uc_undef = e == UC_ERR_INSN_INVALID || e == UC_ERR_EXCEPTION;
        if (!uc_undef) fprintf(stderr, "vfp_oracle: unicorn run: %s\n", uc_strerror(e));
    }
    o->undef = uc_undef;
    uc_check(uc_reg_read(uc, UC_ARM_REG_CPSR, &o->cpsr), "cpsr");
    for (unsigned i = 0; i < 13; i++) uc_check(uc_reg_read(uc, UC_ARM_REG_R0 + (int)i, &o->r[i]), "r");
    uc_check(uc_reg_read(uc, UC_ARM_REG_SP, &o->r[13]), "sp");
    uc_check(uc_reg_read(uc, UC_ARM_REG_LR, &o->r[14]), "lr");
    uc_check(uc_reg_read(uc, UC_ARM_REG_PC, &o->r[15]), "pc");
    if (o->undef) o->r[15] = CODE_ADDR;
    for (unsigned i = 0; i < 16; i++) uc_check(uc_reg_read(uc, UC_ARM_REG_D0 + (int)i, &o->d[i]), "d");
    uc_check(uc_reg_read(uc, UC_ARM_REG_FPSCR, &o->fpscr), "fpscr");
    uc_check(uc_reg_read(uc, UC_ARM_REG_FPEXC, &o->fpexc), "fpexc");
    uc_check(uc_mem_read(uc, DATA_ADDR, o->data, DATA_SIZE), "mem");
}

/* ---- instruction generators ---------------------------------------------------------------- */
enum { CAT_DP, CAT_XFER, CAT_XFER64, CAT_SYSREG, CAT_LDST, CAT_COUNT };
static const char *const cat_name[CAT_COUNT] = {"data-processing", "MCR/MRC", "MCRR/MRRC", "FMRX/FMXR", "load/store"};

static uint32_t cond_field(State *s)
{
    if (chance(90)) return 0xE0000000u;
    s->cpsr = (s->cpsr & 0x0FFFFFFFu) | rnd32() << 28;
    return (uint32_t)rnd(15) << 28;
}

/* valid data-processing opcodes p:q:r:s and extension opcodes Fn:N */
static const unsigned ext_ops[] = {0, 1, 2, 3, 8, 9, 10, 11, 15, 16, 17, 24, 25, 26, 27};

static uint32_t gen_dp(State *s)
{
    bool dp = rnd(2);
    uint32_t insn = cond_field(s) | 0x0E000A00u | (uint32_t)dp << 8;
    unsigned opc, ext = 0;
    if (chance(50)) opc = rnd(9);
    else {
        opc = 15;
        ext = chance(97) ? ext_ops[rnd(sizeof ext_ops / sizeof ext_ops[0])] : rnd(32);
    }
    insn |= (opc & 8) << 20 | (opc & 4) << 19 | (opc & 2) << 19 | (opc & 1) << 6;
    insn |= (uint32_t)rnd(16) << 12 | (uint32_t)rnd(16) | (uint32_t)rnd(16) << 16;
    if (opc == 15) insn = (insn & ~0x000F0080u) | (ext >> 1) << 16 | (ext & 1) << 7;
    else if (!dp || chance(3)) insn |= (uint32_t)rnd(2) << 7;
    if (!dp || chance(3)) insn |= (uint32_t)rnd(2) << 22;
    if (!dp || chance(3)) insn |= (uint32_t)rnd(2) << 5;
    if (opc == 15 && (ext == 10 || ext == 11) && chance(90)) insn &= ~0x2Fu; /* FCMPZ: Fm = 0 */
    /* operands: singles for CP10 and for the integer/single side of
     * conversions, doubles elsewhere */
    bool src_single = !dp || (opc == 15 && (ext == 16 || ext == 17));
    for (unsigned i = 0; i < 16; i++) {
        if (src_single && chance(80)) {
            uint32_t lo = (opc == 15 && (ext == 16 || ext == 17)) ? rnd_int() : rnd_f32();
            uint32_t hi = (opc == 15 && (ext == 16 || ext == 17)) ? rnd_int() : rnd_f32();
            s->d[i] = lo | (uint64_t)hi << 32;
        } else {
            s->d[i] = rnd_f64();
        }
    }
    return insn;
}

static uint32_t gen_xfer(State *s)
{
    bool dp = rnd(2), load = rnd(2);
    unsigned rt = rnd(15);
    uint32_t insn = cond_field(s) | 0x0E000A10u | (uint32_t)dp << 8 | (uint32_t)load << 20 | rt << 12;
    insn |= (uint32_t)rnd(16) << 16;                              /* Fn / Dn */
    if (dp) insn |= (uint32_t)rnd(2) << 21;                       /* low/high half */
    if (!dp || chance(5)) insn |= (uint32_t)rnd(2) << 7;          /* N */
    if (chance(5)) insn |= (uint32_t)rnd(16);                     /* SBZ CRm */
    if (chance(5)) insn |= (uint32_t)rnd(4) << 5;                 /* SBZ opc2 */
    if (chance(5)) insn |= (uint32_t)rnd(8) << 21;                /* other opc1 */
    if (!dp && ((insn >> 21) & 7) == 7) return 0;                 /* FMRX/FMXR: gen_sysreg */
    return insn;
}

static uint32_t gen_xfer64(State *s)
{
    bool dp = rnd(2), load = rnd(2);
    unsigned rt = rnd(15), rt2 = rnd(15);
    uint32_t insn = cond_field(s) | 0x0C400A10u | (uint32_t)dp << 8 | (uint32_t)load << 20 | rt << 12 | rt2 << 16;
    insn |= (uint32_t)rnd(16);
    if (!dp || chance(5)) insn |= (uint32_t)rnd(2) << 5;          /* M */
    if (chance(5)) insn |= (uint32_t)rnd(4) << 6;                 /* SBZ */
    /* Exclusion: FMSRR/FMRRS with Sm = S31 (UNPREDICTABLE: no S32).  QEMU
     * transfers S31 and a phantom S32; ipodsim makes it UNDEFINED. */
    if (!dp && (insn & 0x2F) == 0x2F) return 0;
    return insn;
}

static uint32_t gen_sysreg(State *s)
{
    static const unsigned regs[] = {0, 1, 1, 1, 1, 6, 7, 8};
    bool load = rnd(2);
    unsigned reg = chance(97) ? regs[rnd(sizeof regs / sizeof regs[0])] : rnd(16);
    if (reg == 9 || reg == 10) return 0;      /* FPINST/FPINST2: not modelled by QEMU */
    unsigned rt = rnd(15);
    if (load && reg == 1 && chance(30)) rt = 15;                  /* FMSTAT */
    uint32_t insn = cond_field(s) | 0x0EE00A10u | (uint32_t)load << 20 | reg << 16 | rt << 12;
    if (!load) {
        /* only bits the VFP11 implements (QEMU keeps some SBZ bits) */
        if (reg == 8) s->r[rt] = chance(50) ? FPEXC_EN : 0;
        else s->r[rt] = rnd32() & FPSCR_WRITABLE;
    }
    /* User mode; exclusion: MVFR0/MVFR1 there.  The VFP11 allows User-mode
     * reads while enabled (ARM DDI 0301H table 20-4), QEMU (ARMv7 rules)
     * makes any User-mode MVFR access UNDEFINED. */
    if (chance(10) && reg != 6 && reg != 7) {
        s->cpsr = (s->cpsr & ~0x1Fu) | 0x10;
        /* Exclusion: FPSID in User mode with the VFP disabled: privileged
         * only on the VFP11 (table 20-4), allowed by QEMU. */
        if (reg == 0) s->fpexc = FPEXC_EN;
    }
    return insn;
}

static uint32_t gen_ldst(State *s)
{
    bool dp = rnd(2), load = rnd(2);
    unsigned rn = rnd(14);
    if (load && chance(5)) rn = 15;
    unsigned form = rnd(5);           /* 0-1 single, 2 IA, 3 IA!, 4 DB! */
    bool p, u, w;
    unsigned imm;
    switch (form) {
    case 0: case 1: p = 1; w = 0; u = rnd(2); imm = rnd(64); break;
    case 2: p = 0; u = 1; w = 0; imm = rnd(dp ? 34 : 33); break;
    case 3: p = 0; u = 1; w = 1; imm = rnd(dp ? 34 : 33); break;
    default: p = 1; u = 0; w = 1; imm = rnd(dp ? 34 : 33); break;
    }
    if (chance(3)) { p = rnd(2); u = rnd(2); w = rnd(2); }
    uint32_t insn = cond_field(s) | 0x0C000A00u | (uint32_t)dp << 8 | (uint32_t)p << 24 | (uint32_t)u << 23 |
                    (uint32_t)w << 21 | (uint32_t)load << 20 | rn << 16 | (uint32_t)rnd(16) << 12 | imm;
    if (!dp || chance(3)) insn |= (uint32_t)rnd(2) << 22;
    if (!p && !u && !w) insn |= 1u << 21;                         /* P=U=W=0 is MCRR space */
    if (rn != 15) s->r[rn] = DATA_ADDR + 0x400 + 4 * rnd(0x200);
    if (chance(5)) s->cpsr |= 1u << 9;                            /* big-endian data */
    for (unsigned i = 0; i < 16; i++) s->d[i] = dp ? rnd_f64() : rnd_f32() | (uint64_t)rnd_f32() << 32;
    return insn;
}

/* ---- main loop ----------------------------------------------------------------------------- */
static void print_state_diff(const State *a, const State *b)
{
    if (a->undef != b->undef) printf("    undefined: ipodsim %d unicorn %d\n", a->undef, b->undef);
    for (unsigned i = 0; i < 16; i++)
        if (a->r[i] != b->r[i]) printf("    r%u: ipodsim %08x unicorn %08x\n", i, a->r[i], b->r[i]);
    if (a->cpsr != b->cpsr) printf("    cpsr: ipodsim %08x unicorn %08x\n", a->cpsr, b->cpsr);
    for (unsigned i = 0; i < 16; i++)
        if (a->d[i] != b->d[i])
            printf("    d%u: ipodsim %016" PRIx64 " unicorn %016" PRIx64 "\n", i, a->d[i], b->d[i]);
    if (a->fpscr != b->fpscr) printf("    fpscr: ipodsim %08x unicorn %08x\n", a->fpscr, b->fpscr);
    if (a->fpexc != b->fpexc) printf("    fpexc: ipodsim %08x unicorn %08x\n", a->fpexc, b->fpexc);
    for (unsigned i = 0; i < DATA_SIZE; i += 4)
        if (memcmp(a->data + i, b->data + i, 4)) {
            uint32_t x, y;
            memcpy(&x, a->data + i, 4);
            memcpy(&y, b->data + i, 4);
            printf("    mem[%04x]: ipodsim %08x unicorn %08x\n", DATA_ADDR + i, x, y);
        }
}

static void print_input(const State *s, uint32_t insn)
{
    printf("    insn %08x fpscr %08x fpexc %08x cpsr %08x\n", insn, s->fpscr, s->fpexc, s->cpsr);
    for (unsigned i = 0; i < 16; i++)
        printf("    in d%-2u %016" PRIx64 "%s", i, s->d[i], i % 2 ? "\n" : "  ");
}

static bool state_eq(const State *a, const State *b)
{
    return a->undef == b->undef && !memcmp(a->r, b->r, sizeof a->r) && a->cpsr == b->cpsr &&
           !memcmp(a->d, b->d, sizeof a->d) && a->fpscr == b->fpscr && a->fpexc == b->fpexc &&
           !memcmp(a->data, b->data, DATA_SIZE);
}

int main(int argc, char **argv)
{
    unsigned long n = 200000;
    uint64_t seed = 1;
    int max_report = 20;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc) n = strtoul(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "-s") && i + 1 < argc) seed = strtoull(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "-v")) max_report = 1000000;
        else if (!strcmp(argv[i], "-q")) max_report = 0;
        else {
            fprintf(stderr, "usage: %s [-n CASES] [-s SEED] [-v] [-q]\n", argv[0]);
            return 2;
        }
    }
    rng_state = seed;
    machines_create();

    static State in, a, b;
    unsigned long pass = 0, fail = 0, undef_cases = 0;
    unsigned long per_cat[CAT_COUNT] = {0}, fail_cat[CAT_COUNT] = {0};
    for (unsigned long k = 0; k < n; k++) {
        memset(&in, 0, sizeof in);
        for (unsigned i = 0; i < 15; i++) in.r[i] = rnd32();
        in.cpsr = 0x000001D3u | (rnd32() & 0xF0000000u);          /* SVC, IRQ/FIQ/async masked */
        /* FPSCR: every rounding mode x FZ x DN; sometimes vectors and preset flags */
        uint32_t fpscr = rnd(4) << FPSCR_RMODE_SHIFT;
        if (rnd(2)) fpscr |= FPSCR_FZ;
        if (rnd(3) == 0) fpscr |= FPSCR_DN;
        if (chance(15)) fpscr |= rnd(8) << FPSCR_LEN_SHIFT | (rnd(2) ? 3u : 0u) << FPSCR_STRIDE_SHIFT;
        if (chance(20)) fpscr |= rnd32() & 0x9Fu;
        fpscr |= rnd32() & 0xF0000000u;
        in.fpscr = fpscr;
        in.fpexc = chance(2) ? 0 : FPEXC_EN;
        for (unsigned i = 0; i < DATA_SIZE; i += 4) {
            uint32_t w = rnd(2) ? rnd_f32() : rnd32();
            memcpy(in.data + i, &w, 4);
        }
        unsigned cat = rnd(100);
        cat = cat < 60 ? CAT_DP : cat < 70 ? CAT_XFER : cat < 77 ? CAT_XFER64 : cat < 87 ? CAT_SYSREG : CAT_LDST;
        uint32_t insn;
        switch (cat) {
        case CAT_DP: insn = gen_dp(&in); break;
        case CAT_XFER: insn = gen_xfer(&in); break;
        case CAT_XFER64: insn = gen_xfer64(&in); break;
        case CAT_SYSREG: insn = gen_sysreg(&in); break;
        default: insn = gen_ldst(&in); break;
        }
        if (insn == 0) { k--; continue; }
        /* Exclusion: single-precision vectors with STRIDE = 0b11.  The ARM ARM
         * defines that as stride 2; QEMU steps single registers by 4. */
        if (cat == CAT_DP && !((insn >> 8) & 1)) in.fpscr &= ~(3u << FPSCR_STRIDE_SHIFT);
        /* Exclusion: double-precision FCPYD/FABSD/FNEGD/FSQRTD as vectors with
         * a vector source (Dm in D4-D15).  QEMU 5.0 mis-steps these (it runs
         * one iteration, or writes the first result to consecutive registers);
         * we follow the ARM ARM. */
        if (cat == CAT_DP && ((insn >> 8) & 1) && (insn & 0x00BE0040u) == 0x00B00040u &&
            (insn & 0xF) >= 4)
            in.fpscr &= ~(7u << FPSCR_LEN_SHIFT);
        per_cat[cat]++;
        load_state(&in, insn);
        run_ipodsim(&a);
        run_unicorn(&b);
        if (a.undef) undef_cases++;
        if (state_eq(&a, &b)) {
            pass++;
            continue;
        }
        fail++;
        fail_cat[cat]++;
        if (fail <= (unsigned long)max_report) {
            printf("MISMATCH case %lu (%s)\n", k, cat_name[cat]);
            print_input(&in, insn);
            print_state_diff(&a, &b);
        }
    }
    for (unsigned c = 0; c < CAT_COUNT; c++)
        printf("%-16s %8lu cases, %lu mismatches\n", cat_name[c], per_cat[c], fail_cat[c]);
    printf("seed %" PRIu64 ", %lu UNDEFINED on both sides or not\n", seed, undef_cases);
    printf("%lu passed, %lu failed\n", pass, fail);
    uc_close(uc);
    arm_destroy(cpu);
    return fail ? 1 : 0;
}
