package web

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzSafeNext: whatever ?next= holds after login or a language switch,
// the redirect stays on this site: a path starting with one '/', no scheme,
// no host, no backslash or control character a browser could bend.
//
//	go test -run '^$' -fuzz FuzzSafeNext -fuzztime 60s ./internal/web/
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/cases/1", "//evil.example", "/\\evil.example", "https://evil.example", "/%2F%2Fevil", "/\t/evil",
		"/a?b=//c", "javascript:alert(1)", "/../..//evil", "///evil", "/%5cevil", "\\\\evil", "/ /evil", "/@evil", "/%2Fevil.example/<"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if got == "" || got[0] != '/' || strings.HasPrefix(got, "//") || strings.HasPrefix(got, "/\\") || strings.ContainsAny(got, "\\\r\n\t") {
			t.Fatalf("safeNext(%q) = %q: not a plain path on this site", next, got)
		}
		u, err := url.Parse(got)
		if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
			t.Fatalf("safeNext(%q) = %q: parses as %+v, %v", next, got, u, err)
		}
	})
}
