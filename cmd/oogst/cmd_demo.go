package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"oogst/db"
	"oogst/demo"
)

func cmdDemo(ctx context.Context, cfg config, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	force := fs.Bool("force", false, "load demo data even next to real accounts")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	d, err := openDB(ctx, cfg, log, true)
	if err != nil {
		return err
	}
	defer d.Close()
	return loadDemo(ctx, cfg, d, log, stdout, *force)
}

// errRealUsers refuses demo data on what looks like a production database: the demo
// admin's password is published, so loading it would open the installation to anyone.
var errRealUsers = errors.New("demo: this database has accounts that are not demo accounts; demo data (with its published password) is not loaded next to them. Use an empty database, or --force if you really mean it")

func loadDemo(ctx context.Context, cfg config, d *db.DB, log *slog.Logger, stdout io.Writer, force bool) error {
	if !force {
		n, err := demo.RealUsers(ctx, d)
		if err != nil {
			return err
		}
		if n > 0 {
			return errRealUsers
		}
	}
	sum, err := demo.Load(ctx, d)
	if err != nil {
		return err
	}
	n, err := demo.LoadPrompts(ctx, d, cfg.DataDir)
	if err != nil {
		return err
	}
	sum.Created += n
	log.Info("demo data ready", "created", sum.Created)
	sum.Print(stdout, !strings.HasPrefix(cfg.BaseURL, "https://"))
	if force {
		fmt.Fprintln(stdout, "Warning: demo accounts share a published password; remove them before real use.")
	}
	return nil
}
