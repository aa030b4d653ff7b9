/* IMG3 check of our boot ROM and LLB (docs/secure-boot.md), the rules of
 * image/img3.c's img3_verify and img3_extract_data done with the engines:
 *  - header and tag walk with every length bounds-checked against the buffer;
 *  - header ident and the TYPE tag equal the expected type;
 *  - SHSH present, sigCheckArea ends exactly at it, after it only one CERT;
 *  - CERT (if present): 'ICRT' v1 blob whose DER key equals the root key's;
 *  - SHSH is the modulus size; SHA-1 (engine) of bytes [0x0C, 0x14 +
 *    sigCheckArea) equals the digest in the PKCS#1 v1.5 block s^65537 mod n
 *    (PKE), with the exact padding 00 01 FF..FF 00 DigestInfo(SHA-1);
 *  - KBAG (first production one, else the first): IV||key unwrapped with
 *    the GID key (AES TYPE 1, IV 0), DATA decrypted in place (AES-CBC,
 *    whole blocks, custom key);
 *  - the decrypted payload starts with our vector table (IMG3 has no key
 *    check value: this is how a wrong GID key is noticed before jumping). */
#include "secure.h"
#include "root_key.h"

#define MAX_TAGS 16u
#define CERT_MAGIC 0x49435254u
#define VECTOR_WORD 0xE59FF018u   /* ldr pc, [pc, #24] */

typedef struct Tag {
    uint32_t magic, off, len;
    uint8_t *data;
} Tag;

static uint32_t rd(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static const uint8_t digest_info[15] = { 0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2B, 0x0E,
                                         0x03, 0x02, 0x1A, 0x05, 0x00, 0x04, 0x14 };

#define FAIL(msg)           \
    do {                    \
        *why = (msg);       \
        return false;       \
    } while (0)

bool img3_secure_check(uint8_t *buf, uint32_t len, uint32_t type, SecImage *out, const char **why)
{
    Tag tags[MAX_TAGS];
    unsigned nt = 0;
    if (len < 20) FAIL("truncated IMG3 header");
    if (rd(buf) != TAG_IMG3) FAIL("bad IMG3 magic");
    uint32_t full = rd(buf + 4), dsize = rd(buf + 8), area = rd(buf + 12), ident = rd(buf + 16);
    if (full < 20 || full > len) FAIL("IMG3 fullSize out of bounds");
    if (dsize > full - 20) FAIL("IMG3 dataSize runs past fullSize");
    if (area > dsize) FAIL("IMG3 sigCheckArea exceeds dataSize");
    uint32_t off = 20, end = 20 + dsize;
    while (off < end) {
        if (end - off < 12) FAIL("IMG3 tag header truncated");
        uint32_t total = rd(buf + off + 4), dlen = rd(buf + off + 8);
        if (total < 12 || total > end - off) FAIL("IMG3 tag length out of bounds");
        if (dlen > total - 12) FAIL("IMG3 tag data length exceeds the tag");
        if (nt == MAX_TAGS) FAIL("too many IMG3 tags");
        tags[nt++] = (Tag){ rd(buf + off), off, dlen, buf + off + 12 };
        off += total;
    }
    if (ident != type) FAIL("wrong image type in the IMG3 header");

    Tag *shsh = 0, *cert = 0, *data = 0, *typet = 0, *kbag = 0;
    unsigned si = 0;
    for (unsigned i = 0; i < nt; i++) {
        if (tags[i].magic == TAG_SHSH) {
            shsh = &tags[i];
            si = i;
            break;
        }
    }
    if (!shsh) FAIL("not signed (no SHSH tag)");
    if (shsh->off != 20 + area) FAIL("sigCheckArea does not end at the SHSH tag");
    for (unsigned i = si + 1; i < nt; i++) {
        if (tags[i].magic != TAG_CERT || cert) FAIL("a tag after SHSH is not covered by the signature");
        cert = &tags[i];
    }
    for (unsigned i = 0; i < si; i++) {
        Tag *t = &tags[i];
        if (t->magic == TAG_TYPE && !typet) typet = t;
        if (t->magic == TAG_DATA && !data) data = t;
        if (t->magic == TAG_KBAG && t->len >= 4 && (!kbag || (rd(kbag->data) != 1 && rd(t->data) == 1))) kbag = t;
    }
    if (!typet || typet->len < 4 || rd(typet->data) != type) FAIL("TYPE tag missing or not the expected type");
    if (!data) FAIL("no DATA tag");

    /* CERT: our one-level blob; its key must be the root key. */
    if (cert) {
        if (cert->len < 12 || rd(cert->data) != CERT_MAGIC || rd(cert->data + 4) != 1)
            FAIL("CERT is not an ipodsim certificate");
        uint32_t klen = rd(cert->data + 8);
        if (klen > cert->len - 12) FAIL("CERT key length runs past the tag");
        if (klen != ROOT_PUB_DER_LEN) FAIL("CERT key is not the root key");
        for (uint32_t i = 0; i < klen; i++)
            if (cert->data[12 + i] != root_pub_der[i]) FAIL("CERT key is not the root key");
    }

    /* SHSH: RSA PKCS#1 v1.5 SHA-1 over [0x0C, 0x14 + sigCheckArea). */
    if (shsh->len != ROOT_N_BYTES) FAIL("SHSH is not the size of the root key");
    uint8_t digest[20], em[ROOT_N_BYTES];
    sha1_hw(buf + 0x0C, 8 + area, digest);
    if (!pke_modexp65537(shsh->data, em, ROOT_N_BYTES, root_n_le, root_r2_le))
        FAIL("signature check failed (SHSH not below the modulus)");
    bool good = em[0] == 0 && em[1] == 1 && em[ROOT_N_BYTES - 36] == 0;
    for (uint32_t i = 2; i < ROOT_N_BYTES - 36; i++) good = good && em[i] == 0xFF;
    for (uint32_t i = 0; i < 15; i++) good = good && em[ROOT_N_BYTES - 35 + i] == digest_info[i];
    for (uint32_t i = 0; i < 20; i++) good = good && em[ROOT_N_BYTES - 20 + i] == digest[i];
    if (!good) FAIL("signature check failed");

    /* KBAG and DATA. */
    out->encrypted = false;
    if (kbag) {
        uint32_t state = rd(kbag->data);
        if (kbag->len < 8) FAIL("KBAG too short");
        uint32_t bits = rd(kbag->data + 4);
        if (bits != 128 && bits != 192 && bits != 256) FAIL("KBAG key size is not 128, 192 or 256");
        uint32_t field = bits > 128 ? 32u : 16u;
        if (kbag->len < 8 + 16 + field) FAIL("KBAG too short for its key size");
        uint8_t ivkey[48] __attribute__((aligned(16)));
        for (uint32_t i = 0; i < 16 + field; i++) ivkey[i] = kbag->data[8 + i];
        if (state == 1) {
            static const uint8_t zero_iv[16];
            if (!aes_hw_decrypt(1, 0, 256, zero_iv, ivkey, 16 + field)) FAIL("AES engine error unwrapping the KBAG");
        } else if (state != 0) {
            FAIL("unknown KBAG type");
        }
        if (data->len >= 16 && !aes_hw_decrypt(0, ivkey + 16, bits, ivkey, data->data, data->len & ~15u))
            FAIL("AES engine error decrypting DATA");
        for (unsigned i = 0; i < sizeof ivkey; i++) ((volatile uint8_t *)ivkey)[i] = 0;
        out->encrypted = true;
    }
    if (data->len < 64 || rd(data->data) != VECTOR_WORD)
        FAIL("decrypted payload is not our firmware (wrong GID key?)");
    out->payload = data->data;
    out->payload_len = data->len;
    return true;
}
