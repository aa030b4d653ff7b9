/* S5L8720 SPI controller: registers, FIFOs and word-by-word transfers in
 * emulated time.  Register map, timing formula and choices: dev/spi.h and
 * docs/devices/spi.md. */
#include "dev/spi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "soc/clocks.h"
#include "soc/state.h"

struct SpiDev {
    Scheduler *sched;
    Log *log;
    unsigned index;
    char name[8];
    IrqLine irq;
    bool irq_level;
    SpiTarget targets[SPI_MAX_TARGETS];
    unsigned ntargets;

    uint32_t control, setup, flags, pin, clkdiv, rxcnt, word_delay, txcnt;
    uint32_t unk[4];
    uint32_t txfifo[SPI_FIFO_DEPTH], rxfifo[SPI_FIFO_DEPTH];
    uint32_t tx_head, tx_count, rx_head, rx_count;

    /* The word in the shift register (busy while the EV_SPI event is due). */
    bool busy, shift_dummy;
    uint32_t shift_out, shift_bits;
    /* The current run of back-to-back words: word k of the run ends at
     * seg_start + cycles((k + 1) * seg_ticks source ticks). */
    bool seg_valid;
    uint64_t seg_start, seg_words, seg_ticks, seg_hz;
};

static unsigned word_bits(SpiDev *s)
{
    switch ((s->setup & SPI_SETUP_WORD_MASK) >> SPI_SETUP_WORD_SHIFT) {
    case 0: return 8;
    case 1: return 16;
    case 2: return 32;
    default:
        log_guest_error(s->log, s->name, SPI_SETUP, "reserved word size 3 (treated as 32 bits)");
        return 32;
    }
}

static uint32_t word_mask(unsigned bits) { return bits >= 32 ? 0xFFFFFFFFu : (1u << bits) - 1; }

static void update_irq(SpiDev *s)
{
    bool level = ((s->flags & SPI_STATUS_RXREADY) && (s->setup & SPI_SETUP_IE_RXREADY)) ||
                 ((s->flags & SPI_STATUS_TXEMPTY) && (s->setup & SPI_SETUP_IE_TXEMPTY)) ||
                 ((s->flags & SPI_STATUS_COMPLETE) && (s->setup & SPI_SETUP_IE_COMPLETE));
    if (level != s->irq_level) {
        s->irq_level = level;
        irq_set(s->irq, level);
    }
}

/* CPU cycles from the run start to the end of its n-th word (rounded up). */
static uint64_t seg_cycles(const SpiDev *s, uint64_t n)
{
    unsigned __int128 c = (unsigned __int128)n * s->seg_ticks * CPU_HZ + (s->seg_hz - 1);
    c /= s->seg_hz;
    return c > UINT64_MAX ? UINT64_MAX : (uint64_t)c;
}

/* Start the next word if one can go.  `when` is the time the previous word
 * ended (continuing a run) or now (a register write kicked the engine). */
static void try_start(SpiDev *s, uint64_t when, bool continuing)
{
    if (s->busy) return; /* the event continues the run */
    if (!(s->control & SPI_CONTROL_RUN)) {
        s->seg_valid = false;
        return;
    }
    bool tx = s->txcnt > 0 && s->tx_count > 0;
    bool dummy = !tx && (s->setup & SPI_SETUP_AGD) && s->rxcnt > 0 && s->tx_count == 0 &&
                 s->rx_count < SPI_FIFO_DEPTH;
    if (!tx && !dummy) {
        s->seg_valid = false;
        return;
    }
    unsigned bits = word_bits(s);
    uint32_t div = s->clkdiv ? s->clkdiv : 1;
    uint64_t ticks = (uint64_t)bits * div + s->word_delay;
    uint64_t hz = (s->setup & SPI_SETUP_CLKSRC_NCLK) ? CRYSTAL_HZ : PCLK_HZ;
    if (!continuing || !s->seg_valid || ticks != s->seg_ticks || hz != s->seg_hz) {
        s->seg_valid = true;
        s->seg_start = when;
        s->seg_words = 0;
        s->seg_ticks = ticks;
        s->seg_hz = hz;
    }
    if (tx) {
        s->shift_out = s->txfifo[s->tx_head] & word_mask(bits);
        s->tx_head = (s->tx_head + 1) % SPI_FIFO_DEPTH;
        s->tx_count--;
        if (s->tx_count == 0) s->flags |= SPI_STATUS_TXEMPTY;
    } else {
        s->shift_out = word_mask(bits);
    }
    s->shift_dummy = dummy;
    s->shift_bits = bits;
    s->busy = true;
    s->seg_words++;
    sched_add_at(s->sched, EV_SPI(s->index), s->seg_start + seg_cycles(s, s->seg_words), 0);
}

static uint32_t bus_exchange(SpiDev *s, uint32_t out, unsigned bits)
{
    uint32_t in = word_mask(bits);
    for (unsigned i = 0; i < s->ntargets; i++)
        in &= s->targets[i].exchange(s->targets[i].opaque, out, bits);
    return in & word_mask(bits);
}

static void spi_word_done(void *opaque, uint64_t param, uint64_t late)
{
    SpiDev *s = opaque;
    (void)param;
    if (!s->busy) return;
    uint64_t end = sched_now(s->sched) - late;
    uint32_t in = bus_exchange(s, s->shift_out, s->shift_bits);
    s->busy = false;
    if (!s->shift_dummy && s->txcnt > 0) s->txcnt--;
    if (s->rxcnt > 0) {
        if (s->rx_count < SPI_FIFO_DEPTH) {
            s->rxfifo[(s->rx_head + s->rx_count) % SPI_FIFO_DEPTH] = in;
            s->rx_count++;
            s->flags |= SPI_STATUS_RXREADY;
        } else {
            s->flags |= SPI_STATUS_RXOVERFLOW;
            log_guest_error(s->log, s->name, SPI_RXDATA, "RX FIFO overflow, word dropped");
        }
        s->rxcnt--;
    }
    if (s->rxcnt == 0 && s->txcnt == 0) s->flags |= SPI_STATUS_COMPLETE;
    try_start(s, end, true);
    update_irq(s);
}

static void kick(SpiDev *s)
{
    try_start(s, sched_now(s->sched), false);
    update_irq(s);
}

static uint32_t reg_read(SpiDev *s, uint32_t off, bool side_effects)
{
    switch (off) {
    case SPI_CONTROL: return s->control;
    case SPI_SETUP: return s->setup;
    case SPI_STATUS:
        return s->flags | (s->tx_count << SPI_STATUS_TXLEVEL_SHIFT) |
               (s->rx_count << SPI_STATUS_RXLEVEL_SHIFT);
    case SPI_PIN: return s->pin;
    case SPI_TXDATA:
        log_guest_error(s->log, s->name, off, "read of write-only TXDATA");
        return 0;
    case SPI_RXDATA: {
        if (s->rx_count == 0) {
            if (side_effects) log_guest_error(s->log, s->name, off, "RXDATA read with the RX FIFO empty");
            return 0;
        }
        uint32_t v = s->rxfifo[s->rx_head];
        if (side_effects) {
            s->rx_head = (s->rx_head + 1) % SPI_FIFO_DEPTH;
            s->rx_count--;
            kick(s); /* a receive-only run may be waiting for room */
        }
        return v;
    }
    case SPI_CLKDIVIDER: return s->clkdiv;
    case SPI_RXCNT: return s->rxcnt;
    case SPI_WORD_DELAY: return s->word_delay;
    case SPI_TXCNT: return s->txcnt;
    default:
        if (off >= SPI_UNK4 && off <= SPI_UNK7) return s->unk[(off - SPI_UNK4) / 4];
        log_unimp(s->log, s->name, off, false, 4, 0);
        return 0;
    }
}

static uint32_t spi_read(void *opaque, uint32_t off, unsigned size)
{
    SpiDev *s = opaque;
    uint32_t shift = 8 * (off & 3);
    if (size != 4 && size != 2 && size != 1) {
        log_unimp(s->log, s->name, off, false, size, 0);
        return 0;
    }
    /* Only an access that starts at the register pops RXDATA. */
    uint32_t v = reg_read(s, off & ~3u, (off & 3) == 0);
    v >>= shift;
    return size == 4 ? v : v & ((1u << (8 * size)) - 1);
}

static void reg_write(SpiDev *s, uint32_t off, uint32_t val, uint32_t mask)
{
    switch (off) {
    case SPI_CONTROL:
        if (val & mask & SPI_CONTROL_TX_RESET) s->tx_head = s->tx_count = 0;
        if (val & mask & SPI_CONTROL_RX_RESET) s->rx_head = s->rx_count = 0;
        s->control = ((s->control & ~mask) | (val & mask)) & ~(SPI_CONTROL_TX_RESET | SPI_CONTROL_RX_RESET);
        kick(s);
        break;
    case SPI_SETUP:
        s->setup = (s->setup & ~mask) | (val & mask);
        kick(s);
        break;
    case SPI_STATUS:
        s->flags &= ~(val & mask & SPI_STATUS_FLAGS);
        /* Conditions still true assert their flag again at once. */
        if (s->rx_count) s->flags |= SPI_STATUS_RXREADY;
        if (!s->tx_count) s->flags |= SPI_STATUS_TXEMPTY;
        kick(s);
        break;
    case SPI_PIN: s->pin = (s->pin & ~mask) | (val & mask); break;
    case SPI_TXDATA:
        if (s->tx_count >= SPI_FIFO_DEPTH) {
            log_guest_error(s->log, s->name, off, "TXDATA write with the TX FIFO full, word dropped");
            break;
        }
        s->txfifo[(s->tx_head + s->tx_count) % SPI_FIFO_DEPTH] = val & mask;
        s->tx_count++;
        kick(s);
        break;
    case SPI_RXDATA: log_guest_error(s->log, s->name, off, "write to read-only RXDATA"); break;
    case SPI_CLKDIVIDER: s->clkdiv = ((s->clkdiv & ~mask) | (val & mask)) & SPI_CLKDIV_MASK; break;
    case SPI_RXCNT:
        s->rxcnt = (s->rxcnt & ~mask) | (val & mask);
        kick(s);
        break;
    case SPI_WORD_DELAY: s->word_delay = (s->word_delay & ~mask) | (val & mask); break;
    case SPI_TXCNT:
        s->txcnt = (s->txcnt & ~mask) | (val & mask);
        kick(s);
        break;
    default:
        if (off >= SPI_UNK4 && off <= SPI_UNK7) {
            uint32_t *r = &s->unk[(off - SPI_UNK4) / 4];
            *r = (*r & ~mask) | (val & mask);
            break;
        }
        log_unimp(s->log, s->name, off, true, 4, val);
        break;
    }
}

static void spi_write(void *opaque, uint32_t off, uint32_t val, unsigned size)
{
    SpiDev *s = opaque;
    if (size != 4 && size != 2 && size != 1) {
        log_unimp(s->log, s->name, off, true, size, val);
        return;
    }
    uint32_t shift = 8 * (off & 3);
    uint32_t mask = (size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1) << shift;
    if ((off & ~3u) == SPI_TXDATA) {
        /* A narrow store to TXDATA pushes the stored value as one word. */
        if (off & 3) {
            log_guest_error(s->log, s->name, off, "unaligned TXDATA store ignored");
            return;
        }
        reg_write(s, SPI_TXDATA, val, 0xFFFFFFFFu >> (32 - 8 * size));
        return;
    }
    reg_write(s, off & ~3u, val << shift, mask);
}

static void spi_reset(void *opaque)
{
    SpiDev *s = opaque;
    sched_cancel(s->sched, EV_SPI(s->index));
    s->control = s->setup = s->flags = s->pin = s->clkdiv = 0;
    s->rxcnt = s->word_delay = s->txcnt = 0;
    memset(s->unk, 0, sizeof s->unk);
    memset(s->txfifo, 0, sizeof s->txfifo);
    memset(s->rxfifo, 0, sizeof s->rxfifo);
    s->tx_head = s->tx_count = s->rx_head = s->rx_count = 0;
    s->busy = s->shift_dummy = false;
    s->shift_out = 0;
    s->shift_bits = 8;
    s->seg_valid = false;
    s->seg_start = s->seg_words = s->seg_ticks = 0;
    s->seg_hz = PCLK_HZ;
    s->irq_level = false;
    irq_set(s->irq, false);
}

static void spi_state(void *opaque, StateIO *io)
{
    SpiDev *s = opaque;
    if (!state_begin(io, "SPI ", 1)) return;
    state_u32(io, &s->control);
    state_u32(io, &s->setup);
    state_u32(io, &s->flags);
    state_u32(io, &s->pin);
    state_u32(io, &s->clkdiv);
    state_u32(io, &s->rxcnt);
    state_u32(io, &s->word_delay);
    state_u32(io, &s->txcnt);
    for (unsigned i = 0; i < 4; i++)
        state_u32(io, &s->unk[i]);
    for (unsigned i = 0; i < SPI_FIFO_DEPTH; i++) {
        state_u32(io, &s->txfifo[i]);
        state_u32(io, &s->rxfifo[i]);
    }
    state_u32(io, &s->tx_head);
    state_u32(io, &s->tx_count);
    state_u32(io, &s->rx_head);
    state_u32(io, &s->rx_count);
    state_bool(io, &s->busy);
    state_bool(io, &s->shift_dummy);
    state_u32(io, &s->shift_out);
    state_u32(io, &s->shift_bits);
    state_bool(io, &s->seg_valid);
    state_u64(io, &s->seg_start);
    state_u64(io, &s->seg_words);
    state_u64(io, &s->seg_ticks);
    state_u64(io, &s->seg_hz);
    state_bool(io, &s->irq_level);
    state_end(io);
    if (state_is_loading(io)) {
        /* Clamp what a hostile file could put out of range. */
        s->tx_head %= SPI_FIFO_DEPTH;
        s->rx_head %= SPI_FIFO_DEPTH;
        if (s->tx_count > SPI_FIFO_DEPTH) s->tx_count = SPI_FIFO_DEPTH;
        if (s->rx_count > SPI_FIFO_DEPTH) s->rx_count = SPI_FIFO_DEPTH;
        if (s->shift_bits != 8 && s->shift_bits != 16) s->shift_bits = 32;
        if (!s->seg_hz) s->seg_hz = PCLK_HZ;
        s->clkdiv &= SPI_CLKDIV_MASK;
        irq_set(s->irq, s->irq_level);
    }
}

static void spi_destroy(void *opaque) { free(opaque); }

const DeviceOps spi_ops = {
    .name = "spi",
    .read = spi_read,
    .write = spi_write,
    .reset = spi_reset,
    .state = spi_state,
    .destroy = spi_destroy,
};

SpiDev *spi_create(const DevEnv *env, unsigned index)
{
    if (index >= SPI_COUNT) return NULL;
    SpiDev *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->sched = env->sched;
    s->log = env->log;
    s->index = index;
    snprintf(s->name, sizeof s->name, "spi%u", index);
    sched_register(s->sched, EV_SPI(index), spi_word_done, s);
    spi_reset(s);
    return s;
}

void spi_connect_irq(SpiDev *s, IrqLine irq)
{
    s->irq = irq;
    irq_set(irq, s->irq_level);
}

bool spi_attach(SpiDev *s, const SpiTarget *t)
{
    if (s->ntargets >= SPI_MAX_TARGETS || !t || !t->exchange) return false;
    s->targets[s->ntargets++] = *t;
    return true;
}
