/* The translation tables of the mmu:* classes (docs/conformance.md, "Loads
 * and stores with the MMU on").  Both engines get the same tables in RAM and
 * the same CP15 state; the harness also walks them itself (mmu_layout_pa) to
 * undo the oracle's stray writes, which its hooks report by virtual address.
 *
 * ARMv6 format (SCTLR.XP = 1), TTBR0 only (TTBCR = 0), DACR = MMU_DACR:
 *   VA 0x000xxxxx  section -> PA 0 (identity: code, vectors, tables, data)  domain 0 client, AP 011
 *   VA 0x001xxxxx  coarse table at MMU_L2                                   domain 1 client
 *       0x100000-0x10FFFF  one large page -> PA 0x10000 (the data region), AP 011
 *       0x110000-0x11FFFF  16 small pages -> a permutation of the data region's pages,
 *                          mixed AP (see small_ap) and two fault entries
 *       0x120000-          fault entries (page translation faults)
 *   VA 0x002xxxxx  section -> PA 0, domain 2 = no access (domain faults)
 *   VA 0x003xxxxx  fault entry (section translation faults)
 *   VA 0x004xxxxx  section -> PA 0, domain 3 = manager, AP 000 (no checks)
 *   VA 0x005xxxxx  section -> PA 0, domain 0 client, APX:AP 101 (privileged read-only)
 *   everything else: fault entries */
#include <string.h>

#include "test/conformance/conf.h"

/* APX:AP of the small pages at 0x110000 + i * 0x1000; 8 = fault entry. */
static const uint8_t small_ap[16] = {3, 3, 2, 1, 5, 6, 7, 0, 4, 3, 8, 2, 1, 3, 6, 8};

static void put32(uint8_t *ram, uint32_t a, uint32_t v) { memcpy(ram + a, &v, 4); }
static uint32_t get32(const uint8_t *ram, uint32_t a)
{
    uint32_t v;
    memcpy(&v, ram + a, 4);
    return v;
}

static uint32_t ap_bits(unsigned apx_ap) { return ((apx_ap >> 2) & 1u) << 9 | (apx_ap & 3u) << 4; }

void mmu_layout_write(uint8_t *ram)
{
    memset(ram + MMU_L1, 0, 0x4000);
    memset(ram + MMU_L2, 0, 0x400);
    /* sections: PA base | AP[1:0] << 10 | APX << 15 | domain << 5 | 0b10 */
    put32(ram, MMU_L1 + 0 * 4, 0x00000000u | 3u << 10 | 0u << 5 | 2u);
    put32(ram, MMU_L1 + 1 * 4, MMU_L2 | 1u << 5 | 1u);
    put32(ram, MMU_L1 + 2 * 4, 0x00000000u | 3u << 10 | 2u << 5 | 2u);
    put32(ram, MMU_L1 + 4 * 4, 0x00000000u | 0u << 10 | 3u << 5 | 2u);
    put32(ram, MMU_L1 + 5 * 4, 0x00000000u | 1u << 15 | 1u << 10 | 0u << 5 | 2u);
    /* large page: 16 identical entries, PA[31:16] | APX << 9 | AP << 4 | 0b01 */
    for (unsigned i = 0; i < 16; i++) put32(ram, MMU_L2 + i * 4, DATA_BASE | ap_bits(3) | 1u);
    /* small pages: PA[31:12] | APX << 9 | AP << 4 | 0b10 (XN = 0) */
    for (unsigned i = 0; i < 16; i++) {
        if (small_ap[i] == 8) continue;
        uint32_t pa = DATA_BASE + ((i * 5u) & 15u) * 0x1000u;
        put32(ram, MMU_L2 + (16 + i) * 4, pa | ap_bits(small_ap[i]) | 2u);
    }
}

bool mmu_layout_pa(const uint8_t *ram, uint32_t va, uint32_t *pa)
{
    uint32_t l1 = get32(ram, MMU_L1 + (va >> 20) * 4);
    if ((l1 & 3) == 2) {
        *pa = (l1 & 0xFFF00000u) | (va & 0xFFFFFu);
        return true;
    }
    if ((l1 & 3) != 1) return false;
    uint32_t l2a = (l1 & 0xFFFFFC00u) + ((va >> 12) & 0xFF) * 4;
    if (l2a + 4 > RAM_SIZE) return false;
    uint32_t l2 = get32(ram, l2a);
    if ((l2 & 3) == 1) *pa = (l2 & 0xFFFF0000u) | (va & 0xFFFFu);
    else if (l2 & 2) *pa = (l2 & 0xFFFFF000u) | (va & 0xFFFu);
    else return false;
    return true;
}

/* The tables are the same in every image; the initial image's are walked
 * (the exclusions look at memory before an instruction runs). */
static uint8_t layout_image[RAM_SIZE];
static bool layout_ready;

bool mmu_layout_pa_ram(uint32_t va, uint32_t *pa)
{
    if (!layout_ready) {
        mmu_layout_write(layout_image);
        layout_ready = true;
    }
    return mmu_layout_pa(layout_image, va, pa);
}

/* A pointer for a base register of an mmu:* case: mostly into the remapped
 * window (large page or small pages), sometimes at each kind of fault. */
uint32_t mmu_gen_pointer(Rng *r, uint32_t v)
{
    /* v: the pointer the plain generator chose (data region, or BAD_BASE) */
    uint32_t off = v & 0xFFFFu;
    unsigned k = rng_below(r, 100);
    if (k < 35) return 0x00100000u + off;                      /* large page */
    if (k < 75) return 0x00110000u + off;                      /* small pages, mixed rights */
    if (k < 80) return 0x00120000u + (v & 0x7FFFFu);           /* page translation fault */
    if (k < 84) return 0x00200000u + off + DATA_BASE;           /* domain fault */
    if (k < 88) return 0x00300000u + (v & 0xFFFFFu);           /* section translation fault */
    if (k < 93) return 0x00400000u + off + DATA_BASE;           /* manager domain */
    if (k < 97) return 0x00500000u + off + DATA_BASE;           /* privileged read-only section */
    return v;                                                  /* identity (physical) address */
}
