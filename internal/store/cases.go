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
	"github.com/factdesk/factdesk/internal/desk"
)

// CaseEffects are what a change to a case causes besides itself, written in
// the same transaction: the audit event, in-app notifications and the
// webhook event queued for delivery (an outbox, so a crash cannot lose one).
type CaseEffects struct {
	Action  string         // audit action, e.g. "case.status"; also the webhook event name
	Details map[string]any // audit details
	Notify  []int64        // users to notify
	Message string         // the notification's text
}

const caseColumns = `id, COALESCE(unit_id, 0), title, description, status, priority, priority_score, priority_reasons, priority_override,
	routing_reason, COALESCE(assignee_id, 0), due_at, verdict, verdict_rationale, verdict_at, COALESCE(verdict_by, 0), created_by,
	created_at, updated_at, first_alert_at, published_at, closed_at`

func scanCase(row interface{ Scan(...any) error }) (desk.Case, error) {
	var c desk.Case
	var reasons string
	var override int
	var due, verdictAt, firstAlert, published, closed sql.NullInt64
	var created, updated int64
	err := row.Scan(&c.ID, &c.UnitID, &c.Title, &c.Description, &c.Status, &c.Priority, &c.PriorityScore, &reasons, &override,
		&c.RoutingReason, &c.AssigneeID, &due, &c.Verdict, &c.VerdictRationale, &verdictAt, &c.VerdictBy, &c.CreatedBy,
		&created, &updated, &firstAlert, &published, &closed)
	if err != nil {
		return c, err
	}
	_ = json.Unmarshal([]byte(reasons), &c.PriorityReasons)
	c.PriorityOverride = override != 0
	c.DueAt, c.VerdictAt, c.FirstAlertAt = fromMillis(due), fromMillis(verdictAt), fromMillis(firstAlert)
	c.PublishedAt, c.ClosedAt = fromMillis(published), fromMillis(closed)
	c.CreatedAt, c.UpdatedAt = time.UnixMilli(created).UTC(), time.UnixMilli(updated).UTC()
	return c, nil
}

func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		return "[]"
	}
	return string(b)
}

// CreateCase stores a new case with its links to posts, stories, claims and
// alerts; linked alerts become accepted. The audit event, notifications and
// webhook event are written in the same transaction. It returns the case as
// stored.
func (db *DB) CreateCase(ctx context.Context, actor string, c desk.Case, fx CaseEffects) (desk.Case, error) {
	err := db.Update(ctx, func(tx *Tx) error {
		now := db.clock.Now().UTC().Truncate(time.Millisecond)
		c.CreatedAt, c.UpdatedAt, c.CreatedBy = now, now, actor
		if c.Status == "" {
			c.Status = desk.New
		}
		first, err := tx.firstAlertAt(ctx, c.AlertIDs)
		if err != nil {
			return err
		}
		c.FirstAlertAt = first
		err = tx.queryRow(ctx, `INSERT INTO cases (unit_id, title, description, status, priority, priority_score, priority_reasons,
			priority_override, routing_reason, assignee_id, due_at, created_by, created_at, updated_at, first_alert_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			nullInt(c.UnitID), c.Title, c.Description, c.Status, c.Priority, c.PriorityScore, jsonOf(c.PriorityReasons),
			boolInt(c.PriorityOverride), c.RoutingReason, nullInt(c.AssigneeID), nullTime(c.DueAt), actor,
			now.UnixMilli(), now.UnixMilli(), nullTime(c.FirstAlertAt)).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("create case: %w", translate(err))
		}
		if err := tx.linkCase(ctx, c.ID, c.PostIDs, c.StoryIDs, c.ClaimIDs, c.AlertIDs, AlertAccepted); err != nil {
			return err
		}
		if fx.Action == "" {
			fx.Action = "case.create"
		}
		if fx.Details == nil {
			fx.Details = map[string]any{}
		}
		fx.Details["title"], fx.Details["unit_id"], fx.Details["routing"] = c.Title, c.UnitID, c.RoutingReason
		fx.Details["priority"] = string(c.Priority)
		return tx.caseEffects(ctx, actor, c, fx)
	})
	if err != nil {
		return desk.Case{}, err
	}
	return db.Case(ctx, c.ID)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// firstAlertAt is the earliest event time of the given alerts.
func (tx *Tx) firstAlertAt(ctx context.Context, ids []int64) (time.Time, error) {
	if len(ids) == 0 {
		return time.Time{}, nil
	}
	var ms sql.NullInt64
	q, args := inQuery("SELECT MIN(at) FROM alerts WHERE id IN (%s)", ids)
	if err := tx.queryRow(ctx, q, args...).Scan(&ms); err != nil {
		return time.Time{}, fmt.Errorf("alerts of the case: %w", translate(err))
	}
	return fromMillis(ms), nil
}

// inQuery fills the %s of q with one placeholder per id.
func inQuery(q string, ids []int64, lead ...any) (string, []any) {
	args := append([]any{}, lead...)
	for _, id := range ids {
		args = append(args, id)
	}
	return fmt.Sprintf(q, strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")), args
}

// linkCase links records to a case, skipping links that exist; linked
// alerts take alertStatus. A post, claim or alert that does not exist is
// Invalid, naming it.
func (tx *Tx) linkCase(ctx context.Context, caseID int64, posts, stories, claims, alerts []int64, alertStatus string) error {
	links := []struct {
		table, col, ref string
		ids             []int64
	}{
		{"case_posts", "post_id", "posts", posts},
		{"case_stories", "story_id", "stories", stories},
		{"case_claims", "claim_id", "claims", claims},
		{"case_alerts", "alert_id", "alerts", alerts},
	}
	for _, l := range links {
		for _, id := range l.ids {
			var one int
			err := tx.queryRow(ctx, "SELECT 1 FROM "+l.ref+" WHERE id = ?", id).Scan(&one)
			if errors.Is(err, sql.ErrNoRows) {
				return apperr.InvalidFields(map[string]string{l.col + "s": fmt.Sprintf("%s %d does not exist", strings.TrimSuffix(l.ref, "s"), id)})
			}
			if err != nil {
				return fmt.Errorf("link case %d: %w", caseID, translate(err))
			}
			if _, err := tx.exec(ctx, "INSERT INTO "+l.table+" (case_id, "+l.col+") VALUES (?, ?) ON CONFLICT DO NOTHING", caseID, id); err != nil {
				return fmt.Errorf("link case %d to %s %d: %w", caseID, l.ref, id, translate(err))
			}
		}
	}
	if len(alerts) > 0 {
		q, args := inQuery("UPDATE alerts SET status = ?, updated_at = ? WHERE id IN (%s)", alerts, alertStatus, tx.db.clock.Now().UnixMilli())
		if _, err := tx.exec(ctx, q, args...); err != nil {
			return fmt.Errorf("mark alerts of case %d: %w", caseID, translate(err))
		}
	}
	return nil
}

// caseEffects writes the audit event, the notifications and the webhook
// deliveries of a change to c.
func (tx *Tx) caseEffects(ctx context.Context, actor string, c desk.Case, fx CaseEffects) error {
	if err := tx.Record(ctx, audit.Event{Actor: actor, Action: fx.Action, ObjectType: "case",
		ObjectID: strconv.FormatInt(c.ID, 10), UnitID: c.UnitID, Details: fx.Details}); err != nil {
		return err
	}
	now := tx.db.clock.Now().UnixMilli()
	seen := map[int64]bool{}
	for _, uid := range fx.Notify {
		if uid == 0 || seen[uid] {
			continue
		}
		seen[uid] = true
		msg := fx.Message
		if msg == "" {
			msg = fmt.Sprintf("case %d: %s", c.ID, fx.Action)
		}
		if _, err := tx.exec(ctx, "INSERT INTO notifications (user_id, case_id, kind, message, created_at) VALUES (?, ?, ?, ?, ?)",
			uid, c.ID, fx.Action, msg, now); err != nil {
			return fmt.Errorf("notify user %d: %w", uid, translate(err))
		}
	}
	return tx.enqueueWebhooks(ctx, fx.Action, c, fx.Details, actor)
}

// Case reads one case with its links.
func (db *DB) Case(ctx context.Context, id int64) (desk.Case, error) {
	c, err := scanCase(db.queryRow(ctx, "SELECT "+caseColumns+" FROM cases WHERE id = ?", id))
	if err != nil {
		return c, notFound(err, fmt.Sprintf("case %d", id))
	}
	if err := db.fillLinks(ctx, &c); err != nil {
		return c, err
	}
	c.MarkOverdue(db.clock.Now())
	return c, nil
}

func (db *DB) fillLinks(ctx context.Context, c *desk.Case) error {
	for _, l := range []struct {
		q   string
		dst *[]int64
	}{
		{"SELECT post_id FROM case_posts WHERE case_id = ? ORDER BY post_id", &c.PostIDs},
		{"SELECT story_id FROM case_stories WHERE case_id = ? ORDER BY story_id", &c.StoryIDs},
		{"SELECT claim_id FROM case_claims WHERE case_id = ? ORDER BY claim_id", &c.ClaimIDs},
		{"SELECT alert_id FROM case_alerts WHERE case_id = ? ORDER BY alert_id", &c.AlertIDs},
	} {
		ids, err := db.int64s(ctx, l.q, c.ID)
		if err != nil {
			return fmt.Errorf("links of case %d: %w", c.ID, err)
		}
		*l.dst = ids
	}
	return nil
}

func (db *DB) int64s(ctx context.Context, q string, args ...any) ([]int64, error) {
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, translate(rows.Err())
}

// CaseFilter selects cases. UnitIDs limits them to those units (nil: no
// limit; empty: none), as the caller's scope allows.
type CaseFilter struct {
	UnitIDs    []int64
	Statuses   []desk.Status
	AssigneeID int64
	Priority   desk.Priority
	OpenOnly   bool
	Overdue    bool
	Limit      int
}

// Cases lists cases, most pressing first (priority score, then oldest).
func (db *DB) Cases(ctx context.Context, f CaseFilter) ([]desk.Case, error) {
	if f.UnitIDs != nil && len(f.UnitIDs) == 0 {
		return []desk.Case{}, nil
	}
	q := "SELECT " + caseColumns + " FROM cases WHERE 1=1"
	var args []any
	if f.UnitIDs != nil {
		part, a := inQuery(" AND unit_id IN (%s)", f.UnitIDs)
		q += part
		args = append(args, a...)
	}
	if len(f.Statuses) > 0 {
		q += " AND status IN (" + strings.TrimSuffix(strings.Repeat("?,", len(f.Statuses)), ",") + ")"
		for _, s := range f.Statuses {
			args = append(args, string(s))
		}
	}
	if f.OpenOnly || f.Overdue {
		q += " AND status NOT IN ('published', 'closed', 'dismissed')"
	}
	if f.Overdue {
		q += " AND due_at IS NOT NULL AND due_at < ?"
		args = append(args, db.clock.Now().UnixMilli())
	}
	if f.AssigneeID != 0 {
		q += " AND assignee_id = ?"
		args = append(args, f.AssigneeID)
	}
	if f.Priority != "" {
		q += " AND priority = ?"
		args = append(args, string(f.Priority))
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	q += " ORDER BY priority_score DESC, id ASC LIMIT " + strconv.Itoa(limit)
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list cases: %w", translate(err))
	}
	defer rows.Close()
	out := []desk.Case{}
	now := db.clock.Now()
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, fmt.Errorf("list cases: %w", err)
		}
		c.MarkOverdue(now)
		out = append(out, c)
	}
	return out, translate(rows.Err())
}

// UpdateCase changes a case in one transaction: fn gets the case as stored
// (with links) and changes it in place, returning the effects of the change
// (fx.Action names it). Every column fn may change is written back; the
// audit event and the rest of the effects go in the same transaction.
func (db *DB) UpdateCase(ctx context.Context, actor string, id int64, fn func(c *desk.Case) (CaseEffects, error)) (desk.Case, error) {
	err := db.Update(ctx, func(tx *Tx) error {
		c, err := scanCase(tx.queryRow(ctx, "SELECT "+caseColumns+" FROM cases WHERE id = ?", id))
		if err != nil {
			return notFound(err, fmt.Sprintf("case %d", id))
		}
		fx, err := fn(&c)
		if err != nil {
			return err
		}
		now := db.clock.Now().UTC().Truncate(time.Millisecond)
		_, err = tx.exec(ctx, `UPDATE cases SET unit_id = ?, title = ?, description = ?, status = ?, priority = ?, priority_score = ?,
			priority_reasons = ?, priority_override = ?, routing_reason = ?, assignee_id = ?, due_at = ?, verdict = ?, verdict_rationale = ?,
			verdict_at = ?, verdict_by = ?, updated_at = ?, published_at = ?, closed_at = ? WHERE id = ?`,
			nullInt(c.UnitID), c.Title, c.Description, c.Status, c.Priority, c.PriorityScore, jsonOf(c.PriorityReasons),
			boolInt(c.PriorityOverride), c.RoutingReason, nullInt(c.AssigneeID), nullTime(c.DueAt), c.Verdict, c.VerdictRationale,
			nullTime(c.VerdictAt), nullInt(c.VerdictBy), now.UnixMilli(), nullTime(c.PublishedAt), nullTime(c.ClosedAt), id)
		if err != nil {
			return fmt.Errorf("update case %d: %w", id, translate(err))
		}
		return tx.caseEffects(ctx, actor, c, fx)
	})
	if err != nil {
		return desk.Case{}, err
	}
	return db.Case(ctx, id)
}

// LinkToCase adds links to a case (merged alerts become merged), with
// effects in the same transaction.
func (db *DB) LinkToCase(ctx context.Context, actor string, id int64, posts, stories, claims, alerts []int64, fx CaseEffects) (desk.Case, error) {
	err := db.Update(ctx, func(tx *Tx) error {
		c, err := scanCase(tx.queryRow(ctx, "SELECT "+caseColumns+" FROM cases WHERE id = ?", id))
		if err != nil {
			return notFound(err, fmt.Sprintf("case %d", id))
		}
		if err := tx.linkCase(ctx, id, posts, stories, claims, alerts, AlertMerged); err != nil {
			return err
		}
		if first, err := tx.firstAlertAt(ctx, alerts); err != nil {
			return err
		} else if !first.IsZero() && (c.FirstAlertAt.IsZero() || first.Before(c.FirstAlertAt)) {
			if _, err := tx.exec(ctx, "UPDATE cases SET first_alert_at = ? WHERE id = ?", first.UnixMilli(), id); err != nil {
				return fmt.Errorf("case %d first alert: %w", id, translate(err))
			}
		}
		if _, err := tx.exec(ctx, "UPDATE cases SET updated_at = ? WHERE id = ?", db.clock.Now().UnixMilli(), id); err != nil {
			return fmt.Errorf("touch case %d: %w", id, translate(err))
		}
		return tx.caseEffects(ctx, actor, c, fx)
	})
	if err != nil {
		return desk.Case{}, err
	}
	return db.Case(ctx, id)
}

// DismissAlert closes an open alert with a reason and an audit event.
func (db *DB) DismissAlert(ctx context.Context, actor string, id int64, reason string) (Alert, error) {
	err := db.Update(ctx, func(tx *Tx) error {
		var status string
		var unit sql.NullInt64
		err := tx.queryRow(ctx, "SELECT status, unit_id FROM alerts WHERE id = ?", id).Scan(&status, &unit)
		if err != nil {
			return notFound(err, fmt.Sprintf("alert %d", id))
		}
		if status != AlertOpen {
			return apperr.Errorf(apperr.Conflict, "alert %d is %s, not open", id, status)
		}
		if _, err := tx.exec(ctx, "UPDATE alerts SET status = ?, dismiss_reason = ?, updated_at = ? WHERE id = ?",
			AlertDismissed, reason, db.clock.Now().UnixMilli(), id); err != nil {
			return fmt.Errorf("dismiss alert %d: %w", id, translate(err))
		}
		return tx.Record(ctx, audit.Event{Actor: actor, Action: "alert.dismiss", ObjectType: "alert",
			ObjectID: strconv.FormatInt(id, 10), UnitID: unit.Int64, Details: map[string]any{"reason": reason}})
	})
	if err != nil {
		return Alert{}, err
	}
	return db.Alert(ctx, id)
}

// CaseInputs are what routing and priority read from a case's posts.
type CaseInputs struct {
	Texts       []string // title and text of up to 500 posts
	SourceUnits []int64  // the unit of each post's source, 0 when none
	Posts       int      // posts linked directly or through stories
	Sources     int      // distinct sources among them
	MaxScore    float64  // strongest alert score
	KnownFalse  bool     // a linked claim or known_claim alert is rated false or misleading
}

// CaseInputsFor gathers the inputs of the posts (and the posts of the
// stories), alerts and claims given.
func (db *DB) CaseInputsFor(ctx context.Context, posts, stories, alerts, claims []int64) (CaseInputs, error) {
	var in CaseInputs
	sources := map[int64]bool{}
	seen := map[int64]bool{}
	add := func(q string, args []any) error {
		rows, err := db.query(ctx, q, args...)
		if err != nil {
			return translate(err)
		}
		defer rows.Close()
		for rows.Next() {
			var id, src, unit int64
			var title, body string
			if err := rows.Scan(&id, &src, &unit, &title, &body); err != nil {
				return err
			}
			if seen[id] {
				continue
			}
			seen[id] = true
			in.Posts++
			sources[src] = true
			if len(in.Texts) < 500 {
				in.Texts = append(in.Texts, title+"\n"+body)
				in.SourceUnits = append(in.SourceUnits, unit)
			}
		}
		return rows.Err()
	}
	const cols = "SELECT p.id, p.source_id, COALESCE(s.unit_id, 0), p.title, p.text FROM posts p JOIN sources s ON s.id = p.source_id"
	if len(posts) > 0 {
		q, args := inQuery(cols+" WHERE p.id IN (%s)", posts)
		if err := add(q, args); err != nil {
			return in, fmt.Errorf("posts of the case: %w", err)
		}
	}
	if len(stories) > 0 {
		q, args := inQuery(cols+" JOIN post_stories ps ON ps.post_id = p.id WHERE ps.story_id IN (%s) ORDER BY p.id DESC LIMIT 2000", stories)
		if err := add(q, args); err != nil {
			return in, fmt.Errorf("posts of the stories: %w", err)
		}
	}
	in.Sources = len(sources)
	if len(alerts) > 0 {
		q, args := inQuery("SELECT COALESCE(MAX(score), 0) FROM alerts WHERE id IN (%s)", alerts)
		if err := db.queryRow(ctx, q, args...).Scan(&in.MaxScore); err != nil {
			return in, fmt.Errorf("alerts of the case: %w", translate(err))
		}
		q, args = inQuery("SELECT COUNT(*) FROM alerts a JOIN claims c ON c.id = a.claim_id WHERE a.id IN (%s) AND c.verdict IN ('false', 'misleading')", alerts)
		var n int
		if err := db.queryRow(ctx, q, args...).Scan(&n); err != nil {
			return in, fmt.Errorf("claims of the alerts: %w", translate(err))
		}
		in.KnownFalse = n > 0
	}
	if len(claims) > 0 && !in.KnownFalse {
		q, args := inQuery("SELECT COUNT(*) FROM claims WHERE id IN (%s) AND verdict IN ('false', 'misleading')", claims)
		var n int
		if err := db.queryRow(ctx, q, args...).Scan(&n); err != nil {
			return in, fmt.Errorf("claims of the case: %w", translate(err))
		}
		in.KnownFalse = n > 0
	}
	return in, nil
}

// UnroutedAlerts lists open alerts no unit owns yet, newest first.
func (db *DB) UnroutedAlerts(ctx context.Context, limit int) ([]Alert, error) {
	rows, err := db.query(ctx, "SELECT "+alertColumns+" FROM alerts WHERE unit_id IS NULL AND status = 'open' ORDER BY id DESC LIMIT "+strconv.Itoa(max(limit, 1)))
	if err != nil {
		return nil, fmt.Errorf("unrouted alerts: %w", translate(err))
	}
	defer rows.Close()
	var out []Alert
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, fmt.Errorf("unrouted alerts: %w", err)
		}
		out = append(out, a)
	}
	return out, translate(rows.Err())
}

// RouteAlert gives an unrouted alert to a unit, with an audit event. An
// alert routed meanwhile keeps its unit.
func (db *DB) RouteAlert(ctx context.Context, actor string, id, unitID int64, reason string) error {
	return db.Update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "UPDATE alerts SET unit_id = ?, updated_at = ? WHERE id = ? AND unit_id IS NULL", unitID, db.clock.Now().UnixMilli(), id)
		if err != nil {
			return fmt.Errorf("route alert %d: %w", id, translate(err))
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return tx.Record(ctx, audit.Event{Actor: actor, Action: "alert.route", ObjectType: "alert",
			ObjectID: strconv.FormatInt(id, 10), UnitID: unitID, Details: map[string]any{"reason": reason}})
	})
}
