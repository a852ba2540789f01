#!/usr/bin/env bash
# Runs one libFuzzer target for SECONDS (docs/reliability.md): builds build-fuzz with clang-14
# (-DTD_FUZZ=ON) when needed, writes the seed corpus from the shipped files, keeps the growing
# corpus in build-fuzz/corpus/TARGET and any crash, leak or timeout input in
# build-fuzz/artifacts/TARGET/. Not part of CI.
#   scripts/fuzz.sh TARGET SECONDS [libFuzzer options...]
#   scripts/fuzz.sh TARGET --repro FILE      (runs one input once)
#   scripts/fuzz.sh TARGET 600 -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1
#                                            (keeps going after a finding, collecting them all)
#   TARGET: template scenario plan save kql_parse kql_exec
set -eu
cd "$(dirname "$0")/.."
if [ $# -lt 2 ]; then sed -n 2,10p "$0" >&2; exit 2; fi
target=$1; shift
# TD_FUZZ_BUILD: another build folder; TD_FUZZ_NO_BUILD=1: use the programs already built there.
B=${TD_FUZZ_BUILD:-build-fuzz}
if [ "${TD_FUZZ_NO_BUILD:-0}" != 1 ]; then
  scripts/install-deps.sh --fuzz
  if [ ! -f $B/CMakeCache.txt ]; then
    CXX=${CXX:-clang++-14} cmake -S . -B $B -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTD_FUZZ=ON -DTD_BUILD_UI=OFF -DTD_BUILD_TESTS=OFF >/dev/null
  fi
  cmake --build $B -j2 --target "fuzz_$target" >/dev/null
fi
bin=$B/fuzz/fuzz_$target
case $target in kql_*) dict=fuzz/kql.dict ;; *) dict=fuzz/json.dict ;; esac
if [ "$1" = "--repro" ]; then exec "$bin" -rss_limit_mb=2048 -timeout=10 "$2"; fi
seconds=$1; shift
mkdir -p $B/corpus/$target $B/seeds/$target $B/artifacts/$target $B/logs
python3 fuzz/make_seeds.py "$target" $B/seeds/$target
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
nice "$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=65536 -print_final_stats=1 \
  -dict=$dict -artifact_prefix=$B/artifacts/$target/ "$@" $B/corpus/$target $B/seeds/$target \
  2>&1 | tee $B/logs/$target.log | grep -E "^#[0-9]+(:| +(INITED|DONE|pulse))|ERROR|SUMMARY|stat::|Test unit written|INFO: (fuzzed|exiting)|CRASH|crash-|timeout-|leak-"
rc=${PIPESTATUS[0]}
echo "fuzz_$target exit $rc; log $B/logs/$target.log" >&2
exit "$rc"
