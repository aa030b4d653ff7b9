/* Clock rates of the emulated S5L8720 and conversions to scheduler time.
 *
 * The scheduler counts CPU core cycles at a fixed 533 MHz (the iPod Touch 2G
 * runs its ARM1176 at about 533 MHz; see docs/soc.md for why it is fixed and
 * not derived from the PLL registers the firmware may reprogram).  Device
 * clocks are fixed fractions of it or of the 24 MHz crystal:
 *   crystal / fixed clock (timers, NCLK)  24 MHz
 *   bus clock (HCLK, DMA, AHB masters)    CPU / 4  = 133.25 MHz
 *   peripheral clock (PCLK)               CPU / 8  =  66.625 MHz
 * The clock manager's reset register values encode these same ratios
 * (dev/clock.c), so firmware that computes frequencies from them agrees.
 * Conversions use 128-bit intermediates: exact for any 64-bit time. */
#ifndef IPODSIM_SOC_CLOCKS_H
#define IPODSIM_SOC_CLOCKS_H

#include <stdint.h>

#define CPU_HZ 533000000ull
#define CRYSTAL_HZ 24000000ull
#define HCLK_HZ (CPU_HZ / 4)
#define PCLK_HZ (CPU_HZ / 8)

/* CPU cycles spanned by `ticks` periods of a clock of `hz` (rounded up, so
 * an event is never early). */
static inline uint64_t clk_cycles(uint64_t ticks, uint64_t hz)
{
    unsigned __int128 c = (unsigned __int128)ticks * CPU_HZ + (hz - 1);
    c /= hz;
    return c > UINT64_MAX ? UINT64_MAX : (uint64_t)c;
}

/* Whole ticks of a clock of `hz` that have elapsed in `cycles` CPU cycles. */
static inline uint64_t clk_ticks(uint64_t cycles, uint64_t hz)
{
    return (uint64_t)((unsigned __int128)cycles * hz / CPU_HZ);
}

/* Nanoseconds <-> cycles, for latencies given in datasheets. */
static inline uint64_t clk_cycles_from_ns(uint64_t ns) { return clk_cycles(ns, 1000000000ull); }
static inline uint64_t clk_cycles_from_us(uint64_t us) { return clk_cycles(us, 1000000ull); }

#endif
