package signal

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// Event is one post as the detector sees it.
type Event struct {
	PostID  int64     // counts once per bucket; 0 for posts without an id (never de-duplicated)
	StoryID int64     // 0 when unknown: the post then counts for its terms only
	Source  uint64    // where it came from, see [SourceKey]
	At      time.Time // event time: when the post was published
	Terms   []string  // folded terms, each once (see [Terms])
}

// Outcome says what Observe did with an event.
type Outcome int

// Outcomes of Observe.
const (
	Counted   Outcome = iota // counted in an open bucket
	Duplicate                // the post was already counted in its bucket
	Late                     // its bucket is closed; not counted
)

// Stats count what a detector has done.
type Stats struct {
	Observed    int64 `json:"observed"`     // events counted
	Duplicates  int64 `json:"duplicates"`   // events of posts already counted
	Late        int64 `json:"late"`         // events whose bucket was closed
	Closed      int64 `json:"closed"`       // buckets closed
	Alerts      int64 `json:"alerts"`       // alerts raised
	Suppressed  int64 `json:"suppressed"`   // term alerts left out because their story spiked
	Evicted     int64 `json:"evicted"`      // baselines dropped
	Keys        int   `json:"keys"`         // baselines kept
	OpenBuckets int   `json:"open_buckets"` // buckets not yet closed
	OpenPosts   int   `json:"open_posts"`   // posts counted in them
	// Set by Stage.Stats only:
	Future      int64 `json:"future"`       // posts dated after the clock, not counted
	LateWaiting int   `json:"late_waiting"` // new posts for closed buckets waiting for a backfill
}

// Detector finds spikes in streams of events. It is not safe for concurrent
// use; [Stage] serialises access.
type Detector struct {
	cfg    Config
	width  int64 // bucket width in ms
	perDay int64 // buckets per day
	alpha  float64
	logA   float64
	cool   int64 // cool-down, buckets
	idle   int64 // idle eviction, buckets
	warm   int64 // warm-up, buckets

	open      map[int64]*bucket
	openPosts int
	closed    int64 // last closed bucket index, when hasClosed
	hasClosed bool
	warmSet   bool  // the warm-up has started (or a snapshot was loaded)
	warmUntil int64 // no alert for buckets up to this one
	maxSeen   int64 // latest event time, Unix ms
	states    map[Key]*keyState
	prof      profile
	lastSize  [2]int // posts and keys of the last bucket closed, to size new ones
	stats     Stats
}

// New returns a detector with no baseline.
func New(cfg Config) (*Detector, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.WithDefaults()
	d := &Detector{
		cfg:    cfg,
		width:  cfg.Bucket.Milliseconds(),
		perDay: int64(24 * time.Hour / cfg.Bucket),
		open:   map[int64]*bucket{},
		states: map[Key]*keyState{},
		cool:   cfg.buckets(cfg.CoolDown),
		idle:   cfg.buckets(cfg.IdleEvict),
		warm:   cfg.buckets(cfg.Warmup),
		logA:   math.Log10(cfg.Alpha),
	}
	d.alpha = 1 - math.Pow(2, -1/float64(cfg.buckets(cfg.HalfLife)))
	return d, nil
}

// Config returns the detector's configuration, defaults filled in.
func (d *Detector) Config() Config { return d.cfg }

// bucketOf returns the index of the bucket holding Unix ms t.
func (d *Detector) bucketOf(ms int64) int64 {
	n := ms / d.width
	if ms < 0 && ms%d.width != 0 {
		n--
	}
	return n
}

func (d *Detector) startOf(n int64) time.Time { return time.UnixMilli(n * d.width).UTC() }

// BucketStart returns the start of the bucket holding t.
func (d *Detector) BucketStart(t time.Time) time.Time { return d.startOf(d.bucketOf(t.UnixMilli())) }

// IsOpen reports whether the bucket holding t still takes events.
func (d *Detector) IsOpen(t time.Time) bool {
	return !d.hasClosed || d.bucketOf(t.UnixMilli()) > d.closed
}

// Observe counts an event in its bucket. An event whose bucket is closed is
// Late and not counted; a post already counted in its bucket is a Duplicate.
func (d *Detector) Observe(e Event) Outcome {
	ms := e.At.UnixMilli()
	n := d.bucketOf(ms)
	if d.hasClosed && n <= d.closed {
		d.stats.Late++
		return Late
	}
	b := d.open[n]
	if b == nil {
		b = newBucket(n, d.lastSize[0], d.lastSize[1])
		d.open[n] = b
	}
	if e.PostID != 0 {
		if _, seen := b.posts[e.PostID]; seen {
			d.stats.Duplicates++
			return Duplicate
		}
		b.posts[e.PostID] = struct{}{}
	}
	b.total++
	d.openPosts++
	d.stats.Observed++
	d.maxSeen = max(d.maxSeen, ms)
	if e.StoryID != 0 {
		b.cell(StoryKey(e.StoryID)).add(ms, e.Source, 0)
	}
	for _, t := range e.Terms {
		b.cell(TermKey(t)).add(ms, e.Source, e.StoryID)
	}
	return Counted
}

func (b *bucket) cell(k Key) *cell {
	c := b.cells[k]
	if c == nil {
		c = &cell{}
		b.cells[k] = c
	}
	return c
}

// MaxSeen is the latest event time observed (zero before any).
func (d *Detector) MaxSeen() time.Time {
	if d.stats.Observed == 0 {
		return time.Time{}
	}
	return time.UnixMilli(d.maxSeen).UTC()
}

// Watermark is the end of the last closed bucket: events before it are late.
// It is the zero time before any bucket was closed.
func (d *Detector) Watermark() time.Time {
	if !d.hasClosed {
		return time.Time{}
	}
	return d.startOf(d.closed + 1)
}

// OpenBucket describes a bucket still open.
type OpenBucket struct {
	Start time.Time
	Posts int // posts counted in it
}

// OpenBuckets returns the buckets still open, oldest first.
func (d *Detector) OpenBuckets() []OpenBucket {
	ns := make([]int64, 0, len(d.open))
	for n := range d.open {
		ns = append(ns, n)
	}
	slices.Sort(ns)
	out := make([]OpenBucket, len(ns))
	for i, n := range ns {
		out[i] = OpenBucket{Start: d.startOf(n), Posts: d.open[n].total}
	}
	return out
}

// Stats returns the detector's counters.
func (d *Detector) Stats() Stats {
	s := d.stats
	s.Keys, s.OpenBuckets, s.OpenPosts = len(d.states), len(d.open), d.openPosts
	return s
}

// Advance closes, oldest first, every bucket that ends at or before
// watermark, and returns their alerts ordered by bucket, kind and key.
// Events for closed buckets are late from then on.
func (d *Detector) Advance(watermark time.Time) []Alert {
	limit := d.bucketOf(watermark.UnixMilli()) - 1
	if d.hasClosed && limit <= d.closed {
		return nil
	}
	var ns []int64
	for n := range d.open {
		if n <= limit {
			ns = append(ns, n)
		}
	}
	slices.Sort(ns)
	var alerts []Alert
	for _, n := range ns {
		alerts = append(alerts, d.close(d.open[n])...)
		delete(d.open, n)
	}
	d.closed, d.hasClosed = limit, true
	slices.SortFunc(alerts, func(a, b Alert) int {
		if c := a.BucketStart.Compare(b.BucketStart); c != 0 {
			return c
		}
		if c := strings.Compare(string(a.Kind), string(b.Kind)); c != 0 {
			return c
		}
		return strings.Compare(a.Key.String(), b.Key.String())
	})
	return alerts
}

// String describes the detector for logs.
func (d *Detector) String() string {
	s := d.Stats()
	return fmt.Sprintf("signal detector: %d baselines, %d open buckets, watermark %s", s.Keys, s.OpenBuckets, d.Watermark().Format(time.RFC3339))
}
