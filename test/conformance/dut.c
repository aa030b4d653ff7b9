/* The device under test: the ipodsim core on flat RAM [0, RAM_SIZE); any
 * other address is a bus error (precise external abort), as in the unit-test
 * harness.  SCTLR.U is set, as in `ipodsim run` and test/harness.c. */
#include <stdlib.h>

#include "cpu/core.h"
#include "cpu/cp15.h"
#include "mmu/mmu.h"
#include "test/conformance/conf.h"

static Arm11 *cpu;
static uint8_t *dut_ram;
static const uint32_t sctlr_value = ARM1176_SCTLR_RESET | SCTLR_U;

static uint8_t *host_page(void *opaque, uint32_t pa, bool *writable)
{
    (void)opaque;
    *writable = true;
    return pa < RAM_SIZE ? dut_ram + (pa & ~0xFFFu) : NULL;
}

static bool bus_read(void *opaque, uint32_t pa, unsigned size, uint32_t *val)
{
    (void)opaque; (void)pa; (void)size;
    *val = 0;
    return false;
}

static bool bus_write(void *opaque, uint32_t pa, unsigned size, uint32_t val)
{
    (void)opaque; (void)pa; (void)size; (void)val;
    return false;
}

void dut_init(uint8_t *ram)
{
    dut_ram = ram;
    ArmBusIf bus = {.opaque = NULL, .host_page = host_page, .read = bus_read, .write = bus_write};
    cpu = arm_create(&bus);
    if (!cpu) abort();
    cpu->cp15.sctlr = sctlr_value;
}

void dut_load(const CState *s)
{
    /* Visit every mode to fill its bank, then settle in the target mode. */
    for (int cb = 0; cb < CB_COUNT; cb++) {
        arm_switch_mode(cpu, mode_of_cb(cb));
        cpu->r[13] = s->r13[cb];
        cpu->r[14] = s->r14[cb];
        if (cb != CB_USR) cpu->spsr = s->spsr[cb];
        const uint32_t *hi = cb == CB_FIQ ? s->fiq_hi : cb == CB_USR ? s->usr_hi : NULL;
        if (hi)
            for (int i = 0; i < 5; i++) cpu->r[8 + i] = hi[i];
    }
    arm_switch_mode(cpu, s->cpsr & PSR_MODE_MASK);
    for (int i = 0; i < 16; i++) cpu->r[i] = s->r[i];
    uint32_t old_e = cpu->cpsr & PSR_E;
    cpu->cpsr = s->cpsr;
    if ((s->cpsr & PSR_E) != old_e || (s->cpsr & PSR_E)) arm_flush_data_tlb(cpu);
    /* Everything else a previous case may have changed.  mmu:* classes:
     * MMU on (ARMv6 format) with the tables of mmu_layout.c; the emulated and
     * software TLBs are invalidated before every case. */
    uint32_t want_sctlr = conf_mmu ? sctlr_value | SCTLR_M | SCTLR_XP : sctlr_value;
    if (conf_mmu) {
        cpu->cp15.sctlr = want_sctlr;
        cpu->cp15.ttbr0 = MMU_L1;
        cpu->cp15.ttbr1 = 0;
        cpu->cp15.ttbcr = 0;
        cpu->cp15.dacr = MMU_DACR;
        cpu->cp15.fcse_pid = 0;
        cpu->cp15.context_id = 0;
        mmu_tlb_invalidate_all(cpu);
        arm_flush_tlb(cpu);
    } else if (cpu->cp15.sctlr != want_sctlr) {
        cpu->cp15.sctlr = want_sctlr;
        arm_flush_tlb(cpu);
    }
    cpu->cp15.far = cpu->cp15.dfsr = cpu->cp15.ifsr = cpu->cp15.ifar = 0;
    cpu->cp15.tpidrurw = s->tpid[0];
    cpu->cp15.tpidruro = s->tpid[1];
    cpu->cp15.tpidrprw = s->tpid[2];
    cpu->excl_valid = false;
    cpu->halted = false;
    cpu->event_reg = false;
    cpu->irq_line = cpu->fiq_line = false;
    cpu->fault = FAULT_NONE;
    cpu->stop = false;
}

OutKind dut_step(void)
{
    cpu->last_exc = EXC_COUNT;
    arm_step(cpu);
    switch (cpu->last_exc) {
    case EXC_UNDEF: return OUT_UNDEF;
    case EXC_SVC: return OUT_SVC;
    case EXC_SMC: return OUT_SMC;
    case EXC_PABT: return (cpu->cp15.ifsr & 0x40F) == 0x2 ? OUT_BKPT : OUT_PABT;
    case EXC_DABT: return (cpu->cp15.dfsr & 0x40F) == FAULT_ALIGNMENT ? OUT_DABT_ALIGN : OUT_DABT;
    case EXC_COUNT: return OUT_NONE;
    default: return OUT_OTHER;
    }
}

void dut_read(CState *s)
{
    for (int i = 0; i < 16; i++) s->r[i] = cpu->r[i];
    s->cpsr = cpu->cpsr;
    for (int cb = 0; cb < CB_COUNT; cb++) {
        unsigned m = mode_of_cb(cb);
        s->r13[cb] = arm_get_reg_mode(cpu, m, 13);
        s->r14[cb] = arm_get_reg_mode(cpu, m, 14);
        s->spsr[cb] = arm_get_spsr_mode(cpu, m);
    }
    for (int i = 0; i < 5; i++) {
        s->usr_hi[i] = arm_get_reg_mode(cpu, MODE_USR, 8 + i);
        s->fiq_hi[i] = arm_get_reg_mode(cpu, MODE_FIQ, 8 + i);
    }
    s->tpid[0] = cpu->cp15.tpidrurw;
    s->tpid[1] = cpu->cp15.tpidruro;
    s->tpid[2] = cpu->cp15.tpidrprw;
}

void dut_code_changed(uint32_t addr, uint32_t len) { arm_invalidate_code(cpu, addr, len); }
uint32_t dut_far(void) { return cpu->cp15.far; }
uint32_t dut_dfsr(void) { return cpu->cp15.dfsr; }
uint32_t dut_ifsr(void) { return cpu->cp15.ifsr; }
