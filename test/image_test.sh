#!/usr/bin/env bash
# End-to-end checks of the image tools (docs/img3.md): `ipodsim img3 ...`,
# `ipodsim mknor`, `ipodsim nor info`.  The libraries behind them have Check
# suites (img3, norimage, incl. the fuzz test); this drives the commands the
# way a user does: outputs, exit statuses, one-line errors, and no partial
# output file after a failure.  Ends with "N passed, M failed".
set -u
SIM=${1:-./ipodsim}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1${2:+ ($2)}"; fail=$((fail + 1)); }
check() { local n=$1; shift; if "$@" >/dev/null 2>&1; then ok "$n"; else bad "$n"; fi; }
# expect_fail NAME PATTERN CMD...: exit status 1 and PATTERN on stderr
expect_fail() {
    local n=$1 pat=$2
    shift 2
    "$@" >"$T/out" 2>"$T/err"
    local rc=$?
    if [ "$rc" = 1 ] && grep -Eq -- "$pat" "$T/err"; then ok "$n"; else bad "$n" "exit $rc: $(head -c 200 "$T/err")"; fi
}

head -c 5000 /dev/urandom >"$T/payload"
printf '%064x' 7 >"$T/gid.hex"
printf '%064x' 8 >"$T/gid2.hex"
check "keygen makes a key pair" "$SIM" img3 keygen --seed 1 --pub "$T/pub.der" "$T/key.der"
"$SIM" img3 keygen --seed 2 --pub "$T/pub2.der" "$T/key2.der" 2>/dev/null
check "create an IMG3" "$SIM" img3 create --type illb --vers llb-1 "$T/payload" "$T/a.img3"
check "encrypt it with a GID-wrapped KBAG" "$SIM" img3 encrypt --gid-key "$T/gid.hex" "$T/a.img3" "$T/b.img3"
check "sign it" "$SIM" img3 sign --key "$T/key.der" "$T/b.img3" "$T/c.img3"
check "verify accepts it" "$SIM" img3 verify --pubkey "$T/pub.der" "$T/c.img3"
check "info lists the tags" bash -c "'$SIM' img3 info '$T/c.img3' | grep -q 'KBAG.*AES-128'"
check "extract decrypts the payload back" bash -c \
    "'$SIM' img3 extract --gid-key '$T/gid.hex' '$T/c.img3' '$T/x' && cmp -s '$T/x' '$T/payload'"
expect_fail "verify refuses another root key" "signature|certificate|key" \
    "$SIM" img3 verify --pubkey "$T/pub2.der" "$T/c.img3"
cp "$T/c.img3" "$T/flip.img3"
printf '\xff' | dd of="$T/flip.img3" bs=1 seek=100 conv=notrunc 2>/dev/null
expect_fail "verify refuses a flipped bit in DATA" "does not match" \
    "$SIM" img3 verify --pubkey "$T/pub.der" "$T/flip.img3"
"$SIM" img3 extract --gid-key "$T/gid2.hex" "$T/c.img3" "$T/wrong" >/dev/null 2>&1
if [ -e "$T/wrong" ] && cmp -s "$T/wrong" "$T/payload"; then bad "a wrong GID key does not give the payload"; else ok "a wrong GID key does not give the payload"; fi
head -c 40 "$T/c.img3" >"$T/trunc.img3"
expect_fail "truncated image refused" "truncat|past the end|short" "$SIM" img3 info "$T/trunc.img3"
printf 'NOPE%.0s' 1 2 3 4 5 6 >"$T/magic.img3"
expect_fail "wrong magic refused" "magic|not an IMG3" "$SIM" img3 info "$T/magic.img3"
expect_fail "failed sign leaves no output" "." "$SIM" img3 sign --key "$T/pub.der" "$T/b.img3" "$T/nope.img3"
if [ -e "$T/nope.img3" ]; then bad "no partial output after a failure"; else ok "no partial output after a failure"; fi
check "create with constraint tags (CHIP, BORD, SEPO)" bash -c \
    "'$SIM' img3 create --type ibot --tag CHIP=0x8720 --tag BORD=0 --tag SEPO=1 '$T/payload' '$T/t.img3' &&
     '$SIM' img3 info '$T/t.img3' | grep -q 'CHIP.*0x8720' && '$SIM' img3 info '$T/t.img3' | grep -q 'SEPO'"
check "constraint tags are signed and verify" bash -c \
    "'$SIM' img3 sign --key '$T/key.der' '$T/t.img3' '$T/ts.img3' && '$SIM' img3 verify --pubkey '$T/pub.der' '$T/ts.img3'"
expect_fail "unknown --tag refused" "unknown tag" "$SIM" img3 create --type ibot --tag FOOO=1 "$T/payload" "$T/u.img3"
expect_fail "out-of-range --tag value refused" "not a 32-bit number" \
    "$SIM" img3 create --type ibot --tag CHIP=0x123456789 "$T/payload" "$T/u.img3"
check "mknor lays out LLB and images" "$SIM" mknor --llb "$T/c.img3" --image "$T/c.img3" "$T/nor.bin"
check "the NOR image is 1 MiB" test "$(stat -c %s "$T/nor.bin")" = 1048576
check "nor info finds the LLB and the directory" bash -c \
    "'$SIM' nor info '$T/nor.bin' | grep -q 'LLB' && '$SIM' nor info '$T/nor.bin' | grep -q 'IMG2 directory'"
expect_fail "nor info refuses a short file" "." "$SIM" nor info "$T/payload"
check "a NOR image built by mknor boots as --nor" "$SIM" boot --nor "$T/nor.bin" --max-cycles 1000 -serial null
for c in img3 mknor nor; do check "$c --help" "$SIM" $c --help; done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
