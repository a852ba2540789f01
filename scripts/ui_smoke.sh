#!/usr/bin/env bash
# End-to-end smoke test of the desktop program: the real SFML window, event path and OpenGL
# rendering under Xvfb.
#   1. no display          -> exit code 3 and a one-line message
#   2. --screenshot        -> a 1600x900 PNG that is not blank
#   3. real X input events (xdotool: Space, Ctrl+2, a click on the "Case notes" tab, Ctrl+1, a
#      responder action through the entity context menu and its confirmation, a clipboard round
#      trip from the entity search box into the query editor, Ctrl+Enter, F11 (opens the projector window))
#      -> the commands the UI emitted (--log-commands) and a second screenshot
# Usage: scripts/ui_smoke.sh [path/to/tenantdrill] [output dir]
# Exit: 0 pass, 1 fail, 77 skipped (program not built, Xvfb or ImageMagick missing).
# Registered with ctest as `ui_smoke_e2e` (label e2e): ctest --test-dir build -L e2e
set -euo pipefail

bin=${1:-build/ui/tenantdrill}
out=${2:-$(mktemp -d /tmp/td_ui_smoke.XXXXXX)}
mkdir -p "$out"
fail() { echo "ui_smoke: FAIL: $*" >&2; exit 1; }
skip() { echo "ui_smoke: SKIP: $*" >&2; exit 77; }  # ctest reports 77 as skipped
[[ -x $bin ]] || skip "program not built: $bin (cmake --build BUILD --target tenantdrill)"
command -v Xvfb >/dev/null || skip "Xvfb not installed (apt-get install xvfb)"
command -v identify >/dev/null || skip "ImageMagick not installed (apt-get install imagemagick)"

# 1. Without a display the program must refuse cleanly.
set +e
msg=$(env -u DISPLAY "$bin" --screenshot "$out/never.png" 2>&1 >/dev/null)
rc=$?
set -e
[[ $rc -eq 3 ]] || fail "without DISPLAY expected exit code 3, got $rc ($msg)"
[[ $msg == "tenantdrill: no display"* ]] || fail "without DISPLAY expected a 'no display' message, got: $msg"
echo "ui_smoke: no display -> exit 3: $msg"

# Start our own Xvfb on the first free display from :99 up; stop only that process on exit.
xvfb_pid=""
app_pid=""
cleanup() {
  [[ -n $app_pid ]] && kill "$app_pid" 2>/dev/null || true
  [[ -n $xvfb_pid ]] && kill "$xvfb_pid" 2>/dev/null || true
}
trap cleanup EXIT
for n in $(seq 99 140); do
  [[ -e /tmp/.X$n-lock || -e /tmp/.X11-unix/X$n ]] && continue
  Xvfb ":$n" -screen 0 1600x900x24 -nolisten tcp >"$out/xvfb.log" 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 50); do [[ -e /tmp/.X11-unix/X$n ]] && break; sleep 0.1; done
  if [[ -e /tmp/.X11-unix/X$n ]] && kill -0 "$xvfb_pid" 2>/dev/null; then
    export DISPLAY=":$n"
    break
  fi
  kill "$xvfb_pid" 2>/dev/null || true
  xvfb_pid=""
done
[[ -n $xvfb_pid ]] || fail "could not start Xvfb (see $out/xvfb.log)"
echo "ui_smoke: Xvfb on $DISPLAY (pid $xvfb_pid)"

# xdotool opens the display on every call, and under load Xvfb refuses some connections for a
# moment (see docs/ui-architecture.md); retry only that failure, which happens before any input.
xdo() {
  local err attempt
  for attempt in 1 2 3 4 5 6 7 8; do
    if err=$(xdotool "$@" 2>&1 >/dev/null); then return 0; fi
    [[ $err == *"Can't open display"* ]] || fail "xdotool $*: $err"
    sleep 0.2
  done
  fail "xdotool $*: $err"
}

not_blank() {  # PNG exists, has the expected size, and its pixels vary
  local png=$1
  [[ -s $png ]] || fail "screenshot not written: $png"
  local size sd
  size=$(identify -format '%wx%h' "$png")
  [[ $size == 1600x900 ]] || fail "$png is $size, expected 1600x900"
  sd=$(identify -format '%[fx:standard_deviation]' "$png")
  awk -v sd="$sd" 'BEGIN { exit !(sd > 0.05) }' || fail "$png looks blank (standard deviation $sd)"
  echo "ui_smoke: $png ok ($size, standard deviation $sd)"
}

# 2. Screenshots: the start screen, and the default scenario (aitm-session-theft) at its first inject.
timeout 60 "$bin" --screenshot "$out/start.png" --start-screen --size 1600x900 --frames 5 || fail "--screenshot --start-screen exited with $?"
not_blank "$out/start.png"
timeout 60 "$bin" --screenshot "$out/shell.png" --size 1600x900 --frames 5 || fail "--screenshot exited with $?"
not_blank "$out/shell.png"
# A scenario that does not load is shown on the start screen: no crash, exit 0.
printf '{ "schema": "tenantdrill/scenario@1",, }' >"$out/broken.json"
timeout 60 "$bin" --scenario "$out/broken.json" --screenshot "$out/broken.png" --start-screen || fail "a broken --scenario exited with $?"
not_blank "$out/broken.png"

# 3. Real input events through X11 -> SFML -> our adapter -> ImGui -> commands.
if command -v xdotool >/dev/null; then
  timeout 120 "$bin" --screenshot "$out/after_input.png" --frames 600 --log-commands >"$out/commands.txt" &
  app_pid=$!
  wid=""
  for _ in $(seq 100); do
    wid=$(xdotool search --onlyvisible --name '^TenantDrill$' 2>/dev/null | head -1) && [[ -n $wid ]] && break
    sleep 0.2
  done
  [[ -n $wid ]] || fail "window did not appear"
  xdo windowfocus --sync "$wid"
  sleep 0.5
  xdo key --clearmodifiers space
  sleep 0.3
  xdo key --clearmodifiers ctrl+2
  sleep 0.3
  # "Case notes" tab at 1600x900, desk type size (see the screenshot in docs/ui-architecture.md).
  xdo mousemove --window "$wid" 575 76 click 1
  sleep 0.3
  xdo key --clearmodifiers ctrl+1
  sleep 0.3
  # Responder action: right-click the first user of the real tenant ("Alex Maier" in
  # aitm-session-theft), pick "Revoke sessions", then Confirm in the dialog (coordinates for
  # 1600x900 at desk size; the action goes through sim::Respond into the action log).
  xdo mousemove --window "$wid" 66 163 click 3
  sleep 0.4
  xdo mousemove --window "$wid" 140 231 click 1
  sleep 0.4
  xdo mousemove --window "$wid" 959 492 click 1
  sleep 0.3
  # Clipboard (sf::Clipboard through io.Get/SetClipboardTextFn): copy from the entity search box,
  # paste over the query, run it. One shortcut per frame or more: sleep between keys.
  xdo mousemove --window "$wid" 150 105 click 1
  sleep 0.3
  xdo type --delay 30 "megan"
  sleep 0.2
  xdo key --clearmodifiers ctrl+a
  sleep 0.2
  xdo key --clearmodifiers ctrl+c
  sleep 0.2
  xdo mousemove --window "$wid" 700 180 click 1
  sleep 0.3
  xdo key --clearmodifiers ctrl+a
  sleep 0.2
  xdo key --clearmodifiers ctrl+v
  sleep 0.2
  xdo key --clearmodifiers ctrl+Return
  sleep 0.3
  xdo key --clearmodifiers F11
  wait "$app_pid" || fail "interactive run exited with $?"
  app_pid=""
  cat "$out/commands.txt"
  for want in "command: Resume" "command: SelectTab 1" "command: SelectTab 2" "command: SelectTab 0" \
              "command: RequestConfirm revoke_sessions user:alex.maier@contoso-eng.example" \
              "command: RunResponderAction revoke_sessions user:alex.maier@contoso-eng.example" \
              'command: RunQuery "megan"' "command: ToggleProjectorWindow"; do
    grep -qx "$want" "$out/commands.txt" || fail "expected '$want' from real input events (see $out/commands.txt)"
  done
  not_blank "$out/after_input.png"
else
  echo "ui_smoke: xdotool not installed: real input events not tested"
fi
echo "ui_smoke: PASS (output in $out)"
