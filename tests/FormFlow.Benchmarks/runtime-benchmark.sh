#!/usr/bin/env bash
# The runtime figures of docs/performance.md in one run: pgbench -N with 4 clients against a throw-away
# PostgreSQL server, then FormFlow's runtime on the same server: the annual review launched for 100,000 people,
# self-reviews submitted end to end with 4 connections, and 100,000 due reminders fired by two nodes at once.
# Usage: tests/FormFlow.Benchmarks/runtime-benchmark.sh [seconds of submitting, default 20] [people, default 100000]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-20}"
people="${2:-100000}"

trap 'if declare -F postgres_stop >/dev/null; then postgres_stop; fi' EXIT
source tests/postgres.sh
pg_port="$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$FORMFLOW_TEST_POSTGRES")"

"$FORMFLOW_TEST_PG_BIN/createdb" -h 127.0.0.1 -p "$pg_port" -U formflow pgbench
"$FORMFLOW_TEST_PG_BIN/pgbench" -h 127.0.0.1 -p "$pg_port" -U formflow -i -s 10 -q pgbench >/dev/null 2>&1
# pgbench before and after FormFlow, so that a shared machine's changing load weighs on both alike.
run_pgbench() {
  "$FORMFLOW_TEST_PG_BIN/pgbench" -h 127.0.0.1 -p "$pg_port" -U formflow -N -c 4 -j 2 -T "$seconds" pgbench 2>&1 |
    grep -E '^tps' | head -1 | sed -E 's/tps = ([0-9.]+).*/\1/'
}
pgbench_before="$(run_pgbench)"
echo "pgbench-N-4-clients-before $pgbench_before tps"
formflow_out="$(dotnet run -c Release --project tests/FormFlow.Benchmarks -- runtime "$seconds" "$people")"
echo "$formflow_out"
formflow_tps="$(grep -E '^transitions-postgresql' <<<"$formflow_out" | awk '{ print $(NF-1) }')"
pgbench_after="$(run_pgbench)"
echo "pgbench-N-4-clients-after $pgbench_after tps"
awk -v f="$formflow_tps" -v a="$pgbench_before" -v b="$pgbench_after" \
  'BEGIN { printf "transitions-vs-pgbench %.0f%% (of the mean of pgbench before and after, %.0f tps)\n", 200 * f / (a + b), (a + b) / 2 }'
