package store

import "context"

// MigrateUpToForTest applies migrations up to and including version, for
// tests of what a later migration does to existing rows.
func (db *DB) MigrateUpToForTest(ctx context.Context, version int64) error {
	p, err := db.provider()
	if err != nil {
		return err
	}
	_, err = p.UpTo(ctx, version)
	return err
}

// QueryStringForTest runs a query that returns one text value, on the
// writer (where temporary tables live).
func (db *DB) QueryStringForTest(ctx context.Context, q string, args ...any) (string, error) {
	var s string
	err := db.write.QueryRowContext(ctx, db.rebind(q), args...).Scan(&s)
	return s, err
}

// CompileSearchForTest returns the FTS5 and tsquery expressions of q:
// folded, then exact, for each.
func CompileSearchForTest(q PostSearch) ([]string, error) {
	c, err := compileSearch(q)
	return []string{c.fts, c.ftsExact, c.tsFolded, c.tsExact}, err
}
