/* S5L8720 SYSIC - system controller at 0x39700000: power domains and the
 * GPIO interrupt controller (sheet s5l8720-core.md sections 7.1-7.3 and 16,
 * s5l8720-storage-display-io.md section 9.3; docs/devices/sysic.md).
 *
 * Power domains: POWER_ONCTRL / POWER_OFFCTRL set / clear bits of the
 * requested state (read back at POWER_SETSTATE, which may also be written
 * whole); POWER_STATE, the state the domains are actually in, follows the
 * request SYSIC_POWER_SETTLE_US later through event EV_SYSIC_POWER.  Firmware
 * waits with `while ((SETSTATE & m) != (STATE & m))`.  A new request before
 * the previous one settled restarts the latency.
 *
 * GPIO-IC start-up handshake (7.3): writing 0x6C with bit 0 set is the
 * request; the status bit 0 of 0x7C (and of the halfword at 0x7A, i.e. bit
 * 16 of the word at 0x78) rises SYSIC_POWER_SETTLE_US later and stays set
 * until reset.
 *
 * GPIO interrupt controller (7.2): 7 groups of 32 sources (interrupt number i
 * = group i/32, bit i%32).  A source is active while its input equals its
 * INTLEVEL bit.  Edge type (INTTYPE 0) latches INTSTAT when the source
 * becomes active through an input change, whether or not it is enabled (the
 * firmware clears stale bits before enabling).  Level type (INTTYPE 1)
 * pends whenever it is active and enabled, so acknowledging a still-active
 * source re-pends it at once; a disabled level source never re-latches.
 * Writes of INTLEVEL (auto-flip) are not edges.  Group g's line is
 * (INTSTAT & INTEN) != 0.
 *
 * POWER_ID reset: bits [31:24] = power epoch 4, which openiBoot derives from
 * CHIPINFO 0x87200005: field [10:4] = 0, not > 3, so epoch 4.
 *
 * Not modelled: what the power domains switch (no device is gated by them),
 * CONFIG registers beyond storage.  Unknown offsets read 0 (logged).
 * Sub-word reads return bytes of the word; sub-word writes are logged and
 * ignored. */
#ifndef IPODSIM_DEV_SYSIC_H
#define IPODSIM_DEV_SYSIC_H

#include <stdbool.h>
#include <stdint.h>

#include "soc/device.h"

#define SYSIC_GROUPS 7
#define SYSIC_GPIO_IRQS (SYSIC_GROUPS * 32)
#define SYSIC_POWER_SETTLE_US 2
#define SYSIC_POWER_ID_RESET 0x04000000u
#define SYSIC_CONFIG0_RESET 0x01021002u

enum {
    SYSIC_POWER_CONFIG0 = 0x00,
    SYSIC_POWER_SETSTATE = 0x08,
    SYSIC_POWER_ONCTRL = 0x0C,
    SYSIC_POWER_OFFCTRL = 0x10,
    SYSIC_POWER_STATE = 0x14,
    SYSIC_POWER_CONFIG1 = 0x20,
    SYSIC_POWER_ID = 0x44,
    SYSIC_POWER_CONFIG2 = 0x6C, /* GPIO-IC clock control / handshake request */
    SYSIC_GPIOIC_SETUP = 0x70,
    SYSIC_POWER_CONFIG3 = 0x74,
    SYSIC_STATUS78 = 0x78,      /* bit 16 = handshake done (halfword 0x7A bit 0) */
    SYSIC_STATUS7C = 0x7C,      /* bit 0 = handshake done */
    SYSIC_INTLEVEL0 = 0x80,
    SYSIC_INTSTAT0 = 0xA0,
    SYSIC_INTEN0 = 0xC0,
    SYSIC_INTTYPE0 = 0xE0,
};

typedef struct SysicDev {
    Scheduler *sched;
    Log *log;
    uint32_t config0, config1, config2, gpioic_setup, config3;
    uint32_t power_id;
    uint32_t power_req;     /* POWER_SETSTATE: requested domains */
    uint32_t power_state;   /* POWER_STATE: settled domains */
    uint64_t power_due;     /* when power_state takes power_req (SCHED_NEVER: settled) */
    uint64_t ready_due;     /* when the handshake status rises (SCHED_NEVER: not requested) */
    bool gpioic_ready;
    uint32_t level[SYSIC_GROUPS], stat[SYSIC_GROUPS], en[SYSIC_GROUPS], type[SYSIC_GROUPS];
    uint32_t input[SYSIC_GROUPS]; /* GPIO interrupt input levels (kept across reset) */
    bool line_level[SYSIC_GROUPS];
    IrqLine line[SYSIC_GROUPS];
} SysicDev;

extern const DeviceOps sysic_ops;

SysicDev *sysic_create(const DevEnv *env);
/* IrqLine sink: GPIO interrupt number irqno (0..223) at level. */
void sysic_gpio_input(void *sysic, unsigned irqno, bool level);
/* Group 0..6 drives line (the machine: 0x21,0x20,0x1F,0x03,0x02,0x01,0x00). */
void sysic_connect_group(SysicDev *s, unsigned group, IrqLine line);

#endif
