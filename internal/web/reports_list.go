package web

import (
	"net/http"
	"time"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/report"
	"github.com/factdesk/factdesk/internal/store"
)

// reportsPage is the data of /reports.
type reportsPage struct {
	L         func(key string) string
	Units     []situationUnit // where the caller may write reports (lead)
	DayChoice []int
	Reports   []reportRow
	Schedules []scheduleRow
	CanWrite  bool
}

type reportRow struct {
	store.StoredReport
	Unit    string
	Created string
}

type scheduleRow struct {
	store.ReportSchedule
	Unit      string
	Next      string
	Last      string
	CanDelete bool
}

// storedReportsShown is how many stored reports the page lists.
const storedReportsShown = 100

// list handles GET /reports: the stored reports and schedules of the units
// the caller may read, and for leads the forms to write and schedule.
func (ui *reportsUI) list(w http.ResponseWriter, r *http.Request, u *auth.User) {
	sc, units, err := ui.scope(r, u)
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	lang := report.Lang(ui.h.locale(r))
	byID := make(map[int64]auth.Unit, len(units))
	for _, un := range units {
		byID[un.ID] = un
	}
	loc, _ := time.LoadLocation(report.DefaultTimeZone)
	when := func(t time.Time) string {
		if t.IsZero() {
			return "–"
		}
		return t.In(loc).Format("02/01/2006 15:04")
	}
	name := func(id int64) string {
		if id == 0 {
			return report.Label(lang, "whole_org")
		}
		return unitPath(byID, id)
	}
	p := reportsPage{L: func(k string) string { return report.Label(lang, k) }, DayChoice: dashboardDays}
	for _, id := range sc.Units(auth.Report, units) {
		p.Units = append(p.Units, situationUnit{ID: id, Label: unitPath(byID, id)})
	}
	p.CanWrite = len(p.Units) > 0
	stored, err := ui.store.StoredReports(r.Context(), storedReportsShown)
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	for _, rep := range stored {
		if sc.Can(auth.Read, rep.UnitID) {
			p.Reports = append(p.Reports, reportRow{StoredReport: rep, Unit: name(rep.UnitID), Created: when(rep.CreatedAt)})
		}
	}
	schedules, err := ui.store.ReportSchedules(r.Context(), time.Time{})
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	for _, s := range schedules {
		if sc.Can(auth.Read, s.UnitID) {
			p.Schedules = append(p.Schedules, scheduleRow{ReportSchedule: s, Unit: name(s.UnitID), Next: when(s.NextRunAt),
				Last: when(s.LastRunAt), CanDelete: sc.Can(auth.Report, s.UnitID)})
		}
	}
	ui.h.render(w, r, http.StatusOK, "reports", "nav.reports", p)
}
