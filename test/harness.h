/* A bare CPU on flat little-endian RAM for unit tests: no devices, no
 * semihosting.  RAM spans [0, size); anything above is unmapped (bus error
 * -> external abort). */
#ifndef IPODSIM_TEST_HARNESS_H
#define IPODSIM_TEST_HARNESS_H

#include <check.h>
#include <stdint.h>

#include "cpu/arm11.h"

typedef struct TestCpu {
    Arm11 *cpu;
    uint8_t *ram;
    uint32_t ram_size;
    unsigned svc_count;          /* SVCs seen by the hook (hook consumes them) */
    uint32_t last_svc_imm;
    bool catch_svc;              /* when true, SVCs are counted and skipped instead of trapping */
    bool stop_on_svc;            /* tc_run_to_svc: an SVC also stops arm_run */
} TestCpu;

/* Create with RAM of the given size; the CPU is reset, in SVC mode, ARM state,
 * PC = 0, SCTLR.U set (ARMv6 unaligned support, like `ipodsim run`). */
TestCpu *tc_create(uint32_t ram_size);
void tc_destroy(TestCpu *tc);
/* Copy 32-bit ARM words / 16-bit Thumb halfwords into RAM at addr. */
void tc_put32(TestCpu *tc, uint32_t addr, const uint32_t *words, unsigned n);
void tc_put16(TestCpu *tc, uint32_t addr, const uint16_t *halves, unsigned n);
uint32_t tc_get32(const TestCpu *tc, uint32_t addr);
/* Start executing at pc (bit 0 set = Thumb) and run exactly n instructions
 * with arm_step.  Returns the PC afterwards. */
uint32_t tc_run(TestCpu *tc, uint32_t pc, unsigned n);
/* Run through the fast loop (arm_run) from pc until the guest executes an SVC
 * (any immediate; the SVC is consumed and the run stops right after it) or
 * max_cycles elapse.  Returns true if an SVC stopped it. */
bool tc_run_to_svc(TestCpu *tc, uint32_t pc, uint64_t max_cycles);

/* Run one ARM instruction at 0x1000 with the given registers/flags set up by
 * the caller beforehand (tc->cpu->r[], cpsr).  Returns the PC afterwards. */
uint32_t tc_exec_arm(TestCpu *tc, uint32_t insn);
uint32_t tc_exec_thumb(TestCpu *tc, uint16_t insn);

#endif
