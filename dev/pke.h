/* S5L8720 PKE: the public-key (RSA) engine, modelled as a Montgomery multiplier.
 *
 * Base 0x3D000000, window 0x1000, no interrupt (polled).
 * Sources: s5l8720-core.md section 15 (the [Qf] Montgomery register model,
 * low confidence: no public documentation exists) and 23.4 (how the boot
 * chain verifies IMG3 signatures with it); details in docs/devices/pke.md.
 *
 * Modelled: a 2 KiB operand SRAM at 0x800-0xFFF split into segments of
 * SEG_SIZE[7:6] bytes (0 = 256, 1 = 128, 2 = 64, 3 = 32), numbers stored
 * little-endian; KEY_LEN gives the Montgomery precision
 * bits = ((v & 3) + 1) * ((((v >> 3) & 0xF) + 1) * 32 + 16) and R = 2^bits;
 * SEG_ID selects A [31:24], B [23:16], modulus M [15:8] and destination
 * [7:0]; SEG_SIGN bit n marks segment n negative.  A START command with bit 3
 * latches the modulus from segment M; with bit 0 it computes
 * dest = A * B * R^-1 mod M (B = 1 when SEG_SIZE bit 1 is set), result in
 * [0, M).  Both bits: load, then multiply.  Commands are computed with
 * libtommath when EV_PKE fires, after PKE_SETUP_HCLK + words (modulus load)
 * + words^2 (multiply) HCLK cycles, words = ceil(bits / 32); until then START
 * reads back the command bits (busy) and 0 once done, and the SRAM holds its
 * old contents.  SWRESET cancels a running command and clears the latched
 * modulus and SEG_SIGN; KEY_LEN/SEG_ID/SEG_SIZE and the SRAM are kept.
 *
 * Choices: a multiply with no modulus loaded, an even modulus (R has no
 * inverse) or a segment number beyond the SRAM is a guest error and leaves
 * the destination unchanged; SEG_SIGN is never written by the engine; a
 * START while busy is ignored and logged; SEG_SIZE field 3 (undocumented)
 * continues the halving pattern (32 bytes).
 *
 * Not modelled: whatever else the real engine does (modular exponentiation
 * sequencing in hardware, other command bits, the register at 0x04), any
 * status register other than START; [Q]'s "fifth START computes
 * base^65537" shortcut. */
#ifndef IPODSIM_DEV_PKE_H
#define IPODSIM_DEV_PKE_H

#include <stdbool.h>
#include <stdint.h>

#include "soc/device.h"

enum {
    PKE_REG_KEY_LEN = 0x00,
    PKE_REG_START = 0x08,
    PKE_REG_SEG_ID = 0x0C,
    PKE_REG_SEG_SIGN = 0x10,
    PKE_REG_SEG_SIZE = 0x14,
    PKE_REG_SWRESET = 0x24,
    PKE_REG_SRAM = 0x800, /* 0x800-0xFFF */
};

#define PKE_SRAM_BYTES 2048u
#define PKE_MAX_SEG 256u
#define PKE_START_MULTIPLY (1u << 0)
#define PKE_START_LOAD_MOD (1u << 3)
#define PKE_SEG_SIZE_B_ONE (1u << 1)
#define PKE_SEG_SIZE_SHIFT 6
#define PKE_SEG_ID_A_SHIFT 24
#define PKE_SEG_ID_B_SHIFT 16
#define PKE_SEG_ID_M_SHIFT 8
#define PKE_SEG_ID_D_SHIFT 0

/* Cost model (docs/devices/pke.md): HCLK cycles. */
#define PKE_SETUP_HCLK 16u

typedef struct PkeDev {
    DevEnv env;
    uint32_t key_len, seg_id, seg_sign, seg_size;
    uint8_t sram[PKE_SRAM_BYTES];
    uint8_t mod[PKE_MAX_SEG]; /* latched modulus, little-endian */
    bool mod_valid;
    /* The running command (EV_PKE pending), latched at START. */
    bool busy;
    uint32_t op_cmd, op_key_len, op_seg_id, op_seg_sign, op_seg_size;
} PkeDev;

extern const DeviceOps pke_ops;

PkeDev *pke_create(const DevEnv *env);

/* Montgomery precision in bits that a KEY_LEN value selects. */
uint32_t pke_bits(uint32_t key_len);
/* CPU cycles a START command takes (tests, docs). */
uint64_t pke_op_cycles(uint32_t key_len, uint32_t cmd);

#endif
