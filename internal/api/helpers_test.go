package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/intake"
	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
	"github.com/factdesk/factdesk/internal/store/storetest"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// hdrRequestID stands in for the application's request-id middleware.
const hdrRequestID = "X-Test-Request-ID"

// storeSubmitter writes posts straight to the store, standing in for the
// pipeline (which has its own tests; one API test runs the real one).
type storeSubmitter struct{ db *store.DB }

func (s storeSubmitter) Submit(ctx context.Context, posts []post.Post, progress func(int)) (intake.Summary, error) {
	res, err := s.db.UpsertPosts(ctx, posts)
	if err != nil {
		return intake.Summary{}, err
	}
	var sum intake.Summary
	for i, r := range res {
		o := intake.Outcome{Seq: i, Status: string(r.Status), ID: r.ID}
		sum.Outcomes = append(sum.Outcomes, o)
		sum.Add(o)
	}
	return sum, nil
}

// lockedBuffer collects log output from concurrent handlers.
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

// testEnv is the API on a real HTTP server over a real SQLite store.
type testEnv struct {
	t     *testing.T
	db    *store.DB
	clock *clock.Fake
	srv   *httptest.Server
	logs  *lockedBuffer
}

func newEnv(t *testing.T, change ...func(*Deps)) *testEnv {
	t.Helper()
	c := clock.NewFake(t0)
	db := storetest.OpenSQLite(t, c)
	e := &testEnv{t: t, db: db, clock: c, logs: &lockedBuffer{}}
	d := Deps{
		Store:     db,
		Submitter: storeSubmitter{db},
		Clock:     c,
		Logger:    slog.New(slog.NewJSONHandler(e.logs, nil)),
		RequestID: func(r *http.Request) string { return r.Header.Get(hdrRequestID) },
	}
	for _, fn := range change {
		fn(&d)
	}
	h, err := New(d)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(h)
	t.Cleanup(e.srv.Close)
	return e
}

// unit creates a unit under parent (0 for a root).
func (e *testEnv) unit(name string, parent int64) int64 {
	e.t.Helper()
	u, err := e.db.CreateUnit(context.Background(), "test", auth.Unit{Name: name, ParentID: parent})
	if err != nil {
		e.t.Fatal(err)
	}
	return u.ID
}

// token creates a user with role in unit (no membership when unit is 0)
// and returns an API token for them.
func (e *testEnv) token(email string, role auth.Role, unit int64) string {
	e.t.Helper()
	ctx := context.Background()
	var m *auth.Membership
	if unit != 0 {
		m = &auth.Membership{UnitID: unit, Role: role}
	}
	u, err := e.db.CreateUser(ctx, "test", auth.User{Email: email, Name: strings.Split(email, "@")[0], PasswordHash: "not-a-real-hash"}, m)
	if err != nil {
		e.t.Fatal(err)
	}
	_, secret, err := e.db.CreateToken(ctx, "test", u.ID, "test", time.Time{})
	if err != nil {
		e.t.Fatal(err)
	}
	return secret
}

// call sends a request with a bearer token (none when empty) and returns
// the response with its body read.
func (e *testEnv) call(method, path, token, contentType, body string, headers ...string) (*http.Response, []byte) {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp, b
}

// decode parses a JSON answer into v, failing the test on a bad body.
func decode(t *testing.T, body []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
}

// checkProblem checks that resp is an RFC 9457 problem with status and
// code, and returns it.
func checkProblem(t *testing.T, resp *http.Response, body []byte, status int, code string) Problem {
	t.Helper()
	if resp.StatusCode != status {
		t.Errorf("status %d, want %d: %s", resp.StatusCode, status, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type %q, want application/problem+json", ct)
	}
	var p Problem
	decode(t, body, &p)
	if p.Status != status || p.Title == "" || p.Instance == "" || p.Detail == "" {
		t.Errorf("problem %+v lacks status, title, instance or detail", p)
	}
	if want := ProblemTypeBase + code; p.Type != want {
		t.Errorf("problem type %q, want %q", p.Type, want)
	}
	return p
}
