package harvest

import (
	"context"
	"fmt"
	"sort"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
	"oogst/survey"
)

// Aggregates are a partnership's counts for the dashboard. Every number is computed by
// the database (GROUP BY); excluded outcomes do not count.
type Aggregates struct {
	PartnershipID int64
	Total         int64
	BySign        []SignCount
	ByCode        []CodeCount
	ByBarrier     []BarrierCount
	ByBlock       []KeyCount
	ByRound       []RoundCount
	ByGroup       []KeyCount
	ByStatus      []KeyCount
	ByPeriod      []KeyCount // month "2026-03"
	Trend         []RoundSignCount
	// ByCursistStatus splits the total by the cursists' current status (see
	// aggregate_cursist_status.go); Cursists is the number of cursists it counts.
	ByCursistStatus []CursistStatusCount
	Cursists        int64
	Cross           Cross // the analysis view's cross-tables (aggregates_cross.go)
}

// KeyCount is a count for one value.
type KeyCount struct {
	Key   string `json:"key"`
	Count int64  `json:"count"`
}

// SignCount counts outcomes of one sign ("" = not said).
type SignCount struct {
	Sign  string `json:"sign"`
	Count int64  `json:"count"`
}

// CodeCount counts outcomes of one code, split by sign.
type CodeCount struct {
	CodeID   int64  `json:"code_id"`
	Key      string `json:"key"`
	Code     Code   `json:"-"`
	Positive int64  `json:"positive"`
	Negative int64  `json:"negative"`
	Both     int64  `gorm:"column:both_signs" json:"both"`
	Unsigned int64  `json:"unsigned"`
	Total    int64  `json:"total"`
}

// RoundCount counts outcomes and distinct responses of one round, and how many
// cursists were asked (the active cursists of the round's group; 0 when unknown).
type RoundCount struct {
	RoundID   int64  `json:"round_id"`
	Title     string `json:"title"`
	Outcomes  int64  `json:"outcomes"`
	Responses int64  `json:"responses"`
	Invited   int64  `gorm:"-" json:"invited"`
}

// RoundSignCount is one cell of the trend: a round × sign.
type RoundSignCount struct {
	RoundID int64  `json:"round_id"`
	Title   string `json:"title"`
	Sign    string `json:"sign"`
	Count   int64  `json:"count"`
}

// AggregateFilter narrows the dashboard (zero values: everything).
type AggregateFilter struct {
	RoundID int64
	Group   string
	// UntilMonth ("2006-01") leaves out outcomes of later months (meeting charts).
	UntilMonth string
}

// Aggregate computes the dashboard of partnership pid for one of its members. Every
// number is summed by the database from the outcome rollup (see rollup.go), which the
// outcome tables' triggers keep exact; nothing scans the outcomes themselves.
func Aggregate(ctx context.Context, d *db.DB, sc people.Scope, pid int64, f AggregateFilter) (Aggregates, error) {
	a := Aggregates{PartnershipID: pid}
	// Every member sees the partnership's numbers (mentors too: no stories here).
	// Admins outside it use Compare, which shows the same numbers side by side.
	if !sc.Member(pid) {
		return a, apperr.NotFound()
	}
	err := d.ReadSnapshot(ctx, func(d *db.DB) error { return aggregate(ctx, d, pid, f, &a) })
	return a, err
}

// aggregate fills a from one snapshot (d is the snapshot's handle), so the totals,
// the splits and the trend agree with each other even while outcomes arrive: one
// grouped pass per rollup kind (aggregate_pass.go for the outcomes).
func aggregate(ctx context.Context, d *db.DB, pid int64, f AggregateFilter, a *Aggregates) error {
	tx := d.Q(ctx)
	wrap := func(what string, err error) error {
		if err != nil {
			return fmt.Errorf("harvest: aggregate %s of partnership %d: %w", what, pid, err)
		}
		return nil
	}
	var rows []passRow
	var err error
	if usesSets(f) {
		rows, err = setsPass(tx, d.Dialect, []int64{pid})
	} else {
		rows, err = outcomePass(tx, d.Dialect, rollupOf(kindOutcome, []int64{pid}, f))
	}
	if err != nil {
		return wrap("outcomes", err)
	}
	foldPass(rows, a)
	if err := blockPass(tx, rollupOf(kindBlock, []int64{pid}, f), a); err != nil {
		return wrap("blocks", err)
	}
	if a.Cross.CodeBlock, err = crossCells[CodeBlockCount](tx, rollupOf(kindCodeBlock, []int64{pid}, f), "code_id, block"); err != nil {
		return wrap("codes by block", err)
	}
	if a.Cross.CodeBarrier, err = crossCells[CodeBarrierCount](tx, rollupOf(kindCodeBarrier, []int64{pid}, f), "code_id, barrier_id"); err != nil {
		return wrap("codes by barrier", err)
	}
	if a.Cross.ActorSign, err = crossCells[ActorSignCount](tx, rollupOf(kindActor, []int64{pid}, f), "actor, sign"); err != nil {
		return wrap("actors", err)
	}
	if len(a.ByRound) > 0 {
		ids := make([]int64, len(a.ByRound))
		for i, r := range a.ByRound {
			ids[i] = r.RoundID
		}
		invited, err := survey.InvitedByRound(ctx, d, ids)
		if err != nil {
			return wrap("invited", err)
		}
		for i := range a.ByRound {
			a.ByRound[i].Invited = invited[a.ByRound[i].RoundID]
		}
	}
	if a.ByCode, err = codeCounts(ctx, d, rollupOf(kindCode, []int64{pid}, f)); err != nil {
		return wrap("codes", err)
	}
	// A meeting's charts (UntilMonth) show no split: the tally counts no months.
	if f.UntilMonth == "" {
		if err := cursistStatusSplit(ctx, d, pid, f, a); err != nil {
			return wrap("cursist statuses", err)
		}
	}
	if a.ByBarrier, err = barrierCounts(ctx, d, rollupOf(kindBarrier, []int64{pid}, f)); err != nil {
		return wrap("barriers", err)
	}
	return nil
}

// signSplit is the columns of a count per term split by sign (CodeCount, BarrierCount).
const signSplit = `SUM(CASE WHEN sign = 'positive' THEN n ELSE 0 END) AS positive,
	SUM(CASE WHEN sign = 'negative' THEN n ELSE 0 END) AS negative,
	SUM(CASE WHEN sign = 'both' THEN n ELSE 0 END) AS both_signs,
	SUM(CASE WHEN sign = '' THEN n ELSE 0 END) AS unsigned,
	SUM(n) AS total`

// termsByID loads the terms (codes, barriers) the rows count, by id.
func termsByID[R, T any](ctx context.Context, d *db.DB, rows []R, rowID func(R) int64, termID func(T) int64) (map[int64]T, error) {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = rowID(r)
	}
	var terms []T
	if err := d.Q(ctx).Where("id IN ?", ids).Find(&terms).Error; err != nil {
		return nil, err
	}
	byID := make(map[int64]T, len(terms))
	for _, t := range terms {
		byID[termID(t)] = t
	}
	return byID, nil
}

// codeCounts counts outcomes per code split by sign, in one GROUP BY.
func codeCounts(ctx context.Context, d *db.DB, src rollupSource) ([]CodeCount, error) {
	var rows []CodeCount
	err := src.query(d.Q(ctx), "code_id, "+signSplit, "", "code_id", "code_id").Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return []CodeCount{}, nil
	}
	byID, err := termsByID(ctx, d, rows, func(r CodeCount) int64 { return r.CodeID }, func(c Code) int64 { return c.ID })
	if err != nil {
		return nil, err
	}
	for i := range rows {
		rows[i].Code = byID[rows[i].CodeID]
		rows[i].Key = rows[i].Code.Key
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Total != rows[j].Total {
			return rows[i].Total > rows[j].Total
		}
		return rows[i].Code.Position < rows[j].Code.Position || (rows[i].Code.Position == rows[j].Code.Position && rows[i].CodeID < rows[j].CodeID)
	})
	return rows, nil
}

// PartnershipTotals is one partnership's column in the cross-partnership view.
type PartnershipTotals struct {
	PartnershipID int64
	Name          string
	Total         int64
	Positive      int64
	Negative      int64
	Both          int64 `gorm:"column:both_signs"`
	Responses     int64
	Codes         map[int64]int64  `gorm:"-"` // code id → outcomes
	Blocks        map[string]int64 `gorm:"-"` // building block → outcomes naming it
	Statuses      map[string]int64 `gorm:"-"` // review status → outcomes
}

// Comparison is the cross-partnership view: aggregates only, never stories.
type Comparison struct {
	Partnerships []PartnershipTotals
	Codes        []Code
	Blocks       []string // every building block, in the programme's order
	Statuses     []Status // the statuses counted (excluded outcomes do not count)
}

// Compare puts the aggregates of every partnership the caller belongs to (admins: all
// partnerships) side by side. Four GROUP BY queries on the rollup, whatever the number
// of partnerships.
func Compare(ctx context.Context, d *db.DB, sc people.Scope) (Comparison, error) {
	var cmp Comparison
	err := d.ReadSnapshot(ctx, func(d *db.DB) error { return compare(ctx, d, sc, &cmp) })
	return cmp, err
}

// compare fills cmp from one snapshot (d is the snapshot's handle).
func compare(ctx context.Context, d *db.DB, sc people.Scope, cmp *Comparison) error {
	pq := d.Q(ctx).Model(&people.Partnership{})
	if !sc.IsAdmin {
		pq = sc.Where(pq, "id")
	}
	var ps []people.Partnership
	if err := pq.Order("name").Find(&ps).Error; err != nil {
		return fmt.Errorf("harvest: compare partnerships: %w", err)
	}
	if len(ps) == 0 {
		return nil
	}
	ids := make([]int64, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	tx := d.Q(ctx)
	var totals []PartnershipTotals
	err := rollupOf(kindOutcome, ids, AggregateFilter{}).query(tx, `partnership_id, SUM(n) AS total,
			SUM(CASE WHEN sign = 'positive' THEN n ELSE 0 END) AS positive,
			SUM(CASE WHEN sign = 'negative' THEN n ELSE 0 END) AS negative,
			SUM(CASE WHEN sign = 'both' THEN n ELSE 0 END) AS both_signs,
			SUM(responses) AS responses`, "", "partnership_id", "").Scan(&totals).Error
	if err != nil {
		return fmt.Errorf("harvest: compare totals: %w", err)
	}
	byP := map[int64]PartnershipTotals{}
	for _, t := range totals {
		byP[t.PartnershipID] = t
	}
	var cells []struct {
		PartnershipID, CodeID, Count int64
	}
	err = rollupOf(kindCode, ids, AggregateFilter{}).query(tx, "partnership_id, code_id, SUM(n) AS count", "", "partnership_id, code_id", "").Scan(&cells).Error
	if err != nil {
		return fmt.Errorf("harvest: compare codes: %w", err)
	}
	var blocks, statuses []struct {
		PartnershipID int64
		Key           string
		Count         int64
	}
	err = rollupOf(kindBlock, ids, AggregateFilter{}).query(tx, "partnership_id, block AS key, SUM(n) AS count", "", "partnership_id, block", "").Scan(&blocks).Error
	if err != nil {
		return fmt.Errorf("harvest: compare blocks: %w", err)
	}
	err = rollupOf(kindOutcome, ids, AggregateFilter{}).query(tx, "partnership_id, status AS key, SUM(n) AS count", "", "partnership_id, status", "").Scan(&statuses).Error
	if err != nil {
		return fmt.Errorf("harvest: compare statuses: %w", err)
	}
	for _, p := range ps {
		t := byP[p.ID]
		t.PartnershipID, t.Name, t.Codes = p.ID, p.Name, map[int64]int64{}
		t.Blocks, t.Statuses = map[string]int64{}, map[string]int64{}
		byP[p.ID] = t
	}
	for _, b := range blocks {
		byP[b.PartnershipID].Blocks[b.Key] = b.Count
	}
	for _, st := range statuses {
		byP[st.PartnershipID].Statuses[st.Key] = st.Count
	}
	cmp.Blocks = Blocks
	for _, st := range Statuses {
		if st != StatusExcluded {
			cmp.Statuses = append(cmp.Statuses, st)
		}
	}
	// Only the presets are compared: a partnership's own codes mean nothing elsewhere.
	if cmp.Codes, err = codes.list(ctx, d, nil, true); err != nil {
		return err
	}
	for _, c := range cells {
		byP[c.PartnershipID].Codes[c.CodeID] = c.Count
	}
	for _, p := range ps {
		cmp.Partnerships = append(cmp.Partnerships, byP[p.ID])
	}
	return nil
}

// TotalInt is Total as an int, for plural messages.
func (a Aggregates) TotalInt() int { return int(a.Total) }
