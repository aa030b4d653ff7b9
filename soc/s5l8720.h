/* The S5L8720 machine (iPod Touch 2G): the ARM1176 core, the physical memory
 * map, every device at its base address and IRQ, the scheduler that drives
 * them, and the run loop.  docs/soc.md and docs/memory-map.md describe it. */
#ifndef IPODSIM_SOC_S5L8720_H
#define IPODSIM_SOC_S5L8720_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cpu/arm11.h"
#include "dev/aes.h"
#include "dev/multitouch.h"
#include "dev/uart.h"
#include "soc/bus.h"
#include "soc/log.h"
#include "soc/sched.h"

#define SOC_ROM_BASE 0x00000000u
#define SOC_ROM_SIZE 0x00020000u     /* 128 KiB window; the SecureROM is smaller */
#define SOC_DRAM_BASE 0x08000000u
#define SOC_DRAM_SIZE 0x08000000u    /* 128 MiB */
#define SOC_SRAM_BASE 0x22000000u
#define SOC_SRAM_SIZE 0x00100000u    /* 1 MiB, see docs/memory-map.md */

/* Buttons (GPIO inputs, docs/devices/gpio.md). */
typedef enum SocButton { BUTTON_HOME, BUTTON_POWER, BUTTON_VOLUME_UP, BUTTON_VOLUME_DOWN, BUTTON_COUNT } SocButton;

typedef struct SocConfig {
    FILE *log_out;                 /* NULL: stderr */
    unsigned log_mask;             /* LOG_* categories */
    const UartBackend *serial[4];  /* UART0..3 backends; NULL discards output */
    uint64_t rtc_base;             /* PMU real-time clock at power-on, seconds since 1970 */
    bool production_fuse, secure_fuse;
    const char *nor_path;          /* NOR flash image (1 MiB); NULL: an erased flash that is not kept */
    bool nor_create;               /* make an erased image when nor_path does not exist */
    AesKeys keys;                  /* the device's GID and UID keys (never Apple's: docs/boot.md) */
} SocConfig;

/* Why soc_run returned. */
typedef enum SocStop {
    SOC_RUNNING = 0,
    SOC_STOP_LIMIT,        /* reached the requested cycle */
    SOC_STOP_POWEROFF,     /* the PMU was told to power off */
    SOC_STOP_CPU,          /* the CPU stopped (empty vector, debugger, hook): see cpu->stop_reason */
    SOC_STOP_DEADLOCK,     /* WFI with interrupts that can never come (no event queued) */
    SOC_STOP_RESET,        /* a watchdog reset happened and the config asked to stop on reset */
} SocStop;

typedef struct Soc Soc;

/* Build the machine (devices at reset, CPU at the reset vector).  NULL with
 * a one-line reason in err (NOR image unusable, out of memory). */
Soc *soc_create(const SocConfig *cfg, char *err, size_t errlen);
/* Write the NOR image out now (also done by soc_destroy).  False with a reason. */
bool soc_flush(Soc *soc, char *err, size_t errlen);
void soc_destroy(Soc *soc);

Arm11 *soc_cpu(Soc *soc);
Bus *soc_bus(Soc *soc);
Scheduler *soc_sched(Soc *soc);
Log *soc_log(Soc *soc);

/* Copy a boot ROM image into the ROM window.  False (reason in err) when it
 * does not fit. */
bool soc_load_rom(Soc *soc, const void *data, size_t len, char *err, size_t errlen);
/* Place bytes in physical memory (RAM or ROM), e.g. --load FILE@ADDR.  False
 * when the range is not wholly inside one RAM/ROM region. */
bool soc_load_phys(Soc *soc, uint32_t pa, const void *data, size_t len, char *err, size_t errlen);
/* Start at `entry` instead of the reset vector, in SVC mode with IRQ/FIQ
 * masked, as a boot loader hands over (--entry).  Also used after a
 * watchdog reset when no boot ROM was given. */
void soc_set_entry(Soc *soc, uint32_t entry, bool thumb);
/* Stop soc_run with SOC_STOP_RESET when the watchdog resets the machine. */
void soc_set_exit_on_reset(Soc *soc, bool on);

/* Full machine reset (power-on: also the PMU; otherwise as the watchdog does). */
void soc_reset(Soc *soc, bool power_on);

/* Run until the emulated cycle count reaches `until` or the machine stops. */
SocStop soc_run(Soc *soc, uint64_t until);

/* The screen: 320x480, RGBA8888 (bytes R,G,B,A).  soc_display_render
 * copies what the display pipe scans out, dimmed by the backlight; false
 * (and nothing written) when the panel or the pipe is off. */
#define SOC_SCREEN_W 320
#define SOC_SCREEN_H 480
bool soc_display_render(Soc *soc, uint32_t *rgba);
/* Pixels are scaled by the PMU's backlight level (0 = off = black) over this. */
#define SOC_BACKLIGHT_FULL 0xF6u
uint64_t soc_display_frames(const Soc *soc);

/* External inputs. */
void soc_set_button(Soc *soc, SocButton b, bool pressed);
/* Fingers on the touch screen, in panel pixels (MtFinger, dev/multitouch.h);
 * finger i is contact i + 1, slots >= n are lifted. */
void soc_set_fingers(Soc *soc, const MtFinger *fingers, unsigned n);

/* Counters for --stats and tests. */
unsigned soc_reset_count(const Soc *soc);
uint64_t soc_events_fired(const Soc *soc);

#endif
