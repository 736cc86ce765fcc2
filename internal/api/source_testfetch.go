package api

import (
	"net/http"

	"github.com/factdesk/factdesk/internal/sourceadmin"
)

// testSource handles POST /api/v1/sources/{id}/test: fetch the source once
// now, store nothing, and answer the first items or the connector's error
// (200 either way: a failed fetch is a test result, not a failed call).
func (h *handler) testSource(w http.ResponseWriter, r *http.Request, c *caller) {
	s, err := h.liveSource(r.Context(), r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.authorize(r.Context(), c, actManage, s.UnitID); err != nil {
		h.fail(w, r, err)
		return
	}
	p, err := h.tester.Preview(r.Context(), s, sourceadmin.PreviewItems)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}
