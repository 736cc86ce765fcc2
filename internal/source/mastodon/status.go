package mastodon

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/source/connector"
)

// Platform is the Post.Platform of Mastodon posts.
const Platform = "mastodon"

// Status is the part of a Mastodon Status entity the connector reads.
// Nullable fields decode to "" or nil.
type Status struct {
	ID                 string       `json:"id"`
	URI                string       `json:"uri"`
	URL                string       `json:"url"`
	CreatedAt          string       `json:"created_at"`
	InReplyToID        string       `json:"in_reply_to_id"`
	InReplyToAccountID string       `json:"in_reply_to_account_id"`
	Sensitive          bool         `json:"sensitive"`
	SpoilerText        string       `json:"spoiler_text"`
	Visibility         string       `json:"visibility"`
	Language           string       `json:"language"`
	RepliesCount       int64        `json:"replies_count"`
	ReblogsCount       int64        `json:"reblogs_count"`
	FavouritesCount    int64        `json:"favourites_count"`
	Content            string       `json:"content"`
	Reblog             *Status      `json:"reblog"`
	Account            Account      `json:"account"`
	MediaAttachments   []Attachment `json:"media_attachments"`
	Card               *Card        `json:"card"`
}

// Account is the author of a status.
type Account struct {
	ID       string `json:"id"`
	Username string `json:"username"`
	Acct     string `json:"acct"` // "user" for local accounts, "user@domain" for remote ones
	URL      string `json:"url"`
}

// Attachment is a media attachment; Description is its alt text.
type Attachment struct {
	Type        string `json:"type"`
	URL         string `json:"url"`
	RemoteURL   string `json:"remote_url"`
	Description string `json:"description"`
}

// Card is a link preview.
type Card struct {
	URL         string `json:"url"`
	Title       string `json:"title"`
	Description string `json:"description"`
}

// DecodeStatuses reads a JSON array of statuses. Each element is decoded on
// its own, so one malformed status does not lose the page: it is reported
// in errs (naming its index and id when known) and the rest are returned
// with their raw JSON.
func DecodeStatuses(body []byte) (statuses []Status, raws []json.RawMessage, errs []error, err error) {
	var items []json.RawMessage
	if err := json.Unmarshal(body, &items); err != nil {
		return nil, nil, nil, fmt.Errorf("not a JSON array of statuses: %w", err)
	}
	for i, raw := range items {
		var s Status
		if err := json.Unmarshal(raw, &s); err != nil {
			errs = append(errs, fmt.Errorf("status %d%s: %w", i, idHint(raw), err))
			continue
		}
		if s.ID == "" {
			errs = append(errs, fmt.Errorf("status %d: no id", i))
			continue
		}
		statuses = append(statuses, s)
		raws = append(raws, raw)
	}
	return statuses, raws, errs, nil
}

// idHint returns " (id X)" when raw carries a string id, for error messages.
func idHint(raw json.RawMessage) string {
	var h struct {
		ID any `json:"id"`
	}
	if json.Unmarshal(raw, &h) == nil && h.ID != nil {
		return fmt.Sprintf(" (id %v)", h.ID)
	}
	return ""
}

// Public reports whether s may be kept: only public and unlisted statuses
// are, even when an access token could see more.
func (s Status) Public() bool {
	switch s.Visibility {
	case "", "public", "unlisted":
		return true
	}
	return false
}

// ToPost maps a status seen on the instance at host to a post. A reblog
// becomes the reblogged status (its id, text, author and counts) with a
// note saying who reblogged it. raw is kept in Post.Raw when it fits.
func ToPost(s Status, raw []byte, host string, now time.Time) post.Post {
	c := s
	var notes []string
	if s.Reblog != nil {
		c = *s.Reblog
		notes = append(notes, fmt.Sprintf("reblogged by %s (%s)", handle(s.Account.Acct, host), firstNonEmpty(s.URL, s.URI)))
	}
	p := post.Post{
		ExternalID:   firstNonEmpty(c.URI, c.URL, "https://"+host+"/statuses/"+c.ID),
		URL:          firstNonEmpty(c.URL, c.URI),
		Title:        strings.TrimSpace(c.SpoilerText),
		AuthorHandle: handle(c.Account.Acct, host),
		FetchedAt:    now,
		Lang:         strings.ToLower(c.Language),
		Platform:     Platform,
		Metrics: map[string]int64{
			"replies":    c.RepliesCount,
			"reblogs":    c.ReblogsCount,
			"favourites": c.FavouritesCount,
		},
	}
	p.Text, p.HTML = body(c)
	if t, err := time.Parse(time.RFC3339Nano, c.CreatedAt); err == nil {
		p.PublishedAt = t.UTC()
	} else {
		p.PublishedAt = now
		notes = append(notes, fmt.Sprintf("unreadable created_at %q: used the fetch time", c.CreatedAt))
	}
	if c.InReplyToID != "" {
		notes = append(notes, "reply to status "+c.InReplyToID)
	}
	if r, dropped := connector.CapRawBytes(raw); dropped {
		notes = append(notes, "raw status larger than 64 KiB: not kept")
	} else {
		p.Raw = r
	}
	p.Notes = notes
	return p
}

// body returns the plain text and sanitised HTML of a status, with media
// descriptions and the link card added, since claims often sit there.
func body(s Status) (string, string) {
	text := connector.HTMLToText(s.Content)
	html := connector.SanitizeHTML(s.Content)
	var extra []string
	for _, m := range s.MediaAttachments {
		u := firstNonEmpty(m.URL, m.RemoteURL)
		kind := firstNonEmpty(m.Type, "media")
		if d := strings.TrimSpace(m.Description); d != "" {
			extra = append(extra, fmt.Sprintf("[%s: %s] %s", kind, d, u))
		} else {
			extra = append(extra, fmt.Sprintf("[%s] %s", kind, u))
		}
	}
	if c := s.Card; c != nil && c.URL != "" {
		line := "[link] " + c.URL
		if t := strings.TrimSpace(c.Title); t != "" {
			line = fmt.Sprintf("[link: %s] %s", t, c.URL)
		}
		if d := strings.TrimSpace(c.Description); d != "" {
			line += " — " + d
		}
		extra = append(extra, line)
	}
	if len(extra) > 0 {
		text = strings.TrimSpace(text + "\n\n" + strings.Join(extra, "\n"))
	}
	return text, html
}

// handle returns "@user@host" for an acct that may lack the domain.
func handle(acct, host string) string {
	acct = strings.TrimPrefix(strings.TrimSpace(acct), "@")
	if acct == "" {
		return ""
	}
	if !strings.Contains(acct, "@") {
		acct += "@" + host
	}
	return "@" + acct
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}
