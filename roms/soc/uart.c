/* UART0 console: 115200 8N1 clocked from the 24 MHz crystal (UCON[11:10] =
 * 1, UBAUD divisor 12: 24e6 / (16 * 13) = 115385 baud), FIFOs on.
 * Transmit is interrupt driven: bytes go to a ring buffer; the TX-threshold
 * interrupt (UCON bit 13, pending UTRSTAT bit 5, trigger level 4 bytes)
 * refills the 16-byte FIFO from it and is switched off when the ring runs
 * dry.  Before uart_irq_mode() (and after a fatal exception) output is
 * polled. */
#include <stdarg.h>

#include "soc.h"

#define RING 8192u
static volatile bool draining; /* uart_flush sleeps until the FIFO is empty */
static char ring[RING];
static volatile uint32_t ring_head, ring_tail; /* head: next to send; tail: next free */
volatile uint32_t uart_tx_irqs, uart_tx_irq_bytes, uart_tx_queued;
volatile bool uart_polled = true;

#define U(r) (UART0_BASE + (r))
#define UCON_BASE (UCON_RX_IRQ | UCON_TX_IRQ | UCON_CLK_UCLK0)

void uart_init(void)
{
    wr32(U(UCON), 0);
    wr32(U(UFCON), UFCON_FIFO_EN | UFCON_RX_RESET | UFCON_TX_RESET | UFCON_TXTRIG_4);
    wr32(U(ULCON), 3);          /* 8 data bits, 1 stop, no parity */
    wr32(U(UBAUD), 12);         /* x16 sampling, divisor 12 + 1 */
    wr32(U(UMCON), 0);
    wr32(U(UCON), UCON_BASE);
    wr32(U(UTRSTAT), UTRSTAT_TXTH | 0x18); /* clear stale pending flags */
    ring_head = ring_tail = 0;
    uart_polled = true;
}

void uart_putc_poll(char c)
{
    while (rd32(U(UFSTAT)) & UFSTAT_TXFULL) {}
    wr32(U(UTXH), (uint8_t)c);
}

void uart_puts_poll(const char *s)
{
    while (*s) uart_putc_poll(*s++);
}

/* Move bytes from the ring into the FIFO (interrupts masked). */
static void fill_fifo(bool from_irq)
{
    while (ring_head != ring_tail && !(rd32(U(UFSTAT)) & UFSTAT_TXFULL)) {
        wr32(U(UTXH), (uint8_t)ring[ring_head % RING]);
        ring_head++;
        if (from_irq) uart_tx_irq_bytes++;
    }
}

static void uart_irq(void)
{
    uint32_t st = rd32(U(UTRSTAT));
    if (st & UTRSTAT_TXTH) {
        uart_tx_irqs++;
        fill_fifo(true);
        if (ring_head == ring_tail) {
            wr32(U(UCON), UCON_BASE); /* nothing left: threshold IRQ off */
            draining = false;
        }
        wr32(U(UTRSTAT), UTRSTAT_TXTH);
    }
    if (st & 0x18) wr32(U(UTRSTAT), st & 0x18); /* RX flags: not used */
}

/* Start the transmitter on what the ring holds (interrupts masked). */
static void kick(void)
{
    if (rd32(U(UCON)) & UCON_TXTH_EN) return; /* the IRQ is already feeding */
    fill_fifo(false);
    if (ring_head != ring_tail) {
        wr32(U(UTRSTAT), UTRSTAT_TXTH);
        wr32(U(UCON), UCON_BASE | UCON_TXTH_EN);
    }
}

void uart_irq_mode(void)
{
    vic_set_handler(IRQ_UART0, uart_irq, 0xE);
    vic_enable(IRQ_UART0);
    uart_polled = false;
}

void uart_putc(char c)
{
    if (uart_polled) {
        uart_putc_poll(c);
        return;
    }
    for (;;) {
        uint32_t s = irq_save();
        if (ring_tail - ring_head < RING) {
            ring[ring_tail % RING] = c;
            ring_tail++;
            uart_tx_queued++;
            kick();
            irq_restore(s);
            return;
        }
        if (s & 0x80) {
            /* Called with IRQs masked: feed the FIFO ourselves. */
            while (rd32(U(UFSTAT)) & UFSTAT_TXFULL) {}
            fill_fifo(false);
        } else {
            wfi();
        }
        irq_restore(s);
    }
}

void uart_puts(const char *s)
{
    while (*s) uart_putc(*s++);
}

void uart_flush(void)
{
    for (;;) {
        uint32_t s = irq_save();
        bool empty = ring_head == ring_tail;
        if (!empty) {
            if (s & 0x80) fill_fifo(false);
            else wfi(); /* the TX interrupt wakes us */
        }
        irq_restore(s);
        if (empty) break;
    }
    uint32_t s = irq_save();
    if (!(s & 0x80) && !uart_polled && UFSTAT_TXCNT(rd32(U(UFSTAT))) > 1) {
        /* Sleep while the FIFO drains: threshold 0 = interrupt when empty. */
        draining = true;
        wr32(U(UFCON), UFCON_FIFO_EN);
        wr32(U(UTRSTAT), UTRSTAT_TXTH);
        wr32(U(UCON), UCON_BASE | UCON_TXTH_EN);
        while (draining) {
            wfi();
            irq_restore(s);
            s = irq_save();
        }
        wr32(U(UFCON), UFCON_FIFO_EN | UFCON_TXTRIG_4);
    }
    irq_restore(s);
    while (!(rd32(U(UTRSTAT)) & UTRSTAT_TXE)) {}
}

/* ---- a small printf: %s %c %d %u %x %X with width, zero pad and 'l' ---- */
static void out_num(uint32_t v, unsigned base, bool neg, int width, char pad, bool upper)
{
    char buf[12];
    int n = 0;
    const char *dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
        buf[n++] = dig[v % base];
        v /= base;
    } while (v);
    if (neg) {
        if (pad == '0') {
            uart_putc('-');
        } else {
            buf[n++] = '-';
        }
        width--;
    }
    for (int i = n; i < width; i++) uart_putc(pad);
    while (n) uart_putc(buf[--n]);
}

void kvprintf(const char *fmt, va_list ap);
void kvprintf(const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            uart_putc(*fmt);
            continue;
        }
        fmt++;
        char pad = ' ';
        int width = 0;
        if (*fmt == '0') {
            pad = '0';
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l') fmt++;
        switch (*fmt) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            int len = (int)strlen(s);
            for (int i = len; i < width; i++) uart_putc(' ');
            uart_puts(s);
            break;
        }
        case 'c': uart_putc((char)va_arg(ap, int)); break;
        case 'd': {
            int v = va_arg(ap, int);
            out_num(v < 0 ? 0u - (uint32_t)v : (uint32_t)v, 10, v < 0, width, pad, false);
            break;
        }
        case 'u': out_num(va_arg(ap, uint32_t), 10, false, width, pad, false); break;
        case 'x': out_num(va_arg(ap, uint32_t), 16, false, width, pad, false); break;
        case 'X': out_num(va_arg(ap, uint32_t), 16, false, width, pad, true); break;
        case '%': uart_putc('%'); break;
        case 0: return;
        default: uart_putc('%'); uart_putc(*fmt); break;
        }
    }
}

void kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
}
