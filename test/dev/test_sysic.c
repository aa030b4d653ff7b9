/* The system controller: reset values (POWER_ID carries the power epoch the
 * chip-ID fuses imply), power requests that settle exactly
 * SYSIC_POWER_SETTLE_US later through EV_SYSIC_POWER, the GPIO-IC start-up
 * handshake status, and the GPIO interrupt controller's edge and level
 * semantics: W1C, level sources re-pending while active and enabled, edges
 * latching even while disabled, polarity (auto-flip), group lines, and a
 * save/load round trip. */
#include <check.h>
#include <stdlib.h>

#include "dev/sysic.h"
#include "soc/clocks.h"
#include "soc/state.h"
#include "test/dev/devtest.h"

#define CHIPINFO 0x87200005u

typedef struct SysFix {
    DevTestEnv t;
    SysicDev *s;
} SysFix;

static void fix_init(SysFix *f)
{
    devtest_init(&f->t);
    f->s = sysic_create(&f->t.env);
    sysic_ops.reset(f->s);
    for (unsigned g = 0; g < SYSIC_GROUPS; g++) sysic_connect_group(f->s, g, irq_probe_line(&f->t.probe, g));
}

static void fix_free(SysFix *f)
{
    sysic_ops.destroy(f->s);
    devtest_free(&f->t);
}

static uint32_t rd(SysFix *f, uint32_t off) { return sysic_ops.read(f->s, off, 4); }
static void wr(SysFix *f, uint32_t off, uint32_t val) { sysic_ops.write(f->s, off, val, 4); }

START_TEST(test_sysic_reset_values)
{
    SysFix f;
    fix_init(&f);
    ck_assert_uint_eq(rd(&f, SYSIC_POWER_CONFIG0), 0x01021002);
    ck_assert_uint_eq(rd(&f, SYSIC_POWER_SETSTATE), 0);
    ck_assert_uint_eq(rd(&f, SYSIC_POWER_STATE), 0);
    ck_assert_uint_eq(rd(&f, SYSIC_POWER_CONFIG1), 0);
    ck_assert_uint_eq(rd(&f, SYSIC_POWER_CONFIG2), 0);
    ck_assert_uint_eq(rd(&f, SYSIC_POWER_CONFIG3), 0);
    ck_assert_uint_eq(rd(&f, SYSIC_STATUS7C), 0);
    /* openiBoot: power epoch = CHIPINFO[10:4] > 3 ? 3 : 4, compared with
     * POWER_ID[31:24]. */
    uint32_t epoch = ((CHIPINFO >> 4) & 0x7F) > 3 ? 3 : 4;
    ck_assert_uint_eq(rd(&f, SYSIC_POWER_ID) >> 24, epoch);
    ck_assert_uint_eq(rd(&f, SYSIC_POWER_ID), 0x04000000);
    for (unsigned g = 0; g < SYSIC_GROUPS; g++) {
        ck_assert_uint_eq(rd(&f, SYSIC_INTLEVEL0 + 4 * g), 0);
        ck_assert_uint_eq(rd(&f, SYSIC_INTSTAT0 + 4 * g), 0);
        ck_assert_uint_eq(rd(&f, SYSIC_INTEN0 + 4 * g), 0);
        ck_assert_uint_eq(rd(&f, SYSIC_INTTYPE0 + 4 * g), 0);
        ck_assert(!f.t.probe.level[g]);
    }
    unsigned before = log_count(f.t.env.log);
    ck_assert_uint_eq(rd(&f, 0x9C), 0); /* an 8th group does not exist */
    ck_assert_uint_eq(rd(&f, 0x400), 0);
    ck_assert_uint_eq(log_count(f.t.env.log), before + 2);
    fix_free(&f);
}
END_TEST

START_TEST(test_sysic_power_settles_after_latency)
{
    SysFix f;
    fix_init(&f);
    uint64_t lat = clk_cycles_from_us(SYSIC_POWER_SETTLE_US);
    ck_assert_uint_eq(lat, 1066); /* 2 us at 533 MHz */
    sched_advance_to(f.t.env.sched, 1000);
    wr(&f, SYSIC_POWER_ONCTRL, 0x300);
    ck_assert_uint_eq(rd(&f, SYSIC_POWER_SETSTATE), 0x300);
    ck_assert_uint_eq(rd(&f, SYSIC_POWER_STATE), 0);
    ck_assert_uint_eq(sched_when(f.t.env.sched, EV_SYSIC_POWER), 1000 + lat);
    sched_advance_to(f.t.env.sched, 1000 + lat - 1);
    ck_assert_uint_eq(rd(&f, SYSIC_POWER_STATE), 0);
    sched_advance_to(f.t.env.sched, 1000 + lat);
    ck_assert_uint_eq(rd(&f, SYSIC_POWER_STATE), 0x300);
    ck_assert(!sched_pending(f.t.env.sched, EV_SYSIC_POWER));
    /* OFFCTRL clears requested bits; the state follows later. */
    wr(&f, SYSIC_POWER_OFFCTRL, 0x100);
    ck_assert_uint_eq(rd(&f, SYSIC_POWER_SETSTATE), 0x200);
    ck_assert_uint_eq(rd(&f, SYSIC_POWER_STATE), 0x300);
    sched_advance_to(f.t.env.sched, 1000 + 2 * lat);
    ck_assert_uint_eq(rd(&f, SYSIC_POWER_STATE), 0x200);
    /* SETSTATE written whole is a request too. */
    wr(&f, SYSIC_POWER_SETSTATE, 0x10EC);
    ck_assert_uint_eq(rd(&f, SYSIC_POWER_STATE), 0x200);
    sched_advance_to(f.t.env.sched, 1000 + 3 * lat);
    ck_assert_uint_eq(rd(&f, SYSIC_POWER_STATE), 0x10EC);
    /* POWER_ID is writable storage. */
    wr(&f, SYSIC_POWER_ID, 0x03000000);
    ck_assert_uint_eq(rd(&f, SYSIC_POWER_ID), 0x03000000);
    fix_free(&f);
}
END_TEST

START_TEST(test_sysic_gpioic_handshake)
{
    SysFix f;
    fix_init(&f);
    uint64_t lat = clk_cycles_from_us(SYSIC_POWER_SETTLE_US);
    sched_advance_to(f.t.env.sched, 500);
    wr(&f, SYSIC_GPIOIC_SETUP, 0x32);
    ck_assert_uint_eq(rd(&f, SYSIC_STATUS7C) & 1, 0);
    wr(&f, SYSIC_POWER_CONFIG2, 3);
    ck_assert_uint_eq(rd(&f, SYSIC_STATUS7C) & 1, 0);
    sched_advance_to(f.t.env.sched, 500 + lat - 1);
    ck_assert_uint_eq(rd(&f, SYSIC_STATUS7C) & 1, 0);
    sched_advance_to(f.t.env.sched, 500 + lat);
    ck_assert_uint_eq(rd(&f, SYSIC_STATUS7C) & 1, 1);
    ck_assert_uint_eq(sysic_ops.read(f.s, 0x7A, 2) & 1, 1);
    ck_assert_uint_eq(sysic_ops.read(f.s, 0x7C, 1), 1);
    wr(&f, SYSIC_POWER_CONFIG2, 2);
    ck_assert_uint_eq(rd(&f, SYSIC_POWER_CONFIG2), 2);
    ck_assert_uint_eq(rd(&f, SYSIC_STATUS7C) & 1, 1); /* stays ready */
    ck_assert_uint_eq(rd(&f, SYSIC_GPIOIC_SETUP), 0x32);
    sysic_ops.reset(f.s);
    ck_assert_uint_eq(rd(&f, SYSIC_STATUS7C), 0);
    fix_free(&f);
}
END_TEST

START_TEST(test_sysic_edge_source)
{
    SysFix f;
    fix_init(&f);
    const unsigned irq = 0x62, g = 3;
    const uint32_t bit = 1u << (irq % 32);
    wr(&f, SYSIC_INTLEVEL0 + 4 * g, bit); /* active high, edge type */
    wr(&f, SYSIC_INTSTAT0 + 4 * g, 0xFFFFFFFF);
    wr(&f, SYSIC_INTEN0 + 4 * g, bit);
    sysic_gpio_input(f.s, irq, true);
    ck_assert_uint_eq(rd(&f, SYSIC_INTSTAT0 + 4 * g), bit);
    ck_assert(f.t.probe.level[g]);
    /* W1C clears it although the input stays high: an edge latches once. */
    wr(&f, SYSIC_INTSTAT0 + 4 * g, bit);
    ck_assert_uint_eq(rd(&f, SYSIC_INTSTAT0 + 4 * g), 0);
    ck_assert(!f.t.probe.level[g]);
    sysic_gpio_input(f.s, irq, false); /* inactive edge: nothing */
    ck_assert_uint_eq(rd(&f, SYSIC_INTSTAT0 + 4 * g), 0);
    /* Writing 0 bits to INTSTAT clears nothing. */
    sysic_gpio_input(f.s, irq, true);
    wr(&f, SYSIC_INTSTAT0 + 4 * g, ~bit);
    ck_assert_uint_eq(rd(&f, SYSIC_INTSTAT0 + 4 * g), bit);
    wr(&f, SYSIC_INTSTAT0 + 4 * g, bit);
    sysic_gpio_input(f.s, irq, false);
    /* While disabled an edge still latches but the line stays low. */
    wr(&f, SYSIC_INTEN0 + 4 * g, 0);
    sysic_gpio_input(f.s, irq, true);
    ck_assert_uint_eq(rd(&f, SYSIC_INTSTAT0 + 4 * g), bit);
    ck_assert(!f.t.probe.level[g]);
    wr(&f, SYSIC_INTEN0 + 4 * g, bit);
    ck_assert(f.t.probe.level[g]);
    ck_assert_uint_eq(f.t.probe.rises[g], 3);
    /* Active-low polarity latches on the falling edge. */
    wr(&f, SYSIC_INTSTAT0 + 4 * g, bit);
    wr(&f, SYSIC_INTLEVEL0 + 4 * g, 0);
    ck_assert_uint_eq(rd(&f, SYSIC_INTSTAT0 + 4 * g), 0); /* a polarity write is no edge */
    sysic_gpio_input(f.s, irq, false);
    ck_assert_uint_eq(rd(&f, SYSIC_INTSTAT0 + 4 * g), bit);
    fix_free(&f);
}
END_TEST

START_TEST(test_sysic_level_source_repends)
{
    SysFix f;
    fix_init(&f);
    const unsigned irq = 0x79, g = 3;
    const uint32_t bit = 1u << (irq % 32);
    wr(&f, SYSIC_INTTYPE0 + 4 * g, bit);
    wr(&f, SYSIC_INTLEVEL0 + 4 * g, bit);
    /* Disabled: an active level source never latches. */
    sysic_gpio_input(f.s, irq, true);
    ck_assert_uint_eq(rd(&f, SYSIC_INTSTAT0 + 4 * g), 0);
    ck_assert(!f.t.probe.level[g]);
    /* Enabling an active one pends it. */
    wr(&f, SYSIC_INTEN0 + 4 * g, bit);
    ck_assert_uint_eq(rd(&f, SYSIC_INTSTAT0 + 4 * g), bit);
    ck_assert(f.t.probe.level[g]);
    /* Acknowledging while still active re-pends at once. */
    wr(&f, SYSIC_INTSTAT0 + 4 * g, bit);
    ck_assert_uint_eq(rd(&f, SYSIC_INTSTAT0 + 4 * g), bit);
    ck_assert(f.t.probe.level[g]);
    ck_assert_uint_eq(f.t.probe.rises[g], 1);
    /* Once inactive the latched bit stays until acknowledged. */
    sysic_gpio_input(f.s, irq, false);
    ck_assert_uint_eq(rd(&f, SYSIC_INTSTAT0 + 4 * g), bit);
    wr(&f, SYSIC_INTSTAT0 + 4 * g, bit);
    ck_assert_uint_eq(rd(&f, SYSIC_INTSTAT0 + 4 * g), 0);
    ck_assert(!f.t.probe.level[g]);
    /* Disabling an active level source then acknowledging leaves it idle. */
    sysic_gpio_input(f.s, irq, true);
    wr(&f, SYSIC_INTEN0 + 4 * g, 0);
    ck_assert(!f.t.probe.level[g]);
    wr(&f, SYSIC_INTSTAT0 + 4 * g, bit);
    ck_assert_uint_eq(rd(&f, SYSIC_INTSTAT0 + 4 * g), 0);
    fix_free(&f);
}
END_TEST

START_TEST(test_sysic_auto_flip)
{
    SysFix f;
    fix_init(&f);
    const unsigned irq = 0x7A, g = 3; /* power button: group 3 bit 26 */
    const uint32_t bit = 1u << 26;
    wr(&f, SYSIC_INTTYPE0 + 4 * g, bit);
    wr(&f, SYSIC_INTLEVEL0 + 4 * g, bit);
    wr(&f, SYSIC_INTSTAT0 + 4 * g, bit);
    wr(&f, SYSIC_INTEN0 + 4 * g, bit);
    ck_assert(!f.t.probe.level[g]);
    sysic_gpio_input(f.s, irq, true); /* press */
    ck_assert(f.t.probe.level[g]);
    /* Handler: flip the polarity, then acknowledge: no re-pend. */
    wr(&f, SYSIC_INTLEVEL0 + 4 * g, 0);
    wr(&f, SYSIC_INTSTAT0 + 4 * g, bit);
    ck_assert_uint_eq(rd(&f, SYSIC_INTSTAT0 + 4 * g), 0);
    ck_assert(!f.t.probe.level[g]);
    sysic_gpio_input(f.s, irq, false); /* release interrupts too */
    ck_assert(f.t.probe.level[g]);
    wr(&f, SYSIC_INTLEVEL0 + 4 * g, bit);
    wr(&f, SYSIC_INTSTAT0 + 4 * g, bit);
    ck_assert(!f.t.probe.level[g]);
    ck_assert_uint_eq(f.t.probe.rises[g], 2);
    fix_free(&f);
}
END_TEST

START_TEST(test_sysic_group_lines)
{
    SysFix f;
    fix_init(&f);
    for (unsigned g = 0; g < SYSIC_GROUPS; g++) {
        wr(&f, SYSIC_INTEN0 + 4 * g, 0xFFFFFFFF);
        wr(&f, SYSIC_INTLEVEL0 + 4 * g, 0xFFFFFFFF);
    }
    /* Interrupt number i -> group i / 32, bit i % 32, only that group's line. */
    static const unsigned nums[] = { 0, 31, 33, 0x62, 0x7A, 160, 223 };
    for (unsigned k = 0; k < sizeof nums / sizeof nums[0]; k++) {
        unsigned i = nums[k], g = i / 32;
        sysic_gpio_input(f.s, i, true);
        for (unsigned h = 0; h < SYSIC_GROUPS; h++) ck_assert(f.t.probe.level[h] == (h == g));
        ck_assert_uint_eq(rd(&f, SYSIC_INTSTAT0 + 4 * g), 1u << (i % 32));
        sysic_gpio_input(f.s, i, false);
        wr(&f, SYSIC_INTSTAT0 + 4 * g, 0xFFFFFFFF);
        ck_assert(!f.t.probe.level[g]);
    }
    /* Out of range numbers are ignored (and logged). */
    unsigned before = log_count(f.t.env.log);
    sysic_gpio_input(f.s, 224, true);
    for (unsigned h = 0; h < SYSIC_GROUPS; h++) ck_assert(!f.t.probe.level[h]);
    ck_assert_uint_eq(log_count(f.t.env.log), before + 1);
    fix_free(&f);
}
END_TEST

START_TEST(test_sysic_state_round_trip)
{
    SysFix f;
    fix_init(&f);
    sched_advance_to(f.t.env.sched, 100);
    wr(&f, SYSIC_POWER_CONFIG1, 0x20);
    wr(&f, SYSIC_POWER_CONFIG3, 24);
    wr(&f, SYSIC_POWER_ONCTRL, 0xEC);
    wr(&f, SYSIC_POWER_CONFIG2, 3);
    sched_advance_to(f.t.env.sched, 5000);
    wr(&f, SYSIC_POWER_ONCTRL, 0x200); /* pending at save time */
    wr(&f, SYSIC_INTTYPE0 + 8, 0xF0);
    wr(&f, SYSIC_INTLEVEL0 + 8, 0xFF);
    wr(&f, SYSIC_INTEN0 + 8, 0x0F);
    sysic_gpio_input(f.s, 64 + 1, true);
    sysic_gpio_input(f.s, 64 + 5, true);
    ck_assert(f.t.probe.level[2]);
    StateIO *io = state_create_save();
    sysic_ops.state(f.s, io);
    ck_assert_ptr_null(state_error(io));
    size_t len;
    const void *data = state_data(io, &len);

    DevTestEnv t2;
    devtest_init(&t2);
    SysicDev *c = sysic_create(&t2.env);
    StateIO *in = state_create_load(data, len);
    sysic_ops.state(c, in);
    ck_assert_ptr_null(state_error(in));
    static const uint32_t offs[] = { 0x00, 0x08, 0x14, 0x20, 0x44, 0x6C, 0x70, 0x74, 0x78, 0x7C };
    for (unsigned k = 0; k < sizeof offs / sizeof offs[0]; k++)
        ck_assert_uint_eq(sysic_ops.read(c, offs[k], 4), rd(&f, offs[k]));
    for (uint32_t off = 0x80; off < 0x100; off += 4)
        if ((off & 0x1F) < 0x1C) ck_assert_uint_eq(sysic_ops.read(c, off, 4), rd(&f, off));
    ck_assert_uint_eq(c->power_due, 5000 + clk_cycles_from_us(SYSIC_POWER_SETTLE_US));
    ck_assert_uint_eq(c->input[2], f.s->input[2]);
    ck_assert(c->line_level[2]);
    /* The restored inputs keep working: the edge source 65 is not re-latched
     * by a repeated level, the level source 69 re-pends after W1C. */
    sysic_ops.write(c, SYSIC_INTSTAT0 + 8, 0xFF, 4);
    ck_assert_uint_eq(sysic_ops.read(c, SYSIC_INTSTAT0 + 8, 4), 0);
    sysic_ops.write(c, SYSIC_INTEN0 + 8, 0xFF, 4);
    ck_assert_uint_eq(sysic_ops.read(c, SYSIC_INTSTAT0 + 8, 4), 1u << 5);
    state_destroy(in);
    state_destroy(io);
    sysic_ops.destroy(c);
    devtest_free(&t2);
    fix_free(&f);
}
END_TEST

Suite *sysic_suite(void)
{
    Suite *s = suite_create("sysic");
    TCase *tc = tcase_create("sysic");
    tcase_add_test(tc, test_sysic_reset_values);
    tcase_add_test(tc, test_sysic_power_settles_after_latency);
    tcase_add_test(tc, test_sysic_gpioic_handshake);
    tcase_add_test(tc, test_sysic_edge_source);
    tcase_add_test(tc, test_sysic_level_source_repends);
    tcase_add_test(tc, test_sysic_auto_flip);
    tcase_add_test(tc, test_sysic_group_lines);
    tcase_add_test(tc, test_sysic_state_round_trip);
    suite_add_tcase(s, tc);
    return s;
}
