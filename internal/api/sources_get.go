package api

import "net/http"

// getSource handles GET /api/v1/sources/{id}.
func (h *handler) getSource(w http.ResponseWriter, r *http.Request, _ *caller) {
	s, err := h.liveSource(r.Context(), r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toSourceJSON(s))
}
