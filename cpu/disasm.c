/* Disassembler: renders the fourth column of cpu/insn_*.def, so the table
 * that drives the decoder is also the one source of the mnemonics.
 *
 * Template language.  Text is copied as is; directives are in braces and
 * read the operand fields that the line's bit pattern names by letter (a
 * field's value is its bits concatenated most significant first, so split
 * fields such as "iiii....iiii" read as one number):
 *   {c}          condition suffix: ARM bits 31:28, Thumb bits 11:8; empty for
 *                AL and for the ARM 1111 space
 *   {s}          "s" when field S is 1
 *   {Rx}         register named by field x: r0-r12, sp, lr, pc;
 *                {Rx+1} the register after it (LDRD/STRD pairs)
 *   {x}          field x in decimal; also sums and products with constants,
 *                {w+1}, {i*4}
 *   {#x}         immediate: "#" and the value of the expression x (as
 *                above), decimal below 10, otherwise hex ("#0x1f")
 *   {@expr}      branch target, printed as an address: the instruction's
 *                address + 8 (ARM) / + 4 (Thumb) + expr, where the first
 *                field of expr is sign-extended ({@i*4+H*2})
 *   {=expr}      PC-relative address Align(address + 4, 4) + expr (Thumb
 *                literal loads and ADR)
 *   {x=a|b|...}  choice: alternative number <field x>; several letters
 *                ({PW=...}) concatenate their fields; an alternative may
 *                hold directives; a missing one prints nothing
 *   {x?a:b}      a when field x (or letters concatenated) is non-zero,
 *                else b (":b" optional); {x==N?a:b} compares with N
 *   {imm}        ARM modified immediate: i (8 bits) rotated right by 2 * r
 *   {shift}      ", <shift> #n" of a register operand from fields t (type;
 *                a one-bit t is LSL/ASR as in SSAT) and i (amount); nothing
 *                for LSL #0, ", rrx" for ROR #0, #32 for LSR/ASR #0
 *   {mem}        load/store address from fields P U W (1, 1, 0 when absent),
 *                n, and i (immediate offset) or m (register offset, shifted
 *                by {shift} when t exists): [Rn, off], [Rn, off]!, [Rn], off.
 *                A PC-relative immediate form gets the address as a comment
 *   {cpmem}      LDC/STC address: fields P U W n, offset i * 4; P = 0, W = 0
 *                is the unindexed form [Rn], {i}
 *   {psr}        MSR destination from R (CPSR/SPSR) and the mask k: cpsr_fc
 *   {rlist}      register list of field l, "{r0, r4-r6, lr}";
 *                {rlist x=reg} adds reg when field x is 1 (Thumb PUSH/POP)
 *   {!}          "!" unless field n's register is in the list l (Thumb LDM)
 * An empty template marks an encoding that is UNDEFINED on the ARM1176.
 * Syntax follows UAL as GNU objdump and Capstone print it (lower case,
 * r9-r12 rather than sb/sl/fp/ip, ARM ARM names for conditions such as cs and
 * cc, coprocessor operands as "p15, 0, r0, c1, c0, 0").
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cpu/core.h"
#include "cpu/disasm.h"

typedef struct Dis {
    uint32_t insn, pc;
    bool thumb;
    const char *bits;          /* the matching line's pattern */
    unsigned width;            /* 32 or 16 */
    char *buf;
    size_t len, pos;           /* pos counts every character, even past len */
    char comment[24];
} Dis;

static const char *const reg_names[16] = {
    "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "sp", "lr", "pc",
};
static const char *const cond_names[14] = {
    "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le",
};

static void put(Dis *d, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++, d->pos++)
        if (d->pos + 1 < d->len) d->buf[d->pos] = s[i];
}
static void puts_(Dis *d, const char *s) { put(d, s, strlen(s)); }
static void putf(Dis *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(Dis *d, const char *fmt, ...)
{
    char tmp[64];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0) put(d, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* Immediate in the "#5" / "#0x1f" / "#-0x10" style. */
static void put_imm(Dis *d, int64_t v, bool force_minus)
{
    bool neg = v < 0 || force_minus;
    uint64_t a = v < 0 ? (uint64_t)-v : (uint64_t)v;
    puts_(d, neg ? "#-" : "#");
    if (a < 10) putf(d, "%u", (unsigned)a);
    else putf(d, "0x%llx", (unsigned long long)a);
}

/* Value of the field named by letter (its bits concatenated); false if the
 * pattern has no such letter. */
static bool field(const Dis *d, char letter, uint32_t *val, unsigned *nbits)
{
    uint32_t v = 0;
    unsigned n = 0;
    for (unsigned i = 0; i < d->width; i++) {
        if (d->bits[i] != letter) continue;
        v = (v << 1) | ((d->insn >> (d->width - 1 - i)) & 1);
        n++;
    }
    *val = v;
    if (nbits) *nbits = n;
    return n > 0;
}
static uint32_t fv(const Dis *d, char letter, uint32_t dflt)
{
    uint32_t v;
    return field(d, letter, &v, NULL) ? v : dflt;
}
static bool is_letter(char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'); }

/* Concatenated value of the letters in [s, e). */
static uint32_t letters_value(const Dis *d, const char *s, const char *e)
{
    uint32_t v = 0;
    for (; s < e; s++) {
        uint32_t x;
        unsigned n;
        field(d, *s, &x, &n);
        v = (n >= 32 ? 0 : v << n) | x;
    }
    return v;
}

/* Matching close brace of the group opening at s, or NULL. */
static const char *group_end(const char *s, const char *e)
{
    int depth = 0;
    for (; s < e; s++) {
        if (*s == '{') depth++;
        else if (*s == '}' && --depth == 0) return s;
    }
    return NULL;
}
/* First ch at brace depth 0 in [s, e), or NULL. */
static const char *find_top(const char *s, const char *e, char ch)
{
    int depth = 0;
    for (; s < e; s++) {
        if (*s == '{') depth++;
        else if (*s == '}') depth--;
        else if (*s == ch && depth == 0) return s;
    }
    return NULL;
}

/* expr := term ('+' term)*; term := letters ['*' N] | N.  With sign_first,
 * the first field term is sign-extended from its width. */
static int64_t eval(const Dis *d, const char *s, const char *e, bool sign_first)
{
    int64_t sum = 0;
    bool first = true;
    while (s < e) {
        int64_t t = 0;
        if (is_letter(*s)) {
            uint32_t v;
            unsigned n;
            field(d, *s, &v, &n);
            t = v;
            if (sign_first && first && n > 0 && n < 32 && ((v >> (n - 1)) & 1)) t -= (int64_t)1 << n;
            s++;
        } else {
            while (s < e && *s >= '0' && *s <= '9') t = t * 10 + (*s++ - '0');
        }
        if (s < e && *s == '*') {
            int64_t k = 0;
            for (s++; s < e && *s >= '0' && *s <= '9'; s++) k = k * 10 + (*s - '0');
            t *= k;
        }
        sum += t;
        first = false;
        if (s < e && *s == '+') s++;
        else break;
    }
    return sum;
}

static void render(Dis *d, const char *s, const char *e);

static void put_shift(Dis *d)
{
    uint32_t type, amt = fv(d, 'i', 0);
    unsigned tbits;
    if (!field(d, 't', &type, &tbits)) return;
    if (tbits == 1) type <<= 1;
    switch (type) {
    case 0: if (amt) putf(d, ", lsl #%u", amt); break;
    case 1: putf(d, ", lsr #%u", amt ? amt : 32); break;
    case 2: putf(d, ", asr #%u", amt ? amt : 32); break;
    default:
        if (amt) putf(d, ", ror #%u", amt);
        else puts_(d, ", rrx");
        break;
    }
}

static uint32_t pc_value(const Dis *d) { return d->pc + (d->thumb ? 4 : 8); }

static void put_mem(Dis *d)
{
    uint32_t p = fv(d, 'P', 1), u = fv(d, 'U', 1), w = fv(d, 'W', 0), n = fv(d, 'n', 0), m;
    bool reg = field(d, 'm', &m, NULL);
    uint32_t imm = reg ? 0 : fv(d, 'i', 0);
    putf(d, "[%s", reg_names[n]);
    if (!p) puts_(d, "]");
    if (reg) {
        putf(d, ", %s%s", u ? "" : "-", reg_names[m]);
        put_shift(d);
    } else if (!(p && u && imm == 0)) {
        puts_(d, ", ");
        put_imm(d, u ? (int64_t)imm : -(int64_t)imm, !u);
    }
    if (p) puts_(d, w ? "]!" : "]");
    if (p && !w && !reg && n == 15)
        snprintf(d->comment, sizeof d->comment, "0x%08x", u ? pc_value(d) + imm : pc_value(d) - imm);
}

static void put_cpmem(Dis *d)
{
    uint32_t p = fv(d, 'P', 1), u = fv(d, 'U', 1), w = fv(d, 'W', 0), n = fv(d, 'n', 0);
    uint32_t imm = fv(d, 'i', 0), off = imm * 4;
    putf(d, "[%s", reg_names[n]);
    if (p) {
        if (!(u && off == 0)) {
            puts_(d, ", ");
            put_imm(d, u ? (int64_t)off : -(int64_t)off, !u);
        }
        puts_(d, w ? "]!" : "]");
        if (!w && n == 15)
            snprintf(d->comment, sizeof d->comment, "0x%08x", u ? pc_value(d) + off : pc_value(d) - off);
    } else if (w) {
        puts_(d, "], ");
        put_imm(d, u ? (int64_t)off : -(int64_t)off, !u);
    } else {
        putf(d, "], {%u}", imm);
    }
}

static void put_rlist(Dis *d, uint32_t list)
{
    puts_(d, "{");
    bool any = false;
    for (unsigned r = 0; r < 16; r++) {
        if (!((list >> r) & 1)) continue;
        unsigned end = r;
        while (end + 1 <= 12 && ((list >> (end + 1)) & 1)) end++;
        if (any) puts_(d, ", ");
        any = true;
        if (r <= 12 && end >= r + 2) {
            putf(d, "%s-%s", reg_names[r], reg_names[end]);
            r = end;
        } else {
            puts_(d, reg_names[r]);
        }
    }
    puts_(d, "}");
}

static bool named(const char *s, const char *e, const char *name)
{
    size_t n = strlen(name);
    return (size_t)(e - s) == n && memcmp(s, name, n) == 0;
}

/* One directive: the text between the braces. */
static void directive(Dis *d, const char *s, const char *e)
{
    if (s >= e) return;
    if (named(s, e, "c")) {
        unsigned cond = d->thumb ? (d->insn >> 8) & 0xF : d->insn >> 28;
        if (cond < 14) puts_(d, cond_names[cond]);
        return;
    }
    if (named(s, e, "s")) {
        if (fv(d, 'S', 0)) puts_(d, "s");
        return;
    }
    if (named(s, e, "imm")) {
        uint32_t rot = fv(d, 'r', 0) * 2, v = fv(d, 'i', 0);
        if (rot) v = (v >> rot) | (v << (32 - rot));
        put_imm(d, v, false);
        return;
    }
    if (named(s, e, "shift")) { put_shift(d); return; }
    if (named(s, e, "mem")) { put_mem(d); return; }
    if (named(s, e, "cpmem")) { put_cpmem(d); return; }
    if (named(s, e, "psr")) {
        uint32_t k = fv(d, 'k', 0);
        puts_(d, fv(d, 'R', 0) ? "spsr" : "cpsr");
        if (k) {
            puts_(d, "_");
            if (k & 8) puts_(d, "f");
            if (k & 4) puts_(d, "s");
            if (k & 2) puts_(d, "x");
            if (k & 1) puts_(d, "c");
        }
        return;
    }
    if (named(s, e, "!")) {
        if (!((fv(d, 'l', 0) >> fv(d, 'n', 0)) & 1)) puts_(d, "!");
        return;
    }
    if (e - s >= 5 && memcmp(s, "rlist", 5) == 0) {
        uint32_t list = fv(d, 'l', 0);
        /* "{rlist x=reg}": extra register when field x is set */
        if (e - s >= 9 && s[5] == ' ' && s[7] == '=' && fv(d, s[6], 0)) {
            for (unsigned r = 0; r < 16; r++)
                if (named(s + 8, e, reg_names[r])) list |= 1u << r;
        }
        put_rlist(d, list);
        return;
    }
    if (s[0] == 'R' && e - s >= 2 && is_letter(s[1]) && (e - s == 2 || named(s + 2, e, "+1"))) {
        uint32_t r = fv(d, s[1], 0) + (e - s == 2 ? 0 : 1);
        puts_(d, reg_names[r & 15]);
        return;
    }
    if (s[0] == '#') {
        put_imm(d, eval(d, s + 1, e, false), false);
        return;
    }
    if (s[0] == '@') {
        putf(d, "0x%08x", (uint32_t)(pc_value(d) + (uint32_t)eval(d, s + 1, e, true)));
        return;
    }
    if (s[0] == '=') {
        putf(d, "0x%08x", (uint32_t)((pc_value(d) & ~3u) + (uint32_t)eval(d, s + 1, e, false)));
        return;
    }
    const char *l = s;
    while (l < e && is_letter(*l)) l++;
    if (l > s && l < e && (*l == '?' || (l + 1 < e && l[0] == '=' && l[1] == '='))) {
        /* conditional */
        uint32_t v = letters_value(d, s, l);
        bool yes;
        const char *q = l;
        if (*l == '=') {
            uint32_t n = 0;
            for (q = l + 2; q < e && *q >= '0' && *q <= '9'; q++) n = n * 10 + (uint32_t)(*q - '0');
            yes = v == n;
            if (q >= e || *q != '?') return;
        } else {
            yes = v != 0;
        }
        const char *alt = q + 1, *colon = find_top(alt, e, ':');
        if (yes) render(d, alt, colon ? colon : e);
        else if (colon) render(d, colon + 1, e);
        return;
    }
    if (l > s && l < e && *l == '=') {
        /* choice */
        uint32_t v = letters_value(d, s, l);
        const char *alt = l + 1;
        for (uint32_t i = 0; i < v && alt; i++) {
            const char *bar = find_top(alt, e, '|');
            alt = bar ? bar + 1 : NULL;
        }
        if (alt) {
            const char *bar = find_top(alt, e, '|');
            render(d, alt, bar ? bar : e);
        }
        return;
    }
    if (l > s) {
        putf(d, "%lld", (long long)eval(d, s, e, false));
        return;
    }
    put(d, "{?}", 3); /* unknown directive: visible, never fatal */
}

static void render(Dis *d, const char *s, const char *e)
{
    while (s < e) {
        if (*s == '{') {
            const char *close = group_end(s, e);
            if (!close) {
                put(d, s, (size_t)(e - s));
                return;
            }
            directive(d, s + 1, close);
            s = close + 1;
        } else {
            put(d, s++, 1);
        }
    }
}

static void finish(Dis *d)
{
    if (d->comment[0]) {
        puts_(d, " ; ");
        puts_(d, d->comment);
    }
    if (d->len) d->buf[d->pos < d->len ? d->pos : d->len - 1] = '\0';
}

void arm_disasm_template(const char *format, const char *bits, uint32_t insn, uint32_t pc, bool thumb,
                         char *buf, size_t len)
{
    Dis d = {.insn = insn, .pc = pc, .thumb = thumb, .bits = bits, .width = thumb ? 16 : 32,
             .buf = buf, .len = len};
    render(&d, format, format + strlen(format));
    finish(&d);
}

static void undefined(Dis *d)
{
    uint32_t x = d->insn;
    if (!d->thumb && (x & 0x0FF000F0u) == 0x07F000F0u) { /* permanently undefined space */
        puts_(d, "udf ");
        put_imm(d, ((x >> 4) & 0xFFF0) | (x & 0xF), false);
    } else if (d->thumb && (x & 0xFF00) == 0xDE00) {
        puts_(d, "udf ");
        put_imm(d, x & 0xFF, false);
    } else if (d->thumb) {
        putf(d, ".short 0x%04x", x);
    } else {
        putf(d, ".word 0x%08x", x);
    }
    finish(d);
}

/* Does the core execute insn (not UNDEFINED)?  Asks the decoder itself, so
 * decoder-level refusals (LDRD with an odd Rd, reserved CPS modes ...) show
 * as undefined here too. */
static bool defined(uint32_t insn, bool thumb)
{
    ArmOp op;
    memset(&op, 0, sizeof op);
    decode_op(&op, insn, thumb);
    return op.fn != exec_undefined && !(op.fn == exec_pc_wrap && op.inner == exec_undefined);
}

/* A BL/BLX prefix in bits 15:0 followed by its suffix in bits 31:16. */
static bool bl_pair(uint32_t insn, uint32_t pc, char *buf, size_t len)
{
    const char *name, *bits, *fmt, *name2, *bits2, *fmt2;
    uint32_t lo = insn & 0xFFFF, hi = insn >> 16;
    if (!decode_line(lo, true, &name, &bits, &fmt) || strcmp(name, "bl_prefix") != 0) return false;
    if (!decode_line(hi, true, &name2, &bits2, &fmt2)) return false;
    bool blx = strcmp(name2, "blx_suffix") == 0;
    if (!blx && strcmp(name2, "bl_suffix") != 0) return false;
    Dis a = {.insn = lo, .pc = pc, .thumb = true, .bits = bits, .width = 16};
    Dis b = {.insn = hi, .pc = pc + 2, .thumb = true, .bits = bits2, .width = 16};
    static const char hi_expr[] = "i*4096", lo_expr[] = "i*2", lo_expr_blx[] = "i*4";
    uint32_t off_hi = (uint32_t)eval(&a, hi_expr, hi_expr + 6, true);
    uint32_t off_lo = blx ? (uint32_t)eval(&b, lo_expr_blx, lo_expr_blx + 3, false)
                          : (uint32_t)eval(&b, lo_expr, lo_expr + 3, false);
    uint32_t target = pc + 4 + off_hi + off_lo;
    if (blx) target &= ~3u;
    snprintf(buf, len, "%s 0x%08x", blx ? "blx" : "bl", target);
    return true;
}

int arm_disasm(uint32_t insn, uint32_t pc, bool thumb, char *buf, size_t len)
{
    if (thumb && insn > 0xFFFF && bl_pair(insn, pc, buf, len)) return 4;
    if (thumb) insn &= 0xFFFF;
    Dis d = {.insn = insn, .pc = pc, .thumb = thumb, .width = thumb ? 16 : 32, .buf = buf, .len = len};
    const char *name, *fmt;
    if (!defined(insn, thumb) || !decode_line(insn, thumb, &name, &d.bits, &fmt) || !fmt[0]) {
        undefined(&d);
    } else {
        render(&d, fmt, fmt + strlen(fmt));
        finish(&d);
    }
    return thumb ? 2 : 4;
}
