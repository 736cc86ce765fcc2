package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/audit"
)

// ReportSchedule makes a situation report of a unit every day or week.
type ReportSchedule struct {
	ID         int64     `json:"id"`
	UnitID     int64     `json:"unit_id"` // 0: the whole organisation
	Period     string    `json:"period"`  // daily or weekly
	Lang       string    `json:"lang"`    // vi or en
	Note       string    `json:"note,omitempty"`
	WebhookURL string    `json:"webhook_url,omitempty"`
	Active     bool      `json:"active"`
	NextRunAt  time.Time `json:"next_run_at"`
	LastRunAt  time.Time `json:"last_run_at,omitzero"`
	LastError  string    `json:"last_error,omitempty"`
	CreatedBy  string    `json:"created_by"`
	CreatedAt  time.Time `json:"created_at"`
}

// StoredReport is a generated report kept for the UI. Content is empty in
// lists.
type StoredReport struct {
	ID          int64     `json:"id"`
	UnitID      int64     `json:"unit_id"`
	ScheduleID  int64     `json:"schedule_id,omitempty"`
	From        time.Time `json:"from"`
	To          time.Time `json:"to"`
	Lang        string    `json:"lang"`
	Title       string    `json:"title"`
	Note        string    `json:"note,omitempty"`
	ContentType string    `json:"content_type"`
	Content     []byte    `json:"-"`
	CreatedBy   string    `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
}

// checkSchedule names what is wrong with a schedule.
func checkSchedule(s ReportSchedule) error {
	fields := map[string]string{}
	if s.Period != "daily" && s.Period != "weekly" {
		fields["period"] = "choose daily or weekly"
	}
	if s.Lang != "vi" && s.Lang != "en" {
		fields["lang"] = "choose vi or en"
	}
	if s.WebhookURL != "" {
		u, err := url.Parse(s.WebhookURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			fields["webhook_url"] = "give an http(s) URL, or leave it empty"
		}
	}
	if len(s.Note) > 4000 {
		fields["note"] = "a note has at most 4000 characters"
	}
	if s.NextRunAt.IsZero() {
		fields["next_run_at"] = "a schedule needs its first run time"
	}
	if len(fields) > 0 {
		return apperr.InvalidFields(fields)
	}
	return nil
}

// CreateReportSchedule adds a schedule, with an audit event. Invalid names
// each bad field; a unit that does not exist is Invalid too.
func (db *DB) CreateReportSchedule(ctx context.Context, actor string, s ReportSchedule) (ReportSchedule, error) {
	s.Note = strings.TrimSpace(s.Note)
	s.WebhookURL = strings.TrimSpace(s.WebhookURL)
	if err := checkSchedule(s); err != nil {
		return ReportSchedule{}, err
	}
	now := db.clock.Now().UTC().Truncate(time.Millisecond)
	s.Active, s.CreatedBy, s.CreatedAt = true, actor, now
	err := db.Update(ctx, func(tx *Tx) error {
		if s.UnitID != 0 {
			if _, err := tx.findUnit(ctx, s.UnitID); err != nil {
				return apperr.InvalidFields(map[string]string{"unit_id": fmt.Sprintf("there is no unit %d", s.UnitID)})
			}
		}
		err := tx.queryRow(ctx, `INSERT INTO report_schedules (unit_id, period, lang, note, webhook_url, active, next_run_at, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?) RETURNING id`,
			nullInt(s.UnitID), s.Period, s.Lang, s.Note, s.WebhookURL, s.NextRunAt.UnixMilli(), actor, now.UnixMilli(), now.UnixMilli()).Scan(&s.ID)
		if err != nil {
			return fmt.Errorf("insert report schedule: %w", translate(err))
		}
		return tx.Record(ctx, audit.Event{Actor: actor, Action: "report_schedule.create", ObjectType: "report_schedule",
			ObjectID: strconv.FormatInt(s.ID, 10), UnitID: s.UnitID,
			Details: map[string]any{"period": s.Period, "lang": s.Lang, "webhook": s.WebhookURL != "", "next_run_at": s.NextRunAt}})
	})
	return s, err
}

// DeleteReportSchedule removes a schedule (its reports stay), with an audit
// event; NotFound when there is none.
func (db *DB) DeleteReportSchedule(ctx context.Context, actor string, id int64) error {
	return db.Update(ctx, func(tx *Tx) error {
		var unit sql.NullInt64
		if err := tx.queryRow(ctx, "SELECT unit_id FROM report_schedules WHERE id = ?", id).Scan(&unit); err != nil {
			if err == sql.ErrNoRows {
				return apperr.Errorf(apperr.NotFound, "There is no report schedule %d.", id)
			}
			return fmt.Errorf("find report schedule: %w", translate(err))
		}
		if _, err := tx.exec(ctx, "DELETE FROM report_schedules WHERE id = ?", id); err != nil {
			return fmt.Errorf("delete report schedule: %w", err)
		}
		return tx.Record(ctx, audit.Event{Actor: actor, Action: "report_schedule.delete", ObjectType: "report_schedule",
			ObjectID: strconv.FormatInt(id, 10), UnitID: unit.Int64})
	})
}

const scheduleColumns = `id, COALESCE(unit_id, 0), period, lang, note, webhook_url, active, next_run_at, last_run_at, last_error, created_by, created_at`

func scanSchedule(row interface{ Scan(...any) error }) (ReportSchedule, error) {
	var s ReportSchedule
	var active int
	var next, created int64
	var last sql.NullInt64
	if err := row.Scan(&s.ID, &s.UnitID, &s.Period, &s.Lang, &s.Note, &s.WebhookURL, &active, &next, &last, &s.LastError, &s.CreatedBy, &created); err != nil {
		return s, err
	}
	s.Active = active == 1
	s.NextRunAt, s.LastRunAt, s.CreatedAt = time.UnixMilli(next).UTC(), fromMillis(last), time.UnixMilli(created).UTC()
	return s, nil
}

// ReportSchedules lists every schedule, or with due set only the active
// ones due at or before due, earliest first.
func (db *DB) ReportSchedules(ctx context.Context, due time.Time) ([]ReportSchedule, error) {
	q, args := "SELECT "+scheduleColumns+" FROM report_schedules ORDER BY id", []any(nil)
	if !due.IsZero() {
		q, args = "SELECT "+scheduleColumns+" FROM report_schedules WHERE active = 1 AND next_run_at <= ? ORDER BY next_run_at, id", []any{due.UnixMilli()}
	}
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list report schedules: %w", err)
	}
	defer rows.Close()
	var out []ReportSchedule
	for rows.Next() {
		s, err := scanSchedule(rows)
		if err != nil {
			return nil, fmt.Errorf("list report schedules: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// MarkReportScheduleRun records a run of a schedule and when it runs next;
// runErr is "" after a good run.
func (db *DB) MarkReportScheduleRun(ctx context.Context, id int64, ranAt, next time.Time, runErr string) error {
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "UPDATE report_schedules SET last_run_at = ?, next_run_at = ?, last_error = ?, updated_at = ? WHERE id = ?",
			ranAt.UnixMilli(), next.UnixMilli(), runErr, db.clock.Now().UnixMilli(), id)
		if err != nil {
			return fmt.Errorf("mark report schedule %d: %w", id, err)
		}
		return nil
	})
}

// SaveReport stores a generated report, with an audit event.
func (db *DB) SaveReport(ctx context.Context, actor string, r StoredReport) (StoredReport, error) {
	if len(r.Content) == 0 || r.Title == "" || r.ContentType == "" {
		return StoredReport{}, apperr.Errorf(apperr.Invalid, "a stored report needs a title, a content type and content")
	}
	r.CreatedBy, r.CreatedAt = actor, db.clock.Now().UTC().Truncate(time.Millisecond)
	err := db.Update(ctx, func(tx *Tx) error {
		err := tx.queryRow(ctx, `INSERT INTO reports (unit_id, schedule_id, period_from, period_to, lang, title, note, content_type, content, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			nullInt(r.UnitID), nullInt(r.ScheduleID), r.From.UnixMilli(), r.To.UnixMilli(), r.Lang, r.Title, r.Note, r.ContentType, r.Content,
			actor, r.CreatedAt.UnixMilli()).Scan(&r.ID)
		if err != nil {
			return fmt.Errorf("insert report: %w", translate(err))
		}
		return tx.Record(ctx, audit.Event{Actor: actor, Action: "report.create", ObjectType: "report",
			ObjectID: strconv.FormatInt(r.ID, 10), UnitID: r.UnitID,
			Details: map[string]any{"title": r.Title, "from": r.From, "to": r.To, "schedule_id": r.ScheduleID, "bytes": len(r.Content)}})
	})
	return r, err
}

const reportColumns = `id, COALESCE(unit_id, 0), COALESCE(schedule_id, 0), period_from, period_to, lang, title, note, content_type, created_by, created_at`

func scanReport(row interface{ Scan(...any) error }, extra ...any) (StoredReport, error) {
	var r StoredReport
	var from, to, created int64
	dst := append([]any{&r.ID, &r.UnitID, &r.ScheduleID, &from, &to, &r.Lang, &r.Title, &r.Note, &r.ContentType, &r.CreatedBy, &created}, extra...)
	if err := row.Scan(dst...); err != nil {
		return r, err
	}
	r.From, r.To, r.CreatedAt = time.UnixMilli(from).UTC(), time.UnixMilli(to).UTC(), time.UnixMilli(created).UTC()
	return r, nil
}

// StoredReports lists the latest limit stored reports, newest first,
// without their content.
func (db *DB) StoredReports(ctx context.Context, limit int) ([]StoredReport, error) {
	rows, err := db.query(ctx, "SELECT "+reportColumns+" FROM reports ORDER BY id DESC LIMIT ?", limit)
	if err != nil {
		return nil, fmt.Errorf("list reports: %w", err)
	}
	defer rows.Close()
	var out []StoredReport
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, fmt.Errorf("list reports: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// StoredReport returns one stored report with its content, or NotFound.
func (db *DB) StoredReport(ctx context.Context, id int64) (StoredReport, error) {
	var content []byte
	r, err := scanReport(db.queryRow(ctx, "SELECT "+reportColumns+", content FROM reports WHERE id = ?", id), &content)
	if err == sql.ErrNoRows {
		return StoredReport{}, apperr.Errorf(apperr.NotFound, "There is no report %d.", id)
	}
	if err != nil {
		return StoredReport{}, fmt.Errorf("read report %d: %w", id, translate(err))
	}
	r.Content = content
	return r, nil
}
