package web

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/casework"
	"github.com/factdesk/factdesk/internal/store"
)

// alertsDesk is what the Alerts page shows of the desk: the caller's
// choices for merging and filing tips, and the notice of the last action.
type alertsDesk struct {
	caller    casework.Caller
	Msg       string
	CanTriage bool
	Cases     []option // open cases an alert may be merged into
	TipUnits  []option // units a tip may be filed for
}

// mergeCasesLimit is how many open cases (the most pressing) the merge
// selects offer; every row of the queue has one.
const mergeCasesLimit = 50

// deskRoutes adds the desk's actions to the Alerts mux.
func (ui *alertsUI) deskRoutes(mux *http.ServeMux) {
	with := func(fn callerHandler) http.HandlerFunc { return deskCaller(ui.h, fn) }
	mux.HandleFunc("POST /alerts/{id}/accept", with(ui.accept))
	mux.HandleFunc("POST /alerts/{id}/merge", with(ui.merge))
	mux.HandleFunc("POST /alerts/{id}/dismiss", with(ui.dismiss))
	mux.HandleFunc("POST /alerts/bulk", with(ui.bulk))
	mux.HandleFunc("POST /alerts/tip", with(ui.tip))
}

// load reads the alerts of f: all of them without the desk, else those in
// the caller's scope with the desk's choices.
func (ui *alertsUI) load(r *http.Request, f store.AlertFilter) ([]store.Alert, *alertsDesk, error) {
	ctx := r.Context()
	if ui.h.desk == nil {
		alerts, err := ui.store.Alerts(ctx, f)
		return alerts, nil, err
	}
	u := UserFrom(ctx)
	if u == nil {
		return nil, nil, apperr.Errorf(apperr.Unauthorized, "log in to see alerts")
	}
	svc := ui.h.desk
	c, err := svc.CallerFor(ctx, u.ID)
	if err != nil {
		return nil, nil, err
	}
	alerts, err := svc.Alerts(ctx, c, f)
	if err != nil {
		return nil, nil, err
	}
	dk := &alertsDesk{caller: c, Msg: ui.h.deskFlash(r), CanTriage: c.Scope.Any(auth.Triage)}
	if !dk.CanTriage {
		return alerts, dk, nil
	}
	n, err := loadDeskNames(ctx, svc)
	if err != nil {
		return nil, nil, err
	}
	dk.TipUnits = n.unitOptions(c, auth.Triage, 0)
	open, err := svc.List(ctx, c, casework.Filter{OpenOnly: true, Limit: mergeCasesLimit})
	if err != nil {
		return nil, nil, err
	}
	for _, cs := range open {
		if c.Scope.Can(auth.Triage, cs.UnitID) {
			label := fmt.Sprintf("#%d %s (%s)", cs.ID, truncate(cs.Title, 80), n.unit(cs.UnitID))
			dk.Cases = append(dk.Cases, option{Value: strconv.FormatInt(cs.ID, 10), Label: label})
		}
	}
	return alerts, dk, nil
}

// byPriority orders alerts by score, then newest first.
func byPriority(alerts []store.Alert) {
	slices.SortStableFunc(alerts, func(a, b store.Alert) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		if c := b.At.Compare(a.At); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
}

// alertAction reads the alert id and the form, then runs fn.
func (ui *alertsUI) alertAction(w http.ResponseWriter, r *http.Request, fn func(id int64) (string, error)) {
	id, err := pathID(r, "alert")
	if err == nil {
		err = parseForm(w, r)
	}
	var to string
	if err == nil {
		to, err = fn(id)
	}
	if err != nil {
		ui.h.refuse(w, r, "/alerts", err)
		return
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// accept handles POST /alerts/{id}/accept (title, optional): a new case.
func (ui *alertsUI) accept(w http.ResponseWriter, r *http.Request, c casework.Caller) {
	ui.alertAction(w, r, func(id int64) (string, error) {
		cs, err := ui.h.desk.AcceptAlert(r.Context(), c, id, 0, r.PostFormValue("title"))
		return fmt.Sprintf("/cases/%d?msg=accepted", cs.ID), err
	})
}

// merge handles POST /alerts/{id}/merge (case_id): into an existing case.
func (ui *alertsUI) merge(w http.ResponseWriter, r *http.Request, c casework.Caller) {
	ui.alertAction(w, r, func(id int64) (string, error) {
		caseID, err := requiredID(r, "case_id")
		if err != nil {
			return "", err
		}
		cs, err := ui.h.desk.AcceptAlert(r.Context(), c, id, caseID, "")
		return fmt.Sprintf("/cases/%d?msg=merged", cs.ID), err
	})
}

// dismiss handles POST /alerts/{id}/dismiss (reason).
func (ui *alertsUI) dismiss(w http.ResponseWriter, r *http.Request, c casework.Caller) {
	ui.alertAction(w, r, func(id int64) (string, error) {
		_, err := ui.h.desk.DismissAlert(r.Context(), c, id, r.PostFormValue("reason"))
		return "/alerts?msg=dismissed", err
	})
}

// requiredID reads a positive id the form must carry.
func requiredID(r *http.Request, field string) (int64, error) {
	id, err := formID(r, field)
	if err == nil && id == 0 {
		err = apperr.InvalidFields(map[string]string{field: "choose one"})
	}
	return id, err
}

// bulk handles POST /alerts/bulk (action accept, merge or dismiss; alert
// ids; case_id for merge; reason for dismiss). Each alert is handled on
// its own: those the desk refuses are counted and the rest still land.
func (ui *alertsUI) bulk(w http.ResponseWriter, r *http.Request, c casework.Caller) {
	if err := parseForm(w, r); err != nil {
		ui.h.refuse(w, r, "/alerts", err)
		return
	}
	var ids []int64
	for _, v := range r.PostForm["alert"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			ui.h.refuse(w, r, "/alerts", apperr.InvalidFields(map[string]string{"alert": fmt.Sprintf("%q is not an alert id", v)}))
			return
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		http.Redirect(w, r, "/alerts?msg=bulk_empty", http.StatusSeeOther)
		return
	}
	ctx, svc, reason := r.Context(), ui.h.desk, r.PostFormValue("reason")
	var do func(id int64) error
	switch r.PostFormValue("action") {
	case "accept":
		do = func(id int64) error { _, err := svc.AcceptAlert(ctx, c, id, 0, ""); return err }
	case "merge":
		caseID, err := requiredID(r, "case_id")
		if err != nil {
			ui.h.refuse(w, r, "/alerts", err)
			return
		}
		do = func(id int64) error { _, err := svc.AcceptAlert(ctx, c, id, caseID, ""); return err }
	case "dismiss":
		do = func(id int64) error { _, err := svc.DismissAlert(ctx, c, id, reason); return err }
	default:
		ui.h.refuse(w, r, "/alerts", apperr.InvalidFields(map[string]string{"action": "choose accept, merge or dismiss"}))
		return
	}
	done, failed := 0, 0
	for _, id := range ids {
		if err := do(id); err != nil {
			if apperr.CodeOf(err) == apperr.Internal || apperr.CodeOf(err) == "" {
				ui.h.refuse(w, r, "/alerts", fmt.Errorf("bulk %s alert %d: %w", r.PostFormValue("action"), id, err))
				return
			}
			failed++
			continue
		}
		done++
	}
	q := url.Values{"msg": {"bulk"}, "done": {strconv.Itoa(done)}}
	if failed > 0 {
		q.Set("msg", "bulk_some")
		q.Set("failed", strconv.Itoa(failed))
	}
	http.Redirect(w, r, "/alerts?"+q.Encode(), http.StatusSeeOther)
}

// tip handles POST /alerts/tip (text, url, unit_id): a manual alert.
func (ui *alertsUI) tip(w http.ResponseWriter, r *http.Request, c casework.Caller) {
	err := parseForm(w, r)
	var t casework.Tip
	if err == nil {
		t = casework.Tip{Text: r.PostFormValue("text"), URL: r.PostFormValue("url")}
		t.UnitID, err = formID(r, "unit_id")
	}
	if err == nil {
		_, err = ui.h.desk.FileTip(r.Context(), c, t)
	}
	if err != nil {
		ui.h.refuse(w, r, "/alerts", err)
		return
	}
	http.Redirect(w, r, "/alerts?msg=tip", http.StatusSeeOther)
}
