/* Loader for ELF32 little-endian ARM executables (what arm-none-eabi-gcc
 * links), used by `ipodsim run`.  Every header field is checked before any
 * byte is copied, so a rejected file leaves RAM untouched and hostile input
 * cannot make the loader read or write outside its buffers. */
#ifndef IPODSIM_SOC_ELF_H
#define IPODSIM_SOC_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ElfImage {
    uint32_t entry;       /* entry address with the Thumb bit cleared */
    bool thumb;           /* start in Thumb state */
    uint32_t load_lo;     /* lowest address written by a PT_LOAD segment */
    uint32_t load_hi;     /* one past the highest such address (incl. bss) */
    unsigned nsegments;   /* PT_LOAD segments loaded (empty ones skipped) */
} ElfImage;

/* Load the file at path into ram[0 .. ram_size) at the segments' physical
 * addresses (p_paddr, as QEMU's -kernel does; for bare-metal images it equals
 * p_vaddr), zero-filling the bss part.  On failure returns false and writes a
 * one-line message "PATH: reason" to err (no "ipodsim:" prefix, no newline). */
bool elf_load_file(const char *path, uint8_t *ram, uint32_t ram_size, ElfImage *img, char *err,
                   size_t errlen);

/* Same from a memory image; name is used in messages. */
bool elf_load_mem(const char *name, const uint8_t *data, size_t size, uint8_t *ram, uint32_t ram_size,
                  ElfImage *img, char *err, size_t errlen);

#endif
