// Command bench measures Oogst side by side with baselines measured in the same run and
// rewrites BENCHMARKS.md. It needs a PostgreSQL server it may create databases on:
//
//	DATABASE_URL=postgres://user@127.0.0.1:5432/postgres go run ./bench -scenario all
//
// Every figure is reported next to its baseline from the same run, because absolute
// numbers on shared machines are noisy.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

type options struct {
	dbURL    string
	scenario string
	duration time.Duration
	clients  int
	outcomes int
	out      string
	scale    int
	samples  int
	reuse    bool
	oogstSQL string
}

func main() {
	var o options
	flag.StringVar(&o.scenario, "scenario", "all", "submissions, footprint, dashboard, export, tablet, scaleout, micro, pages, submission-cost or all")
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "length of each load run")
	flag.IntVar(&o.clients, "clients", 64, "concurrent clients for the submission scenario")
	flag.IntVar(&o.outcomes, "outcomes", 1_000_000, "outcomes to seed for the dashboard scenario")
	flag.IntVar(&o.scale, "scale", 1_000_000, "outcomes to seed for the pages scenario (an eighth of them in Gent)")
	flag.IntVar(&o.samples, "samples", 30, "timed loads of each page in the pages scenario")
	flag.BoolVar(&o.reuse, "reuse", false, "pages scenario: keep an earlier run's seeded database when it holds -scale outcomes (a 1M seed takes minutes); the server still migrates it")
	flag.StringVar(&o.oogstSQL, "oogst-sql", "", "-scenario submissions only: SQL run on Oogst's database after the demo data and before the server starts, to measure what a part of the schema costs (e.g. DROP INDEX …); the report says it ran")
	flag.StringVar(&o.out, "out", "BENCHMARKS.md", "report to rewrite")
	baselineAddr := flag.String("serve-baseline", "", "internal: run the baseline server on this address")
	flag.Parse()
	o.dbURL = os.Getenv("DATABASE_URL")
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if *baselineAddr != "" {
		if err := serveBaseline(ctx, o.dbURL, *baselineAddr); err != nil {
			fmt.Fprintln(os.Stderr, "baseline:", err)
			os.Exit(1)
		}
		return
	}
	if o.dbURL == "" {
		fmt.Fprintln(os.Stderr, "bench: set DATABASE_URL to a PostgreSQL server (scripts/test-postgres.sh prints one)")
		os.Exit(2)
	}
	if o.oogstSQL != "" && o.scenario != "submissions" {
		// Other scenarios would report a changed schema as the product's figure.
		fmt.Fprintln(os.Stderr, "bench: -oogst-sql goes with -scenario submissions only")
		os.Exit(2)
	}
	if err := runBench(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}
