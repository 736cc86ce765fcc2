package web

import (
	"context"
	"net/http"
	"net/url"
	"testing"
)

func TestLocaleOfAnonymousVisitor(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name     string
		headers  map[string]string
		wantLang string
		wantH1   string
	}{
		{"no header: Vietnamese", nil, "vi", "Đăng nhập"},
		{"Accept-Language vi", map[string]string{"Accept-Language": "vi-VN,vi;q=0.9"}, "vi", "Đăng nhập"},
		{"Accept-Language en", map[string]string{"Accept-Language": "en-US,en;q=0.9"}, "en", "Log in"},
		{"unsupported language", map[string]string{"Accept-Language": "fr"}, "vi", "Đăng nhập"},
		{"cookie beats header", map[string]string{"Accept-Language": "en", "Cookie": "lang=vi"}, "vi", "Đăng nhập"},
		{"bad cookie ignored", map[string]string{"Accept-Language": "en", "Cookie": "lang=xx"}, "en", "Log in"},
	}
	for _, tt := range tests {
		_, body := e.do(e.client(), http.MethodGet, "/login", nil, tt.headers)
		doc := parseHTML(t, body)
		if got := pageLang(doc); got != tt.wantLang {
			t.Errorf("%s: lang %q, want %q", tt.name, got, tt.wantLang)
		}
		if got := h1(doc); got != tt.wantH1 {
			t.Errorf("%s: h1 %q, want %q", tt.name, got, tt.wantH1)
		}
	}
}

// TestLocaleSwitchPersistsForUser: the user's setting beats the browser, and
// the switcher saves a new choice in the user record.
func TestLocaleSwitchPersistsForUser(t *testing.T) {
	e := newEnv(t)
	u := createUser(t, e.store.DB, "lan@example.vn", "Lan", "en", nil)
	c := e.client()
	e.mustLogin(c, "lan@example.vn")
	vi := map[string]string{"Accept-Language": "vi"}

	_, body := e.do(c, http.MethodGet, "/cases", nil, vi)
	if doc := parseHTML(t, body); pageLang(doc) != "en" || h1(doc) != "Cases" {
		t.Fatalf("user locale en: lang %q h1 %q", pageLang(doc), h1(doc))
	}
	resp, body := e.do(c, http.MethodPost, "/locale", url.Values{"lang": {"vi"}, "next": {"/cases"}}, nil)
	if resp.Request.URL.Path != "/cases" {
		t.Errorf("switch went to %s, want back to /cases", resp.Request.URL)
	}
	if doc := parseHTML(t, body); pageLang(doc) != "vi" || h1(doc) != "Vụ việc" {
		t.Errorf("after switch: lang %q h1 %q", pageLang(doc), h1(doc))
	}
	got, err := e.store.DB.User(context.Background(), u.ID)
	if err != nil || got.Locale != "vi" {
		t.Errorf("stored locale %q (%v), want vi", got.Locale, err)
	}
	// A fresh browser asking for English still gets the saved Vietnamese.
	c2 := e.client()
	e.mustLogin(c2, "lan@example.vn")
	_, body = e.do(c2, http.MethodGet, "/", nil, map[string]string{"Accept-Language": "en"})
	if pageLang(parseHTML(t, body)) != "vi" {
		t.Errorf("saved locale not used in a new session")
	}
}

func TestLocaleSwitchAnonymousUsesCookie(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	resp, body := e.do(c, http.MethodPost, "/locale", url.Values{"lang": {"en"}, "next": {"/login"}}, map[string]string{"Accept-Language": "vi"})
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/login" {
		t.Fatalf("switch: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	if doc := parseHTML(t, body); pageLang(doc) != "en" || h1(doc) != "Log in" {
		t.Errorf("after switch: lang %q h1 %q", pageLang(doc), h1(doc))
	}
}

func TestLocaleSwitchValidates(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		form       url.Values
		wantStatus int
		wantLoc    string
	}{
		{url.Values{"lang": {"en"}, "next": {"/search?q=x"}}, http.StatusSeeOther, "/search?q=x"},
		{url.Values{"lang": {"en"}, "next": {"https://evil.example/"}}, http.StatusSeeOther, "/"},
		{url.Values{"lang": {"en"}}, http.StatusSeeOther, "/"},
		{url.Values{"lang": {"fr"}}, http.StatusBadRequest, ""},
		{url.Values{}, http.StatusBadRequest, ""},
	}
	for _, tt := range tests {
		resp, _ := e.do(noFollow(e.client()), http.MethodPost, "/locale", tt.form, nil)
		if resp.StatusCode != tt.wantStatus || resp.Header.Get("Location") != tt.wantLoc {
			t.Errorf("%v: %d %q, want %d %q", tt.form, resp.StatusCode, resp.Header.Get("Location"), tt.wantStatus, tt.wantLoc)
		}
	}
}

// TestLanguageSwitcherMarksCurrent checks the switcher's buttons and that it
// comes back to the page it was used on.
func TestLanguageSwitcherMarksCurrent(t *testing.T) {
	e := newEnv(t)
	_, body := e.do(e.client(), http.MethodGet, "/login?next=/drills", nil, map[string]string{"Accept-Language": "en"})
	doc := parseHTML(t, body)
	form := byAttr(doc, "form", "action", "/locale")[0]
	if next := attr(byAttr(form, "input", "name", "next")[0], "value"); next != "/login?next=/drills" {
		t.Errorf("switcher next = %q", next)
	}
	pressed := map[string]string{}
	for _, b := range byAttr(form, "button", "name", "lang") {
		pressed[attr(b, "value")] = attr(b, "aria-pressed")
	}
	if pressed["en"] != "true" || pressed["vi"] != "false" {
		t.Errorf("aria-pressed = %v", pressed)
	}
}
