/* S5L8720 EdgeIC: see dev/edgeic.h. */
#include "dev/edgeic.h"

#include <stdlib.h>

#include "soc/state.h"

static uint32_t edgeic_read(void *opaque, uint32_t off, unsigned size)
{
    EdgeicDev *e = opaque;
    if (off >= 0x10) {
        log_unimp(e->log, "edgeic", off, false, size, 0);
        return 0;
    }
    uint32_t word = e->reg[off / 4] >> (8 * (off & 3));
    return size == 4 ? word : size == 2 ? word & 0xFFFF : word & 0xFF;
}

static void edgeic_write(void *opaque, uint32_t off, uint32_t val, unsigned size)
{
    EdgeicDev *e = opaque;
    if (off >= 0x10 || size != 4) {
        log_unimp(e->log, "edgeic", off, true, size, val);
        return;
    }
    e->reg[off / 4] = val;
}

static void edgeic_reset(void *opaque)
{
    EdgeicDev *e = opaque;
    for (unsigned i = 0; i < 4; i++) e->reg[i] = 0;
}

static void edgeic_state(void *opaque, StateIO *io)
{
    EdgeicDev *e = opaque;
    if (!state_begin(io, "EDIC", 1)) return;
    for (unsigned i = 0; i < 4; i++) state_u32(io, &e->reg[i]);
    state_end(io);
}

static void edgeic_destroy(void *opaque) { free(opaque); }

const DeviceOps edgeic_ops = {
    .name = "edgeic",
    .read = edgeic_read,
    .write = edgeic_write,
    .reset = edgeic_reset,
    .state = edgeic_state,
    .destroy = edgeic_destroy,
};

EdgeicDev *edgeic_create(const DevEnv *env)
{
    EdgeicDev *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    e->log = env ? env->log : NULL;
    edgeic_reset(e);
    return e;
}
