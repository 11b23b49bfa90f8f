package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"time"
)

// roundJSON is the part of GET /api/v1/rounds/{code} the payload needs.
type roundJSON struct {
	Form struct {
		Questions []struct {
			ID      string `json:"id"`
			Type    string `json:"type"`
			Options []struct {
				ID string `json:"id"`
			} `json:"options"`
		} `json:"questions"`
	} `json:"form"`
}

// reflectionPayload builds a realistic reflection: a long change, a sign and a long
// significance, about 300 characters of text in all.
func reflectionPayload(base string) (func(id string) []byte, error) {
	resp, err := http.Get(base + "/api/v1/rounds/DEMO42?lang=nl")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var rj roundJSON
	if err := json.NewDecoder(resp.Body).Decode(&rj); err != nil {
		return nil, fmt.Errorf("decode round: %w", err)
	}
	texts := []string{
		"Vorige week heb ik in de crèche zelf met een ouder gepraat over de dag van haar kind. Vroeger durfde ik dat niet.",
		"Het is belangrijk omdat ik nu meer vertrouwen heb en de ouders mij ook beter begrijpen. Zo kan ik mijn werk goed doen.",
	}
	answers := map[string]any{}
	ti := 0
	for _, q := range rj.Form.Questions {
		switch {
		case q.Type == "long_text" && ti < len(texts):
			answers[q.ID] = texts[ti]
			ti++
		case q.Type == "sign":
			answers[q.ID] = "positive"
		}
	}
	if ti < 2 || len(answers) < 3 {
		return nil, fmt.Errorf("demo round has no reflection questions: %+v", rj)
	}
	return func(id string) []byte {
		b, _ := json.Marshal(map[string]any{"id": id, "language": "nl", "cursist": nil, "answers": answers})
		return b
	}, nil
}

// pair is Oogst on the demo data and the naive baseline, each in its own process on a
// fresh database of its own, with the reflection both are sent.
type pair struct {
	srv, base       *proc
	oogstDB, baseDB string
	payload         func(id string) []byte
}

// startPair starts a pair; name tells its databases and logs apart from other
// scenarios'. idle runs after Oogst is up and before the baseline starts.
func startPair(ctx context.Context, o options, work, bin, name string, idle func(srv *proc)) (*pair, error) {
	p := &pair{}
	var err error
	if p.oogstDB, err = freshDatabase(ctx, o.dbURL, name); err != nil {
		return nil, err
	}
	if p.baseDB, err = freshDatabase(ctx, o.dbURL, name+"_baseline"); err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	env := []string{"DATABASE_URL=" + p.oogstDB, "OOGST_DATA_DIR=" + work, "OOGST_LOG_LEVEL=warn", "OOGST_ADDR={addr}"}
	if out, err := runCmd(ctx, bin, []string{"demo"}, env); err != nil {
		return nil, fmt.Errorf("demo data: %v: %s", err, out)
	}
	if o.oogstSQL != "" {
		if err := execSQL(ctx, p.oogstDB, o.oogstSQL); err != nil {
			return nil, fmt.Errorf("-oogst-sql: %w", err)
		}
	}
	if p.srv, err = start(ctx, work, name, bin, []string{"serve"}, env, "/readyz"); err != nil {
		return nil, err
	}
	if idle != nil {
		idle(p.srv)
	}
	if p.base, err = start(ctx, work, name+"_baseline", self, []string{"-serve-baseline", "{addr}"}, []string{"DATABASE_URL=" + p.baseDB}, ""); err != nil {
		p.srv.Stop()
		return nil, err
	}
	if p.payload, err = reflectionPayload(p.srv.URL()); err != nil {
		p.Stop()
		return nil, err
	}
	return p, nil
}

// Stop stops both servers.
func (p *pair) Stop() { p.base.Stop(); p.srv.Stop() }

func scenarioSubmissions(ctx context.Context, o options, work, bin string, r *report) error {
	var idleKB int
	pr, err := startPair(ctx, o, work, bin, "oogst_bench", func(srv *proc) {
		time.Sleep(2 * time.Second)
		idleKB = srv.rssKB("VmRSS")
	})
	if err != nil {
		return err
	}
	defer pr.Stop()
	srv, base, oogstDB, baseDB, payload := pr.srv, pr.base, pr.oogstDB, pr.baseDB, pr.payload
	st, _ := os.Stat(bin)
	url := func(p *proc) string { return p.URL() + "/api/v1/rounds/DEMO42/responses" }
	fmt.Println("warming up…")
	runLoad(ctx, url(srv), o.clients, 2*time.Second, payload)
	runLoad(ctx, url(base), o.clients, 2*time.Second, payload)
	// The machine is shared and its speed drifts over a minute; measuring in the order
	// baseline, Oogst, Oogst, baseline lets a drift weigh on both sides alike.
	fmt.Printf("submissions: %d clients, baseline, oogst, oogst, baseline, %s each…\n", o.clients, o.duration)
	var bres, ores loadResult
	var bcpu, ocpu cpuUse
	for i, p := range []*proc{base, srv, srv, base} {
		c0 := cpuNow(p.cmd.Process.Pid)
		res := runLoad(ctx, url(p), o.clients, o.duration, payload)
		use := cpuNow(p.cmd.Process.Pid).minus(c0)
		fmt.Printf("  run %d (%s): %s\n    CPU: %s\n", i+1, p.name, res, use.perRequest(res.Requests))
		if p == base {
			bres, bcpu = bres.plus(res), bcpu.plus(use)
		} else {
			ores, ocpu = ores.plus(res), ocpu.plus(use)
		}
	}
	peakKB := srv.rssKB("VmHWM")
	fmt.Println("baseline:", bres)
	fmt.Println("oogst:   ", ores)
	wrkText, err := wrkRuns(ctx, o, work, base, srv, oogstDB, baseDB, payload)
	if err != nil {
		return fmt.Errorf("wrk: %w", err)
	}

	lostO, dupO, err := checkStored(ctx, oogstDB, "SELECT client_id FROM survey_responses", ores.Acked)
	if err != nil {
		return err
	}
	lostB, dupB, err := checkStored(ctx, baseDB, "SELECT id FROM baseline_responses", bres.Acked)
	if err != nil {
		return err
	}
	ratio := ores.RPS() / bres.RPS()
	p99 := ores.Percentile(0.99)
	var changed string
	if o.oogstSQL != "" {
		changed = " (not the shipped schema, -oogst-sql)"
	}
	sub, foot := "1 submissions"+changed, "5 footprint"+changed
	r.row(sub, "throughput (req/s)", fmt.Sprintf("%.0f", ores.RPS()), fmt.Sprintf("%.0f", bres.RPS()), fmt.Sprintf("%.2f×", ratio), "≥ 1.0×", verdict(ratio >= 1.0))
	r.row(sub, "p50 latency", ores.Percentile(0.5).Round(100*time.Microsecond).String(), bres.Percentile(0.5).Round(100*time.Microsecond).String(), "", "", "")
	r.row(sub, "p99 latency", p99.Round(100*time.Microsecond).String(), bres.Percentile(0.99).Round(100*time.Microsecond).String(), "", "≤ 100ms", verdict(p99 <= 100*time.Millisecond))
	r.row(sub, "errors", fmt.Sprint(ores.Errors), fmt.Sprint(bres.Errors), "", "0", verdict(ores.Errors == 0))
	r.row(sub, "acknowledged lost / duplicated", fmt.Sprintf("%d / %d of %d", lostO, dupO, len(ores.Acked)), fmt.Sprintf("%d / %d of %d", lostB, dupB, len(bres.Acked)), "", "0 / 0", verdict(lostO == 0 && dupO == 0))
	r.row(foot, "resident memory idle", fmt.Sprintf("%.1f MB", float64(idleKB)/1024), "", "", "≤ 50 MB", verdict(idleKB <= 50*1024))
	r.row(foot, "peak resident memory under scenario 1", fmt.Sprintf("%.1f MB", float64(peakKB)/1024), "", "", "≤ 200 MB", verdict(peakKB <= 200*1024))
	r.row(foot, "binary size", fmt.Sprintf("%.1f MB", float64(st.Size())/1024/1024), "", "", "", "")
	r.section("1. Submissions", fmt.Sprintf("%d concurrent clients post reflections (three answers, ~300 characters) to "+
		"`POST /api/v1/rounds/DEMO42/responses` after a 2 s warm-up, in four runs of %s: baseline, Oogst, Oogst, "+
		"baseline, so that the shared machine's drift weighs on both alike; each side's figures are its two runs "+
		"together. The baseline is a minimal Echo handler (bench/baseline.go) that decodes the same JSON and does "+
		"one INSERT through pgx into a one-table schema, in its own process like Oogst.\n\n- Oogst: %s\n- baseline: %s\n\nAfterwards every acknowledged client UUID "+
		"was looked up in the database: Oogst %d lost, %d duplicated; baseline %d lost, %d duplicated.\n\n"+
		"CPU per request (bench/cpu.go, from /proc; all cores):\n\n- Oogst: %s\n- baseline: %s\n\n%s%s",
		o.clients, o.duration, ores, bres, lostO, dupO, lostB, dupB, ocpu.perRequest(ores.Requests), bcpu.perRequest(bres.Requests), wrkText, changedSchema(o)))
	return nil
}

// checkStored counts acknowledged ids missing from the table and ids stored twice.
func checkStored(ctx context.Context, dbURL, query string, acked []string) (lost, dup int, err error) {
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	seen := map[string]int{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return 0, 0, err
		}
		seen[id]++
	}
	for _, n := range seen {
		if n > 1 {
			dup++
		}
	}
	for _, id := range acked {
		if seen[id] == 0 {
			lost++
		}
	}
	return lost, dup, rows.Err()
}

func runCmd(ctx context.Context, bin string, args, env []string) (string, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), expand(env, "127.0.0.1:0")...)
	out, err := cmd.CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

// changedSchema says in the report that Oogst's database was not as shipped (-oogst-sql),
// so that no one reads such a run as the product's figure.
func changedSchema(o options) string {
	if o.oogstSQL == "" {
		return ""
	}
	return "\n\n**Not the shipped schema:** before the server started, `-oogst-sql` ran on Oogst's database:\n\n```sql\n" +
		strings.TrimSpace(o.oogstSQL) + "\n```"
}
