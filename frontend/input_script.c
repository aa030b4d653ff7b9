/* --input-script parsing and replay (frontend/input_script.h). */
#include "frontend/input_script.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

bool input_script_parse(const char *name, const char *text, InputScript *s, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    size_t cap = 0;
    unsigned lineno = 0;
    uint64_t last = 0;
    const char *p = text;
    while (*p) {
        lineno++;
        size_t len = strcspn(p, "\n");
        char line[256];
        if (len >= sizeof line) {
            input_script_free(s);
            return fail_at(err, errlen, name, lineno, "line too long", NULL);
        }
        memcpy(line, p, len);
        line[len] = 0;
        p += len + (p[len] == '\n');
        char *hash = strchr(line, '#');
        if (hash) *hash = 0;
        char *tok[6];
        unsigned ntok = 0;
        for (char *t = strtok(line, " \t\r"); t && ntok < 6; t = strtok(NULL, " \t\r")) tok[ntok++] = t;
        if (ntok == 0) continue;
        if (ntok != 4 || strcmp(tok[1], "button") != 0) {
            input_script_free(s);
            return fail_at(err, errlen, name, lineno, "expected '<CYCLE> button <home|power|volup|voldown> <down|up>'",
                           NULL);
        }
        char *end;
        errno = 0;
        unsigned long long cyc = strtoull(tok[0], &end, 0);
        if (tok[0][0] < '0' || tok[0][0] > '9' || *end || errno) {
            input_script_free(s);
            return fail_at(err, errlen, name, lineno, "bad cycle", tok[0]);
        }
        if (cyc < last) {
            input_script_free(s);
            return fail_at(err, errlen, name, lineno, "cycles must not decrease, at", tok[0]);
        }
        size_t k;
        for (k = 0; k < sizeof buttons / sizeof buttons[0]; k++)
            if (strcmp(tok[2], buttons[k].name) == 0) break;
        if (k == sizeof buttons / sizeof buttons[0]) {
            input_script_free(s);
            return fail_at(err, errlen, name, lineno, "unknown button (home, power, volup, voldown)", tok[2]);
        }
        bool down = strcmp(tok[3], "down") == 0;
        if (!down && strcmp(tok[3], "up") != 0) {
            input_script_free(s);
            return fail_at(err, errlen, name, lineno, "expected down or up, got", tok[3]);
        }
        if (s->n == cap) {
            cap = cap ? cap * 2 : 16;
            InputEvent *ev = realloc(s->ev, cap * sizeof *ev);
            if (!ev) {
                input_script_free(s);
                return fail_at(err, errlen, name, lineno, "out of memory", NULL);
            }
            s->ev = ev;
        }
        s->ev[s->n++] = (InputEvent){ .cycle = cyc, .button = buttons[k].b, .pressed = down };
        last = cyc;
    }
    return true;
}

bool input_script_load(const char *path, InputScript *s, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "cannot open input script '%.300s': %s", path, strerror(errno));
        return false;
    }
    size_t cap = 4096, len = 0;
    char *text = malloc(cap);
    size_t n;
    while (text && (n = fread(text + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (len + 1 == cap) {
            if (cap >= (16u << 20)) break; /* scripts are small; refuse runaway input below */
            char *t = realloc(text, cap * 2);
            if (!t) {
                free(text);
                text = NULL;
                break;
            }
            text = t;
            cap *= 2;
        }
    }
    bool bad = ferror(f) || !text || len + 1 >= (16u << 20);
    fclose(f);
    if (bad) {
        free(text);
        snprintf(err, errlen, "cannot read input script '%.300s' (unreadable or over 16 MiB)", path);
        return false;
    }
    text[len] = 0;
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
        soc_set_button(soc, s->ev[s->next].button, s->ev[s->next].pressed);
        s->next++;
        applied++;
    }
    return applied;
}
