// Package servertest runs a real Oogst HTTP server on a test database and gives tests
// logged-in clients and a two-partnership fixture for tenancy checks.
package servertest

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"net/netip"
	"sync"
	"testing"
	"time"

	"oogst/db"
	"oogst/db/dbtest"
	"oogst/frontend"
	"oogst/harvest"
	"oogst/locale"
	"oogst/mailer"
	"oogst/markers"
	"oogst/people"
	"oogst/server"
	"oogst/survey"
	"oogst/testkit"
)

// Password is the password of every fixture user.
const Password = testkit.Password

// Env is a running server.
type Env struct {
	DB     *db.DB
	Server *server.Server
	HTTP   *httptest.Server
	URL    string
	Fix    *Fixture
	// DataDir is the server's data directory (uploads live in DataDir/uploads).
	DataDir string
}

// Options tweak the server under test.
type Options struct {
	Now func() time.Time
	// Reflections and MaxUploadBytes are passed to the server when set.
	Reflections    survey.ReflectionSink
	MaxUploadBytes int64
	RetentionDays  int
	Mailer         mailer.Mailer
	// Responses replaces the default response hook (markers.ProposalSink, as in
	// production).
	Responses survey.ResponseSink
	// TrustedProxies and BaseURL are passed to the server when set (clients reach the
	// test server from 127.0.0.1).
	TrustedProxies []netip.Prefix
	BaseURL        string
	// MinFreeBytes and FreeSpace are passed to the server (readiness on a full disk).
	MinFreeBytes int64
	FreeSpace    func(dir string) (uint64, error)
	// UploadQuotaRoundBytes and UploadQuotaIPBytes are passed to the server when set.
	UploadQuotaRoundBytes int64
	UploadQuotaIPBytes    int64
	// Translator and TranslateWorker are passed to the server (machine drafts).
	Translator      harvest.Translator
	TranslateWorker harvest.WorkerOptions
	Transcriber     harvest.Transcriber
}

// sharedBundle is loaded once per test binary: parsing every locale file takes a
// tenth of a second, and a loaded bundle is read-only, so servers can share it.
var sharedBundle = sync.OnceValues(func() (*locale.Bundle, error) { return locale.Load(frontend.Locales()) })

// New starts a server on d with the standard fixture loaded.
func New(t testing.TB, d *db.DB, opts ...Options) *Env {
	t.Helper()
	return start(t, d, t.TempDir(), nil, opts)
}

// start starts a server on d and dataDir; fix is the fixture already in d, or nil to
// create it.
func start(t testing.TB, d *db.DB, dataDir string, fix *Fixture, opts []Options) *Env {
	t.Helper()
	bundle, err := sharedBundle()
	if err != nil {
		t.Fatalf("locales: %v", err)
	}
	o := server.Options{DB: d, Bundle: bundle, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), BaseURL: "http://oogst.test", DataDir: dataDir,
		Reflections: harvest.Sink{}, Responses: markers.ProposalSink{}}
	if len(opts) > 0 {
		o.Now = opts[0].Now
		if opts[0].Reflections != nil {
			o.Reflections = opts[0].Reflections
		}
		o.MaxUploadBytes = opts[0].MaxUploadBytes
		o.RetentionDays = opts[0].RetentionDays
		o.Mailer = opts[0].Mailer
		if opts[0].Responses != nil {
			o.Responses = opts[0].Responses
		}
		o.TrustedProxies = opts[0].TrustedProxies
		if opts[0].BaseURL != "" {
			o.BaseURL = opts[0].BaseURL
		}
		o.MinFreeBytes, o.FreeSpace = opts[0].MinFreeBytes, opts[0].FreeSpace
		o.UploadQuotaRoundBytes, o.UploadQuotaIPBytes = opts[0].UploadQuotaRoundBytes, opts[0].UploadQuotaIPBytes
		o.Translator, o.TranslateWorker, o.Transcriber = opts[0].Translator, opts[0].TranslateWorker, opts[0].Transcriber
	}
	s, err := server.New(o)
	if err != nil {
		t.Fatalf("server: %v", err)
	}
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(func() { hs.Close(); s.Close() })
	if fix == nil {
		fix = NewFixture(t, d)
	}
	return &Env{DB: d, Server: s, HTTP: hs, URL: hs.URL, Fix: fix, DataDir: dataDir}
}

// Fixture is testkit's two-partnership fixture (see testkit.Fixture).
type Fixture = testkit.Fixture

// NewFixture creates the fixture in d.
func NewFixture(t testing.TB, d *db.DB) *Fixture { return testkit.NewFixture(t, d) }

// Client and Response are testkit's HTTP client and its answers.
type (
	Client   = testkit.Client
	Response = testkit.Response
)

// Client returns a new anonymous client.
func (e *Env) Client(t testing.TB) *Client {
	t.Helper()
	return testkit.NewClient(e.URL)
}

// As returns a client logged in as a fixture user ("coordinator@a", "admin", …).
func (e *Env) As(t testing.TB, key string) *Client {
	t.Helper()
	u, ok := e.Fix.Users[key]
	if !ok {
		t.Fatalf("no fixture user %q", key)
	}
	c := e.Client(t)
	c.Login(t, u.Email, Password)
	return c
}

// Each runs fn with a server (New, without options) on every test database
// (dbtest.Each): the start most HTTP tests share. env.DB is the database.
func Each(t *testing.T, fn func(t *testing.T, env *Env)) {
	t.Helper()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		fn(t, New(t, d))
	})
}

// Scope loads the scope of fixture user key ("coordinator@a", …) in the server's
// database, for tests that prepare data through the domain packages.
func (e *Env) Scope(t testing.TB, key string) people.Scope {
	t.Helper()
	return e.Fix.Scope(t, e.DB, key)
}
