package main

import (
	"context"
	"io"
	"log/slog"

	"oogst/db"
	"oogst/demo"
)

func cmdDemo(ctx context.Context, cfg config, log *slog.Logger, stdout io.Writer) error {
	d, err := openDB(ctx, cfg, log, true)
	if err != nil {
		return err
	}
	defer d.Close()
	return loadDemo(ctx, d, cfg.DataDir, log, stdout)
}

func loadDemo(ctx context.Context, d *db.DB, dataDir string, log *slog.Logger, stdout io.Writer) error {
	sum, err := demo.Load(ctx, d)
	if err != nil {
		return err
	}
	n, err := demo.LoadPrompts(ctx, d, dataDir)
	if err != nil {
		return err
	}
	sum.Created += n
	log.Info("demo data ready", "created", sum.Created)
	sum.Print(stdout)
	return nil
}
