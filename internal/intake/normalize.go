// Package intake is the front of the pipeline: it normalises posts from any
// connector, queues them on the bus, and writes them to the store
// idempotently, reporting an outcome for every record.
package intake

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/text"
)

// Limits on one post.
const (
	MaxTextBytes  = 256 << 10
	MaxTitleBytes = 4 << 10
)

// ErrEmpty means a post has neither text nor title.
var ErrEmpty = errors.New("the post has no text and no title")

// Normalize prepares a post for storage, in place: valid UTF-8 (repaired
// with a note), NFC, HTML turned into text when only HTML was given, a
// canonical URL, a detected language when none was given, a content hash,
// an external id (the content hash when the source gave none), and times.
// It returns an error naming what is wrong when the post cannot be stored.
func Normalize(p *post.Post, now time.Time) error {
	for _, f := range []*string{&p.Title, &p.Text, &p.HTML, &p.AuthorHandle, &p.ExternalID, &p.URL, &p.Lang} {
		if !utf8.ValidString(*f) {
			*f = strings.ToValidUTF8(*f, "\uFFFD")
			if !containsNote(p.Notes, noteInvalidUTF8) {
				p.Notes = append(p.Notes, noteInvalidUTF8)
			}
		}
	}
	if strings.TrimSpace(p.Text) == "" && p.HTML != "" {
		p.Text = text.HTMLToText(p.HTML)
	}
	p.Title = text.NormalizeSpace(text.NFC(stripControl(p.Title)))
	p.Text = strings.TrimSpace(text.NFC(stripControl(p.Text)))
	p.AuthorHandle = strings.TrimSpace(text.NFC(p.AuthorHandle))
	p.ExternalID = strings.TrimSpace(p.ExternalID)
	if p.Text == "" && p.Title == "" {
		return ErrEmpty
	}
	if len(p.Text) > MaxTextBytes {
		return fmt.Errorf("text is %d bytes, over the limit of %d", len(p.Text), MaxTextBytes)
	}
	if len(p.Title) > MaxTitleBytes {
		return fmt.Errorf("title is %d bytes, over the limit of %d", len(p.Title), MaxTitleBytes)
	}
	if len(p.ExternalID) > 512 {
		return fmt.Errorf("id is %d bytes, over the limit of 512", len(p.ExternalID))
	}
	if p.URL != "" {
		canon, err := text.CanonicalURL(p.URL)
		if err != nil {
			return fmt.Errorf("url: %w", err)
		}
		p.URL = canon
	}
	p.Lang = strings.ToLower(strings.TrimSpace(p.Lang))
	if p.Lang == "" {
		if lang, _ := text.DetectLang(p.Title + "\n" + p.Text); lang == "vi" || lang == "en" {
			p.Lang = lang
		}
	}
	p.ContentHash = text.ContentHash(p.Title + "\n" + p.Text)
	if p.ExternalID == "" {
		p.ExternalID = "sha256:" + p.ContentHash
	}
	if p.FetchedAt.IsZero() {
		p.FetchedAt = now
	}
	if p.PublishedAt.IsZero() {
		p.PublishedAt = p.FetchedAt
	}
	p.PublishedAt = p.PublishedAt.UTC()
	p.FetchedAt = p.FetchedAt.UTC()
	return nil
}

const noteInvalidUTF8 = "invalid UTF-8 replaced with U+FFFD"

func containsNote(notes []string, n string) bool {
	for _, x := range notes {
		if x == n {
			return true
		}
	}
	return false
}

// stripControl removes C0/C1 control characters other than tab and newline.
func stripControl(s string) string {
	clean := true
	for _, r := range s {
		if isControl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return -1
		}
		return r
	}, s)
}

func isControl(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || (r >= 0x7f && r < 0xa0)
}
