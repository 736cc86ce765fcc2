package api

import (
	"net/http"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/sourceadmin"
	"github.com/factdesk/factdesk/internal/store"
)

// updateRequest is the body of PATCH /api/v1/sources/{id}; absent or null
// fields stay as they are.
type updateRequest struct {
	Name     *string           `json:"name"`
	URL      *string           `json:"url"`
	Every    *string           `json:"every"`
	Settings map[string]string `json:"settings"`
	State    *string           `json:"state"` // "active" (resume) or "paused"
}

var updateFields = []string{"name", "url", "every", "settings", "state"}

// updateSource handles PATCH /api/v1/sources/{id}: change the name, URL,
// interval or settings, and pause or resume. Settings replace all settings;
// a secret sent back as "********" keeps its stored value.
func (h *handler) updateSource(w http.ResponseWriter, r *http.Request, c *caller) {
	ctx := r.Context()
	var req updateRequest
	if err := decodeJSON(w, r, updateFields, &req); err != nil {
		h.fail(w, r, err)
		return
	}
	cur, err := h.liveSource(ctx, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.authorize(ctx, c, actManage, cur.UnitID); err != nil {
		h.fail(w, r, err)
		return
	}
	changes, err := h.validator.Update(cur, sourceadmin.Changes{Name: req.Name, URL: req.URL, Every: req.Every, Settings: req.Settings})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if req.State != nil && *req.State != store.SourceActive && *req.State != store.SourcePaused {
		h.fail(w, r, apperr.InvalidFields(map[string]string{"state": `want "active" (resume) or "paused"`}))
		return
	}
	if changes.Name != nil || changes.URL != nil || changes.Every != nil || changes.Settings != nil {
		if _, err := h.store.UpdateSource(ctx, c.actor(), cur.ID, changes); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if req.State != nil && *req.State != cur.State {
		if err := h.store.SetSourceState(ctx, c.actor(), cur.ID, *req.State); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	s, err := h.store.Source(ctx, cur.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toSourceJSON(s))
}
