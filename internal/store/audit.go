package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/factdesk/factdesk/internal/audit"
)

// Record appends an audit event inside tx, chained to the previous one.
// At is stamped from the store's clock.
func (tx *Tx) Record(ctx context.Context, e audit.Event) error {
	if tx.db.dialect == Postgres {
		// Serialise appenders so the chain stays linear across processes.
		if _, err := tx.exec(ctx, "SELECT pg_advisory_xact_lock(7311)"); err != nil {
			return fmt.Errorf("audit: lock chain: %w", err)
		}
	}
	prev := audit.GenesisHash
	err := tx.queryRow(ctx, "SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1").Scan(&prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("audit: read chain head: %w", err)
	}
	details, err := audit.EncodeDetails(e.Details)
	if err != nil {
		return err
	}
	e.At = tx.db.clock.Now().UTC().Truncate(time.Millisecond)
	e.PrevHash = prev
	e.Hash = audit.ComputeHash(e, details)
	_, err = tx.exec(ctx, `INSERT INTO audit_events (at, actor, action, object_type, object_id, unit_id, details, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.At.UnixMilli(), e.Actor, e.Action, e.ObjectType, e.ObjectID, nullInt(e.UnitID), details, e.PrevHash, e.Hash)
	if err != nil {
		return fmt.Errorf("audit: append %s: %w", e.Action, err)
	}
	return nil
}

// AuditFilter selects audit events.
type AuditFilter struct {
	ObjectType string
	ObjectID   string
	AfterID    int64
	Limit      int
}

// AuditEvents lists audit events in id order.
func (db *DB) AuditEvents(ctx context.Context, f AuditFilter) ([]audit.Event, error) {
	events, _, err := db.auditEvents(ctx, f)
	return events, err
}

func (db *DB) auditEvents(ctx context.Context, f AuditFilter) ([]audit.Event, []string, error) {
	q := "SELECT id, at, actor, action, object_type, object_id, COALESCE(unit_id, 0), details, prev_hash, hash FROM audit_events WHERE id > ?"
	args := []any{f.AfterID}
	if f.ObjectType != "" {
		q += " AND object_type = ?"
		args = append(args, f.ObjectType)
	}
	if f.ObjectID != "" {
		q += " AND object_id = ?"
		args = append(args, f.ObjectID)
	}
	q += " ORDER BY id"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("list audit events: %w", err)
	}
	defer rows.Close()
	var events []audit.Event
	var raws []string
	for rows.Next() {
		var e audit.Event
		var at int64
		var raw string
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.ObjectType, &e.ObjectID, &e.UnitID, &raw, &e.PrevHash, &e.Hash); err != nil {
			return nil, nil, fmt.Errorf("scan audit event: %w", err)
		}
		e.At = time.UnixMilli(at).UTC()
		if err := json.Unmarshal([]byte(raw), &e.Details); err != nil {
			return nil, nil, fmt.Errorf("audit event %d: details: %w", e.ID, err)
		}
		events = append(events, e)
		raws = append(raws, raw)
	}
	return events, raws, rows.Err()
}

// VerifyAudit walks the whole audit log and checks its hash chain.
func (db *DB) VerifyAudit(ctx context.Context) (int, error) {
	r, err := db.CheckAudit(ctx)
	if err != nil {
		return r.Events, err
	}
	if !r.OK {
		return r.Events, errors.New(r.Problem)
	}
	return r.Events, nil
}

// AuditReport is the outcome of walking the audit chain.
type AuditReport struct {
	Events   int    `json:"events"`                 // events checked (all of them when OK)
	OK       bool   `json:"ok"`                     // every event matches its hash and links to the one before
	BrokenID int64  `json:"broken_event,omitempty"` // the first event that does not
	Problem  string `json:"problem,omitempty"`
}

// CheckAudit walks the whole chain and reports the first broken event.
// An error means the chain could not be read.
func (db *DB) CheckAudit(ctx context.Context) (AuditReport, error) {
	prev := audit.GenesisHash
	var after int64
	var r AuditReport
	for {
		events, raws, err := db.auditEvents(ctx, AuditFilter{AfterID: after, Limit: 1000})
		if err != nil {
			return r, err
		}
		if len(events) == 0 {
			r.OK = true
			return r, nil
		}
		if id, err := audit.Verify(events, raws, prev); err != nil {
			for _, e := range events {
				if e.ID == id {
					break
				}
				r.Events++
			}
			r.BrokenID, r.Problem = id, err.Error()
			return r, nil
		}
		r.Events += len(events)
		prev = events[len(events)-1].Hash
		after = events[len(events)-1].ID
	}
}

func nullInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

func fromMillis(ms sql.NullInt64) time.Time {
	if !ms.Valid {
		return time.Time{}
	}
	return time.UnixMilli(ms.Int64).UTC()
}
