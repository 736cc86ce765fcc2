package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/factdesk/factdesk/internal/apperr"
	"github.com/factdesk/factdesk/internal/store"
)

// Limits of the Stories list.
const (
	storiesPerPage = 25
	// storyCandidates bounds the stories ranked per request: the most
	// recently seen in the window. A story that grows has posts in the last
	// period, so it is among them unless more stories than this had posts
	// since; the page says when the bound was reached.
	storyCandidates = 500
	storyTextRunes  = 220
	storyTermsShown = 5
)

// storiesPage is the data of the Stories list.
type storiesPage struct {
	Windows   []windowOption
	Window    string
	Period    string // "6 h", in the page's language
	Rows      []storyRow
	Page      int
	PrevURL   string
	NextURL   string
	Truncated bool // storyCandidates stories were ranked; there may be more
	Limit     int
}

// windowOption is one choice of the time filter.
type windowOption struct {
	Value    string
	Key      string // "stories.window.24h"
	Selected bool
}

// storyRow is one story in the list.
type storyRow struct {
	Rank        int
	ID          int64
	Text        string
	Terms       []string
	Posts       int
	Sources     int
	FirstSeen   moment
	LastSeen    moment
	Recent      int
	Previous    int
	Growth      string // "+12", "−3", "0"
	GrowthClass string // up, down, flat
	Spark       template.HTML
	SparkTotal  int
	OpenAlerts  int
}

// list handles GET /stories: the stories seen in the window (?window=1h,
// 24h or 7d), ordered by growth, a page (?page=) at a time.
func (ui *storiesUI) list(w http.ResponseWriter, r *http.Request) {
	ctx, lang := r.Context(), ui.h.locale(r)
	win := findWindow(r.URL.Query().Get("window"))
	page := pageNumber(r)
	now := ui.h.clock.Now()
	ranked, err := ui.rank(ctx, now, win)
	if err != nil {
		ui.h.fail(w, r, fmt.Errorf("stories: %w", err))
		return
	}
	alerts, err := openAlertsByStory(ctx, ui.store)
	if err != nil {
		ui.h.fail(w, r, fmt.Errorf("stories: %w", err))
		return
	}
	p := storiesPage{Window: win.Name, Period: ui.h.duration(lang, win.Period), Page: page,
		Truncated: len(ranked) >= storyCandidates, Limit: storyCandidates}
	for _, o := range storyWindows() {
		p.Windows = append(p.Windows, windowOption{Value: o.Name, Key: "stories.window." + o.Name, Selected: o.Name == win.Name})
	}
	from := (page - 1) * storiesPerPage
	for i := from; i < min(len(ranked), from+storiesPerPage); i++ {
		row, err := ui.row(ctx, lang, ranked[i], alerts)
		if err != nil {
			ui.h.fail(w, r, fmt.Errorf("stories: %w", err))
			return
		}
		row.Rank = i + 1
		p.Rows = append(p.Rows, row)
	}
	q := url.Values{"window": {win.Name}}
	if page > 1 {
		p.PrevURL = pageURL("/stories", q, page-1)
	}
	if len(ranked) > from+storiesPerPage {
		p.NextURL = pageURL("/stories", q, page+1)
	}
	ui.h.render(w, r, http.StatusOK, "stories", "nav.stories", p)
}

// rank reads the stories seen in the window and orders them by growth.
func (ui *storiesUI) rank(ctx context.Context, now time.Time, win storyWindow) ([]rankedStory, error) {
	stories, err := ui.store.Stories(ctx, store.StoryFilter{Since: now.Add(-win.Span), Order: store.StoriesRecent, Limit: storyCandidates})
	if err != nil {
		return nil, err
	}
	end := bucketsEnd(now)
	since := activitySince(end, win.Period)
	ranked := make([]rankedStory, 0, len(stories))
	for _, s := range stories {
		buckets, err := ui.store.StoryBuckets(ctx, s.ID, since)
		if err != nil {
			return nil, err
		}
		ranked = append(ranked, rankedStory{Story: s, Activity: measure(buckets, end, win.Period)})
	}
	slices.SortFunc(ranked, byGrowth)
	return ranked, nil
}

// row builds the view of one ranked story.
func (ui *storiesUI) row(ctx context.Context, lang string, rs rankedStory, alerts map[int64]int) (storyRow, error) {
	s, a := rs.Story, rs.Activity
	row := storyRow{
		ID: s.ID, Posts: s.PostCount, Sources: s.SourceCount,
		FirstSeen: ui.h.ago(lang, s.FirstSeen), LastSeen: ui.h.ago(lang, s.LastSeen),
		Recent: a.Recent, Previous: a.Previous, OpenAlerts: alerts[s.ID],
	}
	row.Growth, row.GrowthClass = signedCount(a.Growth())
	for _, t := range s.TopTerms[:min(len(s.TopTerms), storyTermsShown)] {
		row.Terms = append(row.Terms, t.Term)
	}
	peak := 0
	for _, c := range a.Spark {
		row.SparkTotal += c
		peak = max(peak, c)
	}
	row.Spark = sparklineSVG(ui.h.cat.T(lang, "stories.spark_title", row.SparkTotal, peak), a.Spark)
	p, err := ui.store.Post(ctx, s.RepresentativePostID)
	switch {
	case err == nil:
		row.Text = truncate(postText(p), storyTextRunes)
	case apperr.CodeOf(err) != apperr.NotFound:
		return storyRow{}, fmt.Errorf("representative post of story %d: %w", s.ID, err)
	}
	return row, nil
}

// openAlertsByStory counts the open alerts of each story.
func openAlertsByStory(ctx context.Context, st AlertsStore) (map[int64]int, error) {
	alerts, err := st.Alerts(ctx, store.AlertFilter{Status: store.AlertOpen, Limit: 1000})
	if err != nil {
		return nil, fmt.Errorf("open alerts: %w", err)
	}
	out := map[int64]int{}
	for _, a := range alerts {
		if a.StoryID != 0 {
			out[a.StoryID]++
		}
	}
	return out, nil
}

// signedCount writes a change with its sign ("+12", "−3", "0") and names
// its direction for styling.
func signedCount(n int) (string, string) {
	switch {
	case n > 0:
		return "+" + strconv.Itoa(n), "up"
	case n < 0:
		return "−" + strconv.Itoa(-n), "down"
	}
	return "0", "flat"
}

// pageNumber reads ?page=, 1 when missing or bad.
func pageNumber(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || n < 1 || n > 10000 {
		return 1
	}
	return n
}

// pageURL is path with q and page n (page 1 is left out).
func pageURL(path string, q url.Values, n int) string {
	v := url.Values{}
	for k, vs := range q {
		if len(vs) > 0 && vs[0] != "" {
			v[k] = vs
		}
	}
	if n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// duration writes d in lang with its largest whole unit: "10 min", "6 h",
// "24 h", "7 days".
func (h *Handler) duration(lang string, d time.Duration) string {
	switch {
	case d >= 48*time.Hour && d%(24*time.Hour) == 0:
		return h.cat.T(lang, "time.days", int(d/(24*time.Hour)))
	case d >= time.Hour && d%time.Hour == 0:
		return h.cat.T(lang, "time.hours", int(d/time.Hour))
	}
	return h.cat.T(lang, "time.minutes", int(d/time.Minute))
}
