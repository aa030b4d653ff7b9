/* S5L8720 GPIO pads at 0x3CF00000 (sheet s5l8720-core.md section 8,
 * s5l8720-storage-display-io.md section 9; docs/devices/gpio.md).  No IRQ of
 * its own: pin level changes go to the SYSIC GPIO interrupt controller.
 *
 * 32 pads (P = 0..0x1F) of 8 pins, pad P's registers at 0x20*P: CON, DAT,
 * PUD1, PUD2, CONSLP1, CONSLP2, PUDSLP1, PUDSLP2.  FSEL at 0x1E0 is a
 * write-only command: bits [20:16] pad, [10:8] pin, [3:0] function.
 *
 * Modelled: a pin's function is the 4-bit field N of its pad's CON (FSEL
 * writes that field; CON may be written whole).  Function 0xE / 0xF drive the
 * pin low / high; every other function leaves the pin undriven by the GPIO
 * block (0 = input, others = peripheral functions).  DAT reads give the pin
 * level: the driven value of output pins, the external level (gpio_set_input)
 * of the others.  A DAT write changes the level of pins that are outputs (it
 * sets their function to 0xE/0xF); it has no effect on other pins.
 * Connected output lines (gpio_connect_output) follow the driven level and
 * read 1 (released, as pulled up) while the pin is not an output, the idle
 * level of the active-low selects and resets they feed.  Every pin level
 * change is reported to the interrupt sink as GPIO interrupt number
 * (P + 3) * 8 + N (section 7.2), for numbers 0..223 (pads 0..0x18).
 *
 * Not modelled: pull resistors (PUD*, stored only; an input nobody drives
 * reads 0), sleep-mode configuration (CONSLP*, PUDSLP*, stored only), the
 * peripheral functions themselves.  Pad 0xF's CON is at 0x1E0 where FSEL
 * decodes, so it is reachable only through FSEL.  Sub-word reads return bytes
 * of the word; sub-word writes are logged and ignored. */
#ifndef IPODSIM_DEV_GPIO_H
#define IPODSIM_DEV_GPIO_H

#include <stdbool.h>
#include <stdint.h>

#include "soc/device.h"

#define GPIO_PADS 32
#define GPIO_PINS 8
#define GPIO_IRQ_COUNT 224 /* SYSIC's GPIO interrupt numbers */

enum {
    GPIO_CON = 0x00, /* per pad, at 0x20 * P + */
    GPIO_DAT = 0x04,
    GPIO_PUD1 = 0x08,
    GPIO_PUD2 = 0x0C,
    GPIO_CONSLP1 = 0x10,
    GPIO_CONSLP2 = 0x14,
    GPIO_PUDSLP1 = 0x18,
    GPIO_PUDSLP2 = 0x1C,
    GPIO_PAD_STRIDE = 0x20,
    GPIO_FSEL = 0x1E0,
};

#define GPIO_FUNC_INPUT 0x0
#define GPIO_FUNC_OUT_LOW 0xE
#define GPIO_FUNC_OUT_HIGH 0xF

typedef struct GpioDev {
    Log *log;
    uint32_t con[GPIO_PADS];
    uint32_t pud1[GPIO_PADS], pud2[GPIO_PADS];
    uint32_t conslp1[GPIO_PADS], conslp2[GPIO_PADS];
    uint32_t pudslp1[GPIO_PADS], pudslp2[GPIO_PADS];
    uint8_t input[GPIO_PADS];     /* external levels (kept across reset) */
    uint8_t level[GPIO_PADS];     /* pin levels as last reported (DAT) */
    uint8_t out_level[GPIO_PADS]; /* output-line levels as last reported */
    IrqLine out[GPIO_PADS][GPIO_PINS];
    IrqLine irq;
} GpioDev;

extern const DeviceOps gpio_ops;

GpioDev *gpio_create(const DevEnv *env);
/* gpio_id = 0xPPN: pad = bits 12:8, pin = bits 2:0. */
void gpio_set_input(GpioDev *g, unsigned gpio_id, bool level);
void gpio_connect_output(GpioDev *g, unsigned gpio_id, IrqLine line);
/* line.set(line.sink, (P + 3) * 8 + N, level) on every pin level change. */
void gpio_connect_irq(GpioDev *g, IrqLine line);

#endif
