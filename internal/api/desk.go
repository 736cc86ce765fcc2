package api

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/audit"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/casework"
	"github.com/factdesk/factdesk/internal/desk"
	"github.com/factdesk/factdesk/internal/store"
)

// Desk is what the alert and case endpoints need. *casework.Service
// satisfies it.
type Desk interface {
	Alerts(ctx context.Context, c casework.Caller, f store.AlertFilter) ([]store.Alert, error)
	GetAlert(ctx context.Context, c casework.Caller, id int64) (store.Alert, error)
	FileTip(ctx context.Context, c casework.Caller, t casework.Tip) (store.Alert, error)
	AcceptAlert(ctx context.Context, c casework.Caller, alertID, caseID int64, title string) (desk.Case, error)
	DismissAlert(ctx context.Context, c casework.Caller, alertID int64, reason string) (store.Alert, error)
	List(ctx context.Context, c casework.Caller, f casework.Filter) ([]desk.Case, error)
	Get(ctx context.Context, c casework.Caller, id int64) (desk.Case, error)
	Create(ctx context.Context, c casework.Caller, n casework.NewCase) (desk.Case, error)
	Update(ctx context.Context, c casework.Caller, id int64, p casework.Patch) (desk.Case, error)
	Link(ctx context.Context, c casework.Caller, id int64, l casework.Links) (desk.Case, error)
	SetStatus(ctx context.Context, c casework.Caller, id int64, to, reason string) (desk.Case, error)
	SetVerdict(ctx context.Context, c casework.Caller, id int64, verdict, rationale string) (desk.Case, error)
	Escalate(ctx context.Context, c casework.Caller, id int64, reason string) (desk.Case, error)
	Comment(ctx context.Context, c casework.Caller, id int64, body string) (desk.Comment, error)
	Comments(ctx context.Context, c casework.Caller, id int64) ([]desk.Comment, error)
	AddEvidence(ctx context.Context, c casework.Caller, id int64, in casework.EvidenceInput) (desk.Evidence, error)
	Evidence(ctx context.Context, c casework.Caller, id int64) ([]desk.Evidence, error)
	EvidenceItem(ctx context.Context, c casework.Caller, caseID, id int64) (desk.Evidence, error)
	Timeline(ctx context.Context, c casework.Caller, id int64) ([]audit.Event, error)
	Notifications(ctx context.Context, c casework.Caller, unreadOnly bool) ([]store.Notification, error)
	MarkRead(ctx context.Context, c casework.Caller) error
}

// deskCaller is the caller as the desk sees it: their scope over the
// unit tree.
func (h *handler) deskCaller(ctx context.Context, c *caller) (casework.Caller, error) {
	units, err := h.store.Units(ctx)
	if err != nil {
		return casework.Caller{}, fmt.Errorf("units: %w", err)
	}
	return casework.Caller{UserID: c.user.ID, Actor: c.actor(), Scope: auth.NewScope(c.user.ID, c.memberships, units)}, nil
}

// withDesk resolves the desk caller before fn, and answers 503 when this
// process serves no desk.
func (h *handler) withDesk(fn func(w http.ResponseWriter, r *http.Request, dc casework.Caller)) func(w http.ResponseWriter, r *http.Request, c *caller) {
	return func(w http.ResponseWriter, r *http.Request, c *caller) {
		if h.desk == nil {
			h.fail(w, r, apperr.Errorf(apperr.Unavailable, "The desk is not served by this process."))
			return
		}
		dc, err := h.deskCaller(r.Context(), c)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		fn(w, r, dc)
	}
}

// idParam reads a positive integer path value; anything else is NotFound
// naming what.
func idParam(r *http.Request, name, what string) (int64, error) {
	raw := r.PathValue(name)
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.Errorf(apperr.NotFound, "%s %q not found", what, raw)
	}
	return id, nil
}

// intParam reads an optional integer query parameter.
func intParam(r *http.Request, name string) (int64, error) {
	raw := r.URL.Query().Get(name)
	if raw == "" {
		return 0, nil
	}
	v, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || v < 0 {
		return 0, apperr.InvalidFields(map[string]string{name: fmt.Sprintf("%q is not a whole number", raw)})
	}
	return v, nil
}

func boolParam(r *http.Request, name string) (bool, error) {
	switch raw := r.URL.Query().Get(name); raw {
	case "", "false", "0":
		return false, nil
	case "true", "1":
		return true, nil
	default:
		return false, apperr.InvalidFields(map[string]string{name: fmt.Sprintf("%q is not true or false", raw)})
	}
}

// listAlerts handles GET /alerts.
func (h *handler) listAlerts(w http.ResponseWriter, r *http.Request, dc casework.Caller) {
	q := r.URL.Query()
	f := store.AlertFilter{Status: q.Get("status")}
	if k := q.Get("kind"); k != "" {
		f.Kinds = []string{k}
	}
	var err error
	if f.StoryID, err = intParam(r, "story_id"); err == nil {
		var lim int64
		lim, err = intParam(r, "limit")
		f.Limit = int(min(lim, 1000))
	}
	if s := q.Get("since"); s != "" && err == nil {
		if f.Since, err = time.Parse(time.RFC3339, s); err != nil {
			err = apperr.InvalidFields(map[string]string{"since": "want an RFC 3339 time such as 2026-11-29T08:00:00Z"})
		}
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	alerts, err := h.desk.Alerts(r.Context(), dc, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"alerts": alerts})
}

func (h *handler) getAlert(w http.ResponseWriter, r *http.Request, dc casework.Caller) {
	id, err := idParam(r, "id", "alert")
	if err == nil {
		var a store.Alert
		if a, err = h.desk.GetAlert(r.Context(), dc, id); err == nil {
			writeJSON(w, http.StatusOK, a)
			return
		}
	}
	h.fail(w, r, err)
}

// fileTip handles POST /alerts: a manual tip.
func (h *handler) fileTip(w http.ResponseWriter, r *http.Request, dc casework.Caller) {
	var t casework.Tip
	if err := decodeJSON(w, r, []string{"text", "url", "unit_id"}, &t); err != nil {
		h.fail(w, r, err)
		return
	}
	a, err := h.desk.FileTip(r.Context(), dc, t)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, a)
}

type acceptRequest struct {
	CaseID int64  `json:"case_id"`
	Title  string `json:"title"`
}

// acceptAlert handles POST /alerts/{id}/accept: a new case (201), or the
// case it was merged into (200) when case_id is given.
func (h *handler) acceptAlert(w http.ResponseWriter, r *http.Request, dc casework.Caller) {
	id, err := idParam(r, "id", "alert")
	var req acceptRequest
	if err == nil && r.ContentLength != 0 {
		err = decodeJSON(w, r, []string{"case_id", "title"}, &req)
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	cs, err := h.desk.AcceptAlert(r.Context(), dc, id, req.CaseID, req.Title)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	status := http.StatusCreated
	if req.CaseID != 0 {
		status = http.StatusOK
	}
	writeJSON(w, status, cs)
}

func (h *handler) dismissAlert(w http.ResponseWriter, r *http.Request, dc casework.Caller) {
	id, err := idParam(r, "id", "alert")
	var req struct {
		Reason string `json:"reason"`
	}
	if err == nil {
		err = decodeJSON(w, r, []string{"reason"}, &req)
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	a, err := h.desk.DismissAlert(r.Context(), dc, id, req.Reason)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a)
}

type bulkRequest struct {
	Action string  `json:"action"` // accept, merge or dismiss
	IDs    []int64 `json:"ids"`
	CaseID int64   `json:"case_id"`
	Reason string  `json:"reason"`
}

type bulkResult struct {
	ID     int64  `json:"id"`
	OK     bool   `json:"ok"`
	CaseID int64  `json:"case_id,omitempty"`
	Error  string `json:"error,omitempty"`
}

// bulkAlerts handles POST /alerts/bulk: one action on many alerts, each
// answered on its own (a refusal of one does not stop the others).
func (h *handler) bulkAlerts(w http.ResponseWriter, r *http.Request, dc casework.Caller) {
	var req bulkRequest
	if err := decodeJSON(w, r, []string{"action", "ids", "case_id", "reason"}, &req); err != nil {
		h.fail(w, r, err)
		return
	}
	bad := map[string]string{}
	if req.Action != "accept" && req.Action != "merge" && req.Action != "dismiss" {
		bad["action"] = "want accept, merge or dismiss"
	}
	if len(req.IDs) == 0 || len(req.IDs) > 500 {
		bad["ids"] = "give 1 to 500 alert ids"
	}
	if req.Action == "merge" && req.CaseID == 0 {
		bad["case_id"] = "merging needs the case to merge into"
	}
	if len(bad) > 0 {
		h.fail(w, r, apperr.InvalidFields(bad))
		return
	}
	ctx := r.Context()
	out := make([]bulkResult, 0, len(req.IDs))
	target := req.CaseID
	for _, id := range req.IDs {
		res := bulkResult{ID: id}
		var err error
		switch req.Action {
		case "dismiss":
			_, err = h.desk.DismissAlert(ctx, dc, id, req.Reason)
		default:
			var cs desk.Case
			cs, err = h.desk.AcceptAlert(ctx, dc, id, target, "")
			if err == nil {
				res.CaseID = cs.ID
				if req.Action == "accept" && target == 0 {
					target = cs.ID // one case for the batch: the first accepted opens it, the rest join
				}
			}
		}
		res.OK = err == nil
		if err != nil {
			res.Error = apperr.MessageOf(err)
		}
		out = append(out, res)
	}
	writeJSON(w, http.StatusOK, map[string]any{"results": out})
}
