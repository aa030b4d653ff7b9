/* NOR image layout: build and scan (image/nor.h, docs/img3.md). */
#include "image/nor.h"

#include <stdio.h>
#include <string.h>

#include "image/img3.h"

/* Error, little-endian helpers shared with image/img3.c. */
#define fail img3_fail
#define rd32 img3_rd32
#define wr32 img3_wr32

bool nor_build(const uint8_t *llb, size_t llb_len, const uint8_t *const *images, const size_t *image_lens,
               unsigned n, uint8_t *out, char *err, size_t errlen)
{
    char sub[256], fc[5];
    Img3 img;
    memset(out, 0xFF, NOR_SIZE);
    if (!img3_parse(llb, llb_len, &img, sub, sizeof(sub)))
        return fail(err, errlen, "LLB: %s", sub);
    if (img.ident != IMG3_FOURCC('i', 'l', 'l', 'b'))
        return fail(err, errlen, "LLB: image type is '%s', expected 'illb'", img3_fourcc_str(img.ident, fc));
    if (img.full_size > NOR_IMAGES_END - 2 * NOR_SEGMENT)
        return fail(err, errlen, "LLB: %u bytes do not fit in the NOR", img.full_size);
    if (n > NOR_MAX_IMAGES)
        return fail(err, errlen, "%u images, at most %d fit the directory", n, NOR_MAX_IMAGES);
    memcpy(out, llb, img.full_size);

    uint32_t dir_seg = (img.full_size + NOR_SEGMENT - 1) / NOR_SEGMENT;
    uint32_t dir = dir_seg * NOR_SEGMENT;
    uint8_t *h = out + dir;
    wr32(h, NOR_IMG2_MAGIC);
    wr32(h + 4, NOR_SEGMENT);
    wr32(h + 8, dir_seg);   /* dataStart */
    wr32(h + 12, 1);        /* imagesStart, relative to dataStart */

    uint32_t off = dir + NOR_SEGMENT;
    for (unsigned i = 0; i < n; i++) {
        if (!img3_parse(images[i], image_lens[i], &img, sub, sizeof(sub)))
            return fail(err, errlen, "image %u: %s", i + 1, sub);
        if (img.full_size > NOR_IMAGES_END - off)
            return fail(err, errlen, "image %u ('%s', %u bytes) does not fit: the image area ends at 0x%x", i + 1,
                        img3_fourcc_str(img.ident, fc), img.full_size, NOR_IMAGES_END);
        memcpy(out + off, images[i], img.full_size);
        off += img.full_size;
    }
    return true;
}

bool nor_scan(const uint8_t *nor, size_t len, NorInfo *info, char *err, size_t errlen)
{
    char sub[256];
    Img3 img;
    memset(info, 0, sizeof(*info));
    if (len > NOR_SIZE)
        return fail(err, errlen, "%zu bytes, larger than the %d-byte NOR", len, NOR_SIZE);
    size_t area = len < NOR_IMAGES_END ? len : NOR_IMAGES_END;
    if (!img3_parse(nor, area, &img, sub, sizeof(sub)))
        return fail(err, errlen, "LLB at 0: %s", sub);
    info->llb = (NorEntry){ 0, img.full_size, img.ident };

    bool found = false;
    for (uint32_t off = 0; off + 16 <= area; off += NOR_SEGMENT) {
        if (rd32(nor + off) == NOR_IMG2_MAGIC) {
            info->dir_offset = off;
            found = true;
            break;
        }
    }
    if (!found)
        return fail(err, errlen, "no IMG2 directory header ('2GMI') on any 4 KiB boundary");
    const uint8_t *h = nor + info->dir_offset;
    info->segment_size = rd32(h + 4);
    info->data_start = rd32(h + 8);
    info->images_start = rd32(h + 12);
    uint64_t start = ((uint64_t)info->data_start + info->images_start) * info->segment_size;
    if (info->segment_size == 0 || start >= area)
        return fail(err, errlen, "IMG2 header at 0x%x: images at (%u + %u) x 0x%x lie outside the image area",
                    info->dir_offset, info->data_start, info->images_start, info->segment_size);
    info->images_offset = (uint32_t)start;

    uint32_t off = (uint32_t)start;
    while (area - off >= 4 && rd32(nor + off) == IMG3_MAGIC) {
        if (info->nimages == NOR_MAX_IMAGES)
            return fail(err, errlen, "more than %d images", NOR_MAX_IMAGES);
        if (!img3_parse(nor + off, area - off, &img, sub, sizeof(sub)))
            return fail(err, errlen, "image at 0x%x: %s", off, sub);
        info->images[info->nimages++] = (NorEntry){ off, img.full_size, img.ident };
        off += img.full_size;
    }
    return true;
}
