#!/bin/sh
# Secure boot chain test (docs/secure-boot.md): our boot ROM verifies and
# decrypts our LLB from NOR, the LLB does the same for the ibot stand-in.
# The untouched default NOR must boot through all three stages; tampered
# images must be refused by the stage that checks them, with its message,
# and nothing after that stage may run.  Every run ends by the firmware
# powering off (exit status 0), so a hang or a crash fails the case.
#
#   test/secure_boot_test.sh [IPODSIM]    (after `make -C roms secure`)
set -u
IPODSIM=${1:-${IPODSIM:-./ipodsim}}
B=${ROMS_BUILD:-roms/build}
ROM=$B/bootrom/bootrom.bin
NOR=$B/nor/default-nor.bin
KEYS=$B/keys
for f in "$IPODSIM" "$ROM" "$NOR" "$NOR.keys" "$KEYS/root.der" "$KEYS/root.pub.der" "$KEYS/gid.hex" \
         "$B/llb/llb.bin" "$B/llb/LLB.img3" "$B/ibot-stub/ibot.img3"; do
    [ -e "$f" ] || { echo "secure_boot_test: missing $f (make ipodsim && make -C roms secure)"; exit 1; }
done
T=$(mktemp -d "${TMPDIR:-/tmp}/secure_boot.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "FAIL - $1"; sed 's/^/#   /' "$T/out"; }

# u32 little-endian at byte offset $2 of file $1
u32() { od -An -tu4 -j "$2" -N4 "$1" | tr -d ' '; }
# offset (decimal) of tag $2 in IMG3 $1, from `img3 info`
tag_off() { printf '%d' "$("$IPODSIM" img3 info "$1" | awk -v t="$2" '$1 == t { print $2; exit }')"; }
# xor the byte at offset $2 of file $1 with $3 (decimal)
flip() {
    v=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
    printf "$(printf '\\%03o' $((v ^ $3)))" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
# fresh copy of the default NOR (with its device keys) as $T/$1
nor_copy() { cp "$NOR" "$T/$1"; cp "$NOR.keys" "$T/$1.keys"; rm -f "$T/$1.journal"; }
# boot NOR $1 (extra options after it); output in $T/out, status in $rc
boot() {
    n=$1
    shift
    "$IPODSIM" boot --bootrom "$ROM" --nor "$T/$n" --rtc 0 --max-cycles 4000000000 -serial stdio "$@" \
        >"$T/out" 2>&1 </dev/null
    rc=$?
}
has() { grep -qF -- "$1" "$T/out"; }
# expect: case name, the refusing message, and a line that must NOT appear
refused() {
    if [ "$rc" -eq 0 ] && has "$2" && ! has "$3"; then ok "$1: \"$2\""; else bad "$1 (status $rc; want \"$2\", not \"$3\")"; fi
}

# 1. the whole chain; the ibot stub shows the boot screen until Power is
# pressed (test/boot_screen_test.sh checks the screen itself)
nor_copy good.bin
echo "600000000 button power down" >"$T/power.input"
boot good.bin --input-script "$T/power.input"
if [ "$rc" -eq 0 ] && has "bootrom: LLB signature ok" && has "LLB: ibot signature ok" &&
   has "iboot-stub: reached" && has "power button: powering off" && has "powered the machine off"; then
    ok "default NOR boots bootrom -> LLB -> ibot stub (powered off by the Power button)"
else bad "default NOR boot chain (status $rc)"; fi

LLB_DATA=$(($(tag_off "$B/llb/LLB.img3" DATA) + 12))
LLB_SHSH=$(($(tag_off "$B/llb/LLB.img3" SHSH) + 12))
IBOT_DATA=$(($(tag_off "$B/ibot-stub/ibot.img3" DATA) + 12))
IBOT_AT=$(printf '%d' "$("$IPODSIM" nor info "$NOR" | awk '$3 == "'"'ibot'"'" { print $1; exit }')")

# 2. one flipped bit in the LLB's (encrypted) DATA
nor_copy t.bin
flip "$T/t.bin" $((LLB_DATA + 100)) 4
boot t.bin
refused "LLB DATA bit flipped" "bootrom: LLB signature check failed" "LLB: ipodsim LLB"

# 3. one flipped bit in the LLB's SHSH (low byte of the signature)
nor_copy t.bin
flip "$T/t.bin" $((LLB_SHSH + 127)) 1
boot t.bin
refused "LLB SHSH byte changed" "bootrom: LLB signature check failed" "LLB: ipodsim LLB"

# 4. LLB signed with another key (its own CERT)
"$IPODSIM" img3 keygen --seed 7 --pub "$T/other.pub.der" "$T/other.der" >/dev/null 2>&1
"$IPODSIM" img3 sign --key "$T/other.der" "$B/llb/LLB.img3" "$T/llb-other.img3" >/dev/null 2>&1
"$IPODSIM" mknor --llb "$T/llb-other.img3" --image "$B/ibot-stub/ibot.img3" "$T/t.bin" >/dev/null 2>&1
cp "$NOR.keys" "$T/t.bin.keys"
boot t.bin
refused "LLB signed with another key" "bootrom: LLB CERT key is not the root key" "LLB: ipodsim LLB"

# 5. ... and with the root key pasted into its CERT: the RSA check must fail
CERT_KEY=$(($(tag_off "$T/llb-other.img3" CERT) + 24))
dd if="$KEYS/root.pub.der" of="$T/t.bin" bs=1 seek="$CERT_KEY" conv=notrunc 2>/dev/null
boot t.bin
refused "LLB signed with another key, CERT naming the root key" "bootrom: LLB signature check failed" \
    "LLB: ipodsim LLB"

# 6. LLB encrypted for another device (other GID key), signed with the root key
printf '%064x' 0 | tr 0 5 >"$T/gid2.hex"
"$IPODSIM" img3 create --type illb "$B/llb/llb.bin" "$T/l.img3" >/dev/null 2>&1 &&
"$IPODSIM" img3 encrypt --gid-key "$T/gid2.hex" "$T/l.img3" "$T/l.enc.img3" >/dev/null 2>&1 &&
"$IPODSIM" img3 sign --key "$KEYS/root.der" "$T/l.enc.img3" "$T/l.sig.img3" >/dev/null 2>&1 &&
"$IPODSIM" mknor --llb "$T/l.sig.img3" --image "$B/ibot-stub/ibot.img3" "$T/t.bin" >/dev/null 2>&1
cp "$NOR.keys" "$T/t.bin.keys"
boot t.bin
refused "LLB encrypted with another GID key" "bootrom: LLB decrypted payload is not our firmware (wrong GID key?)" \
    "LLB: ipodsim LLB"

# 7. the default NOR on a device with another GID key
nor_copy t.bin
boot t.bin --gid-key "$(cat "$T/gid2.hex")"
refused "default NOR on another device (GID key)" "bootrom: LLB decrypted payload is not our firmware" \
    "LLB: ipodsim LLB"

# 8. a tampered ibot: the boot ROM accepts the LLB, the LLB refuses the ibot
nor_copy t.bin
flip "$T/t.bin" $((IBOT_AT + IBOT_DATA + 40)) 128
boot t.bin
if has "LLB: ipodsim LLB"; then
    refused "ibot DATA bit flipped" "LLB: ibot signature check failed" "iboot-stub"
else bad "ibot DATA bit flipped: LLB did not run"; fi

# 9. a signed ibot put where the LLB belongs (type confusion)
nor_copy t.bin
dd if="$B/ibot-stub/ibot.img3" of="$T/t.bin" conv=notrunc 2>/dev/null
boot t.bin
refused "signed ibot image as LLB" "bootrom: LLB wrong image type in the IMG3 header" "LLB: ipodsim LLB"

# 10. LLB fullSize beyond the boot ROM's buffer, and an erased NOR
nor_copy t.bin
printf '\377\377\377\177' | dd of="$T/t.bin" bs=1 seek=4 conv=notrunc 2>/dev/null
boot t.bin
refused "LLB fullSize out of bounds" "bootrom: LLB image size out of bounds" "LLB: ipodsim LLB"
head -c 1048576 /dev/zero | tr '\0' '\377' >"$T/e.bin"
cp "$NOR.keys" "$T/e.bin.keys"
boot e.bin
refused "erased NOR" "bootrom: LLB not found" "LLB: ipodsim LLB"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
