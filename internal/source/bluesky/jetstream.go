package bluesky

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
	"golang.org/x/text/unicode/norm"

	"github.com/factdesk/factdesk/internal/netguard"
	"github.com/factdesk/factdesk/internal/source/connector"
)

// DefaultJetstreamURL is a public Jetstream endpoint.
const DefaultJetstreamURL = "wss://jetstream2.us-east.bsky.network/subscribe"

// DefaultResumeOverlap is how far before the saved cursor a resumed stream
// starts; idempotent writes absorb the replayed events.
const DefaultResumeOverlap = 5 * time.Second

// Jetstream follows new Bluesky posts through a Jetstream WebSocket.
//
// Source: URL is the subscribe endpoint (ws:// or wss://; empty means
// DefaultJetstreamURL); Cursor is the last time_us persisted (microseconds);
// settings "keywords" and "langs" (comma-separated) filter posts: a post
// passes when its text contains any keyword (case-insensitive) and one of
// its languages starts with any listed language.
type Jetstream struct {
	deps          connector.Deps
	Backoff       connector.BackoffPolicy                          // reconnect delays
	ResumeOverlap time.Duration                                    // subtracted from the cursor on (re)connect
	Sleep         func(ctx context.Context, d time.Duration) error // how to wait between reconnects
	Rand          *rand.Rand                                       // jitter; nil uses the global source

	cursor atomic.Int64 // newest time_us seen
}

// NewJetstream returns a Jetstream client; zero fields of deps get defaults.
func NewJetstream(deps connector.Deps) *Jetstream {
	return &Jetstream{
		deps:          deps.WithDefaults(),
		Backoff:       connector.ReconnectBackoff,
		ResumeOverlap: DefaultResumeOverlap,
		Sleep:         connector.Sleep,
	}
}

// Cursor returns the time_us of the newest event seen ("" before any), to
// persist so a restart can resume.
func (j *Jetstream) Cursor() string {
	if c := j.cursor.Load(); c > 0 {
		return strconv.FormatInt(c, 10)
	}
	return ""
}

// Stream connects and calls emit for every new post that passes the
// filters, with the cursor to persist after storing it. It reconnects with
// backoff after network errors, resuming from the newest event seen minus
// ResumeOverlap, and returns only when ctx ends (ctx.Err()), emit fails
// (that error), or the source cannot work at all (bad URL, forbidden address).
func (j *Jetstream) Stream(ctx context.Context, src connector.Source, emit connector.EmitFunc) error {
	if src.Cursor != "" {
		c, err := strconv.ParseInt(src.Cursor, 10, 64)
		if err != nil || c < 0 {
			return fmt.Errorf("bluesky: jetstream cursor %q is not a time in microseconds", src.Cursor)
		}
		if c > j.cursor.Load() {
			j.cursor.Store(c)
		}
	}
	f := newFilter(src)
	failures := 0
	for {
		got, err := j.session(ctx, src, f, emit)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var fatal *fatalError
		if errors.As(err, &fatal) {
			return fatal.err
		}
		if got > 0 {
			failures = 0
		}
		failures++
		if err := j.Sleep(ctx, j.Backoff.Delay(failures, j.Rand)); err != nil {
			return err
		}
	}
}

// fatalError ends Stream instead of reconnecting.
type fatalError struct{ err error }

func (e *fatalError) Error() string { return e.err.Error() }

// session runs one connection and returns how many messages it read.
func (j *Jetstream) session(ctx context.Context, src connector.Source, f filter, emit connector.EmitFunc) (int, error) {
	u, err := j.subscribeURL(src.URL)
	if err != nil {
		return 0, &fatalError{err}
	}
	conn, _, err := websocket.Dial(ctx, u, &websocket.DialOptions{
		HTTPClient: j.deps.Client,
		HTTPHeader: map[string][]string{"User-Agent": {j.deps.UserAgent}},
	})
	if err != nil {
		err = fmt.Errorf("bluesky: jetstream dial %s: %w", u, err)
		if errors.Is(err, netguard.ErrForbiddenAddress) {
			return 0, &fatalError{err}
		}
		return 0, err
	}
	defer conn.CloseNow()
	conn.SetReadLimit(1 << 20)
	n := 0
	for {
		_, msg, err := conn.Read(ctx)
		if err != nil {
			return n, fmt.Errorf("bluesky: jetstream read: %w", err)
		}
		n++
		ev, err := DecodeEvent(msg)
		if err != nil {
			continue // one bad message must not stop the stream
		}
		if ev.TimeUS > j.cursor.Load() {
			j.cursor.Store(ev.TimeUS)
		}
		p, langs, ok, err := ev.post(j.deps.Clock.Now())
		if err != nil || !ok || !f.match(p.Text, langs) {
			continue
		}
		if err := emit(p, strconv.FormatInt(ev.TimeUS, 10)); err != nil {
			conn.Close(websocket.StatusNormalClosure, "")
			return n, &fatalError{err}
		}
	}
}

// subscribeURL adds wantedCollections and the resume cursor to base.
func (j *Jetstream) subscribeURL(base string) (string, error) {
	if base == "" {
		base = DefaultJetstreamURL
	}
	if err := ValidateJetstreamURL(base); err != nil {
		return "", err
	}
	u, _ := url.Parse(base)
	q := u.Query()
	q.Set("wantedCollections", PostCollection)
	if c := j.cursor.Load(); c > 0 {
		c -= j.ResumeOverlap.Microseconds()
		q.Set("cursor", strconv.FormatInt(max(c, 1), 10))
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// ValidateJetstreamURL checks a ws:// or wss:// subscribe URL.
func ValidateJetstreamURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("bluesky: bad jetstream URL %q: %w", raw, err)
	}
	if (u.Scheme != "wss" && u.Scheme != "ws") || u.Host == "" || u.User != nil {
		return fmt.Errorf("bluesky: jetstream URL %q must be wss://host/subscribe", u.Redacted())
	}
	return nil
}

// filter keeps posts matching the source's keywords and languages.
type filter struct {
	keywords []string // lower-cased NFC
	langs    []string // lower-cased
}

func newFilter(src connector.Source) filter {
	var f filter
	for _, k := range src.ListSetting("keywords") {
		f.keywords = append(f.keywords, strings.ToLower(norm.NFC.String(k)))
	}
	for _, l := range src.ListSetting("langs") {
		f.langs = append(f.langs, strings.ToLower(l))
	}
	return f
}

func (f filter) match(text string, langs []string) bool {
	if len(f.langs) > 0 && !f.matchLang(langs) {
		return false
	}
	if len(f.keywords) == 0 {
		return true
	}
	text = strings.ToLower(norm.NFC.String(text))
	for _, k := range f.keywords {
		if strings.Contains(text, k) {
			return true
		}
	}
	return false
}

func (f filter) matchLang(langs []string) bool {
	for _, l := range langs {
		l = strings.ToLower(strings.TrimSpace(l))
		for _, want := range f.langs {
			if l == want || strings.HasPrefix(l, want+"-") {
				return true
			}
		}
	}
	return false
}
