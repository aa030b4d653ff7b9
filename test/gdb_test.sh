#!/usr/bin/env bash
# The GDB stub (frontend/gdbstub.c, `ipodsim run --gdb`) against
# gdb-multiarch in batch mode and against a raw protocol client
# (test/gdb/rsp_client.c) that sends malformed and hostile input.
#
#   test/gdb_test.sh [IPODSIM [IPODSIM_SAN]]
#
# IPODSIM (default ./ipodsim) runs the gdb sessions; IPODSIM_SAN (default
# the same) runs the raw-protocol robustness checks, so `make test-gdb`
# passes an AddressSanitizer/UBSan build there.  The debugged program is
# test/gdb/target.c, built here for ARM and Thumb into build/gdb/.
#
# Prints "PASS name" / "FAIL name (reason)" per check and ends with
# "N passed, M failed"; exits non-zero if anything failed.  Every process
# runs under timeout(1) and ipodsim gets port 0 (a free port, read back from
# its "listening on" line), so runs never collide and never hang.
set -u
cd "$(dirname "$0")/.." || exit 1
SIM=${1:-./ipodsim}
SAN=${2:-$SIM}
OUT=build/gdb
CROSS=${CROSS:-arm-none-eabi-}
mkdir -p "$OUT"
pass=0
fail=0
SIM_PID=
PORT=

ok() { echo "PASS $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1${2:+ ($2)}"; fail=$((fail + 1)); }
# check NAME COMMAND...: PASS if the command succeeds
check() {
    local name=$1
    shift
    if "$@"; then ok "$name"; else bad "$name"; fi
}
has() { grep -Eq -- "$2" "$1"; }

finish() {
    [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
    exit
}

# start_sim NAME BINARY ARGS...: ipodsim run --gdb=0 ARGS in the background;
# sets SIM_PID and PORT.
start_sim() {
    local name=$1 bin=$2
    shift 2
    timeout 60 "$bin" run --gdb=0 "$@" >"$OUT/$name.out" 2>"$OUT/$name.err" &
    SIM_PID=$!
    PORT=
    for _ in $(seq 200); do
        PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$OUT/$name.err")
        [ -n "$PORT" ] && return 0
        kill -0 "$SIM_PID" 2>/dev/null || break
        sleep 0.05
    done
    bad "$name: ipodsim starts listening" "$(head -c 300 "$OUT/$name.err")"
    return 1
}

# wait_sim: wait up to 10 s for ipodsim to exit; SIM_RC = its status, or
# "hung" after killing it.
wait_sim() {
    for _ in $(seq 200); do
        kill -0 "$SIM_PID" 2>/dev/null || break
        sleep 0.05
    done
    if kill -0 "$SIM_PID" 2>/dev/null; then
        kill "$SIM_PID" 2>/dev/null
        wait "$SIM_PID" 2>/dev/null
        SIM_RC=hung
    else
        wait "$SIM_PID"
        SIM_RC=$?
    fi
    SIM_PID=
}

# run_gdb NAME ELF GDB-ARGS...: one batch gdb session against $PORT.
run_gdb() {
    local name=$1 elf=$2
    shift 2
    timeout 30 gdb-multiarch -nx -batch -ex "set pagination off" -ex "set confirm off" \
        -ex "target remote 127.0.0.1:$PORT" "$@" "$elf" >"$OUT/$name.gdb" 2>&1
}

val() { sed -n "s/^$2=//p" "$1" | head -n 1; }

# rsp NAME SCRIPT: run the raw client; the check passes if every expectation held.
rsp() {
    if timeout 20 "$OUT/rsp_client" "$PORT" 3000 <<<"$2" >"$OUT/rsp.log" 2>&1; then
        ok "$1"
    else
        bad "$1" "$(tr '\n' ' ' <"$OUT/rsp.log" | head -c 300)"
    fi
}

# ---- build the debugged program and the raw client ---------------------------------
TFLAGS="-mcpu=arm1176jzf-s -mfloat-abi=soft -O0 -g --specs=rdimon.specs -Wl,-Ttext-segment=0x8000"
# shellcheck disable=SC2086
if ! "${CROSS}gcc" $TFLAGS -marm -o "$OUT/target.elf" test/gdb/target.c ||
    ! "${CROSS}gcc" $TFLAGS -mthumb -o "$OUT/target_t.elf" test/gdb/target.c ||
    ! "${CC:-cc}" -std=c11 -O1 -Wall -o "$OUT/rsp_client" test/gdb/rsp_client.c; then
    bad "build test/gdb programs"
    finish
fi
if ! command -v gdb-multiarch >/dev/null; then
    bad "gdb-multiarch is installed"
    finish
fi
sym() { "${CROSS}nm" "$OUT/target.elf" | awk -v s="$1" '$3 == s { print $1 }'; }
COUNTER=$(sym counter)
RELEASE=$(sym release_flag)
COUNTER_HEX=$(printf '%x' "0x$COUNTER")
# crt0's first semihosting call (SYS_HEAPINFO), a stepi target
SVC=$("${CROSS}objdump" -d "$OUT/target.elf" |
    awk '/<_mainCRTStartup>:/ { f = 1 } f && /\tsvc\t/ { sub(":", "", $1); print $1; exit }')

# ---- gdb, ARM program, started with -S -----------------------------------------------
if start_sim arm "$SIM" -S "$OUT/target.elf"; then
    run_gdb arm "$OUT/target.elf" \
        -ex "break *0x$SVC" -ex 'continue' -ex 'stepi' -ex 'printf "SVCSTEP=%x\n", $pc' \
        -ex 'x/4xw *(unsigned *)$r1' \
        -ex 'delete' -ex 'break main' -ex 'continue' -ex 'printf "PC1=%x\n", $pc' \
        -ex 'stepi' -ex 'printf "PC2=%x\n", $pc' \
        -ex 'info registers pc cpsr' -ex 'printf "MODE=%x\n", $cpsr & 0x1f' \
        -ex 'x/4xw &pattern' -ex 'monitor help' -ex 'monitor regs' \
        -ex 'watch counter' -ex 'continue' \
        -ex 'printf "WFUNC=%d\n", $pc >= (unsigned)&bump && $pc < (unsigned)&main' \
        -ex 'delete' -ex 'continue'
    G=$OUT/arm.gdb
    # SYS_HEAPINFO filled in its block: heap limit and stack base = top of RAM
    svc_next=$(printf %x $((0x${SVC:-0} + 4)))
    check "arm: stepi over a semihosting SVC executes it" \
        eval "test '$(val "$G" SVCSTEP)' = '$svc_next' && has '$G' $'0x10000000\t0x10000000'"
    check "arm: breakpoint at main stops there" has "$G" '^Breakpoint 2, main '
    pc1=$(val "$G" PC1)
    pc2=$(val "$G" PC2)
    check "arm: stepi advances pc by one instruction" test -n "$pc1" -a "$((0x${pc2:-0} - 0x${pc1:-0}))" -eq 4
    check "arm: info registers pc/cpsr" has "$G" '^pc +0x[0-9a-f]+ +0x[0-9a-f]+ <main\+[0-9]+>'
    check "arm: cpsr says SVC mode" test "$(val "$G" MODE)" = 13
    check "arm: x/4xw reads memory" has "$G" $'0x11111111\t0x22222222\t0x33333333\t0x44444444'
    check "arm: monitor help" has "$G" 'monitor regs +banked registers of every mode'
    check "arm: monitor regs shows banked registers" has "$G" '^\*SVC +[0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{8}$'
    check "arm: write watchpoint reports old and new value" has "$G" 'New value = 1'
    check "arm: watchpoint stops inside the writer" test "$(val "$G" WFUNC)" = 1
    check "arm: exit reported to gdb (W03)" has "$G" 'exited with code 03\]'
    wait_sim
    check "arm: ipodsim exits with the program's status" test "$SIM_RC" = 3
fi

# ---- gdb, Thumb program: breakpoint, stepi, read watchpoint, detach --------------------
if start_sim thumb "$SIM" -S "$OUT/target_t.elf"; then
    run_gdb thumb "$OUT/target_t.elf" \
        -ex 'break bump' -ex 'continue' -ex 'printf "PC1=%x\n", $pc' \
        -ex 'stepi' -ex 'printf "PC2=%x\n", $pc' -ex 'printf "T=%d\n", ($cpsr >> 5) & 1' \
        -ex 'delete' -ex 'rwatch counter' -ex 'continue' -ex 'delete' -ex 'detach'
    G=$OUT/thumb.gdb
    check "thumb: breakpoint at bump stops there" has "$G" '^Breakpoint 1, bump '
    pc1=$(val "$G" PC1)
    pc2=$(val "$G" PC2)
    d=$((0x${pc2:-0} - 0x${pc1:-0}))
    check "thumb: stepi advances pc by 2 or 4" test -n "$pc1" -a \( "$d" -eq 2 -o "$d" -eq 4 \)
    check "thumb: cpsr T bit set" test "$(val "$G" T)" = 1
    check "thumb: read watchpoint triggers" has "$G" 'Hardware read watchpoint 2: counter'
    check "thumb: detach" has "$G" 'detached\]'
    wait_sim
    check "thumb: after detach the program runs to its exit" test "$SIM_RC" = 3
fi

# ---- gdb, an exception to an empty vector stops instead of exiting -------------------
if start_sim undef "$SIM" -S "$OUT/target.elf" undef; then
    run_gdb undef "$OUT/target.elf" -ex 'continue' -ex 'printf "PC=%x\n", $pc' \
        -ex 'printf "MODE=%x\n", $cpsr & 0x1f' -ex 'kill'
    G=$OUT/undef.gdb
    check "undef: SIGILL reported" has "$G" 'Program received signal SIGILL'
    check "undef: stopped at the vector in UND mode" test "$(val "$G" PC)/$(val "$G" MODE)" = 4/1b
    check "undef: message forwarded to gdb" has "$G" 'undefined instruction exception at pc='
    wait_sim
    check "undef: kill ends ipodsim (status 137)" test "$SIM_RC" = 137
fi

# ---- gdb, VFP registers (org.gnu.gdb.arm.vfp) and the MMU monitor commands ------------
if start_sim vfp "$SIM" -S "$OUT/target.elf" vfp; then
    run_gdb vfp "$OUT/target.elf" \
        -ex 'monitor v2p 0x8000' -ex 'break vfp_done' -ex 'continue' \
        -ex 'printf "D0=%g\n", $d0' -ex 'printf "D2=%g\n", $d2' -ex 'printf "FPSCR=%x\n", $fpscr' \
        -ex 'info registers d0' -ex 'set $d1 = 2.25' -ex 'maintenance flush register-cache' \
        -ex 'printf "D1=%g\n", $d1' -ex 'printf "S2=%g\n", $s2' \
        -ex 'monitor help' -ex 'monitor v2p 0x8000' -ex 'monitor v2p 0x8000 user write' \
        -ex 'monitor v2p' -ex 'monitor mmu' -ex 'monitor tlb' -ex 'continue'
    G=$OUT/vfp.gdb
    check "vfp: breakpoint after the VFP set-up" has "$G" '^Breakpoint 1, vfp_done '
    check "vfp: d0 holds 1.5" test "$(val "$G" D0)" = 1.5
    check "vfp: d2 = d0 + d0 = 3" test "$(val "$G" D2)" = 3
    check "vfp: fpscr has RMode round-towards-zero" test "$(val "$G" FPSCR)" = c00000
    check "vfp: info registers d0" has "$G" '^d0 +1\.5 +\(raw 0x3ff8000000000000\)'
    check "vfp: a write to d1 reads back" test "$(val "$G" D1)" = 2.25
    check "vfp: s registers are views of d" test "$(val "$G" S2)" = 0
    check "vfp: monitor help lists the MMU commands" \
        eval "has '$G' '^  monitor mmu ' && has '$G' '^  monitor tlb ' && has '$G' '^  monitor v2p ADDR'"
    check "vfp: monitor v2p answers (MMU off: identity)" \
        eval "has '$G' '^(ok|MMU off)' && has '$G' '^va 0x00008000 -> pa 0x00008000 \(priv read\)$' &&
              has '$G' '^va 0x00008000 -> pa 0x00008000 \(user write\)$'"
    check "vfp: monitor v2p without an address is a usage error" has "$G" '^usage: monitor v2p ADDR'
    check "vfp: monitor mmu and tlb" eval "has '$G' '^MMU off' && has '$G' '^TLB '"
    check "vfp: program runs on to its exit (W05)" has "$G" 'exited with code 05\]'
    wait_sim
    check "vfp: ipodsim exits with the program's status" test "$SIM_RC" = 5
fi

# ---- raw: attach to a running program, Ctrl-C, write memory, exit -------------------
if start_sim spin "$SIM" "$OUT/target.elf" spin; then
    sleep 0.2
    rsp "spin: attach stops a running program; Ctrl-C interrupts; W on exit" "
pkt ?
prefix T05thread:01;
pkt c
sleep 200
raw \\x03
prefix T02thread:01;
pkt M$RELEASE,4:01000000
reply OK
pkt c
reply W04
eof"
    wait_sim
    check "spin: ipodsim exits with the program's status" test "$SIM_RC" = 4
fi

# ---- raw: malformed and hostile input (sanitizer build) -------------------------------
if start_sim rsp "$SAN" -S "$OUT/target.elf"; then
    long=$(head -c 20000 /dev/zero | tr '\0' 'a')
    rsp "rsp: qSupported" "
pkt qSupported:multiprocess+;swbreak+;hwbreak+;vContSupported+
ack
reply PacketSize=4000;qXfer:features:read+;swbreak+;hwbreak+;QStartNoAckMode+;vContSupported+"
    rsp "rsp: bad checksum is NAKed, then answered" "
badsum g
nak
pkt g
ack
len 400"
    rsp "rsp: garbage between packets is ignored" "
raw garbage\\x01\\xff\\x80+++junk#zz
pkt ?
prefix T05thread:01;0d:"
    rsp "rsp: '-' resends the last reply" "
pkt qC
reply QC01
raw -
reply QC01"
    rsp "rsp: overlong packet gets E02, next packet works" "
pkt m$long
ack
reply E02
pkt ?
prefix T05"
    rsp "rsp: non-hex arguments get E01" "
pkt mzz,4
reply E01
pkt m8000,4x
reply E01
pkt pzz
reply E01
pkt P0=zz
reply E01
pkt M8000,2:zz00
reply E01
pkt Z0,80q0,4
reply E01
pkt G12
reply E01"
    rsp "rsp: out-of-range addresses and sizes" "
pkt mf0000000,4
reply E03
pkt m100000000,4
reply E01
pkt mffffffff,8
reply E01
pkt Mf0000000,4:00000000
reply E03
pkt p99
reply E01
pkt Z2,8000,0
reply E01
pkt Z2,8000,100000
reply E01
pkt m0,ffffffffffffffffff
reply E01"
    rsp "rsp: unknown packets get an empty reply" "
pkt Jfoo
reply
pkt vMustReplyEmpty
reply
pkt qTStatus
reply"
    rsp "rsp: target.xml" "
pkt qXfer:features:read:target.xml:0,20
prefix m<?xml
pkt qXfer:features:read:target.xml:0,ffff
has <feature name=\"org.gnu.gdb.arm.core\">
pkt qXfer:features:read:target.xml:0,ffff
has <reg name=\"cpsr\" bitsize=\"32\" type=\"uint32\" regnum=\"16\"
pkt qXfer:features:read:target.xml:0,ffff
has <feature name=\"org.gnu.gdb.arm.vfp\">
pkt qXfer:features:read:target.xml:0,ffff
has <reg name=\"d15\" bitsize=\"64\" type=\"ieee_double\" regnum=\"32\"/>
pkt qXfer:features:read:target.xml:0,ffff
has <reg name=\"fpscr\" bitsize=\"32\" type=\"int\" regnum=\"33\"/>
pkt qXfer:features:read:target.xml:ffff,10
reply l
pkt qXfer:features:read:other.xml:0,10
reply E00"
    rsp "rsp: M/X writes and m reads (binary escapes)" "
pkt X20000,4:}\\x03}\\x04}]\\x00
reply OK
pkt m20000,4
reply 23247d00
pkt M20004,4:deadbeef
reply OK
pkt m20004,4
reply deadbeef
pkt X20000,0:
reply OK"
    rsp "rsp: p/P/g/G registers" "
pkt g
save REGS
pkt P0=78563412
reply OK
pkt p0
reply 78563412
pktsaved G REGS
reply OK
pkt g
same REGS
pkt P12=000000000000f83f
reply OK
pkt p12
reply 000000000000f83f
pkt P21=9f00f7ff
reply OK
pkt p21
reply 9f00f7f3
pkt P21=00000000
reply OK
pkt p20
reply 0000000000000000"
    rsp "rsp: disconnect mid-packet keeps the machine state" "
pkt p0f
save PC
raw \$m80
close
sleep 100
connect
pkt p0f
same PC"
    rsp "rsp: a second connection is refused, the first keeps working" "
pkt ?
prefix T05
second
pkt ?
prefix T05"
    rsp "rsp: lldb-style handshake in no-ack mode" "
pkt QStartNoAckMode
ack
reply OK
pkt qHostInfo
byte \$
has triple:
pkt qProcessInfo
has pid:1;
pkt qRegisterInfo0
prefix name:r0;bitsize:32;offset:0;
pkt qRegisterInfo10
has name:cpsr;
pkt qRegisterInfo11
prefix name:d0;bitsize:64;offset:68;encoding:ieee754;format:float;
pkt qRegisterInfo21
has name:fpscr;bitsize:32;offset:196;
pkt qRegisterInfo22
prefix E
pkt vCont?
reply vCont;c;C;s;S
pkt qC
reply QC01
pkt qfThreadInfo
reply m01
pkt qsThreadInfo
reply l
pkt qAttached
reply 1
pkt p0f;thread:0001;
len 8
pkt qWatchpointSupportInfo:
reply num:16;
pkt qThreadStopInfo1
prefix T05"
    rsp "rsp: monitor (qRcmd)" "
pkt qRcmd,68656c70
has 6d6f6e69746f72207265677320
pkt qRcmd,76327020307838303030
prefix 4d4d55206f66663a
pkt qRcmd,6d6d75
prefix 4d4d55206f6666
pkt qRcmd,746c62
prefix 544c4220
pkt qRcmd,763270207a7a
prefix 75736167653a
pkt qRcmd,7a7a
prefix 756e6b6e6f776e
pkt qRcmd,zz
reply E01"
    rsp "rsp: access watchpoint (Z4) then step" "
pkt Z4,$COUNTER,4
reply OK
pkt c
has awatch:$COUNTER_HEX;
pkt z4,$COUNTER,4
reply OK
pkt vCont;s:1
prefix T05
pkt Z0,0,4
reply OK
pkt z0,0,4
reply OK"
    rsp "rsp: 20000 random packets, then the stub still answers" "
fuzz 20000 7
pkt ?
prefix T
raw \\x03
pkt qC
reply QC01"
    rsp "rsp: k ends ipodsim" "
pkt k
eof"
    wait_sim
    check "rsp: ipodsim exit status 137 after k" test "$SIM_RC" = 137
    check "rsp: no sanitizer reports" \
        eval "! has '$OUT/rsp.err' 'AddressSanitizer|runtime error|LeakSanitizer'"
    check "rsp: disconnect and refusal were logged" eval \
        "has '$OUT/rsp.err' 'connection lost' && has '$OUT/rsp.err' 'refused a second connection'"
fi

# ---- the whole machine: ipodsim boot --gdb ---------------------------------------------
# Breakpoints, registers and continue work with the SoC's scheduler running
# between slices: stop at the IRQ vector (the default firmware's timer
# interrupt), then run on until the firmware powers the machine off.
SOC_ROM=roms/build/hello-soc/hello-soc.bin
if [ ! -f "$SOC_ROM" ]; then
    bad "boot: $SOC_ROM exists (make roms)"
else
    timeout 60 "$SIM" boot --gdb=0 -S --rtc 0 -serial null --bootrom "$SOC_ROM" \
        >"$OUT/boot.out" 2>"$OUT/boot.err" &
    SIM_PID=$!
    PORT=
    for _ in $(seq 200); do
        PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$OUT/boot.err")
        [ -n "$PORT" ] && break
        sleep 0.05
    done
    if [ -z "$PORT" ]; then
        bad "boot: ipodsim boot starts listening" "$(head -c 300 "$OUT/boot.err")"
    else
        run_gdb boot "${SOC_ROM%.bin}.elf" -ex "break *0x18" -ex "continue" \
            -ex 'printf "irqpc=%#x\n", $pc' -ex 'printf "mode=%#x\n", $cpsr & 0x1f' \
            -ex "delete" -ex "continue"
        G=$OUT/boot.gdb
        check "boot: breakpoint at the IRQ vector is hit" test "$(val "$G" irqpc)" = 0x18
        check "boot: the core is in IRQ mode there" test "$(val "$G" mode)" = 0x12
        check "boot: power-off is reported to gdb as the exit" has "$G" 'exited normally'
        wait_sim
        check "boot: ipodsim boot exits 0 after the power-off" test "$SIM_RC" = 0
    fi
fi

finish
