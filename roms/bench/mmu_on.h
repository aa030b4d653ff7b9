/*
 * mmu_on.h - MMU-on start-up for the benchmarks (included by bench.h when
 * built with -DMMU_ON, i.e. the <bench>_mmu-<state>.elf variants).
 *
 * Before main() runs, a constructor builds a flat first-level table (4096
 * identity-mapped 1 MiB sections, full access, domain 0 as a client so
 * permissions are checked, write-back cacheable) and turns on the MMU
 * together with the caches and branch prediction in ARMv6 format
 * (SCTLR.XP).  The benchmark then runs unchanged, with every access
 * translated: this measures the cost of the MMU in the emulator.
 */
#ifndef IPODSIM_BENCH_MMU_ON_H
#define IPODSIM_BENCH_MMU_ON_H

#include <stdint.h>

static uint32_t bench_l1[4096] __attribute__((aligned(16384)));

__attribute__((constructor, target("arm"), used)) static void bench_mmu_on(void)
{
    for (uint32_t i = 0; i < 4096; i++)
        bench_l1[i] = (i << 20) | (3u << 10) | (0u << 5) | (1u << 3) | (1u << 2) | 2u;
    uint32_t sctlr;
    __asm__ volatile(
        "mcr p15, 0, %1, c2, c0, 2\n"      /* TTBCR = 0: TTBR0 only */
        "mcr p15, 0, %2, c2, c0, 0\n"      /* TTBR0 */
        "mcr p15, 0, %3, c3, c0, 0\n"      /* DACR: domain 0 client */
        "mcr p15, 0, %1, c7, c10, 4\n"     /* DSB: table writes done */
        "mcr p15, 0, %1, c8, c7, 0\n"      /* invalidate TLB */
        "mrc p15, 0, %0, c1, c0, 0\n"
        "orr %0, %0, %4\n"                 /* M, C, Z, I, XP */
        "mcr p15, 0, %0, c1, c0, 0\n"
        "mcr p15, 0, %1, c7, c5, 4\n"      /* flush prefetch buffer */
        : "=&r"(sctlr)
        : "r"(0), "r"(bench_l1), "r"(1u), "r"((1u << 0) | (1u << 2) | (1u << 11) | (1u << 12) | (1u << 23))
        : "memory");
}

#endif
