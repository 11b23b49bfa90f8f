package harvest

import (
	"context"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"oogst/db"
	"oogst/db/dbtest"
)

// deltaInsert finds a trigger's INSERT INTO outcome_rollup_delta: its column list and
// the kind literal it writes (the second value, after the partnership).
var deltaInsert = regexp.MustCompile(`(?is)INSERT\s+INTO\s+outcome_rollup_delta\s*\(([^)]*)\)\s*(?:SELECT|VALUES\s*\()\s*[^,]+,\s*'(\w+)'`)

// triggerSources returns the code the database runs on changes to the outcome tables.
func triggerSources(t *testing.T, d *db.DB) []string {
	t.Helper()
	var src []string
	q := `SELECT sql FROM sqlite_master WHERE type = 'trigger'`
	if d.Dialect == db.Postgres {
		q = `SELECT DISTINCT p.prosrc FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid WHERE NOT t.tgisinternal`
	}
	if err := d.Q(context.Background()).Raw(q).Scan(&src).Error; err != nil {
		t.Fatal(err)
	}
	return src
}

func columnsOf(t *testing.T, d *db.DB, table string) (all, key []string) {
	t.Helper()
	cols, err := d.Q(context.Background()).Migrator().ColumnTypes(table)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cols {
		all = append(all, c.Name())
	}
	// GORM's SQLite driver does not see a table-level primary key: ask the catalogs.
	q := `SELECT name FROM pragma_table_info(?) WHERE pk > 0`
	if d.Dialect == db.Postgres {
		q = `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
			WHERE i.indrelid = CAST(? AS regclass) AND i.indisprimary`
	}
	if err := d.Q(context.Background()).Raw(q, table).Scan(&key).Error; err != nil {
		t.Fatal(err)
	}
	sort.Strings(all)
	sort.Strings(key)
	return all, key
}

func sorted(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	sort.Strings(out)
	return out
}

// The migrations' rollup tables and triggers count by exactly the dimensions the Go
// code reads (rollupDimensions): same columns, same key, and every trigger writes each
// kind's dimensions, no more and no fewer.
func TestRollupSchemaMatchesDimensions(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		dims := rollupDimensionColumns()
		all, key := columnsOf(t, d, "outcome_rollup")
		if want := sorted([]string{"partnership_id", "kind"}, dims, rollupMeasures); !slices.Equal(all, want) {
			t.Errorf("outcome_rollup columns %v, want %v", all, want)
		}
		if want := sorted([]string{"partnership_id", "kind"}, dims); !slices.Equal(key, want) {
			t.Errorf("outcome_rollup key %v, want %v", key, want)
		}
		all, _ = columnsOf(t, d, "outcome_rollup_delta")
		if want := sorted([]string{"id", "partnership_id", "kind"}, dims, rollupMeasures); !slices.Equal(all, want) {
			t.Errorf("outcome_rollup_delta columns %v, want %v", all, want)
		}

		seen := map[string]int{}
		for _, src := range triggerSources(t, d) {
			for _, m := range deltaInsert.FindAllStringSubmatch(src, -1) {
				kind := m[2]
				var got []string
				for _, c := range strings.Split(m[1], ",") {
					c = strings.TrimSpace(c)
					if c != "partnership_id" && c != "kind" && !slices.Contains(rollupMeasures, c) {
						got = append(got, c)
					}
				}
				sort.Strings(got)
				want := sorted(rollupDimensionsOf(kind))
				if len(want) == 0 {
					t.Errorf("a trigger writes rollup kind %q, which rollupDimensions does not know", kind)
				} else if !slices.Equal(got, want) {
					t.Errorf("a trigger writes %s rows with dimensions %v, want %v", kind, got, want)
				}
				seen[kind]++
			}
		}
		for _, kind := range []string{kindOutcome, kindBlock, kindCode, kindBarrier, kindCodeBlock, kindCodeBarrier, kindActor} {
			if seen[kind] == 0 {
				t.Errorf("no trigger writes %s rows", kind)
			}
		}
		t.Logf("%s: checked %v trigger inserts", d.Dialect, seen)
	})
}
