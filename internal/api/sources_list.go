package api

import (
	"fmt"
	"net/http"
)

// listSources handles GET /api/v1/sources: every source that is not
// removed, with its health.
func (h *handler) listSources(w http.ResponseWriter, r *http.Request, _ *caller) {
	list, err := h.store.Sources(r.Context())
	if err != nil {
		h.fail(w, r, fmt.Errorf("list sources: %w", err))
		return
	}
	out := struct {
		Sources []sourceJSON `json:"sources"`
	}{Sources: make([]sourceJSON, 0, len(list))}
	for _, s := range list {
		out.Sources = append(out.Sources, toSourceJSON(s))
	}
	writeJSON(w, http.StatusOK, out)
}
