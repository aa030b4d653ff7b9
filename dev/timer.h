/* S5L8720 timer block: eight 32-bit timers and a 64-bit free-running counter.
 *
 * Base 0x3C700000, window 0x1000, IRQ 7 (VIC0).  The machine also maps an
 * alias window at 0x3C710000 with dev_offset 0x10000: offset 0x10000 is a
 * read-only mirror of IRQSTAT (openiBoot reads the pending bits there).
 * Sources: docs/s5l8720-core.md section 5 (layout 5.1, CONFIG 5.2, IRQSTAT
 * 5.3, semantics 5.4, counter 5.5); details and choices in
 * docs/devices/timer.md.
 *
 * Modelled: per timer CONFIG/STATE/COUNT_BUFFER/COUNT_BUFFER2/PRESCALER/COUNT;
 * the clock select of CONFIG[10:8] (24 MHz / 2, 4, 16, 64, 1); counting up
 * from 0, a match when COUNT reaches COUNT_BUFFER, then reload from 0; the
 * match sets lane bit 0 of IRQSTAT for timers 4-7 (W1C); the IRQ line is the
 * OR over timers 4-7 of (status AND CONFIG[14:12] enable).  Each running
 * timer's next match is one scheduler event (EV_TIMER0..7); COUNT and the
 * 64-bit counter are computed from scheduler time, never ticked.  Matches are
 * placed on an absolute tick grid from the time the timer was started, so a
 * periodic timer never drifts and never accumulates rounding.  TICKSHIGH
 * latches the low word for the following TICKSLOW read.
 *
 * Not modelled: status bits 1 and 2 of a lane (their events are unknown),
 * COUNT_BUFFER2 and PRESCALER (stored only), CONFIG bits other than the clock
 * select and the enables (stored), the external clock select 6 (and 5, 7: run
 * at 24 MHz, logged), the function of UNKREG1-4 (stored).
 *
 * Choices where the sheet is silent: timers 0-3 count and reload exactly
 * like 4-7 but own no status lane and never interrupt (no interrupt is known
 * for them); the compare is "COUNT >= COUNT_BUFFER" and COUNT_BUFFER 0 acts
 * as 1, so a buffer written below the running count matches at once instead
 * of after a 2^32-tick wrap (as [Q], which boots iOS); TICKS_CFG resets to 0
 * (counter running at 24 MHz). */
#ifndef IPODSIM_DEV_TIMER_H
#define IPODSIM_DEV_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#include "soc/device.h"

#define TIMER_COUNT_TIMERS 8
#define TIMER_ALIAS_OFFSET 0x10000u

enum {
    /* Per-timer registers, relative to timer_base(n). */
    TIMER_REG_CONFIG = 0x00,
    TIMER_REG_STATE = 0x04,
    TIMER_REG_COUNT_BUFFER = 0x08,
    TIMER_REG_COUNT_BUFFER2 = 0x0C,
    TIMER_REG_PRESCALER = 0x10,
    TIMER_REG_COUNT = 0x14,
    TIMER_REG_STRIDE = 0x20,
    /* Block registers. */
    TIMER_REG_TICKSHIGH = 0x080,
    TIMER_REG_TICKSLOW = 0x084,
    TIMER_REG_TICKS_CFG = 0x088,
    TIMER_REG_UNKREG1 = 0x08C, /* 0x08C-0x098: UNKREG1-4 */
    TIMER_REG_IRQSTAT = 0x118,
    TIMER_REG_IRQSTAT_ALIAS = TIMER_ALIAS_OFFSET,
};

/* Base of timer n's register set: 0-3 at 0x20*n, 4-7 at 0xA0 + 0x20*(n-4). */
static inline uint32_t timer_base(unsigned n) { return n < 4 ? 0x20u * n : 0xA0u + 0x20u * (n - 4); }

#define TIMER_STATE_START (1u << 0)
#define TIMER_STATE_MANUALUPDATE (1u << 1)
#define TIMER_CONFIG_CLK_SHIFT 8
#define TIMER_CONFIG_CLK_MASK 7u
#define TIMER_CONFIG_IE_SHIFT 12
#define TIMER_CONFIG_IE_MASK 7u
#define TIMER_TICKS_CFG_STOP 0xFu
#define TIMER_TICKS_CFG_DIV_SHIFT 4
#define TIMER_TICKS_CFG_DIV_MASK 0xFFu
/* Status lane of timer n (4-7) in IRQSTAT: timer 4 -> bits 26:24 ... 7 -> 2:0. */
#define TIMER_IRQSTAT_SHIFT(n) (8u * (7u - (n)))
#define TIMER_IRQSTAT_REACHED 1u

typedef struct TimerChan {
    uint32_t config, state, count_buffer, count_buffer2, prescaler;
    uint32_t count;     /* the count while stopped */
    uint64_t origin;    /* running: scheduler cycle of tick 0 of this run */
    uint64_t base;      /* running: tick (since origin) at which COUNT was 0, mod 2^64 */
    uint64_t target;    /* running: tick (since origin) of the next match */
} TimerChan;

typedef struct TimerDev {
    Scheduler *sched;
    Log *log;
    IrqLine irq;
    bool irq_level;
    TimerChan ch[TIMER_COUNT_TIMERS];
    uint32_t irqstat;
    uint32_t ticks_cfg;
    uint32_t unkreg[4];
    uint64_t ticks_base;    /* counter value at ticks_origin */
    uint64_t ticks_origin;  /* scheduler cycle of the last TICKS_CFG change */
    uint32_t ticks_latch;   /* low word latched by the last TICKSHIGH read */
    bool ticks_latched;
} TimerDev;

extern const DeviceOps timer_ops;

/* Not timer_create: that is POSIX's (<time.h>, librt), and a definition with
 * its name replaces the C library's for the whole program (Check calls it). */
TimerDev *timer_dev_create(const DevEnv *env);
/* Transitional, until soc/s5l8720.c calls timer_dev_create: remove then. */
void timer_connect_irq(TimerDev *t, IrqLine irq);

/* Count rate in Hz that timer n's CONFIG selects (tests, logs). */
uint64_t timer_hz(const TimerDev *t, unsigned n);
/* The 64-bit counter's value now (tests; no latch side effect). */
uint64_t timer_ticks(const TimerDev *t);

#endif
