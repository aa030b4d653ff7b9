/* S5L8720 AES engine: AES-CBC over physical memory with a custom, GID or UID key.
 *
 * Base 0x38C00000, window 0x1000, no interrupt (firmware polls STATUS).
 * Sources: s5l8720-core.md section 13 (registers 13.1, operation 13.2), 23.5
 * (how KBAGs and DATA are decrypted), 24 (the [O]/[Q] disagreements);
 * details and choices in docs/devices/aes.md.
 *
 * Modelled: the register file of 13.1; GO runs one AES-CBC operation over the
 * whole 16-byte blocks of SIZE bytes, reading the source and writing the
 * destination in guest physical memory (bus_dma_read/bus_dma_write); MODE bit
 * 0 = encrypt (1) / decrypt (0); MODE bits [5:4] = custom key size (0 = 128,
 * 1 = 192, 2 = 256, 3 = 256); CIPHER_ADDR (0x20) is the ciphertext side and
 * PLAIN_ADDR (0x28) the plaintext side ([Q]); a key of n bits sits in the
 * LAST n/32 KEY words, each word holding 4 key bytes in memory (little-endian)
 * order (AES-128: key bytes 0-3 in the word at 0x5C); TYPE 0 = custom key,
 * 1 = GID key, 2 = UID key; the IV registers likewise in memory byte order.  A trailing partial
 * block is copied from source to destination unchanged (in place: untouched).
 * The operation takes AES_SETUP_HCLK + AES_BLOCK_HCLK per started 16-byte
 * block of HCLK time (EV_AES); STATUS & 0xF reads 0 from GO until then and
 * 0xF afterwards; the data is written when the event fires.  At completion
 * the KEY and IV registers are cleared.
 *
 * Key choices: the GID key is AES-256 (all 32 bytes of AesKeys.gid) and the
 * UID key AES-128 (the first 16 bytes of AesKeys.uid); MODE bits [5:4] only
 * size the custom key (a KBAG's own key size says how long the decrypted
 * key is, not how long the GID key is).  TYPE values above 2 act as custom
 * (logged).  A bus error stops the operation where it happened (what was
 * written stays) and completes with STATUS = 0xF | AES_STATUS_BUSERR
 * (an invented bit: the hardware's error report is unknown, and leaving
 * STATUS at 0 would hang firmware that polls it).
 *
 * Not modelled: the [O] alternative (byte-swapped key words, key size at
 * MODE[17:16]), the third buffer AUXADDR/AUXSIZE (stored only), CONTROL,
 * UNKREG0/1, OUTSIZE, SIZE3 (stored only), the clock gate (the engine runs
 * ungated), modes other than CBC (MODE bits [3:1] stored only). */
#ifndef IPODSIM_DEV_AES_H
#define IPODSIM_DEV_AES_H

#include <stdbool.h>
#include <stdint.h>

#include "soc/device.h"

enum {
    AES_REG_CONTROL = 0x00,
    AES_REG_GO = 0x04,
    AES_REG_UNKREG0 = 0x08,
    AES_REG_STATUS = 0x0C,
    AES_REG_UNKREG1 = 0x10,
    AES_REG_MODE = 0x14,
    AES_REG_SIZE = 0x18,
    AES_REG_CIPHER_ADDR = 0x20,
    AES_REG_OUTSIZE = 0x24,
    AES_REG_PLAIN_ADDR = 0x28,
    AES_REG_AUXSIZE = 0x2C,
    AES_REG_AUXADDR = 0x30,
    AES_REG_SIZE3 = 0x34,
    AES_REG_KEY = 0x4C, /* KEY[0..7], 0x4C-0x6B */
    AES_REG_TYPE = 0x6C,
    AES_REG_IV = 0x74, /* IV[0..3], 0x74-0x83 */
};

#define AES_KEY_WORDS 8
#define AES_IV_WORDS 4

#define AES_GO_START (1u << 0)
#define AES_MODE_ENCRYPT (1u << 0)
#define AES_MODE_KEYSIZE_SHIFT 4
#define AES_MODE_KEYSIZE_MASK 3u
#define AES_STATUS_DONE 0xFu
#define AES_STATUS_BUSERR (1u << 4)

enum { AES_TYPE_CUSTOM = 0, AES_TYPE_GID = 1, AES_TYPE_UID = 2 };

/* Cost model (docs/devices/aes.md): HCLK cycles. */
#define AES_SETUP_HCLK 64u
#define AES_BLOCK_HCLK 16u
/* Bytes moved per bus_dma_read/write call while the result is written. */
#define AES_CHUNK 4096u

/* Device secrets handed over at creation (AES-256-sized buffers). */
typedef struct AesKeys {
    uint8_t gid[32]; /* AES-256 */
    uint8_t uid[32]; /* AES-128: bytes 0-15 used */
} AesKeys;

/* What GO latched: the operation the pending EV_AES completes. */
typedef struct AesOp {
    bool encrypt;
    uint32_t src, dst, size;
    uint32_t keylen; /* bytes: 16, 24 or 32 */
    uint8_t key[32];
    uint8_t iv[16];
} AesOp;

typedef struct AesDev {
    DevEnv env;
    AesKeys keys;
    int cipher; /* libtomcrypt cipher index (bound at creation, not state) */
    uint32_t control, unkreg0, unkreg1, status, mode, size;
    uint32_t cipher_addr, outsize, plain_addr, auxsize, auxaddr, size3, type;
    uint32_t key[AES_KEY_WORDS];
    uint32_t iv[AES_IV_WORDS];
    bool busy;
    AesOp op;
    uint8_t buf[AES_CHUNK]; /* scratch (not state) */
} AesDev;

extern const DeviceOps aes_ops;

AesDev *aes_create(const DevEnv *env, const AesKeys *keys);

/* CPU cycles one operation of `size` bytes takes (tests, docs). */
uint64_t aes_op_cycles(uint32_t size);

#endif
