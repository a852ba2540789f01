#!/usr/bin/env bash
# Installs what the tests need, builds everything and runs the whole test suite (unit, golden,
# UI headless and the Xvfb end-to-end smoke test). Exit code 0 only when every test passes.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)"
