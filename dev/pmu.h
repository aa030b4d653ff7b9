/* Dialog D1759 power-management unit of the iPod touch 2G, an I2C target at
 * I2C0 address 0x73 (8-bit 0xE6 write / 0xE7 read).
 *
 * Sources: shared sheet s5l8720-core.md section 12 (openiBoot
 * plat-s5l8720/pmu.c and hardware/pmu.h, qemu-ios PMU model).  Details:
 * docs/devices/pmu.md.
 *
 * Modelled: the register-pointer protocol (the first byte of a write
 * transaction sets the pointer, later bytes write successive registers, a
 * read returns bytes from the pointer; the pointer auto-increments and wraps
 * 0xFF -> 0x00); a 256-byte register file with
 *   0x02 ADCSTS (bit 1 done, cleared by reading), 0x40 ADCCON (write with
 *        bit 4 starts a conversion of input mux [3:0]), 0x41/0x42 ADCOUT1/2
 *        (10-bit result = OUT2 << 2 | OUT1 & 3) after PMU_ADC_CONV_US;
 *   0x04 STATUS_A bit 3 = USB power present, 0x06 bit 3 FireWire (never);
 *   0x0A OOCSHDWN: writing GOSTBY (bit 0) pulses the power-off line;
 *   0x30/0x31 backlight level/control (storage);
 *   0x4B = 0x01 and 0x57 = 0x03, fixed as qemu-ios returns them;
 *   0x5C-0x5F RTC seconds, little-endian, = base + sched_now / CPU_HZ,
 *        latched at the START of every read transaction; writing a byte
 *        moves the counter (the base absorbs the difference);
 *   0x64-0x76 RTC offset and GPMEM scratch, plain RW, incl. 0x69 (boot
 *        count / panic flag, 0) and 0x6D/0x6E (battery mV, low/high byte,
 *        initialised to PMU_BATTERY_MV).
 * Every other register is plain RW storage, 0 at creation.
 *
 * The PMU is battery-powered and sits off the memory bus: it has no
 * DeviceOps and no reset; only pmu_create initialises its registers, so
 * GPMEM, the RTC and the backlight survive a SoC (watchdog) reset.  The ADC
 * needs no event: its completion is evaluated against scheduler time when a
 * register is read.
 *
 * Not modelled: interrupts to the SoC, regulators, the charger state
 * machine, BCD calendar registers, ADC averaging / the 0x20 pre-bias bit. */
#ifndef IPODSIM_DEV_PMU_H
#define IPODSIM_DEV_PMU_H

#include <stdbool.h>
#include <stdint.h>

#include "dev/i2c.h"
#include "soc/device.h"

struct StateIO;

#define PMU_I2C_ADDR 0x73

enum PmuReg {
    PMU_ADCSTS = 0x02,
    PMU_STATUS_A = 0x04,
    PMU_STATUS_FW = 0x06,
    PMU_OOCSHDWN = 0x0A,
    PMU_BACKLIGHT_LEVEL = 0x30,
    PMU_BACKLIGHT_CTRL = 0x31,
    PMU_ADCCON = 0x40,
    PMU_ADCOUT1 = 0x41,
    PMU_ADCOUT2 = 0x42,
    PMU_MBCS1 = 0x4B,
    PMU_ADCC1 = 0x57,
    PMU_RTC0 = 0x5C, /* 0x5C..0x5F, least significant byte first */
    PMU_RTC3 = 0x5F,
    PMU_RTC_OFFSET = 0x64,
    PMU_GPMEM0 = 0x67, /* GPMEM n at 0x67 + n, n = 0..15 */
    PMU_BOOTFLAG = 0x69,
    PMU_VOLTAGE_LO = 0x6D,
    PMU_VOLTAGE_HI = 0x6E,
    PMU_SCRATCH_END = 0x76,
};

#define PMU_ADCSTS_DONE (1u << 1)
#define PMU_STATUS_A_USB (1u << 3)
#define PMU_OOCSHDWN_GOSTBY (1u << 0)
#define PMU_ADCCON_START (1u << 4)
#define PMU_ADCCON_MUX_MASK 0xFu
#define PMU_BACKLIGHT_ON (1u << 0)

#define PMU_ADC_CONV_US 1000u  /* conversion time (choice; [O] times out at 40 ms) */
#define PMU_BATTERY_MV 3900u
#define PMU_ADC_INPUTS 16

typedef struct PmuConfig {
    uint64_t rtc_base;   /* RTC counter value at scheduler time 0 (Unix seconds) */
    bool usb_power;      /* USB cable present (STATUS_A bit 3) */
} PmuConfig;

typedef struct PmuDev PmuDev;

PmuDev *pmu_create(const DevEnv *env, const PmuConfig *cfg);
void pmu_destroy(PmuDev *p);
/* The I2C target to attach at PMU_I2C_ADDR on I2C0 (lives as long as p). */
const I2cTarget *pmu_i2c_target(PmuDev *p);
/* Pulsed when the firmware writes OOCSHDWN.GOSTBY. */
void pmu_connect_poweroff(PmuDev *p, IrqLine line);
/* Backlight level 0x30 when the control register's on bit is set, else 0. */
uint8_t pmu_backlight_level(const PmuDev *p);
/* Runtime configuration: cable plugged/unplugged, and the 10-bit code an
 * ADC input converts to (defaults in docs/devices/pmu.md). */
void pmu_set_usb_power(PmuDev *p, bool present);
void pmu_set_adc_input(PmuDev *p, unsigned mux, uint16_t code);
/* Save or load everything (tag "PMU ").  Not a DeviceOps op. */
void pmu_state(PmuDev *p, struct StateIO *io);

#endif
