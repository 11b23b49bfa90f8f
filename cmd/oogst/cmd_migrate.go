package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
)

func cmdMigrate(ctx context.Context, cfg config, log *slog.Logger, args []string, stdout io.Writer) error {
	// A bare "migrate" must not change the schema: the verb is required.
	if len(args) != 1 {
		return &usageError{msg: "migrate: want 'oogst migrate up|down|status'"}
	}
	sub := args[0]
	switch sub {
	case "up", "down", "status":
	case "-h", "--help", "help":
		return flag.ErrHelp
	default:
		return &usageError{msg: fmt.Sprintf("migrate: unknown subcommand %q", sub)}
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
	}
	return nil
}
