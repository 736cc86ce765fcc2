// Package post defines the post: one item seen on a public source, the unit
// that flows through intake, clustering, search and matching.
package post

import "time"

// Post is one public item from a source. Connectors fill what they know;
// intake fills the rest (canonical URL, content hash, fetched time).
//
// A post keeps its public provenance (source, link, time, public handle)
// because a correction must cite where a claim appeared. It never carries a
// profile of the person behind the handle.
type Post struct {
	ID           int64            `json:"id,omitempty"`
	SourceID     int64            `json:"source_id,omitempty"`
	ExternalID   string           `json:"external_id,omitempty"` // id at the source; empty means "use the content hash"
	URL          string           `json:"url,omitempty"`         // canonical link to the item
	Title        string           `json:"title,omitempty"`
	Text         string           `json:"text"`           // plain text (HTML already turned into text)
	HTML         string           `json:"html,omitempty"` // sanitised HTML kept for display, if the source gave HTML
	AuthorHandle string           `json:"author_handle,omitempty"`
	PublishedAt  time.Time        `json:"published_at"`
	FetchedAt    time.Time        `json:"fetched_at"`
	Lang         string           `json:"lang,omitempty"`
	Platform     string           `json:"platform,omitempty"` // rss, mastodon, bluesky, import, push, ...
	Metrics      map[string]int64 `json:"metrics,omitempty"`  // replies, reblogs, favourites, ...
	Raw          []byte           `json:"-"`                  // raw payload, size-capped
	ContentHash  string           `json:"content_hash,omitempty"`
	Notes        []string         `json:"notes,omitempty"` // repairs made on the way in (e.g. invalid UTF-8 replaced)
}
