#!/usr/bin/env bash
# The "Lists" figures of docs/performance.md: the designer-api host (Release, Production settings) started on SQLite
# and then on PostgreSQL, each over an organisation of PEOPLE imported on start (ListsBenchmark.cs writes it: a
# hundred departments under one root, a manager tree ten wide, an HRBP of the root with a team of 300 whose
# self-reviews are submitted over the API first), then REQUESTS requests of each list — the HRBP's people list and
# search, a department head's people list, the HRBP's inbox (open, overdue, done), the HRBP's team instances, the
# cycles list (HRBP, head), the HRBP's departments list, /api/me/startable (HRBP, head) — by WORKERS clients at once, through the API as the pages call it. Prints p50/p99 per list.
# PostgreSQL: FORMFLOW_TEST_POSTGRES when set (use a database of its own: the run leaves its organisation there),
# else a throw-away server (tests/postgres.sh).
# Usage: tests/FormFlow.Benchmarks/lists-benchmark.sh [people, default 100000] [requests, default 300] [workers, default 4]
set -euo pipefail
cd "$(dirname "$0")/../.."
people="${1:-100000}"
requests="${2:-300}"
workers="${3:-4}"

dotnet build designer-api/FormFlow.Api -c Release -v q -nologo >/dev/null
dotnet build tests/FormFlow.Benchmarks -c Release -v q -nologo >/dev/null
key="$(head -c 32 /dev/urandom | base64)"
work="$(mktemp -d)"
host_pid=""
stop_host() {
  if [ -n "$host_pid" ]; then kill -TERM "$host_pid" 2>/dev/null || true; wait "$host_pid" 2>/dev/null || true; host_pid=""; fi
}
trap 'stop_host; rm -rf "$work"; if declare -F postgres_stop >/dev/null; then postgres_stop; fi' EXIT

# Runs the host on PROVIDER and CONNECTION, measures the lists, stops it.
lists() {
  local name="$1" provider="$2" connection="$3" port=5392 i started=$SECONDS
  ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port" \
  FormFlow__Database__Provider="$provider" FormFlow__Database__ConnectionString="$connection" \
  FormFlow__Organisation__InitialFile="$work/people.csv" \
  FormFlow__Identity__Issuer=formflow-lists FormFlow__Identity__Audience=formflow FormFlow__Identity__SigningKeys__0="$key" \
  Logging__LogLevel__Default=Warning \
    dotnet designer-api/FormFlow.Api/bin/Release/net10.0/FormFlow.Api.dll >"$work/host-$name.log" 2>&1 &
  host_pid=$!
  for i in $(seq 1 600); do
    if curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then break; fi
    sleep 0.5
  done
  echo "== $name (host ready with the organisation imported in $((SECONDS - started)) s)"
  dotnet tests/FormFlow.Benchmarks/bin/Release/net10.0/FormFlow.Benchmarks.dll lists "http://127.0.0.1:$port" "$key" formflow-lists formflow "$people" "$requests" "$workers" || {
    echo "lists-benchmark.sh: the $name run failed; the host's log:" >&2; tail -40 "$work/host-$name.log" >&2; exit 1; }
  stop_host
}

dotnet tests/FormFlow.Benchmarks/bin/Release/net10.0/FormFlow.Benchmarks.dll lists-organisation "$work/people.csv" "$people"
lists sqlite Sqlite "Data Source=$work/formflow.db"
source tests/postgres.sh
lists postgresql PostgreSql "$FORMFLOW_TEST_POSTGRES"
