/* Host file helpers shared by the device layer (dev/nor.c), the image tools
 * (image/) and the front end: one whole-file reader with a size limit and
 * one crash-safe writer.  Callers word their own messages from the status,
 * so each command keeps its wording. */
#ifndef IPODSIM_SOC_FILEIO_H
#define IPODSIM_SOC_FILEIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum FileReadStatus {
    FILE_READ_OK = 0,
    FILE_READ_OPEN_FAILED, /* fopen failed: see *sys_errno */
    FILE_READ_IO_ERROR,    /* a read failed: see *sys_errno */
    FILE_READ_TOO_LARGE,   /* more than max bytes */
    FILE_READ_NO_MEMORY,
} FileReadStatus;

/* The whole file at `path`, at most `max` bytes, into a new buffer (free()
 * it) that also holds a NUL after the data, so text can be parsed in place.
 * On failure *buf is NULL and *len 0; *sys_errno (may be NULL) gets errno
 * for OPEN_FAILED / IO_ERROR. */
FileReadStatus file_read_all(const char *path, size_t max, uint8_t **buf, size_t *len, int *sys_errno);

/* Write `len` bytes to `path` so that a crash or a full disk never leaves a
 * partial file under that name: a temporary file beside it (mkstemp), mode
 * `mode`, fsync, rename over `path`, then fsync of the directory.  False
 * with "PATH: reason" in err (nothing left behind). */
bool file_write_atomic(const char *path, const void *buf, size_t len, unsigned mode, char *err, size_t errlen);

/* fsync the directory holding `path` (best effort: some filesystems refuse),
 * so a rename or unlink in it is on disk. */
void file_sync_dir(const char *path);

#endif
