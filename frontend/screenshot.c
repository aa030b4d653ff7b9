/* PNG screenshots with libpng's simplified write API (frontend/screenshot.h). */
#include "frontend/screenshot.h"

#include <errno.h>
#include <limits.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The directory part of path ("." when it has none). */
static void dir_of(const char *path, char *dir, size_t len)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        snprintf(dir, len, ".");
    } else if (slash == path) {
        snprintf(dir, len, "/");
    } else {
        snprintf(dir, len, "%.*s", (int)(slash - path), path);
    }
}

bool screenshot_path_ok(const char *path, char *err, size_t errlen)
{
    char dir[PATH_MAX];
    if (!*path) {
        snprintf(err, errlen, "empty screenshot file name");
        return false;
    }
    if (path[strlen(path) - 1] == '/') {
        snprintf(err, errlen, "screenshot path '%.300s' names a directory", path);
        return false;
    }
    dir_of(path, dir, sizeof dir);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "screenshot directory '%.300s' does not exist", dir);
        return false;
    }
    if (access(dir, W_OK) != 0) {
        snprintf(err, errlen, "screenshot directory '%.300s' is not writable", dir);
        return false;
    }
    return true;
}

bool screenshot_write_png(const char *path, const uint32_t *rgba, unsigned w, unsigned h, char *err,
                          size_t errlen)
{
    char tmp[PATH_MAX + 16];
    if (snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= (int)sizeof tmp) {
        snprintf(err, errlen, "screenshot path too long");
        return false;
    }
    int fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(err, errlen, "cannot create '%.300s': %s", tmp, strerror(errno));
        return false;
    }
    /* mkstemp makes the file 0600; a screenshot is an ordinary file. */
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask); /* on failure the file just stays private */
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        snprintf(err, errlen, "cannot open '%.300s': %s", tmp, strerror(errno));
        close(fd);
        remove(tmp);
        return false;
    }
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    img.width = w;
    img.height = h;
    img.format = PNG_FORMAT_RGBA;
    bool ok = png_image_write_to_stdio(&img, f, 0, rgba, (png_int_32)(w * 4), NULL) != 0;
    if (!ok) snprintf(err, errlen, "cannot encode '%.300s': %s", path, img.message);
    png_image_free(&img);
    if (ok && (fflush(f) != 0 || fsync(fileno(f)) != 0)) {
        snprintf(err, errlen, "cannot write '%.300s': %s", path, strerror(errno));
        ok = false;
    }
    if (fclose(f) != 0 && ok) {
        snprintf(err, errlen, "cannot write '%.300s': %s", path, strerror(errno));
        ok = false;
    }
    if (ok && rename(tmp, path) != 0) {
        snprintf(err, errlen, "cannot rename to '%.300s': %s", path, strerror(errno));
        ok = false;
    }
    if (!ok) remove(tmp);
    return ok;
}
