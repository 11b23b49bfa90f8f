package markers

import (
	"context"
	"fmt"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

// Share is how many markers counted in a period (Total), how many of them have an
// entry (Recorded) and how many were reached (rated medium or high). A marker nobody
// filled in yet is "not recorded", not "not reached": Percent is Reached of Recorded,
// rounded half up, and 0 when nothing was recorded.
type Share struct {
	Level    Level `json:"level,omitempty"`
	PeriodID int64 `json:"period_id"`
	Total    int   `json:"total"`
	Recorded int   `json:"recorded"` // markers with any rating in the period
	Reached  int   `json:"reached"`
	Percent  int   `json:"percent"`
}

// Cell is one marker in one period. InUse is false for a retired marker in a period that
// began after it was retired and in which it was not observed.
type Cell struct {
	Period Period
	Rating Rating // "" when nothing was recorded
	Entry  *Entry
	InUse  bool
}

// MatrixRow is one marker across the periods.
type MatrixRow struct {
	Marker Marker
	Cells  []Cell
	Trend  Trend // between the last two periods with an entry
}

// LevelBlock is the markers of one level with their shares per period.
type LevelBlock struct {
	Level  Level
	Rows   []MatrixRow
	Shares []Share // one per period, in period order
}

// Matrix is the progress matrix of one boundary partner.
type Matrix struct {
	Partner BoundaryPartner
	Periods []Period
	Levels  []LevelBlock
	Totals  []Share // all levels together, per period
}

// countedInPeriod is the rule, in SQL, for whether marker m counts in period p: it was not
// yet retired when the period began, or it was observed in it anyway.
const countedInPeriod = "(m.retired_at IS NULL OR m.retired_at >= p.starts_on OR e.id IS NOT NULL)"

// shares counts, in SQL, the markers per period (and per level when byLevel) of one
// partnership, optionally of one boundary partner, and how many were reached. Each
// share carries its boundary partner when perPartner (bpID 0), so one query serves the
// matrices of every boundary partner.
func shares(ctx context.Context, d *db.DB, partnershipID, bpID int64, byLevel, perPartner bool) ([]partnerShare, error) {
	levelCol, group := "'' AS level", "p.id"
	if byLevel {
		levelCol, group = "m.level AS level", "m.level, p.id"
	}
	bpCol := "0 AS boundary_partner_id"
	if perPartner {
		bpCol, group = "m.boundary_partner_id AS boundary_partner_id", "m.boundary_partner_id, "+group
	}
	q := `SELECT boundary_partner_id, level, period_id, total, recorded, reached, CASE WHEN recorded = 0 THEN 0 ELSE (200 * reached + recorded) / (2 * recorded) END AS percent FROM (
  SELECT ` + bpCol + `, ` + levelCol + `, p.id AS period_id, COUNT(*) AS total, COUNT(e.id) AS recorded,
         SUM(CASE WHEN e.rating IN ('medium', 'high') THEN 1 ELSE 0 END) AS reached
  FROM progress_markers m
  JOIN monitoring_periods p ON p.partnership_id = m.partnership_id
  LEFT JOIN outcome_journals j ON j.boundary_partner_id = m.boundary_partner_id AND j.period_id = p.id
  LEFT JOIN journal_entries e ON e.journal_id = j.id AND e.marker_id = m.id
  WHERE m.partnership_id = ? AND (? = 0 OR m.boundary_partner_id = ?) AND ` + countedInPeriod + `
  GROUP BY ` + group + `
) counts`
	var out []partnerShare
	if err := d.Q(ctx).Raw(q, partnershipID, bpID, bpID).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("markers: shares: %w", err)
	}
	return out, nil
}

// partnerShare is a Share with the boundary partner it counts.
type partnerShare struct {
	Share
	BoundaryPartnerID int64
}

func plainShares(ps []partnerShare) []Share {
	out := make([]Share, len(ps))
	for i, p := range ps {
		out[i] = p.Share
	}
	return out
}

// PartnershipShares returns the share of markers reached per level and per period over
// every boundary partner of a partnership, and the totals per period.
func PartnershipShares(ctx context.Context, d *db.DB, sc people.Scope, partnershipID int64) (byLevel, totals []Share, err error) {
	if !readable(sc, partnershipID) {
		return nil, nil, apperr.NotFound()
	}
	lv, err := shares(ctx, d, partnershipID, 0, true, false)
	if err != nil {
		return nil, nil, err
	}
	tt, err := shares(ctx, d, partnershipID, 0, false, false)
	return plainShares(lv), plainShares(tt), err
}

// BuildMatrix returns the progress matrix of a boundary partner.
func BuildMatrix(ctx context.Context, d *db.DB, sc people.Scope, bpID int64) (Matrix, error) {
	bp, err := Partner(ctx, d, sc, bpID)
	if err != nil {
		return Matrix{}, err
	}
	mxs, err := buildMatrices(ctx, d, bp.PartnershipID, []BoundaryPartner{bp}, bpID)
	if err != nil {
		return Matrix{}, err
	}
	return mxs[0], nil
}

// BuildMatrices returns the progress matrices of every boundary partner of a
// partnership, ordered by name, in a fixed number of queries however many there are.
func BuildMatrices(ctx context.Context, d *db.DB, sc people.Scope, partnershipID int64) ([]Matrix, error) {
	bps, err := Partners(ctx, d, sc, partnershipID)
	if err != nil || len(bps) == 0 {
		return nil, err
	}
	return buildMatrices(ctx, d, partnershipID, bps, 0)
}

// buildMatrices reads the periods, markers, entries and shares of bps (all of the
// partnership's boundary partners when onlyBP is 0) at once and lays out one matrix each.
func buildMatrices(ctx context.Context, d *db.DB, partnershipID int64, bps []BoundaryPartner, onlyBP int64) ([]Matrix, error) {
	var periods []Period
	if err := d.Q(ctx).Where("partnership_id = ?", partnershipID).Order("starts_on, id").Find(&periods).Error; err != nil {
		return nil, fmt.Errorf("markers: matrix periods: %w", err)
	}
	ids := make([]int64, len(bps))
	for i, bp := range bps {
		ids[i] = bp.ID
	}
	ms, err := markersOf(ctx, d, ids, true)
	if err != nil {
		return nil, err
	}
	type keyed struct {
		Entry
		PeriodID int64
	}
	var es []keyed
	err = d.Q(ctx).Table("journal_entries e").Select("e.*, j.period_id").
		Joins("JOIN outcome_journals j ON j.id = e.journal_id").
		Where("j.boundary_partner_id IN ?", ids).Scan(&es).Error
	if err != nil {
		return nil, fmt.Errorf("markers: matrix entries: %w", err)
	}
	type cellKey struct{ marker, period int64 }
	found := map[cellKey]*Entry{}
	for i := range es {
		found[cellKey{es[i].MarkerID, es[i].PeriodID}] = &es[i].Entry
	}
	byLevel, err := shares(ctx, d, partnershipID, onlyBP, true, true)
	if err != nil {
		return nil, err
	}
	totals, err := shares(ctx, d, partnershipID, onlyBP, false, true)
	if err != nil {
		return nil, err
	}
	type shareKey struct {
		bp, period int64
		level      Level
	}
	shareMap := map[shareKey]Share{}
	for _, list := range [][]partnerShare{byLevel, totals} {
		for _, s := range list {
			shareMap[shareKey{s.BoundaryPartnerID, s.PeriodID, s.Level}] = s.Share
		}
	}
	shareOf := func(bp int64, l Level, pid int64) Share {
		if s, ok := shareMap[shareKey{bp, pid, l}]; ok {
			return s
		}
		return Share{Level: l, PeriodID: pid}
	}
	out := make([]Matrix, 0, len(bps))
	for _, bp := range bps {
		mx := Matrix{Partner: bp, Periods: periods}
		for _, l := range Levels {
			blk := LevelBlock{Level: l}
			for _, m := range ms {
				if m.Level != l || m.BoundaryPartnerID != bp.ID {
					continue
				}
				row := MatrixRow{Marker: m}
				for _, p := range periods {
					e := found[cellKey{m.ID, p.ID}]
					c := Cell{Period: p, Entry: e, InUse: e != nil || !m.Retired() || !m.RetiredAt.Before(p.StartsOn)}
					if e != nil {
						c.Rating = e.Rating
					}
					row.Cells = append(row.Cells, c)
				}
				row.Trend = RowTrend(row.Cells)
				blk.Rows = append(blk.Rows, row)
			}
			for _, p := range periods {
				blk.Shares = append(blk.Shares, shareOf(bp.ID, l, p.ID))
			}
			mx.Levels = append(mx.Levels, blk)
		}
		for _, p := range periods {
			mx.Totals = append(mx.Totals, shareOf(bp.ID, "", p.ID))
		}
		out = append(out, mx)
	}
	return out, nil
}

// TimelineItem is a marker's observation in one period (Entry nil: not recorded).
type TimelineItem struct {
	Period     Period
	Entry      *Entry
	RecordedBy string
}

// Timeline returns a marker's observations period by period, oldest first.
func Timeline(ctx context.Context, d *db.DB, sc people.Scope, markerID int64) ([]TimelineItem, error) {
	m, _, err := markerTx(ctx, d, sc, markerID)
	if err != nil {
		return nil, err
	}
	var ps []Period
	if err := d.Q(ctx).Where("partnership_id = ?", m.PartnershipID).Order("starts_on, id").Find(&ps).Error; err != nil {
		return nil, fmt.Errorf("markers: timeline periods: %w", err)
	}
	type keyed struct {
		Entry
		PeriodID int64
	}
	var es []keyed
	if err := d.Q(ctx).Table("journal_entries e").Select("e.*, j.period_id").Joins("JOIN outcome_journals j ON j.id = e.journal_id").
		Where("e.marker_id = ?", markerID).Scan(&es).Error; err != nil {
		return nil, fmt.Errorf("markers: timeline entries: %w", err)
	}
	byP := map[int64]*Entry{}
	var uids []int64
	for i := range es {
		byP[es[i].PeriodID] = &es[i].Entry
		if es[i].RecordedBy != nil {
			uids = append(uids, *es[i].RecordedBy)
		}
	}
	names, err := userNames(ctx, d, uids)
	if err != nil {
		return nil, err
	}
	var out []TimelineItem
	for _, p := range ps {
		it := TimelineItem{Period: p, Entry: byP[p.ID]}
		if it.Entry == nil && m.Retired() && m.RetiredAt.Before(p.StartsOn) {
			continue
		}
		if it.Entry != nil && it.Entry.RecordedBy != nil {
			it.RecordedBy = names[*it.Entry.RecordedBy]
		}
		out = append(out, it)
	}
	return out, nil
}
