/* Save/load container (soc/state.h).  Layout, all little-endian:
 *   "IPSS" u32 format-version
 *   chunks: tag[4] u32 version u32 length, then length bytes of fields
 * Saving appends to a growing buffer; a chunk's length is patched in
 * state_end.  Loading walks the same order and checks each tag/version and
 * that the fields consumed exactly fill the chunk. */
#include "soc/state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STATE_MAGIC "IPSS"
#define STATE_FORMAT 1u

struct StateIO {
    bool loading;
    uint8_t *buf;
    size_t len, cap, pos;
    size_t chunk_start;      /* offset of the open chunk's payload */
    size_t chunk_end;        /* loading: end of the open chunk's payload */
    bool in_chunk;
    char error[128];
};

static void fail(StateIO *io, const char *msg, const char *tag)
{
    if (io->error[0]) return;
    if (tag)
        snprintf(io->error, sizeof io->error, "%s (chunk %.4s)", msg, tag);
    else
        snprintf(io->error, sizeof io->error, "%s", msg);
}

static bool grow(StateIO *io, size_t extra)
{
    if (io->len + extra <= io->cap) return true;
    size_t cap = io->cap ? io->cap : 4096;
    while (cap < io->len + extra) cap *= 2;
    uint8_t *b = realloc(io->buf, cap);
    if (!b) {
        fail(io, "out of memory", NULL);
        return false;
    }
    io->buf = b;
    io->cap = cap;
    return true;
}

static void put(StateIO *io, const void *p, size_t n)
{
    if (io->error[0] || !grow(io, n)) return;
    memcpy(io->buf + io->len, p, n);
    io->len += n;
}

static void get(StateIO *io, void *p, size_t n)
{
    size_t limit = io->in_chunk ? io->chunk_end : io->len;
    if (io->error[0] || n > limit - io->pos) {
        fail(io, "state data truncated", NULL);
        memset(p, 0, n);
        return;
    }
    memcpy(p, io->buf + io->pos, n);
    io->pos += n;
}

static void put_u32le(StateIO *io, uint32_t v)
{
    uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
    put(io, b, 4);
}

static uint32_t get_u32le(StateIO *io)
{
    uint8_t b[4];
    get(io, b, 4);
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

StateIO *state_create_save(void)
{
    StateIO *io = calloc(1, sizeof *io);
    if (!io) return NULL;
    put(io, STATE_MAGIC, 4);
    put_u32le(io, STATE_FORMAT);
    return io;
}

StateIO *state_create_load(const void *data, size_t len)
{
    StateIO *io = calloc(1, sizeof *io);
    if (!io) return NULL;
    io->loading = true;
    io->buf = malloc(len ? len : 1);
    if (!io->buf) {
        free(io);
        return NULL;
    }
    memcpy(io->buf, data, len);
    io->len = len;
    char magic[4];
    get(io, magic, 4);
    if (!io->error[0] && memcmp(magic, STATE_MAGIC, 4) != 0) fail(io, "not an ipodsim state (bad magic)", NULL);
    uint32_t fmt = get_u32le(io);
    if (!io->error[0] && fmt != STATE_FORMAT) fail(io, "unsupported state format version", NULL);
    return io;
}

void state_destroy(StateIO *io)
{
    if (!io) return;
    free(io->buf);
    free(io);
}

bool state_is_loading(const StateIO *io) { return io->loading; }

const void *state_data(const StateIO *io, size_t *len)
{
    *len = io->len;
    return io->buf;
}

const char *state_error(const StateIO *io) { return io->error[0] ? io->error : NULL; }

bool state_begin(StateIO *io, const char tag[4], uint32_t version)
{
    if (io->error[0]) return false;
    if (io->in_chunk) {
        fail(io, "nested state chunk", tag);
        return false;
    }
    if (!io->loading) {
        put(io, tag, 4);
        put_u32le(io, version);
        put_u32le(io, 0); /* length, patched by state_end */
        io->chunk_start = io->len;
        io->in_chunk = true;
        return !io->error[0];
    }
    char got[4];
    get(io, got, 4);
    uint32_t ver = get_u32le(io);
    uint32_t len = get_u32le(io);
    if (io->error[0]) return false;
    if (memcmp(got, tag, 4) != 0) {
        fail(io, "unexpected state chunk", got);
        return false;
    }
    if (ver != version) {
        fail(io, "unsupported chunk version", tag);
        return false;
    }
    if (len > io->len - io->pos) {
        fail(io, "state chunk truncated", tag);
        return false;
    }
    io->chunk_start = io->pos;
    io->chunk_end = io->pos + len;
    io->in_chunk = true;
    return true;
}

void state_end(StateIO *io)
{
    if (!io->in_chunk) return;
    io->in_chunk = false;
    if (io->error[0]) return;
    if (!io->loading) {
        uint32_t len = (uint32_t)(io->len - io->chunk_start);
        uint8_t *p = io->buf + io->chunk_start - 4;
        p[0] = (uint8_t)len;
        p[1] = (uint8_t)(len >> 8);
        p[2] = (uint8_t)(len >> 16);
        p[3] = (uint8_t)(len >> 24);
    } else if (io->pos != io->chunk_end) {
        fail(io, "state chunk size mismatch", (const char *)io->buf + io->chunk_start - 12);
    }
}

void state_bytes(StateIO *io, void *buf, size_t len)
{
    if (io->loading)
        get(io, buf, len);
    else
        put(io, buf, len);
}

void state_u8(StateIO *io, uint8_t *v) { state_bytes(io, v, 1); }

void state_u16(StateIO *io, uint16_t *v)
{
    uint8_t b[2] = { (uint8_t)*v, (uint8_t)(*v >> 8) };
    state_bytes(io, b, 2);
    if (io->loading) *v = (uint16_t)(b[0] | b[1] << 8);
}

void state_u32(StateIO *io, uint32_t *v)
{
    if (io->loading)
        *v = get_u32le(io);
    else
        put_u32le(io, *v);
}

void state_u64(StateIO *io, uint64_t *v)
{
    uint32_t lo = (uint32_t)*v, hi = (uint32_t)(*v >> 32);
    state_u32(io, &lo);
    state_u32(io, &hi);
    if (io->loading) *v = (uint64_t)hi << 32 | lo;
}

void state_bool(StateIO *io, bool *v)
{
    uint8_t b = *v ? 1 : 0;
    state_u8(io, &b);
    if (io->loading) *v = b != 0;
}
