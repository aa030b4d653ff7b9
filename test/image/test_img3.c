/* IMG3 library (image/img3.c): images it builds parse back tag for tag;
 * sign -> verify round trips and any change to the signed area or SHSH is
 * rejected with its reason; the signature is the PKCS#1 v1.5 SHA-1 block
 * over file bytes [0x0C, 0x14 + sigCheckArea); encrypt -> extract round
 * trips through the GID-wrapped KBAG with the partial tail block clear;
 * every malformed header or tag gets its one-line error; and thousands of
 * mutated signed+encrypted images never make parse/verify/extract crash or
 * read out of bounds (run under ASan/UBSan by make check-asan). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tomcrypt.h>

#include "image/img3.h"

static uint8_t *key_priv, *key_pub, *other_pub;
static size_t key_priv_len, key_pub_len, other_pub_len;
static char err[512];

static const uint8_t gid[32] = { 0x10, 0x21, 0x32, 0x43, 0x54, 0x65, 0x76, 0x87, 0x98, 0xA9, 0xBA,
                                 0xCB, 0xDC, 0xED, 0xFE, 0x0F, 1,    2,    3,    4,    5,    6,
                                 7,    8,    9,    10,   11,   12,   13,   14,   15,   16 };
static const uint8_t aes_iv[16] = { 0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7,
                                    0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE, 0xAF };
static const uint8_t aes_key[32] = { 0x5A, 0x4B, 0x3C, 0x2D, 0x1E, 0x0F, 0xF0, 0xE1, 0xD2, 0xC3, 0xB4,
                                     0xA5, 0x96, 0x87, 0x78, 0x69, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66,
                                     0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF, 0x00 };

static void keys_setup(void)
{
    uint8_t *p2;
    size_t p2len;
    if (!img3_keygen(1024, true, 1, &key_priv, &key_priv_len, &key_pub, &key_pub_len, err, sizeof(err)) ||
        !img3_keygen(1024, true, 2, &p2, &p2len, &other_pub, &other_pub_len, err, sizeof(err))) {
        fprintf(stderr, "keygen: %s\n", err);
        abort();
    }
    free(p2);
}

static void keys_teardown(void)
{
    free(key_priv);
    free(key_pub);
    free(other_pub);
}

static void wr32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint8_t *payload_of(size_t n)
{
    uint8_t *p = malloc(n ? n : 1);
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(i * 7 + 3);
    return p;
}

static uint8_t *make_plain(size_t n, size_t *len)
{
    uint8_t *pl = payload_of(n), *out;
    ck_assert_msg(img3_create(IMG3_FOURCC('i', 'b', 'o', 't'), "iBoot-test", pl, n, &out, len, err, sizeof(err)),
                  "%s", err);
    free(pl);
    return out;
}

static uint8_t *make_signed(const uint8_t *in, size_t inlen, size_t *len)
{
    uint8_t *out;
    ck_assert_msg(img3_sign(in, inlen, key_priv, key_priv_len, &out, len, err, sizeof(err)), "%s", err);
    return out;
}

static uint8_t *make_encrypted(const uint8_t *in, size_t inlen, unsigned bits, size_t *len)
{
    uint8_t *out;
    ck_assert_msg(img3_encrypt(in, inlen, gid, sizeof(gid), bits, aes_iv, aes_key, &out, len, err, sizeof(err)),
                  "%s", err);
    return out;
}

START_TEST(test_img3_fourcc_text)
{
    uint32_t v;
    char s[5];
    ck_assert(img3_parse_fourcc("illb", &v));
    ck_assert_uint_eq(v, 0x696C6C62u);
    ck_assert_str_eq(img3_fourcc_str(IMG3_MAGIC, s), "Img3");
    ck_assert(!img3_parse_fourcc("abc", &v));
    ck_assert(!img3_parse_fourcc("abcde", &v));
    ck_assert(!img3_parse_fourcc("ab\ncd", &v));
}
END_TEST

START_TEST(test_img3_create_layout)
{
    size_t len;
    uint8_t *b = make_plain(100, &len);
    /* header 20 + TYPE 16 + DATA 12+100 + VERS 12+(4+10 -> 16) */
    ck_assert_uint_eq(len, 20 + 16 + 112 + 28);
    ck_assert_mem_eq(b, "3gmI", 4);
    Img3 img;
    ck_assert_msg(img3_parse(b, len, &img, err, sizeof(err)), "%s", err);
    ck_assert_uint_eq(img.full_size, len);
    ck_assert_uint_eq(img.data_size, len - 20);
    ck_assert_uint_eq(img.sig_area, 0);
    ck_assert_uint_eq(img.ident, IMG3_FOURCC('i', 'b', 'o', 't'));
    ck_assert_uint_eq(img.ntags, 3);
    ck_assert_uint_eq(img.tags[0].magic, IMG3_TAG_TYPE);
    ck_assert_uint_eq(img.tags[0].data_len, 4);
    ck_assert_mem_eq(img.tags[0].data, "tobi", 4);
    const Img3Tag *d = img3_find_tag(&img, IMG3_TAG_DATA);
    ck_assert_ptr_nonnull(d);
    ck_assert_uint_eq(d->offset, 36);
    ck_assert_uint_eq(d->data_len, 100);
    ck_assert_uint_eq(d->data[5], 38);
    const Img3Tag *v = img3_find_tag(&img, IMG3_TAG_VERS);
    ck_assert_uint_eq(v->data_len, 14);
    ck_assert_uint_eq(v->data[0], 10);
    ck_assert_mem_eq(v->data + 4, "iBoot-test", 10);
    ck_assert_ptr_null(img3_find_tag(&img, IMG3_TAG_SHSH));
    free(b);
}
END_TEST

START_TEST(test_img3_build_rejects_bad_sig_area)
{
    uint8_t *out;
    size_t len;
    uint8_t x[4] = { 0 };
    Img3TagSpec t[2] = { { IMG3_TAG_TYPE, x, 4 }, { IMG3_TAG_DATA, x, 3 } };
    ck_assert(img3_build(1, t, 2, 16, &out, &len, err, sizeof(err)));
    free(out);
    ck_assert(!img3_build(1, t, 2, 17, &out, &len, err, sizeof(err)));
    ck_assert_str_eq(err, "sigCheckArea 17 does not end on a tag boundary");
}
END_TEST

START_TEST(test_img3_sign_verify_roundtrip)
{
    size_t plen, slen;
    uint8_t *p = make_plain(333, &plen);
    uint8_t *s = make_signed(p, plen, &slen);
    Img3 img;
    ck_assert_msg(img3_parse(s, slen, &img, err, sizeof(err)), "%s", err);
    ck_assert_uint_eq(img.ntags, 5);
    const Img3Tag *sh = img3_find_tag(&img, IMG3_TAG_SHSH);
    ck_assert_ptr_nonnull(sh);
    ck_assert_uint_eq(sh->data_len, 128);
    ck_assert_uint_eq(img.sig_area, sh->offset - 20);
    ck_assert_uint_eq(img.tags[4].magic, IMG3_TAG_CERT);
    /* the tags before SHSH are the unsigned image's, unchanged */
    ck_assert_mem_eq(s + 16, p + 16, plen - 16);
    ck_assert_msg(img3_verify(&img, key_pub, key_pub_len, err, sizeof(err)), "%s", err);
    /* the private key also serves as the trusted key */
    ck_assert_msg(img3_verify(&img, key_priv, key_priv_len, err, sizeof(err)), "%s", err);
    /* re-signing replaces SHSH and CERT */
    size_t s2len;
    uint8_t *s2 = make_signed(s, slen, &s2len);
    ck_assert_uint_eq(s2len, slen);
    ck_assert_mem_eq(s2, s, slen);   /* PKCS#1 v1.5 is deterministic */
    free(s2);
    free(s);
    free(p);
}
END_TEST

/* The signature, opened with the raw RSA public operation, is the PKCS#1
 * v1.5 block around SHA-1 of bytes [0x0C, 0x14 + sigCheckArea). */
START_TEST(test_img3_signature_covers_section_23_4_area)
{
    size_t plen, slen;
    uint8_t *p = make_plain(50, &plen);
    uint8_t *s = make_signed(p, plen, &slen);
    Img3 img;
    ck_assert(img3_parse(s, slen, &img, err, sizeof(err)));
    uint8_t h[20];
    hash_state md;
    sha1_init(&md);
    sha1_process(&md, s + 12, 8 + img.sig_area);
    sha1_done(&md, h);
    rsa_key k;
    ck_assert_int_eq(rsa_import(key_pub, key_pub_len, &k), CRYPT_OK);
    uint8_t block[128];
    unsigned long bl = sizeof(block);
    const Img3Tag *sh = img3_find_tag(&img, IMG3_TAG_SHSH);
    ck_assert_int_eq(rsa_exptmod(sh->data, 128, block, &bl, PK_PUBLIC, &k), CRYPT_OK);
    rsa_free(&k);
    ck_assert_uint_eq(bl, 128);
    static const uint8_t di[15] = { 0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e,
                                    0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14 };
    ck_assert_uint_eq(block[0], 0);
    ck_assert_uint_eq(block[1], 1);
    for (int i = 2; i < 128 - 36; i++)
        ck_assert_uint_eq(block[i], 0xFF);
    ck_assert_uint_eq(block[128 - 36], 0);
    ck_assert_mem_eq(block + 128 - 35, di, 15);
    ck_assert_mem_eq(block + 128 - 20, h, 20);
    free(s);
    free(p);
}
END_TEST

static void expect_verify_fail(uint8_t *s, size_t slen, const uint8_t *pub, size_t publen, const char *reason)
{
    Img3 img;
    ck_assert_msg(img3_parse(s, slen, &img, err, sizeof(err)), "%s", err);
    err[0] = '\0';
    ck_assert(!img3_verify(&img, pub, publen, err, sizeof(err)));
    ck_assert_msg(strstr(err, reason) != NULL, "got '%s', expected '%s'", err, reason);
}

START_TEST(test_img3_verify_data_bit_flip_fails)
{
    size_t plen, slen;
    uint8_t *p = make_plain(200, &plen);
    uint8_t *s = make_signed(p, plen, &slen);
    Img3 img;
    ck_assert(img3_parse(s, slen, &img, err, sizeof(err)));
    uint32_t at = img3_find_tag(&img, IMG3_TAG_DATA)->offset + 12 + 77;
    s[at] ^= 0x08;
    expect_verify_fail(s, slen, key_pub, key_pub_len,
                       "SHSH signature does not match the signed area (image modified, or signed by another key)");
    s[at] ^= 0x08;
    s[16] ^= 1;   /* ident is signed too */
    expect_verify_fail(s, slen, key_pub, key_pub_len, "SHSH signature does not match");
    free(s);
    free(p);
}
END_TEST

START_TEST(test_img3_verify_shsh_bit_flip_fails)
{
    size_t plen, slen;
    uint8_t *p = make_plain(200, &plen);
    uint8_t *s = make_signed(p, plen, &slen);
    Img3 img;
    ck_assert(img3_parse(s, slen, &img, err, sizeof(err)));
    uint32_t sh = img3_find_tag(&img, IMG3_TAG_SHSH)->offset + 12;
    for (int i = 0; i < 128; i += 31) {
        s[sh + i] ^= 0x40;
        expect_verify_fail(s, slen, key_pub, key_pub_len, "SHSH signature does not match");
        s[sh + i] ^= 0x40;
    }
    free(s);
    free(p);
}
END_TEST

START_TEST(test_img3_verify_reasons)
{
    size_t plen, slen;
    uint8_t *p = make_plain(64, &plen);
    expect_verify_fail(p, plen, key_pub, key_pub_len, "not signed: no SHSH tag");
    uint8_t *s = make_signed(p, plen, &slen);
    expect_verify_fail(s, slen, other_pub, other_pub_len, "CERT key is not the trusted public key");
    expect_verify_fail(s, slen, (const uint8_t *)"junk", 4, "not an RSA key in DER form");
    /* sigCheckArea no longer at SHSH */
    uint32_t area = (uint32_t)(s[12] | s[13] << 8);
    wr32(s + 12, area - 16);
    expect_verify_fail(s, slen, key_pub, key_pub_len, "does not end at the SHSH tag");
    wr32(s + 12, area);
    /* a CERT that is not ours */
    Img3 img;
    ck_assert(img3_parse(s, slen, &img, err, sizeof(err)));
    uint32_t c = img3_find_tag(&img, IMG3_TAG_CERT)->offset + 12;
    s[c] ^= 1;
    expect_verify_fail(s, slen, key_pub, key_pub_len, "CERT is not an ipodsim certificate");
    s[c] ^= 1;
    /* the CERT turned into a DATA tag after SHSH */
    wr32(s + c - 12, IMG3_TAG_DATA);
    expect_verify_fail(s, slen, key_pub, key_pub_len, "tag 'DATA' after SHSH is not covered by the signature");
    free(s);
    free(p);
}
END_TEST

START_TEST(test_img3_sign_needs_private_key)
{
    size_t plen, slen;
    uint8_t *p = make_plain(10, &plen), *s;
    ck_assert(!img3_sign(p, plen, key_pub, key_pub_len, &s, &slen, err, sizeof(err)));
    ck_assert_str_eq(err, "signing needs a private key, this is a public key");
    ck_assert_ptr_null(s);
    free(p);
}
END_TEST

START_TEST(test_img3_keygen_deterministic_with_seed)
{
    uint8_t *a, *ap, *b, *bp;
    size_t al, apl, bl, bpl;
    ck_assert(img3_keygen(1024, true, 1, &a, &al, &ap, &apl, err, sizeof(err)));
    ck_assert_uint_eq(al, key_priv_len);
    ck_assert_mem_eq(a, key_priv, al);
    ck_assert_uint_eq(apl, key_pub_len);
    ck_assert_mem_eq(ap, key_pub, apl);
    ck_assert(other_pub_len != key_pub_len || memcmp(other_pub, key_pub, key_pub_len) != 0);
    ck_assert(img3_public_key(a, al, &b, &bl, err, sizeof(err)));
    ck_assert_uint_eq(bl, apl);
    ck_assert_mem_eq(b, ap, bl);
    free(b);
    ck_assert(!img3_keygen(512, true, 1, &b, &bl, &bp, &bpl, err, sizeof(err)));
    ck_assert_str_eq(err, "RSA key size 512 bits: use 1024 to 4096, a multiple of 8");
    free(a);
    free(ap);
}
END_TEST

static void roundtrip_bits(unsigned bits)
{
    const size_t n = 1000;   /* 62 whole blocks + an 8-byte tail */
    size_t plen, elen;
    uint8_t *pl = payload_of(n);
    uint8_t *p = make_plain(n, &plen);
    uint8_t *e = make_encrypted(p, plen, bits, &elen);
    Img3 img;
    ck_assert_msg(img3_parse(e, elen, &img, err, sizeof(err)), "%s", err);
    const Img3Tag *d = img3_find_tag(&img, IMG3_TAG_DATA);
    ck_assert_uint_eq(d->data_len, n);
    ck_assert(memcmp(d->data, pl, 992) != 0);
    ck_assert(memcmp(d->data, pl, 16) != 0);
    ck_assert(memcmp(d->data + 976, pl + 976, 16) != 0);
    ck_assert_mem_eq(d->data + 992, pl + 992, 8);
    const Img3Tag *kb = img3_find_tag(&img, IMG3_TAG_KBAG);
    ck_assert_ptr_nonnull(kb);
    ck_assert_uint_eq(kb->data_len, 8 + 16 + (bits > 128 ? 32 : 16));
    ck_assert_uint_eq(kb->data[0], 1);
    ck_assert_uint_eq(kb->data[4] | kb->data[5] << 8, bits);
    ck_assert(memcmp(kb->data + 8, aes_iv, 16) != 0);   /* wrapped, not clear */
    uint32_t st;
    unsigned kbits;
    uint8_t iv[16], key[32];
    ck_assert_msg(img3_kbag_unwrap(&img, gid, 32, &st, &kbits, iv, key, err, sizeof(err)), "%s", err);
    ck_assert_uint_eq(st, 1);
    ck_assert_uint_eq(kbits, bits);
    ck_assert_mem_eq(iv, aes_iv, 16);
    ck_assert_mem_eq(key, aes_key, bits / 8);
    uint8_t *x;
    size_t xl;
    ck_assert_msg(img3_extract_data(&img, gid, 32, &x, &xl, err, sizeof(err)), "%s", err);
    ck_assert_uint_eq(xl, n);
    ck_assert_mem_eq(x, pl, n);
    free(x);
    /* an independent decryption of the first block with the known key/IV */
    symmetric_CBC cbc;
    uint8_t blk[16];
    ck_assert_int_eq(cbc_start(find_cipher("aes"), aes_iv, aes_key, (int)bits / 8, 0, &cbc), CRYPT_OK);
    ck_assert_int_eq(cbc_decrypt(d->data, blk, 16, &cbc), CRYPT_OK);
    cbc_done(&cbc);
    ck_assert_mem_eq(blk, pl, 16);
    free(e);
    free(p);
    free(pl);
}

START_TEST(test_img3_encrypt_decrypt_roundtrip)
{
    roundtrip_bits(128);
    roundtrip_bits(192);
    roundtrip_bits(256);
}
END_TEST

START_TEST(test_img3_decrypt_needs_right_gid)
{
    size_t plen, elen;
    uint8_t *p = make_plain(64, &plen);
    uint8_t *e = make_encrypted(p, plen, 128, &elen);
    Img3 img;
    ck_assert(img3_parse(e, elen, &img, err, sizeof(err)));
    uint8_t *x;
    size_t xl;
    ck_assert(!img3_extract_data(&img, NULL, 0, &x, &xl, err, sizeof(err)));
    ck_assert_str_eq(err, "image is encrypted (KBAG type 1): a GID key is needed");
    ck_assert(!img3_extract_data(&img, gid, 15, &x, &xl, err, sizeof(err)));
    ck_assert_str_eq(err, "GID key is 15 bytes, it must be 16, 24 or 32");
    uint8_t wrong[32];
    memcpy(wrong, gid, 32);
    wrong[0] ^= 1;
    ck_assert(img3_extract_data(&img, wrong, 32, &x, &xl, err, sizeof(err)));
    uint8_t *pl = payload_of(64);
    ck_assert(memcmp(x, pl, 64) != 0);
    free(x);
    free(pl);
    /* encrypting twice is refused */
    uint8_t *e2;
    size_t e2l;
    ck_assert(!img3_encrypt(e, elen, gid, 32, 128, aes_iv, aes_key, &e2, &e2l, err, sizeof(err)));
    ck_assert_str_eq(err, "already encrypted: the image has a KBAG");
    ck_assert(!img3_encrypt(p, plen, gid, 32, 100, aes_iv, aes_key, &e2, &e2l, err, sizeof(err)));
    ck_assert_str_eq(err, "AES key size 100 bits: use 128, 192 or 256");
    free(e);
    free(p);
}
END_TEST

START_TEST(test_img3_encrypt_then_sign)
{
    size_t plen, elen, slen;
    uint8_t *p = make_plain(500, &plen);
    uint8_t *e = make_encrypted(p, plen, 256, &elen);
    uint8_t *s = make_signed(e, elen, &slen);
    Img3 img;
    ck_assert(img3_parse(s, slen, &img, err, sizeof(err)));
    /* KBAG sits before SHSH, inside the signed area */
    const Img3Tag *kb = img3_find_tag(&img, IMG3_TAG_KBAG), *sh = img3_find_tag(&img, IMG3_TAG_SHSH);
    ck_assert_uint_lt(kb->offset, sh->offset);
    ck_assert_msg(img3_verify(&img, key_pub, key_pub_len, err, sizeof(err)), "%s", err);
    uint8_t *x;
    size_t xl;
    ck_assert(img3_extract_data(&img, gid, 32, &x, &xl, err, sizeof(err)));
    uint8_t *pl = payload_of(500);
    ck_assert_uint_eq(xl, 500);
    ck_assert_mem_eq(x, pl, 500);
    free(x);
    free(pl);
    s[kb->offset + 12 + 9] ^= 1;   /* the key bag is signed */
    expect_verify_fail(s, slen, key_pub, key_pub_len, "SHSH signature does not match");
    /* encrypting a signed image drops the now-stale signature */
    uint8_t *e2;
    size_t e2l;
    uint8_t *s0 = make_signed(p, plen, &slen);
    ck_assert(img3_encrypt(s0, slen, gid, 32, 128, aes_iv, aes_key, &e2, &e2l, err, sizeof(err)));
    ck_assert(img3_parse(e2, e2l, &img, err, sizeof(err)));
    ck_assert_ptr_null(img3_find_tag(&img, IMG3_TAG_SHSH));
    ck_assert_ptr_null(img3_find_tag(&img, IMG3_TAG_CERT));
    ck_assert_uint_eq(img.sig_area, 0);
    free(e2);
    free(s0);
    free(s);
    free(e);
    free(p);
}
END_TEST

static void expect_parse_fail(const uint8_t *b, size_t len, const char *msg)
{
    Img3 img;
    uint8_t *copy = malloc(len ? len : 1);
    memcpy(copy, b, len);
    err[0] = '\0';
    ck_assert(!img3_parse(copy, len, &img, err, sizeof(err)));
    ck_assert_str_eq(err, msg);
    free(copy);
}

START_TEST(test_img3_truncated_and_magic_errors)
{
    size_t len;
    uint8_t *b = make_plain(100, &len);   /* 176 bytes */
    expect_parse_fail(b, 0, "truncated: 0 bytes, an IMG3 header needs 20");
    expect_parse_fail(b, 19, "truncated: 19 bytes, an IMG3 header needs 20");
    expect_parse_fail(b, 20, "truncated: fullSize is 176 bytes but only 20 are present");
    expect_parse_fail(b, 175, "truncated: fullSize is 176 bytes but only 175 are present");
    b[0] = 'X';
    expect_parse_fail(b, len, "bad magic 0x496d6758 ('ImgX'), not an IMG3 file");
    memcpy(b, "Img3", 4);
    expect_parse_fail(b, len, "bad magic 0x33676d49 ('3gmI'), not an IMG3 file");
    wr32(b, IMG3_MAGIC);
    Img3 img;
    ck_assert(img3_parse(b, len, &img, err, sizeof(err)));
    free(b);
}
END_TEST

START_TEST(test_img3_length_field_errors)
{
    size_t len;
    uint8_t *b = make_plain(100, &len);   /* tags: TYPE@20, DATA@36, VERS@148 */
    uint8_t *m = malloc(len);
#define MUT(off, val, msg)        \
    memcpy(m, b, len);            \
    wr32(m + (off), (val));       \
    expect_parse_fail(m, len, msg)
    MUT(4, 0, "fullSize 0 is smaller than the 20-byte header");
    MUT(4, 0xFFFFFFFFu, "truncated: fullSize is 4294967295 bytes but only 176 are present");
    MUT(8, 157, "dataSize 157 runs past fullSize 176");
    MUT(8, 0xFFFFFFF0u, "dataSize 4294967280 runs past fullSize 176");
    MUT(12, 157, "sigCheckArea 157 exceeds dataSize 156");
    MUT(8, 130, "tag at 0x94: truncated, 2 bytes left and a tag header needs 12");
    MUT(36 + 4, 0, "tag 'DATA' at 0x24: totalLength 0 is smaller than its 12-byte header");
    MUT(36 + 4, 0xFFFFFFF8u, "tag 'DATA' at 0x24: totalLength 4294967288 runs past dataSize (140 bytes left)");
    MUT(36 + 4, 141, "tag 'DATA' at 0x24: totalLength 141 runs past dataSize (140 bytes left)");
    MUT(36 + 8, 101, "tag 'DATA' at 0x24: dataLength 101 exceeds totalLength 112");
    MUT(36 + 8, 0xFFFFFFFFu, "tag 'DATA' at 0x24: dataLength 4294967295 exceeds totalLength 112");
#undef MUT
    /* dataSize 0 and length-0 tags are fine */
    memcpy(m, b, len);
    wr32(m + 8, 0);
    Img3 img;
    ck_assert(img3_parse(m, len, &img, err, sizeof(err)));
    ck_assert_uint_eq(img.ntags, 0);
    free(m);
    free(b);
}
END_TEST

START_TEST(test_img3_too_many_tags)
{
    size_t n = 65, len = 20 + 12 * n;
    uint8_t *b = calloc(1, len);
    wr32(b, IMG3_MAGIC);
    wr32(b + 4, (uint32_t)len);
    wr32(b + 8, (uint32_t)(len - 20));
    for (size_t i = 0; i < n; i++) {
        wr32(b + 20 + 12 * i, IMG3_TAG_SEPO);
        wr32(b + 20 + 12 * i + 4, 12);
    }
    expect_parse_fail(b, len, "more than 64 tags");
    free(b);
}
END_TEST

/* --- fuzz: mutated copies of a signed, encrypted image ------------------- */

static uint64_t rng_state;
static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

typedef struct FuzzStats {
    unsigned mutants, rejected, parsed, verified;
} FuzzStats;

static void check_mutant(const uint8_t *m0, size_t len, const uint8_t *base, const Img3 *bimg, FuzzStats *fs)
{
    uint8_t *m = malloc(len ? len : 1);   /* exact size, so ASan sees any overread */
    memcpy(m, m0, len);
    Img3 img;
    fs->mutants++;
    err[0] = '\0';
    if (!img3_parse(m, len, &img, err, sizeof(err))) {
        ck_assert_msg(err[0] != '\0', "rejected without a message");
        fs->rejected++;
        free(m);
        return;
    }
    fs->parsed++;
    ck_assert_uint_le(img.full_size, len);
    ck_assert_uint_le(img.sig_area, img.data_size);
    ck_assert_uint_le(20u + img.data_size, img.full_size);
    for (unsigned i = 0; i < img.ntags; i++) {
        const Img3Tag *t = &img.tags[i];
        ck_assert_uint_ge(t->offset, 20);
        ck_assert_uint_le((uint64_t)t->offset + t->total_len, 20u + img.data_size);
        ck_assert_uint_le((uint64_t)t->data_len + 12, t->total_len);
        ck_assert(t->data == m + t->offset + 12);
    }
    err[0] = '\0';
    if (img3_verify(&img, key_pub, key_pub_len, err, sizeof(err))) {
        /* only images whose signed bytes and signature are intact verify */
        fs->verified++;
        ck_assert_uint_eq(img.sig_area, bimg->sig_area);
        ck_assert_mem_eq(m + 12, base + 12, 8 + bimg->sig_area);
        const Img3Tag *sh = img3_find_tag(&img, IMG3_TAG_SHSH);
        ck_assert_mem_eq(sh->data, img3_find_tag(bimg, IMG3_TAG_SHSH)->data, 128);
    } else {
        ck_assert_msg(err[0] != '\0', "verify failed without a message");
    }
    uint8_t *x;
    size_t xl;
    err[0] = '\0';
    if (img3_extract_data(&img, gid, 32, &x, &xl, err, sizeof(err))) {
        ck_assert_uint_eq(xl, img3_find_tag(&img, IMG3_TAG_DATA)->data_len);
        free(x);
    } else {
        ck_assert_msg(err[0] != '\0', "extract failed without a message");
    }
    free(m);
}

START_TEST(test_img3_fuzz_mutants_never_crash)
{
    size_t plen, elen, len;
    uint8_t *p = make_plain(300, &plen);
    uint8_t *e = make_encrypted(p, plen, 128, &elen);
    uint8_t *base = make_signed(e, elen, &len);
    Img3 bimg;
    ck_assert(img3_parse(base, len, &bimg, err, sizeof(err)));
    ck_assert(img3_verify(&bimg, key_pub, key_pub_len, err, sizeof(err)));
    uint8_t *m = malloc(len);
    FuzzStats fs = { 0 };
    rng_state = 0x9E3779B97F4A7C15ull;

    /* truncations at every length of the first 200 bytes, and just short of the end */
    for (size_t l = 0; l < 200 && l < len; l++)
        check_mutant(base, l, base, &bimg, &fs);
    ck_assert_uint_eq(fs.rejected, 200);
    for (size_t l = len - 40; l <= len; l++)
        check_mutant(base, l, base, &bimg, &fs);

    /* every length field (header and each tag's) set to hostile values */
    uint32_t fields[2 + 2 * IMG3_MAX_TAGS + 1];
    unsigned nf = 0;
    fields[nf++] = 4;
    fields[nf++] = 8;
    fields[nf++] = 12;
    for (unsigned i = 0; i < bimg.ntags; i++) {
        fields[nf++] = bimg.tags[i].offset + 4;
        fields[nf++] = bimg.tags[i].offset + 8;
    }
    const Img3Tag *kb = img3_find_tag(&bimg, IMG3_TAG_KBAG);
    uint32_t kb_bits = kb->offset + 12 + 4;
    const uint32_t vals[] = { 0, 1, 3, 11, 12, 13, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu, 0xFFFFFFF4u,
                              (uint32_t)len, (uint32_t)len + 1, (uint32_t)len - 20, (uint32_t)len - 19, 64, 192 };
    for (unsigned f = 0; f <= nf; f++) {
        uint32_t off = f < nf ? fields[f] : kb_bits;
        for (size_t v = 0; v < sizeof(vals) / sizeof(vals[0]); v++) {
            memcpy(m, base, len);
            wr32(m + off, vals[v]);
            check_mutant(m, len, base, &bimg, &fs);
        }
        for (int d = -3; d <= 3; d++) {
            memcpy(m, base, len);
            wr32(m + off, (uint32_t)(m[off] | m[off + 1] << 8 | m[off + 2] << 16) + (uint32_t)d);
            check_mutant(m, len, base, &bimg, &fs);
        }
    }

    /* random byte flips: half anywhere, half in the header and tag headers */
    for (int i = 0; i < 20000; i++) {
        memcpy(m, base, len);
        int nflips = 1 + (int)(rnd() % 4);
        for (int k = 0; k < nflips; k++) {
            uint32_t pos;
            if (i & 1) {
                pos = rnd() % (uint32_t)len;
            } else {
                unsigned t = rnd() % (bimg.ntags + 1);
                pos = (t == bimg.ntags ? 0 : bimg.tags[t].offset) + rnd() % 20;
                if (pos >= len)
                    pos = (uint32_t)len - 1;
            }
            if (rnd() & 1)
                m[pos] ^= (uint8_t)(1u << (rnd() % 8));
            else
                m[pos] = (uint8_t)rnd();
        }
        size_t l = (rnd() % 8 == 0) ? rnd() % (len + 1) : len;
        check_mutant(m, l, base, &bimg, &fs);
    }
    ck_assert_uint_gt(fs.mutants, 20500);
    ck_assert_uint_gt(fs.rejected, 1000);
    ck_assert_uint_gt(fs.parsed, 1000);
    ck_assert_uint_ge(fs.verified, 1);   /* at least the untouched full-length truncation */
    free(m);
    free(base);
    free(e);
    free(p);
}
END_TEST

Suite *img3_suite(void)
{
    Suite *s = suite_create("img3");
    TCase *tc = tcase_create("img3");
    tcase_add_unchecked_fixture(tc, keys_setup, keys_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_img3_fourcc_text);
    tcase_add_test(tc, test_img3_create_layout);
    tcase_add_test(tc, test_img3_build_rejects_bad_sig_area);
    tcase_add_test(tc, test_img3_sign_verify_roundtrip);
    tcase_add_test(tc, test_img3_signature_covers_section_23_4_area);
    tcase_add_test(tc, test_img3_verify_data_bit_flip_fails);
    tcase_add_test(tc, test_img3_verify_shsh_bit_flip_fails);
    tcase_add_test(tc, test_img3_verify_reasons);
    tcase_add_test(tc, test_img3_sign_needs_private_key);
    tcase_add_test(tc, test_img3_keygen_deterministic_with_seed);
    tcase_add_test(tc, test_img3_encrypt_decrypt_roundtrip);
    tcase_add_test(tc, test_img3_decrypt_needs_right_gid);
    tcase_add_test(tc, test_img3_encrypt_then_sign);
    tcase_add_test(tc, test_img3_truncated_and_magic_errors);
    tcase_add_test(tc, test_img3_length_field_errors);
    tcase_add_test(tc, test_img3_too_many_tags);
    suite_add_tcase(s, tc);
    TCase *fz = tcase_create("fuzz");
    tcase_add_unchecked_fixture(fz, keys_setup, keys_teardown);
    tcase_set_timeout(fz, 60);
    tcase_add_test(fz, test_img3_fuzz_mutants_never_crash);
    suite_add_tcase(s, fz);
    return s;
}
