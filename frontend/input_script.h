/* --input-script: host input (buttons and touches) stamped with emulated
 * cycles, so a run with the same script sees the same input at the same
 * instruction every time.
 *
 * Format, one line each; blank lines and '#' comments are ignored:
 *     <CYCLE> button <home|power|volup|voldown> <down|up>
 *     <CYCLE> touch X,Y [X,Y ...]      fingers 1..n down there (n <= 5), the others lifted
 *     <CYCLE> touch up                 every finger lifted
 *     <CYCLE> drag DURATION X,Y [X,Y ...] to X,Y [X,Y ...]
 * CYCLE and DURATION are emulated cycles (533 MHz; decimal or 0x hex);
 * lines are in non-decreasing cycle order.  X,Y are panel pixels (x 0..319,
 * y 0..479, fractions allowed, no spaces around the comma).  A drag puts
 * its fingers down at the first positions at CYCLE and moves each in a
 * straight line to the matching second position, reached exactly at
 * CYCLE + DURATION; the fingers stay down afterwards.  It is expanded here,
 * at parse time, into touch events every INPUT_DRAG_STEP cycles (120 Hz)
 * from CYCLE plus the final one, and it occupies CYCLE..CYCLE+DURATION: the
 * next line may not come before CYCLE + DURATION (it may come at it, and
 * then applies after the drag's last position).  docs/boot.md documents the
 * format for users. */
#ifndef IPODSIM_FRONTEND_INPUT_SCRIPT_H
#define IPODSIM_FRONTEND_INPUT_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dev/multitouch.h"
#include "soc/s5l8720.h"

#define INPUT_DRAG_STEP 4441667ull           /* 533 MHz / 120, rounded */
#define INPUT_SCRIPT_MAX_EVENTS (1u << 18)   /* after drag expansion (about 36 emulated minutes of drags) */

typedef enum InputKind { INPUT_BUTTON, INPUT_TOUCH } InputKind;

typedef struct InputEvent {
    uint64_t cycle;
    InputKind kind;
    union {
        struct {                     /* INPUT_BUTTON */
            SocButton button;
            bool pressed;
        };
        struct {                     /* INPUT_TOUCH: finger[0..nfingers-1] down, the rest lifted */
            unsigned nfingers;
            MtFinger finger[MT_MAX_FINGERS];
        };
    };
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

/* Put fingers on the machine's touch screen (soc_set_fingers: finger i is
 * contact i + 1, slots >= n lifted) and, under `-d dev`, log them as
 * "[dev] touch: N fingers down at cycle C: 1=X,Y 2=X,Y ...".  The script and
 * the window both enter touches through here. */
void input_script_touch(Soc *soc, const MtFinger *fingers, unsigned n);

#endif
