package server

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"oogst/harvest"
)

// xlsxSheet is one sheet of a small workbook built in memory. Strings are neutralised
// so no cell is read as a formula; numbers stay numbers and times become date cells.
type xlsxSheet struct {
	Name string
	Rows [][]any
}

// writeXLSX writes one sheet per table with excelize's stream writer.
func writeXLSX(w *bytes.Buffer, sheets []xlsxSheet) error {
	f := excelize.NewFile()
	defer f.Close()
	isoTime, timeStyle := "yyyy-mm-dd hh:mm", 0
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.Name); err != nil {
				return fmt.Errorf("xlsx: %w", err)
			}
		} else if _, err := f.NewSheet(sh.Name); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
		sw, err := f.NewStreamWriter(sh.Name)
		if err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
		if timeStyle == 0 {
			if timeStyle, err = f.NewStyle(&excelize.Style{CustomNumFmt: &isoTime}); err != nil {
				return fmt.Errorf("xlsx: %w", err)
			}
		}
		for r, row := range sh.Rows {
			vals := make([]any, len(row))
			for i, v := range row {
				switch x := v.(type) {
				case string:
					v = harvest.Neutralise(x)
				case time.Time:
					v = excelize.Cell{StyleID: timeStyle, Value: x}
				}
				vals[i] = v
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := sw.SetRow(cell, vals); err != nil {
				return fmt.Errorf("xlsx: %w", err)
			}
		}
		if err := sw.Flush(); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
	}
	return f.Write(w)
}

// anyRow turns texts into a sheet row.
func anyRow(ss ...string) []any {
	out := make([]any, len(ss))
	for i, v := range ss {
		out[i] = v
	}
	return out
}

// textRow is a sheet row as text, for CSV: times as yyyy-mm-dd hh:mm.
func textRow(row []any) []string {
	out := make([]string, len(row))
	for i, v := range row {
		switch x := v.(type) {
		case string:
			out[i] = x
		case time.Time:
			out[i] = x.Format("2006-01-02 15:04")
		default:
			out[i] = fmt.Sprint(x)
		}
	}
	return out
}

// stringRows turns a text table into sheet rows.
func stringRows(table [][]string) [][]any {
	out := make([][]any, len(table))
	for i, row := range table {
		out[i] = make([]any, len(row))
		for j, v := range row {
			out[i][j] = v
		}
	}
	return out
}

// sheetName makes a valid, unique Excel sheet name (at most 31 characters, none of
// : \ / ? * [ ]) from a chart title.
func sheetName(title string, i int, used map[string]bool) string {
	clean := []rune(strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '-'
		}
		return r
	}, strings.TrimSpace(title)))
	if len(clean) > 31 {
		clean = clean[:31]
	}
	name := strings.Trim(string(clean), "'")
	if name == "" || used[strings.ToLower(name)] {
		suffix := fmt.Sprintf(" (%d)", i+1)
		base := []rune(name)
		if len(base)+len(suffix) > 31 {
			base = base[:31-len(suffix)]
		}
		name = string(base) + suffix
	}
	used[strings.ToLower(name)] = true
	return name
}
