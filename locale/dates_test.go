package locale_test

import (
	"io/fs"
	"regexp"
	"testing"
	"time"

	"oogst/frontend"
	"oogst/locale"
)

func TestOneDateFormatPerLanguage(t *testing.T) {
	at := time.Date(2026, 3, 4, 9, 5, 0, 0, time.UTC)
	cases := []struct{ lang, date, dateTime string }{
		{"nl", "04-03-2026", "04-03-2026 09:05"},
		{"fr", "04/03/2026", "04/03/2026 09:05"},
		{"en", "4 Mar 2026", "4 Mar 2026 09:05"},
		{"ar", "04-03-2026", "04-03-2026 09:05"}, // a cursist language: the Dutch form
	}
	for _, c := range cases {
		if got := locale.FormatDate(c.lang, at); got != c.date {
			t.Errorf("FormatDate(%s) = %q, want %q", c.lang, got, c.date)
		}
		if got := locale.FormatDateTime(c.lang, &at); got != c.dateTime {
			t.Errorf("FormatDateTime(%s) = %q, want %q", c.lang, got, c.dateTime)
		}
	}
	var none *time.Time
	if got := locale.FormatDate("nl", none); got != "" {
		t.Errorf("nil date = %q", got)
	}
	if got := locale.FormatDate("nl", time.Time{}); got != "" {
		t.Errorf("zero date = %q, want empty, not 01-01-0001", got)
	}
}

// Templates write dates only through the one helper ($.L.Date / $.L.DateTime), never
// with their own layout.
func TestTemplatesUseTheDateHelper(t *testing.T) {
	own := regexp.MustCompile(`\.Format\s+"`)
	err := fs.WalkDir(frontend.Templates(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(frontend.Templates(), p)
		if err != nil {
			return err
		}
		for _, m := range own.FindAllIndex(b, -1) {
			t.Errorf("%s formats a date itself at byte %d: use $.L.Date or $.L.DateTime", p, m[0])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
