package server_test

import (
	"net/http"
	"testing"
	"time"

	"oogst/server/servertest"
)

// TestStaffGETsDoNotRewriteTheSession: scs with an idle timeout saves the session at
// the end of every request; a staff member paging through the inbox must not cost a
// write to the sessions table per page when nothing in the session changed.
func TestStaffGETsDoNotRewriteTheSession(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		coord := env.As(t, "coordinator@a")
		uid := env.Fix.Users["coordinator@a"].ID
		row := func() (time.Time, []byte) {
			t.Helper()
			var exp time.Time
			var data []byte
			if err := env.DB.SQL().QueryRow("SELECT expiry, data FROM sessions WHERE user_id = $1", uid).Scan(&exp, &data); err != nil {
				t.Fatal(err)
			}
			return exp, data
		}
		// The first request after login drops the login mark: a real change, saved.
		if r := coord.Get(t, "/outcomes"); r.Status != http.StatusOK {
			t.Fatalf("GET /outcomes: %d", r.Status)
		}
		exp0, data0 := row()
		for i := 0; i < 2; i++ {
			time.Sleep(20 * time.Millisecond) // so that a rewrite would move the expiry
			if r := coord.Get(t, "/outcomes"); r.Status != http.StatusOK {
				t.Fatalf("GET /outcomes: %d", r.Status)
			}
		}
		exp1, data1 := row()
		if !exp1.Equal(exp0) || string(data1) != string(data0) {
			t.Errorf("two GETs within a minute rewrote the session: expiry %v -> %v", exp0, exp1)
		}
		if exp1.Before(time.Now().Add(2*time.Hour - time.Minute)) {
			t.Errorf("session expiry %v: want about two hours from now", exp1)
		}
	})
}
