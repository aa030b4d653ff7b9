#!/bin/sh
# The boot screen of `make boot` (docs/firmware.md "Boot screen"): the
# default secure boot chain ends in the ibot stub, which brings the display
# up (display pipe + MIPI-DSIM + Pinot panel, PMU backlight), draws the
# ipodsim logo and a status panel, starts the multitouch driver and the
# buttons, and then reacts to scripted input (--input-script):
#   - a finger: crosshair at the touched pixel, a dot where it lifted, UART
#     "touch start/end finger N at X,Y" with the exact scripted pixel;
#   - a drag: a trail, start and end reported;
#   - two fingers at once: two crosshairs in two colours;
#   - volume down / up: the PMU backlight one step darker / back to full
#     (the screenshot is scaled by the level, as the emulator shows it);
#   - Home: every mark gone, the picture between the top bar and the panel
#     exactly as before the first touch;
#   - Power: "power button: powering off", backlight off (black screenshot),
#     power-off through the PMU right after the press, exit status 0.
# A second run: after 60 s without input the screen sleeps (black) and the
# machine keeps running; a touch wakes it, as does a Power press (which then
# does not power off); the next Power press powers off.
#
#   test/boot_screen_test.sh [IPODSIM]    (after `make ipodsim roms`)
# ROMS_BUILD=DIR uses another roms build directory; KEEP_T=1 keeps the
# temporary directory (screenshots, serial output) for a look.
set -u
TESTDIR=$(cd "$(dirname "$0")" && pwd)
IPODSIM=${1:-${IPODSIM:-./ipodsim}}
B=${ROMS_BUILD:-roms/build}
ROM=$B/bootrom/bootrom.bin
NOR=$B/nor/default-nor.bin
for f in "$IPODSIM" "$ROM" "$NOR" "$NOR.keys"; do
    [ -e "$f" ] || { echo "boot_screen_test: missing $f (make ipodsim roms)"; exit 1; }
done
case $IPODSIM in /*) ;; *) IPODSIM=$(pwd)/$IPODSIM ;; esac
ROM=$(cd "$B/bootrom" && pwd)/bootrom.bin
T=$(mktemp -d "${TMPDIR:-/tmp}/boot_screen.XXXXXX") || exit 1
trap '[ -n "${KEEP_T:-}" ] || rm -rf "$T"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "FAIL - $1"; [ -f "$T/why" ] && sed 's/^/#   /' "$T/why"; rm -f "$T/why"; }
command -v python3 >/dev/null 2>&1 || { echo "boot_screen_test: python3 missing (tools/deps.sh installs it)"; exit 1; }

# boot the default chain on a fresh NOR copy, in $T (screenshot names are
# relative to it); output in $T/out, status in $rc
boot() {
    cp "$NOR" "$T/nor.bin"
    cp "$NOR.keys" "$T/nor.bin.keys"
    rm -f "$T/nor.bin.journal"
    (cd "$T" && "$IPODSIM" boot --bootrom "$ROM" --nor nor.bin --headless --rtc 0 -serial stdio "$@") >"$T/out" 2>&1 </dev/null
    rc=$?
}

# The stub is ready (display, touch, buttons) about 270 M cycles after power-on.
cat >"$T/input" <<'EOF'
400000000 touch 100,300
460000000 touch up
540000000 drag 100000000 60,100 to 260,420
660000000 touch up
700000000 touch 50,50 270,200
760000000 touch up
800000000 button voldown down
810000000 button voldown up
860000000 button volup down
870000000 button volup up
900000000 button home down
910000000 button home up
1000000000 button power down
EOF
boot --input-script input \
    --screenshot-at 390000000:before.png --screenshot-at 440000000:down.png \
    --screenshot-at 520000000:lifted.png --screenshot-at 740000000:two.png \
    --screenshot-at 840000000:dim.png --screenshot-at 950000000:home.png --screenshot-on-exit exit.png

# ---- serial ------------------------------------------------------------------
has() { grep -qF -- "$1" "$T/out"; }
if [ "$rc" = 0 ] && has "iboot-stub: reached" && has "LLB: ibot signature ok"; then
    ok "default chain reaches the ibot stub (exit status 0)"
else cp "$T/out" "$T/why"; bad "boot chain (status $rc)"; fi
if has "iboot-stub: display up (panel 3c d1 a1, 320x480 RGB565 at 0x0fc00000, backlight 0xf6)" &&
   has "iboot-stub: touch controller up" && has "iboot-stub: ready:"; then
    ok "display up (panel ID, backlight full), touch controller up, ready"
else cp "$T/out" "$T/why"; bad "display / touch bring-up lines"; fi

# The stub's lines after "ready", in order, against patterns (python re).
cat >"$T/expect" <<'EOF'
touch start finger 1 at 100,300
touch end finger 1 at 100,300
touch start finger 1 at (6[0-9]|7[0-9]),(1[0-3][0-9])
touch end finger 1 at 260,420
touch start finger [0-9]+ at (50,50|270,200)
touch start finger [0-9]+ at (50,50|270,200)
touch end finger [0-9]+ at (50,50|270,200)
touch end finger [0-9]+ at (50,50|270,200)
volume down button pressed: backlight 0xd6
volume down button released
volume up button pressed: backlight 0xf6
volume up button released
home button pressed: marks cleared
home button released
power button pressed
EOF
if python3 - "$T/out" "$T/expect" >"$T/why" 2>&1 <<'PY'
import re, sys
lines = [l.rstrip('\n') for l in open(sys.argv[1], errors='replace')]
start = next(i for i, l in enumerate(lines) if l.startswith('iboot-stub: ready:'))
got = [l[len('iboot-stub: '):] for l in lines[start + 1:] if l.startswith('iboot-stub: ')]
want = [l.rstrip('\n') for l in open(sys.argv[2]) if l.strip()]
ok = len(got) == len(want) and all(re.fullmatch(w, g) for w, g in zip(want, got))
two = [g.split(' at ')[1] for g in got[4:8]] if len(got) >= 8 else []
ok = ok and sorted(two[:2]) == ['270,200', '50,50'] and sorted(two[2:]) == ['270,200', '50,50']
if not ok:
    print('got:'); print('\n'.join(got)); print('want:'); print('\n'.join(want))
    sys.exit(1)
PY
then ok "UART: touch start/end at the scripted pixels, drag, two fingers, volume, Home, Power in order"
else bad "UART event lines"; fi
end=$(sed -n 's/.*powered the machine off (PMU) at cycle \([0-9]*\).*/\1/p' "$T/out")
if has "power button: powering off" && [ -n "$end" ] && [ "$end" -ge 1000000000 ] && [ "$end" -lt 1010000000 ]; then
    ok "Power: 'power button: powering off', PMU power-off at cycle $end (pressed at 1000000000)"
else cp "$T/out" "$T/why"; bad "Power button power-off (end cycle '$end')"; fi

# ---- screenshots ---------------------------------------------------------------
# shot NAME CHECK...: python checks on $T/NAME.png; a failed assert is a FAIL.
cat >"$T/png.py" <<'PY'
import sys
sys.path.insert(0, sys.argv[3])
from png_rgba import load

def rgb565(c, level=246):
    """0xRRGGBB as the stub stores it (RGB565), shown by the emulator
    (bit replication, then the backlight level: x * level / 246 rounded)."""
    r, g, b = c >> 19 & 31, c >> 10 & 63, c >> 3 & 31
    out = (r << 3 | r >> 2, g << 2 | g >> 4, b << 3 | b >> 2)
    return tuple((v * level + 123) // 246 for v in out)

BG, BAR, BODY, ACCENT, WHITE = 0x0C1018, 0x1C2430, 0xC8CCD4, 0xFF8C1A, 0xFFFFFF
FINGERS = [0x00E5FF, 0xFF3DA8, 0xFFE03D, 0x5CFF5C, 0xB084FF]
T = sys.argv[1]
px = {}
def img(name):
    if name not in px: px[name] = load('%s/%s.png' % (T, name))
    return px[name]
def at(name, x, y):
    p = img(name); i = (y * 320 + x) * 4
    return tuple(p[i:i + 3])
def count(name, colour, x0=0, y0=0, x1=320, y1=480):
    p, want, n = img(name), bytes(colour), 0
    for y in range(y0, y1):
        row = p[y * 1280:(y + 1) * 1280]
        n += sum(1 for x in range(x0, x1) if row[4 * x:4 * x + 3] == want)
    return n
def finger_pixels(name):
    return sum(count(name, rgb565(c)) for c in FINGERS)
exec(sys.argv[2])
PY
shot() { # description, python code
    if python3 "$T/png.py" "$T" "$2" "$TESTDIR" >"$T/why" 2>&1; then ok "$1"; rm -f "$T/why"; else bad "$1"; fi
}

shot "screen before any input: logo (frame, sun, 'ipod' white + 'sim' orange wordmark), top bar, no marks" '
assert at("before", 113, 120) == rgb565(BODY), ("frame", at("before", 113, 120))
assert at("before", 160, 142) == rgb565(ACCENT), ("sun", at("before", 160, 142))
assert count("before", rgb565(ACCENT), 0, 216, 320, 256) >= 600, "sim"
assert count("before", rgb565(WHITE), 0, 216, 320, 256) >= 600, "ipod"
assert at("before", 2, 2) == rgb565(BAR) and at("before", 100, 300) == rgb565(BG), "bar / background"
assert count("before", rgb565(0xE8ECF2), 0, 0, 320, 28) >= 100, "top bar text"
assert finger_pixels("before") == 0, "marks before any touch"'

shot "finger down at 100,300: crosshair centred on the pixel, finger line in the status panel" '
c = rgb565(FINGERS[0])
assert at("down", 100, 300) == c, ("centre", at("down", 100, 300))
for dx, dy in ((-18, 0), (18, 0), (0, -18), (0, 18), (-11, 0), (11, 0)):
    assert at("down", 100 + dx, 300 + dy) == c, ("arm", dx, dy)
assert at("down", 100 + 19, 300) != c and at("down", 100 + 5, 300 + 5) != c, "crosshair too big"
assert count("down", rgb565(0xE8ECF2), 0, 416, 320, 432) >= 150, "status line text"'

shot "finger lifted: crosshair gone, a dot stays at 100,300" '
c = rgb565(FINGERS[0])
assert at("lifted", 100, 300) == c and at("lifted", 103, 300) == c, "dot"
assert at("lifted", 100 + 18, 300) != c and at("lifted", 100, 300 - 18) != c, "crosshair left behind"
assert 40 <= count("lifted", c) <= 80, ("dot size", count("lifted", c))'

shot "two fingers at 50,50 and 270,200: two crosshairs in two colours, the drag trail drawn" '
a, b = at("two", 50, 50), at("two", 270, 200)
cols = [rgb565(c) for c in FINGERS]
assert a in cols and b in cols and a != b, (a, b)
assert at("two", 50 + 18, 50) == a and at("two", 270, 200 - 18) == b, "arms"
# the drag trail: a finger-coloured pixel within 4 px of the line 60,100 - 260,420 on every sampled row
for y in range(140, 381, 20):
    x = 60 + (y - 100) * 200 // 320
    assert any(at("two", x + d, y) in cols for d in range(-4, 5)), ("trail missing at row", y)'

shot "volume down: backlight 0xd6 scales the screen by 214/246" '
assert at("dim", 113, 120) == rgb565(BODY, 0xD6), (at("dim", 113, 120), rgb565(BODY, 0xD6))
assert at("dim", 160, 142) == rgb565(ACCENT, 0xD6), "sun"'

shot "Home: every mark gone, the picture between top bar and panel exactly as before the first touch" '
assert finger_pixels("home") == 0, ("marks left", finger_pixels("home"))
a, b = img("before"), img("home")
assert a[28 * 1280:388 * 1280] == b[28 * 1280:388 * 1280], "picture differs"
assert count("home", rgb565(0xE8ECF2), 0, 438, 320, 454) >= 150, "button line text"'

shot "after Power: backlight off, the screen is black" '
p = load(sys.argv[1] + "/exit.png")
assert p == b"\0\0\0\xff" * (320 * 480), "not black"'

# ---- determinism: the same script gives the same pixels and the same serial ---------
mkdir -p "$T/first" && mv "$T"/two.png "$T"/home.png "$T/first/" && cp "$T/out" "$T/first/out"
boot --input-script input --screenshot-at 740000000:two.png --screenshot-at 950000000:home.png
if cmp -s "$T/two.png" "$T/first/two.png" && cmp -s "$T/home.png" "$T/first/home.png" &&
   cmp -s "$T/out" "$T/first/out"; then
    ok "same input script, same run: screenshots byte for byte, serial and end cycle identical"
else cp "$T/out" "$T/why"; bad "a second run with the same script differs"; fi

# ---- idle: the screen sleeps, input wakes it, the machine keeps running ----------
S=533000000
cat >"$T/idle" <<EOF
$((63 * S)) touch 160,240
$((63 * S + 30000000)) touch up
$((125 * S)) button power down
$((125 * S + 30000000)) button power up
$((126 * S)) button power down
EOF
boot --input-script "$T/idle" --screenshot-at $((62 * S)):asleep.png --screenshot-at $((64 * S)):woken.png
end=$(sed -n 's/.*powered the machine off (PMU) at cycle \([0-9]*\).*/\1/p' "$T/out")
n_off=$(grep -c "iboot-stub: no input for 60 s: screen off" "$T/out")
n_on=$(grep -c "iboot-stub: screen on" "$T/out")
if [ "$rc" = 0 ] && [ "$n_off" = 2 ] && [ "$n_on" = 2 ] && has "power button pressed: screen woken" &&
   [ -n "$end" ] && [ "$end" -ge $((126 * S)) ] && [ "$end" -lt $((126 * S + 10000000)) ]; then
    ok "60 s idle: screen off twice, a touch and a Power press wake it, the next Power powers off (cycle $end)"
else cp "$T/out" "$T/why"; bad "idle sleep (status $rc, off $n_off, on $n_on, end cycle '$end')"; fi
shot "asleep: black; woken by a touch: the picture is back" '
assert load(sys.argv[1] + "/asleep.png") == b"\0\0\0\xff" * (320 * 480), "asleep but not black"
assert at("woken", 113, 120) == rgb565(BODY), ("logo frame after waking", at("woken", 113, 120))'

echo "$pass passed, $fail failed"
[ $fail = 0 ]
