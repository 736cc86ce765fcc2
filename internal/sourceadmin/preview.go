package sourceadmin

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/netguard"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/source"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/text"
)

// Test-fetch limits.
const (
	PreviewItems   = 10               // items shown
	previewTimeout = 30 * time.Second // the whole fetch
	snippetRunes   = 280
)

// PreviewItem is one item a test fetch found.
type PreviewItem struct {
	Title       string    `json:"title"`
	URL         string    `json:"url"`
	PublishedAt time.Time `json:"published_at,omitzero"`
	Snippet     string    `json:"snippet"`
}

// Preview is the result of a test fetch: the first items, or the error the
// connector met. Nothing of it is stored.
type Preview struct {
	OK          bool          `json:"ok"`
	Error       string        `json:"error,omitempty"`
	Items       []PreviewItem `json:"items"`
	Total       int           `json:"total"`                  // items the fetch returned
	NotModified bool          `json:"not_modified,omitempty"` // the server answered 304
	Skipped     []string      `json:"skipped,omitempty"`      // records the connector could not read
}

// Tester runs test fetches.
type Tester struct {
	deps source.Deps
}

// NewTester returns a Tester whose connectors use deps, normally the same
// guarded client, limiter and clock as the watcher. A nil deps.Client is
// replaced by DefaultDeps' client, which refuses private addresses.
func NewTester(deps source.Deps) *Tester {
	if deps.Client == nil {
		deps.Client = DefaultDeps(false, deps.Clock).Client
	}
	return &Tester{deps: deps}
}

// DefaultDeps returns connector dependencies with a guarded HTTP client
// that reaches loopback and private addresses only when allowPrivate is set.
func DefaultDeps(allowPrivate bool, c clock.Clock) source.Deps {
	return source.Deps{Client: netguard.New(netguard.Options{AllowPrivate: allowPrivate}), Clock: c}
}

// Preview fetches s once, from the start (without its cursor or ETag), and
// returns its first max items. A failed fetch is a Preview with OK false and
// the error; the returned error is an apperr Invalid for a source that
// cannot be test-fetched (streaming, push and import kinds).
func (t *Tester) Preview(ctx context.Context, s store.Source, max int) (Preview, error) {
	if !slices.Contains(source.Kinds(), s.Kind) {
		return Preview{}, apperr.Errorf(apperr.Invalid, "a %s source cannot be test-fetched: only %s sources are polled", s.Kind, strings.Join(source.Kinds(), ", "))
	}
	f, err := source.New(s.Kind, t.deps)
	if err != nil {
		return Preview{}, fmt.Errorf("test fetch: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, previewTimeout)
	defer cancel()
	res, err := f.Fetch(ctx, source.Source{ID: s.ID, Kind: s.Kind, Name: s.Name, URL: s.URL, Settings: s.Settings})
	if err != nil {
		return Preview{Error: err.Error(), Items: []PreviewItem{}}, nil
	}
	p := Preview{OK: true, Items: []PreviewItem{}, Total: len(res.Posts), NotModified: res.NotModified}
	for _, e := range res.Skipped {
		p.Skipped = append(p.Skipped, e.Error())
	}
	for i := 0; i < len(res.Posts) && i < max; i++ {
		p.Items = append(p.Items, item(res.Posts[i]))
	}
	return p, nil
}

func item(p post.Post) PreviewItem {
	body := p.Text
	if body == "" && p.HTML != "" {
		body = text.HTMLToText(p.HTML)
	}
	return PreviewItem{Title: text.NormalizeSpace(p.Title), URL: p.URL, PublishedAt: p.PublishedAt, Snippet: snippet(body)}
}

// snippet collapses whitespace and cuts s to snippetRunes runes.
func snippet(s string) string {
	s = text.NormalizeSpace(s)
	if utf8.RuneCountInString(s) <= snippetRunes {
		return s
	}
	r := []rune(s)
	return string(r[:snippetRunes]) + "…"
}
