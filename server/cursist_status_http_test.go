package server_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"oogst/harvest"
	"oogst/server/servertest"
)

// Coordinators change any cursist's status, mentors their own group's (another group's
// cursist answers 404), partners none; a refused form keeps what was typed.
func TestCursistStatusChangeByCoordinatorAndMentor(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		pid := env.Fix.A.ID
		own, other := env.Fix.Cursists["KAAA"], env.Fix.Cursists["KACA"] // Groep A (the mentor's), Groep B
		path := func(cid int64) string { return fmt.Sprintf("/people/%d/cursists/%d/status", pid, cid) }
		coord, mentor := env.As(t, "coordinator@a"), env.As(t, "mentor@a")

		r := coord.PostForm(t, path(other.ID), url.Values{"status": {"stopped"}, "outflow": {"other_work"}, "effective_on": {"2026-03-04"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Kies waarom ze stopte.") ||
			!strings.Contains(r.Body, `value="2026-03-04"`) || !strings.Contains(r.Body, `<option value="stopped" selected>`) ||
			!strings.Contains(r.Body, `<option value="other_work" selected>`) {
			t.Errorf("refused form: %d %.3000s", r.Status, r.Body)
		}
		r = coord.PostForm(t, path(other.ID), url.Values{"status": {"finished"}, "outflow": {"childcare_work"}, "effective_on": {"2026-03-04"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("coordinator: %d %.500s", r.Status, r.Body)
		}
		list := coord.Get(t, fmt.Sprintf("/people/%d/cursists", pid))
		if !strings.Contains(list.Body, "Afgerond: werkt in de kinderopvang") || !strings.Contains(list.Body, "KACA: Afgerond: werkt in de kinderopvang. Bewaard.") {
			t.Errorf("list after the change: %.4000s", list.Body)
		}

		r = mentor.PostForm(t, path(own.ID), url.Values{"status": {"paused"}, "effective_on": {"2026-02-10"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("mentor, own group: %d %.500s", r.Status, r.Body)
		}
		page := mentor.Get(t, path(own.ID))
		if page.Status != 200 || !strings.Contains(page.Body, "Gepauzeerd") || !strings.Contains(page.Body, env.Fix.Users["mentor@a"].Name) {
			t.Errorf("mentor's status page: %d %.3000s", page.Status, page.Body)
		}
		if ml := mentor.Get(t, fmt.Sprintf("/people/%d/cursists", pid)); !strings.Contains(ml.Body, `href="`+path(own.ID)+`"`) {
			t.Errorf("the mentor's list has no status link for her cursist")
		}
		for _, p := range []string{path(other.ID)} {
			if r := mentor.Get(t, p); r.Status != http.StatusNotFound || strings.Contains(r.Body, other.FirstName) {
				t.Errorf("mentor GET another group's cursist: %d", r.Status)
			}
			if r := mentor.PostForm(t, p, url.Values{"status": {"paused"}, "effective_on": {"2026-02-10"}}); r.Status != http.StatusNotFound {
				t.Errorf("mentor POST another group's cursist: %d", r.Status)
			}
		}
		if r := env.As(t, "partner@a").PostForm(t, path(own.ID), url.Values{"status": {"stopped"}, "reason": {"health"}, "effective_on": {"2026-02-11"}}); r.Status != http.StatusForbidden {
			t.Errorf("partner: %d", r.Status)
		}
		// Nothing the refused callers sent was stored.
		page = coord.Get(t, path(other.ID))
		if strings.Count(page.Body, "<td>Afgerond: werkt in de kinderopvang</td>") != 1 || strings.Contains(page.Body, "<td>Gestopt") {
			t.Errorf("history of the other group's cursist: %.3000s", page.Body)
		}
	})
}

// The aggregates API and the dashboard split by cursist status and add up to the
// totals; the outcome exports name each outcome's cursist status.
func TestCursistStatusInFiguresAndExports(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		ctx := context.Background()
		pid := env.Fix.A.ID
		at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
		for i, code := range []string{"KAAA", "KAAA", "KABA", ""} {
			in := harvest.ReflectionInput{ResponseID: int64(900 + i), PartnershipID: pid, RoundID: 1, RoundTitle: "Ronde 1", GroupName: "Groep A",
				Language: "nl", Change: "verhaal " + code, Sign: "positive", SubmittedAt: at}
			if code != "" {
				cid := env.Fix.Cursists[code].ID
				in.CursistID = &cid
			}
			if _, err := harvest.CreateFromReflection(ctx, env.DB, in); err != nil {
				t.Fatal(err)
			}
		}
		coord := env.As(t, "coordinator@a")
		if r := coord.PostForm(t, fmt.Sprintf("/people/%d/cursists/%d/status", pid, env.Fix.Cursists["KABA"].ID),
			url.Values{"status": {"stopped"}, "reason": {"health"}, "effective_on": {"2026-03-20"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("set status: %d", r.Status)
		}

		r := coord.Get(t, fmt.Sprintf("/api/v1/partnerships/%d/aggregates", pid))
		var agg struct {
			Total           int64 `json:"total"`
			Cursists        int64 `json:"cursists"`
			ByCursistStatus []struct {
				Status, Detail     string
				Cursists, Outcomes int64
			} `json:"by_cursist_status"`
		}
		if err := json.Unmarshal([]byte(r.Body), &agg); err != nil {
			t.Fatalf("%d %s: %v", r.Status, r.Body, err)
		}
		got := fmt.Sprint(agg.ByCursistStatus)
		if want := "[{in_training  2 2} {stopped health 1 1} {  0 1}]"; got != want || agg.Total != 4 || agg.Cursists != 3 {
			t.Errorf("aggregates: total %d, cursists %d, split %s; want 4, 3, %s", agg.Total, agg.Cursists, got, want)
		}

		r = coord.Get(t, fmt.Sprintf("/api/v1/partnerships/%d/cursists", pid))
		if !strings.Contains(r.Body, `"code":"KABA"`) || !strings.Contains(r.Body, `"status":"stopped","status_detail":"health","status_since":"2026-03-20"`) ||
			!strings.Contains(r.Body, `"status":"in_training","status_detail":"","status_since":null`) {
			t.Errorf("cursists API: %s", r.Body)
		}

		dash := env.As(t, "mentor@a").Get(t, fmt.Sprintf("/partnerships/%d/dashboard", pid))
		for _, want := range []string{"<th scope=\"row\">Gestopt: gezondheid</th><td>1</td><td>1</td>", "<th scope=\"row\">In opleiding</th><td>2</td><td>2</td>",
			"<th scope=\"row\">Geen cursist gekend</th><td>–</td><td>1</td>", "<th scope=\"row\">Totaal</th><td>3</td><td>4</td>"} {
			if !strings.Contains(dash.Body, want) {
				t.Errorf("dashboard lacks %q: %d", want, dash.Status)
			}
		}

		r = coord.Get(t, fmt.Sprintf("/api/v1/outcomes/export.csv?partnership=%d", pid))
		cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\uFEFF")))
		cr.Comma = ';' // the Dutch separator
		rows, err := cr.ReadAll()
		if err != nil || len(rows) != 5 {
			t.Fatalf("csv: %d rows, %v\n%s", len(rows), err, r.Body)
		}
		// The column follows the outcome's own columns; translations may come after it.
		last := slices.Index(rows[0], "Status cursist")
		if last < 0 {
			t.Fatalf("csv header lacks the cursist status: %q", rows[0])
		}
		byStory := map[string]string{}
		for _, row := range rows[1:] {
			byStory[row[9]] = row[last]
		}
		if byStory["verhaal KAAA"] != "In opleiding" || byStory["verhaal KABA"] != "Gestopt: gezondheid" || byStory["verhaal "] != "" {
			t.Errorf("csv cursist statuses: %v", byStory)
		}

		r = coord.Get(t, fmt.Sprintf("/api/v1/outcomes/export.xlsx?partnership=%d", pid))
		x, err := excelize.OpenReader(bytes.NewReader([]byte(r.Body)))
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		xrows, err := x.GetRows(x.GetSheetName(0))
		if err != nil || len(xrows) != 5 {
			t.Fatalf("xlsx: %d rows, %v", len(xrows), err)
		}
		var stopped int
		for _, row := range xrows {
			if len(row) > last && row[last] == "Gestopt: gezondheid" {
				stopped++
			}
		}
		if xrows[0][last] != "Status cursist" || stopped != 1 {
			t.Errorf("xlsx: header %q, %d rows stopped: %v", xrows[0][last], stopped, xrows)
		}
	})
}
