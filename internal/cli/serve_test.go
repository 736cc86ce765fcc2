package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
)

// lockedBuffer is a bytes.Buffer that a running command writes while the
// test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// embeddingsServer is an OpenAI-compatible embeddings endpoint for model
// that counts its calls and embeds each text with vec.
func embeddingsServer(t *testing.T, model string, calls *atomic.Int64, vec func(text string) []float32) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Model string   `json:"model"`
			Input []string `json:"input"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || r.URL.Path != "/v1/embeddings" || req.Model != model {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		calls.Add(1)
		type item struct {
			Index     int       `json:"index"`
			Embedding []float32 `json:"embedding"`
		}
		var out struct {
			Data []item `json:"data"`
		}
		for i, s := range req.Input {
			out.Data = append(out.Data, item{i, vec(s)})
		}
		_ = json.NewEncoder(w).Encode(out)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestServeEmbeddingsFlags runs `factdesk serve --embeddings-url`: a post
// pushed through the running pipeline is matched with the endpoint, and
// the API's search hit shows the claim with the embeddings' reason.
func TestServeEmbeddingsFlags(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the whole application")
	}
	if _, errs, code := runCLI(t, "--data", t.TempDir(), "serve", "--embeddings-url", "localhost:11434"); code != 2 || !strings.Contains(errs, "--embeddings-url") {
		t.Fatalf("a bad URL: exit %d, %q; want a usage error naming the flag", code, errs)
	}

	var calls atomic.Int64
	emb := embeddingsServer(t, "mini", &calls, func(string) []float32 { return []float32{1, 0.2} })
	dir := t.TempDir()
	claims := filepath.Join(dir, "claims.jsonl")
	if err := os.WriteFile(claims, []byte(`{"text": "Tiêm vắc xin COVID-19 gây vô sinh ở phụ nữ", "verdict": "false", "lang": "vi", "review_url": "https://kiemchung.example.vn/vo-sinh"}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"claims", "import", claims}, {"unit", "add", "--name", "Tòa soạn"}} {
		if _, errs, code := runCLI(t, append([]string{"--data", dir}, args...)...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
	}
	if _, errs, code := runCLIStdin(t, []string{"--data", dir, "user", "add", "--email", "an@example.vn", "--name", "An", "--role", "analyst", "--password-stdin"}, "mật khẩu đủ dài 123\n"); code != 0 {
		t.Fatalf("user add: exit %d: %s", code, errs)
	}
	out, errs, code := runCLI(t, "--data", dir, "token", "create", "--user", "an@example.vn", "--json")
	var tok struct{ Token string }
	if code != 0 || json.Unmarshal([]byte(out), &tok) != nil || tok.Token == "" {
		t.Fatalf("token create: exit %d: %s %s", code, out, errs)
	}

	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := &lockedBuffer{}, &lockedBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, []string{"factdesk", "--data", dir, "--addr", "127.0.0.1:0", "serve", "--embeddings-url", emb.URL, "--embeddings-model", "mini"},
			Env{Stdin: strings.NewReader(""), Stdout: stdout, Stderr: stderr, Clock: clock.Real{}})
	}()
	defer func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited %d: %s", code, stderr.String())
		}
	}()
	base := waitForServe(t, stdout, stderr)
	if !strings.Contains(stderr.String(), "semantic=\"mini at "+emb.URL) {
		t.Errorf("the log does not say semantic matching is on:\n%s", stderr.String())
	}
	before := calls.Load()
	call(t, http.MethodPost, base+"/api/v1/intake?source=push", tok.Token,
		`{"id": "p1", "text": "Cảnh báo: tiêm vắc xin COVID gây vô sinh ở phụ nữ, chia sẻ ngay!", "lang": "vi", "published_at": "2026-11-01T08:00:00Z"}`+"\n")
	if calls.Load() == before {
		t.Fatal("the pipeline matched the pushed post without calling the embeddings endpoint")
	}
	body := call(t, http.MethodGet, base+"/api/v1/search?"+url.Values{"q": {"vô sinh"}}.Encode(), tok.Token, "")
	var res struct {
		Hits []struct {
			Claim *struct {
				Verdict string   `json:"verdict"`
				Reasons []string `json:"reasons"`
			} `json:"suggested_claim"`
		} `json:"hits"`
	}
	if err := json.Unmarshal([]byte(body), &res); err != nil || len(res.Hits) != 1 || res.Hits[0].Claim == nil {
		t.Fatalf("search: %v %s", err, body)
	}
	if c := res.Hits[0].Claim; c.Verdict != "false" || !strings.Contains(strings.Join(c.Reasons, "; "), "(embeddings)") {
		t.Errorf("suggested claim %+v: want the false claim matched with the embeddings", c)
	}
}

// waitForServe waits for serve's "running at" line and returns its URL.
func waitForServe(t *testing.T, stdout, stderr *lockedBuffer) string {
	t.Helper()
	running := regexp.MustCompile(`running at (http://[^/\s]+)/`)
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := running.FindStringSubmatch(stdout.String()); m != nil {
			return m[1]
		}
	}
	t.Fatalf("serve did not start:\n%s\n%s", stdout.String(), stderr.String())
	return ""
}

// call sends a request with a bearer token and returns the body of a 200.
func call(t *testing.T, method, u, token, body string) string {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/x-ndjson")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: %d %s", method, u, resp.StatusCode, b)
	}
	return string(b)
}
