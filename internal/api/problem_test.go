package api

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/store"
)

// brokenUnits is a real store whose Units fails like a broken disk.
type brokenUnits struct{ *store.DB }

func (brokenUnits) Units(context.Context) ([]auth.Unit, error) {
	return nil, errors.New("disk on fire at /var/lib/secret.db")
}

func TestInternalErrorIsLoggedNotShown(t *testing.T) {
	e := newEnv(t, func(d *Deps) { d.Store = brokenUnits{d.Store.(*store.DB)} })
	tok := e.token("lan@example.vn", auth.Viewer, e.unit("A", 0))
	resp, body := e.call(http.MethodGet, "/api/v1/me", tok, "", "", hdrRequestID, "req-7f3a")
	p := checkProblem(t, resp, body, http.StatusInternalServerError, "internal")
	if strings.Contains(string(body), "disk on fire") {
		t.Errorf("problem leaks the cause: %s", body)
	}
	if p.RequestID != "req-7f3a" || !strings.Contains(p.Detail, "req-7f3a") {
		t.Errorf("problem does not quote the request id: %+v", p)
	}
	logs := e.logs.String()
	if !strings.Contains(logs, "disk on fire") || !strings.Contains(logs, `"request_id":"req-7f3a"`) {
		t.Errorf("log lacks the cause or the request id: %s", logs)
	}
}

func TestUnknownRoutesAreProblems(t *testing.T) {
	e := newEnv(t)
	tok := e.token("lan@example.vn", auth.Viewer, e.unit("A", 0))
	tests := []struct {
		method, path string
		status       int
		code, allow  string
	}{
		{http.MethodGet, "/api/v1/nothing", http.StatusNotFound, "not_found", ""},
		{http.MethodGet, "/api/v1/sources/1/nothing", http.StatusNotFound, "not_found", ""},
		{http.MethodPut, "/api/v1/sources/1", http.StatusMethodNotAllowed, "method_not_allowed", "GET, PATCH, DELETE"},
		{http.MethodGet, "/api/v1/intake", http.StatusMethodNotAllowed, "method_not_allowed", "POST"},
		{http.MethodDelete, "/api/v1/sources", http.StatusMethodNotAllowed, "method_not_allowed", "GET, POST"},
	}
	for _, tt := range tests {
		resp, body := e.call(tt.method, tt.path, tok, "", "")
		checkProblem(t, resp, body, tt.status, tt.code)
		if got := resp.Header.Get("Allow"); got != tt.allow {
			t.Errorf("%s %s: Allow %q, want %q", tt.method, tt.path, got, tt.allow)
		}
	}
}

func TestInvalidBodies(t *testing.T) {
	e := newEnv(t)
	tok := e.token("admin@example.vn", auth.Admin, e.unit("A", 0))
	tests := []struct {
		name, body string
		field      string // expected key in errors, "" for none
	}{
		{"empty", "", ""},
		{"not JSON", "{kind: rss}", ""},
		{"an array", `[{"kind": "rss"}]`, ""},
		{"unknown field", `{"kind": "rss", "url": "https://x.example/f", "evry": "5m"}`, "evry"},
		{"wrong type", `{"kind": "rss", "url": "https://x.example/f", "unit_id": "one"}`, "unit_id"},
	}
	for _, tt := range tests {
		resp, body := e.call(http.MethodPost, "/api/v1/sources", tok, "application/json", tt.body)
		p := checkProblem(t, resp, body, http.StatusBadRequest, "invalid")
		if tt.field != "" {
			if fp, ok := p.Errors[tt.field]; !ok || fp.Message == "" || fp.Code != "invalid" {
				t.Errorf("%s: errors %+v lack %s", tt.name, p.Errors, tt.field)
			}
		}
	}
}
