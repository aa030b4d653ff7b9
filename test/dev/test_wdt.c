/* S5L8720 watchdog (dev/wdt.c): CTRL/CNT reset to 0 with nothing scheduled;
 * an enabled watchdog expires exactly clk_cycles(2^18 * (PRE+1) << CS, PCLK)
 * after it was started or kicked (0xA00), counting CNT up in prescaled ticks;
 * without INT_EN the expiry pulses the reset line once, with INT_EN it raises
 * the IRQ line (lowered by the next CTRL write) instead; 0x00100000 resets
 * within 4 ms; ENABLE = 0 (iOS's 0, openiBoot's 0xA5) stops it; a save/load
 * round trip keeps the expiry time. */
#include <check.h>

#include "dev/wdt.h"
#include "soc/clocks.h"
#include "soc/state.h"
#include "test/dev/devtest.h"

#define IRQ_LINE 0
#define RESET_LINE 1
#define IOS_KICK 0x001F4A00u /* enable, PRE 15, CS 4, command 0xA00 */

static DevTestEnv T;
static WdtDev *w;

static void setup(void)
{
    devtest_init(&T);
    w = wdt_create(&T.env);
    wdt_ops.reset(w);
    wdt_connect(w, irq_probe_line(&T.probe, IRQ_LINE), irq_probe_line(&T.probe, RESET_LINE));
}

static void teardown(void)
{
    wdt_ops.destroy(w);
    devtest_free(&T);
}

static uint32_t rd(uint32_t off) { return wdt_ops.read(w, off, 4); }
static void wr(uint32_t off, uint32_t v) { wdt_ops.write(w, off, v, 4); }
static uint64_t now(void) { return sched_now(T.env.sched); }
static void advance(uint64_t to) { sched_advance_to(T.env.sched, to); }

START_TEST(test_wdt_reset_values)
{
    ck_assert_uint_eq(rd(WDT_REG_CTRL), 0);
    ck_assert_uint_eq(rd(WDT_REG_CNT), 0);
    ck_assert(!sched_pending(T.env.sched, EV_WDT));
    advance(clk_cycles_from_us(10000000)); /* 10 s: nothing happens */
    ck_assert_uint_eq(T.probe.rises[RESET_LINE], 0);
    ck_assert(!T.probe.level[IRQ_LINE]);
}
END_TEST

START_TEST(test_wdt_expiry_exact_cycles)
{
    advance(12345);
    wr(WDT_REG_CTRL, IOS_KICK);
    ck_assert_uint_eq(rd(WDT_REG_CTRL), 0x001F4000); /* the command field reads 0 */
    uint64_t t0 = now();
    ck_assert_uint_eq(wdt_divisor(IOS_KICK), 256);
    uint64_t due = t0 + clk_cycles(1ull << 26, PCLK_HZ);
    ck_assert_uint_eq(sched_when(T.env.sched, EV_WDT), due);
    advance(t0 + clk_cycles(256 * 1000, PCLK_HZ));
    ck_assert_uint_eq(rd(WDT_REG_CNT), 1000);
    advance(due - 1);
    ck_assert_uint_eq(T.probe.rises[RESET_LINE], 0);
    ck_assert_uint_eq(rd(WDT_REG_CNT), WDT_COUNT_MAX - 1);
    advance(due);
    ck_assert_uint_eq(T.probe.rises[RESET_LINE], 1);
    ck_assert(!T.probe.level[RESET_LINE]); /* a pulse */
    ck_assert_uint_eq(T.probe.last_change[RESET_LINE], due);
    ck_assert(!T.probe.level[IRQ_LINE]);
    ck_assert_uint_eq(rd(WDT_REG_CTRL), 0); /* disabled after firing */
    advance(due + clk_cycles(1ull << 27, PCLK_HZ));
    ck_assert_uint_eq(T.probe.rises[RESET_LINE], 1);
}
END_TEST

START_TEST(test_wdt_kick_restarts_count)
{
    wr(WDT_REG_CTRL, IOS_KICK);
    const uint64_t full = clk_cycles(1ull << 26, PCLK_HZ);
    for (unsigned i = 0; i < 10; i++) {
        advance(now() + clk_cycles(1ull << 25, PCLK_HZ)); /* iOS's kick interval */
        ck_assert_uint_eq(rd(WDT_REG_CNT), 1u << 17);
        wr(WDT_REG_CTRL, IOS_KICK);
        ck_assert_uint_eq(rd(WDT_REG_CNT), 0);
        ck_assert_uint_eq(sched_when(T.env.sched, EV_WDT), now() + full);
    }
    ck_assert_uint_eq(T.probe.rises[RESET_LINE], 0);
    /* a CTRL write without the kick command keeps counting */
    advance(now() + clk_cycles(256 * 50, PCLK_HZ));
    wr(WDT_REG_CTRL, IOS_KICK & ~WDT_CTRL_CMD_MASK);
    ck_assert_uint_eq(rd(WDT_REG_CNT), 50);
    ck_assert_uint_eq(sched_when(T.env.sched, EV_WDT),
                      now() + clk_cycles(256ull * (WDT_COUNT_MAX - 50), PCLK_HZ));
}
END_TEST

START_TEST(test_wdt_ios_reboot_value_resets_quickly)
{
    advance(1000);
    wr(WDT_REG_CTRL, 0x00100000);
    uint64_t due = 1000 + clk_cycles(WDT_COUNT_MAX, PCLK_HZ);
    ck_assert_uint_le(due - 1000, clk_cycles_from_us(4000));
    ck_assert_uint_eq(sched_when(T.env.sched, EV_WDT), due);
    advance(due - 1);
    ck_assert_uint_eq(T.probe.rises[RESET_LINE], 0);
    advance(due);
    ck_assert_uint_eq(T.probe.rises[RESET_LINE], 1);
}
END_TEST

START_TEST(test_wdt_int_en_raises_irq_instead)
{
    wr(WDT_REG_CTRL, WDT_CTRL_ENABLE | WDT_CTRL_INT_EN | 1u << WDT_CTRL_CS_SHIFT | WDT_CMD_KICK);
    uint64_t due = now() + clk_cycles(2ull * WDT_COUNT_MAX, PCLK_HZ);
    advance(due - 1);
    ck_assert(!T.probe.level[IRQ_LINE]);
    advance(due);
    ck_assert(T.probe.level[IRQ_LINE]);
    ck_assert_uint_eq(T.probe.last_change[IRQ_LINE], due);
    ck_assert_uint_eq(T.probe.rises[RESET_LINE], 0);
    advance(due + 100000);
    ck_assert_uint_eq(rd(WDT_REG_CNT), WDT_COUNT_MAX); /* saturated */
    ck_assert(T.probe.level[IRQ_LINE]);
    wr(WDT_REG_CTRL, WDT_CTRL_ENABLE | WDT_CTRL_INT_EN | 1u << WDT_CTRL_CS_SHIFT | WDT_CMD_KICK);
    ck_assert(!T.probe.level[IRQ_LINE]);
    ck_assert_uint_eq(rd(WDT_REG_CNT), 0);
    ck_assert_uint_eq(sched_when(T.env.sched, EV_WDT), now() + clk_cycles(2ull * WDT_COUNT_MAX, PCLK_HZ));
}
END_TEST

START_TEST(test_wdt_disable_stops)
{
    wr(WDT_REG_CTRL, IOS_KICK);
    advance(now() + 1000000);
    wr(WDT_REG_CTRL, 0); /* iOS */
    ck_assert(!sched_pending(T.env.sched, EV_WDT));
    ck_assert_uint_eq(rd(WDT_REG_CNT), 0);
    wr(WDT_REG_CTRL, IOS_KICK);
    wr(WDT_REG_CTRL, WDT_CMD_KICK | WDT_CMD_DISABLE); /* openiBoot: 0xAA5 */
    ck_assert(!sched_pending(T.env.sched, EV_WDT));
    advance(now() + clk_cycles(1ull << 28, PCLK_HZ));
    ck_assert_uint_eq(T.probe.rises[RESET_LINE], 0);
    /* re-enabling starts from 0 even without the kick command */
    wr(WDT_REG_CTRL, WDT_CTRL_ENABLE);
    ck_assert_uint_eq(sched_when(T.env.sched, EV_WDT), now() + clk_cycles(WDT_COUNT_MAX, PCLK_HZ));
}
END_TEST

START_TEST(test_wdt_bad_accesses)
{
    unsigned logged = log_count(T.env.log);
    wr(WDT_REG_CNT, 5);
    ck_assert_uint_eq(rd(0x40), 0);
    wdt_ops.write(w, WDT_REG_CTRL, 0xFF, 1);
    ck_assert_uint_eq(rd(WDT_REG_CTRL), 0);
    ck_assert_uint_eq(log_count(T.env.log), logged + 3);
    wr(WDT_REG_CTRL, IOS_KICK);
    ck_assert_uint_eq(wdt_ops.read(w, WDT_REG_CTRL + 2, 1), 0x1F);
}
END_TEST

START_TEST(test_wdt_state_round_trip)
{
    wr(WDT_REG_CTRL, IOS_KICK);
    advance(now() + 777777);
    uint64_t due = sched_when(T.env.sched, EV_WDT);
    StateIO *io = state_create_save();
    sched_state(T.env.sched, io);
    wdt_ops.state(w, io);
    size_t len;
    const void *data = state_data(io, &len);

    DevTestEnv T2;
    devtest_init(&T2);
    WdtDev *w2 = wdt_create(&T2.env);
    wdt_ops.reset(w2);
    wdt_connect(w2, irq_probe_line(&T2.probe, IRQ_LINE), irq_probe_line(&T2.probe, RESET_LINE));
    StateIO *in = state_create_load(data, len);
    sched_state(T2.env.sched, in);
    wdt_ops.state(w2, in);
    ck_assert_ptr_null(state_error(in));
    state_destroy(in);
    state_destroy(io);

    ck_assert_uint_eq(wdt_ops.read(w2, WDT_REG_CTRL, 4), rd(WDT_REG_CTRL));
    ck_assert_uint_eq(wdt_ops.read(w2, WDT_REG_CNT, 4), rd(WDT_REG_CNT));
    sched_advance_to(T2.env.sched, due - 1);
    ck_assert_uint_eq(T2.probe.rises[RESET_LINE], 0);
    sched_advance_to(T2.env.sched, due);
    ck_assert_uint_eq(T2.probe.rises[RESET_LINE], 1);
    wdt_ops.destroy(w2);
    devtest_free(&T2);
}
END_TEST

Suite *wdt_suite(void)
{
    Suite *s = suite_create("wdt");
    TCase *tc = tcase_create("wdt");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_wdt_reset_values);
    tcase_add_test(tc, test_wdt_expiry_exact_cycles);
    tcase_add_test(tc, test_wdt_kick_restarts_count);
    tcase_add_test(tc, test_wdt_ios_reboot_value_resets_quickly);
    tcase_add_test(tc, test_wdt_int_en_raises_irq_instead);
    tcase_add_test(tc, test_wdt_disable_stops);
    tcase_add_test(tc, test_wdt_bad_accesses);
    tcase_add_test(tc, test_wdt_state_round_trip);
    suite_add_tcase(s, tc);
    return s;
}
