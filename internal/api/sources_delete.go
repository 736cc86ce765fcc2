package api

import (
	"net/http"

	"github.com/factdesk/factdesk/internal/store"
)

// deleteSource handles DELETE /api/v1/sources/{id}: the source is marked
// removed (its posts stay) and answers 404 from then on; 204 on success.
func (h *handler) deleteSource(w http.ResponseWriter, r *http.Request, c *caller) {
	cur, err := h.liveSource(r.Context(), r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.authorize(r.Context(), c, actManage, cur.UnitID); err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.store.SetSourceState(r.Context(), c.actor(), cur.ID, store.SourceRemoved); err != nil {
		h.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
