package db

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver for the restore's lock connection

	"oogst/migrations"
)

// DefaultRestoreMax caps what an archive may unpack to unless told otherwise: far above
// any real installation, far below what a gzip bomb asks for.
const DefaultRestoreMax int64 = 20 << 30

// RestoreOptions say what to restore into and how carefully.
type RestoreOptions struct {
	DatabaseURL string // as DATABASE_URL: empty for SQLite in DataDir
	DataDir     string
	// MaxBytes caps the unpacked size (0: DefaultRestoreMax); the free space next to
	// the target caps it too.
	MaxBytes int64
	// Force restores a PostgreSQL database that a server is using (never SQLite: the
	// server would keep writing to the replaced file).
	Force bool
	// Warn receives a warning the caller should show.
	Warn func(string)
}

// Restore replaces the database and the uploads with an archive made by Backup. It
// refuses while an Oogst process uses the database, unpacks next to the target, checks
// that the database opens and has a schema this binary knows, and only then puts it in
// place: any failure before that leaves the installation and the data directory as
// they were.
func Restore(ctx context.Context, archive string, o RestoreOptions) error {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultRestoreMax
	}
	if o.Warn == nil {
		o.Warn = func(string) {}
	}
	pg := strings.HasPrefix(o.DatabaseURL, "postgres://") || strings.HasPrefix(o.DatabaseURL, "postgresql://")
	if err := os.MkdirAll(o.DataDir, 0o700); err != nil {
		return fmt.Errorf("db: restore: %w", err)
	}
	target := ""
	if !pg {
		target = sqlitePath(o.DatabaseURL, o.DataDir)
		release, err := lockFileWithin(lockPath(target), true, time.Second)
		if errors.Is(err, errLocked) {
			return fmt.Errorf("db: restore: %w (%s); stop the server first", ErrInUse, target)
		}
		if err != nil {
			return err
		}
		defer release()
	} else {
		release, err := lockPostgres(ctx, o)
		if err != nil {
			return err
		}
		defer release()
	}

	tmp, err := os.MkdirTemp(o.DataDir, ".restore-")
	if err != nil {
		return fmt.Errorf("db: restore: %w", err)
	}
	defer os.RemoveAll(tmp)
	limit := o.MaxBytes
	if free, ok := freeBytes(tmp); ok && free < limit {
		limit = free
	}
	dump, hasUploads, err := unpack(archive, tmp, limit)
	if err != nil {
		return err
	}
	switch {
	case dump == "":
		return errors.New("db: restore: the archive holds no database")
	case dump == backupSQLite && pg:
		return errors.New("db: restore: the archive holds an SQLite database but DATABASE_URL names PostgreSQL")
	case dump == backupPostgres && !pg:
		return errors.New("db: restore: the archive holds a PostgreSQL dump; set DATABASE_URL")
	}
	dumpPath := filepath.Join(tmp, dump)
	if pg {
		if err := checkPostgresDump(ctx, dumpPath); err != nil {
			return err
		}
	} else if err := checkSQLite(ctx, dumpPath); err != nil {
		return err
	}

	// Everything is checked: put it in place.
	if pg {
		cmd := exec.CommandContext(ctx, "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "--dbname", o.DatabaseURL, dumpPath)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("db: pg_restore: %w: %s", err, strings.TrimSpace(string(out)))
		}
	} else if err := swapSQLite(dumpPath, target, tmp); err != nil {
		return err
	}
	return swapUploads(o.DataDir, tmp, hasUploads)
}

// lockPostgres takes the advisory lock that running servers hold shared. Held until
// the restore ends, it also keeps a server from starting halfway.
func lockPostgres(ctx context.Context, o RestoreOptions) (func(), error) {
	sdb, err := sql.Open("pgx", o.DatabaseURL)
	if err != nil {
		return nil, fmt.Errorf("db: restore: %w", err)
	}
	conn, err := sdb.Conn(ctx)
	if err != nil {
		sdb.Close()
		return nil, fmt.Errorf("db: restore: connect: %w", err)
	}
	release := func() { conn.Close(); sdb.Close() }
	var ok bool
	if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", serveLockKey).Scan(&ok); err != nil {
		release()
		return nil, fmt.Errorf("db: restore: lock: %w", err)
	}
	if !ok {
		if !o.Force {
			release()
			return nil, fmt.Errorf("db: restore: %w; stop the servers first, or use --force", ErrInUse)
		}
		o.Warn("an Oogst server is using this database: restoring anyway (--force). Whatever it writes during the restore is lost; restart it afterwards")
	}
	return release, nil
}

// unpack extracts the archive into dir, refusing odd entries and stopping as soon as
// the unpacked size passes limit. It returns the database entry's name and whether
// there were uploads.
func unpack(archive, dir string, limit int64) (dump string, uploads bool, err error) {
	f, err := os.Open(archive)
	if err != nil {
		return "", false, fmt.Errorf("db: restore: %w", err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(bufio.NewReader(f))
	if err != nil {
		return "", false, fmt.Errorf("db: restore: not a backup archive: %w", err)
	}
	tr := tar.NewReader(gz)
	left := limit
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return dump, uploads, nil
		}
		if err != nil {
			return "", false, fmt.Errorf("db: restore: not a backup archive: %w", err)
		}
		name := filepath.ToSlash(filepath.Clean(hdr.Name))
		if strings.HasPrefix(name, "../") || strings.HasPrefix(name, "/") || name == ".." || hdr.Typeflag != tar.TypeReg {
			return "", false, fmt.Errorf("db: restore: refusing archive entry %q", hdr.Name)
		}
		var dst string
		switch {
		case name == backupSQLite || name == backupPostgres:
			if dump != "" {
				return "", false, errors.New("db: restore: the archive holds two databases")
			}
			dump, dst = name, filepath.Join(dir, name)
		case strings.HasPrefix(name, backupUploads):
			uploads, dst = true, filepath.Join(dir, "uploads", filepath.FromSlash(strings.TrimPrefix(name, backupUploads)))
		default:
			continue
		}
		// The header's size can lie; count what really comes out.
		n, err := writeFile(dst, io.LimitReader(tr, left+1))
		if err != nil {
			return "", false, err
		}
		if left -= n; left < 0 {
			return "", false, fmt.Errorf("db: restore: the archive unpacks to more than %s (the limit: --max-size, or the free disk space); refusing", humanBytes(limit))
		}
	}
}

func writeFile(dst string, r io.Reader) (int64, error) {
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return 0, fmt.Errorf("db: restore: %w", err)
	}
	f, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return 0, fmt.Errorf("db: restore: %w", err)
	}
	n, err := io.Copy(f, r)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return n, fmt.Errorf("db: restore %s: %w", filepath.Base(dst), err)
	}
	return n, nil
}

// checkSQLite opens the unpacked database and checks that it is whole and that its
// schema is one this binary knows; it leaves it in rollback-journal mode, one file.
func checkSQLite(ctx context.Context, path string) error {
	d, err := Open(ctx, Options{URL: "sqlite://" + path})
	if err != nil {
		return fmt.Errorf("db: restore: the archive's database does not open: %w", err)
	}
	defer d.Close()
	var check string
	if err := d.SQL().QueryRowContext(ctx, "PRAGMA quick_check").Scan(&check); err != nil || check != "ok" {
		return fmt.Errorf("db: restore: the archive's database is damaged (%s %v)", check, err)
	}
	var v sql.NullInt64
	if err := d.SQL().QueryRowContext(ctx, "SELECT MAX(version_id) FROM goose_db_version WHERE is_applied").Scan(&v); err != nil {
		return fmt.Errorf("db: restore: the archive's database has no Oogst schema: %w", err)
	}
	if err := knownVersion(SQLite, v.Int64); err != nil {
		return err
	}
	if _, err := d.SQL().ExecContext(ctx, "PRAGMA journal_mode=DELETE"); err != nil {
		return fmt.Errorf("db: restore: %w", err)
	}
	return nil
}

// checkPostgresDump reads the schema version out of a pg_dump archive without
// restoring it (pg_restore writes the table's data as SQL text).
func checkPostgresDump(ctx context.Context, path string) error {
	cmd := exec.CommandContext(ctx, "pg_restore", "--data-only", "--table=goose_db_version", "--file=-", path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("db: restore: the archive's PostgreSQL dump does not read: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	var max int64
	inCopy, cols := false, []string(nil)
	for _, line := range strings.Split(string(out), "\n") {
		switch {
		case strings.HasPrefix(line, "COPY ") && strings.Contains(line, "goose_db_version"):
			inCopy = true
			if i, j := strings.Index(line, "("), strings.Index(line, ")"); i > 0 && j > i {
				cols = strings.Split(line[i+1:j], ", ")
			}
		case inCopy && line == `\.`:
			inCopy = false
		case inCopy:
			row := map[string]string{}
			for i, f := range strings.Split(line, "\t") {
				if i < len(cols) {
					row[cols[i]] = f
				}
			}
			v, err := strconv.ParseInt(row["version_id"], 10, 64)
			if err == nil && row["is_applied"] == "t" && v > max {
				max = v
			}
		}
	}
	return knownVersion(Postgres, max)
}

// knownVersion refuses a schema this binary cannot run: none, or one from a newer
// Oogst (the server would meet tables it does not know; migrate down is impossible).
func knownVersion(d Dialect, v int64) error {
	fsys, err := migrations.FS(string(d))
	if err != nil {
		return err
	}
	files, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return err
	}
	var newest int64
	for _, f := range files {
		n, err := strconv.ParseInt(strings.SplitN(f, "_", 2)[0], 10, 64)
		if err != nil {
			continue
		}
		if n == v && v > 0 {
			return nil
		}
		newest = max(newest, n)
	}
	if v == 0 {
		return errors.New("db: restore: the archive's database has no Oogst schema")
	}
	if v > newest {
		return fmt.Errorf("db: restore: the archive's schema version %d is newer than this Oogst knows (%d); restore it with the Oogst that made it", v, newest)
	}
	return fmt.Errorf("db: restore: the archive's schema version %d is not one this Oogst knows", v)
}

// swapSQLite puts the checked file in place of the database. The old write-ahead log
// goes first: left beside the new file, SQLite would replay it into the wrong database.
func swapSQLite(src, target, tmp string) error {
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if err := os.Remove(target + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("db: restore: %w", err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		return fmt.Errorf("db: restore: %w", err)
	}
	if err := os.Rename(src, target); err != nil {
		// Another filesystem (sqlite:// elsewhere): copy next to the target first.
		in, oerr := os.Open(src)
		if oerr != nil {
			return fmt.Errorf("db: restore: %w", err)
		}
		defer in.Close()
		side := target + ".restoring"
		if _, err := writeFile(side, in); err != nil {
			os.Remove(side)
			return err
		}
		if err := os.Rename(side, target); err != nil {
			os.Remove(side)
			return fmt.Errorf("db: restore: %w", err)
		}
	}
	syncDir(filepath.Dir(target))
	return nil
}

// swapUploads replaces the uploads directory with the archive's: uploads that are not
// in the archive belong to answers that are not in the restored database either.
func swapUploads(dataDir, tmp string, restored bool) error {
	live := filepath.Join(dataDir, "uploads")
	if err := os.Rename(live, filepath.Join(tmp, "uploads.old")); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("db: restore uploads: %w", err)
	}
	if restored {
		if err := os.Rename(filepath.Join(tmp, "uploads"), live); err != nil {
			return fmt.Errorf("db: restore uploads: %w", err)
		}
	}
	syncDir(dataDir)
	return nil
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}
