package server

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

type readiness struct{ err error }

func (r readiness) Ready(context.Context) error { return r.err }

func newTestServer(t *testing.T, ready error) (*httptest.Server, *bytes.Buffer) {
	var logs bytes.Buffer
	s := New(Options{
		Logger: slog.New(slog.NewJSONHandler(&logs, nil)),
		Ready:  readiness{ready},
		Mounts: map[string]http.Handler{
			"GET /hello/{name}": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				io.WriteString(w, "hi "+r.PathValue("name"))
			}),
			"GET /boom": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic("boom") }),
		},
	})
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts, &logs
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestOpsEndpoints(t *testing.T) {
	ts, logs := newTestServer(t, nil)
	for _, tc := range []struct {
		path   string
		status int
		body   string
	}{
		{"/healthz", 200, `"ok"`},
		{"/readyz", 200, `"ready"`},
		{"/hello/lan", 200, "hi lan"},
		{"/metrics", 200, `factdesk_http_requests_total{code="200",method="GET",route="GET /hello/{name}"} 1`},
	} {
		resp, body := get(t, ts.URL+tc.path)
		if resp.StatusCode != tc.status || !strings.Contains(body, tc.body) {
			t.Errorf("%s: %d %q", tc.path, resp.StatusCode, body)
		}
		if resp.Header.Get("X-Request-Id") == "" {
			t.Errorf("%s: no request id", tc.path)
		}
	}
	if !strings.Contains(logs.String(), `"route":"GET /hello/{name}"`) {
		t.Fatalf("request log lacks route: %s", logs)
	}
	_, metrics := get(t, ts.URL+"/metrics")
	if !strings.Contains(metrics, "go_goroutines") {
		t.Fatal("no Go runtime metrics")
	}
}

func TestNotReadyAndPanic(t *testing.T) {
	ts, logs := newTestServer(t, errors.New("schema at version 0, want 1"))
	resp, body := get(t, ts.URL+"/readyz")
	if resp.StatusCode != 503 || !strings.Contains(body, "schema at version 0") {
		t.Fatalf("readyz: %d %s", resp.StatusCode, body)
	}
	resp, body = get(t, ts.URL+"/boom")
	if resp.StatusCode != 500 || strings.Contains(body, "goroutine") {
		t.Fatalf("panic: %d %q", resp.StatusCode, body)
	}
	if !strings.Contains(logs.String(), "panic serving request") {
		t.Fatal("panic not logged")
	}
}
