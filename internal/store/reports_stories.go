package store

import (
	"context"
	"database/sql"
	"strings"
	"time"
)

// reportRising finds the stories with the most posts in the period (from
// the 10-minute story buckets), with their counts in the previous period
// and the checked claims that known-claim alerts tied them to.
func (db *DB) reportRising(ctx context.Context, q ReportQuery, d *ReportData) error {
	if q.Rising <= 0 {
		return nil
	}
	c, cargs := q.Scope.storyCond("b.story_id")
	rows, err := db.query(ctx, `SELECT b.story_id, SUM(b.post_count) AS n FROM story_buckets b
		WHERE b.bucket_start >= ? AND b.bucket_start < ? AND `+c+`
		GROUP BY b.story_id ORDER BY n DESC, b.story_id LIMIT ?`,
		append(append(q.Period.args(), cargs...), q.Rising)...)
	if err != nil {
		return err
	}
	var ids []any
	for rows.Next() {
		var s RisingStory
		if err := rows.Scan(&s.ID, &s.Posts); err != nil {
			rows.Close()
			return err
		}
		d.Rising = append(d.Rising, s)
		ids = append(ids, s.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return err
	}
	byID := make(map[int64]*RisingStory, len(d.Rising))
	for i := range d.Rising {
		byID[d.Rising[i].ID] = &d.Rising[i]
	}
	in := "(" + strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",") + ")"
	if err := db.risingDetails(ctx, in, ids, byID); err != nil {
		return err
	}
	prev, err := db.query(ctx, `SELECT story_id, SUM(post_count) FROM story_buckets
		WHERE bucket_start >= ? AND bucket_start < ? AND story_id IN `+in+` GROUP BY story_id`,
		append(q.Previous.args(), ids...)...)
	if err != nil {
		return err
	}
	for prev.Next() {
		var id, n int64
		if err := prev.Scan(&id, &n); err != nil {
			prev.Close()
			return err
		}
		byID[id].PostsPrev = n
	}
	prev.Close()
	if err := prev.Err(); err != nil {
		return err
	}
	return db.risingClaims(ctx, in, ids, byID)
}

// risingDetails fills in the stories' counters and the title of their
// representative posts.
func (db *DB) risingDetails(ctx context.Context, in string, ids []any, byID map[int64]*RisingStory) error {
	rows, err := db.query(ctx, `SELECT st.id, st.first_seen, st.last_seen, st.post_count, st.source_count,
		COALESCE(p.title, ''), COALESCE(p.text, '')
		FROM stories st LEFT JOIN posts p ON p.id = st.representative_post_id
		WHERE st.id IN `+in, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, first, last int64
		var s RisingStory
		var title, text string
		if err := rows.Scan(&id, &first, &last, &s.PostsTotal, &s.Sources, &title, &text); err != nil {
			return err
		}
		r := byID[id]
		r.FirstSeen, r.LastSeen = time.UnixMilli(first).UTC(), time.UnixMilli(last).UTC()
		r.PostsTotal, r.Sources = s.PostsTotal, s.Sources
		r.Title = title
		if r.Title == "" {
			r.Title = text
		}
	}
	return rows.Err()
}

// risingClaims attaches the claims matched to each story.
func (db *DB) risingClaims(ctx context.Context, in string, ids []any, byID map[int64]*RisingStory) error {
	rows, err := db.query(ctx, `SELECT DISTINCT a.story_id, c.id, CASE WHEN c.title <> '' THEN c.title ELSE c.text END,
		c.verdict, c.review_url, c.publisher
		FROM alerts a JOIN claims c ON c.id = a.claim_id
		WHERE a.kind = 'known_claim' AND a.story_id IN `+in+` ORDER BY a.story_id, c.id`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var story int64
		var c StoryClaim
		if err := rows.Scan(&story, &c.ID, &c.Text, &c.Verdict, &c.ReviewURL, &c.Publisher); err != nil {
			return err
		}
		if r := byID[story]; r != nil {
			r.Claims = append(r.Claims, c)
		}
	}
	return rows.Err()
}

// reportCases reads every case of the scope created before the end of the
// period; cases are made by people, so there are few enough to derive the
// counts, the overdue list and the response times from in Go.
func (db *DB) reportCases(ctx context.Context, q ReportQuery, d *ReportData) error {
	c, args := q.Scope.cond("unit_id")
	var err error
	if d.CasesTotal, err = db.count(ctx, "SELECT COUNT(*) FROM cases WHERE "+c, args...); err != nil {
		return err
	}
	rows, err := db.query(ctx, `SELECT id, COALESCE(unit_id, 0), title, status, priority, created_at,
		first_alert_at, verdict_at, published_at, closed_at, due_at
		FROM cases WHERE created_at < ? AND `+c+` ORDER BY id`, append([]any{q.Period.To.UnixMilli()}, args...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k ReportCase
		var created int64
		var first, verdict, published, closed, due sql.NullInt64
		if err := rows.Scan(&k.ID, &k.UnitID, &k.Title, &k.Status, &k.Priority, &created,
			&first, &verdict, &published, &closed, &due); err != nil {
			return err
		}
		k.CreatedAt = time.UnixMilli(created).UTC()
		k.FirstAlertAt, k.VerdictAt, k.PublishedAt = fromMillis(first), fromMillis(verdict), fromMillis(published)
		k.ClosedAt, k.DueAt = fromMillis(closed), fromMillis(due)
		d.Cases = append(d.Cases, k)
	}
	return rows.Err()
}
