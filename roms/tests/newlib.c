/*
 * newlib: the C library on top of semihosting.
 *  - printf/snprintf with %d %i %u %x %X %o %c %s %p %ld %lld %5d %-5s %05x
 *    %f %.3f %e %g (soft-float), checked against expected strings
 *  - malloc/calloc/realloc/free of sizes from 1 byte to 1 MiB, contents
 *    verified after every block exists (no overlap), realloc keeps data
 *  - stdio file I/O through semihosting: fopen/fwrite/fclose, fopen/fseek/
 *    ftell/fread, fgets, remove, reopen fails after remove
 *  - time() (SYS_TIME, host seconds) and clock() (SYS_CLOCK)
 *  - argc/argv from SYS_GET_CMDLINE (argc >= 1; arguments are printed)
 *  - a few libc routines: qsort, strtol, strtoul, memmove, strcmp, 64-bit
 *    division (libgcc helpers)
 * The file is created in the emulator's working directory and removed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "test.h"

#define TMPNAME "ipodsim_semihost_test.tmp"

static void check_str(const char *name, const char *got, const char *exp)
{
    t_checks++;
    if (strcmp(got, exp) != 0) {
        t_failures++;
        printf("FAIL %s: expected \"%s\" got \"%s\"\n", name, exp, got);
    }
}

static void test_printf(void)
{
    char b[128];
    snprintf(b, sizeof b, "%d %i %u", -42, 17, 4000000000u);
    check_str("%d %i %u", b, "-42 17 4000000000");
    snprintf(b, sizeof b, "%x %X %o %c", 0xdeadbeefu, 0xabcu, 8u, 'Q');
    check_str("%x %X %o %c", b, "deadbeef ABC 10 Q");
    snprintf(b, sizeof b, "[%5d][%-5s][%05x][%s]", 42, "ab", 0x1fu, "str");
    check_str("widths", b, "[   42][ab   ][0001f][str]");
    snprintf(b, sizeof b, "%ld %lld %llx", -123456789L, -1234567890123LL,
             0x123456789abcdefULL);
    check_str("%ld %lld %llx", b, "-123456789 -1234567890123 123456789abcdef");
    snprintf(b, sizeof b, "%p", (void *)0x1234);
    check_str("%p", b, "0x1234");
    snprintf(b, sizeof b, "%f|%.3f|%e|%g", 1.5, 3.14159265, 12345.678, 0.0001);
    check_str("%f %.3f %e %g", b, "1.500000|3.142|1.234568e+04|0.0001");
    snprintf(b, sizeof b, "%.2f", -2.0 / 3.0);
    check_str("%.2f of -2/3", b, "-0.67");
    {
        volatile size_t four = 4;   /* (keeps GCC's truncation warning quiet) */
        t_eq("snprintf return value", (uint32_t)snprintf(b, four, "%s", "truncated"), 9);
    }
    check_str("snprintf truncation", b, "tru");
    printf("newlib: printf says %d %s %.2f\n", 123, "hello", 2.5);
}

static void test_malloc(void)
{
    static const size_t sizes[] = { 1, 7, 16, 100, 1000, 4096, 10000, 65536,
                                    100000, 1 << 20 };
    unsigned char *p[ARRAY_LEN(sizes)];
    unsigned i, bad = 0;
    size_t k;

    for (i = 0; i < ARRAY_LEN(sizes); i++) {
        p[i] = malloc(sizes[i]);
        t_eqf(p[i] != NULL, 1, "malloc(%u)", (unsigned)sizes[i]);
        if (!p[i])
            return;
        t_eqf(((uintptr_t)p[i]) & 7, 0, "malloc(%u) alignment", (unsigned)sizes[i]);
        memset(p[i], (int)(0x30 + i), sizes[i]);
    }
    for (i = 0; i < ARRAY_LEN(sizes); i++)
        for (k = 0; k < sizes[i]; k++)
            if (p[i][k] != (unsigned char)(0x30 + i))
                bad++;
    t_eq("malloc blocks do not overlap", bad, 0);
    /* grow and shrink with realloc: contents kept */
    p[2] = realloc(p[2], 5000);
    t_eq("realloc grow", p[2] != NULL, 1);
    if (!p[2])
        return;
    for (k = 0, bad = 0; k < 16; k++)
        if (p[2][k] != 0x32)
            bad++;
    t_eq("realloc grow keeps data", bad, 0);
    p[4] = realloc(p[4], 10);
    for (k = 0, bad = 0; k < 10; k++)
        if (p[4][k] != 0x34)
            bad++;
    t_eq("realloc shrink keeps data", bad, 0);
    for (i = 0; i < ARRAY_LEN(sizes); i++)
        free(p[i]);
    /* calloc zeroes, many small blocks, reuse after free */
    {
        unsigned *z = calloc(1000, sizeof *z);
        t_eq("calloc", z != NULL, 1);
        if (z) {
            for (k = 0, bad = 0; k < 1000; k++)
                bad += z[k] != 0;
            t_eq("calloc zeroes", bad, 0);
            free(z);
        }
    }
    {
        void *q[200];
        for (i = 0; i < 200; i++)
            q[i] = malloc(8 + (i * 37) % 300);
        for (i = 0, bad = 0; i < 200; i++)
            bad += q[i] == NULL;
        t_eq("200 small mallocs", bad, 0);
        for (i = 0; i < 200; i += 2)
            free(q[i]);
        for (i = 0; i < 200; i += 2)
            q[i] = malloc(16);
        for (i = 0; i < 200; i++)
            free(q[i]);
    }
}

static void test_files(void)
{
    unsigned char data[1000], back[64];
    char line[64];
    FILE *f;
    unsigned i, bad;
    long pos;

    for (i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)(i * 7 + 3);
    remove(TMPNAME);
    f = fopen(TMPNAME, "wb");
    t_eq("fopen wb", f != NULL, 1);
    if (!f)
        return;
    t_eq("fwrite", (uint32_t)fwrite(data, 1, sizeof data, f), sizeof data);
    t_eq("fclose (write)", (uint32_t)fclose(f), 0);

    f = fopen(TMPNAME, "rb");
    t_eq("fopen rb", f != NULL, 1);
    if (!f)
        return;
    t_eq("fseek end", (uint32_t)fseek(f, 0, SEEK_END), 0);
    pos = ftell(f);
    t_eq("ftell at end = size", (uint32_t)pos, sizeof data);
    t_eq("fseek set", (uint32_t)fseek(f, 100, SEEK_SET), 0);
    t_eq("fread 50", (uint32_t)fread(back, 1, 50, f), 50);
    for (i = 0, bad = 0; i < 50; i++)
        bad += back[i] != data[100 + i];
    t_eq("fread data", bad, 0);
    t_eq("ftell after read", (uint32_t)ftell(f), 150);
    t_eq("fseek cur", (uint32_t)fseek(f, -20, SEEK_CUR), 0);
    t_eq("fread 1 after seek cur", (uint32_t)fread(back, 1, 1, f), 1);
    t_eq("byte at 130", back[0], data[130]);
    t_eq("fseek to end-2", (uint32_t)fseek(f, -2, SEEK_END), 0);
    t_eq("fread at EOF returns what is left", (uint32_t)fread(back, 1, 10, f), 2);
    t_eq("feof", feof(f) != 0, 1);
    t_eq("fclose (read)", (uint32_t)fclose(f), 0);

    /* text mode, fprintf / fgets */
    f = fopen(TMPNAME, "w");
    t_eq("fopen w", f != NULL, 1);
    if (!f)
        return;
    fprintf(f, "line one %d\nline two\n", 1);
    fclose(f);
    f = fopen(TMPNAME, "r");
    t_eq("fopen r", f != NULL, 1);
    if (!f)
        return;
    check_str("fgets 1", fgets(line, sizeof line, f) ? line : "(null)", "line one 1\n");
    check_str("fgets 2", fgets(line, sizeof line, f) ? line : "(null)", "line two\n");
    t_eq("fgets at EOF", fgets(line, sizeof line, f) == NULL, 1);
    fclose(f);

    t_eq("remove", (uint32_t)remove(TMPNAME), 0);
    f = fopen(TMPNAME, "rb");
    t_eq("fopen after remove fails", f == NULL, 1);
    if (f)
        fclose(f);
}

static void test_time(void)
{
    time_t t = time(NULL);
    clock_t c1 = clock(), c2;
    volatile unsigned spin;

    /* 2020-01-01 = 1577836800: the host clock is later than that */
    t_eq("time() is a plausible host time", t > (time_t)1577836800, 1);
    for (spin = 0; spin < 100000; spin++)
        ;
    c2 = clock();
    t_eq("clock() does not fail", c1 != (clock_t)-1, 1);
    t_eq("clock() does not go backwards", c2 >= c1, 1);
    printf("newlib: time=%lld clock=%ld..%ld\n", (long long)t, (long)c1, (long)c2);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static void test_libc(void)
{
    int v[9] = { 5, -3, 9, 0, 12, -7, 5, 1, 100 };
    static const int sorted[9] = { -7, -3, 0, 1, 5, 5, 9, 12, 100 };
    char s[16] = "abcdefghij";
    volatile uint64_t n = 0x123456789abcdefull, d = 1000003;
    volatile int64_t sn = -5000000000ll;
    unsigned i, bad = 0;

    qsort(v, 9, sizeof v[0], cmp_int);
    for (i = 0; i < 9; i++)
        bad += v[i] != sorted[i];
    t_eq("qsort", bad, 0);
    t_eq("strtol hex", (uint32_t)strtol("-0x1f", NULL, 16), (uint32_t)-31);
    t_eq("strtoul base 0 (octal)", (uint32_t)strtoul("0777", NULL, 0), 0777);
    memmove(s + 2, s, 5);
    check_str("memmove overlap", s, "ababcdehij");
    t_eq("strcmp", strcmp("abc", "abd") < 0, 1);
    t_eq64("64-bit unsigned division", n / d, 81985529216486895ull / 1000003ull);
    t_eq64("64-bit unsigned modulo", n % d, 81985529216486895ull % 1000003ull);
    t_eq64("64-bit signed division", (uint64_t)(sn / 7), (uint64_t)(-5000000000ll / 7));
}

int main(int argc, char **argv)
{
    int i;
    t_begin("newlib");
    t_eq("argc >= 1", argc >= 1, 1);
    t_eq("argv[0] set", argc >= 1 && argv[0] != NULL, 1);
    t_eq("argv[argc] is NULL", argv[argc] == NULL, 1);
    for (i = 0; i < argc; i++)
        printf("newlib: argv[%d] = \"%s\"\n", i, argv[i]);
    t_eq("stderr works", fputs("newlib: a line on stderr\n", stderr) >= 0, 1);
    test_printf();
    test_malloc();
    test_files();
    test_time();
    test_libc();
    return t_done();
}
