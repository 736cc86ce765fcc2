// Package report computes the situation picture of a unit over a period —
// headline numbers against the previous period, post volume by source kind,
// rising stories with their matched claims, open alerts and cases, overdue
// cases, response times and publications — and writes it as a dashboard
// fragment, a self-contained HTML report, PDF (through headless Chromium),
// Markdown or CSV, in Vietnamese or English.
//
// Scope: a unit covers itself and every unit below it. Sources, alerts and
// cases with no unit belong to the whole organisation and are counted for a
// root unit (and for unit 0, the whole organisation), never for a unit below
// the root.
package report

import (
	"context"
	"fmt"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/clock"
	"github.com/factdesk/factdesk/internal/store"
)

// Store is what the situation picture reads. *store.DB satisfies it.
type Store interface {
	// Units lists every unit.
	Units(ctx context.Context) ([]auth.Unit, error)
	// ReportData reads the raw data of a situation picture.
	ReportData(ctx context.Context, q store.ReportQuery) (store.ReportData, error)
}

// Query asks for the situation of UnitID (0: the root unit when there is
// one, else the whole organisation) over [From, To).
type Query struct {
	UnitID   int64
	From, To time.Time
	Location *time.Location // for the time labels; nil is UTC
}

// Limits of a query.
const (
	MaxSpan     = 366 * 24 * time.Hour * 2 // two years
	RisingCount = 10
	OpenCount   = 15
	OverdueList = 20
)

// Builder computes situations.
type Builder struct {
	store Store
	clock clock.Clock
}

// NewBuilder returns a Builder reading st, with c for "now" (overdue cases).
func NewBuilder(st Store, c clock.Clock) *Builder { return &Builder{store: st, clock: c} }

// Build computes the situation of q. It returns Invalid for a bad period and
// NotFound for a unit that does not exist. It does not check permissions:
// callers use Authorize first.
func (b *Builder) Build(ctx context.Context, q Query) (*Situation, error) {
	if err := checkPeriod(q.From, q.To); err != nil {
		return nil, err
	}
	units, err := b.store.Units(ctx)
	if err != nil {
		return nil, fmt.Errorf("situation: %w", err)
	}
	unit, scope, err := resolve(units, q.UnitID)
	if err != nil {
		return nil, err
	}
	loc := q.Location
	if loc == nil {
		loc = time.UTC
	}
	from, to := q.From.UTC(), q.To.UTC()
	span := to.Sub(from)
	bucket := bucketFor(span)
	data, err := b.store.ReportData(ctx, store.ReportQuery{
		Scope:    scope,
		Period:   store.Period{From: from, To: to},
		Previous: store.Period{From: from.Add(-span), To: from},
		Bucket:   bucket.width,
		Rising:   RisingCount,
		Open:     OpenCount,
	})
	if err != nil {
		return nil, err
	}
	s := &Situation{
		Unit: unit, From: from, To: to, PreviousFrom: from.Add(-span),
		GeneratedAt: b.clock.Now().UTC().Truncate(time.Second),
		Bucket:      bucket.name, TimeZone: loc.String(),
	}
	s.BucketStarts, s.BucketLabels = bucketAxis(from, to, bucket, loc)
	now := b.clock.Now()
	s.fill(data, units, now)
	return s, nil
}

// checkPeriod refuses an empty, reversed or too long period.
func checkPeriod(from, to time.Time) error {
	switch {
	case from.IsZero() || to.IsZero():
		return apperr.InvalidFields(map[string]string{"from": "give the start and the end of the period"})
	case !to.After(from):
		return apperr.InvalidFields(map[string]string{"to": "the end of the period must be after its start"})
	case to.Sub(from) > MaxSpan:
		return apperr.InvalidFields(map[string]string{"from": "a report covers at most two years"})
	}
	return nil
}

// Authorize checks that the caller may read the situation of unitID, with
// the one permission rule. Unit 0 (the whole organisation) needs a role in
// every root unit.
func Authorize(sc auth.Scope, units []auth.Unit, unitID int64) error {
	if unitID != 0 {
		return sc.Authorize(auth.Read, unitID, fmt.Sprintf("unit %d", unitID))
	}
	for _, u := range units {
		if u.ParentID == 0 {
			if err := sc.Authorize(auth.Read, u.ID, "whole organisation"); err != nil {
				return err
			}
		}
	}
	return nil
}

// DefaultUnit is the highest unit the caller may read: a root when they
// may, else their first unit closest to the root (0 when none).
func DefaultUnit(sc auth.Scope, units []auth.Unit) int64 {
	readable := map[int64]bool{}
	for _, id := range sc.Units(auth.Read, units) {
		readable[id] = true
	}
	for _, u := range units {
		if readable[u.ID] && !readable[u.ParentID] {
			return u.ID
		}
	}
	return 0
}
