/*
 * ipodsim secure boot ROM (docs/secure-boot.md): the first stage of the
 * chain, linked at 0 (bootrom.ld).  Clocks, VIC, UART0 (polled), banner; the
 * LLB IMG3 is read from NOR offset 0 over SPI0 (chip select GPIO 0x000) into
 * SRAM 0x22080000, checked by img3_secure_check (roms/secure: bounds, TYPE
 * illb, SHSH with SHA-1 + PKE against the root key compiled in, CERT = root
 * key, KBAG unwrapped with the GID key, DATA decrypted) and its payload
 * copied to 0x22000000, where it is started in SVC mode with interrupts
 * masked.  Any failure prints "bootrom: LLB <reason>" and powers off through
 * the PMU, as a locked device refuses to boot.
 */
#include "root_key.h"
#include "secure.h"
#include "soc.h"

#define LLB_BUF 0x22080000u
#define LLB_BUF_MAX 0x40000u
#define LLB_BASE 0x22000000u
#define LLB_MAX 0x80000u

static void __attribute__((noreturn)) refuse(const char *why)
{
    kprintf("bootrom: LLB %s\n", why);
    kprintf("bootrom: boot refused, powering off\n");
    uart_flush();
    pmu_poweroff();
}

int main(void)
{
    ccnt_start();
    clocks_init();
    vic_init();
    uart_init();
    i2c0_init();
    kprintf("\nipodsim SecureROM (secure boot ROM) - root key RSA-%u\n", ROOT_N_BYTES * 8u);
    spinor_init();
    uint8_t id[3];
    if (!spinor_jedec_id(id)) {
        kprintf("bootrom: no NOR flash on SPI0 (JEDEC %02x %02x %02x)\n", id[0], id[1], id[2]);
        refuse("not found");
    }
    uint8_t *buf = (uint8_t *)LLB_BUF;
    spinor_read(0, buf, 20);
    uint32_t full = (uint32_t)buf[4] | (uint32_t)buf[5] << 8 | (uint32_t)buf[6] << 16 | (uint32_t)buf[7] << 24;
    if (buf[0] != '3' || buf[1] != 'g' || buf[2] != 'm' || buf[3] != 'I') refuse("not found (no IMG3 at NOR offset 0)");
    if (full < 20 || full > LLB_BUF_MAX) refuse("image size out of bounds");
    spinor_read(0, buf, full);
    kprintf("bootrom: LLB IMG3 read from NOR, %u bytes\n", full);
    SecImage img;
    const char *why;
    if (!img3_secure_check(buf, full, TYPE_ILLB, &img, &why)) refuse(why);
    if (img.payload_len > LLB_MAX) refuse("payload too large for SRAM");
    kprintf("bootrom: LLB signature ok (SHA-1 + RSA, root key), %s\n",
            img.encrypted ? "decrypted with the GID key" : "not encrypted");
    secure_memcpy((void *)LLB_BASE, img.payload, img.payload_len);
    kprintf("bootrom: jumping to LLB at 0x%08x (%u bytes)\n", LLB_BASE, img.payload_len);
    uart_flush();
    irq_disable();
    fiq_disable();
    ((void (*)(void))LLB_BASE)();
    soc_halt();
}
