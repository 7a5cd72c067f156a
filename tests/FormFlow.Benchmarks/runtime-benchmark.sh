#!/usr/bin/env bash
# The runtime figures of docs/performance.md in one run: pgbench -N with 4 clients against a throw-away
# PostgreSQL server, then FormFlow's runtime on the same server: the annual review launched for 100,000 people,
# self-reviews submitted end to end with 4 connections, and 100,000 due reminders fired by two nodes at once, then
# the anchor: as many due triggers fired by two Quartz.NET schedulers clustered on the same server.
# The reminders alone (and their anchor), on the server FORMFLOW_TEST_POSTGRES names:
#   dotnet run -c Release --project tests/FormFlow.Benchmarks -- runtime-reminders [people] [formflow-only]
# Usage: tests/FormFlow.Benchmarks/runtime-benchmark.sh [seconds of submitting, default 20] [people, default 100000]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-20}"
people="${2:-100000}"

source tests/FormFlow.Benchmarks/pgbench.sh
# pgbench before and after FormFlow, so that a shared machine's changing load weighs on both alike.
pgbench_before="$(run_pgbench "$seconds")"
echo "pgbench-N-4-clients-before $pgbench_before tps"
formflow_out="$(dotnet run -c Release --project tests/FormFlow.Benchmarks -- runtime "$seconds" "$people")"
echo "$formflow_out"
formflow_tps="$(grep -E '^transitions-postgresql' <<<"$formflow_out" | awk '{ print $(NF-1) }')"
pgbench_after="$(run_pgbench "$seconds")"
echo "pgbench-N-4-clients-after $pgbench_after tps"
awk -v f="$formflow_tps" -v a="$pgbench_before" -v b="$pgbench_after" \
  'BEGIN { printf "transitions-vs-pgbench %.0f%% (of the mean of pgbench before and after, %.0f tps)\n", 200 * f / (a + b), (a + b) / 2 }'
