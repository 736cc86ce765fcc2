package store

import (
	"context"
	"fmt"
)

// countedTables maps the names shown by `factdesk stats` to their tables.
// Later issues add their entities here.
var countedTables = []struct{ name, table string }{
	{"units", "units"},
	{"users", "users"},
	{"memberships", "memberships"},
	{"api_tokens", "api_tokens"},
	{"audit_events", "audit_events"},
	{"sources", "sources WHERE state <> 'removed'"},
	{"posts", "posts"},
	{"stories", "stories"},
	{"alerts", "alerts"},
	{"claims", "claims"},
	{"cases", "cases"},
	{"publications", "publications"},
}

// Stats counts the records of each entity.
func (db *DB) Stats(ctx context.Context) (map[string]int64, error) {
	out := make(map[string]int64, len(countedTables))
	for _, c := range countedTables {
		var n int64
		if err := db.queryRow(ctx, "SELECT COUNT(*) FROM "+c.table).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", c.name, translate(err))
		}
		out[c.name] = n
	}
	return out, nil
}
