/* S5L8720 PKE (dev/pke.h; docs/devices/pke.md).
 *
 * START latches the command and the control registers and schedules EV_PKE;
 * the event does the arithmetic with libtommath on the SRAM as it is then.
 * The SRAM keeps numbers little-endian and libtommath's byte import/export
 * is big-endian, so operands are reversed through a 256-byte buffer. */
#include "dev/pke.h"

#include <stdlib.h>
#include <string.h>

#include <tommath.h>

#include "soc/clocks.h"
#include "soc/state.h"

uint32_t pke_bits(uint32_t key_len)
{
    return ((key_len & 3u) + 1) * ((((key_len >> 3) & 0xFu) + 1) * 32 + 16);
}

uint64_t pke_op_cycles(uint32_t key_len, uint32_t cmd)
{
    uint64_t words = (pke_bits(key_len) + 31) / 32;
    uint64_t hclk = PKE_SETUP_HCLK;
    if (cmd & PKE_START_LOAD_MOD) hclk += words;
    if (cmd & PKE_START_MULTIPLY) hclk += words * words;
    return clk_cycles(hclk, HCLK_HZ);
}

static uint32_t seg_bytes(uint32_t seg_size) { return PKE_MAX_SEG >> ((seg_size >> PKE_SEG_SIZE_SHIFT) & 3u); }

/* Little-endian bytes -> mp_int. */
static bool load_le(mp_int *a, const uint8_t *le, uint32_t n)
{
    uint8_t be[PKE_MAX_SEG];
    for (uint32_t i = 0; i < n; i++) be[i] = le[n - 1 - i];
    return mp_from_ubin(a, be, n) == MP_OKAY;
}

/* mp_int in [0, 2^2048) -> n little-endian bytes (low bytes kept). */
static bool store_le(const mp_int *a, uint8_t *le, uint32_t n)
{
    uint8_t be[PKE_MAX_SEG];
    size_t len = 0;
    if (mp_to_ubin(a, be, sizeof be, &len) != MP_OKAY) return false;
    memset(le, 0, n);
    for (size_t i = 0; i < len && i < n; i++) le[i] = be[len - 1 - i];
    return true;
}

/* dest = A * B * R^-1 mod M; false (guest error logged) if it cannot run. */
static bool pke_multiply(PkeDev *p)
{
    uint32_t n = seg_bytes(p->op_seg_size), count = PKE_SRAM_BYTES / n;
    uint32_t sa = (p->op_seg_id >> PKE_SEG_ID_A_SHIFT) & 0xFFu;
    uint32_t sb = (p->op_seg_id >> PKE_SEG_ID_B_SHIFT) & 0xFFu;
    uint32_t sd = (p->op_seg_id >> PKE_SEG_ID_D_SHIFT) & 0xFFu;
    bool b_one = p->op_seg_size & PKE_SEG_SIZE_B_ONE;
    if (sa >= count || sd >= count || (!b_one && sb >= count)) {
        log_guest_error(p->env.log, "pke", PKE_REG_SEG_ID, "segment beyond the SRAM (SEG_ID 0x%08x)", p->op_seg_id);
        return false;
    }
    if (!p->mod_valid) {
        log_guest_error(p->env.log, "pke", PKE_REG_START, "multiply without a loaded modulus");
        return false;
    }
    mp_int a, b, m, r, t;
    if (mp_init_multi(&a, &b, &m, &r, &t, NULL) != MP_OKAY) return false;
    bool ok = load_le(&a, p->sram + sa * n, n) && load_le(&m, p->mod, PKE_MAX_SEG);
    if (ok && ((p->op_seg_sign >> sa) & 1u)) ok = mp_neg(&a, &a) == MP_OKAY;
    if (ok && b_one) {
        mp_set(&b, 1);
    } else if (ok) {
        ok = load_le(&b, p->sram + sb * n, n);
        if (ok && ((p->op_seg_sign >> sb) & 1u)) ok = mp_neg(&b, &b) == MP_OKAY;
    }
    if (ok && (mp_iszero(&m) || mp_iseven(&m))) {
        log_guest_error(p->env.log, "pke", PKE_REG_START, "modulus zero or even: no Montgomery inverse");
        ok = false;
    }
    /* r = R^-1 mod M with R = 2^bits; t = A*B mod M; t = t*r mod M. */
    if (ok) ok = mp_2expt(&r, (int)pke_bits(p->op_key_len)) == MP_OKAY;
    if (ok) ok = mp_invmod(&r, &m, &r) == MP_OKAY;
    if (ok) ok = mp_mulmod(&a, &b, &m, &t) == MP_OKAY;
    if (ok) ok = mp_mulmod(&t, &r, &m, &t) == MP_OKAY;
    if (ok) ok = store_le(&t, p->sram + sd * n, n);
    mp_clear_multi(&a, &b, &m, &r, &t, NULL);
    return ok;
}

static void pke_event(void *opaque, uint64_t param, uint64_t late)
{
    (void)param;
    (void)late;
    PkeDev *p = opaque;
    if (!p->busy) return;
    p->busy = false;
    if (p->op_cmd & PKE_START_LOAD_MOD) {
        uint32_t n = seg_bytes(p->op_seg_size);
        uint32_t sm = (p->op_seg_id >> PKE_SEG_ID_M_SHIFT) & 0xFFu;
        if (sm >= PKE_SRAM_BYTES / n) {
            log_guest_error(p->env.log, "pke", PKE_REG_SEG_ID, "modulus segment %u beyond the SRAM", sm);
        } else {
            memset(p->mod, 0, sizeof p->mod);
            memcpy(p->mod, p->sram + sm * n, n);
            p->mod_valid = true;
        }
    }
    if (p->op_cmd & PKE_START_MULTIPLY) pke_multiply(p);
}

static void pke_start(PkeDev *p, uint32_t val)
{
    uint32_t cmd = val & (PKE_START_MULTIPLY | PKE_START_LOAD_MOD);
    if (val & ~cmd) log_unimp(p->env.log, "pke", PKE_REG_START, true, 4, val);
    if (!cmd) return;
    if (p->busy) {
        log_guest_error(p->env.log, "pke", PKE_REG_START, "START while busy (ignored)");
        return;
    }
    p->busy = true;
    p->op_cmd = cmd;
    p->op_key_len = p->key_len;
    p->op_seg_id = p->seg_id;
    p->op_seg_sign = p->seg_sign;
    p->op_seg_size = p->seg_size;
    sched_add(p->env.sched, EV_PKE, pke_op_cycles(p->key_len, cmd), 0);
}

static uint32_t pke_reg(PkeDev *p, uint32_t off)
{
    if (off >= PKE_REG_SRAM && off < PKE_REG_SRAM + PKE_SRAM_BYTES) {
        const uint8_t *b = p->sram + (off - PKE_REG_SRAM);
        return b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    }
    switch (off) {
    case PKE_REG_KEY_LEN: return p->key_len;
    case PKE_REG_START: return p->busy ? p->op_cmd : 0;
    case PKE_REG_SEG_ID: return p->seg_id;
    case PKE_REG_SEG_SIGN: return p->seg_sign;
    case PKE_REG_SEG_SIZE: return p->seg_size;
    case PKE_REG_SWRESET: return 0;
    default: log_unimp(p->env.log, "pke", off, false, 4, 0); return 0;
    }
}

static uint32_t pke_read(void *opaque, uint32_t off, unsigned size)
{
    PkeDev *p = opaque;
    if (size != 1 && size != 2 && size != 4) {
        log_unimp(p->env.log, "pke", off, false, size, 0);
        return 0;
    }
    uint32_t v = pke_reg(p, off & ~3u) >> (8 * (off & 3u));
    return size == 4 ? v : v & ((1u << (8 * size)) - 1);
}

static void pke_swreset(PkeDev *p)
{
    sched_cancel(p->env.sched, EV_PKE);
    p->busy = false;
    p->op_cmd = p->op_key_len = p->op_seg_id = p->op_seg_sign = p->op_seg_size = 0;
    memset(p->mod, 0, sizeof p->mod);
    p->mod_valid = false;
    p->seg_sign = 0;
}

static void pke_write(void *opaque, uint32_t off, uint32_t val, unsigned size)
{
    PkeDev *p = opaque;
    if (off >= PKE_REG_SRAM && off < PKE_REG_SRAM + PKE_SRAM_BYTES) {
        if ((size != 1 && size != 2 && size != 4) || (off & (size - 1))) {
            log_unimp(p->env.log, "pke", off, true, size, val);
            return;
        }
        for (unsigned i = 0; i < size; i++) p->sram[off - PKE_REG_SRAM + i] = (uint8_t)(val >> (8 * i));
        return;
    }
    if (size != 4 || (off & 3u)) {
        log_guest_error(p->env.log, "pke", off, "%u-byte write ignored (registers are 32-bit)", size);
        return;
    }
    switch (off) {
    case PKE_REG_KEY_LEN: p->key_len = val; break;
    case PKE_REG_START: pke_start(p, val); break;
    case PKE_REG_SEG_ID: p->seg_id = val; break;
    case PKE_REG_SEG_SIGN: p->seg_sign = val; break;
    case PKE_REG_SEG_SIZE: p->seg_size = val; break;
    case PKE_REG_SWRESET: pke_swreset(p); break;
    default: log_unimp(p->env.log, "pke", off, true, size, val); break;
    }
}

static void pke_reset(void *opaque)
{
    PkeDev *p = opaque;
    pke_swreset(p);
    p->key_len = p->seg_id = p->seg_size = 0;
    memset(p->sram, 0, sizeof p->sram);
}

static void pke_state(void *opaque, StateIO *io)
{
    PkeDev *p = opaque;
    if (!state_begin(io, "PKE ", 1)) return;
    state_u32(io, &p->key_len);
    state_u32(io, &p->seg_id);
    state_u32(io, &p->seg_sign);
    state_u32(io, &p->seg_size);
    state_bytes(io, p->sram, sizeof p->sram);
    state_bytes(io, p->mod, sizeof p->mod);
    state_bool(io, &p->mod_valid);
    state_bool(io, &p->busy);
    state_u32(io, &p->op_cmd);
    state_u32(io, &p->op_key_len);
    state_u32(io, &p->op_seg_id);
    state_u32(io, &p->op_seg_sign);
    state_u32(io, &p->op_seg_size);
    state_end(io);
}

static void pke_destroy(void *opaque) { free(opaque); }

const DeviceOps pke_ops = {
    .name = "pke",
    .read = pke_read,
    .write = pke_write,
    .reset = pke_reset,
    .state = pke_state,
    .destroy = pke_destroy,
};

PkeDev *pke_create(const DevEnv *env)
{
    PkeDev *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->env = *env;
    sched_register(env->sched, EV_PKE, pke_event, p);
    return p;
}
