/* S5L8720 chip ID / fuse block (read-only).
 *
 * Base 0x3D100000, window 0x14 (the machine may map a full page: offsets past
 * 0x10 read 0 and are logged).  No IRQ.  Source: docs/s5l8720-core.md
 * section 16 (and 4.3 for the security epoch); docs/devices/chipid.md.
 *
 * Modelled: the five fuse words, built from a ChipIdConfig at creation:
 *   0x00  0 (unnamed)
 *   0x04  bit 5 = production-mode fuse
 *   0x08  CHIPINFO: 0x8720 << 16 | bit 2 secure (security domain) | bit 0
 *         security epoch = 1 (24 MHz base clock, what CRYSTAL_HZ assumes);
 *         the defaults (production, secure) give 0x87200005
 *   0x0C  ECID low word, 0x10 ECID high word (the [Qf] reading of these)
 * Writes are ignored and logged as guest errors.
 * Not modelled: the "power epoch" field CHIPINFO[10:4] (0), the "SPI clock
 * type" reading of 0x04[27:24] (0). */
#ifndef IPODSIM_DEV_CHIPID_H
#define IPODSIM_DEV_CHIPID_H

#include <stdbool.h>
#include <stdint.h>

#include "soc/device.h"

enum {
    CHIPID_REG_UNK0 = 0x00,
    CHIPID_REG_FUSE = 0x04,
    CHIPID_REG_CHIPINFO = 0x08,
    CHIPID_REG_ECID_LO = 0x0C,
    CHIPID_REG_ECID_HI = 0x10,
    CHIPID_NUM_REGS = 5,
};

#define CHIPID_FUSE_PRODUCTION (1u << 5)
#define CHIPID_INFO_ID (0x8720u << 16)
#define CHIPID_INFO_SECURE (1u << 2)
#define CHIPID_INFO_EPOCH1 (1u << 0)

typedef struct ChipIdConfig {
    bool production;
    bool secure;
    uint64_t ecid;
} ChipIdConfig;

typedef struct ChipIdDev {
    Log *log;
    ChipIdConfig cfg;
    uint32_t regs[CHIPID_NUM_REGS];
} ChipIdDev;

extern const DeviceOps chipid_ops;

/* cfg NULL = a retail device: production, secure, ECID 0. */
ChipIdDev *chipid_create(const DevEnv *env, const ChipIdConfig *cfg);

#endif
