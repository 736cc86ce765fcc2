package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/factdesk/factdesk/internal/auth"
	"github.com/factdesk/factdesk/internal/i18n"
	"github.com/factdesk/factdesk/internal/sourceadmin"
	"github.com/factdesk/factdesk/internal/store"
)

// sourceRow is a source as the list and the source page show it.
type sourceRow struct {
	ID          int64
	Name        string
	Kind        string
	KindKey     string // "sources.kind.rss"
	URL         string
	UnitPath    string // "" for no unit
	State       string // active, paused, failing
	StateKey    string // "sources.state.active"
	Every       string // "5m"
	LastSuccess moment
	LastError   string
	LastErrorAt moment
	NextPoll    moment
	Created     moment
	Failures    int
	ItemsTotal  int64
	ItemsPerDay string // formatted for the page's language
	Settings    string // key=value lines, secrets redacted
	CanManage   bool
}

// moment is a time shown relative to now, with the exact time for
// machines and tooltips. The zero moment means "never".
type moment struct {
	ISO   string // RFC 3339; "" for never
	Exact string // "2026-03-02 09:00 UTC"
	Text  string // "5 minutes ago", translated
}

// row builds the view of s for the user with access a.
func (ui *sourcesUI) row(r *http.Request, a access, s store.Source) sourceRow {
	lang := ui.h.locale(r)
	byID := make(map[int64]auth.Unit, len(a.units))
	for _, u := range a.units {
		byID[u.ID] = u
	}
	row := sourceRow{
		ID: s.ID, Name: s.Name, Kind: s.Kind, KindKey: kindKey(s.Kind), URL: s.URL,
		State: s.State, StateKey: "sources.state." + s.State, Every: sourceadmin.FormatEvery(s.Every),
		LastSuccess: ui.since(lang, s.LastSuccessAt), LastError: s.LastError, LastErrorAt: ui.since(lang, s.LastErrorAt),
		NextPoll: ui.until(lang, s.NextPollAt), Created: ui.since(lang, s.CreatedAt),
		Failures: s.ConsecutiveFailures, ItemsTotal: s.ItemsTotal, ItemsPerDay: formatDecimal(lang, s.ItemsPerDay),
		Settings: sourceadmin.SettingsText(s.Settings), CanManage: a.mayManage(s.UnitID),
	}
	if s.UnitID != 0 {
		row.UnitPath = unitPath(byID, s.UnitID)
	}
	return row
}

// kindKey is the i18n key naming a kind; kinds without one show as is.
func kindKey(kind string) string {
	switch kind {
	case "rss", "mastodon", "bluesky", "push", "import":
		return "sources.kind." + kind
	case "bluesky-jetstream":
		return "sources.kind.jetstream"
	}
	return ""
}

// since describes a past event at t ("5 min ago") in lang. A time a little
// ahead of the clock (another process's clock) counts as just now.
func (ui *sourcesUI) since(lang string, t time.Time) moment {
	return ui.moment(lang, t, ui.h.clock.Now().Sub(t), "sources.ago.now", "sources.ago.minutes", "sources.ago.hours", "sources.ago.days")
}

// until describes a coming event at t ("in 5 min") in lang; one that is
// already due is "in a moment".
func (ui *sourcesUI) until(lang string, t time.Time) moment {
	return ui.moment(lang, t, t.Sub(ui.h.clock.Now()), "sources.in.now", "sources.in.minutes", "sources.in.hours", "sources.in.days")
}

// moment describes t, d away from now, with the keys for under a minute,
// minutes, hours (under two days) and days.
func (ui *sourcesUI) moment(lang string, t time.Time, d time.Duration, now, mins, hours, days string) moment {
	if t.IsZero() {
		return moment{}
	}
	m := moment{ISO: t.UTC().Format(time.RFC3339), Exact: t.UTC().Format("2006-01-02 15:04 UTC")}
	cat := ui.h.cat
	switch {
	case d < time.Minute:
		m.Text = cat.T(lang, now)
	case d < time.Hour:
		m.Text = cat.T(lang, mins, int(d/time.Minute))
	case d < 48*time.Hour:
		m.Text = cat.T(lang, hours, int(d/time.Hour))
	default:
		m.Text = cat.T(lang, days, int(d/(24*time.Hour)))
	}
	return m
}

// formatDecimal writes f with one decimal, with a decimal comma in Vietnamese.
func formatDecimal(lang string, f float64) string {
	s := strconv.FormatFloat(f, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if lang == i18n.Vietnamese {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// previewView is a test fetch as the page shows it.
type previewView struct {
	OK          bool
	Error       string
	Total       int
	NotModified bool
	Skipped     []string
	Items       []previewItem
}

type previewItem struct {
	Title     string
	URL       string
	Snippet   string
	Published moment
}

func (ui *sourcesUI) previewView(lang string, p sourceadmin.Preview) *previewView {
	v := &previewView{OK: p.OK, Error: p.Error, Total: p.Total, NotModified: p.NotModified, Skipped: p.Skipped}
	for _, it := range p.Items {
		v.Items = append(v.Items, previewItem{Title: it.Title, URL: it.URL, Snippet: it.Snippet, Published: ui.since(lang, it.PublishedAt)})
	}
	return v
}

// flashes are the notices a redirect may ask for with ?msg=.
var flashes = map[string]string{
	"created": "sources.msg.created",
	"saved":   "sources.msg.saved",
	"paused":  "sources.msg.paused",
	"resumed": "sources.msg.resumed",
	"removed": "sources.msg.removed",
}

// flash is the i18n key of the notice named by ?msg=, or "".
func flash(r *http.Request) string { return flashes[r.URL.Query().Get("msg")] }
