#!/usr/bin/env bash
# The launch and start-up figures of docs/performance.md: the shipped annual review launched for 100,000 people on
# SQLite and on PostgreSQL (a fresh database each run, beside the bulk-row anchor of the storage benchmark), then the
# host's time to ready over an empty database and over one holding 1,000,000 pending timers, on both dialects.
# Uses FORMFLOW_TEST_POSTGRES when set (a server of your own, databases created and dropped on it), otherwise starts
# a throw-away PostgreSQL like ./test.sh.
# Usage: tests/FormFlow.Benchmarks/launch-benchmark.sh [runs, default 3] [people, default 100000] [timers, default 1000000]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-3}"
people="${2:-100000}"
timers="${3:-1000000}"

trap 'if declare -F postgres_stop >/dev/null; then postgres_stop; fi' EXIT
source tests/postgres.sh

FormFlowWebPages=false dotnet build designer-api/FormFlow.Api -c Release >/dev/null
dotnet run -c Release --project tests/FormFlow.Benchmarks -- launch "$runs" "$people"
dotnet run -c Release --project tests/FormFlow.Benchmarks -- startup "$runs" "$timers"
