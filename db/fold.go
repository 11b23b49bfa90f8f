package db

import (
	"database/sql/driver"
	"strings"
	"unicode"

	gosqlite "github.com/glebarez/go-sqlite"
)

// Text search folds case the same way on both databases, whatever their locale:
// every character goes to its Unicode simple lowercase, and the Turkish dotless ı and
// the final ς go to i and σ. So I, İ, ı and i are one letter (a Turkish cursist on a
// Dutch keyboard types "I" for "ı"), Cyrillic Ї/ї and Є/є match, and scripts without
// case (Arabic, Persian) match exactly. SQLite's own LIKE and lower() fold ASCII only,
// so SQLite gets this rule as a Go function; PostgreSQL gets it from ICU's root
// lowercase, which does not depend on the database's LC_CTYPE.

// foldFunc is the SQLite name of Fold.
const foldFunc = "oogst_fold"

func init() {
	gosqlite.MustRegisterDeterministicScalarFunction(foldFunc, 1, func(_ *gosqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case string:
			return Fold(v), nil
		case []byte:
			return Fold(string(v)), nil
		default:
			return v, nil
		}
	})
}

// Fold is the search folding of s (see the rule above); queries fold their pattern
// with it and compare against FoldSQL of the column.
func Fold(s string) string {
	return strings.Map(func(r rune) rune {
		switch r = unicode.ToLower(r); r {
		case 'ı':
			return 'i'
		case 'ς':
			return 'σ'
		}
		return r
	}, s)
}

// FoldSQL is the SQL expression folding the text column col like Fold does.
func (d *DB) FoldSQL(col string) string {
	if d.Dialect == Postgres {
		// ICU lowercases İ to i plus a combining dot, so İ becomes i first.
		return "translate(lower(translate(" + col + `, 'İ', 'i') COLLATE "und-x-icu"), 'ıς', 'iσ')`
	}
	return foldFunc + "(" + col + ")"
}
