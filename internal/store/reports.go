package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
	"time"
)

// ReportScope picks the records a situation picture covers. A source, an
// alert or a case belongs to the unit in its unit_id; Units lists a unit and
// every unit below it. Records that no unit owns (a source, alert or case
// with no unit_id) belong to the whole organisation: Unowned includes them,
// which the caller sets for a root unit. All covers every record.
type ReportScope struct {
	All     bool
	Units   []int64
	Unowned bool
}

// cond is the SQL condition that col (a unit_id column) is in the scope,
// with its arguments.
func (s ReportScope) cond(col string) (string, []any) {
	if s.All {
		return "1=1", nil
	}
	var parts []string
	var args []any
	if len(s.Units) > 0 {
		parts = append(parts, col+" IN ("+strings.TrimSuffix(strings.Repeat("?,", len(s.Units)), ",")+")")
		for _, u := range s.Units {
			args = append(args, u)
		}
	}
	if s.Unowned {
		parts = append(parts, col+" IS NULL")
	}
	if len(parts) == 0 {
		return "1=0", nil
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}

// sourceCond is the condition that the source column col is a source of the
// scope.
func (s ReportScope) sourceCond(col string) (string, []any) {
	if s.All {
		return "1=1", nil
	}
	c, args := s.cond("unit_id")
	return col + " IN (SELECT id FROM sources WHERE " + c + ")", args
}

// storyCond is the condition that the story id column col has a post from
// a source of the scope. (IN builds the set once; EXISTS would probe
// story_sources for every row.)
func (s ReportScope) storyCond(col string) (string, []any) {
	if s.All {
		return "1=1", nil
	}
	c, args := s.sourceCond("source_id")
	return col + " IN (SELECT story_id FROM story_sources WHERE " + c + ")", args
}

// Period is a half-open time range [From, To).
type Period struct{ From, To time.Time }

func (p Period) args() []any { return []any{p.From.UnixMilli(), p.To.UnixMilli()} }

// ReportQuery asks for the raw data of a situation picture.
type ReportQuery struct {
	Scope    ReportScope
	Period   Period        // the period reported
	Previous Period        // the period it is compared with
	Bucket   time.Duration // width of a time bucket of the charts, from Period.From
	Rising   int           // how many rising stories
	Open     int           // how many open alerts to list
}

// ReportData is what the store knows for a situation picture; package
// report derives the figures and charts from it.
type ReportData struct {
	PostsTotal, Posts, PostsPrev       int64
	StoriesTotal, Stories, StoriesPrev int64 // all time; first seen in the period; in the previous one
	AlertsTotal, Alerts, AlertsPrev    int64
	AlertsOpen                         int64
	ClaimsTotal                        int64 // the claims library (not scoped: it is the organisation's)
	ClaimsMatched, ClaimsMatchedPrev   int64 // distinct claims with a known_claim alert
	Volume                             []VolumeCount
	Rising                             []RisingStory
	OpenAlerts                         []Alert
	Cases                              []ReportCase
	CasesTotal, PublicationsTotal      int64 // all time, drafts included
	Publications, PublicationsPrev     int64 // first published in the period; in the previous one
	LatestPublications                 []ReportPublication
}

// VolumeCount is the number of posts of one source kind in one bucket.
type VolumeCount struct {
	Bucket int // index from Period.From
	Kind   string
	Count  int64
}

// RisingStory is a story by its posts in the period, with the claims it was
// matched to.
type RisingStory struct {
	ID         int64        `json:"id"`
	Title      string       `json:"title"`
	Posts      int64        `json:"posts"`
	PostsPrev  int64        `json:"posts_previous"`
	PostsTotal int64        `json:"posts_total"`
	Sources    int64        `json:"sources"`
	FirstSeen  time.Time    `json:"first_seen"`
	LastSeen   time.Time    `json:"last_seen"`
	Claims     []StoryClaim `json:"claims"`
}

// StoryClaim is a checked claim a story's posts matched.
type StoryClaim struct {
	ID        int64  `json:"id"`
	Text      string `json:"text"`
	Verdict   string `json:"verdict"`
	ReviewURL string `json:"review_url,omitempty"`
	Publisher string `json:"publisher,omitempty"`
}

// ReportCase is what the situation picture reads of a case.
type ReportCase struct {
	ID           int64
	UnitID       int64
	Title        string
	Status       string
	Priority     string
	CreatedAt    time.Time
	FirstAlertAt time.Time // zero when unknown
	VerdictAt    time.Time
	PublishedAt  time.Time
	ClosedAt     time.Time
	DueAt        time.Time
}

// ReportData reads the data of a situation picture in one read
// transaction-free pass over the reader pool. Every query is bounded by the
// period through an index (posts by published_at and source, story buckets
// by time, alerts by time), except the all-time totals.
func (db *DB) ReportData(ctx context.Context, q ReportQuery) (ReportData, error) {
	var d ReportData
	steps := []struct {
		name string
		fn   func() error
	}{
		{"posts", func() error { return db.reportPosts(ctx, q, &d) }},
		{"stories", func() error { return db.reportStories(ctx, q, &d) }},
		{"rising stories", func() error { return db.reportRising(ctx, q, &d) }},
		{"alerts", func() error { return db.reportAlerts(ctx, q, &d) }},
		{"cases", func() error { return db.reportCases(ctx, q, &d) }},
		{"publications", func() error { return db.reportPublications(ctx, q, &d) }},
	}
	for _, s := range steps {
		if err := s.fn(); err != nil {
			return ReportData{}, fmt.Errorf("situation %s: %w", s.name, err)
		}
	}
	return d, nil
}

// count runs a COUNT query built from a base and a condition.
func (db *DB) count(ctx context.Context, q string, args ...any) (int64, error) {
	var n sql.NullInt64
	if err := db.queryRow(ctx, q, args...).Scan(&n); err != nil {
		return 0, translate(err)
	}
	return n.Int64, nil
}

// reportPosts counts the posts of the scope: in the period, per bucket and
// source kind (the chart), in the previous period, and all time. Each count
// is a range of the index on (source_id, published_at), or of the one on
// published_at for the whole organisation; grouping a year of posts by an
// expression would sort a million rows instead. The all-time total is the
// sum of disjoint ranges, so no post is read twice.
func (db *DB) reportPosts(ctx context.Context, q ReportQuery, d *ReportData) error {
	width := q.Bucket.Milliseconds()
	if width <= 0 {
		return fmt.Errorf("bucket width %s is not positive", q.Bucket)
	}
	kinds, err := db.sourceKinds(ctx, q.Scope)
	if err != nil {
		return err
	}
	var all []any // nil: every source
	if !q.Scope.All {
		all = []any{}
		for _, k := range kinds {
			all = append(all, k.ids...)
		}
	}
	count := func(sources []any, from, to int64) (int64, error) {
		if sources == nil {
			return db.count(ctx, "SELECT COUNT(*) FROM posts WHERE published_at >= ? AND published_at < ?", from, to)
		}
		if len(sources) == 0 {
			return 0, nil
		}
		return db.count(ctx, "SELECT COUNT(*) FROM posts WHERE source_id IN ("+placeholders(len(sources))+") AND published_at >= ? AND published_at < ?",
			append(append([]any{}, sources...), from, to)...)
	}
	from, to := q.Period.From.UnixMilli(), q.Period.To.UnixMilli()
	for _, k := range kinds {
		for b, start := 0, from; start < to; b, start = b+1, start+width {
			n, err := count(k.ids, start, min(start+width, to))
			if err != nil {
				return err
			}
			if n > 0 {
				d.Volume = append(d.Volume, VolumeCount{Bucket: b, Kind: k.kind, Count: n})
			}
			d.Posts += n
		}
	}
	prevFrom, prevTo := q.Previous.From.UnixMilli(), q.Previous.To.UnixMilli()
	if d.PostsPrev, err = count(all, prevFrom, prevTo); err != nil {
		return err
	}
	// The rest: before the previous period, between the two periods (when
	// they do not touch), and after the period.
	d.PostsTotal = d.Posts + d.PostsPrev
	for _, r := range [][2]int64{{math.MinInt64, min(prevFrom, from)}, {prevTo, from}, {max(to, prevTo), math.MaxInt64}} {
		if r[0] >= r[1] {
			continue
		}
		n, err := count(all, r[0], r[1])
		if err != nil {
			return err
		}
		d.PostsTotal += n
	}
	return nil
}

// kindSources are the ids of the sources of one kind.
type kindSources struct {
	kind string
	ids  []any
}

// sourceKinds lists the sources of the scope (removed ones too: their
// posts stay) by kind.
func (db *DB) sourceKinds(ctx context.Context, sc ReportScope) ([]kindSources, error) {
	c, args := sc.cond("unit_id")
	rows, err := db.query(ctx, "SELECT id, kind FROM sources WHERE "+c+" ORDER BY kind, id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kindSources
	for rows.Next() {
		var id int64
		var kind string
		if err := rows.Scan(&id, &kind); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].kind != kind {
			out = append(out, kindSources{kind: kind})
		}
		out[len(out)-1].ids = append(out[len(out)-1].ids, id)
	}
	return out, rows.Err()
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

func (db *DB) reportStories(ctx context.Context, q ReportQuery, d *ReportData) error {
	c, args := q.Scope.storyCond("st.id")
	var err error
	if d.StoriesTotal, err = db.count(ctx, "SELECT COUNT(*) FROM stories st WHERE "+c, args...); err != nil {
		return err
	}
	newIn := "SELECT COUNT(*) FROM stories st WHERE first_seen >= ? AND first_seen < ? AND " + c
	if d.Stories, err = db.count(ctx, newIn, append(q.Period.args(), args...)...); err != nil {
		return err
	}
	d.StoriesPrev, err = db.count(ctx, newIn, append(q.Previous.args(), args...)...)
	return err
}

func (db *DB) reportAlerts(ctx context.Context, q ReportQuery, d *ReportData) error {
	c, args := q.Scope.cond("unit_id")
	var err error
	if d.AlertsTotal, err = db.count(ctx, "SELECT COUNT(*) FROM alerts WHERE "+c, args...); err != nil {
		return err
	}
	inPeriod := "SELECT COUNT(*) FROM alerts WHERE at >= ? AND at < ? AND " + c
	if d.Alerts, err = db.count(ctx, inPeriod, append(q.Period.args(), args...)...); err != nil {
		return err
	}
	if d.AlertsPrev, err = db.count(ctx, inPeriod, append(q.Previous.args(), args...)...); err != nil {
		return err
	}
	if d.AlertsOpen, err = db.count(ctx, "SELECT COUNT(*) FROM alerts WHERE status = 'open' AND "+c, args...); err != nil {
		return err
	}
	matched := "SELECT COUNT(DISTINCT claim_id) FROM alerts WHERE kind = 'known_claim' AND at >= ? AND at < ? AND " + c
	if d.ClaimsMatched, err = db.count(ctx, matched, append(q.Period.args(), args...)...); err != nil {
		return err
	}
	if d.ClaimsMatchedPrev, err = db.count(ctx, matched, append(q.Previous.args(), args...)...); err != nil {
		return err
	}
	if d.ClaimsTotal, err = db.count(ctx, "SELECT COUNT(*) FROM claims"); err != nil {
		return err
	}
	if q.Open <= 0 {
		return nil
	}
	rows, err := db.query(ctx, "SELECT "+alertColumns+" FROM alerts WHERE status = 'open' AND "+c+" ORDER BY at DESC, id DESC LIMIT ?",
		append(args, q.Open)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return err
		}
		d.OpenAlerts = append(d.OpenAlerts, a)
	}
	return rows.Err()
}

// ReportPublication is a published (or since retracted) publication.
type ReportPublication struct {
	ID          int64     `json:"id"`
	Slug        string    `json:"slug"`
	Kind        string    `json:"kind"`
	Title       string    `json:"title"`
	Rating      string    `json:"rating,omitempty"`
	Status      string    `json:"status"`
	UnitID      int64     `json:"unit_id"`
	PublishedAt time.Time `json:"published_at"`
}

// reportPublications counts the publications first published in the period
// and the one before, and lists the latest ones of the scope.
func (db *DB) reportPublications(ctx context.Context, q ReportQuery, d *ReportData) error {
	c, args := q.Scope.cond("unit_id")
	inPeriod := "SELECT COUNT(*) FROM publications WHERE published_at >= ? AND published_at < ? AND " + c
	var err error
	if d.PublicationsTotal, err = db.count(ctx, "SELECT COUNT(*) FROM publications WHERE "+c, args...); err != nil {
		return err
	}
	if d.Publications, err = db.count(ctx, inPeriod, append(q.Period.args(), args...)...); err != nil {
		return err
	}
	if d.PublicationsPrev, err = db.count(ctx, inPeriod, append(q.Previous.args(), args...)...); err != nil {
		return err
	}
	rows, err := db.query(ctx, `SELECT id, slug, kind, title, rating, status, unit_id, published_at FROM publications
		WHERE published_at IS NOT NULL AND published_at < ? AND `+c+` ORDER BY published_at DESC, id DESC LIMIT ?`,
		append(append([]any{q.Period.To.UnixMilli()}, args...), max(q.Open, 1))...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var p ReportPublication
		var at int64
		if err := rows.Scan(&p.ID, &p.Slug, &p.Kind, &p.Title, &p.Rating, &p.Status, &p.UnitID, &at); err != nil {
			return err
		}
		p.PublishedAt = time.UnixMilli(at).UTC()
		d.LatestPublications = append(d.LatestPublications, p)
	}
	return rows.Err()
}
