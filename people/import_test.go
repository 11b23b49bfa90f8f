package people_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/db/dbtest"
	"oogst/people"
)

func countCursists(t *testing.T, d *db.DB, pid int64) int64 {
	var n int64
	if err := d.Q(context.Background()).Model(&people.Cursist{}).Where("partnership_id = ?", pid).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportBadRowsImportNothing(t *testing.T) {
	t.Parallel()
	eachFix(t, func(t *testing.T, ctx context.Context, d *db.DB, f *fix) {
		sc := f.scope(t, f.coordA)
		now := time.Now()
		csv := "code,first_name,group,language\n" +
			",Sara,G1,ar\n" + // fine
			"K7QF,Olena,G2,uk\n" + // fine
			"k7qf,Dup,G2,nl\n" + // same code twice in the file
			"AAAA,Exists,G1,nl\n" + // code exists in A
			"BBBB,OtherPartnership,G1,nl\n" + // exists in B only: fine in A
			"," + strings.Repeat("n", 61) + ",G1,nl\n" + // name too long
			",Kl,G1,klingon\n" + // unknown language
			"A B,Bad,G1,nl\n" // bad code
		before := countCursists(t, d, f.a.ID)
		pv, err := people.PreviewImport(ctx, d, sc, f.a.ID, csv)
		if err != nil {
			t.Fatal(err)
		}
		if pv.OK() || len(pv.Rows) != 8 || pv.ErrorCount != 5 {
			t.Fatalf("preview: ok=%v rows=%d errors=%d", pv.OK(), len(pv.Rows), pv.ErrorCount)
		}
		wantErr := map[int]string{4: "people.import.code_twice", 5: "people.import.code_exists", 7: "people.error.too_long", 8: "people.error.language", 9: "people.error.code_format"}
		for _, r := range pv.Rows {
			want := wantErr[r.Line]
			if want == "" && len(r.Errors) > 0 || want != "" && (len(r.Errors) != 1 || r.Errors[0].ID != want) {
				t.Errorf("line %d: %v, want %q", r.Line, r.Errors, want)
			}
		}
		n, _, err := people.ImportCursists(ctx, d, sc, f.a.ID, csv, "", now)
		if !apperr.Is(err, apperr.KindInvalid) || n != 0 {
			t.Errorf("import with bad rows: %d %v", n, err)
		}
		if got := countCursists(t, d, f.a.ID); got != before {
			t.Errorf("half imported: %d cursists, want %d", got, before)
		}
		// The preview was fine, but before confirming someone added a cursist with a
		// code of the file: the confirm step checks again and imports nothing.
		good := "first_name;group;language;code\nSara;G1;ar;\nOlena;G2;uk;K7QF\nBea;G1;nl;BBBB\n"
		if pv, _ := people.PreviewImport(ctx, d, sc, f.a.ID, good); !pv.OK() {
			t.Fatalf("good file not ok: %+v", pv)
		}
		if _, err := people.CreateCursist(ctx, d, sc, f.a.ID, people.CursistInput{Code: "K7QF"}, now); err != nil {
			t.Fatal(err)
		}
		before = countCursists(t, d, f.a.ID)
		if _, _, err := people.ImportCursists(ctx, d, sc, f.a.ID, good, "", now); !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("race not caught: %v", err)
		}
		if got := countCursists(t, d, f.a.ID); got != before {
			t.Errorf("half imported after race: %d, want %d", got, before)
		}
		// Without the clash everything goes in, generated codes are unique, and the
		// import is in the audit log.
		good = strings.Replace(good, "K7QF", "K9QF", 1)
		n, _, err = people.ImportCursists(ctx, d, sc, f.a.ID, "\ufeff"+good, "1.1.1.1", now)
		if err != nil || n != 3 {
			t.Fatalf("import: %d %v", n, err)
		}
		if got := countCursists(t, d, f.a.ID); got != before+3 {
			t.Errorf("after import: %d", got)
		}
		var sara people.Cursist
		d.Q(ctx).Where("partnership_id = ? AND first_name = ?", f.a.ID, "Sara").First(&sara)
		if len(sara.Code) != 4 || sara.PreferredLanguage != "ar" || sara.GroupName != "G1" {
			t.Errorf("sara: %+v", sara)
		}
		var e people.AuditEntry
		if err := d.Q(ctx).Where("action = ?", people.AuditCursistsImported).First(&e).Error; err != nil || e.Detail != "3" || *e.PartnershipID != f.a.ID {
			t.Errorf("audit: %+v %v", e, err)
		}
		// Roles and tenancy.
		if _, err := people.PreviewImport(ctx, d, f.scope(t, f.mentorA), f.a.ID, good); !apperr.Is(err, apperr.KindForbidden) {
			t.Errorf("mentor preview: %v", err)
		}
		if _, _, err := people.ImportCursists(ctx, d, sc, f.b.ID, good, "", now); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("import into B: %v", err)
		}
	})
}

func TestImportFileErrors(t *testing.T) {
	t.Parallel()
	d := dbtest.SQLite(t)
	f := newFix(t, d)
	sc := f.scope(t, f.coordA)
	for _, tc := range []struct{ csv, want string }{
		{"", "people.import.empty"},
		{"code,first_name,group,language\n", "people.import.empty"},
		{"code,voornaam\n,x\n", "people.import.bad_header"},
		{"a,\"b\n", "people.import.unreadable"},
	} {
		pv, err := people.PreviewImport(context.Background(), d, sc, f.a.ID, tc.csv)
		if err != nil || pv.OK() || len(pv.FileErrors) != 1 || pv.FileErrors[0].ID != tc.want {
			t.Errorf("%q: %+v %v, want %s", tc.csv, pv.FileErrors, err, tc.want)
		}
	}
	// No header: the default column order.
	pv, _ := people.PreviewImport(context.Background(), d, sc, f.a.ID, "ZZZZ,Nadia,G3,fr\n")
	if !pv.OK() || pv.Rows[0].In.FirstName != "Nadia" || pv.Rows[0].In.Language != "fr" {
		t.Errorf("headerless: %+v", pv)
	}
}
