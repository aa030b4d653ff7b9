/* Canonical register state: bank bookkeeping. */
#include "test/conformance/conf.h"

static const unsigned cb_modes[CB_COUNT] = {0x10, 0x11, 0x12, 0x13, 0x17, 0x1B, 0x16};

int cb_of_mode(unsigned mode)
{
    switch (mode & 0x1F) {
    case 0x10: case 0x1F: return CB_USR;
    case 0x11: return CB_FIQ;
    case 0x12: return CB_IRQ;
    case 0x13: return CB_SVC;
    case 0x17: return CB_ABT;
    case 0x1B: return CB_UND;
    case 0x16: return CB_MON;
    default: return -1;
    }
}

unsigned mode_of_cb(int cb) { return cb_modes[cb]; }

void cs_sync_view(CState *s)
{
    int cb = cb_of_mode(s->cpsr);
    const uint32_t *hi = cb == CB_FIQ ? s->fiq_hi : s->usr_hi;
    for (int i = 0; i < 5; i++) s->r[8 + i] = hi[i];
    s->r[13] = s->r13[cb];
    s->r[14] = s->r14[cb];
}

void cs_sync_banks(CState *s, uint32_t cur_spsr)
{
    int cb = cb_of_mode(s->cpsr);
    uint32_t *hi = cb == CB_FIQ ? s->fiq_hi : s->usr_hi;
    for (int i = 0; i < 5; i++) hi[i] = s->r[8 + i];
    s->r13[cb] = s->r[13];
    s->r14[cb] = s->r[14];
    if (cb != CB_USR) s->spsr[cb] = cur_spsr;
}

uint32_t cs_spsr(const CState *s)
{
    int cb = cb_of_mode(s->cpsr);
    return cb == CB_USR ? 0 : s->spsr[cb];
}

const char *out_name(OutKind k)
{
    static const char *const names[] = {
        "completed", "undefined instruction", "SVC", "BKPT (prefetch abort, debug event)", "SMC",
        "data abort (unmapped address)", "data abort (alignment)", "prefetch abort (unmapped fetch)",
        "other oracle stop",
    };
    return k <= OUT_OTHER ? names[k] : "?";
}
