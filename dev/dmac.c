/* S5L8720 DMA controller (ARM PL080): registers, arbitration, burst timing
 * (header block and register map in dev/dmac.h; docs/devices/dmac.md). */
#include "dev/dmac.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "soc/bus.h"
#include "soc/clocks.h"
#include "soc/sched.h"
#include "soc/state.h"

#define DMAC_BUF_BYTES 1024u /* largest burst: 256 words */

static const uint8_t dmac_periph_id[4] = { 0x80, 0x10, 0x04, 0x0A };
static const uint8_t dmac_pcell_id[4] = { 0x0D, 0xF0, 0x05, 0xB1 };
static const uint32_t burst_len[8] = { 1, 4, 8, 16, 32, 64, 128, 256 };
/* FlowCntrl 4..7 (peripheral is flow controller) act as the DMAC-controlled
 * flow with the same direction. */
enum { FLOW_M2M, FLOW_M2P, FLOW_P2M, FLOW_P2P };
static const uint8_t flow_dir[8] = { FLOW_M2M, FLOW_M2P, FLOW_P2M, FLOW_P2P,
                                     FLOW_P2P, FLOW_M2P, FLOW_P2M, FLOW_P2P };

static unsigned ch_flow(const DmacChan *ch) { return flow_dir[(ch->cfg >> DMAC_CCFG_FLOW_SHIFT) & 7u]; }
static unsigned ch_srcper(const DmacChan *ch) { return (ch->cfg >> DMAC_CCFG_SRCPER_SHIFT) & 0xFu; }
static unsigned ch_dstper(const DmacChan *ch) { return (ch->cfg >> DMAC_CCFG_DSTPER_SHIFT) & 0xFu; }
static uint32_t ch_count(const DmacChan *ch) { return ch->ctrl & DMAC_CTRL_SIZE_MASK; }
/* Element width in bytes; 0 for the reserved encodings. */
static uint32_t width_bytes(uint32_t ctrl, unsigned shift)
{
    unsigned w = (ctrl >> shift) & 7u;
    return w <= 2 ? 1u << w : 0;
}

static void dmac_update_irq(DmacDev *d)
{
    uint32_t tc_mask = 0, err_mask = 0;
    for (unsigned c = 0; c < DMAC_CHANNELS; c++) {
        if (d->ch[c].cfg & DMAC_CCFG_ITC) tc_mask |= 1u << c;
        if (d->ch[c].cfg & DMAC_CCFG_IE) err_mask |= 1u << c;
    }
    bool level = (d->raw_tc & tc_mask) || (d->raw_err & err_mask);
    if (level != d->irq_level) {
        d->irq_level = level;
        irq_set(d->irq, level);
    }
}

static bool line_active(const DmacDev *d, unsigned line)
{
    uint32_t all = d->req | d->soft_breq | d->soft_sreq | d->soft_lbreq | d->soft_lsreq;
    return (all >> line) & 1u;
}

static bool ch_ready(const DmacDev *d, const DmacChan *ch)
{
    if (!(d->config & DMAC_CONF_E) || !(ch->cfg & DMAC_CCFG_E) || (ch->cfg & DMAC_CCFG_H)) return false;
    switch (ch_flow(ch)) {
    case FLOW_M2M: return true;
    case FLOW_M2P: return line_active(d, ch_dstper(ch));
    case FLOW_P2M: return line_active(d, ch_srcper(ch));
    default: return line_active(d, ch_srcper(ch)) && line_active(d, ch_dstper(ch));
    }
}

static bool bus_owned(const DmacDev *d)
{
    for (unsigned c = 0; c < DMAC_CHANNELS; c++)
        if (d->ch[c].busy) return true;
    return false;
}

/* Source elements of the next burst. */
static uint32_t chunk_elements(const DmacChan *ch, uint32_t sw, uint32_t dw)
{
    uint32_t left = ch_count(ch);
    uint32_t sb = burst_len[(ch->ctrl >> DMAC_CTRL_SBSIZE_SHIFT) & 7u];
    uint32_t db = burst_len[(ch->ctrl >> DMAC_CTRL_DBSIZE_SHIFT) & 7u];
    uint32_t n;
    switch (ch_flow(ch)) {
    case FLOW_M2M: n = sb > DMAC_M2M_MIN_CHUNK ? sb : DMAC_M2M_MIN_CHUNK; break;
    case FLOW_M2P: n = db * dw / sw; break;
    default: n = sb; break;
    }
    if (n == 0) n = 1;
    if (n * sw > DMAC_BUF_BYTES) n = DMAC_BUF_BYTES / sw;
    return n < left ? n : left;
}

static void ch_error(DmacDev *d, unsigned c)
{
    d->raw_err |= 1u << c;
    d->ch[c].cfg &= ~DMAC_CCFG_E;
}

/* Give the bus to the highest-priority ready channel (lowest number). */
static void dmac_arbitrate(DmacDev *d, uint64_t from)
{
    if (bus_owned(d)) return;
    for (unsigned c = 0; c < DMAC_CHANNELS; c++) {
        DmacChan *ch = &d->ch[c];
        if (!ch_ready(d, ch)) continue;
        uint32_t sw = width_bytes(ch->ctrl, DMAC_CTRL_SWIDTH_SHIFT);
        uint32_t dw = width_bytes(ch->ctrl, DMAC_CTRL_DWIDTH_SHIFT);
        if (!sw || !dw) {
            log_guest_error(d->env.log, d->name, DMAC_CH_BASE + DMAC_CH_STRIDE * c + DMAC_CH_CONTROL,
                            "reserved transfer width");
            ch_error(d, c);
            dmac_update_irq(d);
            continue;
        }
        uint32_t n = chunk_elements(ch, sw, dw);
        uint64_t hclk = n + (n * sw + dw - 1) / dw + ch->extra;
        if (hclk == 0) hclk = 1;
        ch->extra = 0;
        ch->chunk = n;
        ch->busy = true;
        sched_add_at(d->env.sched, EV_DMAC_CH(d->index, c), from + clk_cycles(hclk, HCLK_HZ), c);
        return;
    }
}

static bool move_in(DmacDev *d, DmacChan *ch, uint8_t *buf, uint32_t bytes, uint32_t sw)
{
    bool inc = ch->ctrl & DMAC_CTRL_SI;
    if (inc && bus_host_ptr(d->env.bus, ch->src, bytes, false)) {
        if (!bus_dma_read(d->env.bus, ch->src, buf, bytes)) return false;
        ch->src += bytes;
        return true;
    }
    for (uint32_t i = 0; i < bytes; i += sw) {
        uint32_t v;
        if (!bus_read(d->env.bus, ch->src, sw, &v)) return false;
        for (uint32_t b = 0; b < sw; b++) buf[i + b] = (uint8_t)(v >> (8 * b));
        if (inc) ch->src += sw;
    }
    return true;
}

static bool write_beat(DmacDev *d, uint32_t addr, const uint8_t *p, uint32_t size)
{
    /* RAM through bus_dma_write so the CPU drops code it decoded there. */
    if (bus_host_ptr(d->env.bus, addr, size, true)) return bus_dma_write(d->env.bus, addr, p, size);
    uint32_t v = 0;
    for (uint32_t b = 0; b < size; b++) v |= (uint32_t)p[b] << (8 * b);
    return bus_write(d->env.bus, addr, size, v);
}

static bool move_out(DmacDev *d, DmacChan *ch, const uint8_t *buf, uint32_t bytes, uint32_t dw)
{
    bool inc = ch->ctrl & DMAC_CTRL_DI;
    if (inc && bus_host_ptr(d->env.bus, ch->dst, bytes, true)) {
        if (!bus_dma_write(d->env.bus, ch->dst, buf, bytes)) return false;
        ch->dst += bytes;
        return true;
    }
    for (uint32_t i = 0; i < bytes;) {
        uint32_t size = bytes - i >= dw ? dw : 1; /* a tail narrower than DWidth goes as bytes */
        if (!write_beat(d, ch->dst, buf + i, size)) return false;
        if (inc) ch->dst += size;
        i += size;
    }
    return true;
}

static void dmac_ch_event(void *opaque, uint64_t param, uint64_t late)
{
    DmacDev *d = opaque;
    unsigned c = (unsigned)param;
    uint64_t from = sched_now(d->env.sched) - late; /* bursts chain without drift */
    if (c >= DMAC_CHANNELS) return;
    DmacChan *ch = &d->ch[c];
    ch->busy = false;
    uint32_t sw = width_bytes(ch->ctrl, DMAC_CTRL_SWIDTH_SHIFT);
    uint32_t dw = width_bytes(ch->ctrl, DMAC_CTRL_DWIDTH_SHIFT);
    uint32_t n = ch->chunk;
    ch->chunk = 0;
    uint8_t buf[DMAC_BUF_BYTES];
    if (!sw || !dw || n * sw > sizeof buf || n > ch_count(ch)) {
        ch_error(d, c); /* registers rewritten under a running burst */
    } else if (n && (!move_in(d, ch, buf, n * sw, sw) || !move_out(d, ch, buf, n * sw, dw))) {
        ch_error(d, c);
    } else {
        ch->ctrl = (ch->ctrl & ~DMAC_CTRL_SIZE_MASK) | (ch_count(ch) - n);
        unsigned flow = ch_flow(ch);
        uint32_t done = 0; /* request lines served by this burst */
        if (flow == FLOW_M2P || flow == FLOW_P2P) done |= 1u << ch_dstper(ch);
        if (flow == FLOW_P2M || flow == FLOW_P2P) done |= 1u << ch_srcper(ch);
        d->soft_breq &= ~done;
        d->soft_sreq &= ~done;
        d->soft_lbreq &= ~done;
        d->soft_lsreq &= ~done;
        if (ch_count(ch) == 0) {
            if (ch->ctrl & DMAC_CTRL_I) d->raw_tc |= 1u << c;
            uint32_t next = ch->lli & ~3u;
            if (next) {
                uint8_t w[16];
                if (!bus_dma_read(d->env.bus, next, w, sizeof w)) {
                    ch_error(d, c);
                } else {
                    uint32_t v[4];
                    for (unsigned i = 0; i < 4; i++)
                        v[i] = w[4 * i] | (uint32_t)w[4 * i + 1] << 8 | (uint32_t)w[4 * i + 2] << 16 |
                               (uint32_t)w[4 * i + 3] << 24;
                    ch->src = v[0];
                    ch->dst = v[1];
                    ch->lli = v[2];
                    ch->ctrl = v[3];
                    ch->extra = DMAC_LLI_LOAD_HCLK;
                }
            } else {
                ch->cfg &= ~DMAC_CCFG_E;
            }
        }
    }
    dmac_update_irq(d);
    dmac_arbitrate(d, from);
}

static uint32_t ch_read(DmacDev *d, unsigned c, uint32_t reg)
{
    DmacChan *ch = &d->ch[c];
    switch (reg) {
    case DMAC_CH_SRCADDR: return ch->src;
    case DMAC_CH_DESTADDR: return ch->dst;
    case DMAC_CH_LLI: return ch->lli;
    case DMAC_CH_CONTROL: return ch->ctrl;
    case DMAC_CH_CONFIG: return (ch->cfg & ~DMAC_CCFG_A) | (ch->busy ? DMAC_CCFG_A : 0);
    default:
        log_unimp(d->env.log, d->name, DMAC_CH_BASE + DMAC_CH_STRIDE * c + reg, false, 4, 0);
        return 0;
    }
}

static uint32_t dmac_reg_read(DmacDev *d, uint32_t off)
{
    uint32_t tc_mask = 0, err_mask = 0, enabled = 0;
    for (unsigned c = 0; c < DMAC_CHANNELS; c++) {
        if (d->ch[c].cfg & DMAC_CCFG_ITC) tc_mask |= 1u << c;
        if (d->ch[c].cfg & DMAC_CCFG_IE) err_mask |= 1u << c;
        if (d->ch[c].cfg & DMAC_CCFG_E) enabled |= 1u << c;
    }
    if (off >= DMAC_CH_BASE && off < DMAC_CH_BASE + DMAC_CH_STRIDE * DMAC_CHANNELS)
        return ch_read(d, (off - DMAC_CH_BASE) / DMAC_CH_STRIDE, (off - DMAC_CH_BASE) % DMAC_CH_STRIDE);
    if (off >= DMAC_PERIPHID0 && off < DMAC_PCELLID0) return dmac_periph_id[(off - DMAC_PERIPHID0) / 4];
    if (off >= DMAC_PCELLID0 && off < DMAC_WINDOW) return dmac_pcell_id[(off - DMAC_PCELLID0) / 4];
    switch (off) {
    case DMAC_INTSTATUS: return (d->raw_tc & tc_mask) | (d->raw_err & err_mask);
    case DMAC_INTTCSTATUS: return d->raw_tc & tc_mask;
    case DMAC_INTERRORSTATUS: return d->raw_err & err_mask;
    case DMAC_RAWINTTCSTATUS: return d->raw_tc;
    case DMAC_RAWINTERRORSTATUS: return d->raw_err;
    case DMAC_ENBLDCHNS: return enabled;
    case DMAC_SOFTBREQ: return d->soft_breq | d->req;
    case DMAC_SOFTSREQ: return d->soft_sreq;
    case DMAC_SOFTLBREQ: return d->soft_lbreq;
    case DMAC_SOFTLSREQ: return d->soft_lsreq;
    case DMAC_CONFIGURATION: return d->config;
    case DMAC_SYNC: return d->sync;
    case DMAC_INTTCCLEAR:
    case DMAC_INTERRCLR:
        log_guest_error(d->env.log, d->name, off, "read of a write-only register");
        return 0;
    default:
        log_unimp(d->env.log, d->name, off, false, 4, 0);
        return 0;
    }
}

static uint32_t dmac_read(void *opaque, uint32_t off, unsigned size)
{
    uint32_t v = dmac_reg_read(opaque, off & ~3u);
    if (size >= 4) return v;
    return (v >> ((off & 3u) * 8)) & ((1u << (8 * size)) - 1);
}

static void ch_write(DmacDev *d, unsigned c, uint32_t reg, uint32_t val)
{
    DmacChan *ch = &d->ch[c];
    switch (reg) {
    case DMAC_CH_SRCADDR: ch->src = val; break;
    case DMAC_CH_DESTADDR: ch->dst = val; break;
    case DMAC_CH_LLI: ch->lli = val & ~2u; break;
    case DMAC_CH_CONTROL: ch->ctrl = val; break;
    case DMAC_CH_CONFIG: {
        bool was = ch->cfg & DMAC_CCFG_E;
        ch->cfg = val & 0x7FFFFu & ~DMAC_CCFG_A;
        if (was && !(ch->cfg & DMAC_CCFG_E) && ch->busy) {
            /* Disabling mid-burst: the burst's data is lost (PL080 TRM: data in
             * the channel FIFO is lost when E is cleared without Halt). */
            sched_cancel(d->env.sched, EV_DMAC_CH(d->index, c));
            ch->busy = false;
            ch->chunk = 0;
        }
        if (!was && (ch->cfg & DMAC_CCFG_E)) ch->extra = 0;
        if ((val >> DMAC_CCFG_FLOW_SHIFT & 7u) >= 4)
            log_unimp(d->env.log, d->name, DMAC_CH_BASE + DMAC_CH_STRIDE * c + reg, true, 4, val);
        break;
    }
    default:
        log_unimp(d->env.log, d->name, DMAC_CH_BASE + DMAC_CH_STRIDE * c + reg, true, 4, val);
        break;
    }
}

static void dmac_write(void *opaque, uint32_t off, uint32_t val, unsigned size)
{
    DmacDev *d = opaque;
    if (size < 4) {
        log_unimp(d->env.log, d->name, off, true, size, val);
        return;
    }
    if (off >= DMAC_CH_BASE && off < DMAC_CH_BASE + DMAC_CH_STRIDE * DMAC_CHANNELS) {
        ch_write(d, (off - DMAC_CH_BASE) / DMAC_CH_STRIDE, (off - DMAC_CH_BASE) % DMAC_CH_STRIDE, val);
    } else {
        switch (off) {
        case DMAC_INTTCCLEAR: d->raw_tc &= ~(val & 0xFFu); break;
        case DMAC_INTERRCLR: d->raw_err &= ~(val & 0xFFu); break;
        case DMAC_SOFTBREQ: d->soft_breq |= val & 0xFFFFu; break;
        case DMAC_SOFTSREQ: d->soft_sreq |= val & 0xFFFFu; break;
        case DMAC_SOFTLBREQ: d->soft_lbreq |= val & 0xFFFFu; break;
        case DMAC_SOFTLSREQ: d->soft_lsreq |= val & 0xFFFFu; break;
        case DMAC_CONFIGURATION:
            d->config = val & 7u;
            if (val & 6u)
                log_unimp(d->env.log, d->name, off, true, 4, val); /* big-endian masters */
            break;
        case DMAC_SYNC: d->sync = val & 0xFFFFu; break;
        case DMAC_INTSTATUS:
        case DMAC_INTTCSTATUS:
        case DMAC_INTERRORSTATUS:
        case DMAC_RAWINTTCSTATUS:
        case DMAC_RAWINTERRORSTATUS:
        case DMAC_ENBLDCHNS:
            log_guest_error(d->env.log, d->name, off, "write to a read-only register");
            return;
        default:
            log_unimp(d->env.log, d->name, off, true, size, val);
            return;
        }
    }
    dmac_update_irq(d);
    dmac_arbitrate(d, sched_now(d->env.sched));
}

static void dmac_reset(void *opaque)
{
    DmacDev *d = opaque;
    for (unsigned c = 0; c < DMAC_CHANNELS; c++) {
        sched_cancel(d->env.sched, EV_DMAC_CH(d->index, c));
        memset(&d->ch[c], 0, sizeof d->ch[c]);
    }
    d->config = d->sync = 0;
    d->raw_tc = d->raw_err = 0;
    d->soft_breq = d->soft_sreq = d->soft_lbreq = d->soft_lsreq = 0;
    /* Request lines are inputs: their levels survive a DMAC reset. */
    dmac_update_irq(d);
}

static void dmac_state(void *opaque, StateIO *io)
{
    DmacDev *d = opaque;
    char tag[4] = { 'D', 'M', 'A', (char)('0' + d->index) };
    if (!state_begin(io, tag, 1)) return;
    state_u32(io, &d->config);
    state_u32(io, &d->sync);
    state_u32(io, &d->raw_tc);
    state_u32(io, &d->raw_err);
    state_u32(io, &d->req);
    state_u32(io, &d->soft_breq);
    state_u32(io, &d->soft_sreq);
    state_u32(io, &d->soft_lbreq);
    state_u32(io, &d->soft_lsreq);
    for (unsigned c = 0; c < DMAC_CHANNELS; c++) {
        DmacChan *ch = &d->ch[c];
        state_u32(io, &ch->src);
        state_u32(io, &ch->dst);
        state_u32(io, &ch->lli);
        state_u32(io, &ch->ctrl);
        state_u32(io, &ch->cfg);
        state_bool(io, &ch->busy);
        state_u32(io, &ch->chunk);
        state_u32(io, &ch->extra);
    }
    state_bool(io, &d->irq_level);
    state_end(io);
}

static void dmac_destroy(void *opaque) { free(opaque); }

const DeviceOps dmac_ops = {
    .name = "dmac",
    .read = dmac_read,
    .write = dmac_write,
    .reset = dmac_reset,
    .state = dmac_state,
    .destroy = dmac_destroy,
};

DmacDev *dmac_create(const DevEnv *env, unsigned index)
{
    if (index >= DMAC_COUNT) return NULL;
    DmacDev *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->env = *env;
    d->index = index;
    snprintf(d->name, sizeof d->name, "dmac%u", index);
    for (unsigned c = 0; c < DMAC_CHANNELS; c++)
        sched_register(env->sched, EV_DMAC_CH(index, c), dmac_ch_event, d);
    return d;
}

void dmac_connect_irq(DmacDev *d, IrqLine irq)
{
    d->irq = irq;
    irq_set(irq, d->irq_level);
}

void dmac_request(void *dmac, unsigned line, bool level)
{
    DmacDev *d = dmac;
    if (line >= DMAC_REQ_LINES) return;
    uint32_t bit = 1u << line;
    bool was = d->req & bit;
    if (level) d->req |= bit;
    else d->req &= ~bit;
    if (level && !was) dmac_arbitrate(d, sched_now(d->env.sched));
}
