/* S5L8720 MIPI-DSIM: registers, lane/PLL/reset state machine and packet
 * transport to the attached DSI peripheral.  Register map, latencies and
 * choices: dev/mipi_dsi.h and docs/devices/mipi_dsi.md.
 *
 * Every state change that takes time is a deadline (SCHED_NEVER when idle).
 * dsim_sync() applies the due ones in time order, each at its own due time,
 * so a chain (packet end -> next packet start -> read answer) is exact;
 * EV_MIPI is always due at the earliest remaining deadline. */
#include "dev/mipi_dsi.h"

#include <stdlib.h>
#include <string.h>

#include "soc/clocks.h"
#include "soc/state.h"

enum { DL_RESET, DL_PLL, DL_LANES, DL_HSCLK, DL_PKT, DL_RX, DL_COUNT };

struct MipiDsiDev {
    Scheduler *sched;
    Log *log;
    IrqLine irq;
    bool irq_level;
    DsiPeripheral periph;
    bool has_periph;

    uint32_t clkctrl, timeout, config, escmode, mdresol, mvporch, mhporch, msync, sdresol;
    uint32_t intsrc, intmsk, fifothld, memacchr, pllctrl, plltmr, phyacchr, phyacchr1;

    /* Status state: current lane bits and the goal they move to. */
    uint32_t lanes, lane_goal;
    bool ulps_clk, ulps_dat;           /* ULPS requested and entered/entering */
    bool hsclk_ready, swrst_done, pll_stable;
    uint64_t deadline[DL_COUNT];

    /* Header (SFR) FIFO; hdr[0] is on the wire while DL_PKT is pending. */
    uint32_t hdr[DSIM_HDR_FIFO_DEPTH];
    uint32_t hdr_count;
    uint8_t payload[DSIM_PAYLOAD_BYTES];
    uint32_t pay_head, pay_count;
    /* RX FIFO and the answer on its way back (staged until DL_RX). */
    uint32_t rx[DSIM_RX_WORDS];
    uint32_t rx_head, rx_count;
    uint32_t stage[DSIM_RX_WORDS];
    uint32_t stage_count;
    bool stage_error;
};

bool dsi_type_is_long(uint8_t type)
{
    switch (type & 0x0F) {
    case 0x09: case 0x0C: case 0x0D: case 0x0E: return true;
    default: return false;
    }
}

static bool type_is_read(uint8_t type)
{
    return type == DSI_DT_GENERIC_READ0 || type == DSI_DT_GENERIC_READ1 || type == DSI_DT_GENERIC_READ2 ||
           type == DSI_DT_DCS_READ;
}

static void update_irq(MipiDsiDev *m)
{
    bool level = (m->intsrc & ~m->intmsk) != 0;
    if (level != m->irq_level) {
        m->irq_level = level;
        irq_set(m->irq, level);
    }
}

static void reschedule(MipiDsiDev *m)
{
    uint64_t next = SCHED_NEVER;
    for (unsigned i = 0; i < DL_COUNT; i++)
        if (m->deadline[i] < next) next = m->deadline[i];
    if (next == SCHED_NEVER) sched_cancel(m->sched, EV_MIPI);
    else sched_add_at(m->sched, EV_MIPI, next, 0);
}

/* ---- lanes ---- */

static uint32_t compute_goal(const MipiDsiDev *m)
{
    uint32_t g = 0;
    bool force = m->escmode & DSIM_ESC_FORCE_STOP;
    if (m->config & DSIM_CONFIG_CLK_LANE)
        g |= (m->ulps_clk && !force) ? DSIM_STATUS_ULPS_CLK : DSIM_STATUS_STOP_CLK;
    for (unsigned n = 0; n < 4; n++)
        if (m->config & DSIM_CONFIG_DAT_LANE(n))
            g |= (m->ulps_dat && !force) ? DSIM_STATUS_ULPS_DAT(n) : DSIM_STATUS_STOP_DAT(n);
    return g;
}

static void lanes_retarget(MipiDsiDev *m, uint64_t now)
{
    uint32_t g = compute_goal(m);
    if (g == m->lane_goal && (m->deadline[DL_LANES] != SCHED_NEVER || g == m->lanes)) return;
    m->lane_goal = g;
    if (g == m->lanes) {
        m->deadline[DL_LANES] = SCHED_NEVER;
        return;
    }
    /* Entering or leaving ULPS is an escape sequence; reaching STOP is a
     * short LP-11 settle. */
    bool ulps_change = ((g ^ m->lanes) & (DSIM_STATUS_ULPS_CLK | 0xF0u)) != 0;
    m->deadline[DL_LANES] = now + clk_cycles_from_ns(ulps_change ? DSIM_ULPS_NS : DSIM_STOP_NS);
}

static void escmode_write(MipiDsiDev *m, uint32_t val, uint64_t now)
{
    uint32_t rise = val & ~m->escmode;
    m->escmode = val;
    /* ULPS entry on a rising request (exit not asserted); exit on a rising
     * exit bit or when the request is withdrawn. */
    if ((rise & DSIM_ESC_ULPS_CLK) && !(val & DSIM_ESC_ULPS_CLK_EXIT)) m->ulps_clk = true;
    if ((rise & DSIM_ESC_ULPS_CLK_EXIT) || !(val & DSIM_ESC_ULPS_CLK)) m->ulps_clk = false;
    if ((rise & DSIM_ESC_ULPS_DAT) && !(val & DSIM_ESC_ULPS_DAT_EXIT)) m->ulps_dat = true;
    if ((rise & DSIM_ESC_ULPS_DAT_EXIT) || !(val & DSIM_ESC_ULPS_DAT)) m->ulps_dat = false;
    lanes_retarget(m, now);
}

/* ---- packets ---- */

static bool in_lp(const MipiDsiDev *m)
{
    return (m->escmode & (DSIM_ESC_CMD_LP | DSIM_ESC_TX_LP)) || !m->hsclk_ready;
}

static uint32_t hdr_bytes(const MipiDsiDev *m, uint32_t h)
{
    uint8_t type = h & 0x3F;
    if (!dsi_type_is_long(type)) return 4;
    uint32_t wc = (h >> 8) & 0xFFFF;
    (void)m;
    return 6 + wc;
}

static void start_packet(MipiDsiDev *m, uint64_t when)
{
    if (m->hdr_count == 0 || m->deadline[DL_PKT] != SCHED_NEVER) return;
    uint64_t ns = DSIM_PKT_NS + (uint64_t)hdr_bytes(m, m->hdr[0]) * (in_lp(m) ? DSIM_LP_BYTE_NS : DSIM_HS_BYTE_NS);
    m->deadline[DL_PKT] = when + clk_cycles_from_ns(ns);
}

static void stage_response(MipiDsiDev *m, uint8_t type, const uint8_t *req, uint64_t when)
{
    uint8_t resp[4 * (DSIM_RX_WORDS - 1)];
    unsigned n = 0;
    if (m->has_periph && m->periph.read) n = m->periph.read(m->periph.opaque, type, req, 2, resp, sizeof resp);
    if (n > sizeof resp) n = sizeof resp;
    m->stage_count = 0;
    m->stage_error = (n == 0);
    if (n > 0) {
        bool dcs = type == DSI_DT_DCS_READ;
        if (n <= 2) {
            uint8_t rt = dcs ? (n == 1 ? DSI_RSP_DCS_SHORT1 : DSI_RSP_DCS_SHORT2)
                             : (n == 1 ? DSI_RSP_GENERIC_SHORT1 : DSI_RSP_GENERIC_SHORT2);
            m->stage[m->stage_count++] = rt | (uint32_t)resp[0] << 8 | (n == 2 ? (uint32_t)resp[1] << 16 : 0);
        } else {
            m->stage[m->stage_count++] = (dcs ? DSI_RSP_DCS_LONG : DSI_RSP_GENERIC_LONG) | (uint32_t)n << 8;
            for (unsigned i = 0; i < n; i += 4) {
                uint32_t w = 0;
                for (unsigned b = 0; b < 4 && i + b < n; b++) w |= (uint32_t)resp[i + b] << (8 * b);
                m->stage[m->stage_count++] = w;
            }
        }
    }
    uint64_t ns = DSIM_TURNAROUND_NS + (uint64_t)(n + (n > 2 ? 6 : 4)) * DSIM_LP_BYTE_NS;
    m->deadline[DL_RX] = when + clk_cycles_from_ns(ns);
}

/* The packet at the head of the header FIFO has been sent at `when`. */
static void finish_packet(MipiDsiDev *m, uint64_t when)
{
    uint32_t h = m->hdr[0];
    memmove(m->hdr, m->hdr + 1, (DSIM_HDR_FIFO_DEPTH - 1) * sizeof m->hdr[0]);
    m->hdr_count--;
    uint8_t type = h & 0x3F;
    uint8_t d[2] = { (uint8_t)(h >> 8), (uint8_t)(h >> 16) };
    if (dsi_type_is_long(type)) {
        uint32_t wc = d[0] | (uint32_t)d[1] << 8;
        if (wc > m->pay_count) {
            log_guest_error(m->log, "mipi-dsi", DSIM_PKTHDR, "long packet of %u bytes with %u payload bytes queued",
                            wc, m->pay_count);
            wc = m->pay_count;
        }
        uint8_t buf[DSIM_PAYLOAD_BYTES];
        for (uint32_t i = 0; i < wc; i++) buf[i] = m->payload[(m->pay_head + i) % DSIM_PAYLOAD_BYTES];
        m->pay_head = (m->pay_head + wc) % DSIM_PAYLOAD_BYTES;
        m->pay_count -= wc;
        if (m->has_periph && m->periph.write) m->periph.write(m->periph.opaque, type, buf, wc);
    } else if (type_is_read(type)) {
        stage_response(m, type, d, when);
    } else if (m->has_periph && m->periph.write) {
        m->periph.write(m->periph.opaque, type, d, 2);
    }
    start_packet(m, when);
}

static void deliver_rx(MipiDsiDev *m)
{
    if (m->stage_error) {
        m->intsrc |= DSIM_INT_RX_TIMEOUT;
    } else {
        for (uint32_t i = 0; i < m->stage_count; i++) {
            if (m->rx_count >= DSIM_RX_WORDS) {
                log_guest_error(m->log, "mipi-dsi", DSIM_RXFIFO, "RX FIFO overflow, read answer truncated");
                break;
            }
            m->rx[(m->rx_head + m->rx_count) % DSIM_RX_WORDS] = m->stage[i];
            m->rx_count++;
        }
        m->intsrc |= DSIM_INT_RX_DATA_DONE;
    }
    m->stage_count = 0;
    m->stage_error = false;
}

/* ---- time ---- */

static void apply(MipiDsiDev *m, unsigned which, uint64_t when)
{
    m->deadline[which] = SCHED_NEVER;
    switch (which) {
    case DL_RESET:
        m->swrst_done = true;
        break;
    case DL_PLL: m->pll_stable = true; break;
    case DL_LANES: m->lanes = m->lane_goal; break;
    case DL_HSCLK: m->hsclk_ready = (m->clkctrl & DSIM_CLKCTRL_HSCLK_REQ) != 0; break;
    case DL_PKT: finish_packet(m, when); break;
    case DL_RX: deliver_rx(m); break;
    }
}

static void dsim_sync(MipiDsiDev *m)
{
    uint64_t now = sched_now(m->sched);
    for (;;) {
        unsigned best = DL_COUNT;
        for (unsigned i = 0; i < DL_COUNT; i++)
            if (m->deadline[i] <= now && (best == DL_COUNT || m->deadline[i] < m->deadline[best])) best = i;
        if (best == DL_COUNT) break;
        apply(m, best, m->deadline[best]);
    }
    reschedule(m);
    update_irq(m);
}

static void dsim_event(void *opaque, uint64_t param, uint64_t late)
{
    (void)param;
    (void)late;
    dsim_sync(opaque);
}

/* ---- registers ---- */

static void flush_sfr(MipiDsiDev *m)
{
    m->hdr_count = 0;
    m->pay_head = m->pay_count = 0;
    m->deadline[DL_PKT] = SCHED_NEVER;
}

static void flush_rx(MipiDsiDev *m)
{
    m->rx_head = m->rx_count = 0;
    m->stage_count = 0;
    m->stage_error = false;
    m->deadline[DL_RX] = SCHED_NEVER;
}

static uint32_t status_value(const MipiDsiDev *m)
{
    return m->lanes | (m->hsclk_ready ? DSIM_STATUS_HSCLK_READY : 0) | (m->swrst_done ? DSIM_STATUS_SWRST_DONE : 0) |
           (m->pll_stable ? DSIM_STATUS_PLL_STABLE : 0);
}

static uint32_t reg_read(MipiDsiDev *m, uint32_t off, bool side_effects)
{
    switch (off) {
    case DSIM_STATUS: return status_value(m);
    case DSIM_SWRST: return 0;
    case DSIM_CLKCTRL: return m->clkctrl;
    case DSIM_TIMEOUT: return m->timeout;
    case DSIM_CONFIG: return m->config;
    case DSIM_ESCMODE: return m->escmode;
    case DSIM_MDRESOL: return m->mdresol;
    case DSIM_MVPORCH: return m->mvporch;
    case DSIM_MHPORCH: return m->mhporch;
    case DSIM_MSYNC: return m->msync;
    case DSIM_SDRESOL: return m->sdresol;
    case DSIM_INTSRC: return m->intsrc;
    case DSIM_INTMSK: return m->intmsk;
    case DSIM_PKTHDR:
    case DSIM_PAYLOAD:
        if (side_effects) log_guest_error(m->log, "mipi-dsi", off, "read of a write-only FIFO port");
        return 0;
    case DSIM_RXFIFO: {
        if (m->rx_count == 0) {
            if (side_effects) log_guest_error(m->log, "mipi-dsi", off, "RXFIFO read with the RX FIFO empty");
            return 0;
        }
        uint32_t v = m->rx[m->rx_head];
        if (side_effects) {
            m->rx_head = (m->rx_head + 1) % DSIM_RX_WORDS;
            m->rx_count--;
        }
        return v;
    }
    case DSIM_FIFOTHLD: return m->fifothld;
    case DSIM_FIFOCTRL:
        return (m->hdr_count == 0 ? DSIM_FIFOCTRL_SFR_EMPTY : 0) |
               (m->hdr_count >= DSIM_HDR_FIFO_DEPTH ? DSIM_FIFOCTRL_SFR_FULL : 0) |
               (m->rx_count == 0 ? DSIM_FIFOCTRL_RX_EMPTY : 0);
    case DSIM_MEMACCHR: return m->memacchr;
    case DSIM_PLLCTRL: return m->pllctrl;
    case DSIM_PLLTMR: return m->plltmr;
    case DSIM_PHYACCHR: return m->phyacchr;
    case DSIM_PHYACCHR1: return m->phyacchr1;
    default:
        log_unimp(m->log, "mipi-dsi", off, false, 4, 0);
        return 0;
    }
}

static uint32_t mipi_dsi_read(void *opaque, uint32_t off, unsigned size)
{
    MipiDsiDev *m = opaque;
    if (size != 4 && size != 2 && size != 1) {
        log_unimp(m->log, "mipi-dsi", off, false, size, 0);
        return 0;
    }
    dsim_sync(m);
    uint32_t v = reg_read(m, off & ~3u, (off & 3) == 0);
    update_irq(m);
    v >>= 8 * (off & 3);
    return size == 4 ? v : v & ((1u << (8 * size)) - 1);
}

static void reg_write(MipiDsiDev *m, uint32_t off, uint32_t val)
{
    uint64_t now = sched_now(m->sched);
    switch (off) {
    case DSIM_STATUS: log_guest_error(m->log, "mipi-dsi", off, "write of 0x%08x to read-only STATUS", val); break;
    case DSIM_SWRST:
        if (val & 1) {
            flush_sfr(m);
            flush_rx(m);
            m->intsrc = 0;
            m->swrst_done = false;
            m->deadline[DL_RESET] = now + clk_cycles_from_ns(DSIM_SWRST_NS);
        }
        break;
    case DSIM_CLKCTRL: {
        bool req = val & DSIM_CLKCTRL_HSCLK_REQ;
        m->clkctrl = val;
        if (req == m->hsclk_ready) m->deadline[DL_HSCLK] = SCHED_NEVER;
        else if (m->deadline[DL_HSCLK] == SCHED_NEVER)
            m->deadline[DL_HSCLK] = now + clk_cycles_from_ns(DSIM_HSCLK_NS);
        break;
    }
    case DSIM_TIMEOUT: m->timeout = val; break;
    case DSIM_CONFIG:
        m->config = val;
        lanes_retarget(m, now);
        break;
    case DSIM_ESCMODE: escmode_write(m, val, now); break;
    case DSIM_MDRESOL: m->mdresol = val; break;
    case DSIM_MVPORCH: m->mvporch = val; break;
    case DSIM_MHPORCH: m->mhporch = val; break;
    case DSIM_MSYNC: m->msync = val; break;
    case DSIM_SDRESOL: m->sdresol = val; break;
    case DSIM_INTSRC: m->intsrc &= ~val; break;
    case DSIM_INTMSK: m->intmsk = val; break;
    case DSIM_PKTHDR:
        if (m->hdr_count >= DSIM_HDR_FIFO_DEPTH) {
            log_guest_error(m->log, "mipi-dsi", off, "PKTHDR write with the header FIFO full, packet dropped");
            break;
        }
        m->hdr[m->hdr_count++] = val & 0xFFFFFFu;
        start_packet(m, now);
        break;
    case DSIM_PAYLOAD:
        if (m->pay_count + 4 > DSIM_PAYLOAD_BYTES) {
            log_guest_error(m->log, "mipi-dsi", off, "PAYLOAD write with the payload FIFO full, word dropped");
            break;
        }
        for (unsigned b = 0; b < 4; b++)
            m->payload[(m->pay_head + m->pay_count + b) % DSIM_PAYLOAD_BYTES] = (uint8_t)(val >> (8 * b));
        m->pay_count += 4;
        break;
    case DSIM_RXFIFO: log_guest_error(m->log, "mipi-dsi", off, "write to read-only RXFIFO"); break;
    case DSIM_FIFOTHLD: m->fifothld = val; break;
    case DSIM_FIFOCTRL:
        if (val & DSIM_FIFOCTRL_FLUSH_SFR) flush_sfr(m);
        if (val & DSIM_FIFOCTRL_FLUSH_RX) flush_rx(m);
        break;
    case DSIM_MEMACCHR: m->memacchr = val; break;
    case DSIM_PLLCTRL: {
        bool was = m->pllctrl & DSIM_PLLCTRL_ENABLE;
        m->pllctrl = val;
        if (!(val & DSIM_PLLCTRL_ENABLE)) {
            m->pll_stable = false;
            m->deadline[DL_PLL] = SCHED_NEVER;
        } else if (!was) {
            m->pll_stable = false;
            m->deadline[DL_PLL] = now + clk_cycles(m->plltmr ? m->plltmr : 1, CRYSTAL_HZ);
        }
        break;
    }
    case DSIM_PLLTMR: m->plltmr = val; break;
    case DSIM_PHYACCHR: m->phyacchr = val; break;
    case DSIM_PHYACCHR1: m->phyacchr1 = val; break;
    default: log_unimp(m->log, "mipi-dsi", off, true, 4, val); break;
    }
}

static void mipi_dsi_write(void *opaque, uint32_t off, uint32_t val, unsigned size)
{
    MipiDsiDev *m = opaque;
    if (size != 4 || (off & 3)) {
        log_guest_error(m->log, "mipi-dsi", off, "%u-byte write ignored (registers are 32-bit)", size);
        return;
    }
    dsim_sync(m);
    reg_write(m, off, val);
    dsim_sync(m);
}

static void mipi_dsi_reset(void *opaque)
{
    MipiDsiDev *m = opaque;
    m->clkctrl = DSIM_CLKCTRL_HSCLK_REQ; /* [Q]'s reset value: HS clock requested */
    m->timeout = m->config = m->escmode = 0;
    m->mdresol = m->mvporch = m->mhporch = m->msync = m->sdresol = 0;
    m->intsrc = 0;
    m->intmsk = 0xFFFFFFFFu;
    m->fifothld = m->memacchr = m->pllctrl = m->plltmr = m->phyacchr = m->phyacchr1 = 0;
    m->lanes = m->lane_goal = 0;
    m->ulps_clk = m->ulps_dat = false;
    m->hsclk_ready = true;
    m->swrst_done = true;
    m->pll_stable = false;
    for (unsigned i = 0; i < DL_COUNT; i++) m->deadline[i] = SCHED_NEVER;
    memset(m->hdr, 0, sizeof m->hdr);
    memset(m->payload, 0, sizeof m->payload);
    memset(m->rx, 0, sizeof m->rx);
    memset(m->stage, 0, sizeof m->stage);
    flush_sfr(m);
    flush_rx(m);
    sched_cancel(m->sched, EV_MIPI);
    m->irq_level = false;
    irq_set(m->irq, false);
}

static void mipi_dsi_state(void *opaque, StateIO *io)
{
    MipiDsiDev *m = opaque;
    if (!state_begin(io, "DSIM", 1)) return;
    uint32_t *regs[] = { &m->clkctrl, &m->timeout, &m->config, &m->escmode, &m->mdresol, &m->mvporch,
                         &m->mhporch, &m->msync, &m->sdresol, &m->intsrc, &m->intmsk, &m->fifothld,
                         &m->memacchr, &m->pllctrl, &m->plltmr, &m->phyacchr, &m->phyacchr1,
                         &m->lanes, &m->lane_goal, &m->hdr_count, &m->pay_head, &m->pay_count,
                         &m->rx_head, &m->rx_count, &m->stage_count };
    for (unsigned i = 0; i < sizeof regs / sizeof regs[0]; i++) state_u32(io, regs[i]);
    state_bool(io, &m->ulps_clk);
    state_bool(io, &m->ulps_dat);
    state_bool(io, &m->hsclk_ready);
    state_bool(io, &m->swrst_done);
    state_bool(io, &m->pll_stable);
    state_bool(io, &m->stage_error);
    state_bool(io, &m->irq_level);
    for (unsigned i = 0; i < DL_COUNT; i++) state_u64(io, &m->deadline[i]);
    for (unsigned i = 0; i < DSIM_HDR_FIFO_DEPTH; i++) state_u32(io, &m->hdr[i]);
    state_bytes(io, m->payload, sizeof m->payload);
    for (unsigned i = 0; i < DSIM_RX_WORDS; i++) {
        state_u32(io, &m->rx[i]);
        state_u32(io, &m->stage[i]);
    }
    state_end(io);
    if (state_is_loading(io)) {
        /* Clamp what a hostile file could put out of range. */
        if (m->hdr_count > DSIM_HDR_FIFO_DEPTH) m->hdr_count = DSIM_HDR_FIFO_DEPTH;
        m->pay_head %= DSIM_PAYLOAD_BYTES;
        if (m->pay_count > DSIM_PAYLOAD_BYTES) m->pay_count = DSIM_PAYLOAD_BYTES;
        m->rx_head %= DSIM_RX_WORDS;
        if (m->rx_count > DSIM_RX_WORDS) m->rx_count = DSIM_RX_WORDS;
        if (m->stage_count > DSIM_RX_WORDS) m->stage_count = DSIM_RX_WORDS;
        m->lanes &= DSIM_STATUS_LANES;
        m->lane_goal &= DSIM_STATUS_LANES;
        if (m->hdr_count == 0) m->deadline[DL_PKT] = SCHED_NEVER;
        irq_set(m->irq, m->irq_level);
    }
}

static void mipi_dsi_destroy(void *opaque) { free(opaque); }

const DeviceOps mipi_dsi_ops = {
    .name = "mipi-dsi",
    .read = mipi_dsi_read,
    .write = mipi_dsi_write,
    .reset = mipi_dsi_reset,
    .state = mipi_dsi_state,
    .destroy = mipi_dsi_destroy,
};

MipiDsiDev *mipi_dsi_create(const DevEnv *env)
{
    MipiDsiDev *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->sched = env->sched;
    m->log = env->log;
    sched_register(m->sched, EV_MIPI, dsim_event, m);
    mipi_dsi_reset(m);
    return m;
}

void mipi_dsi_attach(MipiDsiDev *m, const DsiPeripheral *p)
{
    m->has_periph = p != NULL;
    if (p) m->periph = *p;
    else memset(&m->periph, 0, sizeof m->periph);
}

void mipi_dsi_connect_irq(MipiDsiDev *m, IrqLine irq)
{
    m->irq = irq;
    irq_set(irq, m->irq_level);
}
