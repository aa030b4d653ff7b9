/* The I2C controller follows the protocol openiBoot drives (sheet section
 * 11) with byte-accurate SCL timing: a PMU register read through the exact
 * write-register / repeated-START / read / STOP sequence, NACK of an absent
 * address in IICSTAT bit 0, the ACK the master gives per IICCON bit 7, flags
 * and the pending bit appearing only after 10 (START + address), 9 (byte) or
 * 1 (STOP / restart release) SCL periods, the IRQ gated by IICCON bit 5 and
 * cleared through REG20, reset values, and a save/load round trip. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "dev/i2c.h"
#include "dev/pmu.h"
#include "soc/clocks.h"
#include "soc/state.h"
#include "test/dev/devtest.h"

enum { PIRQ = 5 };

/* IICCON as openiBoot sets it: 0x3F00 init bits, /16 clock, prescaler 1,
 * interrupt enabled: SCL period = 16 * 2 PCLK = 256 CPU cycles. */
#define SETTINGS (0x3F00u | I2C_CON_IRQ_EN | 1u)
#define PERIOD 256u

/* A target that records the protocol events it sees. */
typedef struct Rec {
    unsigned starts, stops, reads;
    bool last_read_flag;
    uint8_t wrote[16];
    unsigned nwrote;
    bool acks[16];
    unsigned nacks_seen;
    uint8_t next;
} Rec;

static bool rec_start(void *o, bool read)
{
    Rec *r = o;
    r->starts++;
    r->last_read_flag = read;
    return true;
}
static bool rec_write(void *o, uint8_t b)
{
    Rec *r = o;
    if (r->nwrote < 16) r->wrote[r->nwrote++] = b;
    return b != 0xEE; /* NACKs 0xEE */
}
static uint8_t rec_read(void *o, bool master_acks)
{
    Rec *r = o;
    if (r->nacks_seen < 16) r->acks[r->nacks_seen++] = master_acks;
    r->reads++;
    return r->next++;
}
static void rec_stop(void *o) { ((Rec *)o)->stops++; }

typedef struct I2cFix {
    DevTestEnv t;
    I2cDev *i;
    PmuDev *pmu;
    Rec rec;
} I2cFix;

static void fix_init(I2cFix *f)
{
    devtest_init(&f->t);
    f->i = i2c_create(&f->t.env, 0);
    i2c_ops.reset(f->i);
    i2c_connect_irq(f->i, irq_probe_line(&f->t.probe, PIRQ));
    PmuConfig cfg = { .rtc_base = 1000000000, .usb_power = true };
    f->pmu = pmu_create(&f->t.env, &cfg);
    ck_assert(i2c_attach(f->i, PMU_I2C_ADDR, pmu_i2c_target(f->pmu)));
    memset(&f->rec, 0, sizeof f->rec);
    I2cTarget t = { &f->rec, rec_start, rec_write, rec_read, rec_stop };
    ck_assert(i2c_attach(f->i, 0x1D, &t));
}

static void fix_free(I2cFix *f)
{
    i2c_ops.destroy(f->i);
    pmu_destroy(f->pmu);
    devtest_free(&f->t);
}

static uint32_t rd(I2cDev *i, uint32_t off) { return i2c_ops.read(i, off, 4); }
static void wr(I2cDev *i, uint32_t off, uint32_t v) { i2c_ops.write(i, off, v, 4); }

/* Wait for a REG20 flag the way the driver does, checking it appears exactly
 * `periods` SCL periods after `from` and not a cycle earlier; then write the
 * flags back to clear them.  Returns the completion time. */
static uint64_t wait_flag(I2cFix *f, uint32_t bit, uint64_t from, unsigned periods)
{
    Scheduler *s = f->t.env.sched;
    uint64_t when = sched_when(s, EV_I2C0);
    ck_assert_uint_eq(when, from + (uint64_t)periods * PERIOD);
    sched_advance_to(s, when - 1);
    ck_assert_uint_eq(rd(f->i, I2C_REG20), 0);
    ck_assert(!(rd(f->i, I2C_IICCON) & I2C_CON_PENDING));
    sched_advance_to(s, when);
    uint32_t st = rd(f->i, I2C_REG20);
    ck_assert_uint_eq(st, bit);
    wr(f->i, I2C_REG20, st);
    ck_assert_uint_eq(rd(f->i, I2C_REG20), 0);
    return when;
}

/* openiBoot i2c_rx(PMU, reg, n bytes): write transaction without STOP,
 * then a read transaction with STOP. */
static void pmu_read(I2cFix *f, uint8_t reg, uint8_t *out, unsigned n)
{
    I2cDev *i = f->i;
    uint64_t t = sched_now(f->t.env.sched);
    wr(i, I2C_IICCON, SETTINGS);
    wr(i, I2C_REG20, 0x3F00);
    wr(i, I2C_IICCON, SETTINGS | I2C_CON_ACK_EN);
    wr(i, I2C_IICDS, 0xE6);
    wr(i, I2C_IICSTAT, 0xF0);
    t = wait_flag(f, I2C_REG20_BYTE_DONE, t, 10);
    ck_assert_uint_eq(rd(i, I2C_IICSTAT) & I2C_STAT_LRB, 0);
    ck_assert(rd(i, I2C_IICCON) & I2C_CON_PENDING);
    wr(i, I2C_IICDS, reg);
    wr(i, I2C_IICCON, SETTINGS | I2C_CON_PENDING | I2C_CON_ACK_EN);
    t = wait_flag(f, I2C_REG20_BYTE_DONE, t, 9);
    ck_assert_uint_eq(rd(i, I2C_IICSTAT) & I2C_STAT_LRB, 0);
    /* No STOP: release for the repeated START. */
    wr(i, I2C_IICSTAT, 0xA0);
    wr(i, I2C_IICCON, SETTINGS | I2C_CON_ACK_EN | I2C_CON_PENDING);
    t = wait_flag(f, I2C_REG20_COND_DONE, t, 1);
    ck_assert(rd(i, I2C_IICSTAT) & I2C_STAT_START); /* still busy: bus kept */

    wr(i, I2C_IICCON, SETTINGS);
    wr(i, I2C_REG20, 0x3F00);
    wr(i, I2C_IICCON, SETTINGS | I2C_CON_ACK_EN);
    wr(i, I2C_IICDS, 0xE7);
    wr(i, I2C_IICSTAT, 0xB0);
    t = wait_flag(f, I2C_REG20_BYTE_DONE, t, 10);
    ck_assert_uint_eq(rd(i, I2C_IICSTAT) & I2C_STAT_LRB, 0);
    for (unsigned k = 0; k < n; k++) {
        uint32_t con = SETTINGS | I2C_CON_PENDING | (k + 1 < n ? I2C_CON_ACK_EN : 0);
        wr(i, I2C_IICCON, con);
        t = wait_flag(f, I2C_REG20_BYTE_DONE, t, 9);
        out[k] = (uint8_t)rd(i, I2C_IICDS);
    }
    wr(i, I2C_IICSTAT, 0x90); /* STOP, master-rx kept */
    wr(i, I2C_IICCON, SETTINGS | I2C_CON_PENDING);
    t = wait_flag(f, I2C_REG20_COND_DONE, t, 1);
    ck_assert_uint_eq(rd(i, I2C_IICSTAT) & I2C_STAT_START, 0);
    (void)t;
}

START_TEST(test_i2c_reset_values)
{
    I2cFix f;
    fix_init(&f);
    for (uint32_t off = 0; off <= 0x20; off += 4)
        ck_assert_uint_eq(rd(f.i, off), 0);
    ck_assert(!f.t.probe.level[PIRQ]);
    unsigned before = log_count(f.t.env.log);
    ck_assert_uint_eq(rd(f.i, 0x40), 0);
    ck_assert_uint_gt(log_count(f.t.env.log), before);
    wr(f.i, I2C_IICADD, 0x1234);
    wr(f.i, I2C_IICLC, 0x7);
    ck_assert_uint_eq(rd(f.i, I2C_IICADD), 0x34);
    ck_assert_uint_eq(rd(f.i, I2C_IICLC), 0x7);
    /* Reset in the middle of a transaction drops it. */
    wr(f.i, I2C_IICCON, SETTINGS);
    wr(f.i, I2C_IICDS, 0x3A);
    wr(f.i, I2C_IICSTAT, 0xF0);
    ck_assert(sched_pending(f.t.env.sched, EV_I2C0));
    i2c_ops.reset(f.i);
    ck_assert(!sched_pending(f.t.env.sched, EV_I2C0));
    for (uint32_t off = 0; off <= 0x20; off += 4)
        ck_assert_uint_eq(rd(f.i, off), 0);
    ck_assert(i2c_create(&f.t.env, 2) == NULL);
    fix_free(&f);
}
END_TEST

START_TEST(test_i2c_pmu_register_read_sequence)
{
    I2cFix f;
    fix_init(&f);
    sched_advance_to(f.t.env.sched, 777);
    uint8_t v[3];
    pmu_read(&f, PMU_VOLTAGE_LO, v, 2);
    ck_assert_uint_eq(v[0] | v[1] << 8, PMU_BATTERY_MV);
    pmu_read(&f, PMU_STATUS_A, v, 1);
    ck_assert_uint_eq(v[0], PMU_STATUS_A_USB);
    /* The whole exchange took exactly its SCL periods: two reads of
     * (10 + 9 + 1) + (10 + n * 9 + 1) periods. */
    ck_assert_uint_eq(sched_now(f.t.env.sched), 777 + (20 + 29 + 20 + 20) * PERIOD);
    fix_free(&f);
}
END_TEST

START_TEST(test_i2c_nack_absent_address)
{
    I2cFix f;
    fix_init(&f);
    wr(f.i, I2C_IICCON, SETTINGS | I2C_CON_ACK_EN);
    wr(f.i, I2C_IICDS, 0x50 << 1);
    wr(f.i, I2C_IICSTAT, 0xF0);
    ck_assert(rd(f.i, I2C_IICSTAT) & I2C_STAT_START); /* busy at once */
    uint64_t t = wait_flag(&f, I2C_REG20_BYTE_DONE, 0, 10);
    ck_assert(rd(f.i, I2C_IICSTAT) & I2C_STAT_LRB);
    /* Data after a NACKed address is not acknowledged either. */
    wr(f.i, I2C_IICDS, 0x12);
    wr(f.i, I2C_IICCON, SETTINGS | I2C_CON_PENDING | I2C_CON_ACK_EN);
    t = wait_flag(&f, I2C_REG20_BYTE_DONE, t, 9);
    ck_assert(rd(f.i, I2C_IICSTAT) & I2C_STAT_LRB);
    wr(f.i, I2C_IICSTAT, 0x90);
    wr(f.i, I2C_IICCON, SETTINGS | I2C_CON_PENDING);
    wait_flag(&f, I2C_REG20_COND_DONE, t, 1);
    ck_assert_uint_eq(rd(f.i, I2C_IICSTAT) & (I2C_STAT_START | I2C_STAT_LRB), I2C_STAT_LRB);
    ck_assert_uint_eq(f.rec.starts, 0);
    /* A present address ACKs and clears the bit; a NACKed data byte sets it. */
    wr(f.i, I2C_IICDS, 0x1D << 1);
    wr(f.i, I2C_IICSTAT, 0xF0);
    ck_assert_uint_eq(rd(f.i, I2C_IICSTAT) & I2C_STAT_LRB, 0);
    sched_advance_to(f.t.env.sched, sched_when(f.t.env.sched, EV_I2C0));
    ck_assert_uint_eq(rd(f.i, I2C_IICSTAT) & I2C_STAT_LRB, 0);
    wr(f.i, I2C_IICDS, 0xEE);
    wr(f.i, I2C_IICCON, SETTINGS | I2C_CON_PENDING);
    sched_advance_to(f.t.env.sched, sched_when(f.t.env.sched, EV_I2C0));
    ck_assert(rd(f.i, I2C_IICSTAT) & I2C_STAT_LRB);
    ck_assert_uint_eq(f.rec.wrote[0], 0xEE);
    fix_free(&f);
}
END_TEST

START_TEST(test_i2c_byte_timing_cycles)
{
    I2cFix f;
    fix_init(&f);
    /* /512, prescaler 3: period = 2048 PCLK = 16384 CPU cycles. */
    uint32_t con = I2C_CON_CLK512 | 3u | I2C_CON_ACK_EN;
    uint64_t per = clk_cycles(512 * 4, PCLK_HZ);
    ck_assert_uint_eq(per, 16384);
    sched_advance_to(f.t.env.sched, 50);
    wr(f.i, I2C_IICCON, con);
    wr(f.i, I2C_IICDS, 0x1D << 1);
    wr(f.i, I2C_IICSTAT, 0xF0);
    ck_assert_uint_eq(sched_when(f.t.env.sched, EV_I2C0), 50 + 10 * per);
    sched_advance_to(f.t.env.sched, 50 + 10 * per - 1);
    ck_assert_uint_eq(f.rec.starts, 0); /* the target sees it at the end */
    ck_assert(!(rd(f.i, I2C_IICCON) & I2C_CON_PENDING));
    sched_advance_to(f.t.env.sched, 50 + 10 * per);
    ck_assert_uint_eq(f.rec.starts, 1);
    ck_assert(rd(f.i, I2C_IICCON) & I2C_CON_PENDING);
    ck_assert_uint_eq(rd(f.i, I2C_REG20), I2C_REG20_BYTE_DONE);
    /* The clock setting is taken when the byte starts. */
    uint64_t t = 50 + 10 * per + 1000;
    sched_advance_to(f.t.env.sched, t);
    wr(f.i, I2C_IICDS, 0x42);
    wr(f.i, I2C_IICCON, (con & ~0xFu & ~I2C_CON_CLK512) | I2C_CON_PENDING); /* /16, prescaler 0 */
    ck_assert(!(rd(f.i, I2C_IICCON) & I2C_CON_PENDING));
    ck_assert_uint_eq(sched_when(f.t.env.sched, EV_I2C0), t + 9 * 16 * 8);
    sched_advance_to(f.t.env.sched, t + 9 * 16 * 8);
    ck_assert_uint_eq(f.rec.wrote[0], 0x42);
    /* STOP: one period. */
    wr(f.i, I2C_IICSTAT, 0x90);
    ck_assert(!sched_pending(f.t.env.sched, EV_I2C0)); /* waits for the resume */
    wr(f.i, I2C_IICCON, I2C_CON_PENDING);
    ck_assert_uint_eq(sched_when(f.t.env.sched, EV_I2C0), t + 10 * 16 * 8);
    sched_advance_to(f.t.env.sched, t + 10 * 16 * 8);
    ck_assert_uint_eq(f.rec.stops, 1);
    ck_assert(rd(f.i, I2C_REG20) & I2C_REG20_COND_DONE);
    fix_free(&f);
}
END_TEST

START_TEST(test_i2c_master_ack_and_restart)
{
    I2cFix f;
    fix_init(&f);
    /* Read 3 bytes from the recorder: ACK, ACK, NACK. */
    wr(f.i, I2C_IICCON, SETTINGS | I2C_CON_ACK_EN);
    wr(f.i, I2C_IICDS, 0x1D << 1 | 1);
    wr(f.i, I2C_IICSTAT, 0xB0);
    sched_advance_to(f.t.env.sched, sched_when(f.t.env.sched, EV_I2C0));
    ck_assert(f.rec.last_read_flag);
    f.rec.next = 0x61;
    for (unsigned k = 0; k < 3; k++) {
        wr(f.i, I2C_IICCON, SETTINGS | I2C_CON_PENDING | (k < 2 ? I2C_CON_ACK_EN : 0));
        sched_advance_to(f.t.env.sched, sched_when(f.t.env.sched, EV_I2C0));
        ck_assert_uint_eq(rd(f.i, I2C_IICDS), 0x61 + k);
        ck_assert_uint_eq(rd(f.i, I2C_IICSTAT) & I2C_STAT_LRB, k < 2 ? 0 : I2C_STAT_LRB);
    }
    ck_assert_uint_eq(f.rec.nacks_seen, 3);
    ck_assert(f.rec.acks[0] && f.rec.acks[1] && !f.rec.acks[2]);
    /* Repeated START to another address ends the recorder's transaction. */
    wr(f.i, I2C_IICSTAT, 0xA0);
    wr(f.i, I2C_IICCON, SETTINGS | I2C_CON_PENDING);
    sched_advance_to(f.t.env.sched, sched_when(f.t.env.sched, EV_I2C0));
    ck_assert_uint_eq(f.rec.stops, 0);
    wr(f.i, I2C_IICDS, 0xE6);
    wr(f.i, I2C_IICSTAT, 0xF0);
    sched_advance_to(f.t.env.sched, sched_when(f.t.env.sched, EV_I2C0));
    ck_assert_uint_eq(f.rec.stops, 1);
    ck_assert_uint_eq(rd(f.i, I2C_IICSTAT) & I2C_STAT_LRB, 0);
    fix_free(&f);
}
END_TEST

START_TEST(test_i2c_interrupt)
{
    I2cFix f;
    fix_init(&f);
    /* Interrupt disabled: flags set, line stays low. */
    wr(f.i, I2C_IICCON, I2C_CON_ACK_EN | 1u);
    wr(f.i, I2C_IICDS, 0xE6);
    wr(f.i, I2C_IICSTAT, 0xF0);
    sched_advance_to(f.t.env.sched, 10 * PERIOD);
    ck_assert_uint_eq(rd(f.i, I2C_REG20), I2C_REG20_BYTE_DONE);
    ck_assert(!f.t.probe.level[PIRQ]);
    /* Enabling raises it (flag pending); writing REG20 back drops it. */
    wr(f.i, I2C_IICCON, I2C_CON_ACK_EN | I2C_CON_IRQ_EN | 1u);
    ck_assert(f.t.probe.level[PIRQ]);
    wr(f.i, I2C_REG20, I2C_REG20_BYTE_DONE);
    ck_assert(!f.t.probe.level[PIRQ]);
    /* The next byte raises it exactly at its end. */
    wr(f.i, I2C_IICDS, 0x30);
    wr(f.i, I2C_IICCON, I2C_CON_ACK_EN | I2C_CON_IRQ_EN | I2C_CON_PENDING | 1u);
    sched_advance_to(f.t.env.sched, 19 * PERIOD - 1);
    ck_assert(!f.t.probe.level[PIRQ]);
    sched_advance_to(f.t.env.sched, 19 * PERIOD);
    ck_assert(f.t.probe.level[PIRQ]);
    ck_assert_uint_eq(f.t.probe.last_change[PIRQ], 19 * PERIOD);
    ck_assert_uint_eq(f.t.probe.rises[PIRQ], 2);
    /* Resuming does not clear the flag; only REG20 does. */
    wr(f.i, I2C_IICSTAT, 0xD0);
    wr(f.i, I2C_IICCON, I2C_CON_ACK_EN | I2C_CON_IRQ_EN | I2C_CON_PENDING | 1u);
    ck_assert(f.t.probe.level[PIRQ]);
    wr(f.i, I2C_REG20, 0x3F00);
    ck_assert(!f.t.probe.level[PIRQ]);
    sched_advance_to(f.t.env.sched, 20 * PERIOD);
    ck_assert(f.t.probe.level[PIRQ]);
    ck_assert_uint_eq(rd(f.i, I2C_REG20), I2C_REG20_COND_DONE);
    fix_free(&f);
}
END_TEST

START_TEST(test_i2c_state_round_trip)
{
    I2cFix a;
    fix_init(&a);
    wr(a.i, I2C_IICCON, SETTINGS | I2C_CON_ACK_EN);
    wr(a.i, I2C_IICDS, 0x1D << 1);
    wr(a.i, I2C_IICSTAT, 0xF0);
    sched_advance_to(a.t.env.sched, 10 * PERIOD);
    wr(a.i, I2C_IICDS, 0x77);
    wr(a.i, I2C_IICCON, SETTINGS | I2C_CON_ACK_EN | I2C_CON_PENDING);
    sched_advance_to(a.t.env.sched, 12 * PERIOD); /* mid-byte */

    StateIO *io = state_create_save();
    sched_state(a.t.env.sched, io);
    i2c_ops.state(a.i, io);
    ck_assert_ptr_null(state_error(io));
    size_t len;
    const void *data = state_data(io, &len);
    I2cFix b;
    fix_init(&b);
    StateIO *ld = state_create_load(data, len);
    sched_state(b.t.env.sched, ld);
    i2c_ops.state(b.i, ld);
    ck_assert_ptr_null(state_error(ld));
    state_destroy(ld);
    state_destroy(io);

    for (uint32_t off = 0; off <= 0x20; off += 4)
        ck_assert_uint_eq(rd(b.i, off), rd(a.i, off));
    sched_advance_to(b.t.env.sched, 19 * PERIOD);
    ck_assert_uint_eq(b.rec.nwrote, 1); /* the loaded copy finishes the byte */
    ck_assert_uint_eq(b.rec.wrote[0], 0x77);
    ck_assert(rd(b.i, I2C_IICCON) & I2C_CON_PENDING);
    ck_assert(b.t.probe.level[PIRQ]);
    fix_free(&a);
    fix_free(&b);
}
END_TEST

Suite *i2c_suite(void)
{
    Suite *s = suite_create("i2c");
    TCase *tc = tcase_create("i2c");
    tcase_add_test(tc, test_i2c_reset_values);
    tcase_add_test(tc, test_i2c_pmu_register_read_sequence);
    tcase_add_test(tc, test_i2c_nack_absent_address);
    tcase_add_test(tc, test_i2c_byte_timing_cycles);
    tcase_add_test(tc, test_i2c_master_ack_and_restart);
    tcase_add_test(tc, test_i2c_interrupt);
    tcase_add_test(tc, test_i2c_state_round_trip);
    suite_add_tcase(s, tc);
    return s;
}
