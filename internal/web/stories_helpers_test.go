package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/signal"
	"github.com/factdesk/factdesk/internal/store"
)

// storiesEnv is a web handler with the Stories, Alerts and Search pages
// over a real store, a fake searcher, and a logged-in client whose user
// has no language of their own (so Accept-Language decides).
type storiesEnv struct {
	*testEnv
	c        *http.Client
	now      time.Time
	searcher *fakeSearcher
	sources  map[string]int64
	seq      int
}

func newStoriesEnv(t *testing.T) *storiesEnv {
	t.Helper()
	fs := &fakeSearcher{}
	e := newEnv(t, func(d *Deps) {
		db := d.Store.(*hookStore).DB
		d.Stories = &StoriesDeps{Store: db}
		d.Alerts = &AlertsDeps{Store: db}
		d.Search = &SearchDeps{Searcher: fs, Store: db}
	})
	createUser(t, e.store.DB, "lan@example.vn", "Lan", "", nil)
	se := &storiesEnv{testEnv: e, c: e.client(), now: e.clock.Now(), searcher: fs, sources: map[string]int64{}}
	e.mustLogin(se.c, "lan@example.vn")
	return se
}

// source returns the id of the import source named name, made on first use.
func (e *storiesEnv) source(name string) int64 {
	e.t.Helper()
	if id, ok := e.sources[name]; ok {
		return id
	}
	s, err := e.store.EnsureSource(context.Background(), "test", "import", name)
	if err != nil {
		e.t.Fatal(err)
	}
	e.sources[name] = s.ID
	return s.ID
}

// storySpec describes a story to seed: its first post says Text; every
// post is published Ago before now and comes from the sources in turn.
type storySpec struct {
	Text    string
	Sources []string
	Ago     []time.Duration
	Terms   []string
	Handle  string
}

// story stores the posts of spec, assigns them to one story and returns
// the story id (the id of the first post) and the post ids in order.
func (e *storiesEnv) story(spec storySpec) (int64, []int64) {
	e.t.Helper()
	ctx := context.Background()
	posts := make([]post.Post, len(spec.Ago))
	for i, ago := range spec.Ago {
		e.seq++
		text := spec.Text
		if i > 0 {
			text = fmt.Sprintf("%s (bản %d)", spec.Text, i)
		}
		posts[i] = post.Post{
			SourceID: e.source(spec.Sources[i%len(spec.Sources)]), ExternalID: fmt.Sprintf("p%d", e.seq),
			ContentHash: fmt.Sprintf("h%d", e.seq), URL: fmt.Sprintf("https://news.example/p%d", e.seq),
			Text: text, AuthorHandle: spec.Handle, Lang: "vi", PublishedAt: e.now.Add(-ago), FetchedAt: e.now,
		}
	}
	res, err := e.store.UpsertPosts(ctx, posts)
	if err != nil {
		e.t.Fatal(err)
	}
	ids := make([]int64, len(res))
	as := make([]store.StoryAssignment, len(res))
	for i, r := range res {
		ids[i] = r.ID
		as[i] = store.StoryAssignment{PostID: r.ID, StoryID: res[0].ID, SourceID: posts[i].SourceID,
			PublishedAt: posts[i].PublishedAt, Terms: spec.Terms}
	}
	if _, err := e.store.SaveStoryAssignments(ctx, as); err != nil {
		e.t.Fatal(err)
	}
	return res[0].ID, ids
}

// spikeAlert stores a story spike alert (or kind) raised ago before now.
func (e *storiesEnv) spikeAlert(kind signal.Kind, storyID int64, ago time.Duration, status string, count, sources int) store.Alert {
	e.t.Helper()
	at := e.now.Add(-ago)
	d := signal.Details{Kind: kind, Story: storyID, Count: count, Sources: sources, Expected: 2, StdDev: 1,
		BucketStart: at.Truncate(10 * time.Minute), BucketMinutes: 10, New: kind == signal.KindNewStory}
	details, err := json.Marshal(d)
	if err != nil {
		e.t.Fatal(err)
	}
	a := store.Alert{Kind: string(kind), Key: fmt.Sprintf("story:%d:%d", storyID, e.seq), StoryID: storyID,
		BucketStart: d.BucketStart, At: at, Score: 7.25, Explanation: signal.Explain(d, "en"), Details: details, Status: status}
	e.seq++
	return e.insertAlert(a)
}

func (e *storiesEnv) insertAlert(a store.Alert) store.Alert {
	e.t.Helper()
	as := []store.Alert{a}
	if _, err := e.store.InsertAlerts(context.Background(), as); err != nil {
		e.t.Fatal(err)
	}
	return as[0]
}

// get fetches path in lang and parses it, failing unless the status is want.
func (e *storiesEnv) get(path, lang string, want int) *html.Node {
	e.t.Helper()
	resp, body := e.do(e.c, http.MethodGet, path, nil, map[string]string{"Accept-Language": lang})
	if resp.StatusCode != want {
		e.t.Fatalf("GET %s: %d, want %d\n%s", path, resp.StatusCode, want, body)
	}
	doc := parseHTML(e.t, body)
	if got := pageLang(doc); got != lang {
		e.t.Fatalf("GET %s: page in %q, want %q", path, got, lang)
	}
	return doc
}

// mainOf is the main element of a page.
func mainOf(doc *html.Node) *html.Node { return first(doc, "main") }

// rowIDs lists the value of attribute key on the elements named tag that
// have it, in page order.
func rowIDs(n *html.Node, tag, key string) []string {
	var out []string
	for _, el := range findAll(n, func(d *html.Node) bool { return d.Data == tag && attr(d, key) != "" }) {
		out = append(out, attr(el, key))
	}
	return out
}

// fakeSearcher answers searches from a list and records what it was asked.
type fakeSearcher struct {
	mu      sync.Mutex
	hits    []SearchHit
	err     error
	queries []string
	filters []SearchFilter
}

func (f *fakeSearcher) Search(_ context.Context, q string, sf SearchFilter) ([]SearchHit, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queries, f.filters = append(f.queries, q), append(f.filters, sf)
	if f.err != nil {
		return nil, f.err
	}
	hits := f.hits[min(sf.Offset, len(f.hits)):]
	return hits[:min(len(hits), sf.Limit)], nil
}

func (f *fakeSearcher) set(hits []SearchHit, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hits, f.err = hits, err
}

func (f *fakeSearcher) last() (string, SearchFilter, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.queries) == 0 {
		return "", SearchFilter{}, 0
	}
	return f.queries[len(f.queries)-1], f.filters[len(f.filters)-1], len(f.queries)
}
