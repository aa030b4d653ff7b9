/* The Pinot 320x480 MIPI-DSI panel of the iPod Touch 2G, as a peripheral
 * behind the MIPI-DSIM (dev/mipi_dsi.h DsiPeripheral), not a bus device.
 *
 * Sources: s5l8720-storage-display-io sections 5.2 (the ID bytes Apple's
 * firmware accepts in [Q]), 5.3 (openiBoot's read-back and ID assembly) and
 * 5.4 (power-on/shutdown command order); docs/devices/panel.md.
 *
 * Modelled: the MIPI DCS state a driver changes and can read back: sleep
 * in/out (0x10/0x11), display off/on (0x28/0x29), soft reset (0x01), normal/
 * partial/idle/inversion mode bits, address mode (0x36) and pixel format
 * (0x3A) stored; "set maximum return packet size" (0x37) limits answers.
 * Reads: the panel-ID register 0xB1 (generic read, iBoot/openiBoot) and DCS
 * 0x04 (read display ID) answer the ID bytes 3C D1 A1; DCS 0xDA/0xDB/0xDC
 * answer one ID byte each; DCS 0x0A (power mode), 0x0B (address mode),
 * 0x0C (pixel format), 0x0D (display mode), 0x0E (signal mode) answer the
 * current state.  Unknown reads answer nothing (the DSIM reports a timeout).
 *
 * Not modelled: the panel's own timing rules (5 ms after sleep out, 120 ms
 * before sleep in: the drivers wait themselves), gamma/manufacturer
 * registers (writes are accepted and ignored).
 *
 * Reset GPIO 0x107 (sheet 5.4: low 10 ms at power-on, low again at
 * shutdown): while the line is low the panel is held at its power-on state
 * and answers nothing; it shows nothing until it is released and woken. */
#ifndef IPODSIM_DEV_PANEL_H
#define IPODSIM_DEV_PANEL_H

#include <stdbool.h>
#include <stdint.h>

#include "dev/mipi_dsi.h"
#include "soc/device.h"
#include "soc/state.h"

#define PANEL_ID_LEN 3
#define PANEL_ID_REG 0xB1

/* DCS command numbers. */
enum {
    DCS_NOP = 0x00,
    DCS_SOFT_RESET = 0x01,
    DCS_READ_ID = 0x04,
    DCS_GET_POWER_MODE = 0x0A,
    DCS_GET_ADDRESS_MODE = 0x0B,
    DCS_GET_PIXEL_FORMAT = 0x0C,
    DCS_GET_DISPLAY_MODE = 0x0D,
    DCS_GET_SIGNAL_MODE = 0x0E,
    DCS_ENTER_SLEEP = 0x10,
    DCS_EXIT_SLEEP = 0x11,
    DCS_PARTIAL_MODE = 0x12,
    DCS_NORMAL_MODE = 0x13,
    DCS_INVERT_OFF = 0x20,
    DCS_INVERT_ON = 0x21,
    DCS_DISPLAY_OFF = 0x28,
    DCS_DISPLAY_ON = 0x29,
    DCS_TEAR_OFF = 0x34,
    DCS_TEAR_ON = 0x35,
    DCS_ADDRESS_MODE = 0x36,
    DCS_IDLE_OFF = 0x38,
    DCS_IDLE_ON = 0x39,
    DCS_PIXEL_FORMAT = 0x3A,
    DCS_READ_ID1 = 0xDA,
    DCS_READ_ID2 = 0xDB,
    DCS_READ_ID3 = 0xDC,
};

/* DCS get_power_mode bits. */
#define PANEL_PM_DISPLAY_ON (1u << 2)
#define PANEL_PM_NORMAL (1u << 3)
#define PANEL_PM_SLEEP_OUT (1u << 4)
#define PANEL_PM_PARTIAL (1u << 5)
#define PANEL_PM_IDLE (1u << 6)
#define PANEL_PM_BOOSTER (1u << 7)

typedef struct PanelDev PanelDev;

PanelDev *panel_create(const DevEnv *env);
void panel_destroy(PanelDev *p);
/* Hardware reset (power on, reset GPIO): sleep in, display off. */
void panel_reset(PanelDev *p);
/* IrqLine sink for the reset GPIO (active low). */
void panel_reset_line(void *panel, unsigned n, bool level);
/* The DSI interface to attach to the DSIM (valid until panel_destroy). */
const DsiPeripheral *panel_dsi(PanelDev *p);
/* The panel shows the pipe's picture: out of sleep and display on. */
bool panel_display_on(const PanelDev *p);
bool panel_sleeping(const PanelDev *p);
/* The DCS get_power_mode byte. */
uint8_t panel_power_mode(const PanelDev *p);
void panel_state(PanelDev *p, StateIO *io); /* chunk "PNOT" v2 */
/* Commands seen so far (DCS writes + reads), for tests and debugging. */
unsigned panel_commands(const PanelDev *p);

#endif
