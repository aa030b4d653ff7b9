/* AT25DF081A SPI NOR flash (dev/nor.c): the JEDEC ID and status answer only
 * inside a chip-select frame of the right port; reads auto-increment and wrap
 * at the end of the chip; page program ANDs, wraps inside the page, needs WEL
 * and clears it when done; erases fill their aligned block; BUSY lasts
 * exactly the typical time in cycles and other commands are ignored
 * meanwhile; power-up protection and global (un)protect gate program/erase;
 * a write survives re-creation from the same file, also from the journal of
 * a run that never flushed, and a torn last journal record is ignored while
 * earlier ones apply; a wrong-size image is refused with its reason; both
 * ports reach the same flash; a save/load round trip continues in step. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dev/nor.h"
#include "soc/clocks.h"
#include "soc/state.h"
#include "test/dev/devtest.h"

static DevTestEnv T;
static NorDev *n;
static char dir[64];
static char img[128];

static void setup(void)
{
    devtest_init(&T);
    char err[256];
    n = nor_create(&T.env, NULL, false, err, sizeof err);
    ck_assert_ptr_nonnull(n);
    strcpy(dir, "/tmp/nortestXXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(img, sizeof img, "%s/nor.bin", dir);
}

static void rm(const char *name)
{
    char p[192];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    unlink(p);
}

static void teardown(void)
{
    if (n) nor_destroy(n);
    devtest_free(&T);
    const char *names[] = { "nor.bin",  "nor.bin.journal",  "nor.bin.tmp",
                            "copy.bin", "copy.bin.journal", "bad.bin" };
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) rm(names[i]);
    rmdir(dir);
}

/* One chip-select frame on `port`: out bytes in, answers to `in`. */
static void frame_on(NorDev *d, unsigned port, const uint8_t *out, uint8_t *in, size_t len)
{
    const SpiTarget *t = nor_spi_target(d, port);
    nor_chip_select(d, port, false);
    for (size_t i = 0; i < len; i++) {
        uint8_t v = (uint8_t)t->exchange(t->opaque, out[i], 8);
        if (in) in[i] = v;
    }
    nor_chip_select(d, port, true);
}

static void frame(const uint8_t *out, uint8_t *in, size_t len) { frame_on(n, 0, out, in, len); }

static void cmd1(uint8_t op) { frame(&op, NULL, 1); }

static uint8_t status(void)
{
    uint8_t o[2] = { NOR_CMD_RDSR, 0 }, i[2];
    frame(o, i, 2);
    return i[1];
}

static void wrsr(uint8_t v)
{
    cmd1(NOR_CMD_WREN);
    uint8_t o[2] = { NOR_CMD_WRSR, v };
    frame(o, NULL, 2);
}

static void read_at(uint8_t op, uint32_t addr, uint8_t *buf, size_t len)
{
    uint8_t o[300] = { op, (uint8_t)(addr >> 16), (uint8_t)(addr >> 8), (uint8_t)addr }, i[300];
    size_t hdr = op == NOR_CMD_FAST_READ ? 5 : 4;
    frame(o, i, hdr + len);
    memcpy(buf, i + hdr, len);
}

static void addr_cmd(uint8_t op, uint32_t addr, const uint8_t *data, size_t len)
{
    uint8_t o[600] = { op, (uint8_t)(addr >> 16), (uint8_t)(addr >> 8), (uint8_t)addr };
    if (len) memcpy(o + 4, data, len);
    frame(o, NULL, 4 + len);
}

static void program(uint32_t addr, const uint8_t *data, size_t len)
{
    cmd1(NOR_CMD_WREN);
    addr_cmd(NOR_CMD_PROGRAM, addr, data, len);
}

static void wait_idle(void)
{
    if (sched_pending(T.env.sched, EV_NOR)) sched_advance_to(T.env.sched, sched_when(T.env.sched, EV_NOR));
}

static uint64_t now(void) { return sched_now(T.env.sched); }

static void write_file(const char *p, const uint8_t *d, size_t len)
{
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, d, len), (ssize_t)len);
    close(fd);
}

static size_t read_file(const char *p, uint8_t *d, size_t max)
{
    int fd = open(p, O_RDONLY);
    if (fd < 0) return 0;
    ssize_t r = read(fd, d, max);
    close(fd);
    return r < 0 ? 0 : (size_t)r;
}

static void copy_file(const char *from, const char *to)
{
    static uint8_t buf[NOR_SIZE + 4096];
    size_t len = read_file(from, buf, sizeof buf);
    write_file(to, buf, len);
}

/* A file-backed flash on `img` holding a pattern, replacing the volatile one. */
static void use_pattern_image(void)
{
    static uint8_t pat[NOR_SIZE];
    for (uint32_t a = 0; a < NOR_SIZE; a++) pat[a] = (uint8_t)(a * 7 + (a >> 8));
    write_file(img, pat, NOR_SIZE);
    nor_destroy(n);
    char err[256];
    n = nor_create(&T.env, img, false, err, sizeof err);
    ck_assert_msg(n != NULL, "%s", err);
}

START_TEST(test_nor_jedec_id_and_cs_framing)
{
    const SpiTarget *t = nor_spi_target(n, 0);
    ck_assert_uint_eq(t->exchange(t->opaque, NOR_CMD_JEDEC_ID, 8), 0xFF); /* not selected */
    ck_assert_uint_eq(t->exchange(t->opaque, 0x9F00, 16), 0xFFFF);
    uint8_t o[6] = { NOR_CMD_JEDEC_ID }, i[6];
    frame(o, i, 6);
    ck_assert_uint_eq(i[1], 0x1F);
    ck_assert_uint_eq(i[2], 0x45);
    ck_assert_uint_eq(i[3], 0x02);
    ck_assert_uint_eq(i[4], 0x00);
    ck_assert_uint_eq(i[5], 0xFF);
    /* A new frame starts a new command; 16- and 32-bit words carry bytes MSB first. */
    nor_chip_select(n, 0, false);
    ck_assert_uint_eq(t->exchange(t->opaque, 0x9F00, 16), 0xFF1F);
    ck_assert_uint_eq(t->exchange(t->opaque, 0, 32), 0x450200FFu);
    nor_chip_select(n, 0, true);
    ck_assert_ptr_null(nor_spi_target(n, 2));
}
END_TEST

START_TEST(test_nor_status_wel_and_protection)
{
    /* Power-up: all sectors protected (SWP = 11), WP deasserted (WPP). */
    ck_assert_uint_eq(status(), NOR_SR_WPP | NOR_SR_SWP_MASK);
    cmd1(NOR_CMD_WREN);
    ck_assert_uint_eq(status(), NOR_SR_WPP | NOR_SR_SWP_MASK | NOR_SR_WEL);
    /* Status repeats byte 1, byte 2 (byte 2 = BUSY only here). */
    uint8_t o[5] = { NOR_CMD_RDSR }, i[5];
    frame(o, i, 5);
    ck_assert_uint_eq(i[1], 0x1E);
    ck_assert_uint_eq(i[2], 0x00);
    ck_assert_uint_eq(i[3], 0x1E);
    cmd1(NOR_CMD_WRDI);
    ck_assert_uint_eq(status(), 0x1C);
    /* Write status without WEL: ignored. */
    uint8_t w[2] = { NOR_CMD_WRSR, 0x00 };
    frame(w, NULL, 2);
    ck_assert_uint_eq(status(), 0x1C);
    wrsr(0x00); /* global unprotect, WEL cleared */
    ck_assert_uint_eq(status(), NOR_SR_WPP);
    wrsr(0xFF); /* global protect + SPRL */
    ck_assert_uint_eq(status(), 0x9C);
    wrsr(0x00); /* locked: only SPRL changes */
    ck_assert_uint_eq(status(), 0x1C);
    wrsr(0x00);
    ck_assert_uint_eq(status(), 0x10);
    wrsr(0x7F); /* global protect, SPRL stays 0 */
    ck_assert_uint_eq(status(), 0x1C);
    wrsr(0x14); /* mixed bits 5:2: no change */
    ck_assert_uint_eq(status(), 0x1C);
    ck_assert(!sched_pending(T.env.sched, EV_NOR));
}
END_TEST

START_TEST(test_nor_read_increments_and_wraps)
{
    use_pattern_image();
    const uint8_t *m = nor_contents(n);
    uint8_t b[6];
    read_at(NOR_CMD_READ, 0xFFFFE, b, 4);
    ck_assert_uint_eq(b[0], m[0xFFFFE]);
    ck_assert_uint_eq(b[1], m[0xFFFFF]);
    ck_assert_uint_eq(b[2], m[0]);
    ck_assert_uint_eq(b[3], m[1]);
    read_at(NOR_CMD_FAST_READ, 0x12345, b, 6); /* one dummy byte */
    for (unsigned k = 0; k < 6; k++) ck_assert_uint_eq(b[k], m[0x12345 + k]);
    read_at(NOR_CMD_READ, 0xF12345, b, 2); /* A23-A20 ignored */
    ck_assert_uint_eq(b[0], m[0x12345]);
    ck_assert_uint_eq(b[1], m[0x12346]);
}
END_TEST

START_TEST(test_nor_program_and_semantics_wel_cleared)
{
    wrsr(0x00);
    uint8_t a = 0xF0, b = 0x3C, r;
    program(0x1000, &a, 1);
    ck_assert_uint_eq(status() & (NOR_SR_BUSY | NOR_SR_WEL), NOR_SR_BUSY | NOR_SR_WEL);
    wait_idle();
    ck_assert_uint_eq(status() & (NOR_SR_BUSY | NOR_SR_WEL), 0);
    program(0x1000, &b, 1);
    wait_idle();
    read_at(NOR_CMD_READ, 0x1000, &r, 1);
    ck_assert_uint_eq(r, 0x30); /* bits only go 1 -> 0 */
    ck_assert_uint_eq(nor_contents(n)[0x1001], 0xFF);
    /* Without WEL nothing happens. */
    uint8_t z = 0x00;
    addr_cmd(NOR_CMD_PROGRAM, 0x1000, &z, 1);
    ck_assert(!sched_pending(T.env.sched, EV_NOR));
    ck_assert_uint_eq(nor_contents(n)[0x1000], 0x30);
    /* Address without data: aborted, WEL cleared. */
    cmd1(NOR_CMD_WREN);
    addr_cmd(NOR_CMD_PROGRAM, 0x1000, NULL, 0);
    ck_assert(!sched_pending(T.env.sched, EV_NOR));
    ck_assert_uint_eq(status() & NOR_SR_WEL, 0);
}
END_TEST

START_TEST(test_nor_program_wraps_in_page)
{
    wrsr(0x00);
    uint8_t d[4] = { 0x11, 0x22, 0x33, 0x44 };
    program(0x2FE, d, 4);
    wait_idle();
    const uint8_t *m = nor_contents(n);
    ck_assert_uint_eq(m[0x2FE], 0x11);
    ck_assert_uint_eq(m[0x2FF], 0x22);
    ck_assert_uint_eq(m[0x200], 0x33);
    ck_assert_uint_eq(m[0x201], 0x44);
    ck_assert_uint_eq(m[0x300], 0xFF);
    ck_assert_uint_eq(m[0x202], 0xFF);
    /* 258 bytes from page offset 0: the last 256 sent win. */
    uint8_t big[258];
    for (unsigned k = 0; k < sizeof big; k++) big[k] = (uint8_t)(k == 0 || k == 1 ? 0x00 : 0xA5);
    big[256] = 0x5A;
    big[257] = 0x7E;
    program(0x400, big, sizeof big);
    wait_idle();
    ck_assert_uint_eq(m[0x400], 0x5A);
    ck_assert_uint_eq(m[0x401], 0x7E);
    ck_assert_uint_eq(m[0x402], 0xA5);
    ck_assert_uint_eq(m[0x4FF], 0xA5);
    ck_assert_uint_eq(m[0x500], 0xFF);
}
END_TEST

START_TEST(test_nor_protected_sectors_refuse)
{
    uint8_t z = 0;
    program(0x1000, &z, 1); /* power-up protection */
    ck_assert(!sched_pending(T.env.sched, EV_NOR));
    ck_assert_uint_eq(status() & NOR_SR_WEL, 0);
    ck_assert_uint_eq(nor_contents(n)[0x1000], 0xFF);
    cmd1(NOR_CMD_WREN);
    addr_cmd(NOR_CMD_ERASE_4K, 0x1000, NULL, 0);
    ck_assert(!sched_pending(T.env.sched, EV_NOR));
    cmd1(NOR_CMD_WREN);
    cmd1(NOR_CMD_CHIP_ERASE);
    ck_assert(!sched_pending(T.env.sched, EV_NOR));
    ck_assert_uint_eq(status() & NOR_SR_WEL, 0);
}
END_TEST

START_TEST(test_nor_erases_fill_aligned_blocks)
{
    static uint8_t zero[NOR_SIZE];
    write_file(img, zero, NOR_SIZE);
    nor_destroy(n);
    char err[256];
    n = nor_create(&T.env, img, false, err, sizeof err);
    ck_assert_ptr_nonnull(n);
    const uint8_t *m = nor_contents(n);
    wrsr(0x00);
    struct { uint8_t op; uint32_t addr, base, size, us; } e[] = {
        { NOR_CMD_ERASE_4K, 0x1234, 0x1000, 0x1000, NOR_ERASE_4K_US },
        { NOR_CMD_ERASE_32K, 0x9876, 0x8000, 0x8000, NOR_ERASE_32K_US },
        { NOR_CMD_ERASE_64K, 0x3ABCD, 0x30000, 0x10000, NOR_ERASE_64K_US },
    };
    for (unsigned k = 0; k < 3; k++) {
        cmd1(NOR_CMD_WREN);
        addr_cmd(e[k].op, e[k].addr, NULL, 0);
        ck_assert_uint_eq(sched_when(T.env.sched, EV_NOR), now() + clk_cycles_from_us(e[k].us));
        wait_idle();
        ck_assert_uint_eq(m[e[k].base - 1], 0x00);
        ck_assert_uint_eq(m[e[k].base], 0xFF);
        ck_assert_uint_eq(m[e[k].base + e[k].size - 1], 0xFF);
        ck_assert_uint_eq(m[e[k].base + e[k].size], 0x00);
    }
    cmd1(NOR_CMD_WREN);
    cmd1(NOR_CMD_CHIP_ERASE2);
    ck_assert_uint_eq(sched_when(T.env.sched, EV_NOR), now() + clk_cycles_from_us(NOR_CHIP_ERASE_US));
    wait_idle();
    for (uint32_t a = 0; a < NOR_SIZE; a += 4093) ck_assert_uint_eq(m[a], 0xFF);
    ck_assert_uint_eq(m[NOR_SIZE - 1], 0xFF);
}
END_TEST

START_TEST(test_nor_busy_exact_cycles)
{
    wrsr(0x00);
    sched_advance_to(T.env.sched, 12345);
    uint8_t d = 0x00, r;
    program(0x800, &d, 1);
    uint64_t t0 = now(), len = clk_cycles_from_us(NOR_PROGRAM_US);
    ck_assert_uint_eq(len, 533000);
    sched_advance_to(T.env.sched, t0 + len - 1);
    ck_assert_uint_eq(status() & NOR_SR_BUSY, NOR_SR_BUSY);
    ck_assert_uint_eq(nor_contents(n)[0x800], 0xFF);
    sched_advance_to(T.env.sched, t0 + len);
    ck_assert_uint_eq(status() & NOR_SR_BUSY, 0);
    read_at(NOR_CMD_READ, 0x800, &r, 1);
    ck_assert_uint_eq(r, 0x00);
}
END_TEST

START_TEST(test_nor_busy_ignores_other_commands)
{
    wrsr(0x00);
    uint8_t d = 0x12, b[2];
    program(0x10, &d, 1);
    read_at(NOR_CMD_READ, 0x0, b, 2);
    ck_assert_uint_eq(b[0], 0xFF);
    ck_assert_uint_eq(b[1], 0xFF);
    uint8_t o[2] = { NOR_CMD_JEDEC_ID }, i[2];
    frame(o, i, 2);
    ck_assert_uint_eq(i[1], 0xFF);
    cmd1(NOR_CMD_WRDI); /* ignored: WEL stays until the end */
    ck_assert_uint_eq(status() & NOR_SR_WEL, NOR_SR_WEL);
    uint64_t due = sched_when(T.env.sched, EV_NOR);
    cmd1(NOR_CMD_WREN);
    addr_cmd(NOR_CMD_ERASE_4K, 0, NULL, 0); /* ignored, does not move the event */
    ck_assert_uint_eq(sched_when(T.env.sched, EV_NOR), due);
    wait_idle();
    ck_assert_uint_eq(nor_contents(n)[0x10], 0x12);
    ck_assert_uint_eq(status(), NOR_SR_WPP);
}
END_TEST

START_TEST(test_nor_write_survives_recreate)
{
    nor_destroy(n);
    char err[256];
    n = nor_create(&T.env, img, false, err, sizeof err);
    ck_assert_ptr_null(n);
    ck_assert(strstr(err, "No such file") != NULL);
    n = nor_create(&T.env, img, true, err, sizeof err);
    ck_assert_msg(n != NULL, "%s", err);
    struct stat st;
    ck_assert_int_eq(stat(img, &st), 0);
    ck_assert_int_eq(st.st_size, NOR_SIZE);
    wrsr(0x00);
    uint8_t d[3] = { 0xDE, 0xAD, 0x00 };
    program(0xFC010, d, 3);
    wait_idle();
    /* A run killed now: the image plus its journal hold the write. */
    char copy[192], cj[192], jr[192];
    snprintf(copy, sizeof copy, "%s/copy.bin", dir);
    snprintf(cj, sizeof cj, "%s/copy.bin.journal", dir);
    snprintf(jr, sizeof jr, "%s.journal", img);
    copy_file(img, copy);
    copy_file(jr, cj);
    DevTestEnv T2;
    devtest_init(&T2);
    NorDev *c = nor_create(&T2.env, copy, false, err, sizeof err);
    ck_assert_msg(c != NULL, "%s", err);
    ck_assert_uint_eq(nor_contents(c)[0xFC010], 0xDE);
    ck_assert_uint_eq(nor_contents(c)[0xFC012], 0x00);
    ck_assert_int_ne(access(cj, F_OK), 0); /* replayed into the image, journal gone */
    nor_destroy(c);
    devtest_free(&T2);
    /* Orderly destroy + re-create. */
    nor_destroy(n);
    ck_assert_int_ne(access(jr, F_OK), 0);
    n = nor_create(&T.env, img, false, err, sizeof err);
    ck_assert_msg(n != NULL, "%s", err);
    ck_assert_uint_eq(nor_contents(n)[0xFC011], 0xAD);
    ck_assert_uint_eq(nor_contents(n)[0xFC013], 0xFF);
    ck_assert(nor_flush(n, err, sizeof err));
    ck_assert_ptr_null(nor_io_error(n));
}
END_TEST

START_TEST(test_nor_torn_journal_record_ignored)
{
    nor_destroy(n);
    char err[256];
    n = nor_create(&T.env, img, true, err, sizeof err);
    ck_assert_ptr_nonnull(n);
    wrsr(0x00);
    uint8_t a = 0x01, b = 0x02;
    program(0x100, &a, 1);
    wait_idle();
    cmd1(NOR_CMD_WREN);
    addr_cmd(NOR_CMD_ERASE_4K, 0x5000, NULL, 0);
    wait_idle();
    program(0x200, &b, 1);
    wait_idle();
    char jr[192], copy[192], cj[192];
    snprintf(jr, sizeof jr, "%s.journal", img);
    snprintf(copy, sizeof copy, "%s/copy.bin", dir);
    snprintf(cj, sizeof cj, "%s/copy.bin.journal", dir);
    static uint8_t j[4096];
    size_t len = read_file(jr, j, sizeof j);
    ck_assert_uint_eq(len, 2 * (16 + 256 + 4) + 20);
    copy_file(img, copy);
    write_file(cj, j, len - 3); /* last record torn */
    DevTestEnv T2;
    devtest_init(&T2);
    NorDev *c = nor_create(&T2.env, copy, false, err, sizeof err);
    ck_assert_msg(c != NULL, "%s", err);
    ck_assert_uint_eq(nor_contents(c)[0x100], 0x01);
    ck_assert_uint_eq(nor_contents(c)[0x200], 0xFF);
    nor_destroy(c);
    /* A flipped bit in the last record: its CRC fails, earlier ones apply. */
    j[len - 10] ^= 0x40;
    copy_file(img, copy);
    write_file(cj, j, len);
    c = nor_create(&T2.env, copy, false, err, sizeof err);
    ck_assert_ptr_nonnull(c);
    ck_assert_uint_eq(nor_contents(c)[0x100], 0x01);
    ck_assert_uint_eq(nor_contents(c)[0x200], 0xFF);
    nor_destroy(c);
    devtest_free(&T2);
}
END_TEST

START_TEST(test_nor_wrong_image_size_refused)
{
    static uint8_t junk[12345];
    char p[192], err[256], want[320];
    snprintf(p, sizeof p, "%s/bad.bin", dir);
    write_file(p, junk, sizeof junk);
    ck_assert_ptr_null(nor_create(&T.env, p, true, err, sizeof err));
    snprintf(want, sizeof want, "NOR image '%s' is 12345 bytes; an AT25DF081A image is exactly 1048576", p);
    ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(test_nor_two_ports_same_flash)
{
    const SpiTarget *t0 = nor_spi_target(n, 0);
    uint8_t o[2] = { NOR_CMD_WREN }, i[6];
    frame_on(n, 1, o, NULL, 1);
    o[0] = NOR_CMD_WRSR;
    o[1] = 0;
    frame_on(n, 1, o, NULL, 2);
    uint8_t pp[5] = { NOR_CMD_PROGRAM, 0x0A, 0xBC, 0xDE, 0x5A };
    o[0] = NOR_CMD_WREN;
    frame_on(n, 1, o, NULL, 1);
    frame_on(n, 1, pp, NULL, 5);
    /* Port 0's exchange does not answer while only port 1 is selected. */
    nor_chip_select(n, 1, false);
    ck_assert_uint_eq(t0->exchange(t0->opaque, NOR_CMD_RDSR, 8), 0xFF);
    nor_chip_select(n, 1, true);
    wait_idle();
    uint8_t rd[5] = { NOR_CMD_READ, 0x0A, 0xBC, 0xDE, 0 };
    frame_on(n, 0, rd, i, 5);
    ck_assert_uint_eq(i[4], 0x5A);
    frame_on(n, 1, rd, i, 5);
    ck_assert_uint_eq(i[4], 0x5A);
}
END_TEST

START_TEST(test_nor_state_round_trip)
{
    wrsr(0x00);
    uint8_t d = 0x42;
    program(0x3333, &d, 1);
    sched_advance_to(T.env.sched, now() + 1000);
    nor_chip_select(n, 0, false); /* mid-frame: RDSR sent, one byte read */
    const SpiTarget *t = nor_spi_target(n, 0);
    t->exchange(t->opaque, NOR_CMD_RDSR, 8);
    StateIO *sv = state_create_save();
    sched_state(T.env.sched, sv);
    nor_state(n, sv);
    ck_assert_ptr_null(state_error(sv));
    size_t len;
    const void *data = state_data(sv, &len);

    DevTestEnv T2;
    devtest_init(&T2);
    char err[256];
    NorDev *m = nor_create(&T2.env, NULL, false, err, sizeof err);
    StateIO *ld = state_create_load(data, len);
    sched_state(T2.env.sched, ld);
    nor_state(m, ld);
    ck_assert_ptr_null(state_error(ld));
    ck_assert_uint_eq(sched_when(T2.env.sched, EV_NOR), sched_when(T.env.sched, EV_NOR));
    const SpiTarget *t2 = nor_spi_target(m, 0);
    for (int k = 0; k < 3; k++)
        ck_assert_uint_eq(t2->exchange(t2->opaque, 0, 8), t->exchange(t->opaque, 0, 8));
    nor_chip_select(m, 0, true);
    nor_chip_select(n, 0, true);
    wait_idle();
    sched_advance_to(T2.env.sched, now());
    ck_assert_uint_eq(nor_contents(m)[0x3333], 0x42);
    ck_assert_mem_eq(nor_contents(m), nor_contents(n), NOR_SIZE);
    state_destroy(sv);
    state_destroy(ld);
    nor_destroy(m);
    devtest_free(&T2);
}
END_TEST

Suite *nor_suite(void)
{
    Suite *s = suite_create("nor");
    TCase *tc = tcase_create("nor");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_nor_jedec_id_and_cs_framing);
    tcase_add_test(tc, test_nor_status_wel_and_protection);
    tcase_add_test(tc, test_nor_read_increments_and_wraps);
    tcase_add_test(tc, test_nor_program_and_semantics_wel_cleared);
    tcase_add_test(tc, test_nor_program_wraps_in_page);
    tcase_add_test(tc, test_nor_protected_sectors_refuse);
    tcase_add_test(tc, test_nor_erases_fill_aligned_blocks);
    tcase_add_test(tc, test_nor_busy_exact_cycles);
    tcase_add_test(tc, test_nor_busy_ignores_other_commands);
    tcase_add_test(tc, test_nor_write_survives_recreate);
    tcase_add_test(tc, test_nor_torn_journal_record_ignored);
    tcase_add_test(tc, test_nor_wrong_image_size_refused);
    tcase_add_test(tc, test_nor_two_ports_same_flash);
    tcase_add_test(tc, test_nor_state_round_trip);
    suite_add_tcase(s, tc);
    return s;
}
