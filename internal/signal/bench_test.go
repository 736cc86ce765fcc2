package signal

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/post"
)

// benchEvents returns n events spread over hours, each with a story among
// 10,000 and six terms from a Zipf law over a vocabulary of 200,000.
func benchEvents(n int, perBucket int) []Event {
	r := rand.New(rand.NewPCG(1, 1))
	zipf := rand.NewZipf(r, 1.05, 1, 199_999)
	vocab := make([]string, 200_000)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("term%d", i)
	}
	events := make([]Event, n)
	for i := range events {
		e := Event{PostID: int64(i + 1), StoryID: int64(r.IntN(10_000) + 1), Source: uint64(r.IntN(5000)),
			At: t0.Add(time.Duration(i/perBucket)*10*time.Minute + time.Duration(r.Int64N(int64(10*time.Minute))))}
		for range 6 {
			e.Terms = append(e.Terms, vocab[zipf.Uint64()])
		}
		events[i] = e
	}
	return events
}

// BenchmarkObserve measures counting posts, closing a bucket every 2,000
// posts included: events/s is the detector's throughput.
func BenchmarkObserve(b *testing.B) {
	const n = 200_000
	events := benchEvents(n, 2000)
	d := mustNew(Config{})
	b.ReportAllocs()
	i := 0
	var shift time.Duration
	for b.Loop() {
		e := events[i%n]
		e.At = e.At.Add(shift)
		e.PostID += int64(i/n) * n
		d.Observe(e)
		i++
		if i%n == 0 {
			shift += time.Duration(n/2000) * 10 * time.Minute
		}
		if i%2000 == 0 {
			d.Advance(e.At.Add(-10 * time.Minute))
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkBaselines100k measures the memory of 100,000 baselines (the
// detector after its buckets closed) and of the snapshot that saves them.
func BenchmarkBaselines100k(b *testing.B) {
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		d := mustNew(Config{TrackMin: 1})
		for i := range 100_000 {
			// 50,000 stories and 50,000 terms, one post each.
			e := Event{PostID: int64(i + 1), At: t0.Add(time.Duration(i%60) * time.Minute), Source: uint64(i)}
			if i%2 == 0 {
				e.StoryID = int64(i + 1)
			} else {
				e.Terms = []string{fmt.Sprintf("term number %d", i)}
			}
			d.Observe(e)
		}
		d.Advance(t0.Add(2 * time.Hour))
		runtime.GC()
		runtime.ReadMemStats(&after)
		if d.Stats().Keys != 100_000 {
			b.Fatalf("%d keys", d.Stats().Keys)
		}
		blob, err := d.MarshalBinary()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/1e6, "MB/100k-keys")
		b.ReportMetric(float64(len(blob))/1e6, "MB-snapshot")
		runtime.KeepAlive(d)
	}
}

// BenchmarkSnapshotLoad100k measures a restart's load of 100,000 baselines.
func BenchmarkSnapshotLoad100k(b *testing.B) {
	d := mustNew(Config{TrackMin: 1})
	for i := range 100_000 {
		d.Observe(Event{PostID: int64(i + 1), StoryID: int64(i + 1), At: t0, Source: 1})
	}
	d.Advance(t0.Add(time.Hour))
	blob, err := d.MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := mustNew(Config{}).UnmarshalBinary(blob); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTerms measures term extraction from a Vietnamese social post,
// the stage's main cost per post besides the detector.
func BenchmarkTerms(b *testing.B) {
	p := &post.Post{Lang: "vi", Text: "KHẨN CẤP: Đập thủy điện ở Hòa Bắc sắp vỡ, người dân Hòa Vang sơ tán ngay trong đêm nay! #DaNang #luLut https://example.com/x"}
	b.ReportAllocs()
	for b.Loop() {
		Terms(p)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "posts/s")
}
