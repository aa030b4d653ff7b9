/* The assembled machine: devices reach the core through the VICs at the
 * cycle the scheduler says (timer 4 -> VIC0 line 7 -> IRQ vector), WFI sleeps
 * until the next event and a WFI nothing can end is reported, an unmapped
 * physical address aborts precisely with DFSR/FAR, the boot-time remap puts
 * DRAM at address 0, and the watchdog resets the machine while DRAM keeps
 * its contents; the multitouch controller answers on SPI4 behind chip select
 * GPIO 0xA07, its ATN reaches GPIO 0x1003 / GPIO interrupt 0x9B / VIC0 line
 * 2, and its reset GPIO 0x606 sends it back to the bootloader.  Guest code is
 * a few hand-encoded ARM words in the ROM. */
#include <check.h>
#include <string.h>

#include "soc/clocks.h"
#include "soc/s5l8720.h"

#define B_SELF 0xEAFFFFFEu        /* b . */
#define WFI 0xEE070F90u           /* mcr p15, 0, r0, c7, c0, 4 */
#define LDR_R0_PC(off) (0xE59F0000u | (off)) /* ldr r0, [pc, #off] */
#define LDR_R1_R0 0xE5901000u     /* ldr r1, [r0] */
#define CPSIE_I 0xF1080080u       /* cpsie i */
#define MOV_R0_0 0xE3A00000u      /* mov r0, #0 */

static Soc *make_soc(const uint32_t *code, unsigned nwords)
{
    static FILE *devnull;
    if (!devnull) devnull = fopen("/dev/null", "w");
    SocConfig cfg = { .log_out = devnull, .log_mask = LOG_UNIMP | LOG_GUEST_ERR, .rtc_base = 0 };
    char why[200];
    Soc *soc = soc_create(&cfg, why, sizeof why);
    ck_assert_ptr_nonnull(soc);
    char err[160];
    ck_assert(soc_load_rom(soc, code, nwords * 4, err, sizeof err));
    soc_reset(soc, true);
    return soc;
}

static void wr(Soc *soc, uint32_t pa, uint32_t v) { ck_assert(bus_write(soc_bus(soc), pa, 4, v)); }
static uint32_t rd(Soc *soc, uint32_t pa)
{
    uint32_t v;
    ck_assert(bus_read(soc_bus(soc), pa, 4, &v));
    return v;
}

START_TEST(test_soc_unmapped_load_aborts_precisely)
{
    uint32_t rom[16] = { LDR_R0_PC(0x18), LDR_R1_R0, B_SELF, B_SELF, B_SELF, B_SELF /* 0x14 */, B_SELF,
                         B_SELF, 0x50000000u /* literal at 0x20 */ };
    rom[4] = B_SELF; /* 0x10: data abort vector */
    Soc *soc = make_soc(rom, 16);
    Arm11 *cpu = soc_cpu(soc);
    ck_assert_int_eq(soc_run(soc, 200), SOC_STOP_LIMIT);
    ck_assert_uint_eq(cpu->cpsr & PSR_MODE_MASK, MODE_ABT);
    ck_assert_uint_eq(cpu->r[15], 0x10);
    ck_assert_uint_eq(cpu->r[14], 0x4 + 8); /* LR_abt = faulting instruction + 8 */
    ck_assert_uint_eq(cpu->cp15.dfsr & 0x40F, 0x8);
    ck_assert_uint_eq(cpu->cp15.far, 0x50000000u);
    soc_destroy(soc);
}
END_TEST

/* Timer 4 at 12 MHz (clock select 0: crystal / 2), period 1200 ticks =
 * 100 us, interrupt enable bit 12; VIC0 line 7. */
static void arm_timer4(Soc *soc, uint32_t ticks)
{
    const uint32_t t4 = 0x3C7000A0;
    wr(soc, 0x38E00000 + 0x010, 1u << 7); /* VIC0 INTENABLE */
    wr(soc, t4 + 0x04, 0);                /* stop */
    wr(soc, t4 + 0x00, 1u << 12);         /* CONFIG: /2, IE count reached */
    wr(soc, t4 + 0x08, ticks);            /* COUNT_BUFFER */
    wr(soc, t4 + 0x04, 3);                /* update + start */
}

START_TEST(test_soc_timer_irq_reaches_core_on_time)
{
    uint32_t rom[16] = { CPSIE_I, B_SELF };
    rom[6] = B_SELF; /* 0x18: IRQ vector */
    Soc *soc = make_soc(rom, 16);
    Arm11 *cpu = soc_cpu(soc);
    arm_timer4(soc, 1200);
    uint64_t due = clk_cycles(1200, 12000000);
    /* Step in small slices until the core enters IRQ mode. */
    uint64_t entered = 0;
    for (uint64_t t = 4; t < 2 * due && !entered; t += 4) {
        soc_run(soc, t);
        if ((cpu->cpsr & PSR_MODE_MASK) == MODE_IRQ) entered = cpu->cycles;
    }
    ck_assert_uint_gt(entered, 0);
    ck_assert_uint_ge(entered, due);
    ck_assert_uint_le(entered, due + 40); /* one instruction + exception entry */
    ck_assert_uint_eq(cpu->r[15], 0x18);
    /* VIC0 IRQSTATUS shows the timer; the timer's status lane bit 0 is set. */
    ck_assert_uint_eq(rd(soc, 0x38E00000) & (1u << 7), 1u << 7);
    ck_assert_uint_eq(rd(soc, 0x3C700118) & (1u << 24), 1u << 24);
    wr(soc, 0x3C700118, 1u << 24); /* acknowledge: line drops */
    ck_assert_uint_eq(rd(soc, 0x38E00000) & (1u << 7), 0);
    soc_destroy(soc);
}
END_TEST

START_TEST(test_soc_wfi_sleeps_until_event)
{
    uint32_t rom[16] = { WFI, B_SELF };
    Soc *soc = make_soc(rom, 16);
    Arm11 *cpu = soc_cpu(soc);
    /* Nothing scheduled and nothing enabled: a WFI that can never end. */
    ck_assert_int_eq(soc_run(soc, 1000000), SOC_STOP_DEADLOCK);
    ck_assert(cpu->halted);
    /* With the timer running (IRQ masked in the CPSR), WFI still wakes when
     * the line rises and time jumps there instead of being spent. */
    uint64_t start = cpu->cycles, insns = cpu->insns;
    arm_timer4(soc, 12000);
    uint64_t due = start + clk_cycles(12000, 12000000);
    ck_assert_int_eq(soc_run(soc, due - 10), SOC_STOP_LIMIT);
    ck_assert(cpu->halted);
    ck_assert_uint_eq(cpu->insns, insns); /* slept, did not spin */
    ck_assert_int_eq(soc_run(soc, due + 100), SOC_STOP_LIMIT);
    ck_assert(!cpu->halted);
    ck_assert_uint_eq(cpu->r[15], 0x4);
    soc_destroy(soc);
}
END_TEST

START_TEST(test_soc_remap_puts_dram_at_zero)
{
    uint32_t rom[4] = { B_SELF };
    Soc *soc = make_soc(rom, 4);
    char err[160];
    uint32_t marker = 0xCAFEF00D;
    ck_assert(soc_load_phys(soc, 0x08000000, &marker, 4, err, sizeof err));
    ck_assert_uint_eq(rd(soc, 0), B_SELF);
    wr(soc, 0x3E00000C, (rd(soc, 0x3E00000C) & ~7u) | 1);
    ck_assert_uint_eq(rd(soc, 0), 0xCAFEF00D);
    wr(soc, 0x3E00000C, rd(soc, 0x3E00000C) & ~7u);
    ck_assert_uint_eq(rd(soc, 0), B_SELF);
    /* Images that do not fit anywhere are refused. */
    ck_assert(!soc_load_phys(soc, 0x0FFFFFFE, &marker, 4, err, sizeof err));
    ck_assert(!soc_load_phys(soc, 0x40000000, &marker, 4, err, sizeof err));
    uint8_t big[SOC_ROM_SIZE + 4];
    memset(big, 0, sizeof big);
    ck_assert(!soc_load_rom(soc, big, sizeof big, err, sizeof err));
    soc_destroy(soc);
}
END_TEST

START_TEST(test_soc_watchdog_resets_machine)
{
    uint32_t rom[4] = { MOV_R0_0, B_SELF };
    Soc *soc = make_soc(rom, 4);
    Arm11 *cpu = soc_cpu(soc);
    char err[160];
    uint32_t marker = 0x12345678;
    ck_assert(soc_load_phys(soc, 0x08001000, &marker, 4, err, sizeof err));
    ck_assert_int_eq(soc_run(soc, 1000), SOC_STOP_LIMIT);
    cpu->r[5] = 0xAAAA;
    wr(soc, 0x3C800000, 0x00100000); /* iOS's reboot: enable, shortest timeout */
    soc_set_exit_on_reset(soc, true);
    ck_assert_int_eq(soc_run(soc, 100000000), SOC_STOP_RESET);
    ck_assert_uint_eq(soc_reset_count(soc), 1);
    ck_assert_uint_eq(cpu->r[15], 0);
    ck_assert_uint_eq(cpu->r[5], 0);
    ck_assert_uint_eq(cpu->cpsr & PSR_MODE_MASK, MODE_SVC);
    ck_assert_uint_eq(rd(soc, 0x08001000), 0x12345678); /* DRAM survives */
    soc_destroy(soc);
}
END_TEST

/* GPIO FSEL: function 0xE drives the pin low, 0xF high. */
static void gpio_out(Soc *soc, unsigned id, bool high)
{
    wr(soc, 0x3CF001E0, (id >> 8) << 16 | (id & 7) << 8 | (high ? 0xFu : 0xEu));
}

/* One SPI4 transaction of n bytes with the CPU spinning meanwhile. */
static void spi4_xfer(Soc *soc, const uint8_t *out, uint8_t *in, unsigned n)
{
    const uint32_t spi4 = 0x3E100000;
    wr(soc, spi4 + 0x00, 0x0C); /* empty both FIFOs, stopped */
    wr(soc, spi4 + 0x04, 0);    /* 8-bit words, PCLK */
    wr(soc, spi4 + 0x30, 2);
    wr(soc, spi4 + 0x4C, n);
    wr(soc, spi4 + 0x34, n);
    gpio_out(soc, 0xA07, false);
    for (unsigned i = 0; i < n; i++) wr(soc, spi4 + 0x10, out[i]);
    wr(soc, spi4 + 0x00, 1);
    ck_assert_int_eq(soc_run(soc, arm_cycles(soc_cpu(soc)) + 64 * n + 1000), SOC_STOP_LIMIT);
    for (unsigned i = 0; i < n; i++) in[i] = (uint8_t)rd(soc, spi4 + 0x20);
    gpio_out(soc, 0xA07, true);
}

START_TEST(test_soc_multitouch_wiring)
{
    uint32_t rom[4] = { B_SELF };
    Soc *soc = make_soc(rom, 4);
    const uint32_t atn_dat = 0x3CF00000 + 0x20 * 0x10 + 4; /* pad 0x10 DAT, pin 3 = ATN */
    ck_assert_uint_eq(rd(soc, atn_dat) >> 3 & 1, 1);      /* idle high */
    gpio_out(soc, 0xA07, true);
    gpio_out(soc, 0x606, true);
    uint8_t in[2], ack[2] = { 0x1A, 0xA1 };
    spi4_xfer(soc, ack, in, 2);
    ck_assert_uint_eq(in[0], 0x4B);
    ck_assert_uint_eq(in[1], 0xC1);
    /* Calibrate: ATN falls 65 ms after the transaction and pends GPIO
     * interrupt 0x9B (group 4 bit 27, edge, active low) -> VIC0 line 2. */
    wr(soc, 0x39700000 + 0x80 + 16, 0);          /* INTLEVEL: active when low */
    wr(soc, 0x39700000 + 0xE0 + 16, 0);          /* INTTYPE: edge */
    wr(soc, 0x39700000 + 0xC0 + 16, 1u << 27);   /* INTEN */
    uint8_t cal[2] = { 0x1F, 0x01 };
    spi4_xfer(soc, cal, in, 2);
    uint64_t t0 = arm_cycles(soc_cpu(soc));
    uint64_t due = t0 + clk_cycles_from_us(65000);
    ck_assert_int_eq(soc_run(soc, due - 2000), SOC_STOP_LIMIT);
    ck_assert_uint_eq(rd(soc, atn_dat) >> 3 & 1, 1);
    ck_assert_uint_eq(rd(soc, 0x38E00000 + 0x008) >> 2 & 1, 0); /* VIC0 RAWINTR line 2 */
    ck_assert_int_eq(soc_run(soc, due + 2000), SOC_STOP_LIMIT);
    ck_assert_uint_eq(rd(soc, atn_dat) >> 3 & 1, 0);
    ck_assert_uint_eq(rd(soc, 0x39700000 + 0xA0 + 16), 1u << 27);
    ck_assert_uint_eq(rd(soc, 0x38E00000 + 0x008) >> 2 & 1, 1);
    /* The reset line going low puts the controller back in its bootloader:
     * ATN released without an acknowledge. */
    gpio_out(soc, 0x606, false);
    ck_assert_uint_eq(rd(soc, atn_dat) >> 3 & 1, 1);
    gpio_out(soc, 0x606, true);
    spi4_xfer(soc, ack, in, 2);
    ck_assert_uint_eq(in[0] << 8 | in[1], 0x4BC1);
    soc_destroy(soc);
}
END_TEST

Suite *s5l8720_suite(void)
{
    Suite *s = suite_create("s5l8720");
    TCase *tc = tcase_create("machine");
    tcase_add_test(tc, test_soc_unmapped_load_aborts_precisely);
    tcase_add_test(tc, test_soc_timer_irq_reaches_core_on_time);
    tcase_add_test(tc, test_soc_wfi_sleeps_until_event);
    tcase_add_test(tc, test_soc_remap_puts_dram_at_zero);
    tcase_add_test(tc, test_soc_watchdog_resets_machine);
    tcase_add_test(tc, test_soc_multitouch_wiring);
    suite_add_tcase(s, tc);
    return s;
}
