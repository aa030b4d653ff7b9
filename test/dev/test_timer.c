/* S5L8720 timer block (dev/timer.c): registers reset to 0; a timer counts up
 * at the rate of its clock select and matches at COUNT_BUFFER exactly
 * clk_cycles(COUNT_BUFFER, rate) after it starts, then reloads; a periodic
 * timer's matches stay on the exact tick grid for 1000 periods, even when
 * every event fires late; timers 4-7 set their IRQSTAT lane (W1C, mirrored
 * read-only at 0x10000) and the IRQ line follows status AND enable, timers
 * 0-3 never do; STATE stop/update and CONFIG changes keep or reset COUNT as
 * the sheet says; the 64-bit counter runs at 24 MHz / (DIV+1), stops, and a
 * HIGH read latches LOW; a save/load round trip continues in step. */
#include <check.h>
#include <string.h>

#include "dev/timer.h"
#include "soc/clocks.h"
#include "soc/state.h"
#include "test/dev/devtest.h"

#define IRQ_LINE 7
#define T4 0xA0u
#define CFG_12MHZ_IE (0u << 8 | 0x7000u)
#define CFG_6MHZ_DECR 0x1150u /* iOS decrementer: 6 MHz, IE bit 12 */

static DevTestEnv T;
static TimerDev *t;

static void setup(void)
{
    devtest_init(&T);
    t = timer_dev_create(&T.env);
    timer_ops.reset(t);
    timer_connect_irq(t, irq_probe_line(&T.probe, IRQ_LINE));
}

static void teardown(void)
{
    timer_ops.destroy(t);
    devtest_free(&T);
}

static uint32_t rd(uint32_t off) { return timer_ops.read(t, off, 4); }
static void wr(uint32_t off, uint32_t v) { timer_ops.write(t, off, v, 4); }
static uint64_t now(void) { return sched_now(T.env.sched); }
static void advance(uint64_t to) { sched_advance_to(T.env.sched, to); }

START_TEST(test_timer_reset_values)
{
    for (unsigned n = 0; n < 8; n++) {
        for (uint32_t r = 0; r <= TIMER_REG_COUNT; r += 4) ck_assert_uint_eq(rd(timer_base(n) + r), 0);
        ck_assert(!sched_pending(T.env.sched, EV_TIMER(n)));
    }
    ck_assert_uint_eq(rd(TIMER_REG_TICKS_CFG), 0);
    ck_assert_uint_eq(rd(TIMER_REG_IRQSTAT), 0);
    ck_assert_uint_eq(rd(TIMER_REG_IRQSTAT_ALIAS), 0);
    for (unsigned i = 0; i < 4; i++) ck_assert_uint_eq(rd(TIMER_REG_UNKREG1 + 4 * i), 0);
    ck_assert(!T.probe.level[IRQ_LINE]);
    ck_assert_uint_eq(timer_base(4), 0xA0);
    ck_assert_uint_eq(timer_base(7), 0x100);
}
END_TEST

START_TEST(test_timer_clock_select_rates)
{
    static const uint64_t hz[5] = { 12000000, 6000000, 1500000, 375000, 24000000 };
    for (unsigned sel = 0; sel < 5; sel++) {
        wr(T4 + TIMER_REG_CONFIG, sel << 8);
        ck_assert_uint_eq(timer_hz(t, 4), hz[sel]);
    }
    wr(T4 + TIMER_REG_CONFIG, 6u << 8); /* unknown/external: 24 MHz */
    ck_assert_uint_eq(timer_hz(t, 4), 24000000);
}
END_TEST

START_TEST(test_timer_counts_up_from_time)
{
    advance(1000);
    wr(T4 + TIMER_REG_CONFIG, 1u << 8); /* 6 MHz */
    wr(T4 + TIMER_REG_COUNT_BUFFER, 100000);
    wr(T4 + TIMER_REG_STATE, TIMER_STATE_START | TIMER_STATE_MANUALUPDATE);
    uint64_t t0 = now();
    ck_assert_uint_eq(rd(T4 + TIMER_REG_COUNT), 0);
    advance(t0 + clk_cycles(1234, 6000000) - 1);
    ck_assert_uint_eq(rd(T4 + TIMER_REG_COUNT), 1233);
    advance(t0 + clk_cycles(1234, 6000000));
    ck_assert_uint_eq(rd(T4 + TIMER_REG_COUNT), 1234);
    ck_assert_uint_eq(sched_when(T.env.sched, EV_TIMER4), t0 + clk_cycles(100000, 6000000));
}
END_TEST

START_TEST(test_timer_match_sets_status_and_reloads)
{
    wr(T4 + TIMER_REG_CONFIG, CFG_12MHZ_IE);
    wr(T4 + TIMER_REG_COUNT_BUFFER, 500);
    wr(T4 + TIMER_REG_STATE, 3);
    uint64_t t0 = now(), due = t0 + clk_cycles(500, 12000000);
    advance(due - 1);
    ck_assert_uint_eq(rd(TIMER_REG_IRQSTAT), 0);
    ck_assert(!T.probe.level[IRQ_LINE]);
    advance(due);
    ck_assert_uint_eq(rd(TIMER_REG_IRQSTAT), 1u << 24);
    ck_assert(T.probe.level[IRQ_LINE]);
    ck_assert_uint_eq(T.probe.last_change[IRQ_LINE], due);
    ck_assert_uint_eq(rd(T4 + TIMER_REG_COUNT), 0); /* reloaded */
    advance(t0 + clk_cycles(510, 12000000));
    ck_assert_uint_eq(rd(T4 + TIMER_REG_COUNT), 10);
}
END_TEST

/* Timer 4 at 12 MHz with COUNT_BUFFER 12000: every match exactly
 * clk_cycles(12000, 12 MHz) after the previous one, 1000 times. */
START_TEST(test_timer_period_exact_no_drift)
{
    advance(777);
    wr(T4 + TIMER_REG_CONFIG, CFG_12MHZ_IE);
    wr(T4 + TIMER_REG_COUNT_BUFFER, 12000);
    wr(T4 + TIMER_REG_STATE, 3);
    const uint64_t period = clk_cycles(12000, 12000000);
    ck_assert_uint_eq(period, 533000);
    uint64_t prev = now();
    for (unsigned k = 1; k <= 1000; k++) {
        uint64_t due = sched_when(T.env.sched, EV_TIMER4);
        ck_assert_uint_eq(due - prev, period);
        advance(due);
        ck_assert_uint_eq(T.probe.last_change[IRQ_LINE], due);
        ck_assert_uint_eq(rd(TIMER_REG_IRQSTAT), 1u << 24);
        wr(TIMER_REG_IRQSTAT, 0x03000000); /* iOS's acknowledge */
        ck_assert(!T.probe.level[IRQ_LINE]);
        prev = due;
    }
    ck_assert_uint_eq(T.probe.rises[IRQ_LINE], 1000);
    ck_assert_uint_eq(prev, 777 + 1000 * period);
}
END_TEST

/* A rate that does not divide the CPU clock (1.5 MHz: 355.33 cycles a tick)
 * and events that always fire late: match k stays at
 * start + clk_cycles(k * period) - no per-period rounding accumulates. */
static uint64_t fake_clock;
static uint64_t fake_now(void *opaque)
{
    (void)opaque;
    return fake_clock;
}

START_TEST(test_timer_late_events_do_not_drift)
{
    sched_set_clock(T.env.sched, fake_now, NULL);
    fake_clock = 5;
    wr(T4 + TIMER_REG_CONFIG, 2u << 8 | 0x1000); /* 1.5 MHz */
    wr(T4 + TIMER_REG_COUNT_BUFFER, 1000);
    wr(T4 + TIMER_REG_STATE, 3);
    uint64_t t0 = fake_clock;
    for (unsigned k = 1; k <= 1000; k++) {
        uint64_t due = sched_when(T.env.sched, EV_TIMER4);
        ck_assert_uint_eq(due, t0 + clk_cycles((uint64_t)k * 1000, 1500000));
        fake_clock = due + 1 + (k * 337) % 2000; /* overshoot by up to 2000 cycles (5 ticks) */
        sched_run_due(T.env.sched, fake_clock);
        wr(TIMER_REG_IRQSTAT, 1u << 24);
    }
    ck_assert_uint_eq(T.probe.rises[IRQ_LINE], 1000);
    sched_set_clock(T.env.sched, NULL, NULL);
}
END_TEST

START_TEST(test_timer_irqstat_w1c_and_alias)
{
    for (unsigned n = 4; n < 8; n++) {
        wr(timer_base(n) + TIMER_REG_CONFIG, CFG_12MHZ_IE);
        wr(timer_base(n) + TIMER_REG_COUNT_BUFFER, 100 * (n - 3));
        wr(timer_base(n) + TIMER_REG_STATE, 3);
    }
    advance(now() + clk_cycles(400, 12000000));
    uint32_t all = 1u << 24 | 1u << 16 | 1u << 8 | 1u << 0;
    ck_assert_uint_eq(rd(TIMER_REG_IRQSTAT), all);
    ck_assert_uint_eq(rd(TIMER_REG_IRQSTAT_ALIAS), all);
    ck_assert_uint_eq(timer_ops.read(t, TIMER_REG_IRQSTAT + 3, 1), 0x01); /* byte lane of timer 4 */
    unsigned logged = log_count(T.env.log);
    wr(TIMER_REG_IRQSTAT_ALIAS, all); /* the mirror is read-only */
    ck_assert_uint_eq(rd(TIMER_REG_IRQSTAT), all);
    ck_assert_uint_eq(log_count(T.env.log), logged + 1);
    wr(TIMER_REG_IRQSTAT, 1u << 16 | 1u << 0);
    ck_assert_uint_eq(rd(TIMER_REG_IRQSTAT), 1u << 24 | 1u << 8);
    ck_assert_uint_eq(rd(TIMER_REG_IRQSTAT_ALIAS), 1u << 24 | 1u << 8);
    ck_assert(T.probe.level[IRQ_LINE]);
    wr(TIMER_REG_IRQSTAT, 0xFFFFFFFF);
    ck_assert_uint_eq(rd(TIMER_REG_IRQSTAT), 0);
    ck_assert(!T.probe.level[IRQ_LINE]);
}
END_TEST

START_TEST(test_timer_irq_needs_enable)
{
    wr(0xE0 + TIMER_REG_CONFIG, 0); /* timer 6, no enables */
    wr(0xE0 + TIMER_REG_COUNT_BUFFER, 10);
    wr(0xE0 + TIMER_REG_STATE, 3);
    advance(now() + clk_cycles(10, 12000000));
    ck_assert_uint_eq(rd(TIMER_REG_IRQSTAT), 1u << 8);
    ck_assert(!T.probe.level[IRQ_LINE]);
    wr(0xE0 + TIMER_REG_CONFIG, 0x2000); /* enable of status bit 1 only */
    ck_assert(!T.probe.level[IRQ_LINE]);
    wr(0xE0 + TIMER_REG_CONFIG, 0x1000); /* bit 0's enable: the pending status raises it */
    ck_assert(T.probe.level[IRQ_LINE]);
    wr(0xE0 + TIMER_REG_CONFIG, 0);
    ck_assert(!T.probe.level[IRQ_LINE]);
}
END_TEST

START_TEST(test_timer_low_timers_never_interrupt)
{
    wr(0x20 + TIMER_REG_CONFIG, 4u << 8 | 0x7000); /* timer 1, 24 MHz, all enables */
    wr(0x20 + TIMER_REG_COUNT_BUFFER, 100);
    wr(0x20 + TIMER_REG_STATE, 3);
    uint64_t t0 = now();
    ck_assert_uint_eq(sched_when(T.env.sched, EV_TIMER1), t0 + clk_cycles(100, 24000000));
    advance(t0 + clk_cycles(250, 24000000));
    ck_assert_uint_eq(rd(TIMER_REG_IRQSTAT), 0);
    ck_assert(!T.probe.level[IRQ_LINE]);
    ck_assert_uint_eq(rd(0x20 + TIMER_REG_COUNT), 50); /* reloaded twice */
}
END_TEST

START_TEST(test_timer_stop_update_and_config_change)
{
    wr(T4 + TIMER_REG_CONFIG, 0); /* 12 MHz */
    wr(T4 + TIMER_REG_COUNT_BUFFER, 1000000);
    wr(T4 + TIMER_REG_STATE, 3);
    uint64_t t0 = now();
    advance(t0 + clk_cycles(300, 12000000));
    wr(T4 + TIMER_REG_STATE, 0); /* stop: frozen */
    ck_assert(!sched_pending(T.env.sched, EV_TIMER4));
    advance(now() + 100000);
    ck_assert_uint_eq(rd(T4 + TIMER_REG_COUNT), 300);
    wr(T4 + TIMER_REG_STATE, 1); /* start again without update: continue from 300 */
    uint64_t t1 = now();
    advance(t1 + clk_cycles(50, 12000000));
    ck_assert_uint_eq(rd(T4 + TIMER_REG_COUNT), 350);
    /* a new clock keeps the count and continues at the new rate */
    wr(T4 + TIMER_REG_CONFIG, 1u << 8); /* 6 MHz */
    uint64_t t2 = now();
    advance(t2 + clk_cycles(20, 6000000));
    ck_assert_uint_eq(rd(T4 + TIMER_REG_COUNT), 370);
    ck_assert_uint_eq(sched_when(T.env.sched, EV_TIMER4), t2 + clk_cycles(1000000 - 350, 6000000));
    /* STATE = 2 (update, stopped): count 0 */
    wr(T4 + TIMER_REG_STATE, 2);
    ck_assert_uint_eq(rd(T4 + TIMER_REG_COUNT), 0);
    ck_assert(!sched_pending(T.env.sched, EV_TIMER4));
    /* writing COUNT is ignored */
    wr(T4 + TIMER_REG_COUNT, 55);
    ck_assert_uint_eq(rd(T4 + TIMER_REG_COUNT), 0);
}
END_TEST

START_TEST(test_timer_buffer_below_count_matches_at_once)
{
    wr(T4 + TIMER_REG_CONFIG, CFG_6MHZ_DECR);
    ck_assert_uint_eq(timer_hz(t, 4), 6000000);
    wr(T4 + TIMER_REG_COUNT_BUFFER, 1000);
    wr(T4 + TIMER_REG_STATE, 3);
    advance(now() + clk_cycles(600, 6000000));
    wr(T4 + TIMER_REG_COUNT_BUFFER, 200); /* already passed */
    ck_assert_uint_le(sched_when(T.env.sched, EV_TIMER4), now());
    advance(now());
    ck_assert(T.probe.level[IRQ_LINE]);
    ck_assert_uint_eq(rd(T4 + TIMER_REG_COUNT), 0);
    /* COUNT_BUFFER 0 acts as 1 */
    wr(TIMER_REG_IRQSTAT, 0xFFFFFFFF);
    wr(T4 + TIMER_REG_COUNT_BUFFER, 0);
    wr(T4 + TIMER_REG_STATE, 3);
    ck_assert_uint_eq(sched_when(T.env.sched, EV_TIMER4), now() + clk_cycles(1, 6000000));
}
END_TEST

START_TEST(test_timer_storage_registers)
{
    wr(T4 + TIMER_REG_COUNT_BUFFER2, 0x12345678);
    wr(T4 + TIMER_REG_PRESCALER, 0xCAFE);
    wr(TIMER_REG_UNKREG1 + 8, 0xFFFFFFFF);
    ck_assert_uint_eq(rd(T4 + TIMER_REG_COUNT_BUFFER2), 0x12345678);
    ck_assert_uint_eq(rd(T4 + TIMER_REG_PRESCALER), 0xCAFE);
    ck_assert_uint_eq(rd(TIMER_REG_UNKREG1 + 8), 0xFFFFFFFF);
    ck_assert_uint_eq(timer_ops.read(t, T4 + TIMER_REG_COUNT_BUFFER2 + 2, 2), 0x1234);
    unsigned logged = log_count(T.env.log);
    ck_assert_uint_eq(rd(0x200), 0); /* unknown offset */
    ck_assert_uint_eq(rd(0x200), 0);
    ck_assert_uint_eq(log_count(T.env.log), logged + 1);
    timer_ops.write(t, T4 + TIMER_REG_PRESCALER, 0x11, 1); /* narrow write: ignored */
    ck_assert_uint_eq(rd(T4 + TIMER_REG_PRESCALER), 0xCAFE);
}
END_TEST

START_TEST(test_timer_ticks_rate_stop_divider)
{
    /* reset: running at 24 MHz */
    advance(clk_cycles(2400, 24000000));
    ck_assert_uint_eq(timer_ticks(t), 2400);
    wr(TIMER_REG_TICKS_CFG, 0xA); /* stop */
    uint64_t frozen = timer_ticks(t);
    advance(now() + 1000000);
    ck_assert_uint_eq(timer_ticks(t), frozen);
    wr(TIMER_REG_TICKS_CFG, 0x18010); /* iBoot: 12 MHz */
    uint64_t t0 = now();
    advance(t0 + clk_cycles(12000000, 12000000));
    ck_assert_uint_eq(timer_ticks(t), frozen + 12000000);
    wr(TIMER_REG_TICKS_CFG, 0x10018030); /* iOS: 6 MHz */
    ck_assert_uint_eq(rd(TIMER_REG_TICKS_CFG), 0x10018030);
    uint64_t t1 = now(), v1 = timer_ticks(t);
    advance(t1 + clk_cycles(6000, 6000000) - 1);
    ck_assert_uint_eq(timer_ticks(t), v1 + 5999);
    advance(t1 + clk_cycles(6000, 6000000));
    ck_assert_uint_eq(timer_ticks(t), v1 + 6000);
}
END_TEST

START_TEST(test_timer_ticks_high_latches_low)
{
    /* get past 2^32 ticks: 24 MHz for ~179 s */
    uint64_t target = (1ull << 32) + 5;
    advance(clk_cycles(target, 24000000));
    ck_assert_uint_eq(timer_ticks(t), target);
    ck_assert_uint_eq(rd(TIMER_REG_TICKSHIGH), 1);
    advance(now() + clk_cycles(1000, 24000000)); /* time moves on between the two reads */
    ck_assert_uint_eq(rd(TIMER_REG_TICKSLOW), 5);  /* latched by the HIGH read */
    ck_assert_uint_eq(rd(TIMER_REG_TICKSLOW), 1005); /* no HIGH read before: live */
    wr(TIMER_REG_TICKSLOW, 0); /* read-only */
    ck_assert_uint_eq(timer_ticks(t), target + 1000);
}
END_TEST

START_TEST(test_timer_state_round_trip)
{
    wr(T4 + TIMER_REG_CONFIG, CFG_12MHZ_IE);
    wr(T4 + TIMER_REG_COUNT_BUFFER, 3000);
    wr(T4 + TIMER_REG_STATE, 3);
    wr(0x40 + TIMER_REG_COUNT_BUFFER, 77); /* timer 2 stopped with a value */
    wr(TIMER_REG_TICKS_CFG, 0x18010);
    wr(TIMER_REG_UNKREG1, 0xFFFFFFFF);
    advance(now() + clk_cycles(4500, 12000000)); /* one match, 1500 into the next */
    ck_assert_uint_eq(rd(TIMER_REG_IRQSTAT), 1u << 24);
    rd(TIMER_REG_TICKSHIGH); /* leave a latch pending */

    StateIO *io = state_create_save();
    sched_state(T.env.sched, io);
    timer_ops.state(t, io);
    ck_assert_ptr_null(state_error(io));
    size_t len;
    const void *data = state_data(io, &len);

    DevTestEnv T2;
    devtest_init(&T2);
    TimerDev *t2 = timer_dev_create(&T2.env);
    timer_ops.reset(t2);
    timer_connect_irq(t2, irq_probe_line(&T2.probe, IRQ_LINE));
    StateIO *in = state_create_load(data, len);
    sched_state(T2.env.sched, in);
    timer_ops.state(t2, in);
    ck_assert_ptr_null(state_error(in));
    state_destroy(in);
    state_destroy(io);

    ck_assert(T2.probe.level[IRQ_LINE]);
    ck_assert_uint_eq(sched_now(T2.env.sched), now());
    ck_assert_uint_eq(timer_ops.read(t2, TIMER_REG_TICKSLOW, 4), rd(TIMER_REG_TICKSLOW));
    for (unsigned step = 1; step <= 3; step++) {
        uint64_t when = now() + step * clk_cycles(1000, 12000000);
        advance(when);
        sched_advance_to(T2.env.sched, when);
        for (uint32_t r = 0; r <= TIMER_REG_COUNT; r += 4) {
            ck_assert_uint_eq(timer_ops.read(t2, T4 + r, 4), rd(T4 + r));
            ck_assert_uint_eq(timer_ops.read(t2, 0x40 + r, 4), rd(0x40 + r));
        }
        ck_assert_uint_eq(timer_ops.read(t2, TIMER_REG_TICKSHIGH, 4), rd(TIMER_REG_TICKSHIGH));
        ck_assert_uint_eq(timer_ops.read(t2, TIMER_REG_TICKSLOW, 4), rd(TIMER_REG_TICKSLOW));
        ck_assert_uint_eq(timer_ops.read(t2, TIMER_REG_UNKREG1, 4), 0xFFFFFFFF);
        ck_assert_uint_eq(sched_when(T2.env.sched, EV_TIMER4), sched_when(T.env.sched, EV_TIMER4));
    }
    timer_ops.destroy(t2);
    devtest_free(&T2);
}
END_TEST

Suite *timer_suite(void)
{
    Suite *s = suite_create("timer");
    TCase *tc = tcase_create("timer");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_timer_reset_values);
    tcase_add_test(tc, test_timer_clock_select_rates);
    tcase_add_test(tc, test_timer_counts_up_from_time);
    tcase_add_test(tc, test_timer_match_sets_status_and_reloads);
    tcase_add_test(tc, test_timer_period_exact_no_drift);
    tcase_add_test(tc, test_timer_late_events_do_not_drift);
    tcase_add_test(tc, test_timer_irqstat_w1c_and_alias);
    tcase_add_test(tc, test_timer_irq_needs_enable);
    tcase_add_test(tc, test_timer_low_timers_never_interrupt);
    tcase_add_test(tc, test_timer_stop_update_and_config_change);
    tcase_add_test(tc, test_timer_buffer_below_count_matches_at_once);
    tcase_add_test(tc, test_timer_storage_registers);
    tcase_add_test(tc, test_timer_ticks_rate_stop_divider);
    tcase_add_test(tc, test_timer_ticks_high_latches_low);
    tcase_add_test(tc, test_timer_state_round_trip);
    suite_add_tcase(s, tc);
    return s;
}
