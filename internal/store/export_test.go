package store

import "context"

// TamperForTest runs a raw statement on the writer, for tests that check
// the database itself refuses it.
func (db *DB) TamperForTest(ctx context.Context, q string) error {
	_, err := db.write.ExecContext(ctx, q)
	return err
}
