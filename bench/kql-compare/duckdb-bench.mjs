// Times the KQL benchmark's four queries in DuckDB, one thread, on the CSV rows that
// `tenantdrill-sim bench kql --export-csv DIR` wrote. Prints one tab-separated line per query:
//   id  rows_out  count_sum  best_ms  median_ms
// usage: node duckdb-bench.mjs DIR REPEATS OPERATION   (OPERATION: what query 1's where keeps)
// Loading is not timed. Each query runs once to warm up, then REPEATS times; a run is timed
// from submitting the SQL until every result row has been read back.
import { DuckDBInstance } from '@duckdb/node-api';

const [dir, repeatsArg, operation] = process.argv.slice(2);
if (!dir || !operation) {
  console.error('usage: node duckdb-bench.mjs DIR REPEATS OPERATION');
  process.exit(2);
}
const repeats = Math.max(1, Number(repeatsArg ?? 5));

const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
await con.run('SET threads = 1');

// Empty fields are written as "" by the exporter; nullstr keeps them empty strings, not NULLs.
async function load(table, columns) {
  const types = Object.entries(columns).map(([k, v]) => `'${k}': '${v}'`).join(', ');
  const select = Object.keys(columns).map((c) => (c === 'TimeGenerated' ? 'epoch_ms(TimeGenerated) AS TimeGenerated' : c)).join(', ');
  await con.run(`CREATE TABLE ${table} AS SELECT ${select} FROM read_csv('${dir}/${table}.csv', header = true, ` +
                `columns = {${types}}, nullstr = '\\N')`);
}
await load('SigninLogs', { TimeGenerated: 'BIGINT', UserPrincipalName: 'VARCHAR', SessionId: 'VARCHAR' });
await load('OfficeActivity', { TimeGenerated: 'BIGINT', Operation: 'VARCHAR', UserId: 'VARCHAR', SessionId: 'VARCHAR' });

const queries = [
  `SELECT UserId, count(*) AS count_ FROM OfficeActivity WHERE Operation = '${operation}' GROUP BY UserId`,
  'SELECT count(*) AS count_ FROM SigninLogs s JOIN OfficeActivity o ON s.SessionId = o.SessionId',
  "SELECT date_trunc('hour', TimeGenerated) AS TimeGenerated, count(*) AS count_ FROM OfficeActivity GROUP BY 1",
  'SELECT o.Operation, count(*) AS count_ FROM SigninLogs s JOIN OfficeActivity o ON s.SessionId = o.SessionId GROUP BY o.Operation',
];

for (let q = 0; q < queries.length; ++q) {
  const times = [];
  let rows = [];
  for (let k = 0; k <= repeats; ++k) {
    const t0 = performance.now();
    const reader = await con.runAndReadAll(queries[q]);
    rows = reader.getRows();
    const ms = performance.now() - t0;
    if (k > 0) times.push(ms);  // run 0 warms up
  }
  times.sort((a, b) => a - b);
  const sum = rows.reduce((s, r) => s + Number(r[r.length - 1]), 0);
  console.log([q + 1, rows.length, sum, times[0].toFixed(3), times[Math.floor(times.length / 2)].toFixed(3)].join('\t'));
}
