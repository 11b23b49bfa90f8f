package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"oogst/db"
	"oogst/people"
)

func cmdToken(ctx context.Context, cfg config, log *slog.Logger, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return &usageError{msg: "token: want 'token create --email E'"}
	}
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	email := fs.String("email", "", "owner's e-mail")
	name := fs.String("name", "command line", "token name")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if *email == "" {
		return &usageError{msg: "token create: --email is required"}
	}
	d, err := openDB(ctx, cfg, log, cfg.AutoMigrate)
	if err != nil {
		return err
	}
	defer d.Close()
	u, err := people.ActiveUserByEmail(ctx, d, *email)
	if db.IsNotFound(err) {
		return fmt.Errorf("token create: no active user with e-mail %s", *email)
	}
	if err != nil {
		return err
	}
	raw, _, err := people.CreateToken(ctx, d, u.ID, *name)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, raw)
	return nil
}
