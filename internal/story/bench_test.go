package story

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/intake"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

// synthCorpus makes n posts for benchmarks: new posts of 15 to 60 words
// drawn with their real frequencies from a vocabulary (the fixture's, or
// the real data sets' when FACTDESK_DATASETS is set), and for dupShare of
// them a light-edit variant of an earlier post.
func synthCorpus(tb testing.TB, n int, dupShare float64) []post.Post {
	tb.Helper()
	var sources []string
	if dir := os.Getenv("FACTDESK_DATASETS"); dir != "" {
		sources = vfndTexts(tb, dir)
		tw, _ := checkThatTweets(tb, dir)
		sources = append(sources, tw...)
	} else {
		posts, _ := readLabelled(tb, fixture)
		for _, p := range posts {
			sources = append(sources, p.Text)
		}
	}
	var words []string // with repeats: sampling it follows word frequency
	for _, s := range sources {
		words = append(words, strings.Fields(s)...)
	}
	r := rand.New(rand.NewPCG(7, 8))
	g := newVariantGen(9, sources)
	out := make([]post.Post, n)
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for i := range out {
		var body string
		if i > 0 && r.Float64() < dupShare {
			body = g.variant(out[r.IntN(i)].Text)
		} else {
			w := make([]string, 15+r.IntN(46))
			for j := range w {
				w[j] = words[r.IntN(len(words))]
			}
			body = strings.Join(w, " ")
		}
		out[i] = post.Post{ID: int64(i + 1), SourceID: int64(1 + i%5), ExternalID: strconv.Itoa(i), Text: body,
			PublishedAt: at.Add(time.Duration(i) * time.Second)}
		if err := intake.Normalize(&out[i], at); err != nil {
			tb.Fatal(err)
		}
	}
	return out
}

// BenchmarkAssign measures placement (fingerprint and index) of a stream
// of posts, a third of them near-duplicates, and the index memory per post.
func BenchmarkAssign(b *testing.B) {
	n := benchPosts(b, 100_000)
	posts := synthCorpus(b, n, 1.0/3)
	b.ResetTimer()
	var ix *Index
	var heap uint64
	var cpu time.Duration
	for range b.N {
		b.StopTimer()
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		ix = newTestIndex(b)
		c0 := cpuTime()
		b.StartTimer()
		for i := range posts {
			ix.Assign(posts[i])
		}
		b.StopTimer()
		cpu += cpuTime() - c0
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		heap = after.HeapAlloc - before.HeapAlloc
		b.StartTimer()
	}
	st := ix.Stats()
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "posts/s")
	b.ReportMetric(float64(heap)/float64(n), "heap-B/post")
	b.ReportMetric(float64(cpu.Microseconds())/float64(n*b.N), "cpu-µs/post")
	b.ReportMetric(st.Candidates, "candidates/post")
	b.ReportMetric(float64(st.Stories), "stories")
	b.ReportMetric(0, "ns/op")
	runtime.KeepAlive(ix)
}

// BenchmarkStage measures the pipeline stage on SQLite: fingerprints,
// placement and the stored assignments, in batches of 1000.
func BenchmarkStage(b *testing.B) {
	n := benchPosts(b, 20_000)
	posts := synthCorpus(b, n, 1.0/3)
	ctx := context.Background()
	var cpu time.Duration
	for range b.N {
		b.StopTimer()
		db := storetest.OpenSQLite(b, clock.NewFake(time.Unix(0, 0)))
		for i := range 5 {
			if _, err := db.EnsureSource(ctx, "bench", "import", fmt.Sprint("s", i)); err != nil {
				b.Fatal(err)
			}
		}
		batch := make([]post.Post, 0, 1000)
		var stored [][]post.Post
		var results [][]store.UpsertResult
		for i := range posts {
			batch = append(batch, posts[i])
			if len(batch) == cap(batch) || i == len(posts)-1 {
				res, err := db.UpsertPosts(ctx, batch)
				if err != nil {
					b.Fatal(err)
				}
				stored, results = append(stored, batch), append(results, res)
				batch = make([]post.Post, 0, 1000)
			}
		}
		st := NewStage(newTestIndex(b), db)
		c0 := cpuTime()
		b.StartTimer()
		for i := range stored {
			if err := st.Process(ctx, stored[i], results[i]); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		cpu += cpuTime() - c0
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "posts/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(n*b.N), "cpu-µs/post")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkLoad measures rebuilding the index from a SQLite store.
func BenchmarkLoad(b *testing.B) {
	n := benchPosts(b, 20_000)
	posts := synthCorpus(b, n, 1.0/3)
	ctx := context.Background()
	db := storetest.OpenSQLite(b, clock.NewFake(time.Unix(0, 0)))
	for i := range 5 {
		if _, err := db.EnsureSource(ctx, "bench", "import", fmt.Sprint("s", i)); err != nil {
			b.Fatal(err)
		}
	}
	st := NewStage(newTestIndex(b), db)
	for len(posts) > 0 {
		batch := posts[:min(5000, len(posts))]
		posts = posts[len(batch):]
		res, err := db.UpsertPosts(ctx, batch)
		if err != nil {
			b.Fatal(err)
		}
		if err := st.Process(ctx, batch, res); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	c0 := cpuTime()
	for range b.N {
		if _, _, err := Load(ctx, db, Config{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "posts/s")
	b.ReportMetric(float64((cpuTime()-c0).Microseconds())/float64(n*b.N), "cpu-µs/post")
	b.ReportMetric(0, "ns/op")
}

// benchPosts is $FACTDESK_BENCH_POSTS, or def.
func benchPosts(b *testing.B, def int) int {
	if v, err := strconv.Atoi(os.Getenv("FACTDESK_BENCH_POSTS")); err == nil && v > 0 {
		return v
	}
	return def
}
