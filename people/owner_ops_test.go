package people_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"oogst/db"
	"oogst/people"
)

// The session SQL the server's store calls: an expired session is not found, an update
// never brings back a session that was ended meanwhile, and housekeeping removes only
// expired rows.
func TestSessionRows(t *testing.T) {
	eachFix(t, func(t *testing.T, ctx context.Context, d *db.DB, f *fix) {
		now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
		uid := f.coordA.ID
		if err := people.SaveSession(ctx, d, "tok-live", &uid, []byte("live"), now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := people.SaveSession(ctx, d, "tok-old", nil, []byte("old"), now.Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		data, exp, ok, err := people.FindSession(ctx, d, "tok-live", now)
		if err != nil || !ok || string(data) != "live" || !exp.Equal(now.Add(time.Hour)) {
			t.Fatalf("live session: %q %v %v %v", data, exp, ok, err)
		}
		if _, _, ok, err := people.FindSession(ctx, d, "tok-old", now); err != nil || ok {
			t.Fatalf("expired session found: %v %v", ok, err)
		}
		if err := people.UpdateSession(ctx, d, "tok-live", uid, []byte("live2"), now.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if data, _, _, _ := people.FindSession(ctx, d, "tok-live", now); string(data) != "live2" {
			t.Fatalf("after update: %q", data)
		}
		// The session now belongs to someone else (a new login): an old request of
		// coordA does not overwrite it.
		other := f.coordB.ID
		if err := people.SaveSession(ctx, d, "tok-live", &other, []byte("b's"), now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := people.UpdateSession(ctx, d, "tok-live", uid, []byte("a's"), now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if data, _, _, _ := people.FindSession(ctx, d, "tok-live", now); string(data) != "b's" {
			t.Fatalf("another user's session overwritten: %q", data)
		}
		if err := people.EndSessions(ctx, d, other, ""); err != nil {
			t.Fatal(err)
		}
		if err := people.SaveSession(ctx, d, "tok-live", &uid, []byte("live2"), now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := people.EndSessions(ctx, d, uid, ""); err != nil {
			t.Fatal(err)
		}
		if err := people.UpdateSession(ctx, d, "tok-live", uid, []byte("again"), now.Add(3*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, _, ok, _ := people.FindSession(ctx, d, "tok-live", now); ok {
			t.Fatal("an ended session came back through an update")
		}
		if err := people.DeleteExpiredSessions(ctx, d, now); err != nil {
			t.Fatal(err)
		}
		var n int64
		if err := d.Q(ctx).Table("sessions").Count(&n).Error; err != nil || n != 0 {
			t.Fatalf("%d sessions left after housekeeping: %v", n, err)
		}
		if err := people.SaveSession(ctx, d, "tok-anon", nil, []byte("a"), now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := people.DeleteSession(ctx, d, "tok-anon"); err != nil {
			t.Fatal(err)
		}
		if _, _, ok, _ := people.FindSession(ctx, d, "tok-anon", now); ok {
			t.Fatal("deleted session still found")
		}
	})
}

// What other packages ask people to write: consent and erasure join the caller's
// transaction (a rollback undoes them) and erasure touches only the named partnership.
func TestOperationsForOtherPackages(t *testing.T) {
	eachFix(t, func(t *testing.T, ctx context.Context, d *db.DB, f *fix) {
		c := f.cursistsA[0]
		at := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
		boom := errors.New("boom")
		err := d.Tx(ctx, func(tx *db.DB) error {
			if err := people.RecordConsent(ctx, tx, c.ID, "v-rolled-back", at); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if err := d.Tx(ctx, func(tx *db.DB) error { return people.RecordConsent(ctx, tx, c.ID, "v2", at) }); err != nil {
			t.Fatal(err)
		}
		var got people.Cursist
		if err := d.Q(ctx).First(&got, c.ID).Error; err != nil {
			t.Fatal(err)
		}
		if got.ConsentVersion != "v2" || got.ConsentAt == nil || !got.ConsentAt.Equal(at) {
			t.Fatalf("consent: %q %v", got.ConsentVersion, got.ConsentAt)
		}
		// Partnership B's id with A's cursist: nothing is deleted.
		if err := people.DeleteCursist(ctx, d, f.b.ID, c.ID); err != nil {
			t.Fatal(err)
		}
		if err := d.Q(ctx).First(&got, c.ID).Error; err != nil {
			t.Fatalf("cursist of A deleted through B: %v", err)
		}
		if err := people.DeleteCursist(ctx, d, f.a.ID, c.ID); err != nil {
			t.Fatal(err)
		}
		if err := d.Q(ctx).First(&got, c.ID).Error; !db.IsNotFound(err) {
			t.Fatalf("after erasure: %v", err)
		}
		if name, err := people.UserName(ctx, d, f.coordA.ID); err != nil || name != "coord@a" {
			t.Fatalf("UserName: %q %v", name, err)
		}
		if name, err := people.UserName(ctx, d, -1); err != nil || name != "" {
			t.Fatalf("UserName of nobody: %q %v", name, err)
		}
		if u, err := people.ActiveUserByEmail(ctx, d, " COORD@A "); err != nil || u.ID != f.coordA.ID {
			t.Fatalf("ActiveUserByEmail: %v %v", u.ID, err)
		}
		if _, err := people.ActiveUserByEmail(ctx, d, "nobody@x"); !db.IsNotFound(err) {
			t.Fatalf("unknown e-mail: %v", err)
		}
	})
}
