package db

import (
	"context"
	"errors"

	"gorm.io/gorm"

	"oogst/apperr"
)

// Q is the query builder for one statement chain, bound to ctx and, when d is a
// transaction's handle, to that transaction. Domain packages build their queries on it;
// the server never does.
func (d *DB) Q(ctx context.Context) *gorm.DB { return d.g.WithContext(ctx) }

// Tx runs fn in one transaction and commits when fn returns nil. fn gets a handle of the
// same type as d, so a function that needs the database does not care whether it runs
// inside a transaction. Called on a transaction's handle, Tx nests (a savepoint).
func (d *DB) Tx(ctx context.Context, fn func(tx *DB) error) error {
	return d.g.WithContext(ctx).Transaction(func(g *gorm.DB) error {
		return fn(d.wrap(g))
	})
}

// wrap gives g (a transaction or a session of d) d's identity; closing it is a no-op.
func (d *DB) wrap(g *gorm.DB) *DB {
	return &DB{g: g, Dialect: d.Dialect, unlock: func() {}, url: d.url}
}

// notFoundCallback turns GORM's "record not found" into the domain's not-found error in
// this one place, so a missing row answers 404 without each query translating it. The
// cause stays wrapped: errors.Is(err, gorm.ErrRecordNotFound) still holds.
func notFoundCallback(g *gorm.DB) {
	if g.Error != nil && errors.Is(g.Error, gorm.ErrRecordNotFound) && !apperr.Is(g.Error, apperr.KindNotFound) {
		e := apperr.NotFound()
		e.Err = g.Error
		g.Error = e
	}
}

func registerNotFound(g *gorm.DB) error {
	return g.Callback().Query().After("gorm:query").Register("oogst:not_found", notFoundCallback)
}

// IsNotFound reports whether err says a row does not exist (or is not the caller's).
func IsNotFound(err error) bool {
	return errors.Is(err, gorm.ErrRecordNotFound) || apperr.Is(err, apperr.KindNotFound)
}
