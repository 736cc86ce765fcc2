package match

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Embedder turns texts into vectors of one space, in order. Semantic
// matching is optional: without an Embedder the index is purely lexical.
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
}

// HTTPEmbedder calls an OpenAI-compatible embeddings endpoint (POST
// {"model", "input": [...]} answered by {"data": [{"index", "embedding"}]}),
// such as OpenAI's, a local Ollama's or a llama.cpp server's.
type HTTPEmbedder struct {
	URL    string // the endpoint, e.g. http://127.0.0.1:11434/v1/embeddings
	Model  string
	Client *http.Client
}

// embedTimeout bounds one call to the embeddings endpoint.
const embedTimeout = 5 * time.Second

// NewHTTPEmbedder returns an embedder for the endpoint at raw: a full
// ".../embeddings" URL, or a base URL to which "/v1/embeddings" is added
// ("http://127.0.0.1:11434" and "http://127.0.0.1:11434/v1" both work).
func NewHTTPEmbedder(raw, model string) (*HTTPEmbedder, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("embeddings URL %q: want an http or https URL such as http://127.0.0.1:11434/v1/embeddings", raw)
	}
	p := strings.TrimSuffix(u.Path, "/")
	switch {
	case strings.HasSuffix(p, "/embeddings"):
	case strings.HasSuffix(p, "/v1"):
		p += "/embeddings"
	default:
		p += "/v1/embeddings"
	}
	u.Path = p
	if model == "" {
		return nil, errors.New("embeddings: a model name is required (e.g. nomic-embed-text)")
	}
	return &HTTPEmbedder{URL: u.String(), Model: model, Client: &http.Client{Timeout: embedTimeout}}, nil
}

// Embed implements [Embedder].
func (e *HTTPEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	body, err := json.Marshal(map[string]any{"model": e.Model, "input": texts})
	if err != nil {
		return nil, fmt.Errorf("embeddings: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.URL, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("embeddings: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := e.Client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("embeddings: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("embeddings: read the answer: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("embeddings: %s answered %s: %.200s", e.URL, resp.Status, raw)
	}
	var out struct {
		Data []struct {
			Index     int       `json:"index"`
			Embedding []float32 `json:"embedding"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("embeddings: %s: not an embeddings answer: %w", e.URL, err)
	}
	vecs := make([][]float32, len(texts))
	for _, d := range out.Data {
		if d.Index < 0 || d.Index >= len(texts) || len(d.Embedding) == 0 {
			return nil, fmt.Errorf("embeddings: %s: answer has a bad item (index %d of %d texts, %d dimensions)", e.URL, d.Index, len(texts), len(d.Embedding))
		}
		vecs[d.Index] = d.Embedding
	}
	for i, v := range vecs {
		if v == nil {
			return nil, fmt.Errorf("embeddings: %s: no vector for text %d of %d", e.URL, i+1, len(texts))
		}
	}
	return vecs, nil
}

// cosine is the cosine similarity of a and b (0 when their sizes differ
// or either is zero).
func cosine(a, b []float32) float64 {
	if len(a) != len(b) {
		return 0
	}
	var ab, aa, bb float64
	for i := range a {
		ab += float64(a[i]) * float64(b[i])
		aa += float64(a[i]) * float64(a[i])
		bb += float64(b[i]) * float64(b[i])
	}
	if aa == 0 || bb == 0 {
		return 0
	}
	return ab / math.Sqrt(aa*bb)
}
