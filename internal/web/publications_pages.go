package web

import (
	"net/http"
	"strconv"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/publish"
)

// pubRow is one publication in the list.
type pubRow struct {
	ID                            int64
	Title, Kind, Status, UnitName string
	Updated                       string
}

type pubList struct {
	Rows     []pubRow
	CanDraft bool
	Status   string
}

// list handles GET /publish: the publications of the units the user reads.
func (ui *pubUI) list(w http.ResponseWriter, r *http.Request) {
	c, err := ui.caller(r)
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	f := publish.Filter{Limit: 200, Query: r.URL.Query().Get("q")}
	if s := r.URL.Query().Get("status"); s != "" {
		f.Statuses = []publish.Status{publish.Status(s)}
	}
	items, _, err := ui.svc.List(r.Context(), c, f)
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	names := map[int64]string{}
	for _, u := range c.Units {
		names[u.ID] = u.Name
	}
	d := pubList{CanDraft: c.Scope.Any(auth.Draft), Status: r.URL.Query().Get("status")}
	for _, p := range items {
		d.Rows = append(d.Rows, pubRow{ID: p.ID, Title: p.Title, Kind: "pub.kind." + string(p.Kind), Status: "pub.status." + string(p.Status),
			UnitName: names[p.UnitID], Updated: p.UpdatedAt.Format("2006-01-02 15:04 UTC")})
	}
	ui.h.render(w, r, http.StatusOK, "publications", "pub.title", d)
}

// newForm handles GET /publish/new (?case=N starts from a case).
func (ui *pubUI) newForm(w http.ResponseWriter, r *http.Request) {
	c, err := ui.caller(r)
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	f := pubForm{Kind: string(publish.FactCheck), Language: ui.h.locale(r), CaseID: r.URL.Query().Get("case")}
	ui.renderForm(w, r, http.StatusOK, c, nil, f, nil)
}

// create handles POST /publish.
func (ui *pubUI) create(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		ui.h.fail(w, r, err)
		return
	}
	c, err := ui.caller(r)
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	f := postedPubForm(r)
	e, bad := f.edit()
	var p publish.Publication
	e.Apply(&p)
	p.Kind, p.UnitID = publish.Kind(f.Kind), f.UnitID
	if f.CaseID != "" {
		if p.CaseID, err = strconv.ParseInt(f.CaseID, 10, 64); err != nil {
			bad["case_id"] = "want a case number"
		}
	}
	if len(bad) == 0 {
		p, err = ui.svc.Create(r.Context(), c, p)
	} else {
		err = apperr.InvalidFields(bad)
	}
	if err != nil {
		ui.formError(w, r, c, nil, f, err)
		return
	}
	http.Redirect(w, r, "/publish/"+strconv.FormatInt(p.ID, 10)+"?msg=saved", http.StatusSeeOther)
}

// show handles GET /publish/{id}.
func (ui *pubUI) show(w http.ResponseWriter, r *http.Request) {
	c, p, ok := ui.load(w, r)
	if !ok {
		return
	}
	ui.renderForm(w, r, http.StatusOK, c, &p, formOfPub(p), nil)
}

// save handles POST /publish/{id}: op=preview shows the posted text
// rendered without saving; otherwise the edit is saved, or, for a
// published publication, published as an update with its change note.
func (ui *pubUI) save(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		ui.h.fail(w, r, err)
		return
	}
	c, p, ok := ui.load(w, r)
	if !ok {
		return
	}
	f := postedPubForm(r)
	f.Kind, f.UnitID = string(p.Kind), p.UnitID
	if r.PostFormValue("op") == "preview" {
		ui.renderForm(w, r, http.StatusOK, c, &p, f, nil)
		return
	}
	e, bad := f.edit()
	var err error
	switch {
	case len(bad) > 0:
		err = apperr.InvalidFields(bad)
	case p.Status == publish.Published:
		_, err = ui.svc.Update(r.Context(), c, p.ID, e, f.ChangeNote)
	default:
		_, err = ui.svc.Edit(r.Context(), c, p.ID, e)
	}
	if err != nil {
		ui.formError(w, r, c, &p, f, err)
		return
	}
	http.Redirect(w, r, "/publish/"+strconv.FormatInt(p.ID, 10)+"?msg=saved", http.StatusSeeOther)
}

// step handles POST /publish/{id}/submit, approve, send-back, publish and
// retract (with a reason).
func (ui *pubUI) step(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		ui.h.fail(w, r, err)
		return
	}
	c, p, ok := ui.load(w, r)
	if !ok {
		return
	}
	var err error
	switch r.PathValue("step") {
	case "submit":
		_, err = ui.svc.Submit(r.Context(), c, p.ID)
	case "approve":
		_, err = ui.svc.Approve(r.Context(), c, p.ID)
	case "send-back":
		_, err = ui.svc.SendBack(r.Context(), c, p.ID, r.PostFormValue("note"))
	case "publish":
		_, err = ui.svc.Publish(r.Context(), c, p.ID)
	case "retract":
		_, err = ui.svc.Retract(r.Context(), c, p.ID, r.PostFormValue("reason"))
	default:
		ui.h.notFound(w, r)
		return
	}
	if err != nil {
		ui.formError(w, r, c, &p, formOfPub(p), err)
		return
	}
	http.Redirect(w, r, "/publish/"+strconv.FormatInt(p.ID, 10)+"?msg=saved", http.StatusSeeOther)
}

// load reads the caller and the publication of the path, answering the
// error itself when it fails.
func (ui *pubUI) load(w http.ResponseWriter, r *http.Request) (publish.Caller, publish.Publication, bool) {
	c, err := ui.caller(r)
	var p publish.Publication
	var id int64
	if err == nil {
		id, err = idOf(r)
	}
	if err == nil {
		p, err = ui.svc.Get(r.Context(), c, id)
	}
	if err != nil {
		ui.h.fail(w, r, err)
		return c, p, false
	}
	return c, p, true
}

// formError shows the form again with the error when the user can fix it,
// and the error page otherwise.
func (ui *pubUI) formError(w http.ResponseWriter, r *http.Request, c publish.Caller, p *publish.Publication, f pubForm, err error) {
	switch apperr.CodeOf(err) {
	case apperr.Invalid, apperr.Conflict, apperr.Forbidden:
		ui.renderForm(w, r, apperr.HTTPStatus(apperr.CodeOf(err)), c, p, f, err)
	default:
		ui.h.fail(w, r, err)
	}
}

// renderForm shows the new-publication form (p nil) or a publication
// with its form, preview, workflow buttons and versions.
func (ui *pubUI) renderForm(w http.ResponseWriter, r *http.Request, status int, c publish.Caller, p *publish.Publication, f pubForm, err error) {
	d := pubPage{Pub: p, Form: f, Action: "/publish", Units: draftUnits(c), Ratings: ratingOptions(f.Rating),
		Preview: publish.RenderMarkdown(f.BodyMD), Editable: true, Saved: r.URL.Query().Get("msg") == "saved"}
	if err != nil {
		d.ErrorKey, d.Detail, d.Fields = "pub.error", apperr.MessageOf(err), apperr.FieldsOf(err)
	}
	if p != nil {
		d.Action = "/publish/" + strconv.FormatInt(p.ID, 10)
		d.Editable = p.Status != publish.Retracted
		switch p.Status {
		case publish.Draft:
			d.Steps = []string{"submit"}
		case publish.InReview:
			d.Steps = []string{"approve", "send-back"}
		case publish.Approved:
			d.Steps = []string{"publish", "send-back"}
		case publish.Published:
			d.CanRetract = c.Scope.Can(auth.Close, p.UnitID)
		}
		if p.Status.Public() {
			d.PublicURL = publish.PageURL("", *p)
		}
		vs, verr := ui.svc.Versions(r.Context(), c, p.ID)
		if verr != nil {
			ui.h.fail(w, r, verr)
			return
		}
		d.Versions = vs
	}
	ui.h.render(w, r, status, "publication", "pub.title", d)
}
