/* The single-step prompt of `ipodsim run --step` (frontend/stepper.h).
 * It runs inside the tracer's before() callback: the core is stopped
 * between two instructions, r[15] is the next one, and every command only
 * reads state, so the prompt can be entered at any instruction. */
#define _POSIX_C_SOURCE 200809L
#include "frontend/stepper.h"

#include <ctype.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "frontend/cli.h"
#include "frontend/trace.h"
#include "mmu/mmu.h"

#define MAX_BREAKPOINTS 64
#define FOREVER UINT64_MAX

struct Stepper {
    Arm11 *cpu;
    FILE *in, *out;
    bool echo;                  /* input is not a terminal: echo commands after the prompt */
    bool greeted;
    bool quit;
    uint64_t left;              /* instructions to run before the next prompt (FOREVER: continue) */
    bool printing;              /* print the lines of the instructions run (step, not continue) */
    uint32_t bp[MAX_BREAKPOINTS];
    unsigned nbp;
    uint64_t last_step;         /* an empty line repeats the last step */
    struct sigaction old_sigint;
    bool sigint_installed;
};

static volatile sig_atomic_t step_interrupted;
static void on_sigint(int sig)
{
    (void)sig;
    step_interrupted = 1;
}

Stepper *stepper_create(Arm11 *cpu, FILE *in, FILE *out)
{
    Stepper *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->cpu = cpu;
    s->in = in;
    s->out = out;
    s->echo = !isatty(fileno(in));
    s->last_step = 1;
    return s;
}

static void restore_sigint(Stepper *s)
{
    if (!s->sigint_installed) return;
    sigaction(SIGINT, &s->old_sigint, NULL);
    s->sigint_installed = false;
}

void stepper_destroy(Stepper *s)
{
    if (!s) return;
    restore_sigint(s);
    free(s);
}

FILE *stepper_output(const Stepper *s) { return s->out; }
bool stepper_quit(const Stepper *s) { return s->quit; }

static bool has_bp(const Stepper *s, uint32_t pc)
{
    for (unsigned i = 0; i < s->nbp; i++)
        if (s->bp[i] == pc) return true;
    return false;
}

/* ---- argument parsing --------------------------------------------------------------------------------- */

static const char *const reg_names[16] = {
    "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "sp", "lr", "pc",
};

/* NUMBER, or a register name (r0-r15, sp, lr, pc) with an optional +N / -N. */
static bool parse_addr(const Stepper *s, const char *w, uint32_t *out)
{
    char *end;
    if (isdigit((unsigned char)w[0])) {
        unsigned long long v = strtoull(w, &end, 0);
        if (*end || v > 0xFFFFFFFFull) return false;
        *out = (uint32_t)v;
        return true;
    }
    for (unsigned r = 0; r < 16; r++) {
        size_t n = strlen(reg_names[r]);
        if (strncmp(w, reg_names[r], n) != 0 || (w[n] && w[n] != '+' && w[n] != '-')) continue;
        if (n == 2 && w[0] == 'r' && isdigit((unsigned char)w[2])) continue; /* r1 vs r10 */
        uint32_t v = s->cpu->r[r];
        if (w[n]) {
            unsigned long long off = strtoull(w + n + 1, &end, 0);
            if (*end || end == w + n + 1) return false;
            v = w[n] == '+' ? v + (uint32_t)off : v - (uint32_t)off;
        }
        *out = v;
        return true;
    }
    if (!strncmp(w, "r13", 3) || !strncmp(w, "r14", 3) || !strncmp(w, "r15", 3)) {
        char alias[24];
        snprintf(alias, sizeof alias, "%s%s", w[2] == '3' ? "sp" : w[2] == '4' ? "lr" : "pc", w + 3);
        return parse_addr(s, alias, out);
    }
    return false;
}

/* ---- commands --------------------------------------------------------------------------------------- */

static void cmd_help(Stepper *s)
{
    fprintf(s->out,
            "commands:\n"
            "  s, step [N]        execute N instructions (default 1), printing each\n"
            "  c, continue        run until a breakpoint, the end of the program or Ctrl-C\n"
            "  r, regs            registers, CPSR decoded, banked registers of every mode\n"
            "  x ADDR [N]         dump N bytes (default 64) at ADDR, hex and ASCII\n"
            "  disas [ADDR] [N]   disassemble N instructions (default 8) from ADDR (default pc)\n"
            "                     in the current state; an odd ADDR means Thumb\n"
            "  b ADDR             set a breakpoint      d ADDR   delete it (d alone: all)\n"
            "  bl                 list breakpoints\n"
            "  mmu                page tables in use (contiguous runs, one line each)\n"
            "  tlb                valid entries of the emulated TLB\n"
            "  v2p ADDR [user] [write]\n"
            "                     translate virtual ADDR for a privileged (or User) read\n"
            "                     (or write) with the current tables, and say why\n"
            "  q, quit            stop the program and exit (status 0); so does end of input\n"
            "ADDR is a number (0x... for hex) or a register, optionally +/- an offset: sp+16.\n"
            "An empty line repeats the last step.\n");
}

static void show_flags(FILE *out, uint32_t psr)
{
    fprintf(out, "0x%08x %c%c%c%c%s ge=%u%u%u%u %s%s%s%s%s %s", psr, psr & PSR_N ? 'N' : 'n',
            psr & PSR_Z ? 'Z' : 'z', psr & PSR_C ? 'C' : 'c', psr & PSR_V ? 'V' : 'v', psr & PSR_Q ? " Q" : "",
            (psr >> 19) & 1, (psr >> 18) & 1, (psr >> 17) & 1, (psr >> 16) & 1, psr & PSR_E ? "E " : "",
            psr & PSR_A ? "A" : "-", psr & PSR_I ? "I" : "-", psr & PSR_F ? "F" : "-",
            psr & PSR_T ? " T" : " ARM", trace_mode_name(psr));
}

static void cmd_regs(Stepper *s)
{
    Arm11 *cpu = s->cpu;
    FILE *o = s->out;
    for (unsigned i = 0; i < 16; i++)
        fprintf(o, "%-3s 0x%08x%s", reg_names[i], cpu->r[i], (i & 3) == 3 ? "\n" : "   ");
    fprintf(o, "cpsr ");
    show_flags(o, cpu->cpsr);
    fprintf(o, "\n");
    unsigned mode = cpu->cpsr & PSR_MODE_MASK;
    if (mode != MODE_USR && mode != MODE_SYS) {
        fprintf(o, "spsr ");
        show_flags(o, cpu->spsr);
        fprintf(o, "\n");
    }
    static const unsigned modes[] = {MODE_USR, MODE_FIQ, MODE_IRQ, MODE_SVC, MODE_ABT, MODE_UND, MODE_MON};
    fprintf(o, "mode sp         lr         spsr\n");
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        unsigned m = modes[i];
        fprintf(o, "%s  0x%08x 0x%08x", trace_mode_name(m), arm_get_reg_mode(cpu, m, 13), arm_get_reg_mode(cpu, m, 14));
        if (m != MODE_USR) fprintf(o, " 0x%08x", arm_get_spsr_mode(cpu, m));
        fprintf(o, "%s\n", m == mode || (m == MODE_USR && mode == MODE_SYS) ? "  <- current" : "");
    }
    fprintf(o, "fiq r8-r12:");
    for (unsigned r = 8; r < 13; r++) fprintf(o, " 0x%08x", arm_get_reg_mode(cpu, MODE_FIQ, r));
    fprintf(o, "\ninsns=%llu cycles=%llu\n", (unsigned long long)cpu->insns, (unsigned long long)cpu->cycles);
}

static void cmd_dump(Stepper *s, uint32_t addr, uint64_t n)
{
    for (uint64_t row = 0; row < n; row += 16) {
        uint32_t a = addr + (uint32_t)row;
        unsigned cnt = n - row < 16 ? (unsigned)(n - row) : 16;
        uint8_t b[16];
        bool ok[16];
        for (unsigned i = 0; i < cnt; i++) ok[i] = arm_debug_read(s->cpu, a + i, &b[i], 1);
        fprintf(s->out, "0x%08x:", a);
        for (unsigned i = 0; i < 16; i++) {
            if (i < cnt && ok[i]) fprintf(s->out, " %02x", b[i]);
            else fprintf(s->out, i < cnt ? " ??" : "   ");
        }
        fprintf(s->out, "  |");
        for (unsigned i = 0; i < cnt; i++) fputc(ok[i] && b[i] >= 0x20 && b[i] < 0x7F ? b[i] : '.', s->out);
        fprintf(s->out, "|\n");
    }
}

static void cmd_disas(Stepper *s, uint32_t addr, bool thumb, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++) {
        char text[160];
        uint32_t raw;
        int len = trace_disasm_at(s->cpu, addr, thumb, &raw, text, sizeof text);
        char enc[16];
        if (!thumb) snprintf(enc, sizeof enc, "%08x", raw);
        else if (len == 4) {
            uint16_t h2 = 0;
            arm_debug_read(s->cpu, addr + 2, &h2, 2);
            snprintf(enc, sizeof enc, "%04x %04x", raw, h2);
        } else snprintf(enc, sizeof enc, "%04x", raw);
        fprintf(s->out, "%s 0x%08x  %-9s  %s\n", addr == s->cpu->r[15] ? "=>" : "  ", addr, enc, text);
        addr += (uint32_t)len;
    }
}

static void cmd_v2p(Stepper *s, uint32_t va, bool user, bool write)
{
    char why[256];
    uint32_t pa = 0;
    bool ok = mmu_lookup(s->cpu, va, user, write, &pa, why, sizeof why);
    fprintf(s->out, "0x%08x %s %s: ", va, user ? "user" : "priv", write ? "write" : "read");
    if (ok) fprintf(s->out, "pa 0x%08x\n", pa);
    else fprintf(s->out, "fault\n");
    fprintf(s->out, "  %s\n", why);
}

static void show_position(Stepper *s, uint32_t pc)
{
    bool thumb = (s->cpu->cpsr & PSR_T) != 0;
    cmd_disas(s, pc, thumb, 1);
}

/* While the program runs, Ctrl-C returns to the prompt. */
static void catch_sigint(Stepper *s)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    step_interrupted = 0;
    if (!s->sigint_installed && sigaction(SIGINT, &sa, &s->old_sigint) == 0) s->sigint_installed = true;
}

/* Read and run commands until one resumes execution (true) or quits (false). */
static bool prompt(Stepper *s, uint32_t pc)
{
    char line[256];
    if (!s->greeted) {
        fprintf(s->out, "ipodsim: stopped before the first instruction; 'help' lists the commands\n");
        s->greeted = true;
    }
    show_position(s, pc);
    for (;;) {
        fputs("(ipodsim) ", s->out);
        fflush(s->out);
        if (!fgets(line, sizeof line, s->in)) {
            fputs("\n", s->out);
            return false;
        }
        if (s->echo) fputs(line, s->out);
        if (!strchr(line, '\n') && !feof(s->in)) {
            int ch;
            while ((ch = fgetc(s->in)) != EOF && ch != '\n') {}
            fprintf(s->out, "line too long\n");
            continue;
        }
        char *argv[4];
        int argc = 0;
        for (char *tok = strtok(line, " \t\r\n"); tok && argc < 4; tok = strtok(NULL, " \t\r\n"))
            argv[argc++] = tok;
        uint64_t n;
        uint32_t addr;
        if (argc == 0) {
            s->left = s->last_step;
            s->printing = true;
            catch_sigint(s);
            return true;
        }
        const char *c = argv[0];
        if (!strcmp(c, "s") || !strcmp(c, "step") || !strcmp(c, "si") || !strcmp(c, "stepi")) {
            n = 1;
            if (argc > 1 && !cli_parse_u64(argv[1], 1, UINT64_MAX, &n)) {
                fprintf(s->out, "bad count '%s'\n", argv[1]);
                continue;
            }
            s->left = s->last_step = n;
            s->printing = true;
            catch_sigint(s);
            return true;
        } else if (!strcmp(c, "c") || !strcmp(c, "continue")) {
            s->left = FOREVER;
            s->printing = false;
            catch_sigint(s);
            return true;
        } else if (!strcmp(c, "r") || !strcmp(c, "regs")) {
            cmd_regs(s);
        } else if (!strcmp(c, "x")) {
            n = 64;
            if (argc < 2 || !parse_addr(s, argv[1], &addr) || (argc > 2 && !cli_parse_u64(argv[2], 1, UINT64_MAX, &n))) {
                fprintf(s->out, "usage: x ADDR [N]\n");
                continue;
            }
            cmd_dump(s, addr, n > 65536 ? 65536 : n);
        } else if (!strcmp(c, "disas")) {
            bool thumb = (s->cpu->cpsr & PSR_T) != 0;
            addr = s->cpu->r[15];
            n = 8;
            if ((argc > 1 && !parse_addr(s, argv[1], &addr)) || (argc > 2 && !cli_parse_u64(argv[2], 1, UINT64_MAX, &n))) {
                fprintf(s->out, "usage: disas [ADDR] [N]\n");
                continue;
            }
            thumb = thumb || (addr & 1);
            cmd_disas(s, addr & ~1u, thumb, n > 4096 ? 4096 : n);
        } else if (!strcmp(c, "b") || !strcmp(c, "break")) {
            if (argc < 2 || !parse_addr(s, argv[1], &addr)) {
                fprintf(s->out, "usage: b ADDR\n");
                continue;
            }
            addr &= ~1u;
            if (has_bp(s, addr)) fprintf(s->out, "breakpoint at 0x%08x already set\n", addr);
            else if (s->nbp >= MAX_BREAKPOINTS) fprintf(s->out, "too many breakpoints (%d)\n", MAX_BREAKPOINTS);
            else {
                s->bp[s->nbp++] = addr;
                fprintf(s->out, "breakpoint at 0x%08x\n", addr);
            }
        } else if (!strcmp(c, "d") || !strcmp(c, "delete")) {
            if (argc < 2) {
                s->nbp = 0;
                fprintf(s->out, "all breakpoints deleted\n");
                continue;
            }
            if (!parse_addr(s, argv[1], &addr)) {
                fprintf(s->out, "usage: d [ADDR]\n");
                continue;
            }
            addr &= ~1u;
            unsigned i;
            for (i = 0; i < s->nbp && s->bp[i] != addr; i++) {}
            if (i == s->nbp) {
                fprintf(s->out, "no breakpoint at 0x%08x\n", addr);
                continue;
            }
            s->bp[i] = s->bp[--s->nbp];
            fprintf(s->out, "deleted breakpoint at 0x%08x\n", addr);
        } else if (!strcmp(c, "bl")) {
            if (!s->nbp) fprintf(s->out, "no breakpoints\n");
            for (unsigned i = 0; i < s->nbp; i++) fprintf(s->out, "breakpoint at 0x%08x\n", s->bp[i]);
        } else if (!strcmp(c, "mmu")) {
            mmu_dump_tables(s->cpu, s->out);
        } else if (!strcmp(c, "tlb")) {
            mmu_dump_tlb(s->cpu, s->out);
        } else if (!strcmp(c, "v2p")) {
            bool user = false, write = false, okargs = argc > 1 && parse_addr(s, argv[1], &addr);
            for (int i = 2; okargs && i < argc; i++) {
                if (!strcmp(argv[i], "user")) user = true;
                else if (!strcmp(argv[i], "write")) write = true;
                else okargs = false;
            }
            if (!okargs) {
                fprintf(s->out, "usage: v2p ADDR [user] [write]\n");
                continue;
            }
            cmd_v2p(s, addr, user, write);
        } else if (!strcmp(c, "q") || !strcmp(c, "quit")) {
            return false;
        } else if (!strcmp(c, "help") || !strcmp(c, "h") || !strcmp(c, "?")) {
            cmd_help(s);
        } else {
            fprintf(s->out, "unknown command '%s'; 'help' lists the commands\n", c);
        }
    }
}

bool stepper_before(Stepper *s, uint32_t pc)
{
    /* A prompt returns from inside this call, so the instruction resumed
     * from runs without meeting its own breakpoint again. */
    if (step_interrupted) {
        step_interrupted = 0;
        fprintf(s->out, "interrupted\n");
    } else if (has_bp(s, pc)) {
        fprintf(s->out, "breakpoint at 0x%08x\n", pc);
    } else if (s->left > 0) {
        return true;
    }
    s->left = 0;
    restore_sigint(s);
    if (!prompt(s, pc)) {
        s->quit = true;
        fflush(s->out);
        return false;
    }
    return true;
}

bool stepper_after(Stepper *s)
{
    bool print = s->printing && s->left > 0;
    if (s->left > 0 && s->left != FOREVER) s->left--;
    return print;
}
