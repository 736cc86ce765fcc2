package api

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/sourceadmin"
	"github.com/factdesk/factdesk/internal/store"
)

func TestTestFetch(t *testing.T) {
	feeds := feedServer(t, 12)
	e := newEnv(t, func(d *Deps) { d.AllowPrivateSources = true })
	ctx := context.Background()
	unit := e.unit("A", 0)
	admin := e.token("admin@example.vn", auth.Admin, unit)
	analyst := e.token("an@example.vn", auth.Analyst, unit)

	create := func(body string) int64 {
		t.Helper()
		resp, out := e.call(http.MethodPost, "/api/v1/sources", admin, "application/json", body)
		var s sourceJSON
		decode(t, out, &s)
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("create: %d %s", resp.StatusCode, out)
		}
		return s.ID
	}
	feed := create(`{"kind": "rss", "name": "feed", "url": "` + feeds.URL + `/feed"}`)
	page := create(`{"kind": "rss", "name": "page", "url": "` + feeds.URL + `/page"}`)

	resp, out := e.call(http.MethodPost, sourcePath(feed, "/test"), admin, "", "")
	var p sourceadmin.Preview
	decode(t, out, &p)
	if resp.StatusCode != http.StatusOK || !p.OK || p.Total != 12 || len(p.Items) != 10 {
		t.Fatalf("test fetch: %d %s", resp.StatusCode, out)
	}
	if it := p.Items[0]; it.Title != "Tin số 1" || it.URL != "https://news.example/1" || it.Snippet != "Nội dung 1" || it.PublishedAt.IsZero() {
		t.Errorf("first item %+v", it)
	}

	resp, out = e.call(http.MethodPost, sourcePath(page, "/test"), admin, "", "")
	decode(t, out, &p)
	if resp.StatusCode != http.StatusOK || p.OK || p.Error == "" || len(p.Items) != 0 {
		t.Errorf("test fetch of a page: %d %s", resp.StatusCode, out)
	}

	// Nothing was stored and the health did not move.
	if posts, _ := e.db.Posts(ctx, store.PostFilter{}); len(posts) != 0 {
		t.Errorf("test fetch stored %d posts", len(posts))
	}
	if s, _ := e.db.Source(ctx, page); s.LastError != "" || s.ConsecutiveFailures != 0 || !s.LastSuccessAt.IsZero() {
		t.Errorf("test fetch changed health: %+v", s)
	}

	resp, out = e.call(http.MethodPost, sourcePath(feed, "/test"), analyst, "", "")
	checkProblem(t, resp, out, http.StatusForbidden, "forbidden")

	push, err := e.db.EnsureSource(ctx, "test", "push", "push")
	if err != nil {
		t.Fatal(err)
	}
	resp, out = e.call(http.MethodPost, sourcePath(push.ID, "/test"), admin, "", "")
	checkProblem(t, resp, out, http.StatusBadRequest, "invalid")
}

// TestTestFetchRefusesPrivateAtDial: a source stored while private
// addresses were allowed is still refused by the dialler once they are not.
func TestTestFetchRefusesPrivateAtDial(t *testing.T) {
	feeds := feedServer(t, 3)
	e := newEnv(t)
	ctx := context.Background()
	admin := e.token("admin@example.vn", auth.Admin, e.unit("A", 0))
	s, err := e.db.CreateSource(ctx, "test", store.Source{Kind: "rss", Name: "local", URL: feeds.URL + "/feed"})
	if err != nil {
		t.Fatal(err)
	}
	resp, out := e.call(http.MethodPost, sourcePath(s.ID, "/test"), admin, "", "")
	var p sourceadmin.Preview
	decode(t, out, &p)
	if resp.StatusCode != http.StatusOK || p.OK || !strings.Contains(p.Error, "loopback") {
		t.Errorf("private address at dial: %d %s", resp.StatusCode, out)
	}
}
