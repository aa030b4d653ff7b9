/* Command-line helpers shared by the ipodsim commands. */
#ifndef IPODSIM_FRONTEND_CLI_H
#define IPODSIM_FRONTEND_CLI_H

#include <stdbool.h>
#include <stdint.h>

/* The whole string as an unsigned number, decimal or 0x hex (strtoull base
 * 0, so a leading 0 means octal), within [min, max].  No sign, no spaces, no
 * trailing text, no overflow; *out is only written on success. */
bool cli_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);

#endif
