/* I2C0 master (polled) and the PMU at 0x73, following the transaction
 * sequence of the fact sheet section 11: every step waits for REG20 bit 8
 * (byte done) or bit 13 (START/STOP condition done) and clears the flag by
 * writing it back.  IICCON: ACK enable, PCLK/16, prescaler 1 (about 2 MHz
 * SCL with the emulated 66.6 MHz PCLK), interrupt disabled. */
#include "soc.h"

#define I(r) (I2C0_BASE + (r))
#define CON (0x80u | 0x1u)       /* ACK enable, PCLK/16, prescaler 1 */
#define RESUME 0x10u
#define DONE_BYTE (1u << 8)
#define DONE_COND (1u << 13)

static bool wait_flag(uint32_t flag)
{
    for (uint32_t n = 0; n < 2000000; n++) {
        uint32_t v = rd32(I(IICREG20));
        if (v & flag) {
            wr32(I(IICREG20), v);
            return true;
        }
    }
    return false;
}

void i2c0_init(void)
{
    wr32(I(IICCON), CON);
    wr32(I(IICREG20), 0xFFFFFFFFu);
}

/* STOP in the current mode. */
static bool stop(uint32_t mode)
{
    wr32(I(IICSTAT), mode | 0x10);            /* bit 5 clear: STOP */
    wr32(I(IICCON), CON | RESUME);
    return wait_flag(DONE_COND);
}

/* START + address (write) + register number. */
static bool begin(uint8_t addr7, uint8_t reg)
{
    wr32(I(IICCON), CON);
    wr32(I(IICREG20), 0xFFFFFFFFu);
    wr32(I(IICDS), (uint32_t)addr7 << 1);
    wr32(I(IICSTAT), 0xF0);                   /* master-tx, START, output on */
    if (!wait_flag(DONE_BYTE)) return false;
    if (rd32(I(IICSTAT)) & 1) {               /* NACK */
        stop(0xC0);
        return false;
    }
    wr32(I(IICDS), reg);
    wr32(I(IICCON), CON | RESUME);
    if (!wait_flag(DONE_BYTE)) return false;
    return (rd32(I(IICSTAT)) & 1) == 0;
}

bool i2c0_write(uint8_t addr7, uint8_t reg, const uint8_t *buf, unsigned len)
{
    if (!begin(addr7, reg)) return false;
    for (unsigned k = 0; k < len; k++) {
        wr32(I(IICDS), buf[k]);
        wr32(I(IICCON), CON | RESUME);
        if (!wait_flag(DONE_BYTE) || (rd32(I(IICSTAT)) & 1)) {
            stop(0xC0);
            return false;
        }
    }
    return stop(0xC0);
}

bool i2c0_read(uint8_t addr7, uint8_t reg, uint8_t *buf, unsigned len)
{
    if (!len || !begin(addr7, reg)) return false;
    /* Repeated START: release the bus (master-rx, bit 5 set, output off). */
    wr32(I(IICSTAT), 0xA0);
    wr32(I(IICCON), CON | RESUME);
    if (!wait_flag(DONE_COND)) return false;
    wr32(I(IICDS), ((uint32_t)addr7 << 1) | 1);
    wr32(I(IICSTAT), 0xB0);                   /* master-rx, START, output on */
    if (!wait_flag(DONE_BYTE)) return false;
    if (rd32(I(IICSTAT)) & 1) {
        stop(0x80);
        return false;
    }
    for (unsigned k = 0; k < len; k++) {
        uint32_t con = k + 1 < len ? CON : (CON & ~0x80u); /* NACK the last byte */
        wr32(I(IICCON), con | RESUME);
        if (!wait_flag(DONE_BYTE)) return false;
        buf[k] = (uint8_t)rd32(I(IICDS));
    }
    return stop(0x80);
}

bool pmu_read(uint8_t reg, uint8_t *buf, unsigned len) { return i2c0_read(PMU_ADDR, reg, buf, len); }

bool pmu_write(uint8_t reg, uint8_t val) { return i2c0_write(PMU_ADDR, reg, &val, 1); }

void pmu_poweroff(void)
{
    irq_disable();
    i2c0_init();
    pmu_write(PMU_OOCSHDWN, 1); /* GOSTBY */
    soc_halt();
}
