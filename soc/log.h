/* Machine log: the `-d` categories of `ipodsim boot` (docs/boot.md).
 *
 * Devices never printf; they report through a Log the machine hands them.
 * Messages carry the guest PC of the access that caused them (the machine
 * installs a PC source).  log_unimp / log_guest_error are rate-limited: each
 * (device, offset, kind) is reported once per run, so a firmware polling an
 * unknown register cannot flood the output.  A NULL Log is allowed and
 * discards everything (unit tests that do not care). */
#ifndef IPODSIM_SOC_LOG_H
#define IPODSIM_SOC_LOG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum LogCategory {
    LOG_UNIMP = 1u << 0,       /* unimplemented register or device, unmapped address */
    LOG_GUEST_ERR = 1u << 1,   /* the guest did something the hardware calls invalid */
    LOG_INT = 1u << 2,         /* interrupts raised/taken (soc/s5l8720.c, dev/vic.c) */
    LOG_DEV = 1u << 3,         /* device activity worth following (transfers, resets) */
    LOG_SCHED = 1u << 4,       /* every event fired */
};

typedef struct Log Log;

Log *log_create(FILE *out, unsigned mask);
void log_destroy(Log *log);
void log_set_mask(Log *log, unsigned mask);
unsigned log_mask(const Log *log);
static inline bool log_enabled(const Log *log, unsigned cat);
/* Where messages get the current PC from (the machine's CPU). */
void log_set_pc_source(Log *log, uint32_t (*pc)(void *opaque), void *opaque);

/* "-d" list parser: "unimp,int", "all", "none".  Returns false (and a
 * one-line reason in err) on an unknown name. */
bool log_parse_mask(const char *list, unsigned *mask, char *err, size_t errlen);
void log_help(FILE *out);

/* Unconditional (subject to the category mask) message:
 * "[cat] dev: text (pc=0x...)". */
void log_msg(Log *log, unsigned cat, const char *dev, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Once per (dev, offset, write) for the whole run. */
void log_unimp(Log *log, const char *dev, uint32_t off, bool write, unsigned size, uint32_t val);
/* Once per (dev, offset, message text) for the whole run. */
void log_guest_error(Log *log, const char *dev, uint32_t off, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Messages written so far (tests count them). */
unsigned log_count(const Log *log);

struct Log {
    FILE *out;
    unsigned mask;
    unsigned count;
    uint32_t (*pc)(void *opaque);
    void *pc_opaque;
    struct LogSeen *seen;       /* hash set of reported (dev, offset, kind) keys */
    unsigned seen_size, seen_used;
};

static inline bool log_enabled(const Log *log, unsigned cat) { return log && (log->mask & cat); }

#endif
