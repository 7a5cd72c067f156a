# Sourced by storage-benchmark.sh and runtime-benchmark.sh: a throw-away PostgreSQL (tests/postgres.sh) with a
# pgbench database beside FormFlow's, so that both are measured on the same server in the same run.
# After sourcing: run_pgbench SECONDS prints pgbench -N's transactions per second with 4 clients.
trap 'if declare -F postgres_stop >/dev/null; then postgres_stop; fi' EXIT
source tests/postgres.sh
pg_port="$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$FORMFLOW_TEST_POSTGRES")"

"$FORMFLOW_TEST_PG_BIN/createdb" -h 127.0.0.1 -p "$pg_port" -U formflow pgbench
"$FORMFLOW_TEST_PG_BIN/pgbench" -h 127.0.0.1 -p "$pg_port" -U formflow -i -s 10 -q pgbench >/dev/null 2>&1

run_pgbench() {
  "$FORMFLOW_TEST_PG_BIN/pgbench" -h 127.0.0.1 -p "$pg_port" -U formflow -N -c 4 -j 2 -T "$1" pgbench 2>&1 |
    grep -E '^tps' | head -1 | sed -E 's/tps = ([0-9.]+).*/\1/'
}
