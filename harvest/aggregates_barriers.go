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
	err := src.query(d.Q(ctx), `barrier_id,
			SUM(CASE WHEN sign = 'positive' THEN n ELSE 0 END) AS positive,
			SUM(CASE WHEN sign = 'negative' THEN n ELSE 0 END) AS negative,
			SUM(CASE WHEN sign = 'both' THEN n ELSE 0 END) AS both_signs,
			SUM(CASE WHEN sign = '' THEN n ELSE 0 END) AS unsigned,
			SUM(n) AS total`, "", "barrier_id", "barrier_id").Scan(&rows).Error
	if err != nil || len(rows) == 0 {
		return rows, err
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.BarrierID
	}
	var bs []Barrier
	if err := d.Q(ctx).Where("id IN ?", ids).Find(&bs).Error; err != nil {
		return nil, err
	}
	byID := map[int64]Barrier{}
	for _, b := range bs {
		byID[b.ID] = b
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
