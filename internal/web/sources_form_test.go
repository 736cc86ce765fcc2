package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/factdesk/factdesk/internal/sourceadmin"
	"github.com/factdesk/factdesk/internal/store"
)

func TestSourcesAddForm(t *testing.T) {
	e := newSourcesEnv(t, false)
	doc := e.page(e.districtAdmin, "/sources/new", http.StatusOK)
	form := byAttr(doc, "form", "action", "/sources")
	if len(form) != 1 || attr(form[0], "method") != "post" {
		t.Fatal("no add form")
	}
	var kinds []string
	for _, o := range byTag(elemByID(doc, "kind"), "option") {
		kinds = append(kinds, attr(o, "value"))
	}
	if strings.Join(kinds, ",") != strings.Join(sourceadmin.Kinds(), ",") {
		t.Errorf("kinds %v, want %v", kinds, sourceadmin.Kinds())
	}
	// A district admin may put sources in the district only (or in no unit).
	var units []string
	for _, o := range byTag(elemByID(doc, "unit_id"), "option") {
		units = append(units, attr(o, "value")+"="+text(o))
	}
	if want := "0=No unit," + strconv.FormatInt(e.district, 10) + "=Tỉnh Lạng Sơn › Huyện Văn Lãng"; strings.Join(units, ",") != want {
		t.Errorf("units %v, want %s", units, want)
	}
	if attr(elemByID(doc, "every"), "value") != "5m" {
		t.Errorf("default every %q", attr(elemByID(doc, "every"), "value"))
	}
	if tests := byAttr(doc, "button", "formaction", "/sources/test"); len(tests) != 1 {
		t.Error("no test-fetch button on the add form")
	}
	e.page(e.viewer, "/sources/new", http.StatusForbidden)
}

func TestSourcesCreate(t *testing.T) {
	e := newSourcesEnv(t, false)
	ctx := context.Background()
	e.source(store.Source{Name: "Taken", URL: "https://taken.example/rss"})
	district := strconv.FormatInt(e.district, 10)
	prov := strconv.FormatInt(e.prov, 10)
	tests := []struct {
		name   string
		c      *http.Client
		form   url.Values
		status int
		errors map[string]string // field id -> translated message it must show
	}{
		{"valid", e.districtAdmin, url.Values{"kind": {"rss"}, "url": {"https://baolangson.vn/rss/home.rss"}, "name": {"Báo Lạng Sơn"},
			"unit_id": {district}, "every": {"10m"}, "settings": {"limit=20\naccess_token=abc"}}, http.StatusOK, nil},
		{"private and too fast", e.admin, url.Values{"kind": {"rss"}, "url": {"http://192.168.1.2/feed"}, "every": {"5s"}}, http.StatusBadRequest,
			map[string]string{"url": "which this server does not allow", "every": "Poll at most every 30 seconds."}},
		{"bad settings", e.admin, url.Values{"kind": {"rss"}, "url": {"https://a.example/rss"}, "settings": {"novalue"}}, http.StatusBadRequest,
			map[string]string{"settings": "The settings are not valid. (line 1: want key=value)"}},
		{"no url", e.admin, url.Values{"kind": {"mastodon"}}, http.StatusBadRequest,
			map[string]string{"url": "This kind of source needs a URL."}},
		{"name taken", e.admin, url.Values{"kind": {"rss"}, "url": {"https://b.example/rss"}, "name": {"Taken"}}, http.StatusConflict,
			map[string]string{"name": "Another source already has this name."}},
		{"above my unit", e.districtAdmin, url.Values{"kind": {"rss"}, "url": {"https://c.example/rss"}, "unit_id": {prov}}, http.StatusForbidden, nil},
		{"viewer", e.viewer, url.Values{"kind": {"rss"}, "url": {"https://d.example/rss"}}, http.StatusForbidden, nil},
	}
	for _, tt := range tests {
		resp, body := e.do(tt.c, http.MethodPost, "/sources", tt.form, nil)
		if resp.StatusCode != tt.status {
			t.Errorf("%s: %d, want %d", tt.name, resp.StatusCode, tt.status)
			continue
		}
		doc := parseHTML(t, body)
		if tt.status == http.StatusOK {
			if !strings.HasPrefix(resp.Request.URL.Path, "/sources/") || resp.Request.URL.Query().Get("msg") != "created" {
				t.Errorf("%s: landed on %s", tt.name, resp.Request.URL)
			}
			if !strings.Contains(text(first(doc, "main")), "The source was added.") || h1(doc) != "Báo Lạng Sơn Active" {
				t.Errorf("%s: page after create: h1 %q", tt.name, h1(doc))
			}
			id, _ := strconv.ParseInt(strings.TrimPrefix(resp.Request.URL.Path, "/sources/"), 10, 64)
			s, err := e.store.Source(ctx, id)
			if err != nil || s.UnitID != e.district || s.Every != 10*time.Minute || s.Settings["access_token"] != "abc" {
				t.Errorf("%s: stored %+v, %v", tt.name, s, err)
			}
			if strings.Contains(body, "abc") {
				t.Errorf("%s: the page shows a secret", tt.name)
			}
			continue
		}
		for field, msg := range tt.errors {
			input := elemByID(doc, field)
			if attr(input, "aria-invalid") != "true" {
				t.Errorf("%s: #%s not marked invalid", tt.name, field)
			}
			if got := text(elemByID(doc, field+"-error")); !strings.Contains(got, msg) {
				t.Errorf("%s: #%s-error %q lacks %q", tt.name, field, got, msg)
			}
		}
		if tt.errors != nil {
			// What the user typed is kept.
			if got := attr(elemByID(doc, "url"), "value"); got != tt.form.Get("url") {
				t.Errorf("%s: url field %q, want %q", tt.name, got, tt.form.Get("url"))
			}
			if elemByID(doc, "form-error") == nil {
				t.Errorf("%s: no form error summary", tt.name)
			}
		}
	}
	if list, _ := e.store.Sources(ctx); len(list) != 2 {
		t.Errorf("%d sources stored, want 2", len(list))
	}
}

func TestSourcesCreateAllowPrivate(t *testing.T) {
	e := newSourcesEnv(t, true)
	resp, _ := e.do(e.admin, http.MethodPost, "/sources", url.Values{"kind": {"rss"}, "url": {"http://127.0.0.1:9/feed"}}, nil)
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Query().Get("msg") != "created" {
		t.Errorf("loopback with private sources allowed: %d at %s", resp.StatusCode, resp.Request.URL)
	}
}

func TestSourcesEdit(t *testing.T) {
	e := newSourcesEnv(t, false)
	ctx := context.Background()
	s := e.source(store.Source{Kind: "mastodon", Name: "Mastodon", URL: "https://mastodon.social/public", UnitID: e.district,
		Settings: map[string]string{"access_token": "s3cret", "local": "1"}})
	path := "/sources/" + strconv.FormatInt(s.ID, 10)

	doc := e.page(e.admin, path, http.StatusOK)
	if got := text(elemByID(doc, "settings")); got != "access_token=******** local=1" {
		t.Errorf("settings field %q: the secret must be redacted", got)
	}
	if attr(elemByID(doc, "every"), "value") != "5m" || attr(elemByID(doc, "name"), "value") != "Mastodon" {
		t.Error("edit form not filled in")
	}

	form := url.Values{"name": {"Mastodon VN"}, "url": {"https://mastodon.social/tags/vietnam"}, "every": {"15m"},
		"settings": {"access_token=********\nkeywords=bão,lũ"}}
	resp, body := e.do(e.admin, http.MethodPost, path, form, nil)
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Query().Get("msg") != "saved" {
		t.Fatalf("save: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	if !strings.Contains(text(first(parseHTML(t, body), "main")), "Your changes were saved.") {
		t.Error("no saved notice")
	}
	got, _ := e.store.Source(ctx, s.ID)
	if got.Name != "Mastodon VN" || got.Every != 15*time.Minute || got.URL != "https://mastodon.social/tags/vietnam" ||
		got.Settings["access_token"] != "s3cret" || got.Settings["keywords"] != "bão,lũ" || got.Settings["local"] != "" {
		t.Errorf("stored %+v", got)
	}

	form.Set("url", "http://10.0.0.1/public")
	form.Set("name", "Changed")
	resp, body = e.do(e.admin, http.MethodPost, path, form, nil)
	doc = parseHTML(t, body)
	if resp.StatusCode != http.StatusBadRequest || attr(elemByID(doc, "url"), "aria-invalid") != "true" || attr(elemByID(doc, "name"), "value") != "Changed" {
		t.Errorf("bad edit: %d", resp.StatusCode)
	}
	if got, _ := e.store.Source(ctx, s.ID); got.Name != "Mastodon VN" {
		t.Errorf("a refused edit changed the name to %q", got.Name)
	}

	// A viewer reads the settings, redacted, and has no form.
	doc = e.page(e.viewer, path, http.StatusOK)
	if len(byTag(doc, "form")) != 2 { // the language switcher and logout only
		t.Errorf("viewer sees %d forms", len(byTag(doc, "form")))
	}
	if pre := elemsByClass(doc, "settings"); len(pre) != 1 || strings.Contains(text(pre[0]), "s3cret") || !strings.Contains(text(pre[0]), "********") {
		t.Error("viewer settings not shown redacted")
	}
	if resp, _ := e.do(e.viewer, http.MethodPost, path, form, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("viewer edit: %d", resp.StatusCode)
	}
	// Pages list the health the viewer needs.
	dts := func(n *html.Node) (out []string) {
		for _, d := range byTag(n, "dt") {
			out = append(out, text(d))
		}
		return out
	}
	if got := strings.Join(dts(doc), "|"); !strings.Contains(got, "Last success|Last error|Consecutive failures|Items per day") {
		t.Errorf("health list: %s", got)
	}
}
