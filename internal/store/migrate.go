package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations
var migrationFiles embed.FS

// MigrationStatus says where the schema stands.
type MigrationStatus struct {
	Current int64   `json:"current"`           // version applied in the database
	Latest  int64   `json:"latest"`            // newest version this binary knows
	Applied []int64 `json:"applied,omitempty"` // versions applied by this call
}

// UpToDate reports whether the database has every migration of this binary.
func (s MigrationStatus) UpToDate() bool { return s.Current >= s.Latest }

func (db *DB) provider() (*goose.Provider, error) {
	dir := "migrations/sqlite"
	dialect := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if db.dialect == Postgres {
		dir = "migrations/postgres"
		dialect = goose.DialectPostgres
		// Several processes may start at once in scale-out: one migrates.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, fmt.Errorf("migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	fsys, err := fs.Sub(migrationFiles, dir)
	if err != nil {
		return nil, err
	}
	p, err := goose.NewProvider(dialect, db.write, fsys, opts...)
	if err != nil {
		return nil, fmt.Errorf("load migrations: %w", err)
	}
	return p, nil
}

// Migrate applies every pending migration, in order, each in its own
// transaction, and records the schema version.
func (db *DB) Migrate(ctx context.Context) (MigrationStatus, error) {
	p, err := db.provider()
	if err != nil {
		return MigrationStatus{}, err
	}
	results, err := p.Up(ctx)
	if err != nil {
		return MigrationStatus{}, fmt.Errorf("migrate %s: %w", db.dialect, err)
	}
	st, err := db.status(ctx, p)
	for _, r := range results {
		st.Applied = append(st.Applied, r.Source.Version)
	}
	return st, err
}

// MigrationStatus reports the applied and latest schema versions.
func (db *DB) MigrationStatus(ctx context.Context) (MigrationStatus, error) {
	p, err := db.provider()
	if err != nil {
		return MigrationStatus{}, err
	}
	return db.status(ctx, p)
}

func (db *DB) status(ctx context.Context, p *goose.Provider) (MigrationStatus, error) {
	cur, err := p.GetDBVersion(ctx)
	if err != nil {
		return MigrationStatus{}, fmt.Errorf("read schema version: %w", err)
	}
	var latest int64
	for _, s := range p.ListSources() {
		latest = max(latest, s.Version)
	}
	return MigrationStatus{Current: cur, Latest: latest}, nil
}
