package bluesky

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/post"
)

// Platform is the Post.Platform of Bluesky posts.
const Platform = "bluesky"

// PostCollection is the collection of Bluesky post records.
const PostCollection = "app.bsky.feed.post"

// Record is the part of an app.bsky.feed.post record the connector reads.
type Record struct {
	Type      string   `json:"$type"`
	Text      string   `json:"text"`
	CreatedAt string   `json:"createdAt"`
	Langs     []string `json:"langs"`
	Reply     *struct {
		Parent StrongRef `json:"parent"`
		Root   StrongRef `json:"root"`
	} `json:"reply"`
	Embed  *Embed  `json:"embed"`
	Facets []Facet `json:"facets"`
}

// StrongRef points at another record.
type StrongRef struct {
	URI string `json:"uri"`
	CID string `json:"cid"`
}

// Embed covers images (with alt text), external link cards, quoted records
// and records with media.
type Embed struct {
	Type     string          `json:"$type"`
	Images   []Image         `json:"images"`
	External *External       `json:"external"`
	Record   json.RawMessage `json:"record"` // a StrongRef, or {record: StrongRef} in recordWithMedia
	Media    *Embed          `json:"media"`
}

// Image is an embedded image; only its alt text is kept.
type Image struct {
	Alt string `json:"alt"`
}

// External is a link card.
type External struct {
	URI         string `json:"uri"`
	Title       string `json:"title"`
	Description string `json:"description"`
}

// Facet marks a range of the text; link facets carry the full URL that the
// text may show shortened.
type Facet struct {
	Features []struct {
		Type string `json:"$type"`
		URI  string `json:"uri"`
	} `json:"features"`
}

// Ref names a post: its author's DID, its rkey, and, when known, the
// author's handle.
type Ref struct {
	DID    string
	RKey   string
	Handle string
}

// ATURI returns at://DID/app.bsky.feed.post/RKEY.
func (r Ref) ATURI() string { return "at://" + r.DID + "/" + PostCollection + "/" + r.RKey }

// WebURL returns https://bsky.app/profile/DID/post/RKEY.
func (r Ref) WebURL() string { return "https://bsky.app/profile/" + r.DID + "/post/" + r.RKey }

// ParseATURI splits at://DID/app.bsky.feed.post/RKEY.
func ParseATURI(uri string) (Ref, error) {
	rest, ok := strings.CutPrefix(uri, "at://")
	parts := strings.Split(rest, "/")
	if !ok || len(parts) != 3 || parts[1] != PostCollection || !validDID(parts[0]) || !validRKey(parts[2]) {
		return Ref{}, fmt.Errorf("bluesky: %q is not a post at-uri", uri)
	}
	return Ref{DID: parts[0], RKey: parts[2]}, nil
}

// ToPost maps a post record to a post. fallback is used when createdAt is
// missing or unreadable (the event or index time).
func (rec Record) ToPost(ref Ref, fallback, now time.Time) post.Post {
	p := post.Post{
		ExternalID:   ref.ATURI(),
		URL:          ref.WebURL(),
		AuthorHandle: firstNonEmpty(ref.Handle, ref.DID),
		FetchedAt:    now,
		Platform:     Platform,
		Text:         rec.text(),
	}
	for _, l := range rec.Langs {
		if l = strings.ToLower(strings.TrimSpace(l)); l != "" {
			p.Lang = l
			break
		}
	}
	if t, err := time.Parse(time.RFC3339Nano, rec.CreatedAt); err == nil {
		p.PublishedAt = t.UTC()
	} else {
		p.PublishedAt = fallback.UTC()
		p.Notes = append(p.Notes, fmt.Sprintf("unreadable createdAt %q: used the index time", rec.CreatedAt))
	}
	if rec.Reply != nil && rec.Reply.Parent.URI != "" {
		p.Notes = append(p.Notes, "reply to "+rec.Reply.Parent.URI)
	}
	if q := rec.Embed.quoted(); q != "" {
		p.Notes = append(p.Notes, "quotes "+q)
	}
	return p
}

// text is the post text with full links, image alt texts and the link card.
func (rec Record) text() string {
	lines := []string{strings.TrimSpace(rec.Text)}
	for _, f := range rec.Facets {
		for _, ft := range f.Features {
			if ft.Type == "app.bsky.richtext.facet#link" && ft.URI != "" && !strings.Contains(rec.Text, ft.URI) {
				lines = append(lines, "[link] "+ft.URI)
			}
		}
	}
	for e := rec.Embed; e != nil; e = e.Media {
		for _, im := range e.Images {
			if a := strings.TrimSpace(im.Alt); a != "" {
				lines = append(lines, "[image: "+a+"]")
			}
		}
		if x := e.External; x != nil && x.URI != "" {
			line := "[link] " + x.URI
			if t := strings.TrimSpace(x.Title); t != "" {
				line = fmt.Sprintf("[link: %s] %s", t, x.URI)
			}
			if d := strings.TrimSpace(x.Description); d != "" {
				line += " — " + d
			}
			lines = append(lines, line)
		}
	}
	return strings.TrimSpace(strings.Join(lines, "\n\n"))
}

// quoted returns the at-uri of a quoted record, if any.
func (e *Embed) quoted() string {
	if e == nil || len(e.Record) == 0 {
		return ""
	}
	var v struct {
		URI    string `json:"uri"`
		Record *struct {
			URI string `json:"uri"`
		} `json:"record"`
	}
	if json.Unmarshal(e.Record, &v) != nil {
		return ""
	}
	if v.URI != "" {
		return v.URI
	}
	if v.Record != nil {
		return v.Record.URI
	}
	return ""
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}
