package api

import (
	"net/http"
	"testing"

	"github.com/factdesk/factdesk/internal/auth"
)

func TestMe(t *testing.T) {
	e := newEnv(t)
	prov := e.unit("Tỉnh Lạng Sơn", 0)
	tok := e.token("lan@example.vn", auth.Editor, prov)
	resp, body := e.call(http.MethodGet, "/api/v1/me", tok, "", "")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("GET /me: %d %s", resp.StatusCode, body)
	}
	var me meResponse
	decode(t, body, &me)
	if me.User.Email != "lan@example.vn" || me.Token.ID == 0 || me.Token.ExpiresAt != nil {
		t.Errorf("me = %+v", me)
	}
	if len(me.Memberships) != 1 || me.Memberships[0].UnitName != "Tỉnh Lạng Sơn" || me.Memberships[0].Role != auth.Editor {
		t.Errorf("memberships = %+v", me.Memberships)
	}

	loner := e.token("solo@example.vn", "", 0)
	_, body = e.call(http.MethodGet, "/api/v1/me", loner, "", "")
	var solo map[string]any
	decode(t, body, &solo)
	if ms, ok := solo["memberships"].([]any); !ok || len(ms) != 0 {
		t.Errorf("no memberships should be [], got %v", solo["memberships"])
	}
}
