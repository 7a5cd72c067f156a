#!/usr/bin/env bash
# The soak of docs/reliability.md: the shipped annual review launched for a company on PostgreSQL and run to its end
# on a fake clock that moves a day at a time (every task done through the runtime, the due timers fired by four
# sweepers, the cycle closed), with the process's memory sampled each day: a table on the console, every day in a CSV.
# Not part of ./test.sh. It uses the server FORMFLOW_TEST_POSTGRES names, or starts a throw-away one (tests/postgres.sh),
# and drops the database it made.
# Usage: tests/FormFlow.Benchmarks/soak.sh [people, default 100000] [csv, default soak-<people>.csv in the current folder]
set -euo pipefail
people="${1:-100000}"
csv="$(realpath -m "${2:-soak-$people.csv}")"
cd "$(dirname "$0")/../.."

trap 'if declare -F postgres_stop >/dev/null; then postgres_stop; fi' EXIT
source tests/postgres.sh
FormFlowWebPages=false dotnet run -c Release --project tests/FormFlow.Benchmarks -- soak "$people" "$csv"
