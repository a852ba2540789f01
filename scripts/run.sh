#!/usr/bin/env bash
# The main job: installs what it needs, builds, and opens the desktop program on the default
# scenario. Without a display it says so and plays the default exercise headless instead,
# printing where the output is. Extra arguments go to the desktop program.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target tenantdrill tenantdrill-sim
status=0
if [ -n "${DISPLAY:-}" ]; then
  ./build/ui/tenantdrill "$@" || status=$?
  if [ "$status" -eq 0 ]; then exit 0; fi
fi
# 3 = the program could not open the display.
if [ -z "${DISPLAY:-}" ] || [ "$status" -eq 3 ]; then
  echo "No display available: playing the default exercise headless instead." >&2
  ./build/sim/tenantdrill-sim run aitm-session-theft --plan expert --out out/default
  echo "The after-action report is out/default/report.html (also report.md, report.json); the logs are in out/default/logs."
  echo "Query them with: ./build/sim/tenantdrill-sim query out/default 'SigninLogs | take 10'"
  exit 0
fi
exit "$status"
