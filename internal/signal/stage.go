package signal

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
)

// Stories tells the story of each post; *store.DB satisfies it. Posts
// without a story are left out of the map.
type Stories interface {
	PostStoryIDs(ctx context.Context, postIDs []int64) (map[int64]int64, error)
}

// Store is what the stage needs of the store; *store.DB satisfies it.
type Store interface {
	// InsertAlerts stores alerts, skipping those already stored.
	InsertAlerts(ctx context.Context, alerts []store.Alert) (int, error)
	// SignalState returns the saved detector state, or an apperr NotFound.
	SignalState(ctx context.Context, name string) (store.SignalState, error)
	SaveSignalState(ctx context.Context, st store.SignalState) error
	// PostsPublished pages posts published in [from, to) by (published_at, id).
	PostsPublished(ctx context.Context, from, to time.Time, after store.PublishedCursor, limit int) ([]post.Post, error)
	// LatestPublished is the latest published_at of any post (zero if none).
	LatestPublished(ctx context.Context) (time.Time, error)
}

// StageOptions configure a [Stage]. Zero fields take the defaults.
type StageOptions struct {
	Store   Store
	Stories Stories // nil: posts count for their terms only
	Clock   clock.Clock
	Logger  *slog.Logger
	Config  Config // the detector's
	// Name is the row of the saved state (default "spikes").
	Name string
	// Lateness is how long after a bucket's end, in event time or on the
	// clock, its posts may still arrive (default 10 minutes).
	Lateness time.Duration
	// Quiet is how long a bucket must go without new posts before it is
	// closed (default 2 seconds), so that a history import arriving in
	// batches, sorted or not, is counted whole.
	Quiet time.Duration
	// SnapshotEvery is how often the detector state is saved (default 1 minute).
	SnapshotEvery time.Duration
	// RebuildWindow is how much history is replayed, without alerts, when
	// there is no saved state (default 48 hours before the latest post).
	RebuildWindow time.Duration
	// MaxOpenPosts bounds the posts held in open buckets (default 500,000);
	// past it the oldest buckets are closed early.
	MaxOpenPosts int
	// BackfillMin is the number of new posts arriving for closed buckets
	// that makes the stage replay their period from the store (default 50);
	// fewer are only counted as late.
	BackfillMin int
	// BackfillWarmup is the history replayed before such a period to learn
	// its baselines (default 24 hours).
	BackfillWarmup time.Duration
}

func (o StageOptions) withDefaults() StageOptions {
	if o.Name == "" {
		o.Name = "spikes"
	}
	if o.Clock == nil {
		o.Clock = clock.Real{}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	durations := []struct {
		v *time.Duration
		d time.Duration
	}{{&o.Lateness, 10 * time.Minute}, {&o.Quiet, 2 * time.Second}, {&o.SnapshotEvery, time.Minute},
		{&o.RebuildWindow, 48 * time.Hour}, {&o.BackfillWarmup, 24 * time.Hour}}
	for _, f := range durations {
		if *f.v == 0 {
			*f.v = f.d
		}
	}
	if o.MaxOpenPosts == 0 {
		o.MaxOpenPosts = 500_000
	}
	if o.BackfillMin == 0 {
		o.BackfillMin = 50
	}
	return o
}

// Stage is the pipeline step that finds spikes in stored posts and stores
// the alerts. Run it after the story stage, in one process only: every post
// must reach the same detector. It is safe for concurrent use.
type Stage struct {
	opt StageOptions

	mu       sync.Mutex
	det      *Detector
	started  bool
	touched  map[int64]time.Time // bucket start (Unix ms) -> clock time of its latest post
	pending  []store.Alert       // alerts not yet stored
	late     lateTally
	lastSave time.Time
	savedWM  time.Time
	futures  int64 // posts dated after the clock, not counted
}

// NewStage returns a stage. It reads nothing until Start or the first
// Process.
func NewStage(opt StageOptions) (*Stage, error) {
	if opt.Store == nil {
		return nil, errors.New("signal stage: no store")
	}
	opt = opt.withDefaults()
	if opt.Lateness < 0 || opt.Quiet < 0 || opt.MaxOpenPosts < 1 || opt.BackfillMin < 1 {
		return nil, fmt.Errorf("signal stage: lateness %v, quiet %v, open posts %d, backfill minimum %d: out of range",
			opt.Lateness, opt.Quiet, opt.MaxOpenPosts, opt.BackfillMin)
	}
	det, err := New(opt.Config)
	if err != nil {
		return nil, err
	}
	return &Stage{opt: opt, det: det, touched: map[int64]time.Time{}}, nil
}

// Process counts stored posts (results[i] is the outcome for posts[i]),
// closes the buckets that are over, and stores their alerts. A post counts
// once however often its batch is delivered. New posts for buckets already
// closed are late: enough of them make the stage replay their period from
// the store once they stop coming (see StageOptions.BackfillMin).
func (s *Stage) Process(ctx context.Context, posts []post.Post, results []store.UpsertResult) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.started {
		batch := make(map[int64]bool, len(posts))
		for _, p := range posts {
			batch[p.ID] = true
		}
		if err := s.startLocked(ctx, batch); err != nil {
			return err
		}
	}
	now := s.opt.Clock.Now()
	var fresh []post.Post
	for i, p := range posts {
		if p.ID == 0 || s.future(p, now) {
			continue
		}
		if !s.det.IsOpen(p.PublishedAt) {
			if i < len(results) && results[i].Status == store.Inserted {
				s.late.add(s.det.BucketStart(p.PublishedAt), now)
			}
			continue
		}
		fresh = append(fresh, p)
	}
	events, err := s.events(ctx, fresh)
	if err != nil {
		return err
	}
	for _, e := range events {
		if s.det.Observe(e) == Counted {
			s.touched[s.det.BucketStart(e.At).UnixMilli()] = now
		}
	}
	return s.settle(ctx, now, false)
}

// Tick closes the buckets that went quiet and stores their alerts; Run
// calls it. Call it yourself when driving the stage with a fake clock.
func (s *Stage) Tick(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.started {
		return nil
	}
	return s.settle(ctx, s.opt.Clock.Now(), false)
}

// Flush closes every bucket that is over (by event time or on the clock),
// whether or not it went quiet, runs any pending backfill, stores the
// alerts and saves the state. Call it when the pipeline stops, so that an
// import's last buckets raise their alerts.
func (s *Stage) Flush(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.started {
		return nil
	}
	return s.settle(ctx, s.opt.Clock.Now(), true)
}

// Run ticks every interval (default: the Quiet option, at least a second)
// until ctx ends, then flushes. Errors are logged; the next tick retries.
func (s *Stage) Run(ctx context.Context, interval time.Duration) error {
	if interval <= 0 {
		interval = max(s.opt.Quiet, time.Second)
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return s.Flush(context.WithoutCancel(ctx))
		case <-t.C:
			if err := s.Tick(ctx); err != nil && ctx.Err() == nil {
				s.opt.Logger.Warn("signal: tick failed; retrying", "err", err)
			}
		}
	}
}

// Stats returns the detector's counters and the stage's own.
func (s *Stage) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.det.Stats()
	st.Future, st.LateWaiting = s.futures, s.late.posts
	return st
}

// future reports whether a post claims to be published after the clock
// (plus the lateness, for clock skew): a wrong date or time zone, which must
// not move the watermark. Such posts are not counted.
func (s *Stage) future(p post.Post, now time.Time) bool {
	if p.PublishedAt.After(now.Add(s.opt.Lateness)) {
		s.futures++
		return true
	}
	return false
}

// events turns posts into detector events, with their stories.
func (s *Stage) events(ctx context.Context, posts []post.Post) ([]Event, error) {
	stories := map[int64]int64{}
	if s.opt.Stories != nil && len(posts) > 0 {
		ids := make([]int64, len(posts))
		for i, p := range posts {
			ids[i] = p.ID
		}
		var err error
		if stories, err = s.opt.Stories.PostStoryIDs(ctx, ids); err != nil {
			return nil, fmt.Errorf("signal: stories of posts: %w", err)
		}
	}
	events := make([]Event, len(posts))
	for i := range posts {
		p := &posts[i]
		events[i] = Event{PostID: p.ID, StoryID: stories[p.ID], Source: SourceKey(p.SourceID, p.AuthorHandle), At: p.PublishedAt, Terms: Terms(p)}
	}
	return events, nil
}
