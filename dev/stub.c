/* Placeholder device for unmodelled blocks (dev/stub.h; docs/devices/stub.md). */
#include "dev/stub.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "soc/state.h"

/* Report the first access to each word of the window (and every access
 * outside it: log_unimp rate-limits those per offset). */
static void note_access(StubDev *s, uint32_t off, bool write, unsigned size, uint32_t val)
{
    uint32_t word = off / 4;
    if (word < (s->size + 3) / 4) {
        uint8_t bit = (uint8_t)(1u << (word & 7));
        if (s->seen[word / 8] & bit) return;
        s->seen[word / 8] |= bit;
    }
    log_unimp(s->log, s->name, off, write, size, val);
}

static bool in_window(const StubDev *s, uint32_t off, unsigned size)
{
    return (size == 1 || size == 2 || size == 4) && off < s->size && size <= s->size - off;
}

static uint32_t stub_read(void *opaque, uint32_t off, unsigned size)
{
    StubDev *s = opaque;
    note_access(s, off, false, size, 0);
    if (!s->ram_like || !in_window(s, off, size)) return 0;
    uint32_t v = 0;
    for (unsigned i = 0; i < size; i++) v |= (uint32_t)s->mem[off + i] << (8 * i);
    return v;
}

static void stub_write(void *opaque, uint32_t off, uint32_t val, unsigned size)
{
    StubDev *s = opaque;
    note_access(s, off, true, size, val);
    if (!s->ram_like || !in_window(s, off, size)) return;
    for (unsigned i = 0; i < size; i++) s->mem[off + i] = (uint8_t)(val >> (8 * i));
}

/* The report bitmap is log bookkeeping (once per run, like log_unimp), not
 * device state: reset and load leave it alone. */
static void stub_reset(void *opaque)
{
    StubDev *s = opaque;
    if (s->mem) memset(s->mem, 0, s->size);
}

static void stub_state(void *opaque, StateIO *io)
{
    StubDev *s = opaque;
    if (!state_begin(io, "STUB", 1)) return;
    uint32_t size = s->ram_like ? s->size : 0;
    state_u32(io, &size);
    if (s->ram_like && size == s->size) state_bytes(io, s->mem, s->size);
    state_end(io); /* a size mismatch leaves the chunk unconsumed: a load error */
}

static void stub_destroy(void *opaque)
{
    StubDev *s = opaque;
    free(s->mem);
    free(s->seen);
    free(s);
}

const DeviceOps stub_ops = {
    .name = "stub",
    .read = stub_read,
    .write = stub_write,
    .reset = stub_reset,
    .state = stub_state,
    .destroy = stub_destroy,
};

StubDev *stub_create(const DevEnv *env, const char *name, bool ram_like, uint32_t size)
{
    StubDev *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->log = env->log;
    snprintf(s->name, sizeof s->name, "%s", name ? name : "stub");
    s->ram_like = ram_like;
    s->size = size;
    s->seen = calloc((size_t)(size / 4 + 1) / 8 + 1, 1);
    if (ram_like) s->mem = calloc(size ? size : 1, 1);
    if (!s->seen || (ram_like && !s->mem)) {
        stub_destroy(s);
        return NULL;
    }
    return s;
}
