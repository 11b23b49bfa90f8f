package harvest

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"oogst/csvsafe"
	"oogst/db"
	"oogst/people"
)

// ExportLabels are the translated texts of an export: column headers and value labels.
// The server fills them for the staff member's language.
type ExportLabels struct {
	Headers []string            // len(ExportColumns)
	Value   func(string) string // "status.outcome.new" → translated label
	Lang    string              // for code names
	// Translation labels the columns of the story's translations, after the others.
	Translation TranslationLabels
	// CursistStatus names a cursist's current status with its detail; status "" is
	// an outcome of no known cursist.
	CursistStatus func(status, detail string) string
}

// ExportColumns are the columns of an outcome export, in order.
var ExportColumns = []string{"id", "partnership", "round", "group", "language", "date", "source", "status", "sign",
	"change", "significance", "contribution", "blocks", "summary_nl", "codes", "change_type", "intended", "reviewer_significance", "exclude_reason",
	"barriers", "actor", "contribution_strength", "significance_note", "cursist_status"}

// exportSources are what every export row looks up besides its outcome.
type exportSources struct {
	names    map[int64]string             // partnership names
	statuses map[int64]people.StatusCount // current status per cursist id
	langs    []string                     // working languages with translation columns
}

// loadExportSources loads what an export of the outcomes matching f looks up, for the
// CSV and the XLSX writer alike.
func loadExportSources(ctx context.Context, d *db.DB, sc people.Scope, f Filter) (exportSources, error) {
	names, err := partnershipNames(ctx, d, sc)
	if err != nil {
		return exportSources{}, err
	}
	pids := make([]int64, 0, len(names))
	for id := range names {
		pids = append(pids, id)
	}
	statuses, err := people.CurrentStatuses(ctx, d, pids)
	if err != nil {
		return exportSources{}, err
	}
	langs, err := exportLanguages(ctx, d, sc, f, names)
	if err != nil {
		return exportSources{}, err
	}
	return exportSources{names: names, statuses: statuses, langs: langs}, nil
}

func (x exportSources) cursistStatus(o Outcome, l ExportLabels) string {
	if l.CursistStatus == nil {
		return ""
	}
	var st people.StatusCount
	if o.CursistID != nil {
		st = x.statuses[*o.CursistID]
	}
	return l.CursistStatus(st.Status, st.Detail)
}

func exportRow(o Outcome, x exportSources, l ExportLabels) []string {
	pname := x.names
	lab := func(prefix, v string) string {
		if v == "" {
			return ""
		}
		return l.Value(prefix + v)
	}
	blocks := make([]string, len(o.Blocks))
	for i, b := range o.Blocks {
		blocks[i] = l.Value("block.outcome." + b)
	}
	codes := make([]string, len(o.Codes))
	for i, c := range o.Codes {
		codes[i] = c.Name(l.Lang)
	}
	barriers := make([]string, len(o.Barriers))
	for i, b := range o.Barriers {
		barriers[i] = b.Name(l.Lang)
	}
	source := lab("source.outcome.", o.Source)
	if o.SourceDetail != "" {
		source += ": " + o.SourceDetail
	}
	return []string{
		strconv.FormatInt(o.ID, 10), pname[o.PartnershipID], o.RoundTitle, o.GroupName, o.Language,
		o.SubmittedAt.UTC().Format(time.DateOnly), source, lab("status.outcome.", string(o.Status)), lab("sign.outcome.", o.Sign),
		o.ChangeText, o.SignificanceText, o.ContributionText, strings.Join(blocks, "; "), o.SummaryNL, strings.Join(codes, "; "),
		lab("changetype.outcome.", o.ChangeType), lab("changetype.intent.", o.Intended), lab("significance.outcome.", o.ReviewerSignificance), o.ExcludeReason,
		strings.Join(barriers, "; "), lab("barriers.actor.", o.Actor), lab("barriers.strength.", o.ContributionStrength), o.SignificanceNote,
		x.cursistStatus(o, l),
	}
}

// Neutralise keeps a spreadsheet from running a cell as a formula: text starting with
// = + - @ (or a tab or carriage return) gets a leading apostrophe.
func Neutralise(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func partnershipNames(ctx context.Context, d *db.DB, sc people.Scope) (map[int64]string, error) {
	ps, err := people.Partnerships(ctx, d, sc)
	if err != nil {
		return nil, err
	}
	out := map[int64]string{}
	for _, p := range ps {
		out[p.ID] = p.Name
	}
	return out, nil
}

// WriteCSV streams the outcomes matching f as CSV with sep between cells (UTF-8 with
// BOM, so spreadsheet programs read accents right; no cell runs as a formula with
// either separator). It returns the number of rows written.
func WriteCSV(ctx context.Context, d *db.DB, sc people.Scope, f Filter, l ExportLabels, sep rune, w io.Writer) (int, error) {
	src, err := loadExportSources(ctx, d, sc, f)
	if err != nil {
		return 0, err
	}
	cw := csvsafe.NewWriter(w, sep, true)
	if err := cw.Write(append(slices.Clip(l.Headers), translationHeaders(l.Translation, src.langs)...)); err != nil {
		return 0, err
	}
	n := 0
	err = Each(ctx, d, sc, f, func(o Outcome) error {
		n++
		return cw.Write(append(exportRow(o, src, l), translationCells(o, l.Translation, src.langs)...))
	})
	if err != nil {
		return n, err
	}
	return n, cw.Flush()
}

// WriteXLSX streams the outcomes matching f into an XLSX workbook with excelize's
// stream writer (rows go to a temporary file, not memory).
func WriteXLSX(ctx context.Context, d *db.DB, sc people.Scope, f Filter, l ExportLabels, sheet string, w io.Writer) (int, error) {
	src, err := loadExportSources(ctx, d, sc, f)
	if err != nil {
		return 0, err
	}
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return 0, fmt.Errorf("harvest: xlsx sheet: %w", err)
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return 0, fmt.Errorf("harvest: xlsx stream: %w", err)
	}
	_ = sw.SetColWidth(10, 12, 60)
	// The date is a real date (sortable, filterable), shown as ISO so it reads the same
	// in every language.
	isoDate := "yyyy-mm-dd"
	dateStyle, err := x.NewStyle(&excelize.Style{CustomNumFmt: &isoDate})
	if err != nil {
		return 0, fmt.Errorf("harvest: xlsx date style: %w", err)
	}
	row := 1
	put := func(vals []string, typed map[int]any) error {
		cells := make([]any, len(vals))
		for i, v := range vals {
			cells[i] = Neutralise(v)
			if t, ok := typed[i]; ok {
				cells[i] = t
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		row++
		return sw.SetRow(cell, cells)
	}
	if err := put(append(slices.Clip(l.Headers), translationHeaders(l.Translation, src.langs)...), nil); err != nil {
		return 0, err
	}
	n := 0
	err = Each(ctx, d, sc, f, func(o Outcome) error {
		n++
		day := o.SubmittedAt.UTC()
		return put(append(exportRow(o, src, l), translationCells(o, l.Translation, src.langs)...), map[int]any{
			slices.Index(ExportColumns, "id"):   o.ID,
			slices.Index(ExportColumns, "date"): excelize.Cell{StyleID: dateStyle, Value: time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)},
		})
	})
	if err != nil {
		return n, err
	}
	if err := sw.Flush(); err != nil {
		return n, fmt.Errorf("harvest: xlsx flush: %w", err)
	}
	if err := x.Write(w); err != nil {
		return n, fmt.Errorf("harvest: xlsx write: %w", err)
	}
	return n, nil
}

// LogExport writes the export to the audit log: who took what out of which
// partnership (what names the file and its filter, never its content).
func LogExport(ctx context.Context, d *db.DB, userID int64, partnershipID int64, what, ip string) error {
	uid := userID
	e := people.AuditEntry{UserID: &uid, Action: people.AuditExported, Detail: what, IP: ip}
	if partnershipID != 0 {
		pid := partnershipID
		e.PartnershipID = &pid
	}
	if err := people.Audit(ctx, d, e); err != nil {
		return fmt.Errorf("harvest: audit export: %w", err)
	}
	return nil
}
