package harvest

import "time"

// linksUntil counts building blocks or codes of outcomes submitted up to the end of
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
	if f.RoundID != 0 {
		cond += " AND COALESCE(o.round_id, 0) = ?"
		args = append(args, f.RoundID)
	}
	if f.Group != "" {
		cond += " AND o.group_name = ?"
		args = append(args, f.Group)
	}
	sel := "SELECT o.partnership_id, COALESCE(o.round_id, 0) AS round_id, o.round_title, o.group_name, '' AS month, o.sign, o.status, "
	from := "b.block, 0 AS code_id, 1 AS n, 0 AS responses FROM outcome_blocks b JOIN outcomes o ON o.id = b.outcome_id"
	if kind == kindCode {
		from = "'' AS block, l.code_id, 1 AS n, 0 AS responses FROM outcome_code_links l JOIN outcomes o ON o.id = l.outcome_id"
	}
	return rollupSource{from: "(" + sel + from + " WHERE " + cond + ") r", args: args}
}
