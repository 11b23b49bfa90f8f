package db_test

import (
	"context"
	"errors"
	"testing"

	"gorm.io/gorm"

	"oogst/apperr"
	"oogst/db"
	"oogst/db/dbtest"
)

// A missing row is the domain's not-found error wherever it is read: outside and inside
// a transaction, on both databases, with GORM's cause still wrapped.
func TestMissingRowIsNotFound(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var row struct{ ID int64 }
		err := d.Q(ctx).Table("partnerships").Where("id = ?", -1).Take(&row).Error
		if !apperr.Is(err, apperr.KindNotFound) || !errors.Is(err, gorm.ErrRecordNotFound) || !db.IsNotFound(err) {
			t.Fatalf("outside a transaction: %v", err)
		}
		err = d.Tx(ctx, func(tx *db.DB) error {
			return tx.Q(ctx).Table("partnerships").Where("id = ?", -1).First(&row).Error
		})
		if !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("inside a transaction: %v", err)
		}
		var rows []struct{ ID int64 }
		if err := d.Q(ctx).Table("partnerships").Where("id = ?", -1).Find(&rows).Error; err != nil || len(rows) != 0 {
			t.Fatalf("Find of nothing is no error: %v %d", err, len(rows))
		}
	})
}

// Tx commits on nil and rolls back on an error; the handle inside is the same type.
func TestTxCommitsAndRollsBack(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		count := func() (n int64) {
			if err := d.Q(ctx).Table("partnerships").Where("name = ?", "tx-test").Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}
		insert := func(tx *db.DB) error {
			return tx.Q(ctx).Exec("INSERT INTO partnerships (name) VALUES ('tx-test')").Error
		}
		boom := errors.New("boom")
		if err := d.Tx(ctx, func(tx *db.DB) error {
			if err := insert(tx); err != nil {
				return err
			}
			return boom
		}); !errors.Is(err, boom) {
			t.Fatalf("rollback: %v", err)
		}
		if n := count(); n != 0 {
			t.Fatalf("after rollback %d rows", n)
		}
		if err := d.Tx(ctx, insert); err != nil {
			t.Fatal(err)
		}
		if n := count(); n != 1 {
			t.Fatalf("after commit %d rows", n)
		}
	})
}
