#!/bin/sh
# Screen output of `ipodsim boot` (docs/boot.md): headless screenshots are
# complete 320x480 RGBA PNGs holding exactly the screen (black while the
# panel is off, as in the default boot), --screenshot-at cuts the run
# without changing it, headless runs never touch SDL video, the SDL window
# opens under Xvfb and the run still ends normally, the mouse in the window
# reaches the machine as fingers at the right panel pixels (Ctrl, Shift and
# focus loss included), and bad option values are refused before anything
# runs.
#
#   test/display_test.sh [IPODSIM]    (after `make ipodsim roms`)
set -u
TESTDIR=$(cd "$(dirname "$0")" && pwd)
IPODSIM=${1:-${IPODSIM:-./ipodsim}}
B=${ROMS_BUILD:-roms/build}
NOR=$B/nor/default-nor.bin
for f in "$IPODSIM" "$B/bootrom/bootrom.bin" "$NOR" "$NOR.keys"; do
    [ -e "$f" ] || { echo "display_test: missing $f (make ipodsim roms)"; exit 1; }
done
case $IPODSIM in /*) ;; *) IPODSIM=$(pwd)/$IPODSIM ;; esac
ROM=$(cd "$B/bootrom" && pwd)/bootrom.bin
# Window runs load the system's X11/D-Bus libraries, which keep memory
# until exit by design: no leak report for those under the sanitizer build.
WIN_ASAN="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
T=$(mktemp -d "${TMPDIR:-/tmp}/display_test.XXXXXX") || exit 1
BLACK=$T.black.rgba   # outside $T: a test checks $T holds no stray files
trap 'rm -rf "$T" "$BLACK"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "FAIL - $1"; sed 's/^/#   /' "$T/out"; }
# A missing tool is a failure, not a skip: tools/deps.sh installs python3,
# xvfb and libXtst with everything else.
skip() { bad "$1"; }
HAVE_PY=0
command -v python3 >/dev/null 2>&1 && HAVE_PY=1

# The default chain ends in the boot screen (docs/firmware.md), which runs
# until Power is pressed: every run of it here presses Power once the screen
# is up.  The boot screen switches the backlight off before it powers off, so
# the screenshot at exit is black.
printf '300000000 button power down\n' >"$T/power.input"
# A fresh copy of the default NOR (the boot writes to it).
nor_copy() { cp "$NOR" "$T/nor.bin"; cp "$NOR.keys" "$T/nor.bin.keys"; rm -f "$T/nor.bin.journal"; }
# boot the default chain on a NOR copy in $T, extra options after; output
# in $T/out, status in $rc.  DISPLAY is unset unless the caller sets it.
boot() {
    nor_copy
    (cd "$T" && env -u WAYLAND_DISPLAY "$IPODSIM" boot --bootrom "$ROM" --nor nor.bin --serial null \
        --input-script power.input "$@") >"$T/out" 2>&1
    rc=$?
}

# png_black FILE: a well-formed 320x480 8-bit RGBA PNG whose every pixel is
# (0,0,0,255) (the reference is made once, below png_matches).
png_black() { png_matches "$1" "$BLACK"; }

# png_matches FILE REF.rgba [Y0]: a well-formed 320x480 8-bit RGBA PNG whose
# pixels (from row Y0 down, default 0) are exactly the raw RGBA bytes of REF
# (test/png_rgba.py, shared with the boot screen test).
png_matches() {
    [ $HAVE_PY = 1 ] || return 1
    python3 "$TESTDIR/png_rgba.py" "$@"
}
python3 -c "import sys; sys.stdout.buffer.write(b'\\0\\0\\0\\xff' * 320 * 480)" >"$BLACK"

# (a) headless screenshots
boot --headless --screenshot-on-exit exit.png
if [ $rc = 0 ] && png_black "$T/exit.png" 2>>"$T/out"; then ok "--screenshot-on-exit: 320x480 RGBA PNG, all black"
else bad "--screenshot-on-exit (status $rc)"; fi
end_plain=$(grep -o 'powered the machine off (PMU) at cycle [0-9]*' "$T/out")

boot --headless --screenshot-at 10000000:mid.png --screenshot-at 0:first.png --screenshot-at 10000000:mid2.png
if [ $rc = 0 ] && png_black "$T/first.png" 2>>"$T/out" && png_black "$T/mid.png" 2>>"$T/out" &&
   png_black "$T/mid2.png" 2>>"$T/out"; then ok "--screenshot-at (cycle 0, twice at one cycle)"
else bad "--screenshot-at (status $rc)"; fi
end_shots=$(grep -o 'powered the machine off (PMU) at cycle [0-9]*' "$T/out")
if [ -n "$end_plain" ] && [ "$end_plain" = "$end_shots" ]; then ok "cutting the run for screenshots changes nothing ($end_plain)"
else bad "run end with screenshots '$end_shots' differs from '$end_plain'"; fi
left=$(cd "$T" && ls | grep -v -e '^nor\.bin' -e '^out$' -e '\.png$' -e '^power\.input$')
if [ -z "$left" ]; then ok "no temporary files left beside the screenshots"
else echo "$left" >"$T/out"; bad "temporary files left"; fi

boot --headless --screenshot-at 999999999999:late.png
if [ $rc = 0 ] && [ ! -e "$T/late.png" ] && grep -q "no screenshot 'late.png'" "$T/out"; then
    ok "a screenshot cycle after the end is reported, not written"
else bad "screenshot after the end (status $rc)"; fi

# headless never initialises SDL video, even with a (bogus) DISPLAY
nor_copy
(cd "$T" && DISPLAY=:nonexistent.0 "$IPODSIM" boot --bootrom "$ROM" --nor nor.bin --serial null --headless \
    --input-script power.input --screenshot-on-exit h.png) >"$T/out" 2>&1
rc=$?
if [ $rc = 0 ] && ! grep -qi -e window -e video "$T/out" && png_black "$T/h.png" 2>>"$T/out"; then
    ok "--headless with DISPLAY set: no SDL, screenshot written"
else bad "--headless with DISPLAY set (status $rc)"; fi
# no --headless, unusable DISPLAY: falls back to headless with one note
nor_copy
(cd "$T" && DISPLAY=:nonexistent.0 ASAN_OPTIONS=$WIN_ASAN "$IPODSIM" boot --bootrom "$ROM" --nor nor.bin \
    --serial null --input-script power.input \
    --screenshot-on-exit f.png) >"$T/out" 2>&1
rc=$?
if [ $rc = 0 ] && grep -q 'running headless' "$T/out" && png_black "$T/f.png" 2>>"$T/out"; then
    ok "unusable display: falls back to headless"
else bad "fallback to headless (status $rc)"; fi
boot --screenshot-on-exit d.png
if [ $rc = 0 ] && ! grep -qi -e window -e headless "$T/out" && png_black "$T/d.png" 2>>"$T/out"; then
    ok "DISPLAY unset: headless without a word"
else bad "DISPLAY unset (status $rc)"; fi

# xsession NAME READY PYARGS BOOT-ARGS...: run `ipodsim boot BOOT-ARGS` in a
# window under xvfb-run (stdout to $T/ser.NAME, stderr to $T/err.NAME), wait
# until the line pattern READY shows in either (at most 30 s), then drive the
# window with `python3 PYARGS` (word-split); $rc = the exit status of it all
# and $T/out holds xvfb-run's output followed by the run's stderr.
xsession() {
    local name=$1 ready=$2 pyargs=$3
    shift 3
    {
        printf '%s' "\"$IPODSIM\" boot"
        for a in "$@"; do printf " '%s'" "$a"; done
        printf ' >ser.%s 2>err.%s &\n' "$name" "$name"
        printf 'p=$!\ni=0\n'
        printf "while ! grep -q '%s' ser.%s err.%s 2>/dev/null && [ \$i -lt 300 ]; do sleep 0.1; i=\$((i + 1)); done\n" \
            "$ready" "$name" "$name"
        printf 'sleep 0.3\npython3 %s\nwait $p\n' "$pyargs"
    } >"$T/$name.sh"
    (cd "$T" && ASAN_OPTIONS=$WIN_ASAN timeout 90 xvfb-run -a sh "$name.sh" >"$T/out" 2>&1)
    rc=$?
    cat "$T/err.$name" >>"$T/out"
}

# The mouse as a finger (docs/boot.md): XTest drives the pointer, the
# button, Ctrl, Shift and the keyboard focus over a --scale 2 window; every
# change of fingers the window hands to the machine appears under -d dev as
# "[dev] touch: ...", which must be exactly this sequence (positions are
# window pixels / 2, clamped to the panel).  Called under the Escape test's
# conditions (xvfb-run, python3, libXtst; $T/loop.bin written).
mouse_test() {
    cat >"$T/mouse.py" <<'PY'
import ctypes, sys, time
x = ctypes.CDLL("libX11.so.6"); t = ctypes.CDLL("libXtst.so.6")
vp, ul = ctypes.c_void_p, ctypes.c_ulong
x.XOpenDisplay.restype = vp
x.XDefaultRootWindow.argtypes = [vp]; x.XDefaultRootWindow.restype = ul
x.XQueryTree.argtypes = [vp, ul, ctypes.POINTER(ul), ctypes.POINTER(ul), ctypes.POINTER(ctypes.POINTER(ul)),
                         ctypes.POINTER(ctypes.c_uint)]
x.XFetchName.argtypes = [vp, ul, ctypes.POINTER(ctypes.c_char_p)]
x.XTranslateCoordinates.argtypes = [vp, ul, ul, ctypes.c_int, ctypes.c_int, ctypes.POINTER(ctypes.c_int),
                                    ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ul)]
x.XKeysymToKeycode.argtypes = [vp, ul]
x.XSetInputFocus.argtypes = [vp, ul, ctypes.c_int, ul]
x.XFlush.argtypes = [vp]
t.XTestFakeKeyEvent.argtypes = [vp, ctypes.c_uint, ctypes.c_int, ul]
t.XTestFakeButtonEvent.argtypes = [vp, ctypes.c_uint, ctypes.c_int, ul]
t.XTestFakeMotionEvent.argtypes = [vp, ctypes.c_int, ctypes.c_int, ctypes.c_int, ul]
d = x.XOpenDisplay(None)
root = x.XDefaultRootWindow(d)
def find(w):   # the window titled "ipodsim ..."
    name = ctypes.c_char_p()
    if x.XFetchName(d, w, ctypes.byref(name)) and name.value and name.value.startswith(b"ipodsim"):
        return w
    r, p, kids, n = ul(), ul(), ctypes.POINTER(ul)(), ctypes.c_uint()
    if x.XQueryTree(d, w, ctypes.byref(r), ctypes.byref(p), ctypes.byref(kids), ctypes.byref(n)):
        for i in range(n.value):
            f = find(kids[i])
            if f: return f
    return 0
win = find(root)
if not win: sys.exit("no ipodsim window")
ox, oy, child = ctypes.c_int(), ctypes.c_int(), ul()
x.XTranslateCoordinates(d, win, root, 0, 0, ctypes.byref(ox), ctypes.byref(oy), ctypes.byref(child))
def pause(s=0.15): x.XFlush(d); time.sleep(s)
def move(wx, wy): t.XTestFakeMotionEvent(d, -1, ox.value + wx, oy.value + wy, 0); pause()
def button(down): t.XTestFakeButtonEvent(d, 1, down, 0); pause()
def key(ks, down): t.XTestFakeKeyEvent(d, x.XKeysymToKeycode(d, ks), down, 0); pause()
CTRL, SHIFT, ESC = 0xffe3, 0xffe1, 0xff1b
if sys.argv[1:2] == ["capture"]:     # window_capture_test: the window's pixels, 1:1 panel RGBA
    class XImage(ctypes.Structure):
        _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int),
                    ("format", ctypes.c_int), ("data", ctypes.POINTER(ctypes.c_ubyte)),
                    ("byte_order", ctypes.c_int), ("bitmap_unit", ctypes.c_int),
                    ("bitmap_bit_order", ctypes.c_int), ("bitmap_pad", ctypes.c_int), ("depth", ctypes.c_int),
                    ("bytes_per_line", ctypes.c_int), ("bits_per_pixel", ctypes.c_int),
                    ("red_mask", ul), ("green_mask", ul), ("blue_mask", ul)]
    x.XGetImage.argtypes = [vp, ul, ctypes.c_int, ctypes.c_int, ctypes.c_uint, ctypes.c_uint, ul, ctypes.c_int]
    x.XGetImage.restype = ctypes.POINTER(XImage)
    im = x.XGetImage(d, win, 0, 0, 640, 960, 0xFFFFFFFF, 2).contents   # ZPixmap
    if (im.bits_per_pixel, im.red_mask, im.green_mask, im.blue_mask, im.byte_order) != \
       (32, 0xFF0000, 0xFF00, 0xFF, 0):
        sys.exit("unexpected X visual: %d bpp, masks %x %x %x" % (im.bits_per_pixel, im.red_mask,
                                                                 im.green_mask, im.blue_mask))
    raw = ctypes.string_at(im.data, im.bytes_per_line * 960)
    px = lambda wx, wy: raw[wy * im.bytes_per_line + 4 * wx:wy * im.bytes_per_line + 4 * wx + 3]
    out = bytearray()
    for y in range(480):
        for xx in range(320):
            c = px(2 * xx, 2 * y)
            if px(2 * xx + 1, 2 * y) != c or px(2 * xx, 2 * y + 1) != c or px(2 * xx + 1, 2 * y + 1) != c:
                sys.exit("2x2 block at %d,%d not one colour" % (xx, y))
            out += bytes((c[2], c[1], c[0], 255))
    open(sys.argv[2], "wb").write(out)
    key(ESC, 1); key(ESC, 0)
    sys.exit(0)
if sys.argv[1:] == ["guest"]:        # mouse_guest_test: taps the boot screen sees
    move(200, 300); button(1); button(0)               # tap at 100,150
    move(100, 100); key(CTRL, 1); button(1); button(0); key(CTRL, 0)   # 50,50 and mirrored 269,429
    key(ESC, 1); key(ESC, 0)
    sys.exit(0)
move(200, 300); button(1)            # finger 1 down at 100,150
move(240, 340)                       # moved to 120,170
key(CTRL, 1)                         # finger 2 mirrored through the centre: 199,309
move(250, 360)                       # 125,180 and 194,299
key(CTRL, 0)                         # finger 2 lifted
key(SHIFT, 1)                        # finger 2 96 px to the right: 221,180
move(260, 380)                       # 130,190 and 226,190
key(SHIFT, 0)
move(900, -50)                       # outside the window, button held: clamped to 319,0
move(100, 100)                       # 50,50
x.XSetInputFocus(d, root, 1, 0); pause(0.6)   # focus lost: every finger lifted
button(0)                            # nothing left to lift
x.XSetInputFocus(d, 1, 1, 0); pause(0.6)      # PointerRoot: the window has the keyboard again
key(ESC, 1); key(ESC, 0)
PY
    cat >"$T/mouse.want" <<'WANT'
1 finger down: 1=100.00,150.00
1 finger down: 1=120.00,170.00
2 fingers down: 1=120.00,170.00 2=199.00,309.00
2 fingers down: 1=125.00,180.00 2=194.00,299.00
1 finger down: 1=125.00,180.00
2 fingers down: 1=125.00,180.00 2=221.00,180.00
2 fingers down: 1=130.00,190.00 2=226.00,190.00
1 finger down: 1=130.00,190.00
1 finger down: 1=319.00,0.00
1 finger down: 1=50.00,50.00
0 fingers down
WANT
    xsession mouse '^ipodsim: window' mouse.py --load loop.bin@0x08000000 --entry 0x08000000 \
        --max-cycles 53300000000 --scale 2 -d dev
    sed -n 's/^\[dev\] touch: \(.*\) at cycle [0-9]*\(.*\) (pc=.*/\1\2/p' "$T/err.mouse" >"$T/mouse.got"
    if [ $rc = 0 ] && grep -q '^ipodsim: window closed at cycle' "$T/out" && grep -q 'Ctrl+Mouse' "$T/out" &&
       cmp -s "$T/mouse.want" "$T/mouse.got"; then
        ok "mouse in the window: finger 1, Ctrl mirrors, Shift pans, clamped, focus loss lifts"
    else
        diff "$T/mouse.want" "$T/mouse.got" >>"$T/out"
        bad "mouse in the window (status $rc)"
    fi
}

# The mouse reaches the guest: the default chain's boot screen in a --scale 2
# window prints every touch it reads from the controller on the UART; a
# click at window 200,300 must arrive as a touch at pixel 100,150, a
# Ctrl-click at 100,100 as fingers at 50,50 and (mirrored) 269,429.  The
# clicks start once the screen says it is ready (real-time pacing).
mouse_guest_test() {
    nor_copy
    xsession mouse '^iboot-stub: ready' "mouse.py guest" --bootrom "$ROM" --nor nor.bin --scale 2 -serial stdio
    cat "$T/ser.mouse" >>"$T/out"
    grep -e '^iboot-stub: touch start' -e '^iboot-stub: touch end' "$T/ser.mouse" >"$T/guest.got"
    cat >"$T/guest.want" <<'WANT'
iboot-stub: touch start finger 1 at 100,150
iboot-stub: touch end finger 1 at 100,150
iboot-stub: touch start finger 1 at 50,50
iboot-stub: touch start finger 2 at 269,429
iboot-stub: touch end finger 1 at 50,50
iboot-stub: touch end finger 2 at 269,429
WANT
    if [ $rc = 0 ] && cmp -s "$T/guest.want" "$T/guest.got"; then
        ok "mouse reaches the guest: the boot screen reads a click and a Ctrl-click at the right pixels"
    else
        diff "$T/guest.want" "$T/guest.got" >>"$T/out"
        bad "mouse to the guest (status $rc)"
    fi
}

# The picture in the real window: the boot screen in a --scale 2 window is
# read back from the X server (XGetImage) once the screen says it is ready;
# every 2x2 block must be one colour (integer scaling), and the picture,
# below the top bar (its clock may tick between the capture and the exit),
# must equal the machine's own --screenshot-on-exit of the same run.
window_capture_test() {
    nor_copy
    xsession cap '^iboot-stub: ready' "mouse.py capture window.rgba" --bootrom "$ROM" --nor nor.bin --scale 2 \
        -serial stdio --screenshot-on-exit cap.png
    if [ $rc = 0 ] && [ -s "$T/window.rgba" ] && png_matches "$T/cap.png" "$T/window.rgba" 28 2>>"$T/out" &&
       ! png_black "$T/cap.png" 2>/dev/null; then
        ok "real window (XGetImage, scale 2): integer-scaled, the same picture as the machine's screenshot"
    else bad "window capture (status $rc)"; fi
}

# (b) the window under Xvfb
if command -v xvfb-run >/dev/null 2>&1; then
    nor_copy
    (cd "$T" && ASAN_OPTIONS=$WIN_ASAN xvfb-run -a "$IPODSIM" boot --bootrom "$ROM" --nor nor.bin --serial null --scale 1 --speed unlimited \
        --input-script power.input --screenshot-on-exit x.png) >"$T/out" 2>&1
    rc=$?
    if [ $rc = 0 ] && grep -q '^ipodsim: window 320x480' "$T/out" && grep -q 'Home button' "$T/out" &&
       grep -q 'powered the machine off' "$T/out" && png_black "$T/x.png" 2>>"$T/out"; then
        ok "window under Xvfb opens, run ends normally, screenshot written"
    else bad "window under Xvfb (status $rc)"; fi
    nor_copy
    (cd "$T" && ASAN_OPTIONS=$WIN_ASAN xvfb-run -a "$IPODSIM" boot --bootrom "$ROM" --nor nor.bin --serial null \
        --input-script power.input --scale 3) >"$T/out" 2>&1
    rc=$?
    if [ $rc = 0 ] && grep -q '^ipodsim: window 960x1440' "$T/out"; then ok "--scale 3 window, realtime default"
    else bad "--scale 3 window (status $rc)"; fi
    # Escape through the X server (XTest via ctypes) closes the window cleanly
    if [ $HAVE_PY = 0 ] || ! python3 -c 'import ctypes; ctypes.CDLL("libXtst.so.6"); ctypes.CDLL("libX11.so.6")' \
        2>/dev/null; then
        skip "Escape key (python3 or libXtst missing)"
    else
        printf '\376\377\377\352' >"$T/loop.bin"   # b .
        cat >"$T/keys.py" <<'PY'
import ctypes, sys, time
x = ctypes.CDLL("libX11.so.6"); t = ctypes.CDLL("libXtst.so.6")
x.XOpenDisplay.restype = ctypes.c_void_p
x.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
t.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
x.XFlush.argtypes = [ctypes.c_void_p]
d = x.XOpenDisplay(None)
for ks in (0x68, 0xff52, 0xff1b):      # h, Up, Escape
    kc = x.XKeysymToKeycode(d, ks)
    for down in (1, 0):
        t.XTestFakeKeyEvent(d, kc, down, 0); x.XFlush(d); time.sleep(0.05)
PY
        xsession esc '^ipodsim: window' keys.py --load loop.bin@0x08000000 --entry 0x08000000 \
            --max-cycles 53300000000 --scale 1 --screenshot-on-exit esc.png
        if [ $rc = 0 ] && grep -q '^ipodsim: window closed at cycle' "$T/out" && png_black "$T/esc.png" 2>>"$T/out"; then
            ok "Escape in the window: clean exit 0, screenshot on exit"
        else bad "Escape in the window (status $rc)"; fi
        mouse_test
        mouse_guest_test   # uses mouse.py written by mouse_test
        window_capture_test
    fi
else
    skip "window tests (xvfb-run not installed)"
fi

# (c) bad values: status 1, the reason on the first line, nothing run
refused() { # $1 = expected text; options after
    want=$1
    shift
    rm -f "$T"/*.png
    boot "$@"
    if [ $rc = 1 ] && head -n1 "$T/out" | grep -q "^ipodsim boot: .*$want" && ! grep -q 'powered' "$T/out" &&
       [ -z "$(cd "$T" && ls | grep '\.png')" ]; then ok "refused: $*"
    else bad "not refused: $* (status $rc)"; fi
}
refused 'expected 1-8' --scale 0
refused 'expected 1-8' --scale 9
refused 'expected 1-8' --scale two
refused 'unlimited or realtime' --speed fast
refused 'CYCLES:FILE' --screenshot-at 100
refused 'CYCLES:FILE' --screenshot-at 100:
refused 'invalid cycle count' --screenshot-at ten:a.png
refused 'does not exist' --screenshot-at 5:nodir/a.png
refused 'does not exist' --screenshot-on-exit nodir/a.png
refused 'needs a value' --screenshot-on-exit
refused 'at most 16' $(for k in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17; do printf ' --screenshot-at %s:s%s.png' $k $k; done)
refused 'screenshot-at' --gdb=0 --screenshot-at 5:a.png

# ---- the display path end to end -------------------------------------------------
# The display test ROM brings up the DSIM, the panel and the pipe and scans a
# known pattern out of DRAM; the headless screenshot must be exactly the
# reference image test/display_pattern.py computes.
DROM=$B/soc-tests/display.bin
if [ ! -f "$DROM" ] || [ $HAVE_PY = 0 ]; then
    bad "display ROM screenshot (needs $DROM and python3)"
else
    python3 test/display_pattern.py "$T/pattern.rgba"
    if "$IPODSIM" boot --headless --bootrom "$DROM" --rtc 0 -serial null --screenshot-on-exit "$T/pattern.png" \
        >"$T/drom.out" 2>"$T/drom.err" && png_matches "$T/pattern.png" "$T/pattern.rgba" 2>"$T/cmp.err"; then
        ok "display ROM: the screenshot is exactly the reference pattern"
    else
        bad "display ROM: the screenshot is exactly the reference pattern" "$(tail -c 300 "$T/cmp.err" "$T/drom.err" | tr '\n' ' ')"
    fi
fi

echo "$pass passed, $fail failed"
[ $fail = 0 ]
