package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// SessionStore keeps web sessions in the database. It satisfies the
// CtxStore interface of github.com/alexedwards/scs/v2.
type SessionStore struct{ db *DB }

// Sessions returns the session store.
func (db *DB) Sessions() *SessionStore { return &SessionStore{db: db} }

// FindCtx returns the data of an unexpired session.
func (s *SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var data []byte
	err := s.db.queryRow(ctx, "SELECT data FROM sessions WHERE token = ? AND expiry > ?", token, s.db.clock.Now().UnixMilli()).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("find session: %w", err)
	}
	return data, true, nil
}

// CommitCtx saves a session.
func (s *SessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	_, err := s.db.write.ExecContext(ctx, s.db.rebind(`INSERT INTO sessions (token, data, expiry) VALUES (?, ?, ?)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`), token, b, expiry.UnixMilli())
	if err != nil {
		return fmt.Errorf("commit session: %w", translate(err))
	}
	return nil
}

// DeleteCtx removes a session.
func (s *SessionStore) DeleteCtx(ctx context.Context, token string) error {
	_, err := s.db.write.ExecContext(ctx, s.db.rebind("DELETE FROM sessions WHERE token = ?"), token)
	if err != nil {
		return fmt.Errorf("delete session: %w", translate(err))
	}
	return nil
}

// AllCtx returns every unexpired session (scs IterableCtxStore).
func (s *SessionStore) AllCtx(ctx context.Context) (map[string][]byte, error) {
	rows, err := s.db.query(ctx, "SELECT token, data FROM sessions WHERE expiry > ?", s.db.clock.Now().UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	defer rows.Close()
	out := map[string][]byte{}
	for rows.Next() {
		var t string
		var d []byte
		if err := rows.Scan(&t, &d); err != nil {
			return nil, fmt.Errorf("scan session: %w", err)
		}
		out[t] = d
	}
	return out, rows.Err()
}

// Find, Commit and Delete satisfy scs.Store; scs prefers the Ctx variants.
func (s *SessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

// Commit saves a session without a context.
func (s *SessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

// Delete removes a session without a context.
func (s *SessionStore) Delete(token string) error {
	return s.DeleteCtx(context.Background(), token)
}

// PurgeExpiredSessions deletes sessions past their expiry.
func (db *DB) PurgeExpiredSessions(ctx context.Context) (int64, error) {
	res, err := db.write.ExecContext(ctx, db.rebind("DELETE FROM sessions WHERE expiry <= ?"), db.clock.Now().UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("purge sessions: %w", translate(err))
	}
	return res.RowsAffected()
}
