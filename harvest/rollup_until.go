package harvest

import (
	"strings"
	"time"
)

// linksUntil counts building blocks, codes or barriers of outcomes submitted up to the end of
// f.UntilMonth. Their rollup rows carry no month, so a meeting's charts count them from
// the link tables; a meeting's partnership is small enough for that. UntilMonth is a
// meeting's month; one that does not parse cuts nothing (no clock is read here).
func linksUntil(kind string, pids []int64, f AggregateFilter) rollupSource {
	cond := "o.partnership_id IN ? AND o.status <> 'excluded'"
	args := []any{pids}
	if t, err := time.Parse("2006-01", f.UntilMonth); err == nil {
		cond += " AND o.submitted_at < ?"
		args = append(args, t.AddDate(0, 1, 0))
	}
	cond, args = f.narrow(cond, args, "COALESCE(o.round_id, 0)", "o.group_name")
	// The rollup's columns (rollupDimensions): each read from the outcome, unless the
	// link table gives it (block, code) or it has no value here (month, the other link).
	src, ok := linkSources[kind]
	if !ok {
		src = blockLinks
	}
	own := map[string]string{"block": src.block, "code_id": src.codeID, "barrier_id": src.barrierID,
		"round_id": "COALESCE(o.round_id, 0)", "month": "''"}
	cols := []string{"o.partnership_id"}
	for _, dim := range rollupDimensions {
		e, ok := own[dim.column]
		if !ok {
			e = "o." + dim.column
		}
		cols = append(cols, e+" AS "+dim.column)
	}
	sel := "SELECT " + strings.Join(cols, ", ") + ", 1 AS n, 0 AS responses FROM " + src.from
	return rollupSource{from: "(" + sel + " WHERE " + cond + ") r", args: args}
}

// linkSource is where linksUntil reads one kind's rows and which rollup columns the
// link tables give them (a "0" or an empty SQL string: none).
type linkSource struct{ block, codeID, barrierID, from string }

// blockLinks are building blocks, and any kind without its own entry in linkSources.
var blockLinks = linkSource{"b.block", "0", "0", "outcome_blocks b JOIN outcomes o ON o.id = b.outcome_id"}

var linkSources = map[string]linkSource{
	kindCode:        {"''", "l.code_id", "0", "outcome_code_links l JOIN outcomes o ON o.id = l.outcome_id"},
	kindBarrier:     {"''", "0", "l.barrier_id", "outcome_barrier_links l JOIN outcomes o ON o.id = l.outcome_id"},
	kindCodeBlock:   {"b.block", "l.code_id", "0", "outcome_blocks b JOIN outcome_code_links l ON l.outcome_id = b.outcome_id JOIN outcomes o ON o.id = b.outcome_id"},
	kindCodeBarrier: {"''", "l.code_id", "bl.barrier_id", "outcome_code_links l JOIN outcome_barrier_links bl ON bl.outcome_id = l.outcome_id JOIN outcomes o ON o.id = l.outcome_id"},
	kindActor:       {"''", "0", "0", "outcomes o"},
}
