#!/usr/bin/env bash
# The HTTP load figures of docs/performance.md: the designer-api host (Release, Production settings) started on
# SQLite and then on PostgreSQL over an organisation of PEOPLE employees imported on start
# (FormFlow:Organisation:InitialFile). Tokens are HS256 bearer tokens signed with a key made for this run, as an
# identity provider would issue them. PostgreSQL: a database of the run's own on the server FORMFLOW_TEST_POSTGRES
# names when set, else on a throw-away server (tests/postgres.sh); pgbench -N with 4 clients runs on the same server
# before and after each host, as the anchor of the same run.
#
# Default (the targets of issue 18: HTTP and memory), per dialect (FixedRateBenchmark.cs):
#   the annual review launched over the API; the host's working set at idle; USERS people at once submitting their
#   self-reviews for THROUGHPUT_SECONDS (submit throughput, against pgbench); then RATE requests per second at fixed
#   times (open loop) for SECONDS, a third each inbox, open task, submit, latency counted from each request's
#   scheduled time, with the host's VmRSS sampled every 5 s (first third against last third).
#   Usage: load-benchmark.sh [people=100000] [seconds=600] [rate=100] [users=8] [throughput-seconds=30]
#   e.g. a quick run: load-benchmark.sh 100000 60
# Closed loop only (LoadBenchmark.cs: USERS virtual users at once, inbox, open, submit, next person; with the host's
# processor time per request over the loop):
#   Usage: load-benchmark.sh closed [users=50] [people=3000] [seconds=30]
# LOAD_DIALECTS="sqlite postgresql" (the default) chooses the dialects.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=rate
if [ "${1:-}" = closed ]; then mode=closed; shift; fi
if [ "$mode" = closed ]; then
  users="${1:-50}" people="${2:-3000}" seconds="${3:-30}"
else
  people="${1:-100000}" seconds="${2:-600}" rate="${3:-100}" users="${4:-8}" throughput_seconds="${5:-30}"
fi
dialects="${LOAD_DIALECTS:-sqlite postgresql}"
bench=tests/FormFlow.Benchmarks/bin/Release/net10.0/FormFlow.Benchmarks.dll
status=0

source tests/FormFlow.Benchmarks/pgbench.sh
source tests/FormFlow.Benchmarks/host.sh

# Runs the host on PROVIDER and CONNECTION, loads it, stops it; pgbench on the same server before and after.
load() {
  local name="$1" provider="$2" connection="$3" port=5391 before after out
  echo "== $name: load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
  before="$(run_pgbench 20)"
  echo "pgbench-N-4-clients-before $before tps"
  host_start "$name" "$provider" "$connection" "$port" formflow-load
  if [ "$mode" = closed ]; then
    dotnet "$bench" load "http://127.0.0.1:$port" "$key" formflow-load formflow "$users" "$people" "$seconds" "$host_pid" || {
      echo "load-benchmark.sh: the $name run failed; the host's log:" >&2; tail -40 "$work/host-$name.log" >&2; exit 1; }
  else
    out="$work/out-$name.txt"
    # Failed or timed-out requests are counted and printed; the run goes on to the anchor after it.
    dotnet "$bench" load-rate "http://127.0.0.1:$port" "$key" formflow-load formflow "$host_pid" "$people" "$rate" "$seconds" \
      "$users" "$throughput_seconds" | tee "$out" || {
      status=1; echo "load-benchmark.sh: the $name run had failures; the host's log:" >&2; tail -20 "$work/host-$name.log" >&2; }
  fi
  host_stop
  after="$(run_pgbench 20)"
  echo "pgbench-N-4-clients-after $after tps"
  echo "== $name: load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
  if [ "$mode" = rate ]; then
    awk -v a="$before" -v b="$after" '/^throughput / { for (i = 1; i <= NF; i++) if ($i ~ /^submits-per-second=/) { split($i, x, "="); f = x[2] } }
      END { printf "submits-vs-pgbench %.1f%% (%.1f submits/s of the mean of pgbench before and after, %.0f tps)\n", 200 * f / (a + b), f, (a + b) / 2 }' "$out"
  fi
}

dotnet "$bench" load-organisation "$work/people.csv" "$people"
for dialect in $dialects; do
  case "$dialect" in
    sqlite) load sqlite Sqlite "Data Source=$work/formflow.db" ;;
    postgresql) fresh_database formflow_load; load postgresql PostgreSql "$database" ;;
    *) echo "load-benchmark.sh: unknown dialect $dialect" >&2; exit 2 ;;
  esac
done
exit "$status"
