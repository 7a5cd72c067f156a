# Sourced by test.sh: gives the storage tests a real, throw-away PostgreSQL server and exports
#   FORMFLOW_TEST_POSTGRES  an Npgsql connection string to its database formflow_test
#   FORMFLOW_TEST_PG_BIN    the server's bin folder (pgbench for the benchmarks)
# Call postgres_stop from the caller's EXIT trap. A developer with a server of their own sets
# FORMFLOW_TEST_POSTGRES beforehand, and then this starts nothing. The server runs with fsync off unless
# FORMFLOW_TEST_POSTGRES_DURABLE=1 asks for it as production runs it (every commit flushed; for the benchmarks).

pg_dir="" pg_bin=""

# The newest installed server, whichever version Debian ships; empty when there is none.
postgres_bin_dir() {
  local d found=""
  for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then found="$d"; fi
  done
  echo "$found"
}

# The server refuses to run as root, and CI runs as root.
postgres_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

postgres_start() {
  local bin port locale i started=$SECONDS apt_log durability
  # One server per shell: a second start would leave the first running with nobody to stop it.
  [ -z "$pg_dir" ] || return 0
  # A benchmark run on the wrong kind of server would be read as the other: a value that is neither is refused.
  case "${FORMFLOW_TEST_POSTGRES_DURABLE:-0}" in
    0 | 1) ;;
    *) echo "postgres.sh: FORMFLOW_TEST_POSTGRES_DURABLE must be 0 or 1, not '$FORMFLOW_TEST_POSTGRES_DURABLE'" >&2; return 1 ;;
  esac
  bin="$(postgres_bin_dir)"
  if [ -z "$bin" ]; then
    apt_log="$(mktemp)"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
             --no-install-recommends postgresql; } >"$apt_log" 2>&1; then
      cat "$apt_log" >&2; rm -f "$apt_log"
      echo "postgres.sh: could not install PostgreSQL from Debian's packages" >&2
      return 1
    fi
    rm -f "$apt_log"
    # Where services may start, the package starts its own cluster on 5432: stop it, only ours should run.
    pg_lsclusters --no-header 2>/dev/null | awk '$4 == "online" { print $1, $2 }' |
      while read -r v c; do pg_ctlcluster "$v" "$c" stop; done || true
    bin="$(postgres_bin_dir)"
    [ -n "$bin" ] || { echo "postgres.sh: PostgreSQL installed but no server binaries found" >&2; return 1; }
  fi

  pg_bin="$bin" pg_dir="$(mktemp -d)"
  [ "$(id -u)" != 0 ] || chown postgres: "$pg_dir"
  # glibc names it C.utf8; older or slimmer systems may lack it, and plain C still stores UTF-8.
  locale=C
  if locale -a 2>/dev/null | grep -ix 'c\.utf-\?8' >/dev/null; then locale=C.UTF-8; fi
  postgres_as_owner "$bin/initdb" -D "$pg_dir/data" -A trust -U formflow --encoding=UTF8 \
    --locale="$locale" >"$pg_dir/initdb.log" 2>&1 || { cat "$pg_dir/initdb.log" >&2; return 1; }

  # A port nobody answers on; bash's /dev/tcp avoids needing any other tool for the probe.
  for i in $(seq 50); do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  done
  cat >>"$pg_dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$pg_dir'
max_connections = 100
EOF
  # Durability is pointless for a throw-away cluster, and turning it off makes the tests faster.
  durability="every commit flushed"
  if [ "${FORMFLOW_TEST_POSTGRES_DURABLE:-0}" = 0 ]; then
    durability="fsync off"
    printf '%s\n' 'fsync = off' 'synchronous_commit = off' 'full_page_writes = off' >>"$pg_dir/data/postgresql.conf"
  fi
  postgres_as_owner "$bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -s start ||
    { cat "$pg_dir/server.log" >&2; return 1; }
  "$bin/createdb" -h 127.0.0.1 -p "$port" -U formflow formflow_test

  export FORMFLOW_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=formflow;Database=formflow_test;Pooling=true"
  export FORMFLOW_TEST_PG_BIN="$bin"
  echo "postgres.sh: started PostgreSQL $("$bin/postgres" -V | awk '{print $3}') on 127.0.0.1:$port, $durability ($((SECONDS - started))s)"
}

postgres_stop() {
  [ -n "$pg_dir" ] || return 0
  if [ -f "$pg_dir/data/postmaster.pid" ]; then
    postgres_as_owner "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -s stop || true
  fi
  rm -rf "$pg_dir"
  pg_dir=""
}

if [ -n "${FORMFLOW_TEST_POSTGRES:-}" ]; then
  echo "postgres.sh: using the server in FORMFLOW_TEST_POSTGRES"
else
  postgres_start
fi
