package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/publish"
)

// listPublications handles GET /api/v1/publications: the publications of
// the units the caller may read, newest change first, filtered by kind,
// status and q, paged by limit and offset.
func (h *handler) listPublications(w http.ResponseWriter, r *http.Request, pc publish.Caller) {
	q := r.URL.Query()
	f := publish.Filter{Kind: publish.Kind(q.Get("kind")), Query: q.Get("q"), Limit: 50}
	if s := q.Get("status"); s != "" {
		f.Statuses = []publish.Status{publish.Status(s)}
	}
	var err error
	if f.Limit, err = queryInt(q.Get("limit"), 50, 1, 500, "limit"); err == nil {
		f.Offset, err = queryInt(q.Get("offset"), 0, 0, 1<<30, "offset")
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	items, total, err := h.pubs.List(r.Context(), pc, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out := struct {
		Items  []publicationJSON `json:"items"`
		Total  int               `json:"total"`
		Limit  int               `json:"limit"`
		Offset int               `json:"offset"`
	}{Items: []publicationJSON{}, Total: total, Limit: f.Limit, Offset: f.Offset}
	for _, p := range items {
		out.Items = append(out.Items, h.pubJSON(p))
	}
	writeJSON(w, http.StatusOK, out)
}

func queryInt(v string, def, lo, hi int, name string) (int, error) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, apperr.InvalidFields(map[string]string{name: "want a number from " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi)})
	}
	return n, nil
}

// createPublication handles POST /api/v1/publications: an editor writes a
// draft, from scratch or from a case (case_id). With "publish": true it
// goes on through review, approval and publication in one call, which
// only a lead may do, in a unit that allows self-approval.
func (h *handler) createPublication(w http.ResponseWriter, r *http.Request, pc publish.Caller) {
	var b publicationBody
	if err := decodeJSON(w, r, createPubFields, &b); err != nil {
		h.fail(w, r, err)
		return
	}
	e, err := b.edit()
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var p publish.Publication
	e.Apply(&p)
	if b.Kind != nil {
		p.Kind = publish.Kind(*b.Kind)
	}
	if b.UnitID != nil {
		p.UnitID = *b.UnitID
	}
	if b.CaseID != nil {
		p.CaseID = *b.CaseID
	}
	if p, err = h.pubs.Create(r.Context(), pc, p); err != nil {
		h.fail(w, r, err)
		return
	}
	if b.Publish {
		if p, err = h.pubs.PublishNow(r.Context(), pc, p.ID); err != nil {
			h.fail(w, r, apperr.Wrap(err, apperr.CodeOf(err), "Publication "+strconv.FormatInt(p.ID, 10)+" was saved as a draft but not published: "+apperr.MessageOf(err)))
			return
		}
	}
	w.Header().Set("Location", Prefix+"/publications/"+strconv.FormatInt(p.ID, 10))
	writeJSON(w, http.StatusCreated, h.pubJSON(p))
}

// getPublication handles GET /api/v1/publications/{id}, with its versions.
func (h *handler) getPublication(w http.ResponseWriter, r *http.Request, pc publish.Caller) {
	id, err := pathID(r, "publication")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p, err := h.pubs.Get(r.Context(), pc, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out := h.pubJSON(p)
	if out.Versions, err = h.pubs.Versions(r.Context(), pc, id); err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// patchPublication handles PATCH /api/v1/publications/{id}: an edit of a
// publication not yet public, or, for a published one, a new public
// version that needs change_note (a lead).
func (h *handler) patchPublication(w http.ResponseWriter, r *http.Request, pc publish.Caller) {
	id, err := pathID(r, "publication")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var b publicationBody
	if err := decodeJSON(w, r, patchPubFields, &b); err != nil {
		h.fail(w, r, err)
		return
	}
	e, err := b.edit()
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p, err := h.pubs.Get(r.Context(), pc, id)
	if err == nil {
		if p.Status == publish.Published {
			p, err = h.pubs.Update(r.Context(), pc, id, e, b.ChangeNote)
		} else {
			p, err = h.pubs.Edit(r.Context(), pc, id, e)
		}
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, h.pubJSON(p))
}

// stepFunc is one workflow step of Publications.
type stepFunc func(ctx context.Context, c publish.Caller, id int64) (publish.Publication, error)

// publicationStep handles POST /api/v1/publications/{id}/submit, approve
// and publish: pick chooses the step.
func (h *handler) publicationStep(pick func(Publications) stepFunc) func(http.ResponseWriter, *http.Request, publish.Caller) {
	return func(w http.ResponseWriter, r *http.Request, pc publish.Caller) {
		id, err := pathID(r, "publication")
		if err != nil {
			h.fail(w, r, err)
			return
		}
		p, err := pick(h.pubs)(r.Context(), pc, id)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, h.pubJSON(p))
	}
}

// retractPublication handles POST /api/v1/publications/{id}/retract with
// {"reason": "..."} (a lead); the public page stays, marked retracted.
func (h *handler) retractPublication(w http.ResponseWriter, r *http.Request, pc publish.Caller) {
	id, err := pathID(r, "publication")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var b struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(w, r, []string{"reason"}, &b); err != nil {
		h.fail(w, r, err)
		return
	}
	p, err := h.pubs.Retract(r.Context(), pc, id, b.Reason)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, h.pubJSON(p))
}

// publicationRoutes are the endpoints of publishing, for the route table.
func (h *handler) publicationRoutes() []route {
	step := func(pick func(Publications) stepFunc) func(http.ResponseWriter, *http.Request, *caller) {
		return h.withPublications(h.publicationStep(pick))
	}
	return []route{
		{method: http.MethodGet, path: "/publications", fn: h.withPublications(h.listPublications)},
		{method: http.MethodPost, path: "/publications", fn: h.withPublications(h.createPublication)},
		{method: http.MethodGet, path: "/publications/{id}", fn: h.withPublications(h.getPublication)},
		{method: http.MethodPatch, path: "/publications/{id}", fn: h.withPublications(h.patchPublication)},
		{method: http.MethodPost, path: "/publications/{id}/submit", fn: step(func(p Publications) stepFunc { return p.Submit })},
		{method: http.MethodPost, path: "/publications/{id}/approve", fn: step(func(p Publications) stepFunc { return p.Approve })},
		{method: http.MethodPost, path: "/publications/{id}/publish", fn: step(func(p Publications) stepFunc { return p.Publish })},
		{method: http.MethodPost, path: "/publications/{id}/retract", fn: h.withPublications(h.retractPublication)},
	}
}
