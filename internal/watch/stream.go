package watch

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/source"
	"github.com/factdesk/factdesk/internal/store"
)

// stream is one running streaming source (the Bluesky Jetstream).
type stream struct {
	src    store.Source
	cancel context.CancelFunc
	done   chan struct{}
}

// flushEvery and flushSize bound how long and how many streamed posts wait
// before they are queued.
const (
	flushEvery = time.Second
	flushSize  = 200
)

// reconcileStreams starts the streams of live streaming sources and stops
// those of sources that were paused, removed or changed.
func (w *Watcher) reconcileStreams(ctx context.Context) {
	live, err := w.Store.LiveSources(ctx, source.StreamKinds())
	if err != nil {
		if ctx.Err() == nil {
			w.Logger.Warn("watch: list streaming sources", "err", err)
		}
		return
	}
	w.streamsMu.Lock()
	defer w.streamsMu.Unlock()
	if w.streams == nil {
		w.streams = map[int64]*stream{}
	}
	want := map[int64]store.Source{}
	for _, s := range live {
		want[s.ID] = s
	}
	for id, st := range w.streams {
		s, ok := want[id]
		if !ok || s.URL != st.src.URL || fmt.Sprint(s.Settings) != fmt.Sprint(st.src.Settings) {
			st.cancel()
			<-st.done
			delete(w.streams, id)
		}
	}
	for id, s := range want {
		if _, running := w.streams[id]; running {
			continue
		}
		sctx, cancel := context.WithCancel(ctx)
		st := &stream{src: s, cancel: cancel, done: make(chan struct{})}
		w.streams[id] = st
		go func() {
			defer close(st.done)
			w.runStream(sctx, s)
		}()
	}
}

func (w *Watcher) stopStreams() {
	w.streamsMu.Lock()
	defer w.streamsMu.Unlock()
	for id, st := range w.streams {
		st.cancel()
		<-st.done
		delete(w.streams, id)
	}
}

// runStream follows one streaming source until ctx ends, reconnecting with
// backoff. Posts are queued in small batches; the cursor is saved only after
// the posts before it are queued, so a restart resumes without a gap.
func (w *Watcher) runStream(ctx context.Context, src store.Source) {
	failures := 0
	for ctx.Err() == nil {
		err := w.streamOnce(ctx, src)
		if ctx.Err() != nil {
			return
		}
		failures++
		wait := source.Backoff(failures, w.rand())
		msg := fmt.Errorf("source %d (%s): stream: %w", src.ID, src.Name, err)
		w.Logger.Warn("watch: stream stopped", "source", src.ID, "err", err, "retry_in", wait)
		_ = w.Store.RecordFetch(context.WithoutCancel(ctx), src.ID, store.FetchOutcome{Err: msg, NextPollAt: w.Clock.Now().Add(wait)})
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		if s, err := w.latestCursor(ctx, src); err == nil {
			src = s
		}
	}
}

func (w *Watcher) latestCursor(ctx context.Context, src store.Source) (store.Source, error) {
	live, err := w.Store.LiveSources(ctx, []string{src.Kind})
	if err != nil {
		return src, err
	}
	for _, s := range live {
		if s.ID == src.ID {
			return s, nil
		}
	}
	return src, nil
}

func (w *Watcher) streamOnce(ctx context.Context, src store.Source) error {
	st, err := source.NewStreamer(src.Kind, w.Deps)
	if err != nil {
		return err
	}
	var mu sync.Mutex
	var buf []post.Post
	var cursor string
	flush := func() error {
		mu.Lock()
		batch, cur := buf, cursor
		buf = nil
		mu.Unlock()
		if len(batch) == 0 {
			return nil
		}
		var rep Report
		if err := w.submit(ctx, src, batch, &rep); err != nil {
			return err
		}
		return w.Store.SaveCursor(ctx, src.ID, cur)
	}
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		errc <- st.Stream(sctx, source.Source{ID: src.ID, Kind: src.Kind, Name: src.Name, URL: src.URL, Settings: src.Settings, Cursor: src.Cursor},
			func(p post.Post, cur string) error {
				mu.Lock()
				buf = append(buf, p)
				cursor = cur
				n := len(buf)
				mu.Unlock()
				if n >= flushSize {
					return flush()
				}
				return nil
			})
	}()
	t := time.NewTicker(flushEvery)
	defer t.Stop()
	for {
		select {
		case err := <-errc:
			if ferr := flush(); ferr != nil && err == nil {
				err = ferr
			}
			if err == nil {
				err = fmt.Errorf("stream ended")
			}
			return err
		case <-t.C:
			if err := flush(); err != nil {
				cancel()
				<-errc
				return err
			}
		}
	}
}
