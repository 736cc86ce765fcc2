package backup

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/factdesk/factdesk/internal/store"
)

// createSQLite copies the live database with VACUUM INTO: one read
// transaction, so the copy is consistent while other connections write.
func createSQLite(ctx context.Context, db *store.DB, file string) (Result, error) {
	src := db.Path()
	if src == "" {
		return Result{}, errors.New("backup: the SQLite store has no file")
	}
	if abs, err := filepath.Abs(file); err == nil {
		if same, _ := filepath.Abs(src); same == abs {
			return Result{}, fmt.Errorf("backup: %s is the live database itself; name another file", file)
		}
	}
	tmp := file + ".partial"
	_ = os.Remove(tmp)
	conn, err := openRaw(src)
	if err != nil {
		return Result{}, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		_ = os.Remove(tmp)
		return Result{}, fmt.Errorf("backup: copy %s to %s: %w", src, file, err)
	}
	if err := publish(tmp, file); err != nil {
		return Result{}, err
	}
	return Result{File: file, Dialect: string(store.SQLite), Bytes: fileSize(file)}, nil
}

// restoreSQLite checks a copy of file beside the live database, then swaps it
// in, keeping the replaced database as factdesk.db.pre-restore.
func restoreSQLite(ctx context.Context, dataDir, file string, opt RestoreOptions) (Result, error) {
	if dataDir == "" {
		return Result{}, errors.New("restore: no data folder")
	}
	if opt.Running != nil && opt.Running(dataDir) {
		return Result{}, fmt.Errorf("%w: a factdesk server runs on %s; stop it, restore, then start it again", ErrInUse, dataDir)
	}
	dst := filepath.Join(dataDir, store.SQLiteFile)
	prev := dst + ".pre-restore"
	_, statErr := os.Stat(dst)
	exists := statErr == nil
	if exists && !opt.Force {
		return Result{}, fmt.Errorf("%w: %s holds a factdesk database; pass --force to replace it (the current one is kept as %s)", ErrNeedsForce, dst, prev)
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return Result{}, fmt.Errorf("restore: %w", err)
	}
	tmp := dst + ".restoring"
	if err := copyFile(file, tmp); err != nil {
		return Result{}, err
	}
	defer removeDB(tmp)
	if err := checkSQLiteFile(ctx, file, tmp); err != nil {
		return Result{}, err
	}
	res := Result{File: file, Dialect: string(store.SQLite), Bytes: fileSize(tmp)}
	if exists {
		removeDB(prev)
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Rename(dst+suffix, prev+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				return Result{}, fmt.Errorf("restore: keep the current database: %w", err)
			}
		}
		res.Previous = prev
	}
	if err := os.Rename(tmp, dst); err != nil {
		return Result{}, fmt.Errorf("restore: %w", err)
	}
	_ = syncFile(dataDir)
	v, err := migrate(ctx, store.Options{DataDir: dataDir})
	if err != nil {
		return res, err
	}
	res.SchemaVersion = v
	return res, nil
}

// checkSQLiteFile runs SQLite's integrity check on path (a copy of file)
// and checks its schema version.
func checkSQLiteFile(ctx context.Context, file, path string) error {
	conn, err := openRaw(path)
	if err != nil {
		return err
	}
	verdict, err := sqliteIntegrity(ctx, conn)
	conn.Close()
	if err != nil {
		return fmt.Errorf("restore %s: %w", file, err)
	}
	if verdict != "ok" {
		return fmt.Errorf("restore %s: the file fails SQLite's integrity check: %s", file, verdict)
	}
	db, err := store.Open(ctx, store.Options{URL: "sqlite:" + path})
	if err != nil {
		return fmt.Errorf("restore %s: %w", file, err)
	}
	st, err := db.MigrationStatus(ctx)
	db.Close()
	if err != nil {
		return fmt.Errorf("restore %s: the file holds no factdesk schema: %w", file, err)
	}
	return checkVersion(file, st)
}

// migrate brings the restored store to this binary's schema.
func migrate(ctx context.Context, opt store.Options) (int64, error) {
	db, err := store.Open(ctx, opt)
	if err != nil {
		return 0, fmt.Errorf("restore: open the restored store: %w", err)
	}
	defer db.Close()
	st, err := db.Migrate(ctx)
	if err != nil {
		return 0, fmt.Errorf("restore: migrate the restored store: %w", err)
	}
	return st.Current, nil
}

// openRaw opens one plain connection to an SQLite file, outside the store,
// for the statements the store does not offer (VACUUM INTO, integrity_check).
func openRaw(path string) (*sql.DB, error) {
	conn, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	conn.SetMaxOpenConns(1)
	return conn, nil
}

// sqliteIntegrity runs PRAGMA integrity_check: "ok", or the problems found.
func sqliteIntegrity(ctx context.Context, conn *sql.DB) (string, error) {
	rows, err := conn.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return "", fmt.Errorf("integrity check: %w", err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return "", fmt.Errorf("integrity check: %w", err)
		}
		lines = append(lines, s)
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("integrity check: %w", err)
	}
	return strings.Join(lines, "; "), nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("restore: copy %s: %w", from, err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return fmt.Errorf("restore: %w", err)
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return nil
}

// syncFile flushes a file (or folder) to disk.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return nil
}

// removeDB removes an SQLite file with its WAL and shared-memory files.
func removeDB(path string) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		_ = os.Remove(path + suffix)
	}
}
