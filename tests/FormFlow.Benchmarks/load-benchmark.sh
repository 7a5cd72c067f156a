#!/usr/bin/env bash
# The HTTP load figures of docs/performance.md: the designer-api host (Release, Production settings) started on
# SQLite and then on a throw-away PostgreSQL, each loaded by LoadBenchmark.cs: an organisation of PEOPLE employees
# imported on start (FormFlow:Organisation:InitialFile) and the annual review launched over the API, then USERS virtual users at once opening their inbox and
# their self-review and submitting it, for at most SECONDS. Tokens are HS256 bearer tokens signed with a key made
# for this run, as an identity provider would issue them.
# Usage: tests/FormFlow.Benchmarks/load-benchmark.sh [users, default 50] [people, default 3000] [seconds, default 30]
set -euo pipefail
cd "$(dirname "$0")/../.."
users="${1:-50}"
people="${2:-3000}"
seconds="${3:-30}"

dotnet build designer-api/FormFlow.Api -c Release -v q -nologo >/dev/null
dotnet build tests/FormFlow.Benchmarks -c Release -v q -nologo >/dev/null
key="$(head -c 32 /dev/urandom | base64)"
work="$(mktemp -d)"
host_pid=""
stop_host() {
  if [ -n "$host_pid" ]; then kill -TERM "$host_pid" 2>/dev/null || true; wait "$host_pid" 2>/dev/null || true; host_pid=""; fi
}
trap 'stop_host; rm -rf "$work"; if declare -F postgres_stop >/dev/null; then postgres_stop; fi' EXIT

# Runs the host on PROVIDER and CONNECTION, loads it, stops it.
load() {
  local name="$1" provider="$2" connection="$3" port=5391 i
  ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port" \
  FormFlow__Database__Provider="$provider" FormFlow__Database__ConnectionString="$connection" \
  FormFlow__Organisation__InitialFile="$work/people.csv" \
  FormFlow__Identity__Issuer=formflow-load FormFlow__Identity__Audience=formflow FormFlow__Identity__SigningKeys__0="$key" \
  Logging__LogLevel__Default=Warning \
    dotnet designer-api/FormFlow.Api/bin/Release/net10.0/FormFlow.Api.dll >"$work/host-$name.log" 2>&1 &
  host_pid=$!
  for i in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then break; fi
    sleep 0.5
  done
  echo "== $name"
  dotnet tests/FormFlow.Benchmarks/bin/Release/net10.0/FormFlow.Benchmarks.dll load "http://127.0.0.1:$port" "$key" formflow-load formflow "$users" "$people" "$seconds" || {
    echo "load-benchmark.sh: the $name run failed; the host's log:" >&2; tail -40 "$work/host-$name.log" >&2; exit 1; }
  stop_host
}

dotnet tests/FormFlow.Benchmarks/bin/Release/net10.0/FormFlow.Benchmarks.dll load-organisation "$work/people.csv" "$people"
load sqlite Sqlite "Data Source=$work/formflow.db"
source tests/postgres.sh
load postgresql PostgreSql "$FORMFLOW_TEST_POSTGRES"
