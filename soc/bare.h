/* The bare machine behind `ipodsim run`: an ARM1176 on flat little-endian RAM
 * starting at physical address 0, with nothing else on the bus.  Addresses at
 * or above the end of RAM are unmapped: accesses to them are bus errors, which
 * the core turns into external aborts.  There are no devices, no interrupts and
 * no MMU set-up; the guest talks to the host only through semihosting. */
#ifndef IPODSIM_SOC_BARE_H
#define IPODSIM_SOC_BARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu/arm11.h"

#define BARE_PAGE_SIZE 0x1000u
#define BARE_DEFAULT_RAM (256u << 20)
#define BARE_MIN_RAM (1u << 20)
#define BARE_MAX_RAM (2048u << 20)

typedef struct BareMachine {
    uint8_t *ram;
    uint32_t ram_size;   /* bytes, a multiple of BARE_PAGE_SIZE */
    ArmBusIf bus;        /* hand this to arm_create() */
} BareMachine;

/* Allocate zeroed RAM of ram_size bytes (BARE_MIN_RAM..BARE_MAX_RAM, page
 * multiple).  Returns NULL on a bad size or when the host is out of memory. */
BareMachine *bare_create(uint32_t ram_size);
void bare_destroy(BareMachine *m);

/* Parse a RAM size the way QEMU's -m does: a number with an optional K/M/G
 * suffix (case-insensitive, optionally followed by "B" or "iB"); a bare number
 * means MiB and a lone "B" suffix means bytes.  On failure writes a one-line reason to err. */
bool bare_parse_size(const char *text, uint32_t *size, char *err, size_t errlen);

/* Human form of a RAM size for messages: "256 MiB", "1 GiB", "64 KiB". */
void bare_format_size(uint32_t size, char *buf, size_t buflen);

#endif
