/* AT25DF081A SPI NOR flash: command state machine, busy timing and the
 * crash-safe image file (dev/nor.h; docs/devices/nor.md).
 *
 * The flash sees a stream of bytes between chip-select low and high.  The
 * first byte is the opcode; address, dummy and data bytes follow.  Commands
 * that change the array or the status register only take effect at
 * chip-select high; program and erase then run for their typical time, and
 * the array changes when EV_NOR fires. */
#include "dev/nor.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "soc/clocks.h"
#include "soc/fileio.h"
#include "soc/state.h"

enum NorPhase { PH_OPCODE, PH_ADDR, PH_DUMMY, PH_DATA, PH_IGNORE };
enum NorOp { OP_NONE, OP_PROGRAM, OP_ERASE };

/* Journal record: magic, kind, offset, length (LE u32 each), `length` data
 * bytes for a program record, then the CRC-32 of everything before it. */
#define JOURNAL_MAGIC 0x4A524F4Eu /* "NORJ" */
#define JOURNAL_HDR 16u
#define JOURNAL_MAX (JOURNAL_HDR + NOR_PAGE_SIZE + 4u)

typedef struct NorPort {
    struct NorDev *n;
    unsigned port;
} NorPort;

struct NorDev {
    Scheduler *sched;
    Log *log;
    uint8_t *mem;
    char *path, *journal_path;
    int jfd;
    char io_err[256];
    NorPort ports[NOR_PORTS];
    SpiTarget targets[NOR_PORTS];

    bool cs_low[NOR_PORTS];
    bool selected;
    /* Current command. */
    uint8_t opcode, phase, count, idx;
    uint32_t addr;
    uint8_t wrsr_data;
    bool wrsr_have, have_data;
    /* Page program buffer, indexed by the byte's position in its page. */
    uint8_t pbuf[NOR_PAGE_SIZE], pvalid[NOR_PAGE_SIZE];
    /* Status. */
    bool wel, sprl;
    uint16_t prot; /* bit s: 64 KiB sector s protected */
    /* The operation in progress (BUSY while op != OP_NONE). */
    uint8_t op;
    uint32_t op_addr, op_len;
    uint8_t jbuf[JOURNAL_MAX];
};

static const uint8_t jedec_id[4] = { 0x1F, 0x45, 0x02, 0x00 };

/* ---- host files ---- */

static uint32_t crc32_calc(const uint8_t *p, size_t len)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < len; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void seterr(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* Remember the first host I/O error and report it once in the log. */
static void io_fail(NorDev *n, const char *what, const char *file)
{
    if (n->io_err[0]) return;
    snprintf(n->io_err, sizeof n->io_err, "NOR %s '%s': %s", what, file, strerror(errno));
    log_msg(n->log, LOG_GUEST_ERR | LOG_DEV, "nor", "host I/O error: %s", n->io_err);
}

static bool write_all(int fd, const uint8_t *p, size_t len)
{
    while (len) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        p += w;
        len -= (size_t)w;
    }
    return true;
}

static bool read_all(int fd, uint8_t *p, size_t len, size_t *got)
{
    *got = 0;
    while (*got < len) {
        ssize_t r = read(fd, p + *got, len - *got);
        if (r < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        if (r == 0) break;
        *got += (size_t)r;
    }
    return true;
}

/* Whole image via temp file + fsync + rename (soc/fileio.h), then drop the
 * journal: the image on disk is complete at every instant. */
static bool rewrite_image(NorDev *n, char *err, size_t errlen)
{
    char why[512];
    if (!file_write_atomic(n->path, n->mem, NOR_SIZE, 0644, why, sizeof why)) {
        seterr(err, errlen, "NOR image: %s", why);
        return false;
    }
    if (n->jfd >= 0) {
        close(n->jfd);
        n->jfd = -1;
    }
    if (unlink(n->journal_path) != 0 && errno != ENOENT) {
        seterr(err, errlen, "NOR journal '%s': %s", n->journal_path, strerror(errno));
        return false;
    }
    file_sync_dir(n->path);
    return true;
}

static void journal_append(NorDev *n, uint32_t kind, uint32_t off, uint32_t len)
{
    if (!n->path) return;
    if (n->jfd < 0) {
        n->jfd = open(n->journal_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (n->jfd < 0) {
            io_fail(n, "journal", n->journal_path);
            return;
        }
    }
    uint8_t *r = n->jbuf;
    put32(r, JOURNAL_MAGIC);
    put32(r + 4, kind);
    put32(r + 8, off);
    put32(r + 12, len);
    size_t size = JOURNAL_HDR;
    if (kind == OP_PROGRAM) {
        memcpy(r + size, n->mem + off, len);
        size += len;
    }
    put32(r + size, crc32_calc(r, size));
    size += 4;
    if (!write_all(n->jfd, r, size) || fdatasync(n->jfd) != 0) io_fail(n, "journal", n->journal_path);
}

/* Apply the valid prefix of the journal to mem; true when it had any bytes. */
static bool journal_replay(NorDev *n, char *err, size_t errlen, bool *ok)
{
    *ok = true;
    int fd = open(n->journal_path, O_RDONLY);
    if (fd < 0) {
        if (errno == ENOENT) return false;
        seterr(err, errlen, "NOR journal '%s': %s", n->journal_path, strerror(errno));
        *ok = false;
        return false;
    }
    bool any = false;
    for (;;) {
        size_t got;
        uint8_t *r = n->jbuf;
        if (!read_all(fd, r, JOURNAL_HDR, &got)) {
            seterr(err, errlen, "NOR journal '%s': %s", n->journal_path, strerror(errno));
            *ok = false;
            break;
        }
        if (got) any = true;
        if (got < JOURNAL_HDR) break;
        uint32_t kind = get32(r + 4), off = get32(r + 8), len = get32(r + 12);
        if (get32(r) != JOURNAL_MAGIC || off > NOR_SIZE || len > NOR_SIZE - off) break;
        if (kind != OP_PROGRAM && kind != OP_ERASE) break;
        if (kind == OP_PROGRAM && len > NOR_PAGE_SIZE) break;
        size_t body = (kind == OP_PROGRAM ? len : 0) + 4;
        if (!read_all(fd, r + JOURNAL_HDR, body, &got) || got < body) break;
        size_t dlen = JOURNAL_HDR + body - 4;
        if (get32(r + dlen) != crc32_calc(r, dlen)) break;
        /* Records hold the resulting bytes, so replaying twice is harmless. */
        if (kind == OP_PROGRAM)
            memcpy(n->mem + off, r + JOURNAL_HDR, len);
        else
            memset(n->mem + off, 0xFF, len);
    }
    close(fd);
    return any;
}

static bool load_image(NorDev *n, bool create_if_missing, char *err, size_t errlen)
{
    int fd = open(n->path, O_RDONLY);
    if (fd < 0) {
        if (errno != ENOENT || !create_if_missing) {
            seterr(err, errlen, "NOR image '%s': %s", n->path, strerror(errno));
            return false;
        }
        memset(n->mem, 0xFF, NOR_SIZE);
        unlink(n->journal_path); /* a journal without its image is stale */
        return rewrite_image(n, err, errlen);
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        seterr(err, errlen, "NOR image '%s': %s", n->path, strerror(errno));
        close(fd);
        return false;
    }
    if (!S_ISREG(st.st_mode) || st.st_size != (off_t)NOR_SIZE) {
        seterr(err, errlen, "NOR image '%s' is %lld bytes; an AT25DF081A image is exactly %u", n->path,
               (long long)st.st_size, NOR_SIZE);
        close(fd);
        return false;
    }
    size_t got;
    bool rd = read_all(fd, n->mem, NOR_SIZE, &got);
    close(fd);
    if (!rd || got != NOR_SIZE) {
        seterr(err, errlen, "NOR image '%s': %s", n->path, rd ? "short read" : strerror(errno));
        return false;
    }
    bool ok;
    if (journal_replay(n, err, errlen, &ok)) return ok && rewrite_image(n, err, errlen);
    return ok;
}

/* ---- the flash ---- */

static bool range_protected(const NorDev *n, uint32_t off, uint32_t len)
{
    for (uint32_t s = off / NOR_SECTOR_SIZE; s <= (off + len - 1) / NOR_SECTOR_SIZE; s++)
        if (n->prot & (1u << s)) return true;
    return false;
}

static uint8_t status1(const NorDev *n)
{
    uint8_t swp = n->prot == 0 ? 0 : n->prot == 0xFFFF ? 3 : 1;
    return (uint8_t)((n->sprl ? NOR_SR_SPRL : 0) | NOR_SR_WPP | (unsigned)swp << NOR_SR_SWP_SHIFT |
                     (n->wel ? NOR_SR_WEL : 0) | (n->op != OP_NONE ? NOR_SR_BUSY : 0));
}

static void start_op(NorDev *n, uint8_t op, uint32_t addr, uint32_t len, uint64_t us)
{
    n->op = op;
    n->op_addr = addr;
    n->op_len = len;
    sched_add(n->sched, EV_NOR, clk_cycles_from_us(us), 0);
}

static void nor_event(void *opaque, uint64_t param, uint64_t late)
{
    (void)param;
    (void)late;
    NorDev *n = opaque;
    if (n->op == OP_PROGRAM) {
        for (unsigned i = 0; i < NOR_PAGE_SIZE; i++)
            if (n->pvalid[i]) n->mem[n->op_addr + i] &= n->pbuf[i];
        journal_append(n, OP_PROGRAM, n->op_addr, NOR_PAGE_SIZE);
    } else if (n->op == OP_ERASE) {
        memset(n->mem + n->op_addr, 0xFF, n->op_len);
        journal_append(n, OP_ERASE, n->op_addr, n->op_len);
    }
    if (log_enabled(n->log, LOG_DEV) && n->op != OP_NONE)
        log_msg(n->log, LOG_DEV, "nor", "%s 0x%06x+0x%x done", n->op == OP_PROGRAM ? "program" : "erase",
                n->op_addr, n->op == OP_PROGRAM ? NOR_PAGE_SIZE : n->op_len);
    n->op = OP_NONE;
    n->wel = false;
}

static void begin_command(NorDev *n, uint8_t op)
{
    n->opcode = op;
    n->count = 0;
    n->idx = 0;
    n->addr = 0;
    n->have_data = false;
    n->wrsr_have = false;
    if (n->op != OP_NONE && op != NOR_CMD_RDSR) {
        n->opcode = 0; /* busy: only read-status is recognised */
        n->phase = PH_IGNORE;
        return;
    }
    switch (op) {
    case NOR_CMD_RDSR:
    case NOR_CMD_JEDEC_ID:
    case NOR_CMD_WRSR: n->phase = PH_DATA; break;
    case NOR_CMD_READ:
    case NOR_CMD_FAST_READ:
    case NOR_CMD_ERASE_4K:
    case NOR_CMD_ERASE_32K:
    case NOR_CMD_ERASE_64K: n->phase = PH_ADDR; break;
    case NOR_CMD_PROGRAM:
        memset(n->pvalid, 0, sizeof n->pvalid);
        n->phase = PH_ADDR;
        break;
    case NOR_CMD_WREN:
    case NOR_CMD_WRDI:
    case NOR_CMD_CHIP_ERASE:
    case NOR_CMD_CHIP_ERASE2: n->phase = PH_IGNORE; break; /* act at CS high */
    default:
        log_unimp(n->log, "nor", op, true, 1, op);
        n->opcode = 0;
        n->phase = PH_IGNORE;
        break;
    }
}

static uint8_t nor_byte(NorDev *n, uint8_t in)
{
    switch (n->phase) {
    case PH_OPCODE: begin_command(n, in); return 0xFF;
    case PH_ADDR:
        n->addr = ((n->addr << 8) | in) & (NOR_SIZE - 1); /* A23-A20 are don't care */
        if (++n->count == 3) {
            if (n->opcode == NOR_CMD_FAST_READ)
                n->phase = PH_DUMMY;
            else if (n->opcode == NOR_CMD_READ || n->opcode == NOR_CMD_PROGRAM)
                n->phase = PH_DATA;
            else
                n->phase = PH_IGNORE; /* erase: further bytes ignored */
        }
        return 0xFF;
    case PH_DUMMY: n->phase = PH_DATA; return 0xFF;
    case PH_DATA:
        switch (n->opcode) {
        case NOR_CMD_READ:
        case NOR_CMD_FAST_READ: {
            uint8_t v = n->mem[n->addr];
            n->addr = (n->addr + 1) & (NOR_SIZE - 1);
            return v;
        }
        case NOR_CMD_RDSR: return (n->idx++ & 1) ? (n->op != OP_NONE ? NOR_SR_BUSY : 0) : status1(n);
        case NOR_CMD_JEDEC_ID: return n->idx < sizeof jedec_id ? jedec_id[n->idx++] : 0xFF;
        case NOR_CMD_PROGRAM: {
            /* The address wraps inside the page; the last byte sent to a position wins. */
            uint8_t pos = (uint8_t)(n->addr + n->idx++);
            n->pbuf[pos] = in;
            n->pvalid[pos] = 1;
            n->have_data = true;
            return 0xFF;
        }
        case NOR_CMD_WRSR:
            if (!n->wrsr_have) {
                n->wrsr_data = in;
                n->wrsr_have = true;
            }
            return 0xFF;
        default: return 0xFF;
        }
    default: return 0xFF;
    }
}

static void write_status(NorDev *n)
{
    uint8_t v = n->wrsr_data;
    /* Global protect/unprotect only while the protection registers are not
     * locked (the prior SPRL is 0); bits 5:2 all 0 = unprotect, all 1 = protect. */
    if (!n->sprl) {
        if ((v & 0x3C) == 0) n->prot = 0;
        if ((v & 0x3C) == 0x3C) n->prot = (uint16_t)((1u << NOR_SECTORS) - 1);
    }
    n->sprl = v & NOR_SR_SPRL; /* WP deasserted: SPRL changes freely */
}

static void erase_command(NorDev *n, uint32_t size, uint64_t us)
{
    uint32_t base = n->addr & ~(size - 1);
    if (n->count < 3) {
        n->wel = false; /* incomplete address: aborted */
    } else if (range_protected(n, base, size)) {
        log_guest_error(n->log, "nor", n->opcode, "erase of a protected sector refused");
        n->wel = false;
    } else {
        start_op(n, OP_ERASE, base, size, us);
    }
}

/* Chip select high: the command takes effect. */
static void end_command(NorDev *n)
{
    if (n->phase == PH_OPCODE) return;
    uint8_t op = n->opcode;
    n->phase = PH_OPCODE;
    n->opcode = 0;
    switch (op) {
    case NOR_CMD_WREN: n->wel = true; break;
    case NOR_CMD_WRDI: n->wel = false; break;
    case NOR_CMD_WRSR:
        if (!n->wel) break;
        if (n->wrsr_have) write_status(n);
        n->wel = false;
        break;
    case NOR_CMD_PROGRAM:
        if (!n->wel) break;
        if (n->count < 3 || !n->have_data) {
            n->wel = false;
        } else if (range_protected(n, n->addr, 1)) {
            log_guest_error(n->log, "nor", op, "program of a protected sector refused");
            n->wel = false;
        } else {
            start_op(n, OP_PROGRAM, n->addr & ~(NOR_PAGE_SIZE - 1), NOR_PAGE_SIZE, NOR_PROGRAM_US);
        }
        break;
    case NOR_CMD_ERASE_4K:
        if (n->wel) erase_command(n, 4096, NOR_ERASE_4K_US);
        break;
    case NOR_CMD_ERASE_32K:
        if (n->wel) erase_command(n, 32768, NOR_ERASE_32K_US);
        break;
    case NOR_CMD_ERASE_64K:
        if (n->wel) erase_command(n, 65536, NOR_ERASE_64K_US);
        break;
    case NOR_CMD_CHIP_ERASE:
    case NOR_CMD_CHIP_ERASE2:
        if (!n->wel) break;
        if (n->prot) {
            log_guest_error(n->log, "nor", op, "chip erase with protected sectors refused");
            n->wel = false;
        } else {
            start_op(n, OP_ERASE, 0, NOR_SIZE, NOR_CHIP_ERASE_US);
        }
        break;
    default: break;
    }
}

static uint32_t nor_exchange(void *opaque, uint32_t out, unsigned bits)
{
    NorPort *p = opaque;
    NorDev *n = p->n;
    unsigned bytes = bits >= 32 ? 4 : bits >= 16 ? 2 : 1;
    uint32_t mask = bytes == 4 ? 0xFFFFFFFFu : (1u << (8 * bytes)) - 1;
    if (!n->cs_low[p->port]) return mask;
    uint32_t in = 0;
    for (unsigned i = bytes; i-- > 0;) in = (in << 8) | nor_byte(n, (uint8_t)(out >> (8 * i)));
    return in;
}

void nor_chip_select(void *nor, unsigned port, bool level)
{
    NorDev *n = nor;
    if (port >= NOR_PORTS) return;
    n->cs_low[port] = !level;
    bool sel = n->cs_low[0] || n->cs_low[1];
    if (sel && !n->selected) {
        n->phase = PH_OPCODE;
        n->opcode = 0;
    } else if (!sel && n->selected) {
        end_command(n);
    }
    n->selected = sel;
}

const SpiTarget *nor_spi_target(NorDev *n, unsigned port)
{
    return port < NOR_PORTS ? &n->targets[port] : NULL;
}

const uint8_t *nor_contents(const NorDev *n) { return n->mem; }

const char *nor_io_error(const NorDev *n) { return n->io_err[0] ? n->io_err : NULL; }

bool nor_flush(NorDev *n, char *err, size_t errlen)
{
    if (!n->path) return true;
    if (!rewrite_image(n, err, errlen)) return false;
    n->io_err[0] = 0;
    return true;
}

void nor_state(NorDev *n, StateIO *io)
{
    if (!state_begin(io, "NOR ", 1)) return;
    for (unsigned i = 0; i < NOR_PORTS; i++) state_bool(io, &n->cs_low[i]);
    state_bool(io, &n->selected);
    state_u8(io, &n->opcode);
    state_u8(io, &n->phase);
    state_u8(io, &n->count);
    state_u8(io, &n->idx);
    state_u32(io, &n->addr);
    state_u8(io, &n->wrsr_data);
    state_bool(io, &n->wrsr_have);
    state_bool(io, &n->have_data);
    state_bytes(io, n->pbuf, sizeof n->pbuf);
    state_bytes(io, n->pvalid, sizeof n->pvalid);
    state_bool(io, &n->wel);
    state_bool(io, &n->sprl);
    state_u16(io, &n->prot);
    state_u8(io, &n->op);
    state_u32(io, &n->op_addr);
    state_u32(io, &n->op_len);
    state_bytes(io, n->mem, NOR_SIZE);
    state_end(io);
    if (state_is_loading(io) && !state_error(io)) {
        /* Sanitise what a hostile state file could hold. */
        n->addr &= NOR_SIZE - 1;
        if (n->phase > PH_IGNORE) n->phase = PH_IGNORE;
        if (n->op > OP_ERASE || n->op_addr > NOR_SIZE || n->op_len > NOR_SIZE - n->op_addr ||
            (n->op == OP_PROGRAM && n->op_len != NOR_PAGE_SIZE))
            n->op = OP_NONE;
        /* The loaded contents become the file's contents. */
        char err[256];
        if (n->path && !rewrite_image(n, err, sizeof err) && !n->io_err[0]) {
            snprintf(n->io_err, sizeof n->io_err, "%s", err);
            log_msg(n->log, LOG_GUEST_ERR | LOG_DEV, "nor", "host I/O error: %s", n->io_err);
        }
    }
}

static char *concat(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = malloc(la + lb + 1);
    if (!s) return NULL;
    memcpy(s, a, la);
    memcpy(s + la, b, lb + 1);
    return s;
}

static void free_dev(NorDev *n)
{
    if (n->jfd >= 0) close(n->jfd);
    free(n->mem);
    free(n->path);
    free(n->journal_path);
    free(n);
}

NorDev *nor_create(const DevEnv *env, const char *path, bool create_if_missing, char *err, size_t errlen)
{
    NorDev *n = calloc(1, sizeof *n);
    if (!n) {
        seterr(err, errlen, "NOR: out of memory");
        return NULL;
    }
    n->jfd = -1;
    n->sched = env->sched;
    n->log = env->log;
    n->mem = malloc(NOR_SIZE);
    if (!n->mem) {
        seterr(err, errlen, "NOR: out of memory");
        free_dev(n);
        return NULL;
    }
    memset(n->mem, 0xFF, NOR_SIZE);
    if (path) {
        n->path = concat(path, "");
        n->journal_path = concat(path, ".journal");
        if (!n->path || !n->journal_path) {
            seterr(err, errlen, "NOR: out of memory");
            free_dev(n);
            return NULL;
        }
        if (!load_image(n, create_if_missing, err, errlen)) {
            free_dev(n);
            return NULL;
        }
    }
    for (unsigned i = 0; i < NOR_PORTS; i++) {
        n->ports[i] = (NorPort){ .n = n, .port = i };
        n->targets[i] = (SpiTarget){ .opaque = &n->ports[i], .exchange = nor_exchange };
    }
    n->prot = (uint16_t)((1u << NOR_SECTORS) - 1); /* power-up: all sectors protected */
    n->phase = PH_OPCODE;
    sched_register(n->sched, EV_NOR, nor_event, n);
    return n;
}

void nor_destroy(NorDev *n)
{
    if (!n) return;
    /* An operation still in progress is lost, as on a power cut. */
    sched_cancel(n->sched, EV_NOR);
    char err[256];
    if (n->path && !rewrite_image(n, err, sizeof err))
        log_msg(n->log, LOG_GUEST_ERR | LOG_DEV, "nor", "host I/O error: %s", err);
    free_dev(n);
}
