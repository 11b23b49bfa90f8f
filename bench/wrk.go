package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// idMarker stands for the client UUID in the payload the wrk script is built from.
const idMarker = "@@CLIENT-ID@@"

// wrkScript posts the reflection with a client UUID unique by construction: the run,
// wrk's thread and a counter (so the stored rows of one run can be counted by prefix).
const wrkScript = `local pre, post = [==[%s]==], [==[%s]==]
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local run, n = 0, 0
function init(args) run = tonumber(args[1]) end
function request()
  n = n + 1
  local id = string.format("%%08x-%%04x-4000-8000-%%012x", run, tid, n)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, pre .. id .. post)
end
`

var (
	wrkRequests = regexp.MustCompile(`(\d+) requests in`)
	wrkRate     = regexp.MustCompile(`Requests/sec:\s+([\d.]+)`)
	wrkNon2xx   = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	wrkSocket   = regexp.MustCompile(`Socket errors: (.*)`)
	wrkLatency  = regexp.MustCompile(`(?m)^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$`)
)

// wrkRuns measures the same submissions with wrk, a load generator much lighter than
// the bench's own, in the order baseline, Oogst, Oogst, baseline on the processes
// already running. It returns the report's paragraph (a note when wrk is missing).
func wrkRuns(ctx context.Context, o options, work string, base, srv *proc, oogstDB, baseDB string, payload func(string) []byte) (string, error) {
	wrk, err := exec.LookPath("wrk")
	if err != nil {
		return "wrk is not installed here: no wrk runs (Debian package `wrk`).", nil
	}
	pre, post, ok := strings.Cut(string(payload(idMarker)), idMarker)
	if !ok {
		return "", fmt.Errorf("payload has no client id")
	}
	script := filepath.Join(work, "submit.lua")
	if err := os.WriteFile(script, []byte(fmt.Sprintf(wrkScript, pre, post)), 0o644); err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "wrk (`wrk -t2 -c%d -d%s --latency`, a Lua script posting the same reflection with a fresh client UUID), "+
		"same processes, order baseline, Oogst, Oogst, baseline:\n\n", o.clients, o.duration)
	b.WriteString("| run | server | req/s | p50 | p99 | non-2xx | stored / acknowledged | CPU per request |\n|---|---|---|---|---|---|---|---|\n")
	var rate [2]float64
	for i, p := range []*proc{base, srv, srv, base} {
		run := i + 1
		pid := p.cmd.Process.Pid
		c0 := cpuNow(pid)
		cmd := exec.CommandContext(ctx, wrk, "-t2", "-c"+strconv.Itoa(o.clients), "-d"+strconv.Itoa(int(o.duration.Seconds()))+"s", "--latency",
			"-s", script, p.URL()+"/api/v1/rounds/DEMO42/responses", "--", strconv.Itoa(run))
		out, err := cmd.Output()
		if err != nil {
			return "", fmt.Errorf("run %d: %v: %s", run, err, out)
		}
		use := cpuNow(pid).minus(c0)
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			use.loadgen = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		}
		text := string(out)
		n := atoiMatch(wrkRequests, text)
		non2xx := atoiMatch(wrkNon2xx, text)
		rps, _ := strconv.ParseFloat(firstMatch(wrkRate, text), 64)
		lat := map[string]string{}
		for _, m := range wrkLatency.FindAllStringSubmatch(text, -1) {
			lat[m[1]] = m[2] + m[3]
		}
		dbURL, query := baseDB, "SELECT count(*), count(DISTINCT id) FROM baseline_responses WHERE id LIKE $1"
		if p == srv {
			dbURL, query = oogstDB, "SELECT count(*), count(DISTINCT client_id) FROM survey_responses WHERE client_id LIKE $1"
		}
		stored, distinct, err := countPrefix(ctx, dbURL, query, fmt.Sprintf("%08x-%%", run))
		if err != nil {
			return "", err
		}
		if stored != distinct {
			return "", fmt.Errorf("run %d: %d rows for %d client ids: duplicated", run, stored, distinct)
		}
		acked := n - non2xx
		// wrk counts finished requests only; up to one per connection may have been
		// stored as the run ended without being counted.
		if stored < acked {
			return "", fmt.Errorf("run %d: %d stored of %d acknowledged: lost", run, stored, acked)
		}
		sock := firstMatch(wrkSocket, text)
		if sock != "" {
			non2xx = -1
		}
		name := "baseline"
		if p == srv {
			name = "Oogst"
			rate[1] += rps / 2
		} else {
			rate[0] += rps / 2
		}
		fmt.Printf("  wrk run %d (%s): %.0f req/s, p50 %s, p99 %s, non-2xx %d %s\n    CPU: %s\n", run, name, rps, lat["50"], lat["99"], non2xx, sock, use.perRequest(n))
		fmt.Fprintf(&b, "| %d | %s | %.0f | %s | %s | %d | %d / %d | %s |\n", run, name, rps, lat["50"], lat["99"], non2xx, stored, acked, use.perRequest(n))
	}
	fmt.Fprintf(&b, "\nUnder wrk Oogst took %.0f req/s and the baseline %.0f (mean of two runs each): %.2f×. "+
		"\"stored\" counts the run's rows by their client-id prefix; it may exceed the acknowledged count by the requests "+
		"still in flight when wrk stopped, never fall below it (the bench fails then).\n", rate[1], rate[0], rate[1]/max(rate[0], 1))
	return b.String(), nil
}

func countPrefix(ctx context.Context, dbURL, query, prefix string) (n, distinct int, err error) {
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()
	err = db.QueryRowContext(ctx, query, prefix).Scan(&n, &distinct)
	return n, distinct, err
}

func firstMatch(re *regexp.Regexp, s string) string {
	if m := re.FindStringSubmatch(s); m != nil {
		return strings.TrimSpace(m[1])
	}
	return ""
}

func atoiMatch(re *regexp.Regexp, s string) int {
	n, _ := strconv.Atoi(firstMatch(re, s))
	return n
}
