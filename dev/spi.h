/* S5L8720 SPI controller (Apple/Samsung block), five instances.
 *
 *   SPI0 0x3C300000 IRQ 9    NOR flash (boot ROM, iBoot)
 *   SPI1 0x3CE00000 IRQ 10   NOR flash (kernel)
 *   SPI2 0x3D200000 IRQ 11   -
 *   SPI3 0x3DA00000 IRQ 28   -
 *   SPI4 0x3E100000 IRQ 55   multitouch
 *
 * Sources: shared sheet s5l8720-core.md sections 9.1/9.2 and
 * s5l8720-storage-display-io.md section 6 (openiBoot spi.c/spi.h, qemu-ios
 * ipod_touch_spi.c).  Details: docs/devices/spi.md.
 *
 * Modelled: every register of section 9.1, 16-word TX and RX FIFOs, word
 * sizes 8/16/32, RUN / FIFO resets, TXCNT/RXCNT counting, the receive-only
 * (AGD) mode that clocks all-ones dummy words, the sticky W1C status flags
 * (RX ready, TX empty, RX overflow, complete) and the level IRQ of 9.2.
 * Words move one by one in emulated time (event EV_SPI(n)): a word takes
 *   bits * max(CLKDIVIDER, 1) + WORD_DELAY
 * ticks of the source clock (SETUP bit 14: 0 = PCLK_HZ, 1 = CRYSTAL_HZ), and
 * back-to-back words are timed from the start of the run so rounding never
 * accumulates.  The word leaves the TX FIFO when it starts; the exchange with
 * the targets, RX FIFO push, counter decrements and flags happen when it ends.
 *
 * Not modelled: CPOL/CPHA (targets see whole words), DMA mode (SETUP[6:5] = 2
 * transfers like PIO; no DMA request line), slave mode, the PIN register's
 * chip select (chip selects are GPIO lines the targets watch themselves).
 *
 * Choices where the sources are silent: WORD_DELAY counts source-clock ticks
 * and is added after every word; a received word that finds the RX FIFO full
 * during a TX-driven transfer is dropped and sets RX overflow (RXCNT still
 * counts it), while receive-only dummy words wait for room instead; word
 * size 3 is treated as 32 bits (logged); CLKDIVIDER keeps 11 bits ([Q] max). */
#ifndef IPODSIM_DEV_SPI_H
#define IPODSIM_DEV_SPI_H

#include <stdbool.h>
#include <stdint.h>

#include "soc/device.h"

#define SPI_COUNT 5
#define SPI_FIFO_DEPTH 16
#define SPI_MAX_TARGETS 4

/* A device on the bus.  exchange() gets the word the controller shifts out
 * (bits = 8, 16 or 32) and returns the word it shifts back.  The target
 * watches its own chip-select GPIO: when unselected it returns all ones.
 * The bus ANDs the answers of all targets (open-drain MISO), so an empty
 * bus reads all ones. */
typedef struct SpiTarget {
    void *opaque;
    uint32_t (*exchange)(void *opaque, uint32_t out, unsigned bits);
} SpiTarget;

enum SpiReg {
    SPI_CONTROL = 0x00,
    SPI_SETUP = 0x04,
    SPI_STATUS = 0x08,
    SPI_PIN = 0x0C,
    SPI_TXDATA = 0x10,
    SPI_RXDATA = 0x20,
    SPI_CLKDIVIDER = 0x30,
    SPI_RXCNT = 0x34,
    SPI_WORD_DELAY = 0x38,
    SPI_UNK4 = 0x3C, /* 0x3C..0x48: four unknown RW registers */
    SPI_UNK7 = 0x48,
    SPI_TXCNT = 0x4C,
};

#define SPI_CONTROL_RUN (1u << 0)
#define SPI_CONTROL_TX_RESET (1u << 2)
#define SPI_CONTROL_RX_RESET (1u << 3)

#define SPI_SETUP_AGD (1u << 0)          /* receive-only: clock dummy words */
#define SPI_SETUP_IE_RXREADY (1u << 7)
#define SPI_SETUP_IE_TXEMPTY (1u << 8)
#define SPI_SETUP_CLKSRC_NCLK (1u << 14) /* 0 = PCLK, 1 = 24 MHz crystal */
#define SPI_SETUP_WORD_SHIFT 15          /* [16:15]: 0 = 8, 1 = 16, 2 = 32 bits */
#define SPI_SETUP_WORD_MASK (3u << SPI_SETUP_WORD_SHIFT)
#define SPI_SETUP_IE_COMPLETE (1u << 21)

#define SPI_STATUS_RXREADY (1u << 0)
#define SPI_STATUS_TXEMPTY (1u << 1)
#define SPI_STATUS_RXOVERFLOW (1u << 3)
#define SPI_STATUS_TXLEVEL_SHIFT 6       /* [10:6] */
#define SPI_STATUS_RXLEVEL_SHIFT 11      /* [15:11] */
#define SPI_STATUS_COMPLETE (1u << 22)
#define SPI_STATUS_FLAGS \
    (SPI_STATUS_RXREADY | SPI_STATUS_TXEMPTY | SPI_STATUS_RXOVERFLOW | SPI_STATUS_COMPLETE)

#define SPI_CLKDIV_MASK 0x7FFu

typedef struct SpiDev SpiDev;

extern const DeviceOps spi_ops;

/* index 0..4 selects the event slot EV_SPI(index) and the log name. */
SpiDev *spi_create(const DevEnv *env, unsigned index);
void spi_connect_irq(SpiDev *s, IrqLine irq);
/* Up to SPI_MAX_TARGETS targets (copied); false when full. */
bool spi_attach(SpiDev *s, const SpiTarget *t);

#endif
