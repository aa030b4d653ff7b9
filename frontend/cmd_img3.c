/* `ipodsim img3 SUBCOMMAND`: inspect, build, sign, verify, encrypt and
 * extract IMG3 files with image/img3.c.  docs/img3.md is the user
 * documentation.  Outputs are written to a temporary file and renamed, so a
 * failed command never leaves a partial file. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/cli.h"
#include "image/img3.h"
#include "soc/fileio.h"

int cmd_img3(int argc, char **argv);
void cmd_img3_help(FILE *out);

#define KEY_FILE_MAX 65536u
#define ERRLEN 512

void cmd_img3_help(FILE *out)
{
    fprintf(out,
            "usage: ipodsim img3 SUBCOMMAND [OPTIONS] ARGS\n"
            "\n"
            "IMG3 containers, the boot image format of the iPod Touch 2G (docs/img3.md).\n"
            "\n"
            "Subcommands:\n"
            "  info FILE                    header, tags, signature and encryption state\n"
            "  extract [--gid-key K] FILE OUT\n"
            "                               write the DATA payload; decrypted through the\n"
            "                               KBAG when --gid-key is given\n"
            "  create --type FOURCC [--vers STR] [--tag NAME=VALUE]... PAYLOAD OUT\n"
            "                               unsigned image: TYPE, DATA, VERS and the\n"
            "                               constraint tags given with --tag (SEPO, SDOM,\n"
            "                               PROD, CHIP, BORD, BDID, SCEP: 32-bit; ECID:\n"
            "                               64-bit), e.g. --tag CHIP=0x8720 --tag BORD=0\n"
            "  sign --key KEY.der IN OUT    sign with an RSA private key (SHSH + CERT)\n"
            "  verify --pubkey PUB.der FILE check the signature against a trusted key\n"
            "  encrypt --gid-key K [--key-size 128|192|256] IN OUT\n"
            "                               AES-CBC encrypt DATA under a random key and IV,\n"
            "                               wrapped with the GID key in a KBAG (default\n"
            "                               128); drops any signature: sign afterwards\n"
            "  keygen [--bits 1024|2048] [--pub PUB.der] [--seed N] OUT.der\n"
            "                               RSA key pair (default 1024 bits, as the SHSH of\n"
            "                               real images); --seed N is reproducible and\n"
            "                               for tests only: never use it for real keys\n"
            "\n"
            "A GID key file holds 16, 24 or 32 raw bytes, or that many bytes as hex text.\n"
            "Options also take the form --opt=VALUE.  Exit status: 0 success, 1 error\n"
            "(including a signature that does not verify).\n");
}

#define MAX_TAGS 16

typedef struct Opts {
    const char *type, *vers, *key, *pubkey, *gid_key, *pub, *seed;
    const char *tags[MAX_TAGS];     /* create --tag NAME=VALUE */
    unsigned ntags;
    unsigned key_size, bits;
    const char *pos[3];
    int npos;
} Opts;

/* Allowed options per subcommand, as a list of names. */
typedef struct Sub {
    const char *name;
    int npos;
    const char *opts;   /* space-separated option names, e.g. "--gid-key --key-size" */
    const char *usage;
} Sub;

static const Sub subs[] = {
    { "info", 1, "", "info FILE" },
    { "extract", 2, "--gid-key", "extract [--gid-key FILE] FILE OUT" },
    { "create", 2, "--type --vers --tag", "create --type FOURCC [--vers STR] [--tag NAME=VALUE]... PAYLOAD OUT" },
    { "sign", 2, "--key", "sign --key KEY.der IN OUT" },
    { "verify", 1, "--pubkey", "verify --pubkey PUB.der FILE" },
    { "encrypt", 2, "--gid-key --key-size", "encrypt --gid-key FILE [--key-size 128|192|256] IN OUT" },
    { "keygen", 1, "--bits --pub --seed", "keygen [--bits 1024|2048] [--pub PUB.der] [--seed N] OUT.der" },
};

static int usage_error(const char *sub, const char *msg, const char *arg)
{
    fprintf(stderr, "ipodsim img3%s%s: %s%s%s%s\n", sub ? " " : "", sub ? sub : "", msg, arg ? " '" : "",
            arg ? arg : "", arg ? "'" : "");
    return 1;
}

static int error(const char *sub, const char *msg)
{
    fprintf(stderr, "ipodsim img3 %s: %s\n", sub, msg);
    return 1;
}

static bool opt_allowed(const Sub *s, const char *name)
{
    size_t n = strlen(name);
    const char *p = s->opts;
    while ((p = strstr(p, name)) != NULL) {
        if ((p == s->opts || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return true;
        p += n;
    }
    return false;
}

/* Returns 0 on success, else the exit status after printing the error. */
static int parse_opts(const Sub *s, int argc, char **argv, Opts *o)
{
    memset(o, 0, sizeof(*o));
    bool no_more = false;
    for (int i = 2; i < argc; i++) {
        char *a = argv[i];
        if (no_more || a[0] != '-' || a[1] == '\0') {
            if (o->npos == s->npos)
                return usage_error(s->name, "unexpected argument", a);
            o->pos[o->npos++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            no_more = true;
            continue;
        }
        char name[32];
        const char *val = NULL;
        const char *eq = strchr(a, '=');
        size_t nl = eq ? (size_t)(eq - a) : strlen(a);
        if (nl >= sizeof(name))
            return usage_error(s->name, "unknown option", a);
        memcpy(name, a, nl);
        name[nl] = '\0';
        if (!opt_allowed(s, name))
            return usage_error(s->name, "unknown option", name);
        if (eq)
            val = eq + 1;
        else if (i + 1 < argc)
            val = argv[++i];
        else
            return usage_error(s->name, "missing value for", name);
        uint64_t v;
        if (!strcmp(name, "--type"))
            o->type = val;
        else if (!strcmp(name, "--vers"))
            o->vers = val;
        else if (!strcmp(name, "--tag")) {
            if (o->ntags == MAX_TAGS)
                return usage_error(s->name, "too many --tag options (at most 16), at", val);
            o->tags[o->ntags++] = val;
        }
        else if (!strcmp(name, "--key"))
            o->key = val;
        else if (!strcmp(name, "--pubkey"))
            o->pubkey = val;
        else if (!strcmp(name, "--gid-key"))
            o->gid_key = val;
        else if (!strcmp(name, "--pub"))
            o->pub = val;
        else if (!strcmp(name, "--seed")) {
            if (!cli_parse_u64(val, 0, UINT64_MAX, &v))
                return usage_error(s->name, "--seed needs a non-negative integer, not", val);
            o->seed = val;
        } else if (!strcmp(name, "--key-size")) {
            if (!cli_parse_u64(val, 0, 256, &v) || (v != 128 && v != 192 && v != 256))
                return usage_error(s->name, "--key-size must be 128, 192 or 256, not", val);
            o->key_size = (unsigned)v;
        } else if (!strcmp(name, "--bits")) {
            if (!cli_parse_u64(val, 0, 2048, &v) || (v != 1024 && v != 2048))
                return usage_error(s->name, "--bits must be 1024 or 2048, not", val);
            o->bits = (unsigned)v;
        }
    }
    if (o->npos < s->npos) {
        char msg[160];
        snprintf(msg, sizeof(msg), "missing arguments; usage: ipodsim img3 %s", s->usage);
        return usage_error(s->name, msg, NULL);
    }
    return 0;
}

static bool hexval(int c, unsigned *v)
{
    if (c >= '0' && c <= '9')
        *v = (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f')
        *v = (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
        *v = (unsigned)(c - 'A' + 10);
    else
        return false;
    return true;
}

/* GID key file: raw 16/24/32 bytes, or hex text of that many bytes. */
static bool load_gid(const char *path, uint8_t key[32], size_t *klen, char *err, size_t errlen)
{
    uint8_t *b;
    size_t n;
    if (!img3_read_file(path, 1024, &b, &n, err, errlen))
        return false;
    size_t digits = 0;
    bool hex = n > 0;
    for (size_t i = 0; i < n && hex; i++) {
        unsigned v;
        if (hexval(b[i], &v))
            digits++;
        else if (!isspace(b[i]))
            hex = false;
    }
    bool ok = true;
    if (hex && (digits == 32 || digits == 48 || digits == 64)) {
        size_t k = 0;
        unsigned hi = 0, v;
        for (size_t i = 0; i < n; i++) {
            if (!hexval(b[i], &v))
                continue;
            if (k % 2 == 0)
                hi = v;
            else
                key[k / 2] = (uint8_t)(hi << 4 | v);
            k++;
        }
        *klen = digits / 2;
    } else if (n == 16 || n == 24 || n == 32) {
        memcpy(key, b, n);
        *klen = n;
    } else {
        snprintf(err, errlen, "%s: a GID key file holds 16, 24 or 32 bytes (raw or as hex text), this one has %zu",
                 path, n);
        ok = false;
    }
    memset(b, 0, n);
    free(b);
    return ok;
}

static void print_info(const char *path, const Img3 *img, size_t file_len)
{
    char fc[5];
    printf("%s: IMG3 '%s', fullSize %u, dataSize %u, sigCheckArea 0x%x, %u tags\n", path,
           img3_fourcc_str(img->ident, fc), img->full_size, img->data_size, img->sig_area, img->ntags);
    if (file_len > img->full_size)
        printf("  (%zu bytes after fullSize ignored)\n", file_len - img->full_size);
    printf("  %-4s  %-8s  %-8s  %-8s  %s\n", "tag", "offset", "total", "length", "contents");
    for (unsigned i = 0; i < img->ntags; i++) {
        const Img3Tag *t = &img->tags[i];
        printf("  %-4s  0x%06x  %-8u  %-8u  ", img3_fourcc_str(t->magic, fc), t->offset, t->total_len,
               t->data_len);
        uint32_t v = t->data_len >= 4 ? (uint32_t)t->data[0] | (uint32_t)t->data[1] << 8 |
                                            (uint32_t)t->data[2] << 16 | (uint32_t)t->data[3] << 24
                                      : 0;
        switch (t->magic) {
        case IMG3_TAG_TYPE:
            if (t->data_len >= 4)
                printf("'%s'", img3_fourcc_str(v, fc));
            break;
        case IMG3_TAG_VERS:
            if (t->data_len >= 4) {
                uint32_t sl = v < t->data_len - 4 ? v : t->data_len - 4;
                putchar('"');
                for (uint32_t k = 0; k < sl; k++)
                    putchar(isprint(t->data[4 + k]) ? t->data[4 + k] : '?');
                putchar('"');
            }
            break;
        case IMG3_TAG_KBAG:
            if (t->data_len >= 8) {
                uint32_t bits = (uint32_t)t->data[4] | (uint32_t)t->data[5] << 8 | (uint32_t)t->data[6] << 16 |
                                (uint32_t)t->data[7] << 24;
                printf("type %u (%s), AES-%u", v,
                       v == 1 ? "production, GID-wrapped" : v == 2 ? "development" : v == 0 ? "clear" : "unknown",
                       bits);
            }
            break;
        case IMG3_TAG_SHSH:
            printf("RSA signature, %u bits", t->data_len * 8);
            break;
        case IMG3_TAG_CERT:
            printf(t->data_len >= 4 && v == IMG3_CERT_MAGIC ? "ipodsim certificate" : "certificate");
            break;
        case IMG3_TAG_SEPO: case IMG3_TAG_SDOM: case IMG3_TAG_PROD: case IMG3_TAG_CHIP: case IMG3_TAG_BORD:
            if (t->data_len >= 4)
                printf("0x%x", v);
            break;
        default:
            break;
        }
        putchar('\n');
    }
    const Img3Tag *ty = img3_find_tag(img, IMG3_TAG_TYPE);
    if (ty && ty->data_len >= 4) {
        uint32_t v = (uint32_t)ty->data[0] | (uint32_t)ty->data[1] << 8 | (uint32_t)ty->data[2] << 16 |
                     (uint32_t)ty->data[3] << 24;
        if (v != img->ident)
            printf("  warning: TYPE tag '%s' differs from the header ident\n", img3_fourcc_str(v, fc));
    }
    printf("  signed: %s\n", img3_find_tag(img, IMG3_TAG_SHSH) ? "yes (SHSH present; check with 'verify')" : "no");
    printf("  encrypted: %s\n", img3_find_tag(img, IMG3_TAG_KBAG) ? "yes (KBAG present)" : "no");
}

int cmd_img3(int argc, char **argv)
{
    if (argc < 2)
        return usage_error(NULL, "missing subcommand (info, extract, create, sign, verify, encrypt, keygen)", NULL);
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        cmd_img3_help(stdout);
        return 0;
    }
    const Sub *s = NULL;
    for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
        if (!strcmp(argv[1], subs[i].name))
            s = &subs[i];
    if (!s)
        return usage_error(NULL, "unknown subcommand", argv[1]);
    for (int i = 2; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            cmd_img3_help(stdout);
            return 0;
        }
    Opts o;
    int rc = parse_opts(s, argc, argv, &o);
    if (rc)
        return rc;

    char err[ERRLEN], msg[ERRLEN + 64];
    uint8_t *in = NULL, *out = NULL, *key = NULL, *pub = NULL;
    size_t in_len = 0, out_len = 0, key_len = 0, pub_len = 0;
    uint8_t gid[32];
    size_t gid_len = 0;
    Img3 img;
    int status = 1;
#define FAIL(...)                                      \
    do {                                               \
        snprintf(msg, sizeof(msg), __VA_ARGS__);       \
        error(s->name, msg);                           \
        goto done;                                     \
    } while (0)

    if (!strcmp(s->name, "keygen")) {
        uint64_t seed = 0;
        if (o.seed)
            cli_parse_u64(o.seed, 0, UINT64_MAX, &seed);
        if (!img3_keygen(o.bits ? o.bits : 1024, o.seed != NULL, seed, &key, &key_len, &pub, &pub_len, err,
                         sizeof(err)))
            FAIL("%s", err);
        if (o.pub && !file_write_atomic(o.pub, pub, pub_len, 0644, err, sizeof(err)))
            FAIL("%s", err);
        if (!file_write_atomic(o.pos[0], key, key_len, 0600, err, sizeof(err)))
            FAIL("%s", err);
        if (o.seed)
            fprintf(stderr, "ipodsim img3 keygen: warning: --seed makes a predictable key, for tests only\n");
        status = 0;
        goto done;
    }
    if (!strcmp(s->name, "create")) {
        uint32_t ident;
        if (!o.type)
            FAIL("--type FOURCC is required (e.g. --type ibot)");
        if (!img3_parse_fourcc(o.type, &ident))
            FAIL("--type '%s' is not four printable characters", o.type);
        if (!img3_read_file(o.pos[0], IMG3_MAX_SIZE - 4096, &in, &in_len, err, sizeof(err)))
            FAIL("%s", err);
        /* Constraint tags: u32 values, ECID u64, little-endian (core sheet 23.3). */
        static const char *const u32_tags[] = { "SEPO", "SDOM", "PROD", "CHIP", "BORD", "BDID", "SCEP" };
        Img3TagSpec extra[MAX_TAGS];
        uint8_t values[MAX_TAGS][8];
        for (unsigned t = 0; t < o.ntags; t++) {
            const char *eq = strchr(o.tags[t], '=');
            char tname[8] = "";
            if (!eq || eq - o.tags[t] != 4)
                FAIL("--tag '%s' is not NAME=VALUE with a four-letter tag name", o.tags[t]);
            memcpy(tname, o.tags[t], 4);
            bool is_ecid = !strcmp(tname, "ECID"), known = is_ecid;
            for (size_t k = 0; k < sizeof u32_tags / sizeof u32_tags[0]; k++)
                known |= !strcmp(tname, u32_tags[k]);
            uint64_t v;
            if (!known)
                FAIL("--tag %s: unknown tag (SEPO SDOM PROD CHIP BORD BDID SCEP ECID)", tname);
            if (!cli_parse_u64(eq + 1, 0, is_ecid ? UINT64_MAX : UINT32_MAX, &v))
                FAIL("--tag %s: '%s' is not a %s-bit number", tname, eq + 1, is_ecid ? "64" : "32");
            for (unsigned b = 0; b < 8; b++)
                values[t][b] = (uint8_t)(v >> (8 * b));
            uint32_t magic;
            img3_parse_fourcc(tname, &magic);
            extra[t] = (Img3TagSpec){ magic, values[t], is_ecid ? 8u : 4u };
        }
        if (!img3_create_tags(ident, o.vers, in, in_len, extra, o.ntags, &out, &out_len, err, sizeof(err)))
            FAIL("%s", err);
        if (!file_write_atomic(o.pos[1], out, out_len, 0644, err, sizeof(err)))
            FAIL("%s", err);
        status = 0;
        goto done;
    }

    /* Every other subcommand reads an IMG3 file first. */
    if (!img3_read_file(o.pos[0], IMG3_MAX_SIZE, &in, &in_len, err, sizeof(err)))
        FAIL("%s", err);
    if (!img3_parse(in, in_len, &img, err, sizeof(err)))
        FAIL("%s: %s", o.pos[0], err);
    if (o.gid_key && !load_gid(o.gid_key, gid, &gid_len, err, sizeof(err)))
        FAIL("%s", err);

    if (!strcmp(s->name, "info")) {
        print_info(o.pos[0], &img, in_len);
        status = 0;
    } else if (!strcmp(s->name, "extract")) {
        if (!img3_extract_data(&img, o.gid_key ? gid : NULL, gid_len, &out, &out_len, err, sizeof(err)))
            FAIL("%s: %s%s", o.pos[0], err, o.gid_key ? "" : " (--gid-key FILE)");
        if (!file_write_atomic(o.pos[1], out, out_len, 0644, err, sizeof(err)))
            FAIL("%s", err);
        status = 0;
    } else if (!strcmp(s->name, "sign")) {
        if (!o.key)
            FAIL("--key KEY.der is required");
        if (!img3_read_file(o.key, KEY_FILE_MAX, &key, &key_len, err, sizeof(err)))
            FAIL("%s", err);
        if (!img3_sign(in, in_len, key, key_len, &out, &out_len, err, sizeof(err)))
            FAIL("%s", err);
        if (!file_write_atomic(o.pos[1], out, out_len, 0644, err, sizeof(err)))
            FAIL("%s", err);
        status = 0;
    } else if (!strcmp(s->name, "verify")) {
        if (!o.pubkey)
            FAIL("--pubkey PUB.der is required");
        if (!img3_read_file(o.pubkey, KEY_FILE_MAX, &key, &key_len, err, sizeof(err)))
            FAIL("%s", err);
        if (!img3_verify(&img, key, key_len, err, sizeof(err)))
            FAIL("%s: %s", o.pos[0], err);
        printf("%s: signature OK\n", o.pos[0]);
        status = 0;
    } else if (!strcmp(s->name, "encrypt")) {
        if (!o.gid_key)
            FAIL("--gid-key FILE is required");
        unsigned bits = o.key_size ? o.key_size : 128;
        uint8_t iv[16], k[32];
        if (!img3_random(iv, sizeof(iv), err, sizeof(err)) || !img3_random(k, sizeof(k), err, sizeof(err)))
            FAIL("%s", err);
        bool ok = img3_encrypt(in, in_len, gid, gid_len, bits, iv, k, &out, &out_len, err, sizeof(err));
        memset(k, 0, sizeof(k));
        if (!ok)
            FAIL("%s", err);
        if (img3_find_tag(&img, IMG3_TAG_SHSH))
            fprintf(stderr, "ipodsim img3 encrypt: note: %s was signed; the signature was dropped, sign the output\n",
                    o.pos[0]);
        if (!file_write_atomic(o.pos[1], out, out_len, 0644, err, sizeof(err)))
            FAIL("%s", err);
        status = 0;
    }
#undef FAIL
done:
    memset(gid, 0, sizeof(gid));
    if (key)
        memset(key, 0, key_len);
    free(in);
    free(out);
    free(key);
    free(pub);
    return status;
}
