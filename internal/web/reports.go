package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/report"
	"github.com/factdesk/factdesk/internal/store"
)

// ReportsStore is what the Reports page needs. *store.DB satisfies it.
type ReportsStore interface {
	report.Store
	// ReportSchedules lists every schedule (due zero).
	ReportSchedules(ctx context.Context, due time.Time) ([]store.ReportSchedule, error)
	// CreateReportSchedule adds a schedule; Invalid names bad fields.
	CreateReportSchedule(ctx context.Context, actor string, s store.ReportSchedule) (store.ReportSchedule, error)
	// DeleteReportSchedule removes a schedule; NotFound when there is none.
	DeleteReportSchedule(ctx context.Context, actor string, id int64) error
	// SaveReport stores a generated report.
	SaveReport(ctx context.Context, actor string, r store.StoredReport) (store.StoredReport, error)
	// StoredReports lists the latest stored reports without content.
	StoredReports(ctx context.Context, limit int) ([]store.StoredReport, error)
	// StoredReport returns one stored report, or NotFound.
	StoredReport(ctx context.Context, id int64) (store.StoredReport, error)
}

// ReportsDeps turn the Reports placeholder into the Reports page and give
// the dashboard its situation picture.
type ReportsDeps struct {
	Store ReportsStore
	// Chromium prints PDF downloads ("" finds /usr/bin/chromium or one on
	// PATH; without one PDF answers with how to install it).
	Chromium string
	// Refresh is how often the dashboard refreshes its situation (0: 30 s).
	Refresh time.Duration
}

// reportsUI serves /reports.
type reportsUI struct {
	h        *Handler
	store    ReportsStore
	chromium string
}

// reportsArea builds the Reports area and wires the dashboard's situation.
func (h *Handler) reportsArea(d ReportsDeps) (Area, error) {
	if d.Store == nil {
		return Area{}, errors.New("web: ReportsDeps.Store is required")
	}
	ui := &reportsUI{h: h, store: d.Store, chromium: d.Chromium}
	h.situations = &situationDeps{builder: report.NewBuilder(d.Store, h.clock), refresh: d.Refresh}
	if d.Refresh <= 0 {
		h.situations.refresh = defaultRefresh
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /reports", h.requireUser(ui.list))
	mux.HandleFunc("POST /reports", h.requireUser(ui.generate))
	mux.HandleFunc("GET /reports/download", h.requireUser(ui.download))
	mux.HandleFunc("GET /reports/{id}", h.requireUser(ui.show))
	mux.HandleFunc("POST /reports/schedules", h.requireUser(ui.addSchedule))
	mux.HandleFunc("POST /reports/schedules/{id}/delete", h.requireUser(ui.deleteSchedule))
	mux.HandleFunc("/reports/", h.notFound)
	return Area{Path: "/reports", Key: "nav.reports", Handler: mux}, nil
}

// scope is the caller's scope with the unit tree.
func (ui *reportsUI) scope(r *http.Request, u *auth.User) (auth.Scope, []auth.Unit, error) {
	ms, err := ui.h.store.Memberships(r.Context(), u.ID)
	if err != nil {
		return auth.Scope{}, nil, err
	}
	units, err := ui.h.store.Units(r.Context())
	if err != nil {
		return auth.Scope{}, nil, err
	}
	return auth.NewScope(u.ID, ms, units), units, nil
}

// download handles GET /reports/download?unit_id=&days=&format=: the
// situation report as a file, written now.
func (ui *reportsUI) download(w http.ResponseWriter, r *http.Request, u *auth.User) {
	sc, units, err := ui.scope(r, u)
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	unitID, days := dashboardQuery(r, sc, units)
	s, err := ui.h.buildSituation(r, sc, units, unitID, days)
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	lang := report.Lang(ui.h.locale(r))
	format := r.URL.Query().Get("format")
	name := fmt.Sprintf("factdesk-report-%d-%s", s.Unit.ID, s.To.Format("20060102"))
	var buf bytes.Buffer
	var ctype string
	switch format {
	case "html", "":
		format, ctype, err = "html", "text/html; charset=utf-8", report.WriteHTML(&buf, s, lang)
	case "md":
		ctype, err = "text/markdown; charset=utf-8", report.WriteMarkdown(&buf, s, lang)
	case "csv":
		ctype, err = "text/csv; charset=utf-8", report.WriteCSV(&buf, s, lang)
	case "pdf":
		ctype, err = "application/pdf", ui.pdf(r.Context(), &buf, s, lang)
	default:
		err = apperr.InvalidFields(map[string]string{"format": "choose html, pdf, md or csv"})
	}
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+"."+format+`"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}

// pdf prints s to PDF with Chromium into buf.
func (ui *reportsUI) pdf(ctx context.Context, buf *bytes.Buffer, s *report.Situation, lang string) error {
	bin, err := report.FindChromium(ui.chromium)
	if err != nil {
		return err
	}
	f, err := os.CreateTemp("", "factdesk-report-*.pdf")
	if err != nil {
		return fmt.Errorf("PDF: %w", err)
	}
	f.Close()
	defer os.Remove(f.Name())
	if err := report.WritePDF(ctx, bin, s, lang, f.Name()); err != nil {
		return err
	}
	b, err := os.ReadFile(f.Name())
	if err != nil {
		return fmt.Errorf("PDF: %w", err)
	}
	buf.Write(b)
	return nil
}

// show handles GET /reports/{id}: a stored report as its own page. It is
// served with a policy of its own: inline styles, no script, no requests.
func (ui *reportsUI) show(w http.ResponseWriter, r *http.Request, u *auth.User) {
	id, err := pathID(r, "report")
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	sc, _, err := ui.scope(r, u)
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	rep, err := ui.store.StoredReport(r.Context(), id)
	if err == nil {
		err = sc.Authorize(auth.Read, rep.UnitID, fmt.Sprintf("report %d", id))
	}
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", rep.ContentType)
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if r.URL.Query().Get("download") != "" {
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="factdesk-report-%d.html"`, id))
	}
	_, _ = w.Write(rep.Content)
}

// generate handles POST /reports: write the situation of a unit with the
// lead's note, and keep it.
func (ui *reportsUI) generate(w http.ResponseWriter, r *http.Request, u *auth.User) {
	sc, units, unitID, days, ok := ui.leadForm(w, r, u)
	if !ok {
		return
	}
	s, err := ui.h.buildSituation(r, sc, units, unitID, days)
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	s.Note = strings.TrimSpace(r.PostFormValue("note"))
	saved, err := report.Save(r.Context(), ui.store, "user:"+strconv.FormatInt(u.ID, 10), s, formLang(r, ui.h.locale(r)), 0)
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/reports/"+strconv.FormatInt(saved.ID, 10), http.StatusSeeOther)
}

// leadForm reads a posted form of a lead's action on a unit: it answers
// the request itself and returns false when the form is unreadable or the
// caller may not write reports for its unit_id.
func (ui *reportsUI) leadForm(w http.ResponseWriter, r *http.Request, u *auth.User) (auth.Scope, []auth.Unit, int64, int, bool) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBodyBytes)
	if err := r.ParseForm(); err != nil {
		ui.h.fail(w, r, apperr.Errorf(apperr.Invalid, "the form could not be read"))
		return auth.Scope{}, nil, 0, 0, false
	}
	sc, units, err := ui.scope(r, u)
	if err == nil {
		unitID, days := formUnitDays(r)
		if err = sc.Authorize(auth.Report, unitID, fmt.Sprintf("unit %d", unitID)); err == nil {
			return sc, units, unitID, days, true
		}
	}
	ui.h.fail(w, r, err)
	return auth.Scope{}, nil, 0, 0, false
}

// formUnitDays reads unit_id and days from a posted form.
func formUnitDays(r *http.Request) (int64, int) {
	unitID, _ := strconv.ParseInt(r.PostFormValue("unit_id"), 10, 64)
	days, err := strconv.Atoi(r.PostFormValue("days"))
	if err != nil || days < 1 || days > 366 {
		days = defaultDashboardDays
	}
	return unitID, days
}

func formLang(r *http.Request, fallback string) string {
	if l := r.PostFormValue("lang"); l == report.English || l == report.Vietnamese {
		return l
	}
	return report.Lang(fallback)
}

// addSchedule handles POST /reports/schedules.
func (ui *reportsUI) addSchedule(w http.ResponseWriter, r *http.Request, u *auth.User) {
	_, _, unitID, _, ok := ui.leadForm(w, r, u)
	if !ok {
		return
	}
	period := r.PostFormValue("period")
	loc, _ := time.LoadLocation(report.DefaultTimeZone)
	_, err := ui.store.CreateReportSchedule(r.Context(), "user:"+strconv.FormatInt(u.ID, 10), store.ReportSchedule{
		UnitID: unitID, Period: period, Lang: formLang(r, ui.h.locale(r)), Note: r.PostFormValue("note"),
		WebhookURL: r.PostFormValue("webhook_url"), NextRunAt: report.NextRun(period, ui.h.clock.Now(), loc)})
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/reports", http.StatusSeeOther)
}

// deleteSchedule handles POST /reports/schedules/{id}/delete.
func (ui *reportsUI) deleteSchedule(w http.ResponseWriter, r *http.Request, u *auth.User) {
	id, err := pathID(r, "report schedule")
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	sc, _, err := ui.scope(r, u)
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	all, err := ui.store.ReportSchedules(r.Context(), time.Time{})
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	err = apperr.Errorf(apperr.NotFound, "There is no report schedule %d.", id)
	for _, s := range all {
		if s.ID == id {
			err = sc.Authorize(auth.Report, s.UnitID, fmt.Sprintf("report schedule %d", id))
		}
	}
	if err == nil {
		err = ui.store.DeleteReportSchedule(r.Context(), "user:"+strconv.FormatInt(u.ID, 10), id)
	}
	if err != nil {
		ui.h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/reports", http.StatusSeeOther)
}
