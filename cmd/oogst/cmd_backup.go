package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
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

// cmdRestore replaces the database (and uploads) with an archive from cmdBackup. It
// refuses while a server uses the database and checks the archive before touching it.
func cmdRestore(ctx context.Context, cfg config, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	maxSize := fs.String("max-size", "20GiB", "refuse an archive that unpacks to more than this")
	force := fs.Bool("force", false, "PostgreSQL only: restore even while a server uses the database")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return &usageError{msg: "restore: want 'oogst restore [--max-size 20GiB] [--force] ARCHIVE'"}
	}
	limit, err := parseSize(*maxSize)
	if err != nil {
		return &usageError{msg: "restore: --max-size: " + err.Error()}
	}
	archive := fs.Arg(0)
	err = db.Restore(ctx, archive, db.RestoreOptions{DatabaseURL: cfg.DatabaseURL, DataDir: cfg.DataDir, MaxBytes: limit, Force: *force,
		Warn: func(msg string) { log.Warn(msg) }})
	if err != nil {
		return err
	}
	log.Info("restored", "archive", archive)
	fmt.Fprintln(stdout, "restored", archive)
	return nil
}

// parseSize reads a size such as 512MiB, 20GiB or a number of bytes.
func parseSize(s string) (int64, error) {
	units := []struct {
		suffix string
		mult   int64
	}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"TB", 1e12}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1}}
	mult := int64(1)
	num := strings.TrimSpace(s)
	for _, u := range units {
		if rest, ok := strings.CutSuffix(num, u.suffix); ok {
			num, mult = strings.TrimSpace(rest), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return 0, fmt.Errorf("want a size such as 512MiB or 20GiB, got %q", s)
	}
	return n * mult, nil
}
