#!/usr/bin/env bash
# Run every guest test program in roms/build/tests under an emulator.
#
#   test/run_roms.sh qemu                # QEMU versatilepb, see QEMU_CMD below
#   test/run_roms.sh ./ipodsim run       # runs "./ipodsim run X.elf"
#   test/run_roms.sh CMD ARGS...         # runs "CMD ARGS... X.elf"
#
# Prints "PASS name" or "FAIL name (reason)" per program and ends with the
# line "N passed, M failed"; exits non-zero if any program failed.  A
# program passes when the emulator exits with status 0 within the timeout
# and, if roms/tests/BASE.expected exists (BASE = name without the "_t"
# suffix of the Thumb-compiled build), its standard output is exactly that
# file's content (stderr is kept apart for this comparison).
#
# Environment:
#   ROMS_DIR      directory holding the ELFs   (default roms/build/tests)
#   ROMS_TIMEOUT  seconds per program          (default 20)
#   ROMS_FILTER   only run programs whose name matches this glob (default *)
#   ROMS_VERBOSE  1 = show every program's output, not only failing ones
#
# QEMU notes (QEMU 7.2):
#   -semihosting-config enable=on,target=native
#       semihosting calls are served by QEMU itself: console output goes to
#       QEMU's stdout, and newlib's exit(n) (SYS_EXIT_EXTENDED, or SYS_EXIT
#       with ADP_Stopped_ApplicationExit and a status) makes QEMU exit with
#       status n, so a failing test gives a non-zero exit status.
#   -serial none -monitor none -nographic
#       nothing but the semihosting console on stdout.
#   -audiodev none,id=snd0 -global pl041.audiodev=snd0
#       keeps the versatilepb sound device from probing the host's audio.
#   -append "..." would set the command line seen by SYS_GET_CMDLINE (argv);
#       the tests do not need any arguments.
set -u

here=$(cd "$(dirname "$0")/.." && pwd)
dir=${ROMS_DIR:-$here/roms/build/tests}
expdir=$here/roms/tests
tmo=${ROMS_TIMEOUT:-20}
filter=${ROMS_FILTER:-*}
verbose=${ROMS_VERBOSE:-0}

QEMU_CMD=(qemu-system-arm -M versatilepb -cpu arm1176 -m 256M
          -semihosting-config enable=on,target=native
          -nographic -monitor none -serial none
          -audiodev none,id=snd0 -global pl041.audiodev=snd0
          -kernel)

if [ $# -lt 1 ]; then
    echo "usage: $0 qemu | EMULATOR_CMD [ARGS...]" >&2
    exit 2
fi
if [ "$1" = qemu ]; then
    shift
    cmd=("${QEMU_CMD[@]}")
else
    cmd=("$@")
fi

shopt -s nullglob
elfs=("$dir"/*.elf)
if [ ${#elfs[@]} -eq 0 ]; then
    echo "no ELF files in $dir (run: make -C roms tests)" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

pass=0
fail=0
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
for elf in "${elfs[@]}"; do
    name=$(basename "$elf" .elf)
    # shellcheck disable=SC2053
    [[ $name == $filter ]] || continue
    # stdin from /dev/null so nothing waits for input; programs that create
    # files (newlib) remove them again.
    timeout -k 2 "$tmo" "${cmd[@]}" "$elf" </dev/null >"$out" 2>"$err"
    rc=$?
    why=
    if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
        why="timeout after ${tmo}s"
    elif [ $rc -ne 0 ]; then
        why="exit status $rc"
    else
        exp=$expdir/${name%_t}.expected
        if [ -f "$exp" ] && ! cmp -s "$exp" "$out"; then
            why="output differs from $(basename "$exp")"
        fi
    fi
    if [ -z "$why" ]; then
        pass=$((pass + 1))
        echo "PASS $name"
        [ "$verbose" = 1 ] && sed 's/^/    /' "$out" "$err"
    else
        fail=$((fail + 1))
        echo "FAIL $name ($why)"
        # show what the program reported (bounded)
        cat "$out" "$err" | grep -v -e '^ALSA lib' -e '^qemu: module' |
            head -n 40 | sed 's/^/    /'
    fi
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
