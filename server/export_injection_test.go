package server_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"oogst/db/dbtest"
	"oogst/harvest"
	"oogst/locale"
	"oogst/markers"
	"oogst/people"
	"oogst/server/servertest"
	"oogst/survey"
)

// download fetches an export as c, stopping the test (named what) unless it answers 200.
func download(t *testing.T, c *servertest.Client, what, path string) string {
	t.Helper()
	resp := c.Get(t, path)
	if resp.Status != 200 {
		t.Fatalf("%s: %d", what, resp.Status)
	}
	return resp.Body
}

// TestExportsNeutraliseFormulas stores texts that a spreadsheet would run as formulas
// and checks every export writes them as text: the cursist list, the outcomes (CSV and
// XLSX) and the markers journals (CSV and XLSX).
func TestExportsNeutraliseFormulas(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, dbtest.SQLite(t))
	a := env.Fix.A.ID
	payloads := []string{`=HYPERLINK("http://evil.example","klik")`, `+SUM(1;2)`, `-2+3`, `@SUM(A1)`}
	storePayloads(t, env, payloads)
	c := env.As(t, "coordinator@a")

	csvs := map[string]string{
		"cursists":        fmt.Sprintf("/people/%d/cursists.csv", a),
		"outcomes":        fmt.Sprintf("/api/v1/outcomes/export.csv?partnership=%d", a),
		"markers journal": fmt.Sprintf("/markers/export?partnership=%d&what=journals&format=csv", a),
	}
	for name, path := range csvs {
		checkCells(t, name, splitCSVCells(download(t, c, name, path)), payloads)
	}
	xlsx := map[string]string{
		"outcomes":        fmt.Sprintf("/api/v1/outcomes/export.xlsx?partnership=%d", a),
		"markers journal": fmt.Sprintf("/markers/export?partnership=%d&what=journals&format=xlsx", a),
	}
	for name, path := range xlsx {
		f, err := excelize.OpenReader(bytes.NewReader([]byte(download(t, c, name+" xlsx", path))))
		if err != nil {
			t.Fatalf("%s xlsx: %v", name, err)
		}
		var cells []string
		for _, sheet := range f.GetSheetList() {
			rows, err := f.GetRows(sheet)
			if err != nil {
				t.Fatal(err)
			}
			for _, row := range rows {
				cells = append(cells, row...)
			}
			for _, p := range []string{"A1", "B2", "C2", "D2", "E2", "F2", "G2", "H2"} {
				if formula, _ := f.GetCellFormula(sheet, p); formula != "" {
					t.Errorf("%s xlsx: cell %s!%s is a formula %q", name, sheet, p, formula)
				}
			}
		}
		checkCells(t, name+" xlsx", cells, payloads)
	}
}

// checkCells fails when a payload stands in a cell as is, and when none is there
// neutralised (so the test cannot pass on an export that left the texts out).
func checkCells(t *testing.T, name string, cells, payloads []string) {
	t.Helper()
	found := 0
	for _, cell := range cells {
		for _, p := range payloads {
			if cell == p {
				t.Errorf("%s: cell %q would run as a formula", name, cell)
			}
			if cell == "'"+p {
				found++
			}
		}
	}
	if found == 0 {
		t.Errorf("%s: no neutralised payload found in %d cells", name, len(cells))
	}
}

func splitCSVCells(body string) []string {
	body = strings.TrimPrefix(body, "\ufeff")
	first, _, _ := strings.Cut(body, "\n")
	r := csv.NewReader(strings.NewReader(body))
	r.FieldsPerRecord = -1 // exports put several tables one after the other
	if strings.Count(first, ";") > strings.Count(first, ",") {
		r.Comma = ';'
	}
	var out []string
	for {
		rec, err := r.Read()
		if err != nil {
			break
		}
		out = append(out, rec...)
	}
	return out
}

// storePayloads puts payloads[0..3] where every export shows them: a cursist's first
// name and group, a reflection's answers (and so an outcome), a boundary partner, a
// marker and a journal.
func storePayloads(t *testing.T, env *servertest.Env, payloads []string) {
	t.Helper()
	ctx := context.Background()
	d := env.DB
	a := env.Fix.A.ID
	sc := env.Scope(t, "coordinator@a")
	now := time.Now()

	if _, err := people.CreateCursist(ctx, d, sc, a, people.CursistInput{FirstName: payloads[0], Group: payloads[1], Language: "nl"}, now); err != nil {
		t.Fatal(err)
	}
	r := surveyRound(t, env, "a", "Ronde", true)
	raw := map[string]survey.Answer{}
	for k, v := range map[string]string{"change": payloads[0], "sign": "positive", "significance": payloads[3]} {
		raw[k] = survey.TextAnswer(v)
	}
	if _, _, err := survey.Submit(ctx, d, harvest.Sink{}, r.Code, survey.Submission{ID: uuid.NewString(), Language: "nl", Answers: raw}, now); err != nil {
		t.Fatal(err)
	}
	bp, err := markers.CreatePartner(ctx, d, sc, markers.PartnerInput{PartnershipID: a, Name: payloads[1], OutcomeChallenge: payloads[2]})
	if err != nil {
		t.Fatal(err)
	}
	m, err := markers.AddMarker(ctx, d, sc, bp.ID, markers.MarkerInput{Level: markers.Level("expect"), Text: locale.Text{"nl": payloads[0]}})
	if err != nil {
		t.Fatal(err)
	}
	per, err := markers.CreatePeriod(ctx, d, sc, markers.PeriodInput{PartnershipID: a, Label: "P1", StartsOn: "2025-01-01", EndsOn: "2025-06-30"})
	if err != nil {
		t.Fatal(err)
	}
	if err := markers.SaveJournal(ctx, d, sc, bp.ID, per.ID, markers.JournalInput{Lessons: payloads[3],
		Entries: map[int64]markers.EntryInput{m.ID: {Rating: "high", Description: payloads[2], Evidence: payloads[3]}}}); err != nil {
		t.Fatal(err)
	}
}
