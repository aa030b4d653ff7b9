/*
 * roms/timing/timing.c - cycle-timing microbenchmarks for ipodsim.
 *
 * Runs every kernel of kernels.S under the CP15 cycle counter and prints
 *     <name>: X.XX cycles/iteration (rule: Y)
 * where X is (cycles of the kernel loop - cycles of the same loop with an
 * empty block) / (iterations * units per block), and Y is the cost per unit
 * that the ARM1176 TRM's timing rules give, worked out by hand (see
 * ../../../shared/docs/arm1176-timing.md and docs/timing.md; VFP rows use
 * the VFP11 issue latencies).  test/timing_test.sh compares the X values
 * with test/timing_baseline.txt exactly: emulated time is deterministic.
 *
 * The program runs in SVC mode (newlib's rdimon start-up), so it may use
 * the performance monitor and CPACR directly.
 */
#include <stdint.h>
#include <stdio.h>

typedef uint32_t (*kernel_fn)(uint32_t iters, void *buf);

#define KERNELS(X)                                                              \
    X(alu_dep, 16, "1")                                                         \
    X(alu_indep, 16, "1")                                                       \
    X(alu_lsl_imm, 16, "1")                                                     \
    X(alu_lsl_imm_dep_rm, 16, "2")                                              \
    X(alu_lsl_reg, 16, "2")                                                     \
    X(ldr_indep, 8, "2")                                                        \
    X(load_use, 8, "4")                                                         \
    X(load_use_gap1, 8, "4")                                                    \
    X(load_use_shift, 8, "5")                                                   \
    X(load_addr, 16, "4")                                                       \
    X(load_addr_gap1, 8, "5")                                                   \
    X(load_store_data, 8, "3")                                                  \
    X(ldrb_use, 8, "4")                                                         \
    MULS(X, small) MULS(X, large)                                                     \
    X(mul_dep, 16, "5")                                                         \
    X(mla_acc_dep, 16, "3")                                                     \
    X(umull_dep_lo, 8, "5")                                                     \
    X(umull_dep_hi, 8, "6")                                                     \
    X(smulbb_dep, 16, "4")                                                      \
    X(ldr_post_addr, 16, "2")                                                   \
    X(ldm_use, 8, "4")                                                          \
    LSM(X, 1, "1", "1") LSM(X, 2, "1", "2") LSM(X, 3, "2", "2") LSM(X, 4, "2", "3")         \
    LSM(X, 5, "3", "3") LSM(X, 6, "3", "4") LSM(X, 7, "4", "4") LSM(X, 8, "4", "5")         \
    LSM(X, 9, "5", "5") LSM(X, 10, "5", "6") LSM(X, 11, "6", "6") LSM(X, 12, "6", "7")      \
    X(b_taken, 16, "1")                                                         \
    X(bcond_taken, 16, "1")                                                     \
    X(b_not_taken, 16, "2")                                                     \
    X(b_alternating, 15, "8")                                                   \
    X(bl_bx_lr, 16, "6")                                                        \
    X(bl_pop_pc, 16, "8")                                                       \
    X(fadds, 16, "1")                                                           \
    X(fmuld, 16, "2")                                                           \
    X(fdivd, 4, "29")

#define MULS(X, S)                                                                 \
    X(mul_##S, 16, "2") X(muls_##S, 16, "5") X(mla_##S, 16, "2")                \
    X(umull_##S, 16, "3") X(umulls_##S, 16, "6") X(smlal_##S, 16, "3")          \
    X(umaal_##S, 16, "3") X(smulbb_##S, 16, "1") X(smlabb_##S, 16, "1")         \
    X(smulwb_##S, 16, "1") X(smlad_##S, 16, "1") X(smlald_##S, 16, "2")         \
    X(smmul_##S, 16, "2") X(smmla_##S, 16, "2")

#define LSM(X, N, AL, UN)                                                          \
    X(ldm##N##_aligned, 8, AL) X(ldm##N##_unaligned, 8, UN)                     \
    X(stm##N##_aligned, 8, AL) X(stm##N##_unaligned, 8, UN)

#define DECLARE(name, units, rule) uint32_t k_##name(uint32_t iters, void *buf);
uint32_t k_empty(uint32_t iters, void *buf);
KERNELS(DECLARE)

struct kernel {
    const char *name;
    kernel_fn fn;
    unsigned units; /* units in the unrolled block */
    const char *rule;
};

#define ENTRY(name, units, rule) {#name, k_##name, units, rule},
static const struct kernel kernels[] = {KERNELS(ENTRY)};

/* 8-byte aligned scratch memory; word 0 points to itself (pointer chase). */
static uint32_t buf[64] __attribute__((aligned(8)));

#define ITERS 20
#define WARMUP_ITERS 2

static void enable_counters_and_vfp(void)
{
    uint32_t v = 7; /* PMNC: E | P | C */
    __asm__ volatile("mcr p15, 0, %0, c15, c12, 0" ::"r"(v));
    __asm__ volatile("mrc p15, 0, %0, c1, c0, 2" : "=r"(v));
    v |= 0xFu << 20; /* CPACR: full access to CP10 and CP11 */
    __asm__ volatile("mcr p15, 0, %0, c1, c0, 2" ::"r"(v));
    v = 1u << 30;    /* FPEXC.EN */
    __asm__ volatile("mcr p10, 7, %0, c8, c0, 0" ::"r"(v)); /* FMXR FPEXC */
}

static uint32_t run(kernel_fn fn, uint32_t iters)
{
    buf[0] = (uint32_t)(uintptr_t)buf;
    return fn(iters, buf);
}

int main(void)
{
    enable_counters_and_vfp();
    run(k_empty, WARMUP_ITERS);
    uint32_t calib = run(k_empty, ITERS);
    printf("timing: %u iterations per kernel, empty loop %u cycles\n", ITERS, (unsigned)calib);
    for (unsigned i = 0; i < sizeof kernels / sizeof kernels[0]; i++) {
        const struct kernel *k = &kernels[i];
        run(k->fn, WARMUP_ITERS); /* decode the code, train the predictor */
        int32_t cyc = (int32_t)(run(k->fn, ITERS) - calib);
        uint32_t div = ITERS * k->units;
        int neg = cyc < 0;
        uint32_t mag = (uint32_t)(neg ? -cyc : cyc);
        uint32_t hundredths = (mag * 100 + div / 2) / div;
        printf("%s: %s%u.%02u cycles/iteration (rule: %s)\n", k->name, neg ? "-" : "",
               (unsigned)(hundredths / 100), (unsigned)(hundredths % 100), k->rule);
    }
    return 0;
}
