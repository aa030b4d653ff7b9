/* GDB remote serial protocol stub for `ipodsim run --gdb`: the packet layer
 * (framing, checksums, acks, Ctrl-C), the packet handlers, and the run loop
 * that executes the program in slices while it watches the socket.
 *
 * Protocol: the "Remote Serial Protocol" appendix of the GDB manual, and
 * /work/shared/docs/conventions.md section 2.2 for what gdb-multiarch and
 * lldb ask for.  Choices made here (docs/gdb.md explains them to users):
 *  - One thread (id 1), all-stop mode, no multiprocess or non-stop support.
 *  - Register numbers are dense: r0-r12, sp, lr, pc = 0-15, cpsr = 16,
 *    then the VFP registers d0-d15 = 17-32 and fpscr = 33.  The register list is the feature table below; target.xml, g/G, p/P and
 *    lldb's qRegisterInfo are all generated from it.
 *  - Breakpoints (Z0 and Z1 alike) and watchpoints are kept here and checked
 *    through the core's debugger attachment (ArmDebug); guest memory is never
 *    patched.  Without any, the core runs its fast loop in slices.
 *  - Watchpoints report the accessing instruction *before* it executes, which
 *    is what gdb and lldb expect on ARM (they remove the watchpoint, step and
 *    re-insert it).  The core reports an access only once the instruction
 *    has run, so while watchpoints exist the stub saves the registers and
 *    the watched bytes before each instruction and rolls back on a hit.
 *  - All input is untrusted: every length and number is range-checked and
 *    malformed packets get an error reply (E01 syntax, E02 too long,
 *    E03 memory not accessible, E04 no room for another break/watchpoint).
 */
#include "frontend/gdbstub.h"

#include "cpu/vfp.h"
#include "mmu/mmu.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define PKT_MAX 0x4000             /* largest payload we accept and send (qSupported PacketSize) */
#define TX_MAX (2 * PKT_MAX + 4)   /* a framed reply, every byte escaped in the worst case */
#define MAX_BREAKPOINTS 64
#define MAX_WATCHPOINTS 16
#define WATCH_MAX_LEN 4096         /* bytes per watchpoint (saved before every instruction) */
#define SLICE_FAST (1u << 20)      /* cycles per arm_run in the fast loop (~5 ms) */
#define SLICE_DEBUG (1u << 16)     /* cycles per arm_run in the debug loop (~5 ms) */
#define CLOSE_DRAIN_MS 1000        /* wait for the debugger to close after W or D */
#define SEND_TIMEOUT_S 5           /* a debugger that stops reading is dropped */

/* Signal numbers of the remote protocol (GDB's own numbering, not the host's). */
enum { GSIG_INT = 2, GSIG_ILL = 4, GSIG_TRAP = 5, GSIG_SEGV = 11, GSIG_SYS = 12 };

/* Z packet types */
enum { Z_SW_BREAK = 0, Z_HW_BREAK = 1, Z_WRITE = 2, Z_READ = 3, Z_ACCESS = 4 };

/* ---- register table ------------------------------------------------------------- */

typedef struct GdbReg {
    const char *name;
    const char *type;        /* target.xml type */
    const char *generic;     /* lldb's generic role, or NULL */
    uint8_t bits;
    int16_t dwarf;           /* DWARF/EH frame number, -1 = none */
} GdbReg;

/* One target.xml feature.  Its registers get consecutive numbers after the
 * previous feature's.  get/set move bits/8 bytes in target (little-endian)
 * order. */
typedef struct GdbFeature {
    const char *name;
    const GdbReg *regs;
    unsigned count;
    void (*get)(const Arm11 *cpu, unsigned i, uint8_t *out);
    void (*set)(Arm11 *cpu, unsigned i, const uint8_t *in);
} GdbFeature;

static const GdbReg core_regs[] = {
    {"r0", "uint32", NULL, 32, 0},    {"r1", "uint32", NULL, 32, 1},   {"r2", "uint32", NULL, 32, 2},
    {"r3", "uint32", NULL, 32, 3},    {"r4", "uint32", NULL, 32, 4},   {"r5", "uint32", NULL, 32, 5},
    {"r6", "uint32", NULL, 32, 6},    {"r7", "uint32", NULL, 32, 7},   {"r8", "uint32", NULL, 32, 8},
    {"r9", "uint32", NULL, 32, 9},    {"r10", "uint32", NULL, 32, 10}, {"r11", "uint32", NULL, 32, 11},
    {"r12", "uint32", NULL, 32, 12},  {"sp", "data_ptr", "sp", 32, 13}, {"lr", "code_ptr", "ra", 32, 14},
    {"pc", "code_ptr", "pc", 32, 15}, {"cpsr", "uint32", "flags", 32, -1},
};

static void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static uint32_t get_le32(const uint8_t *p)
{
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool mode_valid(unsigned mode)
{
    switch (mode) {
    case MODE_USR: case MODE_FIQ: case MODE_IRQ: case MODE_SVC:
    case MODE_MON: case MODE_ABT: case MODE_UND: case MODE_SYS:
        return true;
    default:
        return false;
    }
}

/* A debugger may set every CPSR bit, the mode and T included.
 * arm_cpsr_write follows MSR rules: privileged code may write everything
 * but T and J, user code not the mode; so leave USR for SYS first (same
 * registers, nothing to bank) and set T by hand. */
static void write_cpsr(Arm11 *cpu, uint32_t v)
{
    unsigned mode = cpu->cpsr & PSR_MODE_MASK;
    if (!mode_valid(v & PSR_MODE_MASK))
        v = (v & ~PSR_MODE_MASK) | mode;   /* a reserved mode is ignored, as by MSR */
    if (mode == MODE_USR)
        cpu->cpsr = (cpu->cpsr & ~PSR_MODE_MASK) | MODE_SYS;
    arm_cpsr_write(cpu, v, 0xFFFFFFFFu);
    cpu->cpsr = (cpu->cpsr & ~PSR_T) | (v & PSR_T);
    cpu->r[15] &= (cpu->cpsr & PSR_T) ? ~1u : ~3u;
}

static void core_get(const Arm11 *cpu, unsigned i, uint8_t *out)
{
    put_le32(out, i < 16 ? cpu->r[i] : cpu->cpsr);
}

static void core_set(Arm11 *cpu, unsigned i, const uint8_t *in)
{
    uint32_t v = get_le32(in);
    if (i < 15)
        cpu->r[i] = v;
    else if (i == 15)
        cpu->r[15] = v & ((cpu->cpsr & PSR_T) ? ~1u : ~3u);
    else
        write_cpsr(cpu, v);
}

/* VFPv2: d0-d15 (DWARF 256-271) and fpscr.  The single registers s0-s31 are
 * gdb pseudo registers built from the d registers. */
static const GdbReg vfp_regs[] = {
    {"d0", "ieee_double", NULL, 64, 256},  {"d1", "ieee_double", NULL, 64, 257},
    {"d2", "ieee_double", NULL, 64, 258},  {"d3", "ieee_double", NULL, 64, 259},
    {"d4", "ieee_double", NULL, 64, 260},  {"d5", "ieee_double", NULL, 64, 261},
    {"d6", "ieee_double", NULL, 64, 262},  {"d7", "ieee_double", NULL, 64, 263},
    {"d8", "ieee_double", NULL, 64, 264},  {"d9", "ieee_double", NULL, 64, 265},
    {"d10", "ieee_double", NULL, 64, 266}, {"d11", "ieee_double", NULL, 64, 267},
    {"d12", "ieee_double", NULL, 64, 268}, {"d13", "ieee_double", NULL, 64, 269},
    {"d14", "ieee_double", NULL, 64, 270}, {"d15", "ieee_double", NULL, 64, 271},
    {"fpscr", "int", NULL, 32, -1},
};
#define VFP_NDREGS 16

static void vfp_get(const Arm11 *cpu, unsigned i, uint8_t *out)
{
    if (i < VFP_NDREGS) {
        uint64_t v = vfp_get_dreg(cpu, i);
        put_le32(out, (uint32_t)v);
        put_le32(out + 4, (uint32_t)(v >> 32));
    } else {
        put_le32(out, vfp_get_sysreg(cpu, VFP_REG_FPSCR));
    }
}

static void vfp_set(Arm11 *cpu, unsigned i, const uint8_t *in)
{
    if (i < VFP_NDREGS)
        vfp_set_dreg(cpu, i, get_le32(in) | (uint64_t)get_le32(in + 4) << 32);
    else
        vfp_set_sysreg(cpu, VFP_REG_FPSCR, get_le32(in));
}

static const GdbFeature features[] = {
    {"org.gnu.gdb.arm.core", core_regs, sizeof core_regs / sizeof core_regs[0], core_get, core_set},
    {"org.gnu.gdb.arm.vfp", vfp_regs, sizeof vfp_regs / sizeof vfp_regs[0], vfp_get, vfp_set},
};
#define NFEATURES (sizeof features / sizeof features[0])
#define REG_PC 15
#define REG_CPSR 16

/* Register number n -> feature and index; false if there is no such register. */
static bool find_reg(unsigned n, const GdbFeature **f, unsigned *idx)
{
    for (unsigned k = 0; k < NFEATURES; k++) {
        if (n < features[k].count) {
            *f = &features[k];
            *idx = n;
            return true;
        }
        n -= features[k].count;
    }
    return false;
}

/* ---- stub state ----------------------------------------------------------------- */

typedef struct Breakpoint {
    uint32_t addr;           /* bit 0 clear */
    uint8_t type;            /* Z_SW_BREAK or Z_HW_BREAK */
} Breakpoint;

typedef struct Watchpoint {
    uint32_t addr, len;
    uint8_t type;            /* Z_WRITE, Z_READ or Z_ACCESS */
    bool saved;              /* old[] holds the bytes from before this instruction */
    uint8_t old[WATCH_MAX_LEN];
} Watchpoint;

/* Everything one instruction can change in the core, for the roll-back
 * after a watchpoint hit (memory other than the watched bytes is not
 * restored: re-executing the instruction stores the same values again). */
typedef struct CpuSnapshot {
    uint32_t r[16], cpsr, spsr;
    uint32_t bank_r13[BANK_COUNT], bank_r14[BANK_COUNT], bank_spsr[BANK_COUNT];
    uint32_t usr_r8_12[5], fiq_r8_12[5];
    uint64_t cycles, insns;
    bool excl_valid, halted, event_reg;
    uint32_t excl_addr;
    uint32_t last_exc, last_exc_pc, last_exc_fault_addr;
    Cp15 cp15;
} CpuSnapshot;

enum RxState { RX_IDLE, RX_DATA, RX_CSUM1, RX_CSUM2 };

/* A reply under construction; never longer than PKT_MAX. */
typedef struct Out {
    char buf[PKT_MAX + 1];
    size_t len;
} Out;

typedef struct Gdb {
    const GdbTarget *t;
    Arm11 *cpu;
    int listen_fd, conn_fd;
    unsigned port;

    /* execution */
    bool running;            /* the program runs (the debugger waits for a stop reply) */
    bool stepping;           /* ... for one instruction only */
    bool quit;
    int exit_status;
    char stop_reply[192];    /* the last stop, for '?' */

    /* resume bookkeeping: the first instruction after a resume does not hit
     * a breakpoint at the resume address, nor the watchpoint it just hit */
    bool first_insn, skip_watch, resume_after_watch, last_stop_watch;
    uint32_t resume_pc;

    /* what the callbacks saw during the last slice */
    int bp_hit;              /* index into bps, -1 = none */
    bool watch_hit;
    uint8_t watch_hit_type;
    uint32_t watch_hit_addr;
    CpuSnapshot snap;

    ArmDebug dbg_break, dbg_watch;
    Breakpoint bps[MAX_BREAKPOINTS];
    unsigned nbps;
    Watchpoint wps[MAX_WATCHPOINTS];
    unsigned nwps;

    /* connection */
    bool noack, peer_swbreak, peer_hwbreak;
    enum RxState rx_state;
    uint8_t rx_sum, rx_csum;
    bool rx_overflow;
    size_t rx_len;
    char rx[PKT_MAX + 1];
    char tx[TX_MAX];
    size_t tx_len;
    Out out;
    uint8_t scratch[PKT_MAX];   /* memory read/write data */

    char xml[8192];
    size_t xml_len;
} Gdb;

/* ---- output helpers ------------------------------------------------------------- */

static const char hexdig[] = "0123456789abcdef";

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static void out_putc(Out *o, char c)
{
    if (o->len < PKT_MAX) o->buf[o->len++] = c;
}

static void out_puts(Out *o, const char *s)
{
    while (*s) out_putc(o, *s++);
}

static void out_hex(Out *o, const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++) {
        out_putc(o, hexdig[b[i] >> 4]);
        out_putc(o, hexdig[b[i] & 15]);
    }
}

static void out_hex_str(Out *o, const char *s)
{
    out_hex(o, s, strlen(s));
}

static void hex_le32(char out[9], uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        uint8_t b = (uint8_t)(v >> (8 * i));
        out[2 * i] = hexdig[b >> 4];
        out[2 * i + 1] = hexdig[b & 15];
    }
    out[8] = '\0';
}

/* A bounded text buffer for monitor output and target.xml. */
typedef struct Text {
    char *buf;
    size_t len, cap;
} Text;

static void text_printf(Text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void text_printf(Text *t, const char *fmt, ...)
{
    if (t->len + 1 >= t->cap) return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    if (n > 0) t->len = (size_t)n < t->cap - t->len ? t->len + (size_t)n : t->cap - 1;
}

/* ---- input parsing -------------------------------------------------------------- */

/* 1 to 16 hex digits at *pp (the packet buffer is NUL-terminated). */
static bool parse_hex(const char **pp, uint64_t *out)
{
    const char *p = *pp;
    uint64_t v = 0;
    int n = 0;
    for (int d; (d = hexval((unsigned char)*p)) >= 0; p++) {
        if (++n > 16) return false;
        v = v << 4 | (uint64_t)d;
    }
    if (n == 0) return false;
    *pp = p;
    *out = v;
    return true;
}

static bool parse_u32(const char **pp, uint32_t *out)
{
    uint64_t v;
    if (!parse_hex(pp, &v) || v > 0xFFFFFFFFu) return false;
    *out = (uint32_t)v;
    return true;
}

static bool skip_char(const char **pp, char c)
{
    if (**pp != c) return false;
    (*pp)++;
    return true;
}

/* "ADDR,LEN" with ADDR a 32-bit address and LEN such that the range stays
 * inside the 4 GiB address space. */
static bool parse_range(const char **pp, uint32_t *addr, uint32_t *len)
{
    uint64_t l;
    if (!parse_u32(pp, addr) || !skip_char(pp, ',') || !parse_hex(pp, &l)) return false;
    if (l > 0x100000000ull - *addr) return false;
    *len = (uint32_t)l;
    return true;
}

/* ---- packet output -------------------------------------------------------------- */

static void conn_lost(Gdb *g, const char *why);

static void send_raw(Gdb *g, const char *buf, size_t len)
{
    while (g->conn_fd >= 0 && len) {
        ssize_t n = send(g->conn_fd, buf, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            conn_lost(g, n < 0 ? strerror(errno) : "write failed");
            return;
        }
        buf += n;
        len -= (size_t)n;
    }
}

/* Frame and send one packet.  '$', '#', '}' and '*' are escaped ('}' then
 * the byte XOR 0x20); only binary replies (qXfer) can contain them. */
static void send_packet(Gdb *g, const char *data, size_t len)
{
    if (g->conn_fd < 0) return;
    if (len > PKT_MAX) len = PKT_MAX;
    size_t n = 0;
    uint8_t sum = 0;
    g->tx[n++] = '$';
    for (size_t i = 0; i < len; i++) {
        char c = data[i];
        if (c == '$' || c == '#' || c == '}' || c == '*') {
            g->tx[n++] = '}';
            sum += '}';
            c ^= 0x20;
        }
        g->tx[n++] = c;
        sum += (uint8_t)c;
    }
    g->tx[n++] = '#';
    g->tx[n++] = hexdig[sum >> 4];
    g->tx[n++] = hexdig[sum & 15];
    g->tx_len = n;
    send_raw(g, g->tx, n);
}

static void reply(Gdb *g, const char *s)
{
    send_packet(g, s, strlen(s));
}

static void reply_out(Gdb *g)
{
    send_packet(g, g->out.buf, g->out.len);
}

/* Console output for the debugger user: an O packet, which is only allowed
 * while the debugger waits for a stop reply.  Always echoed on stderr. */
static void console_message(Gdb *g, const char *text)
{
    fflush(stdout);
    fputs(text, stderr);
    if (g->conn_fd >= 0 && g->running) {
        Out *o = &g->out;
        o->len = 0;
        out_putc(o, 'O');
        out_hex_str(o, text);
        reply_out(g);
    }
}

/* ---- connection ----------------------------------------------------------------- */

static void forget_points(Gdb *g)
{
    g->nbps = 0;
    g->nwps = 0;
}

/* Close the connection.  graceful: after a final reply (W, OK to D), let the
 * debugger read it and close first, so it never sees a reset instead. */
static void close_conn(Gdb *g, bool graceful)
{
    int fd = g->conn_fd;
    if (fd < 0) return;
    g->conn_fd = -1;
    if (graceful && shutdown(fd, SHUT_WR) == 0) {
        char sink[256];
        for (int waited = 0; waited < CLOSE_DRAIN_MS; waited += 50) {
            struct pollfd p = {.fd = fd, .events = POLLIN};
            if (poll(&p, 1, 50) > 0 && recv(fd, sink, sizeof sink, 0) <= 0) break;
        }
    }
    close(fd);
    forget_points(g);
}

static void set_stop_reply(Gdb *g, int sig, const char *reason)
{
    const Arm11 *cpu = g->cpu;
    char sp[9], lr[9], pc[9], psr[9];
    hex_le32(sp, cpu->r[13]);
    hex_le32(lr, cpu->r[14]);
    hex_le32(pc, cpu->r[15]);
    hex_le32(psr, cpu->cpsr);
    snprintf(g->stop_reply, sizeof g->stop_reply, "T%02xthread:01;0d:%s;0e:%s;0f:%s;%02x:%s;%s", sig, sp, lr,
             pc, REG_CPSR, psr, reason);
}

/* The debugger went away without detaching: keep the machine exactly as it
 * is, stopped, and wait for the next connection. */
static void conn_lost(Gdb *g, const char *why)
{
    close_conn(g, false);
    if (g->running) {
        g->running = g->stepping = false;
        set_stop_reply(g, GSIG_TRAP, "");
    }
    g->last_stop_watch = false;
    fflush(stdout);
    fprintf(stderr,
            "ipodsim: gdb: connection lost (%s); program stopped at pc=0x%08x, waiting for a debugger on "
            "127.0.0.1:%u\n",
            why, g->cpu->r[15], g->port);
}

static void accept_conn(Gdb *g)
{
    int fd = accept(g->listen_fd, NULL, NULL);
    if (fd < 0) return;
    if (g->conn_fd >= 0) {
        static const char msg[] = "ipodsim: a debugger is already connected; connection refused\n";
        ssize_t ignored = send(fd, msg, sizeof msg - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
        (void)ignored;
        close(fd);
        fflush(stdout);
        fprintf(stderr, "ipodsim: gdb: refused a second connection (a debugger is already connected)\n");
        return;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct timeval tv = {.tv_sec = SEND_TIMEOUT_S};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    g->conn_fd = fd;
    g->noack = g->peer_swbreak = g->peer_hwbreak = false;
    g->rx_state = RX_IDLE;
    forget_points(g);
    if (g->running) {
        /* A debugger attaching to a running program stops it (as QEMU does). */
        g->running = g->stepping = false;
        g->last_stop_watch = false;
        set_stop_reply(g, GSIG_TRAP, "");
    }
    fflush(stdout);
    fprintf(stderr, "ipodsim: gdb: debugger connected; program stopped at pc=0x%08x\n", g->cpu->r[15]);
}

static int open_listener(int port, unsigned *bound)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t sl = sizeof sa;
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(fd, 4) < 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &sl) < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    *bound = ntohs(sa.sin_port);
    return fd;
}

/* ---- stops ---------------------------------------------------------------------- */

static void report_stop(Gdb *g, int sig, const char *reason)
{
    g->running = g->stepping = false;
    set_stop_reply(g, sig, reason);
    reply(g, g->stop_reply);
}

static void program_exited(Gdb *g, int status)
{
    char w[8];
    snprintf(w, sizeof w, "W%02x", status & 0xFF);
    reply(g, w);
    close_conn(g, true);
    g->quit = true;
    g->exit_status = status;
}

static int exception_signal(const Arm11 *cpu, int exc)
{
    switch (exc) {
    case EXC_UNDEF: return GSIG_ILL;
    case EXC_PABT: return (cpu->cp15.ifsr & 0xF) == 0x2 ? GSIG_TRAP : GSIG_SEGV; /* 0x2: BKPT */
    case EXC_DABT: return GSIG_SEGV;
    case EXC_SVC: case EXC_SMC: return GSIG_SYS;
    default: return GSIG_TRAP;
    }
}

/* The core took an exception to a vector with no code.  Stop there (the CPU
 * is already in the exception mode, pc = the vector) so the user can look. */
static void report_exception(Gdb *g)
{
    Arm11 *cpu = g->cpu;
    int exc = (int)cpu->last_exc;
    char msg[256];
    snprintf(msg, sizeof msg,
             "ipodsim: %s exception at pc=0x%08x (fault address 0x%08x), mode %s -> empty vector 0x%08x; "
             "stopped for the debugger\n",
             arm_exception_name(exc), cpu->last_exc_pc, cpu->last_exc_fault_addr,
             arm_mode_name(cpu->spsr & PSR_MODE_MASK), cpu->r[15]);
    console_message(g, msg);
    g->last_stop_watch = false;
    report_stop(g, exception_signal(cpu, exc), "");
}

/* ---- debugger attachment callbacks ---------------------------------------------- */

static void take_snapshot(Gdb *g)
{
    const Arm11 *cpu = g->cpu;
    CpuSnapshot *s = &g->snap;
    memcpy(s->r, cpu->r, sizeof s->r);
    s->cpsr = cpu->cpsr;
    s->spsr = cpu->spsr;
    memcpy(s->bank_r13, cpu->bank_r13, sizeof s->bank_r13);
    memcpy(s->bank_r14, cpu->bank_r14, sizeof s->bank_r14);
    memcpy(s->bank_spsr, cpu->bank_spsr, sizeof s->bank_spsr);
    memcpy(s->usr_r8_12, cpu->usr_r8_12, sizeof s->usr_r8_12);
    memcpy(s->fiq_r8_12, cpu->fiq_r8_12, sizeof s->fiq_r8_12);
    s->cycles = cpu->cycles;
    s->insns = cpu->insns;
    s->excl_valid = cpu->excl_valid;
    s->excl_addr = cpu->excl_addr;
    s->halted = cpu->halted;
    s->event_reg = cpu->event_reg;
    s->last_exc = cpu->last_exc;
    s->last_exc_pc = cpu->last_exc_pc;
    s->last_exc_fault_addr = cpu->last_exc_fault_addr;
    s->cp15 = cpu->cp15;
    for (unsigned i = 0; i < g->nwps; i++) {
        Watchpoint *w = &g->wps[i];
        w->saved = arm_debug_read(g->cpu, w->addr, w->old, w->len);
    }
}

static void roll_back(Gdb *g)
{
    Arm11 *cpu = g->cpu;
    const CpuSnapshot *s = &g->snap;
    bool endian_changed = ((s->cpsr ^ cpu->cpsr) & PSR_E) != 0;
    memcpy(cpu->r, s->r, sizeof s->r);
    cpu->cpsr = s->cpsr;
    cpu->spsr = s->spsr;
    memcpy(cpu->bank_r13, s->bank_r13, sizeof s->bank_r13);
    memcpy(cpu->bank_r14, s->bank_r14, sizeof s->bank_r14);
    memcpy(cpu->bank_spsr, s->bank_spsr, sizeof s->bank_spsr);
    memcpy(cpu->usr_r8_12, s->usr_r8_12, sizeof s->usr_r8_12);
    memcpy(cpu->fiq_r8_12, s->fiq_r8_12, sizeof s->fiq_r8_12);
    cpu->cycles = s->cycles;
    cpu->insns = s->insns;
    cpu->excl_valid = s->excl_valid;
    cpu->excl_addr = s->excl_addr;
    cpu->halted = s->halted;
    cpu->event_reg = s->event_reg;
    cpu->last_exc = s->last_exc;
    cpu->last_exc_pc = s->last_exc_pc;
    cpu->last_exc_fault_addr = s->last_exc_fault_addr;
    cpu->cp15 = s->cp15;
    if (endian_changed) arm_flush_tlb(cpu);
    for (unsigned i = 0; i < g->nwps; i++) {
        const Watchpoint *w = &g->wps[i];
        if (w->saved) arm_debug_write(cpu, w->addr, w->old, w->len);
    }
}

static bool dbg_before(Arm11 *cpu, void *opaque, uint32_t pc)
{
    (void)cpu;
    Gdb *g = opaque;
    bool resumed_here = g->first_insn && pc == g->resume_pc;
    g->first_insn = false;
    g->skip_watch = resumed_here && g->resume_after_watch;
    if (!resumed_here) {
        for (unsigned i = 0; i < g->nbps; i++) {
            if (g->bps[i].addr == pc) {
                g->bp_hit = (int)i;
                return false;
            }
        }
    }
    if (g->nwps && !g->skip_watch) take_snapshot(g);
    return true;
}

static void dbg_mem(Arm11 *cpu, void *opaque, uint32_t va, unsigned size, uint32_t val, bool write)
{
    (void)val;
    Gdb *g = opaque;
    if (g->skip_watch || g->watch_hit) return;
    uint64_t lo = va, hi = (uint64_t)va + size;
    for (unsigned i = 0; i < g->nwps; i++) {
        const Watchpoint *w = &g->wps[i];
        bool kind_ok = w->type == Z_ACCESS || (w->type == Z_WRITE) == write;
        if (!kind_ok || hi <= w->addr || lo >= (uint64_t)w->addr + w->len) continue;
        g->watch_hit = true;
        g->watch_hit_type = w->type;
        g->watch_hit_addr = va > w->addr ? va : w->addr;
        cpu->stop = true;   /* the core finishes the instruction, then returns */
        return;
    }
}

static void set_attachment(Gdb *g, bool on)
{
    const ArmDebug *d = !on ? NULL : g->nwps ? &g->dbg_watch : &g->dbg_break;
    if (g->cpu->debug != d) arm_set_debug(g->cpu, d);
}

/* ---- running -------------------------------------------------------------------- */

static void resume(Gdb *g, bool step)
{
    g->running = true;
    g->stepping = step;
    g->first_insn = true;
    g->resume_pc = g->cpu->r[15];
    g->resume_after_watch = g->last_stop_watch;
    g->last_stop_watch = false;
}

/* Run one slice (one instruction when stepping) and report what stopped it. */
static void run_slice(Gdb *g)
{
    Arm11 *cpu = g->cpu;
    bool debug = g->stepping || g->nbps || g->nwps;
    set_attachment(g, debug);
    g->bp_hit = -1;
    g->watch_hit = false;
    uint64_t until = cpu->cycles + (g->stepping ? 1 : debug ? SLICE_DEBUG : SLICE_FAST);
    bool stuck = true;
    if (g->t->run)
        stuck = g->t->run(g->t->opaque, until);
    else
        arm_run(cpu, until);
    if (!debug) g->first_insn = false;
    int exit_status;
    if (g->t->run && !cpu->stop && g->t->exited && g->t->exited(g->t->opaque, &exit_status)) {
        program_exited(g, exit_status); /* e.g. the PMU powered the machine off */
        return;
    }

    if (g->watch_hit) {
        static const char *const kinds[] = {[Z_WRITE] = "watch", [Z_READ] = "rwatch", [Z_ACCESS] = "awatch"};
        char reason[40];
        roll_back(g);
        snprintf(reason, sizeof reason, "%s:%x;", kinds[g->watch_hit_type], g->watch_hit_addr);
        g->last_stop_watch = true;
        report_stop(g, GSIG_TRAP, reason);
        return;
    }
    g->last_stop_watch = false;
    if (cpu->stop) {
        int status;
        switch (cpu->stop_reason) {
        case STOP_EMPTY_VECTOR:
            report_exception(g);
            return;
        case STOP_HOOK:
            if (g->t->exited && g->t->exited(g->t->opaque, &status)) {
                program_exited(g, status);
                return;
            }
            break;
        case STOP_DEBUG:
            if (g->bp_hit >= 0) {
                /* name the kind only to a debugger that announced it knows it */
                bool hw = g->bps[g->bp_hit].type == Z_HW_BREAK;
                const char *why = hw ? (g->peer_hwbreak ? "hwbreak:;" : "")
                                     : (g->peer_swbreak ? "swbreak:;" : "");
                report_stop(g, GSIG_TRAP, why);
                return;
            }
            break;
        default:
            break;
        }
        report_stop(g, GSIG_TRAP, "");
        return;
    }
    /* WFI with no interrupt that could end it (the bare machine has no
     * interrupt sources): stop instead of sleeping forever.  The stop ends
     * the sleep, so continuing runs the instruction after the WFI. */
    bool asleep = cpu->halted && !cpu->irq_line && !cpu->fiq_line && stuck;
    if (asleep) cpu->halted = false;
    if (g->stepping) {
        report_stop(g, GSIG_TRAP, "");
    } else if (asleep) {
        char msg[160];
        snprintf(msg, sizeof msg,
                 "ipodsim: the program waits for an interrupt (WFI) at pc=0x%08x, but nothing can raise "
                 "one; stopped for the debugger\n",
                 cpu->r[15]);
        console_message(g, msg);
        report_stop(g, GSIG_TRAP, "");
    }
}

/* ---- packet handlers ------------------------------------------------------------ */

static void handle_read_regs(Gdb *g)
{
    Out *o = &g->out;
    uint8_t b[16];
    for (unsigned k = 0; k < NFEATURES; k++) {
        for (unsigned i = 0; i < features[k].count; i++) {
            features[k].get(g->cpu, i, b);
            out_hex(o, b, features[k].regs[i].bits / 8u);
        }
    }
    reply_out(g);
}

/* Decode exactly n bytes of hex at p into out; false on a non-hex digit. */
static bool decode_hex(const char *p, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int hi = hexval((unsigned char)p[2 * i]), lo = hi < 0 ? -1 : hexval((unsigned char)p[2 * i + 1]);
        if (lo < 0) return false;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

/* Length of a register payload: up to the end or a ';' (lldb's thread suffix). */
static size_t field_len(const char *p)
{
    size_t n = 0;
    while (p[n] && p[n] != ';') n++;
    return n;
}

static void handle_write_regs(Gdb *g, const char *p)
{
    size_t total = 0;
    for (unsigned k = 0; k < NFEATURES; k++)
        for (unsigned i = 0; i < features[k].count; i++) total += features[k].regs[i].bits / 8u;
    uint8_t buf[256];
    if (total > sizeof buf || field_len(p) != 2 * total || !decode_hex(p, buf, total)) {
        reply(g, "E01");
        return;
    }
    /* CPSR first: it decides how the pc is aligned. */
    const GdbFeature *f;
    unsigned idx;
    size_t off = 0;
    for (unsigned n = 0; find_reg(n, &f, &idx); n++) {
        if (n == REG_CPSR) f->set(g->cpu, idx, buf + off);
        off += f->regs[idx].bits / 8u;
    }
    off = 0;
    for (unsigned n = 0; find_reg(n, &f, &idx); n++) {
        if (n != REG_CPSR) f->set(g->cpu, idx, buf + off);
        off += f->regs[idx].bits / 8u;
    }
    reply(g, "OK");
}

static void handle_read_reg(Gdb *g, const char *p)
{
    uint32_t n;
    const GdbFeature *f;
    unsigned idx;
    if (!parse_u32(&p, &n) || (*p && *p != ';') || !find_reg(n, &f, &idx)) {
        reply(g, "E01");
        return;
    }
    uint8_t b[16];
    f->get(g->cpu, idx, b);
    g->out.len = 0;
    out_hex(&g->out, b, f->regs[idx].bits / 8u);
    reply_out(g);
}

static void handle_write_reg(Gdb *g, const char *p)
{
    uint32_t n;
    const GdbFeature *f;
    unsigned idx;
    uint8_t b[16];
    if (!parse_u32(&p, &n) || !skip_char(&p, '=') || !find_reg(n, &f, &idx)) {
        reply(g, "E01");
        return;
    }
    size_t bytes = f->regs[idx].bits / 8u;
    if (field_len(p) != 2 * bytes || !decode_hex(p, b, bytes)) {
        reply(g, "E01");
        return;
    }
    f->set(g->cpu, idx, b);
    reply(g, "OK");
}

/* m: read up to what fits in a reply; a partly readable range returns the
 * readable prefix (page by page), a wholly unreadable one E03. */
static void handle_read_mem(Gdb *g, const char *p)
{
    uint32_t addr, len;
    if (!parse_range(&p, &addr, &len) || *p) {
        reply(g, "E01");
        return;
    }
    uint8_t *buf = g->scratch;
    if (len > PKT_MAX / 2) len = PKT_MAX / 2;
    uint32_t done = 0;
    while (done < len) {
        uint32_t a = addr + done, chunk = 0x1000 - (a & 0xFFF);
        if (chunk > len - done) chunk = len - done;
        if (!arm_debug_read(g->cpu, a, buf + done, chunk)) break;
        done += chunk;
    }
    if (len && !done) {
        reply(g, "E03");
        return;
    }
    g->out.len = 0;
    out_hex(&g->out, buf, done);
    reply_out(g);
}

static void write_mem_reply(Gdb *g, uint32_t addr, const uint8_t *data, uint32_t len)
{
    reply(g, len == 0 || arm_debug_write(g->cpu, addr, data, len) ? "OK" : "E03");
}

static void handle_write_mem(Gdb *g, const char *p)
{
    uint32_t addr, len;
    uint8_t *buf = g->scratch;
    if (!parse_range(&p, &addr, &len) || !skip_char(&p, ':')) {
        reply(g, "E01");
        return;
    }
    if (len > PKT_MAX / 2) {
        reply(g, "E02");
        return;
    }
    if (strlen(p) != 2 * (size_t)len || !decode_hex(p, buf, len)) {
        reply(g, "E01");
        return;
    }
    write_mem_reply(g, addr, buf, len);
}

/* X: binary data, '}' escapes the next byte (XOR 0x20).  The data may hold
 * NUL bytes, so its end is the packet length, not a terminator. */
static void handle_write_bin(Gdb *g)
{
    const char *p = g->rx + 1, *end = g->rx + g->rx_len;
    uint32_t addr, len;
    uint8_t *buf = g->scratch;
    if (!parse_range(&p, &addr, &len) || !skip_char(&p, ':')) {
        reply(g, "E01");
        return;
    }
    size_t n = 0;
    bool ok = true;
    while (ok && p < end) {
        uint8_t c = (uint8_t)*p++;
        if (c == '}') {
            ok = p < end;
            c = ok ? (uint8_t)(*p++ ^ 0x20) : 0;
        }
        ok = ok && n < sizeof g->scratch;
        if (ok) buf[n++] = c;
    }
    if (!ok || n != len) {
        reply(g, "E01");
        return;
    }
    write_mem_reply(g, addr, buf, len);
}

static void handle_point(Gdb *g, const char *p, bool insert)
{
    uint64_t type;
    uint32_t addr, kind;
    if (!parse_hex(&p, &type) || !skip_char(&p, ',') || !parse_u32(&p, &addr) || !skip_char(&p, ',') ||
        !parse_u32(&p, &kind) || (*p && *p != ';')) {
        reply(g, "E01");
        return;
    }
    if (type == Z_SW_BREAK || type == Z_HW_BREAK) {
        addr &= ~1u;   /* Thumb addresses may come with bit 0 set */
        for (unsigned i = 0; i < g->nbps; i++) {
            if (g->bps[i].addr == addr && g->bps[i].type == type) {
                if (!insert) g->bps[i] = g->bps[--g->nbps];
                reply(g, "OK");
                return;
            }
        }
        if (insert) {
            if (g->nbps == MAX_BREAKPOINTS) {
                reply(g, "E04");
                return;
            }
            g->bps[g->nbps++] = (Breakpoint){.addr = addr, .type = (uint8_t)type};
        }
        reply(g, "OK");
    } else if (type >= Z_WRITE && type <= Z_ACCESS) {
        if (kind == 0 || kind > WATCH_MAX_LEN || kind > 0x100000000ull - addr) {
            reply(g, "E01");
            return;
        }
        for (unsigned i = 0; i < g->nwps; i++) {
            Watchpoint *w = &g->wps[i];
            if (w->addr == addr && w->len == kind && w->type == type) {
                if (!insert) *w = g->wps[--g->nwps];
                reply(g, "OK");
                return;
            }
        }
        if (insert) {
            if (g->nwps == MAX_WATCHPOINTS) {
                reply(g, "E04");
                return;
            }
            Watchpoint *w = &g->wps[g->nwps++];
            w->addr = addr;
            w->len = kind;
            w->type = (uint8_t)type;
            w->saved = false;
        }
        reply(g, "OK");
    } else {
        reply(g, "");
    }
}

/* c/s/C/S with an optional resume address ("cADDR", "Csig;ADDR"). */
static void handle_resume(Gdb *g, const char *p, bool step, bool has_signal)
{
    uint64_t sig;
    uint32_t addr;
    if (has_signal && (!parse_hex(&p, &sig) || (*p && !skip_char(&p, ';')))) {
        reply(g, "E01");
        return;
    }
    if (*p) {
        if (!parse_u32(&p, &addr) || *p) {
            reply(g, "E01");
            return;
        }
        g->cpu->r[15] = addr & ((g->cpu->cpsr & PSR_T) ? ~1u : ~3u);
    }
    resume(g, step);
}

/* vCont;ACTION[:THREAD][;ACTION[:THREAD]]...: with one thread the first
 * action decides (signals are not delivered; there are none to deliver). */
static void handle_vcont(Gdb *g, const char *p)
{
    char a = *p;
    if (a == 'c' || a == 's') {
        p++;
    } else if (a == 'C' || a == 'S') {
        uint64_t sig;
        p++;
        if (!parse_hex(&p, &sig)) {
            reply(g, "E01");
            return;
        }
    } else {
        reply(g, "E01");
        return;
    }
    if (*p && *p != ':' && *p != ';') {
        reply(g, "E01");
        return;
    }
    resume(g, a == 's' || a == 'S');
}

static void detach(Gdb *g)
{
    reply(g, "OK");
    close_conn(g, true);
    g->last_stop_watch = false;
    fflush(stdout);
    fprintf(stderr, "ipodsim: gdb: debugger detached; the program continues at pc=0x%08x\n", g->cpu->r[15]);
    resume(g, false);
}

static void kill_program(Gdb *g)
{
    close_conn(g, true);
    fflush(stdout);
    fprintf(stderr, "ipodsim: gdb: program killed by the debugger at pc=0x%08x\n", g->cpu->r[15]);
    g->quit = true;
    g->exit_status = GDB_EXIT_KILLED;
}

/* ---- monitor commands ----------------------------------------------------------- */

static void monitor_regs(const Arm11 *cpu, Text *t)
{
    static const unsigned modes[] = {MODE_USR, MODE_FIQ, MODE_IRQ, MODE_SVC, MODE_ABT, MODE_UND, MODE_MON};
    uint32_t c = cpu->cpsr;
    unsigned cur = c & PSR_MODE_MASK;
    text_printf(t, "cpsr %08x  mode %s  %c%c%c%c%c  GE=%x  %s%s%s%s %s\n", c, arm_mode_name(cur),
                c & PSR_N ? 'N' : 'n', c & PSR_Z ? 'Z' : 'z', c & PSR_C ? 'C' : 'c', c & PSR_V ? 'V' : 'v',
                c & PSR_Q ? 'Q' : 'q', (c & PSR_GE_MASK) >> PSR_GE_SHIFT, c & PSR_E ? "E " : "",
                c & PSR_A ? "A" : "", c & PSR_I ? "I" : "", c & PSR_F ? "F" : "",
                c & PSR_T ? "Thumb" : "ARM");
    text_printf(t, "r0-r7   ");
    for (int i = 0; i < 8; i++) text_printf(t, " %08x", cpu->r[i]);
    text_printf(t, "\npc       %08x\n", cpu->r[15]);
    text_printf(t, "         r8       r9       r10      r11      r12      sp       lr       spsr\n");
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        unsigned mode = modes[m];
        bool mine = mode == cur || (mode == MODE_USR && cur == MODE_SYS);
        text_printf(t, "%c%-7s", mine ? '*' : ' ', mode == MODE_USR ? "usr/sys" : arm_mode_name(mode));
        for (unsigned r = 8; r < 13; r++) {
            if (mode == MODE_USR || mode == MODE_FIQ) text_printf(t, " %08x", arm_get_reg_mode(cpu, mode, r));
            else text_printf(t, "         ");
        }
        text_printf(t, " %08x %08x", arm_get_reg_mode(cpu, mode, 13), arm_get_reg_mode(cpu, mode, 14));
        if (mode == MODE_USR) text_printf(t, " -\n");
        else text_printf(t, " %08x\n", arm_get_spsr_mode(cpu, mode));
    }
    const Cp15 *p = &cpu->cp15;
    text_printf(t, "cp15     sctlr %08x  ttbr0 %08x  ttbr1 %08x  ttbcr %08x  dacr %08x\n", p->sctlr, p->ttbr0,
                p->ttbr1, p->ttbcr, p->dacr);
    text_printf(t, "         dfsr  %08x  far   %08x  ifsr  %08x  ifar  %08x  vbar %08x\n", p->dfsr, p->far,
                p->ifsr, p->ifar, p->vbar);
}

static void monitor_points(const Gdb *g, Text *t)
{
    static const char *const names[] = {"break (Z0)", "hbreak (Z1)", "watch", "rwatch", "awatch"};
    if (!g->nbps && !g->nwps) text_printf(t, "no breakpoints or watchpoints\n");
    for (unsigned i = 0; i < g->nbps; i++)
        text_printf(t, "%-12s 0x%08x\n", names[g->bps[i].type], g->bps[i].addr);
    for (unsigned i = 0; i < g->nwps; i++)
        text_printf(t, "%-12s 0x%08x, %u bytes\n", names[g->wps[i].type], g->wps[i].addr, g->wps[i].len);
}

/* Run one of the mmu_dump_* printers into t (bounded: what does not fit is
 * cut, with a note). */
static void monitor_capture(Arm11 *cpu, Text *t, void (*dump)(Arm11 *, FILE *))
{
    size_t room = t->cap - t->len;
    static const char cut[] = "... (output cut: use --step's command for the whole dump)\n";
    if (room <= sizeof cut + 1) return;
    size_t cap = room - sizeof cut;
    FILE *f = fmemopen(t->buf + t->len, cap, "w");
    if (!f) {
        text_printf(t, "cannot capture the output\n");
        return;
    }
    setvbuf(f, NULL, _IONBF, 0);
    dump(cpu, f);
    long pos = ftell(f);
    fclose(f);
    size_t n = pos < 0 ? 0 : (size_t)pos;
    if (n >= cap) n = cap - 1;           /* fmemopen keeps a NUL at the end */
    n = strnlen(t->buf + t->len, n);
    t->len += n;
    t->buf[t->len] = '\0';
    if (n >= cap - 1) text_printf(t, "%s", cut);
}

/* monitor v2p ADDR [user] [write] */
static void monitor_v2p(Arm11 *cpu, const char *args, Text *t)
{
    char *end;
    while (*args == ' ') args++;
    unsigned long long va = strtoull(args, &end, 0);
    bool user = false, write = false, okargs = end != args && va <= 0xFFFFFFFFull;
    while (okargs && *end) {
        while (*end == ' ') end++;
        if (strncmp(end, "user", 4) == 0 && (end[4] == ' ' || !end[4])) user = true, end += 4;
        else if (strncmp(end, "write", 5) == 0 && (end[5] == ' ' || !end[5])) write = true, end += 5;
        else if (*end) okargs = false;
    }
    if (!okargs) {
        text_printf(t, "usage: monitor v2p ADDR [user] [write]\n");
        return;
    }
    char why[256];
    uint32_t pa = 0;
    bool ok = mmu_lookup(cpu, (uint32_t)va, user, write, &pa, why, sizeof why);
    if (ok) text_printf(t, "%s\nva 0x%08x -> pa 0x%08x (%s %s)\n", why, (uint32_t)va, pa,
                        user ? "user" : "priv", write ? "write" : "read");
    else text_printf(t, "%s\nva 0x%08x: no %s %s access\n", why, (uint32_t)va, user ? "user" : "priv",
                     write ? "write" : "read");
}

static void handle_monitor(Gdb *g, const char *p)
{
    char cmd[256];
    size_t n = strlen(p) / 2;
    if (strlen(p) % 2 || n >= sizeof cmd || !decode_hex(p, (uint8_t *)cmd, n)) {
        reply(g, "E01");
        return;
    }
    cmd[n] = '\0';
    char *s = cmd, *e = cmd + n;
    while (*s == ' ') s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\n')) *--e = '\0';

    char text[PKT_MAX / 2];             /* hex-encoded in the reply */
    Text t = {text, 0, sizeof text};
    text[0] = '\0';
    if (strcmp(s, "help") == 0 || *s == '\0') {
        text_printf(&t, "ipodsim monitor commands:\n"
                        "  monitor help     this list\n"
                        "  monitor regs     banked registers of every mode, CPSR decoded, CP15 MMU/fault\n"
                        "  monitor stats    emulated cycles and instructions so far\n"
                        "  monitor points   breakpoints and watchpoints the stub holds\n"
                        "  monitor mmu      page tables in use (contiguous runs, one line each)\n"
                        "  monitor tlb      valid entries of the emulated TLB\n"
                        "  monitor v2p ADDR [user] [write]\n"
                        "                   translate a virtual address with the current tables\n"
                        "                   (privileged read unless told), with the reason\n");
    } else if (strcmp(s, "regs") == 0) {
        monitor_regs(g->cpu, &t);
    } else if (strcmp(s, "stats") == 0) {
        text_printf(&t, "cycles=%llu insns=%llu\n", (unsigned long long)g->cpu->cycles,
                    (unsigned long long)g->cpu->insns);
    } else if (strcmp(s, "points") == 0) {
        monitor_points(g, &t);
    } else if (strcmp(s, "mmu") == 0) {
        monitor_capture(g->cpu, &t, mmu_dump_tables);
    } else if (strcmp(s, "tlb") == 0) {
        monitor_capture(g->cpu, &t, mmu_dump_tlb);
    } else if (strncmp(s, "v2p", 3) == 0 && (s[3] == ' ' || !s[3])) {
        monitor_v2p(g->cpu, s + 3, &t);
    } else {
        text_printf(&t, "unknown monitor command '%.64s'; 'monitor help' lists them\n", s);
    }
    g->out.len = 0;
    out_hex(&g->out, text, t.len);
    reply_out(g);
}

/* ---- queries -------------------------------------------------------------------- */

static void build_target_xml(Gdb *g)
{
    Text t = {g->xml, 0, sizeof g->xml};
    text_printf(&t, "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
                    "<target version=\"1.0\">\n<architecture>arm</architecture>\n");
    unsigned n = 0;
    for (unsigned k = 0; k < NFEATURES; k++) {
        text_printf(&t, "<feature name=\"%s\">\n", features[k].name);
        for (unsigned i = 0; i < features[k].count; i++, n++) {
            const GdbReg *r = &features[k].regs[i];
            text_printf(&t, "  <reg name=\"%s\" bitsize=\"%u\" type=\"%s\" regnum=\"%u\"", r->name, r->bits,
                        r->type, n);
            if (r->generic) text_printf(&t, " generic=\"%s\"", r->generic);
            text_printf(&t, "/>\n");
        }
        text_printf(&t, "</feature>\n");
    }
    text_printf(&t, "</target>\n");
    g->xml_len = t.len;
}

/* qXfer:features:read:ANNEX:OFFSET,LENGTH -> "m" + data (more follows) or
 * "l" + data (the end). */
static void handle_xfer_features(Gdb *g, const char *p)
{
    static const char annex[] = "target.xml:";
    uint32_t off, len;
    if (strncmp(p, annex, sizeof annex - 1) != 0) {
        reply(g, "E00");
        return;
    }
    p += sizeof annex - 1;
    if (!parse_range(&p, &off, &len) || *p) {
        reply(g, "E01");
        return;
    }
    Out *o = &g->out;
    o->len = 0;
    if (off >= g->xml_len) {
        reply(g, "l");
        return;
    }
    size_t n = g->xml_len - off;
    if (n > len) n = len;
    if (n > PKT_MAX - 1) n = PKT_MAX - 1;
    out_putc(o, off + n < g->xml_len ? 'm' : 'l');
    for (size_t i = 0; i < n; i++) out_putc(o, g->xml[off + i]);
    reply_out(g);
}

static void handle_supported(Gdb *g, const char *p)
{
    /* gdb's features: "name+", "name-", "name=value", separated by ';'. */
    while (*p) {
        size_t n = strcspn(p, ";");
        if (n == 8 && strncmp(p, "swbreak+", 8) == 0) g->peer_swbreak = true;
        if (n == 8 && strncmp(p, "hwbreak+", 8) == 0) g->peer_hwbreak = true;
        p += n;
        if (*p) p++;
    }
    char r[160];
    snprintf(r, sizeof r,
             "PacketSize=%x;qXfer:features:read+;swbreak+;hwbreak+;QStartNoAckMode+;"
             "vContSupported+",
             PKT_MAX);
    reply(g, r);
}

static const char *const lldb_triple = "armv6-unknown-none-eabi";

static void handle_register_info(Gdb *g, const char *p)
{
    uint32_t n;
    const GdbFeature *f;
    unsigned idx;
    if (!parse_u32(&p, &n) || *p) {
        reply(g, "E01");
        return;
    }
    if (!find_reg(n, &f, &idx)) {
        reply(g, "E45");   /* lldb's "no more registers" */
        return;
    }
    unsigned offset = 0;
    for (unsigned k = 0; k < n; k++) {
        const GdbFeature *fk;
        unsigned ik;
        if (find_reg(k, &fk, &ik)) offset += fk->regs[ik].bits / 8u;
    }
    const GdbReg *r = &f->regs[idx];
    Text t = {g->out.buf, 0, sizeof g->out.buf};
    bool fp = strcmp(r->type, "ieee_double") == 0;
    text_printf(&t, "name:%s;bitsize:%u;offset:%u;encoding:%s;format:%s;set:%s;", r->name, r->bits, offset,
                fp ? "ieee754" : "uint", fp ? "float" : "hex",
                f == &features[0] ? "General Purpose Registers" : "Floating Point Registers");
    if (r->dwarf >= 0) text_printf(&t, "ehframe:%d;dwarf:%d;", r->dwarf, r->dwarf);
    if (r->generic) text_printf(&t, "generic:%s;", r->generic);
    g->out.len = t.len;
    reply_out(g);
}

static void handle_query(Gdb *g, const char *q)
{
    Out *o = &g->out;
    o->len = 0;
    if (strncmp(q, "qSupported", 10) == 0 && (q[10] == '\0' || q[10] == ':')) {
        handle_supported(g, q[10] ? q + 11 : q + 10);
    } else if (strncmp(q, "qXfer:features:read:", 20) == 0) {
        handle_xfer_features(g, q + 20);
    } else if (strcmp(q, "qAttached") == 0 || strncmp(q, "qAttached:", 10) == 0) {
        reply(g, "1");   /* attached to a running program: quitting gdb detaches */
    } else if (strcmp(q, "qC") == 0) {
        reply(g, "QC01");
    } else if (strcmp(q, "qfThreadInfo") == 0) {
        reply(g, "m01");
    } else if (strcmp(q, "qsThreadInfo") == 0) {
        reply(g, "l");
    } else if (strncmp(q, "qRcmd,", 6) == 0) {
        handle_monitor(g, q + 6);
    } else if (strcmp(q, "qSymbol::") == 0) {
        reply(g, "OK");
    } else if (strcmp(q, "qHostInfo") == 0 || strcmp(q, "qProcessInfo") == 0) {
        if (q[1] == 'P') out_puts(o, "pid:1;");
        out_puts(o, "triple:");
        out_hex_str(o, lldb_triple);
        out_puts(o, ";endian:little;ptrsize:4;");
        if (q[1] == 'H') out_puts(o, "watchpoint_exceptions_received:before;");
        reply_out(g);
    } else if (strncmp(q, "qRegisterInfo", 13) == 0) {
        handle_register_info(g, q + 13);
    } else if (strncmp(q, "qWatchpointSupportInfo", 22) == 0) {
        char r[32];
        snprintf(r, sizeof r, "num:%u;", MAX_WATCHPOINTS);
        reply(g, r);
    } else if (strncmp(q, "qThreadStopInfo", 15) == 0) {
        reply(g, g->stop_reply);
    } else {
        reply(g, "");
    }
}

/* ---- dispatch ------------------------------------------------------------------- */

static void handle_packet(Gdb *g)
{
    const char *p = g->rx;
    g->out.len = 0;
    switch (p[0]) {
    case '?': reply(g, g->stop_reply); break;
    case 'g': handle_read_regs(g); break;
    case 'G': handle_write_regs(g, p + 1); break;
    case 'p': handle_read_reg(g, p + 1); break;
    case 'P': handle_write_reg(g, p + 1); break;
    case 'm': handle_read_mem(g, p + 1); break;
    case 'M': handle_write_mem(g, p + 1); break;
    case 'X': handle_write_bin(g); break;
    case 'Z': handle_point(g, p + 1, true); break;
    case 'z': handle_point(g, p + 1, false); break;
    case 'c': handle_resume(g, p + 1, false, false); break;
    case 's': handle_resume(g, p + 1, true, false); break;
    case 'C': handle_resume(g, p + 1, false, true); break;
    case 'S': handle_resume(g, p + 1, true, true); break;
    case 'H': reply(g, "OK"); break;
    case 'T': {
        const char *q = p + 1;
        uint32_t tid;
        reply(g, parse_u32(&q, &tid) && !*q && tid == 1 ? "OK" : "E01");
        break;
    }
    case 'D': detach(g); break;
    case 'k': kill_program(g); break;
    case 'q': handle_query(g, p); break;
    case 'Q':
        if (strcmp(p, "QStartNoAckMode") == 0) {
            reply(g, "OK");
            g->noack = true;
        } else {
            reply(g, "");
        }
        break;
    case 'v':
        if (strcmp(p, "vCont?") == 0) {
            reply(g, "vCont;c;C;s;S");
        } else if (strncmp(p, "vCont;", 6) == 0) {
            handle_vcont(g, p + 6);
        } else if (strcmp(p, "vKill") == 0 || strncmp(p, "vKill;", 6) == 0) {
            reply(g, "OK");
            kill_program(g);
        } else {
            reply(g, "");
        }
        break;
    default: reply(g, ""); break;
    }
}

/* One complete packet arrived with a valid checksum. */
static void packet_received(Gdb *g)
{
    if (!g->noack) send_raw(g, "+", 1);
    if (g->rx_overflow) {
        reply(g, "E02");
        return;
    }
    g->rx[g->rx_len] = '\0';
    handle_packet(g);
}

static void interrupt_request(Gdb *g)
{
    if (g->running) {
        g->last_stop_watch = false;
        report_stop(g, GSIG_INT, "");
    }
}

/* The receive state machine.  Outside a packet, '+' is an ack, '-' asks for
 * the last packet again, 0x03 is Ctrl-C and anything else is ignored. */
static void rx_byte(Gdb *g, uint8_t c)
{
    switch (g->rx_state) {
    case RX_IDLE:
        if (c == '$') {
            g->rx_state = RX_DATA;
            g->rx_len = 0;
            g->rx_sum = 0;
            g->rx_overflow = false;
        } else if (c == 0x03) {
            interrupt_request(g);
        } else if (c == '-' && !g->noack && g->tx_len) {
            send_raw(g, g->tx, g->tx_len);
        }
        break;
    case RX_DATA:
        if (c == '$') {            /* a new packet starts: drop the unfinished one */
            g->rx_len = 0;
            g->rx_sum = 0;
            g->rx_overflow = false;
        } else if (c == '#') {
            g->rx_state = RX_CSUM1;
        } else {
            g->rx_sum += c;
            if (g->rx_len < PKT_MAX) g->rx[g->rx_len++] = (char)c;
            else g->rx_overflow = true;
        }
        break;
    case RX_CSUM1:
    case RX_CSUM2: {
        int v = hexval(c);
        if (v < 0) {
            g->rx_state = RX_IDLE;
            if (!g->noack) send_raw(g, "-", 1);
            if (c == '$') rx_byte(g, c);
            break;
        }
        if (g->rx_state == RX_CSUM1) {
            g->rx_csum = (uint8_t)(v << 4);
            g->rx_state = RX_CSUM2;
            break;
        }
        g->rx_state = RX_IDLE;
        if ((uint8_t)(g->rx_csum | v) == g->rx_sum) packet_received(g);
        else if (!g->noack) send_raw(g, "-", 1);
        break;
    }
    }
}

static void read_conn(Gdb *g)
{
    uint8_t buf[4096];
    ssize_t n = recv(g->conn_fd, buf, sizeof buf, 0);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
    if (n <= 0) {
        conn_lost(g, n == 0 ? "closed by the debugger" : strerror(errno));
        return;
    }
    for (ssize_t i = 0; i < n && g->conn_fd >= 0 && !g->quit; i++) rx_byte(g, buf[i]);
}

/* Wait up to timeout_ms (-1 = forever) for socket activity and handle it. */
static void poll_io(Gdb *g, int timeout_ms)
{
    struct pollfd fds[2] = {{.fd = g->listen_fd, .events = POLLIN}, {.fd = g->conn_fd, .events = POLLIN}};
    nfds_t nfds = g->conn_fd >= 0 ? 2 : 1;
    if (poll(fds, nfds, timeout_ms) <= 0) return;
    if (nfds == 2 && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) read_conn(g);
    if (!g->quit && (fds[0].revents & POLLIN)) accept_conn(g);
}

int gdb_serve(const GdbOptions *opt, const GdbTarget *target)
{
    Gdb *g = calloc(1, sizeof *g);
    if (!g) {
        fprintf(stderr, "ipodsim: out of memory\n");
        return GDB_EXIT_SETUP;
    }
    g->t = target;
    g->cpu = target->cpu;
    g->conn_fd = -1;
    g->listen_fd = open_listener(opt->port, &g->port);
    if (g->listen_fd < 0) {
        fprintf(stderr, "ipodsim: gdb: cannot listen on 127.0.0.1:%d: %s\n", opt->port, strerror(errno));
        free(g);
        return GDB_EXIT_SETUP;
    }
    build_target_xml(g);
    g->dbg_break = (ArmDebug){.opaque = g, .before = dbg_before};
    g->dbg_watch = (ArmDebug){.opaque = g, .before = dbg_before, .mem = dbg_mem};
    set_stop_reply(g, GSIG_TRAP, "");
    g->running = !opt->wait;
    fflush(stdout);
    fprintf(stderr, "ipodsim: gdb: listening on 127.0.0.1:%u (%s)\n", g->port,
            opt->wait ? "the program starts when the debugger continues it" : "the program is running");

    while (!g->quit) {
        if (*target->interrupted) {
            fflush(stdout);
            fprintf(stderr, "ipodsim: interrupted at pc=0x%08x\n", g->cpu->r[15]);
            g->exit_status = target->interrupted_status;
            break;
        }
        if (g->running) {
            run_slice(g);
            if (!g->quit) poll_io(g, 0);
        } else {
            poll_io(g, -1);
        }
    }
    close_conn(g, false);
    close(g->listen_fd);
    arm_set_debug(g->cpu, NULL);
    int status = g->exit_status;
    free(g);
    return status;
}
