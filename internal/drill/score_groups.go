package drill

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// unitResults totals the work of each unit.
func (s *scorer) unitResults(sc *Score, verdictOf map[string]string) []UnitResult {
	by := map[string]*UnitResult{}
	get := func(name string) *UnitResult {
		if name == "" {
			name = "(unrouted)"
		}
		if by[name] == nil {
			by[name] = &UnitResult{Unit: name}
		}
		return by[name]
	}
	for _, name := range s.units {
		get(name)
	}
	for _, c := range s.cases {
		if c.status == "dismissed" {
			continue
		}
		u := get(s.units[c.unitID])
		u.Cases++
		if c.claim == "" {
			u.FalseAlarms++
		}
		if c.verdict != "" {
			u.Verdicts++
			if c.claim != "" && c.verdict == verdictOf[c.claim] {
				u.Correct++
			} else if c.claim != "" {
				u.WrongVerdicts++
			}
		}
		if !c.pubAt.IsZero() {
			u.Published++
		}
	}
	for _, c := range sc.Claims {
		u := get(c.Unit)
		u.Expected++
		if c.Found && c.HandledBy == c.Unit {
			u.Handled++
		}
	}
	out := make([]UnitResult, 0, len(by))
	for _, u := range by {
		out = append(out, *u)
	}
	slices.SortFunc(out, func(a, b UnitResult) int { return strings.Compare(a.Unit, b.Unit) })
	return out
}

// people counts each team member's audited actions and verdicts.
func (s *scorer) people(ctx context.Context, verdictOf map[string]string) ([]PersonResult, error) {
	rows, err := s.t.db.QueryContext(ctx, "SELECT id, name, email FROM users ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("drill score: users: %w", err)
	}
	byActor := map[string]*PersonResult{}
	var order []string
	ids := map[int64]string{}
	for rows.Next() {
		var id int64
		var p PersonResult
		if err := rows.Scan(&id, &p.Person, &p.Email); err != nil {
			rows.Close()
			return nil, err
		}
		p.Actions = map[string]int{}
		key := "user:" + strconv.FormatInt(id, 10)
		byActor[key], ids[id] = &p, key
		order = append(order, key)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ev, err := s.t.db.QueryContext(ctx, "SELECT at, actor, action FROM audit_events WHERE actor LIKE 'user:%' OR actor LIKE 'token:%' ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("drill score: audit: %w", err)
	}
	for ev.Next() {
		var at int64
		var who, action string
		if err := ev.Scan(&at, &who, &action); err != nil {
			ev.Close()
			return nil, err
		}
		p := byActor[who]
		if p == nil {
			continue
		}
		p.Actions[action]++
		if p.FirstAction == "" {
			p.FirstAction = time.UnixMilli(at).UTC().Format(time.RFC3339)
		}
	}
	ev.Close()
	if err := ev.Err(); err != nil {
		return nil, err
	}
	for _, c := range s.cases {
		p := byActor[ids[c.verdictBy]]
		if p == nil || c.verdict == "" {
			continue
		}
		p.Verdicts++
		if c.claim != "" && c.verdict == verdictOf[c.claim] {
			p.Correct++
		} else if c.claim != "" {
			p.WrongVerdicts++
		}
	}
	out := make([]PersonResult, 0, len(order))
	for _, k := range order {
		out = append(out, *byActor[k])
	}
	return out, nil
}
