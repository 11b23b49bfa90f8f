package main

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// proc is a server process started by the bench.
type proc struct {
	name string
	cmd  *exec.Cmd
	Addr string
	log  *os.File
}

func (p *proc) URL() string { return "http://" + p.Addr }

// rssKB reads a field (VmRSS, VmHWM) of /proc/PID/status in KiB.
func (p *proc) rssKB(field string) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, field+":") {
			f := strings.Fields(line)
			if len(f) >= 2 {
				n, _ := strconv.Atoi(f[1])
				return n
			}
		}
	}
	return 0
}

func (p *proc) Stop() {
	if p == nil || p.cmd.Process == nil {
		return
	}
	_ = p.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		_ = p.cmd.Process.Kill()
	}
	if p.log != nil {
		p.log.Close()
	}
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// start runs bin with args and env, waits for /healthz (or the port) and returns it.
func start(ctx context.Context, workDir, name, bin string, args, env []string, health string) (*proc, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	logf, err := os.Create(filepath.Join(workDir, name+".log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, bin, expand(args, addr)...)
	cmd.Env = append(os.Environ(), expand(env, addr)...)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &proc{name: name, cmd: cmd, Addr: addr, log: logf}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if health == "" {
			if c, err := net.Dial("tcp", addr); err == nil {
				c.Close()
				return p, nil
			}
		} else if resp, err := http.Get("http://" + addr + health); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return p, nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.Stop()
	return nil, fmt.Errorf("%s did not start; see %s", name, logf.Name())
}

func expand(xs []string, addr string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = strings.ReplaceAll(x, "{addr}", addr)
	}
	return out
}

// freshDatabase creates an empty database next to the one in base and returns its URL.
func freshDatabase(ctx context.Context, base, name string) (string, error) {
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		return "", err
	}
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return "", err
	}
	u, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

// buildOogst compiles the oogst binary the way it ships.
func buildOogst(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "oogst")
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags=-s -w", "-o", bin, "./cmd/oogst")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build oogst: %v: %s", err, out)
	}
	return bin, nil
}

// demoWithToken loads the demo data into dbURL and makes a personal API token for Gent's
// coordinator; it returns the environment to start Oogst on that database.
func demoWithToken(ctx context.Context, bin, work, dbURL string) ([]string, string, error) {
	env := []string{"DATABASE_URL=" + dbURL, "OOGST_DATA_DIR=" + work, "OOGST_LOG_LEVEL=warn", "OOGST_ADDR={addr}"}
	if out, err := runCmd(ctx, bin, []string{"demo"}, env); err != nil {
		return nil, "", fmt.Errorf("demo data: %v: %s", err, out)
	}
	token, err := runCmd(ctx, bin, []string{"token", "create", "--email", "coordinator@gent.demo", "--name", "bench"}, env)
	if err != nil {
		return nil, "", fmt.Errorf("token: %v: %s", err, token)
	}
	return env, token, nil
}

// execSQL runs statements (one string, separated by semicolons) on a database.
func execSQL(ctx context.Context, dbURL, statements string) error {
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, statements)
	return err
}
