package report

import (
	"cmp"
	"slices"
	"time"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/store"
)

// Situation is the situation picture of a unit over a period. Its JSON is
// the data behind every chart of the dashboard (GET /api/v1/situation).
type Situation struct {
	Unit         Unit        `json:"unit"`
	From         time.Time   `json:"from"`
	To           time.Time   `json:"to"`
	PreviousFrom time.Time   `json:"previous_from"` // the previous period is [previous_from, from)
	GeneratedAt  time.Time   `json:"generated_at"`
	TimeZone     string      `json:"time_zone"`
	Bucket       string      `json:"bucket"` // hour, day or week
	BucketStarts []time.Time `json:"bucket_starts"`
	BucketLabels []string    `json:"bucket_labels"`

	Headline      []Figure            `json:"headline"`
	Volume        []KindSeries        `json:"post_volume"` // posts per bucket by source kind
	RisingStories []store.RisingStory `json:"rising_stories"`
	OpenAlerts    OpenAlerts          `json:"open_alerts"`
	OpenCases     OpenCases           `json:"open_cases"`
	Overdue       []CaseRow           `json:"overdue_cases"`
	CasesByUnit   []UnitCases         `json:"cases_by_unit"`
	ResponseTimes []StageTimes        `json:"response_times"`
	Publications  Publications        `json:"publications"`
	Note          string              `json:"note,omitempty"` // the lead's note, for reports
}

// Figure is one headline number. Previous and Change are set for counts
// over the period; totals (all time) and counts "now" have neither.
type Figure struct {
	Key      string   `json:"key"` // posts_total, posts, stories_total, ...
	Value    int64    `json:"value"`
	Previous *int64   `json:"previous,omitempty"`
	Change   *float64 `json:"change_percent,omitempty"` // nil when the previous value is 0
	Span     string   `json:"span"`                     // all_time, period or now
}

// KindSeries is the post count of one source kind in each bucket.
type KindSeries struct {
	Kind   string  `json:"kind"`
	Counts []int64 `json:"counts"`
	Total  int64   `json:"total"`
}

// OpenAlerts are the alerts waiting for triage.
type OpenAlerts struct {
	Count  int64      `json:"count"`
	Latest []AlertRow `json:"latest"`
}

// AlertRow is one open alert.
type AlertRow struct {
	ID          int64     `json:"id"`
	Kind        string    `json:"kind"`
	At          time.Time `json:"at"`
	Score       float64   `json:"score"`
	Explanation string    `json:"explanation"`
	StoryID     int64     `json:"story_id,omitempty"`
	ClaimID     int64     `json:"claim_id,omitempty"`
	Unit        string    `json:"unit,omitempty"`
}

// OpenCases counts the cases not yet published, closed or dismissed, now.
type OpenCases struct {
	Total      int64   `json:"total"`
	ByStatus   []Count `json:"by_status"`
	ByPriority []Count `json:"by_priority"`
	ByUnit     []Count `json:"by_unit"`
}

// Count is a count under a key (a status, a priority, a unit name).
type Count struct {
	Key   string `json:"key"`
	Value int64  `json:"value"`
}

// CaseRow is one overdue case.
type CaseRow struct {
	ID       int64     `json:"id"`
	Title    string    `json:"title"`
	Status   string    `json:"status"`
	Priority string    `json:"priority"`
	Unit     string    `json:"unit"`
	DueAt    time.Time `json:"due_at"`
}

// UnitCases counts the cases of one unit in the period.
type UnitCases struct {
	UnitID  int64  `json:"unit_id"`
	Unit    string `json:"unit"`
	Opened  int64  `json:"opened"`
	Closed  int64  `json:"closed"`
	Overdue int64  `json:"overdue"`
}

// Case statuses and priorities, in the desk's order.
var (
	openStatuses = []string{"new", "triaged", "verifying", "responding"}
	priorities   = []string{"urgent", "high", "normal", "low"}
)

// fill derives the figures from the store's data.
func (s *Situation) fill(d store.ReportData, units []auth.Unit, now time.Time) {
	byID := make(map[int64]auth.Unit, len(units))
	for _, u := range units {
		byID[u.ID] = u
	}
	name := func(id int64) string {
		if u, ok := byID[id]; ok {
			return u.Name
		}
		return ""
	}
	s.Volume = volume(d.Volume, len(s.BucketStarts))
	s.RisingStories = d.Rising
	if s.RisingStories == nil {
		s.RisingStories = []store.RisingStory{}
	}
	s.OpenAlerts = OpenAlerts{Count: d.AlertsOpen, Latest: []AlertRow{}}
	for _, a := range d.OpenAlerts {
		s.OpenAlerts.Latest = append(s.OpenAlerts.Latest, AlertRow{ID: a.ID, Kind: a.Kind, At: a.At, Score: a.Score,
			Explanation: a.Explanation, StoryID: a.StoryID, ClaimID: a.ClaimID, Unit: name(a.UnitID)})
	}
	cs := caseFigures(d.Cases, s.From, s.To, s.PreviousFrom, now, name)
	s.OpenCases, s.Overdue, s.CasesByUnit = cs.open, cs.overdue, cs.byUnit
	s.ResponseTimes = responseTimes(d.Cases, s.BucketStarts, s.To)
	s.Publications = publications(d, name)
	s.Headline = []Figure{
		total("posts_total", d.PostsTotal),
		period("posts", d.Posts, d.PostsPrev),
		total("stories_total", d.StoriesTotal),
		period("stories_new", d.Stories, d.StoriesPrev),
		total("alerts_total", d.AlertsTotal),
		period("alerts", d.Alerts, d.AlertsPrev),
		{Key: "alerts_open", Value: d.AlertsOpen, Span: "now"},
		total("claims_total", d.ClaimsTotal),
		period("claims_matched", d.ClaimsMatched, d.ClaimsMatchedPrev),
		total("cases_total", d.CasesTotal),
		period("cases_opened", cs.opened, cs.openedPrev),
		period("cases_closed", cs.closed, cs.closedPrev),
		period("cases_overdue", cs.overdueAtEnd, cs.overdueAtPrevEnd),
		period("cases_published", cs.published, cs.publishedPrev),
		total("publications_total", d.PublicationsTotal),
		period("publications", d.Publications, d.PublicationsPrev),
	}
}

func total(key string, v int64) Figure { return Figure{Key: key, Value: v, Span: "all_time"} }

func period(key string, v, prev int64) Figure {
	f := Figure{Key: key, Value: v, Previous: &prev, Span: "period"}
	if prev != 0 {
		c := float64(v-prev) * 100 / float64(prev)
		f.Change = &c
	}
	return f
}

// Figure returns the headline figure with key, and whether there is one.
func (s *Situation) Figure(key string) (Figure, bool) {
	for _, f := range s.Headline {
		if f.Key == key {
			return f, true
		}
	}
	return Figure{}, false
}

// volume spreads the store's counts into one series per source kind,
// largest first.
func volume(counts []store.VolumeCount, n int) []KindSeries {
	byKind := map[string]*KindSeries{}
	var out []*KindSeries
	for _, c := range counts {
		k := byKind[c.Kind]
		if k == nil {
			k = &KindSeries{Kind: c.Kind, Counts: make([]int64, n)}
			byKind[c.Kind] = k
			out = append(out, k)
		}
		if c.Bucket >= 0 && c.Bucket < n {
			k.Counts[c.Bucket] += c.Count
		}
		k.Total += c.Count
	}
	slices.SortStableFunc(out, func(a, b *KindSeries) int { return cmp.Compare(b.Total, a.Total) })
	res := make([]KindSeries, 0, len(out))
	for _, k := range out {
		res = append(res, *k)
	}
	return res
}
