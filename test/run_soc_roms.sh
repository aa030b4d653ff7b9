#!/bin/bash
# Run ipodsim's own SoC firmware under `ipodsim boot` and collect the results.
#
#   test/run_soc_roms.sh [IPODSIM]      (default ./ipodsim; build the ROMs
#                                        first with `make -C roms soc`)
#
# Every ROM (roms/build/hello-soc/hello-soc.bin and roms/build/soc-tests/*.bin)
# runs with --rtc 0 --max-cycles 4000000000 -serial stdio and prints
# "ok - ..." / "FAIL - ..." lines and a final "<name>: N passed, M failed"
# before it powers the machine off through the PMU (a ROM with an input script
# roms/soc/tests/NAME.input gets --input-script).  One line per ROM here,
# then exactly "N passed, M failed" with N/M summed over every ok/FAIL line
# (plus one check: hello-soc's instruction trace is identical in two runs).
# Exit status 1 on any FAIL line, a missing or inconsistent summary line, a
# non-zero ipodsim exit status, or a trace mismatch.
set -u
IPODSIM=${1:-./ipodsim}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$ROOT/roms/build
MAXC=4000000000
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

total_ok=0
total_fail=0
status=0

roms=("$BUILD/hello-soc/hello-soc.bin")
for f in "$BUILD"/soc-tests/*.bin; do [ -e "$f" ] && roms+=("$f"); done
if [ ! -e "${roms[0]}" ]; then
    echo "run_soc_roms: ${roms[0]} missing (make -C roms soc)" >&2
    exit 1
fi

for rom in "${roms[@]}"; do
    name=$(basename "$rom" .bin)
    out=$TMP/$name.out
    # A ROM that needs scripted input has roms/soc/tests/NAME.input beside its source.
    extra=()
    [ -e "$ROOT/roms/soc/tests/$name.input" ] && extra=(--input-script "$ROOT/roms/soc/tests/$name.input")
    "$IPODSIM" boot --bootrom "$rom" --rtc 0 --max-cycles $MAXC -serial stdio "${extra[@]}" >"$out" 2>"$TMP/$name.err" </dev/null
    rc=$?
    n_ok=$(grep -c '^ok - ' "$out")
    n_fail=$(grep -c '^FAIL - ' "$out")
    total_ok=$((total_ok + n_ok))
    total_fail=$((total_fail + n_fail))
    summary=$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed\$" "$out" | tail -1)
    why=""
    [ "$rc" -ne 0 ] && why="$why; ipodsim exit status $rc: $(tail -1 "$TMP/$name.err")"
    if [ -z "$summary" ]; then
        why="$why; no summary line: $(tail -1 "$TMP/$name.err")"
    elif [ "$summary" != "$name: $n_ok passed, $n_fail failed" ]; then
        why="$why; summary \"$summary\" disagrees with the ok/FAIL lines"
    fi
    [ "$n_fail" -ne 0 ] && why="$why; $(grep '^FAIL - ' "$out" | head -3 | tr '\n' ';')"
    if [ -z "$why" ]; then
        printf 'PASS %-12s %3d passed, %d failed\n' "$name" "$n_ok" "$n_fail"
    else
        printf 'FAIL %-12s %3d passed, %d failed%s\n' "$name" "$n_ok" "$n_fail" "$why"
        status=1
    fi
done

# Determinism: two traced runs of hello-soc must match instruction for instruction.
hello=${roms[0]}
"$IPODSIM" boot --bootrom "$hello" --rtc 0 --max-cycles $MAXC -serial null --trace="$TMP/trace1" 2>/dev/null </dev/null
rc1=$?
"$IPODSIM" boot --bootrom "$hello" --rtc 0 --max-cycles $MAXC -serial null --trace="$TMP/trace2" 2>/dev/null </dev/null
rc2=$?
h1=$(sha256sum "$TMP/trace1" 2>/dev/null | cut -d' ' -f1)
h2=$(sha256sum "$TMP/trace2" 2>/dev/null | cut -d' ' -f1)
lines=0; [ -f "$TMP/trace1" ] && lines=$(wc -l <"$TMP/trace1")
if [ $rc1 -eq 0 ] && [ $rc2 -eq 0 ] && [ -n "$h1" ] && [ "$h1" = "$h2" ] && [ "$lines" -gt 1000 ]; then
    printf 'PASS %-12s hello-soc traced twice: %s lines, sha256 %s\n' "determinism" "$lines" "${h1:0:16}"
    total_ok=$((total_ok + 1))
else
    printf 'FAIL %-12s hello-soc traces differ (exit %s/%s, sha256 %s vs %s)\n' "determinism" "$rc1" "$rc2" \
        "${h1:0:16}" "${h2:0:16}"
    total_fail=$((total_fail + 1))
    status=1
fi

# ---- the boot command's error handling ---------------------------------------
# Bad input gives exit status 1 and a one-line reason, and nothing runs.
cli() { # NAME EXPECTED-STATUS PATTERN ARGS...
    local name=$1 want=$2 pat=$3
    shift 3
    "$IPODSIM" boot "$@" >"$TMP/cli.out" 2>"$TMP/cli.err" </dev/null
    local rc=$?
    if [ "$rc" = "$want" ] && grep -Eq -- "$pat" "$TMP/cli.err" "$TMP/cli.out"; then
        printf 'PASS %-12s %s\n' "cli" "$name"
        total_ok=$((total_ok + 1))
    else
        printf 'FAIL %-12s %s (exit %s: %s)\n' "cli" "$name" "$rc" "$(head -c 200 "$TMP/cli.err")"
        total_fail=$((total_fail + 1))
    fi
}
head -c 200000 /dev/zero >"$TMP/big.bin"
# wfi.bin: mcr p15,0,r0,c7,c0,4 (WFI) with IRQs masked and no device armed
printf '\x90\x0f\x07\xee\xfe\xff\xff\xea' >"$TMP/wfi.bin"
# abort.bin: mov r0,#0x50000000; ldr r1,[r0]; b .  (no boot ROM: the abort
# vector holds zeros, so the run stops with the empty-vector report)
printf '\x05\x02\xa0\xe3\x00\x10\x90\xe5\xfe\xff\xff\xea' >"$TMP/abort.bin"
printf '\0\0\0\0' >"$TMP/four.bin"
cli "unknown option" 1 "unknown option '--bogus'" --bogus
cli "missing boot ROM file" 1 "cannot open '$TMP/none.bin'" --bootrom "$TMP/none.bin"
cli "boot ROM larger than the ROM window" 1 "larger than 131072 bytes" --bootrom "$TMP/big.bin"
cli "--load without an address" 1 "FILE@ADDR" --load "$TMP/four.bin" --entry 0x08000000
cli "--load outside memory" 1 "do not fit" --load "$TMP/four.bin@0x50000000" --entry 0x08000000
cli "--load without --entry or ROM" 1 "needs --entry" --load "$TMP/four.bin@0x08000000"
cli "-m is refused" 1 "fixed 128 MiB" -m 256M
cli "bad -d category" 1 "unknown log category 'nope'" -d nope
cli "bad serial device" 1 "unknown serial device" -serial tcp:1
cli "--help" 0 "usage: ipodsim boot" --help
printf '10 button home down\n5 button home up\n' >"$TMP/back.input"
cli "input script going back in time" 1 "back.input:2: cycles must not decrease" \
    --input-script "$TMP/back.input" -serial null
printf '1 button menu down\n' >"$TMP/menu.input"
cli "input script with an unknown button" 1 "menu.input:1: unknown button" --input-script "$TMP/menu.input" -serial null
cli "missing input script" 1 "cannot open input script" --input-script "$TMP/none.input" -serial null
cli "NOR image of the wrong size" 1 "is 200000 bytes; an AT25DF081A image is exactly 1048576" \
    --nor "$TMP/big.bin" --max-cycles 1000 -serial null
if [ -e "$TMP/big.bin.keys" ]; then
    printf 'FAIL %-12s %s\n' "cli" "a refused NOR image gets no key file"; total_fail=$((total_fail + 1))
else
    printf 'PASS %-12s %s\n' "cli" "a refused NOR image gets no key file"; total_ok=$((total_ok + 1))
fi
cli "malformed --gid-key" 1 "needs 64 hex digits" --gid-key 1234
cli "a new NOR image is created with device keys" 0 "cycle limit reached" --nor "$TMP/new.nor" \
    --max-cycles 1000 -serial null
if [ "$(stat -c %s "$TMP/new.nor" 2>/dev/null)" = 1048576 ] && grep -Eq '^gid [0-9a-f]{64}$' "$TMP/new.nor.keys"; then
    printf 'PASS %-12s %s\n' "cli" "new NOR image is 1 MiB, keys stored beside it"; total_ok=$((total_ok + 1))
else
    printf 'FAIL %-12s %s\n' "cli" "new NOR image is 1 MiB, keys stored beside it"; total_fail=$((total_fail + 1))
fi
cli "--max-cycles stops with status 0" 0 "cycle limit reached" --bootrom "$hello" --max-cycles 1000 -serial null
cli "WFI that nothing can end" 125 "can never wake up" --load "$TMP/wfi.bin@0x08000000" --entry 0x08000000 \
    -serial null
cli "unmapped access: logged with the PC" 125 "unmapped address 0x50000000.*pc=0x08000004" \
    --load "$TMP/abort.bin@0x08000000" --entry 0x08000000 -d unimp -serial null
cli "unmapped access: abort to the empty vector reported" 125 \
    "data abort exception at pc=0x08000004 \(fault address 0x50000000\)" \
    --load "$TMP/abort.bin@0x08000000" --entry 0x08000000 -serial null

[ "$total_fail" -ne 0 ] && status=1
echo "$total_ok passed, $total_fail failed"
exit $status
