/* Command-line helpers (frontend/cli.h). */
#include "frontend/cli.h"

#include <errno.h>
#include <stdlib.h>

bool cli_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
    /* strtoull alone would accept " 5", "-1" (as 2^64-1) and "" */
    if (!s || *s < '0' || *s > '9') return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || *end || v < min || v > max) return false;
    *out = (uint64_t)v;
    return true;
}
