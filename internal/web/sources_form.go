package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/sourceadmin"
	"github.com/factdesk/factdesk/internal/store"
)

// sourcePage is the data of the page of one source, and of the form that
// adds one (Source nil).
type sourcePage struct {
	Source  *sourceRow   // nil on the new-source form
	Form    *sourceForm  // nil when the user may only read
	Preview *previewView // a test fetch, when one was asked for
	MsgKey  string       // a notice after a redirect
}

// sourceForm is the add or edit form with what the user typed.
type sourceForm struct {
	New      bool
	Action   string
	Kind     string
	URL      string
	Name     string
	UnitID   int64
	Every    string
	Settings string
	Kinds    []kindOption
	Units    []unitOption
	Errors   map[string]*fieldError
	ErrorKey string // a problem with the whole form
	Detail   string // its detail, when there is one
}

type kindOption struct {
	Value, Key string
	Selected   bool
}

type unitOption struct {
	ID       int64
	Label    string
	Selected bool
}

// fieldError is a translated problem with one field, and the connector's
// own words when it gave any.
type fieldError struct {
	Key, Detail string
}

// formValues reads the posted form into a sourceForm; a settings text that
// does not parse is a field error.
func formValues(r *http.Request) *sourceForm {
	f := &sourceForm{
		Kind:     strings.TrimSpace(r.PostFormValue("kind")),
		URL:      strings.TrimSpace(r.PostFormValue("url")),
		Name:     strings.TrimSpace(r.PostFormValue("name")),
		Every:    strings.TrimSpace(r.PostFormValue("every")),
		Settings: r.PostFormValue("settings"),
		Errors:   map[string]*fieldError{},
	}
	f.UnitID, _ = strconv.ParseInt(r.PostFormValue("unit_id"), 10, 64)
	return f
}

// settings parses the settings text, recording a field error on failure.
func (f *sourceForm) settings() map[string]string {
	m, err := sourceadmin.ParseSettingsText(f.Settings)
	if err != nil {
		f.Errors["settings"] = &fieldError{Key: "sources.invalid." + sourceadmin.CodeSettingsInvalid, Detail: err.Error()}
	}
	return m
}

// newForm returns an empty add form for a user with access a.
func (ui *sourcesUI) newForm(w http.ResponseWriter, r *http.Request) {
	a, err := ui.access(r)
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	if !a.anyAdmin() {
		ui.h.fail(w, r, forbidden())
		return
	}
	f := &sourceForm{Kind: "rss", Every: sourceadmin.FormatEvery(sourceadmin.DefaultEvery), Errors: map[string]*fieldError{}}
	ui.renderNew(w, r, http.StatusOK, a, f, nil)
}

// renderNew shows the add form, with a preview when one was made.
func (ui *sourcesUI) renderNew(w http.ResponseWriter, r *http.Request, status int, a access, f *sourceForm, p *previewView) {
	f.New, f.Action = true, "/sources"
	for _, k := range sourceadmin.Kinds() {
		f.Kinds = append(f.Kinds, kindOption{Value: k, Key: kindKey(k), Selected: k == f.Kind})
	}
	byID := make(map[int64]auth.Unit, len(a.units))
	for _, u := range a.units {
		byID[u.ID] = u
	}
	f.Units = nil
	for _, u := range sourceadmin.ManageableUnits(a.ms, a.units) {
		f.Units = append(f.Units, unitOption{ID: u.ID, Label: unitPath(byID, u.ID), Selected: u.ID == f.UnitID})
	}
	ui.h.render(w, r, status, "sources_source", "sources.new_title", sourcePage{Form: f, Preview: p})
}

// checkNew reads and validates the add form. On failure it shows the form
// again and returns false.
func (ui *sourcesUI) checkNew(w http.ResponseWriter, r *http.Request) (access, *sourceForm, store.Source, bool) {
	if err := parseForm(w, r); err != nil {
		ui.h.fail(w, r, err)
		return access{}, nil, store.Source{}, false
	}
	a, err := ui.access(r)
	if err != nil {
		ui.h.fail(w, r, err)
		return access{}, nil, store.Source{}, false
	}
	f := formValues(r)
	if !a.mayManage(f.UnitID) {
		ui.h.fail(w, r, forbidden())
		return access{}, nil, store.Source{}, false
	}
	settings := f.settings()
	s, err := ui.validator.New(sourceadmin.Input{Kind: f.Kind, URL: f.URL, Name: f.Name, UnitID: f.UnitID, Every: f.Every, Settings: settings})
	if err != nil || len(f.Errors) > 0 {
		ui.formFailed(w, r, f, err, func(status int) { ui.renderNew(w, r, status, a, f, nil) })
		return access{}, nil, store.Source{}, false
	}
	return a, f, s, true
}

// create handles POST /sources: add the source, then show it.
func (ui *sourcesUI) create(w http.ResponseWriter, r *http.Request) {
	a, f, s, ok := ui.checkNew(w, r)
	if !ok {
		return
	}
	s, err := ui.store.CreateSource(r.Context(), a.actor(), s)
	if err != nil {
		ui.formFailed(w, r, f, err, func(status int) { ui.renderNew(w, r, status, a, f, nil) })
		return
	}
	http.Redirect(w, r, "/sources/"+strconv.FormatInt(s.ID, 10)+"?msg=created", http.StatusSeeOther)
}

// testNew handles POST /sources/test: test-fetch what the add form holds,
// store nothing, and show the form again with the preview.
func (ui *sourcesUI) testNew(w http.ResponseWriter, r *http.Request) {
	a, f, s, ok := ui.checkNew(w, r)
	if !ok {
		return
	}
	p, err := ui.tester.Preview(r.Context(), s, sourceadmin.PreviewItems)
	if err != nil {
		ui.formFailed(w, r, f, err, func(status int) { ui.renderNew(w, r, status, a, f, nil) })
		return
	}
	ui.renderNew(w, r, http.StatusOK, a, f, ui.previewView(ui.h.locale(r), p))
}

// formFailed shows a form again with what is wrong (err may be nil when
// only f.Errors are set); errors that are not about the input go to the
// error page.
func (ui *sourcesUI) formFailed(w http.ResponseWriter, r *http.Request, f *sourceForm, err error, show func(status int)) {
	var inv *sourceadmin.InvalidError
	switch {
	case err == nil:
	case errors.As(err, &inv):
		for field, p := range inv.Problems {
			if _, seen := f.Errors[field]; !seen {
				f.Errors[field] = &fieldError{Key: "sources.invalid." + p.Code, Detail: p.Detail}
			}
		}
	case apperr.Is(err, apperr.Conflict):
		f.Errors["name"] = &fieldError{Key: "sources.invalid.name_taken"}
		show(http.StatusConflict)
		return
	case apperr.Is(err, apperr.Invalid):
		f.ErrorKey, f.Detail = "error.invalid", apperr.MessageOf(err)
	default:
		ui.h.fail(w, r, err)
		return
	}
	show(http.StatusBadRequest)
}
