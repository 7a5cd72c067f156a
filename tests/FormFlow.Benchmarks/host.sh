# Sourced by load-benchmark.sh and lists-benchmark.sh: builds the designer-api host and the benchmark client in
# Release, and starts the host as production runs it (ASPNETCORE_ENVIRONMENT=Production, warnings-only logs) over an
# organisation file imported on start, with bearer tokens signed by a key made for the run.
# After sourcing: $work (a folder removed at exit), $key (the signing key, base64), and
#   host_start NAME PROVIDER CONNECTION PORT ISSUER   starts the host, waits until it is ready, sets $host_pid
#   host_stop                                          stops it
#   fresh_database NAME                                creates a database of its own on FORMFLOW_TEST_POSTGRES's
#                                                      server, dropped at exit; sets $database to its connection string
# The organisation file is $work/people.csv; the host's log $work/host-NAME.log.
FormFlowWebPages="${FormFlowWebPages:-false}" dotnet build designer-api/FormFlow.Api -c Release -v q -nologo >/dev/null
dotnet build tests/FormFlow.Benchmarks -c Release -v q -nologo >/dev/null
key="$(head -c 32 /dev/urandom | base64)"
work="$(mktemp -d)"
host_pid=""
host_databases=()

host_stop() {
  if [ -n "$host_pid" ]; then kill -TERM "$host_pid" 2>/dev/null || true; wait "$host_pid" 2>/dev/null || true; host_pid=""; fi
}

host_cleanup() {
  local db port
  host_stop
  for db in "${host_databases[@]}"; do
    port="$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$FORMFLOW_TEST_POSTGRES")"
    "$FORMFLOW_TEST_PG_BIN/dropdb" -h 127.0.0.1 -p "$port" -U formflow --if-exists "$db" 2>/dev/null || true
  done
  rm -rf "$work"
  if declare -F pgbench_cleanup >/dev/null; then pgbench_cleanup; elif declare -F postgres_stop >/dev/null; then postgres_stop; fi
}
trap host_cleanup EXIT
# Stopped by a signal, bash would skip the EXIT trap: exit instead, so that the host stops and the databases go.
trap 'exit 130' INT
trap 'exit 143' TERM

host_start() {
  local name="$1" provider="$2" connection="$3" port="$4" issuer="$5" i started=$SECONDS
  ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port" \
  FormFlow__Database__Provider="$provider" FormFlow__Database__ConnectionString="$connection" \
  FormFlow__Organisation__InitialFile="$work/people.csv" \
  FormFlow__Identity__Issuer="$issuer" FormFlow__Identity__Audience=formflow FormFlow__Identity__SigningKeys__0="$key" \
  Logging__LogLevel__Default=Warning \
    dotnet designer-api/FormFlow.Api/bin/Release/net10.0/FormFlow.Api.dll >"$work/host-$name.log" 2>&1 &
  host_pid=$!
  # A 100,000-person import takes a while on a shared machine: up to 10 minutes.
  for i in $(seq 1 1200); do
    if curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$host_pid" 2>/dev/null; then echo "the $name host stopped; its log:" >&2; tail -40 "$work/host-$name.log" >&2; return 1; fi
    sleep 0.5
  done
  echo "== $name (host ready with the organisation imported in $((SECONDS - started)) s)"
}

fresh_database() {
  local name="$1_$$_$RANDOM" port
  port="$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$FORMFLOW_TEST_POSTGRES")"
  "$FORMFLOW_TEST_PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U formflow "$name"
  host_databases+=("$name")
  database="$(sed -E "s/Database=[^;]*/Database=$name/" <<<"$FORMFLOW_TEST_POSTGRES")"
}
