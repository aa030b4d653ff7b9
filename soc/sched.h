/* The discrete-event scheduler: the only way time moves in the machine.
 *
 * Time is one 64-bit count of emulated CPU core cycles (soc/clocks.h converts
 * device clocks to it).  Each EventId (soc/events.h) is a slot that is either
 * idle or due at an absolute cycle; a min-heap orders the due slots by time,
 * then by EventId, so two runs fire the same events in the same order.  There
 * is no allocation after sched_create.
 *
 * "Now" comes from a clock source: in the machine it is the CPU's exact cycle
 * count (arm_cycles), in unit tests the scheduler's own counter moved by
 * sched_advance_to.  While an event callback runs, now is at least the
 * event's due time; `late` says by how many cycles the CPU overshot it (an
 * instruction is never split), so periodic devices schedule their next event
 * from (now - late) and never drift. */
#ifndef IPODSIM_SOC_SCHED_H
#define IPODSIM_SOC_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include "soc/events.h"

#define SCHED_NEVER UINT64_MAX

typedef struct Scheduler Scheduler;
struct StateIO;

typedef void (*EventFn)(void *opaque, uint64_t param, uint64_t late);

Scheduler *sched_create(void);
void sched_destroy(Scheduler *s);

/* Bind an event slot to its callback (once, at device creation). */
void sched_register(Scheduler *s, EventId id, EventFn fn, void *opaque);

/* Where "now" comes from.  Without a source the scheduler keeps its own
 * counter (unit tests, sched_advance_to). */
void sched_set_clock(Scheduler *s, uint64_t (*now)(void *opaque), void *opaque);
/* Called when an event becomes due earlier than anything queued before, so
 * the CPU can cut its current run short (arm_request_exit). */
void sched_set_notify(Scheduler *s, void (*earlier)(void *opaque, uint64_t when), void *opaque);

uint64_t sched_now(const Scheduler *s);

/* Schedule id at now + delay (sched_add) or at an absolute cycle
 * (sched_add_at; a time in the past fires at the next sched_run_due).
 * Re-arming a pending event moves it. */
void sched_add(Scheduler *s, EventId id, uint64_t delay, uint64_t param);
void sched_add_at(Scheduler *s, EventId id, uint64_t when, uint64_t param);
void sched_cancel(Scheduler *s, EventId id);
bool sched_pending(const Scheduler *s, EventId id);
/* Due time of a pending event (SCHED_NEVER when idle). */
uint64_t sched_when(const Scheduler *s, EventId id);

/* Earliest due time over all events (SCHED_NEVER when none). */
uint64_t sched_next(const Scheduler *s);
/* Fire every event due at or before now, earliest first (events they
 * schedule for <= now fire in the same call).  Returns how many fired. */
unsigned sched_run_due(Scheduler *s, uint64_t now);
/* Unit tests (no clock source): move the own counter to `when`, firing each
 * due event with now set to its exact due time. */
void sched_advance_to(Scheduler *s, uint64_t when);

const char *sched_event_name(EventId id);

/* Save or load the queue as (name, when, param) records (soc/state.h).
 * Callbacks stay bound from sched_register. */
void sched_state(Scheduler *s, struct StateIO *io);

#endif
