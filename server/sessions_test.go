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
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		u := people.User{Name: "M", Email: "m@x", PreferredLanguage: "nl", Active: true}
		if err := d.Q(ctx).Create(&u).Error; err != nil {
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

// TestUnchangedSessionIsTouchedOncePerMinute: an unchanged session is not written while
// its expiry would move by less than sessionTouchEvery, is written once it would move
// further (so an active user stays logged in), and a changed session is always written.
func TestUnchangedSessionIsTouchedOncePerMinute(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		st := &sessionStore{db: d, codec: scs.GobCodec{}}
		deadline := time.Now().Add(12 * time.Hour).UTC()
		enc := func(values map[string]any) []byte {
			b, err := scs.GobCodec{}.Encode(deadline, values)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		stored := func() time.Time {
			var exp time.Time
			if err := d.SQL().QueryRow("SELECT expiry FROM sessions WHERE token_hash = $1", people.HashSecret("anon")).Scan(&exp); err != nil {
				t.Fatal(err)
			}
			return exp
		}
		first := time.Now().Add(2 * time.Hour).UTC().Truncate(time.Second) // PostgreSQL keeps microseconds
		if err := st.CommitCtx(context.Background(), "anon", enc(map[string]any{"a": "1", "b": "2"}), first); err != nil {
			t.Fatal(err)
		}
		// A request: Find, then Commit of the same values with a later expiry.
		request := func(values map[string]any, expiry time.Time) {
			t.Helper()
			ctx := withSessionSeen(context.Background())
			if _, ok, err := st.FindCtx(ctx, "anon"); err != nil || !ok {
				t.Fatalf("find: %v %v", ok, err)
			}
			if err := st.CommitCtx(ctx, "anon", enc(values), expiry); err != nil {
				t.Fatal(err)
			}
		}
		request(map[string]any{"a": "1", "b": "2"}, first.Add(30*time.Second))
		if got := stored(); !got.Equal(first) {
			t.Errorf("unchanged session rewritten within a minute: expiry %v, want %v", got, first)
		}
		later := first.Add(sessionTouchEvery + time.Second)
		request(map[string]any{"a": "1", "b": "2"}, later)
		if got := stored(); !got.Equal(later) {
			t.Errorf("session not touched after a minute: expiry %v, want %v", got, later)
		}
		changed := later.Add(time.Second)
		request(map[string]any{"a": "1", "b": "3"}, changed)
		if got := stored(); !got.Equal(changed) {
			t.Errorf("changed session not written: expiry %v, want %v", got, changed)
		}
		// Past its stored expiry a session is gone, however recently it was used.
		if _, err := d.SQL().Exec("UPDATE sessions SET expiry = $1 WHERE token_hash = $2", time.Now().Add(-time.Second).UTC(), people.HashSecret("anon")); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := st.FindCtx(withSessionSeen(context.Background()), "anon"); ok {
			t.Error("expired session still found")
		}
	})
}
