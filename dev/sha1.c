/* S5L8720 SHA-1 engine (dev/sha1.h; docs/devices/sha1.md).
 *
 * The compression function comes from libtomcrypt through its public API: a
 * hash_state whose sha1 chaining value is loaded with the engine's H0..H4, an
 * empty buffer and a zero length, then fed exactly one whole 64-byte block
 * with sha1_process, compresses that block and nothing else (libtomcrypt
 * pads only in sha1_done, which is never called); the new chaining value is
 * read back from the same state.  Static functions are named sha1_dev_* to
 * stay clear of libtomcrypt's sha1_* symbols. */
#include "dev/sha1.h"

#include <stdlib.h>
#include <string.h>

#include <tomcrypt.h>

#include "soc/bus.h"
#include "soc/clocks.h"
#include "soc/state.h"

static const uint32_t sha1_iv[SHA1_HASH_WORDS] = { 0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u,
                                                   0xC3D2E1F0u };

uint64_t sha1_op_cycles(uint32_t blocks)
{
    return clk_cycles(SHA1_SETUP_HCLK + (uint64_t)blocks * SHA1_BLOCK_HCLK, HCLK_HZ);
}

/* One compression of `block` into the chaining value h. */
static void sha1_dev_compress(uint32_t h[SHA1_HASH_WORDS], const uint8_t block[SHA1_BLOCK])
{
    hash_state md;
    sha1_init(&md);
    for (unsigned i = 0; i < SHA1_HASH_WORDS; i++) md.sha1.state[i] = h[i];
    sha1_process(&md, block, SHA1_BLOCK);
    for (unsigned i = 0; i < SHA1_HASH_WORDS; i++) h[i] = (uint32_t)md.sha1.state[i];
}

static void sha1_dev_trigger(Sha1Dev *s, uint32_t val)
{
    if (s->busy) {
        log_guest_error(s->env.log, "sha1", SHA1_REG_CONFIG, "trigger 0x%x while busy (ignored)", val);
        return;
    }
    s->op_trigger = val;
    s->op_memory = s->memory_mode != 0;
    s->op_start = s->memory_start;
    if (s->op_memory) {
        if (s->insize % SHA1_BLOCK)
            log_guest_error(s->env.log, "sha1", SHA1_REG_INSIZE, "INSIZE %u is not a multiple of 64: tail ignored",
                            s->insize);
        s->op_blocks = s->insize / SHA1_BLOCK;
    } else {
        s->op_blocks = 1;
        for (unsigned i = 0; i < SHA1_DATA_WORDS; i++)
            for (unsigned b = 0; b < 4; b++) s->op_block[4 * i + b] = (uint8_t)(s->data[i] >> (8 * b));
    }
    s->busy = true;
    sched_add(s->env.sched, EV_SHA1, sha1_op_cycles(s->op_blocks), 0);
}

static void sha1_dev_event(void *opaque, uint64_t param, uint64_t late)
{
    (void)param;
    (void)late;
    Sha1Dev *s = opaque;
    if (!s->busy) return;
    s->busy = false;
    if (s->op_trigger == SHA1_CONFIG_FIRST) memcpy(s->h, sha1_iv, sizeof s->h);
    if (!s->op_memory) {
        sha1_dev_compress(s->h, s->op_block);
        return;
    }
    uint8_t block[SHA1_BLOCK];
    for (uint32_t i = 0; i < s->op_blocks; i++) {
        uint32_t pa = s->op_start + i * SHA1_BLOCK;
        if (!bus_dma_read(s->env.bus, pa, block, SHA1_BLOCK)) {
            log_guest_error(s->env.log, "sha1", SHA1_REG_MEMORY_START, "bus error reading 0x%08x: hash stopped",
                            pa);
            return;
        }
        sha1_dev_compress(s->h, block);
    }
}

static uint32_t sha1_dev_reg(Sha1Dev *s, uint32_t off)
{
    if (off >= SHA1_REG_HASH && off < SHA1_REG_HASH + 4 * SHA1_HASH_WORDS) {
        if (s->busy) log_guest_error(s->env.log, "sha1", off, "HASH read while an operation runs");
        return __builtin_bswap32(s->h[(off - SHA1_REG_HASH) / 4]);
    }
    if (off >= SHA1_REG_DATA && off < SHA1_REG_DATA + 4 * SHA1_DATA_WORDS) return s->data[(off - SHA1_REG_DATA) / 4];
    switch (off) {
    case SHA1_REG_CONFIG: return s->busy ? s->op_trigger : s->config;
    case SHA1_REG_RESET: return 0;
    case SHA1_REG_MEMORY_MODE: return s->memory_mode;
    case SHA1_REG_MEMORY_START: return s->memory_start;
    case SHA1_REG_INSIZE: return s->insize;
    default: log_unimp(s->env.log, "sha1", off, false, 4, 0); return 0;
    }
}

static uint32_t sha1_dev_read(void *opaque, uint32_t off, unsigned size)
{
    Sha1Dev *s = opaque;
    if (size != 1 && size != 2 && size != 4) {
        log_unimp(s->env.log, "sha1", off, false, size, 0);
        return 0;
    }
    uint32_t v = sha1_dev_reg(s, off & ~3u) >> (8 * (off & 3u));
    return size == 4 ? v : v & ((1u << (8 * size)) - 1);
}

static void sha1_dev_reset(void *opaque)
{
    Sha1Dev *s = opaque;
    sched_cancel(s->env.sched, EV_SHA1);
    memset(s->h, 0, sizeof s->h);
    memset(s->data, 0, sizeof s->data);
    s->config = s->memory_mode = s->memory_start = s->insize = 0;
    s->busy = false;
    s->op_trigger = 0;
    s->op_memory = false;
    s->op_start = s->op_blocks = 0;
    memset(s->op_block, 0, sizeof s->op_block);
}

static void sha1_dev_write(void *opaque, uint32_t off, uint32_t val, unsigned size)
{
    Sha1Dev *s = opaque;
    if (size != 4 || (off & 3u)) {
        log_guest_error(s->env.log, "sha1", off, "%u-byte write ignored (registers are 32-bit)", size);
        return;
    }
    if (off >= SHA1_REG_DATA && off < SHA1_REG_DATA + 4 * SHA1_DATA_WORDS) {
        s->data[(off - SHA1_REG_DATA) / 4] = val;
        return;
    }
    if (off >= SHA1_REG_HASH && off < SHA1_REG_HASH + 4 * SHA1_HASH_WORDS) {
        log_guest_error(s->env.log, "sha1", off, "write of 0x%08x to read-only HASH", val);
        return;
    }
    switch (off) {
    case SHA1_REG_CONFIG:
        if (val == SHA1_CONFIG_FIRST || val == SHA1_CONFIG_CONTINUE) sha1_dev_trigger(s, val);
        else s->config = val;
        break;
    case SHA1_REG_RESET: sha1_dev_reset(s); break;
    case SHA1_REG_MEMORY_MODE: s->memory_mode = val; break;
    case SHA1_REG_MEMORY_START: s->memory_start = val; break;
    case SHA1_REG_INSIZE: s->insize = val; break;
    default: log_unimp(s->env.log, "sha1", off, true, size, val); break;
    }
}

static void sha1_dev_state(void *opaque, StateIO *io)
{
    Sha1Dev *s = opaque;
    if (!state_begin(io, "SHA1", 1)) return;
    for (unsigned i = 0; i < SHA1_HASH_WORDS; i++) state_u32(io, &s->h[i]);
    for (unsigned i = 0; i < SHA1_DATA_WORDS; i++) state_u32(io, &s->data[i]);
    state_u32(io, &s->config);
    state_u32(io, &s->memory_mode);
    state_u32(io, &s->memory_start);
    state_u32(io, &s->insize);
    state_bool(io, &s->busy);
    state_u32(io, &s->op_trigger);
    state_bool(io, &s->op_memory);
    state_u32(io, &s->op_start);
    state_u32(io, &s->op_blocks);
    state_bytes(io, s->op_block, sizeof s->op_block);
    state_end(io);
}

static void sha1_dev_destroy(void *opaque) { free(opaque); }

const DeviceOps sha1_ops = {
    .name = "sha1",
    .read = sha1_dev_read,
    .write = sha1_dev_write,
    .reset = sha1_dev_reset,
    .state = sha1_dev_state,
    .destroy = sha1_dev_destroy,
};

Sha1Dev *sha1_create(const DevEnv *env)
{
    Sha1Dev *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->env = *env;
    sched_register(env->sched, EV_SHA1, sha1_dev_event, s);
    return s;
}
