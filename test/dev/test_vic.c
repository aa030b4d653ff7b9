/* The PL192 pair behaves as the firmware relies on: reset values and the
 * 0x192 part number, level-sensitive sources, priority order with the
 * VICADDRESS acknowledge / end-of-interrupt stack (nested levels mask equal
 * and lower ones), SWPRIORITYMASK, FIQ select outside the priority logic,
 * soft interrupts, VIC1 daisy-chained into VIC0 (seen through VIC0's
 * VICADDRESS and the VIC port, FIQ passed up), and a save/load round trip.
 * The EdgeIC register file next to the VICs is checked here too. */
#include <check.h>
#include <stdlib.h>

#include "dev/edgeic.h"
#include "dev/vic.h"
#include "soc/state.h"
#include "test/dev/devtest.h"

enum { PIRQ = 0, PFIQ = 1 };

typedef struct VicFix {
    DevTestEnv t;
    VicDev *v0, *v1;
} VicFix;

static void fix_init(VicFix *f)
{
    devtest_init(&f->t);
    f->v0 = vic_create(&f->t.env, "vic0");
    f->v1 = vic_create(&f->t.env, "vic1");
    vic_ops.reset(f->v0);
    vic_ops.reset(f->v1);
    vic_connect(f->v0, irq_probe_line(&f->t.probe, PIRQ), irq_probe_line(&f->t.probe, PFIQ));
    vic_chain(f->v0, f->v1);
}

static void fix_free(VicFix *f)
{
    vic_ops.destroy(f->v0);
    vic_ops.destroy(f->v1);
    devtest_free(&f->t);
}

static uint32_t rd(VicDev *v, uint32_t off) { return vic_ops.read(v, off, 4); }
static void wr(VicDev *v, uint32_t off, uint32_t val) { vic_ops.write(v, off, val, 4); }

static void source(VicDev *v, unsigned n, unsigned prio, uint32_t vector)
{
    wr(v, VIC_VECTADDR0 + 4 * n, vector);
    wr(v, VIC_VECTPRIORITY0 + 4 * n, prio);
    wr(v, VIC_INTENABLE, 1u << n);
}

START_TEST(test_vic_reset_values)
{
    VicFix f;
    fix_init(&f);
    VicDev *v = f.v0;
    ck_assert_uint_eq(rd(v, VIC_IRQSTATUS), 0);
    ck_assert_uint_eq(rd(v, VIC_FIQSTATUS), 0);
    ck_assert_uint_eq(rd(v, VIC_RAWINTR), 0);
    ck_assert_uint_eq(rd(v, VIC_INTSELECT), 0);
    ck_assert_uint_eq(rd(v, VIC_INTENABLE), 0);
    ck_assert_uint_eq(rd(v, VIC_SOFTINT), 0);
    ck_assert_uint_eq(rd(v, VIC_PROTECTION), 0);
    ck_assert_uint_eq(rd(v, VIC_SWPRIORITYMASK), 0xFFFF);
    ck_assert_uint_eq(rd(v, VIC_PRIORITYDAISY), 0xF);
    for (unsigned i = 0; i < 32; i++) {
        ck_assert_uint_eq(rd(v, VIC_VECTADDR0 + 4 * i), 0);
        ck_assert_uint_eq(rd(v, VIC_VECTPRIORITY0 + 4 * i), 0xF);
    }
    ck_assert_uint_eq(rd(v, VIC_ADDRESS), 0);
    ck_assert(!f.t.probe.level[PIRQ]);
    ck_assert(!f.t.probe.level[PFIQ]);
    /* Reset drops what the guest set up but keeps the input wires. */
    source(v, 4, 3, 0x44);
    wr(v, VIC_INTSELECT, 0x10);
    vic_set_input(v, 4, true);
    ck_assert(f.t.probe.level[PFIQ]);
    vic_ops.reset(v);
    ck_assert(!f.t.probe.level[PFIQ]);
    ck_assert_uint_eq(rd(v, VIC_RAWINTR), 0x10);
    ck_assert_uint_eq(rd(v, VIC_VECTADDR0 + 16), 0);
    fix_free(&f);
}
END_TEST

START_TEST(test_vic_id_registers)
{
    VicFix f;
    fix_init(&f);
    static const uint32_t ids[8] = { 0x92, 0x11, 0x04, 0x00, 0x0D, 0xF0, 0x05, 0xB1 };
    for (unsigned k = 0; k < 2; k++) {
        VicDev *v = k ? f.v1 : f.v0;
        for (unsigned i = 0; i < 8; i++) ck_assert_uint_eq(rd(v, VIC_PERIPHID0 + 4 * i), ids[i]);
        uint32_t part = rd(v, 0xFE0) | rd(v, 0xFE4) << 8 | rd(v, 0xFE8) << 16 | rd(v, 0xFEC) << 24;
        ck_assert_uint_eq(part & 0xFFF, 0x192);
    }
    /* Sub-word reads return the bytes of the register. */
    ck_assert_uint_eq(vic_ops.read(f.v0, VIC_PCELLID0 + 12, 1), 0xB1);
    ck_assert_uint_eq(vic_ops.read(f.v0, VIC_SWPRIORITYMASK + 1, 1), 0xFF);
    ck_assert_uint_eq(vic_ops.read(f.v0, VIC_SWPRIORITYMASK + 2, 2), 0);
    /* Writes to IDs are ignored, unknown offsets read 0 and are logged. */
    wr(f.v0, VIC_PERIPHID0, 0);
    ck_assert_uint_eq(rd(f.v0, VIC_PERIPHID0), 0x92);
    unsigned before = log_count(f.t.env.log);
    ck_assert_uint_eq(rd(f.v0, 0x500), 0);
    ck_assert_uint_eq(log_count(f.t.env.log), before + 1);
    fix_free(&f);
}
END_TEST

START_TEST(test_vic_level_inputs)
{
    VicFix f;
    fix_init(&f);
    VicDev *v = f.v0;
    vic_set_input(v, 7, true);
    ck_assert_uint_eq(rd(v, VIC_RAWINTR), 0x80);
    ck_assert_uint_eq(rd(v, VIC_IRQSTATUS), 0);
    ck_assert(!f.t.probe.level[PIRQ]);
    wr(v, VIC_INTENABLE, 0x80);
    ck_assert_uint_eq(rd(v, VIC_INTENABLE), 0x80);
    ck_assert_uint_eq(rd(v, VIC_IRQSTATUS), 0x80);
    ck_assert(f.t.probe.level[PIRQ]);
    vic_set_input(v, 7, false); /* level-sensitive: the line follows the source */
    ck_assert(!f.t.probe.level[PIRQ]);
    ck_assert_uint_eq(rd(v, VIC_RAWINTR), 0);
    vic_set_input(v, 7, true);
    ck_assert(f.t.probe.level[PIRQ]);
    wr(v, VIC_INTENCLEAR, 0x80);
    ck_assert_uint_eq(rd(v, VIC_INTENABLE), 0);
    ck_assert(!f.t.probe.level[PIRQ]);
    ck_assert_uint_eq(f.t.probe.rises[PIRQ], 2);
    vic_set_input(v, 40, true); /* out of range: ignored */
    ck_assert_uint_eq(rd(v, VIC_RAWINTR), 0x80);
    fix_free(&f);
}
END_TEST

START_TEST(test_vic_priority_order_and_stack)
{
    VicFix f;
    fix_init(&f);
    VicDev *v = f.v0;
    source(v, 3, 5, 0x1003);
    source(v, 10, 2, 0x1010);
    source(v, 20, 2, 0x1020);
    source(v, 1, 0, 0x1001);
    vic_set_input(v, 3, true);
    vic_set_input(v, 20, true);
    vic_set_input(v, 10, true);
    ck_assert(f.t.probe.level[PIRQ]);
    /* Level 2 wins; at equal level the lower source number. */
    ck_assert_uint_eq(rd(v, VIC_ADDRESS), 0x1010);
    /* Now at level 2: 20 (equal) and 3 (lower) are masked. */
    ck_assert(!f.t.probe.level[PIRQ]);
    ck_assert_uint_eq(rd(v, VIC_IRQSTATUS), (1u << 3) | (1u << 10) | (1u << 20));
    /* A read with nothing above the current level returns the current
     * vector and stacks nothing. */
    ck_assert_uint_eq(rd(v, VIC_ADDRESS), 0x1010);
    ck_assert_uint_eq(v->depth, 1);
    /* A higher level nests. */
    vic_set_input(v, 1, true);
    ck_assert(f.t.probe.level[PIRQ]);
    ck_assert_uint_eq(rd(v, VIC_ADDRESS), 0x1001);
    ck_assert(!f.t.probe.level[PIRQ]);
    ck_assert_uint_eq(v->depth, 2);
    vic_set_input(v, 1, false);
    wr(v, VIC_ADDRESS, 0); /* pop level 0: back at level 2 */
    ck_assert(!f.t.probe.level[PIRQ]);
    ck_assert_uint_eq(rd(v, VIC_ADDRESS), 0x1010);
    vic_set_input(v, 10, false);
    wr(v, VIC_ADDRESS, 0); /* pop level 2: 20 is next */
    ck_assert(f.t.probe.level[PIRQ]);
    ck_assert_uint_eq(rd(v, VIC_ADDRESS), 0x1020);
    vic_set_input(v, 20, false);
    wr(v, VIC_ADDRESS, 0);
    ck_assert_uint_eq(rd(v, VIC_ADDRESS), 0x1003);
    ck_assert(!f.t.probe.level[PIRQ]);
    wr(v, VIC_ADDRESS, 0);
    ck_assert(f.t.probe.level[PIRQ]); /* 3 still asserted */
    wr(v, VIC_ADDRESS, 0);            /* EOI with an empty stack: ignored */
    ck_assert_uint_eq(v->depth, 0);
    fix_free(&f);
}
END_TEST

START_TEST(test_vic_sw_priority_mask)
{
    VicFix f;
    fix_init(&f);
    VicDev *v = f.v0;
    source(v, 2, 4, 0x22);
    source(v, 9, 6, 0x99);
    wr(v, VIC_SWPRIORITYMASK, 0xFFFF & ~(1u << 4));
    ck_assert_uint_eq(rd(v, VIC_SWPRIORITYMASK), 0xFFEF);
    vic_set_input(v, 2, true);
    ck_assert(!f.t.probe.level[PIRQ]);
    ck_assert_uint_eq(rd(v, VIC_ADDRESS), 0); /* nothing to acknowledge */
    vic_set_input(v, 9, true);
    ck_assert(f.t.probe.level[PIRQ]);
    ck_assert_uint_eq(rd(v, VIC_ADDRESS), 0x99); /* the masked level 4 is skipped */
    wr(v, VIC_ADDRESS, 0);
    wr(v, VIC_SWPRIORITYMASK, 0xFFFF);
    ck_assert_uint_eq(rd(v, VIC_ADDRESS), 0x22);
    fix_free(&f);
}
END_TEST

START_TEST(test_vic_fiq_select)
{
    VicFix f;
    fix_init(&f);
    VicDev *v = f.v0;
    source(v, 7, 0, 0x77);
    source(v, 8, 9, 0x88);
    wr(v, VIC_INTSELECT, 1u << 7);
    vic_set_input(v, 7, true);
    ck_assert(f.t.probe.level[PFIQ]);
    ck_assert(!f.t.probe.level[PIRQ]);
    ck_assert_uint_eq(rd(v, VIC_FIQSTATUS), 0x80);
    ck_assert_uint_eq(rd(v, VIC_IRQSTATUS), 0);
    /* FIQ sources take no part in VICADDRESS and the priority stack. */
    vic_set_input(v, 8, true);
    ck_assert(f.t.probe.level[PIRQ]);
    ck_assert_uint_eq(rd(v, VIC_ADDRESS), 0x88);
    ck_assert(f.t.probe.level[PFIQ]); /* not masked by the in-service level */
    wr(v, VIC_INTSELECT, 0);
    ck_assert(!f.t.probe.level[PFIQ]);
    wr(v, VIC_INTENCLEAR, 1u << 7);
    wr(v, VIC_INTSELECT, 1u << 7);
    ck_assert(!f.t.probe.level[PFIQ]); /* a disabled source raises nothing */
    fix_free(&f);
}
END_TEST

START_TEST(test_vic_soft_interrupts)
{
    VicFix f;
    fix_init(&f);
    VicDev *v = f.v0;
    source(v, 30, 1, 0x300);
    wr(v, VIC_SOFTINT, 1u << 30);
    ck_assert_uint_eq(rd(v, VIC_SOFTINT), 1u << 30);
    ck_assert_uint_eq(rd(v, VIC_RAWINTR), 1u << 30);
    ck_assert(f.t.probe.level[PIRQ]);
    ck_assert_uint_eq(rd(v, VIC_ADDRESS), 0x300);
    wr(v, VIC_SOFTINTCLEAR, 1u << 30);
    ck_assert_uint_eq(rd(v, VIC_SOFTINT), 0);
    wr(v, VIC_ADDRESS, 0);
    ck_assert(!f.t.probe.level[PIRQ]);
    /* SOFTINT is write-one-to-set: zeros leave other bits alone. */
    wr(v, VIC_SOFTINT, 1);
    wr(v, VIC_SOFTINT, 2);
    ck_assert_uint_eq(rd(v, VIC_SOFTINT), 3);
    fix_free(&f);
}
END_TEST

START_TEST(test_vic_daisy_chain)
{
    VicFix f;
    fix_init(&f);
    source(f.v1, 1, 0, 33); /* global IRQ 33, vector = IRQ number as [O] does */
    vic_set_input(f.v1, 1, true);
    ck_assert(f.t.probe.level[PIRQ]);
    ck_assert(f.v0->daisy_irq_in);
    /* VIC0's VICADDRESS returns VIC1's vector and acknowledges it in VIC1. */
    ck_assert_uint_eq(rd(f.v0, VIC_ADDRESS), 33);
    ck_assert_uint_eq(f.v1->depth, 1);
    ck_assert_uint_eq(f.v0->depth, 1);
    ck_assert(!f.t.probe.level[PIRQ]);
    ck_assert(!f.v0->daisy_irq_in);
    /* EOI on VIC0 pops both. */
    vic_set_input(f.v1, 1, false);
    wr(f.v0, VIC_ADDRESS, 0);
    ck_assert_uint_eq(f.v1->depth, 0);
    ck_assert_uint_eq(f.v0->depth, 0);
    ck_assert(!f.t.probe.level[PIRQ]);

    /* Daisy against a VIC0 source at the same level (15): the source wins;
     * with PRIORITYDAISY 0 the daisy input wins. */
    source(f.v0, 5, 15, 5);
    wr(f.v1, VIC_VECTPRIORITY0 + 4, 15);
    vic_set_input(f.v1, 1, true);
    vic_set_input(f.v0, 5, true);
    ck_assert_uint_eq(rd(f.v0, VIC_ADDRESS), 5);
    wr(f.v0, VIC_ADDRESS, 0);
    wr(f.v0, VIC_PRIORITYDAISY, 0);
    ck_assert_uint_eq(rd(f.v0, VIC_ADDRESS), 33);
    /* The daisy level (0) now masks VIC0's source 5. */
    ck_assert(!f.t.probe.level[PIRQ]);
    wr(f.v0, VIC_ADDRESS, 0);
    ck_assert(f.t.probe.level[PIRQ]);
    /* VIC1's own VICADDRESS acknowledges in VIC1 only. */
    ck_assert_uint_eq(rd(f.v1, VIC_ADDRESS), 33);
    ck_assert_uint_eq(f.v0->depth, 0);
    ck_assert_uint_eq(f.v1->depth, 1);
    ck_assert_uint_eq(rd(f.v0, VIC_ADDRESS), 5); /* daisy input now low */
    fix_free(&f);
}
END_TEST

START_TEST(test_vic_port_vector_and_chained_fiq)
{
    VicFix f;
    fix_init(&f);
    source(f.v1, 31, 3, 0xC0DE0063);
    source(f.v0, 0, 7, 0xC0DE0000);
    wr(f.v0, VIC_PRIORITYDAISY, 2);
    vic_set_input(f.v0, 0, true);
    vic_set_input(f.v1, 31, true);
    /* The VIC port takes the same path as a VICADDRESS read. */
    ck_assert_uint_eq(vic_port_vector(f.v0), 0xC0DE0063);
    ck_assert_uint_eq(f.v1->depth, 1);
    ck_assert_uint_eq(rd(f.v0, VIC_ADDRESS), 0xC0DE0063); /* nothing higher: current vector */
    wr(f.v0, VIC_ADDRESS, 0);
    vic_set_input(f.v1, 31, false);
    ck_assert_uint_eq(vic_port_vector(f.v0), 0xC0DE0000);
    /* A FIQ on VIC1 comes out of VIC0's nFIQ. */
    wr(f.v1, VIC_INTSELECT, 1u << 4);
    wr(f.v1, VIC_INTENABLE, 1u << 4);
    ck_assert(!f.t.probe.level[PFIQ]);
    vic_set_input(f.v1, 4, true);
    ck_assert(f.t.probe.level[PFIQ]);
    vic_set_input(f.v1, 4, false);
    ck_assert(!f.t.probe.level[PFIQ]);
    fix_free(&f);
}
END_TEST

START_TEST(test_vic_state_round_trip)
{
    VicFix f;
    fix_init(&f);
    source(f.v0, 3, 5, 0x1003);
    source(f.v0, 6, 1, 0x1006);
    wr(f.v0, VIC_INTSELECT, 1u << 9);
    wr(f.v0, VIC_PROTECTION, 1);
    wr(f.v0, VIC_SWPRIORITYMASK, 0x7FFF);
    wr(f.v0, VIC_PRIORITYDAISY, 9);
    wr(f.v0, VIC_SOFTINT, 1u << 3);
    vic_set_input(f.v0, 6, true);
    ck_assert_uint_eq(rd(f.v0, VIC_ADDRESS), 0x1006);
    StateIO *io = state_create_save();
    vic_ops.state(f.v0, io);
    ck_assert_ptr_null(state_error(io));
    size_t len;
    const void *data = state_data(io, &len);

    VicDev *w = vic_create(&f.t.env, "copy");
    StateIO *in = state_create_load(data, len);
    vic_ops.state(w, in);
    ck_assert_ptr_null(state_error(in));
    for (uint32_t off = 0; off < 0x28 + 4; off += 4)
        if (off != VIC_INTENCLEAR && off != VIC_SOFTINTCLEAR) ck_assert_uint_eq(rd(w, off), rd(f.v0, off));
    for (uint32_t off = 0x100; off < 0x280; off += 4) ck_assert_uint_eq(rd(w, off), rd(f.v0, off));
    ck_assert_uint_eq(w->depth, 1);
    ck_assert(!w->irq_level); /* source 3 (level 5) is masked by level 1 */
    /* The restored stack still works: EOI lets source 3 through. */
    wr(w, VIC_ADDRESS, 0);
    ck_assert(w->irq_level);
    ck_assert_uint_eq(rd(w, VIC_ADDRESS), 0x1006); /* 6 is still asserted and higher */
    state_destroy(in);
    state_destroy(io);
    vic_ops.destroy(w);
    fix_free(&f);
}
END_TEST

START_TEST(test_edgeic_registers)
{
    DevTestEnv t;
    devtest_init(&t);
    EdgeicDev *e = edgeic_create(&t.env);
    edgeic_ops.reset(e);
    for (uint32_t off = 0; off < 0x10; off += 4) ck_assert_uint_eq(edgeic_ops.read(e, off, 4), 0);
    edgeic_ops.write(e, EDGEIC_CONFIG0, 0x12345678, 4);
    edgeic_ops.write(e, EDGEIC_HIGHSTATUS, 0xA5A5A5A5, 4);
    ck_assert_uint_eq(edgeic_ops.read(e, EDGEIC_CONFIG0, 4), 0x12345678);
    ck_assert_uint_eq(edgeic_ops.read(e, EDGEIC_CONFIG0 + 2, 2), 0x1234);
    ck_assert_uint_eq(edgeic_ops.read(e, EDGEIC_HIGHSTATUS, 4), 0xA5A5A5A5);
    ck_assert_uint_eq(edgeic_ops.read(e, 0x40, 4), 0);
    StateIO *io = state_create_save();
    edgeic_ops.state(e, io);
    size_t len;
    const void *data = state_data(io, &len);
    EdgeicDev *c = edgeic_create(&t.env);
    StateIO *in = state_create_load(data, len);
    edgeic_ops.state(c, in);
    ck_assert_ptr_null(state_error(in));
    ck_assert_uint_eq(edgeic_ops.read(c, EDGEIC_CONFIG0, 4), 0x12345678);
    ck_assert_uint_eq(edgeic_ops.read(c, EDGEIC_HIGHSTATUS, 4), 0xA5A5A5A5);
    edgeic_ops.reset(e);
    ck_assert_uint_eq(edgeic_ops.read(e, EDGEIC_CONFIG0, 4), 0);
    state_destroy(in);
    state_destroy(io);
    edgeic_ops.destroy(c);
    edgeic_ops.destroy(e);
    devtest_free(&t);
}
END_TEST

Suite *vic_suite(void)
{
    Suite *s = suite_create("vic");
    TCase *tc = tcase_create("vic");
    tcase_add_test(tc, test_vic_reset_values);
    tcase_add_test(tc, test_vic_id_registers);
    tcase_add_test(tc, test_vic_level_inputs);
    tcase_add_test(tc, test_vic_priority_order_and_stack);
    tcase_add_test(tc, test_vic_sw_priority_mask);
    tcase_add_test(tc, test_vic_fiq_select);
    tcase_add_test(tc, test_vic_soft_interrupts);
    tcase_add_test(tc, test_vic_daisy_chain);
    tcase_add_test(tc, test_vic_port_vector_and_chained_fiq);
    tcase_add_test(tc, test_vic_state_round_trip);
    tcase_add_test(tc, test_edgeic_registers);
    suite_add_tcase(s, tc);
    return s;
}
