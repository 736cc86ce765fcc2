package bluesky

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/netguard"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/source/connector"
)

var now = time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)

func testDeps() connector.Deps {
	return connector.Deps{Client: netguard.New(netguard.Options{AllowLoopback: true}), Clock: clock.NewFake(now)}
}

const did = "did:plc:abc123xyz"

func postEvent(timeUS int64, rkey, text, langs string) string {
	return fmt.Sprintf(`{"did":%q,"time_us":%d,"kind":"commit","commit":{"rev":"r","operation":"create","collection":"app.bsky.feed.post","rkey":%q,"cid":"bafy","record":{"$type":"app.bsky.feed.post","createdAt":"2026-02-01T09:59:00.123Z","langs":[%s],"text":%q}}}`,
		did, timeUS, rkey, langs, text)
}

// replay is a Jetstream stand-in: each connection gets the next batch of
// messages, then the connection is dropped.
type replay struct {
	mu      sync.Mutex
	batches [][]string
	queries []string
}

func (r *replay) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	r.queries = append(r.queries, req.URL.RawQuery)
	var batch []string
	if len(r.batches) > 0 {
		batch, r.batches = r.batches[0], r.batches[1:]
	}
	r.mu.Unlock()
	c, err := websocket.Accept(w, req, nil)
	if err != nil {
		return
	}
	defer c.CloseNow()
	for _, m := range batch {
		if err := c.Write(req.Context(), websocket.MessageText, []byte(m)); err != nil {
			return
		}
	}
	if batch == nil { // nothing left: hold the connection until the client goes
		c.Read(req.Context())
	}
}

func TestJetstreamStreamResumeAndFilters(t *testing.T) {
	rp := &replay{batches: [][]string{
		{
			postEvent(1000000001, "3kaaa", "Tin giả: vắc-xin gây vô sinh", `"vi"`),
			`{"did":"did:plc:abc123xyz","time_us":1000000002,"kind":"identity","identity":{}}`,
			postEvent(1000000003, "3kbbb", "Nothing to see", `"en"`),
			`not json`,
			`{"did":"did:plc:abc123xyz","time_us":1000000004,"kind":"commit","commit":{"operation":"delete","collection":"app.bsky.feed.post","rkey":"3kaaa"}}`,
		},
		{
			postEvent(1000000005, "3kccc", "VẮC-XIN an toàn, theo Bộ Y tế", `"vi-VN","en"`),
			postEvent(1000000006, "3kddd", "vắc-xin in a post without langs", ``),
			postEvent(1000000007, "3keee", "Không có vắc-xin nào như vậy", `"vi"`),
		},
	}}
	srv := httptest.NewServer(rp)
	defer srv.Close()

	j := NewJetstream(testDeps())
	var slept []time.Duration
	j.Sleep = func(ctx context.Context, d time.Duration) error { slept = append(slept, d); return ctx.Err() }

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var got []post.Post
	var cursors []string
	src := connector.Source{
		URL:      "ws" + strings.TrimPrefix(srv.URL, "http") + "/subscribe",
		Cursor:   "900000000",
		Settings: map[string]string{"keywords": "Vắc-xin", "langs": "vi"},
	}
	err := j.Stream(ctx, src, func(p post.Post, cursor string) error {
		got = append(got, p)
		cursors = append(cursors, cursor)
		if len(got) == 3 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Stream returned %v", err)
	}
	if len(got) != 3 || got[0].ExternalID != "at://"+did+"/app.bsky.feed.post/3kaaa" || got[1].ExternalID != "at://"+did+"/app.bsky.feed.post/3kccc" ||
		got[2].ExternalID != "at://"+did+"/app.bsky.feed.post/3keee" {
		t.Fatalf("posts %+v", got)
	}
	p := got[0]
	if p.URL != "https://bsky.app/profile/"+did+"/post/3kaaa" || p.Lang != "vi" || p.Platform != "bluesky" || p.AuthorHandle != did ||
		!p.PublishedAt.Equal(time.Date(2026, 2, 1, 9, 59, 0, 123e6, time.UTC)) || p.Text != "Tin giả: vắc-xin gây vô sinh" {
		t.Errorf("post %+v", p)
	}
	if cursors[0] != "1000000001" || cursors[1] != "1000000005" {
		t.Errorf("cursors %v", cursors)
	}
	if len(rp.queries) != 2 {
		t.Fatalf("connections %v", rp.queries)
	}
	// First connection resumes from the saved cursor minus 5 s, the second
	// from the newest event seen (1000000004) minus 5 s.
	for i, want := range []int64{900000000 - 5e6, 1000000004 - 5e6} {
		if !strings.Contains(rp.queries[i], "cursor="+strconv.FormatInt(want, 10)) || !strings.Contains(rp.queries[i], "wantedCollections=app.bsky.feed.post") {
			t.Errorf("connection %d query %q, want cursor %d", i, rp.queries[i], want)
		}
	}
	if len(slept) != 1 || slept[0] < 500*time.Millisecond || slept[0] > time.Second {
		t.Errorf("reconnect waits %v", slept)
	}
	if j.Cursor() != "1000000007" {
		t.Errorf("Cursor() = %s", j.Cursor())
	}
}

func TestJetstreamEmitErrorStops(t *testing.T) {
	rp := &replay{batches: [][]string{{postEvent(5, "3kaaa", "x", `"en"`), postEvent(6, "3kbbb", "y", `"en"`)}}}
	srv := httptest.NewServer(rp)
	defer srv.Close()
	boom := errors.New("store full")
	err := NewJetstream(testDeps()).Stream(context.Background(), connector.Source{URL: "ws" + strings.TrimPrefix(srv.URL, "http")},
		func(post.Post, string) error { return boom })
	if !errors.Is(err, boom) {
		t.Fatalf("got %v", err)
	}
}

func TestJetstreamRefusesPrivate(t *testing.T) {
	srv := httptest.NewServer(&replay{})
	defer srv.Close()
	deps := testDeps()
	deps.Client = netguard.New(netguard.Options{})
	err := NewJetstream(deps).Stream(context.Background(), connector.Source{URL: "ws" + strings.TrimPrefix(srv.URL, "http")},
		func(post.Post, string) error { return nil })
	if !errors.Is(err, netguard.ErrForbiddenAddress) {
		t.Fatalf("got %v", err)
	}
	for _, bad := range []string{"https://x/subscribe", "ws://", "nonsense"} {
		err := NewJetstream(testDeps()).Stream(context.Background(), connector.Source{URL: bad}, func(post.Post, string) error { return nil })
		if err == nil || errors.Is(err, context.Canceled) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	err = NewJetstream(testDeps()).Stream(context.Background(), connector.Source{URL: "ws://x", Cursor: "yesterday"}, nil)
	if err == nil {
		t.Error("bad cursor accepted")
	}
}

func TestEventPost(t *testing.T) {
	ev, err := DecodeEvent([]byte(`{"did":"did:plc:q","time_us":1700000000000000,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post","rkey":"3k2","record":{"text":"see https://ex.am/pl...","createdAt":"bad","reply":{"parent":{"uri":"at://did:plc:p/app.bsky.feed.post/1"}},"facets":[{"features":[{"$type":"app.bsky.richtext.facet#link","uri":"https://ex.am/platform/full"}]}],"embed":{"$type":"app.bsky.embed.recordWithMedia","record":{"record":{"uri":"at://did:plc:r/app.bsky.feed.post/2"}},"media":{"$type":"app.bsky.embed.images","images":[{"alt":"a chart of cases"}]}}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	p, ok, err := ev.Post(now)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	wantText := "see https://ex.am/pl...\n\n[link] https://ex.am/platform/full\n\n[image: a chart of cases]"
	if p.Text != wantText {
		t.Errorf("text %q", p.Text)
	}
	if !p.PublishedAt.Equal(time.UnixMicro(1700000000000000).UTC()) {
		t.Errorf("fallback date %v", p.PublishedAt)
	}
	notes := strings.Join(p.Notes, "|")
	for _, want := range []string{"unreadable createdAt", "reply to at://did:plc:p/app.bsky.feed.post/1", "quotes at://did:plc:r/app.bsky.feed.post/2"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes %q lack %q", notes, want)
		}
	}
	bad, _ := DecodeEvent([]byte(`{"did":"nope","kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post","rkey":"x/y"}}`))
	if _, _, err := bad.Post(now); err == nil {
		t.Error("bad identifiers accepted")
	}
}

func FuzzJetstreamEvent(f *testing.F) {
	f.Add([]byte(postEvent(1, "3kaaa", "hello", `"en"`)))
	f.Add([]byte(`{"did":"did:plc:q","time_us":-1,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post","rkey":"3","record":{"embed":{"media":{"media":{}}},"langs":[""]}}}`))
	f.Add([]byte(`{"kind":"identity"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ev, err := DecodeEvent(b)
		if err != nil {
			return
		}
		p, ok, err := ev.Post(now)
		if err != nil || !ok {
			return
		}
		if !strings.HasPrefix(p.ExternalID, "at://did:") || !strings.HasPrefix(p.URL, "https://bsky.app/profile/did:") || p.PublishedAt.IsZero() {
			t.Fatalf("bad post %+v", p)
		}
		newFilter(connector.Source{Settings: map[string]string{"keywords": "a,b", "langs": "vi"}}).match(p.Text, nil)
	})
}
