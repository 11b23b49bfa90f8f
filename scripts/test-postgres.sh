#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster for the test suite (fsync off: test data only)
# and prints the DATABASE_URL to use. Idempotent: a running cluster is reused.
set -euo pipefail
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}
PGDATA=${OOGST_TEST_PGDATA:-/tmp/oogst-pgtest}
PGPORT=${OOGST_TEST_PGPORT:-54329}
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "test-postgres: PostgreSQL server binaries not found; install the 'postgresql' package" >&2
  exit 1
fi
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ ! -f "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA"
  as_pg "$PGBIN/initdb" -D "$PGDATA" -U oogst --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
# Tests trade durability for speed; OOGST_PG_SAFE=1 keeps PostgreSQL's production
# defaults (fsync on), for benchmarks.
SPEED="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
[ "${OOGST_PG_SAFE:-0}" = 1 ] && SPEED=""
if ! as_pg "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
    -o "-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 $SPEED -c max_connections=300 -c shared_buffers=512MB" start >/dev/null
fi
echo "postgres://oogst@127.0.0.1:$PGPORT/postgres?sslmode=disable"
