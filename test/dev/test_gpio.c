/* The GPIO pads: reset values, FSEL driving a pin (reflected in CON and DAT
 * and on a connected output line, e.g. a chip select), DAT reads of external
 * inputs, DAT writes to output pins, every pin level change reaching the
 * interrupt sink as GPIO interrupt number (P + 3) * 8 + N, input levels
 * surviving a device reset, and a save/load round trip. */
#include <check.h>
#include <stdlib.h>

#include "dev/gpio.h"
#include "soc/state.h"
#include "test/dev/devtest.h"

/* Records what the interrupt sink was told, by GPIO interrupt number. */
typedef struct IrqLog {
    bool level[256];
    unsigned calls[256];
    unsigned total;
} IrqLog;

static void irqlog_set(void *sink, unsigned n, bool level)
{
    IrqLog *l = sink;
    if (n >= 256) return;
    l->level[n] = level;
    l->calls[n]++;
    l->total++;
}

typedef struct GpioFix {
    DevTestEnv t;
    GpioDev *g;
    IrqLog irqs;
} GpioFix;

static void fix_init(GpioFix *f)
{
    devtest_init(&f->t);
    f->g = gpio_create(&f->t.env);
    gpio_ops.reset(f->g);
    f->irqs = (IrqLog){ 0 };
}

static void fix_free(GpioFix *f)
{
    gpio_ops.destroy(f->g);
    devtest_free(&f->t);
}

static uint32_t rd(GpioFix *f, uint32_t off) { return gpio_ops.read(f->g, off, 4); }
static void wr(GpioFix *f, uint32_t off, uint32_t val) { gpio_ops.write(f->g, off, val, 4); }
static void fsel(GpioFix *f, unsigned pad, unsigned pin, unsigned func)
{
    wr(f, GPIO_FSEL, pad << 16 | pin << 8 | func);
}

START_TEST(test_gpio_reset_values)
{
    GpioFix f;
    fix_init(&f);
    for (uint32_t off = 0; off < GPIO_PADS * GPIO_PAD_STRIDE; off += 4)
        if (off != GPIO_FSEL) ck_assert_uint_eq(rd(&f, off), 0);
    unsigned before = log_count(f.t.env.log);
    ck_assert_uint_eq(rd(&f, GPIO_FSEL), 0); /* write-only */
    ck_assert_uint_eq(rd(&f, 0x800), 0);     /* nothing there */
    ck_assert_uint_eq(log_count(f.t.env.log), before + 2);
    /* Storage registers read back. */
    wr(&f, 0x20 * 3 + GPIO_PUD1, 0x81);
    wr(&f, 0x20 * 3 + GPIO_PUDSLP2, 0x42);
    ck_assert_uint_eq(rd(&f, 0x20 * 3 + GPIO_PUD1), 0x81);
    ck_assert_uint_eq(rd(&f, 0x20 * 3 + GPIO_PUDSLP2), 0x42);
    gpio_ops.reset(f.g);
    ck_assert_uint_eq(rd(&f, 0x20 * 3 + GPIO_PUD1), 0);
    fix_free(&f);
}
END_TEST

START_TEST(test_gpio_fsel_drives_output_line)
{
    GpioFix f;
    fix_init(&f);
    /* NOR chip select on 0x406, released (high) while not an output. */
    gpio_connect_output(f.g, 0x406, irq_probe_line(&f.t.probe, 5));
    ck_assert(f.t.probe.level[5]);
    fsel(&f, 4, 6, GPIO_FUNC_OUT_LOW);
    ck_assert(!f.t.probe.level[5]);
    ck_assert_uint_eq(rd(&f, 0x20 * 4 + GPIO_DAT), 0);
    ck_assert_uint_eq(rd(&f, 0x20 * 4 + GPIO_CON), 0xEu << 24);
    fsel(&f, 4, 6, GPIO_FUNC_OUT_HIGH);
    ck_assert(f.t.probe.level[5]);
    ck_assert_uint_eq(rd(&f, 0x20 * 4 + GPIO_DAT), 0x40);
    ck_assert_uint_eq(rd(&f, 0x20 * 4 + GPIO_CON), 0xFu << 24);
    fsel(&f, 4, 6, GPIO_FUNC_OUT_LOW);
    ck_assert(!f.t.probe.level[5]);
    ck_assert_uint_eq(f.t.probe.rises[5], 2); /* connect, then the high FSEL */
    /* Back to input: released. */
    fsel(&f, 4, 6, GPIO_FUNC_INPUT);
    ck_assert(f.t.probe.level[5]);
    /* Other pins and pads are untouched; bits outside the fields ignored. */
    wr(&f, GPIO_FSEL, 0xFFE0F000u | 0xA << 16 | 7 << 8 | GPIO_FUNC_OUT_HIGH);
    ck_assert_uint_eq(rd(&f, 0x20 * 0xA + GPIO_DAT), 0x80);
    ck_assert_uint_eq(rd(&f, 0x20 * 4 + GPIO_DAT), 0);
    /* A DAT write changes output pins only. */
    wr(&f, 0x20 * 0xA + GPIO_DAT, 0x7F);
    ck_assert_uint_eq(rd(&f, 0x20 * 0xA + GPIO_DAT), 0);
    ck_assert_uint_eq(rd(&f, 0x20 * 0xA + GPIO_CON), 0xEu << 28);
    /* CON written whole configures pins the same way. */
    wr(&f, 0x20 * 4 + GPIO_CON, 0x0F000000);
    ck_assert(f.t.probe.level[5]);
    ck_assert_uint_eq(rd(&f, 0x20 * 4 + GPIO_DAT), 0x40);
    fix_free(&f);
}
END_TEST

START_TEST(test_gpio_dat_reads_inputs)
{
    GpioFix f;
    fix_init(&f);
    gpio_set_input(f.g, 0xC01, true);
    gpio_set_input(f.g, 0xC02, true);
    ck_assert_uint_eq(rd(&f, 0x20 * 0xC + GPIO_DAT), 0x06);
    gpio_set_input(f.g, 0xC01, false);
    ck_assert_uint_eq(rd(&f, 0x20 * 0xC + GPIO_DAT), 0x04);
    /* Sub-word read of DAT. */
    ck_assert_uint_eq(gpio_ops.read(f.g, 0x20 * 0xC + GPIO_DAT, 1), 0x04);
    /* An output pin reads its driven value, not the external level. */
    fsel(&f, 0xC, 2, GPIO_FUNC_OUT_LOW);
    ck_assert_uint_eq(rd(&f, 0x20 * 0xC + GPIO_DAT), 0);
    fsel(&f, 0xC, 2, GPIO_FUNC_INPUT);
    ck_assert_uint_eq(rd(&f, 0x20 * 0xC + GPIO_DAT), 0x04);
    /* An alternate function leaves the pin to the outside. */
    fsel(&f, 0xC, 2, 0x2);
    ck_assert_uint_eq(rd(&f, 0x20 * 0xC + GPIO_DAT), 0x04);
    /* Input levels are the world's: kept across a device reset. */
    gpio_set_input(f.g, 0x1F07, true);
    gpio_ops.reset(f.g);
    ck_assert_uint_eq(rd(&f, 0x20 * 0xC + GPIO_DAT), 0x04);
    ck_assert_uint_eq(rd(&f, 0x20 * 0x1F + GPIO_DAT), 0x80);
    /* Bad ids are ignored and logged. */
    unsigned before = log_count(f.t.env.log);
    gpio_set_input(f.g, 0xC08, true);
    gpio_set_input(f.g, 0x2000, true);
    ck_assert_uint_eq(rd(&f, 0x20 * 0xC + GPIO_DAT), 0x04);
    ck_assert_uint_eq(log_count(f.t.env.log), before + 2);
    fix_free(&f);
}
END_TEST

START_TEST(test_gpio_interrupt_numbers)
{
    GpioFix f;
    fix_init(&f);
    gpio_connect_irq(f.g, (IrqLine){ .set = irqlog_set, .sink = &f.irqs });
    ck_assert_uint_eq(f.irqs.total, GPIO_IRQ_COUNT - 24); /* initial levels of 0x18..0xDF */
    f.irqs = (IrqLog){ 0 };
    /* The known pairs of the sheet. */
    gpio_set_input(f.g, 0xC02, true);
    ck_assert(f.irqs.level[0x7A]);
    gpio_set_input(f.g, 0xC01, true);
    ck_assert(f.irqs.level[0x79]);
    gpio_set_input(f.g, 0xC00, true);
    ck_assert(f.irqs.level[0x78]);
    gpio_set_input(f.g, 0x902, true);
    ck_assert(f.irqs.level[0x62]);
    gpio_set_input(f.g, 0x902, false);
    ck_assert(!f.irqs.level[0x62]);
    ck_assert_uint_eq(f.irqs.calls[0x62], 2);
    ck_assert_uint_eq(f.irqs.total, 5);
    /* No change, no call. */
    gpio_set_input(f.g, 0xC02, true);
    ck_assert_uint_eq(f.irqs.total, 5);
    /* A driven output reports its level changes too. */
    fsel(&f, 0, 0, GPIO_FUNC_OUT_HIGH);
    ck_assert(f.irqs.level[24]);
    ck_assert_uint_eq(f.irqs.total, 6);
    /* Pads past 0x18 have no interrupt number. */
    gpio_set_input(f.g, 0x1900, true);
    gpio_set_input(f.g, 0x1807, true);
    ck_assert(f.irqs.level[223]);
    ck_assert_uint_eq(f.irqs.total, 7);
    fix_free(&f);
}
END_TEST

START_TEST(test_gpio_state_round_trip)
{
    GpioFix f;
    fix_init(&f);
    fsel(&f, 4, 6, GPIO_FUNC_OUT_HIGH);
    fsel(&f, 0, 0, GPIO_FUNC_OUT_LOW);
    fsel(&f, 2, 3, 0x2);
    gpio_set_input(f.g, 0xC02, true);
    wr(&f, 0x20 * 7 + GPIO_PUD2, 0x55);
    wr(&f, 0x20 * 7 + GPIO_CONSLP1, 0x1234);
    StateIO *io = state_create_save();
    gpio_ops.state(f.g, io);
    ck_assert_ptr_null(state_error(io));
    size_t len;
    const void *data = state_data(io, &len);
    GpioDev *c = gpio_create(&f.t.env);
    StateIO *in = state_create_load(data, len);
    gpio_ops.state(c, in);
    ck_assert_ptr_null(state_error(in));
    for (uint32_t off = 0; off < GPIO_PADS * GPIO_PAD_STRIDE; off += 4)
        if (off != GPIO_FSEL) ck_assert_uint_eq(gpio_ops.read(c, off, 4), rd(&f, off));
    ck_assert_uint_eq(gpio_ops.read(c, 0x20 * 0xC + GPIO_DAT, 4), 0x04);
    ck_assert_uint_eq(gpio_ops.read(c, 0x20 * 4 + GPIO_DAT, 4), 0x40);
    /* Connected after the load, a line sees the restored level. */
    gpio_connect_output(c, 0x000, irq_probe_line(&f.t.probe, 9));
    ck_assert(!f.t.probe.level[9]);
    ck_assert_uint_eq(f.t.probe.rises[9], 0);
    state_destroy(in);
    state_destroy(io);
    gpio_ops.destroy(c);
    fix_free(&f);
}
END_TEST

Suite *gpio_suite(void)
{
    Suite *s = suite_create("gpio");
    TCase *tc = tcase_create("gpio");
    tcase_add_test(tc, test_gpio_reset_values);
    tcase_add_test(tc, test_gpio_fsel_drives_output_line);
    tcase_add_test(tc, test_gpio_dat_reads_inputs);
    tcase_add_test(tc, test_gpio_interrupt_numbers);
    tcase_add_test(tc, test_gpio_state_round_trip);
    suite_add_tcase(s, tc);
    return s;
}
