package db

import (
	"context"

	"gorm.io/gorm"
)

// Q is the query builder for one statement chain, bound to ctx and, when d is a
// transaction's handle, to that transaction. Domain packages build their queries on it;
// the server never does.
func (d *DB) Q(ctx context.Context) *gorm.DB { return d.DB.WithContext(ctx) }

// Tx runs fn in one transaction and commits when fn returns nil. fn gets a handle of the
// same type as d, so a function that needs the database does not care whether it runs
// inside a transaction. Called on a transaction's handle, Tx nests (a savepoint).
func (d *DB) Tx(ctx context.Context, fn func(tx *DB) error) error {
	return d.DB.WithContext(ctx).Transaction(func(g *gorm.DB) error {
		return fn(d.wrap(g))
	})
}

// wrap gives g (a transaction or a session of d) d's identity; closing it is a no-op.
func (d *DB) wrap(g *gorm.DB) *DB {
	return &DB{DB: g, Dialect: d.Dialect, unlock: func() {}, url: d.url}
}
