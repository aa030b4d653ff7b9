#!/bin/sh
# test/timing_test.sh - emulated-timing regression test ('make test-timing').
#
# Runs the cycle-timing microbenchmarks (roms/timing/, built as
# roms/build/timing/timing.elf) through ipodsim and compares every
# "name: X.XX cycles/iteration" value with test/timing_baseline.txt.
# Emulated time is deterministic, so the comparison is exact: any change of
# a value fails, whether faster or slower.
#
# Usage: test/timing_test.sh [IPODSIM]         (default ./ipodsim)
#        test/timing_test.sh --update [IPODSIM] rewrite the baseline
#                                               ('make timing-baseline')
# Output ends with "N passed, M failed".
cd "$(dirname "$0")/.." || exit 2
update=0
if [ "${1:-}" = "--update" ]; then update=1; shift; fi
IPODSIM=${1:-./ipodsim}
ELF=roms/build/timing/timing.elf
BASE=test/timing_baseline.txt
[ -x "$IPODSIM" ] || { echo "timing_test: no emulator $IPODSIM"; echo "0 passed, 1 failed"; exit 1; }
[ -f "$ELF" ] || { echo "timing_test: $ELF missing (make roms)"; echo "0 passed, 1 failed"; exit 1; }

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
if ! "$IPODSIM" run "$ELF" >"$tmp/out" 2>"$tmp/err"; then
    echo "timing_test: $IPODSIM run $ELF failed:"; cat "$tmp/err"
    echo "0 passed, 1 failed"
    exit 1
fi
# "name: X.XX cycles/iteration (rule: Y)" -> "name: X.XX"
sed -n 's/^\([A-Za-z0-9_]*: -\{0,1\}[0-9]*\.[0-9][0-9]\) cycles\/iteration.*/\1/p' "$tmp/out" >"$tmp/got"
cat "$tmp/out"
if [ ! -s "$tmp/got" ]; then
    echo "timing_test: no result lines in the output"
    echo "0 passed, 1 failed"
    exit 1
fi
if [ $update = 1 ]; then
    cp "$tmp/got" "$BASE"
    echo "timing_test: wrote $(wc -l <"$BASE") values to $BASE"
    exit 0
fi
[ -f "$BASE" ] || { echo "timing_test: no baseline $BASE (make timing-baseline)"; echo "0 passed, 1 failed"; exit 1; }

# One check per kernel in the baseline or the output.
pass=$(grep -cxFf "$BASE" "$tmp/got")
total=$(cat "$BASE" "$tmp/got" | sed 's/:.*//' | sort -u | wc -l)
fail=$((total - pass))
if [ $fail -ne 0 ]; then
    echo
    echo "timing_test: emulated cycle counts differ from $BASE (- baseline, + now):"
    diff -u "$BASE" "$tmp/got" | sed -n '3,$p' | grep '^[-+]'
    echo
    echo "If the change is intended (a timing-model change, documented in docs/timing.md),"
    echo "accept it with 'make timing-baseline' and commit test/timing_baseline.txt."
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
