/* S5L8720 USB PHY control (Samsung OTG PHY registers).
 *
 * Base 0x3C400000, window 0x1000.  No IRQ.  Source: docs/s5l8720-core.md
 * section 19; docs/devices/usbphy.md.  The DWC2 OTG core at 0x38400000 is a
 * separate block.
 *
 * Modelled: the registers of section 19 as storage with reset values
 * (OPHYPWR 0x1F = everything powered down until the firmware writes 0,
 * OPHYCLK 0, ORSTCON 0x1 = PHY held in soft reset, the rest 0); CABLE
 * (0x28) is read-only and reports what usbphy_set_cable() set (0 = no cable
 * at reset).  Reset values are not documented anywhere: these are chosen so
 * the openiBoot init sequence (section 19) leaves the same values it leaves
 * on hardware.
 * Not modelled: any effect on the OTG core (PHY clocks, suspend, resets);
 * charger detection (OPHYCHARGER is storage). */
#ifndef IPODSIM_DEV_USBPHY_H
#define IPODSIM_DEV_USBPHY_H

#include <stdbool.h>
#include <stdint.h>

#include "soc/device.h"

enum {
    USBPHY_REG_OPHYPWR = 0x00,
    USBPHY_REG_OPHYCLK = 0x04,
    USBPHY_REG_ORSTCON = 0x08,
    USBPHY_REG_OPHYUNK1 = 0x1C,
    USBPHY_REG_OPHYTUNE = 0x20,
    USBPHY_REG_CABLE = 0x28,
    USBPHY_REG_OPHYUNK2 = 0x44,
    USBPHY_REG_OPHYCHARGER = 0x48,
    USBPHY_REG_END = 0x4C,
};

#define USBPHY_RESET_OPHYPWR 0x1Fu
#define USBPHY_RESET_OPHYCLK 0x0u
#define USBPHY_RESET_ORSTCON 0x1u

typedef struct UsbPhyDev {
    Log *log;
    uint32_t regs[USBPHY_REG_END / 4];
    bool cable;
} UsbPhyDev;

extern const DeviceOps usbphy_ops;

UsbPhyDev *usbphy_create(const DevEnv *env);
/* Cable attached (CABLE reads 1) or not; kept across resets. */
void usbphy_set_cable(UsbPhyDev *u, bool attached);

#endif
