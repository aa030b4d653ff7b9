/* S5L8720 MIU DRAM controller (dev/miu.h; docs/devices/miu.md). */
#include "dev/miu.h"

#include <stdlib.h>
#include <string.h>

#include "soc/clocks.h"
#include "soc/state.h"

static bool known(uint32_t off)
{
    switch (off) {
    case MIU_REG_CTRL: case MIU_REG_DIRECT_CMD: case MIU_REG_REFRESH: case MIU_REG_MODE:
    case MIU_REG_STATUS0: case MIU_REG_STATUS1: case MIU_REG_PHY_CTRL: case MIU_REG_PHY_STATUS:
        return true;
    default:
        return false;
    }
}

static uint32_t read32(MiuDev *m, uint32_t off)
{
    uint64_t now = sched_now(m->sched);
    switch (off) {
    case MIU_REG_DIRECT_CMD: return now >= m->cmd_done_at ? 0 : m->regs[off / 4];
    case MIU_REG_STATUS0:
    case MIU_REG_STATUS1: return 0;
    case MIU_REG_PHY_STATUS: return m->dll_on && now >= m->dll_lock_at ? MIU_PHY_STATUS_LOCKED : 0;
    }
    /* LLB's other registers are undocumented storage: report them once. */
    if (!known(off)) log_unimp(m->log, "miu", off, false, 4, 0);
    return m->regs[off / 4];
}

static uint32_t miu_read(void *opaque, uint32_t off, unsigned size)
{
    MiuDev *m = opaque;
    if (off >= MIU_WINDOW || (size != 1 && size != 2 && size != 4)) {
        log_unimp(m->log, "miu", off, false, size, 0);
        return 0;
    }
    uint32_t v = read32(m, off & ~3u) >> (8 * (off & 3));
    return size == 4 ? v : size == 2 ? (v & 0xFFFFu) : (v & 0xFFu);
}

static void miu_write(void *opaque, uint32_t off, uint32_t val, unsigned size)
{
    MiuDev *m = opaque;
    uint64_t now = sched_now(m->sched);
    if (size != 4 || (off & 3)) {
        log_guest_error(m->log, "miu", off, "%u-byte write ignored (registers are 32-bit)", size);
        return;
    }
    if (off >= MIU_WINDOW) {
        log_unimp(m->log, "miu", off, true, size, val);
        return;
    }
    switch (off) {
    case MIU_REG_DIRECT_CMD:
        m->cmd_done_at = now + clk_cycles_from_ns(MIU_CMD_NS);
        break;
    case MIU_REG_STATUS0:
    case MIU_REG_STATUS1: return;
    case MIU_REG_PHY_STATUS:
        log_guest_error(m->log, "miu", off, "write of 0x%08x to read-only PHY_STATUS", val);
        return;
    case MIU_REG_PHY_CTRL:
        m->dll_on = val != 0;
        m->dll_lock_at = now + clk_cycles_from_ns(MIU_DLL_LOCK_NS);
        break;
    default:
        if (!known(off)) log_unimp(m->log, "miu", off, true, 4, val);
        break;
    }
    m->regs[off / 4] = val;
}

static void miu_reset(void *opaque)
{
    MiuDev *m = opaque;
    memset(m->regs, 0, sizeof m->regs);
    m->cmd_done_at = 0;
    m->dll_lock_at = 0;
    m->dll_on = false;
}

static void miu_state(void *opaque, StateIO *io)
{
    MiuDev *m = opaque;
    if (!state_begin(io, "MIU ", 1)) return;
    for (unsigned i = 0; i < MIU_WINDOW / 4; i++) state_u32(io, &m->regs[i]);
    state_u64(io, &m->cmd_done_at);
    state_u64(io, &m->dll_lock_at);
    state_bool(io, &m->dll_on);
    state_end(io);
}

static void miu_destroy(void *opaque) { free(opaque); }

const DeviceOps miu_ops = {
    .name = "miu",
    .read = miu_read,
    .write = miu_write,
    .reset = miu_reset,
    .state = miu_state,
    .destroy = miu_destroy,
};

MiuDev *miu_create(const DevEnv *env)
{
    MiuDev *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->sched = env->sched;
    m->log = env->log;
    return m;
}
