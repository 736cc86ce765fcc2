package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/store"
)

// AlertsStore is what the Alerts page needs from the database.
// *store.DB satisfies it.
type AlertsStore interface {
	// Alerts lists alerts, latest event time first.
	Alerts(ctx context.Context, f store.AlertFilter) ([]store.Alert, error)
}

// AlertsDeps turn the Alerts placeholder into the Alerts page (/alerts).
// Every logged-in user reads it; with Deps.Desk set, it lists only the
// alerts in the caller's scope, open ones by score, with the desk's actions
// (accept, merge, dismiss, one at a time or in bulk, and filing a tip).
type AlertsDeps struct {
	Store AlertsStore
}

// alertsUI serves the Alerts page.
type alertsUI struct {
	h     *Handler
	store AlertsStore
}

// Alerts list paging: the store has no offset, so page n reads n pages.
const (
	alertsPerPage  = 50
	alertsMaxPages = 40
)

// alertsArea builds the Alerts area with its own mux under /alerts.
func (h *Handler) alertsArea(d AlertsDeps) (Area, error) {
	if d.Store == nil {
		return Area{}, errors.New("web: AlertsDeps.Store is required")
	}
	ui := &alertsUI{h: h, store: d.Store}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /alerts", ui.list)
	if h.desk != nil {
		ui.deskRoutes(mux)
	}
	mux.HandleFunc("/alerts/", h.notFound)
	return Area{Path: "/alerts", Key: "nav.alerts", Handler: mux}, nil
}

// alertsPage is the data of the Alerts page.
type alertsPage struct {
	Statuses []filterOption
	Kinds    []filterOption
	Status   string // "" for all
	Kind     string // "" for all
	Rows     []alertRow
	PrevURL  string
	NextURL  string
	Desk     *alertsDesk // the desk's forms; nil without the desk
}

// filterOption is one choice of a select filter.
type filterOption struct {
	Value    string
	Key      string // i18n key of its label
	Selected bool
}

// list handles GET /alerts: alerts with ?status= (open by default, "all"
// for any) and ?kind= (any by default), latest first, a page at a time.
func (ui *alertsUI) list(w http.ResponseWriter, r *http.Request) {
	lang, q := ui.h.locale(r), r.URL.Query()
	status := q.Get("status")
	switch {
	case status == "":
		status = store.AlertOpen
	case !slices.Contains(alertStatuses(), status):
		status = "all"
	}
	kind := q.Get("kind")
	if !slices.Contains(alertKinds(), kind) {
		kind = ""
	}
	page := min(pageNumber(r), alertsMaxPages)
	f := store.AlertFilter{Limit: page*alertsPerPage + 1}
	if status == store.AlertOpen {
		// Open alerts are ordered by score, so read every page of them.
		f.Limit = alertsMaxPages*alertsPerPage + 1
	}
	if status != "all" {
		f.Status = status
	}
	if kind != "" {
		f.Kinds = []string{kind}
	}
	alerts, dk, err := ui.load(r, f)
	if err != nil {
		ui.h.fail(w, r, fmt.Errorf("alerts: %w", err))
		return
	}
	if status == store.AlertOpen {
		byPriority(alerts)
	}
	p := alertsPage{Status: status, Kind: kind, Desk: dk}
	p.Statuses = append(p.Statuses, filterOption{Value: "all", Key: "alerts.status.all", Selected: status == "all"})
	for _, s := range alertStatuses() {
		p.Statuses = append(p.Statuses, filterOption{Value: s, Key: "alerts.status." + s, Selected: s == status})
	}
	p.Kinds = append(p.Kinds, filterOption{Value: "", Key: "alerts.kind.all", Selected: kind == ""})
	for _, k := range alertKinds() {
		p.Kinds = append(p.Kinds, filterOption{Value: k, Key: "alerts.kind." + k, Selected: k == kind})
	}
	from := (page - 1) * alertsPerPage
	for _, a := range alerts[min(from, len(alerts)):min(from+alertsPerPage, len(alerts))] {
		row := ui.h.alertRow(lang, a)
		row.CanAct = dk != nil && a.Status == store.AlertOpen && dk.caller.Scope.Can(auth.Triage, a.UnitID)
		p.Rows = append(p.Rows, row)
	}
	pq := url.Values{"status": {status}, "kind": {kind}}
	if page > 1 {
		p.PrevURL = pageURL("/alerts", pq, page-1)
	}
	if len(alerts) > from+alertsPerPage && page < alertsMaxPages {
		p.NextURL = pageURL("/alerts", pq, page+1)
	}
	ui.h.render(w, r, http.StatusOK, "alerts", "nav.alerts", p)
}
