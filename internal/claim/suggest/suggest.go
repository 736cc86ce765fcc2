// Package suggest finds, for the posts a page or an API answer shows to
// staff, the checked claim each one most likely repeats, scoring at least
// the matcher's suggestion threshold (match.Config.SuggestThreshold).
//
// The claims stage stores the matches of every new post (table
// post_claims) in whichever process runs it, so Stored reads them first:
// that works in a scale-out serve, which holds no claims index. Only a post
// with no stored match is matched on view, and only where the process has
// an index (see Stored.Best for why).
package suggest

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/claim/match"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
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
	Claim   claim.Claim // the stored claim, or the index's copy (without evidence, tags or summary)
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

// Store reads the matches the claims stage stored. *store.DB is one.
type Store interface {
	// PostClaims returns the stored matches of each of the posts that has
	// any, with their claims, best score first.
	PostClaims(ctx context.Context, postIDs []int64) (map[int64][]store.PostClaim, error)
}

// Stored finds suggestions in the stored matches, falling back to the
// matcher, when there is one, for posts with none stored.
type Stored struct {
	Store   Store   // required
	Matcher Matcher // the process's claims index; nil where it runs none
}

// Best returns, for each post (by its ID), its best stored match, else
// what Best of the matcher finds; out[i] is posts[i]'s, nil for none.
//
// Why fall back at all: a post is matched once, when it is stored, against
// the library of that moment. A claim added or edited later reaches older
// posts only through `factdesk claims rematch`; until then a process that
// holds an index (it is kept up to date with the library) can still find
// it on view. A post with stored matches keeps them: they are what the
// pipeline saw, and the claim page lists the same.
func (s Stored) Best(ctx context.Context, posts []post.Post) ([]*Suggestion, error) {
	out := make([]*Suggestion, len(posts))
	stored, err := s.read(ctx, posts)
	if err != nil {
		return nil, err
	}
	var rest []post.Post
	var at []int
	for i, p := range posts {
		if pcs := stored[p.ID]; len(pcs) > 0 {
			out[i] = fromStored(pcs[0])
			continue
		}
		rest, at = append(rest, p), append(at, i)
	}
	if s.Matcher != nil && len(rest) > 0 {
		for j, sg := range Best(ctx, s.Matcher, rest) {
			out[at[j]] = sg
		}
	}
	return out, nil
}

// All returns up to k suggestions for one post, best first: its stored
// matches, else the matcher's (see Best for why).
func (s Stored) All(ctx context.Context, p post.Post, k int) ([]Suggestion, error) {
	stored, err := s.read(ctx, []post.Post{p})
	if err != nil {
		return nil, err
	}
	var out []Suggestion
	if pcs := stored[p.ID]; len(pcs) > 0 {
		for _, pc := range pcs[:min(len(pcs), k)] {
			out = append(out, *fromStored(pc))
		}
		return out, nil
	}
	text := Text(p)
	if s.Matcher == nil || text == "" {
		return nil, nil
	}
	for _, r := range s.Matcher.Match(text, match.Options{K: k, Lang: p.Lang, At: p.PublishedAt, MinScore: s.Matcher.Config().SuggestThreshold}) {
		if c, ok := s.Matcher.Claim(r.ClaimID); ok {
			out = append(out, Suggestion{Claim: c, Score: r.Score, Reasons: r.Reasons})
		}
	}
	return out, nil
}

// read returns the stored matches of the posts that have an id.
func (s Stored) read(ctx context.Context, posts []post.Post) (map[int64][]store.PostClaim, error) {
	ids := make([]int64, 0, len(posts))
	for _, p := range posts {
		if p.ID != 0 {
			ids = append(ids, p.ID)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	stored, err := s.Store.PostClaims(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("suggested claims: %w", err)
	}
	return stored, nil
}

func fromStored(pc store.PostClaim) *Suggestion {
	return &Suggestion{Claim: pc.Claim, Score: pc.Score, Reasons: pc.Reasons}
}
