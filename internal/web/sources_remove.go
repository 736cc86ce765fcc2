package web

import (
	"net/http"

	"github.com/factdesk/factdesk/internal/store"
)

// removePage is the data of the removal confirmation.
type removePage struct {
	Source sourceRow
}

// confirmRemove handles GET /sources/{id}/remove: ask before removing, so
// that removal works without JavaScript and never by a stray click.
func (ui *sourcesUI) confirmRemove(w http.ResponseWriter, r *http.Request) {
	a, s, ok := ui.manageable(w, r)
	if !ok {
		return
	}
	ui.h.render(w, r, http.StatusOK, "sources_remove", "sources.remove_title", removePage{Source: ui.row(r, a, s)})
}

// remove handles POST /sources/{id}/remove: the source is marked removed
// (no longer polled or listed; its posts stay).
func (ui *sourcesUI) remove(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		ui.h.fail(w, r, err)
		return
	}
	a, s, ok := ui.manageable(w, r)
	if !ok {
		return
	}
	if err := ui.store.SetSourceState(r.Context(), a.actor(), s.ID, store.SourceRemoved); err != nil {
		ui.h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/sources?msg=removed", http.StatusSeeOther)
}
