package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/audit"
	"github.com/factdesk/factdesk/internal/auth"
)

// CreateUser adds a user with a password hash already computed, and, when
// m.UnitID is set, a membership. It returns Conflict when the e-mail is taken
// and Invalid for a bad e-mail, name or unit.
func (db *DB) CreateUser(ctx context.Context, actor string, u auth.User, m *auth.Membership) (auth.User, error) {
	u.Email = auth.NormalizeEmail(u.Email)
	u.Name = strings.TrimSpace(u.Name)
	fields := map[string]string{}
	if err := auth.ValidateEmail(u.Email); err != nil {
		fields["email"] = err.Error()
	}
	if u.Name == "" {
		fields["name"] = "a user needs a name"
	}
	if u.PasswordHash == "" {
		fields["password"] = "a user needs a password"
	}
	if len(fields) > 0 {
		return auth.User{}, apperr.InvalidFields(fields)
	}
	now := db.clock.Now().UTC().Truncate(time.Millisecond)
	u.CreatedAt = now
	err := db.Update(ctx, func(tx *Tx) error {
		err := tx.queryRow(ctx, `INSERT INTO users (email, name, password_hash, locale, disabled, created_at, updated_at)
			VALUES (?, ?, ?, ?, 0, ?, ?) RETURNING id`, u.Email, u.Name, u.PasswordHash, u.Locale, now.UnixMilli(), now.UnixMilli()).Scan(&u.ID)
		if err != nil {
			if apperr.Is(translate(err), apperr.Conflict) {
				return apperr.Errorf(apperr.Conflict, "a user with e-mail %s already exists", u.Email)
			}
			return fmt.Errorf("insert user: %w", translate(err))
		}
		if err := tx.Record(ctx, audit.Event{Actor: actor, Action: "user.create", ObjectType: "user",
			ObjectID: strconv.FormatInt(u.ID, 10), Details: map[string]any{"email": u.Email, "name": u.Name}}); err != nil {
			return err
		}
		if m != nil && m.UnitID != 0 {
			m.UserID = u.ID
			return tx.setMembership(ctx, actor, *m)
		}
		return nil
	})
	return u, err
}

// SetMembership gives a user a role in a unit, replacing any earlier role there.
func (db *DB) SetMembership(ctx context.Context, actor string, m auth.Membership) error {
	return db.Update(ctx, func(tx *Tx) error { return tx.setMembership(ctx, actor, m) })
}

func (tx *Tx) setMembership(ctx context.Context, actor string, m auth.Membership) error {
	if m.Role.Rank() == 0 {
		return apperr.Errorf(apperr.Invalid, "unknown role %q", m.Role)
	}
	if _, err := tx.findUnit(ctx, m.UnitID); err != nil {
		return apperr.Errorf(apperr.Invalid, "unit %d does not exist", m.UnitID)
	}
	_, err := tx.exec(ctx, `INSERT INTO memberships (user_id, unit_id, role, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (user_id, unit_id) DO UPDATE SET role = excluded.role`,
		m.UserID, m.UnitID, string(m.Role), tx.db.clock.Now().UnixMilli())
	if err != nil {
		return fmt.Errorf("set membership: %w", err)
	}
	return tx.Record(ctx, audit.Event{Actor: actor, Action: "membership.set", ObjectType: "user",
		ObjectID: strconv.FormatInt(m.UserID, 10), UnitID: m.UnitID, Details: map[string]any{"role": string(m.Role)}})
}

// Memberships lists a user's memberships.
func (db *DB) Memberships(ctx context.Context, userID int64) ([]auth.Membership, error) {
	return db.memberships(ctx, "SELECT user_id, unit_id, role FROM memberships WHERE user_id = ? ORDER BY unit_id", userID)
}

// UnitMembers lists the memberships given directly in a unit.
func (db *DB) UnitMembers(ctx context.Context, unitID int64) ([]auth.Membership, error) {
	return db.memberships(ctx, "SELECT user_id, unit_id, role FROM memberships WHERE unit_id = ? ORDER BY user_id", unitID)
}

func (db *DB) memberships(ctx context.Context, q string, arg int64) ([]auth.Membership, error) {
	rows, err := db.query(ctx, q, arg)
	if err != nil {
		return nil, fmt.Errorf("list memberships: %w", err)
	}
	defer rows.Close()
	var out []auth.Membership
	for rows.Next() {
		var m auth.Membership
		var role string
		if err := rows.Scan(&m.UserID, &m.UnitID, &role); err != nil {
			return nil, fmt.Errorf("scan membership: %w", err)
		}
		m.Role = auth.Role(role)
		out = append(out, m)
	}
	return out, rows.Err()
}

const userColumns = "id, email, name, password_hash, locale, disabled, created_at"

func scanUser(row interface{ Scan(...any) error }) (auth.User, error) {
	var u auth.User
	var disabled int
	var created int64
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.Locale, &disabled, &created); err != nil {
		return auth.User{}, err
	}
	u.Disabled = disabled != 0
	u.CreatedAt = time.UnixMilli(created).UTC()
	return u, nil
}

// User returns a user by id, or NotFound.
func (db *DB) User(ctx context.Context, id int64) (auth.User, error) {
	u, err := scanUser(db.queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE id = ?", id))
	if err != nil {
		return auth.User{}, notFound(err, fmt.Sprintf("user %d", id))
	}
	return u, nil
}

// UserByEmail returns a user by e-mail (case-insensitive), or NotFound.
func (db *DB) UserByEmail(ctx context.Context, email string) (auth.User, error) {
	email = auth.NormalizeEmail(email)
	u, err := scanUser(db.queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE email = ?", email))
	if err != nil {
		return auth.User{}, notFound(err, "user "+email)
	}
	return u, nil
}

// Users lists every user.
func (db *DB) Users(ctx context.Context) ([]auth.User, error) {
	rows, err := db.query(ctx, "SELECT "+userColumns+" FROM users ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var out []auth.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("scan user: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// SetPassword replaces a user's password hash.
func (db *DB) SetPassword(ctx context.Context, actor string, userID int64, hash string) error {
	return db.updateUser(ctx, actor, userID, "user.passwd", "password_hash = ?", hash, nil)
}

// SetLocale records a user's preferred UI language ("vi", "en" or "").
func (db *DB) SetLocale(ctx context.Context, actor string, userID int64, locale string) error {
	return db.updateUser(ctx, actor, userID, "user.locale", "locale = ?", locale, map[string]any{"locale": locale})
}

func (db *DB) updateUser(ctx context.Context, actor string, id int64, action, set string, v any, details map[string]any) error {
	return db.Update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "UPDATE users SET "+set+", updated_at = ? WHERE id = ?", v, db.clock.Now().UnixMilli(), id)
		if err != nil {
			return fmt.Errorf("%s: %w", action, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("%s: %w", action, err)
		} else if n == 0 {
			return apperr.Errorf(apperr.NotFound, "user %d not found", id)
		}
		return tx.Record(ctx, audit.Event{Actor: actor, Action: action, ObjectType: "user",
			ObjectID: strconv.FormatInt(id, 10), Details: details})
	})
}
