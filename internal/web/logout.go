package web

import (
	"fmt"
	"net/http"
)

// logout handles POST /logout: it ends the session and shows the login page.
func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	if err := h.sessions.Destroy(r.Context()); err != nil {
		h.fail(w, r, fmt.Errorf("logout: %w", err))
		return
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
