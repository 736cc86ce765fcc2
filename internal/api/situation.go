package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/report"
)

// SituationBuilder computes the situation picture; *report.Builder is one.
type SituationBuilder interface {
	// Build returns Invalid for a bad period and NotFound for no such unit.
	Build(ctx context.Context, q report.Query) (*report.Situation, error)
}

// defaultSituationSpan is the period of GET /situation without from.
const defaultSituationSpan = 7 * 24 * time.Hour

// situation handles GET /api/v1/situation: the data behind every chart of
// the dashboard, for a unit and everything below it, over [from, to).
func (h *handler) situation(w http.ResponseWriter, r *http.Request, c *caller) {
	if h.situations == nil {
		h.fail(w, r, apperr.Errorf(apperr.Unavailable, "the situation picture is not available in this process"))
		return
	}
	units, err := h.store.Units(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	sc := auth.NewScope(c.user.ID, c.memberships, units)
	q, fields := h.situationQuery(r, sc, units)
	if len(fields) > 0 {
		h.fail(w, r, apperr.InvalidFields(fields))
		return
	}
	if err := report.Authorize(sc, units, q.UnitID); err != nil {
		h.fail(w, r, err)
		return
	}
	s, err := h.situations.Build(r.Context(), q)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s)
}

// situationQuery reads unit_id (default: the highest unit the caller may
// read), from and to (RFC 3339; default the last 7 days) and names each bad
// parameter.
func (h *handler) situationQuery(r *http.Request, sc auth.Scope, units []auth.Unit) (report.Query, map[string]string) {
	get := r.URL.Query().Get
	fields := map[string]string{}
	q := report.Query{UnitID: report.DefaultUnit(sc, units), To: h.clock.Now()}
	if v := get("unit_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 0 {
			fields["unit_id"] = "want a unit id (a whole number)"
		}
		q.UnitID = id
	}
	readTime := func(name string, dst *time.Time) {
		if v := get(name); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				fields[name] = "want an RFC 3339 time such as 2026-05-01T00:00:00+07:00"
			}
			*dst = t
		}
	}
	readTime("to", &q.To)
	q.From = q.To.Add(-defaultSituationSpan)
	readTime("from", &q.From)
	if len(fields) == 0 && !q.To.After(q.From) {
		fields["to"] = "the end of the period must be after its start"
	}
	return q, fields
}
