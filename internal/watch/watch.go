// Package watch polls the configured sources on their schedules, hands what
// they bring to the intake pipeline, and keeps each source's health: last
// success, last error with its message, consecutive failures, backoff and
// the server's Retry-After.
package watch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/intake"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/source"
	"github.com/factdesk/factdesk/internal/store"
)

// Store is what the watcher needs of the store.
type Store interface {
	DueSources(ctx context.Context, now time.Time, kinds []string) ([]store.Source, error)
	LiveSources(ctx context.Context, kinds []string) ([]store.Source, error)
	RecordFetch(ctx context.Context, id int64, o store.FetchOutcome) error
	SaveCursor(ctx context.Context, id int64, cursor string) error
}

// Submitter queues posts and reports the outcome of each.
type Submitter interface {
	Submit(ctx context.Context, posts []post.Post, progress func(done int)) (intake.Summary, error)
}

// Watcher fetches sources and submits their posts.
type Watcher struct {
	Store     Store
	Submitter Submitter
	Clock     clock.Clock
	Logger    *slog.Logger
	Deps      source.Deps // HTTP client (netguard), limiter, user agent
	Workers   int         // sources fetched at once (default 4)
	Tick      time.Duration

	rndMu sync.Mutex
	rnd   *rand.Rand

	streamsMu sync.Mutex
	streams   map[int64]*stream
}

// Report is what one fetch of a source did.
type Report struct {
	SourceID    int64            `json:"source_id"`
	Fetched     int              `json:"fetched"`
	NotModified bool             `json:"not_modified,omitempty"`
	Summary     intake.Summary   `json:"summary"`
	Skipped     []string         `json:"skipped,omitempty"` // items the connector could not read, with reasons
	Rejected    []string         `json:"rejected,omitempty"`
	Posts       []post.Post      `json:"-"` // the posts as submitted, in order
	Outcomes    []intake.Outcome `json:"-"` // the outcome of each of Posts
	NextPollAt  time.Time        `json:"next_poll_at"`
}

// FetchOnce fetches a source now, submits its posts, and records the
// source's health. On failure the error names the source and the reason,
// and the same message is kept as the source's last_error.
func (w *Watcher) FetchOnce(ctx context.Context, src store.Source) (Report, error) {
	rep := Report{SourceID: src.ID}
	now := w.Clock.Now()
	res, err := w.fetch(ctx, src)
	if err == nil {
		rep.Fetched, rep.NotModified = len(res.Posts), res.NotModified
		for _, s := range res.Skipped {
			rep.Skipped = append(rep.Skipped, s.Error())
		}
		err = w.submit(ctx, src, res.Posts, &rep)
	}
	every := src.Every
	if every <= 0 {
		every = 5 * time.Minute
	}
	if err != nil {
		wait := source.Backoff(src.ConsecutiveFailures+1, w.rand())
		if res.RetryAfter > wait {
			wait = res.RetryAfter
		}
		rep.NextPollAt = now.Add(wait)
		err = fmt.Errorf("source %d (%s): %w", src.ID, src.Name, err)
		if rerr := w.Store.RecordFetch(context.WithoutCancel(ctx), src.ID, store.FetchOutcome{Err: err, NextPollAt: rep.NextPollAt}); rerr != nil {
			return rep, errors.Join(err, rerr)
		}
		return rep, err
	}
	next := every
	if res.RetryAfter > next {
		next = res.RetryAfter
	}
	rep.NextPollAt = now.Add(next)
	cursor, etag, lm := res.Cursor, res.ETag, res.LastModified
	if res.NotModified { // keep what we had
		cursor, etag, lm = src.Cursor, src.ETag, src.LastModified
	}
	if err := w.Store.RecordFetch(ctx, src.ID, store.FetchOutcome{Cursor: cursor, ETag: etag, LastModified: lm, NextPollAt: rep.NextPollAt}); err != nil {
		return rep, err
	}
	return rep, nil
}

func (w *Watcher) fetch(ctx context.Context, src store.Source) (source.Result, error) {
	f, err := source.New(src.Kind, w.Deps)
	if err != nil {
		return source.Result{}, err
	}
	return f.Fetch(ctx, source.Source{
		ID: src.ID, Kind: src.Kind, Name: src.Name, URL: src.URL, Settings: src.Settings,
		Cursor: src.Cursor, ETag: src.ETag, LastModified: src.LastModified,
	})
}

// submit normalises the fetched posts and queues them. Posts that cannot be
// stored are reported by reason; the rest land.
func (w *Watcher) submit(ctx context.Context, src store.Source, posts []post.Post, rep *Report) error {
	now := w.Clock.Now()
	var ok []post.Post
	for _, p := range posts {
		p.SourceID = src.ID
		if p.Platform == "" {
			p.Platform = src.Kind
		}
		if err := intake.Normalize(&p, now); err != nil {
			rep.Rejected = append(rep.Rejected, fmt.Sprintf("%s: %v", describe(p), err))
			rep.Summary.Rejected++
			continue
		}
		ok = append(ok, p)
	}
	if len(ok) == 0 {
		return nil
	}
	sum, err := w.Submitter.Submit(ctx, ok, nil)
	if err != nil {
		return fmt.Errorf("queue posts: %w", err)
	}
	for i, o := range sum.Outcomes {
		if o.Status == intake.StatusRejected {
			rep.Rejected = append(rep.Rejected, fmt.Sprintf("%s: %s", describe(ok[i]), o.Reason))
		}
		ok[i].ID = o.ID
		rep.Summary.Add(o)
	}
	rep.Posts, rep.Outcomes = ok, sum.Outcomes
	return nil
}

func describe(p post.Post) string {
	switch {
	case p.URL != "":
		return p.URL
	case p.ExternalID != "":
		return p.ExternalID
	default:
		return "an item"
	}
}

func (w *Watcher) rand() *rand.Rand {
	w.rndMu.Lock()
	defer w.rndMu.Unlock()
	if w.rnd == nil {
		t := uint64(w.Clock.Now().UnixNano())
		w.rnd = rand.New(rand.NewPCG(t, t>>17|1))
	}
	// A private generator per call keeps callers race-free.
	return rand.New(rand.NewPCG(w.rnd.Uint64(), w.rnd.Uint64()))
}

// Run polls due sources until ctx ends, a few at a time.
func (w *Watcher) Run(ctx context.Context) error {
	tick := w.Tick
	if tick <= 0 {
		tick = 5 * time.Second
	}
	workers := w.Workers
	if workers <= 0 {
		workers = 4
	}
	sem := make(chan struct{}, workers)
	busy := map[int64]bool{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	defer wg.Wait()
	defer w.stopStreams()
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		w.reconcileStreams(ctx)
		due, err := w.Store.DueSources(ctx, w.Clock.Now(), source.Kinds())
		if err != nil && ctx.Err() == nil {
			w.Logger.Warn("watch: list due sources", "err", err)
		}
		for _, src := range due {
			mu.Lock()
			if busy[src.ID] {
				mu.Unlock()
				continue
			}
			busy[src.ID] = true
			mu.Unlock()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return nil
			}
			wg.Add(1)
			go func(src store.Source) {
				defer wg.Done()
				defer func() { <-sem; mu.Lock(); delete(busy, src.ID); mu.Unlock() }()
				rep, err := w.FetchOnce(ctx, src)
				if err != nil {
					w.Logger.Warn("watch: fetch failed", "source", src.ID, "err", err, "next", rep.NextPollAt)
					return
				}
				w.Logger.Info("watch: fetched", "source", src.ID, "items", rep.Fetched, "new", rep.Summary.Imported, "updated", rep.Summary.Updated)
			}(src)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}
