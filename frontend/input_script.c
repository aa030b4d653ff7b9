/* --input-script parsing and replay (frontend/input_script.h). */
#include "frontend/input_script.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/cli.h"
#include "soc/fileio.h"

#define MAX_LINE 512
#define INPUT_SCRIPT_MAX_BYTES ((size_t)16 << 20)
#define MAX_TOKENS 32   /* a 5-finger drag has 14 */

static const struct { const char *name; SocButton b; } buttons[] = {
    { "home", BUTTON_HOME }, { "power", BUTTON_POWER },
    { "volup", BUTTON_VOLUME_UP }, { "voldown", BUTTON_VOLUME_DOWN },
};

static bool fail_at(char *err, size_t errlen, const char *name, unsigned line, const char *msg, const char *tok)
{
    snprintf(err, errlen, "%.200s:%u: %s%s%.60s%s", name, line, msg, tok ? " '" : "", tok ? tok : "",
             tok ? "'" : "");
    return false;
}

/* A cycle count or duration: decimal or 0x hex, nothing else. */
static bool parse_cycles(const char *t, uint64_t *out) { return cli_parse_u64(t, 0, UINT64_MAX, out); }

/* Digits with an optional fraction ("12", "12.25"), within 0..max. */
static bool parse_coord(const char *t, size_t len, double max, float *out, bool *in_range)
{
    size_t i = 0, digits = 0;
    while (i < len && t[i] >= '0' && t[i] <= '9') i++, digits++;
    if (!digits || digits > 6) return false;
    if (i < len && t[i] == '.') {
        size_t frac = 0;
        for (i++; i < len && t[i] >= '0' && t[i] <= '9'; i++) frac++;
        if (!frac || frac > 6) return false;
    }
    if (i != len) return false;
    char buf[16];
    memcpy(buf, t, len);
    buf[len] = 0;
    double v = strtod(buf, NULL);
    *in_range = v <= max;
    *out = (float)v;
    return true;
}

typedef enum { POS_OK, POS_BAD, POS_OFF_PANEL } PosResult;

/* "X,Y" in panel pixels. */
static PosResult parse_pos(const char *t, MtFinger *f)
{
    const char *comma = strchr(t, ',');
    if (!comma) return POS_BAD;
    bool xin, yin;
    if (!parse_coord(t, (size_t)(comma - t), MT_PANEL_W - 1, &f->x, &xin) ||
        !parse_coord(comma + 1, strlen(comma + 1), MT_PANEL_H - 1, &f->y, &yin))
        return POS_BAD;
    f->down = true;
    return xin && yin ? POS_OK : POS_OFF_PANEL;
}

/* Parser state while reading one script. */
typedef struct Parser {
    const char *name;
    unsigned line;
    char *err;
    size_t errlen;
    size_t cap;
} Parser;

static bool perr(Parser *p, const char *msg, const char *tok)
{
    return fail_at(p->err, p->errlen, p->name, p->line, msg, tok);
}

/* Positions tok[0..n-1] into f; false with the message set. */
static bool parse_fingers(Parser *p, char **tok, unsigned n, MtFinger *f)
{
    if (n > MT_MAX_FINGERS) {
        char msg[64];
        snprintf(msg, sizeof msg, "too many fingers: %u (at most %u)", n, MT_MAX_FINGERS);
        return perr(p, msg, NULL);
    }
    for (unsigned i = 0; i < n; i++) {
        switch (parse_pos(tok[i], &f[i])) {
        case POS_OK:
            break;
        case POS_BAD:
            return perr(p, "bad position (expected X,Y in panel pixels, e.g. 160,240.5), got", tok[i]);
        case POS_OFF_PANEL:
            return perr(p, "position off the panel (x 0..319, y 0..479):", tok[i]);
        }
    }
    return true;
}

static bool push(Parser *p, InputScript *s, const InputEvent *e)
{
    if (s->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        InputEvent *ev = realloc(s->ev, cap * sizeof *ev);
        if (!ev) return perr(p, "out of memory", NULL);
        s->ev = ev;
        p->cap = cap;
    }
    s->ev[s->n++] = *e;
    return true;
}

static InputEvent touch_event(uint64_t cycle, const MtFinger *f, unsigned n)
{
    InputEvent e = { .cycle = cycle, .kind = INPUT_TOUCH, .nfingers = n };
    memcpy(e.finger, f, n * sizeof *f);
    return e;
}

/* "drag DURATION A... to B...": tok[0] is DURATION.  *end gets the cycle
 * of its last position. */
static bool parse_drag(Parser *p, InputScript *s, uint64_t cycle, char **tok, unsigned ntok, uint64_t *end)
{
    if (ntok == 0) return perr(p, "drag needs 'DURATION X,Y [X,Y ...] to X,Y [X,Y ...]'", NULL);
    uint64_t dur;
    if (!parse_cycles(tok[0], &dur)) return perr(p, "bad drag duration", tok[0]);
    if (dur == 0) return perr(p, "drag duration must be at least 1 cycle", NULL);
    if (dur > UINT64_MAX - cycle) return perr(p, "drag ends past the largest cycle", NULL);
    unsigned to = 1;
    while (to < ntok && strcmp(tok[to], "to") != 0) to++;
    if (to == ntok) return perr(p, "missing 'to' in drag (drag DURATION X,Y ... to X,Y ...)", NULL);
    unsigned na = to - 1, nb = ntok - to - 1;
    if (na == 0) return perr(p, "drag needs at least one X,Y before 'to'", NULL);
    if (nb != na) {
        char msg[96];
        snprintf(msg, sizeof msg, "drag has %u finger%s before 'to' and %u after (must be the same)", na,
                 na == 1 ? "" : "s", nb);
        return perr(p, msg, NULL);
    }
    MtFinger a[MT_MAX_FINGERS], b[MT_MAX_FINGERS], f[MT_MAX_FINGERS];
    if (!parse_fingers(p, tok + 1, na, a) || !parse_fingers(p, tok + to + 1, nb, b)) return false;
    uint64_t steps = (dur + INPUT_DRAG_STEP - 1) / INPUT_DRAG_STEP; /* positions before the last */
    if (steps + 1 > INPUT_SCRIPT_MAX_EVENTS - s->n) {
        char msg[128];
        snprintf(msg, sizeof msg, "drag too long: a script holds at most %u touch events (one per 1/120 s of drag)",
                 INPUT_SCRIPT_MAX_EVENTS);
        return perr(p, msg, NULL);
    }
    for (uint64_t k = 0; k < steps; k++) {
        /* fraction of the way: exact integer cycles, one rounding each */
        double t = (double)(k * INPUT_DRAG_STEP) / (double)dur;
        for (unsigned i = 0; i < na; i++) {
            f[i].down = true;
            f[i].x = (float)((double)a[i].x + ((double)b[i].x - (double)a[i].x) * t);
            f[i].y = (float)((double)a[i].y + ((double)b[i].y - (double)a[i].y) * t);
        }
        InputEvent e = touch_event(cycle + k * INPUT_DRAG_STEP, k ? f : a, na);
        if (!push(p, s, &e)) return false;
    }
    InputEvent e = touch_event(cycle + dur, b, nb);
    *end = cycle + dur;
    return push(p, s, &e);
}

/* One non-empty line: tok[0] the cycle, tok[1] the verb. */
static bool parse_line(Parser *p, InputScript *s, char **tok, unsigned ntok, uint64_t *last, unsigned *last_drag)
{
    if (ntok < 2 || (strcmp(tok[1], "button") != 0 && strcmp(tok[1], "touch") != 0 && strcmp(tok[1], "drag") != 0))
        return perr(p, "expected '<CYCLE> button|touch|drag ...' (docs/boot.md, --input-script)", NULL);
    uint64_t cyc;
    if (!parse_cycles(tok[0], &cyc)) return perr(p, "bad cycle", tok[0]);
    if (cyc < *last) {
        if (*last_drag) {
            char msg[128];
            snprintf(msg, sizeof msg, "overlaps the drag on line %u, which lasts until cycle %llu; this line is at",
                     *last_drag, (unsigned long long)*last);
            return perr(p, msg, tok[0]);
        }
        return perr(p, "cycles must not decrease, at", tok[0]);
    }
    if (strcmp(tok[1], "button") == 0) {
        if (ntok != 4)
            return perr(p, "expected '<CYCLE> button <home|power|volup|voldown> <down|up>'", NULL);
        size_t k;
        for (k = 0; k < sizeof buttons / sizeof buttons[0]; k++)
            if (strcmp(tok[2], buttons[k].name) == 0) break;
        if (k == sizeof buttons / sizeof buttons[0])
            return perr(p, "unknown button (home, power, volup, voldown)", tok[2]);
        bool down = strcmp(tok[3], "down") == 0;
        if (!down && strcmp(tok[3], "up") != 0) return perr(p, "expected down or up, got", tok[3]);
        InputEvent e = { .cycle = cyc, .kind = INPUT_BUTTON, .button = buttons[k].b, .pressed = down };
        if (!push(p, s, &e)) return false;
        *last = cyc;
        *last_drag = 0;
        return true;
    }
    if (strcmp(tok[1], "touch") == 0) {
        if (ntok == 2) return perr(p, "touch needs X,Y positions or 'up'", NULL);
        MtFinger f[MT_MAX_FINGERS];
        unsigned n = 0;
        if (strcmp(tok[2], "up") == 0) {
            if (ntok > 3) return perr(p, "nothing may follow 'touch up', got", tok[3]);
        } else {
            n = ntok - 2;
            if (!parse_fingers(p, tok + 2, n, f)) return false;
        }
        InputEvent e = touch_event(cyc, f, n);
        if (!push(p, s, &e)) return false;
        *last = cyc;
        *last_drag = 0;
        return true;
    }
    if (!parse_drag(p, s, cyc, tok + 2, ntok - 2, last)) return false;
    *last_drag = p->line;
    return true;
}

bool input_script_parse(const char *name, const char *text, InputScript *s, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    Parser p = { .name = name, .err = err, .errlen = errlen };
    uint64_t last = 0;
    unsigned last_drag = 0;
    const char *t = text;
    while (*t) {
        p.line++;
        size_t len = strcspn(t, "\n");
        char line[MAX_LINE];
        if (len >= sizeof line) {
            input_script_free(s);
            return perr(&p, "line too long", NULL);
        }
        memcpy(line, t, len);
        line[len] = 0;
        t += len + (t[len] == '\n');
        char *hash = strchr(line, '#');
        if (hash) *hash = 0;
        char *tok[MAX_TOKENS];
        unsigned ntok = 0;
        bool more = false;
        for (char *w = strtok(line, " \t\r"); w; w = strtok(NULL, " \t\r")) {
            if (ntok == MAX_TOKENS) {
                more = true;
                break;
            }
            tok[ntok++] = w;
        }
        if (ntok == 0) continue;
        bool ok = more ? perr(&p, "too many words on the line (a touch or drag has at most 5 fingers)", NULL)
                       : parse_line(&p, s, tok, ntok, &last, &last_drag);
        if (!ok) {
            input_script_free(s);
            return false;
        }
    }
    return true;
}

bool input_script_load(const char *path, InputScript *s, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    uint8_t *buf;
    size_t len;
    int e = 0;
    switch (file_read_all(path, INPUT_SCRIPT_MAX_BYTES, &buf, &len, &e)) {
    case FILE_READ_OK: break;
    case FILE_READ_OPEN_FAILED:
        snprintf(err, errlen, "cannot open input script '%.300s': %s", path, strerror(e));
        return false;
    default: /* scripts are small: anything bigger is refused, not parsed */
        snprintf(err, errlen, "cannot read input script '%.300s' (unreadable or over 16 MiB)", path);
        return false;
    }
    char *text = (char *)buf; /* NUL-terminated by file_read_all */
    if (strlen(text) != len) {
        free(text);
        snprintf(err, errlen, "input script '%.300s' is not text (holds a NUL byte)", path);
        return false;
    }
    bool ok = input_script_parse(path, text, s, err, errlen);
    free(text);
    return ok;
}

void input_script_free(InputScript *s)
{
    free(s->ev);
    memset(s, 0, sizeof *s);
}

uint64_t input_script_next_cycle(const InputScript *s)
{
    return s->next < s->n ? s->ev[s->next].cycle : UINT64_MAX;
}

size_t input_script_apply_due(InputScript *s, Soc *soc, uint64_t now)
{
    size_t applied = 0;
    while (s->next < s->n && s->ev[s->next].cycle <= now) {
        const InputEvent *e = &s->ev[s->next];
        if (e->kind == INPUT_TOUCH)
            input_script_touch(soc, e->finger, e->nfingers);
        else
            soc_set_button(soc, e->button, e->pressed);
        s->next++;
        applied++;
    }
    return applied;
}

void input_script_touch(Soc *soc, const MtFinger *fingers, unsigned n)
{
    if (n > MT_MAX_FINGERS) n = MT_MAX_FINGERS;
    Log *log = soc_log(soc);
    if (log_enabled(log, LOG_DEV)) {
        char text[MT_MAX_FINGERS * 24 + 8] = "";
        size_t len = 0;
        unsigned down = 0;
        for (unsigned i = 0; i < n; i++) {
            if (!fingers[i].down) continue;
            down++;
            int w = snprintf(text + len, sizeof text - len, " %u=%.2f,%.2f", i + 1, (double)fingers[i].x,
                             (double)fingers[i].y);
            if (w > 0 && (size_t)w < sizeof text - len) len += (size_t)w;
        }
        log_msg(log, LOG_DEV, "touch", "%u finger%s down at cycle %llu%s%s", down, down == 1 ? "" : "s",
                (unsigned long long)soc_cpu(soc)->cycles, down ? ":" : "", text);
    }
    soc_set_fingers(soc, fingers, n);
}
