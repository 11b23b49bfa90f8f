#!/usr/bin/env bash
# Runs the benchmarks against a private PostgreSQL with production settings (fsync on)
# and rewrites BENCHMARKS.md. Arguments go to the bench command, e.g. -scenario submissions.
set -euo pipefail
cd "$(dirname "$0")/.."
export OOGST_PG_SAFE=1 OOGST_TEST_PGDATA=${OOGST_BENCH_PGDATA:-/tmp/oogst-pgbench} OOGST_TEST_PGPORT=${OOGST_BENCH_PGPORT:-54330}
DATABASE_URL=$(scripts/test-postgres.sh)
export DATABASE_URL
exec go run ./bench "$@"
