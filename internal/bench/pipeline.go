package bench

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/importer"
	"github.com/factdesk/factdesk/internal/intake"
	"github.com/factdesk/factdesk/internal/post"
)

// Submitter is the pipeline under measurement.
type Submitter interface {
	Submit(ctx context.Context, posts []post.Post, progress func(done int)) (intake.Summary, error)
}

// PipelineResult is what one pipeline run measured.
type PipelineResult struct {
	Posts       int     `json:"posts"`
	Stored      int     `json:"stored"`
	Rejected    int     `json:"rejected"`
	Seconds     float64 `json:"seconds"`
	PostsPerSec float64 `json:"posts_per_sec"`
	P50ms       float64 `json:"p50_ms"` // per-post latency from read to stored
	P99ms       float64 `json:"p99_ms"`
	PeakRSSMiB  float64 `json:"peak_rss_mib"`
}

// chunk is how many posts are queued together; inFlight chunks are queued
// at once, so the pipeline always has work while latency stays per post.
const (
	chunk    = 1000
	inFlight = 4
)

type batch struct {
	posts  []post.Post
	readAt []time.Time
}

// RunPipeline reads posts from file (the import schema), normalises them
// and pushes them through sub, measuring throughput, per-post latency (from
// the moment a post is read to the moment its outcome arrives) and the
// process's peak resident memory.
func RunPipeline(ctx context.Context, file string, sourceID int64, sub Submitter, clk clock.Clock) (PipelineResult, error) {
	f, err := os.Open(file)
	if err != nil {
		return PipelineResult{}, fmt.Errorf("bench: %w", err)
	}
	defer f.Close()
	var res PipelineResult
	var mu sync.Mutex
	var lat []time.Duration
	var firstErr error
	work := make(chan batch, inFlight)
	var wg sync.WaitGroup
	for range inFlight {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				done := 0
				var mine []time.Duration
				sum, err := sub.Submit(ctx, b.posts, func(d int) {
					now := clk.Now()
					for ; done < d && done < len(b.readAt); done++ {
						mine = append(mine, now.Sub(b.readAt[done]))
					}
				})
				now := clk.Now()
				for ; done < len(b.readAt); done++ {
					mine = append(mine, now.Sub(b.readAt[done]))
				}
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				lat = append(lat, mine...)
				res.Stored += sum.Imported + sum.Updated + sum.Duplicates
				res.Rejected += sum.Rejected
				mu.Unlock()
			}
		}()
	}
	start := clk.Now()
	cur := batch{}
	rejected := 0
	err = importer.Read(f, importer.Options{Format: importer.FormatOf(file)}, func(r importer.Record) error {
		res.Posts++
		t := clk.Now()
		if r.Err == nil {
			r.Post.SourceID = sourceID
			r.Err = intake.Normalize(&r.Post, t)
		}
		if r.Err != nil {
			rejected++
			return nil
		}
		cur.posts = append(cur.posts, r.Post)
		cur.readAt = append(cur.readAt, t)
		if len(cur.posts) >= chunk {
			work <- cur
			cur = batch{}
		}
		return nil
	})
	if len(cur.posts) > 0 {
		work <- cur
	}
	close(work)
	wg.Wait()
	if err == nil {
		err = firstErr
	}
	if err != nil {
		return res, fmt.Errorf("bench: %w", err)
	}
	res.Rejected += rejected
	res.Seconds = clk.Now().Sub(start).Seconds()
	if res.Seconds > 0 {
		res.PostsPerSec = float64(res.Posts) / res.Seconds
	}
	res.P50ms, res.P99ms = percentile(lat, 0.50), percentile(lat, 0.99)
	res.PeakRSSMiB = PeakRSSMiB()
	return res, nil
}

func percentile(d []time.Duration, q float64) float64 {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return float64(s[int(q*float64(len(s)-1))].Microseconds()) / 1000
}

// PeakRSSMiB reads the process's peak resident set size (Linux; 0 elsewhere).
func PeakRSSMiB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err == nil {
				return kb / 1024
			}
		}
	}
	return 0
}
