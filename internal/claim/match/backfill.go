package match

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/text"
)

// BackfillWindow is how far back a claim added or changed is matched
// against the posts already stored, by the time they were stored.
const BackfillWindow = 7 * 24 * time.Hour

// BackfillCandidates caps the posts one claim is matched against: the
// newest stored that share a content word with it and, when there are
// more, also the newest that share one of its backfillRare rarest words.
const BackfillCandidates = 1000

// backfillRare is how many of a claim's rarest words (fewest posts) make
// its second, narrower query.
const backfillRare = 3

// backfillProbe bounds the index entries read to count a word's posts
// (store.DB.SearchStats).
const backfillProbe = 500

// backfillQueryWords caps the words of a claim's candidate query.
const backfillQueryWords = 32

// backfillBatch is how many posts one transaction re-matches.
const backfillBatch = 500

// BackfillStore is what a backfill needs of the store. *store.DB is one.
type BackfillStore interface {
	Store
	Replacer
	// PostsStoredAfter returns the id after which the posts stored at or
	// after t lie.
	PostsStoredAfter(ctx context.Context, t time.Time) (int64, error)
	// SearchPosts returns the newest posts matching a full-text query.
	SearchPosts(ctx context.Context, q store.PostSearch) ([]store.SearchCandidate, error)
	// SearchStats estimates how many posts contain each phrase.
	SearchStats(ctx context.Context, phrases []store.SearchPhrase, probe int) (int64, []int64, error)
	// PostsByID returns the posts with the given ids.
	PostsByID(ctx context.Context, ids []int64) ([]post.Post, error)
}

// BackfillResult is what a backfill did.
type BackfillResult struct {
	Claims  int `json:"claims"`  // claims looked for (those in the index)
	Posts   int `json:"posts"`   // stored posts matched again
	Matches int `json:"matches"` // rows inserted or changed
	Alerts  int `json:"alerts"`  // known_claim alerts raised
}

// Backfill matches the posts stored in the BackfillWindow before now that
// may repeat the claims claimIDs (just added or changed, and already in
// the index) as Process matched them on arrival, so that the order of
// import does not matter. The candidates of a claim are the newest
// BackfillCandidates posts sharing a content word of its text (the store's
// full-text search) and, when there are that many, the newest as many
// sharing one of its rarest words; each is matched with the whole index, as on arrival,
// and its stored matches are replaced (as Rematch does). A candidate whose
// match to one of claimIDs rated false or misleading reaches the alert
// threshold raises the known_claim alert Process would have raised (same
// key, same day of publication), so running it again raises nothing new.
// Alerts are raised only for claimIDs: the posts' other claims had their
// chance on arrival or when they changed.
func (s *Stage) Backfill(ctx context.Context, st BackfillStore, claimIDs []int64, now time.Time) (BackfillResult, error) {
	var res BackfillResult
	if s.index.Len() == 0 || len(claimIDs) == 0 {
		return res, nil
	}
	after, err := st.PostsStoredAfter(ctx, now.Add(-BackfillWindow))
	if err != nil {
		return res, fmt.Errorf("backfill claims: %w", err)
	}
	wanted := make(map[int64]bool, len(claimIDs))
	seen := map[int64]bool{}
	var ids []int64
	for _, id := range claimIDs {
		c, ok := s.index.Claim(id)
		if !ok || wanted[id] {
			continue
		}
		wanted[id] = true
		res.Claims++
		q, ok := claimQuery(c.Text, c.Lang)
		if !ok {
			continue
		}
		q.AfterID, q.Limit = after, BackfillCandidates
		found, err := st.SearchPosts(ctx, q)
		if err != nil {
			return res, fmt.Errorf("backfill claim %d: %w", id, err)
		}
		if len(found) == BackfillCandidates {
			// A busy week: the newest posts sharing a common word of the
			// claim may all be other posts. Those sharing its rarest words
			// are few, whenever they were stored.
			rare, err := rareQuery(ctx, st, q)
			if err != nil {
				return res, fmt.Errorf("backfill claim %d: %w", id, err)
			}
			more, err := st.SearchPosts(ctx, rare)
			if err != nil {
				return res, fmt.Errorf("backfill claim %d: %w", id, err)
			}
			found = append(found, more...)
		}
		for _, f := range found {
			if !seen[f.ID] {
				seen[f.ID] = true
				ids = append(ids, f.ID)
			}
		}
	}
	alerts := newAlertSet(s.index)
	for start := 0; start < len(ids); start += backfillBatch {
		posts, err := st.PostsByID(ctx, ids[start:min(start+backfillBatch, len(ids))])
		if err != nil {
			return res, fmt.Errorf("backfill claims: %w", err)
		}
		written, _, err := s.rematchBatch(ctx, st, posts, func(p *post.Post, rs []Result) {
			for _, r := range rs {
				if wanted[r.ClaimID] {
					alerts.add(p, p.ID, r)
				}
			}
		})
		if err != nil {
			return res, fmt.Errorf("backfill claims: %w", err)
		}
		res.Posts += len(posts)
		res.Matches += written
	}
	n, err := alerts.insert(ctx, s.store)
	if err != nil {
		return res, fmt.Errorf("backfill claims: %w", err)
	}
	res.Alerts = n
	return res, nil
}

// rematchBatch matches posts with the index, calls each for every post
// with its results, and replaces the posts' stored matches in one
// transaction; it returns the rows written and deleted.
func (s *Stage) rematchBatch(ctx context.Context, st Replacer, posts []post.Post, each func(*post.Post, []Result)) (written, deleted int, err error) {
	if len(posts) == 0 {
		return 0, 0, nil
	}
	ids := make([]int64, len(posts))
	var matches []store.ClaimMatch
	for i := range posts {
		if err := ctx.Err(); err != nil {
			return 0, 0, err
		}
		p := &posts[i]
		ids[i] = p.ID
		var rs []Result
		if s.index.Len() > 0 {
			rs = s.match(p)
		}
		each(p, rs)
		matches = appendMatches(matches, p.ID, rs)
	}
	return st.ReplaceClaimMatches(ctx, ids, matches)
}

// claimQuery is the full-text query for the posts that may repeat a claim:
// any of the content words of its text (stop words of its language left
// out, each word once whatever its diacritics). ok is false when the text
// has none.
func claimQuery(claimText, lang string) (q store.PostSearch, ok bool) {
	if lang == "" {
		lang, _ = text.DetectLang(claimText)
	}
	var words []store.SearchPhrase
	seen := map[string]bool{}
	for _, sp := range store.SearchSpans(claimText) {
		w := text.Lower(claimText[sp[0]:sp[1]])
		folded := text.Fold(w)
		if seen[folded] || text.IsStopWord(w, lang) || len([]rune(w)) < 2 && !isDigits(w) {
			continue
		}
		seen[folded] = true
		if words = append(words, store.SearchPhrase{w}); len(words) == backfillQueryWords {
			break
		}
	}
	return store.PostSearch{All: [][]store.SearchPhrase{words}}, len(words) > 0
}

// rareQuery narrows a claim's query q to its backfillRare words found in
// the fewest posts (any of them).
func rareQuery(ctx context.Context, st BackfillStore, q store.PostSearch) (store.PostSearch, error) {
	words := slices.Clone(q.All[0])
	_, df, err := st.SearchStats(ctx, words, backfillProbe)
	if err != nil {
		return q, err
	}
	order := make([]int, len(words))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(df[a], df[b]) })
	var rare []store.SearchPhrase
	for _, i := range order {
		if df[i] > 0 && len(rare) < backfillRare {
			rare = append(rare, words[i])
		}
	}
	if len(rare) == 0 {
		return q, nil
	}
	q.All = [][]store.SearchPhrase{rare}
	return q, nil
}

// isDigits reports whether w is all ASCII digits.
func isDigits(w string) bool {
	for _, c := range []byte(w) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return w != ""
}
