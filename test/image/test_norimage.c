/* NOR image layout (image/nor.c): mknor's layout follows s5l8720-core.md
 * 10.1 (LLB at 0, "2GMI" directory on the next 4 KiB boundary, IMG3 files
 * back to back from (dataStart + imagesStart) x segmentSize, erased 0xFF
 * elsewhere including the NVRAM area) and nor_scan reads it back; bad
 * inputs and damaged images are refused with their one-line errors. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "image/img3.h"
#include "image/nor.h"

static char err[512];

static uint8_t *mk(uint32_t type, size_t n, size_t *len)
{
    uint8_t *pl = malloc(n ? n : 1), *out;
    memset(pl, 0x5A, n);
    ck_assert_msg(img3_create(type, NULL, pl, n, &out, len, err, sizeof(err)), "%s", err);
    free(pl);
    return out;
}

static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }

#define LLB IMG3_FOURCC('i', 'l', 'l', 'b')
#define IBOT IMG3_FOURCC('i', 'b', 'o', 't')
#define DTRE IMG3_FOURCC('d', 't', 'r', 'e')
#define LOGO IMG3_FOURCC('l', 'o', 'g', 'o')

START_TEST(test_norimage_build_and_scan)
{
    size_t ll, l1, l2, l3;
    uint8_t *llb = mk(LLB, 3000, &ll), *a = mk(IBOT, 5000, &l1), *b = mk(DTRE, 777, &l2), *c = mk(LOGO, 10, &l3);
    const uint8_t *imgs[3] = { a, b, c };
    size_t lens[3] = { l1, l2, l3 };
    uint8_t *nor = malloc(NOR_SIZE);
    ck_assert_msg(nor_build(llb, ll, imgs, lens, 3, nor, err, sizeof(err)), "%s", err);
    ck_assert_mem_eq(nor, llb, ll);
    ck_assert_uint_eq(nor[ll], 0xFF);
    ck_assert_mem_eq(nor + 0x1000, "2GMI", 4);
    ck_assert_uint_eq(rd32(nor + 0x1004), 0x1000);
    ck_assert_uint_eq(rd32(nor + 0x1008), 1);
    ck_assert_uint_eq(rd32(nor + 0x100C), 1);
    ck_assert_mem_eq(nor + 0x2000, a, l1);
    ck_assert_mem_eq(nor + 0x2000 + l1, b, l2);
    ck_assert_mem_eq(nor + 0x2000 + l1 + l2, c, l3);
    ck_assert_uint_eq(nor[0x2000 + l1 + l2 + l3], 0xFF);
    for (size_t i = NOR_IMAGES_END; i < NOR_SIZE; i++)
        ck_assert_uint_eq(nor[i], 0xFF);

    NorInfo info;
    ck_assert_msg(nor_scan(nor, NOR_SIZE, &info, err, sizeof(err)), "%s", err);
    ck_assert_uint_eq(info.llb.offset, 0);
    ck_assert_uint_eq(info.llb.size, ll);
    ck_assert_uint_eq(info.llb.ident, LLB);
    ck_assert_uint_eq(info.dir_offset, 0x1000);
    ck_assert_uint_eq(info.segment_size, 0x1000);
    ck_assert_uint_eq(info.images_offset, 0x2000);
    ck_assert_uint_eq(info.nimages, 3);
    ck_assert_uint_eq(info.images[0].offset, 0x2000);
    ck_assert_uint_eq(info.images[0].ident, IBOT);
    ck_assert_uint_eq(info.images[0].size, l1);
    ck_assert_uint_eq(info.images[1].offset, 0x2000 + l1);
    ck_assert_uint_eq(info.images[1].ident, DTRE);
    ck_assert_uint_eq(info.images[2].offset, 0x2000 + l1 + l2);
    ck_assert_uint_eq(info.images[2].ident, LOGO);
    free(nor);
    free(llb);
    free(a);
    free(b);
    free(c);
}
END_TEST

START_TEST(test_norimage_directory_follows_llb)
{
    uint8_t *nor = malloc(NOR_SIZE);
    NorInfo info;
    /* LLB of exactly 4096 bytes: directory at 0x1000; one more byte: 0x2000 */
    size_t ll;
    uint8_t *llb = mk(LLB, 4096 - 20 - 12 - 16, &ll);
    ck_assert_uint_eq(ll, 4096);
    ck_assert(nor_build(llb, ll, NULL, NULL, 0, nor, err, sizeof(err)));
    ck_assert(nor_scan(nor, NOR_SIZE, &info, err, sizeof(err)));
    ck_assert_uint_eq(info.dir_offset, 0x1000);
    ck_assert_uint_eq(info.nimages, 0);
    free(llb);
    llb = mk(LLB, 4096 - 20 - 12 - 16 + 1, &ll);
    ck_assert(nor_build(llb, ll, NULL, NULL, 0, nor, err, sizeof(err)));
    ck_assert(nor_scan(nor, NOR_SIZE, &info, err, sizeof(err)));
    ck_assert_uint_eq(info.dir_offset, 0x2000);
    ck_assert_uint_eq(info.data_start, 2);
    ck_assert_uint_eq(info.images_offset, 0x3000);
    free(llb);
    free(nor);
}
END_TEST

START_TEST(test_norimage_build_errors)
{
    uint8_t *nor = malloc(NOR_SIZE);
    size_t ll, l1;
    uint8_t *notllb = mk(IBOT, 10, &ll);
    ck_assert(!nor_build(notllb, ll, NULL, NULL, 0, nor, err, sizeof(err)));
    ck_assert_str_eq(err, "LLB: image type is 'ibot', expected 'illb'");
    ck_assert(!nor_build((const uint8_t *)"hello world, not img3", 21, NULL, NULL, 0, nor, err, sizeof(err)));
    ck_assert_str_eq(err, "LLB: bad magic 0x6c6c6568 ('lleh'), not an IMG3 file");
    uint8_t *llb = mk(LLB, 10, &ll), *big = mk(IBOT, 0xF0000, &l1);
    const uint8_t *imgs[2] = { big, big };
    size_t lens[2] = { l1, l1 };
    ck_assert(!nor_build(llb, ll, imgs, lens, 2, nor, err, sizeof(err)));
    ck_assert_str_eq(err, "image 2 ('ibot', 983088 bytes) does not fit: the image area ends at 0xfc000");
    lens[0] = 30;
    ck_assert(!nor_build(llb, ll, imgs, lens, 1, nor, err, sizeof(err)));
    ck_assert_str_eq(err, "image 1: truncated: fullSize is 983088 bytes but only 30 are present");
    free(big);
    free(llb);
    free(notllb);
    free(nor);
}
END_TEST

START_TEST(test_norimage_scan_errors)
{
    uint8_t *nor = malloc(NOR_SIZE);
    NorInfo info;
    memset(nor, 0xFF, NOR_SIZE);
    ck_assert(!nor_scan(nor, NOR_SIZE, &info, err, sizeof(err)));
    ck_assert_str_eq(err, "LLB at 0: bad magic 0xffffffff ('?\?\?\?'), not an IMG3 file");
    size_t ll, l1;
    uint8_t *llb = mk(LLB, 100, &ll), *a = mk(IBOT, 100, &l1);
    const uint8_t *imgs[1] = { a };
    ck_assert(nor_build(llb, ll, imgs, &l1, 1, nor, err, sizeof(err)));
    nor[0x1000] = 0;
    ck_assert(!nor_scan(nor, NOR_SIZE, &info, err, sizeof(err)));
    ck_assert_str_eq(err, "no IMG2 directory header ('2GMI') on any 4 KiB boundary");
    nor[0x1000] = '2';
    nor[0x100C] = 0xFF;   /* imagesStart 255 -> 0x100000 */
    ck_assert(!nor_scan(nor, NOR_SIZE, &info, err, sizeof(err)));
    ck_assert_str_eq(err, "IMG2 header at 0x1000: images at (1 + 255) x 0x1000 lie outside the image area");
    nor[0x100C] = 1;
    nor[0x2004] = 0xFF;
    nor[0x2006] = 0x10;   /* fullSize 0x1000FF: past the image area */
    ck_assert(!nor_scan(nor, NOR_SIZE, &info, err, sizeof(err)));
    ck_assert_str_eq(err, "image at 0x2000: truncated: fullSize is 1048831 bytes but only 1024000 are present");
    /* a short file: the scan stays inside it */
    ck_assert(!nor_scan(nor, 0x2010, &info, err, sizeof(err)));
    ck_assert_str_eq(err, "image at 0x2000: truncated: 16 bytes, an IMG3 header needs 20");
    ck_assert(!nor_scan(nor, NOR_SIZE + 1, &info, err, sizeof(err)));
    free(llb);
    free(a);
    free(nor);
}
END_TEST

Suite *norimage_suite(void)
{
    Suite *s = suite_create("norimage");
    TCase *tc = tcase_create("norimage");
    tcase_add_test(tc, test_norimage_build_and_scan);
    tcase_add_test(tc, test_norimage_directory_follows_llb);
    tcase_add_test(tc, test_norimage_build_errors);
    tcase_add_test(tc, test_norimage_scan_errors);
    suite_add_tcase(s, tc);
    return s;
}
