package reportpdf

import (
	"strings"
	"unicode"

	"github.com/go-pdf/fpdf"
)

// clean makes free text safe for fpdf: valid UTF-8, no control or bidi-override
// characters, and nothing beyond the Basic Multilingual Plane (fpdf's UTF-16 encoder and
// width tables stop there, and DejaVu has no emoji): those become U+FFFD.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\t' || r == '\r':
			b.WriteRune(' ')
		case unicode.IsControl(r):
			// dropped
		case (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == 0xFEFF:
			// explicit embeddings and overrides would fight the reordering done here
		case r > 0xFFFF:
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// wrap breaks one paragraph (no newlines) into lines no wider than w, at spaces where
// it can and inside a word that is wider than a line on its own.
func wrap(pdf *fpdf.Fpdf, para string, w float64) []string {
	words := strings.Fields(para)
	if len(words) == 0 {
		return []string{""}
	}
	space := pdf.GetStringWidth(" ")
	var lines []string
	var cur strings.Builder
	curW := 0.0
	flush := func() {
		lines = append(lines, cur.String())
		cur.Reset()
		curW = 0
	}
	for _, word := range words {
		ww := pdf.GetStringWidth(word)
		if ww > w {
			// A word longer than a line: cut it into pieces that fit.
			if cur.Len() > 0 {
				flush()
			}
			for _, r := range word {
				rw := pdf.GetStringWidth(string(r))
				if curW+rw > w && cur.Len() > 0 {
					flush()
				}
				cur.WriteRune(r)
				curW += rw
			}
			continue
		}
		switch {
		case cur.Len() == 0:
		case curW+space+ww <= w:
			cur.WriteByte(' ')
			curW += space
		default:
			flush()
		}
		cur.WriteString(word)
		curW += ww
	}
	if cur.Len() > 0 {
		flush()
	}
	return lines
}
