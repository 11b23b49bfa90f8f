package server_test

import (
	"context"
	"fmt"
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"oogst/db"
	"oogst/db/dbtest"
	"oogst/harvest"
	"oogst/server/servertest"
)

var (
	rowID    = regexp.MustCompile(`data-id="(\d+)"`)
	olderRel = regexp.MustCompile(`rel="next" href="([^"]+)"`)
	newerRel = regexp.MustCompile(`rel="prev" href="([^"]+)"`)
)

// inboxWalk follows one kind of pager link from path to the end and returns the ids of
// every page in the order seen. between runs after each page load.
func inboxWalk(t *testing.T, c *servertest.Client, path string, link *regexp.Regexp, between func()) [][]int64 {
	t.Helper()
	var pages [][]int64
	for path != "" && len(pages) < 100 {
		r := c.Get(t, path)
		if r.Status != 200 {
			t.Fatalf("GET %s: %d", path, r.Status)
		}
		var ids []int64
		for _, m := range rowID.FindAllStringSubmatch(r.Body, -1) {
			n, _ := strconv.ParseInt(m[1], 10, 64)
			ids = append(ids, n)
		}
		pages = append(pages, ids)
		path = ""
		if m := link.FindStringSubmatch(r.Body); m != nil {
			path = html.UnescapeString(m[1])
		}
		if between != nil {
			between()
		}
	}
	return pages
}

// The inbox's "older" and "newer" links visit every outcome exactly once, in the inbox
// order, when many outcomes share a submission time, with a filter and a search, and
// while outcomes arrive between two page loads; an old ?page=N link still shows page N.
func TestInboxKeysetPagingVisitsEveryOutcomeOnce(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := servertest.New(t, d)
		pid := e.Fix.A.ID
		base := time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)
		type row struct {
			id    int64
			at    time.Time
			group string
		}
		var rows []row
		add := func(i int, at time.Time) row {
			g := []string{"Groep A", "Groep B"}[i%2]
			o, err := harvest.CreateFromReflection(ctx, d, harvest.ReflectionInput{ResponseID: int64(1000 + i), PartnershipID: pid, GroupName: g,
				Language: "nl", Change: fmt.Sprintf("verhaal %d over de bibliotheek", i), Significance: "-", Sign: "positive", SubmittedAt: at})
			if err != nil {
				t.Fatal(err)
			}
			return row{o.ID, at, g}
		}
		for i := 0; i < 47; i++ {
			// Five submission times only: most rows tie on submitted_at.
			rows = append(rows, add(i, base.Add(time.Duration(i%5)*time.Hour)))
		}
		order := func(rs []row, keep func(row) bool) []int64 {
			s := slices.Clone(rs)
			slices.SortFunc(s, func(a, b row) int {
				if c := b.at.Compare(a.at); c != 0 {
					return c
				}
				return int(b.id - a.id)
			})
			var out []int64
			for _, r := range s {
				if keep(r) {
					out = append(out, r.id)
				}
			}
			return out
		}
		all := func(row) bool { return true }
		c := e.As(t, "coordinator@a")
		flat := func(ps [][]int64) []int64 { return slices.Concat(ps...) }

		// Every status, 10 a page: 5 pages, each row once, in order.
		pages := inboxWalk(t, c, "/outcomes?status=all&per_page=10", olderRel, nil)
		if got, want := flat(pages), order(rows, all); !slices.Equal(got, want) {
			t.Fatalf("%s: older links visited\n%v\nwant\n%v", d.Dialect, got, want)
		}
		if len(pages) != 5 {
			t.Errorf("%s: %d pages, want 5", d.Dialect, len(pages))
		}
		// And back from the last page by the "newer" links.
		last := c.Get(t, "/outcomes?status=all&per_page=10&page=5")
		start := html.UnescapeString(newerRel.FindStringSubmatch(last.Body)[1])
		back := inboxWalk(t, c, start, newerRel, nil)
		slices.Reverse(back)
		if got, want := flat(back), order(rows, all)[:40]; !slices.Equal(got, want) {
			t.Errorf("%s: newer links visited\n%v\nwant\n%v", d.Dialect, got, want)
		}
		if !strings.Contains(last.Body, "Pagina 5 van 5") {
			t.Errorf("%s: page 5 by number does not say so", d.Dialect)
		}

		// A filter and a search together.
		inB := func(r row) bool { return r.group == "Groep B" }
		pages = inboxWalk(t, c, "/outcomes?status=all&per_page=7&group=Groep+B&q=BIBLIOTHEEK", olderRel, nil)
		if got, want := flat(pages), order(rows, inB); !slices.Equal(got, want) {
			t.Errorf("%s: filtered walk\n%v\nwant\n%v", d.Dialect, got, want)
		}

		// Outcomes arrive between page loads, newer than everything and tied with the
		// newest: the walk still shows every earlier outcome exactly once.
		before := order(rows, all)
		n := 0
		pages = inboxWalk(t, c, "/outcomes?status=all&per_page=10", olderRel, func() {
			for k := 0; k < 3; k++ {
				rows = append(rows, add(100+n, base.Add(4*time.Hour+time.Duration(n%2)*time.Hour)))
				n++
			}
		})
		got := flat(pages)
		seen := map[int64]int{}
		for _, id := range got {
			seen[id]++
		}
		for _, id := range before {
			if seen[id] != 1 {
				t.Errorf("%s: outcome %d seen %d times while outcomes arrived", d.Dialect, id, seen[id])
			}
		}

		// An old page link reads that page by number.
		r := c.Get(t, "/outcomes?status=all&per_page=10&page=3")
		var ids []int64
		for _, m := range rowID.FindAllStringSubmatch(r.Body, -1) {
			id, _ := strconv.ParseInt(m[1], 10, 64)
			ids = append(ids, id)
		}
		if want := order(rows, all)[20:30]; !slices.Equal(ids, want) {
			t.Errorf("%s: ?page=3 shows %v, want %v", d.Dialect, ids, want)
		}
	})
}
