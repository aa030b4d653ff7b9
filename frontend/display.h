/* The SDL2 window of `ipodsim boot` (docs/boot.md): the 320x480 screen at an
 * integer scale and the buttons on the keyboard.  Everything here runs on
 * the main thread between soc_run slices; headless runs never call it, so
 * they never initialise SDL. */
#ifndef IPODSIM_FRONTEND_DISPLAY_H
#define IPODSIM_FRONTEND_DISPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "soc/s5l8720.h"

typedef struct Display Display;

/* True when a window system is reachable at all (DISPLAY or WAYLAND_DISPLAY
 * set; always true on macOS and Windows).  Checked before touching SDL. */
bool display_available(void);

/* Open the window, (SOC_SCREEN_W * scale) x (SOC_SCREEN_H * scale), showing a
 * black screen, and print "ipodsim: window WxH" and the key bindings on
 * stderr.  NULL with a one-line reason when SDL has no video device. */
Display *display_open(unsigned scale, char *err, size_t errlen);
void display_close(Display *d);

/* The key bindings, one per line (also in --help). */
void display_print_keys(FILE *out);

/* Handle pending window and keyboard events: buttons go to soc_set_button.
 * False when the user asked to quit (Escape or the window was closed). */
bool display_poll(Display *d, Soc *soc);

/* Show the current screen when the machine produced a new frame (or every
 * quarter second, to catch the panel switching off), at most once per host
 * frame (1/60 s).  `now_ns` is the host's monotonic clock. */
void display_update(Display *d, Soc *soc, uint64_t now_ns);

/* The screen as RGBA bytes; black (0,0,0,255) when the panel or pipe is off.
 * No SDL: shared with the headless screenshots. */
void display_render_screen(Soc *soc, uint32_t *rgba);

#endif
