#!/usr/bin/env bash
# The whole test suite on a fresh machine: starts PostgreSQL, installs Chromium when
# missing, checks formatting and vet, then runs every test on SQLite and PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing chromium (browser tests)"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium missing and not root: run 'sudo apt-get install chromium'" >&2; exit 1
  fi
fi
echo "== starting test PostgreSQL"
OOGST_TEST_POSTGRES_URL=$(scripts/test-postgres.sh)
export OOGST_TEST_POSTGRES_URL OOGST_TEST_REQUIRE_POSTGRES=1 OOGST_TEST_REQUIRE_BROWSER=1
echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then echo "gofmt would change:"; echo "$unformatted"; exit 1; fi
echo "== go vet"
go vet ./...
echo "== go test"
go test -count=1 -timeout 20m "$@" ./...
