package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"
)

// report collects the sections of BENCHMARKS.md.
type report struct {
	sections []string
	table    [][]string // scenario, measure, oogst, baseline, ratio, target, verdict
}

func (r *report) row(cols ...string) { r.table = append(r.table, cols) }

func (r *report) section(title, body string) {
	r.sections = append(r.sections, "## "+title+"\n\n"+strings.TrimSpace(body)+"\n")
}

func runBench(ctx context.Context, o options) error {
	work, err := os.MkdirTemp("", "oogst-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	fmt.Println("building oogst…")
	bin, err := buildOogst(ctx, work)
	if err != nil {
		return err
	}
	r := &report{}
	want := func(s string) bool { return o.scenario == "all" || o.scenario == s }
	// A scenario that fails is reported as failed; the others still run and the report
	// is still written (the command then exits non-zero).
	var failed []string
	fail := func(name string, err error) {
		fmt.Fprintf(os.Stderr, "bench: %s: %v\n", name, err)
		r.row(name, "**failed**", err.Error(), "", "", "", "**no**")
		failed = append(failed, name)
	}
	if want("submissions") || want("footprint") {
		if err := scenarioSubmissions(ctx, o, work, bin, r); err != nil {
			fail("submissions", err)
		}
	}
	for _, s := range extraScenarios {
		if want(s.name) {
			if err := s.run(ctx, o, work, bin, r); err != nil {
				fail(s.name, err)
			}
		}
	}
	if err := writeReport(o, r, bin); err != nil {
		return err
	}
	if len(failed) > 0 {
		return fmt.Errorf("scenarios failed: %v", failed)
	}
	return nil
}

// scenario is one named benchmark beyond submissions and footprint.
type scenario struct {
	name string
	run  func(ctx context.Context, o options, work, bin string, r *report) error
}

// extraScenarios are the scenarios beyond submissions and footprint, in the order their
// files register them.
var extraScenarios []scenario

// register adds a scenario (from its file's init).
func register(name string, run func(ctx context.Context, o options, work, bin string, r *report) error) {
	extraScenarios = append(extraScenarios, scenario{name, run})
}

func writeReport(o options, r *report, bin string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Oogst benchmarks\n\nWritten by `go run ./bench -scenario %s` on %s.\n\n", o.scenario, time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "Machine: %d cores, %s memory, %s/%s, %s. PostgreSQL with production settings (fsync on) unless said otherwise.\n", runtime.NumCPU(), memTotal(), runtime.GOOS, runtime.GOARCH, runtime.Version())
	fmt.Fprintf(&b, "Command: `scripts/bench.sh -scenario %s` (starts its own PostgreSQL; or `DATABASE_URL=… go run ./bench -scenario %s`).\n", o.scenario, o.scenario)
	fmt.Fprintf(&b, "Every figure stands next to a baseline measured in the same run; ratios matter more than absolute numbers on a shared 2-core machine.\n\n")
	b.WriteString("| scenario | measure | Oogst | baseline | ratio | target | met |\n|---|---|---|---|---|---|---|\n")
	for _, row := range r.table {
		b.WriteString("| " + strings.Join(row, " | ") + " |\n")
	}
	b.WriteString("\n")
	for _, s := range r.sections {
		b.WriteString(s + "\n")
	}
	fmt.Print(b.String())
	return os.WriteFile(o.out, []byte(b.String()), 0o644)
}

func memTotal() string {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "?"
	}
	var kb int
	fmt.Sscanf(strings.SplitN(string(b), "\n", 2)[0], "MemTotal: %d kB", &kb)
	return fmt.Sprintf("%.1f GiB", float64(kb)/1024/1024)
}

func verdict(ok bool) string {
	if ok {
		return "yes"
	}
	return "**no**"
}
