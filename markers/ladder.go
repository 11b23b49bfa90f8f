package markers

import (
	"context"

	"oogst/db"
	"oogst/people"
)

// Step is one form of collaboration of a boundary partner in one period: how many of
// its markers of that form counted, how many were recorded, how many were reached
// (rated medium or high), and the most ambitious level reached ("" when none).
type Step struct {
	Form     Form
	Markers  int
	Recorded int
	Reached  int
	TopLevel Level
}

// Climbed reports whether the step was reached: at least one of its markers was.
func (s Step) Climbed() bool { return s.Reached > 0 }

// LadderPeriod is the ladder of one period: a step per form, lightest first.
type LadderPeriod struct {
	Period Period
	Steps  []Step
	// Highest is the most intense form reached in the period (FormNone: none).
	Highest Form
}

// Ladder is a boundary partner's climb over the four forms of collaboration, period by
// period, read from the ratings recorded in its outcome journals.
type Ladder struct {
	Periods []LadderPeriod
	// WithoutForm counts the markers in use that do not say their form: their ratings
	// do not show on the ladder.
	WithoutForm int
}

// BuildLadder returns the ladder of a boundary partner the caller may read.
func BuildLadder(ctx context.Context, d *db.DB, sc people.Scope, bpID int64) (Ladder, error) {
	mx, err := BuildMatrix(ctx, d, sc, bpID)
	if err != nil {
		return Ladder{}, err
	}
	return LadderOf(mx), nil
}

// LadderOf lays out the ladder from a progress matrix: the same cells, grouped by form.
// A marker counts in a period as it does in the matrix (in use, or observed anyway).
func LadderOf(mx Matrix) Ladder {
	var l Ladder
	for _, blk := range mx.Levels {
		for _, r := range blk.Rows {
			if r.Marker.Form == FormNone && !r.Marker.Retired() {
				l.WithoutForm++
			}
		}
	}
	for pi, p := range mx.Periods {
		lp := LadderPeriod{Period: p}
		for _, f := range Forms {
			st := Step{Form: f}
			for _, blk := range mx.Levels { // levels run expect → love, so the last reached is the top
				for _, r := range blk.Rows {
					c := r.Cells[pi]
					if r.Marker.Form != f || !c.InUse {
						continue
					}
					st.Markers++
					if c.Rating != "" {
						st.Recorded++
					}
					if c.Rating.Reached() {
						st.Reached++
						st.TopLevel = blk.Level
					}
				}
			}
			if st.Climbed() {
				lp.Highest = f
			}
			lp.Steps = append(lp.Steps, st)
		}
		l.Periods = append(l.Periods, lp)
	}
	return l
}
