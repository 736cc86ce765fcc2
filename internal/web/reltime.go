package web

import "time"

// ago describes a past time t in lang relative to the handler's clock:
// "5 min ago", "3 h ago", "2 days ago". A time a little ahead of the clock
// (a source's clock, a post stamped in the future) counts as just now; the
// zero time is the zero moment ("never").
func (h *Handler) ago(lang string, t time.Time) moment {
	if t.IsZero() {
		return moment{}
	}
	m := moment{ISO: t.UTC().Format(time.RFC3339), Exact: exactTime(t)}
	d := h.clock.Now().Sub(t)
	switch {
	case d < time.Minute:
		m.Text = h.cat.T(lang, "time.ago.now")
	case d < time.Hour:
		m.Text = h.cat.T(lang, "time.ago.minutes", int(d/time.Minute))
	case d < 48*time.Hour:
		m.Text = h.cat.T(lang, "time.ago.hours", int(d/time.Hour))
	default:
		m.Text = h.cat.T(lang, "time.ago.days", int(d/(24*time.Hour)))
	}
	return m
}

// exactTime writes t in UTC for tooltips and tables: "2026-03-02 09:00 UTC".
func exactTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }
