// Package suggest finds, for the posts a page or an API answer shows to
// staff, the checked claim each one most likely repeats: the claims
// library's matcher is asked on view, as the pipeline asks it of every new
// post, and a match shows when it scores at least the matcher's suggestion
// threshold (match.Config.SuggestThreshold).
//
// Suggestions are computed, not stored: a claim published today is
// suggested on yesterday's posts at once, and nothing needs a backfill.
package suggest

import (
	"context"
	"strings"
	"sync"

	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/claim/match"
	"github.com/factdesk/factdesk/internal/post"
)

// Matcher finds the checked claims a text repeats. *match.Index
// satisfies it.
type Matcher interface {
	Match(text string, opts match.Options) []match.Result
	Claim(id int64) (claim.Claim, bool)
	Config() match.Config
}

// Suggestion is the checked claim a post most likely repeats.
type Suggestion struct {
	Claim   claim.Claim // the index's copy: without evidence, tags or summary
	Score   float64     // calibrated probability of a match, in [0, 1]
	Reasons []string    // why it matches, in English
}

// parallel is how many posts are matched at once. Lexical matching takes
// a few milliseconds; with an embeddings endpoint each match waits for a
// call, so a page of posts should not wait for them one by one.
const parallel = 8

// Text is what the matcher reads of a post: its title and text.
func Text(p post.Post) string { return strings.TrimSpace(p.Title + "\n" + p.Text) }

// Best returns, for each post, its best-matching claim when that scores at
// least the suggestion threshold, else nil; out[i] is posts[i]'s. Each
// post is matched in its own language at its publication time. When ctx
// ends, the posts not yet matched get nil.
func Best(ctx context.Context, m Matcher, posts []post.Post) []*Suggestion {
	out := make([]*Suggestion, len(posts))
	if m == nil || len(posts) == 0 {
		return out
	}
	threshold := m.Config().SuggestThreshold
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for i := range posts {
		text := Text(posts[i])
		if text == "" {
			continue
		}
		if ctx.Err() != nil {
			break
		}
		select {
		case <-ctx.Done():
			wg.Wait()
			return out
		case sem <- struct{}{}:
		}
		wg.Go(func() {
			defer func() { <-sem }()
			out[i] = best(m, text, posts[i], threshold)
		})
	}
	wg.Wait()
	return out
}

// best matches one post and keeps its best claim at or above threshold.
func best(m Matcher, text string, p post.Post, threshold float64) *Suggestion {
	rs := m.Match(text, match.Options{K: 1, Lang: p.Lang, At: p.PublishedAt, MinScore: threshold})
	if len(rs) == 0 {
		return nil
	}
	c, ok := m.Claim(rs[0].ClaimID)
	if !ok {
		return nil
	}
	return &Suggestion{Claim: c, Score: rs[0].Score, Reasons: rs[0].Reasons}
}
