#!/usr/bin/env bash
# test/bench_display.sh - the display/touch workload of `make bench`: what
# the boot screen of `make boot` (roms/ibot-stub, docs/firmware.md) costs
# the host, against a guest that never sleeps, measured in the same run.
#
# Runs (headless, --speed unlimited, best of BENCH_DISPLAY_RUNS wall times):
#   idle   the default boot chain, then the boot screen with no input (WFI
#          between the 4 Hz clock ticks) until Power at 59 emulated seconds
#   touch  the same with a finger dragged across the screen from 1 s to
#          58 s: 60 Hz touch frames read over SPI, crosshair and trail drawn
#   spin   the peer: a guest that never sleeps (`b .` from DRAM) for
#          BENCH_DISPLAY_SPIN emulated seconds (default 2)
# and, when xvfb-run is installed, the window at real-time pacing for 10
# emulated seconds of idle boot screen (host CPU time / wall time = the share
# of one core a user's idle window costs).
#
# Prints host seconds per emulated second and "x real time" for each, the
# guest instructions per emulated second (a guest-side regression figure),
# the ratios idle/spin and touch/spin, and PASS/FAIL against the budgets:
# idle >= BENCH_DISPLAY_IDLE_X (50) x real time, touch >= BENCH_DISPLAY_TOUCH_X
# (10) x real time.
#
# Exit status: 0 PASS, 1 FAIL (over budget or a run failed), 2 setup problem.
set -u
cd "$(dirname "$0")/.." || exit 2

IPODSIM=${IPODSIM:-./ipodsim}
RUNS=${BENCH_DISPLAY_RUNS:-3}
SPIN_S=${BENCH_DISPLAY_SPIN:-2}
IDLE_X=${BENCH_DISPLAY_IDLE_X:-50}
TOUCH_X=${BENCH_DISPLAY_TOUCH_X:-10}
ROM=roms/build/bootrom/bootrom.bin
NOR=roms/build/nor/default-nor.bin
me=test/bench_display.sh
S=533000000

die() { echo "$me: $*" >&2; exit 2; }
[ -x "$IPODSIM" ] || die "emulator '$IPODSIM' missing or not executable; build it first ('make')"
case $RUNS in ''|*[!0-9]*|0) die "BENCH_DISPLAY_RUNS must be a positive integer" ;; esac
case $SPIN_S in ''|*[!0-9]*|0) die "BENCH_DISPLAY_SPIN must be a positive integer" ;; esac
[ -f "$ROM" ] && [ -f "$NOR" ] && [ -f "$NOR.keys" ] || die "missing $ROM or $NOR(.keys): make roms"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ipodsim-bench-display.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT
IPODSIM=$(cd "$(dirname "$IPODSIM")" && pwd)/$(basename "$IPODSIM")
ROM=$(pwd)/$ROM

# Power before the 60 s idle sleep (a press then would only wake the screen).
printf '%d button power down\n' $((59 * S)) >"$tmp/idle.input"
printf '%d touch 20,20\n%d drag %d 20,20 to 300,460\n%d button power down\n' \
    $((1 * S)) $((1 * S + 1000)) $((57 * S)) $((59 * S)) >"$tmp/touch.input"
printf '\376\377\377\352' >"$tmp/loop.bin"   # b .

now() { date +%s.%N; }
stat_field() {   # file key: value of key= in the "ipodsim: stats:" line
    awk -v key="$2" '/^ipodsim: stats:/ { n = split($0, f, /[ \t]+/)
        for (i = 1; i <= n; i++) if (index(f[i], key "=") == 1) v = substr(f[i], length(key) + 2) }
        END { print v }' "$1"
}

# run_one NAME: one timed run of NAME's command; keeps the best wall time.
run_one() {
    local name=$1 t0 t1 rc wall best=''
    cp "$NOR" "$tmp/nor.bin"; cp "$NOR.keys" "$tmp/nor.bin.keys"; rm -f "$tmp/nor.bin.journal"
    case $name in
    spin) set -- "$IPODSIM" boot --load "$tmp/loop.bin@0x08000000" --entry 0x08000000 \
              --max-cycles $((SPIN_S * S)) --headless -serial null --stats ;;
    *)    set -- "$IPODSIM" boot --bootrom "$ROM" --nor "$tmp/nor.bin" --headless --rtc 0 -serial stdio \
              --input-script "$tmp/$name.input" --max-cycles $((70 * S)) --stats ;;
    esac
    t0=$(now)
    "$@" >"$tmp/cur.out" 2>"$tmp/cur.err" </dev/null
    rc=$?
    t1=$(now)
    if [ $rc -ne 0 ]; then
        echo "$me: $name: exit status $rc" >&2
        tail -n 5 "$tmp/cur.err" >&2
        return 1
    fi
    if [ "$name" != spin ] && ! grep -q '^power button: powering off' "$tmp/cur.out"; then
        echo "$me: $name: the boot screen did not power off on the scripted Power press" >&2
        return 1
    fi
    if [ "$name" = touch ] && [ "$(grep -c 'touch start finger 1' "$tmp/cur.out")" != 1 ]; then
        echo "$me: touch: the boot screen did not see the finger" >&2
        return 1
    fi
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    [ -f "$tmp/$name.wall" ] && best=$(cat "$tmp/$name.wall")
    if [ -z "$best" ] || awk -v w="$wall" -v b="$best" 'BEGIN { exit !(w < b) }'; then
        echo "$wall" >"$tmp/$name.wall"
        cp "$tmp/cur.err" "$tmp/$name.err"
    fi
}

for r in $(seq 1 "$RUNS"); do
    echo "$me: run $r/$RUNS" >&2
    for name in idle touch spin; do run_one $name || exit 1; done
done

# The window at real-time pacing: CPU time over wall time of an idle screen.
win=""
if command -v xvfb-run >/dev/null 2>&1; then
    printf '%d button power down\n' $((10 * S)) >"$tmp/win.input"
    cp "$NOR" "$tmp/nor.bin"; rm -f "$tmp/nor.bin.journal"
    # children's user+sys seconds of this shell (`times` line 2), before and after
    # (`times` must run in this shell, not in a $(...) subshell)
    child_cpu() { times >"$tmp/times"; awk 'NR == 2 { split($1, u, "m"); split($2, s, "m");
        printf "%.3f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$tmp/times" >"$tmp/$1"; }
    child_cpu c0
    t0=$(now)
    xvfb-run -a "$IPODSIM" boot --bootrom "$ROM" --nor "$tmp/nor.bin" --rtc 0 -serial null \
        --input-script "$tmp/win.input" --scale 2 >"$tmp/win.out" 2>&1 </dev/null
    wrc=$?
    t1=$(now)
    child_cpu c1
    if [ $wrc = 0 ]; then
        win=$(awk -v a="$t0" -v b="$t1" -v c0="$(cat "$tmp/c0")" -v c1="$(cat "$tmp/c1")" 'BEGIN { printf "%.3f %.3f", b - a, c1 - c0 }')
    else
        echo "$me: window run failed: $(tail -n 2 "$tmp/win.out")" >&2
    fi
fi

awk -v iw="$(cat "$tmp/idle.wall")" -v tw="$(cat "$tmp/touch.wall")" -v sw="$(cat "$tmp/spin.wall")" \
    -v ii="$(stat_field "$tmp/idle.err" insns)" -v ti="$(stat_field "$tmp/touch.err" insns)" \
    -v si="$(stat_field "$tmp/spin.err" insns)" -v ie="$(stat_field "$tmp/idle.err" emulated_seconds)" \
    -v te="$(stat_field "$tmp/touch.err" emulated_seconds)" -v se="$(stat_field "$tmp/spin.err" emulated_seconds)" \
    -v win="$win" -v ix="$IDLE_X" -v tx="$TOUCH_X" -v runs="$RUNS" '
BEGIN {
    ip = iw / ie; tp = tw / te; sp = sw / se
    printf "\nBoot screen (roms/ibot-stub), headless, best of %d wall times\n", runs
    printf "%-6s %10s %10s %14s %12s %12s\n", "run", "emu s", "wall s", "host s/emu s", "x real time", "insns/emu s"
    printf "%-6s %10.2f %10.3f %14.4f %12.1f %12.0f\n", "idle", ie, iw, ip, 1 / ip, ii / ie
    printf "%-6s %10.2f %10.3f %14.4f %12.1f %12.0f\n", "touch", te, tw, tp, 1 / tp, ti / te
    printf "%-6s %10.2f %10.3f %14.4f %12.1f %12.0f\n", "spin", se, sw, sp, 1 / sp, si / se
    printf "ratio idle/spin host cost: %.4f   touch/spin: %.4f\n", ip / sp, tp / sp
    if (win != "") {
        split(win, w, " ")
        printf "window (Xvfb, real-time pacing, idle boot screen): wall %.2f s, CPU %.2f s = %.1f%% of one core\n",
               w[1], w[2], 100 * w[2] / w[1]
    }
    ok = (1 / ip >= ix) && (1 / tp >= tx)
    printf "budget: idle >= %s x real time, touch >= %s x real time: %s\n", ix, tx, ok ? "PASS" : "FAIL"
    exit ok ? 0 : 1
}'
