#!/bin/sh
# Totals over every suite of `make test`: Check's summary lines
# ("100%: Checks: N, Failures: F, Errors: E") and the "N passed, M failed"
# lines of the guest-ROM runner, the VFP oracle, the trace test, the
# conformance run against Unicorn, the GDB stub test, the SoC ROMs and the
# image tools, the display and the boot screen.  Prints the final
# "N passed, M failed" line and fails if anything failed or a suite left no
# summary at all.
logs=${1:-build/logs}
awk '
/^[0-9]+%: Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+/ {
    gsub(/,/, ""); n = $3; f = $5 + $7; pass += n - f; fail += f; seen++; next }
/^[0-9]+ passed, [0-9]+ failed$/ { pass += $1; fail += $3; seen++; next }
END {
    if (seen < 13) { print "summary: expected 13 suite summaries, found " seen; fail += 1 }
    printf "%d passed, %d failed\n", pass, fail
    exit fail ? 1 : 0
}' "$logs"/unit.log "$logs"/unit-san.log "$logs"/roms.log "$logs"/vfp.log "$logs"/trace.log \
    "$logs"/conformance.log "$logs"/gdb.log "$logs"/timing.log "$logs"/soc.log \
    "$logs"/image.log "$logs"/secure.log "$logs"/display.log "$logs"/boot_screen.log
