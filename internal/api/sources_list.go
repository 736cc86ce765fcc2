package api

import (
	"fmt"
	"github.com/factdesk/factdesk/internal/auth"
	"net/http"
)

// listSources handles GET /api/v1/sources: every source that is not
// removed, with its health.
func (h *handler) listSources(w http.ResponseWriter, r *http.Request, c *caller) {
	list, err := h.store.Sources(r.Context())
	if err != nil {
		h.fail(w, r, fmt.Errorf("list sources: %w", err))
		return
	}
	sc, err := h.scope(r.Context(), c)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out := struct {
		Sources []sourceJSON `json:"sources"`
	}{Sources: make([]sourceJSON, 0, len(list))}
	for _, s := range list {
		if s.UnitID != 0 && !sc.Can(auth.Read, s.UnitID) {
			continue // outside the caller's scope
		}
		out.Sources = append(out.Sources, toSourceJSON(s))
	}
	writeJSON(w, http.StatusOK, out)
}
