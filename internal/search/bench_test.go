package search_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/search"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

// fill stores posts [from, to) of g in db, in batches.
func fill(tb testing.TB, db *store.DB, g *gen, from, to int, progress func(n int)) {
	tb.Helper()
	ctx := context.Background()
	src, err := db.EnsureSource(ctx, "bench", "import", "bench")
	if err != nil {
		tb.Fatal(err)
	}
	const batch = 10000
	for i := from; i < to; i += batch {
		posts := make([]post.Post, 0, batch)
		for j := i; j < min(i+batch, to); j++ {
			posts = append(posts, g.post(j, src.ID, t0.AddDate(-1, 0, 0)))
		}
		if _, err := db.UpsertPosts(ctx, posts); err != nil {
			tb.Fatal(err)
		}
		if progress != nil {
			progress(min(i+batch, to))
		}
	}
}

// BenchmarkSearch runs two-word queries against 20,000 generated posts on
// SQLite (and on PostgreSQL when FACTDESK_TEST_POSTGRES is set).
//
//	go test -run '^$' -bench BenchmarkSearch ./internal/search/
func BenchmarkSearch(b *testing.B) {
	const n = 20000
	g := newGen(1)
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, func(b *testing.B) {
			var db *store.DB
			if backend == "sqlite" {
				db = storetest.OpenSQLite(b, clock.NewFake(t0))
			} else {
				db = storetest.OpenPostgres(b, clock.NewFake(t0))
			}
			fill(b, db, g, 0, n, nil)
			svc := search.New(db, search.Options{})
			queries := make([]search.Query, 256)
			for i := range queries {
				q, err := search.Parse(g.query(i, n))
				if err != nil {
					b.Fatal(err)
				}
				queries[i] = q
			}
			ctx := context.Background()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				if _, err := svc.Search(ctx, queries[i%len(queries)], search.Filter{}); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// bench1MEnv enables TestSearch1M; bench1MDirEnv keeps its store between
// runs (generating a million posts takes minutes).
const (
	bench1MEnv    = "FACTDESK_BENCH_1M"
	bench1MDirEnv = "FACTDESK_BENCH_1M_DIR"
)

// TestSearch1M measures the latency of two-word queries on a SQLite store
// of 1,000,000 generated posts and logs p50, p90, p99 and max. It is not a
// pass/fail test of speed; it only fails on errors.
//
//	FACTDESK_BENCH_1M=1 FACTDESK_BENCH_1M_DIR=/tmp/fd1m go test -run TestSearch1M -v -timeout 60m ./internal/search/
func TestSearch1M(t *testing.T) {
	if os.Getenv(bench1MEnv) == "" {
		t.Skip("set " + bench1MEnv + "=1 to measure search on 1M posts (takes minutes)")
	}
	const n = 1_000_000
	dir := os.Getenv(bench1MDirEnv)
	if dir == "" {
		dir = t.TempDir()
	}
	ctx := context.Background()
	db, err := store.Open(ctx, store.Options{DataDir: dir, Clock: clock.NewFake(t0)})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	g := newGen(1)
	have, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if from := int(have["posts"]); from < n {
		start := time.Now()
		fill(t, db, g, from, n, func(done int) {
			if done%100000 == 0 {
				t.Logf("%d posts, %.0f posts/s", done, float64(done-from)/time.Since(start).Seconds())
			}
		})
		t.Logf("generated %d posts in %s", n-from, time.Since(start).Round(time.Second))
	}
	if fi, err := os.Stat(filepath.Join(dir, store.SQLiteFile)); err == nil {
		t.Logf("database: %.0f MiB", float64(fi.Size())/(1<<20))
	}
	measure(t, search.New(db, search.Options{}), g, n)
}

// measure runs warm-up queries, then 2,000 measured ones, and logs the
// distribution of wall-clock latency and of the CPU time of the querying
// thread (which a busy shared machine inflates less), and the mean hit
// count.
func measure(t *testing.T, svc *search.Service, g *gen, n int) {
	ctx := context.Background()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	run := func(i int) (wall, cpu time.Duration, hits int) {
		q, err := search.Parse(g.query(i, n))
		if err != nil {
			t.Fatal(err)
		}
		cpu0, start := threadCPU(), time.Now()
		found, err := svc.Search(ctx, q, search.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		return time.Since(start), threadCPU() - cpu0, len(found)
	}
	for i := range 200 {
		run(100000 + i)
	}
	var walls, cpus []time.Duration
	total := 0
	for i := range 2000 {
		w, c, h := run(i)
		walls, cpus = append(walls, w), append(cpus, c)
		total += h
	}
	t.Logf("%d two-word queries, %.1f hits each (limit 20)", len(walls), float64(total)/float64(len(walls)))
	t.Logf("wall: %s", percentiles(walls))
	t.Logf("cpu:  %s", percentiles(cpus))
}

// percentiles formats p50, p90, p99 and max of ds.
func percentiles(ds []time.Duration) string {
	slices.Sort(ds)
	p := func(f float64) time.Duration { return ds[int(f*float64(len(ds)-1))].Round(10 * time.Microsecond) }
	return fmt.Sprintf("p50 %s, p90 %s, p99 %s, max %s", p(0.5), p(0.9), p(0.99), ds[len(ds)-1].Round(10*time.Microsecond))
}

// threadCPU is the CPU time used so far by the calling OS thread.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// rusageThread is RUSAGE_THREAD (Linux).
const rusageThread = 1
