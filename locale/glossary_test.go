package locale_test

import (
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"

	"oogst/frontend"
	"oogst/locale"
)

// glossaryRow is one concept of docs/glossary.md: its word and the words it must not be
// called, per staff language.
type glossaryRow struct {
	concept  string
	use, not map[string][]string
}

var glossaryLangs = []string{"nl", "fr", "en"}

func readGlossary(t *testing.T) []glossaryRow {
	t.Helper()
	b, err := os.ReadFile("../docs/glossary.md")
	if err != nil {
		t.Fatal(err)
	}
	var rows []glossaryRow
	for _, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "| Concept") {
			continue
		}
		cells := strings.Split(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(line), "|"), "|"), "|")
		if len(cells) != 7 {
			t.Fatalf("glossary row has %d cells, want 7: %q", len(cells), line)
		}
		r := glossaryRow{concept: strings.TrimSpace(cells[0]), use: map[string][]string{}, not: map[string][]string{}}
		for i, l := range glossaryLangs {
			r.use[l] = words(cells[1+i])
			r.not[l] = words(cells[4+i])
		}
		rows = append(rows, r)
	}
	if len(rows) < 9 {
		t.Fatalf("glossary has %d concepts; the table was not found", len(rows))
	}
	return rows
}

func words(cell string) []string {
	var out []string
	for _, w := range strings.Split(cell, ",") {
		if w = strings.TrimSpace(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// wordRE matches w as a whole word in any case; "w*" also matches longer words.
func wordRE(w string) *regexp.Regexp {
	tail := `(?:$|[^\p{L}])`
	if strings.HasSuffix(w, "*") {
		w, tail = strings.TrimSuffix(w, "*"), ""
	}
	return regexp.MustCompile(`(?i)(?:^|[^\p{L}])` + regexp.QuoteMeta(w) + tail)
}

// localeTexts returns, per language, every message text of its locale files, with the
// file each came from. Keys are left out: only what people read counts.
func localeTexts(t *testing.T) map[string]map[string]string {
	t.Helper()
	value := regexp.MustCompile(`(?m)^\s*(?:"[^"]+"|[a-z]+)\s*=\s*"(.*)"\s*$`)
	out := map[string]map[string]string{}
	err := fs.WalkDir(frontend.Locales(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		_, tag := locale.FileDomain(p)
		b, err := fs.ReadFile(frontend.Locales(), p)
		if err != nil {
			return err
		}
		var texts []string
		for _, m := range value.FindAllStringSubmatch(string(b), -1) {
			texts = append(texts, m[1])
		}
		if out[tag] == nil {
			out[tag] = map[string]string{}
		}
		out[tag][p] = strings.Join(texts, "\n")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestLocaleFilesFollowTheGlossary: the glossary's words are the ones the screens use,
// and its banned synonyms appear nowhere in that language.
func TestLocaleFilesFollowTheGlossary(t *testing.T) {
	texts := localeTexts(t)
	for _, r := range readGlossary(t) {
		for _, l := range glossaryLangs {
			for _, w := range r.use[l] {
				re, found := wordRE(strings.TrimSuffix(w, "*")+"*"), false
				for _, s := range texts[l] {
					found = found || re.MatchString(s)
				}
				if !found {
					t.Errorf("%s: the glossary's %s word %q is in no %s locale file", r.concept, l, w, l)
				}
			}
			for _, w := range r.not[l] {
				re := wordRE(w)
				for file, s := range texts[l] {
					if m := re.FindString(s); m != "" {
						t.Errorf("%s: %s uses %q for %q; the glossary says %q", file, l, strings.TrimSpace(m), r.concept, strings.Join(r.use[l], ", "))
					}
				}
			}
		}
	}
}

// TestDutchStaffTextsSayJe: staff pages address people one way, with "je" as the rest
// of the product; formal "U"/"uw" is not used in the Dutch files.
func TestDutchStaffTextsSayJe(t *testing.T) {
	formal := regexp.MustCompile(`(?:^|[^\p{L}])(U|[Uu]w|[Uu]we)(?:$|[^\p{L}])|(?i:\b(?:dank|kunt|ziet|zag|heeft|bent|wilt) u\b)`)
	for file, s := range localeTexts(t)["nl"] {
		for _, m := range formal.FindAllString(s, -1) {
			t.Errorf("%s addresses the reader formally (%q); use je/jij/jouw", file, strings.TrimSpace(m))
		}
	}
}
