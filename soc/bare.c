/* Bare machine for `ipodsim run`: flat RAM from address 0, nothing else.
 *
 * Modelled: RAM as one host allocation reached by the core through host page
 * pointers; the slow read/write callbacks also serve RAM (the core may use
 * them for accesses it does not do inline) and report a bus error for every
 * address past the end of RAM.
 * Not modelled: devices, interrupts, ROM, memory aliases.  The machine exists
 * to run conformance tests and benchmarks built against newlib's rdimon. */
#include "soc/bare.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t *bare_host_page(void *opaque, uint32_t pa, bool *writable)
{
    BareMachine *m = opaque;
    if (pa >= m->ram_size)
        return NULL;
    *writable = true;
    return m->ram + (pa & ~(BARE_PAGE_SIZE - 1));
}

static bool in_ram(const BareMachine *m, uint32_t pa, unsigned size)
{
    return pa < m->ram_size && size <= m->ram_size - pa;
}

static bool bare_read(void *opaque, uint32_t pa, unsigned size, uint32_t *val)
{
    BareMachine *m = opaque;
    if (size == 0 || size > 4 || !in_ram(m, pa, size))
        return false;
    uint32_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint32_t)m->ram[pa + i] << (8 * i);
    *val = v;
    return true;
}

static bool bare_write(void *opaque, uint32_t pa, unsigned size, uint32_t val)
{
    BareMachine *m = opaque;
    if (size == 0 || size > 4 || !in_ram(m, pa, size))
        return false;
    for (unsigned i = 0; i < size; i++)
        m->ram[pa + i] = (uint8_t)(val >> (8 * i));
    return true;
}

BareMachine *bare_create(uint32_t ram_size)
{
    if (ram_size < BARE_MIN_RAM || ram_size > BARE_MAX_RAM || ram_size % BARE_PAGE_SIZE)
        return NULL;
    BareMachine *m = calloc(1, sizeof(*m));
    if (!m)
        return NULL;
    /* calloc of this size is served by fresh zero pages, so untouched RAM
     * costs no host memory. */
    m->ram = calloc(ram_size, 1);
    if (!m->ram) {
        free(m);
        return NULL;
    }
    m->ram_size = ram_size;
    m->bus.opaque = m;
    m->bus.host_page = bare_host_page;
    m->bus.read = bare_read;
    m->bus.write = bare_write;
    return m;
}

void bare_destroy(BareMachine *m)
{
    if (!m)
        return;
    free(m->ram);
    free(m);
}

bool bare_parse_size(const char *text, uint32_t *size, char *err, size_t errlen)
{
    const char *p = text;
    uint64_t n = 0;
    if (!isdigit((unsigned char)*p)) {
        snprintf(err, errlen, "invalid memory size '%s' (expected e.g. 64M, 256M, 1G)", text);
        return false;
    }
    while (isdigit((unsigned char)*p)) {
        n = n * 10 + (uint64_t)(*p - '0');
        if (n > BARE_MAX_RAM) {
            /* Too large whatever the suffix; stop before the product overflows. */
            snprintf(err, errlen, "memory size '%s' too large (maximum 2G)", text);
            return false;
        }
        p++;
    }
    uint64_t unit = 1u << 20;      /* QEMU: a bare number is in MiB */
    switch (toupper((unsigned char)*p)) {
    case 'K': unit = 1u << 10; p++; break;
    case 'M': unit = 1u << 20; p++; break;
    case 'G': unit = 1u << 30; p++; break;
    case 'B': unit = 1; break;       /* plain bytes: the 'B' is eaten below */
    case '\0': break;
    default:
        snprintf(err, errlen, "invalid memory size '%s' (expected e.g. 64M, 256M, 1G)", text);
        return false;
    }
    if (unit > 1 && p[0] == 'i' && p[1] == 'B')
        p += 2;
    else if (toupper((unsigned char)p[0]) == 'B')
        p++;
    if (*p) {
        snprintf(err, errlen, "invalid memory size '%s' (expected e.g. 64M, 256M, 1G)", text);
        return false;
    }
    uint64_t bytes = n * unit;
    if (bytes > BARE_MAX_RAM) {
        snprintf(err, errlen, "memory size '%s' too large (maximum 2G)", text);
        return false;
    }
    if (bytes < BARE_MIN_RAM) {
        snprintf(err, errlen, "memory size '%s' too small (minimum 1M)", text);
        return false;
    }
    if (bytes % BARE_PAGE_SIZE) {
        snprintf(err, errlen, "memory size '%s' is not a multiple of 4K", text);
        return false;
    }
    *size = (uint32_t)bytes;
    return true;
}

void bare_format_size(uint32_t size, char *buf, size_t buflen)
{
    if (size && size % (1u << 30) == 0)
        snprintf(buf, buflen, "%u GiB", size >> 30);
    else if (size && size % (1u << 20) == 0)
        snprintf(buf, buflen, "%u MiB", size >> 20);
    else if (size % (1u << 10) == 0)
        snprintf(buf, buflen, "%u KiB", size >> 10);
    else
        snprintf(buf, buflen, "%u bytes", size);
}
