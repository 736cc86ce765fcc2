package worker

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/factdesk/factdesk/internal/bus"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
)

// storedBatch announces posts committed by an intake writer, for the stages.
type storedBatch struct {
	Posts  []post.Post          `json:"posts"`  // with their ids; no raw payload or HTML
	Status []store.UpsertStatus `json:"status"` // the writer's outcome of each
}

// maxStoredBytes bounds one announcement, well under NATS's default 1 MB
// payload limit.
const maxStoredBytes = 512 << 10

// ensureStoredStream creates the stream of stored batches.
func ensureStoredStream(ctx context.Context, b *bus.Bus) error {
	_, err := b.JS.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        b.StoredStream(),
		Subjects:    []string{b.StoredSubject()},
		Storage:     jetstream.FileStorage,
		Retention:   jetstream.WorkQueuePolicy,
		Duplicates:  2 * time.Minute,
		Description: "batches of stored posts waiting for the stages (stories, claims, spikes)",
	})
	if err != nil {
		return fmt.Errorf("create stream %s: %w", b.StoredStream(), err)
	}
	return nil
}

// announcer is the intake writer's last stage in a worker: it hands each
// committed batch to the stages through the bus. A failure makes the
// writer redeliver the batch, which is then announced again (as
// duplicates), so no stored post goes unannounced.
type announcer struct {
	bus *bus.Bus
}

// Process publishes the batch in chunks and waits for the bus to store them.
func (a *announcer) Process(ctx context.Context, posts []post.Post, results []store.UpsertResult) error {
	var futures []jetstream.PubAckFuture
	publish := func(sb storedBatch) error {
		data, err := json.Marshal(sb)
		if err != nil {
			return fmt.Errorf("announce stored posts: %w", err)
		}
		msg := &nats.Msg{Subject: a.bus.StoredSubject(), Data: data, Header: nats.Header{}}
		msg.Header.Set(jetstream.MsgIDHeader, batchID(sb))
		f, err := a.bus.JS.PublishMsgAsync(msg)
		if err != nil {
			return fmt.Errorf("announce stored posts: %w", err)
		}
		futures = append(futures, f)
		return nil
	}
	var sb storedBatch
	size := 0
	for i, p := range posts {
		p.Raw, p.HTML = nil, ""
		n := len(p.Text) + len(p.Title) + len(p.URL) + 300
		if size+n > maxStoredBytes && len(sb.Posts) > 0 {
			if err := publish(sb); err != nil {
				return err
			}
			sb, size = storedBatch{}, 0
		}
		sb.Posts = append(sb.Posts, p)
		sb.Status = append(sb.Status, results[i].Status)
		size += n
	}
	if len(sb.Posts) > 0 {
		if err := publish(sb); err != nil {
			return err
		}
	}
	for _, f := range futures {
		select {
		case <-f.Ok():
		case err := <-f.Err():
			return fmt.Errorf("announce stored posts: %w", err)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// batchID names an announcement by its content, so that publishing the
// same one twice (a retry) stores it once.
func batchID(sb storedBatch) string {
	h := sha256.New()
	for i, p := range sb.Posts {
		h.Write([]byte(strconv.FormatInt(p.ID, 10) + ":" + string(sb.Status[i]) + ";"))
	}
	return "stored:" + hex.EncodeToString(h.Sum(nil)[:16])
}
