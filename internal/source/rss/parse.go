package rss

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/source/connector"
)

// Platform is the Post.Platform of posts from feeds.
const Platform = "rss"

// Parse reads a feed body (RSS 0.9x/1.0/2.0, Atom or JSON Feed, in any
// common charset, messy or not) fetched from feedURL and returns its items
// as posts. contentType is the HTTP Content-Type, or "". now is the fetch
// time, used for FetchedAt and for items without a date.
//
// A body that is not a feed fails with an error matching ErrNotFeed; a feed
// that cannot be parsed fails with an error naming the URL.
func Parse(body []byte, contentType, feedURL string, now time.Time) ([]post.Post, error) {
	d, err := decode(body, contentType)
	if errors.Is(err, errNotFeed) {
		return nil, notFeed(feedURL, contentType, body)
	}
	if err != nil {
		return nil, fmt.Errorf("rss: parse %s: %w", feedURL, err)
	}
	if d.kind == '{' && !isJSONFeed(d.data) {
		return nil, notFeed(feedURL, contentType, body)
	}
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(d.data))
	if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
		return nil, notFeed(feedURL, contentType, body)
	}
	if err != nil {
		return nil, fmt.Errorf("rss: parse %s: %w", feedURL, err)
	}
	m := mapper{feed: feed, feedURL: feedURL, now: now, notes: d.notes, repaired: d.repaired}
	posts := make([]post.Post, 0, len(feed.Items))
	for _, it := range feed.Items {
		if it == nil {
			continue
		}
		posts = append(posts, m.post(it))
	}
	return posts, nil
}

// isJSONFeed reports whether a JSON body is a JSON Feed: it declares a
// jsonfeed.org version or at least has an "items" array.
func isJSONFeed(data []byte) bool {
	var head struct {
		Version string          `json:"version"`
		Items   json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return false
	}
	if strings.Contains(strings.ToLower(head.Version), "jsonfeed.org/version/") {
		return true
	}
	items := bytes.TrimSpace(head.Items)
	return len(items) > 0 && items[0] == '['
}

// snippet is the start of a body for error messages.
func snippet(body []byte) string {
	body, _ = stripBOM(body)
	body = bytes.TrimLeft(body, " \t\r\n\x00")
	return connector.Snippet(body, 60)
}
