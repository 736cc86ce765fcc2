package match

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/factdesk/factdesk/internal/post"
	"github.com/factdesk/factdesk/internal/store"
)

// AlertKind is the kind of the alerts the stage raises.
const AlertKind = "known_claim"

// Store is what the stage needs of the store.
type Store interface {
	// InsertAlerts stores alerts, skipping any whose (kind, key, bucket
	// start) is already stored; it returns how many were inserted.
	InsertAlerts(ctx context.Context, alerts []store.Alert) (int, error)
}

// Stage is the pipeline step that matches newly stored posts against the
// claims: it has the method set of intake.Stage. A post scoring at least
// the alert threshold for a false or misleading claim raises a known_claim
// alert keyed "claim:<id>" in the day of the post's publication (UTC), so
// a claim spreading all day raises one alert, and redelivery none more.
type Stage struct {
	index *Index
	store Store
}

// NewStage returns a stage matching against ix and storing alerts in st.
func NewStage(ix *Index, st Store) *Stage { return &Stage{index: ix, store: st} }

// Index returns the stage's index.
func (s *Stage) Index() *Index { return s.index }

// Details is the JSON detail of a known_claim alert.
type Details struct {
	ClaimID   int64    `json:"claim_id"`
	Claim     string   `json:"claim"`
	Verdict   string   `json:"verdict"`
	ReviewURL string   `json:"review_url,omitempty"`
	Publisher string   `json:"publisher,omitempty"`
	Score     float64  `json:"score"`
	Posts     []int64  `json:"posts"`
	Count     int      `json:"count"`
	Reasons   []string `json:"reasons,omitempty"`
}

// Process matches each newly inserted post of a committed batch and raises
// the alerts. Processing a batch again stores nothing new.
func (s *Stage) Process(ctx context.Context, posts []post.Post, results []store.UpsertResult) error {
	if s.index.Len() == 0 { // an empty library matches nothing: skip the analysis
		return nil
	}
	type key struct {
		claim int64
		day   time.Time
	}
	found := map[key]*Details{}
	var order []key
	for i := range posts {
		if i >= len(results) || results[i].Status != store.Inserted {
			continue
		}
		p := &posts[i]
		for _, r := range s.index.Match(p.Title+"\n"+p.Text, Options{K: 3, Lang: p.Lang, At: p.PublishedAt, MinScore: s.index.cfg.AlertThreshold}) {
			c, ok := s.index.Claim(r.ClaimID)
			if !ok || !c.Verdict.Alarming() {
				continue
			}
			k := key{r.ClaimID, p.PublishedAt.UTC().Truncate(24 * time.Hour)}
			d := found[k]
			if d == nil {
				d = &Details{ClaimID: c.ID, Claim: c.Text, Verdict: string(c.Verdict), ReviewURL: c.ReviewURL, Publisher: c.Publisher, Reasons: r.Reasons}
				found[k] = d
				order = append(order, k)
			}
			d.Score = max(d.Score, r.Score)
			d.Posts = append(d.Posts, results[i].ID)
			d.Count = len(d.Posts)
		}
	}
	if len(order) == 0 {
		return nil
	}
	alerts := make([]store.Alert, 0, len(order))
	for _, k := range order {
		d := found[k]
		raw, err := json.Marshal(d)
		if err != nil {
			return fmt.Errorf("known claims: %w", err)
		}
		alerts = append(alerts, store.Alert{
			Kind: AlertKind, Key: "claim:" + strconv.FormatInt(k.claim, 10), ClaimID: k.claim,
			BucketStart: k.day, At: k.day, Score: d.Score, Explanation: Explain(*d, "en"), Details: raw,
		})
	}
	if _, err := s.store.InsertAlerts(ctx, alerts); err != nil {
		return fmt.Errorf("known claims: %w", err)
	}
	return nil
}
