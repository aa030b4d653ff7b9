/*
 * buttons: the four hardware buttons through the real interrupt path, driven
 * by roms/soc/tests/buttons.input (`ipodsim boot --input-script`).
 *
 * Path: GPIO pin change -> SYSIC GPIO interrupt controller (interrupt number
 * (P+3)*8+N: home 0x79, power 0x7A, volume up 0x62, volume down 0x78, all in
 * group 3) -> VIC0 line 3 -> IRQ.  Set-up as openiBoot does it (sheet
 * s5l8720-core.md 7.2, 7.3): the GPIO-IC start-up handshake, every source
 * level-type with "auto-flip" polarity (the handler toggles INTLEVEL so the
 * opposite transition interrupts next: press and release both interrupt),
 * stale status cleared before enabling.  The handler reads the pin (GPIO
 * DAT), flips the polarity, acknowledges (W1C) and records the cycle.
 *
 * Cycles are absolute emulated cycles, as in the script: CCNT plus an offset
 * calibrated once against the 64-bit tick counter (24 MHz since power-on).
 * Checked: the handshake, buttons released at rest, nothing pending after
 * set-up, every scripted event in order with the right button and direction
 * within LAT_MAX cycles of its scripted cycle, no interrupt outside those
 * (before the first event, between events, after the last), and every GPIO
 * interrupt entry finding something pending.  A missing event times out.
 */
#include "soc.h"

#define BTN_GROUP 3u   /* IRQ_GPIO_G3 (VIC0 line 3) */

#define LAT_MAX 1000u    /* scripted cycle -> handler, cycles (1.9 us); measured 104..191 */

enum { HOME, POWER, VOLUP, VOLDOWN, NBTN };
static const char *const btn_name[NBTN] = { "home", "power", "volup", "voldown" };
static const uint16_t btn_gpio[NBTN] = { GPIO_BTN_HOME, GPIO_BTN_POWER, GPIO_BTN_VOLUP, GPIO_BTN_VOLDOWN };
static const uint8_t btn_pressed_level[NBTN] = { 1, 1, 0, 0 };

static unsigned btn_irq(unsigned b) { return GPIO_IRQ_OF(btn_gpio[b]); }
static unsigned btn_level(unsigned b) { return gpio_read(btn_gpio[b]); }

/* Must match buttons.input line for line. */
static const struct { uint32_t cycle; uint8_t btn, down; } expected[] = {
    { 20000000, HOME, 1 },    { 22000000, HOME, 0 },
    { 24000000, POWER, 1 },   { 26000000, POWER, 0 },
    { 28000000, VOLUP, 1 },   { 30000000, VOLUP, 0 },
    { 32000000, VOLDOWN, 1 }, { 34000000, VOLDOWN, 0 },
    /* home and power held together: pressed on the same cycle, released apart */
    { 36000000, HOME, 1 },    { 36000000, POWER, 1 },
    { 38000000, POWER, 0 },   { 39000000, HOME, 0 },
    /* a short tap of volume down while volume up is held */
    { 40000000, VOLUP, 1 },   { 40100000, VOLDOWN, 1 },
    { 40200000, VOLDOWN, 0 }, { 41000000, VOLUP, 0 },
};
#define NEXP (sizeof expected / sizeof expected[0])
#define NREC (NEXP + 8)

static struct { uint32_t cycle; uint8_t btn, down, level_ok; } rec[NREC];
static volatile uint32_t nrec, nevents, irq_calls, irq_empty, irq_foreign, vic_line_seen;

static void gpio_irq(void)
{
    irq_calls++;
    if (rd32(VIC0_BASE + VIC_IRQSTATUS) & (1u << IRQ_GPIO_G3)) vic_line_seen++;
    bool any = false;
    for (;;) {
        uint32_t st = rd32(GIC_INTSTAT(BTN_GROUP)) & rd32(GIC_INTEN(BTN_GROUP));
        if (!st) break;
        any = true;
        for (unsigned b = 0; b < NBTN; b++) {
            uint32_t bit = 1u << (btn_irq(b) % 32);
            if (!(st & bit)) continue;
            st &= ~bit;
            uint32_t t = cycle_now();
            unsigned lvl = btn_level(b);
            uint32_t pol = rd32(GIC_INTLEVEL(BTN_GROUP));
            unsigned trig = (pol & bit) ? 1 : 0;   /* the polarity that fired */
            wr32(GIC_INTLEVEL(BTN_GROUP), pol ^ bit);   /* auto-flip */
            wr32(GIC_INTSTAT(BTN_GROUP), bit);           /* acknowledge */
            if (nrec < NREC) {
                rec[nrec].cycle = t;
                rec[nrec].btn = (uint8_t)b;
                rec[nrec].down = lvl == btn_pressed_level[b];
                rec[nrec].level_ok = lvl == trig;
                nrec++;
            }
            nevents++;
        }
        if (st) {   /* a source that is not ours: disable it so the line drops */
            irq_foreign |= st;
            wr32(GIC_INTEN(BTN_GROUP), rd32(GIC_INTEN(BTN_GROUP)) & ~st);
            wr32(GIC_INTSTAT(BTN_GROUP), st);
        }
    }
    if (!any) irq_empty++;
}

static void handshake(void)
{
    /* READY is clear at reset (nothing before has done it), so gpioic_start
     * performs the whole handshake rather than skipping it. */
    bool was_ready = rd32(SYSIC_GPIOIC_READY) & 1u;
    uint32_t spins = 0;
    bool ready = gpioic_start(&spins);
    for (unsigned g = 0; g < GIC_GROUPS; g++) {
        wr32(GIC_INTSTAT(g), 0xFFFFFFFFu);
        wr32(GIC_INTEN(g), 0);
    }
    check(!was_ready && ready, "GPIO-IC start-up handshake: 0x7C bit 0 clear at reset (%u), ready after %u polls",
          was_ready, spins);
    uint32_t pend = 0, en = 0;
    for (unsigned g = 0; g < GIC_GROUPS; g++) {
        pend |= rd32(GIC_INTSTAT(g));
        en |= rd32(GIC_INTEN(g));
    }
    check(pend == 0 && en == 0, "after the flush every group has INTSTAT 0 (OR 0x%08x) and INTEN 0 (OR 0x%08x)",
          pend, en);
}

static void check_rest(const char *when)
{
    bool ok = true;
    for (unsigned b = 0; b < NBTN; b++) ok &= btn_level(b) != btn_pressed_level[b];
    check(ok, "%s: buttons read released (home %u, power %u, volup %u, voldown %u; released = 0 0 1 1)", when,
          btn_level(HOME), btn_level(POWER), btn_level(VOLUP), btn_level(VOLDOWN));
}

static void setup_buttons(void)
{
    uint32_t mask = 0, lvl = rd32(GIC_INTLEVEL(BTN_GROUP));
    for (unsigned b = 0; b < NBTN; b++) {
        uint32_t bit = 1u << (btn_irq(b) % 32);
        mask |= bit;
        /* trigger on the level a press gives: the pin's opposite at rest */
        if (btn_level(b)) lvl &= ~bit;
        else lvl |= bit;
    }
    wr32(GIC_INTTYPE(BTN_GROUP), rd32(GIC_INTTYPE(BTN_GROUP)) | mask);   /* level-sensitive */
    wr32(GIC_INTLEVEL(BTN_GROUP), lvl);
    wr32(GIC_INTSTAT(BTN_GROUP), mask);                                  /* clear stale */
    wr32(GIC_INTEN(BTN_GROUP), rd32(GIC_INTEN(BTN_GROUP)) | mask);       /* then enable */
    vic_set_handler(IRQ_GPIO_G3, gpio_irq, 8);
    vic_enable(IRQ_GPIO_G3);
    check(mask == 0x07000004u, "button interrupts 0x79/0x7A/0x62/0x78 are group 3 bits 25/26/2/24 (mask 0x%08x)",
          mask);
    delay_cycles(2000);
    check(rd32(GIC_INTSTAT(BTN_GROUP)) == 0 && !(rd32(VIC0_BASE + VIC_RAWINTR) & (1u << IRQ_GPIO_G3)) &&
              nevents == 0,
          "enabled at rest: nothing pending (INTSTAT 0x%08x, VIC raw line %u, %u interrupts)",
          rd32(GIC_INTSTAT(BTN_GROUP)), (rd32(VIC0_BASE + VIC_RAWINTR) >> IRQ_GPIO_G3) & 1, nevents);
}

int main(void)
{
    soc_init("buttons");
    cycle_clock_sync();
    info("start at cycle %u", cycle_now());
    handshake();
    check_rest("at rest");
    setup_buttons();
    check(cycle_now() < expected[0].cycle, "set-up done at cycle %u, before the first scripted event (%u)",
          cycle_now(), expected[0].cycle);

    /* Quiet until the first scripted event. */
    uint32_t quiet = expected[0].cycle - cycle_now() - 1000;
    if ((int32_t)quiet > 0) sleep_cycles(quiet);
    check(nevents == 0, "no interrupt while no button changes (%u before cycle %u)", nevents, cycle_now());

    /* Every event, with a timeout so that a missing one is a FAIL. */
    for (unsigned k = 0; k < NEXP; k++) {
        uint32_t deadline = expected[k].cycle + LAT_MAX + 100000;
        uint32_t n = cycle_now();
        if (nevents <= k && (int32_t)(deadline - n) > 0) wait_count(&nevents, k + 1, deadline - n);
        if (nrec <= k) {
            check(false, "event %u: %s %s scripted at cycle %u never arrived", k, btn_name[expected[k].btn],
                  expected[k].down ? "down" : "up", expected[k].cycle);
            continue;
        }
        info("%u %s %s", rec[k].cycle, btn_name[rec[k].btn], rec[k].down ? "down" : "up");
        uint32_t lat = rec[k].cycle - expected[k].cycle;
        check(rec[k].btn == expected[k].btn && rec[k].down == expected[k].down && rec[k].level_ok &&
                  (int32_t)lat >= 0 && lat <= LAT_MAX,
              "event %u: %s %s (expected %s %s) at cycle %u, %d cycles after the scripted %u (max %u)", k,
              btn_name[rec[k].btn], rec[k].down ? "down" : "up", btn_name[expected[k].btn],
              expected[k].down ? "down" : "up", rec[k].cycle, (int)lat, expected[k].cycle, LAT_MAX);
    }

    /* Quiet afterwards, and back at rest. */
    sleep_cycles(5000000);
    for (unsigned k = NEXP; k < nrec; k++)
        info("%u %s %s (unexpected)", rec[k].cycle, btn_name[rec[k].btn], rec[k].down ? "down" : "up");
    check(nevents == NEXP, "exactly %u button interrupts, none spurious (got %u)", (unsigned)NEXP, nevents);
    check(irq_empty == 0 && irq_foreign == 0 && vic_line_seen == irq_calls,
          "every GPIO-IC entry (%u) came on VIC0 line 3 with a button pending (%u empty, foreign bits 0x%08x)",
          irq_calls, irq_empty, irq_foreign);
    check_rest("after the script");
    uint32_t pol = rd32(GIC_INTLEVEL(BTN_GROUP)) & 0x07000004u;
    check(pol == 0x06000000u && rd32(GIC_INTSTAT(BTN_GROUP)) == 0,
          "polarity back to 'next press' (INTLEVEL 0x%08x, expected 0x06000000), nothing pending", pol);
    report_end();
}
