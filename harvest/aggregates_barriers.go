package harvest

import (
	"context"
	"sort"

	"oogst/db"
)

// BarrierCount counts outcomes named against one barrier, split by sign.
type BarrierCount struct {
	BarrierID int64   `json:"barrier_id"`
	Key       string  `json:"key"`
	Barrier   Barrier `gorm:"-" json:"barrier"` // kept in a closed meeting's record
	Positive  int64   `json:"positive"`
	Negative  int64   `json:"negative"`
	Both      int64   `gorm:"column:both_signs" json:"both"`
	Unsigned  int64   `json:"unsigned"`
	Total     int64   `json:"total"`
}

// barrierCounts counts outcomes per barrier split by sign, in one GROUP BY on the rollup.
func barrierCounts(ctx context.Context, d *db.DB, src rollupSource) ([]BarrierCount, error) {
	rows := []BarrierCount{}
	err := src.query(d.Q(ctx), "barrier_id, "+signSplit, "", "barrier_id", "barrier_id").Scan(&rows).Error
	if err != nil || len(rows) == 0 {
		return rows, err
	}
	byID, err := termsByID(ctx, d, rows, func(r BarrierCount) int64 { return r.BarrierID }, func(b Barrier) int64 { return b.ID })
	if err != nil {
		return nil, err
	}
	for i := range rows {
		rows[i].Barrier = byID[rows[i].BarrierID]
		rows[i].Key = rows[i].Barrier.Key
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Total != rows[j].Total {
			return rows[i].Total > rows[j].Total
		}
		pi, pj := rows[i].Barrier.Position, rows[j].Barrier.Position
		return pi < pj || (pi == pj && rows[i].BarrierID < rows[j].BarrierID)
	})
	return rows, nil
}
