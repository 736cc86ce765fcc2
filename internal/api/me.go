package api

import (
	"fmt"
	"net/http"
	"time"

	"github.com/factdesk/factdesk/internal/auth"
)

// meResponse is the answer of GET /me.
type meResponse struct {
	User        userJSON         `json:"user"`
	Token       tokenJSON        `json:"token"`
	Memberships []membershipJSON `json:"memberships"`
}

type userJSON struct {
	ID     int64  `json:"id"`
	Email  string `json:"email"`
	Name   string `json:"name"`
	Locale string `json:"locale"`
}

type tokenJSON struct {
	ID        int64      `json:"id"`
	Name      string     `json:"name"`
	CreatedAt time.Time  `json:"created_at"`
	ExpiresAt *time.Time `json:"expires_at"`
}

type membershipJSON struct {
	UnitID   int64     `json:"unit_id"`
	UnitName string    `json:"unit_name"`
	Role     auth.Role `json:"role"`
}

// me handles GET /api/v1/me: the caller, the token used and the caller's
// units and roles.
func (h *handler) me(w http.ResponseWriter, r *http.Request, c *caller) {
	units, err := h.store.Units(r.Context())
	if err != nil {
		h.fail(w, r, fmt.Errorf("me: %w", err))
		return
	}
	names := make(map[int64]string, len(units))
	for _, u := range units {
		names[u.ID] = u.Name
	}
	out := meResponse{
		User:        userJSON{ID: c.user.ID, Email: c.user.Email, Name: c.user.Name, Locale: c.user.Locale},
		Token:       tokenJSON{ID: c.token.ID, Name: c.token.Name, CreatedAt: c.token.CreatedAt, ExpiresAt: timePtr(c.token.ExpiresAt)},
		Memberships: []membershipJSON{},
	}
	for _, m := range c.memberships {
		out.Memberships = append(out.Memberships, membershipJSON{UnitID: m.UnitID, UnitName: names[m.UnitID], Role: m.Role})
	}
	writeJSON(w, http.StatusOK, out)
}

// timePtr is nil for the zero time, so JSON shows null.
func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
