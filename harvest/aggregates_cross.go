package harvest

import (
	"sort"

	"gorm.io/gorm"
)

// Cross holds the analysis view's cross-tables: which building block a change was
// credited to, per code and per sign. Each cell counts outcomes (excluded ones do not
// count), so a cell and the inbox filtered on its row and column list the same stories.
type Cross struct {
	CodeBlock   []CodeBlockCount   `json:"code_block"`
	BlockSign   []BlockSignCount   `json:"block_sign"`
	CodeBarrier []CodeBarrierCount `json:"code_barrier"`
	ActorSign   []ActorSignCount   `json:"actor_sign"`
}

// CodeBarrierCount counts the outcomes with code CodeID that name barrier BarrierID.
type CodeBarrierCount struct {
	CodeID    int64 `json:"code_id"`
	BarrierID int64 `json:"barrier_id"`
	Count     int64 `json:"count"`
}

// ActorSignCount counts the outcomes of social actor Actor with sign Sign ("" = not
// said, for both).
type ActorSignCount struct {
	Actor string `json:"actor"`
	Sign  string `json:"sign"`
	Count int64  `json:"count"`
}

// CodeBlockCount counts the outcomes with code CodeID that name building block Block.
type CodeBlockCount struct {
	CodeID int64  `json:"code_id"`
	Block  string `json:"block"`
	Count  int64  `json:"count"`
}

// BlockSignCount counts the outcomes naming building block Block with sign Sign
// ("" = not said).
type BlockSignCount struct {
	Block string `json:"block"`
	Sign  string `json:"sign"`
	Count int64  `json:"count"`
}

// blockPass reads the block rows once by (block, sign): the block × sign cross, and
// the dashboard's per-block counts folded from it, so the cross costs no extra query.
func blockPass(tx *gorm.DB, src rollupSource, a *Aggregates) error {
	var cells []BlockSignCount
	if err := src.query(tx, "block, sign, SUM(n) AS count", "", "block, sign", "block, sign").Scan(&cells).Error; err != nil {
		return err
	}
	a.Cross.BlockSign = append([]BlockSignCount{}, cells...)
	a.ByBlock = []KeyCount{}
	at := map[string]int{}
	for _, c := range cells {
		i, ok := at[c.Block]
		if !ok {
			i = len(a.ByBlock)
			at[c.Block] = i
			a.ByBlock = append(a.ByBlock, KeyCount{Key: c.Block})
		}
		a.ByBlock[i].Count += c.Count
	}
	// The order the dashboard always had: most named first, then by key.
	sort.SliceStable(a.ByBlock, func(i, j int) bool {
		if a.ByBlock[i].Count != a.ByBlock[j].Count {
			return a.ByBlock[i].Count > a.ByBlock[j].Count
		}
		return a.ByBlock[i].Key < a.ByBlock[j].Key
	})
	return nil
}

// crossCells reads a cross-table in one GROUP BY: the outcomes of src counted per
// combination of the columns dims (code and block, code and barrier, actor and sign),
// ordered by them. The list is never nil, so an empty cross-table encodes as [].
func crossCells[T any](tx *gorm.DB, src rollupSource, dims string) ([]T, error) {
	var cells []T
	if err := src.query(tx, dims+", SUM(n) AS count", "", dims, dims).Scan(&cells).Error; err != nil {
		return nil, err
	}
	return append([]T{}, cells...), nil
}
