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
	if err := fs.Parse(args); err != nil {
		return &usageError{msg: err.Error()}
	}
	d, err := openDB(ctx, cfg, log, cfg.AutoMigrate || *demo)
	if err != nil {
		return err
	}
	defer d.Close()
	if *demo {
		if err := loadDemo(ctx, d, cfg.DataDir, log, stdout); err != nil {
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
	log.Info("Oogst is listening", "addr", l.Addr().String(), "url", cfg.BaseURL, "database", d.Dialect)
	return srv.Serve(ctx, l, cfg.ShutdownTimeout)
}
