package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"

	"oogst/db"
)

// oogstCmd runs the built binary to the end and returns its exit code and output.
func oogstCmd(t *testing.T, bin string, env []string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(append(os.Environ(), "OOGST_LOG_FORMAT=text"), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), string(out)
		}
		t.Fatalf("%v: %v", args, err)
	}
	return 0, string(out)
}

// submit posts n reflections to the demo round and returns their ids; each must be
// acknowledged.
func submit(t *testing.T, base string, n int) []string {
	t.Helper()
	var ids []string
	for i := range n {
		id := uuid.NewString()
		resp, err := http.Post(base+"/api/v1/rounds/DEMO42/responses", "application/json", bytes.NewReader(reflectionBody(id, i, nil)))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("submission %d: %d", i, resp.StatusCode)
		}
		ids = append(ids, id)
	}
	return ids
}

func storedIDs(t *testing.T, env map[string]string, ids []string) int {
	t.Helper()
	d := openFor(t, env)
	defer d.Close()
	var n int64
	if err := d.Q(context.Background()).Table("survey_responses").Where("client_id IN ?", ids).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// TestRestoreRefusedWhileServing runs a real `oogst serve` on SQLite, has tablets send
// reflections, and tries `oogst restore` from another process: it must refuse, and
// every acknowledged reflection — before and after the attempt — must survive a
// restart. Once the server is stopped the restore works.
func TestRestoreRefusedWhileServing(t *testing.T) {
	t.Parallel()
	bin := buildOogst(t)
	dataDir := demoSeed.SQLiteDir(t)
	envMap := map[string]string{"OOGST_DATA_DIR": dataDir}
	env := []string{"OOGST_DATA_DIR=" + dataDir}
	archive := filepath.Join(t.TempDir(), "b.tar.gz")
	if code, out := oogstCmd(t, bin, env, "backup", "--out", archive); code != 0 {
		t.Fatalf("backup: %s", out)
	}
	port := freePort(t)
	base := "http://127.0.0.1:" + port
	srv := startOogst(t, bin, port, env)
	ids := submit(t, base, 5)
	code, out := oogstCmd(t, bin, env, "restore", archive)
	if code != 1 || !strings.Contains(out, "stop the server") {
		t.Errorf("restore while serving: exit %d\n%s", code, out)
	}
	ids = append(ids, submit(t, base, 5)...)
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	<-srv.done
	srv = startOogst(t, bin, port, env)
	srv.kill()
	if n := storedIDs(t, envMap, ids); n != len(ids) {
		t.Fatalf("%d of %d acknowledged reflections survive the refused restore and a restart", n, len(ids))
	}
	if code, out := oogstCmd(t, bin, env, "restore", archive); code != 0 {
		t.Fatalf("restore with the server stopped: exit %d\n%s", code, out)
	}
	if n := storedIDs(t, envMap, ids); n != 0 {
		t.Errorf("after restoring the older backup %d later reflections remain", n)
	}
}

// TestRestoreRefusedWhileServingPostgres: a server on PostgreSQL holds an advisory lock;
// restore refuses, --force restores with a warning.
func TestRestoreRefusedWhileServingPostgres(t *testing.T) {
	t.Parallel()
	bin := buildOogst(t)
	dbURL, dataDir := demoSeed.PostgresEnv(t)
	env := []string{"DATABASE_URL=" + dbURL, "OOGST_DATA_DIR=" + dataDir}
	archive := filepath.Join(t.TempDir(), "b.tar.gz")
	if code, out := oogstCmd(t, bin, env, "backup", "--out", archive); code != 0 {
		t.Fatalf("backup: %s", out)
	}
	port := freePort(t)
	startOogst(t, bin, port, env)
	submit(t, "http://127.0.0.1:"+port, 2)
	if code, out := oogstCmd(t, bin, env, "restore", archive); code != 1 || !strings.Contains(out, "stop the servers first, or use --force") {
		t.Errorf("restore while serving: exit %d\n%s", code, out)
	}
	code, out := oogstCmd(t, bin, env, "restore", "--force", archive)
	if code != 0 || !strings.Contains(out, "restoring anyway") {
		t.Errorf("restore --force: exit %d\n%s", code, out)
	}
}

// snapshot lists every file under dir with a digest of its content.
func snapshot(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if e.IsDir() {
			out = append(out, rel+"/")
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out = append(out, fmt.Sprintf("%s %x", rel, sha256.Sum256(b)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

type entry struct {
	name string
	size int64     // the header's size
	body io.Reader // what is written (may be shorter: a truncated bomb)
}

func writeArchive(t *testing.T, entries ...entry) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "a.tar.gz")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		if err := tw.WriteHeader(&tar.Header{Name: e.name, Mode: 0o600, Size: e.size, Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(tw, e.body); err != nil {
			t.Fatal(err)
		}
	}
	_ = tw.Close() // fails for a truncated entry, on purpose
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// newerSchema is an SQLite database whose schema is one migration past this binary's.
func newerSchema(t *testing.T) []byte {
	t.Helper()
	dir := t.TempDir()
	d, err := db.Open(context.Background(), db.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.MigrateUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := d.Q(context.Background()).Exec("INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, true)").Error; err != nil {
		t.Fatal(err)
	}
	if err := d.Q(context.Background()).Exec("PRAGMA journal_mode=DELETE").Error; err != nil {
		t.Fatal(err)
	}
	d.Close()
	b, err := os.ReadFile(filepath.Join(dir, "oogst.db"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRestoreRefusesBadArchives: junk, a gzip bomb, a database from a newer Oogst and
// the wrong kind of database are refused with exit 1, and the data directory — the
// database and the uploads — is exactly as it was, with nothing left behind.
func TestRestoreRefusesBadArchives(t *testing.T) {
	t.Parallel()
	dataDir := demoSeed.SQLiteDir(t)
	env := map[string]string{"OOGST_DATA_DIR": dataDir}
	if err := os.MkdirAll(filepath.Join(dataDir, "uploads", "2026"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dataDir, "uploads", "2026", "v.webm"), []byte("voice"), 0o600); err != nil {
		t.Fatal(err)
	}
	junk := make([]byte, 64<<10)
	_, _ = rand.Read(junk)
	newer := newerSchema(t)
	plain := filepath.Join(t.TempDir(), "notes.txt")
	_ = os.WriteFile(plain, []byte("not an archive"), 0o600)
	cases := []struct {
		name, archive, want string
		args                []string
	}{
		{"junk database", writeArchive(t, entry{"oogst.db", int64(len(junk)), bytes.NewReader(junk)}, entry{"uploads/2026/x.webm", 3, strings.NewReader("new")}), "does not open", nil},
		{"not an archive", plain, "not a backup archive", nil},
		{"gzip bomb", writeArchive(t, entry{"uploads/big.webm", 2 << 30, io.LimitReader(zeros{}, 40<<20)}), "more than 16.0 MiB", []string{"--max-size", "16MiB"}},
		{"bomb as database", writeArchive(t, entry{"oogst.db", 2 << 30, io.LimitReader(zeros{}, 40<<20)}), "more than 16.0 MiB", []string{"--max-size", "16MiB"}},
		{"newer schema", writeArchive(t, entry{"oogst.db", int64(len(newer)), bytes.NewReader(newer)}), "newer than this Oogst knows", nil},
		{"postgres dump", writeArchive(t, entry{"oogst.pgdump", 4, strings.NewReader("PGDM")}), "holds a PostgreSQL dump", nil},
		{"no database", writeArchive(t, entry{"uploads/a.webm", 1, strings.NewReader("a")}), "holds no database", nil},
		{"escaping entry", writeArchive(t, entry{"../../evil", 1, strings.NewReader("a")}), "refusing archive entry", nil},
	}
	before := snapshot(t, dataDir)
	cursists := countCursists(t, env)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			code, _, errs := runEnv(t, env, "", append(append([]string{"restore"}, c.args...), c.archive)...)
			if code != 1 || !strings.Contains(errs, c.want) {
				t.Errorf("exit %d, %q; want 1 and %q", code, errs, c.want)
			}
			if after := snapshot(t, dataDir); strings.Join(after, "\n") != strings.Join(before, "\n") {
				t.Errorf("the data directory changed:\nbefore %v\nafter  %v", before, after)
			}
			if n := countCursists(t, env); n != cursists {
				t.Errorf("cursists %d, want %d", n, cursists)
			}
			t.Logf("refused in %v", time.Since(start).Round(time.Millisecond))
		})
	}
}

func TestParseSize(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{"20GiB": 20 << 30, "512MiB": 512 << 20, "1000": 1000, "2 GB": 2e9, "7KiB": 7 << 10} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("%q: %d %v, want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "lots", "-1GiB", "0", "99999999999TiB"} {
		if _, err := parseSize(in); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}

// TestRestoreRefusesJunkPostgresDump: a damaged dump is refused before pg_restore
// touches the database.
func TestRestoreRefusesJunkPostgresDump(t *testing.T) {
	t.Parallel()
	env := map[string]string{}
	env["DATABASE_URL"], env["OOGST_DATA_DIR"] = demoSeed.PostgresEnv(t)
	before := countCursists(t, env)
	dirBefore := snapshot(t, env["OOGST_DATA_DIR"])
	junk := bytes.Repeat([]byte("PGDMP junk "), 1000)
	for name, archive := range map[string]string{
		"junk dump":   writeArchive(t, entry{"oogst.pgdump", int64(len(junk)), bytes.NewReader(junk)}),
		"sqlite file": writeArchive(t, entry{"oogst.db", 4, strings.NewReader("SQLi")}),
	} {
		code, _, errs := runEnv(t, env, "", "restore", archive)
		if code != 1 || !(strings.Contains(errs, "does not read") || strings.Contains(errs, "holds an SQLite database")) {
			t.Errorf("%s: exit %d %q", name, code, errs)
		}
	}
	if n := countCursists(t, env); n != before {
		t.Errorf("cursists %d, want %d", n, before)
	}
	if after := snapshot(t, env["OOGST_DATA_DIR"]); strings.Join(after, "\n") != strings.Join(dirBefore, "\n") {
		t.Errorf("data directory changed: %v → %v", dirBefore, after)
	}
}
