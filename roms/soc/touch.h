/*
 * ipodsim SoC firmware library: driver for the Zephyr2-class multitouch
 * controller on SPI4 (roms/soc/touch.c).  It speaks the controller's real
 * protocol (shared sheet s5l8720-storage-display-io.md section 7), so it is
 * also a test of the emulator's model (dev/multitouch.c).  The bring-up
 * sequence, the waits and their reasons: docs/touch-firmware.md.
 *
 * Wiring (docs/devices/multitouch.md): SPI4 at 0x3E100000, chip select
 * GPIO 0xA07 (low = selected), reset GPIO 0x606, attention (ATN, active low)
 * on GPIO 0x1003 = GPIO interrupt 0x9B (SYSIC group 4 bit 27, VIC0 line 2).
 *
 * Call everything from thread level (not from an interrupt handler): SPI
 * transfers sleep in WFI until SPI4's "complete" interrupt, which a running
 * handler of equal or higher priority would hold off.  With IRQs masked the
 * driver polls instead.
 */
#ifndef IPODSIM_ROMS_TOUCH_H
#define IPODSIM_ROMS_TOUCH_H

#include <stdbool.h>
#include <stdint.h>

#define TOUCH_CS_GPIO 0xA07u
#define TOUCH_RESET_GPIO 0x606u
#define TOUCH_ATN_GPIO 0x1003u
#define TOUCH_ATN_GPIO_IRQ 0x9Bu
#define TOUCH_MAX_FINGERS 5

/* Finger record events (sheet 7.5). */
enum { TOUCH_EV_FULL_END = 0, TOUCH_EV_START = 3, TOUCH_EV_MOVED = 4, TOUCH_EV_ENDED = 7 };

typedef struct TouchFinger {
    uint8_t id, event;
    int16_t x, y;        /* sensor units, 1/100 mm, y grows upwards */
    int16_t vx, vy;      /* 1/8 mm/s */
    uint16_t density;
} TouchFinger;

typedef struct TouchFrame {
    uint8_t type, number;
    uint32_t timestamp_ms;
    uint8_t nfingers;
    TouchFinger finger[TOUCH_MAX_FINGERS];
} TouchFrame;

/* What the controller told the driver during bring-up. */
typedef struct TouchInfo {
    uint32_t version_reg;            /* bootloader register 0x10008FFC */
    uint8_t iface_version;
    uint16_t max_packet;
    uint8_t family_id;
    uint8_t rows, columns;
    uint16_t bcd_version;
    uint32_t width, height;          /* 1/100 mm */
} TouchInfo;

/* Reset the controller through its reset GPIO, bootload it (firmware and
 * calibration upload, execute), query the interface version and reports,
 * and enable the ATN interrupt.  Needs soc_init()/vic_init() done and IRQs
 * enabled.  True when the controller is running; info may be NULL. */
bool touch_init(TouchInfo *info);
/* Non-blocking: true when a frame was waiting (ATN) and was read with every
 * checksum correct; false when there was none (or it was corrupt: see
 * touch_errors). */
bool touch_read(TouchFrame *f);
/* Sensor units -> panel pixels (0..319, 0..479), the inverse of the
 * emulator's documented mapping, clamped to the panel. */
void touch_to_pixels(int16_t sx, int16_t sy, int *px, int *py);
extern volatile uint32_t touch_atn_irqs;  /* ATN interrupts taken */
extern uint32_t touch_errors;             /* bad checksums / echoes seen */

/* ---- lower level, for tests and diagnostics ---- */

/* Every answer of the last touch_init, for a test to check.  ACKs are the
 * two bytes of the reply to 1A A1, big-endian (0x4BC1 = OK). */
typedef struct TouchBootLog {
    const char *failed;       /* NULL, or the step touch_init gave up in */
    uint32_t drained;         /* ATNs acknowledged right after the reset */
    uint16_t hello_ack;       /* 1A A1 before any upload */
    uint16_t fw_ack;          /* after the firmware stream */
    uint8_t fw_tries;         /* firmware stream attempts (1 = first time) */
    uint16_t cal_ack[2];      /* after the two calibration chunks groups */
    uint8_t cal_chunks;       /* calibration chunks sent */
    uint16_t version_ack;     /* long ACK of the 1C read */
    uint16_t calibrate_ack;   /* after 1F 01 */
    uint32_t calibrate_cycles; /* end of 1F -> its ATN */
    uint8_t iface_tries;      /* E2 attempts */
    uint16_t report_len[3];   /* E3 lengths of 0xD1, 0xD3, 0xD9 */
    uint32_t cycles;          /* whole touch_init */
    bool flip_nop;            /* frame reads use EB with byte 1 alternating 1/2 */
} TouchBootLog;
extern TouchBootLog touch_boot;

/* Pulse the reset GPIO (low 1 ms, high, 5 ms): the controller is back in
 * its bootloader and the driver stops reading frames until touch_init. */
void touch_reset(void);
/* One chip-select-low transaction of n bytes at the normal (slow) clock,
 * full duplex; rx may be NULL.  False if the SPI block did not finish. */
bool touch_xfer(const uint8_t *tx, uint8_t *rx, unsigned n);
/* Level of the ATN pin (true = low = asserted). */
bool touch_atn_asserted(void);
/* Application mode: report `id` through E3 (length) then E6 (short read,
 * length <= 11) or E7 (long read) when long_read is set or the report is
 * longer.  Returns the length copied to buf (<= max), or -1 on a bad echo,
 * checksum or error byte. */
int touch_report(uint8_t id, uint8_t *buf, unsigned max, bool long_read);

#endif
