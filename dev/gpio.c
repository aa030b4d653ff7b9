/* S5L8720 GPIO pads: see dev/gpio.h and docs/devices/gpio.md. */
#include "dev/gpio.h"

#include <stdlib.h>

#include "soc/state.h"

static unsigned pin_func(const GpioDev *g, unsigned p, unsigned n) { return (g->con[p] >> (4 * n)) & 0xF; }

/* Bit N set = pin N driven by the GPIO block; drv = the driven values. */
static uint8_t pad_outputs(const GpioDev *g, unsigned p, uint8_t *drv)
{
    uint8_t outs = 0, vals = 0;
    for (unsigned n = 0; n < GPIO_PINS; n++) {
        unsigned f = pin_func(g, p, n);
        if (f == GPIO_FUNC_OUT_LOW || f == GPIO_FUNC_OUT_HIGH) {
            outs |= (uint8_t)(1u << n);
            if (f & 1) vals |= (uint8_t)(1u << n);
        }
    }
    *drv = vals;
    return outs;
}

static uint8_t pad_level(const GpioDev *g, unsigned p)
{
    uint8_t drv, outs = pad_outputs(g, p, &drv);
    return (uint8_t)((drv & outs) | (g->input[p] & ~outs));
}

static uint8_t pad_line_level(const GpioDev *g, unsigned p)
{
    uint8_t drv, outs = pad_outputs(g, p, &drv);
    return (uint8_t)((drv & outs) | ~outs);
}

/* Recompute pad p and report what changed. */
static void pad_update(GpioDev *g, unsigned p)
{
    uint8_t lvl = pad_level(g, p), line = pad_line_level(g, p);
    uint8_t dl = lvl ^ g->level[p], dline = line ^ g->out_level[p];
    g->level[p] = lvl;
    g->out_level[p] = line;
    for (unsigned n = 0; n < GPIO_PINS; n++) {
        if (dline & (1u << n)) irq_set(g->out[p][n], (line >> n) & 1);
        if (dl & (1u << n)) {
            unsigned irqno = (p + 3) * 8 + n;
            if (irqno < GPIO_IRQ_COUNT && g->irq.set) g->irq.set(g->irq.sink, irqno, (lvl >> n) & 1);
        }
    }
}

static bool decode_id(GpioDev *g, unsigned gpio_id, unsigned *p, unsigned *n)
{
    if (gpio_id & ~0x1F07u) {
        log_unimp(g->log, "gpio", 0x10000u + (gpio_id & 0xFFFF), true, 0, gpio_id); /* bad id from the machine */
        return false;
    }
    *p = (gpio_id >> 8) & 0x1F;
    *n = gpio_id & 7;
    return true;
}

void gpio_set_input(GpioDev *g, unsigned gpio_id, bool level)
{
    unsigned p, n;
    if (!decode_id(g, gpio_id, &p, &n)) return;
    if (level)
        g->input[p] |= (uint8_t)(1u << n);
    else
        g->input[p] &= (uint8_t)~(1u << n);
    pad_update(g, p);
}

void gpio_connect_output(GpioDev *g, unsigned gpio_id, IrqLine line)
{
    unsigned p, n;
    if (!decode_id(g, gpio_id, &p, &n)) return;
    g->out[p][n] = line;
    irq_set(line, (g->out_level[p] >> n) & 1);
}

void gpio_connect_irq(GpioDev *g, IrqLine line)
{
    g->irq = line;
    if (!line.set) return;
    for (unsigned p = 0; p < GPIO_PADS; p++)
        for (unsigned n = 0; n < GPIO_PINS; n++) {
            unsigned irqno = (p + 3) * 8 + n;
            if (irqno < GPIO_IRQ_COUNT) line.set(line.sink, irqno, (g->level[p] >> n) & 1);
        }
}

static void set_func(GpioDev *g, unsigned p, unsigned n, unsigned f)
{
    g->con[p] = (g->con[p] & ~(0xFu << (4 * n))) | ((f & 0xFu) << (4 * n));
}

static uint32_t gpio_read_word(GpioDev *g, uint32_t off)
{
    if (off == GPIO_FSEL) {
        log_guest_error(g->log, "gpio", off, "read of the write-only FSEL register");
        return 0;
    }
    if (off >= GPIO_PADS * GPIO_PAD_STRIDE) {
        log_unimp(g->log, "gpio", off, false, 4, 0);
        return 0;
    }
    unsigned p = off / GPIO_PAD_STRIDE;
    switch (off % GPIO_PAD_STRIDE) {
    case GPIO_CON: return g->con[p];
    case GPIO_DAT: return g->level[p];
    case GPIO_PUD1: return g->pud1[p];
    case GPIO_PUD2: return g->pud2[p];
    case GPIO_CONSLP1: return g->conslp1[p];
    case GPIO_CONSLP2: return g->conslp2[p];
    case GPIO_PUDSLP1: return g->pudslp1[p];
    default: return g->pudslp2[p];
    }
}

static uint32_t gpio_read(void *opaque, uint32_t off, unsigned size)
{
    uint32_t word = gpio_read_word(opaque, off & ~3u);
    if (size == 4) return word;
    word >>= 8 * (off & 3);
    return size == 2 ? word & 0xFFFF : word & 0xFF;
}

static void gpio_write(void *opaque, uint32_t off, uint32_t val, unsigned size)
{
    GpioDev *g = opaque;
    if (size != 4) {
        log_unimp(g->log, "gpio", off, true, size, val);
        return;
    }
    if (off == GPIO_FSEL) {
        unsigned p = (val >> 16) & 0x1F, n = (val >> 8) & 7;
        set_func(g, p, n, val & 0xF);
        pad_update(g, p);
        return;
    }
    if (off >= GPIO_PADS * GPIO_PAD_STRIDE) {
        log_unimp(g->log, "gpio", off, true, size, val);
        return;
    }
    unsigned p = off / GPIO_PAD_STRIDE;
    switch (off % GPIO_PAD_STRIDE) {
    case GPIO_CON:
        g->con[p] = val;
        pad_update(g, p);
        break;
    case GPIO_DAT: {
        uint8_t drv, outs = pad_outputs(g, p, &drv);
        for (unsigned n = 0; n < GPIO_PINS; n++)
            if (outs & (1u << n)) set_func(g, p, n, (val >> n) & 1 ? GPIO_FUNC_OUT_HIGH : GPIO_FUNC_OUT_LOW);
        pad_update(g, p);
        break;
    }
    case GPIO_PUD1: g->pud1[p] = val; break;
    case GPIO_PUD2: g->pud2[p] = val; break;
    case GPIO_CONSLP1: g->conslp1[p] = val; break;
    case GPIO_CONSLP2: g->conslp2[p] = val; break;
    case GPIO_PUDSLP1: g->pudslp1[p] = val; break;
    default: g->pudslp2[p] = val; break;
    }
}

static void gpio_reset(void *opaque)
{
    GpioDev *g = opaque;
    for (unsigned p = 0; p < GPIO_PADS; p++) {
        g->con[p] = g->pud1[p] = g->pud2[p] = 0;
        g->conslp1[p] = g->conslp2[p] = g->pudslp1[p] = g->pudslp2[p] = 0;
        pad_update(g, p);
    }
}

static void gpio_state(void *opaque, StateIO *io)
{
    GpioDev *g = opaque;
    if (!state_begin(io, "GPIO", 1)) return;
    for (unsigned p = 0; p < GPIO_PADS; p++) {
        state_u32(io, &g->con[p]);
        state_u32(io, &g->pud1[p]);
        state_u32(io, &g->pud2[p]);
        state_u32(io, &g->conslp1[p]);
        state_u32(io, &g->conslp2[p]);
        state_u32(io, &g->pudslp1[p]);
        state_u32(io, &g->pudslp2[p]);
        state_u8(io, &g->input[p]);
        state_u8(io, &g->level[p]);
        state_u8(io, &g->out_level[p]);
    }
    state_end(io);
}

static void gpio_destroy(void *opaque) { free(opaque); }

const DeviceOps gpio_ops = {
    .name = "gpio",
    .read = gpio_read,
    .write = gpio_write,
    .reset = gpio_reset,
    .state = gpio_state,
    .destroy = gpio_destroy,
};

GpioDev *gpio_create(const DevEnv *env)
{
    GpioDev *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    g->log = env ? env->log : NULL;
    /* Before any reset the output lines are released (high). */
    for (unsigned p = 0; p < GPIO_PADS; p++) g->out_level[p] = 0xFF;
    gpio_reset(g);
    return g;
}
