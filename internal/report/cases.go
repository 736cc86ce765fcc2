package report

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/factdesk/factdesk/internal/store"
)

// caseCounts are the case figures of a situation.
type caseCounts struct {
	opened, openedPrev             int64
	closed, closedPrev             int64
	published, publishedPrev       int64
	overdueAtEnd, overdueAtPrevEnd int64
	open                           OpenCases
	overdue                        []CaseRow
	byUnit                         []UnitCases
}

// within reports whether t is set and in [from, to).
func within(t, from, to time.Time) bool { return !t.IsZero() && !t.Before(from) && t.Before(to) }

// done reports whether a case was published, closed or dismissed by t. A
// case marked done without a time counts as done at every time.
func done(c store.ReportCase, t time.Time) bool {
	switch {
	case !c.ClosedAt.IsZero() && !c.ClosedAt.After(t), !c.PublishedAt.IsZero() && !c.PublishedAt.After(t):
		return true
	case c.Status == "dismissed", c.Status == "closed" && c.ClosedAt.IsZero(), c.Status == "published" && c.PublishedAt.IsZero():
		return true
	}
	return false
}

// overdueAt reports whether a case was past its due time and not done at t.
func overdueAt(c store.ReportCase, t time.Time) bool {
	return !c.DueAt.IsZero() && c.DueAt.Before(t) && c.CreatedAt.Before(t) && !done(c, t)
}

// caseFigures counts cases opened, closed, published and overdue in the
// period and the one before, the open cases now by status, priority and
// unit, and lists the overdue cases as of the end of the period (or now,
// when that is earlier).
func caseFigures(cases []store.ReportCase, from, to, prevFrom, now time.Time, name func(int64) string) caseCounts {
	var cc caseCounts
	asOf := to
	if now.Before(asOf) {
		asOf = now
	}
	status, prio, units := map[string]int64{}, map[string]int64{}, map[int64]int64{}
	perUnit := map[int64]*UnitCases{}
	unitRow := func(id int64) *UnitCases {
		if perUnit[id] == nil {
			perUnit[id] = &UnitCases{UnitID: id, Unit: name(id)}
		}
		return perUnit[id]
	}
	for _, c := range cases {
		if within(c.CreatedAt, from, to) {
			cc.opened++
			unitRow(c.UnitID).Opened++
		}
		cc.openedPrev += b2i(within(c.CreatedAt, prevFrom, from))
		if within(c.ClosedAt, from, to) {
			cc.closed++
			unitRow(c.UnitID).Closed++
		}
		cc.closedPrev += b2i(within(c.ClosedAt, prevFrom, from))
		cc.published += b2i(within(c.PublishedAt, from, to))
		cc.publishedPrev += b2i(within(c.PublishedAt, prevFrom, from))
		if overdueAt(c, asOf) {
			cc.overdueAtEnd++
			unitRow(c.UnitID).Overdue++
			cc.overdue = append(cc.overdue, CaseRow{ID: c.ID, Title: c.Title, Status: c.Status, Priority: c.Priority, Unit: name(c.UnitID), DueAt: c.DueAt})
		}
		cc.overdueAtPrevEnd += b2i(overdueAt(c, from))
		if slices.Contains(openStatuses, c.Status) {
			cc.open.Total++
			status[c.Status]++
			prio[c.Priority]++
			units[c.UnitID]++
		}
	}
	for _, s := range openStatuses {
		cc.open.ByStatus = append(cc.open.ByStatus, Count{Key: s, Value: status[s]})
	}
	for _, p := range priorities {
		cc.open.ByPriority = append(cc.open.ByPriority, Count{Key: p, Value: prio[p]})
	}
	cc.open.ByUnit = []Count{}
	for id, n := range units {
		cc.open.ByUnit = append(cc.open.ByUnit, Count{Key: name(id), Value: n})
	}
	slices.SortFunc(cc.open.ByUnit, func(a, b Count) int { return cmp.Or(cmp.Compare(b.Value, a.Value), cmp.Compare(a.Key, b.Key)) })
	slices.SortFunc(cc.overdue, func(a, b CaseRow) int { return a.DueAt.Compare(b.DueAt) })
	if len(cc.overdue) > OverdueList {
		cc.overdue = cc.overdue[:OverdueList]
	}
	if cc.overdue == nil {
		cc.overdue = []CaseRow{}
	}
	cc.byUnit = []UnitCases{}
	for _, u := range perUnit {
		cc.byUnit = append(cc.byUnit, *u)
	}
	slices.SortFunc(cc.byUnit, func(a, b UnitCases) int { return cmp.Or(cmp.Compare(b.Opened, a.Opened), cmp.Compare(a.Unit, b.Unit)) })
	return cc
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// Response-time stages, each measured from the first alert of a case.
var stages = []string{"case", "verdict", "publication"}

// StageTimes are the response times of one stage: how long from a case's
// first alert to its case, verdict or publication, for the stages reached
// in the period; Series has the same per bucket (by the time of the stage).
type StageTimes struct {
	Stage       string      `json:"stage"` // case, verdict or publication
	Count       int         `json:"count"`
	MedianHours *float64    `json:"median_hours"` // nil when Count is 0
	P90Hours    *float64    `json:"p90_hours"`
	Series      []TimePoint `json:"series"`
}

// TimePoint is a stage's response times in one bucket.
type TimePoint struct {
	Count       int      `json:"count"`
	MedianHours *float64 `json:"median_hours"`
	P90Hours    *float64 `json:"p90_hours"`
}

// responseTimes measures the stages reached in the period by cases with a
// known first alert.
func responseTimes(cases []store.ReportCase, starts []time.Time, to time.Time) []StageTimes {
	out := make([]StageTimes, 0, len(stages))
	if len(starts) == 0 {
		return out
	}
	from := starts[0]
	width := to.Sub(from) / time.Duration(len(starts))
	if len(starts) > 1 {
		width = starts[1].Sub(starts[0])
	}
	for _, st := range stages {
		var all []float64
		per := make([][]float64, len(starts))
		for _, c := range cases {
			if c.FirstAlertAt.IsZero() {
				continue
			}
			at := stageTime(c, st)
			if !within(at, from, to) {
				continue
			}
			h := math.Max(at.Sub(c.FirstAlertAt).Hours(), 0)
			all = append(all, h)
			if i := int(at.Sub(from) / width); i >= 0 && i < len(per) {
				per[i] = append(per[i], h)
			}
		}
		t := StageTimes{Stage: st, Count: len(all), MedianHours: quantile(all, 0.5), P90Hours: quantile(all, 0.9)}
		for _, p := range per {
			t.Series = append(t.Series, TimePoint{Count: len(p), MedianHours: quantile(p, 0.5), P90Hours: quantile(p, 0.9)})
		}
		out = append(out, t)
	}
	return out
}

func stageTime(c store.ReportCase, stage string) time.Time {
	switch stage {
	case "case":
		return c.CreatedAt
	case "verdict":
		return c.VerdictAt
	default:
		return c.PublishedAt
	}
}

// quantile is the nearest-rank q-quantile of vs, nil for none.
func quantile(vs []float64, q float64) *float64 {
	if len(vs) == 0 {
		return nil
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	i := int(math.Ceil(q*float64(len(s)))) - 1
	v := s[max(i, 0)]
	return &v
}
