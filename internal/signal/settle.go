package signal

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/factdesk/factdesk/internal/store"
)

// settle closes what can be closed at clock time now (everything over when
// force), runs a due backfill, stores pending alerts and saves the state
// when due.
func (s *Stage) settle(ctx context.Context, now time.Time, force bool) error {
	if wm := s.closable(now, force); wm.After(s.det.Watermark()) {
		s.queue(s.det.Advance(wm))
		for ms := range s.touched {
			if !s.det.IsOpen(time.UnixMilli(ms)) {
				delete(s.touched, ms)
			}
		}
	}
	if s.late.due(now, s.opt, force) {
		if err := s.backfill(ctx); err != nil {
			return err
		}
	}
	if len(s.pending) > 0 {
		n, err := s.opt.Store.InsertAlerts(ctx, s.pending)
		if err != nil {
			return fmt.Errorf("signal: store %d alerts: %w", len(s.pending), err)
		}
		s.opt.Logger.Info("signal: alerts raised", "new", n, "found", len(s.pending))
		s.pending = nil
	}
	if force || (now.Sub(s.lastSave) >= s.opt.SnapshotEvery && !s.det.Watermark().Equal(s.savedWM)) {
		return s.save(ctx, now)
	}
	return nil
}

// closable returns the watermark to advance to: the end of the longest run
// of oldest open buckets that are over (their end plus the lateness passed
// by the latest event time or by the clock) and quiet (no post for them
// within Quiet), or too many to hold.
func (s *Stage) closable(now time.Time, force bool) time.Time {
	over := s.det.MaxSeen()
	if now.After(over) {
		over = now
	}
	over = over.Add(-s.opt.Lateness)
	width := s.det.Config().Bucket
	wm := s.det.Watermark()
	excess := s.det.Stats().OpenPosts - s.opt.MaxOpenPosts
	for _, b := range s.det.OpenBuckets() {
		end := b.Start.Add(width)
		quiet := force || now.Sub(s.touched[b.Start.UnixMilli()]) >= s.opt.Quiet
		if excess <= 0 && (end.After(over) || !quiet) {
			break
		}
		if excess > 0 {
			s.opt.Logger.Warn("signal: too many posts in open buckets; closing one early", "bucket", b.Start, "posts", b.Posts)
		}
		excess -= b.Posts
		wm = end
	}
	return wm
}

// queue turns detector alerts into store records waiting to be stored.
func (s *Stage) queue(alerts []Alert) {
	for _, a := range alerts {
		details, err := json.Marshal(a.Details)
		if err != nil {
			details = []byte("{}") // Details has only numbers, strings and times
		}
		s.pending = append(s.pending, store.Alert{
			Kind: string(a.Kind), Key: a.Key.String(), StoryID: a.StoryID, BucketStart: a.BucketStart, At: a.At,
			Score: a.Details.Surprise, Explanation: a.Explanation(), Details: details,
		})
	}
}

// save stores the detector's state as of its watermark. Alerts before the
// watermark are all stored by now, so a restart replays from there.
func (s *Stage) save(ctx context.Context, now time.Time) error {
	data, err := s.det.MarshalBinary()
	if err != nil {
		return err
	}
	wm := s.det.Watermark()
	if err := s.opt.Store.SaveSignalState(ctx, store.SignalState{Name: s.opt.Name, Watermark: wm, Data: data}); err != nil {
		return fmt.Errorf("signal: %w", err)
	}
	s.lastSave, s.savedWM = now, wm
	return nil
}
