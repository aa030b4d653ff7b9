/* Save/load container (style.md 8.4; docs/savestate.md once save states
 * ship).  One function per device both saves and loads (melonDS style):
 *
 *   static void timer_state(void *opaque, StateIO *io) {
 *       TimerDev *t = opaque;
 *       if (!state_begin(io, "TIMR", 1)) return;
 *       state_u32(io, &t->config); ...
 *       state_end(io);
 *   }
 *
 * The stream is a magic "IPSS" + format version, then chunks: a 4-character
 * tag, the chunk's version and its length.  Loading checks each tag and
 * version in order; any mismatch or truncation puts the StateIO in error and
 * later calls do nothing, so a bad file never half-loads into a device
 * without being reported. */
#ifndef IPODSIM_SOC_STATE_H
#define IPODSIM_SOC_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct StateIO StateIO;

StateIO *state_create_save(void);
StateIO *state_create_load(const void *data, size_t len);
void state_destroy(StateIO *io);

bool state_is_loading(const StateIO *io);
/* Saved bytes so far (save mode). */
const void *state_data(const StateIO *io, size_t *len);
/* NULL when fine, else a one-line reason. */
const char *state_error(const StateIO *io);

/* Open a chunk; false when the StateIO is in error (skip the body). */
bool state_begin(StateIO *io, const char tag[4], uint32_t version);
void state_end(StateIO *io);

void state_bytes(StateIO *io, void *buf, size_t len);
void state_u8(StateIO *io, uint8_t *v);
void state_u16(StateIO *io, uint16_t *v);
void state_u32(StateIO *io, uint32_t *v);
void state_u64(StateIO *io, uint64_t *v);
void state_bool(StateIO *io, bool *v);

#endif
