package intake_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/bus"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/intake"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

// slowStore is the real store behind a delay per batch, standing in for a
// busy machine.
type slowStore struct {
	*store.DB
	delay time.Duration
}

func (s slowStore) UpsertPosts(ctx context.Context, ps []post.Post) ([]store.UpsertResult, error) {
	time.Sleep(s.delay)
	return s.DB.UpsertPosts(ctx, ps)
}

// queueThenDie stands for a run killed after queueing posts: it submits
// them while nobody writes, waits until the queue holds them all, then
// gives up.
func queueThenDie(t *testing.T, b *bus.Bus, posts []post.Post) {
	t.Helper()
	killed, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := (&intake.Submitter{Bus: b}).Submit(killed, posts, nil)
		done <- err
	}()
	deadline := time.Now().Add(30 * time.Second)
	for {
		info, err := b.JS.Stream(context.Background(), b.IntakeStream())
		if err == nil {
			if st, err := info.Info(context.Background()); err == nil && st.State.Msgs >= uint64(len(posts)) {
				break
			}
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatal("the posts were not queued")
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	<-done
}

// TestSubmitWaitsBehindBacklog: a submission queued behind the posts of a
// killed run (still in the queue, their submitter gone) waits for them to
// be written instead of reporting a stall, because the writer is moving.
// Found by internal/crashtest: a restarted import gave up after 2 minutes
// while the writer was still busy with the posts its killed predecessor had
// queued.
func TestSubmitWaitsBehindBacklog(t *testing.T) {
	db := storetest.OpenSQLite(t, clock.NewFake(t0))
	b := openBus(t)
	backlog := posts(t, db, 500, "old")
	queueThenDie(t, b, backlog)

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	w := &intake.Writer{Bus: b, Store: slowStore{db, 600 * time.Millisecond}, Clock: db.Clock(), Logger: slog.Default(), Batch: 50}
	go func() { _ = w.Run(ctx) }()
	ps := posts(t, db, 20, "new")
	sum, err := (&intake.Submitter{Bus: b, Stall: 2 * time.Second}).Submit(context.Background(), ps, nil)
	if err != nil {
		t.Fatalf("submit behind a backlog of %d posts: %v", len(backlog), err)
	}
	if sum.Imported != len(ps) {
		t.Fatalf("imported %d of %d", sum.Imported, len(ps))
	}
	st, err := db.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st["posts"] != int64(len(backlog)+len(ps)) {
		t.Fatalf("posts = %d, want the backlog and the new ones, %d", st["posts"], len(backlog)+len(ps))
	}
}

// TestResubmitWaitsForQueuedCopies: posts queued by a killed run and not
// yet written are duplicates to the queue when the run is repeated; the
// repeated run must not end before they are stored (an import that ends
// stops the embedded writer, and its summary says they are all there).
// Found by internal/crashtest: the final import reported 100,000
// duplicates with 96,000 posts stored.
func TestResubmitWaitsForQueuedCopies(t *testing.T) {
	db := storetest.OpenSQLite(t, clock.NewFake(t0))
	b := openBus(t)
	backlog := posts(t, db, 300, "again")
	queueThenDie(t, b, backlog)

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	w := &intake.Writer{Bus: b, Store: slowStore{db, 300 * time.Millisecond}, Clock: db.Clock(), Logger: slog.Default(), Batch: 50}
	go func() { _ = w.Run(ctx) }()
	sum, err := (&intake.Submitter{Bus: b, Stall: 5 * time.Second}).Submit(context.Background(), backlog, nil)
	if err != nil {
		t.Fatalf("resubmit: %v", err)
	}
	if sum.Imported+sum.Duplicates != len(backlog) {
		t.Fatalf("imported %d + duplicates %d, want %d", sum.Imported, sum.Duplicates, len(backlog))
	}
	st, err := db.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st["posts"] != int64(len(backlog)) {
		t.Fatalf("the resubmission ended with %d of %d posts stored (%d reported duplicates)", st["posts"], len(backlog), sum.Duplicates)
	}
}
