#!/usr/bin/env bash
# Installs the Debian packages TenantDrill builds and tests with (idempotent; quiet when present).
# --fuzz adds what scripts/fuzz.sh needs (clang-14 and its libFuzzer runtime; not needed by CI,
# whose sanitizer build uses g++).
set -euo pipefail
PKGS=(cmake g++ pkg-config make libsfml-dev libimgui-dev libx11-dev nlohmann-json3-dev libboost-random-dev
      doctest-dev xvfb xauth xdotool imagemagick fonts-dejavu-core sqlite3)
if [ "${1:-}" = "--fuzz" ]; then PKGS+=(clang-14 libclang-rt-14-dev python3); fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "installing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
