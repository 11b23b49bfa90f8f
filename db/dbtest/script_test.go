package dbtest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestPostgresScriptIsPrivate: two runs of scripts/test-postgres.sh get two clusters in
// their own directories on their own ports, and `stop` ends each one and deletes it, so
// test runs on a shared machine never meet and leave nothing running.
func TestPostgresScriptIsPrivate(t *testing.T) {
	if bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl"); len(bins) == 0 {
		if os.Getenv("OOGST_TEST_REQUIRE_POSTGRES") == "1" {
			t.Fatal("PostgreSQL server binaries not found")
		}
		t.Skip("PostgreSQL server binaries not found")
	}
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(root, "scripts", "test-postgres.sh")
	var urls, dirs []string
	for range 2 {
		cmd := exec.Command(script)
		cmd.Env = append(os.Environ(), "OOGST_TEST_PGDATA=", "OOGST_TEST_PGPORT=")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("test-postgres.sh: %v %s", err, stderr.String())
		}
		url := strings.TrimSpace(string(out))
		if !regexp.MustCompile(`^postgres://oogst@127\.0\.0\.1:\d+/postgres\?sslmode=disable$`).MatchString(url) {
			t.Fatalf("URL %q", url)
		}
		m := regexp.MustCompile(`stop it with: \S+ stop (\S+)`).FindStringSubmatch(stderr.String())
		if m == nil {
			t.Fatalf("no stop command on stderr: %q", stderr.String())
		}
		urls, dirs = append(urls, url), append(dirs, m[1])
		t.Cleanup(func() { _ = exec.Command(script, "stop", m[1]).Run() })
	}
	if urls[0] == urls[1] || dirs[0] == dirs[1] {
		t.Fatalf("two runs share a cluster: %v %v", urls, dirs)
	}
	ctx := context.Background()
	for i, url := range urls {
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Fatalf("cluster %d: %v", i, err)
		}
		conn.Close(ctx)
		if out, err := exec.Command(script, "stop", dirs[i]).CombinedOutput(); err != nil {
			t.Fatalf("stop: %v %s", err, out)
		}
		if _, err := os.Stat(dirs[i]); !os.IsNotExist(err) {
			t.Errorf("%s is still there after stop", dirs[i])
		}
		cctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		if conn, err := pgx.Connect(cctx, url); err == nil {
			conn.Close(ctx)
			t.Errorf("cluster %d still answers after stop", i)
		}
		cancel()
	}
}
