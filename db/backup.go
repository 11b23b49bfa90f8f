package db

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Backup names inside the archive.
const (
	backupSQLite   = "oogst.db"
	backupPostgres = "oogst.pgdump"
	backupUploads  = "uploads/"
)

// Backup writes a .tar.gz with a consistent copy of the database (SQLite: VACUUM INTO,
// online; PostgreSQL: pg_dump custom format) and the uploads directory under dataDir.
func (d *DB) Backup(ctx context.Context, pgURL, dataDir, out string) error {
	tmpDir, err := os.MkdirTemp("", "oogst-backup-")
	if err != nil {
		return fmt.Errorf("db: backup: %w", err)
	}
	defer os.RemoveAll(tmpDir)
	var dumpName, dumpPath string
	switch d.Dialect {
	case SQLite:
		dumpName = backupSQLite
		dumpPath = filepath.Join(tmpDir, dumpName)
		if _, err := d.SQL().ExecContext(ctx, "VACUUM INTO ?", dumpPath); err != nil {
			return fmt.Errorf("db: backup sqlite: %w", err)
		}
	case Postgres:
		dumpName = backupPostgres
		dumpPath = filepath.Join(tmpDir, dumpName)
		cmd := exec.CommandContext(ctx, "pg_dump", "--format=custom", "--no-owner", "--file", dumpPath, "--dbname", pgURL)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("db: pg_dump: %w: %s", err, strings.TrimSpace(string(out)))
		}
	}
	partial := out + ".partial"
	f, err := os.OpenFile(partial, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("db: backup: %w", err)
	}
	defer os.Remove(partial)
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	if err := addFile(tw, dumpPath, dumpName); err != nil {
		f.Close()
		return err
	}
	uploads := filepath.Join(dataDir, "uploads")
	if dataDir != "" {
		err := filepath.WalkDir(uploads, func(p string, e fs.DirEntry, err error) error {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			if err != nil || e.IsDir() || strings.HasSuffix(p, ".tmp") {
				return err
			}
			rel, err := filepath.Rel(uploads, p)
			if err != nil {
				return err
			}
			return addFile(tw, p, backupUploads+filepath.ToSlash(rel))
		})
		if err != nil {
			f.Close()
			return fmt.Errorf("db: backup uploads: %w", err)
		}
	}
	if err := tw.Close(); err != nil {
		f.Close()
		return err
	}
	if err := gz.Close(); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(partial, out)
}

func addFile(tw *tar.Writer, path, name string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("db: backup %s: %w", name, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	hdr := &tar.Header{Name: name, Mode: 0o600, Size: st.Size(), ModTime: st.ModTime().UTC(), Typeflag: tar.TypeReg}
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	_, err = io.Copy(tw, f)
	return err
}

// Restore reads an archive made by Backup. SQLite: the database file in dataDir is
// replaced (the server must be stopped). PostgreSQL: pg_restore --clean into pgURL.
// Uploads are written back into dataDir.
func Restore(ctx context.Context, archive, pgURL, dataDir string) error {
	f, err := os.Open(archive)
	if err != nil {
		return fmt.Errorf("db: restore: %w", err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("db: restore: not a backup archive: %w", err)
	}
	tr := tar.NewReader(gz)
	tmpDir, err := os.MkdirTemp("", "oogst-restore-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmpDir)
	var dump string
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("db: restore: read archive: %w", err)
		}
		name := filepath.ToSlash(filepath.Clean(hdr.Name))
		if strings.HasPrefix(name, "../") || strings.HasPrefix(name, "/") || hdr.Typeflag != tar.TypeReg {
			return fmt.Errorf("db: restore: refusing archive entry %q", hdr.Name)
		}
		var dst string
		switch {
		case name == backupSQLite || name == backupPostgres:
			dump = name
			dst = filepath.Join(tmpDir, name)
		case strings.HasPrefix(name, backupUploads):
			dst = filepath.Join(dataDir, "uploads", filepath.FromSlash(strings.TrimPrefix(name, backupUploads)))
		default:
			continue
		}
		if err := writeAtomically(dst, tr); err != nil {
			return err
		}
	}
	switch dump {
	case backupSQLite:
		if pgURL != "" {
			return errors.New("db: restore: archive holds an SQLite database but DATABASE_URL names PostgreSQL")
		}
		target := filepath.Join(dataDir, "oogst.db")
		for _, suffix := range []string{"-wal", "-shm"} {
			_ = os.Remove(target + suffix)
		}
		src, err := os.Open(filepath.Join(tmpDir, dump))
		if err != nil {
			return err
		}
		defer src.Close()
		return writeAtomically(target, src)
	case backupPostgres:
		if pgURL == "" {
			return errors.New("db: restore: archive holds a PostgreSQL dump; set DATABASE_URL")
		}
		cmd := exec.CommandContext(ctx, "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "--dbname", pgURL, filepath.Join(tmpDir, dump))
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("db: pg_restore: %w: %s", err, strings.TrimSpace(string(out)))
		}
		return nil
	}
	return errors.New("db: restore: archive has no database")
}

func writeAtomically(dst string, r io.Reader) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return err
	}
	tmp := fmt.Sprintf("%s.%d.tmp", dst, time.Now().UnixNano())
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("db: restore %s: %w", dst, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, dst)
}
