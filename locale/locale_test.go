package locale_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"oogst/frontend"
	"oogst/locale"
)

// cursistDomains (common, tablet, tablet2 = the tablet's session texts, tablet3 = pictures and listening, tablet4 = telling another change, submit = submission errors) are shown to cursists, so they ship in every language; every other
// domain ships in at least the staff languages.
var cursistDomains = map[string]bool{"common": true, "tablet": true, "tablet2": true, "tablet3": true, "tablet4": true, "submit": true, "datatablet": true, "translatepriv": true, "reachtablet": true}

// dynamicPrefixes are message families whose IDs are built from a value (a role, an
// enum); every ID under them counts as used when the prefix is used.
var dynamicPrefixes = []string{"role.", "orgkind.", "qtype.", "status.", "sign.", "block.", "level.", "rating.", "changetype.", "significance.", "source.", "purpose.", "audit.", "tabletcheck.identify.", "subst2.aspect.", "subst2.aspect_name.", "subst2.doubt.", "observer.role.", "omjournal.topic.", "omjournal.heading.", "omjournal.intro.", "omjournal.done.", "omjournal.title.", "analysis.actor."}

func TestEveryDomainShipsInItsLanguages(t *testing.T) {
	b, err := locale.Load(frontend.Locales())
	if err != nil {
		t.Fatal(err)
	}
	byDomain := map[string]map[string]map[string]bool{} // domain → tag → ids
	for name, ids := range b.Files {
		dom, tag := locale.FileDomain(name)
		if byDomain[dom] == nil {
			byDomain[dom] = map[string]map[string]bool{}
		}
		set := map[string]bool{}
		for _, id := range ids {
			set[id] = true
		}
		byDomain[dom][tag] = set
	}
	for dom, tags := range byDomain {
		want := []string{}
		for _, l := range locale.Languages {
			if cursistDomains[dom] || l.Staff {
				want = append(want, l.Tag)
			}
		}
		ref := tags[locale.Default]
		if ref == nil {
			t.Errorf("domain %s has no Dutch file", dom)
			continue
		}
		for _, tag := range want {
			got, ok := tags[tag]
			if !ok {
				t.Errorf("domain %s: missing locale file %s.%s.toml", dom, dom, tag)
				continue
			}
			for id := range ref {
				if !got[id] {
					t.Errorf("%s.%s.toml: missing message %q", dom, tag, id)
				}
			}
			for id := range got {
				if !ref[id] {
					t.Errorf("%s.%s.toml: message %q is not in the Dutch source", dom, tag, id)
				}
			}
		}
	}
}

// TestPluralFormsFollowCLDR localizes every plural message for many counts in every
// language: go-i18n fails when a form that CLDR needs for that language is missing.
func TestPluralFormsFollowCLDR(t *testing.T) {
	b, err := locale.Load(frontend.Locales())
	if err != nil {
		t.Fatal(err)
	}
	plurals := pluralIDs(t)
	if len(plurals) == 0 {
		t.Fatal("no plural messages found; the test would prove nothing")
	}
	counts := []int{0, 1, 2, 3, 4, 5, 6, 10, 11, 12, 19, 20, 21, 22, 25, 100, 101, 102, 111, 1000000}
	for _, l := range locale.Languages {
		loc := b.Localizer(l.Tag)
		for id := range plurals {
			if !loc.Has(id) {
				continue // a staff-only message in a cursist language falls back to Dutch
			}
			for _, n := range counts {
				if err := loc.Check(id, n); err != nil {
					t.Errorf("%s %s count %d: %v", l.Tag, id, n, err)
				}
			}
		}
	}
}

// pluralIDs finds messages written as tables (one/other/…) in the locale files.
func pluralIDs(t *testing.T) map[string]bool {
	out := map[string]bool{}
	re := regexp.MustCompile(`(?m)^\[\s*"?([a-z0-9_.]+)"?\s*\]`)
	err := fs.WalkDir(frontend.Locales(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(frontend.Locales(), p)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			out[m[1]] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var (
	// IDs used in templates ({{.L.T "x"}}, {{$.L.N "x" n}}) and in Go (loc.T("x"),
	// apperr.New(kind, "x"), apperr.Msg("x"), Add("field", "x"), MsgID: "x").
	usePatterns = []*regexp.Regexp{
		regexp.MustCompile(`\.(?:T|N)\s+"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"`),
		regexp.MustCompile(`\b(?:T|N|Msg|Has)\(\s*"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"`),
		regexp.MustCompile(`apperr\.New\([^,]+,\s*"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"`),
		regexp.MustCompile(`\.Add\("[^"]*",\s*"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"`),
		regexp.MustCompile(`(?:MsgID|MessageID|LabelID|TitleID|labelID|titleID)\s*[:=]\s*"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"`),
		regexp.MustCompile(`data-i18n="([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"`),
	}
	anyLiteral = regexp.MustCompile(`"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"`)
)

// TestMessagesMatchCode fails on a message used in code but missing from the Dutch
// source, and on a message in the locale files that no code uses.
func TestMessagesMatchCode(t *testing.T) {
	b, err := locale.Load(frontend.Locales())
	if err != nil {
		t.Fatal(err)
	}
	defined := map[string]bool{}
	for name, ids := range b.Files {
		if _, tag := locale.FileDomain(name); tag == locale.Default {
			for _, id := range ids {
				defined[id] = true
			}
		}
	}
	used, literals := scanRepo(t)
	var missing []string
	for id, where := range used {
		if !defined[id] {
			missing = append(missing, id+" (used in "+where+")")
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("message used but not in any Dutch locale file: %s", m)
	}
	var unused []string
	for id := range defined {
		if used[id] != "" || literals[id] || dynamic(id) {
			continue
		}
		unused = append(unused, id)
	}
	sort.Strings(unused)
	for _, id := range unused {
		t.Errorf("message %q is in the locale files but no code uses it", id)
	}
}

func dynamic(id string) bool {
	for _, p := range dynamicPrefixes {
		if strings.HasPrefix(id, p) {
			return true
		}
	}
	return false
}

func scanRepo(t *testing.T) (map[string]string, map[string]bool) {
	used := map[string]string{}
	literals := map[string]bool{}
	root := ".."
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "data", "node_modules", "testdata", "vendor":
				return filepath.SkipDir
			}
			return nil
		}
		ext := filepath.Ext(p)
		if ext != ".go" && ext != ".html" && ext != ".js" {
			return nil
		}
		if strings.HasSuffix(p, "_test.go") || strings.Contains(p, "/vendor/") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		src := string(b)
		for _, re := range usePatterns {
			for _, m := range re.FindAllStringSubmatch(src, -1) {
				if used[m[1]] == "" {
					used[m[1]] = p
				}
			}
		}
		for _, m := range anyLiteral.FindAllStringSubmatch(src, -1) {
			literals[m[1]] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return used, literals
}

func TestNegotiate(t *testing.T) {
	cases := []struct{ cookie, accept, want string }{
		{"", "", "nl"},
		{"", "ar", "ar"},
		{"", "fr-BE,fr;q=0.9,en;q=0.5", "fr"},
		{"", "de-DE,de;q=0.9,en;q=0.5", "en"},
		{"", "zh-CN", "nl"},
		{"tr", "ar", "tr"},
		{"xx", "ar", "ar"},
		{"", "prs", "fa"},
		{"", "en;q=0.2,uk;q=0.8", "uk"},
	}
	for _, c := range cases {
		if got := locale.Negotiate(c.cookie, c.accept); got != c.want {
			t.Errorf("Negotiate(%q, %q) = %q, want %q", c.cookie, c.accept, got, c.want)
		}
	}
}

func TestDirectionAndPlurals(t *testing.T) {
	b, err := locale.Load(frontend.Locales())
	if err != nil {
		t.Fatal(err)
	}
	if d := b.Localizer("ar").Dir(); d != "rtl" {
		t.Errorf("ar dir = %s", d)
	}
	if d := b.Localizer("fa").Dir(); d != "rtl" {
		t.Errorf("fa dir = %s", d)
	}
	if d := b.Localizer("tr").Dir(); d != "ltr" {
		t.Errorf("tr dir = %s", d)
	}
	nl := b.Localizer("nl")
	if got := nl.N("dashboard.partnership_count", 1); got != "Je werkt mee in 1 samenwerkingsverband." {
		t.Errorf("nl one: %q", got)
	}
	if got := nl.N("dashboard.partnership_count", 3); got != "Je werkt mee in 3 samenwerkingsverbanden." {
		t.Errorf("nl other: %q", got)
	}
	// French treats 0 as singular (CLDR "one" covers 0 and 1).
	if got := b.Localizer("fr").N("dashboard.partnership_count", 0); got != "Vous participez à 0 partenariat." {
		t.Errorf("fr zero: %q", got)
	}
	// A staff message asked in Arabic falls back to Dutch, never blank.
	if got := b.Localizer("ar").T("dashboard.title"); got != "Overzicht" {
		t.Errorf("ar fallback: %q", got)
	}
}
