#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the session-store tests and export its URL.
#
# Source it (`source scripts/postgres.sh`) so BRIGHTLINE_TEST_POSTGRES_URL reaches pytest and the
# EXIT trap stops the server and deletes its folder when the calling script ends. Run directly
# (`bash scripts/postgres.sh`) it starts, prints the URL, waits for Ctrl-C, then cleans up.
#
# - Installs Debian's `postgresql` package when no server binaries are found (needs root).
# - Runs the server as the `postgres` user when started as root (PostgreSQL refuses root).
# - Listens on 127.0.0.1 only, on a free port, with its socket inside the temporary folder.
# - Does nothing when BRIGHTLINE_TEST_POSTGRES_URL is already set (use your own server).
# - BRIGHTLINE_SKIP_POSTGRES=1 skips it; the postgres-parametrised tests are then skipped.

_bl_pg_main() {
  if [ -n "${BRIGHTLINE_TEST_POSTGRES_URL:-}" ]; then
    echo "postgres: using BRIGHTLINE_TEST_POSTGRES_URL from the environment" >&2
    return 0
  fi
  if [ "${BRIGHTLINE_SKIP_POSTGRES:-}" = "1" ]; then
    echo "postgres: skipped (BRIGHTLINE_SKIP_POSTGRES=1); PostgreSQL tests will be skipped" >&2
    return 0
  fi
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    if [ "$(id -u)" != "0" ]; then
      echo "postgres: no server found in /usr/lib/postgresql and not root to install it;" \
        "install Debian's postgresql package or set BRIGHTLINE_SKIP_POSTGRES=1" >&2
      return 1
    fi
    echo "postgres: installing Debian's postgresql package" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi

  local as=()
  if [ "$(id -u)" = "0" ]; then
    as=(runuser -u postgres --)
  fi
  _BL_PG_DIR="$(mktemp -d /tmp/brightline-pg.XXXXXX)"
  chmod 755 "$_BL_PG_DIR"
  [ "$(id -u)" = "0" ] && chown postgres: "$_BL_PG_DIR"
  local port
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  # Run from the temporary folder: the postgres user may not be allowed into the caller's folder.
  (cd "$_BL_PG_DIR" && "${as[@]}" "$bin/initdb" -D "$_BL_PG_DIR/data" -U postgres -A trust -E UTF8 --no-locale >"$_BL_PG_DIR/initdb.log" 2>&1) ||
    { cat "$_BL_PG_DIR/initdb.log" >&2; return 1; }
  _BL_PG_CTL=("${as[@]}" "$bin/pg_ctl" -D "$_BL_PG_DIR/data")
  (cd "$_BL_PG_DIR" && "${_BL_PG_CTL[@]}" -w -t 60 -l "$_BL_PG_DIR/server.log" \
    -o "-h 127.0.0.1 -p $port -k $_BL_PG_DIR -c fsync=off" start >/dev/null) ||
    { cat "$_BL_PG_DIR/server.log" >&2; return 1; }
  trap _bl_pg_stop EXIT
  (cd "$_BL_PG_DIR" && "${as[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres brightline_test)
  export BRIGHTLINE_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$port/brightline_test"
  echo "postgres: $("$bin/postgres" --version) on 127.0.0.1:$port (data in $_BL_PG_DIR)" >&2
}

_bl_pg_stop() {
  if [ -n "${_BL_PG_DIR:-}" ] && [ -d "$_BL_PG_DIR" ]; then
    (cd "$_BL_PG_DIR" && "${_BL_PG_CTL[@]}" -m fast -w stop >/dev/null 2>&1) || true
    rm -rf "$_BL_PG_DIR"
    echo "postgres: stopped and removed $_BL_PG_DIR" >&2
  fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  _bl_pg_main
  echo "$BRIGHTLINE_TEST_POSTGRES_URL"
  _bl_sleep=""
  trap '_bl_pg_stop; [ -n "$_bl_sleep" ] && kill "$_bl_sleep" 2>/dev/null; exit 0' INT TERM
  # Sleep in the background and `wait`, so Ctrl-C or SIGTERM reaches the trap at once.
  while true; do
    sleep 3600 &
    _bl_sleep=$!
    wait "$_bl_sleep" || true
  done
else
  _bl_pg_main
fi
