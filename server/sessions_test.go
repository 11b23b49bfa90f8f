package server

import (
	"context"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"oogst/db"
	"oogst/db/dbtest"
	"oogst/people"
)

// TestEndedSessionIsNotWrittenBack: scs saves a session at the end of every request.
// A request that was in flight when the user's sessions were ended must not bring its
// session back; only a login (the fresh mark) inserts a session with a user.
func TestEndedSessionIsNotWrittenBack(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		u := people.User{Name: "M", Email: "m@x", PreferredLanguage: "nl", Active: true}
		if err := d.Create(&u).Error; err != nil {
			t.Fatal(err)
		}
		st := &sessionStore{db: d, codec: scs.GobCodec{}}
		expiry := time.Now().Add(time.Hour)
		enc := func(values map[string]any) []byte {
			b, err := scs.GobCodec{}.Encode(expiry, values)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		if err := st.CommitCtx(ctx, "tok", enc(map[string]any{sessionUserKey: u.ID, sessionFreshKey: true}), expiry); err != nil {
			t.Fatal(err)
		}
		if err := st.CommitCtx(ctx, "tok", enc(map[string]any{sessionUserKey: u.ID}), expiry); err != nil {
			t.Fatal(err)
		}
		if _, ok, err := st.FindCtx(ctx, "tok"); err != nil || !ok {
			t.Fatalf("session after login: %v %v", ok, err)
		}
		if err := people.EndSessions(ctx, d, u.ID, ""); err != nil {
			t.Fatal(err)
		}
		// The request that was in flight finishes and saves its session.
		if err := st.CommitCtx(ctx, "tok", enc(map[string]any{sessionUserKey: u.ID}), expiry); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := st.FindCtx(ctx, "tok"); ok {
			t.Error("an ended session was written back")
		}
		// Anonymous sessions (a language choice, a flash message) are saved as ever.
		if err := st.CommitCtx(ctx, "anon", enc(map[string]any{"flash": "x"}), expiry); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := st.FindCtx(ctx, "anon"); !ok {
			t.Error("anonymous session not saved")
		}
	})
}
