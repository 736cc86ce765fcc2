package api

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/internal/auth"
)

func TestCreateSource(t *testing.T) {
	e := newEnv(t)
	prov := e.unit("Tỉnh A", 0)
	district := e.unit("Huyện B", prov)
	other := e.unit("Tỉnh C", 0)
	provAdmin := e.token("admin@example.vn", auth.Admin, prov)
	districtAdmin := e.token("dadmin@example.vn", auth.Admin, district)
	otherAdmin := e.token("oadmin@example.vn", auth.Admin, other)
	lead := e.token("lead@example.vn", auth.Lead, prov)

	tests := []struct {
		name, token, body string
		status            int
		code              string            // problem code for failures
		fields            map[string]string // field -> code in errors
	}{
		{"admin of the unit", districtAdmin, `{"kind": "rss", "url": "https://vnexpress.net/rss/tin-moi-nhat.rss", "name": "VnExpress", "unit_id": %d, "every": "10m"}`, http.StatusCreated, "", nil},
		{"admin above the unit", provAdmin, `{"kind": "mastodon", "url": "https://mastodon.social/tags/vietnam", "unit_id": %d}`, http.StatusCreated, "", nil},
		{"no unit, any admin", otherAdmin, `{"kind": "rss", "url": "https://tuoitre.vn/rss/tin-moi-nhat.rss", "settings": {"access_token": "s3cret"}}`, http.StatusCreated, "", nil},
		{"admin elsewhere", otherAdmin, `{"kind": "rss", "url": "https://a.example/rss", "unit_id": %d}`, http.StatusNotFound, "not_found", nil},
		{"lead", lead, `{"kind": "rss", "url": "https://b.example/rss", "unit_id": %d}`, http.StatusForbidden, "forbidden", nil},
		{"name taken", provAdmin, `{"kind": "rss", "url": "https://c.example/rss", "name": "VnExpress"}`, http.StatusConflict, "conflict", nil},
		{"private address", provAdmin, `{"kind": "rss", "url": "http://192.168.1.10/feed", "every": "1s"}`, http.StatusBadRequest, "invalid",
			map[string]string{"url": "url_private", "every": "every_too_short"}},
		{"loopback name", provAdmin, `{"kind": "rss", "url": "http://localhost:8080/feed"}`, http.StatusBadRequest, "invalid", map[string]string{"url": "url_private"}},
		{"metadata address", provAdmin, `{"kind": "rss", "url": "http://169.254.169.254/latest/meta-data"}`, http.StatusBadRequest, "invalid", map[string]string{"url": "url_private"}},
		{"unknown kind", provAdmin, `{"kind": "telegram", "url": "https://t.me/x"}`, http.StatusBadRequest, "invalid", map[string]string{"kind": "kind_unknown"}},
		{"bad url", provAdmin, `{"kind": "mastodon", "url": "ftp://mastodon.social"}`, http.StatusBadRequest, "invalid", map[string]string{"url": "url_invalid"}},
		{"missing unit", provAdmin, `{"kind": "rss", "url": "https://d.example/rss", "unit_id": 999}`, http.StatusNotFound, "not_found", nil},
	}
	for _, tt := range tests {
		body := tt.body
		if strings.Contains(body, "%d") {
			body = strings.Replace(body, "%d", strconv.FormatInt(district, 10), 1)
		}
		resp, out := e.call(http.MethodPost, "/api/v1/sources", tt.token, "application/json", body)
		if tt.status == http.StatusCreated {
			var s sourceJSON
			decode(t, out, &s)
			if resp.StatusCode != http.StatusCreated || s.ID == 0 || resp.Header.Get("Location") != sourcePath(s.ID) || s.State != "active" {
				t.Errorf("%s: %d %s", tt.name, resp.StatusCode, out)
			}
			if strings.Contains(string(out), "s3cret") {
				t.Errorf("%s: the answer shows a secret setting: %s", tt.name, out)
			}
			continue
		}
		p := checkProblem(t, resp, out, tt.status, tt.code)
		for f, code := range tt.fields {
			if p.Errors[f].Code != code || p.Errors[f].Message == "" {
				t.Errorf("%s: errors[%s] = %+v, want code %s", tt.name, f, p.Errors[f], code)
			}
		}
		if len(p.Errors) != len(tt.fields) {
			t.Errorf("%s: errors %+v, want %v", tt.name, p.Errors, tt.fields)
		}
	}
}

func TestCreateSourceAllowPrivate(t *testing.T) {
	e := newEnv(t, func(d *Deps) { d.AllowPrivateSources = true })
	tok := e.token("admin@example.vn", auth.Admin, e.unit("A", 0))
	resp, out := e.call(http.MethodPost, "/api/v1/sources", tok, "application/json", `{"kind": "rss", "url": "http://127.0.0.1:9/feed"}`)
	if resp.StatusCode != http.StatusCreated {
		t.Errorf("loopback with private sources allowed: %d %s", resp.StatusCode, out)
	}
}
