// Package backup copies a factdesk store to a file and back: an online copy
// of the SQLite database (VACUUM INTO, consistent while the server runs) for
// the embedded default, and pg_dump / pg_restore in the custom format for
// PostgreSQL. Restore checks the file first (integrity, schema version) and
// refuses to overwrite a store that holds data unless forced.
package backup

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/factdesk/factdesk/internal/store"
)

// Result describes a backup written or restored.
type Result struct {
	File          string `json:"file"`
	Dialect       string `json:"dialect"`
	Bytes         int64  `json:"bytes"`
	SchemaVersion int64  `json:"schema_version"`
	// Previous is where restore moved the store it replaced (SQLite only).
	Previous string `json:"previous,omitempty"`
}

// Target names the store to restore into: the SQLite file in DataDir when
// URL is empty, or a PostgreSQL URL.
type Target struct {
	DataDir string
	URL     string
}

// RestoreOptions tune Restore.
type RestoreOptions struct {
	// Force permits replacing a store that already holds a schema.
	Force bool
	// Running reports whether a factdesk process serves the target data
	// folder; restore refuses then, even with Force. Nil means never.
	Running func(dataDir string) bool
}

// ErrInUse is returned when the target store is served by a running process.
var ErrInUse = errors.New("backup: the store is in use")

// ErrNeedsForce is returned when restore would replace a store that exists.
var ErrNeedsForce = errors.New("backup: the target store already exists")

// Create writes a consistent copy of db to file, replacing file atomically
// when it exists. dbURL is the URL db was opened with (PostgreSQL only).
func Create(ctx context.Context, db *store.DB, dbURL, file string) (Result, error) {
	var res Result
	var err error
	switch db.Dialect() {
	case store.SQLite:
		res, err = createSQLite(ctx, db, file)
	case store.Postgres:
		res, err = createPostgres(ctx, dbURL, file)
	default:
		return Result{}, fmt.Errorf("backup: unsupported store %s", db.Dialect())
	}
	if err != nil {
		return Result{}, err
	}
	st, err := db.MigrationStatus(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("backup: %w", err)
	}
	res.SchemaVersion = st.Current
	return res, nil
}

// Restore replaces the target store with the backup in file, after checking
// that file is a sound factdesk backup of the target's kind whose schema this
// binary knows. The restored store is migrated to this binary's schema.
func Restore(ctx context.Context, t Target, file string, opt RestoreOptions) (Result, error) {
	kind, err := sniff(file)
	if err != nil {
		return Result{}, err
	}
	pg := t.URL != ""
	switch {
	case kind == kindSQLite && pg:
		return Result{}, fmt.Errorf("restore %s: this is an SQLite backup but the target is PostgreSQL; restore it into a data folder (without --db)", file)
	case kind == kindPgDump && !pg:
		return Result{}, fmt.Errorf("restore %s: this is a PostgreSQL dump but the target is SQLite; pass --db postgres://... to restore it", file)
	case kind == kindSQLite:
		return restoreSQLite(ctx, t.DataDir, file, opt)
	default:
		return restorePostgres(ctx, t.URL, file, opt)
	}
}

type fileKind int

const (
	kindSQLite fileKind = iota + 1
	kindPgDump
)

// sniff tells the kind of a backup file by its first bytes.
func sniff(file string) (fileKind, error) {
	f, err := os.Open(file)
	if err != nil {
		return 0, fmt.Errorf("restore: %w", err)
	}
	defer f.Close()
	head := make([]byte, 16)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return 0, fmt.Errorf("restore: read %s: %w", file, err)
	}
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte("SQLite format 3\x00")):
		return kindSQLite, nil
	case bytes.HasPrefix(head, []byte("PGDMP")):
		return kindPgDump, nil
	}
	return 0, fmt.Errorf("restore %s: not a factdesk backup (neither an SQLite database nor a pg_dump custom-format archive)", file)
}

// checkVersion refuses a backup whose schema is unknown to this binary.
func checkVersion(file string, st store.MigrationStatus) error {
	if st.Current <= 0 {
		return fmt.Errorf("restore %s: the file holds no factdesk schema (no migrations applied)", file)
	}
	if st.Current > st.Latest {
		return fmt.Errorf("restore %s: the backup has schema version %d but this factdesk knows only up to %d; restore it with a newer factdesk", file, st.Current, st.Latest)
	}
	return nil
}

// fileSize is the size of file, or 0 when it cannot be read.
func fileSize(file string) int64 {
	fi, err := os.Stat(file)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// publish flushes the finished copy tmp to disk and moves it to file, so that
// file is never a half-written backup; tmp is removed on failure.
func publish(tmp, file string) error {
	err := syncFile(tmp)
	if err == nil {
		err = os.Rename(tmp, file)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}
