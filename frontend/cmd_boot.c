/* `ipodsim boot [OPTIONS]`: the whole iPod Touch 2G machine (soc/s5l8720.c)
 * from its boot ROM, with the console on UART0.  docs/boot.md is the user
 * documentation. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "frontend/cli.h"
#include "frontend/display.h"
#include "frontend/gdbstub.h"
#include "frontend/input_script.h"
#include "image/img3.h"
#include "frontend/screenshot.h"
#include "frontend/trace.h"
#include "soc/clocks.h"
#include "soc/fileio.h"
#include "soc/s5l8720.h"

int cmd_boot(int argc, char **argv);
void cmd_boot_help(FILE *out);

enum {
    BOOT_EXIT_USAGE = 1,
    BOOT_EXIT_CRASH = 125,
    BOOT_EXIT_SIGINT = 130,
};

#define BOOT_SLICE (1ull << 22)   /* cycles between host checks (Ctrl-C): ~8 ms emulated */
#define WINDOW_SLICE (1ull << 21) /* with a window: events and frames every ~4 ms emulated */
#define MAX_LOADS 16
#define MAX_SHOTS 16
#define MAX_SCALE 8
#define PACE_SLACK_NS 100000000ll /* realtime: further behind than this, stop catching up */
#define DEFAULT_ROM "roms/build/bootrom/bootrom.bin"
#define DEFAULT_NOR "roms/build/nor/default-nor.bin"

static volatile sig_atomic_t interrupted;
static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

void cmd_boot_help(FILE *out)
{
    fprintf(out,
            "usage: ipodsim boot [OPTIONS]\n"
            "\n"
            "Boot the emulated iPod Touch 2G (S5L8720) from its boot ROM.  Without image\n"
            "options it runs ipodsim's own secure boot chain (docs/secure-boot.md): the\n"
            "boot ROM " DEFAULT_ROM "\n"
            "with the NOR image " DEFAULT_NOR ", built by 'make roms'.\n"
            "The console is UART0.  The screen is shown in a window (SDL2) unless\n"
            "--headless is given or no display is reachable (DISPLAY and WAYLAND_DISPLAY\n"
            "unset, or SDL cannot open a video device).\n"
            "\n"
            "Images:\n"
            "      --bootrom FILE   boot ROM image mapped at address 0 (at most 128 KiB)\n"
            "      --load FILE@ADDR place a raw image in physical memory (DRAM 0x08000000,\n"
            "                       SRAM 0x22000000, ROM 0); repeatable\n"
            "      --nor FILE       NOR flash image (exactly 1 MiB; created erased when missing);\n"
            "                       writes persist.  Without it the flash is erased and not kept\n"
            "      --gid-key HEX, --uid-key HEX  the AES engine's device keys (64 / 32 hex\n"
            "                       digits).  Default: the keys stored in FILE.keys next to\n"
            "                       --nor FILE, generated at random when the image is created;\n"
            "                       without --nor, fixed public test keys\n"
            "      --entry ADDR     start at ADDR in SVC mode with IRQ/FIQ masked, as a boot\n"
            "                       loader hands over (no boot ROM needed); an odd ADDR\n"
            "                       starts in Thumb state\n"
            "Machine:\n"
            "  -serial, --serial DEV  UART0 console: stdio (default), file:PATH, null\n"
            "      --rtc SECONDS    PMU clock at power-on, seconds since 1970 (default: the\n"
            "                       host's time; give a number for reproducible runs)\n"
            "      --dev-fuses      clear the production/security fuses (development part)\n"
            "      --max-cycles N   stop after N emulated cycles (533 MHz) with status 0\n"
            "      --exit-on-reset  stop when the watchdog resets the machine (status 0)\n"
            "Screen:\n"
            "      --headless       no window (automatic without a display; --gdb and --step\n"
            "                       always run headless)\n"
            "      --scale N        window size: the 320x480 screen times N (1-8, default 2)\n"
            "      --speed MODE     realtime (pace emulated time to the wall clock; default\n"
            "                       with a window) or unlimited (as fast as possible; default\n"
            "                       headless)\n"
            "      --screenshot-at CYCLES:FILE  stop the run at exactly CYCLES emulated\n"
            "                       cycles, write the screen to FILE as a 320x480 RGBA PNG,\n"
            "                       go on; repeatable (up to 16)\n"
            "      --screenshot-on-exit FILE  write the screen to FILE when the run ends\n"
            "                       (black while the panel or display pipe is off)\n"
            "      --input-script FILE  replay input stamped with emulated cycles, one\n"
            "                       event per line ('#' comments); same script, same run:\n"
            "                         <CYCLE> button home|power|volup|voldown down|up\n"
            "                         <CYCLE> touch X,Y [X,Y ...]   (up to 5 fingers)\n"
            "                         <CYCLE> touch up\n"
            "                         <CYCLE> drag DURATION X,Y [...] to X,Y [...]\n"
            "                       X,Y in panel pixels (0..319, 0..479; docs/boot.md)\n"
            "Debugging:\n"
            "  -d LIST              log categories, e.g. -d unimp,int ('-d help' lists them)\n"
            "  -D FILE              write the log to FILE instead of stderr\n"
            "      --stats          print instructions, cycles, events and speed at exit\n");
    trace_help(out);
    fprintf(out,
            "      --gdb[=PORT]     GDB remote protocol on 127.0.0.1:PORT (default 1234); -s\n"
            "  -S                   wait for a debugger before the first instruction\n"
            "  -h, --help           show this help\n"
            "\n"
            "Keys and mouse in the window:\n");
    display_print_keys(out);
    fprintf(out,
            "On a terminal, stderr shows a status line once per second.\n"
            "\n"
            "Exit status: 0 when the guest powers off through the PMU, or at --max-cycles\n"
            "or --exit-on-reset; 1 usage or image error; 125 the machine crashed (an\n"
            "exception to an empty vector, or WFI with no interrupt that could ever come);\n"
            "130 interrupted (Ctrl-C); 137 killed from the debugger.\n");
}

static int usage_error(const char *fmt, const char *arg)
{
    fputs("ipodsim boot: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'ipodsim boot --help'.\n", stderr);
    return BOOT_EXIT_USAGE;
}

/* Whole file into memory; NULL with a reason. */
static uint8_t *read_file(const char *path, size_t *len, size_t max, char *err, size_t errlen)
{
    uint8_t *buf;
    int e = 0;
    switch (file_read_all(path, max, &buf, len, &e)) {
    case FILE_READ_OK:
        if (*len > 0) return buf;
        free(buf);
        snprintf(err, errlen, "'%s' is empty", path);
        return NULL;
    case FILE_READ_OPEN_FAILED: snprintf(err, errlen, "cannot open '%s': %s", path, strerror(e)); break;
    case FILE_READ_TOO_LARGE: snprintf(err, errlen, "'%s' is larger than %zu bytes", path, max); break;
    case FILE_READ_IO_ERROR:
    case FILE_READ_NO_MEMORY: snprintf(err, errlen, "cannot read '%s'", path); break;
    }
    return NULL;
}

/* --- serial backends ------------------------------------------------------ */

typedef struct Serial {
    FILE *out;
    bool input;     /* read stdin */
    bool stdin_eof;
    bool mid_line;  /* the last byte written was not a newline */
    bool *status_shown; /* the status line is on the terminal (NULL: no status line) */
} Serial;

static void status_clear(bool *shown)
{
    if (!shown || !*shown) return;
    fputs("\r\033[K", stderr);
    *shown = false;
}

static void serial_write(void *opaque, uint8_t b)
{
    Serial *s = opaque;
    if (!s->out) return;
    if (s->out == stdout) status_clear(s->status_shown);
    fputc(b, s->out);
    s->mid_line = b != '\n';
    if (b == '\n') fflush(s->out);
}

static int serial_read(void *opaque)
{
    Serial *s = opaque;
    if (!s->input || s->stdin_eof) return -1;
    struct pollfd p = { .fd = 0, .events = POLLIN };
    if (poll(&p, 1, 0) <= 0 || !(p.revents & (POLLIN | POLLHUP))) return -1;
    uint8_t c;
    ssize_t n = read(0, &c, 1);
    if (n <= 0) {
        s->stdin_eof = true;
        return -1;
    }
    return c;
}

/* --- the run --------------------------------------------------------------- */

typedef struct Shot {
    uint64_t cycle;
    const char *path;
} Shot;

typedef struct BootCtx {
    Soc *soc;
    SocStop stop;
    uint64_t max_cycles;
    Tracer *tracer;
    bool empty_vector;
    int exc;
    uint32_t vector, from_mode;
    Display *disp;           /* NULL: headless */
    bool realtime;           /* --speed realtime */
    Shot shots[MAX_SHOTS];   /* --screenshot-at, sorted by cycle */
    unsigned nshots, next_shot;
    bool shot_failed;
    Serial *serial;
    bool status_line;        /* stderr is a terminal: once-a-second status */
    bool status_shown;
    int64_t pace_t0;         /* realtime: host ns matching emulated cycle pace_c0 */
    uint64_t pace_c0;
    int64_t stat_t;          /* status line: host ns, cycles, insns at the last update */
    uint64_t stat_c, stat_i;
    uint32_t *screen;        /* SOC_SCREEN_W * SOC_SCREEN_H pixels for screenshots */
    InputScript input;       /* --input-script (empty without one) */
} BootCtx;

static int64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000ll + t.tv_nsec;
}

static void write_shot(BootCtx *ctx, const char *path)
{
    char err[512];
    display_render_screen(ctx->soc, ctx->screen);
    if (!screenshot_write_png(path, ctx->screen, SOC_SCREEN_W, SOC_SCREEN_H, err, sizeof err)) {
        status_clear(&ctx->status_shown);
        fprintf(stderr, "ipodsim: screenshot not written: %s\n", err);
        ctx->shot_failed = true;
    }
}

/* Every --screenshot-at whose cycle has been reached. */
static void take_due_shots(BootCtx *ctx)
{
    uint64_t now = soc_cpu(ctx->soc)->cycles;
    while (ctx->next_shot < ctx->nshots && ctx->shots[ctx->next_shot].cycle <= now)
        write_shot(ctx, ctx->shots[ctx->next_shot++].path);
}

/* --speed realtime: sleep until the wall clock catches up with emulated
 * time.  A run that falls behind (slow host) restarts the reference instead
 * of racing to catch up. */
static void pace(BootCtx *ctx)
{
    uint64_t cycles = soc_cpu(ctx->soc)->cycles;
    int64_t now = now_ns();
    int64_t target = ctx->pace_t0 + (int64_t)((double)(cycles - ctx->pace_c0) * 1e9 / (double)CPU_HZ);
    if (target > now) {
        int64_t d = target - now;
        struct timespec ts = { .tv_sec = (time_t)(d / 1000000000ll), .tv_nsec = (long)(d % 1000000000ll) };
        nanosleep(&ts, NULL);
    } else if (now - target > PACE_SLACK_NS) {
        ctx->pace_t0 = now;
        ctx->pace_c0 = cycles;
    }
}

/* "[ipodsim] 12.3 s emu | 98% speed | 41.2 MIPS", once a second on a
 * terminal, only while the console is at the start of a line. */
/* Which boot stage is running, guessed from where the core executes: the
 * SecureROM runs from the ROM at 0, LLB from SRAM, iBoot from the top of
 * DRAM (0x0FF00000, where Apple's and our chain load it) and the kernel
 * with the MMU on from 0xC0000000 up.  A guess for the status line only. */
static const char *boot_stage(const Arm11 *cpu)
{
    uint32_t pc = cpu->r[15];
    bool mmu = (cpu->cp15.sctlr & SCTLR_M) != 0;
    if (mmu && pc >= 0xC0000000u) return "kernel";
    if (pc < SOC_ROM_SIZE) return "boot ROM";
    if (pc >= SOC_SRAM_BASE && pc < SOC_SRAM_BASE + SOC_SRAM_SIZE) return "LLB (SRAM)";
    if (pc >= 0x0FF00000u && pc < SOC_DRAM_BASE + SOC_DRAM_SIZE) return "iBoot";
    return mmu ? "MMU on" : "DRAM";
}

static void status_update(BootCtx *ctx, bool force)
{
    int64_t now = now_ns();
    if (!force && now - ctx->stat_t < 1000000000ll) return;
    Arm11 *cpu = soc_cpu(ctx->soc);
    double secs = (double)(now - ctx->stat_t) / 1e9;
    double emu = (double)(cpu->cycles - ctx->stat_c) / (double)CPU_HZ;
    double mips = secs > 0 ? (double)(cpu->insns - ctx->stat_i) / secs / 1e6 : 0.0;
    ctx->stat_t = now;
    ctx->stat_c = cpu->cycles;
    ctx->stat_i = cpu->insns;
    if (ctx->serial->out == stdout && ctx->serial->mid_line) return;
    fflush(stdout);
    fprintf(stderr, "\r[ipodsim] %.1f s emu | %.0f%% speed | %.1f MIPS | %s\033[K",
            (double)cpu->cycles / (double)CPU_HZ, secs > 0 ? 100.0 * emu / secs : 0.0, mips, boot_stage(cpu));
    fflush(stderr);
    ctx->status_shown = true;
}

static bool hook_empty_vector(Arm11 *cpu, void *opaque, int exc, uint32_t vector)
{
    BootCtx *ctx = opaque;
    ctx->empty_vector = true;
    ctx->exc = exc;
    ctx->vector = vector;
    ctx->from_mode = cpu->spsr & PSR_MODE_MASK;
    return true;
}

static bool gdb_exited(void *opaque, int *status)
{
    BootCtx *ctx = opaque;
    if (ctx->stop == SOC_STOP_POWEROFF || ctx->stop == SOC_STOP_RESET) {
        *status = 0;
        return true;
    }
    return false;
}

static bool gdb_run(void *opaque, uint64_t until)
{
    BootCtx *ctx = opaque;
    ctx->stop = soc_run(ctx->soc, until);
    return ctx->stop == SOC_STOP_DEADLOCK;
}

static int report_stop(BootCtx *ctx)
{
    Arm11 *cpu = soc_cpu(ctx->soc);
    fflush(stdout);
    status_clear(&ctx->status_shown);
    switch (ctx->stop) {
    case SOC_STOP_POWEROFF:
        fprintf(stderr, "ipodsim: the guest powered the machine off (PMU) at cycle %llu\n",
                (unsigned long long)cpu->cycles);
        return 0;
    case SOC_STOP_RESET:
        fprintf(stderr, "ipodsim: watchdog reset at cycle %llu (--exit-on-reset)\n",
                (unsigned long long)cpu->cycles);
        return 0;
    case SOC_STOP_LIMIT:
        fprintf(stderr, "ipodsim: cycle limit reached (%llu cycles), pc=0x%08x\n",
                (unsigned long long)cpu->cycles, cpu->r[15]);
        return 0;
    case SOC_STOP_DEADLOCK:
        fprintf(stderr,
                "ipodsim: the guest waits for an interrupt (WFI) at pc=0x%08x but no device has "
                "anything scheduled: it can never wake up\n",
                cpu->r[15]);
        return BOOT_EXIT_CRASH;
    default:
        break;
    }
    if (trace_quit_requested(ctx->tracer)) return 0;
    if (ctx->empty_vector) {
        fprintf(stderr,
                "ipodsim: %s exception at pc=0x%08x (fault address 0x%08x), mode %s -> empty vector "
                "0x%08x\n",
                arm_exception_name(ctx->exc), cpu->last_exc_pc, cpu->last_exc_fault_addr,
                arm_mode_name(ctx->from_mode), ctx->vector);
    } else {
        fprintf(stderr, "ipodsim: run stopped (reason %d) at pc=0x%08x\n", cpu->stop_reason, cpu->r[15]);
    }
    return BOOT_EXIT_CRASH;
}

static int boot_loop(BootCtx *ctx)
{
    Arm11 *cpu = soc_cpu(ctx->soc);
    ctx->pace_t0 = ctx->stat_t = now_ns();
    ctx->pace_c0 = ctx->stat_c = cpu->cycles;
    ctx->stat_i = cpu->insns;
    for (;;) {
        take_due_shots(ctx);
        uint64_t slice = ctx->disp ? WINDOW_SLICE : BOOT_SLICE;
        if (ctx->tracer) slice = trace_slice(ctx->tracer, slice);
        uint64_t until = cpu->cycles + slice;
        if (ctx->max_cycles && until > ctx->max_cycles) until = ctx->max_cycles;
        if (ctx->next_shot < ctx->nshots && until > ctx->shots[ctx->next_shot].cycle)
            until = ctx->shots[ctx->next_shot].cycle;
        /* scripted input lands at its cycle: cut the run there */
        input_script_apply_due(&ctx->input, ctx->soc, cpu->cycles);
        if (until > input_script_next_cycle(&ctx->input)) until = input_script_next_cycle(&ctx->input);
        ctx->stop = soc_run(ctx->soc, until);
        input_script_apply_due(&ctx->input, ctx->soc, cpu->cycles);
        take_due_shots(ctx);
        if (ctx->stop != SOC_STOP_LIMIT) return report_stop(ctx);
        if (ctx->max_cycles && cpu->cycles >= ctx->max_cycles) return report_stop(ctx);
        if (trace_quit_requested(ctx->tracer)) return 0;
        if (interrupted) {
            fflush(stdout);
            status_clear(&ctx->status_shown);
            fprintf(stderr, "ipodsim: interrupted at pc=0x%08x\n", cpu->r[15]);
            return BOOT_EXIT_SIGINT;
        }
        if (ctx->disp) {
            if (!display_poll(ctx->disp, ctx->soc)) {
                fflush(stdout);
                status_clear(&ctx->status_shown);
                fprintf(stderr, "ipodsim: window closed at cycle %llu, pc=0x%08x\n",
                        (unsigned long long)cpu->cycles, cpu->r[15]);
                return 0;
            }
            display_update(ctx->disp, ctx->soc, (uint64_t)now_ns());
        }
        if (ctx->realtime) pace(ctx);
        if (ctx->status_line) status_update(ctx, false);
    }
}

static bool parse_hex(const char *s, uint8_t *out, size_t n)
{
    if (strlen(s) != 2 * n) return false;
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        char byte[3] = { s[2 * i], s[2 * i + 1], 0 };
        if (!isxdigit((unsigned char)byte[0]) || !isxdigit((unsigned char)byte[1])) return false;
        sscanf(byte, "%x", &v);
        out[i] = (uint8_t)v;
    }
    return true;
}

/* The device's GID/UID keys.  They belong to the device, so they live next
 * to its NOR image (NOR.keys: "gid HEX" and "uid HEX" lines) and are made
 * from /dev/urandom the first time.  Without a NOR image the machine is a
 * throw-away one and gets fixed, public test keys (docs/boot.md). */
static bool device_keys(const char *nor_path, AesKeys *k, char *err, size_t errlen)
{
    for (unsigned i = 0; i < 32; i++) {
        k->gid[i] = (uint8_t)(0xA0 + i);
        k->uid[i] = (uint8_t)(0x50 + i);
    }
    if (!nor_path) return true;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s.keys", nor_path);
    FILE *f = fopen(path, "r");
    if (f) {
        char gid[80] = "", uid[80] = "";
        bool ok = fscanf(f, "gid %79s uid %79s", gid, uid) == 2 && parse_hex(gid, k->gid, 32) &&
                  parse_hex(uid, k->uid, 16);
        fclose(f);
        if (!ok) snprintf(err, errlen, "key file '%.300s' is malformed (want 'gid <64 hex>' and 'uid <32 hex>')", path);
        return ok;
    }
    if (errno != ENOENT) {
        snprintf(err, errlen, "cannot read key file '%.300s': %s", path, strerror(errno));
        return false;
    }
    /* An image the machine will refuse gets no key file: a bad command
     * line leaves nothing behind. */
    struct stat st;
    if (stat(nor_path, &st) == 0 && (!S_ISREG(st.st_mode) || st.st_size != 1048576)) return true;
    char why[300];
    if (!img3_random(k->gid, 32, why, sizeof why) || !img3_random(k->uid, 16, why, sizeof why)) {
        snprintf(err, errlen, "cannot make device keys: %s", why);
        return false;
    }
    memset(k->uid + 16, 0, 16);
    /* gid + 64 hex + newline, uid + 32 hex + newline */
    char text[4 + 64 + 1 + 4 + 32 + 1 + 1];
    size_t n = (size_t)snprintf(text, sizeof text, "gid ");
    for (unsigned i = 0; i < 32; i++) n += (size_t)snprintf(text + n, sizeof text - n, "%02x", k->gid[i]);
    n += (size_t)snprintf(text + n, sizeof text - n, "\nuid ");
    for (unsigned i = 0; i < 16; i++) n += (size_t)snprintf(text + n, sizeof text - n, "%02x", k->uid[i]);
    n += (size_t)snprintf(text + n, sizeof text - n, "\n");
    /* atomic (temp file, fsync, rename); the keys are the device's secrets: 0600 */
    if (!file_write_atomic(path, text, n, 0600, why, sizeof why)) {
        snprintf(err, errlen, "cannot write key file: %s", why);
        return false;
    }
    return true;
}

/* A default image next to the executable (or in the current directory). */
static const char *default_image(const char *rel, char *buf, size_t len)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            snprintf(buf, len, "%s/%s", exe, rel);
            if (access(buf, R_OK) == 0) return buf;
        }
    }
    snprintf(buf, len, "%s", rel);
    return buf;
}

int cmd_boot(int argc, char **argv)
{
    const char *bootrom = NULL, *serial_dev = "stdio", *log_file = NULL, *nor_path = NULL, *input_path = NULL;
    uint8_t gid_key[32] = {0}, uid_key[16] = {0};
    bool have_gid = false, have_uid = false;
    struct { const char *path; uint32_t addr; } loads[MAX_LOADS];
    unsigned nloads = 0;
    uint64_t entry = 0, max_cycles = 0, rtc = (uint64_t)time(NULL);
    bool has_entry = false, stats = false, gdb = false, exit_on_reset = false, dev_fuses = false;
    unsigned log_mask = 0;
    GdbOptions gdb_opt = { .port = GDB_DEFAULT_PORT };
    TraceOptions topts = {0};
    char err[512];
    Shot shots[MAX_SHOTS];
    unsigned nshots = 0, scale = 2;
    const char *shot_on_exit = NULL;
    bool headless = false;
    int speed = -1; /* -1 default, 0 unlimited, 1 realtime */

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int traced = trace_parse_option(&topts, argc, argv, &i, err, sizeof err);
        if (traced < 0) return usage_error("%s", err);
        if (traced > 0) continue;
        /* options with a value: --opt VALUE or --opt=VALUE */
        static const char *const valued[] = { "--bootrom", "--load", "--entry", "-serial", "--serial",
                                              "--rtc", "--max-cycles", "-d", "-D", "--nor", "--gid-key",
                                              "--uid-key", "--screenshot-at", "--screenshot-on-exit",
                                              "--scale", "--speed", "--input-script" };
        const char *val = NULL, *name = a;
        char namebuf[32];
        for (size_t k = 0; k < sizeof valued / sizeof valued[0]; k++) {
            size_t n = strlen(valued[k]);
            if (strncmp(a, valued[k], n) != 0) continue;
            if (a[n] == 0) {
                if (i + 1 >= argc) return usage_error("option '%s' needs a value", a);
                val = argv[++i];
            } else if (a[n] == '=') {
                val = a + n + 1;
                snprintf(namebuf, sizeof namebuf, "%s", valued[k]);
                name = namebuf;
            } else {
                continue;
            }
            break;
        }
        if (val) {
            if (strcmp(name, "--bootrom") == 0) {
                bootrom = val;
            } else if (strcmp(name, "--load") == 0) {
                const char *at = strrchr(val, '@');
                uint64_t addr;
                if (!at || at == val || !cli_parse_u64(at + 1, 0, UINT32_MAX, &addr))
                    return usage_error("--load needs FILE@ADDR, got '%s'", val);
                if (nloads == MAX_LOADS) return usage_error("at most 16 --load images%s", "");
                char *path = strndup(val, (size_t)(at - val));
                loads[nloads].path = path;
                loads[nloads].addr = (uint32_t)addr;
                nloads++;
            } else if (strcmp(name, "--nor") == 0) {
                nor_path = val;
            } else if (strcmp(name, "--gid-key") == 0) {
                if (!parse_hex(val, gid_key, sizeof gid_key))
                    return usage_error("--gid-key needs 64 hex digits, got '%s'", val);
                have_gid = true;
            } else if (strcmp(name, "--uid-key") == 0) {
                if (!parse_hex(val, uid_key, 16))
                    return usage_error("--uid-key needs 32 hex digits, got '%s'", val);
                have_uid = true;
            } else if (strcmp(name, "--entry") == 0) {
                if (!cli_parse_u64(val, 0, UINT32_MAX, &entry))
                    return usage_error("invalid entry address '%s'", val);
                has_entry = true;
            } else if (strcmp(name, "-serial") == 0 || strcmp(name, "--serial") == 0) {
                if (strcmp(val, "stdio") != 0 && strcmp(val, "null") != 0 && strcmp(val, "none") != 0 &&
                    strncmp(val, "file:", 5) != 0)
                    return usage_error("unknown serial device '%s' (stdio, file:PATH, null)", val);
                serial_dev = val;
            } else if (strcmp(name, "--rtc") == 0) {
                if (!cli_parse_u64(val, 0, UINT64_MAX, &rtc)) return usage_error("invalid --rtc value '%s' (seconds)", val);
            } else if (strcmp(name, "--max-cycles") == 0) {
                if (!cli_parse_u64(val, 1, UINT64_MAX, &max_cycles))
                    return usage_error("invalid cycle count '%s' (expected a positive integer)", val);
            } else if (strcmp(name, "-d") == 0) {
                if (strcmp(val, "help") == 0) {
                    log_help(stdout);
                    return 0;
                }
                if (!log_parse_mask(val, &log_mask, err, sizeof err)) return usage_error("%s", err);
            } else if (strcmp(name, "-D") == 0) {
                log_file = val;
            } else if (strcmp(name, "--screenshot-at") == 0) {
                const char *colon = strchr(val, ':');
                char num[32];
                uint64_t cyc;
                if (!colon || colon == val || (size_t)(colon - val) >= sizeof num || !colon[1])
                    return usage_error("--screenshot-at needs CYCLES:FILE, got '%s'", val);
                snprintf(num, sizeof num, "%.*s", (int)(colon - val), val);
                if (!cli_parse_u64(num, 0, UINT64_MAX, &cyc))
                    return usage_error("--screenshot-at: invalid cycle count in '%s'", val);
                if (nshots == MAX_SHOTS) return usage_error("at most 16 --screenshot-at%s", "");
                if (!screenshot_path_ok(colon + 1, err, sizeof err)) return usage_error("%s", err);
                /* insertion keeps the list sorted by cycle, equal cycles in order given */
                unsigned k = nshots++;
                while (k > 0 && shots[k - 1].cycle > cyc) {
                    shots[k] = shots[k - 1];
                    k--;
                }
                shots[k] = (Shot){ .cycle = cyc, .path = colon + 1 };
            } else if (strcmp(name, "--input-script") == 0) {
                input_path = val;
            } else if (strcmp(name, "--screenshot-on-exit") == 0) {
                if (!screenshot_path_ok(val, err, sizeof err)) return usage_error("%s", err);
                shot_on_exit = val;
            } else if (strcmp(name, "--scale") == 0) {
                uint64_t v;
                if (!cli_parse_u64(val, 1, MAX_SCALE, &v))
                    return usage_error("invalid --scale '%s' (expected 1-8)", val);
                scale = (unsigned)v;
            } else if (strcmp(name, "--speed") == 0) {
                if (strcmp(val, "unlimited") == 0) {
                    speed = 0;
                } else if (strcmp(val, "realtime") == 0) {
                    speed = 1;
                } else {
                    return usage_error("invalid --speed '%s' (expected unlimited or realtime)", val);
                }
            }
            continue;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            cmd_boot_help(stdout);
            return 0;
        } else if (strcmp(a, "--headless") == 0) {
            headless = true;
        } else if (strcmp(a, "--stats") == 0) {
            stats = true;
        } else if (strcmp(a, "--exit-on-reset") == 0) {
            exit_on_reset = true;
        } else if (strcmp(a, "--dev-fuses") == 0) {
            dev_fuses = true;
        } else if (strcmp(a, "--gdb") == 0 || strcmp(a, "-s") == 0 || strcmp(a, "-S") == 0) {
            gdb = true;
            gdb_opt.wait |= a[1] == 'S';
        } else if (strncmp(a, "--gdb=", 6) == 0) {
            uint64_t port;
            if (!cli_parse_u64(a + 6, 0, 65535, &port))
                return usage_error("invalid port '%s' (expected 0-65535)", a + 6);
            gdb = true;
            gdb_opt.port = (int)port;
        } else if (strcmp(a, "-m") == 0 || strncmp(a, "--memory", 8) == 0) {
            return usage_error("%s: the S5L8720 has a fixed 128 MiB of DRAM", a);
        } else {
            return usage_error("unknown option '%s'", a);
        }
    }
    if (gdb && (max_cycles || topts.trace || topts.step))
        return usage_error("%s", "--gdb cannot be combined with --max-cycles, --trace or --step");
    if (gdb && nshots) return usage_error("%s", "--gdb cannot be combined with --screenshot-at");
    if (gdb && input_path) return usage_error("%s", "--gdb cannot be combined with --input-script");
    InputScript input = { 0 };
    if (input_path && !input_script_load(input_path, &input, err, sizeof err)) return usage_error("%s", err);

    char rom_path[PATH_MAX + 64], nor_default[PATH_MAX + 64];
    if (!bootrom && !nloads && !has_entry) {
        bootrom = default_image(DEFAULT_ROM, rom_path, sizeof rom_path);
        if (!nor_path) {
            nor_path = default_image(DEFAULT_NOR, nor_default, sizeof nor_default);
            if (access(nor_path, R_OK) != 0) {
                fprintf(stderr, "ipodsim: the default NOR image %s is missing (run 'make roms')\n", nor_path);
                return BOOT_EXIT_USAGE;
            }
        }
    }
    if (!bootrom && !has_entry)
        return usage_error("%s", "--load without a boot ROM needs --entry ADDR");

    /* Serial and log files */
    Serial serial = { .out = stdout, .input = true };
    uint32_t *screen = NULL;
    FILE *serial_file = NULL, *logf = NULL;
    if (strncmp(serial_dev, "file:", 5) == 0) {
        serial_file = fopen(serial_dev + 5, "wb");
        if (!serial_file) {
            fprintf(stderr, "ipodsim: cannot open serial file '%s': %s\n", serial_dev + 5, strerror(errno));
            return BOOT_EXIT_USAGE;
        }
        serial = (Serial){ .out = serial_file, .input = false };
    } else if (strcmp(serial_dev, "null") == 0 || strcmp(serial_dev, "none") == 0) {
        serial = (Serial){ .out = NULL, .input = false };
    }
    if (gdb) serial.input = false; /* stdin belongs to nobody while a debugger drives */
    if (log_file) {
        logf = fopen(log_file, "w");
        if (!logf) {
            fprintf(stderr, "ipodsim: cannot open log file '%s': %s\n", log_file, strerror(errno));
            if (serial_file) fclose(serial_file);
            return BOOT_EXIT_USAGE;
        }
    }
    UartBackend console = { .opaque = &serial, .write = serial_write, .read = serial_read };
    AesKeys keys;
    if (!device_keys(nor_path, &keys, err, sizeof err)) {
        fprintf(stderr, "ipodsim: %s\n", err);
        if (serial_file) fclose(serial_file);
        if (logf) fclose(logf);
        return BOOT_EXIT_USAGE;
    }
    if (have_gid) memcpy(keys.gid, gid_key, 32);
    if (have_uid) memcpy(keys.uid, uid_key, 16);
    SocConfig cfg = {
        .log_out = logf ? logf : stderr, .log_mask = log_mask, .serial = { &console },
        .rtc_base = rtc, .production_fuse = !dev_fuses, .secure_fuse = !dev_fuses,
        .nor_path = nor_path, .nor_create = true, .keys = keys,
    };
    int status = BOOT_EXIT_USAGE;
    BootCtx ctx = { .max_cycles = max_cycles, .nshots = nshots, .serial = &serial };
    memcpy(ctx.shots, shots, sizeof shots);
    ctx.input = input;
    Soc *soc = soc_create(&cfg, err, sizeof err);
    if (!soc) {
        fprintf(stderr, "ipodsim: %s\n", err);
        goto out;
    }
    ctx.soc = soc;
    if (bootrom) {
        size_t len;
        uint8_t *img = read_file(bootrom, &len, SOC_ROM_SIZE, err, sizeof err);
        if (!img) {
            fprintf(stderr, "ipodsim: boot ROM: %s%s\n", err,
                    bootrom == rom_path ? " (run 'make roms' to build the default firmware)" : "");
            goto out;
        }
        bool ok = soc_load_rom(soc, img, len, err, sizeof err);
        free(img);
        if (!ok) {
            fprintf(stderr, "ipodsim: %s\n", err);
            goto out;
        }
    }
    for (unsigned k = 0; k < nloads; k++) {
        size_t len;
        uint8_t *img = read_file(loads[k].path, &len, SOC_DRAM_SIZE, err, sizeof err);
        if (!img) {
            fprintf(stderr, "ipodsim: --load: %s\n", err);
            goto out;
        }
        bool ok = soc_load_phys(soc, loads[k].addr, img, len, err, sizeof err);
        free(img);
        if (!ok) {
            fprintf(stderr, "ipodsim: --load %s: %s\n", loads[k].path, err);
            goto out;
        }
    }
    if (has_entry) soc_set_entry(soc, (uint32_t)entry & ~1u, entry & 1);
    soc_set_exit_on_reset(soc, exit_on_reset);

    Arm11 *cpu = soc_cpu(soc);
    cpu->hooks = (ArmHooks){ .opaque = &ctx, .empty_vector = hook_empty_vector };
    if (topts.trace || topts.step) {
        ctx.tracer = trace_create(&topts, cpu, err, sizeof err);
        if (!ctx.tracer) {
            fprintf(stderr, "ipodsim: %s\n", err);
            goto out;
        }
    }

    screen = malloc((size_t)SOC_SCREEN_W * SOC_SCREEN_H * 4);
    if (!screen) {
        fprintf(stderr, "ipodsim: out of memory\n");
        goto out;
    }
    ctx.screen = screen;
    /* The window: never with --headless, --gdb or --step (those block on a
     * socket or the prompt, so the window could not be serviced), and SDL is
     * not even initialised when no display is reachable. */
    if (!headless && !gdb && !topts.step && display_available()) {
        ctx.disp = display_open(scale, err, sizeof err);
        if (!ctx.disp) fprintf(stderr, "ipodsim: %s; running headless\n", err);
    }
    ctx.realtime = speed < 0 ? ctx.disp != NULL : speed == 1;
    ctx.status_line = isatty(2) && !gdb && !topts.step && !(topts.trace && !topts.file) &&
                      !(log_mask && !logf);
    if (ctx.status_line) serial.status_shown = &ctx.status_shown;

    struct sigaction sa, old_sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_sa);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (gdb) {
        GdbTarget target = { .cpu = cpu, .opaque = &ctx, .exited = gdb_exited, .run = gdb_run,
                             .interrupted = &interrupted, .interrupted_status = BOOT_EXIT_SIGINT };
        status = gdb_serve(&gdb_opt, &target);
    } else {
        status = boot_loop(&ctx);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    sigaction(SIGINT, &old_sa, NULL);
    status_clear(&ctx.status_shown);
    serial.status_shown = NULL;
    if (ctx.next_shot < ctx.nshots) {
        for (unsigned k = ctx.next_shot; k < ctx.nshots; k++)
            fprintf(stderr, "ipodsim: no screenshot '%s': the run ended at cycle %llu, before cycle %llu\n",
                    ctx.shots[k].path, (unsigned long long)cpu->cycles, (unsigned long long)ctx.shots[k].cycle);
    }
    if (shot_on_exit) write_shot(&ctx, shot_on_exit);
    if (ctx.shot_failed && status == 0) status = BOOT_EXIT_USAGE;
    trace_destroy(ctx.tracer);
    ctx.tracer = NULL;
    fflush(stdout);
    if (stats) {
        double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        fprintf(stderr,
                "ipodsim: stats: insns=%llu cycles=%llu emulated_seconds=%.6f events=%llu resets=%u "
                "host_seconds=%.3f mips=%.1f\n",
                (unsigned long long)cpu->insns, (unsigned long long)cpu->cycles,
                (double)cpu->cycles / (double)CPU_HZ, (unsigned long long)soc_events_fired(soc),
                soc_reset_count(soc), secs, secs > 0 ? (double)cpu->insns / secs / 1e6 : 0.0);
    }
out:
    trace_destroy(ctx.tracer);
    input_script_free(&ctx.input);
    display_close(ctx.disp);
    free(screen);
    if (soc && !soc_flush(soc, err, sizeof err)) {
        fprintf(stderr, "ipodsim: NOR image not saved: %s\n", err);
        status = status ? status : BOOT_EXIT_USAGE;
    }
    soc_destroy(soc);
    for (unsigned k = 0; k < nloads; k++) free((void *)loads[k].path);
    if (serial_file) fclose(serial_file);
    if (logf) fclose(logf);
    return status;
}
