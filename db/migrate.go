package db

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"oogst/migrations"
)

// MigrationStatus is one migration file and whether it is applied.
type MigrationStatus struct {
	Version int64
	Source  string
	Applied bool
}

func (d *DB) provider() (*goose.Provider, error) {
	sqlDB, err := d.g.DB()
	if err != nil {
		return nil, err
	}
	fsys, err := migrations.FS(string(d.Dialect))
	if err != nil {
		return nil, err
	}
	var opts []goose.ProviderOption
	dialect := goose.DialectSQLite3
	if d.Dialect == Postgres {
		dialect = goose.DialectPostgres
		// Replicas may start together: a session-level advisory lock lets one migrate
		// while the others wait.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	return goose.NewProvider(dialect, sqlDB, fsys, opts...)
}

// MigrateUp applies every pending migration, each in its own transaction, and returns
// how many it applied.
func (d *DB) MigrateUp(ctx context.Context) (int, error) {
	p, err := d.provider()
	if err != nil {
		return 0, fmt.Errorf("db: migrations: %w", err)
	}
	res, err := p.Up(ctx)
	if err != nil {
		return len(res), fmt.Errorf("db: migrate up: %w", err)
	}
	return len(res), nil
}

// MigrateDown rolls back the most recent migration.
func (d *DB) MigrateDown(ctx context.Context) error {
	p, err := d.provider()
	if err != nil {
		return fmt.Errorf("db: migrations: %w", err)
	}
	if _, err := p.Down(ctx); err != nil {
		return fmt.Errorf("db: migrate down: %w", err)
	}
	return nil
}

// MigrateTo applies migrations up to and including version, for upgrade tests.
func (d *DB) MigrateTo(ctx context.Context, version int64) error {
	p, err := d.provider()
	if err != nil {
		return fmt.Errorf("db: migrations: %w", err)
	}
	if _, err := p.UpTo(ctx, version); err != nil {
		return fmt.Errorf("db: migrate to %d: %w", version, err)
	}
	return nil
}

// MigrationStatuses lists every known migration with its state.
func (d *DB) MigrationStatuses(ctx context.Context) ([]MigrationStatus, error) {
	p, err := d.provider()
	if err != nil {
		return nil, fmt.Errorf("db: migrations: %w", err)
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("db: migration status: %w", err)
	}
	out := make([]MigrationStatus, 0, len(st))
	for _, s := range st {
		out = append(out, MigrationStatus{Version: s.Source.Version, Source: s.Source.Path, Applied: s.State == goose.StateApplied})
	}
	return out, nil
}

// SQL returns the underlying *sql.DB for plain SQL where it is clearer than GORM.
func (d *DB) SQL() *sql.DB {
	s, _ := d.g.DB()
	return s
}
