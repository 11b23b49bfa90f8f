package harvest

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"oogst/db"
	"oogst/people"
)

// FilterOptions are the choices of the inbox filters for the caller.
type FilterOptions struct {
	Partnerships []people.PartnershipWithRole
	Rounds       []RoundOption
	Groups       []string
	Languages    []string
	Codes        []Code
	Barriers     []Barrier
}

// RoundOption is a round seen on outcomes.
type RoundOption struct {
	ID    int64
	Title string
}

// Options lists the rounds, groups, languages and codes present in the caller's outcomes.
//
// The distinct values are found by skipping through the filter indexes (migration
// 00120): each step asks the index for the next value greater than the last, so the cost
// grows with the number of distinct values, not of outcomes. A round's title is the
// greatest title seen on its outcomes, read from the (partnership, round, title) index.
func Options(ctx context.Context, d *db.DB, sc people.Scope, partnershipID int64) (FilterOptions, error) {
	var o FilterOptions
	var err error
	if o.Partnerships, err = people.Partnerships(ctx, d, sc); err != nil {
		return o, err
	}
	seeds := optionSeeds(sc, partnershipID)
	if len(seeds) > 0 {
		q, args := skipScan(seeds, "round_id", "o.round_id IS NOT NULL",
			"SELECT v.x AS id, MAX((SELECT o.round_title FROM outcomes o WHERE o.partnership_id = v.pid AND (v.grp = '' OR o.group_name = v.grp) AND o.round_id = v.x ORDER BY o.round_title DESC LIMIT 1)) AS title FROM v WHERE v.x IS NOT NULL GROUP BY v.x ORDER BY v.x")
		if err := d.Q(ctx).Raw(q, args...).Scan(&o.Rounds).Error; err != nil {
			return o, fmt.Errorf("harvest: round options: %w", err)
		}
		q, args = skipScan(seeds, "group_name", "o.group_name <> ''", "SELECT DISTINCT v.x FROM v WHERE v.x IS NOT NULL ORDER BY v.x")
		if err := d.Q(ctx).Raw(q, args...).Scan(&o.Groups).Error; err != nil {
			return o, fmt.Errorf("harvest: group options: %w", err)
		}
		q, args = skipScan(seeds, "language", "1 = 1", "SELECT DISTINCT v.x FROM v WHERE v.x IS NOT NULL ORDER BY v.x")
		if err := d.Q(ctx).Raw(q, args...).Scan(&o.Languages).Error; err != nil {
			return o, fmt.Errorf("harvest: language options: %w", err)
		}
	}
	pids := sc.PartnershipIDs()
	if partnershipID != 0 {
		pids = []int64{partnershipID}
	}
	if o.Codes, err = codes.list(ctx, d, pids, true); err != nil {
		return o, err
	}
	if o.Barriers, err = barriers.list(ctx, d, pids, true); err != nil {
		return o, err
	}
	return o, nil
}

// optionSeed is one partnership whose outcomes the caller reads: all of them (Group
// empty) or one group's (a mentor), as visible() decides.
type optionSeed struct {
	PartnershipID int64
	Group         string
}

func optionSeeds(sc people.Scope, partnershipID int64) []optionSeed {
	var out []optionSeed
	reviews := map[int64]bool{}
	for _, pid := range reviewerPartnerships(sc) {
		reviews[pid] = true
		out = append(out, optionSeed{PartnershipID: pid})
	}
	for pid, g := range sc.MentorGroups {
		if !reviews[pid] && g != "" && sc.Allows(pid, people.RoleMentor) {
			out = append(out, optionSeed{PartnershipID: pid, Group: g})
		}
	}
	if partnershipID != 0 {
		out = slicesFilter(out, func(s optionSeed) bool { return s.PartnershipID == partnershipID })
	}
	sort.Slice(out, func(i, j int) bool { return out[i].PartnershipID < out[j].PartnershipID })
	return out
}

func slicesFilter[T any](xs []T, keep func(T) bool) []T {
	var out []T
	for _, x := range xs {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

// skipScan is a recursive query listing the distinct values x of col (with cond) per
// seed (pid, grp) in v(pid, grp, x), then final reads v. The same SQL runs on both
// databases.
func skipScan(seeds []optionSeed, col, cond, final string) (string, []any) {
	vals := make([]string, len(seeds))
	args := make([]any, 0, 2*len(seeds))
	for i, s := range seeds {
		vals[i] = "(CAST(? AS BIGINT), CAST(? AS TEXT))"
		args = append(args, s.PartnershipID, s.Group)
	}
	next := func(v, after string) string {
		return "(SELECT o." + col + " FROM outcomes o WHERE o.partnership_id = " + v + ".pid AND (" + v + ".grp = '' OR o.group_name = " + v + ".grp) AND " +
			cond + after + " ORDER BY o." + col + " LIMIT 1)"
	}
	q := "WITH RECURSIVE s(pid, grp) AS (VALUES " + strings.Join(vals, ", ") + "),\n" +
		"v(pid, grp, x) AS (SELECT s.pid, s.grp, " + next("s", "") + " FROM s\n" +
		"  UNION ALL SELECT v.pid, v.grp, " + next("v", " AND o."+col+" > v.x") + " FROM v WHERE v.x IS NOT NULL)\n" + final
	return q, args
}
