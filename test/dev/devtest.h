/* Helpers for device unit tests: a scheduler on its own clock, a log that
 * counts messages, and IRQ sinks that record line levels. */
#ifndef IPODSIM_TEST_DEVTEST_H
#define IPODSIM_TEST_DEVTEST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "soc/bus.h"
#include "soc/device.h"
#include "soc/log.h"
#include "soc/sched.h"

#define DEVTEST_LINES 64

/* Records the level of up to DEVTEST_LINES inputs and counts rising edges. */
typedef struct IrqProbe {
    bool level[DEVTEST_LINES];
    unsigned rises[DEVTEST_LINES];
    uint64_t last_change[DEVTEST_LINES];   /* scheduler time of the last change */
    Scheduler *sched;
} IrqProbe;

static inline void irq_probe_set(void *sink, unsigned n, bool level)
{
    IrqProbe *p = sink;
    if (n >= DEVTEST_LINES) return;
    if (level && !p->level[n]) p->rises[n]++;
    if (level != p->level[n]) p->last_change[n] = p->sched ? sched_now(p->sched) : 0;
    p->level[n] = level;
}

static inline IrqLine irq_probe_line(IrqProbe *p, unsigned n)
{
    return (IrqLine){ .set = irq_probe_set, .sink = p, .n = n };
}

/* A test environment: scheduler (own clock), bus, log to a temp file. */
typedef struct DevTestEnv {
    DevEnv env;
    IrqProbe probe;
    FILE *logf;
} DevTestEnv;

static inline void devtest_init(DevTestEnv *t)
{
    t->logf = tmpfile();
    t->env.sched = sched_create();
    t->env.log = log_create(t->logf, LOG_UNIMP | LOG_GUEST_ERR);
    t->env.bus = bus_create(t->env.log);
    for (unsigned i = 0; i < DEVTEST_LINES; i++) {
        t->probe.level[i] = false;
        t->probe.rises[i] = 0;
        t->probe.last_change[i] = 0;
    }
    t->probe.sched = t->env.sched;
}

static inline void devtest_free(DevTestEnv *t)
{
    bus_destroy(t->env.bus);
    log_destroy(t->env.log);
    sched_destroy(t->env.sched);
    if (t->logf) fclose(t->logf);
}

#endif
