package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/casework"
	"github.com/factdesk/factdesk/internal/desk"
)

// casesUI serves the Cases board, case pages and their actions. Every
// decision about who may do what is the desk service's; the pages only hide
// what the caller's role cannot use.
type casesUI struct {
	h    *Handler
	desk *casework.Service
}

// casesArea builds the Cases area with its own mux under /cases.
func (h *Handler) casesArea() Area {
	ui := &casesUI{h: h, desk: h.desk}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /cases", ui.withCaller(ui.board))
	mux.HandleFunc("POST /cases", ui.withCaller(ui.create))
	mux.HandleFunc("GET /cases/{id}", ui.withCaller(ui.show))
	mux.HandleFunc("POST /cases/{id}/status", ui.withCaller(ui.act(ui.setStatus)))
	mux.HandleFunc("POST /cases/{id}/verdict", ui.withCaller(ui.act(ui.setVerdict)))
	mux.HandleFunc("POST /cases/{id}/priority", ui.withCaller(ui.act(ui.setPriority)))
	mux.HandleFunc("POST /cases/{id}/unit", ui.withCaller(ui.act(ui.setUnit)))
	mux.HandleFunc("POST /cases/{id}/assignee", ui.withCaller(ui.act(ui.setAssignee)))
	mux.HandleFunc("POST /cases/{id}/escalate", ui.withCaller(ui.act(ui.escalate)))
	mux.HandleFunc("POST /cases/{id}/comments", ui.withCaller(ui.act(ui.comment)))
	mux.HandleFunc("POST /cases/{id}/evidence", ui.withCaller(ui.addEvidence))
	mux.HandleFunc("GET /cases/{id}/evidence/{eid}", ui.withCaller(ui.evidenceFile))
	mux.HandleFunc("/cases/", h.notFound)
	return Area{Path: "/cases", Key: "nav.cases", Handler: mux}
}

// callerHandler is a handler that acts for the logged-in user.
type callerHandler func(w http.ResponseWriter, r *http.Request, c casework.Caller)

// withCaller loads the logged-in user's scope (area handlers run behind
// requireUser, so there is a user).
func (ui *casesUI) withCaller(fn callerHandler) http.HandlerFunc {
	return deskCaller(ui.h, fn)
}

// deskCaller runs fn with the desk caller of the request's user.
func deskCaller(h *Handler, fn callerHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u := UserFrom(r.Context())
		if u == nil {
			h.notFound(w, r)
			return
		}
		c, err := h.desk.CallerFor(r.Context(), u.ID)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		fn(w, r, c)
	}
}

// formID reads an optional positive id from a form field; "" is 0.
func formID(r *http.Request, field string) (int64, error) {
	v := strings.TrimSpace(r.FormValue(field))
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id < 0 {
		return 0, apperr.InvalidFields(map[string]string{field: fmt.Sprintf("%q is not an id", v)})
	}
	return id, nil
}

// parseIDs reads ids separated by commas or spaces ("12, 15 18").
func parseIDs(field, s string) ([]int64, error) {
	var out []int64
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t' }) {
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil || id <= 0 {
			return nil, apperr.InvalidFields(map[string]string{field: fmt.Sprintf("%q is not an id", f)})
		}
		out = append(out, id)
	}
	return out, nil
}

// redirectMsg sends the browser to path with a notice named msg.
func redirectMsg(w http.ResponseWriter, r *http.Request, path, msg string) {
	http.Redirect(w, r, path+"?"+url.Values{"msg": {msg}}.Encode(), http.StatusSeeOther)
}

// deskFlashes are the notices of the desk pages, named by ?msg=.
var deskFlashes = map[string]string{
	"created":    "desk.msg.created",
	"accepted":   "desk.msg.accepted",
	"merged":     "desk.msg.merged",
	"dismissed":  "desk.msg.dismissed",
	"tip":        "desk.msg.tip",
	"status":     "desk.msg.status",
	"verdict":    "desk.msg.verdict",
	"updated":    "desk.msg.updated",
	"escalated":  "desk.msg.escalated",
	"moved_away": "desk.msg.moved_away",
	"commented":  "desk.msg.commented",
	"evidence":   "desk.msg.evidence",
	"bulk":       "desk.msg.bulk",
	"bulk_some":  "desk.msg.bulk_some",
	"bulk_empty": "desk.msg.bulk_empty",
}

// deskFlash is the notice named by ?msg= in lang, or "". The notices of a
// bulk action count what was done (?done=) and refused (?failed=).
func (h *Handler) deskFlash(r *http.Request) string {
	q := r.URL.Query()
	key, ok := deskFlashes[q.Get("msg")]
	if !ok {
		return ""
	}
	done, _ := strconv.Atoi(q.Get("done"))
	failed, _ := strconv.Atoi(q.Get("failed"))
	switch q.Get("msg") {
	case "bulk":
		return h.cat.T(h.locale(r), key, done)
	case "bulk_some":
		return h.cat.T(h.locale(r), key, done, failed)
	}
	return h.cat.T(h.locale(r), key)
}

// names are the unit and user names the desk pages show instead of ids.
type names struct {
	units map[int64]auth.Unit
	users map[int64]auth.User
	list  []auth.Unit // in the store's order
	all   []auth.User
}

// loadNames reads every unit and user once per page.
func (ui *casesUI) loadNames(ctx context.Context) (names, error) {
	return loadDeskNames(ctx, ui.desk)
}

func loadDeskNames(ctx context.Context, svc *casework.Service) (names, error) {
	n := names{units: map[int64]auth.Unit{}, users: map[int64]auth.User{}}
	units, err := svc.DB.Units(ctx)
	if err != nil {
		return n, fmt.Errorf("units: %w", err)
	}
	users, err := svc.DB.Users(ctx)
	if err != nil {
		return n, fmt.Errorf("users: %w", err)
	}
	n.list, n.all = units, users
	for _, u := range units {
		n.units[u.ID] = u
	}
	for _, u := range users {
		n.users[u.ID] = u
	}
	return n, nil
}

// unit is a unit's name, or "#id" when it is gone.
func (n names) unit(id int64) string {
	if u, ok := n.units[id]; ok {
		return u.Name
	}
	if id == 0 {
		return ""
	}
	return "#" + strconv.FormatInt(id, 10)
}

// user is a user's name, or "" for nobody.
func (n names) user(id int64) string {
	if u, ok := n.users[id]; ok {
		return u.Name
	}
	if id == 0 {
		return ""
	}
	return "#" + strconv.FormatInt(id, 10)
}

// actor names who did something: "user:12" becomes the user's name.
func (n names) actor(a string) string {
	if rest, ok := strings.CutPrefix(a, "user:"); ok {
		if id, err := strconv.ParseInt(rest, 10, 64); err == nil {
			if name := n.user(id); name != "" {
				return name
			}
		}
	}
	return a
}

// option is one choice of a select.
type option struct {
	Value    string
	Label    string // shown as is
	Key      string // i18n key of the label, when Label is ""
	Selected bool
}

// unitOptions lists the units the caller may act on with a, selecting sel.
func (n names) unitOptions(c casework.Caller, a auth.Action, sel int64) []option {
	var out []option
	for _, u := range n.list {
		if c.Scope.Can(a, u.ID) {
			out = append(out, option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name, Selected: u.ID == sel})
		}
	}
	return out
}

// priorityOptions lists the priorities, selecting sel.
func priorityOptions(sel string) []option {
	var out []option
	for _, p := range desk.Priorities {
		out = append(out, option{Value: string(p), Key: "case.priority." + string(p), Selected: string(p) == sel})
	}
	return out
}
