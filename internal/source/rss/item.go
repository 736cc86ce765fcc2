package rss

import (
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/source/connector"
)

// mapper turns gofeed items of one feed into posts.
type mapper struct {
	feed     *gofeed.Feed
	feedURL  string
	now      time.Time
	notes    []string // feed-level notes given to every post
	repaired bool     // invalid UTF-8 was replaced somewhere in the feed
}

func (m mapper) post(it *gofeed.Item) post.Post {
	p := post.Post{
		URL:          m.link(it),
		Title:        strings.TrimSpace(connector.HTMLToText(it.Title)),
		AuthorHandle: m.author(it),
		FetchedAt:    m.now,
		Lang:         m.lang(it),
		Platform:     Platform,
	}
	p.Notes = append(p.Notes, m.notes...)
	p.ExternalID = strings.TrimSpace(it.GUID)
	if p.ExternalID == "" {
		p.ExternalID = p.URL
	}

	body := it.Content
	if strings.TrimSpace(body) == "" {
		body = it.Description
	}
	p.Text = connector.HTMLToText(body)
	if connector.LooksLikeHTML(body) {
		p.HTML = connector.SanitizeHTML(body)
	}
	if p.Text == "" {
		p.Text = p.Title
	}

	switch {
	case it.PublishedParsed != nil:
		p.PublishedAt = it.PublishedParsed.UTC()
	case it.UpdatedParsed != nil:
		p.PublishedAt = it.UpdatedParsed.UTC()
	default:
		p.PublishedAt = m.now
		p.Notes = append(p.Notes, "no usable date in the item: used the fetch time")
	}

	if m.repaired && strings.ContainsRune(p.Title+p.Text+p.AuthorHandle, '\uFFFD') {
		p.Notes = append(p.Notes, "invalid UTF-8 in the feed was replaced with U+FFFD")
	}

	raw, dropped := connector.CapRaw(it, func() any {
		small := *it
		small.Content, small.Description, small.Extensions = "", "", nil
		return small
	})
	p.Raw = raw
	if dropped {
		p.Notes = append(p.Notes, "raw item larger than 64 KiB: content left out of Raw")
	}
	return p
}

// link returns the item's link made absolute against the feed's address.
func (m mapper) link(it *gofeed.Item) string {
	l := strings.TrimSpace(it.Link)
	if l == "" && len(it.Links) > 0 {
		l = strings.TrimSpace(it.Links[0])
	}
	if l == "" {
		return ""
	}
	u, err := url.Parse(l)
	if err != nil || u.IsAbs() {
		return l
	}
	for _, base := range []string{m.feed.Link, m.feedURL} {
		b, err := url.Parse(strings.TrimSpace(base))
		if err == nil && b.IsAbs() {
			return b.ResolveReference(u).String()
		}
	}
	return l
}

func (m mapper) author(it *gofeed.Item) string {
	for _, a := range append(append([]*gofeed.Person{}, it.Authors...), it.Author) {
		if a == nil {
			continue
		}
		if n := strings.TrimSpace(a.Name); n != "" {
			return n
		}
		if e := strings.TrimSpace(a.Email); e != "" {
			return e
		}
	}
	if dc := it.DublinCoreExt; dc != nil {
		for _, c := range dc.Creator {
			if c = strings.TrimSpace(c); c != "" {
				return c
			}
		}
	}
	for _, a := range m.feed.Authors {
		if a != nil && strings.TrimSpace(a.Name) != "" {
			return strings.TrimSpace(a.Name)
		}
	}
	return ""
}

func (m mapper) lang(it *gofeed.Item) string {
	if dc := it.DublinCoreExt; dc != nil {
		for _, l := range dc.Language {
			if l = strings.TrimSpace(l); l != "" {
				return strings.ToLower(l)
			}
		}
	}
	return strings.ToLower(strings.TrimSpace(m.feed.Language))
}
