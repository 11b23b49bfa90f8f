package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptrace"
	"net/url"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

func init() {
	register("pages", scenarioPages)
}

// pageCase is one staff page, timed over HTTP as a logged-in coordinator, next to the
// hand-written SQL that reads the same data (run through pgx in the same loop).
type pageCase struct {
	name     string
	path     string // "" when the path is only known after an earlier case (follow)
	follow   func() string
	ttfb     bool // time to the first byte of the body, then hang up
	baseline []string
	args     [][]any
	target   time.Duration
}

// inboxSQL is the best hand-written query for an inbox page: the rows in index order
// with their codes, no total.
func inboxSQL(where string) string {
	return `SELECT o.id, o.summary_nl, o.change_text, o.status, o.sign, o.round_title, o.group_name, o.language, o.submitted_at,
  (SELECT array_agg(l.code_id) FROM outcome_code_links l WHERE l.outcome_id = o.id)
FROM outcomes o WHERE o.partnership_id = $1` + where + ` ORDER BY o.submitted_at DESC, o.id DESC LIMIT 25`
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)
var nextLink = regexp.MustCompile(`rel="next" href="([^"]+)"`)

// login opens a session for email with the demo password and returns its client.
func login(base, email string) (*http.Client, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(base + "/login")
	if err != nil {
		return nil, err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfField.FindSubmatch(body)
	if m == nil {
		return nil, fmt.Errorf("login page has no CSRF field")
	}
	resp, err = c.PostForm(base+"/login", url.Values{"_csrf": {string(m[1])}, "email": {email}, "password": {"oogst-demo-2026"}})
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusFound {
		return nil, fmt.Errorf("login: status %d", resp.StatusCode)
	}
	return c, nil
}

func scenarioPages(ctx context.Context, o options, work, bin string, r *report) error {
	dbURL, gent, seedTime, foldTime, reused, err := pagesDatabase(ctx, o, work, bin)
	if err != nil {
		return err
	}
	env := benchEnv(work, dbURL)
	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	if reused {
		fmt.Println("reusing the seeded database oogst_bench_pages")
	}
	var inGent int64
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM outcomes WHERE partnership_id = $1", gent).Scan(&inGent); err != nil {
		return err
	}
	// Fixed points of the data: an outcome, a meeting, a boundary partner, a round, a
	// code and the row a deep page starts after.
	// Halfway down Gent's inbox: page 2,500 at 1M.
	deep := int(inGent / 25 / 2)
	q := func(sql string, args ...any) string {
		if err != nil {
			return ""
		}
		var v string
		v, err = firstRow(ctx, pool, sql, args...)
		return v
	}
	outcomeID := q("SELECT max(id)::text FROM outcomes WHERE partnership_id = $1", gent)
	meetingID := q("SELECT id::text FROM meetings WHERE partnership_id = $1 ORDER BY id LIMIT 1", gent)
	bpID := q("SELECT id::text FROM boundary_partners WHERE partnership_id = $1 ORDER BY id LIMIT 1", gent)
	roundID := q("SELECT round_id::text FROM outcomes WHERE partnership_id = $1 AND round_id < 0 LIMIT 1", gent)
	codeID := q("SELECT l.code_id::text FROM outcome_code_links l JOIN outcomes o ON o.id = l.outcome_id WHERE o.partnership_id = $1 GROUP BY l.code_id ORDER BY count(*) DESC LIMIT 1", gent)
	deepAt := q("SELECT submitted_at::text FROM outcomes WHERE partnership_id = $1 ORDER BY submitted_at DESC, id DESC OFFSET $2 LIMIT 1", gent, (deep-1)*25-1)
	deepID := q("SELECT id::text FROM outcomes WHERE partnership_id = $1 ORDER BY submitted_at DESC, id DESC OFFSET $2 LIMIT 1", gent, (deep-1)*25-1)
	if err != nil {
		return err
	}
	srv, err := start(ctx, work, "oogst-pages", bin, []string{"serve"}, env, "/readyz")
	if err != nil {
		return err
	}
	defer srv.Stop()
	client, err := login(srv.URL(), "coordinator@gent.demo")
	if err != nil {
		return err
	}
	g := []any{gent}
	const page, search, csvTarget = 100 * time.Millisecond, 150 * time.Millisecond, 200 * time.Millisecond
	var deepNext string
	cases := []pageCase{
		{name: "inbox, first page (to review)", path: "/outcomes", baseline: []string{inboxSQL(" AND o.status = 'new'")}, args: [][]any{g}, target: page},
		{name: "inbox, first page (every status)", path: "/outcomes?status=all", baseline: []string{inboxSQL("")}, args: [][]any{g}, target: page},
		{name: fmt.Sprintf("inbox, page %d by number (old link)", deep), path: fmt.Sprintf("/outcomes?status=all&page=%d", deep),
			baseline: []string{inboxSQL(" AND (o.submitted_at, o.id) < ($2::timestamptz, $3::bigint)")}, args: [][]any{{gent, deepAt, deepID}}, target: page},
		{name: fmt.Sprintf("inbox, page %d by its \"older\" link", deep+1), follow: func() string { return deepNext },
			baseline: []string{inboxSQL(" AND (o.submitted_at, o.id) < ($2::timestamptz, $3::bigint)")}, args: [][]any{{gent, deepAt, deepID}}, target: page},
		{name: "inbox, search (a word in 2%)", path: "/outcomes?status=all&q=Fietsenmaker1",
			baseline: []string{inboxSQL(" AND (o.change_text ILIKE '%fietsenmaker1%' OR o.significance_text ILIKE '%fietsenmaker1%' OR o.contribution_text ILIKE '%fietsenmaker1%' OR o.summary_nl ILIKE '%fietsenmaker1%')")}, args: [][]any{g}, target: search},
		{name: "inbox, search (no match)", path: "/outcomes?status=all&q=onbestaand",
			baseline: []string{inboxSQL(" AND (o.change_text ILIKE '%onbestaand%' OR o.significance_text ILIKE '%onbestaand%' OR o.contribution_text ILIKE '%onbestaand%' OR o.summary_nl ILIKE '%onbestaand%')")}, args: [][]any{g}, target: search},
		{name: "inbox, filter round", path: "/outcomes?status=all&round=" + roundID, baseline: []string{inboxSQL(" AND o.round_id = $2")}, args: [][]any{{gent, roundID}}, target: page},
		{name: "inbox, filter group", path: "/outcomes?status=all&group=Groep+K", baseline: []string{inboxSQL(" AND o.group_name = 'Groep K'")}, args: [][]any{g}, target: page},
		{name: "inbox, filter status (used)", path: "/outcomes?status=used", baseline: []string{inboxSQL(" AND o.status = 'used'")}, args: [][]any{g}, target: page},
		{name: "inbox, filter code", path: "/outcomes?status=all&code=" + codeID,
			baseline: []string{inboxSQL(" AND EXISTS (SELECT 1 FROM outcome_code_links l WHERE l.outcome_id = o.id AND l.code_id = $2)")}, args: [][]any{{gent, codeID}}, target: page},
		{name: "inbox, filter sign (negative)", path: "/outcomes?status=all&sign=negative", baseline: []string{inboxSQL(" AND o.sign = 'negative'")}, args: [][]any{g}, target: page},
		{name: "inbox, filter language (ru)", path: "/outcomes?status=all&language=ru", baseline: []string{inboxSQL(" AND o.language = 'ru'")}, args: [][]any{g}, target: page},
		{name: "inbox, three filters and a search", path: "/outcomes?status=coded&sign=positive&language=nl&q=bibliotheek",
			baseline: []string{inboxSQL(" AND o.status = 'coded' AND o.sign = 'positive' AND o.language = 'nl' AND (o.change_text ILIKE '%bibliotheek%' OR o.significance_text ILIKE '%bibliotheek%' OR o.contribution_text ILIKE '%bibliotheek%' OR o.summary_nl ILIKE '%bibliotheek%')")}, args: [][]any{g}, target: search},
		{name: "outcome page", path: "/outcomes/" + outcomeID,
			baseline: []string{"SELECT * FROM outcomes WHERE id = $1", "SELECT * FROM outcome_code_links WHERE outcome_id = $1", "SELECT * FROM outcome_blocks WHERE outcome_id = $1", "SELECT * FROM outcome_history WHERE outcome_id = $1 ORDER BY at"},
			args:     [][]any{{outcomeID}, {outcomeID}, {outcomeID}, {outcomeID}}, target: page},
		{name: "meeting mode", path: "/meetings/" + meetingID,
			baseline: []string{"SELECT * FROM meetings WHERE id = $1", "SELECT o.* FROM meeting_outcomes mo JOIN outcomes o ON o.id = mo.outcome_id WHERE mo.meeting_id = $1 ORDER BY mo.position", "SELECT * FROM adjustments WHERE meeting_id = $1"},
			args:     [][]any{{meetingID}, {meetingID}, {meetingID}}, target: page},
		{name: "meetings list", path: "/meetings", baseline: []string{"SELECT * FROM meetings WHERE partnership_id = $1 ORDER BY held_at DESC"}, args: [][]any{g}, target: page},
		{name: "dashboard", path: fmt.Sprintf("/partnerships/%d/dashboard", gent), baseline: bestRollup, args: slices.Repeat([][]any{g}, len(bestRollup)), target: page},
		{name: "markers matrix", path: "/markers/partners/" + bpID + "/matrix",
			baseline: []string{"SELECT m.*, e.rating, j.period_id FROM progress_markers m LEFT JOIN journal_entries e ON e.marker_id = m.id LEFT JOIN outcome_journals j ON j.id = e.journal_id WHERE m.boundary_partner_id = $1"},
			args:     [][]any{{bpID}}, target: page},
		{name: "markers overview", path: fmt.Sprintf("/markers/overview?partnership=%d", gent),
			baseline: []string{"SELECT m.*, e.rating, j.period_id FROM progress_markers m LEFT JOIN journal_entries e ON e.marker_id = m.id LEFT JOIN outcome_journals j ON j.id = e.journal_id WHERE m.partnership_id = $1"},
			args:     [][]any{g}, target: page},
		{name: "CSV export, first byte", path: fmt.Sprintf("/api/v1/outcomes/export.csv?partnership=%d", gent), ttfb: true,
			baseline: []string{"SELECT * FROM outcomes WHERE partnership_id = $1 ORDER BY id LIMIT 500"}, args: [][]any{g}, target: csvTarget},
	}
	get := func(c pageCase, path string) (time.Duration, []byte, error) {
		var first time.Time
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL()+path, nil)
		req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{GotFirstResponseByte: func() { first = time.Now() }}))
		t := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		var body []byte
		if c.ttfb {
			// The first byte of the body: the headers may go out before the first row.
			b := make([]byte, 1)
			_, err = io.ReadFull(resp.Body, b)
			first = time.Now()
		} else {
			body, err = io.ReadAll(resp.Body)
		}
		if err != nil {
			return 0, nil, err
		}
		if resp.StatusCode != 200 {
			return 0, nil, fmt.Errorf("%s: status %d", path, resp.StatusCode)
		}
		if c.ttfb {
			// Hang up rather than read the whole export.
			client.CloseIdleConnections()
			return first.Sub(t), nil, nil
		}
		return time.Since(t), body, nil
	}
	sqlRun := func(c pageCase) (time.Duration, error) {
		t := time.Now()
		for i, s := range c.baseline {
			rows, err := pool.Query(ctx, s, c.args[i]...)
			if err != nil {
				return 0, fmt.Errorf("%s baseline: %w", c.name, err)
			}
			for rows.Next() {
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return 0, fmt.Errorf("%s baseline: %w", c.name, err)
			}
		}
		return time.Since(t), nil
	}
	pct := func(xs []time.Duration, q float64) time.Duration {
		s := append([]time.Duration(nil), xs...)
		sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
		return s[int(q*float64(len(s)-1))]
	}
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/1e6) }
	load0 := loadAvg()
	var lines []string
	for _, c := range cases {
		path := c.path
		if c.follow != nil {
			path = c.follow()
			if path == "" {
				r.row("7 pages", c.name, "no link", "", "", "", "**no**")
				continue
			}
		}
		var web, base []time.Duration
		for i := 0; i < o.samples+2; i++ { // two to warm up, then interleaved
			d, body, err := get(c, path)
			if err != nil {
				return fmt.Errorf("%s: %w", c.name, err)
			}
			if i == 0 && strings.Contains(c.name, "by number") {
				if m := nextLink.FindSubmatch(body); m != nil {
					deepNext = strings.ReplaceAll(string(m[1]), "&amp;", "&")
				}
			}
			b, err := sqlRun(c)
			if err != nil {
				return err
			}
			if i >= 2 {
				web, base = append(web, d), append(base, b)
			}
		}
		p95 := pct(web, 0.95)
		r.row("7 pages", c.name+", p50 / p95", ms(pct(web, 0.5))+" / "+ms(p95), ms(pct(base, 0.5))+" / "+ms(pct(base, 0.95)),
			fmt.Sprintf("%.1f×", float64(p95)/float64(pct(base, 0.95))), "≤ "+ms(c.target)+" p95", verdict(p95 <= c.target))
		lines = append(lines, fmt.Sprintf("| %s | `%s` | %s | %s | %s | %s |", c.name, path, ms(pct(web, 0.5)), ms(p95), ms(pct(base, 0.5)), ms(pct(base, 0.95))))
		fmt.Printf("%-45s %s p95 (SQL %s)\n", c.name, ms(p95), ms(pct(base, 0.95)))
	}
	r.section("7. Staff pages at scale", fmt.Sprintf("%d outcomes seeded with set-based SQL in %s (rollup triggers on; folding took %s), spread evenly over the demo's "+
		"partnerships: Gent holds %d. Each partnership has 10 rounds and 12 groups (unevenly used), two years of submissions on the hour "+
		"(so many outcomes share a submitted_at), 30%% to review, eight languages with Arabic, Turkish, Ukrainian and Russian text.\n\n"+
		"Each page was fetched %d times over HTTP with a logged-in coordinator's session (after two warm-up loads), each time followed by the "+
		"hand-written SQL that reads the same data through pgx (the baseline: the rows in index order, no total; the dashboard's is one GROUPING SETS "+
		"pass over the rollup). The CSV export is timed to its first body byte, its baseline to the first 500 rows. Load average (1 min) "+
		"on this shared 2-core machine: %s at the start, %s at the end.\n\n"+
		"| page | path | p50 | p95 | SQL p50 | SQL p95 |\n|---|---|---|---|---|---|\n%s",
		o.scale, seedTime.Round(time.Millisecond), foldTime.Round(time.Millisecond), inGent, o.samples, load0, loadAvg(), strings.Join(lines, "\n")))
	return nil
}

// loadAvg is the one-minute load average, for the report.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Fields(string(b))[0]
}
