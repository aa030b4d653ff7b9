/* The S5L8720 physical address space (docs/memory-map.md).
 *
 * A region table at 4 KiB granularity: every physical page maps to RAM/ROM
 * (a host pointer: the CPU's software TLB caches it, so a RAM access that
 * hits costs a few host instructions), to a device window (DeviceOps read/
 * write with the access width), or to nothing.  An access to nothing is a bus
 * error: the CPU takes a precise external abort at that instruction, DMA
 * masters report an error, and the first one at each page is logged with the
 * PC (`-d unimp`).  Writes to ROM are ignored and logged as guest errors.
 *
 * Bus masters other than the CPU (DMA, crypto engines) use bus_dma_read/
 * bus_dma_write, which also tell the CPU to drop decoded instructions of the
 * RAM they overwrite. */
#ifndef IPODSIM_SOC_BUS_H
#define IPODSIM_SOC_BUS_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/arm11.h"
#include "soc/device.h"
#include "soc/log.h"

#define BUS_PAGE_BITS 12
#define BUS_PAGE_SIZE (1u << BUS_PAGE_BITS)

typedef struct Bus Bus;

Bus *bus_create(Log *log);
void bus_destroy(Bus *bus);

/* Map host memory at [base, base+size) (page multiples).  ROM is mapped
 * read-only. */
void bus_map_ram(Bus *bus, uint32_t base, uint32_t size, uint8_t *host, const char *name);
void bus_map_rom(Bus *bus, uint32_t base, uint32_t size, uint8_t *host, const char *name);
/* Map a device window; offsets passed to ops start at dev_offset at base
 * (an alias window of a device uses a non-zero dev_offset). */
void bus_map_device(Bus *bus, uint32_t base, uint32_t size, const DeviceOps *ops, void *dev,
                    uint32_t dev_offset);
void bus_unmap(Bus *bus, uint32_t base, uint32_t size);

/* Name of what is mapped at pa ("dram", "timer", ...) or NULL. */
const char *bus_region_name(const Bus *bus, uint32_t pa);

/* One access of 1, 2 or 4 bytes (naturally aligned for MMIO).  False = bus
 * error (nothing mapped). */
bool bus_read(Bus *bus, uint32_t pa, unsigned size, uint32_t *val);
bool bus_write(Bus *bus, uint32_t pa, unsigned size, uint32_t val);

/* Host pointer to len bytes of RAM/ROM at pa, NULL unless all of them are in
 * one RAM/ROM region (writable: RAM only). */
uint8_t *bus_host_ptr(Bus *bus, uint32_t pa, uint32_t len, bool writable);

/* Block transfers for DMA masters: RAM/ROM as memcpy, device windows as
 * 32-bit accesses.  False on a bus error (the part before it was done). */
bool bus_dma_read(Bus *bus, uint32_t pa, void *buf, uint32_t len);
bool bus_dma_write(Bus *bus, uint32_t pa, const void *buf, uint32_t len);

/* Called with every RAM range a DMA master writes (the machine passes it to
 * arm_invalidate_code). */
void bus_set_code_hook(Bus *bus, void (*fn)(void *opaque, uint32_t pa, uint32_t len), void *opaque);

/* The interface the CPU core uses (cpu/arm11.h ArmBusIf). */
ArmBusIf bus_cpu_interface(Bus *bus);

#endif
