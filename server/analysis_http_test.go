package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"oogst/harvest"
	"oogst/server/servertest"
)

// analysisStory is one outcome of the analysis fixture.
type analysisStory struct {
	change, sign, month string
	blocks              []string
	codes               []int // indexes into the preset codes
	intended            string
	excluded            bool
	barriers            []int // indexes into the preset barriers
	actor               string
}

// analysisStories are varied on purpose: several blocks and codes per outcome, every
// sign including none, a gap of months (May has nothing), and one excluded outcome that
// no figure may count.
var analysisStories = []analysisStory{
	{"Ik durf te bellen", "positive", "2026-03", []string{"training", "guidance"}, []int{0, 1}, "intended", false, []int{6}, "cursist"},
	{"Ik spreek met ouders", "positive", "2026-03", []string{"workplace"}, []int{0}, "intended", false, []int{6, 4}, "cursist"},
	{"Te moe om te leren", "negative", "2026-04", []string{"training"}, []int{1}, "unintended", false, []int{7}, "workplace"},
	{"Stress thuis en op stage", "both", "2026-04", []string{"workplace", "guidance"}, []int{1, 2}, "", false, []int{3}, ""},
	{"Ik kom op tijd", "", "2026-06", []string{"training"}, []int{0}, "", false, nil, "cursist"},
	{"Geen bus meer", "negative", "2026-06", []string{"aftercare"}, nil, "", false, []int{0}, "family"},
	{"Dubbel verhaal", "negative", "2026-03", []string{"training"}, []int{0}, "", true, []int{6}, "cursist"},
}

// seedAnalysis writes the fixture into partnership A (and one story into B, which no
// figure of A may count) and returns the preset code ids it used.
func seedAnalysis(t *testing.T, env *servertest.Env) []int64 {
	t.Helper()
	ctx := context.Background()
	a := env.Fix.A.ID
	var codes []int64
	env.DB.Q(ctx).Model(&harvest.Code{}).Where("partnership_id IS NULL").Order("position, id").Limit(3).Pluck("id", &codes)
	if len(codes) < 3 {
		t.Fatalf("only %d preset codes", len(codes))
	}
	var barriers []int64
	env.DB.Q(ctx).Model(&harvest.Barrier{}).Where("partnership_id IS NULL").Order("position, id").Pluck("id", &barriers)
	if len(barriers) < 8 {
		t.Fatalf("only %d preset barriers", len(barriers))
	}
	sc := env.Scope(t, "coordinator@a")
	uid := env.Fix.Users["coordinator@a"].ID
	for i, s := range analysisStories {
		at, _ := time.Parse("2006-01", s.month)
		o, err := harvest.CreateFromReflection(ctx, env.DB, harvest.ReflectionInput{ResponseID: int64(100 + i), PartnershipID: a, RoundID: 1,
			RoundTitle: "Ronde 1", GroupName: "Groep A", Language: "nl", Change: s.change, Sign: s.sign, Blocks: s.blocks,
			SubmittedAt: at.Add(time.Duration(i+1) * 24 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		ids := []int64{}
		for _, c := range s.codes {
			ids = append(ids, codes[c])
		}
		bars := []int64{}
		for _, b := range s.barriers {
			bars = append(bars, barriers[b])
		}
		ch := harvest.Change{CodeIDs: &ids, BarrierIDs: &bars}
		if s.actor != "" {
			ch.Actor = ptrS(s.actor)
		}
		if s.intended != "" {
			ch.Intended = ptrS(s.intended)
		}
		if _, err := harvest.Update(ctx, env.DB, sc, uid, o.ID, ch); err != nil {
			t.Fatal(err)
		}
		if s.excluded {
			if _, err := harvest.Update(ctx, env.DB, sc, uid, o.ID, harvest.Change{Status: ptrS("excluded"), Reason: ptrS("dubbel")}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := harvest.CreateFromReflection(ctx, env.DB, harvest.ReflectionInput{ResponseID: 999, PartnershipID: env.Fix.B.ID, RoundID: 1,
		RoundTitle: "Ronde 1", Language: "nl", Change: "Verhaal van B", Sign: "negative", Blocks: []string{"training"},
		SubmittedAt: time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	return append(codes, barriers...)
}

// expectedCrosses counts the fixture by hand: code × block, block × sign, code ×
// barrier and actor × sign, without the excluded outcome. ids are the three codes, then
// the barriers.
func expectedCrosses(ids []int64) (codeBlock, blockSign, codeBarrier, actorSign map[string]int64) {
	codes, barriers := ids[:3], ids[3:]
	codeBlock, blockSign, codeBarrier, actorSign = map[string]int64{}, map[string]int64{}, map[string]int64{}, map[string]int64{}
	for _, s := range analysisStories {
		if s.excluded {
			continue
		}
		actorSign[s.actor+"/"+s.sign]++
		for _, c := range s.codes {
			for _, b := range s.barriers {
				codeBarrier[fmt.Sprintf("%d/%d", codes[c], barriers[b])]++
			}
		}
		for _, b := range s.blocks {
			blockSign[b+"/"+s.sign]++
			for _, c := range s.codes {
				codeBlock[fmt.Sprintf("%d/%s", codes[c], b)]++
			}
		}
	}
	return codeBlock, blockSign, codeBarrier, actorSign
}

// crossCellLink finds a cross-table cell: its inbox link and its count.
var crossCellLink = regexp.MustCompile(`<td(?: class="zero")?><a href="(/outcomes\?[^"]+)"><span class="n">(\d+)</span>`)

// inboxRow finds the outcomes an inbox page lists.
var inboxRow = regexp.MustCompile(`<li class="outcome-row" data-id="(\d+)"`)

// TestAnalysisCrossesCountAndLinkToTheirOutcomes checks the crosses in the API against
// the data, and that every cell of the analysis page links to an inbox listing exactly
// as many outcomes as it shows, on both databases.
func TestAnalysisCrossesCountAndLinkToTheirOutcomes(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		codes := seedAnalysis(t, env)
		coord := env.As(t, "coordinator@a")
		a := env.Fix.A.ID

		r := coord.Get(t, fmt.Sprintf("/api/v1/partnerships/%d/aggregates", a))
		if r.Status != 200 {
			t.Fatalf("aggregates: %d %.300s", r.Status, r.Body)
		}
		var agg struct {
			Cross struct {
				CodeBlock []struct {
					CodeID int64  `json:"code_id"`
					Block  string `json:"block"`
					Count  int64  `json:"count"`
				} `json:"code_block"`
				BlockSign []struct {
					Block, Sign string
					Count       int64
				} `json:"block_sign"`
				CodeBarrier []struct {
					CodeID    int64 `json:"code_id"`
					BarrierID int64 `json:"barrier_id"`
					Count     int64 `json:"count"`
				} `json:"code_barrier"`
				ActorSign []struct {
					Actor, Sign string
					Count       int64
				} `json:"actor_sign"`
			} `json:"cross"`
		}
		if err := json.Unmarshal([]byte(r.Body), &agg); err != nil {
			t.Fatal(err)
		}
		wantCB, wantBS, wantCR, wantAS := expectedCrosses(codes)
		gotCB, gotBS, gotCR, gotAS := map[string]int64{}, map[string]int64{}, map[string]int64{}, map[string]int64{}
		for _, c := range agg.Cross.CodeBarrier {
			gotCR[fmt.Sprintf("%d/%d", c.CodeID, c.BarrierID)] = c.Count
		}
		for _, c := range agg.Cross.ActorSign {
			gotAS[c.Actor+"/"+c.Sign] = c.Count
		}
		for _, c := range agg.Cross.CodeBlock {
			gotCB[fmt.Sprintf("%d/%s", c.CodeID, c.Block)] = c.Count
		}
		for _, c := range agg.Cross.BlockSign {
			gotBS[c.Block+"/"+c.Sign] = c.Count
		}
		for _, x := range []struct {
			name      string
			got, want map[string]int64
		}{{"code × barrier", gotCR, wantCR}, {"actor × sign", gotAS, wantAS}, {"code × block", gotCB, wantCB}, {"block × sign", gotBS, wantBS}} {
			if fmt.Sprint(x.got) != fmt.Sprint(x.want) {
				t.Errorf("%s: got %v, want %v", x.name, x.got, x.want)
			}
		}

		page := coord.Get(t, fmt.Sprintf("/partnerships/%d/analysis", a))
		if page.Status != 200 {
			t.Fatalf("analysis page: %d %.300s", page.Status, page.Body)
		}
		cells := crossCellLink.FindAllStringSubmatch(page.Body, -1)
		// 3 codes × 6 blocks + 4 blocks × 4 signs + 3 codes × 5 barriers named + 4 actors
		// (with not said) × 4 signs.
		if want := 3*6 + 4*4 + 3*5 + 4*4; len(cells) != want {
			t.Fatalf("%d cross cells on the page, want %d", len(cells), want)
		}
		nonZero := 0
		for _, c := range cells {
			link := html.UnescapeString(c[1])
			in := coord.Get(t, link)
			listed := len(inboxRow.FindAllStringSubmatch(in.Body, -1))
			if fmt.Sprint(listed) != c[2] {
				t.Errorf("cell %s shows %s, its inbox lists %d", link, c[2], listed)
			}
			if strings.Contains(in.Body, "Dubbel verhaal") || strings.Contains(in.Body, "Verhaal van B") {
				t.Errorf("cell %s lists an excluded or another partnership's outcome", link)
			}
			if c[2] != "0" {
				nonZero++
			}
		}
		if want := len(wantCB) + len(wantBS) + len(wantCR) + len(wantAS); nonZero != want {
			t.Errorf("%d non-empty cells on the page, want %d", nonZero, want)
		}
		// The month axis runs from March to June with May shown as zero.
		months := regexp.MustCompile(`<a href="(/outcomes\?[^"]*month=(2026-\d\d)[^"]*)">(\d+)</a>`).FindAllStringSubmatch(page.Body, -1)
		var got []string
		for _, m := range months {
			got = append(got, m[2]+"="+m[3])
			if listed := len(inboxRow.FindAllStringSubmatch(coord.Get(t, html.UnescapeString(m[1])).Body, -1)); fmt.Sprint(listed) != m[3] {
				t.Errorf("month %s shows %s, its inbox lists %d", m[2], m[3], listed)
			}
		}
		sort.Strings(got)
		if strings.Join(got, " ") != "2026-03=2 2026-04=2 2026-05=0 2026-06=2" {
			t.Errorf("month axis %v", got)
		}
		// Negative outcomes: the two counted ones, not the excluded one nor B's.
		neg := page.Body[strings.Index(page.Body, `id="negative"`):]
		if !strings.Contains(neg, "Te moe om te leren") || !strings.Contains(neg, "Geen bus meer") || strings.Contains(neg, "Dubbel verhaal") || strings.Contains(neg, "Verhaal van B") {
			t.Errorf("negative list: %.600s", neg)
		}

		// Another partnership's analysis is not found.
		if r := coord.Get(t, fmt.Sprintf("/partnerships/%d/analysis", env.Fix.B.ID)); r.Status != 404 {
			t.Errorf("B's analysis for A's coordinator: %d", r.Status)
		}
	})
}

// TestDashboardFiguresLinkToTheirOutcomes follows every linked number of the dashboard's
// chart tables (codes, barriers, trend by sign, blocks, months, statuses, groups) to the
// inbox and checks it lists exactly as many outcomes, none excluded nor of another
// partnership.
func TestDashboardFiguresLinkToTheirOutcomes(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		seedAnalysis(t, env)
		coord := env.As(t, "coordinator@a")
		page := coord.Get(t, fmt.Sprintf("/partnerships/%d/dashboard", env.Fix.A.ID))
		if page.Status != 200 {
			t.Fatalf("dashboard: %d %.300s", page.Status, page.Body)
		}
		perChart := map[string]int{}
		for _, part := range strings.Split(page.Body, `<figure class="chart" id="chart-`)[1:] {
			id := part[:strings.Index(part, `"`)]
			for _, m := range regexp.MustCompile(`<td><a href="(/outcomes\?[^"]*)">(\d+)</a></td>`).FindAllStringSubmatch(part, -1) {
				perChart[id]++
				link := html.UnescapeString(m[1])
				in := coord.Get(t, link)
				if listed := len(inboxRow.FindAllStringSubmatch(in.Body, -1)); fmt.Sprint(listed) != m[2] {
					t.Errorf("%s: %s shows %s, its inbox lists %d", id, link, m[2], listed)
				}
				if strings.Contains(in.Body, "Dubbel verhaal") || strings.Contains(in.Body, "Verhaal van B") {
					t.Errorf("%s: %s lists an excluded or another partnership's outcome", id, link)
				}
			}
		}
		// Codes and barriers by four signs; one block, month and status per row.
		for id, min := range map[string]int{"codes": 3 * 4, "barriers": 5 * 4, "blocks": 4, "periods": 3, "status": 1} {
			if perChart[id] < min {
				t.Errorf("chart %s has %d linked numbers, want at least %d (all: %v)", id, perChart[id], min, perChart)
			}
		}
	})
}
