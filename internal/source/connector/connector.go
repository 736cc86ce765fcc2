// Package connector holds what every source connector shares: the Source and
// Result types, the Fetcher and Streamer shapes, HTTP error handling with
// Retry-After, backoff, per-host politeness and HTML helpers.
//
// Callers use package source, which re-exports these types and picks the
// connector for a kind; connectors import this package (not source) so that
// source can import them without a cycle.
package connector

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/netguard"
	"github.com/factdesk/factdesk/internal/post"
)

// Source is one configured source as the store keeps it. Connectors read it
// and return updated cursor fields in Result for the caller to save.
type Source struct {
	ID           int64
	Kind         string // rss, mastodon, bluesky, jetstream
	Name         string
	URL          string
	Settings     map[string]string // per-kind options, e.g. access_token, local, keywords
	Cursor       string            // opaque, connector-defined resume point
	ETag         string            // last ETag seen (rss)
	LastModified string            // last Last-Modified seen (rss)
}

// Setting returns the trimmed setting key, or "" when absent.
func (s Source) Setting(key string) string { return strings.TrimSpace(s.Settings[key]) }

// BoolSetting reports whether setting key is "1", "true", "yes" or "on".
func (s Source) BoolSetting(key string) bool {
	switch strings.ToLower(s.Setting(key)) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}

// ListSetting splits setting key on commas, trimming and dropping blanks.
func (s Source) ListSetting(key string) []string {
	var out []string
	for _, f := range strings.Split(s.Settings[key], ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// Result is what one Fetch brought back. The caller stores Posts (idempotently)
// and then saves Cursor, ETag and LastModified on the source.
type Result struct {
	Posts        []post.Post
	Cursor       string
	ETag         string
	LastModified string
	NotModified  bool          // the server answered 304: nothing new
	RetryAfter   time.Duration // the server asked us to wait this long (0: no request)
	Skipped      []error       // records that could not be read, each naming itself; the rest are in Posts
}

// Fetcher polls a source once.
//
// On an HTTP error Fetch returns an error wrapping *HTTPError and, when the
// server sent Retry-After, a Result whose RetryAfter is set, so the scheduler
// can respect it. Other errors are wrapped with the connector and URL.
type Fetcher interface {
	Fetch(ctx context.Context, src Source) (Result, error)
}

// EmitFunc receives each post of a stream and the cursor to persist once the
// post is stored. Returning an error stops the stream with that error.
type EmitFunc func(p post.Post, cursor string) error

// Streamer follows a source continuously until ctx ends or emit fails.
type Streamer interface {
	Stream(ctx context.Context, src Source, emit EmitFunc) error
}

// Deps are what connectors need from the outside. Zero fields get defaults.
type Deps struct {
	Client    *http.Client // default: netguard.New(netguard.Options{}) (public addresses only)
	Clock     clock.Clock  // default: clock.Real{}
	Limiter   *HostLimiter // default: none (no per-host spacing)
	UserAgent string       // default: DefaultUserAgent
}

// DefaultUserAgent identifies factdesk to the sites it polls.
const DefaultUserAgent = "factdesk/1 (+public information desk; feed reader)"

// WithDefaults returns d with every zero field filled in.
func (d Deps) WithDefaults() Deps {
	if d.Client == nil {
		d.Client = netguard.New(netguard.Options{})
	}
	if d.Clock == nil {
		d.Clock = clock.Real{}
	}
	if d.UserAgent == "" {
		d.UserAgent = DefaultUserAgent
	}
	return d
}
