/* IMG3 containers: parse, build, sign, verify, encrypt (image/img3.h,
 * docs/img3.md).  Format facts from s5l8720-core.md section 23; the
 * cryptography (SHA-1, RSA PKCS#1 v1.5, AES-CBC, PRNGs) is libtomcrypt's.
 *
 * Parsing trusts nothing: every length is checked against what is left
 * before it is used, with 32-bit arithmetic arranged so it cannot wrap. */
#include "image/img3.h"

#include "soc/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#include <tomcrypt.h>

#define fail img3_fail
#define rd32 img3_rd32
#define wr32 img3_wr32

#define CERT_VERSION 1u
#define CERT_HEADER 12u
#define KEY_DER_MAX 8192u

bool img3_fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return false;
}

uint32_t img3_rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

void img3_wr32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* libtomcrypt's descriptor tables are process-wide; registering twice is a no-op. */
static void crypto_init(void)
{
    ltc_mp = ltm_desc;
    register_hash(&sha1_desc);
    register_cipher(&aes_desc);
    register_prng(&sprng_desc);
    register_prng(&chacha20_prng_desc);
}

const char *img3_fourcc_str(uint32_t fourcc, char out[5])
{
    for (int i = 0; i < 4; i++) {
        uint8_t c = (uint8_t)(fourcc >> (24 - 8 * i));
        out[i] = (c >= 0x20 && c < 0x7F) ? (char)c : '?';
    }
    out[4] = '\0';
    return out;
}

bool img3_parse_fourcc(const char *s, uint32_t *out)
{
    if (!s || strlen(s) != 4)
        return false;
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        uint8_t c = (uint8_t)s[i];
        if (c < 0x20 || c >= 0x7F)
            return false;
        v = (v << 8) | c;
    }
    *out = v;
    return true;
}

bool img3_parse(const uint8_t *buf, size_t len, Img3 *img, char *err, size_t errlen)
{
    char fc[5];
    memset(img, 0, sizeof(*img));
    if (!buf || len < IMG3_HEADER_SIZE)
        return fail(err, errlen, "truncated: %zu bytes, an IMG3 header needs %d", buf ? len : 0,
                    IMG3_HEADER_SIZE);
    uint32_t magic = rd32(buf);
    if (magic != IMG3_MAGIC)
        return fail(err, errlen, "bad magic 0x%08x ('%s'), not an IMG3 file", magic,
                    img3_fourcc_str(magic, fc));
    uint32_t full = rd32(buf + 4), data_size = rd32(buf + 8), sig = rd32(buf + 12);
    if (full < IMG3_HEADER_SIZE)
        return fail(err, errlen, "fullSize %u is smaller than the %d-byte header", full, IMG3_HEADER_SIZE);
    if (full > len)
        return fail(err, errlen, "truncated: fullSize is %u bytes but only %zu are present", full, len);
    if (data_size > full - IMG3_HEADER_SIZE)
        return fail(err, errlen, "dataSize %u runs past fullSize %u", data_size, full);
    if (sig > data_size)
        return fail(err, errlen, "sigCheckArea %u exceeds dataSize %u", sig, data_size);
    img->buf = buf;
    img->full_size = full;
    img->data_size = data_size;
    img->sig_area = sig;
    img->ident = rd32(buf + 16);

    uint32_t off = IMG3_HEADER_SIZE, end = IMG3_HEADER_SIZE + data_size;
    while (off < end) {
        uint32_t left = end - off;
        if (left < IMG3_TAG_HEADER_SIZE)
            return fail(err, errlen, "tag at 0x%x: truncated, %u bytes left and a tag header needs %d", off,
                        left, IMG3_TAG_HEADER_SIZE);
        if (img->ntags == IMG3_MAX_TAGS)
            return fail(err, errlen, "more than %d tags", IMG3_MAX_TAGS);
        uint32_t m = rd32(buf + off), total = rd32(buf + off + 4), dlen = rd32(buf + off + 8);
        if (total < IMG3_TAG_HEADER_SIZE)
            return fail(err, errlen, "tag '%s' at 0x%x: totalLength %u is smaller than its %d-byte header",
                        img3_fourcc_str(m, fc), off, total, IMG3_TAG_HEADER_SIZE);
        if (total > left)
            return fail(err, errlen, "tag '%s' at 0x%x: totalLength %u runs past dataSize (%u bytes left)",
                        img3_fourcc_str(m, fc), off, total, left);
        if (dlen > total - IMG3_TAG_HEADER_SIZE)
            return fail(err, errlen, "tag '%s' at 0x%x: dataLength %u exceeds totalLength %u",
                        img3_fourcc_str(m, fc), off, dlen, total);
        Img3Tag *t = &img->tags[img->ntags++];
        t->magic = m;
        t->offset = off;
        t->total_len = total;
        t->data_len = dlen;
        t->data = buf + off + IMG3_TAG_HEADER_SIZE;
        off += total;
    }
    return true;
}

const Img3Tag *img3_find_tag(const Img3 *img, uint32_t magic)
{
    for (unsigned i = 0; i < img->ntags; i++)
        if (img->tags[i].magic == magic)
            return &img->tags[i];
    return NULL;
}

static uint64_t tag_total(uint32_t len) { return IMG3_TAG_HEADER_SIZE + (((uint64_t)len + 3) & ~(uint64_t)3); }

bool img3_build(uint32_t ident, const Img3TagSpec *tags, unsigned ntags, uint32_t sig_area, uint8_t **out,
                size_t *outlen, char *err, size_t errlen)
{
    *out = NULL;
    *outlen = 0;
    if (ntags > IMG3_MAX_TAGS)
        return fail(err, errlen, "%u tags, at most %d allowed", ntags, IMG3_MAX_TAGS);
    uint64_t size = IMG3_HEADER_SIZE;
    bool sig_ok = sig_area == 0;
    for (unsigned i = 0; i < ntags; i++) {
        size += tag_total(tags[i].len);
        if (size > IMG3_MAX_SIZE)
            return fail(err, errlen, "image would exceed %u bytes", (unsigned)IMG3_MAX_SIZE);
        if (size - IMG3_HEADER_SIZE == sig_area)
            sig_ok = true;
    }
    if (!sig_ok)
        return fail(err, errlen, "sigCheckArea %u does not end on a tag boundary", sig_area);
    uint8_t *b = calloc(1, (size_t)size);
    if (!b)
        return fail(err, errlen, "out of memory");
    wr32(b, IMG3_MAGIC);
    wr32(b + 4, (uint32_t)size);
    wr32(b + 8, (uint32_t)(size - IMG3_HEADER_SIZE));
    wr32(b + 12, sig_area);
    wr32(b + 16, ident);
    size_t off = IMG3_HEADER_SIZE;
    for (unsigned i = 0; i < ntags; i++) {
        uint32_t total = (uint32_t)tag_total(tags[i].len);
        wr32(b + off, tags[i].magic);
        wr32(b + off + 4, total);
        wr32(b + off + 8, tags[i].len);
        if (tags[i].len)
            memcpy(b + off + IMG3_TAG_HEADER_SIZE, tags[i].data, tags[i].len);
        off += total;
    }
    *out = b;
    *outlen = (size_t)size;
    return true;
}

bool img3_create(uint32_t ident, const char *vers, const uint8_t *payload, size_t payload_len, uint8_t **out,
                 size_t *outlen, char *err, size_t errlen)
{
    return img3_create_tags(ident, vers, payload, payload_len, NULL, 0, out, outlen, err, errlen);
}

bool img3_create_tags(uint32_t ident, const char *vers, const uint8_t *payload, size_t payload_len,
                      const Img3TagSpec *extra, unsigned nextra, uint8_t **out, size_t *outlen, char *err,
                      size_t errlen)
{
    *out = NULL;
    *outlen = 0;
    if (payload_len > IMG3_MAX_SIZE)
        return fail(err, errlen, "payload of %zu bytes is larger than %u", payload_len, (unsigned)IMG3_MAX_SIZE);
    uint8_t type[4];
    wr32(type, ident);
    if (nextra > 16)
        return fail(err, errlen, "at most 16 extra tags");
    Img3TagSpec specs[3 + 16] = {
        { IMG3_TAG_TYPE, type, 4 },
        { IMG3_TAG_DATA, payload, (uint32_t)payload_len },
    };
    unsigned n = 2;
    uint8_t *vbuf = NULL;
    if (vers) {
        size_t vl = strlen(vers);
        if (vl > 4096)
            return fail(err, errlen, "version string longer than 4096 characters");
        vbuf = malloc(4 + vl);
        if (!vbuf)
            return fail(err, errlen, "out of memory");
        wr32(vbuf, (uint32_t)vl);
        memcpy(vbuf + 4, vers, vl);
        specs[n++] = (Img3TagSpec){ IMG3_TAG_VERS, vbuf, (uint32_t)(4 + vl) };
    }
    for (unsigned i = 0; i < nextra; i++) specs[n++] = extra[i];
    bool ok = img3_build(ident, specs, n, 0, out, outlen, err, errlen);
    free(vbuf);
    return ok;
}

bool img3_signed_hash(const Img3 *img, uint8_t sha1[20], char *err, size_t errlen)
{
    crypto_init();
    /* parse guarantees sig_area <= data_size <= full_size - 20. */
    unsigned long outlen = 20;
    int rc = hash_memory(find_hash("sha1"), img->buf + 0x0C, 8u + img->sig_area, sha1, &outlen);
    if (rc != CRYPT_OK)
        return fail(err, errlen, "SHA-1: %s", error_to_string(rc));
    return true;
}

/* The image's tags minus those with magic drop1/drop2, into specs[]. */
static unsigned tags_except(const Img3 *img, Img3TagSpec *specs, uint32_t drop1, uint32_t drop2)
{
    unsigned n = 0;
    for (unsigned i = 0; i < img->ntags; i++) {
        const Img3Tag *t = &img->tags[i];
        if (t->magic == drop1 || t->magic == drop2)
            continue;
        specs[n++] = (Img3TagSpec){ t->magic, t->data, t->data_len };
    }
    return n;
}

static bool import_key(const uint8_t *der, size_t len, rsa_key *key, char *err, size_t errlen)
{
    crypto_init();
    if (!der || len == 0)
        return fail(err, errlen, "empty key");
    int rc = rsa_import(der, (unsigned long)len, key);
    if (rc != CRYPT_OK)
        return fail(err, errlen, "not an RSA key in DER form (%s)", error_to_string(rc));
    return true;
}

static bool export_public(rsa_key *key, uint8_t **pub, size_t *pub_len, char *err, size_t errlen)
{
    uint8_t *b = malloc(KEY_DER_MAX);
    unsigned long l = KEY_DER_MAX;
    if (!b)
        return fail(err, errlen, "out of memory");
    int rc = rsa_export(b, &l, PK_PUBLIC | PK_STD, key);
    if (rc != CRYPT_OK) {
        free(b);
        return fail(err, errlen, "exporting the public key: %s", error_to_string(rc));
    }
    *pub = b;
    *pub_len = l;
    return true;
}

bool img3_public_key(const uint8_t *der, size_t der_len, uint8_t **pub, size_t *pub_len, char *err,
                     size_t errlen)
{
    rsa_key key;
    if (!import_key(der, der_len, &key, err, errlen))
        return false;
    bool ok = export_public(&key, pub, pub_len, err, errlen);
    rsa_free(&key);
    return ok;
}

bool img3_sign(const uint8_t *in, size_t inlen, const uint8_t *key_der, size_t key_len, uint8_t **out,
               size_t *outlen, char *err, size_t errlen)
{
    *out = NULL;
    *outlen = 0;
    Img3 img;
    if (!img3_parse(in, inlen, &img, err, errlen))
        return false;
    rsa_key key;
    if (!import_key(key_der, key_len, &key, err, errlen))
        return false;
    bool ok = false;
    uint8_t *stage = NULL, *pub = NULL, *sig = NULL, *cert = NULL;
    size_t stage_len = 0, pub_len = 0;
    if (key.type != PK_PRIVATE) {
        fail(err, errlen, "signing needs a private key, this is a public key");
        goto out;
    }
    Img3TagSpec specs[IMG3_MAX_TAGS + 2];
    unsigned n = tags_except(&img, specs, IMG3_TAG_SHSH, IMG3_TAG_CERT);
    uint32_t area = 0;
    for (unsigned i = 0; i < n; i++)
        area += (uint32_t)tag_total(specs[i].len);
    /* The signed bytes [0x0C, 0x14 + area) are the same in this stage image
     * and in the final one, which only appends SHSH and CERT. */
    if (!img3_build(img.ident, specs, n, area, &stage, &stage_len, err, errlen))
        goto out;
    Img3 st;
    uint8_t hash[20];
    if (!img3_parse(stage, stage_len, &st, err, errlen) || !img3_signed_hash(&st, hash, err, errlen))
        goto out;
    unsigned long siglen = (unsigned long)rsa_get_size(&key);
    sig = malloc(siglen ? siglen : 1);
    if (!sig) {
        fail(err, errlen, "out of memory");
        goto out;
    }
    int rc = rsa_sign_hash_ex(hash, 20, sig, &siglen, LTC_PKCS_1_V1_5, NULL, find_prng("sprng"),
                              find_hash("sha1"), 0, &key);
    if (rc != CRYPT_OK) {
        fail(err, errlen, "RSA signing: %s", error_to_string(rc));
        goto out;
    }
    if (!export_public(&key, &pub, &pub_len, err, errlen))
        goto out;
    cert = malloc(CERT_HEADER + pub_len);
    if (!cert) {
        fail(err, errlen, "out of memory");
        goto out;
    }
    wr32(cert, IMG3_CERT_MAGIC);
    wr32(cert + 4, CERT_VERSION);
    wr32(cert + 8, (uint32_t)pub_len);
    memcpy(cert + CERT_HEADER, pub, pub_len);
    if (n + 2 > IMG3_MAX_TAGS) {
        fail(err, errlen, "no room for SHSH and CERT: image has %u tags", n);
        goto out;
    }
    specs[n++] = (Img3TagSpec){ IMG3_TAG_SHSH, sig, (uint32_t)siglen };
    specs[n++] = (Img3TagSpec){ IMG3_TAG_CERT, cert, (uint32_t)(CERT_HEADER + pub_len) };
    ok = img3_build(img.ident, specs, n, area, out, outlen, err, errlen);
out:
    free(stage);
    free(pub);
    free(sig);
    free(cert);
    rsa_free(&key);
    return ok;
}

bool img3_verify(const Img3 *img, const uint8_t *pub_der, size_t pub_len, char *err, size_t errlen)
{
    char fc[5];
    const Img3Tag *shsh = img3_find_tag(img, IMG3_TAG_SHSH);
    if (!shsh)
        return fail(err, errlen, "not signed: no SHSH tag");
    if (img->sig_area != shsh->offset - IMG3_HEADER_SIZE)
        return fail(err, errlen, "sigCheckArea 0x%x does not end at the SHSH tag (0x%x)", img->sig_area,
                    shsh->offset - IMG3_HEADER_SIZE);
    const Img3Tag *cert = NULL;
    for (const Img3Tag *t = shsh + 1; t < img->tags + img->ntags; t++) {
        if (t->magic != IMG3_TAG_CERT || cert)
            return fail(err, errlen, "tag '%s' after SHSH is not covered by the signature",
                        img3_fourcc_str(t->magic, fc));
        cert = t;
    }
    rsa_key key;
    if (!import_key(pub_der, pub_len, &key, err, errlen))
        return false;
    bool ok = false;
    uint8_t *trusted = NULL, *signer = NULL;
    size_t trusted_len = 0, signer_len = 0;
    if (cert) {
        if (cert->data_len < CERT_HEADER || rd32(cert->data) != IMG3_CERT_MAGIC) {
            fail(err, errlen, "CERT is not an ipodsim certificate ('ICRT' blob)");
            goto out;
        }
        uint32_t ver = rd32(cert->data + 4), klen = rd32(cert->data + 8);
        if (ver != CERT_VERSION) {
            fail(err, errlen, "CERT version %u, expected %u", ver, CERT_VERSION);
            goto out;
        }
        if (klen > cert->data_len - CERT_HEADER) {
            fail(err, errlen, "CERT key length %u runs past the tag (%u bytes)", klen, cert->data_len);
            goto out;
        }
        rsa_key ck;
        if (klen == 0 || rsa_import(cert->data + CERT_HEADER, klen, &ck) != CRYPT_OK) {
            fail(err, errlen, "CERT does not hold a valid RSA public key");
            goto out;
        }
        bool exp = export_public(&ck, &signer, &signer_len, err, errlen);
        rsa_free(&ck);
        if (!exp || !export_public(&key, &trusted, &trusted_len, err, errlen))
            goto out;
        if (signer_len != trusted_len || memcmp(signer, trusted, signer_len) != 0) {
            fail(err, errlen, "CERT key is not the trusted public key");
            goto out;
        }
    }
    unsigned need = (unsigned)rsa_get_size(&key);
    if (shsh->data_len != need) {
        fail(err, errlen, "SHSH is %u bytes, the %u-bit key needs %u", shsh->data_len, need * 8, need);
        goto out;
    }
    uint8_t hash[20];
    if (!img3_signed_hash(img, hash, err, errlen))
        goto out;
    int stat = 0;
    int rc = rsa_verify_hash_ex(shsh->data, shsh->data_len, hash, 20, LTC_PKCS_1_V1_5, find_hash("sha1"), 0,
                                &stat, &key);
    if (rc != CRYPT_OK || !stat) {
        fail(err, errlen, "SHSH signature does not match the signed area (image modified, or signed by another key)");
        goto out;
    }
    ok = true;
out:
    free(trusted);
    free(signer);
    rsa_free(&key);
    return ok;
}

static bool aes_cbc(bool encrypt, const uint8_t *key, size_t key_len, const uint8_t iv[16], const uint8_t *in,
                    uint8_t *out, size_t len, char *err, size_t errlen)
{
    crypto_init();
    if (len == 0)
        return true;
    symmetric_CBC cbc;
    int rc = cbc_start(find_cipher("aes"), iv, key, (int)key_len, 0, &cbc);
    if (rc == CRYPT_OK)
        rc = encrypt ? cbc_encrypt(in, out, (unsigned long)len, &cbc) : cbc_decrypt(in, out, (unsigned long)len, &cbc);
    cbc_done(&cbc);
    if (rc != CRYPT_OK)
        return fail(err, errlen, "AES-CBC: %s", error_to_string(rc));
    return true;
}

static bool key_size_ok(size_t n) { return n == 16 || n == 24 || n == 32; }
/* Bytes of the KBAG key field: the key, zero-padded to whole AES blocks. */
static uint32_t kbag_key_field(unsigned bits) { return bits > 128 ? 32u : 16u; }

bool img3_encrypt(const uint8_t *in, size_t inlen, const uint8_t *gid, size_t gid_len, unsigned key_bits,
                  const uint8_t iv[16], const uint8_t *key, uint8_t **out, size_t *outlen, char *err,
                  size_t errlen)
{
    *out = NULL;
    *outlen = 0;
    if (key_bits != 128 && key_bits != 192 && key_bits != 256)
        return fail(err, errlen, "AES key size %u bits: use 128, 192 or 256", key_bits);
    if (!gid || !key_size_ok(gid_len))
        return fail(err, errlen, "GID key is %zu bytes, it must be 16, 24 or 32", gid ? gid_len : 0);
    Img3 img;
    if (!img3_parse(in, inlen, &img, err, errlen))
        return false;
    const Img3Tag *data = img3_find_tag(&img, IMG3_TAG_DATA);
    if (!data)
        return fail(err, errlen, "no DATA tag to encrypt");
    if (img3_find_tag(&img, IMG3_TAG_KBAG))
        return fail(err, errlen, "already encrypted: the image has a KBAG");

    uint8_t *enc = malloc(data->data_len ? data->data_len : 1);
    if (!enc)
        return fail(err, errlen, "out of memory");
    size_t whole = data->data_len & ~(size_t)15;
    memcpy(enc, data->data, data->data_len);   /* the partial tail block stays clear */
    bool ok = aes_cbc(true, key, key_bits / 8, iv, data->data, enc, whole, err, errlen);

    uint8_t kbag[8 + 16 + 32], plain[16 + 32] = { 0 }, zero_iv[16] = { 0 };
    uint32_t field = kbag_key_field(key_bits);
    wr32(kbag, IMG3_KBAG_PROD);
    wr32(kbag + 4, key_bits);
    memcpy(plain, iv, 16);
    memcpy(plain + 16, key, key_bits / 8);
    if (ok)
        ok = aes_cbc(true, gid, gid_len, zero_iv, plain, kbag + 8, 16 + field, err, errlen);
    if (ok) {
        Img3TagSpec specs[IMG3_MAX_TAGS];
        unsigned n = tags_except(&img, specs, IMG3_TAG_SHSH, IMG3_TAG_CERT);
        for (unsigned i = 0; i < n; i++)
            if (specs[i].data == data->data && specs[i].magic == IMG3_TAG_DATA)
                specs[i].data = enc;
        if (n == IMG3_MAX_TAGS)
            ok = fail(err, errlen, "no room for a KBAG: image has %u tags", n);
        else {
            specs[n++] = (Img3TagSpec){ IMG3_TAG_KBAG, kbag, 8 + 16 + field };
            ok = img3_build(img.ident, specs, n, 0, out, outlen, err, errlen);
        }
    }
    memset(plain, 0, sizeof(plain));
    free(enc);
    return ok;
}

bool img3_kbag_unwrap(const Img3 *img, const uint8_t *gid, size_t gid_len, uint32_t *crypt_state,
                      unsigned *key_bits, uint8_t iv[16], uint8_t key[32], char *err, size_t errlen)
{
    const Img3Tag *kb = NULL;
    for (unsigned i = 0; i < img->ntags; i++) {
        const Img3Tag *t = &img->tags[i];
        if (t->magic != IMG3_TAG_KBAG)
            continue;
        if (t->data_len >= 4 && rd32(t->data) == IMG3_KBAG_PROD) {
            kb = t;   /* prefer the production (GID-wrapped) bag */
            break;
        }
        if (!kb)
            kb = t;
    }
    if (!kb)
        return fail(err, errlen, "no KBAG tag: the image is not encrypted");
    if (kb->data_len < 8)
        return fail(err, errlen, "KBAG is %u bytes, shorter than its 8-byte header", kb->data_len);
    uint32_t state = rd32(kb->data), bits = rd32(kb->data + 4);
    if (bits != 128 && bits != 192 && bits != 256)
        return fail(err, errlen, "KBAG key size %u bits: expected 128, 192 or 256", bits);
    uint32_t field = kbag_key_field(bits);
    if (kb->data_len < 8 + 16 + field)
        return fail(err, errlen, "KBAG is %u bytes, a %u-bit key bag needs %u", kb->data_len, bits, 8 + 16 + field);
    uint8_t plain[48];
    if (state == IMG3_KBAG_CLEAR) {
        memcpy(plain, kb->data + 8, 16 + field);
    } else {
        if (!gid)
            return fail(err, errlen, "image is encrypted (KBAG type %u): a GID key is needed", state);
        if (!key_size_ok(gid_len))
            return fail(err, errlen, "GID key is %zu bytes, it must be 16, 24 or 32", gid_len);
        uint8_t zero_iv[16] = { 0 };
        if (!aes_cbc(false, gid, gid_len, zero_iv, kb->data + 8, plain, 16 + field, err, errlen))
            return false;
    }
    *crypt_state = state;
    *key_bits = bits;
    memcpy(iv, plain, 16);
    memset(key, 0, 32);
    memcpy(key, plain + 16, bits / 8);
    memset(plain, 0, sizeof(plain));
    return true;
}

bool img3_extract_data(const Img3 *img, const uint8_t *gid, size_t gid_len, uint8_t **out, size_t *outlen,
                       char *err, size_t errlen)
{
    *out = NULL;
    *outlen = 0;
    const Img3Tag *data = img3_find_tag(img, IMG3_TAG_DATA);
    if (!data)
        return fail(err, errlen, "no DATA tag");
    uint8_t *b = malloc(data->data_len ? data->data_len : 1);
    if (!b)
        return fail(err, errlen, "out of memory");
    memcpy(b, data->data, data->data_len);
    if (img3_find_tag(img, IMG3_TAG_KBAG)) {
        uint32_t state;
        unsigned bits;
        uint8_t iv[16], key[32];
        bool ok = img3_kbag_unwrap(img, gid, gid_len, &state, &bits, iv, key, err, errlen) &&
                  aes_cbc(false, key, bits / 8, iv, data->data, b, data->data_len & ~(size_t)15, err, errlen);
        memset(key, 0, sizeof(key));
        if (!ok) {
            free(b);
            return false;
        }
    }
    *out = b;
    *outlen = data->data_len;
    return true;
}

bool img3_keygen(unsigned bits, bool use_seed, uint64_t seed, uint8_t **priv, size_t *priv_len, uint8_t **pub,
                 size_t *pub_len, char *err, size_t errlen)
{
    *priv = *pub = NULL;
    *priv_len = *pub_len = 0;
    if (bits < 1024 || bits > 4096 || bits % 8)
        return fail(err, errlen, "RSA key size %u bits: use 1024 to 4096, a multiple of 8", bits);
    crypto_init();
    prng_state prng;
    int idx, rc;
    if (use_seed) {
        idx = find_prng("chacha20");
        uint8_t ent[40] = "ipodsim img3 keygen test seed ------";
        for (int i = 0; i < 8; i++)
            ent[32 + i] = (uint8_t)(seed >> (8 * i));
        rc = chacha20_prng_start(&prng);
        if (rc == CRYPT_OK)
            rc = chacha20_prng_add_entropy(ent, sizeof(ent), &prng);
        if (rc == CRYPT_OK)
            rc = chacha20_prng_ready(&prng);
    } else {
        idx = find_prng("sprng");
        rc = sprng_start(&prng);
    }
    if (rc != CRYPT_OK || idx < 0)
        return fail(err, errlen, "PRNG: %s", error_to_string(rc));
    rsa_key key;
    rc = rsa_make_key(&prng, idx, (int)(bits / 8), 65537, &key);
    prng_descriptor[idx].done(&prng);
    if (rc != CRYPT_OK)
        return fail(err, errlen, "RSA key generation: %s", error_to_string(rc));
    bool ok = false;
    uint8_t *b = malloc(KEY_DER_MAX);
    unsigned long l = KEY_DER_MAX;
    if (!b) {
        fail(err, errlen, "out of memory");
    } else if ((rc = rsa_export(b, &l, PK_PRIVATE, &key)) != CRYPT_OK) {
        fail(err, errlen, "exporting the private key: %s", error_to_string(rc));
        free(b);
    } else if (!export_public(&key, pub, pub_len, err, errlen)) {
        free(b);
    } else {
        *priv = b;
        *priv_len = l;
        ok = true;
    }
    rsa_free(&key);
    return ok;
}

bool img3_random(uint8_t *out, size_t n, char *err, size_t errlen)
{
    if (rng_get_bytes(out, (unsigned long)n, NULL) != n)
        return fail(err, errlen, "the system random number generator failed");
    return true;
}

bool img3_read_file(const char *path, size_t max, uint8_t **buf, size_t *len, char *err, size_t errlen)
{
    int e = 0;
    switch (file_read_all(path, max, buf, len, &e)) {
    case FILE_READ_OK: return true;
    case FILE_READ_OPEN_FAILED: return fail(err, errlen, "%s: %s", path, strerror(e));
    case FILE_READ_IO_ERROR: return fail(err, errlen, "%s: read error", path);
    case FILE_READ_TOO_LARGE: return fail(err, errlen, "%s: larger than %zu bytes", path, max);
    case FILE_READ_NO_MEMORY: break;
    }
    return fail(err, errlen, "out of memory");
}
