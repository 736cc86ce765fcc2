package intake

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/factdesk/factdesk/internal/bus"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/post"
)

// Summary counts what a submission did.
type Summary struct {
	Imported   int       `json:"imported"`
	Updated    int       `json:"updated"`
	Duplicates int       `json:"duplicates"`
	Rejected   int       `json:"rejected"`
	Outcomes   []Outcome `json:"-"` // one per submitted post, in order
}

// Add counts one outcome.
func (s *Summary) Add(o Outcome) {
	switch o.Status {
	case "imported":
		s.Imported++
	case "updated":
		s.Updated++
	case "duplicate":
		s.Duplicates++
	default:
		s.Rejected++
	}
}

// Submitter queues posts and waits for the writer's outcome of each.
type Submitter struct {
	Bus *bus.Bus
	// Stall is how long to wait without any progress before giving up
	// (default 2 minutes): no writer is consuming the queue.
	Stall time.Duration
	Clock clock.Clock // default: the real clock
}

// Submit queues posts (with their source; normalised ones, carrying their
// content hash, are not normalised again by the writer) and waits
// until every one has an outcome. progress, if set, is called as outcomes
// arrive. Outcomes come back in the order of posts.
func (s *Submitter) Submit(ctx context.Context, posts []post.Post, progress func(done int)) (Summary, error) {
	if s.Stall <= 0 {
		s.Stall = 2 * time.Minute
	}
	if s.Clock == nil {
		s.Clock = clock.Real{}
	}
	outcomes := make([]Outcome, len(posts))
	seen := make([]bool, len(posts))
	var mu sync.Mutex
	done := 0
	progressed := make(chan struct{}, 1)
	mark := func(o Outcome) {
		mu.Lock()
		defer mu.Unlock()
		if o.Seq < 0 || o.Seq >= len(posts) || seen[o.Seq] {
			return
		}
		seen[o.Seq] = true
		outcomes[o.Seq] = o
		done++
		select {
		case progressed <- struct{}{}:
		default:
		}
	}
	batch := newBatchID()
	sub, err := s.Bus.NC.Subscribe(s.Bus.ResultsSubject(batch), func(m *nats.Msg) {
		var outs []Outcome
		if json.Unmarshal(m.Data, &outs) == nil {
			for _, o := range outs {
				mark(o)
			}
		}
	})
	if err != nil {
		return Summary{}, fmt.Errorf("subscribe to outcomes: %w", err)
	}
	defer sub.Unsubscribe()
	if err := s.Bus.NC.Flush(); err != nil {
		return Summary{}, fmt.Errorf("subscribe to outcomes: %w", err)
	}

	queued, err := s.publish(ctx, posts, batch, mark)
	if err != nil {
		return Summary{}, err
	}
	last := s.Clock.Now()
	writers := s.writerPosition(ctx)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	lastDone := -1
	for {
		mu.Lock()
		d := done
		mu.Unlock()
		if d != lastDone {
			lastDone = d
			last = s.Clock.Now()
			if progress != nil {
				progress(d)
			}
		}
		if d == len(posts) {
			break
		}
		if s.Clock.Now().Sub(last) > s.Stall {
			// The writers may be busy with posts queued before ours (a
			// restarted import finds those of the run that was killed):
			// that is progress too.
			if now := s.writerPosition(ctx); now != writers && now != (writerPos{}) {
				writers, last = now, s.Clock.Now()
				continue
			}
			return Summary{}, fmt.Errorf("no progress for %s with %d of %d posts written: is a factdesk worker or server consuming the queue?", s.Stall, d, len(posts))
		}
		select {
		case <-ctx.Done():
			return Summary{}, ctx.Err()
		case <-progressed:
		case <-tick.C:
		}
	}
	if err := s.waitWritten(ctx, queued); err != nil {
		return Summary{}, err
	}
	sum := Summary{Outcomes: outcomes}
	for _, o := range outcomes {
		sum.Add(o)
	}
	return sum, nil
}

// waitWritten waits until the writers have acknowledged the queue up to
// stream sequence seq (0: nothing to wait for). A post the queue reports as
// a duplicate may still be waiting there, queued by an earlier run that was
// killed before the writers stored it: the run that reports it must not
// end, and stop the embedded writers, before it is stored.
func (s *Submitter) waitWritten(ctx context.Context, seq uint64) error {
	if seq == 0 {
		return nil
	}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	var at writerPos
	last := s.Clock.Now()
	for {
		now := s.writerPosition(ctx)
		if now.acked >= seq {
			return nil
		}
		if now != at {
			at, last = now, s.Clock.Now()
		}
		if s.Clock.Now().Sub(last) > s.Stall {
			return fmt.Errorf("no progress for %s: the writers have stored the queue up to message %d, not yet %d queued before: is a factdesk worker or server consuming the queue?", s.Stall, now.acked, seq)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// writerPos is how far the writers have got through the intake queue.
type writerPos struct{ delivered, acked uint64 }

// writerPosition asks JetStream where the writers' durable consumer stands;
// the zero value when it cannot tell.
func (s *Submitter) writerPosition(ctx context.Context) writerPos {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	c, err := s.Bus.JS.Consumer(ctx, s.Bus.IntakeStream(), bus.WriterConsumer)
	if err != nil {
		return writerPos{}
	}
	info, err := c.Info(ctx)
	if err != nil {
		return writerPos{}
	}
	return writerPos{delivered: info.Delivered.Stream, acked: info.AckFloor.Stream}
}

// publish queues the posts asynchronously; a post the queue has already seen
// in its de-duplication window is a duplicate right away. It returns the
// highest queue sequence of those earlier copies (see waitWritten).
func (s *Submitter) publish(ctx context.Context, posts []post.Post, batch string, mark func(Outcome)) (queued uint64, err error) {
	type pending struct {
		seq int
		f   jetstream.PubAckFuture
	}
	var futures []pending
	flush := func() error {
		for _, p := range futures {
			select {
			case ack := <-p.f.Ok():
				if ack.Duplicate {
					mark(Outcome{Seq: p.seq, Status: "duplicate"})
					queued = max(queued, ack.Sequence)
				}
			case err := <-p.f.Err():
				return fmt.Errorf("queue post %d: %w", p.seq+1, err)
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		futures = futures[:0]
		return nil
	}
	for i, p := range posts {
		data, err := encodeMessage(p, batch, i, p.ContentHash != "")
		if err != nil {
			mark(Outcome{Seq: i, Status: StatusRejected, Reason: err.Error()})
			continue
		}
		msg := &nats.Msg{Subject: s.Bus.IntakeSubject(), Data: data, Header: nats.Header{}}
		msg.Header.Set(jetstream.MsgIDHeader, msgID(p))
		f, err := s.Bus.JS.PublishMsgAsync(msg)
		if err != nil {
			return queued, fmt.Errorf("queue post %d: %w", i+1, err)
		}
		futures = append(futures, pending{seq: i, f: f})
		if len(futures) >= 2000 {
			if err := flush(); err != nil {
				return queued, err
			}
		}
	}
	err = flush()
	return queued, err
}

func newBatchID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
