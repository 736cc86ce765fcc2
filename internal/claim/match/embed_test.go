package match

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/factdesk/factdesk/internal/claim"
)

// conceptServer is an OpenAI-compatible embeddings endpoint whose vectors
// count words by concept, so that words of one concept ("wig", "toupee",
// "bald") are close in meaning without sharing letters.
type conceptServer struct {
	mu     sync.Mutex
	texts  int // texts embedded so far
	fail   bool
	models []string
}

var concepts = [][]string{{"wig", "toupee", "bald", "hair"}, {"vaccine", "vaccination", "shot"}, {"flood", "rain", "storm"}}

func (s *conceptServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Model string   `json:"model"`
		Input []string `json:"input"`
	}
	if r.Method != http.MethodPost || r.URL.Path != "/v1/embeddings" || json.NewDecoder(r.Body).Decode(&req) != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	fail := s.fail
	s.texts += len(req.Input)
	s.models = append(s.models, req.Model)
	s.mu.Unlock()
	if fail {
		http.Error(w, "model not loaded", http.StatusServiceUnavailable)
		return
	}
	type item struct {
		Index     int       `json:"index"`
		Embedding []float32 `json:"embedding"`
	}
	var out struct {
		Data []item `json:"data"`
	}
	for i := len(req.Input) - 1; i >= 0; i-- { // answer out of order: the index field decides
		v := make([]float32, len(concepts)+1)
		v[len(concepts)] = 0.1
		for _, word := range strings.Fields(strings.ToLower(req.Input[i])) {
			for c, ws := range concepts {
				for _, x := range ws {
					if strings.Trim(word, ".,!?") == x {
						v[c]++
					}
				}
			}
		}
		out.Data = append(out.Data, item{i, v})
	}
	_ = json.NewEncoder(w).Encode(out)
}

func TestEmbeddingsReorderLexicalTies(t *testing.T) {
	srv := &conceptServer{}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	emb, err := NewHTTPEmbedder(ts.URL, "concepts")
	if err != nil {
		t.Fatal(err)
	}
	claims := []claim.Claim{
		{ID: 1, Text: "President seen in video during storm at the rally.", Lang: "en"},
		{ID: 2, Text: "President seen in video without his toupee at the rally.", Lang: "en"},
	}
	post := "President seen in video at the rally, he forgot his wig"
	lexical, semantic := New(Config{}), New(Config{Embedder: emb})
	for _, c := range claims {
		lexical.Upsert(c)
		semantic.Upsert(c)
	}
	lr := lexical.Match(post, Options{K: 2})
	if len(lr) != 2 || lr[0].ClaimID != 1 {
		t.Fatalf("lexical ranking %+v: want the tie broken by id, claim 1 first", lr)
	}
	sr := semantic.Match(post, Options{K: 2})
	if len(sr) != 2 || sr[0].ClaimID != 2 || sr[0].Score <= lr[1].Score {
		t.Fatalf("with embeddings %+v: want the toupee claim first, scored above its lexical score", sr)
	}
	if !strings.Contains(strings.Join(sr[0].Reasons, "; "), "meaning similarity") {
		t.Errorf("reasons %v do not mention the embeddings", sr[0].Reasons)
	}
	if srv.texts != 3 || srv.models[0] != "concepts" {
		t.Errorf("embedded %d texts with models %v, want the post and 2 claims with model concepts", srv.texts, srv.models)
	}
	semantic.Match(post, Options{K: 2})
	if srv.texts != 4 {
		t.Errorf("%d texts embedded after a second match, want only the post again (claims' vectors kept)", srv.texts)
	}
	semantic.Upsert(claim.Claim{ID: 2, Text: "President seen in video with his toupee at the rally.", Lang: "en"})
	semantic.Match(post, Options{K: 2})
	if srv.texts != 6 {
		t.Errorf("%d texts embedded after an edit, want the edited claim embedded again", srv.texts)
	}

	srv.mu.Lock()
	srv.fail = true
	srv.mu.Unlock()
	fr := semantic.Match(post, Options{K: 2})
	if len(fr) != 2 || fr[0].ClaimID != 1 || fr[0].Score != lr[0].Score || semantic.EmbeddingFailures() != 1 {
		t.Errorf("endpoint down: %+v, %d failures; want the lexical ranking and one failure counted", fr, semantic.EmbeddingFailures())
	}
}

func TestNewHTTPEmbedderURLs(t *testing.T) {
	for in, want := range map[string]string{
		"http://127.0.0.1:11434":                   "http://127.0.0.1:11434/v1/embeddings",
		"http://127.0.0.1:11434/v1/":               "http://127.0.0.1:11434/v1/embeddings",
		"https://api.example/v1/embeddings":        "https://api.example/v1/embeddings",
		"http://gpu.lan:8080/openai/v1/embeddings": "http://gpu.lan:8080/openai/v1/embeddings",
	} {
		e, err := NewHTTPEmbedder(in, "m")
		if err != nil || e.URL != want {
			t.Errorf("%s: %v %v, want %s", in, e, err, want)
		}
	}
	for _, bad := range []string{"", "ftp://x/v1", "127.0.0.1:11434", "http:///v1"} {
		if _, err := NewHTTPEmbedder(bad, "m"); err == nil || !strings.Contains(err.Error(), "http or https URL") {
			t.Errorf("%q: error %v, want one asking for an http URL", bad, err)
		}
	}
	if _, err := NewHTTPEmbedder("http://127.0.0.1:11434", ""); err == nil {
		t.Error("no model accepted")
	}
}

func TestHTTPEmbedderRejectsBadAnswers(t *testing.T) {
	for name, body := range map[string]string{
		"not json":      "<html>",
		"missing item":  `{"data":[{"index":0,"embedding":[1,2]}]}`,
		"index too big": `{"data":[{"index":5,"embedding":[1]},{"index":0,"embedding":[1]}]}`,
	} {
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(body)) }))
		e, _ := NewHTTPEmbedder(ts.URL, "m")
		if _, err := e.Embed(t.Context(), []string{"a", "b"}); err == nil {
			t.Errorf("%s: no error", name)
		}
		ts.Close()
	}
}
