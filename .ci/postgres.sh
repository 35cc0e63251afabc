#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests of journeymap's SQL store (docs/store.md).
#
#   .ci/postgres.sh start   start one (or find the one already started) and print its URL on stdout
#   .ci/postgres.sh stop    stop it and delete its data
#   .ci/postgres.sh pause   stop it and keep its data (a test of a database that goes away)
#   .ci/postgres.sh resume  start the paused one again, on the same port
#
#   export JOURNEYMAP_TEST_POSTGRES_URL="$(.ci/postgres.sh start)"
#
# The cluster lives in $JOURNEYMAP_TEST_POSTGRES_DIR (default /tmp/journeymap-postgres-$UID), listens
# on 127.0.0.1 only, port 55432 (or the next free one), with a role `journeymap` that may create
# databases: each test makes its own and drops it. PostgreSQL refuses to run as root, so under root
# (as CI runs) the server runs as the `postgres` user that Debian's package creates.
set -euo pipefail

DIR="${JOURNEYMAP_TEST_POSTGRES_DIR:-/tmp/journeymap-postgres-$(id -u)}"
ROLE=journeymap
PASSWORD=journeymap-tests  # a throwaway server on 127.0.0.1, deleted by `stop`
say() { echo "postgres.sh: $*" >&2; }

bin_dir() {
  local found
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -z "$found" ] && command -v pg_ctl >/dev/null 2>&1; then found="$(dirname "$(command -v pg_ctl)")"; fi
  [ -n "$found" ] || { say "no PostgreSQL found: install it (Debian: apt-get install postgresql)"; exit 1; }
  echo "$found"
}

# Run a command as the user the server runs as (postgres under root, else oneself), from a folder
# that user can read.
as_owner() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else (cd / && "$@"); fi
}

free_port() {
  local port=55432
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

url() { echo "postgresql+psycopg://$ROLE:$PASSWORD@127.0.0.1:$(cat "$DIR/port")/postgres"; }

start() {
  local bin port
  bin="$(bin_dir)"
  if [ -f "$DIR/port" ] && as_owner "$bin/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
    url; return
  fi
  stop_quietly
  mkdir -p "$DIR"
  chmod 755 "$DIR"
  [ "$(id -u)" = 0 ] && chown postgres: "$DIR"
  as_owner "$bin/initdb" -D "$DIR/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
  port="$(free_port)"
  echo "$port" >"$DIR/port"
  as_owner "$bin/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 -o "$(server_options "$port")" \
    start >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
  as_owner "$bin/psql" -h "$DIR" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
    -c "CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'" >&2
  say "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $DIR"
  url
}

server_options() {
  # fsync off: the data is thrown away after the run, and it makes every commit cheap
  echo "-p $1 -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
}

pause() { as_owner "$(bin_dir)/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null; }

resume() {
  as_owner "$(bin_dir)/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 -o "$(server_options "$(cat "$DIR/port")")" \
    start >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
}

stop_quietly() {
  local bin
  bin="$(bin_dir)"
  if [ -d "$DIR/data" ]; then as_owner "$bin/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop_quietly; say "stopped; $DIR deleted" ;;
  pause) pause ;;
  resume) resume ;;
  url) [ -f "$DIR/port" ] && url || { say "not started: run .ci/postgres.sh start"; exit 1; } ;;
  *) say "usage: .ci/postgres.sh start|stop|pause|resume|url"; exit 2 ;;
esac
