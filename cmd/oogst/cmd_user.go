package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"
	"time"

	"oogst/apperr"
	"oogst/frontend"
	"oogst/locale"
	"oogst/people"
)

// cmdUser creates accounts from the command line: the only way in on a fresh
// installation, where nobody can log in yet to invite anyone.
func cmdUser(ctx context.Context, cfg config, log *slog.Logger, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			return flag.ErrHelp
		}
		return &usageError{msg: "user: want 'oogst user create --email E --name N [--admin] [--password-stdin]'"}
	}
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var in people.NewAccount
	fs.StringVar(&in.Email, "email", "", "e-mail address (the login)")
	fs.StringVar(&in.Name, "name", "", "full name")
	fs.StringVar(&in.Language, "language", "nl", "language of the staff pages: nl, fr or en")
	fs.BoolVar(&in.IsAdmin, "admin", false, "platform administrator")
	fs.Int64Var(&in.PartnershipID, "partnership", 0, "partnership id to join")
	fs.StringVar(&in.Role, "role", "", "role in that partnership: coordinator, partner or mentor")
	fs.StringVar(&in.GroupName, "group", "", "a mentor's own group")
	fromStdin := fs.Bool("password-stdin", false, "read the password from standard input")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return &usageError{msg: fmt.Sprintf("user create: unexpected argument %q", fs.Arg(0))}
	case in.Email == "" || in.Name == "":
		return &usageError{msg: "user create: --email and --name are required"}
	case (in.PartnershipID == 0) != (in.Role == ""):
		return &usageError{msg: "user create: --partnership and --role go together"}
	}
	if *fromStdin {
		// The first line only, so that `echo pw |` and a password file both work; a
		// password on the command line would show in ps and shell history.
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && err != io.EOF {
			return fmt.Errorf("user create: read password: %w", err)
		}
		in.Password = strings.TrimRight(line, "\r\n")
		if in.Password == "" {
			return &usageError{msg: "user create: --password-stdin given but standard input is empty"}
		}
	}
	d, err := openDB(ctx, cfg, log, cfg.AutoMigrate)
	if err != nil {
		return err
	}
	defer d.Close()
	u, raw, err := people.CreateAccount(ctx, d, in, time.Now())
	if err != nil {
		return fmt.Errorf("user create: %s", explain(err))
	}
	log.Info("account created", "user", u.ID, "admin", u.IsAdmin)
	if raw == "" {
		fmt.Fprintf(stdout, "created %s; log in at %s/login\n", u.Email, cfg.BaseURL)
		return nil
	}
	fmt.Fprintf(stdout, "created %s without a password; this one-time link sets it (valid %d hours):\n%s/invite/%s\n",
		u.Email, int(people.InvitationTTL.Hours()), cfg.BaseURL, raw)
	return nil
}

// explain turns a domain error into English sentences for the terminal.
func explain(err error) string {
	e, ok := apperr.As(err)
	if !ok {
		return err.Error()
	}
	b, lerr := locale.Load(frontend.Locales())
	if lerr != nil {
		return err.Error()
	}
	l := b.Localizer("en")
	if len(e.Fields) == 0 {
		return l.T(e.Msg.ID, flatten(e.Msg.Data)...)
	}
	var parts []string
	for f, m := range e.Fields {
		parts = append(parts, fmt.Sprintf("--%s: %s", f, l.T(m.ID, flatten(m.Data)...)))
	}
	sort.Strings(parts)
	return strings.Join(parts, "; ")
}

func flatten(data map[string]any) []any {
	kv := make([]any, 0, 2*len(data))
	for k, v := range data {
		kv = append(kv, k, v)
	}
	return kv
}
