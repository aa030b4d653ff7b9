/* The Pinot panel of dev/panel.h: power-on state, DCS sleep/display
 * commands tracked (openiBoot's power-on and shutdown order, sheet 5.4),
 * the ID bytes through the generic 0xB1 read and the DCS ID reads, the
 * maximum-return-size limit, soft reset, the reset GPIO (held low: power-on
 * state, no answers, nothing shown; released: commands work again), and a
 * state round trip. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "dev/panel.h"
#include "soc/state.h"

static void dcs(const DsiPeripheral *d, uint8_t cmd)
{
    uint8_t b[2] = { cmd, 0 };
    d->write(d->opaque, DSI_DT_DCS_SHORT_WRITE0, b, 2);
}

static unsigned rd(const DsiPeripheral *d, uint8_t type, uint8_t reg, uint8_t *resp, unsigned max)
{
    uint8_t req[2] = { reg, 0 };
    return d->read(d->opaque, type, req, 2, resp, max);
}

START_TEST(test_panel_power_on_state)
{
    PanelDev *p = panel_create(NULL);
    ck_assert(!panel_display_on(p));
    ck_assert(panel_sleeping(p));
    ck_assert_uint_eq(panel_power_mode(p), PANEL_PM_NORMAL);
    panel_destroy(p);
}
END_TEST

START_TEST(test_panel_dcs_display_on_off)
{
    PanelDev *p = panel_create(NULL);
    const DsiPeripheral *d = panel_dsi(p);
    dcs(d, DCS_NOP);
    dcs(d, DCS_EXIT_SLEEP);
    ck_assert(!panel_sleeping(p));
    ck_assert(!panel_display_on(p)); /* still display off */
    dcs(d, DCS_DISPLAY_ON);
    ck_assert(panel_display_on(p));
    uint8_t b = 0;
    ck_assert_uint_eq(rd(d, DSI_DT_DCS_READ, DCS_GET_POWER_MODE, &b, 8), 1);
    ck_assert_uint_eq(b, PANEL_PM_BOOSTER | PANEL_PM_SLEEP_OUT | PANEL_PM_NORMAL | PANEL_PM_DISPLAY_ON);
    /* Shutdown order: display off, then sleep in. */
    dcs(d, DCS_DISPLAY_OFF);
    ck_assert(!panel_display_on(p));
    ck_assert(!panel_sleeping(p));
    dcs(d, DCS_ENTER_SLEEP);
    ck_assert(panel_sleeping(p));
    /* Display on while asleep shows nothing. */
    dcs(d, DCS_DISPLAY_ON);
    ck_assert(!panel_display_on(p));
    dcs(d, DCS_EXIT_SLEEP);
    ck_assert(panel_display_on(p));
    /* DCS with a parameter, and soft reset. */
    uint8_t px[2] = { DCS_PIXEL_FORMAT, 0x55 };
    d->write(d->opaque, DSI_DT_DCS_SHORT_WRITE1, px, 2);
    ck_assert_uint_eq(rd(d, DSI_DT_DCS_READ, DCS_GET_PIXEL_FORMAT, &b, 8), 1);
    ck_assert_uint_eq(b, 0x55);
    dcs(d, DCS_SOFT_RESET);
    ck_assert(!panel_display_on(p));
    ck_assert(panel_sleeping(p));
    ck_assert_uint_eq(panel_commands(p), 11);
    panel_destroy(p);
}
END_TEST

START_TEST(test_panel_reset_line)
{
    PanelDev *p = panel_create(NULL);
    const DsiPeripheral *d = panel_dsi(p);
    panel_reset_line(p, 0, true); /* released at connect: nothing changes */
    dcs(d, DCS_EXIT_SLEEP);
    dcs(d, DCS_DISPLAY_ON);
    ck_assert(panel_display_on(p));
    panel_reset_line(p, 0, false);
    ck_assert(!panel_display_on(p));
    ck_assert(panel_sleeping(p));
    uint8_t id[8];
    ck_assert_uint_eq(rd(d, DSI_DT_GENERIC_READ1, PANEL_ID_REG, id, 8), 0); /* held: no answer */
    dcs(d, DCS_EXIT_SLEEP);                                                 /* ignored */
    dcs(d, DCS_DISPLAY_ON);
    ck_assert(!panel_display_on(p));
    panel_reset_line(p, 0, true);
    ck_assert(!panel_display_on(p)); /* released asleep, display off */
    ck_assert_uint_eq(rd(d, DSI_DT_GENERIC_READ1, PANEL_ID_REG, id, 8), 3);
    dcs(d, DCS_EXIT_SLEEP);
    dcs(d, DCS_DISPLAY_ON);
    ck_assert(panel_display_on(p));
    panel_destroy(p);
}
END_TEST

START_TEST(test_panel_id_reads)
{
    PanelDev *p = panel_create(NULL);
    const DsiPeripheral *d = panel_dsi(p);
    uint8_t r[16];
    memset(r, 0xEE, sizeof r);
    ck_assert_uint_eq(rd(d, DSI_DT_GENERIC_READ1, PANEL_ID_REG, r, sizeof r), 3);
    ck_assert_uint_eq(r[0], 0x3C);
    ck_assert_uint_eq(r[1], 0xD1);
    ck_assert_uint_eq(r[2], 0xA1);
    ck_assert_uint_eq(r[3], 0xEE);
    ck_assert_uint_eq(rd(d, DSI_DT_DCS_READ, DCS_READ_ID, r, sizeof r), 3);
    ck_assert_uint_eq(r[1], 0xD1);
    ck_assert_uint_eq(rd(d, DSI_DT_DCS_READ, DCS_READ_ID3, r, sizeof r), 1);
    ck_assert_uint_eq(r[0], 0xA1);
    ck_assert_uint_eq(rd(d, DSI_DT_GENERIC_READ1, 0x42, r, sizeof r), 0);
    ck_assert_uint_eq(rd(d, DSI_DT_DCS_READ, 0x99, r, sizeof r), 0);
    /* Set maximum return packet size = 2. */
    uint8_t m[2] = { 2, 0 };
    d->write(d->opaque, DSI_DT_SET_MAX_RETURN, m, 2);
    ck_assert_uint_eq(rd(d, DSI_DT_GENERIC_READ1, PANEL_ID_REG, r, sizeof r), 2);
    panel_destroy(p);
}
END_TEST

START_TEST(test_panel_state_round_trip)
{
    PanelDev *p = panel_create(NULL);
    const DsiPeripheral *d = panel_dsi(p);
    dcs(d, DCS_EXIT_SLEEP);
    dcs(d, DCS_DISPLAY_ON);
    dcs(d, DCS_INVERT_ON);
    StateIO *io = state_create_save();
    panel_state(p, io);
    size_t len;
    const void *data = state_data(io, &len);
    void *copy = malloc(len);
    memcpy(copy, data, len);
    state_destroy(io);
    PanelDev *q = panel_create(NULL);
    StateIO *ld = state_create_load(copy, len);
    panel_state(q, ld);
    ck_assert_ptr_null(state_error(ld));
    state_destroy(ld);
    free(copy);
    ck_assert(panel_display_on(q));
    ck_assert_uint_eq(panel_power_mode(q), panel_power_mode(p));
    ck_assert_uint_eq(panel_commands(q), 3);
    uint8_t b;
    ck_assert_uint_eq(rd(panel_dsi(q), DSI_DT_DCS_READ, DCS_GET_DISPLAY_MODE, &b, 1), 1);
    ck_assert_uint_eq(b, 1u << 5);
    panel_destroy(q);
    panel_destroy(p);
}
END_TEST

Suite *panel_suite(void)
{
    Suite *s = suite_create("panel");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_panel_power_on_state);
    tcase_add_test(tc, test_panel_dcs_display_on_off);
    tcase_add_test(tc, test_panel_reset_line);
    tcase_add_test(tc, test_panel_id_reads);
    tcase_add_test(tc, test_panel_state_round_trip);
    suite_add_tcase(s, tc);
    return s;
}
