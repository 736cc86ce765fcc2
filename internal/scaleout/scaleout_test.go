// Package scaleout_test runs factdesk as a cluster (one serve, two workers,
// PostgreSQL and an external NATS) and checks that a worker's SIGKILL loses
// and duplicates nothing.
package scaleout_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/bus"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

const (
	totalPosts = 50_000
	pushChunk  = 250
	pushers    = 4
)

func TestScaleOutSIGKILLWorker(t *testing.T) {
	natsURL := os.Getenv("FACTDESK_TEST_NATS")
	if natsURL == "" || os.Getenv(storetest.PostgresEnv) == "" {
		t.Skip("scale-out test skipped: set FACTDESK_TEST_POSTGRES and FACTDESK_TEST_NATS to run it")
	}
	dbURL := storetest.FreshPostgresURL(t)
	dir := t.TempDir()
	c := &cluster{t: t, bin: buildBinary(t, dir), dir: dir}
	ns := make([]byte, 6)
	_, _ = rand.Read(ns)
	namespace := "scaleout_" + hex.EncodeToString(ns)
	c.env = append(os.Environ(), "FACTDESK_DB="+dbURL, "FACTDESK_NATS="+natsURL,
		"FACTDESK_NATS_NAMESPACE="+namespace, "FACTDESK_DATA="+dir+"/data",
		"FACTDESK_ADDR=127.0.0.1:0", "FACTDESK_LOG_LEVEL=info")
	ctx := t.Context()
	defer dropStreams(t, natsURL, namespace)
	defer c.shutdown()

	serve := c.start("serve", "serve")
	c.run([]string{"unit", "add", "--name", "Test province", "--level", "province"}, "")
	c.run([]string{"user", "add", "--email", "push@example.org", "--name", "Pusher", "--role", "admin", "--password-stdin"}, "a long test password\n")
	token := c.run([]string{"token", "create", "--user", "push@example.org"}, "")
	workers := []*proc{c.start("worker-a", "worker"), c.start("worker-b", "worker")}

	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	count := func(q string) (int, error) {
		var n int
		err := db.QueryRowContext(ctx, q).Scan(&n)
		return n, err
	}

	data := generate(time.Now())
	began := time.Now()
	pushErr := make(chan error, 1)
	go func() { pushErr <- push(ctx, serve.url, token, data.posts) }()

	// Half way, SIGKILL the worker running the stages (the harder case:
	// the other must take the lease over) and start it again.
	if err := waitUntil(ctx, 5*time.Minute, func() (bool, error) {
		n, err := count("SELECT count(*) FROM posts")
		return n >= totalPosts/2, err
	}); err != nil {
		t.Fatalf("half the posts stored: %v", err)
	}
	victim := 0
	for i, w := range workers {
		if w.logHas("lease acquired", "lease=stages") {
			victim = i
		}
	}
	n, _ := count("SELECT count(*) FROM posts")
	t.Logf("SIGKILL %s (stages leader) with %d posts stored", workers[victim].name, n)
	workers[victim].kill()
	workers[victim] = c.start(workers[victim].name+"-restarted", "worker")

	select {
	case err := <-pushErr:
		if err != nil {
			t.Fatalf("push: %v", err)
		}
	case <-time.After(10 * time.Minute):
		t.Fatal("pushing did not finish within 10 minutes")
	}
	t.Logf("pushed %d posts in %s", totalPosts, time.Since(began).Round(time.Second))
	if err := waitUntil(ctx, 3*time.Minute, func() (bool, error) {
		n, err := count("SELECT count(*) FROM posts p WHERE NOT EXISTS (SELECT 1 FROM post_stories s WHERE s.post_id = p.id)")
		return n == 0, err
	}); err != nil {
		t.Fatalf("every post placed in a story: %v", err)
	}
	t.Logf("every post in a story %s after the first push", time.Since(began).Round(time.Second))
	if n, err := count("SELECT count(*) FROM posts"); err != nil || n != totalPosts {
		t.Fatalf("posts stored: %d (%v), want exactly %d", n, err, totalPosts)
	}
	if n, err := count("SELECT count(DISTINCT external_id) FROM posts"); err != nil || n != totalPosts {
		t.Fatalf("distinct posts stored: %d (%v), want %d", n, err, totalPosts)
	}

	// Every burst raises its alert, once.
	err = waitUntil(ctx, 3*time.Minute, func() (bool, error) {
		missing, err := data.missingAlerts(ctx, db)
		return len(missing) == 0, err
	})
	if err != nil {
		missing, _ := data.missingAlerts(ctx, db)
		t.Fatalf("alerts for bursts %v: %v\n%s", missing, err, data.describe(ctx, db))
	}
	n, _ = count("SELECT count(*) FROM alerts")
	t.Logf("every burst alerted %s after the first push; %d alerts in all", time.Since(began).Round(time.Second), n)
	if n, err := count("SELECT count(*) FROM (SELECT 1 FROM alerts GROUP BY kind, key, bucket_start HAVING count(*) > 1) d"); err != nil || n != 0 {
		t.Fatalf("%d (kind, key, bucket) repeated (%v)", n, err)
	}
	if err := data.oncePerBurst(ctx, db); err != nil {
		t.Fatal(err)
	}
	if !workers[victim].logHas("lease acquired", "lease=stages") && !workers[1-victim].logHas("lease acquired", "lease=stages") {
		t.Fatal("no worker took the stages lease over after the SIGKILL")
	}
}

// push sends the posts, in order, in chunks from several pushers at once,
// retrying a chunk that fails (a retry stores nothing twice).
func push(ctx context.Context, base, token string, posts []record) error {
	chunks := make(chan []record)
	errs := make(chan error, pushers)
	var wg sync.WaitGroup
	for range pushers {
		wg.Go(func() {
			for ch := range chunks {
				if err := pushChunkRetry(ctx, base, token, ch); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	for i := 0; i < len(posts); i += pushChunk {
		select {
		case chunks <- posts[i:min(i+pushChunk, len(posts))]:
		case err := <-errs:
			close(chunks)
			wg.Wait()
			return err
		}
	}
	close(chunks)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}

func pushChunkRetry(ctx context.Context, base, token string, recs []record) error {
	var body bytes.Buffer
	enc := json.NewEncoder(&body)
	for _, r := range recs {
		_ = enc.Encode(r)
	}
	var last error
	for attempt := 0; attempt < 5; attempt++ {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/intake?source=scaleout", bytes.NewReader(body.Bytes()))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/x-ndjson")
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			msg, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				var sum struct {
					Rejected int `json:"rejected"`
				}
				if err := json.Unmarshal(msg, &sum); err != nil || sum.Rejected != 0 {
					return fmt.Errorf("push answered %s", msg)
				}
				return nil
			}
			err = fmt.Errorf("status %d: %s", resp.StatusCode, strings.TrimSpace(string(msg)))
		}
		last = err
		time.Sleep(time.Second)
	}
	return fmt.Errorf("push %d posts: %w", len(recs), last)
}

// dropStreams deletes the test's streams from the shared NATS server.
func dropStreams(t *testing.T, url, namespace string) {
	ctx := context.Background()
	b, err := bus.Open(ctx, bus.Options{URL: url, Namespace: namespace})
	if err != nil {
		t.Errorf("drop the test streams: %v", err)
		return
	}
	defer b.Close()
	for _, name := range []string{b.IntakeStream(), b.StoredStream()} {
		if err := b.JS.DeleteStream(ctx, name); err != nil {
			t.Errorf("drop stream %s: %v", name, err)
		}
	}
}
