// Command oogst runs the Oogst server and its maintenance tasks: serve, migrate, demo,
// user, token, backup, restore, healthcheck, version. `oogst help` prints the usage
// below; README.md has the configuration.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	os.Exit(runIO(os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr))
}

// run is main without process globals, so tests can call it.
func run(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	return runIO(args, getenv, os.Stdin, stdout, stderr)
}

// runIO is run with a given standard input (user create --password-stdin reads it).
func runIO(args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	// Help and version answer without configuration, so they work anywhere.
	if len(args) > 0 {
		switch args[0] {
		case "help", "-h", "-help", "--help":
			fmt.Fprint(stdout, usage)
			return 0
		case "version", "--version":
			fmt.Fprintln(stdout, "oogst", version())
			return 0
		}
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		fmt.Fprintln(stderr, "oogst: configuration:", err)
		return 2
	}
	log := newLogger(cfg, stderr)
	slog.SetDefault(log)

	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	switch cmd {
	case "serve":
		err = cmdServe(ctx, cfg, log, args, stdout)
	case "migrate":
		err = cmdMigrate(ctx, cfg, log, args, stdout)
	case "demo":
		err = cmdDemo(ctx, cfg, log, args, stdout)
	case "token":
		err = cmdToken(ctx, cfg, log, args, stdout)
	case "user":
		err = cmdUser(ctx, cfg, log, args, stdin, stdout)
	case "backup":
		err = cmdBackup(ctx, cfg, log, args, stdout)
	case "restore":
		err = cmdRestore(ctx, cfg, log, args, stdout)
	case "healthcheck":
		err = cmdHealthcheck(ctx, cfg)
	default:
		fmt.Fprintf(stderr, "oogst: unknown command %q\n%s", cmd, usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, usage)
		return 0
	}
	if err != nil {
		var ue *usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "oogst: %s\n%s", ue.msg, usage)
			return 2
		}
		fmt.Fprintln(stderr, "oogst:", err)
		return 1
	}
	return 0
}

const usage = `usage:
  oogst [serve] [--demo [--force]]   run the web server (--demo: load demo data first)
  oogst migrate up|down|status       manage the database schema
  oogst demo [--force]               load demo data (safe to repeat; --force: next to real accounts)
  oogst user create --email E --name N [--admin] [--partnership ID --role R] [--language L] [--password-stdin]
                                     create a staff account (without --password-stdin: print a set-password link)
  oogst token create --email E [--name N]   create a personal API token
  oogst backup [--out FILE]          archive the database and uploads (online)
  oogst restore [--max-size 20GiB] [--force] FILE
                                     restore an archive (refused while a server uses the database)
  oogst healthcheck                  exit 0 when the local server answers /healthz
  oogst version                      print the version
Configuration comes from environment variables; see README.md.
`

// parseFlags parses a subcommand's flags: -h asks for the usage (exit 0), a bad flag
// is a usage error (exit 2).
func parseFlags(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return err
	}
	return &usageError{msg: fs.Name() + ": " + err.Error()}
}

type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func newLogger(cfg config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
