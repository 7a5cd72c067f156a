# Sourced by storage-benchmark.sh, runtime-benchmark.sh and load-benchmark.sh: a throw-away PostgreSQL
# (tests/postgres.sh, or the server FORMFLOW_TEST_POSTGRES names) with a pgbench database beside FormFlow's, so that
# both are measured on the same server in the same run. The database has a name of its own for the run and is
# dropped at exit, so that runs sharing a server do not overwrite each other's. The throw-away server runs with fsync
# off; FORMFLOW_TEST_POSTGRES_DURABLE=1 before the script's command starts it flushing every commit, as production
# runs it (docs/performance.md, "The anchor on a server that flushes every commit").
# After sourcing: run_pgbench SECONDS prints pgbench -N's transactions per second with 4 clients.
source tests/postgres.sh
pg_port="$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$FORMFLOW_TEST_POSTGRES")"
pgbench_db="pgbench_$$_$RANDOM"
pgbench_cleanup() {
  "$FORMFLOW_TEST_PG_BIN/dropdb" -h 127.0.0.1 -p "$pg_port" -U formflow --if-exists "$pgbench_db" 2>/dev/null || true
  postgres_stop
}
trap pgbench_cleanup EXIT
# Stopped by a signal, bash would skip the EXIT trap: exit instead, so that the host stops and the databases go.
trap 'exit 130' INT
trap 'exit 143' TERM

"$FORMFLOW_TEST_PG_BIN/createdb" -h 127.0.0.1 -p "$pg_port" -U formflow "$pgbench_db"
"$FORMFLOW_TEST_PG_BIN/pgbench" -h 127.0.0.1 -p "$pg_port" -U formflow -i -s 10 -q "$pgbench_db" >/dev/null 2>&1
# Whether the server flushes its commits halves or doubles the anchor: every run says which it had.
echo "postgresql-server $("$FORMFLOW_TEST_PG_BIN/psql" -h 127.0.0.1 -p "$pg_port" -U formflow -d "$pgbench_db" -Atc \
  "SELECT 'fsync=' || current_setting('fsync') || ' synchronous_commit=' || current_setting('synchronous_commit')")"

run_pgbench() {
  "$FORMFLOW_TEST_PG_BIN/pgbench" -h 127.0.0.1 -p "$pg_port" -U formflow -N -c 4 -j 2 -T "$1" "$pgbench_db" 2>&1 |
    grep -E '^tps' | head -1 | sed -E 's/tps = ([0-9.]+).*/\1/'
}
