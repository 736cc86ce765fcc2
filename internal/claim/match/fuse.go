package match

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
)

// vectors keeps the claims' embeddings by claim id; a claim's vector is
// forgotten when the claim changes or goes.
type vectors struct {
	mu       sync.Mutex
	byID     map[int64][]float32
	failures atomic.Int64 // calls to the endpoint that failed
}

func (v *vectors) get(id int64) ([]float32, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	vec, ok := v.byID[id]
	return vec, ok
}

func (v *vectors) put(id int64, vec []float32) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.byID == nil {
		v.byID = map[int64][]float32{}
	}
	v.byID[id] = vec
}

func (v *vectors) forget(id int64) {
	v.mu.Lock()
	defer v.mu.Unlock()
	delete(v.byID, id)
}

// EmbeddingFailures returns how many calls to the embeddings endpoint have
// failed (matching then fell back to the lexical scores).
func (ix *Index) EmbeddingFailures() int64 { return ix.vecs.failures.Load() }

// fuse re-scores the candidates with the cosine similarity of their
// embeddings to the post's, in one call for the post and the claims whose
// vectors are not kept yet, and re-sorts them. On failure the lexical
// scores stand.
func (ix *Index) fuse(post string, all []ranked) {
	texts := []string{post}
	var missing []int
	vecs := make([][]float32, len(all))
	for i := range all {
		if v, ok := ix.vecs.get(all[i].ClaimID); ok {
			vecs[i] = v
			continue
		}
		missing = append(missing, i)
		texts = append(texts, all[i].text)
	}
	ctx, cancel := context.WithTimeout(context.Background(), embedTimeout)
	defer cancel()
	got, err := ix.cfg.Embedder.Embed(ctx, texts)
	if err != nil || len(got) != len(texts) {
		ix.vecs.failures.Add(1)
		return
	}
	for k, i := range missing {
		vecs[i] = got[k+1]
		ix.vecs.put(all[i].ClaimID, got[k+1])
	}
	for i := range all {
		sim := cosine(got[0], vecs[i])
		all[i].z += ix.cfg.EmbeddingWeight * (sim - ix.cfg.EmbeddingCenter)
		// A paraphrase shares few words: close meaning is support too.
		all[i].Score = sigmoid(all[i].z) * max(all[i].sup, clamp01((sim-0.6)/0.2))
		all[i].Reasons = append(all[i].Reasons, fmt.Sprintf("meaning similarity %.2f (embeddings)", sim))
	}
	slices.SortStableFunc(all, func(a, b ranked) int {
		if c := cmp.Compare(b.z, a.z); c != 0 {
			return c
		}
		return cmp.Compare(a.ClaimID, b.ClaimID)
	})
}
