package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/audit"
	"github.com/factdesk/factdesk/internal/auth"
)

// CreateToken stores a new API token for a user and returns the secret,
// which is shown once and never stored in clear.
func (db *DB) CreateToken(ctx context.Context, actor string, userID int64, name string, expires time.Time) (auth.Token, string, error) {
	secret, hash := auth.NewTokenSecret()
	t := auth.Token{UserID: userID, Name: name, CreatedAt: db.clock.Now().UTC().Truncate(time.Millisecond), ExpiresAt: expires}
	err := db.Update(ctx, func(tx *Tx) error {
		err := tx.queryRow(ctx, "INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
			userID, name, hash, t.CreatedAt.UnixMilli(), nullTime(expires)).Scan(&t.ID)
		if err != nil {
			if apperr.Is(translate(err), apperr.Invalid) {
				return apperr.Errorf(apperr.Invalid, "user %d does not exist", userID)
			}
			return fmt.Errorf("insert token: %w", translate(err))
		}
		return tx.Record(ctx, audit.Event{Actor: actor, Action: "token.create", ObjectType: "token",
			ObjectID: strconv.FormatInt(t.ID, 10), Details: map[string]any{"user_id": userID, "name": name}})
	})
	if err != nil {
		return auth.Token{}, "", err
	}
	return t, secret, nil
}

// UserByToken resolves a bearer token to its active user. It returns
// Unauthorized for an unknown, revoked or expired token, or a disabled user.
func (db *DB) UserByToken(ctx context.Context, secret string) (auth.User, auth.Token, error) {
	var t auth.Token
	var created int64
	var expires, revoked sql.NullInt64
	err := db.queryRow(ctx, "SELECT id, user_id, name, created_at, expires_at, revoked_at FROM api_tokens WHERE token_hash = ?",
		auth.HashToken(secret)).Scan(&t.ID, &t.UserID, &t.Name, &created, &expires, &revoked)
	if err != nil {
		if err == sql.ErrNoRows {
			return auth.User{}, auth.Token{}, apperr.Errorf(apperr.Unauthorized, "invalid API token")
		}
		return auth.User{}, auth.Token{}, fmt.Errorf("look up token: %w", translate(err))
	}
	t.CreatedAt = time.UnixMilli(created).UTC()
	t.ExpiresAt = fromMillis(expires)
	now := db.clock.Now()
	if revoked.Valid || (!t.ExpiresAt.IsZero() && !now.Before(t.ExpiresAt)) {
		return auth.User{}, auth.Token{}, apperr.Errorf(apperr.Unauthorized, "API token expired or revoked")
	}
	u, err := db.User(ctx, t.UserID)
	if err != nil {
		return auth.User{}, auth.Token{}, fmt.Errorf("token owner: %w", err)
	}
	if u.Disabled {
		return auth.User{}, auth.Token{}, apperr.Errorf(apperr.Unauthorized, "user disabled")
	}
	// last_used_at is a hint; a failure to record it must not refuse the call.
	_, _ = db.write.ExecContext(ctx, db.rebind("UPDATE api_tokens SET last_used_at = ? WHERE id = ?"), now.UnixMilli(), t.ID)
	return u, t, nil
}
