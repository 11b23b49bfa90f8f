package harvest

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"oogst/db"
	"oogst/db/dbtest"
	"oogst/people"
)

// pagesWorld makes n partnerships for the internal tests of the inbox at scale.
// coordinatorOf is the scope of a coordinator of partnership pid alone.
func coordinatorOf(pid int64) people.Scope {
	return people.Scope{UserID: 1, Roles: map[int64]people.Role{pid: people.RoleCoordinator}}
}

func pagesWorld(t *testing.T, d *db.DB, n int) []int64 {
	t.Helper()
	var ids []int64
	for i := 0; i < n; i++ {
		p := people.Partnership{Name: fmt.Sprintf("P%d", i), Languages: "nl"}
		if err := d.Q(context.Background()).Create(&p).Error; err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	return ids
}

// The indexed search (the search document with pg_trgm or FTS5) finds exactly what a
// folded "contains" over the four texts finds, for Turkish, Ukrainian and Arabic text
// and LIKE/GLOB wildcards, after edits and deletions too; and an index answers it.
func TestSearchIndexAgreesWithFoldedScan(t *testing.T) {
	t.Parallel()
	texts := [][4]string{ // change, significance, contribution, summary
		{"Ayşe spreekt nu met de JUF", "", "", ""},
		{"İzmir en ıspanak", "ISTANBUL is ver weg", "", ""},
		{"", "Мій ЇЖАК читає", "ЄВРОПА", "Cursist leest voor"},
		{"أنا أتكلم الهولندية الآن", "", "", "Spreekt Nederlands"},
		{"100% zeker_niet*?[x] met \\ slash", "", "", ""},
		{"Σοφία ΟΔΟΣ", "", "", ""},
		{"a", "b", "c", "d"},
	}
	queries := []string{"juf", "AYŞE", "ayse", "istanbul", "İZMİR", "ıspanak", "їжак", "європа", "الهولندية", "nederlands",
		"100%", "_niet*", "?[x]", "\\ s", "%", "*", "οδος", "σοφία", "ab", "a\x01b", "leest", "ver weg", "zz"}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		pid := pagesWorld(t, d, 1)[0]
		var rows []*Outcome
		for i, tx := range texts {
			o := &Outcome{PartnershipID: pid, ChangeText: tx[0], SignificanceText: tx[1], ContributionText: tx[2], SummaryNL: tx[3],
				Language: "tr", Status: StatusNew, Source: "reflection", SubmittedAt: time.Date(2026, 1, 1, i, 0, 0, 0, time.UTC)}
			if err := d.Q(ctx).Create(o).Error; err != nil {
				t.Fatal(err)
			}
			rows = append(rows, o)
		}
		// An edit and a deletion reach the index.
		rows[0].SummaryNL = "Durft nu naar de BIBLIOTHEEK"
		if err := d.Q(ctx).Model(&Outcome{}).Where("id = ?", rows[0].ID).Update("summary_nl", rows[0].SummaryNL).Error; err != nil {
			t.Fatal(err)
		}
		if err := d.Q(ctx).Delete(&Outcome{}, rows[6].ID).Error; err != nil {
			t.Fatal(err)
		}
		rows = rows[:6]
		for _, q := range append(queries, "bibliotheek") {
			var got []int64
			if err := applyFilter(d, d.Q(ctx).Model(&Outcome{}), Filter{Q: q}).Order("outcomes.id").Pluck("outcomes.id", &got).Error; err != nil {
				t.Fatalf("%s %q: %v", d.Dialect, q, err)
			}
			var want []int64
			for _, o := range rows {
				for _, s := range []string{o.ChangeText, o.SignificanceText, o.ContributionText, o.SummaryNL} {
					if strings.Contains(db.Fold(s), db.Fold(q)) {
						want = append(want, o.ID)
						break
					}
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: search %q = %v, want %v", d.Dialect, q, got, want)
			}
		}
		plan := searchPlan(t, ctx, d, "bibliotheek")
		if d.Dialect == db.Postgres {
			var n int64
			d.Q(ctx).Raw("SELECT count(*) FROM pg_indexes WHERE indexname = 'outcomes_search'").Scan(&n)
			if n == 0 {
				t.Skip("pg_trgm is not available in this cluster: the search scans (migration 00121 warned)")
			}
			if !strings.Contains(plan, "outcomes_search") {
				t.Errorf("the search does not use the trigram index:\n%s", plan)
			}
		} else if !strings.Contains(plan, "VIRTUAL TABLE INDEX") || !strings.Contains(plan, "outcome_search") {
			t.Errorf("the search does not use the FTS5 index:\n%s", plan)
		}
	})
}

// searchPlan is the query plan of the inbox's search for q (on PostgreSQL with
// sequential scans off, as on a table too big to scan).
func searchPlan(t *testing.T, ctx context.Context, d *db.DB, q string) string {
	t.Helper()
	sql := d.Q(ctx).ToSQL(func(tx *gorm.DB) *gorm.DB {
		var ids []int64
		return applyFilter(d, tx.Model(&Outcome{}), Filter{Q: q}).Pluck("outcomes.id", &ids)
	})
	prefix := "EXPLAIN QUERY PLAN "
	var lines []string
	err := d.Tx(ctx, func(tx *db.DB) error {
		if d.Dialect == db.Postgres {
			prefix = "EXPLAIN "
			if err := tx.Q(ctx).Exec("SET LOCAL enable_seqscan = off").Error; err != nil {
				return err
			}
		}
		rows, err := tx.Q(ctx).Raw(prefix + sql).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
			lines = append(lines, fmt.Sprint(vals...))
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatalf("%s: explain %s: %v", d.Dialect, sql, err)
	}
	return strings.Join(lines, "\n")
}

// The filter drop-downs list exactly what full scans of the caller's outcomes list (a
// reviewer's partnership and a mentor's own group elsewhere), and on PostgreSQL read
// a few index entries per distinct value instead of every outcome.
func TestOptionsAgreeWithFullScan(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		pids := pagesWorld(t, d, 3)
		sc := people.Scope{UserID: 1, Roles: map[int64]people.Role{pids[0]: people.RoleCoordinator, pids[1]: people.RoleMentor},
			MentorGroups: map[int64]string{pids[1]: "Groep B"}}
		langs := []string{"nl", "ar", "tr", "uk", "fr", ""}
		groups := []string{"Groep A", "Groep B", "", "Groep C", "groep a"}
		var batch []Outcome
		for i := 0; i < 1500; i++ {
			var round *int64
			if i%7 != 0 {
				r := int64(100*(i%3) + i%4)
				round = &r
			}
			batch = append(batch, Outcome{PartnershipID: pids[i%3], RoundID: round, RoundTitle: "Ronde " + strconv.Itoa(i%5),
				GroupName: groups[(i/3)%len(groups)], Language: langs[(i/2)%len(langs)], Status: StatusNew, Source: "reflection",
				SubmittedAt: time.Date(2026, 1, 1, 0, i, 0, 0, time.UTC)})
		}
		if err := d.Q(ctx).CreateInBatches(batch, 200).Error; err != nil {
			t.Fatal(err)
		}
		if d.Dialect == db.Postgres {
			d.Q(ctx).Exec("ANALYZE outcomes")
		}
		for _, pid := range []int64{0, pids[0], pids[1]} {
			var stmts []string
			stop := captureSQL(d, &stmts)
			got, err := Options(ctx, d, sc, pid)
			stop()
			if err != nil {
				t.Fatal(err)
			}
			// The oracle: the full scans the inbox ran before the skip scans.
			base := func() *gorm.DB {
				q := visible(d.Q(ctx).Model(&Outcome{}), sc)
				if pid != 0 {
					q = q.Where("outcomes.partnership_id = ?", pid)
				}
				return q
			}
			var rounds []RoundOption
			var grps, lngs []string
			base().Where("outcomes.round_id IS NOT NULL").Select("outcomes.round_id AS id, MAX(outcomes.round_title) AS title").
				Group("outcomes.round_id").Order("outcomes.round_id").Scan(&rounds)
			base().Where("outcomes.group_name <> ''").Distinct().Order("outcomes.group_name").Pluck("outcomes.group_name", &grps)
			base().Distinct().Order("outcomes.language").Pluck("outcomes.language", &lngs)
			if !slices.Equal(got.Rounds, rounds) || !slices.Equal(got.Groups, grps) || !slices.Equal(got.Languages, lngs) {
				t.Errorf("%s partnership %d: options\n%v %q %q\nwant\n%v %q %q", d.Dialect, pid, got.Rounds, got.Groups, got.Languages, rounds, grps, lngs)
			}
			if len(rounds) == 0 || len(grps) == 0 || len(lngs) < 2 {
				t.Fatalf("%s: the oracle found too little to compare: %v %q %q", d.Dialect, rounds, grps, lngs)
			}
			if d.Dialect == db.Postgres {
				for _, s := range stmts {
					if !strings.Contains(s, "outcomes") {
						continue
					}
					if n := outcomeRowsRead(t, ctx, d, s); n > 300 {
						t.Errorf("options read %d outcome rows (of 1500) for:\n%s", n, s)
					}
				}
			}
		}
	})
}

// captureSQL records the SQL (with its values inlined) of every statement run on d
// until stop is called.
func captureSQL(d *db.DB, into *[]string) (stop func()) {
	name := "pages_test:capture"
	on := true
	rec := func(tx *gorm.DB) {
		if on && tx.Statement.SQL.Len() > 0 {
			*into = append(*into, tx.Dialector.Explain(tx.Statement.SQL.String(), tx.Statement.Vars...))
		}
	}
	g := d.Q(context.Background())
	g.Callback().Row().After("gorm:row").Register(name, rec)
	g.Callback().Query().After("gorm:query").Register(name, rec)
	g.Callback().Raw().After("gorm:raw").Register(name, rec)
	return func() { on = false }
}

var rowsActual = regexp.MustCompile(`(?m)^.*on outcomes.*actual time=[0-9.]+\.\.[0-9.]+ rows=(\d+) loops=(\d+)`)

// outcomeRowsRead sums the rows the plan nodes on outcomes returned, over all loops.
func outcomeRowsRead(t *testing.T, ctx context.Context, d *db.DB, sql string) int {
	t.Helper()
	var lines []string
	if err := d.Q(ctx).Raw("EXPLAIN (ANALYZE) " + sql).Scan(&lines).Error; err != nil {
		t.Fatalf("explain: %v\n%s", err, sql)
	}
	plan := strings.Join(lines, "\n")
	total := 0
	for _, m := range rowsActual.FindAllStringSubmatch(plan, -1) {
		r, _ := strconv.Atoi(m[1])
		l, _ := strconv.Atoi(m[2])
		total += r * l
	}
	return total
}
