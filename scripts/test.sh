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
#   TMPDIR                    where the per-run directory is made (default: /dev/shm
#                             when it has room, else /tmp)
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
# The per-run directory holds the test PostgreSQL's data and, as TMPDIR, every test's
# temporary files (SQLite copies, Chromium's profile, go build's work). On tmpfs
# (/dev/shm) a CREATE DATABASE from the migrated template took 20 ms instead of 83 ms
# on this machine kind's disk, and the server's non-browser tests 30 s instead of 39 s;
# it is used when it has room (4 GiB, and as much memory available), else /tmp.
scratch=${TMPDIR:-}
if [ -z "$scratch" ]; then
  scratch=/tmp
  shm_kib=$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }')
  mem_kib=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo 2>/dev/null)
  if [ -w /dev/shm ] && [ "${shm_kib:-0}" -ge 4194304 ] && [ "${mem_kib:-0}" -ge 4194304 ]; then scratch=/dev/shm; fi
fi
run=$(mktemp -d "$scratch/oogst-test.XXXXXX")
chmod 755 "$run"
mkdir -m 1777 "$run/tmp"
cleanup() {
  scripts/test-postgres.sh stop "$run" >/dev/null 2>&1 || rm -rf "$run"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if [ -z "${OOGST_TEST_POSTGRES_URL:-}" ]; then
  echo "== starting test PostgreSQL in $run"
  OOGST_TEST_POSTGRES_URL=$(OOGST_TEST_PGDATA="$run/data" scripts/test-postgres.sh)
fi
export OOGST_TEST_POSTGRES_URL OOGST_TEST_REQUIRE_POSTGRES=1 OOGST_TEST_REQUIRE_BROWSER=1
export TMPDIR=$run/tmp
echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then echo "gofmt would change:"; echo "$unformatted"; exit 1; fi
echo "== go vet"
go vet ./...
echo "== $SECONDS s so far (Chromium, PostgreSQL, gofmt, vet)"
echo "== go test"
status=0
# Three phases, one after the other, each with the whole machine: the server's tests
# that need no browser, then every other package two at a time (-p 2), then the
# server's browser and tablet tests (Chromium is most of the suite's CPU; the tablet
# tests share one demo snapshot). They used to run as two lanes side by side, but most
# non-browser tests are chains of short database and HTTP round trips that each wait
# for a core: beside the browser tests the server's non-browser tests took 91 s instead
# of 39 s alone (and 46-58 s beside a CPU hog even at nice 19 or SCHED_IDLE), and the
# suite took 231 s against 183 s in phases, back to back. Inside a package the tests
# that share nothing run in parallel (t.Parallel); -parallel 4, because most of them
# wait on the database, HTTP or Chromium. With arguments (say -run TestX) every package
# runs once with them.
rest=$(go list ./... | grep -vx -e oogst/server)
timeout=${OOGST_TEST_TIMEOUT:-25m}
gotest=(go test -count=1 -parallel 4 -timeout "$timeout")
: >"$run/go-test.log"
phase() {
  local t0=$SECONDS
  "${gotest[@]}" "$@" 2>&1 | tee -a "$run/go-test.log" || status=1
  echo "== phase took $((SECONDS - t0)) s: go test $*"
}
if [ $# -gt 0 ]; then
  phase -p 2 "$@" ./...
else
  phase -skip 'Browser|Tablet' ./server
  phase -p 2 $rest
  phase -run 'Browser|Tablet' ./server
fi
echo "== time per package against scripts/test-budgets.txt (slowest first)"
scripts/test-budget-table.sh scripts/test-budgets.txt "$run/go-test.log" || true
exit $status
