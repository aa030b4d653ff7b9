/* S5L8720 DMA controllers: ARM PrimeCell PL080, 2 instances, 8 channels each.
 * DMAC0 0x38200000 IRQ 0x10; DMAC1 0x38700000 (alias window 0x39900000) IRQ 0x11;
 * window 0x1000.  Sources: s5l8720-core.md section 17, the PL080 TRM register
 * descriptions (ARM DDI 0196), s5l8720-storage-display-io.md section 0 for the
 * request lines; docs/devices/dmac.md.
 *
 * Modelled: every PL080 register (interrupt status/clear, raw status,
 * EnbldChns, software burst/single/last requests, Configuration, Sync, the
 * channel SrcAddr/DestAddr/LLI/Control/Configuration, PrimeCell IDs), linked
 * lists, TC and error interrupts with the IE/ITC masks, Halt/Active,
 * M2M/M2P/P2M/P2P with the DMAC as flow controller, peripheral request lines
 * 0..15 (level: one burst per arbitration while high), fixed channel priority
 * (channel 0 highest, re-arbitrated after each burst), bus errors (error
 * interrupt, channel disabled), and transfer time on HCLK (one read beat plus
 * one write beat per element, 4 beats per LLI load) with data moved burst by
 * burst through EV_DMAC_CH(ctrl, ch).
 * Not modelled: peripheral-controlled flow (FlowCntrl 4..7 act as 0..3),
 * the two AHB masters as separate paths (one channel owns the bus at a time),
 * protection bits, AHB endianness (little-endian only), the lock bit, the
 * 4-word channel FIFO (data is moved per burst, never half-buffered),
 * integration test registers. */
#ifndef IPODSIM_DEV_DMAC_H
#define IPODSIM_DEV_DMAC_H

#include <stdbool.h>
#include <stdint.h>

#include "soc/device.h"
#include "soc/irq.h"

#define DMAC_COUNT 2
#define DMAC_CHANNELS 8
#define DMAC_REQ_LINES 16
#define DMAC_WINDOW 0x1000

enum {
    DMAC_INTSTATUS = 0x000,
    DMAC_INTTCSTATUS = 0x004,
    DMAC_INTTCCLEAR = 0x008,
    DMAC_INTERRORSTATUS = 0x00C,
    DMAC_INTERRCLR = 0x010,
    DMAC_RAWINTTCSTATUS = 0x014,
    DMAC_RAWINTERRORSTATUS = 0x018,
    DMAC_ENBLDCHNS = 0x01C,
    DMAC_SOFTBREQ = 0x020,
    DMAC_SOFTSREQ = 0x024,
    DMAC_SOFTLBREQ = 0x028,
    DMAC_SOFTLSREQ = 0x02C,
    DMAC_CONFIGURATION = 0x030,
    DMAC_SYNC = 0x034,
    DMAC_CH_BASE = 0x100,     /* channel n at 0x100 + 0x20 * n */
    DMAC_CH_STRIDE = 0x20,
    DMAC_CH_SRCADDR = 0x00,
    DMAC_CH_DESTADDR = 0x04,
    DMAC_CH_LLI = 0x08,
    DMAC_CH_CONTROL = 0x0C,
    DMAC_CH_CONFIG = 0x10,
    DMAC_PERIPHID0 = 0xFE0,   /* ..0xFEC, then PCellID0..3 at 0xFF0..0xFFC */
    DMAC_PCELLID0 = 0xFF0,
};

/* Configuration */
#define DMAC_CONF_E (1u << 0)
/* Channel Control */
#define DMAC_CTRL_SIZE_MASK 0xFFFu
#define DMAC_CTRL_SBSIZE_SHIFT 12
#define DMAC_CTRL_DBSIZE_SHIFT 15
#define DMAC_CTRL_SWIDTH_SHIFT 18
#define DMAC_CTRL_DWIDTH_SHIFT 21
#define DMAC_CTRL_SI (1u << 26)
#define DMAC_CTRL_DI (1u << 27)
#define DMAC_CTRL_I (1u << 31)
/* Channel Configuration */
#define DMAC_CCFG_E (1u << 0)
#define DMAC_CCFG_SRCPER_SHIFT 1
#define DMAC_CCFG_DSTPER_SHIFT 6
#define DMAC_CCFG_FLOW_SHIFT 11
#define DMAC_CCFG_IE (1u << 14)
#define DMAC_CCFG_ITC (1u << 15)
#define DMAC_CCFG_L (1u << 16)
#define DMAC_CCFG_A (1u << 17)
#define DMAC_CCFG_H (1u << 18)

/* Cost model, in HCLK cycles (docs/devices/dmac.md). */
#define DMAC_LLI_LOAD_HCLK 4u       /* four word reads of the next item */
#define DMAC_M2M_MIN_CHUNK 16u      /* memory-to-memory moves at least this many elements per event */

typedef struct DmacChan {
    uint32_t src, dst, lli, ctrl, cfg;
    bool busy;         /* owns the bus: EV_DMAC_CH pending for this channel */
    uint32_t chunk;    /* source elements moved when that event fires */
    uint32_t extra;    /* HCLK cycles owed (LLI load) added to the next burst */
} DmacChan;

typedef struct DmacDev {
    DevEnv env;
    unsigned index;
    char name[8];
    uint32_t config, sync;
    uint32_t raw_tc, raw_err;
    uint32_t req;      /* hardware request line levels */
    uint32_t soft_breq, soft_sreq, soft_lbreq, soft_lsreq;
    DmacChan ch[DMAC_CHANNELS];
    bool irq_level;
    IrqLine irq;
} DmacDev;

extern const DeviceOps dmac_ops;

DmacDev *dmac_create(const DevEnv *env, unsigned index);
void dmac_connect_irq(DmacDev *d, IrqLine irq);
/* IrqLine sink for peripheral DMA request line `line` (0..15). */
void dmac_request(void *dmac, unsigned line, bool level);

#endif
