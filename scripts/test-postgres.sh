#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster for tests (fsync off: test data only) and
# prints its URL on stdout. Nothing is shared with other runs or users: by default the
# cluster lives in a new directory from mktemp on a free port.
#
#   scripts/test-postgres.sh              start a new cluster, print its URL
#   scripts/test-postgres.sh stop DIR     stop the cluster in DIR and delete DIR
#
# Overrides (environment):
#   OOGST_TEST_PGDATA   data directory to use; an existing cluster there is reused
#                       (started if stopped). db/dbtest's private clusters set it.
#   OOGST_TEST_PGPORT   port (default: a free one)
#   OOGST_PG_SAFE=1     keep PostgreSQL's durable defaults (fsync on), for benchmarks
#   PGBIN               directory of initdb/pg_ctl (default: newest /usr/lib/postgresql/*/bin)
# As root, the cluster runs as the "postgres" user. The data directory's parent is
# printed on stderr with the command that stops it.
set -euo pipefail
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "test-postgres: PostgreSQL server binaries not found; install the 'postgresql' package" >&2
  exit 1
fi
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ "${1:-}" = stop ]; then
  dir=${2:?usage: test-postgres.sh stop DIR}
  for d in "$dir" "$dir/data"; do
    [ -f "$d/PG_VERSION" ] && as_pg "$PGBIN/pg_ctl" -D "$d" stop -m immediate >/dev/null 2>&1 || true
  done
  rm -rf "$dir"
  exit 0
fi

if [ -n "${OOGST_TEST_PGDATA:-}" ]; then
  PGDATA=$OOGST_TEST_PGDATA
else
  root=$(mktemp -d "${TMPDIR:-/tmp}/oogst-pg.XXXXXX")
  chmod 755 "$root"
  PGDATA=$root/data
  echo "test-postgres: cluster in $root; stop it with: scripts/test-postgres.sh stop $root" >&2
fi
if [ ! -f "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PGDATA"; fi
  as_pg "$PGBIN/initdb" -D "$PGDATA" -U oogst --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi

# A port is free when nothing answers on it.
free_port() {
  local p
  for _ in $(seq 50); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "test-postgres: no free port found" >&2; exit 1
}

# Tests trade durability for speed; their databases live for seconds, so vacuuming
# them is wasted work.
SPEED="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c autovacuum=off"
[ "${OOGST_PG_SAFE:-0}" = 1 ] && SPEED=""
if as_pg "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
  PGPORT=${OOGST_TEST_PGPORT:-$(sed -n 4p "$PGDATA/postmaster.pid")}
else
  tries=0
  while :; do
    PGPORT=${OOGST_TEST_PGPORT:-$(free_port)}
    if as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
      -o "-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 $SPEED -c max_connections=300 -c shared_buffers=512MB" start >/dev/null; then
      break
    fi
    tries=$((tries + 1))
    # A fixed port cannot be retried; a free one may have been taken meanwhile.
    if [ -n "${OOGST_TEST_PGPORT:-}" ] || [ $tries -ge 3 ]; then
      echo "test-postgres: PostgreSQL did not start; see $PGDATA/server.log" >&2; exit 1
    fi
  done
fi
echo "postgres://oogst@127.0.0.1:$PGPORT/postgres?sslmode=disable"
