package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"oogst/db"
	"oogst/demo"
	"oogst/people"
)

// TestLoginStormStaysSmall runs the real binary behind a "proxy" (the test, trusted at
// 127.0.0.1) and sends 250 wrong passwords for one account at once from one client,
// while the account's owner logs in from another client. The attacker's passwords may
// be hashed at most as often as its per-account limit allows, the process's peak
// resident memory must stay under 300 MB (each argon2id hash takes 19 MiB), and the
// owner must get in without waiting for the storm.
func TestLoginStormStaysSmall(t *testing.T) {
	bin := buildOogst(t)
	dataDir := demoSeed.SQLiteDir(t)
	env := []string{"OOGST_DATA_DIR=" + dataDir, "OOGST_TRUSTED_PROXIES=127.0.0.1/32"}
	port := freePort(t)
	base := "http://127.0.0.1:" + port
	p := startOogst(t, bin, port, env)
	const victim = "admin@oogst.demo"

	attacker := newStormClient(t, base, "198.51.100.66")
	const storm = 250
	var wg sync.WaitGroup
	statuses := make([]int, storm)
	start := make(chan struct{})
	for i := range storm {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			statuses[i] = attacker.login(t, victim, fmt.Sprintf("wrong-password-%d", i))
		}()
	}
	close(start)
	time.Sleep(100 * time.Millisecond) // the storm is under way
	owner := newStormClient(t, base, "203.0.113.7")
	began := time.Now()
	got := owner.login(t, victim, demo.Password)
	took := time.Since(began)
	wg.Wait()
	if got != http.StatusSeeOther {
		t.Errorf("owner's login during the storm: status %d, want 303", got)
	}
	if took > 5*time.Second {
		t.Errorf("owner's login took %v during the storm", took)
	}
	count := map[int]int{}
	for _, s := range statuses {
		count[s]++
	}
	t.Logf("storm answers: %v; owner logged in in %v", count, took)
	if count[http.StatusUnauthorized] > people.LoginPerAccountIP.Max || count[http.StatusUnauthorized]+count[http.StatusTooManyRequests]+count[http.StatusServiceUnavailable] != storm {
		t.Errorf("storm answers %v: want at most %d refusals of the password (401), the rest 429 or 503", count, people.LoginPerAccountIP.Max)
	}
	peak := peakRSS(t, p.cmd.Process.Pid)
	t.Logf("peak RSS %d MB", peak>>20)
	if peak > 300<<20 {
		t.Errorf("peak resident memory %d MB, want under 300 MB", peak>>20)
	}
	p.kill()

	// Every password that was checked and wrong left one login_failed entry, with the
	// client's address, not the proxy's.
	d, err := db.Open(context.Background(), db.Options{DataDir: dataDir, MaxOpenConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var failed []people.AuditEntry
	if err := d.Q(context.Background()).Where("action = ?", people.AuditLoginFailed).Find(&failed).Error; err != nil {
		t.Fatal(err)
	}
	if len(failed) > people.LoginPerAccountIP.Max || len(failed) != count[http.StatusUnauthorized] {
		t.Errorf("%d passwords checked and refused (401s: %d), want at most %d", len(failed), count[http.StatusUnauthorized], people.LoginPerAccountIP.Max)
	}
	for _, e := range failed {
		if e.IP != "198.51.100.66" {
			t.Errorf("failed login logged from %q, want the client 198.51.100.66", e.IP)
		}
	}
}

// stormClient is a browser behind the proxy: one CSRF cookie, its own forwarded address.
type stormClient struct {
	base, ip, csrf string
	http           *http.Client
}

var stormCSRF = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

func newStormClient(t *testing.T, base, ip string) *stormClient {
	jar, _ := cookiejar.New(nil)
	c := &stormClient{base: base, ip: ip, http: &http.Client{Jar: jar, Timeout: 3 * time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	req, _ := http.NewRequest(http.MethodGet, base+"/login", nil)
	req.Header.Set("X-Forwarded-For", ip)
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := stormCSRF.FindSubmatch(b)
	if m == nil {
		t.Fatalf("no CSRF token on /login")
	}
	c.csrf = string(m[1])
	return c
}

func (c *stormClient) login(t *testing.T, email, password string) int {
	form := url.Values{"email": {email}, "password": {password}, "_csrf": {c.csrf}}
	req, _ := http.NewRequest(http.MethodPost, c.base+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", c.ip)
	resp, err := c.http.Do(req)
	if err != nil {
		t.Errorf("login: %v", err)
		return 0
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// peakRSS reads the process's high-water mark of resident memory (Linux).
func peakRSS(t *testing.T, pid int) int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmHWM in /proc/pid/status")
	return 0
}
