package rss

import (
	"errors"
	"fmt"
	"mime"
)

// ErrNotFeed is matched (errors.Is) when a body is not RSS, Atom or JSON Feed:
// an HTML page, other JSON, an empty body.
var ErrNotFeed = errors.New("not a feed")

var errNotFeed = ErrNotFeed

// NotFeedError names the URL and shows what came back instead of a feed.
type NotFeedError struct {
	URL         string
	ContentType string // media type only, e.g. text/html
	Start       string // the first characters of the body
}

// Error reads "rss: URL is not a feed (got TYPE: START...)".
func (e *NotFeedError) Error() string {
	ct := e.ContentType
	if ct == "" {
		ct = "no content type"
	}
	start := e.Start
	if start == "" {
		start = "empty body"
	}
	return fmt.Sprintf("rss: %s is not a feed (got %s: %s)", e.URL, ct, start)
}

// Is makes errors.Is(err, ErrNotFeed) true.
func (e *NotFeedError) Is(target error) bool { return target == ErrNotFeed }

func notFeed(feedURL, contentType string, body []byte) error {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = ""
	}
	return &NotFeedError{URL: feedURL, ContentType: mt, Start: snippet(body)}
}
