package match

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Options are the per-call settings of [Index.Match].
type Options struct {
	// K is how many results to return at most (default 5).
	K int
	// MinScore drops results scoring below it (default 0: keep all K).
	MinScore float64
	// Lang is the post's language ("vi", "en"); empty detects it.
	Lang string
	// At is when the post was published, for the recency cue; zero skips it.
	At time.Time
}

// Result is one claim matched to a post.
type Result struct {
	ClaimID int64    `json:"claim_id"`
	Score   float64  `json:"score"`   // calibrated probability of a match, in [0, 1]
	Reasons []string `json:"reasons"` // what a person would see, e.g. "shares the numbers 5g, 2020"
}

// Match returns the claims that text most likely repeats, best first.
// With an Embedder configured, the candidates are re-scored with the
// embeddings' similarity (outside the index lock); if the endpoint fails,
// the lexical scores stand.
func (ix *Index) Match(s string, opts Options) []Result {
	if opts.K <= 0 {
		opts.K = 5
	}
	all := ix.rank(s, opts)
	if ix.cfg.Embedder != nil && len(all) > 0 {
		ix.fuse(s, all)
	}
	var out []Result
	for _, c := range all {
		if len(out) == opts.K || c.Score < opts.MinScore {
			break
		}
		out = append(out, c.Result)
	}
	return out
}

// ranked is a candidate scored by the re-ranker: its result, the log-odds
// behind the score, and the claim's text for embedding.
type ranked struct {
	Result
	z    float64
	sup  float64 // support: how much of the claim the post carries (see support)
	text string
}

// rank retrieves and re-ranks the candidates of s, best first: all of them
// when an Embedder will re-score them, else the best K.
func (ix *Index) rank(s string, opts Options) []ranked {
	a := analyze(s, opts.Lang)
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.live == 0 {
		return nil
	}
	q := ix.lookup(a)
	defer q.grams.release()
	q.setDate(a, opts.At)
	cands := ix.retrieve(q, ix.cfg.Candidates)
	if len(cands) == 0 {
		return nil
	}
	type scored struct {
		c candidate
		x [nFeatures]float64
		z float64
	}
	xs := make([][nFeatures]float64, len(cands))
	for i, c := range cands {
		xs[i] = ix.features(q, c, cands[0].total, i, opts.At)
	}
	compare(xs)
	all := make([]scored, len(cands))
	for i, c := range cands {
		all[i] = scored{c, xs[i], logit(ix.w, &xs[i])}
	}
	slices.SortStableFunc(all, func(a, b scored) int {
		if c := cmp.Compare(b.z, a.z); c != 0 {
			return c
		}
		return cmp.Compare(a.c.id, b.c.id)
	})
	keep := opts.K
	if ix.cfg.Embedder != nil {
		keep = len(all)
	}
	out := make([]ranked, 0, min(keep, len(all)))
	for _, s := range all[:min(keep, len(all))] {
		e := &ix.docs[s.c.doc]
		_, met, _ := accentsMet(q, e)
		sup := support(&s.x, met)
		r := ranked{Result: Result{ClaimID: e.claim.ID, Score: sigmoid(s.z) * sup, Reasons: ix.reasons(q, e, &s.x)}, z: s.z, sup: sup}
		if ix.cfg.Embedder != nil {
			r.text = strings.TrimSpace(e.claim.Text + "\n" + e.claim.Title)
		}
		out = append(out, r)
	}
	return out
}

// Suggestions returns the claims scoring at least the suggestion threshold
// for a post or a story's representative text, best first (at most 5).
func (ix *Index) Suggestions(s string) []Result {
	return ix.Match(s, Options{K: 5, MinScore: ix.cfg.SuggestThreshold})
}

// Config returns the index's configuration, defaults filled in.
func (ix *Index) Config() Config { return ix.cfg }

// reasons words the evidence for a match.
func (ix *Index) reasons(q *query, e *entry, x *[nFeatures]float64) []string {
	var out []string
	if u := sharedURL(q, e); u != "" {
		out = append(out, reason("url", u))
	}
	if ph := quotedIn(q, e); ph != "" {
		out = append(out, reason("quote", ph))
	}
	if ns := ix.sharedNumbers(q, e); len(ns) > 0 {
		out = append(out, reason("numbers", strings.Join(ns, ", ")))
	}
	if ns := ix.sharedNames(q, e); len(ns) > 0 {
		out = append(out, reason("names", strings.Join(asWritten(e.claim.Text+" "+e.claim.Title, q.a.lang, ns), ", ")))
	}
	out = append(out, reason("covers", fmt.Sprintf("%.0f", 100*x[xCovText])))
	if x[xExact] > 0 {
		out = append(out, reason("accents", fmt.Sprintf("%.0f", 100*x[xExact])))
	}
	if x[xRecent] > 0 {
		out = append(out, reason("recent"))
	}
	return append(out, reason("bm25", fmt.Sprintf("%.2f", x[xNorm])))
}

func joinWords(ws []string) string { return strings.Join(ws, " ") }
