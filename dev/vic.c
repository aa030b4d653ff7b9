/* S5L8720 VIC0/VIC1 (ARM PL192): see dev/vic.h and docs/devices/vic.md. */
#include "dev/vic.h"

#include <stdlib.h>
#include <string.h>

#include "soc/state.h"

/* PL192 PeriphID0..3 then PrimeCell ID0..3 (part number 0x192). */
static const uint8_t vic_id_bytes[8] = { 0x92, 0x11, 0x04, 0x00, 0x0D, 0xF0, 0x05, 0xB1 };

#define NO_CANDIDATE 0xFFu
#define DAISY_CANDIDATE 0xFEu

static uint32_t vic_pending(const VicDev *v) { return v->raw | v->soft; }
static uint32_t vic_irq_status(const VicDev *v) { return vic_pending(v) & v->enable & ~v->select; }
static uint32_t vic_fiq_status(const VicDev *v) { return vic_pending(v) & v->enable & v->select; }

/* Current hardware priority level: the level on top of the stack, 16 when
 * nothing is being serviced (every level may interrupt). */
static unsigned vic_current_level(const VicDev *v)
{
    return v->depth ? v->stack[v->depth - 1].prio : VIC_PRIO_LEVELS;
}

/* The IRQ that would be acknowledged now: a source number, DAISY_CANDIDATE
 * or NO_CANDIDATE.  It must be unmasked in SWPRIORITYMASK and strictly beat
 * the current level; the lowest level wins, then the lowest source number,
 * and any source beats the daisy input at the same level. */
static unsigned vic_candidate(const VicDev *v)
{
    unsigned limit = vic_current_level(v);
    unsigned best = NO_CANDIDATE, best_prio = limit;
    uint32_t st = vic_irq_status(v);
    while (st) {
        unsigned i = (unsigned)__builtin_ctz(st);
        st &= st - 1;
        unsigned p = v->vect_prio[i];
        if (p < best_prio && (v->sw_mask & (1u << p))) {
            best = i;
            best_prio = p;
        }
    }
    if (v->daisy_irq_in && v->daisy_prio < best_prio && (v->sw_mask & (1u << v->daisy_prio)))
        best = DAISY_CANDIDATE;
    return best;
}

static void vic_update(VicDev *v);

static void vic_drive(VicDev *v, bool irq, bool fiq)
{
    bool irq_changed = irq != v->irq_level, fiq_changed = fiq != v->fiq_level;
    v->irq_level = irq;
    v->fiq_level = fiq;
    if (!irq_changed && !fiq_changed) return;
    if (v->primary) {
        /* Chained: the outputs are the primary's daisy inputs. */
        v->primary->daisy_irq_in = irq;
        v->primary->daisy_fiq_in = fiq;
        vic_update(v->primary);
        return;
    }
    if (irq_changed) {
        if (log_enabled(v->log, LOG_INT)) log_msg(v->log, LOG_INT, v->name, "nIRQ %s", irq ? "on" : "off");
        irq_set(v->irq_out, irq);
    }
    if (fiq_changed) {
        if (log_enabled(v->log, LOG_INT)) log_msg(v->log, LOG_INT, v->name, "nFIQ %s", fiq ? "on" : "off");
        irq_set(v->fiq_out, fiq);
    }
}

static void vic_update(VicDev *v)
{
    bool irq = vic_candidate(v) != NO_CANDIDATE;
    bool fiq = vic_fiq_status(v) != 0 || v->daisy_fiq_in;
    vic_drive(v, irq, fiq);
}

/* VICADDRESS read / VIC port: acknowledge the winner and push its level. */
static uint32_t vic_acknowledge(VicDev *v)
{
    unsigned c = vic_candidate(v);
    if (c == NO_CANDIDATE || v->depth >= VIC_PRIO_LEVELS) /* levels strictly rise, so depth <= 16 */
        return v->depth ? v->stack[v->depth - 1].vector : 0;
    VicLevel *l = &v->stack[v->depth++];
    l->daisy = c == DAISY_CANDIDATE;
    l->prio = (uint8_t)(l->daisy ? v->daisy_prio : v->vect_prio[c]);
    l->vector = l->daisy ? 0 : v->vect_addr[c];
    /* Through the chain the secondary is acknowledged as by its own
     * VICADDRESS read (its stack records the source); the level is pushed
     * here first so the secondary's output change finds us consistent. */
    if (l->daisy && v->secondary) l->vector = vic_acknowledge(v->secondary);
    if (log_enabled(v->log, LOG_INT))
        log_msg(v->log, LOG_INT, v->name, "ack %s %u, level %u, vector 0x%08x", l->daisy ? "daisy" : "source",
                l->daisy ? 0u : c, l->prio, l->vector);
    vic_update(v);
    return l->vector;
}

/* VICADDRESS write: end of interrupt, pop the top level. */
static void vic_end_of_interrupt(VicDev *v)
{
    if (!v->depth) return;
    v->depth--;
    bool daisy = v->stack[v->depth].daisy;
    if (log_enabled(v->log, LOG_INT)) log_msg(v->log, LOG_INT, v->name, "eoi level %u", v->stack[v->depth].prio);
    if (daisy && v->secondary) vic_end_of_interrupt(v->secondary);
    vic_update(v);
}

uint32_t vic_port_vector(void *vic) { return vic_acknowledge(vic); }

void vic_set_input(void *vic, unsigned n, bool level)
{
    VicDev *v = vic;
    if (n >= VIC_SOURCES) return; /* a wiring error of the machine, not of the guest */
    uint32_t bit = 1u << n;
    uint32_t raw = level ? v->raw | bit : v->raw & ~bit;
    if (raw == v->raw) return;
    v->raw = raw;
    vic_update(v);
}

void vic_connect(VicDev *v, IrqLine irq_out, IrqLine fiq_out)
{
    v->irq_out = irq_out;
    v->fiq_out = fiq_out;
    irq_set(v->irq_out, v->irq_level);
    irq_set(v->fiq_out, v->fiq_level);
}

void vic_chain(VicDev *primary, VicDev *secondary)
{
    primary->secondary = secondary;
    secondary->primary = primary;
    primary->daisy_irq_in = secondary->irq_level;
    primary->daisy_fiq_in = secondary->fiq_level;
    vic_update(primary);
}

static uint32_t vic_read_word(VicDev *v, uint32_t off)
{
    if (off >= VIC_VECTADDR0 && off < VIC_VECTADDR0 + 4 * VIC_SOURCES) return v->vect_addr[(off - VIC_VECTADDR0) / 4];
    if (off >= VIC_VECTPRIORITY0 && off < VIC_VECTPRIORITY0 + 4 * VIC_SOURCES)
        return v->vect_prio[(off - VIC_VECTPRIORITY0) / 4];
    if (off >= VIC_PERIPHID0 && off <= 0xFFC) return vic_id_bytes[(off - VIC_PERIPHID0) / 4];
    switch (off) {
    case VIC_IRQSTATUS: return vic_irq_status(v);
    case VIC_FIQSTATUS: return vic_fiq_status(v);
    case VIC_RAWINTR: return vic_pending(v);
    case VIC_INTSELECT: return v->select;
    case VIC_INTENABLE: return v->enable;
    case VIC_SOFTINT: return v->soft;
    case VIC_PROTECTION: return v->protection;
    case VIC_SWPRIORITYMASK: return v->sw_mask;
    case VIC_PRIORITYDAISY: return v->daisy_prio;
    case VIC_ADDRESS: return vic_acknowledge(v);
    case VIC_INTENCLEAR:
    case VIC_SOFTINTCLEAR:
        log_guest_error(v->log, v->name, off, "read of a write-only register");
        return 0;
    default:
        log_unimp(v->log, v->name, off, false, 4, 0);
        return 0;
    }
}

static uint32_t vic_read(void *opaque, uint32_t off, unsigned size)
{
    VicDev *v = opaque;
    uint32_t word = vic_read_word(v, off & ~3u);
    if (size == 4) return word;
    word >>= 8 * (off & 3);
    return size == 2 ? word & 0xFFFF : word & 0xFF;
}

static void vic_write(void *opaque, uint32_t off, uint32_t val, unsigned size)
{
    VicDev *v = opaque;
    if (size != 4) {
        log_unimp(v->log, v->name, off, true, size, val);
        return;
    }
    if (off >= VIC_VECTADDR0 && off < VIC_VECTADDR0 + 4 * VIC_SOURCES) {
        v->vect_addr[(off - VIC_VECTADDR0) / 4] = val;
        return;
    }
    if (off >= VIC_VECTPRIORITY0 && off < VIC_VECTPRIORITY0 + 4 * VIC_SOURCES) {
        v->vect_prio[(off - VIC_VECTPRIORITY0) / 4] = val & 0xF;
        vic_update(v);
        return;
    }
    switch (off) {
    case VIC_INTSELECT: v->select = val; break;
    case VIC_INTENABLE: v->enable |= val; break;
    case VIC_INTENCLEAR: v->enable &= ~val; break;
    case VIC_SOFTINT: v->soft |= val; break;
    case VIC_SOFTINTCLEAR: v->soft &= ~val; break;
    case VIC_PROTECTION: v->protection = val & 1; return;
    case VIC_SWPRIORITYMASK: v->sw_mask = val & 0xFFFF; break;
    case VIC_PRIORITYDAISY: v->daisy_prio = val & 0xF; break;
    case VIC_ADDRESS: vic_end_of_interrupt(v); return;
    case VIC_IRQSTATUS:
    case VIC_FIQSTATUS:
    case VIC_RAWINTR:
        log_guest_error(v->log, v->name, off, "write to a read-only register");
        return;
    default:
        if (off >= VIC_PERIPHID0 && off <= 0xFFC)
            log_guest_error(v->log, v->name, off, "write to an ID register");
        else
            log_unimp(v->log, v->name, off, true, size, val);
        return;
    }
    vic_update(v);
}

static void vic_reset(void *opaque)
{
    VicDev *v = opaque;
    v->soft = 0;
    v->enable = 0;
    v->select = 0;
    v->protection = 0;
    v->sw_mask = 0xFFFF;
    v->daisy_prio = 0xF;
    for (unsigned i = 0; i < VIC_SOURCES; i++) {
        v->vect_addr[i] = 0;
        v->vect_prio[i] = 0xF;
    }
    memset(v->stack, 0, sizeof v->stack);
    v->depth = 0;
    vic_update(v);
}

static void vic_state(void *opaque, StateIO *io)
{
    VicDev *v = opaque;
    if (!state_begin(io, "PVIC", 1)) return;
    state_u32(io, &v->raw);
    state_u32(io, &v->soft);
    state_u32(io, &v->enable);
    state_u32(io, &v->select);
    state_u32(io, &v->protection);
    state_u32(io, &v->sw_mask);
    state_u32(io, &v->daisy_prio);
    for (unsigned i = 0; i < VIC_SOURCES; i++) {
        state_u32(io, &v->vect_addr[i]);
        state_u32(io, &v->vect_prio[i]);
    }
    state_u32(io, &v->depth);
    for (unsigned i = 0; i < VIC_PRIO_LEVELS; i++) {
        state_u8(io, &v->stack[i].prio);
        state_bool(io, &v->stack[i].daisy);
        state_u32(io, &v->stack[i].vector);
    }
    state_bool(io, &v->daisy_irq_in);
    state_bool(io, &v->daisy_fiq_in);
    state_bool(io, &v->irq_level);
    state_bool(io, &v->fiq_level);
    state_end(io);
    if (state_is_loading(io)) {
        /* Never trust a file with indices. */
        if (v->depth > VIC_PRIO_LEVELS) v->depth = VIC_PRIO_LEVELS;
        v->sw_mask &= 0xFFFF;
        v->daisy_prio &= 0xF;
        for (unsigned i = 0; i < VIC_SOURCES; i++) v->vect_prio[i] &= 0xF;
        for (unsigned i = 0; i < VIC_PRIO_LEVELS; i++) v->stack[i].prio &= 0xF;
    }
}

static void vic_destroy(void *opaque) { free(opaque); }

const DeviceOps vic_ops = {
    .name = "vic",
    .read = vic_read,
    .write = vic_write,
    .reset = vic_reset,
    .state = vic_state,
    .destroy = vic_destroy,
};

VicDev *vic_create(const DevEnv *env, const char *name)
{
    VicDev *v = calloc(1, sizeof *v);
    if (!v) return NULL;
    v->name = name ? name : "vic";
    v->log = env ? env->log : NULL;
    vic_reset(v);
    return v;
}
