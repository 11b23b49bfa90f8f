// Package server is Oogst's HTTP layer: Echo setup, middleware, sessions, CSRF, locale
// per request, rendering, and one handler file per page or API resource. It is the only
// package that imports Echo.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"oogst/db"
	"oogst/harvest"
	"oogst/locale"
	"oogst/mailer"
	"oogst/people"
	"oogst/survey"
)

// Options wire the server; cmd/oogst builds them from the environment.
type Options struct {
	DB     *db.DB
	Bundle *locale.Bundle
	Logger *slog.Logger
	// BaseURL is the public address, used in links and QR codes.
	BaseURL string
	// CookieSecure forces the Secure flag; otherwise it is set when served over TLS.
	CookieSecure bool
	// TrustedProxies are the reverse proxies whose X-Forwarded-For / Forwarded is
	// believed (OOGST_TRUSTED_PROXIES); empty trusts nobody. See clientip.go.
	TrustedProxies []netip.Prefix
	// MaxBodyBytes limits ordinary requests; uploads have their own limit.
	MaxBodyBytes   int64
	MaxUploadBytes int64
	// SubmitLanes is how many submission batches may be in flight at once (0: the
	// Submitter's default, one per two cores).
	SubmitLanes int
	// Now is the clock (tests use a fake one).
	Now func() time.Time
	// Mailer sends invitation links by e-mail when set (OOGST_SMTP_URL).
	Mailer mailer.Mailer
	// RetentionDays: free text and voice answers older than this are deleted by a
	// daily job; 0 keeps them.
	RetentionDays int
	// DataDir holds uploads (voice answers, audio prompts) under DataDir/uploads.
	DataDir string
	// UploadQuotaRoundBytes caps the voice answers one round holds, UploadQuotaIPBytes
	// what one client address may upload per hour (0: no cap).
	UploadQuotaRoundBytes int64
	UploadQuotaIPBytes    int64
	// MinFreeBytes: /readyz answers 503 when the data directory's file system has less
	// free space than this (0: no check).
	MinFreeBytes int64
	// FreeSpace reports the bytes free for the data directory; nil means statfs. Tests
	// replace it to simulate a nearly full disk.
	FreeSpace func(dir string) (uint64, error)
	// Reflections receives every response to a reflection form in the same
	// transaction (harvest turns it into an outcome); nil means no hook.
	Reflections survey.ReflectionSink
	// Responses receives every new response in the same transaction (markers turns
	// answers to a marker survey into proposals); nil means no hook.
	Responses survey.ResponseSink
	// Translator drafts translations of new stories in the background (OOGST_TRANSLATE_URL
	// or OOGST_DEEPL_KEY); nil: no machine translation. TranslateWorker tunes its worker
	// (tests shorten the interval).
	Translator      harvest.Translator
	TranslateWorker harvest.WorkerOptions
	// Transcriber drafts transcripts of voice answers (OOGST_TRANSCRIBE_URL); nil: none.
	Transcriber harvest.Transcriber
}

// Server is the HTTP application.
type Server struct {
	opt      Options
	e        *echo.Echo
	db       *db.DB
	bundle   *locale.Bundle
	log      *slog.Logger
	sessions *scs.SessionManager
	// submitter batches tablet submissions; see survey.Submitter.
	submitter *survey.Submitter
	// signer makes the tablets' start tokens (its key is in the database, shared).
	signer *survey.Signer
	// joinSuspects are IPs with a recent failed join code (see joinlimit.go).
	joinSuspects *joinSuspects
	// uploadsByIP counts voice-answer bytes per client address (see uploadquota.go).
	uploadsByIP *ipQuota
	views       *views
	routes      []RouteInfo
	now         func() time.Time
	// lastRetention is when this process last ran the retention job (only the
	// housekeeping goroutine touches it).
	lastRetention time.Time
	// lastReminders is when this process last sent adjustment reminders.
	lastReminders time.Time
	// translator fetches machine drafts of stories (nil when no service is configured).
	translator *harvest.TranslationWorker
	// transcriber drafts transcripts of voice answers (nil when none is configured).
	transcriber *harvest.TranscriptionWorker
}

// New builds the server and its routes.
func New(o Options) (*Server, error) {
	if o.DB == nil || o.Bundle == nil {
		return nil, errors.New("server: DB and Bundle are required")
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.FreeSpace == nil {
		o.FreeSpace = diskFree
	}
	if o.MaxBodyBytes == 0 {
		o.MaxBodyBytes = 1 << 20
	}
	if o.MaxUploadBytes == 0 {
		o.MaxUploadBytes = 10 << 20
	}
	v, err := sharedViews()
	if err != nil {
		return nil, err
	}
	s := &Server{opt: o, db: o.DB, bundle: o.Bundle, log: o.Logger, views: v, now: o.Now}
	s.joinSuspects = newJoinSuspects(people.JoinCodePerIP.Window)
	s.uploadsByIP = newIPQuota(o.UploadQuotaIPBytes, time.Hour)
	signer, err := survey.LoadSigner(context.Background(), o.DB)
	if err != nil {
		return nil, err
	}
	s.signer = signer
	s.submitter = survey.NewSubmitter(o.DB, survey.Sinks{Reflections: o.Reflections, Responses: o.Responses}, survey.SubmitterOptions{Signer: signer, Lanes: o.SubmitLanes})
	if o.Translator != nil {
		wo := o.TranslateWorker
		if wo.Log == nil {
			wo.Log = o.Logger
		}
		s.translator = harvest.NewTranslationWorker(o.DB, o.Translator, wo)
		s.translator.Start()
	}
	if o.Transcriber != nil {
		wo := o.TranslateWorker
		if wo.Log == nil {
			wo.Log = o.Logger
		}
		s.transcriber = harvest.NewTranscriptionWorker(o.DB, o.Transcriber, s.openVoice, wo)
		s.transcriber.Start()
	}
	s.sessions = newSessions(o.DB, o.CookieSecure)
	s.sessions.ErrorFunc = s.sessionError

	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = s.handleError
	e.IPExtractor = clientIPExtractor(o.TrustedProxies)
	s.e = e
	s.middleware()
	s.register()
	return s, nil
}

// Handler exposes the server as an http.Handler (tests use httptest).
func (s *Server) Handler() http.Handler { return s.e }

// Serve accepts connections on l until ctx ends, then shuts down gracefully: in-flight
// requests get up to grace to finish.
func (s *Server) Serve(ctx context.Context, l net.Listener, grace time.Duration) error {
	hs := &http.Server{
		Handler:           s.e,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute, // voice uploads on a slow classroom network
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(l) }()
	stopJobs := s.startJobs(ctx)
	defer stopJobs()
	select {
	case err := <-errc:
		return fmt.Errorf("server: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "grace", grace.String())
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("server: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("server: %w", err)
	}
	s.Close()
	return nil
}

// Close stops background work (the translation worker, then the submission writers
// after finishing what is queued).
func (s *Server) Close() {
	if s.translator != nil {
		s.translator.Stop()
	}
	if s.transcriber != nil {
		s.transcriber.Stop()
	}
	s.submitter.Close()
}

// sessionsExceptPublicAPI loads and saves the session for every request but the
// tablet's public API, which authenticates nobody: it skips the session store (and the
// buffering of the response that saving a session needs) on the submission hot path.
func (s *Server) sessionsExceptPublicAPI() echo.MiddlewareFunc {
	load := echo.WrapMiddleware(s.sessions.LoadAndSave)
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		withSession := load(next)
		return func(c echo.Context) error {
			if isPublicAPI(c.Request().URL.Path) {
				c.Set(ctxNoSession, true)
				return next(c)
			}
			r := c.Request()
			c.SetRequest(r.WithContext(withSessionSeen(r.Context())))
			return withSession(c)
		}
	}
}

// startJobs runs periodic housekeeping until ctx ends; the returned func waits for it.
func (s *Server) startJobs(ctx context.Context) func() {
	jctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(10 * time.Minute)
		defer t.Stop()
		// The dashboard reads the rollup's deltas too, so folding them is only about
		// keeping them few; every half minute keeps them to a few thousand rows.
		fold := time.NewTicker(30 * time.Second)
		defer fold.Stop()
		// The search index's new entries are merged here, not by the submission that
		// overflows them (migration 00180); a failure is logged once, not every second.
		search := time.NewTicker(time.Second)
		defer search.Stop()
		var searchFailing bool
		for {
			select {
			case <-jctx.Done():
				return
			case <-t.C:
				s.Housekeeping(jctx)
			case <-search.C:
				_, err := harvest.CleanSearchPending(jctx, s.db)
				if err != nil && jctx.Err() == nil && !searchFailing {
					s.log.Warn("housekeeping: merge the search index's new entries", "err", err)
				}
				searchFailing = err != nil
			case <-fold.C:
				if _, err := harvest.CompactRollup(jctx, s.db); err != nil && jctx.Err() == nil {
					s.log.Warn("housekeeping: fold dashboard counts", "err", err)
				}
			}
		}
	}()
	return func() { cancel(); <-done }
}

// Housekeeping runs the periodic jobs that are due: expired sessions and old failed
// attempts every time, the retention job and adjustment reminders once a day.
func (s *Server) Housekeeping(ctx context.Context) {
	now := s.now()
	if err := people.DeleteExpiredSessions(ctx, s.db, now); err != nil {
		s.log.Warn("housekeeping: sessions", "err", err)
	}
	if err := people.PruneAttempts(ctx, s.db, now); err != nil {
		s.log.Warn("housekeeping: attempts", "err", err)
	}
	if s.opt.Mailer != nil && now.Sub(s.lastReminders) >= 24*time.Hour {
		err := s.adjustmentReminders(ctx, now)
		if err != nil {
			s.log.Warn("housekeeping: adjustment reminders", "err", err)
		}
		if serr := s.substantiationReminders(ctx); serr != nil {
			s.log.Warn("housekeeping: substantiation reminders", "err", serr)
			err = serr
		}
		if lerr := s.linkReminders(ctx, now); lerr != nil {
			s.log.Warn("housekeeping: personal link reminders", "err", lerr)
			err = lerr
		}
		if err == nil {
			s.lastReminders = now
		}
	}
	if now.Sub(s.lastRetention) >= 24*time.Hour {
		if err := s.retention(ctx, now); err != nil {
			s.log.Warn("housekeeping: retention", "err", err)
			return
		}
		s.lastRetention = now
	}
}

func (s *Server) middleware() {
	e := s.e
	e.Pre(middleware.RemoveTrailingSlashWithConfig(middleware.TrailingSlashConfig{RedirectCode: http.StatusMovedPermanently}))
	e.Use(middleware.RequestIDWithConfig(middleware.RequestIDConfig{
		RequestIDHandler: func(c echo.Context, id string) { c.Set("request_id", id) },
	}))
	e.Use(s.requestLogger())
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			s.log.Error("panic", "err", err, "path", c.Path(), "request_id", c.Get("request_id"), "stack", string(stack))
			return err
		},
	}))
	e.Use(securityHeaders(strings.HasPrefix(s.opt.BaseURL, "https://")))
	e.Use(middleware.GzipWithConfig(middleware.GzipConfig{
		Level:     5,
		MinLength: 512,
		Skipper: func(c echo.Context) bool {
			// Audio is already compressed. Answers to anything but GET are redirects,
			// short JSON or a form shown again: not worth a compressor each, which takes
			// about a megabyte before the handler runs, so a storm of posts (logins,
			// tablet submissions) would cost a megabyte per request in flight.
			m := c.Request().Method
			return (m == http.MethodGet && isAudioPath(c.Request().URL.Path)) || (m != http.MethodGet && m != http.MethodHead)
		},
	}))
	e.Use(s.bodyLimit)
	e.Use(s.sessionsExceptPublicAPI())
	e.Use(s.localeMiddleware)
	e.Use(s.authenticate)
	e.Use(s.csrf())
}
