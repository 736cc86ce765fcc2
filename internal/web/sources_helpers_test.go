package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/store"
)

// sourcesEnv is a web handler with the Sources page, a province with a
// district, and logged-in clients: a province admin, a district admin and
// a viewer.
type sourcesEnv struct {
	*testEnv
	prov, district               int64
	admin, districtAdmin, viewer *http.Client
}

func newSourcesEnv(t *testing.T, allowPrivate bool) *sourcesEnv {
	t.Helper()
	e := newEnv(t, func(d *Deps) {
		d.Sources = &SourcesDeps{Store: d.Store.(*hookStore).DB, AllowPrivateSources: allowPrivate}
	})
	// The store stamps with the real clock (see newEnv); relative times on
	// the page are computed with the handler's clock, so align them.
	e.clock.Set(clock.Real{}.Now())
	ctx := context.Background()
	prov, err := e.store.CreateUnit(ctx, "test", auth.Unit{Name: "Tỉnh Lạng Sơn"})
	if err != nil {
		t.Fatal(err)
	}
	district, err := e.store.CreateUnit(ctx, "test", auth.Unit{Name: "Huyện Văn Lãng", ParentID: prov.ID})
	if err != nil {
		t.Fatal(err)
	}
	se := &sourcesEnv{testEnv: e, prov: prov.ID, district: district.ID}
	users := []struct {
		email string
		m     auth.Membership
		c     **http.Client
	}{
		{"admin@example.vn", auth.Membership{UnitID: prov.ID, Role: auth.Admin}, &se.admin},
		{"dadmin@example.vn", auth.Membership{UnitID: district.ID, Role: auth.Admin}, &se.districtAdmin},
		{"viewer@example.vn", auth.Membership{UnitID: prov.ID, Role: auth.Viewer}, &se.viewer},
	}
	for _, u := range users {
		createUser(t, e.store.DB, u.email, strings.Split(u.email, "@")[0], "en", &u.m)
		*u.c = e.client()
		e.mustLogin(*u.c, u.email)
	}
	return se
}

// source adds a source straight to the store.
func (e *sourcesEnv) source(s store.Source) store.Source {
	e.t.Helper()
	if s.Kind == "" {
		s.Kind = "rss"
	}
	out, err := e.store.CreateSource(context.Background(), "test", s)
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

// page gets path and parses it, failing unless the status is want.
func (e *sourcesEnv) page(c *http.Client, path string, want int, headers ...string) *html.Node {
	e.t.Helper()
	h := map[string]string{}
	for i := 0; i+1 < len(headers); i += 2 {
		h[headers[i]] = headers[i+1]
	}
	resp, body := e.do(c, http.MethodGet, path, nil, h)
	if resp.StatusCode != want {
		e.t.Fatalf("GET %s: %d, want %d\n%s", path, resp.StatusCode, want, body)
	}
	return parseHTML(e.t, body)
}

// elemsByClass returns the elements whose class list holds class.
func elemsByClass(n *html.Node, class string) []*html.Node {
	return findAll(n, func(d *html.Node) bool {
		for _, c := range strings.Fields(attr(d, "class")) {
			if c == class {
				return true
			}
		}
		return false
	})
}

// elemByID returns the element with id, or nil.
func elemByID(n *html.Node, id string) *html.Node {
	if all := findAll(n, func(d *html.Node) bool { return attr(d, "id") == id }); len(all) > 0 {
		return all[0]
	}
	return nil
}

// sourcesFeed serves an RSS feed of n items at /feed and an HTML page at /page.
func sourcesFeed(t *testing.T, n int) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		var b strings.Builder
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "<item><title>Tin số %d</title><link>https://news.example/%d</link><description>Nội dung &lt;b&gt;%d&lt;/b&gt;</description>"+
				"<pubDate>Mon, 02 Mar 2026 08:%02d:00 +0700</pubDate><guid>g%d</guid></item>", i, i, i, i%60, i)
		}
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Báo</title>%s</channel></rss>`, b.String())
	})
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<!doctype html><title>x</title><p>not a feed</p>")
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}
