/* The interface every memory-mapped device implements (style.md 8.6).
 *
 * A device is one file in dev/ with its state in one struct.  The machine
 * maps it on the bus with bus_map_device(); the bus calls read/write with
 * the offset inside the device's window and the access size in bytes (1, 2
 * or 4).  Every access inside a device window completes (no bus error):
 * unknown registers read 0 and are reported once through log_unimp().
 * Devices talk to each other only through explicit connections: IrqLine
 * wires (soc/irq.h), target interfaces (SPI/I2C), and the bus for DMA. */
#ifndef IPODSIM_SOC_DEVICE_H
#define IPODSIM_SOC_DEVICE_H

#include <stdbool.h>
#include <stdint.h>

#include "soc/irq.h"
#include "soc/log.h"
#include "soc/sched.h"

struct Bus;
struct StateIO;

typedef struct DeviceOps {
    const char *name;
    uint32_t (*read)(void *dev, uint32_t off, unsigned size);
    void (*write)(void *dev, uint32_t off, uint32_t val, unsigned size);
    void (*reset)(void *dev);                     /* power-on / watchdog reset */
    void (*state)(void *dev, struct StateIO *io); /* save or load (soc/state.h) */
    void (*destroy)(void *dev);
} DeviceOps;

/* What a device gets at creation: the scheduler (its only notion of time),
 * the physical bus (DMA masters only) and the log. */
typedef struct DevEnv {
    Scheduler *sched;
    struct Bus *bus;
    Log *log;
} DevEnv;

#endif
