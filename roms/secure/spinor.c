/* SPI NOR (AT25DF081A) on SPI0, polled.  Chip select is GPIO 0x000 (pad 0,
 * pin 0) driven through the GPIO FSEL register: function 0xE = low
 * (selected), 0xF = high.  8-bit words from PCLK, divider 1.  A command is
 * sent with TXCNT (received bytes dropped, RXCNT = 0), data is read with
 * SETUP.AGD (the controller clocks 0xFF dummies while RXCNT > 0).
 * docs/devices/spi.md, nor.md, gpio.md. */
#include "secure.h"
#include "soc.h"

#define NOR_CS_GPIO 0x000u   /* pad 0, pin 0 */
#define S(r) (SPI_BASE(0) + (r))

static void cs(bool select) { gpio_set_function(NOR_CS_GPIO, select ? GPIO_FN_LOW : GPIO_FN_HIGH); }

void spinor_init(void)
{
    cs(false);
    wr32(S(SPI_CONTROL), SPI_CTL_FIFO_RESET);
    wr32(S(SPI_CLKDIV), 1);
    wr32(S(SPI_SETUP), 0);
    wr32(S(SPI_STATUS), SPI_ST_ALL);
}

/* Send `n` bytes (n <= 16), wait until the last has been shifted. */
static void spi_send(const uint8_t *b, uint32_t n)
{
    wr32(S(SPI_CONTROL), SPI_CTL_FIFO_RESET);
    wr32(S(SPI_SETUP), 0);
    wr32(S(SPI_STATUS), SPI_ST_ALL);
    wr32(S(SPI_RXCNT), 0);
    wr32(S(SPI_TXCNT), n);
    for (uint32_t i = 0; i < n; i++) wr32(S(SPI_TXDATA), b[i]);
    wr32(S(SPI_CONTROL), SPI_CTL_RUN);
    while (!(rd32(S(SPI_STATUS)) & SPI_ST_COMPLETE)) {}
    wr32(S(SPI_CONTROL), 0);
    wr32(S(SPI_STATUS), SPI_ST_ALL);
}

static void spi_recv(uint8_t *b, uint32_t n)
{
    wr32(S(SPI_CONTROL), SPI_CTL_FIFO_RESET);
    wr32(S(SPI_SETUP), SPI_SETUP_AGD);
    wr32(S(SPI_STATUS), SPI_ST_ALL);
    wr32(S(SPI_TXCNT), 0);
    wr32(S(SPI_RXCNT), n);
    wr32(S(SPI_CONTROL), SPI_CTL_RUN);
    uint32_t got = 0;
    while (got < n) {
        uint32_t lvl = SPI_ST_RXLEVEL(rd32(S(SPI_STATUS)));
        while (lvl-- && got < n) b[got++] = (uint8_t)rd32(S(SPI_RXDATA));
    }
    wr32(S(SPI_CONTROL), 0);
    wr32(S(SPI_SETUP), 0);
    wr32(S(SPI_STATUS), SPI_ST_ALL);
}

bool spinor_jedec_id(uint8_t id[3])
{
    static const uint8_t cmd = 0x9F;
    cs(true);
    spi_send(&cmd, 1);
    spi_recv(id, 3);
    cs(false);
    return id[0] == 0x1F;
}

void spinor_read(uint32_t addr, void *buf, uint32_t len)
{
    uint8_t *p = buf;
    while (len) {
        /* one READ per 64 KiB, so RXCNT stays small */
        uint32_t n = len > 0x10000u ? 0x10000u : len;
        uint8_t cmd[4] = { 0x03, (uint8_t)(addr >> 16), (uint8_t)(addr >> 8), (uint8_t)addr };
        cs(true);
        spi_send(cmd, 4);
        spi_recv(p, n);
        cs(false);
        p += n;
        addr += n;
        len -= n;
    }
}
