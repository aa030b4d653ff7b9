/* S5L8720 MIU (dev/miu.c): registers reset to 0; the PHY DLL reads locked (3)
 * exactly MIU_DLL_LOCK_NS after a non-zero PHY_CTRL write and not before, and
 * never before PHY_CTRL starts it; a DIRECT_CMD reads back busy for
 * MIU_CMD_NS and then 0; CTRL bit 20 and the other registers are storage,
 * STATUS0/1 read 0; state round trips including a lock in progress. */
#include <check.h>

#include "dev/miu.h"
#include "soc/clocks.h"
#include "soc/state.h"
#include "test/dev/devtest.h"

static DevTestEnv T;
static MiuDev *m;

static void setup(void)
{
    devtest_init(&T);
    m = miu_create(&T.env);
    miu_ops.reset(m);
}

static void teardown(void)
{
    miu_ops.destroy(m);
    devtest_free(&T);
}

static uint32_t rd(uint32_t off) { return miu_ops.read(m, off, 4); }
static void wr(uint32_t off, uint32_t v) { miu_ops.write(m, off, v, 4); }
static uint64_t now(void) { return sched_now(T.env.sched); }
static void advance(uint64_t to) { sched_advance_to(T.env.sched, to); }

START_TEST(test_miu_reset_values)
{
    static const uint32_t regs[] = { MIU_REG_CTRL, MIU_REG_DIRECT_CMD, MIU_REG_REFRESH, MIU_REG_MODE,
                                     MIU_REG_STATUS0, MIU_REG_STATUS1, MIU_REG_PHY_CTRL, MIU_REG_PHY_STATUS };
    for (unsigned i = 0; i < sizeof regs / sizeof regs[0]; i++) ck_assert_uint_eq(rd(regs[i]), 0);
}
END_TEST

START_TEST(test_miu_dll_locks_after_delay)
{
    advance(clk_cycles_from_us(100));
    ck_assert_uint_eq(rd(MIU_REG_PHY_STATUS), 0); /* never started */
    wr(MIU_REG_PHY_CTRL, 0x1);
    uint64_t lock = now() + clk_cycles_from_ns(MIU_DLL_LOCK_NS);
    ck_assert_uint_eq(rd(MIU_REG_PHY_STATUS), 0);
    advance(lock - 1);
    ck_assert_uint_eq(rd(MIU_REG_PHY_STATUS) & 3, 0);
    advance(lock);
    ck_assert_uint_eq(rd(MIU_REG_PHY_STATUS), MIU_PHY_STATUS_LOCKED);
    wr(MIU_REG_PHY_CTRL, 0x3 | 0x5u << 20); /* LLB forces the lock value: relock */
    ck_assert_uint_eq(rd(MIU_REG_PHY_CTRL), 0x3 | 0x5u << 20);
    ck_assert_uint_eq(rd(MIU_REG_PHY_STATUS), 0);
    advance(now() + clk_cycles_from_ns(MIU_DLL_LOCK_NS));
    ck_assert_uint_eq(rd(MIU_REG_PHY_STATUS), 3);
    wr(MIU_REG_PHY_CTRL, 0); /* DLL off */
    advance(now() + clk_cycles_from_us(100));
    ck_assert_uint_eq(rd(MIU_REG_PHY_STATUS), 0);
    unsigned logged = log_count(T.env.log);
    wr(MIU_REG_PHY_STATUS, 3); /* read-only */
    ck_assert_uint_eq(log_count(T.env.log), logged + 1);
}
END_TEST

START_TEST(test_miu_direct_cmd_completes)
{
    static const uint32_t cmds[] = { 0x233, 0x333, 0x333, 0x133 };
    for (unsigned i = 0; i < 4; i++) {
        wr(MIU_REG_DIRECT_CMD, cmds[i]);
        uint64_t done = now() + clk_cycles_from_ns(MIU_CMD_NS);
        ck_assert_uint_eq(rd(MIU_REG_DIRECT_CMD), cmds[i]);
        advance(done - 1);
        ck_assert_uint_eq(rd(MIU_REG_DIRECT_CMD), cmds[i]);
        advance(done);
        ck_assert_uint_eq(rd(MIU_REG_DIRECT_CMD), 0);
    }
}
END_TEST

START_TEST(test_miu_storage)
{
    wr(MIU_REG_REFRESH, 1u << 12);
    wr(MIU_REG_MODE, 0x32);
    wr(MIU_REG_CTRL, MIU_CTRL_DRAM_READY);
    wr(MIU_REG_STATUS0, 0xFF);
    ck_assert_uint_eq(rd(MIU_REG_REFRESH), 1u << 12);
    ck_assert_uint_eq(rd(MIU_REG_MODE), 0x32);
    ck_assert_uint_eq(rd(MIU_REG_CTRL), MIU_CTRL_DRAM_READY);
    ck_assert_uint_eq(miu_ops.read(m, MIU_REG_CTRL + 2, 1), 0x10);
    ck_assert_uint_eq(rd(MIU_REG_STATUS0), 0);
    wr(0x04, 0x99); /* undocumented timing register: storage */
    ck_assert_uint_eq(rd(0x04), 0x99);
    ck_assert_uint_eq(rd(0x400), 0); /* outside the 0x200 block */
}
END_TEST

START_TEST(test_miu_state_round_trip)
{
    wr(MIU_REG_CTRL, MIU_CTRL_DRAM_READY);
    wr(MIU_REG_PHY_CTRL, 1);
    uint64_t lock = now() + clk_cycles_from_ns(MIU_DLL_LOCK_NS);
    StateIO *io = state_create_save();
    sched_state(T.env.sched, io);
    miu_ops.state(m, io);
    size_t len;
    const void *data = state_data(io, &len);
    DevTestEnv T2;
    devtest_init(&T2);
    MiuDev *m2 = miu_create(&T2.env);
    miu_ops.reset(m2);
    StateIO *in = state_create_load(data, len);
    sched_state(T2.env.sched, in);
    miu_ops.state(m2, in);
    ck_assert_ptr_null(state_error(in));
    state_destroy(in);
    state_destroy(io);
    ck_assert_uint_eq(miu_ops.read(m2, MIU_REG_CTRL, 4), MIU_CTRL_DRAM_READY);
    sched_advance_to(T2.env.sched, lock - 1);
    ck_assert_uint_eq(miu_ops.read(m2, MIU_REG_PHY_STATUS, 4), 0);
    sched_advance_to(T2.env.sched, lock);
    ck_assert_uint_eq(miu_ops.read(m2, MIU_REG_PHY_STATUS, 4), 3);
    miu_ops.destroy(m2);
    devtest_free(&T2);
}
END_TEST

Suite *miu_suite(void)
{
    Suite *s = suite_create("miu");
    TCase *tc = tcase_create("miu");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_miu_reset_values);
    tcase_add_test(tc, test_miu_dll_locks_after_delay);
    tcase_add_test(tc, test_miu_direct_cmd_completes);
    tcase_add_test(tc, test_miu_storage);
    tcase_add_test(tc, test_miu_state_round_trip);
    suite_add_tcase(s, tc);
    return s;
}
