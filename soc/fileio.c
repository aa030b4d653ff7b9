/* Host file helpers (soc/fileio.h). */
#include "soc/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

FileReadStatus file_read_all(const char *path, size_t max, uint8_t **buf, size_t *len, int *sys_errno)
{
    *buf = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (sys_errno) *sys_errno = errno;
        return FILE_READ_OPEN_FAILED;
    }
    /* Grow as the data comes: `max` can be large (a DRAM image) while most
     * files are small, and the size of a pipe is not known in advance. */
    size_t cap = 4096, n = 0;
    uint8_t *b = malloc(cap + 1);
    FileReadStatus st = b ? FILE_READ_OK : FILE_READ_NO_MEMORY;
    while (st == FILE_READ_OK) {
        if (n == cap) {
            if (cap > max) {
                st = FILE_READ_TOO_LARGE;
                break;
            }
            size_t ncap = cap * 2;
            uint8_t *nb = ncap > cap ? realloc(b, ncap + 1) : NULL;
            if (!nb) {
                st = FILE_READ_NO_MEMORY;
                break;
            }
            b = nb;
            cap = ncap;
        }
        size_t got = fread(b + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                if (sys_errno) *sys_errno = errno;
                st = FILE_READ_IO_ERROR;
            }
            break;
        }
    }
    fclose(f);
    if (st == FILE_READ_OK && n > max) st = FILE_READ_TOO_LARGE;
    if (st != FILE_READ_OK) {
        free(b);
        return st;
    }
    b[n] = 0;
    *buf = b;
    *len = n;
    return FILE_READ_OK;
}

void file_sync_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
    if (!dir) return;
    int fd = open(dir, O_RDONLY);
    free(dir);
    if (fd < 0) return;
    (void)fsync(fd);
    close(fd);
}

bool file_write_atomic(const char *path, const void *buf, size_t len, unsigned mode, char *err, size_t errlen)
{
    size_t pl = strlen(path);
    char *tmp = malloc(pl + 16);
    if (!tmp) {
        snprintf(err, errlen, "%s: out of memory", path);
        return false;
    }
    snprintf(tmp, pl + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot create a temporary file: %s", path, strerror(errno));
        free(tmp);
        return false;
    }
    bool ok = true;
    const uint8_t *p = buf;
    size_t done = 0;
    while (ok && done < len) {
        ssize_t w = write(fd, p + done, len - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            snprintf(err, errlen, "%s: write error: %s", path, w < 0 ? strerror(errno) : "short write");
            ok = false;
        } else {
            done += (size_t)w;
        }
    }
    if (ok && fchmod(fd, (mode_t)mode) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        ok = false;
    }
    /* On disk before the rename makes it visible: a crash never leaves an
     * empty or partial file under the final name. */
    if (ok && fsync(fd) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        ok = false;
    }
    if (close(fd) != 0 && ok) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        ok = false;
    }
    if (ok && rename(tmp, path) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        ok = false;
    }
    if (ok) file_sync_dir(path);
    else unlink(tmp);
    free(tmp);
    return ok;
}
