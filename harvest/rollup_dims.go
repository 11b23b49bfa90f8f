package harvest

import (
	"slices"
	"strings"
)

// rollupDimension is a column the outcome rollup counts under and the kinds of row
// that carry it (the others leave it at its default).
type rollupDimension struct {
	column string
	kinds  []string
}

// rollupDimensions is the one definition of what the rollup counts by, in the order of
// its primary key. Migrations 00050 and 00160's tables and triggers fill exactly these columns;
// TestRollupSchemaMatchesDimensions checks them against this list on both databases,
// so a dimension added in one place only fails there.
var rollupDimensions = []rollupDimension{
	{"round_id", []string{kindOutcome, kindBlock, kindCode, kindBarrier, kindCodeBlock, kindCodeBarrier, kindActor}},
	{"group_name", []string{kindOutcome, kindBlock, kindCode, kindBarrier, kindCodeBlock, kindCodeBarrier, kindActor}},
	{"round_title", []string{kindOutcome}},
	{"month", []string{kindOutcome}},
	{"sign", []string{kindOutcome, kindBlock, kindCode, kindBarrier, kindActor}},
	{"status", []string{kindOutcome}},
	{"block", []string{kindBlock, kindCodeBlock}},
	{"code_id", []string{kindCode, kindCodeBlock, kindCodeBarrier}},
	{"barrier_id", []string{kindBarrier, kindCodeBarrier}}, // migration 00160
	{"actor", []string{kindActor}},                         // migration 00166
}

// rollupMeasures are what a rollup row adds up for its dimensions.
var rollupMeasures = []string{"n", "responses", "first_at"}

// rollupDimensionsOf lists the dimensions a kind of row carries.
func rollupDimensionsOf(kind string) []string {
	var out []string
	for _, d := range rollupDimensions {
		if slices.Contains(d.kinds, kind) {
			out = append(out, d.column)
		}
	}
	return out
}

func rollupDimensionColumns() []string {
	out := make([]string, len(rollupDimensions))
	for i, d := range rollupDimensions {
		out[i] = d.column
	}
	return out
}

var (
	// rollupKey is the rollup's primary key: the rows the compaction folds into one.
	rollupKey = "partnership_id, kind, " + strings.Join(rollupDimensionColumns(), ", ")
	// rollupColumns is what a dashboard query reads from the folded and the pending rows.
	rollupColumns = "partnership_id, " + strings.Join(rollupDimensionColumns(), ", ") + ", " + strings.Join(rollupMeasures, ", ")
)
