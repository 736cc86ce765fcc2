package match

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/text"
	"github.com/factdesk/factdesk/internal/wordvec"
)

// The fields of a claim that retrieval scores separately.
const (
	fText    = iota // the claim as stated
	fTitle          // the review's headline
	fSummary        // the review's summary
	fExact          // the words of all three that carry diacritics, unfolded
	nFields
)

// posting is one claim's entry in a term's list.
type posting struct {
	doc uint32
	tf  uint16
	len uint16 // the claim's words in the field, kept here (in what would be padding) so that scoring reads no other array
}

// entry is one indexed claim with what re-ranking reads.
type entry struct {
	claim    claim.Claim // without evidence, tags or summary (not needed to match)
	live     bool
	fields   [nFields][]uint32 // distinct term ids per field
	tfs      [nFields][]uint16 // their frequencies
	length   [nFields]uint16   // words per field
	bigrams  []uint32          // hashes of adjacent term pairs of text and title
	numbers  []uint32
	entities []uint32
	urls     []string // canonical appearance URLs
	when     time.Time
	grams    string         // text and title as character n-grams are taken (gramText)
	cent     wordvec.Vector // centroid of the English word vectors of text and title (zero otherwise)
}

// Index is the in-memory claim-matching index. It is safe for concurrent
// use: matches share a read lock, Upsert and Remove take the write lock.
type Index struct {
	cfg     Config
	w       *[nFeatures]float64 // re-ranking weights
	mu      sync.RWMutex
	dict    map[string]uint32
	post    [nFields][][]posting
	docs    []entry
	byID    map[int64]uint32
	free    []uint32
	live    int
	sumLen  [nFields]uint64
	scratch sync.Pool
	vecs    vectors // claims' embeddings, when an Embedder is set
	vrow    []int32 // per term id: its English word vector row, or -1
	budget  int     // postings retrieval reads at most (postingBudget; tests change it)
}

// New returns an empty index; the zero Config takes the defaults.
func New(cfg Config) *Index {
	return &Index{cfg: cfg.withDefaults(), w: &weights, dict: map[string]uint32{}, byID: map[int64]uint32{}, budget: postingBudget}
}

// Loader lists stored claims in ID order: those with IDs above afterID, at
// most limit of them. The store implements it.
type Loader interface {
	AllClaims(ctx context.Context, afterID int64, limit int) ([]claim.Claim, error)
}

// loadPage is how many claims Load reads per call.
const loadPage = 1000

// Load builds an index from every claim the loader lists.
func Load(ctx context.Context, l Loader, cfg Config) (*Index, error) {
	ix := New(cfg)
	var after int64
	for {
		page, err := l.AllClaims(ctx, after, loadPage)
		if err != nil {
			return nil, fmt.Errorf("match: load claims: %w", err)
		}
		for i := range page {
			ix.Upsert(page[i])
			after = max(after, page[i].ID)
		}
		if len(page) < loadPage {
			return ix, nil
		}
	}
}

// Len returns the number of indexed claims.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.live
}

// Claim returns the indexed copy of a claim (without evidence and tags).
func (ix *Index) Claim(id int64) (claim.Claim, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	d, ok := ix.byID[id]
	if !ok {
		return claim.Claim{}, false
	}
	return ix.docs[d].claim, true
}

// Upsert adds a claim or replaces the indexed version of it.
func (ix *Index) Upsert(c claim.Claim) {
	p := ix.prepare(c)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.vecs.forget(c.ID)
	if d, ok := ix.byID[c.ID]; ok {
		ix.removeLocked(d)
	}
	var d uint32
	if n := len(ix.free); n > 0 {
		d, ix.free = ix.free[n-1], ix.free[:n-1]
	} else {
		d = uint32(len(ix.docs))
		ix.docs = append(ix.docs, entry{})
	}
	ix.intern(&p)
	for f := range nFields {
		for k, id := range p.e.fields[f] {
			ix.post[f][id] = append(ix.post[f][id], posting{doc: d, tf: p.counts[f][k].tf, len: p.e.length[f]})
		}
		ix.sumLen[f] += uint64(p.e.length[f])
	}
	ix.docs[d] = p.e
	ix.byID[c.ID] = d
	ix.live++
}

// Remove drops a claim from the index; an unknown ID is ignored.
func (ix *Index) Remove(id int64) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.vecs.forget(id)
	if d, ok := ix.byID[id]; ok {
		ix.removeLocked(d)
	}
}

func (ix *Index) removeLocked(d uint32) {
	e := &ix.docs[d]
	for f := range nFields {
		for _, id := range e.fields[f] {
			ix.post[f][id] = slices.DeleteFunc(ix.post[f][id], func(p posting) bool { return p.doc == d })
		}
		ix.sumLen[f] -= uint64(e.length[f])
	}
	delete(ix.byID, e.claim.ID)
	*e = entry{}
	ix.free = append(ix.free, d)
	ix.live--
}

// termCount is a distinct term of a field and its frequency there.
type termCount struct {
	term string
	tf   uint16
}

// prepared is a claim analysed outside the lock, its terms still strings.
type prepared struct {
	e        entry
	counts   [nFields][]termCount
	numbers  []string
	entities []string
}

func (ix *Index) prepare(c claim.Claim) prepared {
	lang := c.Lang
	if lang == "" {
		lang, _ = text.DetectLang(c.Text + " " + c.Title)
	}
	body, title, sum := analyze(c.Text, lang), analyze(c.Title, lang), analyze(c.Summary, lang)
	var p prepared
	for f, a := range []analysis{body, title, sum} {
		p.counts[f] = countTerms(a.terms)
		p.e.length[f] = uint16(min(len(a.terms), 65535))
	}
	exact := slices.Concat(body.exact, title.exact, sum.exact)
	p.counts[fExact], p.e.length[fExact] = countTerms(exact), uint16(min(len(exact), 65535))
	p.e.bigrams = append(bigrams(body.terms), bigrams(title.terms)...)
	p.numbers = slices.Concat(body.numbers, title.numbers)
	p.entities = body.entities
	p.e.grams = gramText(c.Text + " " + c.Title)
	if lang == "en" {
		p.e.cent = centroid(slices.Concat(body.terms, title.terms))
	}
	for _, u := range c.Appearances {
		if cu, err := text.CanonicalURL(u); err == nil {
			p.e.urls = append(p.e.urls, cu)
		}
	}
	c.Evidence, c.Tags, c.Summary = nil, nil, ""
	p.e.claim, p.e.live = c, true
	p.e.when = c.ClaimDate
	if c.ReviewDate.After(p.e.when) {
		p.e.when = c.ReviewDate
	}
	return p
}

// intern gives every term of p an id, adding new terms to the dictionary,
// and fills p.e's term lists. The caller holds the write lock.
func (ix *Index) intern(p *prepared) {
	id := func(t string) uint32 {
		if n, ok := ix.dict[t]; ok {
			return n
		}
		n := uint32(len(ix.dict))
		ix.dict[t] = n
		ix.vrow = append(ix.vrow, wordVectors().Row(t))
		for f := range nFields {
			ix.post[f] = append(ix.post[f], nil)
		}
		return n
	}
	for f := range nFields {
		ids := make([]uint32, len(p.counts[f]))
		tfs := make([]uint16, len(p.counts[f]))
		for k, tc := range p.counts[f] {
			ids[k], tfs[k] = id(tc.term), tc.tf
		}
		p.e.fields[f], p.e.tfs[f] = ids, tfs
	}
	p.e.numbers = uniqueIDs(p.numbers, id)
	p.e.entities = uniqueIDs(p.entities, id)
}

func uniqueIDs(terms []string, id func(string) uint32) []uint32 {
	var out []uint32
	for _, t := range terms {
		if n := id(t); !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// countTerms returns the distinct terms of ts with their frequencies.
func countTerms(ts []string) []termCount {
	var out []termCount
	idx := map[string]int{}
	for _, t := range ts {
		if k, ok := idx[t]; ok {
			if out[k].tf < 65535 {
				out[k].tf++
			}
			continue
		}
		idx[t] = len(out)
		out = append(out, termCount{t, 1})
	}
	return out
}

// bigrams hashes adjacent pairs of terms.
func bigrams(ts []string) []uint32 {
	var out []uint32
	for i := 1; i < len(ts); i++ {
		h := uint32(text.Hash64(ts[i-1] + " " + ts[i]))
		if !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	return out
}
