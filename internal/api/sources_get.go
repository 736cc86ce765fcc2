package api

import "net/http"

// getSource handles GET /api/v1/sources/{id}.
func (h *handler) getSource(w http.ResponseWriter, r *http.Request, c *caller) {
	s, err := h.liveSource(r.Context(), r)
	if err == nil {
		err = h.authorize(r.Context(), c, actRead, s.UnitID)
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toSourceJSON(s))
}
