/* `ipodsim run [OPTIONS] PROGRAM.elf [ARGS...]`: run a bare-metal ARM program
 * on the bare machine (soc/bare.c: flat RAM, no devices) with ARM semihosting
 * (soc/semihost.c) as its only I/O.  Meant for conformance tests and
 * benchmarks built with arm-none-eabi-gcc --specs=rdimon.specs; the same ELF
 * behaves as under qemu-system-arm -M versatilepb -cpu arm1176 -semihosting
 * -kernel PROGRAM.elf.  docs/run.md is the user documentation. */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cpu/arm11.h"
#include "frontend/cli.h"
#include "frontend/gdbstub.h"
#include "frontend/trace.h"
#include "soc/bare.h"
#include "soc/elf.h"
#include "soc/semihost.h"

int cmd_run(int argc, char **argv);
void cmd_run_help(FILE *out);

/* Exit statuses of `ipodsim run` other than the guest's own (0-255). */
enum {
    RUN_EXIT_USAGE = 1,       /* bad command line, or the ELF could not be loaded */
    RUN_EXIT_CRASH = 125,     /* exception to an empty vector, or WFI with nothing to wake it */
    RUN_EXIT_LIMIT = 124,     /* --max-insns reached (124 as timeout(1) uses it) */
    RUN_EXIT_SIGINT = 130,    /* interrupted by Ctrl-C (128 + SIGINT) */
};

/* Cycles per arm_run call: bounds how late Ctrl-C and WFI are noticed. */
#define RUN_SLICE (1ull << 24)

typedef struct RunCtx {
    Semihost *sh;
    bool empty_vector;
    int exc;
    uint32_t vector;
    uint32_t from_mode;       /* mode the exception was taken from */
    Tracer *tracer;           /* --trace / --step, or NULL */
} RunCtx;

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

void cmd_run_help(FILE *out)
{
    fprintf(out,
            "usage: ipodsim run [OPTIONS] PROGRAM.elf [ARGS...]\n"
            "\n"
            "Run a bare-metal ARM program (an ELF executable, e.g. built with\n"
            "arm-none-eabi-gcc -mcpu=arm1176jzf-s --specs=rdimon.specs) on an ARM1176 with\n"
            "flat RAM at address 0 and ARM semihosting for console and file I/O.  ARGS are\n"
            "passed to the program as argv[1...]; options end at PROGRAM (or at '--').\n"
            "\n"
            "Options:\n"
            "  -m, --memory SIZE  RAM size, e.g. 64M, 256M, 1G (default 256M, max 2G;\n"
            "                     a bare number is MiB)\n"
            "      --max-insns N  stop after N instructions\n"
            "      --stats        print instructions, cycles and speed on stderr at exit\n");
    trace_help(out);
    fprintf(out,
            "      --gdb[=PORT]   serve the GDB remote protocol on 127.0.0.1:PORT (default\n"
            "                     1234; 0 picks a free port); -s is --gdb.  The program\n"
            "                     runs at once; a debugger may attach at any time\n"
            "  -S                 wait for a debugger before the first instruction\n"
            "                     (implies --gdb).  See docs/gdb.md\n"
            "  -h, --help         show this help\n"
            "\n"
            "Exit status:\n"
            "  0-255  the program's exit status (exit(n); an abnormal semihosting stop\n"
            "         such as abort() gives 1)\n"
            "  1      usage error, or PROGRAM could not be loaded\n"
            "  124    --max-insns limit reached\n"
            "  125    the program crashed: an exception went to an empty vector, or it\n"
            "         waits (WFI) for an interrupt the bare machine never raises\n"
            "  130    interrupted (Ctrl-C)\n"
            "  137    killed from the debugger (--gdb)\n"
            "ipodsim's own statuses always come with a message on stderr.\n"
            "\n"
            "Time is emulated: the core runs at 533 MHz of emulated cycles, so clock() and\n"
            "the semihosting tick counters are deterministic; only time() reads the host.\n"
            "See docs/run.md, and docs/debugging.md for tracing and stepping.\n");
}

static int usage_error(const char *fmt, const char *arg)
{
    fputs("ipodsim run: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'ipodsim run --help'.\n", stderr);
    return RUN_EXIT_USAGE;
}

static bool hook_svc(Arm11 *cpu, void *opaque, uint32_t imm, bool thumb)
{
    return semihost_svc(((RunCtx *)opaque)->sh, cpu, imm, thumb);
}

static bool hook_bkpt(Arm11 *cpu, void *opaque, uint32_t imm, bool thumb)
{
    return semihost_bkpt(((RunCtx *)opaque)->sh, cpu, imm, thumb);
}

static bool hook_empty_vector(Arm11 *cpu, void *opaque, int exc, uint32_t vector)
{
    RunCtx *ctx = opaque;
    ctx->empty_vector = true;
    ctx->exc = exc;
    ctx->vector = vector;
    ctx->from_mode = cpu->spsr & PSR_MODE_MASK;   /* the core has entered the new mode */
    return true;
}

static bool run_exited(void *opaque, int *status)
{
    return semihost_exited(((RunCtx *)opaque)->sh, status);
}

static double seconds_between(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* Run until the guest stops, the limit is reached or Ctrl-C; returns the
 * exit status. */
static int run_loop(Arm11 *cpu, RunCtx *ctx, uint64_t max_insns)
{
    for (;;) {
        uint64_t slice = RUN_SLICE;
        if (ctx->tracer)
            slice = trace_slice(ctx->tracer, slice);
        if (max_insns) {
            if (cpu->insns >= max_insns) {
                fflush(stdout);
                fprintf(stderr, "ipodsim: instruction limit reached (%llu instructions), pc=0x%08x\n",
                        (unsigned long long)cpu->insns, cpu->r[15]);
                return RUN_EXIT_LIMIT;
            }
            /* Every instruction costs at least one cycle, so this slice
             * cannot run past the limit. */
            if (max_insns - cpu->insns < slice)
                slice = max_insns - cpu->insns;
        }
        arm_run(cpu, cpu->cycles + slice);
        if (cpu->stop)
            break;
        if (cpu->halted && !cpu->irq_line && !cpu->fiq_line) {
            fflush(stdout);
            fprintf(stderr,
                    "ipodsim: the program waits for an interrupt (WFI) at pc=0x%08x, "
                    "but the bare machine has no interrupt sources\n",
                    cpu->r[15]);
            return RUN_EXIT_CRASH;
        }
        if (interrupted) {
            fflush(stdout);
            fprintf(stderr, "ipodsim: interrupted at pc=0x%08x\n", cpu->r[15]);
            return RUN_EXIT_SIGINT;
        }
    }

    if (trace_quit_requested(ctx->tracer))
        return 0;   /* 'q' (or end of input) at the --step prompt */
    int status;
    if (semihost_exited(ctx->sh, &status))
        return status;
    fflush(stdout);
    if (ctx->empty_vector) {
        fprintf(stderr,
                "ipodsim: %s exception at pc=0x%08x (fault address 0x%08x), mode %s -> empty vector "
                "0x%08x\n",
                arm_exception_name(ctx->exc), cpu->last_exc_pc, cpu->last_exc_fault_addr,
                arm_mode_name(ctx->from_mode), ctx->vector);
    } else {
        fprintf(stderr, "ipodsim: run stopped for an unexpected reason (%d) at pc=0x%08x\n",
                cpu->stop_reason, cpu->r[15]);
    }
    return RUN_EXIT_CRASH;
}

int cmd_run(int argc, char **argv)
{
    uint32_t ram_size = BARE_DEFAULT_RAM;
    uint64_t max_insns = 0;
    bool stats = false;
    TraceOptions topts = {0};
    bool gdb = false;
    GdbOptions gdb_opt = {.port = GDB_DEFAULT_PORT};
    char err[512];
    int i;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *val = NULL;
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (a[0] != '-' || a[1] == '\0')
            break;
        int traced = trace_parse_option(&topts, argc, argv, &i, err, sizeof(err));
        if (traced < 0)
            return usage_error("%s", err);
        if (traced > 0)
            continue;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            cmd_run_help(stdout);
            return 0;
        } else if (strcmp(a, "--stats") == 0) {
            stats = true;
        } else if (strcmp(a, "--gdb") == 0 || strcmp(a, "-s") == 0 || strcmp(a, "-S") == 0) {
            gdb = true;
            gdb_opt.wait |= a[1] == 'S';
        } else if (strncmp(a, "--gdb=", 6) == 0) {
            uint64_t port = 0;
            if (strcmp(a + 6, "0") != 0 && !cli_parse_u64(a + 6, 1, 65535, &port))
                return usage_error("invalid port '%s' (expected 0-65535)", a + 6);
            gdb = true;
            gdb_opt.port = (int)port;
        } else if (strcmp(a, "-m") == 0 || strcmp(a, "--memory") == 0 || strcmp(a, "--max-insns") == 0) {
            if (i + 1 >= argc)
                return usage_error("option '%s' needs a value", a);
            val = argv[++i];
        } else if (strncmp(a, "--memory=", 9) == 0 || strncmp(a, "--max-insns=", 12) == 0) {
            val = strchr(a, '=') + 1;
        } else if (a[1] == 'm' && a[2] >= '0' && a[2] <= '9') {
            val = a + 2;   /* -m256M */
        } else {
            return usage_error("unknown option '%s'", a);
        }
        if (!val)
            continue;
        if (strncmp(a, "--max-insns", 11) == 0) {
            if (!cli_parse_u64(val, 1, UINT64_MAX, &max_insns))
                return usage_error("invalid instruction count '%s' (expected a positive integer)", val);
        } else if (!bare_parse_size(val, &ram_size, err, sizeof(err))) {
            return usage_error("%s", err);
        }
    }
    if (i >= argc)
        return usage_error("%s", "missing PROGRAM.elf");
    if (gdb && (max_insns || topts.trace || topts.step))
        return usage_error("%s", "--gdb cannot be combined with --max-insns, --trace or --step");
    const char *program = argv[i];
    int nargs = argc - i - 1;
    char **args = argv + i + 1;

    BareMachine *m = bare_create(ram_size);
    if (!m) {
        bare_format_size(ram_size, err, sizeof(err));
        fprintf(stderr, "ipodsim: cannot allocate %s of RAM\n", err);
        return RUN_EXIT_USAGE;
    }
    ElfImage img;
    if (!elf_load_file(program, m->ram, m->ram_size, &img, err, sizeof(err))) {
        fprintf(stderr, "ipodsim: %s\n", err);
        bare_destroy(m);
        return RUN_EXIT_USAGE;
    }

    bool exact;
    char *cmdline = semihost_make_cmdline(program, nargs, args, &exact);
    if (cmdline && !exact)
        fprintf(stderr, "ipodsim: warning: an argument holds a space and both kinds of quote; "
                        "the program will see it split\n");
    /* SYS_HEAPINFO: heap from the end of the image, stack from the top of
     * RAM, growing towards each other (what QEMU reports too). */
    uint32_t heap_base = (img.load_hi + 7u) & ~7u;
    SemihostConfig shc = {
        .cmdline = cmdline,
        .heap_base = heap_base, .heap_limit = m->ram_size,
        .stack_base = m->ram_size, .stack_limit = heap_base,
    };
    Semihost *sh = cmdline ? semihost_create(&shc) : NULL;
    Arm11 *cpu = sh ? arm_create(&m->bus) : NULL;
    if (!cpu) {
        fprintf(stderr, "ipodsim: out of memory\n");
        semihost_destroy(sh);
        free(cmdline);
        bare_destroy(m);
        return RUN_EXIT_USAGE;
    }

    /* Start state (as QEMU's -kernel for a bare ELF): SVC mode, IRQ/FIQ/async
     * aborts masked, MMU and caches off, unaligned access support on (SCTLR.U,
     * ARMv6 style), r13 = 0 (crt0 takes its stack from SYS_HEAPINFO). */
    RunCtx ctx = { .sh = sh };
    cpu->cpsr = MODE_SVC | PSR_I | PSR_F | PSR_A | (img.thumb ? PSR_T : 0);
    cpu->r[15] = img.entry;
    cpu->cp15.sctlr |= SCTLR_U;
    arm_flush_tlb(cpu);
    cpu->hooks = (ArmHooks){
        .opaque = &ctx, .svc = hook_svc, .bkpt = hook_bkpt, .empty_vector = hook_empty_vector,
    };
    if (topts.trace || topts.step) {
        ctx.tracer = trace_create(&topts, cpu, err, sizeof(err));
        if (!ctx.tracer) {
            fprintf(stderr, "ipodsim: %s\n", err);
            semihost_destroy(sh);
            arm_destroy(cpu);
            free(cmdline);
            bare_destroy(m);
            return RUN_EXIT_USAGE;
        }
    }

    struct sigaction sa, old_sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_sigint;
    sa.sa_flags = SA_RESETHAND;   /* a second Ctrl-C kills at once */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_sa);

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    GdbTarget gdb_target = {
        .cpu = cpu, .opaque = &ctx, .exited = run_exited,
        .interrupted = &interrupted, .interrupted_status = RUN_EXIT_SIGINT,
    };
    int status = gdb ? gdb_serve(&gdb_opt, &gdb_target) : run_loop(cpu, &ctx, max_insns);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    trace_destroy(ctx.tracer);
    sigaction(SIGINT, &old_sa, NULL);

    fflush(stdout);
    if (stats) {
        double secs = seconds_between(&t0, &t1);
        double mips = secs > 0 ? (double)cpu->insns / secs / 1e6 : 0.0;
        fprintf(stderr, "ipodsim: stats: insns=%llu cycles=%llu host_seconds=%.3f mips=%.1f\n",
                (unsigned long long)cpu->insns, (unsigned long long)cpu->cycles, secs, mips);
    }
    semihost_destroy(sh);
    arm_destroy(cpu);
    free(cmdline);
    bare_destroy(m);
    return status;
}
