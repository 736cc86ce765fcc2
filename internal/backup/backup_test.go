package backup_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/backup"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/intake"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

var t0 = time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)

// seed stores n posts (numbered from first) under one source; the source
// itself writes an audit event.
func seed(t *testing.T, db *store.DB, first, n int) {
	t.Helper()
	ctx := context.Background()
	src, err := db.EnsureSource(ctx, "test", "import", "backup test")
	if err != nil {
		t.Fatal(err)
	}
	posts := make([]post.Post, n)
	for i := range posts {
		posts[i] = post.Post{SourceID: src.ID, ExternalID: fmt.Sprint(first + i), Text: fmt.Sprintf("Bài số %d: mưa lớn ở Đà Nẵng", first+i), PublishedAt: t0, Platform: "import"}
		if err := intake.Normalize(&posts[i], t0); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.UpsertPosts(ctx, posts); err != nil {
		t.Fatal(err)
	}
}

func stats(t *testing.T, db *store.DB) map[string]int64 {
	t.Helper()
	st, err := db.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func sameCounts(t *testing.T, got, want map[string]int64) {
	t.Helper()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("after restore %s = %d, want %d (as at backup time)", k, got[k], v)
		}
	}
}

func TestRoundTripSQLite(t *testing.T) {
	ctx := context.Background()
	c := clock.NewFake(t0)
	dir := t.TempDir()
	db, err := store.Open(ctx, store.Options{DataDir: dir, Clock: c})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	seed(t, db, 0, 300)
	want := stats(t, db)
	file := filepath.Join(t.TempDir(), "factdesk.backup")
	// The store stays open, as under a running server: the copy is online.
	res, err := backup.Create(ctx, db, "", file)
	if err != nil {
		t.Fatal(err)
	}
	if res.Bytes == 0 || res.SchemaVersion == 0 || res.Dialect != "sqlite" {
		t.Fatalf("backup result %+v", res)
	}
	seed(t, db, 300, 50) // written after the backup: gone after restore
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	_, err = backup.Restore(ctx, backup.Target{DataDir: dir}, file, backup.RestoreOptions{})
	if !errors.Is(err, backup.ErrNeedsForce) || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("restore over an existing store without --force: %v, want ErrNeedsForce naming --force", err)
	}
	_, err = backup.Restore(ctx, backup.Target{DataDir: dir}, file, backup.RestoreOptions{Force: true, Running: func(string) bool { return true }})
	if !errors.Is(err, backup.ErrInUse) {
		t.Fatalf("restore while a server runs: %v, want ErrInUse", err)
	}
	res, err = backup.Restore(ctx, backup.Target{DataDir: dir}, file, backup.RestoreOptions{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Previous == "" {
		t.Fatalf("restore did not keep the replaced database: %+v", res)
	}

	db, err = store.Open(ctx, store.Options{DataDir: dir, Clock: c})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sameCounts(t, stats(t, db), want)
	rep, err := backup.Check(ctx, db)
	if err != nil || !rep.OK {
		t.Fatalf("check after restore: %+v, %v", rep, err)
	}
	// The replaced database is kept whole, with the posts written after the backup.
	prev, err := store.Open(ctx, store.Options{URL: "sqlite:" + res.Previous})
	if err != nil {
		t.Fatal(err)
	}
	defer prev.Close()
	if got := stats(t, prev)["posts"]; got != 350 {
		t.Errorf("kept database has %d posts, want 350", got)
	}
}

func TestRestoreIntoEmptyFolder(t *testing.T) {
	ctx := context.Background()
	db := storetest.OpenSQLite(t, clock.NewFake(t0))
	seed(t, db, 0, 20)
	file := filepath.Join(t.TempDir(), "b.db")
	if _, err := backup.Create(ctx, db, "", file); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "fresh")
	if _, err := backup.Restore(ctx, backup.Target{DataDir: dir}, file, backup.RestoreOptions{}); err != nil {
		t.Fatalf("restore into a new data folder needs no --force: %v", err)
	}
	got, err := store.Open(ctx, store.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	if n := stats(t, got)["posts"]; n != 20 {
		t.Fatalf("restored %d posts, want 20", n)
	}
}

func TestRestoreRefusesBadFiles(t *testing.T) {
	ctx := context.Background()
	tmp := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(tmp, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// An SQLite file with a schema version newer than this binary knows.
	future := filepath.Join(tmp, "future.db")
	fdb, err := store.Open(ctx, store.Options{URL: "sqlite:" + future})
	if err != nil {
		t.Fatal(err)
	}
	st, err := fdb.Migrate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fdb.Close()
	bumpVersion(t, future, st.Latest+1)
	// A valid SQLite database that is not factdesk's.
	other := filepath.Join(tmp, "other.db")
	odb, err := store.Open(ctx, store.Options{URL: "sqlite:" + other})
	if err != nil {
		t.Fatal(err)
	}
	odb.Close()
	// A damaged copy: a real backup with pages overwritten in the middle.
	good := storetest.OpenSQLite(t, nil)
	seed(t, good, 0, 2000)
	damaged := filepath.Join(tmp, "damaged.db")
	if _, err := backup.Create(ctx, good, "", damaged); err != nil {
		t.Fatal(err)
	}
	corrupt(t, damaged)

	cases := []struct {
		name, file, want string
	}{
		{"text file", write("notes.txt", []byte("hello")), "not a factdesk backup"},
		{"empty file", write("empty", nil), "not a factdesk backup"},
		{"missing file", filepath.Join(tmp, "nope"), "no such file"},
		{"newer schema", future, "newer factdesk"},
		{"not factdesk", other, "no factdesk schema"},
		{"damaged", damaged, "integrity"},
		{"pg dump into sqlite", write("x.dump", []byte("PGDMP\x01\x0e\x00")), "PostgreSQL dump"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			_, err := backup.Restore(ctx, backup.Target{DataDir: dir}, tc.file, backup.RestoreOptions{Force: true})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("restore %s: %v, want an error containing %q", tc.name, err, tc.want)
			}
			if _, err := os.Stat(filepath.Join(dir, store.SQLiteFile)); err == nil {
				t.Fatalf("a refused restore left a database in the data folder")
			}
		})
	}
}
