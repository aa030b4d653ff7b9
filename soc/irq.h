/* A wire between two devices: an interrupt line, a DMA request, a chip
 * select, a reset request.  The driving device holds an IrqLine and calls
 * irq_set() with the line's new level; the machine file (soc/s5l8720.c)
 * connects it to the receiving device's input number n.  Neither side sees
 * the other's struct.  An unconnected line (set == NULL) goes nowhere. */
#ifndef IPODSIM_SOC_IRQ_H
#define IPODSIM_SOC_IRQ_H

#include <stdbool.h>

typedef struct IrqLine {
    void (*set)(void *sink, unsigned n, bool level);
    void *sink;
    unsigned n;
} IrqLine;

static inline void irq_set(IrqLine line, bool level)
{
    if (line.set) line.set(line.sink, line.n, level);
}

/* A one-cycle pulse, for edge-style signals (requests, resets). */
static inline void irq_pulse(IrqLine line)
{
    irq_set(line, true);
    irq_set(line, false);
}

#endif
