/* The physical bus routes each page to RAM, ROM, a device window (with the
 * offset and width of the access, aliases adding their dev_offset) or
 * nothing (a bus error, logged once per page); DMA block transfers split at
 * region edges and report the RAM they wrote so decoded code is dropped. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "soc/bus.h"
#include "soc/log.h"

typedef struct FakeDev {
    uint32_t last_off, last_val;
    unsigned last_size, reads, writes;
} FakeDev;

static uint32_t fake_read(void *d, uint32_t off, unsigned size)
{
    FakeDev *f = d;
    f->last_off = off;
    f->last_size = size;
    f->reads++;
    return 0xA0000000u | off;
}

static void fake_write(void *d, uint32_t off, uint32_t val, unsigned size)
{
    FakeDev *f = d;
    f->last_off = off;
    f->last_val = val;
    f->last_size = size;
    f->writes++;
}

static const DeviceOps fake_ops = { .name = "fake", .read = fake_read, .write = fake_write };

static uint32_t hook_pa, hook_len;
static void code_hook(void *o, uint32_t pa, uint32_t len)
{
    (void)o;
    hook_pa = pa;
    hook_len = len;
}

START_TEST(test_bus_routes_regions)
{
    FILE *lf = tmpfile();
    Log *log = log_create(lf, LOG_UNIMP | LOG_GUEST_ERR);
    Bus *bus = bus_create(log);
    uint8_t *ram = calloc(1, 0x4000), *rom = calloc(1, 0x1000);
    rom[0] = 0x5A;
    FakeDev fd = {0};
    bus_map_ram(bus, 0x08000000, 0x4000, ram, "dram");
    bus_map_rom(bus, 0x0, 0x1000, rom, "rom");
    bus_map_device(bus, 0x3C700000, 0x1000, &fake_ops, &fd, 0);
    bus_map_device(bus, 0x3C710000, 0x1000, &fake_ops, &fd, 0x10000);

    uint32_t v;
    ck_assert(bus_write(bus, 0x08000010, 4, 0x11223344));
    ck_assert(bus_read(bus, 0x08000012, 2, &v));
    ck_assert_uint_eq(v, 0x1122);
    ck_assert(bus_read(bus, 0x0, 1, &v));
    ck_assert_uint_eq(v, 0x5A);
    ck_assert(bus_write(bus, 0x0, 1, 0x77)); /* ROM: accepted, ignored */
    ck_assert_uint_eq(rom[0], 0x5A);
    ck_assert(bus_read(bus, 0x3C700118, 4, &v));
    ck_assert_uint_eq(fd.last_off, 0x118);
    ck_assert_uint_eq(v, 0xA0000118u);
    ck_assert(bus_read(bus, 0x3C710118, 4, &v));
    ck_assert_uint_eq(fd.last_off, 0x10118);
    ck_assert(bus_write(bus, 0x3C700004, 2, 0xBEEF));
    ck_assert_uint_eq(fd.last_size, 2);
    ck_assert_uint_eq(fd.last_val, 0xBEEF);
    ck_assert_str_eq(bus_region_name(bus, 0x08003FFF), "dram");
    ck_assert_ptr_null(bus_region_name(bus, 0x08004000));

    unsigned before = log_count(log);
    ck_assert(!bus_read(bus, 0x08004000, 4, &v)); /* past the end of RAM */
    ck_assert(!bus_write(bus, 0x08004008, 4, 1)); /* same page: not logged again */
    ck_assert(!bus_read(bus, 0x50000000, 4, &v));
    ck_assert_uint_eq(log_count(log), before + 2);

    ck_assert_ptr_eq(bus_host_ptr(bus, 0x08000100, 0x100, true), ram + 0x100);
    ck_assert_ptr_null(bus_host_ptr(bus, 0x08003F00, 0x200, false)); /* runs off RAM */
    ck_assert_ptr_null(bus_host_ptr(bus, 0x0, 4, true));             /* ROM not writable */
    ck_assert_ptr_null(bus_host_ptr(bus, 0x3C700000, 4, false));

    ArmBusIf cpu = bus_cpu_interface(bus);
    bool w;
    ck_assert_ptr_eq(cpu.host_page(cpu.opaque, 0x08001000, &w), ram + 0x1000);
    ck_assert(w);
    ck_assert_ptr_eq(cpu.host_page(cpu.opaque, 0x0, &w), rom);
    ck_assert(!w);
    ck_assert_ptr_null(cpu.host_page(cpu.opaque, 0x3C700000, &w));

    bus_destroy(bus);
    log_destroy(log);
    fclose(lf);
    free(ram);
    free(rom);
}
END_TEST

START_TEST(test_bus_dma_transfers)
{
    Bus *bus = bus_create(NULL);
    uint8_t *a = calloc(1, 0x1000), *b = calloc(1, 0x1000);
    FakeDev fd = {0};
    bus_map_ram(bus, 0x1000, 0x1000, a, "a");
    bus_map_ram(bus, 0x2000, 0x1000, b, "b");
    bus_map_device(bus, 0x3000, 0x1000, &fake_ops, &fd, 0);
    bus_set_code_hook(bus, code_hook, NULL);
    uint8_t buf[0x100];
    for (unsigned i = 0; i < sizeof buf; i++) buf[i] = (uint8_t)i;
    ck_assert(bus_dma_write(bus, 0x1F80, buf, sizeof buf)); /* spans two regions */
    ck_assert_uint_eq(a[0xF80], 0);
    ck_assert_uint_eq(a[0xFFF], 0x7F);
    ck_assert_uint_eq(b[0], 0x80);
    ck_assert_uint_eq(hook_pa, 0x2000);
    ck_assert_uint_eq(hook_len, 0x80);
    uint8_t back[0x100];
    ck_assert(bus_dma_read(bus, 0x1F80, back, sizeof back));
    ck_assert_mem_eq(back, buf, sizeof buf);
    /* Device windows see 32-bit accesses. */
    ck_assert(bus_dma_write(bus, 0x3010, buf, 8));
    ck_assert_uint_eq(fd.writes, 2);
    ck_assert_uint_eq(fd.last_size, 4);
    ck_assert_uint_eq(fd.last_off, 0x14);
    ck_assert_uint_eq(fd.last_val, 0x07060504u);
    /* Into nothing: error after the part that exists. */
    ck_assert(!bus_dma_write(bus, 0x3FF8, buf, 0x10));
    bus_destroy(bus);
    free(a);
    free(b);
}
END_TEST

Suite *bus_suite(void)
{
    Suite *s = suite_create("bus");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_bus_routes_regions);
    tcase_add_test(tc, test_bus_dma_transfers);
    suite_add_tcase(s, tc);
    return s;
}
