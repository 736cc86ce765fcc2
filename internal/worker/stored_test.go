package worker

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/bus"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
)

// TestAnnounceChunksAndDedupes announces a batch too big for one message
// twice: it goes out in chunks under the size bound, every post once, and
// the second announcement of the same outcomes is dropped by the bus.
func TestAnnounceChunksAndDedupes(t *testing.T) {
	url := os.Getenv("FACTDESK_TEST_NATS")
	if url == "" {
		t.Skip("NATS tests skipped: set FACTDESK_TEST_NATS=nats://127.0.0.1:4222 to run them")
	}
	ctx := context.Background()
	ns := make([]byte, 6)
	_, _ = rand.Read(ns)
	b, err := bus.Open(ctx, bus.Options{URL: url, Namespace: "worker_test_" + hex.EncodeToString(ns)})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := ensureStoredStream(ctx, b); err != nil {
		t.Fatal(err)
	}
	defer b.JS.DeleteStream(ctx, b.StoredStream())

	posts := make([]post.Post, 300)
	results := make([]store.UpsertResult, len(posts))
	for i := range posts {
		posts[i] = post.Post{ID: int64(i + 1), SourceID: 1, Text: strings.Repeat("lời đồn ", 500), Raw: []byte("raw"), HTML: "<p>x</p>",
			PublishedAt: time.Unix(int64(i), 0)}
		results[i] = store.UpsertResult{ID: int64(i + 1), Status: store.Inserted}
	}
	a := &announcer{bus: b}
	for range 2 {
		if err := a.Process(ctx, posts, results); err != nil {
			t.Fatal(err)
		}
	}
	info, err := b.JS.Stream(ctx, b.StoredStream())
	if err != nil {
		t.Fatal(err)
	}
	st, err := info.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := int(st.State.Msgs)
	if n < 2 {
		t.Fatalf("%d messages: a batch of %d KB must be split", n, 300*4)
	}
	seen := map[int64]bool{}
	for seq := uint64(1); seq <= st.State.LastSeq; seq++ {
		m, err := info.GetMsg(ctx, seq)
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Data) > maxStoredBytes+64<<10 {
			t.Errorf("message %d is %d bytes", seq, len(m.Data))
		}
		var sb storedBatch
		if err := json.Unmarshal(m.Data, &sb); err != nil {
			t.Fatal(err)
		}
		for i, p := range sb.Posts {
			if seen[p.ID] {
				t.Fatalf("post %d announced twice", p.ID)
			}
			seen[p.ID] = true
			if p.Raw != nil || p.HTML != "" || sb.Status[i] != store.Inserted {
				t.Fatalf("post %d announced with raw %q, html %q, status %s", p.ID, p.Raw, p.HTML, sb.Status[i])
			}
		}
	}
	if len(seen) != len(posts) {
		t.Fatalf("%d posts announced, want %d", len(seen), len(posts))
	}
}
