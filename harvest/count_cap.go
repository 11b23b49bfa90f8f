package harvest

import "strings"

// probeCountCap bounds the count of a filter whose matches are found row by row (a
// code, a text search): at a million outcomes, counting 10,000 code matches probed
// some 100,000 outcomes and took 0.4 s, longer than the page itself. The inbox then
// says "more than 1,000" and pages on by its links. Filters an order index answers
// (status, round, group, sign, language) count up to Filter.CountCap: that is reading
// index entries only.
const probeCountCap = 1_000

// probes reports whether f has a condition no order index answers, so counting its
// matches tests rows one by one. A new filter written as EXISTS or IN (subquery) (a
// block, a barrier, an actor) belongs here too.
func (f Filter) probes() bool {
	return f.CodeID != 0 || f.BarrierID != 0 || f.Actor != "" || f.Block != "" || f.Subst != "" || strings.TrimSpace(f.Q) != ""
}

// countCap is how far count goes for f (0: no cap).
func (f Filter) countCap() int {
	if f.CountCap > 0 && f.probes() {
		return min(f.CountCap, probeCountCap)
	}
	return f.CountCap
}
