package match

import (
	"cmp"
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
	acc     [][nFields + 1]float32 // per claim slot, its fields side by side and their weighted sum (0: not found yet)
	touched []uint32
	lists   []list
	totals  []float32
}

// list is one posting list a post selects: a term of the post in a field.
type list struct {
	f     int
	t     uint32
	w     float64 // the term's idf times its weight in the post
	bound float64 // the most the list adds to a claim's retrieval score
	n     int     // its length
	k1    float64 // BM25's length normalisation for the field: k1·b / average length
}

// bm25K0 is the part of BM25's length normalisation that does not depend
// on the length.
const bm25K0 = bm25K1 * (1 - bm25B)

// score is what list l adds to the field score of a claim whose field has
// the term tf times in length words (rounded as the accumulators hold it).
func (l *list) score(tf, length float64) float32 {
	return float32(l.w * tf * (bm25K1 + 1) / (tf + bm25K0 + l.k1*length))
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
	for _, w := range a.joined {
		if _, ok := ix.dict[normTerm(w, a.lang)]; ok {
			continue
		}
		for _, id := range ix.segment(w, a.lang) {
			q.qtf[id]++
			if !q.set[id] {
				q.set[id] = true
				q.terms = append(q.terms, id)
			}
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

// retrieve returns the n claims with the highest weighted sum of per-field
// BM25 scores, best first. The caller holds the read lock.
//
// It is exact but does not read every posting list: with the lists ordered
// by the most each can add to a score (rare words first), once the n-th
// best score so far exceeds what all the lists left could add together, no
// claim they alone contain can reach the top n (MaxScore, Turtle and Flood
// 1995). The claims already found then get those lists' scores from their
// own word lists, when they can still reach the top n. The common words of
// a long post are so read for a few dozen claims instead of thousands.
func (ix *Index) retrieve(q *query, n int) []candidate {
	s, _ := ix.scratch.Get().(*scratch)
	if s == nil {
		s = &scratch{}
	}
	defer ix.scratch.Put(s)
	if len(s.acc) < len(ix.docs) {
		s.acc = make([][nFields + 1]float32, len(ix.docs)+len(ix.docs)/4)
	}
	s.touched = s.touched[:0]
	var avg [nFields]float64
	lists, rest, left := s.lists[:0], 0.0, 0
	for f := range nFields {
		terms := q.terms
		if f == fExact {
			terms = q.exact
		}
		avg[f] = float64(ix.sumLen[f]) / float64(max(ix.live, 1))
		if avg[f] == 0 {
			continue
		}
		for _, t := range terms {
			if ps := ix.post[f][t]; len(ps) > 0 {
				w := idf(ix.live, len(ps)) * qtfWeight(q.qtf[t])
				lists = append(lists, list{f: f, t: t, w: w, bound: fieldWeight[f] * w * (bm25K1 + 1), n: len(ps), k1: bm25K1 * bm25B / avg[f]})
				rest += lists[len(lists)-1].bound
				left += len(ps)
			}
		}
	}
	s.lists = lists
	slices.SortFunc(lists, func(a, b list) int {
		if a.bound != b.bound {
			return cmp.Compare(b.bound, a.bound)
		}
		return cmp.Compare(a.n, b.n)
	})
	var theta float64 // the n-th best score so far: no lower than the final n-th
	read, postings, budgeted := 0, 0, false
	var high float32 // the best score so far: the n-th best is no higher
	for ; read < len(lists); read++ {
		l := lists[read]
		// Finding the n-th best costs a pass over the claims found; it is
		// worth it only when the lists left are longer than that.
		if len(s.touched) >= n && left >= len(s.touched) && float64(high) > rest {
			theta = s.nth(n)
			if theta > rest*(1+1e-6) {
				break
			}
		}
		if len(s.touched) >= n && postings+l.n > ix.budget {
			budgeted = true
			break // the best found so far get the rest from their word lists
		}
		postings += l.n
		acc, fw := s.acc, float32(fieldWeight[l.f])
		for _, p := range ix.post[l.f][l.t] {
			v := l.score(float64(p.tf), float64(p.len))
			a := &acc[p.doc]
			if a[nFields] == 0 { // every list adds more than 0
				s.touched = append(s.touched, p.doc)
			}
			a[l.f] += v
			a[nFields] += fw * v
			high = max(high, a[nFields])
		}
		rest -= l.bound
		left -= l.n
	}
	unread := lists[read:]
	// The claims that could still reach the top n: all of them when every
	// list was read; those whose score so far plus what the unread lists
	// could add reaches the n-th best otherwise, and at most the poolSize
	// best of those when the budget stopped the reading.
	floor := math.Inf(-1)
	if len(unread) > 0 {
		floor = theta - rest*(1+1e-6)
		if budgeted && len(s.touched) > poolSize {
			floor = max(floor, s.nth(poolSize))
		}
	}
	top := make([]candidate, 0, n+1)
	for _, d := range s.touched {
		a := &s.acc[d]
		if float64(a[nFields]) < floor {
			*a = [nFields + 1]float32{}
			continue // cannot reach the top n
		}
		c := candidate{doc: d}
		for f := range nFields {
			c.field[f] = float64(a[f])
		}
		*a = [nFields + 1]float32{}
		e := &ix.docs[d]
		for i := range unread {
			l := &unread[i]
			if k := slices.Index(e.fields[l.f], l.t); k >= 0 {
				c.field[l.f] += float64(l.score(float64(e.tfs[l.f][k]), float64(e.length[l.f])))
			}
		}
		for f := range nFields {
			c.total += fieldWeight[f] * c.field[f]
		}
		if len(top) == n && c.total < top[n-1].total {
			continue // decided without reading the claim's id
		}
		c.id = e.claim.ID
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

// nth returns the n-th highest weighted sum among the claims found so far
// (n <= len(s.touched)).
func (s *scratch) nth(n int) float64 {
	t := s.totals[:0]
	for _, d := range s.touched {
		t = append(t, s.acc[d][nFields])
	}
	s.totals = t
	// Quickselect for the (n-1)-th largest.
	lo, hi, k := 0, len(t)-1, n-1
	for lo < hi {
		p := t[(lo+hi)/2]
		i, j := lo, hi
		for i <= j {
			for t[i] > p {
				i++
			}
			for t[j] < p {
				j--
			}
			if i <= j {
				t[i], t[j] = t[j], t[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return float64(p)
		}
	}
	return float64(t[k])
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

// qtfWeight weighs a query term by how often the post repeats it.
func qtfWeight(n float64) float64 {
	if n <= 1 {
		return 1
	}
	return 1 + queryTFBoost*(n-1)
}
