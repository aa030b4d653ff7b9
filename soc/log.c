/* Machine log (soc/log.h).  The once-only reports keep a small open-address
 * hash set of 64-bit keys built from the device name, offset and kind. */
#include "soc/log.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct LogSeen { uint64_t key; } LogSeen;

static const struct { const char *name; unsigned bit; const char *help; } categories[] = {
    { "unimp", LOG_UNIMP, "unimplemented registers/devices and unmapped addresses (once each)" },
    { "guest_errors", LOG_GUEST_ERR, "invalid guest actions: writes to read-only registers, bad widths" },
    { "int", LOG_INT, "interrupt lines and interrupts taken" },
    { "dev", LOG_DEV, "device activity (transfers, resets, power)" },
    { "sched", LOG_SCHED, "every scheduler event fired" },
};
#define NCAT (sizeof categories / sizeof categories[0])

Log *log_create(FILE *out, unsigned mask)
{
    Log *log = calloc(1, sizeof *log);
    if (!log) return NULL;
    log->out = out ? out : stderr;
    log->mask = mask;
    return log;
}

void log_destroy(Log *log)
{
    if (!log) return;
    free(log->seen);
    free(log);
}

void log_set_mask(Log *log, unsigned mask)
{
    if (log) log->mask = mask;
}

unsigned log_mask(const Log *log) { return log ? log->mask : 0; }

void log_set_pc_source(Log *log, uint32_t (*pc)(void *opaque), void *opaque)
{
    if (!log) return;
    log->pc = pc;
    log->pc_opaque = opaque;
}

unsigned log_count(const Log *log) { return log ? log->count : 0; }

bool log_parse_mask(const char *list, unsigned *mask, char *err, size_t errlen)
{
    unsigned m = 0;
    const char *p = list;
    while (*p) {
        size_t n = strcspn(p, ",");
        bool found = false;
        if (n == 3 && strncmp(p, "all", 3) == 0) {
            for (size_t i = 0; i < NCAT; i++) m |= categories[i].bit;
            found = true;
        } else if (n == 4 && strncmp(p, "none", 4) == 0) {
            m = 0;
            found = true;
        } else {
            for (size_t i = 0; i < NCAT; i++) {
                if (strlen(categories[i].name) == n && strncmp(p, categories[i].name, n) == 0) {
                    m |= categories[i].bit;
                    found = true;
                }
            }
        }
        if (!found) {
            snprintf(err, errlen, "unknown log category '%.*s' (try -d help)", (int)n, p);
            return false;
        }
        p += n;
        if (*p == ',') p++;
    }
    *mask = m;
    return true;
}

void log_help(FILE *out)
{
    fprintf(out, "Log categories for -d (comma-separated; 'all', 'none'):\n");
    for (size_t i = 0; i < NCAT; i++) fprintf(out, "  %-13s %s\n", categories[i].name, categories[i].help);
}

static void vemit(Log *log, unsigned cat, const char *dev, const char *fmt, va_list ap)
{
    const char *cname = "log";
    for (size_t i = 0; i < NCAT; i++)
        if (categories[i].bit == cat) cname = categories[i].name;
    fprintf(log->out, "[%s] %s: ", cname, dev ? dev : "machine");
    vfprintf(log->out, fmt, ap);
    if (log->pc)
        fprintf(log->out, " (pc=0x%08x)\n", log->pc(log->pc_opaque));
    else
        fputc('\n', log->out);
    log->count++;
}

void log_msg(Log *log, unsigned cat, const char *dev, const char *fmt, ...)
{
    if (!log_enabled(log, cat)) return;
    va_list ap;
    va_start(ap, fmt);
    vemit(log, cat, dev, fmt, ap);
    va_end(ap);
}

static uint64_t hash_str(const char *s, uint64_t h)
{
    for (; s && *s; s++) h = (h ^ (uint8_t)*s) * 0x100000001B3ull;
    return h;
}

/* True the first time key is seen. */
static bool first_time(Log *log, uint64_t key)
{
    if (key == 0) key = 1; /* 0 marks an empty slot */
    if (log->seen_used * 2 >= log->seen_size) {
        unsigned size = log->seen_size ? log->seen_size * 2 : 256;
        LogSeen *t = calloc(size, sizeof *t);
        if (!t) return true; /* no memory: report again rather than lose it */
        for (unsigned i = 0; i < log->seen_size; i++) {
            uint64_t k = log->seen[i].key;
            if (!k) continue;
            unsigned j = (unsigned)(k % size);
            while (t[j].key) j = (j + 1) % size;
            t[j].key = k;
        }
        free(log->seen);
        log->seen = t;
        log->seen_size = size;
    }
    unsigned j = (unsigned)(key % log->seen_size);
    while (log->seen[j].key) {
        if (log->seen[j].key == key) return false;
        j = (j + 1) % log->seen_size;
    }
    log->seen[j].key = key;
    log->seen_used++;
    return true;
}

void log_unimp(Log *log, const char *dev, uint32_t off, bool write, unsigned size, uint32_t val)
{
    if (!log_enabled(log, LOG_UNIMP)) return;
    uint64_t key = hash_str(dev, 0xCBF29CE484222325ull) ^ ((uint64_t)off << 2) ^ (write ? 1 : 2);
    if (!first_time(log, key)) return;
    if (write)
        log_msg(log, LOG_UNIMP, dev, "unimplemented register 0x%03x written (%u bytes, 0x%08x)", off, size, val);
    else
        log_msg(log, LOG_UNIMP, dev, "unimplemented register 0x%03x read (%u bytes)", off, size);
}

void log_guest_error(Log *log, const char *dev, uint32_t off, const char *fmt, ...)
{
    if (!log_enabled(log, LOG_GUEST_ERR)) return;
    uint64_t key = hash_str(fmt, hash_str(dev, 0x84222325CBF29CE4ull)) ^ ((uint64_t)off << 2) ^ 3;
    if (!first_time(log, key)) return;
    va_list ap;
    va_start(ap, fmt);
    vemit(log, LOG_GUEST_ERR, dev, fmt, ap);
    va_end(ap);
}
