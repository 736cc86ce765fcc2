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

// CreateUnit adds a unit under u.ParentID (0 for a root) with its aliases.
// It returns Invalid for an empty name or a parent that does not exist.
func (db *DB) CreateUnit(ctx context.Context, actor string, u auth.Unit) (auth.Unit, error) {
	u.Name = strings.TrimSpace(u.Name)
	u.Level = strings.TrimSpace(u.Level)
	if u.Name == "" {
		return auth.Unit{}, apperr.InvalidFields(map[string]string{"name": "a unit needs a name"})
	}
	u.Aliases = cleanAliases(u.Aliases)
	u.CreatedAt = db.clock.Now().UTC().Truncate(time.Millisecond)
	err := db.Update(ctx, func(tx *Tx) error {
		if u.ParentID != 0 {
			if _, err := tx.findUnit(ctx, u.ParentID); err != nil {
				return apperr.Errorf(apperr.Invalid, "parent unit %d does not exist", u.ParentID)
			}
		}
		err := tx.queryRow(ctx, "INSERT INTO units (parent_id, name, level, created_at) VALUES (?, ?, ?, ?) RETURNING id",
			nullInt(u.ParentID), u.Name, u.Level, u.CreatedAt.UnixMilli()).Scan(&u.ID)
		if err != nil {
			return fmt.Errorf("insert unit: %w", translate(err))
		}
		for _, a := range u.Aliases {
			if _, err := tx.exec(ctx, "INSERT INTO unit_aliases (unit_id, alias) VALUES (?, ?)", u.ID, a); err != nil {
				return fmt.Errorf("insert alias %q: %w", a, err)
			}
		}
		return tx.Record(ctx, audit.Event{Actor: actor, Action: "unit.create", ObjectType: "unit",
			ObjectID: strconv.FormatInt(u.ID, 10), UnitID: u.ID,
			Details: map[string]any{"name": u.Name, "parent_id": u.ParentID, "level": u.Level, "aliases": u.Aliases}})
	})
	return u, err
}

func cleanAliases(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range in {
		a = strings.TrimSpace(a)
		if a == "" || seen[a] {
			continue
		}
		seen[a] = true
		out = append(out, a)
	}
	return out
}

// Unit returns one unit with its aliases, or NotFound.
func (db *DB) Unit(ctx context.Context, id int64) (auth.Unit, error) {
	units, err := db.listUnits(ctx, "WHERE id = ?", id)
	if err != nil {
		return auth.Unit{}, err
	}
	if len(units) == 0 {
		return auth.Unit{}, apperr.Errorf(apperr.NotFound, "unit %d not found", id)
	}
	return units[0], nil
}

// Units lists every unit, parents before children where ids allow, with aliases.
func (db *DB) Units(ctx context.Context) ([]auth.Unit, error) {
	return db.listUnits(ctx, "")
}

func (db *DB) listUnits(ctx context.Context, where string, args ...any) ([]auth.Unit, error) {
	rows, err := db.query(ctx, "SELECT id, COALESCE(parent_id, 0), name, level, created_at FROM units "+where+" ORDER BY id", args...)
	if err != nil {
		return nil, fmt.Errorf("list units: %w", err)
	}
	defer rows.Close()
	var units []auth.Unit
	index := map[int64]int{}
	for rows.Next() {
		var u auth.Unit
		var created int64
		if err := rows.Scan(&u.ID, &u.ParentID, &u.Name, &u.Level, &created); err != nil {
			return nil, fmt.Errorf("scan unit: %w", err)
		}
		u.CreatedAt = time.UnixMilli(created).UTC()
		index[u.ID] = len(units)
		units = append(units, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list units: %w", err)
	}
	if len(units) == 0 {
		return units, nil
	}
	arows, err := db.query(ctx, "SELECT unit_id, alias FROM unit_aliases ORDER BY unit_id, alias")
	if err != nil {
		return nil, fmt.Errorf("list unit aliases: %w", err)
	}
	defer arows.Close()
	for arows.Next() {
		var id int64
		var a string
		if err := arows.Scan(&id, &a); err != nil {
			return nil, fmt.Errorf("scan alias: %w", err)
		}
		if i, ok := index[id]; ok {
			units[i].Aliases = append(units[i].Aliases, a)
		}
	}
	return units, arows.Err()
}

func (tx *Tx) findUnit(ctx context.Context, id int64) (auth.Unit, error) {
	var u auth.Unit
	var created int64
	err := tx.queryRow(ctx, "SELECT id, COALESCE(parent_id, 0), name, level, created_at FROM units WHERE id = ?", id).
		Scan(&u.ID, &u.ParentID, &u.Name, &u.Level, &created)
	if err != nil {
		return auth.Unit{}, notFound(err, fmt.Sprintf("unit %d", id))
	}
	u.CreatedAt = time.UnixMilli(created).UTC()
	return u, nil
}
