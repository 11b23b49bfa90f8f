package dbtest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Cluster is a private PostgreSQL server for tests that stop and start it (database
// outage tests) without disturbing the shared test server.
type Cluster struct {
	URL     string
	dataDir string
	pgctl   string
	port    int
	t       testing.TB
}

// PrivateCluster starts a new PostgreSQL cluster on a free port; it is removed at
// cleanup. Skips (or fails, with OOGST_TEST_REQUIRE_POSTGRES=1) without PostgreSQL.
func PrivateCluster(t testing.TB) *Cluster {
	t.Helper()
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	if len(bins) == 0 {
		if os.Getenv("OOGST_TEST_REQUIRE_POSTGRES") == "1" {
			t.Fatal("PostgreSQL server binaries not found")
		}
		t.Skip("PostgreSQL server binaries not found")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	dir, err := os.MkdirTemp("", "oogst-pgprivate-")
	if err != nil {
		t.Fatal(err)
	}
	_ = os.Chmod(dir, 0o777)
	data := filepath.Join(dir, "data")
	cmd := exec.Command(filepath.Join(root, "scripts", "test-postgres.sh"))
	cmd.Env = append(os.Environ(), "OOGST_TEST_PGDATA="+data, fmt.Sprintf("OOGST_TEST_PGPORT=%d", port))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("start private PostgreSQL: %v", err)
	}
	c := &Cluster{URL: strings.TrimSpace(string(out)), dataDir: data, pgctl: bins[len(bins)-1], port: port, t: t}
	t.Cleanup(func() {
		_ = c.run("stop", "-m", "immediate")
		_ = os.RemoveAll(dir)
	})
	return c
}

// Stop shuts the server down (fast: open connections are terminated).
func (c *Cluster) Stop() {
	c.t.Helper()
	if err := c.run("stop", "-m", "fast", "-w"); err != nil {
		c.t.Fatalf("stop PostgreSQL: %v", err)
	}
}

// Start starts it again with the same settings.
func (c *Cluster) Start() {
	c.t.Helper()
	opts := fmt.Sprintf("-p %d -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off", c.port)
	if err := c.run("start", "-w", "-l", filepath.Join(c.dataDir, "server.log"), "-o", opts); err != nil {
		c.t.Fatalf("start PostgreSQL: %v", err)
	}
}

func (c *Cluster) run(args ...string) error {
	full := append([]string{c.pgctl, "-D", c.dataDir}, args...)
	var cmd *exec.Cmd
	if os.Getuid() == 0 {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--"}, full...)...)
	} else {
		cmd = exec.Command(full[0], full[1:]...)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%v: %s", err, out)
	}
	return nil
}

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("dbtest: go.mod not found above the working directory")
		}
		dir = parent
	}
}
