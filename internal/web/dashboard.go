package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/report"
)

// dashboardPage is the data of the dashboard: the situation of the chosen
// unit (when the situation picture is wired), and where the user works.
type dashboardPage struct {
	Memberships []membershipRow
	Areas       []navItem
	Situation   *situationView // nil without the situation picture
}

// situationView is the live part of the dashboard.
type situationView struct {
	L         func(key string) string
	Units     []situationUnit
	UnitID    int64
	Days      int
	DayChoice []int
	Fragment  template.HTML // the situation itself, also served alone for refreshes
	LiveURL   string
	Downloads []downloadLink
	RefreshS  int
}

type situationUnit struct {
	ID       int64
	Label    string
	Selected bool
}

type downloadLink struct{ Label, URL string }

// membershipRow is one unit the user belongs to, with its place in the tree.
type membershipRow struct {
	UnitPath string // "Tỉnh A › Xã B"
	RoleKey  string // "role.editor"
}

// situationDeps compute the dashboard's situation.
type situationDeps struct {
	builder *report.Builder
	refresh time.Duration // how often the dashboard refreshes itself
}

// Dashboard choices.
var dashboardDays = []int{1, 7, 30, 90, 365}

const (
	defaultDashboardDays = 7
	defaultRefresh       = 30 * time.Second
)

// dashboard handles GET / and GET /dashboard: the situation of a unit the
// user may read (?unit_id=, default the highest one) over the last ?days=,
// and the user's memberships.
func (h *Handler) dashboard(w http.ResponseWriter, r *http.Request, u *auth.User) {
	ms, err := h.store.Memberships(r.Context(), u.ID)
	if err != nil {
		h.fail(w, r, fmt.Errorf("dashboard: %w", err))
		return
	}
	units, err := h.store.Units(r.Context())
	if err != nil {
		h.fail(w, r, fmt.Errorf("dashboard: %w", err))
		return
	}
	byID := make(map[int64]auth.Unit, len(units))
	for _, un := range units {
		byID[un.ID] = un
	}
	var rows []membershipRow
	for _, m := range ms {
		rows = append(rows, membershipRow{UnitPath: unitPath(byID, m.UnitID), RoleKey: "role." + string(m.Role)})
	}
	p := dashboardPage{Memberships: rows, Areas: h.nav("/")[1:]}
	if h.situations != nil && len(ms) > 0 {
		sc := auth.NewScope(u.ID, ms, units)
		view, err := h.situationView(r, sc, units, byID)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		p.Situation = view
	}
	h.render(w, r, http.StatusOK, "dashboard", "dashboard.title", p)
}

// dashboardQuery reads ?unit_id= and ?days= with their defaults.
func dashboardQuery(r *http.Request, sc auth.Scope, units []auth.Unit) (unitID int64, days int) {
	unitID = report.DefaultUnit(sc, units)
	if v, err := strconv.ParseInt(r.URL.Query().Get("unit_id"), 10, 64); err == nil && v > 0 {
		unitID = v
	}
	days = defaultDashboardDays
	if v, err := strconv.Atoi(r.URL.Query().Get("days")); err == nil && v >= 1 && v <= 366 {
		days = v
	}
	return unitID, days
}

// buildSituation checks the caller may read unitID and computes its
// situation over the last days.
func (h *Handler) buildSituation(r *http.Request, sc auth.Scope, units []auth.Unit, unitID int64, days int) (*report.Situation, error) {
	if err := report.Authorize(sc, units, unitID); err != nil {
		return nil, err
	}
	loc, _ := time.LoadLocation(report.DefaultTimeZone)
	to := h.clock.Now()
	return h.situations.builder.Build(r.Context(), report.Query{UnitID: unitID, From: to.Add(-time.Duration(days) * 24 * time.Hour), To: to, Location: loc})
}

func (h *Handler) situationView(r *http.Request, sc auth.Scope, units []auth.Unit, byID map[int64]auth.Unit) (*situationView, error) {
	lang := report.Lang(h.locale(r))
	unitID, days := dashboardQuery(r, sc, units)
	s, err := h.buildSituation(r, sc, units, unitID, days)
	if err != nil {
		return nil, err
	}
	frag, err := report.Fragment(s, lang)
	if err != nil {
		return nil, err
	}
	v := &situationView{L: func(k string) string { return report.Label(lang, k) }, UnitID: s.Unit.ID, Days: days,
		DayChoice: dashboardDays, Fragment: frag, RefreshS: max(int(h.situations.refresh/time.Second), 1)}
	for _, id := range sc.Units(auth.Read, units) {
		v.Units = append(v.Units, situationUnit{ID: id, Label: unitPath(byID, id), Selected: id == s.Unit.ID})
	}
	q := url.Values{"unit_id": {strconv.FormatInt(s.Unit.ID, 10)}, "days": {strconv.Itoa(days)}}
	v.LiveURL = "/dashboard/live?" + q.Encode()
	for _, f := range []string{"html", "pdf", "md", "csv"} {
		q.Set("format", f)
		v.Downloads = append(v.Downloads, downloadLink{Label: strings.ToUpper(f), URL: "/reports/download?" + q.Encode()})
	}
	return v, nil
}

// dashboardLive handles GET /dashboard/live: the situation fragment alone,
// which the dashboard's script fetches to refresh itself without a reload.
func (h *Handler) dashboardLive(w http.ResponseWriter, r *http.Request, u *auth.User) {
	if h.situations == nil {
		h.notFound(w, r)
		return
	}
	ms, err := h.store.Memberships(r.Context(), u.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	units, err := h.store.Units(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	sc := auth.NewScope(u.ID, ms, units)
	unitID, days := dashboardQuery(r, sc, units)
	s, err := h.buildSituation(r, sc, units, unitID, days)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	frag, err := report.Fragment(s, report.Lang(h.locale(r)))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte(frag))
}

// unitPath names a unit with its ancestors, root first.
func unitPath(byID map[int64]auth.Unit, id int64) string {
	if _, ok := byID[id]; !ok {
		return fmt.Sprintf("#%d", id)
	}
	return report.UnitPath(byID, id)
}
