package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"oogst/db"
)

// cmdBackup writes a consistent archive of the database and uploads while Oogst runs.
func cmdBackup(ctx context.Context, cfg config, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	out := fs.String("out", fmt.Sprintf("oogst-backup-%s.tar.gz", time.Now().UTC().Format("20060102-150405")), "archive to write")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	d, err := openDB(ctx, cfg, log, false)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Backup(ctx, cfg.DatabaseURL, cfg.DataDir, *out); err != nil {
		return err
	}
	fmt.Fprintln(stdout, *out)
	return nil
}

// cmdRestore replaces the database (and uploads) with an archive from cmdBackup.
// With SQLite, stop the server first.
func cmdRestore(ctx context.Context, cfg config, log *slog.Logger, args []string, stdout io.Writer) error {
	if len(args) != 1 {
		return &usageError{msg: "restore: want 'oogst restore ARCHIVE'"}
	}
	if err := db.Restore(ctx, args[0], cfg.DatabaseURL, cfg.DataDir); err != nil {
		return err
	}
	log.Info("restored", "archive", args[0])
	fmt.Fprintln(stdout, "restored", args[0])
	return nil
}
