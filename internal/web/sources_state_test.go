package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/factdesk/factdesk/internal/store"
)

func TestSourcesPauseResume(t *testing.T) {
	e := newSourcesEnv(t, false)
	ctx := context.Background()
	s := e.source(store.Source{Name: "VnExpress", URL: "https://vnexpress.net/rss", UnitID: e.prov})
	path := "/sources/" + strconv.FormatInt(s.ID, 10)
	tests := []struct {
		name  string
		c     *http.Client
		state string
		code  int
		want  string // stored state afterwards
		msg   string
	}{
		{"viewer", e.viewer, "paused", http.StatusForbidden, store.SourceActive, ""},
		{"admin of a unit below", e.districtAdmin, "paused", http.StatusForbidden, store.SourceActive, ""},
		{"pause", e.admin, "paused", http.StatusOK, store.SourcePaused, "paused"},
		{"bad state", e.admin, "removed", http.StatusBadRequest, store.SourcePaused, ""},
		{"resume", e.admin, "active", http.StatusOK, store.SourceActive, "resumed"},
	}
	for _, tt := range tests {
		resp, body := e.do(tt.c, http.MethodPost, path+"/state", url.Values{"state": {tt.state}}, nil)
		if resp.StatusCode != tt.code {
			t.Errorf("%s: %d, want %d", tt.name, resp.StatusCode, tt.code)
		}
		if got, _ := e.store.Source(ctx, s.ID); got.State != tt.want {
			t.Errorf("%s: state %s, want %s", tt.name, got.State, tt.want)
		}
		if tt.msg != "" {
			if resp.Request.URL.Query().Get("msg") != tt.msg {
				t.Errorf("%s: landed on %s", tt.name, resp.Request.URL)
			}
			// The page offers the opposite action.
			doc := parseHTML(t, body)
			buttons := byAttr(doc, "button", "name", "state")
			wantNext := map[string]string{"paused": "active", "resumed": "paused"}[tt.msg]
			if len(buttons) != 1 || attr(buttons[0], "value") != wantNext {
				t.Errorf("%s: state button wrong", tt.name)
			}
		}
	}
}

func TestSourcesCrossOriginRefused(t *testing.T) {
	e := newSourcesEnv(t, false)
	s := e.source(store.Source{Name: "VnExpress", URL: "https://vnexpress.net/rss"})
	path := "/sources/" + strconv.FormatInt(s.ID, 10) + "/state"
	resp, _ := e.do(e.admin, http.MethodPost, path, url.Values{"state": {"paused"}}, map[string]string{"Sec-Fetch-Site": "cross-site"})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: %d", resp.StatusCode)
	}
	if got, _ := e.store.Source(context.Background(), s.ID); got.State != store.SourceActive {
		t.Errorf("cross-site POST changed the state to %s", got.State)
	}
}
