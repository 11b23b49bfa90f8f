package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

func init() {
	register("micro", scenarioMicro)
}

// microPairs are the hot-path micro-benchmarks, each with its baseline in the same run.
var microPairs = []struct{ what, oogst, baseline string }{
	{"submission validation (one reflection)", "BenchmarkCheckAnswers", "BenchmarkDecodeAnswersOnly"},
	{"dashboard aggregates, 20k outcomes, SQLite", "BenchmarkAggregate/sqlite", "BenchmarkAggregateFromTables/sqlite"},
	{"dashboard aggregates, 20k outcomes, PostgreSQL", "BenchmarkAggregate/postgres", "BenchmarkAggregateFromTables/postgres"},
}

// scenarioMicro runs the go test micro-benchmarks with -benchmem against the bench's
// PostgreSQL and reports each next to its baseline.
func scenarioMicro(ctx context.Context, o options, work, bin string, r *report) error {
	cmd := exec.CommandContext(ctx, "go", "test", "-run", "^$", "-bench", "CheckAnswers|DecodeAnswersOnly|Aggregate", "-benchmem", "-count", "1", "./survey/", "./harvest/")
	cmd.Env = append(os.Environ(), "OOGST_TEST_POSTGRES_URL="+o.dbURL, "OOGST_TEST_REQUIRE_POSTGRES=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go test -bench: %w\n%s", err, out.String())
	}
	type result struct{ ns, bytes, allocs string }
	results := map[string]result{}
	var lines []string
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 8 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		lines = append(lines, sc.Text())
		name := f[0]
		if i := strings.LastIndex(name, "-"); i > 0 { // drop the GOMAXPROCS suffix
			name = name[:i]
		}
		results[name] = result{f[2], f[4], f[6]}
	}
	for _, p := range microPairs {
		a, ok1 := results[p.oogst]
		b, ok2 := results[p.baseline]
		if !ok1 || !ok2 {
			return fmt.Errorf("missing %s or %s in:\n%s", p.oogst, p.baseline, out.String())
		}
		var na, nb float64
		fmt.Sscan(a.ns, &na)
		fmt.Sscan(b.ns, &nb)
		r.row("6 micro", p.what, fmt.Sprintf("%s ns/op, %s B/op, %s allocs/op", a.ns, a.bytes, a.allocs),
			fmt.Sprintf("%s ns/op, %s B/op, %s allocs/op", b.ns, b.bytes, b.allocs), fmt.Sprintf("%.2f×", na/nb), "report", "")
	}
	r.section("6. Micro-benchmarks", "`go test -run '^$' -bench 'CheckAnswers|DecodeAnswersOnly|Aggregate' -benchmem ./survey/ ./harvest/` "+
		"(PostgreSQL: the bench's own server). Baselines: decoding the same answers with no validation; the same aggregates computed "+
		"straight from the outcome tables instead of the rollup.\n\n```\n"+strings.Join(lines, "\n")+"\n```")
	return nil
}
