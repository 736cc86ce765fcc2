package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/factdesk/factdesk/internal/desk"
)

// AddComment stores a comment on case c with its effects (mentioned users
// are notified) in one transaction.
func (db *DB) AddComment(ctx context.Context, actor string, c desk.Case, cm desk.Comment, fx CaseEffects) (desk.Comment, error) {
	err := db.Update(ctx, func(tx *Tx) error {
		now := db.clock.Now().UTC().Truncate(time.Millisecond)
		cm.CaseID, cm.CreatedAt = c.ID, now
		err := tx.queryRow(ctx, "INSERT INTO case_comments (case_id, author_id, body, mentions, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
			c.ID, nullInt(cm.AuthorID), cm.Body, jsonOf(cm.Mentions), now.UnixMilli()).Scan(&cm.ID)
		if err != nil {
			return fmt.Errorf("comment on case %d: %w", c.ID, translate(err))
		}
		if fx.Details == nil {
			fx.Details = map[string]any{}
		}
		fx.Details["comment_id"] = cm.ID
		return tx.caseEffects(ctx, actor, c, fx)
	})
	return cm, err
}

// Comments lists a case's comments, oldest first, with their authors' names.
func (db *DB) Comments(ctx context.Context, caseID int64) ([]desk.Comment, error) {
	rows, err := db.query(ctx, `SELECT c.id, c.case_id, COALESCE(c.author_id, 0), COALESCE(u.name, ''), c.body, c.mentions, c.created_at
		FROM case_comments c LEFT JOIN users u ON u.id = c.author_id WHERE c.case_id = ? ORDER BY c.id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("comments of case %d: %w", caseID, translate(err))
	}
	defer rows.Close()
	out := []desk.Comment{}
	for rows.Next() {
		var cm desk.Comment
		var mentions string
		var at int64
		if err := rows.Scan(&cm.ID, &cm.CaseID, &cm.AuthorID, &cm.Author, &cm.Body, &mentions, &at); err != nil {
			return nil, fmt.Errorf("comments of case %d: %w", caseID, err)
		}
		_ = json.Unmarshal([]byte(mentions), &cm.Mentions)
		cm.CreatedAt = time.UnixMilli(at).UTC()
		out = append(out, cm)
	}
	return out, translate(rows.Err())
}

// AddEvidence stores an evidence item for case c with its effects.
func (db *DB) AddEvidence(ctx context.Context, actor string, c desk.Case, e desk.Evidence, fx CaseEffects) (desk.Evidence, error) {
	err := db.Update(ctx, func(tx *Tx) error {
		now := db.clock.Now().UTC().Truncate(time.Millisecond)
		e.CaseID, e.CreatedAt = c.ID, now
		var content any
		if e.Content != nil {
			content = e.Content
		}
		err := tx.queryRow(ctx, `INSERT INTO case_evidence (case_id, kind, url, title, note, content, content_type, filename, size, sha256,
			fetched_at, added_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			c.ID, e.Kind, e.URL, e.Title, e.Note, content, e.ContentType, e.Filename, e.Size, e.SHA256,
			nullTime(e.FetchedAt), nullInt(e.AddedBy), now.UnixMilli()).Scan(&e.ID)
		if err != nil {
			return fmt.Errorf("evidence for case %d: %w", c.ID, translate(err))
		}
		if fx.Details == nil {
			fx.Details = map[string]any{}
		}
		fx.Details["evidence_id"], fx.Details["kind"], fx.Details["sha256"] = e.ID, e.Kind, e.SHA256
		if e.URL != "" {
			fx.Details["url"] = e.URL
		}
		return tx.caseEffects(ctx, actor, c, fx)
	})
	e.Content = nil
	return e, err
}

const evidenceColumns = `id, case_id, kind, url, title, note, content_type, filename, size, sha256, fetched_at, COALESCE(added_by, 0), created_at`

func scanEvidence(row interface{ Scan(...any) error }, extra ...any) (desk.Evidence, error) {
	var e desk.Evidence
	var fetched sql.NullInt64
	var at int64
	dst := append([]any{&e.ID, &e.CaseID, &e.Kind, &e.URL, &e.Title, &e.Note, &e.ContentType, &e.Filename, &e.Size, &e.SHA256,
		&fetched, &e.AddedBy, &at}, extra...)
	if err := row.Scan(dst...); err != nil {
		return e, err
	}
	e.FetchedAt, e.CreatedAt = fromMillis(fetched), time.UnixMilli(at).UTC()
	return e, nil
}

// EvidenceOf lists a case's evidence items without their content.
func (db *DB) EvidenceOf(ctx context.Context, caseID int64) ([]desk.Evidence, error) {
	rows, err := db.query(ctx, "SELECT "+evidenceColumns+" FROM case_evidence WHERE case_id = ? ORDER BY id", caseID)
	if err != nil {
		return nil, fmt.Errorf("evidence of case %d: %w", caseID, translate(err))
	}
	defer rows.Close()
	out := []desk.Evidence{}
	for rows.Next() {
		e, err := scanEvidence(rows)
		if err != nil {
			return nil, fmt.Errorf("evidence of case %d: %w", caseID, err)
		}
		out = append(out, e)
	}
	return out, translate(rows.Err())
}

// EvidenceItem reads one evidence item with its content.
func (db *DB) EvidenceItem(ctx context.Context, id int64) (desk.Evidence, error) {
	var content []byte
	e, err := scanEvidence(db.queryRow(ctx, "SELECT "+evidenceColumns+", content FROM case_evidence WHERE id = ?", id), &content)
	if err != nil {
		return e, notFound(err, fmt.Sprintf("evidence %d", id))
	}
	e.Content = content
	return e, nil
}

// Notification is an in-app message to one user.
type Notification struct {
	ID        int64     `json:"id"`
	CaseID    int64     `json:"case_id,omitempty"`
	Kind      string    `json:"kind"`
	Message   string    `json:"message"`
	Read      bool      `json:"read"`
	CreatedAt time.Time `json:"created_at"`
}

// Notifications lists a user's newest notifications.
func (db *DB) Notifications(ctx context.Context, userID int64, unreadOnly bool, limit int) ([]Notification, error) {
	q := "SELECT id, COALESCE(case_id, 0), kind, message, read_at, created_at FROM notifications WHERE user_id = ?"
	if unreadOnly {
		q += " AND read_at IS NULL"
	}
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	rows, err := db.query(ctx, q+" ORDER BY id DESC LIMIT "+strconv.Itoa(limit), userID)
	if err != nil {
		return nil, fmt.Errorf("notifications of user %d: %w", userID, translate(err))
	}
	defer rows.Close()
	out := []Notification{}
	for rows.Next() {
		var n Notification
		var read sql.NullInt64
		var at int64
		if err := rows.Scan(&n.ID, &n.CaseID, &n.Kind, &n.Message, &read, &at); err != nil {
			return nil, err
		}
		n.Read, n.CreatedAt = read.Valid, time.UnixMilli(at).UTC()
		out = append(out, n)
	}
	return out, translate(rows.Err())
}

// MarkNotificationsRead marks all of a user's notifications read.
func (db *DB) MarkNotificationsRead(ctx context.Context, userID int64) error {
	_, err := db.write.ExecContext(ctx, db.rebind("UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL"),
		db.clock.Now().UnixMilli(), userID)
	return translate(err)
}

// MailNotification is a notification with what an e-mail needs.
type MailNotification struct {
	ID      int64
	CaseID  int64
	Email   string
	Name    string
	Locale  string
	Message string
}

// NotificationsAfter lists notifications with an id above afterID, oldest
// first, with their users' addresses (disabled users left out).
func (db *DB) NotificationsAfter(ctx context.Context, afterID int64, limit int) ([]MailNotification, error) {
	rows, err := db.query(ctx, `SELECT n.id, COALESCE(n.case_id, 0), u.email, u.name, u.locale, n.message
		FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.id > ? AND u.disabled = 0 ORDER BY n.id LIMIT `+strconv.Itoa(max(limit, 1)), afterID)
	if err != nil {
		return nil, fmt.Errorf("notifications to mail: %w", translate(err))
	}
	defer rows.Close()
	var out []MailNotification
	for rows.Next() {
		var m MailNotification
		if err := rows.Scan(&m.ID, &m.CaseID, &m.Email, &m.Name, &m.Locale, &m.Message); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, translate(rows.Err())
}

// LastNotificationID is the highest notification id, 0 when there is none.
func (db *DB) LastNotificationID(ctx context.Context) (int64, error) {
	var id sql.NullInt64
	if err := db.queryRow(ctx, "SELECT MAX(id) FROM notifications").Scan(&id); err != nil {
		return 0, fmt.Errorf("last notification: %w", translate(err))
	}
	return id.Int64, nil
}
