package report

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/store"
)

// DefaultTimeZone is where report days and weeks start, and the zone of
// their labels, unless told otherwise.
const DefaultTimeZone = "Asia/Ho_Chi_Minh"

// ScheduleStore is what the scheduler needs. *store.DB satisfies it.
type ScheduleStore interface {
	Store
	// ReportSchedules lists the active schedules due at or before due.
	ReportSchedules(ctx context.Context, due time.Time) ([]store.ReportSchedule, error)
	// MarkReportScheduleRun records a run and the next run time.
	MarkReportScheduleRun(ctx context.Context, id int64, ranAt, next time.Time, runErr string) error
	// SaveReport stores a generated report.
	SaveReport(ctx context.Context, actor string, r store.StoredReport) (store.StoredReport, error)
}

// Scheduler writes the reports of due schedules and stores them; with a
// webhook URL it POSTs a JSON message with a link to each.
type Scheduler struct {
	Store    ScheduleStore
	Clock    clock.Clock
	Logger   *slog.Logger
	Location *time.Location // days and weeks start at midnight here (nil: DefaultTimeZone)
	BaseURL  string         // the site's public URL, for links (may be empty)
	Client   *http.Client   // for webhooks; nil sends none
	Every    time.Duration  // how often to look for due schedules (0: a minute)
}

// NextRun is the first run of a schedule after now: the next midnight
// (daily) or the next Monday midnight (weekly) in loc. A run reports the
// day or week that ends at it.
func NextRun(period string, now time.Time, loc *time.Location) time.Time {
	l := now.In(loc)
	next := time.Date(l.Year(), l.Month(), l.Day()+1, 0, 0, 0, 0, loc)
	if period == "weekly" {
		for next.Weekday() != time.Monday {
			next = next.AddDate(0, 0, 1)
		}
	}
	return next
}

// span is the length of a schedule's period.
func span(period string) (years, months, days int) {
	if period == "weekly" {
		return 0, 0, 7
	}
	return 0, 0, 1
}

// Run looks for due schedules every Every until ctx ends.
func (s *Scheduler) Run(ctx context.Context) {
	every := s.Every
	if every <= 0 {
		every = time.Minute
	}
	for {
		if _, err := s.RunDue(ctx); err != nil && ctx.Err() == nil {
			s.logger().Warn("reports: scheduled run failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}

func (s *Scheduler) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Logger
}

func (s *Scheduler) location() *time.Location {
	if s.Location != nil {
		return s.Location
	}
	return location(DefaultTimeZone)
}

// RunDue writes the report of every due schedule and returns how many it
// stored. A schedule that fell behind reports its latest whole period once
// and moves on to the next one in the future.
func (s *Scheduler) RunDue(ctx context.Context) (int, error) {
	now := s.Clock.Now()
	due, err := s.Store.ReportSchedules(ctx, now)
	if err != nil {
		return 0, err
	}
	done := 0
	for _, sc := range due {
		loc := s.location()
		to := sc.NextRunAt.In(loc)
		y, m, d := span(sc.Period)
		for !to.AddDate(y, m, d).After(now) {
			to = to.AddDate(y, m, d)
		}
		from := to.AddDate(-y, -m, -d)
		runErr := ""
		if err := s.runOne(ctx, sc, from, to, loc); err != nil {
			runErr = err.Error()
			s.logger().Warn("reports: schedule failed", "schedule", sc.ID, "err", err)
		} else {
			done++
		}
		if err := s.Store.MarkReportScheduleRun(ctx, sc.ID, now, to.AddDate(y, m, d), runErr); err != nil {
			return done, err
		}
	}
	return done, nil
}

// runOne builds, stores and announces one scheduled report.
func (s *Scheduler) runOne(ctx context.Context, sc store.ReportSchedule, from, to time.Time, loc *time.Location) error {
	sit, err := NewBuilder(s.Store, s.Clock).Build(ctx, Query{UnitID: sc.UnitID, From: from, To: to, Location: loc})
	if err != nil {
		return err
	}
	sit.Note = sc.Note
	saved, err := Save(ctx, s.Store, "system", sit, sc.Lang, sc.ID)
	if err != nil {
		return err
	}
	if sc.WebhookURL == "" || s.Client == nil {
		return nil
	}
	return s.notify(ctx, sc.WebhookURL, saved)
}

// Saver stores reports; *store.DB is one.
type Saver interface {
	SaveReport(ctx context.Context, actor string, r store.StoredReport) (store.StoredReport, error)
}

// Save writes the HTML report of sit in lang and stores it.
func Save(ctx context.Context, st Saver, actor string, sit *Situation, lang string, scheduleID int64) (store.StoredReport, error) {
	var buf bytes.Buffer
	if err := WriteHTML(&buf, sit, lang); err != nil {
		return store.StoredReport{}, err
	}
	return st.SaveReport(ctx, actor, store.StoredReport{UnitID: sit.Unit.ID, ScheduleID: scheduleID, From: sit.From, To: sit.To,
		Lang: Lang(lang), Title: Title(sit, lang), Note: sit.Note, ContentType: "text/html; charset=utf-8", Content: buf.Bytes()})
}

// webhookMessage is the JSON POSTed when a scheduled report is ready.
type webhookMessage struct {
	Event    string    `json:"event"` // report.ready
	ReportID int64     `json:"report_id"`
	UnitID   int64     `json:"unit_id"`
	Title    string    `json:"title"`
	From     time.Time `json:"from"`
	To       time.Time `json:"to"`
	URL      string    `json:"url"` // the report in the UI (log in to read it)
}

func (s *Scheduler) notify(ctx context.Context, target string, r store.StoredReport) error {
	msg := webhookMessage{Event: "report.ready", ReportID: r.ID, UnitID: r.UnitID, Title: r.Title, From: r.From, To: r.To,
		URL: strings.TrimSuffix(s.BaseURL, "/") + "/reports/" + strconv.FormatInt(r.ID, 10)}
	body, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "factdesk-reports")
	resp, err := s.Client.Do(req)
	if err != nil {
		return fmt.Errorf("webhook: report %d stored, announcing it failed: %w", r.ID, err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("webhook: report %d stored, the hook answered %s", r.ID, resp.Status)
	}
	return nil
}
