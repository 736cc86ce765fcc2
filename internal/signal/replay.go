package signal

import (
	"context"
	"fmt"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/store"
)

// replayPage is the number of posts read from the store at a time.
const replayPage = 5000

// Start loads the saved detector state and replays the posts published
// since its watermark, storing the alerts of buckets that close on the way
// (those already stored are skipped). Without a saved state it replays the
// RebuildWindow before the latest post without raising alerts: the buckets
// still open at the end alert as usual. Call it when the pipeline starts;
// Process calls it if needed, leaving its own batch out of the replay.
func (s *Stage) Start(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.startLocked(ctx, nil)
}

// startLocked starts the stage, replaying stored posts except those in
// skip (the batch being processed).
func (s *Stage) startLocked(ctx context.Context, skip map[int64]bool) error {
	if s.started {
		return nil
	}
	begin := s.opt.Clock.Now()
	from, emit, err := s.restore(ctx)
	if err != nil {
		return err
	}
	replayed := 0
	if !from.IsZero() {
		alerts, n, err := s.replay(ctx, s.det, from, time.Time{}, begin, skip)
		if err != nil {
			return err
		}
		replayed = n
		if emit {
			s.queue(alerts)
		}
	}
	now := s.opt.Clock.Now()
	for _, b := range s.det.OpenBuckets() {
		s.touched[b.Start.UnixMilli()] = now
	}
	s.started = true
	s.savedWM = s.det.Watermark()
	s.opt.Logger.Info("signal: detector ready", "from", from, "posts_replayed", replayed, "baselines", s.det.Stats().Keys,
		"took", now.Sub(begin).Round(time.Millisecond))
	return nil
}

// restore loads the saved state, if any, and returns where replay starts
// and whether the buckets it closes may alert.
func (s *Stage) restore(ctx context.Context) (from time.Time, emit bool, err error) {
	st, err := s.opt.Store.SignalState(ctx, s.opt.Name)
	switch {
	case err == nil:
		uerr := s.det.UnmarshalBinary(st.Data)
		if uerr == nil {
			return s.det.Watermark(), true, nil
		}
		s.opt.Logger.Warn("signal: saved state unusable; rebuilding from posts", "err", uerr)
		if s.det, err = New(s.opt.Config); err != nil {
			return time.Time{}, false, err
		}
	case !apperr.Is(err, apperr.NotFound):
		return time.Time{}, false, fmt.Errorf("signal: load state: %w", err)
	}
	latest, err := s.opt.Store.LatestPublished(ctx)
	if err != nil || latest.IsZero() {
		return time.Time{}, false, err
	}
	return latest.Add(-s.opt.RebuildWindow), false, nil
}

// replay feeds det the stored posts published in [from, to) (no end when to
// is zero) in time order, except those in skip and those dated after now,
// closing buckets as it goes, and returns the alerts and the number of
// posts. With an end, every bucket before it is closed; without, the
// buckets within the lateness of the latest post stay open.
func (s *Stage) replay(ctx context.Context, det *Detector, from, to, now time.Time, skip map[int64]bool) ([]Alert, int, error) {
	var alerts []Alert
	var cur store.PublishedCursor
	n := 0
	for {
		page, err := s.opt.Store.PostsPublished(ctx, from, to, cur, replayPage)
		if err != nil {
			return nil, n, fmt.Errorf("signal: replay posts: %w", err)
		}
		if len(page) == 0 {
			break
		}
		last := page[len(page)-1]
		cur = store.PublishedCursor{At: last.PublishedAt, ID: last.ID}
		kept := page[:0]
		for _, p := range page {
			if !p.PublishedAt.After(now.Add(s.opt.Lateness)) && !skip[p.ID] {
				kept = append(kept, p)
			}
		}
		if len(kept) == 0 {
			continue
		}
		events, err := s.events(ctx, kept)
		if err != nil {
			return nil, n, err
		}
		for _, e := range events {
			det.Observe(e)
		}
		n += len(events)
		alerts = append(alerts, det.Advance(kept[len(kept)-1].PublishedAt.Add(-s.opt.Lateness))...)
	}
	if !to.IsZero() {
		alerts = append(alerts, det.Advance(to)...)
	}
	return alerts, n, nil
}

// lateTally gathers new posts that arrived for closed buckets.
type lateTally struct {
	posts   int
	buckets map[int64]struct{} // bucket starts, Unix ms
	lo, hi  time.Time          // first and last of those buckets
	last    time.Time          // clock time of the latest
}

func (l *lateTally) add(bucket, now time.Time) {
	if l.buckets == nil {
		l.buckets = map[int64]struct{}{}
		l.lo, l.hi = bucket, bucket
	}
	l.posts++
	l.buckets[bucket.UnixMilli()] = struct{}{}
	if bucket.Before(l.lo) {
		l.lo = bucket
	}
	if bucket.After(l.hi) {
		l.hi = bucket
	}
	l.last = now
}

// due reports whether the late posts have stopped coming (always, when
// forced) and are many enough to replay; when they stopped but are too few,
// they are forgotten.
func (l *lateTally) due(now time.Time, opt StageOptions, force bool) bool {
	if l.posts == 0 || (!force && now.Sub(l.last) < opt.Quiet) {
		return false
	}
	if l.posts < opt.BackfillMin {
		opt.Logger.Debug("signal: late posts not counted", "posts", l.posts, "from", l.lo, "to", l.hi)
		*l = lateTally{}
		return false
	}
	return true
}

// backfill replays the period of the late posts from the store into a
// detector of its own, which learns from the BackfillWarmup before it, and
// keeps the alerts of the buckets the late posts fell in. The live detector
// is not touched: its baselines have moved on.
func (s *Stage) backfill(ctx context.Context) error {
	l := s.late
	det, err := New(s.opt.Config)
	if err != nil {
		return err
	}
	begin := s.opt.Clock.Now()
	alerts, n, err := s.replay(ctx, det, l.lo.Add(-s.opt.BackfillWarmup), l.hi.Add(det.Config().Bucket), begin, nil)
	if err != nil {
		return err
	}
	kept := alerts[:0]
	for _, a := range alerts {
		if _, ok := l.buckets[a.BucketStart.UnixMilli()]; ok {
			kept = append(kept, a)
		}
	}
	s.queue(kept)
	s.late = lateTally{}
	s.opt.Logger.Info("signal: replayed late history", "late_posts", l.posts, "from", l.lo, "to", l.hi,
		"posts_replayed", n, "alerts", len(kept), "took", s.opt.Clock.Now().Sub(begin).Round(time.Millisecond))
	return nil
}
