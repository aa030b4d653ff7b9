/* The S5L8720 machine: memory map, device table, interrupt wiring and the
 * run loop (soc/s5l8720.h).  Addresses and IRQ numbers come from
 * s5l8720-core.md sections 2-3; the choices made where the sources disagree
 * are in docs/memory-map.md.  Devices are created here and connected only
 * through IrqLines and target interfaces; nothing here reaches into a
 * device's struct. */
#include "soc/s5l8720.h"

#include <stdlib.h>
#include <string.h>

#include "dev/aes.h"
#include "dev/chipid.h"
#include "dev/clock.h"
#include "dev/dmac.h"
#include "dev/edgeic.h"
#include "dev/gpio.h"
#include "dev/i2c.h"
#include "dev/lcd.h"
#include "dev/miu.h"
#include "dev/mipi_dsi.h"
#include "dev/multitouch.h"
#include "dev/nor.h"
#include "dev/panel.h"
#include "dev/pke.h"
#include "dev/pmu.h"
#include "dev/sha1.h"
#include "dev/spi.h"
#include "dev/stub.h"
#include "dev/sysic.h"
#include "dev/timer.h"
#include "dev/uart.h"
#include "dev/usbphy.h"
#include "dev/vic.h"
#include "dev/wdt.h"

#define SOC_MAX_DEVICES 64

/* Global interrupt numbers (VIC0 = 0-31, VIC1 = 32-63). */
enum {
    IRQ_GPIO6 = 0x00, IRQ_GPIO5 = 0x01, IRQ_GPIO4 = 0x02, IRQ_GPIO3 = 0x03,
    IRQ_TIMER = 0x07, IRQ_SPI0 = 0x09, IRQ_LCD = 0x0D, IRQ_SPI1 = 0x0A, IRQ_SPI2 = 0x0B,
    IRQ_DMAC0 = 0x10, IRQ_DMAC1 = 0x11, IRQ_I2C0 = 0x15, IRQ_I2C1 = 0x16,
    IRQ_UART0 = 0x18, IRQ_SPI3 = 0x1C, IRQ_GPIO2 = 0x1F, IRQ_GPIO1 = 0x20, IRQ_GPIO0 = 0x21,
    IRQ_WDT = 0x33, IRQ_SPI4 = 0x37,
};

static const uint8_t gpio_group_irq[7] = { IRQ_GPIO0, IRQ_GPIO1, IRQ_GPIO2, IRQ_GPIO3,
                                           IRQ_GPIO4, IRQ_GPIO5, IRQ_GPIO6 };
static const uint32_t spi_base[5] = { 0x3C300000, 0x3CE00000, 0x3D200000, 0x3DA00000, 0x3E100000 };
static const uint8_t spi_irq[5] = { IRQ_SPI0, IRQ_SPI1, IRQ_SPI2, IRQ_SPI3, IRQ_SPI4 };
static const uint32_t uart_base[4] = { 0x3CC00000, 0x3DB00000, 0x3DC00000, 0x3DD00000 };
static const uint32_t i2c_base[2] = { 0x3C600000, 0x3C900000 };

/* Blocks without a model yet (later issues): they answer so firmware that
 * probes them does not take an abort, and every register touched is logged
 * once (-d unimp).  ram_like: the sheets say firmware reads back what it
 * wrote ([Q] maps these as plain RAM). */
static const struct { const char *name; uint32_t base, size; bool ram_like; } stub_table[] = {
    { "usb-otg", 0x38400000, 0x10000, false },
    { "amc", 0x38500000, 0x1000, false },
    { "fmss", 0x38A00000, 0x1000, false },
    { "sdio", 0x38D00000, 0x1000, false },   { "h264", 0x38F00000, 0x4000, true },
    { "scaler", 0x39000000, 0x1000, false }, { "tvout-mixer2", 0x39100000, 0x1000, false },
    { "tvout-mixer1", 0x39200000, 0x1000, false }, { "tvout-sdo", 0x39300000, 0x1000, false },
    { "mbx2", 0x39400000, 0x1000, false },   { "mpvd", 0x39600000, 0x1000, false },
    { "mbx1", 0x3B000000, 0x1000, false },   { "prng", 0x3C100000, 0x1000, false },
    { "i2s0", 0x3CA00000, 0x1000, false },
    { "swi", 0x3DE00000, 0x1000, true },
};
#define NSTUBS (sizeof stub_table / sizeof stub_table[0])

typedef struct SocDevice {
    const DeviceOps *ops;
    void *dev;
} SocDevice;

struct Soc {
    Arm11 *cpu;
    Scheduler *sched;
    Bus *bus;
    Log *log;
    DevEnv env;
    uint8_t *rom, *sram, *dram;

    SocDevice devices[SOC_MAX_DEVICES];
    unsigned ndevices;
    VicDev *vic[2];
    GpioDev *gpio;
    PmuDev *pmu;
    NorDev *nor;
    LcdDev *lcd;
    PanelDev *panel;
    MtDev *touch;
    I2cDev *i2c[2];

    bool has_rom;            /* a boot ROM image was loaded */
    bool has_entry;
    uint32_t entry;
    bool entry_thumb;
    bool dram_at_zero;
    bool reset_pending, poweroff, exit_on_reset;
    unsigned resets;
    uint64_t events;
    bool irq_level, fiq_level;
};

/* --- wiring helpers --------------------------------------------------- */

static void add_device(Soc *soc, const DeviceOps *ops, void *dev, uint32_t base, uint32_t size)
{
    if (!dev) abort(); /* out of memory while building the machine */
    bus_map_device(soc->bus, base, size, ops, dev, 0);
    if (soc->ndevices >= SOC_MAX_DEVICES) abort();
    soc->devices[soc->ndevices++] = (SocDevice){ ops, dev };
}

static IrqLine irq_line(Soc *soc, unsigned irq)
{
    return (IrqLine){ .set = vic_set_input, .sink = soc->vic[irq / 32], .n = irq % 32 };
}

static void cpu_irq_input(void *opaque, unsigned n, bool level)
{
    Soc *soc = opaque;
    if (n == 0) {
        if (level != soc->irq_level) log_msg(soc->log, LOG_INT, "cpu", "nIRQ %s", level ? "asserted" : "released");
        soc->irq_level = level;
        arm_set_irq(soc->cpu, level);
    } else {
        if (level != soc->fiq_level) log_msg(soc->log, LOG_INT, "cpu", "nFIQ %s", level ? "asserted" : "released");
        soc->fiq_level = level;
        arm_set_fiq(soc->cpu, level);
    }
}

static void reset_request(void *opaque, unsigned n, bool level)
{
    (void)n;
    Soc *soc = opaque;
    if (!level) return;
    log_msg(soc->log, LOG_DEV, "soc", "watchdog reset");
    soc->reset_pending = true;
    arm_request_exit(soc->cpu, 0); /* finish the current instruction, then reset */
}

static void poweroff_request(void *opaque, unsigned n, bool level)
{
    (void)n;
    Soc *soc = opaque;
    if (!level) return;
    log_msg(soc->log, LOG_DEV, "soc", "PMU power off");
    soc->poweroff = true;
    arm_request_exit(soc->cpu, 0);
}

static void map_zero(Soc *soc, bool dram)
{
    bus_unmap(soc->bus, 0, SOC_DRAM_BASE);
    if (dram)
        bus_map_ram(soc->bus, 0, SOC_DRAM_SIZE, soc->dram, "dram-alias");
    else
        bus_map_rom(soc->bus, SOC_ROM_BASE, SOC_ROM_SIZE, soc->rom, "rom");
    soc->dram_at_zero = dram;
}

/* Clock block 1 +0xC: what appears at physical address 0. */
static void remap_request(void *opaque, unsigned n, bool dram_at_zero)
{
    (void)n;
    Soc *soc = opaque;
    if (dram_at_zero == soc->dram_at_zero) return;
    log_msg(soc->log, LOG_DEV, "soc", "address 0 now maps %s", dram_at_zero ? "DRAM" : "the boot ROM");
    map_zero(soc, dram_at_zero);
    /* Cached translations and decoded code of the old mapping are stale; the
     * run loop refetches after this instruction. */
    arm_flush_tlb(soc->cpu);
    arm_invalidate_code(soc->cpu, 0, SOC_DRAM_BASE);
    arm_request_exit(soc->cpu, 0);
}

static uint64_t cpu_clock(void *opaque) { return arm_cycles(((Soc *)opaque)->cpu); }
static void sched_earlier(void *opaque, uint64_t when) { arm_request_exit(((Soc *)opaque)->cpu, when); }
static uint32_t cpu_pc(void *opaque) { return arm_current_pc(((Soc *)opaque)->cpu); }
static void code_written(void *opaque, uint32_t pa, uint32_t len) { arm_invalidate_code(opaque, pa, len); }

/* --- lifecycle --------------------------------------------------------- */

/* Multitouch wiring (docs/devices/multitouch.md, "Wiring"): the chip select
 * is openiBoot's SPI4 CS0; the ATN input and the reset output of the 2G are
 * not in any source read, so these are the S5L8900 boards' Zephyr2 values
 * (ATN = GPIO interrupt 0x9B, reset = GPIO 0x606).  One place to change. */
#define MT_CS_GPIO 0xA07u
#define MT_ATN_GPIO 0x1003u /* GPIO interrupt (0x10 + 3) * 8 + 3 = 0x9B: group 4, VIC line 2 */
#define MT_RESET_GPIO 0x606u

/* The ATN output drives a GPIO input pin. */
static void touch_atn_pin(void *opaque, unsigned n, bool level)
{
    (void)n;
    gpio_set_input(((Soc *)opaque)->gpio, MT_ATN_GPIO, level);
}

static const unsigned button_gpio[BUTTON_COUNT] = { 0xC01, 0xC02, 0x902, 0xC00 };
/* Home and power read 1 while pressed; the volume keys read 0 (docs/devices/gpio.md). */
static const bool button_active_high[BUTTON_COUNT] = { true, true, false, false };

Soc *soc_create(const SocConfig *cfg, char *err, size_t errlen)
{
    snprintf(err, errlen, "out of memory building the machine");
    Soc *soc = calloc(1, sizeof *soc);
    if (!soc) return NULL;
    soc->rom = calloc(1, SOC_ROM_SIZE);
    soc->sram = calloc(1, SOC_SRAM_SIZE);
    soc->dram = calloc(1, SOC_DRAM_SIZE);
    soc->log = log_create(cfg->log_out, cfg->log_mask);
    soc->sched = sched_create();
    soc->bus = soc->log ? bus_create(soc->log) : NULL;
    if (!soc->rom || !soc->sram || !soc->dram || !soc->log || !soc->sched || !soc->bus) {
        soc_destroy(soc);
        return NULL;
    }
    ArmBusIf cpu_bus = bus_cpu_interface(soc->bus);
    soc->cpu = arm_create(&cpu_bus);
    if (!soc->cpu) {
        soc_destroy(soc);
        return NULL;
    }
    Bus *bus = soc->bus;
    soc->env = (DevEnv){ .sched = soc->sched, .bus = bus, .log = soc->log };
    const DevEnv *env = &soc->env;
    sched_set_clock(soc->sched, cpu_clock, soc);
    sched_set_notify(soc->sched, sched_earlier, soc);
    log_set_pc_source(soc->log, cpu_pc, soc);
    bus_set_code_hook(bus, code_written, soc->cpu);

    /* Memory */
    map_zero(soc, false);
    bus_map_ram(bus, SOC_DRAM_BASE, SOC_DRAM_SIZE, soc->dram, "dram");
    bus_map_ram(bus, SOC_SRAM_BASE, SOC_SRAM_SIZE, soc->sram, "sram");

    /* The peripheral port (0x38000000-0x3FFFFFFF): addresses no block claims
     * read as zero and ignore writes, logged once each (-d unimp), as the
     * core sheet (2.2) recommends - firmware probes a few undocumented
     * registers there.  The devices below take their windows out of it.
     * Outside the port and the memories, an access is a bus error. */
    add_device(soc, &stub_ops, stub_create(env, "periph-port", false, 0x08000000), 0x38000000, 0x08000000);

    /* Interrupt controllers: VIC1 daisy-chained into VIC0, VIC0 to the core. */
    for (unsigned i = 0; i < 2; i++) {
        soc->vic[i] = vic_create(env, i ? "vic1" : "vic0");
        add_device(soc, &vic_ops, soc->vic[i], 0x38E00000 + 0x1000 * i, 0x1000);
    }
    vic_chain(soc->vic[0], soc->vic[1]);
    vic_connect(soc->vic[0], (IrqLine){ cpu_irq_input, soc, 0 }, (IrqLine){ cpu_irq_input, soc, 1 });
    soc->cpu->vic_port = vic_port_vector;
    soc->cpu->vic_port_opaque = soc->vic[0];
    add_device(soc, &edgeic_ops, edgeic_create(env), 0x38E02000, 0x1000);

    SysicDev *sysic = sysic_create(env);
    add_device(soc, &sysic_ops, sysic, 0x39700000, 0x1000);
    for (unsigned g = 0; g < 7; g++) sysic_connect_group(sysic, g, irq_line(soc, gpio_group_irq[g]));
    soc->gpio = gpio_create(env);
    add_device(soc, &gpio_ops, soc->gpio, 0x3CF00000, 0x1000);
    gpio_connect_irq(soc->gpio, (IrqLine){ sysic_gpio_input, sysic, 0 });
    for (unsigned b = 0; b < BUTTON_COUNT; b++) gpio_set_input(soc->gpio, button_gpio[b], !button_active_high[b]);

    /* Clocks, power, timers */
    ClockDev *clk0 = clock_create(env, 0), *clk1 = clock_create(env, 1);
    add_device(soc, &clock_ops, clk0, 0x3C500000, 0x1000);
    add_device(soc, &clock_ops, clk1, 0x3E000000, 0x1000);
    clock_connect_remap(clk1, (IrqLine){ remap_request, soc, 0 });
    TimerDev *timer = timer_dev_create(env);
    add_device(soc, &timer_ops, timer, 0x3C700000, 0x1000);
    bus_map_device(bus, 0x3C710000, 0x1000, &timer_ops, timer, 0x10000); /* status alias, core sheet 5.3 */
    timer_connect_irq(timer, irq_line(soc, IRQ_TIMER));
    WdtDev *wdt = wdt_create(env);
    add_device(soc, &wdt_ops, wdt, 0x3C800000, 0x1000);
    wdt_connect(wdt, irq_line(soc, IRQ_WDT), (IrqLine){ reset_request, soc, 0 });
    ChipIdConfig fuses = { .production = cfg->production_fuse, .secure = cfg->secure_fuse, .ecid = 0 };
    add_device(soc, &chipid_ops, chipid_create(env, &fuses), 0x3D100000, 0x1000);
    add_device(soc, &miu_ops, miu_create(env), 0x3D700000, 0x1000);
    add_device(soc, &usbphy_ops, usbphy_create(env), 0x3C400000, 0x1000);

    /* DMA */
    DmacDev *dmac[2];
    for (unsigned i = 0; i < 2; i++) {
        DmacDev *d = dmac[i] = dmac_create(env, i);
        add_device(soc, &dmac_ops, d, i ? 0x38700000 : 0x38200000, 0x1000);
        dmac_connect_irq(d, irq_line(soc, i ? IRQ_DMAC1 : IRQ_DMAC0));
        if (i) bus_map_device(bus, 0x39900000, 0x1000, &dmac_ops, d, 0); /* iBoot's window for DMAC1 */
    }

    /* Serial buses */
    for (unsigned i = 0; i < 4; i++) {
        UartDev *u = uart_create(env, i);
        add_device(soc, &uart_ops, u, uart_base[i], 0x1000);
        uart_connect_irq(u, irq_line(soc, IRQ_UART0 + i));
        uart_set_backend(u, cfg->serial[i]);
        /* Receive requests of UART0/1 are DMAC0 lines 7 and 9 (device tree, core sheet 17);
         * no transmit request line is known. */
        if (i < 2) uart_connect_dma(u, (IrqLine){ 0 }, (IrqLine){ dmac_request, dmac[0], i ? 9 : 7 });
    }
    /* The NOR flash answers on SPI0 (chip select GPIO 0x000: boot ROM, iBoot)
     * and SPI1 (GPIO 0x406: the kernel, openiBoot): one chip, two buses. */
    soc->nor = nor_create(env, cfg->nor_path, cfg->nor_create, err, errlen);
    if (!soc->nor) {
        soc_destroy(soc);
        return NULL;
    }
    gpio_connect_output(soc->gpio, 0x000, (IrqLine){ nor_chip_select, soc->nor, 0 });
    gpio_connect_output(soc->gpio, 0x406, (IrqLine){ nor_chip_select, soc->nor, 1 });
    for (unsigned i = 0; i < 5; i++) {
        SpiDev *s = spi_create(env, i);
        add_device(soc, &spi_ops, s, spi_base[i], 0x1000);
        spi_connect_irq(s, irq_line(soc, spi_irq[i]));
        if (i < 2) spi_attach(s, nor_spi_target(soc->nor, i));
        if (i == 4) {
            soc->touch = mt_create(env);
            if (!soc->touch) abort();
            spi_attach(s, mt_spi_target(soc->touch));
            mt_connect_atn(soc->touch, (IrqLine){ touch_atn_pin, soc, 0 });
            gpio_connect_output(soc->gpio, MT_CS_GPIO, (IrqLine){ mt_chip_select, soc->touch, 0 });
            gpio_connect_output(soc->gpio, MT_RESET_GPIO, (IrqLine){ mt_reset_line, soc->touch, 0 });
        }
    }
    for (unsigned i = 0; i < 2; i++) {
        soc->i2c[i] = i2c_create(env, i);
        add_device(soc, &i2c_ops, soc->i2c[i], i2c_base[i], 0x1000);
        i2c_connect_irq(soc->i2c[i], irq_line(soc, i ? IRQ_I2C1 : IRQ_I2C0));
    }
    PmuConfig pmu_cfg = { .rtc_base = cfg->rtc_base, .usb_power = false };
    soc->pmu = pmu_create(env, &pmu_cfg);
    if (!soc->pmu) abort();
    i2c_attach(soc->i2c[0], 0x73, pmu_i2c_target(soc->pmu));
    pmu_connect_poweroff(soc->pmu, (IrqLine){ poweroff_request, soc, 0 });

    /* Display: the pipe scans the framebuffer out at 60 Hz; the Pinot panel
     * sits behind the MIPI-DSI master (no interrupt of the DSIM is wired). */
    soc->lcd = lcd_create(env);
    add_device(soc, &lcd_ops, soc->lcd, 0x38900000, 0x10000);
    lcd_connect_irq(soc->lcd, irq_line(soc, IRQ_LCD));
    soc->panel = panel_create(env);
    if (!soc->panel) abort();
    MipiDsiDev *dsi = mipi_dsi_create(env);
    add_device(soc, &mipi_dsi_ops, dsi, 0x3D800000, 0x10000);
    mipi_dsi_attach(dsi, panel_dsi(soc->panel));
    gpio_connect_output(soc->gpio, 0x107, (IrqLine){ panel_reset_line, soc->panel, 0 }); /* sheet 5.4 */

    /* Crypto engines (polled, no interrupt known) */
    add_device(soc, &aes_ops, aes_create(env, &cfg->keys), 0x38C00000, 0x1000);
    add_device(soc, &sha1_ops, sha1_create(env), 0x38000000, 0x1000);
    add_device(soc, &pke_ops, pke_create(env), 0x3D000000, 0x1000);

    for (unsigned i = 0; i < NSTUBS; i++)
        add_device(soc, &stub_ops,
                   stub_create(env, stub_table[i].name, stub_table[i].ram_like, stub_table[i].size),
                   stub_table[i].base, stub_table[i].size);

    soc_reset(soc, true);
    return soc;
}

void soc_destroy(Soc *soc)
{
    if (!soc) return;
    for (unsigned i = 0; i < soc->ndevices; i++)
        if (soc->devices[i].ops->destroy) soc->devices[i].ops->destroy(soc->devices[i].dev);
    if (soc->pmu) pmu_destroy(soc->pmu);
    if (soc->nor) nor_destroy(soc->nor);
    if (soc->panel) panel_destroy(soc->panel);
    if (soc->touch) mt_destroy(soc->touch);
    arm_destroy(soc->cpu);
    bus_destroy(soc->bus);
    sched_destroy(soc->sched);
    log_destroy(soc->log);
    free(soc->rom);
    free(soc->sram);
    free(soc->dram);
    free(soc);
}

bool soc_flush(Soc *soc, char *err, size_t errlen) { return nor_flush(soc->nor, err, errlen); }

bool soc_display_render(Soc *soc, uint32_t *rgba)
{
    if (!panel_display_on(soc->panel) || !lcd_render(soc->lcd, rgba, SOC_SCREEN_W, SOC_SCREEN_H))
        return false;
    /* The picture is only as bright as the backlight behind it: linear in the
     * PMU's level, 0xF6 (the largest value firmware writes) = full. */
    unsigned level = pmu_backlight_level(soc->pmu);
    if (level >= SOC_BACKLIGHT_FULL) return true;
    for (unsigned i = 0; i < SOC_SCREEN_W * SOC_SCREEN_H; i++) {
        uint8_t *p = (uint8_t *)&rgba[i];
        for (unsigned c = 0; c < 3; c++) p[c] = (uint8_t)((p[c] * level + SOC_BACKLIGHT_FULL / 2) / SOC_BACKLIGHT_FULL);
    }
    return true;
}

uint64_t soc_display_frames(const Soc *soc) { return lcd_frames(soc->lcd); }

Arm11 *soc_cpu(Soc *soc) { return soc->cpu; }
Bus *soc_bus(Soc *soc) { return soc->bus; }
Scheduler *soc_sched(Soc *soc) { return soc->sched; }
Log *soc_log(Soc *soc) { return soc->log; }
unsigned soc_reset_count(const Soc *soc) { return soc->resets; }
uint64_t soc_events_fired(const Soc *soc) { return soc->events; }
void soc_set_exit_on_reset(Soc *soc, bool on) { soc->exit_on_reset = on; }

static void start_cpu(Soc *soc)
{
    Arm11 *cpu = soc->cpu;
    if (soc->has_entry && !soc->has_rom) {
        /* As a boot loader hands over: SVC, interrupts masked, MMU off. */
        cpu->cpsr = MODE_SVC | PSR_I | PSR_F | PSR_A | (soc->entry_thumb ? PSR_T : 0);
        cpu->r[15] = soc->entry;
    }
    arm_flush_tlb(cpu);
}

void soc_reset(Soc *soc, bool power_on)
{
    (void)power_on; /* the PMU keeps its state across a SoC reset; nothing else differs yet */
    for (unsigned id = 0; id < EV_COUNT; id++) sched_cancel(soc->sched, (EventId)id);
    map_zero(soc, false);
    for (unsigned i = 0; i < soc->ndevices; i++)
        if (soc->devices[i].ops->reset) soc->devices[i].ops->reset(soc->devices[i].dev);
    mt_reset(soc->touch);
    arm_reset(soc->cpu);
    arm_set_irq(soc->cpu, soc->irq_level);
    arm_set_fiq(soc->cpu, soc->fiq_level);
    start_cpu(soc);
}

void soc_set_entry(Soc *soc, uint32_t entry, bool thumb)
{
    soc->has_entry = true;
    soc->entry = entry;
    soc->entry_thumb = thumb;
    Arm11 *cpu = soc->cpu;
    cpu->cpsr = MODE_SVC | PSR_I | PSR_F | PSR_A | (thumb ? PSR_T : 0);
    cpu->r[15] = entry;
    arm_flush_tlb(cpu);
}

bool soc_load_rom(Soc *soc, const void *data, size_t len, char *err, size_t errlen)
{
    if (len > SOC_ROM_SIZE) {
        snprintf(err, errlen, "boot ROM image is %zu bytes; the ROM window holds at most %u", len,
                 SOC_ROM_SIZE);
        return false;
    }
    memset(soc->rom, 0, SOC_ROM_SIZE);
    memcpy(soc->rom, data, len);
    arm_invalidate_code(soc->cpu, SOC_ROM_BASE, SOC_ROM_SIZE);
    soc->has_rom = true;
    return true;
}

bool soc_load_phys(Soc *soc, uint32_t pa, const void *data, size_t len, char *err, size_t errlen)
{
    uint8_t *dst = len <= UINT32_MAX ? bus_host_ptr(soc->bus, pa, (uint32_t)len, false) : NULL;
    if (!dst || len == 0) {
        snprintf(err, errlen, "%zu bytes at 0x%08x do not fit in one memory region (ROM 0x%08x, SRAM "
                 "0x%08x, DRAM 0x%08x-0x%08x)", len, pa, SOC_ROM_BASE, SOC_SRAM_BASE, SOC_DRAM_BASE,
                 SOC_DRAM_BASE + SOC_DRAM_SIZE - 1);
        return false;
    }
    memcpy(dst, data, len);
    arm_invalidate_code(soc->cpu, pa, (uint32_t)len);
    return true;
}

void soc_set_button(Soc *soc, SocButton b, bool pressed)
{
    if ((unsigned)b >= BUTTON_COUNT) return;
    gpio_set_input(soc->gpio, button_gpio[b], pressed == button_active_high[b]);
}

void soc_set_fingers(Soc *soc, const MtFinger *fingers, unsigned n) { mt_set_fingers(soc->touch, fingers, n); }

/* Could anything ever end a WFI?  Only the VICs drive nIRQ/nFIQ, and they
 * only for enabled sources; with none enabled no event can wake the core
 * (the display's frame timer keeps running all the same). */
static bool wake_possible(Soc *soc)
{
    if (sched_next(soc->sched) == SCHED_NEVER) return false;
    for (unsigned i = 0; i < 2; i++)
        if (vic_ops.read(soc->vic[i], VIC_INTENABLE, 4) || vic_ops.read(soc->vic[i], VIC_SOFTINT, 4))
            return true;
    return false;
}

SocStop soc_run(Soc *soc, uint64_t until)
{
    Arm11 *cpu = soc->cpu;
    for (;;) {
        if (soc->poweroff) return SOC_STOP_POWEROFF;
        if (soc->reset_pending) {
            soc->reset_pending = false;
            soc->resets++;
            soc_reset(soc, false);
            if (soc->exit_on_reset) return SOC_STOP_RESET;
        }
        uint64_t now = cpu->cycles;
        uint64_t next = sched_next(soc->sched);
        if (next <= now) {
            soc->events += sched_run_due(soc->sched, now);
            continue;
        }
        if (now >= until) return SOC_STOP_LIMIT;
        if (cpu->halted && !cpu->irq_line && !cpu->fiq_line && !wake_possible(soc)) return SOC_STOP_DEADLOCK;
        arm_run(cpu, next < until ? next : until);
        if (cpu->stop) return SOC_STOP_CPU;
        /* Asleep with nothing queued that could ever raise an interrupt. */
        if (cpu->halted && !cpu->irq_line && !cpu->fiq_line && !wake_possible(soc)) return SOC_STOP_DEADLOCK;
    }
}
