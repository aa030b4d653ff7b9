/* Zephyr2-class multitouch controller of the iPod Touch 2G on SPI4
 * (0x3E100000, IRQ 55).  Not on the memory bus: an SPI target (dev/spi.h)
 * selected by chip-select GPIO 0xA07 (low = selected), with an attention
 * (ATN) output into the GPIO interrupt controller.  Sources: shared sheet
 * s5l8720-storage-display-io.md sections 7.1-7.5 and 15; openiBoot
 * multitouch-z2 (bootloader flow, ACK values, frame checks, ATN requested
 * on the falling edge); qemu-ios ipod_touch_multitouch (report values,
 * finger-record values).  Details: docs/devices/multitouch.md.
 *
 * Modelled: the bootloader (HBPP) phase - ATN acknowledge 1A A1 (short and
 * long form), 18 E1 filler, 30 01 data packets (header and payload
 * checksums, several packets per chip-select frame), 1C register read, 1E
 * masked register write, 1F calibration, 1D execute; application mode -
 * 16-byte E1/E2/E3/E4/E6 packets, E7 long control read, EA/EB frame reads
 * (length packet, frame packet), 00 and 47 interrupt clears.  Touch frames:
 * header + one 28-byte record per reported finger (up to MT_MAX_FINGERS),
 * events start/moved/ended and the "full end" frame 100 ms after the last
 * finger lifts, velocities from successive positions over the real frame
 * interval, frame counter and millisecond timestamp, all checksums.
 *
 * ATN is active LOW (openiBoot requests the falling edge): the line idles
 * high, goes low MT_ATN_US after a bootloader packet that needs an answer
 * (MT_CALIBRATE_MS after 1F), or when a scan produces a frame, and goes high
 * again when the host acknowledges (1A, 00, 47) or reads the frame.
 *
 * The reset GPIO returns the controller to its bootloader on any change of
 * level (sheet 7.1).  Not modelled: the power GPIO, the uploaded firmware's contents (only counted and
 * checksummed), proximity sensing, hover events, sensor images.  Choices
 * where the sources are silent are listed in the doc (the NAK value for a
 * bad checksum is a guess). */
#ifndef IPODSIM_DEV_MULTITOUCH_H
#define IPODSIM_DEV_MULTITOUCH_H

#include <stdbool.h>
#include <stdint.h>

#include "dev/spi.h"
#include "soc/device.h"

struct StateIO;

#define MT_MAX_FINGERS 5
#define MT_PANEL_W 320
#define MT_PANEL_H 480

/* Timing (sheet section 15 and 7.5). */
#define MT_ATN_US 100u         /* ATN after the end of a bootloader packet */
#define MT_CALIBRATE_MS 65u    /* ATN after 1F 01 */
#define MT_FRAME_HZ 60u        /* scan / frame rate while touched */
#define MT_FULL_END_MS 100u    /* "full end" frame after the last lift */
#define MT_REPULSE_MS 100u     /* ATN pulsed again while a frame stays unread */

/* Bootloader commands (first byte). */
enum MtBootCmd {
    MT_CMD_CLEAR = 0x00,
    MT_CMD_FILLER = 0x18,      /* 18 E1 */
    MT_CMD_ATN_ACK = 0x1A,     /* 1A A1 [18 E1 x3] */
    MT_CMD_READ_REG = 0x1C,    /* 1C 73 + addr + ck, 8 bytes */
    MT_CMD_EXECUTE = 0x1D,     /* 1D 53 ..., 12 bytes */
    MT_CMD_WRITE_REG = 0x1E,   /* 1E 33 + addr, mask, value + ck, 16 bytes */
    MT_CMD_CALIBRATE = 0x1F,   /* 1F 01 */
    MT_CMD_DATA = 0x30,        /* 30 01 + header, payload, trailer */
    MT_CMD_CLEAR2 = 0x47,
};

/* Application-mode commands. */
enum MtAppCmd {
    MT_CMD_STATUS = 0xE1,
    MT_CMD_IFACE_VERSION = 0xE2,
    MT_CMD_REPORT_INFO = 0xE3,
    MT_CMD_SHORT_WRITE = 0xE4,
    MT_CMD_SHORT_READ = 0xE6,
    MT_CMD_LONG_READ = 0xE7,
    MT_CMD_FRAME_READ = 0xEA,
    MT_CMD_FRAME_READ_FLIP = 0xEB,
};

/* Replies to 1A A1 (big-endian as sent). */
#define MT_ACK_OK 0x4BC1u          /* ready / upload accepted */
#define MT_ACK_REG_WRITTEN 0x4AD1u /* 1E accepted */
#define MT_ACK_NAK 0x4AC1u         /* bad checksum: a guess, see doc */

/* Values returned in application mode ([Q] via the sheet, 7.4). */
#define MT_IFACE_VERSION 1u
#define MT_MAX_PACKET 0x294u
#define MT_FAMILY_ID 81u
#define MT_ENDIANNESS 1u
#define MT_SENSOR_ROWS 15u
#define MT_SENSOR_COLUMNS 10u
#define MT_BCD_VERSION 51u
#define MT_SENSOR_WIDTH 5000u  /* 1/100 mm */
#define MT_SENSOR_HEIGHT 7500u
#define MT_VERSION_REG 0x10008FFCu
#define MT_VERSION_VALUE 0x5A020028u

/* Report IDs. */
enum MtReport {
    MT_REPORT_UNKNOWN70 = 0x70,
    MT_REPORT_FAMILY_ID = 0xD1,
    MT_REPORT_SENSOR_INFO = 0xD3,
    MT_REPORT_REGION_DESC = 0xD0,
    MT_REPORT_REGION_PARAM = 0xA1,
    MT_REPORT_DIMENSIONS = 0xD9,
};

/* Frame format. */
#define MT_FRAME_TYPE 0x44u
#define MT_FRAME_HEADER_LEN 24u
#define MT_FINGER_LEN 28u
enum MtEvent { MT_EV_FULL_END = 0, MT_EV_START = 3, MT_EV_MOVED = 4, MT_EV_ENDED = 7 };

/* Sensor coordinates (1/100 mm) of the panel edges, y growing upwards. */
#define MT_X_MIN (-75)
#define MT_X_MAX 4657
#define MT_Y_MIN (-75)
#define MT_Y_MAX 7275
#define MT_TIP_OFFSET 123.5 /* 1.235 mm finger-tip correction subtracted from y */
/* Finger ellipse / pressure values while touching ([Q]). */
#define MT_RADIUS1 100u
#define MT_RADIUS2 660u
#define MT_RADIUS3 580u
#define MT_ANGLE 19317u
#define MT_DENSITY 150u

typedef struct MtFinger {
    bool down;
    float x, y; /* panel pixels, 0..319 / 0..479 */
} MtFinger;

typedef struct MtDev MtDev;

MtDev *mt_create(const DevEnv *env);
void mt_destroy(MtDev *m);
const SpiTarget *mt_spi_target(MtDev *m);
/* IrqLine sink for the chip-select GPIO (n ignored; level false = selected). */
void mt_chip_select(void *mt, unsigned n, bool level);
/* ATN output: the level the GPIO input pin sees (high = idle). */
void mt_connect_atn(MtDev *m, IrqLine atn);
/* IrqLine sink for the reset GPIO: any change of level puts the controller
 * back into its bootloader (the driver must bootload it again).  The first
 * level seen (at connect) is not a change. */
void mt_reset_line(void *mt, unsigned n, bool level);
/* Power-on state (also on a machine reset); the host's fingers are kept. */
void mt_reset(MtDev *m);
/* Host input: finger i is contact i + 1; n <= MT_MAX_FINGERS (more are ignored),
 * slots >= n are up. */
void mt_set_fingers(MtDev *m, const MtFinger *fingers, unsigned n);
void mt_state(MtDev *m, struct StateIO *io); /* chunk "MTCH" v2 */

#endif
