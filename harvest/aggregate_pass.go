package harvest

import (
	"database/sql/driver"
	"fmt"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"

	"oogst/db"
)

// The dashboard's outcome counts come from one grouped pass over the rollup: the total,
// the splits by sign, status, group and month, and the (round, title, sign) cells the
// rounds and the trend are folded from in Go. PostgreSQL groups the source once with
// GROUPING SETS; SQLite has no grouping sets and runs the same sets as one UNION ALL.
// Every set keeps only groups that still count (HAVING SUM(n) <> 0) and comes back in
// the database's order, so text sorts by the database's collation as before.

// outcomeSet names a grouping set by the columns it groups, as a GROUPING() mask of
// (sign, status, group_name, month, round_id, round_title): a 1 bit is a column not
// grouped.
type outcomeSet int

const (
	setTotal      outcomeSet = 63
	setSign       outcomeSet = 31
	setStatus     outcomeSet = 47
	setGroup      outcomeSet = 55
	setMonth      outcomeSet = 59
	setRoundTitle outcomeSet = 28 // round_id, round_title, sign
)

var outcomeSets = []struct {
	set  outcomeSet
	cols string
}{
	{setTotal, ""}, {setSign, "sign"}, {setStatus, "status"}, {setGroup, "group_name"}, {setMonth, "month"},
	{setRoundTitle, "round_id, round_title, sign"},
}

// passRow is one group of one set; the columns a set does not group are empty.
type passRow struct {
	SetID      outcomeSet
	Sign       string
	Status     string
	GroupName  string
	Month      string
	RoundID    int64
	RoundTitle string
	N          int64
	Responses  int64
	FirstAt    firstAt
}

// passOrder puts a round's titles in the database's order, so the last one seen is the
// database's MAX(round_title).
const passOrder = " ORDER BY set_id, round_id, round_title, sign, status, group_name, month"

// outcomePass runs the pass over src (kind outcome).
func outcomePass(tx *gorm.DB, dialect db.Dialect, src rollupSource) ([]passRow, error) {
	var rows []passRow
	q, args := passSQL(dialect, src, "", " HAVING SUM(n) <> 0")
	if err := tx.Raw(q+passOrder, args...).Scan(&rows).Error; err != nil {
		return nil, err
	}
	return rows, nil
}

// passSQL is the grouped pass over src: every outcome set, each also grouped by the
// columns in by ("partnership_id, " or ""), each group kept when having holds.
func passSQL(dialect db.Dialect, src rollupSource, by, having string) (string, []any) {
	agg := "SUM(n) AS n, SUM(responses) AS responses, MIN(first_at) AS first_at"
	if dialect == db.Postgres {
		sets := make([]string, len(outcomeSets))
		for i, s := range outcomeSets {
			sets[i] = "(" + s.cols + ")"
		}
		return "SELECT " + by + "GROUPING(sign, status, group_name, month, round_id, round_title) AS set_id, " +
			"COALESCE(sign, '') AS sign, COALESCE(status, '') AS status, COALESCE(group_name, '') AS group_name, COALESCE(month, '') AS month, " +
			"COALESCE(round_id, 0) AS round_id, COALESCE(round_title, '') AS round_title, " + agg +
			" FROM " + src.from + " GROUP BY " + by + "GROUPING SETS (" + strings.Join(sets, ", ") + ")" + having, src.args
	}
	parts := make([]string, len(outcomeSets))
	var args []any
	for i, s := range outcomeSets {
		col := func(name, zero string) string {
			if strings.Contains(", "+s.cols+",", ", "+name+",") {
				return name
			}
			return zero + " AS " + name
		}
		group := strings.TrimSuffix(by, ", ")
		if s.cols != "" {
			group = by + s.cols
		}
		if group != "" {
			group = " GROUP BY " + group
		}
		parts[i] = "SELECT " + by + itoa(int(s.set)) + " AS set_id, " + col("sign", "''") + ", " + col("status", "''") + ", " + col("group_name", "''") + ", " +
			col("month", "''") + ", " + col("round_id", "0") + ", " + col("round_title", "''") + ", " + agg + " FROM " + src.from + group + having
		args = append(args, src.args...)
	}
	return "SELECT * FROM (" + strings.Join(parts, " UNION ALL ") + ")", args
}

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}

// foldPass fills a's outcome counts from the pass's rows.
func foldPass(rows []passRow, a *Aggregates) {
	a.BySign, a.ByStatus, a.ByGroup, a.ByPeriod = []SignCount{}, []KeyCount{}, []KeyCount{}, []KeyCount{}
	a.ByRound, a.Trend = []RoundCount{}, []RoundSignCount{}
	type roundAcc struct {
		RoundCount
		first firstAt
	}
	var rounds []*roundAcc
	byRound := map[int64]*roundAcc{}
	type trendKey struct {
		round int64
		sign  string
	}
	var trend []RoundSignCount
	trendAt := map[trendKey]int{}
	for _, r := range rows {
		switch r.SetID {
		case setTotal:
			a.Total = r.N
		case setSign:
			a.BySign = append(a.BySign, SignCount{Sign: r.Sign, Count: r.N})
		case setStatus:
			a.ByStatus = append(a.ByStatus, KeyCount{Key: r.Status, Count: r.N})
		case setGroup:
			if r.GroupName != "" {
				a.ByGroup = append(a.ByGroup, KeyCount{Key: r.GroupName, Count: r.N})
			}
		case setMonth:
			a.ByPeriod = append(a.ByPeriod, KeyCount{Key: r.Month, Count: r.N})
		case setRoundTitle:
			if r.RoundID == 0 {
				continue
			}
			acc := byRound[r.RoundID]
			if acc == nil {
				acc = &roundAcc{RoundCount: RoundCount{RoundID: r.RoundID}}
				byRound[r.RoundID] = acc
				rounds = append(rounds, acc)
			}
			acc.Title = r.RoundTitle
			acc.Outcomes += r.N
			acc.Responses += r.Responses
			if r.FirstAt.valid && (!acc.first.valid || r.FirstAt.before(acc.first)) {
				acc.first = r.FirstAt
			}
			k := trendKey{r.RoundID, r.Sign}
			if i, ok := trendAt[k]; ok {
				trend[i].Count += r.N
				trend[i].Title = r.RoundTitle
			} else {
				trendAt[k] = len(trend)
				trend = append(trend, RoundSignCount{RoundID: r.RoundID, Title: r.RoundTitle, Sign: r.Sign, Count: r.N})
			}
		}
	}
	// Rounds in the order of their first outcome (then id); the trend by round and sign.
	sort.SliceStable(rounds, func(i, j int) bool {
		fi, fj := rounds[i].first, rounds[j].first
		if fi.valid && fj.valid && (fi.before(fj) || fj.before(fi)) {
			return fi.before(fj)
		}
		if fi.valid != fj.valid {
			return fi.valid
		}
		return rounds[i].RoundID < rounds[j].RoundID
	})
	for _, r := range rounds {
		if r.Outcomes != 0 {
			a.ByRound = append(a.ByRound, r.RoundCount)
		}
	}
	sort.SliceStable(trend, func(i, j int) bool {
		if trend[i].RoundID != trend[j].RoundID {
			return trend[i].RoundID < trend[j].RoundID
		}
		return trend[i].Sign < trend[j].Sign
	})
	for _, t := range trend {
		if t.Count != 0 {
			a.Trend = append(a.Trend, t)
		}
	}
}

// firstAt is MIN(first_at) as the database gives it: a time on PostgreSQL, the stored
// text on SQLite (whose MIN compared that text), ordered the same way as there.
type firstAt struct {
	t     time.Time
	s     string
	valid bool
}

func (f *firstAt) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*f = firstAt{}
	case time.Time:
		*f = firstAt{t: x, valid: true}
	case string:
		*f = firstAt{s: x, valid: true}
	case []byte:
		*f = firstAt{s: string(x), valid: true}
	default:
		return fmt.Errorf("harvest: first_at of type %T", v)
	}
	return nil
}

func (f firstAt) before(g firstAt) bool {
	if f.s != "" || g.s != "" {
		return f.s < g.s
	}
	return f.t.Before(g.t)
}

// Value makes firstAt a column type for GORM; it is only ever read.
func (f firstAt) Value() (driver.Value, error) {
	switch {
	case !f.valid:
		return nil, nil
	case f.s != "":
		return f.s, nil
	}
	return f.t, nil
}
