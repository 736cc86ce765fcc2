package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestCrossOriginPostsAreRefused(t *testing.T) {
	e := newEnv(t)
	createUser(t, e.store.DB, "lan@example.vn", "Lan", "", nil)
	c := e.client()
	e.mustLogin(c, "lan@example.vn")
	evil := map[string]string{"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"}
	forms := []struct {
		path string
		form url.Values
	}{
		{"/login", url.Values{"email": {"lan@example.vn"}, "password": {testPassword}}},
		{"/logout", url.Values{}},
		{"/locale", url.Values{"lang": {"en"}, "next": {"/"}}},
	}
	for _, f := range forms {
		resp, body := e.do(noFollow(c), http.MethodPost, f.path, f.form, evil)
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site POST %s: %d, want 403", f.path, resp.StatusCode)
			continue
		}
		doc := parseHTML(t, body)
		if msg := text(findAll(doc, func(n *html.Node) bool { return attr(n, "class") == "error-message" })[0]); !strings.Contains(msg, "đến từ một trang khác") {
			t.Errorf("POST %s: message %q", f.path, msg)
		}
	}
	// Nothing happened: still logged in, still Vietnamese.
	resp, body := e.do(c, http.MethodGet, "/", nil, nil)
	if resp.Request.URL.Path != "/" || pageLang(parseHTML(t, body)) != "vi" {
		t.Errorf("a refused request changed state: at %s, lang %s", resp.Request.URL, pageLang(parseHTML(t, body)))
	}
}

func TestSameOriginAndNonBrowserPostsPass(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name    string
		headers map[string]string
	}{
		{"no browser headers (curl)", nil},
		{"same-origin fetch metadata", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": e.srv.URL}},
		{"origin only, matching host", map[string]string{"Origin": e.srv.URL}},
		{"user typed it", map[string]string{"Sec-Fetch-Site": "none"}},
	}
	for _, tt := range tests {
		resp, _ := e.do(noFollow(e.client()), http.MethodPost, "/locale", url.Values{"lang": {"en"}}, tt.headers)
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("%s: %d, want 303", tt.name, resp.StatusCode)
		}
	}
	// The public BaseURL origin is trusted even when a proxy changes Host.
	e2 := newEnv(t, func(d *Deps) { d.BaseURL = "https://desk.example.vn" })
	resp, _ := e2.do(noFollow(e2.client()), http.MethodPost, "/locale", url.Values{"lang": {"en"}},
		map[string]string{"Origin": "https://desk.example.vn", "Sec-Fetch-Site": "cross-site"})
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("trusted BaseURL origin: %d", resp.StatusCode)
	}
}
