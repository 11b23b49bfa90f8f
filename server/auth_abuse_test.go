package server_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"oogst/db"
	"oogst/db/dbtest"
	"oogst/people"
	"oogst/server/servertest"
)

// behindProxy starts a server that trusts the proxy every test client connects from.
func behindProxy(t *testing.T, d *db.DB) *servertest.Env {
	return servertest.New(t, d, servertest.Options{TrustedProxies: []netip.Prefix{
		netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("::1/128")}})
}

// eachBehindProxy runs fn with a server behind the trusted local proxy (behindProxy)
// on every test database: the start of the rate-limit tests, which tell clients apart
// by their forwarded address.
func eachBehindProxy(t *testing.T, fn func(t *testing.T, env *servertest.Env)) {
	t.Helper()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		fn(t, behindProxy(t, d))
	})
}

// from is a client whose requests the proxy forwards for ip.
func from(t *testing.T, env *servertest.Env, ip string) *servertest.Client {
	c := env.Client(t)
	c.Header = http.Header{"X-Forwarded-For": {ip}}
	return c
}

func login(t *testing.T, c *servertest.Client, email, password string) *servertest.Response {
	t.Helper()
	return c.PostForm(t, "/login", url.Values{"email": {email}, "password": {password}})
}

func auditIPs(t *testing.T, d *db.DB, action string) []string {
	t.Helper()
	var ips []string
	if err := d.Q(context.Background()).Model(&people.AuditEntry{}).Where("action = ?", action).Order("id").Pluck("ip", &ips).Error; err != nil {
		t.Fatal(err)
	}
	return ips
}

// TestAuditRecordsClientIPBehindTrustedProxyOnly: the audit log names the client the
// trusted proxy forwarded for, and the peer itself when a peer that is not a trusted
// proxy (here 127.0.0.2) sends a forwarding header of its own making.
func TestAuditRecordsClientIPBehindTrustedProxyOnly(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		env := servertest.New(t, d, servertest.Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
		c := from(t, env, "6.6.6.6, 203.0.113.9") // the left hop is the client's own invention
		if r := login(t, c, "mentor@a.test", "wrong-password"); r.Status != http.StatusUnauthorized {
			t.Fatalf("wrong password: %d", r.Status)
		}
		if r := login(t, c, "mentor@a.test", servertest.Password); r.Status != http.StatusSeeOther {
			t.Fatalf("right password: %d", r.Status)
		}
		spoofer := from(t, env, "203.0.113.50")
		spoofer.HTTP.Transport = &http.Transport{DialContext: (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP("127.0.0.2")}}).DialContext}
		if r := login(t, spoofer, "partner@a.test", "wrong-password"); r.Status != http.StatusUnauthorized {
			t.Fatalf("spoofer: %d", r.Status)
		}
		if got := auditIPs(t, d, people.AuditLoginFailed); len(got) != 2 || got[0] != "203.0.113.9" || got[1] != "127.0.0.2" {
			t.Errorf("failed logins logged from %v, want [203.0.113.9 127.0.0.2]", got)
		}
		if got := auditIPs(t, d, people.AuditLogin); len(got) != 1 || got[0] != "203.0.113.9" {
			t.Errorf("login logged from %v, want [203.0.113.9]", got)
		}
	})
}

func TestLoginGuessesFromOneClientDoNotBlockAnother(t *testing.T) {
	t.Parallel()
	eachBehindProxy(t, func(t *testing.T, env *servertest.Env) {
		a := from(t, env, "198.51.100.1")
		for i := range people.LoginPerIP.Max {
			if r := login(t, a, fmt.Sprintf("guess%d@a.test", i), "nope-nope-nope"); r.Status != http.StatusUnauthorized {
				t.Fatalf("guess %d: %d", i, r.Status)
			}
		}
		if r := login(t, a, "coordinator@a.test", servertest.Password); r.Status != http.StatusTooManyRequests {
			t.Errorf("guessing client after %d failures: %d, want 429", people.LoginPerIP.Max, r.Status)
		}
		b := from(t, env, "203.0.113.2")
		if r := login(t, b, "coordinator@a.test", servertest.Password); r.Status != http.StatusSeeOther {
			t.Errorf("another client behind the same proxy: %d, want 303", r.Status)
		}
	})
}

func TestOwnerLogsInWhileAccountIsAttacked(t *testing.T) {
	t.Parallel()
	eachBehindProxy(t, func(t *testing.T, env *servertest.Env) {
		a := from(t, env, "198.51.100.1")
		for i := range people.LoginPerAccountIP.Max {
			if r := login(t, a, "mentor@a.test", "wrong-password"); r.Status != http.StatusUnauthorized {
				t.Fatalf("attack %d: %d", i, r.Status)
			}
		}
		// The attacker is out of tries at this account, even with the right password.
		if r := login(t, a, "mentor@a.test", servertest.Password); r.Status != http.StatusTooManyRequests {
			t.Errorf("attacker over the limit: %d, want 429", r.Status)
		}
		// A second attacker: its first try is checked, its next waits (the account now
		// fails more often than one client may).
		c := from(t, env, "198.51.100.2")
		if r := login(t, c, "mentor@a.test", "wrong-password"); r.Status != http.StatusUnauthorized {
			t.Errorf("second attacker, first try: %d", r.Status)
		}
		if r := login(t, c, "mentor@a.test", "wrong-password"); r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
			t.Errorf("second attacker, second try: %d, want 429 with Retry-After", r.Status)
		}
		owner := from(t, env, "203.0.113.2")
		if r := login(t, owner, "mentor@a.test", servertest.Password); r.Status != http.StatusSeeOther {
			t.Fatalf("owner during the attack: %d, want 303", r.Status)
		}
		if r := owner.Get(t, "/dashboard"); r.Status != http.StatusOK {
			t.Errorf("owner's dashboard: %d", r.Status)
		}
	})
}

// TestParallelWrongLoginsHashedWithinLimit: logins sent all at once must not slip past
// the per-client limit between a check and a count.
func TestParallelWrongLoginsHashedWithinLimit(t *testing.T) {
	t.Parallel()
	eachBehindProxy(t, func(t *testing.T, env *servertest.Env) {
		a := from(t, env, "198.51.100.66")
		token := a.CSRF(t)
		const n = 100
		var wg sync.WaitGroup
		statuses := make([]int, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i] = a.PostForm(t, "/login", url.Values{"email": {"mentor@a.test"}, "password": {"wrong-password"}, "_csrf": {token}}).Status
			}()
		}
		wg.Wait()
		count := map[int]int{}
		for _, s := range statuses {
			count[s]++
		}
		if count[http.StatusUnauthorized] > people.LoginPerAccountIP.Max || count[http.StatusUnauthorized]+count[http.StatusTooManyRequests]+count[http.StatusServiceUnavailable] != n {
			t.Errorf("answers %v: want at most %d checked passwords (401), the rest 429 or 503", count, people.LoginPerAccountIP.Max)
		}
		if got := len(auditIPs(t, env.DB, people.AuditLoginFailed)); got > people.LoginPerAccountIP.Max {
			t.Errorf("%d passwords checked, limit %d", got, people.LoginPerAccountIP.Max)
		}
	})
}

// TestPasswordHashingIsBounded: however many clients log in at once, no more hashes
// run together than the gate has slots, and who cannot be served soon gets 503 with
// Retry-After and a translated message instead of a growing queue.
func TestPasswordHashingIsBounded(t *testing.T) {
	env := behindProxy(t, dbtest.SQLite(t))
	people.SetHashConcurrency(1, 2, 50*time.Millisecond)
	t.Cleanup(testHashGate)
	const n = 40
	var wg sync.WaitGroup
	resps := make([]*servertest.Response, n)
	clients := make([]*servertest.Client, n)
	tokens := make([]string, n)
	for i := range n {
		clients[i] = from(t, env, fmt.Sprintf("198.51.100.%d", i+1))
		tokens[i] = clients[i].CSRF(t)
	}
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resps[i] = clients[i].PostForm(t, "/login", url.Values{"email": {fmt.Sprintf("nobody%d@a.test", i)}, "password": {"wrong-password"}, "_csrf": {tokens[i]}})
		}()
	}
	wg.Wait()
	total, peak := people.HashStats()
	busy := 0
	for _, r := range resps {
		switch r.Status {
		case http.StatusUnauthorized:
		case http.StatusServiceUnavailable:
			busy++
			if r.Header.Get("Retry-After") == "" || !strings.Contains(r.Body, "Er melden zich nu heel veel mensen tegelijk aan.") {
				t.Errorf("503 without Retry-After or message: %q %.300s", r.Header.Get("Retry-After"), r.Body)
			}
		default:
			t.Errorf("status %d", r.Status)
		}
	}
	t.Logf("%d hashes, at most %d at once, %d answered 503", total, peak, busy)
	if peak != 1 {
		t.Errorf("at most %d hashes at once, want 1", peak)
	}
	if busy == 0 || int(total)+busy != n {
		t.Errorf("%d hashed + %d busy, want %d with some busy", total, busy, n)
	}
	// Afterwards the gate is free again.
	if r := login(t, from(t, env, "203.0.113.2"), "mentor@a.test", servertest.Password); r.Status != http.StatusSeeOther {
		t.Errorf("login after the storm: %d", r.Status)
	}
}

func TestJoinCodeGuessesFromOneClientDoNotBlockAnother(t *testing.T) {
	t.Parallel()
	eachBehindProxy(t, func(t *testing.T, env *servertest.Env) {
		r := surveyRound(t, env, "a", "Week 1", true)
		a := from(t, env, "198.51.100.1")
		for i := range people.JoinCodePerIP.Max {
			if resp := a.Get(t, fmt.Sprintf("/api/v1/rounds/ZZZZ%02d", i)); resp.Status != http.StatusNotFound {
				t.Fatalf("guess %d: %d", i, resp.Status)
			}
		}
		if resp := a.Get(t, "/api/v1/rounds/ZZZZ99"); resp.Status != http.StatusTooManyRequests {
			t.Errorf("guessing client over the limit: %d, want 429", resp.Status)
		}
		b := from(t, env, "203.0.113.2")
		if resp := b.Get(t, "/api/v1/rounds/"+r.Code); resp.Status != http.StatusOK {
			t.Errorf("another tablet's right code: %d, want 200", resp.Status)
		}
		if resp := b.Get(t, "/join?code="+r.Code); resp.Status != http.StatusSeeOther {
			t.Errorf("another tablet joining on the home page: %d, want 303", resp.Status)
		}
	})
}

// TestParallelJoinGuessesCountedAtomically: once a client has guessed wrong, its
// guesses sent all at once cannot pass the limit together.
func TestParallelJoinGuessesCountedAtomically(t *testing.T) {
	t.Parallel()
	eachBehindProxy(t, func(t *testing.T, env *servertest.Env) {
		c := from(t, env, "198.51.100.9")
		if resp := c.Get(t, "/api/v1/rounds/QQQQ00"); resp.Status != http.StatusNotFound {
			t.Fatalf("first guess: %d", resp.Status)
		}
		const n = 60
		statuses := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i] = c.Get(t, fmt.Sprintf("/api/v1/rounds/QQQQ%02d", i+1)).Status
			}()
		}
		wg.Wait()
		missed := 1
		for _, s := range statuses {
			if s == http.StatusNotFound {
				missed++
			}
		}
		if missed > people.JoinCodePerIP.Max {
			t.Errorf("%d codes looked up and missed, limit %d", missed, people.JoinCodePerIP.Max)
		}
	})
}

func TestNextRedirectsStayOnSite(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, dbtest.SQLite(t))
	evil := "/%09/evil.example"
	anon := env.Client(t)
	if r := anon.PostForm(t, "/login", url.Values{"email": {"mentor@a.test"}, "password": {servertest.Password}, "next": {"/\t/evil.example"}}); r.Header.Get("Location") != "/dashboard" {
		t.Errorf("POST /login: Location %q, want /dashboard", r.Header.Get("Location"))
	}
	if r := anon.Get(t, "/login?next="+evil); r.Header.Get("Location") != "/dashboard" {
		t.Errorf("GET /login logged in: Location %q, want /dashboard", r.Header.Get("Location"))
	}
	if r := anon.PostForm(t, "/lang", url.Values{"lang": {"fr"}, "next": {"/\t/evil.example"}}); r.Header.Get("Location") != "/" {
		t.Errorf("POST /lang: Location %q, want /", r.Header.Get("Location"))
	}
	if r := anon.PostForm(t, "/lang", url.Values{"lang": {"fr"}, "next": {"/outcomes?status=new"}}); r.Header.Get("Location") != "/outcomes?status=new" {
		t.Errorf("POST /lang, good next: Location %q", r.Header.Get("Location"))
	}
}

func sessionCount(t *testing.T, d *db.DB, uid int64) int64 {
	t.Helper()
	var n int64
	if err := d.Q(context.Background()).Raw("SELECT COUNT(*) FROM sessions WHERE user_id = ?", uid).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestDeactivationEndsSessionsTokensAndLinks(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		ctx := context.Background()
		mentor := env.Fix.Users["mentor@a"]
		m := env.As(t, "mentor@a")
		raw, _, err := people.CreateToken(ctx, env.DB, mentor.ID, "sync")
		if err != nil {
			t.Fatal(err)
		}
		link, err := people.CreateInvitation(ctx, env.DB, env.Scope(t, "admin"), mentor.ID, "", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if n := sessionCount(t, env.DB, mentor.ID); n != 1 {
			t.Fatalf("mentor's sessions before: %d", n)
		}
		admin := env.As(t, "admin")
		r := admin.PostForm(t, fmt.Sprintf("/admin/users/%d", mentor.ID), url.Values{"name": {mentor.Name}, "email": {mentor.Email}, "language": {"nl"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("deactivate: %d %.300s", r.Status, r.Body)
		}
		if n := sessionCount(t, env.DB, mentor.ID); n != 0 {
			t.Errorf("mentor's sessions after deactivation: %d", n)
		}
		var tokens, links int64
		env.DB.Q(ctx).Model(&people.APIToken{}).Where("user_id = ?", mentor.ID).Count(&tokens)
		env.DB.Q(ctx).Model(&people.Invitation{}).Where("user_id = ?", mentor.ID).Count(&links)
		if tokens != 0 || links != 0 {
			t.Errorf("after deactivation: %d tokens, %d links left", tokens, links)
		}
		if r := m.Get(t, "/dashboard"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
			t.Errorf("deactivated user's old session: %d %q", r.Status, r.Header.Get("Location"))
		}
		tc := env.Client(t)
		tc.Token = raw
		if r := tc.Get(t, "/api/v1/partnerships"); r.Status != http.StatusUnauthorized {
			t.Errorf("deactivated user's token: %d", r.Status)
		}
		if r := env.Client(t).Get(t, "/invite/"+link); r.Status != http.StatusNotFound {
			t.Errorf("deactivated user's link: %d", r.Status)
		}
	})
}

func TestLinkDoesNotReactivateAccount(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		ctx := context.Background()
		mentor := env.Fix.Users["mentor@a"]
		admin := env.Scope(t, "admin")
		if _, err := people.SaveUser(ctx, env.DB, admin, mentor.ID, people.UserInput{Name: mentor.Name, Email: mentor.Email, Language: "nl"}, ""); err != nil {
			t.Fatal(err)
		}
		// A link made while the account is off (or left over from before) must not
		// switch it back on.
		link, err := people.CreateInvitation(ctx, env.DB, admin, mentor.ID, "", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		c := env.Client(t)
		c.Lang = "en"
		if r := c.Get(t, "/invite/"+link); r.Status != http.StatusConflict || !strings.Contains(r.Body, "This account has been deactivated") {
			t.Errorf("link page of a deactivated account: %d %.300s", r.Status, r.Body)
		}
		r := c.PostForm(t, "/invite/"+link, url.Values{"password": {"a-new-password-1"}, "repeat": {"a-new-password-1"}})
		if r.Status != http.StatusConflict || !strings.Contains(r.Body, "This account has been deactivated") {
			t.Errorf("using the link: %d %.300s", r.Status, r.Body)
		}
		var u people.User
		env.DB.Q(ctx).First(&u, mentor.ID)
		if u.Active || u.PasswordHash != mentor.PasswordHash {
			t.Errorf("after using the link: active=%t, password changed=%t", u.Active, u.PasswordHash != mentor.PasswordHash)
		}
		if r := login(t, env.Client(t), mentor.Email, "a-new-password-1"); r.Status != http.StatusUnauthorized {
			t.Errorf("login with the link's password: %d", r.Status)
		}
	})
}

func TestSettingPasswordEndsOtherSessions(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		mentor := env.Fix.Users["mentor@a"]
		elsewhere := env.As(t, "mentor@a")
		here := env.As(t, "mentor@a")
		colleague := env.As(t, "coordinator@a")
		link, err := people.CreateInvitation(context.Background(), env.DB, env.Scope(t, "admin"), mentor.ID, "", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		r := here.PostForm(t, "/invite/"+link, url.Values{"password": {"a-new-password-1"}, "repeat": {"a-new-password-1"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("set password: %d %.300s", r.Status, r.Body)
		}
		if r := elsewhere.Get(t, "/dashboard"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
			t.Errorf("other session after the new password: %d %q", r.Status, r.Header.Get("Location"))
		}
		if r := here.Get(t, "/dashboard"); r.Status != http.StatusOK {
			t.Errorf("the session that set the password: %d", r.Status)
		}
		if r := colleague.Get(t, "/dashboard"); r.Status != http.StatusOK {
			t.Errorf("another user's session: %d", r.Status)
		}
		if n := sessionCount(t, env.DB, mentor.ID); n != 1 {
			t.Errorf("mentor's sessions: %d, want 1", n)
		}
	})
}

func TestSessionsTableHoldsNoRawToken(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		c := env.As(t, "mentor@a")
		u, _ := url.Parse(env.URL)
		raw := ""
		for _, ck := range c.HTTP.Jar.Cookies(u) {
			if ck.Name == "oogst_session" {
				raw = ck.Value
			}
		}
		if raw == "" {
			t.Fatal("no session cookie")
		}
		sum := sha256.Sum256([]byte(raw))
		hashed := hex.EncodeToString(sum[:])
		rows, err := env.DB.SQL().Query("SELECT * FROM sessions")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		found := false
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				s := fmt.Sprint(v)
				if b, ok := v.([]byte); ok {
					s = string(b)
				}
				if strings.Contains(s, raw) {
					t.Errorf("column %s holds the raw session token", cols[i])
				}
				if s == hashed {
					found = true
				}
			}
		}
		if !found {
			t.Error("no session row keyed by the token's SHA-256")
		}
	})
}

func TestCSRFTokenRotatedAtLoginAndLogout(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, dbtest.SQLite(t))
	c := env.Client(t)
	before := c.CSRF(t)
	if r := c.PostForm(t, "/login", url.Values{"email": {"mentor@a.test"}, "password": {servertest.Password}, "_csrf": {before}}); r.Status != http.StatusSeeOther {
		t.Fatalf("login: %d", r.Status)
	}
	after := c.CSRF(t)
	if after == before {
		t.Fatal("CSRF token unchanged by the login")
	}
	if r := c.PostForm(t, "/lang", url.Values{"lang": {"fr"}, "_csrf": {before}}); r.Status != http.StatusForbidden {
		t.Errorf("token from before the login still accepted: %d", r.Status)
	}
	if r := c.PostForm(t, "/logout", url.Values{"_csrf": {after}}); r.Status != http.StatusSeeOther {
		t.Fatalf("logout: %d", r.Status)
	}
	if out := c.CSRF(t); out == after || out == before {
		t.Error("CSRF token unchanged by the logout")
	}
}

func TestHSTSOnlyForHTTPSBaseURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		base string
		want string
	}{{"https://oogst.example.org", "max-age=31536000"}, {"http://oogst.test", ""}} {
		env := servertest.New(t, dbtest.SQLite(t), servertest.Options{BaseURL: tc.base})
		if got := env.Client(t).Get(t, "/").Header.Get("Strict-Transport-Security"); got != tc.want {
			t.Errorf("base %s: Strict-Transport-Security %q, want %q", tc.base, got, tc.want)
		}
	}
}
