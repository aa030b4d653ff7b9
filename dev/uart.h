/* S5L8720 UART (Samsung S3C-style with Apple's S5L interrupt flags), 4 instances.
 * UART0 0x3CC00000 IRQ 0x18, UART1 0x3DB00000 IRQ 0x19, UART2 0x3DC00000 IRQ 0x1A,
 * UART3 0x3DD00000 IRQ 0x1B; window 0x100.  Sources: s5l8720-core.md section 18,
 * openiBoot's uart.c (divisor formula, UBAUD packing), the iPhone Linux port's
 * uart driver (UTRSTAT pending flags and UCON enable bits); notes in
 * docs/devices/uart.md.
 *
 * Modelled: ULCON/UCON/UFCON/UMCON/UTRSTAT/UERSTAT/UFSTAT/UMSTAT/UTXH/URXH/
 * UBAUD/UDIVSLOT; 16-entry TX and RX FIFOs (1-entry holding registers when
 * UFCON bit 0 is clear); byte timing from the frame format, divisor, sample
 * rate and the selected clock (PCLK or the 24 MHz crystal as UCLK); a
 * transmitter that hands a byte to the host backend when its frame ends
 * (EV_UART_TX(n)); a receiver that polls the backend once per frame time
 * (EV_UART_RX(n)); RX threshold, TX threshold, RX timeout and error
 * interrupts; loopback; DMA request lines for UCON DMA modes.
 * Not modelled: parity/framing/break errors (a host backend has none), auto
 * flow control (CTS always reads asserted), infrared mode, UDIVSLOT's
 * fractional adjustment (stored only), UART4.
 * Choices: the Apple S5L UART has no S5PV210 UINTP/UINTSP/UINTM block; its
 * interrupt pending bits are UTRSTAT[5:3], write 1 to clear, enabled by UCON
 * bits 7 (RX timeout), 12 (RX threshold) and 13 (TX threshold). */
#ifndef IPODSIM_DEV_UART_H
#define IPODSIM_DEV_UART_H

#include <stdbool.h>
#include <stdint.h>

#include "soc/device.h"
#include "soc/irq.h"

#define UART_COUNT 4
#define UART_FIFO_SIZE 16
#define UART_WINDOW 0x100

enum {
    UART_ULCON = 0x00,
    UART_UCON = 0x04,
    UART_UFCON = 0x08,
    UART_UMCON = 0x0C,
    UART_UTRSTAT = 0x10,
    UART_UERSTAT = 0x14,
    UART_UFSTAT = 0x18,
    UART_UMSTAT = 0x1C,
    UART_UTXH = 0x20,
    UART_URXH = 0x24,
    UART_UBAUD = 0x28,
    UART_UDIVSLOT = 0x2C,
};

/* ULCON */
#define ULCON_WORDLEN_MASK 0x3u          /* 5 + n data bits */
#define ULCON_STOP2 (1u << 2)
#define ULCON_PARITY_ON (1u << 5)        /* [5:3] = 1xx: a parity bit is sent */
/* UCON */
#define UCON_RXMODE_MASK 0x3u            /* 0 off, 1 IRQ/poll, 2/3 DMA */
#define UCON_TXMODE_SHIFT 2
#define UCON_LOOPBACK (1u << 5)
#define UCON_ERRINT_EN (1u << 6)
#define UCON_RXTO_EN (1u << 7)
#define UCON_CLKSEL_SHIFT 10             /* 0/2 PCLK, 1 UCLK0, 3 UCLK1 */
#define UCON_RXTH_EN (1u << 12)
#define UCON_TXTH_EN (1u << 13)
/* UFCON */
#define UFCON_FIFO_EN (1u << 0)
#define UFCON_RX_RESET (1u << 1)
#define UFCON_TX_RESET (1u << 2)
#define UFCON_RXTRIG_SHIFT 4             /* 4, 8, 12, 16 bytes */
#define UFCON_TXTRIG_SHIFT 6             /* 0, 4, 8, 12 bytes */
/* UTRSTAT */
#define UTRSTAT_RXDR (1u << 0)
#define UTRSTAT_TXBE (1u << 1)
#define UTRSTAT_TXE (1u << 2)
#define UTRSTAT_RXTO (1u << 3)           /* pending flags: write 1 to clear */
#define UTRSTAT_RXTH (1u << 4)
#define UTRSTAT_TXTH (1u << 5)
#define UTRSTAT_PENDING (UTRSTAT_RXTO | UTRSTAT_RXTH | UTRSTAT_TXTH)
/* UERSTAT */
#define UERSTAT_OVERRUN (1u << 0)
/* UFSTAT */
#define UFSTAT_RXFULL (1u << 8)
#define UFSTAT_TXFULL (1u << 9)
/* UMSTAT */
#define UMSTAT_CTS (1u << 0)
/* UBAUD (Apple packing) */
#define UBAUD_DIV_MASK 0xFFFFu
#define UBAUD_SAMPLE_SHIFT 16            /* 0 x16, 1 x8, 2 x4 */

/* Idle frame times after the last received byte before RX timeout. */
#define UART_RX_TIMEOUT_FRAMES 3

/* The host side of a UART.  write gets every byte whose frame completed;
 * read returns the next received byte or -1 when none is waiting. */
typedef struct UartBackend {
    void *opaque;
    void (*write)(void *opaque, uint8_t byte);
    int (*read)(void *opaque); /* -1 = no byte now */
} UartBackend;

typedef struct UartDev {
    DevEnv env;
    unsigned index;
    char name[8];
    uint32_t ulcon, ucon, ufcon, umcon, ubaud, udivslot;
    uint32_t pending;  /* UTRSTAT_PENDING bits latched */
    uint32_t uerstat;
    uint8_t tx_fifo[UART_FIFO_SIZE];
    uint8_t rx_fifo[UART_FIFO_SIZE];
    uint32_t tx_head, tx_count, rx_head, rx_count;
    bool tx_busy;      /* a frame is on the line (EV_UART_TX pending) */
    uint8_t tx_shift;  /* the byte of that frame */
    uint32_t rx_idle;  /* frame times since the last received byte */
    bool irq_level, tx_req_level, rx_req_level;
    UartBackend backend;
    IrqLine irq, tx_req, rx_req;
} UartDev;

extern const DeviceOps uart_ops;

UartDev *uart_create(const DevEnv *env, unsigned index);
void uart_set_backend(UartDev *u, const UartBackend *b); /* NULL = discard output, no input */
void uart_connect_irq(UartDev *u, IrqLine irq);
void uart_connect_dma(UartDev *u, IrqLine tx_req, IrqLine rx_req);

/* CPU cycles one frame takes with the current ULCON/UCON/UBAUD. */
uint64_t uart_frame_cycles(const UartDev *u);

#endif
