/* The SDL2 window of `ipodsim boot` (frontend/display.h).  One streaming
 * texture at the native 320x480, scaled by the renderer with nearest
 * filtering; events are pumped by the boot loop between soc_run slices.
 *
 * The mouse is a finger: SDL's renderer hands us pointer positions already
 * in logical (panel) pixels, i.e. window pixels divided by the scale.  A
 * modifier adds a second finger (MIRROR: through the screen centre, for
 * pinch and rotate; PAN: beside the first, for two-finger scroll); markers
 * for both fingers are drawn over the picture while a modifier is held, on
 * the window only (screenshots never see them). */
#include "frontend/display.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "frontend/input_script.h"

#define HOST_FRAME_NS 16666667ull       /* present at most at 60 Hz */
#define REFRESH_NS 250000000ull         /* re-read the screen this often anyway */
#define PAN_DX 96.0f                    /* Shift: finger 2 this far beside finger 1 (15 mm) */
#define MARKER_R 12.0f                  /* finger marker radius, panel pixels */

/* Modifier keys held, one bit per key (left and right apart). */
enum { MOD_LCTRL = 1, MOD_RCTRL = 2, MOD_LALT = 4, MOD_RALT = 8, MOD_LSHIFT = 16, MOD_RSHIFT = 32 };
typedef enum { SECOND_NONE, SECOND_MIRROR, SECOND_PAN } SecondFinger;

struct Display {
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Texture *tex;
    uint64_t frames;         /* soc_display_frames at the last upload */
    uint64_t last_upload_ns, last_present_ns;
    bool dirty;              /* present again (exposed) */
    unsigned held[BUTTON_COUNT];   /* bit per key holding the button */
    /* the mouse as a finger */
    bool mouse_held;         /* left button down in the window: finger 1 is down */
    bool pointer_in;         /* pointer over the window (markers follow it) */
    float px, py;            /* pointer in panel pixels, clamped to the panel */
    unsigned mods;           /* MOD_* keys held */
    float pan_dx;            /* PAN: finger 2's x offset, fixed when it went down */
    bool pan_down;           /* finger 2 is down in PAN mode (pan_dx valid) */
    bool move_pending;       /* the pointer moved while held; not yet sent */
    MtFinger sent[2];        /* what the machine was last given */
    unsigned nsent;
    bool markers;            /* markers are on screen (redraw when they go) */
    uint32_t screen[SOC_SCREEN_W * SOC_SCREEN_H];   /* what the texture holds */
    uint32_t fresh[SOC_SCREEN_W * SOC_SCREEN_H];    /* the machine's latest frame */
};

bool display_available(void)
{
#if defined(__APPLE__) || defined(_WIN32)
    return true;
#else
    const char *x = getenv("DISPLAY"), *w = getenv("WAYLAND_DISPLAY");
    return (x && *x) || (w && *w);
#endif
}

void display_print_keys(FILE *out)
{
    fputs("  H             Home button\n"
          "  P             Power (sleep/wake) button\n"
          "  Up or +       volume up\n"
          "  Down or -     volume down\n"
          "  Mouse         touch: the left button puts a finger down at the pointer,\n"
          "                moving drags it, releasing lifts it\n"
          "  Ctrl+Mouse    pinch/rotate: a second finger mirrored through the screen\n"
          "                centre (Alt works too where the window manager lets it)\n"
          "  Shift+Mouse   two-finger scroll: a second finger 96 pixels beside the first\n"
          "  Escape        quit (also closing the window)\n",
          out);
}

void display_render_screen(Soc *soc, uint32_t *rgba)
{
    if (soc_display_render(soc, rgba)) return;
    uint8_t *p = (uint8_t *)rgba;
    for (size_t i = 0; i < (size_t)SOC_SCREEN_W * SOC_SCREEN_H; i++) {
        p[4 * i + 0] = 0;
        p[4 * i + 1] = 0;
        p[4 * i + 2] = 0;
        p[4 * i + 3] = 255;
    }
}

static void upload(Display *d)
{
    void *pixels;
    int pitch;
    if (SDL_LockTexture(d->tex, NULL, &pixels, &pitch) != 0) return;
    for (unsigned y = 0; y < SOC_SCREEN_H; y++)
        memcpy((uint8_t *)pixels + (size_t)y * (size_t)pitch, d->screen + (size_t)y * SOC_SCREEN_W,
               SOC_SCREEN_W * 4);
    SDL_UnlockTexture(d->tex);
    d->dirty = true;
}

static SecondFinger second_finger(const Display *d)
{
    if (d->mods & (MOD_LSHIFT | MOD_RSHIFT)) return SECOND_PAN;
    if (d->mods & (MOD_LCTRL | MOD_RCTRL | MOD_LALT | MOD_RALT)) return SECOND_MIRROR;
    return SECOND_NONE;
}

static float clampf(float v, float hi) { return v < 0 ? 0 : v > hi ? hi : v; }

/* PAN: finger 2 to the right of finger 1, or to the left near the right edge. */
static float pan_side(const Display *d) { return d->px + PAN_DX <= SOC_SCREEN_W - 1 ? PAN_DX : -PAN_DX; }

/* Where the fingers are (or would be, with the button up) for the pointer
 * and the modifiers now; returns how many. */
static unsigned finger_layout(const Display *d, MtFinger *f)
{
    const float xmax = SOC_SCREEN_W - 1, ymax = SOC_SCREEN_H - 1;
    f[0] = (MtFinger){ .down = true, .x = d->px, .y = d->py };
    switch (second_finger(d)) {
    case SECOND_MIRROR:
        f[1] = (MtFinger){ .down = true, .x = xmax - d->px, .y = ymax - d->py };
        return 2;
    case SECOND_PAN:
        f[1] = (MtFinger){ .down = true, .x = clampf(d->px + (d->pan_down ? d->pan_dx : pan_side(d)), xmax),
                           .y = d->py };
        return 2;
    default:
        return 1;
    }
}

static void draw_ring(SDL_Renderer *ren, float cx, float cy, float r)
{
    SDL_FPoint pt[33];
    for (unsigned i = 0; i <= 32; i++) {
        float a = (float)i * (2.0f * (float)M_PI / 32.0f);
        pt[i] = (SDL_FPoint){ cx + r * cosf(a), cy + r * sinf(a) };
    }
    SDL_RenderDrawLinesF(ren, pt, 33);
}

/* Finger markers while a modifier is held: rings where the fingers are (or
 * would go down), a dot inside while they are down. */
static void draw_markers(Display *d)
{
    d->markers = second_finger(d) != SECOND_NONE && (d->pointer_in || d->mouse_held);
    if (!d->markers) return;
    MtFinger f[2];
    unsigned n = finger_layout(d, f);
    SDL_SetRenderDrawBlendMode(d->ren, SDL_BLENDMODE_BLEND);
    for (unsigned i = 0; i < n; i++) {
        float cx = f[i].x + 0.5f, cy = f[i].y + 0.5f;
        SDL_SetRenderDrawColor(d->ren, 0, 0, 0, 160);
        draw_ring(d->ren, cx, cy, MARKER_R + 1);
        SDL_SetRenderDrawColor(d->ren, 255, 255, 255, 200);
        draw_ring(d->ren, cx, cy, MARKER_R);
        if (d->mouse_held) SDL_RenderFillRectF(d->ren, &(SDL_FRect){ cx - 2, cy - 2, 4, 4 });
    }
    SDL_SetRenderDrawBlendMode(d->ren, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(d->ren, 0, 0, 0, 255);
}

static void present(Display *d)
{
    SDL_RenderClear(d->ren);
    SDL_RenderCopy(d->ren, d->tex, NULL, NULL);
    draw_markers(d);
    SDL_RenderPresent(d->ren);
    d->dirty = false;
}

Display *display_open(unsigned scale, char *err, size_t errlen)
{
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");   /* Ctrl-C stays ours */
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "0"); /* nearest: sharp integer scaling */
    const char *asked = getenv("SDL_VIDEODRIVER");
#if !defined(__APPLE__) && !defined(_WIN32)
    /* X11 only: spare the user libwayland's complaints about a compositor
     * that is not there. */
    const char *wl = getenv("WAYLAND_DISPLAY");
    if (!(asked && *asked) && !(wl && *wl)) SDL_SetHint(SDL_HINT_VIDEODRIVER, "x11");
#endif
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        snprintf(err, errlen, "no video device: %s", SDL_GetError());
        SDL_Quit();
        return NULL;
    }
    /* SDL falls back to drivers that draw nowhere; that is headless, unless
     * the user asked for one through SDL_VIDEODRIVER. */
    const char *drv = SDL_GetCurrentVideoDriver();
    if (drv && (strcmp(drv, "offscreen") == 0 || strcmp(drv, "dummy") == 0) && !(asked && *asked)) {
        snprintf(err, errlen, "no video device (SDL found only its '%s' driver)", drv);
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        SDL_Quit();
        return NULL;
    }
    Display *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(err, errlen, "out of memory");
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        return NULL;
    }
    int w = (int)(SOC_SCREEN_W * scale), h = (int)(SOC_SCREEN_H * scale);
    d->win = SDL_CreateWindow("ipodsim - iPod Touch 2G", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
                              SDL_WINDOW_ALLOW_HIGHDPI);
    if (d->win) d->ren = SDL_CreateRenderer(d->win, -1, 0);
    if (d->ren) {
        SDL_RenderSetLogicalSize(d->ren, SOC_SCREEN_W, SOC_SCREEN_H);
        SDL_RenderSetIntegerScale(d->ren, SDL_TRUE);
        d->tex = SDL_CreateTexture(d->ren, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STREAMING, SOC_SCREEN_W,
                                   SOC_SCREEN_H);
    }
    if (!d->tex) {
        snprintf(err, errlen, "cannot open a window: %s", SDL_GetError());
        display_close(d);
        return NULL;
    }
    SDL_SetTextureBlendMode(d->tex, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(d->ren, 0, 0, 0, 255);
    uint8_t *p = (uint8_t *)d->screen;
    for (size_t i = 0; i < sizeof d->screen; i += 4) p[i + 3] = 255;
    upload(d);
    present(d);
    fprintf(stderr, "ipodsim: window %dx%d (scale %u, SDL video driver %s); keys and mouse:\n", w, h, scale,
            SDL_GetCurrentVideoDriver() ? SDL_GetCurrentVideoDriver() : "?");
    display_print_keys(stderr);
    return d;
}

void display_close(Display *d)
{
    if (!d) return;
    if (d->tex) SDL_DestroyTexture(d->tex);
    if (d->ren) SDL_DestroyRenderer(d->ren);
    if (d->win) SDL_DestroyWindow(d->win);
    free(d);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    SDL_Quit();
}

/* Which button a key drives, and which bit of held[] it owns. */
static bool key_button(SDL_Keycode k, SocButton *b, unsigned *bit)
{
    switch (k) {
    case SDLK_h: *b = BUTTON_HOME; *bit = 1; return true;
    case SDLK_p: *b = BUTTON_POWER; *bit = 1; return true;
    case SDLK_UP: *b = BUTTON_VOLUME_UP; *bit = 1; return true;
    case SDLK_PLUS: *b = BUTTON_VOLUME_UP; *bit = 2; return true;
    case SDLK_EQUALS: *b = BUTTON_VOLUME_UP; *bit = 4; return true;   /* + without Shift */
    case SDLK_KP_PLUS: *b = BUTTON_VOLUME_UP; *bit = 8; return true;
    case SDLK_DOWN: *b = BUTTON_VOLUME_DOWN; *bit = 1; return true;
    case SDLK_MINUS: *b = BUTTON_VOLUME_DOWN; *bit = 2; return true;
    case SDLK_KP_MINUS: *b = BUTTON_VOLUME_DOWN; *bit = 4; return true;
    default: return false;
    }
}

static void set_held(Display *d, Soc *soc, SocButton b, unsigned held)
{
    bool was = d->held[b] != 0, now = held != 0;
    d->held[b] = held;
    if (was != now) soc_set_button(soc, b, now);
}

static unsigned key_mod(SDL_Keycode k)
{
    switch (k) {
    case SDLK_LCTRL: return MOD_LCTRL;
    case SDLK_RCTRL: return MOD_RCTRL;
    case SDLK_LALT: return MOD_LALT;
    case SDLK_RALT: return MOD_RALT;
    case SDLK_LSHIFT: return MOD_LSHIFT;
    case SDLK_RSHIFT: return MOD_RSHIFT;
    default: return 0;
    }
}

/* Give the machine the fingers the mouse and modifiers make now, if they
 * differ from what it has. */
static void send_fingers(Display *d, Soc *soc)
{
    bool pan = d->mouse_held && second_finger(d) == SECOND_PAN;
    if (pan && !d->pan_down) d->pan_dx = pan_side(d); /* keeps its side while it stays down */
    d->pan_down = pan;
    MtFinger f[2] = { { 0 }, { 0 } };
    unsigned n = d->mouse_held ? finger_layout(d, f) : 0;
    d->move_pending = false;
    bool same = n == d->nsent;
    for (unsigned i = 0; same && i < n; i++) same = f[i].x == d->sent[i].x && f[i].y == d->sent[i].y;
    if (same) return;
    memcpy(d->sent, f, sizeof f);
    d->nsent = n;
    input_script_touch(soc, f, n);
}

/* A modifier went down or up: finger 2 comes, goes or changes kind where
 * finger 1 is now (a merged move is sent first, at the old modifiers). */
static void set_mods(Display *d, Soc *soc, unsigned mods)
{
    if (d->move_pending) send_fingers(d, soc);
    d->mods = mods;
    send_fingers(d, soc);
    d->dirty = true;
}

static void pointer_at(Display *d, int x, int y)
{
    d->px = clampf((float)x, SOC_SCREEN_W - 1);
    d->py = clampf((float)y, SOC_SCREEN_H - 1);
    if (second_finger(d) != SECOND_NONE || d->markers) d->dirty = true;
}

bool display_poll(Display *d, Soc *soc)
{
    SDL_Event ev;
    while (SDL_PollEvent(&ev)) {
        SocButton b;
        unsigned bit;
        switch (ev.type) {
        case SDL_QUIT:
            return false;
        case SDL_KEYDOWN:
            if (ev.key.keysym.sym == SDLK_ESCAPE) return false;
            if (!ev.key.repeat && key_button(ev.key.keysym.sym, &b, &bit)) set_held(d, soc, b, d->held[b] | bit);
            if (key_mod(ev.key.keysym.sym) && !ev.key.repeat) set_mods(d, soc, d->mods | key_mod(ev.key.keysym.sym));
            break;
        case SDL_KEYUP:
            if (key_button(ev.key.keysym.sym, &b, &bit)) set_held(d, soc, b, d->held[b] & ~bit);
            if (key_mod(ev.key.keysym.sym)) set_mods(d, soc, d->mods & ~key_mod(ev.key.keysym.sym));
            break;
        case SDL_MOUSEBUTTONDOWN:
            if (ev.button.button != SDL_BUTTON_LEFT) break;
            pointer_at(d, ev.button.x, ev.button.y);
            d->pointer_in = true;
            d->mouse_held = true;
            send_fingers(d, soc);
            d->dirty = true;
            break;
        case SDL_MOUSEMOTION:
            pointer_at(d, ev.motion.x, ev.motion.y);
            d->pointer_in = true;
            /* moves are merged until the end of this poll (or the next
             * press, release or modifier change, which are never merged) */
            if (d->mouse_held) d->move_pending = true;
            break;
        case SDL_MOUSEBUTTONUP:
            if (ev.button.button != SDL_BUTTON_LEFT || !d->mouse_held) break;
            pointer_at(d, ev.button.x, ev.button.y);
            send_fingers(d, soc);   /* the last position first, then the lift */
            d->mouse_held = false;
            send_fingers(d, soc);
            d->dirty = true;
            break;
        case SDL_WINDOWEVENT:
            if (ev.window.event == SDL_WINDOWEVENT_FOCUS_LOST) {
                /* the key-up events go elsewhere now: let every button go,
                 * and every finger */
                for (unsigned i = 0; i < BUTTON_COUNT; i++) set_held(d, soc, (SocButton)i, 0);
                d->mouse_held = false;
                d->mods = 0;
                send_fingers(d, soc);
                d->dirty = true;
            } else if (ev.window.event == SDL_WINDOWEVENT_LEAVE) {
                d->pointer_in = false;
                if (d->markers) d->dirty = true;
            } else if (ev.window.event == SDL_WINDOWEVENT_ENTER) {
                d->pointer_in = true;
            } else if (ev.window.event == SDL_WINDOWEVENT_EXPOSED ||
                       ev.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
                d->dirty = true;
            }
            break;
        default:
            break;
        }
    }
    if (d->move_pending) send_fingers(d, soc);
    return true;
}

void display_update(Display *d, Soc *soc, uint64_t now_ns)
{
    if (now_ns - d->last_present_ns < HOST_FRAME_NS) return;
    uint64_t frames = soc_display_frames(soc);
    if (frames != d->frames || now_ns - d->last_upload_ns >= REFRESH_NS) {
        d->frames = frames;
        d->last_upload_ns = now_ns;
        /* A still picture (an idle boot screen, a sleeping panel) costs one
         * render and one compare per frame: the texture upload and the
         * scaled present, most of the host time a window takes, are skipped. */
        display_render_screen(soc, d->fresh);
        if (memcmp(d->fresh, d->screen, sizeof d->screen) != 0) {
            memcpy(d->screen, d->fresh, sizeof d->screen);
            upload(d);
        }
    }
    if (d->dirty) {
        present(d);
        d->last_present_ns = now_ns;
    }
}
