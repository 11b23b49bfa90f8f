package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
)

func cmdMigrate(ctx context.Context, cfg config, log *slog.Logger, args []string, stdout io.Writer) error {
	sub := "up"
	if len(args) > 0 {
		sub = args[0]
	}
	d, err := openDB(ctx, cfg, log, false)
	if err != nil {
		return err
	}
	defer d.Close()
	switch sub {
	case "up":
		n, err := d.MigrateUp(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "applied %d migration(s)\n", n)
	case "down":
		if err := d.MigrateDown(ctx); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "rolled back one migration")
	case "status":
		st, err := d.MigrationStatuses(ctx)
		if err != nil {
			return err
		}
		for _, s := range st {
			state := "pending"
			if s.Applied {
				state = "applied"
			}
			fmt.Fprintf(stdout, "%05d  %-8s %s\n", s.Version, state, s.Source)
		}
	default:
		return &usageError{msg: fmt.Sprintf("migrate: unknown subcommand %q", sub)}
	}
	return nil
}
