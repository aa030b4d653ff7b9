/* Host file helpers (soc/fileio.c): the whole-file reader returns the bytes
 * with a NUL after them, accepts exactly `max` bytes and refuses one more,
 * reports a missing file with errno and a directory as a read error; the
 * atomic writer creates or replaces the file with the given mode and leaves
 * no temporary file behind, also when it fails. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "soc/fileio.h"

static char dir[64];

static void setup(void)
{
    strcpy(dir, "/tmp/ipodsim-fileio.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static unsigned entries(void)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    unsigned n = 0;
    for (struct dirent *e; (e = readdir(d));)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    closedir(d);
    return n;
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static void put(const char *name, const char *data, size_t len)
{
    char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    fclose(f);
}

START_TEST(test_fileio_read_limits)
{
    char p[128];
    uint8_t *buf;
    size_t len;
    int e = 0;
    put("five", "ab\ncd", 5);
    snprintf(p, sizeof p, "%s/five", dir);
    ck_assert_int_eq(file_read_all(p, 5, &buf, &len, &e), FILE_READ_OK);
    ck_assert_uint_eq(len, 5);
    ck_assert_mem_eq(buf, "ab\ncd", 6); /* and the NUL after the data */
    free(buf);
    ck_assert_int_eq(file_read_all(p, 4, &buf, &len, &e), FILE_READ_TOO_LARGE);
    ck_assert_ptr_null(buf);
    ck_assert_uint_eq(len, 0);
    /* Larger than the first 4 KiB chunk: growth keeps every byte. */
    static char big[10000];
    for (unsigned i = 0; i < sizeof big; i++) big[i] = (char)(i * 7);
    put("big", big, sizeof big);
    snprintf(p, sizeof p, "%s/big", dir);
    ck_assert_int_eq(file_read_all(p, sizeof big, &buf, &len, NULL), FILE_READ_OK);
    ck_assert_uint_eq(len, sizeof big);
    ck_assert_mem_eq(buf, big, sizeof big);
    free(buf);
    ck_assert_int_eq(file_read_all(p, 4096, &buf, &len, NULL), FILE_READ_TOO_LARGE);
    put("empty", "", 0);
    snprintf(p, sizeof p, "%s/empty", dir);
    ck_assert_int_eq(file_read_all(p, 10, &buf, &len, NULL), FILE_READ_OK);
    ck_assert_uint_eq(len, 0);
    ck_assert_uint_eq(buf[0], 0);
    free(buf);
}
END_TEST

START_TEST(test_fileio_read_errors)
{
    char p[128];
    uint8_t *buf = (uint8_t *)1;
    size_t len = 9;
    int e = 0;
    snprintf(p, sizeof p, "%s/none", dir);
    ck_assert_int_eq(file_read_all(p, 10, &buf, &len, &e), FILE_READ_OPEN_FAILED);
    ck_assert_int_eq(e, ENOENT);
    ck_assert_ptr_null(buf);
    ck_assert_uint_eq(len, 0);
    e = 0;
    ck_assert_int_eq(file_read_all(dir, 10, &buf, &len, &e), FILE_READ_IO_ERROR); /* a directory */
    ck_assert_int_eq(e, EISDIR);
}
END_TEST

START_TEST(test_fileio_write_atomic)
{
    char p[128], err[256];
    snprintf(p, sizeof p, "%s/out.bin", dir);
    ck_assert(file_write_atomic(p, "hello", 5, 0600, err, sizeof err));
    struct stat st;
    ck_assert_int_eq(stat(p, &st), 0);
    ck_assert_uint_eq(st.st_mode & 0777, 0600);
    ck_assert_uint_eq(st.st_size, 5);
    ck_assert(file_write_atomic(p, "replaced!", 9, 0644, err, sizeof err));
    uint8_t *buf;
    size_t len;
    ck_assert_int_eq(file_read_all(p, 100, &buf, &len, NULL), FILE_READ_OK);
    ck_assert_uint_eq(len, 9);
    ck_assert_mem_eq(buf, "replaced!", 9);
    free(buf);
    ck_assert_int_eq(stat(p, &st), 0);
    ck_assert_uint_eq(st.st_mode & 0777, 0644);
    ck_assert_uint_eq(entries(), 1); /* no temporary file left */
    /* A directory that does not exist: a clear reason, nothing created. */
    snprintf(p, sizeof p, "%s/nodir/out.bin", dir);
    ck_assert(!file_write_atomic(p, "x", 1, 0644, err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "nodir/out.bin: cannot create a temporary file"));
    /* The target is a directory: the rename fails, the old state stays. */
    snprintf(p, sizeof p, "%s/sub", dir);
    ck_assert_int_eq(mkdir(p, 0755), 0);
    ck_assert(!file_write_atomic(p, "x", 1, 0644, err, sizeof err));
    ck_assert_uint_eq(entries(), 2); /* out.bin and sub, no temporary file */
}
END_TEST

Suite *fileio_suite(void)
{
    Suite *s = suite_create("fileio");
    TCase *tc = tcase_create("fileio");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_fileio_read_limits);
    tcase_add_test(tc, test_fileio_read_errors);
    tcase_add_test(tc, test_fileio_write_atomic);
    suite_add_tcase(s, tc);
    return s;
}
