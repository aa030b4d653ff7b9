/* PNG screenshots of the emulated screen (ipodsim boot --screenshot-at,
 * --screenshot-on-exit; docs/boot.md). */
#ifndef IPODSIM_FRONTEND_SCREENSHOT_H
#define IPODSIM_FRONTEND_SCREENSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Write w x h pixels (bytes R,G,B,A in memory order, rows top to bottom) as
 * an 8-bit RGBA PNG.  The image goes to a temporary file in the same
 * directory that is renamed over `path` once complete, so `path` is either
 * the old file or the whole new image, never a partial PNG.  False with a
 * one-line reason in err. */
bool screenshot_write_png(const char *path, const uint32_t *rgba, unsigned w, unsigned h, char *err,
                          size_t errlen);

/* True when a file can be created next to `path` (its directory exists and
 * is writable): checked when the option is parsed. */
bool screenshot_path_ok(const char *path, char *err, size_t errlen);

#endif
