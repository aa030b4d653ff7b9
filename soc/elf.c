/* ELF32 little-endian ARM executable loader (see soc/elf.h).
 *
 * Follows the System V gABI ELF format and the ARM ELF supplement (AAELF):
 * an executable (ET_EXEC) is placed by its PT_LOAD program headers; section
 * headers are not needed and are only consulted, best effort, to learn
 * whether the entry point is Thumb code when e_entry itself does not say so.
 * Not supported: big-endian/BE8 images, ELF64, relocatable or position-
 * independent (ET_DYN) files, extended program header numbering (PN_XNUM). */
#include "soc/elf.h"

#include "soc/fileio.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "soc/bare.h"

enum {
    EHDR_SIZE = 52, PHDR_SIZE = 32, SHDR_SIZE = 40, SYM_SIZE = 16,
    EI_CLASS = 4, EI_DATA = 5, EI_VERSION = 6, EI_NIDENT = 16,
    ELFCLASS32 = 1, ELFCLASS64 = 2, ELFDATA2LSB = 1, ELFDATA2MSB = 2, EV_CURRENT = 1,
    ET_EXEC = 2, EM_ARM = 40, PN_XNUM = 0xFFFF,
    PT_LOAD = 1, SHT_SYMTAB = 2, STT_FUNC = 2,
};

/* ELF32 header field offsets */
enum {
    E_TYPE = 16, E_MACHINE = 18, E_ENTRY = 24, E_PHOFF = 28, E_SHOFF = 32,
    E_PHENTSIZE = 42, E_PHNUM = 44, E_SHENTSIZE = 46, E_SHNUM = 48,
};

typedef struct Loader {
    const char *name;
    const uint8_t *data;
    size_t size;
    char *err;
    size_t errlen;
} Loader;

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

__attribute__((format(printf, 2, 3))) static bool fail(const Loader *l, const char *fmt, ...)
{
    int n = snprintf(l->err, l->errlen, "%s: ", l->name);
    if (n >= 0 && (size_t)n < l->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(l->err + n, l->errlen - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return false;
}

/* Does [off, off + len) lie inside the file?  64-bit so it cannot wrap. */
static bool in_file(const Loader *l, uint64_t off, uint64_t len)
{
    return off <= l->size && len <= l->size - off;
}

static const char *machine_name(unsigned m)
{
    static const struct { unsigned id; const char *name; } names[] = {
        { 0, "none" }, { 2, "SPARC" }, { 3, "x86" }, { 8, "MIPS" }, { 20, "PowerPC" },
        { 21, "PowerPC64" }, { 22, "S/390" }, { 40, "ARM" }, { 42, "SuperH" }, { 43, "SPARC V9" },
        { 50, "IA-64" }, { 62, "x86-64" }, { 83, "AVR" }, { 94, "Xtensa" }, { 105, "MSP430" },
        { 183, "AArch64" }, { 243, "RISC-V" }, { 258, "LoongArch" },
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (names[i].id == m)
            return names[i].name;
    return NULL;
}

static const char *type_name(unsigned t)
{
    switch (t) {
    case 0: return "none (ET_NONE)";
    case 1: return "relocatable object (ET_REL)";
    case 3: return "shared object or PIE (ET_DYN)";
    case 4: return "core dump (ET_CORE)";
    default: return NULL;
    }
}

/* Best-effort Thumb detection for an even e_entry: an ARM mapping symbol
 * ($t / $a, AAELF 5.5.5) at the entry address, or a Thumb function symbol
 * (STT_FUNC with bit 0 set) whose address is the entry.  Malformed section
 * or symbol tables are ignored: they are not needed to run the program. */
static bool entry_is_thumb_by_symbols(const Loader *l, uint32_t entry)
{
    const uint8_t *d = l->data;
    uint32_t shoff = rd32(d + E_SHOFF);
    unsigned shentsize = rd16(d + E_SHENTSIZE), shnum = rd16(d + E_SHNUM);
    if (shoff == 0 || shnum == 0 || shentsize < SHDR_SIZE ||
        !in_file(l, shoff, (uint64_t)shnum * shentsize))
        return false;
    bool func_thumb = false;
    for (unsigned s = 0; s < shnum; s++) {
        const uint8_t *sh = d + shoff + (size_t)s * shentsize;
        if (rd32(sh + 4) != SHT_SYMTAB)
            continue;
        uint32_t off = rd32(sh + 16), size = rd32(sh + 20), link = rd32(sh + 24);
        uint32_t entsize = rd32(sh + 36);
        if (entsize < SYM_SIZE)
            entsize = SYM_SIZE;
        if (!in_file(l, off, size) || link >= shnum)
            continue;
        const uint8_t *strsh = d + shoff + (size_t)link * shentsize;
        uint32_t stroff = rd32(strsh + 16), strsize = rd32(strsh + 20);
        if (!in_file(l, stroff, strsize))
            strsize = 0;
        for (uint64_t i = 0; i + SYM_SIZE <= size; i += entsize) {
            const uint8_t *sym = d + off + i;
            uint32_t name = rd32(sym), value = rd32(sym + 4);
            unsigned type = sym[12] & 0xF;
            if (type == STT_FUNC && value == (entry | 1))
                func_thumb = true;
            if (value != entry || (uint64_t)name + 3 > strsize)
                continue;
            const char *str = (const char *)d + stroff + name;
            /* "$t", "$t.suffix"; the length check above keeps str[2] in the table */
            if (str[0] == '$' && (str[1] == 't' || str[1] == 'a') && (str[2] == '\0' || str[2] == '.'))
                return str[1] == 't';
        }
    }
    return func_thumb;
}

bool elf_load_mem(const char *name, const uint8_t *data, size_t size, uint8_t *ram, uint32_t ram_size,
                  ElfImage *img, char *err, size_t errlen)
{
    Loader l = { name, data, size, err, errlen };
    char ramtxt[32];
    bare_format_size(ram_size, ramtxt, sizeof(ramtxt));

    if (size < 4 || memcmp(data, "\177ELF", 4) != 0)
        return fail(&l, "not an ELF file");
    if (size < EI_NIDENT)
        return fail(&l, "truncated (ELF identification is %zu bytes, need %d)", size, EI_NIDENT);
    if (data[EI_CLASS] == ELFCLASS64)
        return fail(&l, "ELF class is 64-bit, expected 32-bit");
    if (data[EI_CLASS] != ELFCLASS32)
        return fail(&l, "invalid ELF class %u, expected 32-bit", data[EI_CLASS]);
    if (data[EI_DATA] == ELFDATA2MSB)
        return fail(&l, "ELF data is big-endian, expected little-endian");
    if (data[EI_DATA] != ELFDATA2LSB)
        return fail(&l, "invalid ELF data encoding %u, expected little-endian", data[EI_DATA]);
    if (data[EI_VERSION] != EV_CURRENT)
        return fail(&l, "unsupported ELF version %u", data[EI_VERSION]);
    if (size < EHDR_SIZE)
        return fail(&l, "truncated (ELF header is %zu bytes, need %d)", size, EHDR_SIZE);

    unsigned machine = rd16(data + E_MACHINE);
    if (machine != EM_ARM) {
        const char *mname = machine_name(machine);
        if (mname)
            return fail(&l, "ELF machine is %s, expected ARM", mname);
        return fail(&l, "ELF machine is unknown (%u), expected ARM", machine);
    }
    unsigned type = rd16(data + E_TYPE);
    if (type != ET_EXEC) {
        const char *tname = type_name(type);
        if (tname)
            return fail(&l, "ELF type is %s, expected executable (ET_EXEC)", tname);
        return fail(&l, "ELF type is unknown (0x%x), expected executable (ET_EXEC)", type);
    }

    uint32_t phoff = rd32(data + E_PHOFF);
    unsigned phentsize = rd16(data + E_PHENTSIZE), phnum = rd16(data + E_PHNUM);
    if (phnum == 0)
        return fail(&l, "no program headers");
    if (phnum == PN_XNUM)
        return fail(&l, "too many program headers (extended numbering is not supported)");
    if (phentsize < PHDR_SIZE)
        return fail(&l, "program header entry size %u too small (need %d)", phentsize, PHDR_SIZE);
    for (unsigned i = 0; i < phnum; i++)
        if (!in_file(&l, (uint64_t)phoff + (uint64_t)i * phentsize, PHDR_SIZE))
            return fail(&l, "truncated (program header %u past end of file)", i);

    /* Pass 1: validate every PT_LOAD so a bad file leaves RAM untouched. */
    uint64_t lo = UINT64_MAX, hi = 0;
    unsigned nload = 0;
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = data + phoff + (size_t)i * phentsize;
        if (rd32(ph) != PT_LOAD)
            continue;
        uint32_t offset = rd32(ph + 4), paddr = rd32(ph + 12);
        uint32_t filesz = rd32(ph + 16), memsz = rd32(ph + 20);
        if (filesz > memsz)
            return fail(&l, "program header %u: file size 0x%x larger than memory size 0x%x", i, filesz,
                        memsz);
        if (!in_file(&l, offset, filesz))
            return fail(&l, "truncated (segment %u data past end of file)", i);
        if (memsz == 0)
            continue;
        uint64_t end = (uint64_t)paddr + memsz;
        if (end > ram_size)
            return fail(&l, "segment 0x%08x-0x%08llx outside RAM (%s)", paddr, (unsigned long long)end,
                        ramtxt);
        if (paddr < lo)
            lo = paddr;
        if (end > hi)
            hi = end;
        nload++;
    }
    if (nload == 0)
        return fail(&l, "no loadable segments");

    uint32_t entry = rd32(data + E_ENTRY);
    bool thumb = (entry & 1) != 0;
    entry &= ~1u;
    if (!thumb)
        thumb = entry_is_thumb_by_symbols(&l, entry);
    if (entry >= ram_size)
        return fail(&l, "entry point 0x%08x outside RAM (%s)", entry, ramtxt);
    if (!thumb && (entry & 3))
        return fail(&l, "entry point 0x%08x is not word-aligned ARM code", entry);

    /* Pass 2: copy the file part, zero the bss part. */
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = data + phoff + (size_t)i * phentsize;
        if (rd32(ph) != PT_LOAD)
            continue;
        uint32_t offset = rd32(ph + 4), paddr = rd32(ph + 12);
        uint32_t filesz = rd32(ph + 16), memsz = rd32(ph + 20);
        if (memsz == 0)
            continue;
        memcpy(ram + paddr, data + offset, filesz);
        memset(ram + paddr + filesz, 0, memsz - filesz);
    }

    img->entry = entry;
    img->thumb = thumb;
    img->load_lo = (uint32_t)lo;
    img->load_hi = (uint32_t)hi;
    img->nsegments = nload;
    return true;
}

bool elf_load_file(const char *path, uint8_t *ram, uint32_t ram_size, ElfImage *img, char *err,
                   size_t errlen)
{
    /* ELF32 offsets cannot reach past 4 GiB, so a larger file is not one. */
    uint8_t *buf;
    size_t len;
    int e = 0;
    switch (file_read_all(path, UINT32_MAX, &buf, &len, &e)) {
    case FILE_READ_OK: break;
    case FILE_READ_OPEN_FAILED: snprintf(err, errlen, "%s: cannot open: %s", path, strerror(e)); return false;
    case FILE_READ_IO_ERROR: snprintf(err, errlen, "%s: cannot read: %s", path, strerror(e)); return false;
    case FILE_READ_TOO_LARGE: snprintf(err, errlen, "%s: larger than 4 GiB, not an ELF32 file", path); return false;
    case FILE_READ_NO_MEMORY: snprintf(err, errlen, "%s: out of memory reading the file", path); return false;
    }
    bool ok = elf_load_mem(path, buf, len, ram, ram_size, img, err, errlen);
    free(buf);
    return ok;
}
