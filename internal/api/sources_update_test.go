package api

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/store"
)

func TestUpdateSource(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	prov := e.unit("Tỉnh A", 0)
	other := e.unit("Tỉnh C", 0)
	admin := e.token("admin@example.vn", auth.Admin, prov)
	otherAdmin := e.token("oadmin@example.vn", auth.Admin, other)
	viewer := e.token("viewer@example.vn", auth.Viewer, prov)
	s, err := e.db.CreateSource(ctx, "test", store.Source{Kind: "mastodon", Name: "Mastodon", URL: "https://mastodon.social/public",
		UnitID: prov, Settings: map[string]string{"access_token": "s3cret", "local": "1"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.CreateSource(ctx, "test", store.Source{Kind: "rss", Name: "Taken", URL: "https://taken.example/rss"}); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name, token, body string
		status            int
		code              string
		check             func(t *testing.T, got sourceJSON, stored store.Source)
	}{
		{"rename and slow down", admin, `{"name": "Mastodon VN", "every": "15m"}`, http.StatusOK, "", func(t *testing.T, got sourceJSON, st store.Source) {
			if got.Name != "Mastodon VN" || got.Every != "15m" || got.EverySeconds != 900 || got.URL != "https://mastodon.social/public" {
				t.Errorf("got %+v", got)
			}
		}},
		{"settings keep a redacted secret", admin, `{"settings": {"access_token": "********", "limit": "20"}}`, http.StatusOK, "", func(t *testing.T, got sourceJSON, st store.Source) {
			if st.Settings["access_token"] != "s3cret" || st.Settings["limit"] != "20" || st.Settings["local"] != "" {
				t.Errorf("stored settings %v", st.Settings)
			}
			if got.Settings["access_token"] != "********" {
				t.Errorf("answer settings %v", got.Settings)
			}
		}},
		{"pause", admin, `{"state": "paused"}`, http.StatusOK, "", func(t *testing.T, got sourceJSON, st store.Source) {
			if got.State != "paused" || st.State != store.SourcePaused {
				t.Errorf("state %s/%s", got.State, st.State)
			}
		}},
		{"resume with a new URL", admin, `{"state": "active", "url": "https://mastodon.social/tags/lulut"}`, http.StatusOK, "", func(t *testing.T, got sourceJSON, st store.Source) {
			if got.State != "active" || got.URL != "https://mastodon.social/tags/lulut" {
				t.Errorf("got %+v", got)
			}
		}},
		{"removed is not a PATCH state", admin, `{"state": "removed"}`, http.StatusBadRequest, "invalid", nil},
		{"private URL", admin, `{"url": "http://10.0.0.5/public"}`, http.StatusBadRequest, "invalid", nil},
		{"name taken", admin, `{"name": "Taken"}`, http.StatusConflict, "conflict", nil},
		{"empty name", admin, `{"name": " "}`, http.StatusBadRequest, "invalid", nil},
		{"unknown field", admin, `{"paused": true}`, http.StatusBadRequest, "invalid", nil},
		{"viewer", viewer, `{"name": "Mine"}`, http.StatusForbidden, "forbidden", nil},
		{"admin elsewhere", otherAdmin, `{"name": "Mine"}`, http.StatusNotFound, "not_found", nil},
	}
	for _, tt := range tests {
		resp, out := e.call(http.MethodPatch, sourcePath(s.ID), tt.token, "application/json", tt.body)
		stored, err := e.db.Source(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if tt.status != http.StatusOK {
			checkProblem(t, resp, out, tt.status, tt.code)
			if stored.State != store.SourceActive || strings.Contains(stored.URL, "10.0.0.5") || stored.Name != "Mastodon VN" {
				t.Errorf("%s: a refused PATCH changed the source: %+v", tt.name, stored)
			}
			continue
		}
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %d %s", tt.name, resp.StatusCode, out)
			continue
		}
		var got sourceJSON
		decode(t, out, &got)
		t.Run(tt.name, func(t *testing.T) { tt.check(t, got, stored) })
	}

	resp, out := e.call(http.MethodPatch, sourcePath(424242), admin, "application/json", `{"name": "x"}`)
	checkProblem(t, resp, out, http.StatusNotFound, "not_found")
}
