package people

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"oogst/apperr"
	"oogst/db"
)

// MaxImportRows caps one CSV import (a partnership has tens of cursists, not thousands).
const MaxImportRows = 2000

// importColumns are the CSV columns, in the default order when there is no header.
var importColumns = []string{"code", "first_name", "group", "language"}

// ImportRow is one data line of a CSV file with its problems.
type ImportRow struct {
	Line   int
	In     CursistInput
	Errors []apperr.Message
}

// ImportPreview is a parsed and checked CSV file.
type ImportPreview struct {
	Rows []ImportRow
	// FileErrors are problems with the file as a whole (no rows, bad header, too long).
	FileErrors []apperr.Message
	ErrorCount int
}

// OK reports whether the whole file can be imported.
func (p ImportPreview) OK() bool {
	return p.ErrorCount == 0 && len(p.FileErrors) == 0 && len(p.Rows) > 0
}

// PreviewImport parses and checks a CSV of cursists for partnership pid without saving.
func PreviewImport(ctx context.Context, d *db.DB, sc Scope, pid int64, text string) (ImportPreview, error) {
	if err := RequireCoordinator(sc, pid); err != nil {
		return ImportPreview{}, err
	}
	return checkImport(ctx, d, pid, text)
}

// ImportCursists checks the CSV again (the file came back from the browser, and the
// partnership may have changed since the preview) and inserts every row in one
// transaction: all rows or none. An invalid file returns its preview and a KindInvalid
// error.
func ImportCursists(ctx context.Context, d *db.DB, sc Scope, pid int64, text, ip string, now time.Time) (int, ImportPreview, error) {
	if err := RequireCoordinator(sc, pid); err != nil {
		return 0, ImportPreview{}, err
	}
	var pv ImportPreview
	errInvalid := apperr.New(apperr.KindInvalid, "people.import.has_errors")
	err := d.Tx(ctx, func(tx *db.DB) error {
		var err error
		if pv, err = checkImport(ctx, tx, pid, text); err != nil {
			return err
		}
		if !pv.OK() {
			return errInvalid
		}
		taken := map[string]bool{}
		for _, r := range pv.Rows {
			taken[r.In.Code] = true
		}
		for _, r := range pv.Rows {
			code := r.In.Code
			if code == "" {
				if code, err = freeCode(ctx, tx, pid, taken); err != nil {
					return err
				}
				taken[code] = true
			}
			c := Cursist{PartnershipID: pid, Code: code, FirstName: r.In.FirstName, GroupName: r.In.Group, PreferredLanguage: r.In.Language, Active: true}
			if err := tx.Q(ctx).Create(&c).Error; err != nil {
				return fmt.Errorf("line %d: %w", r.Line, err)
			}
		}
		uid := sc.UserID
		return Audit(ctx, tx, AuditEntry{PartnershipID: &pid, UserID: &uid, Action: AuditCursistsImported,
			Detail: fmt.Sprintf("%d", len(pv.Rows)), IP: ip})
	})
	if errors.Is(err, errInvalid) {
		return 0, pv, errInvalid
	}
	if err != nil {
		return 0, pv, fmt.Errorf("people: import cursists into %d: %w", pid, err)
	}
	return len(pv.Rows), pv, nil
}

func checkImport(ctx context.Context, d *db.DB, pid int64, text string) (ImportPreview, error) {
	var pv ImportPreview
	text = strings.TrimPrefix(text, "\ufeff") // Excel's byte-order mark
	if strings.TrimSpace(text) == "" {
		pv.FileErrors = append(pv.FileErrors, apperr.Msg("people.import.empty"))
		return pv, nil
	}
	if !utf8.ValidString(text) {
		// The upload handler checks this too; text from other callers must not
		// reach the database mangled (PostgreSQL would refuse it with an error).
		pv.FileErrors = append(pv.FileErrors, apperr.Msg("people.import.not_utf8"))
		return pv, nil
	}
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	// Spreadsheets set to Dutch or French save with semicolons.
	first, _, _ := strings.Cut(text, "\n")
	if strings.Count(first, ";") > strings.Count(first, ",") {
		r.Comma = ';'
	}
	cols := importColumns
	line := 0
	seen := map[string]int{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line++
		if err != nil {
			pv.FileErrors = append(pv.FileErrors, apperr.Msg("people.import.unreadable", "Line", line))
			return pv, nil
		}
		if line == 1 && isHeader(rec) {
			var bad string
			if cols, bad = headerColumns(rec); bad != "" {
				pv.FileErrors = append(pv.FileErrors, apperr.Msg("people.import.bad_header", "Column", bad))
				return pv, nil
			}
			continue
		}
		if blank(rec) {
			continue
		}
		if len(pv.Rows) == MaxImportRows {
			pv.FileErrors = append(pv.FileErrors, apperr.Msg("people.import.too_many", "Max", MaxImportRows))
			return pv, nil
		}
		row := ImportRow{Line: line}
		if len(rec) > len(cols) {
			row.Errors = append(row.Errors, apperr.Msg("people.import.too_many_fields", "Want", len(cols)))
		}
		for i, col := range cols {
			if i >= len(rec) {
				break
			}
			switch col {
			case "code":
				row.In.Code = rec[i]
			case "first_name":
				row.In.FirstName = rec[i]
			case "group":
				row.In.Group = rec[i]
			case "language":
				row.In.Language = rec[i]
			}
		}
		row.In.normalize()
		v := apperr.Invalid{}
		row.In.validate(v)
		for _, f := range []string{"code", "first_name", "group", "language"} {
			if m, ok := v[f]; ok {
				row.Errors = append(row.Errors, m)
			}
		}
		if c := row.In.Code; c != "" && v["code"].ID == "" {
			if prev, dup := seen[c]; dup {
				row.Errors = append(row.Errors, apperr.Msg("people.import.code_twice", "Code", c, "Line", prev))
			} else {
				seen[c] = line
				used, err := codeTaken(ctx, d, pid, c, 0)
				if err != nil {
					return pv, fmt.Errorf("people: check code: %w", err)
				}
				if used {
					row.Errors = append(row.Errors, apperr.Msg("people.import.code_exists", "Code", c))
				}
			}
		}
		if len(row.Errors) > 0 {
			pv.ErrorCount++
		}
		pv.Rows = append(pv.Rows, row)
	}
	if len(pv.Rows) == 0 && len(pv.FileErrors) == 0 {
		pv.FileErrors = append(pv.FileErrors, apperr.Msg("people.import.empty"))
	}
	return pv, nil
}

func isHeader(rec []string) bool {
	for _, f := range rec {
		for _, k := range importColumns {
			if normCol(f) == k {
				return true
			}
		}
	}
	return false
}

// headerColumns maps a header row to column names; it returns the first unknown one.
func headerColumns(rec []string) ([]string, string) {
	out := make([]string, len(rec))
	for i, f := range rec {
		c := normCol(f)
		known := false
		for _, k := range importColumns {
			known = known || c == k
		}
		if !known {
			return nil, f
		}
		out[i] = c
	}
	return out, ""
}

var colSeparators = strings.NewReplacer(" ", "_", "-", "_")

func normCol(s string) string {
	return colSeparators.Replace(strings.ToLower(strings.TrimSpace(s)))
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}
