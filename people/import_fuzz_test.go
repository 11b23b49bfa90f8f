package people_test

import (
	"context"
	"os"
	"testing"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/db/dbtest"
	"oogst/frontend"
	"oogst/locale"
	"oogst/people"
)

// FuzzImportCursists feeds arbitrary CSV text to the preview and the import: nothing
// may panic, every problem is reported with a message that exists in Dutch, French and
// English, an import either stores every row or none, and only an invalid file is
// refused (with KindInvalid), never with an internal error.
//
// CI runs the seed corpus (testdata/fuzz/FuzzImportCursists) as a normal test. Longer:
//
//	go test ./people/ -run '^$' -fuzz FuzzImportCursists -fuzztime 10m
//
// (SQLite; set OOGST_FUZZ_POSTGRES=1 with OOGST_TEST_POSTGRES_URL to fuzz on PostgreSQL).
func FuzzImportCursists(f *testing.F) {
	for _, s := range []string{
		"code,first_name,group,language\n,Sara,G1,ar\nK7QF,Olena,G2,uk\n",
		"\ufeffcode;voornaam;groep;taal\nAAAA;Fatima;G1;nl\n",
		"Sara\nOlena,G2\n,,,,,\n",
		"code,first_name\nk7qf,A\nK7QF,B\n",
		"code,bogus\n",
		"\"unterminated,x\n",
		"first_name\n\x00\n",
		",\xff\xfe,G1,nl\n",
		"AAAA,Exists,G1,nl\n",
		" , , , \n\n\n",
		"=cmd|' /C calc'!A0,@SUM(1),+1,-1\n",
	} {
		f.Add(s)
	}
	var d *db.DB
	if os.Getenv("OOGST_FUZZ_POSTGRES") == "1" {
		d = dbtest.Postgres(f)
	} else {
		d = dbtest.SQLite(f)
	}
	p := people.Partnership{Name: "Fuzz", Languages: "nl,fr"}
	u := people.User{Name: "c", Email: "c@fuzz", PreferredLanguage: "nl", Active: true}
	for _, v := range []any{&p, &u} {
		if err := d.Q(context.Background()).Create(v).Error; err != nil {
			f.Fatal(err)
		}
	}
	if err := d.Q(context.Background()).Create(&people.Cursist{PartnershipID: p.ID, Code: "AAAA", FirstName: "Exists", Active: true}).Error; err != nil {
		f.Fatal(err)
	}
	sc := people.Scope{UserID: u.ID, Roles: map[int64]people.Role{p.ID: people.RoleCoordinator}}
	bundle, err := locale.Load(frontend.Locales())
	if err != nil {
		f.Fatal(err)
	}
	locs := []*locale.Localizer{bundle.Localizer("nl"), bundle.Localizer("fr"), bundle.Localizer("en")}
	ctx := context.Background()
	count := func(t *testing.T) int64 {
		var n int64
		if err := d.Q(ctx).Model(&people.Cursist{}).Where("partnership_id = ?", p.ID).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	f.Fuzz(func(t *testing.T, text string) {
		pv, err := people.PreviewImport(ctx, d, sc, p.ID, text)
		if err != nil {
			t.Fatalf("preview: %v", err)
		}
		check := func(pv people.ImportPreview) {
			var msgs []apperr.Message
			msgs = append(msgs, pv.FileErrors...)
			errs := 0
			for _, r := range pv.Rows {
				msgs = append(msgs, r.Errors...)
				if len(r.Errors) > 0 {
					errs++
				}
			}
			if errs != pv.ErrorCount {
				t.Fatalf("ErrorCount %d, rows with errors %d", pv.ErrorCount, errs)
			}
			for _, m := range msgs {
				for _, l := range locs {
					if !l.Has(m.ID) {
						t.Fatalf("message %q missing in %s", m.ID, l.Lang)
					}
				}
			}
		}
		check(pv)
		before := count(t)
		n, pv2, err := people.ImportCursists(ctx, d, sc, p.ID, text, "127.0.0.1", time.Now())
		after := count(t)
		switch {
		case err == nil:
			if !pv.OK() || int64(n) != after-before || n != len(pv2.Rows) {
				t.Fatalf("imported %d (rows %d, count %d→%d) of a preview with OK=%v", n, len(pv2.Rows), before, after, pv.OK())
			}
		case apperr.Is(err, apperr.KindInvalid):
			check(pv2)
			if after != before {
				t.Fatalf("a refused import stored %d rows", after-before)
			}
		default:
			t.Fatalf("import %q: %v", text, err)
		}
	})
}
