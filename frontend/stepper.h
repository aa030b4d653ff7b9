/* Interactive single-step prompt of `ipodsim run --step` (commands in
 * docs/debugging.md).  Reads commands from a FILE (stdin), writes to
 * another (stdout); works the same from a terminal or a pipe, and end of
 * input quits. */
#ifndef IPODSIM_FRONTEND_STEPPER_H
#define IPODSIM_FRONTEND_STEPPER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cpu/arm11.h"

typedef struct Stepper Stepper;

Stepper *stepper_create(Arm11 *cpu, FILE *in, FILE *out);
void stepper_destroy(Stepper *s);
/* Before the instruction at pc: stops at the prompt when a step count ran
 * out or a breakpoint is hit.  Returns false when the user quit. */
bool stepper_before(Stepper *s, uint32_t pc);
/* After an instruction (or interrupt): true when its trace line is to be
 * printed on the stepper's output (it was stepped with `s`). */
bool stepper_after(Stepper *s);
FILE *stepper_output(const Stepper *s);
bool stepper_quit(const Stepper *s);

#endif
