package db_test

import (
	"context"
	"testing"

	"gorm.io/gorm"

	"oogst/db"
	"oogst/db/dbtest"
	"oogst/harvest"
	"oogst/markers"
	"oogst/people"
	"oogst/survey"
)

// allModels is every GORM model of every domain package: the migrated schema must have
// a column for each of their fields. Add a domain's Models() here when it gains tables.
func allModels() []any {
	var out []any
	out = append(out, people.Models()...)
	out = append(out, survey.Models()...)
	out = append(out, harvest.Models()...)
	out = append(out, markers.Models()...)
	return out
}

func TestMigratedSchemaMatchesModels(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		m := d.Q(context.Background()).Migrator()
		for _, model := range allModels() {
			stmt := &gorm.Statement{DB: d.Q(context.Background())}
			if err := stmt.Parse(model); err != nil {
				t.Fatalf("parse %T: %v", model, err)
			}
			if !m.HasTable(stmt.Schema.Table) {
				t.Errorf("%T: table %s missing", model, stmt.Schema.Table)
				continue
			}
			cols, err := m.ColumnTypes(model)
			if err != nil {
				t.Fatalf("columns of %s: %v", stmt.Schema.Table, err)
			}
			have := map[string]bool{}
			for _, c := range cols {
				have[c.Name()] = true
			}
			for _, f := range stmt.Schema.Fields {
				if f.DBName == "" {
					continue
				}
				if !have[f.DBName] {
					t.Errorf("%T: column %s.%s missing", model, stmt.Schema.Table, f.DBName)
				}
			}
		}
	})
}

// checkAllApplied reports every migration d has not applied and returns the statuses
// (one a migration the binary knows).
func checkAllApplied(t *testing.T, d *db.DB) []db.MigrationStatus {
	t.Helper()
	st, err := d.MigrationStatuses(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range st {
		if !s.Applied {
			t.Errorf("migration %d not applied", s.Version)
		}
	}
	return st
}

func TestMigrateDownAndUpAgain(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st := checkAllApplied(t, d)
		for range st {
			if err := d.MigrateDown(ctx); err != nil {
				t.Fatalf("down: %v", err)
			}
		}
		if d.Q(context.Background()).Migrator().HasTable("partnerships") {
			t.Error("partnerships still exists after migrating all the way down")
		}
		n, err := d.MigrateUp(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n != len(st) {
			t.Errorf("up applied %d, want %d", n, len(st))
		}
	})
}

func TestConcurrentMigrationsOnPostgres(t *testing.T) {
	t.Parallel()
	url := dbtest.EmptyPostgresURL(t)
	ctx := context.Background()
	errs := make(chan error, 3)
	for i := 0; i < 3; i++ {
		go func() {
			d, err := db.Open(ctx, db.Options{URL: url})
			if err != nil {
				errs <- err
				return
			}
			defer d.Close()
			_, err = d.MigrateUp(ctx)
			errs <- err
		}()
	}
	for i := 0; i < 3; i++ {
		if err := <-errs; err != nil {
			t.Errorf("replica %d: %v", i, err)
		}
	}
	d, err := db.Open(ctx, db.Options{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	checkAllApplied(t, d)
}
