/* The scheduler fires events in time order (ties by EventId), exactly at
 * their due cycle under sched_advance_to, re-arming moves an event,
 * cancelling removes it, `late` reports overshoot, the notify hook fires when
 * an earlier event is queued, and the queue survives a save/load round trip. */
#include <check.h>
#include <string.h>

#include "soc/sched.h"
#include "soc/state.h"

typedef struct Rec {
    Scheduler *s;
    unsigned n;
    EventId id[64];
    uint64_t at[64], param[64], late[64];
} Rec;

static Rec rec;

static void on_event(void *opaque, uint64_t param, uint64_t late, EventId id)
{
    Rec *r = opaque;
    if (r->n < 64) {
        r->id[r->n] = id;
        r->at[r->n] = sched_now(r->s);
        r->param[r->n] = param;
        r->late[r->n] = late;
        r->n++;
    }
}
static void ev0(void *o, uint64_t p, uint64_t l) { on_event(o, p, l, EV_TEST0); }
static void ev1(void *o, uint64_t p, uint64_t l) { on_event(o, p, l, EV_TEST1); }
static void ev2(void *o, uint64_t p, uint64_t l) { on_event(o, p, l, EV_TEST2); }

/* A periodic event re-armed from its own due time. */
static void ev3_periodic(void *o, uint64_t p, uint64_t l)
{
    Rec *r = o;
    on_event(o, p, l, EV_TEST3);
    if (r->n < 10) sched_add_at(r->s, EV_TEST3, sched_now(r->s) - l + 1000, p + 1);
}

static Scheduler *setup(void)
{
    memset(&rec, 0, sizeof rec);
    Scheduler *s = sched_create();
    rec.s = s;
    sched_register(s, EV_TEST0, ev0, &rec);
    sched_register(s, EV_TEST1, ev1, &rec);
    sched_register(s, EV_TEST2, ev2, &rec);
    sched_register(s, EV_TEST3, ev3_periodic, &rec);
    return s;
}

START_TEST(test_sched_order_and_ties)
{
    Scheduler *s = setup();
    sched_add(s, EV_TEST2, 100, 7);
    sched_add(s, EV_TEST1, 50, 8);
    sched_add(s, EV_TEST0, 100, 9);
    ck_assert_uint_eq(sched_next(s), 50);
    sched_advance_to(s, 99);
    ck_assert_uint_eq(rec.n, 1);
    ck_assert_int_eq(rec.id[0], EV_TEST1);
    ck_assert_uint_eq(rec.at[0], 50);
    ck_assert_uint_eq(rec.param[0], 8);
    sched_advance_to(s, 100);
    ck_assert_uint_eq(rec.n, 3);
    ck_assert_int_eq(rec.id[1], EV_TEST0); /* same time: lower EventId first */
    ck_assert_int_eq(rec.id[2], EV_TEST2);
    ck_assert_uint_eq(rec.at[2], 100);
    ck_assert_uint_eq(sched_next(s), SCHED_NEVER);
    ck_assert_uint_eq(sched_now(s), 100);
    sched_destroy(s);
}
END_TEST

START_TEST(test_sched_rearm_and_cancel)
{
    Scheduler *s = setup();
    sched_add(s, EV_TEST0, 10, 0);
    sched_add(s, EV_TEST1, 20, 0);
    sched_add(s, EV_TEST0, 30, 1); /* moves, does not duplicate */
    ck_assert(sched_pending(s, EV_TEST0));
    ck_assert_uint_eq(sched_when(s, EV_TEST0), 30);
    sched_cancel(s, EV_TEST1);
    ck_assert(!sched_pending(s, EV_TEST1));
    ck_assert_uint_eq(sched_when(s, EV_TEST1), SCHED_NEVER);
    sched_advance_to(s, 1000);
    ck_assert_uint_eq(rec.n, 1);
    ck_assert_uint_eq(rec.at[0], 30);
    ck_assert_uint_eq(rec.param[0], 1);
    sched_destroy(s);
}
END_TEST

START_TEST(test_sched_periodic_no_drift)
{
    Scheduler *s = setup();
    sched_add(s, EV_TEST3, 1000, 0);
    sched_advance_to(s, 1000000);
    ck_assert_uint_eq(rec.n, 10);
    for (unsigned i = 0; i < 10; i++) ck_assert_uint_eq(rec.at[i], 1000 * (i + 1));
    sched_destroy(s);
}
END_TEST

static uint64_t fake_now;
static uint64_t fake_clock(void *o)
{
    (void)o;
    return fake_now;
}

START_TEST(test_sched_run_due_reports_late)
{
    Scheduler *s = setup();
    sched_set_clock(s, fake_clock, NULL);
    fake_now = 0;
    sched_add(s, EV_TEST0, 100, 0);
    sched_add(s, EV_TEST1, 150, 0);
    sched_add(s, EV_TEST2, 300, 0);
    fake_now = 170; /* the CPU overshot both */
    ck_assert_uint_eq(sched_run_due(s, fake_now), 2);
    ck_assert_uint_eq(rec.late[0], 70);
    ck_assert_uint_eq(rec.late[1], 20);
    ck_assert_uint_eq(sched_next(s), 300);
    sched_destroy(s);
}
END_TEST

static uint64_t notified;
static unsigned notify_count;
static void on_notify(void *o, uint64_t when)
{
    (void)o;
    notified = when;
    notify_count++;
}

START_TEST(test_sched_notify_on_earlier)
{
    Scheduler *s = setup();
    notify_count = 0;
    sched_set_notify(s, on_notify, NULL);
    sched_add(s, EV_TEST0, 500, 0);
    ck_assert_uint_eq(notify_count, 1);
    ck_assert_uint_eq(notified, 500);
    sched_add(s, EV_TEST1, 800, 0); /* later: no notification */
    ck_assert_uint_eq(notify_count, 1);
    sched_add(s, EV_TEST2, 200, 0);
    ck_assert_uint_eq(notify_count, 2);
    ck_assert_uint_eq(notified, 200);
    sched_destroy(s);
}
END_TEST

START_TEST(test_sched_heap_many)
{
    /* Every slot armed at pseudo-random times fires in sorted order. */
    Scheduler *s = sched_create();
    uint64_t last = 0;
    unsigned fired = 0;
    uint32_t x = 12345;
    for (unsigned i = 0; i < EV_COUNT; i++) {
        x = x * 1103515245u + 12345u;
        sched_add_at(s, (EventId)i, x % 1000, 0);
    }
    while (sched_next(s) != SCHED_NEVER) {
        uint64_t t = sched_next(s);
        ck_assert_uint_ge(t, last);
        last = t;
        fired += sched_run_due(s, t);
    }
    ck_assert_uint_eq(fired, EV_COUNT);
    sched_destroy(s);
}
END_TEST

START_TEST(test_sched_state_round_trip)
{
    Scheduler *s = setup();
    sched_advance_to(s, 40);
    sched_add(s, EV_TEST1, 60, 11);
    sched_add(s, EV_TEST2, 10, 22);
    StateIO *io = state_create_save();
    sched_state(s, io);
    ck_assert_ptr_null(state_error(io));
    size_t len;
    const void *data = state_data(io, &len);
    Scheduler *s2 = setup(); /* fresh scheduler, callbacks bound again */
    StateIO *in = state_create_load(data, len);
    sched_state(s2, in);
    ck_assert_ptr_null(state_error(in));
    ck_assert_uint_eq(sched_now(s2), 40);
    ck_assert_uint_eq(sched_when(s2, EV_TEST1), 100);
    ck_assert_uint_eq(sched_when(s2, EV_TEST2), 50);
    ck_assert(!sched_pending(s2, EV_TEST0));
    sched_advance_to(s2, 200);
    ck_assert_uint_eq(rec.n, 2);
    ck_assert_int_eq(rec.id[0], EV_TEST2);
    ck_assert_uint_eq(rec.param[0], 22);
    ck_assert_uint_eq(rec.param[1], 11);
    /* A truncated stream is refused, not half-loaded silently. */
    StateIO *bad = state_create_load(data, len - 3);
    Scheduler *s3 = sched_create();
    sched_state(s3, bad);
    ck_assert_ptr_nonnull(state_error(bad));
    state_destroy(bad);
    sched_destroy(s3);
    state_destroy(in);
    state_destroy(io);
    sched_destroy(s2);
    sched_destroy(s);
}
END_TEST

START_TEST(test_sched_event_names)
{
    ck_assert_str_eq(sched_event_name(EV_TIMER4), "TIMER4");
    ck_assert_str_eq(sched_event_name(EV_UART_TX(2)), "UART2_TX");
    ck_assert_str_eq(sched_event_name(EV_DMAC_CH(1, 3)), "DMAC1_CH3");
}
END_TEST

Suite *sched_suite(void)
{
    Suite *s = suite_create("sched");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_sched_order_and_ties);
    tcase_add_test(tc, test_sched_rearm_and_cancel);
    tcase_add_test(tc, test_sched_periodic_no_drift);
    tcase_add_test(tc, test_sched_run_due_reports_late);
    tcase_add_test(tc, test_sched_notify_on_earlier);
    tcase_add_test(tc, test_sched_heap_many);
    tcase_add_test(tc, test_sched_state_round_trip);
    tcase_add_test(tc, test_sched_event_names);
    suite_add_tcase(s, tc);
    return s;
}
