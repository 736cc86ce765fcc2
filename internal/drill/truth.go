package drill

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/factdesk/factdesk/internal/store"
)

// truth reads a workspace's store (read-only, SQLite) to tell which of the
// scenario's claims a stored record is about: the ground truth the
// generator wrote into each post's external id.
type truth struct {
	db *sql.DB
}

func openTruth(dir string) (*truth, error) {
	path := filepath.Join(dir, store.SQLiteFile)
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, fmt.Errorf("drill store: %w", err)
	}
	return &truth{db: db}, nil
}

func (t *truth) Close() error { return t.db.Close() }

// majority returns the claim most of the posts chosen by where carry, or
// "" when most carry none.
func (t *truth) majority(ctx context.Context, where string, args ...any) (string, error) {
	rows, err := t.db.QueryContext(ctx, "SELECT p.external_id FROM posts p WHERE "+where, args...)
	if err != nil {
		return "", fmt.Errorf("drill truth: %w", err)
	}
	defer rows.Close()
	count := map[string]int{}
	for rows.Next() {
		var ext string
		if err := rows.Scan(&ext); err != nil {
			return "", err
		}
		count[ClaimOfExternalID(ext)]++
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	best := ""
	for c, n := range count {
		if n > count[best] || (n == count[best] && c < best && c != "") {
			best = c
		}
	}
	return best, nil
}

func (t *truth) storyClaim(ctx context.Context, storyID int64) (string, error) {
	return t.majority(ctx, "p.id IN (SELECT post_id FROM post_stories WHERE story_id = ?)", storyID)
}

func (t *truth) postsClaim(ctx context.Context, ids []int64) (string, error) {
	if len(ids) == 0 {
		return "", nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return t.majority(ctx, "p.id IN (?"+strings.Repeat(", ?", len(ids)-1)+")", args...)
}

// libraryClaim returns the scenario claim of a claims-library record.
func (t *truth) libraryClaim(ctx context.Context, id int64) (string, error) {
	var key string
	err := t.db.QueryRowContext(ctx, "SELECT key FROM claims WHERE id = ?", id).Scan(&key)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("drill truth: %w", err)
	}
	c, _ := strings.CutPrefix(key, ClaimKey(""))
	return c, nil
}

// alertClaim tells the claim an alert is about: for a known-claim alert,
// its library claim if its posts carry it; else its story's.
func (t *truth) alertClaim(ctx context.Context, id int64) (string, error) {
	var story, claimID sql.NullInt64
	var details string
	err := t.db.QueryRowContext(ctx, "SELECT story_id, claim_id, details FROM alerts WHERE id = ?", id).Scan(&story, &claimID, &details)
	if err != nil {
		return "", fmt.Errorf("drill truth: alert %d: %w", id, err)
	}
	if claimID.Valid {
		// A known-claim alert is about what its posts say: the matcher can
		// tie an unrelated post to a library claim.
		var d struct {
			Posts []int64 `json:"posts"`
		}
		if json.Unmarshal([]byte(details), &d) == nil && len(d.Posts) > 0 {
			return t.postsClaim(ctx, d.Posts)
		}
		return t.libraryClaim(ctx, claimID.Int64)
	}
	if story.Valid {
		return t.storyClaim(ctx, story.Int64)
	}
	return "", nil
}

// hasTable reports whether the workspace's schema has a table (a later
// migration's, such as publications).
func (t *truth) hasTable(ctx context.Context, name string) bool {
	var n int
	err := t.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?", name).Scan(&n)
	return err == nil && n > 0
}
