/* --input-script: host input (buttons now; touches once the multitouch
 * controller is wired) stamped with emulated cycles, so a run with the same
 * script sees the same input at the same instruction every time.
 *
 * Format, one event per line; blank lines and '#' comments are ignored:
 *     <CYCLE> button <home|power|volup|voldown> <down|up>
 * CYCLE is an absolute emulated cycle (decimal or 0x hex); lines are in
 * non-decreasing cycle order.  docs/boot.md documents it for users. */
#ifndef IPODSIM_FRONTEND_INPUT_SCRIPT_H
#define IPODSIM_FRONTEND_INPUT_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "soc/s5l8720.h"

typedef struct InputEvent {
    uint64_t cycle;
    SocButton button;
    bool pressed;
} InputEvent;

typedef struct InputScript {
    InputEvent *ev;
    size_t n, next;
} InputScript;

/* Parse text (name is used in messages).  False with "NAME:LINE: reason". */
bool input_script_parse(const char *name, const char *text, InputScript *s, char *err, size_t errlen);
bool input_script_load(const char *path, InputScript *s, char *err, size_t errlen);
void input_script_free(InputScript *s);
/* Cycle of the next event not yet applied, UINT64_MAX when none is left. */
uint64_t input_script_next_cycle(const InputScript *s);
/* Apply every event due at or before now; returns how many. */
size_t input_script_apply_due(InputScript *s, Soc *soc, uint64_t now);

#endif
