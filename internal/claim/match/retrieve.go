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
	a       analysis
	terms   []uint32           // distinct known folded terms
	qtf     map[uint32]float64 // how often each term occurs in the post
	exact   []uint32           // distinct known diacritic terms
	idf     map[uint32]float64
	set     map[uint32]bool // terms and exact, for overlap features
	accents []accent        // the post's distinct diacritic words
	plain   map[uint32]bool // folded ids of the post's words written without diacritics
	bi      map[uint32]bool
	ents    []uint32   // distinct known names of the post
	year    string     // the year the post was published, if known ("2020")
	month   string     // and its month, folded English name ("january")
	sem     semantic   // English word vectors of the post
	grams   *postGrams // character n-grams of the post
}

// accent is a diacritic word of a post: the ids of its form as written
// and of its folded term (noID where the library does not have them).
type accent struct{ exact, folded uint32 }

const noID = ^uint32(0)

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
	acc     [][nFields]float32 // per claim slot, its fields side by side (one cache line)
	seen    []bool
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
	q.plain = map[uint32]bool{}
	for _, t := range a.plain {
		if id, ok := ix.dict[t]; ok {
			q.plain[id] = true
		}
	}
	seen := map[string]bool{}
	for _, t := range a.exact {
		if seen[t] {
			continue
		}
		seen[t] = true
		ac := accent{exact: noID, folded: noID}
		if id, ok := ix.dict[t]; ok {
			ac.exact = id
			if !q.set[id] {
				q.set[id] = true
				q.exact = append(q.exact, id)
			}
		}
		if id, ok := ix.dict[normTerm(t, a.lang)]; ok {
			ac.folded = id
		}
		q.accents = append(q.accents, ac)
	}
	for _, t := range a.entities {
		if id, ok := ix.dict[t]; ok && !slices.Contains(q.ents, id) {
			q.ents = append(q.ents, id)
		}
	}
	for _, h := range bigrams(a.terms) {
		q.bi[h] = true
	}
	q.setSemantic()
	q.grams = newPostGrams(a.cleaned)
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
//
// To stay fast on a large library, posting lists are read only for the
// words of the post that are rare enough (see postingLimit); the best
// poolSize claims so found then get the scores of the common words added
// from their own word lists, and the best n of those are returned.
func (ix *Index) retrieve(q *query, n int) []candidate {
	s, _ := ix.scratch.Get().(*scratch)
	if s == nil {
		s = &scratch{}
	}
	defer ix.scratch.Put(s)
	if len(s.acc) < len(ix.docs) {
		s.acc = make([][nFields]float32, len(ix.docs)+len(ix.docs)/4)
	}
	if len(s.seen) < len(ix.docs) {
		s.seen = make([]bool, len(ix.docs)+len(ix.docs)/4)
	}
	s.touched = s.touched[:0]
	var common [nFields][]uint32
	var avg [nFields]float64
	for f := range nFields {
		terms := q.terms
		if f == fExact {
			terms = q.exact
		}
		avg[f] = float64(ix.sumLen[f]) / float64(max(ix.live, 1))
		if avg[f] == 0 {
			continue
		}
		limit := ix.postingLimit(terms, f)
		for _, t := range terms {
			ps := ix.post[f][t]
			if len(ps) == 0 {
				continue
			}
			if len(ps) > limit {
				common[f] = append(common[f], t)
				continue
			}
			w := idf(ix.live, len(ps)) * qtfWeight(q.qtf[t])
			lens, acc := ix.lens[f], s.acc
			k0, k1 := bm25K1*(1-bm25B), bm25K1*bm25B/avg[f]
			for _, p := range ps {
				tf := float64(p.tf)
				acc[p.doc][f] += float32(w * tf * (bm25K1 + 1) / (tf + k0 + k1*float64(lens[p.doc])))
				if !s.seen[p.doc] {
					s.seen[p.doc] = true
					s.touched = append(s.touched, p.doc)
				}
			}
		}
	}
	pool := ix.best(s, max(poolSize, n))
	for k := range pool {
		c := &pool[k]
		e := &ix.docs[c.doc]
		for f := range nFields {
			for _, t := range common[f] {
				i := slices.Index(e.fields[f], t)
				if i < 0 {
					continue
				}
				w := idf(ix.live, len(ix.post[f][t])) * qtfWeight(q.qtf[t])
				tf, l := float64(e.tfs[f][i]), float64(e.length[f])
				v := float64(float32(w * tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*l/avg[f]))))
				c.field[f] += v
				c.total += fieldWeight[f] * v
			}
		}
	}
	slices.SortFunc(pool, func(a, b candidate) int {
		if better(a, b) {
			return -1
		}
		return 1
	})
	return pool[:min(n, len(pool))]
}

// best returns the n best touched claims and clears the accumulators.
func (ix *Index) best(s *scratch, n int) []candidate {
	top := make([]candidate, 0, n+1)
	for _, d := range s.touched {
		var c candidate
		c.doc = d
		a := &s.acc[d]
		for f := range nFields {
			c.field[f] = float64(a[f])
			c.total += fieldWeight[f] * c.field[f]
		}
		*a = [nFields]float32{}
		s.seen[d] = false
		if len(top) == n && c.total < top[n-1].total {
			continue // decided without reading the claim's id
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

// better orders candidates: higher score first, and on a tie the claim
// stored first (the lower id), so duplicate claims rank in a stable order
// with the original ahead.
func better(a, b candidate) bool {
	if a.total != b.total {
		return a.total > b.total
	}
	return a.id < b.id
}

// postingLimit is the longest posting list retrieval reads for terms in
// field f: lists longer than commonShare of the claims belong to words too
// common to find a claim by (they still count in re-ranking), except that
// the rarest few words of a post made only of common words are read.
func (ix *Index) postingLimit(terms []uint32, f int) int {
	limit := max(int(commonShare*float64(ix.live)), minCommon)
	n := 0
	for _, t := range terms {
		if l := len(ix.post[f][t]); l > 0 && l <= limit {
			n++
		}
	}
	if n >= 3 {
		return limit
	}
	lens := make([]int, 0, len(terms))
	for _, t := range terms {
		if l := len(ix.post[f][t]); l > 0 {
			lens = append(lens, l)
		}
	}
	slices.Sort(lens)
	if len(lens) == 0 {
		return limit
	}
	return max(limit, lens[min(2, len(lens)-1)])
}

// qtfWeight weighs a query term by how often the post repeats it.
func qtfWeight(n float64) float64 {
	if n <= 1 {
		return 1
	}
	return 1 + queryTFBoost*(n-1)
}
