#!/usr/bin/env bash
# The storage figures of docs/performance.md in one run: pgbench -N with 4 clients against a throw-away
# PostgreSQL server, then FormFlow on the same server (and on SQLite): a 100,000-person cycle launch and
# single-task completions per second with 4 connections.
# Usage: tests/FormFlow.Benchmarks/storage-benchmark.sh [seconds per throughput run, default 20]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-20}"

source tests/FormFlow.Benchmarks/pgbench.sh
# pgbench before and after FormFlow, so that a shared machine's changing load weighs on both alike.
pgbench_before="$(run_pgbench "$seconds")"
echo "pgbench-N-4-clients-before $pgbench_before tps"
formflow_out="$(dotnet run -c Release --project tests/FormFlow.Benchmarks -- storage "$seconds")"
echo "$formflow_out"
formflow_tps="$(grep -E '^completions-postgresql' <<<"$formflow_out" | awk '{ print $(NF-1) }')"
pgbench_after="$(run_pgbench "$seconds")"
echo "pgbench-N-4-clients-after $pgbench_after tps"
awk -v f="$formflow_tps" -v a="$pgbench_before" -v b="$pgbench_after" \
  'BEGIN { printf "formflow-vs-pgbench %.0f%% (of the mean of pgbench before and after, %.0f tps)\n", 200 * f / (a + b), (a + b) / 2 }'
