package signal

import "time"

// Kind is the kind of an alert. The spike kinds come from this package; the
// others are raised elsewhere (claim matching, people) and share the record.
type Kind string

// Alert kinds.
const (
	KindSpikeStory Kind = "spike_story" // a story far above its baseline
	KindNewStory   Kind = "new_story"   // a story that started this bucket or the one before, already busy
	KindSpikeTerm  Kind = "spike_term"  // a term far above its baseline
	KindKnownClaim Kind = "known_claim" // posts matching a claim already checked
	KindManual     Kind = "manual"      // a tip from a person or the API
)

// Alert is one spike found by a [Detector].
type Alert struct {
	Kind        Kind
	Key         Key
	StoryID     int64     // the story, for story alerts and for term alerts that one story dominates
	BucketStart time.Time // start of the bucket that spiked
	At          time.Time // event time of the key's latest post in that bucket
	Details     Details
}

// Explanation is the alert in plain English, e.g. "story 12: 48 posts from
// 12 sources in the last 10 min; usually 3 ± 2".
func (a Alert) Explanation() string { return Explain(a.Details, "en") }

// Details are the structured facts behind an alert, kept with it as JSON so
// that the desk can rank alerts and the UI can word them in any language
// (see [Explain]).
type Details struct {
	Kind          Kind      `json:"kind"`
	Story         int64     `json:"story,omitempty"`       // the story of the key, or the dominant story of a term
	Term          string    `json:"term,omitempty"`        // the folded term of a term alert
	Count         int       `json:"count"`                 // posts in the bucket
	Sources       int       `json:"sources"`               // distinct sources among them
	Expected      float64   `json:"expected"`              // baseline count: the key's usual share of this bucket's traffic
	StdDev        float64   `json:"stddev"`                // usual spread around Expected
	PValue        float64   `json:"p_value"`               // P(X >= Count) under the baseline (may underflow to 0)
	Surprise      float64   `json:"surprise"`              // -log10 of the p-value: a ranking score
	Ratio         float64   `json:"ratio"`                 // Count / max(Expected, floor)
	Dispersion    float64   `json:"dispersion"`            // over-dispersion factor used in the test (1 = Poisson)
	Traffic       int       `json:"traffic"`               // posts of every key in the bucket
	HourFactor    float64   `json:"hour_factor,omitempty"` // usual traffic at this hour of day relative to the daily mean, once learned
	StoryShare    float64   `json:"story_share,omitempty"` // share of the term's posts in Story
	New           bool      `json:"new,omitempty"`         // the story had no posts before the previous bucket
	BucketStart   time.Time `json:"bucket_start"`
	BucketMinutes int       `json:"bucket_minutes"`
}
