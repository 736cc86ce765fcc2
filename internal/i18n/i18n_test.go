package i18n

import (
	"regexp"
	"slices"
	"testing"
)

func mustNew(t *testing.T) *Catalog {
	t.Helper()
	c, err := New()
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// TestCataloguesHaveSameKeys keeps the languages in step: a key added to one
// catalogue must be added to every other.
func TestCataloguesHaveSameKeys(t *testing.T) {
	c := mustNew(t)
	want := c.Keys(Default)
	if len(want) == 0 {
		t.Fatal("default catalogue is empty")
	}
	for _, lang := range c.Languages() {
		got := c.Keys(lang)
		for _, k := range want {
			if !slices.Contains(got, k) {
				t.Errorf("%s catalogue lacks %q", lang, k)
			}
		}
		for _, k := range got {
			if !slices.Contains(want, k) {
				t.Errorf("%s catalogue has %q, which %s lacks", lang, k, Default)
			}
		}
	}
}

var verbRe = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// TestPlaceholdersMatch checks that every translation of a key takes the same
// fmt verbs in the same order, so T(key, args...) works in every language.
func TestPlaceholdersMatch(t *testing.T) {
	c := mustNew(t)
	for _, k := range c.Keys(Default) {
		want := verbRe.FindAllString(c.msgs[Default][k], -1)
		for _, lang := range c.Languages() {
			msg := c.msgs[lang][k]
			if msg == "" {
				t.Errorf("%s %q is empty", lang, k)
			}
			if got := verbRe.FindAllString(msg, -1); !slices.Equal(got, want) {
				t.Errorf("%s %q has verbs %v, %s has %v", lang, k, got, Default, want)
			}
		}
	}
}

func TestT(t *testing.T) {
	c := mustNew(t)
	tests := []struct {
		lang, key string
		args      []any
		want      string
	}{
		{"vi", "nav.dashboard", nil, "Tổng quan"},
		{"en", "nav.dashboard", nil, "Dashboard"},
		{"vi", "nav.claims", nil, "Thông tin cần kiểm chứng"},
		{"en", "dashboard.welcome", []any{"Lan"}, "Welcome, Lan"},
		{"vi", "dashboard.welcome", []any{"Lan"}, "Xin chào, Lan"},
		{"fr", "nav.cases", nil, "Vụ việc"},       // unknown language: default
		{"en", "no.such.key", nil, "no.such.key"}, // unknown key: the key
	}
	for _, tt := range tests {
		if got := c.T(tt.lang, tt.key, tt.args...); got != tt.want {
			t.Errorf("T(%q, %q) = %q, want %q", tt.lang, tt.key, got, tt.want)
		}
	}
	p := c.Printer("xx")
	if p.Lang() != Default || p.T("auth.logout") != "Đăng xuất" {
		t.Errorf("Printer(xx) = %q %q, want default language", p.Lang(), p.T("auth.logout"))
	}
	if got := c.Printer(English).T("login.password"); got != "Password" {
		t.Errorf("English printer: %q", got)
	}
}

func TestMatch(t *testing.T) {
	c := mustNew(t)
	tests := []struct{ header, want string }{
		{"", "vi"},
		{"en", "en"},
		{"en-US,en;q=0.9", "en"},
		{"vi-VN,vi;q=0.9,en;q=0.8", "vi"},
		{"en-GB;q=0.8, vi;q=0.9", "vi"},
		{"fr-FR,fr;q=0.9", "vi"},
		{"fr-FR,en;q=0.5", "en"},
		{"de, en-AU;q=0.7", "en"},
		{"*", "vi"},
		{";;;garbage", "vi"},
	}
	for _, tt := range tests {
		if got := c.Match(tt.header); got != tt.want {
			t.Errorf("Match(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
}

func TestSupported(t *testing.T) {
	c := mustNew(t)
	for lang, want := range map[string]bool{"vi": true, "en": true, "": false, "EN": false, "fr": false} {
		if got := c.Supported(lang); got != want {
			t.Errorf("Supported(%q) = %v", lang, got)
		}
	}
}
