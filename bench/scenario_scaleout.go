package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/google/uuid"
)

func init() {
	register("scaleout", scenarioScaleOut)
}

// scenarioScaleOut runs two Oogst processes on one PostgreSQL database: the load is
// split between them, and then every submission is sent to both at once (as a tablet
// retrying through a load balancer would) to check it is stored exactly once.
func scenarioScaleOut(ctx context.Context, o options, work, bin string, r *report) error {
	dbURL, err := freshDatabase(ctx, o.dbURL, "oogst_bench_scaleout")
	if err != nil {
		return err
	}
	env := []string{"DATABASE_URL=" + dbURL, "OOGST_DATA_DIR=" + work, "OOGST_LOG_LEVEL=warn", "OOGST_ADDR={addr}", "OOGST_DB_MAX_CONNS=10"}
	if out, err := runCmd(ctx, bin, []string{"demo"}, env); err != nil {
		return fmt.Errorf("demo data: %v: %s", err, out)
	}
	a, err := start(ctx, work, "oogst-a", bin, []string{"serve"}, env, "/readyz")
	if err != nil {
		return err
	}
	defer a.Stop()
	b, err := start(ctx, work, "oogst-b", bin, []string{"serve"}, env, "/readyz")
	if err != nil {
		return err
	}
	defer b.Stop()
	payload, err := reflectionPayload(a.URL())
	if err != nil {
		return err
	}
	path := "/api/v1/rounds/DEMO42/responses"
	runLoad(ctx, a.URL()+path, o.clients, 2*time.Second, payload)
	one := runLoad(ctx, a.URL()+path, o.clients, o.duration, payload)
	var ra, rb loadResult
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); ra = runLoad(ctx, a.URL()+path, o.clients/2, o.duration, payload) }()
	go func() { defer wg.Done(); rb = runLoad(ctx, b.URL()+path, o.clients/2, o.duration, payload) }()
	wg.Wait()
	two := loadResult{Requests: ra.Requests + rb.Requests, Errors: ra.Errors + rb.Errors, Duration: max(ra.Duration, rb.Duration),
		Latencies: append(append([]time.Duration(nil), ra.Latencies...), rb.Latencies...), Acked: append(append([]string(nil), ra.Acked...), rb.Acked...)}

	// The same ids to both processes at the same moment.
	const dupes = 500
	ids := make([]string, dupes)
	var mu sync.Mutex
	acked := map[string]int{}
	errs := 0
	sem := make(chan struct{}, 32)
	for i := range ids {
		ids[i] = uuid.NewString()
		for _, p := range []*proc{a, b} {
			wg.Add(1)
			sem <- struct{}{}
			go func(id, base string) {
				defer wg.Done()
				defer func() { <-sem }()
				resp, err := http.Post(base+path, "application/json", bytes.NewReader(payload(id)))
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					errs++
					return
				}
				resp.Body.Close()
				if resp.StatusCode == 200 || resp.StatusCode == 201 {
					acked[id]++
				} else {
					errs++
				}
			}(ids[i], p.URL())
		}
	}
	wg.Wait()
	all := append(append(append([]string(nil), one.Acked...), two.Acked...), ids...)
	lost, dup, err := checkStored(ctx, dbURL, "SELECT client_id FROM survey_responses", all)
	if err != nil {
		return err
	}
	both := 0
	for _, n := range acked {
		if n == 2 {
			both++
		}
	}
	r.row("scale-out", "one process (req/s)", fmt.Sprintf("%.0f", one.RPS()), "", "", "", "")
	r.row("scale-out", "two processes, one database (req/s)", fmt.Sprintf("%.0f", two.RPS()), fmt.Sprintf("%.0f", one.RPS()), fmt.Sprintf("%.2f×", two.RPS()/one.RPS()), "report", "")
	r.row("scale-out", "same id to both processes: stored once", fmt.Sprintf("%d lost, %d duplicated of %d", lost, dup, len(all)), "", "", "0 / 0", verdict(lost == 0 && dup == 0 && errs == 0))
	r.section("Scale-out: two processes on one database", fmt.Sprintf("Two Oogst processes (10 database connections each) on one PostgreSQL database, "+
		"on the same 2-core machine as the database and the load generator.\n\n- one process, %d clients: %s\n- two processes, %d clients each: %s (%.2f× one process)\n\n"+
		"Then %d submissions were each sent to both processes at the same moment (as a tablet retrying through a load balancer might): "+
		"%d were acknowledged by both, %d errors. Every acknowledged id of the whole scenario was looked up afterwards: %d lost, %d stored twice.",
		o.clients, one, o.clients/2, two, two.RPS()/one.RPS(), dupes, both, errs, lost, dup))
	return nil
}
