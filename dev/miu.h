/* S5L8720 MIU: the mobile-DDR DRAM controller and its PHY.
 *
 * Base 0x3D700000, window 0x200.  No IRQ.  Only LLB touches it (section 20 of
 * docs/s5l8720-core.md; docs/devices/miu.md).  DRAM itself is plain RAM on
 * the bus; this model only has to make LLB's initialisation sequence behave.
 *
 * Modelled: every register as storage (CTRL bit 20 "DRAM initialised" reads
 * back what was written), except:
 *   DIRECT_CMD (0x104): a written command reads back as busy (its value) for
 *     MIU_CMD_NS nanoseconds, then 0 = complete (computed from scheduler time
 *     against the write time, no event).
 *   STATUS0/1 (0x11C/0x120): read 0; writes ignored (LLB writes STATUS0 back).
 *   PHY_STATUS (0x144, read-only): bits [1:0] = 3 (DLL locked) once
 *     MIU_DLL_LOCK_NS have passed since the last non-zero PHY_CTRL write; 0
 *     before the DLL was ever started and after PHY_CTRL = 0.  Bits [25:18]
 *     (the lock value LLB copies into PHY_CTRL) read 0, as in [Q].
 * Not modelled: DRAM timing, refresh, mode registers (stored only).
 * Choice: which PHY_CTRL bit starts the DLL is unknown, so any non-zero
 * write (re)starts it. */
#ifndef IPODSIM_DEV_MIU_H
#define IPODSIM_DEV_MIU_H

#include <stdbool.h>
#include <stdint.h>

#include "soc/device.h"

#define MIU_WINDOW 0x200u
#define MIU_CMD_NS 100u        /* a DRAM command (tRFC-sized) */
#define MIU_DLL_LOCK_NS 5000u  /* PHY DLL lock time */

enum {
    MIU_REG_CTRL = 0x100,
    MIU_REG_DIRECT_CMD = 0x104,
    MIU_REG_REFRESH = 0x108,
    MIU_REG_MODE = 0x110,
    MIU_REG_STATUS0 = 0x11C,
    MIU_REG_STATUS1 = 0x120,
    MIU_REG_PHY_CTRL = 0x140,
    MIU_REG_PHY_STATUS = 0x144,
};

#define MIU_CTRL_DRAM_READY (1u << 20)
#define MIU_PHY_STATUS_LOCKED 3u

typedef struct MiuDev {
    Scheduler *sched;
    Log *log;
    uint32_t regs[MIU_WINDOW / 4];
    uint64_t cmd_done_at;   /* scheduler cycle DIRECT_CMD completes */
    uint64_t dll_lock_at;   /* scheduler cycle the DLL locks */
    bool dll_on;
} MiuDev;

extern const DeviceOps miu_ops;

MiuDev *miu_create(const DevEnv *env);

#endif
