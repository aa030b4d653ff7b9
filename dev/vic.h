/* S5L8720 VIC0/VIC1 - ARM PrimeCell PL192 vectored interrupt controllers.
 *
 * VIC0 at 0x38E00000 (global IRQs 0-31) drives the CPU nIRQ/nFIQ; VIC1 at
 * 0x38E01000 (IRQs 32-63) is daisy-chained into VIC0 (sheet s5l8720-core.md
 * section 3; register semantics from the PL192 TRM, notes in
 * docs/devices/vic.md).
 *
 * Modelled: level-sensitive inputs, soft interrupts, FIQ select, 16-level
 * priority with SWPRIORITYMASK, the hardware priority stack driven by
 * VICADDRESS reads (acknowledge: push the winner's level) and writes (end of
 * interrupt: pop), the daisy-chain input with PRIORITYDAISY (a VICADDRESS
 * read on the primary that picks the daisy input acknowledges the secondary
 * and returns its vector), the ARM1176 VIC port (vic_port_vector), FIQ passed
 * up the chain, and the PL192 peripheral/PrimeCell ID registers.
 *
 * Not modelled: PROTECTION (stored only: bus accesses carry no privilege, so
 * user-mode accesses cannot be refused), the integration-test registers
 * (0x300-0x30C), the VIC-port handshake timing (the vector is returned in
 * the same instant the IRQ is taken).
 *
 * Choices where the sources are silent: ties at equal priority go to the
 * lowest source number, and a source beats the daisy input at the same
 * level; a VICADDRESS read when nothing beats the current level returns the
 * vector being serviced (0 when idle) without side effects; an end of
 * interrupt on the primary whose top level was a daisy acknowledge also pops
 * the secondary (as devos50/qemu-ios does, which boots iOS writing only
 * VIC0's VICADDRESS); a write with an empty stack is ignored.  Sub-word
 * reads return bytes of the 32-bit register (a sub-word read of VICADDRESS
 * acknowledges like a word read); sub-word writes are logged and ignored. */
#ifndef IPODSIM_DEV_VIC_H
#define IPODSIM_DEV_VIC_H

#include <stdbool.h>
#include <stdint.h>

#include "soc/device.h"

#define VIC_SOURCES 32
#define VIC_PRIO_LEVELS 16

enum {
    VIC_IRQSTATUS = 0x000,
    VIC_FIQSTATUS = 0x004,
    VIC_RAWINTR = 0x008,
    VIC_INTSELECT = 0x00C,
    VIC_INTENABLE = 0x010,
    VIC_INTENCLEAR = 0x014,
    VIC_SOFTINT = 0x018,
    VIC_SOFTINTCLEAR = 0x01C,
    VIC_PROTECTION = 0x020,
    VIC_SWPRIORITYMASK = 0x024,
    VIC_PRIORITYDAISY = 0x028,
    VIC_VECTADDR0 = 0x100,     /* ..0x17C, one per source */
    VIC_VECTPRIORITY0 = 0x200, /* ..0x27C */
    VIC_ADDRESS = 0xF00,
    VIC_PERIPHID0 = 0xFE0,     /* ..0xFEC, then PCELLID0..3 at 0xFF0..0xFFC */
    VIC_PCELLID0 = 0xFF0,
};

#define VIC_DAISY_NONE 0xFFu

typedef struct VicDev VicDev;

/* One in-service level of the hardware priority stack. */
typedef struct VicLevel {
    uint8_t prio;    /* 0 (highest) .. 15 */
    bool daisy;      /* acknowledged through the daisy input */
    uint32_t vector; /* what VICADDRESS reads while this level is on top */
} VicLevel;

struct VicDev {
    const char *name;
    Log *log;
    uint32_t raw;        /* input levels (kept across reset: they are wires) */
    uint32_t soft;
    uint32_t enable;
    uint32_t select;     /* 1 = FIQ */
    uint32_t protection;
    uint32_t sw_mask;    /* SWPRIORITYMASK, bit p = level p may interrupt */
    uint32_t daisy_prio;
    uint32_t vect_addr[VIC_SOURCES];
    uint32_t vect_prio[VIC_SOURCES];
    VicLevel stack[VIC_PRIO_LEVELS];
    uint32_t depth;
    bool daisy_irq_in;   /* secondary's IRQ output */
    bool daisy_fiq_in;   /* secondary's FIQ output */
    bool irq_level, fiq_level; /* last driven outputs */
    IrqLine irq_out, fiq_out;
    VicDev *primary;     /* set on a secondary by vic_chain */
    VicDev *secondary;   /* set on a primary by vic_chain */
};

extern const DeviceOps vic_ops;

VicDev *vic_create(const DevEnv *env, const char *name);
/* IrqLine sink: input n (0..31) of this VIC at level. */
void vic_set_input(void *vic, unsigned n, bool level);
void vic_connect(VicDev *v, IrqLine irq_out, IrqLine fiq_out);
/* secondary's IRQ (and FIQ) outputs become the primary's daisy inputs; the
 * secondary's own irq_out/fiq_out are then not driven. */
void vic_chain(VicDev *primary, VicDev *secondary);
/* ARM1176 VIC port: the vector of the IRQ being taken, acknowledged exactly
 * as a VICADDRESS read acknowledges it. */
uint32_t vic_port_vector(void *vic);

#endif
