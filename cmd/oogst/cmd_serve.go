package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
)

func cmdServe(ctx context.Context, cfg config, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	demo := fs.Bool("demo", false, "load demo data before serving")
	force := fs.Bool("force", false, "with --demo: load demo data even next to real accounts")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	d, err := openDB(ctx, cfg, log, cfg.AutoMigrate || *demo)
	if err != nil {
		return err
	}
	defer d.Close()
	// `oogst restore` checks this lock: replacing the database under a running server
	// would lose everything it acknowledges afterwards.
	release, err := d.HoldServeLock(ctx, log)
	if err != nil {
		return err
	}
	defer release()
	if *demo {
		if err := loadDemo(ctx, cfg, d, log, stdout, *force); err != nil {
			return err
		}
	}
	srv, err := newServer(cfg, log, d)
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	log.Info("Oogst is listening", "url", listenURL(l.Addr()), "base_url", cfg.BaseURL, "database", d.Dialect, "version", version())
	return srv.Serve(ctx, l, cfg.ShutdownTimeout)
}
