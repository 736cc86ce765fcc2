package crashtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestCrashServeIntake pushes posts to /api/v1/intake of `factdesk serve`
// while SIGKILLing and restarting it at random moments (seeded). A client
// resends a batch that got no answer, as the API asks. At the end every post
// of an answered batch (HTTP 200) is stored exactly once, and the store
// passes factdesk check.
func TestCrashServeIntake(t *testing.T) {
	requireCrash(t)
	kills := envInt(t, "FACTDESK_TEST_CRASH_SERVE_KILLS", 6)
	seed := envInt(t, "FACTDESK_TEST_CRASH_SEED", 10)
	rng := rand.New(rand.NewPCG(uint64(seed), 7))
	began := time.Now()
	data := filepath.Join(t.TempDir(), "data")
	factdesk(t, "", "--data", data, "unit", "add", "--name", "Thành phố Đà Nẵng", "--level", "city")
	factdesk(t, "crash test password\n", "--data", data, "user", "add", "--email", "push@example.org", "--name", "Pusher", "--role", "analyst", "--password-stdin")
	token := strings.TrimSpace(factdesk(t, "", "--data", data, "token", "create", "--user", "push@example.org"))
	addr := freeAddr(t)
	serve := func() *proc {
		p := start(t, "--data", data, "--addr", addr, "--log-level", "warn", "serve")
		waitReady(t, p, "http://"+addr+"/readyz")
		return p
	}
	srv := serve()

	ctx, stop := context.WithCancel(context.Background())
	pu := &pusher{url: "http://" + addr + "/api/v1/intake?source=crash-push", token: token, accepted: map[string]int{}}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); pu.run(ctx) }()
	for k := 0; k < kills; k++ {
		time.Sleep(time.Duration(500+rng.IntN(4000)) * time.Millisecond)
		if !srv.kill() {
			t.Fatalf("kill %d: serve was not killed by SIGKILL: %v %s", k+1, srv.err, tail(srv.stderr.String(), 2000))
		}
		t.Logf("kill %d: %d posts accepted so far, %d requests failed", k+1, pu.count(), pu.failures())
		srv = serve()
	}
	time.Sleep(2 * time.Second)
	stop()
	wg.Wait()
	if pu.problem != "" {
		t.Fatal(pu.problem)
	}
	if pu.count() == 0 {
		t.Fatal("no batch was accepted")
	}

	// Accepted posts are written, or waiting in the queue on disk: all of
	// them must be stored once the restarted server has drained it.
	c := newCounter(t, data)
	deadline := time.Now().Add(5 * time.Minute)
	var stored int64
	for time.Now().Before(deadline) {
		stored = c.int("SELECT COUNT(*) FROM posts p JOIN sources s ON s.id = p.source_id WHERE s.name = 'crash-push'")
		if stored >= int64(pu.count()) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	_ = srv.cmd.Process.Signal(syscall.SIGTERM)
	if err, exited := srv.wait(time.Minute); !exited || err != nil {
		t.Errorf("serve did not stop cleanly on SIGTERM: exited %v, %v", exited, err)
	}
	missing := 0
	for id := range pu.accepted {
		if c.int("SELECT COUNT(*) FROM posts p JOIN sources s ON s.id = p.source_id WHERE s.name = 'crash-push' AND p.external_id = ?", id) != 1 {
			missing++
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d accepted posts are not stored exactly once", missing, pu.count())
	}
	t.Logf("%d kills; %d posts accepted, %d stored (posts of unanswered requests may land too); %d requests failed and were resent; %s",
		kills, pu.count(), stored, pu.failures(), time.Since(began).Round(time.Second))
	checkStore(t, data, -1)
}

// pusher sends batches of posts; a batch without an answer is sent again.
type pusher struct {
	url, token string
	mu         sync.Mutex
	accepted   map[string]int // external id -> times answered
	failed     int
	problem    string
}

func (p *pusher) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.accepted)
}

func (p *pusher) failures() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.failed
}

func (p *pusher) run(ctx context.Context) {
	client := &http.Client{Timeout: 60 * time.Second}
	for b := 0; ctx.Err() == nil; {
		ids, body := batch(b, 50)
		ok, problem := p.send(ctx, client, ids, body)
		if problem != "" {
			p.mu.Lock()
			p.problem = problem
			p.mu.Unlock()
			return
		}
		if ok {
			b++
			continue
		}
		p.mu.Lock()
		p.failed++
		p.mu.Unlock()
		time.Sleep(100 * time.Millisecond) // the server restarts; then resend
	}
}

// send posts one batch: ok when answered 200 with every post stored.
func (p *pusher) send(ctx context.Context, client *http.Client, ids []string, body []byte) (ok bool, problem string) {
	req, err := http.NewRequestWithContext(context.WithoutCancel(ctx), http.MethodPost, p.url, bytes.NewReader(body))
	if err != nil {
		return false, err.Error()
	}
	req.Header.Set("Authorization", "Bearer "+p.token)
	req.Header.Set("Content-Type", "application/x-ndjson")
	resp, err := client.Do(req)
	if err != nil {
		return false, ""
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return false, ""
	}
	var out struct {
		Results []struct {
			Index  int    `json:"index"`
			Status string `json:"status"`
			Reason string `json:"reason"`
		} `json:"results"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return false, "" // cut off mid-answer: not an answer
	}
	if len(out.Results) != len(ids) {
		return false, fmt.Sprintf("intake answered %d results for %d posts", len(out.Results), len(ids))
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, r := range out.Results {
		if r.Status != "imported" && r.Status != "duplicate" && r.Status != "updated" {
			return false, fmt.Sprintf("post %s: status %q (%s)", ids[i], r.Status, r.Reason)
		}
		p.accepted[ids[i]]++
	}
	return true, ""
}

var words = strings.Fields("mưa lớn ngập đường Đà Nẵng sơ tán dân bão số ba đê vỡ tin đồn sai sự thật điện lực cắt nước sạch bệnh viện tiêm vắc xin trường học nghỉ")

// batch makes n posts numbered by batch b, as NDJSON.
func batch(b, n int) ([]string, []byte) {
	var buf bytes.Buffer
	ids := make([]string, n)
	enc := json.NewEncoder(&buf)
	for i := range ids {
		ids[i] = fmt.Sprintf("push-%d-%d", b, i)
		r := rand.New(rand.NewPCG(uint64(b), uint64(i)))
		text := make([]string, 12)
		for j := range text {
			text[j] = words[r.IntN(len(words))]
		}
		_ = enc.Encode(map[string]any{
			"id": ids[i], "text": fmt.Sprintf("%s (%d/%d)", strings.Join(text, " "), b, i),
			"published_at": time.Date(2026, 11, 28, 8, 0, 0, 0, time.UTC).Add(time.Duration(b) * time.Second).Format(time.RFC3339),
		})
	}
	return ids, buf.Bytes()
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// waitReady waits for the server to answer its readiness probe.
func waitReady(t *testing.T, p *proc, url string) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if err, exited := p.wait(200 * time.Millisecond); exited {
			t.Fatalf("serve exited while starting: %v\n%s", err, tail(p.stderr.String(), 3000))
		}
	}
	t.Fatalf("serve not ready after 3 minutes:\n%s", tail(p.stderr.String(), 3000))
}
