/* CP15 system control coprocessor of the ARM1176JZF-S. */
#ifndef IPODSIM_CPU_CP15_H
#define IPODSIM_CPU_CP15_H
#include "cpu/arm11.h"

#define ARM1176_MIDR 0x410FB767u       /* ARM1176JZF-S r0p7 */
#define ARM1176_SCTLR_RESET 0x00050078u

void cp15_install(Arm11 *cpu);
void cp15_reset(Arm11 *cpu);
/* Current values of the performance-monitor counters (they run on cpu->cycles). */
uint32_t cp15_ccnt(const Arm11 *cpu);
/* Latch counter overflows into the PMNC flags, update the nPMUIRQ output
 * and recompute cpu->pmu_deadline (lowering cpu->deadline to it).  The run
 * loop calls it when cycles reach pmu_deadline. */
void cp15_pmu_sync(Arm11 *cpu);
#endif
