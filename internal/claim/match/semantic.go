package match

import (
	"slices"

	"github.com/factdesk/factdesk/internal/wordvec"
)

// wordVectors is the English word vector table (GloVe, embedded): it lets
// re-ranking see that a post's "audience" is a claim's "crowd". Vectors
// are used only when both the post and the claim are English; elsewhere
// the semantic features fall back to exact word overlap.
var wordVectors = wordvec.English

// softFloor is the cosine below which two different words count as
// unrelated; from there to 1 their similarity rises linearly to 1.
const softFloor = 0.45

// Words too common to carry meaning are left out of the comparison: post
// words whose frequency weight is below softMinWeight (about the 70 most
// frequent English words) and claim words found in more than about one
// claim in twenty (idf below softMinIDF) match only as written. Chosen by
// five-fold cross-validation on CheckThat! train+dev, where they cost
// nothing and save a third of the comparisons.
const (
	softMinWeight = 0.5
	softMinIDF    = 3
)

// centroid is the frequency-weighted mean of the word vectors of terms
// (English terms of the matcher), quantised; zero if none has a vector.
func centroid(terms []string) wordvec.Vector {
	tab := wordVectors()
	sum := make([]float64, tab.Dim())
	n := 0
	for _, t := range terms {
		if r := tab.Row(t); r >= 0 {
			tab.AddTo(sum, r, tab.Weight(r))
			n++
		}
	}
	if n == 0 {
		return wordvec.Vector{}
	}
	return wordvec.Quantize(sum)
}

// semantic is the English-vector side of a query.
type semantic struct {
	rows []int32            // vector rows of the post's distinct terms
	cent wordvec.Vector     // the post's centroid
	best map[uint32]float64 // per claim term id: its similarity to the nearest post word (see nearest)
}

// setSemantic prepares q's vector side when the post is English.
func (q *query) setSemantic() {
	if q.a.lang != "en" {
		return
	}
	tab := wordVectors()
	for _, t := range q.a.terms {
		if r := tab.Row(t); r >= 0 && tab.Weight(r) >= softMinWeight && !slices.Contains(q.sem.rows, r) {
			q.sem.rows = append(q.sem.rows, r)
		}
	}
	q.sem.cent = centroid(q.a.terms)
	q.sem.best = map[uint32]float64{}
}

// softCoverage returns the idf-weighted share of terms (a claim field)
// found in the post as written, and the same share with words close in
// meaning counting by their similarity (1 for the same word; for another,
// its cosine with the nearest post word, 0 below softFloor, rising
// linearly to 1). Without vectors for both sides the two are equal. The
// caller holds the read lock. Terms in off (see accentsMet) count as
// not found.
func (ix *Index) softCoverage(q *query, e *entry, terms, off []uint32) (exact, soft float64) {
	var in, near, all float64
	vectors := !e.cent.IsZero() && len(q.sem.rows) > 0
	for _, t := range terms {
		w := ix.idfOf(q, t)
		all += w
		switch {
		case slices.Contains(off, t):
		case q.set[t]:
			in += w
		case vectors && w >= softMinIDF && ix.vrow[t] >= 0:
			near += w * ix.nearest(q, t)
		}
	}
	if all == 0 {
		return 0, 0
	}
	return in / all, (in + near) / all
}

// nearest is the similarity of claim term t to the post's nearest word,
// remembered for the query.
func (ix *Index) nearest(q *query, t uint32) float64 {
	if c, ok := q.sem.best[t]; ok {
		return c
	}
	c := wordVectors().Nearest(ix.vrow[t], q.sem.rows, softFloor)
	c = clamp01((c - softFloor) / (1 - softFloor))
	q.sem.best[t] = c
	return c
}
