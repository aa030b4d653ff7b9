/* ARM semihosting (soc/semihost.c), driven directly on a CPU over the bare
 * machine: every operation's result and side effects, the console and
 * feature pseudo-files, deterministic clocks, exit codes, and that bad guest
 * pointers and lengths fail with -1 / EFAULT instead of crashing. */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "soc/bare.h"
#include "soc/semihost.h"

#define RAM_SIZE (1u << 20)
#define BLOCK 0x1000u     /* parameter block */
#define STR 0x2000u       /* strings */
#define BUF 0x3000u       /* data buffers */
#define BAD 0xF0000000u   /* unmapped */
#define EFAULT_NL 14

static BareMachine *m;
static Arm11 *cpu;
static Semihost *sh;
static FILE *con_in, *con_out, *con_err, *log_file;
static char dir[64];

static void setup_with(const char *cmdline)
{
    m = bare_create(RAM_SIZE);
    ck_assert(m != NULL);
    cpu = arm_create(&m->bus);
    ck_assert(cpu != NULL);
    con_in = tmpfile();
    con_out = tmpfile();
    con_err = tmpfile();
    log_file = tmpfile();
    fputs("line one\nline two\n", con_in);
    rewind(con_in);
    SemihostConfig cfg = {
        .cmdline = cmdline,
        .heap_base = 0x20000, .heap_limit = RAM_SIZE, .stack_base = RAM_SIZE, .stack_limit = 0x20000,
        .con_in = con_in, .con_out = con_out, .con_err = con_err, .log = log_file,
    };
    sh = semihost_create(&cfg);
    ck_assert(sh != NULL);
    strcpy(dir, "/tmp/ipodsim-sh-XXXXXX");
    ck_assert(mkdtemp(dir) != NULL);
}

static void setup(void) { setup_with("prog.elf a b"); }

static void teardown(void)
{
    semihost_destroy(sh);
    arm_destroy(cpu);
    bare_destroy(m);
    fclose(con_in);
    fclose(con_out);
    fclose(con_err);
    fclose(log_file);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    ck_assert(system(cmd) == 0);
}

static uint32_t call(uint32_t op, uint32_t r1)
{
    cpu->r[0] = op;
    cpu->r[1] = r1;
    semihost_call(sh, cpu);
    return cpu->r[0];
}

static uint32_t call_block(uint32_t op, int n, const uint32_t *w)
{
    for (int i = 0; i < n; i++)
        for (int k = 0; k < 4; k++)
            m->ram[BLOCK + 4 * i + k] = (uint8_t)(w[i] >> (8 * k));
    return call(op, BLOCK);
}
#define CALL(op, ...) call_block(op, sizeof((uint32_t[]){ __VA_ARGS__ }) / 4, (uint32_t[]){ __VA_ARGS__ })

static uint32_t rd32(uint32_t a)
{
    return (uint32_t)m->ram[a] | (uint32_t)m->ram[a + 1] << 8 | (uint32_t)m->ram[a + 2] << 16 |
           (uint32_t)m->ram[a + 3] << 24;
}

static uint32_t put_str(uint32_t addr, const char *s)
{
    size_t n = strlen(s);
    memcpy(m->ram + addr, s, n + 1);
    return (uint32_t)n;
}

static uint32_t sh_errno(void) { return call(SYS_ERRNO, 0); }

/* Contents written so far to a console tmpfile. */
static const char *contents(FILE *f)
{
    static char text[4096];
    fflush(f);
    long pos = ftell(f);
    rewind(f);
    size_t n = fread(text, 1, sizeof(text) - 1, f);
    text[n] = '\0';
    fseek(f, pos, SEEK_SET);
    return text;
}

static uint32_t open_path(const char *path, uint32_t mode)
{
    uint32_t len = put_str(STR, path);
    return CALL(SYS_OPEN, STR, mode, len);
}

START_TEST(test_semihost_file_write_seek_read_flen_close)
{
    char path[128];
    snprintf(path, sizeof(path), "%s/data.bin", dir);
    uint32_t h = open_path(path, 6 /* w+ */);
    ck_assert_msg(h != UINT32_MAX && h != 0, "open failed, errno %u", sh_errno());

    memcpy(m->ram + BUF, "hello, semihosting", 18);
    ck_assert_uint_eq(CALL(SYS_WRITE, h, BUF, 18), 0);
    ck_assert_uint_eq(CALL(SYS_FLEN, h), 18);
    ck_assert_uint_eq(CALL(SYS_ISTTY, h), 0);

    ck_assert_uint_eq(CALL(SYS_SEEK, h, 7), 0);
    memset(m->ram + BUF + 0x100, 0, 64);
    /* ask for 32, only 11 remain: returns the 21 bytes not read */
    ck_assert_uint_eq(CALL(SYS_READ, h, BUF + 0x100, 32), 21);
    ck_assert_mem_eq(m->ram + BUF + 0x100, "semihosting", 11);
    ck_assert_uint_eq(CALL(SYS_READ, h, BUF + 0x100, 8), 8);   /* at EOF: nothing read */

    ck_assert_uint_eq(CALL(SYS_CLOSE, h), 0);
    ck_assert_uint_eq(CALL(SYS_CLOSE, h), UINT32_MAX);         /* handle is gone */
    ck_assert_uint_eq(sh_errno(), 9);

    FILE *f = fopen(path, "rb");
    char text[32] = { 0 };
    ck_assert(f && fread(text, 1, sizeof(text), f) == 18);
    fclose(f);
    ck_assert_str_eq(text, "hello, semihosting");
}
END_TEST

START_TEST(test_semihost_write_then_read_without_seek)
{
    char path[128];
    snprintf(path, sizeof(path), "%s/rw.bin", dir);
    FILE *f = fopen(path, "wb");
    fputs("0123456789", f);
    fclose(f);
    uint32_t h = open_path(path, 3 /* r+b */);
    memcpy(m->ram + BUF, "AB", 2);
    ck_assert_uint_eq(CALL(SYS_WRITE, h, BUF, 2), 0);
    ck_assert_uint_eq(CALL(SYS_READ, h, BUF + 0x10, 3), 0);
    ck_assert_mem_eq(m->ram + BUF + 0x10, "234", 3);
    ck_assert_uint_eq(CALL(SYS_CLOSE, h), 0);
}
END_TEST

START_TEST(test_semihost_open_modes_and_errors)
{
    char path[128];
    snprintf(path, sizeof(path), "%s/none/x", dir);
    ck_assert_uint_eq(open_path(path, 0), UINT32_MAX);
    ck_assert_uint_eq(sh_errno(), 2);   /* ENOENT */
    ck_assert_uint_eq(open_path("whatever", 12), UINT32_MAX);
    ck_assert_uint_eq(sh_errno(), 22);  /* EINVAL: mode out of range */

    snprintf(path, sizeof(path), "%s/append.txt", dir);
    uint32_t h = open_path(path, 8 /* a */);
    memcpy(m->ram + BUF, "one\n", 4);
    ck_assert_uint_eq(CALL(SYS_WRITE, h, BUF, 4), 0);
    CALL(SYS_CLOSE, h);
    h = open_path(path, 9 /* ab */);
    ck_assert_uint_eq(CALL(SYS_WRITE, h, BUF, 4), 0);
    ck_assert_uint_eq(CALL(SYS_FLEN, h), 8);
    CALL(SYS_CLOSE, h);
    h = open_path(path, 0 /* r */);
    ck_assert_uint_eq(CALL(SYS_WRITE, h, BUF, 4), 4);   /* read-only stream: nothing written */
    CALL(SYS_CLOSE, h);
}
END_TEST

START_TEST(test_semihost_relative_path_uses_working_directory)
{
    char old[1024];
    ck_assert(getcwd(old, sizeof(old)) != NULL);
    ck_assert(chdir(dir) == 0);
    uint32_t h = open_path("rel.txt", 4);
    memcpy(m->ram + BUF, "x", 1);
    ck_assert_uint_eq(CALL(SYS_WRITE, h, BUF, 1), 0);
    CALL(SYS_CLOSE, h);
    ck_assert(access("rel.txt", F_OK) == 0);
    ck_assert(chdir(old) == 0);
}
END_TEST

START_TEST(test_semihost_handles_run_out)
{
    char path[128];
    snprintf(path, sizeof(path), "%s/many", dir);
    FILE *f = fopen(path, "w");
    fclose(f);
    unsigned opened = 0;
    uint32_t h;
    while ((h = open_path(path, 0)) != UINT32_MAX) {
        ck_assert(h > 0 && h < 1000);
        opened++;
        ck_assert(opened < 1000);
    }
    ck_assert_uint_eq(opened, 127);
    ck_assert_uint_eq(sh_errno(), 24);   /* EMFILE */
    ck_assert_uint_eq(CALL(SYS_CLOSE, 5), 0);
    ck_assert_uint_eq(open_path(path, 0), 5);   /* freed handle is reused */
}
END_TEST

START_TEST(test_semihost_remove_and_rename)
{
    char a[128], b[128];
    snprintf(a, sizeof(a), "%s/a.txt", dir);
    snprintf(b, sizeof(b), "%s/b.txt", dir);
    FILE *f = fopen(a, "w");
    fclose(f);
    uint32_t la = put_str(STR, a), lb = put_str(STR + 0x200, b);
    ck_assert_uint_eq(CALL(SYS_RENAME, STR, la, STR + 0x200, lb), 0);
    ck_assert(access(a, F_OK) != 0 && access(b, F_OK) == 0);
    ck_assert_uint_eq(CALL(SYS_RENAME, STR, la, STR + 0x200, lb), UINT32_MAX);
    ck_assert_uint_eq(sh_errno(), 2);
    ck_assert_uint_eq(CALL(SYS_REMOVE, STR + 0x200, lb), 0);
    ck_assert(access(b, F_OK) != 0);
    ck_assert_uint_eq(CALL(SYS_REMOVE, STR + 0x200, lb), UINT32_MAX);
    ck_assert_uint_eq(sh_errno(), 2);
}
END_TEST

START_TEST(test_semihost_console_tt_streams)
{
    uint32_t hin = open_path(":tt", 0), hout = open_path(":tt", 4), herr = open_path(":tt", 8);
    ck_assert(hin != UINT32_MAX && hout != UINT32_MAX && herr != UINT32_MAX);
    ck_assert(hin != hout && hout != herr);
    memcpy(m->ram + BUF, "to stdout\n", 10);
    ck_assert_uint_eq(CALL(SYS_WRITE, hout, BUF, 10), 0);
    memcpy(m->ram + BUF, "to stderr\n", 10);
    ck_assert_uint_eq(CALL(SYS_WRITE, herr, BUF, 10), 0);
    ck_assert_str_eq(contents(con_out), "to stdout\n");
    ck_assert_str_eq(contents(con_err), "to stderr\n");

    /* console reads stop at the end of a line, like a terminal */
    ck_assert_uint_eq(CALL(SYS_READ, hin, BUF + 0x100, 100), 100 - 9);
    ck_assert_mem_eq(m->ram + BUF + 0x100, "line one\n", 9);
    ck_assert_uint_eq(call(SYS_READC, 0), 'l');
    ck_assert_uint_eq(CALL(SYS_WRITE, hin, BUF, 4), 4);    /* stdin is not writable */

    /* a prompt without a newline reaches the host before the program waits */
    m->ram[BUF] = '?';
    call(SYS_WRITEC, BUF);
    CALL(SYS_READ, hin, BUF + 0x100, 4);
    char raw[32] = { 0 };
    ck_assert(pread(fileno(con_out), raw, sizeof(raw) - 1, 0) > 0);
    ck_assert_str_eq(raw, "to stdout\n?");
    ck_assert_uint_eq(CALL(SYS_READ, hout, BUF, 4), 4);    /* stdout is not readable */
    ck_assert_uint_eq(sh_errno(), 9);

    ck_assert_uint_eq(CALL(SYS_ISTTY, hout), 1);
    ck_assert_uint_eq(CALL(SYS_FLEN, hout), 0);
    ck_assert_uint_eq(CALL(SYS_SEEK, hout, 0), UINT32_MAX);
    ck_assert_uint_eq(CALL(SYS_CLOSE, hout), 0);
    ck_assert_uint_eq(CALL(SYS_ISTTY, 99), UINT32_MAX);
}
END_TEST

START_TEST(test_semihost_writec_write0)
{
    m->ram[BUF] = 'Z';
    call(SYS_WRITEC, BUF);
    put_str(BUF + 0x10, "zero-terminated\n");
    call(SYS_WRITE0, BUF + 0x10);
    /* a string running into unmapped memory prints up to the end of RAM */
    memcpy(m->ram + RAM_SIZE - 3, "end", 3);
    call(SYS_WRITE0, RAM_SIZE - 3);
    call(SYS_WRITE0, BAD);
    call(SYS_WRITEC, BAD);
    ck_assert_str_eq(contents(con_out), "Zzero-terminated\nend");
}
END_TEST

START_TEST(test_semihost_features_file)
{
    uint32_t h = open_path(":semihosting-features", 0);
    ck_assert(h != UINT32_MAX);
    ck_assert_uint_eq(CALL(SYS_FLEN, h), 5);
    memset(m->ram + BUF, 0xEE, 16);
    ck_assert_uint_eq(CALL(SYS_READ, h, BUF, 16), 11);
    ck_assert_mem_eq(m->ram + BUF, "SHFB\x03", 5);
    ck_assert_uint_eq(m->ram[BUF + 5], 0xEE);
    ck_assert_uint_eq(CALL(SYS_SEEK, h, 4), 0);
    ck_assert_uint_eq(CALL(SYS_READ, h, BUF, 4), 3);
    ck_assert_uint_eq(m->ram[BUF], 0x03);
    ck_assert_uint_eq(CALL(SYS_SEEK, h, 9), UINT32_MAX);
    ck_assert_uint_eq(CALL(SYS_WRITE, h, BUF, 1), 1);
    ck_assert_uint_eq(CALL(SYS_CLOSE, h), 0);
    ck_assert_uint_eq(open_path(":semihosting-features", 4), UINT32_MAX);
    ck_assert_uint_eq(sh_errno(), 13);   /* EACCES */
}
END_TEST

START_TEST(test_semihost_heapinfo)
{
    m->ram[BLOCK] = 0;
    ck_assert_uint_eq(CALL(SYS_HEAPINFO, BUF), 0);   /* r1 -> word holding the block address */
    ck_assert_uint_eq(rd32(BUF), 0x20000);
    ck_assert_uint_eq(rd32(BUF + 4), RAM_SIZE);
    ck_assert_uint_eq(rd32(BUF + 8), RAM_SIZE);
    ck_assert_uint_eq(rd32(BUF + 12), 0x20000);
    ck_assert_uint_eq(CALL(SYS_HEAPINFO, BAD), UINT32_MAX);
    ck_assert_uint_eq(sh_errno(), EFAULT_NL);
    ck_assert_uint_eq(call(SYS_HEAPINFO, BAD), UINT32_MAX);
}
END_TEST

START_TEST(test_semihost_get_cmdline)
{
    memset(m->ram + BUF, 0xEE, 0x200);
    ck_assert_uint_eq(CALL(SYS_GET_CMDLINE, BUF, 64), 0);
    ck_assert_str_eq((char *)m->ram + BUF, "prog.elf a b");
    ck_assert_uint_eq(rd32(BLOCK + 4), 12);
    /* 12 characters + NUL need 13 bytes */
    ck_assert_uint_eq(CALL(SYS_GET_CMDLINE, BUF, 13), 0);
    ck_assert_uint_eq(CALL(SYS_GET_CMDLINE, BUF + 0x100, 12), UINT32_MAX);
    ck_assert_uint_eq(m->ram[BUF + 0x100], 0xEE);
    ck_assert_uint_eq(rd32(BLOCK + 4), 12);   /* length word untouched on failure */
    ck_assert_uint_eq(CALL(SYS_GET_CMDLINE, BAD, 64), UINT32_MAX);
    ck_assert_uint_eq(sh_errno(), EFAULT_NL);
}
END_TEST

START_TEST(test_semihost_make_cmdline_quoting)
{
    char *args[] = { "plain", "two words", "", "\"quoted\" start", "it's", "'x", "mid\"dle" };
    bool exact = false;
    char *s = semihost_make_cmdline("dir/prog.elf", 7, args, &exact);
    ck_assert_str_eq(s, "dir/prog.elf plain \"two words\" \"\" '\"quoted\" start' it's \"'x\" mid\"dle");
    ck_assert(exact);
    free(s);
    char *bad[] = { "both ' and \"" };
    s = semihost_make_cmdline("p", 1, bad, &exact);
    ck_assert(!exact);
    free(s);
    s = semihost_make_cmdline("my prog", 0, NULL, &exact);
    ck_assert_str_eq(s, "\"my prog\"");
    free(s);
}
END_TEST

START_TEST(test_semihost_clock_is_emulated_time)
{
    cpu->cycles = 3ull * SEMIHOST_TICK_HZ + SEMIHOST_TICK_HZ / 2;   /* 3.5 s */
    ck_assert_uint_eq(call(SYS_CLOCK, 0), 350);
    ck_assert_uint_eq(call(SYS_TICKFREQ, 0), 533000000);
    cpu->cycles = 0x123456789abcull;
    ck_assert_uint_eq(CALL(SYS_ELAPSED, 0, 0), 0);
    ck_assert_uint_eq(rd32(BLOCK), 0x56789abc);
    ck_assert_uint_eq(rd32(BLOCK + 4), 0x1234);
    ck_assert_uint_eq(call(SYS_ELAPSED, BAD), UINT32_MAX);
    uint32_t t = call(SYS_TIME, 0);
    ck_assert(t > 1600000000u);   /* host wall clock, after 2020 */
}
END_TEST

START_TEST(test_semihost_exit_application_exit)
{
    int status = -1;
    ck_assert(!semihost_exited(sh, &status));
    call(SYS_EXIT, ADP_STOPPED_APPLICATION_EXIT);
    ck_assert(semihost_exited(sh, &status));
    ck_assert_int_eq(status, 0);
    ck_assert(cpu->stop);
    ck_assert_int_eq(cpu->stop_reason, STOP_HOOK);
}
END_TEST

START_TEST(test_semihost_exit_other_reason_fails)
{
    int status = -1;
    call(SYS_EXIT, ADP_STOPPED_RUNTIME_ERROR_UNKNOWN);
    ck_assert(semihost_exited(sh, &status));
    ck_assert_int_eq(status, 1);
    ck_assert(strstr(contents(log_file), "RunTimeErrorUnknown") != NULL);
}
END_TEST

START_TEST(test_semihost_exit_extended_codes)
{
    int status = -1;
    CALL(SYS_EXIT_EXTENDED, ADP_STOPPED_APPLICATION_EXIT, 42);
    ck_assert(semihost_exited(sh, &status));
    ck_assert_int_eq(status, 42);
    CALL(SYS_EXIT_EXTENDED, ADP_STOPPED_APPLICATION_EXIT, 0x1FF);
    semihost_exited(sh, &status);
    ck_assert_int_eq(status, 0xFF);
    CALL(SYS_EXIT_EXTENDED, ADP_STOPPED_RUNTIME_ERROR_UNKNOWN, 0);
    semihost_exited(sh, &status);
    ck_assert_int_eq(status, 1);
}
END_TEST

START_TEST(test_semihost_exit_extended_bad_pointer)
{
    ck_assert_uint_eq(call(SYS_EXIT_EXTENDED, BAD), UINT32_MAX);
    ck_assert(!semihost_exited(sh, NULL));
    ck_assert(!cpu->stop);
}
END_TEST

START_TEST(test_semihost_bad_pointers_fail_cleanly)
{
    ck_assert_uint_eq(call(SYS_OPEN, BAD), UINT32_MAX);
    ck_assert_uint_eq(sh_errno(), EFAULT_NL);
    ck_assert_uint_eq(CALL(SYS_OPEN, BAD, 0, 4), UINT32_MAX);           /* name pointer */
    ck_assert_uint_eq(sh_errno(), EFAULT_NL);
    ck_assert_uint_eq(CALL(SYS_OPEN, STR, 0, 0x7FFFFFFF), UINT32_MAX);  /* absurd name length */
    ck_assert_uint_eq(sh_errno(), 91);                                  /* ENAMETOOLONG */

    uint32_t hout = open_path(":tt", 4);
    memset(m->ram + BUF, 'x', RAM_SIZE - BUF);
    ck_assert_uint_eq(CALL(SYS_WRITE, hout, BAD, 16), UINT32_MAX);
    ck_assert_uint_eq(sh_errno(), EFAULT_NL);
    /* a length running past the end of RAM fails before writing anything */
    ck_assert_uint_eq(CALL(SYS_WRITE, hout, BUF, 0xFFFFFFFF), UINT32_MAX);
    ck_assert_uint_eq(CALL(SYS_WRITE, hout, RAM_SIZE - 4, 8), UINT32_MAX);
    ck_assert_uint_eq(strlen(contents(con_out)), 0);

    uint32_t hin = open_path(":tt", 0);
    ck_assert_uint_eq(CALL(SYS_READ, hin, BAD, 16), UINT32_MAX);
    ck_assert_uint_eq(CALL(SYS_READ, hin, 0xFFFFFFF0, 0x20), UINT32_MAX);   /* wraps 2^32 */
    ck_assert_uint_eq(call(SYS_READC, 0), 'l');                            /* input not consumed */

    ck_assert_uint_eq(call(SYS_CLOSE, BAD), UINT32_MAX);
    ck_assert_uint_eq(call(SYS_FLEN, 0xFFFFFFFE), UINT32_MAX);
    ck_assert_uint_eq(call(SYS_ISERROR, BAD), UINT32_MAX);
    ck_assert_uint_eq(call(SYS_REMOVE, BAD), UINT32_MAX);
    ck_assert_uint_eq(CALL(SYS_RENAME, STR, 1, BAD, 1), UINT32_MAX);
    ck_assert_uint_eq(CALL(SYS_TMPNAM, BAD, 1, 64), UINT32_MAX);
    ck_assert_uint_eq(sh_errno(), EFAULT_NL);
}
END_TEST

START_TEST(test_semihost_iserror_istty)
{
    ck_assert_uint_eq(CALL(SYS_ISERROR, (uint32_t)-5), 1);
    ck_assert_uint_eq(CALL(SYS_ISERROR, 0), 0);
    ck_assert_uint_eq(CALL(SYS_ISERROR, 77), 0);
}
END_TEST

START_TEST(test_semihost_tmpnam)
{
    ck_assert_uint_eq(CALL(SYS_TMPNAM, BUF, 0x2A, 256), 0);
    const char *name = (const char *)m->ram + BUF;
    ck_assert_msg(strstr(name, "ipodsim-") != NULL, "%s", name);
    ck_assert_msg(strcmp(name + strlen(name) - 3, "-2a") == 0, "%s", name);
    ck_assert_uint_eq(CALL(SYS_TMPNAM, BUF, 0x2A, 4), UINT32_MAX);   /* buffer too small */
}
END_TEST

START_TEST(test_semihost_system_is_refused)
{
    char marker[128], cmd[200];
    snprintf(marker, sizeof(marker), "%s/ran", dir);
    snprintf(cmd, sizeof(cmd), "touch %s", marker);
    uint32_t len = put_str(STR, cmd);
    ck_assert_uint_eq(CALL(SYS_SYSTEM, STR, len), UINT32_MAX);
    ck_assert(access(marker, F_OK) != 0);
    CALL(SYS_SYSTEM, STR, len);
    ck_assert_str_eq(contents(log_file),
                     "ipodsim: semihosting: guest asked to run a host command (SYS_SYSTEM); refused\n");
}
END_TEST

START_TEST(test_semihost_unknown_operation_warns_once)
{
    ck_assert_uint_eq(call(0x40, 0), UINT32_MAX);
    ck_assert_uint_eq(call(0x40, 0), UINT32_MAX);
    ck_assert_uint_eq(call(0x12345678, 0), UINT32_MAX);
    ck_assert_uint_eq(call(0x0B, 0), UINT32_MAX);   /* unused number inside the table */
    ck_assert_str_eq(contents(log_file), "ipodsim: semihosting: unsupported operation 0x40; returning -1\n"
                                     "ipodsim: semihosting: unsupported operation 0x12345678; returning -1\n"
                                     "ipodsim: semihosting: unsupported operation 0xb; returning -1\n");
}
END_TEST

START_TEST(test_semihost_trap_immediates)
{
    cpu->r[0] = SYS_TICKFREQ;
    ck_assert(semihost_svc(sh, cpu, 0x123456, false));
    ck_assert_uint_eq(cpu->r[0], SEMIHOST_TICK_HZ);
    cpu->r[0] = SYS_TICKFREQ;
    ck_assert(!semihost_svc(sh, cpu, 0xAB, false));        /* ARM state needs 0x123456 */
    ck_assert(!semihost_svc(sh, cpu, 0x123456 & 0xFF, true));
    ck_assert_uint_eq(cpu->r[0], SYS_TICKFREQ);            /* untouched when not ours */
    ck_assert(semihost_svc(sh, cpu, 0xAB, true));
    cpu->r[0] = SYS_TICKFREQ;
    ck_assert(semihost_bkpt(sh, cpu, 0xAB, false));
    cpu->r[0] = SYS_TICKFREQ;
    ck_assert(semihost_bkpt(sh, cpu, 0xAB, true));
    ck_assert(!semihost_bkpt(sh, cpu, 0x12, false));
}
END_TEST

/* Through the core: a guest program exits via SVC, in ARM and Thumb state. */
static bool hook_svc(Arm11 *c, void *opaque, uint32_t imm, bool thumb)
{
    return semihost_svc(opaque, c, imm, thumb);
}

static void run_guest(uint32_t entry, bool thumb)
{
    cpu->hooks = (ArmHooks){ .opaque = sh, .svc = hook_svc };
    cpu->cpsr = MODE_SVC | PSR_I | PSR_F | PSR_A | (thumb ? PSR_T : 0);
    cpu->r[15] = entry;
    arm_run(cpu, cpu->cycles + 1000);
}

START_TEST(test_semihost_guest_exit_through_core_arm)
{
    static const uint32_t code[] = {
        0xe3a00020,   /* mov r0, #SYS_EXIT_EXTENDED */
        0xe3a01c02,   /* mov r1, #0x200 (block) */
        0xe3a02802,   /* mov r2, #0x20000 */
        0xe2822026,   /* add r2, r2, #0x26 */
        0xe3a03007,   /* mov r3, #7 */
        0xe881000c,   /* stm r1, {r2, r3} */
        0xef123456,   /* svc 0x123456 */
        0xeafffffe,   /* b . */
    };
    for (unsigned i = 0; i < 8; i++)
        for (int k = 0; k < 4; k++)
            m->ram[0x8000 + 4 * i + k] = (uint8_t)(code[i] >> (8 * k));
    run_guest(0x8000, false);
    int status = -1;
    ck_assert(cpu->stop);
    ck_assert(semihost_exited(sh, &status));
    ck_assert_int_eq(status, 7);
    ck_assert_uint_eq(cpu->insns, 7);
}
END_TEST

START_TEST(test_semihost_guest_exit_through_core_thumb)
{
    static const uint16_t code[] = {
        0x2018,   /* movs r0, #SYS_EXIT */
        0x2101,   /* movs r1, #1 */
        0x0449,   /* lsls r1, r1, #17 */
        0x3126,   /* adds r1, #0x26 */
        0xdfab,   /* svc 0xab */
        0xe7fe,   /* b . */
    };
    for (unsigned i = 0; i < 6; i++) {
        m->ram[0x8000 + 2 * i] = (uint8_t)code[i];
        m->ram[0x8001 + 2 * i] = (uint8_t)(code[i] >> 8);
    }
    run_guest(0x8000, true);
    int status = -1;
    ck_assert(cpu->stop);
    ck_assert(semihost_exited(sh, &status));
    ck_assert_int_eq(status, 0);
    ck_assert_uint_eq(cpu->insns, 5);
}
END_TEST

Suite *semihost_suite(void)
{
    Suite *s = suite_create("semihost");
    TCase *tc = tcase_create("ops");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_semihost_file_write_seek_read_flen_close);
    tcase_add_test(tc, test_semihost_write_then_read_without_seek);
    tcase_add_test(tc, test_semihost_open_modes_and_errors);
    tcase_add_test(tc, test_semihost_relative_path_uses_working_directory);
    tcase_add_test(tc, test_semihost_handles_run_out);
    tcase_add_test(tc, test_semihost_remove_and_rename);
    tcase_add_test(tc, test_semihost_console_tt_streams);
    tcase_add_test(tc, test_semihost_writec_write0);
    tcase_add_test(tc, test_semihost_features_file);
    tcase_add_test(tc, test_semihost_heapinfo);
    tcase_add_test(tc, test_semihost_get_cmdline);
    tcase_add_test(tc, test_semihost_make_cmdline_quoting);
    tcase_add_test(tc, test_semihost_clock_is_emulated_time);
    tcase_add_test(tc, test_semihost_exit_application_exit);
    tcase_add_test(tc, test_semihost_exit_other_reason_fails);
    tcase_add_test(tc, test_semihost_exit_extended_codes);
    tcase_add_test(tc, test_semihost_exit_extended_bad_pointer);
    tcase_add_test(tc, test_semihost_bad_pointers_fail_cleanly);
    tcase_add_test(tc, test_semihost_iserror_istty);
    tcase_add_test(tc, test_semihost_tmpnam);
    tcase_add_test(tc, test_semihost_system_is_refused);
    tcase_add_test(tc, test_semihost_unknown_operation_warns_once);
    tcase_add_test(tc, test_semihost_trap_immediates);
    tcase_add_test(tc, test_semihost_guest_exit_through_core_arm);
    tcase_add_test(tc, test_semihost_guest_exit_through_core_thumb);
    suite_add_tcase(s, tc);
    return s;
}
