package markers

import (
	"context"
	"fmt"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

// OverviewRow is one marker with what was recorded of it in the period ("" not recorded).
type OverviewRow struct {
	Marker Marker
	Rating Rating
}

// OverviewPartner is one boundary partner's markers in the period, with its share of
// markers reached.
type OverviewPartner struct {
	Partner BoundaryPartner
	Rows    []OverviewRow // by level, then position
	Share   Share
}

// PeriodOverview is the marker overview of one monitoring period, as the steering
// report shows it. Period is nil when the partnership has no period yet at that day.
type PeriodOverview struct {
	Period   *Period
	Partners []OverviewPartner
}

// OverviewAt returns the marker overview of the period a meeting held on day looks
// back on: the last period that ended before that day (its journals are complete),
// or, while none has ended yet, the period the day falls in.
func OverviewAt(ctx context.Context, d *db.DB, sc people.Scope, partnershipID int64, day time.Time) (PeriodOverview, error) {
	var ov PeriodOverview
	if !readable(sc, partnershipID) {
		return ov, apperr.NotFound()
	}
	day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	var ps []Period
	if err := d.Q(ctx).Where("partnership_id = ? AND ends_on < ?", partnershipID, day).
		Order("ends_on DESC, id DESC").Limit(1).Find(&ps).Error; err != nil {
		return ov, fmt.Errorf("markers: period before %s in partnership %d: %w", day.Format(time.DateOnly), partnershipID, err)
	}
	if len(ps) == 0 {
		if err := d.Q(ctx).Where("partnership_id = ? AND starts_on <= ?", partnershipID, day).
			Order("starts_on DESC, id DESC").Limit(1).Find(&ps).Error; err != nil {
			return ov, fmt.Errorf("markers: period of %s in partnership %d: %w", day.Format(time.DateOnly), partnershipID, err)
		}
	}
	if len(ps) == 0 {
		return ov, nil
	}
	ov.Period = &ps[0]
	mxs, err := BuildMatrices(ctx, d, sc, partnershipID)
	if err != nil {
		return ov, err
	}
	for _, mx := range mxs {
		pi := -1
		for i, p := range mx.Periods {
			if p.ID == ov.Period.ID {
				pi = i
			}
		}
		if pi < 0 {
			continue
		}
		op := OverviewPartner{Partner: mx.Partner, Share: mx.Totals[pi]}
		for _, blk := range mx.Levels {
			for _, r := range blk.Rows {
				if c := r.Cells[pi]; c.InUse {
					op.Rows = append(op.Rows, OverviewRow{Marker: r.Marker, Rating: c.Rating})
				}
			}
		}
		ov.Partners = append(ov.Partners, op)
	}
	return ov, nil
}
