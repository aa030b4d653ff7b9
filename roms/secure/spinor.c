/* SPI NOR (AT25DF081A) on SPI0, polled.  Chip select is GPIO 0x000 (pad 0,
 * pin 0) driven through the GPIO FSEL register: function 0xE = low
 * (selected), 0xF = high.  8-bit words from PCLK, divider 1.  A command is
 * sent with TXCNT (received bytes dropped, RXCNT = 0), data is read with
 * SETUP.AGD (the controller clocks 0xFF dummies while RXCNT > 0).
 * docs/devices/spi.md, nor.md, gpio.md. */
#include "secure.h"
#include "soc.h"

#define SPI0 0x3C300000u
#define SPI_CONTROL 0x00
#define SPI_SETUP 0x04
#define SPI_STATUS 0x08
#define SPI_TXDATA 0x10
#define SPI_RXDATA 0x20
#define SPI_CLKDIV 0x30
#define SPI_RXCNT 0x34
#define SPI_TXCNT 0x4C
#define CTL_RUN 1u
#define CTL_FIFO_RESET (3u << 2)
#define SETUP_AGD 1u
#define ST_COMPLETE (1u << 22)
#define ST_RXLEVEL(v) (((v) >> 11) & 0x1Fu)
#define ST_ALL 0x40000Bu

#define GPIO_FSEL 0x3CF001E0u
#define CS_LOW 0x000000Eu   /* pad 0, pin 0, function 0xE */
#define CS_HIGH 0x000000Fu

#define S(r) (SPI0 + (r))

void spinor_init(void)
{
    wr32(GPIO_FSEL, CS_HIGH);
    wr32(S(SPI_CONTROL), CTL_FIFO_RESET);
    wr32(S(SPI_CLKDIV), 1);
    wr32(S(SPI_SETUP), 0);
    wr32(S(SPI_STATUS), ST_ALL);
}

/* Send `n` bytes (n <= 16), wait until the last has been shifted. */
static void spi_send(const uint8_t *b, uint32_t n)
{
    wr32(S(SPI_CONTROL), CTL_FIFO_RESET);
    wr32(S(SPI_SETUP), 0);
    wr32(S(SPI_STATUS), ST_ALL);
    wr32(S(SPI_RXCNT), 0);
    wr32(S(SPI_TXCNT), n);
    for (uint32_t i = 0; i < n; i++) wr32(S(SPI_TXDATA), b[i]);
    wr32(S(SPI_CONTROL), CTL_RUN);
    while (!(rd32(S(SPI_STATUS)) & ST_COMPLETE)) {}
    wr32(S(SPI_CONTROL), 0);
    wr32(S(SPI_STATUS), ST_ALL);
}

static void spi_recv(uint8_t *b, uint32_t n)
{
    wr32(S(SPI_CONTROL), CTL_FIFO_RESET);
    wr32(S(SPI_SETUP), SETUP_AGD);
    wr32(S(SPI_STATUS), ST_ALL);
    wr32(S(SPI_TXCNT), 0);
    wr32(S(SPI_RXCNT), n);
    wr32(S(SPI_CONTROL), CTL_RUN);
    uint32_t got = 0;
    while (got < n) {
        uint32_t lvl = ST_RXLEVEL(rd32(S(SPI_STATUS)));
        while (lvl-- && got < n) b[got++] = (uint8_t)rd32(S(SPI_RXDATA));
    }
    wr32(S(SPI_CONTROL), 0);
    wr32(S(SPI_SETUP), 0);
    wr32(S(SPI_STATUS), ST_ALL);
}

bool spinor_jedec_id(uint8_t id[3])
{
    static const uint8_t cmd = 0x9F;
    wr32(GPIO_FSEL, CS_LOW);
    spi_send(&cmd, 1);
    spi_recv(id, 3);
    wr32(GPIO_FSEL, CS_HIGH);
    return id[0] == 0x1F;
}

void spinor_read(uint32_t addr, void *buf, uint32_t len)
{
    uint8_t *p = buf;
    while (len) {
        /* one READ per 64 KiB, so RXCNT stays small */
        uint32_t n = len > 0x10000u ? 0x10000u : len;
        uint8_t cmd[4] = { 0x03, (uint8_t)(addr >> 16), (uint8_t)(addr >> 8), (uint8_t)addr };
        wr32(GPIO_FSEL, CS_LOW);
        spi_send(cmd, 4);
        spi_recv(p, n);
        wr32(GPIO_FSEL, CS_HIGH);
        p += n;
        addr += n;
        len -= n;
    }
}
