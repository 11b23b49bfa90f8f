package reportpdf

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/bidi"
)

// fpdf draws one glyph per code point and neither shapes Arabic script nor reorders
// right-to-left text. Cursists write in Arabic and Persian, so this file does the two
// steps a text engine would: contextual shaping into the Arabic Presentation Forms
// (which DejaVu Sans carries) and visual reordering of each printed line.

// forms are a letter's isolated, final, initial and medial presentation forms; a
// right-joining letter (it never joins the letter after it) has only the first two.
type forms [4]rune

var arabicForms = map[rune]forms{
	0x0621: {0xFE80, 0, 0, 0},
	0x0622: {0xFE81, 0xFE82, 0, 0},
	0x0623: {0xFE83, 0xFE84, 0, 0},
	0x0624: {0xFE85, 0xFE86, 0, 0},
	0x0625: {0xFE87, 0xFE88, 0, 0},
	0x0626: {0xFE89, 0xFE8A, 0xFE8B, 0xFE8C},
	0x0627: {0xFE8D, 0xFE8E, 0, 0},
	0x0628: {0xFE8F, 0xFE90, 0xFE91, 0xFE92},
	0x0629: {0xFE93, 0xFE94, 0, 0},
	0x062A: {0xFE95, 0xFE96, 0xFE97, 0xFE98},
	0x062B: {0xFE99, 0xFE9A, 0xFE9B, 0xFE9C},
	0x062C: {0xFE9D, 0xFE9E, 0xFE9F, 0xFEA0},
	0x062D: {0xFEA1, 0xFEA2, 0xFEA3, 0xFEA4},
	0x062E: {0xFEA5, 0xFEA6, 0xFEA7, 0xFEA8},
	0x062F: {0xFEA9, 0xFEAA, 0, 0},
	0x0630: {0xFEAB, 0xFEAC, 0, 0},
	0x0631: {0xFEAD, 0xFEAE, 0, 0},
	0x0632: {0xFEAF, 0xFEB0, 0, 0},
	0x0633: {0xFEB1, 0xFEB2, 0xFEB3, 0xFEB4},
	0x0634: {0xFEB5, 0xFEB6, 0xFEB7, 0xFEB8},
	0x0635: {0xFEB9, 0xFEBA, 0xFEBB, 0xFEBC},
	0x0636: {0xFEBD, 0xFEBE, 0xFEBF, 0xFEC0},
	0x0637: {0xFEC1, 0xFEC2, 0xFEC3, 0xFEC4},
	0x0638: {0xFEC5, 0xFEC6, 0xFEC7, 0xFEC8},
	0x0639: {0xFEC9, 0xFECA, 0xFECB, 0xFECC},
	0x063A: {0xFECD, 0xFECE, 0xFECF, 0xFED0},
	0x0640: {0x0640, 0x0640, 0x0640, 0x0640}, // tatweel joins on both sides
	0x0641: {0xFED1, 0xFED2, 0xFED3, 0xFED4},
	0x0642: {0xFED5, 0xFED6, 0xFED7, 0xFED8},
	0x0643: {0xFED9, 0xFEDA, 0xFEDB, 0xFEDC},
	0x0644: {0xFEDD, 0xFEDE, 0xFEDF, 0xFEE0},
	0x0645: {0xFEE1, 0xFEE2, 0xFEE3, 0xFEE4},
	0x0646: {0xFEE5, 0xFEE6, 0xFEE7, 0xFEE8},
	0x0647: {0xFEE9, 0xFEEA, 0xFEEB, 0xFEEC},
	0x0648: {0xFEED, 0xFEEE, 0, 0},
	0x0649: {0xFEEF, 0xFEF0, 0, 0},
	0x064A: {0xFEF1, 0xFEF2, 0xFEF3, 0xFEF4},
	// Persian letters (Presentation Forms-A).
	0x067E: {0xFB56, 0xFB57, 0xFB58, 0xFB59},
	0x0686: {0xFB7A, 0xFB7B, 0xFB7C, 0xFB7D},
	0x0698: {0xFB8A, 0xFB8B, 0, 0},
	0x06A9: {0xFB8E, 0xFB8F, 0xFB90, 0xFB91},
	0x06AF: {0xFB92, 0xFB93, 0xFB94, 0xFB95},
	0x06CC: {0xFBFC, 0xFBFD, 0xFBFE, 0xFBFF},
}

// lamAlef are the ligatures of lam followed by an alef: isolated and final.
var lamAlef = map[rune][2]rune{
	0x0622: {0xFEF5, 0xFEF6},
	0x0623: {0xFEF7, 0xFEF8},
	0x0625: {0xFEF9, 0xFEFA},
	0x0627: {0xFEFB, 0xFEFC},
}

// transparent marks (harakat and the like) sit on a letter and do not break joining.
func transparent(r rune) bool {
	return (r >= 0x064B && r <= 0x065F) || r == 0x0670 || (r >= 0x06D6 && r <= 0x06ED)
}

func dualJoining(r rune) bool {
	f, ok := arabicForms[r]
	return ok && f[2] != 0
}

// joinsAfter reports whether letter r can join the letter after it (in logical order).
func joinsAfter(r rune) bool { return dualJoining(r) }

// shapeArabic replaces Arabic and Persian letters by their contextual forms. Text
// without Arabic letters comes back unchanged.
func shapeArabic(s string) string {
	if !hasArabic(s) {
		return s
	}
	in := []rune(s)
	out := make([]rune, 0, len(in))
	// neighbour finds the nearest letter before (step -1) or after (step +1) i, skipping marks.
	neighbour := func(i, step int) (rune, bool) {
		for j := i + step; j >= 0 && j < len(in); j += step {
			if transparent(in[j]) {
				continue
			}
			_, ok := arabicForms[in[j]]
			return in[j], ok
		}
		return 0, false
	}
	for i := 0; i < len(in); i++ {
		r := in[i]
		f, ok := arabicForms[r]
		if !ok {
			out = append(out, r)
			continue
		}
		prev, okPrev := neighbour(i, -1)
		joinPrev := okPrev && joinsAfter(prev)
		if r == 0x0644 && i+1 < len(in) {
			if lig, ok := lamAlef[in[i+1]]; ok {
				if joinPrev {
					out = append(out, lig[1])
				} else {
					out = append(out, lig[0])
				}
				i++
				continue
			}
		}
		_, okNext := neighbour(i, +1)
		joinNext := okNext && dualJoining(r)
		switch {
		case joinPrev && joinNext:
			out = append(out, f[3])
		case joinPrev && f[1] != 0:
			out = append(out, f[1])
		case joinNext:
			out = append(out, f[2])
		default:
			out = append(out, f[0])
		}
	}
	return string(out)
}

func hasArabic(s string) bool {
	for _, r := range s {
		if rtlRune(r) {
			return true
		}
	}
	return false
}

// rtlRune reports whether r is a strong right-to-left character.
func rtlRune(r rune) bool {
	p, _ := bidi.LookupRune(r)
	c := p.Class()
	return c == bidi.R || c == bidi.AL
}

// rightToLeft reports the direction of a paragraph by its first strong character.
func rightToLeft(s string) bool {
	for _, r := range s {
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.R, bidi.AL:
			return true
		case bidi.L:
			return false
		}
	}
	return false
}

var mirrored = map[rune]rune{'(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<', '«': '»', '»': '«'}

// visual puts one printed line of a paragraph into display order: runs of the other
// direction keep their own order, right-to-left runs are reversed (brackets mirrored)
// and, in a right-to-left paragraph, the runs are laid out from right to left.
func visual(line string, rtl bool) string {
	if !hasArabic(line) || !utf8.ValidString(line) {
		return line
	}
	var p bidi.Paragraph
	opt := bidi.DefaultDirection(bidi.LeftToRight)
	if rtl {
		opt = bidi.DefaultDirection(bidi.RightToLeft)
	}
	if _, err := p.SetString(line, opt); err != nil {
		return line
	}
	o, err := p.Order()
	if err != nil {
		return line
	}
	runs := make([]string, o.NumRuns())
	for i := range runs {
		r := o.Run(i)
		if r.Direction() == bidi.RightToLeft {
			runs[i] = reverseRunes(r.String())
		} else {
			runs[i] = r.String()
		}
	}
	if rtl {
		for i, j := 0, len(runs)-1; i < j; i, j = i+1, j-1 {
			runs[i], runs[j] = runs[j], runs[i]
		}
	}
	return strings.Join(runs, "")
}

// reverseRunes reverses s, keeping each combining mark after its base letter so it is
// still drawn over that letter, and mirrors brackets.
func reverseRunes(s string) string {
	var clusters [][]rune
	for _, r := range s {
		if m, ok := mirrored[r]; ok {
			r = m
		}
		if len(clusters) > 0 && (transparent(r) || unicode.Is(unicode.Mn, r)) {
			clusters[len(clusters)-1] = append(clusters[len(clusters)-1], r)
			continue
		}
		clusters = append(clusters, []rune{r})
	}
	out := make([]rune, 0, len(s))
	for i := len(clusters) - 1; i >= 0; i-- {
		out = append(out, clusters[i]...)
	}
	return string(out)
}
