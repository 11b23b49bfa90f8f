package demo_test

import (
	"context"
	"testing"

	"oogst/db"
	"oogst/demo"
	"oogst/harvest"
	"oogst/markers"
	"oogst/people"
)

func TestDemoMarkers(t *testing.T) {
	t.Parallel()
	demo.DemoSeed.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		sum := loadAgain(t, d)
		if sum.Created != 0 {
			t.Errorf("second run created %d rows", sum.Created)
		}
		var ps []people.Partnership
		if err := d.Q(ctx).Find(&ps).Error; err != nil {
			t.Fatal(err)
		}
		if len(ps) != 8 {
			t.Fatalf("%d partnerships", len(ps))
		}
		var admin people.User
		d.Q(ctx).Where("email = ?", "admin@oogst.demo").First(&admin)
		sc := people.Scope{UserID: admin.ID, Roles: map[int64]people.Role{}}
		for _, p := range ps {
			sc.Roles[p.ID] = people.RoleCoordinator
		}
		for _, p := range ps {
			bps, err := markers.Partners(ctx, d, sc, p.ID)
			if err != nil || len(bps) < 2 {
				t.Errorf("%s: %d boundary partners (%v)", p.Name, len(bps), err)
				continue
			}
			levels := map[markers.Level]bool{}
			for _, bp := range bps {
				ms, _ := markers.Markers(ctx, d, sc, bp.ID, false)
				for _, m := range ms {
					levels[m.Level] = true
				}
			}
			if len(levels) != 3 {
				t.Errorf("%s: levels %v", p.Name, levels)
			}
			js, err := markers.Journals(ctx, d, sc, p.ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			periods, ratings := map[int64]bool{}, map[markers.Rating]bool{}
			for _, j := range js {
				periods[j.PeriodID] = true
				for _, e := range j.Entries {
					ratings[e.Rating] = true
				}
			}
			if len(periods) < 2 || len(ratings) < 3 {
				t.Errorf("%s: journals in %d periods with ratings %v", p.Name, len(periods), ratings)
			}
			// The newest period has a marker survey, answered once by the childcare
			// organiser: one pending proposal per marker, rated by the marker's level.
			pers, _ := markers.Periods(ctx, d, sc, p.ID)
			var surveyed int
			for _, per := range pers {
				for _, bp := range bps {
					js, err := markers.LoadJournalSurveys(ctx, d, sc, bp.ID, per.ID)
					if err != nil {
						t.Fatal(err)
					}
					if len(js.Surveys) == 0 {
						continue
					}
					surveyed++
					if per.Label != "Semester 1 2026" || len(js.Surveys) != 1 || js.Responses[js.Surveys[0].ID] != 1 {
						t.Errorf("%s: survey in %s: %d surveys, responses %v", p.Name, per.Label, len(js.Surveys), js.Responses)
					}
					ms, _ := markers.Markers(ctx, d, sc, bp.ID, false)
					want := map[markers.Level]markers.Rating{markers.Expect: markers.High, markers.Like: markers.Medium, markers.Love: markers.Low}
					level := map[int64]markers.Level{}
					for _, m := range ms {
						level[m.ID] = m.Level
					}
					if len(js.Proposals) != len(ms) {
						t.Errorf("%s: %d proposals for %d markers", p.Name, len(js.Proposals), len(ms))
					}
					for _, pr := range js.Proposals {
						if pr.Status != markers.Pending || pr.Rating != want[level[pr.MarkerID]] || pr.Text == "" || pr.Respondent != "Verantwoordelijke kinderopvang" {
							t.Errorf("%s: proposal %+v", p.Name, pr)
						}
					}
				}
			}
			if surveyed != 1 {
				t.Errorf("%s: %d marker surveys, want 1", p.Name, surveyed)
			}
			checkDemoLadder(t, d, sc, p, bps, pers)
			checkDemoOMJournals(t, d, sc, p, pers)
		}
	})
}

// checkDemoLadder: every demo marker says its form, and at least one boundary partner
// reaches a more intense form in the second period than in the first.
func checkDemoLadder(t *testing.T, d *db.DB, sc people.Scope, p people.Partnership, bps []markers.BoundaryPartner, pers []markers.Period) {
	t.Helper()
	ctx := context.Background()
	step := map[markers.Form]int{markers.FormNone: -1}
	for i, f := range markers.Forms {
		step[f] = i
	}
	climbs := 0
	for _, bp := range bps {
		l, err := markers.BuildLadder(ctx, d, sc, bp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if l.WithoutForm != 0 || len(l.Periods) != len(pers) {
			t.Errorf("%s / %s: %d markers without form, %d periods", p.Name, bp.Name, l.WithoutForm, len(l.Periods))
			continue
		}
		if step[l.Periods[1].Highest] > step[l.Periods[0].Highest] {
			climbs++
		}
	}
	if climbs == 0 {
		t.Errorf("%s: no boundary partner climbs the ladder", p.Name)
	}
}

// checkDemoOMJournals: the strategy and performance journals of the first two periods
// are filled on every row, and where the partnership has demo meetings, the second
// strategy journal's programme change is an adjustment of the spring meeting.
func checkDemoOMJournals(t *testing.T, d *db.DB, sc people.Scope, p people.Partnership, pers []markers.Period) {
	t.Helper()
	ctx := context.Background()
	var meetings int64
	d.Q(ctx).Model(&harvest.Meeting{}).Where("partnership_id = ?", p.ID).Count(&meetings)
	for pi, per := range pers[:2] {
		for _, kind := range markers.JournalKinds {
			v, err := markers.LoadPartnershipJournal(ctx, d, sc, per.ID, kind)
			if err != nil {
				t.Fatal(err)
			}
			if v.Journal.ID == 0 || v.Journal.Lessons == "" || v.Journal.ProgrammeChanges == "" || len(v.Items) != len(markers.Topics(kind)) {
				t.Errorf("%s: %s journal of %s: %+v", p.Name, kind, per.Label, v.Journal)
			}
			for _, it := range v.Items {
				if it.Done == "" || it.Effects == "" || it.ToChange == "" {
					t.Errorf("%s: %s journal of %s: empty row %+v", p.Name, kind, per.Label, it)
				}
			}
			adjusted := pi == 1 && kind == markers.KindStrategy && meetings > 0
			if (v.Journal.AdjustmentID != nil) != adjusted {
				t.Errorf("%s: %s journal of %s adjustment %v, want one: %v", p.Name, kind, per.Label, v.Journal.AdjustmentID, adjusted)
			}
			if v.Journal.AdjustmentID == nil {
				continue
			}
			var a harvest.Adjustment
			var m harvest.Meeting
			if err := d.Q(ctx).Take(&a, *v.Journal.AdjustmentID).Error; err != nil || a.MeetingID == nil || a.Description != v.Journal.ProgrammeChanges {
				t.Errorf("%s: adjustment %+v (%v)", p.Name, a, err)
				continue
			}
			if d.Q(ctx).Take(&m, *a.MeetingID); m.Title != "Stuurgroep voorjaar" {
				t.Errorf("%s: adjustment in meeting %q", p.Name, m.Title)
			}
		}
	}
}
