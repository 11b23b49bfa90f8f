package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The deployment files are checked here because Docker cannot run in CI: what an
// operator gets from `docker compose up` must hold without a daemon to prove it.

type composeService struct {
	Image     string         `yaml:"image"`
	Build     any            `yaml:"build"`
	EnvFile   any            `yaml:"env_file"`
	Env       map[string]any `yaml:"environment"`
	Ports     []string       `yaml:"ports"`
	Command   []string       `yaml:"command"`
	DependsOn map[string]struct {
		Condition string `yaml:"condition"`
	} `yaml:"depends_on"`
	Volumes []string `yaml:"volumes"`
}

func readRepoFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestComposeFile(t *testing.T) {
	t.Parallel()
	var f struct {
		Services map[string]composeService `yaml:"services"`
	}
	if err := yaml.Unmarshal([]byte(readRepoFile(t, "docker-compose.yml")), &f); err != nil {
		t.Fatal(err)
	}
	app, migrate := f.Services["oogst"], f.Services["migrate"]
	builds := 0
	for name, s := range f.Services {
		if s.Build != nil {
			builds++
			if s.Image != "oogst:local" {
				t.Errorf("%s builds an image named %q, want oogst:local", name, s.Image)
			}
		}
	}
	if builds != 1 || app.Build == nil {
		t.Errorf("%d services build an image; want exactly one, the app", builds)
	}
	if migrate.Image != app.Image || migrate.Build != nil {
		t.Errorf("migrate must reuse the app's image: %q vs %q", migrate.Image, app.Image)
	}
	if strings.Join(migrate.Command, " ") != "migrate up" {
		t.Errorf("migrate command %v", migrate.Command)
	}
	if app.DependsOn["migrate"].Condition != "service_completed_successfully" || migrate.DependsOn["db"].Condition != "service_healthy" {
		t.Errorf("order db → migrate → app is not enforced: %+v %+v", app.DependsOn, migrate.DependsOn)
	}
	if v, _ := app.Env["OOGST_AUTO_MIGRATE"].(string); v != "false" {
		t.Errorf("the app migrates too (OOGST_AUTO_MIGRATE=%v)", app.Env["OOGST_AUTO_MIGRATE"])
	}
	for name, s := range map[string]composeService{"oogst": app, "migrate": migrate} {
		if !mentions(s.EnvFile, ".env") {
			t.Errorf("%s: env_file .env missing, so settings from .env never reach it", name)
		}
	}
	if len(app.Ports) != 1 || !strings.HasPrefix(app.Ports[0], "127.0.0.1:") || !strings.HasSuffix(app.Ports[0], ":8080") {
		t.Errorf("the app must be published on 127.0.0.1 only (the TLS proxy is the way in): %v", app.Ports)
	}
	if len(app.Volumes) != 1 || !strings.HasSuffix(app.Volumes[0], ":/var/lib/oogst") {
		t.Errorf("app volumes %v", app.Volumes)
	}
}

func mentions(v any, want string) bool {
	switch x := v.(type) {
	case string:
		return x == want
	case []any:
		for _, e := range x {
			if mentions(e, want) {
				return true
			}
			if m, ok := e.(map[string]any); ok && m["path"] == want {
				return true
			}
		}
	}
	return false
}

// TestComposeConfigValidates asks Compose itself when it is installed (it needs no
// daemon for this).
func TestComposeConfigValidates(t *testing.T) {
	t.Parallel()
	var cmd []string
	if exec.Command("docker", "compose", "version").Run() == nil {
		cmd = []string{"docker", "compose"}
	} else if _, err := exec.LookPath("docker-compose"); err == nil {
		cmd = []string{"docker-compose"}
	} else {
		t.Skip("neither docker compose nor docker-compose is installed")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "docker-compose.yml"), []byte(readRepoFile(t, "docker-compose.yml")), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".env"), []byte("OOGST_DB_PASSWORD=test\nOOGST_SMTP_FROM=a@b.c\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := exec.Command(cmd[0], append(cmd[1:], "config")...)
	c.Dir = dir
	out, err := c.CombinedOutput()
	if err != nil {
		t.Fatalf("%v config: %v\n%s", cmd, err, out)
	}
	if !strings.Contains(string(out), "OOGST_SMTP_FROM: a@b.c") || !strings.Contains(string(out), "127.0.0.1:8080:8080") {
		t.Errorf("compose config lacks the .env setting or the loopback port:\n%s", out)
	}
}

func TestDockerfile(t *testing.T) {
	t.Parallel()
	df := readRepoFile(t, "Dockerfile")
	gomod := readRepoFile(t, "go.mod")
	want := regexp.MustCompile(`(?m)^go (\S+)`).FindStringSubmatch(gomod)
	if tc := regexp.MustCompile(`(?m)^toolchain go(\S+)`).FindStringSubmatch(gomod); tc != nil {
		want = tc
	}
	from := regexp.MustCompile(`(?m)^FROM golang:(\S+?)-\S+ AS build`).FindStringSubmatch(df)
	if want == nil || from == nil || from[1] != want[1] {
		t.Errorf("builder image golang:%v does not match go.mod's Go %v", from, want)
	}
	for _, must := range []string{"WORKDIR /var/lib/oogst", "USER oogst", "chown oogst", "postgresql-client-17", "main.buildVersion"} {
		if !strings.Contains(df, must) {
			t.Errorf("Dockerfile lacks %q", must)
		}
	}
	// WORKDIR must come after USER's directory is made and owned, in the run stage.
	run := df[strings.LastIndex(df, "\nFROM "):]
	if strings.Index(run, "chown oogst") > strings.Index(run, "WORKDIR /var/lib/oogst") || strings.Index(run, "WORKDIR /var/lib/oogst") < 0 {
		t.Errorf("the run stage's WORKDIR is not the oogst-owned data directory")
	}
	ignore := strings.Fields(readRepoFile(t, ".dockerignore"))
	for _, must := range []string{".git", "data/", "*.db", ".env", "bench/results/"} {
		found := false
		for _, l := range ignore {
			found = found || l == must
		}
		if !found {
			t.Errorf(".dockerignore lacks %s", must)
		}
	}
}
