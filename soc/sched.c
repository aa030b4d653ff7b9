/* Discrete-event scheduler (soc/sched.h): a binary min-heap of EventIds keyed
 * by (due time, EventId), with each slot's heap position kept so re-arming and
 * cancelling are O(log n).  Capacity is EV_COUNT, fixed at compile time. */
#include "soc/sched.h"

#include <stdlib.h>
#include <string.h>

#include "soc/state.h"

typedef struct EventSlot {
    EventFn fn;
    void *opaque;
    uint64_t when;
    uint64_t param;
    int heap_pos;      /* -1 when idle */
} EventSlot;

struct Scheduler {
    EventSlot slot[EV_COUNT];
    EventId heap[EV_COUNT];
    unsigned heap_len;
    uint64_t own_now;  /* "now" without a clock source */
    uint64_t (*clock)(void *opaque);
    void *clock_opaque;
    void (*notify)(void *opaque, uint64_t when);
    void *notify_opaque;
};

static const char *const event_names[EV_COUNT] = {
#define EVENT_NAME(name) #name,
    EVENT_LIST(EVENT_NAME)
#undef EVENT_NAME
};

const char *sched_event_name(EventId id)
{
    return (unsigned)id < EV_COUNT ? event_names[id] : "?";
}

Scheduler *sched_create(void)
{
    Scheduler *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    for (unsigned i = 0; i < EV_COUNT; i++) s->slot[i].heap_pos = -1;
    return s;
}

void sched_destroy(Scheduler *s) { free(s); }

void sched_register(Scheduler *s, EventId id, EventFn fn, void *opaque)
{
    s->slot[id].fn = fn;
    s->slot[id].opaque = opaque;
}

void sched_set_clock(Scheduler *s, uint64_t (*now)(void *opaque), void *opaque)
{
    s->clock = now;
    s->clock_opaque = opaque;
}

void sched_set_notify(Scheduler *s, void (*earlier)(void *opaque, uint64_t when), void *opaque)
{
    s->notify = earlier;
    s->notify_opaque = opaque;
}

uint64_t sched_now(const Scheduler *s)
{
    return s->clock ? s->clock(s->clock_opaque) : s->own_now;
}

static bool before(const Scheduler *s, EventId a, EventId b)
{
    uint64_t wa = s->slot[a].when, wb = s->slot[b].when;
    return wa < wb || (wa == wb && a < b);
}

static void heap_place(Scheduler *s, unsigned pos, EventId id)
{
    s->heap[pos] = id;
    s->slot[id].heap_pos = (int)pos;
}

static void sift_up(Scheduler *s, unsigned pos)
{
    EventId id = s->heap[pos];
    while (pos > 0) {
        unsigned parent = (pos - 1) / 2;
        if (!before(s, id, s->heap[parent])) break;
        heap_place(s, pos, s->heap[parent]);
        pos = parent;
    }
    heap_place(s, pos, id);
}

static void sift_down(Scheduler *s, unsigned pos)
{
    EventId id = s->heap[pos];
    for (;;) {
        unsigned child = 2 * pos + 1;
        if (child >= s->heap_len) break;
        if (child + 1 < s->heap_len && before(s, s->heap[child + 1], s->heap[child])) child++;
        if (!before(s, s->heap[child], id)) break;
        heap_place(s, pos, s->heap[child]);
        pos = child;
    }
    heap_place(s, pos, id);
}

static void heap_remove(Scheduler *s, EventId id)
{
    int pos = s->slot[id].heap_pos;
    if (pos < 0) return;
    s->slot[id].heap_pos = -1;
    s->heap_len--;
    if ((unsigned)pos == s->heap_len) return;
    EventId last = s->heap[s->heap_len];
    heap_place(s, (unsigned)pos, last);
    sift_up(s, (unsigned)pos);
    sift_down(s, (unsigned)s->slot[last].heap_pos);
}

void sched_add_at(Scheduler *s, EventId id, uint64_t when, uint64_t param)
{
    if ((unsigned)id >= EV_COUNT) return;
    uint64_t old_next = sched_next(s);
    heap_remove(s, id);
    s->slot[id].when = when;
    s->slot[id].param = param;
    heap_place(s, s->heap_len, id);
    s->heap_len++;
    sift_up(s, s->heap_len - 1);
    if (when < old_next && s->notify) s->notify(s->notify_opaque, when);
}

void sched_add(Scheduler *s, EventId id, uint64_t delay, uint64_t param)
{
    uint64_t now = sched_now(s);
    uint64_t when = delay > SCHED_NEVER - now ? SCHED_NEVER : now + delay;
    sched_add_at(s, id, when, param);
}

void sched_cancel(Scheduler *s, EventId id)
{
    if ((unsigned)id < EV_COUNT) heap_remove(s, id);
}

bool sched_pending(const Scheduler *s, EventId id)
{
    return (unsigned)id < EV_COUNT && s->slot[id].heap_pos >= 0;
}

uint64_t sched_when(const Scheduler *s, EventId id)
{
    return sched_pending(s, id) ? s->slot[id].when : SCHED_NEVER;
}

uint64_t sched_next(const Scheduler *s)
{
    return s->heap_len ? s->slot[s->heap[0]].when : SCHED_NEVER;
}

/* Pop and fire the earliest event. */
static void fire_first(Scheduler *s, uint64_t now)
{
    EventId id = s->heap[0];
    EventSlot *e = &s->slot[id];
    uint64_t when = e->when;
    heap_remove(s, id);
    if (e->fn) e->fn(e->opaque, e->param, now > when ? now - when : 0);
}

unsigned sched_run_due(Scheduler *s, uint64_t now)
{
    unsigned fired = 0;
    while (s->heap_len && s->slot[s->heap[0]].when <= now) {
        fire_first(s, now);
        fired++;
    }
    return fired;
}

void sched_advance_to(Scheduler *s, uint64_t when)
{
    while (s->heap_len && s->slot[s->heap[0]].when <= when) {
        uint64_t t = s->slot[s->heap[0]].when;
        if (t > s->own_now) s->own_now = t;
        fire_first(s, s->own_now);
    }
    if (when > s->own_now) s->own_now = when;
}

void sched_state(Scheduler *s, StateIO *io)
{
    if (!state_begin(io, "SCHD", 1)) return;
    state_u64(io, &s->own_now);
    uint32_t n = 0;
    if (!state_is_loading(io)) {
        for (unsigned i = 0; i < EV_COUNT; i++) n += s->slot[i].heap_pos >= 0;
    }
    state_u32(io, &n);
    if (state_is_loading(io)) {
        s->heap_len = 0;
        for (unsigned i = 0; i < EV_COUNT; i++) s->slot[i].heap_pos = -1;
        for (uint32_t k = 0; k < n && !state_error(io); k++) {
            char name[32] = {0};
            uint64_t when = 0, param = 0;
            state_bytes(io, name, sizeof name);
            state_u64(io, &when);
            state_u64(io, &param);
            name[sizeof name - 1] = 0;
            unsigned id;
            for (id = 0; id < EV_COUNT; id++)
                if (strcmp(event_names[id], name) == 0) break;
            if (id == EV_COUNT || state_error(io)) continue; /* an event this build no longer has */
            s->slot[id].when = when;
            s->slot[id].param = param;
            heap_place(s, s->heap_len, (EventId)id);
            s->heap_len++;
            sift_up(s, s->heap_len - 1);
        }
    } else {
        for (unsigned i = 0; i < EV_COUNT; i++) {
            if (s->slot[i].heap_pos < 0) continue;
            char name[32] = {0};
            strncpy(name, event_names[i], sizeof name - 1);
            state_bytes(io, name, sizeof name);
            state_u64(io, &s->slot[i].when);
            state_u64(io, &s->slot[i].param);
        }
    }
    state_end(io);
}
