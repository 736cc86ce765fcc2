package web

import (
	"net/http"
	"strconv"

	"github.com/factdesk/factdesk/internal/sourceadmin"
	"github.com/factdesk/factdesk/internal/store"
)

// show handles GET /sources/{id}: the source's health and settings, and for
// its admins the edit form and actions.
func (ui *sourcesUI) show(w http.ResponseWriter, r *http.Request) {
	a, err := ui.access(r)
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	s, err := ui.liveSource(r)
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	ui.renderSource(w, r, http.StatusOK, a, s, nil, nil)
}

// renderSource shows the page of s; f holds what the user typed when an
// edit failed, and p a test fetch.
func (ui *sourcesUI) renderSource(w http.ResponseWriter, r *http.Request, status int, a access, s store.Source, f *sourceForm, p *previewView) {
	row := ui.row(r, a, s)
	page := sourcePage{Source: &row, Preview: p, MsgKey: flash(r)}
	if row.CanManage {
		if f == nil {
			f = &sourceForm{URL: s.URL, Name: s.Name, Every: row.Every, Settings: row.Settings, Errors: map[string]*fieldError{}}
		}
		f.Action = "/sources/" + strconv.FormatInt(s.ID, 10)
		page.Form = f
	}
	ui.h.render(w, r, status, "sources_source", "nav.sources", page)
}

// update handles POST /sources/{id}: save the edit form, then show the source.
func (ui *sourcesUI) update(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		ui.h.fail(w, r, err)
		return
	}
	a, s, ok := ui.manageable(w, r)
	if !ok {
		return
	}
	f := formValues(r)
	settings := f.settings()
	changes, err := ui.validator.Update(s, sourceadmin.Changes{Name: &f.Name, URL: &f.URL, Every: &f.Every, Settings: settings})
	if err == nil && len(f.Errors) == 0 {
		_, err = ui.store.UpdateSource(r.Context(), a.actor(), s.ID, changes)
		if err == nil {
			http.Redirect(w, r, "/sources/"+strconv.FormatInt(s.ID, 10)+"?msg=saved", http.StatusSeeOther)
			return
		}
	}
	ui.formFailed(w, r, f, err, func(status int) { ui.renderSource(w, r, status, a, s, f, nil) })
}

// manageable loads the live source of the path for a user who may manage
// it; otherwise it answers with the error page and returns false.
func (ui *sourcesUI) manageable(w http.ResponseWriter, r *http.Request) (access, store.Source, bool) {
	a, err := ui.access(r)
	if err != nil {
		ui.h.fail(w, r, err)
		return access{}, store.Source{}, false
	}
	s, err := ui.liveSource(r)
	if err != nil {
		ui.h.fail(w, r, err)
		return access{}, store.Source{}, false
	}
	if !a.mayManage(s.UnitID) {
		ui.h.fail(w, r, forbidden())
		return access{}, store.Source{}, false
	}
	return a, s, true
}
