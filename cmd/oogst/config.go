package main

import (
	"fmt"

	"log/slog"
	"net/netip"
	"net/url"
	"oogst/mailer"
	"strconv"
	"strings"
	"time"
)

// config is every setting, read from environment variables and validated at start.
// The README's configuration table documents the same list: keep them together.
type config struct {
	Addr            string        // OOGST_ADDR
	DatabaseURL     string        // DATABASE_URL
	DataDir         string        // OOGST_DATA_DIR
	BaseURL         string        // OOGST_BASE_URL
	LogLevel        slog.Level    // OOGST_LOG_LEVEL
	LogFormat       string        // OOGST_LOG_FORMAT
	AutoMigrate     bool          // OOGST_AUTO_MIGRATE
	CookieSecure    bool          // OOGST_COOKIE_SECURE
	DBMaxConns      int           // OOGST_DB_MAX_CONNS
	SubmitLanes     int           // OOGST_SUBMIT_LANES (0: one per two cores)
	MaxBodyBytes    int64         // OOGST_MAX_BODY_KB
	MaxUploadBytes  int64         // OOGST_MAX_UPLOAD_MB
	ShutdownTimeout time.Duration // OOGST_SHUTDOWN_TIMEOUT
	RetentionDays   int           // OOGST_RETENTION_DAYS
	SMTPURL         string        // OOGST_SMTP_URL
	SMTPFrom        string        // OOGST_SMTP_FROM

	TrustedProxies []netip.Prefix // OOGST_TRUSTED_PROXIES
	// Disk protection (upload quotas, free space for readiness).
	UploadQuotaRoundBytes int64 // OOGST_UPLOAD_QUOTA_ROUND_MB
	UploadQuotaIPBytes    int64 // OOGST_UPLOAD_QUOTA_IP_MB
	MinFreeBytes          int64 // OOGST_MIN_FREE_MB
	// Machine translation of stories (off unless one is set; see translate.go).
	TranslateURL string // OOGST_TRANSLATE_URL (LibreTranslate-compatible)
	TranslateKey string // OOGST_TRANSLATE_KEY
	DeepLKey     string // OOGST_DEEPL_KEY
	// Speech to text of voice answers (off unless set).
	TranscribeURL   string // OOGST_TRANSCRIBE_URL (OpenAI-compatible)
	TranscribeModel string // OOGST_TRANSCRIBE_MODEL
}

// configError is a bad setting; main prints it on one line and exits 2.
type configError struct{ msg string }

func (e *configError) Error() string { return e.msg }

func badConfig(format string, a ...any) error { return &configError{msg: fmt.Sprintf(format, a...)} }

func loadConfig(getenv func(string) string) (config, error) {
	c := config{
		Addr:            envOr(getenv, "OOGST_ADDR", ":8080"),
		DatabaseURL:     strings.TrimSpace(getenv("DATABASE_URL")),
		DataDir:         envOr(getenv, "OOGST_DATA_DIR", "./data"),
		BaseURL:         strings.TrimRight(strings.TrimSpace(getenv("OOGST_BASE_URL")), "/"),
		LogFormat:       envOr(getenv, "OOGST_LOG_FORMAT", "text"),
		ShutdownTimeout: 20 * time.Second,
	}
	listenBase, err := baseURLFromAddr(c.Addr)
	if err != nil {
		return c, err
	}
	if c.BaseURL == "" {
		c.BaseURL = listenBase
	}
	if err = c.LogLevel.UnmarshalText([]byte(envOr(getenv, "OOGST_LOG_LEVEL", "info"))); err != nil {
		return c, badConfig("OOGST_LOG_LEVEL: want debug, info, warn or error, got %q", getenv("OOGST_LOG_LEVEL"))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return c, badConfig("OOGST_LOG_FORMAT: want text or json, got %q", c.LogFormat)
	}
	if c.AutoMigrate, err = envBool(getenv, "OOGST_AUTO_MIGRATE", true); err != nil {
		return c, err
	}
	if c.CookieSecure, err = envBool(getenv, "OOGST_COOKIE_SECURE", strings.HasPrefix(c.BaseURL, "https://")); err != nil {
		return c, err
	}
	n, err := envInt(getenv, "OOGST_DB_MAX_CONNS", 20, 1, 1000)
	if err != nil {
		return c, err
	}
	c.DBMaxConns = n
	if c.SubmitLanes, err = envInt(getenv, "OOGST_SUBMIT_LANES", 0, 0, 64); err != nil {
		return c, err
	}
	if c.SubmitLanes > c.DBMaxConns {
		return c, badConfig("OOGST_SUBMIT_LANES: %d lanes need as many connections, OOGST_DB_MAX_CONNS is %d", c.SubmitLanes, c.DBMaxConns)
	}
	if n, err = envInt(getenv, "OOGST_MAX_BODY_KB", 1024, 16, 1<<20); err != nil {
		return c, err
	}
	c.MaxBodyBytes = int64(n) << 10
	if n, err = envInt(getenv, "OOGST_MAX_UPLOAD_MB", 10, 1, 1024); err != nil {
		return c, err
	}
	c.MaxUploadBytes = int64(n) << 20
	if c.RetentionDays, err = envInt(getenv, "OOGST_RETENTION_DAYS", 730, 0, 36500); err != nil {
		return c, err
	}
	for _, v := range []struct {
		key      string
		def, max int
		into     *int64
	}{{"OOGST_UPLOAD_QUOTA_ROUND_MB", 2048, 1 << 20, &c.UploadQuotaRoundBytes}, {"OOGST_UPLOAD_QUOTA_IP_MB", 200, 1 << 20, &c.UploadQuotaIPBytes},
		{"OOGST_MIN_FREE_MB", 100, 1 << 20, &c.MinFreeBytes}} {
		if n, err = envInt(getenv, v.key, v.def, 0, v.max); err != nil {
			return c, err
		}
		*v.into = int64(n) << 20
	}
	c.SMTPURL = strings.TrimSpace(getenv("OOGST_SMTP_URL"))
	c.SMTPFrom = strings.TrimSpace(getenv("OOGST_SMTP_FROM"))
	if c.SMTPURL != "" {
		if _, err := mailer.New(c.SMTPURL, c.SMTPFrom); err != nil {
			return c, badConfig("OOGST_SMTP_URL / OOGST_SMTP_FROM: %v", err)
		}
	}
	if v := getenv("OOGST_SHUTDOWN_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return c, badConfig("OOGST_SHUTDOWN_TIMEOUT: want a duration such as 20s, got %q", v)
		}
		c.ShutdownTimeout = d
	}
	if c.TrustedProxies, err = parseProxies(getenv("OOGST_TRUSTED_PROXIES")); err != nil {
		return c, err
	}
	if err := c.loadTranslate(getenv); err != nil {
		return c, err
	}
	if c.DatabaseURL != "" {
		u, err := url.Parse(c.DatabaseURL)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql" && u.Scheme != "sqlite") {
			return c, badConfig("DATABASE_URL: want postgres://user:pass@host:5432/db or sqlite:///path/file.db")
		}
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c, badConfig("OOGST_BASE_URL: want an absolute http(s) URL, got %q", c.BaseURL)
	}
	return c, nil
}

func envOr(getenv func(string) string, key, def string) string {
	if v := strings.TrimSpace(getenv(key)); v != "" {
		return v
	}
	return def
}

func envBool(getenv func(string) string, key string, def bool) (bool, error) {
	v := strings.TrimSpace(getenv(key))
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return def, badConfig("%s: want true or false, got %q", key, v)
	}
	return b, nil
}

func envInt(getenv func(string) string, key string, def, lo, hi int) (int, error) {
	v := strings.TrimSpace(getenv(key))
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return def, badConfig("%s: want a whole number from %d to %d, got %q", key, lo, hi, v)
	}
	return n, nil
}
