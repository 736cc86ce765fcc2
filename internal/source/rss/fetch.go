// Package rss fetches and parses RSS 0.9x/1.0/2.0, Atom and JSON Feed
// sources into posts, coping with the mess real feeds contain: byte order
// marks and blanks before the XML declaration, Latin-1 and Windows-125x
// bytes with or without a declaration, illegal control characters and
// invalid UTF-8. Fetches are conditional (ETag, Last-Modified) and surface
// Retry-After.
package rss

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/factdesk/factdesk/internal/source/connector"
)

// Accept is the Accept header sent for feeds.
const Accept = "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"

// Fetcher polls RSS, Atom and JSON Feed sources.
type Fetcher struct {
	deps connector.Deps
}

// New returns a Fetcher; zero fields of deps get their defaults.
func New(deps connector.Deps) *Fetcher {
	return &Fetcher{deps: deps.WithDefaults()}
}

// Fetch GETs src.URL, conditionally when src has an ETag or Last-Modified.
// A 304 gives Result.NotModified. An HTTP error gives an error wrapping
// *connector.HTTPError and Result.RetryAfter when the server sent one.
// The returned ETag and LastModified are the ones to store for next time.
func (f *Fetcher) Fetch(ctx context.Context, src connector.Source) (connector.Result, error) {
	res := connector.Result{Cursor: src.Cursor, ETag: src.ETag, LastModified: src.LastModified}
	if err := Validate(src.URL); err != nil {
		return res, err
	}
	h := http.Header{}
	h.Set("Accept", Accept)
	if src.ETag != "" {
		h.Set("If-None-Match", src.ETag)
	}
	if src.LastModified != "" {
		h.Set("If-Modified-Since", src.LastModified)
	}
	resp, err := f.deps.Get(ctx, src.URL, h)
	if err != nil {
		res.RetryAfter = connector.RetryAfterOf(err)
		var he *connector.HTTPError
		if errors.As(err, &he) {
			return res, fmt.Errorf("rss: %w", err)
		}
		return res, fmt.Errorf("rss: fetch %s: %w", src.URL, err)
	}
	defer resp.Body.Close()
	if v := resp.Header.Get("ETag"); v != "" {
		res.ETag = v
	}
	if v := resp.Header.Get("Last-Modified"); v != "" {
		res.LastModified = v
	}
	if resp.StatusCode == http.StatusNotModified {
		res.NotModified = true
		return res, nil
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return res, fmt.Errorf("rss: read %s: %w", src.URL, err)
	}
	now := f.deps.Clock.Now()
	posts, err := Parse(body, resp.Header.Get("Content-Type"), resp.Request.URL.String(), now)
	if err != nil {
		return res, err
	}
	for i := range posts {
		posts[i].SourceID = src.ID
	}
	res.Posts = posts
	return res, nil
}
