#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the integration tests and prints `export DYOCENSE_TEST_DATABASE_URL=...`
# on stdout (use: eval "$(scripts/postgres/start.sh)"). Idempotent: a cluster already running is reused.
# Installs Debian's `postgresql` when no server binaries are found. Logs go to stderr.
# The cluster listens on 127.0.0.1 only, on a free port, with trust authentication: it holds test data only.
set -euo pipefail

state_dir="${DYOCENSE_PG_DIR:-/tmp/dyocense-postgres}"
env_file="$state_dir/env"
log() { printf '[postgres] %s\n' "$*" >&2; }

find_bin() {
  local dir
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return 0
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/pg_ctl" ] && [ -x "$dir/initdb" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

if ! bin="$(find_bin)"; then
  log 'PostgreSQL server binaries not found: installing Debian postgresql'
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y --no-install-recommends postgresql >&2
  bin="$(find_bin)"
fi

# PostgreSQL refuses to run as root: run the server as an unprivileged user.
run_user="${DYOCENSE_PG_USER:-postgres}"
if [ "$(id -u)" -eq 0 ]; then
  id "$run_user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$run_user"
  as_user() { runuser -u "$run_user" -- "$@"; }
else
  as_user() { "$@"; }
fi

data_dir="$state_dir/data"
if [ -f "$env_file" ] && as_user "$bin/pg_ctl" -D "$data_dir" status >/dev/null 2>&1; then
  log "reusing the running cluster in $data_dir"
  cat "$env_file"
  exit 0
fi

free_port() {
  local port
  for port in $(seq 54329 54429); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

port="$(free_port)"
rm -rf "$state_dir"
mkdir -p "$data_dir"
if [ "$(id -u)" -eq 0 ]; then chown -R "$run_user" "$state_dir"; fi
log "initialising $data_dir with $bin/initdb"
as_user "$bin/initdb" -D "$data_dir" -U postgres --auth=trust -E UTF8 --locale=C >"$state_dir/initdb.log" 2>&1 \
  || { cat "$state_dir/initdb.log" >&2; exit 1; }
as_user "$bin/pg_ctl" -D "$data_dir" -l "$state_dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $state_dir -c fsync=off -c synchronous_commit=off" start >&2 \
  || { cat "$state_dir/server.log" >&2; exit 1; }

# The owner role runs migrations and creates one database per test run; it is not a superuser.
psql_bin="$bin/psql"
[ -x "$psql_bin" ] || psql_bin="$(command -v psql)"
psql_admin() { "$psql_bin" -v ON_ERROR_STOP=1 -q -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"; }
psql_admin -c 'create role dyocense_owner login createdb createrole' >&2
psql_admin -c 'create database dyocense owner dyocense_owner' >&2

url="postgres://dyocense_owner@127.0.0.1:$port/dyocense"
printf 'export DYOCENSE_TEST_DATABASE_URL=%q\n' "$url" >"$env_file"
log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') listening on 127.0.0.1:$port"
cat "$env_file"
