// Package db opens Oogst's database (embedded SQLite or PostgreSQL) through GORM and
// applies the embedded migrations.
package db

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Dialect names the SQL flavour behind a DB.
type Dialect string

const (
	Postgres Dialect = "postgres"
	SQLite   Dialect = "sqlite"
)

// DB is the opened database with its dialect, shared by every domain package.
type DB struct {
	g       *gorm.DB // private: queries go through Q and Tx
	Dialect Dialect
	unlock  func() // releases the SQLite file lock
	url     string // PostgreSQL: for the serve lock's own connection
}

// Options say which database to open.
type Options struct {
	// URL is a postgres:// URL; empty means the embedded SQLite file in DataDir.
	URL string
	// DataDir holds oogst.db when URL is empty.
	DataDir string
	// MaxOpenConns caps the PostgreSQL pool (0: default 20).
	MaxOpenConns int
	Logger       *slog.Logger
}

// Open connects and checks the connection; it does not migrate.
func Open(ctx context.Context, o Options) (*DB, error) {
	gcfg := &gorm.Config{
		Logger:                 logger.Discard,
		TranslateError:         true,
		SkipDefaultTransaction: true,
		NowFunc:                func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) },
	}
	var (
		d       *gorm.DB
		err     error
		dialect Dialect
		unlock  = func() {}
	)
	switch {
	case o.URL == "":
		dialect = SQLite
		if o.DataDir == "" {
			return nil, errors.New("db: no DATABASE_URL and no data directory")
		}
		if err := os.MkdirAll(o.DataDir, 0o700); err != nil {
			return nil, fmt.Errorf("db: create data directory: %w", err)
		}
		path := filepath.Join(o.DataDir, "oogst.db")
		if unlock, err = lockSQLite(path); err != nil {
			return nil, err
		}
		d, err = gorm.Open(sqlite.Open(SQLiteDSN(path)), gcfg)
	case strings.HasPrefix(o.URL, "postgres://") || strings.HasPrefix(o.URL, "postgresql://"):
		dialect = Postgres
		d, err = gorm.Open(postgres.Open(o.URL), gcfg)
	case strings.HasPrefix(o.URL, "sqlite://"):
		dialect = SQLite
		path := strings.TrimPrefix(o.URL, "sqlite://")
		if unlock, err = lockSQLite(path); err != nil {
			return nil, err
		}
		d, err = gorm.Open(sqlite.Open(SQLiteDSN(path)), gcfg)
	default:
		return nil, fmt.Errorf("db: unsupported DATABASE_URL scheme in %q", redact(o.URL))
	}
	if err != nil {
		unlock()
		return nil, fmt.Errorf("db: open %s: %w", dialect, err)
	}
	if err := registerNotFound(d); err != nil {
		unlock()
		return nil, fmt.Errorf("db: %w", err)
	}
	sqlDB, err := d.DB()
	if err != nil {
		unlock()
		return nil, fmt.Errorf("db: %w", err)
	}
	if dialect == SQLite {
		// One writer at a time is SQLite's rule; a single connection avoids SQLITE_BUSY
		// storms and keeps pragmas (foreign keys) on every statement.
		sqlDB.SetMaxOpenConns(1)
	} else {
		n := o.MaxOpenConns
		if n <= 0 {
			n = 20
		}
		sqlDB.SetMaxOpenConns(n)
		sqlDB.SetMaxIdleConns(n)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(pctx); err != nil {
		_ = sqlDB.Close()
		unlock()
		return nil, fmt.Errorf("db: connect to %s: %w", dialect, err)
	}
	return &DB{g: d, Dialect: dialect, unlock: unlock, url: o.URL}, nil
}

// SQLiteDSN adds the pragmas Oogst relies on to a file path.
func SQLiteDSN(path string) string {
	return "file:" + path + "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_txlock=immediate"
}

// Close releases the pool (and the SQLite file lock).
func (d *DB) Close() error {
	sqlDB, err := d.g.DB()
	if err != nil {
		return err
	}
	err = sqlDB.Close()
	if d.unlock != nil {
		d.unlock()
	}
	return err
}

// Ping reports whether the database answers, for readiness checks.
func (d *DB) Ping(ctx context.Context) error {
	sqlDB, err := d.g.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable)"
	}
	return u.Redacted()
}
