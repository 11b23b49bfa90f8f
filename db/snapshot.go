package db

import (
	"context"
	"database/sql"

	"gorm.io/gorm"
)

// ReadSnapshot runs fn in one read-only transaction, so that every statement fn makes
// through the handle it gets sees the same committed state. PostgreSQL needs REPEATABLE
// READ for that (READ COMMITTED takes a new snapshot per statement); SQLite's deferred
// transaction keeps the snapshot of its first read until it ends. fn must use only the
// handle it is given: on SQLite the pool has one connection, which the transaction holds.
func (d *DB) ReadSnapshot(ctx context.Context, fn func(*DB) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if d.Dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	return d.g.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return fn(d.wrap(tx))
	}, opts)
}
