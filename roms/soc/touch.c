/*
 * Zephyr2 multitouch driver (touch.h; docs/touch-firmware.md).
 *
 * Hardware (shared sheet s5l8720-storage-display-io.md sections 6, 7, 9;
 * docs/devices/spi.md, gpio.md, sysic.md, multitouch.md):
 *  - SPI4 (0x3E100000, VIC IRQ 55) as master, 8-bit words from PCLK
 *    (66.625 MHz).  Transfers go in chunks of at most 16 words (the FIFO
 *    depth): TXCNT = RXCNT = n, the words pushed, RUN, then WFI until the
 *    "complete" interrupt (SETUP bit 21).  The chip select is a GPIO, so a
 *    transaction may span any number of chunks.
 *  - Chip select GPIO 0xA07 and reset GPIO 0x606 are driven through the GPIO
 *    FSEL register (function 0xE = output low, 0xF = output high).
 *  - ATN: GPIO 0x1003, an input, active low = GPIO interrupt 0x9B = SYSIC
 *    group 4 bit 27, wired to VIC0 line 2.  Set up EDGE-triggered on the
 *    falling edge (INTTYPE bit 0, INTLEVEL bit 0), as openiBoot requests
 *    it: the controller holds ATN low until the frame has been read, so a
 *    level-low source would re-latch at once after every acknowledge and
 *    the handler would have to mask it until touch_read ran.  With an edge
 *    the handler only acknowledges and counts; whether a frame is waiting is
 *    read from the pin itself (touch_read), which also covers an ATN that
 *    was already low when the source was enabled.
 *
 * Clock rates: "fast" PCLK / 15 = 4.44 MHz for the bootloader's data
 * streams (openiBoot's 4.5 MHz upload rate); "normal" PCLK / 64 = 1.04 MHz
 * for everything else.  openiBoot's normal rate is 83 kHz with millisecond
 * chip-select delays, which would make a five-finger frame (171 bytes)
 * take 16 ms to read - a whole 60 Hz scan period; 1 MHz reads it in 1.3 ms.
 */
#include "touch.h"

#include "soc.h"

/* ---- SPI4 (registers in soc.h) ---- */
#define SPI_FIFO 16u
#define IRQ_SPI4 55u
#define SPI_DIV_FAST 15u   /* 66.625 MHz / 15 = 4.44 MHz */
#define SPI_DIV_NORMAL 64u /* 66.625 MHz / 64 = 1.04 MHz */
#define S4(r) (SPI_BASE(4) + (r))

/* Clock gate 0x12 (SPI4): GATES_2 bit 4 and GATES_4 bit 20, 1 = stopped
 * (sheet s5l8720-core.md 4.4). */
#define SPI4_GATE2 0x00000010u
#define SPI4_GATE4 0x00100000u

/* ---- ATN through the GPIO interrupt controller (registers in soc.h) ---- */
_Static_assert(TOUCH_ATN_GPIO_IRQ == GPIO_IRQ_OF(TOUCH_ATN_GPIO), "ATN pin and interrupt number disagree");
#define ATN_GROUP (TOUCH_ATN_GPIO_IRQ / 32u)           /* 4 */
#define ATN_BIT (1u << (TOUCH_ATN_GPIO_IRQ % 32u))     /* bit 27 */

/* ---- protocol (sheet 7.3-7.5) ---- */
#define ACK_OK 0x4BC1u
#define VERSION_REG 0x10008FFCu
#define VERSION_NO_FIXUPS 0x5A020028u
#define PXCL_ADDR 0x00400180u   /* proximity calibration destination */
#define MTCL_ADDR 0x00400200u   /* multitouch calibration destination */
#define CAL_CHUNK 0x3F0u        /* largest calibration chunk openiBoot sends */
#define FW_ADDR 0x00000000u
#define FW_PACKET 0x400u        /* payload bytes per firmware data packet */
#define FW_PACKETS 4u
#define PXCL_LEN 0x100u
#define MTCL_LEN 0x600u         /* two chunks: 0x3F0 + 0x210 */
#define FRAME_HEADER_LEN 24u
#define FINGER_LEN 28u
#define FRAME_DATA_MAX (FRAME_HEADER_LEN + TOUCH_MAX_FINGERS * FINGER_LEN)
#define FRAME_MAX (FRAME_DATA_MAX + 7u)

/* Waits, in emulated cycles (docs/touch-firmware.md "Waits"). */
#define MS(n) ((uint32_t)(n) * (CPU_HZ / 1000u))
#define US(n) ((uint32_t)(n) * (CPU_HZ / 1000000u))
#define RESET_LOW MS(1)      /* reset held low */
#define RESET_SETTLE MS(5)   /* bootloader start-up after the release */
#define ATN_TIMEOUT MS(2)    /* a bootloader packet's ATN (model: 100 us; openiBoot gives up at 1 ms) */
#define CAL_TIMEOUT MS(100)  /* 1F's ATN (65 ms) */
#define EXEC_WAIT MS(1)      /* execute -> first E2, as openiBoot */
#define IFACE_RETRY MS(3)    /* between E2 tries, as openiBoot */
#define QUERY_GAP US(25)     /* prepare -> fetch of a query, as openiBoot */
#define SPI_TIMEOUT MS(5)    /* one 16-word chunk takes at most 123 us */

volatile uint32_t touch_atn_irqs;
uint32_t touch_errors;
TouchBootLog touch_boot;

static volatile uint32_t spi_irqs;
static bool running;        /* firmware executing, frames may be read */
static bool flip_nop;
static uint8_t cur_nop = 1;
static uint32_t spi_div = SPI_DIV_NORMAL;
static bool irqs_installed;
static uint16_t last_report_len; /* E3 answer of the last touch_report */

/* ---- interrupts ---- */

static void spi4_irq(void)
{
    if (rd32(S4(SPI_STATUS)) & SPI_ST_COMPLETE) spi_irqs++;
    wr32(S4(SPI_STATUS), SPI_ST_ALL);
}

static void atn_irq(void)
{
    uint32_t st = rd32(GIC_INTSTAT(ATN_GROUP)) & rd32(GIC_INTEN(ATN_GROUP));
    if (st & ATN_BIT) {
        wr32(GIC_INTSTAT(ATN_GROUP), ATN_BIT);
        touch_atn_irqs++;
    }
    st &= ~ATN_BIT;
    if (st) { /* not ours: nothing else in group 4 is set up, keep the line from sticking */
        wr32(GIC_INTEN(ATN_GROUP), rd32(GIC_INTEN(ATN_GROUP)) & ~st);
        wr32(GIC_INTSTAT(ATN_GROUP), st);
    }
}

bool touch_atn_asserted(void)
{
    return !gpio_read(TOUCH_ATN_GPIO);
}

/* ---- SPI ---- */

static void cs(bool select) { gpio_set_function(TOUCH_CS_GPIO, select ? GPIO_FN_LOW : GPIO_FN_HIGH); }

static bool spi_chunk(const uint8_t *tx, uint8_t *rx, unsigned n)
{
    wr32(S4(SPI_CONTROL), SPI_CTL_FIFO_RESET);
    wr32(S4(SPI_STATUS), SPI_ST_ALL);
    wr32(S4(SPI_TXCNT), n);
    wr32(S4(SPI_RXCNT), rx ? n : 0);
    for (unsigned i = 0; i < n; i++) wr32(S4(SPI_TXDATA), tx ? tx[i] : 0);
    uint32_t target = spi_irqs + 1;
    wr32(S4(SPI_CONTROL), SPI_CTL_RUN);
    bool ok;
    if (cpsr_read() & 0x80) { /* IRQs masked: poll */
        uint32_t t0 = ccnt();
        while (!(ok = rd32(S4(SPI_STATUS)) & SPI_ST_COMPLETE) && ccnt() - t0 < SPI_TIMEOUT) {}
        wr32(S4(SPI_STATUS), SPI_ST_ALL);
    } else {
        ok = wait_count(&spi_irqs, target, SPI_TIMEOUT);
    }
    wr32(S4(SPI_CONTROL), 0);
    if (rx)
        for (unsigned i = 0; i < n; i++) rx[i] = (uint8_t)rd32(S4(SPI_RXDATA));
    return ok;
}

/* One transaction at the current clock rate. */
static bool xfer(const uint8_t *tx, uint8_t *rx, unsigned n)
{
    wr32(S4(SPI_CLKDIV), spi_div);
    cs(true);
    bool ok = true;
    for (unsigned off = 0; off < n && ok; off += SPI_FIFO) {
        unsigned k = n - off < SPI_FIFO ? n - off : SPI_FIFO;
        ok = spi_chunk(tx ? tx + off : NULL, rx ? rx + off : NULL, k);
    }
    cs(false);
    if (!ok) touch_errors++;
    return ok;
}

bool touch_xfer(const uint8_t *tx, uint8_t *rx, unsigned n)
{
    spi_div = SPI_DIV_NORMAL;
    return xfer(tx, rx, n);
}

static void spi_setup(void)
{
    wr32(CLK0_BASE + CLK_GATES2, rd32(CLK0_BASE + CLK_GATES2) & ~SPI4_GATE2);
    wr32(CLK0_BASE + CLK_GATES4, rd32(CLK0_BASE + CLK_GATES4) & ~SPI4_GATE4);
    cs(false);
    wr32(S4(SPI_CONTROL), SPI_CTL_FIFO_RESET);
    /* 8-bit words ([16:15] = 0), PCLK ([14] = 0), master, "complete" IRQ */
    wr32(S4(SPI_SETUP), SPI_SETUP_MASTER | SPI_SETUP_IRQ_COMPLETE);
    wr32(S4(SPI_CLKDIV), SPI_DIV_NORMAL);
    wr32(S4(SPI_STATUS), SPI_ST_ALL);
}

/* ---- GPIO interrupt ---- */

static void atn_setup(void)
{
    gpio_set_function(TOUCH_ATN_GPIO, GPIO_FN_INPUT);
    gpioic_start(NULL); /* GPIO-IC start-up handshake (sheet s5l8720-core.md 7.3), if not done yet */
    /* Falling edge: edge type, active-low polarity; stale status cleared before enabling. */
    wr32(GIC_INTEN(ATN_GROUP), rd32(GIC_INTEN(ATN_GROUP)) & ~ATN_BIT);
    wr32(GIC_INTTYPE(ATN_GROUP), rd32(GIC_INTTYPE(ATN_GROUP)) & ~ATN_BIT);
    wr32(GIC_INTLEVEL(ATN_GROUP), rd32(GIC_INTLEVEL(ATN_GROUP)) & ~ATN_BIT);
    wr32(GIC_INTSTAT(ATN_GROUP), ATN_BIT);
    wr32(GIC_INTEN(ATN_GROUP), rd32(GIC_INTEN(ATN_GROUP)) | ATN_BIT);
    if (!irqs_installed) {
        vic_set_handler(IRQ_GPIO_G4, atn_irq, 7);
        vic_set_handler(IRQ_SPI4, spi4_irq, 5);
        irqs_installed = true;
    }
    vic_enable(IRQ_GPIO_G4);
    vic_enable(IRQ_SPI4);
}

/* Wait for an ATN interrupt after the count n0; true if it came. */
static bool wait_atn(uint32_t n0, uint32_t timeout)
{
    return wait_count(&touch_atn_irqs, n0 + 1, timeout);
}

/* ---- bootloader (HBPP) ---- */

static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint16_t le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t le32(const uint8_t *p) { return le16(p) | (uint32_t)le16(p + 2) << 16; }

/* [a15..8, a7..0, a31..24, a23..16] */
static void put_mid32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
    p[2] = (uint8_t)(v >> 24);
    p[3] = (uint8_t)(v >> 16);
}

static uint32_t get_mid32(const uint8_t *p)
{
    return (uint32_t)p[0] << 8 | p[1] | (uint32_t)p[2] << 24 | (uint32_t)p[3] << 16;
}

static uint32_t sum(const uint8_t *p, unsigned n)
{
    uint32_t s = 0;
    while (n--) s += *p++;
    return s;
}

/* 1A A1: the ACK of the last operation (and, long form, the register result). */
static uint16_t hbpp_ack(uint32_t *value)
{
    static const uint8_t ack[8] = { 0x1A, 0xA1, 0x18, 0xE1, 0x18, 0xE1, 0x18, 0xE1 };
    uint8_t rx[8] = { 0 };
    spi_div = SPI_DIV_NORMAL;
    if (!xfer(ack, rx, value ? 8 : 2)) return 0;
    if (value) *value = get_mid32(rx + 2);
    return be16(rx);
}

/* Send a bootloader transaction, wait for its ATN, return the ACK (0 = no ATN). */
static uint16_t hbpp_send(const uint8_t *tx, unsigned n, bool fast, uint32_t timeout, uint32_t *value)
{
    uint32_t n0 = touch_atn_irqs;
    spi_div = fast ? SPI_DIV_FAST : SPI_DIV_NORMAL;
    if (!xfer(tx, NULL, n)) return 0;
    if (!wait_atn(n0, timeout)) return 0;
    return hbpp_ack(value);
}

/* The firmware image: any bytes will do (the model checksums, it does not
 * run them); a word counter pattern, sent as big-endian halfword pairs as the
 * real driver sends its image (d1 d0 d3 d2 ...). */
static uint8_t fw_byte(uint32_t i)
{
    uint32_t word = 0x5A000000u + i / 4 * 0x01010101u; /* word i/4 of the image, little-endian */
    unsigned b = i & 3u;
    unsigned src = b ^ 1u;                             /* swap the bytes of each halfword */
    return (uint8_t)(word >> (8 * src));
}

static uint8_t cal_byte(uint32_t base, uint32_t i) { return (uint8_t)(base + i * 13u); }

/* Build one 30 01 data packet at p (header, payload, trailer); returns its length. */
static unsigned data_packet(uint8_t *p, uint32_t addr, uint32_t len, uint8_t (*gen)(uint32_t, uint32_t),
                            uint32_t seed, uint32_t off)
{
    p[0] = 0x30;
    p[1] = 0x01;
    p[2] = (uint8_t)(len >> 10);
    p[3] = (uint8_t)(len >> 2);
    put_mid32(p + 4, addr);
    uint32_t hs = sum(p + 2, 6);
    p[8] = (uint8_t)(hs >> 8);
    p[9] = (uint8_t)hs;
    uint32_t ps = 0;
    for (uint32_t i = 0; i < len; i++) {
        uint8_t b = gen(seed, off + i);
        p[10 + i] = b;
        ps += b;
    }
    put_mid32(p + 10 + len, ps);
    return 10 + len + 4;
}

static uint8_t gen_fw(uint32_t seed, uint32_t i)
{
    (void)seed;
    return fw_byte(i);
}

static uint8_t pkt[FW_PACKETS * (FW_PACKET + 14)];

static bool upload_firmware(void)
{
    for (touch_boot.fw_tries = 1; touch_boot.fw_tries <= 5; touch_boot.fw_tries++) {
        unsigned n = 0;
        for (unsigned k = 0; k < FW_PACKETS; k++)
            n += data_packet(pkt + n, FW_ADDR + k * FW_PACKET, FW_PACKET, gen_fw, 0, k * FW_PACKET);
        touch_boot.fw_ack = hbpp_send(pkt, n, true, ATN_TIMEOUT, NULL);
        if (touch_boot.fw_ack == ACK_OK) return true;
    }
    touch_boot.fw_tries = 5;
    return false;
}

/* 18 E1 + one 30 01 packet per chunk of at most CAL_CHUNK bytes. */
static uint16_t upload_calibration(uint32_t addr, uint32_t len, uint32_t seed)
{
    uint16_t ack = 0;
    for (uint32_t off = 0; off < len; off += CAL_CHUNK) {
        uint32_t k = len - off < CAL_CHUNK ? len - off : CAL_CHUNK;
        pkt[0] = 0x18;
        pkt[1] = 0xE1;
        unsigned n = 2 + data_packet(pkt + 2, addr + off, k, cal_byte, seed, off);
        touch_boot.cal_chunks++;
        ack = hbpp_send(pkt, n, true, ATN_TIMEOUT, NULL);
        if (ack != ACK_OK) break;
    }
    return ack;
}

static bool read_reg(uint32_t addr, uint32_t *value, uint16_t *ack)
{
    uint8_t tx[8] = { 0x1C, 0x73 };
    put_mid32(tx + 2, addr);
    uint32_t s = sum(tx + 2, 4);
    tx[6] = (uint8_t)(s >> 8);
    tx[7] = (uint8_t)s;
    *ack = hbpp_send(tx, 8, false, ATN_TIMEOUT, value);
    return *ack == ACK_OK;
}

static void execute(void)
{
    uint8_t tx[12] = { 0x1D, 0x53, 0x18, 0x00, 0x10, 0x00, 0x00, 0x01, 0x00, 0x00 };
    uint32_t s = sum(tx + 2, 8);
    tx[10] = (uint8_t)(s >> 8);
    tx[11] = (uint8_t)s;
    spi_div = SPI_DIV_NORMAL;
    xfer(tx, NULL, 12); /* no ATN follows */
}

/* ---- application mode ---- */

static void app_finish(uint8_t *tx)
{
    uint32_t s = sum(tx, 14);
    tx[14] = (uint8_t)s;
    tx[15] = (uint8_t)(s >> 8);
}

static bool app_reply_ok(const uint8_t *rx, uint8_t cmd)
{
    bool ok = rx[0] == cmd && le16(rx + 14) == (uint16_t)sum(rx, 14);
    if (!ok) touch_errors++;
    return ok;
}

/* 16-byte query sent twice (prepare, fetch) as openiBoot does; the fetch counts. */
static bool app_query(uint8_t cmd, uint8_t b1, uint16_t size, uint8_t *rx)
{
    uint8_t tx[16] = { cmd, b1, 0, (uint8_t)size, (uint8_t)(size >> 8) };
    app_finish(tx);
    spi_div = SPI_DIV_NORMAL;
    if (!xfer(tx, rx, 16)) return false;
    sleep_cycles(QUERY_GAP);
    tx[2] = 1;
    app_finish(tx);
    if (!xfer(tx, rx, 16)) return false;
    return app_reply_ok(rx, cmd);
}

static bool iface_version(TouchInfo *info)
{
    uint8_t rx[16];
    for (touch_boot.iface_tries = 1; touch_boot.iface_tries <= 5; touch_boot.iface_tries++) {
        uint8_t tx[16] = { 0xE2 };
        app_finish(tx);
        spi_div = SPI_DIV_NORMAL;
        if (xfer(tx, rx, 16) && rx[0] == 0xE2 && le16(rx + 14) == (uint16_t)sum(rx, 14)) {
            info->iface_version = rx[2];
            info->max_packet = le16(rx + 3);
            return true;
        }
        sleep_cycles(IFACE_RETRY);
    }
    return false;
}

int touch_report(uint8_t id, uint8_t *buf, unsigned max, bool long_read)
{
    uint8_t rx[16];
    if (!app_query(0xE3, id, 0, rx) || rx[2] != 0) return -1;
    unsigned len = le16(rx + 3);
    last_report_len = (uint16_t)len;
    if (len > 11) long_read = true;
    if (len > 64) return -1;
    if (!long_read) {
        if (!app_query(0xE6, id, (uint16_t)len, rx)) return -1;
        for (unsigned i = 0; i < len && i < max; i++) buf[i] = rx[3 + i];
    } else {
        /* E7: data from byte 3, then the LE sum of bytes 0 .. len + 2. */
        uint8_t tx[69] = { 0xE7, id, 0, (uint8_t)len, (uint8_t)(len >> 8) };
        uint8_t lrx[69];
        spi_div = SPI_DIV_NORMAL;
        if (!xfer(tx, lrx, len + 5)) return -1;
        sleep_cycles(QUERY_GAP);
        tx[2] = 1;
        if (!xfer(tx, lrx, len + 5)) return -1;
        if (lrx[0] != 0xE7 || le16(lrx + 3 + len) != (uint16_t)sum(lrx, len + 3)) {
            touch_errors++;
            return -1;
        }
        for (unsigned i = 0; i < len && i < max; i++) buf[i] = lrx[3 + i];
    }
    return (int)(len < max ? len : max);
}

static bool read_reports(TouchInfo *info)
{
    uint8_t d[16];
    if (touch_report(0xD1, d, sizeof d, false) < 1) return false;
    touch_boot.report_len[0] = last_report_len;
    info->family_id = d[0];
    if (touch_report(0xD3, d, sizeof d, false) < 5) return false;
    touch_boot.report_len[1] = last_report_len;
    info->rows = d[1];
    info->columns = d[2];
    info->bcd_version = le16(d + 3); /* LE as the model and qemu-ios; openiBoot reads it BE (sheet 7.4) */
    if (touch_report(0xD9, d, sizeof d, false) < 8) return false;
    touch_boot.report_len[2] = last_report_len;
    info->width = le32(d);
    info->height = le32(d + 4);
    return true;
}

/* ---- public ---- */

static void reset_pulse(void)
{
    running = false;
    gpio_set_function(TOUCH_RESET_GPIO, GPIO_FN_LOW);
    sleep_cycles(RESET_LOW);
    gpio_set_function(TOUCH_RESET_GPIO, GPIO_FN_HIGH);
    sleep_cycles(RESET_SETTLE);
}

void touch_reset(void) { reset_pulse(); }

#define FAIL(step)                 \
    do {                           \
        touch_boot.failed = step;  \
        goto out;                  \
    } while (0)

bool touch_init(TouchInfo *info)
{
    TouchInfo scratch;
    if (!info) info = &scratch;
    memset(info, 0, sizeof *info);
    memset(&touch_boot, 0, sizeof touch_boot);
    uint32_t t0 = ccnt();
    bool ok = false;

    spi_setup();
    atn_setup();
    reset_pulse();

    /* Drain: acknowledge whatever the bootloader signalled since the reset. */
    wr32(GIC_INTSTAT(ATN_GROUP), ATN_BIT);
    while (touch_atn_asserted() && touch_boot.drained < 8) {
        hbpp_ack(NULL);
        touch_boot.drained++;
    }
    touch_boot.hello_ack = hbpp_ack(NULL);
    if (touch_boot.hello_ack != ACK_OK) FAIL("bootloader hello (1A A1)");

    if (!upload_firmware()) FAIL("firmware upload");
    touch_boot.cal_ack[0] = upload_calibration(PXCL_ADDR, PXCL_LEN, 0x11);
    if (touch_boot.cal_ack[0] != ACK_OK) FAIL("proximity calibration upload");
    touch_boot.cal_ack[1] = upload_calibration(MTCL_ADDR, MTCL_LEN, 0x77);
    if (touch_boot.cal_ack[1] != ACK_OK) FAIL("calibration upload");

    if (!read_reg(VERSION_REG, &info->version_reg, &touch_boot.version_ack)) FAIL("version register read");
    /* Another value would need openiBoot's register fix-ups (1E writes to
     * 0x10001C04 ...); their values are not in the sources, so give up. */
    if (info->version_reg != VERSION_NO_FIXUPS) FAIL("unknown controller version");

    static const uint8_t calibrate[2] = { 0x1F, 0x01 };
    uint32_t c0 = ccnt();
    touch_boot.calibrate_ack = hbpp_send(calibrate, 2, false, CAL_TIMEOUT, NULL);
    touch_boot.calibrate_cycles = ccnt() - c0;
    if (touch_boot.calibrate_ack != ACK_OK) FAIL("calibration (1F 01)");

    execute();
    sleep_cycles(EXEC_WAIT);
    if (!iface_version(info)) FAIL("interface version (E2)");
    if (!read_reports(info)) FAIL("report queries");
    flip_nop = info->bcd_version > 0x23;
    touch_boot.flip_nop = flip_nop;
    cur_nop = 1;
    running = true;
    ok = true;
out:
    touch_boot.cycles = ccnt() - t0;
    return ok;
}

bool touch_read(TouchFrame *f)
{
    if (!running || !touch_atn_asserted()) return false;
    uint8_t cmd = flip_nop ? 0xEB : 0xEA;
    uint8_t tx[FRAME_MAX] = { cmd, cur_nop, 0 };
    uint8_t rx[FRAME_MAX];
    if (flip_nop) cur_nop = cur_nop == 1 ? 2 : 1;
    app_finish(tx);
    spi_div = SPI_DIV_NORMAL;
    if (!xfer(tx, rx, 16) || !app_reply_ok(rx, 0xEA)) return false;
    unsigned l = le16(rx + 1);
    if (l == 0) return false;
    if (l < FRAME_HEADER_LEN + 2 || l > FRAME_DATA_MAX + 2) {
        touch_errors++;
        return false;
    }
    memset(tx + 3, 0, sizeof tx - 3);
    tx[2] = 1;
    if (!xfer(tx, rx, l + 5)) return false;
    const uint8_t *d = rx + 5;
    unsigned dlen = l - 2;
    bool ok = rx[0] == 0xEA && rx[1] == (uint8_t)l && le16(rx + 2) == l && (uint8_t)sum(rx, 5) == 0 &&
              le16(d + dlen) == (uint16_t)sum(d, dlen);
    unsigned n = ok ? d[16] : 0;
    ok = ok && d[2] == FRAME_HEADER_LEN && d[17] == FINGER_LEN && n <= TOUCH_MAX_FINGERS &&
         dlen == FRAME_HEADER_LEN + n * FINGER_LEN;
    if (!ok) {
        touch_errors++;
        return false;
    }
    f->type = d[0];
    f->number = d[1];
    f->timestamp_ms = le32(d + 4);
    f->nfingers = (uint8_t)n;
    for (unsigned i = 0; i < n; i++) {
        const uint8_t *r = d + FRAME_HEADER_LEN + i * FINGER_LEN;
        TouchFinger *t = &f->finger[i];
        t->id = r[0];
        t->event = r[1];
        t->x = (int16_t)le16(r + 4);
        t->y = (int16_t)le16(r + 6);
        t->vx = (int16_t)le16(r + 8);
        t->vy = (int16_t)le16(r + 10);
        t->density = le16(r + 20);
    }
    return true;
}

/* floor(a / b) for b > 0 */
static int32_t floordiv(int32_t a, int32_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

/* The model maps pixel centres: x = -75 + (px + 0.5) / 320 * 4732 and
 * y = -75 + (1 - (py + 0.5) / 480) * 7350 - 123.5 (docs/devices/multitouch.md
 * "Coordinates").  Solved for the pixel and rounded to nearest:
 * px = floor((x + 75) * 320 / 4732), py = floor(480 - (2y + 397) * 240 / 7350). */
void touch_to_pixels(int16_t sx, int16_t sy, int *px, int *py)
{
    int32_t x = floordiv(((int32_t)sx + 75) * 320, 4732);
    int32_t y = floordiv(480 * 7350 - (2 * (int32_t)sy + 397) * 240, 7350);
    *px = x < 0 ? 0 : x > 319 ? 319 : (int)x;
    *py = y < 0 ? 0 : y > 479 ? 479 : (int)y;
}
