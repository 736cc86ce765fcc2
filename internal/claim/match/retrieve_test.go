package match

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/internal/claim"
)

// bruteForce scores every live claim of ix for q with the full weighted
// BM25 of retrieval, reading each claim's own word lists, and returns them
// best first.
func bruteForce(ix *Index, q *query) []candidate {
	var avg [nFields]float64
	for f := range nFields {
		avg[f] = float64(ix.sumLen[f]) / float64(max(ix.live, 1))
	}
	var out []candidate
	for d := range ix.docs {
		e := &ix.docs[d]
		if !e.live {
			continue
		}
		c := candidate{doc: uint32(d), id: e.claim.ID}
		for f := range nFields {
			terms := q.terms
			if f == fExact {
				terms = q.exact
			}
			for _, t := range terms {
				i := slices.Index(e.fields[f], t)
				if i < 0 {
					continue
				}
				w := idf(ix.live, len(ix.post[f][t])) * qtfWeight(q.qtf[t])
				tf, l := float64(e.tfs[f][i]), float64(e.length[f])
				c.field[f] += w * tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*l/avg[f]))
			}
			c.total += fieldWeight[f] * c.field[f]
		}
		if c.total > 0 {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b candidate) int {
		if a.total != b.total {
			return cmp.Compare(b.total, a.total)
		}
		return cmp.Compare(a.id, b.id)
	})
	return out
}

// randomLibrary is n claims over a Zipf-distributed vocabulary, so that
// posting lists range from a handful of claims to most of them.
func randomLibrary(r *rand.Rand, n int) []claim.Claim {
	z := rand.NewZipf(r, 1.1, 1, 3000)
	word := func() string { return fmt.Sprintf("w%dx", z.Uint64()) }
	sentence := func(k int) string {
		ws := make([]string, k)
		for i := range ws {
			ws[i] = word()
		}
		return strings.Join(ws, " ")
	}
	out := make([]claim.Claim, n)
	for i := range out {
		out[i] = claim.Claim{ID: int64(i + 1), Text: sentence(5 + r.IntN(20)), Title: sentence(3 + r.IntN(8)), Summary: sentence(r.IntN(10)), Lang: "en"}
	}
	return out
}

// TestRetrieveExact checks that retrieval returns the claims a full scan
// ranks first, with their full scores, when the reading budget is not
// reached; and that past the budget, the claims it returns still carry
// their full scores, best first.
func TestRetrieveExact(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	ix := New(Config{})
	lib := randomLibrary(r, 3000)
	for _, c := range lib {
		ix.Upsert(c)
	}
	for _, c := range lib[:300] { // removed claims must not come back
		ix.Remove(c.ID)
	}
	for _, budget := range []int{1 << 30, 500} {
		ix.budget = budget
		for i := range 300 {
			post := randomLibrary(r, 1)[0].Text
			if i%3 == 0 {
				post += " " + lib[300+r.IntN(2700)].Text // a post repeating a claim
			}
			ix.mu.RLock()
			q := ix.lookup(analyze(post, "en"))
			n := []int{1, 5, 30}[i%3]
			got := ix.retrieve(q, n)
			want := bruteForce(ix, q)
			ix.mu.RUnlock()
			if len(got) != min(n, len(want)) {
				t.Fatalf("post %d: %d candidates, want %d", i, len(got), min(n, len(want)))
			}
			full := map[int64]float64{}
			for _, c := range want {
				full[c.id] = c.total
			}
			for k, c := range got {
				if math.Abs(c.total-full[c.id]) > 1e-4*full[c.id] {
					t.Fatalf("budget %d, post %d: claim %d scored %.6f, full score %.6f", budget, i, c.id, c.total, full[c.id])
				}
				if k > 0 && c.total > got[k-1].total {
					t.Fatalf("budget %d, post %d: rank %d scores above rank %d", budget, i, k, k-1)
				}
				if budget == 1<<30 && math.Abs(c.total-want[k].total) > 1e-4*want[k].total {
					t.Fatalf("post %d: rank %d scores %.6f (claim %d), a full scan %.6f (claim %d)",
						i, k, c.total, c.id, want[k].total, want[k].id)
				}
			}
		}
	}
}

func TestNth(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	for range 200 {
		s := &scratch{}
		m := 1 + r.IntN(300)
		s.acc = make([][nFields + 1]float32, m)
		for d := range m {
			s.acc[d][nFields] = float32(r.IntN(40)) // many ties
			s.touched = append(s.touched, uint32(d))
		}
		n := 1 + r.IntN(m)
		all := make([]float64, m)
		for d := range m {
			all[d] = float64(s.acc[d][nFields])
		}
		slices.Sort(all)
		if got, want := s.nth(n), all[m-n]; got != want {
			t.Fatalf("nth(%d) of %d = %v, want %v", n, m, got, want)
		}
	}
}
