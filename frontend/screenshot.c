/* PNG screenshots with libpng's simplified write API (frontend/screenshot.h). */
#include "frontend/screenshot.h"

#include "soc/fileio.h"

#include <errno.h>
#include <limits.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "soc/fileio.h"

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
    /* Encode in memory, then one crash-safe write (soc/fileio.h): a reader
     * of the file never sees half a PNG. */
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    img.width = w;
    img.height = h;
    img.format = PNG_FORMAT_RGBA;
    png_alloc_size_t size = 0;
    void *png = NULL;
    bool ok = png_image_write_get_memory_size(img, size, 0, rgba, (png_int_32)(w * 4), NULL) != 0 &&
              (png = malloc(size)) != NULL &&
              png_image_write_to_memory(&img, png, &size, 0, rgba, (png_int_32)(w * 4), NULL) != 0;
    if (!ok) snprintf(err, errlen, "cannot encode '%.300s': %s", path, png ? img.message : "out of memory");
    png_image_free(&img);
    /* An ordinary file: 0666 less the umask, as fopen would make it. */
    mode_t mask = umask(0);
    umask(mask);
    char why[512];
    if (ok && !file_write_atomic(path, png, size, 0666 & ~mask, why, sizeof why)) {
        snprintf(err, errlen, "cannot write the screenshot: %s", why);
        ok = false;
    }
    free(png);
    return ok;
}
