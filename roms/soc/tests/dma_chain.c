/*
 * dma_chain: PL080 (DMAC0) linked lists, memory to memory.
 *  1. a chain of four items (SRAM -> DRAM words, ROM -> DRAM words,
 *     DRAM -> SRAM bytes, SRAM -> SRAM halfword source / word destination)
 *     with the I bit on the last item only: exactly one TC interrupt, every
 *     byte right, guard words around each destination untouched, and the
 *     transfer took emulated time (CCNT between start and the interrupt,
 *     at least one HCLK beat per element read and written = 8 CPU cycles);
 *  2. the same chain with the I bit on every item: one TC interrupt per item;
 *  3. while a long transfer runs, EnbldChns and the channel's Active bit
 *     are set and the LLI register walks the list; both clear at the end.
 */
#include "soc.h"

#define W1 256u   /* words */
#define W2 64u
#define B3 300u   /* bytes */
#define H4 40u    /* halfwords */

static uint32_t src1[W1];
static uint8_t src3_dram[B3 + 8] __attribute__((section(".dram"), aligned(4)));
static uint16_t src4[H4];
static uint32_t dst1[W1 + 2] __attribute__((section(".dram")));
static uint32_t dst2[W2 + 2] __attribute__((section(".dram")));
static uint8_t dst3[B3 + 8] __attribute__((aligned(4)));
static uint32_t dst4[H4 / 2 + 2];
static DmaLli chain[4] __attribute__((aligned(16)));
static const uint32_t rom_words[W2] = {
#define R(i) 0xC0DE0000u + (i) * 0x01010101u
    R(0), R(1), R(2), R(3), R(4), R(5), R(6), R(7), R(8), R(9), R(10), R(11), R(12), R(13), R(14), R(15),
    R(16), R(17), R(18), R(19), R(20), R(21), R(22), R(23), R(24), R(25), R(26), R(27), R(28), R(29), R(30), R(31),
    R(32), R(33), R(34), R(35), R(36), R(37), R(38), R(39), R(40), R(41), R(42), R(43), R(44), R(45), R(46), R(47),
    R(48), R(49), R(50), R(51), R(52), R(53), R(54), R(55), R(56), R(57), R(58), R(59), R(60), R(61), R(62), R(63),
};

#define GUARD 0xDEADBEEFu
#define U32(p) ((uint32_t)(uintptr_t)(p))
#define WORDS (DMA_CTL_SW_WORD | DMA_CTL_DW_WORD | DMA_CTL_SI | DMA_CTL_DI)

static void prepare(bool irq_each)
{
    for (unsigned i = 0; i < W1; i++) src1[i] = 0x12345678u ^ (i * 0x9E3779B9u);
    for (unsigned i = 0; i < B3; i++) src3_dram[i] = (uint8_t)(i * 7 + 3);
    for (unsigned i = 0; i < H4; i++) src4[i] = (uint16_t)(0xA000 + i * 3);
    memset(dst1, 0, sizeof dst1);
    memset(dst2, 0, sizeof dst2);
    memset(dst3, 0, sizeof dst3);
    memset(dst4, 0, sizeof dst4);
    dst1[W1] = dst1[W1 + 1] = GUARD;
    dst2[W2] = GUARD;
    memset(dst3 + B3, 0xEE, 8);
    dst4[H4 / 2] = GUARD;
    uint32_t i_bit = irq_each ? DMA_CTL_I : 0;
    chain[0] = (DmaLli){ U32(src1), U32(dst1), U32(&chain[1]), W1 | WORDS | DMA_CTL_SB(2) | DMA_CTL_DB(2) | i_bit };
    chain[1] = (DmaLli){ U32(rom_words), U32(dst2), U32(&chain[2]), W2 | WORDS | DMA_CTL_SB(1) | DMA_CTL_DB(1) | i_bit };
    chain[2] = (DmaLli){ U32(src3_dram), U32(dst3), U32(&chain[3]),
                         B3 | DMA_CTL_SI | DMA_CTL_DI | DMA_CTL_SB(1) | DMA_CTL_DB(1) | i_bit };
    /* halfword reads, word writes: size counts source (halfword) transfers */
    chain[3] = (DmaLli){ U32(src4), U32(dst4), 0,
                         H4 | (1u << 18) | DMA_CTL_DW_WORD | DMA_CTL_SI | DMA_CTL_DI | DMA_CTL_I };
}

static bool data_ok(void)
{
    bool ok = memcmp(dst1, src1, sizeof src1) == 0 && dst1[W1] == GUARD && dst1[W1 + 1] == GUARD;
    ok = ok && memcmp(dst2, rom_words, sizeof rom_words) == 0 && dst2[W2] == GUARD;
    ok = ok && memcmp(dst3, src3_dram, B3) == 0 && dst3[B3] == 0xEE && dst3[B3 + 7] == 0xEE;
    ok = ok && memcmp(dst4, src4, sizeof src4) == 0 && dst4[H4 / 2] == GUARD;
    return ok;
}

static void run_chain(bool irq_each)
{
    prepare(irq_each);
    dma_tc_irqs = dma_tc_mask = dma_err_mask = 0;
    uint32_t t0 = ccnt();
    dma_start(2, &chain[0], true);
    uint32_t want = irq_each ? 4 : 1;
    bool done = wait_count(&dma_tc_irqs, want, 20000000);
    delay_cycles(20000); /* no further interrupt may follow */
    uint32_t dt = dma_tc_ccnt - t0;
    uint32_t elements = W1 + W2 + B3 + H4;
    const char *mode = irq_each ? "I bit on every item" : "I bit on the last item";
    check(done && dma_tc_irqs == want && dma_tc_mask == (1u << 2) && !dma_err_mask,
          "4-item chain, %s: %u TC interrupt(s) on channel 2 (mask 0x%x, errors 0x%x)", mode, dma_tc_irqs,
          dma_tc_mask, dma_err_mask);
    check(data_ok(), "4-item chain, %s: data of every item (words, ROM source, bytes, halfword->word) and guards",
          mode);
    check(done && dt >= elements * 8, "4-item chain, %s: took %u CPU cycles of emulated time (>= %u)", mode, dt,
          elements * 8);
}

static void test_active(void)
{
    prepare(false);
    dma_tc_irqs = 0;
    /* a long single-beat copy with a 2-item list: 4000 words then 64 */
    static uint32_t big[4000] __attribute__((section(".dram")));
    static DmaLli two[2] __attribute__((aligned(16)));
    two[0] = (DmaLli){ U32(big), U32(big) + 0x4000, U32(&two[1]), 4000 | WORDS };
    two[1] = (DmaLli){ U32(rom_words), U32(dst2), 0, W2 | WORDS | DMA_CTL_I };
    dma_start(1, &two[0], true);
    uint32_t en = rd32(DMAC0_BASE + DMAC_ENBLDCHNS);
    uint32_t cfg = rd32(DMAC0_BASE + DMAC_CH(1) + DMAC_CH_CONFIG);
    uint32_t lli = rd32(DMAC0_BASE + DMAC_CH(1) + DMAC_CH_LLI);
    uint32_t left0 = rd32(DMAC0_BASE + DMAC_CH(1) + DMAC_CH_CONTROL) & 0xFFF;
    delay_cycles(5000);
    uint32_t left1 = rd32(DMAC0_BASE + DMAC_CH(1) + DMAC_CH_CONTROL) & 0xFFF;
    check((en & 2) && (cfg & DMA_CFG_ACTIVE) && lli == U32(&two[1]),
          "running: EnbldChns 0x%x, channel Active (config 0x%05x), LLI = next item", en, cfg);
    check(left1 < left0, "running: transfer size counts down (%u -> %u)", left0, left1);
    wait_count(&dma_tc_irqs, 1, 20000000);
    en = rd32(DMAC0_BASE + DMAC_ENBLDCHNS);
    cfg = rd32(DMAC0_BASE + DMAC_CH(1) + DMAC_CH_CONFIG);
    check(dma_tc_irqs == 1 && !(en & 2) && !(cfg & (DMA_CFG_E | DMA_CFG_ACTIVE)) &&
              memcmp(dst2, rom_words, sizeof rom_words) == 0,
          "done: channel disabled and inactive (EnbldChns 0x%x, config 0x%05x)", en, cfg);
}

int main(void)
{
    soc_init("dma_chain");
    dma_init();
    run_chain(false);
    run_chain(true);
    test_active();
    report_end();
}
