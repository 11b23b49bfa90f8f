package markers_test

import (
	"context"
	"fmt"
	"testing"

	"oogst/apperr"
	"oogst/db"
	"oogst/db/dbtest"
	"oogst/locale"
	"oogst/markers"
	"oogst/people"
	"oogst/testkit"
)

type world struct {
	fix              *testkit.Fixture
	coordA, partnerA people.Scope
	mentorA, coordB  people.Scope
	bp               markers.BoundaryPartner
	q1, q2, q3       markers.Period
}

func setup(t *testing.T, d *db.DB) *world {
	t.Helper()
	ctx := context.Background()
	f := testkit.NewFixture(t, d)
	w := &world{fix: f, coordA: f.Scope(t, d, "coordinator@a"), partnerA: f.Scope(t, d, "partner@a"),
		mentorA: f.Scope(t, d, "mentor@a"), coordB: f.Scope(t, d, "coordinator@b")}
	var err error
	w.bp, err = markers.CreatePartner(ctx, d, w.coordA, markers.PartnerInput{PartnershipID: f.A.ID, Name: "Kinderopvang Zonnetje", OutcomeChallenge: "Neemt cursisten aan."})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range []struct{ label, s, e string }{{"Q1", "2025-01-01", "2025-03-31"}, {"Q2", "2025-04-01", "2025-06-30"}, {"Q3", "2025-07-01", "2025-09-30"}} {
		per, err := markers.CreatePeriod(ctx, d, w.coordA, markers.PeriodInput{PartnershipID: f.A.ID, Label: p.label, StartsOn: p.s, EndsOn: p.e})
		if err != nil {
			t.Fatal(err)
		}
		switch i {
		case 0:
			w.q1 = per
		case 1:
			w.q2 = per
		default:
			w.q3 = per
		}
	}
	return w
}

// eachWorld runs fn on a fresh world (setup) in every test database (dbtest.Each): the
// start that nearly every markers test shares, so each test opens with what it is about.
func eachWorld(t *testing.T, fn func(t *testing.T, ctx context.Context, d *db.DB, w *world)) {
	t.Helper()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		fn(t, context.Background(), d, setup(t, d))
	})
}

func add(t *testing.T, d *db.DB, w *world, l markers.Level, text string) markers.Marker {
	t.Helper()
	m, err := markers.AddMarker(context.Background(), d, w.coordA, w.bp.ID, markers.MarkerInput{Level: l, Text: locale.Text{"nl": text}})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func rate(t *testing.T, d *db.DB, sc people.Scope, bpID, periodID int64, ratings map[int64]markers.Rating) {
	t.Helper()
	in := markers.JournalInput{Entries: map[int64]markers.EntryInput{}}
	for id, r := range ratings {
		in.Entries[id] = markers.EntryInput{Rating: string(r), Description: "gezien " + string(r)}
	}
	if err := markers.SaveJournal(context.Background(), d, sc, bpID, periodID, in); err != nil {
		t.Fatal(err)
	}
}

func TestMarkerEditHistory(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		m := add(t, d, w, markers.Expect, "Verwijst door")
		if _, err := markers.EditMarker(ctx, d, w.coordA, m.ID, markers.MarkerInput{Level: markers.Expect, Text: locale.Text{"nl": "Verwijst actief door", "fr": "Oriente activement"}}); err != nil {
			t.Fatal(err)
		}
		// Saving the same text again adds no revision.
		if _, err := markers.EditMarker(ctx, d, w.coordA, m.ID, markers.MarkerInput{Level: markers.Expect, Text: locale.Text{"nl": "Verwijst actief door", "fr": "Oriente activement"}}); err != nil {
			t.Fatal(err)
		}
		got, err := markers.EditMarker(ctx, d, w.coordA, m.ID, markers.MarkerInput{Level: markers.Like, Text: locale.Text{"nl": "Verwijst actief door, na overleg", "fr": "Oriente activement"}})
		if err != nil {
			t.Fatal(err)
		}
		if got.Level != markers.Like || got.TextNL != "Verwijst actief door, na overleg" {
			t.Errorf("edited marker = %+v", got)
		}
		h, err := markers.History(ctx, d, w.coordA, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []struct {
			l      markers.Level
			nl, fr string
		}{{markers.Expect, "Verwijst door", ""}, {markers.Expect, "Verwijst actief door", "Oriente activement"}, {markers.Like, "Verwijst actief door, na overleg", "Oriente activement"}}
		if len(h) != len(want) {
			t.Fatalf("history has %d revisions, want %d: %+v", len(h), len(want), h)
		}
		for i, r := range h {
			if r.Level != want[i].l || r.TextNL != want[i].nl || r.TextFR != want[i].fr || r.ChangedBy == nil || *r.ChangedBy != w.fix.Users["coordinator@a"].ID {
				t.Errorf("revision %d = %+v, want %+v", i, r, want[i])
			}
		}
		// Partners may not edit (403), mentors and other partnerships do not see it (404).
		in := markers.MarkerInput{Level: markers.Expect, Text: locale.Text{"nl": "x"}}
		if _, err := markers.EditMarker(ctx, d, w.partnerA, m.ID, in); !apperr.Is(err, apperr.KindForbidden) {
			t.Errorf("partner edit: %v", err)
		}
		for _, sc := range []people.Scope{w.mentorA, w.coordB} {
			if _, err := markers.EditMarker(ctx, d, sc, m.ID, in); !apperr.Is(err, apperr.KindNotFound) {
				t.Errorf("outsider edit: %v", err)
			}
			if _, err := markers.History(ctx, d, sc, m.ID); !apperr.Is(err, apperr.KindNotFound) {
				t.Errorf("outsider history: %v", err)
			}
		}
	})
}

func TestRetiringKeepsObservations(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		keep := add(t, d, w, markers.Expect, "Blijft")
		old := add(t, d, w, markers.Expect, "Verdwijnt")
		// The partner records Q1: partners may fill journals.
		rate(t, d, w.partnerA, w.bp.ID, w.q1.ID, map[int64]markers.Rating{keep.ID: markers.Low, old.ID: markers.High})
		if _, err := markers.RetireMarker(ctx, d, w.coordA, old.ID); err != nil {
			t.Fatal(err)
		}
		// Q1 still shows the retired marker with its observation.
		v, err := markers.LoadJournal(ctx, d, w.coordA, w.bp.ID, w.q1.ID)
		if err != nil {
			t.Fatal(err)
		}
		var seen bool
		for _, r := range v.Rows {
			if r.Marker.ID == old.ID {
				seen = true
				if r.Entry == nil || r.Entry.Rating != markers.High || r.Entry.Description != "gezien high" {
					t.Errorf("retired marker's Q1 entry = %+v", r.Entry)
				}
				if r.Entry != nil && (r.Entry.RecordedBy == nil || *r.Entry.RecordedBy != w.fix.Users["partner@a"].ID) {
					t.Errorf("recorded by = %v, want the partner", r.Entry.RecordedBy)
				}
			}
		}
		if !seen {
			t.Error("retired marker missing from the Q1 journal")
		}
		// Q2 and Q3 began before it was retired? No: the periods are in 2025 and the
		// marker was retired now, so it still counts there; it cannot be edited though.
		if _, err := markers.EditMarker(ctx, d, w.coordA, old.ID, markers.MarkerInput{Level: markers.Expect, Text: locale.Text{"nl": "x"}}); !apperr.Is(err, apperr.KindConflict) {
			t.Errorf("edit retired: %v", err)
		}
		active, err := markers.Markers(ctx, d, w.coordA, w.bp.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(active) != 1 || active[0].ID != keep.ID {
			t.Errorf("active markers = %+v", active)
		}
		tl, err := markers.Timeline(ctx, d, w.coordA, old.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(tl) == 0 || tl[0].Period.ID != w.q1.ID || tl[0].Entry == nil || tl[0].Entry.Rating != markers.High || tl[0].RecordedBy != "partner a" {
			t.Errorf("timeline = %+v", tl)
		}
		// A period that starts after the retirement does not list it.
		q9, err := markers.CreatePeriod(ctx, d, w.coordA, markers.PeriodInput{PartnershipID: w.fix.A.ID, Label: "Later", StartsOn: "2099-01-01", EndsOn: "2099-06-30"})
		if err != nil {
			t.Fatal(err)
		}
		v, err = markers.LoadJournal(ctx, d, w.coordA, w.bp.ID, q9.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Rows) != 1 || v.Rows[0].Marker.ID != keep.ID {
			t.Errorf("future journal rows = %d", len(v.Rows))
		}
		mx, err := markers.BuildMatrix(ctx, d, w.coordA, w.bp.ID)
		if err != nil {
			t.Fatal(err)
		}
		last := mx.Totals[len(mx.Totals)-1]
		if last.PeriodID != q9.ID || last.Total != 1 {
			t.Errorf("future period counts %+v, want 1 marker (the retired one left out)", last)
		}
	})
}

// TestMatrixShares checks the SQL figures against a hand count.
//
//	          Q1      Q2       Q3
//	E1 expect high    medium   low
//	E2 expect low     medium   —
//	E3 expect n.o.    high     medium
//	L1 like   —       low      medium
//	L2 like   medium  high     high
//	V1 love   low     —        —
//	V2 love   —       —        — (retired before Q3 would start? no: see below)
//
// expect: Q1 1/3=33%, Q2 3/3=100%, Q3 1/3=33%
// like:   Q1 1/2=50%, Q2 1/2=50%, Q3 2/2=100%
// love:   Q1 0/2=0%,  Q2 0/2=0%,  Q3 0/2=0%
// all:    Q1 2/7=29%, Q2 4/7=57%, Q3 3/7=43%
func TestMatrixShares(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		e1, e2, e3 := add(t, d, w, markers.Expect, "E1"), add(t, d, w, markers.Expect, "E2"), add(t, d, w, markers.Expect, "E3")
		l1, l2 := add(t, d, w, markers.Like, "L1"), add(t, d, w, markers.Like, "L2")
		v1, _ := add(t, d, w, markers.Love, "V1"), add(t, d, w, markers.Love, "V2")
		rate(t, d, w.coordA, w.bp.ID, w.q1.ID, map[int64]markers.Rating{e1.ID: markers.High, e2.ID: markers.Low, e3.ID: markers.NotObserved, l2.ID: markers.Medium, v1.ID: markers.Low})
		rate(t, d, w.partnerA, w.bp.ID, w.q2.ID, map[int64]markers.Rating{e1.ID: markers.Medium, e2.ID: markers.Medium, e3.ID: markers.High, l1.ID: markers.Low, l2.ID: markers.High})
		rate(t, d, w.coordA, w.bp.ID, w.q3.ID, map[int64]markers.Rating{e1.ID: markers.Low, e3.ID: markers.Medium, l1.ID: markers.Medium, l2.ID: markers.High})
		// Another boundary partner's markers must not leak into this matrix.
		other, err := markers.CreatePartner(ctx, d, w.coordA, markers.PartnerInput{PartnershipID: w.fix.A.ID, Name: "VDAB", Examples: []string{"referring.expect"}})
		if err != nil {
			t.Fatal(err)
		}
		mx, err := markers.BuildMatrix(ctx, d, w.coordA, w.bp.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Percent is reached of recorded: a marker without an entry is "not recorded",
		// not "not reached" (Q3: E2 and V1/V2 empty; Q2: the love markers empty).
		want := map[markers.Level][3][4]int{ // reached, recorded, total, percent per period
			markers.Expect: {{1, 3, 3, 33}, {3, 3, 3, 100}, {1, 2, 3, 50}},
			markers.Like:   {{1, 1, 2, 100}, {1, 2, 2, 50}, {2, 2, 2, 100}},
			markers.Love:   {{0, 1, 2, 0}, {0, 0, 2, 0}, {0, 0, 2, 0}},
		}
		for _, blk := range mx.Levels {
			for i, s := range blk.Shares {
				w := want[blk.Level][i]
				if s.Reached != w[0] || s.Recorded != w[1] || s.Total != w[2] || s.Percent != w[3] {
					t.Errorf("%s period %d: %+v, want reached %d of %d recorded (%d markers) = %d%%", blk.Level, i, s, w[0], w[1], w[2], w[3])
				}
			}
		}
		if r := mx.Levels[0].Shares[0].Recorded; r != 3 {
			t.Errorf("expect Q1 recorded = %d, want 3 (not_observed counts as recorded)", r)
		}
		if r := mx.Levels[2].Shares[2].Recorded; r != 0 {
			t.Errorf("love Q3 recorded = %d, want 0", r)
		}
		totals := [3][4]int{{2, 5, 7, 40}, {4, 5, 7, 80}, {3, 4, 7, 75}}
		for i, s := range mx.Totals {
			if s.Reached != totals[i][0] || s.Recorded != totals[i][1] || s.Total != totals[i][2] || s.Percent != totals[i][3] {
				t.Errorf("all levels period %d: %+v, want %v", i, s, totals[i])
			}
		}
		if got := mx.Levels[0].Rows[0].Cells[0].Rating; got != markers.High {
			t.Errorf("E1 Q1 cell = %q", got)
		}
		if got := mx.Levels[1].Rows[0].Cells[0].Rating; got != "" {
			t.Errorf("L1 Q1 cell = %q, want empty", got)
		}
		// Partnership-wide: the other partner adds one unrated expect marker per period.
		byLevel, _, err := markers.PartnershipShares(ctx, d, w.coordA, w.fix.A.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range byLevel {
			if s.Level == markers.Expect && s.PeriodID == w.q2.ID && (s.Total != 4 || s.Recorded != 3 || s.Reached != 3 || s.Percent != 100) {
				t.Errorf("partnership expect Q2 = %+v, want 3 of 3 recorded (4 markers) = 100%%", s)
			}
		}
		_ = other
		if _, _, err := markers.PartnershipShares(ctx, d, w.coordB, w.fix.A.ID); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("other partnership's shares: %v", err)
		}
	})
}

func TestPeriodOverlapValidation(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) { // Q1..Q3 of 2025
		cases := []struct {
			s, e, field string
		}{
			{"2025-03-31", "2025-04-15", "starts_on"}, // shares a day with Q1 and Q2
			{"2024-12-01", "2025-01-01", "starts_on"}, // touches Q1's first day
			{"2025-02-01", "2025-02-10", "starts_on"}, // inside Q1
			{"2024-01-01", "2026-01-01", "starts_on"}, // around everything
			{"2026-02-01", "2026-01-01", "ends_on"},   // ends before it starts
			{"2026-13-01", "2026-12-31", "starts_on"}, // no such day
		}
		for _, c := range cases {
			_, err := markers.CreatePeriod(ctx, d, w.coordA, markers.PeriodInput{PartnershipID: w.fix.A.ID, Label: "X", StartsOn: c.s, EndsOn: c.e})
			e, ok := apperr.As(err)
			if !ok || e.Kind != apperr.KindInvalid || e.Fields[c.field].ID == "" {
				t.Errorf("%s..%s: %v, want a %s error", c.s, c.e, err, c.field)
			}
		}
		// Adjacent periods are fine, also in another partnership on the same days.
		if _, err := markers.CreatePeriod(ctx, d, w.coordA, markers.PeriodInput{PartnershipID: w.fix.A.ID, Label: "Q4", StartsOn: "2025-10-01", EndsOn: "2025-12-31"}); err != nil {
			t.Errorf("adjacent period: %v", err)
		}
		if _, err := markers.CreatePeriod(ctx, d, w.coordB, markers.PeriodInput{PartnershipID: w.fix.B.ID, Label: "Q1", StartsOn: "2025-01-01", EndsOn: "2025-03-31"}); err != nil {
			t.Errorf("same days in B: %v", err)
		}
		// Editing a period may keep its own days, but not move onto a neighbour.
		if _, err := markers.UpdatePeriod(ctx, d, w.coordA, w.q2.ID, markers.PeriodInput{Label: "Q2 bis", StartsOn: "2025-04-01", EndsOn: "2025-06-30"}); err != nil {
			t.Errorf("keep own days: %v", err)
		}
		if _, err := markers.UpdatePeriod(ctx, d, w.coordA, w.q2.ID, markers.PeriodInput{Label: "Q2", StartsOn: "2025-04-01", EndsOn: "2025-07-01"}); !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("move onto Q3: %v", err)
		}
		if _, err := markers.CreatePeriod(ctx, d, w.partnerA, markers.PeriodInput{PartnershipID: w.fix.A.ID, Label: "P", StartsOn: "2030-01-01", EndsOn: "2030-02-01"}); !apperr.Is(err, apperr.KindForbidden) {
			t.Errorf("partner creates period: %v", err)
		}
		if _, err := markers.CreatePeriod(ctx, d, w.coordB, markers.PeriodInput{PartnershipID: w.fix.A.ID, Label: "P", StartsOn: "2030-01-01", EndsOn: "2030-02-01"}); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("B creates period in A: %v", err)
		}
	})
}

func TestJournalValidationAndClearing(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		m := add(t, d, w, markers.Like, "Stemt af")
		err := markers.SaveJournal(ctx, d, w.coordA, w.bp.ID, w.q1.ID, markers.JournalInput{Entries: map[int64]markers.EntryInput{m.ID: {Description: "zonder score"}}})
		if e, ok := apperr.As(err); !ok || e.Fields[markers.EntryField("rating", m.ID)].ID != "markers.error.rating_required" {
			t.Errorf("text without rating: %v", err)
		}
		err = markers.SaveJournal(ctx, d, w.coordA, w.bp.ID, w.q1.ID, markers.JournalInput{Lessons: "Les", Entries: map[int64]markers.EntryInput{m.ID: {Rating: "great"}}})
		if !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("bad rating: %v", err)
		}
		rate(t, d, w.coordA, w.bp.ID, w.q1.ID, map[int64]markers.Rating{m.ID: markers.Medium})
		if err := markers.SaveJournal(ctx, d, w.coordA, w.bp.ID, w.q1.ID, markers.JournalInput{Lessons: "Les 1", Entries: map[int64]markers.EntryInput{m.ID: {}}}); err != nil {
			t.Fatal(err)
		}
		js, err := markers.Journals(ctx, d, w.partnerA, w.fix.A.ID, w.q1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(js) != 1 || js[0].Lessons != "Les 1" || len(js[0].Entries) != 0 {
			t.Errorf("journals = %+v", js)
		}
		if err := markers.SaveJournal(ctx, d, w.mentorA, w.bp.ID, w.q1.ID, markers.JournalInput{}); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("mentor saves journal: %v", err)
		}
		if _, err := markers.Journals(ctx, d, w.coordB, w.fix.A.ID, 0); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("B lists A's journals: %v", err)
		}
	})
}

func TestConcurrentFirstJournalSaves(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		m := add(t, d, w, markers.Expect, "E")
		errs := make(chan error, 4)
		for i := 0; i < 4; i++ {
			sc := w.coordA
			if i%2 == 1 {
				sc = w.partnerA
			}
			go func() {
				errs <- markers.SaveJournal(ctx, d, sc, w.bp.ID, w.q1.ID, markers.JournalInput{Lessons: "L", Entries: map[int64]markers.EntryInput{m.ID: {Rating: "low"}}})
			}()
		}
		for i := 0; i < 4; i++ {
			if err := <-errs; err != nil {
				t.Errorf("save %d: %v", i, err)
			}
		}
		js, err := markers.Journals(ctx, d, w.coordA, w.fix.A.ID, w.q1.ID)
		if err != nil || len(js) != 1 || len(js[0].Entries) != 1 {
			t.Errorf("journals after concurrent saves: %v %+v", err, js)
		}
	})
}

// TestJournalVersionCheck: a journal save based on an older version is refused and
// changes nothing; of concurrent saves from one version exactly one wins.
func TestJournalVersionCheck(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		m := add(t, d, w, markers.Expect, "Komt naar het overleg")
		v0 := int64(0)
		save := func(sc people.Scope, v *int64, desc string) error {
			return markers.SaveJournal(ctx, d, sc, w.bp.ID, w.q1.ID, markers.JournalInput{Version: v,
				Entries: map[int64]markers.EntryInput{m.ID: {Rating: "low", Description: desc}}})
		}
		if err := save(w.coordA, &v0, "eerste"); err != nil {
			t.Fatal(err)
		}
		// A second page loaded before the journal existed.
		if err := save(w.partnerA, &v0, "ook eerste"); !apperr.IsStale(err) {
			t.Fatalf("save over a journal created meanwhile: %v, want stale", err)
		}
		jv, err := markers.LoadJournal(ctx, d, w.coordA, w.bp.ID, w.q1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if jv.Journal.Version < 1 || jv.Rows[0].Entry == nil || jv.Rows[0].Entry.Description != "eerste" {
			t.Fatalf("journal after a refused save: version %d entry %+v", jv.Journal.Version, jv.Rows[0].Entry)
		}
		cur := jv.Journal.Version
		const n = 4
		won := dbtest.OneWins(t, n, func(i int) error {
			return save(w.coordA, &cur, fmt.Sprintf("tab %d", i))
		})
		jv, err = markers.LoadJournal(ctx, d, w.coordA, w.bp.ID, w.q1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if jv.Journal.Version != cur+1 || jv.Rows[0].Entry.Description != fmt.Sprintf("tab %d", won) {
			t.Fatalf("after the race: version %d (want %d) entry %q (want tab %d)", jv.Journal.Version, cur+1, jv.Rows[0].Entry.Description, won)
		}
	})
}

// TestMarkerEditVersionCheck: a marker edit based on an older version is refused and
// changes nothing; of concurrent edits from one version exactly one wins.
func TestMarkerEditVersionCheck(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		m := add(t, d, w, markers.Expect, "Komt naar het overleg")
		edit := func(v int64, text string) error {
			_, err := markers.EditMarker(ctx, d, w.coordA, m.ID, markers.MarkerInput{Level: markers.Expect, Text: locale.Text{"nl": text}, Version: &v})
			return err
		}
		if err := edit(m.Version, "Komt elke maand naar het overleg"); err != nil {
			t.Fatal(err)
		}
		if err := edit(m.Version, "Komt soms"); !apperr.IsStale(err) {
			t.Fatalf("stale edit: %v, want stale", err)
		}
		cur, _, err := markers.GetMarker(ctx, d, w.coordA, m.ID)
		if err != nil || cur.TextNL != "Komt elke maand naar het overleg" || cur.Version != m.Version+1 {
			t.Fatalf("after a refused edit: %q v%d %v", cur.TextNL, cur.Version, err)
		}
		const n = 4
		won := dbtest.OneWins(t, n, func(i int) error { return edit(cur.Version, fmt.Sprintf("Tekst %d", i)) })
		after, _, err := markers.GetMarker(ctx, d, w.coordA, m.ID)
		if err != nil || won < 0 || after.TextNL != fmt.Sprintf("Tekst %d", won) || after.Version != cur.Version+1 {
			t.Fatalf("after the race: %q v%d (won %d) %v", after.TextNL, after.Version, won, err)
		}
	})
}
