/* Every event the machine can schedule, one slot each (style.md 8.4).  An
 * event is identified by this number, never by a function pointer, so the
 * scheduler's queue can be saved and restored: the callback is re-bound from
 * the registration the owning device made at creation.  Adding an event is one
 * line here.  Devices with several instances use consecutive slots
 * (EV_UART_TX(n) = EV_UART0_TX + n). */
#ifndef IPODSIM_SOC_EVENTS_H
#define IPODSIM_SOC_EVENTS_H

#define EVENT_LIST(X)                                                                 \
    X(TIMER0) X(TIMER1) X(TIMER2) X(TIMER3) X(TIMER4) X(TIMER5) X(TIMER6) X(TIMER7)    \
    X(WDT)                                                                            \
    X(UART0_TX) X(UART1_TX) X(UART2_TX) X(UART3_TX)                                   \
    X(UART0_RX) X(UART1_RX) X(UART2_RX) X(UART3_RX)                                   \
    X(SPI0) X(SPI1) X(SPI2) X(SPI3) X(SPI4)                                           \
    X(I2C0) X(I2C1)                                                                   \
    X(DMAC0_CH0) X(DMAC0_CH1) X(DMAC0_CH2) X(DMAC0_CH3)                               \
    X(DMAC0_CH4) X(DMAC0_CH5) X(DMAC0_CH6) X(DMAC0_CH7)                               \
    X(DMAC1_CH0) X(DMAC1_CH1) X(DMAC1_CH2) X(DMAC1_CH3)                               \
    X(DMAC1_CH4) X(DMAC1_CH5) X(DMAC1_CH6) X(DMAC1_CH7)                               \
    X(SYSIC_POWER) X(CLOCK_PLL)                                                       \
    X(AES) X(SHA1) X(PKE) X(NOR)                                                      \
    X(LCD) X(MIPI) X(MULTITOUCH)                                                      \
    X(MACHINE) /* soc/s5l8720.c: host polling (serial input, Ctrl-C) */              \
    X(TEST0) X(TEST1) X(TEST2) X(TEST3) /* unit tests only */

typedef enum EventId {
#define EVENT_ENUM(name) EV_##name,
    EVENT_LIST(EVENT_ENUM)
#undef EVENT_ENUM
    EV_COUNT
} EventId;

#define EV_UART_TX(n) ((EventId)(EV_UART0_TX + (n)))
#define EV_UART_RX(n) ((EventId)(EV_UART0_RX + (n)))
#define EV_SPI(n) ((EventId)(EV_SPI0 + (n)))
#define EV_I2C(n) ((EventId)(EV_I2C0 + (n)))
#define EV_TIMER(n) ((EventId)(EV_TIMER0 + (n)))
#define EV_DMAC_CH(ctrl, ch) ((EventId)(EV_DMAC0_CH0 + 8 * (ctrl) + (ch)))

#endif
