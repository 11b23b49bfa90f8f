package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"oogst/demo"
	"oogst/people"
	"oogst/testkit"
)

// runEnv runs the command line with env, standard input and a fresh data directory
// unless env names one; it returns exit code, stdout and stderr.
func runEnv(t *testing.T, env map[string]string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := runIO(args, func(k string) string { return env[k] }, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestAddrIsCheckedBeforeTheDatabase(t *testing.T) {
	t.Parallel()
	for _, addr := range []string{"foo", "127.0.0.1", ":http-alt", ":99999"} {
		dir := filepath.Join(t.TempDir(), "data")
		code, _, errs := runEnv(t, map[string]string{"OOGST_ADDR": addr, "OOGST_DATA_DIR": dir}, "", "serve")
		lines := strings.Split(strings.TrimSpace(errs), "\n")
		if code != 2 || len(lines) != 1 || !strings.Contains(lines[0], "OOGST_ADDR") {
			t.Errorf("OOGST_ADDR=%s: exit %d, %q; want 2 and one line naming OOGST_ADDR", addr, code, errs)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("OOGST_ADDR=%s: the data directory was touched (%v)", addr, err)
		}
	}
}

func TestBaseURLFollowsListenPort(t *testing.T) {
	t.Parallel()
	cases := []struct{ addr, base, want string }{
		{":9090", "", "http://localhost:9090"},
		{"127.0.0.1:18102", "", "http://127.0.0.1:18102"},
		{"0.0.0.0:8181", "", "http://localhost:8181"},
		{"[::1]:8282", "", "http://[::1]:8282"},
		{"", "", "http://localhost:8080"},
		{":9090", "https://oogst.example.org/", "https://oogst.example.org"},
	}
	for _, c := range cases {
		env := map[string]string{"OOGST_ADDR": c.addr, "OOGST_BASE_URL": c.base}
		cfg, err := loadConfig(func(k string) string { return env[k] })
		if err != nil {
			t.Fatalf("%+v: %v", c, err)
		}
		if cfg.BaseURL != c.want {
			t.Errorf("OOGST_ADDR=%q OOGST_BASE_URL=%q: base URL %q, want %q", c.addr, c.base, cfg.BaseURL, c.want)
		}
		if cfg.CookieSecure != strings.HasPrefix(c.want, "https://") {
			t.Errorf("%+v: cookie secure %t", c, cfg.CookieSecure)
		}
	}
}

func TestHelpAndVersionExitZero(t *testing.T) {
	t.Parallel()
	// A bad variable does not stand in the way of asking for help.
	env := map[string]string{"OOGST_LOG_LEVEL": "loud"}
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {"serve", "--help"}, {"migrate", "--help"}} {
		code, out, errs := runEnv(t, map[string]string{}, "", args...)
		if args[0] != "serve" && args[0] != "migrate" {
			code, out, errs = runEnv(t, env, "", args...)
		}
		if code != 0 || !strings.Contains(out, "usage:") || !strings.Contains(out, "oogst user create") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
	code, out, _ := runEnv(t, env, "", "version")
	if code != 0 || !regexp.MustCompile(`^oogst \S+\n$`).MatchString(out) {
		t.Errorf("version: exit %d, %q", code, out)
	}
	buildVersion = "v9.8.7"
	defer func() { buildVersion = "" }()
	if _, out, _ := runEnv(t, env, "", "version"); out != "oogst v9.8.7\n" {
		t.Errorf("version with ldflags: %q", out)
	}
}

func TestBareSubcommandsTouchNothing(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"migrate"}, {"user"}, {"migrate", "sideways"}, {"user", "delete"}} {
		dir := filepath.Join(t.TempDir(), "data")
		code, out, errs := runEnv(t, map[string]string{"OOGST_DATA_DIR": dir}, "", args...)
		if code != 2 || !strings.Contains(errs, "usage:") || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want usage and 2", args, code, out, errs)
		}
		if _, err := os.Stat(filepath.Join(dir, "oogst.db")); !os.IsNotExist(err) {
			t.Errorf("%v: the database was touched (%v)", args, err)
		}
	}
}

// TestUserCreateThenLogIn makes the first admin on an empty database from the command
// line and logs in with that password over HTTP; an account without password gets a
// one-time link that sets one.
func TestUserCreateThenLogIn(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := map[string]string{"OOGST_DATA_DIR": dir, "OOGST_ADDR": "127.0.0.1:18102"}
	code, out, errs := runEnv(t, env, "correct horse battery\n", "user", "create", "--email", "Ops@Example.org", "--name", "Olga Ops", "--admin", "--password-stdin")
	if code != 0 || !strings.Contains(out, "created ops@example.org") || strings.Contains(out+errs, "correct horse") {
		t.Fatalf("user create: exit %d\n%s\n%s", code, out, errs)
	}
	code, _, errs = runEnv(t, env, "another password\n", "user", "create", "--email", "ops@example.org", "--name", "Twin", "--password-stdin")
	if code != 1 || !strings.Contains(errs, "already exists") {
		t.Errorf("duplicate: exit %d, %q", code, errs)
	}
	code, _, errs = runEnv(t, env, "short\n", "user", "create", "--email", "short@example.org", "--name", "Short", "--password-stdin")
	if code != 1 || !strings.Contains(errs, "at least 10 characters") {
		t.Errorf("short password: exit %d, %q", code, errs)
	}
	code, out, errs = runEnv(t, env, "", "user", "create", "--email", "mentor@example.org", "--name", "Mo Mentor", "--language", "fr")
	link := regexp.MustCompile(`http://127\.0\.0\.1:18102/invite/(oogst_\S+)`).FindStringSubmatch(out)
	if code != 0 || link == nil {
		t.Fatalf("user create without password: exit %d\n%s\n%s", code, out, errs)
	}

	d := openFor(t, env)
	defer d.Close()
	var audit []people.AuditEntry
	d.Q(context.Background()).Where("action IN ?", []string{people.AuditUserCreated, people.AuditInvitationCreated}).Order("id").Find(&audit)
	if len(audit) != 3 || audit[0].Action != people.AuditUserCreated || !strings.Contains(audit[0].Detail, "ops@example.org admin=true") ||
		audit[2].Action != people.AuditInvitationCreated || audit[0].UserID != nil {
		t.Errorf("audit: %+v", audit)
	}
	cfg, err := loadConfig(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	srv, err := newServer(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), d)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()

	admin := testkit.NewClient(hs.URL)
	if r := admin.PostForm(t, "/login", url.Values{"email": {"ops@example.org"}, "password": {"wrong password!"}}); r.Status == http.StatusSeeOther {
		t.Fatalf("a wrong password logs in")
	}
	admin.Login(t, "ops@example.org", "correct horse battery")
	if r := admin.Get(t, "/admin"); r.Status != http.StatusOK || !strings.Contains(r.Body, "Mo Mentor") {
		t.Errorf("admin users page: %d", r.Status)
	}

	mentor := testkit.NewClient(hs.URL)
	if r := mentor.Get(t, "/invite/"+link[1]); r.Status != http.StatusOK {
		t.Fatalf("invite page: %d", r.Status)
	}
	r := mentor.PostForm(t, "/invite/"+link[1], url.Values{"password": {"mentor password 1"}, "repeat": {"mentor password 1"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("set password: %d", r.Status)
	}
	mentor.Login(t, "mentor@example.org", "mentor password 1")
}

func TestUserCreateJoinsAPartnership(t *testing.T) {
	t.Parallel()
	env := map[string]string{"OOGST_DATA_DIR": t.TempDir()}
	d := openFor(t, env)
	if _, err := d.MigrateUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	p := people.Partnership{Name: "Gent", Languages: "nl"}
	if err := d.Q(context.Background()).Create(&p).Error; err != nil {
		t.Fatal(err)
	}
	d.Close()
	pid := strconv.FormatInt(p.ID, 10)
	code, _, errs := runEnv(t, env, "coordinator pw 1\n", "user", "create", "--email", "c@example.org", "--name", "Coco", "--partnership", pid, "--role", "boss", "--password-stdin")
	if code != 1 || !strings.Contains(errs, "--role") {
		t.Errorf("bad role: exit %d %q", code, errs)
	}
	code, _, errs = runEnv(t, env, "coordinator pw 1\n", "user", "create", "--email", "c@example.org", "--name", "Coco", "--partnership", pid, "--role", "coordinator", "--password-stdin")
	if code != 0 {
		t.Fatalf("exit %d %q", code, errs)
	}
	d = openFor(t, env)
	defer d.Close()
	var m people.Membership
	if err := d.Q(context.Background()).Joins("JOIN users u ON u.id = memberships.user_id").Where("u.email = ?", "c@example.org").First(&m).Error; err != nil || m.PartnershipID != p.ID || m.Role != people.RoleCoordinator {
		t.Errorf("membership: %+v %v", m, err)
	}
}

// TestDemoRefusesNextToRealAccounts: the demo's published password must never land on
// a database that real people use.
func TestDemoRefusesNextToRealAccounts(t *testing.T) {
	t.Parallel()
	env := map[string]string{"OOGST_DATA_DIR": t.TempDir()}
	if code, _, errs := runEnv(t, env, "operator password\n", "user", "create", "--email", "real@example.org", "--name", "Real", "--admin", "--password-stdin"); code != 0 {
		t.Fatal(errs)
	}
	for _, args := range [][]string{{"demo"}, {"serve", "--demo"}} {
		code, out, errs := runEnv(t, env, "", args...)
		if code != 1 || !strings.Contains(errs, "not demo accounts") || strings.Contains(out, demo.Password) {
			t.Errorf("%v: exit %d\n%s\n%s", args, code, out, errs)
		}
	}
	d := openFor(t, env)
	var n int64
	d.Q(context.Background()).Model(&people.User{}).Count(&n)
	d.Close()
	if n != 1 {
		t.Errorf("%d users after the refused demo, want 1", n)
	}
	code, out, errs := runEnv(t, env, "", "demo", "--force")
	if code != 0 || !strings.Contains(out, "admin@oogst.demo") {
		t.Errorf("demo --force: exit %d\n%s\n%s", code, out, errs)
	}
}

func TestDemoHidesPasswordOnHTTPS(t *testing.T) {
	t.Parallel()
	for base, show := range map[string]bool{"https://oogst.example.org": false, "http://localhost:8080": true} {
		env := map[string]string{"OOGST_DATA_DIR": t.TempDir(), "OOGST_BASE_URL": base}
		code, out, errs := runEnv(t, env, "", "demo")
		if code != 0 || !strings.Contains(out, "admin@oogst.demo") {
			t.Fatalf("%s: exit %d %s", base, code, errs)
		}
		if strings.Contains(out+errs, demo.Password) != show {
			t.Errorf("%s: password shown = %t, want %t", base, !show, show)
		}
	}
}

// TestServeOnAnotherPort runs `serve` on a port other than 8080 without OOGST_BASE_URL:
// the start-up log names both full URLs and the API description points at that port.
func TestServeOnAnotherPort(t *testing.T) {
	t.Parallel()
	port := freePort(t)
	env := map[string]string{"OOGST_ADDR": "127.0.0.1:" + port, "OOGST_DATA_DIR": t.TempDir()}
	cfg, err := loadConfig(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- cmdServe(ctx, cfg, slog.New(slog.NewTextHandler(&lockedWriter{w: &logs}, nil)), nil, io.Discard)
	}()
	base := "http://127.0.0.1:" + port
	waitReady(t, base)
	resp, err := http.Get(base + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `"url":"`+base+`/api/v1"`) {
		t.Errorf("OpenAPI servers do not follow the port: %.300s", body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "url="+base+" base_url="+base) {
		t.Errorf("start-up log lacks the full URLs:\n%s", logs.String())
	}
}
