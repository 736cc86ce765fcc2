package web

import (
	"net/http"
	"testing"
)

func TestLogout(t *testing.T) {
	e := newEnv(t)
	createUser(t, e.store.DB, "lan@example.vn", "Lan", "", nil)
	c := e.client()
	e.mustLogin(c, "lan@example.vn")
	token := e.sessionToken(c)

	resp, body := e.do(c, http.MethodPost, "/logout", nil, nil)
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/login" {
		t.Fatalf("logout went to %s (%d)", resp.Request.URL, resp.StatusCode)
	}
	if doc := parseHTML(t, body); first(doc, "nav") != nil || len(byAttr(doc, "form", "action", "/logout")) != 0 {
		t.Errorf("the page after logout still shows the logged-in layout")
	}
	resp, _ = e.do(c, http.MethodGet, "/", nil, nil)
	if resp.Request.URL.Path != "/login" {
		t.Errorf("after logout GET / shows %s", resp.Request.URL)
	}
	// The old token is dead on the server too, not just forgotten by the jar.
	resp, _ = e.do(noFollow(&http.Client{}), http.MethodGet, "/", nil, map[string]string{"Cookie": sessionCookie + "=" + token})
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("old session token still works after logout: %d", resp.StatusCode)
	}
	// Logging out without a session is harmless.
	resp, _ = e.do(e.client(), http.MethodPost, "/logout", nil, nil)
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/login" {
		t.Errorf("anonymous logout: %d at %s", resp.StatusCode, resp.Request.URL)
	}
}
