// Package store keeps factdesk's records in SQLite (the embedded default) or
// PostgreSQL (scale-out). Both go through one query path: queries are written
// once with '?' placeholders and rebound for PostgreSQL, with dialect switches
// only where the databases behave differently. One contract test suite runs
// against both.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"modernc.org/sqlite"

	"github.com/factdesk/factdesk/internal/clock"
)

// Dialect names the database behind a DB.
type Dialect string

// The supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open store. It is safe for concurrent use.
type DB struct {
	dialect Dialect
	write   *sql.DB // SQLite: one connection, so writers queue instead of failing busy
	read    *sql.DB // SQLite: a pool of readers; PostgreSQL: the same pool as write
	clock   clock.Clock
	path    string // SQLite file, for backups and messages
}

// Options configure Open.
type Options struct {
	// DataDir holds the SQLite file when URL is empty.
	DataDir string
	// URL is empty for SQLite in DataDir, a postgres:// URL for PostgreSQL,
	// or a sqlite: / file: path for an explicit SQLite file.
	URL string
	// Clock stamps records; nil means the real clock.
	Clock clock.Clock
	// Readers is the size of the SQLite reader pool (default 4).
	Readers int
}

// SQLiteFile is the name of the SQLite database in a data folder.
const SQLiteFile = "factdesk.db"

// Open opens (and creates, for SQLite) the store. It does not migrate; call
// Migrate after Open.
func Open(ctx context.Context, opt Options) (*DB, error) {
	if opt.Clock == nil {
		opt.Clock = clock.Real{}
	}
	switch {
	case strings.HasPrefix(opt.URL, "postgres://"), strings.HasPrefix(opt.URL, "postgresql://"):
		return openPostgres(ctx, opt)
	case opt.URL == "":
		if opt.DataDir == "" {
			return nil, errors.New("open store: no data folder and no database URL")
		}
		return openSQLite(ctx, filepath.Join(opt.DataDir, SQLiteFile), opt)
	case strings.HasPrefix(opt.URL, "sqlite:"), strings.HasPrefix(opt.URL, "file:"):
		p := strings.TrimPrefix(strings.TrimPrefix(opt.URL, "sqlite:"), "file:")
		return openSQLite(ctx, strings.TrimPrefix(p, "//"), opt)
	default:
		return nil, fmt.Errorf("open store: unsupported database URL %q (want postgres://... or empty for SQLite)", redactURL(opt.URL))
	}
}

func openSQLite(ctx context.Context, path string, opt Options) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("open sqlite: create data folder: %w", err)
	}
	pragmas := "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=temp_store(MEMORY)&_pragma=cache_size(-65536)&_time_format=sqlite"
	dsn := "file:" + path + "?" + pragmas + "&_txlock=immediate"
	w, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite readers %s: %w", path, err)
	}
	n := opt.Readers
	if n <= 0 {
		n = 4
	}
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	return &DB{dialect: SQLite, write: w, read: r, clock: opt.Clock, path: path}, nil
}

func openPostgres(ctx context.Context, opt Options) (*DB, error) {
	db, err := sql.Open("pgx", opt.URL)
	if err != nil {
		return nil, fmt.Errorf("open postgres %s: %w", redactURL(opt.URL), err)
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(8)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open postgres %s: %w", redactURL(opt.URL), err)
	}
	return &DB{dialect: Postgres, write: db, read: db, clock: opt.Clock}, nil
}

// redactURL hides a password in a database URL.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

// Dialect reports which database is behind db.
func (db *DB) Dialect() Dialect { return db.dialect }

// Path is the SQLite file, or "" for PostgreSQL.
func (db *DB) Path() string { return db.path }

// Clock is the clock that stamps records.
func (db *DB) Clock() clock.Clock { return db.clock }

// Close closes the store.
func (db *DB) Close() error {
	err := db.write.Close()
	if db.read != db.write {
		if rerr := db.read.Close(); err == nil {
			err = rerr
		}
	}
	return err
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.read.PingContext(ctx); err != nil {
		return fmt.Errorf("ping %s: %w", db.dialect, err)
	}
	return nil
}

// rebind turns '?' placeholders into '$n' for PostgreSQL. Queries in this
// package never contain a literal '?' inside strings.
func (db *DB) rebind(q string) string {
	if db.dialect != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// Tx is a write transaction. Service methods take one so that a change and
// its audit event commit together.
type Tx struct {
	tx *sql.Tx
	db *DB
}

// queryer is what both *sql.DB and *sql.Tx offer.
type queryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	res, err := tx.tx.ExecContext(ctx, tx.db.rebind(q), args...)
	return res, translate(err)
}

func (tx *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	rows, err := tx.tx.QueryContext(ctx, tx.db.rebind(q), args...)
	return rows, translate(err)
}

func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(ctx, tx.db.rebind(q), args...)
}

// Update runs fn in a write transaction, committing when fn returns nil and
// rolling back otherwise.
func (db *DB) Update(ctx context.Context, fn func(tx *Tx) error) error {
	sqltx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", translate(err))
	}
	tx := &Tx{tx: sqltx, db: db}
	if err := fn(tx); err != nil {
		_ = sqltx.Rollback()
		return err
	}
	if err := sqltx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", translate(err))
	}
	return nil
}

// query runs a read on the reader pool.
func (db *DB) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	rows, err := db.read.QueryContext(ctx, db.rebind(q), args...)
	return rows, translate(err)
}

func (db *DB) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return db.read.QueryRowContext(ctx, db.rebind(q), args...)
}

// sqliteErrCode extracts the extended result code of a modernc SQLite error.
func sqliteErrCode(err error) (int, bool) {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code(), true
	}
	return 0, false
}
