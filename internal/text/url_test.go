package text

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestCanonicalURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://example.com", "https://example.com"},
		{"https://example.com/", "https://example.com"},
		{"  HTTPS://Example.COM:443/  ", "https://example.com"},
		{"http://example.com:80/a", "http://example.com/a"},
		{"http://example.com:8080/a", "http://example.com:8080/a"},
		{"https://example.com:80/a", "https://example.com:80/a"},
		{"https://example.com:/a", "https://example.com/a"},
		{"https://example.com./a", "https://example.com/a"},
		{"https://user:secret@example.com/a", "https://example.com/a"},
		{"https://example.com/a/", "https://example.com/a/"},
		{"https://example.com/a#section", "https://example.com/a"},
		{"https://example.com/#!/route", "https://example.com"},
		{"https://example.com/a/./b/../c", "https://example.com/a/c"},
		{"https://example.com/../a", "https://example.com/a"},
		{"https://example.com/a?utm_source=fb&utm_medium=x&id=7", "https://example.com/a?id=7"},
		{"https://example.com/a?fbclid=abc&gclid=1&mc_cid=2&mc_eid=3&igshid=4&UTM_Campaign=5", "https://example.com/a"},
		{"https://example.com/a?b=2&a=1&c=3", "https://example.com/a?a=1&b=2&c=3"},
		{"https://example.com/a?b=2&a=1&b=1", "https://example.com/a?a=1&b=2&b=1"},
		{"https://example.com/a?&&a=1&", "https://example.com/a?a=1"},
		{"https://example.com/a?", "https://example.com/a"},
		{"https://example.com/a?q=tin+gi%e1%ba%a3", "https://example.com/a?q=tin+gi%E1%BA%A3"},
		{"https://example.com/%7euser/%41", "https://example.com/~user/A"},
		{"https://example.com/a%2Fb", "https://example.com/a%2Fb"},
		{"https://vi.wikipedia.org/wiki/Đà_Nẵng", "https://vi.wikipedia.org/wiki/%C4%90%C3%A0_N%E1%BA%B5ng"},
		{"https://vi.wikipedia.org/wiki/\u0110a\u0300_Na\u0306\u0303ng", "https://vi.wikipedia.org/wiki/%C4%90%C3%A0_N%E1%BA%B5ng"},
		{"https://xn--bcher-kva.example/", "https://xn--bcher-kva.example"},
		{"https://Bücher.example/", "https://bücher.example"},
		{"http://[2001:DB8::1]:80/", "http://[2001:db8::1]"},
		{"http://[2001:db8::1]:8080/x", "http://[2001:db8::1]:8080/x"},
		{"https://example.com/path with space", "https://example.com/path%20with%20space"},
	}
	for _, tt := range tests {
		got, err := CanonicalURL(tt.in)
		if err != nil {
			t.Errorf("CanonicalURL(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("CanonicalURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if again, err := CanonicalURL(got); err != nil || again != got {
			t.Errorf("CanonicalURL not idempotent on %q: %q, %v", got, again, err)
		}
	}
}

func TestCanonicalURLErrors(t *testing.T) {
	tests := []struct{ in, reason string }{
		{"", "empty"},
		{"   ", "empty"},
		{"example.com/a", "missing scheme"},
		{"//example.com/a", "missing scheme"},
		{"ftp://example.com/a", `unsupported scheme "ftp"`},
		{"javascript:alert(1)", `unsupported scheme "javascript"`},
		{"mailto:a@b.c", `unsupported scheme "mailto"`},
		{"http:example.com", "missing // after the scheme"},
		{"https://", "missing host"},
		{"https:///path", "missing host"},
		{"https://../", `bad host ".."`},
		{"https://a..b/", `bad host "a..b"`},
		{"https://a!b.vn/", `bad host "a!b.vn"`},
		{"https://example.com:99999/", `bad port "99999"`},
		{"https://example.com:0/", `bad port "0"`},
		{"https://example.com:abc/", "cannot parse"},
		{"https://exa mple.com/", "cannot parse"},
		{"http://[::1/", "cannot parse"},
		{"https://example.com/\x7f", "cannot parse"},
	}
	for _, tt := range tests {
		got, err := CanonicalURL(tt.in)
		if err == nil {
			t.Errorf("CanonicalURL(%q) = %q, want error", tt.in, got)
			continue
		}
		if !errors.Is(err, ErrInvalidURL) {
			t.Errorf("CanonicalURL(%q) error %v does not wrap ErrInvalidURL", tt.in, err)
		}
		if !strings.Contains(err.Error(), tt.reason) {
			t.Errorf("CanonicalURL(%q) error %q does not say %q", tt.in, err, tt.reason)
		}
	}
	_, err := CanonicalURL(strings.Repeat("x", 1000))
	if err == nil || len(err.Error()) > 300 {
		t.Errorf("long input: error %v should be short", err)
	}
}

func TestExtractURLs(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"no links here", nil},
		{"see https://a.vn/x.", []string{"https://a.vn/x"}},
		{"(see https://en.wikipedia.org/wiki/Foo_(bar)) and", []string{"https://en.wikipedia.org/wiki/Foo_(bar)"}},
		{"(https://a.vn/x)", []string{"https://a.vn/x"}},
		{"Xem: HTTP://A.VN/tin-gia?id=1, rồi https://b.vn!", []string{"HTTP://A.VN/tin-gia?id=1", "https://b.vn"}},
		{"“https://a.vn/x” và «https://b.vn/y»", []string{"https://a.vn/x", "https://b.vn/y"}},
		{"dup https://a.vn https://a.vn", []string{"https://a.vn"}},
		{"www.example.com/path và email a@www.example.org", []string{"http://www.example.com/path"}},
		{"https://vi.wikipedia.org/wiki/Đà_Nẵng.", []string{"https://vi.wikipedia.org/wiki/Đà_Nẵng"}},
		{"<a href=\"https://a.vn/x\">", []string{"https://a.vn/x"}},
		{"glued texthttps://t.co/abc…more", []string{"https://t.co/abc"}},
		{"https:// nothing http://", nil},
		{"https://-bad.example ftp://a.vn", nil},
		{"line\nhttps://a.vn/1\thttps://a.vn/2", []string{"https://a.vn/1", "https://a.vn/2"}},
		{"bad \xff https://a.vn/\xffx", []string{"https://a.vn/"}},
	}
	for _, tt := range tests {
		if got := ExtractURLs(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("ExtractURLs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzCanonicalURL(f *testing.F) {
	for _, s := range []string{
		"https://Example.COM:443/a/./b/../c?utm_source=x&b=2&a=1#frag", "http://[::1]:80/",
		"https://a.vn/%zz?%", "https://a.vn/Đà", "http://u:p@h:0/", "https://h/?a=1&a=0&A=2",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := CanonicalURL(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidURL) {
				t.Fatalf("CanonicalURL(%q) error %v does not wrap ErrInvalidURL", s, err)
			}
			return
		}
		if !strings.HasPrefix(got, "http://") && !strings.HasPrefix(got, "https://") {
			t.Fatalf("CanonicalURL(%q) = %q has no http(s) scheme", s, got)
		}
		if strings.Contains(got, "#") {
			t.Fatalf("CanonicalURL(%q) = %q keeps a fragment", s, got)
		}
		if _, q, ok := strings.Cut(got, "?"); ok {
			for pair := range strings.SplitSeq(q, "&") {
				name, _, _ := strings.Cut(pair, "=")
				if isTrackingParam(name) {
					t.Fatalf("CanonicalURL(%q) = %q keeps tracking parameter %q", s, got, name)
				}
			}
		}
		again, err := CanonicalURL(got)
		if err != nil || again != got {
			t.Fatalf("CanonicalURL not idempotent: %q -> %q -> %q (%v)", s, got, again, err)
		}
	})
}

func FuzzExtractURLs(f *testing.F) {
	for _, s := range []string{
		"see https://a.vn/x.", "(https://en.wikipedia.org/wiki/Foo_(bar))", "www.a.vn",
		"https://https://", "http://[::1]:80/x)", "“https://a.vn”",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, u := range ExtractURLs(s) {
			raw := strings.TrimPrefix(u, "http://")
			if !strings.Contains(validUTF8(s), raw) {
				t.Fatalf("ExtractURLs(%q) returned %q, not found in the text", s, u)
			}
			if strings.ContainsAny(u, " \t\n<>\"") {
				t.Fatalf("ExtractURLs(%q) returned %q with a stop character", s, u)
			}
			_, _ = CanonicalURL(u)
		}
	})
}

func TestExtractURLsHostileInputIsLinear(t *testing.T) {
	// A URL followed by a megabyte of closing brackets must not take
	// quadratic time.
	s := "https://a.vn/x" + strings.Repeat(")", 1<<20)
	if got := ExtractURLs(s); !slices.Equal(got, []string{"https://a.vn/x"}) {
		t.Errorf("ExtractURLs = %q", got)
	}
	long := strings.Repeat("https://a.vn/ ", 20000) + strings.Repeat("www.", 50000)
	if got := ExtractURLs(long); len(got) != 2 { // https://a.vn/ and http://www.www.…www
		t.Errorf("ExtractURLs found %d distinct URLs, want 2", len(got))
	}
}
