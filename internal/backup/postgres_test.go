package backup_test

import (
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/internal/backup"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

func TestRoundTripPostgres(t *testing.T) {
	url := storetest.FreshPostgresURL(t)
	if _, err := exec.LookPath("pg_dump"); err != nil {
		t.Skip("PostgreSQL backup test skipped: pg_dump is not on PATH")
	}
	ctx := context.Background()
	c := clock.NewFake(t0)
	open := func() *store.DB {
		db, err := store.Open(ctx, store.Options{URL: url, Clock: c})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		return db
	}
	db := open()
	seed(t, db, 0, 300)
	want := stats(t, db)
	file := filepath.Join(t.TempDir(), "factdesk.dump")
	res, err := backup.Create(ctx, db, url, file)
	if err != nil {
		t.Fatal(err)
	}
	if res.Bytes == 0 || res.SchemaVersion == 0 || res.Dialect != "postgres" {
		t.Fatalf("backup result %+v", res)
	}
	seed(t, db, 300, 50) // after the backup: gone after restore
	db.Close()

	_, err = backup.Restore(ctx, backup.Target{URL: url}, file, backup.RestoreOptions{})
	if !errors.Is(err, backup.ErrNeedsForce) || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("restore over a database with a schema, without --force: %v", err)
	}
	res, err = backup.Restore(ctx, backup.Target{URL: url}, file, backup.RestoreOptions{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.SchemaVersion == 0 {
		t.Fatalf("restore result %+v", res)
	}
	db = open()
	defer db.Close()
	sameCounts(t, stats(t, db), want)
	rep, err := backup.Check(ctx, db)
	if err != nil || !rep.OK {
		t.Fatalf("check after restore: %+v, %v", rep, err)
	}
	// Search still works on the restored tables (generated columns, functions).
	seed(t, db, 1000, 5)
	if got := stats(t, db)["posts"]; got != want["posts"]+5 {
		t.Fatalf("posts after writing to the restored store: %d, want %d", got, want["posts"]+5)
	}
}

func TestRestorePostgresRefusesSQLiteFile(t *testing.T) {
	ctx := context.Background()
	db := storetest.OpenSQLite(t, nil)
	file := filepath.Join(t.TempDir(), "b.db")
	if _, err := backup.Create(ctx, db, "", file); err != nil {
		t.Fatal(err)
	}
	_, err := backup.Restore(ctx, backup.Target{URL: "postgres://nobody@127.0.0.1:1/none"}, file, backup.RestoreOptions{Force: true})
	if err == nil || !strings.Contains(err.Error(), "SQLite backup") {
		t.Fatalf("restore of an SQLite file into PostgreSQL: %v", err)
	}
}
