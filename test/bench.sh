#!/usr/bin/env bash
# test/bench.sh - CPU benchmark runner for ipodsim ('make bench').
#
# For every benchmark ELF in roms/build/bench/ (ARM and Thumb builds) this
#   1. runs  ./ipodsim run --stats ELF  and reads the statistics line
#        ipodsim: stats: insns=<N> cycles=<C> host_seconds=<S> mips=<M>
#      that ipodsim prints on stderr at exit,
#   2. runs the same ELF under qemu-system-arm (versatilepb, arm1176,
#      semihosting on stdout) as the reference,
#   3. requires both to exit 0 and to print the same "checksum=" line,
# and then prints a table plus geometric means.  Wall times are the best of
# several runs.
#
# Usage: test/bench.sh [BENCH...]        e.g. test/bench.sh intmix hash
#
# Environment:
#   IPODSIM             emulator binary             (default ./ipodsim)
#   QEMU                reference emulator          (default qemu-system-arm)
#   BENCH_DIR           where the ELFs are          (default roms/build/bench)
#   BENCH_RUNS          QEMU runs per ELF, best wall time is used  (default 3)
#   BENCH_IPODSIM_RUNS  ipodsim runs per ELF, best wall time       (default 1)
#   BENCH_STATES        which builds to run         (default "arm thumb")
#   BENCH_TIMEOUT       seconds before one run is killed           (default 300)
#   BENCH_CSV           if set, also write the results to this CSV file
#
# Exit status: 0 all benchmarks ran and matched QEMU, 1 a run failed or a
# checksum differed, 2 setup problem (missing emulator, QEMU or ELFs).

set -u

cd "$(dirname "$0")/.." || exit 2

IPODSIM=${IPODSIM:-./ipodsim}
QEMU=${QEMU:-qemu-system-arm}
BENCH_DIR=${BENCH_DIR:-roms/build/bench}
BENCH_RUNS=${BENCH_RUNS:-3}
BENCH_IPODSIM_RUNS=${BENCH_IPODSIM_RUNS:-1}
BENCH_STATES=${BENCH_STATES:-arm thumb}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-300}
BENCH_CSV=${BENCH_CSV:-}

KNOWN="intmix memwalk hash intmix_mmu memwalk_mmu hash_mmu"   # *_mmu: same programs, MMU on
if [ $# -gt 0 ]; then
    BENCHES="$*"
else
    BENCHES=$KNOWN
fi

me=test/bench.sh

die() {
    echo "$me: $*" >&2
    exit 2
}

# ---- preconditions ---------------------------------------------------------

if [ ! -e "$IPODSIM" ]; then
    die "emulator '$IPODSIM' does not exist; build it first ('make'), or set IPODSIM=path"
fi
if [ ! -x "$IPODSIM" ]; then
    die "emulator '$IPODSIM' is not executable"
fi
if ! command -v "$QEMU" >/dev/null 2>&1; then
    die "reference emulator '$QEMU' not found (Debian: apt-get install qemu-system-arm), or set QEMU=path"
fi
case $BENCH_RUNS in ''|*[!0-9]*|0) die "BENCH_RUNS must be a positive integer" ;; esac
case $BENCH_IPODSIM_RUNS in ''|*[!0-9]*|0) die "BENCH_IPODSIM_RUNS must be a positive integer" ;; esac

for b in $BENCHES; do
    case " $KNOWN " in
    *" $b "*) ;;
    *) [ -f "$BENCH_DIR/$b-arm.elf" ] || [ -f "$BENCH_DIR/$b-thumb.elf" ] ||
           die "unknown benchmark '$b' (known: $KNOWN)" ;;
    esac
done

missing=0
for b in $BENCHES; do
    for s in $BENCH_STATES; do
        [ -f "$BENCH_DIR/$b-$s.elf" ] || missing=1
    done
done
if [ $missing -ne 0 ] && [ "$BENCH_DIR" = roms/build/bench ]; then
    echo "$me: benchmark ELFs missing, building them (make -C roms/bench)" >&2
    make -s -C roms/bench >&2 || die "building the benchmarks failed"
fi
for b in $BENCHES; do
    for s in $BENCH_STATES; do
        [ -f "$BENCH_DIR/$b-$s.elf" ] ||
            die "missing $BENCH_DIR/$b-$s.elf (unknown benchmark '$b' or state '$s'?)"
    done
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ipodsim-bench.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT

# ---- helpers ---------------------------------------------------------------

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
# smaller of two decimal numbers; "" counts as +infinity
min_of() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b + 0 < a + 0) print b; else print a }'; }

# value of key=VALUE in the last "ipodsim: stats:" line of a file
stat_field() {
    awk -v key="$2" '
        /^ipodsim: stats:/ { line = $0 }
        END {
            n = split(line, f, /[ \t]+/)
            for (i = 1; i <= n; i++)
                if (index(f[i], key "=") == 1) { print substr(f[i], length(key) + 2); exit }
        }' "$1"
}

checksum_line() { grep -m1 'checksum=' "$1" 2>/dev/null; }

# The guest's stdout is semihosting SYS_WRITE; QEMU's own console and serial
# are switched off.  QEMU's stderr (audio back-end chatter) goes to a file.
run_qemu() {
    timeout "$BENCH_TIMEOUT" "$QEMU" -M versatilepb -cpu arm1176 -m 128M \
        -semihosting-config enable=on,target=native \
        -nographic -monitor none -serial none -audiodev none,id=snd0 \
        -kernel "$1"
}

run_ipodsim() {
    timeout "$BENCH_TIMEOUT" "$IPODSIM" run --stats "$1"
}

show_tail() {   # label file
    echo "    --- $1 (last lines) ---" >&2
    tail -n 8 "$2" | sed 's/^/    | /' >&2
}

# ---- main loop -------------------------------------------------------------

fail=0
rows=$tmp/rows
: >"$rows"

for b in $BENCHES; do
    for s in $BENCH_STATES; do
        elf=$BENCH_DIR/$b-$s.elf
        status=ok

        # QEMU reference: best of BENCH_RUNS, and every run must agree.
        q_best='' q_sum='' q_ok=1
        for r in $(seq 1 "$BENCH_RUNS"); do
            echo "$me: $b-$s: qemu run $r/$BENCH_RUNS" >&2
            t0=$(now)
            run_qemu "$elf" >"$tmp/q.out" 2>"$tmp/q.err"
            rc=$?
            t1=$(now)
            sum=$(checksum_line "$tmp/q.out")
            if [ $rc -ne 0 ] || [ -z "$sum" ]; then
                echo "$me: $b-$s: QEMU failed (exit $rc, checksum line '${sum}')" >&2
                show_tail "qemu stdout" "$tmp/q.out"
                show_tail "qemu stderr" "$tmp/q.err"
                q_ok=0
                break
            fi
            if [ -z "$q_sum" ]; then
                q_sum=$sum
                cp "$tmp/q.out" "$tmp/q.ref"
            elif [ "$sum" != "$q_sum" ]; then
                echo "$me: $b-$s: QEMU is not deterministic: '$sum' vs '$q_sum'" >&2
                q_ok=0
                break
            fi
            q_best=$(min_of "$q_best" "$(elapsed "$t0" "$t1")")
        done

        # ipodsim: best of BENCH_IPODSIM_RUNS (stats taken from the best run).
        i_best='' i_sum='' i_ok=1 i_insns='' i_mips=''
        for r in $(seq 1 "$BENCH_IPODSIM_RUNS"); do
            echo "$me: $b-$s: ipodsim run $r/$BENCH_IPODSIM_RUNS" >&2
            t0=$(now)
            run_ipodsim "$elf" >"$tmp/i.out" 2>"$tmp/i.err"
            rc=$?
            t1=$(now)
            sum=$(checksum_line "$tmp/i.out")
            if [ $rc -ne 0 ]; then
                if [ $rc -eq 124 ]; then
                    echo "$me: $b-$s: ipodsim timed out after ${BENCH_TIMEOUT}s" >&2
                else
                    echo "$me: $b-$s: ipodsim exited with status $rc" >&2
                fi
                show_tail "ipodsim stdout" "$tmp/i.out"
                show_tail "ipodsim stderr" "$tmp/i.err"
                i_ok=0
                status=FAIL
                break
            fi
            i_sum=$sum
            wall=$(elapsed "$t0" "$t1")
            best=$(min_of "$i_best" "$wall")
            if [ "$best" = "$wall" ]; then
                i_best=$wall
                i_insns=$(stat_field "$tmp/i.err" insns)
                i_mips=$(stat_field "$tmp/i.err" mips)
                cp "$tmp/i.out" "$tmp/i.best"
            fi
        done

        if [ $i_ok -eq 1 ]; then
            if [ -z "$i_mips" ] || [ -z "$i_insns" ]; then
                echo "$me: $b-$s: no 'ipodsim: stats: insns=... mips=...' line on ipodsim's stderr" >&2
                show_tail "ipodsim stderr" "$tmp/i.err"
                status=FAIL
            fi
            if [ -z "$i_sum" ]; then
                echo "$me: $b-$s: ipodsim printed no checksum line" >&2
                show_tail "ipodsim stdout" "$tmp/i.out"
                status=FAIL
            elif [ $q_ok -eq 1 ] && [ "$i_sum" != "$q_sum" ]; then
                echo "$me: $b-$s: CHECKSUM MISMATCH" >&2
                echo "    ipodsim: $i_sum" >&2
                echo "    qemu:    $q_sum" >&2
                echo "    --- diff qemu ipodsim (all output lines) ---" >&2
                diff "$tmp/q.ref" "$tmp/i.best" | sed 's/^/    | /' >&2
                status=MISMATCH
            fi
        fi
        [ $q_ok -eq 1 ] || status='QEMU-FAIL'
        [ "$status" = ok ] || fail=1

        # one row: bench state insns mips ipodsim_s qemu_s status
        printf '%s %s %s %s %s %s %s\n' "$b" "$s" "${i_insns:--}" "${i_mips:--}" \
            "${i_best:--}" "${q_best:--}" "$status" >>"$rows"
    done
done

# ---- report ----------------------------------------------------------------

awk -v csv="$BENCH_CSV" '
function num(x) { return (x != "-" && x + 0 > 0) }
function gm(sum, n) { return n ? sprintf("%.2f", exp(sum / n)) : "-" }
BEGIN {
    printf "\n%-9s %-6s %14s %9s %10s %8s %8s  %s\n",
           "benchmark", "state", "guest insns", "MIPS", "ipodsim s", "qemu s", "ratio", "result"
    printf "%-9s %-6s %14s %9s %10s %8s %8s  %s\n",
           "---------", "-----", "-----------", "----", "---------", "------", "-----", "------"
    if (csv != "")
        print "benchmark,state,insns,mips,ipodsim_s,qemu_s,ratio,result" > csv
}
{
    b = $1; s = $2; insns = $3; mips = $4; isec = $5; qsec = $6; res = $7
    ratio = (num(isec) && num(qsec)) ? sprintf("%.2f", isec / qsec) : "-"
    mtxt = num(mips) ? sprintf("%.1f", mips) : "-"
    printf "%-9s %-6s %14s %9s %10s %8s %8s  %s\n", b, s, insns, mtxt, isec, qsec, ratio, res
    if (csv != "")
        printf "%s,%s,%s,%s,%s,%s,%s,%s\n", b, s, insns, mips, isec, qsec, ratio, res > csv
    if (res == "ok") {
        if (num(mips)) { lm[s] += log(mips); nm[s]++ }
        if (ratio != "-") { lr[s] += log(ratio); nr[s]++; lr_all += log(ratio); nr_all++ }
    }
}
END {
    print ""
    printf "geomean ipodsim MIPS:  ARM %s   Thumb %s\n", gm(lm["arm"], nm["arm"]), gm(lm["thumb"], nm["thumb"])
    printf "geomean ratio ipodsim/QEMU wall time:  ARM %s   Thumb %s   all %s\n",
           gm(lr["arm"], nr["arm"]), gm(lr["thumb"], nr["thumb"]), gm(lr_all, nr_all)
}' "$rows"

if [ $fail -ne 0 ]; then
    echo "$me: FAILED (see messages above)" >&2
    exit 1
fi
echo "$me: all benchmarks matched QEMU" >&2
exit 0
