/* Zephyr2 multitouch controller: packet engine, bootloader, application
 * queries and touch frames (dev/multitouch.h; docs/devices/multitouch.md).
 *
 * Each chip-select low period is a transaction.  Bytes are exchanged full
 * duplex: the reply to request byte k is chosen when byte k arrives, so it
 * may depend on bytes 0..k (the frame read relies on that for byte 2).  A
 * bootloader transaction may hold several packets back to back (18 E1 + a
 * 30 01 packet, or a whole firmware stream); packets of fixed length end by
 * count, the others at chip-select high.
 *
 * One event slot (EV_MULTITOUCH) serves two deadlines: the delayed ATN
 * assertion and the next sensor scan; the slot is armed for the earlier. */
#include "dev/multitouch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "soc/clocks.h"
#include "soc/state.h"

#define MT_NAME "multitouch"
#define MT_OUT_MAX 192u
#define MT_DATA_MAX (MT_FRAME_HEADER_LEN + MT_MAX_FINGERS * MT_FINGER_LEN)
#define MT_FRAME_MAX (MT_DATA_MAX + 7u)
#define MT_MAX_REGS 8u

typedef struct MtSlot {
    bool down;        /* host: finger on the glass */
    int16_t hx, hy;   /* host position, sensor units (kept after lift) */
    bool latched;     /* a press not reported yet */
    bool reported;    /* reported as down in the last frame */
    bool end_pending; /* ended; owed a full-end record */
    int16_t rx, ry;   /* last reported position */
    uint64_t rt;      /* cycle of the last report */
} MtSlot;

struct MtDev {
    Scheduler *sched;
    Log *log;
    SpiTarget target;
    IrqLine atn;

    bool cs_low;
    bool app;        /* firmware executing (after a good 1D) */
    bool running;    /* driver finished the bootload (E2 seen): frames allowed */
    bool atn_active; /* ATN asserted (pin low) */
    uint16_t ack;    /* reply to the next 1A A1 */
    uint32_t reg_result;
    uint32_t reg_addr[MT_MAX_REGS], reg_val[MT_MAX_REGS];
    uint8_t nregs;
    uint32_t up_packets, up_bad, up_bytes, up_sum;

    /* Packet engine. */
    uint8_t cmd;
    uint32_t idx, plen; /* plen 0: ends at chip-select high */
    uint8_t in[16];
    uint32_t data_len, data_sum;
    uint8_t trl[4];
    bool swallow;      /* rest of the transaction ignored (bad data header) */
    bool stream_nak;   /* a packet of this transaction failed */
    uint32_t atn_req;  /* ATN delay in us owed at chip-select high (0 = none) */
    bool frame_read;   /* this EA transaction is the frame packet */
    uint8_t out[MT_OUT_MAX];
    uint32_t out_len;

    /* Frames. */
    uint8_t frame[MT_FRAME_MAX];
    uint32_t frame_len; /* bytes of the frame packet (L + 5) */
    uint16_t frame_l;
    bool frame_pending;
    uint8_t frame_no;
    uint64_t atn_due, scan_due, full_end_due;
    uint64_t repulse_due; /* pulse ATN again if the pending frame is still unread */
    MtSlot slot[MT_MAX_FINGERS];

    bool reset_seen, reset_level; /* last level of the reset GPIO */
};

/* ---- helpers ---- */

static uint64_t scan_period(void) { return clk_cycles(1, MT_FRAME_HZ); }

static void put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put32le(uint8_t *p, uint32_t v)
{
    put16(p, v);
    put16(p + 2, v >> 16);
}

static uint32_t sum_bytes(const uint8_t *p, uint32_t n)
{
    uint32_t s = 0;
    for (uint32_t i = 0; i < n; i++) s += p[i];
    return s;
}

/* [a15..8, a7..0, a31..24, a23..16] */
static uint32_t get_mid32(const uint8_t *p)
{
    return (uint32_t)p[0] << 8 | p[1] | (uint32_t)p[2] << 24 | (uint32_t)p[3] << 16;
}

static void rearm(MtDev *m)
{
    uint64_t when = m->atn_due < m->scan_due ? m->atn_due : m->scan_due;
    if (m->frame_pending && m->repulse_due < when) when = m->repulse_due;
    if (when == SCHED_NEVER)
        sched_cancel(m->sched, EV_MULTITOUCH);
    else
        sched_add_at(m->sched, EV_MULTITOUCH, when, 0);
}

static void atn_set(MtDev *m, bool active)
{
    if (m->atn_active == active) return;
    m->atn_active = active;
    irq_set(m->atn, !active); /* active low */
}

/* The host consumed the pending answer: release ATN, drop a pending one. */
static void atn_release(MtDev *m)
{
    m->atn_due = SCHED_NEVER;
    atn_set(m, false);
    rearm(m);
}

static void stop_frames(MtDev *m)
{
    m->app = false;
    m->running = false;
    m->frame_pending = false;
    m->scan_due = SCHED_NEVER;
    for (unsigned i = 0; i < MT_MAX_FINGERS; i++) {
        m->slot[i].latched = false;
        m->slot[i].reported = false;
        m->slot[i].end_pending = false;
    }
    rearm(m);
}

static bool slots_active(const MtDev *m)
{
    for (unsigned i = 0; i < MT_MAX_FINGERS; i++)
        if (m->slot[i].down || m->slot[i].latched || m->slot[i].reported) return true;
    return false;
}

/* Start scanning one period from now unless a scan is already due sooner. */
static void kick_scan(MtDev *m)
{
    if (!m->running) return;
    uint64_t due = sched_now(m->sched) + scan_period();
    if (m->scan_due > due) m->scan_due = due;
    rearm(m);
}

/* ---- registers of the bootloader ---- */

static uint32_t reg_read(const MtDev *m, uint32_t addr)
{
    for (unsigned i = 0; i < m->nregs; i++)
        if (m->reg_addr[i] == addr) return m->reg_val[i];
    return addr == MT_VERSION_REG ? MT_VERSION_VALUE : 0;
}

static void reg_write(MtDev *m, uint32_t addr, uint32_t mask, uint32_t val)
{
    uint32_t v = (reg_read(m, addr) & ~mask) | (val & mask);
    for (unsigned i = 0; i < m->nregs; i++)
        if (m->reg_addr[i] == addr) {
            m->reg_val[i] = v;
            return;
        }
    if (m->nregs < MT_MAX_REGS) {
        m->reg_addr[m->nregs] = addr;
        m->reg_val[m->nregs++] = v;
    } else {
        log_guest_error(m->log, MT_NAME, addr, "register table full, write dropped");
    }
}

/* ---- application-mode replies ---- */

static unsigned report_data(uint8_t id, uint8_t *buf)
{
    switch (id) {
    case MT_REPORT_UNKNOWN70:
    case MT_REPORT_REGION_DESC:
    case MT_REPORT_REGION_PARAM: buf[0] = 0; return 1;
    case MT_REPORT_FAMILY_ID: buf[0] = MT_FAMILY_ID; return 1;
    case MT_REPORT_SENSOR_INFO:
        buf[0] = MT_ENDIANNESS;
        buf[1] = MT_SENSOR_ROWS;
        buf[2] = MT_SENSOR_COLUMNS;
        put16(buf + 3, MT_BCD_VERSION);
        return 5;
    case MT_REPORT_DIMENSIONS:
        put32le(buf, MT_SENSOR_WIDTH);
        put32le(buf + 4, MT_SENSOR_HEIGHT);
        return 8;
    default: return 0;
    }
}

static void finish16(MtDev *m)
{
    put16(m->out + 14, sum_bytes(m->out, 14));
    m->out_len = 16;
}

static void prepare_query(MtDev *m, uint8_t id)
{
    uint8_t buf[8];
    unsigned len = report_data(id, buf);
    if (!len) log_unimp(m->log, MT_NAME, 0x100u | id, false, 1, id);
    memset(m->out + 1, 0, MT_OUT_MAX - 1);
    switch (m->cmd) {
    case MT_CMD_REPORT_INFO:
        m->out[2] = 0; /* error: none (also for unknown IDs, as [Q]) */
        put16(m->out + 3, len);
        finish16(m);
        break;
    case MT_CMD_SHORT_READ:
        memcpy(m->out + 3, buf, len);
        finish16(m);
        break;
    case MT_CMD_LONG_READ:
        memcpy(m->out + 3, buf, len);
        put16(m->out + 3 + len, sum_bytes(m->out, 3 + len));
        m->out_len = len + 5;
        break;
    default: break;
    }
}

static void prepare_length_packet(MtDev *m)
{
    memset(m->out, 0, 16);
    m->out[0] = MT_CMD_FRAME_READ;
    if (m->frame_pending) put16(m->out + 1, m->frame_l);
    finish16(m);
}

/* ---- touch frames ---- */

static int16_t to_sensor_x(float px)
{
    double x = px >= 0 ? (px <= MT_PANEL_W - 1 ? px : MT_PANEL_W - 1) : 0; /* NaN -> 0 */
    double nx = (x + 0.5) / MT_PANEL_W;
    return (int16_t)lround(MT_X_MIN + nx * (MT_X_MAX - MT_X_MIN));
}

static int16_t to_sensor_y(float py)
{
    double y = py >= 0 ? (py <= MT_PANEL_H - 1 ? py : MT_PANEL_H - 1) : 0;
    double ny = (y + 0.5) / MT_PANEL_H;
    return (int16_t)lround(MT_Y_MIN + (1.0 - ny) * (MT_Y_MAX - MT_Y_MIN) - MT_TIP_OFFSET);
}

/* 1/8 mm/s from a move of d (1/100 mm) over dt cycles, rounded to nearest. */
static int16_t velocity(int32_t d, uint64_t dt)
{
    if (dt == 0 || d == 0) return 0;
    int64_t num = (int64_t)(d < 0 ? -d : d) * (int64_t)CPU_HZ * 8;
    int64_t den = (int64_t)dt * 100;
    int64_t v = (num + den / 2) / den;
    if (v > INT16_MAX) v = INT16_MAX;
    return (int16_t)(d < 0 ? -v : v);
}

static void put_record(uint8_t *r, unsigned id, uint8_t event, int16_t x, int16_t y, int16_t vx, int16_t vy,
                       bool touching)
{
    memset(r, 0, MT_FINGER_LEN);
    r[0] = (uint8_t)id;
    r[1] = event;
    r[2] = 2;
    r[3] = 1;
    put16(r + 4, (uint16_t)x);
    put16(r + 6, (uint16_t)y);
    put16(r + 8, (uint16_t)vx);
    put16(r + 10, (uint16_t)vy);
    if (touching) {
        put16(r + 12, MT_RADIUS2);
        put16(r + 14, MT_RADIUS3);
        put16(r + 16, MT_ANGLE);
        put16(r + 18, MT_RADIUS1);
        put16(r + 20, MT_DENSITY);
    }
}

/* Build the frame of the scan at cycle t; false when there is nothing to say. */
static bool build_frame(MtDev *m, uint64_t t)
{
    uint8_t *data = m->frame + 5;
    unsigned n = 0;
    bool ended = false;
    for (unsigned i = 0; i < MT_MAX_FINGERS; i++) {
        MtSlot *s = &m->slot[i];
        uint8_t *r = data + MT_FRAME_HEADER_LEN + n * MT_FINGER_LEN;
        if (s->latched) {
            put_record(r, i + 1, MT_EV_START, s->hx, s->hy, 0, 0, true);
            s->latched = false;
            s->reported = true;
            for (unsigned k = 0; k < MT_MAX_FINGERS; k++) m->slot[k].end_pending = false;
            s->rx = s->hx;
            s->ry = s->hy;
        } else if (s->reported && s->down) {
            int16_t vx = velocity(s->hx - s->rx, t - s->rt), vy = velocity(s->hy - s->ry, t - s->rt);
            put_record(r, i + 1, MT_EV_MOVED, s->hx, s->hy, vx, vy, true);
            s->rx = s->hx;
            s->ry = s->hy;
        } else if (s->reported) {
            put_record(r, i + 1, MT_EV_ENDED, s->rx, s->ry, 0, 0, false);
            s->reported = false;
            s->end_pending = true;
            ended = true;
        } else {
            continue;
        }
        s->rt = t;
        n++;
    }
    if (ended && !slots_active(m)) m->full_end_due = t + clk_cycles_from_us(MT_FULL_END_MS * 1000ull);
    if (n == 0 && !slots_active(m) && t >= m->full_end_due) {
        for (unsigned i = 0; i < MT_MAX_FINGERS; i++) {
            MtSlot *s = &m->slot[i];
            if (!s->end_pending) continue;
            put_record(data + MT_FRAME_HEADER_LEN + n * MT_FINGER_LEN, i + 1, MT_EV_FULL_END, s->rx, s->ry, 0, 0,
                       false);
            s->end_pending = false;
            n++;
        }
        m->full_end_due = SCHED_NEVER;
    }
    if (n == 0) return false;

    uint32_t dlen = MT_FRAME_HEADER_LEN + n * MT_FINGER_LEN;
    memset(data, 0, MT_FRAME_HEADER_LEN);
    data[0] = MT_FRAME_TYPE;
    data[1] = m->frame_no++;
    data[2] = MT_FRAME_HEADER_LEN;
    put32le(data + 4, (uint32_t)clk_ticks(t, 1000));
    data[16] = (uint8_t)n;
    data[17] = MT_FINGER_LEN;
    m->frame_l = (uint16_t)(dlen + 2);
    m->frame[0] = MT_CMD_FRAME_READ;
    m->frame[1] = (uint8_t)m->frame_l;
    put16(m->frame + 2, m->frame_l);
    m->frame[4] = (uint8_t)(0u - sum_bytes(m->frame, 4));
    put16(data + dlen, sum_bytes(data, dlen));
    m->frame_len = m->frame_l + 5u;
    m->frame_pending = true;
    return true;
}

static void scan(MtDev *m, uint64_t t)
{
    m->scan_due = SCHED_NEVER;
    if (!m->running) return;
    if (!m->frame_pending && build_frame(m, t)) {
        atn_set(m, true); /* the scan is the latency */
        m->repulse_due = t + clk_cycles_from_us(MT_REPULSE_MS * 1000ull);
    }
    if (slots_active(m)) {
        m->scan_due = t + scan_period();
    } else {
        bool owed = false;
        for (unsigned i = 0; i < MT_MAX_FINGERS; i++) owed |= m->slot[i].end_pending;
        if (owed) m->scan_due = m->full_end_due > t ? m->full_end_due : t + scan_period();
    }
}

static void mt_event(void *opaque, uint64_t param, uint64_t late)
{
    (void)param;
    (void)late;
    MtDev *m = opaque;
    uint64_t now = sched_now(m->sched);
    if (m->atn_due <= now) {
        m->atn_due = SCHED_NEVER;
        atn_set(m, true);
    }
    if (m->frame_pending && m->repulse_due <= now) {
        /* A driver that waits for edges and missed one would never read the
         * frame: give it a new falling edge (sheet 7.5). */
        atn_set(m, false);
        atn_set(m, true);
        m->repulse_due += clk_cycles_from_us(MT_REPULSE_MS * 1000ull);
    }
    if (m->scan_due <= now) scan(m, m->scan_due); /* from the due time: no drift */
    rearm(m);
}

/* ---- packet engine ---- */

static void start_packet(MtDev *m, uint8_t cmd)
{
    m->cmd = cmd;
    m->plen = 0;
    m->out_len = 0;
    m->frame_read = false;
    m->out[0] = cmd;
    switch (cmd) {
    case MT_CMD_CLEAR:
        m->plen = 1;
        m->out[0] = 0;
        m->out_len = 1;
        atn_release(m);
        break;
    case MT_CMD_CLEAR2:
        m->out_len = 1;
        atn_release(m);
        break;
    case MT_CMD_FILLER:
        m->plen = 2;
        m->out[1] = 0xE1;
        m->out_len = 2;
        break;
    case MT_CMD_ATN_ACK:
        if (m->app) stop_frames(m); /* the driver is bootloading again */
        m->out[0] = (uint8_t)(m->ack >> 8);
        m->out[1] = (uint8_t)m->ack;
        m->out[2] = (uint8_t)(m->reg_result >> 8);
        m->out[3] = (uint8_t)m->reg_result;
        m->out[4] = (uint8_t)(m->reg_result >> 24);
        m->out[5] = (uint8_t)(m->reg_result >> 16);
        m->out_len = 6;
        atn_release(m);
        break;
    case MT_CMD_READ_REG: m->plen = 8; break;
    case MT_CMD_EXECUTE: m->plen = 12; break;
    case MT_CMD_WRITE_REG: m->plen = 16; break;
    case MT_CMD_CALIBRATE:
        m->plen = 2;
        m->out[1] = 0;
        m->out_len = 2;
        break;
    case MT_CMD_DATA:
        if (m->app) stop_frames(m);
        m->plen = 10; /* header first; the length follows from it */
        m->data_len = 0;
        m->data_sum = 0;
        break;
    case MT_CMD_STATUS:
        if (!m->app) goto unknown;
        memset(m->out + 1, 0, 15);
        finish16(m);
        break;
    case MT_CMD_IFACE_VERSION:
        if (!m->app) goto unknown;
        memset(m->out + 1, 0, 15);
        m->out[2] = MT_IFACE_VERSION;
        put16(m->out + 3, MT_MAX_PACKET);
        finish16(m);
        if (!m->running) {
            m->running = true;
            for (unsigned i = 0; i < MT_MAX_FINGERS; i++)
                if (m->slot[i].down) m->slot[i].latched = true;
            if (slots_active(m)) kick_scan(m);
        }
        break;
    case MT_CMD_REPORT_INFO:
    case MT_CMD_SHORT_READ:
    case MT_CMD_LONG_READ:
    case MT_CMD_SHORT_WRITE:
        if (!m->app) goto unknown;
        m->out_len = 1;
        break;
    case MT_CMD_FRAME_READ:
    case MT_CMD_FRAME_READ_FLIP:
        if (!m->app) goto unknown;
        prepare_length_packet(m);
        break;
    default:
    unknown:
        log_unimp(m->log, MT_NAME, cmd, true, 1, cmd);
        m->out[0] = 0;
        m->out_len = 1;
        break;
    }
}

static void set_ack(MtDev *m, bool ok, uint16_t ok_value, uint32_t atn_us)
{
    if (!ok) m->stream_nak = true;
    m->ack = m->stream_nak ? MT_ACK_NAK : ok_value;
    m->atn_req = atn_us;
}

/* A packet of known length is complete (or a variable one ended at CS high). */
static void complete_packet(MtDev *m)
{
    const uint8_t *p = m->in;
    switch (m->cmd) {
    case MT_CMD_READ_REG: {
        bool ok = (uint32_t)(p[6] << 8 | p[7]) == sum_bytes(p + 2, 4);
        if (ok) m->reg_result = reg_read(m, get_mid32(p + 2));
        set_ack(m, ok, MT_ACK_OK, MT_ATN_US);
        break;
    }
    case MT_CMD_WRITE_REG: {
        bool ok = (uint32_t)(p[14] << 8 | p[15]) == sum_bytes(p + 2, 12);
        if (ok) reg_write(m, get_mid32(p + 2), get_mid32(p + 6), get_mid32(p + 10));
        set_ack(m, ok, MT_ACK_REG_WRITTEN, MT_ATN_US);
        break;
    }
    case MT_CMD_EXECUTE:
        if ((uint32_t)(p[10] << 8 | p[11]) == sum_bytes(p + 2, 8)) {
            m->app = true; /* no ATN: the driver polls E2 after 1 ms */
        } else {
            log_guest_error(m->log, MT_NAME, m->cmd, "execute packet checksum wrong");
            set_ack(m, false, MT_ACK_OK, MT_ATN_US);
        }
        break;
    case MT_CMD_CALIBRATE: set_ack(m, true, MT_ACK_OK, MT_CALIBRATE_MS * 1000u); break;
    case MT_CMD_DATA: {
        bool ok = get_mid32(m->trl) == m->data_sum;
        if (ok) {
            m->up_packets++;
            m->up_bytes += m->data_len;
            m->up_sum += m->data_sum;
        } else {
            m->up_bad++;
        }
        set_ack(m, ok, MT_ACK_OK, MT_ATN_US);
        break;
    }
    default: break;
    }
}

static uint8_t mt_byte(MtDev *m, uint8_t b)
{
    if (m->swallow) return 0;
    uint32_t i = m->idx;
    if (i == 0) start_packet(m, b);
    if (i < sizeof m->in) m->in[i] = b;

    if (m->cmd == MT_CMD_DATA) {
        if (i == 9) {
            if ((uint32_t)(m->in[8] << 8 | m->in[9]) != sum_bytes(m->in + 2, 6)) {
                log_guest_error(m->log, MT_NAME, m->cmd, "data packet header checksum wrong");
                m->up_bad++;
                set_ack(m, false, MT_ACK_OK, MT_ATN_US);
                m->swallow = true;
                return 0;
            }
            m->data_len = (uint32_t)m->in[2] << 10 | (uint32_t)m->in[3] << 2;
            m->plen = 10 + m->data_len + 4;
        } else if (i >= 10 && i < 10 + m->data_len) {
            m->data_sum += b;
        } else if (i >= 10 + m->data_len && i < m->plen) {
            m->trl[i - 10 - m->data_len] = b;
        }
    } else if (i == 1 && (m->cmd == MT_CMD_REPORT_INFO || m->cmd == MT_CMD_SHORT_READ || m->cmd == MT_CMD_LONG_READ) &&
               m->app) {
        prepare_query(m, b);
    } else if (i == 2 && (m->cmd == MT_CMD_FRAME_READ || m->cmd == MT_CMD_FRAME_READ_FLIP) && m->app && b == 1 &&
               m->frame_pending) {
        memcpy(m->out, m->frame, m->frame_len); /* same bytes 0-1 as the length packet */
        m->out_len = m->frame_len;
        m->frame_read = true;
    }

    uint8_t r = i < m->out_len ? m->out[i] : 0;
    m->idx = i + 1;
    if (m->plen && m->idx == m->plen) {
        complete_packet(m);
        m->idx = 0;
    }
    return r;
}

static void end_transaction(MtDev *m)
{
    if (m->idx > 0 && !m->swallow) {
        if (m->plen == 0) {
            if ((m->cmd == MT_CMD_FRAME_READ || m->cmd == MT_CMD_FRAME_READ_FLIP) && m->app) {
                if (m->frame_read && m->idx >= m->frame_len) {
                    m->frame_pending = false;
                    atn_release(m);
                } else if (!m->frame_pending) {
                    atn_release(m); /* nothing to read */
                }
            }
        } else if (m->cmd == MT_CMD_DATA) {
            m->up_bad++; /* cut short */
            set_ack(m, false, MT_ACK_OK, MT_ATN_US);
        }
    }
    if (m->atn_req) {
        m->atn_due = sched_now(m->sched) + clk_cycles_from_us(m->atn_req);
        rearm(m);
    }
    m->atn_req = 0;
    m->idx = 0;
    m->swallow = false;
}

static uint32_t mt_exchange(void *opaque, uint32_t out, unsigned bits)
{
    MtDev *m = opaque;
    unsigned bytes = bits >= 32 ? 4 : bits >= 16 ? 2 : 1;
    uint32_t mask = bytes == 4 ? 0xFFFFFFFFu : (1u << (8 * bytes)) - 1;
    if (!m->cs_low) return mask;
    uint32_t in = 0;
    for (unsigned i = bytes; i-- > 0;) in = (in << 8) | mt_byte(m, (uint8_t)(out >> (8 * i)));
    return in;
}

/* ---- public ---- */

void mt_chip_select(void *mt, unsigned n, bool level)
{
    (void)n;
    MtDev *m = mt;
    bool low = !level;
    if (low == m->cs_low) return;
    m->cs_low = low;
    if (low) {
        m->idx = 0;
        m->swallow = false;
        m->stream_nak = false;
        m->atn_req = 0;
    } else {
        end_transaction(m);
    }
}

void mt_set_fingers(MtDev *m, const MtFinger *fingers, unsigned n)
{
    if (n > MT_MAX_FINGERS) n = MT_MAX_FINGERS;
    bool changed = false;
    for (unsigned i = 0; i < MT_MAX_FINGERS; i++) {
        MtSlot *s = &m->slot[i];
        bool down = i < n && fingers[i].down;
        if (down) {
            int16_t x = to_sensor_x(fingers[i].x), y = to_sensor_y(fingers[i].y);
            if (x != s->hx || y != s->hy) changed = true;
            s->hx = x;
            s->hy = y;
            if (!s->down && !s->reported && m->running) s->latched = true;
        }
        if (down != s->down) changed = true;
        s->down = down;
    }
    if (changed || slots_active(m)) kick_scan(m);
}

const SpiTarget *mt_spi_target(MtDev *m) { return &m->target; }

void mt_connect_atn(MtDev *m, IrqLine atn)
{
    m->atn = atn;
    irq_set(m->atn, !m->atn_active);
}

void mt_state(MtDev *m, StateIO *io)
{
    if (!state_begin(io, "MTCH", 2)) return;
    state_bool(io, &m->cs_low);
    state_bool(io, &m->app);
    state_bool(io, &m->running);
    state_bool(io, &m->atn_active);
    state_u16(io, &m->ack);
    state_u32(io, &m->reg_result);
    for (unsigned i = 0; i < MT_MAX_REGS; i++) {
        state_u32(io, &m->reg_addr[i]);
        state_u32(io, &m->reg_val[i]);
    }
    state_u8(io, &m->nregs);
    state_u32(io, &m->up_packets);
    state_u32(io, &m->up_bad);
    state_u32(io, &m->up_bytes);
    state_u32(io, &m->up_sum);
    state_u8(io, &m->cmd);
    state_u32(io, &m->idx);
    state_u32(io, &m->plen);
    state_bytes(io, m->in, sizeof m->in);
    state_u32(io, &m->data_len);
    state_u32(io, &m->data_sum);
    state_bytes(io, m->trl, sizeof m->trl);
    state_bool(io, &m->swallow);
    state_bool(io, &m->stream_nak);
    state_u32(io, &m->atn_req);
    state_bool(io, &m->frame_read);
    state_bytes(io, m->out, sizeof m->out);
    state_u32(io, &m->out_len);
    state_bytes(io, m->frame, sizeof m->frame);
    state_u32(io, &m->frame_len);
    state_u16(io, &m->frame_l);
    state_bool(io, &m->frame_pending);
    state_u8(io, &m->frame_no);
    state_u64(io, &m->atn_due);
    state_u64(io, &m->scan_due);
    state_u64(io, &m->full_end_due);
    state_u64(io, &m->repulse_due);
    for (unsigned i = 0; i < MT_MAX_FINGERS; i++) {
        MtSlot *s = &m->slot[i];
        uint16_t x = (uint16_t)s->hx, y = (uint16_t)s->hy, rx = (uint16_t)s->rx, ry = (uint16_t)s->ry;
        state_bool(io, &s->down);
        state_u16(io, &x);
        state_u16(io, &y);
        state_bool(io, &s->latched);
        state_bool(io, &s->reported);
        state_bool(io, &s->end_pending);
        state_u16(io, &rx);
        state_u16(io, &ry);
        state_u64(io, &s->rt);
        s->hx = (int16_t)x;
        s->hy = (int16_t)y;
        s->rx = (int16_t)rx;
        s->ry = (int16_t)ry;
    }
    state_bool(io, &m->reset_seen);
    state_bool(io, &m->reset_level);
    state_end(io);
    if (state_is_loading(io) && !state_error(io)) {
        /* Sanitise what a hostile state file could hold. */
        if (m->nregs > MT_MAX_REGS) m->nregs = MT_MAX_REGS;
        if (m->out_len > MT_OUT_MAX) m->out_len = MT_OUT_MAX;
        if (m->frame_len > MT_FRAME_MAX) {
            m->frame_len = 0;
            m->frame_pending = false;
        }
        if (m->cmd == MT_CMD_DATA) {
            /* The payload and trailer indices must stay inside plen. */
            uint32_t max = 255u << 10 | 255u << 2;
            if (m->data_len > max) m->data_len = max;
            if (m->plen != 10) m->plen = 10 + m->data_len + 4;
        }
        irq_set(m->atn, !m->atn_active);
        /* The scheduler's own state restores the EV_MULTITOUCH slot. */
    }
}

/* Back to the bootloader as at power-on: protocol, frames and ATN state go;
 * the host's fingers stay where they are (they are not the controller's). */
void mt_reset(MtDev *m)
{
    MtSlot keep[MT_MAX_FINGERS];
    memcpy(keep, m->slot, sizeof keep);
    IrqLine atn = m->atn;
    SpiTarget target = m->target;
    Scheduler *sched = m->sched;
    Log *log = m->log;
    bool cs_low = m->cs_low, reset_seen = m->reset_seen, reset_level = m->reset_level;
    memset(m, 0, sizeof *m);
    /* The wires keep their levels: a reset does not make the next change of
     * the reset line look like the first level seen. */
    m->reset_seen = reset_seen;
    m->reset_level = reset_level;
    m->sched = sched;
    m->log = log;
    m->target = target;
    m->atn = atn;
    m->cs_low = cs_low;
    m->ack = MT_ACK_OK;
    m->atn_due = SCHED_NEVER;
    m->scan_due = SCHED_NEVER;
    m->full_end_due = SCHED_NEVER;
    m->repulse_due = SCHED_NEVER;
    for (unsigned i = 0; i < MT_MAX_FINGERS; i++) {
        m->slot[i].down = keep[i].down;
        m->slot[i].hx = keep[i].hx;
        m->slot[i].hy = keep[i].hy;
    }
    sched_cancel(m->sched, EV_MULTITOUCH);
    irq_set(m->atn, true); /* ATN idles high */
}

void mt_reset_line(void *mt, unsigned n, bool level)
{
    (void)n;
    MtDev *m = mt;
    if (m->reset_seen && level == m->reset_level) return;
    bool first = !m->reset_seen;
    m->reset_seen = true;
    m->reset_level = level;
    if (first) return; /* the level at connect time is not a change */
    log_msg(m->log, LOG_DEV, MT_NAME, "reset line %s: back to the bootloader", level ? "high" : "low");
    mt_reset(m);
}

MtDev *mt_create(const DevEnv *env)
{
    MtDev *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->sched = env->sched;
    m->log = env->log;
    m->target = (SpiTarget){ .opaque = m, .exchange = mt_exchange };
    m->ack = MT_ACK_OK;
    m->atn_due = SCHED_NEVER;
    m->scan_due = SCHED_NEVER;
    m->full_end_due = SCHED_NEVER;
    m->repulse_due = SCHED_NEVER;
    sched_register(m->sched, EV_MULTITOUCH, mt_event, m);
    return m;
}

void mt_destroy(MtDev *m)
{
    if (!m) return;
    sched_cancel(m->sched, EV_MULTITOUCH);
    free(m);
}
