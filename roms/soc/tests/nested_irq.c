/*
 * nested_irq: PL192 priorities, nesting, daisy chain, FIQ and vectored IRQs.
 *
 * Interrupts are raised with the VICs' SOFTINT registers on sources that no
 * device drives (VIC0 4, 5, 6, 8, 12; VIC1 40).  A low-priority IRQ handler
 * (A, level 10) re-enables IRQs in the CPU (the handlers run in SYS mode,
 * start.S) and then:
 *   - raises B (level 2): B must preempt A at once;
 *   - raises C (level 12) and E (level 10, same as A): neither may run until
 *     A's end-of-interrupt write to VICADDRESS;
 *   - raises D on VIC1 (source 40, level 3) with VIC0's daisy priority 1:
 *     it preempts A through the chain, VIC0 VICADDRESS returns its vector;
 *   - raises F (source 12) selected as FIQ in INTSELECT: the FIQ preempts
 *     A whatever the priority levels, even with IRQs masked.
 * The recorded order of events must be exactly the expected one.
 * Then SWPRIORITYMASK masking, and the VE bit (SCTLR bit 24): the core takes
 * the IRQ straight at the VECTADDR the VIC presents on its port, without
 * reading VICADDRESS (the generic entry's counter must not move).
 */
#include "soc.h"

enum { SRC_A = 4, SRC_B = 5, SRC_C = 6, SRC_E = 8, SRC_F = 12, SRC_D = 40 };

static volatile char order[32];
static volatile uint32_t norder;
static volatile uint32_t d_vicaddr_seen;

static void mark(char c)
{
    if (norder < sizeof order - 1) order[norder++] = c;
    order[norder] = 0;
}

static void h_b(void) { vic_soft_clear(SRC_B); mark('B'); }
static void h_c(void) { vic_soft_clear(SRC_C); mark('C'); }
static void h_e(void) { vic_soft_clear(SRC_E); mark('E'); }
static void h_d(void) { vic_soft_clear(SRC_D); mark('D'); }

static void f_handler(void)
{
    vic_soft_clear(SRC_F);
    mark('F');
}

static void h_a(void)
{
    vic_soft_clear(SRC_A);
    mark('a');
    irq_enable();                 /* allow nesting */
    vic_soft_raise(SRC_B);        /* higher: preempts now */
    mark('1');
    vic_soft_raise(SRC_C);        /* lower: must wait */
    vic_soft_raise(SRC_E);        /* same level: must wait */
    delay_cycles(2000);
    mark('2');
    vic_soft_raise(SRC_D);        /* VIC1 via daisy (level 1): preempts */
    mark('3');
    irq_disable();
    vic_soft_raise(SRC_F);        /* FIQ: preempts although IRQs are masked */
    mark('4');
    irq_enable();
    delay_cycles(2000);
    mark('A');
}

extern IrqHandler ve_handlers[4];
extern volatile uint32_t ve_entries;
extern void ve_stub0(void), ve_stub1(void);
static volatile uint32_t ve_hits[2];
static void ve_h0(void) { vic_soft_clear(SRC_B); ve_hits[0]++; mark('v'); }
static void ve_h1(void) { vic_soft_clear(SRC_D); ve_hits[1]++; mark('w'); }

static void test_nesting(void)
{
    vic_set_handler(SRC_A, h_a, 10);
    vic_set_handler(SRC_B, h_b, 2);
    vic_set_handler(SRC_C, h_c, 12);
    vic_set_handler(SRC_E, h_e, 10);
    vic_set_handler(SRC_D, h_d, 3);
    wr32(VIC0_BASE + VIC_PRIORITYDAISY, 1);
    vic_select_fiq(SRC_F, true);
    fiq_set_handler(f_handler);
    for (unsigned s = 0; s < 5; s++) vic_enable((unsigned[]){ SRC_A, SRC_B, SRC_C, SRC_E, SRC_F }[s]);
    vic_enable(SRC_D);
    fiq_enable();
    norder = 0;
    vic_soft_raise(SRC_A);
    delay_cycles(20000);
    const char *expect = "aB12D3F4AEC";
    /* After A's EOI, E (level 10) beats C (level 12). */
    bool same = norder == strlen(expect);
    for (unsigned i = 0; same && i < norder; i++) same = order[i] == expect[i];
    check(same, "nesting order \"%s\" (expected \"%s\": B preempts A, C/E wait for A's EOI, D via daisy, F as FIQ)",
          (const char *)order, expect);
    const uint32_t soft0 = 1u << SRC_A | 1u << SRC_B | 1u << SRC_C | 1u << SRC_E | 1u << SRC_F;
    check(!(rd32(VIC0_BASE + VIC_RAWINTR) & soft0) && !(rd32(VIC1_BASE + VIC_RAWINTR) & (1u << (SRC_D - 32))),
          "every soft interrupt cleared (VIC0 raw 0x%08x, VIC1 raw 0x%08x)", rd32(VIC0_BASE + VIC_RAWINTR),
          rd32(VIC1_BASE + VIC_RAWINTR));
    check(fiq_entries == 1, "exactly one FIQ taken (%u)", fiq_entries);
}

static void test_mask(void)
{
    /* SWPRIORITYMASK: level 2 masked -> B stays pending until unmasked. */
    norder = 0;
    wr32(VIC0_BASE + VIC_SWPRIORITYMASK, 0xFFFF & ~(1u << 2));
    vic_soft_raise(SRC_B);
    delay_cycles(2000);
    uint32_t status = rd32(VIC0_BASE + VIC_IRQSTATUS);
    bool held = norder == 0 && (status & (1u << SRC_B));
    wr32(VIC0_BASE + VIC_SWPRIORITYMASK, 0xFFFF);
    delay_cycles(2000);
    check(held && norder == 1 && order[0] == 'B', "SWPRIORITYMASK holds a masked level back (IRQSTATUS 0x%08x), "
          "unmasking delivers it", status);
    /* IRQSTATUS / FIQSTATUS split by INTSELECT */
    irq_disable();
    fiq_disable();
    vic_soft_raise(SRC_F);
    vic_soft_raise(SRC_C);
    uint32_t is = rd32(VIC0_BASE + VIC_IRQSTATUS), fs = rd32(VIC0_BASE + VIC_FIQSTATUS);
    vic_soft_clear(SRC_F);
    vic_soft_clear(SRC_C);
    irq_enable();
    fiq_enable();
    check((is & (1u << SRC_C)) && !(is & (1u << SRC_F)) && (fs & (1u << SRC_F)) && !(fs & (1u << SRC_C)),
          "IRQSTATUS 0x%08x / FIQSTATUS 0x%08x follow INTSELECT", is, fs);
}

static void test_vectored(void)
{
    ve_handlers[0] = ve_h0;
    ve_handlers[1] = ve_h1;
    /* VECTADDR = the stubs the core jumps to directly. */
    wr32(VIC0_BASE + VIC_VECTADDR(SRC_B), (uint32_t)(uintptr_t)ve_stub0);
    wr32(VIC1_BASE + VIC_VECTADDR(SRC_D - 32), (uint32_t)(uintptr_t)ve_stub1);
    norder = 0;
    uint32_t generic = irq_entries, ves = ve_entries;
    sctlr_write(sctlr_read() | SCTLR_VE);
    vic_soft_raise(SRC_B);
    delay_cycles(1000);
    vic_soft_raise(SRC_D);
    delay_cycles(1000);
    sctlr_write(sctlr_read() & ~SCTLR_VE);
    check(ve_hits[0] == 1 && ve_hits[1] == 1 && ve_entries - ves == 2,
          "SCTLR.VE: IRQs enter at VECTADDR (VIC0 source %u and VIC1 source %u via the daisy chain)", SRC_B, SRC_D);
    check(irq_entries == generic, "SCTLR.VE: the generic IRQ vector was not used (%u entries)", irq_entries - generic);
    /* The EOI in the stubs left the VIC able to deliver the lower levels. */
    vic_set_handler(SRC_C, h_c, 12);
    vic_soft_raise(SRC_C);
    delay_cycles(1000);
    check(norder == 3 && order[2] == 'C', "after vectored EOIs a level-12 IRQ is delivered (order \"%s\")",
          (const char *)order);
}

int main(void)
{
    soc_init("nested_irq");
    test_nesting();
    test_mask();
    test_vectored();
    report_end();
}
