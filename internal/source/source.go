// Package source is the one door to the connectors that watch public
// sources: it names the kinds, builds the connector for a kind, and
// validates source URLs per kind.
//
//	kind               URL                                         connector
//	rss                https://site/feed.xml (RSS, Atom, JSON Feed)  Fetcher (rss)
//	mastodon           https://instance/public[/local]             Fetcher (mastodon)
//	                   https://instance/tags/NAME
//	                   https://instance/@user[@host]
//	bluesky            https://bsky.app/profile/HANDLE-or-DID       Fetcher (getAuthorFeed)
//	bluesky-jetstream  wss://jetstream.../subscribe (or empty)      Streamer (Jetstream)
//
// Connectors return posts with HTML sanitised in Post.HTML and plain text in
// Post.Text; intake canonicalises further. Every HTTP request goes through
// the netguard client in Deps, which refuses private addresses unless the
// admin allowed them.
package source

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/source/bluesky"
	"github.com/factdesk/factdesk/internal/source/connector"
	"github.com/factdesk/factdesk/internal/source/mastodon"
	"github.com/factdesk/factdesk/internal/source/rss"
)

// The connector types, shared with the connector packages.
type (
	// Source is one configured source; see connector.Source.
	Source = connector.Source
	// Result is what one Fetch brought back; see connector.Result.
	Result = connector.Result
	// Fetcher polls a source once; see connector.Fetcher.
	Fetcher = connector.Fetcher
	// Streamer follows a source continuously; see connector.Streamer.
	Streamer = connector.Streamer
	// EmitFunc receives streamed posts with the cursor to persist.
	EmitFunc = connector.EmitFunc
	// Deps are the HTTP client, clock, limiter and user agent connectors use.
	Deps = connector.Deps
	// HTTPError is a non-success answer from a source, with Retry-After.
	HTTPError = connector.HTTPError
)

// Source kinds.
const (
	KindRSS              = "rss"
	KindMastodon         = "mastodon"
	KindBluesky          = "bluesky"           // one account, polled with getAuthorFeed
	KindBlueskyJetstream = "bluesky-jetstream" // the Jetstream firehose, filtered; streaming
)

// ErrUnknownKind is matched by the error for a kind no connector handles.
var ErrUnknownKind = errors.New("unknown source kind")

// Kinds returns the polling kinds New accepts, sorted.
func Kinds() []string { return []string{KindBluesky, KindMastodon, KindRSS} }

// StreamKinds returns the streaming kinds NewStreamer accepts.
func StreamKinds() []string { return []string{KindBlueskyJetstream} }

// New returns the Fetcher for a polling kind.
func New(kind string, deps Deps) (Fetcher, error) {
	switch kind {
	case KindRSS:
		return rss.New(deps), nil
	case KindMastodon:
		return mastodon.New(deps), nil
	case KindBluesky:
		return bluesky.NewAuthorFeed(deps), nil
	case KindBlueskyJetstream:
		return nil, fmt.Errorf("source: %q is a streaming kind: use NewStreamer", kind)
	}
	return nil, unknownKind(kind)
}

// NewStreamer returns the Streamer for a streaming kind.
func NewStreamer(kind string, deps Deps) (Streamer, error) {
	if kind == KindBlueskyJetstream {
		return bluesky.NewJetstream(deps), nil
	}
	if isPolling(kind) {
		return nil, fmt.Errorf("source: %q is a polling kind: use New", kind)
	}
	return nil, unknownKind(kind)
}

// Validate checks that rawURL is a usable URL for kind (its shape, not
// whether the host is reachable or allowed: the dialer decides that).
func Validate(kind, rawURL string) error {
	switch kind {
	case KindRSS:
		return rss.Validate(rawURL)
	case KindMastodon:
		_, err := mastodon.ParseURL(rawURL)
		return err
	case KindBluesky:
		_, err := bluesky.ParseProfileURL(rawURL)
		return err
	case KindBlueskyJetstream:
		if rawURL == "" {
			return nil // DefaultJetstreamURL
		}
		return bluesky.ValidateJetstreamURL(rawURL)
	}
	return unknownKind(kind)
}

// Backoff returns how long to wait before polling a source again after
// failures consecutive failures: exponential from one minute, capped at
// six hours, with jitter from rnd (nil: the global source).
func Backoff(failures int, rnd *rand.Rand) time.Duration { return connector.Backoff(failures, rnd) }

// ParseRetryAfter reads a Retry-After value (seconds or HTTP-date) against now.
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	return connector.ParseRetryAfter(v, now)
}

// HostLimiter spaces requests to the same host; see connector.HostLimiter.
type HostLimiter = connector.HostLimiter

// NewHostLimiter returns a limiter that spaces requests to one host by min
// on c; put it in Deps.Limiter to share it among connectors.
func NewHostLimiter(c clock.Clock, min time.Duration) *HostLimiter {
	return connector.NewHostLimiter(c, min)
}

func isPolling(kind string) bool {
	for _, k := range Kinds() {
		if k == kind {
			return true
		}
	}
	return false
}

func unknownKind(kind string) error {
	all := append(Kinds(), StreamKinds()...)
	return fmt.Errorf("source: %w %q (known: %s)", ErrUnknownKind, kind, strings.Join(all, ", "))
}
