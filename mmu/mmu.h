/* ARMv6 VMSA memory management unit of the ARM1176JZF-S: translation table
 * walks, an emulated main TLB, domain/permission checks, FCSE and ASIDs.
 *
 * The core reaches it from cpu/mem.c (translate) when SCTLR.M is set; CP15
 * (cpu/cp15.c) forwards the c7 VA->PA operations and the c8 TLB
 * maintenance operations here.  docs/mmu.md describes the model.
 */
#ifndef IPODSIM_MMU_MMU_H
#define IPODSIM_MMU_MMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cpu/arm11.h"

typedef struct Mmu Mmu;

Mmu *mmu_create(void);
void mmu_destroy(Mmu *mmu);
/* Invalidate every TLB entry, locked ones included (core reset). */
void mmu_reset(Mmu *mmu);

/* Flags returned by mmu_translate through *flags. */
#define MMU_FILL_OK 1u            /* the whole 4 KiB page has this access's rights: the
                                     software TLB may cache it */
#define MMU_DOMAIN_MASK (0xFu << FAULT_DOMAIN_SHIFT) /* domain of the page, in fault layout */

/* Translate va for an access of kind acc (ACC_READ/WRITE/FETCH, ACC_USER
 * for LDRT/STRT) with the MMU enabled.  Uses and fills the emulated TLB.  On
 * a fault sets cpu->fault (status | domain << FAULT_DOMAIN_SHIFT) and
 * cpu->fault_addr = va and returns 0. */
uint32_t mmu_translate(Arm11 *cpu, uint32_t va, unsigned acc, unsigned *flags);

/* Debugger view: va -> pa with the current tables and TLB, no permission
 * check, no TLB allocation, no fault recorded.  MMU off: identity. */
bool mmu_debug_translate(Arm11 *cpu, uint32_t va, uint32_t *pa);

/* Virtual -> physical lookup for front ends (single-step prompt, GDB
 * monitor): translates va as a read or write from User or privileged mode
 * with the current CP15 state, without side effects (no TLB fill, no fault
 * registers touched).  *pa gets the physical address on success.  why (may
 * be NULL) receives a one-line explanation: the descriptor(s) used and the
 * permission, or the fault that the access would raise. */
bool mmu_lookup(Arm11 *cpu, uint32_t va, bool user, bool write, uint32_t *pa, char *why, size_t why_len);

/* Text dumps.  mmu_dump_tables walks the current tables (TTBR0/TTBR1 as
 * TTBCR.N splits them) and prints contiguous runs with equal attributes as
 * one line each; mmu_dump_tlb lists the valid emulated TLB entries. */
void mmu_dump_tables(Arm11 *cpu, FILE *out);
void mmu_dump_tlb(Arm11 *cpu, FILE *out);

/* ---- for cpu/cp15.c ---------------------------------------------------------- */
/* c8 TLB operations (the ARM1176 TLB is unified: I, D and unified forms are
 * the same).  They also drop the core's software TLBs. */
void mmu_tlb_invalidate_all(Arm11 *cpu);           /* unlocked entries only */
void mmu_tlb_invalidate_mva(Arm11 *cpu, uint32_t mva_asid); /* MVA[31:12] | ASID[7:0] */
void mmu_tlb_invalidate_asid(Arm11 *cpu, uint32_t asid);
/* c7 c8 0-3: VA->PA translation for privileged/User read/write; returns the
 * PA register value.  An external abort on the walk also sets cpu->fault
 * (the caller raises the data abort). */
uint32_t mmu_va_to_pa(Arm11 *cpu, uint32_t va, bool user, bool write);
/* Cache maintenance by MVA (c7 c5 1, c6 1, c10 1, c14 1 ...): with the MMU on
 * a translation fault aborts the operation (ARM1176 TRM, notes of table 6-11).  Returns
 * true when it faulted (cpu->fault set, and for an I-cache operation the
 * IFSR holds the cause). */
bool mmu_cache_op_check(Arm11 *cpu, uint32_t va, bool icache);

/* Counters for --stats style reports. */
typedef struct MmuStats {
    uint64_t lookups, walks, faults;
} MmuStats;
MmuStats mmu_stats(const Arm11 *cpu);

#endif
