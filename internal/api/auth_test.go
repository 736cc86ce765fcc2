package api

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/internal/auth"
)

func TestAuthentication(t *testing.T) {
	e := newEnv(t)
	unit := e.unit("Tỉnh A", 0)
	good := e.token("lan@example.vn", auth.Viewer, unit)

	u, err := e.db.UserByEmail(context.Background(), "lan@example.vn")
	if err != nil {
		t.Fatal(err)
	}
	_, expiring, err := e.db.CreateToken(context.Background(), "test", u.ID, "short", t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name, header string
		status       int
		challenge    string // expected WWW-Authenticate
	}{
		{"no header", "", http.StatusUnauthorized, `Bearer realm="factdesk"`},
		{"basic auth", "Basic bGFuOnB3", http.StatusUnauthorized, `Bearer realm="factdesk"`},
		{"empty bearer", "Bearer ", http.StatusUnauthorized, `Bearer realm="factdesk"`},
		{"not a factdesk token", "Bearer abc", http.StatusUnauthorized, `Bearer realm="factdesk", error="invalid_token"`},
		{"unknown token", "Bearer fdk_nope", http.StatusUnauthorized, `Bearer realm="factdesk", error="invalid_token"`},
		{"good token", "Bearer " + good, http.StatusOK, ""},
		{"lower-case scheme", "bearer " + good, http.StatusOK, ""},
		{"token before expiry", "Bearer " + expiring, http.StatusOK, ""},
	}
	for _, tt := range tests {
		resp, body := e.call(http.MethodGet, "/api/v1/me", "", "", "", "Authorization", tt.header)
		if tt.status == http.StatusOK {
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%s: %d %s", tt.name, resp.StatusCode, body)
			}
			continue
		}
		checkProblem(t, resp, body, tt.status, "unauthorized")
		if got := resp.Header.Get("WWW-Authenticate"); got != tt.challenge {
			t.Errorf("%s: WWW-Authenticate %q, want %q", tt.name, got, tt.challenge)
		}
	}

	e.clock.Advance(2 * time.Hour)
	resp, body := e.call(http.MethodGet, "/api/v1/me", expiring, "", "")
	p := checkProblem(t, resp, body, http.StatusUnauthorized, "unauthorized")
	if !strings.Contains(p.Detail, "expired") {
		t.Errorf("expired token detail %q", p.Detail)
	}

	// Cookies do not authenticate the API, and the CSRF-free POST still
	// needs a token.
	resp, body = e.call(http.MethodPost, "/api/v1/intake", "", "application/json", `[]`, "Cookie", "factdesk_session=abc")
	checkProblem(t, resp, body, http.StatusUnauthorized, "unauthorized")
}

func TestAuthorize(t *testing.T) {
	e := newEnv(t)
	prov := e.unit("Tỉnh A", 0)
	district := e.unit("Huyện B", prov)
	other := e.unit("Tỉnh C", 0)
	h := &handler{store: e.db}
	ms := func(pairs ...any) *caller {
		c := &caller{}
		for i := 0; i+1 < len(pairs); i += 2 {
			c.memberships = append(c.memberships, auth.Membership{UnitID: pairs[i].(int64), Role: pairs[i+1].(auth.Role)})
		}
		return c
	}
	tests := []struct {
		name string
		c    *caller
		act  action
		unit int64
		ok   bool
	}{
		{"viewer reads", ms(prov, auth.Viewer), actRead, 0, true},
		{"no membership reads", ms(), actRead, 0, true},
		{"viewer pushes", ms(prov, auth.Viewer), actPush, 0, false},
		{"analyst pushes", ms(district, auth.Analyst), actPush, 0, true},
		{"editor pushes", ms(other, auth.Editor), actPush, 0, true},
		{"lead manages", ms(prov, auth.Lead), actManage, prov, false},
		{"admin of unit manages", ms(district, auth.Admin), actManage, district, true},
		{"admin above manages", ms(prov, auth.Admin), actManage, district, true},
		{"admin below does not", ms(district, auth.Admin), actManage, prov, false},
		{"admin elsewhere does not", ms(other, auth.Admin), actManage, district, false},
		{"any admin, no unit", ms(other, auth.Admin), actManage, 0, true},
	}
	for _, tt := range tests {
		err := h.authorize(context.Background(), tt.c, tt.act, tt.unit)
		if (err == nil) != tt.ok {
			t.Errorf("%s: %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}
