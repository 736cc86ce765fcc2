package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/audit"
)

// Source states.
const (
	SourceActive  = "active"
	SourcePaused  = "paused"
	SourceFailing = "failing"
	SourceRemoved = "removed"
)

// Source is a watched source as stored, with its health.
type Source struct {
	ID                  int64             `json:"id"`
	Kind                string            `json:"kind"`
	Name                string            `json:"name"`
	URL                 string            `json:"url"`
	Settings            map[string]string `json:"settings,omitempty"`
	UnitID              int64             `json:"unit_id,omitempty"`
	Every               time.Duration     `json:"-"`
	EverySeconds        int64             `json:"every_seconds"`
	State               string            `json:"state"`
	Cursor              string            `json:"-"`
	ETag                string            `json:"-"`
	LastModified        string            `json:"-"`
	NextPollAt          time.Time         `json:"next_poll_at,omitzero"`
	LastSuccessAt       time.Time         `json:"last_success_at,omitzero"`
	LastError           string            `json:"last_error"`
	LastErrorAt         time.Time         `json:"last_error_at,omitzero"`
	ConsecutiveFailures int               `json:"consecutive_failures"`
	ItemsTotal          int64             `json:"items_total"`
	ItemsPerDay         float64           `json:"items_per_day"`
	CreatedAt           time.Time         `json:"created_at"`
}

const sourceColumns = `id, kind, name, url, settings, COALESCE(unit_id, 0), poll_every_s, state, cursor, etag, last_modified,
	next_poll_at, last_success_at, last_error, last_error_at, consecutive_failures, items_total, created_at`

func scanSource(row interface{ Scan(...any) error }) (Source, error) {
	var s Source
	var settings string
	var next, created int64
	var success, errAt sql.NullInt64
	if err := row.Scan(&s.ID, &s.Kind, &s.Name, &s.URL, &settings, &s.UnitID, &s.EverySeconds, &s.State, &s.Cursor, &s.ETag,
		&s.LastModified, &next, &success, &s.LastError, &errAt, &s.ConsecutiveFailures, &s.ItemsTotal, &created); err != nil {
		return Source{}, err
	}
	if err := json.Unmarshal([]byte(settings), &s.Settings); err != nil {
		return Source{}, fmt.Errorf("source %d settings: %w", s.ID, err)
	}
	s.Every = time.Duration(s.EverySeconds) * time.Second
	if next > 0 {
		s.NextPollAt = time.UnixMilli(next).UTC()
	}
	s.LastSuccessAt = fromMillis(success)
	s.LastErrorAt = fromMillis(errAt)
	s.CreatedAt = time.UnixMilli(created).UTC()
	return s, nil
}

// CreateSource adds a source. Kind and URL are validated by the caller (the
// connector registry knows the kinds); the store checks name uniqueness.
func (db *DB) CreateSource(ctx context.Context, actor string, s Source) (Source, error) {
	s.Name = strings.TrimSpace(s.Name)
	if s.Name == "" {
		s.Name = s.URL
	}
	if s.Name == "" {
		return Source{}, apperr.InvalidFields(map[string]string{"name": "a source needs a name or a URL"})
	}
	if s.Every <= 0 {
		s.Every = 5 * time.Minute
	}
	if s.Every < 30*time.Second {
		return Source{}, apperr.InvalidFields(map[string]string{"every": "poll at most every 30s"})
	}
	if s.State == "" {
		s.State = SourceActive
	}
	settings, err := json.Marshal(orEmpty(s.Settings))
	if err != nil {
		return Source{}, fmt.Errorf("encode settings: %w", err)
	}
	now := db.clock.Now().UTC().Truncate(time.Millisecond)
	s.CreatedAt = now
	s.EverySeconds = int64(s.Every / time.Second)
	err = db.Update(ctx, func(tx *Tx) error {
		if s.UnitID != 0 {
			if _, err := tx.findUnit(ctx, s.UnitID); err != nil {
				return apperr.Errorf(apperr.Invalid, "unit %d does not exist", s.UnitID)
			}
		}
		err := tx.queryRow(ctx, `INSERT INTO sources (kind, name, url, settings, unit_id, poll_every_s, state, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			s.Kind, s.Name, s.URL, string(settings), nullInt(s.UnitID), s.EverySeconds, s.State, now.UnixMilli(), now.UnixMilli()).Scan(&s.ID)
		if err != nil {
			if apperr.Is(translate(err), apperr.Conflict) {
				return apperr.Errorf(apperr.Conflict, "a source named %q already exists", s.Name)
			}
			return fmt.Errorf("insert source: %w", translate(err))
		}
		return tx.Record(ctx, audit.Event{Actor: actor, Action: "source.create", ObjectType: "source",
			ObjectID: strconv.FormatInt(s.ID, 10), UnitID: s.UnitID,
			Details: map[string]any{"kind": s.Kind, "name": s.Name, "url": s.URL}})
	})
	return s, err
}

func orEmpty(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// Source returns a source by id, or NotFound (removed sources included).
func (db *DB) Source(ctx context.Context, id int64) (Source, error) {
	s, err := scanSource(db.queryRow(ctx, "SELECT "+sourceColumns+" FROM sources WHERE id = ?", id))
	if err != nil {
		return Source{}, notFound(err, fmt.Sprintf("source %d", id))
	}
	db.fillRate(&s)
	return s, nil
}

// SourceByName returns the live source with that name, or NotFound.
func (db *DB) SourceByName(ctx context.Context, name string) (Source, error) {
	s, err := scanSource(db.queryRow(ctx, "SELECT "+sourceColumns+" FROM sources WHERE name = ? AND state <> 'removed'", name))
	if err != nil {
		return Source{}, notFound(err, fmt.Sprintf("source %q", name))
	}
	db.fillRate(&s)
	return s, nil
}

// EnsureSource returns the live source of that kind and name, creating it
// when missing (imports and the push API name their sources this way).
func (db *DB) EnsureSource(ctx context.Context, actor, kind, name string) (Source, error) {
	s, err := db.SourceByName(ctx, name)
	if err == nil {
		return s, nil
	}
	if !apperr.Is(err, apperr.NotFound) {
		return Source{}, err
	}
	s, err = db.CreateSource(ctx, actor, Source{Kind: kind, Name: name, Every: 24 * time.Hour})
	if apperr.Is(err, apperr.Conflict) { // created meanwhile by another process
		return db.SourceByName(ctx, name)
	}
	return s, err
}

// Sources lists the sources that are not removed.
func (db *DB) Sources(ctx context.Context) ([]Source, error) {
	return db.listSources(ctx, "WHERE state <> 'removed' ORDER BY id")
}

// DueSources lists active or failing sources of the given kinds whose next
// poll time has come.
func (db *DB) DueSources(ctx context.Context, now time.Time, kinds []string) ([]Source, error) {
	return db.liveSources(ctx, "AND next_poll_at <= ? ", []any{now.UnixMilli()}, kinds)
}

// LiveSources lists the active or failing sources of the given kinds
// (streaming sources, which run continuously rather than on a schedule).
func (db *DB) LiveSources(ctx context.Context, kinds []string) ([]Source, error) {
	return db.liveSources(ctx, "", nil, kinds)
}

// liveSources lists active or failing sources of the given kinds that also
// meet cond (an "AND ..." clause taking args), oldest next poll first.
func (db *DB) liveSources(ctx context.Context, cond string, args []any, kinds []string) ([]Source, error) {
	if len(kinds) == 0 {
		return []Source{}, nil
	}
	for _, k := range kinds {
		args = append(args, k)
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(kinds)), ", ")
	return db.listSources(ctx, "WHERE state IN ('active', 'failing') "+cond+"AND kind IN ("+marks+") ORDER BY next_poll_at", args...)
}

func (db *DB) listSources(ctx context.Context, where string, args ...any) ([]Source, error) {
	rows, err := db.query(ctx, "SELECT "+sourceColumns+" FROM sources "+where, args...)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	defer rows.Close()
	out := []Source{}
	for rows.Next() {
		s, err := scanSource(rows)
		if err != nil {
			return nil, fmt.Errorf("scan source: %w", err)
		}
		db.fillRate(&s)
		out = append(out, s)
	}
	return out, rows.Err()
}

// fillRate derives items per day from the total and the source's age.
func (db *DB) fillRate(s *Source) {
	days := db.clock.Now().Sub(s.CreatedAt).Hours() / 24
	if days < 1 {
		days = 1
	}
	s.ItemsPerDay = float64(int64(float64(s.ItemsTotal)/days*10)) / 10
}

// SetSourceState pauses, resumes (active) or removes a source.
func (db *DB) SetSourceState(ctx context.Context, actor string, id int64, state string) error {
	switch state {
	case SourceActive, SourcePaused, SourceRemoved:
	default:
		return apperr.Errorf(apperr.Invalid, "unknown source state %q", state)
	}
	return db.Update(ctx, func(tx *Tx) error {
		var cur string
		if err := tx.queryRow(ctx, "SELECT state FROM sources WHERE id = ?", id).Scan(&cur); err != nil {
			return notFound(err, fmt.Sprintf("source %d", id))
		}
		if cur == SourceRemoved {
			return apperr.Errorf(apperr.NotFound, "source %d not found", id)
		}
		set := "state = ?, updated_at = ?"
		args := []any{state, db.clock.Now().UnixMilli()}
		if state == SourceActive {
			set += ", next_poll_at = 0, consecutive_failures = 0"
		}
		if _, err := tx.exec(ctx, "UPDATE sources SET "+set+" WHERE id = ?", append(args, id)...); err != nil {
			return fmt.Errorf("set source state: %w", err)
		}
		return tx.Record(ctx, audit.Event{Actor: actor, Action: "source." + state, ObjectType: "source",
			ObjectID: strconv.FormatInt(id, 10), Details: map[string]any{"from": cur, "to": state}})
	})
}

// FetchOutcome is what one poll of a source did, for its health record.
type FetchOutcome struct {
	Err          error // nil on success
	Cursor       string
	ETag         string
	LastModified string
	NextPollAt   time.Time
}

// RecordFetch updates a source's health and cursors after a poll. A failure
// keeps the cursors, counts the consecutive failures and marks the source
// failing; a success clears them.
func (db *DB) RecordFetch(ctx context.Context, id int64, o FetchOutcome) error {
	now := db.clock.Now().UnixMilli()
	return db.Update(ctx, func(tx *Tx) error {
		var err error
		if o.Err != nil {
			msg := o.Err.Error()
			if len(msg) > 2000 {
				msg = msg[:2000]
			}
			_, err = tx.exec(ctx, `UPDATE sources SET last_error = ?, last_error_at = ?, consecutive_failures = consecutive_failures + 1,
				state = CASE WHEN state = 'active' THEN 'failing' ELSE state END, next_poll_at = ?, updated_at = ? WHERE id = ?`,
				msg, now, o.NextPollAt.UnixMilli(), now, id)
		} else {
			_, err = tx.exec(ctx, `UPDATE sources SET last_error = '', consecutive_failures = 0, last_success_at = ?,
				state = CASE WHEN state = 'failing' THEN 'active' ELSE state END,
				cursor = ?, etag = ?, last_modified = ?, next_poll_at = ?, updated_at = ? WHERE id = ?`,
				now, o.Cursor, o.ETag, o.LastModified, o.NextPollAt.UnixMilli(), now, id)
		}
		if err != nil {
			return fmt.Errorf("record fetch of source %d: %w", id, err)
		}
		return nil
	})
}

// SaveCursor stores a streaming source's resume point.
func (db *DB) SaveCursor(ctx context.Context, id int64, cursor string) error {
	_, err := db.write.ExecContext(ctx, db.rebind("UPDATE sources SET cursor = ?, last_success_at = ? WHERE id = ?"), cursor, db.clock.Now().UnixMilli(), id)
	return translate(err)
}
