package db

import (
	"context"
	"database/sql"
	"strconv"
)

// Conn is the database/sql connection or transaction behind a handle.
type Conn interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Conn returns the connection (inside Tx: the transaction) behind d, for the few hot
// paths that write many rows with one hand-built statement: it skips GORM's statement
// building, callbacks and reflection. Build the statement with AppendParam.
func (d *DB) Conn(ctx context.Context) Conn { return d.Q(ctx).Statement.ConnPool }

// AppendParam appends the n-th (from 1) bind parameter in d's dialect: $n on
// PostgreSQL, ? on SQLite.
func (d *DB) AppendParam(b []byte, n int) []byte {
	if d.Dialect == Postgres {
		return strconv.AppendInt(append(b, '$'), int64(n), 10)
	}
	return append(b, '?')
}

// AppendRow appends one VALUES row "(p, …)" of n parameters numbered after the first
// `before` (for a multi-row INSERT).
func (d *DB) AppendRow(b []byte, before, n int) []byte {
	b = append(b, '(')
	for i := 1; i <= n; i++ {
		if i > 1 {
			b = append(b, ',')
		}
		b = d.AppendParam(b, before+i)
	}
	return append(b, ')')
}
