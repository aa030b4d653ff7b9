/* S5L8720 chip ID / fuses (dev/chipid.h; docs/devices/chipid.md). */
#include "dev/chipid.h"

#include <stdlib.h>

#include "soc/state.h"

static uint32_t chipid_read(void *opaque, uint32_t off, unsigned size)
{
    ChipIdDev *d = opaque;
    uint32_t word = off / 4;
    if (word >= CHIPID_NUM_REGS || (size != 1 && size != 2 && size != 4)) {
        log_unimp(d->log, "chipid", off, false, size, 0);
        return 0;
    }
    uint32_t v = d->regs[word] >> (8 * (off & 3));
    return size == 4 ? v : size == 2 ? (v & 0xFFFFu) : (v & 0xFFu);
}

static void chipid_write(void *opaque, uint32_t off, uint32_t val, unsigned size)
{
    ChipIdDev *d = opaque;
    (void)size;
    log_guest_error(d->log, "chipid", off, "write of 0x%08x to the read-only fuses ignored", val);
}

static void chipid_reset(void *opaque)
{
    ChipIdDev *d = opaque;
    d->regs[0] = 0;
    d->regs[1] = d->cfg.production ? CHIPID_FUSE_PRODUCTION : 0;
    d->regs[2] = CHIPID_INFO_ID | (d->cfg.secure ? CHIPID_INFO_SECURE : 0) | CHIPID_INFO_EPOCH1;
    d->regs[3] = (uint32_t)d->cfg.ecid;
    d->regs[4] = (uint32_t)(d->cfg.ecid >> 32);
}

/* The fuse words are saved so a loaded state shows the guest the values it
 * booted with, whatever configuration this run was created with. */
static void chipid_state(void *opaque, StateIO *io)
{
    ChipIdDev *d = opaque;
    if (!state_begin(io, "CHID", 1)) return;
    for (unsigned i = 0; i < CHIPID_NUM_REGS; i++) state_u32(io, &d->regs[i]);
    state_end(io);
}

static void chipid_destroy(void *opaque) { free(opaque); }

const DeviceOps chipid_ops = {
    .name = "chipid",
    .read = chipid_read,
    .write = chipid_write,
    .reset = chipid_reset,
    .state = chipid_state,
    .destroy = chipid_destroy,
};

ChipIdDev *chipid_create(const DevEnv *env, const ChipIdConfig *cfg)
{
    ChipIdDev *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->log = env->log;
    d->cfg = cfg ? *cfg : (ChipIdConfig){ .production = true, .secure = true, .ecid = 0 };
    chipid_reset(d);
    return d;
}
