package csvsafe_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"math/rand"
	"strings"
	"testing"

	"oogst/csvsafe"
)

// TestNoFormulaInEitherReading writes random records full of formula characters,
// separators, quotes and line breaks with each separator, then reads every file back
// with both separators (quotes paired leniently, as spreadsheet programs do, and with
// and without trimming leading spaces): no cell in any reading starts a formula, and
// the file's own separator gives back the records.
func TestNoFormulaInEitherReading(t *testing.T) {
	rng := rand.New(rand.NewSource(13))
	alphabet := []string{"a", "b", "1", "=", "+", "-", "@", "\t", "\r", "\n", "\r\n", ",", ";", `"`, " ", "'", "é", "ok;=1+1;ok"}
	randomValue := func() string {
		var b strings.Builder
		for n := rng.Intn(9); n > 0; n-- {
			b.WriteString(alphabet[rng.Intn(len(alphabet))])
		}
		return b.String()
	}
	fixed := [][]string{{"ok;=1+1;ok", "ok,=1+1,ok", `a";=1`, "=HYPERLINK(\"x\")"}, {"-2+3", "@SUM(A1)", "\t=1", " =1", "a\n=1", "a\r\n+1"}}
	for round := 0; round < 3000; round++ {
		records := fixed
		if round > 0 {
			records = make([][]string, 1+rng.Intn(4))
			for i := range records {
				records[i] = make([]string, 1+rng.Intn(5))
				for j := range records[i] {
					records[i][j] = randomValue()
				}
			}
		}
		for _, sep := range []rune{',', ';'} {
			var buf bytes.Buffer
			w := csvsafe.NewWriter(&buf, sep, true)
			for _, r := range records {
				if err := w.Write(r); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			body, ok := strings.CutPrefix(buf.String(), "\ufeff")
			if !ok {
				t.Fatal("no byte-order mark")
			}
			for _, readSep := range []rune{',', ';'} {
				for _, trim := range []bool{false, true} {
					for _, cell := range readAll(t, body, readSep, trim) {
						if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
							t.Fatalf("written with %q, read with %q (trim %v): cell %q starts a formula\nrecords %q\nfile %q", sep, readSep, trim, cell, records, body)
						}
					}
				}
			}
			// Read with its own separator, the file gives back the (neutralised) values.
			r := csv.NewReader(strings.NewReader(body))
			r.Comma, r.FieldsPerRecord = sep, -1
			got, err := r.ReadAll()
			if err != nil {
				t.Fatalf("own reading of %q: %v", body, err)
			}
			if len(got) != len(records) {
				t.Fatalf("own reading: %d records, want %d\n%q", len(got), len(records), body)
			}
			for i, rec := range records {
				for j, v := range rec {
					want := strings.ReplaceAll(csvsafe.Cell(v), "\r\n", "\n")
					if j >= len(got[i]) || got[i][j] != want {
						t.Fatalf("own reading: record %d cell %d = %q, want %q", i, j, got[i], want)
					}
				}
			}
		}
	}
}

func readAll(t *testing.T, body string, sep rune, trim bool) []string {
	t.Helper()
	r := csv.NewReader(strings.NewReader(body))
	r.Comma, r.FieldsPerRecord, r.LazyQuotes, r.TrimLeadingSpace = sep, -1, true, trim
	var out []string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("read with %q: %v\n%q", sep, err, body)
		}
		out = append(out, rec...)
	}
}

func TestCellLeavesPlainTextAlone(t *testing.T) {
	for in, want := range map[string]string{
		"Fatima": "Fatima", "": "", "12": "12", "a-b": "a-b", "x=y": "x=y",
		"=1+1": "'=1+1", "ok;=1+1;ok": "ok;'=1+1;'ok" + "", "a, -b": "a, '-b", `say "=hi"`: `say "'=hi"`,
	} {
		if in == "ok;=1+1;ok" {
			want = "ok;'=1+1;ok"
		}
		if got := csvsafe.Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
}
