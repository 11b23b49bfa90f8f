package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"oogst/db/dbtest"
)

func TestBadConfigExitsWithTwo(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"OOGST_LOG_LEVEL":             "loud",
		"DATABASE_URL":                "mysql://x",
		"OOGST_DB_MAX_CONNS":          "zero",
		"OOGST_AUTO_MIGRATE":          "perhaps",
		"OOGST_BASE_URL":              "localhost",
		"OOGST_MAX_UPLOAD_MB":         "-1",
		"OOGST_UPLOAD_QUOTA_ROUND_MB": "lots",
		"OOGST_UPLOAD_QUOTA_IP_MB":    "-5",
		"OOGST_MIN_FREE_MB":           "1.5",
		"OOGST_SUBMIT_LANES":          "65",
	}
	for key, val := range cases {
		env := map[string]string{key: val}
		var out, errb bytes.Buffer
		code := run([]string{"serve"}, func(k string) string { return env[k] }, &out, &errb)
		if code != 2 {
			t.Errorf("%s=%s: exit %d, want 2", key, val, code)
		}
		lines := strings.Split(strings.TrimSpace(errb.String()), "\n")
		if len(lines) != 1 || !strings.Contains(lines[0], key) {
			t.Errorf("%s=%s: want one line naming the variable, got %q", key, val, errb.String())
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"frobnicate"}, func(string) string { return "" }, &out, &errb); code != 2 {
		t.Errorf("unknown command: exit %d", code)
	}
}

// Each submission lane holds a connection while it writes: more lanes than the pool is
// refused at start, naming the variable.
func TestSubmitLanesNeedTheirConnections(t *testing.T) {
	t.Parallel()
	env := map[string]string{"OOGST_SUBMIT_LANES": "8", "OOGST_DB_MAX_CONNS": "6"}
	var out, errb bytes.Buffer
	if code := run([]string{"serve"}, func(k string) string { return env[k] }, &out, &errb); code != 2 || !strings.Contains(errb.String(), "OOGST_SUBMIT_LANES") {
		t.Fatalf("8 lanes on 6 connections: exit %d, %q", code, errb.String())
	}
	cfg, err := loadConfig(func(k string) string { return map[string]string{"OOGST_SUBMIT_LANES": "2"}[k] })
	if err != nil || cfg.SubmitLanes != 2 {
		t.Fatalf("2 lanes: %+v %v", cfg.SubmitLanes, err)
	}
}

func TestMigrateAndDemoAreIdempotent(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := map[string]string{"OOGST_DATA_DIR": dir}
	getenv := func(k string) string { return env[k] }
	var out, errb bytes.Buffer
	if code := run([]string{"demo"}, getenv, &out, &errb); code != 0 {
		t.Fatalf("demo: %d %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "coordinator@gent.demo") || !strings.Contains(out.String(), "coordinator@antwerpen.demo") {
		t.Errorf("demo output lacks logins: %s", out.String())
	}
	errb.Reset()
	out.Reset()
	if code := run([]string{"demo"}, getenv, &out, &errb); code != 0 {
		t.Fatalf("demo again: %d %s", code, errb.String())
	}
	if !strings.Contains(errb.String(), "created=0") {
		t.Errorf("second demo run created rows: %s", errb.String())
	}
	out.Reset()
	if code := run([]string{"migrate", "status"}, getenv, &out, &errb); code != 0 || !strings.Contains(out.String(), "applied") || strings.Contains(out.String(), "pending") {
		t.Errorf("migrate status: %d %s", code, out.String())
	}
	out.Reset()
	if code := run([]string{"token", "create", "--email", "coordinator@gent.demo"}, getenv, &out, &errb); code != 0 || !strings.HasPrefix(out.String(), "oogst_") {
		t.Errorf("token create: %d %q %s", code, out.String(), errb.String())
	}
}

// TestServeShutsDownGracefullyOnSIGTERM builds the real binary, starts it on
// PostgreSQL, holds a slow request open, sends SIGTERM and expects exit 0.
func TestServeShutsDownGracefullyOnSIGTERM(t *testing.T) {
	t.Parallel()
	bin := buildOogst(t)
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			port := freePort(t)
			cmd := exec.Command(bin, "serve")
			cmd.Env = append(os.Environ(), "OOGST_ADDR=127.0.0.1:"+port, "OOGST_DATA_DIR="+t.TempDir(), "OOGST_LOG_FORMAT=json")
			if dialect == "postgres" {
				cmd.Env = append(cmd.Env, "DATABASE_URL="+dbtest.EmptyPostgresURL(t))
			}
			stderr, _ := cmd.StderrPipe()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			var all []string
			eof := make(chan struct{})
			go func() {
				sc := bufio.NewScanner(stderr)
				for sc.Scan() {
					all = append(all, sc.Text())
				}
				close(eof)
			}()
			base := "http://127.0.0.1:" + port
			waitReady(t, base)
			resp, err := http.Get(base + "/readyz")
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("readyz: %v %v", err, resp)
			}
			resp.Body.Close()
			if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			// Wait closes the pipe, so read it to the end (the process exited) first:
			// the last line, the one this test looks for, was lost now and then.
			go func() { <-eof; done <- cmd.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("exit after SIGTERM: %v", err)
				}
			case <-time.After(30 * time.Second):
				_ = cmd.Process.Kill()
				t.Fatal("did not stop within 30s of SIGTERM")
			}
			if !strings.Contains(strings.Join(all, "\n"), "shutting down") {
				t.Errorf("no shutdown log line: %v", all)
			}
		})
	}
}

func freePort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return fmt.Sprint(l.Addr().(*net.TCPAddr).Port)
}

func waitReady(t *testing.T, base string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("server did not become healthy")
}
