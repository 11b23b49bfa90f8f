// Package csvsafe writes CSV files that no spreadsheet program runs as formulas, whether
// it splits the lines at commas or at semicolons (Dutch and French Excel in Belgium
// open a .csv with ';' as the separator, whatever the file was written with).
//
// Why it is safe in both readings: a spreadsheet cell can only begin right after the
// start of a line, a ',' or ';' (a separator in one of the readings), or a '"' (an
// opening quote). Cell puts an apostrophe before every = + - @ TAB CR that follows any
// of those characters (or a line break) inside a value, or starts it; the writer
// puts a quote or a separator only before a value's first character, and after a
// closing quote only a separator or a line break. So whichever character a reader
// splits at, and however it pairs the quotes, every cell it can see starts with
// something other than = + - @ TAB CR.
package csvsafe

import (
	"bufio"
	"io"
	"strings"
)

// dangerous are the characters a spreadsheet reads as the start of a formula.
const dangerous = "=+-@\t\r"

// boundaries are the characters after which some reader may start a new cell.
const boundaries = ",;\"\n\r"

// Cell returns s with an apostrophe before every character that could start a formula
// in some reading of the file: at the start and after each , ; " or line break
// (spaces in between included).
func Cell(s string) string {
	if !needsCare(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 4)
	boundary := true
	for _, r := range s {
		if boundary && strings.ContainsRune(dangerous, r) {
			b.WriteByte('\'')
		}
		b.WriteRune(r)
		// Spaces keep a boundary open: some readers trim them off a cell's start.
		boundary = strings.ContainsRune(boundaries, r) || (boundary && r == ' ')
	}
	return b.String()
}

func needsCare(s string) bool {
	if s == "" {
		return false
	}
	if strings.ContainsRune(dangerous+" ", rune(s[0])) {
		return true
	}
	return strings.ContainsAny(s, boundaries)
}

// Writer writes records separated by sep (',' or ';'), every cell passed through Cell.
// A value that holds either separator, a quote or a line break is quoted, so the file
// reads back the same with its own separator.
type Writer struct {
	w   *bufio.Writer
	sep byte
	err error
}

// NewWriter writes to w with sep between cells; with bom it first writes the UTF-8
// byte-order mark, so spreadsheet programs read accents right.
func NewWriter(w io.Writer, sep rune, bom bool) *Writer {
	cw := &Writer{w: bufio.NewWriter(w), sep: byte(sep)}
	if sep != ';' {
		cw.sep = ','
	}
	if bom {
		_, cw.err = cw.w.WriteString("\ufeff")
	}
	return cw
}

// Write writes one record (a nil or empty one is a blank line).
func (cw *Writer) Write(record []string) error {
	if cw.err != nil {
		return cw.err
	}
	if len(record) == 1 && record[0] == "" {
		_, cw.err = cw.w.WriteString("\"\"\r\n") // one empty cell, not a blank line
		return cw.err
	}
	for i, v := range record {
		if i > 0 {
			cw.w.WriteByte(cw.sep)
		}
		v = Cell(v)
		if strings.ContainsAny(v, ",;\"\r\n") || strings.HasPrefix(v, " ") || strings.HasSuffix(v, " ") {
			cw.w.WriteByte('"')
			cw.w.WriteString(strings.ReplaceAll(v, `"`, `""`))
			cw.w.WriteByte('"')
		} else {
			cw.w.WriteString(v)
		}
	}
	_, cw.err = cw.w.WriteString("\r\n")
	return cw.err
}

// Flush writes what is buffered and returns the first error.
func (cw *Writer) Flush() error {
	if err := cw.w.Flush(); cw.err == nil {
		cw.err = err
	}
	return cw.err
}
