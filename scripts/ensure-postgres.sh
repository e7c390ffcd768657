#!/usr/bin/env bash
# Start a private PostgreSQL for tests on 127.0.0.1:${PGPORT:-55432} and print its URL.
# --install: install Debian's postgresql first if it is missing (CI runs as root).
# Prints nothing and exits 0 when PostgreSQL is not installed and --install was not given.
set -euo pipefail
PGPORT="${PGPORT:-55432}"
PGDATA_DIR="${PGDATA_DIR:-/tmp/escalator-pg-$PGPORT}"
URL="postgresql+psycopg://escalator:escalator@127.0.0.1:$PGPORT/escalator"

find_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  return 1
}

if ! BIN=$(find_bin); then
  if [ "${1:-}" = "--install" ]; then
    echo "Installing PostgreSQL from Debian packages..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    BIN=$(find_bin)
  else
    exit 0
  fi
fi

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if ! as_pg "$BIN/pg_isready" -h 127.0.0.1 -p "$PGPORT" -q 2>/dev/null; then
  if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    mkdir -p "$PGDATA_DIR"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA_DIR"
    as_pg "$BIN/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust -E UTF8 >/dev/null
  fi
  as_pg "$BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w \
    -o "-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >&2
fi
as_pg "$BIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -tAc \
  "SELECT 1 FROM pg_roles WHERE rolname='escalator'" | grep -q 1 ||
  as_pg "$BIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -qc \
    "CREATE ROLE escalator LOGIN SUPERUSER PASSWORD 'escalator'" >/dev/null
as_pg "$BIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -tAc \
  "SELECT 1 FROM pg_database WHERE datname='escalator'" | grep -q 1 ||
  as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres -O escalator escalator
echo "$URL"
