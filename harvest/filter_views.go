package harvest

import (
	"time"

	"gorm.io/gorm"
)

// SubstStates are the states of an outcome's substantiation the inbox filters on:
// nobody asked yet; asked but no one agreed, partly agreed or disagreed yet (an answer
// of "don't know" leaves it there); and the strongest answer given, where one
// "disagree" outweighs "partly", and "partly" outweighs "agree" (as Overall sums up
// one person's aspects).
var SubstStates = []string{"none", "requested", "agreed", "partly", "disagreed"}

// substAnswered is "someone answered the outcome's request with one of agreements".
// The substantiations index on (outcome_id, agreement) answers it per outcome while
// the inbox walks its own order, as the code filter does with its link table.
const substAnswered = "EXISTS (SELECT 1 FROM substantiations s WHERE s.outcome_id = outcomes.id AND s.agreement IN ?)"

// substConds are the conditions of each SubstStates value.
var substConds = map[string]func(q *gorm.DB) *gorm.DB{
	"none": func(q *gorm.DB) *gorm.DB {
		return q.Where("NOT EXISTS (SELECT 1 FROM substantiations s WHERE s.outcome_id = outcomes.id)")
	},
	"requested": func(q *gorm.DB) *gorm.DB {
		return q.Where("EXISTS (SELECT 1 FROM substantiations s WHERE s.outcome_id = outcomes.id)").
			Where("NOT "+substAnswered, []string{"agree", "partly", "disagree"})
	},
	"agreed": func(q *gorm.DB) *gorm.DB {
		return q.Where(substAnswered, []string{"agree"}).Where("NOT "+substAnswered, []string{"partly", "disagree"})
	},
	"partly": func(q *gorm.DB) *gorm.DB {
		return q.Where(substAnswered, []string{"partly"}).Where("NOT "+substAnswered, []string{"disagree"})
	},
	"disagreed": func(q *gorm.DB) *gorm.DB {
		return q.Where(substAnswered, []string{"disagree"})
	},
}

// MonthLayout is how a month is written in a filter ("2026-03").
const MonthLayout = "2006-01"

// ParseMonth reads a filter's month; ok is false for anything but YYYY-MM.
func ParseMonth(s string) (time.Time, bool) {
	t, err := time.Parse(MonthLayout, s)
	if err != nil || len(s) != len(MonthLayout) {
		return time.Time{}, false
	}
	return t, true
}

// applyViewFilters adds the building block, substantiation and month conditions. Each
// keeps to the inbox's indexes: the block is probed in outcome_blocks by its primary
// key, the month is a range on submitted_at (the inbox order index's second column),
// so paging by keyset stays a walk down one index. Months are UTC calendar months, as
// the dashboard's month axis counts them, so a figure and its inbox agree.
func applyViewFilters(q *gorm.DB, f Filter) *gorm.DB {
	if f.Block != "" {
		q = q.Where("EXISTS (SELECT 1 FROM outcome_blocks b WHERE b.outcome_id = outcomes.id AND b.block = ?)", f.Block)
	}
	if cond, ok := substConds[f.Subst]; ok {
		q = cond(q)
	} else if f.Subst != "" {
		q = q.Where("1 = 0") // an unknown state matches nothing rather than everything
	}
	if f.Month != "" {
		start, ok := ParseMonth(f.Month)
		if !ok {
			return q.Where("1 = 0")
		}
		q = q.Where("outcomes.submitted_at >= ? AND outcomes.submitted_at < ?", start, start.AddDate(0, 1, 0))
	}
	return q
}
