/* Memory slow paths of the core: everything the inline fast path in core.h
 * does not handle (TLB miss, misaligned, big-endian, MMIO, stores to pages
 * holding decoded code, bus errors).
 *
 * Alignment (ARMv6 ARM A2.8, ARM1176 TRM 4.2): with SCTLR.A set every
 * misaligned access faults.  With A clear and U set (ARMv6 mode), LDR/STR/
 * LDRH/STRH may be unaligned and behave like a sequence of byte accesses,
 * while LDM/STM/LDRD/STRD/LDREX/STREX/SWP (ACC_STRICT) must be word aligned
 * or fault.  With A and U clear (legacy mode) a misaligned LDR loads the
 * aligned word rotated right by 8 * (address & 3), stores and halfwords
 * ignore the low address bits, and the strict forms ignore bits [1:0].
 *
 * Translation: with SCTLR.M clear virtual == physical; with it set
 * translate() asks the MMU (mmu/mmu.c), which uses the emulated TLB and the
 * translation tables and reports faults in cpu->fault.  The software TLBs
 * filled here cache the MMU's answer per 4 KiB page and privilege (tag bit
 * 2 = tlb_user_bit); they are dropped whenever an input of that answer
 * changes (docs/mmu.md). */
#include "cpu/core.h"
#include "mmu/mmu.h"

static inline uint32_t bswap32(uint32_t v) { return __builtin_bswap32(v); }
static inline uint32_t bswap16(uint32_t v) { return (uint32_t)__builtin_bswap16((uint16_t)v); }

/* *flags: MMU_FILL_OK when the software TLB may cache the page, plus the
 * domain (for the DFSR of an external abort on the access itself). */
static uint32_t translate(Arm11 *cpu, uint32_t va, unsigned acc, unsigned *flags)
{
    if (!(cpu->cp15.sctlr & SCTLR_M)) {
        *flags = MMU_FILL_OK;
        return va;
    }
    return mmu_translate(cpu, va, acc, flags);
}

uint32_t mem_translate_fetch(Arm11 *cpu, uint32_t va)
{
    unsigned flags;
    return translate(cpu, va, ACC_FETCH, &flags);
}

static void tlb_invalidate(ArmTlbEntry *t)
{
    for (unsigned i = 0; i < ARM_TLB_SIZE; i++) t[i].tag = 0xFFFFFFFFu;
}

void arm_flush_write_tlb(Arm11 *cpu) { tlb_invalidate(cpu->tlb_write); }

void arm_flush_data_tlb(Arm11 *cpu)
{
    tlb_invalidate(cpu->tlb_read);
    tlb_invalidate(cpu->tlb_write);
}

void arm_flush_tlb(Arm11 *cpu)
{
    arm_flush_data_tlb(cpu);
    for (unsigned i = 0; i < ARM_FETCH_TLB_SIZE; i++) cpu->tlb_fetch[i].tag = 0xFFFFFFFFu;
}

static void set_fault(Arm11 *cpu, uint32_t status, uint32_t va)
{
    cpu->fault = status;
    cpu->fault_addr = va;
}

/* One naturally aligned access of 1, 2 or 4 bytes, little-endian value.
 * Fills the TLB for RAM pages.  Returns false on a fault. */
static bool access_aligned(Arm11 *cpu, uint32_t va, unsigned size, bool write, uint32_t *val, unsigned acc)
{
    unsigned flags;
    uint32_t pa = translate(cpu, va, acc, &flags);
    if (cpu->fault) return false;
    bool fill = (flags & MMU_FILL_OK) && !(cpu->cpsr & PSR_E) && !cpu->debug;
    bool writable = false;
    uint8_t *page = cpu->bus.host_page(cpu->bus.opaque, pa & ~0xFFFu, &writable);
    if (page) {
        uint8_t *p = page + (pa & 0xFFF);
        if (!write) {
            if (size == 4) memcpy(val, p, 4);
            else if (size == 2) { uint16_t h; memcpy(&h, p, 2); *val = h; }
            else *val = *p;
            if (fill) {
                ArmTlbEntry *e = (ArmTlbEntry *)tlb_slot(cpu->tlb_read, va);
                e->tag = (va & ~0xFFFu) | cpu->tlb_user_bit;
                e->addend = (uintptr_t)page - (va & ~0xFFFu);
            }
            return true;
        }
        if (!writable) return true; /* ROM: writes are ignored, as on the bus */
        if (size == 4) memcpy(p, val, 4);
        else if (size == 2) { uint16_t h = (uint16_t)*val; memcpy(p, &h, 2); }
        else *p = (uint8_t)*val;
        if (icache_is_code_page(cpu->icache, pa)) {
            /* Self-modifying code / loaders: forget the ops this store overwrote.
             * The write TLB is never filled for code pages, so every such store
             * comes here. */
            icache_invalidate_range(cpu->icache, pa, size);
        } else if (fill) {
            ArmTlbEntry *e = (ArmTlbEntry *)tlb_slot(cpu->tlb_write, va);
            e->tag = (va & ~0xFFFu) | cpu->tlb_user_bit;
            e->addend = (uintptr_t)page - (va & ~0xFFFu);
        }
        return true;
    }
    bool ok = write ? cpu->bus.write(cpu->bus.opaque, pa, size, *val)
                    : cpu->bus.read(cpu->bus.opaque, pa, size, val);
    if (!ok) {
        set_fault(cpu, FAULT_EXTERNAL | (flags & MMU_DOMAIN_MASK), va);
        return false;
    }
    return true;
}

static bool align_ok(Arm11 *cpu, uint32_t va, unsigned size, unsigned acc, uint32_t *eff)
{
    uint32_t sctlr = cpu->cp15.sctlr;
    uint32_t need = (acc & ACC_STRICT) ? 3 : size - 1;
    *eff = va;
    if (!(va & need)) return true;
    if (sctlr & SCTLR_A) {
        set_fault(cpu, FAULT_ALIGNMENT, va);
        return false;
    }
    if (sctlr & SCTLR_U) {
        if (acc & ACC_STRICT) {
            set_fault(cpu, FAULT_ALIGNMENT, va);
            return false;
        }
        return true; /* unaligned support: caller splits into bytes */
    }
    /* Legacy: ignore the low bits (LDR rotation is applied by the caller). */
    *eff = va & ~need;
    return true;
}

static uint32_t read_slow(Arm11 *cpu, uint32_t va, unsigned size, unsigned acc)
{
    uint32_t eff, val = 0;
    if (!align_ok(cpu, va, size, acc, &eff)) return 0;
    bool big = (cpu->cpsr & PSR_E) != 0;
    if (eff & (size - 1)) {
        /* ARMv6 unaligned access: byte by byte, in memory order. */
        uint32_t b[4] = {0};
        for (unsigned i = 0; i < size; i++)
            if (!access_aligned(cpu, va + i, 1, false, &b[i], acc)) return 0;
        for (unsigned i = 0; i < size; i++) val |= b[i] << (8 * (big ? size - 1 - i : i));
        return val;
    }
    if (!access_aligned(cpu, eff, size, false, &val, acc)) return 0;
    if (big) val = size == 4 ? bswap32(val) : size == 2 ? bswap16(val) : val;
    if (size == 4 && eff != va && !(acc & ACC_STRICT)) {
        unsigned rot = 8 * (va & 3); /* legacy rotated LDR */
        val = (val >> rot) | (val << (32 - rot));
    }
    return val;
}

static void write_slow(Arm11 *cpu, uint32_t va, unsigned size, uint32_t val, unsigned acc)
{
    uint32_t eff;
    if (!align_ok(cpu, va, size, acc, &eff)) return;
    bool big = (cpu->cpsr & PSR_E) != 0;
    if (size < 4) val &= (1u << (8 * size)) - 1;
    if (eff & (size - 1)) {
        for (unsigned i = 0; i < size; i++) {
            uint32_t b = (val >> (8 * (big ? size - 1 - i : i))) & 0xFF;
            if (!access_aligned(cpu, va + i, 1, true, &b, acc)) return;
        }
        return;
    }
    if (big) val = size == 4 ? bswap32(val) : size == 2 ? bswap16(val) : val;
    access_aligned(cpu, eff, size, true, &val, acc);
}

/* While a debugger is attached the TLBs stay empty, so every access comes
 * through here and can be reported. */
uint32_t mem_read_slow(Arm11 *cpu, uint32_t va, unsigned size, unsigned acc)
{
    uint32_t v = read_slow(cpu, va, size, acc);
    if (unlikely(cpu->debug != NULL) && cpu->debug->mem && !cpu->fault)
        cpu->debug->mem(cpu, cpu->debug->opaque, va, size, v, false);
    return v;
}

void mem_write_slow(Arm11 *cpu, uint32_t va, unsigned size, uint32_t val, unsigned acc)
{
    write_slow(cpu, va, size, val, acc);
    if (unlikely(cpu->debug != NULL) && cpu->debug->mem && !cpu->fault)
        cpu->debug->mem(cpu, cpu->debug->opaque, va, size, size < 4 ? val & ((1u << (8 * size)) - 1) : val, true);
}

/* Debugger/loader access by virtual address, page by page: RAM/ROM through
 * host pointers (writes may patch ROM and drop decoded code), MMIO byte by
 * byte through the bus.  No timing, no TLB fill; with the MMU on the
 * address goes through the current translation (TLB entry or table walk)
 * without permission checks, and an unmapped page just fails. */
static bool debug_access(Arm11 *cpu, uint32_t va, uint8_t *buf, uint32_t len, bool write)
{
    while (len) {
        uint32_t pa;
        if (!mmu_debug_translate(cpu, va, &pa)) return false;
        uint32_t chunk = 0x1000 - (va & 0xFFF);
        if (chunk > len) chunk = len;
        bool writable;
        uint8_t *page = cpu->bus.host_page(cpu->bus.opaque, pa & ~0xFFFu, &writable);
        if (page && write) {
            memcpy(page + (pa & 0xFFF), buf, chunk);
            icache_invalidate_range(cpu->icache, pa, chunk);
        } else if (page) {
            memcpy(buf, page + (pa & 0xFFF), chunk);
        } else {
            for (uint32_t i = 0; i < chunk; i++) {
                uint32_t v = buf[i];
                bool ok = write ? cpu->bus.write(cpu->bus.opaque, pa + i, 1, v)
                                : cpu->bus.read(cpu->bus.opaque, pa + i, 1, &v);
                if (!ok) return false;
                buf[i] = (uint8_t)v;
            }
        }
        buf += chunk;
        va += chunk;
        len -= chunk;
    }
    return true;
}

bool arm_debug_read(Arm11 *cpu, uint32_t va, void *buf, uint32_t len)
{
    return debug_access(cpu, va, buf, len, false);
}

bool arm_debug_write(Arm11 *cpu, uint32_t va, const void *buf, uint32_t len)
{
    /* debug_access only reads buf when writing */
    return debug_access(cpu, va, (uint8_t *)(uintptr_t)buf, len, true);
}
