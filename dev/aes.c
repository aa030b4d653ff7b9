/* S5L8720 AES engine (dev/aes.h; docs/devices/aes.md).
 *
 * GO latches the whole operation (direction, addresses, size, key bytes, IV)
 * into `op` and schedules EV_AES at the end of the modelled processing time;
 * the event reads the source, runs libtomcrypt's AES-CBC over it chunk by
 * chunk (the CBC state carries across chunks) and writes the destination, then
 * reports completion in STATUS and clears the KEY and IV registers. */
#include "dev/aes.h"

#include <stdlib.h>
#include <string.h>

#include <tomcrypt.h>

#include "soc/bus.h"
#include "soc/clocks.h"
#include "soc/state.h"

uint64_t aes_op_cycles(uint32_t size)
{
    uint64_t blocks = ((uint64_t)size + 15) / 16;
    return clk_cycles(AES_SETUP_HCLK + blocks * AES_BLOCK_HCLK, HCLK_HZ);
}

static void words_to_bytes(const uint32_t *w, unsigned n, uint8_t *out)
{
    for (unsigned i = 0; i < n; i++)
        for (unsigned b = 0; b < 4; b++) out[4 * i + b] = (uint8_t)(w[i] >> (8 * b));
}

/* Latch the key the operation uses (TYPE and MODE[5:4]). */
static void latch_key(AesDev *a, AesOp *op)
{
    uint32_t type = a->type;
    if (type > AES_TYPE_UID) {
        log_guest_error(a->env.log, "aes", AES_REG_TYPE, "key type %u unknown: custom key used", type);
        type = AES_TYPE_CUSTOM;
    }
    if (type == AES_TYPE_GID) {
        op->keylen = 32;
        memcpy(op->key, a->keys.gid, 32);
    } else if (type == AES_TYPE_UID) {
        op->keylen = 16;
        memcpy(op->key, a->keys.uid, 16);
    } else {
        static const uint32_t bits[4] = { 128, 192, 256, 256 };
        uint32_t n = bits[(a->mode >> AES_MODE_KEYSIZE_SHIFT) & AES_MODE_KEYSIZE_MASK];
        op->keylen = n / 8;
        words_to_bytes(&a->key[AES_KEY_WORDS - n / 32], n / 32, op->key);
    }
}

static void aes_go(AesDev *a)
{
    if (a->busy) {
        log_guest_error(a->env.log, "aes", AES_REG_GO, "GO while an operation is running (ignored)");
        return;
    }
    AesOp *op = &a->op;
    memset(op, 0, sizeof *op);
    op->encrypt = a->mode & AES_MODE_ENCRYPT;
    op->src = op->encrypt ? a->plain_addr : a->cipher_addr;
    op->dst = op->encrypt ? a->cipher_addr : a->plain_addr;
    op->size = a->size;
    latch_key(a, op);
    words_to_bytes(a->iv, AES_IV_WORDS, op->iv);
    a->busy = true;
    a->status = 0;
    sched_add(a->env.sched, EV_AES, aes_op_cycles(op->size), 0);
}

/* Run the latched operation on guest memory; false on a bus error. */
static bool aes_run(AesDev *a)
{
    AesOp *op = &a->op;
    uint32_t whole = op->size & ~15u;
    symmetric_CBC cbc;
    if (cbc_start(a->cipher, op->iv, op->key, (int)op->keylen, 0, &cbc) != CRYPT_OK) {
        log_guest_error(a->env.log, "aes", AES_REG_GO, "cipher setup failed");
        return true;
    }
    bool ok = true;
    for (uint32_t done = 0; done < whole && ok;) {
        uint32_t n = whole - done < AES_CHUNK ? whole - done : AES_CHUNK;
        ok = bus_dma_read(a->env.bus, op->src + done, a->buf, n);
        if (ok) {
            int err = op->encrypt ? cbc_encrypt(a->buf, a->buf, n, &cbc) : cbc_decrypt(a->buf, a->buf, n, &cbc);
            ok = err == CRYPT_OK && bus_dma_write(a->env.bus, op->dst + done, a->buf, n);
        }
        done += n;
    }
    cbc_done(&cbc);
    zeromem(&cbc, sizeof cbc);
    uint32_t tail = op->size - whole;
    if (ok && tail && op->src != op->dst) {
        ok = bus_dma_read(a->env.bus, op->src + whole, a->buf, tail) &&
             bus_dma_write(a->env.bus, op->dst + whole, a->buf, tail);
    }
    return ok;
}

static void aes_event(void *opaque, uint64_t param, uint64_t late)
{
    (void)param;
    (void)late;
    AesDev *a = opaque;
    if (!a->busy) return;
    bool ok = aes_run(a);
    if (!ok)
        log_guest_error(a->env.log, "aes", AES_REG_GO, "bus error during the operation (src 0x%08x dst 0x%08x)",
                        a->op.src, a->op.dst);
    a->status = AES_STATUS_DONE | (ok ? 0 : AES_STATUS_BUSERR);
    a->busy = false;
    memset(&a->op, 0, sizeof a->op);
    memset(a->key, 0, sizeof a->key);
    memset(a->iv, 0, sizeof a->iv);
}

/* The 32-bit register at a word-aligned offset, NULL if none is stored there. */
static uint32_t *reg_slot(AesDev *a, uint32_t off)
{
    switch (off) {
    case AES_REG_CONTROL: return &a->control;
    case AES_REG_UNKREG0: return &a->unkreg0;
    case AES_REG_UNKREG1: return &a->unkreg1;
    case AES_REG_MODE: return &a->mode;
    case AES_REG_SIZE: return &a->size;
    case AES_REG_CIPHER_ADDR: return &a->cipher_addr;
    case AES_REG_OUTSIZE: return &a->outsize;
    case AES_REG_PLAIN_ADDR: return &a->plain_addr;
    case AES_REG_AUXSIZE: return &a->auxsize;
    case AES_REG_AUXADDR: return &a->auxaddr;
    case AES_REG_SIZE3: return &a->size3;
    case AES_REG_TYPE: return &a->type;
    }
    if (off >= AES_REG_KEY && off < AES_REG_KEY + 4 * AES_KEY_WORDS) return &a->key[(off - AES_REG_KEY) / 4];
    if (off >= AES_REG_IV && off < AES_REG_IV + 4 * AES_IV_WORDS) return &a->iv[(off - AES_REG_IV) / 4];
    return NULL;
}

static bool is_secret(uint32_t off)
{
    return (off >= AES_REG_KEY && off < AES_REG_KEY + 4 * AES_KEY_WORDS) ||
           (off >= AES_REG_IV && off < AES_REG_IV + 4 * AES_IV_WORDS);
}

static uint32_t aes_read(void *opaque, uint32_t off, unsigned size)
{
    AesDev *a = opaque;
    uint32_t w = off & ~3u, v;
    if (size != 1 && size != 2 && size != 4) {
        log_unimp(a->env.log, "aes", off, false, size, 0);
        return 0;
    }
    if (w == AES_REG_STATUS) {
        v = a->busy ? 0 : a->status;
    } else if (w == AES_REG_GO) {
        v = 0;
    } else if (is_secret(w)) {
        log_guest_error(a->env.log, "aes", w, "read of a write-only key/IV register");
        v = 0;
    } else {
        uint32_t *r = reg_slot(a, w);
        if (!r) {
            log_unimp(a->env.log, "aes", off, false, size, 0);
            return 0;
        }
        v = *r;
    }
    v >>= 8 * (off & 3u);
    return size == 4 ? v : v & ((1u << (8 * size)) - 1);
}

static void aes_write(void *opaque, uint32_t off, uint32_t val, unsigned size)
{
    AesDev *a = opaque;
    uint32_t w = off & ~3u;
    if ((size != 1 && size != 2 && size != 4) || (off & (size - 1))) {
        log_unimp(a->env.log, "aes", off, true, size, val);
        return;
    }
    /* Narrow writes merge into the word (iBoot writes key bytes one by one). */
    uint32_t shift = 8 * (off & 3u);
    uint32_t mask = size == 4 ? 0xFFFFFFFFu : ((1u << (8 * size)) - 1) << shift;
    val = (val << shift) & mask;
    switch (w) {
    case AES_REG_GO:
        if (val & AES_GO_START) aes_go(a);
        return;
    case AES_REG_STATUS:
        log_guest_error(a->env.log, "aes", w, "write of 0x%08x to read-only STATUS", val);
        return;
    }
    uint32_t *r = reg_slot(a, w);
    if (!r) {
        log_unimp(a->env.log, "aes", off, true, size, val);
        return;
    }
    *r = (*r & ~mask) | val;
}

static void aes_reset(void *opaque)
{
    AesDev *a = opaque;
    sched_cancel(a->env.sched, EV_AES);
    a->control = a->unkreg0 = a->unkreg1 = a->status = a->mode = a->size = 0;
    a->cipher_addr = a->outsize = a->plain_addr = a->auxsize = a->auxaddr = a->size3 = a->type = 0;
    memset(a->key, 0, sizeof a->key);
    memset(a->iv, 0, sizeof a->iv);
    a->busy = false;
    memset(&a->op, 0, sizeof a->op);
}

static void aes_state(void *opaque, StateIO *io)
{
    AesDev *a = opaque;
    if (!state_begin(io, "AES ", 1)) return;
    uint32_t *regs[] = { &a->control, &a->unkreg0, &a->unkreg1, &a->status, &a->mode, &a->size,
                         &a->cipher_addr, &a->outsize, &a->plain_addr, &a->auxsize, &a->auxaddr,
                         &a->size3, &a->type };
    for (unsigned i = 0; i < sizeof regs / sizeof regs[0]; i++) state_u32(io, regs[i]);
    for (unsigned i = 0; i < AES_KEY_WORDS; i++) state_u32(io, &a->key[i]);
    for (unsigned i = 0; i < AES_IV_WORDS; i++) state_u32(io, &a->iv[i]);
    state_bool(io, &a->busy);
    state_bool(io, &a->op.encrypt);
    state_u32(io, &a->op.src);
    state_u32(io, &a->op.dst);
    state_u32(io, &a->op.size);
    state_u32(io, &a->op.keylen);
    state_bytes(io, a->op.key, sizeof a->op.key);
    state_bytes(io, a->op.iv, sizeof a->op.iv);
    state_end(io);
    /* A corrupt op.keylen is harmless: cbc_start rejects it at the event. */
}

static void aes_destroy(void *opaque)
{
    AesDev *a = opaque;
    zeromem(a, sizeof *a);
    free(a);
}

const DeviceOps aes_ops = {
    .name = "aes",
    .read = aes_read,
    .write = aes_write,
    .reset = aes_reset,
    .state = aes_state,
    .destroy = aes_destroy,
};

AesDev *aes_create(const DevEnv *env, const AesKeys *keys)
{
    AesDev *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    a->env = *env;
    if (keys) a->keys = *keys;
    a->cipher = register_cipher(&aes_desc);
    if (a->cipher < 0) {
        free(a);
        return NULL;
    }
    sched_register(env->sched, EV_AES, aes_event, a);
    return a;
}
