package harvest

import (
	"context"
	"fmt"
	"sort"

	"gorm.io/gorm"

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
	ByBlock       []KeyCount
	ByRound       []RoundCount
	ByGroup       []KeyCount
	ByStatus      []KeyCount
	ByPeriod      []KeyCount // month "2026-03"
	Trend         []RoundSignCount
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
}

// Aggregate computes the dashboard of partnership pid for one of its members.
func Aggregate(ctx context.Context, d *db.DB, sc people.Scope, pid int64, f AggregateFilter) (Aggregates, error) {
	a := Aggregates{PartnershipID: pid}
	// Every member sees the partnership's numbers (mentors too: no stories here).
	// Admins outside it use Compare, which shows the same numbers side by side.
	if !sc.Member(pid) {
		return a, apperr.NotFound()
	}
	base := func() *gorm.DB {
		q := d.WithContext(ctx).Table("outcomes").Where("outcomes.partnership_id = ? AND outcomes.status <> ?", pid, StatusExcluded)
		if f.RoundID != 0 {
			q = q.Where("outcomes.round_id = ?", f.RoundID)
		}
		if f.Group != "" {
			q = q.Where("outcomes.group_name = ?", f.Group)
		}
		return q
	}
	wrap := func(what string, err error) error {
		if err != nil {
			return fmt.Errorf("harvest: aggregate %s of partnership %d: %w", what, pid, err)
		}
		return nil
	}
	if err := base().Count(&a.Total).Error; err != nil {
		return a, wrap("total", err)
	}
	if err := base().Select("outcomes.sign AS sign, COUNT(*) AS count").Group("outcomes.sign").Order("outcomes.sign").Scan(&a.BySign).Error; err != nil {
		return a, wrap("signs", err)
	}
	if err := base().Select("outcomes.status AS key, COUNT(*) AS count").Group("outcomes.status").Order("outcomes.status").Scan(&a.ByStatus).Error; err != nil {
		return a, wrap("status", err)
	}
	if err := base().Joins("JOIN outcome_blocks b ON b.outcome_id = outcomes.id").
		Select("b.block AS key, COUNT(*) AS count").Group("b.block").Order("count DESC, key").Scan(&a.ByBlock).Error; err != nil {
		return a, wrap("blocks", err)
	}
	if err := base().Where("outcomes.group_name <> ''").Select("outcomes.group_name AS key, COUNT(*) AS count").
		Group("outcomes.group_name").Order("key").Scan(&a.ByGroup).Error; err != nil {
		return a, wrap("groups", err)
	}
	if err := base().Where("outcomes.round_id IS NOT NULL").
		Select("outcomes.round_id AS round_id, MAX(outcomes.round_title) AS title, COUNT(*) AS outcomes, COUNT(DISTINCT outcomes.response_id) AS responses").
		Group("outcomes.round_id").Order("MIN(outcomes.submitted_at), outcomes.round_id").Scan(&a.ByRound).Error; err != nil {
		return a, wrap("rounds", err)
	}
	if len(a.ByRound) > 0 {
		ids := make([]int64, len(a.ByRound))
		for i, r := range a.ByRound {
			ids[i] = r.RoundID
		}
		invited, err := survey.InvitedByRound(ctx, d, ids)
		if err != nil {
			return a, wrap("invited", err)
		}
		for i := range a.ByRound {
			a.ByRound[i].Invited = invited[a.ByRound[i].RoundID]
		}
	}
	month := monthExpr(d, "outcomes.submitted_at")
	if err := base().Select(month + " AS key, COUNT(*) AS count").Group(month).Order("key").Scan(&a.ByPeriod).Error; err != nil {
		return a, wrap("periods", err)
	}
	if err := base().Where("outcomes.round_id IS NOT NULL").
		Select("outcomes.round_id AS round_id, MAX(outcomes.round_title) AS title, outcomes.sign AS sign, COUNT(*) AS count").
		Group("outcomes.round_id, outcomes.sign").Order("outcomes.round_id, outcomes.sign").Scan(&a.Trend).Error; err != nil {
		return a, wrap("trend", err)
	}
	var err error
	if a.ByCode, err = codeCounts(ctx, d, base()); err != nil {
		return a, wrap("codes", err)
	}
	return a, nil
}

// codeCounts counts outcomes per code split by sign, in one GROUP BY.
func codeCounts(ctx context.Context, d *db.DB, q *gorm.DB) ([]CodeCount, error) {
	var rows []CodeCount
	err := q.Joins("JOIN outcome_code_links l ON l.outcome_id = outcomes.id").
		Select(`l.code_id AS code_id,
			SUM(CASE WHEN outcomes.sign = 'positive' THEN 1 ELSE 0 END) AS positive,
			SUM(CASE WHEN outcomes.sign = 'negative' THEN 1 ELSE 0 END) AS negative,
			SUM(CASE WHEN outcomes.sign = 'both' THEN 1 ELSE 0 END) AS both_signs,
			SUM(CASE WHEN outcomes.sign = '' THEN 1 ELSE 0 END) AS unsigned,
			COUNT(*) AS total`).
		Group("l.code_id").Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return []CodeCount{}, nil
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.CodeID
	}
	var codes []Code
	if err := d.WithContext(ctx).Where("id IN ?", ids).Find(&codes).Error; err != nil {
		return nil, err
	}
	byID := map[int64]Code{}
	for _, c := range codes {
		byID[c.ID] = c
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

// monthExpr is the dialect's "YYYY-MM" of a timestamp column.
func monthExpr(d *db.DB, col string) string {
	if d.Dialect == db.Postgres {
		return "to_char(" + col + " AT TIME ZONE 'UTC', 'YYYY-MM')"
	}
	return "strftime('%Y-%m', " + col + ")"
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
	Codes         map[int64]int64 `gorm:"-"` // code id → outcomes
}

// Comparison is the cross-partnership view: aggregates only, never stories.
type Comparison struct {
	Partnerships []PartnershipTotals
	Codes        []Code
}

// Compare puts the aggregates of every partnership the caller belongs to (admins: all
// partnerships) side by side. Two GROUP BY queries, whatever the number of partnerships.
func Compare(ctx context.Context, d *db.DB, sc people.Scope) (Comparison, error) {
	var cmp Comparison
	pq := d.WithContext(ctx).Model(&people.Partnership{})
	if !sc.IsAdmin {
		pq = sc.Where(pq, "id")
	}
	var ps []people.Partnership
	if err := pq.Order("name").Find(&ps).Error; err != nil {
		return cmp, fmt.Errorf("harvest: compare partnerships: %w", err)
	}
	if len(ps) == 0 {
		return cmp, nil
	}
	ids := make([]int64, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	var totals []PartnershipTotals
	err := d.WithContext(ctx).Table("outcomes").Where("partnership_id IN ? AND status <> ?", ids, StatusExcluded).
		Select(`partnership_id, COUNT(*) AS total,
			SUM(CASE WHEN sign = 'positive' THEN 1 ELSE 0 END) AS positive,
			SUM(CASE WHEN sign = 'negative' THEN 1 ELSE 0 END) AS negative,
			SUM(CASE WHEN sign = 'both' THEN 1 ELSE 0 END) AS both_signs,
			COUNT(DISTINCT response_id) AS responses`).
		Group("partnership_id").Scan(&totals).Error
	if err != nil {
		return cmp, fmt.Errorf("harvest: compare totals: %w", err)
	}
	byP := map[int64]PartnershipTotals{}
	for _, t := range totals {
		byP[t.PartnershipID] = t
	}
	var cells []struct {
		PartnershipID, CodeID, Count int64
	}
	err = d.WithContext(ctx).Table("outcomes").Joins("JOIN outcome_code_links l ON l.outcome_id = outcomes.id").
		Where("outcomes.partnership_id IN ? AND outcomes.status <> ?", ids, StatusExcluded).
		Select("outcomes.partnership_id AS partnership_id, l.code_id AS code_id, COUNT(*) AS count").
		Group("outcomes.partnership_id, l.code_id").Scan(&cells).Error
	if err != nil {
		return cmp, fmt.Errorf("harvest: compare codes: %w", err)
	}
	for _, p := range ps {
		t := byP[p.ID]
		t.PartnershipID, t.Name, t.Codes = p.ID, p.Name, map[int64]int64{}
		byP[p.ID] = t
	}
	// Only the presets are compared: a partnership's own codes mean nothing elsewhere.
	if cmp.Codes, err = codesFor(ctx, d, nil, true); err != nil {
		return cmp, err
	}
	for _, c := range cells {
		byP[c.PartnershipID].Codes[c.CodeID] = c.Count
	}
	for _, p := range ps {
		cmp.Partnerships = append(cmp.Partnerships, byP[p.ID])
	}
	return cmp, nil
}

// TotalInt is Total as an int, for plural messages.
func (a Aggregates) TotalInt() int { return int(a.Total) }
