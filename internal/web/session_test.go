package web

import (
	"net/http"
	"testing"
)

// TestSessionOfUnusableUserRedirectsToLogin covers sessions whose user was
// disabled or removed after login, and tokens the server never issued.
func TestSessionOfUnusableUserRedirectsToLogin(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name  string
		email string
		spoil func(id int64)
	}{
		{"disabled", "off@example.vn", func(id int64) { e.store.setDisabled(id, true) }},
		{"removed", "gone@example.vn", func(id int64) { e.store.setGone(id) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := createUser(t, e.store.DB, tt.email, tt.name, "", nil)
			c := e.client()
			e.mustLogin(c, tt.email)
			token := e.sessionToken(c)
			tt.spoil(u.ID)
			resp, _ := e.do(noFollow(c), http.MethodGet, "/cases", nil, nil)
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login?next=%2Fcases" {
				t.Fatalf("got %d to %q, want 303 to login", resp.StatusCode, resp.Header.Get("Location"))
			}
			// The session is gone: re-enabling the user does not revive it.
			e.store.setDisabled(u.ID, false)
			resp, _ = e.do(noFollow(&http.Client{}), http.MethodGet, "/", nil, map[string]string{"Cookie": sessionCookie + "=" + token})
			if resp.StatusCode != http.StatusSeeOther {
				t.Errorf("destroyed session still works: %d", resp.StatusCode)
			}
		})
	}
	t.Run("unknown token", func(t *testing.T) {
		resp, _ := e.do(noFollow(&http.Client{}), http.MethodGet, "/", nil,
			map[string]string{"Cookie": sessionCookie + "=Zm9yZ2VkLXRva2VuLXRoYXQtbmV2ZXItZXhpc3RlZA"})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login" {
			t.Errorf("got %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
	})
}
