package match

import (
	"cmp"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// row is one (query, candidate) pair for fitting.
type row struct {
	x   [nFeatures]float64
	id  int64
	rel bool
}

// queryRows are the candidates of one query and its number of relevant claims.
type queryRows struct {
	rows []row
	nrel int
}

// candidateRows returns the re-ranking features of every candidate of
// every query, labelled from the qrels.
func candidateRows(ix *Index, qs []Query, qr Qrels) []queryRows {
	var out []queryRows
	for _, q := range qs {
		a := analyze(q.Text, "en")
		ix.mu.RLock()
		qq := ix.lookup(a)
		qq.setDate(a, zeroTime)
		cands := ix.retrieve(qq, ix.cfg.Candidates)
		qrows := queryRows{nrel: len(qr[q.ID])}
		for i, c := range cands {
			x := ix.features(qq, c, cands[0].total, i, zeroTime)
			qrows.rows = append(qrows.rows, row{x, c.id, qr[q.ID][strconv.FormatInt(c.id, 10)]})
		}
		ix.mu.RUnlock()
		out = append(out, qrows)
	}
	return out
}

// map5 is the MAP@5 of ranking the rows by w.
func map5(qs []queryRows, w *[nFeatures]float64) float64 {
	var total float64
	type sc struct {
		z   float64
		id  int64
		rel bool
	}
	buf := make([]sc, 0, 64)
	for _, q := range qs {
		buf = buf[:0]
		for _, r := range q.rows {
			var z float64
			for i := range r.x {
				z += w[i] * r.x[i]
			}
			buf = append(buf, sc{z, r.id, r.rel})
		}
		slices.SortFunc(buf, func(a, b sc) int {
			if c := cmp.Compare(b.z, a.z); c != 0 {
				return c
			}
			return cmp.Compare(a.id, b.id)
		})
		hits, sum := 0, 0.0
		for i := 0; i < len(buf) && i < 5; i++ {
			if buf[i].rel {
				hits++
				sum += float64(hits) / float64(i+1)
			}
		}
		if q.nrel > 0 {
			total += sum / float64(q.nrel)
		}
	}
	return total / float64(len(qs))
}

// learnable lists the features whose weights are fitted on CheckThat!.
var learnable = []int{xRel, xNorm, xCovText, xCovTitle, xCovPost, xBigram, xNumShared, xNumMissing, xEntity, xFirst, xYear, xMonth, xRank}

// ascend is coordinate ascent on MAP@5.
func ascend(qs []queryRows, w [nFeatures]float64) [nFeatures]float64 {
	best := map5(qs, &w)
	for range 4 {
		for _, i := range learnable {
			for _, d := range []float64{-2, -1, -0.5, -0.25, 0.25, 0.5, 1, 2} {
				v := w
				v[i] = math.Max(-10, math.Min(10, w[i]+d))
				if m := map5(qs, &v); m > best+1e-9 {
					best, w = m, v
				}
			}
		}
	}
	return w
}

// platt fits p = sigmoid(a·z + b) on the rows by gradient descent and
// folds a and b into the weights (every weight is scaled by a, the bias
// also shifted by b), so that the score is a calibrated probability.
func platt(qs []queryRows, w [nFeatures]float64) [nFeatures]float64 {
	a, b := 1.0, 0.0
	for range 2000 {
		var ga, gb float64
		n := 0
		for _, q := range qs {
			for _, r := range q.rows {
				var z float64
				for i := range r.x {
					z += w[i] * r.x[i]
				}
				p := 1 / (1 + math.Exp(-(a*z + b)))
				y := 0.0
				if r.rel {
					y = 1
				}
				ga += (p - y) * z
				gb += p - y
				n++
			}
		}
		a -= 0.05 * ga / float64(n)
		b -= 0.5 * gb / float64(n)
	}
	for i := range w {
		w[i] *= a
	}
	w[xBias] += b
	return w
}

// TestFitWeights fits the re-ranker on the train split and prints the
// weights to paste into model.go. Run with FACTDESK_FIT=1.
func TestFitWeights(t *testing.T) {
	dir := checkThat(t)
	if os.Getenv("FACTDESK_FIT") == "" {
		t.Skip("set FACTDESK_FIT=1 to refit the re-ranking weights on the train split")
	}
	ix := checkThatIndex(t, dir)
	qs, qr := readSplit(t, dir, "train")
	rows := candidateRows(ix, qs, qr)
	t.Logf("start: train MAP@5 %.4f", map5(rows, &weights))
	w := ascend(rows, weights)
	t.Logf("ascended: train MAP@5 %.4f", map5(rows, &w))
	w = platt(rows, w)
	var b strings.Builder
	for i, v := range w {
		fmt.Fprintf(&b, "%d: %.3f, ", i, v)
	}
	t.Log(b.String())
	for _, split := range []string{"train", "dev"} {
		qs, qr := readSplit(t, dir, split)
		ix.w = &w
		s := Evaluate(runSplit(ix, qs), qr)
		t.Logf("fitted, %s: MAP@5 %.4f MAP@1 %.4f", split, s.MAP5, s.MAP1)
	}
}
