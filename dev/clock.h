/* S5L8720 clock and power manager ("clkrstgen"), blocks 0 and 1.
 *
 * Block 0: base 0x3C500000, window 0x1000.  Block 1: base 0x3E000000, window
 * 0x1000 (the kernel's "ccBus" block).  No IRQ.  Sources:
 * docs/s5l8720-core.md sections 4 (registers 4.1, formulas 4.2, fixed
 * clocks 4.3, gates 4.4) and 2.3 (remap); details in docs/devices/clock.md.
 *
 * Modelled, block 0: every register as storage, with reset values chosen so
 * the 4.2 formulas give the soc/clocks.h clocks: PLL0 = 24 MHz x 111 / 5 =
 * 532.8 MHz is the CPU PLL (CONFIG0[13:12] = 1), CPU divider off, bus /4 =
 * 133.2 MHz, peripheral /8 = 66.6 MHz, memory /4 = 133.2 MHz (the scheduler
 * itself runs at the fixed CPU_HZ = 533 MHz; the 0.04 % difference is
 * invisible to firmware).  PLLLOCK (read-only) is modelled: writing PLLnCON,
 * or enabling PLL n (or changing its input) in PLLMODE, clears lock bit n,
 * which sets again PLLnLCNT[15:0] input-clock cycles later (one event,
 * EV_CLOCK_PLL, for the earliest pending lock; reads are exact from time).
 * Reset: all four PLLs locked.  Clock gates are storage (1 = stopped).
 * Block 1: storage, plus the remap register at +0xC: bits [2:0] = 1 maps
 * DRAM at 0; every change of that condition drives the remap line (level 1 =
 * DRAM at 0).
 *
 * Not modelled: the clocks do not change the emulated speed of anything
 * (soc/clocks.h is fixed); gates do not stop devices; performance-state
 * divisor codes (CONFIG0[3:0]) are storage.  Choices: LCNT resets to 7200
 * (300 us at 24 MHz); a PLL's lock bit does not depend on it being enabled (a
 * disabled PLL reads locked, as the sheet's "0xF" recommends). */
#ifndef IPODSIM_DEV_CLOCK_H
#define IPODSIM_DEV_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "soc/device.h"

#define CLOCK_WINDOW 0x1000u
#define CLOCK_NUM_PLL 4

enum {
    CLOCK_REG_CONFIG0 = 0x00,
    CLOCK_REG_CONFIG1 = 0x04,
    CLOCK_REG_CONFIG2 = 0x08,
    CLOCK_REG_CONFIG3 = 0x0C,
    CLOCK_REG_CONFIG4 = 0x10,
    CLOCK_REG_CONFIG5 = 0x14,
    CLOCK_REG_PLL0CON = 0x20, /* PLLnCON = 0x20 + 4n */
    CLOCK_REG_PLL0LCNT = 0x30, /* PLLnLCNT = 0x30 + 4n */
    CLOCK_REG_PLLLOCK = 0x40,
    CLOCK_REG_PLLMODE = 0x44,
    CLOCK_REG_GATES0 = 0x48,
    CLOCK_REG_GATES1 = 0x4C,
    CLOCK_REG_GATES2 = 0x58,
    CLOCK_REG_GATES3 = 0x68,
    CLOCK_REG_GATES4 = 0x6C,
    /* Block 1 */
    CLOCK1_REG_REMAP = 0x0C,
};

#define CLOCK_CONFIG0_PLLSEL_SHIFT 12
#define CLOCK_CONFIG1_CPU_EN (1u << 30)
#define CLOCK_CONFIG1_CPU_SHIFT 25
#define CLOCK_CONFIG1_BUS_EN (1u << 22)
#define CLOCK_CONFIG1_BUS_SHIFT 17
#define CLOCK_CONFIG1_PERI_EN (1u << 14)
#define CLOCK_CONFIG1_PERI_SHIFT 9
#define CLOCK_CONFIG1_MEM_EN (1u << 6)
#define CLOCK_CONFIG1_MEM_SHIFT 1
#define CLOCK_PLLCON(m, p, s) (((uint32_t)(p) << 24) | ((uint32_t)(m) << 8) | (uint32_t)(s))
#define CLOCK_PLLMODE_EXT(n) (1u << ((n) + 4))
#define CLOCK1_REMAP_MASK 7u
#define CLOCK1_REMAP_DRAM 1u

/* Reset values of block 0 (see above and docs/devices/clock.md). */
#define CLOCK_RESET_CONFIG0 (1u << CLOCK_CONFIG0_PLLSEL_SHIFT)
#define CLOCK_RESET_CONFIG1                                                                  \
    (CLOCK_CONFIG1_BUS_EN | (1u << CLOCK_CONFIG1_BUS_SHIFT) | CLOCK_CONFIG1_PERI_EN |        \
     (3u << CLOCK_CONFIG1_PERI_SHIFT) | CLOCK_CONFIG1_MEM_EN | (1u << CLOCK_CONFIG1_MEM_SHIFT))
#define CLOCK_RESET_PLL0CON CLOCK_PLLCON(111, 5, 0)
#define CLOCK_RESET_LCNT 7200u
#define CLOCK_RESET_PLLMODE 0x1u

typedef struct ClockDev {
    Scheduler *sched;
    Log *log;
    unsigned block;            /* 0 or 1 */
    uint32_t regs[CLOCK_WINDOW / 4];
    uint8_t lock_pending;      /* bit n: PLL n is relocking */
    uint64_t lock_at[CLOCK_NUM_PLL];
    IrqLine remap;
    bool remap_level;
} ClockDev;

extern const DeviceOps clock_ops;

ClockDev *clock_create(const DevEnv *env, unsigned block);
/* Block 1 only: the line that maps DRAM (level 1) or the ROM (0) at 0. */
void clock_connect_remap(ClockDev *c, IrqLine remap);

/* Frequencies the block-0 registers currently encode (0 for block 1). */
uint64_t clock_cpu_hz(const ClockDev *c);
uint64_t clock_bus_hz(const ClockDev *c);
uint64_t clock_periph_hz(const ClockDev *c);
uint64_t clock_pll_hz(const ClockDev *c, unsigned n);

#endif
