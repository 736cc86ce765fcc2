package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/internal/store"
)

func TestSourcesTestFetch(t *testing.T) {
	feeds := sourcesFeed(t, 12)
	e := newSourcesEnv(t, true)
	ctx := context.Background()
	feed := e.source(store.Source{Name: "Feed", URL: feeds.URL + "/feed"})
	page := e.source(store.Source{Name: "Page", URL: feeds.URL + "/page"})

	resp, body := e.do(e.admin, http.MethodPost, "/sources/"+strconv.FormatInt(feed.ID, 10)+"/test", nil, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("test fetch: %d", resp.StatusCode)
	}
	doc := parseHTML(t, body)
	preview := elemByID(doc, "preview")
	items := byTag(preview, "li")
	if len(items) != 10 {
		t.Fatalf("%d preview items, want 10", len(items))
	}
	if a := first(items[0], "a"); text(a) != "Tin số 1" || attr(a, "href") != "https://news.example/1" || !strings.Contains(attr(a, "rel"), "nofollow") {
		t.Errorf("first item link %q %q", text(a), attr(a, "href"))
	}
	if !strings.Contains(text(items[0]), "Nội dung 1") || strings.Contains(body, "<b>1</b>") {
		t.Errorf("first item text %q (HTML must be text)", text(items[0]))
	}
	if !strings.Contains(text(preview), "The first 10 of 12 items fetched. Nothing was stored.") {
		t.Errorf("preview summary %q", text(preview))
	}

	_, body = e.do(e.admin, http.MethodPost, "/sources/"+strconv.FormatInt(page.ID, 10)+"/test", nil, nil)
	preview = elemByID(parseHTML(t, body), "preview")
	if alerts := elemsByClass(preview, "alert"); len(alerts) != 1 || !strings.Contains(text(alerts[0]), "could not be fetched") || len(byTag(preview, "li")) != 0 {
		t.Errorf("failed fetch preview: %q", text(preview))
	}

	// Test-fetch the add form: nothing is created.
	form := url.Values{"kind": {"rss"}, "url": {feeds.URL + "/feed"}, "name": {"Not yet"}, "every": {"5m"}}
	resp, body = e.do(e.admin, http.MethodPost, "/sources/test", form, nil)
	doc = parseHTML(t, body)
	if resp.StatusCode != http.StatusOK || len(byTag(elemByID(doc, "preview"), "li")) != 10 || attr(elemByID(doc, "name"), "value") != "Not yet" {
		t.Errorf("add-form test fetch: %d", resp.StatusCode)
	}

	if list, _ := e.store.Sources(ctx); len(list) != 2 {
		t.Errorf("test fetch created sources: %d", len(list))
	}
	if posts, _ := e.store.Posts(ctx, store.PostFilter{}); len(posts) != 0 {
		t.Errorf("test fetch stored %d posts", len(posts))
	}
	if s, _ := e.store.Source(ctx, page.ID); s.LastError != "" || s.ConsecutiveFailures != 0 {
		t.Errorf("test fetch changed health: %+v", s)
	}
	if resp, _ := e.do(e.viewer, http.MethodPost, "/sources/"+strconv.FormatInt(feed.ID, 10)+"/test", nil, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("viewer test fetch: %d", resp.StatusCode)
	}
	// The source page's test form enhances with htmx, swapping only the preview.
	doc = e.page(e.admin, "/sources/"+strconv.FormatInt(feed.ID, 10), http.StatusOK)
	forms := byAttr(doc, "form", "action", "/sources/"+strconv.FormatInt(feed.ID, 10)+"/test")
	if len(forms) != 1 || attr(forms[0], "hx-select") != "#preview" || attr(forms[0], "hx-target") != "#preview" {
		t.Error("test form lacks htmx attributes")
	}
}

func TestSourcesTestFetchRefusesPrivate(t *testing.T) {
	feeds := sourcesFeed(t, 3)
	e := newSourcesEnv(t, false)
	form := url.Values{"kind": {"rss"}, "url": {feeds.URL + "/feed"}}
	resp, body := e.do(e.admin, http.MethodPost, "/sources/test", form, nil)
	doc := parseHTML(t, body)
	if resp.StatusCode != http.StatusBadRequest || attr(elemByID(doc, "url"), "aria-invalid") != "true" || len(byTag(elemByID(doc, "preview"), "li")) != 0 {
		t.Errorf("loopback test fetch without permission: %d", resp.StatusCode)
	}
	// A source stored meanwhile is refused when dialled.
	s := e.source(store.Source{Name: "local", URL: feeds.URL + "/feed"})
	_, body = e.do(e.admin, http.MethodPost, "/sources/"+strconv.FormatInt(s.ID, 10)+"/test", nil, nil)
	if preview := text(elemByID(parseHTML(t, body), "preview")); !strings.Contains(preview, "loopback") {
		t.Errorf("dial-time refusal not shown: %q", preview)
	}
}
