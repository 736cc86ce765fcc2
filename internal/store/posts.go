package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/post"
)

// UpsertStatus says what storing one post did.
type UpsertStatus string

// The outcomes of UpsertPosts.
const (
	Inserted  UpsertStatus = "imported"  // a new post
	Duplicate UpsertStatus = "duplicate" // the same content was already stored
	Updated   UpsertStatus = "updated"   // an edited post: text replaced, earlier revision kept
)

// UpsertResult is the outcome for one post.
type UpsertResult struct {
	ID       int64
	Status   UpsertStatus
	Revision int
}

// MaxRawBytes caps the raw payload kept with a post.
const MaxRawBytes = 64 << 10

// UpsertPosts stores posts idempotently in one transaction, keyed by
// (source, external id). Posts must have SourceID, ExternalID (intake sets
// it to the content hash when the source gave none) and ContentHash. The
// same input twice stores nothing new; an edited post (same key, other
// content) replaces the text and keeps the earlier revision.
func (db *DB) UpsertPosts(ctx context.Context, posts []post.Post) ([]UpsertResult, error) {
	results := make([]UpsertResult, len(posts))
	err := db.Update(ctx, func(tx *Tx) error {
		find, err := tx.tx.PrepareContext(ctx, db.rebind("SELECT id, content_hash, revision, title, text FROM posts WHERE source_id = ? AND external_id = ?"))
		if err != nil {
			return fmt.Errorf("prepare find post: %w", err)
		}
		defer find.Close()
		ins, err := tx.tx.PrepareContext(ctx, db.rebind(`INSERT INTO posts (source_id, external_id, url, title, text, html, author_handle,
			published_at, fetched_at, lang, platform, metrics, raw, notes, content_hash, revision, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
			ON CONFLICT (source_id, external_id) DO NOTHING RETURNING id`))
		if err != nil {
			return fmt.Errorf("prepare insert post: %w", err)
		}
		defer ins.Close()
		perSource := map[int64]int64{}
		var inserted []int64
		now := db.clock.Now().UnixMilli()
		for i := range posts {
			p := &posts[i]
			if p.SourceID == 0 || p.ExternalID == "" || p.ContentHash == "" {
				return fmt.Errorf("upsert post %d: source, external id and content hash are required", i)
			}
			// The common case is a new post: try the insert first.
			metrics, raw := encodeExtras(p)
			var id int64
			err := ins.QueryRowContext(ctx, p.SourceID, p.ExternalID, p.URL, p.Title, p.Text, p.HTML, p.AuthorHandle,
				p.PublishedAt.UnixMilli(), p.FetchedAt.UnixMilli(), p.Lang, p.Platform, metrics, raw,
				strings.Join(p.Notes, "\n"), p.ContentHash, now).Scan(&id)
			if err == nil {
				results[i] = UpsertResult{ID: id, Status: Inserted, Revision: 1}
				perSource[p.SourceID]++
				inserted = append(inserted, id)
				p.ID = id
				continue
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("insert post %s: %w", p.ExternalID, translate(err))
			}
			var hash, oldTitle, oldText string
			var rev int
			if err := find.QueryRowContext(ctx, p.SourceID, p.ExternalID).Scan(&id, &hash, &rev, &oldTitle, &oldText); err != nil {
				return fmt.Errorf("find post %s: %w", p.ExternalID, translate(err))
			}
			if hash == p.ContentHash {
				results[i] = UpsertResult{ID: id, Status: Duplicate, Revision: rev}
				p.ID = id
				continue
			}
			if _, err := tx.exec(ctx, `INSERT INTO post_revisions (post_id, revision, title, text, content_hash, replaced_at)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (post_id, revision) DO NOTHING`, id, rev, oldTitle, oldText, hash, now); err != nil {
				return fmt.Errorf("keep revision of post %d: %w", id, err)
			}
			if _, err := tx.exec(ctx, `UPDATE posts SET url = ?, title = ?, text = ?, html = ?, author_handle = ?, lang = ?,
				metrics = ?, raw = ?, notes = ?, content_hash = ?, revision = ?, fetched_at = ?, updated_at = ? WHERE id = ?`,
				p.URL, p.Title, p.Text, p.HTML, p.AuthorHandle, p.Lang, metrics, raw, strings.Join(p.Notes, "\n"),
				p.ContentHash, rev+1, p.FetchedAt.UnixMilli(), now, id); err != nil {
				return fmt.Errorf("update post %d: %w", id, err)
			}
			results[i] = UpsertResult{ID: id, Status: Updated, Revision: rev + 1}
			p.ID = id
		}
		if err := tx.indexNewPosts(ctx, inserted); err != nil {
			return err
		}
		for src, n := range perSource {
			if _, err := tx.exec(ctx, "UPDATE sources SET items_total = items_total + ? WHERE id = ?", n, src); err != nil {
				return fmt.Errorf("count items of source %d: %w", src, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return results, nil
}

func encodeExtras(p *post.Post) (string, []byte) {
	metrics := "{}"
	if len(p.Metrics) > 0 {
		if b, err := json.Marshal(p.Metrics); err == nil {
			metrics = string(b)
		}
	}
	raw := p.Raw
	if len(raw) > MaxRawBytes {
		raw = raw[:MaxRawBytes]
	}
	return metrics, raw
}

// PostFilter selects posts.
type PostFilter struct {
	SourceID int64
	AfterID  int64 // keyset paging by id
	Limit    int
}

const postColumns = `id, source_id, external_id, url, title, text, html, author_handle, published_at, fetched_at, lang, platform,
	metrics, notes, content_hash`

func scanPost(row interface{ Scan(...any) error }) (post.Post, error) {
	var p post.Post
	var pub, fetched int64
	var metrics, notes string
	if err := row.Scan(&p.ID, &p.SourceID, &p.ExternalID, &p.URL, &p.Title, &p.Text, &p.HTML, &p.AuthorHandle, &pub, &fetched,
		&p.Lang, &p.Platform, &metrics, &notes, &p.ContentHash); err != nil {
		return post.Post{}, err
	}
	p.PublishedAt = time.UnixMilli(pub).UTC()
	p.FetchedAt = time.UnixMilli(fetched).UTC()
	if metrics != "{}" && metrics != "" {
		_ = json.Unmarshal([]byte(metrics), &p.Metrics) // written by us; a bad value only loses metrics
	}
	if notes != "" {
		p.Notes = strings.Split(notes, "\n")
	}
	return p, nil
}

// Post returns one post, or NotFound.
func (db *DB) Post(ctx context.Context, id int64) (post.Post, error) {
	p, err := scanPost(db.queryRow(ctx, "SELECT "+postColumns+" FROM posts WHERE id = ?", id))
	if err != nil {
		return post.Post{}, notFound(err, fmt.Sprintf("post %d", id))
	}
	return p, nil
}

// Posts lists posts in id order.
func (db *DB) Posts(ctx context.Context, f PostFilter) ([]post.Post, error) {
	q := "SELECT " + postColumns + " FROM posts WHERE id > ?"
	args := []any{f.AfterID}
	if f.SourceID != 0 {
		q += " AND source_id = ?"
		args = append(args, f.SourceID)
	}
	q += " ORDER BY id"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list posts: %w", err)
	}
	defer rows.Close()
	var out []post.Post
	for rows.Next() {
		p, err := scanPost(rows)
		if err != nil {
			return nil, fmt.Errorf("scan post: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// PostRevisions returns the earlier texts of an edited post, oldest first.
func (db *DB) PostRevisions(ctx context.Context, postID int64) ([]string, error) {
	rows, err := db.query(ctx, "SELECT text FROM post_revisions WHERE post_id = ? ORDER BY revision", postID)
	if err != nil {
		return nil, fmt.Errorf("list revisions: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// indexNewPosts adds newly inserted posts to SQLite's full-text index in a
// few statements per batch (PostgreSQL's generated columns need nothing).
func (tx *Tx) indexNewPosts(ctx context.Context, ids []int64) error {
	if tx.db.dialect != SQLite || len(ids) == 0 {
		return nil
	}
	// A store at a schema version before search has no index to fill.
	var n int
	if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'post_fts'").Scan(&n); err != nil || n == 0 {
		return err
	}
	const chunk = 500
	for len(ids) > 0 {
		n := min(chunk, len(ids))
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		q := "INSERT INTO post_fts (rowid, exact, folded) SELECT id, title || ' ' || text, fold(title || ' ' || text) FROM posts WHERE id IN (?" +
			strings.Repeat(", ?", n-1) + ")"
		if _, err := tx.exec(ctx, q, args...); err != nil {
			return fmt.Errorf("index new posts for search: %w", err)
		}
		ids = ids[n:]
	}
	return nil
}
