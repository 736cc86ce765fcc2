package demo

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"time"

	"github.com/factdesk/factdesk/internal/intake"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
)

// posts.jsonl holds demo posts written for factdesk (no third-party
// content): a false dam-break rumour spreading in the last hour, a false
// health tip, an official notice that answers the rumour, a misleading
// English photo caption, and background news. Times are relative to the
// moment of seeding so the demo always looks live.
//
//go:embed posts.jsonl
var postsJSONL []byte

// PostStore is what seeding posts needs of the store.
type PostStore interface {
	EnsureSource(ctx context.Context, actor, kind, name string) (store.Source, error)
}

// Submitter queues posts through the pipeline.
type Submitter interface {
	Submit(ctx context.Context, posts []post.Post, progress func(done int)) (intake.Summary, error)
}

type demoPost struct {
	ID           string           `json:"id"`
	Source       string           `json:"source"`
	MinutesAgo   float64          `json:"minutes_ago"`
	Title        string           `json:"title"`
	Text         string           `json:"text"`
	URL          string           `json:"url"`
	AuthorHandle string           `json:"author_handle"`
	Platform     string           `json:"platform"`
	Lang         string           `json:"lang"`
	Metrics      map[string]int64 `json:"metrics"`
}

// SeedPosts files the demo posts under demo sources and submits them
// through the pipeline, so that they are clustered, indexed and matched like
// any other posts. It returns how many were stored.
func SeedPosts(ctx context.Context, db PostStore, sub Submitter, now time.Time) (int, error) {
	var posts []post.Post
	sources := map[string]int64{}
	sc := bufio.NewScanner(bytes.NewReader(postsJSONL))
	for line := 1; sc.Scan(); line++ {
		var d demoPost
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return 0, fmt.Errorf("demo posts line %d: %w", line, err)
		}
		id, ok := sources[d.Source]
		if !ok {
			src, err := db.EnsureSource(ctx, actor, "import", d.Source)
			if err != nil {
				return 0, fmt.Errorf("demo source %q: %w", d.Source, err)
			}
			id, sources[d.Source] = src.ID, src.ID
		}
		p := post.Post{SourceID: id, ExternalID: d.ID, Title: d.Title, Text: d.Text, URL: d.URL, AuthorHandle: d.AuthorHandle,
			Platform: d.Platform, Lang: d.Lang, Metrics: d.Metrics, PublishedAt: now.Add(-time.Duration(d.MinutesAgo * float64(time.Minute)))}
		if err := intake.Normalize(&p, now); err != nil {
			return 0, fmt.Errorf("demo posts line %d: %w", line, err)
		}
		posts = append(posts, p)
	}
	sum, err := sub.Submit(ctx, posts, nil)
	if err != nil {
		return 0, fmt.Errorf("demo posts: %w", err)
	}
	return sum.Imported + sum.Updated + sum.Duplicates, nil
}
