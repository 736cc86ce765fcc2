package web

import (
	"fmt"
	"net/http"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/casework"
	"github.com/factdesk/factdesk/internal/desk"
)

// caseAction is what a form on the case page asks of the desk; it returns
// the notice to show on the case page after the redirect.
type caseAction func(r *http.Request, c casework.Caller, id int64) (msg string, err error)

// movedAway is what an action returns when it moved the case to a unit
// the caller cannot see: the browser goes back to the board.
const movedAway = "moved_away"

// act handles a POST on a case: it reads the form, runs fn and sends the
// browser back to the case page, or shows why it was refused.
func (ui *casesUI) act(fn caseAction) callerHandler {
	return func(w http.ResponseWriter, r *http.Request, c casework.Caller) {
		id, err := pathID(r, "case")
		if err == nil {
			err = parseForm(w, r)
		}
		var msg string
		if err == nil {
			msg, err = fn(r, c, id)
		}
		if err != nil {
			ui.h.refuse(w, r, fmt.Sprintf("/cases/%d", id), err)
			return
		}
		if msg == movedAway {
			redirectMsg(w, r, "/cases", movedAway)
			return
		}
		redirectMsg(w, r, fmt.Sprintf("/cases/%d", id), msg)
	}
}

// setStatus handles POST /cases/{id}/status (to, reason).
func (ui *casesUI) setStatus(r *http.Request, c casework.Caller, id int64) (string, error) {
	_, err := ui.desk.SetStatus(r.Context(), c, id, r.PostFormValue("to"), r.PostFormValue("reason"))
	return "status", err
}

// setVerdict handles POST /cases/{id}/verdict (verdict, rationale).
func (ui *casesUI) setVerdict(r *http.Request, c casework.Caller, id int64) (string, error) {
	_, err := ui.desk.SetVerdict(r.Context(), c, id, r.PostFormValue("verdict"), r.PostFormValue("rationale"))
	return "verdict", err
}

// setPriority handles POST /cases/{id}/priority (priority; "" returns to
// the computed one).
func (ui *casesUI) setPriority(r *http.Request, c casework.Caller, id int64) (string, error) {
	p := r.PostFormValue("priority")
	_, err := ui.desk.Update(r.Context(), c, id, casework.Patch{Priority: &p})
	return "updated", err
}

// setUnit handles POST /cases/{id}/unit (unit_id): re-route.
func (ui *casesUI) setUnit(r *http.Request, c casework.Caller, id int64) (string, error) {
	unit, err := formID(r, "unit_id")
	if err != nil {
		return "", err
	}
	cs, err := ui.desk.Update(r.Context(), c, id, casework.Patch{UnitID: &unit})
	return away(c, cs, "updated"), err
}

// setAssignee handles POST /cases/{id}/assignee (assignee_id; "" or 0
// unassigns).
func (ui *casesUI) setAssignee(r *http.Request, c casework.Caller, id int64) (string, error) {
	who, err := formID(r, "assignee_id")
	if err != nil {
		return "", err
	}
	_, err = ui.desk.Update(r.Context(), c, id, casework.Patch{AssigneeID: &who})
	return "updated", err
}

// escalate handles POST /cases/{id}/escalate (reason).
func (ui *casesUI) escalate(r *http.Request, c casework.Caller, id int64) (string, error) {
	cs, err := ui.desk.Escalate(r.Context(), c, id, r.PostFormValue("reason"))
	return away(c, cs, "escalated"), err
}

// comment handles POST /cases/{id}/comments (body); @mentions notify.
func (ui *casesUI) comment(r *http.Request, c casework.Caller, id int64) (string, error) {
	_, err := ui.desk.Comment(r.Context(), c, id, r.PostFormValue("body"))
	return "commented", err
}

// away is msg, or movedAway when cs is now in a unit the caller cannot see.
func away(c casework.Caller, cs desk.Case, msg string) string {
	if cs.ID != 0 && !c.Scope.Can(auth.Read, cs.UnitID) {
		return movedAway
	}
	return msg
}
