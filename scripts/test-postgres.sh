#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for the tests on 127.0.0.1:${PGPORT:-54329}
# and print its TEST_DATABASE_URL. Debian's postgresql is installed when missing (as
# root; otherwise it says how), by scripts/system-deps.sh like everything the tests need.
# Usage: eval "$(scripts/test-postgres.sh)"   stop: scripts/test-postgres.sh stop
set -euo pipefail
PGPORT="${PGPORT:-54329}"
PGDATA="${LSR_PGDATA:-/tmp/lsr-test-pg}"
find_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  done
  return 1
}
if ! BIN="$(find_bin)"; then
  "$(dirname "$0")/system-deps.sh" postgresql >&2
  BIN="$(find_bin)"
fi
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "${1:-}" = stop ]; then
  as_pg "$BIN/pg_ctl" -D "$PGDATA" -m fast stop >&2 || true
  exit 0
fi
if ! as_pg "$BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
  rm -rf "$PGDATA"
  mkdir -p "$PGDATA"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA"
  as_pg "$BIN/initdb" -D "$PGDATA" -U postgres -A trust --no-sync >&2
  as_pg "$BIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
    -o "-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >&2
fi
echo "export TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:$PGPORT/lsr_test"
