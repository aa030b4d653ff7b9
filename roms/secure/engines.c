/* The crypto engines, polled: SHA-1 (compression only; padding done here),
 * AES (GID or custom key, CBC decrypt), PKE (Montgomery multiplier:
 * s^65537 mod n as docs/devices/pke.md describes).  MMU off, so buffer
 * addresses are physical. */
#include "secure.h"
#include "soc.h"

/* ---- SHA-1, 0x38000000 (docs/devices/sha1.md) ---- */
#define SHA 0x38000000u
#define SHA_CONFIG 0x00
#define SHA_RESET 0x04
#define SHA_HASH 0x20
#define SHA_MEMORY_MODE 0x80
#define SHA_MEMORY_START 0x84
#define SHA_INSIZE 0x8C
#define SHA_FIRST 0x2u
#define SHA_CONTINUE 0xAu

static uint8_t sha_pad[128] __attribute__((aligned(64)));

static void sha_run(const void *p, uint32_t n, uint32_t trigger)
{
    wr32(SHA + SHA_MEMORY_MODE, 1);
    wr32(SHA + SHA_MEMORY_START, (uint32_t)(uintptr_t)p);
    wr32(SHA + SHA_INSIZE, n);
    wr32(SHA + SHA_CONFIG, trigger);
    while (rd32(SHA + SHA_CONFIG) & 2u) {}
}

void sha1_hw(const uint8_t *data, uint32_t len, uint8_t digest[20])
{
    uint32_t whole = len & ~63u, rem = len - whole;
    wr32(SHA + SHA_RESET, 1);
    if (whole) sha_run(data, whole, SHA_FIRST);
    for (unsigned i = 0; i < sizeof sha_pad; i++) sha_pad[i] = 0;
    for (uint32_t i = 0; i < rem; i++) sha_pad[i] = data[whole + i];
    sha_pad[rem] = 0x80;
    uint32_t padlen = rem + 1 + 8 <= 64 ? 64 : 128;
    uint64_t bits = (uint64_t)len * 8;
    for (unsigned i = 0; i < 8; i++) sha_pad[padlen - 1 - i] = (uint8_t)(bits >> (8 * i));
    sha_run(sha_pad, padlen, whole ? SHA_CONTINUE : SHA_FIRST);
    for (unsigned w = 0; w < 5; w++) {
        uint32_t v = rd32(SHA + SHA_HASH + 4 * w); /* digest bytes 4w..4w+3, little-endian */
        for (unsigned b = 0; b < 4; b++) digest[4 * w + b] = (uint8_t)(v >> (8 * b));
    }
    wr32(SHA + SHA_RESET, 1);
}

/* ---- AES, 0x38C00000 (docs/devices/aes.md) ---- */
#define AES 0x38C00000u
#define AES_GO 0x04
#define AES_STATUS 0x0C
#define AES_MODE 0x14
#define AES_SIZE 0x18
#define AES_CIPHER_ADDR 0x20
#define AES_PLAIN_ADDR 0x28
#define AES_KEY 0x4C
#define AES_TYPE 0x6C
#define AES_IV 0x74

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

bool aes_hw_decrypt(unsigned type, const uint8_t *key, unsigned key_bits, const uint8_t iv[16], void *data,
                    uint32_t len)
{
    unsigned code = key_bits == 256 ? 2u : key_bits == 192 ? 1u : 0u;
    wr32(AES + AES_MODE, code << 4); /* bit 0 = 0: decrypt */
    wr32(AES + AES_TYPE, type);
    if (type == 0) {
        unsigned n = key_bits / 32;
        for (unsigned k = 0; k < n; k++) wr32(AES + AES_KEY + 4 * (8 - n + k), le32(key + 4 * k));
    }
    for (unsigned k = 0; k < 4; k++) wr32(AES + AES_IV + 4 * k, le32(iv + 4 * k));
    wr32(AES + AES_SIZE, len);
    wr32(AES + AES_CIPHER_ADDR, (uint32_t)(uintptr_t)data);
    wr32(AES + AES_PLAIN_ADDR, (uint32_t)(uintptr_t)data);
    wr32(AES + AES_GO, 1);
    uint32_t st;
    while (((st = rd32(AES + AES_STATUS)) & 0xFu) != 0xFu) {}
    return !(st & 0x10u);
}

/* ---- PKE, 0x3D000000 (docs/devices/pke.md) ---- */
#define PKE 0x3D000000u
#define PKE_KEY_LEN 0x00
#define PKE_START 0x08
#define PKE_SEG_ID 0x0C
#define PKE_SEG_SIGN 0x10
#define PKE_SEG_SIZE 0x14
#define PKE_SWRESET 0x24
#define PKE_SRAM 0x800
#define PKE_MULTIPLY 1u
#define PKE_LOAD_MOD 8u
#define PKE_B_ONE 2u

static void pke_seg_words(unsigned seg, uint32_t segb, const uint32_t *w)
{
    for (uint32_t i = 0; i < segb / 4; i++) wr32(PKE + PKE_SRAM + seg * segb + 4 * i, w[i]);
}

static void pke_go(uint32_t cmd)
{
    wr32(PKE + PKE_START, cmd);
    while (rd32(PKE + PKE_START)) {}
}

static void pke_mont(unsigned a, unsigned b, unsigned d, uint32_t size_reg, bool b_one)
{
    wr32(PKE + PKE_SEG_ID, a << 24 | b << 16 | 0u << 8 | d);
    wr32(PKE + PKE_SEG_SIZE, size_reg | (b_one ? PKE_B_ONE : 0));
    pke_go(PKE_MULTIPLY);
}

bool pke_modexp65537(const uint8_t *in_be, uint8_t *out_be, uint32_t nbytes, const uint32_t *n_le,
                     const uint32_t *r2_le)
{
    uint32_t key_len, size_reg;
    if (nbytes == 128) {
        key_len = 1u | 15u << 3; /* 1056 bits */
        size_reg = 1u << 6;      /* 128-byte segments */
    } else if (nbytes == 256) {
        key_len = 3u | 15u << 3; /* 2112 bits */
        size_reg = 0;            /* 256-byte segments */
    } else {
        return false;
    }
    uint32_t s[64];
    for (uint32_t i = 0; i < nbytes / 4; i++) {
        const uint8_t *p = in_be + nbytes - 4 - 4 * i;
        s[i] = (uint32_t)p[3] | (uint32_t)p[2] << 8 | (uint32_t)p[1] << 16 | (uint32_t)p[0] << 24;
    }
    /* the signature must be below the modulus */
    bool below = false;
    for (int i = (int)(nbytes / 4) - 1; i >= 0; i--) {
        if (s[i] != n_le[i]) {
            below = s[i] < n_le[i];
            break;
        }
    }
    if (!below) return false;
    wr32(PKE + PKE_SWRESET, 1);
    wr32(PKE + PKE_KEY_LEN, key_len);
    wr32(PKE + PKE_SEG_SIZE, size_reg);
    wr32(PKE + PKE_SEG_SIGN, 0);
    pke_seg_words(0, nbytes, n_le);
    pke_seg_words(1, nbytes, s);
    pke_seg_words(2, nbytes, r2_le);
    wr32(PKE + PKE_SEG_ID, 0u << 8);
    pke_go(PKE_LOAD_MOD);
    pke_mont(1, 2, 3, size_reg, false);                            /* sR */
    pke_mont(3, 3, 4, size_reg, false);                            /* s^2 R */
    for (unsigned i = 1; i < 16; i++) pke_mont(4, 4, 4, size_reg, false); /* s^(2^16) R */
    pke_mont(4, 3, 5, size_reg, false);                            /* s^65537 R */
    pke_mont(5, 0, 1, size_reg, true);                             /* out of Montgomery form */
    for (uint32_t i = 0; i < nbytes / 4; i++) {
        uint32_t v = rd32(PKE + PKE_SRAM + 1 * nbytes + 4 * i);
        uint8_t *p = out_be + nbytes - 4 - 4 * i;
        p[0] = (uint8_t)(v >> 24);
        p[1] = (uint8_t)(v >> 16);
        p[2] = (uint8_t)(v >> 8);
        p[3] = (uint8_t)v;
    }
    wr32(PKE + PKE_SWRESET, 1);
    return true;
}

void secure_memcpy(void *d, const void *s, uint32_t n)
{
    uint8_t *dd = d;
    const uint8_t *ss = s;
    while (n--) *dd++ = *ss++;
}
