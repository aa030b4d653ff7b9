/* Placeholder for S5L8720 blocks that have no model yet.
 *
 * Used for the blocks of docs/s5l8720-core.md sections 2.2 and 21 that the
 * firmware touches but ipodsim does not emulate (H.264, scaler, TV-out, MBX,
 * MPVD, PRNG, AMC, SWI, I2S, USB OTG, SDIO, FMSS, LCD, MIPI-DSI, SHA1, AES,
 * PKE, ...).  One instance per block; no IRQ, no events.  docs/devices/stub.md.
 *
 * Modelled: a window of `size` bytes that either remembers what was written
 * (ram_like: reads return it, any width, as [Q]'s plain-RAM placeholders do)
 * or reads as zero and ignores writes.  The first access to each 32-bit word
 * of the window (read or write) is reported once through log_unimp under the
 * block's own name, so `-d unimp` shows which registers the firmware uses.
 * Not modelled: any behaviour of the real block. */
#ifndef IPODSIM_DEV_STUB_H
#define IPODSIM_DEV_STUB_H

#include <stdbool.h>
#include <stdint.h>

#include "soc/device.h"

#define STUB_NAME_MAX 24

typedef struct StubDev {
    Log *log;
    char name[STUB_NAME_MAX];
    bool ram_like;
    uint32_t size;
    uint8_t *mem;      /* ram_like: size bytes */
    uint8_t *seen;     /* one bit per 32-bit word: already reported */
} StubDev;

extern const DeviceOps stub_ops;

StubDev *stub_create(const DevEnv *env, const char *name, bool ram_like, uint32_t size);

#endif
