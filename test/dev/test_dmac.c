/* S5L8720 PL080 DMA controller (dev/dmac.c): registers reset to zero and the
 * PrimeCell IDs read as the TRM gives them; a memory-to-memory copy takes one
 * read plus one write HCLK beat per element, moves data progressively (never
 * at once) and raises the TC interrupt exactly when the last element lands;
 * linked lists run item after item with the LLI load cost; a bus error raises
 * the error interrupt and disables the channel; peripheral flows move one
 * burst per active request (hardware line or software request), also into a
 * real UART; lower channels win the bus; Halt/Active; and a save/load round
 * trip mid-transfer finishes identically. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "dev/dmac.h"
#include "dev/uart.h"
#include "soc/bus.h"
#include "soc/clocks.h"
#include "soc/state.h"
#include "test/dev/devtest.h"

#define IRQ_LINE 0
#define RAM_BASE 0x08000000u
#define RAM_SIZE 0x100000u
#define FAKE_BASE 0x3E000000u

/* A write-only peripheral FIFO of 4 words at FAKE_BASE: it drops its DMA
 * request when full; the test drains it. */
typedef struct FakePeriph {
    Scheduler *sched;
    uint32_t words[64];
    uint64_t when[64];
    unsigned n, level;
    IrqLine req;
} FakePeriph;

static uint32_t fake_read(void *opaque, uint32_t off, unsigned size)
{
    (void)opaque;
    (void)size;
    return off == 4 ? 0xFEEDF00Du : 0;
}

static void fake_write(void *opaque, uint32_t off, uint32_t val, unsigned size)
{
    FakePeriph *p = opaque;
    (void)size;
    if (off != 0 || p->n >= 64) return;
    p->words[p->n] = val;
    p->when[p->n] = sched_now(p->sched);
    p->n++;
    if (++p->level >= 4) irq_set(p->req, false);
}

static const DeviceOps fake_ops = { .name = "fake", .read = fake_read, .write = fake_write };

static DevTestEnv T;
static DmacDev *d;
static uint8_t *ram;
static FakePeriph fake;

static void setup(void)
{
    devtest_init(&T);
    ram = calloc(1, RAM_SIZE);
    bus_map_ram(T.env.bus, RAM_BASE, RAM_SIZE, ram, "dram");
    d = dmac_create(&T.env, 0);
    dmac_ops.reset(d);
    dmac_connect_irq(d, irq_probe_line(&T.probe, IRQ_LINE));
    memset(&fake, 0, sizeof fake);
    fake.sched = T.env.sched;
    fake.req = (IrqLine){ .set = dmac_request, .sink = d, .n = 5 };
    bus_map_device(T.env.bus, FAKE_BASE, 0x1000, &fake_ops, &fake, 0);
}

static void teardown(void)
{
    dmac_ops.destroy(d);
    devtest_free(&T);
    free(ram);
}

static uint32_t rd(uint32_t off) { return dmac_ops.read(d, off, 4); }
static void wr(uint32_t off, uint32_t v) { dmac_ops.write(d, off, v, 4); }
static uint32_t chreg(unsigned c, uint32_t r) { return DMAC_CH_BASE + DMAC_CH_STRIDE * c + r; }
static void advance(uint64_t to) { sched_advance_to(T.env.sched, to); }
static uint64_t now(void) { return sched_now(T.env.sched); }
static uint32_t *ram32(uint32_t pa) { return (uint32_t *)(void *)(ram + (pa - RAM_BASE)); }

/* Control word: count, burst codes, widths (0 byte, 1 half, 2 word), SI/DI, I. */
static uint32_t ctrl(uint32_t count, unsigned sb, unsigned db, unsigned sw, unsigned dw, bool si, bool di,
                     bool irq)
{
    return count | sb << DMAC_CTRL_SBSIZE_SHIFT | db << DMAC_CTRL_DBSIZE_SHIFT | sw << DMAC_CTRL_SWIDTH_SHIFT |
           dw << DMAC_CTRL_DWIDTH_SHIFT | (si ? DMAC_CTRL_SI : 0) | (di ? DMAC_CTRL_DI : 0) |
           (irq ? DMAC_CTRL_I : 0);
}

static uint32_t ccfg(unsigned flow, unsigned srcper, unsigned dstper)
{
    return DMAC_CCFG_E | DMAC_CCFG_IE | DMAC_CCFG_ITC | srcper << DMAC_CCFG_SRCPER_SHIFT |
           dstper << DMAC_CCFG_DSTPER_SHIFT | flow << DMAC_CCFG_FLOW_SHIFT;
}

static void fill_src(uint32_t pa, unsigned words, uint32_t seed)
{
    for (unsigned i = 0; i < words; i++) ram32(pa)[i] = seed + i * 0x01010101u;
}

static void start(unsigned c, uint32_t src, uint32_t dst, uint32_t lli, uint32_t control, uint32_t cfg)
{
    wr(chreg(c, DMAC_CH_SRCADDR), src);
    wr(chreg(c, DMAC_CH_DESTADDR), dst);
    wr(chreg(c, DMAC_CH_LLI), lli);
    wr(chreg(c, DMAC_CH_CONTROL), control);
    wr(chreg(c, DMAC_CH_CONFIG), cfg);
}

/* HCLK beats -> CPU cycles (HCLK = CPU / 4). */
static uint64_t hclk(uint64_t beats) { return clk_cycles(beats, HCLK_HZ); }

START_TEST(test_dmac_reset_values_and_ids)
{
    static const uint32_t regs[] = { DMAC_INTSTATUS, DMAC_INTTCSTATUS, DMAC_INTERRORSTATUS,
                                     DMAC_RAWINTTCSTATUS, DMAC_RAWINTERRORSTATUS, DMAC_ENBLDCHNS,
                                     DMAC_SOFTBREQ, DMAC_SOFTSREQ, DMAC_SOFTLBREQ, DMAC_SOFTLSREQ,
                                     DMAC_CONFIGURATION, DMAC_SYNC };
    for (unsigned i = 0; i < sizeof regs / sizeof regs[0]; i++) ck_assert_uint_eq(rd(regs[i]), 0);
    for (unsigned c = 0; c < DMAC_CHANNELS; c++)
        for (uint32_t r = 0; r <= DMAC_CH_CONFIG; r += 4) ck_assert_uint_eq(rd(chreg(c, r)), 0);
    static const uint32_t ids[8] = { 0x80, 0x10, 0x04, 0x0A, 0x0D, 0xF0, 0x05, 0xB1 };
    for (unsigned i = 0; i < 8; i++) ck_assert_uint_eq(rd(DMAC_PERIPHID0 + 4 * i), ids[i]);
    ck_assert_uint_eq(dmac_ops.read(d, DMAC_PERIPHID0, 1), 0x80);

    /* Registers hold what is written and reset clears them. */
    wr(DMAC_SYNC, 0xA5A5);
    wr(chreg(3, DMAC_CH_SRCADDR), 0x12345678);
    wr(chreg(3, DMAC_CH_CONTROL), 0x8C4BF123);
    ck_assert_uint_eq(rd(DMAC_SYNC), 0xA5A5);
    ck_assert_uint_eq(rd(chreg(3, DMAC_CH_SRCADDR)), 0x12345678);
    ck_assert_uint_eq(rd(chreg(3, DMAC_CH_CONTROL)), 0x8C4BF123);
    dmac_ops.reset(d);
    ck_assert_uint_eq(rd(DMAC_SYNC), 0);
    ck_assert_uint_eq(rd(chreg(3, DMAC_CH_SRCADDR)), 0);

    unsigned before = log_count(T.env.log);
    ck_assert_uint_eq(rd(0x500), 0); /* integration test registers: not modelled */
    rd(0x500);
    ck_assert_uint_eq(log_count(T.env.log), before + 1);
}
END_TEST

START_TEST(test_dmac_m2m_copy_timing_and_tc_irq)
{
    const uint32_t src = RAM_BASE, dst = RAM_BASE + 0x40000, n = 4000;
    fill_src(src, n, 0x11223344);
    wr(DMAC_CONFIGURATION, DMAC_CONF_E);
    advance(1000);
    start(2, src, dst, 0, ctrl(n, 1, 1, 2, 2, true, true, true), ccfg(0, 0, 0));
    ck_assert_uint_eq(rd(DMAC_ENBLDCHNS), 1u << 2);
    ck_assert_uint_eq(rd(chreg(2, DMAC_CH_CONFIG)) & DMAC_CCFG_A, DMAC_CCFG_A);
    /* One read and one write beat per word: 8000 HCLK = 32000 CPU cycles. */
    uint64_t total = hclk(2 * n);
    ck_assert_uint_eq(total, 32000);
    advance(1000 + total / 2);
    ck_assert_uint_eq(ram32(dst)[1999], ram32(src)[1999]); /* half done, not all */
    ck_assert_uint_eq(ram32(dst)[2000], 0);
    ck_assert_uint_eq(rd(chreg(2, DMAC_CH_CONTROL)) & DMAC_CTRL_SIZE_MASK, 2000);
    ck_assert_uint_eq(rd(chreg(2, DMAC_CH_SRCADDR)), src + 8000);
    advance(1000 + total - 1);
    ck_assert(!T.probe.level[IRQ_LINE]);
    ck_assert_uint_eq(ram32(dst)[n - 1], 0);
    advance(1000 + total);
    ck_assert(T.probe.level[IRQ_LINE]);
    ck_assert_uint_eq(T.probe.last_change[IRQ_LINE], 1000 + total);
    ck_assert_mem_eq(ram + 0x40000, ram, n * 4);
    ck_assert_uint_eq(ram32(dst)[n], 0);
    ck_assert_uint_eq(rd(DMAC_INTSTATUS), 1u << 2);
    ck_assert_uint_eq(rd(DMAC_INTTCSTATUS), 1u << 2);
    ck_assert_uint_eq(rd(DMAC_RAWINTTCSTATUS), 1u << 2);
    ck_assert_uint_eq(rd(DMAC_ENBLDCHNS), 0);
    ck_assert_uint_eq(rd(chreg(2, DMAC_CH_CONFIG)) & (DMAC_CCFG_E | DMAC_CCFG_A), 0);
    wr(DMAC_INTTCCLEAR, 1u << 2);
    ck_assert(!T.probe.level[IRQ_LINE]);
    ck_assert_uint_eq(rd(DMAC_RAWINTTCSTATUS), 0);
}
END_TEST

START_TEST(test_dmac_itc_mask_and_width_conversion)
{
    /* Bytes in, words out: 64 source beats + 16 destination beats. */
    const uint32_t src = RAM_BASE + 0x100, dst = RAM_BASE + 0x2000;
    for (unsigned i = 0; i < 64; i++) ram[0x100 + i] = (uint8_t)(i * 3 + 1);
    wr(DMAC_CONFIGURATION, DMAC_CONF_E);
    start(0, src, dst, 0, ctrl(64, 0, 0, 0, 2, true, true, true), DMAC_CCFG_E); /* ITC clear */
    advance(hclk(64 + 16));
    ck_assert_mem_eq(ram + 0x2000, ram + 0x100, 64);
    ck_assert_uint_eq(rd(DMAC_RAWINTTCSTATUS), 1);
    ck_assert_uint_eq(rd(DMAC_INTTCSTATUS), 0); /* masked */
    ck_assert(!T.probe.level[IRQ_LINE]);
    wr(chreg(0, DMAC_CH_CONFIG), DMAC_CCFG_ITC); /* unmasking shows it */
    ck_assert(T.probe.level[IRQ_LINE]);
}
END_TEST

START_TEST(test_dmac_controller_disabled_holds)
{
    fill_src(RAM_BASE, 16, 7);
    start(1, RAM_BASE, RAM_BASE + 0x1000, 0, ctrl(16, 0, 0, 2, 2, true, true, true), ccfg(0, 0, 0));
    advance(10000);
    ck_assert_uint_eq(ram32(RAM_BASE + 0x1000)[0], 0);
    ck_assert_uint_eq(rd(DMAC_ENBLDCHNS), 2);
    wr(DMAC_CONFIGURATION, DMAC_CONF_E);
    advance(10000 + hclk(32));
    ck_assert(T.probe.level[IRQ_LINE]);
    ck_assert_uint_eq(T.probe.last_change[IRQ_LINE], 10000 + hclk(32));
}
END_TEST

START_TEST(test_dmac_linked_list_three_items)
{
    /* Item 0 in the registers; items 1 and 2 in RAM; TC only on the last. */
    const uint32_t lli1 = RAM_BASE + 0x8000, lli2 = RAM_BASE + 0x8040;
    fill_src(RAM_BASE + 0x100, 10, 0xA0000000);
    fill_src(RAM_BASE + 0x200, 20, 0xB0000000);
    fill_src(RAM_BASE + 0x300, 5, 0xC0000000);
    uint32_t *l1 = ram32(lli1), *l2 = ram32(lli2);
    l1[0] = RAM_BASE + 0x200;
    l1[1] = RAM_BASE + 0x2200;
    l1[2] = lli2;
    l1[3] = ctrl(20, 0, 0, 2, 2, true, true, false);
    l2[0] = RAM_BASE + 0x300;
    l2[1] = RAM_BASE + 0x2300;
    l2[2] = 0;
    l2[3] = ctrl(5, 0, 0, 2, 2, true, true, true);
    wr(DMAC_CONFIGURATION, DMAC_CONF_E);
    start(4, RAM_BASE + 0x100, RAM_BASE + 0x2100, lli1, ctrl(10, 0, 0, 2, 2, true, true, false), ccfg(0, 0, 0));
    /* 2 beats per word for 35 words, plus two LLI loads of 4 beats. */
    uint64_t total = hclk(2 * 35 + 2 * DMAC_LLI_LOAD_HCLK);
    advance(hclk(20));
    ck_assert_uint_eq(rd(chreg(4, DMAC_CH_LLI)), lli2); /* item 1 loaded */
    ck_assert(!T.probe.level[IRQ_LINE]);
    advance(total - 1);
    ck_assert(!T.probe.level[IRQ_LINE]);
    ck_assert_uint_eq(rd(DMAC_RAWINTTCSTATUS), 0);
    advance(total);
    ck_assert(T.probe.level[IRQ_LINE]);
    ck_assert_uint_eq(T.probe.rises[IRQ_LINE], 1);
    ck_assert_mem_eq(ram + 0x2100, ram + 0x100, 40);
    ck_assert_mem_eq(ram + 0x2200, ram + 0x200, 80);
    ck_assert_mem_eq(ram + 0x2300, ram + 0x300, 20);
    ck_assert_uint_eq(rd(chreg(4, DMAC_CH_LLI)), 0);
    ck_assert_uint_eq(rd(DMAC_ENBLDCHNS), 0);
}
END_TEST

START_TEST(test_dmac_bus_error_irq)
{
    wr(DMAC_CONFIGURATION, DMAC_CONF_E);
    advance(100);
    start(6, 0x50000000u, RAM_BASE, 0, ctrl(8, 0, 0, 2, 2, true, true, true), ccfg(0, 0, 0));
    advance(100 + hclk(16) - 1);
    ck_assert(!T.probe.level[IRQ_LINE]);
    advance(100 + hclk(16));
    ck_assert(T.probe.level[IRQ_LINE]);
    ck_assert_uint_eq(rd(DMAC_INTERRORSTATUS), 1u << 6);
    ck_assert_uint_eq(rd(DMAC_RAWINTERRORSTATUS), 1u << 6);
    ck_assert_uint_eq(rd(DMAC_INTTCSTATUS), 0);
    ck_assert_uint_eq(rd(DMAC_ENBLDCHNS), 0);
    wr(DMAC_INTERRCLR, 1u << 6);
    ck_assert(!T.probe.level[IRQ_LINE]);

    /* A bad LLI pointer is an error too, after the first item completes. */
    fill_src(RAM_BASE, 4, 1);
    start(6, RAM_BASE, RAM_BASE + 0x1000, 0x60000000u, ctrl(4, 0, 0, 2, 2, true, true, false), ccfg(0, 0, 0));
    advance(now() + hclk(8));
    ck_assert_uint_eq(rd(DMAC_RAWINTERRORSTATUS), 1u << 6);
    ck_assert_mem_eq(ram + 0x1000, ram, 16);
    ck_assert_uint_eq(rd(DMAC_ENBLDCHNS), 0);
}
END_TEST

START_TEST(test_dmac_m2p_request_lines)
{
    /* 12 words to the fake FIFO on line 5, DBSize 4: one 4-word burst per request. */
    fill_src(RAM_BASE, 12, 0x5000);
    wr(DMAC_CONFIGURATION, DMAC_CONF_E);
    start(3, RAM_BASE, FAKE_BASE, 0, ctrl(12, 1, 1, 2, 2, true, false, true), ccfg(1, 0, 5));
    advance(1000);
    ck_assert_uint_eq(fake.n, 0); /* no request, no transfer */
    ck_assert_uint_eq(rd(chreg(3, DMAC_CH_CONFIG)) & DMAC_CCFG_A, 0);
    irq_set(fake.req, true);
    advance(1000 + hclk(8));
    ck_assert_uint_eq(fake.n, 4);
    ck_assert_uint_eq(fake.when[3], 1000 + hclk(8));
    for (unsigned i = 0; i < 4; i++) ck_assert_uint_eq(fake.words[i], 0x5000 + i * 0x01010101u);
    advance(5000);
    ck_assert_uint_eq(fake.n, 4); /* FIFO full: request dropped, DMAC waits */
    fake.level = 0;
    irq_set(fake.req, true);
    fake.level = 0;
    advance(5000 + hclk(8));
    ck_assert_uint_eq(fake.n, 8);
    /* A software burst request serves the line once. */
    irq_set(fake.req, false);
    fake.level = 0;
    wr(DMAC_SOFTBREQ, 1u << 5);
    ck_assert_uint_eq(rd(DMAC_SOFTBREQ), 1u << 5);
    advance(6000);
    ck_assert_uint_eq(fake.n, 12);
    ck_assert_uint_eq(rd(DMAC_SOFTBREQ), 0);
    ck_assert(T.probe.level[IRQ_LINE]);
    ck_assert_uint_eq(rd(DMAC_ENBLDCHNS), 0);
}
END_TEST

START_TEST(test_dmac_p2m_from_device)
{
    /* Source fixed at the fake's data register (reads 0xFEEDF00D). */
    wr(DMAC_CONFIGURATION, DMAC_CONF_E);
    start(0, FAKE_BASE + 4, RAM_BASE, 0, ctrl(3, 0, 0, 2, 2, false, true, true), ccfg(2, 9, 0));
    advance(100);
    ck_assert_uint_eq(ram32(RAM_BASE)[0], 0);
    dmac_request(d, 9, true);
    advance(100 + 3 * hclk(2));
    for (unsigned i = 0; i < 3; i++) ck_assert_uint_eq(ram32(RAM_BASE)[i], 0xFEEDF00Du);
    ck_assert_uint_eq(ram32(RAM_BASE)[3], 0);
    ck_assert(T.probe.level[IRQ_LINE]);
    dmac_request(d, 99, true); /* out of range: ignored */
}
END_TEST

START_TEST(test_dmac_priority_lower_channel_wins)
{
    fill_src(RAM_BASE, 64, 1);
    fill_src(RAM_BASE + 0x1000, 64, 2);
    wr(DMAC_CONFIGURATION, DMAC_CONF_E);
    /* Channel 1 starts first and holds the bus for one 16-word chunk; channel
     * 0 then takes it until done; channel 1 finishes afterwards. */
    start(1, RAM_BASE, RAM_BASE + 0x10000, 0, ctrl(64, 0, 0, 2, 2, true, true, true), ccfg(0, 0, 0));
    start(0, RAM_BASE + 0x1000, RAM_BASE + 0x11000, 0, ctrl(64, 0, 0, 2, 2, true, true, true), ccfg(0, 0, 0));
    advance(hclk(2 * (16 + 64)) - 1);
    ck_assert_uint_eq(rd(DMAC_RAWINTTCSTATUS), 0);
    advance(hclk(2 * (16 + 64)));
    ck_assert_uint_eq(rd(DMAC_RAWINTTCSTATUS), 1);
    advance(hclk(2 * 128) - 1);
    ck_assert_uint_eq(rd(DMAC_RAWINTTCSTATUS), 1);
    advance(hclk(2 * 128));
    ck_assert_uint_eq(rd(DMAC_RAWINTTCSTATUS), 3);
    ck_assert_mem_eq(ram + 0x10000, ram, 256);
    ck_assert_mem_eq(ram + 0x11000, ram + 0x1000, 256);
}
END_TEST

START_TEST(test_dmac_halt_and_active)
{
    fill_src(RAM_BASE, 64, 3);
    wr(DMAC_CONFIGURATION, DMAC_CONF_E);
    uint32_t cfg = ccfg(0, 0, 0);
    start(5, RAM_BASE, RAM_BASE + 0x1000, 0, ctrl(64, 0, 0, 2, 2, true, true, true), cfg);
    wr(chreg(5, DMAC_CH_CONFIG), cfg | DMAC_CCFG_H);
    ck_assert_uint_eq(rd(chreg(5, DMAC_CH_CONFIG)) & DMAC_CCFG_A, DMAC_CCFG_A); /* burst in flight */
    advance(100000);
    ck_assert_uint_eq(rd(chreg(5, DMAC_CH_CONFIG)) & DMAC_CCFG_A, 0);
    ck_assert_uint_eq(rd(chreg(5, DMAC_CH_CONTROL)) & DMAC_CTRL_SIZE_MASK, 48); /* only that burst moved */
    ck_assert_uint_eq(rd(DMAC_ENBLDCHNS), 1u << 5);
    wr(chreg(5, DMAC_CH_CONFIG), cfg);
    advance(100000 + hclk(2 * 48));
    ck_assert_uint_eq(rd(DMAC_RAWINTTCSTATUS), 1u << 5);
    ck_assert_mem_eq(ram + 0x1000, ram, 256);
}
END_TEST

/* UART0 output through DMA: the UART's TX request paces the channel. */
typedef struct Sink {
    Scheduler *sched;
    char out[16];
    uint64_t when[16];
    unsigned n;
} Sink;

static void sink_write(void *opaque, uint8_t b)
{
    Sink *s = opaque;
    if (s->n < 16) {
        s->out[s->n] = (char)b;
        s->when[s->n++] = sched_now(s->sched);
    }
}

START_TEST(test_dmac_m2p_into_uart)
{
    UartDev *u = uart_create(&T.env, 0);
    uart_ops.reset(u);
    bus_map_device(T.env.bus, 0x3CC00000u, UART_WINDOW, &uart_ops, u, 0);
    Sink sink = { .sched = T.env.sched };
    UartBackend b = { .opaque = &sink, .write = sink_write };
    uart_set_backend(u, &b);
    uart_connect_dma(u, (IrqLine){ .set = dmac_request, .sink = d, .n = 8 }, (IrqLine){ 0 });
    bus_write(T.env.bus, 0x3CC00000u + UART_ULCON, 4, 3);
    bus_write(T.env.bus, 0x3CC00000u + UART_UBAUD, 4, 12);
    bus_write(T.env.bus, 0x3CC00000u + UART_UFCON, 4, UFCON_FIFO_EN);
    memcpy(ram, "hello", 5);
    wr(DMAC_CONFIGURATION, DMAC_CONF_E);
    start(0, RAM_BASE, 0x3CC00000u + UART_UTXH, 0, ctrl(5, 0, 0, 0, 0, true, false, true), ccfg(1, 0, 8));
    bus_write(T.env.bus, 0x3CC00000u + UART_UCON, 4, (1u << UCON_CLKSEL_SHIFT) | (2u << UCON_TXMODE_SHIFT));
    uint64_t f = uart_frame_cycles(u);
    advance(hclk(2) + 5 * f);
    ck_assert_uint_eq(sink.n, 5);
    ck_assert_mem_eq(sink.out, "hello", 5);
    for (unsigned i = 0; i < 5; i++) ck_assert_uint_eq(sink.when[i], hclk(2) + (i + 1) * f);
    ck_assert_uint_eq(rd(DMAC_RAWINTTCSTATUS), 1);
    uart_ops.destroy(u);
}
END_TEST

START_TEST(test_dmac_state_round_trip)
{
    const uint32_t n = 1000;
    fill_src(RAM_BASE, n, 0x77);
    wr(DMAC_CONFIGURATION, DMAC_CONF_E);
    wr(DMAC_SYNC, 0x0F0F);
    start(7, RAM_BASE, RAM_BASE + 0x20000, 0, ctrl(n, 2, 2, 2, 2, true, true, true), ccfg(0, 0, 0));
    advance(hclk(2 * n) / 3);

    StateIO *io = state_create_save();
    sched_state(T.env.sched, io);
    dmac_ops.state(d, io);
    ck_assert_ptr_null(state_error(io));
    size_t len;
    const void *data = state_data(io, &len);

    DevTestEnv T2;
    devtest_init(&T2);
    IrqProbe *p2 = &T2.probe;
    uint8_t *ram2 = malloc(RAM_SIZE);
    memcpy(ram2, ram, RAM_SIZE);
    bus_map_ram(T2.env.bus, RAM_BASE, RAM_SIZE, ram2, "dram");
    DmacDev *d2 = dmac_create(&T2.env, 0);
    dmac_ops.reset(d2);
    StateIO *in = state_create_load(data, len);
    sched_state(T2.env.sched, in);
    dmac_ops.state(d2, in);
    ck_assert_ptr_null(state_error(in));
    dmac_connect_irq(d2, irq_probe_line(p2, IRQ_LINE));
    for (uint32_t off = 0; off < 0x40; off += 4)
        if (off != DMAC_INTTCCLEAR && off != DMAC_INTERRCLR) ck_assert_uint_eq(dmac_ops.read(d2, off, 4), rd(off));
    for (uint32_t r = 0; r <= DMAC_CH_CONFIG; r += 4)
        ck_assert_uint_eq(dmac_ops.read(d2, chreg(7, r), 4), rd(chreg(7, r)));

    advance(hclk(2 * n));
    sched_advance_to(T2.env.sched, hclk(2 * n));
    ck_assert(T.probe.level[IRQ_LINE]);
    ck_assert(p2->level[IRQ_LINE]);
    ck_assert_uint_eq(p2->last_change[IRQ_LINE], T.probe.last_change[IRQ_LINE]);
    ck_assert_mem_eq(ram2 + 0x20000, ram, n * 4);

    state_destroy(in);
    state_destroy(io);
    dmac_ops.destroy(d2);
    devtest_free(&T2);
    free(ram2);
}
END_TEST

Suite *dmac_suite(void)
{
    Suite *s = suite_create("dmac");
    TCase *t = tcase_create("dmac");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_dmac_reset_values_and_ids);
    tcase_add_test(t, test_dmac_m2m_copy_timing_and_tc_irq);
    tcase_add_test(t, test_dmac_itc_mask_and_width_conversion);
    tcase_add_test(t, test_dmac_controller_disabled_holds);
    tcase_add_test(t, test_dmac_linked_list_three_items);
    tcase_add_test(t, test_dmac_bus_error_irq);
    tcase_add_test(t, test_dmac_m2p_request_lines);
    tcase_add_test(t, test_dmac_p2m_from_device);
    tcase_add_test(t, test_dmac_priority_lower_channel_wins);
    tcase_add_test(t, test_dmac_halt_and_active);
    tcase_add_test(t, test_dmac_m2p_into_uart);
    tcase_add_test(t, test_dmac_state_round_trip);
    suite_add_tcase(s, t);
    return s;
}
