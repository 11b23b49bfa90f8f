package markers

import (
	"context"
	"fmt"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

// Completeness is how far one boundary partner's journal for one period is filled in:
// Recorded of Total markers have an entry.
type Completeness struct {
	BoundaryPartnerID int64  `json:"boundary_partner_id"`
	Partner           string `json:"partner"`
	PeriodID          int64  `json:"period_id"`
	Total             int    `json:"total"`
	Recorded          int    `json:"recorded"`
}

// Complete reports whether every counted marker has an entry.
func (c Completeness) Complete() bool { return c.Recorded >= c.Total }

// JournalCompleteness lists, per period and boundary partner of a partnership, how many
// of the markers that count in the period were recorded (periodID 0: every period).
// Boundary partners without markers are left out: there is nothing to fill in.
func JournalCompleteness(ctx context.Context, d *db.DB, sc people.Scope, partnershipID, periodID int64) ([]Completeness, error) {
	if !readable(sc, partnershipID) {
		return nil, apperr.NotFound()
	}
	q := `SELECT m.boundary_partner_id, bp.name AS partner, p.id AS period_id, COUNT(*) AS total, COUNT(e.id) AS recorded
  FROM progress_markers m
  JOIN boundary_partners bp ON bp.id = m.boundary_partner_id
  JOIN monitoring_periods p ON p.partnership_id = m.partnership_id
  LEFT JOIN outcome_journals j ON j.boundary_partner_id = m.boundary_partner_id AND j.period_id = p.id
  LEFT JOIN journal_entries e ON e.journal_id = j.id AND e.marker_id = m.id
  WHERE m.partnership_id = ? AND (? = 0 OR p.id = ?) AND ` + countedInPeriod + `
  GROUP BY m.boundary_partner_id, bp.name, p.id, p.starts_on
  ORDER BY p.starts_on, p.id, bp.name, m.boundary_partner_id`
	var out []Completeness
	if err := d.Q(ctx).Raw(q, partnershipID, periodID, periodID).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("markers: completeness of %d: %w", partnershipID, err)
	}
	return out, nil
}

// CurrentPeriod returns the partnership's period that contains day (UTC), or false.
func CurrentPeriod(ctx context.Context, d *db.DB, sc people.Scope, partnershipID int64, day time.Time) (Period, bool, error) {
	ps, err := Periods(ctx, d, sc, partnershipID)
	if err != nil {
		return Period{}, false, err
	}
	day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	for _, p := range ps {
		if !day.Before(p.StartsOn.UTC()) && !day.After(p.EndsOn.UTC()) {
			return p, true, nil
		}
	}
	return Period{}, false, nil
}

// Trend is the direction of a marker between its last two recorded periods.
type Trend string

const (
	TrendNone Trend = ""     // fewer than two recorded periods
	TrendUp   Trend = "up"   // rated higher than before
	TrendDown Trend = "down" // rated lower than before
	TrendSame Trend = "same"
)

func (r Rating) rank() int {
	for i, x := range Ratings {
		if x == r {
			return i
		}
	}
	return -1
}

// RowTrend compares the last two recorded cells of a matrix row: periods without an
// entry are skipped, not read as "not observed".
func RowTrend(cells []Cell) Trend {
	var last []Rating
	for i := len(cells) - 1; i >= 0 && len(last) < 2; i-- {
		if cells[i].Rating != "" {
			last = append(last, cells[i].Rating)
		}
	}
	if len(last) < 2 {
		return TrendNone
	}
	switch a, b := last[0].rank(), last[1].rank(); {
	case a > b:
		return TrendUp
	case a < b:
		return TrendDown
	}
	return TrendSame
}
