/* S5L8720 watchdog timer.
 *
 * Base 0x3C800000, window 0x1000, IRQ 0x33 (VIC1 input 19).  Source:
 * docs/s5l8720-core.md section 6; details in docs/devices/wdt.md.
 *
 * Modelled: CTRL (ENABLE bit 20, prescaler [19:16] = divide by PRE+1, INT_EN
 * bit 15, clock select [14:12] = divide by 2^CS, command field [11:0]: 0xA00
 * restarts the count) and CNT (the count in prescaled ticks, computed from
 * scheduler time).  The input clock is PCLK (soc/clocks.h).  The counter
 * expires after 2^18 prescaled ticks (the sheet's model: the iOS setting
 * 0x001F4A00 then expires after 2^26 input clocks, twice its kick interval).
 * Expiry is one scheduler event (EV_WDT): with INT_EN it raises the IRQ line
 * (held until the next CTRL write) and CNT stays at 2^18; without INT_EN it
 * disables itself and pulses the reset line (the machine resets the SoC).
 * Writing 0x00100000 (enable, shortest timeout) therefore resets the machine
 * 2^18 PCLK cycles (about 3.9 ms) later.
 *
 * Not modelled: the real split between counter width and dividers (unknown);
 * command 0xA5 ("disable" in openiBoot) has no effect of its own: ENABLE = 0
 * is what disables (iOS disables by writing 0).  The command field reads 0. */
#ifndef IPODSIM_DEV_WDT_H
#define IPODSIM_DEV_WDT_H

#include <stdbool.h>
#include <stdint.h>

#include "soc/device.h"

enum {
    WDT_REG_CTRL = 0x00,
    WDT_REG_CNT = 0x04,
};

#define WDT_CTRL_ENABLE (1u << 20)
#define WDT_CTRL_PRE_SHIFT 16
#define WDT_CTRL_PRE_MASK 0xFu
#define WDT_CTRL_INT_EN (1u << 15)
#define WDT_CTRL_CS_SHIFT 12
#define WDT_CTRL_CS_MASK 7u
#define WDT_CTRL_CMD_MASK 0xFFFu
#define WDT_CMD_KICK 0xA00u
#define WDT_CMD_DISABLE 0x0A5u
#define WDT_COUNT_MAX (1u << 18)

typedef struct WdtDev {
    Scheduler *sched;
    Log *log;
    IrqLine irq, reset;
    uint32_t ctrl;        /* without the command field */
    uint32_t cnt_base;    /* count at `start` */
    uint64_t start;       /* scheduler cycle at which the count was cnt_base */
    bool expired;         /* INT_EN expiry happened: CNT saturated */
    bool irq_level;
} WdtDev;

extern const DeviceOps wdt_ops;

WdtDev *wdt_create(const DevEnv *env);
void wdt_connect(WdtDev *w, IrqLine irq, IrqLine reset);

/* Input clocks per prescaled tick for a CTRL value: (PRE+1) << CS. */
static inline uint64_t wdt_divisor(uint32_t ctrl)
{
    return (uint64_t)(((ctrl >> WDT_CTRL_PRE_SHIFT) & WDT_CTRL_PRE_MASK) + 1)
           << ((ctrl >> WDT_CTRL_CS_SHIFT) & WDT_CTRL_CS_MASK);
}

#endif
