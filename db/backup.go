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
