package match

import (
	"math"
	"slices"
	"time"

	"github.com/factdesk/factdesk/internal/text"
)

// The re-ranking features of a (post, claim) pair. Each lies in [0, 1] and
// is a share or a yes/no, never a raw count or a raw BM25 value, so that a
// weight means the same for long and short posts and for every language.
const (
	xBias       = iota
	xRel        // retrieval score relative to the best candidate's
	xNorm       // text-field BM25 relative to the most the post's words could score
	xCovText    // idf-weighted share of the claim's words found in the post
	xCovTitle   // the same for the review's title
	xCovPost    // idf-weighted share of the post's words found in the claim or title
	xBigram     // share of the claim's word pairs found in the post
	xNumShared  // numbers in common (0, 1 for one, 2 or more scaled to 1)
	xNumMissing // both carry numbers and none is shared
	xEntity     // share of the claim's names found in the post
	xFirst      // ranked first by retrieval
	xURL        // a link in the post is a known appearance of the claim
	xQuote      // a quoted phrase of the post appears in the claim
	xExact      // of the post's diacritic words that the claim has once folded, the share it has with their diacritics
	xRecent     // the claim was made or reviewed within a year before the post
	xYear       // the claim mentions the year the post was published
	xMonth      // the claim mentions the month the post was published
	xRank       // 1/(1+retrieval rank)
	xNormTitle  // title-field BM25 relative to the most the post's words could score
	xBiPost     // share of the post's word pairs found in the claim or title
	xRare       // idf of the rarest shared word relative to the post's rarest word
	xEntPost    // share of the post's names found in the claim or title
	xTopCov     // no other candidate covers more of the post (idf-weighted)
	xTopBi      // no other candidate shares more of the post's word pairs
	xCovGap     // lead in post coverage over the best other candidate (0 if behind)
	xSoftText   // xCovText with words close in meaning counting (English word vectors)
	xSoftTitle  // the same for the title
	xChar3      // share of the claim's character 3-grams (text and title) found in the post
	xChar5      // the same for 5-grams
	xCharPost3  // share of the post's character 3-grams found in the claim
	xCharPost5  // the same for 5-grams
	xRepeat     // the post repeats the claim nearly word for word (>= 80% of its word pairs, 90% of its words)
	xCent       // cosine of the post's and the claim's word-vector centroids (xCovText without vectors)
	nFeatures
)

// featureNames name the features as in the code, for fitting output.
var featureNames = [nFeatures]string{
	"xBias", "xRel", "xNorm", "xCovText", "xCovTitle", "xCovPost", "xBigram", "xNumShared", "xNumMissing",
	"xEntity", "xFirst", "xURL", "xQuote", "xExact", "xRecent", "xYear", "xMonth", "xRank",
	"xNormTitle", "xBiPost", "xRare", "xEntPost", "xTopCov", "xTopBi", "xCovGap",
	"xSoftText", "xSoftTitle", "xChar3", "xChar5", "xCharPost3", "xCharPost5", "xRepeat", "xCent",
}

// features computes the feature vector of candidate c for q; at is the
// post's time (zero if unknown). The caller holds the read lock.
func (ix *Index) features(q *query, c candidate, best float64, rank int, at time.Time) [nFeatures]float64 {
	first := rank == 0
	e := &ix.docs[c.doc]
	var x [nFeatures]float64
	x[xBias] = 1
	x[xRank] = 1 / float64(1+rank)
	if best > 0 {
		x[xRel] = c.total / best
	}
	var self float64
	for _, t := range q.terms {
		self += ix.idfOf(q, t) * (bm25K1 + 1)
	}
	if self > 0 {
		x[xNorm] = math.Min(c.field[fText]/self, 1)
		x[xNormTitle] = math.Min(c.field[fTitle]/self, 1)
	}
	matched, met, off := accentsMet(q, e)
	if met > 0 {
		x[xExact] = float64(matched) / float64(met)
	}
	if len(e.fields[fExact]) == 0 {
		off = nil // a claim written without diacritics cannot tell the accents apart
	}
	x[xCovText], x[xSoftText] = ix.softCoverage(q, e, e.fields[fText], off)
	x[xCovTitle], x[xSoftTitle] = ix.softCoverage(q, e, e.fields[fTitle], off)
	ofClaim, ofPost := q.grams.shares(e.grams)
	x[xChar3], x[xChar5], x[xCharPost3], x[xCharPost5] = ofClaim[0], ofClaim[1], ofPost[0], ofPost[1]
	if q.sem.cent.IsZero() || e.cent.IsZero() {
		x[xCent] = x[xCovText]
	} else {
		x[xCent] = max(0, q.sem.cent.Cos(e.cent))
	}
	var in, all, rareQ, rareIn float64
	for _, t := range q.terms {
		w := ix.idfOf(q, t)
		all += w
		rareQ = max(rareQ, w)
		if slices.Contains(e.fields[fText], t) || slices.Contains(e.fields[fTitle], t) {
			in += w
			rareIn = max(rareIn, w)
		}
	}
	if all > 0 {
		x[xCovPost] = in / all
		x[xRare] = rareIn / rareQ
	}
	if len(q.bi) > 0 {
		n := 0
		for _, h := range e.bigrams {
			if q.bi[h] {
				n++
			}
		}
		x[xBiPost] = math.Min(float64(n)/float64(len(q.bi)), 1)
	}
	if len(q.ents) > 0 {
		n := 0
		for _, t := range q.ents {
			if slices.Contains(e.fields[fText], t) || slices.Contains(e.fields[fTitle], t) {
				n++
			}
		}
		x[xEntPost] = float64(n) / float64(len(q.ents))
	}
	if len(e.bigrams) > 0 {
		n := 0
		for _, h := range e.bigrams {
			if q.bi[h] {
				n++
			}
		}
		x[xBigram] = float64(n) / float64(len(e.bigrams))
	}
	shared := len(ix.sharedNumbers(q, e))
	x[xNumShared] = math.Min(float64(shared), 2) / 2
	if shared == 0 && len(e.numbers) > 0 && len(q.a.numbers) > 0 {
		x[xNumMissing] = 1
	}
	if len(e.entities) > 0 {
		x[xEntity] = float64(len(ix.sharedNames(q, e))) / float64(len(e.entities))
	}
	if first {
		x[xFirst] = 1
	}
	if q.year != "" {
		if id, ok := ix.dict[q.year]; ok && slices.Contains(e.numbers, id) {
			x[xYear] = 1
		}
	}
	if q.month != "" {
		if id, ok := ix.dict[q.month]; ok && (slices.Contains(e.fields[fText], id) || slices.Contains(e.fields[fTitle], id)) {
			x[xMonth] = 1
		}
	}
	if sharedURL(q, e) != "" {
		x[xURL] = 1
	}
	if quotedIn(q, e) != "" {
		x[xQuote] = 1
	}
	if !at.IsZero() && !e.when.IsZero() && !e.when.After(at.Add(24*time.Hour)) && at.Sub(e.when) < 365*24*time.Hour {
		x[xRecent] = 1
	}
	if x[xBigram] >= 0.8 && x[xCovText] >= 0.9 {
		x[xRepeat] = 1
	}
	return x
}

// accentsMet counts the post's diacritic words that the claim has once
// folded (met), and how many of those it has as written (matched): a
// post's other accented words say nothing about this claim. It also
// returns the folded terms that the post writes only with other accents
// than the claim (off): "trời" (sky) where the claim has "trôi" (to
// drift) is another word, not the claim's.
func accentsMet(q *query, e *entry) (matched, met int, off []uint32) {
	var right []uint32 // folded terms the post writes with the claim's accents
	for _, a := range q.accents {
		if a.folded == noID || !slices.Contains(e.fields[fText], a.folded) && !slices.Contains(e.fields[fTitle], a.folded) && !slices.Contains(e.fields[fSummary], a.folded) {
			continue
		}
		met++
		if a.exact != noID && slices.Contains(e.fields[fExact], a.exact) {
			matched++
			right = append(right, a.folded)
		} else if !q.plain[a.folded] {
			off = append(off, a.folded)
		}
	}
	// a form written with the claim's accents elsewhere in the post wins
	off = slices.DeleteFunc(off, func(t uint32) bool { return slices.Contains(right, t) })
	return matched, met, off
}

// sharedNumbers returns the post's numbers that the claim carries too.
func (ix *Index) sharedNumbers(q *query, e *entry) []string {
	return ix.shared(q.a.numbers, e.numbers)
}

// sharedNames returns the post's words that are names of the claim.
func (ix *Index) sharedNames(q *query, e *entry) []string {
	var out []string
	for _, t := range q.a.terms {
		if id, ok := ix.dict[t]; ok && slices.Contains(e.entities, id) && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// asWritten returns terms (as matching compares them: folded, stemmed) as
// the claim's text s writes them, lower-cased ("hoa" as "hòa"): each as the
// first word of s that reads as it; a term s does not have stays as it is.
func asWritten(s, lang string, terms []string) []string {
	out := slices.Clone(terms)
	done := make([]bool, len(terms))
	left := len(terms)
	for _, w := range text.WordsLang(s, lang) {
		n := normTerm(w, lang)
		for i, t := range terms {
			if !done[i] && t == n {
				out[i], done[i] = w, true
				left--
			}
		}
		if left == 0 {
			break
		}
	}
	return out
}

func (ix *Index) shared(words []string, ids []uint32) []string {
	var out []string
	for _, t := range words {
		if id, ok := ix.dict[t]; ok && slices.Contains(ids, id) && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// sharedURL returns a link of the post that is a known appearance.
func sharedURL(q *query, e *entry) string {
	for _, u := range q.a.urls {
		if slices.Contains(e.urls, u) {
			return u
		}
	}
	return ""
}

// quotedIn returns the first quoted phrase of the post (as folded words)
// whose words appear in sequence in the claim text.
func quotedIn(q *query, e *entry) string {
	for _, ph := range q.a.quotes {
		if e.hasPhrase(ph) {
			return joinWords(ph)
		}
	}
	return ""
}

// hasPhrase reports whether all adjacent pairs of the phrase are word pairs
// of the claim.
func (e *entry) hasPhrase(ph []string) bool {
	for _, h := range bigrams(ph) {
		if !slices.Contains(e.bigrams, h) {
			return false
		}
	}
	return len(ph) >= 2
}

// compare sets the features that compare each candidate with the others
// (xTopCov, xTopBi, xCovGap): whether it is the candidate sharing the most
// of the post, and by how much it leads the best of the others.
func compare(xs [][nFeatures]float64) {
	var cov1, cov2, bi float64 // best and second-best post coverage, best pair share
	for i := range xs {
		c := xs[i][xCovPost]
		if c > cov1 {
			cov1, cov2 = c, cov1
		} else if c > cov2 {
			cov2 = c
		}
		bi = max(bi, xs[i][xBiPost])
	}
	for i := range xs {
		x := &xs[i]
		other := cov1
		if x[xCovPost] == cov1 {
			other = cov2
		}
		if x[xCovPost] >= cov1 && cov1 > 0 {
			x[xTopCov] = 1
		}
		if x[xBiPost] >= bi && bi > 0 {
			x[xTopBi] = 1
		}
		x[xCovGap] = clamp01(x[xCovPost] - other)
	}
}
