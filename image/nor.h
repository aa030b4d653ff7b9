/* NOR flash images (s5l8720-core.md section 10.1, docs/img3.md): the 1 MiB
 * SPI NOR holds the LLB as an IMG3 file at offset 0, an IMG2 directory
 * header ("2GMI" on disk) on a 4 KiB boundary after it, a back-to-back
 * sequence of IMG3 files starting at (dataStart + imagesStart) x segmentSize,
 * erased (0xFF) space up to 0xFC000 and the NVRAM/syscfg area after that. */
#ifndef IPODSIM_IMAGE_NOR_H
#define IPODSIM_IMAGE_NOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    NOR_SIZE = 0x100000,          /* AT25DF081A: 1 MiB */
    NOR_IMAGES_END = 0xFC000,     /* the last 16 KiB are NVRAM/syscfg */
    NOR_SEGMENT = 0x1000,         /* segmentSize we write; the directory is scanned every 4 KiB */
    NOR_IMG2_MAGIC = 0x494D4732u, /* "IMG2" as a little-endian u32: bytes "2GMI" */
    NOR_MAX_IMAGES = 64,
};

typedef struct NorEntry {
    uint32_t offset;        /* NOR offset of the IMG3 file */
    uint32_t size;          /* its fullSize */
    uint32_t ident;         /* header ident fourcc */
} NorEntry;

typedef struct NorInfo {
    NorEntry llb;
    uint32_t dir_offset;    /* where the IMG2 header was found */
    uint32_t segment_size, data_start, images_start;
    uint32_t images_offset; /* (data_start + images_start) * segment_size */
    unsigned nimages;
    NorEntry images[NOR_MAX_IMAGES];
} NorInfo;

/* Lay out llb and images[0..n) into out[NOR_SIZE] (filled with 0xFF first).
 * Each input must parse as IMG3; the LLB must be of type "illb".  The
 * directory header goes on the first 4 KiB boundary after the LLB (dataStart
 * = that segment, imagesStart = 1), the images follow back to back from the
 * next segment; they must end by NOR_IMAGES_END. */
bool nor_build(const uint8_t *llb, size_t llb_len, const uint8_t *const *images, const size_t *image_lens,
               unsigned n, uint8_t *out, char *err, size_t errlen);

/* Read back a NOR image: the LLB at 0, the IMG2 header (scanned every 4 KiB),
 * then IMG3 files until the first non-"Img3" magic.  Every IMG3 file found
 * must parse and end inside the image area. */
bool nor_scan(const uint8_t *nor, size_t len, NorInfo *info, char *err, size_t errlen);

#endif
