package api

import (
	"net/http"
	"strconv"

	"github.com/factdesk/factdesk/internal/sourceadmin"
)

// createRequest is the body of POST /api/v1/sources.
type createRequest struct {
	Kind     string            `json:"kind"`
	URL      string            `json:"url"`
	Name     string            `json:"name"`
	UnitID   int64             `json:"unit_id"`
	Every    string            `json:"every"`
	Settings map[string]string `json:"settings"`
}

var createFields = []string{"kind", "url", "name", "unit_id", "every", "settings"}

// createSource handles POST /api/v1/sources: an admin of the unit (or of
// any unit, for a source with no unit) adds a source; 201 with its URL.
func (h *handler) createSource(w http.ResponseWriter, r *http.Request, c *caller) {
	var req createRequest
	if err := decodeJSON(w, r, createFields, &req); err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.authorize(r.Context(), c, actManage, req.UnitID); err != nil {
		h.fail(w, r, err)
		return
	}
	s, err := h.validator.New(sourceadmin.Input{Kind: req.Kind, URL: req.URL, Name: req.Name,
		UnitID: req.UnitID, Every: req.Every, Settings: req.Settings})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	s, err = h.store.CreateSource(r.Context(), c.actor(), s)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Location", Prefix+"/sources/"+strconv.FormatInt(s.ID, 10))
	writeJSON(w, http.StatusCreated, toSourceJSON(s))
}
