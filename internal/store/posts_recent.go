package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// PostsStoredAfter returns the id after which the posts stored since t
// lie, for PostSearch.AfterID: the id of the newest post stored (inserted,
// or last edited) before t, or 0 when every post was stored since. Ids
// grow with insertion, so every post with a greater id was inserted or
// edited at or after t; an older post edited since lies below and is left
// out. posts has no column of its own for the insertion time: updated_at
// is set by the store's clock on insert and on each edit. The query walks
// the posts from the newest back, reading those stored since t.
func (db *DB) PostsStoredAfter(ctx context.Context, t time.Time) (int64, error) {
	var id int64
	err := db.queryRow(ctx, "SELECT id FROM posts WHERE updated_at < ? ORDER BY id DESC LIMIT 1", t.UnixMilli()).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, nil
	case err != nil:
		return 0, fmt.Errorf("posts stored since %s: %w", t.UTC().Format(time.RFC3339), translate(err))
	}
	return id, nil
}
