package source

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/netguard"
)

func TestNewEveryKind(t *testing.T) {
	deps := Deps{Clock: clock.NewFake(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))}
	for _, k := range Kinds() {
		if f, err := New(k, deps); err != nil || f == nil {
			t.Errorf("New(%q) = %v, %v", k, f, err)
		}
		if _, err := NewStreamer(k, deps); err == nil {
			t.Errorf("NewStreamer(%q) accepted a polling kind", k)
		}
	}
	for _, k := range StreamKinds() {
		if s, err := NewStreamer(k, deps); err != nil || s == nil {
			t.Errorf("NewStreamer(%q) = %v, %v", k, s, err)
		}
		if _, err := New(k, deps); err == nil {
			t.Errorf("New(%q) accepted a streaming kind", k)
		}
	}
	_, err := New("twitter", deps)
	if !errors.Is(err, ErrUnknownKind) || err.Error() != `source: unknown source kind "twitter" (known: bluesky, mastodon, rss, bluesky-jetstream)` {
		t.Errorf("unknown kind: %v", err)
	}
	if _, err := NewStreamer("", deps); !errors.Is(err, ErrUnknownKind) {
		t.Errorf("empty kind: %v", err)
	}
}

func TestValidate(t *testing.T) {
	good := map[string][]string{
		KindRSS:              {"https://vnexpress.net/rss/tin-moi-nhat.rss", "http://example.org/feed"},
		KindMastodon:         {"https://mastodon.social/public", "https://mastodon.social/tags/vaccine", "https://fosstodon.org/@user", "https://a.b/public/local"},
		KindBluesky:          {"https://bsky.app/profile/alice.bsky.social", "https://bsky.app/profile/did:plc:abc"},
		KindBlueskyJetstream: {"", "wss://jetstream2.us-east.bsky.network/subscribe"},
	}
	bad := map[string][]string{
		KindRSS:              {"", "example.org/feed", "file:///etc/passwd", "javascript:alert(1)"},
		KindMastodon:         {"https://mastodon.social/", "https://mastodon.social/home", "mastodon.social/public"},
		KindBluesky:          {"https://bsky.app/", "https://twitter.com/profile/x.y", "bob"},
		KindBlueskyJetstream: {"https://jetstream/subscribe", "wss://"},
		"gopher":             {"gopher://x"},
	}
	for kind, urls := range good {
		for _, u := range urls {
			if err := Validate(kind, u); err != nil {
				t.Errorf("Validate(%q, %q) = %v", kind, u, err)
			}
		}
	}
	for kind, urls := range bad {
		for _, u := range urls {
			if err := Validate(kind, u); err == nil {
				t.Errorf("Validate(%q, %q) accepted", kind, u)
			}
		}
	}
}

// TestDefaultDepsRefusePrivate: a fetcher built with zero Deps uses the
// guarded client, so a source on loopback is refused.
func TestDefaultDepsRefusePrivate(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	f, err := New(KindRSS, Deps{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Fetch(context.Background(), Source{URL: srv.URL}); !errors.Is(err, netguard.ErrForbiddenAddress) {
		t.Fatalf("got %v", err)
	}
}

func TestCheckAddress(t *testing.T) {
	for _, u := range []string{"http://127.0.0.1:8080/feed", "https://localhost/x", "http://[::1]/", "http://169.254.169.254/latest", "wss://10.0.0.5/subscribe"} {
		err := CheckAddress(u, netguard.Policy{})
		if !errors.Is(err, netguard.ErrForbiddenAddress) {
			t.Errorf("CheckAddress(%q) = %v", u, err)
		}
		if err := CheckAddress(u, netguard.Policy{AllowPrivate: true}); err != nil {
			t.Errorf("allowed: %v", err)
		}
	}
	if err := CheckAddress("https://vnexpress.net/rss", netguard.Policy{}); err != nil {
		t.Error(err)
	}
}
