/* S5L8720 I2C controller: Samsung S3C-style IIC with Apple extras, two
 * instances.
 *
 *   I2C0 0x3C600000 IRQ 0x15   PMU (0x73), accelerometer, audio codec
 *   I2C1 0x3C900000 IRQ 0x16   light sensor, accessory
 *
 * Sources: shared sheet s5l8720-core.md section 11 (openiBoot i2c.c
 * transaction state machine, qemu-ios ipod_touch_i2c.c).  Details and the
 * exact protocol model: docs/devices/i2c.md.
 *
 * Modelled: master transmit and master receive as openiBoot drives them.
 * START + address byte on an IICSTAT write with bit 5 (START) and bit 4
 * (output enable) in a master mode, the address taken from IICDS; after each
 * byte the bus is held with IICCON bit 4 (pending) reading 1 and REG20 bit 8
 * set; writing IICCON with bit 4 set resumes: it sends IICDS (master-tx),
 * receives a byte into IICDS acking it per IICCON bit 7 (master-rx), or
 * carries out a condition requested through IICSTAT while held: bit 5 clear
 * = STOP, bit 5 set with bit 4 clear = release for a repeated START; either
 * sets REG20 bit 13 when done.  IICSTAT bit 0 holds the last ACK bit (1 =
 * NACK; an address nobody answers NACKs), bit 5 reads "bus busy".
 * Timing (event EV_I2C(n)): SCL period = div * (prescaler + 1) PCLK ticks
 * with div = 16 (IICCON bit 6 clear) or 512 (set) and prescaler =
 * IICCON[3:0]; START + address = 10 periods, a data byte = 9, a STOP or
 * restart release = 1; all flags appear only at the end.
 * IRQ (level) = IICCON bit 5 && REG20 & (bit 8 | bit 13).
 *
 * Not modelled: slave modes, arbitration, IICADD matching, IICLC filtering,
 * IICCON[13:8] (written 0x3F00 by [O]; stored only), 10-bit addresses. */
#ifndef IPODSIM_DEV_I2C_H
#define IPODSIM_DEV_I2C_H

#include <stdbool.h>
#include <stdint.h>

#include "soc/device.h"

#define I2C_COUNT 2
#define I2C_MAX_TARGETS 8

/* A device on the bus.  start() is called when the address byte that names
 * it completes (read = R/W bit of that byte) and returns its ACK;
 * write_byte() gets each byte the master sends and returns the ACK;
 * read_byte() supplies each byte the master receives (master_acks = the ACK
 * the master gives it: false on the last byte); stop() ends the
 * transaction (STOP, or a repeated START to another address). */
typedef struct I2cTarget {
    void *opaque;
    bool (*start)(void *opaque, bool read);               /* true = ACK */
    bool (*write_byte)(void *opaque, uint8_t b);          /* true = ACK */
    uint8_t (*read_byte)(void *opaque, bool master_acks);
    void (*stop)(void *opaque);
} I2cTarget;

enum I2cReg {
    I2C_IICCON = 0x00,
    I2C_IICSTAT = 0x04,
    I2C_IICADD = 0x08,
    I2C_IICDS = 0x0C,
    I2C_IICLC = 0x10,
    I2C_REG14 = 0x14,
    I2C_REG18 = 0x18,
    I2C_REG1C = 0x1C,
    I2C_REG20 = 0x20,
};

#define I2C_CON_PRESCALER_MASK 0xFu
#define I2C_CON_PENDING (1u << 4)   /* reads 1 while held; write 1 = resume */
#define I2C_CON_IRQ_EN (1u << 5)
#define I2C_CON_CLK512 (1u << 6)    /* 0 = PCLK/16, 1 = PCLK/512 */
#define I2C_CON_ACK_EN (1u << 7)

#define I2C_STAT_LRB (1u << 0)      /* last received bit: 1 = NACK */
#define I2C_STAT_OUT_EN (1u << 4)
#define I2C_STAT_START (1u << 5)    /* write: START(1)/STOP(0); read: busy */
#define I2C_STAT_MODE_SHIFT 6
#define I2C_STAT_MODE_MASK (3u << I2C_STAT_MODE_SHIFT)
#define I2C_MODE_MASTER_RX 2u
#define I2C_MODE_MASTER_TX 3u

#define I2C_REG20_BYTE_DONE (1u << 8)
#define I2C_REG20_COND_DONE (1u << 13)

typedef struct I2cDev I2cDev;

extern const DeviceOps i2c_ops;

/* index 0..1 selects the event slot EV_I2C(index) and the log name. */
I2cDev *i2c_create(const DevEnv *env, unsigned index);
void i2c_connect_irq(I2cDev *i, IrqLine irq);
/* Attach a target at a 7-bit address (copied).  False when the table is
 * full, the address is taken or above 0x7F. */
bool i2c_attach(I2cDev *i, uint8_t addr7, const I2cTarget *t);

#endif
