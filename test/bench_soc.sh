#!/usr/bin/env bash
# test/bench_soc.sh - the SoC workload of `make bench`: what the machine's
# scheduler and interrupt path cost against the bare `ipodsim run` mode.
#
# Runs, alternately, BENCH_SOC_RUNS times each (best wall time counts)
#   ./ipodsim boot --bootrom roms/build/bench-soc/intmix-soc.bin --rtc 0 -serial stdio --stats
#       the intmix kernel twice: no interrupts, then timer 4 at 1 kHz
#       (roms/bench-soc/intmix-soc.c)
#   ./ipodsim run --stats roms/build/bench/intmix-arm.elf
#       the same kernel once, bare CPU + semihosting
# and prints host MIPS of each (guest instructions / best wall time), the
# ratio SoC/bare, the timer IRQs taken, the emulated cycles, and PASS/FAIL
# against the budget: SoC MIPS >= BENCH_SOC_BUDGET x bare MIPS (0.90: the
# scheduler may cost at most 10 %).  Every checksum must equal the bare one.
#
# Environment: IPODSIM (default ./ipodsim), BENCH_SOC_RUNS (3),
# BENCH_SOC_BUDGET (0.90), BENCH_TIMEOUT (300 s per run).
# Exit status: 0 PASS, 1 FAIL (over budget, a run failed, checksum differs),
# 2 setup problem.
set -u
cd "$(dirname "$0")/.." || exit 2

IPODSIM=${IPODSIM:-./ipodsim}
RUNS=${BENCH_SOC_RUNS:-3}
BUDGET=${BENCH_SOC_BUDGET:-0.90}
TIMEOUT=${BENCH_TIMEOUT:-300}
ROM=roms/build/bench-soc/intmix-soc.bin
ELF=roms/build/bench/intmix-arm.elf
me=test/bench_soc.sh

die() { echo "$me: $*" >&2; exit 2; }

[ -x "$IPODSIM" ] || die "emulator '$IPODSIM' missing or not executable; build it first ('make')"
case $RUNS in ''|*[!0-9]*|0) die "BENCH_SOC_RUNS must be a positive integer" ;; esac
# (cheap when up to date; keeps the images in step with their sources)
make -s -C roms bench-soc >&2 || die "building $ROM failed"
[ -f "$ELF" ] || make -s -C roms/bench >&2 || die "building $ELF failed"
[ -f "$ROM" ] || die "missing $ROM"
[ -f "$ELF" ] || die "missing $ELF"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ipodsim-bench-soc.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }
stat_field() {   # file key: value of key= in the last "ipodsim: stats:" line
    awk -v key="$2" '/^ipodsim: stats:/ { line = $0 }
        END { n = split(line, f, /[ \t]+/)
              for (i = 1; i <= n; i++)
                  if (index(f[i], key "=") == 1) { print substr(f[i], length(key) + 2); exit } }' "$1"
}
field() {        # file line-pattern key: value of key= on the first matching line
    awk -v pat="$2" -v key="$3" '$0 ~ pat { n = split($0, f, /[ \t]+/)
        for (i = 1; i <= n; i++) if (index(f[i], key "=") == 1) { print substr(f[i], length(key) + 2); exit } }' "$1"
}
show_tail() { echo "    --- $1 ---" >&2; tail -n 8 "$2" | sed 's/^/    | /' >&2; }

# run_one NAME R CMD...: one timed run; keeps NAME.out/.err/.wall of the
# fastest run so far.  The two modes alternate (bare, soc, bare, soc, ...) so
# that a change in host load hits both alike.
run_one() {
    local name=$1 r=$2 t0 t1 rc wall best=''
    shift 2
    echo "$me: $name run $r/$RUNS" >&2
    t0=$(now)
    timeout "$TIMEOUT" "$@" >"$tmp/cur.out" 2>"$tmp/cur.err"
    rc=$?
    t1=$(now)
    if [ $rc -ne 0 ]; then
        echo "$me: $name: '$*' exited with status $rc" >&2
        show_tail stdout "$tmp/cur.out"
        show_tail stderr "$tmp/cur.err"
        return 1
    fi
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    [ -f "$tmp/$name.wall" ] && best=$(cat "$tmp/$name.wall")
    if [ -z "$best" ] || awk -v w="$wall" -v b="$best" 'BEGIN { exit !(w < b) }'; then
        echo "$wall" >"$tmp/$name.wall"
        cp "$tmp/cur.out" "$tmp/$name.out"
        cp "$tmp/cur.err" "$tmp/$name.err"
    fi
}

fail=0
for r in $(seq 1 "$RUNS"); do
    run_one bare "$r" "$IPODSIM" run --stats "$ELF" || exit 1
    run_one soc "$r" "$IPODSIM" boot --bootrom "$ROM" --rtc 0 -serial stdio --stats || exit 1
done

b_wall=$(cat "$tmp/bare.wall") s_wall=$(cat "$tmp/soc.wall")
b_insns=$(stat_field "$tmp/bare.err" insns) b_cycles=$(stat_field "$tmp/bare.err" cycles)
s_insns=$(stat_field "$tmp/soc.err" insns) s_cycles=$(stat_field "$tmp/soc.err" cycles)
s_events=$(stat_field "$tmp/soc.err" events)
[ -n "$b_insns" ] && [ -n "$s_insns" ] || { echo "$me: no 'ipodsim: stats:' line" >&2; exit 1; }

b_sum=$(field "$tmp/bare.out" '^intmix: checksum=' checksum)
p0_sum=$(field "$tmp/soc.out" 'phase=bare' checksum)
p1_sum=$(field "$tmp/soc.out" 'phase=timer' checksum)
p0_cyc=$(field "$tmp/soc.out" 'phase=bare' cycles)
p1_cyc=$(field "$tmp/soc.out" 'phase=timer' cycles)
p1_ticks=$(field "$tmp/soc.out" 'phase=timer' ticks)
p1_irqs=$(field "$tmp/soc.out" 'phase=timer' irqs)
if [ -z "$b_sum" ] || [ "$p0_sum" != "$b_sum" ] || [ "$p1_sum" != "$b_sum" ]; then
    echo "$me: CHECKSUM MISMATCH: bare '$b_sum', SoC phase bare '$p0_sum', phase timer '$p1_sum'" >&2
    fail=1
fi
if grep -q '^FAIL' "$tmp/soc.out"; then
    echo "$me: the SoC ROM reported failures:" >&2
    grep '^FAIL' "$tmp/soc.out" | sed 's/^/    | /' >&2
    fail=1
fi

awk -v bw="$b_wall" -v sw="$s_wall" -v bi="$b_insns" -v si="$s_insns" -v bc="$b_cycles" \
    -v sc="$s_cycles" -v ev="$s_events" -v c0="$p0_cyc" -v c1="$p1_cyc" -v tk="$p1_ticks" \
    -v irq="$p1_irqs" -v budget="$BUDGET" -v runs="$RUNS" '
BEGIN {
    bm = bi / bw / 1e6; sm = si / sw / 1e6; ratio = sm / bm
    printf "\nSoC workload: intmix with timer 4 at 1 kHz (best of %d wall times)\n", runs
    printf "%-6s %12s %12s %9s %9s\n", "mode", "guest insns", "emu cycles", "wall s", "MIPS"
    printf "%-6s %12s %12s %9s %9.1f\n", "bare", bi, bc, bw, bm
    printf "%-6s %12s %12s %9s %9.1f\n", "soc", si, sc, sw, sm
    printf "SoC phases (CCNT): no IRQ %s cycles, 1 kHz timer %s cycles (+%d, %.0f per IRQ)\n",
           c0, c1, c1 - c0, (irq > 0 ? (c1 - c0) / irq : 0)
    printf "timer IRQs taken: %s (ticks counted %s); scheduler events: %s\n", irq, tk, ev
    printf "ratio SoC/bare MIPS: %.3f  (budget >= %.2f)  %s\n", ratio, budget,
           (ratio >= budget ? "PASS" : "FAIL")
    exit (ratio >= budget ? 0 : 1)
}' || fail=1

if [ $fail -ne 0 ]; then
    echo "$me: FAIL" >&2
    exit 1
fi
echo "$me: PASS" >&2
exit 0
