#!/usr/bin/env bash
# End-to-end checks of `ipodsim run --trace ...` and `--step` on the bundled
# guest programs (docs/debugging.md describes the format):
#   - the first trace lines match the ELF (entry address, encoding from
#     arm-none-eabi-objdump, mnemonic), the program's own output and exit
#     status are unchanged, and the trace has one line per instruction;
#   - the instruction window gives exactly the requested lines;
#   - the address filter keeps only PCs in the range;
#   - --trace=mem lists the store of a known STR;
#   - Thumb lines (branch_t.elf), with the BL pair;
#   - a piped --step session, and end of input at the prompt;
#   - the prompt's MMU commands (v2p, mmu, tlb) on mmu.elf.
# Prints "PASS name" / "FAIL name (reason)" per check and ends with
# "N passed, M failed"; exits non-zero if a check failed.
#
# Usage: test/trace_test.sh [IPODSIM]      (default ./ipodsim)
set -u

here=$(cd "$(dirname "$0")/.." && pwd)
ipodsim=${1:-$here/ipodsim}
roms=${ROMS_DIR:-$here/roms/build/tests}
hello=$roms/hello.elf
thumb=$roms/branch_t.elf
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ipodsim-trace.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

pass=0
fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1 ($2)"; fail=$((fail + 1)); }

for f in "$ipodsim" "$hello" "$thumb"; do
    if [ ! -e "$f" ]; then
        echo "trace_test: missing $f (run 'make ipodsim roms')" >&2
        echo "0 passed, 1 failed"
        exit 1
    fi
done

# -- a plain trace of hello.elf -------------------------------------------------
"$ipodsim" run "$hello" >"$tmp/plain.out" 2>/dev/null
plain_status=$?
"$ipodsim" run --stats --trace="$tmp/hello.trace" "$hello" >"$tmp/hello.out" 2>"$tmp/hello.err"
status=$?
if [ $status -eq $plain_status ] && cmp -s "$tmp/plain.out" "$tmp/hello.out"; then
    ok "trace leaves output and status alone"
else
    bad "trace leaves output and status alone" "status $status vs $plain_status, or stdout differs"
fi

insns=$(sed -n 's/.*stats: insns=\([0-9]*\).*/\1/p' "$tmp/hello.err")
lines=$(wc -l <"$tmp/hello.trace")
if [ -n "$insns" ] && [ "$lines" -eq "$insns" ]; then
    ok "one line per instruction ($lines)"
else
    bad "one line per instruction" "$lines lines, --stats says ${insns:-?}"
fi

entry=$(arm-none-eabi-readelf -h "$hello" | sed -n 's/.*Entry point address: *0x\([0-9a-f]*\).*/\1/p')
entry=$(printf '%08x' "0x$entry")
# objdump's line for the entry: "    81f0:	e3b00016 	movs	r0, #22"
dump=$(arm-none-eabi-objdump -d --start-address="0x$entry" --stop-address=$((0x$entry + 4)) "$hello" |
       grep -E "^ *[0-9a-f]+:" | head -1)
word=$(echo "$dump" | awk '{print $2}')
mnem=$(echo "$dump" | awk '{print $3}')
first=$(head -1 "$tmp/hello.trace")
want="0000000000 000000000000 0x$entry $word svc A \"$mnem "
case "$first" in
    "$want"*) ok "first line matches the ELF entry" ;;
    *) bad "first line matches the ELF entry" "got '$first', want '$want...'" ;;
esac
second=$(sed -n 2p "$tmp/hello.trace")
case "$second" in
    "0000000001 000000000001 0x$(printf '%08x' $((0x$entry + 4))) "*) ok "second line follows" ;;
    *) bad "second line follows" "got '$second'" ;;
esac

# -- instruction window ----------------------------------------------------------------
"$ipodsim" run --trace="$tmp/win.trace" --trace-window=100..149 "$hello" >/dev/null 2>&1
n=$(wc -l <"$tmp/win.trace")
firstn=$(head -1 "$tmp/win.trace" | cut -d' ' -f1)
lastn=$(tail -1 "$tmp/win.trace" | cut -d' ' -f1)
if [ "$n" -eq 50 ] && [ "$firstn" = 0000000100 ] && [ "$lastn" = 0000000149 ]; then
    ok "window 100..149 gives exactly 50 lines"
else
    bad "window 100..149" "$n lines, $firstn..$lastn"
fi
"$ipodsim" run --trace="$tmp/win2.trace" --trace-from=7 --trace-count=3 "$hello" >/dev/null 2>&1
if [ "$(cut -d' ' -f1 "$tmp/win2.trace" | tr '\n' ' ')" = "0000000007 0000000008 0000000009 " ]; then
    ok "--trace-from/--trace-count"
else
    bad "--trace-from/--trace-count" "$(cut -d' ' -f1 "$tmp/win2.trace" | tr '\n' ' ')"
fi
if cmp -s <(sed -n 101,150p "$tmp/hello.trace") "$tmp/win.trace"; then
    ok "window lines equal the full trace's"
else
    bad "window lines equal the full trace's" "they differ"
fi

# -- address filter --------------------------------------------------------------------
# PCs are printed as 0x%08x, so string order is numeric order.
lo=0x$entry; hi=$(printf '0x%08x' $((0x$entry + 16)))
"$ipodsim" run --trace="$tmp/range.trace" --trace-range="$lo-$hi" "$hello" >/dev/null 2>&1
n=$(wc -l <"$tmp/range.trace")
outside=$(awk -v lo="$lo" -v hi="$hi" '$3 < lo || $3 >= hi' "$tmp/range.trace" | wc -l)
expect=$(awk -v lo="$lo" -v hi="$hi" '$3 >= lo && $3 < hi { n++ } END { print n + 0 }' "$tmp/hello.trace")
if [ "$n" -gt 0 ] && [ "$outside" -eq 0 ] && [ "$n" -eq "$expect" ]; then
    ok "range filter ($n lines)"
else
    bad "range filter" "$n lines, $outside outside the range, full trace has $expect"
fi

# -- memory accesses -------------------------------------------------------------------
"$ipodsim" run --trace=mem "$hello" >/dev/null 2>"$tmp/mem.trace"
str=$(grep -m1 ' A "str r[0-9]*, \[r[0-9]*\]"' "$tmp/mem.trace")
# the STR's source register value, from the line that last wrote it
src=$(echo "$str" | sed -n 's/.*"str \(r[0-9]*\), \[\(r[0-9]*\)\]".*/\1/p')
base=$(echo "$str" | sed -n 's/.*"str \(r[0-9]*\), \[\(r[0-9]*\)\]".*/\2/p')
strno=$(echo "$str" | cut -d' ' -f1)
val=$(awk -v n="$strno" -v r="$src" '$1 < n { for (i = 1; i <= NF; i++) if (index($i, r "=") == 1) v = substr($i, length(r) + 2) } END { print v }' "$tmp/mem.trace")
addr=$(awk -v n="$strno" -v r="$base" '$1 < n { for (i = 1; i <= NF; i++) if (index($i, r "=") == 1) v = substr($i, length(r) + 2) } END { print v }' "$tmp/mem.trace")
case "$str" in
    *" W4 $addr=$val"*) ok "--trace=mem shows the store ($src -> [$base]: W4 $addr=$val)" ;;
    *) bad "--trace=mem shows the store" "line '$str', expected W4 $addr=$val" ;;
esac
if grep -q '"ldr r[0-9]*, \[pc, #[0-9a-fx]*\] ; 0x[0-9a-f]*" r[0-9]*=0x[0-9a-f]* R4 0x' "$tmp/mem.trace"; then
    ok "--trace=mem shows literal loads"
else
    bad "--trace=mem shows literal loads" "no ldr [pc] line with R4"
fi

# -- Thumb -----------------------------------------------------------------------------
"$ipodsim" run --trace="$tmp/thumb.trace" "$thumb" >/dev/null 2>&1
tstatus=$?
tl=$(grep -c '^[0-9]* [0-9]* 0x[0-9a-f]*     [0-9a-f][0-9a-f][0-9a-f][0-9a-f] [a-z]* T "' "$tmp/thumb.trace")
pair=$(grep -A1 -m1 ' T "bl 0x' "$tmp/thumb.trace" | sed -n 2p)
if [ $tstatus -eq 0 ] && [ "$tl" -gt 100 ]; then
    ok "Thumb lines ($tl)"
else
    bad "Thumb lines" "status $tstatus, $tl Thumb lines"
fi
case "$pair" in
    *' T "bl.suffix lr, #'*' pc=0x'*) ok "Thumb BL prefix and suffix" ;;
    *) bad "Thumb BL prefix and suffix" "line after 'bl': '$pair'" ;;
esac

# -- the step prompt -------------------------------------------------------------------
printf 's 3\nr\nq\n' | "$ipodsim" run --step "$hello" >"$tmp/step.out" 2>&1
status=$?
steps=$(grep -c '^[0-9]\{10\} [0-9]\{12\} 0x' "$tmp/step.out")
if [ $status -eq 0 ] && [ "$steps" -eq 3 ] && grep -q '^cpsr 0x' "$tmp/step.out" &&
   grep -q '^(ipodsim) q$' "$tmp/step.out" && ! grep -q Hello "$tmp/step.out"; then
    ok "piped step session"
else
    bad "piped step session" "status $status, $steps step lines; output in $tmp/step.out"
    cat "$tmp/step.out"
fi
if cmp -s <(head -3 "$tmp/hello.trace") <(grep '^[0-9]\{10\} ' "$tmp/step.out"); then
    ok "stepped lines equal the trace"
else
    bad "stepped lines equal the trace" "they differ"
fi
printf 'c\n' | "$ipodsim" run --step "$hello" >"$tmp/cont.out" 2>&1
status=$?
if [ $status -eq 0 ] && grep -q 'Hello, world!' "$tmp/cont.out"; then
    ok "continue runs to the end"
else
    bad "continue runs to the end" "status $status"
fi
"$ipodsim" run --step "$hello" </dev/null >"$tmp/eof.out" 2>&1
status=$?
if [ $status -eq 0 ] && ! grep -q Hello "$tmp/eof.out"; then
    ok "end of input quits"
else
    bad "end of input quits" "status $status"
fi

# -- MMU commands at the step prompt ---------------------------------------------------
# mmu.elf turns the MMU on and then checks it with t_eq; at the first t_eq
# the tables built by the program are live.
mmu_elf=$roms/mmu.elf
t_eq=$(arm-none-eabi-nm "$mmu_elf" 2>/dev/null | awk '$3 == "t_eq" {print $1}')
if [ -z "$t_eq" ]; then
    bad "step prompt MMU commands" "no t_eq symbol in $mmu_elf"
else
    printf 'v2p 0x8000\nb 0x%s\nc\nv2p 0x40100000\nv2p 0x50000000\nv2p 0x40400000 user write\nmmu\ntlb\nq\n' \
        "$t_eq" | "$ipodsim" run --step "$mmu_elf" >"$tmp/mmu.out" 2>&1
    status=$?
    if [ $status -eq 0 ] && grep -q '^  MMU off: flat mapping$' "$tmp/mmu.out"; then
        ok "v2p with the MMU off"
    else
        bad "v2p with the MMU off" "status $status; output in $tmp/mmu.out"
    fi
    if grep -q '^0x40100000 priv read: pa 0x' "$tmp/mmu.out" &&
       grep -q '^  ok: small page 0x40100000->' "$tmp/mmu.out"; then
        ok "v2p of a small page"
    else
        bad "v2p of a small page" "no 'ok: small page' line"
    fi
    if grep -q '^0x50000000 priv read: fault$' "$tmp/mmu.out" &&
       grep -q '^  translation fault (section): L1\[' "$tmp/mmu.out" &&
       grep -q '^  permission fault (section) in section 0x40400000->' "$tmp/mmu.out"; then
        ok "v2p faults"
    else
        bad "v2p faults" "no translation/permission fault lines"
    fi
    if grep -q '^MMU on  TTBR0 0x' "$tmp/mmu.out" &&
       grep -q '^  0x40110000-0x4011ffff -> 0x[0-9a-f]*  large ' "$tmp/mmu.out" &&
       grep -q '^TLB (current ASID 1' "$tmp/mmu.out"; then
        ok "mmu and tlb dumps"
    else
        bad "mmu and tlb dumps" "missing table or TLB lines"
    fi
fi

# -- bad options -----------------------------------------------------------------------
"$ipodsim" run --trace-range=0x9000-0x8000 "$hello" >/dev/null 2>"$tmp/bad.err"
status=$?
if [ $status -eq 1 ] && grep -q 'invalid address range' "$tmp/bad.err"; then
    ok "bad range is a usage error"
else
    bad "bad range is a usage error" "status $status"
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
