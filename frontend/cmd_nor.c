/* `ipodsim mknor` and `ipodsim nor info`: build a 1 MiB NOR flash image
 * from an LLB and IMG3 files, and list what a NOR image holds
 * (image/nor.c, docs/img3.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image/img3.h"
#include "image/nor.h"
#include "soc/fileio.h"

int cmd_mknor(int argc, char **argv);
void cmd_mknor_help(FILE *out);
int cmd_nor(int argc, char **argv);
void cmd_nor_help(FILE *out);

void cmd_mknor_help(FILE *out)
{
    fprintf(out,
            "usage: ipodsim mknor --llb LLB.img3 [--image FILE.img3]... OUT\n"
            "\n"
            "Build a 1 MiB NOR flash image (docs/img3.md): the LLB (an IMG3 of type 'illb')\n"
            "at offset 0, the IMG2 directory header on the next 4 KiB boundary, then the\n"
            "--image files back to back, in the order given, from the following 4 KiB\n"
            "segment.  Unused space and the NVRAM area (0xFC000-0xFFFFF) are erased (0xFF).\n"
            "Options also take the form --opt=VALUE.\n");
}

void cmd_nor_help(FILE *out)
{
    fprintf(out,
            "usage: ipodsim nor info FILE\n"
            "\n"
            "List what a NOR flash image holds: the LLB, the IMG2 directory header and each\n"
            "IMG3 image with its offset, size and type (docs/img3.md).\n");
}

static int err1(const char *cmd, const char *msg, const char *arg)
{
    fprintf(stderr, "ipodsim %s: %s%s%s%s\n", cmd, msg, arg ? " '" : "", arg ? arg : "", arg ? "'" : "");
    return 1;
}

int cmd_mknor(int argc, char **argv)
{
    const char *llb_path = NULL, *out_path = NULL;
    const char **img_paths = calloc((size_t)argc + 1, sizeof(*img_paths));
    unsigned nimg = 0;
    int status = 1;
    char err[512];
    uint8_t *llb = NULL, *nor = NULL;
    size_t llb_len = 0;
    uint8_t **imgs = NULL;
    size_t *lens = NULL;
    if (!img_paths)
        return err1("mknor", "out of memory", NULL);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            cmd_mknor_help(stdout);
            free(img_paths);
            return 0;
        }
        bool is_llb = !strncmp(a, "--llb", 5) && (a[5] == '\0' || a[5] == '=');
        bool is_img = !strncmp(a, "--image", 7) && (a[7] == '\0' || a[7] == '=');
        if (is_llb || is_img) {
            const char *eq = strchr(a, '=');
            if (eq)
                val = eq + 1;
            else if (i + 1 < argc)
                val = argv[++i];
            else {
                err1("mknor", "missing value for", is_llb ? "--llb" : "--image");
                goto done;
            }
            if (is_llb)
                llb_path = val;
            else
                img_paths[nimg++] = val;
        } else if (a[0] == '-' && a[1] != '\0') {
            err1("mknor", "unknown option", a);
            goto done;
        } else if (out_path) {
            err1("mknor", "unexpected argument", a);
            goto done;
        } else {
            out_path = a;
        }
    }
    if (!llb_path || !out_path) {
        err1("mknor", "usage: ipodsim mknor --llb LLB.img3 [--image FILE.img3]... OUT", NULL);
        goto done;
    }
    if (nimg > NOR_MAX_IMAGES) {
        err1("mknor", "too many --image files (at most 64)", NULL);
        goto done;
    }
    imgs = calloc(nimg + 1, sizeof(*imgs));
    lens = calloc(nimg + 1, sizeof(*lens));
    nor = malloc(NOR_SIZE);
    if (!imgs || !lens || !nor) {
        err1("mknor", "out of memory", NULL);
        goto done;
    }
    if (!img3_read_file(llb_path, NOR_SIZE, &llb, &llb_len, err, sizeof(err))) {
        err1("mknor", err, NULL);
        goto done;
    }
    for (unsigned i = 0; i < nimg; i++)
        if (!img3_read_file(img_paths[i], NOR_SIZE, &imgs[i], &lens[i], err, sizeof(err))) {
            err1("mknor", err, NULL);
            goto done;
        }
    if (!nor_build(llb, llb_len, (const uint8_t *const *)imgs, lens, nimg, nor, err, sizeof(err))) {
        /* name the file rather than its position */
        char msg[700];
        unsigned idx;
        if (sscanf(err, "image %u:", &idx) == 1 && idx >= 1 && idx <= nimg)
            snprintf(msg, sizeof(msg), "%s (%s)", err, img_paths[idx - 1]);
        else
            snprintf(msg, sizeof(msg), "%s (%s)", err, llb_path);
        err1("mknor", msg, NULL);
        goto done;
    }
    if (!file_write_atomic(out_path, nor, NOR_SIZE, 0644, err, sizeof(err))) {
        err1("mknor", err, NULL);
        goto done;
    }
    status = 0;
done:
    if (imgs)
        for (unsigned i = 0; i < nimg; i++)
            free(imgs[i]);
    free(imgs);
    free(lens);
    free(llb);
    free(nor);
    free(img_paths);
    return status;
}

static void print_entry(const char *what, const NorEntry *e, const uint8_t *nor)
{
    char fc[5];
    Img3 img;
    printf("  0x%05x  %-8u  '%s'  %s", e->offset, e->size, img3_fourcc_str(e->ident, fc), what);
    if (img3_parse(nor + e->offset, e->size, &img, NULL, 0)) {
        const Img3Tag *v = img3_find_tag(&img, IMG3_TAG_VERS);
        if (img3_find_tag(&img, IMG3_TAG_SHSH))
            printf(", signed");
        if (img3_find_tag(&img, IMG3_TAG_KBAG))
            printf(", encrypted");
        if (v && v->data_len > 4) {
            printf(", \"");
            for (uint32_t k = 4; k < v->data_len && k < 68; k++)
                putchar(v->data[k] >= 0x20 && v->data[k] < 0x7F ? v->data[k] : '?');
            putchar('"');
        }
    }
    putchar('\n');
}

int cmd_nor(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            cmd_nor_help(stdout);
            return 0;
        }
    if (argc < 2)
        return err1("nor", "missing subcommand (info)", NULL);
    if (strcmp(argv[1], "info") != 0)
        return err1("nor", "unknown subcommand", argv[1]);
    if (argc != 3)
        return err1("nor info", argc < 3 ? "missing FILE; usage: ipodsim nor info FILE" : "unexpected argument",
                    argc < 3 ? NULL : argv[3]);
    if (argv[2][0] == '-' && argv[2][1] != '\0')
        return err1("nor info", "unknown option", argv[2]);
    char err[512];
    uint8_t *nor;
    size_t len;
    if (!img3_read_file(argv[2], NOR_SIZE, &nor, &len, err, sizeof(err)))
        return err1("nor info", err, NULL);
    NorInfo info;
    if (!nor_scan(nor, len, &info, err, sizeof(err))) {
        char msg[700];
        snprintf(msg, sizeof(msg), "%s: %s", argv[2], err);
        free(nor);
        return err1("nor info", msg, NULL);
    }
    printf("%s: NOR image, %zu bytes\n", argv[2], len);
    printf("  %-7s  %-8s  %-6s  %s\n", "offset", "size", "type", "");
    print_entry("LLB", &info.llb, nor);
    printf("  0x%05x  IMG2 directory: segmentSize 0x%x, dataStart %u, imagesStart %u -> images at 0x%x\n",
           info.dir_offset, info.segment_size, info.data_start, info.images_start, info.images_offset);
    for (unsigned i = 0; i < info.nimages; i++)
        print_entry("image", &info.images[i], nor);
    printf("  %u image%s after the LLB\n", info.nimages, info.nimages == 1 ? "" : "s");
    free(nor);
    return 0;
}
