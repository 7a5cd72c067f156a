#!/usr/bin/env bash
# The "Lists" figures of docs/performance.md: the designer-api host (Release, Production settings) started on SQLite
# and then on PostgreSQL, each over an organisation of PEOPLE imported on start (ListsBenchmark.cs writes it: a
# hundred departments under one root, a manager tree ten wide, an HRBP of the root with a team of 300 whose
# self-reviews are submitted over the API first), then REQUESTS requests of each list — the HRBP's people list and
# search, a department head's people list, the HRBP's inbox (open, overdue, done), the HRBP's team instances, the
# cycles list (HRBP, head), the HRBP's departments list, /api/me/startable (HRBP, head), a thousand-person calibration
# session (the cycle's sessions, the session read), a process linted (HRBP, head) — by WORKERS clients at once,
# through the API as the pages call it; then the annual review launched for the whole organisation and the HRBP's team
# instances paged again (first pages, pages anywhere down to the last, in that cycle), the cycles list (HRBP, head)
# again, the cycle's own page as its HRBP opens it (progress and attention, at most 20 requests each), with the inbox
# again as the anchor.
# Prints p50/p99 per list.
# PostgreSQL: a database of the run's own on the server FORMFLOW_TEST_POSTGRES names when set, else on a throw-away
# server (tests/postgres.sh).
# Usage: tests/FormFlow.Benchmarks/lists-benchmark.sh [people, default 100000] [requests, default 300] [workers, default 4]
# LISTS_PORT sets the host's port (5392 by default), LISTS_DIALECTS the dialects ("sqlite postgresql" by default),
# LISTS_ONLY the lists measured (kinds separated by commas, as printed; all by default), LISTS_WARMUP the unmeasured
# requests before each list's (5 by default), LISTS_SUBMITTED how many of the whole organisation's self-reviews are
# submitted over the API after its lists, the deep pages then asked again (team-instances-org-deep-submitted; none
# by default).
set -euo pipefail
cd "$(dirname "$0")/../.."
people="${1:-100000}"
requests="${2:-300}"
workers="${3:-4}"
source tests/FormFlow.Benchmarks/host.sh

# Runs the host on PROVIDER and CONNECTION, measures the lists, stops it.
lists() {
  local name="$1" provider="$2" connection="$3" port="${LISTS_PORT:-5392}"
  host_start "$name" "$provider" "$connection" "$port" formflow-lists
  dotnet tests/FormFlow.Benchmarks/bin/Release/net10.0/FormFlow.Benchmarks.dll lists "http://127.0.0.1:$port" "$key" formflow-lists formflow "$people" "$requests" "$workers" || {
    echo "lists-benchmark.sh: the $name run failed; the host's log:" >&2; tail -40 "$work/host-$name.log" >&2; exit 1; }
  host_stop
}

dotnet tests/FormFlow.Benchmarks/bin/Release/net10.0/FormFlow.Benchmarks.dll lists-organisation "$work/people.csv" "$people"
dialects="${LISTS_DIALECTS:-sqlite postgresql}"
if [[ " $dialects " == *" sqlite "* ]]; then
  lists sqlite Sqlite "Data Source=$work/formflow.db"
fi
if [[ " $dialects " == *" postgresql "* ]]; then
  source tests/postgres.sh
  fresh_database formflow_lists
  lists postgresql PostgreSql "$database"
fi
