package connector

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"120", 2 * time.Minute, true},
		{" 0 ", 0, true},
		{"Sun, 01 Mar 2026 12:05:00 GMT", 5 * time.Minute, true},
		{"Sunday, 01-Mar-26 12:00:30 GMT", 30 * time.Second, true},
		{"Sun Mar  1 12:01:00 2026", time.Minute, true},
		{"Sun, 01 Mar 2026 11:00:00 GMT", 0, true},
		{"99999999999999999999999", MaxRetryAfter, true},
		{"999999", MaxRetryAfter, true},
		{"", 0, false},
		{"-5", 0, false},
		{"soon", 0, false},
		{"1.5", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"120", "Sun, 01 Mar 2026 12:05:00 GMT", "", "-1", "Sunday, 01-Mar-26 12:00:30 GMT"} {
		f.Add(s)
	}
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseRetryAfter(s, now)
		if d < 0 || d > MaxRetryAfter {
			t.Fatalf("ParseRetryAfter(%q) = %v out of range", s, d)
		}
		if !ok && d != 0 {
			t.Fatalf("not ok but %v", d)
		}
	})
}

func TestBackoff(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	if d := Backoff(0, rnd); d != 0 {
		t.Errorf("Backoff(0) = %v", d)
	}
	for n := 1; n < 200; n++ {
		d := Backoff(n, rnd)
		full := PollBackoff.Max
		if n < 20 {
			if e := PollBackoff.Base << (n - 1); e < full {
				full = e
			}
		}
		if d < full/2 || d > full {
			t.Fatalf("Backoff(%d) = %v, want in [%v, %v]", n, d, full/2, full)
		}
	}
	if d := Backoff(1000, nil); d > PollBackoff.Max || d < PollBackoff.Max/2 {
		t.Errorf("Backoff(1000) = %v, not capped", d)
	}
}

func TestHostLimiter(t *testing.T) {
	c := clock.NewFake(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	l := NewHostLimiter(c, 2*time.Second)
	var slept []time.Duration
	l.SetSleep(func(_ context.Context, d time.Duration) error {
		slept = append(slept, d)
		c.Advance(d)
		return nil
	})
	ctx := context.Background()
	for range 3 {
		if err := l.Wait(ctx, "Example.org"); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Wait(ctx, "other.org"); err != nil {
		t.Fatal(err)
	}
	if len(slept) != 2 || slept[0] != 2*time.Second || slept[1] != 2*time.Second {
		t.Fatalf("slept %v, want [2s 2s]", slept)
	}
	c.Advance(time.Minute)
	if d := l.Reserve("example.org"); d != 0 {
		t.Errorf("after a minute, wait %v", d)
	}
}

func TestHTMLToText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain  text", "plain text"},
		{"<p>Hello&nbsp;<b>world</b> &amp; co</p><p>Second</p>", "Hello world & co\n\nSecond"},
		{"a<br>b<br/>c", "a\nb\nc"},
		{"<script>alert(1)</script>ok<style>p{}</style>", "ok"},
		{`<p>see <img src="x.png" alt="a chart">here</p>`, "see a chart here"},
		{"<p>Vắc-xin <a href='#'>#tin</a></p>", "Vắc-xin #tin"},
		{"<unclosed", ""},
	}
	for _, tt := range tests {
		if got := HTMLToText(tt.in); got != tt.want {
			t.Errorf("HTMLToText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSanitizeHTML(t *testing.T) {
	got := SanitizeHTML(`<p onclick="x()">hi<script>alert(1)</script><a href="javascript:evil()">l</a></p>`)
	if strings.Contains(got, "script") || strings.Contains(got, "onclick") || strings.Contains(got, "javascript") {
		t.Fatalf("not sanitised: %s", got)
	}
}

func TestSnippet(t *testing.T) {
	if got := Snippet([]byte("  <!DOCTYPE html>\n<html>\n\t<head>"), 20); got != "<!DOCTYPE html> <htm..." {
		t.Errorf("Snippet = %q", got)
	}
	if got := Snippet([]byte("\xff\xfeab"), 10); got != "??ab" {
		t.Errorf("Snippet = %q", got)
	}
}

func TestCapRaw(t *testing.T) {
	big := strings.Repeat("x", MaxRaw)
	b, dropped := CapRaw(map[string]string{"content": big}, func() any { return map[string]string{"title": "t"} })
	if !dropped || string(b) != `{"title":"t"}` {
		t.Fatalf("CapRaw = %s, %v", b, dropped)
	}
	b, dropped = CapRaw(map[string]string{"title": "t"}, nil)
	if dropped || string(b) != `{"title":"t"}` {
		t.Fatalf("CapRaw small = %s, %v", b, dropped)
	}
}
