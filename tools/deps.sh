#!/bin/sh
# Install the Debian packages ipodsim needs, and only the missing ones.
# Called by every make target (as an order-only prerequisite), so a fresh
# clone needs nothing installed by hand.  Runs apt-get as root, or through
# sudo when that is available.
set -eu
PKGS="make gcc pkg-config check libsubunit-dev gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm libunicorn-dev libcapstone-dev gdb-multiarch libtomcrypt-dev libtommath-dev libsdl2-dev libpng-dev xvfb xauth python3 libxtst6"
missing=""
for p in $PKGS; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$st" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done
[ -z "$missing" ] && exit 0
echo "ipodsim: installing missing Debian packages:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ipodsim: need root (or sudo) to install:$missing" >&2
    echo "ipodsim: run: apt-get install$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2
