#!/usr/bin/env bash
# The "Web pages" load figures of docs/performance.md: the host built with its pages and started as the README's first
# command starts it (Development: the shipped templates and processes, the demo organisation, the development sign-in)
# on a SQLite file of the run's own, then an employee's first visit to a task page on a phone, RUNS times for each
# network, the assets compressed and as they are, alternately (PageLoadBenchmark.cs). Installs Debian's Chromium when
# it is missing, as ./test.sh does.
# Usage: tests/FormFlow.Benchmarks/page-load-benchmark.sh [runs, default 5]    PAGE_LOAD_PORT sets the port (5397);
# PAGE_LOAD_WATERFALL=1 prints every request of a visit on each network, when it started and ended.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-5}"
port="${PAGE_LOAD_PORT:-5397}"
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
fi
dotnet build designer-api/FormFlow.Api -c Release -v q -nologo >/dev/null
dotnet build tests/FormFlow.Benchmarks -c Release -v q -nologo >/dev/null
work="$(mktemp -d)"
host_pid=""
cleanup() {
  if [ -n "$host_pid" ]; then kill -TERM "$host_pid" 2>/dev/null || true; wait "$host_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# From its own folder, where its appsettings.Development.json is (the demo organisation, the development sign-in).
(cd designer-api/FormFlow.Api/bin/Release/net10.0 && ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" \
  FormFlow__Database__Provider=Sqlite FormFlow__Database__ConnectionString="Data Source=$work/formflow.db" \
  Logging__LogLevel__Default=Warning exec dotnet FormFlow.Api.dll) >"$work/host.log" 2>&1 &
host_pid=$!
for _ in $(seq 1 240); do
  if curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$host_pid" 2>/dev/null; then echo "page-load-benchmark.sh: the host stopped; its log:" >&2; tail -40 "$work/host.log" >&2; exit 1; fi
  sleep 0.5
done
dotnet tests/FormFlow.Benchmarks/bin/Release/net10.0/FormFlow.Benchmarks.dll page-load "http://127.0.0.1:$port" "$runs" ${PAGE_LOAD_WATERFALL:+waterfall}
