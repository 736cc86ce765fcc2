package match

import (
	"context"
	"fmt"
	"time"

	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/text"
)

// BackfillWindow is how far back a claim added or changed is matched
// against the posts already stored, by the time they were stored.
const BackfillWindow = 7 * 24 * time.Hour

// BackfillCandidates caps the posts one claim is matched against: the
// newest stored that share a content word with it.
const BackfillCandidates = 1000

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
// full-text search); each is matched with the whole index, as on arrival,
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

// isDigits reports whether w is all ASCII digits.
func isDigits(w string) bool {
	for _, c := range []byte(w) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return w != ""
}
