// Package storetest opens real, migrated stores for tests: a SQLite file in
// a temporary folder always, and a fresh PostgreSQL database when the
// environment variable FACTDESK_TEST_POSTGRES holds a server URL.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/store"
)

// PostgresEnv names the variable that enables PostgreSQL tests.
const PostgresEnv = "FACTDESK_TEST_POSTGRES"

// Each runs fn as a subtest against every available store: "sqlite" always,
// "postgres" when FACTDESK_TEST_POSTGRES is set (skipped with a message
// otherwise).
func Each(t *testing.T, c clock.Clock, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, OpenSQLite(t, c)) })
	t.Run("postgres", func(t *testing.T) { fn(t, OpenPostgres(t, c)) })
}

// OpenSQLite returns a migrated SQLite store in a temporary folder, closed
// when the test ends.
func OpenSQLite(tb testing.TB, c clock.Clock) *store.DB {
	tb.Helper()
	return open(tb, store.Options{DataDir: tb.TempDir(), Clock: c})
}

// OpenPostgres returns a migrated store in a fresh PostgreSQL database that is
// dropped when the test ends. It skips the test when FACTDESK_TEST_POSTGRES
// is unset.
func OpenPostgres(tb testing.TB, c clock.Clock) *store.DB {
	tb.Helper()
	dbURL := FreshPostgresURL(tb)
	return open(tb, store.Options{URL: dbURL, Clock: c})
}

// FreshPostgresURL creates an empty schema of its own on the database named
// by FACTDESK_TEST_POSTGRES and returns a URL whose search_path points at it;
// the schema is dropped when the test ends. (A schema is as isolated as a
// database for factdesk's tables and ten times faster to create.) It skips
// the test when the variable is unset.
func FreshPostgresURL(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		tb.Skip("PostgreSQL tests skipped: set " + PostgresEnv + "=postgres://user@host:5432/postgres?sslmode=disable to run them")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatalf("open %s: %v", PostgresEnv, err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "factdesk_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE SCHEMA " + name); err != nil {
		tb.Fatalf("create test schema: %v", err)
	}
	tb.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err != nil {
			tb.Errorf("drop test schema: %v", err)
			return
		}
		defer admin.Close()
		if _, err := admin.Exec("DROP SCHEMA IF EXISTS " + name + " CASCADE"); err != nil {
			tb.Errorf("drop test schema %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("parse %s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", name)
	// Tests need no durability across a power cut; skipping the commit fsync
	// makes the PostgreSQL suite several times faster on slow disks.
	q.Set("synchronous_commit", "off")
	u.RawQuery = q.Encode()
	return u.String()
}

func open(tb testing.TB, opt store.Options) *store.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, opt)
	if err != nil {
		tb.Fatalf("open store: %v", err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("close store: %v", err)
		}
	})
	if _, err := db.Migrate(ctx); err != nil {
		tb.Fatalf("migrate: %v", err)
	}
	return db
}
