package web

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestAssetsServedUnderHashedURLs(t *testing.T) {
	e := newEnv(t)
	_, body := e.do(e.client(), http.MethodGet, "/login", nil, nil)
	doc := parseHTML(t, body)
	css := attr(byAttr(doc, "link", "rel", "stylesheet")[0], "href")
	js := attr(first(doc, "script"), "src")
	if !regexp.MustCompile(`^/static/app\.[0-9a-f]{16}\.css$`).MatchString(css) {
		t.Errorf("stylesheet URL %q is not hashed", css)
	}
	if !regexp.MustCompile(`^/static/vendor/htmx\.min\.[0-9a-f]{16}\.js$`).MatchString(js) {
		t.Errorf("htmx URL %q is not hashed", js)
	}
	tests := []struct {
		path, wantType, wantPrefix string
		embedded                   string
	}{
		{css, "text/css", ":root", "static/app.css"},
		{js, "text/javascript", "var htmx", "static/vendor/htmx.min.js"},
	}
	for _, tt := range tests {
		resp, got := e.do(e.client(), http.MethodGet, tt.path, nil, nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", tt.path, resp.StatusCode)
		}
		if cc := resp.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("%s Cache-Control %q", tt.path, cc)
		}
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, tt.wantType) {
			t.Errorf("%s Content-Type %q", tt.path, ct)
		}
		want, _ := staticFS.ReadFile(tt.embedded)
		if got != string(want) || !strings.Contains(got[:200], tt.wantPrefix) {
			t.Errorf("%s body differs from the embedded file", tt.path)
		}
		if resp.Header.Get("Set-Cookie") != "" {
			t.Errorf("%s sets a cookie", tt.path)
		}
		// A revalidation answers 304.
		resp, _ = e.do(e.client(), http.MethodGet, tt.path, nil, map[string]string{"If-None-Match": resp.Header.Get("ETag")})
		if resp.StatusCode != http.StatusNotModified {
			t.Errorf("%s with If-None-Match: %d", tt.path, resp.StatusCode)
		}
	}
}

func TestAssetsWrongHashNotFound(t *testing.T) {
	e := newEnv(t)
	css, err := e.h.assets.URL("app.css")
	if err != nil {
		t.Fatal(err)
	}
	hash := strings.TrimSuffix(strings.TrimPrefix(css, "/static/app."), ".css")
	for _, p := range []string{
		"/static/app.css",
		"/static/app.0000000000000000.css",
		"/static/app." + hash + ".js",
		"/static/" + hash + ".css",
		"/static/vendor/htmx.min.js",
		"/static/",
		"/static/../web.go",
	} {
		resp, body := e.do(e.client(), http.MethodGet, p, nil, nil)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, resp.StatusCode)
		}
		if resp.Header.Get("Cache-Control") == "public, max-age=31536000, immutable" {
			t.Errorf("GET %s: a miss is cached for a year", p)
		}
		if h1(parseHTML(t, body)) == "" {
			t.Errorf("GET %s: no friendly page", p)
		}
	}
	if resp, _ := e.do(e.client(), http.MethodPost, css, nil, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("POST to an asset: %d", resp.StatusCode)
	}
	if _, err := e.h.assets.URL("nope.css"); err == nil {
		t.Errorf("URL of an unknown asset gave no error")
	}
}

func TestHashedName(t *testing.T) {
	for in, want := range map[string]string{
		"app.css":            "app.abc.css",
		"vendor/htmx.min.js": "vendor/htmx.min.abc.js",
		"LICENSE":            "LICENSE.abc",
	} {
		if got := hashedName(in, "abc"); got != want {
			t.Errorf("hashedName(%q) = %q, want %q", in, got, want)
		}
	}
}
