/* S5L8720 MIPI-DSIM: the Samsung DSI master that carries commands to the
 * Pinot panel and reads its ID back.
 *
 * Base 0x3D800000, window 0x10000, no VIC input wired (sheet section 0; an
 * interrupt output exists on the block, mipi_dsi_connect_irq lets the
 * machine wire it if it ever needs to).  Sources: s5l8720-storage-display-io
 * sections 5.1 (registers), 5.2 (what Apple's drivers need), 5.3 (read-back),
 * 5.5 (openiBoot's init order) and 15 (latencies); details and choices in
 * docs/devices/mipi_dsi.md.
 *
 * Modelled: every status bit a driver polls, as a small state machine whose
 * transitions complete after a latency (one scheduler slot, EV_MIPI, due at
 * the earliest pending transition; register accesses first apply every
 * transition that is already due, so reads are exact at any cycle):
 *   STATUS bit 20 (software reset done) 1 us after SWRST;
 *   STATUS bit 31 (PLL stable) PLLTMR crystal ticks after PLLCTRL bit 23 rises;
 *   STATUS bits 0-9 (data/clock lane STOP/ULPS) follow CONFIG lane enables and
 *     the ESCMODE requests (ULPS entry on a rising request, exit on a rising
 *     exit bit or a cleared request, force-STOP) 1 us (STOP) / 5 us (ULPS)
 *     after the write;
 *   STATUS bit 10 (HS clock ready) follows CLKCTRL bit 31 after 1 us;
 *   FIFOCTRL bit 22 (header FIFO empty) clears on a PKTHDR write and sets when
 *     the last queued packet has been sent (LP escape or HS byte times);
 *   read requests (data types 0x04/0x14/0x24/0x06) are answered by the
 *     attached DsiPeripheral after a bus turnaround: the response lands in the
 *     RX FIFO (FIFOCTRL bit 24 = RX empty clears) and INTSRC bit 18 sets.
 * Every sent packet (short header, long packet with its PAYLOAD bytes) is
 * forwarded to the peripheral when its transmission ends.
 *
 * Not modelled: video-mode pixel streaming (the display pipe feeds the panel
 * directly in this emulator), the sub display, timeouts other than "no
 * peripheral attached" (INTSRC bit 21), the PHY tuning registers (stored),
 * clock prescalers (latencies are fixed).  Register values are kept across a
 * software reset; it flushes the FIFOs and the interrupt sources. */
#ifndef IPODSIM_DEV_MIPI_DSI_H
#define IPODSIM_DEV_MIPI_DSI_H

#include <stdbool.h>
#include <stdint.h>

#include "soc/device.h"

enum {
    DSIM_STATUS = 0x00,
    DSIM_SWRST = 0x04,
    DSIM_CLKCTRL = 0x08,
    DSIM_TIMEOUT = 0x0C,
    DSIM_CONFIG = 0x10,
    DSIM_ESCMODE = 0x14,
    DSIM_MDRESOL = 0x18,
    DSIM_MVPORCH = 0x1C,
    DSIM_MHPORCH = 0x20,
    DSIM_MSYNC = 0x24,
    DSIM_SDRESOL = 0x28,
    DSIM_INTSRC = 0x2C,
    DSIM_INTMSK = 0x30,
    DSIM_PKTHDR = 0x34,
    DSIM_PAYLOAD = 0x38,
    DSIM_RXFIFO = 0x3C,
    DSIM_FIFOTHLD = 0x40,
    DSIM_FIFOCTRL = 0x44,
    DSIM_MEMACCHR = 0x48,
    DSIM_PLLCTRL = 0x4C,
    DSIM_PLLTMR = 0x50,
    DSIM_PHYACCHR = 0x54,
    DSIM_PHYACCHR1 = 0x58,
};

/* STATUS */
#define DSIM_STATUS_STOP_DAT(n) (1u << (n))
#define DSIM_STATUS_ULPS_DAT(n) (1u << (4 + (n)))
#define DSIM_STATUS_STOP_CLK (1u << 8)
#define DSIM_STATUS_ULPS_CLK (1u << 9)
#define DSIM_STATUS_HSCLK_READY (1u << 10)
#define DSIM_STATUS_SWRST_DONE (1u << 20)
#define DSIM_STATUS_PLL_STABLE (1u << 31)
#define DSIM_STATUS_LANES 0x3FFu
/* CLKCTRL */
#define DSIM_CLKCTRL_HSCLK_REQ (1u << 31)
/* CONFIG */
#define DSIM_CONFIG_CLK_LANE (1u << 0)
#define DSIM_CONFIG_DAT_LANE(n) (1u << (1 + (n)))
/* ESCMODE */
#define DSIM_ESC_ULPS_CLK_EXIT (1u << 0)
#define DSIM_ESC_ULPS_CLK (1u << 1)
#define DSIM_ESC_ULPS_DAT_EXIT (1u << 2)
#define DSIM_ESC_ULPS_DAT (1u << 3)
#define DSIM_ESC_TX_LP (1u << 6)
#define DSIM_ESC_CMD_LP (1u << 7)
#define DSIM_ESC_FORCE_STOP (1u << 20)
/* INTSRC */
#define DSIM_INT_RX_ERR16 (1u << 16)
#define DSIM_INT_RX_DATA_DONE (1u << 18)
#define DSIM_INT_RX_TIMEOUT (1u << 21)
/* PLLCTRL */
#define DSIM_PLLCTRL_ENABLE (1u << 23)
/* FIFOCTRL: write = flush (bit 3 header+payload, bit 4 RX); read = levels. */
#define DSIM_FIFOCTRL_FLUSH_SFR (1u << 3)
#define DSIM_FIFOCTRL_FLUSH_RX (1u << 4)
#define DSIM_FIFOCTRL_SFR_EMPTY (1u << 22)
#define DSIM_FIFOCTRL_SFR_FULL (1u << 23)
#define DSIM_FIFOCTRL_RX_EMPTY (1u << 24)

#define DSIM_HDR_FIFO_DEPTH 16
#define DSIM_PAYLOAD_BYTES 2048
#define DSIM_RX_WORDS 64

/* Latencies (nanoseconds of emulated time; docs/devices/mipi_dsi.md). */
#define DSIM_SWRST_NS 1000u
#define DSIM_STOP_NS 1000u
#define DSIM_ULPS_NS 5000u
#define DSIM_HSCLK_NS 1000u
#define DSIM_PKT_NS 1000u          /* per packet: LP-11 -> escape entry / HS prepare */
#define DSIM_LP_BYTE_NS 1600u      /* escape mode, ~10 Mbit/s spaced one-hot */
#define DSIM_HS_BYTE_NS 20u        /* HS, 2 lanes */
#define DSIM_TURNAROUND_NS 10000u  /* BTA, peripheral answer, BTA back */

/* A DSI peripheral behind the DSIM (the panel).  write: a short packet
 * (data = data0, data1; len 2) or a long packet (data = payload; len = word
 * count) of DSI data type `type`.  read: a read request (types 0x04, 0x14,
 * 0x24 generic, 0x06 DCS) with its two header bytes in req; returns how many
 * response bytes it put in resp (at most max; 0 = no answer). */
typedef struct DsiPeripheral {
    void *opaque;
    void (*write)(void *opaque, uint8_t type, const uint8_t *data, unsigned len);
    unsigned (*read)(void *opaque, uint8_t type, const uint8_t *req, unsigned len, uint8_t *resp, unsigned max);
} DsiPeripheral;

/* DSI data types used here. */
#define DSI_DT_GENERIC_READ0 0x04
#define DSI_DT_GENERIC_READ1 0x14
#define DSI_DT_GENERIC_READ2 0x24
#define DSI_DT_DCS_SHORT_WRITE0 0x05
#define DSI_DT_DCS_SHORT_WRITE1 0x15
#define DSI_DT_DCS_READ 0x06
#define DSI_DT_SET_MAX_RETURN 0x37
#define DSI_DT_GENERIC_LONG_WRITE 0x29
#define DSI_DT_DCS_LONG_WRITE 0x39
#define DSI_RSP_GENERIC_SHORT1 0x11
#define DSI_RSP_GENERIC_SHORT2 0x12
#define DSI_RSP_GENERIC_LONG 0x1A
#define DSI_RSP_DCS_LONG 0x1C
#define DSI_RSP_DCS_SHORT1 0x21
#define DSI_RSP_DCS_SHORT2 0x22

typedef struct MipiDsiDev MipiDsiDev;

extern const DeviceOps mipi_dsi_ops;

MipiDsiDev *mipi_dsi_create(const DevEnv *env);
/* The peripheral is copied; NULL detaches. */
void mipi_dsi_attach(MipiDsiDev *m, const DsiPeripheral *p);
/* The block's interrupt output: INTSRC & ~INTMSK (not wired in the machine). */
void mipi_dsi_connect_irq(MipiDsiDev *m, IrqLine irq);

/* True for DSI data types that are long packets (word count + payload). */
bool dsi_type_is_long(uint8_t type);

#endif
