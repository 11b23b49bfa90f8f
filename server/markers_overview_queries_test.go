package server_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"gorm.io/gorm"

	"oogst/db"
	"oogst/db/dbtest"
	"oogst/locale"
	"oogst/markers"
	"oogst/server/servertest"
)

// countQueries counts the reading statements run on d while on is set.
func countQueries(d *db.DB, on *atomic.Bool, n *atomic.Int64) {
	rec := func(*gorm.DB) {
		if on.Load() {
			n.Add(1)
		}
	}
	g := d.Q(context.Background())
	g.Callback().Query().After("gorm:query").Register("test:count", rec)
	g.Callback().Row().After("gorm:row").Register("test:count", rec)
	g.Callback().Raw().After("gorm:raw").Register("test:count", rec)
}

// The markers overview reads every boundary partner's matrix in a fixed number of
// queries: seven boundary partners cost what two cost. Its matrices are the ones the
// single-partner page builds.
func TestMarkersOverviewQueriesDoNotGrowWithPartners(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := servertest.New(t, d)
		sc := e.Scope(t, "coordinator@a")
		pid := e.Fix.A.ID
		var periods []markers.Period
		for _, p := range [][3]string{{"Q1", "2025-01-01", "2025-03-31"}, {"Q2", "2025-04-01", "2025-06-30"}} {
			per, err := markers.CreatePeriod(ctx, d, sc, markers.PeriodInput{PartnershipID: pid, Label: p[0], StartsOn: p[1], EndsOn: p[2]})
			if err != nil {
				t.Fatal(err)
			}
			periods = append(periods, per)
		}
		addPartner := func(i int) {
			bp, err := markers.CreatePartner(ctx, d, sc, markers.PartnerInput{PartnershipID: pid, Name: fmt.Sprintf("Partner %02d", i), OutcomeChallenge: "-"})
			if err != nil {
				t.Fatal(err)
			}
			in := markers.JournalInput{Entries: map[int64]markers.EntryInput{}}
			for j, l := range markers.Levels {
				m, err := markers.AddMarker(ctx, d, sc, bp.ID, markers.MarkerInput{Level: l, Text: locale.Text{"nl": fmt.Sprintf("Marker %d-%d", i, j)}})
				if err != nil {
					t.Fatal(err)
				}
				in.Entries[m.ID] = markers.EntryInput{Rating: string([]markers.Rating{markers.Low, markers.Medium, markers.High}[(i+j)%3]), Description: "gezien"}
			}
			if err := markers.SaveJournal(ctx, d, sc, bp.ID, periods[i%2].ID, in); err != nil {
				t.Fatal(err)
			}
		}
		var on atomic.Bool
		var n atomic.Int64
		countQueries(d, &on, &n)
		c := e.As(t, "coordinator@a")
		overview := func() (int64, string) {
			n.Store(0)
			on.Store(true)
			r := c.Get(t, fmt.Sprintf("/markers/overview?partnership=%d", pid))
			on.Store(false)
			if r.Status != 200 {
				t.Fatalf("overview: %d", r.Status)
			}
			return n.Load(), r.Body
		}
		addPartner(0)
		addPartner(1)
		two, _ := overview()
		for i := 2; i < 7; i++ {
			addPartner(i)
		}
		seven, body := overview()
		if seven != two {
			t.Errorf("%s: the overview ran %d queries for 2 boundary partners and %d for 7", d.Dialect, two, seven)
		}
		for i := 0; i < 7; i++ {
			if !strings.Contains(body, fmt.Sprintf("Partner %02d", i)) || !strings.Contains(body, fmt.Sprintf("Marker %d-2", i)) {
				t.Errorf("%s: the overview lacks partner %d or its markers", d.Dialect, i)
			}
		}
		all, err := markers.BuildMatrices(ctx, d, sc, pid)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 7 {
			t.Fatalf("%s: %d matrices, want 7", d.Dialect, len(all))
		}
		for _, mx := range all {
			one, err := markers.BuildMatrix(ctx, d, sc, mx.Partner.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(one, mx) {
				t.Errorf("%s: the overview's matrix of %s differs from its own page's", d.Dialect, mx.Partner.Name)
			}
		}
	})
}
