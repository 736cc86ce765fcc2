package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/casework"
	"github.com/factdesk/factdesk/internal/desk"
)

// boardLimit is how many cases the board shows at most.
const boardLimit = 500

// boardPage is the data of the Cases board.
type boardPage struct {
	Msg        string // a notice after an action
	Columns    []boardColumn
	Dismissed  boardColumn
	Units      []option // filter
	Assignees  []option // filter
	Priorities []option // filter
	Filtered   bool
	CanCreate  bool
	NewUnits   []option // units a new case may be opened in
	Total      int
}

// boardColumn is the cases in one status.
type boardColumn struct {
	Status string
	Key    string // "case.status.new"
	Cards  []caseCard
}

// caseCard is a case as the board shows it.
type caseCard struct {
	ID          int64
	Title       string
	Priority    string
	PriorityKey string
	Unit        string
	Assignee    string
	Due         dueTime
}

// dueTime is a case's due time in words.
type dueTime struct {
	ISO, Exact, Text string
	Overdue          bool
}

// due words when cs is due, in lang, against the handler's clock.
func (h *Handler) due(lang string, cs desk.Case) dueTime {
	if cs.DueAt.IsZero() {
		return dueTime{}
	}
	d := dueTime{ISO: cs.DueAt.UTC().Format(time.RFC3339), Exact: exactTime(cs.DueAt), Overdue: cs.Overdue}
	left := cs.DueAt.Sub(h.clock.Now())
	switch {
	case !cs.Status.Open():
		d.Text = h.cat.T(lang, "case.due_at", d.Exact)
	case cs.Overdue || left < 0:
		d.Overdue = true
		d.Text = h.cat.T(lang, "case.overdue_by", h.span(lang, -left))
	default:
		d.Text = h.cat.T(lang, "case.due_in", h.span(lang, left))
	}
	return d
}

// span words a duration, rounded: "40 min", "3 h", "2 days".
func (h *Handler) span(lang string, d time.Duration) string {
	switch {
	case d < 59*time.Minute+30*time.Second:
		return h.cat.T(lang, "desk.span.minutes", max(1, int(d.Round(time.Minute)/time.Minute)))
	case d < 47*time.Hour+30*time.Minute:
		return h.cat.T(lang, "desk.span.hours", int(d.Round(time.Hour)/time.Hour))
	default:
		return h.cat.T(lang, "desk.span.days", int(d.Round(24*time.Hour)/(24*time.Hour)))
	}
}

// board handles GET /cases: the caller's cases in columns by status, with
// ?unit=, ?assignee= and ?priority= filters.
func (ui *casesUI) board(w http.ResponseWriter, r *http.Request, c casework.Caller) {
	ctx, lang, q := r.Context(), ui.h.locale(r), r.URL.Query()
	n, err := ui.loadNames(ctx)
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	f := casework.Filter{Limit: boardLimit}
	f.UnitID, _ = strconv.ParseInt(q.Get("unit"), 10, 64)
	f.AssigneeID, _ = strconv.ParseInt(q.Get("assignee"), 10, 64)
	if _, ok := desk.ParsePriority(q.Get("priority")); ok {
		f.Priority = q.Get("priority")
	}
	f.UnitID, f.AssigneeID = max(f.UnitID, 0), max(f.AssigneeID, 0)
	cases, err := ui.desk.List(ctx, c, f)
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	p := boardPage{Msg: ui.h.deskFlash(r), CanCreate: c.Scope.Any(auth.Triage), NewUnits: n.unitOptions(c, auth.Triage, 0),
		Units: n.unitOptions(c, auth.Read, f.UnitID), Priorities: priorityOptions(f.Priority), Total: len(cases),
		Filtered: f.UnitID != 0 || f.AssigneeID != 0 || f.Priority != ""}
	if p.Assignees, err = ui.members(ctx, n, f.AssigneeID, func(s auth.Scope) bool { return anyShared(c.Scope, s, n.list) }); err != nil {
		ui.h.fail(w, r, err)
		return
	}
	byStatus := map[desk.Status][]caseCard{}
	for _, cs := range cases {
		byStatus[cs.Status] = append(byStatus[cs.Status], ui.card(lang, n, cs))
	}
	for _, s := range desk.Statuses {
		col := boardColumn{Status: string(s), Key: "case.status." + string(s), Cards: byStatus[s]}
		if s == desk.Dismissed {
			p.Dismissed = col
			continue
		}
		p.Columns = append(p.Columns, col)
	}
	ui.h.render(w, r, http.StatusOK, "cases", "nav.cases", p)
}

// anyShared reports whether the user of s works in a unit the caller sees.
func anyShared(caller, s auth.Scope, units []auth.Unit) bool {
	for _, u := range units {
		if caller.Can(auth.Read, u.ID) && s.Can(auth.Triage, u.ID) {
			return true
		}
	}
	return false
}

// members lists, as options, the enabled users whose scope passes keep,
// selecting sel.
func (ui *casesUI) members(ctx context.Context, n names, sel int64, keep func(auth.Scope) bool) ([]option, error) {
	var out []option
	for _, u := range n.all {
		if u.Disabled {
			continue
		}
		ms, err := ui.desk.DB.Memberships(ctx, u.ID)
		if err != nil {
			return nil, fmt.Errorf("memberships of user %d: %w", u.ID, err)
		}
		if len(ms) > 0 && keep(auth.NewScope(u.ID, ms, n.list)) {
			out = append(out, option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name, Selected: u.ID == sel})
		}
	}
	return out, nil
}

// card is cs as the board shows it.
func (ui *casesUI) card(lang string, n names, cs desk.Case) caseCard {
	return caseCard{ID: cs.ID, Title: cs.Title, Priority: string(cs.Priority), PriorityKey: "case.priority." + string(cs.Priority),
		Unit: n.unit(cs.UnitID), Assignee: n.user(cs.AssigneeID), Due: ui.h.due(lang, cs)}
}

// create handles POST /cases: a new case from the board's form.
func (ui *casesUI) create(w http.ResponseWriter, r *http.Request, c casework.Caller) {
	if err := parseForm(w, r); err != nil {
		ui.h.fail(w, r, err)
		return
	}
	nc := casework.NewCase{Title: r.PostFormValue("title"), Description: r.PostFormValue("description")}
	var err error
	if nc.PostIDs, err = parseIDs("post_ids", r.PostFormValue("post_ids")); err == nil {
		nc.UnitID, err = formID(r, "unit_id")
	}
	var cs desk.Case
	if err == nil {
		cs, err = ui.desk.Create(r.Context(), c, nc)
	}
	if err != nil {
		ui.h.refuse(w, r, "/cases", err)
		return
	}
	redirectMsg(w, r, fmt.Sprintf("/cases/%d", cs.ID), "created")
}
