package main

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

func init() {
	register("submission-cost", scenarioSubmissionCost)
}

// costStep takes one part of what storing a submission maintains away from a throwaway
// database, so the next run shows what that part cost per request.
type costStep struct {
	name string
	sql  []string
}

var costSteps = []costStep{
	{"as shipped", nil},
	{"without the search index (trigram GIN)", []string{"DROP INDEX IF EXISTS outcomes_search_scoped", "DROP INDEX IF EXISTS outcomes_search"}},
	{"and without the inbox's eight order indexes", []string{
		"DROP INDEX outcomes_inbox_order", "DROP INDEX outcomes_status_order", "DROP INDEX outcomes_round_order", "DROP INDEX outcomes_round_title",
		"DROP INDEX outcomes_group_order", "DROP INDEX outcomes_language_order", "DROP INDEX outcomes_sign_order", "DROP INDEX outcomes_actor_order"}},
	{"and without the rollup and tally triggers", []string{"ALTER TABLE outcomes DISABLE TRIGGER USER"}},
}

// scenarioSubmissionCost answers "where does a submission's time go" for issue 19's
// 2× target: the same load as the submissions scenario, with the naive baseline first and
// last, and Oogst four times on one database from which each run takes one more part of
// what a stored reflection maintains (search index, inbox indexes, rollup triggers). The
// CPU per request of each process (bench/cpu.go) says what each part costs. The database
// is left inconsistent on purpose and dropped by the next run.
func scenarioSubmissionCost(ctx context.Context, o options, work, bin string, r *report) error {
	pr, err := startPair(ctx, o, work, bin, "oogst_bench_cost", nil)
	if err != nil {
		return err
	}
	defer pr.Stop()
	srv, base, oogstDB, payload := pr.srv, pr.base, pr.oogstDB, pr.payload
	admin, err := sql.Open("pgx", oogstDB)
	if err != nil {
		return err
	}
	defer admin.Close()
	url := func(p *proc) string { return p.URL() + "/api/v1/rounds/DEMO42/responses" }
	runLoad(ctx, url(srv), o.clients, 2*time.Second, payload)
	runLoad(ctx, url(base), o.clients, 2*time.Second, payload)
	measure := func(p *proc) (loadResult, cpuUse) {
		c0 := cpuNow(p.cmd.Process.Pid)
		res := runLoad(ctx, url(p), o.clients, o.duration, payload)
		return res, cpuNow(p.cmd.Process.Pid).minus(c0)
	}
	var rows []string
	line := func(name string, res loadResult, use cpuUse) {
		n := float64(max(res.Requests, 1))
		us := func(d time.Duration) string { return fmt.Sprintf("%.0f", float64(d.Microseconds())/n) }
		rows = append(rows, fmt.Sprintf("| %s | %.0f | %s | %s | %s | %s | %s | %s | %.0f%% |", name, res.RPS(),
			res.Percentile(0.99).Round(100*time.Microsecond), us(use.server), us(use.postgres), us(use.loadgen),
			us(use.busy-use.server-use.postgres-use.loadgen), us(use.busy), 100*float64(use.busy)/float64(max(use.total, 1))))
		fmt.Printf("  %-50s %s\n    CPU: %s\n", name, res, use.perRequest(res.Requests))
	}
	res, use := measure(base)
	line("naive baseline (one INSERT, one table)", res, use)
	for _, s := range costSteps {
		for _, q := range s.sql {
			if _, err := admin.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("%s: %s: %w", s.name, q, err)
			}
		}
		res, use := measure(srv)
		line("Oogst "+s.name, res, use)
	}
	res, use = measure(base)
	line("naive baseline again", res, use)
	r.section("1b. Where a submission's CPU goes", fmt.Sprintf("`scripts/bench.sh -scenario submission-cost` (bench/scenario_submission_cost.go): %d clients, "+
		"%s per run, the bench's Go load generator; the naive baseline first and last; Oogst four times on one database, each run with one more "+
		"part of what storing a reflection maintains taken away (the database is a throwaway). CPU from /proc per process, in microseconds per "+
		"request, all cores (bench/cpu.go). On a machine whose cores are all busy, requests per second ≈ cores ÷ CPU per request.\n\n"+
		"| run | req/s | p99 | server µs | PostgreSQL µs | load generator µs | rest µs | all µs | machine busy |\n|---|---|---|---|---|---|---|---|---|\n%s\n",
		o.clients, o.duration, strings.Join(rows, "\n")))
	return nil
}
