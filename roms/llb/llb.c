/*
 * ipodsim LLB (docs/secure-boot.md): the second stage, run by our boot ROM
 * at SRAM 0x22000000 (llb.ld; data and stacks in DRAM).  Finds the IMG2
 * directory on NOR (image/nor.c's layout: on a 4 KiB boundary, images from
 * (dataStart + imagesStart) * segmentSize), walks the IMG3s for the one of
 * type "ibot", reads it to DRAM 0x0F100000, checks and decrypts it with the
 * same code as the boot ROM (roms/secure) and the same root key, copies the
 * payload to DRAM 0x0FF00000 and jumps there.  A failure prints
 * "LLB: ibot <reason>" and powers off.
 */
#include "secure.h"
#include "soc.h"

#define IBOT_BUF 0x0F100000u
#define IBOT_BUF_MAX 0x00E00000u
#define IBOT_BASE 0x0FF00000u
#define IBOT_MAX 0x00080000u

static void __attribute__((noreturn)) halt_boot(const char *what, const char *why)
{
    kprintf("LLB: %s%s\n", what, why);
    kprintf("LLB: boot refused, powering off\n");
    uart_flush();
    pmu_poweroff();
}

/* A check of the next stage failed. */
static void __attribute__((noreturn)) refuse(const char *why) { halt_boot("ibot ", why); }
/* The hardware did not come up. */
static void __attribute__((noreturn)) hw_fail(const char *why) { halt_boot("", why); }

static uint32_t nor_word(uint32_t off)
{
    uint8_t b[4];
    spinor_read(off, b, 4);
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* DRAM controller bring-up (core sheet 20): lock the PHY DLL, then the
 * JEDEC power-up sequence through DIRECT_CMD (precharge all, two auto
 * refreshes, mode register set), auto refresh on, controller ready.  Each
 * command completes when DIRECT_CMD reads 0. */
#define MIU_BASE 0x3D700000u
#define MIU_CTRL 0x100
#define MIU_DIRECT_CMD 0x104
#define MIU_REFRESH 0x108
#define MIU_PHY_CTRL 0x140
#define MIU_PHY_STATUS 0x144

static void miu_cmd(uint32_t cmd)
{
    wr32(MIU_BASE + MIU_DIRECT_CMD, cmd);
    for (unsigned spin = 0; rd32(MIU_BASE + MIU_DIRECT_CMD) != 0; spin++)
        if (spin > 100000) hw_fail("DRAM command never completed");
}

static void dram_init(void)
{
    /* the PLLs the boot ROM started must be locked before DRAM is clocked */
    for (unsigned spin = 0; (rd32(CLK0_BASE + CLK_PLLLOCK) & 7) != 7; spin++)
        if (spin > 1000000) hw_fail("PLLs never locked");
    wr32(MIU_BASE + MIU_PHY_CTRL, 1);
    for (unsigned spin = 0; (rd32(MIU_BASE + MIU_PHY_STATUS) & 3) != 3; spin++)
        if (spin > 1000000) hw_fail("DRAM PHY DLL never locked");
    miu_cmd(0x233); /* precharge all */
    miu_cmd(0x333); /* auto refresh */
    miu_cmd(0x333);
    miu_cmd(0x133); /* mode register set */
    wr32(MIU_BASE + MIU_REFRESH, rd32(MIU_BASE + MIU_REFRESH) | (1u << 12));
    wr32(MIU_BASE + MIU_CTRL, rd32(MIU_BASE + MIU_CTRL) | (1u << 20));
    kprintf("LLB: DRAM up (DLL locked, power-up sequence done, refresh on)\n");
}

int main(void)
{
    uart_init();
    kprintf("LLB: ipodsim LLB running at 0x%08x\n", 0x22000000u);
    dram_init();
    spinor_init();
    uint32_t dir = 0;
    for (uint32_t off = NOR_SEGMENT; off < NOR_IMAGE_AREA_END; off += NOR_SEGMENT) {
        if (nor_word(off) == NOR_IMG2_MAGIC) {
            dir = off;
            break;
        }
    }
    if (!dir) refuse("not found (no IMG2 directory on NOR)");
    uint32_t seg = nor_word(dir + 4), ds = nor_word(dir + 8), is = nor_word(dir + 12);
    uint64_t start = ((uint64_t)ds + is) * seg;
    if (seg == 0 || start >= NOR_IMAGE_AREA_END) refuse("not found (bad IMG2 directory)");
    kprintf("LLB: IMG2 directory at 0x%05x, images from 0x%05x\n", dir, (uint32_t)start);
    uint32_t off = (uint32_t)start, full = 0;
    for (;;) {
        if (off + 20 > NOR_IMAGE_AREA_END || nor_word(off) != TAG_IMG3) refuse("not found on NOR");
        full = nor_word(off + 4);
        uint32_t ident = nor_word(off + 16);
        if (full < 20 || full > NOR_IMAGE_AREA_END - off) refuse("not found (image runs past the image area)");
        if (ident == TYPE_IBOT) break;
        off += full;
    }
    if (full > IBOT_BUF_MAX) refuse("image size out of bounds");
    uint8_t *buf = (uint8_t *)IBOT_BUF;
    spinor_read(off, buf, full);
    kprintf("LLB: ibot IMG3 at NOR 0x%05x, %u bytes\n", off, full);
    SecImage img;
    const char *why;
    if (!img3_secure_check(buf, full, TYPE_IBOT, &img, &why)) refuse(why);
    if (img.payload_len > IBOT_MAX) refuse("payload too large");
    kprintf("LLB: ibot signature ok (SHA-1 + RSA, root key), %s\n",
            img.encrypted ? "decrypted with the GID key" : "not encrypted");
    secure_memcpy((void *)IBOT_BASE, img.payload, img.payload_len);
    kprintf("LLB: jumping to ibot at 0x%08x\n", IBOT_BASE);
    uart_flush();
    irq_disable();
    fiq_disable();
    ((void (*)(void))IBOT_BASE)();
    soc_halt();
}
