package web

import (
	"encoding/json"
	"net/url"
	"strings"

	"github.com/factdesk/factdesk/internal/claim/match"
	"github.com/factdesk/factdesk/internal/signal"
	"github.com/factdesk/factdesk/internal/store"
)

// alertKinds are the kinds of alert, in the order the filter lists them.
func alertKinds() []string {
	return []string{string(signal.KindSpikeStory), string(signal.KindNewStory), string(signal.KindSpikeTerm),
		string(signal.KindKnownClaim), string(signal.KindManual)}
}

// alertStatuses are the statuses of an alert, in the order the filter
// lists them.
func alertStatuses() []string {
	return []string{store.AlertOpen, store.AlertAccepted, store.AlertMerged, store.AlertDismissed}
}

// alertRow is an alert as the Alerts page and the story page show it.
type alertRow struct {
	ID          int64
	Kind        string
	KindKey     string // "alerts.kind.spike_story"; "" for a kind without a name
	Explanation string // in the page's language when the alert's details allow
	At          moment
	Status      string
	StatusKey   string // "alerts.status.open"
	StoryID     int64
	Score       string
	CanAct      bool   // open, and the caller may accept, merge or dismiss it
	TipURL      string // the link a tip came with (http or https only)
}

// alertRow builds the view of a in lang.
func (h *Handler) alertRow(lang string, a store.Alert) alertRow {
	row := alertRow{
		ID: a.ID, Kind: a.Kind, Explanation: explainAlert(a, lang), At: h.ago(lang, a.At),
		Status: a.Status, StoryID: a.StoryID, Score: formatFixed(lang, a.Score, 1),
	}
	if a.Kind == string(signal.KindManual) {
		row.TipURL = tipURL(a.Details)
	}
	for _, k := range alertKinds() {
		if k == a.Kind {
			row.KindKey = "alerts.kind." + k
		}
	}
	for _, s := range alertStatuses() {
		if s == a.Status {
			row.StatusKey = "alerts.status." + s
		}
	}
	return row
}

// explainAlert words a spike or known-claim alert from its details in lang
// (see signal.Explain and match.Explain); other alerts, and any whose
// details do not parse, keep the explanation they were stored with.
func explainAlert(a store.Alert, lang string) string {
	switch {
	case strings.HasPrefix(a.Kind, "spike_") || a.Kind == string(signal.KindNewStory):
		var d signal.Details
		if json.Unmarshal(a.Details, &d) == nil && d.Count > 0 {
			return signal.Explain(d, lang)
		}
	case a.Kind == match.AlertKind:
		var d match.Details
		if json.Unmarshal(a.Details, &d) == nil && d.Count > 0 {
			return match.Explain(d, lang)
		}
	}
	return a.Explanation
}

// tipURL is the link a tip was filed with, if it is an http(s) URL.
func tipURL(details []byte) string {
	var d struct {
		URL string `json:"url"`
	}
	if json.Unmarshal(details, &d) != nil {
		return ""
	}
	u, err := url.Parse(d.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}
