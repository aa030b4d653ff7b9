/* GPIO pads (sheet s5l8720-core.md section 8) and the start-up handshake of
 * the SYSIC GPIO interrupt controller (section 7.3). */
#include "soc.h"

#define GPIOIC_READY_TIMEOUT (CPU_HZ / 1000u)   /* 1 ms of polling */

bool gpioic_start(uint32_t *polls)
{
    uint32_t n = 0;
    bool ready = rd32(SYSIC_GPIOIC_READY) & 1u;
    if (!ready) {
        wr32(SYSIC_GPIOIC_SETUP, 0x32);
        wr32(SYSIC_GPIOIC_CLK, 3);
        uint32_t t0 = ccnt();
        while (!(ready = rd32(SYSIC_GPIOIC_READY) & 1u) && ccnt() - t0 < GPIOIC_READY_TIMEOUT) n++;
        wr32(SYSIC_GPIOIC_CLK, 2);
    }
    if (polls) *polls = n;
    return ready;
}

void gpio_set_function(unsigned gpio, unsigned fn) { wr32(GPIO_FSEL, GPIO_FSEL_VALUE(gpio, fn)); }

bool gpio_read(unsigned gpio) { return (rd32(GPIO_DAT((gpio >> 8) & 0x1Fu)) >> (gpio & 7u)) & 1u; }
