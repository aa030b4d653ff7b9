/* VIC0/VIC1 (PL192) set-up and the C side of the exception entries
 * (start.S).  VECTADDR[i] holds the address of the C handler of source i;
 * the non-vectored IRQ path reads VIC0 VICADDRESS (acknowledge: the VIC
 * returns the winner's VECTADDR, through the daisy chain for VIC1 sources,
 * and raises its priority level), calls the handler and writes VICADDRESS
 * (end of interrupt) with IRQs masked again. */
#include "soc.h"

static IrqHandler fiq_handler;
AbortRecord abort_rec;
volatile bool abort_expected;
IrqHandler ve_handlers[4];
volatile uint32_t ve_entries;

void vic_init(void)
{
    for (unsigned v = 0; v < 2; v++) {
        uint32_t b = VIC_BASE(v);
        wr32(b + VIC_INTENCLEAR, 0xFFFFFFFFu);
        wr32(b + VIC_SOFTINTCLEAR, 0xFFFFFFFFu);
        wr32(b + VIC_INTSELECT, 0);
        wr32(b + VIC_SWPRIORITYMASK, 0xFFFF);
        wr32(b + VIC_PRIORITYDAISY, 0xF);
        for (unsigned i = 0; i < 32; i++) {
            wr32(b + VIC_VECTADDR(i), 0);
            wr32(b + VIC_VECTPRIORITY(i), 0xF);
        }
    }
    /* Drain a stale priority stack (a soft reset keeps none, but be safe). */
    for (unsigned i = 0; i < 17; i++) wr32(VIC0_BASE + VIC_ADDRESS, 0);
    for (unsigned i = 0; i < 17; i++) wr32(VIC1_BASE + VIC_ADDRESS, 0);
}

uint32_t vic_periph_id(unsigned vic)
{
    uint32_t b = VIC_BASE(vic) + VIC_PERIPHID0, id = 0;
    for (unsigned i = 0; i < 4; i++) id |= (rd32(b + 4 * i) & 0xFF) << (8 * i);
    return id;
}

void vic_set_handler(unsigned irq, IrqHandler h, unsigned prio)
{
    uint32_t b = VIC_BASE(irq / 32);
    wr32(b + VIC_VECTADDR(irq % 32), (uint32_t)(uintptr_t)h);
    wr32(b + VIC_VECTPRIORITY(irq % 32), prio & 0xF);
}

void vic_enable(unsigned irq) { wr32(VIC_BASE(irq / 32) + VIC_INTENABLE, 1u << (irq % 32)); }
void vic_disable(unsigned irq) { wr32(VIC_BASE(irq / 32) + VIC_INTENCLEAR, 1u << (irq % 32)); }
void vic_soft_raise(unsigned irq) { wr32(VIC_BASE(irq / 32) + VIC_SOFTINT, 1u << (irq % 32)); }
void vic_soft_clear(unsigned irq) { wr32(VIC_BASE(irq / 32) + VIC_SOFTINTCLEAR, 1u << (irq % 32)); }

void vic_select_fiq(unsigned irq, bool fiq)
{
    uint32_t a = VIC_BASE(irq / 32) + VIC_INTSELECT;
    uint32_t v = rd32(a);
    wr32(a, fiq ? v | (1u << (irq % 32)) : v & ~(1u << (irq % 32)));
}

void fiq_set_handler(IrqHandler h) { fiq_handler = h; }

void irq_dispatch(void)
{
    uint32_t vec = rd32(VIC0_BASE + VIC_ADDRESS);
    if (!vec) return; /* spurious: nothing was acknowledged, so no EOI */
    ((IrqHandler)(uintptr_t)vec)();
    irq_disable();
    wr32(VIC0_BASE + VIC_ADDRESS, 0);
}

void ve_dispatch(unsigned n);
void ve_dispatch(unsigned n)
{
    ve_entries++;
    if (n < 4 && ve_handlers[n]) ve_handlers[n]();
}

void fiq_dispatch(void)
{
    if (fiq_handler) {
        fiq_handler();
        return;
    }
    /* No handler: mask every FIQ source so the line drops. */
    wr32(VIC0_BASE + VIC_INTENCLEAR, rd32(VIC0_BASE + VIC_INTSELECT));
    wr32(VIC1_BASE + VIC_INTENCLEAR, rd32(VIC1_BASE + VIC_INTSELECT));
}

static const char *const exc_name[] = { "?", "undefined instruction", "SVC", "prefetch abort",
                                        "data abort", "reserved vector" };

uint32_t abort_dispatch(uint32_t kind, uint32_t lr, uint32_t spsr)
{
    if (abort_expected && (kind == 3 || kind == 4)) {
        abort_rec.count++;
        abort_rec.kind = kind;
        abort_rec.lr = lr;
        abort_rec.spsr = spsr;
        abort_rec.fsr = kind == 4 ? dfsr_read() : ifsr_read();
        abort_rec.far = far_read();
        if (kind == 4) return lr - 4;          /* skip the faulting ARM load/store */
        if (abort_rec.resume) return abort_rec.resume;
    }
    uart_polled = true;
    check(false, "unexpected %s: lr=0x%08x spsr=0x%08x dfsr=0x%08x far=0x%08x",
          exc_name[kind < 6 ? kind : 0], lr, spsr, dfsr_read(), far_read());
    report_end();
}
