package web

import (
	"net/http"
	"strconv"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/store"
)

// setState handles POST /sources/{id}/state with state=paused or
// state=active (resume, which also clears the failure count).
func (ui *sourcesUI) setState(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		ui.h.fail(w, r, err)
		return
	}
	state := r.PostFormValue("state")
	msg := map[string]string{store.SourcePaused: "paused", store.SourceActive: "resumed"}[state]
	if msg == "" {
		ui.h.fail(w, r, apperr.Errorf(apperr.Invalid, "state must be paused or active"))
		return
	}
	a, s, ok := ui.manageable(w, r)
	if !ok {
		return
	}
	if err := ui.store.SetSourceState(r.Context(), a.actor(), s.ID, state); err != nil {
		ui.h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/sources/"+strconv.FormatInt(s.ID, 10)+"?msg="+msg, http.StatusSeeOther)
}
