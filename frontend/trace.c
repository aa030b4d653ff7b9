/* Instruction trace (`ipodsim run --trace`) and the debugger attachment the
 * step prompt shares with it.  See frontend/trace.h and docs/debugging.md.
 *
 * The tracer is an ArmDebug client: while it is attached the core runs one
 * instruction at a time and calls before()/after()/mem().  It is attached
 * only inside the instruction window, so the rest of a run keeps the fast
 * loop.  Lines are built with small hand-written formatters into one
 * buffer and written to a FILE with a large buffer: formatting, not I/O,
 * is what costs. */
#include "frontend/trace.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu/disasm.h"
#include "frontend/stepper.h"

#define OUT_BUFFER (1u << 20)
#define DIS_CACHE 4096            /* disassembled instructions kept, by address */

/* Most traced instructions are in loops: remember the text of each address. */
typedef struct DisEntry {
    uint32_t pc, word;            /* word: the instruction (Thumb: with the next halfword) */
    bool thumb, valid;
    char text[94];
} DisEntry;

struct Tracer {
    TraceOptions o;
    Arm11 *cpu;
    FILE *out;
    bool own_out;
    ArmDebug dbg;
    bool attached;
    Stepper *stepper;
    bool quit;
    bool fresh;             /* before() filled rec for the instruction now running */
    bool collect;           /* this instruction's line may be printed: record accesses */
    TraceRegs last;         /* state after the previous step */
    TraceRecord rec;
    char line[1024];
    DisEntry *cache;
};

/* ---- options ----------------------------------------------------------------------------------- */

static bool parse_u64(const char *s, const char **end, uint64_t *v)
{
    char *e;
    if (*s < '0' || *s > '9') return false;
    errno = 0;
    unsigned long long x = strtoull(s, &e, 0);
    if (errno) return false;
    *v = x;
    *end = e;
    return true;
}

/* A-B (B excluded), A..B (B included), A+N (N bytes) or A alone. */
static bool parse_range(const char *s, TraceRange *r)
{
    uint64_t a, b;
    const char *e;
    if (!parse_u64(s, &e, &a) || a > 0xFFFFFFFFu) return false;
    if (*e == '\0') {
        r->lo = r->hi = (uint32_t)a;
        return true;
    }
    int kind = e[0] == '-' ? 0 : (e[0] == '.' && e[1] == '.') ? 1 : e[0] == '+' ? 2 : -1;
    if (kind < 0) return false;
    e += kind == 1 ? 2 : 1;
    if (!parse_u64(e, &e, &b) || *e) return false;
    uint64_t hi = kind == 0 ? b - 1 : kind == 1 ? b : a + b - 1;
    if ((kind == 0 && b <= a) || (kind == 1 && b < a) || (kind == 2 && b == 0) || hi > 0xFFFFFFFFu) return false;
    r->lo = (uint32_t)a;
    r->hi = (uint32_t)hi;
    return true;
}

/* N..M (M included) or N+C. */
static bool parse_window(const char *s, TraceOptions *o)
{
    uint64_t a, b;
    const char *e;
    if (!parse_u64(s, &e, &a)) return false;
    if (e[0] == '.' && e[1] == '.') {
        if (!parse_u64(e + 2, &e, &b) || *e || b < a) return false;
        o->from = a;
        o->count = b - a + 1;
        return true;
    }
    if (e[0] == '+') {
        if (!parse_u64(e + 1, &e, &b) || *e || b == 0) return false;
        o->from = a;
        o->count = b;
        return true;
    }
    return false;
}

int trace_parse_option(TraceOptions *o, int argc, char **argv, int *i, char *err, size_t errlen)
{
    static const char *const with_value[] = {"--trace-range", "--trace-from", "--trace-count", "--trace-window"};
    const char *a = argv[*i], *val = NULL;
    if (strcmp(a, "--trace") == 0) {
        o->trace = true;
        return 1;
    }
    if (strncmp(a, "--trace=", 8) == 0) {
        o->trace = true;
        if (strcmp(a + 8, "mem") == 0) o->mem = true;
        else if (a[8]) o->file = a + 8;
        else goto bad_empty;
        return 1;
    }
    if (strcmp(a, "--trace-mem") == 0) {
        o->trace = o->mem = true;
        return 1;
    }
    if (strcmp(a, "--step") == 0) {
        o->step = true;
        return 1;
    }
    size_t k;
    for (k = 0; k < sizeof with_value / sizeof with_value[0]; k++) {
        size_t n = strlen(with_value[k]);
        if (strncmp(a, with_value[k], n) != 0) continue;
        if (a[n] == '=') val = a + n + 1;
        else if (a[n] == '\0') {
            if (*i + 1 >= argc) {
                snprintf(err, errlen, "option '%s' needs a value", a);
                return -1;
            }
            val = argv[++*i];
        } else {
            continue;
        }
        break;
    }
    if (!val) return 0;
    o->trace = true;
    const char *e;
    switch (k) {
    case 0:
        if (o->nranges >= TRACE_MAX_RANGES) {
            snprintf(err, errlen, "too many --trace-range options (at most %d)", TRACE_MAX_RANGES);
            return -1;
        }
        if (!parse_range(val, &o->ranges[o->nranges])) {
            snprintf(err, errlen, "invalid address range '%s' (expected A-B, A..B, A+N or A)", val);
            return -1;
        }
        o->nranges++;
        return 1;
    case 1:
        if (!parse_u64(val, &e, &o->from) || *e) break;
        return 1;
    case 2:
        if (!parse_u64(val, &e, &o->count) || *e || o->count == 0) break;
        return 1;
    default:
        if (!parse_window(val, o)) {
            snprintf(err, errlen, "invalid instruction window '%s' (expected N..M or N+COUNT)", val);
            return -1;
        }
        return 1;
    }
    snprintf(err, errlen, "invalid instruction count '%s' for %s", val, with_value[k]);
    return -1;
bad_empty:
    snprintf(err, errlen, "%s", "option '--trace=' needs a file name");
    return -1;
}

void trace_help(FILE *out)
{
    fprintf(out,
            "      --trace[=FILE] one line per instruction to FILE (default stderr, '-' is\n"
            "                     stdout): count, cycle, pc, encoding, mode, disassembly,\n"
            "                     and the registers and flags it changed\n"
            "      --trace-mem    also list data memory accesses (or --trace=mem)\n"
            "      --trace-range RANGE  only instructions whose pc is in RANGE: A-B (B not\n"
            "                     included), A..B, A+SIZE or A; repeatable\n"
            "      --trace-from N --trace-count M  only instructions N to N+M-1 (the first\n"
            "                     is 0); also --trace-window N..M.  Outside the window\n"
            "                     the program runs at full speed\n"
            "      --step         single-step prompt, commands on stdin ('help' lists them);\n"
            "                     'q' or end of input stops the program with status 0\n");
}

/* ---- formatting ---------------------------------------------------------------------------------- */

typedef struct Buf { char *p; size_t len, pos; } Buf;

static void add(Buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++, b->pos++)
        if (b->pos + 1 < b->len) b->p[b->pos] = s[i];
}
static void adds(Buf *b, const char *s) { add(b, s, strlen(s)); }
static void addc(Buf *b, char c) { add(b, &c, 1); }
static void add_hex(Buf *b, uint32_t v, unsigned digits)
{
    char tmp[8];
    for (unsigned i = 0; i < digits; i++, v >>= 4) tmp[digits - 1 - i] = "0123456789abcdef"[v & 15];
    add(b, tmp, digits);
}
static void add_dec(Buf *b, uint64_t v, unsigned width)
{
    char tmp[24];
    unsigned n = 0;
    do tmp[sizeof tmp - 1 - n++] = (char)('0' + v % 10), v /= 10;
    while (v);
    while (n < width && n < sizeof tmp) tmp[sizeof tmp - 1 - n++] = '0';
    add(b, tmp + sizeof tmp - n, n);
}

static const char *const reg_names[16] = {
    "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "sp", "lr", "pc",
};

const char *trace_mode_name(uint32_t cpsr)
{
    switch (cpsr & PSR_MODE_MASK) {
    case MODE_USR: return "usr";
    case MODE_FIQ: return "fiq";
    case MODE_IRQ: return "irq";
    case MODE_SVC: return "svc";
    case MODE_MON: return "mon";
    case MODE_ABT: return "abt";
    case MODE_UND: return "und";
    case MODE_SYS: return "sys";
    default: return "???";
    }
}

static void add_flags(Buf *b, uint32_t cpsr)
{
    addc(b, cpsr & PSR_N ? 'N' : 'n');
    addc(b, cpsr & PSR_Z ? 'Z' : 'z');
    addc(b, cpsr & PSR_C ? 'C' : 'c');
    addc(b, cpsr & PSR_V ? 'V' : 'v');
}

size_t trace_format(char *buf, size_t len, const TraceRecord *r)
{
    Buf b = {buf, len, 0};
    add_dec(&b, r->insn_no, 10);
    addc(&b, ' ');
    add_dec(&b, r->cycle, 12);
    adds(&b, " 0x");
    add_hex(&b, r->pc, 8);
    addc(&b, ' ');
    if (r->irq || r->fiq || !r->disasm) adds(&b, "--------");
    else if (r->thumb) adds(&b, "    "), add_hex(&b, r->raw, 4);
    else add_hex(&b, r->raw, 8);
    addc(&b, ' ');
    adds(&b, trace_mode_name(r->before.cpsr));
    adds(&b, r->thumb ? " T \"" : " A \"");
    if (r->irq || r->fiq) adds(&b, r->fiq ? "<fiq>" : "<irq>");
    else if (!r->disasm) adds(&b, "<prefetch abort>");
    else adds(&b, r->disasm);
    addc(&b, '"');
    if (r->cond_failed) adds(&b, " cond=fail");
    for (unsigned i = 0; i < 15; i++) {
        if (r->before.r[i] == r->after.r[i]) continue;
        addc(&b, ' ');
        adds(&b, reg_names[i]);
        adds(&b, "=0x");
        add_hex(&b, r->after.r[i], 8);
    }
    uint32_t seq = r->pc + (r->thumb ? 2 : 4);
    if (r->irq || r->fiq || !r->disasm || r->after.r[15] != seq) {
        adds(&b, " pc=0x");
        add_hex(&b, r->after.r[15], 8);
    }
    uint32_t dc = r->before.cpsr ^ r->after.cpsr;
    if (dc & 0x0FFFFFFFu) {
        adds(&b, " cpsr=0x");
        add_hex(&b, r->after.cpsr, 8);
    } else if (dc) {
        adds(&b, " cpsr=");
        add_flags(&b, r->after.cpsr);
    }
    if (r->before.spsr != r->after.spsr) {
        adds(&b, " spsr=0x");
        add_hex(&b, r->after.spsr, 8);
    }
    if (r->exception) {
        adds(&b, " exc=");
        adds(&b, r->exception);
    }
    for (unsigned i = 0; i < r->nmem; i++) {
        const TraceMem *m = &r->mem[i];
        addc(&b, ' ');
        addc(&b, m->write ? 'W' : 'R');
        add_dec(&b, m->size, 1);
        adds(&b, " 0x");
        add_hex(&b, m->addr, 8);
        adds(&b, "=0x");
        add_hex(&b, m->val, m->size * 2u);
    }
    if (r->mem_truncated) adds(&b, " ...");
    addc(&b, '\n');
    if (len) buf[b.pos < len ? b.pos : len - 1] = '\0';
    return b.pos;
}

/* ---- the attachment -------------------------------------------------------------------------------- */

/* The instruction at va: *raw is what executes (ARM word or Thumb
 * halfword); the return value is what arm_disasm reads (with the next
 * halfword in Thumb state).  false: no memory there. */
static bool fetch_insn(Arm11 *cpu, uint32_t va, bool thumb, uint32_t *raw, uint32_t *word)
{
    uint32_t w = 0;
    if (thumb) {
        uint16_t h[2];
        if (!arm_debug_read(cpu, va, &h[0], 2)) return false;
        w = h[0];
        if (arm_debug_read(cpu, va + 2, &h[1], 2)) w |= (uint32_t)h[1] << 16;
        *raw = h[0];
    } else {
        if (!arm_debug_read(cpu, va, &w, 4)) return false;
        *raw = w;
    }
    *word = w;
    return true;
}

/* Disassembly of the traced instruction at pc, through the cache. */
static const char *disasm_cached(Tracer *t, uint32_t pc, bool thumb, uint32_t *raw)
{
    uint32_t word;
    if (!fetch_insn(t->cpu, pc, thumb, raw, &word)) return "<no memory>";
    DisEntry *e = &t->cache[((pc >> 1) ^ (pc >> 13)) & (DIS_CACHE - 1)];
    if (!e->valid || e->pc != pc || e->word != word || e->thumb != thumb) {
        arm_disasm(word, pc, thumb, e->text, sizeof e->text);
        e->pc = pc;
        e->word = word;
        e->thumb = thumb;
        e->valid = true;
    }
    return e->text;
}

int trace_disasm_at(Arm11 *cpu, uint32_t va, bool thumb, uint32_t *raw, char *buf, size_t len)
{
    uint32_t word;
    if (!fetch_insn(cpu, va, thumb, raw, &word)) {
        *raw = 0;
        snprintf(buf, len, "<no memory>");
        return thumb ? 2 : 4;
    }
    return arm_disasm(word, va, thumb, buf, len);
}

static void snap(const Arm11 *cpu, TraceRegs *s)
{
    memcpy(s->r, cpu->r, sizeof s->r);
    s->cpsr = cpu->cpsr;
    s->spsr = cpu->spsr;
}

static bool in_window(const Tracer *t, uint64_t n)
{
    return n >= t->o.from && (t->o.count == 0 || n - t->o.from < t->o.count);
}

static bool in_ranges(const Tracer *t, uint32_t pc)
{
    if (t->o.nranges == 0) return true;
    for (unsigned i = 0; i < t->o.nranges; i++)
        if (pc >= t->o.ranges[i].lo && pc <= t->o.ranges[i].hi) return true;
    return false;
}

static bool arm_cond_passes(uint32_t cpsr, unsigned cond)
{
    bool n = cpsr & PSR_N, z = cpsr & PSR_Z, c = cpsr & PSR_C, v = cpsr & PSR_V, r;
    switch (cond >> 1) {
    case 0: r = z; break;
    case 1: r = c; break;
    case 2: r = n; break;
    case 3: r = v; break;
    case 4: r = c && !z; break;
    case 5: r = n == v; break;
    case 6: r = !z && n == v; break;
    default: return true;
    }
    return (cond & 1) ? !r : r;
}

/* The exception the step just took, if any: the core records the address
 * that caused it, and the PC is now on that exception's vector. */
static const char *exception_taken(const Arm11 *cpu, uint32_t pc, const TraceRegs *a)
{
    static const struct { const char *name; uint8_t mode, offset; } exc[EXC_COUNT] = {
        [EXC_RESET] = {"reset", MODE_SVC, 0x00}, [EXC_UNDEF] = {"und", MODE_UND, 0x04},
        [EXC_SVC] = {"svc", MODE_SVC, 0x08},     [EXC_PABT] = {"pabt", MODE_ABT, 0x0C},
        [EXC_DABT] = {"dabt", MODE_ABT, 0x10},   [EXC_IRQ] = {"irq", MODE_IRQ, 0x18},
        [EXC_FIQ] = {"fiq", MODE_FIQ, 0x1C},     [EXC_SMC] = {"smc", MODE_MON, 0x08},
    };
    uint32_t e = cpu->last_exc;
    if (e >= EXC_COUNT || cpu->last_exc_pc != pc) return NULL;
    if ((a->cpsr & PSR_MODE_MASK) != exc[e].mode || (a->r[15] & 0x1F) != exc[e].offset) return NULL;
    return exc[e].name;
}

static bool dbg_before(Arm11 *cpu, void *opaque, uint32_t pc)
{
    Tracer *t = opaque;
    if (t->stepper && !stepper_before(t->stepper, pc)) {
        t->quit = true;
        return false;
    }
    TraceRecord *r = &t->rec;
    r->pc = pc;
    r->insn_no = cpu->insns;
    r->cycle = cpu->cycles;
    r->thumb = (cpu->cpsr & PSR_T) != 0;
    r->nmem = 0;
    r->mem_truncated = false;
    snap(cpu, &r->before);
    t->collect = t->o.mem && in_window(t, r->insn_no) && in_ranges(t, pc);
    t->fresh = true;
    return true;
}

static void dbg_mem(Arm11 *cpu, void *opaque, uint32_t va, unsigned size, uint32_t val, bool write)
{
    (void)cpu;
    Tracer *t = opaque;
    if (!t->collect) return;
    TraceRecord *r = &t->rec;
    if (r->nmem >= TRACE_MAX_MEM) {
        r->mem_truncated = true;
        return;
    }
    r->mem[r->nmem++] = (TraceMem){.addr = va, .val = val, .size = (uint8_t)size, .write = write};
}

static void dbg_after(Arm11 *cpu, void *opaque, uint32_t pc, bool was_interrupt)
{
    Tracer *t = opaque;
    TraceRecord *r = &t->rec;
    bool fresh = t->fresh;
    t->fresh = false;
    t->collect = false;
    bool retired = fresh && cpu->insns != r->insn_no;
    TraceRegs now;
    snap(cpu, &now);
    bool step_line = t->stepper && stepper_after(t->stepper);
    uint64_t n = fresh ? r->insn_no : cpu->insns;
    bool trace_line = t->o.trace && in_window(t, n) && in_ranges(t, pc);
    bool prefetch_abort = fresh && !retired && !was_interrupt && now.r[15] != pc;
    if ((step_line || trace_line) && (retired || was_interrupt || prefetch_abort)) {
        if (was_interrupt) {
            r->pc = pc;
            r->insn_no = cpu->insns;
            r->cycle = cpu->cycles;
            r->thumb = (t->last.cpsr & PSR_T) != 0;
            r->nmem = 0;
            r->mem_truncated = false;
        }
        if (!fresh) r->before = t->last;
        r->after = now;
        r->irq = was_interrupt && (now.cpsr & PSR_MODE_MASK) == MODE_IRQ;
        r->fiq = was_interrupt && (now.cpsr & PSR_MODE_MASK) == MODE_FIQ;
        r->exception = was_interrupt ? NULL : exception_taken(cpu, pc, &now);
        r->cond_failed = false;
        r->disasm = NULL;
        if (retired) {
            r->disasm = disasm_cached(t, pc, r->thumb, &r->raw);
            if (!r->thumb && (r->raw >> 28) < 14 && !arm_cond_passes(r->before.cpsr, r->raw >> 28))
                r->cond_failed = true;
        }
        trace_format(t->line, sizeof t->line, r);
        if (trace_line) fputs(t->line, t->out);
        if (step_line) fputs(t->line, stepper_output(t->stepper));
    }
    t->last = now;
    if (cpu->stop || cpu->halted) trace_flush(t);
}

/* ---- lifecycle and the run-loop hook ----------------------------------------------------------------- */

Tracer *trace_create(const TraceOptions *o, Arm11 *cpu, char *err, size_t errlen)
{
    Tracer *t = calloc(1, sizeof *t);
    if (!t) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    t->o = *o;
    t->cpu = cpu;
    t->cache = calloc(DIS_CACHE, sizeof *t->cache);
    if (!t->cache) {
        snprintf(err, errlen, "out of memory");
        free(t);
        return NULL;
    }
    t->dbg = (ArmDebug){.opaque = t, .before = dbg_before, .after = dbg_after, .mem = o->mem ? dbg_mem : NULL};
    if (o->trace) {
        if (o->file && strcmp(o->file, "-") != 0) {
            t->out = fopen(o->file, "w");
            if (!t->out) {
                snprintf(err, errlen, "%s: cannot create trace file: %s", o->file, strerror(errno));
                free(t);
                return NULL;
            }
            t->own_out = true;
        } else {
            /* A stream of our own on the same descriptor, so that the big
             * buffer does not change how stdout/stderr themselves behave. */
            int fd = dup(o->file ? STDOUT_FILENO : STDERR_FILENO);
            t->out = fd >= 0 ? fdopen(fd, "w") : NULL;
            if (!t->out) {
                if (fd >= 0) close(fd);
                snprintf(err, errlen, "cannot open the trace stream: %s", strerror(errno));
                free(t);
                return NULL;
            }
            t->own_out = true;
        }
        setvbuf(t->out, NULL, _IOFBF, OUT_BUFFER);
    }
    if (o->step) {
        t->stepper = stepper_create(cpu, o->step_in ? o->step_in : stdin, o->step_out ? o->step_out : stdout);
        if (!t->stepper) {
            snprintf(err, errlen, "out of memory");
            trace_destroy(t);
            return NULL;
        }
    }
    return t;
}

void trace_destroy(Tracer *t)
{
    if (!t) return;
    if (t->attached) arm_set_debug(t->cpu, NULL);
    trace_flush(t);
    if (t->own_out) fclose(t->out);
    stepper_destroy(t->stepper);
    free(t->cache);
    free(t);
}

uint64_t trace_slice(Tracer *t, uint64_t slice)
{
    uint64_t n = t->cpu->insns, edge = UINT64_MAX;
    if (t->cpu->debug && t->cpu->debug != &t->dbg) return slice; /* another debugger (GDB) owns the core */
    bool want = t->stepper != NULL;
    if (!want && t->o.trace) {
        want = in_window(t, n);
        if (n < t->o.from) edge = t->o.from;
        else if (t->o.count && n - t->o.from < t->o.count) edge = t->o.from + t->o.count;
    }
    if (want != t->attached) {
        arm_set_debug(t->cpu, want ? &t->dbg : NULL);
        t->attached = want;
        snap(t->cpu, &t->last);
    }
    trace_flush(t);
    /* Every instruction takes at least one cycle, so a budget of
     * edge - n cycles cannot run past the edge. */
    if (edge != UINT64_MAX && edge - n < slice) slice = edge - n;
    return slice;
}

void trace_flush(Tracer *t)
{
    if (t && t->out) fflush(t->out);
    if (t && t->stepper) fflush(stepper_output(t->stepper));
}

bool trace_quit_requested(const Tracer *t) { return t && t->quit; }

