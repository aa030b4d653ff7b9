/* The SDL2 window of `ipodsim boot` (frontend/display.h).  One streaming
 * texture at the native 320x480, scaled by the renderer with nearest
 * filtering; events are pumped by the boot loop between soc_run slices. */
#include "frontend/display.h"

#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#define HOST_FRAME_NS 16666667ull       /* present at most at 60 Hz */
#define REFRESH_NS 250000000ull         /* re-read the screen this often anyway */

struct Display {
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Texture *tex;
    uint64_t frames;         /* soc_display_frames at the last upload */
    uint64_t last_upload_ns, last_present_ns;
    bool dirty;              /* present again (exposed) */
    unsigned held[BUTTON_COUNT];   /* bit per key holding the button */
    uint32_t screen[SOC_SCREEN_W * SOC_SCREEN_H];
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

static void present(Display *d)
{
    SDL_RenderClear(d->ren);
    SDL_RenderCopy(d->ren, d->tex, NULL, NULL);
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
    fprintf(stderr, "ipodsim: window %dx%d (scale %u, SDL video driver %s); keys:\n", w, h, scale,
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
            break;
        case SDL_KEYUP:
            if (key_button(ev.key.keysym.sym, &b, &bit)) set_held(d, soc, b, d->held[b] & ~bit);
            break;
        case SDL_WINDOWEVENT:
            if (ev.window.event == SDL_WINDOWEVENT_FOCUS_LOST) {
                /* the key-up events go elsewhere now: let every button go */
                for (unsigned i = 0; i < BUTTON_COUNT; i++) set_held(d, soc, (SocButton)i, 0);
            } else if (ev.window.event == SDL_WINDOWEVENT_EXPOSED ||
                       ev.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
                d->dirty = true;
            }
            break;
        default:
            break;
        }
    }
    return true;
}

void display_update(Display *d, Soc *soc, uint64_t now_ns)
{
    if (now_ns - d->last_present_ns < HOST_FRAME_NS) return;
    uint64_t frames = soc_display_frames(soc);
    if (frames != d->frames || now_ns - d->last_upload_ns >= REFRESH_NS) {
        d->frames = frames;
        d->last_upload_ns = now_ns;
        display_render_screen(soc, d->screen);
        upload(d);
    }
    if (d->dirty) {
        present(d);
        d->last_present_ns = now_ns;
    }
}
