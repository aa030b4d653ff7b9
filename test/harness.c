/* Flat-RAM CPU for unit tests (see harness.h). */
#include "test/harness.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

static uint8_t *host_page(void *opaque, uint32_t pa, bool *writable)
{
    TestCpu *tc = opaque;
    *writable = true;
    if (pa >= tc->ram_size) return NULL;
    return tc->ram + (pa & ~0xFFFu);
}

static bool bus_read(void *opaque, uint32_t pa, unsigned size, uint32_t *val)
{
    (void)opaque; (void)pa; (void)size;
    *val = 0;
    return false; /* nothing but RAM: bus error */
}

static bool bus_write(void *opaque, uint32_t pa, unsigned size, uint32_t val)
{
    (void)opaque; (void)pa; (void)size; (void)val;
    return false;
}

static bool svc_hook(Arm11 *cpu, void *opaque, uint32_t imm, bool thumb)
{
    (void)thumb;
    TestCpu *tc = opaque;
    if (!tc->catch_svc && !tc->stop_on_svc) return false;
    tc->svc_count++;
    tc->last_svc_imm = imm;
    if (tc->stop_on_svc) {
        cpu->stop = true;
        cpu->stop_reason = STOP_HOOK;
        cpu->deadline = 0;
    }
    return true;
}

/* Plain checks, not ck_assert: the harness is also usable outside a
 * running Check test (benchmarks, tools). */
static void need(bool ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "test harness: %s\n", what);
        abort();
    }
}

TestCpu *tc_create(uint32_t ram_size)
{
    TestCpu *tc = calloc(1, sizeof *tc);
    need(tc != NULL, "out of memory");
    tc->ram_size = ram_size;
    tc->ram = calloc(1, ram_size);
    need(tc->ram != NULL, "out of memory");
    ArmBusIf bus = {.opaque = tc, .host_page = host_page, .read = bus_read, .write = bus_write};
    tc->cpu = arm_create(&bus);
    need(tc->cpu != NULL, "arm_create failed");
    tc->cpu->hooks.opaque = tc;
    tc->cpu->hooks.svc = svc_hook;
    tc->cpu->cp15.sctlr |= SCTLR_U;
    return tc;
}

void tc_destroy(TestCpu *tc)
{
    if (!tc) return;
    arm_destroy(tc->cpu);
    free(tc->ram);
    free(tc);
}

void tc_put32(TestCpu *tc, uint32_t addr, const uint32_t *words, unsigned n)
{
    need(arm_debug_write(tc->cpu, addr, words, n * 4), "tc_put32 outside RAM");
}

void tc_put16(TestCpu *tc, uint32_t addr, const uint16_t *halves, unsigned n)
{
    need(arm_debug_write(tc->cpu, addr, halves, n * 2), "tc_put16 outside RAM");
}

uint32_t tc_get32(const TestCpu *tc, uint32_t addr)
{
    uint32_t v;
    need(addr <= tc->ram_size - 4, "tc_get32 outside RAM");
    memcpy(&v, tc->ram + addr, 4);
    return v;
}

static void set_pc(TestCpu *tc, uint32_t pc)
{
    if (pc & 1) tc->cpu->cpsr |= PSR_T;
    else tc->cpu->cpsr &= ~PSR_T;
    tc->cpu->r[15] = pc & ~1u;
}

uint32_t tc_run(TestCpu *tc, uint32_t pc, unsigned n)
{
    set_pc(tc, pc);
    for (unsigned i = 0; i < n; i++) arm_step(tc->cpu);
    return tc->cpu->r[15];
}

bool tc_run_to_svc(TestCpu *tc, uint32_t pc, uint64_t max_cycles)
{
    set_pc(tc, pc);
    tc->stop_on_svc = true;
    unsigned before = tc->svc_count;
    arm_run(tc->cpu, tc->cpu->cycles + max_cycles);
    tc->stop_on_svc = false;
    return tc->svc_count != before;
}

uint32_t tc_exec_arm(TestCpu *tc, uint32_t insn)
{
    tc_put32(tc, 0x1000, &insn, 1);
    return tc_run(tc, 0x1000, 1);
}

uint32_t tc_exec_thumb(TestCpu *tc, uint16_t insn)
{
    tc_put16(tc, 0x1000, &insn, 1);
    return tc_run(tc, 0x1001, 1);
}
