package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/audit"
	"github.com/factdesk/factdesk/internal/post"
)

// Alert statuses: an alert waits open until the desk accepts it into a new
// case, merges it into an existing one, or dismisses it with a reason.
const (
	AlertOpen      = "open"
	AlertAccepted  = "accepted"
	AlertMerged    = "merged"
	AlertDismissed = "dismissed"
)

// Alert is a stored alert. Kind is one of spike_story, spike_term,
// new_story, known_claim or manual; (Kind, Key, BucketStart) identifies it,
// so raising the same alert twice stores it once. A manual tip uses a key of
// its own (e.g. "tip:<uuid>").
type Alert struct {
	ID            int64           `json:"id"`
	Kind          string          `json:"kind"`
	Key           string          `json:"key"`
	StoryID       int64           `json:"story_id,omitempty"`
	ClaimID       int64           `json:"claim_id,omitempty"`
	UnitID        int64           `json:"unit_id,omitempty"`
	BucketStart   time.Time       `json:"bucket_start"`
	At            time.Time       `json:"at"`
	Score         float64         `json:"score"`
	Explanation   string          `json:"explanation"`
	Details       json.RawMessage `json:"details"`
	Status        string          `json:"status"`
	DismissReason string          `json:"dismiss_reason,omitempty"`
	CreatedAt     time.Time       `json:"created_at"`
	UpdatedAt     time.Time       `json:"updated_at"`
}

// InsertAlerts stores new alerts in one transaction, each with an
// "alert.raise" audit event by "system". An alert whose (kind, key, bucket
// start) is already stored is skipped, so redelivery cannot duplicate one.
// It returns how many were inserted and sets their ID; a missing kind or key
// is Invalid.
func (db *DB) InsertAlerts(ctx context.Context, alerts []Alert) (int, error) {
	inserted := 0
	err := db.Update(ctx, func(tx *Tx) error {
		inserted = 0
		now := db.clock.Now().UTC().Truncate(time.Millisecond)
		for i := range alerts {
			a := &alerts[i]
			if a.Kind == "" || a.Key == "" {
				return apperr.Errorf(apperr.Invalid, "alert %d: kind and key are required", i)
			}
			if a.Status == "" {
				a.Status = AlertOpen
			}
			details := string(a.Details)
			if details == "" {
				details = "{}"
			}
			var id int64
			err := tx.queryRow(ctx, `INSERT INTO alerts (kind, key, story_id, claim_id, unit_id, bucket_start, at, score,
				explanation, details, status, dismiss_reason, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (kind, key, bucket_start) DO NOTHING RETURNING id`,
				a.Kind, a.Key, nullInt(a.StoryID), nullInt(a.ClaimID), nullInt(a.UnitID), a.BucketStart.UnixMilli(), a.At.UnixMilli(),
				a.Score, a.Explanation, details, a.Status, a.DismissReason, now.UnixMilli(), now.UnixMilli()).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				continue // raised before
			}
			if err != nil {
				return fmt.Errorf("insert alert %s %s: %w", a.Kind, a.Key, translate(err))
			}
			a.ID, a.CreatedAt, a.UpdatedAt = id, now, now
			inserted++
			if err := tx.Record(ctx, audit.Event{Actor: "system", Action: "alert.raise", ObjectType: "alert",
				ObjectID: strconv.FormatInt(id, 10), UnitID: a.UnitID,
				Details: map[string]any{"kind": a.Kind, "key": a.Key, "bucket_start": a.BucketStart.UTC().Format(time.RFC3339)}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return inserted, nil
}

// ExtendAlert lets change update the stored alert (kind, key, bucket
// start): it gets the alert and reports whether it changed its score,
// explanation or details, which are then written, in one transaction. It
// returns whether the alert is stored. It serves alerts that gather
// posts, such as a known false claim repeated again the same day; like
// the matches behind it, the growing list is not audited (the raise is).
func (db *DB) ExtendAlert(ctx context.Context, kind, key string, bucket time.Time, change func(a *Alert) (bool, error)) (bool, error) {
	found := false
	err := db.Update(ctx, func(tx *Tx) error {
		q := "SELECT " + alertColumns + " FROM alerts WHERE kind = ? AND key = ? AND bucket_start = ?"
		if db.dialect == Postgres {
			q += " FOR UPDATE"
		}
		a, err := scanAlert(tx.queryRow(ctx, q, kind, key, bucket.UnixMilli()))
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("extend alert %s %s: %w", kind, key, translate(err))
		}
		found = true
		changed, err := change(&a)
		if err != nil || !changed {
			return err
		}
		_, err = tx.exec(ctx, "UPDATE alerts SET score = ?, explanation = ?, details = ?, updated_at = ? WHERE id = ?",
			a.Score, a.Explanation, string(a.Details), db.clock.Now().UTC().UnixMilli(), a.ID)
		if err != nil {
			return fmt.Errorf("extend alert %d: %w", a.ID, translate(err))
		}
		return nil
	})
	return found, err
}

// AlertFilter selects alerts. Zero fields select everything.
type AlertFilter struct {
	Status  string    // open, accepted, merged or dismissed
	Kinds   []string  // any of these kinds
	StoryID int64     // alerts about this story
	Since   time.Time // event time at or after
	Limit   int       // at most this many (default 100)
}

const alertColumns = `id, kind, key, COALESCE(story_id, 0), COALESCE(claim_id, 0), COALESCE(unit_id, 0), bucket_start, at, score,
	explanation, details, status, dismiss_reason, created_at, updated_at`

func scanAlert(row interface{ Scan(...any) error }) (Alert, error) {
	var a Alert
	var bucket, at, created, updated int64
	var details string
	if err := row.Scan(&a.ID, &a.Kind, &a.Key, &a.StoryID, &a.ClaimID, &a.UnitID, &bucket, &at, &a.Score,
		&a.Explanation, &details, &a.Status, &a.DismissReason, &created, &updated); err != nil {
		return Alert{}, err
	}
	a.BucketStart, a.At = time.UnixMilli(bucket).UTC(), time.UnixMilli(at).UTC()
	a.CreatedAt, a.UpdatedAt = time.UnixMilli(created).UTC(), time.UnixMilli(updated).UTC()
	a.Details = json.RawMessage(details)
	return a, nil
}

// Alerts lists alerts, latest event time first.
func (db *DB) Alerts(ctx context.Context, f AlertFilter) ([]Alert, error) {
	q := "SELECT " + alertColumns + " FROM alerts WHERE 1 = 1"
	var args []any
	if f.Status != "" {
		q += " AND status = ?"
		args = append(args, f.Status)
	}
	if len(f.Kinds) > 0 {
		q += " AND kind IN (?" + strings.Repeat(", ?", len(f.Kinds)-1) + ")"
		for _, k := range f.Kinds {
			args = append(args, k)
		}
	}
	if f.StoryID != 0 {
		q += " AND story_id = ?"
		args = append(args, f.StoryID)
	}
	if !f.Since.IsZero() {
		q += " AND at >= ?"
		args = append(args, f.Since.UnixMilli())
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	q += fmt.Sprintf(" ORDER BY at DESC, id DESC LIMIT %d", limit)
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list alerts: %w", err)
	}
	defer rows.Close()
	var out []Alert
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, fmt.Errorf("scan alert: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Alert returns one alert, or NotFound.
func (db *DB) Alert(ctx context.Context, id int64) (Alert, error) {
	a, err := scanAlert(db.queryRow(ctx, "SELECT "+alertColumns+" FROM alerts WHERE id = ?", id))
	if err != nil {
		return Alert{}, notFound(err, fmt.Sprintf("alert %d", id))
	}
	return a, nil
}

// SignalState is the saved state of a spike detector: its baselines as of
// Watermark (event time), encoded by the detector.
type SignalState struct {
	Name      string
	Watermark time.Time
	SavedAt   time.Time
	Data      []byte
}

// SignalState returns the saved state of the named detector, or NotFound.
func (db *DB) SignalState(ctx context.Context, name string) (SignalState, error) {
	st := SignalState{Name: name}
	var wm, saved int64
	err := db.queryRow(ctx, "SELECT watermark, saved_at, data FROM signal_state WHERE name = ?", name).Scan(&wm, &saved, &st.Data)
	if err != nil {
		return SignalState{}, notFound(err, "signal state "+name)
	}
	st.Watermark, st.SavedAt = time.UnixMilli(wm).UTC(), time.UnixMilli(saved).UTC()
	return st, nil
}

// SaveSignalState replaces the saved state of a detector. It is not audited:
// it is a cache of what the posts already say.
func (db *DB) SaveSignalState(ctx context.Context, st SignalState) error {
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `INSERT INTO signal_state (name, watermark, saved_at, data) VALUES (?, ?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET watermark = excluded.watermark, saved_at = excluded.saved_at, data = excluded.data`,
			st.Name, st.Watermark.UnixMilli(), db.clock.Now().UnixMilli(), st.Data)
		if err != nil {
			return fmt.Errorf("save signal state %s: %w", st.Name, err)
		}
		return nil
	})
}

// PublishedCursor is a position in posts ordered by (published_at, id).
type PublishedCursor struct {
	At time.Time
	ID int64
}

// PostsPublished lists posts published in [from, to) after the cursor, in
// (published_at, id) order, with the fields the spike detector reads (id,
// source, handle, title, text, language, times). A zero to means no end.
func (db *DB) PostsPublished(ctx context.Context, from, to time.Time, after PublishedCursor, limit int) ([]post.Post, error) {
	q := `SELECT id, source_id, author_handle, title, text, lang, published_at, fetched_at FROM posts
		WHERE published_at >= ? AND (published_at > ? OR (published_at = ? AND id > ?))`
	args := []any{from.UnixMilli(), after.At.UnixMilli(), after.At.UnixMilli(), after.ID}
	if !to.IsZero() {
		q += " AND published_at < ?"
		args = append(args, to.UnixMilli())
	}
	if limit <= 0 {
		limit = 1000
	}
	q += fmt.Sprintf(" ORDER BY published_at, id LIMIT %d", limit)
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list posts by time: %w", err)
	}
	defer rows.Close()
	var out []post.Post
	for rows.Next() {
		var p post.Post
		var pub, fetched int64
		if err := rows.Scan(&p.ID, &p.SourceID, &p.AuthorHandle, &p.Title, &p.Text, &p.Lang, &pub, &fetched); err != nil {
			return nil, fmt.Errorf("scan post: %w", err)
		}
		p.PublishedAt, p.FetchedAt = time.UnixMilli(pub).UTC(), time.UnixMilli(fetched).UTC()
		out = append(out, p)
	}
	return out, rows.Err()
}

// LatestPublished returns the latest published_at of any post, or the zero
// time when there are none.
func (db *DB) LatestPublished(ctx context.Context) (time.Time, error) {
	var ms sql.NullInt64
	if err := db.queryRow(ctx, "SELECT MAX(published_at) FROM posts").Scan(&ms); err != nil {
		return time.Time{}, fmt.Errorf("latest post time: %w", translate(err))
	}
	return fromMillis(ms), nil
}
