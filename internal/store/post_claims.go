package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/claim"
	"github.com/factdesk/factdesk/internal/post"
)

// ClaimMatch is a stored match of a post to a checked claim (table
// post_claims): the claims stage stores every match of a new post scoring
// at least the suggestion threshold, and `claims rematch` those of older
// posts.
type ClaimMatch struct {
	PostID    int64     `json:"post_id"`
	ClaimID   int64     `json:"claim_id"`
	Score     float64   `json:"score"`             // calibrated probability, in [0, 1]
	Reasons   []string  `json:"reasons,omitempty"` // why it matches, in English
	MatchedAt time.Time `json:"matched_at"`        // set by the store when the row is written or changed
}

// PostClaim is a stored match with the claim it names.
type PostClaim struct {
	ClaimMatch
	Claim claim.Claim
}

// ClaimPost is a stored match with the post that repeats the claim and
// the post's story (0 when it has none yet).
type ClaimPost struct {
	ClaimMatch
	Post    post.Post
	StoryID int64
}

// upsertClaimMatch writes one match unless its post or claim is gone (a
// claim deleted while an index still held it), and leaves a row with the
// same score and reasons untouched, so that storing the same matches again
// changes nothing. The casts let PostgreSQL type the bare SELECT.
const upsertClaimMatch = `INSERT INTO post_claims (post_id, claim_id, score, reasons, matched_at)
	SELECT CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS DOUBLE PRECISION), CAST(? AS TEXT), CAST(? AS BIGINT)
	WHERE EXISTS (SELECT 1 FROM posts WHERE id = ?) AND EXISTS (SELECT 1 FROM claims WHERE id = ?)
	ON CONFLICT (post_id, claim_id) DO UPDATE SET score = excluded.score, reasons = excluded.reasons, matched_at = excluded.matched_at
	WHERE post_claims.score <> excluded.score OR post_claims.reasons <> excluded.reasons`

// SaveClaimMatches stores matches in one transaction: a new (post, claim)
// pair is inserted, a known one updated when its score or reasons differ,
// and a match whose post or claim no longer exists is skipped. It returns
// how many rows it inserted or changed: 0 for matches stored before.
func (db *DB) SaveClaimMatches(ctx context.Context, matches []ClaimMatch) (int, error) {
	if len(matches) == 0 {
		return 0, nil
	}
	written := 0
	err := db.Update(ctx, func(tx *Tx) error {
		n, err := tx.saveClaimMatches(ctx, matches)
		written = n
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("save claim matches: %w", err)
	}
	return written, nil
}

func (tx *Tx) saveClaimMatches(ctx context.Context, matches []ClaimMatch) (int, error) {
	stmt, err := tx.tx.PrepareContext(ctx, tx.db.rebind(upsertClaimMatch))
	if err != nil {
		return 0, fmt.Errorf("prepare: %w", translate(err))
	}
	defer stmt.Close()
	now := tx.db.clock.Now().UnixMilli()
	written := 0
	for _, m := range matches {
		reasons := jsonList(m.Reasons)
		res, err := stmt.ExecContext(ctx, m.PostID, m.ClaimID, m.Score, reasons, now, m.PostID, m.ClaimID)
		if err != nil {
			return 0, fmt.Errorf("post %d claim %d: %w", m.PostID, m.ClaimID, translate(err))
		}
		if n, err := res.RowsAffected(); err == nil {
			written += int(n)
		}
	}
	return written, nil
}

// ReplaceClaimMatches makes matches the stored matches of the posts
// postIDs, in one transaction: it saves matches as SaveClaimMatches does
// and deletes the posts' other rows (claims they no longer match, as after
// a claim was edited). Every match must name one of postIDs. It returns
// how many rows it inserted or changed and how many it deleted.
func (db *DB) ReplaceClaimMatches(ctx context.Context, postIDs []int64, matches []ClaimMatch) (written, deleted int, err error) {
	keep := make(map[int64][]int64, len(postIDs))
	for _, id := range postIDs {
		keep[id] = nil
	}
	for _, m := range matches {
		if _, ok := keep[m.PostID]; !ok {
			return 0, 0, fmt.Errorf("replace claim matches: post %d is not among the posts replaced", m.PostID)
		}
		keep[m.PostID] = append(keep[m.PostID], m.ClaimID)
	}
	err = db.Update(ctx, func(tx *Tx) error {
		written, deleted = 0, 0
		for _, id := range postIDs {
			q, args := "DELETE FROM post_claims WHERE post_id = ?", []any{id}
			if claims := keep[id]; len(claims) > 0 {
				q, args = inQuery(q+" AND claim_id NOT IN (%s)", claims, id)
			}
			res, err := tx.exec(ctx, q, args...)
			if err != nil {
				return fmt.Errorf("post %d: %w", id, err)
			}
			if n, err := res.RowsAffected(); err == nil {
				deleted += int(n)
			}
		}
		n, err := tx.saveClaimMatches(ctx, matches)
		written = n
		return err
	})
	if err != nil {
		return 0, 0, fmt.Errorf("replace claim matches: %w", err)
	}
	return written, deleted, nil
}

// PostClaims returns the stored matches of each of the posts that has
// any, with their claims, best score first.
func (db *DB) PostClaims(ctx context.Context, postIDs []int64) (map[int64][]PostClaim, error) {
	out := make(map[int64][]PostClaim)
	err := inChunks(postIDs, func(marks string, args []any) error {
		rows, err := db.query(ctx, "SELECT pc.post_id, pc.claim_id, pc.score, pc.reasons, pc.matched_at, "+prefixColumns(claimColumns, "c.")+
			" FROM post_claims pc JOIN claims c ON c.id = pc.claim_id WHERE pc.post_id IN ("+marks+
			") ORDER BY pc.post_id, pc.score DESC, pc.claim_id", args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var pc PostClaim
			var reasons string
			var at int64
			pc.Claim, err = scanClaim(withColumns(rows, []any{&pc.PostID, &pc.ClaimID, &pc.Score, &reasons, &at}, nil))
			if err != nil {
				return err
			}
			if err := pc.decode(reasons, at); err != nil {
				return err
			}
			out[pc.PostID] = append(out[pc.PostID], pc)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("claims of posts: %w", translate(err))
	}
	return out, nil
}

// ClaimPosts returns the stored posts repeating a claim, latest published
// first, from offset and at most limit (0: 50), with how many there are in
// all.
func (db *DB) ClaimPosts(ctx context.Context, claimID int64, limit, offset int) ([]ClaimPost, int, error) {
	var total int
	if err := db.queryRow(ctx, "SELECT COUNT(*) FROM post_claims WHERE claim_id = ?", claimID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count posts of claim %d: %w", claimID, translate(err))
	}
	if limit <= 0 {
		limit = 50
	}
	rows, err := db.query(ctx, "SELECT pc.post_id, pc.claim_id, pc.score, pc.reasons, pc.matched_at, "+prefixColumns(postColumns, "p.")+
		", COALESCE(ps.story_id, 0) FROM post_claims pc JOIN posts p ON p.id = pc.post_id LEFT JOIN post_stories ps ON ps.post_id = pc.post_id"+
		fmt.Sprintf(" WHERE pc.claim_id = ? ORDER BY p.published_at DESC, p.id DESC LIMIT %d OFFSET %d", limit, max(offset, 0)), claimID)
	if err != nil {
		return nil, 0, fmt.Errorf("posts of claim %d: %w", claimID, err)
	}
	defer rows.Close()
	var out []ClaimPost
	for rows.Next() {
		var cp ClaimPost
		var reasons string
		var at int64
		cp.Post, err = scanPost(withColumns(rows, []any{&cp.PostID, &cp.ClaimID, &cp.Score, &reasons, &at}, []any{&cp.StoryID}))
		if err != nil {
			return nil, 0, fmt.Errorf("posts of claim %d: %w", claimID, err)
		}
		if err := cp.decode(reasons, at); err != nil {
			return nil, 0, err
		}
		out = append(out, cp)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("posts of claim %d: %w", claimID, translate(err))
	}
	return out, total, nil
}

// decode fills the reasons and time read as stored.
func (m *ClaimMatch) decode(reasons string, at int64) error {
	if err := json.Unmarshal([]byte(reasons), &m.Reasons); err != nil {
		return fmt.Errorf("post %d claim %d: reasons: %w", m.PostID, m.ClaimID, err)
	}
	if len(m.Reasons) == 0 {
		m.Reasons = nil
	}
	m.MatchedAt = time.UnixMilli(at).UTC()
	return nil
}

// prefixColumns qualifies each of a comma-separated list of columns.
func prefixColumns(cols, prefix string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = prefix + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

// columnsScanner scans head, then what its caller asks for, then tail: a
// row scanner such as scanPost reads a row that carries more columns.
type columnsScanner struct {
	rows       *sql.Rows
	head, tail []any
}

func withColumns(rows *sql.Rows, head, tail []any) columnsScanner {
	return columnsScanner{rows: rows, head: head, tail: tail}
}

func (s columnsScanner) Scan(dst ...any) error {
	all := make([]any, 0, len(s.head)+len(dst)+len(s.tail))
	all = append(append(append(all, s.head...), dst...), s.tail...)
	return s.rows.Scan(all...)
}
