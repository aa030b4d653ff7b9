/* ARM semihosting host side (see soc/semihost.h for the interface).
 *
 * Follows "Semihosting for AArch32 and AArch64" v2.0 (ARM DUI 0471 / the
 * ARM-software/abi-aa semihosting spec) for the operations newlib's rdimon
 * library uses, plus the v2.0 extensions SYS_EXIT_EXTENDED and the
 * ":semihosting-features" file.  Where the spec leaves room, answers match
 * what qemu-system-arm -semihosting gives the same guest, except:
 *  - SYS_SYSTEM never runs a host command (returns -1);
 *  - SYS_CLOCK / SYS_ELAPSED / SYS_TICKFREQ count emulated cycles at 533 MHz;
 *  - SYS_ISTTY says 1 for ":tt" handles whatever the host's stdout is, so
 *    newlib line-buffers the console the same way on every run;
 *  - a bad guest pointer makes the call return -1 with errno EFAULT;
 *  - SYS_ERRNO values use newlib's numbering (host errno values translated);
 *  - an unknown operation returns -1 with a one-time warning (QEMU aborts). */
#define _POSIX_C_SOURCE 200809L
#include "soc/semihost.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum FileKind { FK_FREE = 0, FK_HOST, FK_CON_IN, FK_CON_OUT, FK_CON_ERR, FK_FEATURES };

#define MAX_HANDLES 128      /* handle numbers 1..127; 0 is never a valid handle */
#define MAX_NAME 4096        /* longest host file name accepted from the guest */
#define PAGE 4096u           /* guest copies never cross a page in one access */

/* newlib's numbers for the errno values that differ between hosts (1-34 are
 * the same on Linux, the BSDs, macOS and newlib). */
enum { NL_EIO = 5, NL_EFAULT = 14, NL_EINVAL = 22, NL_EMFILE = 24, NL_ESPIPE = 29, NL_EBADF = 9,
       NL_EACCES = 13, NL_EPERM = 1, NL_ENOSYS = 88, NL_ENOTEMPTY = 90, NL_ENAMETOOLONG = 91,
       NL_ELOOP = 92, NL_EOVERFLOW = 139 };

typedef struct SemiFile {
    uint8_t kind;
    bool last_write;         /* last access wrote: C needs a seek before reading */
    uint32_t pos;            /* FK_FEATURES read position */
    FILE *f;
} SemiFile;

struct Semihost {
    SemihostConfig cfg;
    char *cmdline;
    SemiFile files[MAX_HANDLES];
    uint32_t err;            /* SYS_ERRNO, newlib numbering */
    bool exited;
    int status;
    bool warned_cmdline, warned_system, warned_high_op;
    uint8_t warned_op[0x200 / 8];
    uint8_t buf[PAGE];
};

static const uint8_t features_file[SEMIHOST_FEATURES_LEN] = { 'S', 'H', 'F', 'B', 0x03 };

static const char *const fopen_modes[12] = {
    "r", "rb", "r+", "r+b", "w", "wb", "w+", "w+b", "a", "ab", "a+", "a+b",
};

static uint32_t errno_to_newlib(int e)
{
    if (e >= 1 && e <= 34)
        return (uint32_t)e;
    switch (e) {
    case ENAMETOOLONG: return NL_ENAMETOOLONG;
    case ENOSYS: return NL_ENOSYS;
    case ENOTEMPTY: return NL_ENOTEMPTY;
    case ELOOP: return NL_ELOOP;
    case EOVERFLOW: return NL_EOVERFLOW;
    default: return NL_EIO;
    }
}

/* Record an error and return the usual failure value. */
static uint32_t fail_nl(Semihost *sh, uint32_t nl_errno)
{
    sh->err = nl_errno;
    return UINT32_MAX;
}

static uint32_t fail_host(Semihost *sh)
{
    return fail_nl(sh, errno_to_newlib(errno));
}

__attribute__((format(printf, 2, 3))) static void warn(Semihost *sh, const char *fmt, ...)
{
    va_list ap;
    fflush(sh->cfg.con_out);
    fputs("ipodsim: semihosting: ", sh->cfg.log);
    va_start(ap, fmt);
    vfprintf(sh->cfg.log, fmt, ap);
    va_end(ap);
    fputc('\n', sh->cfg.log);
    fflush(sh->cfg.log);
}

/* ---- guest memory ---------------------------------------------------------- */

static bool range_ok(uint32_t va, uint64_t len)
{
    return (uint64_t)va + len <= (1ull << 32);
}

static bool guest_read(Arm11 *cpu, uint32_t va, void *buf, uint32_t len)
{
    return range_ok(va, len) && (len == 0 || arm_debug_read(cpu, va, buf, len));
}

static bool guest_write(Arm11 *cpu, uint32_t va, const void *buf, uint32_t len)
{
    return range_ok(va, len) && (len == 0 || arm_debug_write(cpu, va, buf, len));
}

/* Parameter blocks are arrays of little-endian 32-bit words. */
static bool get_words(Arm11 *cpu, uint32_t va, uint32_t *w, unsigned n)
{
    uint8_t b[16];
    if (n > 4 || !guest_read(cpu, va, b, 4 * n))
        return false;
    for (unsigned i = 0; i < n; i++)
        w[i] = (uint32_t)b[4 * i] | (uint32_t)b[4 * i + 1] << 8 | (uint32_t)b[4 * i + 2] << 16 |
               (uint32_t)b[4 * i + 3] << 24;
    return true;
}

static bool put_words(Arm11 *cpu, uint32_t va, const uint32_t *w, unsigned n)
{
    uint8_t b[16];
    if (n > 4)
        return false;
    for (unsigned i = 0; i < n; i++)
        for (unsigned k = 0; k < 4; k++)
            b[4 * i + k] = (uint8_t)(w[i] >> (8 * k));
    return guest_write(cpu, va, b, 4 * n);
}

/* Is every page of [va, va + len) mapped?  Checked before a transfer starts so
 * that a bogus length fails cleanly instead of after a partial copy. */
static bool range_mapped(Arm11 *cpu, uint32_t va, uint32_t len)
{
    uint8_t b;
    if (!range_ok(va, len))
        return false;
    if (len == 0)
        return true;
    uint32_t last = va + (len - 1);
    for (uint32_t p = va & ~(PAGE - 1); ; p += PAGE) {
        if (!arm_debug_read(cpu, p < va ? va : p, &b, 1))
            return false;
        if (p >= (last & ~(PAGE - 1)))
            break;
    }
    return true;
}

/* Bytes from va up to the end of its page, at most left. */
static uint32_t chunk_len(uint32_t va, uint64_t left)
{
    uint32_t room = PAGE - (va & (PAGE - 1));
    return left < room ? (uint32_t)left : room;
}

/* Read a file name of len bytes (no terminator) into out[MAX_NAME + 1]. */
static bool get_name(Semihost *sh, Arm11 *cpu, uint32_t va, uint32_t len, char *out)
{
    if (len > MAX_NAME) {
        sh->err = NL_ENAMETOOLONG;
        return false;
    }
    if (!guest_read(cpu, va, out, len)) {
        sh->err = NL_EFAULT;
        return false;
    }
    out[len] = '\0';
    return true;
}

/* ---- handles ----------------------------------------------------------------- */

static SemiFile *get_file(Semihost *sh, uint32_t h)
{
    if (h == 0 || h >= MAX_HANDLES || sh->files[h].kind == FK_FREE)
        return NULL;
    return &sh->files[h];
}

static uint32_t alloc_handle(Semihost *sh)
{
    for (uint32_t h = 1; h < MAX_HANDLES; h++)
        if (sh->files[h].kind == FK_FREE)
            return h;
    return 0;
}

static void con_write(Semihost *sh, int kind, const void *buf, size_t n)
{
    if (kind == FK_CON_ERR) {
        fflush(sh->cfg.con_out);   /* keep stdout and stderr in program order */
        fwrite(buf, 1, n, sh->cfg.con_err);
        fflush(sh->cfg.con_err);
    } else {
        fwrite(buf, 1, n, sh->cfg.con_out);
    }
}

/* Switching a read/write stream between input and output needs a seek (C11
 * 7.21.5.3); the guest cannot know that, so do it for it. */
static void switch_direction(SemiFile *sf, bool writing)
{
    if (sf->last_write != writing)
        fseek(sf->f, 0, SEEK_CUR);
    sf->last_write = writing;
}

/* ---- operations ---------------------------------------------------------------- */

static uint32_t op_open(Semihost *sh, Arm11 *cpu, uint32_t r1)
{
    uint32_t a[3];
    char name[MAX_NAME + 1];
    if (!get_words(cpu, r1, a, 3))
        return fail_nl(sh, NL_EFAULT);
    uint32_t mode = a[1];
    if (mode > 11)
        return fail_nl(sh, NL_EINVAL);
    if (!get_name(sh, cpu, a[0], a[2], name))
        return UINT32_MAX;
    uint32_t h = alloc_handle(sh);
    if (!h)
        return fail_nl(sh, NL_EMFILE);
    SemiFile *sf = &sh->files[h];
    if (strcmp(name, ":tt") == 0) {
        /* r* = stdin, w* = stdout, a* = stderr (SH_EXT_STDOUT_STDERR) */
        static const uint8_t kinds[3] = { FK_CON_IN, FK_CON_OUT, FK_CON_ERR };
        sf->kind = kinds[mode / 4];
    } else if (strcmp(name, ":semihosting-features") == 0) {
        if (mode > 1)
            return fail_nl(sh, NL_EACCES);
        sf->kind = FK_FEATURES;
        sf->pos = 0;
    } else {
        FILE *f = fopen(name, fopen_modes[mode]);
        if (!f)
            return fail_host(sh);
        sf->kind = FK_HOST;
        sf->f = f;
        sf->last_write = mode >= 8;   /* append streams start writing */
    }
    return h;
}

static uint32_t op_close(Semihost *sh, Arm11 *cpu, uint32_t r1)
{
    uint32_t h;
    if (!get_words(cpu, r1, &h, 1))
        return fail_nl(sh, NL_EFAULT);
    SemiFile *sf = get_file(sh, h);
    if (!sf)
        return fail_nl(sh, NL_EBADF);
    uint32_t ret = 0;
    if (sf->kind == FK_HOST && fclose(sf->f) != 0)
        ret = fail_host(sh);
    else if (sf->kind == FK_CON_OUT || sf->kind == FK_CON_ERR)
        fflush(sf->kind == FK_CON_OUT ? sh->cfg.con_out : sh->cfg.con_err);
    memset(sf, 0, sizeof(*sf));
    return ret;
}

static void op_writec(Semihost *sh, Arm11 *cpu, uint32_t r1)
{
    uint8_t c;
    if (!guest_read(cpu, r1, &c, 1))
        return;
    con_write(sh, FK_CON_OUT, &c, 1);
    if (c == '\n')
        fflush(sh->cfg.con_out);
}

static void op_write0(Semihost *sh, Arm11 *cpu, uint32_t va)
{
    for (;;) {
        uint32_t n = chunk_len(va, 256);
        if (!guest_read(cpu, va, sh->buf, n))
            break;
        uint8_t *nul = memchr(sh->buf, 0, n);
        con_write(sh, FK_CON_OUT, sh->buf, nul ? (size_t)(nul - sh->buf) : n);
        if (nul || va + n < va)
            break;
        va += n;
    }
    fflush(sh->cfg.con_out);
}

static uint32_t op_write(Semihost *sh, Arm11 *cpu, uint32_t r1)
{
    uint32_t a[3];
    if (!get_words(cpu, r1, a, 3))
        return fail_nl(sh, NL_EFAULT);
    uint32_t va = a[1], len = a[2], left = len;
    SemiFile *sf = get_file(sh, a[0]);
    if (!sf || sf->kind == FK_CON_IN || sf->kind == FK_FEATURES) {
        sh->err = NL_EBADF;
        return len;   /* nothing written */
    }
    if (!range_mapped(cpu, va, len))
        return fail_nl(sh, NL_EFAULT);
    if (sf->kind == FK_HOST)
        switch_direction(sf, true);
    while (left) {
        uint32_t n = chunk_len(va, left);
        if (!guest_read(cpu, va, sh->buf, n))
            return fail_nl(sh, NL_EFAULT);
        if (sf->kind == FK_HOST) {
            size_t done = fwrite(sh->buf, 1, n, sf->f);
            if (done < n) {
                sh->err = errno_to_newlib(errno);
                return left - (uint32_t)done;
            }
        } else {
            con_write(sh, sf->kind, sh->buf, n);
        }
        va += n;
        left -= n;
    }
    if (sf->kind == FK_CON_OUT)
        fflush(sh->cfg.con_out);
    return 0;
}

/* One console byte or EOF.  End of input is not sticky, as with read() on a
 * terminal: after Ctrl-D the program may read again. */
static int con_getc(Semihost *sh)
{
    int c = getc(sh->cfg.con_in);
    if (c == EOF)
        clearerr(sh->cfg.con_in);
    return c;
}

/* Console input: like a terminal read(), stop after a newline. */
static uint32_t con_read(Semihost *sh, uint8_t *buf, uint32_t n, bool *more)
{
    uint32_t i = 0;
    *more = false;
    while (i < n) {
        int c = con_getc(sh);
        if (c == EOF)
            return i;
        buf[i++] = (uint8_t)c;
        if (c == '\n')
            return i;
    }
    *more = true;
    return i;
}

static uint32_t op_read(Semihost *sh, Arm11 *cpu, uint32_t r1)
{
    uint32_t a[3];
    if (!get_words(cpu, r1, a, 3))
        return fail_nl(sh, NL_EFAULT);
    uint32_t va = a[1], len = a[2], left = len;
    SemiFile *sf = get_file(sh, a[0]);
    if (!sf || sf->kind == FK_CON_OUT || sf->kind == FK_CON_ERR) {
        sh->err = NL_EBADF;
        return len;   /* nothing read */
    }
    if (!range_mapped(cpu, va, len))
        return fail_nl(sh, NL_EFAULT);
    if (sf->kind == FK_CON_IN)
        fflush(sh->cfg.con_out);   /* show the prompt before waiting */
    if (sf->kind == FK_HOST)
        switch_direction(sf, false);
    while (left) {
        uint32_t n = chunk_len(va, left), got;
        bool more;
        if (sf->kind == FK_HOST) {
            got = (uint32_t)fread(sh->buf, 1, n, sf->f);
            more = got == n;
            if (ferror(sf->f))
                sh->err = errno_to_newlib(errno);
        } else if (sf->kind == FK_FEATURES) {
            uint32_t avail = sf->pos < SEMIHOST_FEATURES_LEN ? SEMIHOST_FEATURES_LEN - sf->pos : 0;
            got = n < avail ? n : avail;
            memcpy(sh->buf, features_file + sf->pos, got);
            sf->pos += got;
            more = got == n;
        } else {
            got = con_read(sh, sh->buf, n, &more);
        }
        if (!guest_write(cpu, va, sh->buf, got))
            return fail_nl(sh, NL_EFAULT);
        va += got;
        left -= got;
        if (!more)
            break;
    }
    return left;
}

static uint32_t op_readc(Semihost *sh)
{
    fflush(sh->cfg.con_out);
    int c = con_getc(sh);
    return c == EOF ? UINT32_MAX : (uint32_t)c;
}

static uint32_t op_istty(Semihost *sh, Arm11 *cpu, uint32_t r1)
{
    uint32_t h;
    if (!get_words(cpu, r1, &h, 1))
        return fail_nl(sh, NL_EFAULT);
    SemiFile *sf = get_file(sh, h);
    if (!sf)
        return fail_nl(sh, NL_EBADF);
    switch (sf->kind) {
    case FK_CON_IN: case FK_CON_OUT: case FK_CON_ERR: return 1;
    case FK_HOST: return isatty(fileno(sf->f)) ? 1 : 0;
    default: return 0;
    }
}

static uint32_t op_seek(Semihost *sh, Arm11 *cpu, uint32_t r1)
{
    uint32_t a[2];
    if (!get_words(cpu, r1, a, 2))
        return fail_nl(sh, NL_EFAULT);
    SemiFile *sf = get_file(sh, a[0]);
    if (!sf)
        return fail_nl(sh, NL_EBADF);
    switch (sf->kind) {
    case FK_HOST:
        if (fseek(sf->f, (long)a[1], SEEK_SET) != 0)
            return fail_host(sh);
        return 0;
    case FK_FEATURES:
        if (a[1] > SEMIHOST_FEATURES_LEN)
            return fail_nl(sh, NL_EINVAL);
        sf->pos = a[1];
        return 0;
    default:
        return fail_nl(sh, NL_ESPIPE);
    }
}

static uint32_t op_flen(Semihost *sh, Arm11 *cpu, uint32_t r1)
{
    uint32_t h;
    struct stat st;
    if (!get_words(cpu, r1, &h, 1))
        return fail_nl(sh, NL_EFAULT);
    SemiFile *sf = get_file(sh, h);
    if (!sf)
        return fail_nl(sh, NL_EBADF);
    switch (sf->kind) {
    case FK_HOST:
        fflush(sf->f);
        if (fstat(fileno(sf->f), &st) != 0)
            return fail_host(sh);
        if (st.st_size < 0 || (uint64_t)st.st_size >= UINT32_MAX)
            return fail_nl(sh, NL_EOVERFLOW);
        return (uint32_t)st.st_size;
    case FK_FEATURES:
        return SEMIHOST_FEATURES_LEN;
    default:
        return 0;   /* consoles have no length (QEMU answers 0 too) */
    }
}

static uint32_t op_tmpnam(Semihost *sh, Arm11 *cpu, uint32_t r1)
{
    uint32_t a[3];
    char name[MAX_NAME + 64];
    if (!get_words(cpu, r1, a, 3))
        return fail_nl(sh, NL_EFAULT);
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir || strlen(dir) > MAX_NAME)
        dir = "/tmp";
    int n = snprintf(name, sizeof(name), "%s/ipodsim-%ld-%02x", dir, (long)getpid(), a[1] & 0xFF);
    if (n < 0 || (uint32_t)n + 1 > a[2])
        return fail_nl(sh, NL_EINVAL);
    if (!guest_write(cpu, a[0], name, (uint32_t)n + 1))
        return fail_nl(sh, NL_EFAULT);
    return 0;
}

static uint32_t op_remove(Semihost *sh, Arm11 *cpu, uint32_t r1)
{
    uint32_t a[2];
    char name[MAX_NAME + 1];
    if (!get_words(cpu, r1, a, 2))
        return fail_nl(sh, NL_EFAULT);
    if (!get_name(sh, cpu, a[0], a[1], name))
        return UINT32_MAX;
    return remove(name) == 0 ? 0 : fail_host(sh);
}

static uint32_t op_rename(Semihost *sh, Arm11 *cpu, uint32_t r1)
{
    uint32_t a[4];
    char from[MAX_NAME + 1], to[MAX_NAME + 1];
    if (!get_words(cpu, r1, a, 4))
        return fail_nl(sh, NL_EFAULT);
    if (!get_name(sh, cpu, a[0], a[1], from) || !get_name(sh, cpu, a[2], a[3], to))
        return UINT32_MAX;
    return rename(from, to) == 0 ? 0 : fail_host(sh);
}

static uint32_t op_get_cmdline(Semihost *sh, Arm11 *cpu, uint32_t r1)
{
    uint32_t a[2];
    if (!get_words(cpu, r1, a, 2))
        return fail_nl(sh, NL_EFAULT);
    size_t n = strlen(sh->cmdline);
    if (n + 1 > a[1]) {
        if (!sh->warned_cmdline)
            warn(sh, "SYS_GET_CMDLINE: the command line (%zu bytes) does not fit the guest's "
                     "%u-byte buffer", n, a[1]);
        sh->warned_cmdline = true;
        return fail_nl(sh, NL_EINVAL);
    }
    uint32_t len = (uint32_t)n;
    if (!guest_write(cpu, a[0], sh->cmdline, len + 1) || !put_words(cpu, r1 + 4, &len, 1))
        return fail_nl(sh, NL_EFAULT);
    return 0;
}

static uint32_t op_heapinfo(Semihost *sh, Arm11 *cpu, uint32_t r1)
{
    uint32_t block;
    const uint32_t info[4] = { sh->cfg.heap_base, sh->cfg.heap_limit, sh->cfg.stack_base,
                               sh->cfg.stack_limit };
    if (!get_words(cpu, r1, &block, 1) || !put_words(cpu, block, info, 4))
        return fail_nl(sh, NL_EFAULT);
    return 0;
}

static const char *stop_reason_name(uint32_t reason)
{
    static const char *const names[] = {
        [0x00] = "BranchThroughZero", [0x01] = "UndefinedInstr", [0x02] = "SoftwareInterrupt",
        [0x03] = "PrefetchAbort", [0x04] = "DataAbort", [0x05] = "AddressException",
        [0x06] = "IRQ", [0x07] = "FIQ", [0x20] = "BreakPoint", [0x21] = "WatchPoint",
        [0x22] = "StepComplete", [0x23] = "RunTimeErrorUnknown", [0x24] = "InternalError",
        [0x25] = "UserInterruption", [0x26] = "ApplicationExit", [0x27] = "StackOverflow",
        [0x28] = "DivisionByZero", [0x29] = "OSSpecific",
    };
    uint32_t i = reason - 0x20000;
    if (reason >= 0x20000 && i < sizeof(names) / sizeof(names[0]) && names[i])
        return names[i];
    return "unknown reason";
}

static void do_exit(Semihost *sh, Arm11 *cpu, uint32_t reason, uint32_t subcode, bool extended)
{
    if (reason == ADP_STOPPED_APPLICATION_EXIT) {
        /* SYS_EXIT in AArch32 carries no status; SYS_EXIT_EXTENDED does. */
        sh->status = extended ? (int)(subcode & 0xFF) : 0;
    } else {
        sh->status = 1;
        warn(sh, "guest stopped with reason 0x%x (%s)", reason, stop_reason_name(reason));
    }
    sh->exited = true;
    cpu->stop = true;
    cpu->stop_reason = STOP_HOOK;
}

void semihost_call(Semihost *sh, Arm11 *cpu)
{
    uint32_t op = cpu->r[0], r1 = cpu->r[1], a[2];
    uint32_t res = cpu->r[0];
    switch (op) {
    case SYS_OPEN: res = op_open(sh, cpu, r1); break;
    case SYS_CLOSE: res = op_close(sh, cpu, r1); break;
    case SYS_WRITEC: op_writec(sh, cpu, r1); break;
    case SYS_WRITE0: op_write0(sh, cpu, r1); break;
    case SYS_WRITE: res = op_write(sh, cpu, r1); break;
    case SYS_READ: res = op_read(sh, cpu, r1); break;
    case SYS_READC: res = op_readc(sh); break;
    case SYS_ISERROR:
        res = get_words(cpu, r1, a, 1) ? (uint32_t)((int32_t)a[0] < 0) : fail_nl(sh, NL_EFAULT);
        break;
    case SYS_ISTTY: res = op_istty(sh, cpu, r1); break;
    case SYS_SEEK: res = op_seek(sh, cpu, r1); break;
    case SYS_FLEN: res = op_flen(sh, cpu, r1); break;
    case SYS_TMPNAM: res = op_tmpnam(sh, cpu, r1); break;
    case SYS_REMOVE: res = op_remove(sh, cpu, r1); break;
    case SYS_RENAME: res = op_rename(sh, cpu, r1); break;
    case SYS_CLOCK: res = (uint32_t)(arm_cycles(cpu) / (SEMIHOST_TICK_HZ / 100)); break;
    case SYS_TIME: res = (uint32_t)time(NULL); break;
    case SYS_SYSTEM:
        if (!sh->warned_system)
            warn(sh, "guest asked to run a host command (SYS_SYSTEM); refused");
        sh->warned_system = true;
        res = fail_nl(sh, NL_EPERM);
        break;
    case SYS_ERRNO: res = sh->err; break;
    case SYS_GET_CMDLINE: res = op_get_cmdline(sh, cpu, r1); break;
    case SYS_HEAPINFO: res = op_heapinfo(sh, cpu, r1); break;
    case SYS_EXIT: do_exit(sh, cpu, r1, 0, false); break;
    case SYS_EXIT_EXTENDED:
        if (get_words(cpu, r1, a, 2))
            do_exit(sh, cpu, a[0], a[1], true);
        else
            res = fail_nl(sh, NL_EFAULT);
        break;
    case SYS_ELAPSED:
        a[0] = (uint32_t)arm_cycles(cpu);
        a[1] = (uint32_t)(arm_cycles(cpu) >> 32);
        res = put_words(cpu, r1, a, 2) ? 0 : fail_nl(sh, NL_EFAULT);
        break;
    case SYS_TICKFREQ: res = SEMIHOST_TICK_HZ; break;
    default: {
        bool warned;
        if (op < 0x200) {
            warned = sh->warned_op[op / 8] & (1u << (op % 8));
            sh->warned_op[op / 8] |= (uint8_t)(1u << (op % 8));
        } else {
            warned = sh->warned_high_op;
            sh->warned_high_op = true;
        }
        if (!warned)
            warn(sh, "unsupported operation 0x%x; returning -1", op);
        res = fail_nl(sh, NL_ENOSYS);
        break;
    }
    }
    cpu->r[0] = res;
}

bool semihost_svc(Semihost *sh, Arm11 *cpu, uint32_t imm, bool thumb)
{
    if (imm != (thumb ? 0xABu : 0x123456u))
        return false;
    semihost_call(sh, cpu);
    return true;
}

bool semihost_bkpt(Semihost *sh, Arm11 *cpu, uint32_t imm, bool thumb)
{
    (void)thumb;
    if (imm != 0xAB)
        return false;
    semihost_call(sh, cpu);
    return true;
}

bool semihost_exited(const Semihost *sh, int *status)
{
    if (sh->exited && status)
        *status = sh->status;
    return sh->exited;
}

Semihost *semihost_create(const SemihostConfig *cfg)
{
    Semihost *sh = calloc(1, sizeof(*sh));
    if (!sh)
        return NULL;
    sh->cfg = *cfg;
    if (!sh->cfg.con_in)
        sh->cfg.con_in = stdin;
    if (!sh->cfg.con_out)
        sh->cfg.con_out = stdout;
    if (!sh->cfg.con_err)
        sh->cfg.con_err = stderr;
    if (!sh->cfg.log)
        sh->cfg.log = stderr;
    sh->cmdline = strdup(cfg->cmdline ? cfg->cmdline : "");
    if (!sh->cmdline) {
        free(sh);
        return NULL;
    }
    return sh;
}

void semihost_destroy(Semihost *sh)
{
    if (!sh)
        return;
    for (unsigned h = 1; h < MAX_HANDLES; h++)
        if (sh->files[h].kind == FK_HOST)
            fclose(sh->files[h].f);
    fflush(sh->cfg.con_out);
    fflush(sh->cfg.con_err);
    free(sh->cmdline);
    free(sh);
}

/* Does arg need quotes for crt0's splitter (blank-separated, a leading ' or "
 * opens a quoted argument running to the matching quote)? */
static bool needs_quotes(const char *arg)
{
    return arg[0] == '\0' || arg[0] == '"' || arg[0] == '\'' || strchr(arg, ' ') != NULL;
}

char *semihost_make_cmdline(const char *prog, int argc, char *const argv[], bool *exact)
{
    size_t cap = 1;
    bool ok = true;
    for (int i = -1; i < argc; i++)
        cap += strlen(i < 0 ? prog : argv[i]) + 3;
    char *out = malloc(cap), *p = out;
    if (!out)
        return NULL;
    for (int i = -1; i < argc; i++) {
        const char *arg = i < 0 ? prog : argv[i];
        if (i >= 0)
            *p++ = ' ';
        if (needs_quotes(arg)) {
            char q = strchr(arg, '"') ? '\'' : '"';
            if (strchr(arg, q))
                ok = false;
            *p++ = q;
            p += strlen(strcpy(p, arg));
            *p++ = q;
        } else {
            p += strlen(strcpy(p, arg));
        }
    }
    *p = '\0';
    if (exact)
        *exact = ok;
    return out;
}
