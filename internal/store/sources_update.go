package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/audit"
)

// SourceChanges are the fields UpdateSource may change. A nil field is left
// as it is; Settings, when not nil, replaces every setting.
type SourceChanges struct {
	Name     *string
	URL      *string
	Every    *time.Duration
	Settings map[string]string
}

// UpdateSource changes a source's name, URL, poll interval or settings and
// records a "source.update" audit event in the same transaction. A new URL
// clears the cursor, ETag and Last-Modified (they belonged to the old
// address) and makes the source due at once.
//
// It returns NotFound for a missing or removed source, Invalid for an empty
// name or an interval under 30s, and Conflict when another live source
// already has the name. Kind and URL are validated by the caller.
func (db *DB) UpdateSource(ctx context.Context, actor string, id int64, c SourceChanges) (Source, error) {
	if err := c.check(); err != nil {
		return Source{}, err
	}
	var out Source
	err := db.Update(ctx, func(tx *Tx) error {
		cur, err := tx.findSource(ctx, id)
		if err != nil {
			return err
		}
		set, args, details := c.assignments(cur)
		if len(set) == 0 {
			out = cur
			return nil
		}
		set = append(set, "updated_at = ?")
		args = append(args, db.clock.Now().UnixMilli(), id)
		if _, err := tx.exec(ctx, "UPDATE sources SET "+strings.Join(set, ", ")+" WHERE id = ?", args...); err != nil {
			if apperr.Is(err, apperr.Conflict) {
				return apperr.Errorf(apperr.Conflict, "a source named %q already exists", *c.Name)
			}
			return fmt.Errorf("update source %d: %w", id, err)
		}
		if err := tx.Record(ctx, audit.Event{Actor: actor, Action: "source.update", ObjectType: "source",
			ObjectID: strconv.FormatInt(id, 10), UnitID: cur.UnitID, Details: details}); err != nil {
			return err
		}
		out, err = tx.findSource(ctx, id)
		return err
	})
	if err != nil {
		return Source{}, err
	}
	db.fillRate(&out)
	return out, nil
}

// check validates the changes that do not depend on the stored source.
func (c *SourceChanges) check() error {
	fields := map[string]string{}
	if c.Name != nil {
		name := strings.TrimSpace(*c.Name)
		c.Name = &name
		if name == "" {
			fields["name"] = "a source needs a name"
		}
	}
	if c.URL != nil {
		u := strings.TrimSpace(*c.URL)
		c.URL = &u
	}
	if c.Every != nil && *c.Every < 30*time.Second {
		fields["every"] = "poll at most every 30s"
	}
	if len(fields) > 0 {
		return apperr.InvalidFields(fields)
	}
	return nil
}

// assignments lists the SET clauses for the fields that differ from cur,
// their arguments, and the audit details. Setting values are not audited:
// they may hold access tokens.
func (c SourceChanges) assignments(cur Source) (set []string, args []any, details map[string]any) {
	details = map[string]any{}
	if c.Name != nil && *c.Name != cur.Name {
		set, args = append(set, "name = ?"), append(args, *c.Name)
		details["name"] = *c.Name
	}
	if c.URL != nil && *c.URL != cur.URL {
		set = append(set, "url = ?", "cursor = ''", "etag = ''", "last_modified = ''", "next_poll_at = 0")
		args = append(args, *c.URL)
		details["url"] = *c.URL
	}
	if c.Every != nil && *c.Every/time.Second != cur.Every/time.Second {
		secs := int64(*c.Every / time.Second)
		set, args = append(set, "poll_every_s = ?"), append(args, secs)
		details["every_seconds"] = secs
	}
	if c.Settings != nil && !sameSettings(c.Settings, cur.Settings) {
		b, _ := json.Marshal(c.Settings) // a map of strings always encodes
		set, args = append(set, "settings = ?"), append(args, string(b))
		keys := make([]string, 0, len(c.Settings))
		for k := range c.Settings {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		details["settings_keys"] = keys
	}
	return set, args, details
}

func sameSettings(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// findSource reads a live source inside tx; removed sources are NotFound.
func (tx *Tx) findSource(ctx context.Context, id int64) (Source, error) {
	s, err := scanSource(tx.queryRow(ctx, "SELECT "+sourceColumns+" FROM sources WHERE id = ?", id))
	if err != nil {
		return Source{}, notFound(err, fmt.Sprintf("source %d", id))
	}
	if s.State == SourceRemoved {
		return Source{}, apperr.Errorf(apperr.NotFound, "source %d not found", id)
	}
	return s, nil
}
