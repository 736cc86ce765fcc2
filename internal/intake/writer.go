package intake

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/bus"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
)

// Store is what the writer needs of the store.
type Store interface {
	UpsertPosts(ctx context.Context, posts []post.Post) ([]store.UpsertResult, error)
}

// Stage is a pipeline step that runs after posts are stored (clustering,
// indexing, matching). Posts carry their ids; results say which are new.
// A stage must be idempotent: after a crash a batch may be seen again.
type Stage interface {
	Process(ctx context.Context, posts []post.Post, results []store.UpsertResult) error
}

// Writer consumes the intake queue and stores posts in batches. Any number
// of writers, in any processes, may share the durable consumer.
type Writer struct {
	Bus    *bus.Bus
	Store  Store
	Clock  clock.Clock
	Logger *slog.Logger
	Stages []Stage
	Batch  int // posts per transaction (default 2000)
}

// Run consumes until ctx ends. Messages are acknowledged only after their
// posts are committed, so a crash loses nothing; the store's idempotent
// upsert makes redelivery harmless.
func (w *Writer) Run(ctx context.Context) error {
	if w.Batch <= 0 {
		w.Batch = 2000
	}
	cons, err := w.Bus.JS.CreateOrUpdateConsumer(ctx, w.Bus.IntakeStream(), jetstream.ConsumerConfig{
		Durable:       bus.WriterConsumer,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       30 * time.Second, // a killed writer's batch comes back this soon
		MaxAckPending: 20000,
		MaxDeliver:    -1,
	})
	if err != nil {
		return fmt.Errorf("intake writer: consumer: %w", err)
	}
	for ctx.Err() == nil {
		batch, err := cons.FetchNoWait(w.Batch)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			w.Logger.Warn("intake fetch failed", "err", err)
			sleep(ctx, time.Second)
			continue
		}
		var msgs []jetstream.Msg
		for m := range batch.Messages() {
			msgs = append(msgs, m)
		}
		if err := batch.Error(); err != nil && !errors.Is(err, jetstream.ErrNoMessages) && ctx.Err() == nil {
			w.Logger.Warn("intake fetch", "err", err)
		}
		if len(msgs) == 0 {
			// Nothing waiting: block briefly for the next message.
			b, err := cons.Fetch(1, jetstream.FetchMaxWait(250*time.Millisecond))
			if err == nil {
				for m := range b.Messages() {
					msgs = append(msgs, m)
				}
			}
			if len(msgs) == 0 {
				continue
			}
		}
		start := w.Clock.Now()
		// Finish the batch in hand even when asked to stop, so that its
		// posts are committed and acknowledged rather than redelivered.
		err = w.handle(context.WithoutCancel(ctx), msgs)
		w.Logger.Debug("intake batch", "posts", len(msgs), "took", w.Clock.Now().Sub(start))
		if err != nil {
			w.Logger.Error("intake batch failed; it will be redelivered", "posts", len(msgs), "err", err)
			for _, m := range msgs {
				_ = m.NakWithDelay(2 * time.Second)
			}
			sleep(ctx, time.Second)
		}
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// handle stores one fetched batch and reports the outcomes.
func (w *Writer) handle(ctx context.Context, msgs []jetstream.Msg) error {
	var posts []post.Post
	var metas []message
	outcomes := map[string][]Outcome{}
	for _, m := range msgs {
		dm, err := decodeMessage(m.Data())
		if err == nil && (!dm.Normalized || dm.Post.ContentHash == "" || dm.Post.ExternalID == "") {
			err = Normalize(&dm.Post, w.Clock.Now())
		}
		if err == nil && dm.Post.SourceID == 0 {
			err = errors.New("no source")
		}
		if err != nil {
			if dm.Batch != "" {
				outcomes[dm.Batch] = append(outcomes[dm.Batch], Outcome{Seq: dm.Seq, Status: StatusRejected, Reason: err.Error()})
			}
			w.Logger.Warn("intake: rejected a queued post", "err", err)
			continue
		}
		posts = append(posts, dm.Post)
		metas = append(metas, dm)
	}
	if len(posts) > 0 {
		results, rejected, err := w.upsert(ctx, posts)
		if err != nil {
			return err
		}
		for i, reason := range rejected {
			if dm := metas[i]; dm.Batch != "" {
				outcomes[dm.Batch] = append(outcomes[dm.Batch], Outcome{Seq: dm.Seq, Status: StatusRejected, Reason: reason})
			}
		}
		posts, metas, results = dropRejected(posts, metas, results, rejected)
		for i := range posts {
			posts[i].ID = results[i].ID
		}
		for _, st := range w.Stages {
			if err := st.Process(ctx, posts, results); err != nil {
				return fmt.Errorf("pipeline stage: %w", err)
			}
		}
		for i, dm := range metas {
			if dm.Batch != "" {
				outcomes[dm.Batch] = append(outcomes[dm.Batch], Outcome{Seq: dm.Seq, Status: string(results[i].Status), ID: results[i].ID})
			}
		}
	}
	for batch, outs := range outcomes {
		b, _ := json.Marshal(outs)
		if err := w.Bus.NC.Publish(w.Bus.ResultsSubject(batch), b); err != nil {
			w.Logger.Warn("intake: report outcomes", "batch", batch, "err", err)
		}
	}
	for _, m := range msgs {
		if err := m.Ack(); err != nil {
			w.Logger.Warn("intake: ack", "err", err)
		}
	}
	return nil
}

// upsert stores posts in one transaction. When the database refuses the
// batch for a reason that lies in the data (not a transient failure), it
// stores them one by one so that one bad post cannot hold back the rest;
// rejected maps the index of each refused post to its reason.
func (w *Writer) upsert(ctx context.Context, posts []post.Post) ([]store.UpsertResult, map[int]string, error) {
	results, err := w.Store.UpsertPosts(ctx, posts)
	if err == nil {
		return results, nil, nil
	}
	if code := apperr.CodeOf(err); code != apperr.Invalid && code != apperr.Conflict {
		return nil, nil, err
	}
	results = make([]store.UpsertResult, len(posts))
	rejected := map[int]string{}
	for i := range posts {
		r, err := w.Store.UpsertPosts(ctx, posts[i:i+1])
		switch code := apperr.CodeOf(err); {
		case err == nil:
			results[i] = r[0]
		case code == apperr.Invalid || code == apperr.Conflict:
			rejected[i] = apperr.MessageOf(err)
		default:
			return nil, nil, err
		}
	}
	return results, rejected, nil
}

func dropRejected(posts []post.Post, metas []message, results []store.UpsertResult, rejected map[int]string) ([]post.Post, []message, []store.UpsertResult) {
	if len(rejected) == 0 {
		return posts, metas, results
	}
	var p2 []post.Post
	var m2 []message
	var r2 []store.UpsertResult
	for i := range posts {
		if _, bad := rejected[i]; !bad {
			p2, m2, r2 = append(p2, posts[i]), append(m2, metas[i]), append(r2, results[i])
		}
	}
	return p2, m2, r2
}
