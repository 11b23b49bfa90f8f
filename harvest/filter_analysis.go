package harvest

import (
	"time"

	"gorm.io/gorm"
)

// The analysis view links every figure to the inbox filtered to exactly the outcomes
// it counts. These are the conditions such a link needs beyond the inbox's own: the
// building block, the month, "counted" (not excluded, as the rollup counts), the
// intention and the type of change; an empty sign is asked for as SignNone.

// SignNone asks for outcomes whose sign was not said ("" cannot be told from "any").
const SignNone = "none"

// AnalysisFilter holds those conditions; zero values ask nothing.
type AnalysisFilter struct {
	Block      string // a building block (Blocks)
	Month      string // a UTC calendar month of submission, "2026-03"
	Counted    bool   // leave out excluded outcomes
	Intended   string // Intentions, or SignNone for not said
	ChangeType string // ChangeTypes, or SignNone for not said
}

// monthLayout is how a filter writes a month, as the rollup's month column does.
const monthLayout = "2006-01"

// applyAnalysisFilter adds f's analysis conditions. The block is probed in
// outcome_blocks by its key and the month is a range on submitted_at, so the inbox
// keeps walking its order index; a month that does not parse matches nothing rather
// than everything.
func applyAnalysisFilter(q *gorm.DB, f AnalysisFilter) *gorm.DB {
	if f.Block != "" {
		q = q.Where("EXISTS (SELECT 1 FROM outcome_blocks b WHERE b.outcome_id = outcomes.id AND b.block = ?)", f.Block)
	}
	if f.Month != "" {
		start, err := time.Parse(monthLayout, f.Month)
		if err != nil || len(f.Month) != len(monthLayout) {
			return q.Where("1 = 0")
		}
		q = q.Where("outcomes.submitted_at >= ? AND outcomes.submitted_at < ?", start, start.AddDate(0, 1, 0))
	}
	if f.Counted {
		q = q.Where("outcomes.status <> ?", StatusExcluded)
	}
	for col, v := range map[string]string{"outcomes.intended": f.Intended, "outcomes.change_type": f.ChangeType} {
		switch v {
		case "":
		case SignNone:
			q = q.Where(col + " = ''")
		default:
			q = q.Where(col+" = ?", v)
		}
	}
	return q
}
