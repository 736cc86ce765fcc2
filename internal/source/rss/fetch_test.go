package rss

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/netguard"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/source/connector"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestFetchConditionalGET(t *testing.T) {
	feed := readFixture(t, "gulp-atom.atom")
	const etag = `"v1"`
	const lastMod = "Mon, 05 Jan 2026 08:00:00 GMT"
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if !strings.Contains(r.Header.Get("Accept"), "application/atom+xml") || r.Header.Get("User-Agent") == "" {
			t.Errorf("headers: %v", r.Header)
		}
		if r.Header.Get("If-None-Match") == etag && r.Header.Get("If-Modified-Since") == lastMod {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		w.Header().Set("Content-Type", "application/atom+xml")
		w.Write(feed)
	}))
	defer srv.Close()

	c := clock.NewFake(fetchTime)
	f := New(testDeps(c))
	src := Source{ID: 7, Kind: "rss", URL: srv.URL + "/feed"}
	res, err := f.Fetch(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Posts) != 10 || res.ETag != etag || res.LastModified != lastMod || res.NotModified {
		t.Fatalf("first fetch: %d posts, %+v", len(res.Posts), res)
	}
	if res.Posts[0].SourceID != 7 || !res.Posts[0].FetchedAt.Equal(fetchTime) {
		t.Errorf("post: %+v", res.Posts[0])
	}

	src.ETag, src.LastModified = res.ETag, res.LastModified
	res, err = f.Fetch(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if !res.NotModified || len(res.Posts) != 0 || res.ETag != etag || res.LastModified != lastMod {
		t.Fatalf("second fetch: %+v", res)
	}
	if hits.Load() != 2 {
		t.Errorf("%d requests", hits.Load())
	}
}

func TestFetchGzip(t *testing.T) {
	feed := readFixture(t, "vi-windows-1258.rss")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(feed)
	zw.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/negotiated":
			if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
				t.Errorf("no Accept-Encoding: gzip")
			}
			w.Header().Set("Content-Encoding", "gzip")
		case "/file.gz":
			w.Header().Set("Content-Type", "application/gzip") // a gzipped file served as is
		}
		w.Write(gz.Bytes())
	}))
	defer srv.Close()
	f := New(testDeps(clock.NewFake(fetchTime)))
	for _, path := range []string{"/negotiated", "/file.gz"} {
		res, err := f.Fetch(context.Background(), Source{URL: srv.URL + path})
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if len(res.Posts) != 2 || res.Posts[0].Title != viTitle1 {
			t.Errorf("%s: %+v", path, res.Posts)
		}
	}
}

func TestFetchRetryAfter(t *testing.T) {
	c := clock.NewFake(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/seconds":
			w.Header().Set("Retry-After", "120")
			w.WriteHeader(http.StatusTooManyRequests)
		case "/date":
			w.Header().Set("Retry-After", "Sun, 01 Mar 2026 12:10:00 GMT")
			w.WriteHeader(http.StatusServiceUnavailable)
		default:
			http.Error(w, "gone", http.StatusNotFound)
		}
	}))
	defer srv.Close()
	f := New(testDeps(c))
	tests := []struct {
		path   string
		status int
		wait   time.Duration
	}{
		{"/seconds", 429, 2 * time.Minute},
		{"/date", 503, 10 * time.Minute},
		{"/missing", 404, 0},
	}
	for _, tt := range tests {
		res, err := f.Fetch(context.Background(), Source{URL: srv.URL + tt.path, ETag: "e"})
		var he *connector.HTTPError
		if !errors.As(err, &he) || he.StatusCode != tt.status {
			t.Fatalf("%s: %v", tt.path, err)
		}
		if res.RetryAfter != tt.wait || he.RetryAfter != tt.wait || res.ETag != "e" {
			t.Errorf("%s: result %+v, error %v", tt.path, res, err)
		}
		if !strings.HasPrefix(err.Error(), "rss: "+srv.URL+tt.path+" answered") {
			t.Errorf("%s: unclear error %q", tt.path, err)
		}
	}
}

func TestFetchRefusesPrivateAndRedirects(t *testing.T) {
	srv := httptest.NewServer(http.RedirectHandler("http://169.254.169.254/latest/meta-data/", http.StatusFound))
	defer srv.Close()

	// Default deps: loopback refused.
	_, err := New(connector.Deps{Clock: clock.NewFake(fetchTime)}).Fetch(context.Background(), Source{URL: srv.URL})
	if !errors.Is(err, netguard.ErrForbiddenAddress) || !strings.Contains(err.Error(), "rss: fetch "+srv.URL) {
		t.Errorf("loopback: %v", err)
	}
	// Loopback allowed for the test server, but not the metadata address.
	_, err = New(testDeps(clock.NewFake(fetchTime))).Fetch(context.Background(), Source{URL: srv.URL})
	if !errors.Is(err, netguard.ErrForbiddenAddress) || !strings.Contains(err.Error(), "169.254.169.254 (link-local)") {
		t.Errorf("redirect: %v", err)
	}
	for _, bad := range []string{"ftp://x/feed", "/relative", "https://user:pw@x/feed", "http://"} {
		if _, err := New(testDeps(clock.NewFake(fetchTime))).Fetch(context.Background(), Source{URL: bad}); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestFetchBodyCap(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(readFixture(t, "gulp-atom.atom"))
	}))
	defer srv.Close()
	deps := connector.Deps{Client: netguard.New(netguard.Options{AllowLoopback: true, BodyCap: 1000}), Clock: clock.NewFake(fetchTime)}
	_, err := New(deps).Fetch(context.Background(), Source{URL: srv.URL})
	if !errors.Is(err, netguard.ErrTooLarge) {
		t.Fatalf("got %v, want ErrTooLarge", err)
	}
}

func TestFetchNotAFeed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<!DOCTYPE html><html><body>Welcome</body></html>"))
	}))
	defer srv.Close()
	_, err := New(testDeps(clock.NewFake(fetchTime))).Fetch(context.Background(), Source{URL: srv.URL + "/"})
	want := "rss: " + srv.URL + "/ is not a feed (got text/html: <!DOCTYPE html><html><body>Welcome</body></html>)"
	if !errors.Is(err, ErrNotFeed) || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
}

func TestFetchPoliteness(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(readFixture(t, "heraldsun.rss"))
	}))
	defer srv.Close()
	c := clock.NewFake(fetchTime)
	lim := connector.NewHostLimiter(c, 5*time.Second)
	var waited time.Duration
	lim.SetSleep(func(_ context.Context, d time.Duration) error { waited += d; c.Advance(d); return nil })
	deps := testDeps(c)
	deps.Limiter = lim
	f := New(deps)
	for _, path := range []string{"/a", "/b", "/c"} {
		if _, err := f.Fetch(context.Background(), Source{URL: srv.URL + path}); err != nil {
			t.Fatal(err)
		}
	}
	if waited != 10*time.Second {
		t.Errorf("waited %v between three requests to one host, want 10s", waited)
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"heraldsun.rss", "gulp-atom.atom", "gofeed-version_json_11.json", "vi-windows-1258.rss",
		"invalid-utf8.rss", "control-chars.rss", "not-a-feed.html", "gofeed-rdf_item_description.xml", "pt-latin1-undeclared.rss"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, "")
	}
	f.Add([]byte("\xff\xfe<\x00?\x00x\x00m\x00l\x00"), "text/xml; charset=utf-16")
	f.Add([]byte(`<?xml version="1.0" encoding="bogus"?><rss><channel><item><title>&#1;</title></item></channel></rss>`), "text/xml; charset=latin1")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		done := make(chan struct{})
		var posts []post.Post
		var err error
		go func() { posts, err = Parse(body, contentType, "https://fuzz.example/feed", fetchTime); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("HANG on %q", body)
		}
		if err != nil {
			if !strings.Contains(err.Error(), "https://fuzz.example/feed") {
				t.Fatalf("error does not name the URL: %v", err)
			}
			return
		}
		for _, p := range posts {
			checkPost(t, "fuzz", p)
		}
	})
}
