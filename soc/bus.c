/* Physical bus (soc/bus.h): a 4 KiB-page table of region numbers (2 MiB for
 * the whole 4 GiB space, one load per lookup) and a small region array. */
#include "soc/bus.h"

#include <stdlib.h>
#include <string.h>

#define BUS_PAGES (1u << (32 - BUS_PAGE_BITS))
#define BUS_MAX_REGIONS 256

typedef enum RegionKind { REGION_NONE = 0, REGION_RAM, REGION_ROM, REGION_DEVICE } RegionKind;

typedef struct Region {
    RegionKind kind;
    uint32_t base, size;
    uint8_t *host;            /* RAM/ROM */
    const DeviceOps *ops;     /* devices */
    void *dev;
    uint32_t dev_offset;
    const char *name;
} Region;

struct Bus {
    uint16_t *page_region;    /* per 4 KiB page: index into regions, 0 = nothing */
    Region regions[BUS_MAX_REGIONS];
    unsigned nregions;
    Log *log;
    uint8_t unmapped_seen[BUS_PAGES / 8]; /* pages whose bus error was already logged */
    void (*code_hook)(void *opaque, uint32_t pa, uint32_t len);
    void *code_opaque;
};

Bus *bus_create(Log *log)
{
    Bus *bus = calloc(1, sizeof *bus);
    if (!bus) return NULL;
    bus->page_region = calloc(BUS_PAGES, sizeof *bus->page_region);
    if (!bus->page_region) {
        free(bus);
        return NULL;
    }
    bus->nregions = 1; /* region 0 = nothing mapped */
    bus->log = log;
    return bus;
}

void bus_destroy(Bus *bus)
{
    if (!bus) return;
    free(bus->page_region);
    free(bus);
}

static bool same_region(const Region *a, const Region *b)
{
    return a->kind == b->kind && a->base == b->base && a->size == b->size && a->host == b->host &&
           a->ops == b->ops && a->dev == b->dev && a->dev_offset == b->dev_offset;
}

static void map(Bus *bus, Region r)
{
    if (r.size == 0) abort(); /* machine table bug */
    /* Re-mapping a region seen before (the boot-time remap at address 0
     * flips between two mappings) reuses its slot. */
    unsigned idx;
    for (idx = 1; idx < bus->nregions; idx++)
        if (same_region(&bus->regions[idx], &r)) break;
    if (idx == bus->nregions) {
        if (bus->nregions >= BUS_MAX_REGIONS) abort();
        bus->nregions++;
        bus->regions[idx] = r;
    }
    uint64_t end = (uint64_t)r.base + r.size;
    for (uint64_t pa = r.base & ~(uint64_t)(BUS_PAGE_SIZE - 1); pa < end; pa += BUS_PAGE_SIZE)
        bus->page_region[pa >> BUS_PAGE_BITS] = (uint16_t)idx;
}

void bus_map_ram(Bus *bus, uint32_t base, uint32_t size, uint8_t *host, const char *name)
{
    map(bus, (Region){ .kind = REGION_RAM, .base = base, .size = size, .host = host, .name = name });
}

void bus_map_rom(Bus *bus, uint32_t base, uint32_t size, uint8_t *host, const char *name)
{
    map(bus, (Region){ .kind = REGION_ROM, .base = base, .size = size, .host = host, .name = name });
}

void bus_map_device(Bus *bus, uint32_t base, uint32_t size, const DeviceOps *ops, void *dev,
                    uint32_t dev_offset)
{
    map(bus, (Region){ .kind = REGION_DEVICE, .base = base, .size = size, .ops = ops, .dev = dev,
                       .dev_offset = dev_offset, .name = ops->name });
}

void bus_unmap(Bus *bus, uint32_t base, uint32_t size)
{
    uint64_t end = (uint64_t)base + size;
    for (uint64_t pa = base & ~(uint64_t)(BUS_PAGE_SIZE - 1); pa < end; pa += BUS_PAGE_SIZE)
        bus->page_region[pa >> BUS_PAGE_BITS] = 0;
}

static inline const Region *lookup(const Bus *bus, uint32_t pa)
{
    return &bus->regions[bus->page_region[pa >> BUS_PAGE_BITS]];
}

const char *bus_region_name(const Bus *bus, uint32_t pa)
{
    const Region *r = lookup(bus, pa);
    return r->kind == REGION_NONE ? NULL : r->name;
}

static void bus_error(Bus *bus, uint32_t pa, bool write, unsigned size)
{
    uint32_t page = pa >> BUS_PAGE_BITS;
    if (!log_enabled(bus->log, LOG_UNIMP) || (bus->unmapped_seen[page / 8] >> (page % 8) & 1)) return;
    bus->unmapped_seen[page / 8] |= (uint8_t)(1u << (page % 8));
    log_msg(bus->log, LOG_UNIMP, "bus", "%s of %u bytes at unmapped address 0x%08x: external abort",
            write ? "write" : "read", size, pa);
}

static uint32_t host_load(const uint8_t *p, unsigned size)
{
    if (size == 4) {
        uint32_t v;
        memcpy(&v, p, 4);
        return v;
    }
    if (size == 2) {
        uint16_t h;
        memcpy(&h, p, 2);
        return h;
    }
    return *p;
}

static void host_store(uint8_t *p, unsigned size, uint32_t v)
{
    if (size == 4) {
        memcpy(p, &v, 4);
    } else if (size == 2) {
        uint16_t h = (uint16_t)v;
        memcpy(p, &h, 2);
    } else {
        *p = (uint8_t)v;
    }
}

bool bus_read(Bus *bus, uint32_t pa, unsigned size, uint32_t *val)
{
    const Region *r = lookup(bus, pa);
    switch (r->kind) {
    case REGION_RAM:
    case REGION_ROM:
        if (pa - r->base > r->size - size) break; /* straddles the end */
        *val = host_load(r->host + (pa - r->base), size);
        return true;
    case REGION_DEVICE:
        *val = r->ops->read(r->dev, pa - r->base + r->dev_offset, size);
        return true;
    case REGION_NONE:
        break;
    }
    bus_error(bus, pa, false, size);
    *val = 0;
    return false;
}

bool bus_write(Bus *bus, uint32_t pa, unsigned size, uint32_t val)
{
    const Region *r = lookup(bus, pa);
    switch (r->kind) {
    case REGION_RAM:
        if (pa - r->base > r->size - size) break;
        host_store(r->host + (pa - r->base), size, val);
        return true;
    case REGION_ROM:
        log_guest_error(bus->log, r->name, pa - r->base, "write to ROM ignored");
        return true;
    case REGION_DEVICE:
        r->ops->write(r->dev, pa - r->base + r->dev_offset, val, size);
        return true;
    case REGION_NONE:
        break;
    }
    bus_error(bus, pa, true, size);
    return false;
}

uint8_t *bus_host_ptr(Bus *bus, uint32_t pa, uint32_t len, bool writable)
{
    const Region *r = lookup(bus, pa);
    if (r->kind != REGION_RAM && !(r->kind == REGION_ROM && !writable)) return NULL;
    if (len > r->size || pa - r->base > r->size - len) return NULL;
    return r->host + (pa - r->base);
}

void bus_set_code_hook(Bus *bus, void (*fn)(void *opaque, uint32_t pa, uint32_t len), void *opaque)
{
    bus->code_hook = fn;
    bus->code_opaque = opaque;
}

/* Split a block transfer at region boundaries; device windows move 32-bit
 * words (bytes at an unaligned head or tail). */
static bool dma_access(Bus *bus, uint32_t pa, uint8_t *buf, uint32_t len, bool write)
{
    while (len) {
        const Region *r = lookup(bus, pa);
        uint32_t in_region = r->kind == REGION_NONE ? BUS_PAGE_SIZE - (pa & (BUS_PAGE_SIZE - 1))
                                                    : r->base + r->size - pa;
        uint32_t chunk = len < in_region || in_region == 0 ? len : in_region;
        if (r->kind == REGION_RAM || (r->kind == REGION_ROM && !write)) {
            uint8_t *p = r->host + (pa - r->base);
            if (write) {
                memcpy(p, buf, chunk);
                if (bus->code_hook) bus->code_hook(bus->code_opaque, pa, chunk);
            } else {
                memcpy(buf, p, chunk);
            }
        } else if (r->kind == REGION_ROM) {
            log_guest_error(bus->log, r->name, pa - r->base, "DMA write to ROM ignored");
        } else if (r->kind == REGION_DEVICE) {
            for (uint32_t i = 0; i < chunk;) {
                unsigned size = ((pa + i) & 3) == 0 && chunk - i >= 4 ? 4 : 1;
                uint32_t v = 0;
                if (write) {
                    memcpy(&v, buf + i, size);
                    bus_write(bus, pa + i, size, v);
                } else {
                    bus_read(bus, pa + i, size, &v);
                    memcpy(buf + i, &v, size);
                }
                i += size;
            }
        } else {
            bus_error(bus, pa, write, 4);
            return false;
        }
        pa += chunk;
        buf += chunk;
        len -= chunk;
    }
    return true;
}

bool bus_dma_read(Bus *bus, uint32_t pa, void *buf, uint32_t len)
{
    return dma_access(bus, pa, buf, len, false);
}

bool bus_dma_write(Bus *bus, uint32_t pa, const void *buf, uint32_t len)
{
    return dma_access(bus, pa, (uint8_t *)(uintptr_t)buf, len, true);
}

static uint8_t *cpu_host_page(void *opaque, uint32_t pa, bool *writable)
{
    Bus *bus = opaque;
    const Region *r = lookup(bus, pa);
    if (r->kind != REGION_RAM && r->kind != REGION_ROM) return NULL;
    /* Only pages wholly inside the region go through host pointers. */
    uint32_t page = pa & ~(BUS_PAGE_SIZE - 1);
    if (page < r->base || page - r->base > r->size - BUS_PAGE_SIZE) return NULL;
    *writable = r->kind == REGION_RAM;
    return r->host + (page - r->base);
}

static bool cpu_read(void *opaque, uint32_t pa, unsigned size, uint32_t *val)
{
    return bus_read(opaque, pa, size, val);
}

static bool cpu_write(void *opaque, uint32_t pa, unsigned size, uint32_t val)
{
    return bus_write(opaque, pa, size, val);
}

ArmBusIf bus_cpu_interface(Bus *bus)
{
    return (ArmBusIf){ .opaque = bus, .host_page = cpu_host_page, .read = cpu_read, .write = cpu_write };
}
