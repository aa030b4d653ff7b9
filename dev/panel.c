/* The Pinot panel: MIPI DCS state and ID read-back behind the DSIM
 * (dev/panel.h; docs/devices/panel.md). */
#include "dev/panel.h"

#include <stdlib.h>

#include "soc/state.h"

/* The bytes [Q] returns for the 0xB1 read and Apple's firmware accepts. */
static const uint8_t panel_id[PANEL_ID_LEN] = { 0x3C, 0xD1, 0xA1 };

struct PanelDev {
    Log *log;
    DsiPeripheral dsi;
    bool sleep_out, display_on, partial, idle, inverted, tear_on;
    uint8_t address_mode, pixel_format;
    uint32_t max_return; /* 0 = no limit set */
    uint32_t commands;
    bool in_reset;       /* reset GPIO held low: the panel does not answer */
};

void panel_reset(PanelDev *p)
{
    p->sleep_out = p->display_on = p->partial = p->idle = p->inverted = p->tear_on = false;
    p->address_mode = 0;
    p->pixel_format = 0x77; /* 24 bpp, the N72 table's panel depth */
    p->max_return = 0;
}

static void dcs_command(PanelDev *p, uint8_t cmd, const uint8_t *param, unsigned nparam)
{
    p->commands++;
    switch (cmd) {
    case DCS_NOP: break;
    case DCS_SOFT_RESET: panel_reset(p); break;
    case DCS_ENTER_SLEEP: p->sleep_out = false; break;
    case DCS_EXIT_SLEEP: p->sleep_out = true; break;
    case DCS_PARTIAL_MODE: p->partial = true; break;
    case DCS_NORMAL_MODE: p->partial = false; break;
    case DCS_INVERT_OFF: p->inverted = false; break;
    case DCS_INVERT_ON: p->inverted = true; break;
    case DCS_DISPLAY_OFF: p->display_on = false; break;
    case DCS_DISPLAY_ON: p->display_on = true; break;
    case DCS_TEAR_OFF: p->tear_on = false; break;
    case DCS_TEAR_ON: p->tear_on = true; break;
    case DCS_IDLE_OFF: p->idle = false; break;
    case DCS_IDLE_ON: p->idle = true; break;
    case DCS_ADDRESS_MODE:
        if (nparam) p->address_mode = param[0];
        break;
    case DCS_PIXEL_FORMAT:
        if (nparam) p->pixel_format = param[0];
        break;
    default: break; /* manufacturer/gamma commands: accepted, no visible effect */
    }
}

static void panel_write(void *opaque, uint8_t type, const uint8_t *data, unsigned len)
{
    PanelDev *p = opaque;
    if (p->in_reset) return;
    switch (type) {
    case DSI_DT_DCS_SHORT_WRITE0:
        if (len >= 1) dcs_command(p, data[0], NULL, 0);
        break;
    case DSI_DT_DCS_SHORT_WRITE1:
        if (len >= 2) dcs_command(p, data[0], data + 1, 1);
        break;
    case DSI_DT_DCS_LONG_WRITE:
        if (len >= 1) dcs_command(p, data[0], data + 1, len - 1);
        break;
    case DSI_DT_SET_MAX_RETURN:
        if (len >= 2) p->max_return = data[0] | (uint32_t)data[1] << 8;
        break;
    default: break; /* generic writes, turn-on/shut-down peripheral, EoTp */
    }
}

static unsigned put(uint8_t *resp, unsigned max, const uint8_t *src, unsigned n)
{
    if (n > max) n = max;
    for (unsigned i = 0; i < n; i++) resp[i] = src[i];
    return n;
}

static unsigned panel_read(void *opaque, uint8_t type, const uint8_t *req, unsigned len, uint8_t *resp,
                           unsigned max)
{
    PanelDev *p = opaque;
    if (p->in_reset) return 0; /* no answer: the DSIM reports a timeout */
    uint8_t reg = len ? req[0] : 0;
    uint8_t b;
    unsigned n = 0;
    if (p->max_return && max > p->max_return) max = p->max_return;
    p->commands++;
    if (type == DSI_DT_GENERIC_READ1 || type == DSI_DT_GENERIC_READ2) {
        if (reg == PANEL_ID_REG) n = put(resp, max, panel_id, PANEL_ID_LEN);
        return n;
    }
    if (type != DSI_DT_DCS_READ) return 0;
    switch (reg) {
    case DCS_READ_ID: return put(resp, max, panel_id, PANEL_ID_LEN);
    case DCS_READ_ID1: return put(resp, max, &panel_id[0], 1);
    case DCS_READ_ID2: return put(resp, max, &panel_id[1], 1);
    case DCS_READ_ID3: return put(resp, max, &panel_id[2], 1);
    case DCS_GET_POWER_MODE: b = panel_power_mode(p); break;
    case DCS_GET_ADDRESS_MODE: b = p->address_mode; break;
    case DCS_GET_PIXEL_FORMAT: b = p->pixel_format; break;
    case DCS_GET_DISPLAY_MODE: b = (uint8_t)(p->inverted ? 1u << 5 : 0); break;
    case DCS_GET_SIGNAL_MODE: b = (uint8_t)(p->tear_on ? 1u << 7 : 0); break;
    default: return 0;
    }
    return put(resp, max, &b, 1);
}

uint8_t panel_power_mode(const PanelDev *p)
{
    unsigned v = 0;
    if (p->sleep_out) v |= PANEL_PM_BOOSTER | PANEL_PM_SLEEP_OUT;
    if (p->display_on) v |= PANEL_PM_DISPLAY_ON;
    if (!p->partial) v |= PANEL_PM_NORMAL;
    if (p->partial) v |= PANEL_PM_PARTIAL;
    if (p->idle) v |= PANEL_PM_IDLE;
    return (uint8_t)v;
}

bool panel_display_on(const PanelDev *p) { return !p->in_reset && p->sleep_out && p->display_on; }

void panel_reset_line(void *panel, unsigned n, bool level)
{
    (void)n;
    PanelDev *p = panel;
    if (!level) panel_reset(p); /* low: everything back to power-on, and held there */
    p->in_reset = !level;
}
bool panel_sleeping(const PanelDev *p) { return !p->sleep_out; }
unsigned panel_commands(const PanelDev *p) { return p->commands; }
const DsiPeripheral *panel_dsi(PanelDev *p) { return &p->dsi; }

void panel_state(PanelDev *p, StateIO *io)
{
    if (!state_begin(io, "PNOT", 2)) return;
    state_bool(io, &p->sleep_out);
    state_bool(io, &p->display_on);
    state_bool(io, &p->partial);
    state_bool(io, &p->idle);
    state_bool(io, &p->inverted);
    state_bool(io, &p->tear_on);
    state_u8(io, &p->address_mode);
    state_u8(io, &p->pixel_format);
    state_u32(io, &p->max_return);
    state_u32(io, &p->commands);
    state_bool(io, &p->in_reset);
    state_end(io);
}

PanelDev *panel_create(const DevEnv *env)
{
    PanelDev *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->log = env ? env->log : NULL;
    p->dsi = (DsiPeripheral){ .opaque = p, .write = panel_write, .read = panel_read };
    panel_reset(p);
    return p;
}

void panel_destroy(PanelDev *p) { free(p); }
