#!/usr/bin/env bash
# The whole test suite on a fresh machine: starts its own PostgreSQL (stopped and
# deleted at exit), installs Chromium's headless shell when missing, checks formatting and vet, then runs
# every test on SQLite and PostgreSQL and ends with the time each package took beside
# its budget (scripts/test-budgets.txt; over budget is a warning, not a failure).
# Arguments are passed to `go test` (e.g. -run TestX, -short).
#
# Installs (as root) what it lacks: chromium-headless-shell, and docker-compose for the
# compose check.
#
# Overrides (environment):
#   OOGST_TEST_POSTGRES_URL   use this PostgreSQL instead of starting one (a superuser
#                             URL; every test creates and drops its own database)
#   OOGST_TEST_PGPORT         port for the PostgreSQL it starts (default: a free one)
#   OOGST_TEST_TIMEOUT        go test -timeout (default 25m)
#   TMPDIR                    where the per-run directory is made
# Runs as root or as a normal user; needs Go and the PostgreSQL server package.
set -euo pipefail
cd "$(dirname "$0")/.."
# Chromium's headless shell (Debian's chromium-headless-shell: the same Chromium, built
# without a window; the browser tests took half the time of the full `chromium` in it)
# drives the browser tests; Debian's docker-compose validates the compose file (no Docker
# engine is needed for `docker-compose config`; without it that test skips).
need=()
command -v chromium-headless-shell >/dev/null 2>&1 || need+=(chromium-headless-shell)
if ! command -v docker-compose >/dev/null 2>&1 && ! docker compose version >/dev/null 2>&1; then need+=(docker-compose); fi
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing ${need[*]}"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq || true
    for p in "${need[@]}"; do
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$p" >/dev/null || echo "$p did not install" >&2
    done
  fi
fi
# Without the headless shell a full Chromium serves (slower); without either the
# browser tests cannot run.
if ! command -v chromium-headless-shell >/dev/null 2>&1; then
  if command -v chromium >/dev/null 2>&1; then
    echo "chromium-headless-shell missing: the browser tests run in chromium, slower" >&2
  else
    echo "no Chromium: run 'sudo apt-get install chromium-headless-shell'" >&2; exit 1
  fi
fi
run=$(mktemp -d "${TMPDIR:-/tmp}/oogst-test.XXXXXX")
chmod 755 "$run"
cleanup() {
  if [ -n "${browser_pid:-}" ]; then kill "$browser_pid" 2>/dev/null || true; fi
  scripts/test-postgres.sh stop "$run" >/dev/null 2>&1 || rm -rf "$run"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if [ -z "${OOGST_TEST_POSTGRES_URL:-}" ]; then
  echo "== starting test PostgreSQL in $run"
  OOGST_TEST_POSTGRES_URL=$(OOGST_TEST_PGDATA="$run/data" scripts/test-postgres.sh)
fi
export OOGST_TEST_POSTGRES_URL OOGST_TEST_REQUIRE_POSTGRES=1 OOGST_TEST_REQUIRE_BROWSER=1
echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then echo "gofmt would change:"; echo "$unformatted"; exit 1; fi
echo "== go vet"
go vet ./...
echo "== go test"
status=0
# Two lanes side by side, one per core. The server package's browser and tablet tests
# (Chromium is most of the suite's CPU; the tablet tests share one demo snapshot) and
# then cmd/oogst run in one; the server's other tests and then every other package, one
# package at a time, in the other. Linux shares the cores per thread, and Chromium's
# many threads would starve the other lane, so the browser tests run at a lower priority
# (nice 5): the other lane's work goes first and Chromium takes what is left. Inside a
# package the tests that share nothing run in parallel (t.Parallel); -parallel 4,
# because most of them wait on the database, HTTP or Chromium. With arguments (say
# -run TestX) the server package runs whole in the first lane, so that no test runs
# twice.
rest=$(go list ./... | grep -vx -e oogst/cmd/oogst -e oogst/server)
timeout=${OOGST_TEST_TIMEOUT:-25m}
gotest=(go test -count=1 -p 1 -parallel 4 -timeout "$timeout")
browser_lane=(-run 'Browser|Tablet')
if [ $# -gt 0 ]; then browser_lane=("$@"); fi
(
  a=0 b=0
  nice -n 5 "${gotest[@]}" "${browser_lane[@]}" ./server || a=$?
  "${gotest[@]}" "$@" ./cmd/oogst || b=$?
  [ "$a$b" = 00 ]
) >"$run/lane-browser.log" 2>&1 &
browser_pid=$!
lane_status=0
{
  a=0 b=0
  if [ $# -eq 0 ]; then "${gotest[@]}" -skip 'Browser|Tablet' ./server || a=$?; fi
  "${gotest[@]}" -p 2 "$@" $rest || b=$?
  [ "$a$b" = 00 ]
} 2>&1 | tee "$run/lane-rest.log" || lane_status=$?
wait "$browser_pid" || status=$?
cat "$run/lane-browser.log"
[ "$lane_status" = 0 ] || status=$lane_status
cat "$run/lane-browser.log" "$run/lane-rest.log" >"$run/go-test.log"
echo "== time per package against scripts/test-budgets.txt (slowest first)"
scripts/test-budget-table.sh scripts/test-budgets.txt "$run/go-test.log" || true
exit $status
