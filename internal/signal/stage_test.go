package signal

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

// storyMap stands in for the story stage: the story of each stored post.
type storyMap struct {
	mu sync.Mutex
	m  map[int64]int64
}

func (s *storyMap) PostStoryIDs(_ context.Context, ids []int64) (map[int64]int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[int64]int64{}
	for _, id := range ids {
		if st, ok := s.m[id]; ok {
			out[id] = st
		}
	}
	return out, nil
}

// world is a store holding the posts of a scenario, and their stories.
type world struct {
	db      *store.DB
	clock   *clock.Fake
	stories *storyMap
	src     int64
}

func newWorld(t *testing.T) *world {
	t.Helper()
	c := clock.NewFake(t0)
	db := storetest.OpenSQLite(t, c)
	src, err := db.EnsureSource(context.Background(), "test", "import", "synthetic")
	if err != nil {
		t.Fatal(err)
	}
	return &world{db: db, clock: c, stories: &storyMap{m: map[int64]int64{}}, src: src.ID}
}

// toPost turns a synthetic event into a post: its terms as English words,
// its source as a public handle.
func (w *world) toPost(e Event) post.Post {
	text := strings.Join(e.Terms, " ")
	if text == "" {
		text = "x"
	}
	return post.Post{SourceID: w.src, ExternalID: fmt.Sprint(e.PostID), Text: text, Lang: "en",
		AuthorHandle: fmt.Sprintf("@u%d", e.Source), ContentHash: fmt.Sprint("h", e.PostID), PublishedAt: e.At, FetchedAt: e.At}
}

// store upserts one batch of events as posts and returns them with their
// ids and outcomes, as the intake writer hands them to stages.
func (w *world) store(t *testing.T, events []Event) ([]post.Post, []store.UpsertResult) {
	t.Helper()
	posts := make([]post.Post, len(events))
	for i, e := range events {
		posts[i] = w.toPost(e)
	}
	res, err := w.db.UpsertPosts(context.Background(), posts)
	if err != nil {
		t.Fatal(err)
	}
	w.stories.mu.Lock()
	for i := range posts {
		posts[i].ID = res[i].ID
		w.stories.m[res[i].ID] = events[i].StoryID
	}
	w.stories.mu.Unlock()
	return posts, res
}

func (w *world) stage(t *testing.T) *Stage {
	t.Helper()
	s, err := NewStage(StageOptions{Store: w.db, Stories: w.stories, Clock: w.clock})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// alerts lists the stored alerts as "kind key bucket" lines, sorted.
func (w *world) alerts(t *testing.T) []string {
	t.Helper()
	list, err := w.db.Alerts(context.Background(), store.AlertFilter{Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range list {
		out = append(out, fmt.Sprintf("%s %s %s", a.Kind, a.Key, a.BucketStart.Format("02 15:04")))
	}
	slices.Sort(out)
	return out
}

// stageScenario is a day of background with two story bursts and a term
// burst, small enough to store quickly.
func stageScenario() ([]Event, time.Time) {
	tr := newTraffic(5, 60, 600)
	end := t0.Add(24 * time.Hour)
	events := tr.background(t0, end)
	for i, h := range []int{9, 17} {
		s := simStory{id: int64(700_000 + i), terms: []string{"flood"}}
		events = append(events, tr.burst(s, t0.Add(time.Duration(h)*time.Hour+3*time.Minute), 20*time.Minute, 80)...)
	}
	sortEvents(events)
	return events, end
}

// live feeds events in batches of 200 while the clock follows them, the
// way a running server sees live traffic.
func (w *world) live(t *testing.T, s *Stage, events []Event) {
	t.Helper()
	ctx := context.Background()
	for i := 0; i < len(events); i += 200 {
		batch := events[i:min(i+200, len(events))]
		posts, res := w.store(t, batch)
		w.clock.Set(batch[len(batch)-1].At.Add(time.Minute))
		if err := s.Process(ctx, posts, res); err != nil {
			t.Fatal(err)
		}
		w.clock.Advance(3 * time.Second)
		if err := s.Tick(ctx); err != nil {
			t.Fatal(err)
		}
	}
}

func TestStageImportRaisesTheAlertsOfLiveTraffic(t *testing.T) {
	events, end := stageScenario()
	ctx := context.Background()

	live := newWorld(t)
	ls := live.stage(t)
	live.live(t, ls, events)
	live.clock.Set(end.Add(time.Hour))
	if err := ls.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	want := live.alerts(t)
	if len(want) < 2 {
		t.Fatalf("live traffic raised %v", want)
	}
	t.Logf("live: %d posts, alerts %v", len(events), want)

	// A history import a week later, in shuffled batches of 2,000 that
	// arrive a second apart; redelivering one batch changes nothing.
	imp := newWorld(t)
	imp.clock.Set(end.Add(7 * 24 * time.Hour))
	is := imp.stage(t)
	shuffled := slices.Clone(events)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	for i := 0; i < len(shuffled); i += 2000 {
		posts, res := imp.store(t, shuffled[i:min(i+2000, len(shuffled))])
		if err := is.Process(ctx, posts, res); err != nil {
			t.Fatal(err)
		}
		if i == 4000 {
			posts, res = imp.store(t, shuffled[i:min(i+2000, len(shuffled))])
			if err := is.Process(ctx, posts, res); err != nil {
				t.Fatal(err)
			}
		}
		imp.clock.Advance(time.Second)
	}
	if err := is.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if got := imp.alerts(t); !slices.Equal(got, want) {
		t.Errorf("shuffled import raised %v, want %v", got, want)
	}
	if st := is.Stats(); st.Observed != int64(len(events)) || st.Duplicates != 2000 || is.late.posts != 0 {
		t.Errorf("import stats %+v, late %d", st, is.late.posts)
	}
}

func TestStageRestartsFromItsSnapshot(t *testing.T) {
	events, end := stageScenario()
	ctx := context.Background()
	w := newWorld(t)
	s := w.stage(t)
	half := len(events) * 3 / 5
	w.live(t, s, events[:half])
	if err := s.Tick(ctx); err != nil { // saves the state on the way
		t.Fatal(err)
	}
	// The process dies: open buckets are lost, the last batch comes again.
	s2 := w.stage(t)
	redelivered := events[half-150 : half]
	posts, res := w.store(t, redelivered)
	if err := s2.Process(ctx, posts, res); err != nil {
		t.Fatal(err)
	}
	if err := s2.Process(ctx, posts, res); err != nil {
		t.Fatal(err)
	}
	// Posts of buckets closed before the snapshot are not counted again; the
	// others count once.
	if st := s2.Stats(); st.Keys == 0 || st.Duplicates == 0 || st.Duplicates > int64(len(redelivered)) {
		t.Fatalf("after restart: %+v", st)
	}
	w.live(t, s2, events[half:])
	w.clock.Set(end.Add(time.Hour))
	if err := s2.Flush(ctx); err != nil {
		t.Fatal(err)
	}

	ref := newWorld(t)
	rs := ref.stage(t)
	ref.live(t, rs, events)
	ref.clock.Set(end.Add(time.Hour))
	if err := rs.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := w.alerts(t), ref.alerts(t); !slices.Equal(got, want) {
		t.Errorf("restarted: %v, want %v", got, want)
	}
}

// TestStageBackfillsLateHistory: history imported into a server that has
// already moved past it is replayed from the store, and its burst alerts.
func TestStageBackfillsLateHistory(t *testing.T) {
	events, end := stageScenario()
	ctx := context.Background()
	w := newWorld(t)
	s := w.stage(t)
	// Live traffic of the following day first.
	tr := newTraffic(6, 60, 600)
	w.live(t, s, tr.background(end, end.Add(6*time.Hour)))
	if s.det.Watermark().Before(end) {
		t.Fatalf("watermark %v", s.det.Watermark())
	}
	for i := 0; i < len(events); i += 2000 {
		posts, res := w.store(t, events[i:min(i+2000, len(events))])
		if err := s.Process(ctx, posts, res); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(w.alerts(t), "\n")
	for _, want := range []string{"story:700000 02 09:00", "story:700001 02 17:00"} {
		if !strings.Contains(got, want) {
			t.Errorf("no alert %q after the late import; alerts:\n%s", want, got)
		}
	}
}

// TestStageIgnoresPostsFromTheFuture: a post dated a day ahead (a wrong
// time zone, a bad clock) is not counted and does not close live buckets.
func TestStageIgnoresPostsFromTheFuture(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	s := w.stage(t)
	now := t0.Add(12 * time.Hour)
	w.clock.Set(now)
	posts, res := w.store(t, []Event{
		{PostID: 1, StoryID: 1, Source: 1, At: now.Add(-time.Minute), Terms: []string{"a"}},
		{PostID: 2, StoryID: 2, Source: 2, At: now.Add(24 * time.Hour), Terms: []string{"b"}},
	})
	if err := s.Process(ctx, posts, res); err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(time.Minute)
	if err := s.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	st := s.Stats()
	if st.Observed != 1 || st.Future != 1 || st.OpenBuckets != 1 {
		t.Fatalf("stats %+v", st)
	}
}
