/* Dialog D1759 PMU: register file, ADC, RTC counter and power-off behind the
 * I2C register-pointer protocol.  Register list and choices: dev/pmu.h and
 * docs/devices/pmu.md. */
#include "dev/pmu.h"

#include <stdlib.h>
#include <string.h>

#include "soc/clocks.h"
#include "soc/state.h"

#define MBCS1_VALUE 0x01 /* [Q]: "on battery" */
#define ADCC1_VALUE 0x03 /* [Q] */

struct PmuDev {
    Scheduler *sched;
    Log *log;
    IrqLine poweroff;
    I2cTarget target;

    uint8_t regs[256];
    uint8_t ptr;
    bool expect_ptr;     /* next written byte is the register pointer */
    uint64_t rtc_base;   /* counter = rtc_base + sched_now / CPU_HZ (mod 2^32) */
    uint32_t rtc_latch;  /* counter value latched at the START of a read */
    bool usb_power;
    bool adc_pending;
    uint64_t adc_done_at;
    uint16_t adc_result;
    uint16_t adc_inputs[PMU_ADC_INPUTS];
};

static uint32_t rtc_now(const PmuDev *p) { return (uint32_t)(p->rtc_base + sched_now(p->sched) / CPU_HZ); }

/* Finish a conversion whose time has come. */
static void adc_sync(PmuDev *p)
{
    if (p->adc_pending && sched_now(p->sched) >= p->adc_done_at) {
        p->adc_pending = false;
        p->regs[PMU_ADCOUT1] = p->adc_result & 3;
        p->regs[PMU_ADCOUT2] = (uint8_t)(p->adc_result >> 2);
        p->regs[PMU_ADCSTS] |= PMU_ADCSTS_DONE;
    }
}

static uint8_t reg_read(PmuDev *p, uint8_t r)
{
    adc_sync(p);
    switch (r) {
    case PMU_ADCSTS: {
        uint8_t v = p->regs[r];
        p->regs[r] &= (uint8_t)~PMU_ADCSTS_DONE;
        return v;
    }
    case PMU_STATUS_A: return p->usb_power ? PMU_STATUS_A_USB : 0;
    case PMU_STATUS_A + 1:
    case PMU_STATUS_FW: return 0;
    case PMU_MBCS1: return MBCS1_VALUE;
    case PMU_ADCC1: return ADCC1_VALUE;
    default:
        if (r >= PMU_RTC0 && r <= PMU_RTC3) return (uint8_t)(p->rtc_latch >> (8 * (r - PMU_RTC0)));
        return p->regs[r];
    }
}

static void reg_write(PmuDev *p, uint8_t r, uint8_t v)
{
    adc_sync(p);
    switch (r) {
    case PMU_ADCSTS: p->regs[r] = (uint8_t)((p->regs[r] & PMU_ADCSTS_DONE) | (v & ~PMU_ADCSTS_DONE)); break;
    case PMU_STATUS_A:
    case PMU_STATUS_A + 1:
    case PMU_STATUS_FW:
    case PMU_MBCS1:
    case PMU_ADCC1:
    case PMU_ADCOUT1:
    case PMU_ADCOUT2: log_guest_error(p->log, "pmu", r, "write to a read-only register ignored"); break;
    case PMU_OOCSHDWN:
        p->regs[r] = v & (uint8_t)~PMU_OOCSHDWN_GOSTBY;
        if (v & PMU_OOCSHDWN_GOSTBY) {
            log_msg(p->log, LOG_DEV, "pmu", "GOSTBY: power off");
            irq_pulse(p->poweroff);
        }
        break;
    case PMU_ADCCON:
        p->regs[r] = v & (uint8_t)~PMU_ADCCON_START;
        if (v & PMU_ADCCON_START) {
            p->regs[PMU_ADCSTS] &= (uint8_t)~PMU_ADCSTS_DONE;
            p->adc_result = p->adc_inputs[v & PMU_ADCCON_MUX_MASK] & 0x3FF;
            p->adc_done_at = sched_now(p->sched) + clk_cycles_from_us(PMU_ADC_CONV_US);
            p->adc_pending = true;
        }
        break;
    default:
        if (r >= PMU_RTC0 && r <= PMU_RTC3) {
            /* Setting one byte of the counter: the base absorbs the step. */
            unsigned sh = 8 * (r - PMU_RTC0);
            uint32_t cur = rtc_now(p);
            uint32_t want = (cur & ~(0xFFu << sh)) | ((uint32_t)v << sh);
            p->rtc_base += (uint64_t)(int64_t)(int32_t)(want - cur);
            p->rtc_latch = want;
            break;
        }
        p->regs[r] = v;
        break;
    }
}

static bool pmu_i2c_start(void *opaque, bool read)
{
    PmuDev *p = opaque;
    if (read) p->rtc_latch = rtc_now(p);
    p->expect_ptr = !read;
    return true;
}

static bool pmu_i2c_write(void *opaque, uint8_t b)
{
    PmuDev *p = opaque;
    if (p->expect_ptr) {
        p->ptr = b;
        p->expect_ptr = false;
    } else {
        reg_write(p, p->ptr++, b);
    }
    return true;
}

static uint8_t pmu_i2c_read(void *opaque, bool master_acks)
{
    PmuDev *p = opaque;
    (void)master_acks;
    return reg_read(p, p->ptr++);
}

static void pmu_i2c_stop(void *opaque)
{
    PmuDev *p = opaque;
    p->expect_ptr = false;
}

PmuDev *pmu_create(const DevEnv *env, const PmuConfig *cfg)
{
    PmuDev *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->sched = env->sched;
    p->log = env->log;
    p->target = (I2cTarget){ .opaque = p,
                             .start = pmu_i2c_start,
                             .write_byte = pmu_i2c_write,
                             .read_byte = pmu_i2c_read,
                             .stop = pmu_i2c_stop };
    p->rtc_base = cfg ? cfg->rtc_base : 0;
    p->usb_power = cfg ? cfg->usb_power : false;
    p->regs[PMU_VOLTAGE_LO] = PMU_BATTERY_MV & 0xFF;
    p->regs[PMU_VOLTAGE_HI] = PMU_BATTERY_MV >> 8;
    p->rtc_latch = rtc_now(p);
    /* Battery sensed through the /3 divider and through the 2.4 V
     * subtractor against a 2.4 V, 10-bit converter; 0x80 on mux 6 stays
     * below openiBoot's 0xCC charger threshold ("no dedicated charger"). */
    p->adc_inputs[0] = PMU_BATTERY_MV * 1023 / 7200;
    p->adc_inputs[1] = (PMU_BATTERY_MV - 2400) * 1023 / 2400;
    p->adc_inputs[6] = 0x80;
    return p;
}

void pmu_destroy(PmuDev *p) { free(p); }

const I2cTarget *pmu_i2c_target(PmuDev *p) { return &p->target; }

void pmu_connect_poweroff(PmuDev *p, IrqLine line) { p->poweroff = line; }

uint8_t pmu_backlight_level(const PmuDev *p)
{
    return (p->regs[PMU_BACKLIGHT_CTRL] & PMU_BACKLIGHT_ON) ? p->regs[PMU_BACKLIGHT_LEVEL] : 0;
}

void pmu_set_usb_power(PmuDev *p, bool present) { p->usb_power = present; }

void pmu_set_adc_input(PmuDev *p, unsigned mux, uint16_t code)
{
    if (mux < PMU_ADC_INPUTS) p->adc_inputs[mux] = code & 0x3FF;
}

void pmu_state(PmuDev *p, StateIO *io)
{
    if (!state_begin(io, "PMU ", 1)) return;
    state_bytes(io, p->regs, sizeof p->regs);
    state_u8(io, &p->ptr);
    state_bool(io, &p->expect_ptr);
    state_u64(io, &p->rtc_base);
    state_u32(io, &p->rtc_latch);
    state_bool(io, &p->usb_power);
    state_bool(io, &p->adc_pending);
    state_u64(io, &p->adc_done_at);
    state_u16(io, &p->adc_result);
    for (unsigned k = 0; k < PMU_ADC_INPUTS; k++)
        state_u16(io, &p->adc_inputs[k]);
    state_end(io);
}
