package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/audit"
	"github.com/factdesk/factdesk/internal/desk"
)

// Webhook is an outgoing subscription to case events: a JSON POST signed
// with HMAC-SHA256 of the body under Secret.
type Webhook struct {
	ID        int64     `json:"id"`
	UnitID    int64     `json:"unit_id,omitempty"` // cases of this unit and below; 0 for all
	URL       string    `json:"url"`
	Secret    string    `json:"-"`
	Events    []string  `json:"events"` // empty: every event
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"created_at"`
}

// CreateWebhook stores a webhook with an audit event.
func (db *DB) CreateWebhook(ctx context.Context, actor string, w Webhook) (Webhook, error) {
	if w.URL == "" || w.Secret == "" {
		return w, apperr.InvalidFields(map[string]string{"url": "a URL and a secret are required"})
	}
	err := db.Update(ctx, func(tx *Tx) error {
		now := db.clock.Now().UTC().Truncate(time.Millisecond)
		w.CreatedAt, w.Active = now, true
		if w.Events == nil {
			w.Events = []string{}
		}
		err := tx.queryRow(ctx, "INSERT INTO webhooks (unit_id, url, secret, events, active, created_at) VALUES (?, ?, ?, ?, 1, ?) RETURNING id",
			nullInt(w.UnitID), w.URL, w.Secret, jsonOf(w.Events), now.UnixMilli()).Scan(&w.ID)
		if err != nil {
			return fmt.Errorf("create webhook: %w", translate(err))
		}
		return tx.Record(ctx, audit.Event{Actor: actor, Action: "webhook.create", ObjectType: "webhook",
			ObjectID: strconv.FormatInt(w.ID, 10), UnitID: w.UnitID, Details: map[string]any{"url": w.URL, "events": w.Events}})
	})
	return w, err
}

// Webhooks lists every webhook.
func (db *DB) Webhooks(ctx context.Context) ([]Webhook, error) {
	rows, err := db.query(ctx, "SELECT id, COALESCE(unit_id, 0), url, secret, events, active, created_at FROM webhooks ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("list webhooks: %w", translate(err))
	}
	defer rows.Close()
	out := []Webhook{}
	for rows.Next() {
		var w Webhook
		var events string
		var active int
		var at int64
		if err := rows.Scan(&w.ID, &w.UnitID, &w.URL, &w.Secret, &events, &active, &at); err != nil {
			return nil, err
		}
		_ = json.Unmarshal([]byte(events), &w.Events)
		w.Active, w.CreatedAt = active != 0, time.UnixMilli(at).UTC()
		out = append(out, w)
	}
	return out, translate(rows.Err())
}

// WebhookPayload is the JSON body of a delivery.
type WebhookPayload struct {
	Event   string         `json:"event"`
	At      time.Time      `json:"at"`
	Actor   string         `json:"actor"`
	Case    desk.Case      `json:"case"`
	Details map[string]any `json:"details,omitempty"`
}

// enqueueWebhooks queues one delivery of event per active webhook that
// covers the case's unit and subscribes to event.
func (tx *Tx) enqueueWebhooks(ctx context.Context, event string, c desk.Case, details map[string]any, actor string) error {
	rows, err := tx.query(ctx, "SELECT id, COALESCE(unit_id, 0), events FROM webhooks WHERE active = 1")
	if err != nil {
		return fmt.Errorf("webhooks: %w", translate(err))
	}
	type hook struct {
		id, unit int64
		events   []string
	}
	var hooks []hook
	for rows.Next() {
		var h hook
		var events string
		if err := rows.Scan(&h.id, &h.unit, &events); err != nil {
			rows.Close()
			return err
		}
		_ = json.Unmarshal([]byte(events), &h.events)
		hooks = append(hooks, h)
	}
	rows.Close()
	if len(hooks) == 0 {
		return nil
	}
	above, err := tx.unitAndAncestors(ctx, c.UnitID)
	if err != nil {
		return err
	}
	now := tx.db.clock.Now().UTC().Truncate(time.Millisecond)
	body, err := json.Marshal(WebhookPayload{Event: event, At: now, Actor: actor, Case: c, Details: details})
	if err != nil {
		return fmt.Errorf("webhook payload: %w", err)
	}
	for _, h := range hooks {
		if h.unit != 0 && !slices.Contains(above, h.unit) {
			continue
		}
		if len(h.events) > 0 && !slices.Contains(h.events, event) {
			continue
		}
		if _, err := tx.exec(ctx, `INSERT INTO webhook_deliveries (webhook_id, event, payload, next_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)`, h.id, event, string(body), now.UnixMilli(), now.UnixMilli(), now.UnixMilli()); err != nil {
			return fmt.Errorf("queue webhook %d: %w", h.id, translate(err))
		}
	}
	return nil
}

// unitAndAncestors lists id and every unit above it.
func (tx *Tx) unitAndAncestors(ctx context.Context, id int64) ([]int64, error) {
	var out []int64
	for id != 0 && len(out) < 64 {
		out = append(out, id)
		var parent sql.NullInt64
		if err := tx.queryRow(ctx, "SELECT parent_id FROM units WHERE id = ?", id).Scan(&parent); err != nil {
			return out, nil // a unit deleted meanwhile ends the walk
		}
		id = parent.Int64
	}
	return out, nil
}

// Delivery is one queued webhook call.
type Delivery struct {
	ID        int64
	WebhookID int64
	URL       string
	Secret    string
	Event     string
	Payload   []byte
	Attempts  int
}

// DueDeliveries lists pending deliveries whose time has come.
func (db *DB) DueDeliveries(ctx context.Context, limit int) ([]Delivery, error) {
	rows, err := db.query(ctx, `SELECT d.id, d.webhook_id, w.url, w.secret, d.event, d.payload, d.attempts
		FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
		WHERE d.status = 'pending' AND d.next_at <= ? ORDER BY d.next_at, d.id LIMIT `+strconv.Itoa(max(limit, 1)),
		db.clock.Now().UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("due webhook deliveries: %w", translate(err))
	}
	defer rows.Close()
	var out []Delivery
	for rows.Next() {
		var d Delivery
		var payload string
		if err := rows.Scan(&d.ID, &d.WebhookID, &d.URL, &d.Secret, &d.Event, &payload, &d.Attempts); err != nil {
			return nil, err
		}
		d.Payload = []byte(payload)
		out = append(out, d)
	}
	return out, translate(rows.Err())
}

// DeliveryResult records an attempt: delivered, or failed with the next
// attempt at next (zero next: given up).
func (db *DB) DeliveryResult(ctx context.Context, id int64, delivered bool, status int, errText string, next time.Time) error {
	st := "pending"
	switch {
	case delivered:
		st = "delivered"
	case next.IsZero():
		st = "failed"
	}
	nextAt := db.clock.Now().UnixMilli()
	if !next.IsZero() {
		nextAt = next.UnixMilli()
	}
	_, err := db.write.ExecContext(ctx, db.rebind(`UPDATE webhook_deliveries SET attempts = attempts + 1, status = ?, last_status = ?,
		last_error = ?, next_at = ?, updated_at = ? WHERE id = ?`), st, status, errText, nextAt, db.clock.Now().UnixMilli(), id)
	if err != nil {
		return fmt.Errorf("webhook delivery %d: %w", id, translate(err))
	}
	return nil
}

// DeliveryStatus is a delivery's state, for tests and the UI.
type DeliveryStatus struct {
	ID         int64  `json:"id"`
	WebhookID  int64  `json:"webhook_id"`
	Event      string `json:"event"`
	Status     string `json:"status"`
	Attempts   int    `json:"attempts"`
	LastStatus int    `json:"last_status"`
	LastError  string `json:"last_error,omitempty"`
}

// Deliveries lists the newest deliveries.
func (db *DB) Deliveries(ctx context.Context, limit int) ([]DeliveryStatus, error) {
	rows, err := db.query(ctx, "SELECT id, webhook_id, event, status, attempts, last_status, last_error FROM webhook_deliveries ORDER BY id DESC LIMIT "+strconv.Itoa(max(limit, 1)))
	if err != nil {
		return nil, fmt.Errorf("webhook deliveries: %w", translate(err))
	}
	defer rows.Close()
	var out []DeliveryStatus
	for rows.Next() {
		var d DeliveryStatus
		if err := rows.Scan(&d.ID, &d.WebhookID, &d.Event, &d.Status, &d.Attempts, &d.LastStatus, &d.LastError); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, translate(rows.Err())
}
