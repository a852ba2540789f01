#!/usr/bin/env bash
# The KQL engine against SQLite and DuckDB on the same rows (issue 5's benchmark): builds the
# tenant, times the four reference queries in our engine (tenantdrill-sim bench kql), exports the
# rows they read as CSV, loads them into SQLite (Debian's sqlite3) and DuckDB (npm
# @duckdb/node-api, one thread), times the same queries there and prints a side-by-side table.
#
# usage: scripts/bench-kql-compare.sh [--template NAME|FILE] [--days D] [--seed N] [--repeats N]
#                                     [--sqlite-repeats N] [--work DIR] [--sim PATH]
#   --template   tenant template (default enterprise-10000, the 10,000-user tenant)
#   --days       simulated days (default 30)
#   --repeats    timed runs per query in our engine and DuckDB, after one warm-up (default 5)
#   --sqlite-repeats  the same for SQLite (default 3; its join takes seconds)
#   --work       where the CSV, the SQLite database and the results go (default /tmp/tenantdrill-kql-compare)
#   --sim        the tenantdrill-sim binary (default: build it in build-bench/ with -j2)
# Needs: sqlite3 (scripts/install-deps.sh), node and npm (DuckDB is skipped, with a note, without them).
# A benchmark, not a test: figures depend on the machine and its load. See docs/kql.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TEMPLATE=enterprise-10000 DAYS=30 SEED=1 REPEATS=5 SQLITE_REPEATS=3
WORK=/tmp/tenantdrill-kql-compare SIM=""
while [ $# -gt 0 ]; do
  case "$1" in
    --template) TEMPLATE="$2"; shift 2 ;;
    --days) DAYS="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --repeats) REPEATS="$2"; shift 2 ;;
    --sqlite-repeats) SQLITE_REPEATS="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    --sim) SIM="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-kql-compare: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
command -v sqlite3 >/dev/null || { echo "bench-kql-compare: sqlite3 is missing; run scripts/install-deps.sh" >&2; exit 2; }
if [ -z "$SIM" ]; then
  cmake -S "$ROOT" -B "$ROOT/build-bench" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$ROOT/build-bench" -j2 --target tenantdrill-sim >/dev/null
  SIM="$ROOT/build-bench/sim/tenantdrill-sim"
fi
mkdir -p "$WORK"
CSV="$WORK/csv"

load() { cut -d' ' -f1-3 /proc/loadavg; }  # the machine's load when each engine starts
echo "== our engine (tenantdrill-sim bench kql); load average $(load)"
"$SIM" bench kql --template "$TEMPLATE" --days "$DAYS" --seed "$SEED" --repeats "$REPEATS" \
  --export-csv "$CSV" --results "$WORK/ours.tsv"
# shellcheck disable=SC1091
. "$CSV/bench.env"  # OPERATION: what query 1's where keeps

echo "== SQLite $(sqlite3 --version | cut -d' ' -f1); load average $(load)"
DB="$WORK/bench.sqlite"
rm -f "$DB"
T0=$(date +%s)
# What a DBA would add for these hunts: the filtered column, the join key of the probed side, and
# time (every log query filters or groups on it). Nothing query-specific (no covering index).
sqlite3 "$DB" >/dev/null <<EOF
PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
CREATE TABLE SigninLogs(TimeGenerated INTEGER, UserPrincipalName TEXT, SessionId TEXT);
CREATE TABLE OfficeActivity(TimeGenerated INTEGER, Operation TEXT, UserId TEXT, SessionId TEXT);
.import --csv --skip 1 '$CSV/SigninLogs.csv' SigninLogs
.import --csv --skip 1 '$CSV/OfficeActivity.csv' OfficeActivity
CREATE INDEX OfficeActivity_op ON OfficeActivity(Operation);
CREATE INDEX OfficeActivity_time ON OfficeActivity(TimeGenerated);
CREATE INDEX OfficeActivity_session ON OfficeActivity(SessionId);
CREATE INDEX SigninLogs_time ON SigninLogs(TimeGenerated);
ANALYZE;
EOF
echo "loaded and indexed in $(( $(date +%s) - T0 )) s"
SQL=(
  "SELECT UserId, count(*) AS count_ FROM OfficeActivity WHERE Operation = '$OPERATION' GROUP BY UserId"
  "SELECT count(*) AS count_ FROM SigninLogs s JOIN OfficeActivity o ON s.SessionId = o.SessionId"
  "SELECT TimeGenerated / 3600000 * 3600000 AS TimeGenerated, count(*) AS count_ FROM OfficeActivity GROUP BY 1"
  "SELECT o.Operation, count(*) AS count_ FROM SigninLogs s JOIN OfficeActivity o ON s.SessionId = o.SessionId GROUP BY o.Operation"
)
: > "$WORK/sqlite.tsv"
for i in 0 1 2 3; do
  q="${SQL[$i]}"
  check=$(sqlite3 -separator $'\t' "$DB" "SELECT count(*), sum(count_) FROM ($q);")
  times=$({
    echo "PRAGMA cache_size=-4000000; PRAGMA mmap_size=8000000000;"
    echo ".output /dev/null"
    echo ".timer on"
    for _ in $(seq 0 "$SQLITE_REPEATS"); do echo "$q;"; done
  } | sqlite3 "$DB" | sed -n 's/^Run Time: real \([0-9.]*\).*/\1/p' | tail -n +2 | awk '{printf "%.3f\n", $1 * 1000}' | sort -g)
  best=$(echo "$times" | head -1)
  median=$(echo "$times" | awk '{a[NR]=$1} END {print a[int(NR/2)+1]}')
  printf '%s\t%s\t%s\t%s\n' $((i + 1)) "$check" "$best" "$median" >> "$WORK/sqlite.tsv"
done
cat "$WORK/sqlite.tsv"

echo "== DuckDB (@duckdb/node-api, SET threads=1); load average $(load)"
: > "$WORK/duckdb.tsv"
if command -v node >/dev/null && command -v npm >/dev/null; then
  (cd "$ROOT/bench/kql-compare" && { [ -d node_modules/@duckdb/node-api ] || npm ci --no-audit --no-fund >/dev/null; })
  node "$ROOT/bench/kql-compare/duckdb-bench.mjs" "$CSV" "$REPEATS" "$OPERATION" > "$WORK/duckdb.tsv"
  cat "$WORK/duckdb.tsv"
else
  echo "node/npm not found: DuckDB skipped"
fi

echo
echo "== $TEMPLATE, $DAYS days, one core each; times in ms, best (median); ratios on the best times"
awk -F'\t' -v Q1="where Operation == $OPERATION, count() by UserId" '
  FILENAME ~ /ours/ { in_[$1]=$2; out[$1]=$3; sum[$1]=$4; ob[$1]=$5; om[$1]=$6; next }
  FILENAME ~ /sqlite/ { sr[$1]=$2; ss[$1]=$3; sb[$1]=$4; sm[$1]=$5; next }
  FILENAME ~ /duckdb/ { dr[$1]=$2; ds[$1]=$3; db[$1]=$4; dm[$1]=$5; next }
  END {
    name[1]=Q1; name[2]="SigninLogs join OfficeActivity on SessionId"; name[3]="bin(TimeGenerated, 1h) histogram"; name[4]="join on SessionId, count() by Operation"
    printf "%-44s %10s %8s %19s %21s %19s %9s %9s  %s\n", "query", "rows in", "rows out", "ours", "SQLite", "DuckDB", "SQLite/us", "us/DuckDB", "same answer"
    for (i = 1; i <= 4; ++i) {
      d = (i in db) ? sprintf("%8.1f (%8.1f)", db[i], dm[i]) : "-"
      r1 = ob[i] > 0 ? sprintf("%8.0fx", sb[i] / ob[i]) : "-"
      r2 = (i in db) && db[i] > 0 ? sprintf("%8.3fx", ob[i] / db[i]) : "-"
      same = (sr[i] == out[i] && ss[i] == sum[i]) ? "sqlite yes" : "sqlite NO (" sr[i] " rows, sum " ss[i] ")"
      if (i in db) same = same ((dr[i] == out[i] && ds[i] == sum[i]) ? ", duckdb yes" : ", duckdb NO (" dr[i] " rows, sum " ds[i] ")")
      printf "%-44s %10s %8s %8.2f (%8.2f) %10.1f (%8.1f) %19s %9s %9s  %s\n", name[i], in_[i], out[i], ob[i], om[i], sb[i], sm[i], d, r1, r2, same
    }
  }' "$WORK/ours.tsv" "$WORK/sqlite.tsv" "$WORK/duckdb.tsv" | tee "$WORK/table.txt"
