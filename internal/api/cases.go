package api

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/casework"
	"github.com/factdesk/factdesk/internal/desk"
)

// listCases handles GET /cases.
func (h *handler) listCases(w http.ResponseWriter, r *http.Request, dc casework.Caller) {
	q := r.URL.Query()
	f := casework.Filter{Status: q.Get("status"), Priority: q.Get("priority")}
	var err error
	var lim int64
	for _, step := range []func() error{
		func() (e error) { f.UnitID, e = intParam(r, "unit_id"); return },
		func() (e error) { f.AssigneeID, e = intParam(r, "assignee_id"); return },
		func() (e error) { lim, e = intParam(r, "limit"); return },
		func() (e error) { f.OpenOnly, e = boolParam(r, "open"); return },
		func() (e error) { f.Overdue, e = boolParam(r, "overdue"); return },
	} {
		if err = step(); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	f.Limit = int(min(lim, 1000))
	cases, err := h.desk.List(r.Context(), dc, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"cases": cases})
}

var newCaseFields = []string{"title", "description", "post_ids", "story_ids", "claim_ids", "alert_ids", "unit_id", "priority", "assignee_id"}

// createCase handles POST /cases: 201 with the case, routed.
func (h *handler) createCase(w http.ResponseWriter, r *http.Request, dc casework.Caller) {
	var n casework.NewCase
	if err := decodeJSON(w, r, newCaseFields, &n); err != nil {
		h.fail(w, r, err)
		return
	}
	cs, err := h.desk.Create(r.Context(), dc, n)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Location", fmt.Sprintf("%s/cases/%d", Prefix, cs.ID))
	writeJSON(w, http.StatusCreated, cs)
}

// caseDo runs fn with the case id of the path and answers its case.
func (h *handler) caseDo(fn func(r *http.Request, dc casework.Caller, id int64) (desk.Case, error)) func(w http.ResponseWriter, r *http.Request, dc casework.Caller) {
	return func(w http.ResponseWriter, r *http.Request, dc casework.Caller) {
		id, err := idParam(r, "id", "case")
		if err != nil {
			h.fail(w, r, err)
			return
		}
		cs, err := fn(r, dc, id)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, cs)
	}
}

func (h *handler) getCase(r *http.Request, dc casework.Caller, id int64) (desk.Case, error) {
	return h.desk.Get(r.Context(), dc, id)
}

func (h *handler) updateCase(w http.ResponseWriter, r *http.Request, dc casework.Caller) {
	h.caseDo(func(r *http.Request, dc casework.Caller, id int64) (desk.Case, error) {
		var p casework.Patch
		if err := decodeJSON(w, r, []string{"title", "description", "priority", "unit_id", "assignee_id"}, &p); err != nil {
			return desk.Case{}, err
		}
		return h.desk.Update(r.Context(), dc, id, p)
	})(w, r, dc)
}

func (h *handler) linkCase(w http.ResponseWriter, r *http.Request, dc casework.Caller) {
	h.caseDo(func(r *http.Request, dc casework.Caller, id int64) (desk.Case, error) {
		var l casework.Links
		if err := decodeJSON(w, r, []string{"post_ids", "story_ids", "claim_ids"}, &l); err != nil {
			return desk.Case{}, err
		}
		return h.desk.Link(r.Context(), dc, id, l)
	})(w, r, dc)
}

func (h *handler) caseStatus(w http.ResponseWriter, r *http.Request, dc casework.Caller) {
	h.caseDo(func(r *http.Request, dc casework.Caller, id int64) (desk.Case, error) {
		var req struct{ Status, Reason string }
		if err := decodeJSON(w, r, []string{"status", "reason"}, &req); err != nil {
			return desk.Case{}, err
		}
		return h.desk.SetStatus(r.Context(), dc, id, req.Status, req.Reason)
	})(w, r, dc)
}

func (h *handler) caseVerdict(w http.ResponseWriter, r *http.Request, dc casework.Caller) {
	h.caseDo(func(r *http.Request, dc casework.Caller, id int64) (desk.Case, error) {
		var req struct{ Verdict, Rationale string }
		if err := decodeJSON(w, r, []string{"verdict", "rationale"}, &req); err != nil {
			return desk.Case{}, err
		}
		return h.desk.SetVerdict(r.Context(), dc, id, req.Verdict, req.Rationale)
	})(w, r, dc)
}

func (h *handler) caseEscalate(w http.ResponseWriter, r *http.Request, dc casework.Caller) {
	h.caseDo(func(r *http.Request, dc casework.Caller, id int64) (desk.Case, error) {
		var req struct{ Reason string }
		if r.ContentLength != 0 {
			if err := decodeJSON(w, r, []string{"reason"}, &req); err != nil {
				return desk.Case{}, err
			}
		}
		return h.desk.Escalate(r.Context(), dc, id, req.Reason)
	})(w, r, dc)
}

func (h *handler) listComments(w http.ResponseWriter, r *http.Request, dc casework.Caller) {
	id, err := idParam(r, "id", "case")
	if err == nil {
		cms, err2 := h.desk.Comments(r.Context(), dc, id)
		if err = err2; err == nil {
			writeJSON(w, http.StatusOK, map[string]any{"comments": cms})
			return
		}
	}
	h.fail(w, r, err)
}

func (h *handler) addComment(w http.ResponseWriter, r *http.Request, dc casework.Caller) {
	id, err := idParam(r, "id", "case")
	var req struct{ Body string }
	if err == nil {
		err = decodeJSON(w, r, []string{"body"}, &req)
	}
	if err == nil {
		cm, err2 := h.desk.Comment(r.Context(), dc, id, req.Body)
		if err = err2; err == nil {
			writeJSON(w, http.StatusCreated, cm)
			return
		}
	}
	h.fail(w, r, err)
}

func (h *handler) listEvidence(w http.ResponseWriter, r *http.Request, dc casework.Caller) {
	id, err := idParam(r, "id", "case")
	if err == nil {
		items, err2 := h.desk.Evidence(r.Context(), dc, id)
		if err = err2; err == nil {
			writeJSON(w, http.StatusOK, map[string]any{"evidence": items})
			return
		}
	}
	h.fail(w, r, err)
}

// addEvidence handles POST /cases/{id}/evidence: a JSON body for a URL or
// a note, or multipart/form-data with a "file" part for an upload.
func (h *handler) addEvidence(w http.ResponseWriter, r *http.Request, dc casework.Caller) {
	id, err := idParam(r, "id", "case")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var in casework.EvidenceInput
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "multipart/form-data" {
		in, err = readUpload(w, r)
	} else {
		err = decodeJSON(w, r, []string{"kind", "url", "title", "note"}, &in)
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	e, err := h.desk.AddEvidence(r.Context(), dc, id, in)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, e)
}

func readUpload(w http.ResponseWriter, r *http.Request) (casework.EvidenceInput, error) {
	r.Body = http.MaxBytesReader(w, r.Body, casework.MaxUpload+64<<10)
	if err := r.ParseMultipartForm(casework.MaxUpload + 64<<10); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return casework.EvidenceInput{}, apperr.Errorf(apperr.TooLarge, "evidence files may be at most %d MiB", casework.MaxUpload>>20)
		}
		return casework.EvidenceInput{}, apperr.Wrap(err, apperr.Invalid, "could not read the multipart form")
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return casework.EvidenceInput{}, apperr.InvalidFields(map[string]string{"file": "send the file in a part named \"file\""})
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, casework.MaxUpload+1))
	if err != nil {
		return casework.EvidenceInput{}, apperr.Wrap(err, apperr.Invalid, "could not read the file")
	}
	return casework.EvidenceInput{Kind: desk.EvidenceFile, Filename: hdr.Filename, Content: data,
		Title: r.FormValue("title"), Note: r.FormValue("note")}, nil
}

// evidenceContent handles GET /cases/{id}/evidence/{eid}/content: the
// archived text or the uploaded file, as an attachment.
func (h *handler) evidenceContent(w http.ResponseWriter, r *http.Request, dc casework.Caller) {
	id, err := idParam(r, "id", "case")
	var eid int64
	if err == nil {
		eid, err = idParam(r, "eid", "evidence")
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	e, err := h.desk.EvidenceItem(r.Context(), dc, id, eid)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if len(e.Content) == 0 {
		h.fail(w, r, apperr.Errorf(apperr.NotFound, "evidence %d has no stored content", eid))
		return
	}
	name := e.Filename
	if name == "" {
		name = fmt.Sprintf("evidence-%d.txt", e.ID)
	}
	w.Header().Set("Content-Type", e.ContentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": strings.ReplaceAll(name, "\"", "")}))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "sandbox")
	w.Header().Set("X-Evidence-Sha256", e.SHA256)
	_, _ = w.Write(e.Content)
}

func (h *handler) caseTimeline(w http.ResponseWriter, r *http.Request, dc casework.Caller) {
	id, err := idParam(r, "id", "case")
	if err == nil {
		events, err2 := h.desk.Timeline(r.Context(), dc, id)
		if err = err2; err == nil {
			writeJSON(w, http.StatusOK, map[string]any{"events": events})
			return
		}
	}
	h.fail(w, r, err)
}

func (h *handler) listNotifications(w http.ResponseWriter, r *http.Request, dc casework.Caller) {
	unread, err := boolParam(r, "unread")
	if err == nil {
		ns, err2 := h.desk.Notifications(r.Context(), dc, unread)
		if err = err2; err == nil {
			writeJSON(w, http.StatusOK, map[string]any{"notifications": ns})
			return
		}
	}
	h.fail(w, r, err)
}

func (h *handler) readNotifications(w http.ResponseWriter, r *http.Request, dc casework.Caller) {
	if err := h.desk.MarkRead(r.Context(), dc); err != nil {
		h.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
