package worker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/factdesk/factdesk/internal/pipeline"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
)

// StagesConsumer is the durable consumer of stored batches, read by the
// worker holding the stages lease.
const StagesConsumer = "stages"

// stagesFetch is how many announcements the stages take at once.
const stagesFetch = 64

// runStages is the work done under the stages lease: rebuild the indexes
// from the store, then run the stages on every stored batch announced,
// acknowledging each announcement only once the stages have stored their
// results. It returns when ctx ends (the lease lost or the worker
// stopping), after flushing the spike detector.
func (w *Worker) runStages(ctx context.Context) error {
	start := w.opt.Clock.Now()
	st, err := pipeline.LoadStages(ctx, pipeline.Options{Config: w.opt.Config, Store: w.opt.Store, Logger: w.opt.Logger, Clock: w.opt.Clock})
	if err != nil {
		return err
	}
	w.opt.Logger.Info("stages ready", "took", w.opt.Clock.Now().Sub(start).Round(time.Millisecond))
	cons, err := w.bus.JS.CreateOrUpdateConsumer(ctx, w.bus.StoredStream(), jetstream.ConsumerConfig{
		Durable:       StagesConsumer,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       30 * time.Second, // a dead leader's batches come back this soon
		MaxAckPending: 4 * stagesFetch,
		MaxDeliver:    -1,
	})
	if err != nil {
		return fmt.Errorf("stages: consumer: %w", err)
	}
	bg := make(chan error, 1)
	bgCtx, stopBG := context.WithCancel(ctx)
	go func() { bg <- st.Run(bgCtx) }()
	defer func() {
		stopBG()
		<-bg
	}()
	for ctx.Err() == nil {
		msgs := fetch(ctx, cons, stagesFetch)
		if len(msgs) == 0 {
			continue
		}
		if err := w.processStored(context.WithoutCancel(ctx), st, msgs); err != nil {
			w.opt.Logger.Error("stages: batch failed; it will be redelivered", "err", err)
			for _, m := range msgs {
				_ = m.NakWithDelay(2 * time.Second)
			}
			sleep(ctx, time.Second)
			continue
		}
		for _, m := range msgs {
			if err := m.Ack(); err != nil {
				w.opt.Logger.Warn("stages: ack", "err", err)
			}
		}
	}
	return nil
}

// fetch takes what is waiting, or waits briefly for one message.
func fetch(ctx context.Context, cons jetstream.Consumer, n int) []jetstream.Msg {
	var msgs []jetstream.Msg
	batch, err := cons.FetchNoWait(n)
	if err == nil {
		for m := range batch.Messages() {
			msgs = append(msgs, m)
		}
	}
	if len(msgs) > 0 || ctx.Err() != nil {
		return msgs
	}
	batch, err = cons.Fetch(1, jetstream.FetchMaxWait(250*time.Millisecond))
	if err != nil {
		sleep(ctx, 250*time.Millisecond)
		return nil
	}
	for m := range batch.Messages() {
		msgs = append(msgs, m)
	}
	return msgs
}

// processStored merges announcements into one batch (each post once) and
// runs the stages on it. A post that has no story yet counts as new
// whatever the writer said: its writer crashed after committing it, and
// the redelivered copy was stored as a duplicate before the stages saw it.
func (w *Worker) processStored(ctx context.Context, st *pipeline.Stages, msgs []jetstream.Msg) error {
	var posts []post.Post
	var results []store.UpsertResult
	at := map[int64]int{}
	for _, m := range msgs {
		var sb storedBatch
		if err := json.Unmarshal(m.Data(), &sb); err != nil || len(sb.Status) != len(sb.Posts) {
			w.opt.Logger.Warn("stages: dropping an unreadable announcement", "err", err)
			continue
		}
		for i, p := range sb.Posts {
			if p.ID == 0 {
				continue
			}
			if k, ok := at[p.ID]; ok {
				if sb.Status[i] == store.Inserted {
					results[k].Status = store.Inserted
				}
				continue
			}
			at[p.ID] = len(posts)
			posts = append(posts, p)
			results = append(results, store.UpsertResult{ID: p.ID, Status: sb.Status[i]})
		}
	}
	if len(posts) == 0 {
		return nil
	}
	var known []int64
	for _, r := range results {
		if r.Status != store.Inserted {
			known = append(known, r.ID)
		}
	}
	if len(known) > 0 {
		stories, err := w.opt.Store.PostStoryIDs(ctx, known)
		if err != nil {
			return fmt.Errorf("stages: %w", err)
		}
		for i := range results {
			if _, placed := stories[results[i].ID]; !placed && results[i].Status != store.Inserted {
				results[i].Status = store.Inserted
			}
		}
	}
	return st.Process(ctx, posts, results)
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

var errNotScaleOut = errors.New("worker: needs --nats nats://... and --db postgres://... (scale-out mode)")
