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

	"github.com/factdesk/factdesk/internal/audit"
	"github.com/factdesk/factdesk/internal/publish"
	"github.com/factdesk/factdesk/internal/text"
)

// Publication returns a publication by id, or apperr NotFound.
func (db *DB) Publication(ctx context.Context, id int64) (publish.Publication, error) {
	p, err := scanPublication(db.queryRow(ctx, "SELECT "+publicationColumns+" FROM publications WHERE id = ?", id))
	if err != nil {
		return publish.Publication{}, notFound(err, fmt.Sprintf("publication %d", id))
	}
	return p, nil
}

// PublicationBySlug returns a publication by its slug, or apperr NotFound.
func (db *DB) PublicationBySlug(ctx context.Context, slug string) (publish.Publication, error) {
	p, err := scanPublication(db.queryRow(ctx, "SELECT "+publicationColumns+" FROM publications WHERE slug = ?", slug))
	if err != nil {
		return publish.Publication{}, notFound(err, fmt.Sprintf("publication %q", slug))
	}
	return p, nil
}

// Publications lists the publications f selects and counts all that match
// (for paging).
func (db *DB) Publications(ctx context.Context, f publish.Filter) ([]publish.Publication, int, error) {
	where, args := publicationWhere(f)
	var total int
	if err := db.queryRow(ctx, "SELECT COUNT(*) FROM publications WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count publications: %w", translate(err))
	}
	order := "updated_at DESC, id DESC"
	if f.Public {
		order = "published_at DESC, id DESC"
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	q := fmt.Sprintf("SELECT %s FROM publications WHERE %s ORDER BY %s LIMIT %d OFFSET %d", publicationColumns, where, order, limit, max(f.Offset, 0))
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list publications: %w", err)
	}
	defer rows.Close()
	var out []publish.Publication
	for rows.Next() {
		p, err := scanPublication(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("list publications: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("list publications: %w", translate(err))
	}
	return out, total, nil
}

func publicationWhere(f publish.Filter) (string, []any) {
	conds := []string{"1 = 1"}
	var args []any
	add := func(cond string, a ...any) { conds = append(conds, cond); args = append(args, a...) }
	if f.Kind != "" {
		add("kind = ?", string(f.Kind))
	}
	statuses := f.Statuses
	if f.Public && len(statuses) == 0 {
		statuses = []publish.Status{publish.Published, publish.Retracted}
	}
	if len(statuses) > 0 {
		ph := make([]string, len(statuses))
		for i, s := range statuses {
			ph[i] = "?"
			args = append(args, string(s))
		}
		conds = append(conds, "status IN ("+strings.Join(ph, ", ")+")")
	}
	if f.Units != nil {
		if len(f.Units) == 0 {
			conds = append(conds, "1 = 0")
		} else {
			ids := make([]string, len(f.Units))
			for i, id := range f.Units {
				ids[i] = strconv.FormatInt(id, 10)
			}
			conds = append(conds, "unit_id IN ("+strings.Join(ids, ", ")+")")
		}
	}
	if f.UnitID != 0 {
		add("unit_id = ?", f.UnitID)
	}
	if s := strings.TrimSpace(text.Fold(text.NormalizeSpace(text.NFC(f.Query)))); s != "" {
		add(`folded LIKE ? ESCAPE '\'`, "%"+likeEscaper.Replace(s)+"%")
	}
	if t := strings.ToLower(strings.TrimSpace(f.Tag)); t != "" {
		b, _ := json.Marshal(t)
		add(`tags LIKE ? ESCAPE '\'`, "%"+likeEscaper.Replace(string(b))+"%")
	}
	if f.Lang != "" {
		add("language = ?", strings.ToLower(f.Lang))
	}
	if f.Rating != "" {
		add("rating = ?", f.Rating)
	}
	return strings.Join(conds, " AND "), args
}

// PublicationVersions lists the published versions of a publication, oldest first.
func (db *DB) PublicationVersions(ctx context.Context, id int64) ([]publish.Version, error) {
	rows, err := db.query(ctx, "SELECT version, change_note, snapshot, published_by, published_at FROM publication_versions WHERE publication_id = ? ORDER BY version", id)
	if err != nil {
		return nil, fmt.Errorf("versions of publication %d: %w", id, err)
	}
	defer rows.Close()
	var out []publish.Version
	for rows.Next() {
		var v publish.Version
		var snap string
		var by sql.NullInt64
		var at int64
		if err := rows.Scan(&v.Version, &v.ChangeNote, &snap, &by, &at); err != nil {
			return nil, fmt.Errorf("versions of publication %d: %w", id, translate(err))
		}
		if err := json.Unmarshal([]byte(snap), &v.Snapshot); err != nil {
			return nil, fmt.Errorf("version %d of publication %d: %w", v.Version, id, err)
		}
		v.PublishedBy, v.PublishedAt = by.Int64, time.UnixMilli(at).UTC()
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("versions of publication %d: %w", id, translate(err))
	}
	return out, nil
}

// PublicationsChanged reports when the public site last changed: the
// latest change of a public publication, and how many there are. The
// public site's cache compares it to notice changes made by other
// processes.
func (db *DB) PublicationsChanged(ctx context.Context) (time.Time, int, error) {
	var last sql.NullInt64
	var n int
	if err := db.queryRow(ctx, "SELECT MAX(updated_at), COUNT(*) FROM publications WHERE status IN ('published', 'retracted')").Scan(&last, &n); err != nil {
		return time.Time{}, 0, fmt.Errorf("publications changed: %w", translate(err))
	}
	return fromMillis(last), n, nil
}

// PublishSettings returns a unit's publishing rules (the defaults when it
// has none).
func (db *DB) PublishSettings(ctx context.Context, unitID int64) (publish.Settings, error) {
	return scanSettings(db.queryRow(ctx, settingsQuery, unitID), unitID)
}

func (tx *Tx) publishSettings(ctx context.Context, unitID int64) (publish.Settings, error) {
	return scanSettings(tx.queryRow(ctx, settingsQuery, unitID), unitID)
}

const settingsQuery = "SELECT self_approval FROM publish_settings WHERE unit_id = ?"

// scanSettings reads a unit's settings row; no row means the defaults.
func scanSettings(row *sql.Row, unitID int64) (publish.Settings, error) {
	var self int
	if err := row.Scan(&self); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return publish.Settings{}, fmt.Errorf("publish settings of unit %d: %w", unitID, translate(err))
	}
	return publish.Settings{SelfApproval: self == 1}, nil
}

// SetPublishSettings saves a unit's publishing rules with an audit event.
// Errors: Invalid for a unit that does not exist.
func (db *DB) SetPublishSettings(ctx context.Context, actor string, unitID int64, s publish.Settings) error {
	self := 0
	if s.SelfApproval {
		self = 1
	}
	return db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, "INSERT INTO publish_settings (unit_id, self_approval) VALUES (?, ?) ON CONFLICT (unit_id) DO UPDATE SET self_approval = excluded.self_approval", unitID, self); err != nil {
			return fmt.Errorf("publish settings of unit %d: %w", unitID, err)
		}
		return tx.Record(ctx, audit.Event{Actor: actor, Action: "unit.publish_settings", ObjectType: "unit",
			ObjectID: strconv.FormatInt(unitID, 10), Details: map[string]any{"self_approval": s.SelfApproval}})
	})
}

// CaseForPublication reads what a publication written from a case starts
// with. Errors: NotFound for no such case.
func (db *DB) CaseForPublication(ctx context.Context, id int64) (publish.CaseInfo, error) {
	var c publish.CaseInfo
	var unit sql.NullInt64
	err := db.queryRow(ctx, "SELECT id, unit_id, title, description, verdict, verdict_rationale FROM cases WHERE id = ?", id).
		Scan(&c.ID, &unit, &c.Title, &c.Description, &c.Verdict, &c.Rationale)
	if err != nil {
		return publish.CaseInfo{}, notFound(err, fmt.Sprintf("case %d", id))
	}
	c.UnitID = unit.Int64
	return c, nil
}
