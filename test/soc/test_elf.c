/* ELF loader (soc/elf.c): valid ARM executables load at their addresses with
 * bss zeroed and the right entry state; every malformed or hostile file is
 * rejected with its one-line message, before RAM is touched, and never makes
 * the loader read or write outside its buffers (run under ASan by make
 * check-asan). */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "soc/bare.h"
#include "soc/elf.h"

#define RAM_SIZE (1u << 20)
#define FILL 0xA5

enum { EHDR = 52, PHDR = 32, SHDR = 40 };

static uint8_t *ram;
static char err[512];
static ElfImage img;

static void setup(void)
{
    ram = malloc(RAM_SIZE);
    memset(ram, FILL, RAM_SIZE);
    memset(&img, 0, sizeof(img));
    err[0] = '\0';
}

static void teardown(void) { free(ram); }

static void wr16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void wr32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* The standard test image: ELF header, two program headers, then
 *   segment 0: 16 bytes of code at 0x8000 (file offset 0x100)
 *   segment 1: 8 bytes of data + 24 bytes of bss at 0x9000 (offset 0x110). */
#define TEXT_OFF 0x100u
#define DATA_OFF 0x110u
#define IMG_SIZE 0x118u
#define PH(i) (EHDR + (i) * PHDR)

typedef struct Elf {
    uint8_t b[0x400];
    size_t size;
} Elf;

static void set_phdr(Elf *e, unsigned i, uint32_t type, uint32_t off, uint32_t addr, uint32_t filesz,
                     uint32_t memsz)
{
    uint8_t *ph = e->b + PH(i);
    wr32(ph, type);
    wr32(ph + 4, off);
    wr32(ph + 8, addr);
    wr32(ph + 12, addr);
    wr32(ph + 16, filesz);
    wr32(ph + 20, memsz);
    wr32(ph + 24, 5);
    wr32(ph + 28, 4);
}

static void make_elf(Elf *e)
{
    memset(e, 0, sizeof(*e));
    memcpy(e->b, "\177ELF", 4);
    e->b[4] = 1;   /* ELFCLASS32 */
    e->b[5] = 1;   /* little-endian */
    e->b[6] = 1;   /* EV_CURRENT */
    wr16(e->b + 16, 2);       /* ET_EXEC */
    wr16(e->b + 18, 40);      /* EM_ARM */
    wr32(e->b + 20, 1);
    wr32(e->b + 24, 0x8000);  /* entry */
    wr32(e->b + 28, EHDR);    /* phoff */
    wr32(e->b + 36, 0x05000200);
    wr16(e->b + 40, EHDR);
    wr16(e->b + 42, PHDR);
    wr16(e->b + 44, 2);
    set_phdr(e, 0, 1, TEXT_OFF, 0x8000, 16, 16);
    set_phdr(e, 1, 1, DATA_OFF, 0x9000, 8, 32);
    for (unsigned i = 0; i < 16; i++)
        e->b[TEXT_OFF + i] = (uint8_t)(0x10 + i);
    for (unsigned i = 0; i < 8; i++)
        e->b[DATA_OFF + i] = (uint8_t)(0x80 + i);
    e->size = IMG_SIZE;
}

static bool load(const Elf *e)
{
    return elf_load_mem("t.elf", e->b, e->size, ram, RAM_SIZE, &img, err, sizeof(err));
}

static bool ram_untouched(void)
{
    for (uint32_t a = 0x7000; a < 0xA000; a++)
        if (ram[a] != FILL)
            return false;
    return true;
}

#define ck_fails_with(e, msg)                                                                 \
    do {                                                                                      \
        ck_assert_msg(!load(e), "load succeeded, expected \"%s\"", (msg));                    \
        ck_assert_str_eq(err, (msg));                                                         \
        ck_assert(ram_untouched());                                                           \
    } while (0)

START_TEST(test_elf_valid_loads_segments_and_zeroes_bss)
{
    Elf e;
    make_elf(&e);
    ck_assert_msg(load(&e), "%s", err);
    ck_assert_uint_eq(img.entry, 0x8000);
    ck_assert(!img.thumb);
    ck_assert_uint_eq(img.nsegments, 2);
    ck_assert_uint_eq(img.load_lo, 0x8000);
    ck_assert_uint_eq(img.load_hi, 0x9020);
    for (unsigned i = 0; i < 16; i++)
        ck_assert_uint_eq(ram[0x8000 + i], 0x10 + i);
    for (unsigned i = 0; i < 8; i++)
        ck_assert_uint_eq(ram[0x9000 + i], 0x80 + i);
    for (unsigned i = 8; i < 32; i++)
        ck_assert_msg(ram[0x9000 + i] == 0, "bss byte %u not zeroed", i);
    ck_assert_uint_eq(ram[0x8010], FILL);   /* nothing beyond a segment */
    ck_assert_uint_eq(ram[0x9020], FILL);
}
END_TEST

START_TEST(test_elf_odd_entry_starts_thumb)
{
    Elf e;
    make_elf(&e);
    wr32(e.b + 24, 0x8005);
    ck_assert_msg(load(&e), "%s", err);
    ck_assert_uint_eq(img.entry, 0x8004);
    ck_assert(img.thumb);
}
END_TEST

/* Add a section table with a symbol table holding one symbol. */
static void add_symbol(Elf *e, const char *name, uint32_t value, unsigned type)
{
    const uint32_t shoff = 0x200, symoff = 0x300, stroff = 0x340;
    uint8_t *sh = e->b + shoff;
    /* section 1: .symtab (link 2), section 2: .strtab */
    wr32(sh + SHDR + 4, 2);
    wr32(sh + SHDR + 16, symoff);
    wr32(sh + SHDR + 20, 32);
    wr32(sh + SHDR + 24, 2);
    wr32(sh + SHDR + 36, 16);
    wr32(sh + 2 * SHDR + 4, 3);
    wr32(sh + 2 * SHDR + 16, stroff);
    wr32(sh + 2 * SHDR + 20, (uint32_t)strlen(name) + 2);
    /* symbol 0 is the null symbol; symbol 1 the named one */
    wr32(e->b + symoff + 16, 1);
    wr32(e->b + symoff + 16 + 4, value);
    e->b[symoff + 16 + 12] = (uint8_t)type;
    strcpy((char *)e->b + stroff + 1, name);
    wr32(e->b + 32, shoff);
    wr16(e->b + 46, SHDR);
    wr16(e->b + 48, 3);
    e->size = stroff + strlen(name) + 2;
}

START_TEST(test_elf_thumb_mapping_symbol_at_even_entry)
{
    Elf e;
    make_elf(&e);
    wr32(e.b + 24, 0x8002);
    add_symbol(&e, "$t", 0x8002, 0);
    ck_assert_msg(load(&e), "%s", err);
    ck_assert_uint_eq(img.entry, 0x8002);
    ck_assert(img.thumb);
}
END_TEST

START_TEST(test_elf_thumb_function_symbol_at_entry)
{
    Elf e;
    make_elf(&e);
    add_symbol(&e, "_start", 0x8001, 2 /* STT_FUNC */);
    ck_assert_msg(load(&e), "%s", err);
    ck_assert(img.thumb);
}
END_TEST

START_TEST(test_elf_arm_mapping_symbol_keeps_arm)
{
    Elf e;
    make_elf(&e);
    add_symbol(&e, "$a", 0x8000, 0);
    ck_assert_msg(load(&e), "%s", err);
    ck_assert(!img.thumb);
}
END_TEST

START_TEST(test_elf_corrupt_section_table_is_ignored)
{
    Elf e;
    make_elf(&e);
    add_symbol(&e, "$t", 0x8000, 0);
    wr32(e.b + 0x200 + SHDR + 16, 0xFFFFFF00);   /* symtab offset far outside the file */
    wr32(e.b + 0x200 + 2 * SHDR + 20, 0xFFFFFFFF); /* string table size absurd */
    ck_assert_msg(load(&e), "%s", err);
    ck_assert(!img.thumb);
    wr32(e.b + 32, 0xFFFFFFF0);                  /* section table itself outside */
    ck_assert_msg(load(&e), "%s", err);
}
END_TEST

/* Cut the file at every length inside the headers and the segment data:
 * each must fail with the message for the first missing piece. */
START_TEST(test_elf_truncated_at_every_length)
{
    Elf e;
    char want[128];
    for (size_t len = 0; len < IMG_SIZE; len++) {
        make_elf(&e);
        e.size = len;
        if (len < 4)
            snprintf(want, sizeof(want), "t.elf: not an ELF file");
        else if (len < 16)
            snprintf(want, sizeof(want), "t.elf: truncated (ELF identification is %zu bytes, need 16)", len);
        else if (len < EHDR)
            snprintf(want, sizeof(want), "t.elf: truncated (ELF header is %zu bytes, need 52)", len);
        else if (len < PH(2))
            snprintf(want, sizeof(want), "t.elf: truncated (program header %zu past end of file)",
                     (len - EHDR) / PHDR);
        else if (len < DATA_OFF)
            snprintf(want, sizeof(want), "t.elf: truncated (segment 0 data past end of file)");
        else
            snprintf(want, sizeof(want), "t.elf: truncated (segment 1 data past end of file)");
        ck_assert_msg(!load(&e), "length %zu loaded", len);
        ck_assert_msg(strcmp(err, want) == 0, "length %zu: got \"%s\", want \"%s\"", len, err, want);
        ck_assert_msg(ram_untouched(), "length %zu wrote RAM", len);
    }
    make_elf(&e);
    ck_assert_msg(load(&e), "%s", err);
}
END_TEST

START_TEST(test_elf_bad_magic)
{
    Elf e;
    make_elf(&e);
    e.b[1] = 'X';
    ck_fails_with(&e, "t.elf: not an ELF file");
}
END_TEST

START_TEST(test_elf_wrong_class)
{
    Elf e;
    make_elf(&e);
    e.b[4] = 2;
    ck_fails_with(&e, "t.elf: ELF class is 64-bit, expected 32-bit");
    e.b[4] = 7;
    ck_fails_with(&e, "t.elf: invalid ELF class 7, expected 32-bit");
}
END_TEST

START_TEST(test_elf_wrong_endianness)
{
    Elf e;
    make_elf(&e);
    e.b[5] = 2;
    ck_fails_with(&e, "t.elf: ELF data is big-endian, expected little-endian");
    e.b[5] = 0;
    ck_fails_with(&e, "t.elf: invalid ELF data encoding 0, expected little-endian");
}
END_TEST

START_TEST(test_elf_wrong_version)
{
    Elf e;
    make_elf(&e);
    e.b[6] = 0;
    ck_fails_with(&e, "t.elf: unsupported ELF version 0");
}
END_TEST

START_TEST(test_elf_wrong_machine)
{
    Elf e;
    make_elf(&e);
    wr16(e.b + 18, 62);
    ck_fails_with(&e, "t.elf: ELF machine is x86-64, expected ARM");
    wr16(e.b + 18, 183);
    ck_fails_with(&e, "t.elf: ELF machine is AArch64, expected ARM");
    wr16(e.b + 18, 0x1234);
    ck_fails_with(&e, "t.elf: ELF machine is unknown (4660), expected ARM");
}
END_TEST

START_TEST(test_elf_wrong_type)
{
    Elf e;
    make_elf(&e);
    wr16(e.b + 16, 3);
    ck_fails_with(&e, "t.elf: ELF type is shared object or PIE (ET_DYN), expected executable (ET_EXEC)");
    wr16(e.b + 16, 1);
    ck_fails_with(&e, "t.elf: ELF type is relocatable object (ET_REL), expected executable (ET_EXEC)");
}
END_TEST

START_TEST(test_elf_segment_past_ram_end)
{
    Elf e;
    make_elf(&e);
    set_phdr(&e, 1, 1, DATA_OFF, RAM_SIZE - 0x10, 8, 0x20);
    ck_fails_with(&e, "t.elf: segment 0x000ffff0-0x00100010 outside RAM (1 MiB)");
    /* exactly up to the end of RAM is fine */
    set_phdr(&e, 1, 1, DATA_OFF, RAM_SIZE - 0x20, 8, 0x20);
    ck_assert_msg(load(&e), "%s", err);
    ck_assert_uint_eq(img.load_hi, RAM_SIZE);
}
END_TEST

START_TEST(test_elf_segment_end_wraps_32_bits)
{
    Elf e;
    make_elf(&e);
    set_phdr(&e, 1, 1, DATA_OFF, 0xFFFFF000, 8, 0x2000);
    ck_fails_with(&e, "t.elf: segment 0xfffff000-0x100001000 outside RAM (1 MiB)");
}
END_TEST

START_TEST(test_elf_filesz_larger_than_memsz)
{
    Elf e;
    make_elf(&e);
    set_phdr(&e, 1, 1, DATA_OFF, 0x9000, 8, 4);
    ck_fails_with(&e, "t.elf: program header 1: file size 0x8 larger than memory size 0x4");
}
END_TEST

START_TEST(test_elf_segment_data_offset_huge)
{
    Elf e;
    make_elf(&e);
    set_phdr(&e, 0, 1, 0xFFFFFFF8, 0x8000, 16, 16);
    ck_fails_with(&e, "t.elf: truncated (segment 0 data past end of file)");
}
END_TEST

START_TEST(test_elf_huge_phnum)
{
    Elf e;
    make_elf(&e);
    wr16(e.b + 44, 0xFFFE);
    ck_fails_with(&e, "t.elf: truncated (program header 7 past end of file)");
    wr16(e.b + 44, 0xFFFF);
    ck_fails_with(&e, "t.elf: too many program headers (extended numbering is not supported)");
    wr16(e.b + 44, 0);
    ck_fails_with(&e, "t.elf: no program headers");
}
END_TEST

START_TEST(test_elf_phoff_and_phentsize_hostile)
{
    Elf e;
    make_elf(&e);
    wr32(e.b + 28, 0xFFFFFFF0);
    ck_fails_with(&e, "t.elf: truncated (program header 0 past end of file)");
    make_elf(&e);
    wr16(e.b + 42, 8);
    ck_fails_with(&e, "t.elf: program header entry size 8 too small (need 32)");
    make_elf(&e);
    wr16(e.b + 42, 0xFFFF);
    ck_fails_with(&e, "t.elf: truncated (program header 1 past end of file)");
}
END_TEST

START_TEST(test_elf_no_loadable_segments)
{
    Elf e;
    make_elf(&e);
    set_phdr(&e, 0, 6, TEXT_OFF, 0x8000, 16, 16);   /* PT_PHDR */
    set_phdr(&e, 1, 1, DATA_OFF, 0x9000, 0, 0);     /* empty PT_LOAD is skipped */
    ck_fails_with(&e, "t.elf: no loadable segments");
}
END_TEST

START_TEST(test_elf_entry_checks)
{
    Elf e;
    make_elf(&e);
    wr32(e.b + 24, RAM_SIZE + 0x100);
    ck_fails_with(&e, "t.elf: entry point 0x00100100 outside RAM (1 MiB)");
    wr32(e.b + 24, 0x8002);
    ck_fails_with(&e, "t.elf: entry point 0x00008002 is not word-aligned ARM code");
}
END_TEST

START_TEST(test_elf_bad_segment_leaves_ram_untouched)
{
    Elf e;
    make_elf(&e);
    set_phdr(&e, 1, 1, DATA_OFF, 0x9000, 8, RAM_SIZE);   /* second segment overflows RAM */
    ck_assert(!load(&e));
    ck_assert(ram_untouched());   /* segment 0 was valid but must not have been copied */
}
END_TEST

/* Random corruption of a valid image: load may fail or succeed, but must
 * never crash or touch memory outside RAM (ASan watches the buffers). */
START_TEST(test_elf_random_corruption_never_crashes)
{
    Elf e;
    uint32_t seed = 12345;
    unsigned ok = 0;
    for (int round = 0; round < 20000; round++) {
        make_elf(&e);
        if (round & 1)
            add_symbol(&e, "$t", 0x8000, 0);
        int flips = 1 + round % 4;
        for (int k = 0; k < flips; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t pos = (seed >> 8) % (round & 2 ? e.size : EHDR + 2 * PHDR);
            seed = seed * 1103515245u + 12345u;
            e.b[pos] = (uint8_t)(seed >> 16);
        }
        uint8_t *copy = malloc(e.size);   /* exact-size buffer so ASan sees overreads */
        memcpy(copy, e.b, e.size);
        if (elf_load_mem("t.elf", copy, e.size, ram, RAM_SIZE, &img, err, sizeof(err))) {
            ok++;
            ck_assert(img.load_hi <= RAM_SIZE && img.entry < RAM_SIZE);
        } else {
            ck_assert(strncmp(err, "t.elf: ", 7) == 0);
        }
        free(copy);
    }
    ck_assert(ok > 0);   /* some corruptions hit unused bytes */
}
END_TEST

START_TEST(test_elf_file_errors_and_round_trip)
{
    char dir[] = "/tmp/ipodsim-elf-XXXXXX";
    ck_assert(mkdtemp(dir) != NULL);
    char path[256];

    snprintf(path, sizeof(path), "%s/missing.elf", dir);
    ck_assert(!elf_load_file(path, ram, RAM_SIZE, &img, err, sizeof(err)));
    char want[512];
    snprintf(want, sizeof(want), "%s: cannot open: No such file or directory", path);
    ck_assert_str_eq(err, want);

    ck_assert(!elf_load_file(dir, ram, RAM_SIZE, &img, err, sizeof(err)));
    ck_assert_msg(strstr(err, ": cannot read: ") || strstr(err, ": cannot open: "), "%s", err);

    Elf e;
    make_elf(&e);
    snprintf(path, sizeof(path), "%s/ok.elf", dir);
    FILE *f = fopen(path, "wb");
    ck_assert(f != NULL);
    fwrite(e.b, 1, e.size, f);
    fclose(f);
    ck_assert_msg(elf_load_file(path, ram, RAM_SIZE, &img, err, sizeof(err)), "%s", err);
    ck_assert_uint_eq(ram[0x8003], 0x13);

    snprintf(path, sizeof(path), "%s/empty.elf", dir);
    f = fopen(path, "wb");
    fclose(f);
    ck_assert(!elf_load_file(path, ram, RAM_SIZE, &img, err, sizeof(err)));
    snprintf(want, sizeof(want), "%s: not an ELF file", path);
    ck_assert_str_eq(err, want);

    unlink(path);
    snprintf(path, sizeof(path), "%s/ok.elf", dir);
    unlink(path);
    rmdir(dir);
}
END_TEST

/* ---- the bare machine the loader fills (soc/bare.c) ---------------------- */

START_TEST(test_bare_parse_size)
{
    static const struct { const char *text; uint32_t size; } good[] = {
        { "64M", 64u << 20 }, { "256m", 256u << 20 }, { "1G", 1u << 30 }, { "2G", 2048u << 20 },
        { "2048", 2048u << 20 }, { "1024K", 1u << 20 }, { "16MiB", 16u << 20 }, { "32MB", 32u << 20 },
        { "1048576B", 1u << 20 }, { "1M", 1u << 20 },
    };
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        uint32_t size = 0;
        ck_assert_msg(bare_parse_size(good[i].text, &size, err, sizeof(err)), "%s: %s", good[i].text, err);
        ck_assert_msg(size == good[i].size, "%s -> 0x%x", good[i].text, size);
    }
    static const struct { const char *text, *msg; } bad[] = {
        { "", "invalid memory size '' (expected e.g. 64M, 256M, 1G)" },
        { "abc", "invalid memory size 'abc' (expected e.g. 64M, 256M, 1G)" },
        { "-5M", "invalid memory size '-5M' (expected e.g. 64M, 256M, 1G)" },
        { "64X", "invalid memory size '64X' (expected e.g. 64M, 256M, 1G)" },
        { "64MM", "invalid memory size '64MM' (expected e.g. 64M, 256M, 1G)" },
        { "3G", "memory size '3G' too large (maximum 2G)" },
        { "2049M", "memory size '2049M' too large (maximum 2G)" },
        { "99999999999999999999999", "memory size '99999999999999999999999' too large (maximum 2G)" },
        { "512K", "memory size '512K' too small (minimum 1M)" },
        { "1048577B", "memory size '1048577B' is not a multiple of 4K" },
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        uint32_t size = 7;
        ck_assert_msg(!bare_parse_size(bad[i].text, &size, err, sizeof(err)), "%s accepted", bad[i].text);
        ck_assert_str_eq(err, bad[i].msg);
        ck_assert_uint_eq(size, 7);
    }
}
END_TEST

START_TEST(test_bare_format_size)
{
    char buf[32];
    bare_format_size(256u << 20, buf, sizeof(buf));
    ck_assert_str_eq(buf, "256 MiB");
    bare_format_size(2048u << 20, buf, sizeof(buf));
    ck_assert_str_eq(buf, "2 GiB");
    bare_format_size(1028u << 10, buf, sizeof(buf));
    ck_assert_str_eq(buf, "1028 KiB");
}
END_TEST

START_TEST(test_bare_bus_ram_and_unmapped)
{
    ck_assert(bare_create(512u << 10) == NULL);         /* below the minimum */
    ck_assert(bare_create((1u << 20) + 4) == NULL);     /* not a page multiple */
    BareMachine *bm = bare_create(1u << 20);
    ck_assert(bm != NULL);
    const ArmBusIf *bus = &bm->bus;
    bool writable = false;
    ck_assert(bus->host_page(bus->opaque, 0x1234, &writable) == bm->ram + 0x1000);
    ck_assert(writable);
    ck_assert(bus->host_page(bus->opaque, 1u << 20, &writable) == NULL);

    uint32_t v = 0;
    ck_assert(bus->write(bus->opaque, 0x100, 4, 0x11223344));
    ck_assert_uint_eq(bm->ram[0x100], 0x44);            /* little-endian */
    ck_assert(bus->read(bus->opaque, 0x101, 2, &v));
    ck_assert_uint_eq(v, 0x2233);
    ck_assert(bus->read(bus->opaque, (1u << 20) - 4, 4, &v));
    /* the last bytes of RAM are fine; anything reaching past them is a bus error */
    ck_assert(!bus->read(bus->opaque, (1u << 20) - 2, 4, &v));
    ck_assert(!bus->write(bus->opaque, 1u << 20, 1, 0));
    ck_assert(!bus->read(bus->opaque, 0xFFFFFFFF, 4, &v));
    bare_destroy(bm);
}
END_TEST

Suite *elf_suite(void)
{
    Suite *s = suite_create("elf");
    TCase *tc = tcase_create("load");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_elf_valid_loads_segments_and_zeroes_bss);
    tcase_add_test(tc, test_elf_odd_entry_starts_thumb);
    tcase_add_test(tc, test_elf_thumb_mapping_symbol_at_even_entry);
    tcase_add_test(tc, test_elf_thumb_function_symbol_at_entry);
    tcase_add_test(tc, test_elf_arm_mapping_symbol_keeps_arm);
    tcase_add_test(tc, test_elf_corrupt_section_table_is_ignored);
    tcase_add_test(tc, test_elf_truncated_at_every_length);
    tcase_add_test(tc, test_elf_bad_magic);
    tcase_add_test(tc, test_elf_wrong_class);
    tcase_add_test(tc, test_elf_wrong_endianness);
    tcase_add_test(tc, test_elf_wrong_version);
    tcase_add_test(tc, test_elf_wrong_machine);
    tcase_add_test(tc, test_elf_wrong_type);
    tcase_add_test(tc, test_elf_segment_past_ram_end);
    tcase_add_test(tc, test_elf_segment_end_wraps_32_bits);
    tcase_add_test(tc, test_elf_filesz_larger_than_memsz);
    tcase_add_test(tc, test_elf_segment_data_offset_huge);
    tcase_add_test(tc, test_elf_huge_phnum);
    tcase_add_test(tc, test_elf_phoff_and_phentsize_hostile);
    tcase_add_test(tc, test_elf_no_loadable_segments);
    tcase_add_test(tc, test_elf_entry_checks);
    tcase_add_test(tc, test_elf_bad_segment_leaves_ram_untouched);
    tcase_add_test(tc, test_elf_random_corruption_never_crashes);
    tcase_add_test(tc, test_elf_file_errors_and_round_trip);
    suite_add_tcase(s, tc);
    TCase *tb = tcase_create("bare");
    tcase_add_checked_fixture(tb, setup, teardown);
    tcase_add_test(tb, test_bare_parse_size);
    tcase_add_test(tb, test_bare_format_size);
    tcase_add_test(tb, test_bare_bus_ram_and_unmapped);
    suite_add_tcase(s, tb);
    return s;
}
