/*
 * ipodsim SoC firmware library: register map of the S5L8720 blocks the
 * bare-metal ROMs use, CP15 helpers and the driver API (roms/soc/ sources).
 *
 * Addresses and bit fields follow the shared fact sheet
 * (s5l8720-core.md sections 2, 3, 5, 6, 11, 12, 17, 18).  The ROMs run with
 * the MMU and caches off, in SVC mode; interrupt handlers run in SYS mode on
 * their own stack so that they may re-enable interrupts (start.S).
 */
#ifndef IPODSIM_SOC_H
#define IPODSIM_SOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- MMIO ---------------------------------------------------------------- */
#define REG32(a) (*(volatile uint32_t *)(uintptr_t)(a))

static inline uint32_t rd32(uint32_t a) { return REG32(a); }
static inline void wr32(uint32_t a, uint32_t v) { REG32(a) = v; }

/* ---- memory ---------------------------------------------------------------- */
#define SRAM_BASE 0x22000000u
#define SRAM_SIZE 0x00100000u
#define DRAM_BASE 0x08000000u
#define DRAM_SIZE 0x08000000u

/* ---- VIC (PL192), section 3 --------------------------------------------- */
#define VIC0_BASE 0x38E00000u
#define VIC1_BASE 0x38E01000u
#define VIC_BASE(n) ((n) ? VIC1_BASE : VIC0_BASE)
#define VIC_IRQSTATUS 0x000
#define VIC_FIQSTATUS 0x004
#define VIC_RAWINTR 0x008
#define VIC_INTSELECT 0x00C
#define VIC_INTENABLE 0x010
#define VIC_INTENCLEAR 0x014
#define VIC_SOFTINT 0x018
#define VIC_SOFTINTCLEAR 0x01C
#define VIC_SWPRIORITYMASK 0x024
#define VIC_PRIORITYDAISY 0x028
#define VIC_VECTADDR(i) (0x100 + 4 * (i))
#define VIC_VECTPRIORITY(i) (0x200 + 4 * (i))
#define VIC_ADDRESS 0xF00
#define VIC_PERIPHID0 0xFE0

/* Global interrupt numbers (VIC0 0-31, VIC1 32-63). */
#define IRQ_GPIO_G4 2   /* SYSIC GPIO-IC group 4 (section 7.2) */
#define IRQ_GPIO_G3 3   /* SYSIC GPIO-IC group 3 (the buttons) */
#define IRQ_TIMER 7
#define IRQ_DMAC0 16
#define IRQ_DMAC1 17
#define IRQ_I2C0 21
#define IRQ_UART0 24
#define IRQ_WDT 51

/* ---- clock manager, section 4 ------------------------------------------- */
#define CLK0_BASE 0x3C500000u
#define CLK_PLLLOCK 0x40
#define CLK_GATES0 0x48
#define CLK_GATES1 0x4C
#define CLK_GATES2 0x58
#define CLK_GATES3 0x68
#define CLK_GATES4 0x6C

/* ---- timer block, section 5 ----------------------------------------------- */
#define TIMER_BASE 0x3C700000u
#define TIMER_N(n) (TIMER_BASE + ((n) < 4 ? 0x20u * (n) : 0xA0u + 0x20u * ((n) - 4)))
#define TMR_CONFIG 0x00
#define TMR_STATE 0x04
#define TMR_COUNT_BUFFER 0x08
#define TMR_COUNT_BUFFER2 0x0C
#define TMR_PRESCALER 0x10
#define TMR_COUNT 0x14
#define TIMER_TICKSHIGH (TIMER_BASE + 0x80)
#define TIMER_TICKSLOW (TIMER_BASE + 0x84)
#define TIMER_TICKS_CFG (TIMER_BASE + 0x88)
#define TIMER_IRQSTAT (TIMER_BASE + 0x118)
#define TIMER_IRQSTAT_BIT(n) (1u << (8 * (7 - (n))))   /* "count reached" of timer 4-7 */
#define TMR_CFG_CLK_24MHZ (4u << 8)
#define TMR_CFG_CLK_12MHZ (0u << 8)
#define TMR_CFG_IE0 (1u << 12)
#define TMR_STATE_START 1u
#define TMR_STATE_UPDATE 2u

/* ---- watchdog, section 6 ---------------------------------------------------- */
#define WDT_BASE 0x3C800000u
#define WDT_CTRL (WDT_BASE + 0x00)
#define WDT_CNT (WDT_BASE + 0x04)
#define WDT_ENABLE (1u << 20)
#define WDT_PRE(n) ((uint32_t)(n) << 16)
#define WDT_INT_EN (1u << 15)
#define WDT_CS(n) ((uint32_t)(n) << 12)
#define WDT_KICK 0xA00u
#define WDT_DISABLE 0x0A5u

/* ---- SYSIC GPIO interrupt controller, sections 7.2-7.3 ----------------------- */
#define SYSIC_BASE 0x39700000u
#define SYSIC_GPIOIC_CLK (SYSIC_BASE + 0x6C)     /* start-up: 3, wait for READY, 2 */
#define SYSIC_GPIOIC_SETUP (SYSIC_BASE + 0x70)   /* start-up: 0x32 */
#define SYSIC_GPIOIC_READY (SYSIC_BASE + 0x7C)   /* bit 0: handshake done */
#define GIC_INTLEVEL(g) (SYSIC_BASE + 0x80 + 4u * (g))   /* 1 = active high */
#define GIC_INTSTAT(g) (SYSIC_BASE + 0xA0 + 4u * (g))    /* W1C */
#define GIC_INTEN(g) (SYSIC_BASE + 0xC0 + 4u * (g))
#define GIC_INTTYPE(g) (SYSIC_BASE + 0xE0 + 4u * (g))    /* 1 = level, 0 = edge */
#define GIC_GROUPS 7u

/* ---- GPIO pads, section 8 -------------------------------------------------------
 * A GPIO is named 0xPPN: pad P = bits [12:8], pin N = bits [2:0]. */
#define GPIO_BASE 0x3CF00000u
#define GPIO_DAT(pad) (GPIO_BASE + 0x20u * (pad) + 4)   /* pin levels, bit N = pin N */
#define GPIO_FSEL (GPIO_BASE + 0x1E0)                   /* write-only pin configuration */
#define GPIO_FSEL_VALUE(gpio, fn) ((((gpio) >> 8) & 0x1Fu) << 16 | ((gpio) & 7u) << 8 | (fn))
#define GPIO_FN_INPUT 0x0u
#define GPIO_FN_LOW 0xEu    /* output driving 0 */
#define GPIO_FN_HIGH 0xFu   /* output driving 1 */
/* The GPIO interrupt number of pin 0xPPN: (pad + 3) * 8 + pin (docs/devices/gpio.md);
 * group = number / 32 in the SYSIC, bit = number % 32. */
#define GPIO_IRQ_OF(gpio) (((((gpio) >> 8) & 0x1Fu) + 3u) * 8u + ((gpio) & 7u))
/* Button inputs (sheet s5l8720-storage-display-io.md 9.4): Home and Power
 * read 1 while pressed, the volume keys 0. */
#define GPIO_BTN_HOME 0xC01u
#define GPIO_BTN_POWER 0xC02u
#define GPIO_BTN_VOLUP 0x902u
#define GPIO_BTN_VOLDOWN 0xC00u

/* ---- SPI, section 9 ------------------------------------------------------------- */
#define SPI_BASE(n)                                                                   \
    ((n) == 0 ? 0x3C300000u : (n) == 1 ? 0x3CE00000u : (n) == 2 ? 0x3D200000u : \
     (n) == 3 ? 0x3DA00000u : 0x3E100000u)
#define SPI_CONTROL 0x00
#define SPI_SETUP 0x04
#define SPI_STATUS 0x08
#define SPI_TXDATA 0x10
#define SPI_RXDATA 0x20
#define SPI_CLKDIV 0x30
#define SPI_RXCNT 0x34
#define SPI_TXCNT 0x4C
#define SPI_CTL_RUN 1u
#define SPI_CTL_FIFO_RESET (3u << 2)   /* empty TX and RX FIFOs */
#define SPI_SETUP_AGD 1u               /* receive-only: clock out 0xFF dummies */
#define SPI_SETUP_MASTER (3u << 3)
#define SPI_SETUP_IRQ_COMPLETE (1u << 21)
#define SPI_ST_COMPLETE (1u << 22)
#define SPI_ST_RXLEVEL(v) (((v) >> 11) & 0x1Fu)
#define SPI_ST_ALL 0x40000Bu           /* every sticky status bit (W1C) */

/* ---- UART, section 18 --------------------------------------------------------- */
#define UART0_BASE 0x3CC00000u
#define ULCON 0x00
#define UCON 0x04
#define UFCON 0x08
#define UMCON 0x0C
#define UTRSTAT 0x10
#define UERSTAT 0x14
#define UFSTAT 0x18
#define UMSTAT 0x1C
#define UTXH 0x20
#define URXH 0x24
#define UBAUD 0x28
#define UTRSTAT_RXDR (1u << 0)
#define UTRSTAT_TXBE (1u << 1)
#define UTRSTAT_TXE (1u << 2)
#define UTRSTAT_TXTH (1u << 5)   /* TX threshold pending, write 1 to clear */
#define UFSTAT_RXCNT(v) ((v) & 0xFu)
#define UFSTAT_TXCNT(v) (((v) >> 4) & 0xFu)
#define UFSTAT_RXFULL (1u << 8)
#define UFSTAT_TXFULL (1u << 9)
#define UCON_RX_IRQ 1u
#define UCON_TX_IRQ (1u << 2)
#define UCON_LOOPBACK (1u << 5)
#define UCON_CLK_UCLK0 (1u << 10)   /* the 24 MHz crystal */
#define UCON_TXTH_EN (1u << 13)
#define UFCON_FIFO_EN 1u
#define UFCON_RX_RESET 2u
#define UFCON_TX_RESET 4u
#define UFCON_TXTRIG_4 (1u << 6)

/* ---- I2C and PMU, sections 11-12 ---------------------------------------------- */
#define I2C0_BASE 0x3C600000u
#define IICCON 0x00
#define IICSTAT 0x04
#define IICDS 0x0C
#define IICREG20 0x20
#define PMU_ADDR 0x73
#define PMU_OOCSHDWN 0x0A
#define PMU_RTC0 0x5C
#define PMU_GPMEM(n) (0x67 + (n))
#define PMU_VOLTAGE_LO 0x6D

/* ---- DMA (PL080), section 17 ------------------------------------------------------ */
#define DMAC0_BASE 0x38200000u
#define DMAC_INTSTATUS 0x000
#define DMAC_INTTCSTATUS 0x004
#define DMAC_INTTCCLEAR 0x008
#define DMAC_INTERRSTATUS 0x00C
#define DMAC_INTERRCLR 0x010
#define DMAC_RAWINTTC 0x014
#define DMAC_ENBLDCHNS 0x01C
#define DMAC_CONFIGURATION 0x030
#define DMAC_CH(n) (0x100 + 0x20 * (n))
#define DMAC_CH_SRC 0x00
#define DMAC_CH_DST 0x04
#define DMAC_CH_LLI 0x08
#define DMAC_CH_CONTROL 0x0C
#define DMAC_CH_CONFIG 0x10
#define DMA_CTL_SB(n) ((uint32_t)(n) << 12)   /* burst code: 0=1,1=4,2=8,3=16,4=32 */
#define DMA_CTL_DB(n) ((uint32_t)(n) << 15)
#define DMA_CTL_SW_WORD (2u << 18)
#define DMA_CTL_DW_WORD (2u << 21)
#define DMA_CTL_SI (1u << 26)
#define DMA_CTL_DI (1u << 27)
#define DMA_CTL_I (1u << 31)
#define DMA_CFG_E 1u
#define DMA_CFG_IE (1u << 14)
#define DMA_CFG_ITC (1u << 15)
#define DMA_CFG_ACTIVE (1u << 17)

/* A PL080 linked-list item (16 bytes, word aligned). */
typedef struct DmaLli {
    uint32_t src, dst, next, control;
} DmaLli;

/* ---- CPU ------------------------------------------------------------------------ */
#define CPU_HZ 533000000u
#define XTAL_HZ 24000000u
#define PCLK_HZ (CPU_HZ / 8)

#define SCTLR_VE (1u << 24)

static inline void irq_enable(void) { __asm__ volatile("cpsie i" ::: "memory"); }
static inline void irq_disable(void) { __asm__ volatile("cpsid i" ::: "memory"); }
static inline void fiq_enable(void) { __asm__ volatile("cpsie f" ::: "memory"); }
static inline void fiq_disable(void) { __asm__ volatile("cpsid f" ::: "memory"); }
static inline void wfi(void) { __asm__ volatile("mcr p15, 0, %0, c7, c0, 4" ::"r"(0) : "memory"); }
static inline uint32_t cpsr_read(void)
{
    uint32_t v;
    __asm__ volatile("mrs %0, cpsr" : "=r"(v));
    return v;
}
/* Save the I/F state and mask both; restore with irq_restore. */
static inline uint32_t irq_save(void)
{
    uint32_t v = cpsr_read();
    __asm__ volatile("cpsid if" ::: "memory");
    return v;
}
static inline void irq_restore(uint32_t cpsr)
{
    __asm__ volatile("msr cpsr_c, %0" ::"r"(cpsr) : "memory", "cc");
}
static inline uint32_t sctlr_read(void)
{
    uint32_t v;
    __asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(v));
    return v;
}
static inline void sctlr_write(uint32_t v) { __asm__ volatile("mcr p15, 0, %0, c1, c0, 0" ::"r"(v) : "memory"); }
static inline uint32_t dfsr_read(void)
{
    uint32_t v;
    __asm__ volatile("mrc p15, 0, %0, c5, c0, 0" : "=r"(v));
    return v;
}
static inline uint32_t far_read(void)
{
    uint32_t v;
    __asm__ volatile("mrc p15, 0, %0, c6, c0, 0" : "=r"(v));
    return v;
}
static inline uint32_t ifsr_read(void)
{
    uint32_t v;
    __asm__ volatile("mrc p15, 0, %0, c5, c0, 1" : "=r"(v));
    return v;
}
/* CP15 performance monitor (ARM1176 c15,c12): the cycle counter. */
static inline void ccnt_start(void)
{
    /* PMNC: E (enable) | C (reset CCNT), D = 0 (count every cycle) */
    __asm__ volatile("mcr p15, 0, %0, c15, c12, 0" ::"r"(5u) : "memory");
}
static inline uint32_t ccnt(void)
{
    uint32_t v;
    __asm__ volatile("mrc p15, 0, %0, c15, c12, 1" : "=r"(v)::"memory");
    return v;
}

/* ---- library API ------------------------------------------------------------------ */
/* start.S */
extern volatile uint32_t irq_entries;      /* IRQs taken through the VIC-address-read path */
extern volatile uint32_t fiq_entries;
void soc_halt(void) __attribute__((noreturn));

/* vic.c: handlers; VECTADDR[i] holds the handler address. */
typedef void (*IrqHandler)(void);
void vic_init(void);
void vic_set_handler(unsigned irq, IrqHandler h, unsigned prio);
void vic_enable(unsigned irq);
void vic_disable(unsigned irq);
void vic_select_fiq(unsigned irq, bool fiq);
void vic_soft_raise(unsigned irq);
void vic_soft_clear(unsigned irq);
void fiq_set_handler(IrqHandler h);
uint32_t vic_periph_id(unsigned vic);
/* Called from start.S. */
void irq_dispatch(void);
void fiq_dispatch(void);
uint32_t abort_dispatch(uint32_t kind, uint32_t lr, uint32_t spsr);

/* Data/prefetch abort recovery for the fault tests: while armed, an abort is
 * recorded and the faulting instruction skipped (data abort) or execution
 * resumes at `resume` (prefetch abort). */
typedef struct AbortRecord {
    volatile uint32_t count, kind, fsr, far, lr, spsr;
    volatile uint32_t resume;   /* prefetch-abort return address (0 = stop) */
} AbortRecord;
extern AbortRecord abort_rec;
extern volatile bool abort_expected;

/* uart.c: UART0, 115200 8N1 from the 24 MHz crystal, IRQ-driven TX. */
void uart_init(void);
void uart_putc(char c);          /* interrupt-driven once uart_irq_mode() was called */
void uart_puts(const char *s);
void uart_putc_poll(char c);     /* polled, usable with interrupts masked */
void uart_puts_poll(const char *s);
void uart_irq_mode(void);        /* switch to IRQ-driven TX (VIC must be up) */
void uart_flush(void);           /* wait until every byte has left the wire */
extern volatile uint32_t uart_tx_irqs;
extern volatile uint32_t uart_tx_irq_bytes;
extern volatile uint32_t uart_tx_queued;        /* bytes through the ring */
extern volatile bool uart_polled;
void kprintf(const char *fmt, ...);

/* report.c: common start (cycle counter, clocks, VIC, UART with IRQ-driven
 * TX, I2C0, IRQs unmasked) and TAP-like result lines. */
void soc_init(const char *name);
void report_begin(const char *name);
bool check(bool ok, const char *fmt, ...);
void report_end(void) __attribute__((noreturn));   /* summary, flush, power off */
void info(const char *fmt, ...);
void report_add(uint32_t passed, uint32_t failed);     /* carry counts across a reset */
void report_counts(uint32_t *passed, uint32_t *failed);

/* i2c.c / PMU */
void i2c0_init(void);
bool i2c0_write(uint8_t addr7, uint8_t reg, const uint8_t *buf, unsigned len);
bool i2c0_read(uint8_t addr7, uint8_t reg, uint8_t *buf, unsigned len);
bool pmu_read(uint8_t reg, uint8_t *buf, unsigned len);
bool pmu_write(uint8_t reg, uint8_t val);
void pmu_poweroff(void) __attribute__((noreturn));

/* timer.c */
void timer_start_periodic(unsigned n, uint32_t config_clk, uint32_t ticks);
void timer_stop(unsigned n);
void timer_ack(unsigned n);
/* Timers 4-7 share IRQ 7: the library's handler acknowledges each lane and
 * calls the lane's callback (installs itself on VIC0 source 7, level 4). */
typedef void (*TimerCallback)(void);
void timer_set_callback(unsigned n, TimerCallback cb);
/* Sleep in WFI (IRQs must be enabled) using timer 6 as the alarm. */
void sleep_cycles(uint32_t cycles);
uint64_t ticks64(void);
/* Absolute emulated cycles (cycles since power-on, as an input script counts
 * them): cycle_clock_sync() relates CCNT to the 24 MHz tick counter once
 * (spins up to one tick with interrupts masked; call again after anything
 * resets CCNT, e.g. ccnt_start); cycle_now() is CCNT plus that offset.
 * 32-bit: wraps after about 8 s of emulated time. */
void cycle_clock_sync(void);
uint32_t cycle_now(void);
void delay_cycles(uint32_t cycles);
/* Spin until (*addr & mask) == want or max_cycles pass (a driver's status
 * poll, timed by CCNT); *took = cycles spent, *last = the last value read
 * (either may be NULL).  True when the bits came. */
bool poll_reg(uint32_t addr, uint32_t mask, uint32_t want, uint32_t max_cycles, uint32_t *took, uint32_t *last);
/* Wait (WFI, timer 6 as timeout alarm; spinning if IRQs are masked) until
 * *v >= target or max_cycles pass; true if reached. */
bool wait_count(volatile uint32_t *v, uint32_t target, uint32_t max_cycles);
/* |a - b| <= b * ppm / 1e6 */
bool within_ppm(uint32_t a, uint32_t b, uint32_t ppm);

/* gpio.c: GPIO pads and the GPIO interrupt controller's start-up.
 * gpioic_start: the handshake of section 7.3 (SETUP 0x32, CLK 3, poll READY
 * bit 0 for up to 1 ms, CLK 2), skipped when READY is already set; returns
 * READY.  *polls (may be NULL) gets the number of polls that found it clear
 * (0 if skipped).  It does not flush the groups' INTSTAT/INTEN (step 5). */
bool gpioic_start(uint32_t *polls);
void gpio_set_function(unsigned gpio, unsigned fn);   /* GPIO_FN_* or a peripheral function */
bool gpio_read(unsigned gpio);                        /* the pin's level (pad DAT) */

/* dma.c: DMAC0 */
void dma_init(void);
void dma_start(unsigned ch, const DmaLli *first, bool irq);
extern volatile uint32_t dma_tc_irqs;
extern volatile uint32_t dma_tc_mask;
extern volatile uint32_t dma_tc_ccnt;
extern volatile uint32_t dma_err_mask;

/* wdt.c */
void wdt_arm(uint32_t ctrl);
void wdt_kick(void);
void wdt_off(void);

/* clocks */
void clocks_init(void);

/* util */
void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#endif
