/* S5L8720 EdgeIC at 0x38E02000 (sheet s5l8720-core.md section 2.1;
 * docs/devices/vic.md, "EdgeIC").  Next to the two VICs; judging by its name
 * an edge-detect front end for interrupt sources, but nothing is known of its
 * function: openiBoot only writes 0 to CONFIG0 and CONFIG1 at start-up, and
 * qemu-ios maps plain RAM here.
 *
 * Modelled: CONFIG0, CONFIG1, LOWSTATUS, HIGHSTATUS as read/write storage,
 * reset 0.  Not modelled: any effect on interrupts (no source is routed
 * through it in this machine).  Other offsets read 0 (logged once). */
#ifndef IPODSIM_DEV_EDGEIC_H
#define IPODSIM_DEV_EDGEIC_H

#include <stdint.h>

#include "soc/device.h"

enum {
    EDGEIC_CONFIG0 = 0x0,
    EDGEIC_CONFIG1 = 0x4,
    EDGEIC_LOWSTATUS = 0x8,
    EDGEIC_HIGHSTATUS = 0xC,
};

typedef struct EdgeicDev {
    Log *log;
    uint32_t reg[4]; /* CONFIG0, CONFIG1, LOWSTATUS, HIGHSTATUS */
} EdgeicDev;

extern const DeviceOps edgeic_ops;

EdgeicDev *edgeic_create(const DevEnv *env);

#endif
