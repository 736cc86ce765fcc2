package bluesky

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/source/connector"
)

// feedItem builds a getAuthorFeed item indexed at minute m of the test hour.
func feedItem(rkey string, m int, text string, reason string) json.RawMessage {
	at := time.Date(2026, 2, 1, 9, m, 0, 0, time.UTC).Format(time.RFC3339Nano)
	item := fmt.Sprintf(`{"post":{"uri":"at://%s/app.bsky.feed.post/%s","cid":"c","author":{"did":%q,"handle":"bo-y-te.example.vn"},
		"record":{"$type":"app.bsky.feed.post","text":%q,"createdAt":%q,"langs":["vi"]},
		"replyCount":1,"repostCount":2,"likeCount":3,"quoteCount":4,"indexedAt":%q}%s}`, did, rkey, did, text, at, at, reason)
	return json.RawMessage(item)
}

// authorFeed serves items (newest first) in pages of size, with cursors.
func authorFeed(t *testing.T, items []json.RawMessage, size int, requests *[]string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*requests = append(*requests, r.URL.RawQuery)
		if r.URL.Path != "/xrpc/app.bsky.feed.getAuthorFeed" {
			http.NotFound(w, r)
			return
		}
		if r.URL.Query().Get("actor") != "bo-y-te.example.vn" {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":"InvalidRequest","message":"Profile not found"}`)
			return
		}
		start, _ := strconv.Atoi(r.URL.Query().Get("cursor"))
		end := min(start+size, len(items))
		page := map[string]any{"feed": items[start:end]}
		if end < len(items) {
			page["cursor"] = strconv.Itoa(end)
		}
		json.NewEncoder(w).Encode(page)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestAuthorFeedPaging(t *testing.T) {
	var items []json.RawMessage
	items = append(items, feedItem("3kpin", 1, "Pinned: cách nhận biết tin giả", `,"reason":{"$type":"app.bsky.feed.defs#reasonPin"}`))
	for m := 50; m >= 10; m -= 5 { // 9 posts, 09:50 down to 09:10
		reason := ""
		if m == 40 {
			reason = `,"reason":{"$type":"app.bsky.feed.defs#reasonRepost","by":{"did":"did:plc:other","handle":"other.example"},"indexedAt":"2026-02-01T09:41:00Z"}`
		}
		items = append(items, feedItem("3k"+strconv.Itoa(m), m, "Thông báo số "+strconv.Itoa(m), reason))
	}
	var requests []string
	srv := authorFeed(t, items, 3, &requests)
	f := NewAuthorFeed(testDeps())
	src := connector.Source{ID: 4, URL: "https://bsky.app/profile/Bo-Y-Te.example.vn", Settings: map[string]string{"api": srv.URL}}

	// First fetch: the first page only, cursor at its newest item.
	res, err := f.Fetch(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Posts) != 3 || res.Cursor != "2026-02-01T09:50:00Z" || len(requests) != 1 {
		t.Fatalf("first fetch: %d posts, cursor %q, %d requests", len(res.Posts), res.Cursor, len(requests))
	}
	p := res.Posts[len(res.Posts)-1]
	if p.ExternalID != "at://"+did+"/app.bsky.feed.post/3k50" || p.AuthorHandle != "bo-y-te.example.vn" || p.SourceID != 4 ||
		p.Metrics["likes"] != 3 || p.Metrics["quotes"] != 4 || p.Lang != "vi" || len(p.Raw) == 0 {
		t.Errorf("post %+v", p)
	}

	// Resume from 09:20: pages until an older item, pinned post ignored.
	requests = nil
	src.Cursor = "2026-02-01T09:20:00Z"
	res, err = f.Fetch(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range res.Posts {
		ids = append(ids, strings.TrimPrefix(p.ExternalID, "at://"+did+"/app.bsky.feed.post/"))
	}
	if got := strings.Join(ids, ","); got != "3k25,3k30,3k35,3k40,3k45,3k50" {
		t.Errorf("resumed posts %s", got)
	}
	if len(requests) != 3 || res.Cursor != "2026-02-01T09:50:00Z" {
		t.Errorf("requests %v cursor %q", requests, res.Cursor)
	}
	for _, p := range res.Posts {
		if strings.HasSuffix(p.ExternalID, "3k40") && !strings.Contains(strings.Join(p.Notes, ""), "reposted by other.example") {
			t.Errorf("repost notes %q", p.Notes)
		}
	}

	// Nothing new: no posts, cursor unchanged, one request.
	requests = nil
	src.Cursor = res.Cursor
	res, err = f.Fetch(context.Background(), src)
	if err != nil || len(res.Posts) != 0 || res.Cursor != src.Cursor || len(requests) != 1 {
		t.Errorf("idle fetch: %+v %v %v", res, err, requests)
	}
}

func TestAuthorFeedErrors(t *testing.T) {
	var requests []string
	srv := authorFeed(t, nil, 3, &requests)
	f := NewAuthorFeed(testDeps())
	_, err := f.Fetch(context.Background(), connector.Source{URL: "https://bsky.app/profile/nobody.example", Settings: map[string]string{"api": srv.URL}})
	var he *connector.HTTPError
	if !errors.As(err, &he) || !strings.Contains(err.Error(), "is nobody.example an existing Bluesky account?") {
		t.Errorf("unknown account: %v", err)
	}
	for _, bad := range []string{"https://bsky.app/", "https://evil.example/profile/a.b", "not a handle", "https://bsky.app/profile/a.b/post/1"} {
		if _, err := f.Fetch(context.Background(), connector.Source{URL: bad}); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestParseProfileURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://bsky.app/profile/Alice.bsky.social":  "alice.bsky.social",
		"https://bsky.app/profile/did:plc:abc123/":    "did:plc:abc123",
		"@bob.example.com":                            "bob.example.com",
		"did:web:example.com":                         "did:web:example.com",
		"https://bsky.app/profile/xn--bcher-kva.test": "xn--bcher-kva.test",
	} {
		if got, err := ParseProfileURL(in); err != nil || got != want {
			t.Errorf("ParseProfileURL(%q) = %q, %v", in, got, err)
		}
	}
}

func FuzzFeedItem(f *testing.F) {
	f.Add([]byte(feedItem("3kaaa", 1, "x", "")))
	f.Add([]byte(`{"post":{"uri":"at://did:plc:a/app.bsky.feed.post/b","record":{"embed":{"external":{"uri":"u"}}}},"reason":{"$type":"app.bsky.feed.defs#reasonRepost"}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var it FeedItem
		if json.Unmarshal(b, &it) != nil {
			return
		}
		p, err := it.ToPost(now)
		if err != nil {
			return
		}
		if p.ExternalID == "" || p.PublishedAt.IsZero() {
			t.Fatalf("bad post %+v", p)
		}
	})
}
