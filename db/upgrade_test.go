package db_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"oogst/db"
	"oogst/db/dbtest"
)

// TestUpgradeFromFirstSchemaKeepsRows fills a database at the first released schema
// with plain SQL (as that release would have written it), migrates to the latest, and
// checks every row is still there with its values.
func TestUpgradeFromFirstSchemaKeepsRows(t *testing.T) {
	t.Parallel()
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			fixture := []string{
				`INSERT INTO partnerships (id, name, region, languages) VALUES (1, 'Gent', 'Gent', 'nl,fr,ar')`,
				`INSERT INTO organisations (id, name, kind) VALUES (1, 'CVO Gent', 'training_provider')`,
				`INSERT INTO partnership_organisations (partnership_id, organisation_id) VALUES (1, 1)`,
				`INSERT INTO users (id, name, email, preferred_language, password_hash, is_admin, active) VALUES (1, 'Coördinator', 'c@gent.test', 'nl', 'x', false, true)`,
				`INSERT INTO memberships (user_id, partnership_id, role, organisation_id, group_name) VALUES (1, 1, 'coordinator', 1, '')`,
				`INSERT INTO cursists (id, partnership_id, code, first_name, preferred_language, group_name, active) VALUES (1, 1, 'K7QF', 'Amina', 'ar', 'Groep A', true)`,
				`INSERT INTO audit_log (partnership_id, user_id, action, detail, ip) VALUES (1, 1, 'login', '', '127.0.0.1')`,
			}
			d := upgradedFrom(t, dialect, 1, fixture)
			var got struct {
				Code, FirstName, GroupName, PreferredLanguage string
			}
			if err := d.Q(ctx).Raw(`SELECT code, first_name, group_name, preferred_language FROM cursists WHERE id = 1`).Scan(&got).Error; err != nil {
				t.Fatal(err)
			}
			if got.Code != "K7QF" || got.FirstName != "Amina" || got.GroupName != "Groep A" || got.PreferredLanguage != "ar" {
				t.Errorf("cursist after upgrade: %+v", got)
			}
			for table, want := range map[string]int64{"partnerships": 1, "organisations": 1, "users": 1, "memberships": 1, "cursists": 1, "audit_log": 1, "partnership_organisations": 1} {
				var n int64
				if err := d.Q(ctx).Table(table).Count(&n).Error; err != nil {
					t.Fatal(err)
				}
				if n != want {
					t.Errorf("%s: %d rows after upgrade, want %d", table, n, want)
				}
			}
		})
	}
}

// TestRollupMigrationCountsExistingOutcomes fills the outcome tables as the release
// before the dashboard rollup wrote them, migrates, and checks the rollup holds their
// counts: excluded outcomes not counted, blocks and codes once each.
func TestRollupMigrationCountsExistingOutcomes(t *testing.T) {
	t.Parallel()
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			fixture := []string{
				`INSERT INTO partnerships (id, name, region, languages) VALUES (1, 'Gent', 'Gent', 'nl,fr,ar')`,
				`INSERT INTO outcomes (id, partnership_id, response_id, round_id, round_title, group_name, sign, status, submitted_at)
				 VALUES (1, 1, 10, 7, 'Ronde 1', 'Groep A', 'positive', 'coded', '2026-03-10 09:00:00+00:00')`,
				`INSERT INTO outcomes (id, partnership_id, response_id, round_id, round_title, group_name, sign, status, submitted_at)
				 VALUES (2, 1, 11, 7, 'Ronde 1', 'Groep A', 'negative', 'excluded', '2026-03-11 09:00:00+00:00')`,
				`INSERT INTO outcomes (id, partnership_id, group_name, sign, status, source, source_detail, submitted_at)
				 VALUES (3, 1, '', '', 'new', 'interview', 'gesprek', '2026-04-01 09:00:00+00:00')`,
				`INSERT INTO outcome_blocks (outcome_id, block) VALUES (1, 'training'), (1, 'guidance'), (2, 'training'), (3, 'workplace')`,
				`INSERT INTO outcome_code_links (outcome_id, code_id) VALUES (1, 1), (2, 1), (3, 2)`,
			}
			d := upgradedFrom(t, dialect, 45, fixture)
			var rows []struct {
				Kind, RoundTitle, GroupName, Month, Sign, Status, Block string
				RoundID, CodeID, N, Responses                           int64
			}
			if err := d.Q(ctx).Raw(`SELECT kind, round_id, round_title, group_name, month, sign, status, block, code_id, n, responses
				FROM outcome_rollup ORDER BY kind, round_id, block, code_id`).Scan(&rows).Error; err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rows {
				got = append(got, fmt.Sprintf("%s r%d %q %q %s %q %s %s c%d n%d resp%d", r.Kind, r.RoundID, r.RoundTitle, r.GroupName, r.Month, r.Sign, r.Status, r.Block, r.CodeID, r.N, r.Responses))
			}
			// Since 00165/00166 the rollup also counts the social actor by sign, the
			// building blocks by sign and each code × block pair (the analysis view).
			want := []string{
				`actor r0 "" ""  ""   c0 n1 resp0`,
				`actor r7 "" "Groep A"  "positive"   c0 n1 resp0`,
				`block r0 "" ""  ""  workplace c0 n1 resp0`,
				`block r7 "" "Groep A"  "positive"  guidance c0 n1 resp0`,
				`block r7 "" "Groep A"  "positive"  training c0 n1 resp0`,
				`code r0 "" ""  ""   c2 n1 resp0`,
				`code r7 "" "Groep A"  "positive"   c1 n1 resp0`,
				`code_block r0 "" ""  ""  workplace c2 n1 resp0`,
				`code_block r7 "" "Groep A"  ""  guidance c1 n1 resp0`,
				`code_block r7 "" "Groep A"  ""  training c1 n1 resp0`,
				`outcome r0 "" "" 2026-04 "" new  c0 n1 resp0`,
				`outcome r7 "Ronde 1" "Groep A" 2026-03 "positive" coded  c0 n1 resp1`,
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("rollup after upgrade:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// upgradedFrom opens a database of the dialect at version, fills it with the fixture
// statements (as that release would have written them) and migrates it to the latest.
func upgradedFrom(t *testing.T, dialect string, version int64, fixture []string) *db.DB {
	t.Helper()
	ctx := context.Background()
	d := openAtVersion(t, dialect, version)
	for _, q := range fixture {
		if err := d.Q(ctx).Exec(q).Error; err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := d.MigrateUp(ctx); err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	return d
}

// openAtVersion opens an empty database of the dialect migrated up to version only, as
// an older release would have left it.
func openAtVersion(t *testing.T, dialect string, version int64) *db.DB {
	t.Helper()
	ctx := context.Background()
	var d *db.DB
	var err error
	if dialect == "sqlite" {
		d, err = db.Open(ctx, db.Options{DataDir: t.TempDir()})
	} else {
		d, err = db.Open(ctx, db.Options{URL: dbtest.EmptyPostgresURL(t)})
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if err := d.MigrateTo(ctx, version); err != nil {
		t.Fatal(err)
	}
	return d
}
