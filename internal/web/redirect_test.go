package web

import "testing"

func TestSafeNext(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "/"},
		{"/", "/"},
		{"/cases", "/cases"},
		{"/cases/12?tab=evidence", "/cases/12?tab=evidence"},
		{"/search?q=v%E1%BA%AFc-xin", "/search?q=v%E1%BA%AFc-xin"},
		{"/cases#top", "/cases"},
		{"//evil.example/x", "/"},
		{"///evil.example", "/"},
		{"/\\evil.example", "/"},
		{"\\\\evil.example", "/"},
		{"https://evil.example/", "/"},
		{"javascript:alert(1)", "/"},
		{"evil.example", "/"},
		{"/ok\r\nSet-Cookie: x=1", "/"},
		{"/\tevil", "/"},
	}
	for _, tt := range tests {
		if got := safeNext(tt.in); got != tt.want {
			t.Errorf("safeNext(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
