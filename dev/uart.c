/* S5L8720 UART: register file, FIFOs, line timing, interrupts (header block
 * and register map in dev/uart.h; docs/devices/uart.md). */
#include "dev/uart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "soc/clocks.h"
#include "soc/sched.h"
#include "soc/state.h"

static bool fifo_mode(const UartDev *u) { return u->ufcon & UFCON_FIFO_EN; }
static uint32_t fifo_cap(const UartDev *u) { return fifo_mode(u) ? UART_FIFO_SIZE : 1; }
static unsigned rx_mode(const UartDev *u) { return u->ucon & UCON_RXMODE_MASK; }
static unsigned tx_mode(const UartDev *u) { return (u->ucon >> UCON_TXMODE_SHIFT) & 3u; }

/* S3C2410 trigger encodings for a 16-byte FIFO. */
static uint32_t tx_trigger(const UartDev *u) { return 4u * ((u->ufcon >> UFCON_TXTRIG_SHIFT) & 3u); }
static uint32_t rx_trigger(const UartDev *u) { return 4u * (((u->ufcon >> UFCON_RXTRIG_SHIFT) & 3u) + 1); }

uint64_t uart_frame_cycles(const UartDev *u)
{
    unsigned bits = 1 + 5 + (u->ulcon & ULCON_WORDLEN_MASK) + ((u->ulcon & ULCON_PARITY_ON) ? 1 : 0) +
                    ((u->ulcon & ULCON_STOP2) ? 2 : 1);
    unsigned sel = (u->ucon >> UCON_CLKSEL_SHIFT) & 3u;
    uint64_t hz = (sel == 1 || sel == 3) ? CRYSTAL_HZ : PCLK_HZ;
    static const unsigned sample[4] = { 16, 8, 4, 16 }; /* 3 is reserved: treated as x16 */
    uint64_t div = (u->ubaud & UBAUD_DIV_MASK) + 1ull;
    uint64_t ticks = div * sample[(u->ubaud >> UBAUD_SAMPLE_SHIFT) & 3u] * bits;
    return clk_cycles(ticks, hz);
}

static void rx_push(UartDev *u, uint8_t b)
{
    if (u->rx_count >= fifo_cap(u)) {
        u->uerstat |= UERSTAT_OVERRUN;
        return;
    }
    u->rx_fifo[(u->rx_head + u->rx_count) % UART_FIFO_SIZE] = b;
    u->rx_count++;
}

/* Recompute pending flags, the interrupt line and the DMA request lines. */
static void uart_update(UartDev *u)
{
    bool fifo = fifo_mode(u);
    if (tx_mode(u) == 1 && (u->ucon & UCON_TXTH_EN) &&
        u->tx_count <= (fifo ? tx_trigger(u) : 0))
        u->pending |= UTRSTAT_TXTH;
    if (rx_mode(u) == 1 && (u->ucon & UCON_RXTH_EN) && u->rx_count >= (fifo ? rx_trigger(u) : 1))
        u->pending |= UTRSTAT_RXTH;

    uint32_t enabled = 0;
    if (u->ucon & UCON_TXTH_EN) enabled |= UTRSTAT_TXTH;
    if (u->ucon & UCON_RXTH_EN) enabled |= UTRSTAT_RXTH;
    if (u->ucon & UCON_RXTO_EN) enabled |= UTRSTAT_RXTO;
    bool level = (u->pending & enabled) || ((u->ucon & UCON_ERRINT_EN) && u->uerstat);
    if (level != u->irq_level) {
        u->irq_level = level;
        irq_set(u->irq, level);
    }

    bool txr = tx_mode(u) >= 2 && u->tx_count <= (fifo ? tx_trigger(u) : 0);
    if (txr != u->tx_req_level) {
        u->tx_req_level = txr;
        irq_set(u->tx_req, txr);
    }
    bool rxr = rx_mode(u) >= 2 && u->rx_count >= (fifo ? rx_trigger(u) : 1);
    if (rxr != u->rx_req_level) {
        u->rx_req_level = rxr;
        irq_set(u->rx_req, rxr);
    }
}

/* Start the next frame if the line is free and a byte waits. */
static void tx_start(UartDev *u, uint64_t from)
{
    if (u->tx_busy || u->tx_count == 0 || tx_mode(u) == 0) return;
    u->tx_shift = u->tx_fifo[u->tx_head];
    u->tx_head = (u->tx_head + 1) % UART_FIFO_SIZE;
    u->tx_count--;
    u->tx_busy = true;
    sched_add_at(u->env.sched, EV_UART_TX(u->index), from + uart_frame_cycles(u), 0);
}

static bool rx_poll_needed(const UartDev *u)
{
    if (rx_mode(u) == 0) return false;
    bool input = u->backend.read && !(u->ucon & UCON_LOOPBACK);
    bool timeout = (u->ucon & UCON_RXTO_EN) && u->rx_count && !(u->pending & UTRSTAT_RXTO) &&
                   u->rx_idle < UART_RX_TIMEOUT_FRAMES;
    return input || timeout;
}

static void rx_schedule(UartDev *u, uint64_t from)
{
    EventId ev = EV_UART_RX(u->index);
    if (!rx_poll_needed(u)) {
        sched_cancel(u->env.sched, ev);
        return;
    }
    if (!sched_pending(u->env.sched, ev)) sched_add_at(u->env.sched, ev, from + uart_frame_cycles(u), 0);
}

static void uart_tx_event(void *opaque, uint64_t param, uint64_t late)
{
    UartDev *u = opaque;
    (void)param;
    uint64_t now = sched_now(u->env.sched) - late;
    u->tx_busy = false;
    if (u->ucon & UCON_LOOPBACK) {
        rx_push(u, u->tx_shift);
        u->rx_idle = 0;
    } else if (u->backend.write) {
        u->backend.write(u->backend.opaque, u->tx_shift);
    }
    tx_start(u, now);
    uart_update(u);
    rx_schedule(u, now);
}

static void uart_rx_event(void *opaque, uint64_t param, uint64_t late)
{
    UartDev *u = opaque;
    (void)param;
    uint64_t now = sched_now(u->env.sched) - late;
    int b = -1;
    if (u->backend.read && !(u->ucon & UCON_LOOPBACK)) b = u->backend.read(u->backend.opaque);
    if (b >= 0) {
        rx_push(u, (uint8_t)b);
        u->rx_idle = 0;
    } else if (u->rx_idle < UART_RX_TIMEOUT_FRAMES) {
        u->rx_idle++;
        if (u->rx_idle == UART_RX_TIMEOUT_FRAMES && u->rx_count && (u->ucon & UCON_RXTO_EN) &&
            rx_mode(u) == 1)
            u->pending |= UTRSTAT_RXTO;
    }
    uart_update(u);
    if (rx_poll_needed(u)) sched_add_at(u->env.sched, EV_UART_RX(u->index), now + uart_frame_cycles(u), 0);
}

static uint32_t uart_reg_read(UartDev *u, uint32_t off)
{
    switch (off) {
    case UART_ULCON: return u->ulcon;
    case UART_UCON: return u->ucon;
    case UART_UFCON: return u->ufcon;
    case UART_UMCON: return u->umcon;
    case UART_UTRSTAT: {
        uint32_t v = u->pending;
        if (u->rx_count) v |= UTRSTAT_RXDR;
        if (u->tx_count == 0) v |= UTRSTAT_TXBE;
        if (u->tx_count == 0 && !u->tx_busy) v |= UTRSTAT_TXE;
        return v;
    }
    case UART_UERSTAT: {
        uint32_t v = u->uerstat;
        u->uerstat = 0;
        uart_update(u);
        return v;
    }
    case UART_UFSTAT: {
        uint32_t v = (u->rx_count & 0xFu) | ((u->tx_count & 0xFu) << 4);
        if (u->rx_count >= fifo_cap(u)) v |= UFSTAT_RXFULL;
        if (u->tx_count >= fifo_cap(u)) v |= UFSTAT_TXFULL;
        return v;
    }
    case UART_UMSTAT: return UMSTAT_CTS;
    case UART_UTXH: return 0;
    case UART_URXH: {
        if (!u->rx_count) return 0;
        uint32_t v = u->rx_fifo[u->rx_head];
        u->rx_head = (u->rx_head + 1) % UART_FIFO_SIZE;
        u->rx_count--;
        if (!u->rx_count) u->rx_idle = 0;
        uart_update(u);
        rx_schedule(u, sched_now(u->env.sched));
        return v;
    }
    case UART_UBAUD: return u->ubaud;
    case UART_UDIVSLOT: return u->udivslot;
    default:
        log_unimp(u->env.log, u->name, off, false, 4, 0);
        return 0;
    }
}

static uint32_t uart_read(void *opaque, uint32_t off, unsigned size)
{
    UartDev *u = opaque;
    unsigned shift = (off & 3u) * 8;
    uint32_t v = uart_reg_read(u, off & ~3u);
    if (size >= 4) return v;
    return (v >> shift) & ((1u << (8 * size)) - 1);
}

static void uart_write(void *opaque, uint32_t off, uint32_t val, unsigned size)
{
    UartDev *u = opaque;
    uint64_t now = sched_now(u->env.sched);
    if (size < 4) {
        unsigned shift = (off & 3u) * 8;
        uint32_t mask = ((1u << (8 * size)) - 1) << shift;
        uint32_t cur = 0;
        off &= ~3u;
        switch (off) {
        case UART_ULCON: cur = u->ulcon; break;
        case UART_UCON: cur = u->ucon; break;
        case UART_UFCON: cur = u->ufcon; break;
        case UART_UMCON: cur = u->umcon; break;
        case UART_UBAUD: cur = u->ubaud; break;
        case UART_UDIVSLOT: cur = u->udivslot; break;
        default: break; /* UTXH takes lane 0, UTRSTAT is W1C */
        }
        val = (cur & ~mask) | ((val << shift) & mask);
    }
    switch (off) {
    case UART_ULCON: u->ulcon = val & 0x7Fu; break;
    case UART_UCON:
        u->ucon = val & 0x7FFFu;
        tx_start(u, now);
        rx_schedule(u, now);
        break;
    case UART_UFCON:
        u->ufcon = val & 0xF1u;
        if (val & UFCON_RX_RESET) {
            u->rx_count = u->rx_head = 0;
            u->rx_idle = 0;
        }
        if (val & UFCON_TX_RESET) u->tx_count = u->tx_head = 0;
        if (u->rx_count > fifo_cap(u)) u->rx_count = fifo_cap(u);
        if (u->tx_count > fifo_cap(u)) u->tx_count = fifo_cap(u);
        rx_schedule(u, now);
        break;
    case UART_UMCON: u->umcon = val & 0xFFu; break;
    case UART_UTRSTAT: u->pending &= ~(val & UTRSTAT_PENDING); break;
    case UART_UTXH:
        if (u->tx_count >= fifo_cap(u)) {
            log_guest_error(u->env.log, u->name, off, "UTXH written with the TX FIFO full (byte lost)");
            break;
        }
        u->tx_fifo[(u->tx_head + u->tx_count) % UART_FIFO_SIZE] = (uint8_t)val;
        u->tx_count++;
        tx_start(u, now);
        break;
    case UART_UBAUD: u->ubaud = val & 0x3FFFFu; break;
    case UART_UDIVSLOT: u->udivslot = val & 0xFFFFu; break;
    case UART_UERSTAT:
    case UART_UFSTAT:
    case UART_UMSTAT:
    case UART_URXH:
        log_guest_error(u->env.log, u->name, off, "write to a read-only register");
        return;
    default:
        log_unimp(u->env.log, u->name, off, true, size, val);
        return;
    }
    uart_update(u);
}

static void uart_reset(void *opaque)
{
    UartDev *u = opaque;
    sched_cancel(u->env.sched, EV_UART_TX(u->index));
    sched_cancel(u->env.sched, EV_UART_RX(u->index));
    u->ulcon = u->ucon = u->ufcon = u->umcon = u->ubaud = u->udivslot = 0;
    u->pending = u->uerstat = 0;
    memset(u->tx_fifo, 0, sizeof u->tx_fifo);
    memset(u->rx_fifo, 0, sizeof u->rx_fifo);
    u->tx_head = u->tx_count = u->rx_head = u->rx_count = 0;
    u->tx_busy = false;
    u->tx_shift = 0;
    u->rx_idle = 0;
    uart_update(u);
}

static void uart_state(void *opaque, StateIO *io)
{
    UartDev *u = opaque;
    char tag[4] = { 'U', 'R', 'T', (char)('0' + u->index) };
    if (!state_begin(io, tag, 1)) return;
    state_u32(io, &u->ulcon);
    state_u32(io, &u->ucon);
    state_u32(io, &u->ufcon);
    state_u32(io, &u->umcon);
    state_u32(io, &u->ubaud);
    state_u32(io, &u->udivslot);
    state_u32(io, &u->pending);
    state_u32(io, &u->uerstat);
    state_bytes(io, u->tx_fifo, sizeof u->tx_fifo);
    state_bytes(io, u->rx_fifo, sizeof u->rx_fifo);
    state_u32(io, &u->tx_head);
    state_u32(io, &u->tx_count);
    state_u32(io, &u->rx_head);
    state_u32(io, &u->rx_count);
    state_bool(io, &u->tx_busy);
    state_u8(io, &u->tx_shift);
    state_u32(io, &u->rx_idle);
    state_bool(io, &u->irq_level);
    state_bool(io, &u->tx_req_level);
    state_bool(io, &u->rx_req_level);
    state_end(io);
    if (state_is_loading(io)) {
        /* Never trust indices from a file. */
        u->tx_head %= UART_FIFO_SIZE;
        u->rx_head %= UART_FIFO_SIZE;
        if (u->tx_count > UART_FIFO_SIZE) u->tx_count = UART_FIFO_SIZE;
        if (u->rx_count > UART_FIFO_SIZE) u->rx_count = UART_FIFO_SIZE;
    }
}

static void uart_destroy(void *opaque) { free(opaque); }

const DeviceOps uart_ops = {
    .name = "uart",
    .read = uart_read,
    .write = uart_write,
    .reset = uart_reset,
    .state = uart_state,
    .destroy = uart_destroy,
};

UartDev *uart_create(const DevEnv *env, unsigned index)
{
    if (index >= UART_COUNT) return NULL;
    UartDev *u = calloc(1, sizeof *u);
    if (!u) return NULL;
    u->env = *env;
    u->index = index;
    snprintf(u->name, sizeof u->name, "uart%u", index);
    sched_register(env->sched, EV_UART_TX(index), uart_tx_event, u);
    sched_register(env->sched, EV_UART_RX(index), uart_rx_event, u);
    return u;
}

void uart_set_backend(UartDev *u, const UartBackend *b)
{
    if (b) u->backend = *b;
    else memset(&u->backend, 0, sizeof u->backend);
    rx_schedule(u, sched_now(u->env.sched));
}

void uart_connect_irq(UartDev *u, IrqLine irq)
{
    u->irq = irq;
    irq_set(irq, u->irq_level);
}

void uart_connect_dma(UartDev *u, IrqLine tx_req, IrqLine rx_req)
{
    u->tx_req = tx_req;
    u->rx_req = rx_req;
    irq_set(tx_req, u->tx_req_level);
    irq_set(rx_req, u->rx_req_level);
}
