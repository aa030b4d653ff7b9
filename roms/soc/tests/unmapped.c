/*
 * unmapped: bus errors.  With the MMU off, an access to a physical address
 * no region decodes is a precise external abort:
 *  - a word load from 0x50000000: data abort, DFSR status 0x8 (external
 *    abort, non-translation; bit 10 clear), WnR (bit 11) clear, FAR = the
 *    address, LR_abt = the load + 8, SPSR = the SVC mode we ran in;
 *  - a byte store to 0x50001233: the same with WnR set and the exact FAR;
 *  - a load from 0xF0000000 (top of the map): the same;
 *  - an instruction fetch from 0x50000000 (branch there): prefetch abort,
 *    IFSR status 0x8, IFAR = 0x50000000, LR_abt = 0x50000004;
 *  - and, for contrast, a write to the boot ROM is ignored (no abort, the
 *    ROM keeps its contents), a read of RAM does not abort.
 */
#include "soc.h"

static inline uint32_t ifar_read(void)
{
    uint32_t v;
    __asm__ volatile("mrc p15, 0, %0, c6, c0, 2" : "=r"(v));
    return v;
}

/* One load at a known address; returns its address through *pc. */
static uint32_t __attribute__((noinline)) load_at(uint32_t addr, uint32_t *pc)
{
    uint32_t v = 0x11111111u, here;
    __asm__ volatile("adr %1, 1f\n"
                     "1: ldr %0, [%2]\n"
                     : "+r"(v), "=&r"(here)
                     : "r"(addr)
                     : "memory");
    *pc = here;
    return v;
}

static void __attribute__((noinline)) store_byte_at(uint32_t addr, uint32_t *pc)
{
    uint32_t here;
    __asm__ volatile("adr %0, 1f\n"
                     "1: strb %1, [%2]\n"
                     : "=&r"(here)
                     : "r"(0x5A), "r"(addr)
                     : "memory");
    *pc = here;
}

static void data_case(const char *what, uint32_t addr, bool write)
{
    abort_rec.count = 0;
    abort_rec.resume = 0;
    abort_expected = true;
    uint32_t pc, v = 0;
    if (write) store_byte_at(addr, &pc);
    else v = load_at(addr, &pc);
    abort_expected = false;
    uint32_t fsr = abort_rec.fsr;
    check(abort_rec.count == 1 && abort_rec.kind == 4, "%s 0x%08x: one data abort (%u taken)", what, addr,
          abort_rec.count);
    check((fsr & 0x40F) == 0x8 && ((fsr >> 11) & 1) == (write ? 1u : 0u),
          "%s 0x%08x: DFSR 0x%03x = external abort, WnR %u", what, addr, fsr, write);
    check(abort_rec.far == addr, "%s 0x%08x: FAR 0x%08x", what, addr, abort_rec.far);
    check(abort_rec.lr == pc + 8 && (abort_rec.spsr & 0x1F) == 0x13,
          "%s 0x%08x: LR_abt 0x%08x = faulting instruction + 8, SPSR mode SVC (0x%x)", what, addr, abort_rec.lr,
          abort_rec.spsr & 0x1F);
    if (!write) check(v == 0x11111111u, "%s 0x%08x: the destination register is left unchanged (0x%08x)", what, addr, v);
}

static void prefetch_case(void)
{
    abort_rec.count = 0;
    abort_expected = true;
    __asm__ volatile("adr r0, 1f\n"
                     "str r0, [%0]\n"
                     "mov r1, #0x50000000\n"
                     "bx r1\n"
                     "1:\n"
                     :
                     : "r"(&abort_rec.resume)
                     : "r0", "r1", "memory");
    abort_expected = false;
    abort_rec.resume = 0;
    check(abort_rec.count == 1 && abort_rec.kind == 3, "fetch from 0x50000000: one prefetch abort (%u taken)",
          abort_rec.count);
    check((abort_rec.fsr & 0x40F) == 0x8, "fetch from 0x50000000: IFSR 0x%03x = external abort", abort_rec.fsr);
    uint32_t ifar = ifar_read();
    check(ifar == 0x50000000u && abort_rec.lr == 0x50000004u, "fetch from 0x50000000: IFAR 0x%08x, LR_abt 0x%08x",
          ifar, abort_rec.lr);
}

int main(void)
{
    soc_init("unmapped");
    data_case("load from", 0x50000000u, false);
    data_case("byte store to", 0x50001233u, true);
    data_case("load from", 0xF0000000u, false);
    prefetch_case();

    /* Information only: a hole inside the peripheral port (the fact sheet
     * section 2.2 suggests reads of 0 there; the machine may abort). */
    abort_rec.count = 0;
    abort_expected = true;
    uint32_t pc, hole = load_at(0x3F000000u, &pc);
    abort_expected = false;
    info("load from the peripheral-window hole 0x3F000000: %s (value 0x%08x)",
         abort_rec.count ? "data abort" : "no abort", hole);

    /* No abort where something is mapped. */
    abort_rec.count = 0;
    abort_expected = true;
    volatile uint32_t *rom = (volatile uint32_t *)0x100;
    uint32_t before = *rom;
    *rom = ~before;
    uint32_t after = *rom;
    uint32_t sram = *(volatile uint32_t *)SRAM_BASE;
    (void)sram;
    abort_expected = false;
    check(abort_rec.count == 0 && after == before, "a write to the boot ROM is ignored without an abort (0x%08x)",
          after);
    report_end();
}
