/* S5L8720 SHA-1 engine: the SHA-1 compression function over 64-byte blocks.
 *
 * Base 0x38000000, window 0x1000, no interrupt (polled).
 * Sources: s5l8720-core.md section 14 (the [Q] register model, the only
 * source) and 23.4 (firmware hashes IMG3 headers with it); details and
 * choices in docs/devices/sha1.md.
 *
 * Modelled: the engine holds a 160-bit chaining value.  Writing exactly 0x2
 * to CONFIG starts a FIRST operation: the chaining value is set to the SHA-1
 * initial value H0..H4, then the input blocks are compressed into it.
 * Writing exactly 0xA starts a CONTINUATION: the blocks are compressed into
 * the current chaining value.  Other CONFIG values are stored and read back
 * (the two trigger values are not).  The input is the 64-byte DATA[0..15]
 * block (PIO, word at 0x40 = bytes 0-3 little-endian) when MEMORY_MODE is 0,
 * else floor(INSIZE / 64) blocks read from physical memory at MEMORY_START
 * (bus_dma_read).  The hardware never pads: firmware appends 0x80, zeros and
 * the 64-bit big-endian bit length itself.  HASH[0..4] at 0x20-0x33 read the
 * chaining value as the digest byte stream: the word at 0x20 holds digest
 * bytes 0-3 little-endian (= H0 byte-swapped), as [Q].  An operation takes
 * SHA1_SETUP_HCLK + SHA1_BLOCK_HCLK per block of HCLK time (EV_SHA1); the
 * chaining value changes when the event fires.  While busy CONFIG reads
 * back the trigger value (bit 1 set), afterwards the stored configuration.
 * RESET (any write) clears the chaining value, DATA, CONFIG, the memory-mode
 * registers and cancels a running operation.
 *
 * Choices: HASH read while an operation runs returns the old chaining value
 * and is logged as a guest error (the hardware's stall or busy flag is
 * unknown); a trigger while busy is ignored and logged; INSIZE not a multiple
 * of 64 hashes the whole blocks and logs; a bus error in memory mode stops at
 * the failing block (the blocks before it are compressed) and logs.
 *
 * Not modelled: any CONFIG bit other than the two trigger values, the real
 * HASH word order of the hardware (unknown, [Q] order used), interrupts. */
#ifndef IPODSIM_DEV_SHA1_H
#define IPODSIM_DEV_SHA1_H

#include <stdbool.h>
#include <stdint.h>

#include "soc/device.h"

enum {
    SHA1_REG_CONFIG = 0x00,
    SHA1_REG_RESET = 0x04,
    SHA1_REG_HASH = 0x20, /* HASH[0..4], 0x20-0x33 */
    SHA1_REG_DATA = 0x40, /* DATA[0..15], 0x40-0x7F */
    SHA1_REG_MEMORY_MODE = 0x80,
    SHA1_REG_MEMORY_START = 0x84,
    SHA1_REG_INSIZE = 0x8C,
};

#define SHA1_CONFIG_FIRST 0x2u
#define SHA1_CONFIG_CONTINUE 0xAu
#define SHA1_HASH_WORDS 5
#define SHA1_DATA_WORDS 16
#define SHA1_BLOCK 64u

/* Cost model (docs/devices/sha1.md): HCLK cycles. */
#define SHA1_SETUP_HCLK 16u
#define SHA1_BLOCK_HCLK 80u

typedef struct Sha1Dev {
    DevEnv env;
    uint32_t h[SHA1_HASH_WORDS]; /* chaining value H0..H4 */
    uint32_t data[SHA1_DATA_WORDS];
    uint32_t config, memory_mode, memory_start, insize;
    /* The running operation (EV_SHA1 pending). */
    bool busy;
    uint32_t op_trigger;         /* 0x2 or 0xA */
    bool op_memory;
    uint32_t op_start, op_blocks;
    uint8_t op_block[SHA1_BLOCK]; /* the PIO block latched at the trigger */
} Sha1Dev;

extern const DeviceOps sha1_ops;

Sha1Dev *sha1_create(const DevEnv *env);

/* CPU cycles an operation over `blocks` blocks takes (tests, docs). */
uint64_t sha1_op_cycles(uint32_t blocks);

#endif
