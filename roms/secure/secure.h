/*
 * ipodsim secure boot: code shared by our boot ROM (roms/bootrom) and our LLB
 * (roms/llb).  Drivers for the SPI NOR (SPI0, chip select GPIO 0x000 through
 * the GPIO FSEL register), the SHA-1 engine, the AES engine and the PKE
 * Montgomery multiplier, and the IMG3 check: parse with bounds checks, SHA-1
 * of the signed area, RSA PKCS#1 v1.5 check of SHSH with the PKE against the
 * root key compiled in (roms/build/keys/root_key.h, made at build time by
 * roms/bootrom/mkrootkey.c), CERT key == root key, KBAG unwrap with the GID
 * key, DATA decryption.  docs/secure-boot.md.
 */
#ifndef IPODSIM_SECURE_H
#define IPODSIM_SECURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FOURCC(a, b, c, d) (((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | (uint32_t)(d))
#define TAG_IMG3 FOURCC('I', 'm', 'g', '3')
#define TAG_TYPE FOURCC('T', 'Y', 'P', 'E')
#define TAG_DATA FOURCC('D', 'A', 'T', 'A')
#define TAG_SHSH FOURCC('S', 'H', 'S', 'H')
#define TAG_CERT FOURCC('C', 'E', 'R', 'T')
#define TAG_KBAG FOURCC('K', 'B', 'A', 'G')
#define TYPE_ILLB FOURCC('i', 'l', 'l', 'b')
#define TYPE_IBOT FOURCC('i', 'b', 'o', 't')

/* NOR (spinor.c) */
#define NOR_SIZE 0x100000u
#define NOR_IMAGE_AREA_END 0xFC000u
#define NOR_SEGMENT 0x1000u
#define NOR_IMG2_MAGIC 0x494D4732u
void spinor_init(void);
bool spinor_jedec_id(uint8_t id[3]);
void spinor_read(uint32_t addr, void *buf, uint32_t len);   /* command 0x03 */

/* Engines (engines.c) */
void sha1_hw(const uint8_t *data, uint32_t len, uint8_t digest[20]);
/* out = in ^ 65537 mod n (big-endian byte strings of nbytes, 128 or 256),
 * n and R^2 mod n as little-endian words (root_key.h); false if the
 * engine refused. */
bool pke_modexp65537(const uint8_t *in_be, uint8_t *out_be, uint32_t nbytes, const uint32_t *n_le,
                     const uint32_t *r2_le);
/* AES-CBC decrypt, key TYPE (0 custom, 1 GID), len bytes in place (the tail
 * under 16 bytes stays as it is); false on an engine error. */
bool aes_hw_decrypt(unsigned type, const uint8_t *key, unsigned key_bits, const uint8_t iv[16], void *data,
                    uint32_t len);

/* IMG3 (img3check.c) */
typedef struct SecImage {
    const uint8_t *payload; /* decrypted DATA, inside the checked buffer */
    uint32_t payload_len;
    bool encrypted;
} SecImage;
/* Check the IMG3 of `len` bytes at buf (writable: DATA is decrypted in
 * place) against the compiled-in root key; expected type `type`.  On
 * failure returns false and *why says what failed (a constant string). */
bool img3_secure_check(uint8_t *buf, uint32_t len, uint32_t type, SecImage *out, const char **why);

void secure_memcpy(void *d, const void *s, uint32_t n);
#endif
