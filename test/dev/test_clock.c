/* S5L8720 clock/power manager (dev/clock.c): block 0 resets to values whose
 * section-4.2 formulas give CPU 532.8 MHz, bus /4 and peripheral /8, with all
 * PLLs locked; writing PLLnCON or enabling PLL n clears lock bit n for exactly
 * PLLnLCNT input-clock cycles (one EV_CLOCK_PLL event, at the earliest
 * pending lock); PLLLOCK is read-only; other registers are storage; block 1's
 * remap register drives the remap line when "DRAM at 0" changes; a save/load
 * round trip keeps registers, pending locks and the remap level. */
#include <check.h>

#include "dev/clock.h"
#include "soc/clocks.h"
#include "soc/state.h"
#include "test/dev/devtest.h"

#define REMAP_LINE 3

static DevTestEnv T;
static ClockDev *c0, *c1;

static void setup(void)
{
    devtest_init(&T);
    c0 = clock_create(&T.env, 0);
    c1 = clock_create(&T.env, 1);
    clock_ops.reset(c0);
    clock_ops.reset(c1);
    clock_connect_remap(c1, irq_probe_line(&T.probe, REMAP_LINE));
}

static void teardown(void)
{
    clock_ops.destroy(c0);
    clock_ops.destroy(c1);
    devtest_free(&T);
}

static uint32_t rd0(uint32_t off) { return clock_ops.read(c0, off, 4); }
static void wr0(uint32_t off, uint32_t v) { clock_ops.write(c0, off, v, 4); }
static uint32_t rd1(uint32_t off) { return clock_ops.read(c1, off, 4); }
static void wr1(uint32_t off, uint32_t v) { clock_ops.write(c1, off, v, 4); }
static uint64_t now(void) { return sched_now(T.env.sched); }
static void advance(uint64_t to) { sched_advance_to(T.env.sched, to); }

START_TEST(test_clock_reset_values)
{
    ck_assert_uint_eq(rd0(CLOCK_REG_CONFIG0), 0x00001000);
    ck_assert_uint_eq(rd0(CLOCK_REG_CONFIG1), 0x00424642);
    ck_assert_uint_eq(rd0(CLOCK_REG_CONFIG2), 0);
    ck_assert_uint_eq(rd0(CLOCK_REG_PLL0CON), 0x05006F00); /* P 5, M 111, S 0 */
    ck_assert_uint_eq(rd0(CLOCK_REG_PLL0CON + 4), 0);
    for (unsigned n = 0; n < 4; n++) ck_assert_uint_eq(rd0(CLOCK_REG_PLL0LCNT + 4 * n), 7200);
    ck_assert_uint_eq(rd0(CLOCK_REG_PLLLOCK), 0xF);
    ck_assert_uint_eq(rd0(CLOCK_REG_PLLMODE), 1);
    ck_assert_uint_eq(rd0(CLOCK_REG_GATES0), 0);
    ck_assert_uint_eq(rd0(CLOCK_REG_GATES4), 0);
    ck_assert(!sched_pending(T.env.sched, EV_CLOCK_PLL));
    ck_assert_uint_eq(rd1(CLOCK1_REG_REMAP), 0);
    ck_assert(!T.probe.level[REMAP_LINE]);
}
END_TEST

START_TEST(test_clock_reset_frequencies)
{
    ck_assert_uint_eq(clock_pll_hz(c0, 0), 532800000);
    ck_assert_uint_eq(clock_cpu_hz(c0), 532800000);
    ck_assert_uint_eq(clock_bus_hz(c0), 133200000);
    ck_assert_uint_eq(clock_periph_hz(c0), 66600000);
    /* within 0.05 % of the scheduler's fixed clocks */
    ck_assert_uint_lt(CPU_HZ - clock_cpu_hz(c0), CPU_HZ / 2000);
    ck_assert_uint_lt(HCLK_HZ - clock_bus_hz(c0), HCLK_HZ / 2000);
    ck_assert_uint_lt(PCLK_HZ - clock_periph_hz(c0), PCLK_HZ / 2000);
    ck_assert_uint_eq(clock_cpu_hz(c1), 0);
}
END_TEST

START_TEST(test_clock_frequencies_follow_registers)
{
    wr0(CLOCK_REG_PLL0CON, CLOCK_PLLCON(200, 9, 3));
    ck_assert_uint_eq(clock_cpu_hz(c0), 533333333); /* SDIV ignored for the CPU PLL */
    wr0(CLOCK_REG_CONFIG1, rd0(CLOCK_REG_CONFIG1) | CLOCK_CONFIG1_CPU_EN); /* CPU divider (0+1)*2 */
    ck_assert_uint_eq(clock_cpu_hz(c0), 266666666);
    wr0(CLOCK_REG_PLL0CON + 4, CLOCK_PLLCON(100, 3, 1)); /* PLL1: 24*100/3 / 2^2 */
    ck_assert_uint_eq(clock_pll_hz(c0, 1), 200000000);
    wr0(CLOCK_REG_PLLMODE, 0x3 | CLOCK_PLLMODE_EXT(1)); /* PLL1 fed by 27 MHz */
    ck_assert_uint_eq(clock_pll_hz(c0, 1), 225000000);
    wr0(CLOCK_REG_CONFIG0, 2u << CLOCK_CONFIG0_PLLSEL_SHIFT); /* CPU from PLL1: no SDIV now */
    ck_assert_uint_eq(clock_pll_hz(c0, 1), 900000000);
    wr0(CLOCK_REG_PLL0CON + 8, CLOCK_PLLCON(10, 0, 0)); /* PDIV 0: no clock, no crash */
    ck_assert_uint_eq(clock_pll_hz(c0, 2), 0);
}
END_TEST

START_TEST(test_clock_pll_relock_time)
{
    advance(5000);
    wr0(CLOCK_REG_PLL0CON + 4, CLOCK_PLLCON(100, 3, 1)); /* PLL1 */
    uint64_t t0 = now(), lock = t0 + clk_cycles(7200, CRYSTAL_HZ);
    ck_assert_uint_eq(rd0(CLOCK_REG_PLLLOCK), 0xD);
    ck_assert_uint_eq(sched_when(T.env.sched, EV_CLOCK_PLL), lock);
    advance(lock - 1);
    ck_assert_uint_eq(rd0(CLOCK_REG_PLLLOCK), 0xD);
    advance(lock);
    ck_assert_uint_eq(rd0(CLOCK_REG_PLLLOCK), 0xF);
    ck_assert(!sched_pending(T.env.sched, EV_CLOCK_PLL));
}
END_TEST

START_TEST(test_clock_pll_two_locks_one_event)
{
    wr0(CLOCK_REG_PLL0LCNT + 8, 1000); /* PLL2 */
    wr0(CLOCK_REG_PLL0LCNT, 100);      /* PLL0 */
    wr0(CLOCK_REG_PLL0CON + 8, CLOCK_PLLCON(50, 2, 0));
    uint64_t t2 = now();
    advance(now() + 10);
    wr0(CLOCK_REG_PLL0CON, CLOCK_PLLCON(111, 5, 0));
    uint64_t t0 = now();
    ck_assert_uint_eq(rd0(CLOCK_REG_PLLLOCK), 0xA);
    ck_assert_uint_eq(sched_when(T.env.sched, EV_CLOCK_PLL), t0 + clk_cycles(100, CRYSTAL_HZ));
    advance(t0 + clk_cycles(100, CRYSTAL_HZ));
    ck_assert_uint_eq(rd0(CLOCK_REG_PLLLOCK), 0xB);
    ck_assert_uint_eq(sched_when(T.env.sched, EV_CLOCK_PLL), t2 + clk_cycles(1000, CRYSTAL_HZ));
    advance(t2 + clk_cycles(1000, CRYSTAL_HZ));
    ck_assert_uint_eq(rd0(CLOCK_REG_PLLLOCK), 0xF);
    ck_assert(!sched_pending(T.env.sched, EV_CLOCK_PLL));
}
END_TEST

START_TEST(test_clock_pllmode_enable_relocks)
{
    wr0(CLOCK_REG_PLLMODE, 0x1); /* no change: nothing */
    ck_assert_uint_eq(rd0(CLOCK_REG_PLLLOCK), 0xF);
    wr0(CLOCK_REG_PLL0LCNT + 4, 2700);
    wr0(CLOCK_REG_PLLMODE, 0x3 | CLOCK_PLLMODE_EXT(1)); /* PLL1 on, 27 MHz input */
    ck_assert_uint_eq(rd0(CLOCK_REG_PLLLOCK), 0xD);
    uint64_t lock = now() + clk_cycles(2700, 27000000);
    advance(lock - 1);
    ck_assert_uint_eq(rd0(CLOCK_REG_PLLLOCK), 0xD);
    advance(lock);
    ck_assert_uint_eq(rd0(CLOCK_REG_PLLLOCK), 0xF);
    wr0(CLOCK_REG_PLLMODE, 0x1); /* turning PLL1 off does not unlock it */
    ck_assert_uint_eq(rd0(CLOCK_REG_PLLLOCK), 0xF);
}
END_TEST

START_TEST(test_clock_plllock_read_only)
{
    unsigned logged = log_count(T.env.log);
    wr0(CLOCK_REG_PLLLOCK, 0);
    ck_assert_uint_eq(rd0(CLOCK_REG_PLLLOCK), 0xF);
    ck_assert_uint_eq(log_count(T.env.log), logged + 1);
}
END_TEST

START_TEST(test_clock_storage_registers)
{
    static const uint32_t regs[] = { CLOCK_REG_CONFIG2, CLOCK_REG_CONFIG3, CLOCK_REG_CONFIG5,
                                     CLOCK_REG_GATES0,  CLOCK_REG_GATES1,  CLOCK_REG_GATES2,
                                     CLOCK_REG_GATES3,  CLOCK_REG_GATES4 };
    for (unsigned i = 0; i < sizeof regs / sizeof regs[0]; i++) {
        wr0(regs[i], 0xA5A50000 | i);
        ck_assert_uint_eq(rd0(regs[i]), 0xA5A50000 | i);
    }
    ck_assert_uint_eq(clock_ops.read(c0, CLOCK_REG_GATES1 + 3, 1), 0xA5);
    unsigned logged = log_count(T.env.log);
    wr0(0x800, 0x1234); /* unknown: stored and reported once */
    ck_assert_uint_eq(rd0(0x800), 0x1234);
    ck_assert_uint_eq(log_count(T.env.log), logged + 2);
    clock_ops.write(c0, CLOCK_REG_GATES0, 0, 2); /* narrow write ignored */
    ck_assert_uint_eq(rd0(CLOCK_REG_GATES0), 0xA5A50003);
    wr1(0x48, 0xBEEF); /* block 1: storage */
    ck_assert_uint_eq(rd1(0x48), 0xBEEF);
    ck_assert_uint_eq(rd1(CLOCK_REG_PLLLOCK), 0); /* no PLLs in block 1: storage, never written */
}
END_TEST

START_TEST(test_clock_remap_line)
{
    advance(100);
    wr1(CLOCK1_REG_REMAP, 1);
    ck_assert(T.probe.level[REMAP_LINE]);
    ck_assert_uint_eq(T.probe.last_change[REMAP_LINE], 100);
    wr1(CLOCK1_REG_REMAP, 0xF1); /* other bits kept; [2:0] still 1 */
    ck_assert_uint_eq(rd1(CLOCK1_REG_REMAP), 0xF1);
    ck_assert_uint_eq(T.probe.rises[REMAP_LINE], 1);
    wr1(CLOCK1_REG_REMAP, 0xF0);
    ck_assert(!T.probe.level[REMAP_LINE]);
    unsigned logged = log_count(T.env.log);
    wr1(CLOCK1_REG_REMAP, 3); /* unknown selector: not DRAM, reported */
    ck_assert(!T.probe.level[REMAP_LINE]);
    ck_assert_uint_eq(log_count(T.env.log), logged + 1);
    wr1(CLOCK1_REG_REMAP, 1);
    ck_assert(T.probe.level[REMAP_LINE]);
    clock_ops.reset(c1); /* reset: ROM at 0 again */
    ck_assert(!T.probe.level[REMAP_LINE]);
    ck_assert_uint_eq(rd1(CLOCK1_REG_REMAP), 0);
    wr0(CLOCK1_REG_REMAP, 1); /* block 0's +0xC is CONFIG3: no remap */
    ck_assert(!T.probe.level[REMAP_LINE]);
}
END_TEST

START_TEST(test_clock_state_round_trip)
{
    wr0(CLOCK_REG_GATES2, 0x61);
    wr0(CLOCK_REG_PLL0CON + 12, CLOCK_PLLCON(40, 1, 2)); /* PLL3 relocking */
    advance(now() + 100);
    wr1(CLOCK1_REG_REMAP, 1);
    uint64_t lock = sched_when(T.env.sched, EV_CLOCK_PLL);

    StateIO *io = state_create_save();
    sched_state(T.env.sched, io);
    clock_ops.state(c0, io);
    clock_ops.state(c1, io);
    size_t len;
    const void *data = state_data(io, &len);

    DevTestEnv T2;
    devtest_init(&T2);
    ClockDev *d0 = clock_create(&T2.env, 0), *d1 = clock_create(&T2.env, 1);
    clock_ops.reset(d0);
    clock_ops.reset(d1);
    clock_connect_remap(d1, irq_probe_line(&T2.probe, REMAP_LINE));
    StateIO *in = state_create_load(data, len);
    sched_state(T2.env.sched, in);
    clock_ops.state(d0, in);
    clock_ops.state(d1, in);
    ck_assert_ptr_null(state_error(in));
    state_destroy(in);
    state_destroy(io);

    ck_assert(T2.probe.level[REMAP_LINE]);
    ck_assert_uint_eq(clock_ops.read(d0, CLOCK_REG_GATES2, 4), 0x61);
    ck_assert_uint_eq(clock_ops.read(d0, CLOCK_REG_PLLLOCK, 4), 0x7);
    ck_assert_uint_eq(sched_when(T2.env.sched, EV_CLOCK_PLL), lock);
    sched_advance_to(T2.env.sched, lock);
    ck_assert_uint_eq(clock_ops.read(d0, CLOCK_REG_PLLLOCK, 4), 0xF);
    ck_assert_uint_eq(clock_cpu_hz(d0), clock_cpu_hz(c0));
    clock_ops.destroy(d0);
    clock_ops.destroy(d1);
    devtest_free(&T2);
}
END_TEST

Suite *clock_suite(void)
{
    Suite *s = suite_create("clock");
    TCase *tc = tcase_create("clock");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_clock_reset_values);
    tcase_add_test(tc, test_clock_reset_frequencies);
    tcase_add_test(tc, test_clock_frequencies_follow_registers);
    tcase_add_test(tc, test_clock_pll_relock_time);
    tcase_add_test(tc, test_clock_pll_two_locks_one_event);
    tcase_add_test(tc, test_clock_pllmode_enable_relocks);
    tcase_add_test(tc, test_clock_plllock_read_only);
    tcase_add_test(tc, test_clock_storage_registers);
    tcase_add_test(tc, test_clock_remap_line);
    tcase_add_test(tc, test_clock_state_round_trip);
    suite_add_tcase(s, tc);
    return s;
}
