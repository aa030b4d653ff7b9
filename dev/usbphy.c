/* S5L8720 USB PHY control (dev/usbphy.h; docs/devices/usbphy.md). */
#include "dev/usbphy.h"

#include <stdlib.h>

#include "soc/state.h"

static bool known(uint32_t off)
{
    switch (off) {
    case USBPHY_REG_OPHYPWR: case USBPHY_REG_OPHYCLK: case USBPHY_REG_ORSTCON:
    case USBPHY_REG_OPHYUNK1: case USBPHY_REG_OPHYTUNE: case USBPHY_REG_CABLE:
    case USBPHY_REG_OPHYUNK2: case USBPHY_REG_OPHYCHARGER:
        return true;
    default:
        return false;
    }
}

static uint32_t usbphy_read(void *opaque, uint32_t off, unsigned size)
{
    UsbPhyDev *u = opaque;
    uint32_t reg = off & ~3u;
    if (!known(reg) || (size != 1 && size != 2 && size != 4)) {
        log_unimp(u->log, "usbphy", off, false, size, 0);
        return 0;
    }
    uint32_t v = reg == USBPHY_REG_CABLE ? (u->cable ? 1u : 0u) : u->regs[reg / 4];
    v >>= 8 * (off & 3);
    return size == 4 ? v : size == 2 ? (v & 0xFFFFu) : (v & 0xFFu);
}

static void usbphy_write(void *opaque, uint32_t off, uint32_t val, unsigned size)
{
    UsbPhyDev *u = opaque;
    if (size != 4 || (off & 3)) {
        log_guest_error(u->log, "usbphy", off, "%u-byte write ignored (registers are 32-bit)", size);
        return;
    }
    if (!known(off)) {
        log_unimp(u->log, "usbphy", off, true, size, val);
        return;
    }
    if (off == USBPHY_REG_CABLE) {
        log_guest_error(u->log, "usbphy", off, "write of 0x%08x to read-only cable status", val);
        return;
    }
    u->regs[off / 4] = val;
}

static void usbphy_reset(void *opaque)
{
    UsbPhyDev *u = opaque;
    for (unsigned i = 0; i < USBPHY_REG_END / 4; i++) u->regs[i] = 0;
    u->regs[USBPHY_REG_OPHYPWR / 4] = USBPHY_RESET_OPHYPWR;
    u->regs[USBPHY_REG_OPHYCLK / 4] = USBPHY_RESET_OPHYCLK;
    u->regs[USBPHY_REG_ORSTCON / 4] = USBPHY_RESET_ORSTCON;
}

static void usbphy_state(void *opaque, StateIO *io)
{
    UsbPhyDev *u = opaque;
    if (!state_begin(io, "UPHY", 1)) return;
    for (unsigned i = 0; i < USBPHY_REG_END / 4; i++) state_u32(io, &u->regs[i]);
    state_bool(io, &u->cable);
    state_end(io);
}

static void usbphy_destroy(void *opaque) { free(opaque); }

const DeviceOps usbphy_ops = {
    .name = "usbphy",
    .read = usbphy_read,
    .write = usbphy_write,
    .reset = usbphy_reset,
    .state = usbphy_state,
    .destroy = usbphy_destroy,
};

UsbPhyDev *usbphy_create(const DevEnv *env)
{
    UsbPhyDev *u = calloc(1, sizeof *u);
    if (!u) return NULL;
    u->log = env->log;
    return u;
}

void usbphy_set_cable(UsbPhyDev *u, bool attached) { u->cable = attached; }
