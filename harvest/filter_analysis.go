package harvest

import "gorm.io/gorm"

// The analysis view links every figure to the inbox filtered to exactly the outcomes
// it counts. These are the conditions such a link needs beyond the inbox's own filters
// (block and month are Filter's): "counted" (not excluded, as the rollup counts), the
// intention and the type of change; an empty sign is asked for as SignNone.

// SignNone asks for outcomes whose sign was not said ("" cannot be told from "any").
const SignNone = "none"

// AnalysisFilter holds those conditions; zero values ask nothing.
type AnalysisFilter struct {
	Counted    bool   // leave out excluded outcomes
	Intended   string // Intentions, or SignNone for not said
	ChangeType string // ChangeTypes, or SignNone for not said
}

// applyAnalysisFilter adds f's analysis conditions.
func applyAnalysisFilter(q *gorm.DB, f AnalysisFilter) *gorm.DB {
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
