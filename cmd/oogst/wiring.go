package main

import (
	"context"
	"fmt"
	"log/slog"

	"oogst/db"
	"oogst/frontend"
	"oogst/harvest"
	"oogst/locale"
	"oogst/mailer"
	"oogst/markers"
	"oogst/server"
)

// openDB opens the configured database and, unless told not to, migrates it.
func openDB(ctx context.Context, cfg config, log *slog.Logger, migrate bool) (*db.DB, error) {
	d, err := db.Open(ctx, db.Options{URL: cfg.DatabaseURL, DataDir: cfg.DataDir, MaxOpenConns: cfg.DBMaxConns, Logger: log})
	if err != nil {
		return nil, err
	}
	if migrate {
		n, err := d.MigrateUp(ctx)
		if err != nil {
			_ = d.Close()
			return nil, err
		}
		if n > 0 {
			log.Info("migrations applied", "count", n, "dialect", d.Dialect)
		}
	}
	return d, nil
}

// newServer wires the domain packages into the HTTP server.
func newServer(cfg config, log *slog.Logger, d *db.DB) (*server.Server, error) {
	bundle, err := locale.Load(frontend.Locales())
	if err != nil {
		return nil, fmt.Errorf("load locales: %w", err)
	}
	var m mailer.Mailer
	if cfg.SMTPURL != "" {
		smtp, err := mailer.New(cfg.SMTPURL, cfg.SMTPFrom)
		if err != nil {
			return nil, err
		}
		m = smtp
	}
	return server.New(server.Options{
		DB: d, Bundle: bundle, Logger: log, BaseURL: cfg.BaseURL, CookieSecure: cfg.CookieSecure, TrustedProxies: cfg.TrustedProxies,
		MaxBodyBytes: cfg.MaxBodyBytes, MaxUploadBytes: cfg.MaxUploadBytes, SubmitLanes: cfg.SubmitLanes, DataDir: cfg.DataDir,
		RetentionDays: cfg.RetentionDays, UploadQuotaRoundBytes: cfg.UploadQuotaRoundBytes, UploadQuotaIPBytes: cfg.UploadQuotaIPBytes,
		MinFreeBytes: cfg.MinFreeBytes, Reflections: harvest.Sink{}, Responses: markers.ProposalSink{}, Mailer: m,
		Translator: cfg.translator(), Transcriber: cfg.transcriber(),
	})
}
