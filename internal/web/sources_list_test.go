package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/factdesk/factdesk/internal/store"
)

func TestSourcesList(t *testing.T) {
	e := newSourcesEnv(t, false)
	ctx := context.Background()
	failing := e.source(store.Source{Name: "Báo Lạng Sơn", URL: "https://baolangson.vn/rss", UnitID: e.district})
	if err := e.store.RecordFetch(ctx, failing.ID, store.FetchOutcome{Err: errors.New("rss: HTTP 503 Service Unavailable")}); err != nil {
		t.Fatal(err)
	}
	paused := e.source(store.Source{Name: "Mastodon VN", Kind: "mastodon", URL: "https://mastodon.social/tags/vietnam"})
	if err := e.store.SetSourceState(ctx, "test", paused.ID, store.SourcePaused); err != nil {
		t.Fatal(err)
	}
	ok := e.source(store.Source{Name: "VnExpress", URL: "https://vnexpress.net/rss/tin-moi-nhat.rss"})
	if err := e.store.RecordFetch(ctx, ok.ID, store.FetchOutcome{}); err != nil {
		t.Fatal(err)
	}

	doc := e.page(e.viewer, "/sources", http.StatusOK)
	if h1(doc) != "Sources" {
		t.Errorf("h1 %q", h1(doc))
	}
	rows := findAll(doc, func(n *html.Node) bool { return n.Data == "tr" && attr(n, "data-source-id") != "" })
	if len(rows) != 3 {
		t.Fatalf("%d rows, want 3", len(rows))
	}
	want := map[string]struct{ badge, badgeText, lastErr, success string }{
		"Báo Lạng Sơn": {"badge-failing", "Failing", "rss: HTTP 503 Service Unavailable", "Never"},
		"Mastodon VN":  {"badge-paused", "Paused", "None", "Never"},
		"VnExpress":    {"badge-active", "Active", "None", "just now"},
	}
	for _, row := range rows {
		name := text(first(row, "a"))
		w, ok := want[name]
		if !ok {
			t.Errorf("unexpected row %q", name)
			continue
		}
		badges := elemsByClass(row, "badge")
		if len(badges) != 1 || !strings.Contains(attr(badges[0], "class"), w.badge) || text(badges[0]) != w.badgeText {
			t.Errorf("%s: badge %q %q", name, attr(first(row, "span"), "class"), text(first(row, "span")))
		}
		if got := text(elemsByClass(row, "last-error")[0]); got != w.lastErr {
			t.Errorf("%s: last error %q, want %q", name, got, w.lastErr)
		}
		if !strings.Contains(text(row), w.success) {
			t.Errorf("%s: row %q lacks last success %q", name, text(row), w.success)
		}
	}
	if !strings.Contains(text(rows[0]), "Tỉnh Lạng Sơn › Huyện Văn Lãng") {
		t.Errorf("unit path missing: %q", text(rows[0]))
	}
	// Viewers read but may not add.
	if links := byAttr(doc, "a", "href", "/sources/new"); len(links) != 0 {
		t.Error("viewer sees the add link")
	}
	if links := byAttr(e.page(e.admin, "/sources", http.StatusOK), "a", "href", "/sources/new"); len(links) != 1 {
		t.Error("admin lacks the add link")
	}
	// The Sources entry of the navigation is current.
	cur := findAll(first(doc, "nav"), func(n *html.Node) bool { return attr(n, "aria-current") == "page" })
	if len(cur) != 1 || attr(cur[0], "href") != "/sources" {
		t.Error("nav does not mark Sources")
	}
}

func TestSourcesListVietnamese(t *testing.T) {
	e := newSourcesEnv(t, false)
	e.source(store.Source{Name: "VnExpress", URL: "https://vnexpress.net/rss"})
	c := e.client()
	createUser(t, e.store.DB, "lan@example.vn", "Lan", "vi", nil)
	e.mustLogin(c, "lan@example.vn")
	doc := e.page(c, "/sources", http.StatusOK)
	if pageLang(doc) != "vi" || h1(doc) != "Nguồn" || text(elemsByClass(doc, "badge")[0]) != "Đang hoạt động" {
		t.Errorf("vi page: lang %q, h1 %q", pageLang(doc), h1(doc))
	}
	if !strings.Contains(text(first(doc, "thead")), "Lỗi liên tiếp") {
		t.Errorf("vi headers: %q", text(first(doc, "thead")))
	}
}

func TestSourcesEmptyAndAnonymous(t *testing.T) {
	e := newSourcesEnv(t, false)
	doc := e.page(e.viewer, "/sources", http.StatusOK)
	if !strings.Contains(text(first(doc, "main")), "No sources yet.") {
		t.Error("no empty-list message")
	}
	resp, _ := e.do(noFollow(e.client()), http.MethodGet, "/sources/new", nil, nil)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login?next=") {
		t.Errorf("anonymous: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	e.page(e.viewer, "/sources/nothing/here", http.StatusNotFound)
	e.page(e.viewer, "/sources/999", http.StatusNotFound)
}
