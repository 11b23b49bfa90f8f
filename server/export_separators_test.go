package server_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"oogst/csvsafe"
	"oogst/db/dbtest"
	"oogst/server/servertest"
)

// TestCSVExportsSafeWithEitherSeparator stores answers such as `ok;=1+1;ok` and checks
// every CSV export: UTF-8 with BOM, ';' for Dutch and French readers and ',' for
// English ones unless ?sep= says otherwise, and no cell starts a formula whether the
// file is read with ',' or ';' (as Belgian Excel does).
func TestCSVExportsSafeWithEitherSeparator(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, dbtest.SQLite(t))
	a := env.Fix.A.ID
	payloads := []string{"ok;=1+1;ok", "ok,=1+1,ok", `a";=2`, "x;@SUM(A1)"}
	storePayloads(t, env, payloads)
	nl := env.As(t, "coordinator@a")
	en := env.As(t, "coordinator@a")
	en.PostForm(t, "/lang", url.Values{"lang": {"en"}})
	fr := env.As(t, "coordinator@a")
	fr.PostForm(t, "/lang", url.Values{"lang": {"fr"}})

	exports := map[string]string{
		"cursists":        fmt.Sprintf("/people/%d/cursists.csv", a),
		"outcomes":        fmt.Sprintf("/api/v1/outcomes/export.csv?partnership=%d", a),
		"aggregates":      fmt.Sprintf("/api/v1/partnerships/%d/aggregates.csv", a),
		"markers matrix":  fmt.Sprintf("/markers/export?partnership=%d&what=matrix&format=csv", a),
		"markers journal": fmt.Sprintf("/markers/export?partnership=%d&what=journals&format=csv", a),
	}
	withPayload := map[string]bool{"cursists": true, "outcomes": true, "markers matrix": true, "markers journal": true}
	type variant struct {
		who    string
		c      *servertest.Client
		query  string
		expect rune
	}
	variants := []variant{{"nl", nl, "", ';'}, {"fr", fr, "", ';'}, {"en", en, "", ','}, {"nl", nl, "sep=comma", ','}, {"en", en, "sep=semicolon", ';'}}
	for name, path := range exports {
		for _, v := range variants {
			p := path
			if v.query != "" {
				p += "&" + v.query
				if !strings.Contains(path, "?") {
					p = path + "?" + v.query
				}
			}
			resp := v.c.Get(t, p)
			if resp.Status != http.StatusOK {
				t.Fatalf("%s (%s %s): %d %.200s", name, v.who, v.query, resp.Status, resp.Body)
			}
			body, ok := strings.CutPrefix(resp.Body, "\ufeff")
			if !ok {
				t.Errorf("%s (%s): no byte-order mark", name, v.who)
			}
			first, _, _ := strings.Cut(body, "\n")
			other := map[rune]rune{';': ',', ',': ';'}[v.expect]
			if n, m := len(csvCells(t, first, v.expect)), len(csvCells(t, first, other)); n < 2 || n <= m {
				t.Errorf("%s (%s %s): first line %q splits in %d cells at %q and %d at %q", name, v.who, v.query, first, n, v.expect, m, other)
			}
			for _, sep := range []rune{',', ';'} {
				for _, cell := range csvCells(t, body, sep) {
					if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
						t.Errorf("%s (%s %s) read with %q: cell %q starts a formula", name, v.who, v.query, sep, cell)
					}
				}
			}
			if withPayload[name] {
				found := false
				for _, cell := range csvCells(t, body, v.expect) {
					for _, pl := range payloads {
						if cell == csvsafe.Cell(pl) {
							found = true
						}
					}
				}
				if !found {
					t.Errorf("%s (%s %s): no stored text found; the check proves nothing\n%s", name, v.who, v.query, body)
				}
			}
		}
	}
	// The export pages offer the separator a reader does not get by default.
	pages := []string{fmt.Sprintf("/outcomes?partnership=%d", a), fmt.Sprintf("/partnerships/%d/dashboard", a), fmt.Sprintf("/people/%d/cursists", a),
		fmt.Sprintf("/markers/overview?partnership=%d", a)}
	for _, page := range pages {
		if r := nl.Get(t, page); r.Status != http.StatusOK || !strings.Contains(r.Body, "sep=comma") || !strings.Contains(r.Body, "CSV met komma&#39;s") {
			t.Errorf("%s (nl): %d, no link to the comma variant", page, r.Status)
		}
		if r := en.Get(t, page); r.Status != http.StatusOK || !strings.Contains(r.Body, "sep=semicolon") || !strings.Contains(r.Body, "CSV with semicolons") {
			t.Errorf("%s (en): %d, no link to the semicolon variant", page, r.Status)
		}
	}
	bad := nl.Get(t, exports["outcomes"]+"&sep=tab")
	if bad.Status != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, `"sep"`) {
		t.Errorf("?sep=tab: %d %s", bad.Status, bad.Body)
	}
}

// csvCells reads body leniently (as a spreadsheet does) with sep and returns every cell.
func csvCells(t *testing.T, body string, sep rune) []string {
	t.Helper()
	r := csv.NewReader(strings.NewReader(body))
	r.Comma, r.FieldsPerRecord, r.LazyQuotes = sep, -1, true
	var out []string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("read with %q: %v", sep, err)
		}
		out = append(out, rec...)
	}
}

// TestXLSXExportsTypeNumbersAndDates reads the workbooks back: ids and counts are
// number cells, dates and times are numbers with a date format, texts are strings.
func TestXLSXExportsTypeNumbersAndDates(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, dbtest.SQLite(t))
	a := env.Fix.A.ID
	storePayloads(t, env, []string{"=1", "+2", "-3", "@4"})
	c := env.As(t, "coordinator@a")
	open := func(path string) *excelize.File {
		resp := c.Get(t, path)
		if resp.Status != http.StatusOK {
			t.Fatalf("%s: %d", path, resp.Status)
		}
		f, err := excelize.OpenReader(bytes.NewReader([]byte(resp.Body)))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	isNumber := func(f *excelize.File, sheet, cell string) bool {
		typ, err := f.GetCellType(sheet, cell)
		return err == nil && (typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset)
	}
	isDate := func(f *excelize.File, sheet, cell string) {
		t.Helper()
		raw, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		shown, _ := f.GetCellValue(sheet, cell)
		if !isNumber(f, sheet, cell) || raw == shown || !strings.HasPrefix(shown, "20") {
			t.Errorf("%s!%s is not a date cell: raw %q shown %q", sheet, cell, raw, shown)
		}
	}
	isText := func(f *excelize.File, sheet, cell string) {
		t.Helper()
		if typ, _ := f.GetCellType(sheet, cell); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
			t.Errorf("%s!%s is not text (type %v)", sheet, cell, typ)
		}
	}

	out := open(fmt.Sprintf("/api/v1/outcomes/export.xlsx?partnership=%d", a))
	sheet := out.GetSheetName(0)
	if !isNumber(out, sheet, "A2") {
		t.Errorf("outcome id A2 is not a number")
	}
	if v, _ := out.GetCellValue(sheet, "A2"); v == "" || strings.Trim(v, "0123456789") != "" {
		t.Errorf("outcome id A2 = %q", v)
	}
	isDate(out, sheet, "F2")
	isText(out, sheet, "A1")
	isText(out, sheet, "J2")

	agg := open(fmt.Sprintf("/api/v1/partnerships/%d/aggregates.xlsx", a))
	s0 := agg.GetSheetName(0)
	if !isNumber(agg, s0, "B2") {
		t.Errorf("aggregate count %s!B2 is not a number", s0)
	}

	mk := open(fmt.Sprintf("/markers/export?partnership=%d&format=xlsx", a))
	rows, err := mk.GetRows("Journals")
	if err != nil || len(rows) < 2 {
		t.Fatalf("journals: %v %v", err, rows)
	}
	isText(mk, "Journals", "A2")
	isDate(mk, "Journals", "J2")
}
