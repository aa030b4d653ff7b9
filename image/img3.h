/* IMG3 containers (the iOS 2/3 boot image format, docs/img3.md and
 * s5l8720-core.md section 23): strict parsing with bounds checks on every
 * field, tag lookup, building and serialising, the signed-area SHA-1,
 * RSA signing (PKCS#1 v1.5 over SHA-1 in an SHSH tag plus ipodsim's own CERT
 * blob), verification, and AES-CBC encryption of the DATA payload under a
 * KBAG whose IV and key are themselves wrapped with a "GID" key.
 *
 * All cryptography comes from libtomcrypt (with libtommath as its math
 * provider).  Every function that can fail returns false (or NULL) and
 * writes one line, without a newline or program prefix, to err[errlen]. */
#ifndef IPODSIM_IMAGE_IMG3_H
#define IPODSIM_IMAGE_IMG3_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A four-character code as stored: the u32 whose big-endian reading is the text. */
#define IMG3_FOURCC(a, b, c, d) \
    (((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | (uint32_t)(d))

enum {
    IMG3_MAGIC = 0x496D6733u,         /* "Img3" */
    IMG3_HEADER_SIZE = 20,
    IMG3_TAG_HEADER_SIZE = 12,
    IMG3_MAX_TAGS = 64,
    IMG3_MAX_SIZE = 64u << 20,        /* largest file we build or accept: 64 MiB */
    IMG3_CERT_MAGIC = 0x49435254u,    /* "ICRT": ipodsim certificate blob */
    IMG3_KBAG_PROD = 1,               /* KBAG crypt state: wrapped with the GID key */
    IMG3_KBAG_DEV = 2,
    IMG3_KBAG_CLEAR = 0,              /* IV and key stored in clear */
};

enum Img3TagMagic {
    IMG3_TAG_TYPE = 0x54595045u,
    IMG3_TAG_DATA = 0x44415441u,
    IMG3_TAG_VERS = 0x56455253u,
    IMG3_TAG_SEPO = 0x5345504Fu,
    IMG3_TAG_SDOM = 0x53444F4Du,
    IMG3_TAG_PROD = 0x50524F44u,
    IMG3_TAG_CHIP = 0x43484950u,
    IMG3_TAG_BORD = 0x424F5244u,
    IMG3_TAG_ECID = 0x45434944u,
    IMG3_TAG_KBAG = 0x4B424147u,
    IMG3_TAG_SHSH = 0x53485348u,
    IMG3_TAG_CERT = 0x43455254u,
};

typedef struct Img3Tag {
    uint32_t magic;
    uint32_t offset;        /* file offset of the 12-byte tag header */
    uint32_t total_len;     /* header + payload + padding */
    uint32_t data_len;      /* payload bytes */
    const uint8_t *data;    /* payload, inside the parsed buffer */
} Img3Tag;

/* A parsed image.  Points into the caller's buffer, which must outlive it. */
typedef struct Img3 {
    const uint8_t *buf;
    uint32_t full_size;     /* header fullSize: bytes of buf that belong to the image */
    uint32_t data_size;     /* bytes of tags after the header */
    uint32_t sig_area;      /* sigCheckArea: tag bytes covered by the signature */
    uint32_t ident;         /* image type fourcc */
    unsigned ntags;
    Img3Tag tags[IMG3_MAX_TAGS];
} Img3;

/* A tag to serialise (payload copied, padded with zeros to a multiple of 4). */
typedef struct Img3TagSpec {
    uint32_t magic;
    const uint8_t *data;
    uint32_t len;
} Img3TagSpec;

/* Helpers shared by the image code: a one-line error into err (returns
 * false), little-endian 32-bit loads and stores. */
bool img3_fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
uint32_t img3_rd32(const uint8_t *p);
void img3_wr32(uint8_t *p, uint32_t v);

/* "Img3" text of a fourcc into out[5]; non-printable bytes become '?'. */
const char *img3_fourcc_str(uint32_t fourcc, char out[5]);
/* Exactly four printable ASCII characters -> fourcc. */
bool img3_parse_fourcc(const char *s, uint32_t *out);

/* Parse buf[0 .. len): header fields and every tag must lie inside fullSize,
 * which must lie inside len (trailing bytes after fullSize are allowed, as on
 * NOR).  Structural only: tag contents are checked by the users. */
bool img3_parse(const uint8_t *buf, size_t len, Img3 *img, char *err, size_t errlen);

/* First tag with this magic, or NULL. */
const Img3Tag *img3_find_tag(const Img3 *img, uint32_t magic);

/* Serialise a new image: header + tags in order.  sig_area must be 0 or the
 * byte count of a prefix of whole tags.  *out is malloc'd (caller frees). */
bool img3_build(uint32_t ident, const Img3TagSpec *tags, unsigned ntags, uint32_t sig_area,
                uint8_t **out, size_t *outlen, char *err, size_t errlen);

/* An unsigned image: TYPE, DATA (payload), VERS (when vers is not NULL). */
bool img3_create(uint32_t ident, const char *vers, const uint8_t *payload, size_t payload_len,
                 uint8_t **out, size_t *outlen, char *err, size_t errlen);
/* The same followed by extra tags (constraint tags: SEPO, CHIP, BORD, ...),
 * in the given order, all inside the signed area. */
bool img3_create_tags(uint32_t ident, const char *vers, const uint8_t *payload, size_t payload_len,
                      const Img3TagSpec *extra, unsigned nextra, uint8_t **out, size_t *outlen, char *err,
                      size_t errlen);

/* SHA-1 over file bytes [0x0C, 0x14 + sig_area) (section 23.4). */
bool img3_signed_hash(const Img3 *img, uint8_t sha1[20], char *err, size_t errlen);

/* Sign: drop any SHSH/CERT tags, set sigCheckArea to the remaining tags,
 * append SHSH (RSA PKCS#1 v1.5 over the SHA-1) and CERT (the signer's public
 * key in an "ICRT" blob, docs/img3.md).  key_der: RSA private key, DER. */
bool img3_sign(const uint8_t *in, size_t inlen, const uint8_t *key_der, size_t key_len,
               uint8_t **out, size_t *outlen, char *err, size_t errlen);

/* Verify a parsed image against the trusted public (or private) key, DER.
 * On failure err gives the reason (unsigned, wrong CERT key, bad signature...). */
bool img3_verify(const Img3 *img, const uint8_t *pub_der, size_t pub_len, char *err, size_t errlen);

/* Encrypt DATA with AES-CBC under key_bits/8 bytes of key and a 16-byte iv,
 * leaving the last partial block clear, and add a KBAG (type 1) holding
 * IV||key encrypted with AES-CBC, IV 0, under the gid key (16/24/32 bytes).
 * Drops SHSH/CERT (the signature would no longer match): sign afterwards. */
bool img3_encrypt(const uint8_t *in, size_t inlen, const uint8_t *gid, size_t gid_len,
                  unsigned key_bits, const uint8_t iv[16], const uint8_t *key,
                  uint8_t **out, size_t *outlen, char *err, size_t errlen);

/* The DATA payload, decrypted through the KBAG when the image has one (gid
 * may be NULL only for images without a wrapped KBAG).  *out is malloc'd. */
bool img3_extract_data(const Img3 *img, const uint8_t *gid, size_t gid_len,
                       uint8_t **out, size_t *outlen, char *err, size_t errlen);

/* Unwrap the first KBAG: *crypt_state, *key_bits, iv[16], key[32]. */
bool img3_kbag_unwrap(const Img3 *img, const uint8_t *gid, size_t gid_len, uint32_t *crypt_state,
                      unsigned *key_bits, uint8_t iv[16], uint8_t key[32], char *err, size_t errlen);

/* RSA key pair (e = 65537), DER: private PKCS#1 RSAPrivateKey, public
 * SubjectPublicKeyInfo.  use_seed: derive everything from seed through a
 * ChaCha20 PRNG (reproducible, tests only); otherwise the system RNG.
 * Outputs are malloc'd. */
bool img3_keygen(unsigned bits, bool use_seed, uint64_t seed, uint8_t **priv, size_t *priv_len,
                 uint8_t **pub, size_t *pub_len, char *err, size_t errlen);

/* Public key DER (SubjectPublicKeyInfo) of a private or public key DER. */
bool img3_public_key(const uint8_t *der, size_t der_len, uint8_t **pub, size_t *pub_len, char *err,
                     size_t errlen);

/* Whole file into a malloc'd buffer (at most max bytes, else an error),
 * with the image tools' wording of the reasons (soc/fileio.h does the I/O;
 * files are written with file_write_atomic). */
bool img3_read_file(const char *path, size_t max, uint8_t **buf, size_t *len, char *err, size_t errlen);

/* n random bytes from the system RNG. */
bool img3_random(uint8_t *out, size_t n, char *err, size_t errlen);

#endif
