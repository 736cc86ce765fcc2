package match

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// query is an analysed post with its terms looked up in the index.
type query struct {
	a      analysis
	terms  []uint32           // distinct known folded terms
	qtf    map[uint32]float64 // how often each term occurs in the post
	exact  []uint32           // distinct known diacritic terms
	idf    map[uint32]float64
	set    map[uint32]bool // terms and exact, for overlap features
	nExact int             // diacritic words in the post, known or not
	bi     map[uint32]bool
	year   string // the year the post was published, if known ("2020")
	month  string // and its month, folded English name ("january")
}

// setDate takes the post's date from at or, failing that, from the
// "— Name (@handle) January 6, 2020" trailer of an embedded tweet.
func (q *query) setDate(a analysis, at time.Time) {
	if !at.IsZero() {
		q.year, q.month = strconv.Itoa(at.Year()), strings.ToLower(at.Month().String())
		return
	}
	q.year, q.month = a.year, a.month
}

// candidate is a claim retrieval found, with its per-field BM25 scores.
type candidate struct {
	doc   uint32
	id    int64
	total float64
	field [nFields]float64
}

// scratch holds per-claim accumulators, reused across matches.
type scratch struct {
	acc     [nFields][]float32
	touched []uint32
}

// lookup resolves the analysed post against the dictionary. The caller
// holds the read lock.
func (ix *Index) lookup(a analysis) *query {
	q := &query{a: a, qtf: map[uint32]float64{}, idf: map[uint32]float64{}, set: map[uint32]bool{}, bi: map[uint32]bool{}}
	for _, t := range a.terms {
		id, ok := ix.dict[t]
		if ok {
			q.qtf[id]++
		}
		if ok && !q.set[id] {
			q.set[id] = true
			q.terms = append(q.terms, id)
		}
	}
	q.nExact = len(a.exact)
	for _, t := range a.exact {
		if id, ok := ix.dict[t]; ok && !q.set[id] {
			q.set[id] = true
			q.exact = append(q.exact, id)
		}
	}
	for _, h := range bigrams(a.terms) {
		q.bi[h] = true
	}
	return q
}

// idfOf is the BM25 idf of a term in the text field, which re-ranking
// uses to weigh overlaps.
func (ix *Index) idfOf(q *query, id uint32) float64 {
	if v, ok := q.idf[id]; ok {
		return v
	}
	df := len(ix.post[fText][id]) + len(ix.post[fTitle][id])
	v := idf(ix.live*2, df)
	q.idf[id] = v
	return v
}

func idf(n, df int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// retrieve scores claims with a weighted sum of per-field BM25 and returns
// the best n, best first. The caller holds the read lock.
func (ix *Index) retrieve(q *query, n int) []candidate {
	s, _ := ix.scratch.Get().(*scratch)
	if s == nil {
		s = &scratch{}
	}
	defer ix.scratch.Put(s)
	for f := range nFields {
		if len(s.acc[f]) < len(ix.docs) {
			s.acc[f] = make([]float32, len(ix.docs)+len(ix.docs)/4)
		}
	}
	s.touched = s.touched[:0]
	for f := range nFields {
		terms := q.terms
		if f == fExact {
			terms = q.exact
		}
		avg := float64(ix.sumLen[f]) / float64(max(ix.live, 1))
		if avg == 0 {
			continue
		}
		for _, t := range terms {
			ps := ix.post[f][t]
			if len(ps) == 0 {
				continue
			}
			w := idf(ix.live, len(ps)) * qtfWeight(q.qtf[t])
			for _, p := range ps {
				l := float64(ix.docs[p.doc].length[f])
				tf := float64(p.tf)
				v := float32(w * tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*l/avg)))
				if s.acc[0][p.doc] == 0 && s.acc[1][p.doc] == 0 && s.acc[2][p.doc] == 0 && s.acc[3][p.doc] == 0 {
					s.touched = append(s.touched, p.doc)
				}
				s.acc[f][p.doc] += v
			}
		}
	}
	top := make([]candidate, 0, n+1)
	for _, d := range s.touched {
		var c candidate
		c.doc = d
		for f := range nFields {
			c.field[f] = float64(s.acc[f][d])
			c.total += fieldWeight[f] * c.field[f]
			s.acc[f][d] = 0
		}
		c.id = ix.docs[d].claim.ID
		if len(top) == n && !better(c, top[n-1]) {
			continue
		}
		i, _ := slices.BinarySearchFunc(top, c, func(x, c candidate) int {
			if better(x, c) {
				return -1
			}
			return 1
		})
		top = slices.Insert(top, i, c)
		if len(top) > n {
			top = top[:n]
		}
	}
	return top
}

// qtfWeight weighs a query term by how often the post repeats it.
func qtfWeight(n float64) float64 {
	if n <= 1 {
		return 1
	}
	return 1 + queryTFBoost*(n-1)
}

// better orders candidates: higher score first, and on a tie the claim
// stored first (the lower id), so duplicate claims rank in a stable order
// with the original ahead.
func better(a, b candidate) bool {
	if a.total != b.total {
		return a.total > b.total
	}
	return a.id < b.id
}
